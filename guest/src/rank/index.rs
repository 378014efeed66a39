//! An in-memory vector index: the Smart Picker's search over a tenant's pages.
//!
//! Why: a sync ranks thousands of page vectors against a ticket; large tenants have 100,000.
//! The index holds each page's unit vector three ways and offers four scans:
//! - `exact`: f32 cosine over every vector (3,072 bytes read per 768-dim vector);
//! - `int8`: per-vector symmetric scalar quantization (768 + 4 bytes), then the best
//!   `k × oversample` candidates rescored in f32;
//! - `binary`: one sign bit per dimension (96 bytes), Hamming similarity, then rescoring;
//! - `pruned`: the exact results (the same rows, scores and order as `exact`) for about the
//!   cost of `int8`: an int8 pass computes each row's score within a proven error bound, and only
//!   the rows whose bound reaches the k-th best lower bound are rescored in f32 (see
//!   `Bounded` for the bound and `scan_pruned` for why the results are exact). In wasm, where
//!   128-bit SIMD without fused multiply-add makes a batch of exact f32 queries compute-bound,
//!   this is the fast exact scan.
//!
//! On top of a scan: filters (space, label, age), lexical ranking (BM25 over the excerpts), hybrid
//! ranking that fuses the two by reciprocal rank fusion, and MMR for diversity. A batch of queries
//! shares one pass over the vectors. Rows live in fixed-size blocks, so adding pages never copies
//! the whole index (a doubling `Vec` would briefly need twice the memory).

use super::bm25::Bm25;
use super::fuse::{mmr, rrf};
use super::kernel;
use super::topk::TopK;
use super::{RankingError, Scored};

/// Rows per storage block.
const BLOCK_ROWS: usize = 1024;

/// How many candidates a hybrid or diverse query draws from each ranking before fusing.
const POOL: usize = 100;

/// A page to index.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The page id (unique in the index).
    pub id: String,
    /// The space key.
    pub space: String,
    /// The page's labels.
    pub labels: Vec<String>,
    /// Last update, milliseconds since the epoch.
    pub updated_at: u64,
    /// The redacted excerpt, for BM25.
    pub text: String,
    /// The embedding (any length; it is normalized).
    pub vector: Vec<f32>,
}

/// Which pages a query may return. Empty lists do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only pages in one of these spaces.
    pub spaces: Vec<String>,
    /// Only pages carrying at least one of these labels.
    pub labels: Vec<String>,
    /// Only pages updated at or after this time (ms since the epoch).
    pub updated_after: Option<u64>,
}

/// How the vectors are scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// f32 cosine over every vector.
    Exact,
    /// int8 codes, then the best `k × oversample` rescored in f32.
    Int8 {
        /// Candidate multiple (at least 1).
        oversample: u32,
    },
    /// Sign bits, then the best `k × oversample` rescored in f32.
    Binary {
        /// Candidate multiple (at least 1).
        oversample: u32,
    },
    /// Exact results: int8 scores with proven error bounds rule rows out, the rest are
    /// rescored in f32.
    Pruned,
}

/// What a query ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Cosine similarity of the embeddings.
    Vector,
    /// BM25 over the excerpts; the query vector is not used (and may be empty).
    Lexical,
    /// Both rankings fused by reciprocal rank fusion (k = 60).
    Hybrid,
}

/// One search.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The query embedding.
    pub vector: Vec<f32>,
    /// The query text, for lexical and hybrid ranking (ignored otherwise).
    pub text: String,
    /// How many results.
    pub k: u32,
    /// Which pages may be returned.
    pub filter: Filter,
    /// Vector, lexical (BM25) or both fused.
    pub mode: Mode,
    /// MMR trade-off λ in [0, 1] (1 = relevance only); none = no diversification.
    pub diversity: Option<f32>,
}

#[derive(Debug, Default)]
struct Block {
    vectors: Vec<f32>,
    codes: Vec<i8>,
    scales: Vec<f32>,
    /// Per row, upper bounds of `|scale · codes|` and of `|vector − scale · codes|`.
    norms: Vec<(f32, f32)>,
    bits: Vec<u64>,
}

#[derive(Debug)]
struct Meta {
    id: String,
    space: String,
    labels: Vec<String>,
    updated_at: u64,
}

/// The index. See the module docs.
#[derive(Debug)]
pub struct Index {
    dim: usize,
    words: usize,
    blocks: Vec<Block>,
    meta: Vec<Meta>,
    ids: std::collections::BTreeSet<String>,
    bm25: Bm25,
}

impl Index {
    /// An empty index of `dim`-dimensional vectors.
    pub fn new(dim: usize) -> Index {
        Index { dim, words: dim.div_ceil(64), blocks: Vec::new(), meta: Vec::new(), ids: Default::default(), bm25: Bm25::default() }
    }

