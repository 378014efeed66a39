//! `synco serve` as a process, against a loopback stand-in for Forge's JWKS and the Jira and
//! Confluence REST APIs: every forged or stale token is refused with 401, a valid installation
//! syncs through the exact REST requests the APIs document, a version conflict is re-merged,
//! calls outside the granted scopes never leave the host, the lifecycle uninstall wipes the
//! tenant and a replayed install token cannot bring it back, and two replicas on one PostgreSQL serve the same installation interchangeably.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use synco_tests::forge::{self, APP_ARI, Forge, LOOP_ISSUE, SYSTEM_TOKEN};
use synco_tests::{component, synco_bin};

/// A running `synco serve`, killed when dropped.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(home: &Path, forge: &Forge, extra: &[&str]) -> Serve {
        Serve::start_logging(home, forge, extra, Stdio::null())
    }

    /// Starts `synco serve` with its log (stderr) going to `log`.
    fn start_logging(home: &Path, forge: &Forge, extra: &[&str], log: Stdio) -> Serve {
        let mut child = Command::new(synco_bin())
            .arg("--home")
            .arg(home)
            .arg("--component")
            .arg(component())
            .args(["serve", "--listen", "127.0.0.1:0", "--app-ari", APP_ARI, "--skew-secs", "30", "--api-origin", &forge.url])
            .args(default_unless_given(extra, "--jwks-min-refresh-secs", "0"))
            .args(default_unless_given(extra, "--jwks-url", &forge.jwks_url()))
            .args(extra)
            .env("SYNCO_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("synco serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the listening line");
        let url = line.trim().rsplit(' ').next().expect("an address").to_string();
        assert!(url.starts_with("http://127.0.0.1:") || url.starts_with("https://127.0.0.1:"), "{line}");
        Serve { child, url }
    }

    fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
        let mut request = agent.post(&format!("{}{path}", self.url)).header("x-forge-oauth-system", SYSTEM_TOKEN).header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", &format!("Bearer {token}"));
        }
        let mut response = request.send(body.to_string()).expect("the server answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

impl Serve {
    /// A lifecycle `installed` post that may fail to connect: its status, if it was answered.
    fn try_post(&self, path: &str, token: &str) -> Option<u16> {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
        let request = agent.post(&format!("{}{path}", self.url)).header("authorization", &format!("Bearer {token}"));
        request.send(event("installed").to_string()).ok().map(|r| r.status().as_u16())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `flag value`, unless `extra` gives the flag itself.
fn default_unless_given(extra: &[&str], flag: &str, value: &str) -> Vec<String> {
    if extra.contains(&flag) { Vec::new() } else { vec![flag.to_string(), value.to_string()] }
}

const INSTALLATION: &str = "0f2d7e1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f";

/// A lifecycle event body as Forge sends it.
fn event(name: &str) -> Value {
    json!({"eventType": format!("avi:forge:{name}:app")})
}

fn sync_body() -> Value {
    json!({"issueKey": "PAY-142", "pageId": "100"})
}

/// Re-encodes a signed token with its payload replaced (the signature no longer matches).
fn tampered(token: &str, claims: &Value) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(claims.to_string()), parts[2])
}

fn unsigned(header: &Value, claims: &Value, signature: &str) -> String {
    format!("{}.{}.{signature}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()))
}

#[test]
fn every_forged_or_stale_token_is_refused_with_401_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let valid = forge::claims(INSTALLATION, &forge.url);
    let with = |f: &dyn Fn(&mut Value)| {
        let mut c = valid.clone();
        f(&mut c);
        c
    };
    let now = valid["iat"].as_u64().unwrap();
    let public_pem = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fit/test-key-a.pub.pem")).unwrap();
    let mut hs256 = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs256.kid = Some("test-key-a".into());
    let cases: Vec<(&str, Option<String>)> = vec![
        ("no token", None),
        ("expired", Some(forge::sign(&with(&|c| c["exp"] = json!(now - 120)), 'a', "test-key-a"))),
        ("not yet valid", Some(forge::sign(&with(&|c| c["nbf"] = json!(now + 600)), 'a', "test-key-a"))),
        ("issued in the future", Some(forge::sign(&with(&|c| c["iat"] = json!(now + 600)), 'a', "test-key-a"))),
        ("wrong audience", Some(forge::sign(&with(&|c| c["aud"] = json!("ari:cloud:ecosystem::app/someone-else")), 'a', "test-key-a"))),
        ("wrong issuer", Some(forge::sign(&with(&|c| c["iss"] = json!("forge/impostor")), 'a', "test-key-a"))),
        ("unknown key id", Some(forge::sign(&valid, 'b', "test-key-b"))),
        ("bad signature", Some(forge::sign(&valid, 'b', "test-key-a"))),
        ("alg none", Some(unsigned(&json!({"alg": "none", "typ": "JWT", "kid": "test-key-a"}), &valid, ""))),
        ("HS256 with the public key as secret", Some(jsonwebtoken::encode(&hs256, &valid, &jsonwebtoken::EncodingKey::from_secret(&public_pem).unwrap()).unwrap())),
        ("tampered claims", Some(tampered(&forge::token(INSTALLATION, &forge.url), &with(&|c| c["app"]["installationId"] = json!("ari:cloud:ecosystem::installation/another"))))),
        ("no key id", Some(jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256), &valid, &jsonwebtoken::EncodingKey::from_rsa_pem(&std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fit/test-key-a.pem")).unwrap()).unwrap()).unwrap())),
        ("not a token", Some("not.a.token".into())),
    ];
    for (name, token) in &cases {
        for path in ["/lifecycle/installed", "/lifecycle/uninstalled", "/sync", "/restore"] {
            let (status, body) = serve.post(path, token.as_deref(), &sync_body());
            assert_eq!(status, 401, "{name} on {path}: {body}");
            assert_eq!(body, json!({"error": "unauthorized"}), "{name}: a 401 says nothing about why");
        }
    }
    assert!(forge.requests().is_empty(), "no refused request reached Atlassian");
    // The valid token is accepted, and the installation only now exists.
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/sync", Some(&token), &sync_body()).0, 404, "not installed yet");
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
}

#[test]
fn a_key_rotation_is_picked_up_from_the_jwks() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let rotated = forge::sign(&forge::claims(INSTALLATION, &forge.url), 'b', "test-key-b");
    assert_eq!(serve.post("/lifecycle/installed", Some(&rotated), &event("installed")).0, 401, "key b is not published yet");
    forge.rotate_keys();
    assert_eq!(serve.post("/lifecycle/installed", Some(&rotated), &event("installed")).0, 200, "key b is fetched once published");
}

#[test]
fn a_sync_reads_and_writes_through_the_documented_rest_calls_and_is_not_repeated() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    let (status, answer) = serve.post("/sync", Some(&token), &sync_body());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "updated");
    assert_eq!(answer["version"], 2);

    let calls: Vec<(String, String)> = forge.requests().iter().map(|r| (r.method.clone(), r.url.clone())).collect();
    let site = forge::CLOUD_ID;
    assert_eq!(calls, vec![
        ("GET".to_string(), format!("/ex/jira/{site}/rest/api/3/issue/PAY-142")),
        ("GET".to_string(), format!("/ex/confluence/{site}/wiki/api/v2/pages/100?body-format=storage")),
        ("GET".to_string(), format!("/ex/confluence/{site}/wiki/api/v2/pages/100/versions?limit=250")),
        ("PUT".to_string(), format!("/ex/confluence/{site}/wiki/api/v2/pages/100")),
    ]);
    for request in forge.requests() {
        assert_eq!(request.header("authorization"), Some(format!("Bearer {SYSTEM_TOKEN}").as_str()), "the app system token");
    }
    let put = forge.requests().pop().unwrap().json();
    assert_eq!(put["version"]["number"], 2);
    assert_eq!(put["body"]["representation"], "storage");
    assert_eq!(put["title"], "Refunds service runbook");
    let message = put["version"]["message"].as_str().unwrap();
    assert!(message.starts_with("Sync-o: PAY-142 · "), "{message}");
    assert_eq!(answer["sync"]["versionMessage"], message);

    // The same event again: the sync id is already on the page, so nothing is written.
    let (status, again) = serve.post("/sync", Some(&token), &sync_body());
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "unchanged");
    assert_eq!(forge.history("100").len(), 2);
    assert_eq!(forge.requests().iter().filter(|r| r.method == "PUT").count(), 1);

    // Restore version 1 through Confluence's restore operation.
    let (status, restored) = serve.post("/restore", Some(&token), &json!({"pageId": "100", "version": 1}));
    assert_eq!(status, 200, "{restored}");
    let restore = forge.requests().pop().unwrap();
    assert_eq!(restore.url, format!("/ex/confluence/{site}/wiki/rest/api/content/100/version"));
    assert_eq!(restore.json()["operationKey"], "restore");
    assert_eq!(forge.history("100")[2].2, forge.history("100")[0].2);
}

