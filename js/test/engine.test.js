// Why this file exists: proves the JavaScript API drives the real component: redaction, diff, merge
// and ranking as pure calls; the offline sync of examples/issue.json into examples/page.xml through
// the Forge adapter on SQLite; indexing and related pages; typed errors; and that the replay
// bridge performs every capability call exactly once.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DocumentError, EngineTrap, HostError, RankingError, RedactionError, SyncError, loadEngine } from '../src/engine.js';
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

test('indexed example pages come back as related pages with the terms they share', async (t) => {
  const { engine } = await tenantEngine(t);
  for (const page of examplePages()) assert.match(await engine.indexPage(page), /^page\/[0-9a-f]{64}$/);
  const related = await engine.related(example('issue.json'), { limit: 3 });
  assert.equal(related.length, 3);
  assert.equal(related[0].title, 'Ledger reconciliation');
  assert.deepEqual(related[0].sharedTerms, ['refund', 'ledger', 'card', 'duplicate', 'entries']);
  assert.ok(!related.some((r) => r.pageId === '1004'), 'the offsite notes are not among the three most related');
  const out = await engine.sync(exampleSyncRequest());
  assert.deepEqual(out.related, related, 'sync puts the same pages in the prompt');
  for (const r of related) assert.match(out.page, new RegExp(`ri:content-title="${r.title}"`));
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
