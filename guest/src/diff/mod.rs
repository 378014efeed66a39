//! Reviewable, replayable changes between two versions of a page (P6).
//!
//! Before Sync-o's update of a page is accepted, a person can look at what it changes, and a
//! program can check or replay it. This module aligns the top-level blocks of both versions with
//! `imara-diff` (histogram diff over interned block sources), recognises blocks that only moved,
//! pairs a removed and an added block of the same kind into one changed block with a word-level
//! diff (`similar`), and renders the result three ways: a one-line summary, a JSON edit script
//! that [`apply`] replays byte for byte, and a self-contained HTML review page.
//!
//! Most of a page is usually unchanged. Splitting the two versions together finds the new
//! blocks that copy old ones byte for byte, and long runs of such copies anchor the alignment:
//! only the gaps between them are diffed (see `Alignment::of`).
//!
//! Blocks are compared by their source with surrounding whitespace trimmed, so re-indenting a
//! page is not a change for a reader; the edit script still records the new whitespace so that
//! replaying it rebuilds the new page exactly.
//!
//! The work is bounded on hostile input, and documented here:
//! - Block alignment is `imara-diff`'s histogram diff, which falls back to its Myers diff with
//!   git's cost heuristics on repetitive input (roughly `O(N^1.5)` at worst). Beyond
//!   [`MAX_ALIGNED_BLOCKS`] blocks a side, blocks are aligned by common prefix and suffix only,
//!   which is linear. Anchors only split that work into gaps, and the limit counts the blocks of
//!   all the gaps together; when anchored alignment finds a move, the page is aligned once more
//!   without them, so at most twice the work.
//! - Moves are found with one lookup per changed block, by the number `imara-diff` interned its
//!   source as (linear).
//! - Word diffs (`similar`'s Myers, `O((N+M)·D)`) run only on pairs of at most
//!   [`MAX_WORD_DIFF_BYTES`], and each charges the square of its changed middle (after the common
//!   leading and trailing words) against [`WORD_DIFF_BUDGET`] per comparison; once the budget is
//!   spent, changed blocks are shown wholly replaced. So word-level work is at most linear in the
//!   input plus `WORD_DIFF_BUDGET` steps.
//!
//! Page text is untrusted: the review shows only the blocks' readable text, HTML-escaped, never
//! their markup, and the page forbids scripts and external assets.
//!
//! # Layout
//!
//! This module holds the entry points ([`compare`], [`apply`]) and the types every stage
//! shares (a page's blocks as the diff sees them, the steps of the block-level edit script).
//! The stages are one file each, in the order they run: `align` (blocks lined up, moves and
//! changed pairs found), `words` (the word diff inside a changed block), then the three
//! outputs: `summary`, `script` (the JSON edit script and its replay) and `review` (the HTML
//! page). The files share one namespace (each starts with `use super::*`, and this module
//! glob-imports each of them); their items are `pub(super)`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::hash::Hash;
use std::ops::Range;

use imara_diff::{Algorithm, Diff, InternedInput, Interner, NoSliderHeuristic, Token};
use serde::Deserialize;
use similar::{ChangeTag, TextDiff};

use crate::bytes::{common_prefix_len, common_suffix_len, same};
use crate::escape::{html_into, json_string_into};
use crate::storage::{Piece, block_text, split_pair, split_pieces};
use crate::types::{BlockKind, DocumentError, MAX_DOCUMENT_BYTES};

mod align;
mod review;
mod script;
mod summary;
mod words;
#[cfg(test)]
mod tests;

use align::*;
use review::*;
use script::*;
use summary::*;
use words::*;
pub(crate) use align::align_blocks;

/// A reviewable change between two versions of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// One line, e.g. "2 paragraphs changed, 1 list added, 1 table moved", or "no changes".
    pub summary: String,
    /// The block-level edit script as compact JSON (see [`compare`] for its ops); [`apply`]
    /// replays it on the old page.
    pub edit_script: String,
    /// A self-contained HTML5 page showing the change for a person to approve or reject.
    pub html: String,
    /// How many blocks differ: each changed pair, added, removed and moved block counts once.
    pub changed_blocks: u32,
}

/// Compares two page bodies in storage format. Fails when either does not parse.
///
/// The edit script is a JSON array of ops, in the order of the new page, that together mention
/// every block of the old page once and produce every block of the new page in order:
/// - `{"op":"equal","old":i,"new":j,"count":n}`: `n` blocks kept as they were. With a `source`
///   (and `count` 1), the block's content is the same but the whitespace around it changed, and
///   `source` is the new block.
/// - `{"op":"insert","kind":k,"new":j,"source":s}`: a new block.
/// - `{"op":"delete","kind":k,"old":i}`: a removed block.
/// - `{"op":"replace","kind":k,"old":i,"new":j,"words":[[tag,text],…],"source":s}`: a changed
///   block; `words` is the word diff of its text (`=` kept, `-` removed, `+` added).
/// - `{"op":"move","kind":k,"old":i,"new":j}`: a block that moved unchanged (with a `source`
///   when only its surrounding whitespace changed).
pub fn compare(old: &str, new: &str) -> Result<Review, DocumentError> {
    let (old_pieces, new_pieces) = split_pair(old, new)?;
    Ok(review_blocks(
        old_pieces.into_iter().map(Part::from).collect(),
        new_pieces.into_iter().map(Part::from).collect(),
    ))
}

