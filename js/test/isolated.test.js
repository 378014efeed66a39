// Why this file exists: proves the isolated engine (src/isolated.js) gives the same answers as the
// in-thread engine (pure calls, and a sync whose capabilities stay on the main thread behind the
// bridge), with the same typed errors; caps the guest's memory; cuts off a capability that never
// answers; and lets a stopped call's last capability call finish before the next call starts.
// Stopping a guest that computes forever is shown with the hostile component (hostile.test.js).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { DeadlineError, DocumentError, EngineTrap, HostError, MemoryLimitError, RankingError, SyncError, loadEngine } from '../src/engine.js';
import { DEFAULT_DEADLINE_MS, loadIsolatedEngine } from '../src/isolated.js';
import { errorFromWire, errorToWire } from '../src/isolated-wire.js';
import { newSignal, serveCapabilities } from '../src/capability-bridge.js';
import { rankInputs } from '../bench/bench.js';
import { example, examplePages, exampleSyncRequest, tempDir, tenantEngine } from './support/fixtures.js';

/** A page of `blocks` paragraphs, each naming `word`. */
function page(blocks, word) {
  return Array.from({ length: blocks }, (_, i) => `<p>block ${i} says ${word} about the ledger</p>`).join('\n');
}

/** An isolated engine closed when the test ends. */
async function isolated(t, options) {
  const engine = await loadIsolatedEngine(options);
  t.after(() => engine.close());
  return engine;
}

test('the isolated engine answers pure calls exactly as the in-thread engine', async (t) => {
  const engine = await isolated(t);
  const inThread = await loadEngine();
  assert.equal(engine.deadlineMs, DEFAULT_DEADLINE_MS);
  assert.deepEqual(await engine.diff(example('page-base.xml'), example('page.xml')), inThread.diff(example('page-base.xml'), example('page.xml')));
  const people = [{ accountId: '712020:abc', displayName: 'Jane Doe', email: 'jane@example.com' }];
  const texts = ['Ask Jane Doe (jane@example.com, +44 20 7946 0958).'];
  assert.deepEqual(await engine.redact(texts, { people }), inThread.redact(texts, { people }));
  assert.deepEqual(await engine.detect(texts[0]), inThread.detect(texts[0]));
  const merged = await engine.merge(example('page-base.xml'), example('page.xml'), example('page-base.xml'));
  assert.deepEqual(merged, inThread.merge(example('page-base.xml'), example('page.xml'), example('page-base.xml')));
  const { query, candidates } = rankInputs();
  assert.deepEqual(await engine.rank(query, candidates, 10), inThread.rank(query, candidates, 10));
});

test('the isolated engine throws the same typed errors', async (t) => {
  const engine = await isolated(t);
  await assert.rejects(engine.diff('<p>a</p>', '<p>b'), (e) => e instanceof DocumentError && e.tag === 'invalid-markup' && /expected <\/p>/.test(e.val));
  await assert.rejects(engine.rank([0, 0], [{ id: 'a', vector: [1, 0] }], 1), (e) => e instanceof RankingError);
  await assert.rejects(engine.redact('not an array'), (e) => e instanceof TypeError && /array of strings/.test(e.message));
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError && /without capabilities/.test(e.message));
});

test('the isolated engine caps the guest memory: a call past the cap is a MemoryLimitError, the next call works', async (t) => {
  const cap = 8 * 1024 * 1024;
  const engine = await isolated(t, { memoryLimitBytes: cap });
  assert.equal(engine.memoryLimitBytes, cap);
  await assert.rejects(engine.diff(page(20_000, 'refund'), page(20_000, 'retry')), (e) => e instanceof MemoryLimitError && e.limitBytes === cap);
  assert.equal((await engine.diff(page(3, 'refund'), page(3, 'retry'))).summary, '3 paragraphs changed');
});

