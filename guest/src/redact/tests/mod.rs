//! The redactor's tests, through [`Redactor`] mostly: this file holds the shared helpers and the
//! tests of the redactor as a whole (placeholders, restoring, overlaps, the policy and its limits,
//! custom patterns, properties over any text); each file beside it tests one kind of value.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(not(js_engine))]
use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use expect_test::expect;
#[cfg(not(js_engine))]
use proptest::prelude::*;

use super::*;

mod emails;
mod internals;
mod names;
mod numbers;
mod passwords;
mod phones;
mod tables;
mod tokens;

#[test]
fn a_placeholder_that_was_not_sent_is_not_restored() {
    let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
    let sent = redactor.redact("mail jane.doe@example.com").unwrap();
    let dropped = redactor.redact("key AKIAIOSFODNN7EXAMPLE").unwrap();
    redactor.forget_unsent(&sent);
    let restored = redactor.restore(&format!("{sent} / {dropped}"));
    assert_eq!(restored.text, format!("mail jane.doe@example.com / {dropped}"));
}

/// A ticket with a value of every common kind.
const TICKET: &str = "\
Summary: checkout fails for Globex

Ann Lee reported on 2024-01-15 that checkout (v10.2.3) fails; @Bob Stone, please take a look.
The customer's admin is jane.doe@globex.com, phone +1 (415) 555-0132, office 020 7946 0958.
They paid with 4111 1111 1111 1111 and retried with 5555-5555-5555-4444.
Refund to DE89 3704 0044 0532 0130 00; SSN on file 078-05-1120.

Logs from 10.0.0.12 and 2001:db8::8a2e:370:7334 (MAC 00:1A:2B:3C:4D:5E) show the deploy used
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE and DB_PASSWORD=\"s3cr3t-V4lue!xZ\" (token: required).
The staging database is postgres://deploy:Tr0ub4dor&3x@db.internal:5432/shop.

Ann Lee: call jane.doe@globex.com back at +1 (415) 555-0132 before release 2.4.1.
";

/// Deterministic letters and digits standing in for a token's random part (tests never hold
/// a real credential, and the source holds none that a secret scanner would flag).
fn fake(len: usize, alphabet: &str) -> String {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ len as u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % alphabet.len() as u64) as usize]
        })
        .collect()
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const UPPER_ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn ann() -> Person {
    Person {
        account_id: "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077".into(),
        display_name: "Ann Lee".into(),
        email: Some("ann.lee@acme.io".into()),
    }
}

fn bob() -> Person {
    Person {
        account_id: "5b10ac8d82e05b22cc7d4ef5".into(),
        display_name: "Bob Stone".into(),
        email: None,
    }
}

fn redactor_for(policy: Policy, people: &[Person]) -> Redactor {
    Redactor::new(policy, people).expect("the policy is within its limits")
}

fn redactor() -> Redactor {
    redactor_for(Policy::default(), &[ann(), bob()])
}

fn redacted(text: &str) -> String {
    redactor()
        .redact(text)
        .expect("the text is within the limit")
}

/// The detected spans as `kind:value` strings.
fn spans(text: &str) -> Vec<String> {
    redactor()
        .detect(text)
        .expect("the text is within the limit")
        .into_iter()
        .map(|span| format!("{}:{}", span.kind, &text[span.start..span.end]))
        .collect()
}

fn assert_untouched(text: &str) {
    assert_eq!(spans(text), Vec::<String>::new(), "in {text:?}");
}

/// Asserts that only addresses are found in `text` (no name beside them).
fn assert_only_emails(text: &str) {
    let found = spans(text);
    assert!(found.iter().all(|span| span.starts_with("email:")), "in {text:?}: {found:?}");
}

/// Asserts that `value`, standing in a sentence, is found whole as `kind`.
fn assert_found(kind: &str, value: &str) {
    let text = format!("Note: {value} here.");
    assert_eq!(spans(&text), [format!("{kind}:{value}")], "in {text:?}");
}

fn policy_error(policy: Policy, people: &[Person]) -> RedactionError {
    match Redactor::new(policy, people) {
        Err(error) => error,
        Ok(_) => panic!("expected the policy to be refused"),
    }
}

fn custom(name: &str, pattern: &str) -> Policy {
    Policy {
        custom: vec![CustomPattern {
            name: name.into(),
            pattern: pattern.into(),
        }],
        ..Policy::default()
    }
}

fn assert_round_trip(redactor: &mut Redactor, text: &str) -> String {
    let out = redactor.redact(text).expect("the text is within the limit");
    assert_eq!(redactor.restore(&out).text, text, "redacted: {out:?}");
    out
}

