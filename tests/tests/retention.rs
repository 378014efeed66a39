//! P3 and P7 on the bytes at rest: after complete syncs and indexing, no 12-character run of the
//! ticket, the page or the indexed pages appears in the SQLite file, its WAL, or the PostgreSQL
//! tables; excerpts and embeddings expire after 90 days; uninstall removes a tenant's
//! configuration, key and records at once.

use synco_host::backend::postgres_tls::PostgresTarget;
use synco_host::backend::{Backend, Database};
use synco_host::capabilities::Clock;
use synco_tests::{NOW_MS, component, config, engine, example, example_request, examples_dir, open_installed, tenant, with_postgres};

const DAY_MS: u64 = 24 * 3600 * 1000;

/// Every 12-byte window of `text` made of visible characters (not whitespace or markup only).
fn runs(text: &str) -> Vec<&[u8]> {
    text.as_bytes().windows(12).filter(|w| w.iter().filter(|b| b.is_ascii_alphanumeric()).count() >= 8).collect()
}

fn stored_bytes(home: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["synco.db", "synco.db-wal"] {
        if let Ok(b) = std::fs::read(home.join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

/// Fails if any 12-character run of the examples appears in `stored`.
fn assert_no_input_text(stored: &[u8]) {
    let mut inputs = vec![example("issue.json"), example("page.xml")];
    for entry in std::fs::read_dir(examples_dir().join("pages")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xml") {
            inputs.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let at_rest: std::collections::HashSet<&[u8]> = stored.windows(12).collect();
    for input in &inputs {
        for run in runs(input) {
            assert!(!at_rest.contains(run), "found {:?} at rest", String::from_utf8_lossy(run));
        }
    }
}

/// Indexes the example pages and syncs twice for `acme`.
fn full_use(engine: &synco_host::engine::SyncEngine) {
    let acme = tenant("acme");
    synco_host::bench::index_examples(engine, &acme, &examples_dir()).unwrap();
    for _ in 0..2 {
        engine.sync(&acme, &example_request()).unwrap();
    }
}

#[test]
fn no_ticket_or_page_text_is_stored_in_the_clear_in_sqlite() {
    let home = tempfile::tempdir().unwrap();
    full_use(&engine(home.path()));
    let stored = stored_bytes(home.path());
    assert!(stored.len() > 10_000, "the database holds the index");
    assert_no_input_text(&stored);
}

#[test]
fn no_ticket_or_page_text_is_stored_in_the_clear_in_postgres() {
    with_postgres(|url| {
        let home = tempfile::tempdir().unwrap();
        let mut cfg = config(home.path(), component());
        cfg.database = Database::Postgres(PostgresTarget::new(url.clone()));
        full_use(&open_installed(cfg));
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut stored = Vec::new();
        for table in ["tenants", "records", "audit", "audit_anchor"] {
            // Every column of every row, as PostgreSQL's own text output (bytea as hex, so
            // envelopes are also checked raw below).
            for row in client.query(&format!("SELECT t::text FROM {table} t"), &[]).unwrap() {
                stored.extend(row.get::<_, String>(0).into_bytes());
            }
        }
        for row in client.query("SELECT envelope FROM records", &[]).unwrap() {
            stored.extend(row.get::<_, Vec<u8>>(0));
        }
        assert!(stored.len() > 10_000, "the tables hold the index");
        assert_no_input_text(&stored);
    });
}

#[test]
fn excerpts_and_embeddings_expire_after_ninety_days() {
    let home = tempfile::tempdir().unwrap();
    let acme = tenant("acme");
    let indexed = |days: u64| {
        let mut cfg = config(home.path(), component());
        cfg.clock = Clock::Fixed(NOW_MS + days * DAY_MS);
        let engine = open_installed(cfg);
        engine.sync(&acme, &example_request()).unwrap().related.len()
    };
    synco_host::bench::index_examples(&engine(home.path()), &acme, &examples_dir()).unwrap();
    assert_eq!(indexed(89), 3, "still there after 89 days");
    assert_eq!(indexed(90), 0, "gone after 90 days");
    let backend = synco_host::backend::sqlite::SqliteBackend::open(&home.path().join("synco.db")).unwrap();
    assert!(backend.list(&acme, "page-index", "", 0, 100).unwrap().is_empty(), "purged from the file, not only hidden");
}

#[test]
fn uninstall_removes_configuration_key_and_every_record_at_once() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    full_use(&engine);
    synco_host::bench::index_examples(&engine, &tenant("globex"), &examples_dir()).unwrap();
    // What the file held for acme: its wrapped data key and its sealed records.
    let held = engine.backend();
    let mut secrets = vec![held.tenant(&tenant("acme")).unwrap().unwrap().key.bytes];
    for key in held.list(&tenant("acme"), "page-index", "", 0, 100).unwrap() {
        secrets.push(held.get(&tenant("acme"), "page-index", &key, 0).unwrap().unwrap());
    }
    let removed = engine.uninstall(&tenant("acme")).unwrap();
    // Deleted means gone from the bytes on disk too (zeroed in the file, not left in free pages
    // or in the write-ahead log), so nothing of acme can be decrypted from them.
    let stored = stored_bytes(home.path());
    for secret in &secrets {
        let probe = &secret[..secret.len().min(32)];
        assert!(!stored.windows(probe.len()).any(|w| w == probe), "{} bytes of acme's were left in the database files", secret.len());
    }
    assert!(removed.tenant && removed.records == 5, "{removed:?}");
    let backend = synco_host::backend::sqlite::SqliteBackend::open(&home.path().join("synco.db")).unwrap();
    assert_eq!(backend.tenant(&tenant("acme")).unwrap(), None);
    assert!(backend.list(&tenant("acme"), "page-index", "", 0, 100).unwrap().is_empty());
    assert_eq!(backend.list(&tenant("globex"), "page-index", "", 0, 100).unwrap().len(), 5, "other tenants keep theirs");
    let err = engine.sync(&tenant("acme"), &example_request()).unwrap_err();
    assert!(err.to_string().contains("not installed"), "{err}");
}

#[test]
fn a_background_purger_deletes_expired_records() {
    let home = tempfile::tempdir().unwrap();
    let engine = std::sync::Arc::new(engine(home.path()));
    let acme = tenant("acme");
    engine.backend().put(&acme, "page-index", "page/stale", b"sealed", NOW_MS - 1).unwrap();
    engine.backend().put(&acme, "page-index", "page/fresh", b"sealed", NOW_MS + DAY_MS).unwrap();
    let purger = synco_host::engine::Purger::start(&engine, std::time::Duration::from_millis(20)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while engine.backend().list(&acme, "page-index", "", 0, 10).unwrap().len() > 1 {
        assert!(std::time::Instant::now() < deadline, "the purger did not run");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(engine.backend().list(&acme, "page-index", "", 0, 10).unwrap(), vec!["page/fresh"]);
    drop(purger);
}
