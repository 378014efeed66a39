//! The embedded backend: one SQLite file in `$SYNCO_HOME`.
//!
//! Durability: WAL journal (readers never block the writer) with `synchronous = FULL`, so a
//! committed audit record or wrapped key survives a power loss, not only a process crash (in WAL
//! mode, `NORMAL` may lose the last commits on power loss). The write volume — a few rows per
//! sync — makes the extra fsync per commit (about 0.5 ms) irrelevant.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};

use super::{AnchorTag, AuditAnchor, AuditChain, AuditRow, Backend, BackendError, ChainHash, EmbedderConfig, Installed, Removed, TenantConfig, TenantRow, Tombstone, WrappedKey, to_i64, to_u64};
use crate::tenant::TenantId;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    tenant TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    region TEXT NOT NULL,
    master_version INTEGER NOT NULL,
    wrapped_key BLOB NOT NULL,
    installed_ms INTEGER NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT 'standard',
    credential BLOB,
    embedding_model TEXT NOT NULL DEFAULT 'offline',
    embedding_dimensions INTEGER NOT NULL DEFAULT 256
);
CREATE TABLE IF NOT EXISTS records (
    tenant TEXT NOT NULL,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    envelope BLOB NOT NULL,
    expires_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant, namespace, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_ms);
