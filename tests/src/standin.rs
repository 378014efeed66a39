//! A loopback stand-in for an AI provider: records every request and plays scripted answers, so
//! tests can check the exact request the host sends and drive retries, errors and deadlines.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The credential the tests configure, to look for where it must not be.
pub const KEY: &str = "sk-test-9f8e7d6c5b4a39281706fedcba";
/// What every stand-in answers: a section with two placeholders the guest must restore.
pub const SECTION: &str = "<h2>PAY-142 status</h2><p>Owner: [PERSON_1]. Customer: [EMAIL_1].</p>";

/// A request the stand-in received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Received {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// An answer to give: status, extra headers, body, and a delay before answering.
#[derive(Clone)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(&'static str, &'static str)>,
    /// The body (bytes: a test may answer with a body that is not UTF-8).
    pub body: Vec<u8>,
    /// How long to wait before answering.
    pub delay: Duration,
}

/// A 200 answer with `body`.
pub fn ok(body: String) -> Answer {
    Answer { status: 200, headers: Vec::new(), body: body.into_bytes(), delay: Duration::ZERO }
}

/// A loopback HTTP server that records requests and plays `answers` in order (the last one
/// repeats). Started with [`StandIn::with_embeddings`], it also answers the three embeddings
/// endpoints itself, one vector per text, in the provider's documented shape.
pub struct StandIn {
    /// Its base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

/// How the stand-in answers embeddings requests.
#[derive(Clone, Copy)]
pub struct Embeddings {
    /// The length of the vectors it returns.
    pub dimensions: usize,
    /// Multiplies every value (providers do not all return unit vectors; the host normalizes).
    pub scale: f32,
}

impl StandIn {
    /// Starts serving `answers`.
    pub fn start(answers: Vec<Answer>) -> StandIn {
        StandIn::serve(answers, None)
    }

    /// Starts serving `answers`, and answers embeddings requests (Vertex AI `:predict`, Gemini
    /// API `:batchEmbedContents`, OpenAI and Azure OpenAI `/embeddings`) with `embeddings`-shaped
    /// vectors computed from each text, in the provider's documented answer.
    pub fn with_embeddings(embeddings: Embeddings, answers: Vec<Answer>) -> StandIn {
        StandIn::serve(answers, Some(embeddings))
    }

    fn serve(answers: Vec<Answer>, embeddings: Option<Embeddings>) -> StandIn {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            let mut scripted = 0;
            for mut request in server.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let path = request.url().to_string();
                let embedded = embeddings.and_then(|e| embedding_answer(&path, &body, e));
                log.lock().unwrap().push(Received {
                    method: request.method().to_string(),
                    url: path,
                    headers: request.headers().iter().map(|h| (h.field.to_string(), h.value.to_string())).collect(),
                    body,
                });
                let answer = match embedded {
                    Some(answer) => answer,
                    None => {
                        scripted += 1;
                        answers.get(scripted - 1).or(answers.last()).unwrap().clone()
                    }
                };
                std::thread::sleep(answer.delay);
                let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
                for (name, value) in answer.headers {
                    response.add_header(tiny_http::Header::from_bytes(name, value).unwrap());
                }
                let _ = request.respond(response);
            }
        });
        StandIn { url, received }
    }

    /// What it received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Whether `path` is an embeddings endpoint.
pub fn is_embeddings(path: &str) -> bool {
    path.contains(":predict") || path.contains(":batchEmbedContents") || path.split('?').next().is_some_and(|p| p.ends_with("/embeddings"))
}

/// The texts of an embeddings request, whichever provider's shape it has.
pub fn embedding_texts(path: &str, body: &serde_json::Value) -> Vec<String> {
    let strings = |items: &serde_json::Value, pointer: &str| -> Vec<String> {
        items.as_array().map(|a| a.iter().filter_map(|i| i.pointer(pointer).and_then(|t| t.as_str()).map(String::from)).collect()).unwrap_or_default()
    };
    if path.contains(":predict") {
        strings(&body["instances"], "/content")
    } else if path.contains(":batchEmbedContents") {
        strings(&body["requests"], "/content/parts/0/text")
    } else {
        strings(&body["input"], "")
    }
}

/// The documented answer to an embeddings request: one vector per text (the offline embedder's,
/// padded or cut to the dimension, scaled), or `None` when `path` is not an embeddings endpoint.
fn embedding_answer(path: &str, body: &str, e: Embeddings) -> Option<Answer> {
    if !is_embeddings(path) {
        return None;
    }
    let request: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let vectors: Vec<Vec<f32>> = embedding_texts(path, &request)
        .iter()
        .map(|t| {
            let mut v = synco_host::model::offline::embed(t, e.dimensions);
            v.iter_mut().for_each(|x| *x *= e.scale);
            v
        })
        .collect();
    let answer = if path.contains(":predict") {
        let predictions: Vec<serde_json::Value> = vectors
            .iter()
            .map(|v| serde_json::json!({"embeddings": {"statistics": {"truncated": false, "token_count": 9}, "values": v}}))
            .collect();
        serde_json::json!({"predictions": predictions, "metadata": {"billableCharacterCount": 42}})
    } else if path.contains(":batchEmbedContents") {
        serde_json::json!({"embeddings": vectors.iter().map(|v| serde_json::json!({"values": v})).collect::<Vec<_>>()})
    } else {
        // OpenAI's items, deliberately in reverse order: clients must sort by `index`.
        let data: Vec<serde_json::Value> =
            vectors.iter().enumerate().rev().map(|(i, v)| serde_json::json!({"object": "embedding", "index": i, "embedding": v})).collect();
        let tokens = 9 * vectors.len();
        serde_json::json!({"object": "list", "data": data, "model": "text-embedding-3-small", "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})
    };
    Some(ok(answer.to_string()))
}

/// The documented success answer of each provider, carrying `SECTION`.
pub fn success(provider: &str) -> String {
    let text = serde_json::to_string(SECTION).unwrap();
    match provider {
        "vertex-gemini" | "gemini-api" => format!(
            r#"{{"candidates":[{{"content":{{"role":"model","parts":[{{"text":{text}}}]}},"finishReason":"STOP"}}],"usageMetadata":{{"promptTokenCount":812,"candidatesTokenCount":40,"totalTokenCount":852}}}}"#
        ),
        "openai" | "azure-openai" => format!(
            r#"{{"id":"chatcmpl-1","object":"chat.completion","choices":[{{"index":0,"message":{{"role":"assistant","content":{text}}},"finish_reason":"stop"}}],"usage":{{"prompt_tokens":812,"completion_tokens":40,"total_tokens":852}}}}"#
        ),
        _ => format!(
            r#"{{"id":"msg_1","type":"message","role":"assistant","content":[{{"type":"text","text":{text}}}],"stop_reason":"end_turn","usage":{{"input_tokens":812,"output_tokens":40}}}}"#
        ),
    }
}

