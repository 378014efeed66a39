//! The audit trail (promise P8): one record per AI call, metadata only, never content. Records
//! of a tenant form a hash chain: each stores the sha256 of the previous one, so an edited,
//! deleted, inserted or reordered record breaks the chain and [`AuditLog::verify`] says where.

use std::sync::Arc;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::db::{Db, DbError};
use crate::tenant::TenantId;

/// The hash that precedes a tenant's first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one AI call leaves behind. No field may carry content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The provider name (`offline`, …).
    pub provider: String,
    /// The model name.
    pub model: String,
    /// The region the call was served from.
    pub region: String,
    /// Lowercase hex sha256 of the exact request body.
    pub request_digest: String,
    /// Input tokens (as reported, or estimated by the provider client).
    pub input_tokens: u32,
    /// Output tokens.
    pub output_tokens: u32,
    /// Values redacted from the request.
    pub redactions: u32,
    /// `ok` or the error kind.
    pub outcome: String,
}

/// Where the chain of a tenant is broken.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AuditBreak {
    /// A record's content does not match its hash (it was edited).
    #[error("record {0} was edited: its content does not match its hash")]
    Edited(i64),
    /// A record does not point at its predecessor (one was deleted, inserted or reordered).
    #[error("the chain breaks before record {0}: a record was deleted, inserted or reordered")]
    Broken(i64),
}

/// Why the audit log could not be used.
#[derive(Debug, Error)]
pub enum AuditError {
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A stored record is not valid JSON.
    #[error("audit record {0} is unreadable")]
    Unreadable(i64),
}

impl From<rusqlite::Error> for AuditError {
    fn from(e: rusqlite::Error) -> Self {
        AuditError::Db(DbError(e))
    }
}

/// The audit log of all tenants.
pub struct AuditLog {
    db: Arc<Db>,
}

impl AuditLog {
    /// The log over `db`.
    pub fn new(db: Arc<Db>) -> AuditLog {
        AuditLog { db }
    }

    /// Appends `entry` to `tenant`'s chain at time `at_ms`; returns the record id
    /// (`<seq>-<first 16 hex of its hash>`).
    pub fn append(&self, tenant: &TenantId, at_ms: u64, entry: &AuditEntry) -> Result<String, AuditError> {
        let record = serde_json::to_string(entry).map_err(|_| AuditError::Unreadable(-1))?;
        let mut conn = self.db.conn();
        let tx = conn.transaction()?;
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT seq, hash FROM audit WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1",
                params![tenant.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(seq, hash)| (seq + 1, hash));
        let at = i64::try_from(at_ms).unwrap_or(i64::MAX);
        let hash = chain_hash(&prev, tenant, seq, at, &record);
        tx.execute(
            "INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![tenant.as_str(), seq, at, record, prev, hash],
        )?;
        tx.commit()?;
        Ok(format!("{seq}-{}", &hash[..16]))
    }

    /// Checks `tenant`'s chain from the first record; returns the number of records, or where
    /// it breaks.
    pub fn verify(&self, tenant: &TenantId) -> Result<Result<usize, AuditBreak>, AuditError> {
        let conn = self.db.conn();
        let mut stmt = conn.prepare("SELECT seq, at_ms, record, prev_hash, hash FROM audit WHERE tenant = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![tenant.as_str()], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?, row.get::<_, String>(4)?))
        })?;
        let mut expected_prev = GENESIS.to_string();
        let mut count = 0;
        for row in rows {
            let (seq, at, record, prev, hash) = row?;
            if prev != expected_prev || seq != count as i64 + 1 {
                return Ok(Err(AuditBreak::Broken(seq)));
            }
            if chain_hash(&prev, tenant, seq, at, &record) != hash {
                return Ok(Err(AuditBreak::Edited(seq)));
            }
            expected_prev = hash;
            count += 1;
        }
        Ok(Ok(count))
    }
}

fn chain_hash(prev: &str, tenant: &TenantId, seq: i64, at_ms: i64, record: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [prev.as_bytes(), tenant.as_str().as_bytes(), &seq.to_be_bytes(), &at_ms.to_be_bytes(), record.as_bytes()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u32) -> AuditEntry {
        AuditEntry {
            provider: "offline".into(),
            model: "offline-template".into(),
            region: "local".into(),
            request_digest: "ab".repeat(32),
            input_tokens: n,
            output_tokens: 2,
            redactions: 3,
            outcome: "ok".into(),
        }
    }

    fn log_with(n: u32) -> (tempfile::TempDir, Arc<Db>, AuditLog, TenantId) {
        let dir = tempfile::tempdir().unwrap();
        let db = Arc::new(Db::open(&dir.path().join("t.db")).unwrap());
        let log = AuditLog::new(Arc::clone(&db));
        let tenant = TenantId::new("a").unwrap();
        for i in 0..n {
            log.append(&tenant, 1000 + u64::from(i), &entry(i)).unwrap();
        }
        (dir, db, log, tenant)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let (_d, _db, log, tenant) = log_with(4);
        assert_eq!(log.verify(&tenant).unwrap(), Ok(4));
    }

    #[test]
    fn detects_an_edited_record() {
        let (_d, db, log, tenant) = log_with(4);
        db.conn().execute("UPDATE audit SET record = replace(record, '\"redactions\":3', '\"redactions\":0') WHERE seq = 2", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Edited(2)));
    }

    #[test]
    fn detects_a_deleted_record() {
        let (_d, db, log, tenant) = log_with(4);
        db.conn().execute("DELETE FROM audit WHERE seq = 3", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Broken(4)));
    }
}
