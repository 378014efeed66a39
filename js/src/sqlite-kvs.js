// Why this file exists: a real embedded database behind the Forge-shaped key-value interface, so
// the Node tests (and a self-hosted Node host) exercise the store on disk rather than an in-memory
// map. It keeps Forge KVS's rules — key format and length, 240 KiB per value, TTLs in Forge's
// `{value, unit}` form, `beginsWith` queries in key order with cursors, separate secret storage —
// and partitions rows by installation, as Forge does for each app installation. Expired rows are
// absent on read and removed by `purgeExpired`. Not for bundles: better-sqlite3 is a native addon.

import Database from 'better-sqlite3';

import { CREATE_ONLY, KvsError, MAX_QUERY_LIMIT, QueryBuilder, checkForgeKey, checkForgeValue, ttlMillis } from './kvs.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kvs (
  installation TEXT NOT NULL,
  secret INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (installation, secret, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kvs_expiry ON kvs (expires_at) WHERE expires_at IS NOT NULL;
`;

/** Forge-KVS-shaped storage in one SQLite file (better-sqlite3, WAL mode). */
export class SqliteKvs {
  /**
   * @param {string} path the database file (`:memory:` is refused: the point is a real file)
   * @param {{installation?: string, now?: () => number}} [options] `installation` partitions the
   *   rows like Forge's per-installation storage; `now` is the clock TTLs are measured on (ms).
   */
  constructor(path, { installation = 'default', now = Date.now } = {}) {
    if (!path || path === ':memory:') throw new TypeError('SqliteKvs needs a database file');
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.installation = installation;
    this.now = now;
    /** `set(key, value, {keyPolicy: 'FAIL_IF_EXISTS'})` is atomic: one insert. */
    this.createOnly = true;
    const live = '(expires_at IS NULL OR expires_at > @now)';
    this._get = this.db.prepare(`SELECT value FROM kvs WHERE installation = @inst AND secret = @secret AND key = @key AND ${live}`);
    this._set = this.db.prepare(
      'INSERT INTO kvs (installation, secret, key, value, expires_at) VALUES (@inst, @secret, @key, @value, @exp) ' +
        'ON CONFLICT (installation, secret, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    // Create-only in one statement: an expired row is replaced, a live one is left (no change).
    this._create = this.db.prepare(
      'INSERT INTO kvs (installation, secret, key, value, expires_at) VALUES (@inst, @secret, @key, @value, @exp) ' +
        'ON CONFLICT (installation, secret, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at ' +
        'WHERE kvs.expires_at IS NOT NULL AND kvs.expires_at <= @now',
    );
    this._delete = this.db.prepare('DELETE FROM kvs WHERE installation = @inst AND secret = @secret AND key = @key');
    this._query = this.db.prepare(
      `SELECT key, value FROM kvs WHERE installation = @inst AND secret = 0 AND key > @after ` +
        `AND substr(key, 1, length(@prefix)) = @prefix AND ${live} ORDER BY key LIMIT @limit`,
    );
    this._purge = this.db.prepare('DELETE FROM kvs WHERE expires_at IS NOT NULL AND expires_at <= @now');
    this._count = this.db.prepare('SELECT count(*) AS n FROM kvs WHERE installation = @inst AND substr(key, 1, length(@prefix)) = @prefix');
  }

  _read(key, secret) {
    checkForgeKey(key);
    const row = this._get.get({ inst: this.installation, secret, key, now: this.now() });
    return row ? JSON.parse(row.value) : undefined;
  }

  _write(key, value, options, secret) {
    checkForgeKey(key);
    checkForgeValue(value);
    const ttl = ttlMillis(options);
    const row = { inst: this.installation, secret, key, value: JSON.stringify(value), exp: ttl === null ? null : this.now() + ttl };
    if (options?.keyPolicy === CREATE_ONLY.keyPolicy) return this._createRow(row);
    this._set.run(row);
  }

  /** Inserts `row` unless its key has a live row: `KEY_CONFLICT`, as Forge answers. */
  _createRow(row) {
    if (this._create.run({ ...row, now: this.now() }).changes === 0) throw new KvsError('KEY_CONFLICT', `the key ${row.key} already exists`);
  }

  async get(key) {
    return this._read(key, 0);
  }

  async set(key, value, options) {
    this._write(key, value, options, 0);
  }

  async delete(key) {
    checkForgeKey(key);
    this._delete.run({ inst: this.installation, secret: 0, key });
  }

  /** `query().where('key', WhereConditions.beginsWith(p)).limit(n).cursor(c).getMany()`. */
  query() {
    return new QueryBuilder(async (prefix, limit, cursor) => {
      const n = Math.min(limit, MAX_QUERY_LIMIT);
      const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
      const rows = this._query.all({ inst: this.installation, after, prefix, now: this.now(), limit: n + 1 });
      const results = rows.slice(0, n).map((r) => ({ key: r.key, value: JSON.parse(r.value) }));
      const more = rows.length > n;
      return more ? { results, nextCursor: Buffer.from(results[results.length - 1].key, 'utf8').toString('base64url') } : { results };
    });
  }

  async getSecret(key) {
    return this._read(key, 1);
  }

  async setSecret(key, value, options) {
    this._write(key, value, options, 1);
  }

  async deleteSecret(key) {
    checkForgeKey(key);
    this._delete.run({ inst: this.installation, secret: 1, key });
  }

  /** Deletes every expired row (of every installation); returns how many. */
  purgeExpired() {
    return this._purge.run({ now: this.now() }).changes;
  }

  /** Rows of this installation whose key starts with `prefix`, expired or not (for tests). */
  rowCount(prefix = '') {
    return this._count.get({ inst: this.installation, prefix }).n;
  }

  close() {
    this.db.close();
  }
}