#[test]
fn a_version_conflict_is_re_read_and_re_merged_keeping_the_persons_edit() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    forge.conflict_next(1);
    let (status, answer) = serve.post("/sync", Some(&token), &sync_body());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["version"], 3, "written on top of the person's version 2");
    let puts: Vec<Value> = forge.requests().iter().filter(|r| r.method == "PUT").map(|r| r.json()).collect();
    assert_eq!(puts.len(), 2);
    assert_eq!((puts[0]["version"]["number"].clone(), puts[1]["version"]["number"].clone()), (json!(2), json!(3)));
    let latest = &forge.history("100")[2].2;
    assert!(latest.contains("A person added this line meanwhile."), "the person's edit survives the re-merge");
}

#[test]
fn a_call_outside_the_granted_scopes_never_leaves_the_host() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &["--scope", "read:jira-work", "--scope", "read:confluence-content.all"]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    let (status, answer) = serve.post("/sync", Some(&token), &sync_body());
    assert_eq!(status, 403, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("write:confluence-content"), "{answer}");
    assert!(forge.requests().iter().all(|r| r.method == "GET"), "no write was sent");
    let (status, _) = serve.post("/restore", Some(&token), &json!({"pageId": "100", "version": 1}));
    assert_eq!(status, 403);
    assert!(forge.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn the_uninstall_lifecycle_event_wipes_the_tenant() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    assert_eq!(serve.post("/sync", Some(&token), &sync_body()).0, 200);
    let (status, answer) = serve.post("/lifecycle/uninstalled", Some(&token), &event("uninstalled"));
    assert_eq!(status, 200, "{answer}");
    assert!(answer["records"].as_u64().unwrap() >= 1, "the installation record at least: {answer}");
    assert_eq!(serve.post("/sync", Some(&token), &sync_body()).0, 404, "nothing left to serve");
    drop(serve);
    let db = rusqlite::Connection::open(home.path().join("synco.db")).unwrap();
    // Audit records stay for their 90 days, as after `synco tenant uninstall` (P7, P8).
    for table in ["tenants", "records"] {
        let n: i64 = db.query_row(&format!("SELECT COUNT(*) FROM {table} WHERE tenant = ?1"), [INSTALLATION], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{table} still holds rows of the uninstalled tenant");
    }
}

/// A valid token for [`INSTALLATION`] issued `offset` seconds from now (negative: in the past).
fn issued(forge: &Forge, offset: i64) -> String {
    let mut claims = forge::claims(INSTALLATION, &forge.url);
    claims["iat"] = json!(claims["iat"].as_i64().unwrap() + offset);
    forge::sign(&claims, 'a', "test-key-a")
}

#[test]
fn replayed_lifecycle_tokens_cannot_bring_back_or_wipe_an_installation() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let install = issued(&forge, -60);
    assert_eq!(serve.post("/lifecycle/installed", Some(&install), &event("installed")).0, 200);
    assert_eq!(serve.post("/lifecycle/uninstalled", Some(&issued(&forge, 0)), &event("uninstalled")).0, 200);
    let (status, answer) = serve.post("/lifecycle/installed", Some(&install), &event("installed"));
    assert_eq!(status, 409, "the install token, replayed within its validity: {answer}");
    assert!(answer["error"].as_str().unwrap().contains("uninstalled"), "{answer}");
    assert_eq!(serve.post("/sync", Some(&install), &sync_body()).0, 404, "still nothing to serve");
    let db = rusqlite::Connection::open(home.path().join("synco.db")).unwrap();
    let tenants: i64 = db.query_row("SELECT COUNT(*) FROM tenants WHERE tenant = ?1", [INSTALLATION], |r| r.get(0)).unwrap();
    assert_eq!(tenants, 0, "the replay created no tenant");
    // A new install, issued after the uninstall, is served as usual.
    let reinstall = issued(&forge, 2);
    let (status, answer) = serve.post("/lifecycle/installed", Some(&reinstall), &event("installed"));
    assert_eq!((status, answer["new"].as_bool()), (200, Some(true)), "{answer}");
    assert_eq!(serve.post("/sync", Some(&reinstall), &sync_body()).0, 200);
    // Nor can an uninstall token from before the reinstall (beyond the 30 s skew), replayed, wipe it.
    let (status, answer) = serve.post("/lifecycle/uninstalled", Some(&issued(&forge, -45)), &event("uninstalled"));
    assert_eq!(status, 409, "{answer}");
    assert_eq!(serve.post("/sync", Some(&reinstall), &sync_body()).0, 200, "still installed");
    let (status, answer) = serve.post("/lifecycle/uninstalled", Some(&issued(&forge, -10)), &event("uninstalled"));
    assert_eq!(status, 200, "within the skew an uninstall goes ahead: {answer}");
    assert_eq!(serve.post("/sync", Some(&reinstall), &sync_body()).0, 404);
}

