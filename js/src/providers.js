// Why this file exists: where a generation request goes and how it authenticates, decided by the
// host from the tenant's configuration (never by the guest), ported from the Rust host
// (host/src/providers.rs): a fixed URL template per provider filled only with validated
// configuration, the provider's credential header, the top-level keys a body may have, POST with
// retries of 429/5xx answers (jittered exponential backoff honouring Retry-After, bounded by the
// deadline), no redirects, a response size cap, and token counts for the audit record.

import { isIP } from 'node:net';

/** The Vertex AI locations a tenant may choose. */
export const VERTEX_REGIONS = ['europe-west1', 'europe-west3', 'europe-west4', 'europe-west9', 'europe-north1', 'us-central1', 'us-east4', 'asia-northeast1'];
/** The Azure OpenAI API version requests are pinned to. */
export const AZURE_API_VERSION = '2024-10-21';
/** The largest response body read: 2 MiB. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const MAX_ATTEMPTS = 3;
const BASE_BACKOFF_MS = 250;

/** Why a provider call could not be made or did not succeed (`refused` → `not-allowed`). */
export class CallError extends Error {
  /** @param {'refused'|'rate-limited'|'unavailable'} kind */
  constructor(kind, detail) {
    super(`${kind}: ${detail}`);
    this.name = 'CallError';
    this.kind = kind;
    this.detail = detail;
  }
}

/** The network providers; `offline` and unknown names are not. */
export const NETWORK_PROVIDERS = ['vertex-gemini', 'gemini-api', 'openai', 'anthropic', 'azure-openai'];

/** Bring-your-own-model providers need the Advanced plan and the tenant's own key. */
export const isByom = (provider) => provider !== 'vertex-gemini';

const ALLOWED_KEYS = {
  'vertex-gemini': ['systemInstruction', 'contents', 'generationConfig'],
  'gemini-api': ['systemInstruction', 'contents', 'generationConfig'],
  openai: ['model', 'store', 'max_completion_tokens', 'messages'],
  'azure-openai': ['max_tokens', 'temperature', 'messages'],
  anthropic: ['model', 'max_tokens', 'system', 'messages'],
};

/** Names that go into URLs: 1 to 64 letters, digits, `.`, `_`, `-`. */
function checkName(what, value) {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(value)) {
    throw new CallError('refused', `${what} ${JSON.stringify(value)} must be 1 to 64 letters, digits, '.', '_' or '-'`);
  }
}

/** An operator's base URL: https anywhere, or http to a literal loopback address only (a name
 * such as `localhost` is resolved, so plain http to it could leave the machine). */
export function checkBase(base) {
  const b = base.replace(/\/+$/, '');
  if (b.startsWith('https://') || (b.startsWith('http://') && loopbackOrigin(b) !== null)) return b;
  throw new CallError('refused', `base URL ${JSON.stringify(b)} must be https, or http to a literal loopback address`);
}

/** `scheme://host:port` of `base` when its host is a literal loopback address (`localhost`,
 * which is resolved, is not one), else null. */
