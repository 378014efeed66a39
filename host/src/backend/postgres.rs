//! The shared backend: PostgreSQL, for several stateless host replicas serving the same tenants.
//!
//! Every replica opens the same database and the same KMS key files; any replica can serve any
//! request. Audit appends take a per-tenant transaction-scoped advisory lock so two replicas never
//! fork a tenant's chain. Durability is PostgreSQL's default (`synchronous_commit = on`): a
//! commit is on disk when it returns.

use std::sync::{Mutex, MutexGuard};

use ::postgres::{Client, GenericClient, Row};

use super::postgres_tls::{self, PostgresTarget};
use super::{AnchorTag, AuditAnchor, AuditChain, AuditRow, Backend, BackendError, ChainHash, EmbedderConfig, Installed, Removed, TenantConfig, TenantRow, Tombstone, WrappedKey, to_i64, to_u64};
use crate::tenant::TenantId;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    tenant TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    region TEXT NOT NULL,
    master_version BIGINT NOT NULL,
    wrapped_key BYTEA NOT NULL,
    installed_ms BIGINT NOT NULL
);
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS account TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS plan TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS credential BYTEA;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS embedding_model TEXT NOT NULL DEFAULT 'offline';
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS embedding_dimensions BIGINT NOT NULL DEFAULT 256;
CREATE TABLE IF NOT EXISTS records (
    tenant TEXT NOT NULL,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    envelope BYTEA NOT NULL,
    expires_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant, namespace, key)
);
CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_ms);
CREATE TABLE IF NOT EXISTS audit (
    tenant TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    record TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (tenant, seq)
);
ALTER TABLE audit ADD COLUMN IF NOT EXISTS tag TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS audit_time ON audit (at_ms);
CREATE TABLE IF NOT EXISTS audit_anchor (
    tenant TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
ALTER TABLE audit_anchor ADD COLUMN IF NOT EXISTS tag TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS tombstones (
    tenant TEXT PRIMARY KEY,
    uninstalled_ms BIGINT NOT NULL,
    until_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS synco_schema (version BIGINT NOT NULL);
";

/// The version [`SCHEMA`] brings a database to; raise it with every change to `SCHEMA`. A replica
/// finding its version installed runs no DDL: `ALTER TABLE` takes an exclusive lock on its table
/// even when the column exists, so running it at every connect would stall a starting replica
/// behind any long transaction, and every other replica's requests behind it.
const SCHEMA_VERSION: i64 = 2;
/// The advisory lock replicas hold while migrating, so two never run the DDL at once ("Synco").
const SCHEMA_LOCK: i64 = 0x5379_6e63_6f00;
/// How long a migration waits for a table lock (PostgreSQL interval syntax).
const MIGRATION_LOCK_TIMEOUT: &str = "10s";

/// The PostgreSQL backend: one connection per host process, behind a mutex.
pub struct PostgresBackend {
    client: Mutex<Client>,
}

impl PostgresBackend {
    /// Connects (in the clear on this machine, over verified TLS off it: `postgres_tls`) and
    /// brings the schema to [`SCHEMA_VERSION`] if it is older.
    pub fn connect(target: &PostgresTarget) -> Result<PostgresBackend, BackendError> {
        let (config, tls) = postgres_tls::settle(target)?;
        let mut client = config.connect(tls)?;
        if installed_version(&mut client)? < SCHEMA_VERSION {
            // A replica of a version before `synco_schema` may be running the same DDL without the
            // lock; such a race fails one statement, and the retry finds the tables in place. Any
            // other failure (a lock timeout, say) is retried once too and then reported.
            if migrate(&mut client).is_err() {
                migrate(&mut client)?;
            }
        }
        Ok(PostgresBackend { client: Mutex::new(client) })
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The schema version recorded in the database (0 before any). Reads a catalog and one row; takes
/// no lock another session's work waits for.
fn installed_version(client: &mut impl GenericClient) -> Result<i64, BackendError> {
    let exists: bool = client.query_one("SELECT to_regclass('synco_schema') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        return Ok(0);
    }
    Ok(client.query_one("SELECT COALESCE(MAX(version), 0) FROM synco_schema", &[])?.try_get(0)?)
}

/// Runs [`SCHEMA`] and records its version, in one transaction under [`SCHEMA_LOCK`]: replicas
/// starting together take turns, and each finding the version current once it holds the lock
/// runs nothing; a failed migration leaves the database as it was. A table lock not granted
/// within [`MIGRATION_LOCK_TIMEOUT`] (a long transaction on it) fails the start rather than
/// queueing every other session behind this one.
fn migrate(client: &mut Client) -> Result<(), BackendError> {
    let mut tx = client.transaction()?;
    // Waiting for the advisory lock (another replica migrating) is unbounded; only table locks are.
    tx.query("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    tx.batch_execute(&format!("SET LOCAL lock_timeout = '{MIGRATION_LOCK_TIMEOUT}'"))?;
    if installed_version(&mut tx)? >= SCHEMA_VERSION {
        return Ok(tx.commit()?);
    }
    tx.batch_execute(SCHEMA)?;
    tx.execute("DELETE FROM synco_schema", &[])?;
    tx.execute("INSERT INTO synco_schema (version) VALUES ($1)", &[&SCHEMA_VERSION])?;
    Ok(tx.commit()?)
}

fn version(v: i64) -> Result<u32, BackendError> {
    u32::try_from(v).map_err(|_| BackendError::Corrupt(format!("master key version {v}")))
}

fn dimensions(v: i64) -> Result<u32, BackendError> {
    u32::try_from(v).map_err(|_| BackendError::Corrupt(format!("embedding dimensions {v}")))
}

/// The per-tenant lock an uninstall and an install checked against its tombstone both take, so
/// one runs wholly before the other. A hash collision only makes two tenants take turns.
const TENANT_INSTALL_LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext('synco-install:' || $1))";

const TENANT_COLUMNS: &str = "provider, model, region, account, plan, master_version, wrapped_key, installed_ms, credential, embedding_model, embedding_dimensions";

fn tenant_row(row: &Row) -> Result<TenantRow, BackendError> {
    Ok(TenantRow {
        config: TenantConfig {
            provider: row.try_get(0)?,
            model: row.try_get(1)?,
            region: row.try_get(2)?,
            account: row.try_get(3)?,
            plan: row.try_get(4)?,
            embedder: EmbedderConfig { model: row.try_get(9)?, dimensions: dimensions(row.try_get(10)?)? },
        },
        key: WrappedKey { master_version: version(row.try_get(5)?)?, bytes: row.try_get(6)? },
        installed_ms: to_u64(row.try_get(7)?),
        credential: row.try_get(8)?,
    })
}

fn audit_row(row: &Row) -> Result<AuditRow, BackendError> {
    Ok(AuditRow { seq: row.try_get(0)?, at_ms: row.try_get(1)?, record: row.try_get(2)?, prev_hash: row.try_get(3)?, hash: row.try_get(4)?, tag: row.try_get(5)? })
}

impl Backend for PostgresBackend {
    fn install(&self, tenant: &TenantId, row: &TenantRow, issued_ms: Option<u64>) -> Result<Installed, BackendError> {
        let c = &row.config;
        let issued = issued_ms.map(to_i64);
        let mut client = self.client();
        let mut tx = client.transaction()?;
        if issued.is_some() {
            // Taken by uninstalls too: the tombstone check below sees any uninstall that ran first,
            // and an uninstall waiting for this one then removes what it installed.
            tx.execute(TENANT_INSTALL_LOCK, &[&tenant.as_str()])?;
        }
        let inserted = tx.execute(
            &format!(
                "INSERT INTO tenants (tenant, {TENANT_COLUMNS})
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
                 WHERE $13::BIGINT IS NULL OR NOT EXISTS (SELECT 1 FROM tombstones WHERE tenant = $1 AND uninstalled_ms >= $13::BIGINT)
                 ON CONFLICT (tenant) DO NOTHING"
            ),
            &[
                &tenant.as_str(),
                &c.provider,
                &c.model,
                &c.region,
                &c.account,
                &c.plan,
                &i64::from(row.key.master_version),
                &row.key.bytes,
                &to_i64(row.installed_ms),
                &row.credential,
                &c.embedder.model,
                &i64::from(c.embedder.dimensions),
                &issued,
            ],
        )?;
        let outcome = match (inserted, issued) {
            (1, _) => Installed::Fresh,
            (_, None) => Installed::Already,
            (_, Some(issued)) => {
                let uninstalled = tx.query_opt("SELECT uninstalled_ms FROM tombstones WHERE tenant = $1 AND uninstalled_ms >= $2", &[&tenant.as_str(), &issued])?;
                match uninstalled {
                    Some(row) => Installed::Stale { uninstalled_ms: to_u64(row.try_get(0)?) },
                    None => Installed::Already,
                }
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    fn tenant(&self, tenant: &TenantId) -> Result<Option<TenantRow>, BackendError> {
        let row = self.client().query_opt(&format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE tenant = $1"), &[&tenant.as_str()])?;
        row.as_ref().map(tenant_row).transpose()
    }

    fn tenants(&self) -> Result<Vec<(TenantId, WrappedKey)>, BackendError> {
        let rows = self.client().query("SELECT tenant, master_version, wrapped_key FROM tenants ORDER BY tenant", &[])?;
        rows.iter()
            .map(|row| {
                let id = TenantId::new(row.try_get::<_, String>(0)?).map_err(|e| BackendError::Corrupt(e.to_string()))?;
                Ok((id, WrappedKey { master_version: version(row.try_get(1)?)?, bytes: row.try_get(2)? }))
            })
            .collect()
    }

    fn rewrap(&self, tenant: &TenantId, expected_version: u32, key: &WrappedKey) -> Result<bool, BackendError> {
        let changed = self.client().execute(
            "UPDATE tenants SET master_version = $1, wrapped_key = $2 WHERE tenant = $3 AND master_version = $4",
            &[&i64::from(key.master_version), &key.bytes, &tenant.as_str(), &i64::from(expected_version)],
        )?;
        Ok(changed == 1)
    }

    fn set_config(&self, tenant: &TenantId, c: &TenantConfig) -> Result<bool, BackendError> {
        let changed = self.client().execute(
            "UPDATE tenants SET provider = $1, model = $2, region = $3, account = $4, plan = $5, embedding_model = $6, embedding_dimensions = $7 WHERE tenant = $8",
            &[&c.provider, &c.model, &c.region, &c.account, &c.plan, &c.embedder.model, &i64::from(c.embedder.dimensions), &tenant.as_str()],
        )?;
        Ok(changed == 1)
    }

    fn set_credential(&self, tenant: &TenantId, sealed: Option<&[u8]>) -> Result<bool, BackendError> {
        let changed = self.client().execute("UPDATE tenants SET credential = $1 WHERE tenant = $2", &[&sealed, &tenant.as_str()])?;
        Ok(changed == 1)
    }

    fn uninstall(&self, tenant: &TenantId, tombstone: Tombstone) -> Result<Option<Removed>, BackendError> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        tx.execute(TENANT_INSTALL_LOCK, &[&tenant.as_str()])?;
        let installed: Option<i64> = tx.query_opt("SELECT installed_ms FROM tenants WHERE tenant = $1", &[&tenant.as_str()])?.map(|row| row.try_get(0)).transpose()?;
        if installed.is_some_and(|ms| to_u64(ms) > tombstone.installed_by_ms) {
            return Ok(None);
        }
        // The tenant's row first: its lock waits for puts already writing (they hold a key-share
        // lock on it), and the records are then deleted by a statement that sees their writes.
        let tenants = tx.execute("DELETE FROM tenants WHERE tenant = $1", &[&tenant.as_str()])?;
        let records = tx.execute("DELETE FROM records WHERE tenant = $1", &[&tenant.as_str()])?;
        tx.execute(
            "INSERT INTO tombstones (tenant, uninstalled_ms, until_ms) VALUES ($1, $2, $3)
             ON CONFLICT (tenant) DO UPDATE SET uninstalled_ms = GREATEST(tombstones.uninstalled_ms, excluded.uninstalled_ms),
                 until_ms = GREATEST(tombstones.until_ms, excluded.until_ms)",
            &[&tenant.as_str(), &to_i64(tombstone.at_ms), &to_i64(tombstone.until_ms)],
        )?;
        tx.commit()?;
        Ok(Some(Removed { tenant: tenants == 1, records }))
    }

    fn get(&self, tenant: &TenantId, namespace: &str, key: &str, now_ms: u64) -> Result<Option<Vec<u8>>, BackendError> {
        let row = self.client().query_opt(
            "SELECT envelope FROM records WHERE tenant = $1 AND namespace = $2 AND key = $3 AND expires_ms > $4",
            &[&tenant.as_str(), &namespace, &key, &to_i64(now_ms)],
        )?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    fn put(&self, tenant: &TenantId, namespace: &str, key: &str, envelope: &[u8], expires_ms: u64) -> Result<(), BackendError> {
        // The tenant's row is read with a key-share lock: an uninstall (which deletes that row
        // first) either finished before, and nothing is written, or waits for this write and
        // then deletes the record with the others. Other writes to the row are not held up.
        let written = self.client().execute(
            "WITH installed AS (SELECT tenant FROM tenants WHERE tenant = $1 FOR KEY SHARE)
             INSERT INTO records (tenant, namespace, key, envelope, expires_ms)
             SELECT tenant, $2, $3, $4, $5 FROM installed
             ON CONFLICT (tenant, namespace, key) DO UPDATE SET envelope = excluded.envelope, expires_ms = excluded.expires_ms",
            &[&tenant.as_str(), &namespace, &key, &envelope, &to_i64(expires_ms)],
        )?;
        if written == 0 {
            return Err(BackendError::NotInstalled(tenant.to_string()));
        }
        Ok(())
    }

    fn delete(&self, tenant: &TenantId, namespace: &str, key: &str) -> Result<(), BackendError> {
        self.client().execute("DELETE FROM records WHERE tenant = $1 AND namespace = $2 AND key = $3", &[&tenant.as_str(), &namespace, &key])?;
        Ok(())
    }

    fn list(&self, tenant: &TenantId, namespace: &str, prefix: &str, now_ms: u64, limit: usize) -> Result<Vec<String>, BackendError> {
        // `left(key, length(prefix)) = prefix` rather than LIKE: the prefix's own `%` or `_`
        // must not act as wildcards. COLLATE "C" orders keys bytewise, as SQLite does.
        let rows = self.client().query(
            "SELECT key FROM records WHERE tenant = $1 AND namespace = $2 AND left(key, length($3)) = $3
             AND expires_ms > $4 ORDER BY key COLLATE \"C\" LIMIT $5",
            &[&tenant.as_str(), &namespace, &prefix, &to_i64(now_ms), &to_i64(limit as u64)],
        )?;
        Ok(rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<String>, _>>()?)
    }

    fn purge_expired(&self, now_ms: u64) -> Result<u64, BackendError> {
        let mut client = self.client();
        client.execute("DELETE FROM tombstones WHERE until_ms <= $1", &[&to_i64(now_ms)])?;
        Ok(client.execute("DELETE FROM records WHERE expires_ms <= $1", &[&to_i64(now_ms)])?)
    }

    fn audit_append(&self, tenant: &TenantId, at_ms: u64, record: &str, hash: ChainHash<'_>) -> Result<(i64, String), BackendError> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock(hashtext('synco-audit:' || $1))", &[&tenant.as_str()])?;
        let last = tx.query_opt("SELECT seq, hash FROM audit WHERE tenant = $1 ORDER BY seq DESC LIMIT 1", &[&tenant.as_str()])?;
        let last = match last {
            Some(row) => Some(row),
            None => tx.query_opt("SELECT seq, hash FROM audit_anchor WHERE tenant = $1", &[&tenant.as_str()])?,
        };
        let (seq, prev) = match last {
            Some(row) => (row.try_get::<_, i64>(0)? + 1, row.try_get::<_, String>(1)?),
            None => (1, crate::audit::GENESIS.to_string()),
        };
        let this = hash(&prev, seq);
        tx.execute(
            "INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&tenant.as_str(), &seq, &to_i64(at_ms), &record, &prev, &this.hash, &this.tag],
        )?;
        tx.commit()?;
        Ok((seq, this.hash))
    }

    fn audit_chain(&self, tenant: &TenantId) -> Result<AuditChain, BackendError> {
        let mut client = self.client();
        let anchor = client.query_opt("SELECT seq, hash, tag FROM audit_anchor WHERE tenant = $1", &[&tenant.as_str()])?;
        let anchor = anchor.map(|r| Ok::<_, BackendError>(AuditAnchor { seq: r.try_get(0)?, hash: r.try_get(1)?, tag: r.try_get(2)? })).transpose()?;
        let rows = client.query("SELECT seq, at_ms, record, prev_hash, hash, tag FROM audit WHERE tenant = $1 ORDER BY seq", &[&tenant.as_str()])?;
        Ok(AuditChain { anchor, rows: rows.iter().map(audit_row).collect::<Result<_, _>>()? })
    }

    fn purge_audit(&self, before_ms: u64, anchor_tag: AnchorTag<'_>) -> Result<u64, BackendError> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let last = "SELECT a.seq, a.at_ms, a.record, a.prev_hash, a.hash, a.tag, a.tenant FROM audit a
                    WHERE a.seq = (SELECT max(seq) FROM audit b WHERE b.tenant = a.tenant AND b.at_ms < $1)";
        for row in tx.query(last, &[&to_i64(before_ms)])? {
            let (tenant, audit_row): (String, AuditRow) = (row.try_get(6)?, audit_row(&row)?);
            let Some(tag) = anchor_tag(&tenant, &audit_row) else { continue };
            tx.execute(
                "INSERT INTO audit_anchor (tenant, seq, hash, tag) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, tag = excluded.tag",
                &[&tenant, &audit_row.seq, &audit_row.hash, &tag],
            )?;
        }
        let deleted = tx.execute("DELETE FROM audit a USING audit_anchor n WHERE a.tenant = n.tenant AND a.seq <= n.seq", &[])?;
        tx.commit()?;
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::{SCHEMA, SCHEMA_VERSION};

    /// A database at a version runs no DDL, so a change to `SCHEMA` that keeps the version would
    /// never reach existing databases. This pins the schema text to its version: after changing
    /// `SCHEMA`, raise `SCHEMA_VERSION`, then `UPDATE_EXPECT=1` records the pair.
    #[test]
    fn a_schema_change_comes_with_a_new_schema_version() {
        let pinned = format!("version {SCHEMA_VERSION}, sha256 {}", hex::encode(Sha256::digest(SCHEMA.as_bytes())));
        expect_test::expect!["version 2, sha256 7c3888df03a1aaceaa0a79371230ed7e714ab6e0f12bf85488c46cc671039336"].assert_eq(&pinned);
    }
}
