//! Determinism: the same request in fresh instances (and fresh data directories with the same
//! injected clock and randomness) gives the same bytes.

use synco_tests::{engine, example, example_request, tenant};

#[test]
fn the_same_sync_in_two_fresh_hosts_gives_identical_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = engine(a.path()).sync(&tenant("acme"), &example_request()).unwrap();
    let second = engine(b.path()).sync(&tenant("acme"), &example_request()).unwrap();
    assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
}

#[test]
fn pure_calls_in_two_fresh_instances_give_identical_bytes() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let (old, new) = (example("page-base.xml"), example("page.xml"));
    let run = || {
        engine
            .call(&tenant("acme"), |store, e| e.synco_engine_diff().call_compare(&mut *store, &old, &new))
            .unwrap()
            .unwrap()
    };
    let (x, y) = (run(), run());
    assert_eq!(serde_json::to_string(&x).unwrap(), serde_json::to_string(&y).unwrap());
    assert!(x.changed_blocks > 0);
}
