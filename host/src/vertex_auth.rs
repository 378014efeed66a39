//! The operator's credential for the default provider, Vertex AI (promise P4). An OAuth access
//! token lasts an hour, so a fixed one (`SYNCO_VERTEX_ACCESS_TOKEN`) suits a single run; a
//! long-running host is given a Google service-account key instead
//! (`SYNCO_VERTEX_SERVICE_ACCOUNT`, the JSON file Google issues) and mints its own tokens with
//! the OAuth 2.0 JWT bearer grant (RFC 7523, Google's "service account" flow): an RS256 assertion
//! signed with the account's key, exchanged at Google's token endpoint for an access token, which
//! is reused until five minutes before it expires (then the next call mints a new one; a token
//! Vertex AI refuses with 401 is dropped at once). The key never leaves the host: only the signed
//! assertion is sent, only to Google's token endpoint (a base-URL override reroutes it only when
//! it is a literal loopback address, for tests: a self-hosted gateway never sees an assertion it
//! could exchange itself), and neither key nor token reaches the guest, logs or audit records.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::providers::{self, Endpoint};

/// Google's OAuth 2.0 token endpoint, the only one a service account's tokens are minted at.
pub const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// The scope the minted tokens carry (Vertex AI accepts the Cloud Platform scope).
pub const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
/// How long a minted token is asked to last (Google's maximum).
const ASSERTION_LIFETIME: Duration = Duration::from_secs(3600);
/// A token is renewed this long before it expires, so none is sent about to expire.
const RENEW_BEFORE: Duration = Duration::from_secs(300);
/// The shortest token lifetime accepted from the token endpoint (Google's are an hour).
const MIN_TOKEN_LIFETIME: Duration = Duration::from_secs(60);
/// The largest token response read.
const MAX_TOKEN_RESPONSE_BYTES: u64 = 64 * 1024;
/// The grant type of RFC 7523, form-encoded.
const JWT_BEARER_GRANT: &str = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";

/// Why a Vertex AI credential could not be had. Messages never carry the key or a token.
#[derive(Debug, Error)]
pub enum VertexAuthError {
    /// The service-account file cannot be read or is not a service-account key.
    #[error("the vertex service account key is unusable: {0}")]
    Key(String),
    /// The token endpoint failed or refused the assertion.
    #[error("no vertex access token could be minted: {0}")]
    Mint(String),
}

/// The operator's credential for Vertex AI.
pub enum VertexCredential {
    /// A fixed OAuth access token.
    AccessToken(Zeroizing<String>),
    /// A service account whose tokens the host mints and renews.
    ServiceAccount(Box<TokenMinter>),
}

impl VertexCredential {
    /// Drops `token`, a minted token Vertex AI refused (status 401), so the next call mints a
    /// new one; a token minted since (by a concurrent call) is kept.
    pub fn rejected(&self, token: &str) {
        if let VertexCredential::ServiceAccount(minter) = self {
            let mut live = minter.live();
            if live.as_ref().is_some_and(|l| l.token.as_str() == token) {
                *live = None;
            }
        }
    }

    /// The access token to send now: the fixed one, or a live minted one (minting one when there
    /// is none, or it is about to expire), the token request routed through `base_url` when set
    /// and bounded by `deadline`.
    pub fn token(&self, base_url: Option<&str>, deadline: Instant) -> Result<Zeroizing<String>, VertexAuthError> {
        match self {
            VertexCredential::AccessToken(token) => Ok(token.clone()),
            VertexCredential::ServiceAccount(minter) => minter.token(base_url, deadline),
        }
    }
}

/// The fields of a Google service-account key file the host uses.
#[derive(Deserialize)]
struct KeyFile {
    #[serde(rename = "type")]
    kind: String,
    client_email: String,
    private_key: Zeroizing<String>,
    #[serde(default)]
    token_uri: Option<String>,
}

