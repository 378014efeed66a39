// Why this file exists: the worker-thread side of an isolated engine (isolated.js). It loads the
// engine (another transpiled component when given one) with the memory cap it is given and, when
// the engine has capabilities, with the bridged ones (capability-bridge.js), then serves one call
// at a time: `{id, method, args}` in, `{id, value}` or `{id, error}` out; ranking indexes live
// here, named by handles. The main thread owns the
// deadline: it terminates this thread when a call runs too long, so nothing here has to be
// interruptible.

import { parentPort, workerData } from 'node:worker_threads';

import { bridgedCapabilities } from './capability-bridge.js';
import { HostError, loadEngine } from './engine.js';
import { errorToWire } from './isolated-wire.js';

/** The engine methods the main thread may call. */
const METHODS = new Set(['redact', 'detect', 'diff', 'merge', 'rank', 'sync', 'indexPage', 'related']);

/** The ranking-index methods, called as `index.<name>` with the index's handle first. */
const INDEX_METHODS = new Set(['add', 'len', 'search', 'dispose']);

const { memoryLimitBytes, reusePureInstance, transpiled, capabilityPort, signal } = workerData;

// A trap past the memory cap is told by its stack naming Rust's allocation-error handler a few
// frames down (engine.js); this thread's stacks are never shorter than that, whatever the flags.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 32);

async function serve() {
  const capabilities = capabilityPort ? bridgedCapabilities(capabilityPort, signal) : undefined;
  const engine = await loadEngine({ capabilities, memoryLimitBytes, reusePureInstance, transpiled });
  const indexes = new Map();
  let lastHandle = 0;
  /** Runs one call: an engine method, `createIndex` (answering a handle), or `index.<method>`. */
  const dispatch = (method, args) => {
    if (METHODS.has(method)) return engine[method](...args);
    if (method === 'createIndex') {
      indexes.set(++lastHandle, engine.createIndex(...args));
      return lastHandle;
    }
    const name = method.startsWith('index.') ? method.slice('index.'.length) : '';
    if (!INDEX_METHODS.has(name)) throw new TypeError(`the isolated engine has no method ${method}`);
    const [handle, ...rest] = args;
    const index = indexes.get(handle);
    if (name === 'dispose') {
      indexes.delete(handle);
      return index?.dispose();
    }
    if (!index) throw new HostError('the index was disposed');
    return index[name](...rest);
  };
  parentPort.on('message', async ({ id, method, args }) => {
    try {
      const value = await dispatch(String(method), args);
      parentPort.postMessage({ id, value });
    } catch (e) {
      parentPort.postMessage({ id, error: errorToWire(e) });
    }
  });
  parentPort.postMessage({ ready: true, componentSha256: engine.componentSha256 });
}

serve().catch((e) => parentPort.postMessage({ ready: false, error: errorToWire(e) }));
