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
    for (const page of input.index ?? []) await engine.indexPage(pageOf(page), { policy: policyOf(input.policy) });
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

