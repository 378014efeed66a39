//! Crash safety: a writer killed with SIGKILL in the middle of heavy writes leaves every
//! committed record intact and nothing half-written visible, on SQLite and on PostgreSQL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use synco_host::audit::AuditLog;
use synco_host::backend::postgres_tls::PostgresTarget;
use synco_host::backend::{self, Database};
use synco_host::kms::LocalKms;
use synco_host::store::RecordStore;
use synco_host::tenant::TenantId;

/// Runs the writer until it has reported `commits` commits, kills it, and returns the last
/// committed record number.
fn write_then_kill(keys: &Path, kind: &str, target: &str, commits: u64) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
        .args([keys.to_str().unwrap(), kind, target])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut last = 0;
    while let Some(Ok(line)) = lines.next() {
        last = line.parse().unwrap();
        if last >= commits {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    last
}

fn check_after_crash(keys: &Path, database: Database, last: u64) {
    let backend = backend::open(&database).unwrap();
    let kms = Arc::new(LocalKms::open(keys, Arc::clone(&backend)).unwrap());
    let store = RecordStore::new(Arc::clone(&backend), Arc::clone(&kms));
    let tenant = TenantId::new("crash").unwrap();
    for i in 0..=last {
        let key = format!("rec/{i}");
        let sealed = store.get(&tenant, "page-index", &key, 0).unwrap().unwrap_or_else(|| panic!("committed record {i} is missing"));
        let plain = kms.open_envelope(&tenant, "page-index", &key, &sealed).unwrap();
        assert_eq!(plain, format!("record {i} ").repeat(2000).as_bytes());
    }
    // Whatever else is visible (a record committed after the last report) is whole.
    for key in store.list(&tenant, "page-index", "rec/", 0).unwrap() {
        let sealed = store.get(&tenant, "page-index", &key, 0).unwrap().unwrap();
        assert!(kms.open_envelope(&tenant, "page-index", &key, &sealed).is_ok(), "{key} is half-written");
    }
    let audited = AuditLog::new(backend, kms.audit_key()).verify(&tenant).unwrap().unwrap();
    assert!(audited as u64 > last, "audit records lost: {audited} for {} commits", last + 1);
}

#[test]
fn a_killed_writer_loses_nothing_committed_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let keys = dir.path().join("keys");
    let last = write_then_kill(&keys, "sqlite", db.to_str().unwrap(), 150);
    check_after_crash(&keys, Database::Sqlite(db.clone()), last);
    // Killed twice: the second writer appends after the first's records.
    let again = write_then_kill(&keys, "sqlite", db.to_str().unwrap(), 50);
    check_after_crash(&keys, Database::Sqlite(db), again);
}

#[test]
fn a_killed_writer_loses_nothing_committed_on_postgres() {
    synco_tests::with_postgres(|url| {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let last = write_then_kill(&keys, "postgres", &url, 150);
        check_after_crash(&keys, Database::Postgres(PostgresTarget::new(url)), last);
    });
}
