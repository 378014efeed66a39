//! Tests of people: the request's people in all their forms, and the names a text writes beside
//! an address or in the fields that hold names.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
fn a_department_address_names_no_person() {
    assert_untouched_by_names(
        "Send to release.notes@acme.com: Release Notes for 4.2 below. The Data Protection \
             team (data.protection@acme.com) and Human Resources (human.resources@acme.com) agree.",
    );
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
        // Thaana (Dhivehi): a vowel first is written on alifu.
        ("ރީފަންޑް: MVR 410 — މުހައްމަދު ނަޝީދު (mohamed.nasheed@example.com)", "މުހައްމަދު ނަޝީދު", "mohamed.nasheed@example.com"),
        ("ޑްރައިވަރު އައިޝަތު ރަޝީދާ (aishath.rasheedha@mail.example)", "އައިޝަތު ރަޝީދާ", "aishath.rasheedha@mail.example"),
        // Ol Chiki (Santali).
        ("ᱱᱟᱹᱞᱤᱥ ᱥᱩᱢᱤᱛᱨᱟ ᱢᱩᱨᱢᱩ (sumitra.murmu@example.org): ᱠᱚᱴᱷᱟ 221", "ᱥᱩᱢᱤᱛᱨᱟ ᱢᱩᱨᱢᱩ", "sumitra.murmu@example.org"),
        // Syriac, Tifinagh, Cherokee and Canadian syllabics (Inuktitut).
        ("ܦܘܪܥܢܐ ܠ IBAN، ܐܫܘܪ ܝܘܚܢܐ (ashuryoukhana@mail.example).", "ܐܫܘܪ ܝܘܚܢܐ", "ashuryoukhana@mail.example"),
        ("From: ⵜⵉⴼⴰⵡⵜ ⵓⵣⵣⵉⵏ <tifawt.ouzzine@posta.example>", "ⵜⵉⴼⴰⵡⵜ ⵓⵣⵣⵉⵏ", "tifawt.ouzzine@posta.example"),
        ("$ 142.00 ᏓᎦᏥᏯᎫᏴᎯ — ᏕᏫ ᏐᏈᎵ (dewi.sogwili@post.example).", "ᏕᏫ ᏐᏈᎵ", "dewi.sogwili@post.example"),
        ("ᐱᖁᑎᖓ ᐸᐅᓗᓯ ᐃᓱᓗᑕᒃ (paulusi.isulutak@webmail.example.com).", "ᐸᐅᓗᓯ ᐃᓱᓗᑕᒃ", "paulusi.isulutak@webmail.example.com"),
        ("ᓇᒃᓴᖅ ᕼᐋᕆ ᐊᕐᓇᑦᓯᐊᖅ (harry.arnatsiaq@mail.example)", "ᕼᐋᕆ ᐊᕐᓇᑦᓯᐊᖅ", "harry.arnatsiaq@mail.example"),
        ("From: ᐚᐱᐢᑲᐤ ᒪᐢᑿ <wapiskaw.maskwa@mail.example>", "ᐚᐱᐢᑲᐤ ᒪᐢᑿ", "wapiskaw.maskwa@mail.example"),
        // N'Ko, Adlam, Vai, Hanifi Rohingya and Lontara.
        ("€ 90,00 ߛߋߜߌ߲ߣߊ ߝߊ߲ߕߊ ߞߏ߲ߘߋ (fanta.konde@example.net)", "ߝߊ߲ߕߊ ߞߏ߲ߘߋ", "fanta.konde@example.net"),
        ("GNF 850 000 𞤪𞤵𞤼𞤼𞤢𞤢𞤥𞤢 𞤃𞤢𞤪𞤭𞤢𞤥𞤢 𞤔𞤢𞤤𞤤𞤮 (mariama.jallo@inbox.example)", "𞤃𞤢𞤪𞤭𞤢𞤥𞤢 𞤔𞤢𞤤𞤤𞤮", "mariama.jallo@inbox.example"),
        ("USD 70.00 ꗻꘆ ꕘꖤ ꕃꕉꖙ (fatu.kiawu@correo.example)", "ꕘꖤ ꕃꕉꖙ", "fatu.kiawu@correo.example"),
        ("BDT 6,000 𐴇𐴝𐴏𐴞𐴕𐴝 𐴁𐴞𐴁𐴞 (hasina.bibi@donors.example.org)", "𐴇𐴝𐴏𐴞𐴕𐴝 𐴁𐴞𐴁𐴞", "hasina.bibi@donors.example.org"),
        ("Rp 750.000 ᨑᨗ ᨖᨊ ᨉᨕᨙ ᨂᨕᨗ (hasnah.daeng.ngai@example.com)", "ᨖᨊ ᨉᨕᨙ ᨂᨕᨗ", "hasnah.daeng.ngai@example.com"),
        // Osage, Meetei Mayek (the family name first), Chakma and Batak.
        ("𐓀𐓣𐓤𐓘 𐓏𐓘𐓡𐓯𐓟 (mika.wahshe@example.org) 𐓨𐓫", "𐓀𐓣𐓤𐓘 𐓏𐓘𐓡𐓯𐓟", "mika.wahshe@example.org"),
        ("ꯀꯣꯟꯁꯝ ꯃꯦꯝꯆꯥ (memcha.konsam@mail.example) ꯒꯤ", "ꯀꯣꯟꯁꯝ ꯃꯦꯝꯆꯥ", "memcha.konsam@mail.example"),
        ("𑄛𑄳𑄢𑄉𑄖𑄨 𑄍𑄇𑄳𑄟 (pragati.chakma@mail.example) 𑄘𑄨", "𑄛𑄳𑄢𑄉𑄖𑄨 𑄍𑄇𑄳𑄟", "pragati.chakma@mail.example"),
        ("ᯒᯬᯖᯮᯀ ᯇᯉ᯲ᯐᯤᯖᯉ᯲ (rotua.panjaitan@example.org) ᯉᯀᯧᯰ", "ᯒᯬᯖᯮᯀ ᯇᯉ᯲ᯐᯤᯖᯉ᯲", "rotua.panjaitan@example.org"),
        // Tai Le, its tones written as letters after a syllable.
        ("ᥕᥫᥱ ᥘᥧᥢᥰ (ye.lun@example.net) ᥒᥫᥢᥰ", "ᥕᥫᥱ ᥘᥧᥢᥰ", "ye.lun@example.net"),
        ("ᥔᥣᥣᥛ ᥖᥣᥣᥝᥱ (sam.tao@example.com)", "ᥔᥣᥣᥛ ᥖᥣᥣᥝᥱ", "sam.tao@example.com"),
        // Myanmar: Burmese, Shan and Sgaw Karen write a name's words with no space between.
        ("From: သီရိထွန်း <thiri.htun@example.org>", "သီရိထွန်း", "thiri.htun@example.org"),
        ("ခရီးသည် အောင်ကျော်မိုး၊ အီးမေးလ် aungkyawmoe@mail.mm.example", "အောင်ကျော်မိုး", "aungkyawmoe@mail.mm.example"),
        ("THB 3,600 ၸူး ၸၢႆးၶမ်းလႅင် (saikhamleng@example.org)", "ၸၢႆးၶမ်းလႅင်", "saikhamleng@example.org"),
        ("THB 2,900 ဆူ နီၢ်ပီၢ်ဝါ (nawpawwah@example.net)", "နီၢ်ပီၢ်ဝါ", "nawpawwah@example.net"),
        ("[15:44] စီၤအ့ၣ်ထူ (saw.ehhtoo@home.example.net): ယကးအ့ၣ်", "စီၤအ့ၣ်ထူ", "saw.ehhtoo@home.example.net"),
        // Tibetan and Dzongkha join a name's syllables with a tsheg.
        ("ཁྱིམ་བདག་ པདྨ་ཆོས་སྒྲོན (pema.chodron44@example.net)", "པདྨ་ཆོས་སྒྲོན", "pema.chodron44@example.net"),
        ("ཉོ་མཁན་ ཚེ་རིང་སྒྲོལ་མ (tsering.dolma64@mail.example.com)", "ཚེ་རིང་སྒྲོལ་མ", "tsering.dolma64@mail.example.com"),
        ("PSR མཆན། ཟླ་བ་རྡོ་རྗེ (dawadorje@inbox.example.net)", "ཟླ་བ་རྡོ་རྗེ", "dawadorje@inbox.example.net"),
        ("འཕྲོད་བསྟེན་ཟིན་ཐོ། པདྨ་དབྱངས་འཛོམས (pema.yangzom@example.edu)", "པདྨ་དབྱངས་འཛོམས", "pema.yangzom@example.edu"),
        // An honorific the address leaves out, a dot below before the asat, `Hs`, a long
        // syllable; Tibetan `སྲ` (s), a root with two suffixes (`གངས` gang).
        ("From: ဒေါ်ခင်မြင့် <khin.myint@example.org>", "ဒေါ်ခင်မြင့်", "khin.myint@example.org"),
        ("From: ပြည့်ဖြိုးအောင် <pyae.phyo.aung@example.org>", "ပြည့်ဖြိုးအောင်", "pyae.phyo.aung@example.org"),
        ("From: ဆုမြတ်နိုး <hsu.myat.noe@example.org>", "ဆုမြတ်နိုး", "hsu.myat.noe@example.org"),
        ("From: ခိုင်ဇာ <khaing.zar@example.org>", "ခိုင်ဇာ", "khaing.zar@example.org"),
        ("From: སྲིད་ཐར་རྡོ་རྗེ <sithar.dorji@example.bt>", "སྲིད་ཐར་རྡོ་རྗེ", "sithar.dorji@example.bt"),
        ("From: གངས་ཅན་ཚེ་རིང <gangchen.tsering@example.bt>", "གངས་ཅན་ཚེ་རིང", "gangchen.tsering@example.bt"),
        // A compound name (`عبد العزيز`) that the address spells as one part.
        ("CALLER: اسمي منى عبد العزيز وبريدي الإلكتروني m.abdelaziz@gmail.com", "منى عبد العزيز", "m.abdelaziz@gmail.com"),
    ] {
        assert_eq!(spans(text), [format!("person:{name}"), format!("email:{address}")], "in {text:?}");
    }
    let contact = "संपर्क: अमोल कुलकर्णी, +918844271657, amol.kulkarni@example.com";
    assert_eq!(spans(contact), ["person:अमोल कुलकर्णी", "phone:+918844271657", "email:amol.kulkarni@example.com"]);
    // A phone's label of any script between the name and the word for the address.
    let contact = "غسل خانُک چھَت چھُ ٹَپان۔ عرفان وانی، فون 07307 539040، ای میل irfan.wani@mail.example";
    assert_eq!(spans(contact), ["person:عرفان وانی", "phone:07307 539040", "email:irfan.wani@mail.example"]);
    let contact = "ᯅᯬᯉᯒ᯲ ᯉᯤᯰᯎᯬᯞᯉ᯲, ᯖᯧᯞᯧᯇᯬᯉ᯲ 0853 8439 0453, e-mail bonar.nainggolan@example.com";
    assert_eq!(spans(contact), ["person:ᯅᯬᯉᯒ᯲ ᯉᯤᯰᯎᯬᯞᯉ᯲", "phone:0853 8439 0453", "email:bonar.nainggolan@example.com"]);
    // Kalmyk's `җ`.
    let contact = "Ванн. Өлзә Санҗиева, телефон +7 937 773 95 82, e-mail olza.sanzhieva@mail.example";
    assert_eq!(spans(contact), ["person:Өлзә Санҗиева", "phone:+7 937 773 95 82", "email:olza.sanzhieva@mail.example"]);
    // Words whose first letters start as the parts do, but not their other letters: Toba Batak
    // `surat tu` (letter to), `surat sian` (letter from); Chakma `chithi likho` (write a letter).
    assert_only_emails("ᯖᯧᯞᯧᯇᯬᯉ᯲ ᯔ ᯀᯂᯮ ᯘᯮᯒᯖᯪ ᯖᯮ tiurma.sitorus@example.com.");
    assert_only_emails("ᯘᯮᯒᯖ᯲ ᯘᯪᯀᯉ᯲ (sahala.simanjuntak@example.com)");
    assert_only_emails("𑄌𑄨𑄗𑄨 𑄣𑄨𑄇𑄮 (chandra.lal@example.com)");
    // An address that names an office or a hospital spells its words as well as a name.
    assert_only_emails("ᯂᯉ᯲ᯖᯬᯒ᯲ ᯇᯮᯘᯖ᯲ (kantor.pusat@example.co.id)");
    assert_only_emails("ᯒᯮᯔᯱ ᯘᯂᯪᯖ᯲ (rumah.sakit@example.co.id)");
    let contact = "ርክብ ዳዊት ገብረመድህን +2917399528 dawit.gebremedhin@example.net";
    assert_eq!(spans(contact), ["person:ዳዊት ገብረመድህን", "phone:+2917399528", "email:dawit.gebremedhin@example.net"]);
    let contact = "اړیکه: وحید کاکړ، 079 910 4187، wahid.kakar@example.com";
    assert_eq!(spans(contact), ["person:وحید کاکړ", "phone:079 910 4187", "email:wahid.kakar@example.com"]);
    // A name in another script beside the address, and later as the address spells it.
    let chat = "visitor Бојан Трајковски <bojan.trajkovski@example.org>\n[14:24] visitor: BOJAN TRAJKOVSKI";
    assert_eq!(spans(chat).last().map(String::as_str), Some("person:BOJAN TRAJKOVSKI"));
    assert_only_emails("შეგიძლიათ მოგვწეროთ tamar.lomidze@example.ge");
    assert_only_emails("ᎠᏆᏤᎵ ᎩᏟ ᎪᏪᎵ: sala.waya27@example.org");
    // Burmese words before an address that they do not spell ("contact", "passenger").
    assert_only_emails("ဆက်သွယ်ရန် (supply.desk@example.org)");
    assert_only_emails("ခရီးသည် (kyaw.lin.aung@example.org)");
    assert_only_emails("ཁ་པར་ (kharpa.desk@example.org)");
    assert_only_emails("བཀྲ་ཤིས་བདེ་ལེགས། (tashi.delek@example.org)");
    // Places, bodies and labels that a transliterated address spells.
    for text in [
        "မန္တလေးဟိုတယ် <mandalay.hotel@example.org>",
        "နေပြည်တော် <naypyitaw@example.org>",
        "အမည် aung.myo@example.org",
        "ဖောက်သည် <phauk.thae@example.org>",
        "སྤ་རོ་རྫོང་ཁག <paro.dzongkhag@example.bt>",
        "ཏག་ཚང་དགོན་པ <taktsang.goenpa@example.bt>",
        "བཀྲ་ཤིས་བདེ་ལེགས tashidelek@hotel.example",
        "འབྲེལ་བ dorji.wangmo@example.bt",
        "မော်လမြိုင် <mawlamyine@example.org>",
        "ကျန်းမာရေး <kyanmar.yay@example.org>",
        "ནོར་བུ་གླིང་ཀ <norbulingka@example.org>",
    ] {
        assert_only_emails(text);
    }
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
    // An address that spells out an umlaut, and family-name particles.
    assert_eq!(spans("CL-348584,Pohl,Jürgen,juergen_pohl@example.net,0049 152 57215391"), ["person:Pohl", "person:Jürgen", "email:juergen_pohl@example.net", "phone:0049 152 57215391"]);
    assert_eq!(spans("CL-776139,van den Berg,Marguerite,margueritevandenberg@post.example"), ["person:van den Berg", "person:Marguerite", "email:margueritevandenberg@post.example"]);
    assert_eq!(spans("de Boer;Jan;jan.deboer@example.nl"), ["person:de Boer", "person:Jan", "email:jan.deboer@example.nl"]);
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

