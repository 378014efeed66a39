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

/// A stretch of two aligned sequences: equal on both sides, or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stretch {
    /// Whether the stretch is the same on both sides.
    pub(crate) equal: bool,
    /// Its range in the old sequence.
    pub(crate) old: Range<usize>,
    /// Its range in the new sequence.
    pub(crate) new: Range<usize>,
}

/// Aligns two sequences (block sources, or kinds) with `imara-diff` when both are within
/// [`MAX_ALIGNED_BLOCKS`], else by common prefix and suffix around one changed middle. The
/// stretches cover both sequences in order, and changed stretches are maximal. Shared with the
/// merge so both see the same alignment.
pub(crate) fn align_blocks<T: Eq + Hash>(
    algorithm: Algorithm,
    old: &[T],
    new: &[T],
) -> Vec<Stretch> {
    if old == new {
        // One equal stretch, as imara-diff would find, without interning (the common case of
        // pairing the kinds of a changed stretch).
        return prefix_suffix_stretches(old, new);
    }
    let mut input = InternedInput {
        before: Vec::with_capacity(old.len()),
        after: Vec::with_capacity(new.len()),
        interner: Interner::new(old.len() + new.len()),
    };
    input.update_before(old.iter());
    input.update_after(new.iter());
    align_tokens(
        algorithm,
        &input.before,
        &input.after,
        input.interner.num_tokens(),
    )
}

/// [`align_blocks`] on sequences already interned (`num_tokens` distinct tokens).
fn align_tokens(
    algorithm: Algorithm,
    before: &[Token],
    after: &[Token],
    num_tokens: u32,
) -> Vec<Stretch> {
    if before.len().max(after.len()) > MAX_ALIGNED_BLOCKS {
        return prefix_suffix_stretches(before, after);
    }
    let mut diff = Diff::default();
    diff.compute_with(algorithm, before, after, num_tokens);
    diff.postprocess_with(before, after, NoSliderHeuristic);
    let mut stretches = Vec::new();
    let (mut old_at, mut new_at) = (0, 0);
    for hunk in diff.hunks() {
        let before = hunk.before.start as usize..hunk.before.end as usize;
        let after = hunk.after.start as usize..hunk.after.end as usize;
        push_equal(
            &mut stretches,
            old_at,
            new_at,
            before.start.saturating_sub(old_at),
        );
        (old_at, new_at) = (before.end, after.end);
        stretches.push(Stretch {
            equal: false,
            old: before,
            new: after,
        });
    }
    push_equal(
        &mut stretches,
        old_at,
        new_at,
        before.len().saturating_sub(old_at),
    );
    stretches
}

impl Stretch {
    /// The stretch with its ranges moved forward by `old` and `new`.
    fn shifted(self, old: usize, new: usize) -> Stretch {
        Stretch {
            equal: self.equal,
            old: self.old.start + old..self.old.end + old,
            new: self.new.start + new..self.new.end + new,
        }
    }
}

/// Appends a stretch that follows the last one, joining it to the last when both are equal.
fn push_stretch(stretches: &mut Vec<Stretch>, stretch: Stretch) {
    match stretches.last_mut() {
        Some(last) if last.equal && stretch.equal => {
            last.old.end = stretch.old.end;
            last.new.end = stretch.new.end;
        }
        _ => stretches.push(stretch),
    }
}

fn push_equal(stretches: &mut Vec<Stretch>, old: usize, new: usize, len: usize) {
    if len > 0 {
        stretches.push(Stretch {
            equal: true,
            old: old..old + len,
            new: new..new + len,
        });
    }
}

/// The stretches of a linear-time alignment: the common prefix, the changed middle, the common
/// suffix.
fn prefix_suffix_stretches<T: Eq>(old: &[T], new: &[T]) -> Vec<Stretch> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()).saturating_sub(prefix);
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let old_end = old.len().saturating_sub(suffix);
    let new_end = new.len().saturating_sub(suffix);
    let mut stretches = Vec::new();
    push_equal(&mut stretches, 0, 0, prefix);
    if old_end > prefix || new_end > prefix {
        stretches.push(Stretch {
            equal: false,
            old: prefix..old_end,
            new: prefix..new_end,
        });
    }
    push_equal(&mut stretches, old_end, new_end, suffix);
    stretches
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

/// A block of one version as the diff sees it: borrowed from its page, with its readable text
/// read only if it shows in the review.
struct Part<'a> {
    kind: BlockKind,
    source: &'a str,
    text: String,
    /// The old block whose element this new block's is, byte for byte (see [`split_pair`]).
    same_as: Option<usize>,
}

impl<'a> From<Piece<'a>> for Part<'a> {
    fn from(piece: Piece<'a>) -> Self {
        Part {
            kind: piece.kind,
            source: piece.source,
            text: String::new(),
            same_as: piece.same_as,
        }
    }
}

