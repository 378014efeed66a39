//! The one-line summary of a review ("3 paragraphs changed, 1 table row added"), with the block
//! kinds in a fixed order and their nouns.

use super::*;

/// The kinds in the fixed order the summary lists them, with their nouns.
pub(super) const KINDS: [(BlockKind, &str, &str); 8] = [
    (BlockKind::Heading, "heading", "headings"),
    (BlockKind::Paragraph, "paragraph", "paragraphs"),
    (BlockKind::List, "list", "lists"),
    (BlockKind::Table, "table", "tables"),
    (BlockKind::Code, "code block", "code blocks"),
    (BlockKind::Macro, "macro", "macros"),
    (BlockKind::Rule, "rule", "rules"),
    (BlockKind::Other, "other block", "other blocks"),
];

/// The position of a kind in [`KINDS`].
pub(super) fn kind_rank(kind: BlockKind) -> usize {
    KINDS
        .iter()
        .position(|(k, _, _)| *k == kind)
        .unwrap_or(KINDS.len())
}

/// The kind's name as in the WIT enum `block-kind`.
pub(super) fn kind_name(kind: BlockKind) -> &'static str {
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
pub(super) fn noun(kind: BlockKind, count: usize) -> &'static str {
    let (_, one, many) = KINDS.get(kind_rank(kind)).copied().unwrap_or((
        BlockKind::Other,
        "other block",
        "other blocks",
    ));
    if count == 1 { one } else { many }
}

/// The verbs of the summary, in its column order.
pub(super) const VERBS: [&str; 4] = ["changed", "added", "removed", "moved"];

/// "2 paragraphs changed, 1 list added, 1 table removed, 1 heading moved", kinds in [`KINDS`]
/// order, or "no changes".
pub(super) fn summarize(steps: &[Step<'_>]) -> String {
    let mut counts = [[0usize; VERBS.len()]; KINDS.len()];
    for step in steps.iter().filter(|step| step.is_visible_change()) {
        let (kind, column) = match step {
            Step::Equal { .. } => continue,
            Step::Replace { new, .. } => (new.block.kind, 0),
            Step::Insert(item) => (item.block.kind, 1),
            Step::Delete(item) => (item.block.kind, 2),
            Step::Move { new, .. } => (new.block.kind, 3),
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
            VERBS
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
