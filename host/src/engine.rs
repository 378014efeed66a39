//! The host's public face: open a data directory, then run syncs and indexing for tenants.
//!
//! [`SyncEngine`] ties the sandbox to the capability backends. Every call checks the payload
//! against the limits before the guest sees it, runs in a fresh instance for one tenant, and checks
//! the result size before handing it back.

use std::path::PathBuf;
use std::sync::Arc;

use thiserror::Error;
use wasmtime::Store;

use crate::audit::AuditLog;
use crate::bindings::{self, exports::synco::engine::sync};
use crate::capabilities::{Capabilities, Clock};
use crate::db::Db;
use crate::entropy::Entropy;
use crate::kms::LocalKms;
use crate::limits::Limits;
use crate::model::{EgressTap, ModelConfig, ModelGateway};
use crate::sandbox::{Allocation, RequestState, Sandbox, SandboxError};
use crate::store::SqliteStore;
use crate::tenant::TenantId;

pub use crate::bindings::exports::synco::engine::diff::Review;
pub use crate::bindings::exports::synco::engine::redaction::Policy;
pub use crate::bindings::exports::synco::engine::sync::{PageInput, SyncError, SyncOutcome, SyncRequest};

/// Everything a host process needs to know to start.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// The data directory (`$SYNCO_HOME`): the database, the key file and the compiled-component
    /// cache. Holds only sealed data, keys and caches.
    pub home: PathBuf,
    /// The component file (`synco_guest.wasm`).
    pub component: PathBuf,
    /// Where precompiled components are cached (default `home/cache`).
    pub cache_dir: PathBuf,
    /// Per-request limits.
    pub limits: Limits,
    /// How instances get memory.
    pub allocation: Allocation,
    /// The clock the guest sees.
    pub clock: Clock,
    /// A seed for the guest's randomness (tests and reproducible demos); `None` uses the OS.
    pub seed: Option<u64>,
    /// The tenant's provider and model.
    pub model: ModelConfig,
    /// Where to copy every outgoing model request (egress tests, debugging); `None` by default.
    pub egress_tap: Option<EgressTap>,
}

impl HostConfig {
    /// The defaults for `home` and `component`.
    pub fn new(home: PathBuf, component: PathBuf) -> HostConfig {
        HostConfig {
            cache_dir: home.join("cache"),
            home,
            component,
            limits: Limits::default(),
            allocation: Allocation::default(),
            clock: Clock::System,
            seed: None,
            model: ModelConfig::default(),
            egress_tap: None,
        }
    }
}

/// Why an engine call failed.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The data directory or a backend could not be opened.
    #[error("cannot open the data directory: {0}")]
    Setup(String),
    /// The request payload exceeds the limit.
    #[error("the request is {size} bytes; the limit is {limit} bytes")]
    PayloadTooLarge {
        /// The payload size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The sandbox stopped the request (deadline, memory, trap, …).
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    /// The engine refused the request with a typed error.
    #[error("{}", describe(.0))]
    Rejected(SyncError),
}

/// The engine: one sandbox and the shared capability backends.
pub struct SyncEngine {
    sandbox: Sandbox,
    caps: Arc<Capabilities>,
}

impl SyncEngine {
    /// Opens the data directory (creating it with mode 0700), the database, the KMS and the
    /// sandbox.
    pub fn open(config: HostConfig) -> Result<SyncEngine, EngineError> {
        let setup = |e: &dyn std::fmt::Display| EngineError::Setup(e.to_string());
        crate::fsutil::create_private_dir(&config.home).map_err(|e| setup(&e))?;
        let db = Arc::new(Db::open(&config.home.join("synco.db")).map_err(|e| setup(&e))?);
        let kms = Arc::new(LocalKms::open(&config.home.join("keys"), Arc::clone(&db)).map_err(|e| setup(&e))?);
        let audit = Arc::new(AuditLog::new(Arc::clone(&db)));
        let caps = Arc::new(Capabilities {
            store: SqliteStore::new(Arc::clone(&db), Arc::clone(&kms)),
            kms,
            models: gateway(&config, Arc::clone(&audit)),
            audit,
            clock: config.clock,
            entropy: config.seed.map_or(Entropy::Os, Entropy::seeded),
        });
        let sandbox = Sandbox::new(&config.component, &config.cache_dir, config.limits.clone(), config.allocation)?;
        Ok(SyncEngine { sandbox, caps })
    }

