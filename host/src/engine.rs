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
use crate::capabilities::{Capabilities, Clock, GuestTap};
use crate::backend::{self, Backend, Database, Installed, Removed, TenantConfig, Tombstone};
use crate::entropy::Entropy;
use crate::kms::LocalKms;
use crate::limits::Limits;
use crate::model::{EgressTap, ModelGateway, ProviderSettings};
use crate::sandbox::{Allocation, RequestState, Sandbox, SandboxError};
use crate::store::RecordStore;
use crate::tenant::TenantId;

pub use crate::bindings::exports::synco::engine::diff::Review;
pub use crate::bindings::exports::synco::engine::redaction::Policy;
pub use crate::bindings::exports::synco::engine::ranking::{Filter, RankingMode};
pub use crate::bindings::exports::synco::engine::sync::{PageInput, RelatedOptions, RelatedPage, SyncError, SyncOutcome, SyncRequest};

impl RelatedOptions {
    /// `limit` pages ranked as a sync ranks them: hybrid, every page, no diversification.
    pub fn hybrid(limit: u32) -> RelatedOptions {
        RelatedOptions { limit, mode: RankingMode::Hybrid, filter: Filter { spaces: Vec::new(), labels: Vec::new(), updated_after: None }, diversity: None }
    }
}

/// How long an uninstall is remembered (24 hours): an install event issued before it is refused
/// for that long. Older install events are refused by the server, which accepts an `installed`
/// event only within an hour of its issue.
pub const UNINSTALL_REMEMBERED_MS: u64 = 24 * 60 * 60 * 1000;

/// Everything a host process needs to know to start.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// The data directory (`$SYNCO_HOME`): the SQLite database (by default), the key files and
    /// the compiled-component cache. Holds only sealed data, keys and caches.
    pub home: PathBuf,
    /// Where state lives: SQLite in `home` (default) or a shared PostgreSQL.
    pub database: Database,
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
    /// Where to copy every outgoing model request (egress tests, debugging); `None` by default.
    pub egress_tap: Option<EgressTap>,
    /// Where to copy every value handed to the guest (tests); `None` by default.
    pub guest_tap: Option<GuestTap>,
    /// Outbound provider settings (base-URL override, the operator's default-provider credential).
    pub providers: ProviderSettings,
}

impl HostConfig {
    /// The defaults for `home` and `component`.
    pub fn new(home: PathBuf, component: PathBuf) -> HostConfig {
        HostConfig {
            cache_dir: home.join("cache"),
            database: Database::Sqlite(home.join("synco.db")),
            home,
            component,
            limits: Limits::default(),
            allocation: Allocation::default(),
            clock: Clock::System,
            seed: None,
            egress_tap: None,
            guest_tap: None,
            providers: ProviderSettings::default(),
        }
    }
}

