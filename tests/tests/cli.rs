//! The `synco` command line, end to end on a throwaway data directory: install, index, sync,
//! audit, rotate, purge, uninstall — and the refusals a user meets.

use std::path::Path;
use std::process::{Command, Output};

use synco_tests::{component, examples_dir, synco_bin};

fn synco(home: &Path, args: &[&str]) -> Output {
    Command::new(synco_bin())
        .args(args)
        .env("SYNCO_HOME", home)
        .env("SYNCO_COMPONENT", component())
        .env("SYNCO_TENANT", "acme")
        .env("SYNCO_NOW", "1795910400000")
        .env("SYNCO_SEED", "1")
        .output()
        .unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = synco(home, args);
    assert!(out.status.success(), "synco {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(home: &Path, args: &[&str]) -> String {
    let out = synco(home, args);
    assert!(!out.status.success(), "synco {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_whole_lifecycle_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let examples = examples_dir();
    let sync_args = |ex: &Path| {
        ["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()]
            .map(String::from)
    };
    let sync = sync_args(&examples);
    let sync: Vec<&str> = sync.iter().map(String::as_str).collect();

    assert!(fails(&home, &sync).contains("tenant acme is not installed"));
    assert!(ok(&home, &["tenant", "install"]).contains("installed"));
    assert!(ok(&home, &["tenant", "install"]).contains("already installed"));
    assert!(ok(&home, &["index", examples.join("pages").to_str().unwrap()]).contains("5 page(s) indexed"));
    let summary = ok(&home, &sync);
    assert!(summary.contains("api key          1 value(s)"), "{summary}");
    assert!(summary.contains("audit record: 1-"), "{summary}");
    assert!(out.join("page.xml").is_file() && out.join("review.html").is_file());
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 1 record(s)"));
    assert!(ok(&home, &["audit", "tail"]).contains("\"provider\":\"offline\""));
    assert!(ok(&home, &["kms", "rotate"]).contains("master key v2 created; 1 tenant data key(s) re-wrapped"));
    assert!(ok(&home, &sync).contains("related pages:\n  "), "the index still opens after rotation");
    assert!(ok(&home, &["store", "purge"]).contains("purged 0 expired record(s)"));
    assert!(ok(&home, &["tenant", "uninstall"]).contains("5 record(s) deleted"));
    assert!(fails(&home, &["tenant", "uninstall"]).contains("not installed"));
    assert!(fails(&home, &sync).contains("not installed"));
}

#[test]
fn refuses_to_write_output_inside_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    ok(&home, &["tenant", "install"]);
    let ex = examples_dir();
    let inside = home.join("out");
    let err = fails(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", inside.to_str().unwrap()]);
    assert!(err.contains("is inside the data directory"), "{err}");
}

#[test]
fn a_tampered_audit_chain_fails_verification_with_the_record_named() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    ok(&home, &["tenant", "install"]);
    let ex = examples_dir();
    let out = dir.path().join("out");
    for _ in 0..3 {
        ok(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    }
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 3 record(s)"));
    // An attacker with write access to the database file deletes record 2.
    let conn = rusqlite::Connection::open(home.join("synco.db")).unwrap();
    assert_eq!(conn.execute("DELETE FROM audit WHERE seq = 2", []).unwrap(), 1);
    drop(conn);
    let err = fails(&home, &["audit", "verify"]);
    assert!(err.contains("a record before record 3 was deleted: the chain expects 2 there"), "{err}");
}
