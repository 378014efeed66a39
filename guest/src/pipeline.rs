//! The sync pipeline and page indexing, driven through the host's capabilities.
//!
//! `sync`: parse the issue and the page → redact → rank related pages from the store → build the
//! prompt → model → restore placeholders → sanitize the answer to allowed storage format → replace
//! the managed section → three-way merge with the person's edits → diff for review. The version
//! message names the sync: `Sync-o: <ISSUE-KEY> · <sync id>`.
//!
//! `index_page`: parse → redacted excerpt → embedding → seal → store for 90 days under a keyed
//! digest of the page id.
//!
//! The capabilities come in through the [`Host`] trait, so the whole pipeline runs natively in unit
//! tests against an in-memory host; in the component they are the WIT imports.

use serde::{Deserialize, Serialize};

use crate::providers::AnswerError;

use crate::bindings::exports::synco::engine::diff::Review;
use crate::bindings::exports::synco::engine::redaction::Policy as WitPolicy;
use crate::bindings::exports::synco::engine::sync::{PageInput, RelatedPage, SyncError, SyncOutcome, SyncRequest};
use crate::bindings::synco::engine::kms::KmsError;
use crate::bindings::synco::engine::log::Level;
use crate::bindings::synco::engine::model::{EmbedRequest, EmbedTask, GenerateRequest, GenerateResponse, ModelError};
use crate::bindings::synco::engine::store::StoreError;
use crate::bindings::synco::engine::types::Provider as WitProvider;
use crate::convert;
use crate::prompt::{self, Excerpt, PromptInput};
use crate::rank::index::{Entry, Filter, Index, Mode, Query, Scan};
use crate::redact::{Redactor, Restored, plain_spaces};
use crate::types::{Issue, Person};
use crate::{diff, issue, merge, sanitize, section, storage};

/// The store namespace of the related-page index.
pub const INDEX_NAMESPACE: &str = "page-index";
/// Key prefix of page records inside the namespace.
const PAGE_PREFIX: &str = "page/";
/// Lifetime of an index record: 90 days (P7; the host caps it there too).
const INDEX_TTL_SECONDS: u64 = 90 * 24 * 3600;
/// Characters of page text kept as the excerpt.
const EXCERPT_CHARS: usize = 600;
/// Length of the random fence boundary.
const BOUNDARY_LEN: usize = 24;

/// The capabilities the pipeline needs: the WIT imports, as a trait.
pub trait Host {
    /// `model.generate`.
    fn generate(&mut self, request: &GenerateRequest) -> Result<GenerateResponse, ModelError>;
    /// `model.embed`.
    fn embed(&mut self, request: &EmbedRequest) -> Result<Vec<Vec<f32>>, ModelError>;
    /// `kms.seal`.
    fn seal(&mut self, namespace: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>, KmsError>;
    /// `kms.open`.
    fn open(&mut self, namespace: &str, key: &str, envelope: &[u8]) -> Result<Vec<u8>, KmsError>;
    /// `kms.digest`.
    fn digest(&mut self, data: &[u8]) -> Result<String, KmsError>;
    /// `kms.random-bytes`.
    fn random_bytes(&mut self, len: u32) -> Vec<u8>;
    /// `store.get`.
    fn get(&mut self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// `store.put`.
    fn put(&mut self, namespace: &str, key: &str, envelope: &[u8], ttl_seconds: Option<u64>) -> Result<(), StoreError>;
    /// `store.list`.
    fn list(&mut self, namespace: &str, prefix: &str) -> Result<Vec<String>, StoreError>;
    /// `log.emit`: metadata only, never content.
    fn log(&mut self, level: Level, message: &str);
}

/// What an index record holds. Sealed before it leaves the guest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PageRecord {
    page_id: String,
    space: String,
    title: String,
    labels: Vec<String>,
    updated_at: u64,
    /// Redacted, with placeholders made generic (`[EMAIL]`), so they cannot be confused with a
    /// later request's numbered placeholders.
    excerpt: String,
    #[serde(with = "vector_bytes")]
    vector: Vec<f32>,
}

/// Vectors travel in records as base64 of little-endian f32: 4 bytes per dimension before
/// base64 (about 5.3 after), where JSON numbers take 10 or more characters each.
mod vector_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::de::Error;

    pub fn serialize<S: serde::Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        let bytes = STANDARD.decode(text).map_err(D::Error::custom)?;
        if bytes.len() % 4 != 0 {
            return Err(D::Error::custom("a vector's byte length is not a multiple of 4"));
        }
        Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
}