    /// The capability backends (for the CLI's maintenance commands and tests).
    pub fn capabilities(&self) -> &Arc<Capabilities> {
        &self.caps
    }

    /// The sandbox (for benchmarks and tests).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Runs one sync for `tenant`.
    pub fn sync(&self, tenant: &TenantId, request: &SyncRequest) -> Result<SyncOutcome, EngineError> {
        let size = request.issue_json.len() + request.page.len() + request.base.as_ref().map_or(0, String::len);
        self.check_payload(size)?;
        let outcome = self.call(tenant, |store, engine| engine.synco_engine_sync().call_sync(store, request))?;
        let outcome = outcome.map_err(EngineError::Rejected)?;
        let size = outcome.page.len() + outcome.review.html.len() + outcome.review.edit_script.len();
        self.check_output(size)?;
        Ok(outcome)
    }

    /// Adds or refreshes one page in `tenant`'s related-page index; returns its store key.
    pub fn index_page(&self, tenant: &TenantId, page: &PageInput, policy: &Policy) -> Result<String, EngineError> {
        self.check_payload(page.storage.len() + page.title.len())?;
        let key = self.call(tenant, |store, engine| engine.synco_engine_sync().call_index_page(store, page, policy))?;
        key.map_err(EngineError::Rejected)
    }

    /// Runs `f` against a fresh instance for `tenant` (no payload or output checks: callers of
    /// this lower-level entry point apply their own).
    pub fn call<R>(
        &self,
        tenant: &TenantId,
        f: impl FnOnce(&mut Store<RequestState>, &bindings::Engine) -> wasmtime::Result<R>,
    ) -> Result<R, EngineError> {
        Ok(self.sandbox.call(tenant, &self.caps, f)?)
    }

    fn check_payload(&self, size: usize) -> Result<(), EngineError> {
        let limit = self.sandbox.limits().payload_bytes;
        if size > limit {
            return Err(EngineError::PayloadTooLarge { size, limit });
        }
        Ok(())
    }

    fn check_output(&self, size: usize) -> Result<(), EngineError> {
        let limit = self.sandbox.limits().output_bytes;
        if size > limit {
            return Err(SandboxError::OutputTooLarge { size, limit }.into());
        }
        Ok(())
    }
}

fn gateway(config: &HostConfig, audit: Arc<AuditLog>) -> ModelGateway {
    let gateway = ModelGateway::new(config.model.clone(), audit);
    match &config.egress_tap {
        Some(tap) => gateway.with_tap(Arc::clone(tap)),
        None => gateway,
    }
}

/// A readable sentence for each of the engine's typed errors.
pub fn describe(error: &SyncError) -> String {
    use bindings::synco::engine::types::DocumentError as D;
    let document = |what: &str, e: &D| match e {
        D::MalformedJson(why) => format!("the {what} is not valid JSON: {why}"),
        D::MissingField(field) => format!("the {what} lacks the field {field}"),
        D::InvalidMarkup(why) => format!("the {what} is not Confluence storage format: {why}"),
        D::TooLarge(limit) => format!("the {what} is larger than the limit of {limit} bytes"),
    };
    match error {
        sync::SyncError::InvalidIssue(e) => document("issue", e),
        sync::SyncError::InvalidPage(e) => document("page", e),
        sync::SyncError::Redaction(e) => format!("redaction failed: {e:?}"),
        sync::SyncError::Ranking(e) => format!("ranking failed: {e:?}"),
        sync::SyncError::Prompt(e) => format!("the prompt could not be built: {e:?}"),
        sync::SyncError::Model(e) => format!("the model call failed: {e:?}"),
        sync::SyncError::BadModelOutput(why) => format!("the model's answer is not a page section: {why}"),
        sync::SyncError::Kms(e) => format!("the kms refused: {e:?}"),
        sync::SyncError::Store(e) => format!("the store refused: {e:?}"),
    }
}