/// Asserts that no person is found in `text` (addresses may be).
fn assert_untouched_by_names(text: &str) {
    let found = spans(text);
    assert!(found.iter().all(|span| !span.starts_with("person:")), "{found:?}");
}

#[test]
fn keeps_the_look_alikes_of_the_new_rules_untouched() {
    // Names: a subject's or a department's line above an address, a note in brackets or
    // a host's name after it, a label in katakana, a word before 고객.
    assert_eq!(spans("제목: 로그인 오류\n이메일: haeun.yoon@example.kr"), ["email:haeun.yoon@example.kr"]);
    assert_eq!(spans("Department: जन संपर्क\nEmail: jan.sampark@example.in"), ["email:jan.sampark@example.in"]);
    assert_eq!(spans("zhang.wei@example.cn（已停用）"), ["email:zhang.wei@example.cn"]);
    assert_eq!(spans(r#"{"email":"rahul.sharma@example.in","hostname":"राउटर सर्वर"}"#), ["email:rahul.sharma@example.in"]);
    // Phones: counts beside an address, under an MSISDN count or in a row labelled with a
    // phone word and more; an order's number before the word for a phone.
    assert_eq!(spans("jane.doe@example.com, 12 345 678 API calls; email,customer_id\njane.doe@example.com,1000000123"), ["email:jane.doe@example.com", "email:jane.doe@example.com"]);
    assert_untouched("| Operator | MSISDN count |\n|---|---|\n| BMT | 12 345 678 |");
    assert_untouched("<tr><td><p>Mobile app installs</p></td><td><p>12 345 678</p></td></tr>");
    assert_untouched("Fon kodu AFT, fon büyüklüğü 123 456 789 TL; Продано телефонов: 1 234 567 шт.");
    // Secrets: another key of a webhook, an algorithm's name, a result after the resource,
    // a placeholder after the word secret.
    assert_untouched("webhookRoutingKey=orders.eu-west-1.v2 WEBHOOK_AUTH=HmacSHA256");
    assert_untouched("{\"type\":\"random_password\",\"name\":\"x\"}\n{\"status\":\"ok\",\"result\":\"Deployment Succeeded\"}");
    assert_untouched("Twilio: secret REDACTEDREDACTEDREDACTEDREDACTED");
    assert_untouched("in altre parole, la build 4.2-rc1#fix");
}

fn pem(label: &str, lines: usize) -> String {
    let body: Vec<String> = (0..lines)
        .map(|i| {
            fake(
                64 - i % 3,
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            )
        })
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----",
        body.join("\n")
    )
}

fn jwt(header: &str) -> String {
    let payload = r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#;
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload),
        fake(
            43,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        )
    )
}

