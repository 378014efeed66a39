//! `cargo xtask bench-serve`: `synco serve` under a real load generator (`wrk`, installed from
//! Debian's package when missing) on loopback, against the Forge/Atlassian stand-in.
//!
//! 1. Throughput: one installation's `POST /sync` (token verified, issue, page, versions and the
//!    last synced version read over REST, the sync run in the sandbox, nothing to write because
//!    the event was applied) with the real component and the offline provider: requests per
//!    second, p50 and p99, errors.
//! 2. Isolation: with the hostile test component, a calm installation's p99 alone (one connection),
//!    then while a noisy installation (one connection) has every request spin until the CPU
//!    deadline (1 s); the ratio. The server's default per-installation concurrency (half the
//!    cores) is what keeps the noisy one to its share.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cmd` and returns it with the first line it prints.
fn start(cmd: &mut Command) -> Result<(Running, String)> {
    let mut child = cmd.stdout(Stdio::piped()).spawn().with_context(|| format!("cannot start {cmd:?}"))?;
    let stdout = child.stdout.take().context("no stdout")?;
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    Ok((running, line.trim().to_string()))
}

/// What one wrk run measured.
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    errors: u64,
}

fn ensure_wrk() -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    let sudo = if Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false) { vec![] } else { vec!["sudo", "-n"] };
    let mut install = Command::new(sudo.first().copied().unwrap_or("apt-get"));
    install.args(sudo.iter().skip(1)).args(if sudo.is_empty() { vec!["install", "-y", "-qq", "wrk"] } else { vec!["apt-get", "install", "-y", "-qq", "wrk"] });
    super::run(&mut install).context("wrk is needed (Debian package wrk)")
}

fn wrk(url: &str, token: &str, system: &str, issue: &str, connections: u32, seconds: u32) -> Result<Load> {
    let script = super::root().join("tests/serve/sync.lua");
    let out = Command::new("wrk")
        .args(["-t", "1", "-c", &connections.to_string(), "-d", &format!("{seconds}s"), "--latency", "-s"])
        .arg(&script)
        .arg(format!("{url}/sync"))
        .env("SYNCO_TOKEN", token)
        .env("SYNCO_SYSTEM_TOKEN", system)
        .env("SYNCO_ISSUE", issue)
        .output()
        .context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    parse_wrk(&text).with_context(|| format!("unexpected wrk output:\n{text}"))
}

/// Reads `Requests/sec`, the 50% and 99% latencies, the request count and non-2xx responses.
fn parse_wrk(text: &str) -> Option<Load> {
    let ms = |v: &str| -> Option<f64> {
        let (n, unit) = v.trim().split_at(v.trim().find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = n.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            _ => return None,
        })
    };
    let field = |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(str::trim).map(str::to_string));
    let rps = field("Requests/sec:")?.parse().ok()?;
    let p50_ms = ms(&field("50%")?)?;
    let p99_ms = ms(&field("99%")?)?;
    let requests = text.lines().find_map(|l| l.trim().split_once(" requests in ").and_then(|(n, _)| n.trim().parse().ok()))?;
    let errors = field("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
    Some(Load { rps, p50_ms, p99_ms, requests, errors })
}

