//! The `synco` command line, end to end on a throwaway data directory: install, index, sync,
//! audit, rotate, purge, uninstall — and the refusals a user meets.

use std::path::Path;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output};

use synco_tests::{component, examples_dir, synco_bin};

fn synco(home: &Path, args: &[&str]) -> Output {
    Command::new(synco_bin())
        .args(args)
        .env("SYNCO_HOME", home)
        .env("SYNCO_COMPONENT", component())
        .env("SYNCO_TENANT", "acme")
        .env("SYNCO_NOW", "1795910400000")
        .env("SYNCO_SEED", "1")
        .output()
        .unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = synco(home, args);
    assert!(out.status.success(), "synco {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(home: &Path, args: &[&str]) -> String {
    let out = synco(home, args);
    assert!(!out.status.success(), "synco {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_whole_lifecycle_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let examples = examples_dir();
    let sync_args = |ex: &Path| {
        ["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()]
            .map(String::from)
    };
    let sync = sync_args(&examples);
    let sync: Vec<&str> = sync.iter().map(String::as_str).collect();

    assert!(fails(&home, &sync).contains("tenant acme is not installed"));
    assert!(ok(&home, &["tenant", "install"]).contains("installed"));
    assert!(ok(&home, &["tenant", "install"]).contains("already installed"));
    assert!(ok(&home, &["index", examples.join("pages").to_str().unwrap()]).contains("5 page(s) indexed"));
    let related = ok(&home, &["related", examples.join("issue.json").to_str().unwrap(), "--limit", "2"]);
    let first = related.lines().next().unwrap_or_default();
    assert!(first.contains("Ledger reconciliation (1001) — shares: ") && first.contains("ledger"), "{related}");
    assert_eq!(related.lines().count(), 2);
    let summary = ok(&home, &sync);
    assert!(summary.contains("api_key          1 value(s)"), "{summary}");
    assert!(summary.contains("audit record: 1-"), "{summary}");
    assert!(out.join("page.xml").is_file() && out.join("review.html").is_file());
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 1 record(s)"));
    assert!(ok(&home, &["audit", "tail"]).contains("\"provider\":\"offline\""));
    assert!(ok(&home, &["kms", "rotate"]).contains("master key v2 created; 1 tenant data key(s) re-wrapped"));
    assert!(ok(&home, &sync).contains("related pages:\n  "), "the index still opens after rotation");
    assert!(ok(&home, &["store", "purge"]).contains("purged 0 expired record(s)"));
    assert!(ok(&home, &["tenant", "uninstall"]).contains("5 record(s) deleted"));
    assert!(fails(&home, &["tenant", "uninstall"]).contains("not installed"));
    assert!(fails(&home, &sync).contains("not installed"));
}

#[test]
fn refuses_to_write_output_inside_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    ok(&home, &["tenant", "install"]);
    let ex = examples_dir();
    let inside = home.join("out");
    let err = fails(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", inside.to_str().unwrap()]);
    assert!(err.contains("is inside the data directory"), "{err}");
}

#[test]
fn a_tampered_audit_chain_fails_verification_with_the_record_named() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    ok(&home, &["tenant", "install"]);
    let ex = examples_dir();
    let out = dir.path().join("out");
    for _ in 0..3 {
        ok(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    }
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 3 record(s)"));
    // An attacker with write access to the database file deletes record 2.
    let conn = rusqlite::Connection::open(home.join("synco.db")).unwrap();
    assert_eq!(conn.execute("DELETE FROM audit WHERE seq = 2", []).unwrap(), 1);
    drop(conn);
    let err = fails(&home, &["audit", "verify"]);
    assert!(err.contains("a record before record 3 was deleted: the chain expects 2 there"), "{err}");
}

#[test]
fn a_cut_off_audit_tail_is_reported_against_the_last_record_id_kept_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    ok(&home, &["tenant", "install"]);
    let ex = examples_dir();
    for _ in 0..3 {
        ok(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    }
    let verified = ok(&home, &["audit", "verify"]);
    let last = verified.split("last record ").nth(1).and_then(|rest| rest.split_whitespace().next()).expect("the last record's id").to_string();
    assert!(last.starts_with("3-"), "{verified}");
    assert!(ok(&home, &["audit", "verify", "--witness", &last]).contains("intact: 3 record(s)"));
    // Someone with write access to the database file cuts off the last record.
    let conn = rusqlite::Connection::open(home.join("synco.db")).unwrap();
    assert_eq!(conn.execute("DELETE FROM audit WHERE seq = 3", []).unwrap(), 1);
    drop(conn);
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 2 record(s)"), "without a witness the shorter chain looks whole");
    let err = fails(&home, &["audit", "verify", "--witness", &last]);
    assert!(err.contains("the chain ends at record 2, but record 3 was seen earlier"), "{err}");
    let err = fails(&home, &["audit", "verify", "--witness", "three"]);
    assert!(err.contains("is not a record id"), "{err}");
}

fn run_with(home: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(synco_bin())
        .args(args)
        .env("SYNCO_HOME", home)
        .env("SYNCO_COMPONENT", component())
        .env("SYNCO_TENANT", "acme")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn redact_prints_the_redacted_text_and_jsonl_spans_by_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = run_with(&home, &["redact"], "Mail jane.doe@example.com, key AKIAIOSFODNN7EXAMPLE.", &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Mail [EMAIL_1], key [API_KEY_1].");
    assert!(String::from_utf8_lossy(&out.stderr).contains("email            1 value(s)"));
    let lines = "{\"text\": \"héllo jane.doe@example.com\"}\n{\"text\": \"Ping Ann Lee\", \"people\": [{\"display_name\": \"Ann Lee\"}]}\n";
    let out = run_with(&home, &["redact", "--jsonl"], lines, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"spans\":[{\"kind\":\"email\",\"start\":7,\"end\":27}]}\n{\"spans\":[{\"kind\":\"person\",\"start\":5,\"end\":12}]}\n"
    );
    let bad = run_with(&home, &["redact", "--jsonl"], "{\"txt\": 1}\n", &[]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("line 1 is not"));
}

/// The phone words are compiled inside the component, with the guest's regex features (no
/// Unicode letter classes there): words of other scripts before and after a number reach them.
#[test]
fn redact_reads_phone_words_of_other_scripts_inside_the_component() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let text = "тел. 0888 123 456; Потребител: 100234567; 06649302900 पर कॉल करें";
    let out = run_with(&home, &["redact"], text, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "тел. [PHONE_1]; Потребител: 100234567; [PHONE_2] पर कॉल करें");
}

#[test]
fn diff_and_merge_work_on_files_and_write_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let ex = examples_dir();
    let (base, page) = (ex.join("page-base.xml"), ex.join("page.xml"));
    let review = dir.path().join("review.html");
    let summary = ok(&home, &["diff", base.to_str().unwrap(), page.to_str().unwrap(), "--review", review.to_str().unwrap()]);
    assert!(summary.contains("1 paragraph changed"), "{summary}");
    assert!(std::fs::read_to_string(&review).unwrap().starts_with("<!DOCTYPE html>"));
    let ours = dir.path().join("ours.xml");
    std::fs::write(&ours, std::fs::read_to_string(&base).unwrap().replacen("<h2>", "<p>Generated note.</p><h2>", 1)).unwrap();
    let merged = ok(&home, &["merge", base.to_str().unwrap(), page.to_str().unwrap(), ours.to_str().unwrap()]);
    assert!(merged.contains("Generated note."), "the generated change is merged");
    assert!(merged.contains("ap-southeast-2"), "the person's edit is kept");
    let not_markup = dir.path().join("broken.xml");
    std::fs::write(&not_markup, "<p>unclosed <b>bold</p>").unwrap();
    let error = fails(&home, &["diff", base.to_str().unwrap(), not_markup.to_str().unwrap()]);
    assert!(error.contains("the new page is not Confluence storage format"), "the page at fault is named: {error}");
    let error = fails(&home, &["merge", base.to_str().unwrap(), not_markup.to_str().unwrap(), ours.to_str().unwrap()]);
    assert!(error.contains("the current page is not Confluence storage format"), "{error}");
}

#[test]
fn a_review_is_never_written_into_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let page = examples_dir().join("page.xml");
    let inside = home.join("review.html");
    for command in [vec!["diff", page.to_str().unwrap(), page.to_str().unwrap()], vec!["merge", page.to_str().unwrap(), page.to_str().unwrap(), page.to_str().unwrap()]] {
        let mut args = command.clone();
        args.extend(["--review", inside.to_str().unwrap()]);
        assert!(fails(&home, &args).contains("is inside the data directory"), "{command:?}");
        assert!(!inside.exists());
    }
    // Nor through a symbolic link to it.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&home, &link).unwrap();
    let through = link.join("review.html");
    assert!(fails(&home, &["diff", page.to_str().unwrap(), page.to_str().unwrap(), "--review", through.to_str().unwrap()]).contains("is inside the data directory"));
    let issue = examples_dir().join("issue.json");
    let out = link.join("out");
    assert!(fails(&home, &["sync", "--issue", issue.to_str().unwrap(), "--page", page.to_str().unwrap(), "--out", out.to_str().unwrap()]).contains("is inside the data directory"));
    assert!(!home.join("out").exists());
}

#[test]
fn an_input_over_the_limit_is_refused_without_being_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let page = examples_dir().join("page.xml");
    // An endless input: only a bounded prefix of it is ever read.
    let error = fails(&home, &["diff", "/dev/zero", page.to_str().unwrap()]);
    assert!(error.contains("the old page /dev/zero is larger than the limit of 5242880 bytes"), "{error}");
}

