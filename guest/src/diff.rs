//! Reviewable changes between two versions of a page (P6).
//!
//! Before Sync-o's update of a page is accepted, a person can look at what it changes. This module
//! aligns the top-level blocks of both versions, pairs a removed and an added block of the same
//! kind into one changed block with a word-level diff, and renders the result three ways: a
//! one-line summary, a JSON edit script for programs, and a self-contained HTML review page.
//!
//! Blocks are compared by their source with surrounding whitespace trimmed, so re-indenting a
//! page is not a change. Alignment is quadratic in the worst case, so hostile input is bounded:
//! beyond [`MAX_ALIGNED_BLOCKS`] blocks a side, blocks are aligned by common prefix and suffix
//! only, and texts beyond [`MAX_WORD_DIFF_BYTES`] are shown as wholly replaced rather than
//! diffed word by word. Page text is untrusted: the review shows only the blocks' readable text,
//! HTML-escaped, never their markup, and the page forbids scripts and external assets.

use std::hash::Hash;

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

use crate::storage::parse_page;
use crate::types::{Block, BlockKind, DocumentError};

/// A reviewable change between two versions of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// One line, e.g. "2 paragraphs changed, 1 list added", or "no changes".
    pub summary: String,
    /// The block-level edit script as compact JSON (see the `diff` interface in the WIT).
    pub edit_script: String,
    /// A self-contained HTML5 page showing the change for a person to approve or reject.
    pub html: String,
    /// How many blocks differ: each changed pair, added block and removed block counts once.
    pub changed_blocks: u32,
}

/// Compares two page bodies in storage format. Fails when either does not parse.
pub fn compare(old: &str, new: &str) -> Result<Review, DocumentError> {
    let old_blocks = parse_page(old)?;
    let new_blocks = parse_page(new)?;
    let steps = align(&visible(&old_blocks), &visible(&new_blocks));
    let changed = steps
        .iter()
        .filter(|step| !matches!(step, Step::Equal { .. }))
        .count();
    let summary = summarize(&steps);
    Ok(Review {
        edit_script: edit_script(&steps)?,
        html: render(&summary, &steps),
        summary,
        changed_blocks: u32::try_from(changed).unwrap_or(u32::MAX),
    })
}

/// Sequences longer than this (blocks of one version) are aligned by common prefix and suffix
/// only, which keeps the work linear on hostile input.
pub const MAX_ALIGNED_BLOCKS: usize = 5_000;

/// Texts longer than this together are shown as wholly replaced instead of diffed word by word.
pub const MAX_WORD_DIFF_BYTES: usize = 32 * 1024;

/// Aligns two sequences (block sources, or kinds) with `algorithm` when both are within
/// [`MAX_ALIGNED_BLOCKS`], else by common prefix and suffix around one changed middle. Shared
/// with the merge so both see the same alignment.
pub(crate) fn align_blocks<T: Eq + Hash + Ord>(
    algorithm: Algorithm,
    old: &[T],
    new: &[T],
) -> Vec<DiffOp> {
    if old.len().max(new.len()) <= MAX_ALIGNED_BLOCKS {
        return capture_diff_slices(algorithm, old, new);
    }
    prefix_suffix_ops(old, new)
}

/// The ops of a linear-time alignment: the common prefix, the changed middle, the common suffix.
fn prefix_suffix_ops<T: Eq>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()).saturating_sub(prefix);
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let old_len = old.len().saturating_sub(prefix + suffix);
    let new_len = new.len().saturating_sub(prefix + suffix);
    let (old_index, new_index) = (prefix, prefix);
    let middle = match (old_len, new_len) {
        (0, 0) => None,
        (_, 0) => Some(DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        }),
        (0, _) => Some(DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        }),
        _ => Some(DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        }),
    };
    let head = (prefix > 0).then_some(DiffOp::Equal {
        old_index: 0,
        new_index: 0,
        len: prefix,
    });
    let tail = (suffix > 0).then_some(DiffOp::Equal {
        old_index: prefix + old_len,
        new_index: prefix + new_len,
        len: suffix,
    });
    [head, middle, tail].into_iter().flatten().collect()
}

/// The kinds in the fixed order the summary lists them, with their nouns.
const KINDS: [(BlockKind, &str, &str); 8] = [
    (BlockKind::Heading, "heading", "headings"),
    (BlockKind::Paragraph, "paragraph", "paragraphs"),
    (BlockKind::List, "list", "lists"),
    (BlockKind::Table, "table", "tables"),
    (BlockKind::Code, "code block", "code blocks"),
    (BlockKind::Macro, "macro", "macros"),
    (BlockKind::Rule, "rule", "rules"),
    (BlockKind::Other, "other block", "other blocks"),
];

