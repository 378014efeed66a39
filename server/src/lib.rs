//! `synco serve`: the remote backend Forge Remote calls.
//!
//! Every request carries a Forge Invocation Token ([`fit`]); the installation it names is the
//! tenant, and nothing is done for a request whose token does not verify (401). Routes:
//!
//! | route | what it does |
//! |---|---|
//! | `GET /healthz` | liveness, no token |
//! | `POST /lifecycle/installed` | installs the tenant (a data key, the default configuration) and records the installation's cloud id, API base URL and granted scopes; refused (409) when its token was issued over an hour ago or before the installation's last uninstall, so a replayed token cannot bring an uninstalled tenant back, and (400) when it says no issue time |
//! | `POST /lifecycle/upgraded` | refreshes that record (an upgrade can change the scopes) |
//! | `POST /lifecycle/uninstalled` | the same wipe as `synco tenant uninstall`; refused (409) when its token was issued before the current install's (beyond the clock skew), and (400) when it says no issue time |
//! | `POST /sync` `{"issueKey", "pageId"}` | fetches the issue and the page through Atlassian REST ([`atlassian`]), runs the sync in the tenant's sandbox, writes the page as the next version (re-merging on a version conflict); a repeated event changes nothing |
//! | `POST /restore` `{"pageId", "version"}` | Confluence's restore operation |
//!
//! Requests are size-limited, admitted per tenant ([`limits`]: a few at once, a token bucket),
//! logged as metadata only (route, tenant, status, milliseconds — never content), and the server
//! drains in-flight requests on SIGTERM or Ctrl-C. TLS (rustls) when given a certificate.

#![deny(missing_docs)]

pub mod atlassian;
pub mod fit;
pub mod installations;
pub mod jwks;
pub mod limits;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use synco_host::backend::TenantConfig;
use synco_host::engine::{EngineError, Policy, SyncEngine, SyncRequest, UNINSTALL_REMEMBERED_MS};
use synco_host::pagefolder;
use synco_host::sandbox::SandboxError;
use synco_host::tenant::TenantId;
use thiserror::Error;

use crate::atlassian::{Atlassian, AtlassianError, Grant};
use crate::fit::{FitError, Invocation, Verifier};
use crate::installations::Installation;
use crate::limits::{Admission, Refusal, TenantLimits};

/// How many times a sync re-reads and re-merges the page after a version conflict.
const CONFLICT_RETRIES: usize = 3;
/// No new conflict retry starts after this long (Forge gives a remote call 25 s).
const RETRY_WINDOW: Duration = Duration::from_secs(15);
/// How old (by its token's `iat`) an `installed` event may be: one hour. Far shorter than the
/// engine remembers an uninstall, so an install token older than any remembered uninstall is
/// refused by its age.
const MAX_INSTALL_EVENT_AGE_SECS: u64 = 60 * 60;
const _: () = assert!(MAX_INSTALL_EVENT_AGE_SECS * 1000 * 2 < UNINSTALL_REMEMBERED_MS);
/// Requests running at once across all installations (each on a thread of its own).
const MAX_REQUEST_THREADS: usize = 64;

/// Everything `synco serve` is configured with.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen (`127.0.0.1:0` picks a free port; the chosen address is printed).
    pub listen: SocketAddr,
    /// A PEM certificate chain and private key: serve HTTPS with rustls.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// This app's ARI: the `aud` every token must carry.
    pub app_ari: String,
    /// Where the signing keys are published.
    pub jwks_url: String,
    /// How long a fetched JWKS is used before it is fetched again.
    pub jwks_max_age: Duration,
    /// The least time between two fetches caused by unknown key ids.
    pub jwks_min_refresh: Duration,
    /// Accepted clock difference for `exp`, `nbf` and `iat`.
    pub skew: Duration,
    /// Origins Atlassian REST calls may go to (`app.apiBaseUrl` must be one of them).
    pub api_origins: Vec<String>,
    /// The scopes the app's manifest requests, recorded as granted at install and upgrade.
    pub scopes: BTreeSet<String>,
    /// The largest request body.
    pub body_limit: usize,
    /// How long a client may take to send a request's headers (also how long a kept-alive
    /// connection may sit idle), and, once its token verifies, its body.
    pub client_timeout: Duration,
    /// Connections held open at once; further ones are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Per-tenant admission.
    pub limits: TenantLimits,
    /// How long in-flight requests may take to finish at shutdown.
    pub shutdown_grace: Duration,
}

