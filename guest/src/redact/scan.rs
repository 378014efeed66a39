//! Running the detectors over a text: one pass per group of patterns, the candidates of each
//! pattern checked by its detector, and the short spans around clusters of digits that the number
//! patterns search.

use super::*;

/// How far past a candidate's start the other patterns of [`NUMBERS`] are tried, in bytes (the
/// longest candidate, a spaced IBAN, is 42).
pub(super) const NUMBER_CANDIDATE_BYTES: usize = 64;

/// Collects the accepted candidates of one pattern: `locate` finds the next non-empty candidate
/// at or after a byte position of `text`, `check` accepts it or not. After a rejected candidate
/// the search resumes one character later, so it does not hide a valid one inside it.
pub(super) fn scan(
    text: &str,
    locate: impl Fn(usize) -> Option<Range<usize>>,
    check: impl Fn(Range<usize>) -> Option<Found>,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    while let Some(candidate) = locate(at).filter(|c| c.start < c.end) {
        match check(candidate.clone()) {
            Some(value) => {
                out.push(value);
                at = candidate.end;
            }
            None => at = next_char(text, candidate.start),
        }
    }
}

/// Collects the accepted candidates of one group of fixed detectors in one pass: each match
/// names its detector by pattern id, the detector's check accepts it (perhaps as a narrower or
/// wider span) or rejects it.
pub(super) fn scan_group(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    while at < text.len() {
        let Some(candidate) = regex.search(&Input::new(text).range(at..)) else {
            break;
        };
        let Some(next) = judge(text, detectors, candidate, &enabled, out) else {
            break;
        };
        at = next;
    }
}

/// [`scan_group`] through the places where the group's matches can start ([`Prefixes`]): at
/// each place at or after the resume position, in order, the regex is run anchored. The first
/// anchored match is the match the unanchored search would find, so the results are the same.
pub(super) fn scan_group_at(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    places: &[usize],
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    for &place in places {
        if place < at {
            continue;
        }
        let Some(candidate) = regex.search(&Input::new(text).range(place..).anchored(Anchored::Yes)) else {
            continue;
        };
        let Some(next) = judge(text, detectors, candidate, &enabled, out) else {
            break;
        };
        at = next;
    }
}

/// Checks one candidate of a group: pushes what its detector's check accepts, and returns
/// where the search resumes (`None` for a candidate no detector owns).
pub(super) fn judge(
    text: &str,
    detectors: &[Detector],
    candidate: regex_automata::Match,
    enabled: &impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) -> Option<usize> {
    let detector = detectors.get(candidate.pattern().as_usize())?;
    let range = candidate.range();
    let verdict = if enabled(detector.kind) && !range.is_empty() {
        // A check may report another kind (a MAC address, a vendor's token in a URL): the
        // policy must allow that one too.
        (detector.check)(text, range.clone()).filter(|accepted| accepted.relabel.is_none_or(|(kind, _)| enabled(kind)))
    } else {
        None
    };
    Some(match verdict {
        Some(accepted) if !accepted.range.is_empty() => {
            let (kind, name) = accepted.relabel.unwrap_or((detector.kind, detector.name));
            // The search goes on after what was taken, not after the match: a candidate the check
            // narrowed (an address glued to Chinese text, whose match ran on to the next `@`)
            // may have run over the start of the next one.
            let end = if accepted.range.end > range.start { accepted.range.end } else { range.end };
            out.push(Found::new(kind, Name::Fixed(name), accepted.range));
            end
        }
        _ if detector.retry_inside || range.is_empty() => next_char(text, range.start),
        _ => range.end,
    })
}

/// Like [`scan_group`], for the group of digit patterns ([`NUMBERS`]), whose candidates overlap:
/// where the check rejects the pattern that matched (or its kind is disabled), each later
/// pattern of the group is tried anchored at the same start, and the first one accepted wins;
/// when none is, the scan resumes one character later. Only the spans around clusters of digits
/// ([`digit_spans`]) are searched.
pub(super) fn scan_alternatives(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    for span in digit_spans(text) {
        let mut at = span.start;
        while at < span.end {
            let Some(first) = regex.search(&Input::new(text).range(at..span.end)) else {
                break;
            };
            at = try_alternatives(text, detectors, regex, &enabled, first, span.end, out);
        }
    }
}