/// A block with its index in the page's block list.
#[derive(Clone, Copy)]
struct Indexed<'a> {
    index: usize,
    block: &'a Block,
}

/// One step of the block-level edit script.
enum Step<'a> {
    /// `count` blocks unchanged, starting at `old` and `new`.
    Equal {
        old: usize,
        new: usize,
        count: usize,
    },
    /// A block only in the new version.
    Insert(Indexed<'a>),
    /// A block only in the old version.
    Delete(Indexed<'a>),
    /// A block of the same kind in both versions, with different content.
    Replace {
        old: Indexed<'a>,
        new: Indexed<'a>,
        words: Vec<Words>,
    },
}

/// A run of words with the same fate.
struct Words {
    tag: ChangeTag,
    text: String,
}

/// The blocks that can show in a review: a whitespace-only block (a blank page) cannot.
fn visible(blocks: &[Block]) -> Vec<Indexed<'_>> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| !block.source.trim().is_empty())
        .map(|(index, block)| Indexed { index, block })
        .collect()
}

/// Aligns the blocks of both versions and pairs changed blocks of the same kind.
fn align<'a>(old: &[Indexed<'a>], new: &[Indexed<'a>]) -> Vec<Step<'a>> {
    let old_keys: Vec<&str> = old.iter().map(|item| item.block.source.trim()).collect();
    let new_keys: Vec<&str> = new.iter().map(|item| item.block.source.trim()).collect();
    let mut steps = Vec::new();
    for op in align_blocks(Algorithm::Patience, &old_keys, &new_keys) {
        let old_part = old.get(op.old_range()).unwrap_or_default();
        let new_part = new.get(op.new_range()).unwrap_or_default();
        match (op, old_part.first(), new_part.first()) {
            (DiffOp::Equal { len, .. }, Some(first_old), Some(first_new)) => {
                steps.push(Step::Equal {
                    old: first_old.index,
                    new: first_new.index,
                    count: len,
                })
            }
            _ => pair_changed(old_part, new_part, &mut steps),
        }
    }
    steps
}

/// Within a changed region, pairs removed and added blocks of the same kind (in order, as many
/// as possible: Myers finds the longest common run of kinds) into replacements; the rest are
/// plain deletions and insertions.
fn pair_changed<'a>(old: &[Indexed<'a>], new: &[Indexed<'a>], steps: &mut Vec<Step<'a>>) {
    let old_kinds: Vec<usize> = old.iter().map(|item| kind_rank(item.block.kind)).collect();
    let new_kinds: Vec<usize> = new.iter().map(|item| kind_rank(item.block.kind)).collect();
    for op in align_blocks(Algorithm::Myers, &old_kinds, &new_kinds) {
        let old_part = old.get(op.old_range()).unwrap_or_default();
        let new_part = new.get(op.new_range()).unwrap_or_default();
        if let DiffOp::Equal { .. } = op {
            steps.extend(
                old_part
                    .iter()
                    .zip(new_part)
                    .map(|(o, n)| replacement(*o, *n)),
            );
        } else {
            steps.extend(old_part.iter().copied().map(Step::Delete));
            steps.extend(new_part.iter().copied().map(Step::Insert));
        }
    }
}

fn replacement<'a>(old: Indexed<'a>, new: Indexed<'a>) -> Step<'a> {
    Step::Replace {
        old,
        new,
        words: word_diff(&old.block.text, &new.block.text),
    }
}