    /// The number of pages.
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    /// Whether the index holds no page.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// Bytes read per page by each scan: exact (f32), int8 (codes and scale), binary (sign
    /// bits), pruned (codes, scale and the two norms of its error bound).
    pub fn bytes_per_vector(&self) -> [(Scan, usize); 4] {
        let int8 = self.dim + 4;
        [(Scan::Exact, self.dim * 4), (Scan::Int8 { oversample: 1 }, int8), (Scan::Binary { oversample: 1 }, self.words * 8), (Scan::Pruned, int8 + 8)]
    }

    /// Adds pages; refuses the whole batch, adding nothing, if any entry is invalid.
    pub fn add(&mut self, entries: Vec<Entry>) -> Result<(), RankingError> {
        let mut batch_ids = std::collections::BTreeSet::new();
        for e in &entries {
            if e.vector.len() != self.dim {
                return Err(RankingError::DimensionMismatch(e.id.clone()));
            }
            if e.vector.iter().any(|x| !x.is_finite()) {
                return Err(RankingError::NonFinite(e.id.clone()));
            }
            if self.ids.contains(&e.id) || !batch_ids.insert(e.id.as_str()) {
                return Err(RankingError::DuplicateId(e.id.clone()));
            }
        }
        for e in entries {
            self.push(e);
        }
        Ok(())
    }

    fn push(&mut self, e: Entry) {
        if self.blocks.last().is_none_or(|b| b.scales.len() == BLOCK_ROWS) {
            self.blocks.push(Block {
                vectors: Vec::with_capacity(BLOCK_ROWS * self.dim),
                codes: Vec::with_capacity(BLOCK_ROWS * self.dim),
                scales: Vec::with_capacity(BLOCK_ROWS),
                norms: Vec::with_capacity(BLOCK_ROWS),
                bits: Vec::with_capacity(BLOCK_ROWS * self.words),
            });
        }
        let unit = normalized(&e.vector);
        let (codes, scale) = quantize(&unit);
        let bits = sign_bits(&unit, self.words);
        if let Some(block) = self.blocks.last_mut() {
            block.vectors.extend_from_slice(&unit);
            block.codes.extend_from_slice(&codes);
            block.scales.push(scale);
            block.norms.push(code_norms(&unit, &codes, scale));
            block.bits.extend_from_slice(&bits);
        }
        self.bm25.add(&e.text);
        self.ids.insert(e.id.clone());
        self.meta.push(Meta { id: e.id, space: e.space, labels: e.labels, updated_at: e.updated_at });
    }

    /// Runs a batch of queries with one pass over the vectors; one result list per query.
    pub fn search(&self, queries: &[Query], scan: Scan) -> Result<Vec<Vec<Scored>>, RankingError> {
        if queries.iter().any(|q| q.diversity.is_some_and(|l| !(0.0..=1.0).contains(&l))) {
            return Err(RankingError::InvalidDiversity);
        }
        let vectorial: Vec<&Query> = queries.iter().filter(|q| q.mode != Mode::Lexical).collect();
        let units = vectorial.iter().map(|q| self.query_unit(q)).collect::<Result<Vec<_>, _>>()?;
        let allowed: Vec<Option<Vec<bool>>> = queries.iter().map(|q| self.allowed(&q.filter)).collect();
        let vector_allowed: Vec<Option<Vec<bool>>> = queries.iter().zip(&allowed).filter(|(q, _)| q.mode != Mode::Lexical).map(|(_, a)| a.clone()).collect();
        let pools: Vec<usize> = vectorial.iter().map(|q| pool_size(q)).collect();
        let mut hits = self.scan(&units, &vector_allowed, &pools, scan).into_iter();
        let mut results = Vec::with_capacity(queries.len());
        for (q, a) in queries.iter().zip(&allowed) {
            let vector_hits = if q.mode == Mode::Lexical { Vec::new() } else { hits.next().unwrap_or_default() };
            results.push(self.finish(q, vector_hits, a.as_deref()));
        }
        Ok(results)
    }

    /// The best `pools[q]` rows for each unit query vector, best first.
    fn scan(&self, units: &[Vec<f32>], allowed: &[Option<Vec<bool>>], pools: &[usize], scan: Scan) -> Vec<Vec<(f32, usize)>> {
        if units.is_empty() {
            return Vec::new();
        }
        match scan {
            Scan::Exact => self.scan_exact(units, allowed, pools),
            Scan::Int8 { oversample } => {
                let wide = widen(pools, oversample);
                let coarse = self.scan_int8(units, allowed, &wide);
                self.rescore(units, coarse, pools)
            }
            Scan::Binary { oversample } => {
                let wide = widen(pools, oversample);
                let coarse = self.scan_binary(units, allowed, &wide);
                self.rescore(units, coarse, pools)
            }
            Scan::Pruned if self.dim > MAX_PRUNED_DIM => self.scan_exact(units, allowed, pools),
            Scan::Pruned => self.scan_pruned(units, allowed, pools),
        }
    }