/// Runs one sync.
pub fn sync(host: &mut impl Host, request: &SyncRequest) -> Result<SyncOutcome, SyncError> {
    let issue = issue::parse_issue(&request.issue_json).map_err(|e| SyncError::InvalidIssue(convert::document_error(e)))?;
    let page_blocks = storage::parse_page(&request.page).map_err(invalid_page)?;
    if let Some(base) = &request.base {
        storage::parse_page(base).map_err(invalid_page)?;
    }
    let mut redactor = Redactor::new(convert::policy(&request.policy), &people(&issue, &request.issue_json)).map_err(|e| SyncError::Redaction(convert::redaction_error(e)))?;
    let current = section::current_text(&page_blocks, &issue.key);
    for text in issue_texts(&issue).chain([current.as_str()]) {
        redactor.reserve(&plain_spaces(text));
    }
    let redacted = redact_issue(&mut redactor, &issue)?;
    let current = redact(&mut redactor, &current)?;
    let (related, mut excerpts) = related_pages(host, request.provider, &redacted, &Ranking::for_sync(request.related_limit))?;
    for excerpt in &mut excerpts {
        // Titles are stored as written; a placeholder-shaped token in one is made generic first,
        // so it cannot be read back as one of this request's placeholders.
        excerpt.title = redact(&mut redactor, &generic_placeholders(&plain_spaces(&excerpt.title)))?;
    }
    let input = PromptInput {
        provider: convert::provider(request.provider),
        model: request.model.clone(),
        issue: redacted,
        current_section: current,
        excerpts,
        boundary: boundary(host),
    };
    let built = prompt::build(&input).map_err(|e| SyncError::Prompt(convert::prompt_error(e)))?;
    redactor.forget_unsent(&built.body);
    let counts: Vec<_> = redactor.counts().into_iter().map(convert::kind_count).collect();
    let response = host
        .generate(&GenerateRequest { provider: request.provider, model: request.model.clone(), body: built.body, digest: built.digest, redactions: counts.clone() })
        .map_err(SyncError::Model)?;
    let generated = answer_text(convert::provider(request.provider), &response)?;
    let sanitized = sanitize::sanitize(&generated).map_err(|e| SyncError::BadModelOutput(e.to_string()))?;
    let restored = restore_into_markup(&redactor, &sanitized);
    let section = restored.text;
    let base = request.base.as_deref().unwrap_or(&request.page);
    let ours = section::replace(base, &issue.key, &section).map_err(invalid_page)?;
    let merged = merge::merge(base, &request.page, &ours).map_err(invalid_page)?;
    let review = diff::compare(&request.page, &merged.storage).map_err(invalid_page)?;
    host.log(Level::Info, &format!("sync: {} blocks changed, {} conflicts, {} values redacted", review.changed_blocks, merged.conflicts, redactor.total()));
    let sync_id = sync_id(&issue, request.page_version);
    Ok(SyncOutcome {
        version_message: format!("Sync-o: {} · {sync_id}", issue.key),
        sync_id,
        page: merged.storage,
        review: Review { summary: review.summary, edit_script: review.edit_script, html: review.html, changed_blocks: review.changed_blocks },
        conflicts: merged.conflicts,
        redactions: counts,
        unknown_placeholders: u32::try_from(restored.unknown.len()).unwrap_or(u32::MAX),
        related,
        audit_id: response.audit_id,
    })
}

/// The indexed pages most related to an issue, best first, with the terms they share.
pub fn related(host: &mut impl Host, issue_json: &str, policy: &WitPolicy, provider: WitProvider, ranking: &Ranking) -> Result<Vec<RelatedPage>, SyncError> {
    let issue = issue::parse_issue(issue_json).map_err(|e| SyncError::InvalidIssue(convert::document_error(e)))?;
    let mut redactor = Redactor::new(convert::policy(policy), &people(&issue, issue_json)).map_err(|e| SyncError::Redaction(convert::redaction_error(e)))?;
    let redacted = redact_issue(&mut redactor, &issue)?;
    Ok(related_pages(host, provider, &redacted, ranking)?.0)
}

/// How related pages are ranked and which may be returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// How many pages.
    pub limit: u32,
    /// Vector, lexical or hybrid.
    pub mode: Mode,
    /// Which pages may be returned.
    pub filter: Filter,
    /// MMR trade-off, if any.
    pub diversity: Option<f32>,
}

impl Ranking {
    /// What a sync uses: hybrid ranking over every page, no diversification.
    pub fn for_sync(limit: u32) -> Ranking {
        Ranking { limit, mode: Mode::Hybrid, filter: Filter::default(), diversity: None }
    }
}

