// Why this file exists: the JavaScript host lists the contract's capability functions once
// (src/contract.js); this holds that list to the WIT contract itself, so a function added to
// wit/engine.wit cannot be missed by the host's imports.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CAPABILITY_FUNCTIONS, capabilityImports } from '../src/contract.js';
import { REPO_ROOT } from './support/fixtures.js';

/** jco's name for a WIT function: kebab-case to camelCase (a `%` escaping a keyword dropped). */
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** The functions of every interface the world imports, read from the WIT text. */
function witImports() {
  const wit = readFileSync(join(REPO_ROOT, 'wit/engine.wit'), 'utf8');
  const imported = [...wit.matchAll(/^\s*import ([a-z-]+);/gm)].map((m) => m[1]);
  return Object.fromEntries(
    imported.map((iface) => {
      const body = wit.match(new RegExp(`^interface ${iface} \\{([\\s\\S]*?)^\\}`, 'm'));
      assert.ok(body, `interface ${iface} is in wit/engine.wit`);
      return [iface, [...body[1].matchAll(/^\s*%?([a-z-]+): func\(/gm)].map((m) => camel(m[1]))];
    }),
  );
}

test('the capability functions are exactly the functions of the interfaces the world imports', () => {
  assert.deepEqual(CAPABILITY_FUNCTIONS, witImports());
});

test('the imports built from the list call the handler with the interface, function and arguments', () => {
  const calls = [];
  const imports = capabilityImports((iface, fn, args) => calls.push([iface, fn, args]));
  imports['synco:engine/store'].put('ns', 'k', new Uint8Array([1]), 60n);
  imports['synco:engine/clock'].now();
  assert.deepEqual(calls, [['store', 'put', ['ns', 'k', new Uint8Array([1]), 60n]], ['clock', 'now', []]]);
  assert.deepEqual(Object.keys(imports), Object.keys(CAPABILITY_FUNCTIONS).map((i) => `synco:engine/${i}`));
});
