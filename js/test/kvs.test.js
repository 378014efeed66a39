// Why this file exists: proves the Forge-shaped key-value layer on a real SQLite file: Forge's key
// rules and 240 KiB value limit, TTLs enforced on read and by purge, prefix queries in key order
// with cursors, secrets kept apart, and transparent chunking of large values.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';

import { CREATE_ONLY, ChunkedKvs, MAX_VALUE_BYTES, WhereConditions, checkForgeKey, fromForgeKvs, queryAll } from '../src/kvs.js';
import { SqliteKvs } from '../src/sqlite-kvs.js';
import { tempDir } from './support/fixtures.js';

function open(t, options = {}) {
  let clock = 1_000_000;
  const kvs = new SqliteKvs(join(tempDir(t), 'kvs.db'), { now: () => clock, ...options });
  t.after(() => kvs.close());
  return { kvs, tick: (ms) => (clock += ms), now: () => clock };
}

test('keys follow Forge KVS rules: 1 to 500 characters of letters, digits, ":._-#" and spaces, not only spaces', () => {
  for (const good of ['a', 'synco:page:PAY-142', 'v:s:page-index:page#abc', 'with space', 'x'.repeat(500)]) assert.equal(checkForgeKey(good), good);
  for (const [bad, code] of [['', 'KEY_TOO_SHORT'], ['x'.repeat(501), 'KEY_TOO_LONG'], ['a/b', 'INVALID_KEY'], ['   ', 'INVALID_KEY'], ['é', 'INVALID_KEY'], ['a?b', 'INVALID_KEY']]) {
    assert.throws(() => checkForgeKey(bad), (e) => e.code === code, JSON.stringify(bad));
  }
});

test('the SQLite store refuses a value over 240 KiB, as Forge does', async (t) => {
  const { kvs } = open(t);
  await kvs.set('ok', 'x'.repeat(MAX_VALUE_BYTES - 2));
  await assert.rejects(kvs.set('big', 'x'.repeat(MAX_VALUE_BYTES)), (e) => e.code === 'MAX_SIZE');
  assert.equal((await kvs.get('ok')).length, MAX_VALUE_BYTES - 2);
});

test('a value with a TTL is absent once it expires, and purging removes its row', async (t) => {
  const { kvs, tick } = open(t);
  await kvs.set('short', { v: 1 }, { ttl: { value: 10, unit: 'SECONDS' } });
  await kvs.set('long', { v: 2 }, { ttl: { value: 1, unit: 'DAYS' } });
  await kvs.set('forever', { v: 3 });
  tick(9_999);
  assert.deepEqual(await kvs.get('short'), { v: 1 });
  tick(1);
  assert.equal(await kvs.get('short'), undefined);
  assert.deepEqual((await queryAll(kvs, '')).map((r) => r.key), ['forever', 'long']);
  assert.equal(kvs.rowCount(), 3, 'the expired row is still on disk until purged');
  assert.equal(kvs.purgeExpired(), 1);
  assert.equal(kvs.rowCount(), 2);
  tick(86_400_000);
  assert.equal(kvs.purgeExpired(), 1);
  assert.deepEqual(await kvs.get('forever'), { v: 3 });
});

test('a prefix query returns keys in order, page by page, and only under the prefix', async (t) => {
  const { kvs } = open(t);
  for (const k of ['p:3', 'p:1', 'q:1', 'p:2', 'p', 'o:9']) await kvs.set(k, k);
  const first = await kvs.query().where('key', WhereConditions.beginsWith('p:')).limit(2).getMany();
  assert.deepEqual(first.results.map((r) => r.key), ['p:1', 'p:2']);
  assert.ok(first.nextCursor);
  const second = await kvs.query().where('key', WhereConditions.beginsWith('p:')).limit(2).cursor(first.nextCursor).getMany();
  assert.deepEqual(second.results, [{ key: 'p:3', value: 'p:3' }]);
  assert.equal(second.nextCursor, undefined);
});

test('secrets are kept apart from values and never appear in queries', async (t) => {
  const { kvs } = open(t);
  await kvs.setSecret('k', 'secret');
  await kvs.set('k', 'plain');
  assert.equal(await kvs.getSecret('k'), 'secret');
  assert.equal(await kvs.get('k'), 'plain');
  assert.deepEqual((await queryAll(kvs, '')).map((r) => r.value), ['plain']);
  await kvs.deleteSecret('k');
  assert.equal(await kvs.getSecret('k'), undefined);
});

test('installations share a database file without seeing each other', async (t) => {
  const dir = tempDir(t);
  const a = new SqliteKvs(join(dir, 'kvs.db'), { installation: 'a' });
  const b = new SqliteKvs(join(dir, 'kvs.db'), { installation: 'b' });
  t.after(() => (a.close(), b.close()));
  await a.set('k', 'from a');
  assert.equal(await b.get('k'), undefined);
  assert.deepEqual(await queryAll(b, ''), []);
});

