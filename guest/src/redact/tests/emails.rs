//! Tests of email addresses: what is an address, and what only looks like one.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn redacts_email_addresses() {
    assert_eq!(
        redacted("Mail bob@example.com or Bob.Smith+ops@mail.example.co.uk."),
        "Mail [EMAIL_1] or [EMAIL_2]."
    );
}

#[test]
fn redacts_email_addresses_with_letters_outside_ascii() {
    assert_eq!(
        spans("Write to josé.garcía@empresa.es, “anna@bücher.de” or 用户@例子.广告—today."),
        [
            "email:josé.garcía@empresa.es",
            "email:anna@bücher.de",
            "email:用户@例子.广告"
        ]
    );
}

#[cfg(not(js_engine))]
#[test]
fn folds_each_byte_once_however_many_addresses_stand_close_together() {
    // 1 MB of addresses that spell names, 40 bytes apart: every name window overlaps its
    // neighbours', which are folded together.
    let letters = |i: usize| -> String { (0..4).map(|k| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8)).collect() };
    let text: String = (0..25_000).map(|i| format!("Ann Lee{0} ann.lee{0}@x.io; ", letters(i))).collect();
    let started = std::time::Instant::now();
    let found = spans(&text);
    assert_eq!(found.iter().filter(|span| span.starts_with("person:")).count(), 25_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[test]
fn an_address_glued_to_japanese_or_chinese_text_takes_none_of_it() {
    assert_eq!(
        spans("詳細はsupport@example.co.jpまでお問い合わせください。请联系helpdesk@example.cn获取权限。"),
        ["email:support@example.co.jp", "email:helpdesk@example.cn"]
    );
}

#[test]
fn redacts_email_addresses_percent_encoded_in_urls() {
    assert_eq!(
        redacted("GET /api/users?email=jane.doe%40example.com&active=1"),
        "GET /api/users?email=[EMAIL_1]&active=1"
    );
}

#[test]
fn leaves_at_signs_that_are_not_addresses_alone() {
    assert_untouched("Ping @team, run user@localhost, or see a@b and @2x.png.");
}

#[test]
fn leaves_the_message_ids_of_mail_headers_alone() {
    let headers = "From: Jane Doe <jane.doe@example.com>\nMessage-ID: <CAMiOrY+IYE=imyFX=1pdZeOk@mail.gmail.com>\nIn-Reply-To: <3a9af8e8-c29f-4bc5@mx2.example.com>\nReferences: <a1@mx.example.com>\n <b2@mx.example.com>\nReply-To: help.desk@example.com";
    assert_eq!(spans(headers), ["person:Jane Doe", "email:jane.doe@example.com", "email:help.desk@example.com"]);
    // A list under a `References:` label is no header of message ids.
    assert_eq!(spans("References:\n  - jane.doe@corp.com (owner)"), ["email:jane.doe@corp.com"]);
    // Many addresses on one line cost linear time (a header is looked for within 4 KB, the
    // `<` of an id within 256 bytes), with or without spaces between them.
    for separator in [" ", ","] {
        let line = format!("jane.doe@example.com{separator}").repeat(20_000);
        assert_eq!(spans(&line).len(), 20_000);
    }
}

#[test]
fn an_edifact_contacts_address_leaves_its_segment_tag_out() {
    assert_eq!(
        spans("CTA+IC+:JANE DOE'\nCOM+JANE.DOE48@MAIL.EXAMPLE.COM:EM'\nCOM+ops@example.com:EM'UNT+8+1'"),
        ["person:JANE DOE", "email:JANE.DOE48@MAIL.EXAMPLE.COM", "email:ops@example.com"]
    );
    // Elsewhere a `+` is the address's own (`ABC+jane@…` mid-line, sub-addresses).
    assert_eq!(spans("mail to ABC+jane@example.com, jane+ops@example.com"), ["email:ABC+jane@example.com", "email:jane+ops@example.com"]);
    assert_eq!(spans("DEV+jira@corp.example.com"), ["email:DEV+jira@corp.example.com"]);
}

#[test]
fn a_name_beside_an_address_never_takes_part_of_it() {
    assert_eq!(
        spans("Contact: GUSTAVO FERREIRA, GUSTAVO.FERREIRA48@WEBMAIL.EXAMPLE.COM"),
        ["person:GUSTAVO FERREIRA", "email:GUSTAVO.FERREIRA48@WEBMAIL.EXAMPLE.COM"]
    );
}
