//! The model capability's host side: the gateway that checks every call against the tenant's
//! installed configuration and plan, sends it to the offline provider or (through
//! [`crate::providers`]) to a real one with the right credential, and writes its audit record
//! (P8); and the embedded `offline` provider and embedder. Embeddings come from the tenant's
//! configured embedder ([`crate::embedders`]): the offline one by default, or its provider's
//! embeddings API, batched within the provider's limits, through the same allow-list,
//! credential handling, HTTP client, egress tap and audit trail as generation.
//!
//! The `offline` provider is deterministic and local: no network, no AI. It reads the structured
//! part of the request the guest built (the redacted ticket) and renders it into the page-section
//! template in Confluence storage format. It sees exactly what a real model would see: redacted
//! text with placeholders, which it leaves intact for the guest to restore.

use std::sync::Arc;
use std::time::Instant;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::audit::{AuditEntry, AuditLog};
use crate::backend::{Backend, TenantConfig, TenantRow};
use crate::embedders::{self, EmbedTask, Embedder, ProviderEmbedder};
use crate::kms::LocalKms;
use crate::providers;
use zeroize::Zeroizing;
use crate::tenant::TenantId;
use crate::vertex_auth::VertexCredential;

/// The largest request body the gateway forwards: 1 MiB.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// The most texts one embedding call may carry.
pub const MAX_EMBED_TEXTS: usize = 256;
/// Dimension of the offline embedder's vectors.
pub const OFFLINE_DIMENSIONS: usize = embedders::OFFLINE_DIMENSIONS as usize;

/// Why a model call failed (mirrors the contract's closed `model-error`).
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ModelError {
    /// The provider or model is not the tenant's configuration.
    #[error("not allowed: {0}")]
    NotAllowed(String),
    /// A host limit was exceeded.
    #[error("too large: {0}")]
    TooLarge(String),
    /// The digest does not match the body.
    #[error("the request digest does not match its body")]
    DigestMismatch,
    /// The provider or the audit log is unavailable.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The body is not in the provider's format.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The provider is rate limiting; retry after this many seconds.
    #[error("rate limited; retry after {0} s")]
    RateLimited(u32),
    /// The provider's answer is not usable: malformed, or embeddings of the wrong count,
    /// dimension or value (payload: what was wrong, never the answer's content). The contract
    /// has no such kind: the guest sees `unavailable`.
    #[error("bad response: {0}")]
    BadResponse(String),
}

impl ModelError {
    /// A short, content-free name for the audit record.
    fn kind(&self) -> &'static str {
        match self {
            ModelError::NotAllowed(_) => "not-allowed",
            ModelError::TooLarge(_) => "too-large",
            ModelError::DigestMismatch => "digest-mismatch",
            ModelError::Unavailable(_) => "unavailable",
            ModelError::BadRequest(_) => "bad-request",
            ModelError::RateLimited(_) => "rate-limited",
            ModelError::BadResponse(_) => "bad-response",
        }
    }
}

/// One generation call as the guest made it.
pub struct GenerateCall<'a> {
    /// The provider named by the guest.
    pub provider: &'a str,
    /// The model named by the guest.
    pub model: &'a str,
    /// The request body.
    pub body: &'a str,
    /// The guest's sha256 of the body.
    pub digest: &'a str,
    /// Occurrences redacted from the body, by kind (audit metadata).
    pub redactions: std::collections::BTreeMap<String, u32>,
}

/// One embedding call as the guest made it.
pub struct EmbedCall<'a> {
    /// The provider named by the guest: the tenant's provider, or `offline`. Either way the
    /// tenant's configured embedder answers: like the endpoint, it is the host's choice.
    pub provider: &'a str,
    /// The texts (already redacted).
    pub texts: &'a [String],
    /// What the vectors are for.
    pub task: EmbedTask,
}

/// The KMS namespace of tenants' provider credentials (a host-only namespace: the guest's KMS
/// calls are limited to its store namespaces).
pub const CREDENTIAL_NAMESPACE: &str = "credential";

/// Maps a provider call's failure onto the contract's closed kinds.
fn call_error(e: providers::CallError) -> ModelError {
    match e {
        providers::CallError::Refused(why) => ModelError::NotAllowed(why),
        providers::CallError::RateLimited(seconds) => ModelError::RateLimited(seconds),
        providers::CallError::Unavailable(why) => ModelError::Unavailable(why),
    }
}

