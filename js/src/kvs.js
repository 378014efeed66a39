// Why this file exists: the key-value layer under the `store` capability, shaped like Forge KVS
// (`@forge/kvs`: `get`, `set(key, value, {ttl})`, `delete`, `query().where('key',
// WhereConditions.beginsWith(p)).limit(n).cursor(c).getMany()`), with Forge's limits:
//
// - keys: 1 to 500 characters matching /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ (Forge KVS limits page);
// - values: JSON, at most 240 KiB per persisted value.
//
// `ChunkedKvs` sits on any such store and lifts the value limit: a value whose row would exceed
// 240 KiB is split into chunk rows written first, under a fresh generation id, and a small head
// row written last (so a reader never sees a half-written value); old chunks are deleted after.
// It also records each value's expiry in its head and hides expired values on read and in queries,
// whatever the backing store does with TTLs.

/** Forge KVS: the longest key. */
export const MAX_KEY_LENGTH = 500;
/** Forge KVS: the largest persisted value (UTF-8 bytes of its JSON). */
export const MAX_VALUE_BYTES = 240 * 1024;
/** Forge KVS's key format. */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
/** The most results one query page returns. */
export const MAX_QUERY_LIMIT = 100;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** An error shaped like Forge's `ForgeKvsAPIError` (`code`, `message`). */
export class KvsError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'KvsError';
    this.code = code;
  }
}

/** The set option that writes a key only if it does not exist yet (`@forge/kvs` ≥ 1.3); a store
 * that honours it says so with `createOnly: true`. */
export const CREATE_ONLY = Object.freeze({ keyPolicy: 'FAIL_IF_EXISTS' });

/** Whether `e` is a create-only write refused because the key exists (Forge answers
 * `KEY_CONFLICT`, HTTP 409). */
export function isKeyConflict(e) {
  return e?.code === 'KEY_CONFLICT' || e?.responseDetails?.status === 409;
}

/** Throws Forge's error for a key Forge would refuse. */
export function checkForgeKey(key) {
  if (typeof key !== 'string' || key.length === 0) throw new KvsError('KEY_TOO_SHORT', 'The provided key needs to be at least one character.');
  if (key.length > MAX_KEY_LENGTH) throw new KvsError('KEY_TOO_LONG', `The provided key has exceeded the maximum ${MAX_KEY_LENGTH} characters.`);
  if (!KEY_PATTERN.test(key)) throw new KvsError('INVALID_KEY', `The provided key does not match the regex: ${KEY_PATTERN}`);
  return key;
}

/** The bytes a value occupies when persisted. */
export function valueBytes(value) {
  const text = JSON.stringify(value);
  if (text === undefined) throw new KvsError('INVALID_VALUE', 'The value is not JSON-serializable.');
  return utf8.encode(text).length;
}

/** Throws Forge's error for a value Forge would refuse. */
export function checkForgeValue(value) {
  const size = valueBytes(value);
  if (size > MAX_VALUE_BYTES) throw new KvsError('MAX_SIZE', `The provided value has exceeded the maximum size limit (${size} > ${MAX_VALUE_BYTES} bytes).`);
  return size;
}

/** Forge's TTL option → milliseconds (or null for none). */
export function ttlMillis(options) {
  const ttl = options?.ttl;
  if (ttl === undefined || ttl === null) return null;
  const unit = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 }[ttl.unit];
  if (!unit || !Number.isFinite(ttl.value) || ttl.value <= 0) throw new KvsError('INVALID_TTL', `invalid ttl ${JSON.stringify(ttl)}`);
  return ttl.value * unit;
}

/** `WhereConditions.beginsWith`, as `@forge/kvs` builds it. */
export const WhereConditions = Object.freeze({
  beginsWith: (value) => ({ condition: 'BEGINS_WITH', values: [value] }),
});

/**
 * The query builder of `@forge/kvs` (`where('key', beginsWith(p))`, `limit`, `cursor`,
 * `getMany`, `getOne`) over a function `(prefix, limit, cursor) => Promise<{results, nextCursor}>`.
 */
export class QueryBuilder {
  constructor(run) {
    this._run = run;
    this._prefix = '';
    this._limit = 10;
    this._cursor = undefined;
  }

  where(property, condition) {
    if (property !== 'key' || condition?.condition !== 'BEGINS_WITH') throw new KvsError('INVALID_QUERY', 'only where("key", beginsWith(prefix)) is supported');
    this._prefix = String(condition.values[0]);
    return this;
  }

  limit(n) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_QUERY_LIMIT) throw new KvsError('INVALID_QUERY', `limit must be 1 to ${MAX_QUERY_LIMIT}`);
    this._limit = n;
    return this;
  }

  cursor(c) {
    this._cursor = c;
    return this;
  }

  async getMany() {
    return this._run(this._prefix, this._limit, this._cursor);
  }

  async getOne() {
    const { results } = await this._run(this._prefix, 1, this._cursor);
    return results[0];
  }
}

