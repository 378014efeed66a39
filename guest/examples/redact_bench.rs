//! Native redaction throughput (`cargo run --release -p synco-guest --example redact_bench`):
//! the texts of `tests/redaction/corpus.jsonl` repeated to at least 10 MB, redacted in 1 MB
//! chunks by one redactor. `synco bench` measures the same text through the component.

use std::time::Instant;

use synco_guest::redact::{Policy, Redactor};

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const CHUNK_BYTES: usize = 1024 * 1024;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/redaction/corpus.jsonl").to_string());
    let corpus = match std::fs::read_to_string(&path) {
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
    println!("redaction, native: {:.1} MB in {:.3} s = {:.1} MB/s", total as f64 / 1e6, best, total as f64 / 1e6 / best);
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
