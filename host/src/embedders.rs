//! Embedders: which model turns a tenant's (already redacted) texts into vectors, and how a
//! provider's embeddings API is spoken — request bodies, batching within the provider's limits,
//! and strict reading of the answer.
//!
//! The embedder is explicit tenant configuration ([`EmbedderConfig`]: model name and dimension),
//! never inferred from the generation model, because every vector a tenant stores must come from
//! the same model at the same dimension. The default is the local, deterministic `offline`
//! embedder (256 dimensions). A provider embedder uses the tenant's generation provider — the
//! same allow-listed origin, region, account and credential (see [`crate::providers`]):
//!
//! | provider | embedding models | dimensions (first: native) |
//! |---|---|---|
//! | `vertex-gemini` | `text-embedding-005` (recommended), `text-embedding-004` (being retired upstream, still selectable) | 768 |
//! | `gemini-api` | `gemini-embedding-001` (the Gemini API retired `text-embedding-004` on 2026-01-14) | 3072, 1536, 768 |
//! | `openai` | `text-embedding-3-small` | 1536, 768, 512 |
//! | `azure-openai` | the name of an embedding deployment (of `text-embedding-3-small`) | 1536, 768, 512 |
//! | `anthropic` | none: Anthropic has no embeddings API, so anthropic tenants use `offline` | 256 |
//!
//! Anthropic's documentation points to a third party (Voyage AI) for embeddings; sending a
//! tenant's content to a processor it never chose is not something Sync-o does silently, so an
//! anthropic tenant keeps the offline embedder and `synco tenant set-embedder` says why.
//!
//! Every vector handed back is L2-normalized here (the contract promises unit length; the
//! Gemini API returns unnormalized vectors below 3072 dimensions). A text that is empty or only
//! whitespace is not sent: it has no direction, and gets the zero vector, as the offline embedder
//! gives a text without words.
//!
//! ## Token estimate and limits
//! Providers cap tokens per text and per request, and count them with tokenizers the host does
//! not have. The host uses a conservative bound instead: **one token per UTF-8 byte, plus 2 per
//! text** ([`token_bound`]). Byte-level BPE (OpenAI's `cl100k_base`) and SentencePiece with byte
//! fallback (Google's models) never produce a token that covers less than one byte, so a text's
//! byte count bounds its token count; the 2 cover start and end markers. (Unicode compatibility
//! characters that NFKC normalization expands, such as `½`, are the only known exception, and
//! no realistic ticket is made of them.) English runs at about 4 bytes per token, so batches
//! are up to 4 times smaller than strictly needed; the price is more requests, never a refused one.
//!
//! | provider | texts per request | tokens per request | tokens per text |
//! |---|---|---|---|
//! | Vertex AI | 250 | 20,000 | 2,048, truncated by Vertex itself (`autoTruncate`, default true) |
//! | OpenAI, Azure OpenAI | 2,048 | 300,000 | 8,192 (an error beyond: the host truncates) |
//! | Gemini API | 100 | — (100 × 2,048) | 2,048 (the host truncates) |
//!
//! Sources: Vertex AI, "Get text embeddings"
//! (<https://cloud.google.com/vertex-ai/generative-ai/docs/embeddings/get-text-embeddings>: up to
//! 250 input texts and 20,000 tokens per request, a 400 error beyond; 2,048 tokens per text,
//! silently truncated unless `autoTruncate` is false) and the Text embeddings API reference
//! (<https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api>:
//! `instances[].content`, `instances[].task_type`, `predictions[].embeddings.values`);
//! OpenAI, "Create embeddings" (<https://platform.openai.com/docs/api-reference/embeddings/create>:
//! at most 8,192 tokens per input, no empty strings, at most 2,048 inputs, and at most 300,000
//! tokens summed over the inputs of one request; `data[].index`, `data[].embedding`); Azure
//! OpenAI, "How to generate embeddings" (<https://learn.microsoft.com/azure/ai-services/openai/how-to/embeddings>:
//! 8,192 tokens per input, at most 2,048 inputs per request); Gemini API embeddings
//! (<https://ai.google.dev/api/embeddings>, <https://ai.google.dev/gemini-api/docs/embeddings>:
//! `gemini-embedding-001`, 2,048 input tokens, `outputDimensionality` 768/1536/3072,
//! `embeddings[].values` in request order). `batchEmbedContents` refuses more than 100 requests
//! ("at most 100 requests can be in one batch"); the limit is not on Google's reference page but
//! is the observed answer reported in <https://github.com/weaviate/weaviate/pull/11277> and
//! <https://github.com/vercel/ai/pull/16575>.
//!
//! A request also has to fit the host's response cap ([`MAX_EMBED_RESPONSE_BYTES`]): batches
//! carry at most as many texts as that many vectors of the configured dimension take as JSON.

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserialize;
use serde_json::{Value, json};
use thiserror::Error;

