//! The local KMS (promise P3): envelope encryption with AES-256-GCM.
//!
//! A master key lives in a key file (created on first use, mode 0600, in a 0700 directory). Each
//! tenant has a random 256-bit data key, stored only wrapped (encrypted) by the master key. Records
//! are sealed under the tenant's data key with associated data that binds the tenant, the record's
//! namespace and its key, so an envelope opens only in the slot it was sealed for. Keyed digests
//! use HMAC-SHA256 under a per-tenant key derived from the data key with HKDF. Key material is
//! zeroized when dropped; the guest never sees any of it.
//!
//! Envelope layout: `"SYN1"` ‖ 12-byte nonce (from the OS) ‖ AES-GCM ciphertext and tag.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rusqlite::{OptionalExtension, params};
use sha2::Sha256;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::db::{Db, DbError};
use crate::entropy::os_random;
use crate::tenant::TenantId;

const ENVELOPE_MAGIC: &[u8; 4] = b"SYN1";
const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;
/// The largest plaintext the KMS seals: 1 MiB, ample for an excerpt and its embedding.
pub const MAX_PLAINTEXT: usize = 1024 * 1024;
/// The version of the master key this build creates and uses.
const MASTER_VERSION: u32 = 1;

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
    /// The key database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for KmsError {
    fn from(e: rusqlite::Error) -> Self {
        KmsError::Db(DbError(e))
    }
}

type SecretKey = Zeroizing<[u8; KEY_LEN]>;

/// The local KMS backend.
pub struct LocalKms {
    master: SecretKey,
    db: Arc<Db>,
}

impl LocalKms {
    /// Opens the KMS whose master key lives in `keys_dir`, creating the key on first use.
    pub fn open(keys_dir: &Path, db: Arc<Db>) -> Result<LocalKms, KmsError> {
        let path = keys_dir.join(format!("master-v{MASTER_VERSION}.key"));
        let master = load_or_create_master(keys_dir, &path)?;
        Ok(LocalKms { master, db })
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
        let body = envelope.strip_prefix(ENVELOPE_MAGIC.as_slice()).ok_or(KmsError::Unauthentic)?;
        if body.len() < NONCE_LEN {
            return Err(KmsError::Unauthentic);
        }
        let (nonce, ciphertext) = body.split_at(NONCE_LEN);
        let data_key = self.existing_data_key(tenant)?.ok_or(KmsError::Unauthentic)?;
        decrypt(&data_key, nonce, ciphertext, &record_aad(tenant, namespace, key))
    }

    /// HMAC-SHA256 of `data` under `tenant`'s digest key, as lowercase hex.
    pub fn digest(&self, tenant: &TenantId, data: &[u8]) -> Result<String, KmsError> {
        if data.len() > MAX_PLAINTEXT {
            return Err(KmsError::TooLarge(MAX_PLAINTEXT as u64));
        }
        let data_key = self.data_key(tenant)?;
        let digest_key = derive(&data_key, b"synco digest key v1");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(digest_key.as_slice()).map_err(|_| KmsError::Unauthentic)?;
        mac.update(data);
        Ok(hex::encode(mac.finalize().into_bytes()))
    }

    /// Deletes `tenant`'s data key. Every envelope sealed for the tenant, wherever a copy
    /// survives, becomes unreadable.
    pub fn forget_tenant(&self, tenant: &TenantId) -> Result<bool, KmsError> {
        let deleted = self.db.conn().execute("DELETE FROM tenant_keys WHERE tenant = ?1", params![tenant.as_str()])?;
        Ok(deleted > 0)
    }

    /// The tenant's data key, created (and stored wrapped) on first use.
    fn data_key(&self, tenant: &TenantId) -> Result<SecretKey, KmsError> {
        if let Some(key) = self.existing_data_key(tenant)? {
            return Ok(key);
        }
        let fresh: SecretKey = Zeroizing::new(to_key(&os_random(KEY_LEN)));
        let nonce = os_random(NONCE_LEN);
        let mut wrapped = nonce.clone();
        wrapped.extend(encrypt(&self.master, &nonce, fresh.as_slice(), &dek_aad(tenant))?);
        // INSERT OR IGNORE: if another process created the key first, use theirs.
        self.db.conn().execute(
            "INSERT OR IGNORE INTO tenant_keys (tenant, master_version, wrapped_key, created_ms) VALUES (?1, ?2, ?3, ?4)",
            params![tenant.as_str(), MASTER_VERSION, wrapped, now_ms()],
        )?;
        self.existing_data_key(tenant)?.ok_or(KmsError::Unauthentic)
    }