/// Adds or refreshes one page in the related-page index; returns its store key.
pub fn index_page(host: &mut impl Host, page: &PageInput, policy: &WitPolicy, provider: WitProvider) -> Result<String, SyncError> {
    let blocks = storage::parse_page(&page.storage).map_err(invalid_page)?;
    let text: String = blocks.iter().map(|b| b.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
    let mut redactor = Redactor::new(convert::policy(policy), &[]).map_err(|e| SyncError::Redaction(convert::redaction_error(e)))?;
    // Redacted whole, then cut: cut first, a value across the cut would go out half, undetected.
    let excerpt: String = generic_placeholders(&redact(&mut redactor, &text)?).chars().take(EXCERPT_CHARS).collect();
    let title = generic_placeholders(&redact(&mut redactor, &page.title)?);
    let vector = embed_one(host, provider, EmbedTask::Document, &format!("{title}\n{excerpt}"))?;
    let record = PageRecord {
        page_id: page.id.clone(),
        space: page.space.clone(),
        title: page.title.clone(),
        labels: page.labels.clone(),
        updated_at: page.updated_at,
        excerpt,
        vector,
    };
    let key = format!("{PAGE_PREFIX}{}", host.digest(format!("page:{}", page.id).as_bytes()).map_err(SyncError::Kms)?);
    let bytes = serde_json::to_vec(&record).map_err(|e| SyncError::BadModelOutput(e.to_string()))?;
    let sealed = host.seal(INDEX_NAMESPACE, &key, &bytes).map_err(SyncError::Kms)?;
    host.put(INDEX_NAMESPACE, &key, &sealed, Some(INDEX_TTL_SECONDS)).map_err(SyncError::Store)?;
    host.log(Level::Info, "index: page record stored");
    Ok(key)
}

fn invalid_page(e: crate::types::DocumentError) -> SyncError {
    SyncError::InvalidPage(convert::document_error(e))
}

/// `text` redacted in the form the detectors know ([`plain_spaces`]): every text the pipeline
/// sends to a model goes through here, and the texts reserved first are read the same way, so a
/// zero-width space can neither hide a value nor assemble a placeholder the redactor then issues.
fn redact(redactor: &mut Redactor, text: &str) -> Result<String, SyncError> {
    redactor.redact(&plain_spaces(text)).map_err(|e| SyncError::Redaction(convert::redaction_error(e)))
}

/// The people named in the issue's structured fields, then those its text mentions
/// (`issue_json`'s ADF mentions), each once, within the redactor's limit on people.
fn people(issue: &Issue, issue_json: &str) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for person in structured_people(issue).cloned().chain(issue::mentioned_people(issue_json, crate::redact::MAX_PERSON_FORM_BYTES)) {
        if out.len() < crate::redact::MAX_PEOPLE && !out.iter().any(|p| p.account_id == person.account_id) {
            out.push(person);
        }
    }
    out
}

/// The issue with every free-text field and every person replaced by placeholders. The people
/// of the structured fields are redacted first, so they are numbered in the same order on every
/// sync of the issue (the assignee is `[PERSON_1]`), whoever else the texts name.
fn redact_issue(redactor: &mut Redactor, issue: &Issue) -> Result<Issue, SyncError> {
    let mut out = issue.clone();
    out.assignee = redact_person(redactor, issue.assignee.as_ref())?;
    out.reporter = redact_person(redactor, issue.reporter.as_ref())?;
    for (comment, original) in out.comments.iter_mut().zip(&issue.comments) {
        comment.author = redact_person(redactor, original.author.as_ref())?;
    }
    out.summary = redact(redactor, &issue.summary)?;
    out.status = redact(redactor, &issue.status)?;
    out.issue_type = redact(redactor, &issue.issue_type)?;
    out.priority = issue.priority.as_deref().map(|p| redact(redactor, p)).transpose()?;
    out.description = redact(redactor, &issue.description)?;
    out.labels = issue.labels.iter().map(|l| redact(redactor, l)).collect::<Result<_, _>>()?;
    for (comment, original) in out.comments.iter_mut().zip(&issue.comments) {
        comment.body = redact(redactor, &original.body)?;
    }
    Ok(out)
}

/// Every text of the issue that is redacted for a prompt.
fn issue_texts(issue: &Issue) -> impl Iterator<Item = &str> {
    [issue.summary.as_str(), issue.description.as_str(), issue.status.as_str(), issue.issue_type.as_str(), issue.priority.as_deref().unwrap_or_default()]
        .into_iter()
        .chain(issue.labels.iter().map(String::as_str))
        .chain(issue.comments.iter().map(|c| c.body.as_str()))
        .chain(structured_people(issue).map(|p| p.display_name.as_str()))
}

/// The people of the issue's structured fields: assignee, reporter, comment authors.
fn structured_people(issue: &Issue) -> impl Iterator<Item = &Person> {
    [issue.assignee.as_ref(), issue.reporter.as_ref()].into_iter().flatten().chain(issue.comments.iter().filter_map(|c| c.author.as_ref()))
}

