//! Benchmark of the block diff beside a plain line diff.
//!
//! `cargo run --release -p synco-guest --example diff_bench [DIR]`
//!
//! With a folder, it also writes each page pair there (`NAME.old.xml`, `NAME.new.xml`), for
//! `synco bench --diff-data DIR` to time the same comparisons through the component in wasmtime
//! (`cargo xtask bench` runs both and prints the ratios).
//!
//! Builds two page pairs deterministically (a seeded generator, no randomness from the system):
//! a page of about 1 MB with 5% of its blocks changed, and a page of 10,000 blocks with every
//! block changed. Each page is serialized with one block per line, so `diff::compare` and
//! `imara-diff`'s histogram line diff see exactly the same text. Prints the median time of each
//! over several runs and the ratio compare / line diff (the goal is at most 3×), and, for scale,
//! the time quick-xml alone takes to read both pages event by event. (`compare` reads markup with
//! its own tokenizer, checks the old page whole and takes the new page's unchanged blocks from
//! it, so it now spends less than that on reading.)
//!
//! On Linux with glibc, the process first tells the allocator to keep the memory a run frees
//! for the next run (no trimming of the heap, no fresh mappings for large blocks), as the
//! guest's allocator does in wasm, whose linear memory never shrinks. Otherwise whether glibc
//! hands memory back after a run, and the next run faults it in page by page, depends on where
//! the run's last allocations happened to land: it moved the figure for the 1 MB page by up to
//! 20% between builds that differed only in how a few strings were allocated. Both peers run
//! under the same setting.

use std::hint::black_box;
use std::time::{Duration, Instant};

use imara_diff::{Algorithm, Diff, InternedInput};
use quick_xml::Reader;
use quick_xml::events::Event;
use synco_guest::diff::compare;

/// Makes one page pair: the old page and the new one.
type MakePair = fn() -> (String, String);

/// Runs per measurement; the median is reported.
const RUNS: usize = 15;

/// A small deterministic generator (SplitMix64), so every run benchmarks the same pages.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

const WORDS: [&str; 24] = [
    "refund",
    "ledger",
    "retry",
    "queue",
    "processor",
    "webhook",
    "region",
    "worker",
    "timeout",
    "settlement",
    "duplicate",
    "entry",
    "the",
    "and",
    "of",
    "a",
    "is",
    "when",
    "für",
    "café",
    "&amp;",
    "&nbsp;",
    "incident",
    "page",
];