    fn existing_data_key(&self, tenant: &TenantId) -> Result<Option<SecretKey>, KmsError> {
        let wrapped: Option<Vec<u8>> = self
            .db
            .conn()
            .query_row("SELECT wrapped_key FROM tenant_keys WHERE tenant = ?1", params![tenant.as_str()], |row| row.get(0))
            .optional()?;
        let Some(wrapped) = wrapped else { return Ok(None) };
        if wrapped.len() < NONCE_LEN {
            return Err(KmsError::Unauthentic);
        }
        let (nonce, ciphertext) = wrapped.split_at(NONCE_LEN);
        let plain = Zeroizing::new(decrypt(&self.master, nonce, ciphertext, &dek_aad(tenant))?);
        if plain.len() != KEY_LEN {
            return Err(KmsError::Unauthentic);
        }
        Ok(Some(Zeroizing::new(to_key(&plain))))
    }
}

fn load_or_create_master(dir: &Path, path: &Path) -> Result<SecretKey, KmsError> {
    let bad = |reason: String| KmsError::MasterKey { path: path.to_path_buf(), reason };
    crate::fsutil::create_private_dir(dir).map_err(|e| bad(e.to_string()))?;
    if !path.exists() {
        let fresh = Zeroizing::new(os_random(KEY_LEN));
        match crate::fsutil::create_new_private(path, &fresh) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(bad(e.to_string())),
        }
    }
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| bad(e.to_string()))?);
    if bytes.len() != KEY_LEN {
        return Err(bad(format!("expected {KEY_LEN} bytes, found {}", bytes.len())));
    }
    Ok(Zeroizing::new(to_key(&bytes)))
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

fn dek_aad(tenant: &TenantId) -> Vec<u8> {
    length_prefixed(&[b"synco data key v1", tenant.as_str().as_bytes(), &MASTER_VERSION.to_be_bytes()])
}

fn length_prefixed(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(&(part.len() as u32).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kms() -> (tempfile::TempDir, LocalKms) {
        let dir = tempfile::tempdir().unwrap();
        let db = Arc::new(Db::open(&dir.path().join("t.db")).unwrap());
        let kms = LocalKms::open(&dir.path().join("keys"), db).unwrap();
        (dir, kms)
    }

    fn tenant(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    #[test]
    fn opens_what_it_sealed_in_the_same_slot() {
        let (_dir, kms) = kms();
        let sealed = kms.seal(&tenant("a"), "page-index", "k1", b"excerpt").unwrap();
        assert_eq!(kms.open_envelope(&tenant("a"), "page-index", "k1", &sealed).unwrap(), b"excerpt");
    }

    #[test]
    fn refuses_an_envelope_moved_to_another_tenant_or_key() {
        let (_dir, kms) = kms();
        let sealed = kms.seal(&tenant("a"), "page-index", "k1", b"excerpt").unwrap();
        kms.seal(&tenant("b"), "page-index", "k1", b"x").unwrap();
        assert!(matches!(kms.open_envelope(&tenant("b"), "page-index", "k1", &sealed), Err(KmsError::Unauthentic)));
        assert!(matches!(kms.open_envelope(&tenant("a"), "page-index", "k2", &sealed), Err(KmsError::Unauthentic)));
        assert!(matches!(kms.open_envelope(&tenant("a"), "other", "k1", &sealed), Err(KmsError::Unauthentic)));
    }

    #[test]
    fn refuses_a_tampered_envelope() {
        let (_dir, kms) = kms();
        let mut sealed = kms.seal(&tenant("a"), "page-index", "k1", b"excerpt").unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(matches!(kms.open_envelope(&tenant("a"), "page-index", "k1", &sealed), Err(KmsError::Unauthentic)));
    }

    #[test]
    fn creates_the_master_key_file_readable_only_by_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, _kms) = kms();
        let meta = std::fs::metadata(dir.path().join("keys/master-v1.key")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), 32);
    }

    #[test]
    fn forgetting_a_tenant_makes_its_envelopes_unreadable() {
        let (_dir, kms) = kms();
        let sealed = kms.seal(&tenant("a"), "page-index", "k1", b"excerpt").unwrap();
        assert!(kms.forget_tenant(&tenant("a")).unwrap());
        assert!(matches!(kms.open_envelope(&tenant("a"), "page-index", "k1", &sealed), Err(KmsError::Unauthentic)));
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
