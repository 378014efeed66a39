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
// Records live in the tenant's key-value store (`audit:rec:<seq>`, kept 90 days) with the chain
// head in `audit:head`. Appends from concurrent invocations of one installation are not serialized
// here (Forge KVS transactions could do it); the verifier would then report the fork.

import { createHash } from 'node:crypto';

/** The hash that precedes a tenant's first record. */
export const GENESIS = '0'.repeat(64);
/** How long audit records are kept: 90 days (P7). */
export const RETENTION_SECONDS = 90 * 24 * 3600;

const utf8 = new TextEncoder();

function i64be(n) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(n), false);
  return b;
}

/** The chain hash of one record. */
export function chainHash(prev, tenant, seq, atMs, record) {
  const h = createHash('sha256');
  for (const part of [utf8.encode(prev), utf8.encode(tenant), i64be(seq), i64be(atMs), utf8.encode(record)]) {
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(part.length), false);
    h.update(len);
    h.update(part);
  }
  return h.digest('hex');
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

/** The audit chain of one tenant over a (chunking) Forge-shaped store. */
export class AuditLog {
  constructor(kvs, tenant) {
    this.kvs = kvs;
    this.tenant = tenant;
  }

  /** Appends `entry` at `atMs`; returns the record id. */
  async append(atMs, entry) {
    const record = recordText(entry);
    const head = (await this.kvs.get('audit:head')) ?? { seq: 0, hash: GENESIS };
    const seq = head.seq + 1;
    const hash = chainHash(head.hash, this.tenant, seq, atMs, record);
    await this.kvs.set(`audit:rec:${String(seq).padStart(12, '0')}`, { seq, at_ms: atMs, record, prev_hash: head.hash, hash }, { ttl: { value: RETENTION_SECONDS, unit: 'SECONDS' } });
    await this.kvs.set('audit:head', { seq, hash });
    return `${seq}-${hash.slice(0, 16)}`;
  }

  /** The live records, oldest first. */
  async records() {
    const out = [];
    let cursor;
    do {
      let q = this.kvs.query().where('key', { condition: 'BEGINS_WITH', values: ['audit:rec:'] }).limit(100);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      out.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Checks that the live records link up and that each hash matches its record. Returns the
   * number of records, or throws naming the first broken one. */
  async verify() {
    const rows = await this.records();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (chainHash(r.prev_hash, this.tenant, r.seq, r.at_ms, r.record) !== r.hash) throw new Error(`audit record ${r.seq} was edited`);
      if (i > 0 && r.prev_hash !== rows[i - 1].hash) throw new Error(`audit record ${r.seq} does not follow record ${rows[i - 1].seq}`);
    }
    return rows.length;
  }
}
