//! Tests of the storage-format reader: parsing, splitting, text, errors, and the fast paths
//! held to quick-xml's reading by property tests. `edits`, `edited` and `page_blocks` are shared
//! with the diff and merge tests.

use super::*;
use expect_test::expect;
#[cfg(not(js_engine))]
use proptest::prelude::*;
#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

const PAGE: &str = include_str!("../../../examples/page.xml");
const PAGE_BASE: &str = include_str!("../../../examples/page-base.xml");
const RELATED: [&str; 5] = [
    include_str!("../../../examples/pages/1001-ledger-reconciliation.xml"),
    include_str!("../../../examples/pages/1002-webhook-retry-policy.xml"),
    include_str!("../../../examples/pages/1003-payments-on-call-runbook.xml"),
    include_str!("../../../examples/pages/1004-team-offsite-notes.xml"),
    include_str!("../../../examples/pages/1005-api-rate-limits.xml"),
];

fn blocks(storage: &str) -> Vec<Block> {
    match parse_page(storage) {
        Ok(blocks) => blocks,
        Err(error) => panic!("expected {storage:?} to parse, got {error}"),
    }
}

fn error(storage: &str) -> String {
    match parse_page(storage) {
        Ok(blocks) => panic!("expected {storage:?} to be rejected, got {blocks:?}"),
        Err(error) => error.to_string(),
    }
}

fn kinds_of(blocks: &[Block]) -> Vec<BlockKind> {
    blocks.iter().map(|block| block.kind).collect()
}

fn concatenated(blocks: &[Block]) -> String {
    blocks.iter().map(|block| block.source.as_str()).collect()
}

fn outline(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|block| format!("{:?}: {}\n", block.kind, block.text))
        .collect()
}

#[test]
fn concatenated_sources_reproduce_every_example_page_exactly() {
    for page in RELATED.iter().chain([&PAGE, &PAGE_BASE]) {
        assert_eq!(concatenated(&blocks(page)), *page);
    }
}

#[test]
fn concatenated_sources_reproduce_awkward_inputs_exactly() {
    let inputs = [
        "",
        "  \n",
        "\n<p>a</p>\n\n<p>b</p>  ",
        "lead <p>a</p> middle <hr> tail",
        "<!-- note --><p>a</p><?pi x?>",
        "\u{feff}<p>bom</p>",
        "<p>ü&nbsp;ß</p>\r\n<h1>é</h1>",
    ];
    for input in inputs {
        assert_eq!(concatenated(&blocks(input)), input);
    }
}

