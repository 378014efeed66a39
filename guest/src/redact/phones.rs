//! The check of phone numbers: international or national shapes, phone words before or after,
//! and the many numbers that look like phones but are not (dates, versions, identifiers).

use super::*;

/// How far after a phone-number candidate [`PHONE_CONTEXT_AFTER`] is looked for, in bytes.
pub(super) const PHONE_CONTEXT_AFTER_BYTES: usize = 96;

/// How far before a phone-number candidate a word such as "tel" or "call" counts, in bytes.
pub(super) const PHONE_CONTEXT_BYTES: usize = 32;

/// Accepts a phone number: 7–15 digits (or six, see [`is_a_six_digit_number`]), not part of a
/// longer number, a date or a dotted version, and either international (`+`), preceded by a
/// phone word ("tel", "call" …), or in a national shape (see [`national_shape`]).
pub(super) fn check_phone(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let groups: Vec<&str> = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    // `UNB+UNOC:3+4006381333931:14` (EDI): a `+` glued to what comes before joins fields; not
    // after a vCard's `TEL;TYPE=HOME,VOICE:`.
    let glued_plus = candidate.starts_with('+')
        && byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'+'))
        && !after_a_vcard_phone_type(text, found.start);
    // A Japanese postal code (`〒105-0022`); a year and a case number (`2024/000412`).
    let postal = text[..found.start].ends_with('〒');
    let year_and_number = matches!(groups.as_slice(), [year, _] if year.len() == 4 && (year.starts_with("19") || year.starts_with("20")) && candidate.contains('/'));
    // A Hungarian `06-30/645-6276` has one slash; paths and dates have more.
    let slashes = candidate.bytes().filter(|&b| b == b'/').count() > 1;
    // `POL-PH-2026-7143346`, `QLIF/26/389279`, `pain.001.001.09`: the end of an identifier.
    let joiner = found.start.checked_sub(1).map(|at| text.as_bytes()[at]);
    // (A `+` starts no identifier's last part: `ku-+27 82 …` is a prefix glued to a number.)
    let ends_an_identifier = !candidate.starts_with('+') && matches!(&text.as_bytes()[..found.start], [.., letter, b'-' | b'/' | b'.' | b'_'] if letter.is_ascii_alphanumeric())
        && !(joiner == Some(b'.') && after_a_phone_abbreviation(text, found.start - 1))
        && !(joiner == Some(b'-') && after_a_glued_locative(text, found.start - 1) && has_phone_context(text, found.start, found.end));
    // `LC 0471-2026-A`: a capital letter alone after a dash goes on an identifier (a suffix
    // after a dash, Greenlandic `25 30 74-imut`, does not), unless the number is international
    // or a phone word stands before it (`mobile 0171-1234567-X`).
    let lettered_after = byte_at(text, found.end) == Some(b'-')
        && byte_at(text, found.end + 1).is_some_and(|b| b.is_ascii_uppercase())
        && !byte_at(text, found.end + 2).is_some_and(|b| b.is_ascii_alphabetic());
    if lettered_after && !candidate.starts_with('+') && !has_phone_context(text, found.start, found.end) {
        return None;
    }
    if !is_whole_after_a_bracketed_area(candidate) {
        return None;
    }
    if !(PHONE_DIGITS.contains(&digits) || is_a_six_digit_number(text, found.start, candidate))
        || is_dummy_number(&groups)
        || glued_plus
        || postal
        || year_and_number
        || slashes
        || ends_an_identifier
        || continues_a_number(text, &found, b".-/")
        || follows_a_digit_group(text, found.start)
        || looks_like_date(&groups)
        || starts_with_a_date(candidate)
        || (!candidate.starts_with(['+', '(']) && !candidate.contains(' ') && has_check_digits(&groups))
        || (!candidate.starts_with('+') && follows_an_identifier_word(text, found.start))
        || (digits >= IMEI_DIGITS && groups.len() == 1 && !candidate.starts_with('+') && mentions(context_before(text, found.start, PHONE_CONTEXT_BYTES), &["imei"]))
    {
        return None;
    }
    // ` / ` between groups (`030 / 471 49 294`) only after a trunk prefix or a country code:
    // otherwise it divides (`1024 / 768`).
    let international = candidate.starts_with('+') || candidate.starts_with("(+");
    if candidate.contains(" / ") && !international && !groups.first().is_some_and(|group| group.starts_with('0')) {
        return None;
    }
    // After a phone word, a run of digits still needs the length of a number to call
    // (`grpc dial took 1500000 us` is a duration).
    let callable = groups.len() > 1 || digits >= MIN_BARE_PHONE_DIGITS;
    // Digits read out one by one (`3 1 6 0 7 9 4 3`) are a number only right after a word that
    // says so, and when no more digits follow. (`00` before a country code, which never starts
    // with 0, is a call abroad; `0000123456 12`, an account and a count, is no candidate.)
    let spoken = !international && groups.iter().all(|group| group.len() == 1);
    if spoken {
        let goes_on = matches!(text.as_bytes().get(found.end..found.end + 2), Some([b' ', digit]) if digit.is_ascii_digit());
        let said = mentions(&context_before(text, found.start, PHONE_CONTEXT_BYTES).to_lowercase(), SPOKEN_PHONE_WORDS);
        return (said && !goes_on && PHONE_DIGITS.contains(&digits)).then_some(Accept::plain(found));
    }
    let shaped = national_shape(candidate, &groups) && !is_an_air_waybill(text, found.start, &groups, candidate);
    let accepted = international
        || (!looks_like_dotted_number(candidate, &groups)
            && (shaped || (callable && (has_phone_context(text, found.start, found.end) || beside_an_address(text, found.start, candidate, &groups) || signed_with_a_letter(text, &found, &groups)))));
    // `(+27 79 947 9202)`: a bracket around the whole number is the sentence's, not the
    // number's (in `(+34) 612 …` it closes after the country code and stays).
    let start = if candidate.starts_with('(') && !candidate.contains(')') { found.start + 1 } else { found.start };
    accepted.then_some(Accept::plain(start..found.end))
}