use crate::backend::{EmbedderConfig, TenantConfig};
use crate::providers::{MAX_EMBED_RESPONSE_BYTES, Provider};

/// The offline embedder's model name.
pub const OFFLINE_MODEL: &str = "offline";
/// The offline embedder's dimension.
pub const OFFLINE_DIMENSIONS: u32 = 256;
/// Tokens counted per text on top of its bytes (start and end markers).
pub const TOKEN_OVERHEAD: usize = 2;
/// Bytes one embedding value takes in a provider's JSON answer, at most (`-0.0012345678901234567,`
/// is 24), used to size batches to [`MAX_EMBED_RESPONSE_BYTES`].
const BYTES_PER_VALUE: usize = 24;
/// JSON around one vector in an answer (keys, index, statistics), at most.
const BYTES_PER_VECTOR: usize = 1024;

/// The embedding models each provider offers: provider, model, allowed dimensions (native first).
const CATALOGUE: [(Provider, &str, &[u32]); 4] = [
    (Provider::VertexGemini, "text-embedding-005", &[768]),
    (Provider::VertexGemini, "text-embedding-004", &[768]),
    (Provider::GeminiApi, "gemini-embedding-001", &[3072, 1536, 768]),
    (Provider::OpenAi, "text-embedding-3-small", &[1536, 768, 512]),
];
/// Dimensions an Azure OpenAI embedding deployment may be configured with (native first); the
/// deployment is expected to run `text-embedding-3-small`.
const AZURE_DIMENSIONS: &[u32] = &[1536, 768, 512];

/// What the texts will be used for. Vertex AI and the Gemini API embed retrieval documents and
/// queries differently (`task_type` / `taskType`); OpenAI does not distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedTask {
    /// Texts to be found (indexed pages): `RETRIEVAL_DOCUMENT`.
    Document,
    /// Texts to search with (an issue): `RETRIEVAL_QUERY`.
    Query,
}

impl EmbedTask {
    fn google_name(self) -> &'static str {
        match self {
            EmbedTask::Document => "RETRIEVAL_DOCUMENT",
            EmbedTask::Query => "RETRIEVAL_QUERY",
        }
    }
}

/// Why a tenant's embedder configuration is refused.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum EmbedderError {
    /// The provider has no embeddings API (Anthropic), so only `offline` is possible.
    #[error("{0} has no embeddings API: tenants on {0} use the offline embedder ({OFFLINE_MODEL}, {OFFLINE_DIMENSIONS} dimensions)")]
    NoEmbeddingsApi(String),
    /// The tenant's provider is `offline`: only the offline embedder is possible.
    #[error("the offline provider has only the offline embedder ({OFFLINE_MODEL}, {OFFLINE_DIMENSIONS} dimensions); set a network provider first")]
    OfflineProvider,
    /// The model is not one of the provider's embedding models.
    #[error("{provider} has no embedding model {model:?}; expected {OFFLINE_MODEL} or one of {known:?}")]
    UnknownModel {
        /// The provider.
        provider: String,
        /// The model asked for.
        model: String,
        /// The provider's models.
        known: Vec<&'static str>,
    },
    /// The dimension is not one the model produces.
    #[error("{model} does not produce {dimensions}-dimensional vectors; expected one of {allowed:?}")]
    Dimensions {
        /// The model.
        model: String,
        /// The dimension asked for.
        dimensions: u32,
        /// The dimensions it produces.
        allowed: Vec<u32>,
    },
    /// An Azure deployment name that cannot go into a URL.
    #[error("embedding deployment {0:?} must be 1 to 64 letters, digits, '.', '_' or '-'")]
    BadDeployment(String),
}

/// The embedder a tenant's configuration resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embedder {
    /// The local, deterministic embedder ([`crate::model::offline::embed`]).
    Offline,
    /// A provider's embeddings API.
    Provider(ProviderEmbedder),
}

/// A provider embedder: which provider, model and dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEmbedder {
    /// The provider (the tenant's generation provider).
    pub provider: Provider,
    /// The model (for Azure OpenAI: the embedding deployment).
    pub model: String,
    /// The configured dimension.
    pub dimensions: u32,
    /// The model's native dimension; any other asks the provider to shorten the vectors.
    pub native: u32,
}

