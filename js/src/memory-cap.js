// Why this file exists: Node gives a host no hook on a WebAssembly memory's growth (wasmtime's
// `ResourceLimiter`), so the only way to cap what the guest may hold is the memory's own declared
// maximum, which every engine enforces: `memory.grow` past it fails, the guest's allocator gets
// nothing, and Rust aborts the call with a trap. The component is transpiled as it is (the same
// bytes wasmtime runs); this module lowers the maximum in the memory section of a core module's
// bytes before it is compiled, so the cap is the host's choice, per engine. Tables get the same
// treatment with the Rust host's bound (100,000 entries; V8's own is 10 million): a component
// built with growable tables cannot fill the process through `table.grow` either.

/** The size of one WebAssembly page, in bytes. */
export const PAGE_BYTES = 65536;

/** The default cap on the guest's memory: 512 MiB, as the Rust host's (Forge's function memory). */
export const DEFAULT_MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;

/** The most entries a table of the guest may hold, as in the Rust host (`host/src/sandbox.rs`). */
export const MAX_TABLE_ELEMENTS = 100_000;

const TABLE_SECTION = 4;
const MEMORY_SECTION = 5;
/** Reference types a table may hold: funcref and externref. */
const REF_TYPES = new Set([0x70, 0x6f]);
/** `\0asm` and version 1: a core module (a component has another version and layer). */
const CORE_MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Limits flags: 0x00 = a minimum only, 0x01 = a minimum and a maximum (32-bit, unshared). */
const MIN_ONLY = 0x00;
const MIN_MAX = 0x01;

/** The module's bytes could not be given a memory (or table) cap. */
export class MemoryCapError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MemoryCapError';
  }
}

/** Reads an unsigned LEB128 number at `at`: `[value, next offset]`. */
function readU32(bytes, at) {
  let value = 0;
  for (let shift = 0, i = at; shift < 35; shift += 7, i++) {
    if (i >= bytes.length) throw new MemoryCapError('the module ends inside a number');
    const byte = bytes[i];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new MemoryCapError('a number in the module is longer than 5 bytes');
}

/** An unsigned LEB128 encoding of `value`. */
function encodeU32(value) {
  const out = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}

/** The bytes of `pieces`, one after another. */
function concat(pieces) {
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads limits (flags 0 or 1; `what` names the owner and `expected` what flags 0 or 1 mean for
 * it, in errors) at `at` and encodes them again with a maximum of at most `cap`:
 * `[encoded, next offset, minimum]`. */
function cappedLimits(content, at, cap, what, expected) {
  const flags = content[at];
  if (flags !== MIN_ONLY && flags !== MIN_MAX) throw new MemoryCapError(`${what} has limits flags ${flags}; expected ${expected} (0 or 1)`);
  const [min, afterMin] = readU32(content, at + 1);
  let max = cap;
  let next = afterMin;
  if (flags === MIN_MAX) {
    const [declared, afterMax] = readU32(content, next);
    max = Math.min(declared, cap);
    next = afterMax;
  }
  return [[MIN_MAX, ...encodeU32(min), ...encodeU32(max)], next, min];
}

/** Rewrites a vector section's `content` entry by entry; `entry(content, at)` returns
 * `[encoded entry, next offset]`. Returns the new content and the number of entries. */
function rewriteVector(content, noun, entry) {
  const [count, first] = readU32(content, 0);
  const out = encodeU32(count);
  let at = first;
  for (let left = count; left > 0; left--) {
    if (at >= content.length) throw new MemoryCapError(`the ${noun} section ends before its ${count} ${noun === 'memory' ? 'memories' : 'tables'} do`);
    const [encoded, next] = entry(content, at);
    out.push(...encoded);
    at = next;
  }
  if (at !== content.length) throw new MemoryCapError(`the ${noun} section has bytes after its last ${noun}`);
  return { content: out, count };
}

/** The memory section's new content, every memory's maximum at most `maxPages`. */
function cappedMemories(content, maxPages) {
  return rewriteVector(content, 'memory', (bytes, at) => {
    const [encoded, next, min] = cappedLimits(bytes, at, maxPages, 'a memory', 'an unshared 32-bit memory');
    if (min > maxPages) {
      throw new MemoryCapError(`the module starts with ${min * PAGE_BYTES} bytes of memory, more than the cap of ${maxPages * PAGE_BYTES} bytes`);
    }
    return [encoded, next];
  });
}

/** The table section's new content, every table's maximum at most `MAX_TABLE_ELEMENTS`. */
function cappedTables(content) {
  return rewriteVector(content, 'table', (bytes, at) => {
    const refType = bytes[at];
    if (!REF_TYPES.has(refType)) throw new MemoryCapError(`a table has type byte ${refType}; expected funcref or externref (0x70 or 0x6f)`);
    const [encoded, next, min] = cappedLimits(bytes, at + 1, MAX_TABLE_ELEMENTS, 'a table', '32-bit limits');
    if (min > MAX_TABLE_ELEMENTS) throw new MemoryCapError(`the module starts with a table of ${min} entries, more than the cap of ${MAX_TABLE_ELEMENTS}`);
    return [[refType, ...encoded], next];
  });
}

/**
 * A copy of the core module `bytes` whose memories may each grow to at most `maxBytes` (rounded
 * down to whole pages) and whose tables to at most `MAX_TABLE_ELEMENTS` entries, and how many
 * memories the module defines. A module that defines neither is returned unchanged. (The cap is
 * per memory: a caller capping the sum over an instance's memories, as the Rust host does, must
 * count them; see engine.js.)
 * @param {Uint8Array} bytes a core WebAssembly module
 * @param {number} maxBytes
 * @returns {{bytes: Uint8Array, memories: number}}
 */
export function withMemoryCap(bytes, maxBytes) {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < PAGE_BYTES || maxBytes > 2 ** 32) {
    throw new MemoryCapError(`the memory cap must be a whole number of bytes from ${PAGE_BYTES} to 4 GiB, not ${maxBytes}`);
  }
  if (bytes.length < 8 || !CORE_MODULE_HEADER.every((b, i) => bytes[i] === b)) {
    throw new MemoryCapError('the bytes are not a core WebAssembly module (expected \\0asm version 1)');
  }
  const maxPages = Math.floor(maxBytes / PAGE_BYTES);
  const pieces = [];
  let memories = 0;
  let copiedTo = 0;
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    const end = start + size;
    if (end > bytes.length) throw new MemoryCapError('a section of the module runs past its end');
    if (id === MEMORY_SECTION || id === TABLE_SECTION) {
      const section = bytes.subarray(start, end);
      const rewritten = id === MEMORY_SECTION ? cappedMemories(section, maxPages) : cappedTables(section);
      if (id === MEMORY_SECTION) memories = rewritten.count;
      pieces.push(bytes.subarray(copiedTo, at), Uint8Array.from([id, ...encodeU32(rewritten.content.length), ...rewritten.content]));
      copiedTo = end;
    }
    at = end;
  }
  if (pieces.length === 0) return { bytes, memories: 0 };
  pieces.push(bytes.subarray(copiedTo));
  return { bytes: concat(pieces), memories };
}
