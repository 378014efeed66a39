//! The local KMS (promise P3): envelope encryption with AES-256-GCM.
//!
//! Master keys live in versioned key files `master-v<N>.key` (the first created on first use, mode
//! 0600, in a 0700 directory); the highest version wraps new data keys, and rotation adds a
//! version and re-wraps every tenant's data key without touching the data it protects. Each
//! tenant has a random 256-bit data key, created at install and stored only wrapped. Records
//! are sealed under the tenant's data key with associated data that binds the tenant, the record's
//! namespace and its key, so an envelope opens only in the slot it was sealed for. Keyed digests
//! use HMAC-SHA256 under a per-tenant key derived from the data key with HKDF. Key material is
//! zeroized when dropped; the guest never sees any of it.
//!
//! Envelope layout: `"SYN1"` ‖ 12-byte nonce (from the OS) ‖ AES-GCM ciphertext and tag.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::backend::{Backend, BackendError, Installed, TenantConfig, TenantRow, WrappedKey};
use crate::entropy::os_random;
use crate::tenant::TenantId;

const ENVELOPE_MAGIC: &[u8; 4] = b"SYN1";
const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;
/// The largest plaintext the KMS seals: 1 MiB, ample for an excerpt and its embedding.
pub const MAX_PLAINTEXT: usize = 1024 * 1024;

/// Why a KMS operation failed.
#[derive(Debug, Error)]
pub enum KmsError {
    /// The envelope does not open in this slot: tampered, moved, or sealed for another tenant.
    #[error("the envelope does not open under this tenant, namespace and key")]
    Unauthentic,
    /// The input exceeds [`MAX_PLAINTEXT`].
    #[error("the input is larger than the kms limit of {0} bytes")]
    TooLarge(u64),
    /// The master key file is unreadable or malformed.
    #[error("cannot use the master key file {path}: {reason}")]
    MasterKey {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The tenant is not installed (or was uninstalled): it has no data key.
    #[error("tenant {0} is not installed: it has no data key")]
    NotInstalled(String),
    /// A data key does not unwrap under the master key it names: the key file was replaced or
    /// corrupted.
    #[error("the data key of tenant {tenant} does not unwrap under master key v{version}: wrong or corrupted key file")]
    WrongMasterKey {
        /// The tenant.
        tenant: String,
        /// The master key version.
        version: u32,
    },
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
}

/// Key material, zeroized when dropped.
pub type SecretKey = Zeroizing<[u8; KEY_LEN]>;

/// The local KMS backend.
pub struct LocalKms {
    keys_dir: PathBuf,
    /// Every master key version found, highest last.
    masters: std::sync::RwLock<BTreeMap<u32, SecretKey>>,
    /// The key that tags audit records (`audit.key`).
    audit: SecretKey,
    backend: Arc<dyn Backend>,
}

/// How old a temporary key file must be before [`LocalKms::open`] removes it: a younger one may be
/// another replica's key creation in progress (which takes milliseconds).
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(60);

impl LocalKms {
    /// Opens the KMS whose master keys live in `keys_dir`, creating version 1 (and the audit
    /// key) on first use.
    pub fn open(keys_dir: &Path, backend: Arc<dyn Backend>) -> Result<LocalKms, KmsError> {
        crate::fsutil::create_private_dir(keys_dir).map_err(|e| master_error(keys_dir, e.to_string()))?;
        // A key file's temporary copy left by a process killed while creating it (a `kms rotate`
        // killed at the wrong moment) would outlive the deletion of that key version.
        match crate::fsutil::remove_stale_temps(keys_dir, STALE_TEMP_AGE) {
            Ok(0) => {}
            Ok(removed) => tracing::warn!(removed, dir = %keys_dir.display(), "removed temporary key files left by an interrupted write"),
            Err(e) => return Err(master_error(keys_dir, format!("cannot remove stale temporary key files: {e}"))),
        }
        let mut masters = load_masters(keys_dir)?;
        let new_deployment = masters.is_empty();
        if new_deployment {
            masters.insert(1, create_master(keys_dir, 1)?);
        }
        let audit_path = keys_dir.join("audit.key");
        if !new_deployment && !audit_path.exists() {
            // An upgrade from before audit tags, or a restore that left the audit key behind:
            // records tagged with a lost key will verify as forged.
            tracing::warn!(path = %audit_path.display(), "creating a new audit key beside existing master keys; records tagged with another key will not verify");
        }
        let audit = create_key_file(&audit_path)?;
        Ok(LocalKms { keys_dir: keys_dir.to_path_buf(), masters: std::sync::RwLock::new(masters), audit, backend })
    }

