//! The JWKS that Forge Invocation Tokens are verified against: fetched from a configured URL,
//! cached, and refreshed when it ages or when a token names a key it does not hold (Atlassian
//! rotates keys), no more often than a minimum interval so a flood of unknown key ids cannot turn
//! into a flood of fetches.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};

use crate::fit::FitError;

/// The cached key set.
pub struct Jwks {
    url: String,
    max_age: Duration,
    min_refresh: Duration,
    cached: Mutex<Option<(Instant, JwkSet)>>,
    agent: ureq::Agent,
}

impl Jwks {
    /// A cache of the key set at `url`, kept at most `max_age`, refetched for an unknown key id at
    /// most every `min_refresh`.
    pub fn new(url: &str, max_age: Duration, min_refresh: Duration) -> Jwks {
        let agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(10))).http_status_as_error(false).max_redirects(0).build().new_agent();
        Jwks { url: url.to_string(), max_age, min_refresh, cached: Mutex::new(None), agent }
    }

    /// The RSA key `kid`. Blocking when it fetches.
    pub fn key(&self, kid: &str) -> Result<DecodingKey, FitError> {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        let stale = cached.as_ref().is_none_or(|(at, _)| at.elapsed() > self.max_age);
        let missing = cached.as_ref().is_some_and(|(at, set)| set.find(kid).is_none() && at.elapsed() >= self.min_refresh);
        if stale || missing {
            match (self.fetch(), cached.as_mut()) {
                (Ok(set), _) => *cached = Some((Instant::now(), set)),
                // A failed refresh keeps the keys already held (retried after `min_refresh`,
                // so an outage of the JWKS host neither locks everyone out nor floods it).
                (Err(_), Some((at, _))) => *at = Instant::now().checked_sub(self.max_age.saturating_sub(self.min_refresh)).unwrap_or_else(Instant::now),
                (Err(e), None) => return Err(e),
            }
        }
        let jwk = cached.as_ref().and_then(|(_, set)| set.find(kid)).ok_or_else(|| FitError::UnknownKey(kid.to_string()))?;
        if !matches!(jwk.algorithm, AlgorithmParameters::RSA(_)) {
            return Err(FitError::UnknownKey(kid.to_string()));
        }
        DecodingKey::from_jwk(jwk).map_err(|e| FitError::Jwks(e.to_string()))
    }

    fn fetch(&self) -> Result<JwkSet, FitError> {
        let mut response = self.agent.get(&self.url).call().map_err(|e| FitError::Jwks(e.to_string()))?;
        if response.status() != 200 {
            return Err(FitError::Jwks(format!("status {}", response.status())));
        }
        let text = response.body_mut().with_config().limit(1 << 20).read_to_string().map_err(|e| FitError::Jwks(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| FitError::Jwks(format!("not a JWKS: {e}")))
    }
}