/// A background thread that purges expired records and old audit records every `interval`,
/// for long-running hosts. Stops (and joins) when dropped.
pub struct Purger {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Purger {
    /// Starts purging `engine` every `interval`. The thread holds only a weak reference, so it
    /// never keeps a dropped engine alive.
    pub fn start(engine: &Arc<SyncEngine>, interval: std::time::Duration) -> std::io::Result<Purger> {
        let weak = Arc::downgrade(engine);
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new().name("synco-purge".into()).spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                let Some(engine) = weak.upgrade() else { return };
                if let Err(e) = engine.purge() {
                    tracing::warn!("background purge failed: {e}");
                }
            }
        })?;
        Ok(Purger { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Purger {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
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
    /// The tenant is not installed.
    #[error("tenant {0} is not installed: run `synco tenant install` first")]
    NotInstalled(String),
    /// An install event issued before the tenant's last uninstall (a replayed or delayed event).
    #[error("tenant {tenant} was uninstalled at {uninstalled_ms} ms, after this install was issued (at {issued_ms} ms): a replayed or delayed install event is refused")]
    UninstalledSince {
        /// The tenant.
        tenant: String,
        /// When it was uninstalled (ms since the epoch).
        uninstalled_ms: u64,
        /// When the refused install was issued (ms since the epoch).
        issued_ms: u64,
    },
    /// An uninstall event issued before the tenant's current install (a replayed event).
    #[error("tenant {tenant} was installed after this uninstall was issued (at {issued_ms} ms): a replayed uninstall event is refused")]
    InstalledSince {
        /// The tenant.
        tenant: String,
        /// When the refused uninstall was issued (ms since the epoch).
        issued_ms: u64,
    },
    /// The request is not allowed (payload: why).
    #[error("{0}")]
    Refused(String),
    /// The storage backend or the KMS failed.
    #[error("storage: {0}")]
    Storage(String),
    /// The engine refused the request with a typed error.
    #[error("{}", describe(.0))]
    Rejected(SyncError),
}

/// The engine: one sandbox and the shared capability backends.
pub struct SyncEngine {
    sandbox: Sandbox,
    caps: Arc<Capabilities>,
    backend: Arc<dyn Backend>,
}

impl SyncEngine {
    /// Opens the data directory (creating it with mode 0700), the database, the KMS and the
    /// sandbox.
    pub fn open(config: HostConfig) -> Result<SyncEngine, EngineError> {
        let setup = |e: &dyn std::fmt::Display| EngineError::Setup(e.to_string());
        crate::fsutil::create_private_dir(&config.home).map_err(|e| setup(&e))?;
        let backend = backend::open(&config.database).map_err(|e| setup(&e))?;
        let kms = Arc::new(LocalKms::open(&config.home.join("keys"), Arc::clone(&backend)).map_err(|e| setup(&e))?);
        let audit = Arc::new(AuditLog::new(Arc::clone(&backend), kms.audit_key()));
        let caps = Arc::new(Capabilities {
            store: RecordStore::new(Arc::clone(&backend), Arc::clone(&kms)),
            models: gateway(&config, Arc::clone(&backend), Arc::clone(&kms), Arc::clone(&audit)),
            kms,
            audit,
            clock: config.clock,
            entropy: config.seed.map_or(Entropy::Os, Entropy::seeded),
            guest_tap: config.guest_tap.clone(),
        });
        let sandbox = Sandbox::new(&config.component, &config.cache_dir, config.limits.clone(), config.allocation)?;
        let engine = SyncEngine { sandbox, caps, backend };
        engine.purge().map_err(|e| setup(&e))?;
        Ok(engine)
    }

    /// Installs `tenant` with `config` and a fresh data key, as an operator asks for it now;
    /// `false` if it was installed already.
    pub fn install(&self, tenant: &TenantId, config: &TenantConfig) -> Result<bool, EngineError> {
        self.install_checked(tenant, config, None).map(|installed| installed == Installed::Fresh)
    }

    /// Installs `tenant` as an install event issued at `issued_ms` asks for (a Forge lifecycle
    /// event): [`EngineError::UninstalledSince`] when the tenant was uninstalled at or after
    /// that moment, within the last [`UNINSTALL_REMEMBERED_MS`], so a replayed event cannot bring
    /// an uninstalled tenant back. `false` if it was installed already.
    pub fn install_issued_at(&self, tenant: &TenantId, config: &TenantConfig, issued_ms: u64) -> Result<bool, EngineError> {
        match self.install_checked(tenant, config, Some(issued_ms))? {
            Installed::Stale { uninstalled_ms } => Err(EngineError::UninstalledSince { tenant: tenant.to_string(), uninstalled_ms, issued_ms }),
            installed => Ok(installed == Installed::Fresh),
        }
    }

    /// Installs with `installed_ms` the event's issue time when there is one (so that an
    /// uninstall event compares times of one clock), the host's time otherwise.
    fn install_checked(&self, tenant: &TenantId, config: &TenantConfig, issued_ms: Option<u64>) -> Result<Installed, EngineError> {
        let installed_ms = issued_ms.unwrap_or_else(|| self.caps.clock.now_ms());
        self.caps.kms.install(tenant, config, installed_ms, issued_ms).map_err(|e| EngineError::Storage(e.to_string()))
    }

    /// Uninstalls `tenant` at once, as an operator asks for it now: its configuration, its data
    /// key and every record go in one transaction, so whatever ciphertext survives anywhere (a
    /// backup, a replica) is unreadable. Audit records (metadata only) stay until their 90-day
    /// purge, as promised for logs. The uninstall's time is remembered for
    /// [`UNINSTALL_REMEMBERED_MS`] (see [`SyncEngine::install_issued_at`]).
    pub fn uninstall(&self, tenant: &TenantId) -> Result<Removed, EngineError> {
        let now = self.caps.clock.now_ms();
        let removed = self.remove(tenant, Tombstone { at_ms: now, until_ms: now.saturating_add(UNINSTALL_REMEMBERED_MS), installed_by_ms: u64::MAX })?;
        Ok(removed.unwrap_or_default())
    }

    /// Uninstalls `tenant` as an uninstall event issued at `issued_ms` asks for (a Forge
    /// lifecycle event), in the clock of the install events: the time remembered is the event's
    /// (a replayed event does not move it), and [`EngineError::InstalledSince`] when the tenant
    /// was installed more than `skew_ms` after that moment, so a replayed uninstall cannot wipe an
    /// installation made since. Within `skew_ms` the uninstall goes ahead: one that did happen
    /// must not be refused (P7).
    pub fn uninstall_issued_at(&self, tenant: &TenantId, issued_ms: u64, skew_ms: u64) -> Result<Removed, EngineError> {
        let now = self.caps.clock.now_ms();
        let tombstone = Tombstone { at_ms: issued_ms, until_ms: now.saturating_add(UNINSTALL_REMEMBERED_MS), installed_by_ms: issued_ms.saturating_add(skew_ms) };
        self.remove(tenant, tombstone)?.ok_or_else(|| EngineError::InstalledSince { tenant: tenant.to_string(), issued_ms })
    }

    fn remove(&self, tenant: &TenantId, tombstone: Tombstone) -> Result<Option<Removed>, EngineError> {
        self.backend.uninstall(tenant, tombstone).map_err(|e| EngineError::Storage(e.to_string()))
    }

    /// Points `tenant` at a provider and model. Bring-your-own-model providers need the
    /// Advanced plan; a changed provider drops the previous provider's key and returns the tenant
    /// to the offline embedder (an embedding model belongs to one provider).
    pub fn set_provider(&self, tenant: &TenantId, provider: &str, model: &str, region: &str, account: &str) -> Result<TenantConfig, EngineError> {
        let current = self.tenant_config(tenant)?;
        let network = crate::providers::Provider::parse(provider);
        if network.is_none() && provider != "offline" {
            return Err(EngineError::Refused(format!("unknown provider {provider:?}; expected offline, vertex-gemini, gemini-api, openai, anthropic or azure-openai")));
        }
        if network.is_some_and(|p| p.is_byom()) && current.plan != "advanced" {
            return Err(EngineError::Refused(format!("provider {provider:?} is bring-your-own-model, an Advanced-plan feature; tenant {tenant} is on the {} plan", current.plan)));
        }
        let embedder = if current.provider == provider { current.embedder.clone() } else { backend::EmbedderConfig::default() };
        let config = TenantConfig { provider: provider.into(), model: model.into(), region: region.into(), account: account.into(), plan: current.plan.clone(), embedder };
        self.backend.set_config(tenant, &config).map_err(|e| EngineError::Storage(e.to_string()))?;
        if current.provider != config.provider {
            self.backend.set_credential(tenant, None).map_err(|e| EngineError::Storage(e.to_string()))?;
        }
        Ok(config)
    }

    /// Sets `tenant`'s embedder: `offline` (256 dimensions), or an embedding model of its
    /// provider with its dimension (see [`crate::embedders`]). Vectors already stored by another
    /// embedder are not comparable with the new ones: re-index after a change.
    pub fn set_embedder(&self, tenant: &TenantId, model: &str, dimensions: u32) -> Result<TenantConfig, EngineError> {
        let embedder = backend::EmbedderConfig { model: model.into(), dimensions };
        let current = self.tenant_config(tenant)?;
        crate::embedders::resolve(&current.provider, &embedder).map_err(|e| EngineError::Refused(e.to_string()))?;
        let config = TenantConfig { embedder, ..current };
        self.backend.set_config(tenant, &config).map_err(|e| EngineError::Storage(e.to_string()))?;
        Ok(config)
    }

    /// Changes `tenant`'s plan (`standard` or `advanced`).
    pub fn set_plan(&self, tenant: &TenantId, plan: &str) -> Result<(), EngineError> {
        if !matches!(plan, "standard" | "advanced") {
            return Err(EngineError::Refused(format!("unknown plan {plan:?}; expected standard or advanced")));
        }
        let config = TenantConfig { plan: plan.into(), ..self.tenant_config(tenant)? };
        self.backend.set_config(tenant, &config).map_err(|e| EngineError::Storage(e.to_string()))?;
        Ok(())
    }

    /// Stores `tenant`'s key for its bring-your-own-model provider, sealed by the KMS. The key is
    /// opened again only in the host, at call time.
    pub fn set_key(&self, tenant: &TenantId, key: &zeroize::Zeroizing<String>) -> Result<(), EngineError> {
        let config = self.tenant_config(tenant)?;
        if !crate::providers::Provider::parse(&config.provider).is_some_and(|p| p.is_byom()) {
            return Err(EngineError::Refused(format!("provider {:?} takes no tenant key (the default provider uses the operator's)", config.provider)));
        }
        let key = key.trim();
        if key.is_empty() || key.len() > 4096 {
            return Err(EngineError::Refused("the key must be 1 to 4096 bytes".into()));
        }
        let sealed = self.caps.kms.seal(tenant, crate::model::CREDENTIAL_NAMESPACE, &config.provider, key.as_bytes()).map_err(|e| EngineError::Storage(e.to_string()))?;
        self.backend.set_credential(tenant, Some(&sealed)).map_err(|e| EngineError::Storage(e.to_string()))?;
        Ok(())
    }

    /// `tenant`'s installed configuration.
    pub fn tenant_config(&self, tenant: &TenantId) -> Result<TenantConfig, EngineError> {
        match self.backend.tenant(tenant) {
            Ok(Some(row)) => Ok(row.config),
            Ok(None) => Err(EngineError::NotInstalled(tenant.to_string())),
            Err(e) => Err(EngineError::Storage(e.to_string())),
        }
    }

    /// Deletes expired records and audit records older than 90 days; returns both counts. Runs at
    /// every start, on demand (`synco store purge`) and periodically in a [`Purger`].
    pub fn purge(&self) -> Result<(u64, u64), EngineError> {
        let now = self.caps.clock.now_ms();
        let records = self.caps.store.purge_expired(now).map_err(|e| EngineError::Storage(e.to_string()))?;
        let audit = self.caps.audit.purge(now).map_err(|e| EngineError::Storage(e.to_string()))?;
        Ok((records, audit))
    }

    /// The storage backend (for maintenance commands and tests).
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
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
        self.tenant_config(tenant)?;
        let size = request.issue_json.len() + request.page.len() + request.base.as_ref().map_or(0, String::len);
        self.check_payload(size)?;
        let outcome = self.call(tenant, |store, engine| engine.synco_engine_sync().call_sync(store, request))?;
        let outcome = outcome.map_err(EngineError::Rejected)?;
        let size = outcome.page.len() + outcome.review.html.len() + outcome.review.edit_script.len();
        self.check_output(size)?;
        Ok(outcome)
    }

    /// Adds or refreshes one page in `tenant`'s related-page index; returns its store key.
    /// The page is embedded with the tenant's embedder.
    pub fn index_page(&self, tenant: &TenantId, page: &PageInput, policy: &Policy) -> Result<String, EngineError> {
        let config = self.tenant_config(tenant)?;
        // `set_provider` accepts only known names, so the fallback is never taken in practice.
        let provider = crate::capabilities::provider_from_name(&config.provider).unwrap_or(crate::bindings::Provider::Offline);
        self.check_payload(page.storage.len() + page.title.len())?;
        let key = self.call(tenant, |store, engine| engine.synco_engine_sync().call_index_page(store, page, policy, provider))?;
        key.map_err(EngineError::Rejected)
    }

    /// The tenant's indexed pages most related to `issue_json`, best first, with the terms they
    /// share with it.
    pub fn related(&self, tenant: &TenantId, issue_json: &str, provider: crate::bindings::Provider, policy: &Policy, options: &RelatedOptions) -> Result<Vec<RelatedPage>, EngineError> {
        self.tenant_config(tenant)?;
        self.check_payload(issue_json.len())?;
        let pages = self.call(tenant, |store, engine| engine.synco_engine_sync().call_related(store, issue_json, policy, provider, options))?;
        pages.map_err(EngineError::Rejected)
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

fn gateway(config: &HostConfig, backend: Arc<dyn Backend>, kms: Arc<LocalKms>, audit: Arc<AuditLog>) -> ModelGateway {
    let gateway = ModelGateway::new(backend, kms, audit, config.providers.clone());
    match &config.egress_tap {
        Some(tap) => gateway.with_tap(Arc::clone(tap)),
        None => gateway,
    }
}

/// A readable sentence for a document error about `what` ("issue", "page").
pub fn describe_document(what: &str, error: &bindings::synco::engine::types::DocumentError) -> String {
    use bindings::synco::engine::types::DocumentError as D;
    match error {
        D::MalformedJson(why) => format!("the {what} is not valid JSON: {why}"),
        D::MissingField(field) => format!("the {what} lacks the field {field}"),
        D::InvalidMarkup(why) => format!("the {what} is not Confluence storage format: {why}"),
        D::TooLarge(limit) => format!("the {what} is larger than the limit of {limit} bytes"),
    }
}

/// A readable sentence for each of the engine's typed errors.
pub fn describe(error: &SyncError) -> String {
    match error {
        sync::SyncError::InvalidIssue(e) => describe_document("issue", e),
        sync::SyncError::InvalidPage(e) => describe_document("page", e),
        sync::SyncError::Redaction(e) => format!("redaction failed: {}", describe_redaction(e)),
        sync::SyncError::Ranking(e) => format!("ranking failed: {}", describe_ranking(e)),
        sync::SyncError::Prompt(e) => format!("the prompt could not be built: {}", describe_prompt(e)),
        sync::SyncError::Model(e) => format!("the model call failed: {}", describe_model(e)),
        sync::SyncError::BadModelOutput(why) => format!("the model's answer is not a page section: {why}"),
        sync::SyncError::Kms(e) => format!("the kms refused: {}", describe_kms(e)),
        sync::SyncError::Store(e) => format!("the store refused: {}", describe_store(e)),
    }
}

fn describe_redaction(e: &bindings::exports::synco::engine::redaction::RedactionError) -> String {
    use bindings::exports::synco::engine::redaction::RedactionError as R;
    match e {
        R::PolicyTooLarge(why) => format!("the policy is too large: {why}"),
        R::InvalidPattern(why) => format!("a custom pattern is invalid: {why}"),
        R::TextTooLarge(limit) => format!("a text is larger than the limit of {limit} bytes"),
    }
}

fn describe_ranking(e: &bindings::exports::synco::engine::ranking::RankingError) -> String {
    use bindings::exports::synco::engine::ranking::RankingError as R;
    match e {
        R::DimensionMismatch(id) => format!("page {id} has an embedding of another dimension"),
        R::EmptyQuery => "the issue has no words to rank pages by".into(),
        R::NonFinite(id) => format!("the embedding of {id} holds a value that is not a finite number"),
        R::DuplicateId(id) => format!("page {id} is in the index twice"),
        R::InvalidDiversity => "the diversity trade-off must be between 0 and 1".into(),
    }
}

fn describe_prompt(e: &bindings::exports::synco::engine::prompt::PromptError) -> String {
    use bindings::exports::synco::engine::prompt::PromptError as P;
    match e {
        P::BadBoundary => "the fence boundary is too short or occurs in the content".into(),
        P::OverBudget(tokens) => format!("the ticket alone needs {tokens} tokens, more than the model's budget"),
    }
}

fn describe_model(e: &bindings::synco::engine::model::ModelError) -> String {
    use bindings::synco::engine::model::ModelError as M;
    match e {
        M::NotAllowed(why) => format!("not allowed: {why}"),
        M::TooLarge(why) => format!("too large: {why}"),
        M::DigestMismatch => "the request digest does not match its body".into(),
        M::RateLimited(seconds) => format!("the provider is rate limiting; retry in {seconds} s"),
        M::Unavailable(why) => format!("the provider is unavailable: {why}"),
        M::ContextTooLong => "the request does not fit the model's context window".into(),
        M::ContentFiltered => "the provider's content filter refused the request".into(),
        M::BadRequest(why) => format!("the provider refused the request: {why}"),
    }
}

fn describe_kms(e: &bindings::synco::engine::kms::KmsError) -> String {
    use bindings::synco::engine::kms::KmsError as K;
    match e {
        K::Unauthentic => "an envelope does not open in its slot".into(),
        K::TooLarge(limit) => format!("the input is larger than the limit of {limit} bytes"),
        K::Backend(why) => why.clone(),
    }
}

fn describe_store(e: &bindings::synco::engine::store::StoreError) -> String {
    use bindings::synco::engine::store::StoreError as S;
    match e {
        S::UnknownNamespace(ns) => format!("unknown namespace {ns:?}"),
        S::InvalidKey(key) => format!("invalid key {key:?}"),
        S::NotSealed => "a value is not sealed for its slot".into(),
        S::TooLarge(limit) => format!("a value is larger than the limit of {limit} bytes"),
        S::Backend(why) => why.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::synco::engine::model::ModelError;
    use crate::bindings::synco::engine::types::DocumentError;

    #[test]
    fn describes_each_failure_in_a_readable_sentence() {
        assert_eq!(describe(&SyncError::Model(ModelError::RateLimited(3))), "the model call failed: the provider is rate limiting; retry in 3 s");
        assert_eq!(describe(&SyncError::InvalidIssue(DocumentError::MissingField("fields.status.name".into()))), "the issue lacks the field fields.status.name");
        assert_eq!(
            describe(&SyncError::Store(crate::bindings::synco::engine::store::StoreError::NotSealed)),
            "the store refused: a value is not sealed for its slot"
        );
    }
}
