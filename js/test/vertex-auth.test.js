// Why this file exists: proves the Node host mints Vertex AI tokens from a service account as the
// Rust host does (host/src/vertex_auth.rs, tests/tests/providers.rs). A loopback server plays both
// Google's token endpoint, which checks the RS256 assertion with the public half of the fixture
// key (tests/fixtures/vertex) and its claims, and Vertex AI, which records the bearer token each
// request carries. The key and the token never reach the guest's request bodies or the audit log.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPublicKey, verify } from 'node:crypto';

import { SyncError } from '../src/engine.js';
import { checkBase, loopbackOrigin } from '../src/providers.js';
import { GOOGLE_TOKEN_URI, SCOPE, ServiceAccountTokens, VertexAuthError, tokenUrl } from '../src/vertex-auth.js';
import { REPO_ROOT, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const VERTEX = { provider: 'vertex-gemini', model: 'gemini-2.5-flash', region: 'europe-west1', account: 'synco-test', plan: 'standard' };
const fixture = (name) => readFileSync(join(REPO_ROOT, 'tests/fixtures/vertex', name), 'utf8');
const EMAIL = 'synco-engine@synco-test.iam.gserviceaccount.com';

/** A Google service-account key file for the fixture key, with `overrides`. */
const keyFile = (overrides = {}) =>
  JSON.stringify({ type: 'service_account', project_id: 'synco-test', client_email: EMAIL, private_key: fixture('test-key.pem'), token_uri: GOOGLE_TOKEN_URI, ...overrides });

/** The claims of `assertion` if its RS256 signature verifies under the fixture's public key. */
function verifiedClaims(assertion) {
  const [header, claims, signature] = assertion.split('.');
  const ok = verify('sha256', Buffer.from(`${header}.${claims}`), createPublicKey(fixture('test-key.pub.pem')), Buffer.from(signature, 'base64url'));
  assert.ok(ok, 'the assertion is signed with the service account key');
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'RS256', typ: 'JWT' });
  return JSON.parse(Buffer.from(claims, 'base64url'));
}

/**
 * A loopback stand-in for Google's token endpoint (`/token`) and Vertex AI. Each mint answers
 * `token-<n>`; `tokenAnswer` and `vertexStatus` shape the answers.
 */
async function standIn(t, { tokenAnswer, vertexStatus = () => 200, delayMs = 0 } = {}) {
  const mints = [];
  const calls = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      if (req.url === '/token') {
        await new Promise((r) => setTimeout(r, delayMs));
        const form = new URLSearchParams(body);
        mints.push({ contentType: req.headers['content-type'], grantType: form.get('grant_type'), claims: verifiedClaims(form.get('assertion')) });
        const [status, answer] = tokenAnswer?.(mints.length) ?? [200, { access_token: `token-${mints.length}`, expires_in: 3599, token_type: 'Bearer' }];
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
        return;
      }
      calls.push({ authorization: req.headers.authorization, body });
      const status = vertexStatus(calls.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { candidates: [{ content: { parts: [{ text: '<p>minted</p>' }] }, finishReason: 'STOP' }] } : { error: { code: status } }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  }));
  return { mints, calls, origin: `http://127.0.0.1:${server.address().port}` };
}

/** A tenant whose Vertex AI credential is the fixture service account on a clock the test moves. */
async function tenant(t, server, clock) {
  const tokens = new ServiceAccountTokens(keyFile(), { now: () => clock.ms });
  return tenantEngine(t, { config: VERTEX, egress: [server.origin], baseUrl: server.origin, operatorToken: tokens });
}

const sync = (engine) => engine.sync(exampleSyncRequest({ provider: 'vertex-gemini', model: VERTEX.model }));

test('a google service account key file is read, and one that would send assertions elsewhere is refused', () => {
  assert.equal(new ServiceAccountTokens(keyFile()).email, EMAIL);
  const refused = (text, pattern) => assert.throws(() => new ServiceAccountTokens(text), (e) => e instanceof VertexAuthError && e.kind === 'key' && pattern.test(e.message));
  refused(keyFile({ token_uri: 'https://tokens.example/token' }), /token_uri is "https:\/\/tokens\.example\/token"; expected/);
  refused(keyFile({ type: 'authorized_user' }), /type is "authorized_user"; expected "service_account"/);
  refused(keyFile({ private_key: 'not a key' }), /not a private key in pem/);
  refused(keyFile({ client_email: undefined }), /no client_email/);
  refused('{"type": ', /not a service account key file/);
});

