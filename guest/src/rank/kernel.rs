//! The scoring kernels: f32 dot products in one fixed summation order, int8 dot products and
//! binary Hamming similarity.
//!
//! Why a module of its own: these loops are where a ranking spends its time, and they carry the
//! determinism promise. Every f32 dot product here — scalar, wasm `simd128`, native AVX — adds
//! the same products in the same order: element `i` of each 8-element chunk goes to lane `i`,
//! lanes are combined as `((l0+l4) + (l2+l6)) + ((l1+l5) + (l3+l7))`, then the tail (the elements
//! after the last full chunk) is added in index order. No fused multiply-add (Rust never
//! contracts `a * b + c`) and no relaxed SIMD, so wasmtime, Node and a native build produce the
//! same bits. The int8 and binary kernels work on integers and are exact everywhere.
//!
//! Speed: a kernel scores several rows (or several queries) per pass over a chunk, so the CPU has
//! independent accumulators to work on and, in wasm, the runtime's interruption check on each
//! loop back-edge is paid once per 8 × 4 products rather than once per product.

#[cfg(target_arch = "wasm32")]
use simd as arch;
#[cfg(not(target_arch = "wasm32"))]
use native as arch;

/// Floats per chunk: one lane per element.
pub const LANES: usize = 8;

/// The dot product of `a` and `b` (equal lengths) in the fixed order.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let full = n - n % LANES;
    let mut lanes = [0f32; LANES];
    for (x, y) in a[..full].chunks_exact(LANES).zip(b[..full].chunks_exact(LANES)) {
        for i in 0..LANES {
            lanes[i] += x[i] * y[i];
        }
    }
    finish(lanes, tail(&a[full..n], &b[full..n]))
}

/// Scores `rows` (row-major, `dim` floats each) against `query` into `out`, one score per row.
pub fn dot_rows(query: &[f32], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
    out.clear();
    if dim == 0 {
        out.resize(rows.len(), 0.0);
        return;
    }
    let query = &query[..dim.min(query.len())];
    let rest = by_fours(rows, dim, |four| out.extend_from_slice(&arch::one_by_four(query, four)));
    out.extend(rest.chunks_exact(dim).map(|row| dot(query, row)));
}

