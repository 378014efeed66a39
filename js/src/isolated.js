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

const WORKER_URL = new URL('./isolated-worker.js', import.meta.url);

/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the deadline timer resolves to (a call's value may be anything, `undefined` included). */
const EXPIRED = Symbol('expired');

/**
 * Loads an isolated engine and waits, within the deadline, for its worker to be ready.
 * @param {import('./isolated.d.ts').IsolatedEngineOptions} [options]
 * @returns {Promise<IsolatedEngine>}
 */
export async function loadIsolatedEngine(options = {}) {
  const engine = new IsolatedEngine(options);
  await engine._withinDeadline(() => undefined);
  return engine;
}

/** One running worker: the thread, its capability bridge and its pending call. While it has no
 * call, it does not keep the process alive (an engine never closed does not hang Node). */
class Thread {
  constructor({ memoryLimitBytes, reusePureInstance, transpiled, capabilities, onCapabilityCall }) {
    const signal = newSignal();
    let capabilityPort;
    if (capabilities) {
      const channel = new MessageChannel();
      this._port = channel.port1;
      capabilityPort = channel.port2;
      this._stopServing = serveCapabilities(channel.port1, signal, capabilities, onCapabilityCall);
    }
    try {
      this.worker = new Worker(WORKER_URL, {
        workerData: { memoryLimitBytes, reusePureInstance, transpiled, capabilityPort, signal },
        transferList: capabilityPort ? [capabilityPort] : [],
      });
    } catch (e) {
      this._stopServing?.(0);
      throw new HostError(`the engine's thread could not be started: ${e.message}`, { cause: e });
    }
    this._nextId = 0;
    this._pending = null;
    /** The sha256 of the component the worker loaded (known once it is ready). */
    this.componentSha256 = null;
    /** Set once the thread failed or exited: it takes no more calls. */
    this.dead = false;
    this.ready = new Promise((resolve, reject) => {
      this._startup = { resolve, reject };
    });
    this.worker.on('message', (message) => this._receive(message));
    this.worker.on('messageerror', (e) => this._fail(new HostError(`a message from the engine's thread could not be read: ${e.message}`, { cause: e })));
    this.worker.on('error', (e) => this._fail(new EngineTrap(`the engine's thread failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => this._fail(new EngineTrap(`the engine's thread exited (code ${code})`)));
  }

  /** Whether the thread keeps the process alive: only while a call (or the startup) waits on it. */
  _hold(held) {
    for (const handle of [this.worker, this._port]) {
      if (held) handle?.ref();
      else handle?.unref();
    }
  }

  /** Settles the startup or the pending call with `message` from the worker; one that cannot be
   * read ends the thread. */
  _receive(message) {
    try {
      this._settle(message);
    } catch (e) {
      this._fail(new HostError(`the engine's thread sent an answer that could not be read: ${e.message}`, { cause: e }));
    }
  }

  _settle(message) {
    if ('ready' in message) {
      if (!message.ready) {
        this._fail(errorFromWire(message.error));
        return;
      }
      this.componentSha256 = message.componentSha256;
      this._hold(false);
      this._startup.resolve();
      return;
    }
    const pending = this._pending;
    if (!pending || pending.id !== message.id) return;
    // Read before any state changes, so a message that cannot be read leaves the call pending
    // for `_fail` to end.
    const error = 'error' in message ? errorFromWire(message.error) : null;
    this._pending = null;
    this._hold(false);
    if (error) pending.reject(error);
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
      this._hold(true);
      try {
        this.worker.postMessage({ id, method, args });
      } catch (e) {
        this._pending = null;
        this._hold(false);
        reject(new TypeError(`${method}: an argument cannot be sent to the engine's thread (${e.message})`, { cause: e }));
      }
    });
  }

  /** Stops the thread, ending a pending call with `error`; resolves once the thread is gone and
   * the capability call in progress, if any, has finished or `boundMs` has passed. */
  async stop(error, boundMs) {
    this._fail(error);
    await Promise.all([this.worker.terminate(), this._stopServing?.(boundMs)]);
  }
}

/**
 * The engine on a worker thread, with a deadline on every call (pure ones included, a new
 * worker's startup included) and the guest's memory capped. Methods mirror `Engine`'s, but all
 * return promises. Call `close()` when done.
 */
export class IsolatedEngine {
  /** @private */
  constructor(options) {
    /** The wall-clock budget of one call, in milliseconds. */
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    /** The cap on the guest's memory, in bytes. */
    this.memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    if (!(this.deadlineMs > 0 && this.deadlineMs <= MAX_TIMER_MS)) {
      throw new TypeError(`deadlineMs must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, not ${options.deadlineMs}`);
    }
    this._threadOptions = {
      memoryLimitBytes: this.memoryLimitBytes,
      reusePureInstance: options.reusePureInstance ?? true,
      // A URL cannot cross to the worker; its text can.
      transpiled: options.transpiled instanceof URL ? options.transpiled.href : options.transpiled,
      capabilities: options.capabilities ?? null,
      onCapabilityCall: () => this._capabilityCalls++,
    };
    /** Capability calls of the call in progress. */
    this._capabilityCalls = 0;
    /** Rounds (always 1: no replay here) and capability calls of the last capability-using call. */
    this.lastCallStats = null;
    this._hasCapabilities = Boolean(options.capabilities);
    this._thread = null;
    this._closed = false;
    this._queue = Promise.resolve();
    /** Settles once a stopped thread's last capability call has finished (see `_discard`). */
    this._settling = null;
    /** How many workers this engine has started (a new one after every stopped call). */
    this.workersStarted = 0;
    this._componentSha256 = null;
    /** Frees, in the worker, the indexes a caller dropped without `dispose()`. */
    this._indexes = new FinalizationRegistry(({ thread, handle }) => {
      this._queued((t) => t.call('index.dispose', [handle]), thread).catch(() => {});
    });
  }

  /** This engine's thread, a new one when there is none or it stopped (a thread that failed
   * while idle is stopped first). */
  _currentThread() {
    if (this._closed) throw new HostError('the isolated engine was closed');
    if (this._thread?.dead) this._discard(this._thread, new HostError("the engine's thread had stopped"));
    if (!this._thread) {
      this._thread = new Thread(this._threadOptions);
      this.workersStarted++;
    }
    return this._thread;
  }

  /** Stops `thread` so the next call starts a fresh one; the queue waits for `_settling`. */
  _discard(thread, error) {
    if (this._thread === thread) this._thread = null;
    this._settling = thread.stop(error, this.deadlineMs);
    return this._settling;
  }

  /**
   * Runs `work(thread)` on a ready thread; past the deadline (startup included) the thread is
   * stopped and the call rejects with DeadlineError.
   */
  async _withinDeadline(work) {
    const thread = this._currentThread();
    let timer;
    const expired = new Promise((resolve) => {
      timer = setTimeout(resolve, this.deadlineMs, EXPIRED);
    });
    const attempt = thread.ready.then(() => {
      this._componentSha256 = thread.componentSha256;
      return work(thread);
    });
    attempt.catch(() => {}); // its rejection is handled below, or it lost the race
    try {
      const outcome = await Promise.race([attempt, expired]);
      if (outcome !== EXPIRED) return outcome;
      const error = new DeadlineError(this.deadlineMs);
      this._discard(thread, error);
      throw error;
    } catch (e) {
      if (thread.dead && this._thread === thread) this._discard(thread, e);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `work(thread)` within the deadline; calls queue behind each other, and behind the last
   * capability call of a stopped one. With `holder`, the work needs that very thread (it holds
   * an index): when its turn comes and the thread is gone, it fails as lost, starting no other.
   */
  _queued(work, holder) {
    const run = this._queue.then(() => {
      if (holder && (holder.dead || holder !== this._thread)) throw new IndexLostError();
      return this._withinDeadline(work);
    });
    this._queue = run.catch(() => {}).then(() => this._settling);
    return run;
  }

  /** Runs `method` on the worker (see `_queued`). */
  _call(method, args) {
    return this._queued((thread) => thread.call(method, args));
  }

  /** Lowercase hex sha256 of the component the worker runs (null until a worker has started). */
  get componentSha256() {
    return this._componentSha256;
  }

  /** Capability-using methods need the capabilities `loadIsolatedEngine` was given. */
  _withCapabilities(method, args) {
    if (!this._hasCapabilities) return Promise.reject(new HostError('this engine was loaded without capabilities: pass {capabilities} to loadIsolatedEngine'));
    return this._queued(async (thread) => {
      this._capabilityCalls = 0;
      try {
        return await thread.call(method, args);
      } finally {
        this.lastCallStats = { rounds: 1, calls: this._capabilityCalls };
      }
    });
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

  /**
   * An empty ranking index of `dimension`-dimensional vectors in the worker (as
   * `Engine.createIndex`). It lives as long as the worker: after a call is stopped (its deadline,
   * a crash) or `close()`, its methods reject with HostError and it must be made again.
   * @param {number} dimension
   * @returns {Promise<IsolatedRankingIndex>}
   */
  createIndex(dimension) {
    return this._queued(async (thread) => {
      const handle = await thread.call('createIndex', [dimension]);
      const index = new IsolatedRankingIndex(this, thread, handle, dimension);
      this._indexes.register(index, { thread, handle }, index);
      return index;
    });
  }

  /** Stops the worker, waiting up to the deadline for a capability call in progress (this call's,
   * or a stopped call's). Calls after this reject with HostError. */
  async close() {
    this._closed = true;
    const thread = this._thread;
    this._thread = null;
    await Promise.all([thread?.stop(new HostError('the isolated engine was closed'), this.deadlineMs), this._settling]);
  }
}

/** A ranking index in an isolated engine's worker (`IsolatedEngine.createIndex`): the methods of
 * the in-thread `RankingIndex`, asynchronous, each a call under the engine's deadline. */
export class IsolatedRankingIndex {
  /** @private */
  constructor(engine, thread, handle, dimension) {
    this._engine = engine;
    this._thread = thread;
    this._handle = handle;
    /** The dimension given to `createIndex`. */
    this.dimension = dimension;
  }

  /** Runs `index.<name>` on the worker that holds this index, if it still runs. */
  _call(name, args) {
    return this._engine._queued((thread) => thread.call(`index.${name}`, [this._handle, ...args]), this._thread);
  }

  /** As `RankingIndex.add`. */
  add(entries) {
    return this._call('add', [entries]);
  }

  /** As `RankingIndex.len`. */
  len() {
    return this._call('len', []);
  }

  /** As `RankingIndex.search`. */
  search(queries, scan) {
    return this._call('search', [queries, scan]);
  }

  /** Frees the index; later calls reject with HostError. An index lost with its thread is
   * already gone: disposing of it resolves quietly. */
  async dispose() {
    this._engine._indexes.unregister(this);
    try {
      await this._call('dispose', []);
    } catch (e) {
      if (!(e instanceof IndexLostError)) throw e;
    }
  }
}

/** An index's worker is gone (a stopped call, a crash, `close()`): the index went with it. */
class IndexLostError extends HostError {
  constructor() {
    super("the index was lost with its engine's thread (a stopped call, a crash or close()); create it again");
    this.name = 'HostError';
  }
}
