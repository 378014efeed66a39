// Why this file exists: calls per second of `redact`, `rank` and a ranking-index `search` through
// the component in Node, on inputs the Rust side can rebuild exactly, so the wasmtime figures can be
// put next to these and their ratio printed (goal: Node within 2× of wasmtime).
//
// Inputs (rebuild them identically in Rust). Numbers come from xorshift32 (Marsaglia 2003:
// x ^= x << 13; x ^= x >>> 17; x ^= x << 5, on u32) seeded with 2463534242; each number steps the
// generator once and takes the new state x as f32 = (x >> 8) / 16777216 * 2 - 1 (exact in f32, in
// [-1, 1)). Both vector figures use one stream from that seed; the query is its first 256 numbers.
// - rank: `ranking.top-k(query, candidates, 10)` over 1,000 candidates × 256 dimensions: candidate
//   i (0…999) takes the next 256 numbers, id `c` + i zero-padded to 4 digits (`c0000`). The
//   candidate list crosses the component boundary on every call. Check: top-3 ids
//   c0801, c0748, c0180; the sum (f64, stream order) of the 256,256 numbers.
// - index_search: `index.search([query], exact)` on one `ranking.index` of 10,000 entries × 256
//   dimensions, built once before timing (`new index(256)`, one `add` of all 10,000; not timed).
//   Entry i (0…9999) takes the next 256 numbers after the query (so entries 0…999 have the rank
//   candidates' vectors), id `p` + i zero-padded to 5 digits (`p00000`), space `BENCH`, labels [],
//   updated-at 0, text "". The one query: vector = the query, text "", k 10, filter
//   {spaces: [], labels: [], updated-after: none}, mode vector, diversity none; scan exact. Check:
//   top-3 ids p00801, p02089, p01042; the sum (f64, stream order) of the 2,560,256 numbers.
// - redact: per call, a new redactor with the default policy (nothing disabled, allowed or custom)
//   and no people, `redact(REDACT_TEXT)` once, then `counts()`, then the redactor is dropped.
//
// Each is measured on one reused instance ("warm"); redact and rank also with a fresh instance per
// call ("fresh", as the Rust host instantiates per request).
//
// What isolation costs: redact (as above), the diff of examples/page-base.xml → page.xml, and the
// offline sync of examples/issue.json (as test/engine.test.js makes it, on a SQLite KVS in a
// temporary directory, fixed clock, seeded randomness) are also timed through the isolated engine
// (src/isolated.js, a worker thread), beside the in-thread engine in the same run; the ratio is
// isolated time per call ÷ in-thread. In-thread, the sync replays (the KVS answers by promises);
// isolated, its capability calls cross the thread bridge instead. Usage:
//   node bench/bench.js [--seconds N] [--json]
//
// SYNCO_WASMTIME_BENCH=<file.json> adds the Node/wasmtime ratios. The file, written by the Rust
// side from the wasmtime host (warm: one instance reused for all calls of a figure), is:
//   {
//     "redact_per_s": 51234.5,          // calls/s, number (required for its ratio)
//     "rank_per_s": 4321.0,             // calls/s
//     "index_search_per_s": 987.6,      // calls/s
//     "inputs": {                       // what was measured, one sentence each (printed as is)
//       "redact": "default policy, no people, REDACT_TEXT once, counts()",
//       "rank": "xorshift32 2463534242, top-k 10 of 1,000 × 256",
//       "index_search": "xorshift32 2463534242, index of 10,000 × 256, one vector query, k 10, exact"
//     },
//     "checks": {                       // optional: compared with Node's; a mismatch is reported
//       "rank_top3": ["c0801", "c0748", "c0180"],
//       "index_search_top3": ["p00801", "p02089", "p01042"]
//     },
//     "component_sha256": "<64 hex>"    // optional: compared with the component Node runs
//   }
// A missing figure is skipped. The ratio printed is Node calls/s ÷ wasmtime calls/s (1 = parity,
// 0.5 = Node needs twice wasmtime's time per call, the goal's limit).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadEngine } from '../src/engine.js';
import { SeededEntropy, WebCryptoKms, createForgeCapabilities } from '../src/forge-adapter.js';
import { loadIsolatedEngine } from '../src/isolated.js';
import { SqliteKvs } from '../src/sqlite-kvs.js';

export const REDACT_TEXT = [
  'Reported by Jane Doe (jane.doe@example.com, +44 20 7946 0958) after her statement showed two credits.',
  'Priya Nair will pair with Tom Becker; mail priya.nair@acmepay.example if the replay worker misbehaves.',
  'Staging key AKIAIOSFODNN7EXAMPLE leaked into the log; card 4111 1111 1111 1111 was the test card.',
  'Nothing sensitive here: just webhook retries and ledger entries.',
].join('\n');

export const RANK = Object.freeze({ seed: 2463534242, dimensions: 256, candidates: 1000, k: 10 });
export const INDEX = Object.freeze({ seed: 2463534242, dimensions: 256, entries: 10000, k: 10 });

