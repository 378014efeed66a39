//! Where the host's state lives: installed tenants (configuration and wrapped data key), sealed
//! records, and the audit chain. One trait, two backends beside it:
//!
//! - [`sqlite`]: the embedded default, one file in `$SYNCO_HOME`;
//! - [`postgres`]: for several stateless host replicas sharing one database.
//!
//! Backends store only what the capability modules hand them: envelopes, wrapped keys, audit
//! metadata. They never see plaintext content or unwrapped keys. Both pass the same conformance
//! suite (`tests/tests/backend_conformance.rs`).

pub mod postgres;
pub mod postgres_tls;
pub mod sqlite;

use thiserror::Error;

use crate::tenant::TenantId;

/// A backend failure, without content.
#[derive(Debug, Error)]
pub enum BackendError {
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed (the message carries the causes, which the driver's own message omits:
    /// "error performing TLS handshake: invalid peer certificate: UnknownIssuer").
    #[error("postgresql: {}", with_causes(.0))]
    Postgres(::postgres::Error),
    /// A stored row is not what this build wrote.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A record was written for a tenant that is not installed (it may have been uninstalled
    /// while the record was being sealed); nothing was stored.
    #[error("tenant {0} is not installed: its record was not stored")]
    NotInstalled(String),
    /// The PostgreSQL connection's TLS settings cannot be used.
    #[error("postgresql tls: {0}")]
    Tls(String),
}

impl From<::postgres::Error> for BackendError {
    fn from(e: ::postgres::Error) -> BackendError {
        BackendError::Postgres(e)
    }
}

/// `error`'s message followed by its causes', each after a colon.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        message.push_str(": ");
        message.push_str(&e.to_string());
        cause = e.source();
    }
    message
}

/// A tenant's data key, wrapped (encrypted) by a master key of the KMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// The master key version that wraps it.
    pub master_version: u32,
    /// Nonce ‖ ciphertext ‖ tag.
    pub bytes: Vec<u8>,
}

/// A tenant's model configuration: which provider and model the guest must name, and where the
/// host sends the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantConfig {
    /// The provider name (`offline`, `vertex-gemini`, `gemini-api`, `openai`, `anthropic`,
    /// `azure-openai`).
    pub provider: String,
    /// The model name (for Azure OpenAI: the deployment name).
    pub model: String,
    /// The region calls are served from (Vertex AI location; `global` elsewhere).
    pub region: String,
    /// The provider account: the Google Cloud project for Vertex AI, the resource name for Azure
    /// OpenAI; empty otherwise.
    pub account: String,
    /// The plan: `standard`, or `advanced` (bring-your-own-model).
    pub plan: String,
    /// Which embedder turns the tenant's texts into vectors (see [`crate::embedders`]).
    pub embedder: EmbedderConfig,
}

impl Default for TenantConfig {
    fn default() -> Self {
        TenantConfig {
            provider: "offline".into(),
            model: "offline-template".into(),
            region: "local".into(),
            account: String::new(),
            plan: "standard".into(),
            embedder: EmbedderConfig::default(),
        }
    }
}

/// A tenant's embedder: explicit configuration, never inferred from the generation model, because
/// every stored vector of a tenant must come from the same model at the same dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedderConfig {
    /// The embedding model: `offline` (the default), or one of the tenant's provider's embedding
    /// models (for Azure OpenAI: the name of the embedding deployment).
    pub model: String,
    /// The length of every vector it returns.
    pub dimensions: u32,
}

impl Default for EmbedderConfig {
    fn default() -> Self {
        EmbedderConfig { model: crate::embedders::OFFLINE_MODEL.into(), dimensions: crate::embedders::OFFLINE_DIMENSIONS }
    }
}

/// An installed tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRow {
    /// The model configuration.
    pub config: TenantConfig,
    /// The wrapped data key.
    pub key: WrappedKey,
    /// When it was installed (ms since the epoch).
    pub installed_ms: u64,
    /// The tenant's provider credential, sealed by the KMS (namespace `credential`), if set.
    pub credential: Option<Vec<u8>>,
}

/// What [`Backend::install`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installed {
    /// The tenant is installed now.
    Fresh,
    /// It was installed already; nothing changed.
    Already,
    /// Nothing changed: the tenant was uninstalled at `uninstalled_ms`, and the install was
    /// issued no later than that (a replayed or delayed install event).
    Stale {
        /// When the uninstall happened (ms since the epoch).
        uninstalled_ms: u64,
    },
}

/// What an uninstall leaves behind, outside the tenant's data: when it was issued, so that an
/// install issued before it (a replayed lifecycle token) cannot bring the tenant back, and until
/// when that is remembered. It holds the tenant id and two times, nothing of the tenant's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tombstone {
    /// When the uninstall was issued (ms since the epoch).
    pub at_ms: u64,
    /// When [`Backend::purge_expired`] forgets it (ms since the epoch).
    pub until_ms: u64,
    /// The uninstall removes an installation installed (`installed_ms`) no later than this; a
    /// later one is newer than the uninstall meant (a replayed uninstall event) and is kept.
    pub installed_by_ms: u64,
}

/// What an uninstall removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removed {
    /// Whether the tenant (configuration and data key) existed.
    pub tenant: bool,
    /// Records deleted.
    pub records: u64,
}

/// One stored audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Position in the tenant's chain, from 1.
    pub seq: i64,
    /// When it was written (ms since the epoch).
    pub at_ms: i64,
    /// The record (JSON metadata).
    pub record: String,
    /// The previous record's hash.
    pub prev_hash: String,
    /// This record's hash.
    pub hash: String,
    /// The host's keyed tag of the hash ([`crate::audit::AuditKey`]): only a holder of the audit
    /// key can write a record the verifier accepts.
    pub tag: String,
}