/// A provider's answer plus the audit record it left.
pub struct Generated {
    /// The provider's HTTP status (200 for the offline provider).
    pub status: u16,
    /// The response body in the provider's format.
    pub body: String,
    /// The audit record id.
    pub audit_id: String,
}

/// A copy of every request body the gateway sends to a provider: the egress record that tests
/// (and an operator debugging a provider) read to see exactly what left the sandbox.
pub type EgressTap = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// The operator's settings for outbound provider calls. Its `Debug` never shows the credential.
#[derive(Clone, Default)]
pub struct ProviderSettings {
    /// Replaces every provider's origin (tests, self-hosted gateways): https, or http to
    /// loopback only. Set by the operator; the guest can never set it.
    pub base_url: Option<String>,
    /// The operator's own credential for the default provider (`vertex-gemini`): a fixed OAuth
    /// access token, or a service account whose tokens are minted (`vertex_auth`).
    pub vertex: Option<Arc<VertexCredential>>,
}

impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("base_url", &self.base_url)
            .field("vertex", &self.vertex.as_ref().map(|_| "[set]"))
            .finish()
    }
}

/// Checks, routes and audits every model call.
pub struct ModelGateway {
    backend: Arc<dyn Backend>,
    kms: Arc<LocalKms>,
    audit: Arc<AuditLog>,
    settings: ProviderSettings,
    tap: Option<EgressTap>,
}

impl ModelGateway {
    /// A gateway that reads tenants' configurations from `backend`, opens their credentials with
    /// `kms`, and records to `audit`.
    pub fn new(backend: Arc<dyn Backend>, kms: Arc<LocalKms>, audit: Arc<AuditLog>, settings: ProviderSettings) -> ModelGateway {
        ModelGateway { backend, kms, audit, settings, tap: None }
    }

    /// Records a copy of every outgoing request body (generation and embedding) in `tap`.
    pub fn with_tap(mut self, tap: EgressTap) -> ModelGateway {
        self.tap = Some(tap);
        self
    }

    fn record(&self, body: &str) {
        if let Some(tap) = &self.tap {
            tap.lock().unwrap_or_else(|p| p.into_inner()).push(body.to_string());
        }
    }

    /// `tenant`'s installed row: its configuration and sealed credential.
    fn tenant(&self, tenant: &TenantId) -> Result<TenantRow, ModelError> {
        match self.backend.tenant(tenant) {
            Ok(Some(row)) => Ok(row),
            Ok(None) => Err(ModelError::NotAllowed(format!("tenant {tenant} is not installed"))),
            Err(e) => Err(ModelError::Unavailable(format!("tenant configuration: {e}"))),
        }
    }

    /// Runs one generation for `tenant` and writes its audit record, whatever the outcome. A call
    /// whose audit record cannot be written fails.
    pub fn generate(&self, tenant: &TenantId, now_ms: u64, deadline: Instant, call: &GenerateCall<'_>) -> Result<Generated, ModelError> {
        let TenantRow { config, credential, .. } = self.tenant(tenant)?;
        let started = Instant::now();
        let outcome = check(&config, call).and_then(|()| self.send(tenant, &config, credential.as_deref(), call, deadline));
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let digest = hex::encode(Sha256::digest(call.body.as_bytes()));
        let (input_tokens, output_tokens) = outcome.as_ref().map_or((estimate_tokens(call.body), 0), |r| (r.input_tokens, r.output_tokens));
        let entry = AuditEntry {
            provider: config.provider,
            model: config.model,
            region: config.region,
            request_digest: digest,
            input_tokens,
            output_tokens,
            redactions: call.redactions.clone(),
            outcome: outcome.as_ref().map_or_else(|e| e.kind().to_string(), |r| if r.status < 300 { "ok".into() } else { format!("status {}", r.status) }),
            latency_ms,
        };
        let audit_id = self.audit.append(tenant, now_ms, &entry).map_err(|e| ModelError::Unavailable(format!("audit log: {e}")))?;
        outcome.map(|r| Generated { status: r.status, body: r.body, audit_id })
    }