/** The xorshift32 stream of the header, as f32 values. */
export function xorshiftF32(seed, count) {
  let x = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = ((x >>> 8) / 16777216) * 2 - 1;
  }
  return out;
}

/** The rank inputs of the header. */
export function rankInputs() {
  const { seed, dimensions, candidates, k } = RANK;
  const all = xorshiftF32(seed, dimensions * (candidates + 1));
  const query = all.slice(0, dimensions);
  const list = [];
  for (let i = 0; i < candidates; i++) {
    list.push({ id: `c${String(i).padStart(4, '0')}`, vector: all.slice(dimensions * (i + 1), dimensions * (i + 2)) });
  }
  let sum = 0;
  for (const v of all) sum += v;
  return { query, candidates: list, k, sum };
}

/** The index_search inputs of the header: entries to add, and the one query. */
export function indexInputs() {
  const { seed, dimensions, entries, k } = INDEX;
  const all = xorshiftF32(seed, dimensions * (entries + 1));
  const list = [];
  for (let i = 0; i < entries; i++) {
    list.push({ id: `p${String(i).padStart(5, '0')}`, space: 'BENCH', labels: [], updatedAt: 0, text: '', vector: all.subarray(dimensions * (i + 1), dimensions * (i + 2)) });
  }
  const query = { vector: all.slice(0, dimensions), text: '', k, filter: { spaces: [], labels: [], updatedAfter: null }, mode: 'vector', diversity: null };
  let sum = 0;
  for (const v of all) sum += v;
  return { entries: list, query, scan: { tag: 'exact' }, sum };
}

function measure(seconds, f) {
  for (let i = 0; i < 20; i++) f(); // warm-up (lazy compilation tiers)
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    f();
    calls++;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { calls, seconds: elapsed, perSecond: calls / elapsed, microsPerCall: (elapsed * 1e6) / calls };
}

/** As `measure`, for a function returning a promise (each call awaited before the next). */
async function measureAsync(seconds, f) {
  for (let i = 0; i < 5; i++) await f();
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    await f();
    calls++;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { calls, seconds: elapsed, perSecond: calls / elapsed, microsPerCall: (elapsed * 1e6) / calls };
}

const example = (name) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

/** Capabilities of one benchmark tenant on a SQLite file in `dir` (fixed clock, seeded randomness). */
async function benchCapabilities(dir, name) {
  const kvs = new SqliteKvs(join(dir, `${name}.db`), { installation: name, now: () => 1_700_000_000_000 });
  const kms = await WebCryptoKms.fromDataKey(name, new Uint8Array(32).fill(7));
  const entropy = new SeededEntropy(7);
  const capabilities = createForgeCapabilities({ tenant: name, kms, kvs, now: () => 1_700_000_000_000, random: (n) => entropy.bytes(n) });
  return { capabilities, close: () => kvs.close() };
}