/// `count` words from the generator.
fn sentence(rng: &mut Seeded, count: usize) -> String {
    (0..count)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// One block of a realistic mix: mostly paragraphs, some headings, lists, tables and code.
fn block(rng: &mut Seeded, index: usize) -> String {
    match rng.below(10) {
        0 => format!("<h2>Section {index}: {}</h2>", sentence(rng, 4)),
        1 => {
            let items: String = (0..3)
                .map(|item| format!("<li>Item {index}.{item}: {}</li>", sentence(rng, 8)))
                .collect();
            format!("<ul>{items}</ul>")
        }
        2 => format!(
            "<table><tbody><tr><th>{}</th><td>Row {index}: {}</td></tr><tr><th>{}</th><td>{}</td></tr></tbody></table>",
            sentence(rng, 2),
            sentence(rng, 10),
            sentence(rng, 2),
            sentence(rng, 10)
        ),
        3 => format!(
            "<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\"><ac:plain-text-body><![CDATA[# step {index}: refundsctl queue stats --region eu-west-{index} | grep -E 'pending|retrying']]></ac:plain-text-body></ac:structured-macro>"
        ),
        _ => format!("<p>Block {index}: {}.</p>", sentence(rng, 28)),
    }
}

/// The block with one word added after its numbered label (every generated block has one).
fn changed(block: &str, rng: &mut Seeded) -> String {
    let word = WORDS[rng.below(WORDS.len())];
    block.replacen(": ", &format!(": {word} "), 1)
}

/// A page pair: `blocks` blocks, each changed with probability `changed_percent`%.
fn pair(seed: u64, blocks: usize, changed_percent: usize) -> (String, String) {
    let mut rng = Seeded(seed);
    let old: Vec<String> = (0..blocks).map(|i| block(&mut rng, i)).collect();
    let new: Vec<String> = old
        .iter()
        .map(|b| {
            if rng.below(100) < changed_percent {
                changed(b, &mut rng)
            } else {
                b.clone()
            }
        })
        .collect();
    (old.join("\n") + "\n", new.join("\n") + "\n")
}

/// A pair of `target_bytes` or a little more, 5% of blocks changed.
fn pair_of_size(seed: u64, target_bytes: usize, changed_percent: usize) -> (String, String) {
    let mut blocks = 1_000;
    loop {
        let (old, new) = pair(seed, blocks, changed_percent);
        if old.len() >= target_bytes {
            return (old, new);
        }
        blocks = blocks * target_bytes / old.len().max(1) + 1;
    }
}

/// The median duration of `RUNS` runs of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// The line diff a text tool would do: interning, histogram diff and slider post-processing.
fn line_diff(old: &str, new: &str) -> u32 {
    let input = InternedInput::new(old, new);
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    diff.count_additions() + diff.count_removals()
}

/// Only reading both pages with quick-xml, event by event: what checking the markup costs
/// with a general XML reader.
fn tokenize(old: &str, new: &str) -> usize {
    [old, new]
        .into_iter()
        .map(|page| {
            let mut reader = Reader::from_str(page);
            let mut events = 0;
            while !matches!(reader.read_event(), Ok(Event::Eof) | Err(_)) {
                events += 1;
            }
            events
        })
        .sum()
}

fn measure(name: &str, old: &str, new: &str) {
    let review = compare(old, new).expect("generated pages are storage format");
    let compare_time = median(|| {
        black_box(compare(black_box(old), black_box(new)).ok());
    });
    let line_time = median(|| {
        black_box(line_diff(black_box(old), black_box(new)));
    });
    let tokenize_time = median(|| {
        black_box(tokenize(black_box(old), black_box(new)));
    });
    let per_line =
        |time: Duration| time.as_secs_f64() / line_time.as_secs_f64().max(f64::MIN_POSITIVE);
    let ratio = per_line(compare_time);
    println!("{name}");
    println!(
        "  pages: {} / {} bytes, {} lines; {} blocks changed ({})",
        old.len(),
        new.len(),
        old.lines().count(),
        review.changed_blocks,
        review.summary
    );
    println!(
        "  output: edit script {} bytes, HTML review {} bytes",
        review.edit_script.len(),
        review.html.len()
    );
    println!(
        "  diff::compare          {:>10.3} ms",
        compare_time.as_secs_f64() * 1e3
    );
    println!(
        "  imara-diff line diff   {:>10.3} ms",
        line_time.as_secs_f64() * 1e3
    );
    println!("  ratio compare / lines  {ratio:>10.2}×");
    println!(
        "  (for scale: quick-xml reading both pages {:.3} ms, {:.2}× the line diff)",
        tokenize_time.as_secs_f64() * 1e3,
        per_line(tokenize_time)
    );
}

/// Tells glibc's allocator to keep freed memory in the process (see the module docs). Returns
/// whether it took the setting.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() -> bool {
    // The largest threshold glibc accepts for serving blocks by fresh mappings (32 MiB on
    // 64-bit targets); larger blocks than that are not allocated here.
    const LARGEST_MMAP_THRESHOLD: libc::c_int = 32 * 1024 * 1024;
    // SAFETY: `mallopt` only sets two of the allocator's thresholds; it is called before any
    // other thread exists and takes no pointers.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX) == 1
            && libc::mallopt(libc::M_MMAP_THRESHOLD, LARGEST_MMAP_THRESHOLD) == 1
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() -> bool {
    false
}

fn main() -> std::io::Result<()> {
    let kept = keep_freed_memory();
    println!(
        "median of {RUNS} runs each; freed memory kept between runs: {}\n",
        if kept {
            "yes (glibc told so)"
        } else {
            "as the allocator does by default"
        }
    );
    let out = std::env::args().nth(1).map(std::path::PathBuf::from);
    // Each pair is made just before it is measured, so that the second does not sit in memory
    // while the first is timed. The files are numbered so that their names sort in this order.
    let pairs: [(&str, &str, MakePair); 2] = [
        ("1-1mb-5pct", "1 MB page, 5% of blocks changed", || {
            pair_of_size(0x5eed_0001, 1024 * 1024, 5)
        }),
        (
            "2-10000-blocks-all",
            "10,000-block page, every block changed",
            || pair(0x5eed_0002, 10_000, 100),
        ),
    ];
    for (file, name, make) in pairs {
        let (old, new) = make();
        measure(name, &old, &new);
        println!();
        if let Some(dir) = &out {
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(format!("{file}.old.xml")), &old)?;
            std::fs::write(dir.join(format!("{file}.new.xml")), &new)?;
        }
    }
    Ok(())
}
