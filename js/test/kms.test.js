// Why this file exists: proves the Node KMS uses exactly the Rust host's envelope, associated
// data, data-key wrapping and digest formats — by taking envelopes apart with node:crypto, by
// comparing exact bytes, and by opening what the Rust host itself sealed (test/fixtures/
// rust-host.json holds a master key, a wrapped data key and records from a real `synco` run).

import assert from 'node:assert/strict';
import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { KmsError, WebCryptoKms, dataKeyAad, recordAad, unwrapDataKey, wrapDataKey } from '../src/kms.js';
import { JS_ROOT } from './support/fixtures.js';

const rust = JSON.parse(readFileSync(join(JS_ROOT, 'test/fixtures/rust-host.json'), 'utf8'));
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b) => Buffer.from(b).toString('hex');
const dataKey = new Uint8Array(32).map((_, i) => i + 1);

test('the record associated data is each of "synco record v1", tenant, namespace and key prefixed with its u32 big-endian length', () => {
  assert.equal(
    hex(recordAad('t1', 'page-index', 'k/1')),
    '0000000f' + hex(Buffer.from('synco record v1')) + '00000002' + hex(Buffer.from('t1')) + '0000000a' + hex(Buffer.from('page-index')) + '00000003' + hex(Buffer.from('k/1')),
  );
});

test('the data-key associated data ends with the master version as four big-endian bytes', () => {
  assert.equal(hex(dataKeyAad('t1', 258)), '00000011' + hex(Buffer.from('synco data key v1')) + '00000002' + hex(Buffer.from('t1')) + '00000004' + '00000102');
});

test('an envelope is "SYN1", a 12-byte nonce, then AES-256-GCM ciphertext and its 16-byte tag under the record associated data', async () => {
  const kms = await WebCryptoKms.fromDataKey('t1', dataKey);
  const envelope = await kms.seal('page-index', 'k1', new TextEncoder().encode('excerpt'));
  assert.equal(envelope.length, 4 + 12 + 7 + 16);
  assert.equal(Buffer.from(envelope.subarray(0, 4)).toString(), 'SYN1');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, envelope.subarray(4, 16));
  decipher.setAAD(recordAad('t1', 'page-index', 'k1'));
  decipher.setAuthTag(envelope.subarray(envelope.length - 16));
  const plain = Buffer.concat([decipher.update(envelope.subarray(16, envelope.length - 16)), decipher.final()]);
  assert.equal(plain.toString(), 'excerpt');
  assert.equal(Buffer.from(await kms.open('page-index', 'k1', envelope)).toString(), 'excerpt');
});

test('an envelope opens only for the tenant, namespace and key it was sealed for', async () => {
  const a = await WebCryptoKms.fromDataKey('a', dataKey);
  const b = await WebCryptoKms.fromDataKey('b', dataKey);
  const sealed = await a.seal('page-index', 'k1', new Uint8Array([1, 2, 3]));
  for (const attempt of [() => b.open('page-index', 'k1', sealed), () => a.open('page-index', 'k2', sealed), () => a.open('other', 'k1', sealed)]) {
    await assert.rejects(attempt, (e) => e instanceof KmsError && e.payload.tag === 'unauthentic');
  }
});

test('a flipped bit anywhere in the nonce, ciphertext or tag, or a truncated envelope, is refused as unauthentic', async () => {
  const kms = await WebCryptoKms.fromDataKey('t1', dataKey);
  const sealed = await kms.seal('page-index', 'k1', new TextEncoder().encode('excerpt'));
  for (let byte = 4; byte < sealed.length; byte++) {
    const tampered = sealed.slice();
    tampered[byte] ^= 1 << byte % 8;
    await assert.rejects(kms.open('page-index', 'k1', tampered), (e) => e.payload?.tag === 'unauthentic', `byte ${byte}`);
  }
  await assert.rejects(kms.open('page-index', 'k1', sealed.subarray(0, sealed.length - 1)), (e) => e.payload?.tag === 'unauthentic');
  await assert.rejects(kms.open('page-index', 'k1', new TextEncoder().encode('SYN1')), (e) => e.payload?.tag === 'unauthentic');
});

