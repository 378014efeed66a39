#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn a_placeholder_that_was_not_sent_is_not_restored() {
    let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
    let sent = redactor.redact("mail jane.doe@example.com").unwrap();
    let dropped = redactor.redact("key AKIAIOSFODNN7EXAMPLE").unwrap();
    redactor.forget_unsent(&sent);
    let restored = redactor.restore(&format!("{sent} / {dropped}"));
    assert_eq!(restored.text, format!("mail jane.doe@example.com / {dropped}"));
}

#[test]
fn a_subscripted_environment_lookup_is_not_a_secret() {
    let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
    for text in ["api_key = os.environ[\"OPENAI_API_KEY\"]", "password = settings.secrets['db']"] {
        assert_eq!(redactor.redact(text).unwrap(), text);
    }
    assert_ne!(redactor.redact("password = Xk9#mQ2$vL7!pR4z").unwrap(), "password = Xk9#mQ2$vL7!pR4z");
}
#[cfg(not(js_engine))]
use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use expect_test::expect;
#[cfg(not(js_engine))]
use proptest::prelude::*;

use super::*;

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

// Emails.

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

#[test]
fn redacts_the_name_an_address_spells_where_the_text_writes_it() {
    assert_eq!(
        redacted("Reported by Jane Doe (jane.doe@example.com); JANE DOE called. jane doe agreed."),
        "Reported by [PERSON_1] ([EMAIL_1]); [PERSON_1_2] called. jane doe agreed."
    );
    assert_untouched_by_names(
        "Ask the Support Team (support.team@example.com) or Info Desk (info-desk@example.com); \
             Jo Lee wrote as j.lee@example.com.",
    );
}

#[test]
fn redacts_the_name_an_address_spells_family_name_first() {
    assert_eq!(
        redacted("Owner: Doe, Jane (jane.doe@example.com), deputy Jane Doe. 担当: Tanaka Hiroshi (hiroshi.tanaka@x.jp), KIM, Jisoo (jisoo.kim@x.kr)"),
        "Owner: [PERSON_1] ([EMAIL_1]), deputy [PERSON_1_2]. 担当: [PERSON_2] ([EMAIL_2]), [PERSON_3] ([EMAIL_3])",
        "the forms of one name share its number"
    );
}

