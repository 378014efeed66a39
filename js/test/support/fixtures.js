// Why this file exists: what several test files share — the repository's examples, throwaway
// SQLite stores, and a tenant wired to the Forge adapter with a fixed clock and the Rust host's
// seeded randomness, so runs are reproducible and comparable with the wasmtime host.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../../src/engine.js';
import { SeededEntropy, WebCryptoKms, createForgeCapabilities } from '../../src/forge-adapter.js';
import { SqliteKvs } from '../../src/sqlite-kvs.js';

export const JS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = resolve(JS_ROOT, '..');

/** A file of examples/, as text. */
export const example = (name) => readFileSync(join(REPO_ROOT, 'examples', name), 'utf8');

/** The pages of examples/pages as `indexPage` inputs (updatedAt: midnight UTC of the date). */
export function examplePages() {
  return JSON.parse(example('pages/index.json')).map((p) => {
    const [y, m, d] = p.updatedAt.split('-').map(Number);
    return { id: p.id, space: p.space, title: p.title, labels: p.labels, storage: example(`pages/${p.file}`), updatedAt: Date.UTC(y, m - 1, d) };
  });
}

/** The sync request of the examples, as the Rust host's benchmark and CLI make it. */
export function exampleSyncRequest(overrides = {}) {
  return {
    issueJson: example('issue.json'),
    page: example('page.xml'),
    base: example('page-base.xml'),
    pageVersion: 2,
    provider: 'offline',
    model: 'offline-template',
    relatedLimit: 3,
    ...overrides,
  };
}

/** A temporary directory removed by `t.after`. */
export function tempDir(t, prefix = 'synco-js-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A tenant on a fresh SQLite file: its KMS (a random data key unless given), capabilities with a
 * fixed clock and seeded randomness, and an engine bound to them.
 */
export async function tenantEngine(t, { tenant = 'local', dataKey, now = 1_700_000_000_000, seed = 7, config, egress, fetch, baseUrl, operatorToken, logger, auditKey } = {}) {
  const dir = tempDir(t);
  let clock = now;
  const kvs = new SqliteKvs(join(dir, 'kvs.db'), { installation: tenant, now: () => clock });
  t.after(() => kvs.close());
  const kms = await WebCryptoKms.fromDataKey(tenant, dataKey ?? globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const entropy = new SeededEntropy(seed);
  const sent = [];
  const capabilities = createForgeCapabilities({
    tenant,
    kms,
    kvs,
    now: () => clock,
    random: (n) => entropy.bytes(n),
    config,
    egress,
    fetch,
    baseUrl,
    operatorToken,
    logger,
    auditKey,
    egressTap: sent,
  });
  const engine = await loadEngine({ capabilities });
  return {
    engine,
    capabilities,
    kvs,
    kms,
    sent,
    dir,
    setClock: (ms) => {
      clock = ms;
    },
  };
}
