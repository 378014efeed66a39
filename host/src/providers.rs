//! Outbound calls to AI providers: the endpoint allow-list, credentials, and the HTTP client.
//!
//! The guest builds the request body; everything about *where* it goes and *with which key* is
//! decided here, from the tenant's configuration:
//! - the URL comes from a fixed template per provider, filled only with validated configuration
//!   (model, region from an allow-list, account); the guest can pass neither a URL nor a header;
//! - the credential is the tenant's own key (sealed by the KMS, opened only here, at call time,
//!   zeroized after) or, for the default provider, the operator's;
//! - HTTPS only, rustls (TLS 1.2 or 1.3 only), no redirects, connect and total timeouts bounded
//!   by the request's deadline, a response size cap, and retries of 429/5xx answers with jittered
//!   exponential backoff that honours `Retry-After`;
//! - an operator (never the guest) may point a tenant's provider at another base URL for tests
//!   and self-hosted gateways; plain HTTP only to a loopback address.

use std::time::{Duration, Instant};

use serde_json::Value;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::backend::TenantConfig;

/// The largest response body read: 2 MiB.
pub const MAX_RESPONSE_BYTES: u64 = 2 * 1024 * 1024;
/// Attempts per call, the first included.
const MAX_ATTEMPTS: u32 = 3;
/// The first backoff; doubled at each retry, with up to 50% jitter.
const BASE_BACKOFF: Duration = Duration::from_millis(250);
/// The Azure OpenAI API version requests are pinned to.
pub const AZURE_API_VERSION: &str = "2024-10-21";
/// The Vertex AI locations a tenant may choose (data residency: Europe by default).
pub const VERTEX_REGIONS: [&str; 8] =
    ["europe-west1", "europe-west3", "europe-west4", "europe-west9", "europe-north1", "us-central1", "us-east4", "asia-northeast1"];

/// A provider the host can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// Google Vertex AI Gemini (the default AI provider, on the operator's credential).
    VertexGemini,
    /// The Gemini API.
    GeminiApi,
    /// OpenAI.
    OpenAi,
    /// Anthropic.
    Anthropic,
    /// Azure OpenAI.
    AzureOpenAi,
}

impl Provider {
    /// Parses a configuration name; `offline` and unknown names are not network providers.
    pub fn parse(name: &str) -> Option<Provider> {
        Some(match name {
            "vertex-gemini" => Provider::VertexGemini,
            "gemini-api" => Provider::GeminiApi,
            "openai" => Provider::OpenAi,
            "anthropic" => Provider::Anthropic,
            "azure-openai" => Provider::AzureOpenAi,
            _ => return None,
        })
    }

    /// Bring-your-own-model providers need the Advanced plan and the tenant's own key.
    pub fn is_byom(self) -> bool {
        self != Provider::VertexGemini
    }

    /// The top-level JSON keys a request body may have: anything else (a URL, a header, a
    /// provider option the guest has no business setting) is refused.
    fn allowed_keys(self) -> &'static [&'static str] {
        match self {
            Provider::VertexGemini | Provider::GeminiApi => &["systemInstruction", "contents", "generationConfig"],
            Provider::OpenAi => &["model", "store", "max_completion_tokens", "messages"],
            Provider::AzureOpenAi => &["max_tokens", "temperature", "messages"],
            Provider::Anthropic => &["model", "max_tokens", "system", "messages"],
        }
    }
}

/// Why a call could not be made or did not succeed.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum CallError {
    /// The configuration or the body is not acceptable (payload: what and why).
    #[error("refused: {0}")]
    Refused(String),
    /// The provider kept answering 429; retry after this many seconds.
    #[error("rate limited; retry after {0} s")]
    RateLimited(u32),
    /// The provider failed, timed out or could not be reached (payload: status or reason).
    #[error("unavailable: {0}")]
    Unavailable(String),
}

