//! Tests of phone numbers: national and international shapes, phone words in many languages, and
//! the numbers that look like phones but are not.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
fn leaves_the_bracket_around_a_whole_number_to_the_sentence() {
    assert_eq!(spans("Call Tebogo (+27 79 947 9202) or his daughter"), ["phone:+27 79 947 9202"]);
    assert_eq!(spans("ring (+254791221534) tonight"), ["phone:+254791221534"]);
    // A bracket that closes after the country code is the number's.
    assert_eq!(spans("tel (+34) 612 345 678"), ["phone:(+34) 612 345 678"]);
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
fn redacts_an_international_number_whose_area_code_shares_the_country_codes_brackets() {
    assert_eq!(
        spans("телефон (+992 37) 275-02-43, Ба ман ба (+992 37) 238-05-84 занг зан, call (+44 20) 7946 0958."),
        ["phone:(+992 37) 275-02-43", "phone:(+992 37) 238-05-84", "phone:(+44 20) 7946 0958"]
    );
    assert_untouched("Temperature today (+15 20) 25-30 degrees; Tolerance (+0 05) 12-34-56; bonus (+20 30) 1 000 000 тенге");
    assert_untouched("score (+3 12) 450 600 700; files changed (+120 45) 2024-03-01; price range (+7 15) 100-200-300");
}

#[test]
fn redacts_numbers_dialled_after_the_soviet_trunk_eight_without_a_phone_word() {
    assert_eq!(
        spans("Позвоните 8 (930) 256-55-10; амӑшӗ, 8 923 970-40-53. Maňa 8 62 87-41-95 jaň et, 8 747 249 55 11 ѕвони, убайыгар 8 4112 50 50 19."),
        [
            "phone:8 (930) 256-55-10",
            "phone:8 923 970-40-53",
            "phone:8 62 87-41-95",
            "phone:8 747 249 55 11",
            "phone:8 4112 50 50 19"
        ]
    );
    assert_untouched("Totals 8 747 249 and 8 12 34; rows 8 (0930) 256-55-10, 8 923 970-405-3, 8 923 970 40 53 12, 8 923.");
    assert_untouched("Размеры: 8 10 12 14 16; batch sizes 8 16 32 64 96; Java 8 11 17 21 25; 8 512 64 32 16; Расписание: 8 30 12 00 17 30; Номер договора 8 1234 56 78");
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
    assert_eq!(spans("Bed B-36; next of kin (sister) 960 395 315."), ["phone:960 395 315"]);
    assert_untouched("Next of kin form v2 filed for 2024, 1 of 3 pages.");
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
fn takes_an_international_number_without_its_plus_beside_an_address_or_after_a_word_for_calling() {
    let contact = "new keeper Yusuf Demirtaş, yusuf.demirtas@post.example, 905524445996. Verified.";
    assert!(spans(contact).contains(&"phone:905524445996".to_owned()), "{:?}", spans(contact));
    let before = "— Oluwaseun Adeyemi, 447889789468, oluwaseun.adeyemi52@correo.example (client since 2019)";
    assert!(spans(before).contains(&"phone:447889789468".to_owned()), "{:?}", spans(before));
    for (text, phone) in [
        ("Call-back to the supplier's switchboard 353855307039 says no change", "353855307039"),
        ("Ve prego de ciamarme al 393485448210 o scriverme", "393485448210"),
        ("Durus telpun tiang: 6281538013044 utawi", "6281538013044"),
        ("Ngisemsebentini lobusuku, ngishayele ku-7994 0046.", "7994 0046"),
        ("Ngicela ungishayele ku-7994 0046.", "7994 0046"),
        ("Бөгүн дүне дежурлап тур мен, 89616870921 дугаарже долгаңар.", "89616870921"),
    ] {
        assert_eq!(spans(text), [format!("phone:{phone}")], "in {text:?}");
    }
    // A timestamp, an id of another length or with a trunk zero, and a number far from the
    // address stay.
    for text in [
        "jane.doe@example.com, 20260511134022",
        "jane.doe@example.com, 202605111340",
        "jane.doe@example.com, 0123456789012",
        "jane.doe@example.com, 123456789",
        "order 905524445996 shipped to jane.doe@example.com yesterday",
        "jane.doe@example.com, 1714567890123, LOGIN_OK",
        "order_id=40012345678, email=jane.doe@example.com",
        "Payment ref 731200045678 – jane.doe@example.com",
        "EAN 5901234123457; jane.doe@example.com",
        "jane.doe@example.com, 9780306406157",
        "customer_id,email\n100000000042,jane.doe@example.com",
        "Callback ID 918273645 for jane.doe@example.com",
        "call me about inc-4482 9133",
        "called about po-4500 1234 delivery",
    ] {
        assert!(!spans(text).iter().any(|span| span.starts_with("phone:")), "in {text:?}: {:?}", spans(text));
    }
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
    // Words for calling of the thirteenth set's languages, and Dhivehi's word for a phone.
    for (text, phone) in [
        ("Tei au i te fare, niuniu 87 41 22 63.", "87 41 22 63"),
        ("si ena enn problem, apel mwa lor 5712 8840.", "5712 8840"),
        ("ring long brata blong mi 594 2271.", "594 2271"),
        ("zvaneit muna bruoļam 26 418 903.", "26 418 903"),
        ("leletsa 74 318 552 fa go na le bothata.", "74 318 552"),
        ("Haʼu iha uma, bele bolu 7723 4180.", "7723 4180"),
        ("N bɛ so, n wele 76 41 88 20 kan.", "76 41 88 20"),
        ("މަންމަގެ ފޯނު 794-3310", "794-3310"),
    ] {
        assert_eq!(spans(text), [format!("phone:{phone}")], "in {text:?}");
    }
    assert_untouched("the appeal 5712 8840 was filed; a bolus of 7723 4180 units; Dwelle 76 41 88 20");
}

#[test]
fn takes_phone_words_of_the_fourteenth_sets_languages() {
    for (text, phone) in [
        ("ala yang mapali danum. Telepunu: 639184434471.", "639184434471"),
        ("ringela Dawit Bekele 27831703084 kumbe", "27831703084"),
        ("si no plego, clamaz a Marta Quintela 740 966 067 u", "740 966 067"),
        ("se nun chegar, lhamai a Sabine Köhler 937 198 547 ou", "937 198 547"),
        ("ndi kuri resepsiyo, mumpamagare kuri 79 43 25 66", "79 43 25 66"),
        ("A'm at the front desk, gie's a ring on 447836226772", "447836226772"),
        ("Give me a ring on 0612345678 tonight", "0612345678"),
        // A verb after the number (Konkani; Newar with its particle).
        ("म्हज्या भावाक 919792584964 फोन करात.", "919792584964"),
        ("जिमि दाजुयात 984 4690875 य् फोन याना दिसँ।", "984 4690875"),
    ] {
        assert_eq!(spans(text), [format!("phone:{phone}")], "in {text:?}");
    }
    // "Phone cover" after an order's number is no request to call it.
    assert_untouched("she put a ring on 2 fingers; ऑर्डर 5512 8840 फोन कवर");
    // A ring left at reception; Hindi "having called".
    assert_untouched("Guest left a ring at reception, item #20240512117");
    assert_untouched("ऑर्डर 4567890123 फोन करके पूछो");
}

#[test]
fn leaves_a_number_after_a_code_that_an_identifier_word_names() {
    assert_untouched("Banquet event order BEO 456-344-2812 for the Clark ballroom, invoice INV 347-819-2184.");
    assert_untouched("claim CLM 347-819-2184 was closed");
    // A laboratory's numbers.
    assert_untouched("Lab requisition 940-241-7592 and accession 319-760-7444 relate to the same biopsy");
    // A code that abbreviates no identifier word, a code alone, "order" alone: phones still.
    for text in ["Office NYC 347-819-2184", "phone HQ 347-819-2184", "Local police HQ 212-555-0134", "invoice ASAP 347-819-2184 is my cell", "Order: 212-555-0134", "For room service order 212-555-0134"] {
        assert_eq!(spans(text).len(), 1, "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn takes_the_bare_digits_of_a_number_written_with_a_plus_elsewhere() {
    let export = "direction,to,from,body,status\nout,31602084913,ORLAVEA,\"Your room 130 is ready\",delivered\nin,+31602084913,ORLAVEA,\"Thanks!\",received";
    assert_eq!(spans(export), ["phone:31602084913", "phone:+31602084913"]);
    // Fewer than ten digits are not searched for bare: they are as likely another number's.
    let short = "Desk: +298211234. The booking reference for the late check-out of that room is 298211234.";
    assert_eq!(spans(short), ["phone:+298211234"]);
    // Digits inside a longer run are another number's.
    assert_eq!(spans("Phone +31602084913\nOrder id 931602084913554, ts 1731602084913"), ["phone:+31602084913"]);
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
fn takes_the_number_beside_an_address_in_a_list_of_contacts() {
    assert_eq!(spans("  - Søren Østergaard <soren.ostergaard@mail.dk>, 53 53 10 27"), ["person:Søren Østergaard", "email:soren.ostergaard@mail.dk", "phone:53 53 10 27"]);
    assert_eq!(spans("| Ганболд | ganbold.t@yahoo.com | 7524 2894 |"), ["email:ganbold.t@yahoo.com", "phone:7524 2894"]);
    // A date, a short number or words after an address are no phone.
    assert_eq!(spans("ann.lee@x.org, 2026 01 19, 12 34, ticket 4711 0815"), ["email:ann.lee@x.org"]);
}

#[test]
fn rejects_phone_numbers_with_too_few_or_too_many_digits() {
    assert_untouched("Call 555-013 or +1 415 555 0132 4567 8901.");
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
fn redacts_phone_numbers_written_with_slashes_or_a_bracketed_country_code() {
    assert_eq!(
        spans("Haustechnik unter 030 / 471 49 294; Tel. +49 (0) 40 / 116 34 - 51; (+34) 916-854-916"),
        ["phone:030 / 471 49 294", "phone:+49 (0) 40 / 116 34 - 51", "phone:(+34) 916-854-916"]
    );
    assert_eq!(spans("Prueba con el móvil del jefe de turno, 672 81 34 92"), ["phone:672 81 34 92"]);
    assert_untouched("Mobile layout breaks at 1024 / 768 and 1280 / 800.");
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
fn takes_an_international_number_after_a_vcard_type_a_glued_prefix_or_an_identifier_word() {
    for (text, phone) in [
        ("TEL;TYPE=HOME,VOICE:+32 2 563 24 55", "+32 2 563 24 55"),
        ("tsalela umnakekeli wakhe ku-+27 82 375 3922 ngoko nangoko.", "+27 82 375 3922"),
        ("telefonar immediat a la persuna da tgira sin +41 79 837 84 69.", "+41 79 837 84 69"),
    ] {
        assert_eq!(spans(text), [format!("phone:{phone}")], "in {text:?}");
    }
    assert_untouched("UNB+UNOC:3+4006381333931:14+5412345000013:14");
}

#[test]
fn reads_the_phone_column_of_a_jira_table_whose_cells_hold_links() {
    let table = "||Site||Contact||E-mail||Phone||Site ref||\n|Cork Kent Station|Reto Brunold|[Reto Brunold|mailto:retobrunold@post.example]|079 778 06 58|ST-9633|";
    assert!(spans(table).contains(&"phone:079 778 06 58".to_owned()), "{:?}", spans(table));
}


#[test]
fn takes_numbers_after_being_reached_phoned_or_rung() {
    for (text, phone) in [
        ("The student phoned from 934 129 856 on 11/10/2026 asking why.", "phone:934 129 856"),
        ("I can be reached on 77 171 67 45 during the day.", "phone:77 171 67 45"),
        ("sapos frisa i krai, ringim mi long 7126 1814.", "phone:7126 1814"),
    ] {
        assert_eq!(spans(text), [phone], "in {text:?}");
    }
    assert_untouched("The ring buffer holds 4096 2048 entries; reached 1024 512 today");
}

#[test]
fn a_messengers_or_callers_id_and_a_slashed_abbreviation_still_name_a_phone() {
    for (text, phone) in [
        ("WhatsApp ID 0412 345 678", "phone:0412 345 678"),
        ("caller's ID: 0412 345 678", "phone:0412 345 678"),
        ("Fax/Tel.0412 345 678", "phone:0412 345 678"),
    ] {
        assert_eq!(spans(text), [phone], "in {text:?}");
    }
    assert_untouched("Memory usage reached at 1024 2048 MB; the counter reached on 1024 2048");
}

#[test]
fn takes_six_digit_numbers_after_a_phone_word_and_numbers_after_a_signatures_letter() {
    assert_eq!(spans("call me on my mobile 28 79 77 before 5pm."), ["phone:28 79 77"]);
    assert_eq!(spans("Klienta oabbá sáhttá riŋget 22 52 85 07 jus mii eat olát su."), ["phone:22 52 85 07"]);
    assert_eq!(spans("Klientip najaa 25 30 74-imut sianerfigineqarsinnaavoq"), ["phone:25 30 74"]);
    assert_eq!(spans("Delphine Aubry\nGeneral Counsel\nT 34 67 71 | M +299563448"), ["phone:34 67 71", "phone:+299563448"]);
    assert_eq!(spans("Feldman\nT 691 105 986 | M 00352 691 066 791"), ["phone:691 105 986", "phone:00352 691 066 791"]);
    assert_eq!(spans("forensic accountant — ana@proton.example — 8629 0746"), ["email:ana@proton.example", "phone:8629 0746"]);
    assert_eq!(spans("M: (281) 871-7628 | T: 6450 8400 | E: ana@proton.example"), ["phone:(281) 871-7628", "phone:6450 8400", "email:ana@proton.example"]);
    // Six digits without a phone word right before them, a letter before amounts, a date
    // before its time.
    assert_untouched("ticket 28 79 77 closed; batch 12 05 26");
    assert_untouched("Phone verification code: 48 20 19; call at 10 30 00 UTC; Call the bank, sort code 20 32 53");
    assert_untouched("T 2 500 000 | M 1 200 000 |\nT 1250 7788 total\n| T 4500 1200 | hours\nt 10 20 30 40 readings");
    assert_untouched("Sent: 09.07.2026 08:43");
    assert_untouched("Shift | T 4500 1200 | total\nRow | M 1250 7788 | E 12");
    assert_untouched("Results M: 12 | T: 3400 5600 | E: 0.5\nTimes M: 12:00 | T: 1430 1500 | E: 16:00");
    assert_untouched("\"phone\":\"x\"}\n04-04 13:22:01.123 I/Http");
}

#[test]
fn takes_the_numbers_of_an_x12_contact_segment_by_their_qualifiers() {
    assert_eq!(
        spans("N1*CN*VIREO MEDICAL~PER*IC*HAMZA QURESHI*TE*5627235036*FX*3059357437*EM*hamza.qureshi63@example.com~"),
        ["person:HAMZA QURESHI", "phone:5627235036", "phone:3059357437", "email:hamza.qureshi63@example.com"]
    );
    // Other elements' numbers are no phones.
    assert_untouched("ISA*00*          *00*          *ZZ*CORVANNISFWD   *ZZ*BLUEFINLNS     *260311*0614*U*00401*419196239*0*P*>~B2**CVNF**3566137591**PP~");
    assert_untouched("REF*HP*3566137591~LIN**TE*4412345678*VP*X1~");
}

#[test]
fn leaves_an_air_waybill_and_an_identifier_that_goes_on_after_a_dash_alone() {
    assert_untouched("Авианакладная 074-97239671, LC 0471-2026-A, draft at sight. MAWB 020-12345675 booked.");
    // A number of that shape without a waybill's word, or after a phone word.
    assert_eq!(spans("Büro 030-12345678"), ["phone:030-12345678"]);
    assert_eq!(spans("Rückruf bitte an 030-12345675"), ["phone:030-12345675"]);
    assert_eq!(spans("Tel. 074-97239671"), ["phone:074-97239671"]);
    assert_eq!(spans("mobile 0171-1234567-X, contact: +49 30 1234567-A"), ["phone:0171-1234567", "phone:+49 30 1234567"]);
}

#[test]
fn takes_a_dotted_number_that_no_address_could_be_after_a_phone_word() {
    assert_eq!(spans("call me on 078.762.53.44"), ["phone:078.762.53.44"]);
    assert_eq!(spans("Contact number: 075.650.87.52"), ["phone:075.650.87.52"]);
    // Four groups that an IPv4 address could be stay its detector's.
    assert_eq!(spans("call 10.20.30.40"), ["ip_address:10.20.30.40"]);
    // Without a trunk prefix, four dotted groups are a version's or a measure's.
    assert!(!spans("phone app version 12.412.10.22").iter().any(|span| span.starts_with("phone:")));
    assert!(!spans("mobile data usage 120.450.30.22 MB").iter().any(|span| span.starts_with("phone:")));
    // An id in groups of three with a dash (a Brazilian CPF) is none, whatever its groups.
    let cpf = spans("[x] CPF: 062.559.014-75 (validado)");
    assert!(!cpf.iter().any(|span| span.starts_with("phone:")), "{cpf:?}");
    // Silesian `telefōn`.
    assert_eq!(spans("Hanna, telefōn 722 368 644, e-mail"), ["phone:722 368 644"]);
}
