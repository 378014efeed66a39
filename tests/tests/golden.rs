//! The golden vectors in `tests/golden/`, run through the component in wasmtime: both hosts
//! (this one and Node, `js/test/golden.test.js`) must produce each vector's `expected` text byte
//! for byte. `tests/golden/README.md` defines the inputs and the canonical JSON of a result.
//!
//! `SYNCO_GOLDEN_WRITE=1` rewrites every vector's `expected` from wasmtime (and creates the
//! generated `rank-index-*` vectors when missing): wasmtime is the reference, Node must match it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};
use synco_guest::rank::xorshift::Xorshift;
use synco_host::backend::TenantConfig;
use synco_host::bindings::exports::synco::engine::ranking::{Entry, Filter, Query, RankingMode, Scan};
use synco_host::bindings::exports::synco::engine::redaction::CustomPattern;
use synco_host::bindings::synco::engine::types::{Person, PiiKind};
use synco_host::capabilities::provider_from_name;
use synco_host::engine::{PageInput, Policy, SyncEngine, SyncRequest};
use synco_host::kms;
use synco_host::tenant::TenantId;
use synco_tests::{component, config, open_installed, tenant};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("golden")
}

fn vectors() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    files
}

#[test]
fn every_golden_vector_gives_its_expected_bytes_in_wasmtime() {
    let writing = std::env::var("SYNCO_GOLDEN_WRITE").is_ok_and(|v| v == "1");
    if writing {
        generate_rank_index_vectors();
    }
    let home = tempfile::tempdir().unwrap();
    let engine = open_installed(config(home.path(), component()));
    let mut failures = Vec::new();
    let files = vectors();
    assert!(files.len() >= 10, "the golden vectors are missing");
    for path in &files {
        let mut vector: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = run(&engine, &vector);
        if writing && vector["expected"].as_str() != Some(got.as_str()) {
            vector["expected"] = Value::String(got);
            std::fs::write(path, serde_json::to_string_pretty(&vector).unwrap() + "\n").unwrap();
        } else if !writing && vector["expected"].as_str() != Some(got.as_str()) {
            failures.push(format!("{}:\n  expected {}\n  got      {got}", path.display(), vector["expected"]));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// Runs one vector and writes its result as canonical JSON.
fn run(engine: &SyncEngine, vector: &Value) -> String {
    let input = &vector["input"];
    let result = match vector["function"].as_str().unwrap() {
        "redact" => redact(engine, input),
        "diff" => diff(engine, input),
        "rank" => rank(engine, input),
        "rank-index" => rank_index(engine, input),
        "sync" => sync(input),
        "kms-open" => kms_open(input),
        "kms-digest" => kms_digest(input),
        other => panic!("unknown golden function {other:?}"),
    };
    canonical(&result)
}

fn redact(engine: &SyncEngine, input: &Value) -> Value {
    let policy = policy(&input["policy"]);
    let people: Vec<Person> = list(&input["people"]).iter().map(person).collect();
    let texts: Vec<String> = list(&input["texts"]).iter().map(string).collect();
    engine
        .call(&tenant("acme"), |store, e| {
            let redactor = e.synco_engine_redaction().redactor();
            let handle = match redactor.call_create(&mut *store, &policy, &people)? {
                Ok(handle) => handle,
                Err(err) => return Ok(err_value(&err, false)),
            };
            let mut out = Vec::new();
            for text in &texts {
                match redactor.call_redact(&mut *store, handle, text)? {
                    Ok(redacted) => out.push(redacted),
                    Err(err) => return Ok(err_value(&err, false)),
                }
            }
            let counts = redactor.call_counts(&mut *store, handle)?;
            handle.resource_drop(&mut *store)?;
            Ok(json!({"ok": {"counts": records(&counts), "texts": out}}))
        })
        .unwrap()
}

fn diff(engine: &SyncEngine, input: &Value) -> Value {
    let (old, new) = (string(&input["old"]), string(&input["new"]));
    let result = engine.call(&tenant("acme"), |store, e| e.synco_engine_diff().call_compare(&mut *store, &old, &new)).unwrap();
    result_value(result.as_ref().map(records), false)
}

fn rank(engine: &SyncEngine, input: &Value) -> Value {
    use synco_host::bindings::exports::synco::engine::ranking::Candidate;
    let query = floats(&input["query"]);
    let candidates: Vec<Candidate> = list(&input["candidates"]).iter().map(|c| Candidate { id: string(&c["id"]), vector: floats(&c["vector"]) }).collect();
    let k = input["k"].as_u64().unwrap() as u32;
    let result = engine.call(&tenant("acme"), |store, e| e.synco_engine_ranking().call_top_k(&mut *store, &query, &candidates, k)).unwrap();
    result_value(result.as_ref().map(records), false)
}

fn rank_index(engine: &SyncEngine, input: &Value) -> Value {
    let dimension = input["dimension"].as_u64().unwrap() as u32;
    let entries: Vec<Entry> = list(&input["entries"]).iter().map(entry).collect();
    let batches: Vec<(Vec<Query>, Scan)> = list(&input["batches"]).iter().map(|b| (list(&b["queries"]).iter().map(query).collect(), scan(&b["scan"]))).collect();
    engine
        .call(&tenant("acme"), |store, e| {
            let index = e.synco_engine_ranking().index();
            let handle = index.call_constructor(&mut *store, dimension)?;
            if let Err(err) = index.call_add(&mut *store, handle, &entries)? {
                return Ok(err_value(&err, false));
            }
            let mut results = Vec::new();
            for (queries, scan) in &batches {
                match index.call_search(&mut *store, handle, queries, *scan)? {
                    Ok(found) => results.push(records(&found)),
                    Err(err) => return Ok(err_value(&err, false)),
                }
            }
            handle.resource_drop(&mut *store)?;
            Ok(json!({"ok": results}))
        })
        .unwrap()
}

fn sync(input: &Value) -> Value {
    let home = tempfile::tempdir().unwrap();
    let mut cfg = config(home.path(), component());
    cfg.clock = synco_host::capabilities::Clock::Fixed(input["now-ms"].as_u64().unwrap());
    cfg.seed = Some(input["seed"].as_u64().unwrap());
    let engine = SyncEngine::open(cfg).unwrap();
    let id = TenantId::new(input["tenant"].as_str().unwrap_or("golden")).unwrap();
    let request = &input["request"];
    let config = TenantConfig { provider: string(&request["provider"]), model: string(&request["model"]), ..TenantConfig::default() };
    engine.install(&id, &config).unwrap();
    let index_policy = policy(&input["policy"]);
    for page in list(&input["index"]) {
        let page = PageInput {
            id: string(&page["id"]),
            space: string(&page["space"]),
            title: string(&page["title"]),
            labels: list(&page["labels"]).iter().map(string).collect(),
            storage: string(&page["storage"]),
            updated_at: page["updated-at"].as_u64().unwrap(),
        };
        engine.index_page(&id, &page, &index_policy).unwrap();
    }
    let request = SyncRequest {
        issue_json: string(&request["issue-json"]),
        page: string(&request["page"]),
        base: request["base"].as_str().map(str::to_string),
        page_version: request["page-version"].as_u64().unwrap() as u32,
        provider: provider_from_name(request["provider"].as_str().unwrap()).unwrap(),
        model: string(&request["model"]),
        policy: policy(&request["policy"]),
        related_limit: request["related-limit"].as_u64().unwrap() as u32,
    };
    match engine.sync(&id, &request) {
        Ok(mut outcome) => {
            outcome.audit_id = String::new();
            json!({"ok": records(&outcome)})
        }
        Err(synco_host::engine::EngineError::Rejected(err)) => err_value(&err, true),
        Err(other) => panic!("the sync vector failed in the host: {other}"),
    }
}

/// The tenant's data key: given directly, or unwrapped from the Rust host's stored form.
fn data_key(input: &Value, tenant: &TenantId) -> Vec<u8> {
    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap()).unwrap();
    if input.get("data-key").is_some() {
        return b64(&input["data-key"]);
    }
    let version = input["master-version"].as_u64().unwrap() as u32;
    kms::unwrap_data_key(&b64(&input["master-key"]), version, tenant, &b64(&input["wrapped-data-key"])).unwrap().to_vec()
}

fn kms_open(input: &Value) -> Value {
    use base64::Engine;
    let id = TenantId::new(input["tenant"].as_str().unwrap()).unwrap();
    let envelope = base64::engine::general_purpose::STANDARD.decode(input["envelope"].as_str().unwrap()).unwrap();
    match kms::open_with_data_key(&data_key(input, &id), &id, &string(&input["namespace"]), &string(&input["key"]), &envelope) {
        Ok(plain) => json!({"ok": base64::engine::general_purpose::STANDARD.encode(plain)}),
        Err(kms::KmsError::Unauthentic) => json!({"err": {"tag": "unauthentic"}}),
        Err(other) => panic!("unexpected kms error: {other}"),
    }
}

fn kms_digest(input: &Value) -> Value {
    use base64::Engine;
    let id = TenantId::new(input["tenant"].as_str().unwrap()).unwrap();
    let data = base64::engine::general_purpose::STANDARD.decode(input["data"].as_str().unwrap()).unwrap();
    json!({"ok": kms::digest_with_data_key(&data_key(input, &id), &data).unwrap()})
}

// ---- inputs ------------------------------------------------------------------------------------

fn list(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("expected a list, got {v}"))
}

fn string(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}")).to_string()
}

