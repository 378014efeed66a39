//! Bad input gets a clear, typed error, and loses nothing that was stored.

use synco_host::bindings::synco::engine::types::DocumentError;
use synco_host::engine::{EngineError, SyncError};
use synco_tests::{engine, example_request, examples_dir, tenant};

fn rejected(err: EngineError) -> SyncError {
    match err {
        EngineError::Rejected(e) => e,
        other => panic!("expected a typed rejection, got {other:?}"),
    }
}

#[test]
fn malformed_issue_json_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let mut request = example_request();
    request.issue_json = "{\"key\": \"PAY-1\", \"fields\": ".into();
    let err = engine.sync(&tenant("acme"), &request).unwrap_err();
    assert!(err.to_string().starts_with("the issue is not valid JSON"), "{err}");
    assert!(matches!(rejected(err), SyncError::InvalidIssue(DocumentError::MalformedJson(_))));
}

#[test]
fn an_issue_without_a_status_names_the_missing_field() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let mut request = example_request();
    request.issue_json = r#"{"key":"PAY-1","fields":{"summary":"s","issuetype":{"name":"Bug"}}}"#.into();
    let err = rejected(engine.sync(&tenant("acme"), &request).unwrap_err());
    assert!(matches!(&err, SyncError::InvalidIssue(DocumentError::MissingField(f)) if f.contains("status")), "{err:?}");
}

#[test]
fn a_page_that_is_not_markup_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let mut request = example_request();
    request.page = "<p>unclosed <b>bold</p>".into();
    let err = engine.sync(&tenant("acme"), &request).unwrap_err();
    assert!(err.to_string().starts_with("the page is not Confluence storage format"), "{err}");
}

#[test]
fn a_fifty_megabyte_input_is_refused_before_the_guest_sees_it() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let mut request = example_request();
    request.page = format!("<p>{}</p>", "a".repeat(50 * 1024 * 1024));
    let err = engine.sync(&tenant("acme"), &request).unwrap_err();
    assert!(matches!(err, EngineError::PayloadTooLarge { limit, .. } if limit == 5 * 1024 * 1024), "{err:?}");
}

#[test]
fn bad_input_loses_nothing_that_was_stored() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let acme = tenant("acme");
    synco_host::bench::index_examples(&engine, &acme, &examples_dir()).unwrap();
    let mut bad = example_request();
    bad.issue_json = "not json".into();
    assert!(engine.sync(&acme, &bad).is_err());
    let good = engine.sync(&acme, &example_request()).unwrap();
    assert_eq!(good.related.len(), 3, "the index survived the failed request");
}
