//! One conformance suite, run against both backends: SQLite (the embedded default) and
//! PostgreSQL (shared by host replicas). Each case is a function over `Arc<dyn Backend>`.

use std::sync::Arc;

use synco_host::audit::{AuditEntry, AuditKey, AuditLog, RETENTION_MS};
use synco_host::backend::{Backend, BackendError, EmbedderConfig, Installed, Removed, TenantConfig, TenantRow, Tombstone, WrappedKey};
use synco_host::tenant::TenantId;

fn t(id: &str) -> TenantId {
    TenantId::new(id).unwrap()
}

fn row(version: u32) -> TenantRow {
    TenantRow { config: TenantConfig::default(), key: WrappedKey { master_version: version, bytes: vec![version as u8; 60] }, installed_ms: 5, credential: None }
}

/// An uninstall at `at_ms`, remembered for a second, of whatever is installed.
fn gone_at(at_ms: u64) -> Tombstone {
    Tombstone { at_ms, until_ms: at_ms + 1000, installed_by_ms: u64::MAX }
}

fn installing_is_idempotent_and_uninstalling_removes_every_record(b: Arc<dyn Backend>) {
    assert_eq!(b.install(&t("a"), &row(1), None).unwrap(), Installed::Fresh);
    assert_eq!(b.install(&t("a"), &row(2), None).unwrap(), Installed::Already, "a second install changes nothing");
    assert_eq!(b.tenant(&t("a")).unwrap().unwrap().key.master_version, 1);
    b.install(&t("b"), &row(1), None).unwrap();
    for key in ["k1", "k2"] {
        b.put(&t("a"), "page-index", key, b"env", 100).unwrap();
        b.put(&t("b"), "page-index", key, b"env", 100).unwrap();
    }
    let removed = b.uninstall(&t("a"), gone_at(50)).unwrap().expect("nothing newer to keep");
    assert!(removed.tenant);
    assert_eq!(removed.records, 2);
    assert_eq!(b.tenant(&t("a")).unwrap(), None);
    assert!(b.list(&t("a"), "page-index", "", 0, 100).unwrap().is_empty());
    assert_eq!(b.list(&t("b"), "page-index", "", 0, 100).unwrap().len(), 2, "the other tenant keeps its records");
}

fn an_install_issued_before_a_remembered_uninstall_is_refused(b: Arc<dyn Backend>) {
    assert_eq!(b.install(&t("a"), &row(1), Some(10)).unwrap(), Installed::Fresh);
    b.uninstall(&t("a"), Tombstone { at_ms: 100, until_ms: 1000, installed_by_ms: u64::MAX }).unwrap();
    let stale = Installed::Stale { uninstalled_ms: 100 };
    assert_eq!(b.install(&t("a"), &row(2), Some(40)).unwrap(), stale, "a replay of the first install");
    assert_eq!(b.install(&t("a"), &row(2), Some(100)).unwrap(), stale, "issued at the uninstall's very moment");
    assert_eq!(b.tenant(&t("a")).unwrap(), None, "refused installs leave nothing");
    assert_eq!(b.install(&t("b"), &row(1), Some(40)).unwrap(), Installed::Fresh, "other tenants are not concerned");
    assert_eq!(b.install(&t("a"), &row(2), Some(101)).unwrap(), Installed::Fresh, "issued after the uninstall");
    assert_eq!(b.install(&t("a"), &row(3), Some(40)).unwrap(), stale, "a replay is told apart from a repeat");
    assert_eq!(b.tenant(&t("a")).unwrap().unwrap().key.master_version, 2);
    // A replica whose clock lags does not move the remembered uninstall back.
    b.uninstall(&t("a"), Tombstone { at_ms: 50, until_ms: 500, installed_by_ms: u64::MAX }).unwrap();
    assert_eq!(b.install(&t("a"), &row(4), Some(60)).unwrap(), stale);
    // An operator's install is not an event and is not checked.
    assert_eq!(b.install(&t("c"), &row(1), None).unwrap(), Installed::Fresh);
    b.uninstall(&t("c"), gone_at(100)).unwrap();
    assert_eq!(b.install(&t("c"), &row(1), None).unwrap(), Installed::Fresh);
    // Forgotten once its time is up, and not before.
    b.purge_expired(999).unwrap();
    assert_eq!(b.install(&t("a"), &row(4), Some(60)).unwrap(), stale);
    b.purge_expired(1100).unwrap();
    assert_eq!(b.install(&t("a"), &row(4), Some(60)).unwrap(), Installed::Fresh);
}