#[test]
fn an_install_event_must_be_recent_and_say_when_it_was_issued() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let (status, answer) = serve.post("/lifecycle/installed", Some(&issued(&forge, -2 * 3600)), &event("installed"));
    assert_eq!(status, 409, "a still-valid token issued two hours ago: {answer}");
    let mut undated = forge::claims(INSTALLATION, &forge.url);
    for claim in ["iat", "nbf"] {
        undated.as_object_mut().unwrap().remove(claim);
    }
    let (status, answer) = serve.post("/lifecycle/installed", Some(&forge::sign(&undated, 'a', "test-key-a")), &event("installed"));
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("iat"), "{answer}");
    assert_eq!(serve.post("/sync", Some(&forge::token(INSTALLATION, &forge.url)), &sync_body()).0, 404, "neither installed the tenant");
}

#[test]
fn a_looping_tenant_is_stopped_at_the_deadline_and_others_are_served() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let mut child = Command::new(synco_bin())
        .arg("--home")
        .arg(home.path())
        .arg("--component")
        .arg(synco_tests::hostile_component())
        .args(["--deadline-secs", "1", "serve", "--listen", "127.0.0.1:0", "--app-ari", APP_ARI, "--jwks-url", &forge.jwks_url(), "--api-origin", &forge.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let serve = Serve { child, url: line.trim().rsplit(' ').next().unwrap().to_string() };
    let noisy = forge::token("11111111-2222-4333-8444-555555555555", &forge.url);
    let calm = forge::token(INSTALLATION, &forge.url);
    for token in [&noisy, &calm] {
        assert_eq!(serve.post("/lifecycle/installed", Some(token), &event("installed")).0, 200);
    }
    let (status, answer) = serve.post("/sync", Some(&noisy), &json!({"issueKey": LOOP_ISSUE, "pageId": "100"}));
    assert_eq!(status, 503, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("deadline"), "{answer}");
    let (status, answer) = serve.post("/sync", Some(&noisy), &json!({"issueKey": LOOP_ISSUE, "pageId": "100"}));
    assert_eq!(status, 429, "the looping installation cools down: {answer}");
    let (status, answer) = serve.post("/sync", Some(&calm), &sync_body());
    assert_eq!(status, 200, "{answer}");
}

#[test]
fn two_replicas_on_one_postgres_serve_the_same_installation() {
    synco_tests::with_postgres(|url| {
        // One data directory for the key files (a deployment shares its KMS), one database.
        let home = tempfile::tempdir().unwrap();
        let forge = Forge::start();
        let a = Serve::start(home.path(), &forge, &["--database", &url]);
        let b = Serve::start(home.path(), &forge, &["--database", &url]);
        let installation = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        let token = forge::token(installation, &forge.url);
        assert_eq!(a.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
        let (status, answer) = b.post("/sync", Some(&token), &sync_body());
        assert_eq!(status, 200, "replica b serves what replica a installed: {answer}");
        assert_eq!(answer["status"], "updated");
        let (status, again) = a.post("/sync", Some(&token), &sync_body());
        assert_eq!((status, again["status"].as_str()), (200, Some("unchanged")), "replica a sees b's write");
        assert_eq!(b.post("/lifecycle/uninstalled", Some(&token), &event("uninstalled")).0, 200);
        assert_eq!(a.post("/sync", Some(&token), &sync_body()).0, 404, "the uninstall through b is seen by a");
    });
}

#[test]
fn serves_https_with_the_certificate_it_is_given() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let tls = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls");
    let (cert, key) = (tls.join("cert.pem"), tls.join("key.pem"));
    let serve = Serve::start(home.path(), &forge, &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    assert!(serve.url.starts_with("https://"), "{}", serve.url);
    let pem = std::fs::read(tls.join("ca.pem")).unwrap();
    let root = ureq::tls::Certificate::from_pem(&pem).unwrap();
    let tls_config = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(vec![root]))).build();
    let agent = ureq::Agent::config_builder().tls_config(tls_config).build().new_agent();
    let body = agent.get(&format!("{}/healthz", serve.url)).call().unwrap().body_mut().read_to_string().unwrap();
    assert_eq!(body, "ok");
    let plain = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
    assert!(plain.get(&format!("{}/healthz", serve.url.replacen("https", "http", 1))).call().is_err(), "no plain HTTP on the TLS port");
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &["--body-limit", "1024"]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    let big = json!({"issueKey": "PAY-142", "pageId": "100", "padding": "x".repeat(4096)});
    assert_eq!(serve.post("/sync", Some(&token), &big).0, 413);
    assert!(forge.requests().is_empty(), "refused before any REST call");
}

