#!/usr/bin/env python3
"""faiss-cpu on the ranking benchmark's data set, and the comparison table.

The last third of `cargo xtask bench-ranking`: the native `rank_bench` example wrote the data set
(`vectors.f32`, `queries.f32`) and `native.json`, `synco bench --ranking-data` wrote `wasm.json`;
this script times faiss's `IndexFlatIP` (exact inner product over L2-normalized vectors, i.e.
cosine, one thread) on the same files, writes `faiss.json` and prints every figure with the
ratios the issue asks for.

The first run creates the virtual environment `target/faiss-venv` and installs the pinned
faiss-cpu and numpy from PyPI; the script then re-runs itself inside it.

Usage: python3 tests/ranking/faiss_bench.py DIR
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "target" / "faiss-venv"
REQUIREMENTS = ["faiss-cpu==1.15.1", "numpy"]
DIM, K = 768, 10
SINGLE_REPS, BATCH_REPS = 32, 7


def ensure_venv():
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True)
    return python


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def run_faiss(data):
    import faiss
    import numpy as np

    faiss.omp_set_num_threads(1)
    vectors = np.fromfile(data / "vectors.f32", dtype="<f4").reshape(-1, DIM)
    queries = np.fromfile(data / "queries.f32", dtype="<f4").reshape(-1, DIM)
    faiss.normalize_L2(vectors)
    faiss.normalize_L2(queries)
    index = faiss.IndexFlatIP(DIM)
    index.add(vectors)
    single = []
    for i in range(SINGLE_REPS):
        q = queries[i % len(queries)][None, :]
        start = time.perf_counter()
        index.search(q, K)
        single.append((time.perf_counter() - start) * 1e3)
    batch = []
    for _ in range(BATCH_REPS):
        start = time.perf_counter()
        index.search(queries, K)
        batch.append((time.perf_counter() - start) * 1e3)
    _, ids = index.search(queries, K)
    top = [[f"p{i:06d}" for i in row] for row in ids]
    return {"exact": {"single_ms": median(single), "batch_ms": median(batch)}, "top10_ids": top,
            "faiss_version": faiss.__version__}


def overlap(a, b):
    hits = sum(len(set(x) & set(y)) for x, y in zip(a, b))
    return hits / max(1, sum(len(x) for x in a))


def report(data):
    native = json.loads((data / "native.json").read_text())
    wasm = json.loads((data / "wasm.json").read_text())
    faiss = json.loads((data / "faiss.json").read_text())
    print(f"\ntop-10 over 100,000 × {DIM} f32 (one thread), medians; faiss-cpu {faiss['faiss_version']}")
    print(f"{'':22}{'one query':>12}{'batch of 16':>14}{'recall@10':>11}")
    print(f"{'faiss IndexFlatIP':22}{faiss['exact']['single_ms']:>9.2f} ms{faiss['exact']['batch_ms']:>11.2f} ms{'1.000':>11}")
    for mode in ["exact", "int8", "binary", "pruned"]:
        for name, run in [("native", native), ("wasm", wasm)]:
            m = run[mode]
            print(f"{name + ' ' + mode:22}{m['single_ms']:>9.2f} ms{m['batch_ms']:>11.2f} ms{m['recall_at_10']:>11.3f}")
    n, w, f = native["exact"], wasm["exact"], faiss["exact"]
    print("\nratios (lower is better for the first number)")
    print(f"  wasm / native, one query exact:        {w['single_ms'] / n['single_ms']:.2f}×  (goal ≤ 1.2)")
    print(f"  native / faiss, one query exact:       {n['single_ms'] / f['single_ms']:.2f}×  (goal ≤ 1.2)")
    print(f"  faiss batch / native batch (16):       {f['batch_ms'] / n['batch_ms']:.2f}×  (goal ≥ 3)")
    print(f"  faiss batch / wasm batch (16):         {f['batch_ms'] / w['batch_ms']:.2f}×  (goal ≥ 3)")
    for name, run in [("native", native), ("wasm", wasm)]:
        p = run["pruned"]
        print(f"  faiss batch / {name} pruned batch (16): {f['batch_ms'] / p['batch_ms']:.2f}×  (goal ≥ 3; "
              f"pruned = exact's results, scores identical: {p['identical_to_exact']})")
    print(f"  faiss / wasm pruned, one query:        {f['single_ms'] / wasm['pruned']['single_ms']:.2f}×")
    for name, run in [("native", native), ("wasm", wasm)]:
        print(f"  {name} f32 / int8, one query:         {run['exact']['single_ms'] / run['int8']['single_ms']:.2f}×  (goal ≥ 3, recall@10 {run['int8']['recall_at_10']:.3f} ≥ 0.99)")
    print(f"  top-10 agreement native vs wasm: {overlap(native['top10_ids'], wasm['top10_ids']):.3f}, "
          f"native vs faiss: {overlap(native['top10_ids'], faiss['top10_ids']):.3f}")
    b = native["bytes_per_vector"]
    print(f"  bytes scanned per vector: exact {b['exact']}, int8 {b['int8']}, binary {b['binary']}, pruned {b['pruned']} "
          f"(plus rescored rows)")
    mem = wasm.get("guest_memory_bytes", {})
    if mem:
        print(f"  guest linear memory with 100,000 vectors indexed: {mem['peak'] / 1048576:.0f} MiB")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: faiss_bench.py DIR")
    data = Path(sys.argv[1]).resolve()
    if os.environ.get("SYNCO_FAISS_INNER") == "1":
        (data / "faiss.json").write_text(json.dumps(run_faiss(data)))
        return
    python = ensure_venv()
    subprocess.run([str(python), __file__, str(data)], check=True, env={**os.environ, "SYNCO_FAISS_INNER": "1"})
    report(data)


if __name__ == "__main__":
    main()