/** In-thread and isolated time per call of redact, diff and sync (see the header). */
async function isolationCost(seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'synco-bench-'));
  const inThreadTenant = await benchCapabilities(dir, 'in-thread');
  const isolatedTenant = await benchCapabilities(dir, 'isolated');
  const inThread = await loadEngine({ capabilities: inThreadTenant.capabilities });
  const isolated = await loadIsolatedEngine({ capabilities: isolatedTenant.capabilities });
  const [base, page] = [example('page-base.xml'), example('page.xml')];
  const request = { issueJson: example('issue.json'), page, base, pageVersion: 2, provider: 'offline', model: 'offline-template', relatedLimit: 3 };
  const calls = {
    redact: [() => inThread.redact([REDACT_TEXT]), () => isolated.redact([REDACT_TEXT])],
    diff: [() => inThread.diff(base, page), () => isolated.diff(base, page)],
    sync: [() => inThread.sync(request), () => isolated.sync(request)],
  };
  const out = {};
  try {
    for (const [name, [here, there]] of Object.entries(calls)) {
      const a = await measureAsync(seconds, async () => here());
      const b = await measureAsync(seconds, there);
      out[name] = { inThread: a, isolated: b, isolatedOverInThread: b.microsPerCall / a.microsPerCall };
    }
  } finally {
    await isolated.close();
    inThreadTenant.close();
    isolatedTenant.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The Node/wasmtime comparison for the figures the wasmtime file has. */
function compare(results, wasmtime) {
  const figures = { redact: 'redact_per_s', rank: 'rank_per_s', indexSearch: 'index_search_per_s' };
  const out = {};
  for (const [name, key] of Object.entries(figures)) {
    const theirs = wasmtime?.[key];
    if (typeof theirs !== 'number' || !(theirs > 0)) continue;
    const ours = results[name].warm.perSecond;
    out[name] = { nodePerSecond: ours, wasmtimePerSecond: theirs, nodeOverWasmtime: ours / theirs, input: wasmtime.inputs?.[key.replace(/_per_s$/, '')] ?? null };
  }
  const warnings = [];
  if (wasmtime?.component_sha256 && wasmtime.component_sha256 !== results.component) warnings.push(`wasmtime ran component ${wasmtime.component_sha256.slice(0, 16)}…, Node ${results.component.slice(0, 16)}…`);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (wasmtime?.checks?.rank_top3 && !same(wasmtime.checks.rank_top3, results.rankCheck.top3)) warnings.push(`rank inputs differ: wasmtime top-3 ${wasmtime.checks.rank_top3.join(', ')}`);
  if (wasmtime?.checks?.index_search_top3 && !same(wasmtime.checks.index_search_top3, results.indexSearchCheck.top3)) warnings.push(`index_search inputs differ: wasmtime top-3 ${wasmtime.checks.index_search_top3.join(', ')}`);
  return { ratios: out, warnings };
}

async function main() {
  const args = process.argv.slice(2);
  const seconds = Number(args[args.indexOf('--seconds') + 1]) || 2;
  const json = args.includes('--json');
  const warm = await loadEngine();
  const fresh = await loadEngine({ reusePureInstance: false });
  const { query, candidates, k, sum } = rankInputs();
  const top = warm.rank(query, candidates, k);
  const redacted = warm.redact([REDACT_TEXT]);
  const ix = indexInputs();
  const index = warm.createIndex(INDEX.dimensions);
  const built = performance.now();
  index.add(ix.entries);
  const buildMs = performance.now() - built;
  const [indexTop] = index.search([ix.query], ix.scan);

  const results = {
    node: process.version,
    component: warm.componentSha256,
    rankCheck: { top3: top.slice(0, 3).map((s) => s.id), sum },
    indexSearchCheck: { top3: indexTop.slice(0, 3).map((s) => s.id), sum: ix.sum, entries: index.len(), buildMs },
    redactCheck: { counts: redacted.counts.map((c) => `${c.kind}:${c.occurrences}`) },
    redact: { warm: measure(seconds, () => warm.redact([REDACT_TEXT])), fresh: measure(seconds, () => fresh.redact([REDACT_TEXT])) },
    rank: { warm: measure(seconds, () => warm.rank(query, candidates, k)), fresh: measure(seconds, () => fresh.rank(query, candidates, k)) },
    indexSearch: { warm: measure(seconds, () => index.search([ix.query], ix.scan)) },
  };
  index.dispose();
  results.isolation = await isolationCost(seconds);

  let wasmtime = null;
  if (process.env.SYNCO_WASMTIME_BENCH) wasmtime = JSON.parse(readFileSync(process.env.SYNCO_WASMTIME_BENCH, 'utf8'));
  const comparison = wasmtime ? compare(results, wasmtime) : null;
  if (json) {
    console.log(JSON.stringify({ ...results, wasmtime, comparison }, null, 2));
    return;
  }
  const fmt = (m) => `${m.perSecond.toFixed(0).padStart(8)} calls/s (${m.microsPerCall.toFixed(1)} µs/call)`;
  console.log(`synco js bench — Node ${results.node}, component ${results.component.slice(0, 16)}…, ${seconds} s per figure`);
  console.log(`rank check: top-3 ${results.rankCheck.top3.join(', ')}; input sum ${sum}`);
  console.log(`index_search check: top-3 ${results.indexSearchCheck.top3.join(', ')}; input sum ${ix.sum}; ${results.indexSearchCheck.entries} entries added in ${buildMs.toFixed(0)} ms (not timed)`);
  console.log(`redact check: ${results.redactCheck.counts.join(', ')}`);
  const labels = { redact: 'redact', rank: 'rank', indexSearch: 'index_search' };
  for (const [name, label] of Object.entries(labels)) {
    console.log(`${label.padEnd(12)} warm instance:  ${fmt(results[name].warm)}`);
    if (results[name].fresh) console.log(`${label.padEnd(12)} fresh instance: ${fmt(results[name].fresh)}`);
    const r = comparison?.ratios[name];
    if (r) {
      console.log(`${label.padEnd(12)} wasmtime ${r.wasmtimePerSecond.toFixed(0)} calls/s: Node/wasmtime = ${r.nodeOverWasmtime.toFixed(2)} (Node takes ${(1 / r.nodeOverWasmtime).toFixed(2)}× wasmtime's time per call; goal ≤ 2×)${r.input ? ` — wasmtime input: ${r.input}` : ''}`);
    } else if (wasmtime) {
      console.log(`${label.padEnd(12)} no wasmtime figure in ${process.env.SYNCO_WASMTIME_BENCH}`);
    }
  }
  for (const [name, r] of Object.entries(results.isolation)) {
    const us = (m) => `${m.microsPerCall.toFixed(1)} µs`;
    console.log(`isolated ${name.padEnd(7)} ${us(r.isolated)}/call vs in-thread ${us(r.inThread)}/call: ${r.isolatedOverInThread.toFixed(2)}× the time per call`);
  }
  for (const w of comparison?.warnings ?? []) console.log(`warning: ${w}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