/// Hands each run of four consecutive rows (`dim` values each) to `four`, so a kernel can share
/// every load of the query among four rows; returns the rows left over.
fn by_fours<'a, T>(rows: &'a [T], dim: usize, mut four: impl FnMut([&'a [T]; 4])) -> &'a [T] {
    let mut blocks = rows.chunks_exact(4 * dim);
    for block in &mut blocks {
        let (r0, rest) = block.split_at(dim);
        let (r1, rest) = rest.split_at(dim);
        let (r2, r3) = rest.split_at(dim);
        four([r0, r1, r2, r3]);
    }
    blocks.remainder()
}

/// Scores every row against every query in one pass over `rows`: `out[q * n_rows + r]`.
pub fn dot_rows_batch(queries: &[&[f32]], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
    let n_rows = if dim == 0 { 0 } else { rows.len() / dim };
    out.clear();
    out.resize(queries.len() * n_rows, 0.0);
    if dim == 0 {
        return;
    }
    // Rows in tiles small enough to stay in the L2 cache while every group of four queries
    // passes over them, so each row comes from memory once.
    for tile in (0..n_rows).step_by(TILE_ROWS) {
        let end = (tile + TILE_ROWS).min(n_rows);
        for group in (0..queries.len()).step_by(4) {
            let take = (queries.len() - group).min(4);
            batch_tile(&queries[group..group + take], rows, dim, tile..end, |q, r, score| out[(group + q) * n_rows + r] = score);
        }
    }
}

/// Rows per cache tile of a batched pass: 64 × 3 KiB at 768 dimensions.
const TILE_ROWS: usize = 64;

/// Up to four queries against the rows in `range`, reporting `(query, row, score)`.
fn batch_tile(queries: &[&[f32]], rows: &[f32], dim: usize, range: std::ops::Range<usize>, mut put: impl FnMut(usize, usize, f32)) {
    let mut r = range.start;
    #[cfg(not(target_arch = "wasm32"))]
    if let [q0, q1, q2, q3] = queries {
        while r + 2 <= range.end {
            let scores = native::dot4x2([q0, q1, q2, q3], &rows[r * dim..(r + 1) * dim], &rows[(r + 1) * dim..(r + 2) * dim]);
            for (i, row_scores) in scores.iter().enumerate() {
                for (q, score) in row_scores.iter().enumerate() {
                    put(q, r + i, *score);
                }
            }
            r += 2;
        }
    }
    while r < range.end {
        let scores = dot4(queries, &rows[r * dim..(r + 1) * dim]);
        for (q, score) in scores.iter().take(queries.len()).enumerate() {
            put(q, r, *score);
        }
        r += 1;
    }
}

/// Up to four queries against one row (missing queries score 0).
fn dot4(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
    if let [q0, q1, q2, q3] = queries {
        return arch::one_by_four(row, [q0, q1, q2, q3]);
    }
    let mut out = [0f32; 4];
    for (q, query) in queries.iter().enumerate() {
        out[q] = dot(query, row);
    }
    out
}

/// Scores int8 code rows (row-major, `dim` codes each) against `query` into `out` (exact).
///
/// `shared_pass`: the rows will be read by several queries in turn (a batch), so they are cached
/// and, natively, four rows per pass pay off; a single query streams the rows from memory one at
/// a time, which measured faster on that memory-bound path. In wasm the one-row kernel measured
/// faster in both cases (a four-row kernel spills registers under Cranelift).
pub fn dot_i8_rows(query: &[i8], rows: &[i8], dim: usize, shared_pass: bool, out: &mut Vec<i32>) {
    out.clear();
    if dim == 0 {
        return;
    }
    let query = &query[..dim.min(query.len())];
    #[cfg(not(target_arch = "wasm32"))]
    if shared_pass {
        let rest = by_fours(rows, dim, |four| out.extend_from_slice(&native::i8_one_by_four(query, four)));
        out.extend(rest.chunks_exact(dim).map(|row| dot_i8(query, row)));
        return;
    }
    let _ = shared_pass;
    #[cfg(target_arch = "wasm32")]
    {
        let wide: Vec<i16> = query.iter().map(|&x| i16::from(x)).collect();
        out.extend(rows.chunks_exact(dim).map(|row| simd::dot_i8_wide(row, &wide)));
    }
    #[cfg(not(target_arch = "wasm32"))]
    out.extend(rows.chunks_exact(dim).map(|row| dot_i8(query, row)));
}

/// The exact integer dot product of two int8 codes.
pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        simd::dot_i8(a, b)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::dot_i8(a, b)
    }
}

/// Matching bits between two sign-bit codes: `64 * words - popcount(a ^ b)`.
pub fn matching_bits(a: &[u64], b: &[u64]) -> u32 {
    let differing: u32 = a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum();
    (a.len() as u32 * 64).saturating_sub(differing)
}

/// Combines the lanes and the tail in the fixed order.
#[inline(always)]
fn finish(lanes: [f32; LANES], tail: f32) -> f32 {
    let pairs = [lanes[0] + lanes[4], lanes[1] + lanes[5], lanes[2] + lanes[6], lanes[3] + lanes[7]];
    ((pairs[0] + pairs[2]) + (pairs[1] + pairs[3])) + tail
}

/// The products after the last full chunk, summed in index order from +0.
#[inline(always)]
fn tail(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).fold(0.0f32, |acc, (x, y)| acc + x * y)
}

