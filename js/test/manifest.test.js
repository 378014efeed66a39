// Why this file exists: checks the Forge app's manifest with Atlassian's own validator
// (@forge/manifest's `validate`, the schema and rules the Forge CLI's lint uses; it runs offline),
// checks that a broken manifest is caught, and that the function's egress list is the manifest's.

import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { validate } from '@forge/manifest';
import { parse } from 'yaml';

import { allowListFromManifest } from '../src/egress.js';
import { JS_ROOT, tempDir } from './support/fixtures.js';

const MANIFEST = join(JS_ROOT, 'forge-app/manifest.yml');

test('the Forge app manifest passes @forge/manifest validation without errors or warnings', async () => {
  const result = await validate(false, MANIFEST);
  assert.deepEqual(result.errors ?? [], []);
  assert.equal(result.success, true);
});

test('the manifest triggers the engine function on issue updates with the scopes and egress the app needs', () => {
  const manifest = parse(readFileSync(MANIFEST, 'utf8'));
  const [trigger] = manifest.modules.trigger;
  assert.deepEqual(trigger.events, ['avi:jira:updated:issue']);
  assert.equal(manifest.modules.function.find((f) => f.key === trigger.function).handler, 'index.handler');
  assert.deepEqual([...manifest.permissions.scopes].sort(), ['read:confluence-content.all', 'read:jira-work', 'storage:app', 'write:confluence-content']);
  assert.deepEqual(allowListFromManifest(manifest), ['europe-west1-aiplatform.googleapis.com', 'oauth2.googleapis.com']);
});

test('uninstalling the app calls the function that deletes the installation\'s data', () => {
  const manifest = parse(readFileSync(MANIFEST, 'utf8'));
  const [hook] = manifest.modules.preUninstall;
  assert.equal(manifest.modules.function.find((f) => f.key === hook.function).handler, 'index.preUninstall');
  assert.match(readFileSync(join(JS_ROOT, 'forge-app/src/index.js'), 'utf8'), /export async function preUninstall\(/);
});

test('the function enforces the same egress list as its manifest', () => {
  const manifest = parse(readFileSync(MANIFEST, 'utf8'));
  const source = readFileSync(join(JS_ROOT, 'forge-app/src/index.js'), 'utf8');
  const list = JSON.parse(/const EGRESS = (\[[^\]]*\]);/.exec(source)[1].replaceAll("'", '"'));
  assert.deepEqual(list, allowListFromManifest(manifest));
});

test('a manifest with an unknown scope or a missing handler file is refused by the validator', async (t) => {
  const dir = tempDir(t);
  cpSync(join(JS_ROOT, 'forge-app/src'), join(dir, 'src'), { recursive: true });
  copyFileSync(MANIFEST, join(dir, 'manifest.yml'));
  const text = readFileSync(MANIFEST, 'utf8');
  writeFileSync(join(dir, 'manifest.yml'), text.replace('handler: index.handler', 'handler: missing.handler'));
  const missing = await validate(false, join(dir, 'manifest.yml'));
  assert.equal(missing.success, false);
  assert.ok(missing.errors.some((e) => e.level === 'error' && /missing/.test(e.message)));
  writeFileSync(join(dir, 'manifest.yml'), text.replace('- storage:app', '- storage:everything'));
  const scope = await validate(false, join(dir, 'manifest.yml'));
  assert.equal(scope.success, false, JSON.stringify(scope.errors));
});
