// Why this file exists: the Forge side of the engine's imports. It implements the capabilities the
// component's `engine` world imports (`model`, `kms`, `store`, `clock`, `log`) for one tenant (one
// Forge installation) over what a Forge function has:
//
// - `model`: the `offline` provider locally, or a real provider through `fetch`, restricted to the
//   manifest's `permissions.external.fetch.backend` allow-list (refused before any request); the
//   tenant's configuration is checked as the Rust host checks it (provider, model, size, digest,
//   plan), the credential is injected here (the guest never sees it), and every call is audited;
// - `kms`: WebCrypto AES-GCM envelopes in the Rust host's format (kms.js); the guest may use its
//   store namespaces only;
// - `store`: the guest's sealed records over a Forge-KVS-shaped store (`@forge/kvs`, or SqliteKvs
//   in tests), with the Rust host's rules (namespaces and their lifetimes, key format, 256 KiB
//   envelopes that must open in their slot) on top of Forge's (key format, 240 KiB values: larger
//   ones are chunked transparently by ChunkedKvs);
// - credentials: a tenant's (bring-your-own-model) sealed by the KMS and kept with
//   `kvs.setSecret`/`getSecret`; the operator's for Vertex AI a fixed token or minted from a
//   service account (vertex-auth.js);
// - `clock` and `log`.
// Capabilities may answer with promises; the engine's replay bridge handles that.

import { createHash } from 'node:crypto';

import { AuditLog } from './audit.js';
import { EgressRefused, guardedFetch } from './egress.js';
import { KmsError, MAX_RANDOM_BYTES, WebCryptoKms, checkTenant, osRandom, unwrapDataKey, wrapDataKey } from './kms.js';
import { ChunkedKvs, WhereConditions, queryAll } from './kvs.js';
import * as offline from './offline-model.js';
import { CallError, NETWORK_PROVIDERS, checkBody, checkEmbeddingBody, embeddingEndpoint, generationEndpoint, isByom, post, usage } from './providers.js';
import { VertexAuthError } from './vertex-auth.js';
import {
  EmbedderError,
  MAX_EMBED_RESPONSE_BYTES,
  OFFLINE_MODEL,
  ResponseError,
  batchLimits,
  isBlank,
  parseResponse,
  planBatches,
  requestBody,
  resolveEmbedder,
  tokenBound,
  truncate,
} from './embedders.js';

export { allowListFromManifest, EgressRefused, guardedFetch, isAllowed } from './egress.js';
export { ChunkedKvs, fromForgeKvs, WhereConditions } from './kvs.js';
export { SeededEntropy, WebCryptoKms } from './kms.js';
export { GOOGLE_TOKEN_URI, ServiceAccountTokens, VertexAuthError } from './vertex-auth.js';

/** The largest request body forwarded to a model: 1 MiB. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** The most texts one embedding call may carry. */
export const MAX_EMBED_TEXTS = 256;
/** The largest envelope the store accepts: 256 KiB. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;
/** The most keys one `list` returns. */
export const MAX_LIST = 10_000;
/** The longest log line kept. */
const MAX_LOG_LINE = 512;
/** The KMS namespace of provider credentials (host-only: the guest cannot seal or open in it). */
export const CREDENTIAL_NAMESPACE = 'credential';
/** The guest's store namespaces and their maximum lifetimes (seconds). */
export const NAMESPACES = Object.freeze({ 'page-index': 90 * 24 * 3600 });

const DEFAULT_CONFIG = Object.freeze({ provider: 'offline', model: 'offline-template', region: 'local', account: '', plan: 'standard', embedder: Object.freeze({ model: 'offline', dimensions: 256 }) });
const utf8 = new TextEncoder();
/** Strict, and keeping a leading U+FEFF as the Rust host does (a credential is used as stored). */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A WIT error for the capability's `result`: the replay bridge passes `payload` to the guest. */
class WitError extends Error {
  constructor(payload, message) {
    super(message ?? payload.tag);
    this.name = 'WitError';
    this.payload = payload;
  }
}

const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