#[test]
fn the_example_page_splits_into_the_expected_blocks() {
    expect![[r#"
        Heading: Refunds service runbook
        Macro: This runbook is owned by the Payments team. Sections between the Sync-o markers are generated from Jira: edit the ticket, not the page.
        Heading: Overview
        Paragraph: The refunds service accepts refund requests from the checkout API, calls the card processor and records every movement of money in the ledger. It runs in eu-west-1, us-east-1 and ap-southeast-2 (since March); each region owns its own queue.
        Paragraph: Refunds are idempotent per refund_id. Reconciliation against the processor's settlement files is described in Ledger reconciliation.
        Heading: Dashboards and alerts
        Table: Alert What to do RefundQueueLag > 5 min Check the worker pool; scale to 12 workers if CPU stays above 80%. ProcessorErrorRate > 2% Check the processor status page, then pause retries (below). LedgerMismatch Page the ledger owner and follow Ledger reconciliation.
        Heading: Pausing retries
        Paragraph: During a processor incident, pause automatic retries so refunds queue instead of failing twice:
        Code: bash Pause and resume retries # pause refundsctl flags set retries.enabled=false --region eu-west-1 # watch the queue refundsctl queue stats --region eu-west-1 | grep -E 'pending|retrying' # resume once the processor is healthy refundsctl flags set retries.enabled=true --region eu-west-1 && echo "resumed"
        Heading: Known issues
        Macro: System JIRA 8c2a6f4e-93d1-3b7a-a0c5-5d2e9f1b7c44 PAY-142
        Paragraph: synco:PAY-142:begin
        Heading: PAY-142: Refund webhook retries duplicate ledger entries
        Paragraph: Status: In Progress — a fix is in review; until it ships, the nightly reconciliation removes duplicates.
        List: Cause: the webhook handler retries on a timeout even when the processor already accepted the refund. Impact: about 0.3% of refunds get a second ledger entry… customers are never charged twice. Workaround: run refundsctl ledger dedupe --since 48h after a processor incident, then tell #payments-oncall.
        Paragraph: synco:PAY-142:end
        Heading: Escalation
        Paragraph: If refunds are failing for more than 15 minutes, page the payments on-call and post in #incident-payments.
        Rule: 
        Paragraph: Last reviewed by the payments team in May 2024.
    "#]]
    .assert_eq(&outline(&blocks(PAGE)));
}

#[test]
fn a_leading_byte_order_mark_does_not_shift_block_boundaries() {
    let sources: Vec<String> = blocks("\u{feff}<p>a</p><p>b</p>")
        .into_iter()
        .map(|b| b.source)
        .collect();
    assert_eq!(sources, ["\u{feff}<p>a</p>", "<p>b</p>"]);
    let parsed = blocks("\u{feff}\u{feff}\n<p>x</p>");
    let kinds = kinds_of(&parsed);
    assert_eq!(kinds, [BlockKind::Other, BlockKind::Paragraph]);
    assert_eq!(parsed[0].source, "\u{feff}\u{feff}\n");
    expect!["invalid markup: expected `>` to close the tag at byte 7, found the end of input"]
        .assert_eq(&error("\u{feff}<p>a<"));
}

#[test]
fn whitespace_between_blocks_belongs_to_the_block_before_it() {
    let sources: Vec<String> = blocks("\n<p>a</p>\n\n<p>b</p>  ")
        .into_iter()
        .map(|b| b.source)
        .collect();
    assert_eq!(sources, ["\n<p>a</p>\n\n", "<p>b</p>  "]);
}

#[test]
fn bare_text_between_elements_is_an_other_block() {
    let parsed = blocks("<p>a</p>loose &amp; text<p>b</p>");
    let kinds = kinds_of(&parsed);
    assert_eq!(
        kinds,
        [BlockKind::Paragraph, BlockKind::Other, BlockKind::Paragraph]
    );
    assert_eq!(parsed[1].text, "loose & text");
}

#[test]
fn a_body_that_is_not_markup_at_all_is_one_other_block() {
    let parsed = blocks(r#"{"json": true}"#);
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].kind, BlockKind::Other);
    assert_eq!(parsed[0].text, r#"{"json": true}"#);
}

#[test]
fn only_whitespace_is_one_empty_other_block_and_nothing_is_no_block() {
    assert_eq!(blocks(" \n").len(), 1);
    assert_eq!(blocks(" \n")[0].text, "");
    assert!(blocks("").is_empty());
}

#[test]
fn prefixes_without_namespace_declarations_are_read() {
    let parsed = blocks(
        r#"<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Read <ac:link><ri:page ri:content-title="Ledger &amp; cash" /></ac:link> first.</p></ac:rich-text-body></ac:structured-macro>"#,
    );
    assert_eq!(parsed[0].kind, BlockKind::Macro);
    assert_eq!(parsed[0].text, "Read Ledger & cash first.");
}

#[test]
fn a_link_with_a_body_shows_the_body_not_the_title() {
    let parsed = blocks(
        r#"<p><ac:link><ri:page ri:content-title="Ledger" /><ac:plain-text-link-body><![CDATA[the ledger page]]></ac:plain-text-link-body></ac:link></p>"#,
    );
    assert_eq!(parsed[0].text, "the ledger page");
}

#[test]
fn cdata_content_is_kept_as_text_of_a_code_macro() {
    let parsed = blocks(
        r#"<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if a < b && c > d { go(); }]]></ac:plain-text-body></ac:structured-macro>"#,
    );
    assert_eq!(parsed[0].kind, BlockKind::Code);
    assert_eq!(parsed[0].text, "if a < b && c > d { go(); }");
}

#[test]
fn html_entities_and_numeric_references_are_decoded() {
    let parsed = blocks("<p>a&nbsp;b &mdash; c&hellip; &#8364;5 &#x41; &lt;tag&gt;</p>");
    assert_eq!(parsed[0].text, "a b — c… €5 A <tag>");
}

#[test]
fn unknown_entities_and_lone_ampersands_stay_literal() {
    let parsed = blocks("<p>&bogus; R&D &#xD800; &amp</p>");
    assert_eq!(parsed[0].text, "&bogus; R&D &#xD800; &amp");
}

#[test]
fn self_closing_tags_are_empty_elements() {
    let parsed = blocks("<hr/><p>a<br />b</p><ac:emoticon ac:name=\"tick\" />");
    let kinds = kinds_of(&parsed);
    assert_eq!(
        kinds,
        [BlockKind::Rule, BlockKind::Paragraph, BlockKind::Macro]
    );
    assert_eq!(parsed[1].text, "a b");
}

#[test]
fn unclosed_void_elements_are_treated_as_empty() {
    let parsed = blocks(
        r#"<hr><p>one<br>two<img src="x.png"></p><table><colgroup><col><col></colgroup><tr><td>c</td></tr></table>"#,
    );
    let kinds = kinds_of(&parsed);
    assert_eq!(
        kinds,
        [BlockKind::Rule, BlockKind::Paragraph, BlockKind::Table]
    );
    assert_eq!(parsed[1].text, "one two");
}

#[test]
fn a_stray_closing_tag_of_a_void_element_is_ignored() {
    let parsed = blocks("<p>a<br></br>b</p>");
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].text, "a b");
}

