// Why this file exists: every AI call leaves an audit record (promise P8), metadata only, in a
// hash chain, in the same record and hash format as the Rust host (host/src/audit.rs):
//
//   record = serde_json of {provider, model, region, request_digest, input_tokens, output_tokens,
//            redactions (keys sorted), outcome, latency_ms}, in that field order
//   hash   = hex sha256 over lp64(prev hash) ‖ lp64(tenant) ‖ lp64(i64be seq) ‖ lp64(i64be at_ms)
//            ‖ lp64(record), where lp64(x) = u64 big-endian length of x ‖ x; the first record's
//            prev hash is 64 zeros
//   id     = "<seq>-<first 16 hex of hash>"
//
// Records live in the tenant's key-value store, kept 90 days, with the chain head in
// `audit:head`. Concurrent invocations of one installation can read the same head and append
// records with the same seq. How they are kept apart depends on the store:
//
// - **Linear** (a store whose `createOnly` is true: SqliteKvs, or `@forge/kvs` 1.3 or later,
//   whose `keyPolicy: 'FAIL_IF_EXISTS'` writes a key only if it is absent): each record is
//   created at `audit:rec:<seq, 12 digits>`. Of two appends that chose one seq, one write
//   succeeds; the other is refused (`KEY_CONFLICT`), reads the record that won and appends after
//   it. The chain stays one line, as the Rust host's, and `verify` refuses any second record of a
//   seq.
// - **Branching** (other stores, where a conditional write cannot be had): each record is stored
//   under `audit:rec:<seq>:<first 16 hex of its hash>`.
//   Keys that name the hash keep every such record (none overwrites another: an AI call's record is
// never lost), and the chain becomes a tree whose branches are those concurrent appends. `verify`
// accepts the branches and still finds an edited record, a record stored under another record's
// key, one that does not follow its predecessor, a record missing with older ones still live, and
// a missing newest record (the head names it). Like any unkeyed chain, it cannot tell a record
// forged with a correct hash: with branches allowed, such a record may also sit beside a real one
// as a branch of its own. Deleting the oldest records looks like their expiry.
//
// Given the operator's audit key (`auditKey`, 32 bytes), each record also carries a tag as the
// Rust host writes it: hex HMAC-SHA256 under the key over lp64("synco audit tag v1") ‖
// lp64(tenant) ‖ lp64(hash). Then `verify` reports a record without the right tag as forged, so
// whoever can write the store but not read the key cannot add or rewrite a record unnoticed.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { CREATE_ONLY, isKeyConflict } from './kvs.js';

/** The hash that precedes a tenant's first record. */
export const GENESIS = '0'.repeat(64);
/** How long audit records are kept: 90 days (P7). */
export const RETENTION_SECONDS = 90 * 24 * 3600;
const RECORD_PREFIX = 'audit:rec:';
/** How many records other appends may take first before one append gives up. */
const MAX_APPEND_ATTEMPTS = 64;
const TTL = Object.freeze({ value: RETENTION_SECONDS, unit: 'SECONDS' });

const utf8 = new TextEncoder();

function i64be(n) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(n), false);
  return b;
}

/** Feeds `parts` to `h`, each after its u64 big-endian length. */
function updateLengthPrefixed(h, parts) {
  for (const part of parts) {
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(part.length), false);
    h.update(len);
    h.update(part);
  }
  return h;
}

/** The chain hash of one record. */
export function chainHash(prev, tenant, seq, atMs, record) {
  return updateLengthPrefixed(createHash('sha256'), [utf8.encode(prev), utf8.encode(tenant), i64be(seq), i64be(atMs), utf8.encode(record)]).digest('hex');
}

/** The tag of `tenant`'s record hash `hash` under the audit key `key` (as host/src/audit.rs). */
export function recordTag(key, tenant, hash) {
  return updateLengthPrefixed(createHmac('sha256', key), [utf8.encode('synco audit tag v1'), utf8.encode(tenant), utf8.encode(hash)]).digest('hex');
}