    /// Sends a checked call to the offline provider or a real one.
    fn send(&self, tenant: &TenantId, config: &TenantConfig, sealed: Option<&[u8]>, call: &GenerateCall<'_>, deadline: Instant) -> Result<Response, ModelError> {
        let Some(provider) = providers::Provider::parse(&config.provider) else {
            self.record(call.body);
            return offline::generate(call.body);
        };
        if provider.is_byom() && config.plan != "advanced" {
            return Err(ModelError::NotAllowed(format!("provider {:?} needs the Advanced plan (bring your own model)", config.provider)));
        }
        providers::check_body(provider, call.body).map_err(call_error)?;
        let credential = self.credential(tenant, provider, config, sealed, deadline)?;
        let sent = credential.clone();
        let endpoint = providers::endpoint(provider, config, self.settings.base_url.as_deref(), credential).map_err(call_error)?;
        self.record(call.body);
        let reply = providers::post(&endpoint, call.body, deadline, &mut crate::entropy::unit_jitter).map_err(call_error)?;
        self.note_refusal(provider, reply.status, &sent);
        let (input_tokens, output_tokens) = providers::usage(provider, &reply.body);
        Ok(Response { status: reply.status, body: reply.body, input_tokens, output_tokens })
    }

    /// A 401 from the default provider means the operator's token `sent` no longer works: drop
    /// it, so the next call mints a new one.
    fn note_refusal(&self, provider: providers::Provider, status: u16, sent: &str) {
        if status == 401
            && !provider.is_byom()
            && let Some(vertex) = &self.settings.vertex
        {
            vertex.rejected(sent);
        }
    }

    /// The key to send: the tenant's own (opened from its sealed form only now) for
    /// bring-your-own-model providers, the operator's for the default provider.
    fn credential(&self, tenant: &TenantId, provider: providers::Provider, config: &TenantConfig, sealed: Option<&[u8]>, deadline: Instant) -> Result<Zeroizing<String>, ModelError> {
        if !provider.is_byom() {
            let vertex = self.settings.vertex.as_ref().ok_or_else(|| ModelError::Unavailable("the operator has no credential for vertex-gemini".into()))?;
            return vertex.token(self.settings.base_url.as_deref(), deadline).map_err(|e| ModelError::Unavailable(e.to_string()));
        }
        let sealed = sealed.ok_or_else(|| ModelError::NotAllowed(format!("tenant {tenant} has no key for {}", config.provider)))?;
        let plain = Zeroizing::new(self.kms.open_envelope(tenant, CREDENTIAL_NAMESPACE, &config.provider, sealed).map_err(|_| ModelError::Unavailable("the tenant's key does not open".into()))?);
        let text = std::str::from_utf8(&plain).map_err(|_| ModelError::Unavailable("the tenant's key is not text".into()))?;
        Ok(Zeroizing::new(text.to_string()))
    }