test('a sync in the worker uses the capabilities on the main thread and gives the in-thread result', async (t) => {
  const dataKey = new Uint8Array(32).fill(9);
  const reference = await tenantEngine(t, { dataKey });
  const tenant = await tenantEngine(t, { dataKey });
  const engine = await isolated(t, { capabilities: tenant.capabilities });
  for (const p of examplePages()) {
    assert.equal(await engine.indexPage(p), await reference.engine.indexPage(p));
  }
  // The audit id hashes the model call's measured latency, so it differs between the two runs.
  const { auditId, ...out } = await engine.sync(exampleSyncRequest());
  const { auditId: referenceAuditId, ...expected } = await reference.engine.sync(exampleSyncRequest());
  assert.deepEqual(out, expected);
  assert.equal(engine.lastCallStats.rounds, 1, 'no replay in the worker');
  assert.equal(engine.lastCallStats.calls, reference.engine.lastCallStats.calls, 'the same capability calls, each once');
  assert.ok(reference.engine.lastCallStats.rounds > 1);
  assert.match(auditId, /^1-[0-9a-f]{16}$/);
  assert.match(referenceAuditId, /^1-[0-9a-f]{16}$/);
  assert.equal(out.related.length, 3, 'the indexed pages were read back through the bridge');
  assert.deepEqual(await engine.related(example('issue.json')), await reference.engine.related(example('issue.json')));
  assert.equal(await tenant.capabilities.audit.verify(), 1);
});

test('capability errors cross the bridge: a contract error reaches the guest, anything else is a HostError', async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await isolated(t, { capabilities });
  await assert.rejects(engine.sync(exampleSyncRequest({ model: 'gpt-x' })), (e) => e instanceof SyncError && e.tag === 'model' && e.val.tag === 'not-allowed');
  capabilities.kms.randomBytes = () => {
    throw new TypeError('no randomness');
  };
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError && /no randomness/.test(e.message));
  capabilities.kms.randomBytes = () => {
    throw Object.create(null); // a thrown value that cannot even be printed
  };
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError && /cannot be printed/.test(e.message));
  capabilities.kms.randomBytes = () => ({ notBytes: () => 1 }); // an answer that cannot be cloned
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError && /cannot be sent to the engine's thread/.test(e.message));
});

test('the capability call in progress when a call is stopped finishes before the next call starts', async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await isolated(t, { capabilities, deadlineMs: 1000 });
  const events = [];
  const generate = capabilities.model.generate;
  capabilities.model.generate = (request) => {
    // Only this call is slow; from now on, any capability call comes from the next sync.
    capabilities.model.generate = generate;
    for (const impl of [capabilities.store, capabilities.kms, capabilities.clock, capabilities.log]) {
      for (const [fn, f] of Object.entries(impl)) {
        impl[fn] = (...args) => {
          events.push('the next call reached the host');
          return f.apply(impl, args);
        };
      }
    }
    return new Promise((resolve) => {
      release = resolve;
    }).then(() => {
      events.push('the slow model call finished');
      return generate(request);
    });
  };
  let release;
  const stopped = engine.sync(exampleSyncRequest());
  const next = engine.sync(exampleSyncRequest());
  await assert.rejects(stopped, DeadlineError);
  // The stopped call's model call is still running; the next call must wait for it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(events, [], 'the next call has not started');
  release();
  assert.equal((await next).syncId, 'aab03ec946fe366d');
  assert.equal(events[0], 'the slow model call finished', events.join(', '));
  assert.ok(events.length > 1, 'the next call used the host');
});

test('a capability that never answers is cut off at the deadline', async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await isolated(t, { capabilities, deadlineMs: 1000 });
  const generate = capabilities.model.generate;
  capabilities.model.generate = () => new Promise(() => {});
  await assert.rejects(engine.sync(exampleSyncRequest()), DeadlineError);
  capabilities.model.generate = generate;
  assert.equal((await engine.sync(exampleSyncRequest())).syncId, 'aab03ec946fe366d');
});

test('a ranking index in the worker ranks exactly as one in-thread, and refuses the same bad input', async (t) => {
  const engine = await isolated(t);
  const inThread = await loadEngine();
  assert.equal(engine.componentSha256, inThread.componentSha256);
  const { query, candidates } = rankInputs();
  const entries = candidates.map((c, i) => ({ id: c.id, space: i % 2 ? 'ODD' : 'EVEN', text: i % 3 ? 'refund ledger' : 'retry', vector: c.vector }));
  const [index, reference] = [await engine.createIndex(256), inThread.createIndex(256)];
  await index.add(entries);
  reference.add(entries);
  assert.equal(await index.len(), candidates.length);
  const queries = [{ vector: query, k: 10 }, { vector: query, text: 'refund', k: 5, mode: 'hybrid', filter: { spaces: ['ODD'] } }];
  assert.deepEqual(await index.search(queries, { tag: 'int8', val: 4 }), reference.search(queries, { tag: 'int8', val: 4 }));
  await assert.rejects(index.add([{ id: 'short', vector: [1, 0] }]), (e) => e instanceof RankingError && e.tag === 'dimension-mismatch');
  assert.equal(await index.len(), candidates.length, 'a refused batch adds nothing');
  await index.dispose();
  await index.dispose();
  await assert.rejects(index.len(), (e) => e instanceof HostError && /disposed/.test(e.message));
  reference.dispose();
});