/// Checks the candidate `first` and, if it is rejected, the later patterns anchored at its start
/// (within `limit`); pushes the first accepted; returns where the scan goes on.
pub(super) fn try_alternatives(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: &impl Fn(PiiKind) -> bool,
    first: regex_automata::Match,
    limit: usize,
    out: &mut Vec<Found>,
) -> usize {
    let start = first.start();
    let window = start..limit.min(start + NUMBER_CANDIDATE_BYTES);
    let mut skip_to = next_char(text, start);
    for index in first.pattern().as_usize()..detectors.len() {
        let candidate = if index == first.pattern().as_usize() {
            Some(first.range())
        } else {
            let pattern = PatternID::new(index).map_or(Anchored::Yes, Anchored::Pattern);
            let input = Input::new(text).range(window.clone()).anchored(pattern);
            regex.search(&input).map(|m| m.range())
        };
        let (Some(detector), Some(range)) = (detectors.get(index), candidate) else {
            continue;
        };
        if range.is_empty() || !enabled(detector.kind) {
            continue;
        }
        if let Some(accepted) = (detector.check)(text, range.clone()) {
            skip_to = accepted.range.end.max(range.end);
            out.push(Found::new(
                detector.kind,
                Name::Fixed(detector.name),
                accepted.range,
            ));
            break;
        }
        if !detector.retry_inside {
            skip_to = skip_to.max(range.end);
        }
    }
    skip_to
}

/// The least number of digits in a candidate of [`NUMBERS`] (an IPv4 address `1.2.3.4`; a MAC
/// address with fewer than four decimal digits among its twelve hex digits, about one in 250, is
/// missed).
pub(super) const MIN_NUMBER_DIGITS: usize = 4;

/// The longest run of other bytes between two digits of one candidate of [`NUMBERS`] (the
/// letters of an IBAN such as `MT84 MALT 0110 …`).
pub(super) const MAX_DIGIT_GAP: usize = 16;

/// The spans of `text` that can hold a candidate of [`NUMBERS`]: clusters of digits whose
/// neighbours are at most [`MAX_DIGIT_GAP`] bytes apart and that have at least
/// [`MIN_NUMBER_DIGITS`] digits, widened by [`MAX_DIGIT_GAP`] bytes on both sides (a `+`, a
/// `(` or a MAC address's hex letters before, an IBAN's last letters after). The digits of each
/// 64 bytes are found at once as a bit mask ([`digit_mask`]), so prose costs a few vector
/// instructions per 16 bytes, and the short runs of digits of ordinary text (`502`, `v1.2.3`,
/// `2 retries`) are never searched.
pub(super) fn digit_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut cluster: Option<DigitCluster> = None;
    for (block, bytes) in text.as_bytes().chunks(64).enumerate() {
        let mut mask = digit_mask(bytes);
        while mask != 0 {
            let at = block * 64 + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            match cluster.as_mut() {
                Some(open) if at - open.last <= MAX_DIGIT_GAP + 1 => {
                    open.last = at;
                    open.digits += 1;
                }
                _ => {
                    if let Some(done) = cluster.take() {
                        done.widen_into(text, &mut spans);
                    }
                    cluster = Some(DigitCluster { first: at, last: at, digits: 1 });
                }
            }
        }
    }
    if let Some(done) = cluster {
        done.widen_into(text, &mut spans);
    }
    spans
}

/// A cluster of digits being read by [`digit_spans`].
pub(super) struct DigitCluster {
    /// Where its first digit is.
    first: usize,
    /// Where its last digit so far is.
    last: usize,
    /// How many digits it has.
    digits: usize,
}

impl DigitCluster {
    /// Adds the cluster, widened, to `spans` (merging it with the last one where they touch),
    /// if it has enough digits.
    fn widen_into(self, text: &str, spans: &mut Vec<Range<usize>>) {
        if self.digits < MIN_NUMBER_DIGITS {
            return;
        }
        let start = floor_char_boundary(text, self.first.saturating_sub(MAX_DIGIT_GAP));
        let stop = ceil_char_boundary(text, self.last + 1 + MAX_DIGIT_GAP);
        match spans.last_mut() {
            Some(last) if last.end >= start => last.end = stop,
            _ => spans.push(start..stop),
        }
    }
}

/// Bit `i` set where `bytes[i]` (of at most 64 bytes) is an ASCII digit: four sixteen-byte masks
/// of [`ByteSet`] (vector compares in wasm and on x86_64).
pub(super) fn digit_mask(bytes: &[u8]) -> u64 {
    const DIGITS: ByteSet<1> = ByteSet::new([(b'0', b'9')]);
    fn joined<'a>(chunks: impl Iterator<Item = &'a [u8]>) -> u64 {
        chunks.take(64 / CHUNK).enumerate().fold(0, |mask, (k, chunk)| mask | u64::from(DIGITS.mask(chunk)) << (CHUNK * k))
    }
    match <&[u8; 64]>::try_from(bytes) {
        Ok(block) => joined(block.chunks_exact(CHUNK)),
        Err(_) => joined(bytes.chunks(CHUNK)),
    }
}