/// Where a request goes and how it authenticates.
pub struct Endpoint {
    /// The full URL.
    pub url: String,
    /// Headers, the credential among them (zeroized when dropped).
    pub headers: Vec<(&'static str, Zeroizing<String>)>,
    /// The largest response body read from it.
    pub max_response_bytes: u64,
    /// The request body's media type (`application/json` for every provider call).
    pub content_type: &'static str,
}

/// What a request asks of the provider: each has its own path on the provider's allow-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Text generation with the tenant's model (`config.model`).
    Generate,
    /// Embeddings with the tenant's embedding model (`config.embedder.model`).
    Embed,
}

/// The largest embedding response read: 8 MiB. An embedding answer is all numbers (about 20
/// bytes per value as JSON), so a full batch of 250 × 768 or 224 × 1536 values fits; batches are
/// sized to it (see [`crate::embedders::BatchLimits`]).
pub const MAX_EMBED_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;

/// Builds the generation endpoint for the tenant's configuration. `base` replaces the provider's
/// origin (operator override); `credential` is the key to send.
pub fn endpoint(provider: Provider, config: &TenantConfig, base: Option<&str>, credential: Zeroizing<String>) -> Result<Endpoint, CallError> {
    route(provider, Operation::Generate, config, base, credential)
}

/// Builds the embeddings endpoint for the tenant's configuration and embedding model:
/// - Vertex AI: `POST https://{region}-aiplatform.googleapis.com/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:predict`
///   (<https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api>);
/// - Gemini API: `POST https://generativelanguage.googleapis.com/v1beta/models/{model}:batchEmbedContents`
///   (<https://ai.google.dev/api/embeddings>);
/// - OpenAI: `POST https://api.openai.com/v1/embeddings`
///   (<https://platform.openai.com/docs/api-reference/embeddings/create>);
/// - Azure OpenAI: `POST https://{resource}.openai.azure.com/openai/deployments/{embedding-deployment}/embeddings?api-version=…`
///   (<https://learn.microsoft.com/azure/ai-services/openai/reference#embeddings>);
/// - Anthropic has no embeddings API: refused.
pub fn embedding_endpoint(provider: Provider, config: &TenantConfig, base: Option<&str>, credential: Zeroizing<String>) -> Result<Endpoint, CallError> {
    route(provider, Operation::Embed, config, base, credential)
}

fn route(provider: Provider, operation: Operation, config: &TenantConfig, base: Option<&str>, credential: Zeroizing<String>) -> Result<Endpoint, CallError> {
    let (model, max_response_bytes) = match operation {
        Operation::Generate => (config.model.as_str(), MAX_RESPONSE_BYTES),
        Operation::Embed => (config.embedder.model.as_str(), MAX_EMBED_RESPONSE_BYTES),
    };
    check_name("model", model)?;
    let embed = operation == Operation::Embed;
    let (origin, path, headers) = match provider {
        Provider::VertexGemini => {
            let region = config.region.as_str();
            if !VERTEX_REGIONS.contains(&region) {
                return Err(CallError::Refused(format!("region {region:?} is not one of {VERTEX_REGIONS:?}")));
            }
            check_name("account (Google Cloud project)", &config.account)?;
            let method = if embed { "predict" } else { "generateContent" };
            let path = format!("/v1/projects/{}/locations/{region}/publishers/google/models/{model}:{method}", config.account);
            (format!("https://{region}-aiplatform.googleapis.com"), path, vec![("authorization", bearer(&credential))])
        }
        Provider::GeminiApi => {
            let method = if embed { "batchEmbedContents" } else { "generateContent" };
            let path = format!("/v1beta/models/{model}:{method}");
            ("https://generativelanguage.googleapis.com".to_string(), path, vec![("x-goog-api-key", credential)])
        }
        Provider::OpenAi => {
            let path = if embed { "/v1/embeddings" } else { "/v1/chat/completions" };
            ("https://api.openai.com".to_string(), path.to_string(), vec![("authorization", bearer(&credential))])
        }
        Provider::Anthropic if embed => {
            return Err(CallError::Refused("Anthropic has no embeddings API; anthropic tenants use the offline embedder".into()));
        }
        Provider::Anthropic => (
            "https://api.anthropic.com".to_string(),
            "/v1/messages".to_string(),
            vec![("x-api-key", credential), ("anthropic-version", Zeroizing::new("2023-06-01".into()))],
        ),
        Provider::AzureOpenAi => {
            check_name("account (Azure resource)", &config.account)?;
            let operation = if embed { "embeddings" } else { "chat/completions" };
            let path = format!("/openai/deployments/{model}/{operation}?api-version={AZURE_API_VERSION}");
            (format!("https://{}.openai.azure.com", config.account), path, vec![("api-key", credential)])
        }
    };
    let origin = match base {
        Some(base) => check_base(base)?,
        None => origin,
    };
    Ok(Endpoint { url: format!("{origin}{path}"), headers, max_response_bytes, content_type: "application/json" })
}

