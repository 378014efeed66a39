// Why this file exists: proves model calls leave only for hosts on the manifest's egress list. A
// local HTTP server counts what reaches it: a provider URL outside the list is refused with
// nothing sent, the same URL on the list gets the request (with the credential the host injects)
// and the guest turns the answer into the page; redirects are not followed.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { SyncError } from '../src/engine.js';
import { allowListFromManifest, guardedFetch, isAllowed } from '../src/egress.js';
import { exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const VERTEX = { provider: 'vertex-gemini', model: 'gemini-2.5-flash', region: 'europe-west1', account: 'synco-test', plan: 'standard' };

/** A local server answering like Vertex AI `generateContent`; records every request. */
async function fakeVertex(t, { status = 200, headers = {}, text } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(
        JSON.stringify({
          candidates: [{ content: { parts: [{ text: text ?? '<h2>PAY-142: fixed by the fake model</h2><p>Owner: [PERSON_1]</p>' }] }, finishReason: 'STOP' }],
          usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 7 },
        }),
      );
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { requests, origin: `http://127.0.0.1:${server.address().port}` };
}

test('the allow-list is read from permissions.external.fetch.backend, in both the string and the address form', () => {
  const manifest = { permissions: { external: { fetch: { backend: ['api.example.com', { address: 'europe-west1-aiplatform.googleapis.com', inScopeEUD: true }] } } } };
  assert.deepEqual(allowListFromManifest(manifest), ['api.example.com', 'europe-west1-aiplatform.googleapis.com']);
  assert.deepEqual(allowListFromManifest({}), []);
});

test('an entry allows its host over https on the default port only, a wildcard its subdomains only', () => {
  const list = ['europe-west1-aiplatform.googleapis.com', '*.example.com', 'http://127.0.0.1:8080'];
  assert.ok(isAllowed('https://europe-west1-aiplatform.googleapis.com/v1/x', list));
  assert.ok(!isAllowed('http://europe-west1-aiplatform.googleapis.com/v1/x', list));
  assert.ok(!isAllowed('https://europe-west1-aiplatform.googleapis.com:8443/v1/x', list));
  assert.ok(!isAllowed('https://us-central1-aiplatform.googleapis.com/v1/x', list));
  assert.ok(!isAllowed('https://europe-west1-aiplatform.googleapis.com.evil.example/v1', list));
  assert.ok(isAllowed('https://a.example.com/', list));
  assert.ok(!isAllowed('https://example.com/', list));
  assert.ok(isAllowed('http://127.0.0.1:8080/x', list));
  assert.ok(!isAllowed('http://127.0.0.1:8081/x', list));
});

test('a fetch outside the allow-list is refused before any request is made', async () => {
  const calls = [];
  const fetch = guardedFetch(['europe-west1-aiplatform.googleapis.com'], async (...args) => {
    calls.push(args);
    return new Response('{}');
  });
  await assert.rejects(fetch('https://api.openai.com/v1/chat/completions', { method: 'POST' }), (e) => e.name === 'EgressRefused');
  assert.equal(calls.length, 0);
  await fetch('https://europe-west1-aiplatform.googleapis.com/v1/ok', { method: 'POST' });
  assert.equal(calls.length, 1);
  assert.equal(calls[0][1].redirect, 'manual');
});

test('a sync whose provider endpoint is not on the allow-list fails as not-allowed and nothing reaches the server', async (t) => {
  const server = await fakeVertex(t);
  const { engine, capabilities } = await tenantEngine(t, { config: VERTEX, egress: ['europe-west1-aiplatform.googleapis.com'], baseUrl: server.origin, operatorToken: 'operator-token' });
  await assert.rejects(
    engine.sync(exampleSyncRequest({ provider: 'vertex-gemini', model: VERTEX.model })),
    (e) => e instanceof SyncError && e.tag === 'model' && e.val.tag === 'not-allowed' && /allow-list/.test(e.val.val),
  );
  assert.equal(server.requests.length, 0);
  const [record] = await capabilities.audit.records();
  assert.equal(JSON.parse(record.record).outcome, 'not-allowed');
});

test('the same endpoint on the allow-list gets one request with the injected credential, and its answer becomes the page section', async (t) => {
  const server = await fakeVertex(t);
  const { engine } = await tenantEngine(t, { config: VERTEX, egress: ['europe-west1-aiplatform.googleapis.com', server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  const out = await engine.sync(exampleSyncRequest({ provider: 'vertex-gemini', model: VERTEX.model }));
  assert.equal(server.requests.length, 1);
  const [req] = server.requests;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/v1/projects/synco-test/locations/europe-west1/publishers/google/models/gemini-2.5-flash:generateContent');
  assert.equal(req.headers.authorization, 'Bearer operator-token');
  assert.deepEqual(Object.keys(JSON.parse(req.body)).sort(), ['contents', 'generationConfig', 'systemInstruction']);
  assert.doesNotMatch(req.body, /Priya Nair|priya\.nair@/, 'only redacted content left');
  assert.match(out.page, /<h2>PAY-142: fixed by the fake model<\/h2><p>Owner: Priya Nair<\/p>/, 'placeholders restored');
});

test('a redirect from the provider is not followed', async (t) => {
  const server = await fakeVertex(t, { status: 302, headers: { location: 'https://elsewhere.example/' } });
  const { engine } = await tenantEngine(t, { config: VERTEX, egress: [server.origin], baseUrl: server.origin, operatorToken: 'operator-token' });
  await assert.rejects(engine.sync(exampleSyncRequest({ provider: 'vertex-gemini', model: VERTEX.model })), (e) => e.tag === 'model' && e.val.tag === 'unavailable' && /redirect/.test(e.val.val));
  assert.equal(server.requests.length, 1);
});

test('a bring-your-own-model provider needs the Advanced plan, and then the tenant key sealed in secrets', async (t) => {
  const server = await fakeVertex(t);
  const openai = { provider: 'openai', model: 'gpt-4.1', region: 'global', plan: 'standard' };
  const { engine } = await tenantEngine(t, { config: openai, egress: [server.origin], baseUrl: server.origin });
  await assert.rejects(engine.sync(exampleSyncRequest({ provider: 'openai', model: 'gpt-4.1' })), (e) => e.val?.tag === 'not-allowed' && /Advanced plan/.test(e.val.val));
  const advanced = await tenantEngine(t, { config: { ...openai, plan: 'advanced' }, egress: [server.origin], baseUrl: server.origin });
  await assert.rejects(advanced.engine.sync(exampleSyncRequest({ provider: 'openai', model: 'gpt-4.1' })), (e) => e.val?.tag === 'not-allowed' && /has no key/.test(e.val.val));
  assert.equal(server.requests.length, 0);
});

test('a stored tenant key that is not UTF-8 is refused as not text, as the Rust host says, with nothing sent', async (t) => {
  const server = await fakeVertex(t);
  const openai = { provider: 'openai', model: 'gpt-4.1', region: 'global', plan: 'advanced' };
  const { engine, kvs, kms } = await tenantEngine(t, { config: openai, egress: [server.origin], baseUrl: server.origin });
  const sealed = await kms.seal('credential', 'openai', new Uint8Array([0x73, 0x6b, 0xff, 0xfe]));
  await kvs.setSecret('synco:credential:openai', Buffer.from(sealed).toString('base64'));
  await assert.rejects(engine.sync(exampleSyncRequest({ provider: 'openai', model: 'gpt-4.1' })), (e) => e.val?.tag === 'unavailable' && e.val.val === "the tenant's key is not text");
  assert.equal(server.requests.length, 0);
});
