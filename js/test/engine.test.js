// Why this file exists: proves the JavaScript API drives the real component: redaction, diff, merge
// and ranking (top-k and the index) as pure calls; the offline sync of examples/issue.json into
// examples/page.xml through the Forge adapter on SQLite; indexing and related pages (modes,
// filters, diversity); typed errors; and that the replay bridge performs every capability call
// exactly once. Related-page assertions are properties (ids, order, finite scores), not numbers,
// so they survive ranking changes; the numbers are pinned by the golden vectors.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DocumentError, EngineTrap, HostError, RankingError, RedactionError, SyncError, loadEngine } from '../src/engine.js';
import { recordTag } from '../src/audit.js';
import { rankInputs } from '../bench/bench.js';
import { example, examplePages, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

test('redact replaces emails, phones and the people of the ticket with stable placeholders and counts them', async () => {
  const engine = await loadEngine();
  const people = [{ accountId: '712020:abc', displayName: 'Jane Doe', email: 'jane@example.com' }];
  const out = engine.redact(['Ask Jane Doe (jane@example.com, +44 20 7946 0958).', 'jane@example.com again'], { people });
  assert.deepEqual(out.texts, ['Ask [PERSON_1] ([PERSON_1_2], [PHONE_1]).', '[PERSON_1_2] again']);
  assert.deepEqual(out.counts, [
    { kind: 'phone', distinct: 1, occurrences: 1 },
    { kind: 'person', distinct: 2, occurrences: 3 },
  ]);
});

test('redact honours the policy: a disabled kind and an allowed value pass through', async () => {
  const engine = await loadEngine();
  const policy = { disabled: ['phone'], allow: ['support@acme.example'], custom: [{ name: 'ticket', pattern: 'SEC-[0-9]+' }] };
  const { texts } = engine.redact(['Call +44 20 7946 0958 or write to support@acme.example about SEC-12.'], { policy });
  assert.equal(texts[0], 'Call +44 20 7946 0958 or write to support@acme.example about [CUSTOM_1].');
});

test('an invalid custom pattern is a RedactionError naming it', async () => {
  const engine = await loadEngine();
  assert.throws(
    () => engine.redact(['x'], { policy: { custom: [{ name: 'bad', pattern: '(' }] } }),
    (e) => e instanceof RedactionError && e.tag === 'invalid-pattern' && /bad/.test(e.val),
  );
});

test('detect reports kinds and byte offsets without changing anything', async () => {
  const engine = await loadEngine();
  const spans = engine.detect('mail bob@example.org now');
  assert.deepEqual(spans, [{ kind: 'email', start: 5, end: 20 }]);
});

test('diff reviews the change between the base and the current example page', async () => {
  const engine = await loadEngine();
  const review = engine.diff(example('page-base.xml'), example('page.xml'));
  assert.equal(review.summary, '1 paragraph changed, 1 list changed');
  assert.equal(review.changedBlocks, 2);
  assert.ok(Array.isArray(JSON.parse(review.editScript)));
  assert.match(review.html, /^<!DOCTYPE html>/i);
});

test('diff of a body that is not storage format is a DocumentError with the reason', async () => {
  const engine = await loadEngine();
  assert.throws(() => engine.diff('<p>a</p>', '<p>b'), (e) => e instanceof DocumentError && e.tag === 'invalid-markup' && /expected <\/p>/.test(e.val));
});

test('merge keeps a person edit and applies a non-overlapping generated change', async () => {
  const engine = await loadEngine();
  const merged = engine.merge('<p>one</p><p>two</p>', '<p>one, edited</p><p>two</p>', '<p>one</p><p>two, generated</p>');
  assert.equal(merged.conflicts, 0);
  assert.match(merged.storage, /one, edited/);
  assert.match(merged.storage, /two, generated/);
});

test('rank returns the exact cosine top-k, best first, ties broken by id', async () => {
  const engine = await loadEngine();
  const ranked = engine.rank([1, 0], [
    { id: 'b', vector: [1, 1] },
    { id: 'a', vector: [1, 1] },
    { id: 'c', vector: [0.1, 0.3] },
    { id: 'z', vector: [0, 0] },
  ], 3);
  assert.deepEqual(ranked.map((s) => s.id), ['a', 'b', 'c']);
  assert.equal(ranked[0].score, Math.fround(Math.SQRT1_2));
});

test('rank of an all-zero query is a RankingError', async () => {
  const engine = await loadEngine();
  assert.throws(() => engine.rank([0, 0], [{ id: 'a', vector: [1, 0] }], 1), (e) => e instanceof RankingError && e.tag === 'empty-query');
});

test('sync without capabilities is refused before the component runs', async () => {
  const engine = await loadEngine();
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError);
});

