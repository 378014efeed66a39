//! A loopback stand-in for Forge and the Atlassian REST APIs `synco serve` talks to: it publishes
//! the JWKS of the test keys (`tests/fixtures/fit/`), answers the Jira issue, the Confluence page,
//! its versions, the update and the restore as the APIs document them (keeping each page's
//! version history), and records every request so tests can check exactly what the host sent.
//! Also mints Forge Invocation Tokens signed with the test keys.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::standin::Received;

/// The app ARI the tests configure as the token audience.
pub const APP_ARI: &str = "ari:cloud:ecosystem::app/5d1c8f3e-7a2b-4c9d-9e0f-1a2b3c4d5e6f";
/// The cloud id of the stand-in site.
pub const CLOUD_ID: &str = "b6f7c0de-1111-4222-8333-944455556666";
/// The app system token the tests send in `x-forge-oauth-system`.
pub const SYSTEM_TOKEN: &str = "system-token-for-tests";
/// The issue key whose issue text is `loop` (the hostile component spins on it).
pub const LOOP_ISSUE: &str = "LOOP-1";

/// One page's history: (number, message, body), oldest first.
type History = Vec<(u32, String, String)>;

/// The stand-in.
pub struct Forge {
    /// Its base URL (`http://127.0.0.1:PORT`): the API origin and the JWKS host.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    pages: Arc<Mutex<BTreeMap<String, History>>>,
    conflicts: Arc<Mutex<u32>>,
    rotated: Arc<Mutex<bool>>,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/fit").join(name)
}

impl Forge {
    /// Starts the stand-in with page `100` at version 1 (the example page, written by a person).
    pub fn start() -> Forge {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let page = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/page.xml")).expect("the example page");
        let forge = Forge {
            url,
            received: Arc::default(),
            pages: Arc::new(Mutex::new(BTreeMap::from([("100".to_string(), vec![(1, String::new(), page)])]))),
            conflicts: Arc::default(),
            rotated: Arc::default(),
        };
        let (received, pages, conflicts, rotated) = (Arc::clone(&forge.received), Arc::clone(&forge.pages), Arc::clone(&forge.conflicts), Arc::clone(&forge.rotated));
        std::thread::spawn(move || {
            // A thread per connection: clients keep connections alive in their pools.
            for stream in listener.incoming().flatten() {
                let (received, pages, conflicts, rotated) = (Arc::clone(&received), Arc::clone(&pages), Arc::clone(&conflicts), Arc::clone(&rotated));
                std::thread::spawn(move || {
                    serve_connection(stream, &|got: &Received| {
                        let reply = answer(got, &pages, &conflicts, *rotated.lock().unwrap());
                        if !got.url.ends_with("/jwks.json") {
                            received.lock().unwrap().push(got.clone());
                        }
                        reply
                    });
                });
            }
        });
        forge
    }

    /// The JWKS URL.
    pub fn jwks_url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.url)
    }

    /// REST requests received so far (JWKS fetches are not recorded).
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The page's versions: (number, message, body).
    pub fn history(&self, id: &str) -> History {
        self.pages.lock().unwrap().get(id).cloned().unwrap_or_default()
    }

    /// The next `n` updates are answered 409 after a person adds a version first.
    pub fn conflict_next(&self, n: u32) {
        *self.conflicts.lock().unwrap() = n;
    }

    /// Publishes the rotated JWKS (with key `test-key-b` too).
    pub fn rotate_keys(&self) {
        *self.rotated.lock().unwrap() = true;
    }
}