    /// The stored unit vector of a row (rows are numbered in insertion order).
    pub fn vector(&self, row: usize) -> &[f32] {
        let block = &self.blocks[row / BLOCK_ROWS];
        let at = (row % BLOCK_ROWS) * self.dim;
        &block.vectors[at..at + self.dim]
    }

    fn query_unit(&self, q: &Query) -> Result<Vec<f32>, RankingError> {
        if q.vector.len() != self.dim {
            return Err(RankingError::DimensionMismatch("query".into()));
        }
        if q.vector.iter().any(|x| !x.is_finite()) {
            return Err(RankingError::NonFinite("query".into()));
        }
        let unit = normalized(&q.vector);
        if unit.iter().all(|x| *x == 0.0) {
            return Err(RankingError::EmptyQuery);
        }
        Ok(unit)
    }

    fn allowed(&self, f: &Filter) -> Option<Vec<bool>> {
        if f.spaces.is_empty() && f.labels.is_empty() && f.updated_after.is_none() {
            return None;
        }
        Some(self.meta.iter().map(|m| passes(f, m)).collect())
    }

    fn scan_exact(&self, units: &[Vec<f32>], allowed: &[Option<Vec<bool>>], pools: &[usize]) -> Vec<Vec<(f32, usize)>> {
        let mut tops: Vec<TopK> = pools.iter().map(|&p| TopK::new(p)).collect();
        let refs: Vec<&[f32]> = units.iter().map(|u| u.as_slice()).collect();
        let ids = self.meta_ids();
        let mut scores = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            let n = block.scales.len();
            let base = b * BLOCK_ROWS;
            if refs.len() == 1 {
                kernel::dot_rows(refs[0], &block.vectors, self.dim, &mut scores);
            } else {
                kernel::dot_rows_batch(&refs, &block.vectors, self.dim, &mut scores);
            }
            for (q, top) in tops.iter_mut().enumerate() {
                for r in 0..n {
                    let row = base + r;
                    if is_allowed(&allowed[q], row) {
                        top.offer(scores[q * n + r], row, &ids);
                    }
                }
            }
        }
        tops.into_iter().map(TopK::into_sorted).collect()
    }

    fn scan_int8(&self, units: &[Vec<f32>], allowed: &[Option<Vec<bool>>], pools: &[usize]) -> Vec<Vec<(f32, usize)>> {
        // The query's int8 codes, widened to the i16 the kernels take (the same integers).
        let quantized: Vec<(Vec<i16>, f32)> = units.iter().map(|u| quantize(u)).map(|(c, s)| (c.into_iter().map(i16::from).collect(), s)).collect();
        let codes: Vec<&[i16]> = quantized.iter().map(|(c, _)| c.as_slice()).collect();
        let mut tops: Vec<TopK> = pools.iter().map(|&p| TopK::new(p)).collect();
        let ids = self.meta_ids();
        let mut dots = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            kernel::dot_codes(&codes, &block.codes, self.dim, &mut dots);
            let n = block.scales.len();
            for (q, (top, (_, qscale))) in tops.iter_mut().zip(&quantized).enumerate() {
                let mut floor = top.floor();
                for (r, (dot, scale)) in dots[q * n..(q + 1) * n].iter().zip(&block.scales).enumerate() {
                    let score = *dot as f32 * (qscale * scale);
                    let row = b * BLOCK_ROWS + r;
                    if score >= floor && is_allowed(&allowed[q], row) {
                        top.offer(score, row, &ids);
                        floor = top.floor();
                    }
                }
            }
        }
        tops.into_iter().map(TopK::into_sorted).collect()
    }

    fn scan_binary(&self, units: &[Vec<f32>], allowed: &[Option<Vec<bool>>], pools: &[usize]) -> Vec<Vec<(f32, usize)>> {
        let codes: Vec<Vec<u64>> = units.iter().map(|u| sign_bits(u, self.words)).collect();
        let mut tops: Vec<TopK> = pools.iter().map(|&p| TopK::new(p)).collect();
        let ids = self.meta_ids();
        for (b, block) in self.blocks.iter().enumerate() {
            for (r, bits) in block.bits.chunks_exact(self.words.max(1)).enumerate() {
                let row = b * BLOCK_ROWS + r;
                for (q, qbits) in codes.iter().enumerate() {
                    if is_allowed(&allowed[q], row) {
                        tops[q].offer(kernel::matching_bits(qbits, bits) as f32, row, &ids);
                    }
                }
            }
        }
        tops.into_iter().map(TopK::into_sorted).collect()
    }

    /// The exact scan's results from an int8 pass. For each row and query, the int8 score
    /// `approx` differs from the f32 score by at most a `margin` computed from stored norms (see
    /// [`Bounded`]), so `[approx − margin, approx + margin]` holds the score the exact scan
    /// computes. If `L` is the `pool`-th largest lower bound, at least `pool` rows score ≥ `L`,
    /// so every row of the exact top `pool` (ties included) has an upper bound ≥ `L`: those rows
    /// are rescored with the exact scan's kernel, which gives its scores bit for bit, and ranked
    /// the same way. Rows whose upper bound falls below the running `L` are dropped as the pass
    /// goes (`L` only grows).
    fn scan_pruned(&self, units: &[Vec<f32>], allowed: &[Option<Vec<bool>>], pools: &[usize]) -> Vec<Vec<(f32, usize)>> {
        let bounded: Vec<Bounded> = units.iter().map(|u| Bounded::new(u)).collect();
        let codes: Vec<&[i16]> = bounded.iter().map(|b| b.codes.as_slice()).collect();
        let mut floors: Vec<Floor> = pools.iter().map(|&p| Floor::new(p)).collect();
        let mut candidates: Vec<Vec<(f64, usize)>> = vec![Vec::new(); units.len()];
        let mut dots = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            kernel::dot_codes(&codes, &block.codes, self.dim, &mut dots);
            let n = block.scales.len();
            let widest = block.norms.iter().fold((0f32, 0f32), |(a, b), (c, e)| (a.max(*c), b.max(*e)));
            for (q, query) in bounded.iter().enumerate() {
                let (floor, kept) = (&mut floors[q], &mut candidates[q]);
                let mut lowest = floor.value();
                // Most rows fall short even with the block's widest margin: one multiply-add.
                let block_margin = query.margin(widest);
                for (r, (dot, scale)) in dots[q * n..(q + 1) * n].iter().zip(&block.scales).enumerate() {
                    let approx = query.estimate(*dot, *scale);
                    if approx + block_margin < lowest {
                        continue;
                    }
                    let margin = query.margin(block.norms[r]);
                    let row = b * BLOCK_ROWS + r;
                    if approx + margin >= lowest && is_allowed(&allowed[q], row) {
                        floor.offer(approx - margin);
                        lowest = floor.value();
                        kept.push((approx + margin, row));
                    }
                }
            }
        }
        let ids = self.meta_ids();
        candidates
            .into_iter()
            .zip(&floors)
            .enumerate()
            .map(|(q, (kept, floor))| {
                let mut top = TopK::new(pools[q]);
                for (upper, row) in kept {
                    if upper >= floor.value() {
                        top.offer(kernel::dot(&units[q], self.vector(row)), row, &ids);
                    }
                }
                top.into_sorted()
            })
            .collect()
    }

    /// Rescores coarse candidates with exact f32 cosine and keeps the best `pools[q]`.
    fn rescore(&self, units: &[Vec<f32>], coarse: Vec<Vec<(f32, usize)>>, pools: &[usize]) -> Vec<Vec<(f32, usize)>> {
        let ids = self.meta_ids();
        coarse
            .into_iter()
            .enumerate()
            .map(|(q, cands)| {
                let mut top = TopK::new(pools[q]);
                for (_, row) in cands {
                    top.offer(kernel::dot(&units[q], self.vector(row)), row, &ids);
                }
                top.into_sorted()
            })
            .collect()
    }

    /// Hybrid fusion, diversification and the final cut to `k`.
    fn finish(&self, q: &Query, vector_hits: Vec<(f32, usize)>, allowed: Option<&[bool]>) -> Vec<Scored> {
        let k = q.k as usize;
        let ranked: Vec<(f32, usize)> = match q.mode {
            Mode::Vector => vector_hits,
            Mode::Lexical => self.lexical(q, allowed),
            Mode::Hybrid => {
                let lexical: Vec<usize> = self.lexical(q, allowed).into_iter().map(|(_, r)| r).collect();
                let vector: Vec<usize> = vector_hits.iter().map(|(_, r)| *r).collect();
                rrf(&[vector, lexical], |row| self.meta[row].id.as_str())
            }
        };
        let chosen = match q.diversity {
            Some(lambda) => mmr(&ranked, lambda, k, |a, b| kernel::dot(self.vector(a), self.vector(b))),
            None => ranked.into_iter().take(k).collect(),
        };
        chosen.into_iter().map(|(score, row)| Scored { id: self.meta[row].id.clone(), score }).collect()
    }

    /// The best BM25 matches among the allowed pages (pages sharing no word are left out).
    fn lexical(&self, q: &Query, allowed: Option<&[bool]>) -> Vec<(f32, usize)> {
        let scores = self.bm25.scores(&q.text);
        let ids = self.meta_ids();
        let mut top = TopK::new(pool_size(q));
        for (row, s) in scores.iter().enumerate() {
            if *s > 0.0 && allowed.is_none_or(|a| a[row]) {
                top.offer(*s as f32, row, &ids);
            }
        }
        top.into_sorted()
    }

    fn meta_ids<'a>(&'a self) -> impl Fn(usize) -> &'a str + 'a {
        move |row| self.meta[row].id.as_str()
    }
}