/** Whether `tag` is `tenant`'s tag of `hash` under `key` (compared in constant time). */
function tagVerifies(key, tenant, hash, tag) {
  const expected = Buffer.from(recordTag(key, tenant, hash));
  const given = Buffer.from(typeof tag === 'string' ? tag : '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The record text, exactly as serde_json writes the Rust `AuditEntry`. */
export function recordText(entry) {
  const redactions = Object.fromEntries(Object.entries(entry.redactions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({
    provider: entry.provider,
    model: entry.model,
    region: entry.region,
    request_digest: entry.requestDigest,
    input_tokens: entry.inputTokens,
    output_tokens: entry.outputTokens,
    redactions,
    outcome: entry.outcome,
    latency_ms: entry.latencyMs,
  });
}

/** The key a branching log stores a record under: its seq (ordering the keys) and its hash
 * (telling apart records of concurrent appends that got the same seq). */
export function recordKey(seq, hash) {
  return `${linearRecordKey(seq)}:${hash.slice(0, 16)}`;
}

/** The key a linear log creates a record at: its seq alone, so one record per seq. */
export function linearRecordKey(seq) {
  return `${RECORD_PREFIX}${String(seq).padStart(12, '0')}`;
}

const isLinearKey = (key) => /^audit:rec:\d{12}$/.test(key);

/** The audit chain of one tenant over a (chunking) Forge-shaped store. */
export class AuditLog {
  /**
   * @param {object} kvs a (chunking) Forge-shaped store
   * @param {string} tenant
   * @param {{key?: Uint8Array, linear?: boolean}} [options] `key`: the operator's 32-byte audit
   *   key; records are tagged and checked with it (untagged without it). `linear`: one record per
   *   seq through create-only writes (default: whether the store's `createOnly` is true)
   */
  constructor(kvs, tenant, { key, linear = kvs.createOnly === true } = {}) {
    if (key !== undefined && !(key instanceof Uint8Array && key.length === 32)) throw new TypeError('the audit key must be 32 bytes');
    if (linear && kvs.createOnly !== true) throw new TypeError('a linear audit log needs a store whose createOnly is true');
    this.kvs = kvs;
    this.tenant = tenant;
    this.key = key;
    this.linear = linear;
  }

  /** The record of `record` text at `atMs`, after `prev` (`{seq, hash}`). */
  _record(prev, atMs, record) {
    const seq = prev.seq + 1;
    const hash = chainHash(prev.hash, this.tenant, seq, atMs, record);
    const value = { seq, at_ms: atMs, record, prev_hash: prev.hash, hash };
    if (this.key) value.tag = recordTag(this.key, this.tenant, hash);
    return value;
  }

  /** Appends `entry` at `atMs`; returns the record id. */
  async append(atMs, entry) {
    const record = recordText(entry);
    const head = (await this.kvs.get('audit:head')) ?? { seq: 0, hash: GENESIS };
    const value = this.linear ? await this._create(head, atMs, record) : this._record(head, atMs, record);
    if (!this.linear) await this.kvs.set(recordKey(value.seq, value.hash), value, { ttl: TTL });
    await this._raiseHead(value);
    return `${value.seq}-${value.hash.slice(0, 16)}`;
  }

  /** Moves the head to `record` (`{seq, hash}`) unless it is already past it. Another invocation
   * may have moved it further meanwhile: it is not moved back (an append overlapping this check
   * still can; the head only says where the next one links). */
  async _raiseHead({ seq, hash }) {
    const current = await this.kvs.get('audit:head');
    if (!current || current.seq < seq) await this.kvs.set('audit:head', { seq, hash });
  }

  /** Creates the record after `prev`, or, where other appends took that seq first, after the
   * newest record (found in a number of reads logarithmic in how far the head lags, and the head
   * raised to it, so a lagging or lost head costs one search, not every append); returns the
   * record written. */
  async _create(prev, atMs, record) {
    let after = prev;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const value = this._record(after, atMs, record);
      try {
        await this.kvs.set(linearRecordKey(value.seq), value, { ttl: TTL, ...CREATE_ONLY });
        return value;
      } catch (e) {
        if (!isKeyConflict(e)) throw e;
      }
      const taken = await this._linked(value.seq);
      // A retried write whose first reply was lost finds its own record: it is appended.
      if (taken.hash === value.hash) return value;
      after = await this._newest(taken);
      await this._raiseHead(after);
    }
    throw new Error(`the audit append gave up after ${MAX_APPEND_ATTEMPTS} conflicting writes`);
  }

  /** `{seq, hash}` of the record at `seq`, or null when there is none; throws for a record that
   * cannot be linked to (edited out of shape), naming it. */
  async _linkedOrNull(seq) {
    const r = await this.kvs.get(linearRecordKey(seq));
    if (r === undefined) return null;
    if (!r || r.seq !== seq || typeof r.hash !== 'string') throw new Error(`audit record ${seq} exists but cannot be read to append after it`);
    return { seq, hash: r.hash };
  }

  async _linked(seq) {
    const r = await this._linkedOrNull(seq);
    if (r === null) throw new Error(`audit record ${seq} was refused as existing but cannot be found`);
    return r;
  }

  /** The newest record from `known` on: doubling steps until a seq is free, then bisecting. */
  async _newest(known) {
    let found = known;
    let free = null;
    for (let step = 1; free === null; step *= 2) {
      const next = await this._linkedOrNull(found.seq + step);
      if (next === null) free = found.seq + step;
      else found = next;
    }
    while (free - found.seq > 1) {
      const mid = found.seq + Math.floor((free - found.seq) / 2);
      const r = await this._linkedOrNull(mid);
      if (r === null) free = mid;
      else found = r;
    }
    return found;
  }

  /** The live records, oldest first (by seq; records of concurrent appends by hash). */
  async records() {
    return (await this._rows()).map((r) => r.value);
  }

  async _rows() {
    const out = [];
    let cursor;
    do {
      let q = this.kvs.query().where('key', { condition: 'BEGINS_WITH', values: [RECORD_PREFIX] }).limit(100);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      out.push(...page.results);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Checks every live record: its hash matches its content and its key, its tag (with an audit
   * key) matches its hash, and it follows its
   * predecessor (one seq before it) unless it is the first record or its predecessor may have
   * expired; and the record the head names is live. Expiry takes the oldest records first, so a
   * predecessor may be missing only where no live record is older than it, and the head's record
   * only once no live record is older than it either. Returns the number of records, or throws
   * naming the first broken one. */
  async verify() {
    const rows = await this._rows();
    const byHash = new Map();
    let lowestSeq = Infinity;
    // A store that held a branching log before it became linear keeps those records (under
    // their hash-naming keys) until they expire: below the first linear record they verify as
    // branching ones.
    const linearFrom = this.linear ? rows.reduce((min, { key, value }) => (isLinearKey(key) && Number.isSafeInteger(value?.seq) ? Math.min(min, value.seq) : min), Infinity) : Infinity;
    for (const { key, value } of rows) {
      checkRecord(this.tenant, key, value, value?.seq >= linearFrom);
      if (this.key && value.tag && !tagVerifies(this.key, this.tenant, value.hash, value.tag)) throw new Error(`audit record ${value.seq} was forged: its tag does not match its hash under the audit key`);
      byHash.set(value.hash, value);
      lowestSeq = Math.min(lowestSeq, value.seq);
    }
    for (const { value } of rows) checkLink(value, byHash, lowestSeq);
    const head = await this.kvs.get('audit:head');
    if (head && !byHash.has(head.hash) && head.seq > lowestSeq) throw new Error(`the newest audit record (${head.seq}) is missing`);
    const untagged = this.key && rows.find(({ value }) => !value.tag);
    if (untagged) throw new Error(`audit record ${untagged.value.seq} has no tag: it was written without the audit key`);
    return rows.length;
  }

  /** `verify`, and then that the log still holds the record of `witness`, an id kept outside the
   * store (`<seq>-<first 16 hex of its hash>`, as `append` returns): a log that ends before it
   * (its newest records deleted, the head moved back) or holds another record there is reported,
   * as the Rust host's `synco audit verify --witness` does. A witness older than every live
   * record expired with its record and is not checked (`witnessChecked: false`). */
  async verifyAgainst(witness) {
    const match = /^([1-9][0-9]*)-([0-9a-f]{16})$/.exec(String(witness));
    if (!match) throw new Error(`the witness ${JSON.stringify(witness)} is not a record id: expected <sequence number>-<16 hex digits>, as append returns`);
    const [seq, prefix] = [Number(match[1]), match[2]];
    const records = await this.verify();
    const rows = (await this._rows()).map(({ value }) => value);
    const last = rows.reduce((max, r) => Math.max(max, r.seq), 0);
    if (seq > last) throw new Error(`the chain ends at record ${last}, but record ${seq} was seen earlier: records were removed from its end`);
    const atSeq = rows.filter((r) => r.seq === seq);
    if (atSeq.length > 0 && !atSeq.some((r) => r.hash.startsWith(prefix))) throw new Error(`record ${seq} is not the record seen earlier: the chain was rewritten from there`);
    return { records, witnessChecked: atSeq.length > 0 };
  }
}

/** Throws unless record `r`, stored at `key`, is well formed, its hash matches its content, and
 * `key` is its key in a linear or branching log (a linear log has no other record of its seq). */
function checkRecord(tenant, key, r, linear) {
  const shaped = r && Number.isSafeInteger(r.seq) && Number.isSafeInteger(r.at_ms) && typeof r.record === 'string' && typeof r.prev_hash === 'string' && typeof r.hash === 'string';
  if (!shaped || chainHash(r.prev_hash, tenant, r.seq, r.at_ms, r.record) !== r.hash) throw new Error(`audit record ${r?.seq ?? key} was edited`);
  if (key !== (linear ? linearRecordKey(r.seq) : recordKey(r.seq, r.hash))) throw new Error(`audit record ${r.seq} is stored under another record's key (${key})`);
}

/** Throws unless record `r` follows its predecessor in `byHash`, or its predecessor may have
 * expired: no live record is older than the predecessor (`lowestSeq`: the oldest live seq). */
function checkLink(r, byHash, lowestSeq) {
  if (r.prev_hash === GENESIS) {
    if (r.seq !== 1) throw new Error(`audit record ${r.seq} claims to be the first record`);
    return;
  }
  const prev = byHash.get(r.prev_hash);
  if (prev) {
    if (prev.seq !== r.seq - 1) throw new Error(`audit record ${r.seq} does not follow record ${prev.seq}`);
    return;
  }
  if (lowestSeq < r.seq - 1) throw new Error(`the record before audit record ${r.seq} is missing`);
}