/// Whether a locative of [`GLUED_LOCATIVES`] ends at `dash` as a word of its own (glued to the
/// number after it, as siSwati and Zulu write `ku-7994 0046`, "at 7994 0046"); with a word for
/// calling before, the number is no identifier's end.
fn after_a_glued_locative(text: &str, dash: usize) -> bool {
    let before = context_before(text, dash, MAX_GLUED_LOCATIVE_BYTES + 1);
    let word = before.rsplit(|c: char| !c.is_ascii_lowercase()).next().unwrap_or_default();
    GLUED_LOCATIVES.contains(&word) && before.len() > word.len() && before[..before.len() - word.len()].ends_with(' ')
}

/// The longest locative [`after_a_glued_locative`] reads, in bytes.
pub(super) const MAX_GLUED_LOCATIVE_BYTES: usize = 3;

/// The locatives that Nguni and other Bantu languages glue to a number with a dash.
pub(super) const GLUED_LOCATIVES: &[&str] = &["ku", "e", "ka", "kwa"];

/// Whether a number whose area code shares the country code's brackets (`(+992 37)
/// 275-02-43`) is whole: a country code that does not start with 0, and after the bracket six
/// digits or more in groups of two or more, ending in a pair or a four, that are no date (not
/// `(+15 20) 25-30` degrees, `(+20 30) 1 000 000`, `(+3 12) 450 600 700`, `(+120 45) 2024-03-01`).
/// Without the opening bracket (`+15 20) 25-30`), it is a piece of one and never whole. True for
/// every other candidate.
pub(super) fn is_whole_after_a_bracketed_area(candidate: &str) -> bool {
    let Some(inside) = candidate.strip_prefix("(+").or_else(|| candidate.strip_prefix('+')) else { return true };
    let Some((codes, rest)) = inside.split_once(')') else { return true };
    if !codes.contains(' ') || codes.contains('(') {
        return true;
    }
    if !candidate.starts_with('(') {
        return false;
    }
    let groups: Vec<&str> = rest.split(|c: char| !c.is_ascii_digit()).filter(|group| !group.is_empty()).collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    // A subscriber's number ends in a pair or a four (`275-02-43`, `7946 0958`), not in three
    // like counts and prices (`450 600 700`), and is no date (`2024-03-01`).
    let ending = groups.last().is_some_and(|last| matches!(last.len(), 2 | 4));
    !codes.starts_with('0') && digits >= 6 && groups.iter().all(|group| group.len() >= 2) && ending && !looks_like_date(&groups)
}

/// Whether a vCard's phone property and its types end right before `start`
/// (`TEL;TYPE=HOME,VOICE:`, `item1.TEL;type=CELL:`).
fn after_a_vcard_phone_type(text: &str, start: usize) -> bool {
    let before = context_before(text, start, PHONE_CONTEXT_BYTES);
    let line = before.rsplit('\n').next().unwrap_or(before).to_ascii_uppercase();
    line.ends_with(':') && (line.starts_with("TEL") || line.contains(".TEL;") || line.contains(".TEL:"))
}

/// Whether the digits of `groups` are a form's dummy value: one digit repeated (`000000000`,
/// `111-111-1111`) or counted up from 1 (`1234567890`; France's `01 23 45 67 89` is a
/// number's shape in examples, and is kept).
pub(super) fn is_dummy_number(groups: &[&str]) -> bool {
    let digits = || groups.iter().flat_map(|group| group.bytes());
    let pairs = || digits().zip(digits().skip(1));
    let repeated = pairs().all(|(a, b)| a == b);
    let counted = digits().next() == Some(b'1') && pairs().all(|(a, b)| b == a + 1 || (a == b'9' && b == b'0'));
    repeated || counted
}

/// The words after which digits read out one by one are a phone number (`mit nummer er 3 1 6
/// …`); weaker phone words (`contact`, `call`) are followed by scores and lists as often.
pub(super) const SPOKEN_PHONE_WORDS: &[&str] = &["number", "nummer", "numărul", "număr", "numero", "número", "phone", "mobile", "tel", "telefon", "cell", "handy"];

