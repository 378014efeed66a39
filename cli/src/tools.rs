//! `synco redact`, `diff` and `merge`: the engine's pure functions on files and stdin, through the
//! same sandboxed component as a sync.

use std::io::{BufRead, Read, Write};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use synco_host::bindings::exports::synco::engine::redaction::{Policy, RedactionError, Span};
use synco_host::bindings::synco::engine::types::{DocumentError, KindCount, Person};
use synco_host::engine::SyncEngine;
use synco_host::tenant::TenantId;

use synco_host::capabilities::kind_name;
use crate::{DiffArgs, Global, MergeArgs, RedactArgs, explain, open_engine, read, refuse_output_under_home};

/// One input line of `synco redact --jsonl`.
#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    people: Vec<LinePerson>,
}

/// A person named in the line's structured fields.
#[derive(Deserialize)]
struct LinePerson {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    account_id: String,
}

/// One output line: where the values are, by byte offset.
#[derive(Serialize)]
struct Spans {
    spans: Vec<Span>,
}

/// `synco redact`.
pub fn redact(global: &Global, args: &RedactArgs) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    let policy = Policy { disabled: Vec::new(), allow: args.allow.clone(), custom: Vec::new() };
    if args.jsonl {
        return redact_jsonl(&engine, &tenant, &policy);
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).context("stdin is not UTF-8 text")?;
    let (redacted, counts) = redact_text(&engine, &tenant, &policy, &text)?;
    print!("{redacted}");
    for count in counts {
        eprintln!("{:<16} {} value(s), {} occurrence(s)", kind_name(count.kind), count.distinct, count.occurrences);
    }
    Ok(())
}

fn redact_text(engine: &SyncEngine, tenant: &TenantId, policy: &Policy, text: &str) -> Result<(String, Vec<KindCount>)> {
    let outcome = engine
        .call(tenant, |store, e| {
            let redactor = e.synco_engine_redaction().redactor();
            let handle = match redactor.call_create(&mut *store, policy, &[])? {
                Ok(handle) => handle,
                Err(err) => return Ok(Err(err)),
            };
            let redacted = redactor.call_redact(&mut *store, handle, text)?;
            let counts = redactor.call_counts(&mut *store, handle)?;
            handle.resource_drop(&mut *store)?;
            Ok(redacted.map(|r| (r, counts)))
        })
        .map_err(explain)?;
    outcome.map_err(refused)
}

/// Reads `{"text", "people"?}` lines and writes `{"spans": […]}` lines, one redactor (one fresh
/// placeholder map) per line, all in one sandboxed instance.
fn redact_jsonl(engine: &SyncEngine, tenant: &TenantId, policy: &Policy) -> Result<()> {
    let lines: Vec<Line> = std::io::stdin()
        .lock()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|(i, l)| {
            let l = l.with_context(|| format!("line {} is not UTF-8", i + 1))?;
            serde_json::from_str(&l).with_context(|| format!("line {} is not {{\"text\": …, \"people\"?: […]}}", i + 1))
        })
        .collect::<Result<_>>()?;
    let spans = engine
        .call(tenant, |store, e| {
            let redactor = e.synco_engine_redaction().redactor();
            let mut all = Vec::with_capacity(lines.len());
            for line in &lines {
                let people: Vec<Person> = line.people.iter().map(person).collect();
                let handle = match redactor.call_create(&mut *store, policy, &people)? {
                    Ok(handle) => handle,
                    Err(err) => return Ok(Err(err)),
                };
                let spans = redactor.call_detect(&mut *store, handle, &line.text)?;
                handle.resource_drop(&mut *store)?;
                match spans {
                    Ok(spans) => all.push(spans),
                    Err(err) => return Ok(Err(err)),
                }
            }
            Ok(Ok(all))
        })
        .map_err(explain)?
        .map_err(refused)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for spans in spans {
        serde_json::to_writer(&mut out, &Spans { spans })?;
        out.write_all(b"\n")?;
    }
    Ok(out.flush()?)
}

