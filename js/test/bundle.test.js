// Why this file exists: a Forge function ships as one bundled JavaScript file, so the engine must
// load without reading any file at run time. This bundles a small Forge-style handler with esbuild
// into one file, copies it to a directory outside the source tree, and runs it with Node's
// permission model allowing reads of that one file only: any other file read (a .wasm next to the
// bindings, a node_modules lookup) would fail the run. Its result must equal the in-process one.
// It also bundles the Forge app's real handler (with @forge/* left to the Forge runtime).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { build } from 'esbuild';

import { loadEngine } from '../src/engine.js';
import { JS_ROOT, examplePages, exampleSyncRequest, tempDir, tenantEngine } from './support/fixtures.js';

async function bundle(entry, outfile, options = {}) {
  await build({
    entryPoints: entry === undefined ? undefined : [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    loader: { '.json': 'text', '.xml': 'text' },
    logLevel: 'silent',
    ...options,
  });
}

test('a Forge-style handler bundled by esbuild runs from one file outside the source tree without reading any other file', async (t) => {
  const work = tempDir(t, 'synco-bundle-build-');
  const built = join(work, 'handler.mjs');
  await bundle(join(JS_ROOT, 'test/fixtures/forge-style-handler.js'), built);
  const runDir = tempDir(t, 'synco-bundle-run-');
  const copy = join(runDir, 'function.mjs');
  copyFileSync(built, copy);
  assert.ok(statSync(copy).size > 2_000_000, 'the core wasm is inside the bundle');

  const stdout = execFileSync(process.execPath, ['--experimental-permission', `--allow-fs-read=${copy}`, '--no-warnings', copy], {
    cwd: runDir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  const result = JSON.parse(stdout);

  const { engine } = await tenantEngine(t);
  for (const page of examplePages()) await engine.indexPage(page);
  const expected = await engine.sync(exampleSyncRequest());
  assert.equal(result.syncId, expected.syncId);
  assert.equal(result.page, expected.page, 'the bundled engine writes the same page');
  // Related pages: properties that hold whatever the ranking's numbers (the numbers themselves are
  // pinned by the golden sync vectors), then equality with the in-process run of the same component.
  assert.equal(result.related.length, 3, 'relatedLimit 3 of five indexed pages');
  const ids = examplePages().map((p) => p.id);
  assert.equal(new Set(result.related.map((r) => r.pageId)).size, 3);
  for (const r of result.related) {
    assert.ok(ids.includes(r.pageId), `${r.pageId} is an indexed page`);
    assert.ok(Number.isFinite(r.score), `${r.pageId}: finite score`);
  }
  assert.deepEqual(result.related, expected.related.map((r) => ({ pageId: r.pageId, score: r.score })), 'the same pages and scores as in process');
  assert.equal(result.redacted, 'Mail [EMAIL_1] or call [PHONE_1]');
  assert.equal(result.component, (await loadEngine()).componentSha256);
});

test('the isolated engine bundles into a handler and a worker file and runs from those two files alone', async (t) => {
  const work = tempDir(t, 'synco-bundle-isolated-');
  await bundle(undefined, undefined, {
    entryPoints: { handler: join(JS_ROOT, 'test/fixtures/isolated-handler.js'), 'isolated-worker': join(JS_ROOT, 'src/isolated-worker.js') },
    outdir: work,
  });
  const runDir = tempDir(t, 'synco-bundle-isolated-run-');
  const files = ['handler.js', 'isolated-worker.js'].map((name) => {
    copyFileSync(join(work, name), join(runDir, name));
    return join(runDir, name);
  });
  // The bundles are ES modules without a package.json beside them to say so.
  const node = (extra) => [
    '--experimental-permission',
    '--experimental-default-type=module',
    ...files.map((f) => `--allow-fs-read=${f}`),
    ...extra,
    '--no-warnings',
    files[0],
  ];
  const stdout = execFileSync(process.execPath, node(['--allow-worker']), { cwd: runDir, encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.deepEqual(JSON.parse(stdout), { summary: '1 paragraph changed', redacted: 'Mail [EMAIL_1]' });
  assert.throws(() => execFileSync(process.execPath, node([]), { cwd: runDir, stdio: 'pipe' }), /ERR_ACCESS_DENIED/, 'without --allow-worker no thread starts');
});

test('a bundle that reads another file is stopped by the same permission check, so the check has teeth', async (t) => {
  const runDir = tempDir(t, 'synco-bundle-teeth-');
  const script = join(runDir, 'reads.mjs');
  copyFileSync(join(JS_ROOT, 'test/fixtures/forge-style-handler.js'), join(runDir, 'unused.js'));
  const source = `import { readFileSync } from 'node:fs'; readFileSync(${JSON.stringify(join(runDir, 'unused.js'))});`;
  await bundle('stdin', script, { stdin: { contents: source, resolveDir: runDir, loader: 'js' }, entryPoints: undefined });
  assert.throws(() => execFileSync(process.execPath, ['--experimental-permission', `--allow-fs-read=${script}`, '--no-warnings', script], { stdio: 'pipe' }), /ERR_ACCESS_DENIED/);
});

test('the Forge app handler bundles into one file with the engine inlined', async (t) => {
  const out = join(tempDir(t), 'index.mjs');
  await bundle(join(JS_ROOT, 'forge-app/src/index.js'), out, { external: ['@forge/api', '@forge/kvs'] });
  const text = readFileSync(out, 'utf8');
  assert.match(text, /export\s*{[^}]*handler/);
  assert.ok(text.length > 2_000_000);
  assert.doesNotMatch(text, /better-sqlite3/, 'no native addon in the function');
});

test('the bundled Forge app deletes the installation\'s data when Forge calls its preUninstall function', async (t) => {
  const out = join(tempDir(t), 'app.mjs');
  const stubs = join(JS_ROOT, 'test/fixtures/forge-stubs');
  await bundle(join(JS_ROOT, 'forge-app/src/index.js'), out, { alias: { '@forge/kvs': join(stubs, 'kvs.js'), '@forge/api': join(stubs, 'api.js') } });
  const app = await import(out);
  const { rows, secrets } = globalThis.forgeKvsStub;
  rows.set('v:s:page-index:page#1001', { v: 'sealed excerpt' });
  rows.set('v:s:page-index:page#big', { n: 1, gen: 'abcd1234', size: 3, sha256: 'x' });
  rows.set('c:s:page-index:page#big:abcd1234:0', 'AAAA');
  rows.set('synco:config', { provider: 'openai' });
  rows.set('synco:link:PAY-142', { pageId: '42' });
  rows.set('v:audit:rec:000000000001', { v: { seq: 1 } });
  secrets.set('synco:data-key', { masterVersion: 1, wrapped: 'AAAA' });
  secrets.set('synco:credential:openai', 'sealed');
  assert.deepEqual(await app.preUninstall({}, {}), { records: 2, settings: 2 });
  assert.deepEqual([...rows.keys()], ['v:audit:rec:000000000001'], 'only the audit trail is left');
  assert.equal(secrets.size, 0, 'no data key or credential is left');
});