impl Part<'_> {
    /// What the block is compared by: its source with surrounding whitespace trimmed.
    fn key(&self) -> &str {
        self.source.trim()
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

/// How the blocks of two versions line up: stretches of equal and changed blocks, and the
/// blocks that moved.
struct Alignment {
    stretches: Vec<Stretch>,
    moves: Moves,
}

impl Alignment {
    /// Aligns blocks by their trimmed sources and finds the moved ones.
    ///
    /// Long runs of copied blocks ([`anchors`]) are taken as aligned, and only the gaps between
    /// them are diffed. Copies were paired greedily, so an anchor may pair a repeated run of
    /// blocks with the wrong copy of it; the sign of that is a block that seems to move (it was
    /// skipped over to reach the anchor, and turns up elsewhere). So when anchored alignment
    /// finds a move, the whole page is aligned again without anchors.
    fn of(old: &[Part<'_>], new: &[Part<'_>]) -> Alignment {
        let anchors = anchors(old.len(), new);
        if !anchors.is_empty() {
            let anchored = Alignment::around(anchors, old, new);
            if !anchored.moves.any() {
                return anchored;
            }
        }
        Alignment::around(Vec::new(), old, new)
    }

    /// The alignment that keeps `anchors` (equal stretches, in order) and diffs the gaps between
    /// them, all with one interner so that a block moved from one gap to another is found.
    fn around(anchors: Vec<Stretch>, old: &[Part<'_>], new: &[Part<'_>]) -> Alignment {
        let gaps = gaps(&anchors, old.len(), new.len());
        let mut interner =
            Interner::new(gaps.iter().map(|gap| gap.old.len() + gap.new.len()).sum());
        let old_tokens = gap_tokens(old, gaps.iter().map(|gap| gap.old.clone()), &mut interner);
        let new_tokens = gap_tokens(new, gaps.iter().map(|gap| gap.new.clone()), &mut interner);
        let num_tokens = interner.num_tokens();
        let mut renumbering = Renumbering::for_tokens(num_tokens);
        let linear = beyond_the_alignment_limit(&gaps);
        let mut stretches = Vec::new();
        let mut anchors = anchors.into_iter();
        for gap in &gaps {
            let old_gap = old_tokens.get(gap.old.clone()).unwrap_or_default();
            let new_gap = new_tokens.get(gap.new.clone()).unwrap_or_default();
            let aligned = if linear {
                prefix_suffix_stretches(old_gap, new_gap)
            } else {
                let (old_gap, new_gap, gap_tokens) = renumbering.apply(old_gap, new_gap);
                align_tokens(Algorithm::Histogram, &old_gap, &new_gap, gap_tokens)
            };
            for stretch in aligned {
                push_stretch(
                    &mut stretches,
                    stretch.shifted(gap.old.start, gap.new.start),
                );
            }
            if let Some(anchor) = anchors.next() {
                push_stretch(&mut stretches, anchor);
            }
        }
        let moves = find_moves(&stretches, old, &old_tokens, &new_tokens, num_tokens);
        Alignment { stretches, moves }
    }

    /// Reads the text of the blocks in changed stretches, the only ones whose text shows.
    fn read_changed_texts<'a>(&self, old: &mut [Part<'a>], new: &mut [Part<'a>]) {
        for stretch in self.stretches.iter().filter(|stretch| !stretch.equal) {
            for (blocks, range) in [(&mut *old, &stretch.old), (&mut *new, &stretch.new)] {
                for block in blocks.get_mut(range.clone()).unwrap_or_default() {
                    block.text = block_text(block.source);
                }
            }
        }
    }

    /// The steps: equal runs, moves at their new places, and the rest paired by kind.
    fn steps<'a>(&self, old: &'a [Part<'a>], new: &'a [Part<'a>]) -> Vec<Step<'a>> {
        let mut budget = WORD_DIFF_BUDGET;
        let mut steps = Vec::new();
        for stretch in &self.stretches {
            if stretch.equal {
                steps.push(Step::Equal {
                    old: stretch.old.start,
                    new: stretch.new.start,
                    count: stretch.old.len(),
                });
                continue;
            }
            changed_stretch(old, new, stretch, &self.moves, &mut budget, &mut steps);
        }
        steps
    }
}

/// How many consecutive copied blocks make an anchor (see [`anchors`]).
const MIN_ANCHOR_RUN: usize = 8;

/// The runs of at least [`MIN_ANCHOR_RUN`] new blocks that copy consecutive old blocks byte for
/// byte (their `same_as`, found while splitting the pair), as equal stretches in order.
///
/// Any run of equal blocks on both sides is a valid part of an alignment; splitting the diff at
/// long ones saves hashing and diffing what is plainly unchanged (most of a page, usually). The
/// copies were matched greedily, so a short run may pair a repeated block with the wrong copy
/// of it; requiring long runs leaves those to the histogram diff of the gaps.
fn anchors(old_len: usize, new: &[Part<'_>]) -> Vec<Stretch> {
    let mut anchors: Vec<Stretch> = Vec::new();
    let mut run: Option<Stretch> = None;
    for (index, part) in new.iter().enumerate() {
        if let (Some(current), Some(from)) = (run.as_mut(), part.same_as)
            && current.old.end == from
            && current.new.end == index
        {
            current.old.end += 1;
            current.new.end += 1;
            continue;
        }
        if let Some(done) = run.take() {
            push_anchor(&mut anchors, done, old_len);
        }
        run = part.same_as.map(|from| Stretch {
            equal: true,
            old: from..from + 1,
            new: index..index + 1,
        });
    }
    if let Some(done) = run {
        push_anchor(&mut anchors, done, old_len);
    }
    anchors
}

/// Keeps a run as an anchor when it is long enough and lies after the last anchor and within
/// the old page (as copies always do; checked so that the gaps are always valid ranges).
fn push_anchor(anchors: &mut Vec<Stretch>, run: Stretch, old_len: usize) {
    let after_last = anchors
        .last()
        .is_none_or(|last| last.old.end <= run.old.start);
    if run.old.len() >= MIN_ANCHOR_RUN && after_last && run.old.end <= old_len {
        anchors.push(run);
    }
}

/// The stretches between anchors (and before the first and after the last), which the diff
/// aligns; as many as the anchors plus one, possibly empty.
fn gaps(anchors: &[Stretch], old_len: usize, new_len: usize) -> Vec<Stretch> {
    let (mut old_at, mut new_at) = (0, 0);
    let mut gaps = Vec::with_capacity(anchors.len() + 1);
    for anchor in anchors {
        gaps.push(Stretch {
            equal: false,
            old: old_at..anchor.old.start,
            new: new_at..anchor.new.start,
        });
        (old_at, new_at) = (anchor.old.end, anchor.new.end);
    }
    gaps.push(Stretch {
        equal: false,
        old: old_at..old_len,
        new: new_at..new_len,
    });
    gaps
}

/// Whether the gaps hold more than [`MAX_ALIGNED_BLOCKS`] blocks of one version together, so
/// that each is aligned by its common prefix and suffix only. The limit counts all the gaps:
/// their alignments' costs add up, and they may cost no more than one alignment at the limit.
fn beyond_the_alignment_limit(gaps: &[Stretch]) -> bool {
    let old: usize = gaps.iter().map(|gap| gap.old.len()).sum();
    let new: usize = gaps.iter().map(|gap| gap.new.len()).sum();
    old.max(new) > MAX_ALIGNED_BLOCKS
}

/// One token per block: the interned key of each block in the given ranges, and a token that
/// is never interned for the others (anchored blocks, which nothing looks up).
fn gap_tokens<'a>(
    blocks: &'a [Part<'a>],
    ranges: impl Iterator<Item = Range<usize>>,
    interner: &mut Interner<&'a str>,
) -> Vec<Token> {
    let mut tokens = vec![Token(u32::MAX); blocks.len()];
    for range in ranges {
        let (Some(slots), Some(parts)) = (tokens.get_mut(range.clone()), blocks.get(range)) else {
            continue;
        };
        for (slot, part) in slots.iter_mut().zip(parts) {
            *slot = interner.intern(part.key());
        }
    }
    tokens
}

/// Renumbers the tokens of one gap from zero. The histogram diff sets up a table as large as
/// the number of tokens it is told of; told of every token of the page for every gap, it would
/// set up a table the size of the page's tokens once per gap.
struct Renumbering {
    /// For each page token, its number in the gap being renumbered, or `u32::MAX`.
    local: Vec<u32>,
}

impl Renumbering {
    fn for_tokens(num_tokens: u32) -> Self {
        Renumbering {
            local: vec![u32::MAX; usize::try_from(num_tokens).unwrap_or(0)],
        }
    }

    /// Both sides of a gap renumbered (equal tokens stay equal), and how many distinct tokens
    /// they hold. Leaves the table clear for the next gap.
    fn apply(&mut self, old: &[Token], new: &[Token]) -> (Vec<Token>, Vec<Token>, u32) {
        let mut next = 0u32;
        let mut renumber = |token: &Token| {
            let slot = self.local.get_mut(token.0 as usize);
            match slot {
                Some(number) if *number != u32::MAX => Token(*number),
                _ => {
                    let number = next;
                    next += 1;
                    if let Some(slot) = slot {
                        *slot = number;
                    }
                    Token(number)
                }
            }
        };
        let old_local: Vec<Token> = old.iter().map(&mut renumber).collect();
        let new_local: Vec<Token> = new.iter().map(&mut renumber).collect();
        for token in old.iter().chain(new) {
            if let Some(slot) = self.local.get_mut(token.0 as usize) {
                *slot = u32::MAX;
            }
        }
        (old_local, new_local, next)
    }
}

/// The moves between changed stretches: blocks whose trimmed source was removed in one place
/// and added in another (each removed block matches at most one added block, earliest first).
struct Moves {
    /// For each new block, the old block it moved from.
    from: Vec<Option<usize>>,
    /// For each old block, whether it moved.
    moved: Vec<bool>,
}

impl Moves {
    fn from(&self, new_index: usize) -> Option<usize> {
        self.from.get(new_index).copied().flatten()
    }

    fn moved(&self, old_index: usize) -> bool {
        self.moved.get(old_index).copied().unwrap_or(false)
    }

    /// Whether any block moved.
    fn any(&self) -> bool {
        self.moved.contains(&true)
    }
}

/// Finds the moves with one lookup per changed block, in buckets indexed by the number
/// `imara-diff` interned each trimmed source as (equal sources, equal numbers). No hash map of
/// our own: std's ask WASI for a seed, and diffing needs no capability at all.
fn find_moves(
    stretches: &[Stretch],
    old: &[Part<'_>],
    old_tokens: &[Token],
    new_tokens: &[Token],
    num_tokens: u32,
) -> Moves {
    let changed = || stretches.iter().filter(|stretch| !stretch.equal);
    let tokens = usize::try_from(num_tokens).unwrap_or(usize::MAX);
    let mut removed: Vec<Vec<usize>> = vec![Vec::new(); tokens];
    for index in changed().flat_map(|stretch| stretch.old.clone()).rev() {
        let visible = old.get(index).is_some_and(Part::is_visible);
        let token = old_tokens.get(index).map(|token| token.0 as usize);
        if let Some(indices) = token.filter(|_| visible).and_then(|t| removed.get_mut(t)) {
            indices.push(index);
        }
    }
    let mut moves = Moves {
        from: vec![None; new_tokens.len()],
        moved: vec![false; old_tokens.len()],
    };
    for index in changed().flat_map(|stretch| stretch.new.clone()) {
        let token = new_tokens.get(index).map(|token| token.0 as usize);
        let candidates = token.and_then(|token| removed.get_mut(token));
        let Some(old_index) = candidates.and_then(Vec::pop) else {
            continue;
        };
        if let (Some(from), Some(moved)) =
            (moves.from.get_mut(index), moves.moved.get_mut(old_index))
        {
            *from = Some(old_index);
            *moved = true;
        }
    }
    moves
}

/// The steps of one changed stretch: its moved blocks at their new places, the rest paired by
/// kind.
fn changed_stretch<'a>(
    old: &'a [Part<'a>],
    new: &'a [Part<'a>],
    stretch: &Stretch,
    moves: &Moves,
    budget: &mut u64,
    steps: &mut Vec<Step<'a>>,
) {
    let old_part: Vec<Indexed<'a>> = indexed(old, stretch.old.clone())
        .filter(|item| !moves.moved(item.index))
        .collect();
    let (moved, new_part): (Vec<Indexed<'a>>, Vec<Indexed<'a>>) =
        indexed(new, stretch.new.clone()).partition(|item| moves.from(item.index).is_some());
    let mut paired = Vec::new();
    pair_changed(&old_part, &new_part, budget, &mut paired);
    let mut moved = moved
        .into_iter()
        .filter_map(|item| {
            let from = moves.from(item.index)?;
            let block = old.get(from)?;
            Some(Step::Move {
                old: Indexed { index: from, block },
                new: item,
            })
        })
        .peekable();
    for step in paired {
        if let Some(at) = step.new_index() {
            while let Some(next) = moved.next_if(|next| next.new_index() < Some(at)) {
                steps.push(next);
            }
        }
        steps.push(step);
    }
    steps.extend(moved);
}

