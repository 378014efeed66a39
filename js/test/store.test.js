// Why this file exists: proves the guest-facing `store` and `kms` capabilities keep the Rust host's
// rules on top of Forge's storage: only the guest's namespaces, the guest key format, only
// envelopes sealed for the exact slot, 256 KiB envelopes (stored across several 240 KiB rows), a
// 90-day lifetime cap enforced on read, keys listed in order under a prefix, and the credential
// namespace out of the guest's reach.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MAX_ENVELOPE_BYTES, openTenantKms, setProviderCredential, uninstallTenant } from '../src/forge-adapter.js';
import { examplePages, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const DAY_MS = 86_400_000;
const utf8 = (s) => new TextEncoder().encode(s);
const rejectsWith = (p, tag) => assert.rejects(p, (e) => e.payload?.tag === tag);

test('only envelopes sealed for the same namespace and key are stored', async (t) => {
  const { capabilities: c } = await tenantEngine(t);
  await rejectsWith(c.store.put('page-index', 'page/k', utf8('plain text')), 'not-sealed');
  const other = await c.kms.seal('page-index', 'page/other', utf8('x'));
  await rejectsWith(c.store.put('page-index', 'page/k', other), 'not-sealed');
  const sealed = await c.kms.seal('page-index', 'page/k', utf8('x'));
  await c.store.put('page-index', 'page/k', sealed);
  assert.deepEqual(await c.store.get('page-index', 'page/k'), sealed);
});

test('unknown namespaces and malformed keys are refused with the contract errors', async (t) => {
  const { capabilities: c } = await tenantEngine(t);
  await rejectsWith(c.store.get('config', 'k'), 'unknown-namespace');
  for (const key of ['', '../b/k', 'a//b', 'a/./b', 'sp ace', 'x'.repeat(129), 'é']) {
    await rejectsWith(c.store.get('page-index', key), 'invalid-key');
  }
  await rejectsWith(c.kms.seal('credential', 'openai', utf8('sk-guest-attempt')), 'unauthentic');
});

test('an envelope up to 256 KiB is stored across several Forge rows and read back whole; a larger one is refused', async (t) => {
  const { capabilities: c, kvs } = await tenantEngine(t);
  const plaintext = globalThis.crypto.getRandomValues(new Uint8Array(60_000));
  const big = new Uint8Array(MAX_ENVELOPE_BYTES - 4 - 12 - 16);
  for (let i = 0; i < big.length; i += plaintext.length) big.set(plaintext.subarray(0, Math.min(plaintext.length, big.length - i)), i);
  const sealed = await c.kms.seal('page-index', 'page/big', big);
  assert.equal(sealed.length, MAX_ENVELOPE_BYTES);
  await c.store.put('page-index', 'page/big', sealed);
  assert.ok(kvs.rowCount('c:s:page-index:page#big:') >= 2);
  assert.deepEqual(await c.store.get('page-index', 'page/big'), sealed);
  const tooBig = new Uint8Array(MAX_ENVELOPE_BYTES + 1);
  await assert.rejects(c.store.put('page-index', 'page/huge', tooBig), (e) => e.payload?.tag === 'too-large' && e.payload.val === 262144n);
});

test('a record lives at most 90 days whatever the guest asks, and is absent once expired', async (t) => {
  const now = 1_700_000_000_000;
  const { capabilities: c, setClock, kvs } = await tenantEngine(t, { now });
  const sealed = await c.kms.seal('page-index', 'page/k', utf8('x'));
  await c.store.put('page-index', 'page/k', sealed, 365n * 24n * 3600n);
  const short = await c.kms.seal('page-index', 'page/short', utf8('y'));
  await c.store.put('page-index', 'page/short', short, 60n);
  setClock(now + 61_000);
  assert.equal(await c.store.get('page-index', 'page/short'), undefined);
  setClock(now + 89 * DAY_MS);
  assert.deepEqual(await c.store.get('page-index', 'page/k'), sealed);
  setClock(now + 90 * DAY_MS);
  assert.equal(await c.store.get('page-index', 'page/k'), undefined);
  assert.deepEqual(await c.store.list('page-index', 'page/'), []);
  assert.equal(kvs.purgeExpired(), 2);
});

test('list returns the live keys under a prefix, sorted, with their slashes', async (t) => {
  const { capabilities: c } = await tenantEngine(t);
  for (const key of ['page/2', 'page/1', 'other/1', 'page/10']) await c.store.put('page-index', key, await c.kms.seal('page-index', key, utf8(key)));
  assert.deepEqual(await c.store.list('page-index', 'page/'), ['page/1', 'page/10', 'page/2']);
  assert.deepEqual(await c.store.list('page-index', ''), ['other/1', 'page/1', 'page/10', 'page/2']);
  await c.store.delete('page-index', 'page/10');
  assert.deepEqual(await c.store.list('page-index', 'page/'), ['page/1', 'page/2']);
});

test('a provider credential is kept sealed in secrets and never in plain text', async (t) => {
  const { kvs, kms } = await tenantEngine(t);
  await setProviderCredential({ kvs, kms, provider: 'openai', credential: 'sk-test-123' });
  const stored = await kvs.getSecret('synco:credential:openai');
  assert.doesNotMatch(Buffer.from(stored, 'base64').toString('latin1'), /sk-test-123/);
  assert.equal(new TextDecoder().decode(await kms.open('credential', 'openai', new Uint8Array(Buffer.from(stored, 'base64')))), 'sk-test-123');
});

test('uninstalling deletes the data key, credentials, guest records and settings from the store file at once, and keeps the audit trail', async (t) => {
  const { engine, capabilities: c, kvs } = await tenantEngine(t);
  for (const page of examplePages()) await engine.indexPage(page, {});
  await engine.sync(exampleSyncRequest());
  const big = await c.kms.seal('page-index', 'page/big', new Uint8Array(200_000));
  await c.store.put('page-index', 'page/big', big);
  const kms = await openTenantKms({ kvs, tenant: 'local', masterKeys: { 1: new Uint8Array(32).fill(3) } });
  await setProviderCredential({ kvs, kms, provider: 'openai', credential: 'sk-test-uninstall' });
  await kvs.set('synco:config', { provider: 'openai', model: 'gpt-4.1' });
  await kvs.set('synco:link:PAY-142', { pageId: '42' });
  assert.ok(kvs.rowCount('v:s:') > examplePages().length && kvs.rowCount('c:') > 0 && kvs.rowCount('synco:') === 4);
  const auditRows = kvs.rowCount('v:audit:');

  assert.deepEqual(await uninstallTenant({ kvs }), { records: examplePages().length + 1, settings: 2 });
  assert.equal(kvs.rowCount('v:s:'), 0, 'no guest record row, live or expired, is left in the file');
  assert.equal(kvs.rowCount('c:'), 0, 'nor a chunk of one');
  assert.equal(kvs.rowCount('synco:'), 0, 'nor the data key, a credential or a setting (secrets included)');
  assert.equal(kvs.rowCount('v:audit:'), auditRows, 'the audit trail stays until it expires');
  assert.equal(await c.audit.verify(), auditRows - 1, 'and still verifies (its head is a row too)');
  assert.deepEqual(await uninstallTenant({ kvs }), { records: 0, settings: 0 }, 'a second run finds nothing');
});