    /// Embeds the call's texts with the tenant's embedder: one unit-length vector per text, in
    /// order (the zero vector for a text without content). A provider embedder is called in as
    /// many requests as its limits need, each recorded by the egress tap and audited; the first
    /// failure fails the call.
    pub fn embed(&self, tenant: &TenantId, now_ms: u64, deadline: Instant, call: &EmbedCall<'_>) -> Result<Vec<Vec<f32>>, ModelError> {
        let TenantRow { config, credential, .. } = self.tenant(tenant)?;
        if call.provider != config.provider && call.provider != embedders::OFFLINE_MODEL {
            return Err(ModelError::NotAllowed(format!("provider {:?}", call.provider)));
        }
        let texts = call.texts;
        if texts.len() > MAX_EMBED_TEXTS || texts.iter().map(String::len).sum::<usize>() > MAX_REQUEST_BYTES {
            return Err(ModelError::TooLarge(format!("at most {MAX_EMBED_TEXTS} texts and {MAX_REQUEST_BYTES} bytes per call")));
        }
        let embedder = match embedders::of_tenant(&config).map_err(|e| ModelError::NotAllowed(e.to_string()))? {
            Embedder::Offline => {
                texts.iter().for_each(|t| self.record(t));
                return Ok(texts.iter().map(|t| offline::embed(t, OFFLINE_DIMENSIONS)).collect());
            }
            Embedder::Provider(embedder) => embedder,
        };
        if embedder.provider.is_byom() && config.plan != "advanced" {
            return Err(ModelError::NotAllowed(format!("provider {:?} needs the Advanced plan (bring your own model)", config.provider)));
        }
        let key = self.credential(tenant, embedder.provider, &config, credential.as_deref(), deadline)?;
        let credential = key.clone();
        let endpoint = providers::embedding_endpoint(embedder.provider, &config, self.settings.base_url.as_deref(), key).map_err(call_error)?;
        let route = Route { endpoint: &endpoint, credential: &credential };
        let limits = embedder.limits();
        let mut out = vec![vec![0f32; embedder.dimensions as usize]; texts.len()];
        let sent: Vec<(usize, std::borrow::Cow<'_, str>)> =
            texts.iter().enumerate().filter(|(_, t)| !embedders::is_blank(t)).map(|(i, t)| (i, embedders::truncate(t, limits.max_text_tokens))).collect();
        let bounds: Vec<usize> = sent.iter().map(|(_, t)| embedders::token_bound(t)).collect();
        for batch in embedders::plan_batches(&bounds, &limits) {
            let part = &sent[batch];
            let batch_texts: Vec<&str> = part.iter().map(|(_, t)| t.as_ref()).collect();
            let vectors = self.embed_batch(tenant, now_ms, deadline, &config, &embedder, &route, call.task, &batch_texts)?;
            for ((i, _), vector) in part.iter().zip(vectors) {
                out[*i] = vector;
            }
        }
        Ok(out)
    }

    /// Sends one batch to the provider along `route` and audits it, whatever the outcome.
    #[allow(clippy::too_many_arguments)]
    fn embed_batch(
        &self,
        tenant: &TenantId,
        now_ms: u64,
        deadline: Instant,
        config: &TenantConfig,
        embedder: &ProviderEmbedder,
        route: &Route<'_>,
        task: EmbedTask,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let body = embedder.request_body(task, texts);
        providers::check_embedding_body(embedder.provider, &body).map_err(call_error)?;
        self.record(&body);
        let started = Instant::now();
        let outcome = providers::post(route.endpoint, &body, deadline, &mut crate::entropy::unit_jitter).map_err(call_error).and_then(|reply| {
            self.note_refusal(embedder.provider, reply.status, route.credential);
            if !(200..300).contains(&reply.status) {
                return Err(embedding_status_error(&config.provider, reply.status, &reply.body));
            }
            embedder.parse_response(&reply.body, texts.len()).map_err(|e| ModelError::BadResponse(e.to_string()))
        });
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let estimated = texts.iter().map(|t| estimate_tokens(t)).fold(0u32, u32::saturating_add);
        let entry = AuditEntry {
            provider: config.provider.clone(),
            model: embedder.model.clone(),
            region: config.region.clone(),
            request_digest: hex::encode(Sha256::digest(body.as_bytes())),
            input_tokens: outcome.as_ref().ok().and_then(|e| e.input_tokens).unwrap_or(estimated),
            output_tokens: 0,
            redactions: Default::default(),
            outcome: outcome.as_ref().map_or_else(|e| e.kind().to_string(), |_| "ok".into()),
            latency_ms,
        };
        self.audit.append(tenant, now_ms, &entry).map_err(|e| ModelError::Unavailable(format!("audit log: {e}")))?;
        outcome.map(|e| e.vectors)
    }
}

/// A provider's refusal of an embeddings request, as a typed error that names the status and,
/// when the answer carries one, its machine-readable code (`INVALID_ARGUMENT`,
/// `invalid_api_key`, …), never its message.
fn embedding_status_error(provider: &str, status: u16, body: &str) -> ModelError {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let error = &value["error"];
    let code = [&error["status"], &error["code"], &error["type"]]
        .into_iter()
        .filter_map(|v| v.as_str())
        .find(|c| !c.is_empty() && c.len() <= 64 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.')))
        .map_or_else(String::new, |c| format!(" ({c})"));
    let what = format!("{provider} embeddings answered status {status}{code}");
    match status {
        401 | 403 | 404 => ModelError::NotAllowed(what),
        413 => ModelError::TooLarge(what),
        400..=499 => ModelError::BadRequest(what),
        _ => ModelError::Unavailable(what),
    }
}

/// Refuses a call that does not match the tenant's configuration or the limits.
fn check(config: &TenantConfig, call: &GenerateCall<'_>) -> Result<(), ModelError> {
    if call.provider != config.provider {
        return Err(ModelError::NotAllowed(format!("provider {:?}", call.provider)));
    }
    if call.model != config.model {
        return Err(ModelError::NotAllowed(format!("model {:?}", call.model)));
    }
    if call.body.len() > MAX_REQUEST_BYTES {
        return Err(ModelError::TooLarge(format!("the body is over {MAX_REQUEST_BYTES} bytes")));
    }
    if hex::encode(Sha256::digest(call.body.as_bytes())) != call.digest {
        return Err(ModelError::DigestMismatch);
    }
    Ok(())
}

/// The documented token estimator shared with the guest: one token per 4 bytes, rounded up.
pub fn estimate_tokens(text: &str) -> u32 {
    u32::try_from(text.len().div_ceil(4)).unwrap_or(u32::MAX)
}

/// Where an embedding call goes, and the credential it carries (kept apart so a token Vertex AI
/// refuses can be dropped, and only that one).
struct Route<'a> {
    endpoint: &'a providers::Endpoint,
    credential: &'a str,
}

/// A provider's answer.
struct Response {
    status: u16,
    body: String,
    input_tokens: u32,
    output_tokens: u32,
}

/// The offline provider and embedder.
pub mod offline {
    use super::*;

