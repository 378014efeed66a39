// Why this file exists: envelope encryption for the Node host with WebCrypto, in exactly the
// format of the Rust host's local KMS (host/src/kms.rs), so that a record sealed by one host opens
// in the other (promise P3):
//
//   envelope      = "SYN1" ‖ 12-byte nonce ‖ AES-256-GCM(ciphertext ‖ 16-byte tag)
//   record AAD    = lp("synco record v1") ‖ lp(tenant) ‖ lp(namespace) ‖ lp(key)
//   data key      = 32 random bytes per tenant, kept only wrapped:
//   wrapped bytes = 12-byte nonce ‖ AES-256-GCM_master(data key), AAD = lp("synco data key v1") ‖
//                   lp(tenant) ‖ lp(u32be(master version)); the master key is `master-v<N>.key`
//   digest        = lowercase hex HMAC-SHA256(data) under HKDF-SHA256(ikm = data key,
//                   salt = "synco hkdf salt v1", info = "synco digest key v1", 32 bytes)
//
// where lp(x) = u32 big-endian length of x ‖ x. Plaintexts and digest inputs are capped at 1 MiB.

import { createHash } from 'node:crypto';

const MAGIC = new Uint8Array([0x53, 0x59, 0x4e, 0x31]); // "SYN1"
const NONCE_LEN = 12;
const KEY_LEN = 32;
/** The largest plaintext the KMS seals (and the largest digest input): 1 MiB. */
export const MAX_PLAINTEXT = 1024 * 1024;
/** The most bytes one `random-bytes` call returns. */
export const MAX_RANDOM_BYTES = 1024;

const utf8 = new TextEncoder();

/** Why a KMS operation failed; `payload` is the WIT `kms-error` variant. */
export class KmsError extends Error {
  /** @param {{tag: 'unauthentic'} | {tag: 'too-large', val: bigint} | {tag: 'backend', val: string}} payload */
  constructor(payload, message) {
    super(message ?? describe(payload));
    this.name = 'KmsError';
    this.payload = payload;
  }
}

function describe(p) {
  switch (p.tag) {
    case 'unauthentic':
      return 'the envelope does not open under this tenant, namespace and key';
    case 'too-large':
      return `the input is larger than the kms limit of ${p.val} bytes`;
    default:
      return `the key backend failed: ${p.val}`;
  }
}

const unauthentic = () => new KmsError({ tag: 'unauthentic' });
const tooLarge = () => new KmsError({ tag: 'too-large', val: BigInt(MAX_PLAINTEXT) });

/** lp(a) ‖ lp(b) ‖ …: every part prefixed with its u32 big-endian length. */
export function lengthPrefixed(parts) {
  const bytes = parts.map((p) => (typeof p === 'string' ? utf8.encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + 4 + b.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const b of bytes) {
    view.setUint32(at, b.length, false);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/** The associated data of a record slot. */
export function recordAad(tenant, namespace, key) {
  return lengthPrefixed(['synco record v1', tenant, namespace, key]);
}

/** The associated data of a tenant's wrapped data key. */
export function dataKeyAad(tenant, masterVersion) {
  const version = new Uint8Array(4);
  new DataView(version.buffer).setUint32(0, masterVersion, false);
  return lengthPrefixed(['synco data key v1', tenant, version]);
}

/** A tenant id as the Rust host accepts it: 1–128 characters of `[A-Za-z0-9._:-]`. */
export function checkTenant(tenant) {
  if (typeof tenant !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(tenant)) {
    throw new TypeError(`invalid tenant id ${JSON.stringify(tenant)}: expected 1 to 128 characters of letters, digits, '.', '_', ':' or '-'`);
  }
  return tenant;
}

function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new KmsError({ tag: 'backend', val: 'WebCrypto is not available' });
  return s;
}

function toBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError('expected bytes (Uint8Array)');
}

function checkKey(bytes, what) {
  const b = toBytes(bytes);
  if (b.length !== KEY_LEN) throw new TypeError(`${what}: expected ${KEY_LEN} bytes, found ${b.length}`);
  return b;
}

async function aesKey(raw) {
  return subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

async function encrypt(key, nonce, plaintext, aad) {
  return new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, plaintext));
}

async function decrypt(key, nonce, ciphertext, aad) {
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, ciphertext));
  } catch {
    throw unauthentic();
  }
}

/** `len` bytes from the platform's cryptographic generator. */
export function osRandom(len) {
  return globalThis.crypto.getRandomValues(new Uint8Array(len));
}

/**
 * Wraps a tenant's data key under a master key (the Rust host's `wrap`).
 * @returns {Promise<{masterVersion: number, bytes: Uint8Array}>}
 */
export async function wrapDataKey({ tenant, masterKey, masterVersion, dataKey, nonce = osRandom(NONCE_LEN) }) {
  checkTenant(tenant);
  const key = await aesKey(checkKey(masterKey, 'master key'));
  const ct = await encrypt(key, toBytes(nonce), checkKey(dataKey, 'data key'), dataKeyAad(tenant, masterVersion));
  const bytes = new Uint8Array(NONCE_LEN + ct.length);
  bytes.set(toBytes(nonce));
  bytes.set(ct, NONCE_LEN);
  return { masterVersion, bytes };
}

/**
 * Unwraps a tenant's data key (the Rust host's `unwrap`); a wrong or corrupted master key is a
 * `backend` error, never garbage.
 */
