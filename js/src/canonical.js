// Why this file exists: the golden vectors in tests/golden/ compare the two hosts' outputs byte
// for byte, so both must write a WIT value as the same JSON text. This is that encoding (specified
// for the Rust side in tests/golden/README.md):
//
// - records: objects whose keys are the WIT field names (kebab-case), sorted by code point;
// - variants: {"tag": case, "val": payload}, without "val" for a case without payload;
//   enums: the case name; option none: null; result: {"ok": …} or {"err": …};
// - integers (u8…u64): decimal; f32: the ECMAScript Number::toString of the value widened to f64
//   (what JSON.stringify writes); list<u8>: standard base64 with padding; strings: JSON.stringify's
//   escaping; no whitespace.

/** jco's camelCase field name → the WIT name (`editScript` → `edit-script`). */
export function witName(key) {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function canonical(value) {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`integer ${value} is outside the golden range`);
      return Number(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`non-finite number ${value} has no golden encoding`);
      return value;
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} has no golden encoding`);
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (ArrayBuffer.isView(value)) return Array.from(value, canonical);
  if (Array.isArray(value)) return value.map(canonical);
  const out = {};
  for (const key of Object.keys(value).map((k) => [witName(k), k]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[key[0]] = canonical(value[key[1]]);
  }
  return out;
}

/**
 * The canonical JSON text of a value as jco returns it (see the header for the rules).
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  return JSON.stringify(canonical(value));
}