/// Why a request failed, with the status it answers.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The token did not verify (401).
    #[error("unauthorized: {0}")]
    Unauthorized(FitError),
    /// No signing keys are held to verify the token with (503).
    #[error("the token cannot be verified yet: the signing keys are unavailable; retry shortly")]
    KeysUnavailable(FitError),
    /// The body did not arrive within the client timeout (408).
    #[error("the request body did not arrive in time")]
    BodyTimeout,
    /// The body is over the limit (413).
    #[error("the request body is over {0} bytes")]
    TooLarge(usize),
    /// The installation is not installed (404).
    #[error("the installation is not installed")]
    NotInstalled,
    /// The token is valid but not for this route (403): a user's invocation on a lifecycle
    /// route, or a token for another site than the one installed.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// An `installed` event issued before the installation's last uninstall, or too long ago to
    /// tell, or an `uninstalled` event issued before the current install (409): a replayed token
    /// must not bring an uninstalled tenant back, nor wipe a reinstalled one.
    #[error("stale lifecycle event: {0}")]
    StaleEvent(String),
    /// Every request thread is taken (503).
    #[error("the server is at capacity; retry shortly")]
    AtCapacity,
    /// Over the tenant's limits (429).
    #[error("too many requests for this installation ({0:?})")]
    Refused(Refusal),
    /// The body or a header is not what the route expects (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Atlassian REST refused or failed (403 for a scope, 502 otherwise).
    #[error(transparent)]
    Atlassian(#[from] AtlassianError),
    /// The engine refused the request or the sandbox stopped it (422, 500, 503).
    #[error("{0}")]
    Engine(String, StatusCode),
    /// The guest ran into its CPU deadline (503; the installation then cools down).
    #[error("{0}")]
    Deadline(String),
    /// Something on the server's side failed (500).
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServeError {
    fn status(&self) -> StatusCode {
        match self {
            ServeError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServeError::KeysUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServeError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ServeError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServeError::NotInstalled => StatusCode::NOT_FOUND,
            ServeError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServeError::StaleEvent(_) => StatusCode::CONFLICT,
            ServeError::AtCapacity => StatusCode::SERVICE_UNAVAILABLE,
            ServeError::Refused(_) => StatusCode::TOO_MANY_REQUESTS,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServeError::Atlassian(AtlassianError::ScopeNotGranted { .. } | AtlassianError::OriginNotAllowed(_)) => StatusCode::FORBIDDEN,
            ServeError::Atlassian(AtlassianError::BadIdentifier(_)) => StatusCode::BAD_REQUEST,
            ServeError::Atlassian(AtlassianError::Conflict) => StatusCode::CONFLICT,
            ServeError::Atlassian(_) => StatusCode::BAD_GATEWAY,
            ServeError::Engine(_, status) => *status,
            ServeError::Deadline(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServeError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A name for the log: what kind of failure, never its message (messages can quote input).
    fn kind(&self) -> &'static str {
        match self {
            ServeError::Unauthorized(_) => "unauthorized",
            ServeError::KeysUnavailable(_) => "keys-unavailable",
            ServeError::BodyTimeout => "body-timeout",
            ServeError::TooLarge(_) => "too-large",
            ServeError::NotInstalled => "not-installed",
            ServeError::Forbidden(why) => why,
            ServeError::StaleEvent(_) => "stale-event",
            ServeError::AtCapacity => "at-capacity",
            ServeError::Refused(Refusal::Busy) => "busy",
            ServeError::Refused(Refusal::RateLimited) => "rate-limited",
            ServeError::Refused(Refusal::CoolingDown) => "cooling-down",
            ServeError::Deadline(_) => "deadline",
            ServeError::BadRequest(_) => "bad-request",
            ServeError::Atlassian(AtlassianError::ScopeNotGranted { scope, .. }) => scope,
            ServeError::Atlassian(AtlassianError::Conflict) => "version-conflict",
            ServeError::Atlassian(AtlassianError::Status { call, .. }) => call,
            ServeError::Atlassian(_) => "atlassian",
            ServeError::Engine(_, StatusCode::SERVICE_UNAVAILABLE) => "sandbox-busy",
            ServeError::Engine(..) => "engine",
            ServeError::Internal(_) => "internal",
        }
    }

    fn from_engine(e: EngineError) -> ServeError {
        let status = match &e {
            EngineError::Sandbox(SandboxError::Deadline(_)) => return ServeError::Deadline(e.to_string()),
            EngineError::UninstalledSince { .. } | EngineError::InstalledSince { .. } => return ServeError::StaleEvent(e.to_string()),
            EngineError::Sandbox(SandboxError::Busy) => StatusCode::SERVICE_UNAVAILABLE,
            EngineError::Sandbox(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ServeError::Engine(e.to_string(), status)
    }
}

impl From<FitError> for ServeError {
    fn from(e: FitError) -> ServeError {
        match e {
            FitError::Jwks(_) => ServeError::KeysUnavailable(e),
            other => ServeError::Unauthorized(other),
        }
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        // Unauthorized answers say nothing about why: that is for the log.
        let message = match &self {
            ServeError::Unauthorized(_) => "unauthorized".to_string(),
            ServeError::KeysUnavailable(_) => "the token cannot be verified yet; retry shortly".to_string(),
            other => other.to_string(),
        };
        (self.status(), axum::Json(json!({ "error": message }))).into_response()
    }
}

/// The state every handler shares.
pub struct Server {
    threads: Arc<tokio::sync::Semaphore>,
    engine: Arc<SyncEngine>,
    verifier: Verifier,
    atlassian: Atlassian,
    admission: Admission,
    config: ServeConfig,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncBody {
    issue_key: String,
    page_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RestoreBody {
    page_id: String,
    version: u32,
}

impl Server {
    /// A server for `engine` with `config`.
    pub fn new(engine: Arc<SyncEngine>, config: ServeConfig) -> Server {
        let jwks = jwks::Jwks::new(&config.jwks_url, config.jwks_max_age, config.jwks_min_refresh);
        Server {
            threads: Arc::new(tokio::sync::Semaphore::new(MAX_REQUEST_THREADS)),
            engine,
            verifier: Verifier::new(jwks, &config.app_ari, config.skew),
            atlassian: Atlassian::new(config.api_origins.clone()),
            admission: Admission::new(config.limits),
            config,
        }
    }

    /// The router (exposed for tests that drive it in process).
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .route("/lifecycle/{event}", post(lifecycle))
            .route("/sync", post(sync))
            .route("/restore", post(restore))
            .with_state(self)
    }

    fn verify(&self, headers: &HeaderMap) -> Result<Invocation, ServeError> {
        Ok(self.verifier.verify(headers.get("authorization").and_then(|v| v.to_str().ok()))?)
    }

    fn lifecycle(&self, event: &str, invocation: &Invocation, body: &[u8]) -> Result<Value, ServeError> {
        if invocation.has_principal {
            // Lifecycle events come from Forge itself; a user's invocation (a macro, a resolver)
            // must not install, upgrade or wipe the installation.
            return Err(ServeError::Forbidden("lifecycle events carry no user"));
        }
        let expected = format!("avi:forge:{event}:app");
        let sent = serde_json::from_slice::<Value>(body).ok().and_then(|v| v["eventType"].as_str().map(str::to_string));
        if sent.as_deref() != Some(expected.as_str()) {
            return Err(ServeError::BadRequest(format!("expected a lifecycle event with eventType {expected:?}")));
        }
        match event {
            "installed" => self.install(invocation),
            "upgraded" => self.upgrade(invocation),
            "uninstalled" => self.uninstall(invocation),
            other => Err(ServeError::BadRequest(format!("unknown lifecycle event {other:?}: expected installed, upgraded or uninstalled"))),
        }
    }

    fn record(&self, invocation: &Invocation) -> Installation {
        Installation {
            installation_id: invocation.installation_id.clone(),
            cloud_id: invocation.cloud_id.clone(),
            api_base_url: invocation.api_base_url.clone(),
            scopes: self.config.scopes.clone(),
        }
    }

    /// Installs the tenant for an `installed` event. The event's token must say when it was
    /// issued, within [`MAX_INSTALL_EVENT_AGE_SECS`]; the engine refuses one issued before the
    /// tenant's last uninstall, so replaying an old install token cannot re-create the tenant.
    fn install(&self, invocation: &Invocation) -> Result<Value, ServeError> {
        let issued = issued_at(invocation, "installed")?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if now.saturating_sub(issued) > MAX_INSTALL_EVENT_AGE_SECS {
            return Err(ServeError::StaleEvent(format!("the installed event was issued {} s ago; at most {MAX_INSTALL_EVENT_AGE_SECS} s are accepted", now - issued)));
        }
        let fresh = self.engine.install_issued_at(&invocation.tenant, &TenantConfig::default(), issued.saturating_mul(1000)).map_err(ServeError::from_engine)?;
        installations::save(&self.engine, &invocation.tenant, &self.record(invocation))?;
        Ok(json!({ "installed": true, "new": fresh }))
    }

    /// Wipes the tenant for an `uninstalled` event, unless its token was issued before the
    /// current install's by more than the accepted clock skew: replaying an old uninstall token
    /// must not wipe an installation made since. Within the skew the wipe goes ahead: an
    /// uninstall that did happen must never be refused (P7). Both times are the tokens', so one
    /// clock is compared with itself; the engine checks and removes in one step.
    fn uninstall(&self, invocation: &Invocation) -> Result<Value, ServeError> {
        let issued = issued_at(invocation, "uninstalled")?;
        let skew_ms = self.config.skew.as_secs().saturating_mul(1000);
        let removed = self.engine.uninstall_issued_at(&invocation.tenant, issued.saturating_mul(1000), skew_ms).map_err(ServeError::from_engine)?;
        Ok(json!({ "uninstalled": true, "records": removed.records }))
    }

    fn upgrade(&self, invocation: &Invocation) -> Result<Value, ServeError> {
        installations::load(&self.engine, &invocation.tenant)?.ok_or(ServeError::NotInstalled)?;
        installations::save(&self.engine, &invocation.tenant, &self.record(invocation))?;
        Ok(json!({ "upgraded": true }))
    }

    /// Loads what a REST-calling route needs for a verified, admitted invocation.
    fn begin(&self, invocation: &Invocation, headers: &HeaderMap) -> Result<(Installation, String), ServeError> {
        let installation = installations::load(&self.engine, &invocation.tenant)?.ok_or(ServeError::NotInstalled)?;
        if installation.cloud_id != invocation.cloud_id {
            return Err(ServeError::Forbidden("the token names another site than the one installed"));
        }
        let token = headers.get("x-forge-oauth-system").and_then(|v| v.to_str().ok()).map(str::to_string);
        let token = token.ok_or_else(|| ServeError::BadRequest("the x-forge-oauth-system header (the app system token) is missing".into()))?;
        Ok((installation, token))
    }

    fn sync(&self, invocation: &Invocation, headers: &HeaderMap, body: &[u8]) -> Result<Value, ServeError> {
        let (installation, token) = self.begin(invocation, headers)?;
        let result = serde_json::from_slice::<SyncBody>(body)
            .map_err(|e| ServeError::BadRequest(format!("expected {{\"issueKey\", \"pageId\"}}: {e}")))
            .and_then(|request| self.sync_page(&invocation.tenant, &installation, &token, &request));
        if matches!(result, Err(ServeError::Deadline(_))) {
            self.admission.cool_down(&invocation.tenant);
        }
        result
    }

    fn grant<'a>(&self, installation: &'a Installation, token: &'a str) -> Result<Grant<'a>, ServeError> {
        let origin = self.atlassian.origin_of(&installation.api_base_url)?;
        Ok(Grant { origin, cloud_id: &installation.cloud_id, scopes: &installation.scopes, token })
    }

    /// Issue and page in, sync in the sandbox, page out as the next version; on a version
    /// conflict the page is read again and the sync re-merged against it.
    fn sync_page(&self, tenant: &TenantId, installation: &Installation, token: &str, request: &SyncBody) -> Result<Value, ServeError> {
        let grant = self.grant(installation, token)?;
        let issue = self.atlassian.issue(&grant, &request.issue_key)?;
        let config = self.engine.tenant_config(tenant).map_err(ServeError::from_engine)?;
        let provider = synco_host::capabilities::provider_from_name(&config.provider).ok_or_else(|| ServeError::Internal("unknown provider in the tenant configuration".into()))?;
        let started = Instant::now();
        for _ in 0..CONFLICT_RETRIES {
            if started.elapsed() > RETRY_WINDOW {
                break;
            }
            let page = self.atlassian.page(&grant, &request.page_id)?;
            let history = self.atlassian.versions(&grant, &request.page_id)?;
            let base = match pagefolder::last_sync(&history) {
                Some(v) => Some(self.atlassian.page_version(&grant, &request.page_id, v.number)?),
                None => None,
            };
            let sync_request = SyncRequest {
                issue_json: issue.clone(),
                page: page.storage.clone(),
                base,
                page_version: pagefolder::sync_source_version(&history),
                provider,
                model: config.model.clone(),
                policy: Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() },
                related_limit: 5,
            };
            let outcome = self.engine.sync(tenant, &sync_request).map_err(ServeError::from_engine)?;
            let summary = json!({ "syncId": outcome.sync_id, "versionMessage": outcome.version_message, "conflicts": outcome.conflicts, "summary": outcome.review.summary, "auditId": outcome.audit_id });
            if pagefolder::has_sync(&history, &outcome.sync_id) || outcome.page == page.storage {
                return Ok(json!({ "status": "unchanged", "version": page.version, "sync": summary }));
            }
            match self.atlassian.update(&grant, &page, &outcome.page, &outcome.version_message) {
                Ok(version) => return Ok(json!({ "status": "updated", "version": version, "sync": summary })),
                Err(AtlassianError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AtlassianError::Conflict.into())
    }

    fn restore(&self, invocation: &Invocation, headers: &HeaderMap, body: &[u8]) -> Result<Value, ServeError> {
        let (installation, token) = self.begin(invocation, headers)?;
        let request = serde_json::from_slice::<RestoreBody>(body).map_err(|e| ServeError::BadRequest(format!("expected {{\"pageId\", \"version\"}}: {e}")))?;
        let grant = self.grant(&installation, &token)?;
        self.atlassian.restore(&grant, &request.page_id, request.version)?;
        Ok(json!({ "restored": request.version }))
    }
}

/// Whether a route takes a place in its installation's admission before its body is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Admit {
    /// Lifecycle events: Forge's own, never throttled.
    No,
    /// Syncs and restores: a few at once per installation, within its rate.
    Yes,
}

/// What a route does once its request is verified, admitted and read, on a request thread.
type Work = Box<dyn FnOnce(&Server, &Invocation, &HeaderMap, &[u8]) -> Result<Value, ServeError> + Send>;

/// Serves one request in the order that spends nothing on strangers: the token is verified
/// from the headers alone (on a blocking thread: it may fetch the JWKS), then the installation
/// is admitted, and only then is the body read, within the size limit and the client timeout;
/// the work itself runs in [`respond`]. So an unauthenticated client never makes the server
/// buffer a body, and an installation holds at most its admitted requests' bodies.
/// When the token of a lifecycle `event` was issued (seconds since the epoch): its replay checks
/// need it (400 when the token does not say).
fn issued_at(invocation: &Invocation, event: &str) -> Result<u64, ServeError> {
    invocation.issued_at.ok_or_else(|| ServeError::BadRequest(format!("an {event} event's token must say when it was issued (iat)")))
}

async fn handle(server: Arc<Server>, route: &'static str, admit: Admit, headers: HeaderMap, body: Body, work: Work) -> Response {
    let started = Instant::now();
    let (tenant, result) = match authenticate(&server, &headers).await {
        Ok(invocation) => {
            let tenant = invocation.tenant.clone();
            (Some(tenant), admitted(server, admit, invocation, headers, body, work).await)
        }
        Err(e) => (None, Err(e)),
    };
    answer(route, tenant, started, result)
}

async fn authenticate(server: &Arc<Server>, headers: &HeaderMap) -> Result<Invocation, ServeError> {
    let verifier = Arc::clone(server);
    let headers = headers.clone();
    tokio::task::spawn_blocking(move || verifier.verify(&headers)).await.map_err(|e| ServeError::Internal(format!("the token check stopped: {e}")))?
}

async fn admitted(server: Arc<Server>, admit: Admit, invocation: Invocation, headers: HeaderMap, body: Body, work: Work) -> Result<Value, ServeError> {
    let permit = match admit {
        Admit::Yes => Some(server.admission.admit(&invocation.tenant).map_err(ServeError::Refused)?),
        Admit::No => None,
    };
    let body = read_body(body, server.config.body_limit, server.config.client_timeout).await?;
    respond(&server, move |server| {
        let _permit = permit;
        work(server, &invocation, &headers, &body)
    })
    .await
}

/// The whole body, or [`ServeError::TooLarge`] as soon as it passes `limit`, or
/// [`ServeError::BodyTimeout`] if it has not all arrived within `timeout`.
async fn read_body(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, ServeError> {
    let limited = http_body_util::Limited::new(body, limit);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => Err(ServeError::BodyTimeout),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(ServeError::TooLarge(limit)),
        Ok(Err(e)) => Err(ServeError::BadRequest(format!("the body could not be read: {e}"))),
    }
}

/// Logs the request's metadata and turns its result into the answer.
fn answer(route: &'static str, tenant: Option<TenantId>, started: Instant, result: Result<Value, ServeError>) -> Response {
    let tenant = tenant.map_or_else(|| "-".to_string(), |t| t.to_string());
    let ms = started.elapsed().as_secs_f64() * 1e3;
    match result {
        Ok(value) => {
            tracing::info!(route, tenant, status = 200, ms, "request");
            axum::Json(value).into_response()
        }
        Err(e) => {
            tracing::warn!(route, tenant, status = e.status().as_u16(), ms, kind = e.kind(), "request refused");
            e.into_response()
        }
    }
}

/// Runs `work` on a thread of its own (the engine and the REST client block), if one of the
/// [`MAX_REQUEST_THREADS`] is free. A request whose thread has used more than [`DEMOTE_AFTER`]
/// of CPU time is moved to the idle scheduling class ([`demote`]), so one whose guest burns its
/// whole CPU deadline takes only CPU time nothing else wants, and other requests keep their
/// latency. CPU time, not wall time: a request that merely waits (for the network, or for a
/// core on a busy machine) is never demoted. Its thread ends with it, so the demotion never
/// outlives the request.
async fn respond(server: &Arc<Server>, work: impl FnOnce(&Server) -> Result<Value, ServeError> + Send + 'static) -> Result<Value, ServeError> {
    let slot = Arc::clone(&server.threads).try_acquire_owned().map_err(|_| ServeError::AtCapacity)?;
    let worker = Arc::clone(server);
    run_on_thread(slot, move || work(&worker)).await
}

/// Runs `work` on a new thread holding `slot` (one of [`MAX_REQUEST_THREADS`]) until it ends.
async fn run_on_thread(slot: tokio::sync::OwnedSemaphorePermit, work: impl FnOnce() -> Result<Value, ServeError> + Send + 'static) -> Result<Value, ServeError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new().name("synco-request".into()).spawn(move || {
        let watched = watchdog().watch();
        let _ = sender.send(work());
        drop(watched);
        drop(slot);
    });
    match spawned {
        Ok(_) => receiver.await.unwrap_or_else(|_| Err(ServeError::Internal("the request's thread ended without an answer".into()))),
        Err(e) => Err(ServeError::Internal(format!("cannot start a request thread: {e}"))),
    }
}

/// CPU time a request uses at normal priority before it is demoted: more than a whole sync of
/// the example takes (about 3 ms), far below a deadline.
const DEMOTE_AFTER: Duration = Duration::from_millis(5);

/// Watches request threads and demotes the long-running ones.
struct Watchdog {
    running: std::sync::Mutex<std::collections::BTreeMap<u64, (i64, CpuClock)>>,
    next: std::sync::atomic::AtomicU64,
}

/// Unregisters a request thread when dropped.
struct Watched(u64);

impl Drop for Watched {
    fn drop(&mut self) {
        watchdog().running.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.0);
    }
}

impl Watchdog {
    fn watch(&self) -> Watched {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.running.lock().unwrap_or_else(|p| p.into_inner()).insert(id, (thread_id(), CpuClock::of_this_thread()));
        Watched(id)
    }
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: std::sync::OnceLock<Watchdog> = std::sync::OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let _ = std::thread::Builder::new().name("synco-watchdog".into()).spawn(|| {
            loop {
                std::thread::sleep(Duration::from_millis(1));
                let mut running = watchdog().running.lock().unwrap_or_else(|p| p.into_inner());
                for (tid, clock) in running.values_mut() {
                    if *tid != 0 && clock.used() > DEMOTE_AFTER {
                        demote(*tid);
                        *tid = 0; // demoted once
                    }
                }
            }
        });
        Watchdog { running: std::sync::Mutex::new(std::collections::BTreeMap::new()), next: std::sync::atomic::AtomicU64::new(0) }
    })
}

/// A thread's CPU-time clock, readable from another thread.
#[derive(Clone, Copy)]
struct CpuClock(#[cfg(target_os = "linux")] libc::clockid_t);

impl CpuClock {
    #[cfg(target_os = "linux")]
    fn of_this_thread() -> CpuClock {
        let mut clock: libc::clockid_t = 0;
        // SAFETY: `clock` is a valid out-pointer; pthread_self is the calling thread.
        unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) };
        CpuClock(clock)
    }

    #[cfg(target_os = "linux")]
    fn used(&self) -> Duration {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `now` is a valid out-pointer; the clock belongs to a live, registered thread.
        if unsafe { libc::clock_gettime(self.0, &mut now) } != 0 {
            return Duration::ZERO;
        }
        Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
    }

    #[cfg(not(target_os = "linux"))]
    fn of_this_thread() -> CpuClock {
        CpuClock()
    }

    #[cfg(not(target_os = "linux"))]
    fn used(&self) -> Duration {
        Duration::ZERO
    }
}

