//! Checks of numbers that are not phones: cards (Luhn and brand ranges), IBANs (mod 97), IPv4
//! and IPv6 addresses, MAC addresses and SSNs.

use super::*;

/// How many digits a payment card number has.
pub(super) const CARD_DIGITS: RangeInclusive<usize> = 12..=19;

/// Accepts a card number with a known brand prefix and length and a valid Luhn check digit.
pub(super) fn check_card(text: &str, found: Range<usize>) -> Option<Accept> {
    // Only the digits of a GDS form of payment (`CCVI4147…`).
    let found = if text[found.clone()].starts_with("CC") { found.start + GDS_CARD_PREFIX_BYTES..found.end } else { found };
    let digits: Vec<u8> = text[found.clone()]
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let valid = CARD_DIGITS.contains(&digits.len())
        && brand_allows(&digits)
        && luhn_valid(&digits)
        && !card_continues_a_number(text, &found)
        && !follows_a_barcode_word(text, found.start, BARCODE_WORDS)
        && !(digits.len() == MICROCHIP_DIGITS && !text[found.clone()].contains([' ', '-']) && follows_a_barcode_word(text, found.start, MICROCHIP_WORDS))
        && (!is_read_out(text, &found) || read_out_as_a_card(text, found.start));
    valid.then_some(Accept::plain(found))
}

/// The bytes of `CC` and a brand's code before a card in a GDS form of payment (`CCVI`).
pub(super) const GDS_CARD_PREFIX_BYTES: usize = 4;

