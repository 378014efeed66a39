//! Scale-out: two host replicas sharing one PostgreSQL (and the KMS key files) serve the same
//! tenant interchangeably.

use synco_host::backend::Database;
use synco_host::backend::postgres_tls::PostgresTarget;
use synco_tests::{component, config, example_request, examples_dir, open_installed, tenant, with_postgres};

#[test]
fn two_hosts_sharing_postgres_serve_the_same_tenant() {
    with_postgres(|url| {
        let home = tempfile::tempdir().unwrap();
        let replica = || {
            let mut cfg = config(home.path(), component());
            cfg.database = Database::Postgres(PostgresTarget::new(url.clone()));
            open_installed(cfg)
        };
        let (first, second) = (replica(), replica());
        let acme = tenant("acme");
        synco_host::bench::index_examples(&first, &acme, &examples_dir()).unwrap();
        let through_second = second.sync(&acme, &example_request()).unwrap();
        assert_eq!(through_second.related.len(), 3, "the second host reads the index the first wrote");
        assert!(through_second.audit_id.starts_with("1-"));
        let through_first = first.sync(&acme, &example_request()).unwrap();
        assert!(through_first.audit_id.starts_with("2-"), "one audit chain across replicas");
        assert_eq!(second.capabilities().audit.verify(&acme).unwrap(), Ok(2));
        assert_eq!(through_first.page, through_second.page);
        // Uninstall through one replica is seen by the other at once.
        first.uninstall(&acme).unwrap();
        assert!(second.sync(&acme, &example_request()).is_err());
    });
}

/// A replica starting while another session holds a long transaction on the tables must not wait
/// for it (nor make every other session's requests queue behind its own lock request): on a
/// database whose schema is current, connecting runs no DDL.
#[test]
fn a_replica_connecting_to_a_current_schema_waits_for_no_other_transaction() {
    use std::sync::mpsc;
    use std::time::Duration;
    use synco_host::backend::postgres::PostgresBackend;

    with_postgres(|url| {
        let target = PostgresTarget::new(url.clone());
        PostgresBackend::connect(&target).unwrap();
        let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut long = other.transaction().unwrap();
        long.batch_execute("SELECT count(*) FROM tenants; SELECT count(*) FROM audit; SELECT count(*) FROM audit_anchor; SELECT count(*) FROM records").unwrap();
        let (done, connected) = mpsc::channel();
        std::thread::spawn(move || done.send(PostgresBackend::connect(&target).map(|_| ()).map_err(|e| e.to_string())));
        let outcome = connected.recv_timeout(Duration::from_secs(10));
        long.commit().unwrap();
        assert_eq!(outcome, Ok(Ok(())), "the second replica connected while the transaction was open");
    });
}

/// A database written before schema versions (no `synco_schema`, an older set of columns) is
/// brought up to date by the first replica that connects, and the version is recorded.
#[test]
fn a_database_from_before_schema_versions_is_upgraded_once() {
    use synco_host::backend::postgres::PostgresBackend;

    with_postgres(|url| {
        let target = PostgresTarget::new(url.clone());
        PostgresBackend::connect(&target).unwrap();
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        admin.batch_execute("DROP TABLE synco_schema; ALTER TABLE audit DROP COLUMN tag").unwrap();
        PostgresBackend::connect(&target).unwrap();
        let tag_columns: i64 = admin.query_one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'audit' AND column_name = 'tag'", &[]).unwrap().get(0);
        assert_eq!(tag_columns, 1, "the missing column was added");
        let versions: Vec<i64> = admin.query("SELECT version FROM synco_schema", &[]).unwrap().iter().map(|r| r.get(0)).collect();
        assert_eq!(versions, vec![2]);
        let tombstones: bool = admin.query_one("SELECT to_regclass('tombstones') IS NOT NULL", &[]).unwrap().get(0);
        assert!(tombstones, "the tombstones table of version 2 exists");
    });
}