/// Whether the word that ends at `end` is a phone word abbreviated with a dot right before a
/// number (`Tel.0511 123456`, `TEL.03-1234-5678`, `Mob.0412 345 678`).
pub(super) fn after_a_phone_abbreviation(text: &str, end: usize) -> bool {
    let word = text[..end].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    // A word of its own, not the part of a dotted name (`doi:10.1016/j.cell.2025.64.059`).
    let dotted = text[..end - word.len()].ends_with('.');
    !dotted && matches!(word.to_lowercase().as_str(), "tel" | "tél" | "mob" | "fax" | "cell" | "m" | "t" | "f")
}

/// The fewest digits a phone number written as one run has (after a phone word).
pub(super) const MIN_BARE_PHONE_DIGITS: usize = 9;

/// Whether digit groups joined without spaces end as account, policy and device numbers do,
/// not phone numbers: a long group and then one or two check digits (`490-4720453-54`), or four
/// groups or more and then one digit (an IMEI's `01-069003-861300-2`). (A German direct dial
/// writes a space before the extension's group: `089 1234567-12`.)
pub(super) fn has_check_digits(groups: &[&str]) -> bool {
    match groups {
        // A German switchboard's `-0` is an extension (`030 1234567-0`).
        [.., "0"] => false,
        [.., long, last] if long.len() >= 7 && last.len() <= 2 => true,
        [_, _, _, .., last] => last.len() == 1,
        _ => false,
    }
}

/// Whether the word right before `start` names a number that is not a phone number (`IMEI`,
/// `TAJ-szám:`, `CPR-nr.:`, `polise`, `policy no.`, a bag `tag`), or the word before the first
/// number of a list that `start` goes on (`tags 0738 377446 and 0738 839372`).
pub(super) fn follows_an_identifier_word(text: &str, start: usize) -> bool {
    let (phone_word, identifier_word, token) = word_before_a_number(text, start);
    if phone_word || identifier_word {
        return identifier_word && !phone_word;
    }
    // After `and`, the word before the list's first number (one list step back, no more).
    let context = context_before(text, start, 24);
    let before = context.trim_end().trim_end_matches([':', '=', '#', '.']);
    let Some(rest) = before.strip_suffix(token.as_str()).filter(|_| LIST_JOINERS.contains(&token.as_str())) else { return false };
    let rest = rest.trim_end();
    let first = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let listed = rest.ends_with(|c: char| c.is_ascii_digit()) && !first.is_empty();
    let (phone_word, _, first_token) = word_before_a_number(text, start - context.len() + first.len());
    listed && !phone_word && first_token.split(|c: char| !c.is_alphanumeric()).any(|word| LISTED_IDENTIFIER_WORDS.contains(&word))
}

/// The identifier words whose lists name each number after `and` (`bag tags 0738 377446 and
/// 0738 839372`); after an invoice's or a policy's number, `and` may well add a phone's.
pub(super) const LISTED_IDENTIFIER_WORDS: &[&str] = &["tag", "tags", "awb", "awbs"];

/// The word right before the number at `start`, lowercase, with whether it is a phone word
/// and whether it names a number that is not a phone number ([`IDENTIFIER_WORDS`]).
pub(super) fn word_before_a_number(text: &str, start: usize) -> (bool, bool, String) {
    let before = context_before(text, start, 24).trim_end();
    let before = before.trim_end_matches([':', '=', '#', '.']);
    let before = before.strip_suffix(" no").or_else(|| before.strip_suffix(" No")).or_else(|| before.strip_suffix(" nr")).unwrap_or(before);
    let token = before.rsplit(char::is_whitespace).next().unwrap_or_default().to_lowercase();
    let mut words = token.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty());
    // `Claim-Hotline:` names a phone number.
    let phone_word = token.rsplit(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty()).is_some_and(|last| compiled().phone_context().is_match(last));
    // `UCAS ID 343-653-3726`, `personal ID …`; a caller's or a messenger's ID is a phone
    // number (`Caller ID`, `WhatsApp ID`, `Signal ID`).
    let an_id = token == "id" && !names_a_phones_id(before);
    let identifier_word = an_id || words.any(|word| IDENTIFIER_WORDS.contains(&word)) || (!phone_word && coded_identifier(before));
    (phone_word, identifier_word, token)
}

/// Whether `before` (what stands before a number) ends in a code in capitals that abbreviates
/// the word for an identifier before it ([`IDENTIFIER_WORDS`] or `order`): its letters in the
/// word's order from its first (`invoice INV 347-819-2184`, `claim CLM …`), or the initials of
/// the words that end with it (`Banquet event order BEO 456-344-2812`). Another code there
/// (`police HQ 020 …`, `invoice ASAP …`) may stand before a phone.
fn coded_identifier(before: &str) -> bool {
    let code = before.split_whitespace().next_back().unwrap_or_default();
    if !(2..=MAX_CODE_LETTERS).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let code = code.to_ascii_lowercase();
    let words: Vec<String> = before.split_whitespace().rev().skip(1).take(MAX_CODE_LETTERS).map(str::to_lowercase).collect();
    let Some(word) = words.first().filter(|word| IDENTIFIER_WORDS.contains(&word.as_str()) || word.as_str() == "order") else { return false };
    let mut letters = word.chars();
    let shortened = code.chars().next() == word.chars().next() && code.chars().all(|letter| letters.any(|c| c == letter));
    let initials = words.len() >= code.len() && code.chars().rev().zip(&words).all(|(letter, word)| word.starts_with(letter));
    shortened || initials
}

