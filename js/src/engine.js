// Why this file exists: the small, typed JavaScript API over the transpiled Sync-o component — the
// same component bytes wasmtime runs — for a Forge function: `sync`, `redact`, `diff`, `rank` (and
// `merge`, `indexPage`, `related`). It loads the core wasm from base64 inlined at transpile time,
// so a bundled function reads no file at run time; instantiates the component synchronously with
// the imports the host passes (jco `--instantiation async` output, driven with precompiled modules);
// maps the component's `ComponentError`s to typed errors; and runs the capability-using exports
// through the replay bridge (see replay.js), since Forge capabilities are asynchronous.

import { componentSha256, coreModules } from '../engine-gen/core-wasm.js';
import { instantiate } from '../engine-gen/synco.js';
import { DocumentError, EngineError, EngineTrap, HostError, RankingError, RedactionError, SyncError } from './errors.js';
import { runReplayed } from './replay.js';
import { GuestExit, wasiImports } from './wasi.js';

export * from './errors.js';

/** The policy that redacts every kind and allows nothing through. */
export const DEFAULT_POLICY = Object.freeze({ disabled: Object.freeze([]), allow: Object.freeze([]), custom: Object.freeze([]) });

let compiled;

/** Compiles the inlined core modules once per process (WebAssembly modules are immutable and
 * shareable; instances are not). */
function compileModules() {
  compiled ??= Promise.all(
    Object.entries(coreModules).map(async ([name, b64]) => [name, await WebAssembly.compile(decodeBase64(b64))]),
  ).then(Object.fromEntries);
  return compiled;
}