#[test]
fn finds_the_names_addresses_spell_in_a_long_text_too() {
    let line = "Reportado por José García (jose.garcia@empresa.es) y O'Brien, Siobhan <siobhan.obrien@x.ie>.\n";
    let filler = "Nothing to see in this line of the long log, only words.\n".repeat(2_000);
    let text = format!("{filler}{}{filler}", line.repeat(3));
    assert!(text.len() > NAME_SEARCH_TEXT_BYTES);
    let people: Vec<String> = spans(&text).into_iter().filter(|span| span.starts_with("person:")).collect();
    assert_eq!(people, ["person:José García", "person:O'Brien, Siobhan"].repeat(3));
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
fn finds_each_occurrence_of_a_name_once_however_many_windows_hold_it() {
    let text = "Jane Doe jane.doe@x.io\n".repeat(5_000);
    let people = spans(&text).iter().filter(|span| span.starts_with("person:")).count();
    assert_eq!(people, 5_000);
    let detected = redactor().detect(&text).expect("the text is within the limit");
    assert_eq!(detected.len(), 10_000, "each name and each address once");
}

#[test]
fn finds_a_name_written_with_combining_accents() {
    assert_eq!(
        redacted("Reportado por Jose\u{301} Garci\u{301}a (jose.garcia@empresa.es)."),
        "Reportado por [PERSON_1] ([EMAIL_1])."
    );
}

#[test]
fn finds_a_korean_name_glued_to_its_honorific() {
    let people = [Person { display_name: "김민지".into(), email: None, account_id: "kim-1".into() }];
    let found = Redactor::new(Policy::default(), &people).expect("valid").detect("김민지님이 확인 부탁드립니다").expect("small");
    assert_eq!(found.len(), 1);
}

#[test]
fn redacts_the_name_an_address_spells_without_its_apostrophes_and_hyphens() {
    assert_eq!(
        redacted("O'Brien, Siobhan <siobhan.obrien@x.ie>; Mary-Jane Watson <maryjane.watson@x.com>; Jane Doe's ticket (jane.doe@x.com)"),
        "[PERSON_1] <[EMAIL_1]>; [PERSON_2] <[EMAIL_2]>; [PERSON_3]'s ticket ([EMAIL_3])"
    );
}

#[test]
fn redacts_the_name_an_address_spells_with_the_accents_it_drops() {
    assert_eq!(
        redacted("Reportado por José García (jose.garcia@empresa.es). García, José confirmó; Jose Garcia también."),
        "Reportado por [PERSON_1] ([EMAIL_1]). [PERSON_1_2] confirmó; [PERSON_1_3] también."
    );
    assert_eq!(
        redacted("Customer: Çağla Yılmaz <cagla.yilmaz@x.com.tr>, MÜLLER, Stefan (stefan.muller@x.de), Trần Minh (minh.tran@x.vn)"),
        "Customer: [PERSON_1] <[EMAIL_1]>, [PERSON_2] ([EMAIL_2]), [PERSON_3] ([EMAIL_3])"
    );
    assert_untouched_by_names("Jósé Garcíaz and Josefa García wrote to jose.garcia@empresa.es.");
}

#[test]
fn redacts_the_name_beside_an_address_that_abbreviates_or_glues_it() {
    assert_eq!(
        redacted("From: Sarah Jennings <s.jennings@pinecrest.com>\nThanks, Sarah Jennings"),
        "From: [PERSON_1] <[EMAIL_1]>\nThanks, [PERSON_1]"
    );
    assert_eq!(
        redacted("Od: Marek Kowalczyk <mkowalczyk@trans.pl>; Sergio Ortega | sergioortega@frio.es; Jan de Boer <j.deboer@x.nl>"),
        "Od: [PERSON_1] <[EMAIL_1]>; [PERSON_2] | [EMAIL_2]; [PERSON_3] <[EMAIL_3]>"
    );
    assert_eq!(redacted("name,email\nAndrés Molina,a.molina@alba.es"), "name,email\n[PERSON_1],[EMAIL_1]");
    assert_untouched_by_names(
        "Kestrel Support <ksupport@x.com>, Customer Service (cservice@x.com), Hi Team: hteam@x.com; \
             Sarah\nJennings wrote from s.jennings@x.com; Sarah, Jennings: sjennings@x.com; \
             Data Platform <dataplatform@x.com>",
    );
}

#[test]
fn redacts_the_name_an_address_spells_with_its_umlauts_written_out() {
    assert_eq!(
        redacted("Von: Jürgen Müller <juergen.mueller@firma.de>; cc Jörg Weiß (joerg.weiss@firma.de), Søren Kjær (soeren.kjaer@firma.dk), Åse Berg (aase.berg@firma.no)"),
        "Von: [PERSON_1] <[EMAIL_1]>; cc [PERSON_2] ([EMAIL_2]), [PERSON_3] ([EMAIL_3]), [PERSON_4] ([EMAIL_4])"
    );
    assert_eq!(
        redacted("Juergen Mueller (juergen.mueller@firma.de) und MÜLLER, Jürgen sind dieselbe Person."),
        "[PERSON_1] ([EMAIL_1]) und [PERSON_1_2] sind dieselbe Person.",
        "both spellings are one person"
    );
    assert_eq!(
        redacted("Michael Müller (michael.mueller@firma.de) hat geschrieben"),
        "[PERSON_1] ([EMAIL_1]) hat geschrieben",
        "the `ae` of `michael` is the name's own, the `ue` an umlaut"
    );
    assert_untouched_by_names("Jane Do wrote to jane.doe@x.com; Jürgen Mueller is someone else than juergen.muster@firma.de.");
}

/// Asserts that no person is found in `text` (addresses may be).
fn assert_untouched_by_names(text: &str) {
    let found = spans(text);
    assert!(found.iter().all(|span| !span.starts_with("person:")), "{found:?}");
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

// Phones.

#[test]
fn redacts_international_phone_numbers() {
    for phone in [
        "+1 (415) 555-0132",
        "+1.415.555.0132",
        "+44 20 7946 0958",
        "+44 (0)20 7946 0958",
        "+49 30 12345678",
        "+33 1 23 45 67 89",
        "+91 98765 43210",
        "+55 11 91234-5678",
        "+61 2 9876 5432",
        "+14155550132",
    ] {
        assert_found("phone", phone);
    }
}

#[test]
fn redacts_national_phone_numbers_of_nine_countries() {
    for phone in [
        "(415) 555-0132",
        "415-555-0132",
        "415.555.0132",
        "1-415-555-0132",
        "020 7946 0958",
        "07700 900123",
        "030 12345678",
        "030/12345678",
        "(030) 1234567",
        "0151 1234 5678",
        "01 23 45 67 89",
        "06.12.34.56.78",
        "98765 43210",
        "022 2345 6789",
        "(11) 91234-5678",
        "(21) 2345-6789",

        "074831 51885",
        "(22) 628 14 90",
        "21 97355-6955",
        "(02) 9876 5432",
        "0412 345 678",
    ] {
        assert_found("phone", phone);
    }
}

#[test]
fn accepts_a_bare_digit_run_only_after_a_phone_word() {
    assert_eq!(
        spans("Call 4155550132 or tel: 02079460958, Handy 015112345678."),
        [
            "phone:4155550132",
            "phone:02079460958",
            "phone:015112345678"
        ]
    );
    assert_untouched("Order 4155550132 shipped, invoice 0012345678 paid, 10 2024-1234 filed.");
    assert_eq!(spans("Dial 4155550132 tonight."), ["phone:4155550132"]);
    assert_eq!(
        spans("Llámame al 612 48 93 07. Numéro de la boutique : 0547006859. Contato: 11 3133-8935."),
        ["phone:612 48 93 07", "phone:0547006859", "phone:11 3133-8935"]
    );
    assert_untouched(
        "Open ports: 22 3000-3010; hidden sizes 768 12 64 64; const digits = '0123456789'; \
             Umsatz (2024) 512 330 EUR; grpc dial took 1500000 us; Bestellnummer 0401234567.",
    );
}

#[test]
fn leaves_versions_dates_times_and_ids_alone() {
    assert_untouched(
        "Release v10.2.3 (build 10.20.30, 2.10.100.1000) shipped 2024-01-15T12:34:56Z, \
             15.01.2024 and 01/15/2024 at 12:34:56; see PAY-1423, order 123456789, pages \
             1000-2000, ZIP 94105-1234, 0.50 12345, ticket #4155550132.",
    );
}

#[test]
fn takes_phone_and_card_numbers_read_out_digit_by_digit_in_a_transcript() {
    let phone = "[00:00:19] CALLER: ja, mit nummer er 3 1 6 0 7 9 4 3\n[00:00:22] CALLER: da, numărul meu e 0 7 4 3 3 5 0 3 1 4";
    assert_eq!(spans(phone), ["phone:3 1 6 0 7 9 4 3", "phone:0 7 4 3 3 5 0 3 1 4"]);
    let card = "[00:00:41] CALLER: 4 1 9 1 2 5 7 5 6 5 7 5 4 9 9 8  [PCI pause did not trigger]";
    assert_eq!(spans(card), ["credit_card:4 1 9 1 2 5 7 5 6 5 7 5 4 9 9 8"]);
    // Single digits without a phone word, a card's digits inside a longer list or an array,
    // a bitmap's zeros and ones, scores after a weak phone word, and a phone number's
    // digits that go on are no numbers.
    assert_untouched("weights 3 1 6 0 7 9 4 3 2; mask 0 1 1 0 1 0 0 1 1 0 1 1 0 1 0 1");
    assert_untouched("seq 7 4 1 9 1 2 5 7 5 6 5 7 5 4 9 9 8 3\nlabels [4 1 9 1 2 5 7 5 6 5 7 5 4 9 9 8]");
    assert_untouched("Contact center survey scores: 4 5 3 5 4 4 5 2\ncontacts = [0 1 1 0 1 0 0 1]");
    assert_untouched("mit nummer er 3 1 6 0 7 9 4 3 2 1 0 9 8 7 6 5 4 3");
    // German "mit Nummer" is "with number", and a zero-padded number is no call abroad.
    assert_untouched("Die Bestellung mit Nummer 4500123456 ist nicht angekommen. SAP customer 0000123456 12 open items.");
}

#[test]
fn takes_phones_dialled_with_00_or_after_icelandic_and_mongolian_phone_words_and_mir_and_troy_cards() {
    assert_eq!(spans("You can call me on 00358 9 764 7469."), ["phone:00358 9 764 7469"]);
    assert_eq!(spans("Símanúmer til að hringja til baka: 542 8504"), ["phone:542 8504"]);
    assert_eq!(spans("Буцаж залгах дугаар: 7048 8499"), ["phone:7048 8499"]);
    assert_eq!(spans("mir,2204-4928-3319-8848,2026\ntroy,9792 6292 2715 9661,2026"), ["credit_card:2204-4928-3319-8848", "credit_card:9792 6292 2715 9661"]);
    // A date and its hour under a mobile column, and a plugin's four-part ABI version.
    assert_untouched("\"slot\",\"mobile\"\n\"2026-01-19 06:37\",\"x\"\nOrthanc plugin ABI 6.20.9.134.");
    // Four groups led by four digits are no date.
    assert_eq!(spans("Dial-in: 1300 41 86 85, conference ID 363"), ["phone:1300 41 86 85"]);
}

#[test]
fn takes_a_number_before_a_word_for_calling_in_languages_that_put_the_verb_last() {
    assert_eq!(spans("कृपया शाम 5 बजे से पहले 06649302900 पर वापस कॉल करें।"), ["phone:06649302900"]);
    assert_eq!(spans("Lütfen 05321234567 numaralı telefondan arayın."), ["phone:05321234567"]);
    assert_eq!(spans("担当 0312345678 までお電話ください"), ["phone:0312345678"]);
    assert_eq!(spans("고객님 01022550330 로 전화 부탁드립니다"), ["phone:01022550330"]);
    assert_eq!(spans("9876543210 എന്ന നമ്പറിൽ വിളിക്കുക"), ["phone:9876543210"]);
    // The word for a phone as a noun after an order's or an account's number says nothing,
    // nor does Turkish "search" (`ara-`) or a Persian word that starts as "call" does.
    assert_untouched("ऑर्डर 123456789 में फ़ोन कवर शामिल है; 注文番号 123456789 に連絡済み; 계정 ID 1234567890 전화번호 미등록");
    assert_untouched("Kibana'da sipariş 123456789'u arayın; سفارش 123456789 کالا ارسال شد");
    assert_eq!(spans("براہ کرم 03001234567 پر کال کریں"), ["phone:03001234567"]);
    // A word glued to the number, or one that only follows it in English, says nothing.
    assert_untouched("order 06649302900 calls for a refund; batch 06649302900kall");
}

#[test]
fn takes_phone_words_of_more_languages_before_a_number() {
    assert_eq!(spans("Ring til kunden, tlf. 93 30 32 18"), ["phone:93 30 32 18"]);
    assert_eq!(spans("SĐT: 0912 345 678"), ["phone:0912 345 678"]);
    assert_eq!(spans("моб.: 88 812 3456"), ["phone:88 812 3456"]);
    assert_eq!(spans("Τηλ. 21 0123 4567"), ["phone:21 0123 4567"]);
    assert_eq!(spans("puh. 40 123 4567"), ["phone:40 123 4567"]);
    // A word inside another word is none (`пользователь`, "user").
    assert_untouched("пользователь 88 812 3456 вошёл");
}

#[test]
fn takes_a_number_in_a_table_cell_after_a_label_cell_of_the_same_row() {
    let row = "<tr><td><p>Hotline</p></td><td><p>24/7</p></td><td><p>1800 127 8870</p></td></tr>";
    assert_eq!(spans(row), ["phone:1800 127 8870"]);
    // A label cell of another kind names no phone, nor a phone word in the paragraph before.
    assert_untouched("<tr><td><p>Order</p></td><td><p>24/7</p></td><td><p>1800 127 8870</p></td></tr>");
    assert_untouched("<p>Call before 17:00.</p>\n<ac:structured-macro ac:name=\"info\"><ac:rich-text-body><p>1 187 500 Ft approved</p>");
}

#[test]
fn finds_names_in_gurmukhi_gujarati_telugu_kannada_malayalam_sinhala_armenian_and_khmer_before_their_address() {
    for (name, address) in [
        ("ਹਰਪ੍ਰੀਤ ਕੌਰ", "harpreet.kaur@example.in"),
        ("ધ્રુવ પટેલ", "dhruv.patel@example.in"),
        ("వెంకట్ రావు", "venkat.rao@example.in"),
        ("ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ", "prashanth.shetty@example.in"),
        ("ശ്രീജിത്ത് നായർ", "sreejith.nair@example.in"),
        ("චමරි ප්\u{200D}රනාන්දු", "chamari.fernando@example.lk"),
        ("Լուսինե Պետրոսյան", "lusine.petrosyan@example.am"),
        ("គឹម សុវណ្ណ", "sovann.kim34@example.kh"),
    ] {
        let text = format!("Subscriber: {name} <{address}>");
        assert_eq!(spans(&text), [format!("person:{name}"), format!("email:{address}")], "{name}");
    }
    // Words whose letters do not start as the address's parts are no name.
    assert_eq!(spans("ರೋಮಿಂಗ್ ದೂರು <prashanth.shetty@example.in>"), ["email:prashanth.shetty@example.in"]);
}

#[test]
fn finds_first_and_last_names_kept_in_fields_of_their_own() {
    let json = r#"{"billing":{"first_name":"Nimal","last_name":"Perera","email":"n.p@x.example"}}"#;
    assert_eq!(spans(json), ["person:Nimal", "person:Perera", "email:n.p@x.example"]);
    let payer = "\"name\": {\n  \"given_name\": \"Olúwaṣẹ́gun\",\n  \"surname\": \"Àjàyí\"\n},\n\"email_address\": \"o.a@x.example\"";
    assert_eq!(spans(payer), ["person:Olúwaṣẹ́gun", "person:Àjàyí", "email:o.a@x.example"]);
    let xml = "<customer><first-name>Imogen</first-name><last-name>Calloway</last-name><email>i.c@x.example</email></customer>";
    assert_eq!(spans(xml), ["person:Imogen", "person:Calloway", "email:i.c@x.example"]);
    // A lone field is a column's label as often; a value that is no name is left; labels,
    // messages and settings keep no address beside them, and other keys name other things.
    assert_untouched(r#"{"sort":"lastName","label":"Last name"} {"first_name":"{{customer.first}}","last_name":"n/a"}"#);
    assert_untouched(r#"{"firstName":"First Name","lastName":"Last Name"} {"errors":{"firstName":"Required","lastName":"Required"}}"#);
    assert_eq!(spans(r#"{"showFirstName":"Always","showLastName":"Never","contact":"help@x.example"}"#), ["email:help@x.example"]);
}

#[test]
fn finds_names_an_address_spells_without_hyphens_accents_or_particles() {
    assert_eq!(spans("hi, my name is Shu-fen Huang, e-mail shufen.huang79@example.org"), ["person:Shu-fen Huang", "email:shufen.huang79@example.org"]);
    assert_eq!(spans("Đỗ Ngọc Anh (anh.dongoc@example.org)"), ["person:Đỗ Ngọc Anh", "email:anh.dongoc@example.org"]);
    assert_eq!(spans("| S-16662 | Dũng Lê Văn | dung.levan@example.com |"), ["person:Dũng Lê Văn", "email:dung.levan@example.com"]);
    assert_eq!(spans("|Legal representative|Sreypov Ly|\n|Contact e-mail|[sreypov.ly96@example.org]"), ["person:Sreypov Ly", "email:sreypov.ly96@example.org"]);
    assert_eq!(spans("my name is Ħelena Farrugia, e-mail helena.farrugia@example.org"), ["person:Ħelena Farrugia", "email:helena.farrugia@example.org"]);
    assert_eq!(spans("router Títílọpẹ́ Ògúnlẹ́yẹ (titilope.ogunleye52@example.org)"), ["person:Títílọpẹ́ Ògúnlẹ́yẹ", "email:titilope.ogunleye52@example.org"]);
}

#[test]
fn finds_names_in_other_scripts_after_an_address_in_a_form_row_or_after_an_email_word() {
    assert_eq!(spans("sent to prashanth.shetty@example.in (ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ) ok"), ["email:prashanth.shetty@example.in", "person:ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ"]);
    assert_eq!(spans(r#"{"email":"sreypov.ly96@example.kh","name":"លី ស្រីពៅ"}"#), ["email:sreypov.ly96@example.kh", "person:លី ស្រីពៅ"]);
    assert_eq!(spans("|Legal representative|ધ્રુવ પટેલ|\n|Contact e-mail|[dhruv.patel@example.in]"), ["person:ધ્રુવ પટેલ", "email:dhruv.patel@example.in"]);
    assert_eq!(spans("<Name>કિંજલ દેસાઈ</Name>\n    <Email>kinjal.desai@example.in</Email>"), ["person:કિંજલ દેસાઈ", "email:kinjal.desai@example.in"]);
    assert_eq!(spans("hi, my name is 윤하은, e-mail haeun.yoon@example.kr"), ["person:윤하은", "email:haeun.yoon@example.kr"]);
    assert_eq!(spans("민원: 윤하은 고객(haeun.yoon@example.kr)"), ["person:윤하은", "email:haeun.yoon@example.kr"]);
    assert_eq!(spans("苦情: 渡辺 あおい 様（aoi.watanabe@example.jp）"), ["person:渡辺 あおい", "email:aoi.watanabe@example.jp"]);
    assert_eq!(spans("お客様 タナカ ハルト 様（haruto_tanaka@example.jp）"), ["person:タナカ ハルト", "email:haruto_tanaka@example.jp"]);
    // Loanwords in katakana, and words before `고객` that are no full name, are no names.
    assert_eq!(spans("ヘルプ デスク（k.tanaka@example.jp）"), ["email:k.tanaka@example.jp"]);
    assert_eq!(spans("해당 고객(jiho.kim@example.kr)에게 회신"), ["email:jiho.kim@example.kr"]);
    // Words in brackets that are more than the name, or a link that is no mailto's, name no one.
    assert_eq!(spans("sent to prashanth.shetty@example.in (ರೋಮಿಂಗ್ ದೂರು ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ)"), ["email:prashanth.shetty@example.in"]);
}

#[test]
fn finds_a_name_whose_address_leaves_out_the_fathers_name() {
    let text = "CLM-26-183217 | Salma bint Faisal Al-Qahtani | qahtani.salma@gmail.com | open";
    assert_eq!(spans(text), ["person:Salma bint Faisal Al-Qahtani", "email:qahtani.salma@gmail.com"]);
    // Without `bint`, a middle word is no father's name to leave out.
    assert_eq!(spans("Salma Faisal Rahman | rahman.salma@gmail.com"), ["email:rahman.salma@gmail.com"]);
}

#[test]
fn takes_subscriber_numbers_of_telecom_records_but_not_their_sim_and_device_identifiers() {
    let cdr = "record_type,start_time,calling_msisdn,called_msisdn,imsi,imei\nMOC,2026-03-19T01:42:59Z,34700039907,22797955338,214015577534265,012655300005094\nGPRS,2026-03-20T00:44:45Z,34700039907,internet.bmt,214015577534265,012655300005094";
    assert_eq!(spans(cdr), ["phone:34700039907", "phone:22797955338", "phone:34700039907"]);
    let log = "CreateSubscriber msisdn=37494800614 imsi=283015840417624 iccid=8937401234567890123";
    assert_eq!(spans(log), ["phone:37494800614"]);
    assert_eq!(spans("<Numbers>\n    <MSISDN>85589937852</MSISDN>\n</Numbers>"), ["phone:85589937852"]);
    let diameter = "Subscription-Id { Subscription-Id-Type: END_USER_E164 (0); Subscription-Id-Data: 35699518447 }\n  Subscription-Id { Subscription-Id-Type: END_USER_IMSI (1); Subscription-Id-Data: 278011234567890 }";
    assert_eq!(spans(diameter), ["phone:35699518447"]);
    assert_eq!(spans("\"phone_number\": {\n  \"national_number\": \"729438743\"\n}"), ["phone:729438743"]);
    assert_eq!(spans("[29 590 022|tel:+37129590022]")[0], "phone:29 590 022");
    // The phone's IMEI, whatever word stands between.
    assert_untouched("ការបញ្ជាទិញ #823989, IMEI ទូរស័ព្ទ 354767710516267។");
}

#[test]
fn leaves_barcodes_device_numbers_and_upgrade_versions_that_look_like_cards_and_addresses() {
    // Luhn-valid EAN-13s under a barcode header, an SSCC and an IMEISV after their words.
    assert_untouched("sku,ean13,gtin14,price_eur\nBM-DBJ-378-JQ,4740757135964,18698439075431,444.10");
    assert_untouched("SSCC 386479475902360063 carries orders; IMEISV 3548866144926612");
    // The same numbers as cards where nothing says otherwise.
    assert_eq!(spans("card 4740757135964"), ["credit_card:4740757135964"]);
    // A firmware upgrade's versions on both sides of an arrow.
    assert_untouched("firmware 4.3.12.192 → 3.6.0.64 (ACS build 8.12.3.198)\nfirmware 1.21.9.73 -> 5.0.1.229");
}

#[test]
fn reads_an_ssn_word_on_the_numbers_line_or_on_a_label_line_above_it() {
    let table = "|SSN (W-9)|517-52-5193|\n|EIN|27-5030204|\n|ACH routing / account|468380403 / 322555836731|";
    assert_eq!(spans(table), ["ssn:517-52-5193"]);
    assert_eq!(spans("emp_id,last,ssn,dob\nE10488,REDACTED,021377819,1986-02-11"), ["ssn:021377819"]);
    assert_eq!(spans("SSN:\n021377819"), ["ssn:021377819"]);
}

#[test]
fn takes_passwords_after_the_words_of_more_languages_and_signing_secrets() {
    for (text, password) in [
        ("Նոր Wi-Fi գաղտնաբառ՝ Saffron-velvet-60-Garnet", "Saffron-velvet-60-Garnet"),
        ("ពាក្យសម្ងាត់ Wi-Fi ថ្មី៖ Willow-kestrel-66-Thistle", "Willow-kestrel-66-Thistle"),
        ("కొత్త Wi-Fi పాస్\u{200C}వర్డ్: VxDgmGP9bVh1", "VxDgmGP9bVh1"),
        ("Wi-Fi pasahitz berria: Kestrel-basalt-72-Harbour", "Kestrel-basalt-72-Harbour"),
        ("Нова Wi-Fi парола: YcgWuyZtNWO3", "YcgWuyZtNWO3"),
        ("adyen.hmacKey=A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176", "A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176"),
        ("CKO_WEBHOOK_AUTH=PcsOhuh9kEuKW2ti2oNoT9e1", "PcsOhuh9kEuKW2ti2oNoT9e1"),
        // Random letters that happen to fall into camel-case parts (`O9`, `I7w`, `F1`).
        ("Novo contrasinal da wifi: QclyyO9I7wF1", "QclyyO9I7wF1"),
        // Two words and a number, where the sentence says it is the password.
        ("Lounge JOG: tembung sandhi Wi-Fi: Borobudur-mtkvari-4271", "Borobudur-mtkvari-4271"),
        ("GYD lounge: qonaq Wi-Fi şifrəsi Konark_kobuleti-4723, planşetlər üçün", "Konark_kobuleti-4723"),
        ("Printed password is now Baobab_tsingy-6501 (SSID AW-Lounge-CEB)", "Baobab_tsingy-6501"),
        ("Lounge CEB: ang password sa Wi-Fi kay Borobudur.ohrid-7864", "Borobudur.ohrid-7864"),
        ("TAS biznes-zal planshetlari uchun Wi-Fi paroli: Nyungwegobustan!9477", "Nyungwegobustan!9477"),
        // An `@` inside, but no address's domain after it.
        ("planşetlər üçün ayrıca şifrə: NI+o@M+pH.rD_7_+E.USwO", "NI+o@M+pH.rD_7_+E.USwO"),
        ("ລະຫັດຜ່ານ Wi-Fi: Gobustankivu#2234", "Gobustankivu#2234"),
        ("statuspage_db_pw  = \"WdX%Q*l4zmetzTJA\"", "WdX%Q*l4zmetzTJA"),
        (
            "  AMQP_URL: YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
            "YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
        ),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "{text}");
    }
    // A webhook's address or id, and a signature's algorithm, are no secrets.
    assert_untouched("WEBHOOK_URL=https://hooks.example.org/abc webhookId=wh_81Hd7Qk2Lm hmac_algorithm=HmacSHA256");
    // A table cell ends a `user / password` pair's password.
    assert_untouched("|ACH routing / account|ok|");
    // Names in camel case with one part of a capital and digits.
    assert_untouched("Contrasinal: ver RotateV2Secret no vault");
    // Two words and a number after another label than the password word's own.
    assert_untouched("password hint: Build-agent-0042, password field label: Summer-release-2025");
    // Two words and a number not said to be a password; Italian `parole`; the base64 of a
    // URL without credentials.
    assert_untouched("host: Borobudur-mtkvari-4271, New key: featureFlagV2 added");
    assert_untouched("le parole chiave: Borobudur-mtkvari-4271");
    assert_untouched("URL: aHR0cHM6Ly9leGFtcGxlLmNvbS9wYXRoP3E9MQ==");
}

#[test]
fn takes_the_password_a_chat_answers_below_a_question_that_asks_for_it() {
    let chat = "[10:02] Rajesh Iyer: new password for pgbouncer? vault is down\n[10:04] Linh Nguyen: pgb-Adm1n!2023\n[10:05] Rajesh Iyer: thx";
    assert_eq!(spans(chat), ["password:pgb-Adm1n!2023"]);
    let chat = "李明 15:45\nroot 密码也改了吗？\n王伟 15:46\n改了，新的是 eZqnFy%kYUD2xn3，用完请删掉这条消息";
    assert_eq!(spans(chat), ["password:eZqnFy%kYUD2xn3"]);
    // Only two lines down, only words written as passwords, only after a question.
    assert_untouched("what is the password policy?\nMin 12 characters and one sign (!@#)\nsee INC-4432");
    assert_untouched("password for the NAS?\nask Dana\nlater\nNas-B4ckup!24Q1");
    assert_untouched("password reset done.\nnew one: see ticket\n");
}

#[test]
fn takes_a_twilio_key_passed_to_curl_after_twilio_named_in_the_url() {
    let text = "curl -X POST https://api.twilio.example/2010-04-01/Accounts/AC5b02ab19f39f9e5b5fd5ddc472f422e1/Messages.json \\\n  -u SK482b0b22e8aa4a92ab96fbf15b1668b6:HUawJVR2ILmvH1wwzoPd3BOTkP0rO";
    assert!(spans(text).contains(&"api_key/twilio:SK482b0b22e8aa4a92ab96fbf15b1668b6".to_owned()), "{:?}", spans(text));
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

#[cfg(not(js_engine))]
#[test]
fn reads_user_and_password_pairs_on_one_long_line_in_linear_time() {
    let text = "ab / cdefgh ".repeat(200_000);
    let started = std::time::Instant::now();
    let _ = spans(&text);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn takes_the_number_beside_an_address_in_a_list_of_contacts() {
    assert_eq!(spans("  - Søren Østergaard <soren.ostergaard@mail.dk>, 53 53 10 27"), ["person:Søren Østergaard", "email:soren.ostergaard@mail.dk", "phone:53 53 10 27"]);
    assert_eq!(spans("| Ганболд | ganbold.t@yahoo.com | 7524 2894 |"), ["email:ganbold.t@yahoo.com", "phone:7524 2894"]);
    // A date, a short number or words after an address are no phone.
    assert_eq!(spans("ann.lee@x.org, 2026 01 19, 12 34, ticket 4711 0815"), ["email:ann.lee@x.org"]);
}

#[test]
fn takes_a_twilio_secret_and_auth_token_named_in_prose() {
    let key = "SK9dfa5df69ad87fad4c6c67caf3c1059e";
    let text = format!("Twilio API key {key}\n\nsecret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU, auth token 5eb87f55d8cb83f2d26bcc5c30c1a161\n");
    assert_eq!(spans(&text), [format!("api_key/twilio:{key}"), "api_key/twilio:wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU".to_owned(), "api_key/twilio:5eb87f55d8cb83f2d26bcc5c30c1a161".to_owned()]);
    assert_eq!(spans("Neuer Key bei Twilio, Secret RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO."), ["api_key/twilio:RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO"]);
    // Without Twilio named before it, or longer than a Twilio secret, it is none.
    assert_untouched("secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU stays in the vault");
    assert_untouched("Twilio: secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANUxyz is a fixture's name");
}

#[test]
fn takes_the_result_of_a_terraform_random_password() {
    let state = r#"{ "type": "random_password", "name": "sql_admin", "instances": [ { "attributes": { "length": 24, "result": "nbx-BpMbo4YgtE" } } ] },"#;
    assert_eq!(spans(state), ["password:nbx-BpMbo4YgtE"]);
    // Another resource's result is its output, not a secret.
    assert_untouched(r#"{ "type": "random_pet", "name": "n", "instances": [ { "attributes": { "length": 2, "result": "brave-otter" } } ] }"#);
    assert_untouched(r#"{"status": "ok", "result": "queued-4711"}"#);
}

#[test]
fn finds_a_name_in_latin_letters_below_its_address_beside_the_same_name_in_another_script() {
    let text = "Student: Ελένη Καραγιάννη (20264851863), eleni.karagianni6@yahoo.gr\nPhone (home): 697 618 7380\nRefund account holder: Eleni Karagianni\n";
    let found = spans(text);
    assert!(found.contains(&"person:Ελένη Καραγιάννη".to_owned()), "{found:?}");
    assert!(found.contains(&"person:Eleni Karagianni".to_owned()), "{found:?}");
}

#[test]
fn finds_a_name_in_another_script_on_a_form_line_above_its_address_or_in_its_mailto_link() {
    assert_eq!(spans("Name: செந்தில் குமரன்\nEmail: kumaran.senthil@sltnet.lk\n"), ["person:செந்தில் குமரன்", "email:kumaran.senthil@sltnet.lk"]);
    assert_eq!(spans("氏名：山田 太郎\nメール：taro.yamada@example.jp"), ["person:山田 太郎", "email:taro.yamada@example.jp"]);
    let link = r#"Partner: <a href="mailto:bekele.yohannes@gmail.com">ዮሐንስ በቀለ</a>"#;
    assert_eq!(spans(link), ["email:bekele.yohannes@gmail.com", "person:ዮሐንስ በቀለ"]);
    // A line above that is no form field, or a link that shows something else, names no one.
    assert_eq!(spans("செந்தில் குமரன் 2026\nEmail: kumaran.senthil@sltnet.lk"), ["email:kumaran.senthil@sltnet.lk"]);
    assert_eq!(spans(r#"<a href="mailto:bekele.yohannes@gmail.com">ኢሜይል ላክ</a>"#), ["email:bekele.yohannes@gmail.com"]);
}

#[test]
fn reads_a_number_by_the_header_of_its_table_column() {
    // Identifiers that have a phone's shape, under headers that name them.
    let csv = "student_id,ucas_id,hesa_id,module\ns8093276,214-490-8667,1061064755759,HLTH7004\ns5011137,773-585-4152,1786561179199,EPID8001";
    assert_untouched(csv);
    assert_untouched("|| NHS no. || MRN || Bed ||\n| 484 764 5839 | HRN H7547477 | 19 |\n| 505 241 4129 | MRN: H0669336 | 29 |");
    // A number under a phone header, in a row with an address, is a phone whatever its shape.
    let export = "\"slot\",\"name\",\"email\",\"mobile\",\"site\"\n\"05:18\",\"Núria Vilaró\",\"vilaro.nuria@example.org\",\"635 178 212\",\"Civic Centre\"";
    assert_eq!(spans(export), ["person:Núria Vilaró", "email:vilaro.nuria@example.org", "phone:635 178 212"]);
    // A phone under a header that names both keeps its phone; a sentence is no header.
    assert_eq!(spans("name;phone no.;site\nx;(415) 555-0132;y"), ["phone:(415) 555-0132"]);
    assert_eq!(spans("No, that is not the order number, sorry.\n(415) 555-0132, ask for Sam, any time"), ["phone:(415) 555-0132"]);
    assert_eq!(spans("id,name,contact no.\n7,Sam,(415) 555-0132"), ["phone:(415) 555-0132"]);
    // A bare number word names phones as often, a `+` number is a phone under any header,
    // and a caller's id is a phone.
    assert_eq!(spans("Name\tNumber\nAnn Lee\t07700 900123"), ["person:Ann Lee", "phone:07700 900123"]);
    assert_eq!(spans("Name,Email,Customer ID\nAnn,ann@x.com,+91 98765 43210"), ["email:ann@x.com", "phone:+91 98765 43210"]);
    assert_eq!(spans("Date,Caller ID,Duration\n2026-01-19,(415) 555-0132,3:12"), ["phone:(415) 555-0132"]);
    // Stacked Jira tables each have their header; a quoted comma stays in its field.
    assert_eq!(spans("||Patient||NHS no.||\n|Ann|484 764 5839|\n||Name||Mobile||\n|Ann|(415) 555-0132|"), ["phone:(415) 555-0132"]);
    let quoted = "name,address,mobile,email\nAnn Lee,\"1 High St, Leeds\",07700 900123,ann.lee@x.org\nBob Roe,5 Low Rd,635 178 212,bob.roe@x.org";
    assert_eq!(spans(quoted), ["person:Ann Lee", "phone:07700 900123", "email:ann.lee@x.org", "person:Bob Roe", "phone:635 178 212", "email:bob.roe@x.org"]);
    // The first phone column that holds a phone, and never a date, an address or an amount.
    assert_eq!(spans("\"name\",\"contact_email\",\"mobile\"\n\"X\",\"jo.rt@x.org\",\"635 178 212\""), ["email:jo.rt@x.org", "phone:635 178 212"]);
    assert_eq!(spans("name,email,phone,tel2,fax\nX,jo.rt@x.org,2026-01-19,192.168.10.254,1234567.00"), ["email:jo.rt@x.org", "ip_address:192.168.10.254"]);
}

#[cfg(not(js_engine))]
#[test]
fn reads_tables_of_many_cells_in_linear_time() {
    // Rows full of phone-shaped cells and addresses, under a header: each row is split once.
    let header = format!("{}\n", (0..250).map(|i| format!("mobile{i}")).collect::<Vec<_>>().join(","));
    let row = format!("{}\n", (0..250).map(|i| if i % 2 == 0 { "(415) 555-0132".to_owned() } else { format!("a{i}@x.io") }).collect::<Vec<_>>().join(","));
    let text = format!("{header}{}", row.repeat(60));
    let started = std::time::Instant::now();
    assert!(!spans(&text).is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn rejects_phone_numbers_with_too_few_or_too_many_digits() {
    assert_untouched("Call 555-013 or +1 415 555 0132 4567 8901.");
}

// Cards.

#[test]
fn redacts_luhn_valid_cards_of_known_brands_and_lengths() {
    for card in [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5181.6614.8831.9863",
        "4222222222222",
        "4000 0000 0000 0000 006",
        "5555 5555 5555 4444",
        "2720 0000 0000 0005",
        "3782 822463 10005",
        "340000000000009",
        "6011111111111117",
        "6500 0000 0000 0002",
        "3530111333300000",
        "36227206271667",
        "6200000000000005",
    ] {
        assert_found("credit_card", card);
    }
}

#[test]
fn leaves_luhn_invalid_unbranded_or_wrongly_sized_numbers_alone() {
    assert_untouched(
        "Not cards: 4111 1111 1111 1112, 1234 0000 0000 0006, 9000000000000001, \
             37828224631000 (Amex is 15 digits).",
    );
}

#[test]
fn finds_a_card_followed_by_more_digits() {
    assert_eq!(
        redacted("Card 4111 1111 1111 1111 2025 expired."),
        "Card [CARD_1] 2025 expired."
    );
}

// IBANs.

#[test]
fn redacts_ibans_with_valid_length_and_checksum() {
    for iban in [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68539007547034",
    ] {
        assert_found("iban", iban);
    }
}

#[test]
fn stops_an_iban_at_its_country_length() {
    assert_eq!(
        spans("Pay DE89 3704 0044 0532 0130 00 EUR today"),
        ["iban:DE89 3704 0044 0532 0130 00"]
    );
}

#[test]
fn leaves_ibans_with_a_bad_checksum_length_or_country_alone() {
    assert_untouched(
        "DE88 3704 0044 0532 0130 00, DE89 3704 0044 0532 0130 0, \
             XX89 3704 0044 0532 0130 00, de89370400440532013000.",
    );
}

// IP and MAC addresses.

#[test]
fn redacts_ipv4_addresses() {
    assert_eq!(
        redacted("Hosts 10.0.0.1, 192.168.1.254:8080 and 255.255.255.255."),
        "Hosts [IP_1], [IP_2]:8080 and [IP_3]."
    );
}

#[test]
fn leaves_invalid_octets_and_longer_dotted_sequences_alone() {
    assert_untouched("Not addresses: 999.1.1.1, 256.0.0.1, 1.2.3.4.5, v1.2.3.4, 1.2.3.");
    assert_untouched("Health checks on 127.0.0.1:8080 and 0.0.0.0:9090; Firmware-Version 3.10.2.8, build 4.18.2.1, OCR engine 8.6.9.228, ocr=4.2.9.176.");
    assert_untouched("Upgraded the agent from version 1.2.3.4 to 1.2.4.0; since firmware 3.10.2.8 it boots.");
    assert_eq!(
        spans("DNS server: 10.20.30.40; primary resolver 10.0.0.2. Migrated server 10.0.0.1 to 10.0.0.3."),
        ["ip_address:10.20.30.40", "ip_address:10.0.0.2", "ip_address:10.0.0.1", "ip_address:10.0.0.3"],
        "a word that ends in `ver` is no version"
    );
}

#[test]
fn redacts_valid_ipv6_addresses() {
    for address in [
        "2001:db8::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1",
        "::ffff:192.0.2.128",
    ] {
        assert_found("ip_address", address);
    }
    assert_eq!(spans("[2001:db8::1]:443"), ["ip_address:2001:db8::1"]);
}

#[test]
fn leaves_colon_runs_that_are_not_ipv6_addresses_alone() {
    assert_untouched(
        "At 12:34:56 the :: token, ::1, std::vec::Vec, dead::beef, a:b:c and \
             2001:db8:::1 and 1:2:3:4:5:6:7:8:9 appeared.",
    );
}

#[test]
fn redacts_mac_addresses_with_colons_or_dashes() {
    assert_eq!(
        spans("NIC 00:1A:2B:3C:4D:5E and 00-1a-2b-3c-4d-5e."),
        [
            "mac_address:00:1A:2B:3C:4D:5E",
            "mac_address:00-1a-2b-3c-4d-5e"
        ]
    );
}

#[test]
fn redacts_mac_addresses_in_ciscos_dotted_form() {
    assert_eq!(
        spans("Device 54e8.cd54.7e43 dropped; ARP shows 001A.2B3C.4D5E."),
        ["mac_address:54e8.cd54.7e43", "mac_address:001A.2B3C.4D5E"]
    );
}

#[test]
fn leaves_longer_or_shorter_hex_runs_alone() {
    assert_untouched(
        "Not MACs: 00:1A:2B:3C:4D, 00-1A-2B-3C-4D-5E-6F, 001A.2B3C.4D5E.6F70, 001A.2B3C, \
             and build 2024.0611.1200 is a version.",
    );
}

// SSNs.

#[test]
fn redacts_dashed_ssns_anywhere_and_plain_ones_after_a_context_word() {
    assert_eq!(
        spans("Her number 078-05-1120; SSN: 219 09 9999, social security no. 078051120."),
        ["ssn:078-05-1120", "ssn:219 09 9999", "ssn:078051120"]
    );
}

#[test]
fn leaves_invalid_ssns_and_plain_nine_digits_without_context_alone() {
    assert_untouched(
        "SSN 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000, \
             111-11-1111; order 078051120.",
    );
}

// URL credentials.

#[test]
fn redacts_the_user_and_password_of_a_url() {
    assert_eq!(
        spans("Use https://admin:hunter2@example.com/x and redis://:Sup3rS3cret@cache:6379/0. amqp://orders:Rmq#Ord3rs@mq/"),
        [
            "url_credentials:admin:hunter2",
            "url_credentials::Sup3rS3cret",
            "url_credentials:orders:Rmq#Ord3rs"
        ]
    );
    assert_eq!(
        redacted("DSN postgres://deploy:Tr0ub4dor3x@db.internal:5432/shop"),
        "DSN postgres://[URL_CREDENTIALS_1]@db.internal:5432/shop"
    );
}

#[test]
fn reports_a_vendor_token_in_a_url_as_the_vendors_token() {
    let glpat = "glpat-OptVfT137sOX6JVwHZxb";
    let ghs = "ghs_vzoMK93hbprxKkJHNZnhuQ7ZuKYvsE3UKgOV";
    assert_eq!(
        spans(&format!("https://oauth2:{glpat}@gitlab.example.dev\nhttps://x-access-token:{ghs}@github.com")),
        [format!("api_key/gitlab:{glpat}"), format!("api_key/github:{ghs}")]
    );
    // A policy that leaves API keys alone leaves them alone in URLs too.
    let policy = Policy { disabled: vec![PiiKind::ApiKey], ..Policy::default() };
    let text = format!("https://oauth2:{glpat}@gitlab.example.dev");
    assert_eq!(redactor_for(policy, &[]).redact(&text).expect("small text"), text);
}

#[test]
fn leaves_urls_without_a_password_or_with_a_variable_alone() {
    assert_untouched(
        "See https://user@example.com, https://example.com:8443/a@b and \
             postgres://app:${DB_PASSWORD}@db/shop.",
    );
}

// Private keys and JWTs.

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

#[test]
fn redacts_a_whole_private_key_block_of_every_type() {
    for label in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ] {
        let key = pem(label, 5);
        let text = format!("key:\n{key}\nthanks");
        assert_eq!(redacted(&text), "key:\n[PRIVATE_KEY_1]\nthanks", "{label}");
    }
}

#[test]
fn redacts_the_material_of_a_truncated_private_key() {
    let key = pem("RSA PRIVATE KEY", 4);
    let truncated = &key[..key.find("-----END").expect("a footer")];
    let text = format!("{truncated}\nCan you check it");
    assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nCan you check it");
    let encrypted = truncated.replace(
        "-----\n",
        "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,8A2E5F\n\n",
    );
    let text = format!("{encrypted}\nThanks");
    assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nThanks");
}

#[test]
fn leaves_public_keys_and_certificates_alone() {
    let text = pem("PUBLIC KEY", 3) + "\n" + &pem("CERTIFICATE", 3);
    assert_untouched(&text);
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

#[test]
fn redacts_jwts_whose_header_has_an_alg() {
    assert_found("jwt", &jwt(r#"{"alg":"HS256","typ":"JWT"}"#));
    let unsigned = jwt(r#"{"alg":"none"}"#);
    let unsigned = &unsigned[..=unsigned.rfind('.').expect("three parts")];
    assert_eq!(
        spans(&format!("t={unsigned} ok")),
        [format!("jwt:{unsigned}")]
    );
    let bearer = format!("Authorization: Bearer {}", jwt(r#"{"alg":"RS256"}"#));
    assert_eq!(redacted(&bearer), "Authorization: Bearer [JWT_1]");
}

#[test]
fn leaves_jwt_shaped_text_without_an_alg_alone() {
    assert_untouched(&format!("x {} y", jwt(r#"{"typ":"JWT"}"#)));
    assert_untouched(&format!("x {} y", jwt("[1,2]")));
}

// Vendor credentials.

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
fn redacts_every_vendor_format_under_its_vendor_name() {
    for (kind, token) in vendor_tokens() {
        assert_found(kind, &token);
        let quoted = format!("config = {{\"key\": \"{token}\"}}");
        assert_eq!(
            spans(&quoted),
            [format!("{kind}:{token}")],
            "quoted {token}"
        );
    }
}

#[test]
fn finds_vendor_credentials_in_assignments_under_the_vendor_name() {
    let github = format!("ghp_{}", fake(36, ALNUM));
    assert_eq!(
        spans(&format!("GITHUB_TOKEN={github}")),
        [format!("api_key/github:{github}")]
    );
    assert_eq!(
        redacted("aws_access_key_id=AKIAIOSFODNN7EXAMPLE"),
        "aws_access_key_id=[API_KEY_1]"
    );
}

#[test]
fn redacts_credentials_that_need_context_only_with_it() {
    let aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let azure_key = format!("{}==", fake(86, ALNUM));
    let datadog = fake(32, HEX);
    let heroku = "01234567-89ab-cdef-0123-456789abcdef";
    let twilio_key = format!("SK{}", fake(32, HEX));
    let mailgun = format!("key-{}", fake(32, HEX));
    let text = format!(
        "aws_secret_access_key = {aws_secret}\n\
             DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_key};EndpointSuffix=core.windows.net\n\
             DD_API_KEY={datadog}\nHEROKU_API_KEY: {heroku}\n\
             twilio api key {twilio_key}\nmailgun: {mailgun}\n"
    );
    assert_eq!(
        spans(&text),
        [
            format!("api_key/aws:{aws_secret}"),
            format!("api_key/azure:{azure_key}"),
            format!("api_key/datadog:{datadog}"),
            format!("api_key/heroku:{heroku}"),
            format!("api_key/twilio:{twilio_key}"),
            format!("api_key/mailgun:{mailgun}"),
        ]
    );
    assert_untouched(&format!(
        "hash {aws_secret} uuid {heroku} sid {twilio_key} {mailgun} {datadog}"
    ));
}

#[test]
fn redacts_the_signature_of_an_azure_sas_url() {
    let sig = "lE6YjK%2F6x2cNq9w3Gq0k4Uq7ZlH5Qv0aXo%3D";
    let url = format!(
        "https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=co&sp=r&se=2030-01-01&sig={sig}"
    );
    assert_eq!(spans(&url), [format!("api_key/azure:{sig}")]);
    assert_untouched("https://example.com/search?q=rust&sig=abcdefghijklmnopqrstuvwxyz");
}

#[test]
fn reports_a_gcp_service_account_files_key_as_a_private_key_and_leaves_the_key_id() {
    let key = pem("PRIVATE KEY", 3).replace('\n', "\\n");
    let id = fake(40, HEX);
    let json = format!(
        "{{\"type\": \"service_account\", \"project_id\": \"acme\", \
             \"private_key_id\": \"{id}\", \"private_key\": \"{key}\\n\"}}"
    );
    assert_eq!(spans(&json), [format!("private_key:{key}")]);
}

#[test]
fn redacts_discord_bot_tokens_and_telegram_bot_urls() {
    let id = URL_SAFE_NO_PAD.encode("123456789012345678");
    let discord = format!("{id}.{}.{}", fake(6, ALNUM), fake(38, ALNUM));
    let telegram = format!("123456789:AA{}", fake(33, ALNUM));
    let text = format!(
        "Authorization: Bot {discord}\nGET https://api.telegram.org/bot{telegram}/getMe"
    );
    assert_eq!(
        spans(&text),
        [
            format!("api_key/discord:{discord}"),
            format!("api_key/telegram:{telegram}")
        ]
    );
}

#[test]
fn leaves_near_miss_tokens_alone() {
    assert_untouched(&format!(
        "AKIAIOSFODNN7EXAMPL XAKIAIOSFODNN7EXAMPLE akiaiosfodnn7example AKIAIOSFODNN7EXAMPLE1 \
             ghp_short task-{} ghp_{} sk_live_short xoxb- SG.x.y npm_abc",
        fake(40, ALNUM),
        "x".repeat(36)
    ));
}

// Generic secrets.

#[test]
fn redacts_only_the_value_of_a_random_looking_secret_assignment() {
    let text = "password=Xk9#mQ2$vL7p\nDB_PASSWORD=\"s3cr3t-V4lue!\"\n\
                    {\"api_key\": \"9f8e7d6c5b4a3210zz\"}\n\
                    apikey:abcdefgh12345 x-api-key: 9f8e7d6c5b4a3210 Secret: Zq8#Lm3!Rt6x\n\
                    clientSecret => 'Qm9vYmF6Q2xpZW50'";
    assert_eq!(
        redacted(text),
        "password=[SECRET_1]\nDB_PASSWORD=\"[SECRET_2]\"\n{\"api_key\": \"[SECRET_3]\"}\n\
             apikey:[SECRET_4] x-api-key: [SECRET_5] Secret: [SECRET_6]\n\
             clientSecret => '[SECRET_7]'"
    );
}

#[test]
fn redacts_passwords_in_connection_strings_and_authorization_headers() {
    let basic = STANDARD.encode("deploy:Tr0ub4dor&3");
    let text = format!(
        "Server=db;Database=shop;User Id=sa;Password=Pa55w0rd!2024;Encrypt=true\n\
             jdbc:mysql://db/shop?user=app&password=K8s#Secr3tZ&ssl=true\n\
             Authorization: Basic {basic}\nAuthorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"
    );
    assert_eq!(
        spans(&text),
        [
            "password:Pa55w0rd!2024".to_owned(),
            "password:K8s#Secr3tZ".to_owned(),
            format!("password:{basic}"),
            "password:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5".to_owned(),
        ]
    );
}

#[test]
fn redacts_passwords_named_in_other_languages() {
    assert_eq!(
        spans(
            "mot de passe : 1oPR#MWpWQc2uni^_w.S+PeY\nPasswort: kNJuFlBWDMTUFM\n\
                 Kennwort=Zq8#Lm3!Rt6x contraseña: Xk9#mQ2$vL7p senha: Tr0ub4dor3x!"
        ),
        [
            "password:1oPR#MWpWQc2uni^_w.S+PeY",
            "password:kNJuFlBWDMTUFM",
            "password:Zq8#Lm3!Rt6x",
            "password:Xk9#mQ2$vL7p",
            "password:Tr0ub4dor3x!"
        ]
    );
}

#[test]
fn redacts_a_password_written_in_a_sentence_after_its_word() {
    assert_eq!(
        spans(
            "the password is Xk9#mQ2$vL7p. Das Passwort lautet Sommerwind24!Berg\n\
                 DBパスワード：Sakura_2024!x; keytool -srcstorepass Kst0re!Old -deststorepass Kst0re!New#2\n\
                 Neues Passwort: „Kaffee&Kuchen_19“ WIFI:T:WPA;S:Office-5G;P:Gx8#uL2!qz;;"
        ),
        [
            "password:Xk9#mQ2$vL7p",
            "password:Sommerwind24!Berg",
            "password:Sakura_2024!x",
            "password:Kst0re!Old",
            "password:Kst0re!New#2",
            "password:Kaffee&Kuchen_19",
            "password:Gx8#uL2!qz"
        ]
    );
}

#[test]
fn redacts_a_password_after_a_bold_or_dashed_label() {
    assert_eq!(
        spans("**Password:** Xy7!kLm2q\n*Password:* Ab9#qRt5z\nPassword: - Tr0ub4dor&3x"),
        ["password:Xy7!kLm2q", "password:Ab9#qRt5z", "password:Tr0ub4dor&3x"]
    );
}

#[test]
fn leaves_ordinary_words_after_a_password_word_alone() {
    assert_untouched(
        "Password reset for the Billing team is done. The password policy (v2 draft) needs \
             review; see https://wiki.example.com/Password-Policy-2024 and [PASSWORD_1].",
    );
    for line in [
        "Password hashing uses Argon2id with m=64MiB, t=3, p=4.",
        "We migrated password storage from bcrypt to Pbkdf2PasswordEncoder in Spring 6.",
        "Fixed: password reset emails were not sent in v2.14.3-hotfix.",
        "The password grant is deprecated in OAuth2.1.",
        "Password hashing moved to image ghcr.io/acme/auth-svc:1.4.2 last sprint.",
        "The password check failed at auth/handlers.go:118 with a nil pointer.",
        "Change the password in ~/.config/app2/settings.json and restart.",
        "Password must match [A-Za-z0-9!@#]{12,64} according to the policy doc.",
        "Password sync to ldap-01.corp.local failed after the upgrade.",
        "Password authentication for postgres@db-primary-02 disabled in pg_hba.conf.",
        "sshd[2211]: Accepted password for deploy_bot2 from a trusted host",
        "Le mot de passe expire après 90 jours (politique PWD-v3.2).",
        "Het wachtwoord moet elke 90 dagen wijzigen (beleid ICT-ww-2024a).",
        "La clave primaria de la tabla es pk_pedidos_2024.",
        "Our AWS Nitro enclave i-0abc123def4567890 runs the signer.",
    ] {
        assert_untouched(line);
    }
    assert_eq!(
        spans("The password for user admin_01 is Xy7!kLm2q"),
        ["password:Xy7!kLm2q"],
        "a user name before the password is passed over"
    );
}

#[test]
fn leaves_labels_hints_placeholders_and_filtered_values_alone() {
    assert_untouched(
        "\"password.label\": \"Mot de passe\", \"password.hint\": \"Mindestens 12 Zeichen, eine Ziffer\", \
             password = \"ask the DBA\", api_key = \"YOUR_API_KEY\", password = \"your_password\", \
             \"password\"=>\"[FILTERED]\", bypass_list = \"localhost,*.internal.corp,*.local\"",
    );
}

#[test]
fn a_department_address_names_no_person() {
    assert_untouched_by_names(
        "Send to release.notes@acme.com: Release Notes for 4.2 below. The Data Protection \
             team (data.protection@acme.com) and Human Resources (human.resources@acme.com) agree.",
    );
}

#[test]
fn redacts_mysql_dash_p_and_xml_settings_but_not_paths_settings_or_remotes() {
    assert_eq!(
        spans(
            "mysql -u root -p'Xk9$vb2!Qr' -h db billing; mysqldump -pS3cr3t_Dump! shop\n\
                 <add key=\"ApiSecret\" value=\"7f2Kq9Lp0ZxW3vN8\" />"
        ),
        ["password:Xk9$vb2!Qr", "password:S3cr3t_Dump!", "password:7f2Kq9Lp0ZxW3vN8"]
    );
    assert_eq!(
        spans("secret: /5+G4re2+HI+Wyc4adYfVAJIKAyVDONh password: ~C_^Mt8VG4uqVgyFf_"),
        ["password:/5+G4re2+HI+Wyc4adYfVAJIKAyVDONh", "password:~C_^Mt8VG4uqVgyFf_"]
    );
    assert_untouched(
        "password_file: /run/secrets/db_password\nPassword policy: min_length=12, history=5\n\
             Set `password` to at least 12 characters. Invoice INV-2025-46791 is paid.\n\
             Remote is git@github.com:acme/billing.git; grep -p file.txt; tar -cpf x.tar y",
    );
    assert_eq!(
        spans("Password reset link never arrives at emily58@customer-corp.com."),
        ["email:emily58@customer-corp.com"],
        "an address after a password word is an address"
    );
}

#[test]
fn redacts_the_password_flags_of_commands_that_take_one_and_only_theirs() {
    assert_eq!(
        spans(
            "sshpass -p 'Tr0ub4dor&3' ssh deploy@10.0.0.5 -p 2222\n\
                 docker login -u ci -p hunter22 registry.acme.io\n\
                 redis-cli -h cache-01 -p 6379 -a Kx92mfQ4 ping\n\
                 ldapsearch -x -D cn=admin -w s3cretLdap -b dc=acme\n\
                 mongosh --username app --password Sunny2025 db\n\
                 smbclient //nas/scans -U 'CORP\\scanner%Sc4n!Smb22' -c ls; ipmitool -H 10.9.0.4 -U ADMIN -P 'Ipmi!Rack7' power\n\
                 mongosh \\\n  --password \\\n  'Spl1t!Line#Pw' \\\n  mongodb://mongo-a:27017\n\
                 mysql \\\n  --user=analytics \\\n  --password=An4lyt1cs!RO"
        ),
        [
            "password:Tr0ub4dor&3",
            "ip_address:10.0.0.5",
            "password:hunter22",
            "password:Kx92mfQ4",
            "password:s3cretLdap",
            "password:Sunny2025",
            "password:Sc4n!Smb22",
            "ip_address:10.9.0.4",
            "password:Ipmi!Rack7",
            "password:Spl1t!Line#Pw",
            "password:An4lyt1cs!RO"
        ]
    );
    assert_untouched(
        "mkdir -p build/out; ssh -p 2222 deploy; redis-cli -p 6379 ping; mysql -u root -p shopdb\n\
             docker run -p 8080:80 nginx; docker login -u ci -p \"$REGISTRY_TOKEN\" reg; \
             docker login --password-stdin reg; sshpass -p $(cat /run/pw) ssh host",
    );
}

#[test]
fn redacts_the_password_of_a_pgpass_line_where_the_text_names_the_file() {
    assert_eq!(
        spans("~/.pgpass on the runner:\ndb-primary.internal:5432:billing:report_ro:Rx7!pq2Lm\n*:*:*:postgres:hunter22"),
        ["password:Rx7!pq2Lm", "password:hunter22"]
    );
    assert_eq!(spans("~/.pgpass contains: db01.internal:5432:*:report:Rp0rt!ng#22"), ["password:Rp0rt!ng#22"]);
    assert_untouched("Timestamps:\nnode-1:8080:ready:2024-06-03:12\nweb:443:up:ok:yes");
    assert_untouched("No pgpass here: see `db01:5432:*:report:Rp0rt!ng#22`, and the log says db01:5432:*:report:*");
}

#[test]
fn each_command_with_a_password_flag_is_found_alone() {
    for (text, password) in [
        ("ipmitool -H h -U ADMIN -P Ipmi!Rack7 power status", "Ipmi!Rack7"),
        ("smbclient //nas/s -U 'CORP\\scan%Sc4n!Smb22'", "Sc4n!Smb22"),
        ("smbclient //nas/s -U 'u%my long pass' -c ls", "my long pass"),
        ("sshpass -p 'correct horse battery staple' ssh h", "correct horse battery staple"),
        ("ldapsearch -D \"cn=admin, dc=acme, dc=com\" -w S3cretLdap -b dc=acme", "S3cretLdap"),
        ("docker login -u ci -p=Hunter22x reg", "Hunter22x"),
        ("docker login `\n  -u ci `\n  -p Hunter22x reg", "Hunter22x"),
        ("redis-cli -a 12345 ping", "12345"),
        ("sshpass -p 1234 ssh h", "1234"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("sshpass -f ~/.pw ssh -p 2222 h; sshpass -e scp -P 2222 a b; mysql -u root -p shop");
}

#[test]
fn redacts_nordic_indian_chilean_and_toll_free_phone_numbers_but_not_policy_or_device_numbers() {
    for (text, phone) in [
        ("Søren Østergaard <soren@mail.dk>, mobil 53 53 10 27", "53 53 10 27"),
        ("Tel.0511 123456 or TEL.03-1234-5678", "0511 123456"),
        ("Tel. 089 1234567-12", "089 1234567-12"),
        ("Claim-Hotline: 0800 123 4567", "0800 123 4567"),
        ("Solveig Nygård\n478 58 759", "478 58 759"),
        ("Catalina Muñoz <catalina@vtr.net>, 9 4597 3357", "9 4597 3357"),
        ("Taras\t+380938640936\t0 800 314 528\t902", "0 800 314 528"),
        ("नया दावा, मोबाइल 06447928930, पॉलिसी INHE15843", "06447928930"),
        ("igen, a számom 06-31/416-1507", "06-31/416-1507"),
        ("Vennligst ring tilbake på 431 33 467 før kl. 17.", "431 33 467"),
    ] {
        let found = spans(text);
        assert!(found.contains(&format!("phone:{phone}")), "in {text:?}: {found:?}");
    }
    for text in [
        "mobil 457 46 128, polise 490-4720453-54, skadedato 16.09.2026",
        "Related: #2747391, POL-PH-2026-5860852; vehicle",
        "police QLIF/26/389279, skadedato",
        "I DeviceInfo: imei=01-069003-861300-2 model=SM-A541E",
        "TAJ-szám 060 399 168 ellenőrizve",
        "[x] CPR-nr.: 051183-2786 (kontrolleret)",
        r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">"#,
        "Seguimiento del envío: SEUR 04821731088; VAT IT 08711340964; Bestellung mit der Nummer 100045873",
        "EU sizes 38 40 42 44, scores 72 85 91 64; RX ring 4096 8192",
        "Address: 22 Rua Augusta, 01305-000 São Paulo",
    ] {
        assert!(spans(text).iter().all(|span| !span.starts_with("phone:") || span == "phone:457 46 128"), "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn redacts_rupay_and_elo_card_numbers() {
    for card in ["5082 1007 4544 3638", "6070 3709 5195 4154", "5041753201241407", "6363683271161896", "5095-3491-4939-5333"] {
        assert_found("credit_card", card);
    }
    // The same prefixes with another length, or a failed check digit.
    assert_untouched("ref 50821007454436 and 6070 3709 5195 4155");
}

#[test]
fn redacts_domestic_scheme_cards_and_the_card_of_a_gds_form_of_payment() {
    for card in ["8172 0614 3448 6657", "8600 9170 2100 3001", "9860-4245-6446-9445"] {
        assert_found("credit_card", card);
    }
    assert_eq!(spans("  15 FP CCJC3541729443490408/0526/A613327"), ["credit_card:3541729443490408"]);
    // Another length, a failed check digit, letters that are no form of payment.
    assert_untouched("ref 86009170210030 and 8600 9170 2100 3002, batch XCCVI4147362418500534");
}

#[test]
fn redacts_card_numbers_in_csv_fields_and_read_out_in_pairs() {
    assert_eq!(
        spans("order,pan,amount\n541254,4046010643832790,227.31\nI typed it as: 40 46 01 06 43 83 27 90 exp 11/26"),
        ["credit_card:4046010643832790", "credit_card:40 46 01 06 43 83 27 90"]
    );
    assert_untouched("pi is 3.4046010643832790, the total 1,4046010643832790 and 4046010643832790.5 units");
    assert_untouched("0000  45 00 00 41 00 00 40 00 40 06 a1 b2 c0 a8");
}

#[test]
fn redacts_phone_numbers_written_with_slashes_or_a_bracketed_country_code() {
    assert_eq!(
        spans("Haustechnik unter 030 / 471 49 294; Tel. +49 (0) 40 / 116 34 - 51; (+34) 916-854-916"),
        ["phone:030 / 471 49 294", "phone:+49 (0) 40 / 116 34 - 51", "phone:(+34) 916-854-916"]
    );
    assert_eq!(spans("Prueba con el móvil del jefe de turno, 672 81 34 92"), ["phone:672 81 34 92"]);
    assert_untouched("Mobile layout breaks at 1024 / 768 and 1280 / 800.");
}

#[test]
fn redacts_a_password_written_as_a_pair_with_its_user() {
    assert_eq!(spans("Temporary admin on the bastion: tmp-oncall / Gp#B?fmu4xKp4Km^Mqy – delete on Monday!"), ["password:Gp#B?fmu4xKp4Km^Mqy"]);
    assert_eq!(spans("라벨 프린터 관리 페이지 계정은 admin / Dragon!$ 입니다."), ["password:Dragon!$"]);
    assert_eq!(spans("le compte du quai 4, c'est operateur / Fjord2024, noté."), ["password:Fjord2024"]);
    assert_untouched("Jira / Confluence, read / write, Halle 3 / Tor 2, Q3 / Q4-2024, build / Release2024 is out, and / or.");
    assert_untouched("pct = used_bytes / total_bytes*100;\nUser reports login fails on Safari / Firefox!");
}

#[test]
fn redacts_a_capitalized_word_and_mixed_signs_the_text_calls_the_password() {
    assert_eq!(spans("SSID ist KF-Lager-5G, Passwort Milano#! (bitte nicht weitergeben)"), ["password:Milano#!"]);
    assert_eq!(spans("Wi-Fi: KF-Visitantes\nPalavra-passe: Falcon!?"), ["password:Falcon!?"]);
    assert_untouched(
        "Is the password Correct? Password Reset? Passwort vergessen! Password: Incorrect! Token: Expired!! \
             Credentials: Invalid!! Password reset was Successful!",
    );
}

#[test]
fn redacts_passwords_of_connection_strings_json_key_value_pairs_and_signing_keys() {
    assert_eq!(
        spans("Server=db01,1433;Database=Billing;User Id=svc;Password=Hq*3&WAN3Lmp&9^WWc;Encrypt=True;"),
        ["password:Hq*3&WAN3Lmp&9^WWc"]
    );
    assert_eq!(spans("https://x.example/cb?token=Zq8xK2vLm9Pw4Rt7&user=jdoe"), ["password:Zq8xK2vLm9Pw4Rt7"]);
    assert_eq!(spans("<a href=\"/cb?token=Zq8xK2vLm9Pw4Rt7&amp;next=home\">"), ["password:Zq8xK2vLm9Pw4Rt7"]);
    assert_eq!(spans(r#"{"key": "clientSecret", "value": "ELFNs0gkRwjfLWu8N5XvE"}"#), ["password:ELFNs0gkRwjfLWu8N5XvE"]);
    assert_eq!(spans("data:\n  JWT_SIGNING_KEY: Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW\n"), ["password:Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW"]);
}

#[test]
fn redacts_passphrases_given_to_sql_server_and_wpa_supplicant() {
    assert_eq!(
        spans("ALTER LOGIN [svc_sage] WITH PASSWORD = N'tundra-orbit-quartz-lantern' , CHECK_POLICY = OFF;"),
        ["password:tundra-orbit-quartz-lantern"]
    );
    assert_eq!(spans("network={\n    ssid=\"KF-Display\"\n    psk=\"harbor-tundra-orbit-saffron\"\n}"), ["password:harbor-tundra-orbit-saffron"]);
}

#[test]
fn redacts_the_login_of_a_docker_config() {
    let auth = BASE64_STANDARD.encode("kfbuild:1q31pEMmV15u6gpC!");
    assert_eq!(spans(&format!(r#"{{"auths": {{"reg.example.com": {{"auth": "{auth}"}}}}}}"#)), [format!("password:{auth}")]);
    assert_untouched(&format!(r#"{{"auth": "{}"}}"#, BASE64_STANDARD.encode("no colon in here")));
}

#[test]
fn redacts_an_aws_secret_pasted_right_after_its_key_id() {
    let secret = format!("fPkAoWdpTi6NRxj1XyabwDDzSw1hYpcTHDPHdIq{}", "b");
    assert_eq!(
        spans(&format!("use the export user for now\nAKIAYQLJBBBWIQKO54LD\n{secret}\nit's read/write")),
        ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]
    );
    assert_eq!(spans("AKIAYQLJBBBWIQKO54LD 0123456789abcdef0123456789abcdef01234567"), ["api_key/aws:AKIAYQLJBBBWIQKO54LD"], "a hash, not a secret");
    assert_eq!(spans(&format!("AKIAYQLJBBBWIQKO54LD / {secret}")), ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]);
}

#[test]
fn takes_a_mailgun_key_that_the_text_names_after_it_and_no_secret_name_in_an_arn() {
    let key = format!("key-{}", "e8499dbd3106aecb1b7a068e0c061fb2");
    assert_eq!(spans(&format!("curl -s --user 'api:{key}' \\\n  https://api.eu.mailgun.net/v3/x/messages")), [format!("api_key/mailgun:{key}")]);
    assert_untouched("The Lambda reads arn:aws:secretsmanager:eu-central-1:322223183257:secret:prod/carrier-sync/api-gRnE0u daily.");
    assert_untouched("User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0 Safari/537.36");
    assert_eq!(spans("GET /api/hosts/10.20.30.40 and /nodes/192.168.1.20/status"), ["ip_address:10.20.30.40", "ip_address:192.168.1.20"]);
}

#[test]
fn takes_a_name_in_chinese_japanese_or_korean_script_written_before_a_romanized_address() {
    let text = "差出人: 小林 直樹 <naoki.kobayashi@kobayashi-butsuryu.co.jp>\n本日着予定の貨物\n\n小林 直樹\n物流部";
    assert_eq!(spans(text), ["person:小林 直樹", "email:naoki.kobayashi@kobayashi-butsuryu.co.jp", "person:小林 直樹"]);
    let text = "보낸 사람: 정수민 <sumin.jung@hanbit-logis.co.kr>\n감사합니다.\n정수민님 드림";
    assert_eq!(spans(text), ["person:정수민", "email:sumin.jung@hanbit-logis.co.kr", "person:정수민"]);
    assert_eq!(spans("商談メモ：中村 拓也様（t.nakamura@nakamura-denki.co.jp、月20TEU）"), ["person:中村 拓也", "email:t.nakamura@nakamura-denki.co.jp"]);
    assert_eq!(spans("客户拜访记录：赵丽（l.zhao@huaxin-trading.cn，周二）"), ["person:赵丽", "email:l.zhao@huaxin-trading.cn"]);
    assert_eq!(spans("李娜,li.na@163.com,CN\n|이준호|junho.lee@naver.com|KR|"), ["person:李娜", "email:li.na@163.com", "person:이준호", "email:junho.lee@naver.com"]);
    assert_eq!(spans(r#"{"name":"佐藤 健","email":"ken.sato@yahoo.co.jp"}"#), ["person:佐藤 健", "email:ken.sato@yahoo.co.jp"]);
    // Words for a person in charge or a department, before a person's address.
    for text in ["ご不明点は担当者（t.nakamura@x.co.jp）まで", "，负责人（zhang.wei@acme.cn）", "문의: 담당자 (minji.kim@x.kr)", "担当：営業部 <t.nakamura@x.co.jp>"] {
        assert_only_emails(text);
    }
    // Role addresses, names too long to tell from the words before them, and kana.
    for text in ["宛先: 営業部 <sales@kestrel.co.jp>", "收件人: 客服 <cs-cn@kestrelfreight.com>", "联系人赵丽娜的同事（l.zhao@huaxin.cn）", "宛先: カスタマー <naoki.kobayashi@x.co.jp>", "담당: 총무팀 (help.desk@x.kr)"] {
        assert_only_emails(text);
    }
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
fn takes_a_chat_name_that_the_speakers_own_address_spells() {
    let chat = "[19:21] Rogvi: hi, the payment page fails\n[19:27] Rogvi: rogvi.joensen@example.net\n[19:31] Rogvi: ok thanks";
    assert_eq!(spans(chat), ["person:Rogvi", "person:Rogvi", "email:rogvi.joensen@example.net", "person:Rogvi"]);
    // Another speaker's name, a role, a name the address does not start with.
    for text in ["[19:27] Agent: rogvi.joensen@example.net", "[19:27] Tamar: rogvi.joensen@example.net", "Note: rogvi.joensen@example.net"] {
        assert_only_emails(text);
    }
}

#[test]
fn takes_a_family_name_alone_in_the_column_before_an_address_that_spells_it() {
    let csv = "file,tag,surname,contact_email\nALAQ737001,0738502273,BERIDZE,nino.beridze@mail.ge.example,+995591409806";
    assert_eq!(spans(csv), ["person:BERIDZE", "email:nino.beridze@mail.ge.example", "phone:+995591409806"]);
    // Words the address does not hold as a part, a cell of more words, a short word.
    for text in ["x,OPEN,nino.beridze@mail.ge.example", "x,MAIL,nino.beridze@mail.ge.example", "x,Case BERIDZE,nino.beridze@mail.ge.example", "x,MOE,aung.moe@x.example"] {
        assert_only_emails(text);
    }
}

#[test]
fn takes_the_names_of_travel_records_card_holders_and_a_shoppers_record() {
    let pnr = "  1.KULKARNI/AMOL MRS\n  6 SSR DOCS Q7 HK1 P/IND/Z5354797/IND/27JAN72/M/23JUN33/KULKARNI/AMOL/P1\n";
    assert_eq!(spans(pnr), ["person:KULKARNI", "person:AMOL", "person:KULKARNI", "person:AMOL"]);
    let apis = r#"{"flight":"Q7808","passenger":{"surname":"DESHPANDE","givenNames":"PRIYA","dateOfBirth":"1985-05-10"}}"#;
    assert_eq!(spans(apis), ["person:DESHPANDE", "person:PRIYA"]);
    assert_eq!(spans("<CardHolderName>GIORGI KAPANADZE</CardHolderName>"), ["person:GIORGI KAPANADZE"]);
    let adyen = r#""shopperName":"[first name=Eric, infix=null, last name=Niyonzima, gender=null]""#;
    assert_eq!(spans(adyen), ["person:Eric", "person:Niyonzima"]);
    // A form's labels keep no address and no date of birth; a holder field of no name.
    assert_untouched(r#"{"firstName":"First name","lastName":"Last name"}"#);
    assert_untouched("<CardHolderName>as printed on the card</CardHolderName>");
    // Placeholders, labels and entries of nobody in the same fields.
    for text in [
        "  1.TEST/PASSENGER MR\n",
        "  1.EXST/EXTRA SEAT MS\n",
        "SSR DOCS YY HK1 P/GBR/PASSPORTNO/GBR/DDMMMYY/M/DDMMMYY/SURNAME/GIVEN",
        "NAD+FL+++ZZTEST:ZZTEST'",
        r#"{"firstName":"Required","lastName":"Required","dateOfBirth":"Optional"}"#,
        r#"{"cardHolderName":"CORPORATE TRAVEL"}"#,
        "Contact{first name=Support, last name=Team}",
    ] {
        assert_untouched(text);
    }
}

#[test]
fn takes_a_name_in_hangul_or_kana_that_its_address_spells_in_one_piece_or_without_an_honorific() {
    assert_eq!(spans("SUP-20389 · e-mail\n강도현 고객(kangdohyun@mailbox.example)"), ["person:강도현", "email:kangdohyun@mailbox.example"]);
    assert_eq!(spans("QR sent to kangdohyun@mailbox.example (강도현) ok"), ["email:kangdohyun@mailbox.example", "person:강도현"]);
    assert_eq!(spans("お客様 タナカ ハルト（haruto_tanaka@kitemail.example）"), ["person:タナカ ハルト", "email:haruto_tanaka@kitemail.example"]);
    assert_eq!(spans("送信先: さとう ゆうき <yuki.sato@example.jp>"), ["person:さとう ゆうき", "email:yuki.sato@example.jp"]);
    // Words the address does not spell: a loanword, a note in brackets, another name.
    for text in ["宛先: カスタマー <naoki.kobayashi@x.co.jp>", "kangdohyun@mailbox.example (탈퇴)", "김민지 고객(kangdohyun@mailbox.example)", "ヘルプ デスク（haruto_tanaka@x.jp）"] {
        assert_only_emails(text);
    }
}

#[test]
fn takes_a_name_in_arabic_hebrew_devanagari_or_thai_script_written_before_a_romanized_address() {
    for (text, name, address) in [
        ("From: يوسف الشمري <alshammari.youssef@outlook.sa>", "يوسف الشمري", "alshammari.youssef@outlook.sa"),
        ("  - שירה לוינסון <s.levinson@walla.co.il>, מבוטחת", "שירה לוינסון", "s.levinson@walla.co.il"),
        ("From: \"सुनीता नायर\" <sunita.nair@gmail.com>", "सुनीता नायर", "sunita.nair@gmail.com"),
        ("2764/219467 | สุนิสา แก้วมณี | sunisa.kaewmanee81@gmail.com", "สุนิสา แก้วมณี", "sunisa.kaewmanee81@gmail.com"),
        ("VALUES (40420,'يوسف الشمري','alshammari.youssef@outlook.sa')", "يوسف الشمري", "alshammari.youssef@outlook.sa"),
        ("VALUES (764255, 'أحمد الزهراني', 'ahmed.alzahrani76@gmail.com')", "أحمد الزهراني", "ahmed.alzahrani76@gmail.com"),
        ("2430/685027 | مريم حداد | maryamhaddad@outlook.sa | 0", "مريم حداد", "maryamhaddad@outlook.sa"),
        ("C1648132\tאיתי ברקוביץ\titaiberkovich@012.net.il\t9606", "איתי ברקוביץ", "itaiberkovich@012.net.il"),
        ("राहुल वर्मा — verma.rahul@gmail.com", "राहुल वर्मा", "verma.rahul@gmail.com"),
        // On the line after another name, and said before "and my e-mail".
        ("assignee अनन्या गुप्ता\nराहुल वर्मा — verma.rahul@gmail.com", "राहुल वर्मा", "verma.rahul@gmail.com"),
        ("CALLER: קוראים לי איתי ברקוביץ והמייל שלי itaiberkovich@012.net.il", "איתי ברקוביץ", "itaiberkovich@012.net.il"),
        ("CALLER: ชื่อ ณัฐพล ทองดี อีเมล nattapon_thongdee@hotmail.com ค่ะ", "ณัฐพล ทองดี", "nattapon_thongdee@hotmail.com"),
        // Bengali, Tamil, Ethiopic, Georgian and Urdu, an identifier in parentheses between.
        ("Student: নুসরাত জাহান (s1605094), nusrat.jahan@yahoo.com", "নুসরাত জাহান", "nusrat.jahan@yahoo.com"),
        ("Appellant: செந்தில் குமரன் <senthilkumaran35@sltnet.lk>", "செந்தில் குமரன்", "senthilkumaran35@sltnet.lk"),
        ("Partner: ዮሐንስ በቀለ (bekele.yohannes@gmail.com)", "ዮሐንስ በቀለ", "bekele.yohannes@gmail.com"),
        ("student TU6193706, ნინო ბერიძე (nino.beridze@gmail.com)", "ნინო ბერიძე", "nino.beridze@gmail.com"),
        ("account unlocked for بلال چوہدری (bilal.chaudhry3@hotmail.com)", "بلال چوہدری", "bilal.chaudhry3@hotmail.com"),
        ("مهدی کاظمی — ایمیل: mehdi_kazemi@yahoo.com", "مهدی کاظمی", "mehdi_kazemi@yahoo.com"),
        // Lao, Odia, Assamese, Sorani and Pashto letters; Tigrinya's e-mail word after
        // Ethiopic's word space.
        ("From: ບຸນມີ ພົມມະຈັນ <bounmy.phommachanh@example.com>", "ບຸນມີ ພົມມະຈັນ", "bounmy.phommachanh@example.com"),
        ("From: ଦେବାଶିଷ ପଣ୍ଡା <debasish.panda@example.com>", "ଦେବାଶିଷ ପଣ୍ଡା", "debasish.panda@example.com"),
        ("যাত্ৰী অনুপম বৰুৱা, ই-মেইল anupam.baruah@example.com", "অনুপম বৰুৱা", "anupam.baruah@example.com"),
        ("To: شیلان ئەحمەد <shilan.ahmed@example.com>", "شیلان ئەحمەد", "shilan.ahmed@example.com"),
        ("مسافر زرمینه وردګ، برېښنالیک zarmina.wardak@example.com", "زرمینه وردګ", "zarmina.wardak@example.com"),
        ("ተጓዓዚ ሳባ ተስፋይ፡ ኢመይል saba.tesfay@example.com", "ሳባ ተስፋይ", "saba.tesfay@example.com"),
        // Only a space before the address.
        ("კონტაქტი: თამარ ლომიძე tamar.lomidze72@inbox.example", "თამარ ლომიძე", "tamar.lomidze72@inbox.example"),
        // A compound name (`عبد العزيز`) that the address spells as one part.
        ("CALLER: اسمي منى عبد العزيز وبريدي الإلكتروني m.abdelaziz@gmail.com", "منى عبد العزيز", "m.abdelaziz@gmail.com"),
    ] {
        assert_eq!(spans(text), [format!("person:{name}"), format!("email:{address}")], "in {text:?}");
    }
    let contact = "संपर्क: अमोल कुलकर्णी, +918844271657, amol.kulkarni@example.com";
    assert_eq!(spans(contact), ["person:अमोल कुलकर्णी", "phone:+918844271657", "email:amol.kulkarni@example.com"]);
    let contact = "ርክብ ዳዊት ገብረመድህን +2917399528 dawit.gebremedhin@example.net";
    assert_eq!(spans(contact), ["person:ዳዊት ገብረመድህን", "phone:+2917399528", "email:dawit.gebremedhin@example.net"]);
    let contact = "اړیکه: وحید کاکړ، 079 910 4187، wahid.kakar@example.com";
    assert_eq!(spans(contact), ["person:وحید کاکړ", "phone:079 910 4187", "email:wahid.kakar@example.com"]);
    // A name in another script beside the address, and later as the address spells it.
    let chat = "visitor Бојан Трајковски <bojan.trajkovski@example.org>\n[14:24] visitor: BOJAN TRAJKOVSKI";
    assert_eq!(spans(chat).last().map(String::as_str), Some("person:BOJAN TRAJKOVSKI"));
    assert_only_emails("შეგიძლიათ მოგვწეროთ tamar.lomidze@example.ge");
    // The name is found again in the signature.
    let signed = spans("From: يوسف الشمري <alshammari.youssef@outlook.sa>\n\nشكرا\nيوسف الشمري\n");
    assert_eq!(signed.iter().filter(|span| span.starts_with("person:")).count(), 2, "{signed:?}");
    // Words before the address whose letters do not start the address's parts, or words of a
    // sentence, are no name.
    for text in ["راسلنا على <ahmed.ali@x.sa>", "כתבו לנו <dana.levi@x.co.il>", "ईमेल करें (ravi.kumar@x.in)", "تواصل مع <mohammed.tahir@x.sa>", "כתבו אל <kobi.avraham@x.co.il>", "خدمة العملاء (customercare@x.sa)", "أرسل إلى بريدي الإلكتروني ahmed.ali@x.sa", "שלחו למייל dana.levi@x.co.il", "يمكنك مراسلة المدير عبر البريد الإلكتروني ahmed.ali@x.sa", "שלחו לי מייל sara.levi@x.co.il"] {
        assert_only_emails(text);
    }
}

#[test]
fn takes_names_whose_letters_addresses_write_in_two_or_in_another_order() {
    for (text, name) in [
        ("From: Ерлан Жақсыбеков <yerlan.zhaksybekov@example.net>", "Ерлан Жақсыбеков"),
        ("From: Rəşad Əliyev <rashad.aliyev@example.com>", "Rəşad Əliyev"),
        ("Yoʻlovchi: Shahnoza Yoʻldosheva, e-pochta shahnoza.yoldosheva@mail.uz.example", "Shahnoza Yoʻldosheva"),
        ("Клиентът Николай Стоянов (nstoyanov.nikolay41@posta.example)", "Николай Стоянов"),
        ("From: \"Милан Стојановић\" <milan.stojanovic@gmail.com>", "Милан Стојановић"),
        ("Appellant: Сарангэрэл Батсүх <sarangerel_batsukh@yahoo.com>", "Сарангэрэл Батсүх"),
        ("Student: Leyla Məmmədova (S7590474), leyla.mammadova@gmail.com", "Leyla Məmmədova"),
        ("From: \"Þórdís Ásgeirsdóttir\" <thordis.asgeirsdottir@gmail.com>", "Þórdís Ásgeirsdóttir"),
        ("Student: Nguyễn Văn Hải (S6199747), hai.nguyenvan2@gmail.com", "Nguyễn Văn Hải"),
    ] {
        assert_eq!(spans(text).first(), Some(&format!("person:{name}")), "in {text:?}");
    }
}

#[test]
fn takes_a_name_written_in_two_columns_before_its_address() {
    let csv = "student_id;family_name;given_names;email\ns6976911;Ní Dhubhghaill;Siobhán;siobhan_nidhubhghaill@eircom.net\nTU4770252;Nguyễn Văn;Hải;hainguyenvan23@gmail.com";
    assert_eq!(
        spans(csv),
        ["person:Ní Dhubhghaill", "person:Siobhán", "email:siobhan_nidhubhghaill@eircom.net", "person:Nguyễn Văn", "person:Hải", "email:hainguyenvan23@gmail.com"]
    );
    assert_eq!(spans("s1\tMalik\tSaira\tsaira.malik2@x.ac.uk"), ["person:Malik", "person:Saira", "email:saira.malik2@x.ac.uk"]);
    assert_eq!(spans("20263330609,ராமசாமி,மீனாட்சி,ramasamy.meenakshi@x.ac.uk"), ["person:ராமசாமி", "person:மீனாட்சி", "email:ramasamy.meenakshi@x.ac.uk"]);
    assert_eq!(spans("\"TU9655103\",\"Καραγιάννη\",\"Ελένη\",\"eleni.karagianni@x.ac.uk\""), ["person:Καραγιάννη", "person:Ελένη", "email:eleni.karagianni@x.ac.uk"]);
    // Markdown cells and fields after `, `.
    assert_eq!(spans("| Doe | Jane | jane.doe@x.org |"), ["person:Doe", "person:Jane", "email:jane.doe@x.org"]);
    // Columns that do not spell the address, a shared mailbox's words, and a city and a
    // country before an address of vowel-initial parts are something else.
    assert_only_emails("Overseas;Home;jane.doe@x.ac.uk\nLondon,Paris,pierre.martin@x.fr\nService;Desk;servicedesk@uni.ac.uk\n7,الرياض,السعودية,ahmed.ali@x.sa");
}

#[test]
fn takes_the_name_parts_of_ldif_fhir_and_hl7_fields() {
    let ldif = "dn: CN=Siobhan Ni Dhubhghaill,OU=NewStarters\nobjectClass: user\ncn: Siobhan Ni Dhubhghaill\nsn: Ni Dhubhghaill\ngivenName: Siobhan\nemployeeID: E587892";
    assert_eq!(spans(ldif).iter().filter(|span| span.starts_with("person:")).cloned().collect::<Vec<_>>(), ["person:Siobhan Ni Dhubhghaill", "person:Ni Dhubhghaill", "person:Siobhan"]);
    // A note that maps attributes is no entry.
    assert_untouched("Mapping:\ngivenName: FirstName\nsn: LastName\ncn: DisplayName");
    // A long value of another script after a key (a panic the review found).
    assert_untouched(&format!("{{\"family\":\"a\",\"given\": \"{}\"}}", "é".repeat(200)));
    let fhir = r#"{ "name": [ { "use": "official", "text": "Marija Ana Šimunović", "family": "Šimunović", "given": [ "Marija", "Ana" ] } ] }"#;
    assert_eq!(spans(fhir), ["person:Marija Ana Šimunović", "person:Šimunović", "person:Marija", "person:Ana"]);
    assert_eq!(spans(r#""name": [{"text": "ნინო ბერიძე", "family": "ბერიძე", "given": ["ნინო"]}]"#), ["person:ნინო ბერიძე", "person:ბერიძე", "person:ნინო"]);
    let hl7 = "MSH|^~\\&|LAB|HALV|||20260225021942||ADT^A01|1|P|2.5\rPID|1||T8415783^^^HALV^MR||JAHAN^NUSRAT^^^MR^^L||19480210|M\rNK1|1|JAHAN^RAFIQ|SPO";
    assert_eq!(spans(hl7), ["person:JAHAN", "person:NUSRAT", "person:JAHAN", "person:RAFIQ"]);
    // A font's family, a family key without given names, and fields that hold no name.
    assert_untouched(r#"{ "font": { "family": "Open Sans" }, "net": { "family": "ipv4" }, "rule": { "text": "Hello World", "given": "When" } }"#);
    assert_untouched("sn: 4411-2093\ngivenName: string\nPID|1||T1^^^H^MR||^^^^^^L||1948");
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
fn takes_the_names_of_a_vcard_but_not_of_an_organizations_card() {
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Chua;Li Ting;;;\r\nFN:Chua Li Ting\r\nTITLE:Witness\r\nEND:VCARD";
    assert_eq!(spans(card), ["person:Chua", "person:Li Ting", "person:Chua Li Ting"]);
    let redacted = redactor().redact(card).expect("the card is within the limit");
    assert!(redacted.contains("N:[PERSON_1];[PERSON_1_2];;;") && redacted.contains("FN:[PERSON_1_3]"), "{redacted}");
    assert_untouched("BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:Qorvane Assurance Group\nN:Qorvane;;;;\nEND:VCARD\nFN:Not In A Card");
    // Cards cut off before their END are read to the next card, in linear time.
    let cut = "BEGIN:VCARD\nFN:Ann Lee\n".repeat(20_000);
    assert_eq!(spans(&cut).len(), 20_000);
}

#[test]
fn takes_the_name_after_a_full_name_label() {
    for (text, name) in [
        ("Name / Nombre completo:  Diego  Castellanos     Policy No.:  955-6866327", "Diego  Castellanos"),
        ("[x] Full name: Salma bint Faisal Al-Qahtani · salma@x.ae", "Salma bint Faisal Al-Qahtani"),
        ("[x] שם מלא: שירה לוינסון · נבדק", "שירה לוינסון"),
        ("Nama lengkap: Siti Rahmawati\nPolis: 12", "Siti Rahmawati"),
    ] {
        assert!(spans(text).contains(&format!("person:{name}")), "in {text:?}: {:?}", spans(text));
    }
    // A label with no name after it, or one word, or lowercase words.
    assert_untouched("Full name: required\nFull name: Madonna\nfull name: the customer's, as on the ID\nFull name:\n\nName: Payments Service");
    // A label glued to the next, many times over, costs linear time.
    assert_untouched(&"ФИО:".repeat(50_000));
}

#[test]
fn takes_a_name_beside_an_address_that_adds_a_number_or_leaves_out_particles() {
    for (text, name, address) in [
        ("CL26RO22417 | Anneke du Plessis | anneke.plessis89@gmail.com |", "Anneke du Plessis", "anneke.plessis89@gmail.com"),
        ("Nuevo siniestro reportado por María José de la Cruz (mariajose.cruz@yahoo.com.mx)", "María José de la Cruz", "mariajose.cruz@yahoo.com.mx"),
        ("From: Muhammad Hafiz bin Ismail <muhammadhafiz.ismail91@gmail.com>", "Muhammad Hafiz bin Ismail", "muhammadhafiz.ismail91@gmail.com"),
        ("<a href=\"mailto:maricelcruz@yahoo.com.ph\">Maricel Dela Cruz</a>", "Maricel Dela Cruz", "maricelcruz@yahoo.com.ph"),
        ("(42295,'Lindiwe Khumalo','lindiwe.khumalo79@gmail.com')", "Lindiwe Khumalo", "lindiwe.khumalo79@gmail.com"),
        ("Tuntutan baharu daripada Chua Li Ting (litingchua@gmail.com)", "Chua Li Ting", "litingchua@gmail.com"),
    ] {
        let found = spans(text);
        assert!(found.contains(&format!("person:{name}")) && found.contains(&format!("email:{address}")), "in {text:?}: {found:?}");
    }
    // A long number is no year or counter after a name, and a numbered address alone is as
    // likely a service account's.
    assert_eq!(spans("Jane Doe <jane.doe123456@x.com>"), ["email:jane.doe123456@x.com"]);
    assert_eq!(spans("db.backup01@corp.com failed; the DB Backup job retries"), ["email:db.backup01@corp.com"]);
    assert!(spans("Szűcs Anna <annaszucs@x.hu>").contains(&"person:Szűcs Anna".to_owned()));
}

#[test]
fn takes_a_name_of_several_words_hyphens_or_another_script_beside_the_address_that_spells_it() {
    for (text, name, address) in [
        ("From: Mia Schneider-Hartmann <mia.schneider-hartmann@gmx.at>", "Mia Schneider-Hartmann", "mia.schneider-hartmann@gmx.at"),
        ("Fatura de Ana Beatriz Gonçalves <anabeatriz.goncalves@uol.com.br>", "Ana Beatriz Gonçalves", "anabeatriz.goncalves@uol.com.br"),
        ("Pedido de Bruno Carvalho da Cunha (bruno.carvalhodacunha@sapo.pt)", "Bruno Carvalho da Cunha", "bruno.carvalhodacunha@sapo.pt"),
        ("|Sarah O'Neill-Baptiste|sarah.oneill-baptiste@icloud.com|", "Sarah O'Neill-Baptiste", "sarah.oneill-baptiste@icloud.com"),
        ("Chiara Bellini,chiara.bellini+playtest@gmail.com,IT", "Chiara Bellini", "chiara.bellini+playtest@gmail.com"),
        ("Обращение от Анна Смирнова (anna.smirnova@yandex.ru): двойное списание", "Анна Смирнова", "anna.smirnova@yandex.ru"),
        ("Αίτημα από Ελένη Γεωργίου (eleni.georgiou@otenet.gr)", "Ελένη Γεωργίου", "eleni.georgiou@otenet.gr"),
        (r#"{"name":"Hendrik Jan Bos","email":"hendrikjan.bos@kpnmail.nl"}"#, "Hendrik Jan Bos", "hendrikjan.bos@kpnmail.nl"),
    ] {
        assert_eq!(spans(text), [format!("person:{name}"), format!("email:{address}")], "in {text:?}");
    }
    // A name found inside a folded `ß` (`Krauß` folds to `krauss`) is not cut in two.
    assert_eq!(spans("jan.kraus@firma.de, Jan Krauß"), ["email:jan.kraus@firma.de"]);
    // Letters with several romanizations cannot make the search exponential.
    let soft = format!("Ь{}", "ь".repeat(30));
    let text = format!("{soft} {soft} <{}z@x.ru>", "y".repeat(31));
    assert_eq!(spans(&text), [format!("email:{}z@x.ru", "y".repeat(31))]);
    // A Cyrillic word that does not spell the address is not taken for its name.
    assert_eq!(spans("Обращение от Иван Петров (anna.smirnova@yandex.ru)"), ["email:anna.smirnova@yandex.ru"]);
    assert_eq!(spans("Mia Schneider-Hartmann\nTel. intern\n\n> From: mia.schneider-hartmann@gmx.at"), ["person:Mia Schneider-Hartmann", "email:mia.schneider-hartmann@gmx.at"]);
}

#[test]
fn takes_an_assigned_password_that_meets_a_password_policy_however_repetitive() {
    for (text, password) in [
        (r#"DATABASES = {"default": {"HOST": "db", "PASSWORD": "t00ls-DB-2022"}}"#, "t00ls-DB-2022"),
        ("pgbouncer_password=pgb-Adm1n!2023", "pgb-Adm1n!2023"),
        ("tunnel1_preshared_key = \"Lx7_pSk.t1.f82Kq3Za\"", "Lx7_pSk.t1.f82Kq3Za"),
        ("PRE_SHARED_KEY: aa11-BB22-aa11", "aa11-BB22-aa11"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // Lowercase words, digits and dashes are names and versions, not a policy's passwords.
    assert_untouched("secret_version: v2-2024-01\npassword_min_length: 12\napi_key = sk_live_••••••••••••3fA9, token: Ab1x****9");
}

#[test]
fn takes_the_password_column_of_a_jira_or_markdown_table() {
    let jira = "||DB host||User||Password||Notes||\n|dev|172.22.105.86|ht_app|Ipj~RR8Q=^Eyn.^z|reset nightly|\n|qa2|10.16.13.3|ht_app|otter_Tundra_walnut_21| |\n|perf|10.14.2.16|ht_perf|n/a|ask Ops|";
    assert_eq!(
        spans(jira),
        ["ip_address:172.22.105.86", "password:Ipj~RR8Q=^Eyn.^z", "ip_address:10.16.13.3", "password:otter_Tundra_walnut_21", "ip_address:10.14.2.16"]
    );
    let markdown = "| Host | User | Passwort |\n|---|---|---|\n| db01 | app | Xk9!mQ2v7 |\n| db02 | app | ******** |";
    assert_eq!(spans(markdown), ["password:Xk9!mQ2v7"]);
    // Tables without a password column, and pipes of a shell.
    assert_untouched("||Host||Owner||\n|db01|Xk9mQ2v7Lp|\n$ cat log\n| grep Xk9!mQ2v7 | wc -l");
    // Columns that only mention passwords, and names of keys kept elsewhere.
    assert_untouched("||Test case||Pass/Fail||\n|Login via SSO|PASSED|\n| User | Password last changed |\n|---|---|\n| jdoe | 2024-05-01 |");
    assert_untouched("||Secret||Owner||\n|stripe_live_key|Payments|");
    // A long table is read to its end, and a table ends at the first line that is not a row.
    let rows: String = (0..100).map(|i| format!("|host{i}|Xk9!mQ2v{i}|\n")).collect();
    let text = format!("||Host||Password||\n{rows}after the table\n|host|Xk9!mQ2vL|");
    assert_eq!(spans(&text).len(), 100);
    // A pipe escaped inside a cell.
    assert_eq!(spans("| Host | Password | Notes |\n|---|---|---|\n| db01 \\| db02 | Xk9!mQ2v7 | a \\| b |"), ["password:Xk9!mQ2v7"]);
    // A row that leaves its last cells out.
    assert_eq!(spans("| Host | User | Password | Notes |\n|---|---|---|---|\n| db01 | app | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
}

#[test]
fn takes_the_password_column_of_a_markdown_table_without_leading_pipes() {
    let table = "Accounts for the audit:\nHost | User | Password\n--- | --- | ---\ndb01 | app | Xk9!mQ2v7\ndb02 | app | ********\n  db03 | etl | Lq4#vT8zW1 \nafter the table\ndb04 | app | Zr7!pQ3m9";
    assert_eq!(spans(table), ["password:Xk9!mQ2v7", "password:Lq4#vT8zW1"]);
    // Without a password column, or without a separator, pipes are only pipes.
    assert_untouched("Host | Owner\n:-- | --:\ndb01 | Xk9mQ2v7Lp\n$ grep Xk9!mQ2v7 log | wc -l\nfoo | bar\n--");
    // A separator on the first line has no header.
    assert_untouched("--- | ---\nXk9!mQ2v7 | Lq4#vT8zW1");
    // A bare header over a separator and rows written with pipes at their ends.
    assert_eq!(spans("Host | Password\n|---|---|\n| db01 | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
    assert_untouched("Host | Owner\n|---|---|\n| db01 | Xk9mQ2v7Lp |\n|---|\n| Password |");
    // A pipe on a last line without a newline (a panic the properties found).
    assert_untouched("|");
}

#[test]
fn leaves_the_name_of_a_secret_assigned_to_a_secret_key_alone() {
    assert_untouched("secret: payment_service_creds_2\ntoken = prod-db-password\napi_key: stripe.api.key");
    // A secret noun and a number alone is a weak password, not a name.
    assert_eq!(spans("db_password: password-123"), ["password:password-123"]);
    // A value of words and a number with no word naming a secret can still be one.
    assert_eq!(spans("password: Marble_cobalt_juniper-05"), ["password:Marble_cobalt_juniper-05"]);
}

#[test]
fn takes_secrets_the_command_lines_of_aws_azure_terraform_npm_and_oracle_print_or_take() {
    let aws = "PTFQj77dZ6562PHfdUxdv7DNSn9+FsSeaNpzw3CO";
    assert_eq!(spans(&format!("AWS Secret Access Key [None]: {aws}\nDefault region name [None]: eu-west-1")), [format!("api_key/aws:{aws}")]);
    assert_eq!(spans(&format!("  515  aws configure set aws_secret_access_key {aws}\n")), [format!("api_key/aws:{aws}")]);
    let azure = format!("{}==", "CMGDM/eSZPtA/bMJR4m9BUIjPWJrVZEnR00aTgrvRK7FwfBqoy1nxobmDidipU4oJlaDO6LCPTvBZGbT3SuDBg");
    assert_eq!(spans(&format!("az storage blob upload-batch --account-name qb --account-key {azure} -d x")), [format!("api_key/azure:{azure}")]);
    assert_eq!(spans("$ terraform output -raw db_master_password\n6ifUS#-+39!4x\n$ exit"), ["password:6ifUS#-+39!4x"]);
    assert_untouched("$ terraform output -raw db_master_password\nError: Output not found\n$ terraform output -raw admin_token\n${var.token}");
    assert_eq!(spans("//npm.quillbeak.dev/:_auth=Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx\n"), ["password:Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx"]);
    assert_eq!(spans("BILLING_JDBC=jdbc:oracle:thin:billing_batch/Dow~dTwP3BS~PwSceY4@//db:1521/BILL"), ["password:Dow~dTwP3BS~PwSceY4"]);
}

#[test]
fn takes_passphrases_of_words_and_a_number_and_passwords_in_more_languages() {
    for (text, password) in [
        ("machine api login backup password Marble_cobalt_juniper-05", "Marble_cobalt_juniper-05"),
        ("mysql -h db -u lb_admin -pprism.orbit.Harbor21 leaderboards", "prism.orbit.Harbor21"),
        ("Server=db;Uid=etl;Pwd=Glacier.lantern.velvet_49;Encrypt=yes", "Glacier.lantern.velvet_49"),
        ("WPA2 passphrase lantern_cinder_falcon18. Staff only.", "lantern_cinder_falcon18"),
        ("сервер 192.168.77.10, пароль: rocket-otter-Willow_30.", "rocket-otter-Willow_30"),
        ("KEYSTORE_PASSWORD_ANDROID=Xk9!mQ2v7Lp", "Xk9!mQ2v7Lp"),
        ("Geçici yönetici şifresi: ZB%J_=83fX.+L-.6.Ep", "ZB%J_=83fX.+L-.6.Ep"),
        ("server odmítá spojení, dočasné heslo je d3!V=a=_x3X!4tThr.", "d3!V=a=_x3X!4tThr"),
        ("trả về lỗi 502, mật khẩu tạm thời là %^Ewln5%Qgl~.", "%^Ewln5%Qgl~"),
        ("the staging admin password was rotated this morning, it's now 4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN - thanks", "4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN"),
        ("the router admin login (admin / basalt-orbit-Willow_76).", "basalt-orbit-Willow_76"),
    ] {
        assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("The password for Single-Sign-On uses user_profile_v2 and settings.db.password; the game's file version as 1.15.4.127.");
    // Found in review: words after a dash or a code word, names, settings and postal codes.
    for text in [
        "Password prompt loops — Outlook2016 clients affected",
        "Ο κωδικός σφάλματος είναι Error404",
        "password = settings.smtp.password_2",
        "Bengaluru, PIN Code: 560001",
        "credential_type: OAuth2-PKCE\napi_key_version: Beta-2024-06\npsk_identity: Client-Device-01\ntoken_ttl: 36h-Rolling9",
    ] {
        assert_untouched(text);
    }
}

#[test]
fn takes_the_password_a_reply_gives_without_naming_it() {
    for (text, password) in [
        ("done, I reset it to Admin123! - please change it at first login", "Admin123!"),
        ("Changed them to 'Xk9#mQ2v7Lp'.", "Xk9#mQ2v7Lp"),
        ("we rotated it back to Lq4#vT8zW1, sorry", "Lq4#vT8zW1"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("set it to v2.14.3-hotfix; changed it to INV-2025-46791; reset them to defaults; set it back to 1024x768px");
    assert_untouched("offset it to 0x7FFFABCD, then set it to SHA256withRSA");
}

#[test]
fn takes_the_passwords_that_powershell_ldif_and_oracle_logins_hold() {
    for (text, password) in [
        ("$cred = New-Object PSCredential('HRHCS\\svc_backup', (ConvertTo-SecureString 'EbS+cqRBz_*E7Uw2gP8' -AsPlainText -Force))", "EbS+cqRBz_*E7Uw2gP8"),
        ("employeeID: E587892\nunicodePwd:: IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA=\n\ndn: CN=x", "IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA="),
        ("unicodePwd:: IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n ==\nmail: x", "IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n =="),
        ("3. sqlplus sys/QQJoUvieD7dGVoUPf@HRPRD as sysdba", "QQJoUvieD7dGVoUPf"),
        ("sqlplus -s app_ro/Wq8vT2mLx9Rk\nexit", "Wq8vT2mLx9Rk"),
        ("\"Tq9#mW2vLx8!\" | ConvertTo-SecureString -AsPlainText -Force", "Tq9#mW2vLx8!"),
        ("convertto-securestring -force -asplaintext -string 'Pa$$w0rd!9x'", "Pa$$w0rd!9x"),
        ("Fallback to the Oracle replica uses lis_ro/YsAzVjbJuz8YY3R@//ora-lis01.halvern.internal:1521/LIS", "YsAzVjbJuz8YY3R"),
        (r#"orthanc.json: "RegisteredUsers": { "pacsadmin": "Meadow!meadow!64" } and"#, "Meadow!meadow!64"),
        ("\"RegisteredUsers\" : {\n    \"pacsadmin\" : \"Heron_velvet*712\"\n  }", "Heron_velvet*712"),
    ] {
        assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
    }
    // A variable, a reference and a URL path are no passwords.
    assert_untouched("ConvertTo-SecureString $env:SVC_PW -AsPlainText; ConvertTo-SecureString \"$pw\" -AsPlainText\nsqlplus app/${DB_PW}@PRD\nsee https://example.com/a@//b\nConvertTo-SecureString 'x' -Key $key");
    // A secret store's path, and a Sealed Secret's ciphertext.
    let sealed = format!("kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgB{}", "qPiumD/ipdcLr/C6kT9Dn8uhEnP5VY1+hYWkIaSiUxU2ACd8br4lQANwRT".repeat(4));
    assert_untouched(&format!("vault.hashicorp.com/agent-inject-secret-db: \"secret/data/orthanc/db\"\n{sealed}"));
}

#[test]
fn keeps_the_literal_prefixes_of_every_group_that_had_them_for_the_shared_scan() {
    // A pattern that starts with a short literal, or too many prefixes in one group, takes
    // the group out of the shared prefix scan: its regex then searches every byte (the dense
    // corpus fell from 62 to 16 MB/s when the password group lost its prefixes).
    let without: Vec<&str> = GROUPS.iter().filter(|group| !group.alternatives && group_prefixes(group).is_none()).map(|group| group.detectors[0].name).collect();
    assert_eq!(without, ["url_credentials", "api_key/telegram", "api_key/azure", "email", "email", "ip_address"]);
}

#[test]
fn takes_passwords_of_xml_elements_vault_tables_and_more_languages() {
    for (text, password) in [
        (r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Ember-7078d</wsse:Password>"#, "Ember-7078d"),
        ("<password> qfVMP3CDHaen514Wmzux3* </password>", "qfVMP3CDHaen514Wmzux3*"),
        ("📢 Temporary password for the broker portal: Fjord_4374x\n— Nomvula", "Fjord_4374x"),
        ("Nenosiri la muda la tovuti ya madalali: Tundra=1128s", "Tundra=1128s"),
        ("Kata sandi sementara portal broker: Kestrel%9903w", "Kestrel%9903w"),
        ("Kata laluan sementara portal broker: Glacier?6025u", "Glacier?6025u"),
        ("Parola temporară pentru portalul brokerilor: Indigo%8311o", "Indigo%8311o"),
        (r#""description":"… 2025.\nContraseña temporal del portal de agentes: Monsoon~8933u","#, "Monsoon~8933u"),
        ("كلمة المرور المؤقتة لبوابة الوسطاء: u6#SikpJN1V_*", "u6#SikpJN1V_*"),
        ("पोर्टल का अस्थायी पासवर्ड: =vDyC=Tn3sSH", "=vDyC=Tn3sSH"),
        ("รหัสผ่านชั่วคราวสำหรับพอร์ทัลนายหน้า: Pumice.6180z", "Pumice.6180z"),
        ("Zip password for the records of 2909/707799: wUCGISp0TYjaZ66yceGCQ34pp_ (sent apart)", "wUCGISp0TYjaZ66yceGCQ34pp_"),
        ("> Y cyfrinair dros dro yw 2DDgexu3AHhryXsG – newidiwch ef", "2DDgexu3AHhryXsG"),
        ("> Privremena lozinka je Heron03%A9ZVKYCN, promijenite je", "Heron03%A9ZVKYCN"),
        ("> Привремена лозинка је Anar-871! — промените је", "Anar-871!"),
        ("> Laikinasis slaptažodis: MezGbFKDDw75 – pirmą kartą", "MezGbFKDDw75"),
        ("> Ο προσωρινός κωδικός πρόσβασης είναι: 4j6F3yZJ5dn2D — αλλάξτε τον", "4j6F3yZJ5dn2D"),
        ("> عارضی پاس ورڈ: oib3au2qXJqoA — پہلی بار", "oib3au2qXJqoA"),
        ("> رمز عبور موقت: Heron39!f9UTp — لطفاً", "Heron39!f9UTp"),
        ("> ጊዜያዊ የይለፍ ቃል: Harbour27#kVKfy — በመጀመሪያ", "Harbour27#kVKfy"),
        ("> தற்காலிக கடவுச்சொல்: Larch_ember#763 — முதல்", "Larch_ember#763"),
        ("body: Түр нууц үг: Lantern87#dcaOW — анх", "Lantern87#dcaOW"),
        ("> La contrasenya temporal és DVFyzr5kKC9za9x5e; canvieu-la", "DVFyzr5kKC9za9x5e"),
    ] {
        assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
    }
    let vault = "Key                Value\naccess_key         AKIAODBRNOWLYXTO6QAV\nsecret_key         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\nlease_duration     768h";
    assert_eq!(spans(vault), ["api_key/aws:AKIAODBRNOWLYXTO6QAV", "api_key/aws:wAluyQDu0cD6dm1z8Ig31C0ODWsdoMd4nAExGJTV"]);
    // Names, versions and empty or referenced elements.
    assert_untouched("<password></password><password>${DB_PASSWORD}</password><password>********</password>\nPassword rules: Release-2024 and Policy_2024 apply, token flow OAuth2-PKCE-Flow-Enabled");
}

#[test]
fn takes_a_passcode_or_pin_after_its_word() {
    for (text, pin) in [
        ("Meeting ID: 812 4471 0932\nPasscode: 448120\nDial by your location", "448120"),
        ("The SIM's PIN is 4821, PUK in the safe.", "4821"),
        ("Kenncode: 771203", "771203"),
        ("PIN-Code 90210 für das Terminal", "90210"),
    ] {
        assert_eq!(spans(text), [format!("password:{pin}")], "in {text:?}");
    }
    assert_untouched("SPIN 2000 units; PIN 1234-5678 is a part number; Passcode 2024.3 policy; PIN 12");
}

#[test]
fn takes_a_passphrase_of_capitalized_words_and_a_number_after_its_word() {
    assert_eq!(spans("SSID BL-Staff-LON, new passphrase Tower-Bridge-Kettle-42, valid"), ["password:Tower-Bridge-Kettle-42"]);
    assert_untouched("The password for Single-Sign-On is managed by IT; password reset via Self-Service-Portal-2 form.");
}

#[test]
fn takes_a_vault_token_and_a_german_switchboard_number() {
    let token = "hvs.PG-NkfOpvi_4MT-7JDZVJYJp";
    assert_eq!(spans(&format!("Vault token for the job: `{token}`.")), [format!("api_key/vault:{token}")]);
    assert_eq!(spans("Tel.: 0511 / 64 72 18-0\nFax: 0511 / 64 72 18-99"), ["phone:0511 / 64 72 18-0", "phone:0511 / 64 72 18-99"]);
}

#[test]
fn redacts_the_password_of_a_net_use_command() {
    for (text, password) in [
        ("net use Z: \\\\fs01\\finance Fin!2024q /user:CORP\\jdoe /persistent:yes", "Fin!2024q"),
        ("NET USE \\\\filer\\ipc$ \"two words\" /USER:admin", "two words"),
        ("Mapped it with `net use \\\\nas\\scans /user:scanner Sc4nner#7` and it works", "Sc4nner#7"),
        ("net use \\\\fs01\\hr /u:CORP\\svc-hr Welcome2024", "Welcome2024"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched(
        "net use \\\\fs01\\hr * /user:CORP\\jdoe; net use \\\\fs01\\hr %PW% /user:x\n\
             net use \\\\fs01\\hr /user:CORP\\jdoe fails with error 1326\n\
             net use Z: \\\\fs01\\share /persistent:no; the magnet use case \\\\a\\b pw /user:x\n\
             net use \\\\fs01\\finance fails with error 1326 when run with /user:CORP\\jdoe",
    );
}

#[test]
fn curl_with_an_api_key_as_the_user_takes_the_key() {
    assert_eq!(
        spans("curl -u 8f3kQ9xLm2Vb7Tz1Pq4R:X https://acme.freshdesk.com/api/v2/tickets"),
        ["password:8f3kQ9xLm2Vb7Tz1Pq4R:X"]
    );
}

#[test]
fn takes_short_assigned_passwords_with_letters_and_digits_and_compound_password_words() {
    assert_eq!(
        spans(
            "zabbix_db_password = Z4bb1x!db\n\
                 het beheerwachtwoord van de controller is Paxton#Ams01\n\
                 Initialpasswort für das AD-Konto: Hamburg!Start24\n\
                 o acesso: utilizador admin, palavra-passe L0ja-Port0!rt.\n\
                 SECRET_KEY = \"k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o\""
        ),
        [
            "password:Z4bb1x!db",
            "password:Paxton#Ams01",
            "password:Hamburg!Start24",
            "password:L0ja-Port0!rt",
            "password:k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o"
        ]
    );
    assert_untouched(
        "api_key_header: X-Api-Key\npassword_policy = strict\ntoken = os.getenv(\"TOKEN\")\n\
             let password = rpassword::prompt_password(\"Password: \")?;\n\
             Das Passwortfeld ist leer. Die Kennwortrichtlinie gilt.",
    );
}

#[test]
fn leaves_edi_fields_postal_codes_case_numbers_and_versions_alone() {
    assert_untouched(
        "UNB+UNOC:3+4006381333931:14+5412345000013:14+240319:0815+00000000000781'\n\
             〒105-0022 東京都港区 / Número de expediente 2024/000412\n\
             Firmware is 1.13.0.8; Firmware-Update 2.3.4.1; versão 3.2.0.45.",
    );
}

#[test]
fn a_command_continued_onto_the_next_line_still_counts() {
    assert_eq!(
        spans("curl -X POST \\\n  -H 'Accept: text/plain' \\\n  -u admin:Wint3rIsC0ming https://ci.acme.io/job"),
        ["password:Wint3rIsC0ming"]
    );
    assert_untouched("echo curl is installed\n  -u admin:Wint3rIsC0ming");
}

#[test]
fn redacts_a_weak_password_only_where_the_text_says_it_is_one() {
    assert_eq!(
        spans(
            "The wifi password is Summer2024 for guests.\npassword: welcome1\n\
                 Das Passwort lautet Sommer2024.\nReset the password to Admin123! please.\n\
                 Temp password for the kiosk account: Changeme1\nhis password was literally hunter2\n\
                 remettre le mot de passe à Bonjour123; VPN账号：vpn-guest，密码：Vpn@2024"
        ),
        [
            "password:Summer2024",
            "password:welcome1",
            "password:Sommer2024",
            "password:Admin123!",
            "password:Changeme1",
            "password:hunter2",
            "password:Bonjour123",
            "password:Vpn@2024"
        ]
    );
    assert_untouched(
        "The password is hashed with argon2 and stored as sha256.\nPassword policy: version2 \
             applies. The password is SHA256 hashed. Passwords changed in sprint 42 and release 7.",
    );
}

#[test]
fn a_particle_glued_to_a_password_is_not_part_of_it() {
    assert_eq!(
        spans("パスワードはXk9!mQ2vです。비밀번호는 Zp4#wR7t입니다. 密码是Hq8$nV3k。DB 비밀번호는 Hangang#DB7이고"),
        ["password:Xk9!mQ2v", "password:Zp4#wR7t", "password:Hq8$nV3k", "password:Hangang#DB7"]
    );
}

#[test]
fn a_setting_that_names_where_a_secret_is_kept_is_not_one() {
    assert_untouched(
        "helm install redis bitnami/redis --set auth.existingSecret=redis-auth \
             --set grafana.admin.passwordKey=admin-password; secretName: prod-db-creds",
    );
    assert_eq!(
        spans("--set auth.password=Xk9mQ2vL7pZw; secretName: Xk9!mQ2vL7pZ"),
        ["password:Xk9mQ2vL7pZw", "password:Xk9!mQ2vL7pZ"],
        "a value that is not a resource name is still taken"
    );
}

#[test]
fn a_password_flag_mentioned_in_a_sentence_after_a_command_is_not_one() {
    assert_untouched(
        "Older runners use `docker login -u ci -p \"$TOKEN\" reg`, which prints \"WARNING! Using --password via the CLI\".",
    );
}

#[test]
fn a_private_key_header_without_a_key_is_not_one() {
    assert_untouched("Paste the file that starts with `-----BEGIN OPENSSH PRIVATE KEY-----` into Vault.");
}

#[test]
fn a_connection_string_password_that_looks_like_an_identifier_is_still_one() {
    assert_eq!(
        spans("Server=db;User Id=sa;Password=BlueHorseStaple;\n{user: app, password: TrustNoOneEver}"),
        ["password:BlueHorseStaple", "password:TrustNoOneEver"]
    );
}

#[test]
fn code_naming_a_secret_variable_or_type_is_not_a_secret() {
    assert_untouched("const user = { password: hashedPassword, token: accessToken };\nfn f(token: AuthToken) {}");
    assert_eq!(
        spans("password: CorrectHorseBatteryStaple\npassword: \"hashedPassword\","),
        ["password:CorrectHorseBatteryStaple", "password:hashedPassword"],
        "a bare value ending its line, or a quoted one, is still taken"
    );
}

#[test]
fn reads_the_phone_numbers_of_travel_records_and_not_their_bag_tags_or_times() {
    assert_eq!(spans("<CountryDialingCode>95</CountryDialingCode><PhoneNumber>9786411454</PhoneNumber>"), ["phone:9786411454"]);
    assert_eq!(spans("  10 SSR CTCM Q7 HK1 919063705138/P1"), ["phone:919063705138"]);
    assert_eq!(spans("эл. пошта, тэл. 8 (044) 206-85-54. Браніраванне"), ["phone:8 (044) 206-85-54"]);
    for text in ["ivalisi, bag tag 0738 392437. Kontak", "bag tags 0738 377446 and 0738 839372 re-printed", "BPM tag=0738 166923 status=OFFLOADED", "  3  Q7 421 Y 04MAR 6 SJJFRA HK2  0945 0005  04MAR  E"] {
        assert_untouched(text);
    }
    // Air waybills, and a form's dummy numbers.
    for text in ["AWB 020-12345675 accepted at FRA", "<PhoneNumber>1234567890</PhoneNumber>", "phone: 000000000", "tel 111-111-1111"] {
        assert_untouched(text);
    }
    // A phone word still makes such numbers phones; a list after another word is not a tag's.
    assert_eq!(spans("tel 0738 392437"), ["phone:0738 392437"]);
    assert_eq!(spans("call 020 7946 0958 and 020 7946 0959"), ["phone:020 7946 0958", "phone:020 7946 0959"]);
}

#[test]
fn finds_chinese_and_korean_phone_numbers() {
    assert_eq!(
        spans("手机：13800138000，或 139-1234-5678。전화: 010-2345-6789, 02-123-4567"),
        ["phone:13800138000", "phone:139-1234-5678", "phone:010-2345-6789", "phone:02-123-4567"]
    );
    assert_untouched("Order 123 4567 8901 shipped; build 1024 2048 4096; Build 139.1234.5678 failed.");
}

#[test]
fn a_quoted_value_ends_at_its_unescaped_quote() {
    assert_eq!(
        spans(r#"{"user": "ingest", "password": "ab\"c9!Xy_77", "retries": 3}"#),
        [r#"password:ab\"c9!Xy_77"#]
    );
}

#[test]
fn redacts_a_quoted_password_whole_even_with_delimiters_inside() {
    assert_eq!(
        spans("password: \"p@ss w0rd;&x<1\"\n{\"secret\": \"K8s, 'Secr3t' Z\"}"),
        ["password:p@ss w0rd;&x<1", "password:K8s, 'Secr3t' Z"]
    );
}

#[test]
fn redacts_random_values_that_only_look_like_references() {
    assert_eq!(
        spans(
            "jdbc:mysql://db/shop?user=app&password=$0Sr-QQM0U0Zt7$y^&ssl=true \
                 \"api_token\": \"%zIYB$j0zAgVYA!s3%1P\" password=Zfok.PTAXhQ0 \
                 mysql://postgres:TUf6.UoCnLkeP7IasMk4@db-2:3306/shop"
        ),
        [
            "password:$0Sr-QQM0U0Zt7$y^",
            "password:%zIYB$j0zAgVYA!s3%1P",
            "password:Zfok.PTAXhQ0",
            "url_credentials:postgres:TUf6.UoCnLkeP7IasMk4"
        ]
    );
}

#[test]
fn redacts_the_credentials_of_curl_dash_u() {
    assert_eq!(
        spans(
            "curl -u deploy:Tr0ub4dor3x https://api.example.com\n\
                 curl --user=\"ci:K8s#Secr3tZ\" -X POST https://x.example.com"
        ),
        ["password:Tr0ub4dor3x", "password:K8s#Secr3tZ"]
    );
}

#[test]
fn leaves_dash_u_alone_outside_curl_and_quoted_prose_after_a_secret_key() {
    assert_untouched(
        "docker run -u 1000:1000 app; git push -u origin main; curl -u $USER:$TOKEN x\n\
             \"token_uri\": \"https://oauth2.googleapis.com/token\", \
             \"secret\": \"see the vault entry for prod\", password = settings.DbPassword, \
             token: Settings.Default.ApiKey, pwd=$env:DB_PASSWORD",
    );
}

#[test]
fn leaves_short_low_entropy_or_referenced_secret_values_alone() {
    assert_untouched(
        "password=hunter, token: required, passwd: aaaaaaaaaaaa, secret: 12121212, \
             secretary: Kimberly7, the password policy is strict, tests passed: 12345678, \
             password: ${DB_PASSWORD}, token = process.env.GITHUB_TOKEN, \
             api_key=os.environ.get(\"KEY\"), password: ********, secret=<your-secret-here>, \
             Authorization: Bearer <token>, basic functionality",
    );
}

#[test]
fn needs_three_bits_of_entropy_per_character_in_a_secret() {
    assert_eq!(redacted("token=abcdefgh"), "token=[SECRET_1]");
    assert_untouched("token=abcdefgg");
}

#[test]
fn takes_a_secret_value_on_past_letters_outside_ascii() {
    assert_eq!(spans("password: Schlüssel-9x!"), ["password:Schlüssel-9x!"]);
}

// People.

#[test]
fn redacts_every_form_of_a_person_under_one_number() {
    let text = "Ann Lee (ann.lee@acme.io) asked @Ann Lee and ANN LEE; \
                    account 557058:f58131cb-b67d-43c7-b30d-6b58d40bd077 agreed with @Bob Stone.";
    assert_eq!(
        redacted(text),
        "[PERSON_1] ([PERSON_1_2]) asked @[PERSON_1] and [PERSON_1_3]; \
             account [PERSON_1_4] agreed with @[PERSON_2]."
    );
}

#[test]
fn restores_every_form_of_a_person_exactly() {
    let mut redactor = redactor();
    let text = "ann.lee@acme.io / ann lee / Ann\n  Lee / Ann Lee";
    let out = assert_round_trip(&mut redactor, text);
    assert_eq!(
        out,
        "[PERSON_1] / [PERSON_1_2] / [PERSON_1_3] / [PERSON_1_4]"
    );
}

#[test]
fn redacts_a_mention_by_account_id() {
    assert_eq!(redacted("cc @5b10ac8d82e05b22cc7d4ef5"), "cc @[PERSON_1]");
}

#[test]
fn does_not_redact_a_name_inside_a_longer_word() {
    let mut redactor = redactor_for(
        Policy::default(),
        &[Person {
            display_name: "Ann".into(),
            ..ann()
        }],
    );
    let out = redactor
        .redact("Annabel, Joann_Ann, Annë and Ann met.")
        .expect("small text");
    assert_eq!(out, "Annabel, Joann_Ann, Annë and [PERSON_1] met.");
}

#[test]
fn finds_a_name_glued_to_a_japanese_honorific_but_not_a_name_glued_to_latin_letters() {
    let mut redactor = redactor_for(
        Policy::default(),
        &[
            Person { display_name: "田中 陽子".into(), account_id: "712020:tanaka".into(), email: None },
            ann(),
        ],
    );
    let out = redactor.redact("田中 陽子さん、Ann Leeさん and Ann Leex.").expect("small text");
    assert_eq!(out, "[PERSON_1]さん、[PERSON_2]さん and Ann Leex.");
}

#[test]
fn a_two_character_chinese_name_inside_a_word_is_not_the_person() {
    let mut redactor = redactor_for(
        Policy::default(),
        &[Person { display_name: "高峰".into(), account_id: "712020:gao".into(), email: None }],
    );
    let out = redactor.redact("晚上访问高峰期CPU占用率过高。高峰 reviewed it.").expect("small text");
    assert_eq!(out, "晚上访问高峰期CPU占用率过高。[PERSON_1] reviewed it.");
}

#[test]
fn does_not_take_a_longer_address_for_a_persons_email() {
    assert_eq!(
        spans("x.ann.lee@acme.io and ann.lee@acme.io.evil.com"),
        ["email:x.ann.lee@acme.io", "email:ann.lee@acme.io.evil.com"]
    );
}

#[test]
fn gives_a_persons_email_to_the_person_not_to_the_email_kind() {
    assert_eq!(spans("Mail ann.lee@acme.io."), ["person:ann.lee@acme.io"]);
}

#[test]
fn redacts_a_persons_email_as_an_email_when_people_are_disabled() {
    let policy = Policy {
        disabled: vec![PiiKind::Person],
        ..Policy::default()
    };
    let mut redactor = redactor_for(policy, &[ann()]);
    let out = redactor
        .redact("Ann Lee <ann.lee@acme.io>")
        .expect("small text");
    assert_eq!(out, "Ann Lee <[EMAIL_1]>");
}

// Overlaps.

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

// Placeholders and restoring.

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
fn replaces_every_occurrence_of_a_found_value_even_where_its_detector_is_silent() {
    let mut redactor = redactor();
    let out = assert_round_trip(
        &mut redactor,
        "Card 4111111111111111, again as x4111111111111111y; mail bob@example.com/bob@example.com_x",
    );
    assert_eq!(
        out,
        "Card [CARD_1], again as x[CARD_1]y; mail [EMAIL_1]/[EMAIL_1]_x"
    );
}

#[test]
fn finds_many_values_through_the_window_filter_as_a_search_for_each_would() {
    // More values than FEW_VALUES, some sharing a prefix, some as short as two bytes (so
    // the windows are two bytes wide), one at the very end of the text.
    let words = ["zq", "zqx", "zqxw", "ab12", "ab123", "10.0.0.1", "10.0.0.12", "é-ü", "mail@x.io", "tail", "k9", "k9k9"];
    let values: Values<'_> = words.iter().map(|w| (Value::new(w), (PiiKind::Password, Name::Fixed("password")))).collect();
    let text = "zqxw zq ab123 ab12x 10.0.0.12 10.0.0.1 é-ü é-üé k9k9k9 mail@x.io.mail@x.io zqx ends in tail";
    let occurrences = Occurrences::new(&values).expect("values");
    assert!(matches!(occurrences, Occurrences::Windows(Windows { width: 2, .. })));
    let mut longest_first = few_occurrences(text, &values);
    longest_first.dedup_by_key(|(range, _)| range.start);
    let found: Vec<Range<usize>> = occurrences.in_text(text, &values, std::slice::from_ref(&(0..text.len()))).into_iter().map(|(range, _)| range).collect();
    assert_eq!(found, longest_first.into_iter().map(|(range, _)| range).collect::<Vec<_>>());
    assert_eq!(&text[found[0].clone()], "zqxw");
    assert_eq!(&text[found.last().expect("a match").clone()], "tail");

    // Many values behind one prefix take the lookup by length; the longest still wins.
    let many: Vec<String> = (0..300).map(|i| format!("192.168.{}.{}", i / 10, i % 10)).collect();
    let values: Values<'_> = many.iter().map(|v| (Value::new(v), (PiiKind::IpAddress, Name::Fixed("ip_address")))).collect();
    let text = "x 192.168.29.9 192.168.2.1 192.168.1.19 192.168.0.0 192.168.7";
    let mut longest_first = few_occurrences(text, &values);
    longest_first.dedup_by_key(|(range, _)| range.start);
    let occurrences = Occurrences::new(&values).expect("values");
    let found: Vec<Range<usize>> = occurrences.in_text(text, &values, std::slice::from_ref(&(0..text.len()))).into_iter().map(|(range, _)| range).collect();
    assert_eq!(found, longest_first.into_iter().map(|(range, _)| range).collect::<Vec<_>>());
    assert_eq!(found.len(), 4);
}

/// A group's index, the ranges its own search finds and those the prefix scan finds.
#[cfg(not(js_engine))]
type BothScans = (usize, Vec<Range<usize>>, Vec<Range<usize>>);

#[cfg(not(js_engine))]
/// The prefix scan's ranges of every qualifying group beside the group's own search.
fn both_scans(text: &str) -> Vec<BothScans> {
    let patterns = compiled();
    let prefixes = patterns.prefixes.get_or_init(Prefixes::new);
    let places = prefixes.places(text);
    let ranges = |found: Vec<Found>| found.into_iter().map(|f| f.range).collect::<Vec<_>>();
    (0..GROUPS.len())
        .filter(|index| prefixes.groups & (1 << index) != 0)
        .map(|index| {
            let (group, regex) = (&GROUPS[index], patterns.group(index));
            let (mut plain, mut at_places) = (Vec::new(), Vec::new());
            scan_group(text, group.detectors, regex, |_| true, &mut plain);
            scan_group_at(text, group.detectors, regex, &places[index], |_| true, &mut at_places);
            (index, ranges(plain), ranges(at_places))
        })
        .collect()
}

#[test]
fn the_vendor_secret_groups_are_searched_through_their_prefixes() {
    let prefixes = compiled().prefixes.get_or_init(Prefixes::new);
    let names: Vec<&str> = (0..GROUPS.len()).filter(|i| prefixes.groups & (1 << i) != 0).map(|i| GROUPS[i].detectors[0].name).collect();
    println!("groups searched through their prefixes: {names:?}");
    assert!(names.contains(&"api_key/aws") && names.contains(&"api_key/gitlab") && names.contains(&"api_key/slack"), "{names:?}");
    // Twilio's keys start with two letters, then a hex digit: the class is small enough for
    // the extractor to expand it, so the group has 3-byte prefixes.
    assert!(names.contains(&"api_key/twilio"), "{names:?}");
    assert!(!names.contains(&"email") && !names.contains(&"ip_address"), "{names:?}");
}

#[test]
#[cfg(not(js_engine))]
fn the_prefix_scan_finds_what_each_groups_own_search_finds_in_the_corpora() {
    let texts: String = [include_str!("../../../tests/redaction/corpus.jsonl"), include_str!("../../../tests/redaction/handwritten.jsonl")]
        .iter()
        .flat_map(|corpus| corpus.lines())
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()?.get("text")?.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = 0;
    for (index, plain, at_places) in both_scans(&texts) {
        assert_eq!(plain, at_places, "group {index}");
        found += plain.len();
    }
    assert!(found > 300, "only {found} candidates: the corpus should exercise the groups");
    let redactor = redactor();
    let ranges = |found: Vec<Found>| found.into_iter().map(|f| (f.kind, f.range)).collect::<Vec<_>>();
    assert!(texts.len() >= PREFIX_SCAN_BYTES);
    assert_eq!(ranges(redactor.find_with(&texts, true)), ranges(redactor.find_with(&texts, false)));
}

#[cfg(not(js_engine))]
proptest! {
    /// Texts glued from the groups' own prefixes, token characters and separators: nested,
    /// overlapping and adjacent candidates, truncated tokens.
    #[test]
    fn the_prefix_scan_finds_what_each_groups_own_search_finds_anywhere(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(vec!["AKIA", "ASIA", "ghp_", "github_pat_", "glpat-", "sk_live_", "xoxb-", "xoxb-1-", "SG.", "eyJ", "-----BEGIN", "AIza", "?sig=", "&sig=", "hf_", "sk-", "npm_", "pypi-", "dapi", "hvs.", "AGE-SECRET-KEY-1", "dt0c01.", "AC", "SK"]).prop_map(str::to_owned),
            "[A-Za-z0-9_.=-]{1,40}",
            proptest::sample::select(vec![" ", "\n", ".", "-", "_", "/", "=", "\"", "é"]).prop_map(str::to_owned),
        ], 0..40),
    ) {
        let text = parts.concat();
        for (index, plain, at_places) in both_scans(&text) {
            prop_assert_eq!(plain, at_places, "group {} on {:?}", index, text);
        }
    }
}

#[cfg(not(js_engine))]
proptest! {
    /// Values of 1 to 23 bytes over a small alphabet (so they share windows, nest and
    /// overlap), a text glued from them and other bytes, and gaps cut anywhere: the window
    /// index (any width and stride) finds every occurrence within a gap that a search for each
    /// value finds, and only occurrences starting in a gap.
    #[test]
    fn the_window_index_finds_within_the_gaps_what_a_search_for_each_value_finds(
        words in proptest::collection::btree_set("[ab.1é]{1,14}", 9..40),
        picks in proptest::collection::vec((0usize..64, "[ab.1 é]{0,3}"), 0..60),
        cuts in proptest::collection::vec(0usize..400, 0..8),
        pad in 0usize..10,
    ) {
        // Padding makes every value longer, so wider windows and longer strides are tried.
        let words: Vec<String> = words.into_iter().map(|word| format!("{word}{}", "1".repeat(pad))).collect();
        let text: String = picks.iter().map(|(pick, glue)| format!("{}{glue}", words[pick % words.len()])).collect();
        let values: Values<'_> = words.iter().map(|w| (Value::new(w), (PiiKind::Password, Name::Fixed("password")))).collect();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| text.floor_char_boundary(cut.min(text.len()))).collect();
        cuts.sort_unstable();
        let gaps: Vec<Range<usize>> = cuts.chunks(2).map(|pair| pair[0]..pair.get(1).copied().unwrap_or(text.len())).collect();
        let gaps = if gaps.is_empty() { std::iter::once(0..text.len()).collect() } else { gaps };
        let windows = Windows::new(&values).expect("values");
        let mut longest = few_occurrences(&text, &values);
        longest.dedup_by_key(|(range, _)| range.start);
        let starts: Vec<Range<usize>> = longest.iter().map(|(range, _)| range.clone()).filter(|range| gaps.iter().any(|gap| gap.contains(&range.start))).collect();
        let within: Vec<Range<usize>> = starts.iter().filter(|range| gaps.iter().any(|gap| gap.start <= range.start && range.end <= gap.end)).cloned().collect();
        let found: Vec<Range<usize>> = windows.occurrences(&text, &values, &gaps).into_iter().map(|(range, _)| range).collect();
        let context = format!("width {} stride {}", windows.width, windows.stride);
        prop_assert!(within.iter().all(|range| found.contains(range)), "missed one within a gap: {}", context);
        prop_assert!(found.iter().all(|range| starts.contains(range)), "found one not starting in a gap: {}", context);
    }
}

#[cfg(not(js_engine))]
proptest! {
    /// Texts of any length glued from prefix literals and other bytes, so literals straddle
    /// the borders of the parts walked side by side: the places are where an overlapping
    /// Aho-Corasick search finds a literal starting.
    #[test]
    fn the_interleaved_walk_finds_every_literal_an_overlapping_search_finds(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(vec!["AKIA", "ghp_", "xoxb-1", "sk-ant-api", "SG.", "eyJ", "-----BEGIN", "password", "hooks.slack.com/services/", "ACf", "SKA"]).prop_map(str::to_owned),
            "[a-zA-Z0-9_ -]{0,9}",
        ], 0..30),
    ) {
        let text = parts.concat();
        let (literals, _) = prefix_literals();
        let groups_of: Vec<u32> = literals.values().copied().collect();
        let reference = AhoCorasick::builder().match_kind(LiteralMatchKind::Standard).build(literals.keys()).expect("literals");
        let mut expected = vec![Vec::new(); GROUPS.len()];
        for hit in reference.find_overlapping_iter(&text) {
            push_place(&mut expected, groups_of[hit.pattern().as_usize()], hit.start());
        }
        for list in &mut expected {
            list.sort_unstable();
            list.dedup();
        }
        prop_assert_eq!(compiled().prefixes.get_or_init(Prefixes::new).places(&text), expected);
    }
}

#[test]
fn finds_a_cluster_of_zeros_right_after_a_byte_below_zero() {
    // A skip over eight bytes at a time that subtracted '0' from the whole word borrowed
    // across bytes and missed these zeros.
    assert_eq!(digit_spans("€ -0000"), [Range { start: 0, end: 9 }]);
}

#[test]
fn digit_spans_are_the_clusters_found_digit_by_digit_on_generated_texts() {
    // Runs in every engine, so the wasm SIMD masks are checked too (under Node).
    let pieces = ["0", "00", "1234", "9", " ", ".", "-", ":", "/", "a", "zz", "é", "€", "\n", "+", "(", "x-0000"];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % 1024).unwrap_or(0)
    };
    for _ in 0..500 {
        let text: String = (0..next() % 200).map(|_| pieces[next() % pieces.len()]).collect();
        assert_eq!(digit_spans(&text), reference::digit_spans_one_by_one(&text), "{text:?}");
    }
}

#[cfg(not(js_engine))]
proptest! {
    /// Digits, separators, letters and multibyte characters in any mix and length (across
    /// the 64-byte blocks): the bit-mask clusters are the clusters found digit by digit.
    #[test]
    fn digit_spans_are_the_clusters_found_digit_by_digit(text in "([0-9]{1,5}|[ .:/-]{1,3}|[a-z]{1,20}|é|€){0,60}") {
        prop_assert_eq!(digit_spans(&text), reference::digit_spans_one_by_one(&text));
    }
}

/// Plain versions of functions, as references for their faster forms.
mod reference {
    use super::super::{MAX_DIGIT_GAP, MIN_NUMBER_DIGITS, ceil_char_boundary, floor_char_boundary};
    use std::ops::Range;

    /// The spans of `digit_spans`, found digit by digit (as the engine did before bit masks,
    /// less its skip over eight bytes at a time, which missed zeros right after a byte below
    /// `0`: the subtraction borrowed across bytes).
    pub(super) fn digit_spans_one_by_one(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let next_digit = |at: usize| bytes.get(at..)?.iter().position(u8::is_ascii_digit).map(|offset| at + offset);
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        while let Some(first) = next_digit(at) {
            let mut digits = 0;
            let mut end = first;
            loop {
                while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                    digits += 1;
                    end += 1;
                }
                let gap = &bytes[end..bytes.len().min(end + MAX_DIGIT_GAP + 1)];
                match gap.iter().position(u8::is_ascii_digit) {
                    Some(offset) => end += offset,
                    None => break,
                }
            }
            if digits >= MIN_NUMBER_DIGITS {
                let start = floor_char_boundary(text, first.saturating_sub(MAX_DIGIT_GAP));
                let stop = ceil_char_boundary(text, end + MAX_DIGIT_GAP);
                match spans.last_mut() {
                    Some(last) if last.end >= start => last.end = stop,
                    _ => spans.push(start..stop),
                }
            }
            at = end;
        }
        spans
    }
}

#[test]
#[cfg(not(js_engine))]
fn thousands_of_values_behind_one_prefix_stay_linear() {
    // 20,000 distinct addresses share the prefix `10.1`; each occurs twice. Comparing every
    // occurrence with every value would be 800 million comparisons.
    let addresses: Vec<String> = (0..20_000).map(|i| format!("10.1{}.{}.{}", i / 10_000, (i / 100) % 100, i % 100)).collect();
    let text = format!("{}\n{}", addresses.join(" "), addresses.join(","));
    let started = std::time::Instant::now();
    let out = redactor().redact(&text).expect("under the size limit");
    assert!(!out.contains("10.1"), "an address survived");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
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

// No false positives.

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

// Policy.

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

// Properties.

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