/// The review of two versions' blocks.
fn review_blocks<'a>(mut old_blocks: Vec<Part<'a>>, mut new_blocks: Vec<Part<'a>>) -> Review {
    let alignment = Alignment::of(&old_blocks, &new_blocks);
    alignment.read_changed_texts(&mut old_blocks, &mut new_blocks);
    let steps = alignment.steps(&old_blocks, &new_blocks);
    let changed = steps.iter().filter(|step| step.is_visible_change()).count();
    let summary = summarize(&steps);
    Review {
        edit_script: script_json(&edit_ops(&steps, &old_blocks, &new_blocks)),
        html: render(&summary, &steps),
        summary,
        changed_blocks: u32::try_from(changed).unwrap_or(u32::MAX),
    }
}

/// Rebuilds the new page from the old page and the edit script [`compare`] made for them:
/// `apply(old, &compare(old, new)?.edit_script)` is `new`, byte for byte.
///
/// Fails with `InvalidMarkup` when `old` does not parse, `MalformedJson` when the script is not
/// JSON, `MissingField` when an op lacks a field or does not fit the page (an index out of range
/// or out of order, an old block used twice or never), and `TooLarge` when the result would
/// exceed [`MAX_DOCUMENT_BYTES`].
pub fn apply(old: &str, edit_script: &str) -> Result<String, DocumentError> {
    let blocks = split_pieces(old)?;
    let ops: Vec<ScriptOp> = serde_json::from_str(edit_script).map_err(script_error)?;
    let mut replay = Replay::new(&blocks);
    for (position, op) in ops.iter().enumerate() {
        replay.op(position, op)?;
    }
    replay.finish()
}

/// Sequences longer than this (blocks of one version; for a page, the blocks of all the gaps
/// between anchors together) are aligned by common prefix and suffix only, which keeps the work
/// linear on hostile input.
pub const MAX_ALIGNED_BLOCKS: usize = 50_000;

/// Texts longer than this together are shown as wholly replaced instead of diffed word by word.
pub const MAX_WORD_DIFF_BYTES: usize = 32 * 1024;

/// The word-diff work one comparison may do, in Myers steps: each word diff is charged the
/// square of the byte length of its changed middle, an upper bound of its cost.
pub const WORD_DIFF_BUDGET: u64 = 1 << 26;

/// A block of one version as the diff sees it: borrowed from its page, with its readable text
/// read only if it shows in the review.
struct Part<'a> {
    kind: BlockKind,
    source: &'a str,
    /// `source` with surrounding whitespace trimmed, what the block is compared by (trimmed
    /// once: alignment, the steps and the review each ask for it).
    key: &'a str,
    text: String,
    /// The old block whose element this new block's is, byte for byte (see [`split_pair`]).
    same_as: Option<usize>,
}

impl<'a> From<Piece<'a>> for Part<'a> {
    fn from(piece: Piece<'a>) -> Self {
        Part {
            kind: piece.kind,
            source: piece.source,
            key: piece.source.trim(),
            text: String::new(),
            same_as: piece.same_as,
        }
    }
}

impl<'a> Part<'a> {
    /// What the block is compared by: its source with surrounding whitespace trimmed.
    fn key(&self) -> &'a str {
        self.key
    }

    /// Whether the block shows in a review: a whitespace-only block (a blank page) does not.
    fn is_visible(&self) -> bool {
        !self.key().is_empty()
    }
}

/// A block with its index in the page's block list.
#[derive(Clone, Copy)]
struct Indexed<'a> {
    index: usize,
    block: &'a Part<'a>,
}

impl Indexed<'_> {
    /// Whether the block shows in a review (see [`Part::is_visible`]).
    fn is_visible(&self) -> bool {
        self.block.is_visible()
    }
}

/// One step of the block-level edit script.
enum Step<'a> {
    /// `count` blocks unchanged (up to surrounding whitespace), starting at `old` and `new`.
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
        words: Vec<Words<'a>>,
    },
    /// A block removed in one place and inserted unchanged in another.
    Move { old: Indexed<'a>, new: Indexed<'a> },
}

impl Step<'_> {
    /// Whether a person would see this step as a change (not equal, not only blank blocks).
    fn is_visible_change(&self) -> bool {
        match self {
            Step::Equal { .. } => false,
            Step::Insert(item) | Step::Delete(item) => item.is_visible(),
            Step::Replace { old, new, .. } | Step::Move { old, new } => {
                old.is_visible() || new.is_visible()
            }
        }
    }

    /// The index in the new page of the block this step produces, if it produces one.
    fn new_index(&self) -> Option<usize> {
        match self {
            Step::Equal { new, .. } => Some(*new),
            Step::Insert(item) => Some(item.index),
            Step::Replace { new, .. } | Step::Move { new, .. } => Some(new.index),
            Step::Delete(_) => None,
        }
    }
}

/// A run of words with the same fate: a piece of one of the two texts where it can be (a run
/// is almost always one stretch of a text), else a copy.
struct Words<'a> {
    tag: ChangeTag,
    text: Cow<'a, str>,
}