/// The most letters of a code [`coded_identifier`] reads.
pub(super) const MAX_CODE_LETTERS: usize = 5;

/// Whether the word before a final `ID` in `before` says the ID is a phone number: a phone word
/// or a messenger that goes by the number (`Caller ID`, `caller's ID`, `WhatsApp ID`).
fn names_a_phones_id(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    words.next();
    let word: String = words.next().unwrap_or_default().chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let word = word.strip_suffix('s').filter(|stem| stem.ends_with("caller")).unwrap_or(&word);
    PHONE_ID_WORDS.contains(&word) || compiled().phone_context().is_match(word)
}

/// Callers and messengers whose `ID` is a phone number.
pub(super) const PHONE_ID_WORDS: &[&str] = &["caller", "whatsapp", "viber", "signal", "wechat", "skype", "telegram", "imessage", "facetime", "line"];

/// How many digits an IMEI has (15; 14 without its check digit, 16 for an IMEISV): shortly
/// after the word `IMEI`, so many digits are the device's, whatever word stands between
/// (`IMEI ទូរស័ព្ទ 354767710516267`, "the phone's IMEI").
pub(super) const IMEI_DIGITS: usize = 14;

/// Words for numbers that are not phone numbers: device, SIM, national-identity, policy and
/// claim numbers, PINs, publications' identifiers, and a laboratory's (requisition, accession
/// and specimen numbers).
pub(super) const IDENTIFIER_WORDS: &[&str] = &[
    "requisition", "accession", "specimen", "imei", "imeisv", "serial", "taj", "cpr", "personnummer", "fødselsnummer", "polise", "police", "policy", "póliza", "apólice",
    "polis", "polisa", "kötvényszám", "claim", "invoice", "iban", "sin", "nin", "nik", "aadhaar", "imsi", "iccid", "eid",
    "tag", "tags", "awb", "mawb", "hawb", "waybill", "pin", "issn", "isbn", "doi", "pmid", "orcid",
];

/// Words that join the numbers of a list (`bag tags 0738 377446 and 0738 839372`): the word
/// before the first names the others too.
pub(super) const LIST_JOINERS: &[&str] = &["and", "or", "&"];

/// Whether a group of digits and a space stand just before `start`: the candidate is the tail of
/// a longer run of digit groups (which was rejected as a whole). Digits that end a code of
/// letters and digits (`HK1` of a GDS status) are no group of the number.
pub(super) fn follows_a_digit_group(text: &str, start: usize) -> bool {
    let Some(before) = text.as_bytes()[..start].strip_suffix(b" ") else { return false };
    let group = before.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    group > 0 && !before[..before.len() - group].last().is_some_and(u8::is_ascii_alphabetic)
}

/// Whether `candidate` is a six-digit subscriber's number (Greenland, the Faroes and other small
/// numbering plans: `28 79 77`) beside a phone word (`call me on my mobile 28 79 77`): three
/// pairs of digits split by single blanks. Without the word six digits are a code, an amount, a
/// date or a time.
pub(super) fn is_a_six_digit_number(text: &str, start: usize, candidate: &str) -> bool {
    let pairs = matches!(candidate.as_bytes(), [a, b, b' ', c, d, b' ', e, f] if [a, b, c, d, e, f].iter().all(|digit| digit.is_ascii_digit()));
    if !pairs {
        return false;
    }
    // The word right before (`mobile 28 79 77`, `tlf. 29 26 03`; not `code: 48 20 19` or `call
    // at 10 30 00`), a signature's letter, or a word after as in verb-last languages.
    let end = start + candidate.len();
    let before = context_before(text, start, PHONE_CONTEXT_BYTES).trim_end_matches([' ', '\t']);
    let last_word = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    let after = &text[end..floor_char_boundary(text, (end + PHONE_CONTEXT_AFTER_BYTES).min(text.len()))];
    compiled().phone_context().is_match(last_word)
        || after_a_signature_letter(text, start, end)
        || (may_name_a_phone_after(after) && compiled().phone_context_after().is_match(after))
}

/// Whether the number at `found` (in digit `groups`) is a signature's after its letter
/// ([`after_a_signature_letter`]), and not written as thousands (`T 2 500 000`).
pub(super) fn signed_with_a_letter(text: &str, found: &Range<usize>, groups: &[&str]) -> bool {
    let thousands = groups.len() >= 3 && groups[0].len() <= 2 && groups[1..].iter().all(|group| group.len() == 3);
    !thousands && after_a_signature_letter(text, found.start, found.end)
}