/** A failed model call or embeddings batch: the content-free `kind` the audit record names (as
 * the Rust host's ModelError kinds), and the typed error the guest gets (an unusable answer is
 * `unavailable` to it). Anything else — a throwing token function, a failing secret store — is
 * `unavailable` without its message, which could carry anything. */
function modelFailure(e) {
  const wit = (tag, val) => new WitError(val === undefined ? { tag } : { tag, val });
  if (e instanceof WitError) return { kind: e.payload.tag, wit: e };
  if (e instanceof ResponseError) return { kind: 'bad-response', wit: wit('unavailable', e.message) };
  if (e instanceof VertexAuthError) return { kind: 'unavailable', wit: wit('unavailable', e.message) };
  if (e instanceof EgressRefused) return { kind: 'not-allowed', wit: wit('not-allowed', e.message) };
  if (e instanceof CallError && e.kind === 'refused') return { kind: 'not-allowed', wit: wit('not-allowed', e.detail) };
  if (e instanceof CallError && e.kind === 'rate-limited') return { kind: 'rate-limited', wit: wit('rate-limited', Number(e.detail)) };
  if (e instanceof CallError) return { kind: 'unavailable', wit: wit('unavailable', e.detail) };
  return { kind: 'unavailable', wit: wit('unavailable', 'the provider call failed') };
}

/** A provider's refusal of an embeddings request: the status and, when the answer carries one,
 * its machine-readable code (`INVALID_ARGUMENT`, `invalid_api_key`, …), never its message. */
function embeddingStatusError(provider, status, body) {
  let error;
  try {
    error = JSON.parse(body)?.error;
  } catch {
    error = undefined;
  }
  const code = [error?.status, error?.code, error?.type].find((c) => typeof c === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(c));
  const what = `${provider} embeddings answered status ${status}${code === undefined ? '' : ` (${code})`}`;
  if (status === 401 || status === 403 || status === 404) return new WitError({ tag: 'not-allowed', val: what });
  if (status === 413) return new WitError({ tag: 'too-large', val: what });
  if (status >= 400 && status < 500) return new WitError({ tag: 'bad-request', val: what });
  return new WitError({ tag: 'unavailable', val: what });
}

const toBase64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const fromBase64 = (text) => new Uint8Array(Buffer.from(text, 'base64'));

/** The guest's key rules (the Rust host's `check_key`). */
function checkGuestKey(key) {
  const segmentsOk = key.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
  if (key.length === 0 || utf8.encode(key).length > 128 || !/^[A-Za-z0-9._:/-]+$/.test(key) || !segmentsOk) {
    throw new WitError({ tag: 'invalid-key', val: [...key].slice(0, 128).join('') });
  }
}

function namespaceOf(ns) {
  if (!Object.hasOwn(NAMESPACES, ns)) throw new WitError({ tag: 'unknown-namespace', val: ns });
  return NAMESPACES[ns];
}

/** Guest keys use `/`, which Forge keys may not contain; `#` may, and guest keys never do. */
const rowKey = (ns, key) => `s:${ns}:${key.replaceAll('/', '#')}`;
const guestKey = (ns, row) => row.slice(`s:${ns}:`.length).replaceAll('#', '/');

/**
 * Seals a provider credential for the tenant and keeps it with `setSecret` (BYOM providers).
 * @param {{kvs: object, kms: WebCryptoKms, provider: string, credential: string}} args
 */
export async function setProviderCredential({ kvs, kms, provider, credential }) {
  const sealed = await kms.seal(CREDENTIAL_NAMESPACE, provider, utf8.encode(credential));
  await kvs.setSecret(`synco:credential:${provider}`, toBase64(sealed));
}

