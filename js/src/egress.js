// Why this file exists: a Forge function may only reach the hosts its manifest lists under
// `permissions.external.fetch.backend`. The Node host enforces the same list itself, before any
// request is made: a URL outside the list is refused without calling `fetch`, and redirects are
// never followed (a redirect could leave the list). This mirrors, inside the function, what the
// Forge platform enforces around it, so a misconfigured provider fails the same way in tests.

/** A request refused by the egress allow-list; nothing was sent. */
export class EgressRefused extends Error {
  constructor(url) {
    super(`egress to ${url.origin} is not in the allow-list (permissions.external.fetch.backend); nothing was sent`);
    this.name = 'EgressRefused';
    this.origin = url.origin;
  }
}

/**
 * The `permissions.external.fetch.backend` entries of a parsed manifest (strings, or objects with
 * an `address`).
 * @param {any} manifest
 * @returns {string[]}
 */
export function allowListFromManifest(manifest) {
  const backend = manifest?.permissions?.external?.fetch?.backend ?? [];
  if (!Array.isArray(backend)) throw new TypeError('permissions.external.fetch.backend must be a list');
  return backend.map((entry) => (typeof entry === 'string' ? entry : entry?.address)).filter((a) => typeof a === 'string' && a !== '');
}

/**
 * One allow-list entry: `host`, `*.domain`, `https://host[:port]`, or `http://host:port` (an
 * entry without a scheme allows https only; a port must match exactly when given, else the
 * scheme's default port is required).
 */
export function parseAllowEntry(entry) {
  const text = entry.trim().toLowerCase();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`;
  const wildcard = /^https?:\/\/\*\./.test(withScheme);
  const url = new URL(wildcard ? withScheme.replace('*.', 'wildcard-placeholder.') : withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`allow-list entry ${entry}: only http and https`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`allow-list entry ${entry}: expected a host, without path, query or credentials`);
  }
  const host = wildcard ? url.hostname.replace(/^wildcard-placeholder\./, '') : url.hostname;
  return { protocol: url.protocol, host, wildcard, port: url.port };
}

/** Whether `url` is allowed by `entries`. */
export function isAllowed(url, entries) {
  const u = url instanceof URL ? url : new URL(url);
  return entries.some((raw) => {
    const e = typeof raw === 'string' ? parseAllowEntry(raw) : raw;
    if (u.protocol !== e.protocol || u.port !== e.port) return false;
    const host = u.hostname.toLowerCase();
    return e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host;
  });
}

/**
 * `fetch` restricted to `allowList`: refused URLs throw `EgressRefused` before any request, and
 * redirects are returned, never followed.
 * @param {string[]} allowList
 * @param {typeof fetch} [fetchImpl]
 */
export function guardedFetch(allowList, fetchImpl = globalThis.fetch) {
  const entries = allowList.map(parseAllowEntry);
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (!isAllowed(url, entries)) throw new EgressRefused(url);
    return fetchImpl(url, { ...init, redirect: 'manual' });
  };
}
