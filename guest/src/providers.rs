//! What each model provider expects and answers: request bodies built from the fenced prompt, and
//! answers (text, finish reason, token usage, errors) parsed back, in the guest.
//!
//! The host never builds or reads prompts: it only checks the body against the tenant's provider,
//! picks the endpoint and adds the credential. The body carries each provider's no-storage switch
//! where one exists (OpenAI `store: false`). Every failure maps onto the contract's closed
//! `model-error` kinds: context too long, content filtered, or a bad request or response.

use serde_json::{Value, json};
use thiserror::Error;

use crate::types::Provider;

/// The answer of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The generated text.
    pub text: String,
    /// Why the model stopped, as the provider says (`stop`, `STOP`, `end_turn`, …).
    pub finish_reason: String,
    /// Input tokens, as reported.
    pub input_tokens: u32,
    /// Output tokens, as reported.
    pub output_tokens: u32,
}

/// Why an answer is not usable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerError {
    /// The request did not fit the model's context window.
    #[error("the request does not fit the model's context window")]
    ContextTooLong,
    /// The provider's content filter refused the request or the answer.
    #[error("the provider's content filter refused the request")]
    ContentFiltered,
    /// The provider refused the request (payload: its status and short reason).
    #[error("the provider refused the request: {0}")]
    Refused(String),
    /// The answer is not in the provider's format (payload: what was expected).
    #[error("the answer is not in the provider's format: {0}")]
    Malformed(String),
}

/// The request body for `provider`. For the offline provider this is the common part; the
/// prompt module adds the structured ticket its template renders.
pub fn body(provider: Provider, model: &str, system: &str, prompt: &str, max_output_tokens: u32) -> Value {
    match provider {
        Provider::Offline => json!({ "format": "synco-offline/1", "model": model, "system": system, "prompt": prompt }),
        Provider::VertexGemini | Provider::GeminiApi => json!({
            "systemInstruction": { "parts": [{ "text": system }] },
            "contents": [{ "role": "user", "parts": [{ "text": prompt }] }],
            "generationConfig": { "maxOutputTokens": max_output_tokens, "temperature": 0.2 },
        }),
        Provider::OpenAi => json!({
            "model": model,
            "store": false,
            "max_completion_tokens": max_output_tokens,
            "messages": [{ "role": "system", "content": system }, { "role": "user", "content": prompt }],
        }),
        Provider::AzureOpenAi => json!({
            "max_tokens": max_output_tokens,
            "temperature": 0.2,
            "messages": [{ "role": "system", "content": system }, { "role": "user", "content": prompt }],
        }),
        Provider::Anthropic => json!({
            "model": model,
            "max_tokens": max_output_tokens,
            "system": system,
            "messages": [{ "role": "user", "content": prompt }],
        }),
    }
}

/// Parses the provider's answer (status and body as the host received them).
pub fn parse(provider: Provider, status: u16, body: &str) -> Result<Answer, AnswerError> {
    let value: Value = serde_json::from_str(body).map_err(|e| AnswerError::Malformed(format!("expected json: {e}")))?;
    if !(200..300).contains(&status) {
        return Err(error(provider, status, &value));
    }
    let answer = match provider {
        Provider::Offline => offline(&value),
        Provider::VertexGemini | Provider::GeminiApi => gemini(&value),
        Provider::OpenAi | Provider::AzureOpenAi => openai(&value),
        Provider::Anthropic => anthropic(&value),
    }?;
    Ok(Answer { text: strip_fence(&answer.text).to_string(), ..answer })
}

fn tokens(v: &Value) -> u32 {
    v.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
}

fn text_field(v: &Value, what: &str) -> Result<String, AnswerError> {
    v.as_str().map(str::to_string).ok_or_else(|| AnswerError::Malformed(format!("expected {what}")))
}

fn offline(v: &Value) -> Result<Answer, AnswerError> {
    Ok(Answer {
        text: text_field(&v["text"], "a text field")?,
        finish_reason: v["finish_reason"].as_str().unwrap_or("stop").to_string(),
        input_tokens: tokens(&v["usage"]["input_tokens"]),
        output_tokens: tokens(&v["usage"]["output_tokens"]),
    })
}

fn gemini(v: &Value) -> Result<Answer, AnswerError> {
    if v["promptFeedback"]["blockReason"].is_string() {
        return Err(AnswerError::ContentFiltered);
    }
    let candidate = &v["candidates"][0];
    let reason = candidate["finishReason"].as_str().unwrap_or_default();
    if matches!(reason, "SAFETY" | "PROHIBITED_CONTENT" | "BLOCKLIST" | "SPII" | "RECITATION") {
        return Err(AnswerError::ContentFiltered);
    }
    let parts = candidate["content"]["parts"].as_array().ok_or_else(|| AnswerError::Malformed("expected candidates[0].content.parts".into()))?;
    let text: String = parts.iter().filter_map(|p| p["text"].as_str()).collect();
    Ok(Answer {
        text,
        finish_reason: reason.to_string(),
        input_tokens: tokens(&v["usageMetadata"]["promptTokenCount"]),
        output_tokens: tokens(&v["usageMetadata"]["candidatesTokenCount"]),
    })
}

