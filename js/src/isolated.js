// Why this file exists: Node cannot interrupt WebAssembly running on the thread that waits for
// it, so the in-thread engine (engine.js) checks its deadline only when the guest calls a
// capability; a guest that computes without calling the host runs as long as it likes. An
// isolated engine runs the same engine on a worker thread (isolated-worker.js) and keeps the
// deadline on the main thread: when a call runs past it, the worker is terminated, which stops
// the guest wherever it is, even in a loop that never calls the host. The call fails with a
// DeadlineError and the next call gets a fresh worker. The tenant's capabilities stay on the main
// thread and are called through a synchronous bridge (capability-bridge.js), so a sync needs no
// replay rounds. Every method is asynchronous and calls run one at a time, in order.

import { Worker } from 'node:worker_threads';

import { newSignal, serveCapabilities } from './capability-bridge.js';
import { DeadlineError, EngineTrap, HostError } from './errors.js';
import { errorFromWire } from './isolated-wire.js';
import { DEFAULT_MEMORY_LIMIT_BYTES } from './memory-cap.js';

/** The default deadline of one call: 25 s, a Forge function's timeout (and the Rust host's). */
export const DEFAULT_DEADLINE_MS = 25_000;

/** How long a new worker may take to load the engine before it is given up. */
const STARTUP_MS = 30_000;

const WORKER_URL = new URL('./isolated-worker.js', import.meta.url);

/**
 * Loads an isolated engine and waits for its worker to be ready.
 * @param {import('./isolated.d.ts').IsolatedEngineOptions} [options]
 * @returns {Promise<IsolatedEngine>}
 */
export async function loadIsolatedEngine(options = {}) {
  const engine = new IsolatedEngine(options);
  await engine._started();
  return engine;
}

/** One running worker: the thread, its capability bridge and its pending call. */
class Thread {
  constructor({ memoryLimitBytes, reusePureInstance, transpiled, capabilities }) {
    const signal = newSignal();
    let capabilityPort;
    if (capabilities) {
      const channel = new MessageChannel();
      capabilityPort = channel.port2;
      this._stopServing = serveCapabilities(channel.port1, signal, capabilities);
    }
    this.worker = new Worker(WORKER_URL, {
      workerData: { memoryLimitBytes, reusePureInstance, transpiled, capabilityPort, signal },
      transferList: capabilityPort ? [capabilityPort] : [],
    });
    this._nextId = 0;
    this._pending = null;
    /** Set once the thread failed or exited: it takes no more calls. */
    this.dead = false;
    this.ready = new Promise((resolve, reject) => {
      this._startup = { resolve, reject };
    });
    this.worker.on('message', (message) => this._receive(message));
    this.worker.on('error', (e) => this._fail(new EngineTrap(`the engine's thread failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => this._fail(new EngineTrap(`the engine's thread exited (code ${code})`)));
  }

  _receive(message) {
    if ('ready' in message) {
      if (message.ready) this._startup.resolve();
      else this._startup.reject(errorFromWire(message.error));
      return;
    }
    const pending = this._pending;
    if (!pending || pending.id !== message.id) return;
    this._pending = null;
    if ('error' in message) pending.reject(errorFromWire(message.error));
    else pending.resolve(message.value);
  }

  /** Ends whatever waits on this thread with `error`; the thread takes no more calls. */
  _fail(error) {
    this.dead = true;
    this._startup.reject(error);
    const pending = this._pending;
    this._pending = null;
    pending?.reject(error);
  }

  /** Sends one call; resolves with its value or rejects with its typed error. */
  call(method, args) {
    const id = ++this._nextId;
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(new EngineTrap("the engine's thread stopped before the call reached it"));
        return;
      }
      this._pending = { id, resolve, reject };
      this.worker.postMessage({ id, method, args });
    });
  }

  /** Stops the thread and its bridge, ending a pending call with `error`. */
  async stop(error) {
    this._fail(error);
    this._stopServing?.();
    await this.worker.terminate();
  }
}