export async function unwrapDataKey({ tenant, masterKey, masterVersion, wrapped }) {
  checkTenant(tenant);
  const w = toBytes(wrapped);
  const wrong = () => new KmsError({ tag: 'backend', val: 'the master key is unavailable' }, `the data key of tenant ${tenant} does not unwrap under master key v${masterVersion}: wrong or corrupted key file`);
  if (w.length < NONCE_LEN) throw wrong();
  const key = await aesKey(checkKey(masterKey, 'master key'));
  let plain;
  try {
    plain = await decrypt(key, w.subarray(0, NONCE_LEN), w.subarray(NONCE_LEN), dataKeyAad(tenant, masterVersion));
  } catch {
    throw wrong();
  }
  if (plain.length !== KEY_LEN) throw wrong();
  return plain;
}

/**
 * The KMS of one tenant: seal, open and digest under its data key. Key material stays inside
 * non-extractable WebCrypto keys; the raw data key is not kept.
 */
export class WebCryptoKms {
  /** @private */
  constructor(tenant, aes, hmac, random) {
    this.tenant = tenant;
    this._aes = aes;
    this._hmac = hmac;
    this._random = random;
  }

  /**
   * A KMS from the tenant's raw 32-byte data key (tests, or a key already unwrapped elsewhere).
   * @param {string} tenant
   * @param {Uint8Array} dataKey
   * @param {{nonces?: (len: number) => Uint8Array}} [options] `nonces` replaces the OS
   *   generator for nonces (tests that need reproducible envelopes only).
   */
  static async fromDataKey(tenant, dataKey, options = {}) {
    checkTenant(tenant);
    const raw = checkKey(dataKey, 'data key');
    const s = subtle();
    const aes = await aesKey(raw);
    const hkdf = await s.importKey('raw', raw, 'HKDF', false, ['deriveBits']);
    const digestKey = await s.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode('synco hkdf salt v1'), info: utf8.encode('synco digest key v1') },
      hkdf,
      KEY_LEN * 8,
    );
    const hmac = await s.importKey('raw', digestKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new WebCryptoKms(tenant, aes, hmac, options.nonces ?? osRandom);
  }

  /**
   * A KMS from a master key and the tenant's wrapped data key, as the Rust host stores them
   * (`master-v<N>.key` bytes; the tenant row's wrapped key and master version).
   */
  static async fromWrappedDataKey({ tenant, masterKey, masterVersion, wrapped }, options = {}) {
    const dataKey = await unwrapDataKey({ tenant, masterKey, masterVersion, wrapped });
    try {
      return await WebCryptoKms.fromDataKey(tenant, dataKey, options);
    } finally {
      dataKey.fill(0);
    }
  }

  /** Seals `plaintext` for the slot `namespace`/`key`. */
  async seal(namespace, key, plaintext) {
    const pt = toBytes(plaintext);
    if (pt.length > MAX_PLAINTEXT) throw tooLarge();
    const nonce = toBytes(this._random(NONCE_LEN));
    if (nonce.length !== NONCE_LEN) throw new KmsError({ tag: 'backend', val: 'the nonce source failed' });
    const ct = await encrypt(this._aes, nonce, pt, recordAad(this.tenant, namespace, key));
    const envelope = new Uint8Array(MAGIC.length + NONCE_LEN + ct.length);
    envelope.set(MAGIC);
    envelope.set(nonce, MAGIC.length);
    envelope.set(ct, MAGIC.length + NONCE_LEN);
    return envelope;
  }

  /** Opens an envelope sealed for the same tenant, namespace and key; `unauthentic` otherwise. */
  async open(namespace, key, envelope) {
    const e = toBytes(envelope);
    if (e.length < MAGIC.length + NONCE_LEN || !MAGIC.every((b, i) => e[i] === b)) throw unauthentic();
    const nonce = e.subarray(MAGIC.length, MAGIC.length + NONCE_LEN);
    return decrypt(this._aes, nonce, e.subarray(MAGIC.length + NONCE_LEN), recordAad(this.tenant, namespace, key));
  }

  /** HMAC-SHA256 of `data` under the tenant's digest key, lowercase hex (64 characters). */
  async digest(data) {
    const d = toBytes(data);
    if (d.length > MAX_PLAINTEXT) throw tooLarge();
    const mac = new Uint8Array(await subtle().sign('HMAC', this._hmac, d));
    return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/**
 * The Rust host's reproducible randomness for tests (host/src/entropy.rs `Entropy::seeded`):
 * block i = sha256(u64le(seed) ‖ u64le(i)), concatenated. Synchronous (node:crypto), because the
 * guest's `random-bytes` import returns without a `result`.
 */
export class SeededEntropy {
  /** @param {bigint|number} seed */
  constructor(seed) {
    this.seed = BigInt.asUintN(64, BigInt(seed));
    this.block = 0n;
  }

  /** `len` bytes; like the Rust stream, every call starts at a fresh block. @param {number} len */
  bytes(len) {
    const out = new Uint8Array(len);
    let filled = 0;
    while (filled < len) {
      const input = new Uint8Array(16);
      const view = new DataView(input.buffer);
      view.setBigUint64(0, this.seed, true);
      view.setBigUint64(8, this.block, true);
      this.block += 1n;
      const block = createHash('sha256').update(input).digest();
      const need = Math.min(len - filled, block.length);
      out.set(block.subarray(0, need), filled);
      filled += need;
    }
    return out;
  }
}