/// Whether the number from `start` to `end` fills a signature's line after its one-letter label
/// (`T 691 105 986 | M 00352 …`, `T: 34 67 71`, `M: … | T: 6450 8400 | E: …`): a capital `T`
/// or `M` starts the line, or follows a bar on a line where another field labelled with a
/// colon (`M:`, `E:`, `F:`) holds an address or a number, and the line ends after the number or
/// goes on after a bar (not `T 1250 7788 total`, `| T 4500 1200 | hours`).
pub(super) fn after_a_signature_letter(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line = text[line_start..].split('\n').next().unwrap_or_default();
    let (after_a_bar, field) = text[line_start..start].rsplit_once('|').map_or((false, &text[line_start..start]), |(_, field)| (true, field));
    let label = field.trim_start_matches([' ', '\t']).trim_end_matches([' ', '\t', ':', '.']);
    let rest = text[end..].split('\n').next().unwrap_or_default().trim_start_matches([' ', '\t']);
    // Another field labelled so holds an address or a number of seven digits or more.
    let contact = |field: &str| {
        let field = field.trim_start();
        let labelled = matches!(field.as_bytes(), [b'T' | b'M' | b'E' | b'F', b':', ..]);
        labelled && (field.contains('@') || field.bytes().filter(u8::is_ascii_digit).count() >= 7)
    };
    // (The number's own field is one of them.)
    let signature_line = !after_a_bar || line.split('|').filter(|field| contact(field)).count() >= 2;
    matches!(label, "T" | "M") && signature_line && (rest.is_empty() || rest.starts_with('|'))
}

/// Three groups with a four-digit year first or last and at most two digits elsewhere.
pub(super) fn looks_like_date(groups: &[&str]) -> bool {
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    matches!(lengths.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4])
}

/// Whether `candidate` starts with a date: ISO (`2026-01-19 06` of `2026-01-19 06:37`), or day,
/// month and year joined by dots, slashes or dashes (`09.07.2026 08` of an e-mail's `Sent:
/// 09.07.2026 08:43`).
pub(super) fn starts_with_a_date(candidate: &str) -> bool {
    let digit = |b: &u8| b.is_ascii_digit();
    let joins = |a: &u8, b: &u8| a == b && matches!(a, b'.' | b'/' | b'-');
    match candidate.as_bytes() {
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, ..] => [y1, y2, y3, y4, m1, m2, d1, d2].into_iter().all(digit),
        [d1, d2, s1, m1, m2, s2, y1, y2, y3, y4, ..] => joins(s1, s2) && [d1, d2, m1, m2, y1, y2, y3, y4].into_iter().all(digit),
        _ => false,
    }
}

/// A dotted candidate with a one-digit group (a version, a decimal) or four groups of up to
/// three digits: an IPv4 address's shape, or an id's (a Brazilian CPF `062.559.014-75`), a
/// version's, a measure's. Written with dots only after a trunk prefix, with a group above 255,
/// they are a phone's (a Swiss `078.762.53.44`).
pub(super) fn looks_like_dotted_number(candidate: &str, groups: &[&str]) -> bool {
    let short_group = groups.iter().any(|group| group.len() < 2);
    let octet = |group: &&str| group.parse::<u16>().is_ok_and(|value| value <= 255);
    let dots_only = candidate.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let trunk_prefix = groups.first().is_some_and(|first| first.len() == 3 && first.starts_with('0'));
    let national = dots_only && trunk_prefix && !groups.iter().all(octet);
    let address_shape = groups.len() == 4 && groups.iter().all(|group| group.len() <= 3) && !national;
    candidate.contains('.') && (short_group || address_shape)
}

