// Why this file exists: the small, typed JavaScript API over the transpiled Sync-o component — the
// same component bytes wasmtime runs — for a Forge function: `sync`, `redact`, `diff`, `rank` (and
// `merge`, `indexPage`, `related`, and the in-memory ranking index, `createIndex`). It loads the
// core wasm from base64 inlined at transpile time, so a bundled function reads no file at run
// time; caps the guest's memory (memory-cap.js); instantiates the component synchronously with
// the imports the host passes (jco `--instantiation async` output, driven with precompiled
// modules); maps the component's `ComponentError`s to typed errors; and runs the
// capability-using exports through the replay bridge (see replay.js), since Forge capabilities
// are asynchronous.

import { pathToFileURL } from 'node:url';

import { componentSha256, coreModules } from '../engine-gen/core-wasm.js';
import { instantiate } from '../engine-gen/synco.js';
import { capabilityImports } from './contract.js';
import {
  DocumentError,
  EngineError,
  EngineTrap,
  HostError,
  MalformedTextError,
  MemoryLimitError,
  OutputTooLargeError,
  PayloadTooLargeError,
  RankingError,
  RedactionError,
  SyncError,
} from './errors.js';
import { DEFAULT_MEMORY_LIMIT_BYTES, MemoryCapError, withMemoryCap } from './memory-cap.js';
import { runReplayed } from './replay.js';
import { GuestExit, wasiImports } from './wasi.js';

export * from './errors.js';
export { DEFAULT_MEMORY_LIMIT_BYTES, MemoryCapError } from './memory-cap.js';

/** The policy that redacts every kind and allows nothing through. */
export const DEFAULT_POLICY = Object.freeze({ disabled: Object.freeze([]), allow: Object.freeze([]), custom: Object.freeze([]) });

/** The largest request (UTF-8 bytes of its texts) `sync`, `indexPage` and `related` accept: 5 MiB,
 * Forge's payload limit, as the Rust host's `Limits::payload_bytes` (host/src/limits.rs). */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** The largest result (UTF-8 bytes) `sync` hands back: 5 MiB, as the Rust host's
 * `Limits::output_bytes`, so that it fits back through Forge. */
export const OUTPUT_LIMIT_BYTES = 5 * 1024 * 1024;

/** The component this package was transpiled from (engine-gen/). */
const BUILT_IN = Object.freeze({ componentSha256, coreModules, instantiate });

/**
 * The bindings of the component in `transpiled`, a directory written by
 * `scripts/transpile.js --out DIR` (a path or a file: URL), or the built-in ones.
 */
async function bindingsOf(transpiled) {
  if (transpiled === undefined || transpiled === null) return BUILT_IN;
  const text = String(transpiled);
  const dir = transpiled instanceof URL ? transpiled : text.startsWith('file:') ? new URL(text) : pathToFileURL(text);
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  const [core, glue] = await Promise.all([import(new URL('core-wasm.js', base).href), import(new URL('synco.js', base).href)]);
  return { componentSha256: core.componentSha256, coreModules: core.coreModules, instantiate: glue.instantiate };
}

/** Compiled core modules, by the bindings' inlined modules and then by memory cap. */
const compiled = new WeakMap();

/** Compiles the inlined core modules of `bindings`, with their memory capped at
 * `memoryLimitBytes`, once per process and cap (WebAssembly modules are immutable and shareable;
 * instances are not). */
function compileModules(bindings, memoryLimitBytes) {
  if (!compiled.has(bindings.coreModules)) compiled.set(bindings.coreModules, new Map());
  const byCap = compiled.get(bindings.coreModules);
  if (!byCap.has(memoryLimitBytes)) {
    const capped = Object.entries(bindings.coreModules).map(([name, b64]) => [name, withMemoryCap(decodeBase64(b64), memoryLimitBytes)]);
    // The cap is per memory; with one memory in the component, it caps what an instance holds.
    const memories = capped.reduce((sum, [, c]) => sum + c.memories, 0);
    if (memories > 1) throw new MemoryCapError(`the component defines ${memories} memories; the memory cap can bound only a component with one`);
    const modules = Promise.all(capped.map(async ([name, c]) => [name, await WebAssembly.compile(c.bytes)])).then(Object.fromEntries);
    byCap.set(memoryLimitBytes, modules);
    modules.catch(() => byCap.delete(memoryLimitBytes));
  }
  return byCap.get(memoryLimitBytes);
}

