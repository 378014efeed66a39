// Why this file exists: scripts/transpile.js replaces its output directory whole, so it must
// refuse to touch a directory it did not write (a mistyped --out) and any option it does not know,
// before doing anything else. Its rewrites of jco's glue (scripts/glue-patches.js) must fail loudly
// when the glue no longer has what they rewrite, and a changed rewrite must regenerate an output
// that --if-stale would otherwise keep (CI transpiles with --if-stale).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { JS_ROOT, REPO_ROOT, tempDir } from './support/fixtures.js';

const transpile = (args) => spawnSync(process.execPath, [join(JS_ROOT, 'scripts', 'transpile.js'), ...args], { encoding: 'utf8' });

test('transpile refuses to replace a directory it did not write, and leaves it as it was', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const run = transpile(['--out', dir, join(dir, 'missing.wasm')]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /not empty and was not written by this script/);
  assert.ok(existsSync(join(dir, 'notes.txt')));
});

test('transpile refuses a file as its output directory, and options it does not know', (t) => {
  const file = join(tempDir(t), 'a-file');
  writeFileSync(file, 'x');
  assert.match(transpile(['--out', file]).stderr, /is a file, not a directory/);
  for (const [args, message] of [
    [['--out=elsewhere'], /unknown option --out=elsewhere/],
    [['--out', '--if-stale'], /--out needs a directory/],
    [['a.wasm', 'b.wasm'], /one component only/],
  ]) {
    const run = transpile(args);
    assert.equal(run.status, 1, args.join(' '));
    assert.match(run.stderr, message);
  }
});

test('the transpile step makes every decoder of the glue keep a byte order mark, and fails loudly when the glue no longer has the decoder it rewrites', async () => {
  const { keepingByteOrderMarks, patchGenerated } = await import('../scripts/glue-patches.js');
  const glue = "const a = new TextDecoder();\nconst b = new TextDecoder('utf-16');\nexport function instantiate() { try { x = WebAssembly.promising(f) } catch { x = f } }\n";
  const patched = patchGenerated('synco.js', glue);
  assert.match(patched, /const a = new TextDecoder\('utf-8', \{ ignoreBOM: true \}\);/);
  assert.match(patched, /const b = new TextDecoder\('utf-16', \{ ignoreBOM: true \}\);/);
  assert.doesNotMatch(patched, /WebAssembly\.promising\(f\) \}/, 'the JSPI probe is rewritten too');
  assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), '\ufeffa');
  for (const [source, why] of [
    ['const s = decodeUtf8(bytes);', /no longer constructs a TextDecoder/],
    ["const d = new TextDecoder('utf-8', { fatal: true });", /does not know how to rewrite/],
    ['const D = TextDecoder; const d = new TextDecoder();', /names TextDecoder 2 times but constructs it 1 times/],
  ]) {
    assert.throws(() => keepingByteOrderMarks(source), (e) => why.test(e.message) && /review/.test(e.message), source);
  }
  assert.throws(() => patchGenerated('synco.js', 'const d = new TextDecoder(); export function instantiate() {}'), /no longer probes WebAssembly\.promising/);
});

const mainComponent = process.env.SYNCO_COMPONENT ?? join(REPO_ROOT, 'target', 'wasm32-wasip2', 'release', 'synco_guest.wasm');

test('transpile --if-stale regenerates an output an older transpile script wrote, with decoders that keep byte order marks', { skip: existsSync(mainComponent) ? false : `no component at ${mainComponent}` }, (t) => {
  const out = join(tempDir(t), 'gen');
  assert.equal(transpile(['--out', out, mainComponent]).status, 0);
  assert.match(transpile(['--if-stale', '--out', out, mainComponent]).stdout, /is up to date/);
  // The same component, written by another version of the script: the generator line differs.
  const core = join(out, 'core-wasm.js');
  writeFileSync(core, readFileSync(core, 'utf8').replace(/generator sha256 [0-9a-f]{64}/, `generator sha256 ${'0'.repeat(64)}`));
  writeFileSync(join(out, 'synco.js'), readFileSync(join(out, 'synco.js'), 'utf8').replaceAll(", { ignoreBOM: true }", ''));
  const again = transpile(['--if-stale', '--out', out, mainComponent]);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /is up to date/);
  const glue = readFileSync(join(out, 'synco.js'), 'utf8');
  assert.ok(glue.match(/new TextDecoder\([^()]*\)/g).every((d) => d.includes('ignoreBOM: true')));
});