fn indexed<'a>(blocks: &'a [Part<'a>], range: Range<usize>) -> impl Iterator<Item = Indexed<'a>> {
    let start = range.start;
    blocks
        .get(range)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(move |(offset, block)| Indexed {
            index: start + offset,
            block,
        })
}

/// Within a changed region, pairs removed and added blocks of the same kind (in order, as many
/// as Myers finds in the sequences of kinds) into replacements; the rest are plain deletions and
/// insertions. Blank blocks never pair with visible ones.
fn pair_changed<'a>(
    old: &[Indexed<'a>],
    new: &[Indexed<'a>],
    budget: &mut u64,
    steps: &mut Vec<Step<'a>>,
) {
    let old_kinds: Vec<usize> = old.iter().map(pairing_rank).collect();
    let new_kinds: Vec<usize> = new.iter().map(pairing_rank).collect();
    for stretch in align_blocks(Algorithm::Myers, &old_kinds, &new_kinds) {
        let old_part = old.get(stretch.old.clone()).unwrap_or_default();
        let new_part = new.get(stretch.new.clone()).unwrap_or_default();
        if stretch.equal {
            steps.extend(
                old_part
                    .iter()
                    .zip(new_part)
                    .map(|(o, n)| replacement(*o, *n, budget)),
            );
        } else {
            steps.extend(old_part.iter().copied().map(Step::Delete));
            steps.extend(new_part.iter().copied().map(Step::Insert));
        }
    }
}

/// The kind's rank, with blank blocks in a class of their own.
fn pairing_rank(item: &Indexed<'_>) -> usize {
    if item.is_visible() {
        kind_rank(item.block.kind)
    } else {
        KINDS.len() + 1
    }
}

fn replacement<'a>(old: Indexed<'a>, new: Indexed<'a>, budget: &mut u64) -> Step<'a> {
    Step::Replace {
        old,
        new,
        words: word_diff(&old.block.text, &new.block.text, budget),
    }
}

/// The word-level diff of two texts, with neighbouring words of the same fate joined; shown as
/// wholly replaced when the texts are too long or the comparison's budget is spent. The common
/// leading and trailing words are set aside first, so `similar` tokenizes only the changed middle;
/// the diff stays minimal (matching a common prefix and suffix never loses a common word).
fn word_diff<'a>(old: &'a str, new: &'a str, budget: &mut u64) -> Vec<Words<'a>> {
    if old.len() + new.len() > MAX_WORD_DIFF_BYTES {
        return whole_text_change(old, new);
    }
    let (prefix, suffix) = common_words(old, new);
    let old_middle = old.get(prefix..old.len() - suffix).unwrap_or_default();
    let new_middle = new.get(prefix..new.len() - suffix).unwrap_or_default();
    let cost = word_diff_cost(old_middle.len() + new_middle.len());
    if cost > *budget {
        return whole_text_change(old, new);
    }
    *budget -= cost;
    let mut runs = Runs {
        runs: Vec::new(),
        texts: [old, new],
    };
    runs.push(ChangeTag::Equal, old.get(..prefix).unwrap_or_default());
    if old_middle.is_empty() || new_middle.is_empty() {
        // Words only added or only removed (the usual small edit): what the diff of the
        // middle would be, without tokenizing it.
        runs.push(ChangeTag::Delete, old_middle);
        runs.push(ChangeTag::Insert, new_middle);
    } else {
        for change in TextDiff::from_words(old_middle, new_middle).iter_all_changes() {
            runs.push(change.tag(), change.value());
        }
    }
    runs.push(
        ChangeTag::Equal,
        old.get(old.len() - suffix..).unwrap_or_default(),
    );
    runs.runs
}

/// Word runs being built from pieces of the two texts.
struct Runs<'a> {
    runs: Vec<Words<'a>>,
    /// The old and the new text, which the pieces come from.
    texts: [&'a str; 2],
}

impl<'a> Runs<'a> {
    /// Appends words to the last run when it has the same fate (as the same stretch of a text
    /// when they follow it there), else as a new run.
    fn push(&mut self, tag: ChangeTag, text: &'a str) {
        if text.is_empty() {
            return;
        }
        let Some(last) = self.runs.last_mut().filter(|last| last.tag == tag) else {
            self.runs.push(Words {
                tag,
                text: Cow::Borrowed(text),
            });
            return;
        };
        let joined = self
            .texts
            .iter()
            .find_map(|whole| adjoining(whole, &last.text, text));
        match joined {
            Some(joined) => last.text = Cow::Borrowed(joined),
            None => last.text.to_mut().push_str(text),
        }
    }
}

/// `first` and `second` as one stretch of `whole`, when both lie in it and `second` directly
/// follows `first` there (told by their addresses).
fn adjoining<'a>(whole: &'a str, first: &str, second: &str) -> Option<&'a str> {
    let base = whole.as_ptr() as usize;
    let start = (first.as_ptr() as usize).checked_sub(base)?;
    let middle = (second.as_ptr() as usize).checked_sub(base)?;
    if start + first.len() != middle {
        return None;
    }
    whole.get(start..middle + second.len())
}