export function loopbackOrigin(base) {
  let url;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // IPv4 as written, not as the URL parser normalizes it (`127.1`, `0x7f.0.0.1`); IPv6 in any
  // spelling (the parser only compresses it); no user info: the addresses the Rust host accepts.
  const authority = base.slice(base.indexOf('//') + 2).split(/[/?#]/)[0];
  const ipv6 = authority.startsWith('[');
  if (url.username || url.password || authority.includes('@') || (!ipv6 && authority.split(':')[0] !== url.hostname)) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || (isIP(host) === 6 && host === '::1');
  return loopback ? url.origin : null;
}

/**
 * The generation endpoint for the tenant's configuration.
 * @param {string} provider
 * @param {{model: string, region?: string, account?: string}} config
 * @param {string|undefined} base the operator's origin override
 * @param {string} credential
 * @returns {{url: string, headers: Record<string, string>}}
 */
export function generationEndpoint(provider, config, base, credential) {
  return route(provider, 'generate', config.model, config, base, credential);
}

/**
 * The embeddings endpoint of `model` (for Azure OpenAI, the embedding deployment) on the
 * tenant's provider; same origin, region, account and credential as generation.
 */
export function embeddingEndpoint(provider, model, config, base, credential) {
  if (provider === 'anthropic') throw new CallError('refused', 'Anthropic has no embeddings API; anthropic tenants use the offline embedder');
  return route(provider, 'embed', model, config, base, credential);
}

/** Where `operation` (`generate` or `embed`) of `model` goes, as the Rust host's `route`. */
function route(provider, operation, model, config, base, credential) {
  checkName('model', model);
  const embed = operation === 'embed';
  let origin;
  let path;
  let headers;
  switch (provider) {
    case 'vertex-gemini': {
      const region = config.region;
      if (!VERTEX_REGIONS.includes(region)) throw new CallError('refused', `region ${JSON.stringify(region)} is not one of ${JSON.stringify(VERTEX_REGIONS)}`);
      checkName('account (Google Cloud project)', config.account);
      origin = `https://${region}-aiplatform.googleapis.com`;
      path = `/v1/projects/${config.account}/locations/${region}/publishers/google/models/${model}:${embed ? 'predict' : 'generateContent'}`;
      headers = { authorization: `Bearer ${credential}` };
      break;
    }
    case 'gemini-api':
      origin = 'https://generativelanguage.googleapis.com';
      path = `/v1beta/models/${model}:${embed ? 'batchEmbedContents' : 'generateContent'}`;
      headers = { 'x-goog-api-key': credential };
      break;
    case 'openai':
      origin = 'https://api.openai.com';
      path = embed ? '/v1/embeddings' : '/v1/chat/completions';
      headers = { authorization: `Bearer ${credential}` };
      break;
    case 'anthropic':
      origin = 'https://api.anthropic.com';
      path = '/v1/messages';
      headers = { 'x-api-key': credential, 'anthropic-version': '2023-06-01' };
      break;
    case 'azure-openai':
      checkName('account (Azure resource)', config.account);
      origin = `https://${config.account}.openai.azure.com`;
      path = `/openai/deployments/${model}/${embed ? 'embeddings' : 'chat/completions'}?api-version=${AZURE_API_VERSION}`;
      headers = { 'api-key': credential };
      break;
    default:
      throw new CallError('refused', `provider ${JSON.stringify(provider)} is not a network provider`);
  }
  return { url: `${base === undefined ? origin : checkBase(base)}${path}`, headers };
}

/** Keys of each provider's embeddings request, as `host/src/providers.rs` allows them. */
const EMBEDDING_KEYS = {
  'vertex-gemini': ['instances', 'parameters'],
  'gemini-api': ['requests'],
  openai: ['model', 'input', 'dimensions'],
  'azure-openai': ['input', 'dimensions'],
  anthropic: [],
};

/** Refuses a body that is not a JSON object with only the provider's keys. */
export function checkBody(provider, body) {
  checkKeys(body, ALLOWED_KEYS[provider] ?? []);
}

/**
 * Refuses an embeddings body that is not a JSON object with only the keys of the provider's
 * embeddings request. The host builds these bodies itself from the guest's texts; the check keeps
 * that code honest the same way {@link checkBody} keeps the guest's (twin of Rust's
 * `check_embedding_body`).
 */
export function checkEmbeddingBody(provider, body) {
  checkKeys(body, EMBEDDING_KEYS[provider] ?? []);
}

function checkKeys(body, allowed) {
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new CallError('refused', `the body is not json: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CallError('refused', 'the body is not a json object');
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new CallError('refused', `the body field ${JSON.stringify(extra)} is not allowed; expected only ${JSON.stringify(allowed)}`);
}

/** Token counts from a provider's answer (0 when absent). */
export function usage(provider, body) {
  let v = {};
  try {
    v = JSON.parse(body) ?? {};
  } catch {
    // counts stay 0
  }
  const count = (n) => (Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : 0);
  switch (provider) {
    case 'vertex-gemini':
    case 'gemini-api':
      return [count(v.usageMetadata?.promptTokenCount), count(v.usageMetadata?.candidatesTokenCount)];
    case 'openai':
    case 'azure-openai':
      return [count(v.usage?.prompt_tokens), count(v.usage?.completion_tokens)];
    case 'anthropic':
      return [count(v.usage?.input_tokens), count(v.usage?.output_tokens)];
    default:
      return [0, 0];
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readCapped(response, max) {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new CallError('unavailable', `the response could not be read within ${max} bytes`);
    }
    chunks.push(value);
  }
  // Decoded strictly, as the Rust host's `String::from_utf8`: a body that is not UTF-8 fails (a
  // lenient decode would hand the guest U+FFFD where the Rust host fails), and a leading byte
  // order mark is kept, as there. Asking again would not change the answer, so `post` does not
  // retry it (a CallError thrown here ends `post`); it is audited as any `unavailable` answer.
  try {
    return STRICT_UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new CallError('unavailable', `the response could not be read within ${max} bytes: the body is not valid UTF-8`);
  }
}

/**
 * POSTs `body`, retrying 429 and 5xx answers and connection failures, never past `deadline`
 * (epoch ms). The final 429 or 5xx becomes an error; any other answer is returned.
 * @param {{url: string, headers: Record<string,string>}} endpoint
 * @param {string} body
 * @param {{fetch: typeof fetch, deadline: number, jitter?: () => number, maxResponseBytes?: number}} options
 */
export async function post(endpoint, body, { fetch, deadline, jitter = Math.random, maxResponseBytes = MAX_RESPONSE_BYTES }) {
  let last = new CallError('unavailable', 'no attempt was made before the deadline');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let retryAfterMs = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...endpoint.headers },
        body,
        signal: AbortSignal.timeout(remaining),
      });
      const status = response.status;
      if (status === 429 || status >= 500) {
        const ra = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
        retryAfterMs = Number.isFinite(ra) && ra >= 0 ? ra * 1000 : null;
        await response.body?.cancel();
        last = status === 429 ? new CallError('rate-limited', retryAfterMs === null ? 1 : Math.floor(retryAfterMs / 1000)) : new CallError('unavailable', `status ${status}`);
      } else if (status >= 300 && status < 400) {
        await response.body?.cancel();
        throw new CallError('unavailable', `status ${status}: redirects are not followed`);
      } else {
        return { status, body: await readCapped(response, maxResponseBytes) };
      }
    } catch (e) {
      if (e instanceof CallError) throw e;
      if (e?.name === 'EgressRefused') throw e;
      last = new CallError('unavailable', `the provider could not be reached (${e?.name ?? 'error'})`);
    }
    const backoff = BASE_BACKOFF_MS * 2 ** attempt;
    const wait = Math.max(retryAfterMs ?? backoff, backoff) * (1 + 0.5 * jitter());
    if (attempt + 1 === MAX_ATTEMPTS || Date.now() + wait >= deadline) break;
    await sleep(wait);
  }
  throw last;
}
