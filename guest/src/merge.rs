//! Three-way merge of page versions that never loses a person's edit (P6).
//!
//! Sync-o regenerates its section of a page, but a person may have edited the page since Sync-o
//! last wrote it; writing the generated page as is would silently drop their edit. So the engine
//! merges at block level, diff3 style: `base` is the page Sync-o last wrote, `theirs` the current
//! page, `ours` the newly generated one. A region changed on one side only takes that side; the
//! same change on both sides is taken once; different changes to the same region are a conflict,
//! where the person's blocks are kept verbatim and Sync-o's blocks follow them inside a visible
//! warning panel ("Sync-o suggestion (not applied)").
//!
//! Changes that only touch (an insertion right before or after a block the other side changed)
//! do not conflict: both are applied, the insertion first when both start at the same place.
//! The output is a concatenation of block sources, so every block no one changed is written back
//! byte for byte.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use imara_diff::Algorithm;

use crate::diff::align_blocks;
use crate::storage::split_page;
use crate::types::DocumentError;

/// The outcome of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged page in storage format.
    pub storage: String,
    /// Regions where the person's edit and the generated change differed. In each, the person's
    /// text was kept and the suggestion put in a warning panel right after it.
    pub conflicts: u32,
}

/// Merges page bodies in storage format: `base` is what Sync-o last wrote, `theirs` the current
/// page, `ours` the newly generated page. Fails when any of them does not parse.
pub fn merge(base: &str, theirs: &str, ours: &str) -> Result<Merged, DocumentError> {
    let versions = Versions {
        base: sources(base)?,
        theirs: sources(theirs)?,
        ours: sources(ours)?,
    };
    let mut hunks = changes(&versions.base, &versions.theirs, Side::Theirs);
    hunks.extend(changes(&versions.base, &versions.ours, Side::Ours));
    hunks.sort_by_key(|hunk| (hunk.base.start, hunk.base.end, hunk.side));
    let regions = regions(hunks);

    // Both sides moving the same block elsewhere look, region by region, like independent
    // changes: taking each would put the block in twice. So a block the merge would hold more
    // often than either side does marks the regions where Sync-o's side brought it in; those
    // become conflicts (the person's blocks, Sync-o's in a panel), and the page is written again.
    let mut contested = vec![false; regions.len()];
    loop {
        let written = versions.write(&regions, &contested);
        let excess = versions.excess(&written.counts);
        let mut more = false;
        for (index, region) in regions.iter().enumerate() {
            if !contested[index] && versions.takes_ours(region) && versions.content(region, Side::Ours).iter().any(|b| excess.contains(b.trim_end())) {
                contested[index] = true;
                more = true;
            }
        }
        if !more {
            return Ok(Merged { storage: written.storage, conflicts: written.conflicts });
        }
    }
}

/// A merged page as written, with how often each block source occurs in it outside panels.
struct Written<'a> {
    storage: String,
    conflicts: u32,
    counts: HashMap<&'a str, usize>,
}

/// The title of the panel that shows a suggestion Sync-o could not apply (generated content may
/// not use it: the pipeline rewords it there).
pub const PANEL_TITLE: &str = "Sync-o suggestion (not applied)";

/// The opening of the panel that shows a suggestion Sync-o could not apply.
const PANEL_OPEN: &str = concat!(
    r#"<ac:structured-macro ac:name="warning" ac:schema-version="1">"#,
    r#"<ac:parameter ac:name="title">Sync-o suggestion (not applied)</ac:parameter>"#,
    "<ac:rich-text-body>",
);

/// The closing of the suggestion panel.
const PANEL_CLOSE: &str = "</ac:rich-text-body></ac:structured-macro>";

/// The panel body when Sync-o's suggestion is to remove the person's blocks.
const REMOVAL_NOTE: &str = "<p>Sync-o suggests removing the blocks above.</p>";

/// Which version a change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Theirs,
    Ours,
}

/// A maximal run of changed blocks on one side: `base` blocks became `side` blocks.
#[derive(Debug, Clone)]
struct Hunk {
    side: Side,
    base: Range<usize>,
    replacement: Range<usize>,
}