    /// The key that tags audit records (`audit.key` in the keys directory, mode 0600): shared by
    /// every replica that shares the key files, never given to the guest.
    pub fn audit_key(&self) -> crate::audit::AuditKey {
        crate::audit::AuditKey::from_secret(self.audit.clone())
    }

    /// Installs `tenant` with a fresh data key wrapped by the current master key, unless it is
    /// installed already or (when `issued_ms` is given) was uninstalled at or after `issued_ms`;
    /// see [`Backend::install`].
    pub fn install(&self, tenant: &TenantId, config: &TenantConfig, now_ms: u64, issued_ms: Option<u64>) -> Result<Installed, KmsError> {
        let fresh: SecretKey = Zeroizing::new(to_key(&os_random(KEY_LEN)));
        let (version, master) = self.current_master()?;
        let key = wrap(&master, version, tenant, &fresh)?;
        Ok(self.backend.install(tenant, &TenantRow { config: config.clone(), key, installed_ms: now_ms, credential: None }, issued_ms)?)
    }

    /// Adds a master key version and re-wraps every tenant's data key under it; the data itself
    /// is not touched. Returns the new version and how many keys were re-wrapped.
    pub fn rotate(&self) -> Result<(u32, usize), KmsError> {
        let (old_version, _) = self.current_master()?;
        let version = old_version + 1;
        let master = create_master(&self.keys_dir, version)?;
        self.write_masters().insert(version, Zeroizing::new(*master));
        let mut rewrapped = 0;
        for (tenant, wrapped) in self.backend.tenants()? {
            if wrapped.master_version == version {
                continue;
            }
            let data_key = self.unwrap(&tenant, &wrapped)?;
            let key = wrap(&master, version, &tenant, &data_key)?;
            if self.backend.rewrap(&tenant, wrapped.master_version, &key)? {
                rewrapped += 1;
            }
        }
        Ok((version, rewrapped))
    }

    /// The master key versions this KMS holds.
    pub fn master_versions(&self) -> Vec<u32> {
        self.read_masters().keys().copied().collect()
    }

    /// Seals `plaintext` for `tenant`'s slot `namespace`/`key`.
    pub fn seal(&self, tenant: &TenantId, namespace: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>, KmsError> {
        if plaintext.len() > MAX_PLAINTEXT {
            return Err(KmsError::TooLarge(MAX_PLAINTEXT as u64));
        }
        let data_key = self.data_key(tenant)?;
        let aad = record_aad(tenant, namespace, key);
        let nonce = os_random(NONCE_LEN);
        let ciphertext = encrypt(&data_key, &nonce, plaintext, &aad)?;
        let mut envelope = Vec::with_capacity(4 + NONCE_LEN + ciphertext.len());
        envelope.extend_from_slice(ENVELOPE_MAGIC);
        envelope.extend_from_slice(&nonce);
        envelope.extend_from_slice(&ciphertext);
        Ok(envelope)
    }

    /// Opens an envelope sealed by [`LocalKms::seal`] for the same tenant, namespace and key.
    pub fn open_envelope(&self, tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8]) -> Result<Vec<u8>, KmsError> {
        if envelope.len() < ENVELOPE_MAGIC.len() + NONCE_LEN || !envelope.starts_with(ENVELOPE_MAGIC) {
            return Err(KmsError::Unauthentic);
        }
        let data_key = self.data_key(tenant)?;
        open_with_data_key(data_key.as_slice(), tenant, namespace, key, envelope)
    }

    /// HMAC-SHA256 of `data` under `tenant`'s digest key, as lowercase hex.
    pub fn digest(&self, tenant: &TenantId, data: &[u8]) -> Result<String, KmsError> {
        if data.len() > MAX_PLAINTEXT {
            return Err(KmsError::TooLarge(MAX_PLAINTEXT as u64));
        }
        let data_key = self.data_key(tenant)?;
        digest_with_data_key(data_key.as_slice(), data)
    }

    /// The tenant's data key, unwrapped for one operation (zeroized when dropped).
    fn data_key(&self, tenant: &TenantId) -> Result<SecretKey, KmsError> {
        let row = self.backend.tenant(tenant)?.ok_or_else(|| KmsError::NotInstalled(tenant.to_string()))?;
        self.unwrap(tenant, &row.key)
    }