/// The JWT claims of the assertion (RFC 7523 §3, as Google requires).
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

/// The token endpoint's answer (RFC 6749 §5.1; `expires_in` is optional there).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Zeroizing<String>,
    expires_in: Option<u64>,
    token_type: String,
}

/// A minted token, when to renew it, and when it stops working.
#[derive(Clone)]
struct Live {
    token: Zeroizing<String>,
    renew_at: Instant,
    expires_at: Instant,
}

/// Mints and caches access tokens for one service account.
pub struct TokenMinter {
    email: String,
    key: jsonwebtoken::EncodingKey,
    live: Mutex<Option<Live>>,
}

impl TokenMinter {
    /// The minter for the service-account key file text `json` (Google's format: `type`
    /// `service_account`, `client_email`, `private_key` PEM; a `token_uri` other than Google's
    /// is refused, so a tampered file cannot send assertions elsewhere).
    pub fn from_json(json: &str) -> Result<TokenMinter, VertexAuthError> {
        let file: KeyFile = serde_json::from_str(json).map_err(|e| VertexAuthError::Key(format!("not a service account key file: {e}")))?;
        if file.kind != "service_account" {
            return Err(VertexAuthError::Key(format!("its type is {:?}; expected \"service_account\"", file.kind)));
        }
        if let Some(uri) = file.token_uri.as_deref().filter(|uri| *uri != GOOGLE_TOKEN_URI) {
            return Err(VertexAuthError::Key(format!("its token_uri is {uri:?}; expected {GOOGLE_TOKEN_URI:?}")));
        }
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(file.private_key.as_bytes()).map_err(|e| VertexAuthError::Key(format!("its private_key is not an rsa key in pem: {e}")))?;
        Ok(TokenMinter { email: file.client_email, key, live: Mutex::new(None) })
    }

    /// The minter for the key file at `path`.
    pub fn load(path: &std::path::Path) -> Result<TokenMinter, VertexAuthError> {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| VertexAuthError::Key(format!("cannot read {}: {e}", path.display())))?);
        TokenMinter::from_json(&text)
    }

    /// The service account's email (its identity, not a secret).
    pub fn email(&self) -> &str {
        &self.email
    }

    fn live(&self) -> std::sync::MutexGuard<'_, Option<Live>> {
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A live token: the cached one, or a new one (see [`VertexCredential::token`]). No lock is
    /// held while minting, so a slow token endpoint holds up only the calls that need a new
    /// token, each within its own deadline; if minting fails, a token not yet expired is used.
    fn token(&self, base_url: Option<&str>, deadline: Instant) -> Result<Zeroizing<String>, VertexAuthError> {
        let cached = self.live().clone();
        if let Some(current) = cached.as_ref().filter(|l| Instant::now() < l.renew_at) {
            return Ok(current.token.clone());
        }
        match self.mint(base_url, deadline) {
            Ok(minted) => {
                let token = minted.token.clone();
                *self.live() = Some(minted);
                Ok(token)
            }
            Err(e) => cached.filter(|l| Instant::now() < l.expires_at).map(|l| l.token).ok_or(e),
        }
    }

    /// Signs an assertion and exchanges it for a token.
    fn mint(&self, base_url: Option<&str>, deadline: Instant) -> Result<Live, VertexAuthError> {
        let requested_at = Instant::now();
        let assertion = self.assertion()?;
        let endpoint = Endpoint { url: token_url(base_url), headers: Vec::new(), max_response_bytes: MAX_TOKEN_RESPONSE_BYTES, content_type: "application/x-www-form-urlencoded" };
        let body = Zeroizing::new(format!("grant_type={JWT_BEARER_GRANT}&assertion={}", assertion.as_str()));
        let reply = providers::post(&endpoint, &body, deadline, &mut crate::entropy::unit_jitter).map_err(|e| VertexAuthError::Mint(e.to_string()))?;
        if reply.status != 200 {
            return Err(VertexAuthError::Mint(format!("the token endpoint answered status {}{}", reply.status, oauth_error(&reply.body))));
        }
        parse_answer(&reply.body, requested_at)
    }

    /// The signed RS256 assertion, valid for an hour from now.
    fn assertion(&self) -> Result<Zeroizing<String>, VertexAuthError> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let claims = Claims { iss: &self.email, scope: SCOPE, aud: GOOGLE_TOKEN_URI, iat: now, exp: now + ASSERTION_LIFETIME.as_secs() };
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        let signed = jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| VertexAuthError::Key(format!("the assertion could not be signed: {e}")))?;
        Ok(Zeroizing::new(signed))
    }
}

