// Why this file exists: an isolated engine (isolated.js) runs the guest on a worker thread, but
// the tenant's capabilities (Forge KVS, fetch, the KMS) are JavaScript objects on the main thread,
// and the guest calls its imports synchronously. This bridge lets the worker call them
// synchronously anyway: it posts the call on a MessagePort and sleeps on a shared flag
// (`Atomics.wait`, allowed on workers); the main thread performs the call (awaiting it if it is
// asynchronous), posts the answer and wakes the worker, which takes the answer off the port with
// `receiveMessageOnPort`. Every capability call is so answered in one go, in the guest's order,
// with no replay. Errors cross as plain data and are rebuilt on the other side: a WIT variant
// (`payload`) stays the guest's error; anything else becomes a HostError.

import { receiveMessageOnPort } from 'node:worker_threads';

import { HostError } from './errors.js';

/** The capability interfaces and functions the guest may call (the contract's imports). */
export const CAPABILITY_FUNCTIONS = Object.freeze({
  model: ['generate', 'embed'],
  kms: ['seal', 'open', 'digest', 'randomBytes'],
  store: ['get', 'put', 'delete', 'list'],
  clock: ['now'],
  log: ['emit'],
});

const WAITING = 0;
const ANSWERED = 1;

/** A new flag for one bridge: a single 32-bit cell of shared memory. */
export function newSignal() {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A capability error as data: its WIT variant when it carries one, else its message. */
function errorToWire(e) {
  const payload = e !== null && typeof e === 'object' && e.payload && typeof e.payload === 'object' && 'tag' in e.payload ? e.payload : undefined;
  return { message: String(e?.message ?? e), payload };
}

/** The wire form back as an error the replay bridge understands (see replay.js `payloadOf`). */
function errorFromWire(wire) {
  const error = new HostError(wire.message);
  if (wire.payload !== undefined) error.payload = wire.payload;
  return error;
}

/** Performs one call on `capabilities`; resolves to the answer's wire form. */
async function perform(capabilities, name, args) {
  const [iface, fn] = name.split('.');
  try {
    const target = capabilities[iface]?.[fn];
    if (typeof target !== 'function') throw new HostError(`the host provides no ${name} capability`);
    return { value: await target.apply(capabilities[iface], args) };
  } catch (e) {
    return { error: errorToWire(e) };
  }
}

/**
 * Main thread: answers the worker's capability calls arriving on `port` with `capabilities`,
 * waking the worker through `signal` after each answer. Returns a function that stops serving.
 * @param {import('node:worker_threads').MessagePort} port
 * @param {Int32Array} signal
 * @param {object} capabilities `{model, kms, store, clock, log}`, as for `loadEngine`
 */
export function serveCapabilities(port, signal, capabilities) {
  let serving = true;
  port.on('message', async ({ name, args }) => {
    const answer = await perform(capabilities, name, args);
    if (!serving) return;
    try {
      port.postMessage(answer);
    } catch (e) {
      port.postMessage({ error: { message: `the ${name} capability answered with a value that cannot be sent to the engine's thread: ${e.message}` } });
    }
    Atomics.store(signal, 0, ANSWERED);
    Atomics.notify(signal, 0);
  });
  return () => {
    serving = false;
    port.close();
  };
}

/**
 * Worker thread: capabilities whose every function calls the main thread and blocks until it
 * answers (see `serveCapabilities`).
 * @param {import('node:worker_threads').MessagePort} port
 * @param {Int32Array} signal
 */
export function bridgedCapabilities(port, signal) {
  const call = (name, args) => {
    Atomics.store(signal, 0, WAITING);
    port.postMessage({ name, args });
    Atomics.wait(signal, 0, WAITING);
    const received = receiveMessageOnPort(port);
    if (!received) throw new HostError(`the host woke the engine without answering its ${name} call`);
    if (received.message.error) throw errorFromWire(received.message.error);
    return received.message.value;
  };
  return Object.fromEntries(
    Object.entries(CAPABILITY_FUNCTIONS).map(([iface, fns]) => [iface, Object.fromEntries(fns.map((fn) => [fn, (...args) => call(`${iface}.${fn}`, args)]))]),
  );
}
