//! `cargo xtask …`: the project's two front doors and their helpers.
//!
//! - `cargo xtask demo`: builds everything and runs the main job (install the `local` tenant if
//!   needed, index the example pages, then sync the example issue into the example page, offline)
//!   with `$SYNCO_HOME` (default `.synco/`) and writing to `out/`.
//! - `cargo xtask test`: builds everything and runs every test: the Rust tests, the guest's unit
//!   tests again under Node (wasm-bindgen-test), and the JavaScript host's `node --test` suite.
//! - `cargo xtask build`: the component, the hostile test component and the host.
//! - `cargo xtask bench`: builds and runs `synco bench` (sandbox, sync, storage) and the diff
//!   benchmark (the guest's `diff_bench` natively against imara-diff's line diff, then
//!   `diff.compare` through the component on the same pages, with the ratios), then every
//!   benchmark below but `bench-serve`.
//! - `cargo xtask bench-diff`: the diff part of `cargo xtask bench` alone.
//! - `cargo xtask bench-redaction`: redaction throughput natively and through the component on
//!   the quality corpus and on ticket-like text (`tests/redaction/tickets.py`), beside Presidio
//!   (installed into a virtual environment under `target/`) on the same texts.
//! - `cargo xtask bench-ranking`: top-10 over 100,000 × 768 vectors natively, through the
//!   component and with faiss-cpu (installed into a virtual environment under `target/`), with
//!   the ratios; also run at the end of `cargo xtask bench`.
//! - `cargo xtask bench-js`: calls per second of `redact`, `top-k` and an index search in Node
//!   (jco) beside wasmtime on the same inputs, with the ratios; also run by `cargo xtask bench`.
//! - `cargo xtask bench-serve`: `synco serve` under `wrk` on loopback (requests/s, p50/p99) and a
//!   noisy tenant's effect on another's p99; see `serve_bench.rs`.
//! - `cargo xtask eval-redaction`: redaction quality per kind on `tests/redaction/`, beside
//!   Presidio (installed into a virtual environment under `target/`), then on each held-out set
//!   (`heldout.jsonl` to `heldout18.jsonl`) and the untouchable text of `benign.jsonl` apart.
//!
//! Each installs what it needs first (the `wasm32-wasip2` target), so a fresh machine with only
//! Rust works.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

mod postgres;
mod serve_bench;

const WASM_TARGET: &str = "wasm32-wasip2";
/// The wasm-bindgen CLI that pairs with `wasm-bindgen-test` 0.3.80 (the `wasm-bindgen` it locks).
const WASM_BINDGEN_VERSION: &str = "0.2.130";

