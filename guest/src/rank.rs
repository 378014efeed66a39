//! Exact cosine ranking of related pages (the Smart Picker's core).
//!
//! Scores must be identical in every host (wasmtime, Node, native), so the dot product uses a
//! fixed summation order: eight lanes accumulated in index order, then summed pairwise. No fused
//! multiply-add, no relaxed SIMD. Ties are broken by id, so the order is deterministic too.

use thiserror::Error;

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

/// The dot product in the fixed order described in the module docs (over the common length).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let chunks = a.chunks_exact(8).zip(b.chunks_exact(8));
    for (x, y) in chunks {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    let tail_start = a.len() - a.len() % 8;
    let tail: f32 = a.iter().zip(b).skip(tail_start).map(|(x, y)| x * y).sum();
    let pairs = [lanes[0] + lanes[4], lanes[1] + lanes[5], lanes[2] + lanes[6], lanes[3] + lanes[7]];
    ((pairs[0] + pairs[2]) + (pairs[1] + pairs[3])) + tail
}

fn norm(v: &[f32]) -> f32 {
    dot(v, v).sqrt()
}

#[cfg(test)]
mod tests {
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