/// Checks `embedder` against `provider` (a configuration name): the embedder the tenant would
/// use, or why it cannot.
pub fn resolve(provider: &str, embedder: &EmbedderConfig) -> Result<Embedder, EmbedderError> {
    if embedder.model == OFFLINE_MODEL {
        if embedder.dimensions != OFFLINE_DIMENSIONS {
            return Err(EmbedderError::Dimensions { model: OFFLINE_MODEL.into(), dimensions: embedder.dimensions, allowed: vec![OFFLINE_DIMENSIONS] });
        }
        return Ok(Embedder::Offline);
    }
    let network = Provider::parse(provider).ok_or(EmbedderError::OfflineProvider)?;
    let allowed: &[u32] = match network {
        Provider::Anthropic => return Err(EmbedderError::NoEmbeddingsApi(provider.into())),
        Provider::AzureOpenAi => {
            let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
            if embedder.model.is_empty() || embedder.model.len() > 64 || !embedder.model.chars().all(valid) {
                return Err(EmbedderError::BadDeployment(embedder.model.clone()));
            }
            AZURE_DIMENSIONS
        }
        _ => {
            let known: Vec<&'static str> = CATALOGUE.iter().filter(|(p, _, _)| *p == network).map(|(_, m, _)| *m).collect();
            match CATALOGUE.iter().find(|(p, m, _)| *p == network && *m == embedder.model) {
                Some((_, _, dims)) => dims,
                None => return Err(EmbedderError::UnknownModel { provider: provider.into(), model: embedder.model.clone(), known }),
            }
        }
    };
    if !allowed.contains(&embedder.dimensions) {
        return Err(EmbedderError::Dimensions { model: embedder.model.clone(), dimensions: embedder.dimensions, allowed: allowed.to_vec() });
    }
    let native = allowed.first().copied().unwrap_or(embedder.dimensions);
    Ok(Embedder::Provider(ProviderEmbedder { provider: network, model: embedder.model.clone(), dimensions: embedder.dimensions, native }))
}

/// The embedder of an installed tenant.
pub fn of_tenant(config: &TenantConfig) -> Result<Embedder, EmbedderError> {
    resolve(&config.provider, &config.embedder)
}

/// One line for operators: which embedder a tenant uses and, for Anthropic, why it is offline.
pub fn describe(config: &TenantConfig) -> String {
    match of_tenant(config) {
        Ok(Embedder::Offline) if config.provider == "anthropic" => {
            format!("embeddings: {OFFLINE_MODEL} ({OFFLINE_DIMENSIONS} dimensions; anthropic has no embeddings API)")
        }
        Ok(Embedder::Offline) => format!("embeddings: {OFFLINE_MODEL} ({OFFLINE_DIMENSIONS} dimensions)"),
        Ok(Embedder::Provider(e)) => format!("embeddings: {} {} ({} dimensions)", config.provider, e.model, e.dimensions),
        Err(e) => format!("embeddings: not usable: {e}"),
    }
}

/// Whether `text` has no content to embed (empty or only whitespace): it is not sent and gets
/// the zero vector.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The conservative token bound for one text: its UTF-8 bytes plus [`TOKEN_OVERHEAD`] (see the
/// module documentation for why bytes bound tokens).
pub fn token_bound(text: &str) -> usize {
    text.len() + TOKEN_OVERHEAD
}

/// A provider's batching limits, in the units of [`token_bound`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    /// Texts per request.
    pub max_texts: usize,
    /// Tokens per request.
    pub max_request_tokens: usize,
    /// Tokens per text: longer texts are cut (at a character boundary) to fit.
    pub max_text_tokens: usize,
}

impl ProviderEmbedder {
    /// The provider's documented limits (module documentation), with the texts per request also
    /// bounded by the host's response cap for this dimension.
    pub fn limits(&self) -> BatchLimits {
        let (max_texts, max_request_tokens, max_text_tokens) = match self.provider {
            // Vertex truncates each text to 2,048 tokens itself; a text is cut only so that it
            // fits a request alone.
            Provider::VertexGemini => (250, 20_000, 20_000),
            Provider::OpenAi | Provider::AzureOpenAi => (2048, 300_000, 8192),
            Provider::GeminiApi | Provider::Anthropic => (100, 100 * 2048, 2048),
        };
        let per_vector = self.dimensions as usize * BYTES_PER_VALUE + BYTES_PER_VECTOR;
        let fit = usize::try_from(MAX_EMBED_RESPONSE_BYTES).unwrap_or(usize::MAX) / per_vector.max(1);
        BatchLimits { max_texts: max_texts.min(fit).max(1), max_request_tokens, max_text_tokens }
    }