fn passes(f: &Filter, m: &Meta) -> bool {
    let space = f.spaces.is_empty() || f.spaces.contains(&m.space);
    let label = f.labels.is_empty() || m.labels.iter().any(|l| f.labels.contains(l));
    let age = f.updated_after.is_none_or(|t| m.updated_at >= t);
    space && label && age
}

fn is_allowed(allowed: &Option<Vec<bool>>, row: usize) -> bool {
    allowed.as_ref().is_none_or(|a| a[row])
}

/// Hybrid and diverse queries draw a pool larger than `k` to fuse or diversify from.
fn pool_size(q: &Query) -> usize {
    let k = q.k as usize;
    if q.mode != Mode::Vector || q.diversity.is_some() {
        k.max(POOL)
    } else {
        k
    }
}

/// Above this many dimensions a pruned scan is an exact scan: the int8 × 12-bit sums could
/// overflow i32 (127 × 2,047 × 8,192 < 2³¹).
const MAX_PRUNED_DIM: usize = 8192;

/// The largest i16 code of a query in a pruned scan (12 bits; see [`MAX_PRUNED_DIM`]).
const QUERY_CODE_MAX: f32 = 2047.0;

/// A query quantized for a pruned scan, with what its error bounds need.
///
/// With a stored unit vector `x = s·c + e` (int8 codes `c`, scale `s`, residual `e`) and the
/// query `q = t·d + f` (12-bit codes `d`, scale `t`, residual `f`):
/// `q·x = t·s·(d·c) + s·(f·c) + q·e`, so `|q·x − t·s·(d·c)| ≤ |s·c|·|f| + |q|·|e|`
/// (Cauchy–Schwarz). The exact scan's f32 dot product differs from the real `q·x` by at most
/// `γ·|q|·|x|` with `γ = n·u / (1 − n·u)`, `u = 2⁻²⁴`, whatever the summation order, and
/// `|x| ≤ |s·c| + |e|`. Norms are computed in f64 and rounded up; a further 10⁻⁹ covers the f64
/// arithmetic of the interval itself.
struct Bounded {
    codes: Vec<i16>,
    scale: f64,
    /// Multiplies `|s·c|` in the margin: `|f| + γ·|q|`.
    per_code_norm: f64,
    /// Multiplies `|e|` in the margin: `(1 + γ)·|q|`.
    per_residual_norm: f64,
}

