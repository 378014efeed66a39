//! Ranking related pages by embedding similarity (the Smart Picker).
//!
//! Scores must be identical in every host (wasmtime, Node, native), so every dot product uses one
//! fixed summation order ([`kernel`]), and ties are broken by id. [`top_k`] ranks a list of
//! candidates exactly; [`index::Index`] holds many pages and adds quantized scans, filters,
//! hybrid BM25 + vector ranking ([`bm25`], [`fuse`]) and MMR, with batched queries.

use thiserror::Error;

pub mod bm25;
pub mod fuse;
pub mod index;
pub mod kernel;
pub mod topk;
pub mod xorshift;

/// A stored page vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The page id.
    pub id: String,
    /// Its embedding.
    pub vector: Vec<f32>,
}

/// A ranked page.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The page id.
    pub id: String,
    /// Cosine similarity.
    pub score: f32,
}

/// Why a ranking could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RankingError {
    /// A candidate's dimension differs from the query's.
    #[error("candidate {0:?} has a different dimension than the query")]
    DimensionMismatch(String),
    /// The query is empty or all zeros.
    #[error("the query vector is empty or all zeros")]
    EmptyQuery,
    /// A vector holds NaN or an infinity (payload: the page id, or `query`).
    #[error("the vector of {0:?} holds a value that is not a finite number")]
    NonFinite(String),
    /// A page id is already in the index.
    #[error("page {0:?} is already in the index")]
    DuplicateId(String),
    /// The MMR trade-off is outside [0, 1].
    #[error("the diversity trade-off must be a number between 0 and 1")]
    InvalidDiversity,
}

/// The `k` candidates most similar to `query`, best first, ties broken by id.
pub fn top_k(query: &[f32], candidates: &[Candidate], k: usize) -> Result<Vec<Scored>, RankingError> {
    let query_norm = norm(query);
    if query.is_empty() || query_norm == 0.0 {
        return Err(RankingError::EmptyQuery);
    }
    let mut scored = Vec::with_capacity(candidates.len());
    for c in candidates {
        if c.vector.len() != query.len() {
            return Err(RankingError::DimensionMismatch(c.id.clone()));
        }
        let denom = query_norm * norm(&c.vector);
        let score = if denom == 0.0 { 0.0 } else { dot(query, &c.vector) / denom };
        scored.push(Scored { id: c.id.clone(), score });
    }
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    scored.truncate(k);
    Ok(scored)
}

/// The dot product in the fixed order (see [`kernel`]).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    kernel::dot(a, b)
}

fn norm(v: &[f32]) -> f32 {
    dot(v, v).sqrt()
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    fn cand(id: &str, v: &[f32]) -> Candidate {
        Candidate { id: id.into(), vector: v.to_vec() }
    }

    #[test]
    fn ranks_the_most_similar_first_and_breaks_ties_by_id() {
        let cands = [cand("b", &[1.0, 0.0]), cand("a", &[2.0, 0.0]), cand("c", &[0.0, 1.0]), cand("z", &[0.0, 0.0])];
        let ranked = top_k(&[1.0, 0.0], &cands, 3).unwrap();
        let ids: Vec<_> = ranked.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert!((ranked[0].score - 1.0).abs() < 1e-6);
    }

    #[test]
    fn matches_a_naive_reference_on_odd_lengths() {
        let a: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..37).map(|i| (i as f32 * 0.11).cos()).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-4);
    }

    #[test]
    fn refuses_mismatched_dimensions_and_empty_queries() {
        assert_eq!(top_k(&[1.0], &[cand("x", &[1.0, 2.0])], 1), Err(RankingError::DimensionMismatch("x".into())));
        assert_eq!(top_k(&[0.0, 0.0], &[], 1), Err(RankingError::EmptyQuery));
    }
}