/// Overlapping hunks from either side, covering `base` blocks.
struct Region {
    base: Range<usize>,
    hunks: Vec<Hunk>,
}

/// The block sources of the three versions.
struct Versions {
    base: Vec<String>,
    theirs: Vec<String>,
    ours: Vec<String>,
}

impl Region {
    /// Whether the merge takes `side`'s content for this region as is: only that side changed it.
    fn takes(&self, side: Side) -> bool {
        self.hunks.iter().all(|hunk| hunk.side == side)
    }
}

impl Versions {
    /// The merged page: base blocks between regions, each region resolved ([`Versions::resolve`]),
    /// the `contested` ones as conflicts.
    fn write<'a>(&'a self, regions: &[Region], contested: &[bool]) -> Written<'a> {
        let mut written = Written { storage: String::new(), conflicts: 0, counts: HashMap::new() };
        let mut cursor = 0;
        for (region, &contested) in regions.iter().zip(contested) {
            written.extend(blocks(&self.base, cursor..region.base.start));
            if self.resolve(region, contested, &mut written) {
                written.conflicts = written.conflicts.saturating_add(1);
            }
            cursor = region.base.end;
        }
        written.extend(blocks(&self.base, cursor..self.base.len()));
        written
    }

    /// The blocks of the base page (trailing whitespace aside) that the merge holds more often
    /// than both the person's page and Sync-o's: a block both sides moved, each elsewhere.
    /// (Equal blocks each side inserted in a different place are two insertions, kept.)
    fn excess<'a>(&self, merged: &HashMap<&'a str, usize>) -> HashSet<&'a str> {
        let mut counts: HashMap<&str, (usize, usize)> = self.base.iter().map(|source| (source.trim_end(), (0, 0))).collect();
        for (sources, pick) in [(&self.theirs, 0), (&self.ours, 1)] {
            for source in sources {
                if let Some(count) = counts.get_mut(source.trim_end()) {
                    if pick == 0 { count.0 += 1 } else { count.1 += 1 }
                }
            }
        }
        merged
            .iter()
            .filter(|&(source, &count)| !source.is_empty() && counts.get(source).is_some_and(|&(theirs, ours)| count > theirs.max(ours)))
            .map(|(&source, _)| source)
            .collect()
    }

    /// Whether the merge, uncontested, writes Sync-o's content for a region: only Sync-o changed
    /// it, or the person changed only the whitespace between its blocks.
    fn takes_ours(&self, region: &Region) -> bool {
        let theirs = || self.content(region, Side::Theirs);
        let base = || blocks(&self.base, region.base.clone()).collect::<Vec<_>>();
        region.takes(Side::Ours) || (!region.takes(Side::Theirs) && same_but_whitespace(&theirs(), &base()))
    }

    /// Writes the merged content of a region, as a conflict when it is `contested`; returns
    /// whether it was a conflict.
    fn resolve<'a>(&'a self, region: &Region, contested: bool, out: &mut Written<'a>) -> bool {
        if region.takes(Side::Theirs) {
            out.extend(self.content(region, Side::Theirs));
            return false;
        }
        if region.takes(Side::Ours) && !contested {
            out.extend(self.content(region, Side::Ours));
            return false;
        }
        let theirs = self.content(region, Side::Theirs);
        let ours = self.content(region, Side::Ours);
        let base = blocks(&self.base, region.base.clone()).collect::<Vec<_>>();
        // A side that only changed the whitespace between blocks made no edit worth a conflict:
        // the other side's change is taken.
        if !contested && same_but_whitespace(&theirs, &base) {
            out.extend(ours);
            return false;
        }
        if same_but_whitespace(&ours, &base) {
            out.extend(theirs);
            return false;
        }
        out.extend(theirs.iter().copied());
        if theirs == ours {
            return false;
        }
        let spacing = theirs
            .last()
            .or(ours.last())
            .map_or("", |last| trailing_whitespace(last));
        out.storage.push_str(&suggestion_panel(&ours, spacing));
        true
    }

    /// One side's version of a region: the base blocks with that side's hunks applied.
    fn content<'a>(&'a self, region: &Region, side: Side) -> Vec<&'a str> {
        let replacements = match side {
            Side::Theirs => &self.theirs,
            Side::Ours => &self.ours,
        };
        let mut parts = Vec::new();
        let mut position = region.base.start;
        for hunk in region.hunks.iter().filter(|hunk| hunk.side == side) {
            parts.extend(blocks(&self.base, position..hunk.base.start));
            parts.extend(blocks(replacements, hunk.replacement.clone()));
            position = hunk.base.end;
        }
        parts.extend(blocks(&self.base, position..region.base.end));
        parts
    }
}