/// Native kernels: AVX (8 lanes in one register, multiply then add, never fused) on x86-64
/// machines that have it, detected at run time; plain Rust elsewhere.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{finish, tail, LANES};

    /// Four queries against two rows.
    pub fn dot4x2(queries: [&[f32]; 4], a: &[f32], b: &[f32]) -> [[f32; 4]; 2] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU supports AVX, checked just above.
            return unsafe { avx::eight(queries, [a, b]) };
        }
        [one_by_four(a, queries), one_by_four(b, queries)]
    }

    /// `shared · others[j]` for four slices of one length.
    pub fn one_by_four(shared: &[f32], others: [&[f32]; 4]) -> [f32; 4] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU supports AVX, checked just above.
            return unsafe { avx::one_by_four(shared, others) };
        }
        others.map(|o| super::dot(shared, o))
    }

    #[cfg(target_arch = "x86_64")]
    mod avx {
        use std::arch::x86_64::*;

        use super::{finish, tail, LANES};

        #[inline(always)]
        unsafe fn load(s: &[f32], at: usize) -> __m256 {
            // SAFETY: callers pass `at + 8 <= s.len()`; the load needs no alignment.
            unsafe { _mm256_loadu_ps(s.as_ptr().add(at)) }
        }

        #[inline(always)]
        unsafe fn lanes(v: __m256) -> [f32; LANES] {
            let mut out = [0f32; LANES];
            // SAFETY: `out` holds exactly 8 floats.
            unsafe { _mm256_storeu_ps(out.as_mut_ptr(), v) };
            out
        }

        /// `shared · others[j]` for four slices: `shared` is loaded once per chunk, and four
        /// chunks are done per loop iteration.
        #[target_feature(enable = "avx")]
        pub unsafe fn one_by_four(shared: &[f32], others: [&[f32]; 4]) -> [f32; 4] {
            let n = others.iter().map(|s| s.len()).min().unwrap_or(0).min(shared.len());
            let full = n - n % LANES;
            let mut acc = [_mm256_setzero_ps(); 4];
            let mut c = 0;
            while c + 4 * LANES <= full {
                for u in 0..4 {
                    let at = c + u * LANES;
                    // SAFETY: `at + 8 <= full <= len` of every slice.
                    let x = unsafe { load(shared, at) };
                    for j in 0..4 {
                        // SAFETY: as above.
                        acc[j] = _mm256_add_ps(acc[j], _mm256_mul_ps(x, unsafe { load(others[j], at) }));
                    }
                }
                c += 4 * LANES;
            }
            while c < full {
                // SAFETY: `c + 8 <= full <= len` of every slice.
                let x = unsafe { load(shared, c) };
                for j in 0..4 {
                    // SAFETY: as above.
                    acc[j] = _mm256_add_ps(acc[j], _mm256_mul_ps(x, unsafe { load(others[j], c) }));
                }
                c += LANES;
            }
            let mut out = [0f32; 4];
            for j in 0..4 {
                // SAFETY: plain register spill.
                out[j] = finish(unsafe { lanes(acc[j]) }, tail(&shared[full..n], &others[j][full..n]));
            }
            out
        }

        /// Four queries against two rows, eight accumulators: enough independent additions
        /// to keep both adders busy.
        #[target_feature(enable = "avx")]
        pub unsafe fn eight(qs: [&[f32]; 4], rows: [&[f32]; 2]) -> [[f32; 4]; 2] {
            let n = qs.iter().chain(&rows).map(|s| s.len()).min().unwrap_or(0);
            let full = n - n % LANES;
            let mut acc = [[_mm256_setzero_ps(); 4]; 2];
            let mut c = 0;
            while c < full {
                // SAFETY: `c + 8 <= full <= len` of every slice.
                let (a, b) = unsafe { (load(rows[0], c), load(rows[1], c)) };
                for j in 0..4 {
                    // SAFETY: as above.
                    let x = unsafe { load(qs[j], c) };
                    acc[0][j] = _mm256_add_ps(acc[0][j], _mm256_mul_ps(x, a));
                    acc[1][j] = _mm256_add_ps(acc[1][j], _mm256_mul_ps(x, b));
                }
                c += LANES;
            }
            let mut out = [[0f32; 4]; 2];
            for r in 0..2 {
                for j in 0..4 {
                    // SAFETY: plain register spill.
                    out[r][j] = finish(unsafe { lanes(acc[r][j]) }, tail(&qs[j][full..n], &rows[r][full..n]));
                }
            }
            out
        }
    }

    /// `shared · others[j]` for four int8 code slices (exact).
    pub fn i8_one_by_four(shared: &[i8], others: [&[i8]; 4]) -> [i32; 4] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { avx2::i8_one_by_four(shared, others) };
        }
        others.map(|o| dot_i8(shared, o))
    }

    #[cfg(target_arch = "x86_64")]
    mod avx2 {
        use std::arch::x86_64::*;

        /// 16 codes at `at`, sign-extended to i16.
        #[target_feature(enable = "avx2")]
        unsafe fn widen(s: &[i8], at: usize) -> __m256i {
            // SAFETY: callers pass `at + 16 <= s.len()`.
            _mm256_cvtepi8_epi16(unsafe { _mm_loadu_si128(s.as_ptr().add(at) as *const __m128i) })
        }

        /// Sign-extends 16 codes to i16 and multiplies pairwise into i32 (`vpmaddwd`): exact.
        #[target_feature(enable = "avx2")]
        pub unsafe fn i8_one_by_four(shared: &[i8], others: [&[i8]; 4]) -> [i32; 4] {
            let n = others.iter().map(|s| s.len()).min().unwrap_or(0).min(shared.len());
            let full = n - n % 32;
            let mut acc = [_mm256_setzero_si256(); 4];
            let mut c = 0;
            while c < full {
                // SAFETY: `c + 32 <= full <= len` of every slice.
                let (x0, x1) = unsafe { (widen(shared, c), widen(shared, c + 16)) };
                for j in 0..4 {
                    // SAFETY: as above.
                    let (y0, y1) = unsafe { (widen(others[j], c), widen(others[j], c + 16)) };
                    acc[j] = _mm256_add_epi32(acc[j], _mm256_add_epi32(_mm256_madd_epi16(x0, y0), _mm256_madd_epi16(x1, y1)));
                }
                c += 32;
            }
            let mut out = [0i32; 4];
            for j in 0..4 {
                let mut lanes = [0i32; 8];
                // SAFETY: `lanes` holds exactly 8 i32.
                unsafe { _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, acc[j]) };
                let rest: i32 = shared[full..n].iter().zip(&others[j][full..n]).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
                out[j] = lanes.iter().sum::<i32>() + rest;
            }
            out
        }
    }

    /// Exact int8 dot product; vectorized by the compiler (AVX2 when present).
    pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { dot_i8_avx2(a, b) };
        }
        dot_i8_portable(a, b)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn dot_i8_avx2(a: &[i8], b: &[i8]) -> i32 {
        dot_i8_portable(a, b)
    }

    #[inline(always)]
    fn dot_i8_portable(a: &[i8], b: &[i8]) -> i32 {
        let mut acc = [0i32; 32];
        let mut ca = a.chunks_exact(32);
        let mut cb = b.chunks_exact(32);
        for (x, y) in (&mut ca).zip(&mut cb) {
            for i in 0..32 {
                acc[i] += i32::from(x[i]) * i32::from(y[i]);
            }
        }
        let rest: i32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        acc.iter().sum::<i32>() + rest
    }
}

