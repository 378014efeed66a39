// Why this file exists: Node gives a host no hook on a WebAssembly memory's growth (wasmtime's
// `ResourceLimiter`), so the only way to cap what the guest may hold is the memory's own declared
// maximum, which every engine enforces: `memory.grow` past it fails, the guest's allocator gets
// nothing, and Rust aborts the call with a trap. The component is transpiled as it is (the same
// bytes wasmtime runs); this module lowers the maximum in the memory section of a core module's
// bytes before it is compiled, so the cap is the host's choice, per engine.

/** The size of one WebAssembly page, in bytes. */
export const PAGE_BYTES = 65536;

/** The default cap on the guest's memory: 512 MiB, as the Rust host's (Forge's function memory). */
export const DEFAULT_MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;

const MEMORY_SECTION = 5;
/** `\0asm` and version 1: a core module (a component has another version and layer). */
const CORE_MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Limits flags: 0x00 = a minimum only, 0x01 = a minimum and a maximum (32-bit, unshared). */
const MIN_ONLY = 0x00;
const MIN_MAX = 0x01;

/** The module's bytes could not be given a memory cap. */
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

/** The memory section's new content, every memory's maximum at most `maxPages`, and how many
 * memories it defines. */
function cappedMemories(content, maxPages) {
  const [memories, first] = readU32(content, 0);
  const out = encodeU32(memories);
  let at = first;
  for (let left = memories; left > 0; left--) {
    if (at >= content.length) throw new MemoryCapError(`the memory section ends before its ${memories} memories do`);
    const flags = content[at];
    if (flags !== MIN_ONLY && flags !== MIN_MAX) {
      throw new MemoryCapError(`a memory has limits flags ${flags}; expected an unshared 32-bit memory (0 or 1)`);
    }
    const [min, afterMin] = readU32(content, at + 1);
    let max = maxPages;
    at = afterMin;
    if (flags === MIN_MAX) {
      const [declared, afterMax] = readU32(content, at);
      max = Math.min(declared, maxPages);
      at = afterMax;
    }
    if (min > max) {
      throw new MemoryCapError(`the module starts with ${min * PAGE_BYTES} bytes of memory, more than the cap of ${maxPages * PAGE_BYTES} bytes`);
    }
    out.push(MIN_MAX, ...encodeU32(min), ...encodeU32(max));
  }
  if (at !== content.length) throw new MemoryCapError('the memory section has bytes after its last memory');
  return { content: out, memories };
}

/**
 * A copy of the core module `bytes` whose memories may each grow to at most `maxBytes` (rounded
 * down to whole pages), and how many memories the module defines. A module that defines none is
 * returned unchanged. (The cap is per memory: a caller capping the sum over an instance's
 * memories, as the Rust host does, must count them; see engine.js.)
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
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    const end = start + size;
    if (end > bytes.length) throw new MemoryCapError('a section of the module runs past its end');
    if (id === MEMORY_SECTION) {
      const { content, memories } = cappedMemories(bytes.subarray(start, end), maxPages);
      const section = [MEMORY_SECTION, ...encodeU32(content.length), ...content];
      const out = new Uint8Array(at + section.length + (bytes.length - end));
      out.set(bytes.subarray(0, at), 0);
      out.set(section, at);
      out.set(bytes.subarray(end), at + section.length);
      return { bytes: out, memories };
    }
    at = end;
  }
  return { bytes, memories: 0 };
}