impl<'a> Written<'a> {
    /// Appends blocks outside any panel, counting them.
    fn extend(&mut self, sources: impl IntoIterator<Item = &'a str>) {
        for source in sources {
            self.storage.push_str(source);
            *self.counts.entry(source.trim_end()).or_default() += 1;
        }
    }
}

/// The block sources of a page.
fn sources(storage: &str) -> Result<Vec<String>, DocumentError> {
    Ok(split_page(storage)?
        .into_iter()
        .map(|block| block.source)
        .collect())
}

/// The sources of a range of blocks (none when the range is out of bounds).
fn blocks(sources: &[String], range: Range<usize>) -> impl Iterator<Item = &str> {
    sources
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
}

/// The changes from `base` to `other` as hunks: the changed stretches of their alignment.
fn changes(base: &[String], other: &[String], side: Side) -> Vec<Hunk> {
    align_blocks(Algorithm::Histogram, base, other)
        .into_iter()
        .filter(|stretch| !stretch.equal)
        .map(|stretch| Hunk {
            side,
            base: stretch.old,
            replacement: stretch.new,
        })
        .collect()
}

/// Groups hunks (sorted by base position) into regions of overlapping changes.
fn regions(hunks: Vec<Hunk>) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for hunk in hunks {
        match regions.last_mut() {
            Some(region) if overlaps(&region.base, &hunk.base) => {
                region.base.end = region.base.end.max(hunk.base.end);
                region.hunks.push(hunk);
            }
            _ => regions.push(Region {
                base: hunk.base.clone(),
                hunks: vec![hunk],
            }),
        }
    }
    regions
}

/// Whether a hunk starting at or after `region.start` changes blocks of the region, or inserts at
/// the very point where the region inserts. Merely touching is no overlap.
fn overlaps(region: &Range<usize>, hunk: &Range<usize>) -> bool {
    hunk.start < region.end || (region.is_empty() && hunk.is_empty() && hunk.start == region.start)
}

/// The warning panel holding Sync-o's blocks for a region, followed by `spacing`.
fn suggestion_panel(ours: &[&str], spacing: &str) -> String {
    let body = if ours.iter().all(|source| source.trim().is_empty()) {
        REMOVAL_NOTE.to_owned()
    } else {
        ours.concat()
    };
    format!("{PANEL_OPEN}{body}{PANEL_CLOSE}{spacing}")
}