/// The sanitized section with the placeholders put back where they are text: escaped in text,
/// as they are inside a code block's CDATA (a `]]>` in a value split so the section cannot end
/// early), and never inside a tag. A value the model put in an attribute, a link's target
/// (`href="https://elsewhere/?k=[API_KEY_1]"`) or a page title, stays a placeholder: restoring it
/// there would send it wherever the link points, where no reviewer sees it. Last, any
/// `synco:` marker text in the section is defused, so generated content can never pose as a
/// section anchor (its own or another issue's) and move a section's edges in a later sync, and
/// the title of the merge's conflict panel is reworded, so it cannot pose as one.
fn restore_into_markup(redactor: &Redactor, markup: &str) -> Restored {
    let mut text = String::with_capacity(markup.len());
    let mut unknown: Vec<String> = Vec::new();
    let mut take = |restored: Restored, text: &mut String| {
        text.push_str(&restored.text);
        for token in restored.unknown {
            if !unknown.contains(&token) {
                unknown.push(token);
            }
        }
    };
    let mut rest = markup;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(CDATA_OPEN) {
            let end = after.find(CDATA_CLOSE).unwrap_or(after.len());
            text.push_str(CDATA_OPEN);
            let body = redactor.restore_with(&after[..end], |value| value.replace(CDATA_CLOSE, "]]]]><![CDATA[>"));
            take(Restored { text: body.text.replace(MARKER_PREFIX, "synco]]><![CDATA[:"), unknown: body.unknown }, &mut text);
            rest = &after[end..];
            if let Some(after_close) = rest.strip_prefix(CDATA_CLOSE) {
                text.push_str(CDATA_CLOSE);
                rest = after_close;
            }
        } else if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            text.push_str(&rest[..end].replace(MARKER_PREFIX, DEFUSED_MARKER));
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let body = redactor.restore_with(&rest[..end], storage::escape_text);
            let defused = body.text.replace(MARKER_PREFIX, DEFUSED_MARKER).replace(merge::PANEL_TITLE, "Sync-o suggestion (generated)");
            take(Restored { text: defused, unknown: body.unknown }, &mut text);
            rest = &rest[end..];
        }
    }
    Restored { text, unknown }
}

const CDATA_OPEN: &str = "<![CDATA[";
const CDATA_CLOSE: &str = "]]>";
/// How every section anchor's name starts (see [`section`]).
const MARKER_PREFIX: &str = "synco:";
/// The same text to a reader, but not to [`section::find`].
const DEFUSED_MARKER: &str = "synco&#58;";

/// A person reduced to their placeholder: no account id or email leaves the sandbox.
fn redact_person(redactor: &mut Redactor, person: Option<&Person>) -> Result<Option<Person>, SyncError> {
    let Some(person) = person else { return Ok(None) };
    let name = redact(redactor, &person.display_name)?;
    Ok(Some(Person { account_id: String::new(), display_name: name, email: None }))
}

/// Ranks the indexed pages against the redacted issue; returns the related pages and their
/// excerpts, best first. Records whose embedding has another dimension than the query's (indexed
/// under a previous embedder) are left out and logged.
fn related_pages(host: &mut impl Host, provider: WitProvider, issue: &Issue, ranking: &Ranking) -> Result<(Vec<RelatedPage>, Vec<Excerpt>), SyncError> {
    if ranking.limit == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    let records = load_index(host)?;
    if records.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let issue_text = format!("{}\n{}", issue.summary, issue.description);
    let vector = if ranking.mode == Mode::Lexical { Vec::new() } else { embed_one(host, provider, EmbedTask::Query, &issue_text)? };
    // An issue with no embeddable words: hybrid falls back to lexical, vector finds nothing.
    let mode = match ranking.mode {
        Mode::Hybrid if vector.iter().all(|x| *x == 0.0) => Mode::Lexical,
        Mode::Vector if vector.iter().all(|x| *x == 0.0) => return Ok((Vec::new(), Vec::new())),
        mode => mode,
    };
    let dim = if mode == Mode::Lexical { records[0].vector.len() } else { vector.len() };
    let (usable, stale): (Vec<&PageRecord>, Vec<&PageRecord>) = records.iter().partition(|r| r.vector.len() == dim);
    if !stale.is_empty() {
        host.log(Level::Warn, &format!("index: left out {} records embedded with another dimension", stale.len()));
    }
    let mut index = Index::new(dim);
    let entries = usable.iter().map(|r| Entry {
        id: r.page_id.clone(),
        space: r.space.clone(),
        labels: r.labels.clone(),
        updated_at: r.updated_at,
        text: format!("{} {}", r.title, r.excerpt),
        vector: r.vector.clone(),
    });
    index.add(entries.collect()).map_err(|e| SyncError::Ranking(convert::ranking_error(e)))?;
    let query = Query { vector, text: issue_text.clone(), k: ranking.limit, filter: ranking.filter.clone(), mode, diversity: ranking.diversity };
    let ranked = index.search(&[query], Scan::Exact).map_err(|e| SyncError::Ranking(convert::ranking_error(e)))?;
    let mut related = Vec::new();
    let mut excerpts = Vec::new();
    for hit in ranked.into_iter().flatten() {
        let Some(record) = usable.iter().find(|r| r.page_id == hit.id) else { continue };
        let shared_terms = shared_terms(&issue_text, &format!("{} {}", record.title, record.excerpt));
        related.push(RelatedPage { page_id: record.page_id.clone(), title: record.title.clone(), score: hit.score, shared_terms });
        excerpts.push(Excerpt { page_id: record.page_id.clone(), title: record.title.clone(), text: record.excerpt.clone() });
    }
    Ok((related, excerpts))
}

