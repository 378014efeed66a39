//! Tests of the searchers' fast paths against plain references: the shared prefix scan, the digit
//! clusters, the window index of found values.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn keeps_the_literal_prefixes_of_every_group_that_had_them_for_the_shared_scan() {
    // A pattern that starts with a short literal, or too many prefixes in one group, takes
    // the group out of the shared prefix scan: its regex then searches every byte (the dense
    // corpus fell from 62 to 16 MB/s when the password group lost its prefixes).
    let without: Vec<&str> = GROUPS.iter().filter(|group| !group.alternatives && group_prefixes(group).is_none()).map(|group| group.detectors[0].name).collect();
    // (The Telegram, Azure AD, bare Azure storage and Canvas tokens are found by a literal
    // inside them.)
    assert_eq!(without, ["url_credentials", "api_key/telegram", "api_key/azure", "api_key/azure", "password", "email", "email", "ip_address"]);
}

#[test]
fn every_group_outside_the_prefix_scan_holds_one_pattern_so_its_inner_literal_is_searched_for() {
    // With one pattern, the regex crate looks for a literal inside it (`://`, `:A`, `Q~`, `~`,
    // `@`); a second pattern in the group stops that, and the group then runs its automaton
    // over every byte (a conda token's pattern beside the URL credentials' cut redaction to a
    // tenth of its speed).
    let crowded: Vec<&str> = GROUPS
        .iter()
        .filter(|group| !group.alternatives && group_prefixes(group).is_none() && group.detectors.len() > 1)
        .map(|group| group.detectors[0].name)
        .collect();
    assert!(crowded.is_empty(), "{crowded:?}");
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
fn the_newer_password_words_and_the_twilio_token_trigger_their_groups() {
    // A fresh instance runs a group on a short text only when one of its triggers is in it
    // (the tests share compiled groups, so they would not notice a missing trigger).
    let group = |detectors: &[Detector]| GROUPS.iter().position(|group| std::ptr::eq(group.detectors, detectors)).expect("a group");
    let regional = 1 << group(REGIONAL_PASSWORD_WORDS);
    let words = [
        "clau d'acceso", "Palabra-passe", "palora d’accessu", "Passwird", "Гесло", "гесло", "Нюуса үгэ", "амаӡа ажәа", "رازی گال", "गुपीत उतर",
        "ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ", "सुलाःगु खँग्वः", "Nya ɣaɣla", "amanung lihim", "Kupu muna", "Phasiwedi", "Passwoort", "mo-de-pas", "liafuan-xave", "ޕާސްވޯޑް",
        "gundo daɲɛ", "къайладош", "сусæг дзырд", "mawu achinsinsi", "pasword", "lefoko la sephiri", "ahintasɛm", "parau huna", "ekigambo ky'ekyama",
        "u tʼaanil ookol", "sekretu na finoʼ",
    ];
    for word in words {
        let text = format!("Wi-Fi {word}: Cedar#coral063");
        assert_eq!(compiled().triggers_in(&text, regional) & regional, regional, "{word}");
    }
    let twilio = 1 << group(SECRETS_TWILIO);
    assert_eq!(compiled().triggers_in("the twilio token 1ok3BGeMiOn2VHiuXJETIdz1WiCctEar", twilio) & twilio, twilio);
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
    let texts: String = [include_str!("../../../../tests/redaction/corpus.jsonl"), include_str!("../../../../tests/redaction/handwritten.jsonl")]
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

#[test]
#[cfg(not(js_engine))]
fn the_prefix_scan_finds_the_csv_header_words_the_csv_reader_searches_for() {
    let exports = [
        "system,url,username,password,owner\nDepot router,https://10.198.110.151,admin,Bollard!Sternway=8535,Ines",
        "Host;User;\"DB Password\"\ndb01;app;Xk9!mQ2v7\ndb02;app",
        "host\tbenutzer\tPASSWORT\r\ndb01\tapp\tXk9!mQ2v7\r\n",
        "login,Kennwort,SECRET\njdoe,Zq8#mW2p,Lq4#vT8zW1",
        // Words inside words and glued to one another are no header's cells.
        "user,xpassword,passwordpassword,secretsecret\njdoe,Zq8#mW2p,Lq4#vT8zW1,Xk9!mQ2v7",
        "user,PASSWORDPASSWORD\njdoe,Zq8#mW2p",
    ];
    let filler = "Shipment 4471 left the depot at 06:40 and reached the hub on time.\n".repeat(PREFIX_SCAN_BYTES / 60);
    let redactor = redactor();
    let found = |text: &str, prefix_scan| redactor.find_with(text, prefix_scan).into_iter().map(|f| (f.kind, f.range)).collect::<Vec<_>>();
    let mut passwords = 0;
    for export in exports {
        for text in [format!("{filler}{export}"), format!("{export}\n{filler}")] {
            let scanned = found(&text, true);
            assert_eq!(scanned, found(&text, false), "{export}");
            passwords += scanned.iter().filter(|(kind, _)| *kind == PiiKind::Password).count();
        }
    }
    // One in each of the first four exports (the first column naming a password is read),
    // placed before and after the filler.
    assert_eq!(passwords, 2 * 4);
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
        let mut expected = vec![Vec::new(); CSV_HEADER_PLACES + 1];
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
    use crate::redact::{MAX_DIGIT_GAP, MIN_NUMBER_DIGITS, ceil_char_boundary, floor_char_boundary};
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
fn keeps_the_eleventh_sets_look_alikes_and_takes_its_numbers_and_names() {
    for text in [
        "UCAS ID 343-653-3726; conference PIN 027 378 69#; journal ISSN 0491-8592",
        "Cell paper: doi:10.1016/j.cell.2025.64.059",
        "jhub-singleuser:12.17.8 (build 6.13.14.241) replaces 2.2.7.147; base digest",
        "LTI config: api_key: \"%(API_KEY)s\"",
    ] {
        assert!(spans(text).is_empty(), "in {text:?}: {:?}", spans(text));
    }
    assert_eq!(spans("Caller ID 0412 345 678"), ["phone:0412 345 678"]);
    assert_eq!(spans("Called-Station-Id = \"DC-A6-32-F3-CB-07:eduroam\""), ["mac_address:DC-A6-32-F3-CB-07"]);
    assert_eq!(
        spans("To: Doctoral College <doctoral.college@tarrowmere.edu>"),
        ["email:doctoral.college@tarrowmere.edu"]
    );
    let found = spans("студент Айгөл Ҡаһарманова (aigul.kaharmanova@student.tarrowmere.edu)");
    assert!(found.contains(&"person:Айгөл Ҡаһарманова".to_owned()), "{found:?}");
}