fn floats(v: &Value) -> Vec<f32> {
    list(v).iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

fn policy(v: &Value) -> Policy {
    Policy {
        disabled: list(&v["disabled"]).iter().map(|k| pii_kind(k.as_str().unwrap())).collect(),
        allow: list(&v["allow"]).iter().map(string).collect(),
        custom: list(&v["custom"]).iter().map(|c| CustomPattern { name: string(&c["name"]), pattern: string(&c["pattern"]) }).collect(),
    }
}

fn pii_kind(name: &str) -> PiiKind {
    use PiiKind as K;
    let all = [K::Email, K::Phone, K::CreditCard, K::Iban, K::IpAddress, K::Ssn, K::UrlCredentials, K::MacAddress, K::PrivateKey, K::Jwt, K::ApiKey, K::Password, K::Person, K::Custom];
    all.into_iter().find(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(kebab)).as_deref() == Some(name)).unwrap_or_else(|| panic!("unknown pii-kind {name:?}"))
}

fn person(v: &Value) -> Person {
    Person { account_id: string(&v["account-id"]), display_name: string(&v["display-name"]), email: v["email"].as_str().map(str::to_string) }
}

fn entry(v: &Value) -> Entry {
    Entry {
        id: string(&v["id"]),
        space: string(&v["space"]),
        labels: list(&v["labels"]).iter().map(string).collect(),
        updated_at: v["updated-at"].as_u64().unwrap(),
        text: string(&v["text"]),
        vector: floats(&v["vector"]),
    }
}

