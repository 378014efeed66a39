//! Forge Invocation Token (FIT) verification: who is calling, proven on every request.
//!
//! Forge Remote signs each invocation with RS256 under keys published as a JWKS. A request is
//! accepted only if its token's header names RS256 and a key id present in the JWKS (`none`,
//! HS256 and every other algorithm are refused before any key is used, which rules out key
//! confusion), the signature verifies, `iss` is `forge/invocation-token`, `aud` is this app's ARI,
//! and `exp`/`nbf`/`iat` hold within a small clock skew. The tenant is the installation
//! (`app.installationId`); `context.cloudId` and `app.apiBaseUrl` come along for the REST calls.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, Validation, decode, decode_header};
use serde::Deserialize;
use synco_host::tenant::TenantId;
use thiserror::Error;

use crate::jwks::Jwks;

/// The issuer of every Forge Invocation Token.
pub const ISSUER: &str = "forge/invocation-token";

/// A verified invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The tenant: the installation id's last segment (a UUID).
    pub tenant: TenantId,
    /// `app.installationId` as sent.
    pub installation_id: String,
    /// `context.cloudId` (empty when absent).
    pub cloud_id: String,
    /// `app.apiBaseUrl`: where Atlassian REST calls for this installation go.
    pub api_base_url: String,
    /// Whether a user (`principal`) made the invocation; lifecycle events come from Forge itself.
    pub has_principal: bool,
    /// When the token was issued (`iat`, else `nbf`; seconds since the epoch), if it says.
    pub issued_at: Option<u64>,
}

/// Why a token was refused. Every case answers 401 but [`FitError::Jwks`] (503: the token may be
/// good, the keys to check it are missing); the message is for the server's log.
#[derive(Debug, Error)]
pub enum FitError {
    /// No `Authorization: Bearer` header.
    #[error("no bearer token in the authorization header")]
    Missing,
    /// The header is not a JWT header, or names an algorithm the library does not know (`none`).
    #[error("the token header is malformed or names an unknown algorithm")]
    Malformed,
    /// The header names an algorithm other than RS256.
    #[error("algorithm {0} is refused: expected RS256")]
    Algorithm(String),
    /// The header names no key id.
    #[error("the token names no key id")]
    NoKeyId,
    /// The key id is not in the JWKS, even after a refresh.
    #[error("key {0:?} is not in the JWKS")]
    UnknownKey(String),
    /// Signature, issuer, audience, expiry or not-before failed.
    #[error("the token does not verify: {0}")]
    Invalid(String),
    /// `iat` lies in the future beyond the allowed skew.
    #[error("the token was issued in the future")]
    IssuedInFuture,
    /// `app.installationId` is missing or not usable as a tenant id.
    #[error("the installation id is missing or unusable")]
    Installation,
    /// The JWKS could not be fetched or read, and no keys are held.
    #[error("the JWKS is unavailable: {0}")]
    Jwks(String),
}

#[derive(Deserialize)]
struct Claims {
    iat: Option<u64>,
    nbf: Option<u64>,
    app: App,
    #[serde(default)]
    context: Context,
    #[serde(default)]
    principal: Option<serde_json::Value>,
}

/// The form of `app.installationId`: this prefix, then a UUID.
const INSTALLATION_PREFIX: &str = "ari:cloud:ecosystem::installation/";

#[derive(Deserialize)]
struct App {
    #[serde(rename = "installationId")]
    installation_id: String,
    #[serde(rename = "apiBaseUrl", default)]
    api_base_url: String,
}

#[derive(Deserialize, Default)]
struct Context {
    #[serde(rename = "cloudId", default)]
    cloud_id: String,
}

/// Verifies tokens for one app.
pub struct Verifier {
    jwks: Jwks,
    audience: String,
    skew: Duration,
}

impl Verifier {
    /// A verifier for tokens addressed to `audience` (the app ARI), keys from `jwks`, accepting
    /// `skew` of clock difference.
    pub fn new(jwks: Jwks, audience: &str, skew: Duration) -> Verifier {
        Verifier { jwks, audience: audience.to_string(), skew }
    }

    /// Fetches the signing keys if none are held yet (blocking; at server start).
    pub fn warm(&self) {
        self.jwks.warm();
    }

    /// Verifies the value of an `Authorization` header. Blocking: may fetch the JWKS.
    pub fn verify(&self, authorization: Option<&str>) -> Result<Invocation, FitError> {
        let token = authorization.and_then(|h| h.strip_prefix("Bearer ")).map(str::trim).filter(|t| !t.is_empty()).ok_or(FitError::Missing)?;
        let header = decode_header(token).map_err(|_| FitError::Malformed)?;
        if header.alg != Algorithm::RS256 {
            return Err(FitError::Algorithm(format!("{:?}", header.alg)));
        }
        let kid = header.kid.ok_or(FitError::NoKeyId)?;
        let key = self.jwks.key(&kid)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = self.skew.as_secs();
        let data = decode::<Claims>(token, &key, &validation).map_err(|e| FitError::Invalid(e.to_string()))?;
        let claims = data.claims;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if claims.iat.is_some_and(|iat| iat > now + self.skew.as_secs()) {
            return Err(FitError::IssuedInFuture);
        }
        let installation_id = claims.app.installation_id;
        let uuid = installation_id.strip_prefix(INSTALLATION_PREFIX).filter(|u| is_uuid(u)).ok_or(FitError::Installation)?;
        // One installation, one tenant, however its UUID's hex digits are cased.
        let tenant = TenantId::new(uuid.to_ascii_lowercase()).map_err(|_| FitError::Installation)?;
        let has_principal = claims.principal.is_some_and(|p| !p.is_null());
        let issued_at = claims.iat.or(claims.nbf);
        Ok(Invocation { tenant, installation_id, cloud_id: claims.context.cloud_id, api_base_url: claims.app.api_base_url, has_principal, issued_at })
    }
}

/// `8-4-4-4-12` lowercase or uppercase hex digits.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}
