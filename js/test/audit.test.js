// Why this file exists: proves the Node host's audit chain (promise P8) keeps every record when
// invocations of one installation append at once. On a store with create-only writes (Forge KVS's
// FAIL_IF_EXISTS) the chain stays one line; on one without, the verifier accepts the concurrent
// branches while still finding edited, moved and deleted records. Each invocation is its own
// connection to one SQLite file, as Forge functions are separate processes over one
// installation's storage.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { AuditLog, GENESIS, RETENTION_SECONDS, chainHash, linearRecordKey, recordKey, recordTag } from '../src/audit.js';
import { ChunkedKvs } from '../src/kvs.js';
import { SqliteKvs } from '../src/sqlite-kvs.js';
import { tempDir } from './support/fixtures.js';

const TENANT = 'acme';
const START_MS = 1_700_000_000_000;

/** A model call's audit entry; `n` tells the calls apart. */
function entry(n) {
  return {
    provider: 'offline',
    model: 'offline-template',
    region: 'local',
    requestDigest: n.toString(16).padStart(64, '0'),
    inputTokens: n,
    outputTokens: 1,
    redactions: { email: 1 },
    outcome: 'ok',
    latencyMs: 3,
  };
}

/** `count` invocations, each with its own connection to one store file and the shared clock
 * (and the operator's audit key when `key` is given); branching logs unless `linear`. */
function invocations(t, count, key, { linear = false } = {}) {
  const file = join(tempDir(t), 'kvs.db');
  const clock = { ms: START_MS };
  const now = () => clock.ms;
  const logs = [];
  for (let i = 0; i < count; i++) {
    const kvs = new SqliteKvs(file, { installation: TENANT, now });
    t.after(() => kvs.close());
    logs.push(new AuditLog(new ChunkedKvs(kvs, { now }), TENANT, { key, linear }));
  }
  return { logs, clock, raw: new SqliteKvs(file, { installation: TENANT, now }) };
}