#[test]
fn a_page_folder_gets_one_version_per_event_and_reverts_as_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out, pages) = (dir.path().join("home"), dir.path().join("out"), dir.path().join("page"));
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::copy(examples_dir().join("page.xml"), pages.join("v1.xml")).unwrap();
    ok(&home, &["tenant", "install"]);
    let issue = examples_dir().join("issue.json");
    let sync = ["sync", "--issue", issue.to_str().unwrap(), "--page-dir", pages.to_str().unwrap(), "--out", out.to_str().unwrap()];
    assert!(ok(&home, &sync).contains("added version 2"));
    assert!(ok(&home, &sync).contains("already up to date"), "the same event twice is one update");
    assert_eq!(history_len(&pages), 2);
    // A person edits the page: the same issue event now applies to a new page version.
    let edited = std::fs::read_to_string(pages.join("v2.xml")).unwrap().replacen("<h2>", "<p>A person's note.</p><h2>", 1);
    std::fs::write(pages.join("v3.xml"), edited).unwrap();
    let mut history: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pages.join("history.json")).unwrap()).unwrap();
    history.as_array_mut().unwrap().push(serde_json::json!({"number": 3, "message": "edited by a person"}));
    std::fs::write(pages.join("history.json"), history.to_string()).unwrap();
    assert!(ok(&home, &sync).contains("added version 4"));
    assert!(std::fs::read_to_string(pages.join("v4.xml")).unwrap().contains("A person's note."), "the person's edit survives");
    let reverted = ok(&home, &["revert", "--page-dir", pages.to_str().unwrap(), "--to", "1"]);
    assert!(reverted.contains(r#""operationKey":"restore""#) && reverted.contains(r#""versionNumber":1"#), "{reverted}");
    assert!(reverted.contains("changed") || reverted.contains("removed"), "the revert's summary is printed: {reverted}");
    assert_eq!(history_len(&pages), 5);
    assert_eq!(std::fs::read_to_string(pages.join("v5.xml")).unwrap(), std::fs::read_to_string(pages.join("v1.xml")).unwrap());
}

#[test]
fn a_version_that_is_not_storage_format_is_not_restored_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let (home, pages, review) = (dir.path().join("home"), dir.path().join("page"), dir.path().join("revert.html"));
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("v1.xml"), "<p>broken <b>markup</p>").unwrap();
    std::fs::write(pages.join("v2.xml"), "<p>A person's page.</p>").unwrap();
    let history = r#"[{"number": 1, "message": "first"}, {"number": 2, "message": "second"}]"#;
    std::fs::write(pages.join("history.json"), history).unwrap();
    let dir_arg = pages.to_str().unwrap();
    let error = fails(&home, &["revert", "--page-dir", dir_arg, "--to", "1"]);
    assert!(error.contains("version 1") && error.contains("nothing was restored"), "{error}");
    assert_eq!(history_len(&pages), 2, "no version was added");
    assert!(!pages.join("v3.xml").exists());
    // A good version restores with a review; a broken one only when forced.
    std::fs::write(pages.join("v3.xml"), "<p>A person's page, edited.</p>").unwrap();
    let history = r#"[{"number": 1, "message": "first"}, {"number": 2, "message": "second"}, {"number": 3, "message": "third"}]"#;
    std::fs::write(pages.join("history.json"), history).unwrap();
    let reverted = ok(&home, &["revert", "--page-dir", dir_arg, "--to", "2", "--review", review.to_str().unwrap()]);
    assert!(reverted.contains("version 4 restores version 2") && reverted.contains("1 paragraph changed"), "{reverted}");
    assert!(std::fs::read_to_string(&review).unwrap().contains("edited"), "the review shows the text the revert removes");
    let forced = ok(&home, &["revert", "--page-dir", dir_arg, "--to", "1", "--force"]);
    assert!(forced.contains("version 5 restores version 1"), "{forced}");
    assert_eq!(std::fs::read_to_string(pages.join("v5.xml")).unwrap(), "<p>broken <b>markup</p>");
}