/// The byte lengths of the common prefix and suffix of two texts, each ending at a word boundary
/// (a change between whitespace and not) in both, so both texts tokenize the same way around them.
fn common_words(old: &str, new: &str) -> (usize, usize) {
    let mut prefix = common_prefix_len(old.as_bytes(), new.as_bytes());
    while prefix > 0 && !(is_word_boundary(old, prefix) && is_word_boundary(new, prefix)) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = common_suffix_len(old.as_bytes(), new.as_bytes()).min(room);
    while suffix > 0
        && !(is_word_boundary(old, old.len() - suffix) && is_word_boundary(new, new.len() - suffix))
    {
        suffix -= 1;
    }
    (prefix, suffix)
}

/// Whether `at` is a character boundary of `text` where a word starts or ends (or the very start
/// or end).
fn is_word_boundary(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return false;
    };
    match (before.chars().next_back(), after.chars().next()) {
        (Some(b), Some(a)) => b.is_whitespace() != a.is_whitespace(),
        _ => true,
    }
}

/// An upper bound of the Myers steps of a word diff of a changed middle of `bytes` bytes: its
/// square, since a word is at least a byte (plus a little for empty middles).
fn word_diff_cost(bytes: usize) -> u64 {
    let tokens = u64::try_from(bytes).unwrap_or(u64::MAX).saturating_add(4);
    tokens.saturating_mul(tokens)
}