test('an index is lost with the worker of a stopped call, and a new one can be made', async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await isolated(t, { capabilities, deadlineMs: 1000 });
  const index = await engine.createIndex(2);
  await index.add([{ id: 'a', vector: [1, 0] }]);
  capabilities.model.generate = () => new Promise(() => {});
  await assert.rejects(engine.sync(exampleSyncRequest()), DeadlineError);
  await assert.rejects(index.len(), (e) => e instanceof HostError && /lost/.test(e.message));
  const again = await engine.createIndex(2);
  await again.add([{ id: 'a', vector: [1, 0] }]);
  assert.equal(await again.len(), 1);
});

test('a closed engine refuses calls', async () => {
  const engine = await loadIsolatedEngine();
  const index = await engine.createIndex(2);
  await engine.close();
  await assert.rejects(engine.diff('<p>a</p>', '<p>b</p>'), (e) => e instanceof HostError && /closed/.test(e.message));
  await assert.rejects(index.len(), (e) => e instanceof HostError && /lost/.test(e.message));
  await index.dispose(); // an index gone with its thread needs no disposing, and says nothing
});

test('the deadline covers a new worker starting, and must be a delay setTimeout honours', async () => {
  await assert.rejects(loadIsolatedEngine({ deadlineMs: 1 }), (e) => e instanceof DeadlineError && /deadline of 1 ms/.test(e.message));
  for (const deadlineMs of [0, -5, Number.NaN, 2 ** 31]) {
    await assert.rejects(loadIsolatedEngine({ deadlineMs }), TypeError, String(deadlineMs));
  }
});

test('an engine never closed does not keep Node running', (t) => {
  const script = join(tempDir(t), 'forgets-to-close.mjs');
  writeFileSync(
    script,
    `import { loadIsolatedEngine } from ${JSON.stringify(new URL('../src/isolated.js', import.meta.url).href)};
const engine = await loadIsolatedEngine();
console.log((await engine.diff('<p>a</p>', '<p>b</p>')).summary);
`,
  );
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.error, undefined, 'Node exited by itself');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), '1 paragraph changed');
});

test('the bridge performs only the contract capabilities and always wakes the worker', async (t) => {
  const { port1, port2 } = new MessageChannel();
  const signal = newSignal();
  let called = false;
  const capabilities = { model: { constructor: () => (called = true) }, clock: { now: () => 5 } };
  const stop = serveCapabilities(port1, signal, capabilities);
  t.after(() => {
    stop(0);
    port2.close();
  });
  const ask = async (name) => {
    Atomics.store(signal, 0, 0);
    port2.postMessage({ name, args: [] });
    const [answer] = await once(port2, 'message');
    assert.equal(Atomics.load(signal, 0), 1, `woken after ${name}`);
    return answer;
  };
  assert.match((await ask('model.constructor')).error.message, /not a capability/);
  assert.match((await ask('__proto__')).error.message, /not a capability/);
  assert.equal(called, false);
  assert.deepEqual(await ask('clock.now'), { value: 5 });
  capabilities.clock.now = () => {
    throw new Proxy({}, { getPrototypeOf: () => { throw new Error('no'); }, get: () => { throw new Error('no'); } });
  };
  assert.match((await ask('clock.now')).error.message, /cannot (be read|be printed)/);
});

test('every typed error survives the trip between threads with its class, message and fields', () => {
  const errors = [
    new SyncError({ tag: 'model', val: { tag: 'not-allowed', val: 'model "x"' } }),
    new DocumentError({ tag: 'invalid-markup', val: 'expected </p>' }),
    new EngineTrap('wasm trap: unreachable'),
    new HostError('the store broke'),
    new MemoryLimitError(1024),
    new TypeError('redact: expected an array of strings'),
  ];
  for (const error of errors) {
    const back = errorFromWire(structuredClone(errorToWire(error)));
    assert.equal(back.constructor, error.constructor);
    assert.equal(back.message, error.message);
    assert.deepEqual([back.tag, back.val, back.limitBytes], [error.tag, error.val, error.limitBytes]);
  }
  const unknown = errorFromWire(errorToWire(new Error('odd')));
  assert.ok(unknown instanceof HostError && /odd/.test(unknown.message));
});