fn bearer(credential: &Zeroizing<String>) -> Zeroizing<String> {
    Zeroizing::new(format!("Bearer {}", credential.as_str()))
}

/// Names that go into URLs: letters, digits, `.`, `_`, `-`; 1 to 64 characters.
fn check_name(what: &str, value: &str) -> Result<(), CallError> {
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if value.is_empty() || value.len() > 64 || !value.chars().all(valid) {
        return Err(CallError::Refused(format!("{what} {value:?} must be 1 to 64 letters, digits, '.', '_' or '-'")));
    }
    Ok(())
}

/// An operator's base URL: https anywhere, or http to a literal loopback address only (a name
/// such as `localhost` is resolved, so plain http to it could leave the machine).
pub fn check_base(base: &str) -> Result<String, CallError> {
    let base = base.trim_end_matches('/');
    if base.starts_with("https://") || (base.starts_with("http://") && crate::loopback::loopback_origin(base).is_some()) {
        return Ok(base.to_string());
    }
    Err(CallError::Refused(format!("base URL {base:?} must be https, or http to a literal loopback address")))
}

/// Refuses a body that is not a JSON object with only the provider's keys.
pub fn check_body(provider: Provider, body: &str) -> Result<(), CallError> {
    check_keys(body, provider.allowed_keys())
}

/// Refuses an embeddings body that is not a JSON object with only the keys of the provider's
/// embeddings request. The host builds these bodies itself from the guest's texts; the check
/// keeps that code honest the same way [`check_body`] keeps the guest's.
pub fn check_embedding_body(provider: Provider, body: &str) -> Result<(), CallError> {
    let allowed: &[&str] = match provider {
        Provider::VertexGemini => &["instances", "parameters"],
        Provider::GeminiApi => &["requests"],
        Provider::OpenAi => &["model", "input", "dimensions"],
        Provider::AzureOpenAi => &["input", "dimensions"],
        Provider::Anthropic => &[],
    };
    check_keys(body, allowed)
}

fn check_keys(body: &str, allowed: &[&str]) -> Result<(), CallError> {
    let value: Value = serde_json::from_str(body).map_err(|e| CallError::Refused(format!("the body is not json: {e}")))?;
    let object = value.as_object().ok_or_else(|| CallError::Refused("the body is not a json object".into()))?;
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(CallError::Refused(format!("the body field {key:?} is not allowed; expected only {allowed:?}"))),
        None => Ok(()),
    }
}

/// One provider answer that was not retried away: its status and body.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body (at most the endpoint's `max_response_bytes`).
    pub body: String,
}

/// POSTs `body` to `endpoint`, retrying 429 and 5xx answers and connection failures, never past
/// `deadline`. The final 429 or 5xx becomes an error; any other answer is returned.
pub fn post(endpoint: &Endpoint, body: &str, deadline: Instant, jitter: &mut dyn FnMut() -> f64) -> Result<Reply, CallError> {
    let mut last = CallError::Unavailable("no attempt was made before the deadline".into());
    for attempt in 0..MAX_ATTEMPTS {
        let Some(remaining) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else { break };
        let (retry_after, error) = match attempt_once(endpoint, body, remaining) {
            Ok(Attempt::Done(reply)) => return Ok(reply),
            Ok(Attempt::Failed(error)) => return Err(error),
            Ok(Attempt::Retry { status, retry_after }) => (retry_after, status_error(status, retry_after)),
            Err(e) => (None, e),
        };
        last = error;
        let backoff = BASE_BACKOFF * 2u32.pow(attempt);
        let wait = retry_after.unwrap_or(backoff).max(backoff).mul_f64(1.0 + 0.5 * jitter());
        if attempt + 1 == MAX_ATTEMPTS || Instant::now() + wait >= deadline {
            break;
        }
        std::thread::sleep(wait);
    }
    Err(last)
}