/// English function words of four letters or more, which explain nothing about a match.
const STOPWORDS: [&str; 40] = [
    "about", "after", "again", "also", "been", "before", "being", "both", "could", "does", "each", "first", "from", "have",
    "here", "into", "just", "more", "most", "much", "must", "only", "other", "over", "same", "should", "some", "such",
    "than", "that", "their", "them", "then", "there", "these", "they", "this", "when", "will", "with",
];

/// Up to five words of four letters or more that both texts contain (case-insensitive, function
/// words aside), the most frequent in `issue` first, ties in alphabetical order. Placeholders are
/// not words.
fn shared_terms(issue: &str, page: &str) -> Vec<String> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit() || c.is_uppercase()))
            .map(str::to_lowercase)
            .filter(|w| !STOPWORDS.contains(&w.as_str()))
            .collect()
    };
    let in_page: std::collections::BTreeSet<String> = words(page).into_iter().collect();
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for word in words(issue).into_iter().filter(|w| in_page.contains(w)) {
        *counts.entry(word).or_default() += 1;
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(5).map(|(word, _)| word).collect()
}

/// Every live page record of the tenant, opened. A record that no longer opens or decodes (a
/// key rotation gone wrong, a format change) is skipped and logged, never fatal to the sync.
fn load_index(host: &mut impl Host) -> Result<Vec<PageRecord>, SyncError> {
    let keys = host.list(INDEX_NAMESPACE, PAGE_PREFIX).map_err(SyncError::Store)?;
    let mut records = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(envelope) = host.get(INDEX_NAMESPACE, &key).map_err(SyncError::Store)? else { continue };
        let record = host.open(INDEX_NAMESPACE, &key, &envelope).ok().and_then(|bytes| serde_json::from_slice::<PageRecord>(&bytes).ok());
        match record {
            Some(record) => records.push(record),
            None => host.log(Level::Warn, "index: skipped a record that does not open or decode"),
        }
    }
    Ok(records)
}

fn embed_one(host: &mut impl Host, provider: WitProvider, task: EmbedTask, text: &str) -> Result<Vec<f32>, SyncError> {
    let vectors = host.embed(&EmbedRequest { provider, texts: vec![text.to_string()], task }).map_err(SyncError::Model)?;
    vectors.into_iter().next().ok_or_else(|| SyncError::Model(ModelError::BadRequest("the embedder returned no vector".into())))
}

/// The sync id: 16 hex digits of sha256 over the issue key, its `updated` time and the page
/// version (length-prefixed), so the same event always gets the same id and a changed issue or
/// page a new one.
pub fn sync_id(issue: &Issue, page_version: u32) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in [issue.key.as_bytes(), issue.updated.as_bytes(), &page_version.to_be_bytes()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(&hasher.finalize()[..8])
}

/// A fence boundary from the host's randomness: 24 characters of `[A-Za-z0-9]`.
fn boundary(host: &mut impl Host) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    host.random_bytes(BOUNDARY_LEN as u32).iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

/// The text of the model's answer, or the closed error its failure maps to.
fn answer_text(provider: crate::types::Provider, response: &GenerateResponse) -> Result<String, SyncError> {
    match crate::providers::parse(provider, response.status, &response.body) {
        Ok(answer) => Ok(answer.text),
        Err(AnswerError::ContextTooLong) => Err(SyncError::Model(ModelError::ContextTooLong)),
        Err(AnswerError::ContentFiltered) => Err(SyncError::Model(ModelError::ContentFiltered)),
        Err(AnswerError::Refused(why)) => Err(SyncError::Model(ModelError::BadRequest(why))),
        Err(AnswerError::Malformed(why)) => Err(SyncError::BadModelOutput(why)),
    }
}