/** Every `{key, value}` under `prefix`, page by page, at most `max`. */
export async function queryAll(kvs, prefix, max = Infinity) {
  const out = [];
  let cursor;
  do {
    const builder = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(MAX_QUERY_LIMIT);
    if (cursor) builder.cursor(cursor);
    const page = await builder.getMany();
    for (const r of page.results) {
      if (out.length >= max) return out;
      out.push(r);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Adapts `@forge/kvs`'s `kvs` object (whose `WhereConditions` come from the same package).
 * `createOnly`: the installed `@forge/kvs` honours `keyPolicy: 'FAIL_IF_EXISTS'` (1.3 or later;
 * an older one ignores it and overwrites, so this must not be claimed for it). */
export function fromForgeKvs(kvs, forgeWhereConditions, { createOnly = false } = {}) {
  return {
    createOnly,
    get: (key) => kvs.get(key),
    set: (key, value, options) => kvs.set(key, value, options),
    delete: (key) => kvs.delete(key),
    query: () => {
      const forge = kvs.query();
      return new QueryBuilder(async (prefix, limit, cursor) => {
        let q = forge.where('key', forgeWhereConditions.beginsWith(prefix)).limit(limit);
        if (cursor) q = q.cursor(cursor);
        return q.getMany();
      });
    },
    getSecret: (key) => kvs.getSecret(key),
    setSecret: (key, value, options) => kvs.setSecret(key, value, options),
    deleteSecret: (key) => kvs.deleteSecret(key),
  };
}

const HEAD = 'v:';
const CHUNK = 'c:';
/** Room kept in a key for the chunk suffix `c:` … `:<gen 8>:<index ≤ 4>`. */
const CHUNK_KEY_OVERHEAD = 2 + 1 + 8 + 1 + 4;
/** The longest key a `ChunkedKvs` accepts. */
export const MAX_CHUNKED_KEY_LENGTH = MAX_KEY_LENGTH - CHUNK_KEY_OVERHEAD;

function toBase64(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text) {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

async function sha256Hex(bytes) {
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Transparent chunking and expiry over a Forge-shaped store. Same interface as the store below
 * it; values of any size.
 */
export class ChunkedKvs {
  /**
   * @param {object} kvs a Forge-shaped store (`@forge/kvs` through `fromForgeKvs`, or SqliteKvs)
   * @param {{now?: () => number, chunkBytes?: number}} [options] `now`: the clock expiries are
   *   measured on (ms); `chunkBytes`: raw bytes per chunk row (base64 in the row).
   */
  constructor(kvs, { now = Date.now, chunkBytes = 160 * 1024 } = {}) {
    this.kvs = kvs;
    /** Whether `set(key, value, {keyPolicy: 'FAIL_IF_EXISTS'})` is atomic here (as below). */
    this.createOnly = kvs.createOnly === true;
    this.now = now;
    this.chunkBytes = chunkBytes;
    if (Math.ceil(chunkBytes / 3) * 4 + 2 > MAX_VALUE_BYTES) throw new RangeError('chunkBytes too large for a 240 KiB row');
  }

  _checkKey(key) {
    checkForgeKey(key);
    if (key.length > MAX_CHUNKED_KEY_LENGTH) throw new KvsError('KEY_TOO_LONG', `The provided key has exceeded the maximum ${MAX_CHUNKED_KEY_LENGTH} characters (the rest is kept for chunk keys).`);
    return key;
  }

  _live(head) {
    return head && typeof head === 'object' && (head.exp === undefined || head.exp > this.now());
  }

  async _readValue(key, head) {
    if ('v' in head) return head.v;
    const reads = [];
    for (let i = 0; i < head.n; i++) reads.push(this.kvs.get(`${CHUNK}${key}:${head.gen}:${i}`));
    const parts = await Promise.all(reads);
    if (parts.some((p) => typeof p !== 'string')) throw new KvsError('CORRUPT_VALUE', `a chunk of ${key} is missing`);
    const bytes = new Uint8Array(head.size);
    let at = 0;
    for (const p of parts) {
      const b = fromBase64(p);
      bytes.set(b, at);
      at += b.length;
    }
    if (at !== head.size || (await sha256Hex(bytes)) !== head.sha256) throw new KvsError('CORRUPT_VALUE', `the chunks of ${key} do not match their head`);
    return JSON.parse(utf8Decoder.decode(bytes));
  }

  /** The value at `key`, or undefined when absent or expired. */
  async get(key) {
    this._checkKey(key);
    const head = await this.kvs.get(HEAD + key);
    if (!this._live(head)) return undefined;
    return this._readValue(key, head);
  }

  /** Stores `value`; `options.ttl` as in Forge (`{value, unit}`). With `keyPolicy:
   * 'FAIL_IF_EXISTS'` (a store whose `createOnly` is true) the write fails with `KEY_CONFLICT`
   * when the key has a row, even one expired but not yet removed; such a value must fit one row. */
  async set(key, value, options = {}) {
    this._checkKey(key);
    const ttl = ttlMillis(options);
    const exp = ttl === null ? undefined : this.now() + ttl;
    if (options.keyPolicy === CREATE_ONLY.keyPolicy) return this._create(key, exp === undefined ? { v: value } : { v: value, exp }, options);
    const rowOptions = ttl === null ? undefined : { ttl: options.ttl };
    const previous = await this.kvs.get(HEAD + key);
    const small = exp === undefined ? { v: value } : { v: value, exp };
    if (valueBytes(small) <= MAX_VALUE_BYTES) {
      await this.kvs.set(HEAD + key, small, rowOptions);
    } else {
      const bytes = utf8.encode(JSON.stringify(value));
      const gen = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
      const n = Math.ceil(bytes.length / this.chunkBytes);
      if (n > 9999) throw new KvsError('MAX_SIZE', 'the value needs more than 9999 chunks');
      const writes = [];
      for (let i = 0; i < n; i++) {
        writes.push(this.kvs.set(`${CHUNK}${key}:${gen}:${i}`, toBase64(bytes.subarray(i * this.chunkBytes, (i + 1) * this.chunkBytes)), rowOptions));
      }
      await Promise.all(writes);
      const head = { n, gen, size: bytes.length, sha256: await sha256Hex(bytes) };
      if (exp !== undefined) head.exp = exp;
      await this.kvs.set(HEAD + key, head, rowOptions);
    }
    if (previous && typeof previous === 'object' && 'gen' in previous) await this._deleteChunks(key, previous);
  }

  async _create(key, row, options) {
    if (!this.createOnly) throw new KvsError('UNSUPPORTED', 'the store below does not honour keyPolicy FAIL_IF_EXISTS');
    if (valueBytes(row) > MAX_VALUE_BYTES) throw new KvsError('MAX_SIZE', `a value written with FAIL_IF_EXISTS must fit one ${MAX_VALUE_BYTES}-byte row`);
    await this.kvs.set(HEAD + key, row, options.ttl === undefined ? CREATE_ONLY : { ttl: options.ttl, ...CREATE_ONLY });
  }

  async _deleteChunks(key, head) {
    const deletes = [];
    for (let i = 0; i < head.n; i++) deletes.push(this.kvs.delete(`${CHUNK}${key}:${head.gen}:${i}`));
    await Promise.all(deletes);
  }

  /** Deletes `key` and its chunks; an absent key is fine. */
  async delete(key) {
    this._checkKey(key);
    const head = await this.kvs.get(HEAD + key);
    await this.kvs.delete(HEAD + key);
    if (head && typeof head === 'object' && 'gen' in head) await this._deleteChunks(key, head);
  }

  /** Deletes every value under `prefix` the store below still lists (this layer's expiry is not
   * consulted: a value it already treats as expired is deleted too), with its chunks; returns how
   * many. */
  async deleteAll(prefix) {
    const heads = await queryAll(this.kvs, HEAD + prefix);
    for (const { key } of heads) await this.delete(key.slice(HEAD.length));
    return heads.length;
  }

  /** Forge's query builder over the live values (chunked values reassembled). */
  query() {
    return new QueryBuilder((prefix, limit, cursor) => this._page(prefix, limit, cursor, true));
  }

  /** Like `query()`, without reading values (`value` is undefined): listing keys stays cheap. */
  queryKeys() {
    return new QueryBuilder((prefix, limit, cursor) => this._page(prefix, limit, cursor, false));
  }

  async _page(prefix, limit, cursor, withValues) {
    const results = [];
    let next = cursor;
    // Expired heads are skipped, so a page may need several pages of the store below.
    while (results.length < limit) {
      let q = this.kvs.query().where('key', WhereConditions.beginsWith(HEAD + prefix)).limit(limit - results.length);
      if (next) q = q.cursor(next);
      const page = await q.getMany();
      for (const r of page.results) {
        if (!this._live(r.value)) continue;
        const key = r.key.slice(HEAD.length);
        results.push({ key, value: withValues ? await this._readValue(key, r.value) : undefined });
      }
      next = page.nextCursor;
      if (!next) break;
    }
    return next ? { results, nextCursor: next } : { results };
  }

  getSecret(key) {
    return this.kvs.getSecret(key);
  }

  setSecret(key, value, options) {
    return this.kvs.setSecret(key, value, options);
  }

  deleteSecret(key) {
    return this.kvs.deleteSecret(key);
  }
}
