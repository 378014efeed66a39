//! BM25 over page excerpts: the lexical half of hybrid ranking.
//!
//! Why: embeddings miss exact rare identifiers (an error code, a config key, a service name) that
//! a ticket and its page share; BM25 finds them. Standard Okapi BM25 with `k1 = 1.2`, `b = 0.75`
//! and the non-negative idf `ln(1 + (N − df + 0.5) / (df + 0.5))`. The logarithm comes from the
//! pure-Rust `libm` crate and terms are visited in sorted order, so scores are the same bits in
//! every host.

use std::collections::{BTreeMap, BTreeSet};

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// An inverted index over the documents' words, documents numbered in insertion order.
#[derive(Debug, Default)]
pub struct Bm25 {
    postings: BTreeMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    total_length: u64,
}

impl Bm25 {
    /// Adds the next document.
    pub fn add(&mut self, text: &str) {
        let doc = self.lengths.len() as u32;
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        let mut length = 0u32;
        for word in words(text) {
            *counts.entry(word).or_default() += 1;
            length += 1;
        }
        for (word, tf) in counts {
            self.postings.entry(word).or_default().push((doc, tf));
        }
        self.lengths.push(length);
        self.total_length += u64::from(length);
    }

    /// The score of every document for `query` (0 for documents that share no word).
    pub fn scores(&self, query: &str) -> Vec<f64> {
        let n = self.lengths.len();
        let mut scores = vec![0f64; n];
        if n == 0 {
            return scores;
        }
        let avgdl = (self.total_length as f64 / n as f64).max(1.0);
        let terms: BTreeSet<String> = words(query).collect();
        for term in &terms {
            let Some(postings) = self.postings.get(term) else { continue };
            let df = postings.len() as f64;
            let idf = libm::log(1.0 + (n as f64 - df + 0.5) / (df + 0.5));
            for &(doc, tf) in postings {
                let tf = f64::from(tf);
                let dl = f64::from(self.lengths[doc as usize]);
                scores[doc as usize] += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avgdl));
            }
        }
        scores
    }
}

/// Lowercase runs of letters and digits, one character or longer.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    #[test]
    fn a_rare_shared_identifier_outscores_common_words() {
        let mut bm = Bm25::default();
        bm.add("the payment service retries the webhook");
        bm.add("the payment service fails with ERR_LEDGER_4012 on retry");
        bm.add("the payment service onboarding guide");
        let s = bm.scores("payment failing: ERR_LEDGER_4012");
        assert!(s[1] > s[0] && s[1] > s[2], "{s:?}");
        assert_eq!(bm.scores("nothing shared")[0], 0.0);
    }

    #[test]
    fn matches_the_textbook_formula_on_a_small_case() {
        let mut bm = Bm25::default();
        bm.add("a b");
        bm.add("a a c");
        let s = bm.scores("c");
        // N = 2, df = 1: idf = ln(1 + 1.5 / 1.5) = ln 2; tf = 1, dl = 3, avgdl = 2.5.
        let expected = 2f64.ln() * 2.2 / (1.0 + 1.2 * (0.25 + 0.75 * 3.0 / 2.5));
        assert!((s[1] - expected).abs() < 1e-12, "{} vs {expected}", s[1]);
    }
}