#[test]
fn element_names_are_matched_without_regard_to_case() {
    let parsed = blocks("<P>a</p><H2>b</H2><UL><li>c</LI></ul>");
    let kinds = kinds_of(&parsed);
    assert_eq!(
        kinds,
        [BlockKind::Paragraph, BlockKind::Heading, BlockKind::List]
    );
}

#[test]
fn each_element_kind_is_recognised() {
    let parsed = blocks(concat!(
        "<h3>h</h3><p>p</p><ol><li>o</li></ol><table><tr><td>t</td></tr></table>",
        "<pre>x</pre><ac:structured-macro ac:name=\"toc\" /><ac:layout></ac:layout><hr/><div>d</div>",
    ));
    let kinds = kinds_of(&parsed);
    assert_eq!(
        kinds,
        [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::List,
            BlockKind::Table,
            BlockKind::Code,
            BlockKind::Macro,
            BlockKind::Macro,
            BlockKind::Rule,
            BlockKind::Other,
        ]
    );
}

#[test]
fn list_items_and_table_cells_are_separate_words() {
    let parsed =
        blocks("<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>");
    assert_eq!(parsed[0].text, "one two");
    assert_eq!(parsed[1].text, "a b");
}

#[test]
fn inline_formatting_does_not_split_words() {
    assert_eq!(blocks("<p>re<strong>fund</strong>s</p>")[0].text, "refunds");
}

#[test]
fn an_unclosed_element_is_reported_with_what_was_expected() {
    expect!["invalid markup: expected </p> at byte 11 (end of input) to close the element opened at byte 0"]
        .assert_eq(&error("<p>unclosed"));
}