/// National numbers: in groups, a trunk prefix `0` before an area code (UK, DE, FR, AU, IN
/// landlines, an Indian mobile written `074831 51885` …), the North American 3-3-4 shape
/// (optionally after the country code 1), a Brazilian `(11) 91234-5678` or mobile
/// `21 97355-6955`, an area code in parentheses (`(22) 628 14 90`), an Indian mobile
/// `98765 43210`, a Chinese mobile `138 0013 8000`. Shapes that ordinary numbers share (a Spanish `612 48 93 07`, a French
/// `0547006859`, a Brazilian landline `11 3133-8935`) need a phone word before them.
pub(super) fn national_shape(candidate: &str, groups: &[&str]) -> bool {
    let area_and_exchange = |area: &str, exchange: &str| {
        [area, exchange]
            .iter()
            .all(|group| group.len() == 3 && !group.starts_with(['0', '1']))
    };
    let north_american = match groups {
        [area, exchange, line] | ["1", area, exchange, line] => {
            line.len() == 4 && area_and_exchange(area, exchange)
        }
        _ => false,
    };
    let brazilian_shape = matches!(groups, [area, first, last]
        if area.len() == 2 && !area.starts_with('0')
            && matches!(first.len(), 4 | 5) && last.len() == 4);
    // A mobile without parentheses, `21 97355-6955`: an area code (none ends in 0), a space,
    // five digits from 9 and a dash before the last four. (A landline's `11 3133-8935` is also
    // a port range's `22 3000-3010`: it needs a phone word before it.)
    let brazilian_mobile = brazilian_shape
        && candidate.as_bytes().get(1).is_some_and(|&b| b != b'0')
        && candidate.as_bytes().get(2) == Some(&b' ')
        && candidate.bytes().filter(|&b| b == b'-').count() == 1
        && groups.get(1).is_some_and(|first| first.len() == 5 && first.starts_with('9'));
    let brazilian = (candidate.starts_with('(') && brazilian_shape) || brazilian_mobile;
    // A two- or three-digit area code in parentheses before seven or more digits (Poland:
    // `(22) 628 14 90`); not a year (`(2024) 512 330`).
    let parenthesized = candidate.starts_with('(')
        && groups.first().is_some_and(|area| (2..=3).contains(&area.len()) && !area.starts_with('0'))
        && (9..=11).contains(&groups.iter().map(|g| g.len()).sum::<usize>());
    let indian_mobile = matches!(groups, [first, last]
        if first.len() == 5 && last.len() == 5 && first.starts_with(['6', '7', '8', '9']));
    // A Chinese mobile in 3-4-4 groups from 13x to 19x (`138 0013 8000`, `139-1234-5678`).
    let chinese_mobile = !candidate.contains('.')
        && matches!(groups, [first, middle, last]
            if first.len() == 3 && middle.len() == 4 && last.len() == 4
                && first.starts_with('1') && first.as_bytes()[1] >= b'3');
    // A Brazilian postal code (`01305-000`) is no trunk prefix's number.
    let postal_code = matches!(groups, [a, b] if a.len() == 5 && b.len() == 3) && candidate.contains('-');
    // Two times of day (`0945 0005`, a flight's departure and arrival in a GDS itinerary).
    let two_times = matches!(groups, [a, b] if is_hhmm(a) && is_hhmm(b));
    let trunk_prefix = groups.len() > 1
        && !postal_code
        && !two_times
        && groups
            .first()
            .is_some_and(|group| group.starts_with('0') && group.bytes().any(|b| b != b'0'));
    // Norwegian mobiles (`935 02 085`), Chilean mobiles (`9 4597 3357`), a toll-free `0 800
    // 314 528`. (Danish numbers in pairs, `93 30 32 18`, are also sizes or scores, and eleven
    // digits from a `0` in one run as often a VAT or a tracking number: they need a phone word.)
    let nordic = matches!(groups, [a, b, c] if a.len() == 3 && b.len() == 2 && c.len() == 3 && a.starts_with(['4', '9']));
    let chilean = matches!(groups, ["9", b, c] if b.len() == 4 && c.len() == 4);
    let toll_free = matches!(groups, ["0", b, _, _] if b.len() == 3 && b.starts_with('8'));
    let spaced = !candidate.contains(['.', '-', '/']);
    trunk_prefix || north_american || brazilian || parenthesized || indian_mobile || chinese_mobile || is_cis_national(candidate, groups) || ((nordic || chilean || toll_free) && spaced)
}

/// A number dialled within Russia, Kazakhstan or another land of the old Soviet trunk `8`:
/// `8`, a space, an area code of two to five digits (perhaps in brackets), and the subscriber's
/// number ending in two pairs joined by dashes (`8 923 970-40-53`, `8 (930) 256-55-10`,
/// `8 62 87-41-95`: nine to eleven digits), or in five groups of spaces only, eleven digits and
/// an area code of three or more (`8 747 249 55 11`, `8 4112 50 50 19`; not a list of numbers,
/// `8 16 32 64 96`).
pub(super) fn is_cis_national(candidate: &str, groups: &[&str]) -> bool {
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    let ends_in_pairs = groups.len() >= 4 && groups[groups.len() - 2..].iter().all(|group| group.len() == 2);
    let area = groups.get(1).map_or(0, |area| if area.starts_with('0') { 0 } else { area.len() });
    let dashed = candidate.contains('-') && (2..=5).contains(&area) && (9..=11).contains(&digits);
    let spaced = !candidate.contains(['-', '(', '.', '/']) && groups.len() == 5 && (3..=5).contains(&area) && digits == 11;
    candidate.starts_with("8 ") && groups.first() == Some(&"8") && ends_in_pairs && (dashed || spaced)
}

/// Whether `groups` are an air waybill's number after a word for one (`Авианакладная
/// 074-97239671`, `AWB 020-12345675`): an airline's three-digit prefix, a dash, and seven digits
/// and their check digit (the seven modulo 7). Its national shape alone does not make it a
/// phone then; a phone word still may.
pub(super) fn is_an_air_waybill(text: &str, start: usize, groups: &[&str], candidate: &str) -> bool {
    let [prefix, serial] = groups else { return false };
    if prefix.len() != 3 || serial.len() != 8 || !candidate.contains('-') {
        return false;
    }
    let (Ok(number), Ok(check)) = (serial[..7].parse::<u32>(), serial[7..].parse::<u32>()) else { return false };
    check == number % 7 && mentions(&context_before(text, start, PHONE_CONTEXT_BYTES).to_lowercase(), WAYBILL_WORDS)
}

/// Words for an air waybill (English, German, French, Spanish, Russian).
pub(super) const WAYBILL_WORDS: &[&str] = &["awb", "mawb", "hawb", "waybill", "frachtbrief", "lta", "guía aérea", "guia aerea", "накладн", "авианакладн"];

/// Whether `group` is four digits that read as a time of day (`0945`, `2315`).
pub(super) fn is_hhmm(group: &str) -> bool {
    let Ok(time) = group.parse::<u32>() else { return false };
    group.len() == 4 && time / 100 < 24 && time % 100 < 60
}