test('a key file that is not json is refused without quoting it', () => {
  const broken = keyFile().replace('"type"', "'type'");
  assert.throws(() => new ServiceAccountTokens(broken), (e) => e instanceof VertexAuthError && e.message === 'the vertex service account key is unusable: not a service account key file: it is not valid json');
});

test('a call joining a mint started on a shorter deadline gets its token on its own, and a short deadline is kept', async (t) => {
  const server = await standIn(t, { delayMs: 1500 });
  const sent = [];
  const fetch = (url, init) => {
    if (String(url).endsWith('/token')) sent.push(Date.now());
    return globalThis.fetch(url, init);
  };
  const tokens = new ServiceAccountTokens(keyFile());
  const how = (ms) => ({ fetch, baseUrl: server.origin, deadline: Date.now() + ms });
  const [short, long] = await Promise.allSettled([tokens.token(how(100)), tokens.token(how(10_000))]);
  assert.ok(short.status === 'rejected' && short.reason instanceof VertexAuthError);
  assert.equal(sent.length, 2, 'the longer call minted again, on its own deadline');
  assert.equal(long.value, `token-${server.mints.length}`);
  assert.equal(await tokens.token(how(10_000)), long.value, 'then cached');
  tokens.rejected(long.value);
  const quick = Date.now();
  await assert.rejects(Promise.all([tokens.token(how(10_000)), tokens.token(how(100))]), (e) => e instanceof VertexAuthError && /before the deadline/.test(e.message));
  assert.ok(Date.now() - quick < 1000, 'the 100 ms call gave up at its deadline, not when the shared mint finished');
});