fn history_len(pages: &Path) -> usize {
    let history: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pages.join("history.json")).unwrap()).unwrap();
    history.as_array().unwrap().len()
}

#[test]
fn the_provider_key_appears_in_no_output_or_log_line() {
    use synco_tests::standin::{KEY, StandIn, ok as answer, success};
    let stand_in = StandIn::start(vec![answer(success("openai"))]);
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let env = [("SYNCO_PROVIDER_BASE_URL", stand_in.url.as_str()), ("SYNCO_LOG", "trace")];
    for args in [vec!["tenant", "install", "--plan", "advanced"], vec!["tenant", "set-provider", "--provider", "openai", "--model", "gpt-4o"]] {
        assert!(run_with(&home, &args, "", &env).status.success());
    }
    let set = run_with(&home, &["tenant", "set-key"], KEY, &env);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let ex = examples_dir();
    let sync = run_with(&home, &["sync", "--issue", ex.join("issue.json").to_str().unwrap(), "--page", ex.join("page.xml").to_str().unwrap(), "--out", out.to_str().unwrap()], "", &env);
    assert!(sync.status.success(), "{}", String::from_utf8_lossy(&sync.stderr));
    assert_eq!(stand_in.requests().len(), 1);
    for output in [&set.stdout, &set.stderr, &sync.stdout, &sync.stderr] {
        assert!(!String::from_utf8_lossy(output).contains(KEY), "the key was printed");
    }
    let audit = run_with(&home, &["audit", "tail"], "", &env);
    assert!(!String::from_utf8_lossy(&audit.stdout).contains(KEY));
}