#[test]
fn the_log_says_who_and_how_a_request_went_never_what_it_carried() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let log_path = home.path().join("serve.log");
    let serve = Serve::start_logging(home.path(), &forge, &[], Stdio::from(std::fs::File::create(&log_path).unwrap()));
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    assert_eq!(serve.post("/sync", Some(&token), &sync_body()).0, 200);
    assert_eq!(serve.post("/sync", Some("forged"), &sync_body()).0, 401);
    drop(serve);
    let log = std::fs::read_to_string(&log_path).unwrap();
    let entries: Vec<Value> = log.lines().map(|l| serde_json::from_str(l).expect("every log line is JSON")).collect();
    let statuses: Vec<u64> = entries.iter().filter_map(|e| e["fields"]["status"].as_u64()).collect();
    assert_eq!(statuses, [200, 200, 401], "{log}");
    assert!(entries.iter().filter(|e| e["fields"]["status"].is_u64()).all(|e| e["fields"]["route"].is_string() && e["fields"]["ms"].is_number()));
    let issue = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/issue.json")).unwrap();
    let summary = serde_json::from_str::<Value>(&issue).unwrap()["fields"]["summary"].as_str().unwrap().to_string();
    for secret in [summary.as_str(), "Refunds service runbook", SYSTEM_TOKEN, &token, "jane", "@"] {
        assert!(!log.to_lowercase().contains(&secret.to_lowercase()), "the log holds {secret:?}");
    }
}