CREATE TABLE IF NOT EXISTS audit (
    tenant TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    record TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    tag TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_time ON audit (at_ms);
CREATE TABLE IF NOT EXISTS tombstones (
    tenant TEXT PRIMARY KEY,
    uninstalled_ms INTEGER NOT NULL,
    until_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_anchor (
    tenant TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    tag TEXT NOT NULL DEFAULT ''
);
";

/// Records an uninstall's tombstone; of two (replicas whose clocks differ), the later times win.
const REMEMBER_UNINSTALL: &str = "INSERT INTO tombstones (tenant, uninstalled_ms, until_ms) VALUES (?1, ?2, ?3)
     ON CONFLICT (tenant) DO UPDATE SET uninstalled_ms = max(uninstalled_ms, excluded.uninstalled_ms), until_ms = max(until_ms, excluded.until_ms)";

/// The SQLite backend. SQLite serialises writers anyway; one connection behind a mutex keeps the
/// embedded default simple and correct.
pub struct SqliteBackend {
    conn: Mutex<Connection>,
}

impl SqliteBackend {
    /// Opens (creating if needed) the database file and applies the schema.
    pub fn open(path: &Path) -> Result<SqliteBackend, BackendError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Deleted rows are overwritten with zeros, not left in free pages: an uninstalled
        // tenant's wrapped key and configuration, or an expired record, must not be recoverable
        // from the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        add_missing_columns(&conn)?;
        Ok(SqliteBackend { conn: Mutex::new(conn) })
    }

    /// The connection, for one short operation. A poisoned lock (a panic elsewhere while holding
    /// it) is recovered: SQLite's own transactions keep the file consistent.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Databases created before the tenant's account, plan, credential and embedder existed get the
/// columns (an existing tenant keeps the offline embedder it was using), and those created before
/// audit tags get an empty tag, which the verifier reports.
fn add_missing_columns(conn: &Connection) -> Result<(), BackendError> {
    let tenants = [
        ("account", "TEXT NOT NULL DEFAULT ''"),
        ("plan", "TEXT NOT NULL DEFAULT 'standard'"),
        ("credential", "BLOB"),
        ("embedding_model", "TEXT NOT NULL DEFAULT 'offline'"),
        ("embedding_dimensions", "INTEGER NOT NULL DEFAULT 256"),
    ];
    let tag = [("tag", "TEXT NOT NULL DEFAULT ''")];
    for (table, columns) in [("tenants", &tenants[..]), ("audit", &tag[..]), ("audit_anchor", &tag[..])] {
        let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let present: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        for (name, definition) in columns.iter().filter(|(name, _)| !present.iter().any(|c| c == name)) {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {name} {definition}"))?;
        }
    }
    Ok(())
}

const TENANT_COLUMNS: &str = "provider, model, region, account, plan, master_version, wrapped_key, installed_ms, credential, embedding_model, embedding_dimensions";

fn tenant_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TenantRow> {
    Ok(TenantRow {
        config: TenantConfig {
            provider: row.get(0)?,
            model: row.get(1)?,
            region: row.get(2)?,
            account: row.get(3)?,
            plan: row.get(4)?,
            embedder: EmbedderConfig { model: row.get(9)?, dimensions: row.get(10)? },
        },
        key: WrappedKey { master_version: row.get(5)?, bytes: row.get(6)? },
        installed_ms: to_u64(row.get(7)?),
        credential: row.get(8)?,
    })
}

impl Backend for SqliteBackend {
    fn install(&self, tenant: &TenantId, row: &TenantRow, issued_ms: Option<u64>) -> Result<Installed, BackendError> {
        let c = &row.config;
        let conn = self.conn();
        // One statement: the tombstone check and the insert happen under the same write lock as
        // an uninstall's transaction, before or after it, never between.
        let inserted = conn.execute(
            &format!(
                "INSERT OR IGNORE INTO tenants (tenant, {TENANT_COLUMNS})
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                 WHERE ?13 IS NULL OR NOT EXISTS (SELECT 1 FROM tombstones WHERE tenant = ?1 AND uninstalled_ms >= ?13)"
            ),
            params![
                tenant.as_str(),
                c.provider,
                c.model,
                c.region,
                c.account,
                c.plan,
                row.key.master_version,
                row.key.bytes,
                to_i64(row.installed_ms),
                row.credential,
                c.embedder.model,
                c.embedder.dimensions,
                issued_ms.map(to_i64)
            ],
        )?;
        if inserted == 1 {
            return Ok(Installed::Fresh);
        }
        let Some(issued_ms) = issued_ms else { return Ok(Installed::Already) };
        let uninstalled: Option<i64> = conn
            .query_row(
                "SELECT uninstalled_ms FROM tombstones WHERE tenant = ?1 AND uninstalled_ms >= ?2",
                params![tenant.as_str(), to_i64(issued_ms)],
                |row| row.get(0),
            )
            .optional()?;
        Ok(uninstalled.map_or(Installed::Already, |at| Installed::Stale { uninstalled_ms: to_u64(at) }))
    }

    fn tenant(&self, tenant: &TenantId) -> Result<Option<TenantRow>, BackendError> {
        let row = self
            .conn()
            .query_row(&format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE tenant = ?1"), params![tenant.as_str()], tenant_row)
            .optional()?;
        Ok(row)
    }

    fn tenants(&self) -> Result<Vec<(TenantId, WrappedKey)>, BackendError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT tenant, master_version, wrapped_key FROM tenants ORDER BY tenant")?;
        let rows = stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, WrappedKey { master_version: row.get(1)?, bytes: row.get(2)? })))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, key) = row?;
            out.push((TenantId::new(id).map_err(|e| BackendError::Corrupt(e.to_string()))?, key));
        }
        Ok(out)
    }

    fn rewrap(&self, tenant: &TenantId, expected_version: u32, key: &WrappedKey) -> Result<bool, BackendError> {
        let changed = self.conn().execute(
            "UPDATE tenants SET master_version = ?1, wrapped_key = ?2 WHERE tenant = ?3 AND master_version = ?4",
            params![key.master_version, key.bytes, tenant.as_str(), expected_version],
        )?;
        Ok(changed == 1)
    }

    fn set_config(&self, tenant: &TenantId, c: &TenantConfig) -> Result<bool, BackendError> {
        let changed = self.conn().execute(
            "UPDATE tenants SET provider = ?1, model = ?2, region = ?3, account = ?4, plan = ?5, embedding_model = ?6, embedding_dimensions = ?7 WHERE tenant = ?8",
            params![c.provider, c.model, c.region, c.account, c.plan, c.embedder.model, c.embedder.dimensions, tenant.as_str()],
        )?;
        Ok(changed == 1)
    }

    fn set_credential(&self, tenant: &TenantId, sealed: Option<&[u8]>) -> Result<bool, BackendError> {
        let changed = self.conn().execute("UPDATE tenants SET credential = ?1 WHERE tenant = ?2", params![sealed, tenant.as_str()])?;
        Ok(changed == 1)
    }

    fn uninstall(&self, tenant: &TenantId, tombstone: Tombstone) -> Result<Option<Removed>, BackendError> {
        let mut conn = self.conn();
        // IMMEDIATE: the install time is read under the write lock the removal holds.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let installed: Option<i64> = tx.query_row("SELECT installed_ms FROM tenants WHERE tenant = ?1", params![tenant.as_str()], |row| row.get(0)).optional()?;
        if installed.is_some_and(|ms| to_u64(ms) > tombstone.installed_by_ms) {
            return Ok(None);
        }
        let records = tx.execute("DELETE FROM records WHERE tenant = ?1", params![tenant.as_str()])?;
        let tenants = tx.execute("DELETE FROM tenants WHERE tenant = ?1", params![tenant.as_str()])?;
        tx.execute(REMEMBER_UNINSTALL, params![tenant.as_str(), to_i64(tombstone.at_ms), to_i64(tombstone.until_ms)])?;
        tx.commit()?;
        // The deleted pages' earlier images live on in the write-ahead log until a checkpoint:
        // copy them back (zeroed) and empty the log now. Best effort: a reader holding the log
        // open makes it partial, and the next checkpoint completes it.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(Some(Removed { tenant: tenants == 1, records: records as u64 }))
    }

    fn get(&self, tenant: &TenantId, namespace: &str, key: &str, now_ms: u64) -> Result<Option<Vec<u8>>, BackendError> {
        let row = self
            .conn()
            .query_row(
                "SELECT envelope FROM records WHERE tenant = ?1 AND namespace = ?2 AND key = ?3 AND expires_ms > ?4",
                params![tenant.as_str(), namespace, key, to_i64(now_ms)],
                |row| row.get(0),
            )
            .optional()?;
        Ok(row)
    }

    fn put(&self, tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8], expires_ms: u64) -> Result<(), BackendError> {
        // One statement: the write and the check that the tenant is installed happen under the
        // same write lock as an uninstall's transaction, before or after it, never between.
        let written = self.conn().execute(
            "INSERT INTO records (tenant, namespace, key, envelope, expires_ms)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM tenants WHERE tenant = ?1)
             ON CONFLICT (tenant, namespace, key) DO UPDATE SET envelope = excluded.envelope, expires_ms = excluded.expires_ms",
            params![tenant.as_str(), namespace, key, envelope, to_i64(expires_ms)],
        )?;
        if written == 0 {
            return Err(BackendError::NotInstalled(tenant.to_string()));
        }
        Ok(())
    }

    fn delete(&self, tenant: &TenantId, namespace: &str, key: &str) -> Result<(), BackendError> {
        self.conn().execute("DELETE FROM records WHERE tenant = ?1 AND namespace = ?2 AND key = ?3", params![tenant.as_str(), namespace, key])?;
        Ok(())
    }

    fn list(&self, tenant: &TenantId, namespace: &str, prefix: &str, now_ms: u64, limit: usize) -> Result<Vec<String>, BackendError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT key FROM records WHERE tenant = ?1 AND namespace = ?2 AND substr(key, 1, length(?3)) = ?3
             AND expires_ms > ?4 ORDER BY key LIMIT ?5",
        )?;
        let rows = stmt.query_map(params![tenant.as_str(), namespace, prefix, to_i64(now_ms), to_i64(limit as u64)], |row| row.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    }

    fn purge_expired(&self, now_ms: u64) -> Result<u64, BackendError> {
        let conn = self.conn();
        let purged = conn.execute("DELETE FROM records WHERE expires_ms <= ?1", params![to_i64(now_ms)])? as u64;
        conn.execute("DELETE FROM tombstones WHERE until_ms <= ?1", params![to_i64(now_ms)])?;
        if purged > 0 {
            // As after an uninstall: expired records leave no image behind in the log.
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        Ok(purged)
    }

    fn audit_append(&self, tenant: &TenantId, at_ms: u64, record: &str, hash: ChainHash<'_>) -> Result<(i64, String), BackendError> {
        let mut conn = self.conn();
        // IMMEDIATE takes the write lock before reading the chain's tail, so two processes
        // sharing the file cannot both append the same sequence number.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row("SELECT seq, hash FROM audit WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1", params![tenant.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let last = match last {
            Some(last) => Some(last),
            None => tx.query_row("SELECT seq, hash FROM audit_anchor WHERE tenant = ?1", params![tenant.as_str()], |row| Ok((row.get(0)?, row.get(1)?))).optional()?,
        };
        let (seq, prev) = last.map_or((1, crate::audit::GENESIS.to_string()), |(seq, h)| (seq + 1, h));
        let this = hash(&prev, seq);
        tx.execute(
            "INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![tenant.as_str(), seq, to_i64(at_ms), record, prev, this.hash, this.tag],
        )?;
        tx.commit()?;
        Ok((seq, this.hash))
    }

    fn audit_chain(&self, tenant: &TenantId) -> Result<AuditChain, BackendError> {
        let conn = self.conn();
        let anchor = conn
            .query_row("SELECT seq, hash, tag FROM audit_anchor WHERE tenant = ?1", params![tenant.as_str()], |row| {
                Ok(AuditAnchor { seq: row.get(0)?, hash: row.get(1)?, tag: row.get(2)? })
            })
            .optional()?;
        let mut stmt = conn.prepare("SELECT seq, at_ms, record, prev_hash, hash, tag FROM audit WHERE tenant = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![tenant.as_str()], |row| {
            Ok(AuditRow { seq: row.get(0)?, at_ms: row.get(1)?, record: row.get(2)?, prev_hash: row.get(3)?, hash: row.get(4)?, tag: row.get(5)? })
        })?;
        Ok(AuditChain { anchor, rows: rows.collect::<Result<Vec<_>, _>>()? })
    }

    fn purge_audit(&self, before_ms: u64, anchor_tag: AnchorTag<'_>) -> Result<u64, BackendError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // The last record written before the horizon, per tenant: everything up to it goes, and
        // it becomes the anchor the remaining chain is verified from.
        let anchors: Vec<(String, AuditRow)> = tx
            .prepare(
                "SELECT a.tenant, a.seq, a.at_ms, a.record, a.prev_hash, a.hash, a.tag FROM audit a
                 WHERE a.seq = (SELECT max(seq) FROM audit b WHERE b.tenant = a.tenant AND b.at_ms < ?1)",
            )?
            .query_map(params![to_i64(before_ms)], |row| {
                let audit_row = AuditRow { seq: row.get(1)?, at_ms: row.get(2)?, record: row.get(3)?, prev_hash: row.get(4)?, hash: row.get(5)?, tag: row.get(6)? };
                Ok((row.get(0)?, audit_row))
            })?
            .collect::<Result<_, _>>()?;
        for (tenant, row) in &anchors {
            let Some(tag) = anchor_tag(tenant, row) else { continue };
            tx.execute(
                "INSERT INTO audit_anchor (tenant, seq, hash, tag) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, tag = excluded.tag",
                params![tenant, row.seq, row.hash, tag],
            )?;
        }
        let deleted = tx.execute("DELETE FROM audit WHERE seq <= (SELECT seq FROM audit_anchor WHERE audit_anchor.tenant = audit.tenant)", [])?;
        tx.commit()?;
        Ok(deleted as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_from_before_embedders_keeps_its_tenants_on_the_offline_embedder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE tenants (tenant TEXT PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, region TEXT NOT NULL,
                master_version INTEGER NOT NULL, wrapped_key BLOB NOT NULL, installed_ms INTEGER NOT NULL);
             INSERT INTO tenants VALUES ('acme', 'openai', 'gpt-4o', 'global', 1, x'00', 5);",
        )
        .unwrap();
        drop(conn);
        let backend = SqliteBackend::open(&path).unwrap();
        let acme = TenantId::new("acme").unwrap();
        let row = backend.tenant(&acme).unwrap().unwrap();
        assert_eq!((row.config.provider.as_str(), &row.config.embedder), ("openai", &EmbedderConfig::default()));
        let config = TenantConfig { embedder: EmbedderConfig { model: "text-embedding-3-small".into(), dimensions: 1536 }, ..row.config };
        assert!(backend.set_config(&acme, &config).unwrap());
        assert_eq!(backend.tenant(&acme).unwrap().unwrap().config, config);
    }

    #[test]
    fn audit_records_from_before_tags_read_back_untagged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE audit (tenant TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, record TEXT NOT NULL,
                    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (tenant, seq)) WITHOUT ROWID;
                 CREATE TABLE audit_anchor (tenant TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
                 INSERT INTO audit VALUES ('acme', 1, 5, '{}', 'p', 'h');
                 INSERT INTO audit_anchor VALUES ('acme', 0, 'p');",
            )
            .unwrap();
        let chain = SqliteBackend::open(&path).unwrap().audit_chain(&TenantId::new("acme").unwrap()).unwrap();
        assert_eq!((chain.rows[0].tag.as_str(), chain.anchor.map(|a| a.tag)), ("", Some(String::new())));
    }
}