/// Where a tenant's stored chain starts after a purge: the last purged record's sequence number,
/// hash and tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchor {
    /// The last purged record's sequence number.
    pub seq: i64,
    /// Its hash, which the first stored record links to.
    pub hash: String,
    /// Its anchor tag, written by the purge ([`AnchorTag`]).
    pub tag: String,
}

/// A new record's hash and tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    /// The record's hash.
    pub hash: String,
    /// Its keyed tag.
    pub tag: String,
}

/// A tenant's stored audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditChain {
    /// Where the stored chain starts when older records were purged. `None` when nothing was
    /// purged (the chain starts at genesis).
    pub anchor: Option<AuditAnchor>,
    /// The stored records, in sequence order.
    pub rows: Vec<AuditRow>,
}

/// Computes a new audit record's hash and tag from its predecessor's hash and its sequence
/// number.
pub type ChainHash<'a> = &'a dyn Fn(&str, i64) -> ChainLink;

/// The tag of a tenant's record as a purge anchor, or `None` when the record does not verify (so
/// the tenant's records are kept for `verify` to report).
pub type AnchorTag<'a> = &'a dyn Fn(&str, &AuditRow) -> Option<String>;

/// The operations the capability modules need. Every call names its tenant; the backend never
/// mixes tenants.
pub trait Backend: Send + Sync {
    /// Installs a tenant unless it is installed already or, when `issued_ms` (when the install
    /// was asked for) is given, a remembered uninstall happened at or after it. The check and the
    /// insert are one step with respect to [`Backend::uninstall`].
    fn install(&self, tenant: &TenantId, row: &TenantRow, issued_ms: Option<u64>) -> Result<Installed, BackendError>;
    /// The installed tenant, if any.
    fn tenant(&self, tenant: &TenantId) -> Result<Option<TenantRow>, BackendError>;
    /// Every installed tenant with its wrapped key (for master-key rotation).
    fn tenants(&self) -> Result<Vec<(TenantId, WrappedKey)>, BackendError>;
    /// Replaces a tenant's wrapped key if it is still wrapped by `expected_version`
    /// (compare-and-set, so concurrent rotations cannot lose a key).
    fn rewrap(&self, tenant: &TenantId, expected_version: u32, key: &WrappedKey) -> Result<bool, BackendError>;
    /// Replaces an installed tenant's model configuration; `false` if it is not installed.
    fn set_config(&self, tenant: &TenantId, config: &TenantConfig) -> Result<bool, BackendError>;
    /// Replaces (or with `None` removes) an installed tenant's sealed credential; `false` if it is
    /// not installed.
    fn set_credential(&self, tenant: &TenantId, sealed: Option<&[u8]>) -> Result<bool, BackendError>;
    /// Removes the tenant's configuration, data key and every record, and records `tombstone`
    /// (the later of it and an earlier one), in one transaction; `None`, changing nothing, when
    /// the tenant was installed after [`Tombstone::installed_by_ms`]. The check and the removal
    /// are one step with respect to [`Backend::install`].
    fn uninstall(&self, tenant: &TenantId, tombstone: Tombstone) -> Result<Option<Removed>, BackendError>;

    /// The envelope at `namespace`/`key` if it has not expired at `now_ms`.
    fn get(&self, tenant: &TenantId, namespace: &str, key: &str, now_ms: u64) -> Result<Option<Vec<u8>>, BackendError>;
    /// Inserts or replaces an envelope with its expiry, only while the tenant is installed
    /// ([`BackendError::NotInstalled`] otherwise), checked in the same statement as the write,
    /// so a record sealed before an uninstall can never land after it.
    fn put(&self, tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8], expires_ms: u64) -> Result<(), BackendError>;
    /// Deletes a record (absent is fine).
    fn delete(&self, tenant: &TenantId, namespace: &str, key: &str) -> Result<(), BackendError>;
    /// Live keys starting with `prefix`, sorted, at most `limit`.
    fn list(&self, tenant: &TenantId, namespace: &str, prefix: &str, now_ms: u64, limit: usize) -> Result<Vec<String>, BackendError>;
    /// Deletes every record of every tenant that expired at `now_ms`, and forgets the tombstones
    /// whose time is up; returns how many records.
    fn purge_expired(&self, now_ms: u64) -> Result<u64, BackendError>;

    /// Appends an audit record to `tenant`'s chain atomically (no two writers get the same
    /// sequence number); `hash` computes its hash. Returns its sequence number and hash.
    fn audit_append(&self, tenant: &TenantId, at_ms: u64, record: &str, hash: ChainHash<'_>) -> Result<(i64, String), BackendError>;
    /// `tenant`'s stored audit chain.
    fn audit_chain(&self, tenant: &TenantId) -> Result<AuditChain, BackendError>;
    /// Deletes, for every tenant, the records up to the last one written before `before_ms`, and
    /// moves the tenant's anchor to the last deleted record, tagged by `anchor_tag`, in one
    /// transaction; a tenant whose record `anchor_tag` refuses keeps its records. Returns how
    /// many were deleted.
    fn purge_audit(&self, before_ms: u64, anchor_tag: AnchorTag<'_>) -> Result<u64, BackendError>;
}

/// Where a host keeps its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded SQLite file.
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL database (TLS off this machine; see `postgres_tls`).
    Postgres(postgres_tls::PostgresTarget),
}

/// Opens the backend for `database`, creating its schema if needed.
pub fn open(database: &Database) -> Result<std::sync::Arc<dyn Backend>, BackendError> {
    Ok(match database {
        Database::Sqlite(path) => std::sync::Arc::new(sqlite::SqliteBackend::open(path)?),
        Database::Postgres(target) => std::sync::Arc::new(postgres::PostgresBackend::connect(target)?),
    })
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}
