//! The JWKS that Forge Invocation Tokens are verified against: fetched from a configured URL,
//! cached, and refreshed when it ages or when a token names a key it does not hold (Atlassian
//! rotates keys).
//!
//! Two rules keep the JWKS host from becoming everyone's problem:
//! - **One fetch per `min_refresh`, whatever happens.** A fetch is attempted at most once per
//!   minimum interval, whether it succeeds or fails and whether or not keys are held, so neither
//!   a flood of unknown key ids nor an outage of the JWKS host turns into a flood of fetches.
//! - **Once keys are held, no one waits for a fetch but the request that started it.** The lock
//!   is held only to read and update the cache, never across the network: while one request
//!   fetches, every other request verifies with the keys already held, or is refused at once (a
//!   key id that is not held) instead of holding a thread while the JWKS host is slow. Only while
//!   no keys are held at all (the server just started) do requests wait for the fetch running,
//!   at most its timeout: none of them could be verified otherwise.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};

use crate::fit::FitError;

/// The cached key set.
pub struct Jwks {
    url: String,
    max_age: Duration,
    min_refresh: Duration,
    state: Mutex<State>,
    /// Signalled when a fetch ends.
    fetched: Condvar,
    agent: ureq::Agent,
}

/// How long one fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// What the cache holds; read and written under the lock, never across a fetch.
#[derive(Default)]
struct State {
    /// The last key set fetched, and when.
    keys: Option<(Instant, Arc<JwkSet>)>,
    /// When the last fetch started, whatever its outcome.
    last_attempt: Option<Instant>,
    /// Whether a request is fetching now.
    fetching: bool,
}

impl Jwks {
    /// A cache of the key set at `url`, kept at most `max_age`, fetched at most every
    /// `min_refresh`.
    pub fn new(url: &str, max_age: Duration, min_refresh: Duration) -> Jwks {
        let agent = ureq::Agent::config_builder().timeout_global(Some(FETCH_TIMEOUT)).http_status_as_error(false).max_redirects(0).build().new_agent();
        Jwks { url: url.to_string(), max_age, min_refresh, state: Mutex::new(State::default()), fetched: Condvar::new(), agent }
    }

    /// The RSA key `kid`. Blocking when this call is the one that fetches.
    pub fn key(&self, kid: &str) -> Result<DecodingKey, FitError> {
        let keys = match self.plan(kid) {
            (held, true) => self.refresh(held)?,
            (Some(held), false) => held,
            (None, false) => self.first_keys()?,
        };
        let jwk = keys.find(kid).ok_or_else(|| FitError::UnknownKey(kid.to_string()))?;
        if !matches!(jwk.algorithm, AlgorithmParameters::RSA(_)) {
            return Err(FitError::UnknownKey(kid.to_string()));
        }
        DecodingKey::from_jwk(jwk).map_err(|e| FitError::Jwks(e.to_string()))
    }

    /// Fetches the key set if none is held and no fetch is due to wait (at server start, so the
    /// first requests find the keys there).
    pub fn warm(&self) {
        let (held, fetch) = self.plan("");
        if fetch {
            let _ = self.refresh(held);
        }
    }

