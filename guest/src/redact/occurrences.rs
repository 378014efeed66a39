//! Every other occurrence of a value that was found: once a detector finds a value, the
//! redactor replaces it wherever else the text writes it ([`propagate`](super::propagate)). A few
//! values are searched for one by one; many, in one pass of fixed windows looked up in a hash table.

use super::*;

/// A found value as a key of [`Values`]: ordered by its first eight bytes as one integer, then
/// by its bytes, so most comparisons are one integer comparison rather than a call to compare
/// memory (in wasm, such calls were a tenth of the time spent on other occurrences).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Value<'a> {
    /// The first eight bytes, big-endian (zero-padded), so integer order is byte order.
    head: u64,
    /// The value.
    text: &'a str,
}

impl<'a> Value<'a> {
    pub(super) fn new(text: &'a str) -> Value<'a> {
        let mut head = [0u8; 8];
        let len = text.len().min(8);
        head[..len].copy_from_slice(&text.as_bytes()[..len]);
        Value { head: u64::from_be_bytes(head), text }
    }
}

/// Distinct found values with their labels (a B-tree: lookups by text stay logarithmic
/// whatever values a text plants).
pub(super) type Values<'a> = BTreeMap<Value<'a>, (PiiKind, Name)>;

/// The longest window [`Occurrences::Windows`] reads as one integer: long enough that the
/// windows of ordinary text (`1.25`, `admi`) rarely match a value's, so few places are checked.
pub(super) const ANCHOR_BYTES: usize = 8;

/// Up to this many distinct values are searched for one by one (building the window filter
/// costs more than a few searches of a ticket-sized text).
pub(super) const FEW_VALUES: usize = 8;

/// Bits of the window filter's hash at least (an 8 KiB table).
pub(super) const WINDOW_FILTER_BITS: u32 = 16;

/// Bits of the window filter's hash at most (a 128 KiB table).
pub(super) const MAX_WINDOW_FILTER_BITS: u32 = 20;

/// The most positions [`Occurrences::Windows`] steps over between two windows it looks up.
/// Each value is indexed under this many windows at most, so it bounds the index's size.
pub(super) const MAX_STRIDE: usize = 4;

/// Finds the occurrences of a set of values in a text.
pub(super) enum Occurrences<'a> {
    /// A few values, each searched for by itself.
    Few,
    /// Many values: windows of the text as long as their shortest value (at most
    /// [`ANCHOR_BYTES`], read as one integer) are looked up in a bit table of window hashes,
    /// and only where the bit is set in the map of windows, whose values are then compared with
    /// the text, longest first. Only every `stride`-th window is looked up: each value is
    /// indexed under its windows at its first `stride` offsets, and `stride` is small enough
    /// that every occurrence of the shortest value holds a window that is looked up. One pass,
    /// a few instructions per `stride` bytes, whatever the number of values (an Aho-Corasick
    /// automaton over thousands of prefixes walked its states at a tenth of the speed).
    Windows(Windows<'a>),
}

impl<'a> Occurrences<'a> {
    /// The searcher of `values`, or `None` if there are none.
    pub(super) fn new(values: &Values<'a>) -> Option<Occurrences<'a>> {
        if values.len() <= FEW_VALUES {
            return (!values.is_empty()).then_some(Occurrences::Few);
        }
        Some(Occurrences::Windows(Windows::new(values)?))
    }

    /// The occurrences of values in `text` (the longest where several start at one place):
    /// every one that lies within one of the `gaps`, perhaps others (a few values are searched
    /// for everywhere), leftmost first, with the kind and name of the value.
    pub(super) fn in_text(&self, text: &str, values: &Values<'_>, gaps: &[Range<usize>]) -> Vec<(Range<usize>, (PiiKind, Name))> {
        match self {
            Occurrences::Few => few_occurrences(text, values),
            Occurrences::Windows(windows) => windows.occurrences(text, values, gaps),
        }
    }
}

/// The `width` (≤ 8) bytes at `at` as one little-endian integer.
pub(super) fn window(bytes: &[u8], at: usize, width: usize) -> u64 {
    bytes[at..at + width].iter().rev().fold(0, |word, byte| (word << 8) | u64::from(*byte))
}

/// A hasher for the window map's `u64` keys: one multiplication (the default, SipHash, showed
/// in profiles). The keys are the request's own values' windows.
#[derive(Default)]
pub(super) struct WindowHasher(u64);

impl std::hash::Hasher for WindowHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The window map of [`Windows`]: window → where its holders are.
pub(super) type WindowMap = std::collections::HashMap<u64, Range<usize>, std::hash::BuildHasherDefault<WindowHasher>>;

/// Up to this many values with one window at one offset are compared with the text one by one;
/// beyond, the text is looked up by each of their lengths, so a window that thousands of values
/// share (`192.168.`) costs a few lookups per occurrence, not thousands of comparisons.
pub(super) const FEW_PER_WINDOW: usize = 8;

/// A value and its label.
pub(super) type Labelled<'a> = (&'a str, (PiiKind, Name));

/// The values that hold one window at one offset.
pub(super) enum Candidates {
    /// A few: where they are in [`Windows::labelled`], longest first.
    Few(Range<usize>),
    /// Many: their distinct lengths, longest first.
    Lengths(Vec<usize>),
}

impl Candidates {
    /// The candidates of `values`, which sit at `at` in `labelled`, longest first.
    fn new(values: &[Labelled<'_>], at: usize) -> Candidates {
        if values.len() <= FEW_PER_WINDOW {
            return Candidates::Few(at..at + values.len());
        }
        let mut lengths: Vec<usize> = values.iter().map(|(value, _)| value.len()).collect();
        lengths.dedup();
        Candidates::Lengths(lengths)
    }

    /// The longest value that `text` continues with at `at`, with its label; `labelled` holds
    /// the few, `values` every value (a B-tree: lookups by text stay logarithmic whatever
    /// values a text plants).
    fn longest(&self, labelled: &[Labelled<'_>], text: &str, at: usize, values: &Values<'_>) -> Option<(Range<usize>, (PiiKind, Name))> {
        match self {
            Candidates::Few(few) => labelled.get(few.clone())?.iter().find(|(value, _)| text.as_bytes()[at..].starts_with(value.as_bytes())).map(|(value, label)| (at..at + value.len(), *label)),
            Candidates::Lengths(lengths) => lengths.iter().find_map(|&len| Some((at..at + len, *values.get(&Value::new(text.get(at..at + len)?))?))),
        }
    }
}

/// The filter bit of a window: a multiplicative hash, top `bits` bits.
#[inline(always)]
pub(super) fn window_hash(window: u64, bits: u32) -> usize {
    (window.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Every occurrence of each of a few values, found by searching for each one after the other.
pub(super) fn few_occurrences(text: &str, values: &Values<'_>) -> Vec<(Range<usize>, (PiiKind, Name))> {
    let mut out = Vec::new();
    for (Value { text: value, .. }, label) in values {
        let mut at = 0;
        while let Some(offset) = text.get(at..).and_then(|rest| rest.find(value)) {
            let start = at + offset;
            out.push((start..start + value.len(), *label));
            at = next_char(text, start);
        }
    }
    out.sort_by_key(|(range, _)| (range.start, Reverse(range.end)));
    out
}

/// The index of [`Occurrences::Windows`].
pub(super) struct Windows<'a> {
    /// Bytes per window.
    pub(super) width: usize,
    /// Positions from one looked-up window to the next.
    pub(super) stride: usize,
    /// Bits of the window hash: the filter has about 256 bits per window indexed (up to
    /// [`MAX_WINDOW_FILTER_BITS`]), so that few windows of the text pass it without being
    /// indexed; a window that passes costs a map lookup, dearer than the filter in wasm.
    bits: u32,
    /// One bit per window hash ([`window_hash`]).
    filter: Vec<u64>,
    /// Every value under each of its windows, by window, offset and length (longest first).
    labelled: Vec<Labelled<'a>>,
    /// The values holding one window at one offset, by window and offset.
    holders: Vec<(usize, Candidates)>,
    /// Window → where its holders are in `holders`, one per offset.
    by_window: WindowMap,
}

impl<'a> Windows<'a> {
    /// The index of `values`; `None` if there are none.
    pub(super) fn new(values: &Values<'a>) -> Option<Windows<'a>> {
        let shortest = values.keys().map(|value| value.text.len()).min()?;
        let width = ANCHOR_BYTES.min(shortest);
        let stride = (shortest - width + 1).min(MAX_STRIDE);
        let windows = values.len().saturating_mul(stride).saturating_mul(256);
        let bits = windows.next_power_of_two().trailing_zeros().clamp(WINDOW_FILTER_BITS, MAX_WINDOW_FILTER_BITS);
        let mut filter = vec![0u64; (1 << bits) / 64];
        let mut entries: Vec<(u64, usize, Labelled<'a>)> = Vec::with_capacity(values.len().saturating_mul(stride));
        for (Value { text: value, .. }, label) in values {
            for offset in 0..stride {
                let key = window(value.as_bytes(), offset, width);
                let hash = window_hash(key, bits);
                filter[hash / 64] |= 1 << (hash % 64);
                entries.push((key, offset, (*value, *label)));
            }
        }
        // Sorting once groups the entries (one allocation, not one per window).
        entries.sort_unstable_by_key(|(key, offset, (value, _))| (*key, *offset, Reverse(value.len())));
        let labelled: Vec<Labelled<'a>> = entries.iter().map(|(_, _, labelled)| *labelled).collect();
        let mut holders = Vec::new();
        let mut by_window = WindowMap::default();
        let mut at = 0;
        for group in entries.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (key, offset, _) = group[0];
            let first = holders.len();
            holders.push((offset, Candidates::new(&labelled[at..at + group.len()], at)));
            by_window.entry(key).or_insert(first..first).end = holders.len();
            at += group.len();
        }
        Some(Windows { width, stride, bits, filter, labelled, holders, by_window })
    }

    /// The occurrences of values that start in one of the `gaps`, leftmost first: the windows
    /// at every `stride`-th position of each gap are looked up, and for each value holding the
    /// window at an offset, the longest that the text continues with where the value would start
    /// is taken. Every occurrence that lies within a gap is found; one that starts in a gap and
    /// ends past it may be missed (the text after a gap is a kept span, which it overlaps). A
    /// value starts at a character boundary, so a match never starts inside a character.
    pub(super) fn occurrences(&self, text: &str, values: &Values<'_>, gaps: &[Range<usize>]) -> Vec<(Range<usize>, (PiiKind, Name))> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for gap in gaps {
            let mut at = gap.start;
            while at < gap.end {
                let key = match bytes.get(at..at + self.width) {
                    Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
                    Some(_) => window(bytes, at, self.width),
                    None => break,
                };
                let hash = window_hash(key, self.bits);
                if self.filter[hash / 64] & (1 << (hash % 64)) != 0 {
                    self.look_up(text, key, at, gap, values, &mut out);
                }
                at += self.stride;
            }
        }
        out.sort_by_key(|(range, _)| range.start);
        out
    }

    /// The occurrences holding the window `key` at `at` and starting in `gap`: for each offset
    /// at which values hold it, the longest value there.
    fn look_up(&self, text: &str, key: u64, at: usize, gap: &Range<usize>, values: &Values<'_>, out: &mut Vec<(Range<usize>, (PiiKind, Name))>) {
        let Some(holders) = self.by_window.get(&key).and_then(|range| self.holders.get(range.clone())) else {
            return;
        };
        for (offset, candidates) in holders {
            if let Some(start) = at.checked_sub(*offset).filter(|start| gap.contains(start)) {
                out.extend(candidates.longest(&self.labelled, text, start, values));
            }
        }
    }
}