#[test]
fn the_vertex_credential_is_a_usable_service_account_key_file_or_a_token_not_both() {
    let home = tempfile::tempdir().unwrap();
    let key_file = home.path().join("service-account.json");
    std::fs::write(&key_file, r#"{"type":"authorized_user","client_email":"a@b","private_key":"x"}"#).unwrap();
    let run = |envs: &[(&str, &std::ffi::OsStr)]| {
        let mut cmd = Command::new(synco_bin());
        cmd.args(["tenant", "install"]).env("SYNCO_HOME", home.path()).env("SYNCO_COMPONENT", component());
        cmd.env_remove("SYNCO_VERTEX_SERVICE_ACCOUNT").env_remove("SYNCO_VERTEX_ACCESS_TOKEN").envs(envs.iter().copied());
        cmd.output().unwrap()
    };
    let unusable = run(&[("SYNCO_VERTEX_SERVICE_ACCOUNT", key_file.as_os_str())]);
    assert!(!unusable.status.success());
    assert!(String::from_utf8_lossy(&unusable.stderr).contains("expected \"service_account\""), "{}", String::from_utf8_lossy(&unusable.stderr));
    let both = run(&[("SYNCO_VERTEX_SERVICE_ACCOUNT", key_file.as_os_str()), ("SYNCO_VERTEX_ACCESS_TOKEN", "ya29.x".as_ref())]);
    assert!(String::from_utf8_lossy(&both.stderr).contains("are both set; set one"), "{}", String::from_utf8_lossy(&both.stderr));
    let token = run(&[("SYNCO_VERTEX_ACCESS_TOKEN", "ya29.x".as_ref())]);
    assert!(token.status.success(), "{}", String::from_utf8_lossy(&token.stderr));
}

#[test]
fn audit_verify_reports_a_record_written_into_the_database_without_the_audit_key() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let examples = examples_dir();
    ok(&home, &["tenant", "install"]);
    let (issue, page) = (examples.join("issue.json"), examples.join("page.xml"));
    ok(&home, &["sync", "--issue", issue.to_str().unwrap(), "--page", page.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok(&home, &["audit", "verify"]).contains("intact: 1 record(s)"));
    // Someone with write access to the database file appends a record exactly as the chain's
    // format says (the hash is plain sha256), but cannot read the audit key.
    let db = rusqlite::Connection::open(home.join("synco.db")).unwrap();
    let prev: String = db.query_row("SELECT hash FROM audit WHERE tenant = 'acme' AND seq = 1", [], |r| r.get(0)).unwrap();
    let acme = synco_host::tenant::TenantId::new("acme").unwrap();
    let hash = synco_host::audit::chain_hash(&prev, &acme, 2, 1_795_910_400_001, "{}");
    db.execute("INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES ('acme', 2, 1795910400001, '{}', ?1, ?2, ?3)", [&prev, &hash, &"0".repeat(64)]).unwrap();
    assert!(fails(&home, &["audit", "verify"]).contains("record 2 was forged"));
    assert!(std::fs::metadata(home.join("keys/audit.key")).unwrap().permissions().mode() & 0o077 == 0, "the audit key is the owner's alone");
}
