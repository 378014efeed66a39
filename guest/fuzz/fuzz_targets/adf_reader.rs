//! The Jira readers never panic: any JSON through the ADF normalizer, any text through the issue
//! reader.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::adf::adf_to_text;
use synco_guest::issue::parse_issue;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_issue(json);
    if let Ok(document) = serde_json::from_str::<serde_json::Value>(json) {
        let _ = adf_to_text(&document);
    }
});
