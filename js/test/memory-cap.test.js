// Why this file exists: proves the JavaScript host caps the guest's memory, which Node has no
// limiter hook for (src/memory-cap.js): the declared maximum it writes into a core module is
// enforced by V8, and through the real component a call that needs more than the cap ends in a
// MemoryLimitError while the engine goes on serving the next call. Tables get the Rust host's
// bound the same way.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from '@bytecodealliance/jco';

import { DEFAULT_MEMORY_LIMIT_BYTES, DocumentError, MemoryCapError, MemoryLimitError, loadEngine } from '../src/engine.js';
import { MAX_TABLE_ELEMENTS, PAGE_BYTES, withMemoryCap } from '../src/memory-cap.js';
import { tempDir } from './support/fixtures.js';

/** A module with one memory of `limits` (WAT) and a `grow` export. */
async function growable(limits) {
  return parse(`(module (memory (export "memory") ${limits}) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`);
}

/** A module with one funcref table of `limits` (WAT) and a `grow` export adding null entries. */
async function growableTable(limits) {
  return parse(`(module (table ${limits} funcref) (func (export "grow") (param i32) (result i32) ref.null func local.get 0 table.grow 0))`);
}

function instantiate(bytes) {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
}

/** A page of `blocks` paragraphs, each naming `word`. */
function page(blocks, word) {
  return Array.from({ length: blocks }, (_, i) => `<p>block ${i} says ${word} about the ledger</p>`).join('\n');
}

test('a capped memory cannot grow past its cap, and grows freely below it', async () => {
  const bytes = await growable('1');
  assert.equal(instantiate(bytes).grow(10), 1, 'uncapped, the module grows by 10 pages');
  const { bytes: cappedBytes, memories } = withMemoryCap(bytes, 4 * PAGE_BYTES);
  assert.equal(memories, 1);
  const capped = instantiate(cappedBytes);
  assert.equal(capped.grow(2), 1);
  assert.equal(capped.grow(2), -1, 'to 5 pages would pass the cap of 4');
  assert.equal(capped.grow(1), 3);
  assert.equal(capped.memory.buffer.byteLength, 4 * PAGE_BYTES);
});

test('a lower maximum the module declares itself is kept', async () => {
  const capped = instantiate(withMemoryCap(await growable('1 2'), 64 * PAGE_BYTES).bytes);
  assert.equal(capped.grow(1), 1);
  assert.equal(capped.grow(1), -1);
});

test('a cap is rounded down to whole pages', async () => {
  const capped = instantiate(withMemoryCap(await growable('1'), 2 * PAGE_BYTES + 100).bytes);
  assert.equal(capped.grow(1), 1);
  assert.equal(capped.grow(1), -1);
});

test('refuses a cap below the memory the module starts with, and bytes that are not a module', async () => {
  assert.throws(() => withMemoryCap(new Uint8Array(0), 4 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /not a core WebAssembly module/.test(e.message));
  const bytes = await growable('3');
  assert.throws(() => withMemoryCap(bytes, 2 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /starts with 196608 bytes/.test(e.message));
  assert.throws(() => withMemoryCap(bytes, 0), MemoryCapError);
  const cutShort = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 5, 10, 1, 0, 3]);
  assert.throws(() => withMemoryCap(cutShort, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /runs past its end/.test(e.message));
  const shared = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 5, 4, 1, 3, 1, 2]);
  assert.throws(() => withMemoryCap(shared, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /unshared 32-bit memory/.test(e.message));
  const missing = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 5, 3, 2, 0, 1]);
  assert.throws(() => withMemoryCap(missing, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /ends before its 2 memories/.test(e.message));
  const component = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
  assert.throws(() => withMemoryCap(component, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /not a core WebAssembly module/.test(e.message));
});

test('a table without a maximum grows to the Rust host\'s bound of entries and no further', async () => {
  const uncapped = instantiate(await growableTable('1'));
  assert.equal(uncapped.grow(MAX_TABLE_ELEMENTS), 1, 'V8 alone lets it pass the bound');
  const capped = instantiate(withMemoryCap(await growableTable('1'), 8 * PAGE_BYTES).bytes);
  assert.equal(capped.grow(MAX_TABLE_ELEMENTS), -1);
  assert.equal(capped.grow(MAX_TABLE_ELEMENTS - 1), 1);
  assert.equal(capped.grow(1), -1);
});