fn query(v: &Value) -> Query {
    let f = &v["filter"];
    let mode = match v["mode"].as_str().unwrap() {
        "vector" => RankingMode::Vector,
        "lexical" => RankingMode::Lexical,
        "hybrid" => RankingMode::Hybrid,
        other => panic!("unknown ranking mode {other:?}"),
    };
    Query {
        vector: floats(&v["vector"]),
        text: string(&v["text"]),
        k: v["k"].as_u64().unwrap() as u32,
        filter: Filter { spaces: list(&f["spaces"]).iter().map(string).collect(), labels: list(&f["labels"]).iter().map(string).collect(), updated_after: f["updated-after"].as_u64() },
        mode,
        diversity: v["diversity"].as_f64().map(|d| d as f32),
    }
}

fn scan(v: &Value) -> Scan {
    let n = || v["val"].as_u64().unwrap() as u32;
    match v["tag"].as_str().unwrap() {
        "exact" => Scan::Exact,
        "pruned" => Scan::Pruned,
        "int8" => Scan::Int8(n()),
        "binary" => Scan::Binary(n()),
        other => panic!("unknown scan {other:?}"),
    }
}

// ---- canonical JSON ----------------------------------------------------------------------------

/// A record (or list of records) as JSON with WIT field names; the one enum inside results,
/// `pii-kind` (the `kind` of a kind-count), as its case name.
fn records<T: Serialize + ?Sized>(value: &T) -> Value {
    fn walk(v: Value) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("kind", Value::String(s)) => Value::String(kebab(&s)),
                            (_, v) => walk(v),
                        };
                        (k.replace('_', "-"), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(walk).collect()),
            other => other,
        }
    }
    walk(serde_json::to_value(value).unwrap())
}

fn result_value<E: Serialize>(result: Result<Value, &E>, nested: bool) -> Value {
    match result {
        Ok(v) => json!({"ok": v}),
        Err(e) => err_value(e, nested),
    }
}

/// `{"err": {"tag", "val"?}}` for a contract error; `nested`: the error is a sync-error, whose
/// payloads (except `bad-model-output`'s string) are error variants themselves.
fn err_value<E: Serialize>(error: &E, nested: bool) -> Value {
    json!({"err": variant(serde_json::to_value(error).unwrap(), nested)})
}