/// Where assertions go: Google's token endpoint, or `/token` on a base-URL override that is a
/// literal loopback address (tests' stand-ins); any other override (a gateway) is not trusted with
/// them.
fn token_url(base_url: Option<&str>) -> String {
    match base_url.and_then(crate::loopback::loopback_origin) {
        Some(origin) => format!("{origin}/token"),
        None => GOOGLE_TOKEN_URI.to_string(),
    }
}

/// The token in the token endpoint's answer `body`, asked for at `requested_at`: a bearer token,
/// kept for its lifetime (an hour when unsaid, at most an hour, at least a minute) less five
/// minutes.
fn parse_answer(body: &str, requested_at: Instant) -> Result<Live, VertexAuthError> {
    let answer: TokenAnswer = serde_json::from_str(body).map_err(|_| VertexAuthError::Mint("the token endpoint's answer is not an oauth token response".into()))?;
    if !answer.token_type.eq_ignore_ascii_case("bearer") || answer.access_token.is_empty() {
        return Err(VertexAuthError::Mint(format!("the token endpoint answered a {:?} token; expected a bearer token", answer.token_type)));
    }
    let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600));
    if lifetime < MIN_TOKEN_LIFETIME {
        return Err(VertexAuthError::Mint(format!("the token endpoint answered a token lasting {}s; expected at least {}s", lifetime.as_secs(), MIN_TOKEN_LIFETIME.as_secs())));
    }
    let lifetime = lifetime.min(ASSERTION_LIFETIME);
    Ok(Live { token: answer.access_token, renew_at: requested_at + lifetime.saturating_sub(RENEW_BEFORE), expires_at: requested_at + lifetime })
}

