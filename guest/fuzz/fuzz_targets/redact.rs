//! Fuzz target: redaction round-trips every input exactly, never panics, and leaves no value it
//! detected (people and custom matches aside, whose boundaries are their own) in the redacted text.
//!
//! Goes to `guest/fuzz/fuzz_targets/redact.rs`, with a `[[bin]] name = "redact"` entry in
//! `guest/fuzz/Cargo.toml` (which already depends on `libfuzzer-sys` and `synco-guest`); run with
//! `cargo +nightly fuzz run redact` from `guest/`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::redact::{CustomPattern, Policy, Redactor};
use synco_guest::types::Person;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let people = [
        Person {
            account_id: "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077".into(),
            display_name: "Ann Lee".into(),
            email: Some("ann.lee@acme.io".into()),
        },
        Person {
            account_id: "5b10ac8d82e05b22cc7d4ef5".into(),
            display_name: "Zoë Müller".into(),
            email: None,
        },
    ];
    let policy = Policy {
        custom: vec![CustomPattern {
            name: "ticket".into(),
            pattern: r"\b[A-Z]{2,5}-[0-9]{1,6}\b".into(),
        }],
        ..Policy::default()
    };
    let Ok(mut redactor) = Redactor::new(policy, &people) else {
        panic!("a fixed policy is valid");
    };
    let Ok(spans) = redactor.detect(text) else {
        return; // over the document limit
    };
    let Ok(redacted) = redactor.redact(text) else {
        panic!("detect accepted the text, so redact must");
    };
    assert_eq!(redactor.restore(&redacted).text, text, "round trip");
    let mut end = 0;
    for span in &spans {
        assert!(span.start >= end && span.start < span.end, "spans ordered and disjoint");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        end = span.end;
        if span.kind != "person" && !span.kind.starts_with("custom/") {
            let value = &text[span.start..span.end];
            assert!(!redacted.contains(value), "{} leaked: {value:?}", span.kind);
        }
    }
});
