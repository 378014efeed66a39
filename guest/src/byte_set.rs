//! Finding the bytes of a small set sixteen at a time.
//!
//! Escaping the review and the edit script, telling plain text from text whose whitespace
//! needs collapsing, and finding the digits that redaction's number patterns start from, each
//! ask of every byte of a text whether it is one of a few. For the diff's outputs, asked
//! a byte at a time, that was a quarter of `diff::compare` on a page whose every block changed.
//! Compilers do not turn such a loop into vector code (they test each byte against a bit mask
//! instead, whichever way the test is written), so a chunk of sixteen bytes is compared with
//! the set here in a few vector instructions: wasm SIMD in the component, SSE2 on x86_64, and
//! byte by byte elsewhere.

/// Bytes compared at once.
pub(crate) const CHUNK: usize = 16;

/// A set of bytes, as `N` inclusive ranges.
pub(crate) struct ByteSet<const N: usize> {
    /// The ranges (`lo`, `hi`), compared with whole chunks: each costs a vector comparison or
    /// two, so sets are kept to a few.
    ranges: [(u8, u8); N],
    /// Whether each byte is in the set, for chunks shorter than [`CHUNK`] (copying one into a
    /// full chunk cost more than looking its bytes up).
    table: [bool; 256],
}

impl<const N: usize> ByteSet<N> {
    /// The set of the bytes in `ranges`, each from its first byte to its second inclusive.
    pub(crate) const fn new(ranges: [(u8, u8); N]) -> Self {
        let mut table = [false; 256];
        let mut range = 0;
        while range < ranges.len() {
            let (lo, hi) = ranges[range];
            let mut byte = lo as usize;
            while byte <= hi as usize {
                table[byte] = true;
                byte += 1;
            }
            range += 1;
        }
        ByteSet { ranges, table }
    }

    /// Whether `byte` is in the set.
    pub(crate) fn contains(&self, byte: u8) -> bool {
        self.table[usize::from(byte)]
    }

    /// Bit `i` set where `chunk[i]` is in the set, for a chunk of at most [`CHUNK`] bytes (more
    /// are not looked at).
    #[inline(always)]
    pub(crate) fn mask(&self, chunk: &[u8]) -> u16 {
        match <&[u8; CHUNK]>::try_from(chunk) {
            Ok(full) => self.full_mask(full),
            Err(_) => chunk
                .iter()
                .take(CHUNK)
                .enumerate()
                .fold(0, |mask, (i, &byte)| {
                    mask | u16::from(self.contains(byte)) << i
                }),
        }
    }

    /// Calls `found` with each chunk of `bytes` in turn: where it starts, and its mask (bit `i`
    /// set where the byte at `start + i` is in the set), each byte once. Past the last full
    /// chunk, the last [`CHUNK`] bytes are compared again as one chunk, with the bits already
    /// seen cleared. (A loop rather than an iterator: in wasm, an iterator's steps were not
    /// inlined.)
    #[inline(always)]
    pub(crate) fn for_each_mask(&self, bytes: &[u8], mut found: impl FnMut(usize, u16)) {
        let chunks = bytes.chunks_exact(CHUNK);
        let rest = chunks.remainder().len();
        for (index, chunk) in chunks.enumerate() {
            found(index * CHUNK, self.mask(chunk));
        }
        if rest > 0 {
            let start = bytes.len().saturating_sub(CHUNK);
            // The bits of bytes before the leftover ones (none when the text is that short).
            let seen = bytes.len() - rest - start;
            let mask = self.mask(bytes.get(start..).unwrap_or_default());
            found(start, mask & u16::MAX.checked_shl(seen as u32).unwrap_or(0));
        }
    }