/// Whether a phone word ("tel", "phone", "call" …) stands shortly before `start`, or a word
/// for calling right after `end` ([`PHONE_CONTEXT_AFTER`]).
pub(super) fn has_phone_context(text: &str, start: usize, end: usize) -> bool {
    let compiled = compiled();
    let after = &text[end..floor_char_boundary(text, (end + PHONE_CONTEXT_AFTER_BYTES).min(text.len()))];
    compiled.phone_context().is_match(context_before(text, start, PHONE_CONTEXT_BYTES))
        || (may_name_a_phone_after(after) && compiled.phone_context_after().is_match(after))
        || labelled_by_its_row(text, start)
        || is_e164_subscription_id(text, start)
        || in_an_x12_contact(text, start)
}

/// Whether the number at `start` follows a phone qualifier of an X12 contact segment
/// (`PER*IC*JANE DOE*TE*5628763021*FX*…`: telephone, fax, cell, home, work), within the
/// segment (after its last `~`, on its line, within [`X12_SEGMENT_BYTES`]).
pub(super) fn in_an_x12_contact(text: &str, start: usize) -> bool {
    // Every qualifier ends in `*`: most numbers are told apart by one byte.
    if byte_before(text, start) != Some(b'*') {
        return false;
    }
    let before = context_before(text, start, X12_SEGMENT_BYTES);
    let segment = before.rsplit(['~', '\n']).next().unwrap_or_default();
    let qualified = ["*TE*", "*FX*", "*CP*", "*HP*", "*WP*"].iter().any(|qualifier| segment.ends_with(qualifier));
    qualified && segment.starts_with("PER*")
}

/// How far back [`in_an_x12_contact`] reads a segment, in bytes.
pub(super) const X12_SEGMENT_BYTES: usize = 160;

/// Whether a Diameter `Subscription-Id` of type `END_USER_E164` ends at `start` (`Subscription-
/// Id-Type: END_USER_E164 (0); Subscription-Id-Data: ` before the subscriber's number).
pub(super) fn is_e164_subscription_id(text: &str, start: usize) -> bool {
    let before = context_before(text, start, 2 * PHONE_CONTEXT_BYTES);
    let Some(data) = before.trim_end_matches([' ', '"', '=', ':']).strip_suffix("Subscription-Id-Data") else { return false };
    let avp = data.rsplit('{').next().unwrap_or(data);
    avp.contains("END_USER_E164")
}

/// Whether the number at `start` fills a cell of an HTML table row whose first cell labels it
/// a phone (`<tr><td><p>Hotline</p></td><td><p>24/7</p></td><td><p>1800 127 8870</p>…`): the
/// label is a phone word, alone or with `no.`, `number`, `line` or `24/7`, and the cells
/// between hold no words (`Mobile app installs`, `Hotline | Tickets | 1 234 567` are counts).
pub(super) fn labelled_by_its_row(text: &str, start: usize) -> bool {
    if byte_before(text, start) != Some(b'>') {
        return false;
    }
    let markup = context_before(text, start, MARKUP_CONTEXT_BYTES);
    let Some(row) = memchr::memmem::rfind(markup.as_bytes(), b"<tr") else { return false };
    let markup = &markup[row..];
    if markup.contains('\n') {
        return false;
    }
    let cells = cell_texts(markup);
    let Some((label, between)) = cells.split_first() else { return false };
    let mut words = label.split_whitespace().map(str::to_lowercase);
    let named = words.next().is_some_and(|first| compiled().phone_context().is_match(&first));
    named
        && words.all(|word| ROW_LABEL_WORDS.contains(&word.as_str()))
        && between.iter().all(|cell| !cell.contains(char::is_alphabetic))
}

/// The words besides a phone word that a row's label cell may hold.
pub(super) const ROW_LABEL_WORDS: &[&str] = &["no", "no.", "number", "nr", "#", "line", "24/7", "direct", "main", ":"];

/// The text of each cell that `markup` (a row's start, up to a cell's content) opens, tags left
/// out: one string per `<td` or `<th`, with the text of the tags inside it.
pub(super) fn cell_texts(markup: &str) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.split_whitespace().next().unwrap_or_default();
                if matches!(name, "td" | "th") {
                    cells.push(String::new());
                }
            }
            _ if in_tag => tag.push(c),
            _ => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    // The last cell is the number's own, opened just before it.
    cells.pop();
    cells
}

/// How far before a number that follows a tag [`labelled_by_its_row`] reads the markup, in
/// bytes.
pub(super) const MARKUP_CONTEXT_BYTES: usize = 256;

/// Whether the text `after` a number may start as [`PHONE_CONTEXT_AFTER`] does, told cheaply
/// before its regex runs: every word of it but Turkish `numaralı`/`nolu`, Greenlandic `-imut`
/// and Jira's `|tel:` is written outside ASCII, and most numbers (in logs) have only ASCII
/// after them.
pub(super) fn may_name_a_phone_after(after: &str) -> bool {
    let head = after.trim_start_matches([' ', '\t', '-']);
    let turkish = head.get(..4).is_some_and(|word| word.eq_ignore_ascii_case("numa") || word.eq_ignore_ascii_case("nolu"));
    let greenlandic = after.starts_with("-imut ");
    !after.starts_with(|c: char| c.is_ascii_alphanumeric())
        && (head.bytes().take(PHONE_WORD_AFTER_BYTES).any(|b| !b.is_ascii()) || after.starts_with("|tel:") || turkish || greenlandic)
}