enum Attempt {
    Done(Reply),
    Retry { status: u16, retry_after: Option<Duration> },
    /// An answer that asking again would not change: a redirect, a body over the cap or not
    /// UTF-8.
    Failed(CallError),
}

fn attempt_once(endpoint: &Endpoint, body: &str, remaining: Duration) -> Result<Attempt, CallError> {
    let https_only = endpoint.url.starts_with("https://");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .https_only(https_only)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(remaining))
        .timeout_connect(Some(remaining.min(Duration::from_secs(10))))
        .build()
        .into();
    let mut request = agent.post(&endpoint.url).header("content-type", endpoint.content_type);
    for (name, value) in &endpoint.headers {
        request = request.header(*name, value.as_str());
    }
    let mut response = request.send(body).map_err(|e| CallError::Unavailable(transport_reason(&e)))?;
    let status = response.status().as_u16();
    if status == 429 || status >= 500 {
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
        return Ok(Attempt::Retry { status, retry_after: retry_after.map(Duration::from_secs) });
    }
    if (300..400).contains(&status) {
        return Ok(Attempt::Failed(CallError::Unavailable(format!("status {status}: redirects are not followed"))));
    }
    let max = endpoint.max_response_bytes;
    let bytes = match response.body_mut().with_config().limit(max).read_to_vec() {
        Ok(bytes) => bytes,
        Err(ureq::Error::BodyExceedsLimit(_)) => return Ok(Attempt::Failed(CallError::Unavailable(format!("the response could not be read within {max} bytes")))),
        Err(e) => return Err(CallError::Unavailable(format!("the response could not be read within {max} bytes: {e}"))),
    };
    match String::from_utf8(bytes) {
        Ok(body) => Ok(Attempt::Done(Reply { status, body })),
        Err(_) => Ok(Attempt::Failed(CallError::Unavailable(format!("the response could not be read within {max} bytes: the body is not valid UTF-8")))),
    }
}

/// Token counts from a provider's answer, for the audit record (0 when absent).
pub fn usage(provider: Provider, body: &str) -> (u32, u32) {
    let value: Value = serde_json::from_str(body).unwrap_or_default();
    let count = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    match provider {
        Provider::VertexGemini | Provider::GeminiApi => (count(&value["usageMetadata"]["promptTokenCount"]), count(&value["usageMetadata"]["candidatesTokenCount"])),
        Provider::OpenAi | Provider::AzureOpenAi => (count(&value["usage"]["prompt_tokens"]), count(&value["usage"]["completion_tokens"])),
        Provider::Anthropic => (count(&value["usage"]["input_tokens"]), count(&value["usage"]["output_tokens"])),
    }
}

fn status_error(status: u16, retry_after: Option<Duration>) -> CallError {
    if status == 429 {
        let seconds = retry_after.map_or(1, |d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX));
        return CallError::RateLimited(seconds);
    }
    CallError::Unavailable(format!("status {status}"))
}

