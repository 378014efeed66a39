// Why this file exists: jco calls a component's imports synchronously, but a Forge function's
// capabilities are asynchronous (`fetch`, Forge KVS, WebCrypto). Node 20 has no JSPI to suspend a
// wasm stack, so this module bridges the two by deterministic replay:
//
// 1. The call runs in a fresh instance. Every capability call is appended to a journal.
// 2. A call whose answer is already in the journal is answered from it. A call the capability
//    answers synchronously is journaled and answered at once. A call answered by a promise is
//    journaled as pending and the run is abandoned (an exception unwinds the wasm stack; the
//    instance is dropped).
// 3. Once every pending promise has settled, the call runs again in another fresh instance, and
//    the journal answers every call it reached before, so the guest gets one step further.
//
// The guest is deterministic given its imports (its only clock and randomness come through them,
// and the hash seed is fixed), so every replay makes the same calls in the same order; a replay
// that does not is reported as a divergence. Each capability call is performed exactly once, in
// the guest's order, so writes and log lines happen once and reads see earlier writes. To save
// rounds, a `store.list` result prefetches the listed values and a `store.get` result prefetches
// `kms.open` of it (speculatively, by arguments; a later write to the key invalidates them).

import { capabilityImports } from './contract.js';
import { DeadlineError, EngineError, HostError } from './errors.js';

/** Thrown through the guest to abandon a run; never escapes this module. */
class Suspend extends Error {
  constructor() {
    super('suspended for an asynchronous capability call');
    this.name = 'Suspend';
  }
}

const RESULT_CALLS = new Set(['model.generate', 'model.embed', 'kms.seal', 'kms.open', 'kms.digest', 'store.get', 'store.put', 'store.delete', 'store.list']);
const MAX_ROUNDS = 4096;
const PREFETCH_CONCURRENCY = 16;

const isPromise = (v) => v !== null && typeof v === 'object' && typeof v.then === 'function';

/** A cheap, stable fingerprint of a call's arguments (bytes are summarized by length and FNV-1a). */
function fingerprint(name, args) {
  return `${name}(${JSON.stringify(args, (_, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) {
      let h = 0x811c9dc5;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v[i], 0x01000193);
      return `bytes:${v.length}:${(h >>> 0).toString(16)}`;
    }
    if (ArrayBuffer.isView(v)) return Array.from(v);
    return v;
  })})`;
}

/** The WIT error payload of a thrown capability error, or null when it is not one. */
function payloadOf(e) {
  return e !== null && typeof e === 'object' && 'payload' in e && e.payload && typeof e.payload === 'object' && 'tag' in e.payload ? e.payload : null;
}

/** Turns a capability's answer into what jco expects from the import. */
function lift(name, value) {
  switch (name) {
    case 'clock.now':
      return BigInt(Math.trunc(Number(value)));
    case 'kms.randomBytes':
      return value instanceof Uint8Array ? value : Uint8Array.from(value);
    case 'model.embed':
      return value.map((v) => (v instanceof Float32Array ? v : Float32Array.from(v)));
    case 'store.get':
      return value === null || value === undefined ? undefined : value instanceof Uint8Array ? value : Uint8Array.from(value);
    default:
      return value;
  }
}

/** A tiny concurrency limiter for prefetches. */
function limiter(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= n || queue.length === 0) return;
    active++;
    const { task, resolve } = queue.shift();
    Promise.resolve()
      .then(task)
      .then(
        (v) => resolve({ ok: v }),
        (e) => resolve({ error: e }),
      )
      .finally(() => {
        active--;
        next();
      });
  };
  return (task) =>
    new Promise((resolve) => {
      queue.push({ task, resolve });
      next();
    });
}

/**
 * Runs `invoke` against fresh instances until it completes, answering capability calls from the
 * journal. Returns the export's value (or throws what it threw).
 *
 * @param {object} opts
 * @param {(imports: Record<string, object>) => any} opts.instantiate makes a fresh instance
 * @param {(instance: any) => any} opts.invoke calls the export
 * @param {object} opts.capabilities `{model, kms, store, clock, log}`
 * @param {number} [opts.deadlineMs] wall-clock budget for the whole call
 * @param {(stats: {rounds: number, calls: number}) => void} [opts.onStats]
 */
