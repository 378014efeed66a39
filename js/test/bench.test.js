// Why this file exists: pins the benchmark's generated inputs (bench/bench.js) so the Rust side can
// check it rebuilds exactly the same ones: Marsaglia's xorshift32 from 2463534242 first yields
// 723471715 (the value in his 2003 paper), mapped to f32 as documented.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { REDACT_TEXT, indexInputs, rankInputs, xorshiftF32 } from '../bench/bench.js';
import { loadEngine } from '../src/engine.js';

test('the benchmark numbers are xorshift32 from 2463534242 mapped to (x >> 8) / 2^24 * 2 - 1', () => {
  const [first, second] = xorshiftF32(2463534242, 2);
  assert.equal(first, ((723471715 >>> 8) / 16777216) * 2 - 1);
  assert.equal(first, -0.6631072759628296);
  assert.equal(second, 0.1629270315170288);
});

test('the rank benchmark ranks 1,000 candidates of 256 dimensions and its top-3 is stable', async () => {
  const { query, candidates, k } = rankInputs();
  assert.equal(query.length, 256);
  assert.equal(candidates.length, 1000);
  assert.equal(candidates[999].id, 'c0999');
  const engine = await loadEngine();
  assert.deepEqual(engine.rank(query, candidates, k).slice(0, 3).map((s) => s.id), ['c0801', 'c0748', 'c0180']);
  // Email, phone, card, API key, and the people two of the addresses name (Jane Doe, Priya Nair).
  assert.equal(engine.redact([REDACT_TEXT]).counts.length, 5);
});

test('the index_search benchmark searches 10,000 entries of 256 dimensions, continuing the rank stream, and ranks as top-k', async () => {
  const { entries, query, scan } = indexInputs();
  const rank = rankInputs();
  assert.equal(entries.length, 10000);
  assert.equal(entries[9999].id, 'p09999');
  assert.deepEqual(query.vector, rank.query, 'the same query as rank');
  assert.deepEqual(entries[999].vector, rank.candidates[999].vector, 'entry i has candidate i\'s vector');
  assert.deepEqual(scan, { tag: 'exact' });
  const engine = await loadEngine();
  const index = engine.createIndex(256);
  index.add(entries);
  const [hits] = index.search([query], scan);
  const exact = engine.rank(query.vector, entries.map((e) => ({ id: e.id, vector: e.vector })), 10);
  assert.deepEqual(hits.map((s) => s.id), exact.map((s) => s.id), 'exact scan = exact top-k');
  assert.deepEqual(hits.slice(0, 3).map((s) => s.id), ['p00801', 'p02089', 'p01042']);
  index.dispose();
});
