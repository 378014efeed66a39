//! Small readers of the text around a candidate, shared by the detectors: character boundaries,
//! the bytes and the window before a match, words mentioned nearby, a value's entropy.

/// The byte offset of the character after the one starting at `at` (or `at + 1` at the end).
pub(super) fn next_char(text: &str, at: usize) -> usize {
    at + text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

/// The offsets of the lines of `text` (after `\n` or `\r`) that start with `prefix`.
pub(crate) fn line_starts_with<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(text.as_bytes(), prefix.as_bytes()).filter(move |&at| at == 0 || matches!(text.as_bytes()[at - 1], b'\n' | b'\r'))
}

/// The largest character boundary of `text` at or below `at` (capped at the text's length).
pub(super) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or above `at` (capped at the text's length).
pub(super) fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The byte before `at`, if any.
pub(super) fn byte_before(text: &str, at: usize) -> Option<u8> {
    at.checked_sub(1)
        .and_then(|i| text.as_bytes().get(i).copied())
}

/// The byte at `at`, if any.
pub(super) fn byte_at(text: &str, at: usize) -> Option<u8> {
    text.as_bytes().get(at).copied()
}

/// Whether `value` holds a capital, a small letter and a digit (ASCII), as random keys do.
pub(super) fn mixes_cases_and_digits(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().any(u8::is_ascii_uppercase) && bytes.iter().any(u8::is_ascii_lowercase) && bytes.iter().any(u8::is_ascii_digit)
}

/// Whether `byte` is an ASCII letter or digit.
pub(super) fn is_alnum(byte: Option<u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// The Shannon entropy of `value`'s characters, in bits per character.
pub(super) fn shannon_entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut total = 0u32;
    for byte in value.bytes() {
        counts[usize::from(byte)] += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = f64::from(total);
    counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let p = f64::from(count) / total;
            -p * p.log2()
        })
        .sum()
}

/// The (at most `bytes` long) text before `start`, cut at a character boundary.
pub(super) fn context_before(text: &str, start: usize, bytes: usize) -> &str {
    let from = ceil_char_boundary(text, start.saturating_sub(bytes));
    &text[from..start.max(from)]
}

/// Whether `window` mentions one of `words` (lowercase ASCII) as the start of a word, ignoring
/// case: `ssn` counts in `SSN:` and `my_ssn`, not in `classname`.
pub(super) fn mentions(window: &str, words: &[&str]) -> bool {
    let bytes = window.as_bytes();
    words.iter().any(|word| {
        let word = word.as_bytes();
        bytes
            .windows(word.len())
            .enumerate()
            .any(|(at, candidate)| {
                candidate.eq_ignore_ascii_case(word)
                    && !at
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_some_and(u8::is_ascii_alphabetic)
            })
    })
}