/// `: <error code>` from an OAuth error answer (RFC 6749 §5.2), or nothing. The code is one of a
/// few fixed words, never a secret; the free-text description is left out.
fn oauth_error(body: &str) -> String {
    let code = serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v["error"].as_str().map(str::to_string));
    code.filter(|c| c.len() <= 64 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')).map_or_else(String::new, |c| format!(": {c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_file(overrides: serde_json::Value) -> String {
        let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/vertex/test-key.pem")).unwrap();
        let mut file = serde_json::json!({"type": "service_account", "client_email": "synco@example-project.iam.gserviceaccount.com", "private_key": pem, "token_uri": GOOGLE_TOKEN_URI});
        for (k, v) in overrides.as_object().unwrap() {
            file[k] = v.clone();
        }
        file.to_string()
    }

    #[test]
    fn reads_a_google_service_account_key_file() {
        let minter = TokenMinter::from_json(&key_file(serde_json::json!({}))).unwrap();
        assert_eq!(minter.email(), "synco@example-project.iam.gserviceaccount.com");
    }

    #[test]
    fn refuses_a_key_file_that_would_send_assertions_elsewhere() {
        let err = TokenMinter::from_json(&key_file(serde_json::json!({"token_uri": "https://attacker.example/token"}))).err().unwrap();
        assert!(err.to_string().contains("expected \"https://oauth2.googleapis.com/token\""), "{err}");
    }

    #[test]
    fn refuses_what_is_not_a_service_account_key() {
        let user = TokenMinter::from_json(&key_file(serde_json::json!({"type": "authorized_user"}))).err().unwrap();
        assert!(user.to_string().contains("expected \"service_account\""), "{user}");
        let not_rsa = TokenMinter::from_json(&key_file(serde_json::json!({"private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}))).err().unwrap();
        assert!(not_rsa.to_string().contains("not an rsa key in pem"), "{not_rsa}");
        assert!(TokenMinter::from_json("{").is_err());
    }

    #[test]
    fn assertions_go_to_google_unless_the_override_is_a_loopback_stand_in() {
        assert_eq!(token_url(None), GOOGLE_TOKEN_URI);
        assert_eq!(token_url(Some("http://127.0.0.1:8080")), "http://127.0.0.1:8080/token");
        assert_eq!(token_url(Some("https://[::1]:9443/")), "https://[::1]:9443/token");
        assert_eq!(token_url(Some("https://gateway.example/v1")), GOOGLE_TOKEN_URI, "a gateway could exchange the assertion itself");
        assert_eq!(token_url(Some("http://localhost:8080")), GOOGLE_TOKEN_URI, "a name is resolved, so it may be anywhere");
        assert_eq!(token_url(Some("http://127.0.0.1.evil.example")), GOOGLE_TOKEN_URI);
    }

    #[test]
    fn a_token_answer_is_kept_for_its_lifetime_less_five_minutes_within_bounds() {
        let at = Instant::now();
        let live = parse_answer(r#"{"access_token":"ya29.a","expires_in":3599,"token_type":"Bearer"}"#, at).unwrap();
        assert_eq!((live.renew_at - at, live.expires_at - at), (Duration::from_secs(3299), Duration::from_secs(3599)));
        let unsaid = parse_answer(r#"{"access_token":"ya29.a","token_type":"bearer"}"#, at).unwrap();
        assert_eq!(unsaid.expires_at - at, Duration::from_secs(3600));
        let huge = parse_answer(r#"{"access_token":"ya29.a","expires_in":18446744073709551615,"token_type":"Bearer"}"#, at).unwrap();
        assert_eq!(huge.expires_at - at, Duration::from_secs(3600), "capped at an hour, no overflow");
        let short = parse_answer(r#"{"access_token":"ya29.a","expires_in":5,"token_type":"Bearer"}"#, at).err().unwrap();
        assert!(short.to_string().contains("expected at least 60s"), "{short}");
    }

    #[test]
    fn a_late_refusal_of_an_older_token_keeps_the_one_minted_since() {
        let credential = VertexCredential::ServiceAccount(Box::new(TokenMinter::from_json(&key_file(serde_json::json!({}))).unwrap()));
        let VertexCredential::ServiceAccount(minter) = &credential else { unreachable!() };
        let live = |token: &str| Live { token: Zeroizing::new(token.to_string()), renew_at: Instant::now() + RENEW_BEFORE, expires_at: Instant::now() + ASSERTION_LIFETIME };
        *minter.live() = Some(live("token-2"));
        credential.rejected("token-1");
        assert_eq!(credential.token(None, Instant::now()).unwrap().as_str(), "token-2");
        credential.rejected("token-2");
        assert!(minter.live().is_none());
    }

    #[test]
    fn a_token_answer_that_is_not_a_bearer_token_is_refused() {
        let at = Instant::now();
        for body in ["not json", r#"{"token_type":"Bearer"}"#, r#"{"access_token":"","token_type":"Bearer"}"#, r#"{"access_token":"x","token_type":"MAC"}"#] {
            assert!(parse_answer(body, at).is_err(), "{body}");
        }
    }

    #[test]
    fn an_oauth_error_answer_is_named_by_its_code_alone() {
        assert_eq!(oauth_error(r#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#), ": invalid_grant");
        assert_eq!(oauth_error(r#"{"error":"has spaces and a secret"}"#), "");
        assert_eq!(oauth_error("not json"), "");
    }
}
