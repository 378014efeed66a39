//! The embedded SQLite database: one file in `$SYNCO_HOME` holding sealed records, wrapped tenant
//! keys and the audit chain. Never a ticket or page body (promise P7).
//!
//! Durability: WAL journal (readers never block the writer) with `synchronous = FULL`, so a
//! committed audit record or wrapped key survives a power loss, not only a process crash. The write
//! volume (a few rows per sync) makes the extra fsync per commit irrelevant.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;
use thiserror::Error;

/// A database failure, without content.
#[derive(Debug, Error)]
#[error("database error: {0}")]
pub struct DbError(#[from] pub rusqlite::Error);

/// The shared connection. SQLite serialises writers anyway; one connection behind a mutex keeps
/// the embedded default simple and correct.
pub struct Db {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenant_keys (
    tenant TEXT PRIMARY KEY,
    master_version INTEGER NOT NULL,
    wrapped_key BLOB NOT NULL,
    created_ms INTEGER NOT NULL
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
    PRIMARY KEY (tenant, seq)
) WITHOUT ROWID;
";

impl Db {
    /// Opens (creating if needed) the database file and applies the schema.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db { conn: Mutex::new(conn) })
    }

    /// The connection, for one short operation. A poisoned lock (a panic elsewhere while holding
    /// it) is recovered: SQLite's own transactions keep the file consistent.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