#[test]
fn sigterm_drains_and_stops_the_server_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let mut serve = Serve::start(home.path(), &forge, &[]);
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    let pid = serve.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = serve.child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "still running 10 s after SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn a_users_invocation_cannot_install_or_wipe_the_installation() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let system = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&system), &event("installed")).0, 200);
    let mut claims = forge::claims(INSTALLATION, &forge.url);
    claims["principal"] = json!("557058:a-site-user");
    let user = forge::sign(&claims, 'a', "test-key-a");
    let (status, answer) = serve.post("/lifecycle/uninstalled", Some(&user), &event("uninstalled"));
    assert_eq!(status, 403, "{answer}");
    assert_eq!(serve.post("/lifecycle/uninstalled", Some(&system), &event("installed")).0, 400, "the event type must match the route");
    assert_eq!(serve.post("/sync", Some(&system), &sync_body()).0, 200, "still installed");
    let mut other_site = forge::claims(INSTALLATION, &forge.url);
    other_site["context"]["cloudId"] = json!("another-site");
    let (status, _) = serve.post("/sync", Some(&forge::sign(&other_site, 'a', "test-key-a")), &sync_body());
    assert_eq!(status, 403, "a token for another site than the one installed");
}

/// The address part of a server url (`127.0.0.1:port`).
fn address(url: &str) -> String {
    url.trim_start_matches("http://").to_string()
}