#[cfg(target_os = "linux")]
fn thread_id() -> i64 {
    // SAFETY: gettid has no arguments and cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) }
}

#[cfg(not(target_os = "linux"))]
fn thread_id() -> i64 {
    0
}

/// Moves a thread to `SCHED_IDLE` (lowering a priority needs no privilege). Measured against
/// nice 19, which still took a share large enough to triple another tenant's p99. The cost: on a
/// saturated machine a demoted request waits for idle CPU and may reach its deadline (503). A
/// failure leaves the thread as it was.
#[cfg(target_os = "linux")]
fn demote(tid: i64) {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `param` is a valid sched_param; the tid names a live request thread (it is
    // unregistered before its thread ends, under the same lock the watchdog holds).
    unsafe {
        libc::sched_setscheduler(tid as libc::pid_t, libc::SCHED_IDLE, &param);
    }
}

#[cfg(not(target_os = "linux"))]
fn demote(_tid: i64) {}

async fn lifecycle(State(server): State<Arc<Server>>, axum::extract::Path(event): axum::extract::Path<String>, headers: HeaderMap, body: Body) -> Response {
    handle(server, "lifecycle", Admit::No, headers, body, Box::new(move |server, invocation, _, body| server.lifecycle(&event, invocation, body))).await
}

async fn sync(State(server): State<Arc<Server>>, headers: HeaderMap, body: Body) -> Response {
    handle(server, "sync", Admit::Yes, headers, body, Box::new(|server, invocation, headers, body| server.sync(invocation, headers, body))).await
}

async fn restore(State(server): State<Arc<Server>>, headers: HeaderMap, body: Body) -> Response {
    handle(server, "restore", Admit::Yes, headers, body, Box::new(|server, invocation, headers, body| server.restore(invocation, headers, body))).await
}

/// Serves until SIGTERM or Ctrl-C, then drains in-flight requests for the grace period. Prints
/// `synco serve: listening on <url>` once bound.
///
/// Connections are bounded before any request is read: at most `max_connections` are held
/// (more are closed as soon as they are accepted, so file descriptors and memory stay bounded
/// and the server serves again the moment a flood stops), and each has `client_timeout` to send
/// a request's headers, to finish its TLS handshake or to send its next request. HTTP/1.1 only:
/// Forge Remote needs no more, and protocol detection would be one more thing to bound. Against
/// a flood from many addresses, a proxy or load balancer in front limits connections per client.
pub async fn serve(engine: Arc<SyncEngine>, config: ServeConfig) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let grace = config.shutdown_grace;
    let tls = config.tls.clone();
    let listen = config.listen;
    let client_timeout = config.client_timeout;
    let capped = Capped { handle: handle.clone(), max: config.max_connections };
    let server = Arc::new(Server::new(engine, config));
    let threads = Arc::clone(&server.threads);
    let warming = Arc::clone(&server);
    // The signing keys are fetched before the first request needs them.
    tokio::task::spawn_blocking(move || warming.verifier.warm());
    let app = server.router().into_make_service();
    let watcher = handle.clone();
    let scheme = if tls.is_some() { "https" } else { "http" };
    tokio::spawn(async move {
        if let Some(address) = watcher.listening().await {
            println!("synco serve: listening on {scheme}://{address}");
        }
    });
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: draining in-flight requests");
        stopper.graceful_shutdown(Some(grace));
    });
    let served = match tls {
        Some((cert, key)) => {
            let rustls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(rustls).handshake_timeout(client_timeout).acceptor(capped);
            bounded(axum_server::bind(listen).acceptor(acceptor), client_timeout).handle(handle).serve(app).await
        }
        None => bounded(axum_server::bind(listen).acceptor(capped), client_timeout).handle(handle).serve(app).await,
    };
    // The connections are closed; let request threads still writing a page finish (their
    // answers can no longer be sent, their effects must not be cut off).
    let _ = tokio::time::timeout(grace, threads.acquire_many(MAX_REQUEST_THREADS as u32)).await;
    served
}

/// HTTP/1.1 only, with `timeout` for a connection's first request and for every request's
/// headers (hyper's header timer also runs while a kept-alive connection waits for its next
/// request, so an idle connection is closed after `timeout` too).
fn bounded<A: axum_server::Address, Acc>(mut server: axum_server::Server<A, Acc>, timeout: Duration) -> axum_server::Server<A, Acc> {
    server.http_builder().http1().header_read_timeout(timeout);
    server.http1_only().first_request_timeout(timeout)
}

/// An acceptor that closes a connection at once when more than `max` are open (this one
/// included), before TLS or HTTP reads a byte of it.
#[derive(Clone)]
struct Capped {
    handle: axum_server::Handle<SocketAddr>,
    max: usize,
}

impl<I: Send + 'static, S: Send + 'static> axum_server::accept::Accept<I, S> for Capped {
    type Stream = I;
    type Service = S;
    type Future = std::future::Ready<std::io::Result<(I, S)>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        if self.handle.connection_count() > self.max {
            return std::future::ready(Err(std::io::Error::other("over the connection limit")));
        }
        std::future::ready(Ok((stream, service)))
    }
}

/// SIGTERM (how orchestrators stop a replica) or Ctrl-C.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
