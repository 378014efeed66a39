// Why this file exists: turns the built component (the same bytes wasmtime runs) into JavaScript
// with jco, and inlines its core wasm modules as base64 so that the engine loads without reading a
// file at run time (a Forge function is bundled into one file). jco itself only inlines core wasm
// (`--base64-cutoff`) when it also binds the imports at build time; with `--instantiation async`,
// which lets the host pass its imports per instance, it leaves `*.core*.wasm` files for a
// `getCoreModule` callback to load, so this script embeds those files in `core-wasm.js` instead.
//
// Usage: node scripts/transpile.js [--if-stale] [--out DIR] [component.wasm]   (or SYNCO_COMPONENT=path)
// Default: ../target/wasm32-wasip2/release/synco_guest.wasm relative to js/, written to
// engine-gen/ (another DIR holds another component for the `transpiled` option of loadEngine,
// e.g. the hostile test component). With --if-stale
// (npm's pretest), nothing is done when engine-gen/ already holds this component transpiled by this
// version of the script and its glue rewrites (scripts/glue-patches.js), or when there is no
// component but engine-gen/ exists.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { transpile } from '@bytecodealliance/jco';

import { patchGenerated } from './glue-patches.js';

const jsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The command line: `--if-stale`, `--out DIR` and at most one component path; nothing else. */
function parseArgs(argv) {
  const parsed = { ifStale: false, out: null, component: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--if-stale') parsed.ifStale = true;
    else if (arg === '--out') {
      const dir = argv[++i];
      if (!dir || dir.startsWith('--')) fail('--out needs a directory');
      parsed.out = dir;
    } else if (arg.startsWith('--')) fail(`unknown option ${arg} (expected --if-stale or --out DIR)`);
    else if (parsed.component) fail(`one component only, not both ${parsed.component} and ${arg}`);
    else parsed.component = arg;
  }
  return parsed;
}

function fail(message) {
  console.error(`transpile: ${message}`);
  process.exit(1);
}

const options = parseArgs(process.argv.slice(2));
const ifStale = options.ifStale;
const outDir = options.out ? resolve(options.out) : join(jsRoot, 'engine-gen');
const fromHere = relative(process.cwd(), outDir);
const outName = fromHere && !fromHere.startsWith('..') ? fromHere : outDir;
const component = resolve(options.component ?? process.env.SYNCO_COMPONENT ?? join(jsRoot, '..', 'target', 'wasm32-wasip2', 'release', 'synco_guest.wasm'));

const generated = join(outDir, 'core-wasm.js');

// The directory is replaced whole; refuse one this script did not write (a mistyped --out). The
// marker is written first, so a run that failed half-way leaves a directory the next run replaces.
const marker = join(outDir, '.written-by-transpile');
if (existsSync(outDir)) {
  if (!statSync(outDir).isDirectory()) fail(`${outDir} is a file, not a directory`);
  if (readdirSync(outDir).length > 0 && !existsSync(marker) && !existsSync(generated)) {
    fail(`${outDir} is not empty and was not written by this script, so it is left alone`);
  }
}

let bytes;
try {
  bytes = readFileSync(component);
} catch (e) {
  if (ifStale && existsSync(generated)) {
    console.log(`transpile: no component at ${component}; keeping the existing ${outName}`);
    process.exit(0);
  }
  console.error(`transpile: cannot read the component ${component}: ${e.message}`);
  console.error('transpile: build it first (cargo xtask build) or pass its path / set SYNCO_COMPONENT');
  process.exit(1);
}

const sha256 = createHash('sha256').update(bytes).digest('hex');
// What wrote the output: this script and its glue rewrites, so a changed rewrite regenerates an
// engine-gen/ that --if-stale would otherwise keep for an unchanged component.
const generatorTag = `generator sha256 ${createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(jsRoot, 'scripts', 'glue-patches.js')))
  .digest('hex')}`;
const upToDate = (text) => text.includes(`componentSha256 = ${JSON.stringify(sha256)}`) && text.includes(generatorTag);
if (ifStale && existsSync(generated) && upToDate(readFileSync(generated, 'utf8'))) {
  console.log(`transpile: ${outName} is up to date (${sha256.slice(0, 16)}…)`);
  process.exit(0);
}

// The same as `jco transpile <component> --name synco --instantiation async`.
const { files } = await transpile(bytes, { name: 'synco', instantiation: 'async', quiet: true });

// Everything is made before the old output goes, so a failed rewrite (scripts/glue-patches.js)
// stops the run loudly and leaves the previous output as it was.
if (!Object.hasOwn(files, 'synco.js')) fail('jco wrote no synco.js; review scripts/transpile.js');
const modules = {};
const outputs = [];
for (const [name, content] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  if (name.endsWith('.wasm')) {
    // Inlined below; never written, so nothing can load it from disk by accident.
    modules[name] = Buffer.from(content).toString('base64');
    continue;
  }
  let text = content;
  if (/\.[cm]?js$/.test(name)) {
    try {
      text = patchGenerated(name, Buffer.from(content).toString('utf8'));
    } catch (e) {
      fail(e.message.replace(/^transpile: /, ''));
    }
  }
  outputs.push([name, text]);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
writeFileSync(marker, 'Written by js/scripts/transpile.js, which replaces this directory whole on its next run.\n');
for (const [name, text] of outputs) {
  const target = join(outDir, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

const lines = [
  '// Generated by scripts/transpile.js: the core wasm modules of the Sync-o component, base64.',
  `export const componentSha256 = ${JSON.stringify(sha256)};`,
  `// ${generatorTag}`,
  'export const coreModules = {',
  ...Object.entries(modules).map(([name, b64]) => `  ${JSON.stringify(name)}: ${JSON.stringify(b64)},`),
  '};',
  '',
];
writeFileSync(join(outDir, 'core-wasm.js'), lines.join('\n'));
writeFileSync(
  join(outDir, 'core-wasm.d.ts'),
  'export const componentSha256: string;\nexport const coreModules: Record<string, string>;\n',
);
console.log(`transpile: ${component} (sha256 ${sha256.slice(0, 16)}…) → ${outDir}, ${Object.keys(modules).length} core modules inlined`);