impl Bounded {
    fn new(unit: &[f32]) -> Bounded {
        let max = unit.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max == 0.0 { 0.0 } else { max / QUERY_CODE_MAX };
        let codes: Vec<i16> = unit
            .iter()
            .map(|x| if scale == 0.0 { 0 } else { (x / scale).round().clamp(-QUERY_CODE_MAX, QUERY_CODE_MAX) as i16 })
            .collect();
        let residual = unit.iter().zip(&codes).map(|(x, d)| f64::from(*x) - f64::from(scale) * f64::from(*d));
        let f = norm_up(residual);
        let q = norm_up(unit.iter().map(|x| f64::from(*x)));
        let n = unit.len() as f64;
        let u = f64::from(f32::EPSILON) / 2.0;
        let gamma = n * u / (1.0 - n * u);
        Bounded { codes, scale: f64::from(scale), per_code_norm: f + gamma * q, per_residual_norm: (1.0 + gamma) * q }
    }

    /// The int8 estimate of a row's score from its integer dot product and scale.
    #[inline(always)]
    fn estimate(&self, dot: i32, row_scale: f32) -> f64 {
        self.scale * f64::from(row_scale) * f64::from(dot)
    }

    /// The margin around the estimate within which the f32 score lies, from the row's norms
    /// (larger norms give a larger margin).
    #[inline(always)]
    fn margin(&self, (code_norm, residual_norm): (f32, f32)) -> f64 {
        f64::from(code_norm) * self.per_code_norm + f64::from(residual_norm) * self.per_residual_norm + 1e-9
    }
}

/// The `cap`-th largest lower bound offered so far (−∞ until `cap` have been offered).
struct Floor {
    cap: usize,
    /// The largest bounds, descending.
    best: Vec<f64>,
}