test('the offline sync of the example issue into the example page works through the component', async (t) => {
  const { engine, capabilities, sent } = await tenantEngine(t);
  const out = await engine.sync(exampleSyncRequest());
  assert.equal(out.syncId, 'aab03ec946fe366d');
  assert.equal(out.versionMessage, 'Sync-o: PAY-142 · aab03ec946fe366d');
  assert.match(out.page, /<h2>PAY-142: Refund webhook retries duplicate ledger entries<\/h2>/);
  assert.match(out.page, /Priya Nair/, 'people are restored in the page');
  assert.equal(out.conflicts, 1);
  assert.deepEqual(out.related, [], 'nothing is indexed yet');
  assert.match(out.auditId, /^1-[0-9a-f]{16}$/);
  assert.equal(sent.length, 1);
  assert.doesNotMatch(sent[0], /priya\.nair@acmepay\.example|Priya Nair|jane\.doe@example\.com/, 'the model saw placeholders only');
  assert.equal(await capabilities.audit.verify(), 1);
});

test('with the operator\'s audit key, the model call\'s audit record is tagged as the Rust host tags it', async (t) => {
  const auditKey = new Uint8Array(32).fill(3);
  const { engine, capabilities } = await tenantEngine(t, { auditKey });
  await engine.sync(exampleSyncRequest());
  const [record] = await capabilities.audit.records();
  assert.equal(record.tag, recordTag(auditKey, 'local', record.hash));
  assert.equal(await capabilities.audit.verify(), 1);
});

const EXAMPLE_IDS = ['1001', '1002', '1003', '1004', '1005'];

/** What holds for any related-page list, whatever the ranking's numbers. */
function assertRelatedShape(related, { limit, ids = EXAMPLE_IDS } = {}) {
  assert.ok(related.length <= limit, `at most ${limit} pages`);
  assert.equal(new Set(related.map((r) => r.pageId)).size, related.length, 'no page twice');
  for (const r of related) {
    assert.ok(ids.includes(r.pageId), `${r.pageId} is one of ${ids.join(', ')}`);
    assert.ok(Number.isFinite(r.score), `${r.pageId}: finite score`);
    assert.ok(r.sharedTerms.length <= 5);
    for (const w of r.sharedTerms) assert.match(w, /^\p{Ll}[\p{Ll}\p{N}]{3,}$/u);
  }
}

const nonIncreasing = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

test('indexed example pages come back as related pages, ranked hybrid by default, and sync puts the same pages in the prompt', async (t) => {
  const { engine } = await tenantEngine(t);
  for (const page of examplePages()) assert.match(await engine.indexPage(page), /^page\/[0-9a-f]{64}$/);
  const all = await engine.related(example('issue.json'));
  assert.equal(all.length, 5, 'the default limit is 5 and all five pages share words with the issue');
  assertRelatedShape(all, { limit: 5 });
  assert.ok(nonIncreasing(all.map((r) => r.score)), 'best first');
  assert.ok(all.every((r) => r.score > 0 && r.score <= 2 / 61), 'reciprocal-rank-fusion scores (k = 60, two rankings)');
  assert.ok(all.some((r) => r.sharedTerms.length > 0), 'shared terms explain the matches');

  const related = await engine.related(example('issue.json'), { limit: 3 });
  assert.deepEqual(related, all.slice(0, 3), 'a smaller limit is a prefix');
  const out = await engine.sync(exampleSyncRequest());
  assert.deepEqual(out.related, related, 'sync ranks hybrid and puts the same pages in the prompt');
  for (const r of related) assert.match(out.page, new RegExp(`ri:content-title="${r.title}"`));
});