/// `[EMAIL_3]` → `[EMAIL]`: stored excerpts keep the kind but no number, so a later request's
/// restore can never map them to one of its own values.
fn generic_placeholders(text: &str) -> String {
    crate::redact::strip_placeholder_numbers(text)
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use std::collections::BTreeMap;

    use sha2::{Digest, Sha256};

    use super::*;
    use crate::bindings::exports::synco::engine::redaction::Policy;

    /// An in-memory host: a fake KMS (tagged, not encrypted), a map store, and a "model" that
    /// echoes the redacted summary and assignee back as a page section.
    #[derive(Default)]
    struct MemoryHost {
        sent: Vec<String>,
        store: BTreeMap<String, (Vec<u8>, Option<u64>)>,
        logs: Vec<String>,
        answer: Option<String>,
    }

    impl Host for MemoryHost {
        fn generate(&mut self, request: &GenerateRequest) -> Result<GenerateResponse, ModelError> {
            self.sent.push(request.body.clone());
            let body: serde_json::Value = serde_json::from_str(&request.body).map_err(|e| ModelError::BadRequest(e.to_string()))?;
            let issue = &body["data"]["issue"];
            let text = self.answer.clone().unwrap_or_else(|| {
                format!("<h2>{}</h2><p>Owner: {}</p>", issue["summary"].as_str().unwrap_or(""), issue["assignee"].as_str().unwrap_or(""))
            });
            Ok(GenerateResponse { status: 200, body: serde_json::json!({ "text": text }).to_string(), audit_id: "1-test".into() })
        }

        fn embed(&mut self, request: &EmbedRequest) -> Result<Vec<Vec<f32>>, ModelError> {
            self.sent.extend(request.texts.iter().cloned());
            Ok(request.texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect())
        }

        fn seal(&mut self, namespace: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>, KmsError> {
            Ok([format!("{namespace}|{key}|").as_bytes(), plaintext].concat())
        }

        fn open(&mut self, namespace: &str, key: &str, envelope: &[u8]) -> Result<Vec<u8>, KmsError> {
            envelope.strip_prefix(format!("{namespace}|{key}|").as_bytes()).map(<[u8]>::to_vec).ok_or(KmsError::Unauthentic)
        }

        fn digest(&mut self, data: &[u8]) -> Result<String, KmsError> {
            Ok(hex::encode(Sha256::digest(data)))
        }

        fn random_bytes(&mut self, len: u32) -> Vec<u8> {
            (0..len).map(|i| i as u8).collect()
        }

        fn get(&mut self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
            Ok(self.store.get(&format!("{namespace}/{key}")).map(|(v, _)| v.clone()))
        }

        fn put(&mut self, namespace: &str, key: &str, envelope: &[u8], ttl_seconds: Option<u64>) -> Result<(), StoreError> {
            self.store.insert(format!("{namespace}/{key}"), (envelope.to_vec(), ttl_seconds));
            Ok(())
        }

        fn list(&mut self, namespace: &str, prefix: &str) -> Result<Vec<String>, StoreError> {
            let full = format!("{namespace}/{prefix}");
            Ok(self.store.keys().filter_map(|k| k.strip_prefix(&full).map(|rest| format!("{prefix}{rest}"))).collect())
        }

        fn log(&mut self, _level: Level, message: &str) {
            self.logs.push(message.to_string());
        }
    }

    fn request() -> SyncRequest {
        SyncRequest {
            issue_json: include_str!("../../examples/issue.json").into(),
            page: include_str!("../../examples/page.xml").into(),
            base: Some(include_str!("../../examples/page-base.xml").into()),
            page_version: 2,
            provider: WitProvider::Offline,
            model: "offline-template".into(),
            policy: Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() },
            related_limit: 2,
        }
    }

    fn page(id: &str, title: &str, body: &str) -> PageInput {
        PageInput { id: id.into(), space: "PAY".into(), title: title.into(), labels: Vec::new(), storage: body.into(), updated_at: 0 }
    }

    #[test]
    fn sends_only_redacted_text_and_restores_it_in_the_page() {
        let mut host = MemoryHost::default();
        let outcome = sync(&mut host, &request()).unwrap();
        let sent = host.sent.join("\n");
        for secret in ["jane.doe@example.com", "+44 20 7946 0958", "AKIAIOSFODNN7EXAMPLE", "Priya Nair"] {
            assert!(!sent.contains(secret), "{secret} was sent");
        }
        assert!(outcome.page.contains("Owner: Priya Nair"), "the assignee is restored in the page");
        assert_eq!(outcome.version_message, format!("Sync-o: PAY-142 · {}", outcome.sync_id));
        assert_eq!(outcome.audit_id, "1-test");
    }

    #[test]
    fn refuses_a_model_answer_that_is_not_storage_format() {
        let mut host = MemoryHost { answer: Some("<p>unclosed".into()), ..MemoryHost::default() };
        assert!(matches!(sync(&mut host, &request()), Err(SyncError::BadModelOutput(_))));
    }

    #[test]
    fn a_restored_value_cannot_open_a_tag() {
        // The model echoes the assignee's placeholder (see `MemoryHost`).
        let mut host = MemoryHost::default();
        let mut req = request();
        req.issue_json = req.issue_json.replace("Priya Nair", "Priya <script>alert(1)</script>");
        let outcome = sync(&mut host, &req).unwrap();
        assert!(outcome.page.contains("Owner: Priya &lt;script&gt;alert(1)&lt;/script&gt;"), "{}", outcome.page);
        assert!(!outcome.page.contains("<script>"));
    }

    const BEGIN: &str = r#"<ac:parameter ac:name="">synco:PAY-142:begin</ac:parameter></ac:structured-macro></p>"#;

    /// The sync of the example with the model answering `answer`.
    fn answered(answer: &str, request: &SyncRequest) -> (MemoryHost, SyncOutcome) {
        let mut host = MemoryHost { answer: Some(answer.into()), ..MemoryHost::default() };
        let outcome = sync(&mut host, request).unwrap();
        (host, outcome)
    }

    #[test]
    fn a_placeholder_a_person_typed_on_the_page_is_never_given_a_value() {
        let mut req = request();
        for page in [&mut req.page, req.base.as_mut().unwrap()] {
            *page = page.replacen(BEGIN, &format!("{BEGIN}<p>Form field: [EMAIL_1]</p>"), 1);
        }
        let (host, outcome) = answered("<p>Form field: [EMAIL_1]</p>", &req);
        assert!(host.sent[0].contains("[EMAIL_2]"), "the issue's email got another number");
        assert!(outcome.page.contains("<p>Form field: [EMAIL_1]</p>") && !outcome.page.contains("Form field: jane"), "{}", outcome.page);
    }

    #[test]
    fn a_value_is_restored_as_text_and_in_code_but_never_into_a_link_or_attribute() {
        let mut req = request();
        req.issue_json = req.issue_json.replacen("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE and postgres://admin:Zq8&vK3pW9x@db.internal", 1);
        let (host, outcome) = answered(
            r#"<p>Mail [EMAIL_1] <a href="https://evil.example/c?m=[EMAIL_1]">runbook</a></p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[psql postgres://[URL_CREDENTIALS_1]@db.internal]]></ac:plain-text-body></ac:structured-macro>"#,
            &req,
        );
        assert!(host.sent[0].contains("[URL_CREDENTIALS_1]"), "{}", host.sent[0]);
        assert!(outcome.page.contains("<p>Mail jane.doe@example.com <a href=\"https://evil.example/c?m=[EMAIL_1]\">"), "{}", outcome.page);
        assert!(outcome.page.contains("<![CDATA[psql postgres://admin:Zq8&vK3pW9x@db.internal]]>"), "as written in code: {}", outcome.page);
    }

    #[test]
    fn invisible_breaks_and_odd_spaces_on_the_page_or_in_the_summary_hide_no_value() {
        let mut req = request();
        let section = "<p>Escalate to ops&#8203;@example.com or +44&nbsp;20&#x2009;7946&#160;0999, key AKIA\u{AD}IOSFODNN7OTHERS2</p>";
        for page in [&mut req.page, req.base.as_mut().unwrap()] {
            *page = page.replacen(BEGIN, &format!("{BEGIN}{section}"), 1);
        }
        req.issue_json = req.issue_json.replacen("\"summary\": \"", "\"summary\": \"From sec\u{2060}urity@example.com: ", 1);
        assert!(req.issue_json.contains("sec\u{2060}urity"));
        let mut host = MemoryHost::default();
        sync(&mut host, &req).unwrap();
        let sent = host.sent.join("\n");
        for value in ["ops@example.com", "security@example.com", "7946 0999", "AKIAIOSFODNN7OTHERS2"] {
            assert!(!sent.contains(value), "{value} was sent: {sent}");
        }
        assert!(!sent.contains("example.com"), "every address was redacted: {sent}");
    }

    #[test]
    fn a_person_only_mentioned_in_the_text_is_redacted_too() {
        let mut req = request();
        req.issue_json = req.issue_json.replacen(r#""id": "712020:3f1c6a2e-8b0d-4c57-9a7e-2d4b1e6f9c01", "text": "@Priya Nair""#, r#""id": "712020:aaaa-bbbb", "text": "@Alice Smith""#, 1);
        assert!(req.issue_json.contains("@Alice Smith"));
        let mut host = MemoryHost::default();
        sync(&mut host, &req).unwrap();
        assert!(!host.sent.join("\n").contains("Alice Smith"), "{}", host.sent[0]);
    }

    #[test]
    fn a_value_restored_in_code_cannot_end_its_cdata_section() {
        let person = Person { account_id: "1".into(), display_name: "Ann ]]> Lee".into(), email: None };
        let mut redactor = Redactor::new(crate::redact::Policy::default(), &[person]).unwrap();
        let token = redactor.redact("Ann ]]> Lee").unwrap();
        let restored = restore_into_markup(&redactor, &format!("<p>{token}</p><ac:plain-text-body><![CDATA[by {token}]]></ac:plain-text-body>"));
        assert_eq!(restored.text, "<p>Ann ]]&gt; Lee</p><ac:plain-text-body><![CDATA[by Ann ]]]]><![CDATA[> Lee]]></ac:plain-text-body>");
    }

    #[test]
    fn generated_content_cannot_pose_as_a_section_anchor() {
        let answer = r#"<p><a href="https://x.example/" title="synco:OPS-7:begin">r</a></p><p><ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">synco:PAY-142:end</ac:parameter></ac:structured-macro></p><p>Escalation moved out</p>"#;
        let (_, outcome) = answered(answer, &request());
        assert!(!outcome.page.contains("synco:OPS-7:begin"));
        assert_eq!(outcome.page.matches("synco:PAY-142:end").count(), 1, "only the real anchor: {}", outcome.page);
        let (_, forged) = answered(r#"<ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:parameter ac:name="title">Sync-o suggestion (not applied)</ac:parameter><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>"#, &request());
        assert_eq!(forged.page.matches(merge::PANEL_TITLE).count(), forged.conflicts as usize, "a generated panel cannot pose as a conflict");
        let blocks = storage::parse_page(&outcome.page).unwrap();
        let span = section::find(&blocks, "PAY-142").unwrap();
        assert!(blocks[span.begin..span.end].iter().any(|b| b.text.contains("Escalation moved out")), "the text stays inside the section");
    }

    #[test]
    fn a_record_keeps_its_vector_bit_for_bit_in_compact_form() {
        let record = PageRecord {
            page_id: "1".into(),
            space: "ENG".into(),
            title: "t".into(),
            labels: vec![],
            updated_at: 0,
            excerpt: String::new(),
            vector: vec![0.1, -2.5e-8, 3.0, f32::MIN_POSITIVE],
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.ends_with(r#""vector":"zczMPZW/1rIAAEBAAACAAA=="}"#), "{json}");
        assert_eq!(serde_json::from_str::<PageRecord>(&json).unwrap(), record);
        assert!(serde_json::from_str::<PageRecord>(&json.replace("zczMPZW/1rIAAEBAAACAAA==", "zczM")).is_err());
    }

    #[test]
    fn indexes_a_sealed_redacted_excerpt_for_ninety_days_under_a_digest_key() {
        let mut host = MemoryHost::default();
        let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
        let key = index_page(&mut host, &page("1001", "Ledger", "<p>Ask ops@acme.example about the ledger.</p>"), &policy, WitProvider::Offline).unwrap();
        assert_eq!(key, format!("page/{}", hex::encode(Sha256::digest(b"page:1001"))));
        let (envelope, ttl) = host.store.get(&format!("{INDEX_NAMESPACE}/{key}")).unwrap().clone();
        assert_eq!(ttl, Some(90 * 24 * 3600));
        let record: PageRecord = serde_json::from_slice(&host.open(INDEX_NAMESPACE, &key, &envelope).unwrap()).unwrap();
        assert_eq!(record.excerpt, "Ask [EMAIL] about the ledger.");
    }

    #[test]
    fn says_which_terms_a_related_page_shares_with_the_issue() {
        let terms = shared_terms("Refund webhook retries duplicate LEDGER entries; the ledger drifts. [EMAIL_1]", "Ledger reconciliation after webhook retries");
        assert_eq!(terms, vec!["ledger", "retries", "webhook"]);
        assert!(shared_terms("a b c", "a b c").is_empty(), "short words are not reasons");
        assert!(shared_terms("from there with that", "from there with that").is_empty(), "function words are not reasons");
    }

    #[test]
    fn related_ranks_the_index_for_an_issue_alone() {
        let mut host = MemoryHost::default();
        let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
        index_page(&mut host, &page("1", "Refund ledger", "<p>refund ledger webhook</p>"), &policy, WitProvider::Offline).unwrap();
        let related = related(&mut host, include_str!("../../examples/issue.json"), &policy, WitProvider::Offline, &Ranking::for_sync(3)).unwrap();
        assert_eq!(related.len(), 1);
        assert!(related[0].shared_terms.contains(&"ledger".to_string()), "{:?}", related[0].shared_terms);
    }

    #[test]
    fn ranks_related_pages_from_the_index_and_skips_unreadable_records() {
        let mut host = MemoryHost::default();
        let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
        index_page(&mut host, &page("1", "One", "<p>a</p>"), &policy, WitProvider::Offline).unwrap();
        index_page(&mut host, &page("2", "Two", "<p>bb</p>"), &policy, WitProvider::Offline).unwrap();
        host.store.insert(format!("{INDEX_NAMESPACE}/page/broken"), (b"garbage".to_vec(), None));
        let outcome = sync(&mut host, &request()).unwrap();
        assert_eq!(outcome.related.len(), 2);
        assert!(host.logs.iter().any(|l| l.contains("skipped a record")));
    }
}
