//! The diff never panics; it accepts exactly the pairs of pages that each parse alone, with the
//! same error as parsing; and replaying its edit script on the old page gives the new page.
//! This drives the fast splitter, the reuse of the old page's blocks and the fast text path
//! against quick-xml's reading (through `parse_page`) on arbitrary input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::diff::{apply, compare};
use synco_guest::storage::parse_page;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // The two pages: before and after the first NUL, or the input and itself with a block added.
    let (old, new) = match input.split_once('\0') {
        Some((old, new)) => (old.to_owned(), new.to_owned()),
        None => (input.to_owned(), format!("{input}<p>added</p>")),
    };
    let parsed = parse_page(&old).and_then(|_| parse_page(&new));
    match (compare(&old, &new), parsed) {
        (Ok(review), Ok(_)) => {
            let replayed = apply(&old, &review.edit_script);
            assert_eq!(replayed.as_deref(), Ok(new.as_str()), "replay differs");
        }
        (Err(error), Err(expected)) => assert_eq!(error, expected, "errors differ"),
        (compared, parsed) => panic!("compare gave {compared:?}, parsing gave {parsed:?}"),
    }
});