/// A change shown without word detail: all old text removed, all new text inserted.
fn whole_text_change<'a>(old: &'a str, new: &'a str) -> Vec<Words<'a>> {
    if old == new {
        return vec![Words {
            tag: ChangeTag::Equal,
            text: Cow::Borrowed(old),
        }];
    }
    [(ChangeTag::Delete, old), (ChangeTag::Insert, new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(tag, text)| Words {
            tag,
            text: Cow::Borrowed(text),
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

/// The verbs of the summary, in its column order.
const VERBS: [&str; 4] = ["changed", "added", "removed", "moved"];

/// "2 paragraphs changed, 1 list added, 1 table removed, 1 heading moved", kinds in [`KINDS`]
/// order, or "no changes".
fn summarize(steps: &[Step<'_>]) -> String {
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

/// One edit-script entry, as [`script_json`] writes it.
struct Op<'a> {
    op: &'static str,
    kind: Option<&'static str>,
    old: Option<usize>,
    new: Option<usize>,
    count: Option<usize>,
    words: Option<&'a [Words<'a>]>,
    source: Option<&'a str>,
}

impl Op<'_> {
    /// About how long the op is in JSON: its text, and room for its fields (escapes may add
    /// more; the script then grows as strings do).
    fn json_len_estimate(&self) -> usize {
        const FIELDS: usize = 64;
        const PER_RUN: usize = 8;
        let words = self.words.unwrap_or_default();
        let word_text: usize = words.iter().map(|run| run.text.len() + PER_RUN).sum();
        FIELDS + word_text + self.source.map_or(0, str::len)
    }

    const BLANK: Op<'static> = Op {
        op: "equal",
        kind: None,
        old: None,
        new: None,
        count: None,
        words: None,
        source: None,
    };
}

/// The edit script's ops; unchanged runs are collapsed into one `equal` op with a count, split
/// where a block's surrounding whitespace changed.
fn edit_ops<'a>(
    steps: &'a [Step<'a>],
    old_blocks: &[Part<'_>],
    new_blocks: &[Part<'a>],
) -> Vec<Op<'a>> {
    let mut ops: Vec<Op<'_>> = Vec::with_capacity(steps.len());
    for step in steps {
        match step {
            Step::Equal { old, new, count } => {
                equal_ops(*old, *new, *count, old_blocks, new_blocks, &mut ops);
            }
            other => ops.push(script_op(other)),
        }
    }
    ops
}

/// The ops as compact JSON, fields in the order of [`Op`] and absent ones left out: what
/// serde_json makes of them (a test holds it to that), written directly because serde_json
/// escapes strings a byte at a time, and the strings are most of a script (see
/// [`crate::escape`]).
fn script_json(ops: &[Op<'_>]) -> String {
    let mut json = String::with_capacity(ops.iter().map(Op::json_len_estimate).sum::<usize>() + 2);
    json.push('[');
    for (index, op) in ops.iter().enumerate() {
        if index > 0 {
            json.push(',');
        }
        write_op(&mut json, op);
    }
    json.push(']');
    json
}

/// Appends one op as a JSON object.
fn write_op(json: &mut String, op: &Op<'_>) {
    json.push_str("{\"op\":");
    json_string_into(json, op.op);
    if let Some(kind) = op.kind {
        json.push_str(",\"kind\":");
        json_string_into(json, kind);
    }
    let numbers = [
        (",\"old\":", op.old),
        (",\"new\":", op.new),
        (",\"count\":", op.count),
    ];
    for (field, value) in numbers {
        if let Some(value) = value {
            json.push_str(field);
            json.push_str(itoa::Buffer::new().format(value));
        }
    }
    if let Some(words) = op.words {
        json.push_str(",\"words\":[");
        for (index, run) in words.iter().enumerate() {
            if index > 0 {
                json.push(',');
            }
            json.push_str("[\"");
            json.push_str(tag_sign(run.tag));
            json.push_str("\",");
            json_string_into(json, &run.text);
            json.push(']');
        }
        json.push(']');
    }
    if let Some(source) = op.source {
        json.push_str(",\"source\":");
        json_string_into(json, source);
    }
    json.push('}');
}

/// The `equal` ops of an unchanged run: one per stretch of byte-identical blocks, and one with
/// the new `source` for each block whose whitespace changed.
fn equal_ops<'a>(
    old: usize,
    new: usize,
    count: usize,
    old_blocks: &[Part<'_>],
    new_blocks: &[Part<'a>],
    ops: &mut Vec<Op<'a>>,
) {
    let run = |start: usize, len: usize| Op {
        old: Some(old + start),
        new: Some(new + start),
        count: Some(len),
        ..Op::BLANK
    };
    let mut start = 0;
    for offset in 0..count {
        let before = old_blocks.get(old + offset).map(|block| block.source);
        let after = new_blocks.get(new + offset).map(|block| block.source);
        let unchanged = match (before, after) {
            (Some(before), Some(after)) => same(before.as_bytes(), after.as_bytes()),
            (before, after) => before == after,
        };
        if unchanged {
            continue;
        }
        if offset > start {
            ops.push(run(start, offset - start));
        }
        ops.push(Op {
            source: after,
            ..run(offset, 1)
        });
        start = offset + 1;
    }
    if count > start {
        ops.push(run(start, count - start));
    }
}

fn script_op<'a>(step: &'a Step<'a>) -> Op<'a> {
    match step {
        Step::Equal { old, new, count } => Op {
            old: Some(*old),
            new: Some(*new),
            count: Some(*count),
            ..Op::BLANK
        },
        Step::Insert(item) => Op {
            op: "insert",
            kind: Some(kind_name(item.block.kind)),
            new: Some(item.index),
            source: Some(item.block.source),
            ..Op::BLANK
        },
        Step::Delete(item) => Op {
            op: "delete",
            kind: Some(kind_name(item.block.kind)),
            old: Some(item.index),
            ..Op::BLANK
        },
        Step::Replace { old, new, words } => Op {
            op: "replace",
            kind: Some(kind_name(new.block.kind)),
            old: Some(old.index),
            new: Some(new.index),
            words: Some(words),
            source: Some(new.block.source),
            ..Op::BLANK
        },
        Step::Move { old, new } => Op {
            op: "move",
            kind: Some(kind_name(new.block.kind)),
            old: Some(old.index),
            new: Some(new.index),
            source: (old.block.source != new.block.source).then_some(new.block.source),
            ..Op::BLANK
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

/// One edit-script entry as read back by [`apply`] (`kind` and `words` are for people and are
/// not needed to replay).
#[derive(Deserialize)]
struct ScriptOp {
    op: String,
    old: Option<usize>,
    new: Option<usize>,
    count: Option<usize>,
    source: Option<String>,
}

/// The new page being rebuilt from the old page's blocks.
struct Replay<'a> {
    blocks: &'a [Piece<'a>],
    used: Vec<bool>,
    next_new: usize,
    out: String,
}

impl<'a> Replay<'a> {
    fn new(blocks: &'a [Piece<'a>]) -> Self {
        Replay {
            blocks,
            used: vec![false; blocks.len()],
            next_new: 0,
            out: String::new(),
        }
    }

    fn op(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        match op.op.as_str() {
            "equal" => self.equal(position, op),
            "insert" => {
                self.produce(position, op)?;
                self.push(required(position, "source", op.source.as_deref())?)
            }
            "delete" => self.consume(position, op.old).map(|_| ()),
            "replace" => {
                self.consume(position, op.old)?;
                self.produce(position, op)?;
                self.push(required(position, "source", op.source.as_deref())?)
            }
            "move" => {
                let block = self.consume(position, op.old)?;
                self.produce(position, op)?;
                self.push(op.source.as_deref().unwrap_or(block.source))
            }
            other => Err(DocumentError::MissingField(format!(
                "op {position}: expected `op` to be equal, insert, delete, replace or move, found `{other}`"
            ))),
        }
    }

    fn equal(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        let old = required(position, "old", op.old)?;
        let count = required(position, "count", op.count)?;
        if op.source.is_some() && count != 1 {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `count` 1 on an equal op with a `source`, found {count}"
            )));
        }
        self.produce_many(position, op, count)?;
        for index in old..old.saturating_add(count) {
            let block = self.consume(position, Some(index))?;
            let source = op.source.as_deref().unwrap_or(block.source);
            self.push(source)?;
        }
        Ok(())
    }

    /// Marks an old block as used and returns it.
    fn consume(
        &mut self,
        position: usize,
        old: Option<usize>,
    ) -> Result<&'a Piece<'a>, DocumentError> {
        let index = required(position, "old", old)?;
        let blocks = self.blocks;
        let (Some(block), Some(used)) = (blocks.get(index), self.used.get_mut(index)) else {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `old` below {}, the number of blocks of the old page, found {index}",
                blocks.len()
            )));
        };
        if *used {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected each old block once, found block {index} again"
            )));
        }
        *used = true;
        Ok(block)
    }

    fn produce(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        self.produce_many(position, op, 1)
    }

    /// Checks that the op produces the next blocks of the new page, in order.
    fn produce_many(
        &mut self,
        position: usize,
        op: &ScriptOp,
        count: usize,
    ) -> Result<(), DocumentError> {
        let new = required(position, "new", op.new)?;
        if new != self.next_new {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `new` to be {}, the next block of the new page, found {new}",
                self.next_new
            )));
        }
        self.next_new = self.next_new.saturating_add(count);
        Ok(())
    }

    fn push(&mut self, source: &str) -> Result<(), DocumentError> {
        if self.out.len() + source.len() > MAX_DOCUMENT_BYTES {
            return Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
        }
        self.out.push_str(source);
        Ok(())
    }

    fn finish(self) -> Result<String, DocumentError> {
        if let Some(index) = self.used.iter().position(|used| !used) {
            return Err(DocumentError::MissingField(format!(
                "expected the edit script to mention every block of the old page, found none for block {index}"
            )));
        }
        Ok(self.out)
    }
}