    /// The structured part of an offline request (see the guest's `prompt` module).
    #[derive(Deserialize)]
    struct Request {
        format: String,
        data: Data,
    }

    #[derive(Deserialize)]
    struct Data {
        issue: Issue,
        #[serde(default)]
        excerpts: Vec<Excerpt>,
    }

    #[derive(Deserialize)]
    struct Issue {
        key: String,
        summary: String,
        status: String,
        issue_type: String,
        priority: Option<String>,
        #[serde(default)]
        labels: Vec<String>,
        assignee: Option<String>,
        reporter: Option<String>,
        description: String,
        #[serde(default)]
        comments: Vec<Comment>,
    }

    #[derive(Deserialize)]
    struct Comment {
        author: Option<String>,
        created: String,
        body: String,
    }

    #[derive(Deserialize)]
    struct Excerpt {
        title: String,
    }

    /// The request format this provider reads.
    pub const FORMAT: &str = "synco-offline/1";

    pub(super) fn generate(body: &str) -> Result<Response, ModelError> {
        let request: Request = serde_json::from_str(body).map_err(|e| ModelError::BadRequest(format!("expected a {FORMAT} request: {e}")))?;
        if request.format != FORMAT {
            return Err(ModelError::BadRequest(format!("expected format {FORMAT:?}, found {:?}", request.format)));
        }
        let text = render(&request.data);
        let output_tokens = estimate_tokens(&text);
        let reply = serde_json::json!({
            "format": FORMAT,
            "text": text,
            "finish_reason": "stop",
            "usage": { "input_tokens": estimate_tokens(body), "output_tokens": output_tokens },
        });
        Ok(Response { status: 200, body: reply.to_string(), input_tokens: estimate_tokens(body), output_tokens })
    }

    /// Renders the page-section template.
    fn render(data: &Data) -> String {
        let issue = &data.issue;
        let mut out = format!("<h2>{}: {}</h2>", esc(&issue.key), esc(&issue.summary));
        out.push_str(&facts_table(issue));
        out.push_str("<h3>Description</h3>");
        out.push_str(&text_to_storage(&issue.description));
        out.push_str(&comments(&issue.comments));
        out.push_str(&related(&data.excerpts));
        out.push_str(&format!("<p><em>Maintained by Sync-o from {}. Edits inside this section are kept and merged.</em></p>", esc(&issue.key)));
        out
    }