/// Two replicas, one writing a tenant's records while the other uninstalls it (an `installed` or
/// `sync` racing an `uninstalled` event): whichever order the database puts them in, nothing of
/// the tenant is left once both are done.
#[test]
fn a_write_racing_an_uninstall_on_another_replica_leaves_nothing_behind() {
    use std::sync::Arc;
    use synco_host::backend::postgres::PostgresBackend;
    use synco_host::backend::{Backend, BackendError, TenantConfig, TenantRow, Tombstone, WrappedKey};
    with_postgres(|url| {
        let connect = || -> Arc<dyn Backend> { Arc::new(PostgresBackend::connect(&PostgresTarget::new(url.clone())).unwrap()) };
        let (writer, uninstaller) = (connect(), connect());
        let row = TenantRow { config: TenantConfig::default(), key: WrappedKey { master_version: 1, bytes: vec![1; 60] }, installed_ms: 0, credential: None };
        for round in 0..40 {
            let acme = tenant(&format!("acme-{round}"));
            uninstaller.install(&acme, &row, None).unwrap();
            let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let writing = {
                let (writer, acme, done) = (Arc::clone(&writer), acme.clone(), Arc::clone(&done));
                std::thread::spawn(move || {
                    let mut i = 0;
                    // Writes go on until after the uninstall has returned, so some straddle it.
                    while !done.load(std::sync::atomic::Ordering::SeqCst) || i % 8 != 0 {
                        match writer.put(&acme, "installation", &format!("k{i}"), b"sealed", u64::MAX >> 1) {
                            Ok(()) | Err(BackendError::NotInstalled(_)) => i += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    i
                })
            };
            std::thread::sleep(std::time::Duration::from_millis(round % 5));
            uninstaller.uninstall(&acme, Tombstone { at_ms: 2, until_ms: u64::MAX >> 1, installed_by_ms: u64::MAX }).unwrap();
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            let written = writing.join().unwrap();
            let left = writer.list(&acme, "installation", "", 0, 1000).unwrap();
            assert!(left.is_empty(), "round {round}: {} of {written} writes outlived the uninstall", left.len());
        }
    });
}

/// A replayed `installed` event (its token issued before the uninstall) racing the uninstall on
/// another replica: whichever runs first, the tenant is gone once both are done, and every
/// replay after the uninstall is refused as stale.
#[test]
fn a_replayed_install_racing_an_uninstall_never_brings_the_tenant_back() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use synco_host::backend::postgres::PostgresBackend;
    use synco_host::backend::{Backend, Installed, TenantConfig, TenantRow, Tombstone, WrappedKey};
    with_postgres(|url| {
        let connect = || -> Arc<dyn Backend> { Arc::new(PostgresBackend::connect(&PostgresTarget::new(url.clone())).unwrap()) };
        let (replayer, uninstaller) = (connect(), connect());
        let row = TenantRow { config: TenantConfig::default(), key: WrappedKey { master_version: 1, bytes: vec![1; 60] }, installed_ms: 0, credential: None };
        let (issued_ms, uninstalled_ms) = (1_000, 2_000);
        for round in 0..40 {
            let acme = tenant(&format!("acme-{round}"));
            uninstaller.install(&acme, &row, Some(issued_ms)).unwrap();
            let done = Arc::new(AtomicBool::new(false));
            let replaying = {
                let (replayer, acme, done, row) = (Arc::clone(&replayer), acme.clone(), Arc::clone(&done), row.clone());
                std::thread::spawn(move || {
                    // Replays go on until after the uninstall has returned, so some straddle it;
                    // the last ones start after it.
                    for i in 1.. {
                        let after_the_uninstall = done.load(Ordering::SeqCst);
                        let installed = replayer.install(&acme, &row, Some(issued_ms)).unwrap();
                        if after_the_uninstall && i % 8 == 0 {
                            return installed;
                        }
                    }
                    unreachable!("the replays end once the uninstall is done")
                })
            };
            std::thread::sleep(std::time::Duration::from_millis(round % 5));
            uninstaller.uninstall(&acme, Tombstone { at_ms: uninstalled_ms, until_ms: u64::MAX >> 1, installed_by_ms: u64::MAX }).unwrap();
            done.store(true, Ordering::SeqCst);
            let last = replaying.join().unwrap();
            assert_eq!(last, Installed::Stale { uninstalled_ms }, "round {round}: a replay after the uninstall");
            assert_eq!(replayer.tenant(&acme).unwrap(), None, "round {round}: a replay re-created the uninstalled tenant");
        }
    });
}

/// A replayed `uninstalled` event (issued before the current install) racing a reinstall on
/// another replica: whichever runs first, the reinstalled tenant is there once both are done.
#[test]
fn a_replayed_uninstall_racing_a_reinstall_never_wipes_it() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use synco_host::backend::postgres::PostgresBackend;
    use synco_host::backend::{Backend, TenantConfig, TenantRow, Tombstone, WrappedKey};
    with_postgres(|url| {
        let connect = || -> Arc<dyn Backend> { Arc::new(PostgresBackend::connect(&PostgresTarget::new(url.clone())).unwrap()) };
        let (replayer, installer) = (connect(), connect());
        // The reinstall was issued at 3 s; the replayed uninstall at 1 s, with a skew of 1 s.
        let row = TenantRow { config: TenantConfig::default(), key: WrappedKey { master_version: 1, bytes: vec![1; 60] }, installed_ms: 3_000, credential: None };
        let replayed = Tombstone { at_ms: 1_000, until_ms: u64::MAX >> 1, installed_by_ms: 2_000 };
        for round in 0..40 {
            let acme = tenant(&format!("acme-{round}"));
            let done = Arc::new(AtomicBool::new(false));
            let replaying = {
                let (replayer, acme, done) = (Arc::clone(&replayer), acme.clone(), Arc::clone(&done));
                std::thread::spawn(move || {
                    for i in 1.. {
                        let after_the_install = done.load(Ordering::SeqCst);
                        let outcome = replayer.uninstall(&acme, replayed).unwrap();
                        if after_the_install && i % 8 == 0 {
                            return outcome;
                        }
                    }
                    unreachable!("the replays end once the install is done")
                })
            };
            std::thread::sleep(std::time::Duration::from_millis(round % 5));
            installer.install(&acme, &row, Some(3_000)).unwrap();
            done.store(true, Ordering::SeqCst);
            assert_eq!(replaying.join().unwrap(), None, "round {round}: a replay after the reinstall removes nothing");
            assert!(installer.tenant(&acme).unwrap().is_some(), "round {round}: a replayed uninstall wiped the reinstall");
        }
    });
}
