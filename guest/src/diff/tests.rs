use super::*;
#[cfg(not(js_engine))]
use crate::storage::tests::{edited, edits, page_blocks};
use expect_test::expect;
#[cfg(not(js_engine))]
use proptest::prelude::*;
#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

const PAGE: &str = include_str!("../../../examples/page.xml");
const PAGE_BASE: &str = include_str!("../../../examples/page-base.xml");

fn review(old: &str, new: &str) -> Review {
    match compare(old, new) {
        Ok(review) => review,
        Err(error) => panic!("expected the pages to compare, got {error}"),
    }
}

#[test]
fn the_persons_edits_to_the_example_page_are_summarised() {
    let review = review(PAGE_BASE, PAGE);
    expect![[r#"1 paragraph changed, 1 list changed"#]].assert_eq(&review.summary);
    assert_eq!(review.changed_blocks, 2);
}

#[test]
fn the_edit_script_of_a_representative_change_pairs_words() {
    let old = "<h1>Runbook</h1><p>Retries run every 5 minutes.</p><ul><li>a</li></ul><table><tr><td>x</td></tr></table>";
    let new = "<h1>Runbook</h1><p>Retries run every 10 minutes.</p><ul><li>a</li></ul><ol><li>new</li></ol>";
    expect![[r#"[{"op":"equal","old":0,"new":0,"count":1},{"op":"replace","kind":"paragraph","old":1,"new":1,"words":[["=","Retries run every "],["-","5"],["+","10"],["="," minutes."]],"source":"<p>Retries run every 10 minutes.</p>"},{"op":"equal","old":2,"new":2,"count":1},{"op":"delete","kind":"table","old":3},{"op":"insert","kind":"list","new":3,"source":"<ol><li>new</li></ol>"}]"#]]
        .assert_eq(&review(old, new).edit_script);
}

#[test]
fn the_summary_counts_and_pluralises_by_kind_in_a_fixed_order() {
    let old = "<h2>x</h2><p>a</p><p>b</p><table><tr><td>t</td></tr></table>";
    let new = "<p>a2</p><p>b2</p><ul><li>l</li></ul><h3>y</h3>";
    expect!["1 heading added, 1 heading removed, 2 paragraphs changed, 1 list added, 1 table removed"]
        .assert_eq(&review(old, new).summary);
}

#[test]
fn identical_pages_have_no_changes() {
    let review = review(PAGE, PAGE);
    assert_eq!(review.summary, "no changes");
    assert_eq!(review.changed_blocks, 0);
    assert!(
        review.html.contains("21 unchanged blocks"),
        "{}",
        review.html
    );
}

#[test]
fn whitespace_between_blocks_is_not_a_change() {
    let review = review("<p>a</p><p>b</p>", "<p>a</p>\n\n  <p>b</p>\n");
    assert_eq!(review.summary, "no changes");
}

#[test]
fn a_markup_only_change_is_a_changed_block_with_equal_words() {
    let review = review("<p>plain</p>", "<p><strong>plain</strong></p>");
    assert_eq!(review.summary, "1 paragraph changed");
    assert!(
        review.edit_script.contains(r#""words":[["=","plain"]]"#),
        "{}",
        review.edit_script
    );
    assert!(review.html.contains("Only the markup changed"));
}

#[test]
fn a_new_link_target_or_code_indentation_is_shown_where_the_text_is_the_same() {
    let link = review(r#"<p><a href="https://good.example/">docs</a></p>"#, r#"<p><a href="https://evil.example/">docs</a></p>"#);
    assert!(link.html.contains(r#"<pre class="markup">&lt;p&gt;&lt;a href=&quot;https://<del>good</del><ins>evil</ins>.example/&quot;&gt;docs&lt;/a&gt;&lt;/p&gt;</pre>"#), "{}", link.html);
    let code = |body: &str| format!(r#"<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[{body}]]></ac:plain-text-body></ac:structured-macro>"#);
    let indented = review(&code("if x:\n    run()\nstop()"), &code("if x:\n    run()\n    stop()"));
    assert!(indented.html.contains("run()\n<ins>    </ins>stop()"), "{}", indented.html);
    let long = format!("<p>{}<em>x</em>{}</p>", "a".repeat(500), "b".repeat(500));
    let far = review(&long, &long.replace("<em>x</em>", "<strong>x</strong>"));
    let shown = far.html.split("<pre class=\"markup\">").nth(1).and_then(|rest| rest.split("</pre>").next()).unwrap_or_default();
    assert!(shown.starts_with('…') && shown.ends_with('…') && shown.len() < 400, "only the change and its surroundings: {shown}");
    assert!(shown.contains("<del>em&gt;x&lt;/em</del><ins>strong&gt;x&lt;/strong</ins>"), "{shown}");
}

#[test]
fn the_review_shows_where_new_links_go() {
    let added = review("<p>a</p>", r#"<p>a</p><p>See <a href="https://evil.example/phish?a=1&amp;b=2">the runbook</a></p>"#);
    assert!(added.html.contains("Links to: <code>https://evil.example/phish?a=1&amp;b=2</code>"), "{}", added.html);
    let kept = review(r#"<p>See <a href="https://docs.example/">docs</a> now</p>"#, r#"<p>See <a href="https://docs.example/">docs</a> today</p>"#);
    assert!(!kept.html.contains("Links to"), "a link the block already had is not listed again");
}

#[test]
fn the_review_page_is_self_contained_and_marks_words() {
    let html = review(PAGE_BASE, PAGE).html;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>"));
    assert!(html.contains("<del>24h</del><ins>48h</ins>"), "{html}");
    assert!(
        html.contains("<del>incident.</del><ins>incident, then tell #payments-oncall.</ins>"),
        "{html}"
    );
    assert!(html.contains("unchanged blocks"));
    for forbidden in ["<script", "<link", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(forbidden), "the review contains {forbidden}");
    }
}

#[test]
fn page_text_is_escaped_in_the_review() {
    let old = "<p>hello</p>";
    let new = "<p>hello &lt;script&gt;alert(1)&lt;/script&gt;</p><p><![CDATA[<img src=x onerror=alert(2)>]]></p>";
    let html = review(old, new).html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
}

#[test]
fn inserted_and_removed_blocks_are_shown_whole() {
    let html = review("<p>gone away</p>", "<h2>brand new</h2>").html;
    assert!(html.contains("<del>gone away</del>"), "{html}");
    assert!(html.contains("<ins>brand new</ins>"), "{html}");
    assert!(
        html.contains("Heading added") && html.contains("Paragraph removed"),
        "{html}"
    );
}

#[test]
fn the_review_is_deterministic() {
    assert_eq!(review(PAGE_BASE, PAGE), review(PAGE_BASE, PAGE));
}

#[test]
fn a_page_that_is_not_storage_format_cannot_be_compared() {
    assert!(matches!(
        compare("<p>ok</p>", "<p>broken"),
        Err(DocumentError::InvalidMarkup(_))
    ));
    assert!(matches!(
        compare("<p>broken", "<p>ok</p>"),
        Err(DocumentError::InvalidMarkup(_))
    ));
}

#[test]
fn a_page_with_more_blocks_than_the_alignment_limit_is_aligned_by_prefix_and_suffix() {
    let old: String = (0..MAX_ALIGNED_BLOCKS + 10)
        .map(|i| format!("<p>block {i}</p>"))
        .collect();
    let new = old.replace(
        "<p>block 2500</p>",
        "<p>block 2500 edited</p><ul><li>added</li></ul>",
    );
    let review = review(&old, &new);
    assert_eq!(review.summary, "1 paragraph changed, 1 list added");
    assert!(
        review
            .edit_script
            .starts_with(r#"[{"op":"equal","old":0,"new":0,"count":2500}"#)
    );
}

#[test]
fn completely_different_large_pages_compare_in_linear_time() {
    let old: String = (0..3 * MAX_ALIGNED_BLOCKS)
        .map(|i| format!("<p>old {i}</p>"))
        .collect();
    let new: String = (0..3 * MAX_ALIGNED_BLOCKS)
        .map(|i| format!("<p>new {i}</p>"))
        .collect();
    assert_eq!(
        review(&old, &new).summary,
        format!("{} paragraphs changed", 3 * MAX_ALIGNED_BLOCKS)
    );
}

#[test]
fn a_text_over_the_word_diff_limit_is_shown_wholly_replaced() {
    let long = "word ".repeat(MAX_WORD_DIFF_BYTES / 5);
    let words = word_diff(&long, "short", &mut WORD_DIFF_BUDGET.clone());
    let tags: Vec<&str> = words.iter().map(|run| tag_sign(run.tag)).collect();
    assert_eq!(tags, ["-", "+"]);
    assert_eq!(words.last().map(|run| run.text.as_ref()), Some("short"));
}

#[test]
fn prefix_and_suffix_alignment_covers_both_sequences() {
    let ranges: Vec<_> = prefix_suffix_stretches(&[1, 2, 3, 4], &[1, 9, 4])
        .into_iter()
        .map(|stretch| (stretch.equal, stretch.old, stretch.new))
        .collect();
    assert_eq!(
        ranges,
        [(true, 0..1, 0..1), (false, 1..3, 1..2), (true, 3..4, 2..3)]
    );
    assert!(
        prefix_suffix_stretches(&[1, 1], &[1, 1, 1])
            .iter()
            .all(|stretch| stretch.old.end <= 2)
    );
}

#[test]
fn a_blank_page_compared_with_a_page_shows_every_block_added() {
    let review = review("  ", "<p>a</p><p>b</p>");
    assert_eq!(review.summary, "2 paragraphs added");
    assert_eq!(review.changed_blocks, 2);
}

/// The edit script as written, and as serde_json writes the same ops (the reference the
/// written script is held to).
fn script_and_serde_script(old: &str, new: &str) -> (String, String) {
    /// An op for serde_json: [`Op`] with `words` as pairs.
    #[derive(serde::Serialize)]
    struct SerdeOp<'a> {
        op: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        old: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        new: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        words: Option<Vec<(&'a str, &'a str)>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'a str>,
    }
    let (old_pieces, new_pieces) = match split_pair(old, new) {
        Ok(pieces) => pieces,
        Err(error) => panic!("expected the pages to split, got {error}"),
    };
    let mut old_blocks: Vec<Part<'_>> = old_pieces.into_iter().map(Part::from).collect();
    let mut new_blocks: Vec<Part<'_>> = new_pieces.into_iter().map(Part::from).collect();
    let alignment = Alignment::of(&old_blocks, &new_blocks);
    alignment.read_changed_texts(&mut old_blocks, &mut new_blocks);
    let steps = alignment.steps(&old_blocks, &new_blocks);
    let ops = edit_ops(&steps, &old_blocks, &new_blocks);
    let serde_ops: Vec<SerdeOp<'_>> = ops
        .iter()
        .map(|op| SerdeOp {
            op: op.op,
            kind: op.kind,
            old: op.old,
            new: op.new,
            count: op.count,
            words: op.words.map(|words| {
                words
                    .iter()
                    .map(|run| (tag_sign(run.tag), run.text.as_ref()))
                    .collect()
            }),
            source: op.source,
        })
        .collect();
    let serde_script = match serde_json::to_string(&serde_ops) {
        Ok(json) => json,
        Err(error) => panic!("expected serde_json to write the ops, got {error}"),
    };
    (script_json(&ops), serde_script)
}

#[test]
fn the_edit_script_is_written_as_serde_json_writes_it() {
    let old = "<p>Keep \"this\" \\ as it is</p>\n<p>tab\there, gone</p>\n<h2>Title</h2>\n\
                   <p>moved one</p>\n<p>removed</p>\n";
    let new = "<p>moved one</p>\n<p>Keep \"this\" \\ as it is</p>\n<p>tab\there \u{1}, gone</p>\n\n\
                   <h2>Title</h2>  \n<ul><li>new</li></ul>\n";
    for (old, new) in [(old, new), (PAGE_BASE, PAGE), (PAGE, "")] {
        let (script, serde_script) = script_and_serde_script(old, new);
        assert_eq!(script, serde_script);
    }
    let (script, _) = script_and_serde_script(old, new);
    for op in [
        "\"equal\"",
        "\"replace\"",
        "\"insert\"",
        "\"delete\"",
        "\"move\"",
        "\\u0001",
    ] {
        assert!(script.contains(op), "expected {op} in {script}");
    }
}

fn replayed(old: &str, new: &str) -> String {
    replayed_script(old, &review(old, new).edit_script)
}

/// The page `edit_script` makes of `old` (for tests that already hold the review).
fn replayed_script(old: &str, edit_script: &str) -> String {
    match apply(old, edit_script) {
        Ok(page) => page,
        Err(error) => panic!("expected the edit script to replay, got {error}"),
    }
}

/// The review `compare` gives when it knows of no copied blocks, so nothing is anchored and
/// the whole page is aligned by the histogram diff.
fn unanchored_review(old: &str, new: &str) -> Review {
    let (old_pieces, new_pieces) = match split_pair(old, new) {
        Ok(pieces) => pieces,
        Err(error) => panic!("expected the pages to split, got {error}"),
    };
    let unanchored = new_pieces
        .into_iter()
        .map(|piece| Part {
            same_as: None,
            ..Part::from(piece)
        })
        .collect();
    review_blocks(old_pieces.into_iter().map(Part::from).collect(), unanchored)
}

/// Paragraphs `<p>{prefix}{i}</p>` for each `i` in `range`, one a line.
fn paragraphs(prefix: &str, range: Range<usize>) -> String {
    range.map(|i| format!("<p>{prefix}{i}</p>\n")).collect()
}

fn apply_error(old: &str, script: &str) -> String {
    match apply(old, script) {
        Ok(page) => panic!("expected {script} to be refused, got {page:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_block_that_moved_is_marked_as_moved_not_removed_and_added() {
    let old = "<h1>T</h1><p>first</p><p>second</p><p>third</p>";
    let new = "<h1>T</h1><p>second</p><p>third</p><p>first</p>";
    let review = review(old, new);
    assert_eq!(review.summary, "1 paragraph moved");
    assert_eq!(review.changed_blocks, 1);
    expect![[r#"[{"op":"equal","old":0,"new":0,"count":1},{"op":"equal","old":2,"new":1,"count":2},{"op":"move","kind":"paragraph","old":1,"new":3}]"#]]
        .assert_eq(&review.edit_script);
    assert!(
        review.html.contains(r#"<section class="block moved"><div class="label">Paragraph moved</div><p>first</p><p class="note">Moved here from block 2 of the old version.</p></section>"#),
        "{}",
        review.html
    );
}

#[test]
fn a_move_next_to_other_changes_is_told_apart_from_them() {
    let old = "<p>keep</p><h2>moving</h2><p>old text</p><p>end</p>";
    let new = "<p>keep</p><p>new text</p><p>end</p><h2>moving</h2><ul><li>added</li></ul>";
    let review = review(old, new);
    expect!["1 heading moved, 1 paragraph changed, 1 list added"].assert_eq(&review.summary);
    assert_eq!(replayed(old, new), new);
}

#[test]
fn long_runs_of_copied_blocks_are_anchors_and_short_ones_are_not() {
    let old = paragraphs("a", 0..30);
    let new = paragraphs("a", 0..10) + &paragraphs("b", 0..2) + &paragraphs("a", 12..19);
    let (old_pieces, new_pieces) = split_pair(&old, &new).unwrap_or_default();
    let new_parts: Vec<Part<'_>> = new_pieces.into_iter().map(Part::from).collect();
    // Ten copies of old 0..10, then two new blocks, then seven copies (too few) of 12..19.
    let runs: Vec<(Range<usize>, Range<usize>)> = anchors(old_pieces.len(), &new_parts)
        .into_iter()
        .map(|anchor| (anchor.old, anchor.new))
        .collect();
    assert_eq!(runs, [(0..10, 0..10)]);
}

#[test]
fn anchored_and_whole_page_alignment_agree_on_an_ordinary_edit() {
    let old = paragraphs("a", 0..40);
    let new = paragraphs("a", 0..12)
        + "<p>new</p>\n"
        + &paragraphs("a", 13..30)
        + &paragraphs("a", 32..40);
    let review = review(&old, &new);
    assert_eq!(review.summary, "1 paragraph changed, 2 paragraphs removed");
    assert_eq!(review, unanchored_review(&old, &new));
}

#[test]
fn a_gap_is_renumbered_densely_and_the_table_is_left_clear() {
    let tokens = |numbers: &[u32]| numbers.iter().map(|&n| Token(n)).collect::<Vec<_>>();
    let mut renumbering = Renumbering::for_tokens(100);
    let (old, new, count) = renumbering.apply(&tokens(&[70, 5, 70]), &tokens(&[5, 99, 70]));
    assert_eq!(
        (old, new, count),
        (tokens(&[0, 1, 0]), tokens(&[1, 2, 0]), 3)
    );
    let (old, new, count) = renumbering.apply(&tokens(&[99]), &tokens(&[5]));
    assert_eq!((old, new, count), (tokens(&[0]), tokens(&[1]), 2));
    // A token the table does not know (none should reach it) is taken as unique.
    let (old, new, count) = renumbering.apply(&tokens(&[500]), &tokens(&[500]));
    assert_eq!((old, new, count), (tokens(&[0]), tokens(&[1]), 2));
}

#[test]
fn the_alignment_limit_counts_the_blocks_of_all_gaps_together() {
    let gap = |old: Range<usize>, new: Range<usize>| Stretch {
        equal: false,
        old,
        new,
    };
    let half = MAX_ALIGNED_BLOCKS / 2;
    let two = [gap(0..half, 0..1), gap(half + 8..2 * half + 8, 9..10)];
    assert!(!beyond_the_alignment_limit(&two));
    let three = [
        gap(0..half, 0..1),
        gap(half + 8..2 * half + 8, 9..10),
        gap(2 * half + 16..2 * half + 17, 18..19),
    ];
    assert!(beyond_the_alignment_limit(&three));
}

#[cfg(not(js_engine))]
#[test]
fn repetitive_gaps_between_anchors_past_the_alignment_limit_compare_quickly() {
    // Runs of twelve distinct copied blocks anchor gaps of repetitive blocks that differ
    // between the versions, more gap blocks than the limit altogether.
    let page = |every: usize| -> String {
        (0..MAX_ALIGNED_BLOCKS / 900 + 1)
            .map(|section| {
                let anchor = paragraphs(&format!("anchor {section}."), 0..12);
                let gap: String = (0..1000)
                    .map(|i| {
                        if i % every == 0 {
                            "<p>a</p>\n"
                        } else {
                            "<p>b</p>\n"
                        }
                    })
                    .collect();
                anchor + &gap
            })
            .collect()
    };
    let (old, new) = (page(3), page(5));
    let started = std::time::Instant::now();
    let review = review(&old, &new);
    assert!(review.changed_blocks > 0);
    assert_eq!(replayed_script(&old, &review.edit_script), new);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn a_section_copied_in_front_of_the_block_before_it_is_only_added() {
    // Splitting pairs the first copy of the section with the old one, skipping "A"; anchored
    // on that, "A" would seem to move. The move sends the page back to whole-page alignment.
    let section = paragraphs("s", 0..10);
    let old = "<p>A</p>\n".to_owned() + &section + "<p>B</p>\n";
    let new = section.clone() + "<p>A</p>\n" + &section + "<p>B</p>\n";
    let review = review(&old, &new);
    assert_eq!(review.summary, "10 paragraphs added");
    assert_eq!(replayed(&old, &new), new);
}

#[test]
fn a_block_moved_with_new_whitespace_carries_its_new_source() {
    let old = "<p>a</p>\n<p>b</p>\n";
    let new = "<p>b</p>\n<p>a</p>";
    expect![[r#"[{"op":"equal","old":1,"new":0,"count":1},{"op":"move","kind":"paragraph","old":0,"new":1,"source":"<p>a</p>"}]"#]]
        .assert_eq(&review(old, new).edit_script);
    assert_eq!(replayed(old, new), new);
}

#[test]
fn whitespace_only_changes_are_in_the_edit_script_but_not_in_the_review() {
    let old = "<p>a</p><p>b</p><p>c</p>";
    let new = "<p>a</p>\n\n  <p>b</p>\n<p>c</p>";
    let review = review(old, new);
    assert_eq!(review.summary, "no changes");
    expect![[r#"[{"op":"equal","old":0,"new":0,"count":1,"source":"<p>a</p>\n\n  "},{"op":"equal","old":1,"new":1,"count":1,"source":"<p>b</p>\n"},{"op":"equal","old":2,"new":2,"count":1}]"#]]
        .assert_eq(&review.edit_script);
    assert_eq!(replayed(old, new), new);
}

#[test]
fn replaying_the_edit_script_rebuilds_the_new_page_byte_for_byte() {
    let pairs = [
        (PAGE_BASE, PAGE),
        (PAGE, PAGE_BASE),
        (PAGE, PAGE),
        ("", "<p>a</p>"),
        ("<p>a</p>", ""),
        ("  ", "<p>a</p>\n"),
        ("<p>a</p>", "  \n"),
        (" \n", "\n"),
        ("lead <p>a</p> tail", "<p>a</p> tail<!-- c -->"),
        (
            "<p>ü&nbsp;ß</p>\r\n<h1>é</h1>",
            "<h1>é</h1>\r\n<p>ü&nbsp;ß</p>",
        ),
    ];
    for (old, new) in pairs {
        assert_eq!(replayed(old, new), new, "{old:?} → {new:?}");
    }
}

#[test]
fn a_blank_page_replaced_by_another_blank_page_is_no_change() {
    let review = review("  ", "\n");
    assert_eq!(review.summary, "no changes");
    assert_eq!(review.changed_blocks, 0);
}

#[test]
fn an_edit_script_that_does_not_fit_the_page_is_refused() {
    let old = "<p>a</p><p>b</p>";
    expect!["malformed json: edit script: eof while parsing a list at line 1 column 1"]
        .assert_eq(&apply_error(old, "["));
    expect!["missing or mistyped field: edit script: missing field `op` at line 1 column 3"]
        .assert_eq(&apply_error(old, "[{}]"));
    expect!["missing or mistyped field: op 0: expected `op` to be equal, insert, delete, replace or move, found `swap`"]
        .assert_eq(&apply_error(old, r#"[{"op":"swap"}]"#));
    expect!["missing or mistyped field: op 0: expected `old` below 2, the number of blocks of the old page, found 2"]
        .assert_eq(&apply_error(old, r#"[{"op":"equal","old":0,"new":0,"count":3}]"#));
    expect![
        "missing or mistyped field: op 1: expected each old block once, found block 0 again"
    ]
    .assert_eq(&apply_error(
        old,
        r#"[{"op":"equal","old":0,"new":0,"count":1},{"op":"move","old":0,"new":1}]"#,
    ));
    expect!["missing or mistyped field: op 0: expected `new` to be 0, the next block of the new page, found 1"]
        .assert_eq(&apply_error(old, r#"[{"op":"insert","new":1,"source":"<p>x</p>"}]"#));
    expect!["missing or mistyped field: op 0: expected a `source` field"]
        .assert_eq(&apply_error(old, r#"[{"op":"insert","new":0}]"#));
    expect!["missing or mistyped field: expected the edit script to mention every block of the old page, found none for block 1"]
        .assert_eq(&apply_error(old, r#"[{"op":"equal","old":0,"new":0,"count":1}]"#));
    expect!["missing or mistyped field: op 0: expected `count` 1 on an equal op with a `source`, found 2"]
        .assert_eq(&apply_error(old, r#"[{"op":"equal","old":0,"new":0,"count":2,"source":"x"}]"#));
    assert!(matches!(
        apply("<p>broken", "[]"),
        Err(DocumentError::InvalidMarkup(_))
    ));
}

#[test]
fn an_equal_op_with_a_huge_count_fails_fast() {
    let message = apply_error(
        "<p>a</p>",
        &format!(
            r#"[{{"op":"equal","old":0,"new":0,"count":{}}}]"#,
            usize::MAX
        ),
    );
    assert!(message.contains("expected `old` below 1"), "{message}");
}

#[test]
fn word_diffs_stop_when_the_budget_is_spent_and_blocks_show_wholly_replaced() {
    let mut budget = 2_000;
    let first = word_diff("one two three", "one 2 three", &mut budget);
    assert!(first.iter().any(|run| run.tag == ChangeTag::Equal));
    assert!(budget < 2_000);
    let long_old = "a ".repeat(40);
    let long_new = "b ".repeat(40);
    let second = word_diff(&long_old, &long_new, &mut budget);
    let tags: Vec<&str> = second.iter().map(|run| tag_sign(run.tag)).collect();
    assert_eq!(tags, ["-", "+"]);
}

#[test]
fn word_runs_join_as_one_stretch_only_where_they_follow_each_other() {
    let whole = "alpha beta gamma";
    let other = String::from("alpha beta gamma");
    let piece = |text: &'static str, range: Range<usize>| text.get(range).unwrap_or_default();
    assert_eq!(
        adjoining(whole, piece(whole, 0..6), piece(whole, 6..10)),
        Some("alpha beta")
    );
    assert_eq!(
        adjoining(whole, piece(whole, 0..5), piece(whole, 6..10)),
        None
    );
    assert_eq!(
        adjoining(whole, piece(whole, 6..10), piece(whole, 0..5)),
        None
    );
    assert_eq!(adjoining(whole, &other[0..6], &other[6..10]), None);
    // Runs that do not follow each other are still joined, as a copy.
    let mut runs = Runs {
        runs: Vec::new(),
        texts: [whole, &other],
    };
    runs.push(ChangeTag::Delete, piece(whole, 0..6));
    runs.push(ChangeTag::Delete, piece(whole, 11..16));
    runs.push(ChangeTag::Insert, &other[6..11]);
    let texts: Vec<(&str, &str)> = runs
        .runs
        .iter()
        .map(|run| (tag_sign(run.tag), run.text.as_ref()))
        .collect();
    assert_eq!(texts, [("-", "alpha gamma"), ("+", "beta ")]);
}

#[test]
fn common_words_end_at_word_boundaries_of_both_texts() {
    assert_eq!(common_words("same", "same"), (4, 0));
    assert_eq!(common_words("abc xyz", "abc q xyz"), (4, 3));
    assert_eq!(common_words("retry 5 times", "retry 50 times"), (6, 6));
    assert_eq!(common_words("über alles", "übel alles"), (0, 6));
    assert_eq!(common_words("a  b", "a b"), (1, 1));
    assert_eq!(common_words("", "four"), (0, 0));
}

#[cfg(not(js_engine))]
/// How many words and whitespace runs `similar` alone removes and adds between two texts.
fn similar_changed_tokens(old: &str, new: &str) -> usize {
    TextDiff::from_words(old, new)
        .iter_all_changes()
        .filter(|change| change.tag() != ChangeTag::Equal)
        .count()
}

#[cfg(not(js_engine))]
/// The tokens of a run (whitespace and the rest alternate inside one, so they split the same).
fn tokens(text: &str) -> usize {
    let mut count = 0;
    let mut last = None;
    for c in text.chars() {
        if last != Some(c.is_whitespace()) {
            count += 1;
            last = Some(c.is_whitespace());
        }
    }
    count
}

#[cfg(not(js_engine))]
#[test]
fn many_large_completely_changed_blocks_stay_within_the_word_budget() {
    let block = |tag: &str, i: usize| format!("<p>{}</p>", format!("{tag}{i} ").repeat(2_000));
    let old: String = (0..40).map(|i| block("o", i)).collect();
    let new: String = (0..40).map(|i| block("n", i)).collect();
    let started = std::time::Instant::now();
    let review = review(&old, &new);
    assert_eq!(review.summary, "40 paragraphs changed");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[cfg(not(js_engine))]
#[test]
fn repetitive_pages_up_to_the_alignment_limit_compare_quickly() {
    let old: String = (0..MAX_ALIGNED_BLOCKS)
        .map(|i| if i % 3 == 0 { "<p>a</p>" } else { "<p>b</p>" })
        .collect();
    let new: String = (0..MAX_ALIGNED_BLOCKS)
        .map(|i| if i % 5 == 0 { "<p>a</p>" } else { "<p>b</p>" })
        .collect();
    let started = std::time::Instant::now();
    let review = review(&old, &new);
    assert!(review.changed_blocks > 0);
    assert_eq!(replayed_script(&old, &review.edit_script), new);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[cfg(not(js_engine))]
#[test]
fn a_reversed_page_up_to_the_alignment_limit_compares_quickly() {
    let old: Vec<String> = (0..MAX_ALIGNED_BLOCKS)
        .map(|i| format!("<p>{i}</p>"))
        .collect();
    let new: String = old.iter().rev().map(String::as_str).collect();
    let old = old.concat();
    let started = std::time::Instant::now();
    let review = review(&old, &new);
    assert!(review.summary.contains("moved"), "{}", review.summary);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[cfg(not(js_engine))]
proptest! {
    #[test]
    fn setting_common_words_aside_keeps_the_word_diff_complete_and_minimal(
        old in "[ab é\u{a0}\n]{0,16}",
        new in "[ab é\u{a0}\n]{0,16}",
    ) {
        let runs = word_diff(&old, &new, &mut WORD_DIFF_BUDGET.clone());
        let side = |skip: ChangeTag| -> String {
            runs.iter().filter(|run| run.tag != skip).map(|run| run.text.as_ref()).collect()
        };
        prop_assert_eq!(side(ChangeTag::Insert), old.clone());
        prop_assert_eq!(side(ChangeTag::Delete), new.clone());
        let changed: usize = runs
            .iter()
            .filter(|run| run.tag != ChangeTag::Equal)
            .map(|run| tokens(&run.text))
            .sum();
        prop_assert_eq!(changed, similar_changed_tokens(&old, &new));
    }

    #[test]
    fn the_edit_script_of_an_edited_page_is_written_as_serde_json_writes_it(
        (old, new) in (page_blocks(), edits()).prop_map(|(base, edits)| (base.concat(), edited(&base, &edits).concat())),
    ) {
        let (script, serde_script) = script_and_serde_script(&old, &new);
        prop_assert_eq!(script, serde_script);
    }

    #[test]
    fn replaying_the_edit_script_of_an_edited_page_gives_the_new_page(
        (old, new) in (page_blocks(), edits()).prop_map(|(base, edits)| (base.concat(), edited(&base, &edits).concat())),
    ) {
        let review = review(&old, &new);
        prop_assert_eq!(apply(&old, &review.edit_script), Ok(new.clone()));
        prop_assert_eq!(review.changed_blocks == 0, review.summary == "no changes");
    }

    #[test]
    fn anchoring_changes_nothing_on_pages_of_distinct_blocks(
        len in 0usize..80,
        edits in prop::collection::vec((0u8..4, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..6),
    ) {
        let mut blocks: Vec<String> = (0..len).map(|i| format!("<p>a{i}</p>\n")).collect();
        let old = blocks.concat();
        for (number, (edit, at, to)) in edits.into_iter().enumerate() {
            let fresh = format!("<p>new {number}</p>\n");
            match (edit, blocks.len()) {
                (0, _) => blocks.insert(at.index(blocks.len() + 1), fresh),
                (_, 0) => {}
                (1, n) => drop(blocks.remove(at.index(n))),
                (2, n) => blocks[at.index(n)] = fresh,
                (_, n) => {
                    let block = blocks.remove(at.index(n));
                    blocks.insert(to.index(n), block);
                }
            }
        }
        let new = blocks.concat();
        prop_assert_eq!(review(&old, &new), unanchored_review(&old, &new));
    }

    #[test]
    fn the_edit_script_of_a_repetitive_page_replays_exactly(
        base in prop::collection::vec((0u8..5).prop_map(|b| format!("<p>b{b}</p>\n")), 0..60),
        first in edits(),
        second in edits(),
    ) {
        let edits: Vec<_> = first.into_iter().chain(second).collect();
        let (old, new) = (base.concat(), edited(&base, &edits).concat());
        prop_assert_eq!(apply(&old, &review(&old, &new).edit_script), Ok(new));
    }

    #[test]
    fn replaying_the_edit_script_between_unrelated_pages_gives_the_new_page(
        old in page_blocks(),
        new in page_blocks(),
    ) {
        let (old, new) = (old.concat(), new.concat());
        prop_assert_eq!(apply(&old, &review(&old, &new).edit_script), Ok(new));
    }
}

