//! The main job through the real component: the example issue synced into the example page,
//! with the promises the pipeline carries (P5 redaction at the model boundary, P6 merge, P8 audit).

use std::sync::{Arc, Mutex};

use synco_host::bindings::synco::engine::types::PiiKind;
use synco_host::engine::SyncEngine;
use synco_tests::{config, component, example_request, examples_dir, tenant};

const SECRETS: [&str; 4] = ["jane.doe@example.com", "+44 20 7946 0958", "AKIAIOSFODNN7EXAMPLE", "Priya Nair"];

fn engine_with_tap(home: &std::path::Path) -> (SyncEngine, Arc<Mutex<Vec<String>>>) {
    let tap = Arc::new(Mutex::new(Vec::new()));
    let mut config = config(home, component());
    config.egress_tap = Some(Arc::clone(&tap));
    (synco_tests::open_installed(config), tap)
}

#[test]
fn nothing_sensitive_leaves_the_sandbox_and_the_page_gets_the_real_values_back() {
    let home = tempfile::tempdir().unwrap();
    let (engine, tap) = engine_with_tap(home.path());
    let outcome = engine.sync(&tenant("acme"), &example_request()).unwrap();
    let sent = tap.lock().unwrap().join("\n");
    assert!(sent.contains("[EMAIL_"), "the request carries placeholders");
    for secret in SECRETS {
        assert!(!sent.contains(secret), "{secret:?} left the sandbox");
    }
    assert!(outcome.page.contains("jane.doe@example.com"), "the customer's page shows the real value");
    assert!(!outcome.page.contains("[EMAIL_"), "no placeholder remains in the page");
    assert_eq!(outcome.unknown_placeholders, 0);
}

#[test]
fn reports_what_was_redacted_by_kind() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let outcome = engine.sync(&tenant("acme"), &example_request()).unwrap();
    let kinds: Vec<PiiKind> = outcome.redactions.iter().map(|c| c.kind).collect();
    for kind in [PiiKind::Email, PiiKind::Phone, PiiKind::ApiKey, PiiKind::Person] {
        assert!(kinds.contains(&kind), "{kind:?} not reported in {kinds:?}");
    }
    assert!(outcome.redactions.iter().all(|c| c.occurrences >= c.distinct && c.distinct > 0));
}

#[test]
fn keeps_the_persons_edits_and_surfaces_the_conflict() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let outcome = engine.sync(&tenant("acme"), &example_request()).unwrap();
    let theirs = example_request().page;
    // The person's edit outside the managed section is in the page Sync-o produced, untouched.
    let human_only: Vec<&str> = theirs.lines().filter(|l| !example_request().base.unwrap().contains(*l)).collect();
    assert!(!human_only.is_empty());
    for line in human_only {
        assert!(outcome.page.contains(line.trim()), "the person's line {line:?} was lost");
    }
    assert!(outcome.conflicts >= 1, "the overlapping edit is a conflict");
    assert!(outcome.page.contains("Sync-o suggestion (not applied)"));
    assert_eq!(outcome.version_message, format!("Sync-o: PAY-142 · {}", outcome.sync_id));
}

#[test]
fn the_review_is_self_contained_html() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let review = engine.sync(&tenant("acme"), &example_request()).unwrap().review;
    assert!(review.html.starts_with("<!DOCTYPE html>"));
    for banned in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!review.html.contains(banned), "{banned} in the review");
    }
    assert!(review.changed_blocks > 0);
    let script: serde_json::Value = serde_json::from_str(&review.edit_script).unwrap();
    assert!(script.as_array().is_some_and(|ops| !ops.is_empty()));
}

#[test]
fn every_model_call_leaves_an_audit_record_in_a_verifiable_chain() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let acme = tenant("acme");
    let first = engine.sync(&acme, &example_request()).unwrap();
    let second = engine.sync(&acme, &example_request()).unwrap();
    assert!(first.audit_id.starts_with("1-") && second.audit_id.starts_with("2-"), "{} {}", first.audit_id, second.audit_id);
    assert_eq!(engine.capabilities().audit.verify(&acme).unwrap(), Ok(2));
}

#[test]
fn related_pages_come_from_the_tenants_own_index() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let indexed = synco_host::bench::index_examples(&engine, &tenant("acme"), &examples_dir()).unwrap();
    assert_eq!(indexed, 5);
    let acme = engine.sync(&tenant("acme"), &example_request()).unwrap();
    assert_eq!(acme.related.len(), 3);
    assert!(acme.related.windows(2).all(|w| w[0].score >= w[1].score));
    assert_ne!(acme.related[0].title, "Team offsite notes", "the unrelated page ranks first");
    let other = engine.sync(&tenant("globex"), &example_request()).unwrap();
    assert!(other.related.is_empty(), "another tenant saw acme's index: {:?}", other.related);
}

#[test]
fn the_sync_id_is_derived_from_the_issue_update_and_the_page_version() {
    let home = tempfile::tempdir().unwrap();
    let (engine, _) = engine_with_tap(home.path());
    let acme = tenant("acme");
    let first = engine.sync(&acme, &example_request()).unwrap();
    assert_eq!(first.sync_id.len(), 16);
    assert_eq!(engine.sync(&acme, &example_request()).unwrap().sync_id, first.sync_id, "the same event, the same id");
    let mut next_version = example_request();
    next_version.page_version += 1;
    assert_ne!(engine.sync(&acme, &next_version).unwrap().sync_id, first.sync_id);
    let mut updated = example_request();
    updated.issue_json = updated.issue_json.replacen("\"updated\": \"", "\"updated\": \"1", 1);
    assert_ne!(engine.sync(&acme, &updated).unwrap().sync_id, first.sync_id);
}
