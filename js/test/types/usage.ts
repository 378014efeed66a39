// Why this file exists: type-checked (never run) by test/types.test.js, so the TypeScript
// declarations in src/*.d.ts stay usable from a Forge function written in TypeScript.

import { DEFAULT_POLICY, GENESIS, MalformedTextError, OutputTooLargeError, PAYLOAD_LIMIT_BYTES, PayloadTooLargeError, ServiceAccountTokens, SyncError, chainHash, WebCryptoKms, createForgeCapabilities, loadEngine, type KindCount, type RankingIndex, type RelatedPage, type Scan, type Scored, type SyncOutcome } from '../../src/index.js';
import { SqliteKvs } from '../../src/sqlite-kvs.js';
import { loadIsolatedEngine, type IsolatedEngine } from '../../src/isolated.js';

const kvs = new SqliteKvs('/tmp/never-opened.db', { installation: 'tenant-1' });
const kms = await WebCryptoKms.fromDataKey('tenant-1', new Uint8Array(32));
const capabilities = createForgeCapabilities({ tenant: 'tenant-1', kms, kvs, egress: ['europe-west1-aiplatform.googleapis.com'], config: { provider: 'offline', model: 'offline-template' } });
const engine = await loadEngine({ capabilities, deadlineMs: 25_000, memoryLimitBytes: 256 * 1024 * 1024 });
const vertexTokens = new ServiceAccountTokens('{"type": "service_account"}');
const withVertex = createForgeCapabilities({ tenant: 'tenant-1', kms, kvs, egress: ['europe-west1-aiplatform.googleapis.com', 'oauth2.googleapis.com'], operatorToken: vertexTokens });
const vertexEmail: string = vertexTokens.email;
const cap: number = engine.memoryLimitBytes;

const outcome: SyncOutcome = await engine.sync({ issueJson: '{}', page: '<p/>', pageVersion: 1, model: 'offline-template' });
const texts: string[] = engine.redact(['x'], { policy: DEFAULT_POLICY }).texts;
const counts: KindCount[] = engine.redact(['x']).counts;
const score: number = engine.rank(new Float32Array([1, 0]), [{ id: 'a', vector: [1, 0] }], 1)[0].score;
const summary: string = engine.diff('<p>a</p>', '<p>b</p>').summary;
const key: string = await engine.indexPage({ id: '1', space: 'S', title: 't', labels: [], storage: '<p/>', updatedAt: 0 }, { provider: 'offline' });
const related: RelatedPage[] = await engine.related('{}', { limit: 3, mode: 'vector', filter: { spaces: ['S'], updatedAfter: 0n }, diversity: 0.7 });
const fused: RelatedPage[] = await engine.related('{}');
const index: RankingIndex = engine.createIndex(2);
index.add([{ id: 'a', vector: new Float32Array([1, 0]), text: 'refund', labels: ['x'], updatedAt: 1n }, { id: 'b', vector: [0, 1] }]);
const scan: Scan = { tag: 'int8', val: 4 };
const hits: Scored[][] = index.search([{ vector: [1, 0], k: 1 }, { text: 'refund', k: 2, mode: 'lexical', filter: { labels: ['x'] }, diversity: null }], scan);
const pages: number = index.len();
index.dispose();
const isolated: IsolatedEngine = await loadIsolatedEngine({ capabilities, deadlineMs: 10_000, memoryLimitBytes: 64 * 1024 * 1024 });
const isolatedSummary: string = (await isolated.diff('<p>a</p>', '<p>b</p>')).summary;
const isolatedIndex = await isolated.createIndex(2);
await isolatedIndex.add([{ id: 'a', vector: [1, 0] }]);
const isolatedHits: Scored[][] = await isolatedIndex.search([{ vector: [1, 0], k: 1 }], 'pruned');
await isolatedIndex.dispose();
const isolatedOutcome: SyncOutcome = await isolated.sync({ issueJson: '{}', page: '<p/>', pageVersion: 1, model: 'offline-template' });
await isolated.close();
console.log(related, fused, hits, pages, cap, isolatedSummary, isolatedOutcome, isolatedHits);
// @ts-expect-error a ranking mode outside the contract
await engine.related('{}', { mode: 'semantic' });
// @ts-expect-error int8 needs its oversampling factor
index.search([{ vector: [1, 0], k: 1 }], { tag: 'int8' });
const audited: number = await capabilities.audit.verify();
const [firstRecord] = await capabilities.audit.records();
const rehashed: boolean = firstRecord !== undefined && firstRecord.prev_hash === GENESIS && chainHash(GENESIS, 'local', 1, firstRecord.at_ms, firstRecord.record) === firstRecord.hash;

try {
  await engine.sync({ issueJson: '', page: '', pageVersion: 1, model: 'm' });
} catch (e) {
  if (e instanceof SyncError) console.log(e.tag, e.val, outcome.syncId, texts, counts, score, summary, key, audited, rehashed);
  if (e instanceof PayloadTooLargeError || e instanceof OutputTooLargeError) console.log(e.size, e.limit, PAYLOAD_LIMIT_BYTES);
  if (e instanceof MalformedTextError) console.log(e.argument);
}

// @ts-expect-error pageVersion is required
await engine.sync({ issueJson: '', page: '', model: 'm' });
// @ts-expect-error a provider outside the contract
await engine.sync({ issueJson: '', page: '', pageVersion: 1, model: 'm', provider: 'gpt' });
