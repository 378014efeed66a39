//! The three-way merge never panics and always produces storage format from storage format; the
//! diff between two of the pages replays to the second one exactly.
//!
//! The input is split at NUL bytes into base, theirs and ours.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::diff::{apply, compare};
use synco_guest::merge::merge;
use synco_guest::storage::parse_page;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut pages = input.splitn(3, '\0');
    let (base, theirs, ours) = (
        pages.next().unwrap_or_default(),
        pages.next().unwrap_or_default(),
        pages.next().unwrap_or_default(),
    );
    if let Ok(merged) = merge(base, theirs, ours) {
        if let Err(error) = parse_page(&merged.storage) {
            panic!("the merge of pages that parse does not parse: {error}");
        }
    }
    if let Ok(review) = compare(theirs, ours) {
        assert_eq!(apply(theirs, &review.edit_script).as_deref(), Ok(ours));
    }
});