fn an_uninstall_issued_before_the_current_install_keeps_it(b: Arc<dyn Backend>) {
    // `row` installs at 5 ms.
    assert_eq!(b.install(&t("a"), &row(1), None).unwrap(), Installed::Fresh);
    b.put(&t("a"), "page-index", "k", b"env", 100).unwrap();
    let replayed = Tombstone { at_ms: 1, until_ms: 1000, installed_by_ms: 4 };
    assert_eq!(b.uninstall(&t("a"), replayed).unwrap(), None, "installed after the uninstall was issued");
    assert!(b.tenant(&t("a")).unwrap().is_some());
    assert_eq!(b.list(&t("a"), "page-index", "", 0, 10).unwrap().len(), 1, "its records stay");
    assert_eq!(b.install(&t("b"), &row(1), Some(1)).unwrap(), Installed::Fresh, "and it left no tombstone");
    let current = Tombstone { at_ms: 6, until_ms: 1000, installed_by_ms: 5 };
    assert_eq!(b.uninstall(&t("a"), current).unwrap(), Some(Removed { tenant: true, records: 1 }));
    assert_eq!(b.uninstall(&t("z"), current).unwrap(), Some(Removed { tenant: false, records: 0 }), "nothing installed: nothing kept");
}

fn records_are_scoped_by_tenant_and_namespace(b: Arc<dyn Backend>) {
    b.install(&t("a"), &row(1), None).unwrap();
    b.put(&t("a"), "page-index", "k", b"a's", 100).unwrap();
    b.put(&t("a"), "other", "k", b"other ns", 100).unwrap();
    assert_eq!(b.get(&t("a"), "page-index", "k", 0).unwrap(), Some(b"a's".to_vec()));
    assert_eq!(b.get(&t("b"), "page-index", "k", 0).unwrap(), None);
    b.put(&t("a"), "page-index", "k", b"replaced", 100).unwrap();
    assert_eq!(b.get(&t("a"), "page-index", "k", 0).unwrap(), Some(b"replaced".to_vec()));
    b.delete(&t("a"), "page-index", "k").unwrap();
    b.delete(&t("a"), "page-index", "absent").unwrap();
    assert_eq!(b.get(&t("a"), "page-index", "k", 0).unwrap(), None);
    assert_eq!(b.get(&t("a"), "other", "k", 0).unwrap(), Some(b"other ns".to_vec()));
}

fn expired_records_are_absent_then_purged(b: Arc<dyn Backend>) {
    b.install(&t("a"), &row(1), None).unwrap();
    b.put(&t("a"), "page-index", "old", b"x", 100).unwrap();
    b.put(&t("a"), "page-index", "new", b"x", 200).unwrap();
    assert!(b.get(&t("a"), "page-index", "old", 99).unwrap().is_some());
    assert!(b.get(&t("a"), "page-index", "old", 100).unwrap().is_none(), "absent at its expiry");
    assert_eq!(b.list(&t("a"), "page-index", "", 150, 10).unwrap(), vec!["new"]);
    assert_eq!(b.purge_expired(150).unwrap(), 1);
    assert_eq!(b.purge_expired(150).unwrap(), 0);
}

fn listing_is_sorted_bytewise_by_literal_prefix_and_limited(b: Arc<dyn Backend>) {
    b.install(&t("a"), &row(1), None).unwrap();
    for key in ["p/b", "p/a", "p/B", "p_x", "p%y", "q/a"] {
        b.put(&t("a"), "page-index", key, b"x", 100).unwrap();
    }
    assert_eq!(b.list(&t("a"), "page-index", "p/", 0, 10).unwrap(), vec!["p/B", "p/a", "p/b"]);
    assert_eq!(b.list(&t("a"), "page-index", "p_", 0, 10).unwrap(), vec!["p_x"], "`_` is not a wildcard");
    assert_eq!(b.list(&t("a"), "page-index", "p%", 0, 10).unwrap(), vec!["p%y"], "`%` is not a wildcard");
    assert_eq!(b.list(&t("a"), "page-index", "", 0, 2).unwrap().len(), 2);
}

fn a_record_is_stored_only_while_its_tenant_is_installed(b: Arc<dyn Backend>) {
    let not_installed = |r: Result<(), BackendError>| matches!(r, Err(BackendError::NotInstalled(_)));
    assert!(not_installed(b.put(&t("z"), "page-index", "k", b"x", 100)), "never installed");
    assert!(b.list(&t("z"), "page-index", "", 0, 10).unwrap().is_empty());
    b.install(&t("a"), &row(1), None).unwrap();
    b.put(&t("a"), "page-index", "k", b"x", 100).unwrap();
    b.uninstall(&t("a"), gone_at(50)).unwrap();
    assert!(not_installed(b.put(&t("a"), "page-index", "k", b"sealed before the uninstall", 100)), "a late write does not land");
    assert!(b.list(&t("a"), "page-index", "", 0, 10).unwrap().is_empty());
    assert_eq!(b.tenant(&t("a")).unwrap(), None);
}

