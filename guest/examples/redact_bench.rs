//! Native redaction throughput (`cargo run --release -p synco-guest --example redact_bench
//! [CORPUS.jsonl …]`): each corpus's texts (default `tests/redaction/corpus.jsonl`) repeated to
//! at least 10 MB, redacted in 1 MB chunks by one redactor. `synco bench --redaction-corpus`
//! measures the same texts through the component; `cargo xtask bench-redaction` runs both on
//! the quality corpus and on ticket-like text, beside Presidio.

use std::time::Instant;

use synco_guest::redact::{Policy, Redactor};

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const CHUNK_BYTES: usize = 1024 * 1024;

fn main() {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        paths.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/redaction/corpus.jsonl").to_string());
    }
    for path in &paths {
        let corpus = match std::fs::read_to_string(path) {
            Ok(corpus) => corpus,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                std::process::exit(1);
            }
        };
        let texts: Vec<String> = corpus
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect();
        let chunks = chunks(&texts);
        let total: usize = chunks.iter().map(String::len).sum();
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let mut redactor = Redactor::new(Policy::default(), &[]).expect("an empty policy is valid");
            for chunk in &chunks {
                std::hint::black_box(redactor.redact(chunk).expect("chunks are under the limit"));
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        let name = std::path::Path::new(path).file_name().map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        println!("redaction, native, {name}: {:.1} MB in {:.3} s = {:.1} MB/s", total as f64 / 1e6, best, total as f64 / 1e6 / best);
    }
}

/// The texts, repeated and joined with blank lines into chunks of about 1 MB, 10 MB in all.
fn chunks(texts: &[String]) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut total = 0;
    for text in texts.iter().cycle() {
        if total >= TARGET_BYTES || texts.is_empty() {
            break;
        }
        let last = out.len() - 1;
        if out[last].len() >= CHUNK_BYTES {
            out.push(String::new());
        }
        let last = out.len() - 1;
        out[last].push_str(text);
        out[last].push_str("\n\n");
        total += text.len() + 2;
    }
    out
}