    fn unwrap(&self, tenant: &TenantId, wrapped: &WrappedKey) -> Result<SecretKey, KmsError> {
        let wrong = || KmsError::WrongMasterKey { tenant: tenant.to_string(), version: wrapped.master_version };
        let masters = self.read_masters();
        let master = masters.get(&wrapped.master_version).ok_or_else(wrong)?;
        unwrap_data_key(master.as_slice(), wrapped.master_version, tenant, &wrapped.bytes)
    }

    /// The highest master key version (`open` creates version 1 when there is none).
    fn current_master(&self) -> Result<(u32, SecretKey), KmsError> {
        let masters = self.read_masters();
        let (version, key) = masters.iter().next_back().ok_or_else(|| master_error(&self.keys_dir, "no master key version found".into()))?;
        Ok((*version, key.clone()))
    }

    fn read_masters(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<u32, SecretKey>> {
        self.masters.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_masters(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<u32, SecretKey>> {
        self.masters.write().unwrap_or_else(|p| p.into_inner())
    }
}

fn master_error(path: &Path, reason: String) -> KmsError {
    KmsError::MasterKey { path: path.to_path_buf(), reason }
}

/// Every `master-v<N>.key` in `dir`.
fn load_masters(dir: &Path) -> Result<BTreeMap<u32, SecretKey>, KmsError> {
    let mut masters = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| master_error(dir, e.to_string()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(version) = name.strip_prefix("master-v").and_then(|v| v.strip_suffix(".key")).and_then(|v| v.parse::<u32>().ok()) else {
            continue;
        };
        masters.insert(version, read_master(&entry.path())?);
    }
    Ok(masters)
}

fn read_master(path: &Path) -> Result<SecretKey, KmsError> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| master_error(path, e.to_string()))?);
    if bytes.len() != KEY_LEN {
        return Err(master_error(path, format!("expected {KEY_LEN} bytes, found {}", bytes.len())));
    }
    Ok(Zeroizing::new(to_key(&bytes)))
}

/// Creates master key `version` (mode 0600); if another process created it first, uses theirs.
fn create_master(dir: &Path, version: u32) -> Result<SecretKey, KmsError> {
    create_key_file(&dir.join(format!("master-v{version}.key")))
}

/// The key in the file at `path`, created (random, mode 0600) if absent; if another process
/// created it first, uses theirs. An existing key is only read (the directory may be read-only).
fn create_key_file(path: &Path) -> Result<SecretKey, KmsError> {
    if path.exists() {
        return read_master(path);
    }
    let fresh = Zeroizing::new(os_random(KEY_LEN));
    match crate::fsutil::create_new_private(path, &fresh) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(master_error(path, e.to_string())),
    }
    read_master(path)
}

fn wrap(master: &SecretKey, version: u32, tenant: &TenantId, data_key: &SecretKey) -> Result<WrappedKey, KmsError> {
    let nonce = os_random(NONCE_LEN);
    let mut bytes = nonce.clone();
    bytes.extend(encrypt(master, &nonce, data_key.as_slice(), &dek_aad(tenant, version))?);
    Ok(WrappedKey { master_version: version, bytes })
}

fn to_key(bytes: &[u8]) -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    key.copy_from_slice(&bytes[..KEY_LEN]);
    key
}

fn derive(data_key: &SecretKey, info: &[u8]) -> SecretKey {
    let hk = Hkdf::<Sha256>::new(Some(b"synco hkdf salt v1"), data_key.as_slice());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    // 32 bytes is always a valid HKDF-SHA256 output length.
    let _ = hk.expand(info, out.as_mut_slice());
    out
}

/// The envelope format as functions of explicit key material, for hosts and tools that must
/// interoperate with it (the JavaScript host implements the same format; the golden vectors
/// check both ways). [`LocalKms`] uses these with the keys it holds.
///
/// Unwraps a tenant's data key (`nonce ‖ AES-GCM ciphertext`) with the master key of
/// `master_version`.
pub fn unwrap_data_key(master: &[u8], master_version: u32, tenant: &TenantId, wrapped: &[u8]) -> Result<SecretKey, KmsError> {
    let wrong = || KmsError::WrongMasterKey { tenant: tenant.to_string(), version: master_version };
    if master.len() != KEY_LEN || wrapped.len() < NONCE_LEN {
        return Err(wrong());
    }
    let (nonce, ciphertext) = wrapped.split_at(NONCE_LEN);
    let master = Zeroizing::new(to_key(master));
    let plain = Zeroizing::new(decrypt(&master, nonce, ciphertext, &dek_aad(tenant, master_version)).map_err(|_| wrong())?);
    if plain.len() != KEY_LEN {
        return Err(wrong());
    }
    Ok(Zeroizing::new(to_key(&plain)))
}