#[test]
fn a_stray_closing_tag_is_reported() {
    expect![[r#"invalid markup: unexpected </div> at byte 8, expected no closing tag because no element is open"#]]
        .assert_eq(&error("<p>a</p></div>"));
}

#[test]
fn a_mismatched_closing_tag_is_reported_with_the_expected_tag() {
    expect![[r#"invalid markup: expected </b> at byte 6, found </p>"#]]
        .assert_eq(&error("<p><b></p>"));
}

#[test]
fn a_less_than_sign_that_starts_no_tag_is_invalid() {
    expect![[
        r#"invalid markup: expected `>` to close the tag at byte 2, found the end of input"#
    ]]
    .assert_eq(&error("a < b"));
    expect![[r#"invalid markup: expected a tag name after `<` at byte 2, found `1`"#]]
        .assert_eq(&error("a <1> b"));
    expect!["invalid markup: expected a tag name after `<` at byte 5, found ``"]
        .assert_eq(&error("if a < b > c"));
}

#[test]
fn unterminated_comments_and_cdata_are_invalid() {
    expect![[r#"invalid markup: expected `-->` to close the comment at byte 8, found the end of input"#]]
        .assert_eq(&error("<p>a</p><!-- open"));
    expect![[r#"invalid markup: expected `]]>` to close the cdata section at byte 3, found the end of input"#]]
        .assert_eq(&error("<p><![CDATA[x</p>"));
}

#[test]
fn nesting_deeper_than_the_limit_is_rejected() {
    let bomb = "<div>".repeat(MAX_DEPTH + 1) + &"</div>".repeat(MAX_DEPTH + 1);
    let message = error(&bomb);
    assert!(message.contains("nested deeper than 256"), "{message}");
    let deepest = "<div>".repeat(MAX_DEPTH) + &"</div>".repeat(MAX_DEPTH);
    assert_eq!(blocks(&deepest).len(), 1);
}

#[test]
fn input_over_the_limit_is_too_large() {
    let huge = "a".repeat(MAX_DOCUMENT_BYTES + 1);
    assert_eq!(
        parse_page(&huge),
        Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64))
    );
}

/// An item as where it lies, its kind and whether it is bare text.
type Outline = (usize, usize, BlockKind, bool);

/// The items that make blocks (blank ones are dropped when blocks are assembled).
fn outlined(items: Vec<Item>, source: &str) -> Vec<Outline> {
    kept(source, items)
        .iter()
        .map(|item| (item.start, item.end, item.kind, item.is_text_run))
        .collect()
}

/// The items the scanner records, or its error message.
fn scanned(storage: &str) -> Result<Vec<Outline>, String> {
    match Scanner::new(storage, false).run() {
        Ok(items) => Ok(outlined(items, storage)),
        Err(error) => Err(error.to_string()),
    }
}

/// The items the fast path records, if it answers.
fn fast(storage: &str) -> Option<Vec<Outline>> {
    fast_split::fast_items(storage, None).map(|items| outlined(items, storage))
}

/// Checks the fast path against the scanner on one input: it gives the scanner's items
/// whenever it answers, and it never answers where the scanner finds an error.
fn agrees_with_the_scanner(storage: &str) -> Result<(), String> {
    match (scanned(storage), fast(storage)) {
        (Ok(items), Some(found)) if items != found => Err(format!(
            "on {storage:?}: the scanner found {items:?}, the fast path {found:?}"
        )),
        (Err(error), Some(found)) => Err(format!(
            "on {storage:?}: the scanner says {error}, the fast path found {found:?}"
        )),
        _ => Ok(()),
    }
}

#[test]
fn the_fast_split_reads_every_example_page_as_the_scanner_does() {
    for page in [PAGE, PAGE_BASE].into_iter().chain(RELATED) {
        assert!(
            fast(page).is_some(),
            "the fast path gave up on an example page"
        );
        assert_eq!(agrees_with_the_scanner(page), Ok(()));
    }
}

#[test]
fn the_fast_split_gives_up_wherever_the_scanner_reports_an_error() {
    let nested = "<div>".repeat(MAX_DEPTH + 1) + &"</div>".repeat(MAX_DEPTH + 1);
    let inputs = [
        "a < b",
        "<p>open",
        "<p>a</q>",
        "</p>",
        "<p a=\"unterminated>x</p>",
        "<!-- open",
        "<![CDATA[ open",
        "<!-->",
        "<!--->",
        "<!x>",
        "<1p>x</1p>",
        "<p>x</p class=\"y\">",
        "<",
        nested.as_str(),
    ];
    for input in inputs {
        assert!(scanned(input).is_err(), "{input:?} should be an error");
        assert_eq!(fast(input), None, "the fast path answered on {input:?}");
    }
}

#[test]
fn the_fast_split_reads_awkward_but_valid_markup_as_the_scanner_does() {
    let inputs = [
        "",
        "  \n",
        "\u{feff}<p>bom</p>",
        "lead <p>a</p> middle <hr> tail",
        "<p>a</br>b</p></br> after",
        "<P>case</p   >",
        "<p title='a>b' data-x=\"c'd>\">q</p>",
        "<br/><img src=\"x\"><p>y</p>",
        "<!----><!-- a -- b --><p>c</p>",
        "<ac:structured-macro ac:name=\"CODE\"><ac:plain-text-body><![CDATA[a<b]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>",
        "<ac:structured-macro ac:name='info'/> x",
        "text &amp; more &nbsp;<![CDATA[x]]> and <!-- c --> tail",
    ];
    for input in inputs {
        assert!(fast(input).is_some(), "the fast path gave up on {input:?}");
        assert_eq!(agrees_with_the_scanner(input), Ok(()));
    }
}

/// [`plain_words`] by its definition, a character at a time.
fn plain_by_definition(text: &str) -> Option<&str> {
    let other_space = text.chars().any(|c| c.is_whitespace() && c != ' ');
    let unplain_bytes = text
        .bytes()
        .any(|b| matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3));
    (!other_space && !unplain_bytes && !text.contains("  ")).then(|| text.trim_matches(' '))
}

#[test]
fn plain_words_are_told_from_other_whitespace_at_every_position_around_a_chunk() {
    for len in 0..40 {
        let base: String = "ab cd".chars().cycle().take(len).collect();
        assert_eq!(plain_words(&base), plain_by_definition(&base), "{base:?}");
        for at in 0..=len {
            for inserted in ["  ", " ", "\t", "\n", "\u{a0}", "\u{2003}", "é", "\u{3000}"] {
                let mut text = base.clone();
                text.insert_str(at, inserted);
                assert_eq!(plain_words(&text), plain_by_definition(&text), "{text:?}");
            }
        }
    }
}

#[test]
fn escaping_replaces_the_five_markup_characters_and_keeps_everything_else() {
    assert_eq!(
        escape_text("a<b>&\"'ü 日 & x"),
        "a&lt;b&gt;&amp;&quot;&#39;ü 日 &amp; x"
    );
    assert_eq!(escape_text(""), "");
}

#[test]
fn text_read_from_the_source_is_borrowed_from_it_and_other_bytes_are_decoded() {
    let source = "<p>grüße</p>";
    let inside = source.as_bytes().get(3..10).unwrap_or_default();
    assert!(matches!(text_in(source, inside), Cow::Borrowed("grüße")));
    let elsewhere = b"gr\xc3\xbc\xc3\x9fe".to_vec();
    assert_eq!(text_in(source, &elsewhere), "grüße");
    assert_eq!(text_in(source, b"\xff"), "\u{fffd}");
}

#[test]
fn a_pair_takes_only_top_level_blocks_from_the_old_page() {
    let old = "<p>a</p>\n<h1>t</h1><!-- c --><ul><li>x</li></ul>";
    let new =
        "<div><p>a</p></div><h1>t</h1> text <!-- c --><ul><li>x</li></ul><ul><li>y</li></ul>";
    let alone = (split_pieces(old).unwrap(), split_pieces(new).unwrap());
    let pair = split_pair(old, new).unwrap();
    assert_eq!(unmarked(&pair), alone);
    let kinds: Vec<BlockKind> = alone.1.iter().map(|piece| piece.kind).collect();
    use BlockKind::*;
    assert_eq!(kinds, [Other, Heading, Other, Other, List, List]);
    let copies: Vec<Option<usize>> = pair.1.iter().map(|piece| piece.same_as).collect();
    assert_eq!(copies, [None, Some(1), None, Some(2), Some(3), None]);
}

/// A pair's pieces without the marks of which blocks were copied.
fn unmarked<'a>(pair: &(Vec<Piece<'a>>, Vec<Piece<'a>>)) -> (Vec<Piece<'a>>, Vec<Piece<'a>>) {
    let clear = |pieces: &[Piece<'a>]| -> Vec<Piece<'a>> {
        pieces
            .iter()
            .map(|piece| Piece {
                same_as: None,
                ..*piece
            })
            .collect()
    };
    (clear(&pair.0), clear(&pair.1))
}

/// The new pieces' copies point at old pieces of their kind, in order.
#[cfg(not(js_engine))]
fn copies_fit(pair: &(Vec<Piece<'_>>, Vec<Piece<'_>>)) -> bool {
    let copies = pair
        .1
        .iter()
        .filter_map(|piece| Some((piece.same_as?, piece.kind)));
    let mut last = None;
    copies.into_iter().all(|(old, kind)| {
        let in_order = last.is_none_or(|last| old > last);
        last = Some(old);
        in_order && pair.0.get(old).is_some_and(|piece| piece.kind == kind)
    })
}

#[test]
fn a_pair_reports_the_errors_of_either_page() {
    let good = "<p>a</p>";
    let bad = "<p>a</p><p>open";
    let expected = split_pieces(bad).err();
    assert!(expected.is_some());
    assert_eq!(split_pair(good, bad).err(), expected);
    assert_eq!(split_pair(bad, good).err(), expected);
    // The old page is read first, as when each page is split alone.
    let huge = "x".repeat(MAX_DOCUMENT_BYTES + 1);
    assert_eq!(split_pair(bad, &huge).err(), expected);
    let too_large = Some(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
    assert_eq!(split_pair(good, &huge).err(), too_large);
}

#[cfg(not(js_engine))]
/// Pieces of markup, well-formed and not, that the generated soups are made of.
const FRAGMENTS: [&str; 47] = [
    "<p>",
    "</p>",
    "<P>",
    "</p >",
    "<br>",
    "</br>",
    "<br/>",
    "<hr />",
    "<ul>",
    "</ul>",
    "<li>",
    "</li>",
    "<h1>",
    "</h1>",
    "<table>",
    "</table>",
    "text",
    " ",
    "\n",
    "\t",
    "&amp;",
    "&",
    ";",
    "<",
    ">",
    "/",
    "'",
    "\"",
    "=",
    "<p class=\"a>b\">",
    "<p title='x\"y'>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!-->",
    "<?x?>",
    "<!DOCTYPE html>",
    "<ac:structured-macro ac:name=\"code\">",
    "</ac:structured-macro>",
    "<1>",
    "</>",
    "\u{feff}",
    "é",
    "<br title=\">\">",
    "<p title=\"</p>\">",
    "<hr class='a>b'/>",
];

#[test]
fn the_fast_text_reads_every_example_block_as_quick_xml_does() {
    for page in [PAGE, PAGE_BASE].into_iter().chain(RELATED) {
        for block in blocks(page) {
            let fast = fast_text::fast_text(&block.source);
            assert!(
                fast.is_some(),
                "the fast path gave up on {:?}",
                block.source
            );
            assert_eq!(fast, Some(quick_text(&block.source)));
        }
    }
}

#[test]
fn the_fast_text_resolves_references_and_keeps_lone_ampersands_as_quick_xml_does() {
    let inputs = [
        "<p>a &amp; b &nbsp;c&#233;&#x41; &bogus; &; & lone && x;y &amp</p>",
        "<p>R&amp;D&lt;x&gt; <b>bold</b>er <br>line<br/>end</p></br>",
        "<ac:link><ri:page ri:content-title=\"Run &amp; book\"/></ac:link> after",
        "<ac:link><ri:page ri:content-title=\"T\"/><ac:plain-text-link-body><![CDATA[shown]]></ac:plain-text-link-body></ac:link>",
        "\u{feff}<h1>title</h1><!-- hidden --><pre>  kept\n  lines </pre>",
    ];
    for input in inputs {
        let fast = fast_text::fast_text(input);
        assert!(fast.is_some(), "the fast path gave up on {input:?}");
        assert_eq!(fast, Some(quick_text(input)), "on {input:?}");
    }
}

#[cfg(not(js_engine))]
/// Pieces of text markup: references of every shape, links with titles, inline elements.
const TEXT_FRAGMENTS: [&str; 37] = [
    "&amp;",
    "&nbsp;",
    "&#233;",
    "&#x41;",
    "&#160;",
    "&#x20;",
    "&emsp;",
    "&bogus;",
    "&amp",
    "&",
    ";",
    "&;",
    " ",
    "  ",
    "\t",
    "\r\n",
    "\u{b}",
    "word",
    "a b",
    "x&y",
    "é",
    "日本",
    "\u{a0}",
    "\u{85}",
    "\u{2003}",
    "\u{3000}",
    "<b>",
    "</b>",
    "<br>",
    "</br>",
    "<ac:link>",
    "</ac:link>",
    "<ri:page ri:content-title=\"T &amp; U\"/>",
    "<ac:link-body>",
    "</ac:link-body>",
    "<![CDATA[ c&amp; ]]>",
    "<!-- x -->",
];

#[cfg(not(js_engine))]
proptest! {
    #[test]
    fn plain_words_are_what_their_definition_says(text in "[ab \t\n\u{a0}é\u{2003}]{0,60}") {
        prop_assert_eq!(plain_words(&text), plain_by_definition(&text));
    }

    #[test]
    fn the_fast_split_agrees_with_the_scanner_on_markup_soup(
        pieces in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24)
    ) {
        let soup = pieces.concat();
        prop_assert_eq!(agrees_with_the_scanner(&soup), Ok(()));
    }

    #[test]
    fn a_pair_splits_as_each_page_alone_on_markup_soup(
        old in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24),
        new in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24),
    ) {
        let (old, new) = (old.concat(), new.concat());
        let alone = split_pieces(&old).and_then(|old| Ok((old, split_pieces(&new)?)));
        let pair = split_pair(&old, &new);
        prop_assert!(pair.as_ref().map_or(true, copies_fit));
        prop_assert_eq!(pair.map(|pair| unmarked(&pair)), alone);
    }

    #[test]
    fn a_pair_splits_as_each_page_alone_after_edits(
        blocks in page_blocks(),
        edits in edits(),
    ) {
        let old = blocks.concat();
        let new = edited(&blocks, &edits).concat();
        let alone = (split_pieces(&old).unwrap(), split_pieces(&new).unwrap());
        let pair = split_pair(&old, &new).unwrap();
        prop_assert_eq!(unmarked(&pair), alone);
        prop_assert!(copies_fit(&pair));
        for piece in &pair.1 {
            if let Some(old) = piece.same_as {
                prop_assert_eq!(pair.0[old].source.trim(), piece.source.trim());
            }
        }
        let same = split_pair(&new, &new).unwrap();
        let copied = same.1.iter().filter(|piece| piece.same_as.is_some()).count();
        let elements = same.1.iter().filter(|piece| piece.source.trim().starts_with('<')).count();
        prop_assert_eq!(copied, elements, "a page compared with itself copies every element");
    }

    #[test]
    fn the_fast_text_agrees_with_quick_xml_on_markup_soup(
        pieces in prop::collection::vec(
            prop::sample::select([&FRAGMENTS[..], &TEXT_FRAGMENTS[..]].concat()),
            0..24,
        )
    ) {
        let soup = pieces.concat();
        if let Some(fast) = fast_text::fast_text(&soup) {
            prop_assert_eq!(fast, quick_text(&soup), "on {:?}", soup);
        }
    }

    #[test]
    fn the_fast_text_reads_generated_blocks_as_quick_xml_does(blocks in page_blocks()) {
        for block in &blocks {
            prop_assert_eq!(fast_text::fast_text(block), Some(quick_text(block)));
        }
    }

    #[test]
    fn the_fast_split_reads_generated_pages_as_the_scanner_does(blocks in page_blocks()) {
        let page = blocks.concat();
        prop_assert!(fast(&page).is_some(), "the fast path gave up on {:?}", page);
        prop_assert_eq!(agrees_with_the_scanner(&page), Ok(()));
    }
}

#[cfg(not(js_engine))]
/// Words for generated pages: ASCII, accented, CJK and emoji text, and entity references.
const WORDS: [&str; 16] = [
    "alpha",
    "beta",
    "retry",
    "ledger",
    "über",
    "café",
    "日本語",
    "🚀",
    "&amp;",
    "&lt;tag&gt;",
    "a&nbsp;b",
    "&mdash;",
    "R&amp;D",
    "&#8364;5",
    "x",
    "Ω",
];

#[cfg(not(js_engine))]
/// One to six words, space separated.
pub(crate) fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&WORDS[..]), 1..6)
        .prop_map(|words| words.join(" "))
}

#[cfg(not(js_engine))]
/// One generated block in storage format: a paragraph, heading, list, rule or code macro.
pub(crate) fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => words().prop_map(|text| format!("<p>{text}</p>")),
        1 => (words(), words()).prop_map(|(a, b)| format!("<p><strong>{a}</strong> {b}</p>")),
        1 => (1..4u8, words()).prop_map(|(level, text)| format!("<h{level}>{text}</h{level}>")),
        1 => (any::<bool>(), prop::collection::vec(words(), 1..4)).prop_map(|(ordered, items)| {
            let tag = if ordered { "ol" } else { "ul" };
            let items: String = items.iter().map(|item| format!("<li>{item}</li>")).collect();
            format!("<{tag}>{items}</{tag}>")
        }),
        1 => Just("<hr />".to_owned()),
        1 => words().prop_map(|text| format!(
            "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[{text} < ]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>"
        )),
    ]
}