/// Whether two runs of block sources are the same blocks, whitespace between them aside.
fn same_but_whitespace(a: &[&str], b: &[&str]) -> bool {
    fn blocks<'s>(run: &'s [&'s str]) -> impl Iterator<Item = &'s str> {
        run.iter().map(|source| source.trim()).filter(|source| !source.is_empty())
    }
    blocks(a).eq(blocks(b))
}

/// The whitespace at the end of a block's source.
fn trailing_whitespace(source: &str) -> &str {
    source.get(source.trim_end().len()..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;
    use crate::storage::parse_page;
    #[cfg(not(js_engine))]
    use crate::storage::tests::{edited, edits, page_blocks};
    use crate::types::BlockKind;
    use expect_test::expect;
    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    use proptest::prelude::*;

    const PAGE: &str = include_str!("../../examples/page.xml");
    const PAGE_BASE: &str = include_str!("../../examples/page-base.xml");

    const BASE: &str =
        "<h1>Runbook</h1>\n<p>Intro.</p>\n<p>Middle.</p>\n<p>Status: open.</p>\n<p>Footer.</p>\n";

    fn merged(base: &str, theirs: &str, ours: &str) -> Merged {
        match merge(base, theirs, ours) {
            Ok(merged) => merged,
            Err(error) => panic!("expected the pages to merge, got {error}"),
        }
    }

    /// The generated version of the example page: the managed section's status and list rewritten.
    fn generated_example() -> String {
        let status_old = "<p><strong>Status:</strong> In Progress &mdash; a fix is in review; until it ships, the nightly reconciliation removes duplicates.</p>";
        let status_new =
            "<p><strong>Status:</strong> Done &mdash; the fix shipped in release 2024.06.3.</p>";
        let list_old = "<li>Workaround: run <code>refundsctl ledger dedupe --since 24h</code> after a processor incident.</li>";
        let list_new = "<li>Workaround: none needed since 2024.06.3.</li>";
        assert!(PAGE_BASE.contains(status_old) && PAGE_BASE.contains(list_old));
        PAGE_BASE
            .replace(status_old, status_new)
            .replace(list_old, list_new)
    }

    #[test]
    fn a_persons_edit_and_a_generated_change_elsewhere_are_both_applied() {
        let theirs = BASE.replace("Intro.", "Intro, edited by a person.");
        let ours = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 0);
        assert_eq!(
            result.storage,
            BASE.replace("Intro.", "Intro, edited by a person.")
                .replace("Status: open.", "Status: closed.")
        );
    }

    #[test]
    fn a_generated_change_before_a_persons_edit_is_also_applied() {
        let theirs = BASE.replace("Footer.", "Footer, edited.");
        let ours = BASE.replace("Intro.", "Generated intro.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 0);
        assert_eq!(
            result.storage,
            BASE.replace("Footer.", "Footer, edited.")
                .replace("Intro.", "Generated intro.")
        );
    }

    #[test]
    fn changes_to_neighbouring_blocks_do_not_conflict() {
        let theirs = BASE.replace("Middle.", "Middle, edited.");
        let ours = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 0);
        assert!(
            result.storage.contains("Middle, edited.")
                && result.storage.contains("Status: closed.")
        );
    }

    #[test]
    fn a_block_inserted_next_to_a_changed_block_is_kept_with_the_change() {
        let theirs = BASE.replace(
            "<p>Status: open.</p>\n",
            "<p>A note from a person.</p>\n<p>Status: open.</p>\n",
        );
        let ours = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 0);
        assert_eq!(
            result.storage,
            BASE.replace(
                "<p>Status: open.</p>\n",
                "<p>A note from a person.</p>\n<p>Status: closed.</p>\n"
            )
        );
    }

    #[test]
    fn a_block_both_sides_moved_to_different_places_is_not_written_twice() {
        let result = merged("<p>A</p>\n<p>B</p>\n<p>C</p>\n", "<p>B</p>\n<p>A</p>\n<p>C</p>\n", "<p>B</p>\n<p>C</p>\n<p>A</p>\n");
        expect![[r#"
            <p>B</p>
            <p>A</p>
            <p>C</p>
            <ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:parameter ac:name="title">Sync-o suggestion (not applied)</ac:parameter><ac:rich-text-body><p>A</p>
            </ac:rich-text-body></ac:structured-macro>
        "#]]
        .assert_eq(&result.storage);
        assert_eq!(result.conflicts, 1, "the person's order is kept and Sync-o's shown");
    }

    #[test]
    fn a_block_moved_where_the_person_only_changed_whitespace_is_not_written_twice() {
        // Found by the property test below: the person moved `retry` to the top and rewrote the
        // rule's line break; Sync-o moved it up the page next to that rule.
        let base = "<p>a</p><p>a</p><p>a</p><hr />\n<p>beta</p><p>a</p><p>retry</p>";
        let theirs = "<p>retry</p><p>a</p><p>a</p><p>a</p><hr /><p>beta</p><p>a</p><p>a</p>";
        let ours = "<p>a</p><p>a</p><p>retry</p><p>beta</p><p>a</p><hr />\n<p>a</p>";
        let result = merged(base, theirs, ours);
        let outside_panels = result.storage.split(PANEL_OPEN).map(|part| part.split_once(PANEL_CLOSE).map_or(part, |(_, after)| after)).collect::<String>();
        assert_eq!(outside_panels.matches("<p>retry</p>").count(), 1, "in {}", result.storage);
        assert!(result.conflicts >= 1);
    }

    #[test]
    fn blank_lines_a_person_added_between_blocks_do_not_make_a_conflict() {
        let result = merged("<p>a</p>\n<p>b</p>\n", "<p>a</p>\n\n\n<p>b</p>\n", "<p>a GEN</p>\n<p>b</p>\n");
        assert_eq!(result.conflicts, 0, "{}", result.storage);
        assert_eq!(result.storage, "<p>a GEN</p>\n<p>b</p>\n");
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        let both = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &both, &both);
        assert_eq!(
            result,
            Merged {
                storage: both,
                conflicts: 0
            }
        );
    }

    #[test]
    fn keeps_the_persons_text_when_edits_overlap() {
        let theirs = BASE.replace("Status: open.", "Status: open, waiting for finance.");
        let ours = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 1);
        expect![[r#"
            <h1>Runbook</h1>
            <p>Intro.</p>
            <p>Middle.</p>
            <p>Status: open, waiting for finance.</p>
            <ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:parameter ac:name="title">Sync-o suggestion (not applied)</ac:parameter><ac:rich-text-body><p>Status: closed.</p>
            </ac:rich-text-body></ac:structured-macro>
            <p>Footer.</p>
        "#]]
        .assert_eq(&result.storage);
    }

    #[test]
    fn different_insertions_at_the_same_place_conflict() {
        let theirs = BASE.replace(
            "<p>Footer.</p>",
            "<p>Person's addition.</p>\n<p>Footer.</p>",
        );
        let ours = BASE.replace(
            "<p>Footer.</p>",
            "<p>Generated addition.</p>\n<p>Footer.</p>",
        );
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 1);
        let person = result.storage.find("Person's addition.");
        let panel = result.storage.find("Sync-o suggestion");
        assert!(person.is_some() && person < panel, "{}", result.storage);
        assert!(result.storage.contains("<p>Generated addition.</p>"));
    }

    #[test]
    fn a_block_the_person_deleted_but_sync_o_changed_stays_deleted_with_the_suggestion_shown() {
        let theirs = BASE.replace("<p>Status: open.</p>\n", "");
        let ours = BASE.replace("Status: open.", "Status: closed.");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 1);
        assert!(!result.storage.contains("Status: open."));
        assert!(result.storage.contains(&format!(
            "{PANEL_OPEN}<p>Status: closed.</p>\n{PANEL_CLOSE}"
        )));
    }

    #[test]
    fn a_block_the_person_edited_but_sync_o_deleted_is_kept_with_a_removal_suggestion() {
        let theirs = BASE.replace("Status: open.", "Status: open, see finance.");
        let ours = BASE.replace("<p>Status: open.</p>\n", "");
        let result = merged(BASE, &theirs, &ours);
        assert_eq!(result.conflicts, 1);
        assert!(result.storage.contains(&format!(
            "<p>Status: open, see finance.</p>\n{PANEL_OPEN}{REMOVAL_NOTE}{PANEL_CLOSE}\n"
        )));
    }

    #[test]
    fn with_no_edit_by_a_person_the_generated_page_is_taken_as_is() {
        assert_eq!(merged(PAGE_BASE, PAGE_BASE, PAGE).storage, PAGE);
        let ours = generated_example();
        assert_eq!(
            merged(PAGE_BASE, PAGE_BASE, &ours),
            Merged {
                storage: ours,
                conflicts: 0
            }
        );
    }

    #[test]
    fn with_nothing_generated_the_persons_page_is_kept_as_is() {
        assert_eq!(
            merged(PAGE_BASE, PAGE, PAGE_BASE),
            Merged {
                storage: PAGE.to_owned(),
                conflicts: 0
            }
        );
        let theirs = BASE.replace("Intro.", "Changed.");
        assert_eq!(merged(BASE, &theirs, BASE).storage, theirs);
    }

    #[test]
    fn the_example_page_merges_with_one_conflict_inside_the_managed_section() {
        let result = merged(PAGE_BASE, PAGE, &generated_example());
        assert_eq!(result.conflicts, 1);
        let storage = &result.storage;
        assert!(
            storage.contains("<code>ap-southeast-2</code> (since March)"),
            "the edit outside the section is kept"
        );
        assert!(storage.contains(
            "--since 48h</code> after a processor incident, then tell #payments-oncall."
        ));
        assert!(
            storage.contains("In Progress &mdash; a fix is in review"),
            "the person's version of the region is kept"
        );
        let panel_start = storage.find(PANEL_OPEN).unwrap_or(usize::MAX);
        let suggestion = storage.find("Done &mdash; the fix shipped").unwrap_or(0);
        assert!(
            panel_start < suggestion,
            "the suggestion is inside the panel"
        );
    }

    #[test]
    fn untouched_blocks_are_written_back_byte_for_byte() {
        let base = "<p>a&nbsp;b</p>\n\n  <P CLASS=x>odd  spacing</P>\r\n<p>c</p>";
        let ours = base.replace("<p>c</p>", "<p>d</p>");
        let result = merged(base, base, &ours);
        assert_eq!(result.storage, ours);
    }

    #[test]
    fn every_merge_result_parses_again() {
        let cases = [
            (
                BASE.to_owned(),
                BASE.replace("Intro.", "X."),
                BASE.replace("Intro.", "Y."),
            ),
            (
                BASE.to_owned(),
                BASE.replace("<p>Middle.</p>\n", ""),
                BASE.replace("Middle.", "Z."),
            ),
            (
                BASE.to_owned(),
                BASE.replace("Status: open.", "S."),
                BASE.replace("<p>Status: open.</p>\n", ""),
            ),
            (PAGE_BASE.to_owned(), PAGE.to_owned(), generated_example()),
            (
                "".to_owned(),
                "<p>person</p>".to_owned(),
                "<p>generated</p>".to_owned(),
            ),
        ];
        for (base, theirs, ours) in cases {
            let result = merged(&base, &theirs, &ours);
            let reparsed = parse_page(&result.storage);
            assert!(reparsed.is_ok(), "{reparsed:?}\n{}", result.storage);
        }
    }

    #[test]
    fn the_panel_carries_its_title() {
        assert!(PANEL_OPEN.contains(PANEL_TITLE));
    }

    #[test]
    fn a_conflict_panel_is_a_warning_macro_block() {
        let theirs = BASE.replace("Intro.", "X.");
        let ours = BASE.replace("Intro.", "Y.");
        let reparsed = parse_page(&merged(BASE, &theirs, &ours).storage).unwrap_or_default();
        let kinds: Vec<BlockKind> = reparsed.iter().map(|block| block.kind).collect();
        assert_eq!(kinds.get(2), Some(&BlockKind::Macro));
        assert_eq!(
            reparsed.get(2).map(|block| block.text.as_str()),
            Some("Sync-o suggestion (not applied) Y.")
        );
    }

    #[test]
    fn edits_far_apart_on_a_page_beyond_the_alignment_limit_still_merge_cleanly() {
        let count = crate::diff::MAX_ALIGNED_BLOCKS + 100;
        let base: String = (0..count).map(|i| format!("<p>block {i}</p>")).collect();
        let theirs = base.replace("<p>block 10</p>", "<p>block 10 by a person</p>");
        let ours = base.replace("<p>block 5000</p>", "<p>block 5000 generated</p>");
        let result = merged(&base, &theirs, &ours);
        assert_eq!(result.conflicts, 0);
        assert_eq!(
            result.storage,
            theirs.replace("<p>block 5000</p>", "<p>block 5000 generated</p>")
        );
    }

    #[test]
    fn a_page_that_starts_with_a_byte_order_mark_merges_into_storage_format() {
        let cases = [
            (
                "<p>a</p><p>b</p>",
                "\u{feff}<p>a</p><p>b2</p>",
                "<p>a2</p><p>b</p>",
            ),
            ("\u{8}[0", "\u{feff}\n", "\u{0}0\u{feff}"),
        ];
        for (base, theirs, ours) in cases {
            let result = merged(base, theirs, ours);
            assert!(parse_page(&result.storage).is_ok(), "{:?}", result.storage);
        }
        let base = "\u{feff}<p>a</p><p>b</p>";
        let result = merged(base, &base.replace('b', "b2"), &base.replace('a', "a2"));
        assert_eq!(result.storage, "\u{feff}<p>a2</p><p>b2</p>");
        assert_eq!(result.conflicts, 0);
    }

    #[test]
    fn a_version_that_is_not_storage_format_cannot_be_merged() {
        assert!(merge("<p>ok</p>", "<p>broken", "<p>ok</p>").is_err());
        assert!(merge("<p>ok</p>", "<p>ok</p>", "</p>").is_err());
        assert!(merge("<p", "<p>ok</p>", "<p>ok</p>").is_err());
    }

    #[cfg(not(js_engine))]
    /// The words of a page's readable text.
    fn words(page: &str) -> std::collections::HashSet<String> {
        parse_page(page)
            .unwrap_or_default()
            .iter()
            .flat_map(|block| {
                block
                    .text
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// A base page and two independent edits of it (the person's and the model's).
    #[cfg(not(js_engine))]
    fn three_versions() -> impl Strategy<Value = (String, String, String)> {
        (page_blocks(), edits(), edits()).prop_map(|(base, theirs, ours)| {
            (
                base.concat(),
                edited(&base, &theirs).concat(),
                edited(&base, &ours).concat(),
            )
        })
    }

    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn with_no_edit_by_a_person_the_result_is_the_generated_page(
            (base, _, ours) in three_versions(),
        ) {
            prop_assert_eq!(merged(&base, &base, &ours), Merged { storage: ours, conflicts: 0 });
        }

        #[test]
        fn with_nothing_generated_the_result_is_the_persons_page(
            (base, theirs, _) in three_versions(),
        ) {
            prop_assert_eq!(merged(&base, &theirs, &base), Merged { storage: theirs, conflicts: 0 });
        }

        #[test]
        fn the_same_edit_on_both_sides_is_the_result(
            (base, theirs, _) in three_versions(),
        ) {
            prop_assert_eq!(merged(&base, &theirs, &theirs), Merged { storage: theirs, conflicts: 0 });
        }

        #[test]
        fn no_block_of_the_base_is_written_more_often_than_either_side_holds_it(
            (base, theirs, ours) in three_versions(),
        ) {
            let result = merged(&base, &theirs, &ours);
            let count = |page: &str| {
                let mut counts = HashMap::new();
                for source in sources(page).unwrap_or_default() {
                    if !source.trim().is_empty() && !source.starts_with(PANEL_OPEN) {
                        *counts.entry(source.trim_end().to_owned()).or_insert(0usize) += 1;
                    }
                }
                counts
            };
            let (sides, written, before) = ((count(&theirs), count(&ours)), count(&result.storage), count(&base));
            for (source, n) in written.iter().filter(|(source, _)| before.contains_key(*source)) {
                let most = sides.0.get(source).copied().unwrap_or(0).max(sides.1.get(source).copied().unwrap_or(0));
                prop_assert!(*n <= most, "{source:?} {n} times in {}", result.storage);
            }
        }

        #[test]
        fn every_word_a_person_added_is_in_the_result_and_the_result_parses(
            (base, theirs, ours) in three_versions(),
        ) {
            let result = merged(&base, &theirs, &ours);
            prop_assert!(parse_page(&result.storage).is_ok(), "{}", result.storage);
            let kept = words(&result.storage);
            let before = words(&base);
            for word in words(&theirs).difference(&before) {
                prop_assert!(kept.contains(word), "lost {word:?} in {}", result.storage);
            }
        }
    }
}
