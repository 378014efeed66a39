// Why this file exists: direct checks of the port of the Rust host's offline provider and embedder
// (host/src/model.rs). The golden sync vectors compare whole pages with wasmtime; these pin the
// pieces: the answer's JSON layout, FNV-1a 64 against a BigInt reference, and the embedder's f32
// unit length and relatedness.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FORMAT, OfflineBadRequest, embed, fnv1a, generate } from '../src/offline-model.js';

const body = (issue) => JSON.stringify({ format: FORMAT, data: { issue: { key: 'PAY-1', summary: 's', status: 'Open', issue_type: 'Bug', description: '', ...issue }, excerpts: [] } });

test('the offline answer has serde_json sorted keys, the text, and token estimates of one per four bytes', () => {
  const request = body({ summary: '<script>x</script> for [EMAIL_1]', assignee: '[PERSON_1]' });
  const answer = generate(request);
  assert.equal(answer.status, 200);
  assert.deepEqual(Object.keys(JSON.parse(answer.body)), ['finish_reason', 'format', 'text', 'usage']);
  const parsed = JSON.parse(answer.body);
  assert.match(parsed.text, /^<h2>PAY-1: &lt;script&gt;x&lt;\/script&gt; for \[EMAIL_1\]<\/h2>/);
  assert.match(parsed.text, /<tr><th>Assignee<\/th><td>\[PERSON_1\]<\/td><\/tr>/);
  assert.equal(parsed.usage.input_tokens, Math.ceil(Buffer.byteLength(request) / 4));
});

test('the offline provider refuses a body in another format or that is not JSON', () => {
  assert.throws(() => generate(JSON.stringify({ format: 'openai', data: {} })), OfflineBadRequest);
  assert.throws(() => generate('not json'), OfflineBadRequest);
});

test('fnv1a matches a BigInt FNV-1a 64 reference on ASCII and multibyte input', () => {
  const reference = (bytes) => bytes.reduce((h, b) => ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn, 0xcbf29ce484222325n);
  for (const text of ['', 'a', 'refund webhook', '^ré$', 'x'.repeat(1000), 'über straße ΣΑΣ ☃']) {
    const bytes = new TextEncoder().encode(text);
    const [hi, lo] = fnv1a(bytes);
    assert.equal((BigInt(hi) << 32n) | BigInt(lo), reference([...bytes]), text);
  }
});

test('the offline embedder is unit length, closer for related text, and zero for text without words', () => {
  const a = embed('refund webhook retries duplicate ledger entries');
  const b = embed('ledger reconciliation after webhook retries');
  const c = embed('team offsite lunch menu');
  const dot = (x, y) => x.reduce((s, v, i) => s + v * y[i], 0);
  assert.equal(a.length, 256);
  assert.ok(Math.abs(dot(a, a) - 1) < 1e-5);
  assert.ok(dot(a, b) > dot(a, c));
  assert.ok(embed('  ', 8).every((x) => x === 0));
});
