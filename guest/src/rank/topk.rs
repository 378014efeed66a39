//! A bounded best-first list: the `k` best `(score, row)` pairs seen so far.
//!
//! Why: a scan offers every row but keeps only a few; most offers lose against the current
//! worst and cost one comparison. Order is total and deterministic: higher score first, equal
//! scores by page id.

use std::cmp::Ordering;

/// The best `cap` offers, best first.
#[derive(Debug)]
pub struct TopK {
    cap: usize,
    items: Vec<(f32, usize)>,
}

impl TopK {
    /// An empty list keeping at most `cap` items.
    pub fn new(cap: usize) -> TopK {
        TopK { cap, items: Vec::with_capacity(cap.min(4096) + 1) }
    }

    /// Offers `row` with `score`; `id` names rows for breaking ties.
    #[inline]
    pub fn offer<'a>(&mut self, score: f32, row: usize, id: &impl Fn(usize) -> &'a str) {
        if self.cap == 0 {
            return;
        }
        if self.items.len() == self.cap {
            let &(worst, worst_row) = &self.items[self.cap - 1];
            if compare((score, row), (worst, worst_row), id) != Ordering::Less {
                return;
            }
        }
        let at = self.items.partition_point(|&(s, r)| compare((s, r), (score, row), id) == Ordering::Less);
        self.items.insert(at, (score, row));
        self.items.truncate(self.cap);
    }

    /// The lowest score an offer can have and still be kept (−∞ until the list is full):
    /// a cheap test before [`TopK::offer`], which also breaks ties by id.
    #[inline]
    pub fn floor(&self) -> f32 {
        match self.items.get(self.cap.wrapping_sub(1)) {
            Some(&(worst, _)) if self.items.len() == self.cap => worst,
            _ if self.cap == 0 => f32::INFINITY,
            _ => f32::NEG_INFINITY,
        }
    }

    /// The kept items, best first.
    pub fn into_sorted(self) -> Vec<(f32, usize)> {
        self.items
    }
}

/// `Less` when `a` ranks before `b`.
fn compare<'a>(a: (f32, usize), b: (f32, usize), id: &impl Fn(usize) -> &'a str) -> Ordering {
    b.0.total_cmp(&a.0).then_with(|| if a.1 == b.1 { Ordering::Equal } else { id(a.1).cmp(id(b.1)) })
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    #[test]
    fn keeps_the_best_and_breaks_ties_by_id() {
        let ids = ["d", "c", "b", "a", "e"];
        let id = |r: usize| ids[r];
        let mut top = TopK::new(3);
        for (r, s) in [0.5, 0.9, 0.5, 0.5, 0.1].into_iter().enumerate() {
            top.offer(s, r, &id);
        }
        let rows: Vec<usize> = top.into_sorted().into_iter().map(|(_, r)| r).collect();
        assert_eq!(rows, [1, 3, 2]);
    }
}
