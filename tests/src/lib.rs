//! Shared fixtures for the integration tests: where the built components are, engines on
//! throwaway data directories, and the examples.
//!
//! The components are built by `cargo xtask test` (which passes their paths in
//! `SYNCO_COMPONENT` and `SYNCO_HOSTILE_COMPONENT`); running `cargo test` alone after
//! `cargo xtask build` finds them at their default place.

pub mod forge;
pub mod standin;

use std::path::{Path, PathBuf};
use std::time::Duration;

use synco_host::backend::TenantConfig;
use synco_host::bindings::synco::engine::types::Provider;
use synco_host::capabilities::Clock;
use synco_host::engine::{HostConfig, Policy, SyncEngine, SyncRequest};
use synco_host::sandbox::Allocation;
use synco_host::tenant::TenantId;

/// The fixed instant tests run at (2026-11-29T00:00:00Z).
pub const NOW_MS: u64 = 1_795_910_400_000;

fn built(var: &str, file: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/release").join(file));
    assert!(path.is_file(), "{} is missing: run `cargo xtask test` (it builds the components first)", path.display());
    path
}

/// The engine component.
pub fn component() -> PathBuf {
    built("SYNCO_COMPONENT", "synco_guest.wasm")
}

/// The hostile test component.
pub fn hostile_component() -> PathBuf {
    built("SYNCO_HOSTILE_COMPONENT", "synco_hostile_guest.wasm")
}

/// The `synco` binary (built by `cargo xtask build`; `cargo xtask test` passes its path in
/// `SYNCO_BIN`).
pub fn synco_bin() -> PathBuf {
    let path = std::env::var_os("SYNCO_BIN").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/synco"));
    assert!(path.is_file(), "{} is missing: run `cargo xtask test`", path.display());
    path
}

/// A precompiled-component cache shared by all tests, so each component compiles once per run.
pub fn shared_cache() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/synco-test-cache")
}

/// A config for `component` on the data directory `home`, with a fixed clock and seed and a
/// small instance pool.
pub fn config(home: &Path, component: PathBuf) -> HostConfig {
    let mut config = HostConfig::new(home.to_path_buf(), component);
    config.cache_dir = shared_cache();
    config.clock = Clock::Fixed(NOW_MS);
    config.seed = Some(42);
    config.allocation = Allocation::Pooling { instances: 8 };
    config
}

/// The tenants the tests use; every test engine has them installed with the default
/// (offline) configuration. Any other tenant id is not installed.
pub const TENANTS: [&str; 7] = ["acme", "globex", "alpha", "beta", "attacker", "bystander", "victim"];

/// Opens an engine and installs [`TENANTS`].
pub fn open_installed(config: HostConfig) -> SyncEngine {
    let engine = SyncEngine::open(config).expect("the engine opens");
    for id in TENANTS {
        engine.install(&tenant(id), &TenantConfig::default()).expect("the tenant installs");
    }
    engine
}

/// An engine running the real component on a fresh data directory.
pub fn engine(home: &Path) -> SyncEngine {
    open_installed(config(home, component()))
}

/// An engine running the hostile component with a short deadline and a 64 MiB memory cap.
pub fn hostile_engine(home: &Path) -> SyncEngine {
    let mut config = config(home, hostile_component());
    config.limits.deadline = Duration::from_millis(500);
    config.limits.memory_bytes = 64 * 1024 * 1024;
    open_installed(config)
}

/// A tenant id.
pub fn tenant(id: &str) -> TenantId {
    TenantId::new(id).expect("a valid tenant id")
}

/// The text of `examples/<name>`.
pub fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The examples folder.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// The example sync: issue, current page and the base Sync-o last wrote.
pub fn example_request() -> SyncRequest {
    SyncRequest {
        issue_json: example("issue.json"),
        page: example("page.xml"),
        base: Some(example("page-base.xml")),
        page_version: 2,
        provider: Provider::Offline,
        model: "offline-template".into(),
        policy: Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() },
        related_limit: 3,
    }
}

/// A request running the hostile component's `command`.
pub fn command(command: &str) -> SyncRequest {
    SyncRequest { issue_json: command.into(), page: String::new(), base: None, ..example_request() }
}

/// A fresh, empty PostgreSQL database for one test (its connection string), or why there is none.
/// `cargo xtask test` starts a throwaway cluster when PostgreSQL is installed and passes its
/// address in `SYNCO_TEST_POSTGRES`; otherwise the reason arrives in `SYNCO_TEST_POSTGRES_SKIPPED`.
pub fn postgres_database() -> Result<String, String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let Ok(admin) = std::env::var("SYNCO_TEST_POSTGRES") else {
        return Err(std::env::var("SYNCO_TEST_POSTGRES_SKIPPED").unwrap_or_else(|_| "SYNCO_TEST_POSTGRES is not set (`cargo xtask test` sets it)".into()));
    };
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("synco_test_{}_{n}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).map_err(|e| format!("cannot reach {admin}: {e}"))?;
    client.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| format!("cannot create a test database: {e}"))?;
    Ok(admin.replace("dbname=postgres", &format!("dbname={name}")))
}

/// Runs `test` against a fresh PostgreSQL database, or prints why it is skipped.
pub fn with_postgres(test: impl FnOnce(String)) {
    match postgres_database() {
        Ok(url) => test(url),
        Err(reason) => eprintln!("skipped: no PostgreSQL for this test: {reason}"),
    }
}