function decodeBase64(b64) {
  if (typeof Buffer !== 'undefined') return Buffer.from(b64, 'base64');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** Imports for calls that must not reach any capability (the `pure` functions). */
function denyingCapabilities() {
  const deny = (name) => () => {
    throw new HostError(`the pure function called the ${name} capability`);
  };
  return {
    'synco:engine/model': { generate: deny('model'), embed: deny('model') },
    'synco:engine/kms': { seal: deny('kms'), open: deny('kms'), digest: deny('kms'), randomBytes: deny('kms') },
    'synco:engine/store': { get: deny('store'), put: deny('store'), delete: deny('store'), list: deny('store') },
    'synco:engine/clock': { now: deny('clock') },
    'synco:engine/log': { emit: deny('log') },
  };
}

/** Maps whatever an export threw to the API's typed errors. */
function mapError(e, ContractClass) {
  if (e instanceof EngineError) return e;
  if (e && typeof e === 'object' && 'payload' in e && e.payload && typeof e.payload === 'object' && 'tag' in e.payload) {
    return new ContractClass(e.payload, { cause: e });
  }
  if (e instanceof GuestExit) return new EngineTrap(e.message, { cause: e });
  if (e instanceof WebAssembly.RuntimeError) return new EngineTrap(e.message, { cause: e });
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new EngineTrap('stack overflow', { cause: e });
  return new HostError(`the engine call failed: ${e?.message ?? String(e)}`, { cause: e });
}

function policyOf(policy) {
  return {
    disabled: [...(policy?.disabled ?? [])],
    allow: [...(policy?.allow ?? [])],
    custom: (policy?.custom ?? []).map((c) => ({ name: c.name, pattern: c.pattern })),
  };
}

function disposeResource(r) {
  const dispose = r?.[Symbol.dispose] ?? r?.[Symbol.for('dispose')];
  if (typeof dispose === 'function') dispose.call(r);
}

/**
 * Loads the engine. The first call compiles the component's core modules (about 10 ms); later
 * calls reuse them.
 * @param {import('./engine.d.ts').EngineOptions} [options]
 * @returns {Promise<Engine>}
 */
export async function loadEngine(options = {}) {
  return new Engine(await compileModules(), options);
}

/** The engine bound to one tenant's capabilities (create one per Forge invocation). */
export class Engine {
  /** @private */
  constructor(modules, options) {
    this._modules = modules;
    this._capabilities = options.capabilities ?? null;
    this._deadlineMs = options.deadlineMs;
    this._reuse = options.reusePureInstance ?? true;
    this._pure = null;
    /** Rounds and capability calls of the last capability-using call (diagnostics). */
    this.lastCallStats = null;
  }

  /** Lowercase hex sha256 of the component these bindings were transpiled from. */
  get componentSha256() {
    return componentSha256;
  }

  /** A fresh instance with `imports` for the capability interfaces. */
  _instantiate(capabilityImports) {
    const imports = { ...wasiImports(), ...capabilityImports };
    const core = (name) => {
      const m = this._modules[name];
      if (!m) throw new EngineError(`the transpiled engine has no core module ${name}`);
      return m;
    };
    return instantiate(core, imports, (module, imp) => new WebAssembly.Instance(module, imp));
  }

  /** Runs `f` on the instance for pure calls; a failed call discards the instance. */
  _pureCall(f, ContractClass) {
    const instance = this._reuse ? (this._pure ??= this._instantiate(denyingCapabilities())) : this._instantiate(denyingCapabilities());
    try {
      return f(instance);
    } catch (e) {
      this._pure = null;
      throw mapError(e, ContractClass);
    }
  }

  /**
   * Redacts `texts` with one redactor (so the same value gets the same placeholder in every text).
   * @returns {{texts: string[], counts: import('./engine.d.ts').KindCount[]}}
   */
  redact(texts, { policy = DEFAULT_POLICY, people = [] } = {}) {
    if (!Array.isArray(texts)) throw new TypeError('redact: expected an array of strings');
    return this._pureCall((instance) => {
      const redactor = instance.redaction.Redactor.create(policyOf(policy), people.map(personOf));
      try {
        const out = texts.map((t) => redactor.redact(t));
        return { texts: out, counts: redactor.counts() };
      } finally {
        disposeResource(redactor);
      }
    }, RedactionError);
  }

  /** Where `redact` would replace values in `text` (kinds and byte offsets; never the values). */
  detect(text, { policy = DEFAULT_POLICY, people = [] } = {}) {
    return this._pureCall((instance) => {
      const redactor = instance.redaction.Redactor.create(policyOf(policy), people.map(personOf));
      try {
        return redactor.detect(text);
      } finally {
        disposeResource(redactor);
      }
    }, RedactionError);
  }

  /** Compares two versions of a page body (storage format): a reviewable change. */
  diff(oldPage, newPage) {
    return this._pureCall((instance) => instance.diff.compare(oldPage, newPage), DocumentError);
  }

  /** Three-way merge of page bodies: `base` (Sync-o's last version), `theirs` (the current page),
   * `ours` (the newly generated one). */
  merge(base, theirs, ours) {
    return this._pureCall((instance) => instance.diff.merge(base, theirs, ours), DocumentError);
  }

  /**
   * Exact cosine top-k, best first, ties broken by id (the contract's `ranking.top-k`).
   * @param {Float32Array|number[]} query
   * @param {{id: string, vector: Float32Array|number[]}[]} candidates
   * @param {number} k
   */
  rank(query, candidates, k) {
    const q = query instanceof Float32Array ? query : Float32Array.from(query);
    const c = candidates.map(({ id, vector }) => ({ id, vector: vector instanceof Float32Array ? vector : Float32Array.from(vector) }));
    return this._pureCall((instance) => instance.ranking.topK(q, c, k), RankingError);
  }

  /** Runs one capability-using export through the replay bridge. */
  async _withCapabilities(invoke) {
    if (!this._capabilities) throw new HostError('this engine was loaded without capabilities: pass {capabilities} to loadEngine');
    try {
      return await runReplayed({
        instantiate: (imports) => this._instantiate(imports),
        invoke,
        capabilities: this._capabilities,
        deadlineMs: this._deadlineMs,
        onStats: (stats) => {
          this.lastCallStats = stats;
        },
      });
    } catch (e) {
      throw mapError(e, SyncError);
    }
  }

  /**
   * One sync of one ticket into one page: parse → redact → rank related pages → prompt → model →
   * restore → sanitize → merge → diff.
   * @param {import('./engine.d.ts').SyncRequest} request
   */
  async sync(request) {
    const req = {
      issueJson: request.issueJson,
      page: request.page,
      base: request.base ?? undefined,
      pageVersion: request.pageVersion,
      provider: request.provider ?? 'offline',
      model: request.model,
      policy: policyOf(request.policy),
      relatedLimit: request.relatedLimit ?? 3,
    };
    return this._withCapabilities((instance) => instance.sync.sync(req));
  }

  /** Adds or refreshes one page in the tenant's related-page index; returns its store key.
   * `provider` names the tenant's embedder provider (default `offline`). */
  async indexPage(page, { policy = DEFAULT_POLICY, provider = 'offline' } = {}) {
    const p = {
      id: page.id,
      space: page.space,
      title: page.title,
      labels: [...(page.labels ?? [])],
      storage: page.storage,
      updatedAt: BigInt(page.updatedAt ?? 0),
    };
    return this._withCapabilities((instance) => instance.sync.indexPage(p, policyOf(policy), provider));
  }

  /** The tenant's indexed pages most related to an issue, best first. */
  async related(issueJson, { policy = DEFAULT_POLICY, provider = 'offline', limit = 3 } = {}) {
    return this._withCapabilities((instance) => instance.sync.related(issueJson, policyOf(policy), provider, limit));
  }
}

function personOf(p) {
  return { accountId: p.accountId, displayName: p.displayName, email: p.email ?? undefined };
}
