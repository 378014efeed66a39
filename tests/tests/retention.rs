//! P3 and P7 on the bytes at rest: after complete syncs and indexing, no 12-character run of the
//! ticket, the page or the indexed pages appears in the SQLite file or its WAL, and nothing of the
//! output folder is under the data directory.

use synco_tests::{engine, example, example_request, examples_dir, tenant};

/// Every 12-byte window of `text` made of visible characters (not whitespace or markup only).
fn runs(text: &str) -> Vec<&[u8]> {
    text.as_bytes().windows(12).filter(|w| w.iter().filter(|b| b.is_ascii_alphanumeric()).count() >= 8).collect()
}

fn stored_bytes(home: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["synco.db", "synco.db-wal"] {
        if let Ok(b) = std::fs::read(home.join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

#[test]
fn no_ticket_or_page_text_is_stored_in_the_clear() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let acme = tenant("acme");
    synco_host::bench::index_examples(&engine, &acme, &examples_dir()).unwrap();
    for _ in 0..2 {
        engine.sync(&acme, &example_request()).unwrap();
    }
    let stored = stored_bytes(home.path());
    assert!(stored.len() > 10_000, "the database holds the index");
    let mut inputs = vec![example("issue.json"), example("page.xml")];
    for entry in std::fs::read_dir(examples_dir().join("pages")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xml") {
            inputs.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let at_rest: std::collections::HashSet<&[u8]> = stored.windows(12).collect();
    for input in &inputs {
        for run in runs(input) {
            assert!(!at_rest.contains(run), "found {:?} at rest", String::from_utf8_lossy(run));
        }
    }
}