/**
 * Deletes an installation's data, as the Rust host's uninstall does (promise P7): its data key
 * first (so anything left anywhere, a Forge backup included, can no longer be opened), its sealed
 * provider credentials, the guest's records (excerpts, embeddings) and the app's settings
 * (`synco:config`, `synco:link:*`, `synco:written:*`). Audit records (metadata only) stay until
 * their 90-day expiry, as in the Rust host. Forge keeps hosted storage about 30 days after an
 * uninstall; the Forge app calls this from Forge's `preUninstall` module. Safe to run twice.
 * @param {{kvs: object}} args the installation's Forge-shaped store (as given to createForgeCapabilities)
 * @returns {Promise<{records: number, settings: number}>} how many guest records and settings were deleted
 */
export async function uninstallTenant({ kvs }) {
  await kvs.deleteSecret('synco:data-key');
  for (const provider of NETWORK_PROVIDERS) await kvs.deleteSecret(`synco:credential:${provider}`);
  const records = await new ChunkedKvs(kvs).deleteAll('s:');
  const settings = await queryAll(kvs, 'synco:');
  for (const { key } of settings) await kvs.delete(key);
  return { records, settings: settings.length };
}

/**
 * The tenant's KMS: unwraps its data key (kept wrapped with `setSecret` under `synco:data-key`)
 * with the master key of the version that wrapped it; installs a fresh data key, wrapped by the
 * highest master version, when the tenant has none.
 * @param {{kvs: object, tenant: string, masterKeys: Record<number, Uint8Array>}} args
 */