function decodeBase64(b64) {
  if (typeof Buffer !== 'undefined') return Buffer.from(b64, 'base64');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** Imports for calls that must not reach any capability (the `pure` functions). */
function denyingCapabilities() {
  return capabilityImports((iface) => {
    throw new HostError(`the pure function called the ${iface} capability`);
  });
}

/**
 * Whether a trap is the guest giving up after an allocation failed: Rust aborts through its
 * allocation-error handler, which the trap's stack names a few frames down (V8 takes wasm
 * function names from the component's name section). With the memory capped (memory-cap.js),
 * that is the cap reached. (Rust's "memory allocation of N bytes failed" line never reaches
 * stderr here: printing it needs memory too. A process that shortens `Error.stackTraceLimit`
 * below about 8 frames gets EngineTrap instead; the isolated engine's thread sets its own.)
 */
function allocationFailed(trap) {
  return /__rust_alloc_error_handler|rust_oom/.test(String(trap.stack));
}

/**
 * Maps whatever an export threw to the API's typed errors; `memoryLimitBytes` is the engine's
 * cap, named when the guest ran out of memory.
 */
function mapError(e, ContractClass, memoryLimitBytes) {
  if (e instanceof EngineError) return e;
  if (e && typeof e === 'object' && 'payload' in e && e.payload && typeof e.payload === 'object' && 'tag' in e.payload) {
    return new ContractClass(e.payload, { cause: e });
  }
  if (e instanceof WebAssembly.RuntimeError && allocationFailed(e)) return new MemoryLimitError(memoryLimitBytes, { cause: e });
  if (e instanceof GuestExit) return new EngineTrap(e.message, { cause: e });
  if (e instanceof WebAssembly.RuntimeError) return new EngineTrap(e.message, { cause: e });
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new EngineTrap('stack overflow', { cause: e });
  return new HostError(`the engine call failed: ${e?.message ?? String(e)}`, { cause: e });
}

const utf8Encoder = new TextEncoder();

/** The UTF-8 length of `text` (0 for what is not a string: the bindings refuse that), as Rust's
 * `str::len`; exact, since texts are checked to be well-formed first. */
function utf8Bytes(text) {
  if (typeof text !== 'string') return 0;
  return typeof Buffer !== 'undefined' ? Buffer.byteLength(text, 'utf8') : utf8Encoder.encode(text).length;
}

/** The Rust host's `check_payload`: refuses a request of more than PAYLOAD_LIMIT_BYTES. */
function checkPayload(...texts) {
  const size = texts.reduce((n, t) => n + utf8Bytes(t), 0);
  if (size > PAYLOAD_LIMIT_BYTES) throw new PayloadTooLargeError(size, PAYLOAD_LIMIT_BYTES);
}

/** The Rust host's `check_output`: refuses a result of more than OUTPUT_LIMIT_BYTES. */
function checkOutput(...texts) {
  const size = texts.reduce((n, t) => n + utf8Bytes(t), 0);
  if (size > OUTPUT_LIMIT_BYTES) throw new OutputTooLargeError(size, OUTPUT_LIMIT_BYTES);
}

/**
 * Refuses any string in `args` (a call's arguments, by name, as they go to the guest) that is not
 * well-formed UTF-16: a lone surrogate cannot be encoded as UTF-8, and the bindings' encoder would
 * put U+FFFD in its place without a word. The error names the argument (`texts[1]`,
 * `request.page`, `people[0].displayName`).
 */
function checkWellFormed(args) {
  const visit = (value, path) => {
    if (typeof value === 'string') {
      if (!value.isWellFormed()) throw new MalformedTextError(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, v] of Object.entries(value)) visit(v, `${path}.${key}`);
    }
  };
  for (const [name, value] of Object.entries(args)) visit(value, name);
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
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  const bindings = await bindingsOf(options.transpiled);
  return new Engine(bindings, await compileModules(bindings, memoryLimitBytes), { ...options, memoryLimitBytes });
}

/** The engine bound to one tenant's capabilities (create one per Forge invocation). */
export class Engine {
  /** @private */
  constructor(bindings, modules, options) {
    this._bindings = bindings;
    this._modules = modules;
    this._capabilities = options.capabilities ?? null;
    this._deadlineMs = options.deadlineMs;
    this._reuse = options.reusePureInstance ?? true;
    /** The cap on the guest's memory, in bytes. */
    this.memoryLimitBytes = options.memoryLimitBytes;
    this._pure = null;
    /** Rounds and capability calls of the last capability-using call (diagnostics). */
    this.lastCallStats = null;
  }

  /** Lowercase hex sha256 of the component these bindings were transpiled from. */
  get componentSha256() {
    return this._bindings.componentSha256;
  }

  /** A fresh instance with `imports` for the capability interfaces. */
  _instantiate(capabilityImports) {
    const imports = { ...wasiImports(), ...capabilityImports };
    const core = (name) => {
      const m = this._modules[name];
      if (!m) throw new EngineError(`the transpiled engine has no core module ${name}`);
      return m;
    };
    return this._bindings.instantiate(core, imports, (module, imp) => new WebAssembly.Instance(module, imp));
  }