export async function runReplayed({ instantiate, invoke, capabilities, deadlineMs, onStats }) {
  const started = Date.now();
  const journal = [];
  const speculative = new Map();
  const prefetch = limiter(PREFETCH_CONCURRENCY);
  const pending = new Set();
  const checkDeadline = () => {
    if (deadlineMs !== undefined && Date.now() - started > deadlineMs) throw new DeadlineError(deadlineMs);
  };

  const perform = (name, args) => {
    const [iface, fn] = name.split('.');
    const target = capabilities[iface]?.[fn];
    if (typeof target !== 'function') throw new HostError(`the host provides no ${name} capability`);
    return target.apply(capabilities[iface], args);
  };

  /** Settles an outcome into the form the import returns (a result object for result calls). */
  const settle = (name, outcome) => {
    if ('error' in outcome) {
      const payload = payloadOf(outcome.error);
      if (payload && RESULT_CALLS.has(name)) return { kind: 'value', value: { tag: 'err', val: payload } };
      return { kind: 'throw', error: outcome.error };
    }
    const value = lift(name, outcome.ok);
    return { kind: 'value', value: RESULT_CALLS.has(name) ? { tag: 'ok', val: value } : value };
  };

  const speculate = (name, args, after) => {
    const key = fingerprint(name, args);
    if (speculative.has(key)) return;
    const entry = { state: 'pending' };
    speculative.set(key, entry);
    entry.promise = prefetch(() => perform(name, args)).then((outcome) => {
      entry.state = 'done';
      entry.outcome = outcome;
      if ('ok' in outcome && after) after(outcome.ok);
    });
    pending.add(entry.promise);
    entry.promise.finally(() => pending.delete(entry.promise));
  };

  // Prefetch rules: the pipeline reads an index as list → get each → open each.
  // Only after asynchronous answers: a synchronous backend gains nothing from prefetching.
  const afterCompleted = (name, args, outcome, wasAsync) => {
    if (name === 'store.put' || name === 'store.delete') {
      speculative.delete(fingerprint('store.get', [args[0], args[1]]));
      return;
    }
    if (!wasAsync || !('ok' in outcome)) return;
    if (name === 'store.list' && Array.isArray(outcome.ok)) {
      const [ns] = args;
      for (const key of outcome.ok) {
        speculate('store.get', [ns, key], (envelope) => {
          if (envelope instanceof Uint8Array) speculate('kms.open', [ns, key, envelope]);
        });
      }
    } else if (name === 'store.get' && outcome.ok instanceof Uint8Array) {
      speculate('kms.open', [args[0], args[1], outcome.ok]);
    }
  };

  let cursor = 0;
  const call = (name, args) => {
    checkDeadline();
    const at = cursor++;
    const print = fingerprint(name, args);
    if (at < journal.length) {
      const entry = journal[at];
      if (entry.print !== print) {
        throw new EngineError(`the engine diverged on replay at call ${at + 1}: expected ${entry.name}, got ${name}`);
      }
      if (entry.state !== 'done') throw new Suspend();
      return entry.answer;
    }
    const spec = speculative.get(print);
    let entry;
    if (spec && spec.state === 'done' && (name !== 'store.get' || 'ok' in spec.outcome)) {
      entry = { name, print, state: 'done', outcome: spec.outcome };
    } else {
      let result;
      try {
        result = perform(name, args);
      } catch (error) {
        result = undefined;
        entry = { name, print, state: 'done', outcome: { error } };
      }
      if (!entry && isPromise(result)) {
        entry = { name, print, state: 'pending' };
        journal.push(entry);
        const settled = Promise.resolve(result).then(
          (ok) => ({ ok }),
          (error) => ({ error }),
        );
        const p = settled.then((outcome) => {
          entry.outcome = outcome;
          entry.state = 'done';
          Object.assign(entry, settle(name, outcome));
          entry.answer = entry.kind === 'value' ? entry.value : undefined;
          afterCompleted(name, args, outcome, true);
        });
        pending.add(p);
        p.finally(() => pending.delete(p));
        throw new Suspend();
      }
      if (!entry) entry = { name, print, state: 'done', outcome: { ok: result } };
    }
    Object.assign(entry, settle(name, entry.outcome));
    entry.answer = entry.kind === 'value' ? entry.value : undefined;
    journal.push(entry);
    afterCompleted(name, args, entry.outcome, false);
    if (entry.kind === 'throw') throw entry.error;
    return entry.answer;
  };

  const replayOrThrow = (name, args) => {
    const answer = call(name, args);
    const entry = journal[cursor - 1];
    if (entry.kind === 'throw') throw entry.error;
    return answer;
  };

  const imports = capabilityImports((iface, fn, args) => replayOrThrow(`${iface}.${fn}`, args));

  for (let round = 1; ; round++) {
    if (round > MAX_ROUNDS) throw new EngineError(`the call needed more than ${MAX_ROUNDS} rounds of asynchronous capability calls`);
    checkDeadline();
    cursor = 0;
    try {
      const instance = instantiate(imports);
      const value = invoke(instance);
      onStats?.({ rounds: round, calls: journal.length });
      return value;
    } catch (e) {
      if (!(e instanceof Suspend)) {
        onStats?.({ rounds: round, calls: journal.length });
        throw e;
      }
    }
    while (pending.size > 0) {
      await Promise.all([...pending]);
      checkDeadline();
    }
  }
}
