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
const FUNCTIONS = new Set(['redact', 'diff', 'sync', 'rank', 'rank-index', 'kms-open', 'kms-digest']);
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

// The rank-index dispatch on vectors built here (no expected values: those come from wasmtime):
// WIT-named inputs are mapped, floats go through f32, batches run in order on one index, and the
// first failure is the result.
const entry = (id, vector, extra = {}) => ({ id, space: 'S', labels: [], 'updated-at': 0, text: '', vector, ...extra });
const query = (vector, extra = {}) => ({ vector, text: '', k: 3, filter: { spaces: [], labels: [], 'updated-after': null }, mode: 'vector', diversity: null, ...extra });

test('the rank-index dispatch maps the WIT-named input and gives one result list per query per batch', async (t) => {
  const input = {
    dimension: 2,
    entries: [
      entry('a', [1, 0], { 'updated-at': 100, text: 'refund ledger', labels: ['ledger'] }),
      entry('b', [0, 1], { text: 'webhook retry', space: 'T' }),
      entry('c', [0.6, 0.8], { 'updated-at': 200, text: 'refund webhook' }),
    ],
    batches: [
      { queries: [query([1, 0]), query([1, 0], { filter: { spaces: [], labels: [], 'updated-after': 150 } })], scan: { tag: 'exact' } },
      { queries: [query([], { text: 'webhook', mode: 'lexical' }), query([0, 1], { text: 'refund', mode: 'hybrid', diversity: 0.5, filter: { spaces: ['S'], labels: [], 'updated-after': null } })], scan: { tag: 'int8', val: 4 } },
      { queries: [query([0.1, 0.2], { k: 1, filter: { spaces: [], labels: ['ledger'], 'updated-after': null } })], scan: { tag: 'binary', val: 2 } },
    ],
  };
  const actual = JSON.parse(await runVector({ function: 'rank-index', input }, { tmp: tempDir(t) }));
  const ids = actual.ok.map((batch) => batch.map((hits) => hits.map((h) => h.id)));
  assert.deepEqual(ids[0], [['a', 'c', 'b'], ['c']]);
  assert.deepEqual(ids[1][0].sort(), ['b', 'c']);
  assert.ok(ids[1][1].every((id) => id !== 'b'), 'the space filter applies to hybrid queries');
  assert.deepEqual(ids[2], [['a']]);
  assert.equal(actual.ok[0][0][0].score, 1);
});

test('the rank-index dispatch stops at the first failure: a refused add, or a later batch', async (t) => {
  const run = async (input) => runVector({ function: 'rank-index', input }, { tmp: tempDir(t) });
  const entries = [entry('a', [1, 0])];
  assert.equal(await run({ dimension: 2, entries: [...entries, entry('x', [1e39, 0])], batches: [] }), '{"err":{"tag":"non-finite","val":"x"}}');
  assert.equal(await run({ dimension: 2, entries: [...entries, entry('a', [0, 1])], batches: [{ queries: [query([1, 0])], scan: { tag: 'exact' } }] }), '{"err":{"tag":"duplicate-id","val":"a"}}');
  const batches = [
    { queries: [query([1, 0])], scan: { tag: 'exact' } },
    { queries: [query([1, 0], { diversity: 1.5 })], scan: { tag: 'exact' } },
    { queries: [query([0, 0])], scan: { tag: 'exact' } },
  ];
  assert.equal(await run({ dimension: 2, entries, batches }), '{"err":{"tag":"invalid-diversity"}}');
  assert.equal(await run({ dimension: 2, entries, batches: [] }), '{"ok":[]}');
});