test('related honours the mode, the filter and diversity', async (t) => {
  const { engine } = await tenantEngine(t);
  const pages = examplePages();
  for (const page of pages) await engine.indexPage(page);
  const issue = example('issue.json');

  const vector = await engine.related(issue, { mode: 'vector' });
  assertRelatedShape(vector, { limit: 5 });
  assert.ok(vector.every((r) => r.score >= -1 && r.score <= 1), 'cosine similarities');
  assert.ok(nonIncreasing(vector.map((r) => r.score)));
  const lexical = await engine.related(issue, { mode: 'lexical', limit: 2 });
  assertRelatedShape(lexical, { limit: 2 });
  assert.ok(lexical.every((r) => r.score > 0) && nonIncreasing(lexical.map((r) => r.score)), 'BM25 scores');

  const eng = pages.filter((p) => p.space === 'ENG').map((p) => p.id);
  assertRelatedShape(await engine.related(issue, { filter: { spaces: ['ENG'] } }), { limit: 5, ids: eng });
  assert.equal((await engine.related(issue, { filter: { spaces: ['ENG'] } })).length, eng.length);
  const labelled = await engine.related(issue, { mode: 'vector', filter: { labels: ['webhooks', 'runbook'] } });
  assert.deepEqual(labelled.map((r) => r.pageId).sort(), ['1002', '1003']);
  const since = Date.UTC(2024, 4, 5);
  const recent = pages.filter((p) => p.updatedAt >= since).map((p) => p.id);
  const fresh = await engine.related(issue, { filter: { updatedAfter: since } });
  assert.deepEqual(fresh.map((r) => r.pageId).sort(), recent.sort());
  assert.deepEqual(await engine.related(issue, { filter: { spaces: ['NONE'] } }), []);

  const diverse = await engine.related(issue, { diversity: 0.3 });
  assertRelatedShape(diverse, { limit: 5 });
  assert.deepEqual(diverse.map((r) => r.pageId).sort(), EXAMPLE_IDS, 'diversification reorders, it does not drop pages within the limit');
  await assert.rejects(engine.related(issue, { diversity: 1.5 }), (e) => e instanceof SyncError && e.tag === 'ranking' && e.val.tag === 'invalid-diversity');
  await assert.rejects(engine.related(issue, { mode: 'semantic' }), TypeError);
});

test('embed requests say what they embed: document when indexing, query for an issue', async (t) => {
  const { engine, capabilities } = await tenantEngine(t);
  const tasks = [];
  const embed = capabilities.model.embed;
  capabilities.model.embed = (request) => {
    tasks.push(request.task);
    return embed(request);
  };
  const [page] = examplePages();
  await engine.indexPage(page, { provider: 'offline' });
  assert.deepEqual(tasks, ['document']);
  tasks.length = 0;
  await engine.related(example('issue.json'));
  assert.deepEqual([...new Set(tasks)], ['query']);
  tasks.length = 0;
  await engine.sync(exampleSyncRequest());
  assert.deepEqual([...new Set(tasks)], ['query']);
});

test('a ranking index ranks exactly as top-k in vector mode, with every scan', async () => {
  const engine = await loadEngine();
  const { query, candidates } = rankInputs();
  const index = engine.createIndex(256);
  index.add(candidates.map((c, i) => ({ id: c.id, space: i % 2 ? 'ODD' : 'EVEN', vector: c.vector })));
  assert.equal(index.len(), candidates.length);
  const exact = engine.rank(query, candidates, 10).map((s) => s.id);
  const [viaIndex] = index.search([{ vector: query, k: 10 }]);
  assert.deepEqual(viaIndex.map((s) => s.id), exact);
  const direct = engine.rank(query, candidates, 10);
  viaIndex.forEach((s, i) => assert.ok(Math.abs(s.score - direct[i].score) < 1e-6, 'the same cosine (normalized once, on the way in)'));
  for (const scan of [{ tag: 'int8', val: 100 }, { tag: 'binary', val: 100 }]) {
    const [hits] = index.search([{ vector: query, k: 10 }], scan);
    assert.deepEqual(hits.map((s) => s.id), exact, `${scan.tag} with a pool of 1,000 rescored in f32 is exact`);
  }
  const [even, odd] = index.search([{ vector: query, k: 3, filter: { spaces: ['EVEN'] } }, { vector: query, k: 3, filter: { spaces: ['ODD'] } }]);
  assert.ok(even.every((s) => Number(s.id.slice(1)) % 2 === 0) && odd.every((s) => Number(s.id.slice(1)) % 2 === 1));
  index.dispose();
  assert.throws(() => index.len(), HostError);
});