export async function openTenantKms({ kvs, tenant, masterKeys }, options = {}) {
  checkTenant(tenant);
  const versions = Object.keys(masterKeys).map(Number).sort((a, b) => a - b);
  if (versions.length === 0) throw new KmsError({ tag: 'backend', val: 'the master key is unavailable' }, 'no master key version found');
  let stored = await kvs.getSecret('synco:data-key');
  if (!stored) {
    const masterVersion = versions[versions.length - 1];
    const dataKey = osRandom(32);
    const wrapped = await wrapDataKey({ tenant, masterKey: masterKeys[masterVersion], masterVersion, dataKey });
    stored = { masterVersion, wrapped: toBase64(wrapped.bytes) };
    await kvs.setSecret('synco:data-key', stored);
    dataKey.fill(0);
  }
  const masterKey = masterKeys[stored.masterVersion];
  if (!masterKey) throw new KmsError({ tag: 'backend', val: 'the master key is unavailable' }, `master key v${stored.masterVersion} is not available`);
  const dataKey = await unwrapDataKey({ tenant, masterKey, masterVersion: stored.masterVersion, wrapped: fromBase64(stored.wrapped) });
  try {
    return await WebCryptoKms.fromDataKey(tenant, dataKey, options);
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The capabilities of one tenant, for `loadEngine({capabilities})`.
 * @param {import('./forge-adapter.d.ts').ForgeHostOptions} options
 */
export function createForgeCapabilities(options) {
  const tenant = checkTenant(options.tenant);
  const kms = options.kms;
  if (!(kms instanceof WebCryptoKms) && typeof kms?.seal !== 'function') throw new TypeError('createForgeCapabilities: a kms is required');
  const now = options.now ?? Date.now;
  const config = { ...DEFAULT_CONFIG, ...(options.config ?? {}) };
  const store = new ChunkedKvs(options.kvs, { now });
  const secrets = options.secrets ?? options.kvs;
  const audit = new AuditLog(store, tenant, { key: options.auditKey });
  const fetch = guardedFetch(options.egress ?? [], options.fetch ?? globalThis.fetch);
  const random = options.random ?? osRandom;
  const logger = options.logger ?? (() => {});
  const tap = options.egressTap;
  const requestDeadlineMs = options.modelDeadlineMs ?? 55_000;

  const kmsFailure = (e) => {
    if (e instanceof KmsError) return new WitError(e.payload);
    return new WitError({ tag: 'backend', val: 'the key backend failed' });
  };
  const storeFailure = (e) => (e instanceof WitError ? e : new WitError({ tag: 'backend', val: 'the store database is unavailable' }));
  const guestNamespace = (ns) => {
    if (!Object.hasOwn(NAMESPACES, ns)) throw new WitError({ tag: 'unauthentic' });
  };

  /** The operator's token minter (a ServiceAccountTokens, or any object with its `token` and
   * `rejected`), if that is the configured credential. */
  const minter = typeof options.operatorToken?.token === 'function' ? options.operatorToken : null;
  /** Drops the minted `token` after Vertex AI answered `status` 401 to it. */
  const noteRefusal = (provider, status, token) => {
    if (status === 401 && minter && !isByom(provider)) minter.rejected?.(token);
  };

  /** The operator's Vertex AI token: fixed, from a function, or minted. */
  async function operatorToken(deadline) {
    const source = options.operatorToken;
    if (minter) return source.token({ fetch, baseUrl: options.baseUrl, deadline });
    return typeof source === 'function' ? source() : source;
  }

  async function credential(provider, deadline) {
    if (!isByom(provider)) {
      const token = await operatorToken(deadline);
      if (!token) throw new WitError({ tag: 'unavailable', val: 'the operator has no credential for vertex-gemini' });
      return token;
    }
    const sealed = await secrets.getSecret(`synco:credential:${provider}`);
    if (!sealed) throw new WitError({ tag: 'not-allowed', val: `tenant ${tenant} has no key for ${provider}` });
    let plain;
    try {
      plain = await kms.open(CREDENTIAL_NAMESPACE, provider, fromBase64(sealed));
    } catch {
      throw new WitError({ tag: 'unavailable', val: "the tenant's key does not open" });
    }
    try {
      return utf8Decoder.decode(plain);
    } catch {
      throw new WitError({ tag: 'unavailable', val: "the tenant's key is not text" });
    }
  }

  async function send(request) {
    const provider = config.provider;
    if (!NETWORK_PROVIDERS.includes(provider)) {
      tap?.push(request.body);
      try {
        return offline.generate(request.body);
      } catch (e) {
        if (e instanceof offline.OfflineBadRequest) throw new WitError({ tag: 'bad-request', val: e.message });
        throw e;
      }
    }
    if (isByom(provider) && config.plan !== 'advanced') {
      throw new WitError({ tag: 'not-allowed', val: `provider ${JSON.stringify(provider)} needs the Advanced plan (bring your own model)` });
    }
    try {
      checkBody(provider, request.body);
      const deadline = Date.now() + requestDeadlineMs;
      const secret = await credential(provider, deadline);
      const endpoint = generationEndpoint(provider, config, options.baseUrl, secret);
      tap?.push(request.body);
      const reply = await post(endpoint, request.body, { fetch, deadline });
      noteRefusal(provider, reply.status, secret);
      const [inputTokens, outputTokens] = usage(provider, reply.body);
      return { status: reply.status, body: reply.body, inputTokens, outputTokens };
    } catch (e) {
      throw modelFailure(e).wit;
    }
  }

  /** Embeds `texts` with a provider `embedder`: whitespace-only texts get the zero vector and are
   * not sent; the others go in batches within the provider's limits. */
  async function embedWithProvider(embedder, task, texts) {
    if (config.plan !== 'advanced' && isByom(embedder.provider)) {
      throw new WitError({ tag: 'not-allowed', val: `provider ${JSON.stringify(config.provider)} needs the Advanced plan (bring your own model)` });
    }
    const deadline = Date.now() + requestDeadlineMs;
    let secret;
    let endpoint;
    try {
      secret = await credential(embedder.provider, deadline);
      endpoint = embeddingEndpoint(embedder.provider, embedder.model, config, options.baseUrl, secret);
    } catch (e) {
      throw modelFailure(e).wit;
    }
    const limits = batchLimits(embedder);
    const out = texts.map(() => new Float32Array(embedder.dimensions));
    const sent = texts.flatMap((t, i) => (isBlank(t) ? [] : [[i, truncate(t, limits.maxTextTokens)]]));
    for (const [start, end] of planBatches(sent.map(([, t]) => tokenBound(t)), limits)) {
      const part = sent.slice(start, end);
      const vectors = await embedBatch(embedder, { endpoint, secret, deadline }, task, part.map(([, t]) => t));
      part.forEach(([i], k) => {
        out[i] = vectors[k];
      });
    }
    return out;
  }

  /** Sends one batch and audits it, whatever the outcome. */
  async function embedBatch(embedder, route, task, texts) {
    const body = requestBody(embedder, task, texts);
    try {
      checkEmbeddingBody(embedder.provider, body);
    } catch (e) {
      throw modelFailure(e).wit;
    }
    tap?.push(body);
    const started = Date.now();
    let outcome;
    try {
      const reply = await post(route.endpoint, body, { fetch, deadline: route.deadline, maxResponseBytes: MAX_EMBED_RESPONSE_BYTES });
      noteRefusal(embedder.provider, reply.status, route.secret);
      if (reply.status < 200 || reply.status >= 300) throw embeddingStatusError(config.provider, reply.status, reply.body);
      outcome = { ok: parseResponse(embedder, reply.body, texts.length) };
    } catch (e) {
      outcome = { error: modelFailure(e) };
    }
    const estimated = texts.reduce((n, t) => Math.min(0xffffffff, n + offline.estimateTokens(t)), 0);
    await audit.append(Number(now()), {
      provider: config.provider,
      model: embedder.model,
      region: config.region,
      requestDigest: sha256Hex(body),
      inputTokens: outcome.ok?.inputTokens ?? estimated,
      outputTokens: 0,
      redactions: {},
      outcome: outcome.ok ? 'ok' : outcome.error.kind,
      latencyMs: Date.now() - started,
    });
    if (outcome.error) throw outcome.error.wit;
    return outcome.ok.vectors;
  }

  function check(request) {
    if (request.provider !== config.provider) throw new WitError({ tag: 'not-allowed', val: `provider ${JSON.stringify(request.provider)}` });
    if (request.model !== config.model) throw new WitError({ tag: 'not-allowed', val: `model ${JSON.stringify(request.model)}` });
    if (utf8.encode(request.body).length > MAX_REQUEST_BYTES) throw new WitError({ tag: 'too-large', val: `the body is over ${MAX_REQUEST_BYTES} bytes` });
    if (sha256Hex(request.body) !== request.digest) throw new WitError({ tag: 'digest-mismatch' });
  }

  const KIND_NAMES = { 'credit-card': 'credit_card', 'ip-address': 'ip_address', 'url-credentials': 'url_credentials', 'mac-address': 'mac_address', 'private-key': 'private_key', 'api-key': 'api_key' };

  return {
    model: {
      async generate(request) {
        const started = Date.now();
        let outcome;
        try {
          check(request);
          outcome = { ok: await send(request) };
        } catch (e) {
          outcome = { error: e instanceof WitError ? e : new WitError({ tag: 'unavailable', val: 'the provider call failed' }) };
        }
        const redactions = {};
        for (const c of request.redactions ?? []) redactions[KIND_NAMES[c.kind] ?? c.kind] = c.occurrences;
        const ok = outcome.ok;
        const auditId = await audit.append(Number(now()), {
          provider: config.provider,
          model: config.model,
          region: config.region,
          requestDigest: sha256Hex(request.body),
          inputTokens: ok ? ok.inputTokens : offline.estimateTokens(request.body),
          outputTokens: ok ? ok.outputTokens : 0,
          redactions,
          outcome: ok ? (ok.status < 300 ? 'ok' : `status ${ok.status}`) : outcome.error.payload.tag,
          latencyMs: Date.now() - started,
        });
        if (!ok) throw outcome.error;
        return { status: ok.status, body: ok.body, auditId };
      },

      // The tenant's embedder (`config.embedder`, offline by default) embeds the texts: the
      // offline one locally, a provider's in as many requests as its limits need, each audited
      // (embedders.js). `request.task` (`document` for indexed pages, `query` for an issue) is sent
      // as Vertex `task_type` / Gemini `taskType`; the offline embedder embeds both the same way.
      // Not `async`: the offline embedder answers at once, so the replay needs no extra round;
      // only a provider embedder answers with a promise.
      embed(request) {
        if (request.provider !== config.provider && request.provider !== OFFLINE_MODEL) {
          throw new WitError({ tag: 'not-allowed', val: `provider ${JSON.stringify(request.provider)}` });
        }
        const bytes = request.texts.reduce((n, t) => n + utf8.encode(t).length, 0);
        if (request.texts.length > MAX_EMBED_TEXTS || bytes > MAX_REQUEST_BYTES) {
          throw new WitError({ tag: 'too-large', val: `at most ${MAX_EMBED_TEXTS} texts and ${MAX_REQUEST_BYTES} bytes per call` });
        }
        let embedder;
        try {
          embedder = resolveEmbedder(config.provider, config.embedder);
        } catch (e) {
          if (e instanceof EmbedderError) throw new WitError({ tag: 'not-allowed', val: e.message });
          throw e;
        }
        if (embedder === null) {
          for (const t of request.texts) tap?.push(t);
          return request.texts.map((t) => offline.embed(t, offline.OFFLINE_DIMENSIONS));
        }
        return embedWithProvider(embedder, request.task, request.texts);
      },
    },

    kms: {
      async seal(ns, key, plaintext) {
        guestNamespace(ns);
        try {
          return await kms.seal(ns, key, plaintext);
        } catch (e) {
          throw kmsFailure(e);
        }
      },
      async open(ns, key, envelope) {
        guestNamespace(ns);
        try {
          return await kms.open(ns, key, envelope);
        } catch (e) {
          throw kmsFailure(e);
        }
      },
      async digest(data) {
        try {
          return await kms.digest(data);
        } catch (e) {
          throw kmsFailure(e);
        }
      },
      randomBytes(len) {
        return random(Math.min(len, MAX_RANDOM_BYTES));
      },
    },

    store: {
      async get(ns, key) {
        namespaceOf(ns);
        checkGuestKey(key);
        try {
          const value = await store.get(rowKey(ns, key));
          return typeof value === 'string' ? fromBase64(value) : undefined;
        } catch (e) {
          throw storeFailure(e);
        }
      },
      async put(ns, key, envelope, ttlSeconds) {
        const max = namespaceOf(ns);
        checkGuestKey(key);
        if (envelope.length > MAX_ENVELOPE_BYTES) throw new WitError({ tag: 'too-large', val: BigInt(MAX_ENVELOPE_BYTES) });
        try {
          await kms.open(ns, key, envelope);
        } catch {
          throw new WitError({ tag: 'not-sealed' });
        }
        const ttl = ttlSeconds === undefined || ttlSeconds === null ? max : Math.min(Number(ttlSeconds), max);
        try {
          if (ttl <= 0) await store.delete(rowKey(ns, key));
          else await store.set(rowKey(ns, key), toBase64(envelope), { ttl: { value: ttl, unit: 'SECONDS' } });
        } catch (e) {
          throw storeFailure(e);
        }
      },
      async delete(ns, key) {
        namespaceOf(ns);
        checkGuestKey(key);
        try {
          await store.delete(rowKey(ns, key));
        } catch (e) {
          throw storeFailure(e);
        }
      },
      async list(ns, prefix) {
        namespaceOf(ns);
        if (prefix !== '') checkGuestKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
        try {
          const keys = [];
          let cursor;
          do {
            let q = store.queryKeys().where('key', WhereConditions.beginsWith(rowKey(ns, prefix))).limit(100);
            if (cursor) q = q.cursor(cursor);
            const page = await q.getMany();
            for (const r of page.results) keys.push(guestKey(ns, r.key));
            cursor = page.nextCursor;
          } while (cursor && keys.length < MAX_LIST);
          return keys.sort().slice(0, MAX_LIST);
        } catch (e) {
          throw storeFailure(e);
        }
      },
    },

    clock: {
      now: () => now(),
    },

    log: {
      emit(level, message) {
        const line = [...message].filter((c) => !/\p{Cc}/u.test(c)).slice(0, MAX_LOG_LINE).join('');
        logger(level, `[${tenant}] guest: ${line}`);
      },
    },

    /** The tenant's audit chain (records of every model call). */
    audit,
  };
}