/// Whether the server closed `stream` (end of stream, or reset) within `within`.
fn closed_within(stream: &mut std::net::TcpStream, within: std::time::Duration) -> bool {
    use std::io::Read;
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn a_stranger_is_answered_from_the_headers_without_the_server_waiting_for_or_buffering_a_body() {
    use std::io::{Read, Write};
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    let mut stream = std::net::TcpStream::connect(address(&serve.url)).unwrap();
    // A 5 MiB body is announced and never sent: the answer must not wait for it.
    write!(stream, "POST /sync HTTP/1.1\r\nhost: x\r\nauthorization: Bearer forged\r\ncontent-type: application/json\r\ncontent-length: 5242880\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let mut answer = [0u8; 12];
    stream.read_exact(&mut answer).expect("an answer before any body byte was sent");
    assert_eq!(&answer, b"HTTP/1.1 401");
}

#[test]
fn a_connection_that_does_not_finish_its_headers_in_time_is_closed() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &["--client-timeout-secs", "1"]);
    let mut silent = std::net::TcpStream::connect(address(&serve.url)).unwrap();
    let mut partial = std::net::TcpStream::connect(address(&serve.url)).unwrap();
    write!(partial, "POST /sync HTTP/1.1\r\nhost: x\r\n").unwrap();
    assert!(closed_within(&mut silent, std::time::Duration::from_secs(5)), "a connection that sends nothing");
    assert!(closed_within(&mut partial, std::time::Duration::from_secs(5)), "a connection that stops halfway through its headers");
    // A token that verifies gets the same time for its body.
    let token = forge::token(INSTALLATION, &forge.url);
    assert_eq!(serve.post("/lifecycle/installed", Some(&token), &event("installed")).0, 200);
    let mut slow_body = std::net::TcpStream::connect(address(&serve.url)).unwrap();
    write!(slow_body, "POST /sync HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nx-forge-oauth-system: {SYSTEM_TOKEN}\r\ncontent-length: 100\r\n\r\n{{").unwrap();
    let mut answer = String::new();
    slow_body.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let _ = std::io::Read::read_to_string(&mut slow_body, &mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[test]
fn connections_past_the_limit_are_closed_at_once_and_served_again_when_the_others_go() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &["--max-connections", "3"]);
    let held: Vec<std::net::TcpStream> = (0..3).map(|_| std::net::TcpStream::connect(address(&serve.url)).unwrap()).collect();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut extra = std::net::TcpStream::connect(address(&serve.url)).unwrap();
    assert!(closed_within(&mut extra, std::time::Duration::from_secs(2)), "the fourth connection is closed");
    drop(held);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let token = forge::token(INSTALLATION, &forge.url);
    while serve.try_post("/lifecycle/installed", &token).is_none() {
        assert!(std::time::Instant::now() < deadline, "not served again after the held connections closed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn without_the_signing_keys_a_token_is_answered_503_to_retry() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    // A JWKS url where nothing answers: the server holds no keys.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}/jwks.json", dead.local_addr().unwrap());
    drop(dead);
    let serve = Serve::start(home.path(), &forge, &["--jwks-url", &dead_url, "--jwks-min-refresh-secs", "30"]);
    let token = forge::token(INSTALLATION, &forge.url);
    for _ in 0..5 {
        let (status, body) = serve.post("/lifecycle/installed", Some(&token), &event("installed"));
        assert_eq!(status, 503, "{body}");
        assert!(body["error"].as_str().unwrap().contains("retry shortly"), "{body}");
    }
}

#[test]
fn an_installation_id_in_capitals_is_the_same_installation() {
    let home = tempfile::tempdir().unwrap();
    let forge = Forge::start();
    let serve = Serve::start(home.path(), &forge, &[]);
    assert_eq!(serve.post("/lifecycle/installed", Some(&forge::token(INSTALLATION, &forge.url)), &event("installed")).0, 200);
    let upper = forge::token(&INSTALLATION.to_uppercase(), &forge.url);
    assert_eq!(serve.post("/sync", Some(&upper), &sync_body()).0, 200, "not a second, uninstalled tenant");
}
