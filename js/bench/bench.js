// Why this file exists: calls per second of `redact` and `rank` through the component in Node, on
// inputs the Rust side can rebuild exactly, so the wasmtime figures can be put next to these and
// their ratio printed (goal: Node within 2× of wasmtime).
//
// Inputs (rebuild them identically in Rust):
// - rank: top-10 cosine over 1,000 candidates × 256 dimensions. Numbers come from xorshift32
//   (Marsaglia 2003: x ^= x << 13; x ^= x >>> 17; x ^= x << 5, on u32) seeded with 2463534242;
//   each number steps the generator once and takes the new state x as
//   f32 = (x >> 8) / 16777216 * 2 - 1 (exact in f32, in [-1, 1)). The query takes the first 256
//   numbers, then candidate i (0…999) the next 256, with id `c` + i zero-padded to 4 digits
//   (`c0000`). Check: the printed top-3 ids and the sum of all 256,256 numbers.
// - redact: per call, a new redactor with the default policy (nothing disabled, allowed or custom)
//   and no people, `redact(REDACT_TEXT)` once, then `counts()`.
//
// Each is measured on one reused instance ("warm") and with a fresh instance per call ("fresh",
// as the Rust host instantiates per request). Usage: node bench/bench.js [--seconds N] [--json]
// With SYNCO_WASMTIME_BENCH=<file.json> holding {"redact": calls/s, "rank": calls/s} (warm, from
// the wasmtime host), the Node/wasmtime ratios are printed too.

import { readFileSync } from 'node:fs';

import { loadEngine } from '../src/engine.js';

export const REDACT_TEXT = [
  'Reported by Jane Doe (jane.doe@example.com, +44 20 7946 0958) after her statement showed two credits.',
  'Priya Nair will pair with Tom Becker; mail priya.nair@acmepay.example if the replay worker misbehaves.',
  'Staging key AKIAIOSFODNN7EXAMPLE leaked into the log; card 4111 1111 1111 1111 was the test card.',
  'Nothing sensitive here: just webhook retries and ledger entries.',
].join('\n');

export const RANK = Object.freeze({ seed: 2463534242, dimensions: 256, candidates: 1000, k: 10 });

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

async function main() {
  const args = process.argv.slice(2);
  const seconds = Number(args[args.indexOf('--seconds') + 1]) || 2;
  const json = args.includes('--json');
  const warm = await loadEngine();
  const fresh = await loadEngine({ reusePureInstance: false });
  const { query, candidates, k, sum } = rankInputs();
  const top = warm.rank(query, candidates, k);
  const redacted = warm.redact([REDACT_TEXT]);

  const results = {
    node: process.version,
    component: warm.componentSha256,
    rankCheck: { top3: top.slice(0, 3).map((s) => s.id), sum },
    redactCheck: { counts: redacted.counts.map((c) => `${c.kind}:${c.occurrences}`) },
    redact: { warm: measure(seconds, () => warm.redact([REDACT_TEXT])), fresh: measure(seconds, () => fresh.redact([REDACT_TEXT])) },
    rank: { warm: measure(seconds, () => warm.rank(query, candidates, k)), fresh: measure(seconds, () => fresh.rank(query, candidates, k)) },
  };

  let wasmtime = null;
  if (process.env.SYNCO_WASMTIME_BENCH) wasmtime = JSON.parse(readFileSync(process.env.SYNCO_WASMTIME_BENCH, 'utf8'));
  if (json) {
    console.log(JSON.stringify({ ...results, wasmtime }, null, 2));
    return;
  }
  const fmt = (m) => `${m.perSecond.toFixed(0).padStart(8)} calls/s (${m.microsPerCall.toFixed(1)} µs/call)`;
  console.log(`synco js bench — Node ${results.node}, component ${results.component.slice(0, 16)}…, ${seconds} s per figure`);
  console.log(`rank check: top-3 ${results.rankCheck.top3.join(', ')}; input sum ${sum}`);
  console.log(`redact check: ${results.redactCheck.counts.join(', ')}`);
  for (const name of ['redact', 'rank']) {
    console.log(`${name.padEnd(6)} warm instance:  ${fmt(results[name].warm)}`);
    console.log(`${name.padEnd(6)} fresh instance: ${fmt(results[name].fresh)}`);
    if (wasmtime?.[name]) {
      const ratio = wasmtime[name] / results[name].warm.perSecond;
      console.log(`${name.padEnd(6)} wasmtime ${wasmtime[name].toFixed(0)} calls/s: wasmtime/Node = ${ratio.toFixed(2)}× (goal ≤ 2×)`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