    /// The request body for `texts` (already cut to the limits, none empty).
    pub fn request_body(&self, task: EmbedTask, texts: &[&str]) -> String {
        let reduced = (self.dimensions != self.native).then_some(self.dimensions);
        let body = match self.provider {
            Provider::VertexGemini => {
                let instances: Vec<Value> = texts.iter().map(|t| json!({"content": t, "task_type": task.google_name()})).collect();
                let mut parameters = json!({"autoTruncate": true});
                if let Some(d) = reduced {
                    parameters["outputDimensionality"] = json!(d);
                }
                json!({"instances": instances, "parameters": parameters})
            }
            Provider::GeminiApi | Provider::Anthropic => {
                let model = format!("models/{}", self.model);
                let requests: Vec<Value> = texts
                    .iter()
                    .map(|t| {
                        let mut r = json!({"model": model, "content": {"parts": [{"text": t}]}, "taskType": task.google_name()});
                        if let Some(d) = reduced {
                            r["outputDimensionality"] = json!(d);
                        }
                        r
                    })
                    .collect();
                json!({"requests": requests})
            }
            Provider::OpenAi | Provider::AzureOpenAi => {
                let mut body = json!({"input": texts});
                if self.provider == Provider::OpenAi {
                    body["model"] = json!(self.model);
                }
                if let Some(d) = reduced {
                    body["dimensions"] = json!(d);
                }
                body
            }
        };
        body.to_string()
    }

    /// Reads a provider's answer to a request of `expected` texts: one unit-length vector per
    /// text, in request order, and the input tokens the provider reported, if it did.
    pub fn parse_response(&self, body: &str, expected: usize) -> Result<Embedded, ResponseError> {
        let (raw, input_tokens) = match self.provider {
            Provider::VertexGemini => {
                let r: VertexResponse = from_json(body)?;
                // Reported only if every prediction reports its count; huge counts saturate.
                let tokens = r.predictions.iter().try_fold(0u64, |sum, p| Some(sum.saturating_add(p.embeddings.statistics.as_ref().and_then(token_count)?)));
                (r.predictions.into_iter().map(|p| p.embeddings.values).collect::<Vec<_>>(), tokens)
            }
            Provider::GeminiApi | Provider::Anthropic => {
                let r: GeminiResponse = from_json(body)?;
                (r.embeddings.into_iter().map(|e| e.values).collect(), None)
            }
            Provider::OpenAi | Provider::AzureOpenAi => {
                let r: OpenAiResponse = from_json(body)?;
                let tokens = r.usage.as_ref().and_then(|u| u.get("prompt_tokens")).and_then(count);
                (in_index_order(r.data, expected)?, tokens)
            }
        };
        if raw.len() != expected {
            return Err(ResponseError::Count { expected, got: raw.len() });
        }
        let vectors = raw
            .iter()
            .enumerate()
            .map(|(i, values)| {
                if values.len() != self.dimensions as usize {
                    return Err(ResponseError::Dimension { index: i, expected: self.dimensions, got: values.len() });
                }
                normalize(values).ok_or(ResponseError::NotNormalizable { index: i })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Embedded { vectors, input_tokens: input_tokens.map(|t| u32::try_from(t).unwrap_or(u32::MAX)) })
    }
}

/// A provider's embeddings, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    /// One unit-length vector per text, in request order.
    pub vectors: Vec<Vec<f32>>,
    /// Input tokens, when the provider reports them (Vertex AI per prediction, OpenAI in `usage`).
    pub input_tokens: Option<u32>,
}

/// Why a provider's embeddings answer is not usable. Messages never quote the answer.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ResponseError {
    /// Not the provider's JSON shape (payload: what was wrong, and where).
    #[error("malformed embeddings answer: {0}")]
    Malformed(String),
    /// Not one vector per text.
    #[error("the answer has {got} vectors for {expected} texts")]
    Count {
        /// Texts sent.
        expected: usize,
        /// Vectors received.
        got: usize,
    },
    /// A vector of another length than configured.
    #[error("vector {index} has {got} dimensions, not the configured {expected}")]
    Dimension {
        /// Its position in the request.
        index: usize,
        /// The configured dimension.
        expected: u32,
        /// Its length.
        got: usize,
    },
    /// OpenAI's `index` fields are not each position exactly once.
    #[error("the answer's indices are not 0..{0}, each once")]
    Indices(usize),
    /// A vector holds a non-finite value or is all zeros, so it has no unit-length form.
    #[error("vector {index} holds a non-finite value or is all zeros")]
    NotNormalizable {
        /// Its position in the request.
        index: usize,
    },
}

