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
    #[cfg(target_arch = "wasm32")]
    {
        simd::dot_rows(query, rows, dim, out);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::dot_rows(query, rows, dim, out);
    }
}

/// Scores every row against every query in one pass over `rows`: `out[q * n_rows + r]`.
pub fn dot_rows_batch(queries: &[&[f32]], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
    let n_rows = if dim == 0 { 0 } else { rows.len() / dim };
    out.clear();
    out.resize(queries.len() * n_rows, 0.0);
    if dim == 0 {
        return;
    }
    let mut group = 0;
    while group < queries.len() {
        let take = (queries.len() - group).min(4);
        for r in 0..n_rows {
            let row = &rows[r * dim..(r + 1) * dim];
            let scores = dot4(&queries[group..group + take], row);
            for q in 0..take {
                out[(group + q) * n_rows + r] = scores[q];
            }
        }
        group += take;
    }
}

/// Up to four queries against one row (missing queries score 0).
fn dot4(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
    #[cfg(target_arch = "wasm32")]
    {
        simd::dot4(queries, row)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::dot4(queries, row)
    }
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

/// Portable kernels, compiled with AVX2 on x86-64 machines that have it (dispatched at run
/// time). AVX2 is enabled without FMA, so the compiler vectorizes the lanes but cannot fuse.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{finish, tail, LANES};

    /// Four rows per pass share each chunk of the query.
    pub fn dot_rows(query: &[f32], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { dot_rows_avx2(query, rows, dim, out) };
            return;
        }
        dot_rows_portable(query, rows, dim, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn dot_rows_avx2(query: &[f32], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
        dot_rows_portable(query, rows, dim, out);
    }

    #[inline(always)]
    fn dot_rows_portable(query: &[f32], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
        let query = &query[..dim.min(query.len())];
        let mut blocks = rows.chunks_exact(4 * dim);
        for block in &mut blocks {
            let (r0, rest) = block.split_at(dim);
            let (r1, rest) = rest.split_at(dim);
            let (r2, r3) = rest.split_at(dim);
            out.extend_from_slice(&dot_four_rows(query, [r0, r1, r2, r3]));
        }
        for row in blocks.remainder().chunks_exact(dim) {
            out.push(super::dot(query, row));
        }
    }

    #[inline(always)]
    fn dot_four_rows(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
        let full = q.len() - q.len() % LANES;
        let mut acc = [[0f32; LANES]; 4];
        for c in (0..full).step_by(LANES) {
            let x = &q[c..c + LANES];
            for (r, row) in rows.iter().enumerate() {
                let y = &row[c..c + LANES];
                for i in 0..LANES {
                    acc[r][i] += x[i] * y[i];
                }
            }
        }
        let mut out = [0f32; 4];
        for (r, row) in rows.iter().enumerate() {
            out[r] = finish(acc[r], tail(&q[full..], &row[full..q.len()]));
        }
        out
    }

    /// Up to four queries against one row.
    pub fn dot4(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { dot4_avx2(queries, row) };
        }
        dot4_portable(queries, row)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn dot4_avx2(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
        dot4_portable(queries, row)
    }

    #[inline(always)]
    fn dot4_portable(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
        let mut out = [0f32; 4];
        if queries.len() == 4 {
            let full = row.len() - row.len() % LANES;
            let mut acc = [[0f32; LANES]; 4];
            for c in (0..full).step_by(LANES) {
                let y = &row[c..c + LANES];
                for (q, query) in queries.iter().enumerate() {
                    let x = &query[c..c + LANES];
                    for i in 0..LANES {
                        acc[q][i] += x[i] * y[i];
                    }
                }
            }
            for (q, query) in queries.iter().enumerate() {
                out[q] = finish(acc[q], tail(&query[full..row.len()], &row[full..]));
            }
            return out;
        }
        for (q, query) in queries.iter().enumerate() {
            out[q] = super::dot(query, row);
        }
        out
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

    /// Four rows per pass share each chunk of the query.
    pub fn dot_rows(query: &[f32], rows: &[f32], dim: usize, out: &mut Vec<f32>) {
        let query = &query[..dim.min(query.len())];
        let mut blocks = rows.chunks_exact(4 * dim);
        for block in &mut blocks {
            let (r0, rest) = block.split_at(dim);
            let (r1, rest) = rest.split_at(dim);
            let (r2, r3) = rest.split_at(dim);
            out.extend_from_slice(&four(&[query, query, query, query], [r0, r1, r2, r3]));
        }
        for row in blocks.remainder().chunks_exact(dim) {
            out.push(super::dot(query, row));
        }
    }

    /// Up to four queries against one row.
    pub fn dot4(queries: &[&[f32]], row: &[f32]) -> [f32; 4] {
        if queries.len() == 4 {
            return four(&[queries[0], queries[1], queries[2], queries[3]], [row, row, row, row]);
        }
        let mut out = [0f32; 4];
        for (q, query) in queries.iter().enumerate() {
            out[q] = super::dot(query, row);
        }
        out
    }

    /// Four independent dot products `xs[j] · ys[j]` of one length, eight accumulators.
    #[inline(always)]
    fn four(xs: &[&[f32]; 4], ys: [&[f32]; 4]) -> [f32; 4] {
        let n = ys[0].len().min(xs[0].len());
        let full = n - n % LANES;
        let mut lo = [f32x4_splat(0.0); 4];
        let mut hi = [f32x4_splat(0.0); 4];
        let mut c = 0;
        while c < full {
            for j in 0..4 {
                lo[j] = f32x4_add(lo[j], f32x4_mul(load(xs[j], c), load(ys[j], c)));
                hi[j] = f32x4_add(hi[j], f32x4_mul(load(xs[j], c + 4), load(ys[j], c + 4)));
            }
            c += LANES;
        }
        let mut out = [0f32; 4];
        for j in 0..4 {
            out[j] = finish(lanes(lo[j], hi[j]), tail(&xs[j][full..n], &ys[j][full..n]));
        }
        out
    }

    /// Exact int8 dot product: products of two int8 values fit in i16 and so do sums of two
    /// (codes are within ±127), widened pairwise into i32 lanes.
    pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        let n = a.len().min(b.len());
        let full = n - n % 16;
        let mut acc = i32x4_splat(0);
        let mut c = 0;
        while c < full {
            // SAFETY: `c + 16 <= full <= len` for both slices.
            let (x, y) = unsafe { (v128_load(a.as_ptr().add(c) as *const v128), v128_load(b.as_ptr().add(c) as *const v128)) };
            let pairs = i16x8_add(i16x8_extmul_low_i8x16(x, y), i16x8_extmul_high_i8x16(x, y));
            acc = i32x4_add(acc, i32x4_extadd_pairwise_i16x8(pairs));
            c += 16;
        }
        let lanes = i32x4_extract_lane::<0>(acc) + i32x4_extract_lane::<1>(acc) + i32x4_extract_lane::<2>(acc) + i32x4_extract_lane::<3>(acc);
        let rest: i32 = a[full..n].iter().zip(&b[full..n]).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        lanes + rest
    }
}

#[cfg(test)]
mod tests {
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
        let extreme = vec![-127i8; 64];
        assert_eq!(dot_i8(&extreme, &extreme), 64 * 127 * 127);
        assert_eq!(matching_bits(&[0b1010, u64::MAX], &[0b0110, u64::MAX]), 126);
    }
}
