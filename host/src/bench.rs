//! Benchmarks (`synco bench`, run by `cargo xtask bench`): each figure is measured against its
//! peer in the same run, and the ratio printed.
//!
//! - instantiate + trivial call, pooling allocator vs on-demand allocation (p50, p99);
//! - cold start (engine + component ready), precompiled cache vs compiling the component;
//! - the full offline sync of the example issue and page (p50, p99), process start excluded;
//! - storage throughput: sealed puts and gets per second, SQLite vs PostgreSQL (when given one);
//! - redaction throughput through the component on ≥ 10 MB of the labeled corpus's texts (the
//!   same text as the native `redact_bench` example and the Presidio comparison);
//! - with `--ranking-data DIR`, only the ranking benchmark: top-10 over the vectors that the
//!   native `rank_bench` example wrote to DIR, through the component (`cargo xtask bench-ranking`
//!   runs the three: native, this, and faiss-cpu);
//! - with `--diff-data DIR`, only the diff benchmark: `diff.compare` through the component on the
//!   page pairs that the native `diff_bench` example wrote to DIR (`cargo xtask bench` prints
//!   them beside the native figures).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;

use crate::backend::postgres_tls::PostgresTarget;
use crate::backend::{Database, TenantConfig};
use crate::bindings::synco::engine::types::Provider;
use crate::capabilities::Clock;
use crate::engine::{HostConfig, Policy, SyncEngine, SyncRequest};
use crate::sandbox::Allocation;
use crate::tenant::TenantId;

/// Options of `synco bench`.
#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    /// Iterations per measurement.
    #[arg(long, default_value_t = 2000)]
    pub iterations: usize,
    /// Iterations of the full sync.
    #[arg(long, default_value_t = 200)]
    pub sync_iterations: usize,
    /// Cold starts per variant.
    #[arg(long, default_value_t = 5)]
    pub cold_starts: usize,
    /// Sealed puts (and then gets) per storage measurement.
    #[arg(long, default_value_t = 2000)]
    pub storage_ops: usize,
    /// A PostgreSQL database to measure storage throughput against (`cargo xtask bench` starts a
    /// throwaway one when PostgreSQL is installed).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Redaction corpora (JSON lines with a `text` field), each measured on its own.
    #[arg(long, num_args = 1.., default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/redaction/corpus.jsonl"))]
    pub redaction_corpus: Vec<PathBuf>,
    /// Run only the redaction benchmark.
    #[arg(long)]
    pub redaction_only: bool,
    /// Run only the ranking benchmark on the data set in this folder (written by the native
    /// `rank_bench` example) and write `wasm.json` there.
    #[arg(long)]
    pub ranking_data: Option<PathBuf>,
    /// Run only the diff benchmark through the component, on the page pairs in this folder
    /// (`NAME.old.xml` and `NAME.new.xml`, written by the native `diff_bench` example).
    #[arg(long)]
    pub diff_data: Option<PathBuf>,
    /// Run only the Node comparison's wasmtime side (`js/bench/bench.js` inputs) and write its
    /// figures to this JSON file.
    #[arg(long)]
    pub js_peer: Option<PathBuf>,
    /// The examples folder (issue.json, page.xml, page-base.xml, pages/).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples"))]
    pub examples: PathBuf,
}