/// wasm `simd128` kernels (the guest is built with `+simd128`; wasmtime and Node both run it).
/// The same lane layout as the portable code: lanes 0–3 in one register, 4–7 in another.
#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::*;

    use super::{finish, tail, LANES};

    #[inline(always)]
    fn load(s: &[f32], at: usize) -> v128 {
        // SAFETY: callers pass `at + 4 <= s.len()`; v128 loads need no alignment.
        unsafe { v128_load(s.as_ptr().add(at) as *const v128) }
    }

    #[inline(always)]
    fn lanes(lo: v128, hi: v128) -> [f32; LANES] {
        [
            f32x4_extract_lane::<0>(lo),
            f32x4_extract_lane::<1>(lo),
            f32x4_extract_lane::<2>(lo),
            f32x4_extract_lane::<3>(lo),
            f32x4_extract_lane::<0>(hi),
            f32x4_extract_lane::<1>(hi),
            f32x4_extract_lane::<2>(hi),
            f32x4_extract_lane::<3>(hi),
        ]
    }

    /// `shared · others[j]` for four slices, eight accumulators; `shared` is loaded once per
    /// chunk and four chunks are done per loop iteration, so the runtime's interruption check on
    /// the back-edge is paid once per 32 floats.
    #[inline(always)]
    pub fn one_by_four(shared: &[f32], others: [&[f32]; 4]) -> [f32; 4] {
        let n = others.iter().map(|s| s.len()).min().unwrap_or(0).min(shared.len());
        let full = n - n % LANES;
        let mut lo = [f32x4_splat(0.0); 4];
        let mut hi = [f32x4_splat(0.0); 4];
        let mut c = 0;
        let step = |c: usize, lo: &mut [v128; 4], hi: &mut [v128; 4]| {
            let (a, b) = (load(shared, c), load(shared, c + 4));
            for j in 0..4 {
                lo[j] = f32x4_add(lo[j], f32x4_mul(a, load(others[j], c)));
                hi[j] = f32x4_add(hi[j], f32x4_mul(b, load(others[j], c + 4)));
            }
        };
        while c + 4 * LANES <= full {
            step(c, &mut lo, &mut hi);
            step(c + LANES, &mut lo, &mut hi);
            step(c + 2 * LANES, &mut lo, &mut hi);
            step(c + 3 * LANES, &mut lo, &mut hi);
            c += 4 * LANES;
        }
        while c < full {
            step(c, &mut lo, &mut hi);
            c += LANES;
        }
        let mut out = [0f32; 4];
        for j in 0..4 {
            out[j] = finish(lanes(lo[j], hi[j]), tail(&shared[full..n], &others[j][full..n]));
        }
        out
    }

    /// Exact dot product of int8 codes with a query already widened to i16: each 16 codes are
    /// sign-extended and multiplied pairwise into i32 by `i32x4.dot_i16x8_s` (one `pmaddwd` on
    /// x86), four chunks per loop iteration.
    pub fn dot_i8_wide(codes: &[i8], wide: &[i16]) -> i32 {
        let n = codes.len().min(wide.len());
        let full = n - n % 64;
        let step = |acc: v128, at: usize| {
            // SAFETY: callers pass `at + 16 <= full <= len` for both slices.
            let (c, lo, hi) = unsafe {
                (v128_load(codes.as_ptr().add(at) as *const v128), v128_load(wide.as_ptr().add(at) as *const v128), v128_load(wide.as_ptr().add(at + 8) as *const v128))
            };
            let products = i32x4_add(i32x4_dot_i16x8(i16x8_extend_low_i8x16(c), lo), i32x4_dot_i16x8(i16x8_extend_high_i8x16(c), hi));
            i32x4_add(acc, products)
        };
        let (mut acc0, mut acc1) = (i32x4_splat(0), i32x4_splat(0));
        let mut c = 0;
        while c < full {
            acc0 = step(acc0, c);
            acc1 = step(acc1, c + 16);
            acc0 = step(acc0, c + 32);
            acc1 = step(acc1, c + 48);
            c += 64;
        }
        let acc = i32x4_add(acc0, acc1);
        let lanes = i32x4_extract_lane::<0>(acc) + i32x4_extract_lane::<1>(acc) + i32x4_extract_lane::<2>(acc) + i32x4_extract_lane::<3>(acc);
        let rest: i32 = codes[full..n].iter().zip(&wide[full..n]).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        lanes + rest
    }

    /// Exact int8 dot product: products of two int8 values fit in i16 and so do sums of two
    /// (codes are within ±127), widened pairwise into i32 lanes.
    pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        let n = a.len().min(b.len());
        let full = n - n % 64;
        let load = |s: &[i8], at: usize| {
            // SAFETY: callers pass `at + 16 <= full <= len`.
            unsafe { v128_load(s.as_ptr().add(at) as *const v128) }
        };
        let step = |acc: v128, at: usize| {
            let (x, y) = (load(a, at), load(b, at));
            i32x4_add(acc, i32x4_extadd_pairwise_i16x8(i16x8_add(i16x8_extmul_low_i8x16(x, y), i16x8_extmul_high_i8x16(x, y))))
        };
        let (mut acc0, mut acc1) = (i32x4_splat(0), i32x4_splat(0));
        let mut c = 0;
        while c < full {
            acc0 = step(acc0, c);
            acc1 = step(acc1, c + 16);
            acc0 = step(acc0, c + 32);
            acc1 = step(acc1, c + 48);
            c += 64;
        }
        let acc = i32x4_add(acc0, acc1);
        let lanes = i32x4_extract_lane::<0>(acc) + i32x4_extract_lane::<1>(acc) + i32x4_extract_lane::<2>(acc) + i32x4_extract_lane::<3>(acc);
        let rest: i32 = a[full..n].iter().zip(&b[full..n]).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        lanes + rest
    }
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    /// The fixed order written out element by element, as the reference.
    fn reference(a: &[f32], b: &[f32]) -> f32 {
        let full = a.len() - a.len() % LANES;
        let mut lanes = [0f32; LANES];
        for i in 0..full {
            lanes[i % LANES] += a[i] * b[i];
        }
        let mut t = 0f32;
        for i in full..a.len() {
            t += a[i] * b[i];
        }
        finish(lanes, t)
    }

    fn vector(seed: u32, n: usize) -> Vec<f32> {
        (0..n).map(|i| ((i as f32 + 1.0) * (seed as f32 * 0.731 + 0.1)).sin()).collect()
    }

    #[test]
    fn every_kernel_gives_the_bits_of_the_reference_order() {
        for dim in [1, 7, 8, 13, 64, 100, 256, 768] {
            let q = vector(1, dim);
            let rows: Vec<f32> = (0..7).flat_map(|r| vector(r + 2, dim)).collect();
            let mut single = Vec::new();
            dot_rows(&q, &rows, dim, &mut single);
            let queries: Vec<Vec<f32>> = (0..6).map(|s| vector(s + 20, dim)).collect();
            let refs: Vec<&[f32]> = queries.iter().map(|v| v.as_slice()).collect();
            let mut batch = Vec::new();
            dot_rows_batch(&refs, &rows, dim, &mut batch);
            for r in 0..7 {
                let row = &rows[r * dim..(r + 1) * dim];
                assert_eq!(single[r].to_bits(), reference(&q, row).to_bits(), "dim {dim} row {r}");
                assert_eq!(dot(&q, row).to_bits(), reference(&q, row).to_bits());
                for (qi, query) in queries.iter().enumerate() {
                    assert_eq!(batch[qi * 7 + r].to_bits(), reference(query, row).to_bits(), "dim {dim} query {qi} row {r}");
                }
            }
        }
    }

    #[test]
    fn int8_and_binary_kernels_are_exact() {
        let a: Vec<i8> = (0..77).map(|i| ((i * 37) % 255 - 127) as i8).collect();
        let b: Vec<i8> = (0..77).map(|i| ((i * 91 + 5) % 255 - 127) as i8).collect();
        let naive: i32 = a.iter().zip(&b).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        assert_eq!(dot_i8(&a, &b), naive);
        let rows: Vec<i8> = (0..77 * 6).map(|i| ((i * 53 + 11) % 255 - 127) as i8).collect();
        let mut scores = Vec::new();
        let each: Vec<i32> = rows.chunks_exact(77).map(|r| a.iter().zip(r).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum()).collect();
        for shared_pass in [false, true] {
            dot_i8_rows(&a, &rows, 77, shared_pass, &mut scores);
            assert_eq!(scores, each);
        }
        let extreme = vec![-127i8; 64];
        assert_eq!(dot_i8(&extreme, &extreme), 64 * 127 * 127);
        assert_eq!(matching_bits(&[0b1010, u64::MAX], &[0b0110, u64::MAX]), 126);
    }
}