test('assertions go to google unless the override is a literal loopback stand-in', () => {
  assert.equal(tokenUrl(undefined), GOOGLE_TOKEN_URI);
  assert.equal(tokenUrl('https://gateway.example'), GOOGLE_TOKEN_URI);
  assert.equal(tokenUrl('http://localhost:8080'), GOOGLE_TOKEN_URI, 'localhost is resolved, so it is not trusted');
  assert.equal(tokenUrl('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080/token');
  assert.equal(tokenUrl('http://[::1]:9000'), 'http://[::1]:9000/token');
  assert.equal(loopbackOrigin('http://127.0.0.1.evil.example'), null);
  assert.equal(loopbackOrigin('http://127.0.0.1@evil.example/'), null);
  for (const base of ['http://user:pw@127.0.0.1:8080', 'http://127.1:8080', 'http://0x7f.0.0.1', 'http://2130706433']) assert.equal(loopbackOrigin(base), null, base);
});

test('plain http overrides go only to a literal loopback address, as in the rust host', () => {
  assert.equal(checkBase('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  assert.equal(checkBase('http://[::1]:9'), 'http://[::1]:9');
  assert.equal(checkBase('http://[0:0:0:0:0:0:0:1]:9'), 'http://[0:0:0:0:0:0:0:1]:9', 'any spelling of ::1, as in rust');
  assert.throws(() => checkBase('http://[::ffff:127.0.0.1]:9'), /literal loopback/, 'an ipv4-mapped address is not ::1, as in rust');
  assert.equal(checkBase('https://gateway.example'), 'https://gateway.example');
  for (const base of ['http://localhost:9', 'http://gateway.example', 'http://127.0.0.1@gateway.example']) {
    assert.throws(() => checkBase(base), /must be https, or http to a literal loopback address/, base);
  }
});

test('vertex tokens are minted from the service account and reused until they near expiry', async (t) => {
  const server = await standIn(t);
  const clock = { ms: 1_700_000_000_000 };
  const { engine, capabilities } = await tenant(t, server, clock);
  await sync(engine);
  await sync(engine);
  assert.equal(server.mints.length, 1, 'the second call reuses the token');
  const [mint] = server.mints;
  assert.equal(mint.contentType, 'application/x-www-form-urlencoded');
  assert.equal(mint.grantType, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  assert.deepEqual(mint.claims, { iss: EMAIL, scope: SCOPE, aud: GOOGLE_TOKEN_URI, iat: 1_700_000_000, exp: 1_700_003_600 });
  assert.deepEqual(server.calls.map((c) => c.authorization), ['Bearer token-1', 'Bearer token-1']);

  clock.ms += (3599 - 300) * 1000 - 1;
  await sync(engine);
  assert.equal(server.mints.length, 1, 'still more than five minutes left');
  clock.ms += 1;
  await sync(engine);
  assert.equal(server.mints.length, 2, 'renewed five minutes before expiry');
  assert.equal(server.calls.at(-1).authorization, 'Bearer token-2');

  const leaked = JSON.stringify(await capabilities.audit.records()) + server.calls.map((c) => c.body).join('');
  assert.doesNotMatch(leaked, /token-\d|PRIVATE KEY|gserviceaccount/);
});

test('a minted token vertex refuses with 401 is dropped and the next call mints another', async (t) => {
  const server = await standIn(t, { vertexStatus: (n) => (n === 1 ? 401 : 200) });
  const { engine } = await tenant(t, server, { ms: 1_700_000_000_000 });
  await assert.rejects(sync(engine), (e) => e instanceof SyncError && e.tag === 'model');
  await sync(engine);
  assert.equal(server.mints.length, 2);
  assert.deepEqual(server.calls.map((c) => c.authorization), ['Bearer token-1', 'Bearer token-2']);
});

test('calls needing a token at once share one mint, and a late refusal of an older token keeps the newer one', async (t) => {
  const server = await standIn(t);
  const tokens = new ServiceAccountTokens(keyFile());
  const how = { fetch: globalThis.fetch, baseUrl: server.origin, deadline: Date.now() + 10_000 };
  assert.deepEqual(await Promise.all([tokens.token(how), tokens.token(how), tokens.token(how)]), ['token-1', 'token-1', 'token-1']);
  assert.equal(server.mints.length, 1);
  tokens.rejected('token-1');
  assert.equal(await tokens.token(how), 'token-2');
  tokens.rejected('token-1');
  assert.equal(await tokens.token(how), 'token-2');
  assert.equal(server.mints.length, 2);
});

test('when minting fails a still-valid token is used, and without one the call fails naming the oauth error code only', async (t) => {
  const server = await standIn(t, {
    tokenAnswer: (n) => (n === 1 ? [200, { access_token: 'token-1', expires_in: 3600, token_type: 'Bearer' }] : [400, { error: 'invalid_grant', error_description: 'secret-ish detail' }]),
  });
  const clock = { ms: 1_700_000_000_000 };
  const { engine } = await tenant(t, server, clock);
  await sync(engine);
  clock.ms += 3400 * 1000;
  await sync(engine);
  assert.equal(server.mints.length, 2, 'renewal was tried');
  assert.equal(server.calls.at(-1).authorization, 'Bearer token-1', 'the token not yet expired was used');
  clock.ms += 200 * 1000;
  await assert.rejects(sync(engine), (e) => e.tag === 'model' && e.val.tag === 'unavailable' && e.val.val === 'no vertex access token could be minted: the token endpoint answered status 400: invalid_grant');
  assert.equal(server.calls.length, 2, 'nothing was sent to vertex without a token');
});

test('token answers that are not a bearer token lasting at least a minute are refused', async (t) => {
  const answers = [
    [{ access_token: 'x', token_type: 'mac', expires_in: 3600 }, /answered a "mac" token; expected a bearer token/],
    [{ access_token: 'x', token_type: 'Bearer', expires_in: 30 }, /lasting 30s; expected at least 60s/],
    [{ token_type: 'Bearer' }, /not an oauth token response/],
  ];
  for (const [answer, pattern] of answers) {
    const server = await standIn(t, { tokenAnswer: () => [200, answer] });
    const { engine } = await tenant(t, server, { ms: 1_700_000_000_000 });
    await assert.rejects(sync(engine), (e) => e.val?.tag === 'unavailable' && pattern.test(e.val.val));
    assert.equal(server.calls.length, 0);
  }
});

test('the token request obeys the egress allow-list: without the token endpoint on it nothing is sent', async (t) => {
  const sent = [];
  const tokens = new ServiceAccountTokens(keyFile());
  const { engine } = await tenantEngine(t, {
    config: VERTEX,
    egress: ['europe-west1-aiplatform.googleapis.com'],
    operatorToken: tokens,
    fetch: async (url) => {
      sent.push(String(url));
      return new Response('{}');
    },
  });
  await assert.rejects(sync(engine), (e) => e instanceof SyncError && e.val.tag === 'not-allowed' && /oauth2\.googleapis\.com/.test(e.val.val));
  assert.deepEqual(sent, []);
});