test('plaintexts over 1 MiB are refused with the limit', async () => {
  const kms = await WebCryptoKms.fromDataKey('t1', dataKey);
  await assert.rejects(kms.seal('page-index', 'k', new Uint8Array(1024 * 1024 + 1)), (e) => e.payload?.tag === 'too-large' && e.payload.val === 1048576n);
});

test('a digest is lowercase hex HMAC-SHA256 under HKDF-SHA256 of the data key with the Rust host salt and info', async () => {
  const kms = await WebCryptoKms.fromDataKey('t1', dataKey);
  const key = Buffer.from(hkdfSync('sha256', dataKey, 'synco hkdf salt v1', 'synco digest key v1', 32));
  const expected = createHmac('sha256', key).update('page 1001').digest('hex');
  assert.equal(await kms.digest(new TextEncoder().encode('page 1001')), expected);
  assert.match(expected, /^[0-9a-f]{64}$/);
});

test('a wrapped data key is a 12-byte nonce and the AES-GCM ciphertext of the key under the master key, and unwraps only with its version', async () => {
  const masterKey = new Uint8Array(32).fill(9);
  const wrapped = await wrapDataKey({ tenant: 't1', masterKey, masterVersion: 3, dataKey });
  assert.equal(wrapped.bytes.length, 12 + 32 + 16);
  assert.deepEqual(await unwrapDataKey({ tenant: 't1', masterKey, masterVersion: 3, wrapped: wrapped.bytes }), dataKey);
  await assert.rejects(unwrapDataKey({ tenant: 't1', masterKey, masterVersion: 2, wrapped: wrapped.bytes }), (e) => e.payload?.tag === 'backend');
  await assert.rejects(unwrapDataKey({ tenant: 't2', masterKey, masterVersion: 3, wrapped: wrapped.bytes }), (e) => e.payload?.tag === 'backend');
  await assert.rejects(unwrapDataKey({ tenant: 't1', masterKey: new Uint8Array(32), masterVersion: 3, wrapped: wrapped.bytes }), /does not unwrap under master key v3/);
});

test('records sealed by the Rust host open in the Node host with its master key file and wrapped data key', async () => {
  const kms = await WebCryptoKms.fromWrappedDataKey({ tenant: rust.tenant, masterKey: b64(rust.masterKey), masterVersion: rust.masterVersion, wrapped: b64(rust.wrappedDataKey) });
  assert.equal(rust.records.length, 5);
  for (const r of rust.records) {
    const record = JSON.parse(Buffer.from(await kms.open(r.namespace, r.key, b64(r.envelope))).toString('utf8'));
    assert.equal(typeof record.page_id, 'string');
    assert.equal(record.vector.length, 256);
    // The store key is the keyed digest of the page id: the Node digest matches the Rust one.
    assert.equal(r.key, `page/${await kms.digest(new TextEncoder().encode(`page:${record.page_id}`))}`);
  }
});

test('an envelope sealed by the Node host opens with the Rust host key material and the standard AES-GCM construction', async () => {
  const raw = await unwrapDataKey({ tenant: rust.tenant, masterKey: b64(rust.masterKey), masterVersion: rust.masterVersion, wrapped: b64(rust.wrappedDataKey) });
  const kms = await WebCryptoKms.fromDataKey(rust.tenant, raw);
  const sealed = await kms.seal('page-index', 'page/from-node', new TextEncoder().encode('{"from":"node"}'));
  const decipher = createDecipheriv('aes-256-gcm', raw, sealed.subarray(4, 16));
  decipher.setAAD(recordAad(rust.tenant, 'page-index', 'page/from-node'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  assert.equal(Buffer.concat([decipher.update(sealed.subarray(16, sealed.length - 16)), decipher.final()]).toString(), '{"from":"node"}');
});
