//! The tenant-scoped key-value store behind the `store` capability, over a [`Backend`]
//! (SQLite or PostgreSQL).
//!
//! Every row carries its tenant, set by the host from the request, so no call can reach another
//! tenant's rows. Only envelopes sealed by the KMS for exactly that tenant, namespace and key are
//! accepted, so nothing is stored in the clear (P3). Each namespace has a maximum lifetime that the
//! host enforces whatever the guest asks (P7); expired rows are absent on read and purged.

use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use crate::backend::{Backend, BackendError};
use crate::kms::LocalKms;
use crate::tenant::TenantId;

/// The largest envelope the store accepts: 256 KiB.
pub const MAX_VALUE_BYTES: usize = 256 * 1024;
/// The most keys one `list` returns.
pub const MAX_LIST: usize = 10_000;
const MAX_KEY_BYTES: usize = 128;

/// The namespaces a guest may use, each with its maximum lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// Redacted page excerpts and embeddings: at most 90 days (P7).
    PageIndex,
}

impl Namespace {
    /// Parses a namespace name as the guest writes it.
    pub fn parse(name: &str) -> Option<Namespace> {
        match name {
            "page-index" => Some(Namespace::PageIndex),
            _ => None,
        }
    }

    /// The name as stored.
    pub fn name(self) -> &'static str {
        match self {
            Namespace::PageIndex => "page-index",
        }
    }

    /// The longest a row may live.
    pub fn max_ttl(self) -> Duration {
        match self {
            Namespace::PageIndex => Duration::from_secs(90 * 24 * 3600),
        }
    }
}

/// Why a store call failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The namespace is not one the guest may use.
    #[error("unknown namespace {0:?}: expected \"page-index\"")]
    UnknownNamespace(String),
    /// The key is malformed.
    #[error("invalid key {0:?}: expected 1 to 128 bytes of [A-Za-z0-9._:/-] in '/'-separated segments, none empty, '.' or '..'")]
    InvalidKey(String),
    /// The value is not sealed for this slot.
    #[error("the value is not an envelope sealed for this tenant, namespace and key")]
    NotSealed,
    /// The value is too large.
    #[error("the value is larger than the limit of {0} bytes")]
    TooLarge(u64),
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
}

/// The store: validation and lifetime policy here, persistence in the backend.
pub struct RecordStore {
    backend: Arc<dyn Backend>,
    kms: Arc<LocalKms>,
}

impl RecordStore {
    /// A store over `backend` that verifies envelopes with `kms`.
    pub fn new(backend: Arc<dyn Backend>, kms: Arc<LocalKms>) -> RecordStore {
        RecordStore { backend, kms }
    }

    /// The live envelope at `namespace`/`key` for `tenant`, if any.
    pub fn get(&self, tenant: &TenantId, namespace: &str, key: &str, now_ms: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let ns = check(namespace, key)?;
        Ok(self.backend.get(tenant, ns.name(), key, now_ms)?)
    }

    /// Stores an envelope, after checking it opens in exactly this slot. The lifetime is capped at
    /// the namespace's maximum.
    pub fn put(&self, tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8], ttl: Option<Duration>, now_ms: u64) -> Result<(), StoreError> {
        let ns = check(namespace, key)?;
        if envelope.len() > MAX_VALUE_BYTES {
            return Err(StoreError::TooLarge(MAX_VALUE_BYTES as u64));
        }
        self.kms.open_envelope(tenant, ns.name(), key, envelope).map_err(|_| StoreError::NotSealed)?;
        let ttl = ttl.unwrap_or(ns.max_ttl()).min(ns.max_ttl());
        let expires = now_ms.saturating_add(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX));
        Ok(self.backend.put(tenant, ns.name(), key, envelope, expires)?)
    }

    /// Deletes a key (absent keys are fine).
    pub fn delete(&self, tenant: &TenantId, namespace: &str, key: &str) -> Result<(), StoreError> {
        let ns = check(namespace, key)?;
        Ok(self.backend.delete(tenant, ns.name(), key)?)
    }

    /// The live keys of `namespace` starting with `prefix`, sorted, at most [`MAX_LIST`].
    pub fn list(&self, tenant: &TenantId, namespace: &str, prefix: &str, now_ms: u64) -> Result<Vec<String>, StoreError> {
        let ns = Namespace::parse(namespace).ok_or_else(|| StoreError::UnknownNamespace(namespace.to_string()))?;
        if !prefix.is_empty() {
            // A prefix may end at a separator ("page/"); otherwise it follows the key rules.
            check_key(prefix.strip_suffix('/').unwrap_or(prefix))?;
        }
        Ok(self.backend.list(tenant, ns.name(), prefix, now_ms, MAX_LIST)?)
    }

    /// Deletes every expired row of every tenant; returns how many.
    pub fn purge_expired(&self, now_ms: u64) -> Result<u64, StoreError> {
        Ok(self.backend.purge_expired(now_ms)?)
    }
}