/// One fake credential per vendor format, with the name it is reported under.
fn vendor_tokens() -> Vec<(&'static str, String)> {
    vec![
        ("api_key/aws", "AKIAIOSFODNN7EXAMPLE".to_owned()),
        ("api_key/aws", format!("ASIA{}", fake(16, UPPER_ALNUM))),
        ("api_key/docker", format!("dckr_pat_{}", fake(27, ALNUM))),
        ("api_key/gcp", format!("AIza{}", fake(35, ALNUM))),
        ("api_key/gcp", format!("GOCSPX-{}", fake(28, ALNUM))),
        ("api_key/github", format!("ghp_{}", fake(36, ALNUM))),
        ("api_key/github", format!("gho_{}", fake(36, ALNUM))),
        ("api_key/github", format!("ghu_{}", fake(36, ALNUM))),
        ("api_key/github", format!("ghs_{}", fake(36, ALNUM))),
        ("api_key/github", format!("ghr_{}", fake(36, ALNUM))),
        (
            "api_key/github",
            format!("github_pat_11{}_{}", fake(20, ALNUM), fake(59, ALNUM)),
        ),
        ("api_key/gitlab", format!("glpat-{}", fake(20, ALNUM))),
        ("api_key/gitlab", format!("glptt-{}", fake(40, HEX))),
        ("api_key/gitlab", format!("gldt-{}", fake(20, ALNUM))),
        (
            "api_key/slack",
            format!("xoxb-17653672481-19874698323-{}", fake(24, ALNUM)),
        ),
        (
            "api_key/slack",
            format!("xoxp-17653672481-19874698323-19874698323-{}", fake(32, HEX)),
        ),
        ("api_key/slack", format!("xoxa-2-{}", fake(40, ALNUM))),
        ("api_key/slack", format!("xoxr-{}", fake(30, ALNUM))),
        (
            "api_key/slack",
            format!("xapp-1-A0123456789-1234567890123-{}", fake(64, HEX)),
        ),
        (
            "api_key/slack",
            format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                fake(8, UPPER_ALNUM),
                fake(8, UPPER_ALNUM),
                fake(24, ALNUM)
            ),
        ),
        ("api_key/stripe", format!("sk_live_{}", fake(24, ALNUM))),
        ("api_key/stripe", format!("rk_live_{}", fake(24, ALNUM))),
        ("api_key/stripe", format!("sk_test_{}", fake(24, ALNUM))),
        ("api_key/twilio", format!("AC{}", fake(32, HEX))),
        (
            "api_key/sendgrid",
            format!("SG.{}.{}", fake(22, ALNUM), fake(43, ALNUM)),
        ),
        ("api_key/npm", format!("npm_{}", fake(36, ALNUM))),
        (
            "api_key/pypi",
            format!("pypi-AgEIcHlwaS5vcmc{}", fake(60, ALNUM)),
        ),
        ("api_key/openai", format!("sk-proj-{}", fake(56, ALNUM))),
        (
            "api_key/openai",
            format!("sk-{}T3BlbkFJ{}", fake(20, ALNUM), fake(20, ALNUM)),
        ),
        (
            "api_key/anthropic",
            format!("sk-ant-api03-{}AA", fake(93, ALNUM)),
        ),
        (
            "api_key/atlassian",
            format!("ATATT3xFfGF0{}", fake(180, ALNUM)),
        ),
        ("api_key/shopify", format!("shpat_{}", fake(32, HEX))),
        ("api_key/shopify", format!("shpss_{}", fake(32, HEX))),
        ("api_key/shopify", format!("shpca_{}", fake(32, HEX))),
        ("api_key/shopify", format!("shppa_{}", fake(32, HEX))),
        ("api_key/huggingface", format!("hf_{}", fake(34, ALNUM))),
        ("api_key/digitalocean", format!("dop_v1_{}", fake(64, HEX))),
        ("api_key/doppler", format!("dp.pt.{}", fake(43, ALNUM))),
        ("api_key/heroku", format!("HRKU-AA{}", fake(58, ALNUM))),
        ("api_key/square", format!("sq0atp-{}", fake(22, ALNUM))),
        ("api_key/square", format!("EAAA{}", fake(60, ALNUM))),
        (
            "api_key/telegram",
            format!("123456789:AA{}", fake(33, ALNUM)),
        ),
        (
            "api_key/discord",
            format!(
                "https://discord.com/api/webhooks/123456789012345678/{}",
                fake(68, ALNUM)
            ),
        ),
        ("api_key/azure", format!("abc8Q~{}", fake(34, ALNUM))),
        ("api_key/linear", format!("lin_api_{}", fake(40, ALNUM))),
        (
            "api_key/postman",
            format!("PMAK-{}-{}", fake(24, HEX), fake(34, HEX)),
        ),
        ("api_key/databricks", format!("dapi{}", fake(32, HEX))),
        ("api_key/vault", format!("hvs.{}", fake(95, ALNUM))),
        (
            "api_key/grafana",
            format!("glsa_{}_{}", fake(32, ALNUM), fake(8, HEX)),
        ),
        ("api_key/sentry", format!("sntryu_{}", fake(64, HEX))),
        (
            "api_key/dynatrace",
            format!("dt0c01.{}.{}", fake(24, UPPER_ALNUM), fake(64, UPPER_ALNUM)),
        ),
        (
            "api_key/sendinblue",
            format!("xkeysib-{}-{}", fake(64, HEX), fake(16, ALNUM)),
        ),
        ("api_key/rubygems", format!("rubygems_{}", fake(48, HEX))),
        (
            "api_key/planetscale",
            format!("pscale_tkn_{}", fake(43, ALNUM)),
        ),
        ("api_key/shippo", format!("shippo_live_{}", fake(40, HEX))),
        ("api_key/perplexity", format!("pplx-{}", fake(48, ALNUM))),
        ("api_key/groq", format!("gsk_{}", fake(52, ALNUM))),
        ("api_key/alibaba", format!("LTAI{}", fake(20, ALNUM))),
        (
            "api_key/newrelic",
            format!("NRAK-{}", fake(27, UPPER_ALNUM)),
        ),
        ("api_key/newrelic", format!("{}NRAL", fake(36, HEX))),
        (
            "api_key/terraform",
            format!("{}.atlasv1.{}", fake(14, ALNUM), fake(67, ALNUM)),
        ),
    ]
}