fn person(p: &LinePerson) -> Person {
    Person { account_id: p.account_id.clone(), display_name: p.display_name.clone(), email: p.email.clone() }
}

fn refused(err: RedactionError) -> anyhow::Error {
    match err {
        RedactionError::PolicyTooLarge(why) => anyhow!("the policy is too large: {why}"),
        RedactionError::InvalidPattern(why) => anyhow!("a custom pattern is invalid: {why}"),
        RedactionError::TextTooLarge(limit) => anyhow!("the text is larger than the limit of {limit} bytes"),
    }
}

/// Refuses a `--review` file inside the data directory (the review holds page text).
pub fn refuse_review_under_home(global: &Global, review: Option<&std::path::Path>) -> Result<()> {
    review.map_or(Ok(()), |path| refuse_output_under_home(path, &global.home, "the review file", "--review"))
}

/// A document error of a call on several pages, naming the page at fault: each page is checked
/// alone (only on this error path) and the first that fails alone is named.
fn document_error(engine: &SyncEngine, tenant: &TenantId, error: &DocumentError, pages: &[(&str, &str)]) -> anyhow::Error {
    let fails_alone = |page: &str| matches!(page_problem(engine, tenant, page), Ok(Some(_)));
    let what = pages.iter().find(|(_, page)| fails_alone(page)).map_or("page", |(what, _)| what);
    anyhow!("{}", synco_host::engine::describe_document(what, error))
}

/// Why the component does not read `page` as storage format, or `None` when it does (it is
/// compared with the empty page).
pub(crate) fn page_problem(engine: &SyncEngine, tenant: &TenantId, page: &str) -> Result<Option<DocumentError>> {
    let compared = engine.call(tenant, |store, e| e.synco_engine_diff().call_compare(&mut *store, page, "")).map_err(explain)?;
    Ok(compared.err())
}

/// `synco diff OLD NEW`.
pub fn diff(global: &Global, args: &DiffArgs) -> Result<()> {
    refuse_review_under_home(global, args.review.as_deref())?;
    let (engine, tenant) = open_engine(global)?;
    let (old, new) = (read(&args.old, "old page")?, read(&args.new, "new page")?);
    let review = engine
        .call(&tenant, |store, e| e.synco_engine_diff().call_compare(&mut *store, &old, &new))
        .map_err(explain)?
        .map_err(|e| document_error(&engine, &tenant, &e, &[("old page", &old), ("new page", &new)]))?;
    println!("{}", review.summary);
    if let Some(path) = &args.review {
        std::fs::write(path, &review.html).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// `synco merge BASE THEIRS OURS`: the merged page on stdout.
pub fn merge(global: &Global, args: &MergeArgs) -> Result<()> {
    refuse_review_under_home(global, args.review.as_deref())?;
    let (engine, tenant) = open_engine(global)?;
    let base = read(&args.base, "base page")?;
    let theirs = read(&args.theirs, "current page")?;
    let ours = read(&args.ours, "generated page")?;
    let merged = engine
        .call(&tenant, |store, e| e.synco_engine_diff().call_merge(&mut *store, &base, &theirs, &ours))
        .map_err(explain)?
        .map_err(|e| document_error(&engine, &tenant, &e, &[("base page", &base), ("current page", &theirs), ("generated page", &ours)]))?;
    print!("{}", merged.storage);
    // The review compares the current page with the merged one; the merge itself is done and
    // printed even when the review cannot be made (a merged page over the engine's limits).
    let review = engine.call(&tenant, |store, e| e.synco_engine_diff().call_compare(&mut *store, &theirs, &merged.storage)).map_err(explain)?;
    let review = match review {
        Ok(review) => review,
        Err(e) => bail!("the merged page was printed, but its review could not be made: {}", synco_host::engine::describe_document("merged page", &e)),
    };
    eprintln!("{} ({} conflict(s) kept as panels)", review.summary, merged.conflicts);
    if let Some(path) = &args.review {
        std::fs::write(path, &review.html).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if merged.conflicts > 0 && args.fail_on_conflict {
        bail!("{} conflict(s)", merged.conflicts);
    }
    Ok(())
}
