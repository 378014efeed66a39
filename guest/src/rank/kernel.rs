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
    let n_rows = rows.len().checked_div(dim).unwrap_or(0);
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

/// Scores int8 code rows (row-major, `dim` codes each) against queries quantized to i16 (at most
/// 12 bits, so no sum overflows below 8,192 dimensions): `out[q * n_rows + r]`, exact integers.
///
/// Rows go in cache-sized tiles and queries four at a time, so each row's codes are widened
/// once per four queries and read from memory once per batch.
pub fn dot_codes(queries: &[&[i16]], rows: &[i8], dim: usize, out: &mut Vec<i32>) {
    let n_rows = rows.len().checked_div(dim).unwrap_or(0);
    out.clear();
    out.resize(queries.len() * n_rows, 0);
    if dim == 0 {
        return;
    }
    let (mut fours, mut ones) = (Vec::new(), Vec::new());
    for tile in (0..n_rows).step_by(CODE_TILE_ROWS) {
        let end = (tile + CODE_TILE_ROWS).min(n_rows);
        let tile_rows = &rows[tile * dim..end * dim];
        for group in (0..queries.len()).step_by(4) {
            if let [q0, q1, q2, q3] = queries[group..(group + 4).min(queries.len())] {
                arch::codes_by_four(tile_rows, dim, [q0, q1, q2, q3], &mut fours);
                for (r, four) in fours.iter().enumerate() {
                    for (j, score) in four.iter().enumerate() {
                        out[(group + j) * n_rows + tile + r] = *score;
                    }
                }
                continue;
            }
            for (q, query) in queries.iter().enumerate().skip(group) {
                arch::codes_one(tile_rows, dim, query, &mut ones);
                out[q * n_rows + tile..q * n_rows + end].copy_from_slice(&ones);
            }
        }
    }
}

/// Rows per tile of [`dot_codes`]: 256 × 768 codes is 192 KiB, cached while every group of four
/// queries passes over it.
const CODE_TILE_ROWS: usize = 256;