/// Whether the word right before `start` names a barcode or a device's or a SIM's number
/// (`SSCC 3864…`, `IMEISV 3548…`, `EAN: 4740…`): one of `words` ([`BARCODE_WORDS`] or
/// [`MICROCHIP_WORDS`]).
pub(super) fn follows_a_barcode_word(text: &str, start: usize, words: &[&str]) -> bool {
    let before = context_before(text, start, BARCODE_WORD_BYTES).trim_end_matches([' ', ':', '=', '#', '\t']);
    let word = before.rsplit(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default().to_ascii_lowercase();
    words.contains(&word.as_str())
}

/// How many digits an animal's microchip (ISO 11784) has.
pub(super) const MICROCHIP_DIGITS: usize = 15;

/// How far before a number [`follows_a_barcode_word`] reads its word, in bytes.
pub(super) const BARCODE_WORD_BYTES: usize = 24;

/// Whether a candidate is digits read out one by one (`4 1 9 1 …`).
pub(super) fn is_read_out(text: &str, found: &Range<usize>) -> bool {
    text.as_bytes().get(found.start + 1) == Some(&b' ')
}

/// Whether digits read out one by one at `start` are said as a card's: after a speaker's or a
/// label's colon on their line (`CALLER: 4 1 9 1 …`), or shortly after a word for a card; not
/// an array's digits (`labels [4 1 9 1 …]`).
pub(super) fn read_out_as_a_card(text: &str, start: usize) -> bool {
    let before = context_before(text, start, READ_OUT_CARD_BYTES);
    let line = before.rsplit('\n').next().unwrap_or_default();
    line.trim_end().ends_with(':') || mentions(&before.to_lowercase(), CARD_WORDS)
}

/// How far before digits read out one by one [`read_out_as_a_card`] looks, in bytes.
pub(super) const READ_OUT_CARD_BYTES: usize = 64;

/// Words for a payment card.
pub(super) const CARD_WORDS: &[&str] = &["card", "karte", "carte", "tarjeta", "cartão", "kort", "kaart", "karta", "pan", "visa", "mastercard", "amex"];

/// Whether a card candidate is part of a longer number: after a decimal point (`0.4111…`) or
/// after a comma that follows one to three digits (`1,4111…`, a decimal comma or a thousands
/// group), or before a decimal point and a digit. A comma after a longer field is a list's or a
/// CSV file's (`541254,4046010643832790,227.31`).
pub(super) fn card_continues_a_number(text: &str, found: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let digits_before = |end: usize| bytes[..end].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    // The byte before the separator at `start - 1` and the `run` digits before it.
    let i_before = |start: usize, run: usize| start.checked_sub(run + 2);
    let before = match found.start.checked_sub(1).map(|i| (bytes[i], digits_before(i))) {
        Some((b'.', run)) => run > 0,
        // A thousands group (`1,234`), not a decimal's fraction before a CSV field (`67.99,4111…`).
        Some((b',', run)) => (1..=3).contains(&run) && i_before(found.start, run).is_none_or(|at| bytes[at] != b'.'),
        _ => false,
    };
    let after = matches!(bytes.get(found.end..found.end + 2), Some([b'.', digit]) if digit.is_ascii_digit());
    // Pairs read out (`40 46 01 …`) that go on in pairs are a hex dump's bytes (`45 00 00 41 …`).
    let pairs = bytes.get(found.start + 2) == Some(&b' ');
    let pair_before = matches!(found.start.checked_sub(3).and_then(|i| bytes.get(i..found.start)), Some([a, b, b' ']) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit());
    let pair_after = matches!(bytes.get(found.end..found.end + 3), Some([b' ', a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit());
    // Digits read out one by one that go on are a longer list of digits.
    let single = bytes.get(found.start + 1) == Some(&b' ');
    let single_before = matches!(found.start.checked_sub(2).and_then(|i| bytes.get(i..found.start)), Some([a, b' ']) if a.is_ascii_digit());
    let single_after = matches!(bytes.get(found.end..found.end + 2), Some([b' ', a]) if a.is_ascii_digit());
    before || after || (pairs && (pair_before || pair_after)) || (single && (single_before || single_after))
}

/// Whether a known brand issues numbers with these leading digits and this length: Visa,
/// Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, RuPay (India), Elo (Brazil),
/// Mir (Russia), Troy (Turkey), UzCard and Humo (Uzbekistan), Dankort (Denmark), Verve
/// (Nigeria).
pub(super) fn brand_allows(digits: &[u8]) -> bool {
    let prefix = |len: usize| {
        digits
            .iter()
            .take(len)
            .fold(0u32, |n, &d| n * 10 + u32::from(d))
    };
    let (one, two, three, four, six) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    let len = digits.len();
    let mastercard = (51..=55).contains(&two) || (2221..=2720).contains(&four);
    let discover = four == 6011 || (644..=649).contains(&three) || two == 65;
    let diners = (300..=305).contains(&three) || matches!(two, 36 | 38 | 39);
    let maestro = matches!(four, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761..=6763);
    let rupay = matches!(two, 60 | 81 | 82) || matches!(three, 353 | 356 | 508);
    let mir = (2200..=2204).contains(&four);
    let troy = four == 9792;
    // Uzbekistan's domestic schemes.
    let uzcard_or_humo = matches!(four, 8600 | 9860);
    let elo = matches!(six, 504175 | 506699..=506778 | 509000..=509999 | 627780 | 636297 | 636368);
    let dankort = four == 5019;
    let verve = matches!(six, 506099..=506198 | 507865..=507964 | 650002..=650027);
    (one == 4 && matches!(len, 13 | 16 | 19))
        || (mastercard && len == 16)
        || (matches!(two, 34 | 37) && len == 15)
        || (discover && (16..=19).contains(&len))
        || ((3528..=3589).contains(&four) && (16..=19).contains(&len))
        || (diners && (14..=19).contains(&len))
        || (two == 62 && (16..=19).contains(&len))
        || (maestro && (12..=19).contains(&len))
        || ((rupay || elo || mir || troy || uzcard_or_humo || dankort) && len == 16)
        || (verve && matches!(len, 16 | 19))
}

/// The Luhn checksum: doubling every second digit from the right, the sum is a multiple of ten.
pub(super) fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(position, &digit)| {
            let digit = u32::from(digit);
            match (position % 2 == 1, digit * 2) {
                (false, _) => digit,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// IBAN lengths by country (the SWIFT registry).
pub(super) const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// Accepts an IBAN: a known country code just before the check digits the candidate starts
/// with, exactly that country's length (spaces aside, nothing glued after it) and a valid mod-97
/// checksum. The candidate may run on into the next word; the accepted span ends at the
/// country's length.
pub(super) fn check_iban(text: &str, found: Range<usize>) -> Option<Accept> {
    let start = found.start.checked_sub(2)?;
    let country = text.get(start..found.start)?;
    if !country.bytes().all(|b| b.is_ascii_uppercase()) || is_alnum(byte_before(text, start)) {
        return None;
    }
    let &(_, length) = IBAN_LENGTHS.iter().find(|(code, _)| *code == country)?;
    let mut kept = Vec::with_capacity(length);
    kept.extend_from_slice(country.as_bytes());
    let mut end = found.start;
    for (offset, byte) in text[found.clone()].bytes().enumerate() {
        if kept.len() == length {
            break;
        }
        if byte != b' ' {
            kept.push(byte);
            end = found.start + offset + 1;
        }
    }
    let valid = kept.len() == length && !is_alnum(byte_at(text, end)) && iban_checksum_valid(&kept);
    valid.then_some(Accept::plain(start..end))
}

/// The ISO 13616 check: the first four characters moved to the end, letters as 10–35, the
/// number mod 97 is 1.
pub(super) fn iban_checksum_valid(iban: &[u8]) -> bool {
    let (head, tail) = iban.split_at(4.min(iban.len()));
    let mut remainder = 0u32;
    for &byte in tail.iter().chain(head) {
        let value = match byte {
            b'0'..=b'9' => u32::from(byte - b'0'),
            b'A'..=b'Z' => u32::from(byte - b'A') + 10,
            _ => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// Accepts four octets of 0–255 that are not part of a longer dotted sequence (a version), not a
/// loopback address or `0.0.0.0`, and not a version after a version word ([`is_a_version`]),
/// before words of its release ([`is_released`]), after a product name
/// ([`follows_a_product_name`]) or a tool's key ([`names_a_tool`]; not in the
/// private ranges, which a scanning tool's target is in more often).
pub(super) fn check_ipv4(text: &str, found: Range<usize>) -> Option<Accept> {
    let address = &text[found.clone()];
    let octets_valid = address.split('.').all(|octet| octet.parse::<u8>().is_ok());
    // Loopback and "any address" name no machine of anyone's (`127.0.0.1:8080/healthz`).
    let local = address.starts_with("127.") || address == "0.0.0.0";
    let version = is_a_version(context_before(text, found.start, 40))
        || is_an_earlier_version(context_before(text, found.start, EARLIER_VERSION_BYTES))
        || is_released(&text[found.end..])
        || follows_a_product_name(text, found.start)
        || (names_a_tool(context_before(text, found.start, 48)) && !address.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_private()));
    let accepted = octets_valid && !local && !version && !is_a_netmask(address) && !continues_a_number(text, &found, b".");
    accepted.then_some(Accept::plain(found))
}

/// Whether `address` is a network mask (`255.255.255.0`, `255.255.240.0`): ones, then zeros,
/// starting with a whole octet of ones (not the broadcast `255.255.255.255`). A mask names no
/// machine.
pub(super) fn is_a_netmask(address: &str) -> bool {
    let octets: Vec<u8> = address.split('.').filter_map(|octet| octet.parse().ok()).collect();
    let Ok(octets) = <[u8; 4]>::try_from(octets) else { return false };
    let bits = u32::from_be_bytes(octets);
    octets[0] == 255 && bits != u32::MAX && bits.leading_ones() + bits.trailing_zeros() == 32
}

/// Whether the words after a dotted quad say it was released, as a version is and a machine's
/// address is not (`Stayline 9.14.6.221 deployed to Sochi`, `4.2.0.17 rolled out`).
pub(super) fn is_released(after: &str) -> bool {
    let head = &after[..floor_char_boundary(after, after.len().min(24))];
    RELEASE_WORDS.iter().any(|words| head.strip_prefix(' ').is_some_and(|rest| rest.starts_with(words)))
}

/// What a release is said to be right after its version (see [`is_released`]).
pub(super) const RELEASE_WORDS: &[&str] = &["deployed to", "released to", "rolled out", "shipped to", "went live", "is live", "goes live"];

/// Whether a product name and a slash stand right before `start` as a word of their own, as in
/// a user agent's `Chrome/124.0.0.0`: a version, not an address (a URL's `//10.0.0.1` and a
/// path's `/api/hosts/10.0.0.1` have no such word there).
pub(super) fn follows_a_product_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix('/') else { return false };
    let name = before.rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ';' | '"' | '\'')).next().unwrap_or_default();
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// Whether a dotted quad after `before` is the version of a tool named by a `tool=` or `tool:`
/// key: one to three capitalized words between, the tool's name (a chain-of-custody log's
/// `tool=FTK Imager 4.4.2.4`; not `tool: nmap 10.0.0.5` or `tool: AnyDesk to 10.1.2.3`).
pub(super) fn names_a_tool(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    let lower = line.to_ascii_lowercase();
    let Some(key) = lower.rfind("tool=").or_else(|| lower.rfind("tool:")) else { return false };
    let words: Vec<&str> = line[key + "tool=".len()..].split(' ').filter(|word| !word.is_empty()).collect();
    let capitalized = |word: &&str| word.starts_with(|c: char| c.is_ascii_uppercase()) && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
    (1..=3).contains(&words.len()) && words.iter().all(capitalized)
}

/// Words a version number follows, in the languages tickets here are written in.
pub(super) const VERSION_WORDS: &[&str] = &[
    "version", "ver", "release", "build", "firmware", "fw", "update", "upgrade", "engine", "ocr", "sdk",
    "bios", "patch", "hotfix", "abi", "versão", "versión", "versione", "versie", "wersja",
    "バージョン", "版本", "버전",
];

/// Whether a dotted quad after `before` is a version with four parts: a version word stands
/// right before it (`Firmware-Version 3.10.2.8`, `build 4.18.2.1`, `"firmwareVersion":"…"`), or
/// it follows such a version and `to`, an arrow or `replaces` (`from version 1.2.3.4 to 1.2.4.0`,
/// `firmware 4.3.12.192 → 3.6.0.64`, `firmware 9.12.3.161 replaces 8.1.6.162`).
pub(super) fn is_a_version(before: &str) -> bool {
    // The whole last word (`server 10.0.0.1` is no `ver`), perhaps before "is" (`Firmware is
    // 1.13.0.8`).
    let after_a_version_word = |text: &str| {
        let mut words = text.trim_end_matches([' ', '\t', ':', '=', '-', '"', '\'']).rsplit(|c: char| !c.is_alphanumeric());
        let last = words.next().unwrap_or_default();
        let last = if matches!(last, "is" | "as" | "ist" | "est" | "es" | "é" | "è") { words.next().unwrap_or_default() } else { last };
        // A key that ends in "version" (`"firmwareVersion":"1.7.0.25"`).
        let key_of_a_version = last.len() > "version".len() && last.as_bytes()[last.len() - "version".len()..].eq_ignore_ascii_case(b"version");
        VERSION_WORDS.iter().any(|word| last.eq_ignore_ascii_case(word)) || key_of_a_version
    };
    let trimmed = before.trim_end();
    let successor = [" to", "→", "->", " replaces", " replacing", " supersedes"].iter().find_map(|word| trimmed.strip_suffix(word));
    let Some(earlier) = successor else {
        return after_a_version_word(before);
    };
    let (words, last) = earlier.trim_end().rsplit_once(' ').unwrap_or(("", earlier));
    // `(build 6.13.14.241) replaces 2.2.7.147`: the earlier version may close a bracket.
    let last = last.trim_end_matches([')', ']', ',', ';']);
    let dotted = last.contains('.') && last.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    dotted && after_a_version_word(words)
}

/// Whether a dotted quad after `before` is named as the version another one replaced: after
/// `previous`, `prior` or `old`, on a line where an earlier dotted quad is a version
/// ([`is_a_version`]: `upgraded to firmware 4.2.10.150 (build 2026.02.16-rc2); previous
/// 4.2.2.133`).
pub(super) fn is_an_earlier_version(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    let last = line.trim_end_matches([' ', ':', '\t']).rsplit(' ').next().unwrap_or_default();
    if !["previous", "previously", "prior", "old"].iter().any(|word| last.eq_ignore_ascii_case(word)) {
        return false;
    }
    let dotted_quad = |word: &str| word.split('.').count() == 4 && word.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    line.match_indices(' ').any(|(at, _)| {
        let word = line[at + 1..].split([' ', ')', ',', ';']).next().unwrap_or_default();
        dotted_quad(word) && is_a_version(&line[..at + 1])
    })
}

/// How far before a dotted quad [`is_an_earlier_version`] reads its line, in bytes.
pub(super) const EARLIER_VERSION_BYTES: usize = 120;

/// Accepts an IPv6 address that `std::net` parses, stands on its own, has at least two groups
/// and a digit (`dead::beef` is code, `::` and `::1` say nothing about anyone) and is no run of
/// seven or eight bytes (`96:b3:46:6e:85:96:6c:7d`) unless called an address; or, with six
/// groups of two hex digits, a MAC address; or, with a port of five digits glued on by a colon
/// (a firewall's `src=2a03:e873::7fd5:f43b:11323`), the address before the port.
pub(super) fn check_ipv6(text: &str, found: Range<usize>) -> Option<Accept> {
    if let Some(address) = address_before_a_glued_port(text, &found) {
        return Some(Accept::plain(address));
    }
    let candidate = &text[found.clone()];
    if is_glued_to_an_address(text, found.clone()) {
        return None;
    }
    let groups: Vec<&str> = candidate.split(':').collect();
    let bytes_only = groups.iter().all(|group| group.len() == 2);
    if groups.len() == 6 && bytes_only {
        return Some(Accept {
            range: found,
            relabel: Some((PiiKind::MacAddress, "mac_address")),
        });
    }
    // Seven or eight bytes (a certificate's serial, an EUI-64): as an address its first group
    // would be below 0x100, which no one is given; unless the text says it is one.
    if groups.len() >= 7 && bytes_only && !mentions(context_before(text, found.start, IPV6_WORD_BYTES), IPV6_WORDS) {
        return None;
    }
    is_an_ipv6_address(candidate).then_some(Accept::plain(found))
}

/// How far before a run of hex bytes [`check_ipv6`] looks for one of [`IPV6_WORDS`], in
/// bytes.
pub(super) const IPV6_WORD_BYTES: usize = 24;

/// Words that call what follows an address (`IPv6: 01:02:…`, `ping 10:20:…`, `addr 20:01:…`).
pub(super) const IPV6_WORDS: &[&str] = &["ipv6", "inet6", "ip ", "ip:", "addr", "ping"];

/// Whether letters, digits, colons, dots or dashes go on before or after `found` (a dot after
/// it ends the sentence unless more of a name or number follows the dot).
fn is_glued_to_an_address(text: &str, found: Range<usize>) -> bool {
    let glued = |b: Option<u8>| {
        b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'.' || b == b'-')
    };
    let glued_after = match byte_at(text, found.end) {
        Some(b'.') => is_alnum(byte_at(text, found.end + 1)),
        next => glued(next),
    };
    glued(byte_before(text, found.start)) || glued_after
}

/// Whether `candidate` is an IPv6 address `std::net` parses, with two groups and a digit.
fn is_an_ipv6_address(candidate: &str) -> bool {
    candidate.split(':').filter(|group| !group.is_empty()).count() >= 2
        && candidate.bytes().any(|b| b.is_ascii_digit())
        && candidate.parse::<std::net::Ipv6Addr>().is_ok()
}

/// The address of `address:port` when the port has five digits, which no group of an address
/// has (a match stops after four of them, so the port's digits run on past `found`).
fn address_before_a_glued_port(text: &str, found: &Range<usize>) -> Option<Range<usize>> {
    let end = found.end + text[found.end..].bytes().take_while(u8::is_ascii_digit).count();
    let (address, port) = text[found.start..end].rsplit_once(':')?;
    let port_of_five_digits = port.len() == 5 && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok();
    let address = found.start..found.start + address.len();
    let valid = port_of_five_digits
        && !is_glued_to_an_address(text, found.start..end)
        && is_an_ipv6_address(&text[address.clone()]);
    valid.then_some(address)
}

/// Accepts a MAC address that stands on its own (not part of a longer run of groups).
pub(super) fn check_mac(text: &str, found: Range<usize>) -> Option<Accept> {
    let glued =
        |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'-');
    // RADIUS writes an access point's MAC and its network's name as one
    // (`Called-Station-Id = "DC-A6-32-F3-CB-07:eduroam"`); a dashed MAC goes on with no colon.
    let network_after = text[found.clone()].contains('-')
        && byte_at(text, found.end) == Some(b':')
        && byte_at(text, found.end + 1).is_some_and(|b| b.is_ascii_alphabetic());
    let alone = !glued(byte_before(text, found.start)) && (network_after || !glued(byte_at(text, found.end)));
    alone.then_some(Accept::plain(found))
}

/// Accepts a MAC address in dotted form (`743b.49ae.e077`) that stands alone (a full stop
/// after it ends a sentence) and has a hex letter (twelve decimal digits in dotted fours are more often a version or a date).
pub(super) fn check_dotted_mac(text: &str, found: Range<usize>) -> Option<Accept> {
    let glued = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.');
    let continued = byte_at(text, found.end).is_some_and(|b| b.is_ascii_alphanumeric())
        || (byte_at(text, found.end) == Some(b'.') && is_alnum(byte_at(text, found.end + 1)));
    let alone = !glued(byte_before(text, found.start)) && !continued;
    let lettered = text[found.clone()].bytes().any(|b| b.is_ascii_alphabetic());
    (alone && lettered).then_some(Accept::plain(found))
}

/// Accepts a US SSN: area not 000, 666 or 900–999, group not 00, serial not 0000, not one digit
/// repeated, not part of a longer number; without dashes only after `SSN` or `social security`
/// on its line or on a line above it without digits.
pub(super) fn check_ssn(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let digits: Vec<u8> = candidate.bytes().filter(u8::is_ascii_digit).collect();
    let [a1, a2, a3, g1, g2, s1, s2, s3, s4] = digits.as_slice() else {
        return None;
    };
    let area = [*a1, *a2, *a3];
    let valid_area = &area != b"000" && &area != b"666" && *a1 != b'9';
    let valid_group = [*g1, *g2] != *b"00";
    let valid_serial = [*s1, *s2, *s3, *s4] != *b"0000";
    let repeated = digits.iter().all(|&d| d == digits[0]);
    let dashed = candidate.contains('-');
    // The word on the number's line, or on the line above when that holds no number (a label,
    // a CSV header): a table's row with a number names its own (`|SSN|…|\n|account|…|`).
    let before = context_before(text, found.start, CONTEXT_BYTES);
    let mut lines = before.rsplit('\n');
    let line = lines.next().unwrap_or(before);
    let above = lines.find(|above| !above.trim().is_empty()).filter(|above| !above.contains(|c: char| c.is_ascii_digit())).unwrap_or_default();
    let scope = format!("{above}\n{line}");
    let context = dashed || mentions(&scope, &["ssn", "social security", "soc sec", "ss#", "ss #", "ss no"]);
    let valid = valid_area
        && valid_group
        && valid_serial
        && !repeated
        && context
        && !continues_a_number(text, &found, b".-/ ");
    valid.then_some(Accept::plain(found))
}

/// Whether the match continues a number on either side: a digit and one of `separators` just
/// before it (`1.` in `1.2.3.4.5`) or just after it.
pub(super) fn continues_a_number(text: &str, found: &Range<usize>, separators: &[u8]) -> bool {
    let joins =
        |digit: &u8, separator: &u8| digit.is_ascii_digit() && separators.contains(separator);
    let before = matches!(&text.as_bytes()[..found.start], [.., digit, separator] if joins(digit, separator));
    let after =
        matches!(&text.as_bytes()[found.end..], [separator, digit, ..] if joins(digit, separator));
    before || after
}