/// Answers the HTTP/1.1 requests of one keep-alive connection. Each response goes out in one
/// write with `TCP_NODELAY` (a server that writes head and body separately without it makes every
/// client wait for a delayed ACK, 40 ms on Linux, which would swamp the latency measured).
fn serve_connection(stream: TcpStream, handle: &dyn Fn(&Received) -> (u16, String)) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, url) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let got = Received { method, url, headers, body: String::from_utf8_lossy(&body).into_owned() };
        let (status, text) = handle(&got);
        let response = format!("HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{text}", if status < 400 { "OK" } else { "Error" }, text.len());
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn answer(got: &Received, pages: &Mutex<BTreeMap<String, History>>, conflicts: &Mutex<u32>, rotated: bool) -> (u16, String) {
    let path = got.url.split('?').next().unwrap_or_default().to_string();
    let query = got.url.split_once('?').map_or("", |(_, q)| q);
    if path == "/.well-known/jwks.json" {
        let file = if rotated { "jwks-rotated.json" } else { "jwks.json" };
        return (200, std::fs::read_to_string(fixture(file)).expect("the test JWKS"));
    }
    if got.header("authorization") != Some(&format!("Bearer {SYSTEM_TOKEN}")) {
        return (401, "{}".into());
    }
    let jira = format!("/ex/jira/{CLOUD_ID}/rest/api/3/issue/");
    let pages_v2 = format!("/ex/confluence/{CLOUD_ID}/wiki/api/v2/pages/");
    let restore_v1 = format!("/ex/confluence/{CLOUD_ID}/wiki/rest/api/content/");
    if let Some(key) = path.strip_prefix(&jira) {
        if key == LOOP_ISSUE {
            return (200, "loop".into());
        }
        let issue = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/issue.json")).expect("the example issue");
        return (200, issue);
    }
    if let Some(rest) = path.strip_prefix(&restore_v1) {
        let id = rest.trim_end_matches("/version");
        let body: Value = serde_json::from_str(&got.body).unwrap_or_default();
        let number = body["params"]["versionNumber"].as_u64().unwrap_or(0) as u32;
        let mut pages = pages.lock().unwrap();
        let Some(history) = pages.get_mut(id) else { return (404, "{}".into()) };
        let Some(old) = history.iter().find(|v| v.0 == number).map(|v| v.2.clone()) else { return (400, "{}".into()) };
        let next = history.len() as u32 + 1;
        history.push((next, body["params"]["message"].as_str().unwrap_or_default().to_string(), old));
        return (200, json!({"version": {"number": next}}).to_string());
    }
    let Some(rest) = path.strip_prefix(&pages_v2) else { return (404, "{}".into()) };
    let (id, versions) = match rest.strip_suffix("/versions") {
        Some(id) => (id, true),
        None => (rest, false),
    };
    let mut pages = pages.lock().unwrap();
    let Some(history) = pages.get_mut(id) else { return (404, "{}".into()) };
    match got.method.as_str() {
        "GET" if versions => (200, json!({"results": history.iter().rev().map(|v| json!({"number": v.0, "message": v.1})).collect::<Vec<_>>()}).to_string()),
        "GET" => {
            let wanted = query.split('&').find_map(|p| p.strip_prefix("version=")).and_then(|n| n.parse::<u32>().ok());
            let version = match wanted {
                Some(n) => history.iter().find(|v| v.0 == n),
                None => history.last(),
            };
            match version {
                Some(v) => (200, json!({"id": id, "title": "Refunds service runbook", "version": {"number": v.0}, "body": {"storage": {"value": v.2, "representation": "storage"}}}).to_string()),
                None => (404, "{}".into()),
            }
        }
        "PUT" => {
            let body: Value = serde_json::from_str(&got.body).unwrap_or_default();
            let current = history.last().map_or(0, |v| v.0);
            let mut pending = conflicts.lock().unwrap();
            if *pending > 0 {
                *pending -= 1;
                let edited = history.last().map(|v| v.2.replace("</h1>", "</h1>\n<p>A person added this line meanwhile.</p>")).unwrap_or_default();
                history.push((current + 1, String::new(), edited));
                return (409, json!({"message": "Version must be incremented"}).to_string());
            }
            if body["version"]["number"].as_u64() != Some(u64::from(current) + 1) {
                return (409, json!({"message": "Version must be incremented"}).to_string());
            }
            let message = body["version"]["message"].as_str().unwrap_or_default().to_string();
            let value = body["body"]["value"].as_str().unwrap_or_default().to_string();
            history.push((current + 1, message, value));
            (200, json!({"id": id, "version": {"number": current + 1}}).to_string())
        }
        _ => (405, "{}".into()),
    }
}

/// The claims of a valid token for `installation` (a UUID), issued now, valid from a minute ago
/// (the issuer's clock may run ahead) for five minutes, whose API base URL is `api_base`.
pub fn claims(installation: &str, api_base: &str) -> Value {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    json!({
        "iss": "forge/invocation-token",
        "aud": APP_ARI,
        "iat": now,
        "nbf": now - 60,
        "exp": now + 300,
        "jti": format!("{installation}-{now}"),
        "app": {
            "installationId": format!("ari:cloud:ecosystem::installation/{installation}"),
            "apiBaseUrl": format!("{api_base}/ex/confluence/{CLOUD_ID}"),
            "id": APP_ARI,
            "environment": {"type": "DEVELOPMENT", "id": "env-1"},
            "module": {"type": "xen:macro", "key": "synco-remote"}
        },
        "context": {"cloudId": CLOUD_ID}
    })
}

/// `claims` signed with test key `a` or `b` under key id `kid`.
pub fn sign(claims: &Value, key: char, kid: &str) -> String {
    let pem = std::fs::read(fixture(&format!("test-key-{key}.pem"))).expect("the test key");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_pem(&pem).expect("an RSA key")).expect("a signed token")
}

/// A valid token for `installation` against the stand-in at `api_base`.
pub fn token(installation: &str, api_base: &str) -> String {
    sign(&claims(installation, api_base), 'a', "test-key-a")
}
