// Why this file exists: type-checked (never run) by test/types.test.js, so the TypeScript
// declarations in src/*.d.ts stay usable from a Forge function written in TypeScript.

import { DEFAULT_POLICY, SyncError, WebCryptoKms, createForgeCapabilities, loadEngine, type KindCount, type SyncOutcome } from '../../src/index.js';
import { SqliteKvs } from '../../src/sqlite-kvs.js';

const kvs = new SqliteKvs('/tmp/never-opened.db', { installation: 'tenant-1' });
const kms = await WebCryptoKms.fromDataKey('tenant-1', new Uint8Array(32));
const capabilities = createForgeCapabilities({ tenant: 'tenant-1', kms, kvs, egress: ['europe-west1-aiplatform.googleapis.com'], config: { provider: 'offline', model: 'offline-template' } });
const engine = await loadEngine({ capabilities, deadlineMs: 25_000 });

const outcome: SyncOutcome = await engine.sync({ issueJson: '{}', page: '<p/>', pageVersion: 1, model: 'offline-template' });
const texts: string[] = engine.redact(['x'], { policy: DEFAULT_POLICY }).texts;
const counts: KindCount[] = engine.redact(['x']).counts;
const score: number = engine.rank(new Float32Array([1, 0]), [{ id: 'a', vector: [1, 0] }], 1)[0].score;
const summary: string = engine.diff('<p>a</p>', '<p>b</p>').summary;
const key: string = await engine.indexPage({ id: '1', space: 'S', title: 't', labels: [], storage: '<p/>', updatedAt: 0 });
const audited: number = await capabilities.audit.verify();

try {
  await engine.sync({ issueJson: '', page: '', pageVersion: 1, model: 'm' });
} catch (e) {
  if (e instanceof SyncError) console.log(e.tag, e.val, outcome.syncId, texts, counts, score, summary, key, audited);
}

// @ts-expect-error pageVersion is required
await engine.sync({ issueJson: '', page: '', model: 'm' });
// @ts-expect-error a provider outside the contract
await engine.sync({ issueJson: '', page: '', pageVersion: 1, model: 'm', provider: 'gpt' });
