// Why this file exists: where the Node host once answered differently from the Rust host given
// the same inputs and the same host answers (a differential review found each), each now held to
// the Rust host's answer: a leading byte order mark in a guest string is kept; the Rust host's
// request and result size limits (5 MiB, `check_payload`/`check_output` in host/src/engine.rs)
// apply to the same calls with the same messages; a text that UTF-8 cannot carry (a lone
// surrogate) is refused by name instead of reaching the guest as U+FFFD; and a provider answer
// that is not UTF-8 fails at once as `unavailable`, as the Rust host's `post` fails it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';

import { MalformedTextError, OUTPUT_LIMIT_BYTES, PAYLOAD_LIMIT_BYTES, PayloadTooLargeError, RedactionError, SyncError, loadEngine } from '../src/engine.js';
import { loadIsolatedEngine } from '../src/isolated.js';
import { CallError, MAX_RESPONSE_BYTES, post } from '../src/providers.js';
import { JS_ROOT, example, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const MiB = 1024 * 1024;
const BOM = '\ufeff';

/** Counts the guest instances `engine` makes from now on. */
function countInstances(engine) {
  const counter = { made: 0 };
  const instantiate = engine._instantiate.bind(engine);
  engine._instantiate = (imports) => {
    counter.made++;
    return instantiate(imports);
  };
  return counter;
}

// 1. Byte order marks.

test('a leading byte order mark survives a merge and a redaction as in the rust host', async (t) => {
  // `synco merge bom.xml bom.xml bom.xml` prints the page with its BOM; `synco redact` keeps it too.
  const engine = await loadEngine();
  const merged = engine.merge(`${BOM}<p>a</p>`, `${BOM}<p>a</p>`, `${BOM}<p>a</p>`);
  assert.equal(merged.storage, `${BOM}<p>a</p>`);
  assert.equal(merged.conflicts, 0);
  assert.deepEqual(engine.redact([`${BOM}hello bob@example.com`, `${BOM}${BOM}x`]).texts, [`${BOM}hello [EMAIL_1]`, `${BOM}${BOM}x`]);
  const isolated = await loadIsolatedEngine({});
  t.after(() => isolated.close());
  assert.equal((await isolated.merge(`${BOM}<p>a</p>`, `${BOM}<p>a</p>`, `${BOM}<p>a</p>`)).storage, `${BOM}<p>a</p>`);
  assert.equal((await isolated.redact([`${BOM}hi bob@example.com`])).texts[0], `${BOM}hi [EMAIL_1]`);
});

test('every decoder of the generated glue keeps a leading byte order mark', () => {
  const glue = readFileSync(join(JS_ROOT, 'engine-gen', 'synco.js'), 'utf8');
  const decoders = glue.match(/new TextDecoder\([^()]*\)/g) ?? [];
  assert.ok(decoders.length > 0, 'the glue decodes guest strings with TextDecoder');
  for (const d of decoders) assert.match(d, /ignoreBOM: true/, d);
  assert.equal(glue.match(/\bTextDecoder\b/g).length, decoders.length, 'no decoder made another way');
});

// 2. Request and result size limits.

test('a sync, an indexing or a related-pages request over 5 MiB is refused before the guest sees it, with the rust host error', async (t) => {
  const { engine, capabilities } = await tenantEngine(t);
  const made = countInstances(engine);
  // Bytes, as Rust's `str::len`: 3 Mi two-byte characters are 6 MiB, though `length` is 3 Mi.
  const wide = 'é'.repeat(3 * MiB);
  const request = exampleSyncRequest({ page: `<p>${wide}</p>` });
  const size = Buffer.byteLength(request.issueJson) + Buffer.byteLength(request.page) + Buffer.byteLength(request.base);
  await assert.rejects(engine.sync(request), (e) => {
    assert.ok(e instanceof PayloadTooLargeError, e);
    assert.equal(e.name, 'PayloadTooLargeError');
    assert.equal(e.message, `the request is ${size} bytes; the limit is ${5 * MiB} bytes`);
    assert.deepEqual([e.size, e.limit], [size, 5 * MiB]);
    return true;
  });
  // issue + page + base are summed: each under the limit, together over it.
  const half = `<p>${'a'.repeat(2.5 * MiB)}</p>`;
  await assert.rejects(engine.sync(exampleSyncRequest({ page: half, base: half })), PayloadTooLargeError);
  const page = { id: 'big', space: 'ENG', title: 'T'.repeat(10), labels: [], storage: `<p>${'a'.repeat(5 * MiB)}</p>`, updatedAt: 0 };
  await assert.rejects(engine.indexPage(page), (e) => e instanceof PayloadTooLargeError && e.size === 5 * MiB + 7 + 10);
  await assert.rejects(engine.related(' '.repeat(5 * MiB + 1)), (e) => e instanceof PayloadTooLargeError && e.message === `the request is ${5 * MiB + 1} bytes; the limit is ${5 * MiB} bytes`);
  assert.equal(made.made, 0, 'no instance was made');
  assert.deepEqual(await capabilities.audit.records(), []);
  // At the limit the request goes to the guest (which finds it is not an issue).
  await assert.rejects(engine.related(' '.repeat(5 * MiB)), (e) => e instanceof SyncError && e.tag === 'invalid-issue');
  assert.ok(made.made > 0);
  assert.equal(PAYLOAD_LIMIT_BYTES, 5 * MiB);
});

test('the isolated engine refuses an oversized request with the same error', async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await loadIsolatedEngine({ capabilities });
  t.after(() => engine.close());
  await assert.rejects(engine.related('x'.repeat(5 * MiB + 3)), (e) => e instanceof PayloadTooLargeError && e.size === 5 * MiB + 3 && e.limit === 5 * MiB && e.message === `the request is ${5 * MiB + 3} bytes; the limit is ${5 * MiB} bytes`);
  assert.equal((await engine.related(example('issue.json'))).length, 0, 'the engine serves the next call');
});