/// Runs every benchmark against `component` and prints the figures.
pub fn run(component: &Path, args: &BenchArgs) -> Result<()> {
    let scratch = std::env::temp_dir().join(format!("synco-bench-{}", std::process::id()));
    let result = run_in(component, args, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn run_in(component: &Path, args: &BenchArgs, scratch: &Path) -> Result<()> {
    if let Some(dir) = &args.ranking_data {
        return crate::bench_ranking::run(component, &scratch.join("ranking"), dir);
    }
    if let Some(dir) = &args.diff_data {
        return diff_through_component(component, &scratch.join("diff"), dir);
    }
    if args.redaction_only {
        report_redaction(component, scratch, &args.redaction_corpus);
        return Ok(());
    }
    if let Some(out) = &args.js_peer {
        return crate::bench_js::run(component, &scratch.join("js-peer"), out);
    }
    println!("synco bench — {} iterations, wasmtime {}", args.iterations, crate::WASMTIME_VERSION);
    let pooled = instantiate_and_call(component, &scratch.join("pool"), Allocation::default(), args.iterations)?;
    let on_demand = instantiate_and_call(component, &scratch.join("ondemand"), Allocation::OnDemand, args.iterations)?;
    report("instantiate + trivial call, pooling", &pooled);
    report("instantiate + trivial call, on-demand", &on_demand);
    ratio("on-demand / pooling (p50)", p(&on_demand, 50), p(&pooled, 50));

    let compiled = cold_starts(component, scratch, args.cold_starts, false)?;
    let cached = cold_starts(component, scratch, args.cold_starts, true)?;
    report("cold start, compiling the component", &compiled);
    report("cold start, precompiled cache", &cached);
    ratio("compile / cache (p50)", p(&compiled, 50), p(&cached, 50));

    let sync = full_sync(component, &scratch.join("sync"), &args.examples, args.sync_iterations)?;
    report("full offline sync of the example", &sync);

    report_redaction(component, scratch, &args.redaction_corpus);

    let sqlite = storage(&Database::Sqlite(scratch.join("storage.db")), &scratch.join("storage-keys"), args.storage_ops)?;
    report_storage("SQLite (WAL, synchronous=FULL)", sqlite);
    match &args.postgres {
        Some(url) => {
            let pg = storage(&Database::Postgres(PostgresTarget::new(url.clone())), &scratch.join("storage-keys"), args.storage_ops)?;
            report_storage("PostgreSQL (loopback)", pg);
            ratio("sealed puts/s, SQLite / PostgreSQL", pg.0, sqlite.0);
            ratio("sealed gets/s, SQLite / PostgreSQL", pg.1, sqlite.1);
        }
        None => println!("storage, PostgreSQL: skipped (no --postgres database)"),
    }
    Ok(())
}

/// Prints the redaction throughput through the component on each corpus.
fn report_redaction(component: &Path, scratch: &Path, corpora: &[PathBuf]) {
    for corpus in corpora {
        let name = corpus.file_name().map_or_else(|| corpus.display().to_string(), |n| n.to_string_lossy().into_owned());
        match redaction(component, &scratch.join("redact"), corpus) {
            Ok((mb, seconds)) => println!("redaction through the component (wasmtime), {name}: {mb:.1} MB in {seconds:.3} s = {:.1} MB/s", mb / seconds),
            Err(e) => println!("redaction through the component, {name}: skipped ({e:#})"),
        }
    }
}

/// Redacts the corpus texts, repeated to at least 10 MB, in 1 MB chunks with one redactor in one
/// instance; returns megabytes and the best of three runs in seconds.
fn redaction(component: &Path, home: &Path, corpus: &Path) -> Result<(f64, f64)> {
    const TARGET: usize = 10 * 1024 * 1024;
    const CHUNK: usize = 1024 * 1024;
    let text = std::fs::read_to_string(corpus).with_context(|| format!("cannot read {}", corpus.display()))?;
    let texts: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()?.get("text")?.as_str().map(str::to_string))
        .collect();
    anyhow::ensure!(!texts.is_empty(), "the corpus has no texts");
    let mut chunks = vec![String::new()];
    let mut total = 0;
    for text in texts.iter().cycle() {
        if total >= TARGET {
            break;
        }
        if chunks.last().is_some_and(|c| c.len() >= CHUNK) {
            chunks.push(String::new());
        }
        if let Some(last) = chunks.last_mut() {
            last.push_str(text);
            last.push_str("\n\n");
            total += text.len() + 2;
        }
    }
    let mut cfg = config(component, home, Allocation::default());
    cfg.limits.deadline = Duration::from_secs(120);
    let engine = SyncEngine::open(cfg)?;
    let tenant = TenantId::new("bench")?;
    let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        engine.call(&tenant, |store, e| {
            let redactor = e.synco_engine_redaction().redactor();
            let Ok(handle) = redactor.call_create(&mut *store, &policy, &[])? else { return Ok(()) };
            for chunk in &chunks {
                std::hint::black_box(redactor.call_redact(&mut *store, handle, chunk)?.ok());
            }
            handle.resource_drop(&mut *store)
        })?;
        best = best.min(start.elapsed().as_secs_f64());
    }
    Ok((total as f64 / 1e6, best))
}

/// Calls per page pair in the diff benchmark (after one that warms the instance); the median
/// is reported, as natively.
const DIFF_RUNS: usize = 15;

/// Times `diff.compare` through the component on each page pair in `dir`, in one instance, and
/// prints the medians in milliseconds.
fn diff_through_component(component: &Path, home: &Path, dir: &Path) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.file_name().to_str()?.strip_suffix(".old.xml")?.to_owned()))
        .collect();
    names.sort();
    anyhow::ensure!(!names.is_empty(), "no page pairs (NAME.old.xml, NAME.new.xml) in {}", dir.display());
    let mut cfg = config(component, home, Allocation::default());
    cfg.limits.deadline = Duration::from_secs(120);
    let engine = SyncEngine::open(cfg)?;
    let tenant = TenantId::new("bench")?;
    for name in names {
        let read = |side: &str| {
            let path = dir.join(format!("{name}.{side}.xml"));
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
        };
        let (old, new) = (read("old")?, read("new")?);
        let samples = engine.call(&tenant, |store, e| {
            let diff = e.synco_engine_diff();
            let mut samples = Vec::with_capacity(DIFF_RUNS);
            for run in 0..=DIFF_RUNS {
                let start = Instant::now();
                let review = diff.call_compare(&mut *store, &old, &new)?;
                let elapsed = start.elapsed();
                wasmtime::ensure!(review.is_ok(), "the generated pages did not compare: {review:?}");
                if run > 0 {
                    samples.push(elapsed);
                }
            }
            Ok(samples)
        })?;
        println!("diff through the component (wasmtime), {name}: {:.3} ms (median of {DIFF_RUNS})", p(&samples, 50).as_secs_f64() * 1e3);
    }
    Ok(())
}

