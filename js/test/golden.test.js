// Why this file exists: both hosts must give byte-identical results. Every tests/golden/*.json
// vector (written by the Rust side from wasmtime, format in tests/golden/README.md) is run through
// the Node host and its canonical JSON compared with `expected`, byte for byte.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { REPO_ROOT, tempDir } from './support/fixtures.js';
import { runVector } from './support/golden.js';

const GOLDEN = join(REPO_ROOT, 'tests', 'golden');
const FUNCTIONS = new Set(['redact', 'diff', 'sync', 'rank', 'kms-open', 'kms-digest']);
const files = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => f.endsWith('.json')).sort() : [];

test('the golden vector directory holds vectors, each with a name, a known function, an input and an expected string', () => {
  assert.ok(files.length > 0, `no vectors in ${GOLDEN}`);
  for (const file of files) {
    const v = JSON.parse(readFileSync(join(GOLDEN, file), 'utf8'));
    assert.equal(typeof v.name, 'string', file);
    assert.ok(FUNCTIONS.has(v.function), `${file}: function ${v.function}`);
    assert.equal(typeof v.input, 'object', file);
    assert.equal(typeof v.expected, 'string', `${file}: expected must be the canonical JSON text`);
  }
});

for (const file of files) {
  const vector = JSON.parse(readFileSync(join(GOLDEN, file), 'utf8'));
  test(`the Node host reproduces golden vector ${file} (${vector.function}: ${vector.name}) byte for byte`, async (t) => {
    const actual = await runVector(vector, { tmp: tempDir(t) });
    assert.equal(actual, vector.expected);
  });
}