fn main() -> std::process::ExitCode {
    match run_task() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_task() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = args.split_first().map_or(("help", &[][..]), |(t, r)| (t.as_str(), r));
    match task {
        "build" => build(),
        "demo" => demo(),
        "test" => test(rest),
        "bench" => bench(rest),
        "bench-diff" => bench_diff(),
        "bench-ranking" => bench_ranking(),
        "bench-redaction" => bench_redaction(),
        "bench-js" => bench_js(),
        "bench-serve" => serve_bench::run(),
        "eval-redaction" => eval_redaction(rest),
        _ => {
            eprintln!("usage: cargo xtask <build|demo|test|bench|bench-diff|bench-ranking|bench-redaction|bench-js|bench-serve|eval-redaction>");
            eprintln!("  demo   build and run the main job (an offline sync of examples/)");
            eprintln!("  test   build and run every test");
            eprintln!("  build  build the component, the hostile test component and the host");
            eprintln!("  bench  build and run the benchmarks");
            eprintln!("  bench-diff  the diff natively beside imara-diff's line diff, and through the component");
            eprintln!("  bench-ranking  top-10 over 100,000 × 768 vectors: native, wasm and faiss-cpu");
            eprintln!("  bench-redaction  redaction MB/s: native, wasm and Presidio, dense and ticket-like text");
            eprintln!("  bench-js  calls/s of redact, top-k and index search in Node beside wasmtime");
            eprintln!("  bench-serve  synco serve under wrk: requests/s, p50/p99, and tenant isolation");
            eprintln!("  eval-redaction  precision, recall and F1 per kind on the labeled corpus, beside Presidio");
            if task == "help" { Ok(()) } else { bail!("unknown task {task:?}") }
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The built component files.
fn component() -> PathBuf {
    target_dir().join(WASM_TARGET).join("release").join("synco_guest.wasm")
}

fn hostile_component() -> PathBuf {
    target_dir().join(WASM_TARGET).join("release").join("synco_hostile_guest.wasm")
}

fn synco() -> PathBuf {
    target_dir().join("release").join("synco")
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.status().with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Adds the wasm target through rustup when it is missing.
fn ensure_wasm_target() -> Result<()> {
    ensure_target(WASM_TARGET)
}

/// Adds a rustup target when it is missing.
fn ensure_target(target: &str) -> Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output().with_context(|| format!("rustup is needed to add the {target} target"))?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == target) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", target]))
}

/// The wasm-bindgen test runner, installed into `target/tools/` on first use (2–3 minutes). Its
/// version must match the `wasm-bindgen` that `wasm-bindgen-test` 0.3.80 pulls in.
fn wasm_bindgen_test_runner() -> Result<PathBuf> {
    let tools = target_dir().join("tools");
    let runner = tools.join("bin").join("wasm-bindgen-test-runner");
    if !runner.exists() {
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--root"]).arg(&tools))?;
    }
    Ok(runner)
}

/// The guest's unit tests once more, compiled to `wasm32-unknown-unknown` and run in Node's
/// JavaScript engine by `wasm-bindgen-test` (the same SIMD kernels the Forge host runs).
fn guest_tests_in_node() -> Result<()> {
    ensure_target("wasm32-unknown-unknown")?;
    let runner = wasm_bindgen_test_runner()?;
    run(cargo()
        .args(["test", "--release", "-p", "synco-guest", "--lib", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner))
}

/// The JavaScript host's suite (`js/`): installs its locked npm packages when needed,
/// transpiles the component with jco and runs `node --test`, golden vectors included.
fn js_tests() -> Result<()> {
    let node = Command::new("node").arg("--version").output().context("Node.js 20 or newer is needed for the JavaScript host's tests (`node` was not found)")?;
    let version = String::from_utf8_lossy(&node.stdout);
    let major: u32 = version.trim().trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 20 {
        bail!("Node.js 20 or newer is needed for the JavaScript host's tests, found {}", version.trim());
    }
    run(Command::new("node").current_dir(root()).arg("js/scripts/ci.js").env("SYNCO_COMPONENT", component()).env("SYNCO_HOSTILE_COMPONENT", hostile_component()))
}

fn build() -> Result<()> {
    ensure_wasm_target()?;
    run(cargo().args(["build", "--release", "--target", WASM_TARGET, "-p", "synco-guest", "-p", "synco-hostile-guest"]))?;
    run(cargo().args(["build", "--release", "-p", "synco-cli"]))
}

fn demo() -> Result<()> {
    build()?;
    let examples = root().join("examples");
    let fixed = [("SYNCO_COMPONENT", component())];
    run(Command::new(synco()).current_dir(root()).envs(fixed.clone()).args(["tenant", "install"]))?;
    run(Command::new(synco()).current_dir(root()).envs(fixed.clone()).arg("index").arg(examples.join("pages")))?;
    run(Command::new(synco())
        .current_dir(root())
        .envs(fixed)
        .args(["sync", "--issue", "examples/issue.json", "--page", "examples/page.xml", "--base", "examples/page-base.xml", "--out", "out"]))?;
    eprintln!("xtask: open out/review.html in a browser to review the change");
    Ok(())
}

fn test(extra: &[String]) -> Result<()> {
    build()?;
    let postgres = postgres::Cluster::start_if_available();
    let mut cmd = cargo();
    cmd.args(["test", "--release", "--workspace", "--exclude", "synco-hostile-guest"])
        .args(extra)
        .env("SYNCO_COMPONENT", component())
        .env("SYNCO_HOSTILE_COMPONENT", hostile_component())
        .env("SYNCO_BIN", synco());
    match &postgres {
        Ok(cluster) => cmd.env("SYNCO_TEST_POSTGRES", cluster.url()),
        Err(reason) => cmd.env("SYNCO_TEST_POSTGRES_SKIPPED", reason.to_string()),
    };
    run(&mut cmd)?;
    guest_tests_in_node()?;
    js_tests()
}

fn bench(extra: &[String]) -> Result<()> {
    build()?;
    let postgres = postgres::Cluster::start_if_available();
    let mut cmd = Command::new(synco());
    cmd.current_dir(root()).env("SYNCO_COMPONENT", component()).arg("bench").args(extra);
    match &postgres {
        Ok(cluster) => cmd.args(["--postgres", &cluster.url()]),
        Err(reason) => {
            eprintln!("xtask: the PostgreSQL benchmark is skipped: {reason}");
            &mut cmd
        }
    };
    run(&mut cmd)?;
    bench_diff()?;
    bench_redaction()?;
    bench_ranking()?;
    bench_js()
}

/// The diff natively beside imara-diff's line diff (`diff_bench`, which also writes its page
/// pairs), then through the component on the same pages, with the ratios.
fn bench_diff() -> Result<()> {
    build()?;
    let dir = target_dir().join("bench-diff");
    let native = output_of(cargo().args(["run", "--quiet", "--release", "-p", "synco-guest", "--example", "diff_bench", "--"]).arg(&dir))?;
    let wasm = output_of(Command::new(synco()).current_dir(root()).env("SYNCO_COMPONENT", component()).args(["bench", "--diff-data"]).arg(&dir))?;
    let compare = milliseconds(&native, "diff::compare");
    let lines = milliseconds(&native, "imara-diff line diff");
    let component = milliseconds(&wasm, "diff through the component");
    if compare.len() != component.len() || lines.len() != component.len() {
        bail!("the diff benchmarks printed different numbers of figures");
    }
    println!("\ndiff::compare through the component (wasmtime), on the same pages, ms");
    println!("{:<22}{:>10}{:>14}{:>18}{:>22}", "page pair", "native", "component", "component/native", "component/line diff");
    for (((name, n), w), l) in ["1 MB, 5% changed", "10,000 blocks, all"].iter().zip(&compare).zip(&component).zip(&lines) {
        println!("{name:<22}{n:>10.3}{w:>14.3}{:>17.2}×{:>21.2}×", w / n, w / l);
    }
    Ok(())
}

/// Runs `cmd`, echoing its output, and returns what it printed on stdout.
fn output_of(cmd: &mut Command) -> Result<String> {
    eprintln!("xtask: running {cmd:?}");
    let output = cmd.stderr(std::process::Stdio::inherit()).output().with_context(|| format!("cannot start {cmd:?}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{stdout}");
    if !output.status.success() {
        bail!("{cmd:?} failed with {}", output.status);
    }
    Ok(stdout)
}

/// The number before " ms" on each line of `output` that starts (after spaces) with `label`.
fn milliseconds(output: &str, label: &str) -> Vec<f64> {
    numbers_before(output.lines().filter(|line| line.trim_start().starts_with(label)), " ms")
}

/// The number just before the first `unit` on each of `lines` that has one.
fn numbers_before<'a>(lines: impl Iterator<Item = &'a str>, unit: &str) -> Vec<f64> {
    lines
        .filter_map(|line| line.split_once(unit).and_then(|(before, _)| before.rsplit([' ', '=', ':']).next()?.parse().ok()))
        .collect()
}

/// Redaction throughput on the quality corpus and on generated ticket-like text: natively,
/// through the component, and Presidio's on the same texts.
fn bench_redaction() -> Result<()> {
    build()?;
    let dense = root().join("tests/redaction/corpus.jsonl");
    let tickets = target_dir().join("bench-redaction/tickets.jsonl");
    run(Command::new("python3").current_dir(root()).arg("tests/redaction/tickets.py").arg(&tickets).arg("1000"))?;
    let native = megabytes_per_second(cargo().args(["run", "--quiet", "--release", "-p", "synco-guest", "--example", "redact_bench", "--"]).arg(&dense).arg(&tickets))?;
    let wasm = megabytes_per_second(Command::new(synco()).current_dir(root()).env("SYNCO_COMPONENT", component()).args(["bench", "--redaction-only", "--redaction-corpus"]).arg(&dense).arg(&tickets))?;
    let presidio = megabytes_per_second(Command::new("python3").current_dir(root()).args(["tests/redaction/evaluate.py", "--speed-only", "--presidio", "--corpus"]).arg(&dense).arg(&tickets))?;
    println!("\nredaction throughput, MB/s (goals: native ≥ 200, wasm ≥ 100)");
    println!("{:<14}{:>10}{:>10}{:>10}{:>18}{:>16}", "text", "native", "wasm", "presidio", "native/presidio", "wasm/presidio");
    for (i, name) in ["dense corpus", "ticket-like"].iter().enumerate() {
        let (n, w, p) = (native.get(i).copied(), wasm.get(i).copied(), presidio.get(i).copied());
        let (Some(n), Some(w), Some(p)) = (n, w, p) else { bail!("a redaction benchmark printed fewer figures than expected") };
        println!("{name:<14}{n:>10.1}{w:>10.1}{p:>10.3}{:>17.0}×{:>15.0}×", n / p, w / p);
    }
    Ok(())
}

/// Runs `cmd`, echoing its output, and returns the number before each "MB/s" it printed.
fn megabytes_per_second(cmd: &mut Command) -> Result<Vec<f64>> {
    Ok(numbers_before(output_of(cmd)?.lines(), " MB/s"))
}

fn bench_js() -> Result<()> {
    build()?;
    let out = target_dir().join("bench-js-wasmtime.json");
    run(Command::new(synco()).current_dir(root()).env("SYNCO_COMPONENT", component()).args(["bench", "--js-peer"]).arg(&out))?;
    let js = root().join("js");
    if !js.join("node_modules").exists() {
        run(Command::new("npm").current_dir(&js).arg("ci"))?;
    }
    run(Command::new("node").current_dir(&js).args(["scripts/transpile.js", "--if-stale"]).env("SYNCO_COMPONENT", component()))?;
    run(Command::new("node").current_dir(root().join("js")).arg("bench/bench.js").env("SYNCO_WASMTIME_BENCH", &out))
}

fn bench_ranking() -> Result<()> {
    build()?;
    let dir = target_dir().join("bench-ranking");
    run(cargo().args(["run", "--quiet", "--release", "-p", "synco-guest", "--example", "rank_bench", "--"]).arg(&dir))?;
    run(Command::new(synco()).current_dir(root()).env("SYNCO_COMPONENT", component()).args(["bench", "--ranking-data"]).arg(&dir))?;
    run(Command::new("python3").current_dir(root()).arg("tests/ranking/faiss_bench.py").arg(&dir))
}

fn eval_redaction(extra: &[String]) -> Result<()> {
    build()?;
    let evaluate = || {
        let mut cmd = Command::new("python3");
        cmd.current_dir(root()).env("SYNCO_COMPONENT", component()).arg("tests/redaction/evaluate.py").arg("--synco").arg(synco()).arg("--presidio");
        cmd
    };
    run(evaluate().args(extra))?;
    // The held-out sets were written by helpers who had not seen the detectors; each is scored
    // apart so that its figures are not blended with those of the corpora they were tuned on.
    // `benign.jsonl` holds only text that must come out untouched (the false-positive side).
    for set in [
        "tests/redaction/heldout.jsonl",
        "tests/redaction/heldout2.jsonl",
        "tests/redaction/heldout3.jsonl",
        "tests/redaction/heldout4.jsonl",
        "tests/redaction/heldout5.jsonl",
        "tests/redaction/heldout6.jsonl",
        "tests/redaction/heldout7.jsonl",
        "tests/redaction/heldout8.jsonl",
        "tests/redaction/heldout9.jsonl",
        "tests/redaction/heldout10.jsonl",
        "tests/redaction/heldout11.jsonl",
        "tests/redaction/heldout12.jsonl",
        "tests/redaction/heldout13.jsonl",
        "tests/redaction/heldout14.jsonl",
        "tests/redaction/heldout15.jsonl",
        "tests/redaction/heldout16.jsonl",
        "tests/redaction/heldout17.jsonl",
        "tests/redaction/heldout18.jsonl",
        "tests/redaction/benign.jsonl",
    ] {
        println!("\nheld-out set ({set}):");
        run(evaluate().args(["--corpus", set]))?;
    }
    Ok(())
}