#[test]
fn keeps_what_the_review_of_the_ninth_sets_rules_found() {
    // A phone listed after an invoice's number (only tags name the numbers of their list).
    assert_eq!(spans("invoice 2024001 and 020 7946 0958"), ["phone:020 7946 0958"]);
    // Look-alikes of the new rules.
    for text in [
        "Password update endpoint failing?\nrequest req_A1b2C3d4E5f6G7 returned 500",
        "password hashing lives in CryptoV2R1 module",
        "Runbook: 1.DB/APP failover for DR\n",
        "Validation failed: first name=Invalid, last name=Missing",
        r#"{"firstName": "String", "lastName": "String", "dateOfBirth": "Date"}"#,
    ] {
        assert_untouched(text);
    }
    for text in ["Jenkins: jenkins.ci@corp.example triggered build; Jenkins is slow", "component,Platform,platform.oncall@corp.example\nPlatform is down"] {
        assert_only_emails(text);
    }
    assert!(!spans("password lives in the DSN postgres@db.internal:5432 env").iter().any(|span| span.starts_with("password:")));
}

#[test]
fn resolves_overlaps_by_the_documented_priority() {
    assert_eq!(redacted("call 4222222222222"), "call [CARD_1]");
    assert_eq!(
        spans("https://ann.lee:S3cretPass@acme.io"),
        ["url_credentials:ann.lee:S3cretPass"]
    );
    let key = pem("PRIVATE KEY", 2);
    assert_eq!(
        redacted(&format!("password={key}")),
        "password=[PRIVATE_KEY_1]"
    );
}

#[test]
fn gives_the_same_value_the_same_placeholder_across_calls() {
    let mut redactor = redactor();
    let first = redactor
        .redact("bob@example.com, 10.0.0.1")
        .expect("small text");
    let second = redactor
        .redact("10.0.0.1 then bob@example.com")
        .expect("small text");
    assert_eq!(first, "[EMAIL_1], [IP_1]");
    assert_eq!(second, "[IP_1] then [EMAIL_1]");
}

#[test]
fn gives_values_that_differ_only_in_case_their_own_placeholders() {
    let mut redactor = redactor();
    let out = assert_round_trip(&mut redactor, "Bob@Example.com and bob@example.com");
    assert_eq!(out, "[EMAIL_1] and [EMAIL_2]");
}

#[test]
fn numbers_placeholders_per_kind_in_first_seen_order() {
    assert_eq!(
        redacted("c@example.com 10.0.0.2 a@example.com 10.0.0.1 c@example.com"),
        "[EMAIL_1] [IP_1] [EMAIL_2] [IP_2] [EMAIL_1]"
    );
}

#[test]
fn never_issues_a_placeholder_already_present_in_the_input() {
    let mut redactor = redactor();
    let out = redactor
        .redact("Template: [EMAIL_1] [PERSON_1_2]; real: bob@example.com, ann lee, Ann Lee")
        .expect("small text");
    assert_eq!(
        out,
        "Template: [EMAIL_1] [PERSON_1_2]; real: [EMAIL_2], [PERSON_1], [PERSON_1_3]"
    );
    let restored = redactor.restore(&out);
    assert_eq!(
        restored.text,
        "Template: [EMAIL_1] [PERSON_1_2]; real: bob@example.com, ann lee, Ann Lee"
    );
    assert_eq!(restored.unknown, ["[EMAIL_1]", "[PERSON_1_2]"]);
}

#[test]
fn lets_allow_listed_values_through() {
    let policy = Policy {
        allow: vec!["support@acme.io".into(), "10.0.0.1".into()],
        ..Policy::default()
    };
    let mut redactor = redactor_for(policy, &[]);
    let out = redactor
        .redact("support@acme.io, bob@example.com, 10.0.0.1")
        .expect("small text");
    assert_eq!(out, "support@acme.io, [EMAIL_1], 10.0.0.1");
}

#[test]
fn leaves_disabled_kinds_alone() {
    let policy = Policy {
        disabled: vec![PiiKind::Phone, PiiKind::IpAddress, PiiKind::ApiKey],
        ..Policy::default()
    };
    let mut redactor = redactor_for(policy, &[]);
    let out = redactor
        .redact("+1 (415) 555-0132 10.0.0.1 AKIAIOSFODNN7EXAMPLE bob@example.com")
        .expect("small text");
    assert_eq!(
        out,
        "+1 (415) 555-0132 10.0.0.1 AKIAIOSFODNN7EXAMPLE [EMAIL_1]"
    );
}

#[test]
fn restores_a_realistic_text_exactly_and_leaks_none_of_its_values() {
    let mut redactor = redactor();
    let out = assert_round_trip(&mut redactor, TICKET);
    for value in [
        "Ann Lee",
        "Bob Stone",
        "jane.doe",
        "555-0132",
        "7946",
        "4111",
        "5555",
        "3704",
        "078-05",
        "10.0.0.12",
        "db8",
        "4D:5E",
        "AKIA",
        "s3cr3t",
        "Tr0ub4dor",
    ] {
        assert!(!out.contains(value), "{value} leaked");
    }
    assert!(redactor.restore(&out).unknown.is_empty());
}