/// Opens an envelope (`"SYN1" ‖ nonce ‖ ciphertext and tag`) sealed for `tenant`'s slot
/// `namespace`/`key` under `data_key` (32 bytes).
pub fn open_with_data_key(data_key: &[u8], tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8]) -> Result<Vec<u8>, KmsError> {
    let body = envelope.strip_prefix(ENVELOPE_MAGIC.as_slice()).ok_or(KmsError::Unauthentic)?;
    if body.len() < NONCE_LEN || data_key.len() != KEY_LEN {
        return Err(KmsError::Unauthentic);
    }
    let (nonce, ciphertext) = body.split_at(NONCE_LEN);
    let data_key = Zeroizing::new(to_key(data_key));
    decrypt(&data_key, nonce, ciphertext, &record_aad(tenant, namespace, key))
}

/// The keyed digest (HMAC-SHA256 under the key HKDF derives from `data_key`), lowercase hex.
pub fn digest_with_data_key(data_key: &[u8], data: &[u8]) -> Result<String, KmsError> {
    if data_key.len() != KEY_LEN {
        return Err(KmsError::Unauthentic);
    }
    let digest_key = derive(&Zeroizing::new(to_key(data_key)), b"synco digest key v1");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(digest_key.as_slice()).map_err(|_| KmsError::Unauthentic)?;
    mac.update(data);
    Ok(hex::encode(mac.finalize().into_bytes()))
}

fn encrypt(key: &SecretKey, nonce: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, KmsError> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_slice()));
    cipher.encrypt(Nonce::from_slice(nonce), Payload { msg: plaintext, aad }).map_err(|_| KmsError::Unauthentic)
}

fn decrypt(key: &SecretKey, nonce: &[u8], ciphertext: &[u8], aad: &[u8]) -> Result<Vec<u8>, KmsError> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_slice()));
    cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad }).map_err(|_| KmsError::Unauthentic)
}

/// Associated data of a record: every part length-prefixed, so no two different slots share it.
fn record_aad(tenant: &TenantId, namespace: &str, key: &str) -> Vec<u8> {
    length_prefixed(&[b"synco record v1", tenant.as_str().as_bytes(), namespace.as_bytes(), key.as_bytes()])
}

fn dek_aad(tenant: &TenantId, master_version: u32) -> Vec<u8> {
    length_prefixed(&[b"synco data key v1", tenant.as_str().as_bytes(), &master_version.to_be_bytes()])
}