/// How far into the text after a number [`may_name_a_phone_after`] looks for a letter outside
/// ASCII (a particle and the first letters of a word for calling).
pub(super) const PHONE_WORD_AFTER_BYTES: usize = 16;

/// Whether an e-mail address ends just before `start` ([`address_just_before`]), with only a
/// comma, a bar, a tab, a dash (`—`, `–`) or a closing `>` between (`Søren Østergaard
/// <soren@…>, 53 53 10 27`, `| soren@… | 93 30 32 18 |`, `… — ana@… — 8629 0746`), and the
/// `candidate` (in digit `groups`) is written as phones are: the number beside a
/// person's address in a list of contacts is their phone. One run of digits (an id, an
/// amount, a barcode, a timestamp) or thousands (`2 500 000`) is not, unless it is an
/// international number without its `+` ([`is_bare_international`]), before or after the
/// address.
pub(super) fn beside_an_address(text: &str, start: usize, candidate: &str, groups: &[&str]) -> bool {
    // Written as a phone: in groups, not as thousands (`12 345 678` is a count), and not
    // followed by a word (`12 345 678 API calls`).
    let thousands = groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|group| group.len() == 3);
    let rest = text[start + candidate.len()..].trim_start_matches(' ');
    let worded = rest.starts_with(|c: char| c.is_alphabetic());
    if let [run] = groups {
        let end = start + candidate.len();
        let listed = address_just_before(text, start) || (after_a_name_or_a_separator(text, start) && address_just_after(text, end));
        return !worded && is_bare_international(run) && listed;
    }
    !thousands && !worded && address_just_before(text, start)
}

/// Whether one run of digits has the length of an international number written without its
/// `+` (11 to 13 digits, no trunk `0`) and does not start with a date (`20260511…`, a
/// timestamp): beside a person's address, such a run is their phone (`Yusuf Demirtaş,
/// yusuf.demirtas@post.example, 905524445996`).
fn is_bare_international(run: &str) -> bool {
    let number = |range: Range<usize>| run.get(range).and_then(|digits| digits.parse::<u32>().ok()).unwrap_or(0);
    let dated = (1900..=2099).contains(&number(0..4)) && (1..=12).contains(&number(4..6)) && (1..=31).contains(&number(6..8));
    // North America's and Russia's numbers have eleven digits with their code (longer runs
    // that start so are epoch milliseconds and ids); 978 and 979 start ISBNs, no country.
    let one_digit_code = run.starts_with(['1', '7']) && run.len() != 11;
    let isbn = run.starts_with("978") || run.starts_with("979");
    (11..=13).contains(&run.len()) && !run.starts_with('0') && !dated && !one_digit_code && !isbn
}

/// Whether what stands right before `start` is a separator or a capitalized word (a name, as in
/// `Valentina Greco 393927364985 / valentina.greco@…`), not a label or another word for the
/// number (`ref 7312…`, `EAN 5901…`, `order_id=4001…`).
fn after_a_name_or_a_separator(text: &str, start: usize) -> bool {
    let before = context_before(text, start, PHONE_CONTEXT_BYTES).trim_end_matches([' ', '\t']);
    let Some(last) = before.chars().next_back() else { return true };
    if !last.is_alphanumeric() {
        return matches!(last, ',' | '|' | ';' | '—' | '–' | '\n' | '(' | '>');
    }
    let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
}

/// Whether an address (and perhaps a `>` or `]` closing around it) stands right before
/// `start`, across a comma, a pipe, a semicolon, a tab or a dash.
fn address_just_before(text: &str, start: usize) -> bool {
    let before = context_before(text, start, PHONE_CONTEXT_BYTES * 2);
    let Some(rest) = before.trim_end_matches([' ', '\t']).strip_suffix([',', '|', ';', '\t', '—', '–']) else {
        return false;
    };
    let rest = rest.trim_end_matches([' ', '\t']);
    let rest = rest.strip_suffix(['>', ']']).unwrap_or(rest);
    let token = rest.rsplit([' ', '\t', '<', '(', '[', '|', ',', ';', ':']).next().unwrap_or_default();
    is_an_address(token)
}

/// Whether an address stands right after `end`, across a comma, a slash, a pipe, a semicolon
/// or a dash (`Oluwaseun Adeyemi, 447889789468, oluwaseun@…`, `Greco 393927364985 / valentina@…`).
fn address_just_after(text: &str, end: usize) -> bool {
    let after = &text[end..floor_char_boundary(text, (end + PHONE_CONTEXT_BYTES * 2).min(text.len()))];
    let Some(rest) = after.trim_start_matches([' ', '\t']).strip_prefix([',', '/', '|', ';', '—', '–']) else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix(['<', '[']).unwrap_or(rest);
    let token = rest.split([' ', '\t', '>', ']', '|', ',', ';', ')']).next().unwrap_or_default();
    is_an_address(token.trim_end_matches('.'))
}

/// Whether `token` is an e-mail address of a mail domain.
fn is_an_address(token: &str) -> bool {
    token.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && is_mail_domain(domain))
}