test('a ranking index ranks text lexically and hybrid, and refuses bad input with the contract errors', async () => {
  const engine = await loadEngine();
  const index = engine.createIndex(2);
  index.add([
    { id: 'a', vector: [1, 0], text: 'refund ledger entries', labels: ['ledger'], updatedAt: 10 },
    { id: 'b', vector: [0, 1], text: 'webhook retry policy' },
    { id: 'c', vector: [1, 1], text: 'refund webhook', updatedAt: 20n },
  ]);
  const [lexical, hybrid, recent] = index.search([
    { text: 'webhook', k: 5, mode: 'lexical' },
    { vector: [1, 0], text: 'webhook', k: 5, mode: 'hybrid' },
    { vector: [1, 0], k: 5, filter: { updatedAfter: 15 } },
  ]);
  assert.deepEqual(lexical.map((s) => s.id).sort(), ['b', 'c'], 'pages sharing no word are left out');
  assert.deepEqual(hybrid.map((s) => s.id).sort(), ['a', 'b', 'c']);
  assert.deepEqual(recent.map((s) => s.id), ['c']);

  const refused = (tag, val) => (e) => e instanceof RankingError && e.tag === tag && e.val === val;
  assert.throws(() => index.add([{ id: 'd', vector: [1, 0] }, { id: 'a', vector: [1, 0] }]), refused('duplicate-id', 'a'));
  assert.throws(() => index.add([{ id: 'd', vector: [1, 0] }, { id: 'd', vector: [0, 1] }]), refused('duplicate-id', 'd'));
  assert.throws(() => index.add([{ id: 'e', vector: [1] }]), refused('dimension-mismatch', 'e'));
  assert.throws(() => index.add([{ id: 'f', vector: [Math.fround(1e39), 0] }]), refused('non-finite', 'f'));
  assert.equal(index.len(), 3, 'a refused batch adds nothing');
  assert.throws(() => index.search([{ vector: [0, 0], k: 1 }]), refused('empty-query', undefined));
  assert.throws(() => index.search([{ vector: [1, 0, 0], k: 1 }]), refused('dimension-mismatch', 'query'));
  assert.throws(() => index.search([{ vector: [NaN, 0], k: 1 }]), refused('non-finite', 'query'));
  assert.throws(() => index.search([{ vector: [1, 0], k: 1, diversity: -0.1 }]), refused('invalid-diversity', undefined));
  assert.equal(index.search([{ vector: [1, 0], k: 1 }])[0][0].id, 'a', 'the index still works after refusals');
  assert.throws(() => index.search([{ vector: [1, 0], k: 1 }], { tag: 'pq' }), TypeError);
});

test('every capability call is performed exactly once although the call is replayed', async (t) => {
  const { engine, capabilities } = await tenantEngine(t);
  for (const page of examplePages()) await engine.indexPage(page);
  const counts = {};
  for (const [iface, impl] of Object.entries(capabilities)) {
    if (iface === 'audit') continue;
    for (const [fn, f] of Object.entries(impl)) {
      impl[fn] = (...args) => {
        counts[`${iface}.${fn}`] = (counts[`${iface}.${fn}`] ?? 0) + 1;
        return f(...args);
      };
    }
  }
  await engine.sync(exampleSyncRequest());
  assert.ok(engine.lastCallStats.rounds > 1, 'asynchronous capabilities made the bridge replay');
  assert.equal(counts['model.generate'], 1);
  assert.equal(counts['store.list'], 1);
  assert.equal(counts['store.get'], 5);
  assert.equal(counts['kms.open'], 5);
  assert.equal(counts['log.emit'], 1);
  assert.equal(counts['kms.randomBytes'], 1);
});

test('a sync of an issue that is not JSON is a SyncError naming the step', async (t) => {
  const { engine } = await tenantEngine(t);
  await assert.rejects(engine.sync(exampleSyncRequest({ issueJson: '{not json' })), (e) => e instanceof SyncError && e.tag === 'invalid-issue' && e.val.tag === 'malformed-json');
});

test('a model the tenant is not configured for is refused as not-allowed and still audited', async (t) => {
  const { engine, capabilities } = await tenantEngine(t);
  await assert.rejects(engine.sync(exampleSyncRequest({ model: 'gpt-x' })), (e) => e instanceof SyncError && e.tag === 'model' && e.val.tag === 'not-allowed');
  const [record] = await capabilities.audit.records();
  assert.equal(JSON.parse(record.record).outcome, 'not-allowed');
});

test('a capability that fails outside the contract surfaces as a HostError, not a guest error', async (t) => {
  const { engine, capabilities } = await tenantEngine(t);
  capabilities.clock.now = () => {
    throw new TypeError('clock broke');
  };
  capabilities.kms.randomBytes = () => {
    throw new TypeError('no randomness');
  };
  await assert.rejects(engine.sync(exampleSyncRequest()), (e) => e instanceof HostError && /no randomness/.test(e.message));
  assert.ok(!(HostError.prototype instanceof EngineTrap));
});
