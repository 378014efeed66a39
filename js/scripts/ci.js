// Why this file exists: the one command `cargo xtask test` runs for the Node host, so CI does the
// same three steps every time: install the locked dependencies when they are missing or stale,
// transpile the component under test, and run the whole `node --test` suite, printing how many
// tests ran. Exit status: 0 when every test passed, otherwise non-zero.
//
// Usage (from anywhere):  node js/scripts/ci.js     or, in js/:  npm run ci
// Environment: SYNCO_COMPONENT = the component to test (relative paths are taken from the caller's
// working directory, also under `npm run`); default ../target/wasm32-wasip2/release/synco_guest.wasm
// relative to js/. A missing component is an error here (the test's `pretest` would quietly keep an
// old engine-gen/). SYNCO_HOSTILE_COMPONENT = the hostile test component, which
// test/hostile.test.js then requires (`cargo xtask test` sets both).
//
// - `npm ci` runs only when node_modules/ is missing, or package-lock.json is newer than the
//   install (npm writes node_modules/.package-lock.json at the end of every install).
// - The transpile step is skipped when engine-gen/ already holds exactly this component (sha256).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const jsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const callerCwd = process.env.INIT_CWD ?? process.cwd();

function run(command, args, options = {}) {
  console.log(`ci: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: jsRoot, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function fail(message) {
  console.error(`ci: ${message}`);
  process.exit(1);
}

// 1. Dependencies.
const lock = join(jsRoot, 'package-lock.json');
const installed = join(jsRoot, 'node_modules', '.package-lock.json');
const why = !existsSync(join(jsRoot, 'node_modules'))
  ? 'node_modules/ is missing'
  : !existsSync(installed)
    ? 'node_modules/ has no record of an install'
    : statSync(lock).mtimeMs > statSync(installed).mtimeMs
      ? 'package-lock.json is newer than the install'
      : null;
if (why) {
  console.log(`ci: ${why}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (run(npm, ['ci', '--no-audit', '--no-fund']) !== 0) fail('npm ci failed');
} else {
  console.log('ci: node_modules/ is up to date with package-lock.json');
}

// 2. The component.
const component = process.env.SYNCO_COMPONENT
  ? resolve(callerCwd, process.env.SYNCO_COMPONENT)
  : join(jsRoot, '..', 'target', 'wasm32-wasip2', 'release', 'synco_guest.wasm');
if (!existsSync(component)) fail(`no component at ${component} (build it, or set SYNCO_COMPONENT)`);
if (run(process.execPath, [join(jsRoot, 'scripts', 'transpile.js'), '--if-stale', component]) !== 0) fail('transpile failed');

// The hostile test component (test/hostile.test.js), when named, with its path made absolute too.
const hostile = process.env.SYNCO_HOSTILE_COMPONENT ? { SYNCO_HOSTILE_COMPONENT: resolve(callerCwd, process.env.SYNCO_HOSTILE_COMPONENT) } : {};

// 3. The tests: the usual report on stdout, and a TAP copy to count from.
const files = readdirSync(join(jsRoot, 'test')).filter((f) => f.endsWith('.test.js')).sort().map((f) => join('test', f));
const scratch = mkdtempSync(join(tmpdir(), 'synco-ci-'));
const tap = join(scratch, 'report.tap');
let status;
try {
  status = run(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], {
    env: { ...process.env, SYNCO_COMPONENT: component, ...hostile },
  });
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? NaN);
  const [tests, pass, fail_, skipped, todo, cancelled] = ['tests', 'pass', 'fail', 'skipped', 'todo', 'cancelled'].map(count);
  if (Number.isNaN(tests)) {
    console.log(`ci: the test run ended without a summary (exit status ${status})`);
  } else {
    console.log(`ci: ${tests} tests in ${files.length} files: ${pass} passed, ${fail_} failed, ${skipped} skipped, ${todo} todo, ${cancelled} cancelled`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status === 0 ? 0 : 1);