/// Times `n` sealed puts then `n` gets through the store, on a fresh tenant; returns the two
/// total durations.
fn storage(database: &Database, keys: &Path, n: usize) -> Result<(Duration, Duration)> {
    let backend = crate::backend::open(database)?;
    let kms = std::sync::Arc::new(crate::kms::LocalKms::open(keys, std::sync::Arc::clone(&backend))?);
    let store = crate::store::RecordStore::new(backend, std::sync::Arc::clone(&kms));
    let tenant = TenantId::new(format!("bench-{}", std::process::id()))?;
    kms.install(&tenant, &TenantConfig::default(), 0, None)?;
    let value = vec![7u8; 4096];
    let start = Instant::now();
    for i in 0..n {
        let key = format!("page/{i}");
        let sealed = kms.seal(&tenant, "page-index", &key, &value)?;
        store.put(&tenant, "page-index", &key, &sealed, None, 0)?;
    }
    let puts = start.elapsed();
    let start = Instant::now();
    for i in 0..n {
        let key = format!("page/{i}");
        let sealed = store.get(&tenant, "page-index", &key, 0)?.context("a stored record is missing")?;
        kms.open_envelope(&tenant, "page-index", &key, &sealed)?;
    }
    let gets = start.elapsed();
    Ok((puts / n.max(1) as u32, gets / n.max(1) as u32))
}

fn report_storage(name: &str, (put, get): (Duration, Duration)) {
    let per_second = |d: Duration| 1.0 / d.as_secs_f64().max(1e-12);
    println!("storage, {name:<31} {:>8.0} sealed puts/s   {:>8.0} gets+opens/s   (4 KiB values)", per_second(put), per_second(get));
}

pub(crate) fn config(component: &Path, home: &Path, allocation: Allocation) -> HostConfig {
    let mut config = HostConfig::new(home.to_path_buf(), component.to_path_buf());
    config.allocation = allocation;
    config.clock = Clock::Fixed(1_764_000_000_000);
    config.seed = Some(7);
    config
}

fn instantiate_and_call(component: &Path, home: &Path, allocation: Allocation, n: usize) -> Result<Vec<Duration>> {
    let engine = SyncEngine::open(config(component, home, allocation))?;
    let tenant = TenantId::new("bench")?;
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        engine.call(&tenant, |store, e| e.synco_engine_ranking().call_top_k(&mut *store, &[1.0], &[], 1))??;
        samples.push(start.elapsed());
    }
    Ok(samples)
}

fn cold_starts(component: &Path, scratch: &Path, n: usize, cached: bool) -> Result<Vec<Duration>> {
    let home = scratch.join(if cached { "cold-cached" } else { "cold-compiled" });
    if cached {
        SyncEngine::open(config(component, &home, Allocation::default()))?;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        if !cached {
            let _ = std::fs::remove_dir_all(home.join("cache"));
        }
        let start = Instant::now();
        let engine = SyncEngine::open(config(component, &home, Allocation::default()))?;
        samples.push(start.elapsed());
        anyhow::ensure!(engine.sandbox().loaded_from_cache() == cached, "the cache was not used as intended");
    }
    Ok(samples)
}

fn full_sync(component: &Path, home: &Path, examples: &Path, n: usize) -> Result<Vec<Duration>> {
    let engine = SyncEngine::open(config(component, home, Allocation::default()))?;
    let tenant = TenantId::new("bench")?;
    engine.install(&tenant, &TenantConfig::default())?;
    index_examples(&engine, &tenant, examples)?;
    let read = |name: &str| std::fs::read_to_string(examples.join(name)).with_context(|| format!("cannot read examples/{name}"));
    let request = SyncRequest {
        issue_json: read("issue.json")?,
        page: read("page.xml")?,
        base: Some(read("page-base.xml")?),
        page_version: 2,
        provider: Provider::Offline,
        model: engine.tenant_config(&tenant)?.model,
        policy: Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() },
        related_limit: 3,
    };
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        engine.sync(&tenant, &request)?;
        samples.push(start.elapsed());
    }
    Ok(samples)
}

/// Indexes `examples/pages` for `tenant`; returns how many pages.
pub fn index_examples(engine: &SyncEngine, tenant: &TenantId, examples: &Path) -> Result<usize> {
    let pages = crate::folder::read_pages(&examples.join("pages"))?;
    let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
    for page in &pages {
        engine.index_page(tenant, page, &policy)?;
    }
    Ok(pages.len())
}

fn p(samples: &[Duration], percentile: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let idx = (sorted.len() * percentile / 100).min(sorted.len().saturating_sub(1));
    sorted.get(idx).copied().unwrap_or_default()
}

fn report(name: &str, samples: &[Duration]) {
    println!("{name:<44} p50 {:>10.1} µs   p99 {:>10.1} µs   (n={})", micros(p(samples, 50)), micros(p(samples, 99)), samples.len());
}

fn ratio(name: &str, a: Duration, b: Duration) {
    println!("{name:<44} {:.2}×", a.as_secs_f64() / b.as_secs_f64().max(1e-12));
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