#[cfg(not(js_engine))]
/// A generated block followed by the whitespace that separates it from the next.
pub(crate) fn spaced_block() -> impl Strategy<Value = String> {
    (
        block(),
        prop::sample::select(&["", "\n", "\n\n", "  \n", "\r\n"][..]),
    )
        .prop_map(|(block, spacing)| format!("{block}{spacing}"))
}

#[cfg(not(js_engine))]
/// A generated page as its block sources, each with its trailing whitespace.
pub(crate) fn page_blocks() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(spaced_block(), 0..12)
}

#[cfg(not(js_engine))]
/// One edit a person or the model could make to a page's blocks.
#[cfg(not(js_engine))]
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    /// Removes the block at the index.
    Delete(prop::sample::Index),
    /// Inserts a block before the index (or at the end).
    Insert(prop::sample::Index, String),
    /// Replaces the block at the index.
    Replace(prop::sample::Index, String),
    /// Moves the block at the first index to the second.
    Move(prop::sample::Index, prop::sample::Index),
}

#[cfg(not(js_engine))]
/// Up to four edits.
pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (any::<prop::sample::Index>(), spaced_block()).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<prop::sample::Index>(), spaced_block()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(from, to)| Edit::Move(from, to)),
    ];
    prop::collection::vec(edit, 0..5)
}