test('the size limits cover the calls the rust host checks, not the pure functions', async () => {
  // host/src/engine.rs checks sync, index_page and related; redact, diff, merge and rank reach the
  // guest whatever their size, and the guest applies its own limits, as under the Rust host.
  assert.deepEqual([PAYLOAD_LIMIT_BYTES, OUTPUT_LIMIT_BYTES], [5 * MiB, 5 * MiB]);
  const engine = await loadEngine();
  const three = `${'a'.repeat(3 * MiB)} bob@example.com`;
  assert.deepEqual(engine.redact([three, three]).texts, [`${'a'.repeat(3 * MiB)} [EMAIL_1]`, `${'a'.repeat(3 * MiB)} [EMAIL_1]`]);
  assert.throws(() => engine.redact(['a'.repeat(5 * MiB + 1)]), (e) => e instanceof RedactionError && e.tag === 'text-too-large');
});

// 3. Lone surrogates.

test('a lone surrogate in any text given to the engine is refused with a typed error naming the argument, before the guest sees it', async (t) => {
  const { engine } = await tenantEngine(t);
  const pure = await loadEngine({ reusePureInstance: false });
  const made = [countInstances(engine), countInstances(pure)];
  const lone = 'x\ud800 bob@example.com';
  const refused = (argument) => (e) => {
    assert.ok(e instanceof MalformedTextError, `${argument}: ${e}`);
    assert.equal(e.argument, argument);
    assert.equal(e.message, `${argument} is not well-formed text: it holds a lone surrogate, which cannot be encoded as UTF-8`);
    return true;
  };
  assert.throws(() => pure.redact(['fine', lone]), refused('texts[1]'));
  assert.throws(() => pure.redact(['fine'], { people: [{ accountId: 'a', displayName: 'P\udc00' }] }), refused('people[0].displayName'));
  assert.throws(() => pure.redact(['fine'], { policy: { allow: ['\udbff'] } }), refused('policy.allow[0]'));
  assert.throws(() => pure.detect(lone), refused('text'));
  assert.throws(() => pure.diff('<p>a</p>', '<p>\udc00b</p>'), refused('newPage'));
  assert.throws(() => pure.merge('<p>a</p>', '<p>a</p>', '<p>\udc00b</p>'), refused('ours'));
  assert.throws(() => pure.rank([1, 0], [{ id: 'a\ud800', vector: [1, 0] }], 1), refused('candidates[0].id'));
  const index = pure.createIndex(2);
  assert.throws(() => index.add([{ id: 'a', vector: [1, 0], text: lone }]), refused('entries[0].text'));
  assert.throws(() => index.search([{ vector: [1, 0], k: 1, filter: { spaces: ['\ud800'] } }]), refused('queries[0].filter.spaces[0]'));
  assert.equal(index.len(), 0);
  index.dispose();
  await assert.rejects(engine.sync(exampleSyncRequest({ page: `<p>${lone}</p>` })), refused('request.page'));
  await assert.rejects(engine.sync(exampleSyncRequest({ base: '\udfff' })), refused('request.base'));
  await assert.rejects(engine.indexPage({ id: 'p', space: 'S', title: '\ud800', labels: [], storage: '<p/>', updatedAt: 0 }), refused('page.title'));
  await assert.rejects(engine.related(`{"k":"${lone}"}`), refused('issueJson'));
  await assert.rejects(engine.related('{}', { filter: { labels: ['\ud800'] } }), refused('options.filter.labels[0]'));
  assert.deepEqual(
    made.map((m) => m.made),
    [0, 1],
    'nothing reached a guest but the index made for the test',
  );
  // A surrogate pair is well-formed and goes through.
  assert.equal(pure.redact(['😀 bob@example.com']).texts[0], '😀 [EMAIL_1]');
});

