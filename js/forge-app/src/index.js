// Why this file exists: the Forge function the manifest's trigger calls when a Jira issue is
// updated. It reads the issue and the Confluence page linked to it, runs the Sync-o engine (the
// same WebAssembly component as the wasmtime host, inlined in the bundle) with capabilities backed
// by Forge: KVS and its secrets for storage and keys, `fetch` within the manifest's egress list
// for the model, and writes the result as a new page version whose message names the sync. Its
// `preUninstall` function, which Forge calls when the app is uninstalled, deletes the
// installation's data (promise P7).
//
// Configuration (Forge variables, `forge variables set --encrypt`):
//   SYNCO_MASTER_KEY_V<N>  base64 of a 32-byte master key (the highest N wraps new data keys)
//   SYNCO_VERTEX_SERVICE_ACCOUNT  the operator's Google service-account key file (its JSON text),
//                          whose tokens the function mints and renews (only for vertex-gemini)
//   SYNCO_VERTEX_TOKEN     or a fixed Vertex AI access token instead (it lasts an hour)
// Per installation (KVS): `synco:config` = {provider, model, region, account, plan, embedder};
// `synco:link:<ISSUE-KEY>` = {pageId}: which page the issue is synced into.

import api, { route } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';

import { ServiceAccountTokens, createForgeCapabilities, fromForgeKvs, loadEngine, openTenantKms, uninstallTenant } from '../../src/index.js';

/** Mirrors manifest.yml `permissions.external.fetch.backend`; the function enforces it too. */
const EGRESS = ['europe-west1-aiplatform.googleapis.com', 'oauth2.googleapis.com'];
/** Forge's limit for an event-triggered function is longer; stay well inside it. */
const DEADLINE_MS = 25_000;

/** The master keys from the environment: `SYNCO_MASTER_KEY_V<N>` → {N: bytes}. */
function masterKeys(env) {
  const keys = {};
  for (const [name, value] of Object.entries(env)) {
    const m = /^SYNCO_MASTER_KEY_V(\d+)$/.exec(name);
    if (m && value) keys[Number(m[1])] = new Uint8Array(Buffer.from(value, 'base64'));
  }
  return keys;
}

/** The audit key from the environment (`SYNCO_AUDIT_KEY`, 32 bytes in base64), if set; a value
 * that is not 32 bytes is refused (by AuditLog) rather than silently leaving records untagged. */
function auditKey(env) {
  return env.SYNCO_AUDIT_KEY === undefined ? undefined : new Uint8Array(Buffer.from(env.SYNCO_AUDIT_KEY, 'base64'));
}

/** The minter of the service account in `SYNCO_VERTEX_SERVICE_ACCOUNT`, kept across the
 * invocations a warm function serves so a token is minted about once an hour, not per event. */
let serviceAccount;

/** The operator's Vertex AI credential: minted from the service account, else the fixed token;
 * both set is refused, as in the Rust host. */
function vertexCredential(env) {
  if (env.SYNCO_VERTEX_SERVICE_ACCOUNT === undefined) return env.SYNCO_VERTEX_TOKEN;
  if (env.SYNCO_VERTEX_TOKEN !== undefined) throw new Error('set SYNCO_VERTEX_SERVICE_ACCOUNT or SYNCO_VERTEX_TOKEN, not both');
  serviceAccount ??= new ServiceAccountTokens(env.SYNCO_VERTEX_SERVICE_ACCOUNT);
  return serviceAccount;
}

/** The installation's store. `@forge/kvs` 1.6.5 (package.json) honours keyPolicy
 * FAIL_IF_EXISTS, so the audit chain stays linear. */
const installationStore = () => fromForgeKvs(kvs, WhereConditions, { createOnly: true });

/** A tenant id from the installation context (`ari:cloud:jira::site/<id>` → `ari:cloud:jira::site.<id>`). */
function tenantOf(context) {
  return String(context?.installContext ?? 'local').replace(/[^A-Za-z0-9._:-]/g, '.').slice(0, 128);
}

async function json(response, what) {
  if (!response.ok) throw new Error(`${what}: status ${response.status}`);
  return response.json();
}

/** The trigger's handler: `avi:jira:updated:issue`. */
export async function handler(event, context) {
  const issueKey = event?.issue?.key;
  if (!issueKey) return { skipped: 'no issue in the event' };
  const store = installationStore();
  const link = await store.get(`synco:link:${issueKey}`);
  if (!link?.pageId) return { skipped: `issue ${issueKey} is not linked to a page` };

  const tenant = tenantOf(context);
  const kms = await openTenantKms({ kvs: store, tenant, masterKeys: masterKeys(process.env) });
  const config = (await store.get('synco:config')) ?? { provider: 'offline', model: 'offline-template', region: 'local' };
  const capabilities = createForgeCapabilities({
    tenant,
    kms,
    kvs: store,
    config,
    egress: EGRESS,
    // Only a Vertex AI tenant needs (or can be failed by) the operator's Vertex credential.
    operatorToken: config.provider === 'vertex-gemini' ? vertexCredential(process.env) : undefined,
    auditKey: auditKey(process.env),
    logger: (level, line) => console[level === 'warn' ? 'warn' : 'log'](line),
  });
  const engine = await loadEngine({ capabilities, deadlineMs: DEADLINE_MS });

  const issue = await api.asApp().requestJira(route`/rest/api/3/issue/${issueKey}`, { headers: { Accept: 'application/json' } });
  if (!issue.ok) throw new Error(`reading ${issueKey}: status ${issue.status}`);
  const issueJson = await issue.text();
  const page = await json(await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${link.pageId}?body-format=storage`), `reading page ${link.pageId}`);
  const version = page.version.number;

  // The base of the three-way merge is the version Sync-o last wrote, read back from Confluence's
  // history: page bodies are never stored by the app (P7).
  const written = await store.get(`synco:written:${link.pageId}`);
  let base;
  if (written?.version && written.version !== version) {
    const old = await json(
      await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${link.pageId}?body-format=storage&version=${written.version}`),
      `reading page ${link.pageId} v${written.version}`,
    );
    base = old.body.storage.value;
  }

  const outcome = await engine.sync({
    issueJson,
    page: page.body.storage.value,
    base,
    pageVersion: version,
    provider: config.provider,
    model: config.model,
    relatedLimit: 3,
  });
  if (written?.syncId === outcome.syncId || outcome.review.changedBlocks === 0) {
    return { syncId: outcome.syncId, skipped: 'nothing to change' };
  }
  const update = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${link.pageId}`, {
    method: 'PUT',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: link.pageId,
      status: 'current',
      title: page.title,
      body: { representation: 'storage', value: outcome.page },
      version: { number: version + 1, message: outcome.versionMessage },
    }),
  });
  await json(update, `updating page ${link.pageId}`);
  await store.set(`synco:written:${link.pageId}`, { version: version + 1, syncId: outcome.syncId });
  return { syncId: outcome.syncId, version: version + 1, changed: outcome.review.summary, conflicts: outcome.conflicts, auditId: outcome.auditId };
}

/** The `preUninstall` module's function: deletes the installation's data at once (promise P7),
 * its data key first, so even a run cut off by Forge's 55-second limit leaves nothing that can be
 * opened. Forge ignores the result and uninstalls whatever happens. */
export async function preUninstall() {
  return uninstallTenant({ kvs: installationStore() });
}