#[derive(Deserialize)]
struct VertexResponse {
    predictions: Vec<VertexPrediction>,
}

#[derive(Deserialize)]
struct VertexPrediction {
    embeddings: VertexEmbedding,
}

#[derive(Deserialize)]
struct VertexEmbedding {
    values: Vec<f64>,
    #[serde(default)]
    statistics: Option<Value>,
}

#[derive(Deserialize)]
struct GeminiResponse {
    embeddings: Vec<GeminiEmbedding>,
}

#[derive(Deserialize)]
struct GeminiEmbedding {
    values: Vec<f64>,
}

#[derive(Deserialize)]
struct OpenAiResponse {
    data: Vec<OpenAiEmbedding>,
    #[serde(default)]
    usage: Option<Value>,
}

#[derive(Deserialize)]
struct OpenAiEmbedding {
    index: usize,
    embedding: Vec<f64>,
}

/// Parses `body`, describing a failure by its category and position only (serde's messages can
/// quote the answer).
fn from_json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, ResponseError> {
    serde_json::from_str(body).map_err(|e| ResponseError::Malformed(format!("{:?} error at line {} column {}", e.classify(), e.line(), e.column())))
}

/// Vertex reports `statistics.token_count` per prediction.
fn token_count(statistics: &Value) -> Option<u64> {
    count(&statistics["token_count"])
}

/// A token count as a provider writes it: a non-negative number, sometimes written as a float
/// (`12.0`), rounded down and saturating (the Node host reads counts the same way).
fn count(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| value.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f as u64))
}

/// OpenAI's items sorted by their `index`, which must be each of `0..expected` once.
fn in_index_order(mut data: Vec<OpenAiEmbedding>, expected: usize) -> Result<Vec<Vec<f64>>, ResponseError> {
    if data.len() != expected {
        return Err(ResponseError::Count { expected, got: data.len() });
    }
    data.sort_by_key(|d| d.index);
    if data.iter().enumerate().any(|(i, d)| d.index != i) {
        return Err(ResponseError::Indices(expected));
    }
    Ok(data.into_iter().map(|d| d.embedding).collect())
}

/// `values` scaled to unit length (computed in f64, scaled by the largest magnitude first so no
/// square overflows); `None` when a value is not finite or all are zero.
pub fn normalize(values: &[f64]) -> Option<Vec<f32>> {
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let scale = values.iter().fold(0f64, |m, v| m.max(v.abs()));
    if scale == 0.0 {
        return None;
    }
    let norm = values.iter().map(|v| (v / scale) * (v / scale)).sum::<f64>().sqrt();
    Some(values.iter().map(|v| ((v / scale) / norm) as f32).collect())
}

/// `text` cut to at most `max_tokens` by [`token_bound`], at a character boundary.
pub fn truncate(text: &str, max_tokens: usize) -> Cow<'_, str> {
    let max_bytes = max_tokens.saturating_sub(TOKEN_OVERHEAD);
    if text.len() <= max_bytes {
        return Cow::Borrowed(text);
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Borrowed(&text[..end])
}