#[test]
fn takes_the_name_after_a_courtesy_title() {
    for (text, name) in [
        ("Dear Mr. Ibarra, thank you for your patience.", "Ibarra"),
        ("Contact: Ms Priya Raman, site supervisor", "Priya Raman"),
        ("Sra. Lucía Fernández llamó ayer.", "Lucía Fernández"),
        ("Herr Jonas Becker hat angerufen.", "Jonas Becker"),
        ("Cc: Dr. Amani Okafor", "Amani Okafor"),
        ("Dear Mr. and Mrs. Ó Briain,", "Ó Briain"),
        ("Передал г-н Иванов.", "Иванов"),
    ] {
        assert_eq!(spans(text), [format!("person:{name}")], "in {text:?}");
    }
}

#[test]
fn leaves_a_title_without_a_name_a_street_and_products_after_titles_alone() {
    for text in [
        "Site: 14 Kauri Dr. Auckland",
        "Opened in Ms Teams by the field crew",
        "latency 120ms Dr. at peak",
        "Dear Mr. and Mrs. customer,",
        "see email.Mr. Foo",
        "MR 4412 merged",
    ] {
        let found: Vec<String> = spans(text).into_iter().filter(|span| span.starts_with("person:")).collect();
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
}

#[test]
fn takes_a_name_whose_address_spells_out_its_umlauts_with_a_number_or_glued() {
    for (text, name) in [
        ("reported stolen by Jörg Wüstenhagen (joerg.wuestenhagen75@inbox.example.net)", "Jörg Wüstenhagen"),
        ("Vulnerable customer Tobias Kühnel, tobiaskuehnel@example.org, lives alone", "Tobias Kühnel"),
        ("Michael Müller <michaelmueller@example.org>", "Michael Müller"),
    ] {
        assert!(spans(text).contains(&format!("person:{name}")), "in {text:?}: {:?}", spans(text));
    }
}


#[test]
fn takes_active_directory_name_parameters_and_catalan_family_names() {
    let found = spans("New-ADUser -Name \"Chiara Lo Monaco\" -GivenName \"Chiara\" -Surname \"Lo Monaco\" -EmailAddress \"chiara.lomonaco@example.edu\"");
    for name in ["person:Chiara", "person:Lo Monaco"] {
        assert!(found.contains(&name.to_owned()), "{found:?}");
    }
    let found = spans("From: \"Joaquim Serra i Pujol\" <joaquim.serrapujol@correo.example>");
    assert!(found.contains(&"person:Joaquim Serra i Pujol".to_owned()), "{found:?}");
    // A parameter that is no name, and a parameter's name inside another word, stay.
    assert_untouched("Set-Policy -GivenNameRequired $true -Surname-Check off");
}

#[test]
fn takes_a_name_after_an_okina_beside_the_address_that_spells_it() {
    let found = spans("ʻoku ʻikai ke ʻalu ki tuʻa ʻa ʻAlisi Fifitaʻaho (alisi.fifitaaho@student.example.edu)");
    assert!(found.iter().any(|span| span.starts_with("person:") && span.contains("Alisi Fifitaʻaho")), "{found:?}");
}

#[test]
fn two_people_joined_by_y_are_no_name_and_a_quoted_surname_keeps_its_apostrophe() {
    assert_eq!(spans("Ana y Pedro <ana.pedro@example.com>"), ["email:ana.pedro@example.com"]);
    let found = spans("New-ADUser -GivenName \"Siobhan\" -Surname \"O'Neil\" -EmailAddress \"s.oneil@example.com\"");
    assert!(found.contains(&"person:O'Neil".to_owned()), "{found:?}");
}

#[test]
fn reads_names_with_the_particles_and_letters_of_the_twelfth_set() {
    for (text, name) in [
        ("* Chiara Lo Bianco (client, chiara.bianco35@home.example)", "Chiara Lo Bianco"),
        ("Immigration clinic — Siobhán Nic Aodha (siobhan.aodha@clients.example)", "Siobhán Nic Aodha"),
        ("Tuɣalin i Dihya Saɛdi (dihya.saadi@example.org) ɣef", "Dihya Saɛdi"),
        ("[09:36] Ɛli Ouamrane (ali.ouamrane@webmail.example)", "Ɛli Ouamrane"),
        ("رخسانه ٽالپر (rukhsana.talpur@post.example)", "رخسانه ٽالپر"),
    ] {
        assert!(spans(text).contains(&format!("person:{name}")), "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn reads_no_name_far_from_a_numbered_address_that_spells_its_words() {
    // A service account's words, which a heading writes in capitals far below it.
    for address in ["kafka.consumer3@example.com", "north.region01@example.com"] {
        let text = format!("alerts from {address}{}\n## Kafka Consumer lag, North Region", " in the night".repeat(12));
        assert_untouched_by_names(&text);
    }
}

#[test]
fn finds_a_hyphenated_name_that_an_address_spells_with_dots_far_from_it() {
    let chat = "[3/03/2026, 16:19] Camille Rousseau-Vidal: hi, my card for the deposit is ready\n[16/03/2026, 15:11] Bishnu Maharjan: thank you, please don't send cards here, we'll call you back within the hour, promise\n(guest e-mail camille.rousseau.vidal@mail.example.com)";
    assert_eq!(spans(chat), ["person:Camille Rousseau-Vidal", "email:camille.rousseau.vidal@mail.example.com"]);
    let far = format!("Jean-Pierre Dupont checked in.{}\nContact: jean.pierre.dupont@mail.example", " The room was ready.".repeat(12));
    assert_eq!(spans(&far), ["person:Jean-Pierre Dupont", "email:jean.pierre.dupont@mail.example"]);
}

#[test]
fn reads_no_desk_an_address_glues_as_a_persons_name() {
    let signature = "Kind regards,\nIon Ciobanu\nGuest Relations · Orlavea Kolkata\nT 932 739 514 | guestrelations@orlavea.com";
    assert!(!spans(signature).iter().any(|span| span.starts_with("person:Guest")), "{:?}", spans(signature));
    // A family name that names a desk too, and particles that are also roles' words (`Ar` of
    // Breton, `Đỗ` folded to `do`), stay in names.
    assert_eq!(spans("Christopher Guest <christopher.guest@example.com>"), ["person:Christopher Guest", "email:christopher.guest@example.com"]);
    assert_eq!(spans("Soazig Ar Menn <soazig.armenn@mail.example>"), ["person:Soazig Ar Menn", "email:soazig.armenn@mail.example"]);
    // A desk's word beside a place or a team (a mailbox's display name in a header).
    assert_eq!(spans("To: Reception Bristol <reception.bristol@vet.example>"), ["email:reception.bristol@vet.example"]);
    assert_eq!(spans("To: Bookings Equine <bookings.equine@vet.example>"), ["email:bookings.equine@vet.example"]);
    // After a given name, a desk's word may be a family name.
    assert_eq!(spans("From: Emma Bookings <emma.bookings@mail.example>"), ["person:Emma Bookings", "email:emma.bookings@mail.example"]);
    assert_eq!(spans("To: Frontdesk Cork <frontdeskcork@vet.example>"), ["email:frontdeskcork@vet.example"]);
}