fn check(namespace: &str, key: &str) -> Result<Namespace, StoreError> {
    let ns = Namespace::parse(namespace).ok_or_else(|| StoreError::UnknownNamespace(namespace.to_string()))?;
    check_key(key)?;
    Ok(ns)
}

fn check_key(key: &str) -> Result<(), StoreError> {
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '/' | '-');
    let bad_segment = key.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if key.is_empty() || key.len() > MAX_KEY_BYTES || !key.chars().all(valid) || bad_segment {
        return Err(StoreError::InvalidKey(key.chars().take(MAX_KEY_BYTES).collect()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_MS: u64 = 24 * 3600 * 1000;

    fn fixture() -> (tempfile::TempDir, Arc<LocalKms>, RecordStore) {
        let dir = tempfile::tempdir().unwrap();
        let backend: Arc<dyn Backend> = Arc::new(crate::backend::sqlite::SqliteBackend::open(&dir.path().join("t.db")).unwrap());
        let kms = Arc::new(LocalKms::open(&dir.path().join("keys"), Arc::clone(&backend)).unwrap());
        for id in ["a", "b"] {
            kms.install(&t(id), &crate::backend::TenantConfig::default(), 0, None).unwrap();
        }
        let store = RecordStore::new(backend, Arc::clone(&kms));
        (dir, kms, store)
    }

    fn t(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    #[test]
    fn refuses_a_value_that_is_not_sealed_for_the_slot() {
        let (_d, kms, store) = fixture();
        assert!(matches!(store.put(&t("a"), "page-index", "k", b"plain text", None, 0), Err(StoreError::NotSealed)));
        let other_key = kms.seal(&t("a"), "page-index", "other", b"x").unwrap();
        assert!(matches!(store.put(&t("a"), "page-index", "k", &other_key, None, 0), Err(StoreError::NotSealed)));
    }

    #[test]
    fn refuses_a_key_outside_the_tenant() {
        let (_d, kms, store) = fixture();
        let sealed = kms.seal(&t("a"), "page-index", "k", b"x").unwrap();
        store.put(&t("a"), "page-index", "k", &sealed, None, 0).unwrap();
        assert_eq!(store.get(&t("b"), "page-index", "k", 0).unwrap(), None);
        assert!(store.list(&t("b"), "page-index", "", 0).unwrap().is_empty());
        assert!(matches!(store.get(&t("a"), "page-index", "../b/k", 0), Err(StoreError::InvalidKey(_))));
        assert!(matches!(store.get(&t("a"), "config", "k", 0), Err(StoreError::UnknownNamespace(_))));
    }

    #[test]
    fn caps_the_lifetime_at_ninety_days() {
        let (_d, kms, store) = fixture();
        let sealed = kms.seal(&t("a"), "page-index", "k", b"x").unwrap();
        store.put(&t("a"), "page-index", "k", &sealed, Some(Duration::from_secs(365 * 24 * 3600)), 0).unwrap();
        assert!(store.get(&t("a"), "page-index", "k", 89 * DAY_MS).unwrap().is_some());
        assert!(store.get(&t("a"), "page-index", "k", 90 * DAY_MS).unwrap().is_none());
        assert_eq!(store.purge_expired(90 * DAY_MS).unwrap(), 1);
    }

    #[test]
    fn lists_keys_by_prefix_in_order() {
        let (_d, kms, store) = fixture();
        for key in ["p/2", "p/1", "q/1"] {
            let sealed = kms.seal(&t("a"), "page-index", key, b"x").unwrap();
            store.put(&t("a"), "page-index", key, &sealed, None, 0).unwrap();
        }
        assert_eq!(store.list(&t("a"), "page-index", "p/", 0).unwrap(), vec!["p/1", "p/2"]);
    }
}