test('a table\'s own lower maximum is kept, and a table starting past the bound is refused', async () => {
  const capped = instantiate(withMemoryCap(await growableTable('1 10'), 8 * PAGE_BYTES).bytes);
  assert.equal(capped.grow(10), -1);
  assert.equal(capped.grow(9), 1);
  const huge = await growableTable(`${MAX_TABLE_ELEMENTS + 1}`);
  assert.throws(() => withMemoryCap(huge, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /a table of 100001 entries, more than the cap of 100000/.test(e.message));
  const oddType = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 4, 4, 1, 0x7f, 0, 1]);
  assert.throws(() => withMemoryCap(oddType, 8 * PAGE_BYTES), (e) => e instanceof MemoryCapError && /type byte 127; expected funcref or externref/.test(e.message));
});

test('a module with both a table and a memory gets both caps', async () => {
  const bytes = await parse('(module (table 2 funcref) (memory 1) (func (export "f")))');
  const { bytes: capped, memories } = withMemoryCap(bytes, 3 * PAGE_BYTES);
  assert.equal(memories, 1);
  const tables = [4, 7, 1, 0x70, 1, 2, 0xa0, 0x8d, 0x06];
  assert.ok(Buffer.from(capped).includes(Buffer.from(tables)), 'the rewritten table section');
  assert.ok(Buffer.from(capped).includes(Buffer.from([5, 4, 1, 1, 1, 3])), 'the rewritten memory section');
  new WebAssembly.Module(capped);
});

test('a module without a memory or a table is returned unchanged', async () => {
  const bytes = await parse('(module (func (export "f")))');
  assert.deepEqual(withMemoryCap(bytes, 8 * PAGE_BYTES), { bytes, memories: 0 });
});

test('every memory of a module is counted and capped', async () => {
  // Node 20's V8 compiles no module with two memories, so the rewrite is checked on the bytes:
  // each memory's limits become {flags 1, min 1, max 3}.
  const { bytes, memories } = withMemoryCap(await parse('(module (memory 1) (memory 1 50))'), 3 * PAGE_BYTES);
  assert.equal(memories, 2);
  const section = [5, 7, 2, 1, 1, 3, 1, 1, 3];
  assert.ok(Buffer.from(bytes).includes(Buffer.from(section)), 'the rewritten memory section');
});

test('the engine caps the guest at 512 MiB unless told otherwise', async () => {
  assert.equal(DEFAULT_MEMORY_LIMIT_BYTES, 512 * 1024 * 1024);
  assert.equal((await loadEngine()).memoryLimitBytes, DEFAULT_MEMORY_LIMIT_BYTES);
  await assert.rejects(loadEngine({ memoryLimitBytes: PAGE_BYTES }), (e) => e instanceof MemoryCapError && /more than the cap/.test(e.message));
});

test('a diff that needs more memory than the cap is a MemoryLimitError, and the engine serves the next call', async () => {
  const cap = 8 * 1024 * 1024;
  const engine = await loadEngine({ memoryLimitBytes: cap });
  const [before, after] = [page(20000, 'refund'), page(20000, 'retry')];
  assert.throws(() => engine.diff(before, after), (e) => e instanceof MemoryLimitError && e.limitBytes === cap && e.message.includes(`more than ${cap} bytes`));
  assert.equal(engine.diff(page(3, 'refund'), page(3, 'retry')).summary, '3 paragraphs changed');
  assert.throws(() => engine.diff('<p>a</p>', '<p>b'), DocumentError, 'a contract error stays a contract error under the cap');
  const uncapped = await loadEngine({ memoryLimitBytes: 1024 * 1024 * 1024 });
  assert.equal(uncapped.diff(before, after).changedBlocks, 20000, 'the same diff fits under a larger cap');
});

test('the engine refuses a component with two memories, whose sum a per-memory cap cannot bound', async (t) => {
  // A stand-in transpiled directory (as scripts/transpile.js --out writes one): two core
  // modules, each with a memory; loading stops at the count, before anything runs.
  const dir = tempDir(t);
  const withMemory = Buffer.from(await parse('(module (memory (export "memory") 1))')).toString('base64');
  writeFileSync(join(dir, 'core-wasm.js'), `export const componentSha256 = 'stand-in';\nexport const coreModules = ${JSON.stringify({ 'a.core.wasm': withMemory, 'b.core.wasm': withMemory })};\n`);
  writeFileSync(join(dir, 'synco.js'), 'export function instantiate() { throw new Error("never instantiated"); }\n');
  await assert.rejects(loadEngine({ transpiled: dir }), (e) => e instanceof MemoryCapError && /defines 2 memories/.test(e.message));
});