/// A field an op needs, or an error naming it.
fn required<T>(position: usize, field: &str, value: Option<T>) -> Result<T, DocumentError> {
    value.ok_or_else(|| {
        DocumentError::MissingField(format!("op {position}: expected a `{field}` field"))
    })
}

/// A JSON error while reading an edit script: bad syntax is malformed JSON, a wrong shape is a
/// missing or mistyped field.
fn script_error(error: serde_json::Error) -> DocumentError {
    let message = format!("edit script: {}", error.to_string().to_lowercase());
    match error.classify() {
        serde_json::error::Category::Data => DocumentError::MissingField(message),
        _ => DocumentError::MalformedJson(message),
    }
}

/// The review page's only styling; no scripts, no external assets (also enforced by its CSP).
const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#172b4d}\
.summary{font-weight:600}\
.block{border-left:4px solid #dfe1e6;margin:1rem 0;padding:.25rem .75rem}\
.changed{border-color:#0065ff}.added{border-color:#36b37e}.removed{border-color:#de350b}\
.moved{border-left-style:dashed;border-color:#6554c0;background:#f4f2fc}\
.label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5e6c84}\
.unchanged,.note{color:#5e6c84;font-style:italic}\
del{background:#ffebe6;color:#bf2600}ins{background:#e3fcef;color:#006644;text-decoration:none}\
pre.markup{white-space:pre-wrap;word-break:break-all;font:13px/1.4 ui-monospace,monospace;background:#f4f5f7;padding:.5rem}";

/// The self-contained HTML review page.
fn render(summary: &str, steps: &[Step<'_>]) -> String {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    html.push_str("<title>Sync-o: review of page changes</title>\n<style>");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n<h1>Review of page changes</h1>\n");
    html.push_str("<p class=\"summary\">");
    html_into(&mut html, summary);
    html.push_str("</p>\n");
    // Unchanged blocks are counted across the steps that show nothing (a moved block's old
    // place, blank blocks), so one line stands for each run of them.
    let mut unchanged = 0;
    for step in steps {
        match step {
            Step::Equal { count, .. } => unchanged += count,
            _ if step.is_visible_change() => {
                render_unchanged(&mut html, std::mem::take(&mut unchanged));
                render_step(&mut html, step);
            }
            _ => {}
        }
    }
    render_unchanged(&mut html, unchanged);
    html.push_str("</body>\n</html>\n");
    html
}

/// The line standing for `count` unchanged blocks (none for none).
fn render_unchanged(html: &mut String, count: usize) {
    if count > 0 {
        let plural = if count == 1 { "" } else { "s" };
        let _ = writeln!(html, "<p class=\"unchanged\">{count} unchanged block{plural}</p>");
    }
}

/// A visible change.
fn render_step(html: &mut String, step: &Step<'_>) {
    match step {
        Step::Equal { .. } => {}
        Step::Insert(item) => section(html, "added", item.block.kind, |html| {
            marked(html, "ins", &item.block.text);
            render_links(html, "", item.block.source);
        }),
        Step::Delete(item) => section(html, "removed", item.block.kind, |html| {
            marked(html, "del", &item.block.text)
        }),
        Step::Replace { old, new, words } => section(html, "changed", new.block.kind, |html| {
            render_words(html, words);
            render_links(html, old.block.source, new.block.source);
            if words.iter().all(|run| run.tag == ChangeTag::Equal) {
                html.push_str("<p class=\"note\">Only the markup changed; the text is the same. Where it changed:</p>");
                render_markup_change(html, old.block.source, new.block.source);
            }
        }),
        Step::Move { old, new } => section(html, "moved", new.block.kind, |html| {
            plain(html, &new.block.text);
            let _ = write!(
                html,
                "<p class=\"note\">Moved here from block {} of the old version.</p>",
                old.index + 1
            );
        }),
    }
}

/// One changed block: a label ("Paragraph changed") and its body.
fn section(html: &mut String, class: &str, kind: BlockKind, body: impl FnOnce(&mut String)) {
    html.push_str("<section class=\"block ");
    html.push_str(class);
    html.push_str("\"><div class=\"label\">");
    push_capitalized(html, noun(kind, 1));
    html.push(' ');
    html.push_str(class);
    html.push_str("</div>");
    body(html);
    html.push_str("</section>\n");
}

/// A whole block's text inside `<ins>` or `<del>`.
fn marked(html: &mut String, tag: &str, text: &str) {
    if text.is_empty() {
        html.push_str("<p class=\"note\">(no text)</p>");
        return;
    }
    let _ = write!(html, "<p><{tag}>");
    html_into(html, text);
    let _ = write!(html, "</{tag}></p>");
}

/// A whole block's text, unmarked.
fn plain(html: &mut String, text: &str) {
    if text.is_empty() {
        html.push_str("<p class=\"note\">(no text)</p>");
        return;
    }
    html.push_str("<p>");
    html_into(html, text);
    html.push_str("</p>");
}

/// The attributes whose values are where a link goes.
const LINK_ATTRIBUTES: [&str; 2] = ["href=\"", "ri:value=\""];

/// At most this many link targets are listed for one block.
const MAX_LINKS_SHOWN: usize = 20;

/// Where the links of a new or changed block go, those `old` did not have: link text can say one
/// thing and point elsewhere, and the person approving the update must see where.
fn render_links(html: &mut String, old: &str, new: &str) {
    let targets: Vec<&str> = link_targets(new).filter(|target| !link_targets(old).any(|had| had == *target)).take(MAX_LINKS_SHOWN).collect();
    if targets.is_empty() {
        return;
    }
    html.push_str("<p class=\"note\">Links to: ");
    for (index, target) in targets.iter().enumerate() {
        if index > 0 {
            html.push_str(", ");
        }
        html.push_str("<code>");
        html_into(html, &crate::storage::decode_entities(target));
        html.push_str("</code>");
    }
    html.push_str("</p>");
}

/// The link targets written in a block's markup (`href` and `ri:value` attributes), as written.
/// Searched with `memchr`'s vectorized substring search, its searchers built once: every changed
/// block of a page is searched, and `str`'s own search (or a searcher built per block) cost a
/// fifth to a third more time on a page whose every block changed.
fn link_targets(source: &str) -> impl Iterator<Item = &str> {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> = std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| LINK_ATTRIBUTES.map(memchr::memmem::Finder::new));
    // A block without a `=` has no attribute, so no link: most paragraphs are skipped at once.
    let searched = if memchr::memchr(b'=', source.as_bytes()).is_some() { &finders[..] } else { &[] };
    searched.iter().flat_map(move |finder| {
        finder.find_iter(source.as_bytes()).filter_map(move |at| {
            let value = source.get(at + finder.needle().len()..)?;
            value.find('"').and_then(|end| value.get(..end))
        })
    })
}

/// Unchanged markup shown on each side of a markup change, at most (bytes).
const MARKUP_CONTEXT: usize = 80;

/// Where two block sources differ, as markup: the changed middle of each (between their common
/// start and end) with a little unchanged markup around it. So a change the text does not show,
/// a link's new target, a code block's new indentation, an attribute, is seen by the person who
/// approves the update. Linear: no diff is run on markup.
fn render_markup_change(html: &mut String, old: &str, new: &str) {
    let (old, new) = (old.trim(), new.trim());
    let mut start = common_prefix_len(old.as_bytes(), new.as_bytes());
    while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    let tail = common_suffix_len(&old.as_bytes()[start..], &new.as_bytes()[start..]);
    let (old_end, new_end) = (old.len() - tail, new.len() - tail);
    let mut context = start.saturating_sub(MARKUP_CONTEXT);
    while !old.is_char_boundary(context) {
        context += 1;
    }
    let mut after = old_end + tail.min(MARKUP_CONTEXT);
    while !old.is_char_boundary(after) {
        after -= 1;
    }
    html.push_str("<pre class=\"markup\">");
    if context > 0 {
        html.push('…');
    }
    html_into(html, &old[context..start]);
    for (tag, changed) in [("del", &old[start..old_end]), ("ins", &new[start..new_end])] {
        if !changed.is_empty() {
            let _ = write!(html, "<{tag}>");
            html_into(html, changed);
            let _ = write!(html, "</{tag}>");
        }
    }
    html_into(html, &old[old_end..after]);
    if after < old.len() {
        html.push('…');
    }
    html.push_str("</pre>");
}

/// A word-level diff with deletions in `<del>` and insertions in `<ins>`.
fn render_words(html: &mut String, words: &[Words<'_>]) {
    html.push_str("<p>");
    for run in words {
        let (open, close) = match run.tag {
            ChangeTag::Delete => ("<del>", "</del>"),
            ChangeTag::Insert => ("<ins>", "</ins>"),
            ChangeTag::Equal => ("", ""),
        };
        html.push_str(open);
        html_into(html, &run.text);
        html.push_str(close);
    }
    html.push_str("</p>");
}

/// Appends `word` with its first letter in upper case.
fn push_capitalized(html: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        html.extend(first.to_uppercase());
        html.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(js_engine))]
    use crate::storage::tests::{edited, edits, page_blocks};
    use expect_test::expect;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
        match apply(old, &review(old, new).edit_script) {
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
        assert_eq!(replayed(&old, &new), new);
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
        assert_eq!(replayed(&old, &new), new);
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
}