fn install(url: &str, token: &str) -> Result<()> {
    super::run(
        Command::new("curl")
            .args(["-sS", "-f", "-o", "/dev/null", "-X", "POST", "-d", r#"{"eventType":"avi:forge:installed:app"}"#, "-H"])
            .arg(format!("authorization: Bearer {token}"))
            .arg(format!("{url}/lifecycle/installed")),
    )
}

fn serve(home: &Path, component: &Path, forge: &serde_json::Value, extra: &[&str], concurrency: &str) -> Result<(Running, String)> {
    let s = |k: &str| forge[k].as_str().unwrap_or_default().to_string();
    std::fs::create_dir_all(home)?;
    let log = std::fs::File::create(home.with_extension("log"))?;
    let (child, line) = start(
        Command::new(super::synco())
            .stderr(log)
            .arg("--home")
            .arg(home)
            .arg("--component")
            .arg(component)
            .args(extra)
            .args(["serve", "--listen", "127.0.0.1:0", "--app-ari", &s("app_ari"), "--jwks-url", &s("jwks"), "--api-origin", &s("url")])
            .args(["--tenant-rate", "100000", "--tenant-burst", "100000"])
            .args(if concurrency.is_empty() { vec![] } else { vec!["--tenant-concurrency", concurrency] })
            .env("SYNCO_LOG", "warn"),
    )?;
    let url = line.rsplit(' ').next().unwrap_or_default().to_string();
    if !url.starts_with("http") {
        bail!("synco serve did not start: {line}");
    }
    Ok((child, url))
}

/// Counts the refused requests in a server log by status and reason.
fn refusals(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut counts = std::collections::BTreeMap::new();
    for line in text.lines() {
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let fields = &entry["fields"];
        if let Some(status) = fields["status"].as_u64() {
            *counts.entry(format!("{status} {}", fields["kind"].as_str().unwrap_or_default())).or_insert(0u64) += 1;
        }
    }
    if counts.is_empty() { "none".into() } else { counts.iter().map(|(k, n)| format!("{n} × {k}")).collect::<Vec<_>>().join("; ") }
}

/// Runs the benchmark and prints the figures.
pub fn run() -> Result<()> {
    super::build()?;
    super::run(super::cargo().args(["build", "--release", "-p", "synco-tests", "--bin", "forge_standin"]))?;
    ensure_wrk()?;
    let (_forge, line) = start(&mut Command::new(super::target_dir().join("release/forge_standin")))?;
    let forge: serde_json::Value = serde_json::from_str(&line).context("the stand-in's first line")?;
    let token = |k: &str| forge[k].as_str().unwrap_or_default().to_string();
    let system = token("system_token");
    let scratch = std::env::temp_dir().join(format!("synco-bench-serve-{}", std::process::id()));

    let (server, url) = serve(&scratch.join("real"), &super::component(), &forge, &[], "4")?;
    install(&url, &token("calm"))?;
    let _ = wrk(&url, &token("calm"), &system, "PAY-142", 4, 3)?; // warm-up: the first sync writes
    std::thread::sleep(std::time::Duration::from_secs(1)); // requests the warm-up left in flight end
    let load = wrk(&url, &token("calm"), &system, "PAY-142", 4, 15)?;
    drop(server);
    println!("synco serve, POST /sync (offline provider, real component, --tenant-concurrency 4), wrk 1 thread × 4 connections, 15 s:");
    println!("  {:.0} requests/s · p50 {:.2} ms · p99 {:.2} ms · {} requests, {} errors", load.rps, load.p50_ms, load.p99_ms, load.requests, load.errors);
    println!("  refused: {}", refusals(&scratch.join("real.log")));

    let (server, url) = serve(&scratch.join("hostile"), &super::hostile_component(), &forge, &["--deadline-secs", "1"], "")?;
    install(&url, &token("calm"))?;
    install(&url, &token("noisy"))?;
    let alone = wrk(&url, &token("calm"), &system, "PAY-142", 1, 10)?;
    let noisy_token = token("noisy");
    let (noisy_url, noisy_system, loop_issue) = (url.clone(), system.clone(), token("loop_issue"));
    let noisy = std::thread::spawn(move || wrk(&noisy_url, &noisy_token, &noisy_system, &loop_issue, 1, 12));
    std::thread::sleep(std::time::Duration::from_secs(1));
    let beside = wrk(&url, &token("calm"), &system, "PAY-142", 1, 10)?;
    let noisy = noisy.join().map_err(|_| anyhow::anyhow!("the noisy load panicked"))??;
    drop(server);
    let hostile_refusals = refusals(&scratch.join("hostile.log"));
    let _ = std::fs::remove_dir_all(&scratch);
    println!("isolation (hostile component, 1 s CPU deadline, default per-installation concurrency; calm and noisy: 1 connection each):");
    println!("  calm alone:          {:.0} requests/s · p50 {:.2} ms · p99 {:.2} ms · {} errors", alone.rps, alone.p50_ms, alone.p99_ms, alone.errors);
    println!("  calm beside noisy:   {:.0} requests/s · p50 {:.2} ms · p99 {:.2} ms · {} errors", beside.rps, beside.p50_ms, beside.p99_ms, beside.errors);
    println!("  noisy (every request runs into the deadline): {} requests, {} answered non-2xx (503 deadline or 429 busy)", noisy.requests, noisy.errors);
    println!("  refused: {hostile_refusals}");
    println!("  calm p99 beside noisy / alone: {:.2}× (goal ≤ 2×)", beside.p99_ms / alone.p99_ms);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_wrk_latency_output() {
        let text = "Running 15s test @ http://x/sync\n  1 threads and 4 connections\n  Latency Distribution\n     50%    3.21ms\n     75%    4.00ms\n     90%    5.00ms\n     99%   12.50ms\n  12345 requests in 15.00s, 3.00MB read\n  Non-2xx or 3xx responses: 7\nRequests/sec:    823.00\n";
        let load = super::parse_wrk(text).unwrap();
        assert_eq!((load.rps, load.p50_ms, load.p99_ms, load.requests, load.errors), (823.0, 3.21, 12.5, 12345, 7));
    }
}
