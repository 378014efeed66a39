//! Byte-slice comparisons that stay fast in wasm.
//!
//! Comparing slices with `==` calls `memcmp`. Natively that is the C library's vectorised one,
//! which nothing here beats. In the wasm component it is wasi-libc's, which goes a byte at a
//! time: comparing a page's unchanged blocks with the old page's was about half of what
//! `diff::compare` spent in wasm. There, slices are compared sixteen bytes at a time as
//! integers, which the compiler keeps inline (a third off `compare` in wasmtime; natively the
//! same code was 12% slower than `memcmp`, so native builds keep `==`).
//!
//! The common prefix and suffix of two slices are measured sixteen bytes at a time on every
//! target: there is no library routine for them, and natively too a byte loop was slower.

/// Whether two byte slices are the same.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if cfg!(target_arch = "wasm32") {
        same_by_words(a, b)
    } else {
        a == b
    }
}

/// [`same`], sixteen bytes at a time.
fn same_by_words(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(WORD), b.chunks_exact(WORD));
    let tails_match = a_words
        .remainder()
        .iter()
        .zip(b_words.remainder())
        .all(|(x, y)| x == y);
    tails_match && a_words.zip(b_words).all(|(x, y)| word(x) == word(y))
}

/// Whether `haystack` starts with `prefix`.
pub(crate) fn starts_with(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack
        .get(..prefix.len())
        .is_some_and(|start| same(start, prefix))
}

/// How many leading bytes `a` and `b` have in common, compared sixteen at a time.
pub(crate) fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    let whole_words = a
        .chunks_exact(WORD)
        .zip(b.chunks_exact(WORD))
        .take_while(|(x, y)| word(x) == word(y))
        .count();
    let skipped = whole_words * WORD;
    let rest = a.get(skipped..).unwrap_or_default().iter();
    skipped
        + rest
            .zip(b.get(skipped..).unwrap_or_default())
            .take_while(|(x, y)| x == y)
            .count()
}

/// How many trailing bytes `a` and `b` have in common, compared sixteen at a time.
pub(crate) fn common_suffix_len(a: &[u8], b: &[u8]) -> usize {
    let whole_words = a
        .rchunks_exact(WORD)
        .zip(b.rchunks_exact(WORD))
        .take_while(|(x, y)| word(x) == word(y))
        .count();
    let skipped = whole_words * WORD;
    let rest = a.get(..a.len() - skipped).unwrap_or_default().iter().rev();
    let other = b.get(..b.len() - skipped).unwrap_or_default().iter().rev();
    skipped + rest.zip(other).take_while(|(x, y)| x == y).count()
}

/// The bytes compared at once.
const WORD: usize = 16;

/// A chunk of [`WORD`] bytes as one integer.
fn word(chunk: &[u8]) -> u128 {
    <[u8; WORD]>::try_from(chunk).map_or(0, u128::from_ne_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn slices_of_every_length_around_a_word_compare_as_with_eq() {
        let base: Vec<u8> = (0u8..50).collect();
        for len in 0..base.len() {
            let a = &base[..len];
            let copy = a.to_vec();
            assert!(same_by_words(a, &copy), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 1;
                assert!(!same_by_words(a, &b), "{len} {at}");
            }
            assert!(!same_by_words(a, &base[..len + 1]));
        }
    }

    #[test]
    fn common_ends_are_measured_at_every_length_around_a_word() {
        let base: Vec<u8> = (0u8..50).collect();
        for len in 0..base.len() {
            for at in 0..len {
                let mut other = base[..len].to_vec();
                other[at] ^= 1;
                assert_eq!(common_prefix_len(&base[..len], &other), at, "{len} {at}");
                assert_eq!(
                    common_suffix_len(&base[..len], &other),
                    len - at - 1,
                    "{len} {at}"
                );
            }
            assert_eq!(common_prefix_len(&base[..len], &base), len);
            assert_eq!(common_suffix_len(&base[..len], &base[1..=len]), 0);
            assert_eq!(common_suffix_len(&base[..len], &base[..len]), len);
        }
    }

    #[test]
    fn a_prefix_is_found_only_at_the_start() {
        assert!(starts_with(b"<p>alpha</p>\n<p>", b"<p>alpha</p>"));
        assert!(starts_with(b"abc", b""));
        assert!(!starts_with(b"<p>alpha</p>", b"<p>alpha</p>\n"));
        assert!(!starts_with(b"x<p>alpha</p>", b"<p>alpha</p>"));
    }

    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn same_agrees_with_eq(a in prop::collection::vec(0u8..4, 0..70), b in prop::collection::vec(0u8..4, 0..70)) {
            prop_assert_eq!(same_by_words(&a, &b), a == b);
            prop_assert_eq!(starts_with(&a, &b), a.starts_with(&b));
            let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(common_prefix_len(&a, &b), prefix);
            prop_assert_eq!(common_suffix_len(&a, &b), suffix);
        }
    }
}