/// The exact dot product of int8 codes and i16 query codes, in plain Rust (the reference).
fn dot_code_portable(codes: &[i8], query: &[i16]) -> i32 {
    codes.iter().zip(query).map(|(c, q)| i32::from(*c) * i32::from(*q)).sum()
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

    #[cfg(target_arch = "x86_64")]
    mod avx2 {
        use std::arch::x86_64::*;

        /// 16 codes at `at`, sign-extended to i16.
        #[target_feature(enable = "avx2")]
        unsafe fn widen(s: &[i8], at: usize) -> __m256i {
            // SAFETY: callers pass `at + 16 <= s.len()`.
            _mm256_cvtepi8_epi16(unsafe { _mm_loadu_si128(s.as_ptr().add(at) as *const __m128i) })
        }

        /// 16 i16 query codes at `at`.
        #[target_feature(enable = "avx2")]
        unsafe fn load16(s: &[i16], at: usize) -> __m256i {
            // SAFETY: callers pass `at + 16 <= s.len()`.
            unsafe { _mm256_loadu_si256(s.as_ptr().add(at) as *const __m256i) }
        }

        /// Sum of the eight i32 lanes.
        #[target_feature(enable = "avx2")]
        fn sum(v: __m256i) -> i32 {
            let mut lanes = [0i32; 8];
            // SAFETY: `lanes` holds exactly 8 i32.
            unsafe { _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, v) };
            lanes.iter().sum()
        }

        /// One row of int8 codes against four i16 queries: the row is widened once per 16 codes.
        #[target_feature(enable = "avx2")]
        pub unsafe fn codes_by_four(row: &[i8], qs: [&[i16]; 4]) -> [i32; 4] {
            let n = qs.iter().map(|s| s.len()).min().unwrap_or(0).min(row.len());
            let full = n - n % 16;
            let mut acc = [_mm256_setzero_si256(); 4];
            let mut c = 0;
            while c < full {
                // SAFETY: `c + 16 <= full <= len` of every slice.
                let x = unsafe { widen(row, c) };
                for j in 0..4 {
                    // SAFETY: as above.
                    acc[j] = _mm256_add_epi32(acc[j], _mm256_madd_epi16(x, unsafe { load16(qs[j], c) }));
                }
                c += 16;
            }
            let mut out = [0i32; 4];
            for j in 0..4 {
                out[j] = sum(acc[j]) + super::super::dot_code_portable(&row[full..n], &qs[j][full..n]);
            }
            out
        }

        /// One row of int8 codes against one i16 query, two accumulators.
        #[target_feature(enable = "avx2")]
        pub unsafe fn codes_one(row: &[i8], q: &[i16]) -> i32 {
            let n = row.len().min(q.len());
            let full = n - n % 32;
            let (mut a, mut b) = (_mm256_setzero_si256(), _mm256_setzero_si256());
            let mut c = 0;
            while c < full {
                // SAFETY: `c + 32 <= full <= len` of both slices.
                unsafe {
                    a = _mm256_add_epi32(a, _mm256_madd_epi16(widen(row, c), load16(q, c)));
                    b = _mm256_add_epi32(b, _mm256_madd_epi16(widen(row, c + 16), load16(q, c + 16)));
                }
                c += 32;
            }
            sum(_mm256_add_epi32(a, b)) + super::super::dot_code_portable(&row[full..n], &q[full..n])
        }
    }

    /// Each row of `rows` against four i16 queries, one `[i32; 4]` per row into `out`.
    pub fn codes_by_four(rows: &[i8], dim: usize, qs: [&[i16]; 4], out: &mut Vec<[i32; 4]>) {
        out.clear();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            out.extend(rows.chunks_exact(dim).map(|row| unsafe { avx2::codes_by_four(row, qs) }));
            return;
        }
        out.extend(rows.chunks_exact(dim).map(|row| qs.map(|q| super::dot_code_portable(row, q))));
    }

    /// Each row of `rows` against one i16 query into `out`.
    pub fn codes_one(rows: &[i8], dim: usize, q: &[i16], out: &mut Vec<i32>) {
        out.clear();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            out.extend(rows.chunks_exact(dim).map(|row| unsafe { avx2::codes_one(row, q) }));
            return;
        }
        out.extend(rows.chunks_exact(dim).map(|row| super::dot_code_portable(row, q)));
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

    /// Exact dot product of int8 codes with a query already widened to i16: each 8 codes are
    /// loaded sign-extended (`v128.load8x8_s`) and multiplied pairwise into i32 by
    /// `i32x4.dot_i16x8_s` (one `pmaddwd` on x86). The sums live in memory behind volatile
    /// accesses, for the reason given at [`code_four`]; four of them, each updated once per 32
    /// codes, so the store-and-reload latency of one overlaps the work on the others.
    #[inline(always)]
    fn dot_i8_wide(codes: &[i8], wide: &[i16]) -> i32 {
        let n = codes.len().min(wide.len());
        let mut acc = [i32x4_splat(0); 4];
        let slots = acc.as_mut_ptr();
        let add32 = |slot: usize, at: usize| {
            let mut sum = i32x4_splat(0);
            for o in [0, 8, 16, 24] {
                // SAFETY: callers pass `at + 32 <= n`, within both slices.
                let (x, q) = unsafe { (i16x8_load_extend_i8x8(codes.as_ptr().add(at + o)), v128_load(wide.as_ptr().add(at + o) as *const v128)) };
                sum = i32x4_add(sum, i32x4_dot_i16x8(x, q));
            }
            // SAFETY: `slot < 4` indexes `acc`, which outlives every call.
            unsafe { slots.add(slot).write_volatile(i32x4_add(slots.add(slot).read_volatile(), sum)) };
        };
        let mut c = 0;
        while c + 128 <= n {
            for slot in 0..4 {
                add32(slot, c + 32 * slot);
            }
            c += 128;
        }
        while c + 32 <= n {
            add32(0, c);
            c += 32;
        }
        let v = i32x4_add(i32x4_add(acc[0], acc[1]), i32x4_add(acc[2], acc[3]));
        let lanes = i32x4_extract_lane::<0>(v) + i32x4_extract_lane::<1>(v) + i32x4_extract_lane::<2>(v) + i32x4_extract_lane::<3>(v);
        lanes + super::dot_code_portable(&codes[c..n], &wide[c..n])
    }

    /// Each row of `rows` against four i16 queries, one `[i32; 4]` per row into `out`. Out of
    /// line, so the register allocator sees only this loop.
    #[inline(never)]
    pub fn codes_by_four(rows: &[i8], dim: usize, qs: [&[i16]; 4], out: &mut Vec<[i32; 4]>) {
        out.clear();
        let full = dim - dim % 64;
        // The four queries interleaved by 8 codes (q0[0..8], q1[0..8], …, q3[0..8], q0[8..16], …),
        // so the kernel addresses them all from one pointer.
        let mut packed = Vec::with_capacity(4 * full);
        for chunk in (0..full).step_by(8) {
            for q in qs {
                packed.extend_from_slice(&q[chunk..chunk + 8]);
            }
        }
        out.extend(rows.chunks_exact(dim).map(|row| {
            let mut scores = code_four(&row[..full], &packed);
            for (score, q) in scores.iter_mut().zip(qs) {
                *score += super::dot_code_portable(&row[full..], &q[full..dim]);
            }
            scores
        }));
    }

    /// Each row of `rows` against one i16 query into `out`. Out of line, so the register
    /// allocator sees only this loop.
    #[inline(never)]
    pub fn codes_one(rows: &[i8], dim: usize, q: &[i16], out: &mut Vec<i32>) {
        out.clear();
        out.extend(rows.chunks_exact(dim).map(|row| dot_i8_wide(row, q)));
    }

    /// Codes (a multiple of 64) against four interleaved queries: each 8 codes are loaded
    /// sign-extended once (`v128.load8x8_s`) and multiplied into every query's sum.
    ///
    /// Shaped for Cranelift. It keeps loads (which may trap) in program order but places pure
    /// arithmetic just before the first side effect that needs it, so with sums kept in
    /// registers every load of an iteration would come first and most would spill. The sums
    /// therefore live in `acc` in memory, read and written with volatile accesses after each
    /// half-query: those side effects pull the multiplies up next to their loads. (The runtime's
    /// interruption check on the loop back-edge may call out, so Cranelift would keep
    /// loop-carried vectors on the stack anyway.)
    #[inline(always)]
    fn code_four(row: &[i8], packed: &[i16]) -> [i32; 4] {
        let full = row.len().min(packed.len() / 4);
        let mut acc = [i32x4_splat(0); 4];
        let slots = acc.as_mut_ptr();
        let mut c = 0;
        while c + 64 <= full {
            // SAFETY: `c + 64 <= full`, and `packed` holds 4 × `full` values.
            let codes = unsafe { [0, 8, 16, 24, 32, 40, 48, 56].map(|o| i16x8_load_extend_i8x8(row.as_ptr().add(c + o))) };
            let base = packed[4 * c..4 * c + 256].as_ptr();
            for j in 0..4 {
                for half in [0, 4] {
                    let mut sum = i32x4_splat(0);
                    for (k, code) in codes.iter().enumerate().skip(half).take(4) {
                        // SAFETY: `(4k + j) × 8 + 8 <= 256`.
                        sum = i32x4_add(sum, i32x4_dot_i16x8(*code, unsafe { v128_load(base.add((4 * k + j) * 8) as *const v128) }));
                    }
                    // SAFETY: `j < 4` indexes `acc`, which outlives the loop.
                    unsafe { slots.add(j).write_volatile(i32x4_add(slots.add(j).read_volatile(), sum)) };
                }
            }
            c += 64;
        }
        acc.map(|v| i32x4_extract_lane::<0>(v) + i32x4_extract_lane::<1>(v) + i32x4_extract_lane::<2>(v) + i32x4_extract_lane::<3>(v))
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
        for (dim, n_queries) in [(77, 6), (768, 4), (16, 1), (5, 9)] {
            let rows: Vec<i8> = (0..dim * 300).map(|i| ((i * 53 + 11) % 255) as i8 ^ -128).map(|c| c.max(-127)).collect();
            let queries: Vec<Vec<i16>> = (0..n_queries).map(|q| (0..dim).map(|i| ((i * 97 + q * 31) % 4095) as i16 - 2047).collect()).collect();
            let refs: Vec<&[i16]> = queries.iter().map(|q| q.as_slice()).collect();
            let mut out = Vec::new();
            dot_codes(&refs, &rows, dim, &mut out);
            for (q, query) in queries.iter().enumerate() {
                for (r, row) in rows.chunks_exact(dim).enumerate() {
                    assert_eq!(out[q * 300 + r], dot_code_portable(row, query), "dim {dim} query {q} row {r}");
                }
            }
        }
        // The extremes: 127 × 2,047 summed over 8,192 dimensions still fits an i32.
        let (extreme_row, extreme_query) = (vec![-127i8; 8192], vec![-2047i16; 8192]);
        let query: &[i16] = &extreme_query;
        let mut out = Vec::new();
        for n_queries in [1, 4] {
            dot_codes(&vec![query; n_queries], &extreme_row, 8192, &mut out);
            assert_eq!(out, vec![127 * 2047 * 8192; n_queries]);
        }
        assert_eq!(matching_bits(&[0b1010, u64::MAX], &[0b0110, u64::MAX]), 126);
    }
}