#[test]
fn redacts_a_realistic_text() {
    expect![[r#"
            Summary: checkout fails for Globex

            [PERSON_1] reported on 2024-01-15 that checkout (v10.2.3) fails; @[PERSON_2], please take a look.
            The customer's admin is [EMAIL_1], phone [PHONE_1], office [PHONE_2].
            They paid with [CARD_1] and retried with [CARD_2].
            Refund to [IBAN_1]; SSN on file [SSN_1].

            Logs from [IP_1] and [IP_2] (MAC [MAC_1]) show the deploy used
            AWS_ACCESS_KEY_ID=[API_KEY_1] and DB_PASSWORD="[SECRET_1]" (token: required).
            The staging database is postgres://[URL_CREDENTIALS_1]@db.internal:5432/shop.

            [PERSON_1]: call [EMAIL_1] back at [PHONE_1] before release 2.4.1.
        "#]]
    .assert_eq(&redacted(TICKET));
}

#[test]
fn reports_the_spans_it_would_replace_with_kind_names() {
    let redactor = redactor();
    let found: Vec<(String, usize, usize)> = redactor
        .detect("Ann Lee: bob@example.com AKIAIOSFODNN7EXAMPLE")
        .expect("small text")
        .into_iter()
        .map(|span| (span.kind, span.start, span.end))
        .collect();
    assert_eq!(
        found,
        [
            ("person".to_owned(), 0, 7),
            ("email".to_owned(), 9, 24),
            ("api_key/aws".to_owned(), 25, 45),
        ]
    );
    assert!(redactor.counts().is_empty(), "detect issues no placeholder");
}

#[test]
fn reports_placeholders_it_did_not_issue() {
    let mut redactor = redactor();
    redactor.redact("bob@example.com").expect("small text");
    let restored =
        redactor.restore("[EMAIL_1] wrote to [EMAIL_9] about [PERSON_3], again [EMAIL_9].");
    assert_eq!(
        restored.text,
        "bob@example.com wrote to [EMAIL_9] about [PERSON_3], again [EMAIL_9]."
    );
    assert_eq!(restored.unknown, ["[EMAIL_9]", "[PERSON_3]"]);
}

#[test]
fn does_not_cascade_when_a_restored_value_looks_like_a_placeholder() {
    let mut redactor = redactor();
    assert_eq!(
        redactor.redact("bob@example.com").expect("small text"),
        "[EMAIL_1]"
    );
    assert_eq!(
        redactor
            .redact("password=[EMAIL_1]Zq9!x")
            .expect("small text"),
        "password=[SECRET_1]"
    );
    let restored = redactor.restore("[SECRET_1] / [EMAIL_1]");
    assert_eq!(restored.text, "[EMAIL_1]Zq9!x / bob@example.com");
}

#[test]
fn keeps_non_ascii_text_around_values_intact() {
    let mut redactor = redactor();
    let text = "Zoë’s host is 10.0.0.1 — call +49 30 1234567 ☎; 李雷 wrote to ann.lee@acme.io…";
    let out = assert_round_trip(&mut redactor, text);
    assert_eq!(
        out,
        "Zoë’s host is [IP_1] — call [PHONE_1] ☎; 李雷 wrote to [PERSON_1]…"
    );
}

#[test]
fn counts_values_and_occurrences_per_kind_in_declaration_order() {
    let mut redactor = redactor();
    redactor
        .redact("Ann Lee: 020 7946 0958, bob@example.com, 020 7946 0958, ann lee")
        .expect("small text");
    assert_eq!(
        redactor.counts(),
        [
            KindCount {
                kind: PiiKind::Email,
                distinct: 1,
                occurrences: 1
            },
            KindCount {
                kind: PiiKind::Phone,
                distinct: 1,
                occurrences: 2
            },
            KindCount {
                kind: PiiKind::Person,
                distinct: 2,
                occurrences: 2
            },
        ]
    );
    assert_eq!(redactor.total(), 5);
}

#[test]
fn shows_counts_but_no_values_when_debug_printed() {
    let mut redactor = redactor();
    redactor.redact("bob@example.com").expect("small text");
    let printed = format!("{redactor:?}");
    assert!(printed.contains("occurrences: 1"), "{printed}");
    assert!(
        !printed.contains("bob@") && !printed.contains("Ann"),
        "{printed}"
    );
}

#[test]
fn restore_with_encodes_each_restored_value() {
    let people = [Person {
        account_id: "acc-1".into(),
        display_name: "Ann <Lee> & Co".into(),
        email: None,
    }];
    let mut redactor = redactor_for(Policy::default(), &people);
    let text = redactor.redact("ask Ann <Lee> & Co").expect("small text");
    assert_eq!(text, "ask [PERSON_1]");
    let restored = redactor.restore_with(&text, |v| {
        v.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    });
    assert_eq!(restored.text, "ask Ann &lt;Lee&gt; &amp; Co");
}

#[test]
fn generic_placeholders_keep_the_kind_but_drop_the_numbers() {
    assert_eq!(
        strip_placeholder_numbers("to [EMAIL_3], [PERSON_1_2] and [API_KEY_12], not [x_1]"),
        "to [EMAIL], [PERSON] and [API_KEY], not [x_1]"
    );
}

#[test]
fn leaves_ordinary_prose_and_code_alone() {
    assert_untouched(
        "The customer reports that checkout fails after the upgrade; we rolled back at \
             noon. Please see the runbook, rotate the key if needed and pass the token check.\n\
             fn main() { let key = map.get(&id).unwrap_or(0); println!(\"{key:?}\"); }\n\
             if (password.length < 8) { return error('too short'); } // TODO: secret sauce\n\
             SELECT id, email FROM users WHERE created_at > '2024-01-15' LIMIT 100;\n\
             docker run -p 8080:80 -e MODE=prod nginx:1.25 && kubectl get pods -n default",
    );
}

#[test]
fn leaves_uuids_git_hashes_versions_and_dates_alone() {
    assert_untouched(
        "uuid 123e4567-e89b-12d3-a456-426614174000, commit \
             3f786850e387550fdab836ed7e6dc881de23001b (3f78685), sha256 \
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, versions 1.2.3, \
             v2.0.0-rc.1+build.5, 10.0.19045.3693, dates 2024-01-15, 15/01/2024, 2024-01-15 \
             12:34:56.789, Jan 15 2024, epoch 1705320000, timestamp 20240115123456.",
    );
}

#[test]
fn leaves_base64_of_ordinary_text_alone() {
    let encoded = STANDARD
        .encode("The customer reports that checkout fails after the upgrade to release 2.4.");
    assert_untouched(&format!("attachment: {encoded}"));
}

#[test]
fn redacts_matches_of_custom_patterns_under_their_names() {
    let policy = Policy {
        custom: vec![
            CustomPattern {
                name: "employee-id".into(),
                pattern: r"\bEMP-[0-9]{6}\b".into(),
            },
            CustomPattern {
                name: "project_code".into(),
                pattern: r"(?i)\bproject [a-z]{4}\b".into(),
            },
        ],
        ..Policy::default()
    };
    let mut redactor = redactor_for(policy, &[]);
    let text = "EMP-004211 works on Project Zeta with EMP-004212.";
    let found: Vec<String> = redactor
        .detect(text)
        .expect("small text")
        .into_iter()
        .map(|span| format!("{}:{}", span.kind, &text[span.start..span.end]))
        .collect();
    assert_eq!(
        found,
        [
            "custom/employee-id:EMP-004211",
            "custom/project_code:Project Zeta",
            "custom/employee-id:EMP-004212"
        ]
    );
    let out = assert_round_trip(&mut redactor, text);
    assert_eq!(out, "[CUSTOM_1] works on [CUSTOM_2] with [CUSTOM_3].");
}

#[test]
fn refuses_an_invalid_custom_pattern_naming_it() {
    assert_eq!(
        policy_error(custom("ticket", "([a-z]"), &[]),
        RedactionError::InvalidPattern(
            "custom pattern 'ticket' does not compile: unclosed group".into()
        )
    );
}

#[test]
fn refuses_a_custom_pattern_over_the_size_limits() {
    assert_eq!(
        policy_error(custom("long", &"a".repeat(1_025)), &[]),
        RedactionError::InvalidPattern(
            "custom pattern 'long' has 1025 bytes; the limit is 1024".into()
        )
    );
    assert_eq!(
        policy_error(custom("huge", r"\w{1000}\w{1000}"), &[]),
        RedactionError::InvalidPattern(format!(
            "custom pattern 'huge' compiles to more than the size limit of {} bytes",
            CUSTOM_PATTERN_SIZE_LIMIT
        ))
    );
}

#[test]
fn refuses_bad_or_repeated_custom_pattern_names() {
    for name in ["", "Upper", "has space", &"x".repeat(33)] {
        assert!(
            matches!(policy_error(custom(name, "x"), &[]), RedactionError::InvalidPattern(m) if m.contains("must be 1 to 32 characters")),
            "{name:?}"
        );
    }
    let twice = Policy {
        custom: vec![
            CustomPattern {
                name: "a".into(),
                pattern: "x".into(),
            },
            CustomPattern {
                name: "a".into(),
                pattern: "y".into(),
            },
        ],
        ..Policy::default()
    };
    assert_eq!(
        policy_error(twice, &[]),
        RedactionError::InvalidPattern("custom pattern 'a' is defined twice".into())
    );
}

#[test]
fn refuses_more_custom_patterns_than_the_limit() {
    let policy = Policy {
        custom: (0..51)
            .map(|i| CustomPattern {
                name: format!("p{i}"),
                pattern: "x".into(),
            })
            .collect(),
        ..Policy::default()
    };
    assert_eq!(
        policy_error(policy, &[]),
        RedactionError::PolicyTooLarge("policy has 51 custom patterns; the limit is 50".into())
    );
}

#[test]
fn accepts_fifty_custom_patterns_of_a_kibibyte() {
    let policy = Policy {
        custom: (0..50)
            .map(|i| {
                let codes: Vec<String> = (0..202).map(|j| format!("{j:04}")).collect();
                CustomPattern {
                    name: format!("p{i}"),
                    pattern: format!(r"\bID{i:02}-(?:{})\b", codes.join("|")),
                }
            })
            .collect(),
        ..Policy::default()
    };
    assert!(
        policy
            .custom
            .iter()
            .all(|c| (1_000..=1_024).contains(&c.pattern.len()))
    );
    let mut redactor = redactor_for(policy, &[]);
    assert_eq!(
        redactor
            .redact("see ID07-0123 and ID49-0201")
            .expect("small text"),
        "see [CUSTOM_1] and [CUSTOM_2]"
    );
}

/// Redacts `text` under the one custom pattern `pattern` and returns how long it took.
#[cfg(not(js_engine))]
fn time_custom(pattern: &str, text: &str) -> (Duration, String) {
    let mut redactor = redactor_for(custom("tenant", pattern), &[]);
    let started = Instant::now();
    let out = redactor.redact(text).expect("within the limit");
    (started.elapsed(), out)
}

#[cfg(not(js_engine))]
#[test]
fn finishes_pathological_custom_patterns_in_linear_time() {
    let a = "a".repeat(1 << 20);
    let x = "x".repeat(1 << 20);
    for (pattern, text) in [
        ("(a+)+$", &a),
        ("(x|x|x)*y", &x),
        ("(a|aa)*b", &a),
        ("(?:a?){64}a{64}", &a),
    ] {
        let (took, _) = time_custom(pattern, text);
        assert!(took < Duration::from_millis(250), "{pattern} took {took:?}");
    }
}

#[cfg(not(js_engine))]
#[test]
fn bounds_a_custom_pattern_whose_leftmost_first_iteration_is_quadratic() {
    // `find_iter` would scan to the end of the text for every one of the 2^18 one-byte
    // matches; the windows bound each search to 2 × 128 bytes.
    let (took, out) = time_custom("a*b|a", &"a".repeat(1 << 18));
    assert_eq!(out, "[CUSTOM_1]".repeat(1 << 18));
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[cfg(not(js_engine))]
#[test]
fn caps_a_custom_match_at_its_byte_limit() {
    let (_, out) = time_custom("a+", &"a".repeat(600));
    assert_eq!(out, "[CUSTOM_1][CUSTOM_1][CUSTOM_1][CUSTOM_1][CUSTOM_2]");
}

#[cfg(not(js_engine))]
#[test]
fn finds_a_custom_match_that_straddles_a_search_window() {
    for offset in [0, 62, 120, 125, 127, 190] {
        let text = format!("{}EMP-1234567890 done", "x ".repeat(offset));
        let (_, out) = time_custom(r"EMP-[0-9]+", &text);
        assert_eq!(
            out,
            format!("{}[CUSTOM_1] done", "x ".repeat(offset)),
            "{offset}"
        );
    }
}

#[test]
fn refuses_an_allow_list_over_the_limit() {
    let policy = Policy {
        allow: vec!["x".into(); 1_001],
        ..Policy::default()
    };
    assert_eq!(
        policy_error(policy, &[]),
        RedactionError::PolicyTooLarge("allow-list has 1001 entries; the limit is 1000".into())
    );
}

#[test]
fn refuses_an_allow_list_entry_over_the_limit() {
    let policy = Policy {
        allow: vec!["ok".into(), "x".repeat(257)],
        ..Policy::default()
    };
    assert_eq!(
        policy_error(policy, &[]),
        RedactionError::PolicyTooLarge(
            "allow-list entry 2 has 257 bytes; the limit is 256".into()
        )
    );
}

#[test]
fn refuses_more_people_than_the_limit() {
    let people = vec![ann(); 1_001];
    assert_eq!(
        policy_error(Policy::default(), &people),
        RedactionError::PolicyTooLarge(
            "people list has 1001 entries; the limit is 1000".into()
        )
    );
}

#[test]
fn refuses_a_person_form_over_the_limit() {
    let long = Person {
        display_name: "a".repeat(1_025),
        ..ann()
    };
    assert_eq!(
        policy_error(Policy::default(), &[ann(), long]),
        RedactionError::PolicyTooLarge(
            "person 2 has a name, email or account id of 1025 bytes; the limit is 1024".into()
        )
    );
}

#[test]
fn accepts_a_policy_at_its_limits() {
    let policy = Policy {
        allow: (0..1_000).map(|i| format!("{i:0>256}")).collect(),
        ..Policy::default()
    };
    let people: Vec<Person> = (0..1_000)
        .map(|i| Person {
            account_id: format!("account-{i}"),
            display_name: format!("Person {i} {}", "é".repeat(500)),
            email: Some(format!("person.{i}@example.com")),
        })
        .collect();
    let mut redactor = redactor_for(policy, &people);
    let out = redactor
        .redact("Mail person.999@example.com")
        .expect("small text");
    assert_eq!(out, "Mail [PERSON_1]");
}

#[test]
fn refuses_text_over_the_document_limit() {
    let text = "a".repeat(MAX_DOCUMENT_BYTES + 1);
    assert_eq!(
        redactor().redact(&text),
        Err(RedactionError::TextTooLarge(5 * 1024 * 1024))
    );
    assert_eq!(
        redactor().detect(&text),
        Err(RedactionError::TextTooLarge(5 * 1024 * 1024))
    );
}

#[test]
fn finds_the_same_values_in_a_long_text_as_in_its_short_pieces() {
    let piece = format!("{TICKET}\nkey ghp_{}\n", fake(36, ALNUM));
    let long = piece.repeat(TRIGGER_CHECK_BYTES / piece.len() + 2);
    assert!(long.len() > TRIGGER_CHECK_BYTES);
    let short = spans(&piece);
    let every: Vec<String> = spans(&long);
    assert_eq!(
        every.len(),
        short.len() * (TRIGGER_CHECK_BYTES / piece.len() + 2)
    );
    assert_eq!(&every[..short.len()], short.as_slice());
}

#[cfg(not(js_engine))]
/// Values of many kinds to inject into arbitrary text.
fn injected() -> Vec<String> {
    let mut values: Vec<String> = vendor_tokens()
        .into_iter()
        .map(|(_, token)| token)
        .collect();
    values.extend(
        [
            "bob@example.com",
            "+1 (415) 555-0132",
            "4111 1111 1111 1111",
            "DE89370400440532013000",
            "10.0.0.1",
            "2001:db8::1",
            "078-05-1120",
            "00:1A:2B:3C:4D:5E",
            "https://admin:hunter2@example.com",
            "password=Xk9#mQ2$vL7p",
            "Ann Lee",
            "ann.lee@acme.io",
            "[EMAIL_1]",
            "[PERSON_1_2]",
        ]
        .map(str::to_owned),
    );
    values.push(jwt(r#"{"alg":"HS256"}"#));
    values.push(pem("EC PRIVATE KEY", 2));
    values
}

#[cfg(not(js_engine))]
#[cfg(not(js_engine))]
fn text_with_injected_values() -> impl Strategy<Value = String> {
    let values = injected();
    let piece = prop_oneof![
        3 => any::<String>(),
        2 => "[ a-zA-Z0-9.,:;@/+()=_-]{0,12}",
        2 => proptest::sample::select(values),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

#[cfg(not(js_engine))]
#[cfg(not(js_engine))]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn restores_any_text_exactly(text in any::<String>()) {
        let mut redactor = redactor();
        let out = redactor.redact(&text).expect("small text");
        prop_assert_eq!(redactor.restore(&out).text, text);
    }

    #[test]
    fn restores_text_with_injected_values_exactly_and_leaks_none_it_found(
        text in text_with_injected_values()
    ) {
        let mut redactor = redactor();
        let found = redactor.detect(&text).expect("small text");
        let out = redactor.redact(&text).expect("small text");
        prop_assert_eq!(&redactor.restore(&out).text, &text);
        for span in found.iter().filter(|span| span.kind != "person") {
            let value = &text[span.start..span.end];
            prop_assert!(!out.contains(value), "{} leaked: {:?}", span.kind, value);
        }
    }

    #[test]
    fn reports_spans_that_are_ordered_disjoint_and_on_character_boundaries(
        text in text_with_injected_values()
    ) {
        let found = redactor().detect(&text).expect("small text");
        let mut end = 0;
        for span in &found {
            prop_assert!(span.start >= end && span.start < span.end);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            end = span.end;
        }
    }
}
