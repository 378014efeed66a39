// Why this file exists: an isolated engine (isolated.js) runs the guest on a worker thread, but
// the tenant's capabilities (Forge KVS, fetch, the KMS) are JavaScript objects on the main thread,
// and the guest calls its imports synchronously. This bridge lets the worker call them
// synchronously anyway: it posts the call on a MessagePort and sleeps on a shared flag
// (`Atomics.wait`, allowed on workers); the main thread performs the call (awaiting it if it is
// asynchronous), posts the answer and wakes the worker, which takes the answer off the port with
// `receiveMessageOnPort`. Every capability call is so answered in one go, in the guest's order,
// with no replay. Errors cross as plain data and are rebuilt on the other side: a WIT variant
// (`payload`) stays the guest's error; anything else ends the call with a HostError, as in-thread.

import { receiveMessageOnPort } from 'node:worker_threads';

import { CAPABILITY_FUNCTIONS } from './contract.js';
import { HostError } from './errors.js';

/** The capability calls the guest may make (the contract's imports); the main thread performs no
 * other. */
const CALLS = new Set(Object.entries(CAPABILITY_FUNCTIONS).flatMap(([iface, fns]) => fns.map((fn) => `${iface}.${fn}`)));

const WAITING = 0;
const ANSWERED = 1;

/** A new flag for one bridge: a single 32-bit cell of shared memory. */
export function newSignal() {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** `value` as text, whatever it is (a thrown value may not convert). */
function textOf(value) {
  try {
    return String(value?.message ?? value);
  } catch {
    return 'an error that cannot be printed';
  }
}

/** A capability error as data: its WIT variant when it carries one, its message, and whether it
 * was the host's own HostError. Whatever was thrown (a revoked Proxy included), this answers. */
function errorToWire(e) {
  try {
    const payload = e !== null && typeof e === 'object' && e.payload && typeof e.payload === 'object' && 'tag' in e.payload ? structuredClone(e.payload) : undefined;
    return { message: textOf(e), payload, host: e instanceof HostError };
  } catch {
    return { message: 'a capability threw a value that cannot be read', host: true };
  }
}

/** The wire form back as an error the replay bridge treats as the in-thread engine would: a WIT
 * variant goes to the guest (see replay.js `payloadOf`), anything else ends the call. */
function errorFromWire(wire) {
  const error = wire.host ? new HostError(wire.message) : new Error(wire.message);
  if (wire.payload !== undefined) error.payload = wire.payload;
  return error;
}

/** Performs one call on `capabilities`; resolves to the answer's wire form, never rejects. */
async function perform(capabilities, name, args) {
  try {
    if (!CALLS.has(name)) throw new HostError(`the engine asked for ${textOf(name)}, which is not a capability`);
    const [iface, fn] = name.split('.');
    const target = capabilities[iface]?.[fn];
    if (typeof target !== 'function') throw new HostError(`the host provides no ${name} capability`);
    return { value: await target.apply(capabilities[iface], args) };
  } catch (e) {
    return { error: errorToWire(e) };
  }
}

/** Posts `answer` on `port`, or, when it cannot be cloned, an error saying so. */
function postAnswer(port, name, answer) {
  try {
    port.postMessage(answer);
  } catch (e) {
    port.postMessage({ error: { message: `the ${name} capability answered with a value that cannot be sent to the engine's thread: ${textOf(e)}`, host: true } });
  }
}

/**
 * Main thread: answers the worker's capability calls arriving on `port` with `capabilities`,
 * waking the worker through `signal` after each answer. Returns `stop`, which stops serving and
 * resolves once the call in progress, if any, has finished (a stopped engine's last capability
 * call, e.g. a store write, must not overlap the next call's), or after `boundMs`.
 * @param {import('node:worker_threads').MessagePort} port
 * @param {Int32Array} signal
 * @param {object} capabilities `{model, kms, store, clock, log}`, as for `loadEngine`
 * @param {() => void} [onCall] runs as each call arrives (the engine counts them)
 * @returns {(boundMs: number) => Promise<void>}
 */
export function serveCapabilities(port, signal, capabilities, onCall = () => {}) {
  let serving = true;
  let inFlight = null;
  port.on('message', (message) => {
    onCall();
    const name = textOf(message?.name);
    const args = Array.isArray(message?.args) ? message.args : [];
    inFlight = perform(capabilities, name, args)
      .then((answer) => {
        if (serving) postAnswer(port, name, answer);
      })
      .catch(() => {}) // the worker, woken without an answer, reports that itself
      .finally(() => {
        inFlight = null;
        if (!serving) return;
        Atomics.store(signal, 0, ANSWERED);
        Atomics.notify(signal, 0);
      });
  });
  return async (boundMs) => {
    serving = false;
    port.close();
    if (!inFlight) return;
    let timer;
    const bound = new Promise((resolve) => {
      timer = setTimeout(resolve, boundMs);
    });
    await Promise.race([inFlight, bound]);
    clearTimeout(timer);
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