    /// The keys held now, and whether this call is to fetch (it then owns the fetch).
    fn plan(&self, kid: &str) -> (Option<Arc<JwkSet>>, bool) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let held = state.keys.as_ref().map(|(_, keys)| Arc::clone(keys));
        let stale = state.keys.as_ref().is_none_or(|(at, _)| at.elapsed() > self.max_age);
        let missing = held.as_ref().is_some_and(|keys| keys.find(kid).is_none());
        let due = state.last_attempt.is_none_or(|at| at.elapsed() >= self.min_refresh);
        let fetch = (stale || missing) && due && !state.fetching;
        if fetch {
            state.fetching = true;
            state.last_attempt = Some(Instant::now());
        }
        (held, fetch)
    }

    /// Fetches without the lock, then stores what came. A failed fetch keeps the keys already
    /// held (tried again after `min_refresh`).
    fn refresh(&self, held: Option<Arc<JwkSet>>) -> Result<Arc<JwkSet>, FitError> {
        let fetched = self.fetch();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.fetching = false;
        self.fetched.notify_all();
        match fetched {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some((Instant::now(), Arc::clone(&keys)));
                Ok(keys)
            }
            Err(e) => held.ok_or(e),
        }
    }

    /// With no keys held: waits for the fetch running, if any (at most its timeout), and takes
    /// what it brought.
    fn first_keys(&self) -> Result<Arc<JwkSet>, FitError> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (state, _) = self.fetched.wait_timeout_while(state, FETCH_TIMEOUT, |s| s.fetching).unwrap_or_else(|p| p.into_inner());
        let keys = state.keys.as_ref().map(|(_, keys)| Arc::clone(keys));
        keys.ok_or_else(|| FitError::Jwks("no signing keys are held: the last fetch failed; it is tried again after the minimum interval".into()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A loopback JWKS host that answers every request after `delay` with `status` and `body`,
    /// counting the requests.
    fn jwks_host(status: u16, body: &'static str, delay: Duration) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&hits);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    std::thread::sleep(delay);
                    let _ = write!(stream, "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                });
            }
        });
        (url, hits)
    }

    const KEYS: &str = include_str!("../../tests/fixtures/fit/jwks.json");

    fn held_kid() -> String {
        let keys: JwkSet = serde_json::from_str(KEYS).unwrap();
        keys.keys[0].common.key_id.clone().unwrap()
    }

    #[test]
    fn a_jwks_host_that_fails_is_asked_once_per_interval_even_with_no_keys_held() {
        let (url, hits) = jwks_host(500, "", Duration::ZERO);
        let jwks = Jwks::new(&url, Duration::from_secs(3600), Duration::from_secs(30));
        for _ in 0..20 {
            assert!(matches!(jwks.key("any"), Err(FitError::Jwks(_))));
        }
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn requests_arriving_while_the_first_keys_are_fetched_wait_for_them() {
        let (url, hits) = jwks_host(200, KEYS, Duration::from_millis(300));
        let jwks = Arc::new(Jwks::new(&url, Duration::from_secs(3600), Duration::from_secs(30)));
        let waiting: Vec<_> = (0..4)
            .map(|_| {
                let jwks = Arc::clone(&jwks);
                std::thread::spawn(move || jwks.key(&held_kid()).is_ok())
            })
            .collect();
        assert!(waiting.into_iter().all(|t| t.join().unwrap()));
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn unknown_key_ids_fetch_once_per_interval() {
        let (url, hits) = jwks_host(200, KEYS, Duration::ZERO);
        let jwks = Jwks::new(&url, Duration::from_secs(3600), Duration::from_secs(30));
        assert!(jwks.key(&held_kid()).is_ok());
        for i in 0..20 {
            assert!(matches!(jwks.key(&format!("unknown-{i}")), Err(FitError::UnknownKey(_))));
        }
        assert_eq!(hits.load(Ordering::SeqCst), 1, "the first fetch is the only one within the interval");
    }

    #[test]
    fn a_slow_refresh_holds_up_no_one_but_the_request_that_started_it() {
        let (url, hits) = jwks_host(200, KEYS, Duration::from_millis(1500));
        let jwks = Arc::new(Jwks::new(&url, Duration::from_secs(3600), Duration::ZERO));
        jwks.warm();
        assert_eq!(hits.load(Ordering::SeqCst), 1);
        let fetching = Arc::clone(&jwks);
        let slow = std::thread::spawn(move || fetching.key("rotated-in"));
        while hits.load(Ordering::SeqCst) < 2 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let started = Instant::now();
        assert!(jwks.key(&held_kid()).is_ok(), "a held key verifies while the refresh runs");
        assert!(matches!(jwks.key("another-unknown"), Err(FitError::UnknownKey(_))), "refused at once, not queued behind the fetch");
        assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
        assert!(matches!(slow.join().unwrap(), Err(FitError::UnknownKey(_))));
        assert_eq!(hits.load(Ordering::SeqCst), 2, "no second fetch ran beside the first");
    }
}