test('a 1 MiB value round-trips through the chunking layer and occupies several rows', async (t) => {
  const { kvs, now } = open(t);
  const chunked = new ChunkedKvs(kvs, { now });
  const bytes = randomBytes(1024 * 1024);
  const value = { envelope: Buffer.from(bytes).toString('base64') };
  await chunked.set('big', value, { ttl: { value: 60, unit: 'SECONDS' } });
  assert.ok(kvs.rowCount('c:big:') >= 8, `chunk rows: ${kvs.rowCount('c:big:')}`);
  assert.equal(kvs.rowCount('v:big'), 1);
  for (const { value: row } of await queryAll(kvs, 'c:big:')) assert.ok(Buffer.byteLength(JSON.stringify(row)) <= MAX_VALUE_BYTES);
  assert.deepEqual(await chunked.get('big'), value);
  assert.deepEqual((await queryAll(chunked, '')).map((r) => r.key), ['big']);
});

test('overwriting or deleting a chunked value leaves no chunk rows behind', async (t) => {
  const { kvs, now } = open(t);
  const chunked = new ChunkedKvs(kvs, { now });
  await chunked.set('big', 'a'.repeat(600 * 1024));
  const first = kvs.rowCount('c:big:');
  await chunked.set('big', 'b'.repeat(700 * 1024));
  assert.equal((await chunked.get('big')).length, 700 * 1024);
  assert.ok(kvs.rowCount('c:big:') >= first && kvs.rowCount('c:big:') <= first + 1);
  await chunked.set('big', 'small now');
  assert.equal(kvs.rowCount('c:big:'), 0);
  assert.equal(await chunked.get('big'), 'small now');
  await chunked.set('big', 'c'.repeat(500 * 1024));
  await chunked.delete('big');
  assert.equal(kvs.rowCount(), 0);
});

test('a chunked value expires whole: absent on read, gone from queries, and its rows purged', async (t) => {
  const { kvs, now, tick } = open(t);
  const chunked = new ChunkedKvs(kvs, { now });
  await chunked.set('big', 'z'.repeat(400 * 1024), { ttl: { value: 2, unit: 'MINUTES' } });
  await chunked.set('keep', 'small');
  tick(120_000);
  assert.equal(await chunked.get('big'), undefined);
  assert.deepEqual((await queryAll(chunked, '')).map((r) => r.key), ['keep']);
  assert.ok(kvs.purgeExpired() >= 3);
  assert.equal(kvs.rowCount(), 1);
});

test('a chunk that goes missing is reported, never returned as a shorter value', async (t) => {
  const { kvs, now } = open(t);
  const chunked = new ChunkedKvs(kvs, { now });
  await chunked.set('big', 'q'.repeat(500 * 1024));
  const [victim] = await queryAll(kvs, 'c:big:');
  await kvs.delete(victim.key);
  await assert.rejects(chunked.get('big'), (e) => e.code === 'CORRUPT_VALUE');
});

test('a create-only write refuses a live key with KEY_CONFLICT, as Forge does, and leaves its value', async (t) => {
  const { kvs, tick, now } = open(t);
  for (const store of [kvs, new ChunkedKvs(kvs, { now })]) {
    assert.equal(store.createOnly, true);
    await store.set('claim', { by: 'first' }, { ttl: { value: 10, unit: 'SECONDS' }, ...CREATE_ONLY });
    await assert.rejects(store.set('claim', { by: 'second' }, { ...CREATE_ONLY }), (e) => e.code === 'KEY_CONFLICT');
    assert.deepEqual(await store.get('claim'), { by: 'first' });
    tick(10_000);
    await store.set('claim', { by: 'third' }, CREATE_ONLY);
    assert.deepEqual(await store.get('claim'), { by: 'third' }, 'an expired key may be created again');
    await store.delete('claim');
  }
  await assert.rejects(new ChunkedKvs(kvs, { now }).set('big', 'x'.repeat(MAX_VALUE_BYTES), CREATE_ONLY), (e) => e.code === 'MAX_SIZE');
});

test('create-only writes are refused on a store that does not say it honours them', async () => {
  const forge = { set: async () => {}, get: async () => undefined };
  const old = new ChunkedKvs(fromForgeKvs(forge, WhereConditions));
  assert.equal(old.createOnly, false);
  await assert.rejects(old.set('claim', 1, CREATE_ONLY), (e) => e.code === 'UNSUPPORTED');
  const calls = [];
  const current = new ChunkedKvs(fromForgeKvs({ set: async (...args) => calls.push(args) }, WhereConditions, { createOnly: true }));
  await current.set('claim', 1, CREATE_ONLY);
  assert.deepEqual(calls, [['v:claim', { v: 1 }, { keyPolicy: 'FAIL_IF_EXISTS' }]], 'the policy reaches @forge/kvs');
});
