// Why this file exists: scripts/transpile.js replaces its output directory whole, so it must
// refuse to touch a directory it did not write (a mistyped --out) and any option it does not know,
// before doing anything else.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { JS_ROOT, tempDir } from './support/fixtures.js';

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
