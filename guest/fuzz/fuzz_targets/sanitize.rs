//! The sanitizer never panics; what it returns parses as storage format and is left unchanged by
//! a second pass.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::sanitize::sanitize;
use synco_guest::storage::parse_page;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(output) = sanitize(input) {
        if let Err(error) = parse_page(&output) {
            panic!("sanitized output does not parse: {error}\n{output}");
        }
        assert_eq!(
            sanitize(&output).as_deref(),
            Ok(output.as_str()),
            "a second pass changed it"
        );
    }
});
