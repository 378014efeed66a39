// Why this file exists: the JavaScript host against the hostile test component
// (tests/hostile-guest, the one the wasmtime host's sandbox tests attack with): a guest that loops
// forever without calling the host is stopped at the isolated engine's deadline, a memory bomb
// hits the memory cap, a panic and runaway recursion end in EngineTrap, a result over 5 MiB is
// refused as the Rust host refuses it, and after each the same engine serves the next call. The component is transpiled here into a temporary directory
// (`scripts/transpile.js --out`) and loaded with the `transpiled` option.
//
// `cargo xtask test` builds the component and sets SYNCO_HOSTILE_COMPONENT; then it must exist.
// Run on its own (`npm test`) without a built component, this file is skipped.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

import { DeadlineError, EngineTrap, MemoryLimitError, OutputTooLargeError, loadEngine } from '../src/engine.js';
import { loadIsolatedEngine } from '../src/isolated.js';
import { JS_ROOT, REPO_ROOT, exampleSyncRequest, tenantEngine } from './support/fixtures.js';

const required = process.env.SYNCO_HOSTILE_COMPONENT;
const component = required ? resolve(required) : join(REPO_ROOT, 'target', 'wasm32-wasip2', 'release', 'synco_hostile_guest.wasm');
if (required && !existsSync(component)) throw new Error(`SYNCO_HOSTILE_COMPONENT names ${component}, which does not exist`);
const skip = existsSync(component) ? false : `no hostile component at ${component} (cargo xtask build makes it)`;

let transpiled;

before(() => {
  if (skip) return;
  transpiled = mkdtempSync(join(tmpdir(), 'synco-hostile-'));
  execFileSync(process.execPath, [join(JS_ROOT, 'scripts', 'transpile.js'), '--out', transpiled, component], { stdio: 'pipe' });
});

after(() => {
  if (transpiled) rmSync(transpiled, { recursive: true, force: true });
});

/** The hostile sync export obeys the command it finds in `issueJson`. */
const command = (cmd) => exampleSyncRequest({ issueJson: cmd });

test('a hostile guest that loops forever is stopped at the deadline, and the same engine serves the next call', { skip }, async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await loadIsolatedEngine({ transpiled, capabilities, deadlineMs: 1000 });
  t.after(() => engine.close());
  assert.equal((await engine.sync(command('ok'))).page, 'ok');
  assert.equal(engine.workersStarted, 1);
  await assert.rejects(engine.sync(command('loop')), (e) => e instanceof DeadlineError && /deadline of 1000 ms/.test(e.message));
  assert.equal((await engine.sync(command('ok'))).page, 'ok');
  assert.equal(engine.workersStarted, 2, 'the stopped worker was replaced');
});

test('calls queue behind a hostile call that is stopped at its deadline', { skip }, async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await loadIsolatedEngine({ transpiled, capabilities, deadlineMs: 1000 });
  t.after(() => engine.close());
  const looping = engine.sync(command('loop'));
  const next = engine.sync(command('ok'));
  await assert.rejects(looping, DeadlineError);
  assert.equal((await next).page, 'ok');
});

test('a hostile guest that hoards memory hits the cap, in the worker and in-thread', { skip }, async (t) => {
  const { capabilities } = await tenantEngine(t);
  const cap = 64 * 1024 * 1024;
  const isolated = await loadIsolatedEngine({ transpiled, capabilities, memoryLimitBytes: cap });
  t.after(() => isolated.close());
  await assert.rejects(isolated.sync(command('alloc')), (e) => e instanceof MemoryLimitError && e.limitBytes === cap);
  assert.equal((await isolated.sync(command('ok'))).page, 'ok');
  const inThread = await loadEngine({ transpiled, capabilities, memoryLimitBytes: cap });
  await assert.rejects(inThread.sync(command('alloc')), (e) => e instanceof MemoryLimitError && e.limitBytes === cap);
  assert.equal((await inThread.sync(command('ok'))).page, 'ok');
});

test('a hostile guest that panics or recurses without end traps that call only', { skip }, async (t) => {
  const { capabilities } = await tenantEngine(t);
  const engine = await loadEngine({ transpiled, capabilities });
  assert.notEqual(engine.componentSha256, (await loadEngine()).componentSha256, 'the hostile component, not the engine');
  await assert.rejects(engine.sync(command('panic')), (e) => e instanceof EngineTrap && /unreachable/.test(e.message));
  await assert.rejects(engine.sync(command('recurse')), (e) => e instanceof EngineTrap && /out of bounds/.test(e.message));
  await assert.rejects(engine.sync(command('recurse-wasm')), (e) => e instanceof EngineTrap && /stack overflow/.test(e.message));
  assert.equal((await engine.sync(command('ok'))).page, 'ok');
});

test('a hostile guest result over 5 MiB is refused with the rust host output-too-large error, in-thread and isolated', { skip }, async (t) => {
  // As tests/tests/hostile_guest.rs: `huge-output` returns an 8 MiB page; the Rust host answers
  // SandboxError::OutputTooLarge, "the result is {size} bytes; the limit is 5242880 bytes".
  const { capabilities } = await tenantEngine(t);
  const refused = (e) => {
    assert.ok(e instanceof OutputTooLargeError, e);
    assert.ok(e.size >= 8 * 1024 * 1024, String(e.size));
    assert.equal(e.limit, 5 * 1024 * 1024);
    assert.equal(e.message, `the result is ${e.size} bytes; the limit is ${5 * 1024 * 1024} bytes`);
    return true;
  };
  const inThread = await loadEngine({ transpiled, capabilities });
  await assert.rejects(inThread.sync(command('huge-output')), refused);
  assert.equal((await inThread.sync(command('ok'))).page, 'ok');
  const isolated = await loadIsolatedEngine({ transpiled, capabilities });
  t.after(() => isolated.close());
  await assert.rejects(isolated.sync(command('huge-output')), refused);
  assert.equal((await isolated.sync(command('ok'))).page, 'ok');
});
