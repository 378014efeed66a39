//! Atlassian REST through the host: the Jira issue, the Confluence page in storage format, its
//! version history, the update and the restore — called with the app system token Forge passes,
//! and only within the scopes the installation granted: a call outside them is refused before it
//! leaves the host.
//!
//! Requests go to `https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/…`: the origin is
//! the FIT's `app.apiBaseUrl`'s, and it must be on the server's allow-list (a test points it at a
//! loopback stand-in). Issue keys, page ids and the cloud id are checked against their formats,
//! so no input can change the path.

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use synco_host::pagefolder::Version;
use thiserror::Error;

/// The scope a call needs.
pub const READ_JIRA: &str = "read:jira-work";
/// Reading pages and their versions.
pub const READ_CONFLUENCE: &str = "read:confluence-content.all";
/// Updating and restoring pages.
pub const WRITE_CONFLUENCE: &str = "write:confluence-content";

/// Where and as whom one installation's calls go.
pub struct Grant<'a> {
    /// Scheme, host and port of the API (from `app.apiBaseUrl`).
    pub origin: String,
    /// The site's cloud id.
    pub cloud_id: &'a str,
    /// The scopes the installation granted.
    pub scopes: &'a BTreeSet<String>,
    /// The app system token (`x-forge-oauth-system`).
    pub token: &'a str,
}

/// A Confluence page as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page id.
    pub id: String,
    /// The title (sent back unchanged on update).
    pub title: String,
    /// The current version number.
    pub version: u32,
    /// The body in storage format.
    pub storage: String,
}