    fn facts_table(issue: &Issue) -> String {
        let none = "—".to_string();
        let rows = [
            ("Status", issue.status.clone()),
            ("Type", issue.issue_type.clone()),
            ("Priority", issue.priority.clone().unwrap_or_else(|| none.clone())),
            ("Assignee", issue.assignee.clone().unwrap_or_else(|| "Unassigned".to_string())),
            ("Reporter", issue.reporter.clone().unwrap_or_else(|| none.clone())),
            ("Labels", if issue.labels.is_empty() { none.clone() } else { issue.labels.join(", ") }),
        ];
        let body: String = rows.iter().map(|(k, v)| format!("<tr><th>{k}</th><td>{}</td></tr>", esc(v))).collect();
        format!("<table><tbody>{body}</tbody></table>")
    }

    fn comments(comments: &[Comment]) -> String {
        if comments.is_empty() {
            return String::new();
        }
        let start = comments.len().saturating_sub(3);
        let items: String = comments[start..]
            .iter()
            .map(|c| {
                let who = c.author.as_deref().unwrap_or("someone");
                let date = c.created.get(..10).unwrap_or(&c.created);
                let first = c.body.split("\n\n").next().unwrap_or_default();
                format!("<li><strong>{}</strong> ({}): {}</li>", esc(who), esc(date), esc(&shorten(first, 300)))
            })
            .collect();
        format!("<h3>Latest comments</h3><ul>{items}</ul>")
    }

    fn related(excerpts: &[Excerpt]) -> String {
        if excerpts.is_empty() {
            return String::new();
        }
        let items: String = excerpts
            .iter()
            .map(|e| format!("<li><ac:link><ri:page ri:content-title=\"{}\" /></ac:link></li>", esc(&e.title)))
            .collect();
        format!("<h3>Related pages</h3><ul>{items}</ul>")
    }

    /// Markdown-like text (as the guest normalizes ADF) to storage format: fenced code becomes a
    /// code macro, `#` lines headings, `- `/`1. ` lines list items, `> ` lines quotes, `|` lines
    /// a table, everything else paragraphs.
    fn text_to_storage(text: &str) -> String {
        let mut out = String::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let trimmed = line.trim_end();
            if let Some(lang) = trimmed.strip_prefix("```") {
                let mut code = Vec::new();
                for next in lines.by_ref() {
                    if next.trim_end() == "```" {
                        break;
                    }
                    code.push(next);
                }
                out.push_str(&code_macro(lang.trim(), &code.join("\n")));
            } else if trimmed.starts_with('|') {
                let mut rows = vec![trimmed];
                while let Some(next) = lines.next_if(|l| l.trim_start().starts_with('|')) {
                    rows.push(next.trim_end());
                }
                out.push_str(&table(&rows));
            } else if is_list_item(trimmed) {
                let mut items = vec![trimmed];
                while let Some(next) = lines.next_if(|l| is_list_item(l.trim_end())) {
                    items.push(next.trim_end());
                }
                out.push_str(&list(&items));
            } else if let Some(rest) = heading(trimmed) {
                out.push_str(&format!("<h4>{}</h4>", esc(rest)));
            } else if let Some(rest) = trimmed.strip_prefix("> ").or(trimmed.strip_prefix('>').filter(|r| r.is_empty())) {
                out.push_str(&format!("<blockquote><p>{}</p></blockquote>", esc(rest)));
            } else if trimmed == "---" {
                out.push_str("<hr />");
            } else if !trimmed.trim().is_empty() {
                out.push_str(&format!("<p>{}</p>", esc(trimmed.trim())));
            }
        }
        out
    }

    fn heading(line: &str) -> Option<&str> {
        let rest = line.trim_start_matches('#');
        (rest.len() < line.len() && rest.starts_with(' ')).then(|| rest.trim())
    }

    fn is_list_item(line: &str) -> bool {
        let l = line.trim_start();
        l.starts_with("- ") || l.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }

    fn list(items: &[&str]) -> String {
        let ordered = !items.first().is_some_and(|l| l.trim_start().starts_with("- "));
        let body: String = items
            .iter()
            .map(|l| {
                let l = l.trim_start();
                let text = l.strip_prefix("- ").or_else(|| l.split_once(". ").map(|(_, t)| t)).unwrap_or(l);
                format!("<li>{}</li>", esc(text))
            })
            .collect();
        let tag = if ordered { "ol" } else { "ul" };
        format!("<{tag}>{body}</{tag}>")
    }

