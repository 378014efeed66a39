// Why this file exists: the operator's credential for the default provider, Vertex AI, when a
// fixed access token will not do. A token lasts an hour, so a Forge app configured with one
// (`SYNCO_VERTEX_TOKEN`) stops working an hour later; given the Google service-account key file
// instead, the host mints its own tokens with the OAuth 2.0 JWT bearer grant (RFC 7523, Google's
// "service account" flow), as the Rust host does (host/src/vertex_auth.rs): an RS256 assertion
// signed with the account's key is exchanged at Google's token endpoint for an access token, which
// is reused until five minutes before it expires; a token Vertex AI refuses with 401 is dropped.
// The key never leaves the host: only the signed assertion is sent, only to Google's token
// endpoint (a base-URL override reroutes it only when it is a literal loopback address, for
// tests), through the same egress allow-list as every other request; neither key nor token
// reaches the guest, logs or audit records.

import { createPrivateKey, sign } from 'node:crypto';

import { CallError, loopbackOrigin, post } from './providers.js';

/** Google's OAuth 2.0 token endpoint, the only one a service account's tokens are minted at. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** The scope the minted tokens carry (Vertex AI accepts the Cloud Platform scope). */
export const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** How long a minted token is asked to last, in seconds (Google's maximum). */
const ASSERTION_LIFETIME_S = 3600;
/** A token is renewed this long before it expires, so none is sent about to expire. */
const RENEW_BEFORE_MS = 300_000;
/** The shortest token lifetime accepted from the token endpoint, in seconds. */
const MIN_TOKEN_LIFETIME_S = 60;
/** The largest token response read. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** The grant type of RFC 7523. */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Why a Vertex AI credential could not be had (`kind` `key` or `mint`); never carries the key or a token. */
export class VertexAuthError extends Error {
  constructor(kind, detail) {
    super(kind === 'key' ? `the vertex service account key is unusable: ${detail}` : `no vertex access token could be minted: ${detail}`);
    this.name = 'VertexAuthError';
    this.kind = kind;
  }
}

/** Mints and caches Vertex AI access tokens for one service account. */
export class ServiceAccountTokens {
  #email;
  #key;
  #now;
  #live = null;
  #minting = null;

  /**
   * The minter for the service-account key file text `keyJson` (Google's format: `type`
   * `service_account`, `client_email`, `private_key` PEM; a `token_uri` other than Google's is
   * refused, so a tampered file cannot send assertions elsewhere).
   * @param {string} keyJson
   * @param {{now?: () => number}} [options] the clock (ms since the epoch)
   */
  constructor(keyJson, { now = Date.now } = {}) {
    const file = parseKeyFile(keyJson);
    this.#email = file.client_email;
    this.#key = rsaKey(file.private_key);
    this.#now = now;
  }

  /** The service account's email (its identity, not a secret). */
  get email() {
    return this.#email;
  }

  /**
   * The access token to send now: the cached one, or a new one when there is none or it is about
   * to expire. Calls that need a new token at the same time share one request, each waiting only
   * until its own deadline; a call whose shared request failed (on another call's shorter
   * deadline, say) tries once more on its own. If minting fails, a token not yet expired is used.
   * @param {{fetch: typeof fetch, baseUrl?: string, deadline: number}} how the egress-guarded
   *   fetch, the operator's origin override, and the deadline (ms since the epoch)
   * @returns {Promise<string>}
   */
  async token({ fetch, baseUrl, deadline }) {
    const cached = this.#live;
    if (cached && this.#now() < cached.renewAt) return cached.token;
    try {
      return (await this.#shared(fetch, baseUrl, deadline)).token;
    } catch (e) {
      if (cached && this.#now() < cached.expiresAt) return cached.token;
      throw e;
    }
  }

  /** Waits, until `deadline`, for the mint in flight, starting one when there is none. */
  async #shared(fetch, baseUrl, deadline) {
    for (let attempt = 0; ; attempt++) {
      const joined = this.#minting !== null;
      if (!joined) this.#minting = this.#start(fetch, baseUrl, deadline);
      try {
        return await beforeDeadline(this.#minting, deadline);
      } catch (e) {
        if (!joined || attempt > 0 || e instanceof DeadlinePassed || Date.now() >= deadline) throw e;
      }
    }
  }

  /** A mint whose result becomes the cached token; it stops being the one in flight when done. */
  #start(fetch, baseUrl, deadline) {
    const minting = this.#mint(fetch, baseUrl, deadline).then((live) => {
      this.#live = live;
      return live;
    });
    const done = () => {
      if (this.#minting === minting) this.#minting = null;
    };
    minting.then(done, done);
    return minting;
  }

  /** Drops `token` because Vertex AI refused it (status 401), so the next call mints another;
   * a token minted since is kept. */
  rejected(token) {
    if (this.#live?.token === token) this.#live = null;
  }

  async #mint(fetch, baseUrl, deadline) {
    const requestedAt = this.#now();
    const form = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: this.#assertion(requestedAt) });
    let reply;
    try {
      const endpoint = { url: tokenUrl(baseUrl), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      reply = await post(endpoint, form.toString(), { fetch, deadline, maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES });
    } catch (e) {
      if (e instanceof CallError) throw new VertexAuthError('mint', e.kind === 'rate-limited' ? 'the token endpoint answered status 429' : e.detail);
      throw e;
    }
    if (reply.status !== 200) throw new VertexAuthError('mint', `the token endpoint answered status ${reply.status}${oauthError(reply.body)}`);
    return parseAnswer(reply.body, requestedAt);
  }

  /** The signed RS256 assertion, valid for an hour from `atMs`. */
  #assertion(atMs) {
    const iat = Math.floor(atMs / 1000);
    const claims = { iss: this.#email, scope: SCOPE, aud: GOOGLE_TOKEN_URI, iat, exp: iat + ASSERTION_LIFETIME_S };
    const input = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.#key).toString('base64url')}`;
  }
}

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A caller's deadline passed while it waited for a shared mint (which may still finish). */
class DeadlinePassed extends VertexAuthError {
  constructor() {
    super('mint', 'the token request did not finish before the deadline');
  }
}

/** `promise`, or a DeadlinePassed rejection once `deadline` (ms since the epoch) has passed. */
async function beforeDeadline(promise, deadline) {
  let timer;
  const passed = new Promise((_, reject) => {
    // setTimeout fires at once for delays past 2^31 - 1 ms (about 24.8 days): clamp to that.
    timer = setTimeout(() => reject(new DeadlinePassed()), Math.min(2 ** 31 - 1, Math.max(0, deadline - Date.now())));
  });
  try {
    return await Promise.race([promise, passed]);
  } finally {
    clearTimeout(timer);
  }
}

/** The fields of a Google service-account key file, checked. */
function parseKeyFile(keyJson) {
  let file;
  try {
    file = JSON.parse(keyJson);
  } catch {
    // V8's message quotes the text around the error, which may be the private key.
    throw new VertexAuthError('key', 'not a service account key file: it is not valid json');
  }
  if (file === null || typeof file !== 'object') throw new VertexAuthError('key', 'not a service account key file: expected a json object');
  if (file.type !== 'service_account') throw new VertexAuthError('key', `its type is ${JSON.stringify(file.type)}; expected "service_account"`);
  if (file.token_uri !== undefined && file.token_uri !== GOOGLE_TOKEN_URI) {
    throw new VertexAuthError('key', `its token_uri is ${JSON.stringify(file.token_uri)}; expected ${JSON.stringify(GOOGLE_TOKEN_URI)}`);
  }
  if (typeof file.client_email !== 'string' || file.client_email === '') throw new VertexAuthError('key', 'it has no client_email');
  if (typeof file.private_key !== 'string') throw new VertexAuthError('key', 'it has no private_key');
  return file;
}

/** The RSA private key in `pem`. */
function rsaKey(pem) {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new VertexAuthError('key', 'its private_key is not a private key in pem');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new VertexAuthError('key', `its private_key is an ${key.asymmetricKeyType} key; expected rsa`);
  return key;
}

/** Where assertions go: Google's token endpoint, or `/token` on a base-URL override that is a
 * literal loopback address (tests' stand-ins); any other override (a gateway) is not trusted
 * with them. */
export function tokenUrl(baseUrl) {
  const origin = baseUrl === undefined ? null : loopbackOrigin(baseUrl);
  return origin === null ? GOOGLE_TOKEN_URI : `${origin}/token`;
}

/** The token in the token endpoint's answer `body`, asked for at `requestedAt`: a bearer token,
 * kept for its lifetime (an hour when unsaid, at most an hour, at least a minute) less five
 * minutes. */
function parseAnswer(body, requestedAt) {
  let answer;
  try {
    answer = JSON.parse(body);
  } catch {
    answer = null;
  }
  if (answer === null || typeof answer !== 'object' || typeof answer.access_token !== 'string' || typeof answer.token_type !== 'string') {
    throw new VertexAuthError('mint', "the token endpoint's answer is not an oauth token response");
  }
  if (answer.token_type.toLowerCase() !== 'bearer' || answer.access_token === '') {
    throw new VertexAuthError('mint', `the token endpoint answered a ${JSON.stringify(answer.token_type)} token; expected a bearer token`);
  }
  const expiresIn = answer.expires_in ?? ASSERTION_LIFETIME_S;
  if (!Number.isFinite(expiresIn) || expiresIn < MIN_TOKEN_LIFETIME_S) {
    throw new VertexAuthError('mint', `the token endpoint answered a token lasting ${JSON.stringify(expiresIn)}s; expected at least ${MIN_TOKEN_LIFETIME_S}s`);
  }
  const lifetimeMs = Math.min(expiresIn, ASSERTION_LIFETIME_S) * 1000;
  return { token: answer.access_token, renewAt: requestedAt + lifetimeMs - RENEW_BEFORE_MS, expiresAt: requestedAt + lifetimeMs };
}

/** `: <error code>` from an OAuth error answer (RFC 6749 §5.2), or nothing. The code is one of a
 * few fixed words, never a secret; the free-text description is left out. */
function oauthError(body) {
  let code;
  try {
    code = JSON.parse(body)?.error;
  } catch {
    return '';
  }
  return typeof code === 'string' && code.length <= 64 && /^[A-Za-z0-9_]+$/.test(code) ? `: ${code}` : '';
}