fn openai(v: &Value) -> Result<Answer, AnswerError> {
    let choice = &v["choices"][0];
    let reason = choice["finish_reason"].as_str().unwrap_or_default();
    if reason == "content_filter" {
        return Err(AnswerError::ContentFiltered);
    }
    Ok(Answer {
        text: text_field(&choice["message"]["content"], "choices[0].message.content")?,
        finish_reason: reason.to_string(),
        input_tokens: tokens(&v["usage"]["prompt_tokens"]),
        output_tokens: tokens(&v["usage"]["completion_tokens"]),
    })
}

fn anthropic(v: &Value) -> Result<Answer, AnswerError> {
    let blocks = v["content"].as_array().ok_or_else(|| AnswerError::Malformed("expected a content array".into()))?;
    let text: String = blocks.iter().filter(|b| b["type"] == "text").filter_map(|b| b["text"].as_str()).collect();
    Ok(Answer {
        text,
        finish_reason: v["stop_reason"].as_str().unwrap_or_default().to_string(),
        input_tokens: tokens(&v["usage"]["input_tokens"]),
        output_tokens: tokens(&v["usage"]["output_tokens"]),
    })
}

/// Maps an error answer onto the closed error kinds. Provider messages are cut short: they are
/// metadata, never content.
fn error(provider: Provider, status: u16, v: &Value) -> AnswerError {
    let (code, message) = match provider {
        Provider::Anthropic => (v["error"]["type"].as_str(), v["error"]["message"].as_str()),
        Provider::VertexGemini | Provider::GeminiApi => (v["error"]["status"].as_str(), v["error"]["message"].as_str()),
        _ => (v["error"]["code"].as_str(), v["error"]["message"].as_str()),
    };
    let message = message.unwrap_or_default().to_lowercase();
    let code = code.unwrap_or_default();
    let too_long = code == "context_length_exceeded"
        || message.contains("prompt is too long")
        || (message.contains("token") && (message.contains("exceed") || message.contains("maximum context")));
    if too_long {
        return AnswerError::ContextTooLong;
    }
    if code == "content_filter" || message.contains("content management policy") || message.contains("safety") {
        return AnswerError::ContentFiltered;
    }
    let short: String = message.chars().take(160).collect();
    AnswerError::Refused(format!("status {status} {code}: {short}"))
}

/// Models often wrap markup in a Markdown code fence; the section is what is inside.
fn strip_fence(text: &str) -> &str {
    let trimmed = text.trim();
    let Some(rest) = trimmed.strip_prefix("```") else { return text };
    let Some(body) = rest.strip_suffix("```") else { return text };
    body.split_once('\n').map_or(body, |(_lang, inner)| inner).trim()
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    #[test]
    fn openai_requests_turn_storage_off() {
        let body = body(Provider::OpenAi, "gpt-4o", "sys", "p", 100);
        assert_eq!(body["store"], false);
        assert_eq!(body["messages"][0]["role"], "system");
    }

    #[test]
    fn anthropic_requests_carry_max_tokens_and_a_top_level_system() {
        let body = body(Provider::Anthropic, "claude", "sys", "p", 100);
        assert_eq!(body["max_tokens"], 100);
        assert_eq!(body["system"], "sys");
        assert_eq!(body["messages"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn parses_each_providers_documented_answer() {
        let gemini = r#"{"candidates":[{"content":{"role":"model","parts":[{"text":"<p>a</p>"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3}}"#;
        let openai = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"<p>a</p>"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3}}"#;
        let anthropic = r#"{"type":"message","content":[{"type":"text","text":"<p>a</p>"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":3}}"#;
        for (provider, body) in [(Provider::GeminiApi, gemini), (Provider::OpenAi, openai), (Provider::Anthropic, anthropic)] {
            let answer = parse(provider, 200, body).unwrap();
            assert_eq!((answer.text.as_str(), answer.input_tokens, answer.output_tokens), ("<p>a</p>", 10, 3));
        }
    }

    #[test]
    fn maps_context_and_content_filter_errors() {
        let too_long = r#"{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}"#;
        assert_eq!(parse(Provider::OpenAi, 400, too_long), Err(AnswerError::ContextTooLong));
        let anthropic = r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#;
        assert_eq!(parse(Provider::Anthropic, 400, anthropic), Err(AnswerError::ContextTooLong));
        let blocked = r#"{"promptFeedback":{"blockReason":"SAFETY"}}"#;
        assert_eq!(parse(Provider::VertexGemini, 200, blocked), Err(AnswerError::ContentFiltered));
        let filtered = r#"{"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}"#;
        assert_eq!(parse(Provider::AzureOpenAi, 200, filtered), Err(AnswerError::ContentFiltered));
        assert!(matches!(parse(Provider::OpenAi, 401, r#"{"error":{"message":"bad key","code":"invalid_api_key"}}"#), Err(AnswerError::Refused(_))));
        assert!(matches!(parse(Provider::OpenAi, 200, "not json"), Err(AnswerError::Malformed(_))));
    }

    #[test]
    fn unwraps_a_markdown_fence_around_the_section() {
        let body = r#"{"content":[{"type":"text","text":"```xml\n<p>a</p>\n```"}],"stop_reason":"end_turn"}"#;
        assert_eq!(parse(Provider::Anthropic, 200, body).unwrap().text, "<p>a</p>");
    }
}