  /** Runs `f` on the instance for pure calls; a failed call discards the instance. */
  _pureCall(f, ContractClass) {
    try {
      const instance = this._reuse ? (this._pure ??= this._instantiate(denyingCapabilities())) : this._instantiate(denyingCapabilities());
      return f(instance);
    } catch (e) {
      this._pure = null;
      throw mapError(e, ContractClass, this.memoryLimitBytes);
    }
  }

  /**
   * Redacts `texts` with one redactor (so the same value gets the same placeholder in every text).
   * @returns {{texts: string[], counts: import('./engine.d.ts').KindCount[]}}
   */
  redact(texts, { policy = DEFAULT_POLICY, people = [] } = {}) {
    if (!Array.isArray(texts)) throw new TypeError('redact: expected an array of strings');
    const [p, persons] = [policyOf(policy), people.map(personOf)];
    checkWellFormed({ texts, policy: p, people: persons });
    return this._pureCall((instance) => {
      const redactor = instance.redaction.Redactor.create(p, persons);
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
    const [p, persons] = [policyOf(policy), people.map(personOf)];
    checkWellFormed({ text, policy: p, people: persons });
    return this._pureCall((instance) => {
      const redactor = instance.redaction.Redactor.create(p, persons);
      try {
        return redactor.detect(text);
      } finally {
        disposeResource(redactor);
      }
    }, RedactionError);
  }

  /** Compares two versions of a page body (storage format): a reviewable change. */
  diff(oldPage, newPage) {
    checkWellFormed({ oldPage, newPage });
    return this._pureCall((instance) => instance.diff.compare(oldPage, newPage), DocumentError);
  }

  /** Three-way merge of page bodies: `base` (Sync-o's last version), `theirs` (the current page),
   * `ours` (the newly generated one). */
  merge(base, theirs, ours) {
    checkWellFormed({ base, theirs, ours });
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
    checkWellFormed({ candidates: c });
    return this._pureCall((instance) => instance.ranking.topK(q, c, k), RankingError);
  }

  /**
   * An empty in-memory ranking index of `dimension`-dimensional vectors (the contract's
   * `ranking.index`). It lives in an instance of its own, so its memory goes with it
   * (`dispose()`) and no other call can disturb it.
   * @param {number} dimension
   * @returns {RankingIndex}
   */
  createIndex(dimension) {
    if (!Number.isInteger(dimension) || dimension < 0 || dimension > 0xffffffff) throw new TypeError('createIndex: the dimension must be a u32');
    let instance;
    let resource;
    try {
      instance = this._instantiate(denyingCapabilities());
      resource = new instance.ranking.Index(dimension);
    } catch (e) {
      throw mapError(e, RankingError, this.memoryLimitBytes);
    }
    return new RankingIndex(resource, dimension, this.memoryLimitBytes);
  }

  /** Throws unless the engine has capabilities (the Rust host's "not installed" comes first too). */
  _requireCapabilities() {
    if (!this._capabilities) throw new HostError('this engine was loaded without capabilities: pass {capabilities} to loadEngine');
  }

  /** Runs one capability-using export through the replay bridge. */
  async _withCapabilities(invoke) {
    this._requireCapabilities();
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
      throw mapError(e, SyncError, this.memoryLimitBytes);
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
    checkWellFormed({ request: req });
    this._requireCapabilities();
    checkPayload(req.issueJson, req.page, req.base);
    const outcome = await this._withCapabilities((instance) => instance.sync.sync(req));
    checkOutput(outcome.page, outcome.review.html, outcome.review.editScript);
    return outcome;
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
    const pol = policyOf(policy);
    checkWellFormed({ page: p, policy: pol, provider });
    this._requireCapabilities();
    checkPayload(p.storage, p.title);
    return this._withCapabilities((instance) => instance.sync.indexPage(p, pol, provider));
  }

  /**
   * The tenant's indexed pages most related to an issue, best first (the issue is redacted first,
   * as in a sync). Default: `hybrid` (as `sync` ranks), `limit` 5, no filter, no diversification.
   * @param {string} issueJson
   * @param {import('./engine.d.ts').RelatedOptions} [options]
   */
  async related(issueJson, { policy = DEFAULT_POLICY, provider = 'offline', limit = 5, mode = 'hybrid', filter, diversity } = {}) {
    const options = { limit: u32Of(limit, 'related: limit'), mode: modeOf(mode, 'related'), filter: filterOf(filter), diversity: diversityOf(diversity) };
    const pol = policyOf(policy);
    checkWellFormed({ issueJson, policy: pol, provider, options });
    this._requireCapabilities();
    checkPayload(issueJson);
    return this._withCapabilities((instance) => instance.sync.related(issueJson, pol, provider, options));
  }
}

const RANKING_MODES = new Set(['vector', 'lexical', 'hybrid']);

function modeOf(mode, what) {
  if (!RANKING_MODES.has(mode)) throw new TypeError(`${what}: mode must be 'vector', 'lexical' or 'hybrid', not ${JSON.stringify(mode)}`);
  return mode;
}

function u32Of(n, what) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TypeError(`${what} must be a u32, not ${String(n)}`);
  return n;
}

/** A JS filter (missing fields: no filtering) → the contract's `filter`. */
function filterOf(filter) {
  const after = filter?.updatedAfter;
  return {
    spaces: [...(filter?.spaces ?? [])],
    labels: [...(filter?.labels ?? [])],
    updatedAfter: after === undefined || after === null ? undefined : BigInt(after instanceof Date ? after.getTime() : after),
  };
}

/** `null`/`undefined` → none (no diversification); otherwise the MMR λ (checked by the guest). */
function diversityOf(d) {
  if (d === undefined || d === null) return undefined;
  if (typeof d !== 'number') throw new TypeError(`diversity must be a number in [0, 1] or null, not ${typeof d}`);
  return d;
}

const f32s = (v) => (v instanceof Float32Array ? v : Float32Array.from(v));

function entryOf(e) {
  return {
    id: e.id,
    space: e.space ?? '',
    labels: [...(e.labels ?? [])],
    updatedAt: BigInt(e.updatedAt ?? 0),
    text: e.text ?? '',
    vector: f32s(e.vector),
  };
}

function queryOf(q) {
  return {
    vector: f32s(q.vector ?? []),
    text: q.text ?? '',
    k: u32Of(q.k, 'query k'),
    filter: filterOf(q.filter),
    mode: modeOf(q.mode ?? 'vector', 'query'),
    diversity: diversityOf(q.diversity),
  };
}

function scanOf(scan) {
  if (scan === undefined || scan === 'exact') return { tag: 'exact' };
  if (scan === 'pruned') return { tag: 'pruned' };
  if (scan?.tag === 'exact' || scan?.tag === 'pruned') return { tag: scan.tag };
  if (scan?.tag === 'int8' || scan?.tag === 'binary') return { tag: scan.tag, val: u32Of(scan.val, `scan ${scan.tag} oversample`) };
  throw new TypeError(`scan must be {tag: 'exact'}, {tag: 'pruned'}, {tag: 'int8', val} or {tag: 'binary', val}, not ${JSON.stringify(scan)}`);
}

/**
 * An in-memory ranking index (`ranking.index`), made by `Engine.createIndex`. Vectors are
 * normalized on the way in; a batch of queries shares one pass over them. After a trap the index
 * is unusable (every call throws EngineTrap); `dispose()` frees it.
 */
export class RankingIndex {
  /** @private */
  constructor(resource, dimension, memoryLimitBytes) {
    this._resource = resource;
    this._memoryLimitBytes = memoryLimitBytes;
    this._broken = null;
    /** The dimension given to `createIndex`. */
    this.dimension = dimension;
  }

