//! The ranking benchmark through the component (`synco bench --ranking-data DIR`): the middle
//! third of `cargo xtask bench-ranking`, between the native run and faiss-cpu.
//!
//! Why a module of its own: it loads 307 MB of vectors into one long-lived instance (one store,
//! one `index` resource) and times searches the same way the native `rank_bench` example does,
//! so the two sets of figures compare like for like. It also reports the guest's peak memory.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use crate::bindings::exports::synco::engine::ranking::{Entry, Filter, Query, RankingMode, Scan, Scored};
use crate::engine::SyncEngine;
use crate::sandbox::Allocation;
use crate::tenant::TenantId;

const DIM: usize = 768;
const K: u32 = 10;
/// Entries per `add` call: 2,000 × 3 KiB stays well inside one call's comfortable size.
const ADD_BATCH: usize = 2000;
/// The same candidate multiples as the native run.
const INT8_OVERSAMPLE: u32 = 4;
const BINARY_OVERSAMPLE: u32 = 10;

/// Times top-10 searches over `dir`'s data set through the component and writes `wasm.json`.
pub fn run(component: &Path, home: &Path, dir: &Path) -> Result<()> {
    let vectors = read_f32(&dir.join("vectors.f32"))?;
    let queries: Vec<Query> = read_f32(&dir.join("queries.f32"))?.chunks_exact(DIM).map(query).collect();
    ensure!(!queries.is_empty(), "the data set in {} has no queries", dir.display());
    let mut cfg = crate::bench::config(component, home, Allocation::default());
    cfg.limits.deadline = Duration::from_secs(600);
    let engine = SyncEngine::open(cfg)?;
    let tenant = TenantId::new("bench")?;
    let report = engine.call(&tenant, |store, e| {
        let index = e.synco_engine_ranking().index();
        let handle = index.call_constructor(&mut *store, DIM as u32)?;
        for (c, chunk) in vectors.chunks(DIM * ADD_BATCH).enumerate() {
            let entries: Vec<Entry> = chunk.chunks_exact(DIM).enumerate().map(|(i, v)| entry(c * ADD_BATCH + i, v)).collect();
            if let Err(err) = index.call_add(&mut *store, handle, &entries)? {
                return Err(wasmtime::Error::msg(format!("the index refused a batch: {err:?}")));
            }
        }
        let built_memory = store.data().memory_in_use();
        let mut search = |queries: &[Query], scan: Scan| -> wasmtime::Result<Vec<Vec<Scored>>> {
            index.call_search(&mut *store, handle, queries, scan)?.map_err(|err| wasmtime::Error::msg(format!("search failed: {err:?}")))
        };
        let exact_hits = search(&queries, Scan::Exact)?;
        let exact = ids(&exact_hits);
        let mut report = serde_json::Map::new();
        for (name, scan) in [("exact", Scan::Exact), ("int8", Scan::Int8(INT8_OVERSAMPLE)), ("binary", Scan::Binary(BINARY_OVERSAMPLE)), ("pruned", Scan::Pruned)] {
            let mut single = Vec::new();
            for i in 0..32 {
                let start = Instant::now();
                std::hint::black_box(search(std::slice::from_ref(&queries[i % queries.len()]), scan)?);
                single.push(start.elapsed().as_secs_f64() * 1e3);
            }
            let mut batch = Vec::new();
            for _ in 0..7 {
                let start = Instant::now();
                std::hint::black_box(search(&queries, scan)?);
                batch.push(start.elapsed().as_secs_f64() * 1e3);
            }
            let found = search(&queries, scan)?;
            let recall = recall(&exact, &ids(&found));
            let identical = same_hits(&found, &exact_hits);
            let (single, batch) = (median(single), median(batch));
            println!("wasm   {name:>6}: one query {single:7.2} ms · batch of {} {batch:7.2} ms · recall@10 {recall:.3} · scores identical to exact: {identical}", queries.len());
            report.insert(name.into(), serde_json::json!({ "single_ms": single, "batch_ms": batch, "recall_at_10": recall, "identical_to_exact": identical }));
        }
        let peak = store.data().memory_in_use();
        println!("wasm   guest memory: {:.0} MiB after indexing 100,000 vectors, {:.0} MiB at peak", built_memory as f64 / 1048576.0, peak as f64 / 1048576.0);
        report.insert("guest_memory_bytes".into(), serde_json::json!({ "indexed": built_memory, "peak": peak }));
        report.insert("top10_ids".into(), serde_json::json!(exact));
        handle.resource_drop(&mut *store)?;
        Ok(report)
    })?;
    std::fs::write(dir.join("wasm.json"), serde_json::to_string_pretty(&report)?).with_context(|| format!("cannot write {}", dir.display()))?;
    Ok(())
}

fn entry(i: usize, vector: &[f32]) -> Entry {
    Entry { id: format!("p{i:06}"), space: String::new(), labels: Vec::new(), updated_at: 0, text: String::new(), vector: vector.to_vec() }
}

fn query(vector: &[f32]) -> Query {
    let filter = Filter { spaces: Vec::new(), labels: Vec::new(), updated_after: None };
    Query { vector: vector.to_vec(), text: String::new(), k: K, filter, mode: RankingMode::Vector, diversity: None }
}

fn read_f32(path: &Path) -> Result<Vec<f32>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {} (run the native rank_bench example first)", path.display()))?;
    Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

fn ids(results: &[Vec<Scored>]) -> Vec<Vec<String>> {
    results.iter().map(|r| r.iter().map(|s| s.id.clone()).collect()).collect()
}

/// Whether two result lists name the same pages with the same score bits, in the same order.
fn same_hits(a: &[Vec<Scored>], b: &[Vec<Scored>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(s, t)| s.id == t.id && s.score.to_bits() == t.score.to_bits()))
}

fn recall(truth: &[Vec<String>], found: &[Vec<String>]) -> f64 {
    let hits: usize = truth.iter().zip(found).map(|(t, f)| f.iter().filter(|id| t.contains(id)).count()).sum();
    hits as f64 / truth.iter().map(Vec::len).sum::<usize>().max(1) as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