fn length_prefixed(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(&(part.len() as u32).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Tombstone;
    use crate::backend::sqlite::SqliteBackend;

    fn tenant(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    /// A KMS on a fresh SQLite file with tenants `a` and `b` installed.
    fn kms() -> (tempfile::TempDir, LocalKms) {
        let dir = tempfile::tempdir().unwrap();
        let backend: Arc<dyn Backend> = Arc::new(SqliteBackend::open(&dir.path().join("t.db")).unwrap());
        let kms = LocalKms::open(&dir.path().join("keys"), backend).unwrap();
        for t in ["a", "b"] {
            assert_eq!(kms.install(&tenant(t), &TenantConfig::default(), 0, None).unwrap(), Installed::Fresh);
        }
        (dir, kms)
    }

    #[test]
    fn opening_removes_a_key_copy_an_interrupted_write_left_behind() {
        let (dir, kms) = kms();
        drop(kms);
        let keys = dir.path().join("keys");
        let left = keys.join("master-v2.tmp-00112233445566aa");
        std::fs::write(&left, [9; KEY_LEN]).unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&left).unwrap().set_modified(hour_ago).unwrap();
        let backend: Arc<dyn Backend> = Arc::new(SqliteBackend::open(&dir.path().join("t.db")).unwrap());
        let kms = LocalKms::open(&keys, backend).unwrap();
        assert!(!left.exists(), "the stale copy is removed");
        assert_eq!(kms.master_versions(), [1], "and was never taken for a key version");
    }

    fn seal(kms: &LocalKms) -> Vec<u8> {
        kms.seal(&tenant("a"), "page-index", "k1", b"excerpt").unwrap()
    }

    fn open(kms: &LocalKms, envelope: &[u8]) -> Result<Vec<u8>, KmsError> {
        kms.open_envelope(&tenant("a"), "page-index", "k1", envelope)
    }

    #[test]
    fn opens_what_it_sealed_in_the_same_slot() {
        let (_dir, kms) = kms();
        assert_eq!(open(&kms, &seal(&kms)).unwrap(), b"excerpt");
    }

    #[test]
    fn refuses_an_envelope_moved_to_another_tenant_or_key() {
        let (_dir, kms) = kms();
        let sealed = seal(&kms);
        assert!(matches!(kms.open_envelope(&tenant("b"), "page-index", "k1", &sealed), Err(KmsError::Unauthentic)));
        assert!(matches!(kms.open_envelope(&tenant("a"), "page-index", "k2", &sealed), Err(KmsError::Unauthentic)));
        assert!(matches!(kms.open_envelope(&tenant("a"), "other", "k1", &sealed), Err(KmsError::Unauthentic)));
    }

    #[test]
    fn a_flipped_bit_anywhere_in_nonce_ciphertext_or_tag_is_refused() {
        let (_dir, kms) = kms();
        let sealed = seal(&kms);
        // Every bit after the magic: nonce (12 bytes), ciphertext (7), tag (16).
        for byte in 4..sealed.len() {
            for bit in 0..8 {
                let mut tampered = sealed.clone();
                tampered[byte] ^= 1 << bit;
                assert!(matches!(open(&kms, &tampered), Err(KmsError::Unauthentic)), "byte {byte} bit {bit}");
            }
        }
        assert!(matches!(open(&kms, &sealed[..sealed.len() - 1]), Err(KmsError::Unauthentic)));
        assert!(matches!(open(&kms, b"SYN1"), Err(KmsError::Unauthentic)));
    }

    #[test]
    fn creates_the_master_key_file_readable_only_by_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, _kms) = kms();
        let meta = std::fs::metadata(dir.path().join("keys/master-v1.key")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), 32);
        let keys_dir = std::fs::metadata(dir.path().join("keys")).unwrap();
        assert_eq!(keys_dir.permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn an_uninstalled_tenant_has_no_key_and_its_envelopes_become_unreadable() {
        let (_dir, kms) = kms();
        let sealed = seal(&kms);
        assert!(kms.backend.uninstall(&tenant("a"), Tombstone { at_ms: 10, until_ms: 20, installed_by_ms: u64::MAX }).unwrap().is_some_and(|removed| removed.tenant));
        assert!(matches!(open(&kms, &sealed), Err(KmsError::NotInstalled(_))));
        // Reinstalling creates a new data key: the old envelope stays unreadable.
        kms.install(&tenant("a"), &TenantConfig::default(), 30, Some(30)).unwrap();
        assert!(matches!(open(&kms, &sealed), Err(KmsError::Unauthentic)));
    }

    #[test]
    fn rotation_rewraps_data_keys_and_old_envelopes_still_open() {
        let (dir, kms) = kms();
        let sealed = seal(&kms);
        let before = kms.backend.tenant(&tenant("a")).unwrap().unwrap().key;
        assert_eq!(kms.rotate().unwrap(), (2, 2));
        let after = kms.backend.tenant(&tenant("a")).unwrap().unwrap().key;
        assert_eq!((before.master_version, after.master_version), (1, 2));
        assert_ne!(before.bytes, after.bytes);
        assert_eq!(open(&kms, &sealed).unwrap(), b"excerpt", "data is not re-encrypted");
        assert_eq!(kms.master_versions(), vec![1, 2]);
        assert!(dir.path().join("keys/master-v2.key").is_file());
    }

    #[test]
    fn a_wrong_master_key_is_a_typed_error_not_garbage() {
        let (dir, kms) = kms();
        let sealed = seal(&kms);
        let backend = Arc::clone(&kms.backend);
        drop(kms);
        std::fs::write(dir.path().join("keys/master-v1.key"), [7u8; 32]).unwrap();
        let reopened = LocalKms::open(&dir.path().join("keys"), backend).unwrap();
        assert!(matches!(open(&reopened, &sealed), Err(KmsError::WrongMasterKey { version: 1, .. })));
    }

    #[test]
    fn refuses_to_seal_for_a_tenant_that_is_not_installed() {
        let (_dir, kms) = kms();
        assert!(matches!(kms.seal(&tenant("zed"), "page-index", "k", b"x"), Err(KmsError::NotInstalled(_))));
        assert!(matches!(kms.digest(&tenant("zed"), b"x"), Err(KmsError::NotInstalled(_))));
    }

    #[test]
    fn digests_are_keyed_per_tenant() {
        let (_dir, kms) = kms();
        let a = kms.digest(&tenant("a"), b"page 1001").unwrap();
        assert_eq!(a, kms.digest(&tenant("a"), b"page 1001").unwrap());
        assert_ne!(a, kms.digest(&tenant("b"), b"page 1001").unwrap());
        assert_eq!(a.len(), 64);
    }
}