/**
 * The engine on a worker thread, with a deadline on every call (pure ones included) and the
 * guest's memory capped. Methods mirror `Engine`'s, but all return promises; the ranking index
 * (`createIndex`) is not offered here. Call `close()` when done.
 */
export class IsolatedEngine {
  /** @private */
  constructor(options) {
    /** The wall-clock budget of one call, in milliseconds. */
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    /** The cap on the guest's memory, in bytes. */
    this.memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    if (!Number.isFinite(this.deadlineMs) || this.deadlineMs <= 0) throw new TypeError(`deadlineMs must be a positive number of milliseconds, not ${options.deadlineMs}`);
    this._threadOptions = {
      memoryLimitBytes: this.memoryLimitBytes,
      reusePureInstance: options.reusePureInstance ?? true,
      // A URL cannot cross to the worker; its text can.
      transpiled: options.transpiled instanceof URL ? options.transpiled.href : options.transpiled,
      capabilities: options.capabilities ?? null,
    };
    this._hasCapabilities = Boolean(options.capabilities);
    this._thread = null;
    this._closed = false;
    this._queue = Promise.resolve();
    /** How many workers this engine has started (a new one after every stopped call). */
    this.workersStarted = 0;
  }

  /** The running thread, starting one (and waiting until it is ready) when there is none. */
  async _started() {
    if (this._closed) throw new HostError('the isolated engine was closed');
    if (!this._thread || this._thread.dead) {
      this._thread = new Thread(this._threadOptions);
      this.workersStarted++;
    }
    const thread = this._thread;
    const timer = setTimeout(() => this._discard(thread, new EngineTrap(`the engine's thread did not start within ${STARTUP_MS} ms`)), STARTUP_MS);
    try {
      await thread.ready;
    } catch (e) {
      await this._discard(thread, e);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return thread;
  }

  /** Stops `thread` if it is still this engine's, so the next call starts a fresh one. */
  async _discard(thread, error) {
    if (this._thread === thread) this._thread = null;
    await thread.stop(error);
  }

  /** Runs `method` on the worker within the deadline; calls queue behind each other. */
  _call(method, args) {
    const run = this._queue.then(() => this._run(method, args));
    this._queue = run.catch(() => {});
    return run;
  }

  async _run(method, args) {
    const thread = await this._started();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        const error = new DeadlineError(this.deadlineMs);
        this._discard(thread, error);
        reject(error);
      }, this.deadlineMs);
    });
    try {
      return await Promise.race([thread.call(method, args), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Capability-using methods need the capabilities `loadIsolatedEngine` was given. */
  _withCapabilities(method, args) {
    if (!this._hasCapabilities) return Promise.reject(new HostError('this engine was loaded without capabilities: pass {capabilities} to loadIsolatedEngine'));
    return this._call(method, args);
  }

  /** As `Engine.redact`. */
  redact(texts, options) {
    return this._call('redact', [texts, options]);
  }

  /** As `Engine.detect`. */
  detect(text, options) {
    return this._call('detect', [text, options]);
  }

  /** As `Engine.diff`. */
  diff(oldPage, newPage) {
    return this._call('diff', [oldPage, newPage]);
  }

  /** As `Engine.merge`. */
  merge(base, theirs, ours) {
    return this._call('merge', [base, theirs, ours]);
  }

  /** As `Engine.rank`. */
  rank(query, candidates, k) {
    return this._call('rank', [query, candidates, k]);
  }

  /** As `Engine.sync`. */
  sync(request) {
    return this._withCapabilities('sync', [request]);
  }

  /** As `Engine.indexPage`. */
  indexPage(page, options) {
    return this._withCapabilities('indexPage', [page, options]);
  }

  /** As `Engine.related`. */
  related(issueJson, options) {
    return this._withCapabilities('related', [issueJson, options]);
  }

  /** Stops the worker. Calls after this reject with HostError. */
  async close() {
    this._closed = true;
    const thread = this._thread;
    this._thread = null;
    await thread?.stop(new HostError('the isolated engine was closed'));
  }
}
