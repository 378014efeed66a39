//! A test helper for `tests/tests/crash_safety.rs`: writes sealed records and audit records as
//! fast as it can, printing each record's number once its commit has returned, until it is
//! killed. Usage: `crash_writer KEYS_DIR (sqlite PATH | postgres URL)`.

use std::io::Write;
use std::sync::Arc;

use synco_host::audit::{AuditEntry, AuditLog};
use synco_host::backend::{self, Database, TenantConfig};
use synco_host::kms::LocalKms;
use synco_host::store::RecordStore;
use synco_host::tenant::TenantId;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, keys, kind, target] = &args[..] else {
        eprintln!("usage: crash_writer KEYS_DIR (sqlite PATH | postgres URL)");
        std::process::exit(2);
    };
    let database = if kind == "sqlite" { Database::Sqlite(target.into()) } else { Database::Postgres(synco_host::backend::postgres_tls::PostgresTarget::new(target.clone())) };
    let backend = backend::open(&database).expect("the backend opens");
    let kms = Arc::new(LocalKms::open(std::path::Path::new(keys), Arc::clone(&backend)).expect("the kms opens"));
    let tenant = TenantId::new("crash").expect("valid");
    kms.install(&tenant, &TenantConfig::default(), 0, None).expect("installs");
    let store = RecordStore::new(Arc::clone(&backend), Arc::clone(&kms));
    let audit = AuditLog::new(backend, kms.audit_key());
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let key = format!("rec/{i}");
        // A large value, so the process is often killed in the middle of writing one.
        let value = format!("record {i} ").repeat(2000);
        let sealed = kms.seal(&tenant, "page-index", &key, value.as_bytes()).expect("seals");
        store.put(&tenant, "page-index", &key, &sealed, None, 0).expect("stores");
        let entry = AuditEntry {
            provider: "offline".into(),
            model: "crash".into(),
            region: "local".into(),
            request_digest: format!("{i:064}"),
            input_tokens: 0,
            output_tokens: 0,
            redactions: Default::default(),
            outcome: "ok".into(),
        latency_ms: 0,
        };
        audit.append(&tenant, i, &entry).expect("audits");
        let _ = writeln!(out, "{i}");
        let _ = out.flush();
    }
}