/// The blocks after the edits (edits that do not fit an empty page are skipped).
#[cfg(not(js_engine))]
pub(crate) fn edited(base: &[String], edits: &[Edit]) -> Vec<String> {
    let mut blocks = base.to_vec();
    for edit in edits {
        let len = blocks.len();
        match edit {
            Edit::Insert(at, block) => blocks.insert(at.index(len + 1), block.clone()),
            _ if len == 0 => {}
            Edit::Delete(at) => {
                blocks.remove(at.index(len));
            }
            Edit::Replace(at, block) => blocks[at.index(len)] = block.clone(),
            Edit::Move(from, to) => {
                let block = blocks.remove(from.index(len));
                blocks.insert(to.index(len), block);
            }
        }
    }
    blocks
}

#[cfg(not(js_engine))]
/// The text collector's whitespace rule, one character at a time: the reference for the
/// word-at-a-time implementation.
fn push_by_character(out: &mut String, pending_space: &mut bool, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            *pending_space = !out.is_empty();
            continue;
        }
        if *pending_space {
            out.push(' ');
            *pending_space = false;
        }
        out.push(c);
    }
}

#[test]
fn the_text_of_a_block_alone_is_its_text_in_the_page() {
    let awkward = "lead <p>a</br>b<br></br>c</p></br> mid <!-- x --><ac:link><ri:page ri:content-title=\"T\" /></ac:link>\n";
    for page in RELATED.iter().chain([&PAGE, &PAGE_BASE, &awkward]) {
        let parsed = blocks(page);
        let split = split_page(page).unwrap_or_default();
        assert_eq!(split.len(), parsed.len());
        for (block, bare) in parsed.iter().zip(&split) {
            assert_eq!(
                (bare.kind, bare.source.as_str(), bare.text.as_str()),
                (block.kind, block.source.as_str(), "")
            );
            assert_eq!(block_text(&block.source), block.text, "{:?}", block.source);
        }
    }
}

