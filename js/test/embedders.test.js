// Why this file exists: proves the Node host embeds with a tenant's provider embedder as the Rust
// host does. The shared cases (tests/fixtures/embeddings, expected values written by the Rust
// host) hold request bodies byte for byte and vectors bit for bit to the Rust host's; a loopback
// stand-in for the providers shows the calls themselves: endpoint, credential, batching within
// the provider's limits, whitespace-only texts left out, refusals typed, every batch audited.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';

import { checkEmbeddingBody } from '../src/providers.js';
import { EmbedderError, batchLimits, isBlank, normalize, parseResponse, planBatches, requestBody, resolveEmbedder, tokenBound, truncate } from '../src/embedders.js';
import { REPO_ROOT, examplePages, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/embeddings');

/** The Node host's outcome for one shared case, in the shape (and key order) the Rust test writes. */
function outcome(c) {
  const embedder = resolveEmbedder(c.provider, { model: c.model, dimensions: c.dimensions });
  const body = requestBody(embedder, c.task, c.texts);
  let answer;
  try {
    const { vectors, inputTokens } = parseResponse(embedder, c.answer, c.texts.length);
    const bits = Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
    const first = vectors.flatMap((v) => [...v.slice(0, 4)].map((x) => Buffer.from(Float32Array.of(x).buffer).readUInt32LE(0).toString(16).padStart(8, '0')));
    answer = { first, input_tokens: inputTokens, sha256: createHash('sha256').update(bits).digest('hex') };
  } catch (e) {
    answer = { error: e.message };
  }
  return { answer, body, name: c.name };
}

test('the shared embedding cases give the rust host bodies byte for byte and its vectors bit for bit', () => {
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8'));
  const expected = readFileSync(join(FIXTURES, 'expected.json'), 'utf8');
  assert.equal(`${JSON.stringify(cases.map(outcome), null, 2)}\n`, expected);
});

test('the shared embedding plans leave out, cut and batch the texts as the rust host does', () => {
  const plans = JSON.parse(readFileSync(join(FIXTURES, 'plans.json'), 'utf8'));
  const outcomes = plans.map((p) => {
    const embedder = resolveEmbedder(p.provider, { model: p.model, dimensions: p.dimensions });
    const limits = batchLimits(embedder);
    const sent = p.texts.flatMap((t, i) => (isBlank(t) ? [] : [[i, truncate(t, limits.maxTextTokens)]]));
    const batches = planBatches(sent.map(([, t]) => tokenBound(t)), limits);
    return { batches, name: p.name, sent: sent.map(([i, t]) => [i, Buffer.byteLength(t)]) };
  });
  assert.equal(`${JSON.stringify(outcomes)}\n`, readFileSync(join(FIXTURES, 'plans.expected.json'), 'utf8'));
});

test('every embeddings body the host builds passes its key check, and one with another key is refused', () => {
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8'));
  assert.ok(new Set(cases.map((c) => c.provider)).size >= 4, 'the shared cases cover every embeddings provider');
  for (const c of cases) {
    const body = requestBody(resolveEmbedder(c.provider, { model: c.model, dimensions: c.dimensions }), c.task, c.texts);
    assert.doesNotThrow(() => checkEmbeddingBody(c.provider, body), c.name);
    const widened = JSON.stringify({ ...JSON.parse(body), user: 'someone' });
    assert.throws(() => checkEmbeddingBody(c.provider, widened), /the body field "user" is not allowed/, c.name);
  }
  assert.throws(() => checkEmbeddingBody('azure-openai', '{"input":[],"model":"m"}'), /"model" is not allowed/, 'azure names the deployment in the url');
  assert.throws(() => checkEmbeddingBody('openai', '[]'), /not a json object/);
});

test('embedder configuration is checked as in the rust host', () => {
  assert.equal(resolveEmbedder('vertex-gemini', { model: 'offline', dimensions: 256 }), null);
  assert.deepEqual(resolveEmbedder('gemini-api', { model: 'gemini-embedding-001', dimensions: 768 }), { provider: 'gemini-api', model: 'gemini-embedding-001', dimensions: 768, native: 3072 });
  const refused = (provider, model, dimensions, pattern) => assert.throws(() => resolveEmbedder(provider, { model, dimensions }), (e) => e instanceof EmbedderError && pattern.test(e.message));
  refused('anthropic', 'voyage-3', 1024, /anthropic has no embeddings API/);
  refused('offline', 'text-embedding-005', 768, /set a network provider first/);
  refused('gemini-api', 'text-embedding-004', 768, /no embedding model "text-embedding-004"/);
  refused('vertex-gemini', 'text-embedding-005', 1536, /does not produce 1536-dimensional vectors; expected one of \[768\]/);
  refused('azure-openai', 'bad/deployment', 1536, /embedding deployment "bad\/deployment" must be/);
});

test('normalization scales by the largest magnitude first, so huge values do not overflow', () => {
  const unit = normalize([3e300, 4e300]);
  assert.deepEqual([...unit], [Math.fround(0.6), Math.fround(0.8)]);
  assert.equal(normalize([0, 0]), null);
  assert.equal(normalize([1, Number.POSITIVE_INFINITY]), null);
});

const VERTEX = { provider: 'vertex-gemini', model: 'gemini-2.5-flash', region: 'europe-west1', account: 'synco-test', plan: 'standard', embedder: { model: 'text-embedding-005', dimensions: 768 } };

/** A loopback stand-in for Vertex AI `predict`: vectors of `dimensions` values, each text's
 * vector pointing along one axis (by its length) and scaled by 3; `status` shapes the answer. */
async function vertexEmbeddings(t, { dimensions = 768, status = () => 200 } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ url: req.url, authorization: req.headers.authorization, body: JSON.parse(body) });
      const code = status(requests.length);
      res.writeHead(code, { 'content-type': 'application/json' });
      if (code !== 200) return res.end(JSON.stringify({ error: { code, status: 'INVALID_ARGUMENT', message: 'echoes the input: Payment' } }));
      const predictions = requests.at(-1).body.instances.map(({ content }) => {
        const values = new Array(dimensions).fill(0);
        values[content.length % dimensions] = 3;
        return { embeddings: { values, statistics: { token_count: 4, truncated: false } } };
      });
      return res.end(JSON.stringify({ predictions }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { requests, origin: `http://127.0.0.1:${server.address().port}` };
}

test('a tenant on a vertex embedder gets unit vectors from predict, batched within 250 texts, blank texts unsent, each batch audited', async (t) => {
  const server = await vertexEmbeddings(t);
  const { capabilities } = await tenantEngine(t, { config: VERTEX, egress: [server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  const texts = [...Array.from({ length: 251 }, (_, i) => `text number ${i}`), '   '];
  const vectors = await capabilities.model.embed({ provider: 'vertex-gemini', texts, task: 'query' });
  assert.equal(server.requests.length, 2);
  assert.deepEqual(server.requests.map((r) => r.body.instances.length), [250, 1]);
  for (const r of server.requests) {
    assert.equal(r.url, '/v1/projects/synco-test/locations/europe-west1/publishers/google/models/text-embedding-005:predict');
    assert.equal(r.authorization, 'Bearer operator-token');
    assert.deepEqual(r.body.parameters, { autoTruncate: true });
    assert.ok(r.body.instances.every((i) => i.task_type === 'RETRIEVAL_QUERY'));
  }
  assert.equal(vectors.length, 252);
  assert.equal(vectors[0].length, 768);
  assert.equal(vectors[0]['text number 0'.length], 1, 'scaled by 3 on the wire, unit length here');
  assert.ok(vectors[251].every((v) => v === 0), 'a blank text gets the zero vector');
  const records = (await capabilities.audit.records()).map((r) => JSON.parse(r.record));
  assert.deepEqual(records.map((r) => [r.model, r.outcome, r.input_tokens]), [['text-embedding-005', 'ok', 1000], ['text-embedding-005', 'ok', 4]]);
  assert.doesNotMatch(JSON.stringify(records), /text number/);
});

test('pages indexed through a provider embedder are ranked by its vectors for a sync', async (t) => {
  const server = await vertexEmbeddings(t);
  const { engine } = await tenantEngine(t, { config: { ...VERTEX, provider: 'vertex-gemini' }, egress: [server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  for (const page of examplePages()) await engine.indexPage(page, { provider: 'vertex-gemini' });
  const related = await engine.related(exampleSyncRequest().issueJson, { provider: 'vertex-gemini', limit: 5, mode: 'vector' });
  assert.ok(server.requests.length >= examplePages().length + 1, 'every page and the issue were embedded by the provider');
  assert.ok(server.requests.slice(0, examplePages().length).every((r) => r.body.instances.every((i) => i.task_type === 'RETRIEVAL_DOCUMENT')));
  assert.equal(server.requests.at(-1).body.instances[0].task_type, 'RETRIEVAL_QUERY');
  assert.ok(related.length > 0);
});

test('a refused embeddings request is a typed error naming the status and code only, and is audited', async (t) => {
  const server = await vertexEmbeddings(t, { status: () => 400 });
  const { capabilities } = await tenantEngine(t, { config: VERTEX, egress: [server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  await assert.rejects(async () => capabilities.model.embed({ provider: 'vertex-gemini', texts: ['Payment'], task: 'document' }), (e) => {
    assert.deepEqual(e.payload, { tag: 'bad-request', val: 'vertex-gemini embeddings answered status 400 (INVALID_ARGUMENT)' });
    return true;
  });
  const [record] = (await capabilities.audit.records()).map((r) => JSON.parse(r.record));
  assert.equal(record.outcome, 'bad-request');
});

test('an answer of the wrong dimension is unavailable to the guest and audited as a bad response', async (t) => {
  const server = await vertexEmbeddings(t, { dimensions: 767 });
  const { capabilities } = await tenantEngine(t, { config: VERTEX, egress: [server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  await assert.rejects(async () => capabilities.model.embed({ provider: 'vertex-gemini', texts: ['Payment'], task: 'document' }), (e) => e.payload.tag === 'unavailable' && /vector 0 has 767 dimensions, not the configured 768/.test(e.payload.val));
  const [record] = (await capabilities.audit.records()).map((r) => JSON.parse(r.record));
  assert.equal(record.outcome, 'bad-response');
});

test('a bring-your-own-model embedder needs the advanced plan, and anthropic has none', async (t) => {
  const openai = { provider: 'openai', model: 'gpt-4.1', region: 'global', plan: 'standard', embedder: { model: 'text-embedding-3-small', dimensions: 1536 } };
  const sent = [];
  const fetch = async (url) => {
    sent.push(String(url));
    return new Response('{}');
  };
  const standard = await tenantEngine(t, { config: openai, egress: ['api.openai.com'], fetch });
  await assert.rejects(async () => standard.capabilities.model.embed({ provider: 'openai', texts: ['x'], task: 'document' }), (e) => e.payload.tag === 'not-allowed' && /Advanced plan/.test(e.payload.val));
  const anthropic = await tenantEngine(t, { config: { provider: 'anthropic', model: 'claude-sonnet-4', plan: 'advanced', embedder: { model: 'voyage-3', dimensions: 1024 } }, egress: ['api.anthropic.com'], fetch });
  await assert.rejects(async () => anthropic.capabilities.model.embed({ provider: 'anthropic', texts: ['x'], task: 'document' }), (e) => e.payload.tag === 'not-allowed' && /no embeddings API/.test(e.payload.val));
  assert.deepEqual(sent, []);
});

test('a credential that cannot be had fails an embed as a typed error, without its message', async (t) => {
  const throwing = await tenantEngine(t, { config: VERTEX, egress: ['europe-west1-aiplatform.googleapis.com'], operatorToken: () => {
    throw new Error('secret detail');
  } });
  await assert.rejects(async () => throwing.capabilities.model.embed({ provider: 'vertex-gemini', texts: ['x'], task: 'document' }), (e) => {
    assert.deepEqual(e.payload, { tag: 'unavailable', val: 'the provider call failed' });
    return true;
  });
  const minting = await tenantEngine(t, { config: VERTEX, egress: ['europe-west1-aiplatform.googleapis.com'], operatorToken: { token: async () => { throw new (await import('../src/egress.js')).EgressRefused(new URL('https://oauth2.googleapis.com/token')); } } });
  await assert.rejects(async () => minting.capabilities.model.embed({ provider: 'vertex-gemini', texts: ['x'], task: 'document' }), (e) => e.payload.tag === 'not-allowed' && /oauth2\.googleapis\.com/.test(e.payload.val));
});

test('the offline embedder answers at once, so a sync needs no extra replay round for it', async (t) => {
  const { engine } = await tenantEngine(t, {});
  for (const page of examplePages()) await engine.indexPage(page, {});
  await engine.sync(exampleSyncRequest());
  assert.equal(engine.lastCallStats.rounds, 3, 'the figure js/README.md gives');
});
