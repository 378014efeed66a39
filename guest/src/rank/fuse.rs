//! Combining rankings: reciprocal rank fusion and maximal marginal relevance.
//!
//! Why: hybrid ranking must merge a lexical and a vector ranking whose scores are not
//! comparable; RRF uses only ranks (`Σ 1 / (60 + rank)`, Cormack et al. 2009). A ticket's top
//! pages are often near-duplicates (a runbook and its copy); MMR (Carbonell & Goldstein 1998)
//! trades relevance against similarity to the pages already chosen.

use std::collections::BTreeMap;

/// The RRF constant from the original paper.
pub const RRF_K: f64 = 60.0;

/// Fuses rankings of rows (best first) into one: `(fused score, row)`, best first, ties by id.
pub fn rrf<'a>(rankings: &[Vec<usize>], id: impl Fn(usize) -> &'a str) -> Vec<(f32, usize)> {
    let mut fused: BTreeMap<usize, f64> = BTreeMap::new();
    for ranking in rankings {
        for (rank, row) in ranking.iter().enumerate() {
            *fused.entry(*row).or_default() += 1.0 / (RRF_K + rank as f64 + 1.0);
        }
    }
    let mut out: Vec<(f64, usize)> = fused.into_iter().map(|(row, s)| (s, row)).collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| id(a.1).cmp(id(b.1))));
    out.into_iter().map(|(s, row)| (s as f32, row)).collect()
}

/// Greedy MMR over `ranked` (best first): each step picks the candidate maximizing
/// `λ · relevance − (1 − λ) · max similarity to the chosen`, relevance being the score divided
/// by the best score's magnitude (so cosine and fused scores both land near [0, 1]). Equal values
/// keep the ranked order. Returns up to `k` items.
pub fn mmr(ranked: &[(f32, usize)], lambda: f32, k: usize, similarity: impl Fn(usize, usize) -> f32) -> Vec<(f32, usize)> {
    let top = ranked.iter().fold(0f32, |m, (s, _)| m.max(s.abs()));
    let relevance = |s: f32| if top > 0.0 { s / top } else { 1.0 };
    let mut closest = vec![f32::NEG_INFINITY; ranked.len()];
    let mut taken = vec![false; ranked.len()];
    let mut chosen = Vec::with_capacity(k.min(ranked.len()));
    while chosen.len() < k.min(ranked.len()) {
        let mut best: Option<(f32, usize)> = None;
        for (i, (score, _)) in ranked.iter().enumerate() {
            if taken[i] {
                continue;
            }
            let penalty = if chosen.is_empty() { 0.0 } else { closest[i] };
            let value = lambda * relevance(*score) - (1.0 - lambda) * penalty;
            if best.is_none_or(|(b, _)| value > b) {
                best = Some((value, i));
            }
        }
        let Some((_, pick)) = best else { break };
        taken[pick] = true;
        chosen.push(ranked[pick]);
        for (i, (_, row)) in ranked.iter().enumerate() {
            if !taken[i] {
                closest[i] = closest[i].max(similarity(*row, ranked[pick].1));
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    #[test]
    fn rrf_rewards_rows_that_both_rankings_place_high() {
        let ids = ["a", "b", "c", "d"];
        let fused = rrf(&[vec![0, 1, 2], vec![1, 3, 0]], |r| ids[r]);
        let rows: Vec<usize> = fused.iter().map(|(_, r)| *r).collect();
        assert_eq!(rows, [1, 0, 3, 2]);
        assert!((fused[0].0 - (1.0 / 62.0 + 1.0 / 61.0) as f32).abs() < 1e-7);
    }

    #[test]
    fn mmr_skips_a_near_duplicate_of_what_it_already_chose() {
        // Rows 0 and 1 are duplicates; row 2 is different and slightly less relevant.
        let ranked = [(0.9, 0), (0.89, 1), (0.8, 2)];
        let sim = |a: usize, b: usize| if (a < 2) == (b < 2) { 1.0 } else { 0.0 };
        let rows: Vec<usize> = mmr(&ranked, 0.5, 2, sim).into_iter().map(|(_, r)| r).collect();
        assert_eq!(rows, [0, 2]);
        let relevance_only: Vec<usize> = mmr(&ranked, 1.0, 2, sim).into_iter().map(|(_, r)| r).collect();
        assert_eq!(relevance_only, [0, 1]);
    }
}