fn variant(v: Value, nested: bool) -> Value {
    match v {
        Value::String(case) => json!({"tag": kebab(&case)}),
        Value::Object(map) => {
            let (case, payload) = map.into_iter().next().unwrap();
            let payload = if nested && case != "BadModelOutput" { variant(payload, false) } else { records(&payload) };
            json!({"tag": kebab(&case), "val": payload})
        }
        other => panic!("not a variant: {other}"),
    }
}

/// `CreditCard` → `credit-card`.
fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The canonical text: sorted keys, no whitespace, floats as ECMAScript writes them.
fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let sorted: std::collections::BTreeMap<&String, &Value> = map.iter().collect();
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap();
            let mut buffer = ryu_js::Buffer::new();
            out.push_str(if x == 0.0 { "0" } else { buffer.format(x) });
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

// ---- generated vectors ---------------------------------------------------------------------------


/// Writes the `rank-index-*` vectors when they are missing (their `expected` is then filled in
/// from wasmtime like every other vector's).
fn generate_rank_index_vectors() {
    let dir = golden_dir();
    let words = ["ledger", "refund", "webhook", "retry", "oncall", "rotation", "schema", "deploy", "token", "queue"];
    let spaces = ["ENG", "OPS", "PAY"];
    let mut rng = Xorshift(2026);
    let dim = 37; // not a multiple of 8: the lane tail is part of every score
    let entries: Vec<Value> = (0..240)
        .map(|i| {
            let vector: Vec<f32> = (0..dim).map(|_| rng.next_f32()).collect();
            json!({"id": format!("p{i:03}"), "space": spaces[i % 3], "labels": if i % 4 == 0 { vec!["runbook"] } else { vec![] },
                   "updated-at": 1_700_000_000_000u64 + i as u64 * 3_600_000, "text": format!("{} {} {}", words[i % 10], words[(i / 10) % 10], words[(i * 7) % 10]), "vector": vector})
        })
        .collect();
    let q = |rng: &mut Xorshift, text: &str, mode: &str, filter: Value, diversity: Value| {
        let vector: Vec<f32> = (0..dim).map(|_| rng.next_f32()).collect();
        json!({"vector": vector, "text": text, "k": 8, "filter": filter, "mode": mode, "diversity": diversity})
    };
    let none = json!({"spaces": [], "labels": [], "updated-after": null});
    let ops_runbooks = json!({"spaces": ["OPS"], "labels": ["runbook"], "updated-after": 1_700_000_000_000u64 + 60 * 3_600_000});
    let batch = |rng: &mut Xorshift, scan: Value| {
        json!({"queries": [
            q(rng, "refund ledger", "vector", none.clone(), Value::Null),
            q(rng, "webhook retry fails", "lexical", none.clone(), Value::Null),
            q(rng, "deploy token rotation", "hybrid", none.clone(), Value::Null),
            q(rng, "oncall queue", "hybrid", ops_runbooks.clone(), json!(0.6)),
            q(rng, "schema", "vector", none.clone(), json!(0.3)),
        ], "scan": scan})
    };
    let batches = vec![batch(&mut rng, json!({"tag": "exact"})), batch(&mut rng, json!({"tag": "int8", "val": 4})), batch(&mut rng, json!({"tag": "binary", "val": 8}))];
    let same_queries = batch(&mut rng, json!({"tag": "exact"}));
    let mut pruned_batch = same_queries.clone();
    pruned_batch["scan"] = json!({"tag": "pruned"});
    let pruned = json!({"name": "a pruned scan gives the exact scan's results, scores and order for the same queries, in both hosts",
        "function": "rank-index", "input": {"dimension": dim, "entries": entries.clone(), "batches": [same_queries, pruned_batch]}, "expected": ""});
    let modes = json!({"name": "the index ranks by vector, lexical and hybrid, filtered and diversified, with every scan, identically in both hosts",
        "function": "rank-index", "input": {"dimension": dim, "entries": entries, "batches": batches}, "expected": ""});
    let dup = json!({"name": "a batch with a repeated page id is refused whole",
        "function": "rank-index", "input": {"dimension": 2, "entries": [
            {"id": "a", "space": "", "labels": [], "updated-at": 0, "text": "", "vector": [1.0, 0.0]},
            {"id": "a", "space": "", "labels": [], "updated-at": 0, "text": "", "vector": [0.0, 1.0]}], "batches": []}, "expected": ""});
    for (name, vector) in [("rank-index-modes.json", modes), ("rank-index-duplicate-id.json", dup), ("rank-index-pruned.json", pruned)] {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(&path, serde_json::to_string_pretty(&vector).unwrap() + "\n").unwrap();
        }
    }
}