/// Why a REST call failed or was refused.
#[derive(Debug, Error)]
pub enum AtlassianError {
    /// The call needs a scope the installation did not grant; nothing was sent.
    #[error("{call} needs the scope {scope}, which the installation did not grant")]
    ScopeNotGranted {
        /// The call.
        call: &'static str,
        /// The scope it needs.
        scope: &'static str,
    },
    /// `app.apiBaseUrl` points outside the allow-list; nothing was sent.
    #[error("the API origin {0:?} is not on the allow-list")]
    OriginNotAllowed(String),
    /// An issue key, page id or cloud id does not have its format.
    #[error("{0} is malformed")]
    BadIdentifier(&'static str),
    /// Confluence answered 409: the page changed since it was read.
    #[error("the page changed since it was read (version conflict)")]
    Conflict,
    /// Any other non-success status.
    #[error("{call} answered status {status}")]
    Status {
        /// The call.
        call: &'static str,
        /// The HTTP status.
        status: u16,
    },
    /// The connection failed.
    #[error("{call} failed: {reason}")]
    Transport {
        /// The call.
        call: &'static str,
        /// Why.
        reason: String,
    },
    /// The answer is not what the API documents.
    #[error("{call} answered something unexpected: {reason}")]
    BadResponse {
        /// The call.
        call: &'static str,
        /// What was wrong.
        reason: String,
    },
}

/// The REST client.
pub struct Atlassian {
    agent: ureq::Agent,
    allowed_origins: Vec<String>,
}

const MAX_ANSWER: u64 = 8 * 1024 * 1024;

impl Atlassian {
    /// A client that calls only the given origins (e.g. `https://api.atlassian.com`).
    pub fn new(allowed_origins: Vec<String>) -> Atlassian {
        // No redirects: a redirect could lead outside the allow-list.
        let agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(15))).http_status_as_error(false).max_redirects(0).build().new_agent();
        Atlassian { agent, allowed_origins }
    }

    /// The origin (scheme, host, port) of an `apiBaseUrl`, if it is allowed.
    pub fn origin_of(&self, api_base_url: &str) -> Result<String, AtlassianError> {
        let (scheme, rest) = api_base_url.split_once("://").ok_or_else(|| AtlassianError::OriginNotAllowed(api_base_url.to_string()))?;
        let host = rest.split('/').next().unwrap_or_default();
        let origin = format!("{scheme}://{host}");
        if self.allowed_origins.iter().any(|o| o == &origin) {
            Ok(origin)
        } else {
            Err(AtlassianError::OriginNotAllowed(origin))
        }
    }

    /// The issue as Jira REST v3 JSON text.
    pub fn issue(&self, g: &Grant, key: &str) -> Result<String, AtlassianError> {
        check(key, "the issue key", |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')?;
        let url = format!("{}/ex/jira/{}/rest/api/3/issue/{key}", g.origin, cloud(g)?);
        // The text goes to the guest as Jira sent it; the guest parses and checks it.
        self.send_text(g, "GET issue", READ_JIRA, "GET", &url, None)
    }

    /// The current page in storage format.
    pub fn page(&self, g: &Grant, id: &str) -> Result<Page, AtlassianError> {
        let url = format!("{}/ex/confluence/{}/wiki/api/v2/pages/{}?body-format=storage", g.origin, cloud(g)?, page_id(id)?);
        page_from(self.send(g, "GET page", READ_CONFLUENCE, "GET", &url, None)?)
    }

    /// The body of version `number` of the page.
    pub fn page_version(&self, g: &Grant, id: &str, number: u32) -> Result<String, AtlassianError> {
        let url = format!("{}/ex/confluence/{}/wiki/api/v2/pages/{}?body-format=storage&version={number}", g.origin, cloud(g)?, page_id(id)?);
        Ok(page_from(self.send(g, "GET page version", READ_CONFLUENCE, "GET", &url, None)?)?.storage)
    }

    /// The page's versions, oldest first.
    pub fn versions(&self, g: &Grant, id: &str) -> Result<Vec<Version>, AtlassianError> {
        #[derive(Deserialize)]
        struct Versions {
            results: Vec<Entry>,
        }
        #[derive(Deserialize)]
        struct Entry {
            number: u32,
            #[serde(default)]
            message: String,
        }
        let url = format!("{}/ex/confluence/{}/wiki/api/v2/pages/{}/versions?limit=250", g.origin, cloud(g)?, page_id(id)?);
        let answer = self.send(g, "GET page versions", READ_CONFLUENCE, "GET", &url, None)?;
        let parsed: Versions = serde_json::from_value(answer).map_err(|e| AtlassianError::BadResponse { call: "GET page versions", reason: e.to_string() })?;
        let mut versions: Vec<Version> = parsed.results.into_iter().map(|e| Version { number: e.number, message: e.message }).collect();
        versions.sort_by_key(|v| v.number);
        Ok(versions)
    }

    /// Writes `storage` as version `page.version + 1`; [`AtlassianError::Conflict`] when the page
    /// moved on. Returns the new version number.
    pub fn update(&self, g: &Grant, page: &Page, storage: &str, message: &str) -> Result<u32, AtlassianError> {
        let next = page.version + 1;
        let url = format!("{}/ex/confluence/{}/wiki/api/v2/pages/{}", g.origin, cloud(g)?, page_id(&page.id)?);
        let body = json!({
            "id": page.id, "status": "current", "title": page.title,
            "body": {"representation": "storage", "value": storage},
            "version": {"number": next, "message": message},
        });
        self.send(g, "PUT page", WRITE_CONFLUENCE, "PUT", &url, Some(&body))?;
        Ok(next)
    }

    /// Restores version `number` as a new version (Confluence's restore operation).
    pub fn restore(&self, g: &Grant, id: &str, number: u32) -> Result<(), AtlassianError> {
        let url = format!("{}/ex/confluence/{}/wiki/rest/api/content/{}/version", g.origin, cloud(g)?, page_id(id)?);
        self.send(g, "POST restore", WRITE_CONFLUENCE, "POST", &url, Some(&synco_host::pagefolder::restore_request(number)))?;
        Ok(())
    }

    fn send(&self, g: &Grant, call: &'static str, scope: &'static str, method: &str, url: &str, body: Option<&Value>) -> Result<Value, AtlassianError> {
        let text = self.send_text(g, call, scope, method, url, body)?;
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| AtlassianError::BadResponse { call, reason: e.to_string() })
    }

    fn send_text(&self, g: &Grant, call: &'static str, scope: &'static str, method: &str, url: &str, body: Option<&Value>) -> Result<String, AtlassianError> {
        if !g.scopes.contains(scope) {
            return Err(AtlassianError::ScopeNotGranted { call, scope });
        }
        let auth = format!("Bearer {}", g.token);
        let transport = |e: ureq::Error| AtlassianError::Transport { call, reason: e.to_string() };
        let mut response = match (method, body) {
            ("PUT", Some(b)) => self.agent.put(url).header("authorization", &auth).header("accept", "application/json").header("content-type", "application/json").send(b.to_string()).map_err(transport)?,
            ("POST", Some(b)) => self.agent.post(url).header("authorization", &auth).header("accept", "application/json").header("content-type", "application/json").send(b.to_string()).map_err(transport)?,
            _ => self.agent.get(url).header("authorization", &auth).header("accept", "application/json").call().map_err(transport)?,
        };
        let status = response.status().as_u16();
        if status == 409 {
            return Err(AtlassianError::Conflict);
        }
        if !(200..300).contains(&status) {
            return Err(AtlassianError::Status { call, status });
        }
        response.body_mut().with_config().limit(MAX_ANSWER).read_to_string().map_err(transport)
    }
}

fn page_from(answer: Value) -> Result<Page, AtlassianError> {
    let bad = |reason: &str| AtlassianError::BadResponse { call: "GET page", reason: reason.to_string() };
    Ok(Page {
        id: answer["id"].as_str().ok_or_else(|| bad("no id"))?.to_string(),
        title: answer["title"].as_str().ok_or_else(|| bad("no title"))?.to_string(),
        version: answer["version"]["number"].as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| bad("no version number"))?,
        storage: answer["body"]["storage"]["value"].as_str().ok_or_else(|| bad("no storage body"))?.to_string(),
    })
}

fn check(value: &str, what: &'static str, valid: impl Fn(char) -> bool) -> Result<(), AtlassianError> {
    if value.is_empty() || value.len() > 64 || !value.chars().all(valid) {
        return Err(AtlassianError::BadIdentifier(what));
    }
    Ok(())
}

fn page_id(id: &str) -> Result<&str, AtlassianError> {
    check(id, "the page id", |c| c.is_ascii_digit())?;
    Ok(id)
}

fn cloud<'a>(g: &Grant<'a>) -> Result<&'a str, AtlassianError> {
    check(g.cloud_id, "the cloud id", |c| c.is_ascii_alphanumeric() || c == '-')?;
    Ok(g.cloud_id)
}