  _call(f) {
    if (this._broken) throw new EngineTrap(`the index is unusable after an earlier failure (${this._broken})`);
    if (!this._resource) throw new HostError('the index was disposed');
    try {
      return f(this._resource);
    } catch (e) {
      const mapped = mapError(e, RankingError, this._memoryLimitBytes);
      if (mapped instanceof EngineTrap || mapped instanceof MemoryLimitError) this._broken = mapped.message;
      throw mapped;
    }
  }

  /** Adds pages; an invalid entry (dimension, non-finite value, duplicate id) refuses the whole
   * batch with a RankingError and adds nothing. */
  add(entries) {
    if (!Array.isArray(entries)) throw new TypeError('add: expected an array of entries');
    const list = entries.map(entryOf);
    checkWellFormed({ entries: list });
    this._call((r) => r.add(list));
  }

  /** The number of pages. */
  len() {
    return this._call((r) => r.len());
  }

  /** One result list per query, best first. `scan` defaults to exact. */
  search(queries, scan) {
    if (!Array.isArray(queries)) throw new TypeError('search: expected an array of queries');
    const list = queries.map(queryOf);
    checkWellFormed({ queries: list });
    const s = scanOf(scan);
    return this._call((r) => r.search(list, s));
  }

  /** Frees the index (and its instance). Later calls throw. */
  dispose() {
    if (this._resource) disposeResource(this._resource);
    this._resource = null;
  }

  [Symbol.dispose ?? Symbol.for('dispose')]() {
    this.dispose();
  }
}

function personOf(p) {
  return { accountId: p.accountId, displayName: p.displayName, email: p.email ?? undefined };
}