/// Splits texts with the given token bounds, in order, into requests within `limits`: a new
/// request starts when the next text would pass the text or the token cap. Every bound must be
/// at most `limits.max_text_tokens` (see [`truncate`]), which is at most the request cap.
pub fn plan_batches(bounds: &[usize], limits: &BatchLimits) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut tokens) = (0, 0usize);
    for (i, bound) in bounds.iter().enumerate() {
        if i > start && (i - start == limits.max_texts || tokens + bound > limits.max_request_tokens) {
            batches.push(start..i);
            (start, tokens) = (i, 0);
        }
        tokens += bound;
    }
    if start < bounds.len() {
        batches.push(start..bounds.len());
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// What the Rust host makes of one case of `tests/fixtures/embeddings/cases.json`: the
    /// request body, and the vectors (sha256 of their f32 bits, little-endian, and the first
    /// four as bit patterns) with the reported tokens, or the error. The Node host's test reads
    /// the same cases and must produce this, byte for byte.
    fn fixture_outcome(case: &Value) -> Value {
        let text = |key: &str| case[key].as_str().unwrap_or_default().to_string();
        let dimensions = u32::try_from(case["dimensions"].as_u64().unwrap_or_default()).unwrap_or_default();
        let embedder = embedder(&text("provider"), &text("model"), dimensions);
        let texts: Vec<&str> = case["texts"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let task = if text("task") == "query" { EmbedTask::Query } else { EmbedTask::Document };
        let body = embedder.request_body(task, &texts);
        let answer = match embedder.parse_response(&text("answer"), texts.len()) {
            Ok(embedded) => {
                let bits: Vec<u8> = embedded.vectors.iter().flatten().flat_map(|v| v.to_bits().to_le_bytes()).collect();
                let first: Vec<String> = embedded.vectors.iter().flat_map(|v| v.iter().take(4)).map(|v| format!("{:08x}", v.to_bits())).collect();
                json!({"sha256": hex::encode(Sha256::digest(&bits)), "first": first, "input_tokens": embedded.input_tokens})
            }
            Err(e) => json!({"error": e.to_string()}),
        };
        json!({"name": case["name"], "body": body, "answer": answer})
    }

    /// What the Rust host sends of one call in `tests/fixtures/embeddings/plans.json`: each
    /// text not blank, with the byte length it is cut to, and the batches (index ranges into
    /// those sent).
    fn fixture_plan(case: &Value) -> Value {
        let text = |key: &str| case[key].as_str().unwrap_or_default().to_string();
        let dimensions = u32::try_from(case["dimensions"].as_u64().unwrap_or_default()).unwrap_or_default();
        let embedder = embedder(&text("provider"), &text("model"), dimensions);
        let limits = embedder.limits();
        let texts = case["texts"].as_array().into_iter().flatten().filter_map(Value::as_str);
        let sent: Vec<(usize, Cow<'_, str>)> = texts.enumerate().filter(|(_, t)| !is_blank(t)).map(|(i, t)| (i, truncate(t, limits.max_text_tokens))).collect();
        let bounds: Vec<usize> = sent.iter().map(|(_, t)| token_bound(t)).collect();
        let batches: Vec<[usize; 2]> = plan_batches(&bounds, &limits).into_iter().map(|r| [r.start, r.end]).collect();
        json!({"name": case["name"], "sent": sent.iter().map(|(i, t)| [*i, t.len()]).collect::<Vec<_>>(), "batches": batches})
    }

    #[test]
    fn the_shared_embedding_plans_give_the_recorded_blanks_cuts_and_batches() {
        let plans: Vec<Value> = serde_json::from_str(include_str!("../../tests/fixtures/embeddings/plans.json")).unwrap();
        let outcomes: Vec<Value> = plans.iter().map(fixture_plan).collect();
        let text = serde_json::to_string(&outcomes).unwrap() + "\n";
        expect_test::expect_file!["../../tests/fixtures/embeddings/plans.expected.json"].assert_eq(&text);
    }

    #[test]
    fn the_shared_embedding_cases_give_the_recorded_bodies_and_vectors() {
        let cases: Vec<Value> = serde_json::from_str(include_str!("../../tests/fixtures/embeddings/cases.json")).unwrap();
        let outcomes: Vec<Value> = cases.iter().map(fixture_outcome).collect();
        let text = serde_json::to_string_pretty(&outcomes).unwrap() + "\n";
        expect_test::expect_file!["../../tests/fixtures/embeddings/expected.json"].assert_eq(&text);
    }

    fn embedder(provider: &str, model: &str, dimensions: u32) -> ProviderEmbedder {
        match resolve(provider, &EmbedderConfig { model: model.into(), dimensions }) {
            Ok(Embedder::Provider(e)) => e,
            other => panic!("{provider} {model}: {other:?}"),
        }
    }

    fn texts(n: usize, len: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i:>width$}", width = len)).collect()
    }

    fn batch_sizes(e: &ProviderEmbedder, texts: &[String]) -> Vec<usize> {
        let limits = e.limits();
        let bounds: Vec<usize> = texts.iter().map(|t| token_bound(&truncate(t, limits.max_text_tokens))).collect();
        plan_batches(&bounds, &limits).iter().map(|r| r.len()).collect()
    }

    #[test]
    fn the_offline_embedder_is_the_default_and_configuration_is_checked() {
        assert_eq!(resolve("vertex-gemini", &EmbedderConfig::default()), Ok(Embedder::Offline));
        assert_eq!(embedder("vertex-gemini", "text-embedding-005", 768).dimensions, 768);
        assert_eq!(embedder("vertex-gemini", "text-embedding-004", 768).model, "text-embedding-004");
        assert_eq!(embedder("gemini-api", "gemini-embedding-001", 768).native, 3072);
        assert_eq!(embedder("azure-openai", "embeddings-prod", 1536).provider, Provider::AzureOpenAi);
        let refused = |p: &str, m: &str, d| resolve(p, &EmbedderConfig { model: m.into(), dimensions: d }).unwrap_err();
        assert!(matches!(refused("anthropic", "voyage-3", 1024), EmbedderError::NoEmbeddingsApi(_)));
        assert!(matches!(refused("offline", "text-embedding-005", 768), EmbedderError::OfflineProvider));
        assert!(matches!(refused("openai", "text-embedding-005", 768), EmbedderError::UnknownModel { .. }));
        assert!(matches!(refused("gemini-api", "text-embedding-004", 768), EmbedderError::UnknownModel { .. }), "retired on the Gemini API");
        assert!(matches!(refused("vertex-gemini", "text-embedding-005", 1536), EmbedderError::Dimensions { .. }));
        assert!(matches!(refused("openai", "offline", 768), EmbedderError::Dimensions { .. }));
        assert!(matches!(refused("azure-openai", "../chat", 1536), EmbedderError::BadDeployment(_)));
        assert!(refused("anthropic", "x", 1).to_string().contains("use the offline embedder"));
    }

    #[test]
    fn six_hundred_texts_to_vertex_become_three_requests_of_at_most_250() {
        let vertex = embedder("vertex-gemini", "text-embedding-005", 768);
        assert_eq!(batch_sizes(&vertex, &texts(600, 20)), vec![250, 250, 100]);
    }

    #[test]
    fn long_texts_split_on_the_token_cap() {
        // 1,998 bytes + 2 = 2,000 tokens each: 10 fill Vertex's 20,000-token request.
        let vertex = embedder("vertex-gemini", "text-embedding-005", 768);
        assert_eq!(batch_sizes(&vertex, &texts(25, 1998)), vec![10, 10, 5]);
        let mut mixed = texts(5, 10);
        mixed.push("x".repeat(19_990));
        mixed.extend(texts(3, 10));
        assert_eq!(batch_sizes(&vertex, &mixed), vec![5, 1, 3], "a long text goes alone rather than push a request over");
        // OpenAI: 8,192 tokens per text (longer texts are cut), 300,000 per request.
        let openai = embedder("openai", "text-embedding-3-small", 1536);
        let sizes = batch_sizes(&openai, &texts(200, 50_000));
        assert!(sizes.iter().all(|n| *n <= 300_000 / 8192), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 200);
    }

    #[test]
    fn batches_also_respect_the_text_cap_and_the_response_cap() {
        let gemini = embedder("gemini-api", "gemini-embedding-001", 768);
        assert_eq!(batch_sizes(&gemini, &texts(250, 10)), vec![100, 100, 50]);
        let openai = embedder("openai", "text-embedding-3-small", 1536);
        let cap = openai.limits().max_texts;
        assert!(cap < 2048 && cap as u64 * 1536 * BYTES_PER_VALUE as u64 <= MAX_EMBED_RESPONSE_BYTES, "{cap}");
        assert!(gemini.limits().max_texts == 100 && embedder("gemini-api", "gemini-embedding-001", 3072).limits().max_texts >= 100);
        assert!(plan_batches(&[], &openai.limits()).is_empty());
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        assert_eq!(truncate("héllo", 4), "h", "é is two bytes; 2 of the 4 are overhead");
        assert_eq!(truncate("héllo", 5), "hé");
        assert_eq!(truncate("short", 100), "short");
        assert!(token_bound(&truncate(&"ü".repeat(10_000), 8192)) <= 8192);
    }

    #[test]
    fn request_bodies_have_each_providers_documented_shape() {
        let vertex = embedder("vertex-gemini", "text-embedding-005", 768);
        let body: Value = serde_json::from_str(&vertex.request_body(EmbedTask::Document, &["a", "b"])).unwrap();
        assert_eq!(body, json!({"instances": [{"content": "a", "task_type": "RETRIEVAL_DOCUMENT"}, {"content": "b", "task_type": "RETRIEVAL_DOCUMENT"}], "parameters": {"autoTruncate": true}}));
        let body: Value = serde_json::from_str(&vertex.request_body(EmbedTask::Query, &["q"])).unwrap();
        assert_eq!(body["instances"][0]["task_type"], "RETRIEVAL_QUERY");

        let openai = embedder("openai", "text-embedding-3-small", 1536);
        let body: Value = serde_json::from_str(&openai.request_body(EmbedTask::Query, &["a", "b"])).unwrap();
        assert_eq!(body, json!({"model": "text-embedding-3-small", "input": ["a", "b"]}));
        let short = embedder("openai", "text-embedding-3-small", 512);
        assert_eq!(serde_json::from_str::<Value>(&short.request_body(EmbedTask::Query, &["a"])).unwrap()["dimensions"], 512);

        let azure = embedder("azure-openai", "embeddings-prod", 1536);
        let body: Value = serde_json::from_str(&azure.request_body(EmbedTask::Document, &["a"])).unwrap();
        assert_eq!(body, json!({"input": ["a"]}), "the deployment is in the URL");

        let gemini = embedder("gemini-api", "gemini-embedding-001", 768);
        let body: Value = serde_json::from_str(&gemini.request_body(EmbedTask::Document, &["a"])).unwrap();
        assert_eq!(
            body,
            json!({"requests": [{"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "a"}]}, "taskType": "RETRIEVAL_DOCUMENT", "outputDimensionality": 768}]})
        );
        for (e, provider) in [(&vertex, Provider::VertexGemini), (&openai, Provider::OpenAi), (&azure, Provider::AzureOpenAi), (&gemini, Provider::GeminiApi)] {
            assert!(crate::providers::check_embedding_body(provider, &e.request_body(EmbedTask::Query, &["x"])).is_ok());
        }
    }

    #[test]
    fn answers_are_read_in_order_normalized_and_checked() {
        let openai = embedder("openai", "text-embedding-3-small", 512);
        let item = |i: usize, v: f64| json!({"object": "embedding", "index": i, "embedding": vec![v; 512]});
        let body = json!({"object": "list", "data": [item(1, -2.0), item(0, 3.0)], "model": "text-embedding-3-small", "usage": {"prompt_tokens": 7, "total_tokens": 7}});
        let got = openai.parse_response(&body.to_string(), 2).unwrap();
        assert_eq!(got.input_tokens, Some(7));
        assert!(got.vectors[0][0] > 0.0 && got.vectors[1][0] < 0.0, "sorted by index");
        for v in &got.vectors {
            assert!((v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
        }
        let twice = json!({"data": [item(0, 1.0), item(0, 1.0)]}).to_string();
        assert_eq!(openai.parse_response(&twice, 2), Err(ResponseError::Indices(2)));
        assert_eq!(openai.parse_response(&json!({"data": [item(0, 1.0)]}).to_string(), 2), Err(ResponseError::Count { expected: 2, got: 1 }));

        let vertex = embedder("vertex-gemini", "text-embedding-005", 768);
        let prediction = |v: Vec<f64>| json!({"embeddings": {"statistics": {"truncated": false, "token_count": 6}, "values": v}});
        let ok = json!({"predictions": [prediction(vec![0.5; 768]), prediction(vec![1e300; 768])]}).to_string();
        let got = vertex.parse_response(&ok, 2).unwrap();
        assert_eq!(got.input_tokens, Some(12));
        assert!((got.vectors[1][0] - (1.0 / 768f32.sqrt())).abs() < 1e-6, "huge values normalize without overflow");
        let short = json!({"predictions": [prediction(vec![0.5; 767])]}).to_string();
        assert_eq!(vertex.parse_response(&short, 1), Err(ResponseError::Dimension { index: 0, expected: 768, got: 767 }));
        let zero = json!({"predictions": [prediction(vec![0.0; 768])]}).to_string();
        assert_eq!(vertex.parse_response(&zero, 1), Err(ResponseError::NotNormalizable { index: 0 }));
        for malformed in ["", "{", "null", r#"{"predictions":{}}"#, r#"{"predictions":[{"embeddings":{"values":["0.1"]}}]}"#, r#"{"predictions":[{"embeddings":{"values":[1e999]}}]}"#] {
            assert!(matches!(vertex.parse_response(malformed, 1), Err(ResponseError::Malformed(_))), "{malformed:?}");
        }
        let quoted = vertex.parse_response(r#"{"predictions":[{"embeddings":{"values":["SECRET-CONTENT"]}}]}"#, 1).unwrap_err();
        assert!(!quoted.to_string().contains("SECRET"), "{quoted}");

        let gemini = embedder("gemini-api", "gemini-embedding-001", 768);
        let body = json!({"embeddings": [{"values": vec![2.0; 768]}]}).to_string();
        let got = gemini.parse_response(&body, 1).unwrap();
        assert!((got.vectors[0].iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5, "Gemini's shortened vectors come back unnormalized");
        assert_eq!(got.input_tokens, None);
    }

    #[test]
    fn normalize_refuses_what_has_no_direction() {
        assert_eq!(normalize(&[3.0, 4.0]), Some(vec![0.6, 0.8]));
        assert_eq!(normalize(&[0.0, 0.0]), None);
        assert_eq!(normalize(&[f64::NAN, 1.0]), None);
        assert_eq!(normalize(&[f64::INFINITY, 1.0]), None);
    }
}