fn rewrapping_is_compare_and_set(b: Arc<dyn Backend>) {
    b.install(&t("a"), &row(1), None).unwrap();
    let newer = WrappedKey { master_version: 2, bytes: vec![9; 60] };
    assert!(!b.rewrap(&t("a"), 7, &newer).unwrap(), "a stale expectation changes nothing");
    assert!(b.rewrap(&t("a"), 1, &newer).unwrap());
    assert_eq!(b.tenant(&t("a")).unwrap().unwrap().key, newer);
    assert_eq!(b.tenants().unwrap(), vec![(t("a"), newer)]);
}

fn configuration_and_credential_are_replaced_only_for_installed_tenants(b: Arc<dyn Backend>) {
    let byom = TenantConfig {
        provider: "openai".into(),
        model: "gpt-4o".into(),
        region: "global".into(),
        account: String::new(),
        plan: "advanced".into(),
        embedder: EmbedderConfig { model: "text-embedding-3-small".into(), dimensions: 1536 },
    };
    assert!(!b.set_config(&t("a"), &byom).unwrap(), "not installed");
    b.install(&t("a"), &row(1), None).unwrap();
    assert!(b.set_config(&t("a"), &byom).unwrap());
    assert!(b.set_credential(&t("a"), Some(b"sealed")).unwrap());
    let stored = b.tenant(&t("a")).unwrap().unwrap();
    assert_eq!((stored.config, stored.credential), (byom, Some(b"sealed".to_vec())));
    assert!(b.set_credential(&t("a"), None).unwrap());
    assert_eq!(b.tenant(&t("a")).unwrap().unwrap().credential, None);
    b.uninstall(&t("a"), gone_at(50)).unwrap();
    assert!(!b.set_credential(&t("a"), Some(b"x")).unwrap());
}

fn entry() -> AuditEntry {
    AuditEntry {
        provider: "offline".into(),
        model: "m".into(),
        region: "r".into(),
        request_digest: "00".repeat(32),
        input_tokens: 1,
        output_tokens: 1,
        redactions: Default::default(),
        outcome: "ok".into(),
        latency_ms: 0,
    }
}

/// The audit key of these tests.
fn test_key() -> AuditKey {
    AuditKey::new([5; 32])
}

fn concurrent_audit_appends_never_fork_a_chain(b: Arc<dyn Backend>) {
    let log = Arc::new(AuditLog::new(b, test_key()));
    std::thread::scope(|s| {
        for _ in 0..4 {
            let log = Arc::clone(&log);
            s.spawn(move || {
                for i in 0..25 {
                    log.append(&t("a"), 1000 + i, &entry()).unwrap();
                }
            });
        }
    });
    assert_eq!(log.verify(&t("a")).unwrap(), Ok(100));
}

fn purged_audit_records_leave_a_verifiable_chain(b: Arc<dyn Backend>) {
    let log = AuditLog::new(b, test_key());
    for i in 0..6 {
        log.append(&t("a"), 1000 + i, &entry()).unwrap();
    }
    log.append(&t("b"), 5000, &entry()).unwrap();
    assert_eq!(log.purge(1003 + RETENTION_MS).unwrap(), 3);
    assert_eq!(log.verify(&t("a")).unwrap(), Ok(3));
    assert_eq!(log.verify(&t("b")).unwrap(), Ok(1), "b's recent record stays");
    assert!(log.append(&t("a"), 9000, &entry()).unwrap().starts_with("7-"));
    assert_eq!(log.verify(&t("a")).unwrap(), Ok(4));
}

fn sqlite() -> (tempfile::TempDir, Arc<dyn Backend>) {
    let dir = tempfile::tempdir().unwrap();
    let backend = synco_host::backend::sqlite::SqliteBackend::open(&dir.path().join("c.db")).unwrap();
    (dir, Arc::new(backend))
}

macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                let (_dir, backend) = super::sqlite();
                super::$case(backend);
            })*
        }
        mod postgres {
            $(#[test]
            fn $case() {
                synco_tests::with_postgres(|url| {
                    let backend = synco_host::backend::postgres::PostgresBackend::connect(&synco_host::backend::postgres_tls::PostgresTarget::new(url)).unwrap();
                    super::$case(std::sync::Arc::new(backend));
                });
            })*
        }
    };
}

conformance!(
    installing_is_idempotent_and_uninstalling_removes_every_record,
    an_install_issued_before_a_remembered_uninstall_is_refused,
    an_uninstall_issued_before_the_current_install_keeps_it,
    records_are_scoped_by_tenant_and_namespace,
    expired_records_are_absent_then_purged,
    listing_is_sorted_bytewise_by_literal_prefix_and_limited,
    a_record_is_stored_only_while_its_tenant_is_installed,
    rewrapping_is_compare_and_set,
    configuration_and_credential_are_replaced_only_for_installed_tenants,
    concurrent_audit_appends_never_fork_a_chain,
    purged_audit_records_leave_a_verifiable_chain,
);