#[cfg(not(js_engine))]
#[cfg(not(js_engine))]
proptest! {
    #[test]
    fn the_text_of_each_generated_block_alone_is_its_text_in_the_page(sources in page_blocks()) {
        for block in blocks(&sources.concat()) {
            prop_assert_eq!(block_text(&block.source), block.text);
        }
    }

    #[test]
    fn collecting_text_a_word_at_a_time_matches_the_character_rule(
        pieces in prop::collection::vec((any::<bool>(), "[ a\t\n\u{a0}\u{3000}é日\u{2028}]{0,12}"), 0..6),
    ) {
        let mut collector = TextCollector::default();
        let (mut out, mut pending) = (String::new(), false);
        for (separate, piece) in &pieces {
            if *separate {
                collector.separate();
                pending = !out.is_empty();
            }
            collector.push(piece);
            push_by_character(&mut out, &mut pending, piece);
            prop_assert_eq!(&collector.out, &out);
            prop_assert_eq!(collector.pending_space, pending);
        }
    }

    #[test]
    fn parsing_then_concatenating_sources_is_the_identity_on_generated_pages(sources in page_blocks()) {
        let page = sources.concat();
        let parsed = blocks(&page);
        prop_assert_eq!(concatenated(&parsed), page);
        prop_assert_eq!(parsed.len(), sources.len());
    }
}
