// Why this file exists: the Node side of the golden vectors (tests/golden/README.md): runs one
// vector's `function` on its `input` through the Node host and returns the canonical JSON text to
// compare with its `expected`. Kept apart from the test so the same dispatch can make new vectors
// from the running component.

import { join } from 'node:path';

import { canonicalJson } from '../../src/canonical.js';
import { loadEngine } from '../../src/engine.js';
import { SeededEntropy, WebCryptoKms, createForgeCapabilities } from '../../src/forge-adapter.js';
import { unwrapDataKey } from '../../src/kms.js';
import { SqliteKvs } from '../../src/sqlite-kvs.js';

const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));

/** WIT-named input records → the jco shapes the API takes. */
const policyOf = (p) => ({ disabled: p?.disabled ?? [], allow: p?.allow ?? [], custom: (p?.custom ?? []).map((c) => ({ name: c.name, pattern: c.pattern })) });
const personOf = (p) => ({ accountId: p['account-id'], displayName: p['display-name'], email: p.email ?? undefined });
const pageOf = (p) => ({ id: p.id, space: p.space, title: p.title, labels: p.labels, storage: p.storage, updatedAt: BigInt(p['updated-at']) });
/** Input floats → f32 by round-to-nearest (`Math.fround`, Rust `as f32`): 1e39 is +inf. */
const f32 = (xs) => Float32Array.from(xs, Math.fround);
const filterOf = (f) => ({ spaces: f?.spaces ?? [], labels: f?.labels ?? [], updatedAfter: f?.['updated-after'] ?? null });
const entryOf = (e) => ({ id: e.id, space: e.space, labels: e.labels, updatedAt: BigInt(e['updated-at']), text: e.text, vector: f32(e.vector) });
const queryOf = (q) => ({
  vector: f32(q.vector),
  text: q.text,
  k: q.k,
  filter: filterOf(q.filter),
  mode: q.mode,
  diversity: q.diversity === null || q.diversity === undefined ? null : Math.fround(q.diversity),
});
/** `{"tag":"exact"}` | `{"tag":"pruned"}` | `{"tag":"int8","val":N}` | `{"tag":"binary","val":N}` as the API takes it. */
const scanOf = (s) => (s.tag === 'exact' || s.tag === 'pruned' ? { tag: s.tag } : { tag: s.tag, val: s.val });

/** The data key of a kms vector: raw, or unwrapped from the Rust host's master key form. */
async function dataKeyOf(input) {
  if (input['data-key']) return b64(input['data-key']);
  return unwrapDataKey({ tenant: input.tenant, masterKey: b64(input['master-key']), masterVersion: input['master-version'], wrapped: b64(input['wrapped-data-key']) });
}

/** `{ok: value}` or `{err: variant}` from a call that may throw a contract error. */
async function result(f) {
  try {
    return { ok: await f() };
  } catch (e) {
    const payload = e?.payload ?? (e?.tag !== undefined ? { tag: e.tag, val: e.val } : null);
    if (payload && typeof payload.tag === 'string') return { err: payload.val === undefined ? { tag: payload.tag } : payload };
    throw e;
  }
}

/**
 * Runs one vector through the Node host.
 * @param {{function: string, input: any}} vector
 * @param {{tmp: string}} env a scratch directory for the sync's SQLite store
 * @returns {Promise<string>} canonical JSON of the result
 */
export async function runVector(vector, { tmp }) {
  const input = vector.input;
  const engine = await loadEngine({ reusePureInstance: false });
  switch (vector.function) {
    case 'redact':
      return canonicalJson(await result(() => engine.redact(input.texts, { policy: policyOf(input.policy), people: (input.people ?? []).map(personOf) })));
    case 'diff':
      return canonicalJson(await result(() => engine.diff(input.old, input.new)));
    case 'rank':
      return canonicalJson(await result(() => engine.rank(Float32Array.from(input.query), input.candidates.map((c) => ({ id: c.id, vector: Float32Array.from(c.vector) })), input.k)));
    case 'rank-index':
      return canonicalJson(await result(() => rankIndexVector(engine, input)));
    case 'kms-open': {
      const kms = await WebCryptoKms.fromDataKey(input.tenant, await dataKeyOf(input));
      return canonicalJson(await result(() => kms.open(input.namespace, input.key, b64(input.envelope))));
    }
    case 'kms-digest': {
      const kms = await WebCryptoKms.fromDataKey(input.tenant, await dataKeyOf(input));
      return canonicalJson(await result(() => kms.digest(b64(input.data))));
    }
    case 'sync':
      return canonicalJson(await syncVector(input, tmp));
    default:
      throw new Error(`unknown golden function ${JSON.stringify(vector.function)}`);
  }
}

/** `new index(dimension)`, `add(entries)`, then `search(queries, scan)` per batch, in order; the
 * first error (of `add` or a `search`) is the result. */
function rankIndexVector(engine, input) {
  const index = engine.createIndex(input.dimension);
  try {
    index.add(input.entries.map(entryOf));
    return input.batches.map((b) => index.search(b.queries.map(queryOf), scanOf(b.scan)));
  } finally {
    index.dispose();
  }
}

async function syncVector(input, tmp) {
  const tenant = input.tenant ?? 'golden';
  const request = input.request;
  const kvs = new SqliteKvs(join(tmp, `${tenant}.db`), { installation: tenant, now: () => input['now-ms'] });
  try {
    const kms = await WebCryptoKms.fromDataKey(tenant, globalThis.crypto.getRandomValues(new Uint8Array(32)));
    const entropy = new SeededEntropy(BigInt(input.seed));
    const capabilities = createForgeCapabilities({
      tenant,
      kms,
      kvs,
      now: () => input['now-ms'],
      random: (n) => entropy.bytes(n),
      config: { provider: request.provider, model: request.model, region: 'local' },
    });
    const engine = await loadEngine({ capabilities });
    for (const page of input.index ?? []) await engine.indexPage(pageOf(page), { policy: policyOf(input.policy), provider: request.provider });
    const outcome = await result(() =>
      engine.sync({
        issueJson: request['issue-json'],
        page: request.page,
        base: request.base ?? undefined,
        pageVersion: request['page-version'],
        provider: request.provider,
        model: request.model,
        policy: policyOf(request.policy),
        relatedLimit: request['related-limit'],
      }),
    );
    // The audit id hashes the call's latency: it cannot be the same in two runs, let alone hosts.
    if (outcome.ok) outcome.ok.auditId = '';
    return outcome;
  } finally {
    kvs.close();
  }
}