/// The word-level diff of two texts, with neighbouring words of the same fate joined.
fn word_diff(old: &str, new: &str) -> Vec<Words> {
    if old.len() + new.len() > MAX_WORD_DIFF_BYTES {
        return whole_text_change(old, new);
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_words(old, new);
    let mut runs: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some(last) if last.tag == change.tag() => last.text.push_str(change.value()),
            _ => runs.push(Words {
                tag: change.tag(),
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

/// A change shown without word detail: all old text removed, all new text inserted.
fn whole_text_change(old: &str, new: &str) -> Vec<Words> {
    if old == new {
        return vec![Words {
            tag: ChangeTag::Equal,
            text: old.to_owned(),
        }];
    }
    [(ChangeTag::Delete, old), (ChangeTag::Insert, new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(tag, text)| Words {
            tag,
            text: text.to_owned(),
        })
        .collect()
}

/// The position of a kind in [`KINDS`].
fn kind_rank(kind: BlockKind) -> usize {
    KINDS
        .iter()
        .position(|(k, _, _)| *k == kind)
        .unwrap_or(KINDS.len())
}

/// The kind's name as in the WIT enum `block-kind`.
fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::List => "list",
        BlockKind::Table => "table",
        BlockKind::Code => "code",
        BlockKind::Macro => "macro",
        BlockKind::Rule => "rule",
        BlockKind::Other => "other",
    }
}

/// The noun for `count` blocks of a kind, pluralised.
fn noun(kind: BlockKind, count: usize) -> &'static str {
    let (_, one, many) = KINDS.get(kind_rank(kind)).copied().unwrap_or((
        BlockKind::Other,
        "other block",
        "other blocks",
    ));
    if count == 1 { one } else { many }
}

/// "2 paragraphs changed, 1 list added, 1 table removed", kinds in [`KINDS`] order, or "no changes".
fn summarize(steps: &[Step<'_>]) -> String {
    let mut counts = [[0usize; 3]; KINDS.len()];
    for step in steps {
        let (kind, column) = match step {
            Step::Equal { .. } => continue,
            Step::Replace { new, .. } => (new.block.kind, 0),
            Step::Insert(item) => (item.block.kind, 1),
            Step::Delete(item) => (item.block.kind, 2),
        };
        if let Some(cell) = counts
            .get_mut(kind_rank(kind))
            .and_then(|row| row.get_mut(column))
        {
            *cell += 1;
        }
    }
    let parts: Vec<String> = KINDS
        .iter()
        .zip(counts)
        .flat_map(|((kind, _, _), row)| {
            ["changed", "added", "removed"]
                .into_iter()
                .zip(row)
                .filter(|(_, count)| *count > 0)
                .map(move |(verb, count)| format!("{count} {} {verb}", noun(*kind, count)))
        })
        .collect();
    if parts.is_empty() {
        "no changes".to_owned()
    } else {
        parts.join(", ")
    }
}

/// One edit-script entry as serialised.
#[derive(Serialize)]
struct Op<'a> {
    op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<Vec<(&'static str, &'a str)>>,
}

/// The edit script as compact JSON; unchanged runs are collapsed into one `equal` op with a count.
fn edit_script(steps: &[Step<'_>]) -> Result<String, DocumentError> {
    let ops: Vec<Op<'_>> = steps.iter().map(script_op).collect();
    serde_json::to_string(&ops).map_err(|error| {
        DocumentError::InvalidMarkup(format!("could not encode the edit script as json: {error}"))
    })
}

fn script_op<'a>(step: &'a Step<'a>) -> Op<'a> {
    let blank = Op {
        op: "equal",
        kind: None,
        old: None,
        new: None,
        count: None,
        words: None,
    };
    match step {
        Step::Equal { old, new, count } => Op {
            old: Some(*old),
            new: Some(*new),
            count: Some(*count),
            ..blank
        },
        Step::Insert(item) => Op {
            op: "insert",
            kind: Some(kind_name(item.block.kind)),
            new: Some(item.index),
            ..blank
        },
        Step::Delete(item) => Op {
            op: "delete",
            kind: Some(kind_name(item.block.kind)),
            old: Some(item.index),
            ..blank
        },
        Step::Replace { old, new, words } => Op {
            op: "replace",
            kind: Some(kind_name(new.block.kind)),
            old: Some(old.index),
            new: Some(new.index),
            words: Some(
                words
                    .iter()
                    .map(|run| (tag_sign(run.tag), run.text.as_str()))
                    .collect(),
            ),
            ..blank
        },
    }
}

fn tag_sign(tag: ChangeTag) -> &'static str {
    match tag {
        ChangeTag::Delete => "-",
        ChangeTag::Insert => "+",
        ChangeTag::Equal => "=",
    }
}

/// The review page's only styling; no scripts, no external assets (also enforced by its CSP).
const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#172b4d}\
.summary{font-weight:600}\
.block{border-left:4px solid #dfe1e6;margin:1rem 0;padding:.25rem .75rem}\
.changed{border-color:#0065ff}.added{border-color:#36b37e}.removed{border-color:#de350b}\
.label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5e6c84}\
.unchanged,.note{color:#5e6c84;font-style:italic}\
del{background:#ffebe6;color:#bf2600}ins{background:#e3fcef;color:#006644;text-decoration:none}";

/// The self-contained HTML review page.
fn render(summary: &str, steps: &[Step<'_>]) -> String {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    html.push_str("<title>Sync-o: review of page changes</title>\n<style>");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n<h1>Review of page changes</h1>\n");
    html.push_str(&format!("<p class=\"summary\">{}</p>\n", crate::storage::escape_text(summary)));
    for step in steps {
        html.push_str(&render_step(step));
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn render_step(step: &Step<'_>) -> String {
    match step {
        Step::Equal { count, .. } => format!(
            "<p class=\"unchanged\">{count} unchanged block{}</p>\n",
            if *count == 1 { "" } else { "s" }
        ),
        Step::Insert(item) => section("added", item.block.kind, &marked("ins", &item.block.text)),
        Step::Delete(item) => section("removed", item.block.kind, &marked("del", &item.block.text)),
        Step::Replace { new, words, .. } => {
            section("changed", new.block.kind, &render_words(words))
        }
    }
}

/// One changed block: a label ("Paragraph changed") and its body.
fn section(class: &str, kind: BlockKind, body: &str) -> String {
    let label = capitalized(noun(kind, 1));
    format!(
        "<section class=\"block {class}\"><div class=\"label\">{label} {class}</div>{body}</section>\n"
    )
}

/// A whole block's text inside `<ins>` or `<del>`.
fn marked(tag: &str, text: &str) -> String {
    if text.is_empty() {
        return "<p class=\"note\">(no text)</p>".to_owned();
    }
    format!("<p><{tag}>{}</{tag}></p>", crate::storage::escape_text(text))
}

/// A word-level diff with deletions in `<del>` and insertions in `<ins>`.
fn render_words(words: &[Words]) -> String {
    let mut body = String::from("<p>");
    for run in words {
        let text = crate::storage::escape_text(&run.text);
        match run.tag {
            ChangeTag::Delete => body.push_str(&format!("<del>{text}</del>")),
            ChangeTag::Insert => body.push_str(&format!("<ins>{text}</ins>")),
            ChangeTag::Equal => body.push_str(&text),
        }
    }
    body.push_str("</p>");
    if words.iter().all(|run| run.tag == ChangeTag::Equal) {
        body.push_str("<p class=\"note\">Only the markup changed; the text is the same.</p>");
    }
    body
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}


#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    const PAGE: &str = include_str!("../../examples/page.xml");
    const PAGE_BASE: &str = include_str!("../../examples/page-base.xml");

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
        expect![[r#"[{"op":"equal","old":0,"new":0,"count":1},{"op":"replace","kind":"paragraph","old":1,"new":1,"words":[["=","Retries run every "],["-","5"],["+","10"],["="," minutes."]]},{"op":"equal","old":2,"new":2,"count":1},{"op":"delete","kind":"table","old":3},{"op":"insert","kind":"list","new":3}]"#]]
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
        assert_eq!(review(&old, &new).summary, "15000 paragraphs changed");
    }

    #[test]
    fn a_text_over_the_word_diff_limit_is_shown_wholly_replaced() {
        let long = "word ".repeat(MAX_WORD_DIFF_BYTES / 5);
        let words = word_diff(&long, "short");
        let tags: Vec<&str> = words.iter().map(|run| tag_sign(run.tag)).collect();
        assert_eq!(tags, ["-", "+"]);
        assert_eq!(words.last().map(|run| run.text.as_str()), Some("short"));
    }

    #[test]
    fn prefix_and_suffix_alignment_covers_both_sequences() {
        let ops = prefix_suffix_ops(&[1, 2, 3, 4], &[1, 9, 4]);
        let ranges: Vec<_> = ops
            .iter()
            .map(|op| (op.tag(), op.old_range(), op.new_range()))
            .collect();
        assert_eq!(
            ranges,
            [
                (similar::DiffTag::Equal, 0..1, 0..1),
                (similar::DiffTag::Replace, 1..3, 1..2),
                (similar::DiffTag::Equal, 3..4, 2..3),
            ]
        );
        assert!(
            prefix_suffix_ops(&[1, 1], &[1, 1, 1])
                .iter()
                .all(|op| op.old_range().end <= 2)
        );
    }

    #[test]
    fn a_blank_page_compared_with_a_page_shows_every_block_added() {
        let review = review("  ", "<p>a</p><p>b</p>");
        assert_eq!(review.summary, "2 paragraphs added");
        assert_eq!(review.changed_blocks, 2);
    }
}