/// A transport failure without anything that could carry a credential (ureq errors name the URL
/// at most, and our URLs hold no secret).
fn transport_reason(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out before the deadline".into(),
        other => other.to_string().chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(provider: &str, model: &str) -> TenantConfig {
        TenantConfig {
            provider: provider.into(),
            model: model.into(),
            region: "europe-west1".into(),
            account: "acme-prod".into(),
            plan: "advanced".into(),
            ..TenantConfig::default()
        }
    }

    fn key() -> Zeroizing<String> {
        Zeroizing::new("sk-test-123".into())
    }

    #[test]
    fn builds_each_providers_documented_url() {
        let url = |p, m: &str| endpoint(p, &config("x", m), None, key()).unwrap().url;
        assert_eq!(
            url(Provider::VertexGemini, "gemini-2.5-flash"),
            "https://europe-west1-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west1/publishers/google/models/gemini-2.5-flash:generateContent"
        );
        assert_eq!(url(Provider::GeminiApi, "gemini-2.5-flash"), "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
        assert_eq!(url(Provider::OpenAi, "gpt-4o"), "https://api.openai.com/v1/chat/completions");
        assert_eq!(url(Provider::Anthropic, "claude-sonnet-4-5"), "https://api.anthropic.com/v1/messages");
        assert_eq!(url(Provider::AzureOpenAi, "gpt4o-prod"), "https://acme-prod.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    }

    #[test]
    fn builds_each_providers_documented_embeddings_url() {
        let url = |p, embedding_model: &str| {
            let mut c = config("x", "chat-model");
            c.embedder.model = embedding_model.into();
            embedding_endpoint(p, &c, None, key()).map(|e| e.url)
        };
        assert_eq!(
            url(Provider::VertexGemini, "text-embedding-005").unwrap(),
            "https://europe-west1-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west1/publishers/google/models/text-embedding-005:predict"
        );
        assert_eq!(url(Provider::GeminiApi, "gemini-embedding-001").unwrap(), "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assert_eq!(url(Provider::OpenAi, "text-embedding-3-small").unwrap(), "https://api.openai.com/v1/embeddings");
        assert_eq!(url(Provider::AzureOpenAi, "embed-prod").unwrap(), "https://acme-prod.openai.azure.com/openai/deployments/embed-prod/embeddings?api-version=2024-10-21");
        assert!(matches!(url(Provider::Anthropic, "voyage-3"), Err(CallError::Refused(_))));
        assert!(url(Provider::OpenAi, "../v1/files").is_err(), "the embedding model is checked like the model");
    }

    #[test]
    fn embeddings_bodies_carry_only_the_documented_keys() {
        assert!(check_embedding_body(Provider::VertexGemini, r#"{"instances":[],"parameters":{}}"#).is_ok());
        assert!(check_embedding_body(Provider::AzureOpenAi, r#"{"input":[],"model":"m"}"#).is_err(), "Azure names the deployment in the URL");
        assert!(check_embedding_body(Provider::Anthropic, "{}").is_ok() && check_embedding_body(Provider::Anthropic, r#"{"input":[]}"#).is_err());
    }

    #[test]
    fn refuses_names_that_would_change_the_url() {
        for model in ["../admin", "gpt-4o?x=1", "a/b", "", "evil.com#"] {
            assert!(endpoint(Provider::OpenAi, &config("openai", model), None, key()).is_err(), "{model}");
        }
        let mut bad_region = config("vertex-gemini", "gemini-2.5-flash");
        bad_region.region = "attacker.example".into();
        assert!(endpoint(Provider::VertexGemini, &bad_region, None, key()).is_err());
    }

    #[test]
    fn allows_plain_http_only_to_loopback() {
        assert!(check_base("http://127.0.0.1:8080").is_ok());
        assert!(check_base("http://[::1]:9").is_ok());
        assert!(check_base("http://localhost:9").is_err(), "a name is resolved, so it may be anywhere");
        assert!(check_base("http://127.0.0.1@gateway.example.com").is_err());
        assert!(check_base("https://gateway.example.com/").is_ok());
        assert!(check_base("http://gateway.example.com").is_err());
        assert!(check_base("http://127.0.0.1.evil.com").is_err());
        assert!(check_base("ftp://127.0.0.1").is_err());
    }

    #[test]
    fn refuses_body_fields_the_provider_does_not_take() {
        assert!(check_body(Provider::OpenAi, r#"{"model":"m","messages":[],"store":false,"max_completion_tokens":5}"#).is_ok());
        assert!(check_body(Provider::OpenAi, r#"{"model":"m","messages":[],"url":"http://evil"}"#).is_err());
        assert!(check_body(Provider::Anthropic, r#"[1]"#).is_err());
    }
}
