//! The word-level diff inside a changed block: `similar` on the changed middle after the common
//! leading and trailing words, charged against a budget so that hostile pages stay linear.

use super::*;

/// The word-level diff of two texts, with neighbouring words of the same fate joined; shown as
/// wholly replaced when the texts are too long or the comparison's budget is spent. The common
/// leading and trailing words are set aside first, so `similar` tokenizes only the changed middle;
/// the diff stays minimal (matching a common prefix and suffix never loses a common word).
pub(super) fn word_diff<'a>(old: &'a str, new: &'a str, budget: &mut u64) -> Vec<Words<'a>> {
    if old.len() + new.len() > MAX_WORD_DIFF_BYTES {
        return whole_text_change(old, new);
    }
    let (prefix, suffix) = common_words(old, new);
    let old_middle = old.get(prefix..old.len() - suffix).unwrap_or_default();
    let new_middle = new.get(prefix..new.len() - suffix).unwrap_or_default();
    let cost = word_diff_cost(old_middle.len() + new_middle.len());
    if cost > *budget {
        return whole_text_change(old, new);
    }
    *budget -= cost;
    let mut runs = Runs {
        runs: Vec::new(),
        texts: [old, new],
    };
    runs.push(ChangeTag::Equal, old.get(..prefix).unwrap_or_default());
    if old_middle.is_empty() || new_middle.is_empty() {
        // Words only added or only removed (the usual small edit): what the diff of the
        // middle would be, without tokenizing it.
        runs.push(ChangeTag::Delete, old_middle);
        runs.push(ChangeTag::Insert, new_middle);
    } else {
        for change in TextDiff::from_words(old_middle, new_middle).iter_all_changes() {
            runs.push(change.tag(), change.value());
        }
    }
    runs.push(
        ChangeTag::Equal,
        old.get(old.len() - suffix..).unwrap_or_default(),
    );
    runs.runs
}

/// Word runs being built from pieces of the two texts.
pub(super) struct Runs<'a> {
    pub(super) runs: Vec<Words<'a>>,
    /// The old and the new text, which the pieces come from.
    pub(super) texts: [&'a str; 2],
}

impl<'a> Runs<'a> {
    /// Appends words to the last run when it has the same fate (as the same stretch of a text
    /// when they follow it there), else as a new run.
    pub(super) fn push(&mut self, tag: ChangeTag, text: &'a str) {
        if text.is_empty() {
            return;
        }
        let Some(last) = self.runs.last_mut().filter(|last| last.tag == tag) else {
            self.runs.push(Words {
                tag,
                text: Cow::Borrowed(text),
            });
            return;
        };
        let joined = self
            .texts
            .iter()
            .find_map(|whole| adjoining(whole, &last.text, text));
        match joined {
            Some(joined) => last.text = Cow::Borrowed(joined),
            None => last.text.to_mut().push_str(text),
        }
    }
}

/// `first` and `second` as one stretch of `whole`, when both lie in it and `second` directly
/// follows `first` there (told by their addresses).
pub(super) fn adjoining<'a>(whole: &'a str, first: &str, second: &str) -> Option<&'a str> {
    let base = whole.as_ptr() as usize;
    let start = (first.as_ptr() as usize).checked_sub(base)?;
    let middle = (second.as_ptr() as usize).checked_sub(base)?;
    if start + first.len() != middle {
        return None;
    }
    whole.get(start..middle + second.len())
}

/// The byte lengths of the common prefix and suffix of two texts, each ending at a word boundary
/// (a change between whitespace and not) in both, so both texts tokenize the same way around them.
pub(super) fn common_words(old: &str, new: &str) -> (usize, usize) {
    let mut prefix = common_prefix_len(old.as_bytes(), new.as_bytes());
    while prefix > 0 && !(is_word_boundary(old, prefix) && is_word_boundary(new, prefix)) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = common_suffix_len(old.as_bytes(), new.as_bytes()).min(room);
    while suffix > 0
        && !(is_word_boundary(old, old.len() - suffix) && is_word_boundary(new, new.len() - suffix))
    {
        suffix -= 1;
    }
    (prefix, suffix)
}

/// Whether `at` is a character boundary of `text` where a word starts or ends (or the very start
/// or end).
pub(super) fn is_word_boundary(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return false;
    };
    match (before.chars().next_back(), after.chars().next()) {
        (Some(b), Some(a)) => b.is_whitespace() != a.is_whitespace(),
        _ => true,
    }
}

/// An upper bound of the Myers steps of a word diff of a changed middle of `bytes` bytes: its
/// square, since a word is at least a byte (plus a little for empty middles).
pub(super) fn word_diff_cost(bytes: usize) -> u64 {
    let tokens = u64::try_from(bytes).unwrap_or(u64::MAX).saturating_add(4);
    tokens.saturating_mul(tokens)
}

/// A change shown without word detail: all old text removed, all new text inserted.
pub(super) fn whole_text_change<'a>(old: &'a str, new: &'a str) -> Vec<Words<'a>> {
    if old == new {
        return vec![Words {
            tag: ChangeTag::Equal,
            text: Cow::Borrowed(old),
        }];
    }
    [(ChangeTag::Delete, old), (ChangeTag::Insert, new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(tag, text)| Words {
            tag,
            text: Cow::Borrowed(text),
        })
        .collect()
}