/** Appends `perLog` records through every log at once, interleaved; returns the ids. */
async function appendAtOnce(logs, perLog, clock) {
  const ids = [];
  for (let round = 0; round < perLog; round++) {
    clock.ms += 1000;
    const batch = logs.map((log, i) => log.append(clock.ms + i, entry(round * logs.length + i)));
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

test('records appended by concurrent invocations are all kept, and the chain verifies', async (t) => {
  const { logs, clock, raw } = invocations(t, 4);
  t.after(() => raw.close());
  const ids = await appendAtOnce(logs, 5, clock);
  assert.equal(new Set(ids).size, 20);
  const records = await logs[0].records();
  assert.equal(records.length, 20, 'every invocation kept its records');
  assert.deepEqual(new Set(records.map((r) => `${r.seq}-${r.hash.slice(0, 16)}`)), new Set(ids));
  // The four invocations read one head each round, so they branched; each round builds on it.
  assert.deepEqual(
    records.map((r) => r.seq),
    [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5],
  );
  assert.equal(await logs[1].verify(), 20);
});

test('one invocation alone writes a single unbranched chain', async (t) => {
  const { logs, clock, raw } = invocations(t, 1);
  t.after(() => raw.close());
  await appendAtOnce(logs, 6, clock);
  const records = await logs[0].records();
  assert.deepEqual(records.map((r) => r.seq), [1, 2, 3, 4, 5, 6]);
  assert.equal(records[0].prev_hash, GENESIS);
  for (let i = 1; i < records.length; i++) assert.equal(records[i].prev_hash, records[i - 1].hash);
  assert.equal(await logs[0].verify(), 6);
});

test('an append that read an old head does not move the head back', async (t) => {
  const { logs, clock, raw } = invocations(t, 2);
  t.after(() => raw.close());
  await appendAtOnce(logs.slice(0, 1), 3, clock);
  const [slow, fast] = logs;
  // `slow` read the head at seq 3; `fast` appends twice before `slow` writes its record.
  let staleHead = await slow.kvs.get('audit:head');
  const staleView = {
    get: async (key) => {
      if (key !== 'audit:head' || !staleHead) return slow.kvs.get(key);
      const head = staleHead;
      staleHead = undefined;
      return head;
    },
    set: (key, value, options) => slow.kvs.set(key, value, options),
  };
  await fast.append(clock.ms + 1, entry(100));
  await fast.append(clock.ms + 2, entry(101));
  const staleLog = new AuditLog(staleView, TENANT);
  assert.match(await staleLog.append(clock.ms + 3, entry(102)), /^4-/);
  assert.equal((await fast.kvs.get('audit:head')).seq, 5);
  assert.match(await fast.append(clock.ms + 4, entry(103)), /^6-/);
  assert.equal(await fast.verify(), 7);
});

/** A store of `n` records through one invocation; returns it, its records and the raw rows' keys. */
async function chainOf(t, n) {
  const { logs, clock, raw } = invocations(t, 1);
  t.after(() => raw.close());
  await appendAtOnce(logs, n, clock);
  return { log: logs[0], records: await logs[0].records(), raw, clock };
}

/** The raw store's row for `key` of the chunking store (a small value lives in `v:<key>`). */
const rawKey = (key) => `v:${key}`;

test('an edited record is reported', async (t) => {
  const { log, records, raw } = await chainOf(t, 4);
  const key = rawKey(recordKey(2, records[1].hash));
  const row = await raw.get(key);
  row.v.record = row.v.record.replace('"input_tokens":1', '"input_tokens":9');
  await raw.set(key, row);
  await assert.rejects(log.verify(), /audit record 2 was edited/);
});

test('a record copied under another key is reported', async (t) => {
  const { log, records, raw } = await chainOf(t, 3);
  const row = await raw.get(rawKey(recordKey(3, records[2].hash)));
  await raw.set(rawKey(recordKey(3, 'f'.repeat(64))), row);
  await assert.rejects(log.verify(), /audit record 3 is stored under another record's key/);
});

test('a record deleted from the middle of the chain is reported, wherever it was', async (t) => {
  const { log, records, raw } = await chainOf(t, 5);
  await raw.delete(rawKey(recordKey(3, records[2].hash)));
  await assert.rejects(log.verify(), /the record before audit record 4 is missing/);
});

test('deleting the oldest records too does not hide a deletion further on', async (t) => {
  const { log, records, raw } = await chainOf(t, 7);
  await raw.delete(rawKey(recordKey(1, records[0].hash)));
  await raw.delete(rawKey(recordKey(4, records[3].hash)));
  await assert.rejects(log.verify(), /the record before audit record 5 is missing/);
});

test('the newest record deleted is reported, since the head names it', async (t) => {
  const { log, records, raw } = await chainOf(t, 4);
  await raw.delete(rawKey(recordKey(4, records[3].hash)));
  await assert.rejects(log.verify(), /the newest audit record \(4\) is missing/);
});

test('a record linked to no live record, far past the oldest, is reported', async (t) => {
  const { log, records, raw } = await chainOf(t, 4);
  const forged = { seq: 99, at_ms: records[0].at_ms, record: records[0].record, prev_hash: 'e'.repeat(64) };
  forged.hash = chainHash(forged.prev_hash, TENANT, forged.seq, forged.at_ms, forged.record);
  await raw.set(rawKey(recordKey(99, forged.hash)), { v: forged });
  await assert.rejects(log.verify(), /the record before audit record 99 is missing/);
});

test('a branch that outlives the expired record the chain went on from still verifies', async (t) => {
  // Two appends at seq 2 at once; the chain goes on from the first, three hours later.
  const { logs, clock, raw } = invocations(t, 2);
  t.after(() => raw.close());
  await appendAtOnce(logs.slice(0, 1), 1, clock);
  await appendAtOnce(logs, 1, clock);
  clock.ms += 3 * 3600 * 1000;
  await logs[0].append(clock.ms, entry(70));
  const [first, a, b, third] = await logs[0].records();
  assert.deepEqual([first.seq, a.seq, b.seq, third.seq], [1, 2, 2, 3]);
  const [parent, sibling] = third.prev_hash === a.hash ? [a, b] : [b, a];
  // Record 1 and the parent expire, the sibling (written a moment later) not yet.
  await raw.delete(rawKey(recordKey(1, first.hash)));
  await raw.delete(rawKey(recordKey(2, parent.hash)));
  assert.equal(await logs[0].verify(), 2, `record 3 follows the expired ${parent.hash.slice(0, 8)} beside ${sibling.hash.slice(0, 8)}`);
});

test('records whose predecessors expired still verify', async (t) => {
  const { log, clock } = await chainOf(t, 3);
  clock.ms += 10 * 24 * 3600 * 1000;
  await log.append(clock.ms, entry(60));
  await log.append(clock.ms + 1, entry(61));
  // The first three records expire; the fourth, written ten days later, is now the oldest.
  clock.ms = START_MS + 3000 + RETENTION_SECONDS * 1000 + 1;
  const live = await log.records();
  assert.deepEqual(live.map((r) => r.seq), [4, 5]);
  assert.equal(await log.verify(), 2);
});

test('a record that links to a predecessor of the wrong seq is reported', async (t) => {
  const { log, records, raw } = await chainOf(t, 3);
  const forged = { seq: 3, at_ms: records[2].at_ms, record: records[2].record, prev_hash: records[0].hash };
  forged.hash = chainHash(forged.prev_hash, TENANT, forged.seq, forged.at_ms, forged.record);
  await raw.set(rawKey(recordKey(3, forged.hash)), { v: forged });
  await assert.rejects(log.verify(), /audit record 3 does not follow record 1/);
});

const AUDIT_KEY = new Uint8Array(32).fill(9);

test('the tag is the HMAC the Rust host writes', () => {
  // The same vector is in host/src/audit.rs.
  assert.equal(recordTag(AUDIT_KEY, 'acme', '0'.repeat(64)), 'fc34d2d8e42c6c2d39f9f8732c29df083b39493eb67d047a48ab14fb803aa0d5');
});

test('with the audit key, records are tagged and a record forged without it is reported', async (t) => {
  const { logs, clock, raw } = invocations(t, 1, AUDIT_KEY);
  t.after(() => raw.close());
  await appendAtOnce(logs, 3, clock);
  const [log] = logs;
  const records = await log.records();
  assert.ok(records.every((r) => r.tag === recordTag(AUDIT_KEY, TENANT, r.hash)));
  assert.equal(await log.verify(), 3);
  // Appended exactly as the chain's format says, linked to the last record, but tagged with a guess.
  const last = records[2];
  const forged = { seq: 4, at_ms: last.at_ms + 1, record: last.record, prev_hash: last.hash };
  forged.hash = chainHash(forged.prev_hash, TENANT, forged.seq, forged.at_ms, forged.record);
  forged.tag = recordTag(new Uint8Array(32).fill(1), TENANT, forged.hash);
  await raw.set(rawKey(recordKey(4, forged.hash)), { v: forged });
  await assert.rejects(log.verify(), /audit record 4 was forged/);
  // Without the key, the same store verifies: the tag is what tells.
  assert.equal(await new AuditLog(log.kvs, TENANT, { linear: false }).verify(), 4);
  forged.tag = undefined;
  await raw.set(rawKey(recordKey(4, forged.hash)), { v: forged });
  await assert.rejects(log.verify(), /audit record 4 has no tag/);
});

test('an audit key must be 32 bytes', () => {
  assert.throws(() => new AuditLog({}, TENANT, { key: new Uint8Array(16) }), /32 bytes/);
});

test('on a store with create-only writes, concurrent appends form one line and none is lost', async (t) => {
  const { logs, clock, raw } = invocations(t, 4, AUDIT_KEY, { linear: true });
  t.after(() => raw.close());
  const ids = await appendAtOnce(logs, 5, clock);
  assert.equal(new Set(ids).size, 20);
  const records = await logs[0].records();
  assert.deepEqual(records.map((r) => r.seq), Array.from({ length: 20 }, (_, i) => i + 1), 'one record per seq, none lost');
  assert.equal(records[0].prev_hash, GENESIS);
  for (let i = 1; i < records.length; i++) assert.equal(records[i].prev_hash, records[i - 1].hash, `record ${i + 1} follows record ${i}`);
  assert.deepEqual(new Set(records.map((r) => `${r.seq}-${r.hash.slice(0, 16)}`)), new Set(ids));
  assert.equal((await logs[2].kvs.get('audit:head')).seq, 20);
  assert.equal(await logs[3].verify(), 20);
});

test('a linear log reports a second record of a seq, even one with a correct hash', async (t) => {
  const { logs, clock, raw } = invocations(t, 1, undefined, { linear: true });
  t.after(() => raw.close());
  await appendAtOnce(logs, 3, clock);
  const [log] = logs;
  const records = await log.records();
  const fork = { seq: 3, at_ms: records[2].at_ms + 1, record: records[2].record, prev_hash: records[1].hash };
  fork.hash = chainHash(fork.prev_hash, TENANT, fork.seq, fork.at_ms, fork.record);
  await raw.set(rawKey(recordKey(3, fork.hash)), { v: fork });
  await assert.rejects(log.verify(), /audit record 3 is stored under another record's key/);
  await raw.delete(rawKey(recordKey(3, fork.hash)));
  await raw.delete(rawKey(linearRecordKey(2)));
  await assert.rejects(log.verify(), /the record before audit record 3 is missing/);
});

test('a linear log needs a store that honours create-only writes', () => {
  assert.throws(() => new AuditLog({ get() {}, set() {} }, TENANT, { linear: true }), /createOnly/);
  assert.equal(new AuditLog({ createOnly: true }, TENANT).linear, true, 'the default follows the store');
  assert.equal(new AuditLog({}, TENANT).linear, false);
});

test('a linear log whose head lags far behind finds the newest record in a few reads and raises the head', async (t) => {
  const { logs, clock, raw } = invocations(t, 1, undefined, { linear: true });
  t.after(() => raw.close());
  await appendAtOnce(logs, 70, clock);
  const [log] = logs;
  await log.kvs.set('audit:head', { seq: 1, hash: (await log.records())[0].hash });
  let reads = 0;
  const counting = Object.create(log.kvs, { get: { value: (key) => (reads++, log.kvs.get(key)) } });
  const lagging = new AuditLog(counting, TENANT);
  assert.match(await lagging.append(clock.ms + 1, entry(900)), /^71-/);
  assert.ok(reads < 30, `${reads} reads to pass 69 records`);
  assert.equal((await log.kvs.get('audit:head')).seq, 71);
  assert.match(await log.append(clock.ms + 2, entry(901)), /^72-/);
  assert.equal(await log.verify(), 72);
});

test('a linear append whose write went through but whose reply was lost does not write the record twice', async (t) => {
  const { logs, clock, raw } = invocations(t, 1, undefined, { linear: true });
  t.after(() => raw.close());
  const [log] = logs;
  let first = true;
  const lossy = Object.create(log.kvs, {
    set: {
      value: async (key, value, options) => {
        await log.kvs.set(key, value, options);
        if (first && key.startsWith('audit:rec:')) {
          first = false;
          await log.kvs.set(key, value, options); // the retry of a write whose reply was lost
        }
      },
    },
  });
  assert.match(await new AuditLog(lossy, TENANT).append(clock.ms, entry(1)), /^1-/);
  assert.equal((await log.records()).length, 1);
});

test('a store that held a branching log verifies after it becomes linear, old records below the first linear one', async (t) => {
  const { logs, clock, raw } = invocations(t, 2);
  t.after(() => raw.close());
  await appendAtOnce(logs, 2, clock);
  const linear = new AuditLog(logs[0].kvs, TENANT, { linear: true });
  await linear.append(clock.ms + 10, entry(50));
  await linear.append(clock.ms + 11, entry(51));
  const records = await linear.records();
  assert.deepEqual(records.map((r) => r.seq), [1, 1, 2, 2, 3, 4]);
  assert.equal(await linear.verify(), 6);
  const late = { ...records[4], at_ms: records[4].at_ms + 1 };
  late.hash = chainHash(late.prev_hash, TENANT, late.seq, late.at_ms, late.record);
  await raw.set(rawKey(recordKey(3, late.hash)), { v: late });
  await assert.rejects(linear.verify(), /audit record 3 is stored under another record's key/, 'no branch after the switch');
});

test('under random interleavings of eight invocations a linear chain keeps every record, one per seq, each after the one before', async (t) => {
  const { logs, clock, raw } = invocations(t, 8, AUDIT_KEY, { linear: true });
  t.after(() => raw.close());
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // Every store call of every invocation waits a random few milliseconds first, so reads of the
  // head, creates and head moves interleave differently on each append.
  const jittered = logs.map((log) => {
    const pause = () => new Promise((r) => setTimeout(r, Math.floor(random() * 4)));
    const kvs = Object.create(log.kvs, {
      get: { value: async (key) => (await pause(), log.kvs.get(key)) },
      set: { value: async (key, value, options) => (await pause(), log.kvs.set(key, value, options)) },
    });
    return new AuditLog(kvs, TENANT, { key: AUDIT_KEY });
  });
  const ids = await Promise.all(jittered.flatMap((log, i) => Array.from({ length: 10 }, (_, n) => log.append(clock.ms + i * 10 + n, entry(i * 10 + n)))));
  assert.equal(new Set(ids).size, 80);
  const records = await logs[0].records();
  assert.deepEqual(records.map((r) => r.seq), Array.from({ length: 80 }, (_, i) => i + 1));
  for (let i = 1; i < records.length; i++) assert.equal(records[i].prev_hash, records[i - 1].hash);
  assert.equal(await logs[0].verify(), 80);
});

test('a cut-off tail with the head moved back verifies alone, and is reported against a witness', async (t) => {
  const { log, records, raw } = await chainOf(t, 4);
  const witness = `4-${records[3].hash.slice(0, 16)}`;
  assert.deepEqual(await log.verifyAgainst(witness), { records: 4, witnessChecked: true });
  // Someone with write access to the store deletes the newest record and moves the head back.
  await raw.delete(rawKey(recordKey(4, records[3].hash)));
  await raw.set(rawKey('audit:head'), { v: { seq: 3, hash: records[2].hash } });
  assert.equal(await log.verify(), 3, 'alone, the shorter chain looks whole');
  await assert.rejects(log.verifyAgainst(witness), /the chain ends at record 3, but record 4 was seen earlier/);
  await assert.rejects(log.verifyAgainst(`3-${'0'.repeat(16)}`), /record 3 is not the record seen earlier/);
  await assert.rejects(log.verifyAgainst('three'), /is not a record id/);
});

test('a witness that expired with its record is reported unchecked', async (t) => {
  const { log, records, raw } = await chainOf(t, 3);
  await raw.delete(rawKey(recordKey(1, records[0].hash)));
  assert.deepEqual(await log.verifyAgainst(`1-${records[0].hash.slice(0, 16)}`), { records: 2, witnessChecked: false });
});
