// Why this file exists: checks that the public TypeScript declarations (src/*.d.ts) compile and
// describe the API as used from a TypeScript Forge function (test/types/usage.ts), with
// TypeScript in strict mode.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { JS_ROOT } from './support/fixtures.js';

test('the TypeScript declarations type-check a strict TypeScript use of the API', () => {
  const tsc = join(JS_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', join(JS_ROOT, 'test/types/usage.ts')];
  let output = '';
  try {
    output = execFileSync(process.execPath, [tsc, ...args], { cwd: JS_ROOT, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc reported errors:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(output.trim(), '');
});