impl Floor {
    fn new(cap: usize) -> Floor {
        Floor { cap, best: Vec::with_capacity(cap + 1) }
    }

    #[inline(always)]
    fn value(&self) -> f64 {
        if self.cap == 0 {
            return f64::INFINITY;
        }
        if self.best.len() < self.cap { f64::NEG_INFINITY } else { self.best[self.cap - 1] }
    }

    fn offer(&mut self, bound: f64) {
        if self.cap == 0 || (self.best.len() == self.cap && bound <= self.best[self.cap - 1]) {
            return;
        }
        let at = self.best.partition_point(|&b| b >= bound);
        self.best.insert(at, bound);
        self.best.truncate(self.cap);
    }
}

/// Upper bounds of `|scale · codes|` and of the residual `|unit − scale · codes|`, in f32.
fn code_norms(unit: &[f32], codes: &[i8], scale: f32) -> (f32, f32) {
    let s = f64::from(scale);
    let code = norm_up(codes.iter().map(|c| s * f64::from(*c)));
    let residual = norm_up(unit.iter().zip(codes).map(|(x, c)| f64::from(*x) - s * f64::from(*c)));
    (f32_up(code), f32_up(residual))
}

/// The Euclidean norm in f64, nudged up past its rounding error.
fn norm_up(values: impl Iterator<Item = f64>) -> f64 {
    values.map(|v| v * v).sum::<f64>().sqrt() * (1.0 + 1e-12)
}

/// The smallest f32 at or above `v`.
fn f32_up(v: f64) -> f32 {
    let f = v as f32;
    if f64::from(f) < v { f.next_up() } else { f }
}

fn widen(pools: &[usize], oversample: u32) -> Vec<usize> {
    pools.iter().map(|p| p.saturating_mul(oversample.max(1) as usize)).collect()
}

/// `v / |v|` with the norm from the fixed-order dot product; zero stays zero.
pub fn normalized(v: &[f32]) -> Vec<f32> {
    let norm = kernel::dot(v, v).sqrt();
    if norm == 0.0 {
        return vec![0.0; v.len()];
    }
    v.iter().map(|x| x / norm).collect()
}

/// Symmetric int8 quantization: `code = round(x / scale)` with `scale = max|x| / 127`.
pub fn quantize(v: &[f32]) -> (Vec<i8>, f32) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return (vec![0; v.len()], 0.0);
    }
    let scale = max / 127.0;
    (v.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect(), scale)
}