test('the isolated engine refuses a lone surrogate with the same typed error', async (t) => {
  const engine = await loadIsolatedEngine({});
  t.after(() => engine.close());
  await assert.rejects(engine.redact(['ok', 'x\ud800']), (e) => e instanceof MalformedTextError && e.argument === 'texts[1]' && /texts\[1\] is not well-formed text/.test(e.message));
  assert.deepEqual((await engine.redact(['ok'])).texts, ['ok']);
});

// 4. Provider answers that are not UTF-8.

const NOT_UTF8 = `the response could not be read within ${MAX_RESPONSE_BYTES} bytes: the body is not valid UTF-8`;

test('a provider answer that is not valid utf-8 fails at once as unavailable with the rust host message and is not retried', async () => {
  let calls = 0;
  const answering = (bytes, status = 200) => async () => {
    calls++;
    return new Response(new Uint8Array(bytes), { status });
  };
  const endpoint = { url: 'https://provider.example/v1', headers: {} };
  const deadline = Date.now() + 60_000;
  await assert.rejects(post(endpoint, '{}', { fetch: answering([0x7b, 0x22, 0xff, 0x22, 0x7d]), deadline, jitter: () => 0 }), (e) => {
    assert.ok(e instanceof CallError);
    assert.equal(e.kind, 'unavailable');
    assert.equal(e.detail, NOT_UTF8);
    return true;
  });
  assert.equal(calls, 1, 'asked once');
  // A truncated sequence at the end, under an embeddings-sized cap: the cap is named.
  calls = 0;
  await assert.rejects(post(endpoint, '{}', { fetch: answering([0x7b, 0x7d, 0xe2, 0x82]), deadline, maxResponseBytes: 1000 }), (e) => e.detail === 'the response could not be read within 1000 bytes: the body is not valid UTF-8');
  assert.equal(calls, 1);
  // A well-formed answer keeps its leading byte order mark, as Rust's String::from_utf8 does.
  assert.equal((await post(endpoint, '{}', { fetch: answering([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), deadline })).body, `${BOM}{}`);
});

test('a sync whose provider answers with a body that is not utf-8 fails as unavailable after one request and is audited as unavailable', async (t) => {
  const requests = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from('{"candidates":[{"content":{"parts":[{"text":"<p>'), Buffer.from([0xc3, 0x28]), Buffer.from('</p>"}]}}]}')]));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const config = { provider: 'vertex-gemini', model: 'gemini-2.5-flash', region: 'europe-west1', account: 'synco-test', plan: 'standard' };
  const { engine, capabilities } = await tenantEngine(t, { config, egress: [origin], baseUrl: origin, operatorToken: 'operator-token' });
  await assert.rejects(engine.sync(exampleSyncRequest({ provider: 'vertex-gemini', model: config.model })), (e) => {
    assert.ok(e instanceof SyncError, e);
    assert.equal(e.tag, 'model');
    assert.deepEqual(e.val, { tag: 'unavailable', val: NOT_UTF8 });
    return true;
  });
  assert.equal(requests.length, 1, 'not retried');
  const records = await capabilities.audit.records();
  assert.equal(records.length, 1);
  assert.equal(JSON.parse(records[0].record).outcome, 'unavailable');
  assert.equal(await capabilities.audit.verify(), 1);
});