    fn table(rows: &[&str]) -> String {
        let body: String = rows
            .iter()
            .filter(|r| !r.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
            .map(|r| {
                let cells: String = r.trim().trim_matches('|').split('|').map(|c| format!("<td>{}</td>", esc(c.trim()))).collect();
                format!("<tr>{cells}</tr>")
            })
            .collect();
        format!("<table><tbody>{body}</tbody></table>")
    }

    fn code_macro(language: &str, code: &str) -> String {
        let language = if language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') { language } else { "" };
        // `]]>` cannot appear inside CDATA: split it across two sections.
        let body = code.replace("]]>", "]]]]><![CDATA[>");
        format!(
            "<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\"><ac:parameter ac:name=\"language\">{language}</ac:parameter><ac:plain-text-body><![CDATA[{body}]]></ac:plain-text-body></ac:structured-macro>"
        )
    }

    fn shorten(text: &str, max_chars: usize) -> String {
        if text.chars().count() <= max_chars {
            return text.to_string();
        }
        let cut: String = text.chars().take(max_chars).collect();
        format!("{cut}…")
    }

    /// Escapes text for XML element content and attribute values.
    fn esc(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c if c.is_control() && c != '\n' && c != '\t' => {}
                c => out.push(c),
            }
        }
        out
    }

    /// The offline embedder: lowercase words, word bigrams and character trigrams of words, each
    /// hashed (FNV-1a 64) into `dims` buckets with a hash-derived sign and weights 1, ½ and ¼,
    /// then L2-normalized. Deterministic everywhere; an all-zero vector when the text has no word.
    pub fn embed(text: &str, dims: usize) -> Vec<f32> {
        let mut v = vec![0f32; dims.max(1)];
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for (i, word) in words.iter().enumerate() {
            add(&mut v, word.as_bytes(), 1.0);
            if let Some(next) = words.get(i + 1) {
                add(&mut v, format!("{word} {next}").as_bytes(), 0.5);
            }
            let padded: Vec<char> = format!("^{word}$").chars().collect();
            for gram in padded.windows(3) {
                add(&mut v, gram.iter().collect::<String>().as_bytes(), 0.25);
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }

    fn add(v: &mut [f32], feature: &[u8], weight: f32) {
        let h = fnv1a(feature);
        let idx = (h % v.len() as u64) as usize;
        let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
        v[idx] += sign * weight;
    }

    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offline_embedder_is_unit_length_and_closer_for_related_text() {
        let a = offline::embed("refund webhook retries duplicate ledger entries", OFFLINE_DIMENSIONS);
        let b = offline::embed("ledger reconciliation after webhook retries", OFFLINE_DIMENSIONS);
        let c = offline::embed("team offsite lunch menu", OFFLINE_DIMENSIONS);
        let dot = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
        assert!((dot(&a, &a) - 1.0).abs() < 1e-5);
        assert!(dot(&a, &b) > dot(&a, &c));
        assert!(offline::embed("  ", 8).iter().all(|x| *x == 0.0));
    }

    #[test]
    fn the_offline_provider_refuses_a_body_in_another_format() {
        let body = r#"{"format":"openai","data":{}}"#;
        assert!(matches!(offline::generate(body), Err(ModelError::BadRequest(_))));
        assert!(matches!(offline::generate("not json"), Err(ModelError::BadRequest(_))));
    }

    #[test]
    fn the_offline_provider_escapes_markup_and_keeps_placeholders() {
        let body = serde_json::json!({
            "format": offline::FORMAT,
            "data": {"issue": {"key": "PAY-1", "summary": "<script>x</script> for [EMAIL_1]", "status": "Open",
                "issue_type": "Bug", "priority": null, "labels": [], "assignee": "[PERSON_1]", "reporter": null,
                "description": "```js\nlet a = ']]>';\n```\n- one\n- two", "comments": []}, "excerpts": []}
        });
        let reply: serde_json::Value = serde_json::from_str(&offline::generate(&body.to_string()).unwrap().body).unwrap();
        let text = reply["text"].as_str().unwrap();
        assert!(text.contains("&lt;script&gt;x&lt;/script&gt; for [EMAIL_1]"));
        assert!(text.contains("<td>[PERSON_1]</td>"));
        assert!(text.contains("<ul><li>one</li><li>two</li></ul>"));
        assert!(text.contains("]]]]><![CDATA[>"));
    }
}