/// One bit per dimension, set when the component is positive.
pub fn sign_bits(v: &[f32], words: usize) -> Vec<u64> {
    let mut bits = vec![0u64; words];
    for (i, x) in v.iter().enumerate() {
        if *x > 0.0 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;
    use crate::rank::xorshift::Xorshift;


    fn entry(id: usize, vector: Vec<f32>) -> Entry {
        let space = if id.is_multiple_of(3) { "OPS" } else { "ENG" };
        let labels = if id.is_multiple_of(5) { vec!["runbook".to_string()] } else { vec![] };
        Entry { id: format!("p{id:05}"), space: space.into(), labels, updated_at: id as u64 * 1000, text: format!("page {id}"), vector }
    }

    fn query(vector: Vec<f32>, k: u32) -> Query {
        Query { vector, text: String::new(), k, filter: Filter::default(), mode: Mode::Vector, diversity: None }
    }

    /// Plain scalar cosine over every page, sorted by score then id: the reference.
    fn reference(entries: &[Entry], q: &[f32], k: usize, keep: impl Fn(&Entry) -> bool) -> Vec<String> {
        let qn = normalized(q);
        let mut all: Vec<(f32, &str)> = entries.iter().filter(|e| keep(e)).map(|e| (kernel::dot(&qn, &normalized(&e.vector)), e.id.as_str())).collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        all.into_iter().take(k).map(|(_, id)| id.to_string()).collect()
    }

    fn ids(hits: &[Scored]) -> Vec<String> {
        hits.iter().map(|s| s.id.clone()).collect()
    }

    fn fixture(n: usize, dim: usize) -> (Index, Vec<Entry>, Xorshift) {
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
        let entries: Vec<Entry> = (0..n).map(|i| entry(i, rng.vector(dim))).collect();
        let mut index = Index::new(dim);
        index.add(entries.clone()).unwrap();
        (index, entries, rng)
    }

    #[test]
    fn exact_scan_returns_the_references_top_k_single_and_batched() {
        let (index, entries, mut rng) = fixture(2500, 96);
        let queries: Vec<Query> = (0..6).map(|_| query(rng.vector(96), 10)).collect();
        let batched = index.search(&queries, Scan::Exact).unwrap();
        for (q, hits) in queries.iter().zip(&batched) {
            assert_eq!(ids(hits), reference(&entries, &q.vector, 10, |_| true));
            assert_eq!(&index.search(std::slice::from_ref(q), Scan::Exact).unwrap()[0], hits);
        }
    }

    #[test]
    fn pruned_scan_gives_the_exact_scans_results_bit_for_bit() {
        let (index, _, mut rng) = fixture(3000, 96);
        let mut queries: Vec<Query> = (0..9).map(|k| query(rng.vector(96), [1, 10, 100][k % 3])).collect();
        queries[4].filter = Filter { spaces: vec!["OPS".into()], labels: vec![], updated_after: Some(500_000) };
        queries[5].mode = Mode::Hybrid;
        queries[5].text = "page 17".into();
        let exact = index.search(&queries, Scan::Exact).unwrap();
        assert_eq!(index.search(&queries, Scan::Pruned).unwrap(), exact);
        for q in &queries {
            assert_eq!(index.search(std::slice::from_ref(q), Scan::Pruned).unwrap(), index.search(std::slice::from_ref(q), Scan::Exact).unwrap());
        }
    }

    #[cfg(not(js_engine))]
    proptest::proptest! {
        /// Any vectors (clustered, spread, duplicated, tiny or huge in magnitude), any k:
        /// the pruned scan returns the exact scan's list.
        #[test]
        fn pruned_scan_equals_exact_scan_on_any_index(
            dim in 1usize..70,
            seed in 1u64..u64::MAX,
            rows in 1usize..400,
            k in 0u32..30,
            spread in 0.0f32..2.0,
            magnitude in proptest::sample::select(vec![1e-30f32, 1e-3, 1.0, 1e6, 1e30]),
        ) {
            let mut rng = Xorshift(seed);
            let centre = rng.vector(dim);
            let entries: Vec<Entry> = (0..rows)
                .map(|i| entry(i, centre.iter().map(|c| (c + spread * rng.next_f32()) * magnitude).collect()))
                .collect();
            let mut index = Index::new(dim);
            index.add(entries).unwrap();
            let queries: Vec<Query> = (0..5).map(|_| query(rng.vector(dim), k)).collect();
            proptest::prop_assert_eq!(index.search(&queries, Scan::Pruned).unwrap(), index.search(&queries, Scan::Exact).unwrap());
        }
    }

    #[test]
    fn pruned_scan_keeps_ties_and_duplicates_in_the_exact_order() {
        let mut index = Index::new(16);
        let mut rng = Xorshift(7);
        let base = rng.vector(16);
        // Twelve copies of one vector (equal scores, ranked by id) among near neighbours.
        let entries: Vec<Entry> = (0..300).map(|i| {
            let v = if i % 25 == 0 { base.clone() } else { base.iter().map(|x| x + 0.3 * rng.next_f32()).collect() };
            entry(i, v)
        }).collect();
        index.add(entries).unwrap();
        let queries: Vec<Query> = [5, 12, 13, 40].iter().map(|&k| query(base.clone(), k)).collect();
        assert_eq!(index.search(&queries, Scan::Pruned).unwrap(), index.search(&queries, Scan::Exact).unwrap());
    }

    #[test]
    fn the_pruning_interval_holds_the_exact_score() {
        let (index, _, mut rng) = fixture(500, 200);
        for _ in 0..20 {
            let unit = normalized(&rng.vector(200));
            let bounded = Bounded::new(&unit);
            for row in 0..index.len() {
                let block = &index.blocks[row / BLOCK_ROWS];
                let r = row % BLOCK_ROWS;
                let dot: i32 = block.codes[r * 200..(r + 1) * 200].iter().zip(&bounded.codes).map(|(c, d)| i32::from(*c) * i32::from(*d)).sum();
                let (approx, margin) = (bounded.estimate(dot, block.scales[r]), bounded.margin(block.norms[r]));
                let score = f64::from(kernel::dot(&unit, index.vector(row)));
                assert!((score - approx).abs() <= margin, "row {row}: {score} vs {approx} ± {margin}");
                assert!(margin < 0.05, "margin {margin} is too loose to prune");
            }
        }
    }

    #[test]
    /// Uniform random vectors are the hard case for quantization (no clusters, near-ties
    /// everywhere); the benchmark prints the figures on 768-dim clustered data.
    fn quantized_scans_keep_recall_at_ten_high() {
        let (index, entries, mut rng) = fixture(3000, 128);
        let queries: Vec<Query> = (0..20).map(|_| query(rng.vector(128), 10)).collect();
        for (scan, floor) in [(Scan::Int8 { oversample: 4 }, 0.99), (Scan::Binary { oversample: 20 }, 0.8)] {
            let hits = index.search(&queries, scan).unwrap();
            let found: usize = queries.iter().zip(&hits).map(|(q, h)| {
                let truth = reference(&entries, &q.vector, 10, |_| true);
                ids(h).iter().filter(|id| truth.contains(id)).count()
            }).sum();
            let recall = found as f64 / (10 * queries.len()) as f64;
            println!("{scan:?}: recall@10 = {recall:.3}");
            assert!(recall >= floor, "{scan:?} recall@10 {recall}");
        }
    }

    #[test]
    fn filters_by_space_label_and_age() {
        let (index, entries, mut rng) = fixture(400, 32);
        let mut q = query(rng.vector(32), 400);
        q.filter = Filter { spaces: vec!["OPS".into()], labels: vec!["runbook".into()], updated_after: Some(100_000) };
        let hits = index.search(std::slice::from_ref(&q), Scan::Exact).unwrap().remove(0);
        let expected = reference(&entries, &q.vector, 400, |e| e.space == "OPS" && e.labels.contains(&"runbook".into()) && e.updated_at >= 100_000);
        assert!(!expected.is_empty());
        assert_eq!(ids(&hits), expected);
        for scan in [Scan::Int8 { oversample: 2 }, Scan::Binary { oversample: 2 }] {
            let hits = index.search(std::slice::from_ref(&q), scan).unwrap().remove(0);
            assert!(hits.iter().all(|h| expected.contains(&h.id)), "{scan:?}");
        }
    }

    #[test]
    fn hybrid_ranking_brings_up_the_page_that_shares_a_rare_identifier() {
        let mut index = Index::new(4);
        let page = |id: &str, text: &str, v: [f32; 4]| Entry { id: id.into(), space: "ENG".into(), labels: vec![], updated_at: 0, text: text.into(), vector: v.to_vec() };
        index.add(vec![
            page("a", "payment retries and webhooks", [1.0, 0.1, 0.0, 0.0]),
            page("b", "ledger errors ERR_LEDGER_4012 explained", [0.2, 1.0, 0.0, 0.0]),
            page("c", "payment onboarding", [0.9, 0.2, 0.1, 0.0]),
        ]).unwrap();
        let mut q = query(vec![1.0, 0.0, 0.0, 0.0], 2);
        q.text = "checkout fails with ERR_LEDGER_4012".into();
        assert_eq!(ids(&index.search(std::slice::from_ref(&q), Scan::Exact).unwrap()[0]), ["a", "c"]);
        q.mode = Mode::Hybrid;
        let hybrid = index.search(std::slice::from_ref(&q), Scan::Exact).unwrap().remove(0);
        assert_eq!(hybrid[0].id, "b", "{hybrid:?}");
        q.mode = Mode::Lexical;
        q.vector.clear();
        assert_eq!(ids(&index.search(std::slice::from_ref(&q), Scan::Exact).unwrap()[0]), ["b"]);
    }

    #[test]
    fn diversity_skips_a_duplicate_page() {
        let mut index = Index::new(3);
        let page = |id: &str, v: [f32; 3]| Entry { id: id.into(), space: "ENG".into(), labels: vec![], updated_at: 0, text: String::new(), vector: v.to_vec() };
        index.add(vec![page("copy-1", [1.0, 0.2, 0.0]), page("copy-2", [1.0, 0.2, 0.0]), page("other", [0.8, 0.0, 0.6])]).unwrap();
        let mut q = query(vec![1.0, 0.1, 0.1], 2);
        assert_eq!(ids(&index.search(std::slice::from_ref(&q), Scan::Exact).unwrap()[0]), ["copy-1", "copy-2"]);
        q.diversity = Some(0.5);
        assert_eq!(ids(&index.search(std::slice::from_ref(&q), Scan::Exact).unwrap()[0]), ["copy-1", "other"]);
    }

    #[test]
    fn refuses_bad_entries_whole_and_bad_queries() {
        let mut index = Index::new(2);
        let good = entry(1, vec![1.0, 0.0]);
        assert_eq!(index.add(vec![good.clone(), entry(2, vec![1.0])]), Err(RankingError::DimensionMismatch("p00002".into())));
        assert_eq!(index.add(vec![good.clone(), entry(3, vec![f32::NAN, 0.0])]), Err(RankingError::NonFinite("p00003".into())));
        assert!(index.is_empty());
        index.add(vec![good.clone()]).unwrap();
        assert_eq!(index.add(vec![good]), Err(RankingError::DuplicateId("p00001".into())));
        assert_eq!(index.search(&[query(vec![0.0, 0.0], 1)], Scan::Exact), Err(RankingError::EmptyQuery));
        let mut q = query(vec![1.0, 0.0], 1);
        q.diversity = Some(1.5);
        assert_eq!(index.search(&[q], Scan::Exact), Err(RankingError::InvalidDiversity));
    }
}