    /// [`ByteSet::mask`] of a full chunk, with wasm SIMD.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn full_mask(&self, chunk: &[u8; CHUNK]) -> u16 {
        use core::arch::wasm32::{
            u8x16, u8x16_bitmask, u8x16_eq, u8x16_le, u8x16_splat, u8x16_sub, v128_or,
        };
        let c = chunk;
        let v = u8x16(
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
            c[14], c[15],
        );
        let found = self.ranges.iter().fold(u8x16_splat(0), |found, &(lo, hi)| {
            let hit = if lo == hi {
                u8x16_eq(v, u8x16_splat(lo))
            } else {
                u8x16_le(
                    u8x16_sub(v, u8x16_splat(lo)),
                    u8x16_splat(hi.wrapping_sub(lo)),
                )
            };
            v128_or(found, hit)
        });
        u8x16_bitmask(found)
    }

    /// [`ByteSet::mask`] of a full chunk, with SSE2 (part of every x86_64 processor).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn full_mask(&self, chunk: &[u8; CHUNK]) -> u16 {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_sub_epi8,
        };
        // SAFETY: SSE2 is part of x86_64; `chunk` holds 16 bytes, which an unaligned load reads.
        let bits = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let found = self
                .ranges
                .iter()
                .fold(_mm_setzero_si128(), |found, &(lo, hi)| {
                    let hit = if lo == hi {
                        _mm_cmpeq_epi8(v, _mm_set1_epi8(lo as i8))
                    } else {
                        // v - lo <= hi - lo (unsigned) exactly where min(v - lo, hi - lo) == v - lo.
                        let t = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
                        _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(hi.wrapping_sub(lo) as i8)), t)
                    };
                    _mm_or_si128(found, hit)
                });
            _mm_movemask_epi8(found)
        };
        bits as u16
    }

    /// [`ByteSet::mask`] of a full chunk, byte by byte.
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    fn full_mask(&self, chunk: &[u8; CHUNK]) -> u16 {
        chunk.iter().enumerate().fold(0, |mask, (i, &byte)| {
            mask | u16::from(self.contains(byte)) << i
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Ranges of every shape: single bytes (the lowest and the highest among them), a range at
    /// zero, one reaching 0xff, one in between.
    const SINGLE_BYTES: ByteSet<4> =
        ByteSet::new([(0, 0), (b'<', b'<'), (0x80, 0x80), (0xff, 0xff)]);
    const FROM_ZERO: ByteSet<3> = ByteSet::new([(0, 0x1f), (b'"', b'"'), (b'\\', b'\\')]);
    const TO_THE_TOP: ByteSet<4> =
        ByteSet::new([(b'\t', b'\r'), (0xc2, 0xc2), (0xe1, 0xe3), (0xf0, 0xff)]);

    /// The mask by the ranges, byte by byte (not by the table, which is under test too).
    fn by_bytes<const N: usize>(set: &ByteSet<N>, chunk: &[u8]) -> u16 {
        chunk.iter().enumerate().fold(0, |mask, (i, &byte)| {
            let found = set.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&byte));
            mask | u16::from(found) << i
        })
    }

    /// Whether `set` masks each of `chunks` as its ranges say.
    fn masks_as_ranges_say<const N: usize>(set: &ByteSet<N>, chunks: &[&[u8]]) -> bool {
        chunks
            .iter()
            .all(|chunk| set.mask(chunk) == by_bytes(set, chunk))
    }

    #[test]
    fn every_byte_is_masked_as_its_ranges_say() {
        let all: Vec<u8> = (0..=255).collect();
        let chunks: Vec<&[u8]> = all.chunks(CHUNK).chain(all.chunks(CHUNK - 3)).collect();
        assert!(masks_as_ranges_say(&SINGLE_BYTES, &chunks));
        assert!(masks_as_ranges_say(&FROM_ZERO, &chunks));
        assert!(masks_as_ranges_say(&TO_THE_TOP, &chunks));
    }

    #[test]
    fn the_masks_of_a_text_name_each_byte_of_the_set_once() {
        for len in 0..3 * CHUNK + 1 {
            let text: Vec<u8> = (0..len)
                .map(|i| if i % 3 == 0 { b'<' } else { b'a' })
                .collect();
            let mut found = Vec::new();
            SINGLE_BYTES.for_each_mask(&text, |start, mut mask| {
                while mask != 0 {
                    found.push(start + mask.trailing_zeros() as usize);
                    mask &= mask - 1;
                }
            });
            let expected: Vec<usize> = (0..len).filter(|i| i % 3 == 0).collect();
            assert_eq!(found, expected, "length {len}");
        }
    }

    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn any_chunk_is_masked_as_its_ranges_say(chunk in prop::collection::vec(any::<u8>(), 0..=CHUNK)) {
            let chunks = [chunk.as_slice()];
            prop_assert!(masks_as_ranges_say(&SINGLE_BYTES, &chunks));
            prop_assert!(masks_as_ranges_say(&FROM_ZERO, &chunks));
            prop_assert!(masks_as_ranges_say(&TO_THE_TOP, &chunks));
        }
    }
}
