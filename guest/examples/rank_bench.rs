//! Native ranking benchmark, the first third of `cargo xtask bench-ranking` (the component in
//! wasmtime and faiss-cpu run on the same files next).
//!
//! `cargo run --release -p synco-guest --example rank_bench -- DIR` writes the data set to DIR
//! when it is missing — `vectors.f32` (100,000 × 768 little-endian f32) and `queries.f32`
//! (16 × 768) — then times top-10 searches natively and writes `native.json`.
//!
//! The data is clustered like real embeddings (uniform random data has no neighbours worth the
//! name): 500 centroids uniform in [-1, 1]^768; each vector is a random centroid plus uniform
//! noise of the same scale (cosine ≈ 0.5 within a cluster of ~200, ≈ 0 across); each query is a
//! random centroid plus fresh noise. The
//! generator is xorshift64* from a fixed seed, documented so any tool can regenerate the set.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use synco_guest::rank::index::{Entry, Filter, Index, Mode, Query, Scan};
use synco_guest::rank::xorshift::Xorshift;

const N: usize = 100_000;
const DIM: usize = 768;
const QUERIES: usize = 16;
const CENTROIDS: usize = 500;
const K: u32 = 10;
/// Candidate multiples of the quantized scans.
const INT8_OVERSAMPLE: u32 = 4;
const BINARY_OVERSAMPLE: u32 = 10;


/// A uniform index below `n` from the generator.
fn pick(rng: &mut Xorshift, n: usize) -> usize {
    (((rng.next_f32() + 1.0) / 2.0) * n as f32) as usize % n
}

fn generate(dir: &Path) -> std::io::Result<()> {
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let centroids: Vec<Vec<f32>> = (0..CENTROIDS).map(|_| rng.vector(DIM)).collect();
    let point = |rng: &mut Xorshift| -> Vec<f32> {
        let c = &centroids[pick(rng, CENTROIDS)];
        c.iter().map(|x| x + rng.next_f32()).collect()
    };
    let vectors: Vec<f32> = (0..N).flat_map(|_| point(&mut rng)).collect();
    let queries: Vec<f32> = (0..QUERIES).flat_map(|_| point(&mut rng)).collect();
    write_f32(&dir.join("vectors.f32"), &vectors)?;
    write_f32(&dir.join("queries.f32"), &queries)
}

fn write_f32(path: &Path, data: &[f32]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(fs::File::create(path)?);
    for x in data {
        out.write_all(&x.to_le_bytes())?;
    }
    out.flush()
}

fn read_f32(path: &Path) -> std::io::Result<Vec<f32>> {
    let bytes = fs::read(path)?;
    Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

fn query(vector: &[f32]) -> Query {
    Query { vector: vector.to_vec(), text: String::new(), k: K, filter: Filter::default(), mode: Mode::Vector, diversity: None }
}

/// Median of `reps` timings of `f`, in milliseconds.
fn median_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn ids(results: &[Vec<synco_guest::rank::Scored>]) -> Vec<Vec<String>> {
    results.iter().map(|r| r.iter().map(|s| s.id.clone()).collect()).collect()
}

fn recall(truth: &[Vec<String>], found: &[Vec<String>]) -> f64 {
    let hits: usize = truth.iter().zip(found).map(|(t, f)| f.iter().filter(|id| t.contains(id)).count()).sum();
    hits as f64 / truth.iter().map(Vec::len).sum::<usize>().max(1) as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/bench-ranking".into()));
    fs::create_dir_all(&dir)?;
    if !dir.join("vectors.f32").exists() || !dir.join("queries.f32").exists() {
        println!("generating {N} × {DIM} clustered vectors into {} …", dir.display());
        generate(&dir)?;
    }
    let vectors = read_f32(&dir.join("vectors.f32"))?;
    let queries: Vec<Query> = read_f32(&dir.join("queries.f32"))?.chunks_exact(DIM).map(query).collect();
    let mut index = Index::new(DIM);
    for (c, chunk) in vectors.chunks(DIM * 2000).enumerate() {
        let entries = chunk.chunks_exact(DIM).enumerate().map(|(i, v)| Entry {
            id: format!("p{:06}", c * 2000 + i),
            space: String::new(),
            labels: Vec::new(),
            updated_at: 0,
            text: String::new(),
            vector: v.to_vec(),
        });
        index.add(entries.collect())?;
    }
    drop(vectors);

    let mut report = serde_json::Map::new();
    let exact = index.search(&queries, Scan::Exact)?;
    let scans = [("exact", Scan::Exact), ("int8", Scan::Int8 { oversample: INT8_OVERSAMPLE }), ("binary", Scan::Binary { oversample: BINARY_OVERSAMPLE }), ("pruned", Scan::Pruned)];
    for (name, scan) in scans {
        let mut qi = 0;
        let single = median_ms(32, || {
            std::hint::black_box(index.search(std::slice::from_ref(&queries[qi % QUERIES]), scan).ok());
            qi += 1;
        });
        let batch = median_ms(7, || {
            std::hint::black_box(index.search(&queries, scan).ok());
        });
        let found = index.search(&queries, scan)?;
        let r = recall(&ids(&exact), &ids(&found));
        let identical = found == exact;
        println!("native {name:>6}: one query {single:7.2} ms · batch of {QUERIES} {batch:7.2} ms · recall@10 {r:.3} · scores identical to exact: {identical}");
        report.insert(name.into(), serde_json::json!({ "single_ms": single, "batch_ms": batch, "recall_at_10": r, "identical_to_exact": identical }));
    }
    let [(_, exact_bytes), (_, int8_bytes), (_, binary_bytes), (_, pruned_bytes)] = index.bytes_per_vector();
    report.insert("bytes_per_vector".into(), serde_json::json!({ "exact": exact_bytes, "int8": int8_bytes, "binary": binary_bytes, "pruned": pruned_bytes }));
    report.insert("top10_ids".into(), serde_json::json!(ids(&exact)));
    fs::write(dir.join("native.json"), serde_json::to_string_pretty(&report)?)?;
    Ok(())
}
