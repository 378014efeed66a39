//! Lining up the blocks of two versions: `imara-diff` over interned block sources, anchored on
//! long runs of copied blocks, with moves found by interned number and removed and added blocks
//! of one kind paired into changed blocks.

use super::*;

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
pub(super) fn align_tokens(
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
pub(super) fn push_stretch(stretches: &mut Vec<Stretch>, stretch: Stretch) {
    match stretches.last_mut() {
        Some(last) if last.equal && stretch.equal => {
            last.old.end = stretch.old.end;
            last.new.end = stretch.new.end;
        }
        _ => stretches.push(stretch),
    }
}

pub(super) fn push_equal(stretches: &mut Vec<Stretch>, old: usize, new: usize, len: usize) {
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
pub(super) fn prefix_suffix_stretches<T: Eq>(old: &[T], new: &[T]) -> Vec<Stretch> {
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

/// How the blocks of two versions line up: stretches of equal and changed blocks, and the
/// blocks that moved.
pub(super) struct Alignment {
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
    pub(super) fn of(old: &[Part<'_>], new: &[Part<'_>]) -> Alignment {
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
    pub(super) fn read_changed_texts<'a>(&self, old: &mut [Part<'a>], new: &mut [Part<'a>]) {
        for stretch in self.stretches.iter().filter(|stretch| !stretch.equal) {
            for (blocks, range) in [(&mut *old, &stretch.old), (&mut *new, &stretch.new)] {
                for block in blocks.get_mut(range.clone()).unwrap_or_default() {
                    block.text = block_text(block.source);
                }
            }
        }
    }

    /// The steps: equal runs, moves at their new places, and the rest paired by kind.
    pub(super) fn steps<'a>(&self, old: &'a [Part<'a>], new: &'a [Part<'a>]) -> Vec<Step<'a>> {
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
pub(super) const MIN_ANCHOR_RUN: usize = 8;

/// The runs of at least [`MIN_ANCHOR_RUN`] new blocks that copy consecutive old blocks byte for
/// byte (their `same_as`, found while splitting the pair), as equal stretches in order.
///
/// Any run of equal blocks on both sides is a valid part of an alignment; splitting the diff at
/// long ones saves hashing and diffing what is plainly unchanged (most of a page, usually). The
/// copies were matched greedily, so a short run may pair a repeated block with the wrong copy
/// of it; requiring long runs leaves those to the histogram diff of the gaps.
pub(super) fn anchors(old_len: usize, new: &[Part<'_>]) -> Vec<Stretch> {
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
pub(super) fn push_anchor(anchors: &mut Vec<Stretch>, run: Stretch, old_len: usize) {
    let after_last = anchors
        .last()
        .is_none_or(|last| last.old.end <= run.old.start);
    if run.old.len() >= MIN_ANCHOR_RUN && after_last && run.old.end <= old_len {
        anchors.push(run);
    }
}

/// The stretches between anchors (and before the first and after the last), which the diff
/// aligns; as many as the anchors plus one, possibly empty.
pub(super) fn gaps(anchors: &[Stretch], old_len: usize, new_len: usize) -> Vec<Stretch> {
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
pub(super) fn beyond_the_alignment_limit(gaps: &[Stretch]) -> bool {
    let old: usize = gaps.iter().map(|gap| gap.old.len()).sum();
    let new: usize = gaps.iter().map(|gap| gap.new.len()).sum();
    old.max(new) > MAX_ALIGNED_BLOCKS
}

/// One token per block: the interned key of each block in the given ranges, and a token that
/// is never interned for the others (anchored blocks, which nothing looks up).
pub(super) fn gap_tokens<'a>(
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
pub(super) struct Renumbering {
    /// For each page token, its number in the gap being renumbered, or `u32::MAX`.
    local: Vec<u32>,
}

impl Renumbering {
    pub(super) fn for_tokens(num_tokens: u32) -> Self {
        Renumbering {
            local: vec![u32::MAX; usize::try_from(num_tokens).unwrap_or(0)],
        }
    }

    /// Both sides of a gap renumbered (equal tokens stay equal), and how many distinct tokens
    /// they hold. Leaves the table clear for the next gap.
    pub(super) fn apply(&mut self, old: &[Token], new: &[Token]) -> (Vec<Token>, Vec<Token>, u32) {
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
pub(super) struct Moves {
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
pub(super) fn find_moves(
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
pub(super) fn changed_stretch<'a>(
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

pub(super) fn indexed<'a>(blocks: &'a [Part<'a>], range: Range<usize>) -> impl Iterator<Item = Indexed<'a>> {
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
pub(super) fn pair_changed<'a>(
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
pub(super) fn pairing_rank(item: &Indexed<'_>) -> usize {
    if item.is_visible() {
        kind_rank(item.block.kind)
    } else {
        KINDS.len() + 1
    }
}

pub(super) fn replacement<'a>(old: Indexed<'a>, new: Indexed<'a>, budget: &mut u64) -> Step<'a> {
    Step::Replace {
        old,
        new,
        words: word_diff(&old.block.text, &new.block.text, budget),
    }
}
