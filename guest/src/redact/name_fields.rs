//! Names in the fields that hold them: directory entries (LDIF), FHIR and HL7 v2 records, JSON
//! and form fields of a given and a family name, full-name labels, passenger records.

use super::*;

/// The name parts that directories and health records keep in fields of their own: LDIF's
/// `sn:`, `givenName:`, `cn:` and `displayName:` in a person's entry ([`in_a_person_entry`]),
/// FHIR's `"family"`, `"given"` and `"text"` of one HumanName (each only beside the others, so
/// that a font's or an address family's `"family"` is left alone), and the names of HL7 v2's
/// patient and next-of-kin segments (`PID|…||FAMILY^GIVEN^MIDDLE^…`, `NK1|1|FAMILY^GIVEN`). A
/// value is taken when it reads as a name ([`is_name_column`], or one to three words of a script
/// of [`NameScript`]).
pub(super) fn field_names(text: &str, out: &mut Vec<Found>) {
    let mut push = |range: Range<usize>| {
        let value = &text[range.clone()];
        if (is_name_column(value) || is_script_name(value)) && !is_placeholder_name(value) {
            out.push(Found::new(PiiKind::Person, Name::Fixed("person"), range));
        }
    };
    // Each kind of record is looked for by one word all its names need (LDIF's and FHIR's both
    // hold `given`), so that text without any costs two quick searches.
    let holds = |word: &str| memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some();
    let given = holds("given");
    let ldif: &[&str] = if given && holds("givenName:") { &["sn:", "givenName:", "cn:", "displayName:"] } else { &[] };
    for key in ldif {
        for at in line_starts_with(text, key).filter(|&at| in_a_person_entry(text, at)) {
            push_trimmed(text, at + key.len()..at + line_at(text, at).len(), &mut push);
        }
    }
    // A HumanName's parts and its `"text"` (the whole name), in one JSON object.
    let fhir: &[(&str, &[&str])] = if given && holds("\"given\"") { &[("\"family\"", &["\"given\""]), ("\"given\"", &["\"family\""]), ("\"text\"", &["\"family\"", "\"given\""])] } else { &[] };
    for &(key, others) in fhir {
        for at in memchr::memmem::find_iter(text.as_bytes(), key) {
            let object = enclosing_json_object(text, at);
            if others.iter().all(|other| object.contains(other)) {
                json_strings_after(text, at + key.len(), &mut push);
            }
        }
    }
    let hl7: &[(&str, usize)] = if holds("PID|") { &[("PID|", 5), ("NK1|", 2)] } else { &[] };
    for &(segment, field) in hl7 {
        for at in line_starts_with(text, segment) {
            hl7_name_components(text, at, field, &mut push);
        }
    }
    if holds("ame\"") || holds("ame>") {
        paired_name_fields(text, &mut push);
    }
    if holds("-GivenName ") || holds("-Surname ") || holds("-DisplayName ") {
        powershell_name_parameters(text, &mut push);
    }
    let signs = travel::Signs::of(text);
    travel::passenger_names(text, &signs, &mut push);
    if signs.first_name {
        listed_name_parts(text, &mut push);
    }
}

/// The name parts given to Active Directory's cmdlets (`New-ADUser -Name "Freya Lindgren"
/// -GivenName "Freya" -Surname "Lindgren"`, `Set-ADUser … -DisplayName '…'`): each parameter's
/// value, quoted or one word.
pub(super) fn powershell_name_parameters(text: &str, push: &mut impl FnMut(Range<usize>)) {
    for parameter in ["-GivenName ", "-Surname ", "-DisplayName "] {
        for at in memchr::memmem::find_iter(text.as_bytes(), parameter.as_bytes()) {
            if !byte_before(text, at).is_some_and(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let start = at + parameter.len();
            let rest = &text[start..ceil_char_boundary(text, (start + MAX_NAME_FIELD_VALUE_BYTES).min(text.len()))];
            // A quoted value ends at the quote that opened it (`"O'Neil"`).
            let value = match rest.chars().next().filter(|&c| c == '"' || c == '\'') {
                Some(quote) => rest[1..].find([quote, '\n']).filter(|&end| rest[1 + end..].starts_with(quote)).map(|end| start + 1..start + 1 + end),
                None => Some(start..start + rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len())),
            };
            if let Some(value) = value.filter(|value| !value.is_empty()) {
                push(value);
            }
        }
    }
}

/// Whether a name field's value is a placeholder, a label or an entry that is nobody's name
/// (`TEST/PASSENGER`, `"firstName":"Required"`, `EXST/EXTRA SEAT`, `CARDHOLDER NAME`, `ZZZ`):
/// one of its words is in [`PLACEHOLDER_NAME_WORDS`], or one letter repeated.
pub(super) fn is_placeholder_name(value: &str) -> bool {
    value.split([' ', '-']).filter(|word| !word.is_empty()).any(|word| {
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        let repeated = chars.next().is_some_and(|first| word.chars().count() >= 2 && chars.all(|c| c == first));
        repeated || lower.starts_with("zz") || PLACEHOLDER_NAME_WORDS.contains(&lower.as_str())
    })
}

/// Words of name fields' placeholders and labels, of records' entries that hold no person
/// (a seat booked for cabin baggage, an extra seat) and of companies' names on cards.
pub(super) const PLACEHOLDER_NAME_WORDS: &[&str] = &[
    "test", "tester", "testing", "dummy", "sample", "example", "demo", "placeholder", "unknown", "tba", "tbd", "tbc", "none", "noname", "null", "nil",
    "name", "names", "firstname", "lastname", "surname", "given", "givenname", "first", "last", "middle", "family", "full", "initial",
    "required", "mandatory", "optional", "pending", "masked", "redacted", "hidden", "anonymous", "guest", "user", "customer", "passenger", "pax",
    "adt", "chd", "inf", "infant", "child", "adult", "group", "booking", "noshow", "standby", "staff", "crew", "seat", "extra", "exst", "cbbg",
    "cabin", "baggage", "bag", "stretcher", "not", "applicable", "available", "provided", "valid", "invalid", "cardholder", "holder", "card",
    "corporate", "company", "corp", "inc", "ltd", "llc", "gmbh", "account", "travel", "agency", "lodged", "virtual", "visa", "mastercard",
    "support", "team", "one", "two", "string", "date", "text", "value", "integer", "number", "boolean", "object", "array", "invalid", "missing",
    "empty", "blank", "error",
];

/// The given and family names of a record printed as `key=value` pairs, as Java's `toString`
/// writes a payment provider's shopper name (`[first name=Eric, infix=null, last
/// name=Niyonzima, gender=null]`): each value up to its comma or bracket, when both stand
/// within [`NAME_FIELDS_BYTES`].
pub(super) fn listed_name_parts(text: &str, push: &mut impl FnMut(Range<usize>)) {
    for at in memchr::memmem::find_iter(text.as_bytes(), b"first name=") {
        let record = &text[at..ceil_char_boundary(text, (at + NAME_FIELDS_BYTES).min(text.len()))];
        let Some(last) = record.find("last name=") else { continue };
        for key_end in [at + "first name=".len(), at + last + "last name=".len()] {
            let rest = &text[key_end..ceil_char_boundary(text, (key_end + MAX_NAME_FIELD_VALUE_BYTES).min(text.len()))];
            let value = &rest[..rest.find([',', ']', '\n']).unwrap_or(rest.len())];
            if value != "null" {
                push_trimmed(text, key_end..key_end + value.len(), push);
            }
        }
    }
}

/// Which part of a name a record's field holds, for [`paired_name_fields`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum NamePart {
    /// `first_name`, `firstName`, `given_name`, `givenNames`, `customer_firstname`, `forename`.
    Given,
    /// `last_name`, `lastName`, `surname`, `family_name`, `customer_lastname`.
    Family,
    /// A card's or an account's holder, the whole name (`cardHolderName`, `<CardHolderName>`).
    Holder,
}

/// The given and family names that shop, payment and CRM records keep in fields of their own,
/// in JSON (`"first_name": "Nimal", "last_name": "Perera"`, `"given_name"` and `"surname"`) or
/// XML (`<first-name>Imogen</first-name><last-name>Calloway</last-name>`): each value is taken
/// when a field of the other part stands within [`NAME_FIELDS_BYTES`] of it (a lone
/// `"lastName"` may be a column's label), an e-mail address or a date of birth stands near
/// ([`holds_an_address_near`], [`holds_a_birth_date_near`]) and the value reads as a name. A
/// card holder's name (`"cardHolderName"`) is taken on its own.
pub(super) fn paired_name_fields(text: &str, push: &mut impl FnMut(Range<usize>)) {
    let mut fields: Vec<(usize, NamePart, Range<usize>)> = ["ame\"", "ame>", "mes\""]
        .iter()
        .flat_map(|ending| memchr::memmem::find_iter(text.as_bytes(), ending.as_bytes()).map(move |at| (at, *ending)))
        .filter_map(|(at, ending)| name_field_at(text, at + 3, ending.ends_with('"')))
        .collect();
    fields.sort_unstable_by_key(|(at, _, _)| *at);
    for (i, (at, part, value)) in fields.iter().enumerate() {
        let near = |other: &&(usize, NamePart, Range<usize>)| other.1 != *part && other.1 != NamePart::Holder && other.0.abs_diff(*at) <= NAME_FIELDS_BYTES;
        let paired = fields[..i].iter().rev().take_while(|other| at - other.0 <= NAME_FIELDS_BYTES).any(|other| near(&other))
            || fields[i + 1..].iter().take_while(|other| other.0 - at <= NAME_FIELDS_BYTES).any(|other| near(&other));
        let holder = *part == NamePart::Holder;
        if holder || (paired && (holds_an_address_near(text, *at) || holds_a_birth_date_near(text, *at))) {
            push(value.clone());
        }
    }
}

/// Whether an e-mail address stands within [`NAME_RECORD_BYTES`] of `at`: a record of a person
/// keeps their address beside their names, where a form's labels, a locale file's strings and
/// validation messages (`"firstName": "Required"`) keep none.
pub(super) fn holds_an_address_near(text: &str, at: usize) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(NAME_RECORD_BYTES));
    let to = ceil_char_boundary(text, (at + NAME_RECORD_BYTES).min(text.len()));
    memchr::memchr_iter(b'@', &text.as_bytes()[from..to]).any(|i| {
        let at = from + i;
        let local = byte_before(text, at).is_some_and(|b| b.is_ascii_alphanumeric());
        let domain = text[at + 1..to].split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))).next().unwrap_or_default();
        local && is_mail_domain(domain)
    })
}

/// Whether a field of a date of birth (`"dateOfBirth"`, `"birth_date"`, `"dob"`) stands within
/// [`NAME_FIELDS_BYTES`] of `at`: a traveller's or a patient's record, which may keep no address.
pub(super) fn holds_a_birth_date_near(text: &str, at: usize) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(NAME_FIELDS_BYTES));
    let to = ceil_char_boundary(text, (at + NAME_FIELDS_BYTES).min(text.len()));
    let near = text[from..to].to_ascii_lowercase();
    ["dateofbirth", "date_of_birth", "birthdate", "birth_date", "\"dob\""].iter().any(|key| near.contains(key))
}

/// Whether `domain` reads as an address's domain: ASCII letters, digits, dots and hyphens, with
/// a dot inside and none at its end.
pub(super) fn is_mail_domain(domain: &str) -> bool {
    domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..") && domain.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
}

/// How far around a name's field [`holds_an_address_near`] looks for the person's address.
pub(super) const NAME_RECORD_BYTES: usize = 512;

/// The field whose key ends at `key_end` (a JSON key's closing quote, or an XML start tag's
/// `>`), when the key names a part of a name: its start, the part, and its value's range.
pub(super) fn name_field_at(text: &str, key_end: usize, json: bool) -> Option<(usize, NamePart, Range<usize>)> {
    let before = context_before(text, key_end, MAX_NAME_FIELD_KEY_BYTES);
    let key = before.rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))).next()?;
    let key_start = key_end - key.len();
    let opener = if json { b'"' } else { b'<' };
    if byte_before(text, key_start) != Some(opener) {
        return None;
    }
    let normalized: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    let part_of = |endings: &[&str]| {
        endings.iter().any(|ending| normalized.strip_suffix(ending).is_some_and(|owner| NAME_FIELD_OWNERS.contains(&owner)))
    };
    let part = if part_of(&["firstname", "givenname", "givennames", "forename"]) {
        NamePart::Given
    } else if part_of(&["lastname", "familyname", "surname"]) {
        NamePart::Family
    } else if ["cardholdername", "holdername", "accountholdername", "nameoncard"].contains(&normalized.as_str()) {
        NamePart::Holder
    } else {
        return None;
    };
    let rest = &text[key_end + 1..ceil_char_boundary(text, (key_end + 1 + MAX_NAME_FIELD_VALUE_BYTES).min(text.len()))];
    let (offset, value) = if json {
        let colon = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
        let value = colon.trim_start_matches([' ', '\t']).strip_prefix('"')?;
        (rest.len() - value.len(), &value[..value.find('"')?])
    } else {
        (0, &rest[..rest.find('<')?])
    };
    let start = key_end + 1 + offset;
    (!value.is_empty()).then_some((key_start, part, start..start + value.len()))
}

/// Whose name a field's key may say it holds, before `first_name` or `surname` (`""` for none):
/// a key with another word before it names something else (`showFirstName`,
/// `placeholderFirstName`).
pub(super) const NAME_FIELD_OWNERS: &[&str] = &[
    "", "customer", "billing", "shipping", "shopper", "payer", "contact", "account", "holder", "accountholder", "user", "client", "recipient", "sender",
    "buyer", "seller", "owner", "member", "employee", "patient", "guest", "subscriber", "cardholder", "legal", "person",
];

/// How far apart a given name's and a family name's fields may stand, in bytes.
pub(super) const NAME_FIELDS_BYTES: usize = 256;

/// The longest key of a name's field that [`name_field_at`] reads (`billing_customer_firstname`).
pub(super) const MAX_NAME_FIELD_KEY_BYTES: usize = 40;

/// The longest value of a name's field that [`name_field_at`] reads, in bytes.
pub(super) const MAX_NAME_FIELD_VALUE_BYTES: usize = 128;

/// Whether the LDIF line at `at` belongs to an entry of a person: between the blank lines
/// around it (each looked for within [`LDIF_ENTRY_BYTES`]) stand a `dn:` line and both a
/// `givenName:` and an `sn:` line. A note that maps attributes (`givenName: FirstName`) has no
/// `dn:`.
pub(super) fn in_a_person_entry(text: &str, at: usize) -> bool {
    let before = context_before(text, at, LDIF_ENTRY_BYTES);
    let start = before.rfind("\n\n").map_or(at - before.len(), |blank| at - before.len() + blank + 2);
    let after = &text[at..ceil_char_boundary(text, (at + LDIF_ENTRY_BYTES).min(text.len()))];
    let end = after.find("\n\n").map_or(at + after.len(), |blank| at + blank);
    let entry = &text[start..end];
    let has_line = |key: &str| entry.starts_with(key) || entry.contains(&format!("\n{key}"));
    has_line("dn:") && has_line("givenName:") && has_line("sn:")
}

/// How far from one of its lines [`in_a_person_entry`] reads an LDIF entry, in bytes.
pub(super) const LDIF_ENTRY_BYTES: usize = 1024;

/// The text around `at` from the last `{` before it to the first `}` after it, each looked for
/// within [`FHIR_NAME_BYTES`]: the nearest braces around `at`, which are the JSON object that
/// holds it when no other object opens or closes in between.
pub(super) fn enclosing_json_object(text: &str, at: usize) -> &str {
    let before = context_before(text, at, FHIR_NAME_BYTES);
    let start = before.rfind('{').map_or(at, |open| at - before.len() + open);
    let after = &text[at..ceil_char_boundary(text, (at + FHIR_NAME_BYTES).min(text.len()))];
    let end = after.find('}').map_or(at, |close| at + close);
    &text[start..end]
}

/// How far apart FHIR's `"family"` and `"given"` of one name stand, at most, in bytes.
pub(super) const FHIR_NAME_BYTES: usize = 256;

/// Calls `push` with `range` of `text` without its blanks (and a trailing `\r`), if anything is
/// left.
pub(super) fn push_trimmed(text: &str, range: Range<usize>, push: &mut impl FnMut(Range<usize>)) {
    if let Some(trimmed) = trimmed_range(&text[range.clone()], range.start) {
        push(trimmed);
    }
}

/// Calls `push` with the JSON string after `from` (`: "Šimunović"`), or with each string of the
/// array there (`: [ "Marija", "Ana" ]`), without escapes (a value with one is passed over).
pub(super) fn json_strings_after(text: &str, from: usize, push: &mut impl FnMut(Range<usize>)) {
    let rest = &text[from..ceil_char_boundary(text, (from + FHIR_NAME_BYTES).min(text.len()))];
    let Some(value) = rest.trim_start().strip_prefix(':').map(str::trim_start) else { return };
    let offset = from + rest.len() - value.len();
    // An array's strings up to its `]`, or one string with its quotes.
    let (list, mut at) = match value.strip_prefix('[') {
        Some(inner) => (inner.split(']').next().unwrap_or_default(), offset + 1),
        None => {
            let close = value.strip_prefix('"').and_then(|inner| inner.find('"')).map_or(0, |close| close + 2);
            (&value[..close], offset)
        }
    };
    for (index, piece) in list.split('"').enumerate() {
        // The odd pieces are the strings.
        if index % 2 == 1 && !piece.contains('\\') {
            push_trimmed(text, at..at + piece.len(), push);
        }
        at += piece.len() + 1;
    }
}

/// Calls `push` with the family, given and middle names of field `field` of the HL7 v2 segment
/// at `at` (`PID|1||T841^^^HALV^MR||JAHAN^NUSRAT^^^MR^^L||…`): its first three components, in
/// each repetition (`~`).
pub(super) fn hl7_name_components(text: &str, at: usize, field: usize, push: &mut impl FnMut(Range<usize>)) {
    let end = memchr::memchr2(b'\r', b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
    let fields = text[at..end].split('|');
    let Some(value) = fields.clone().nth(field) else { return };
    let mut start = at + fields.take(field).map(|before| before.len() + 1).sum::<usize>();
    for repetition in value.split('~') {
        let mut component_start = start;
        for component in repetition.split('^').take(3) {
            push_trimmed(text, component_start..component_start + component.len(), push);
            component_start += component.len() + 1;
        }
        start += repetition.len() + 1;
    }
}

/// Accepts the name after a full-name label ([`FULL_NAME_LABELS`]): two to
/// [`MAX_LABELED_NAME_WORDS`] words on the label's line, each capitalized, a family-name
/// particle, or in a script without case, one or two spaces apart (a scanned form's text
/// doubles some), up to the first word that is none of those, a wider gap, a tab, or a
/// separator (`,`, `;`, `·`, `|`, `(`, `<`, or a sentence's `.`, `!`, `?`, `:`).
pub(super) fn check_full_name(text: &str, found: Range<usize>) -> Option<Accept> {
    let rest = &text[found.end..];
    let start = found.end + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let (words, end) = name_words(text, start, MAX_LABELED_NAME_WORDS);
    (words >= 2).then_some(Accept::plain(start..end))
}

/// The words of a name that starts at `start`, as [`check_full_name`] reads them, up to
/// `max_words`: how many there are, and where the last one ends.
pub(super) fn name_words(text: &str, start: usize, max_words: usize) -> (usize, usize) {
    let mut end = start;
    let mut words = 0;
    let mut at = start;
    while words < max_words {
        let line = &text[at..ceil_char_boundary(text, (at + MAX_NAME_WORD_BYTES).min(text.len()))];
        let Some(word_len) = line.find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '·' | '|' | '(' | '<' | '.' | '!' | '?' | ':')).or((line.len() < MAX_NAME_WORD_BYTES).then_some(line.len())) else {
            break;
        };
        let word = &line[..word_len];
        let named = word.chars().next().is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
            || (words > 0 && NAME_PARTICLES.contains(&word));
        let letters = word.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-') || unicode_normalization::char::is_combining_mark(c));
        if word.is_empty() || !named || !letters {
            break;
        }
        words += 1;
        end = at + word_len;
        let after = &text[end..];
        let gap = after.len() - after.trim_start_matches(' ').len();
        if !(1..=2).contains(&gap) {
            break;
        }
        at = end + gap;
    }
    (words, end)
}

/// Accepts the name after a courtesy title matched by its detector in [`SECRETS_TWILIO`] (`Mr. Ibarra`, `Dr Amani
/// Okafor`, `Sra. Lucía Fernández`, `Herr Jonas Becker`): one to [`MAX_TITLED_NAME_WORDS`]
/// capitalized words, read as [`check_full_name`] reads them, without the title. The title
/// must stand alone, and `Dr` after a capitalized word or a number is a street's `Drive`
/// (`Kauri Dr. Auckland`); a product's name after a title (`Ms Teams`) is no person.
pub(super) fn check_titled_name(text: &str, found: Range<usize>) -> Option<Accept> {
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'@' | b'/' | b'_' | b'-')) {
        return None;
    }
    if text[found.clone()].starts_with("Dr") && follows_a_street_name(text, found.start) {
        return None;
    }
    let (words, end) = name_words(text, found.end, MAX_TITLED_NAME_WORDS);
    let first = text[found.end..end].split(' ').next().unwrap_or("");
    (words >= 1 && !TITLED_NON_NAMES.contains(&first)).then_some(Accept::plain(found.end..end))
}

/// Whether the word before `at` (one space away) is a capitalized word or a number, as a
/// street's name or number is before its `Dr.` (not a label: `Cc: Dr. …`).
fn follows_a_street_name(text: &str, at: usize) -> bool {
    let before = context_before(text, at, MAX_NAME_WORD_BYTES);
    let Some(before) = before.strip_suffix(' ') else { return false };
    let word = before.rsplit([' ', '\t', '\n']).next().unwrap_or(before);
    word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) && word.chars().all(char::is_alphanumeric)
}

/// The most words [`check_titled_name`] takes after a title.
pub(super) const MAX_TITLED_NAME_WORDS: usize = 3;

/// Capitalized words after a title that name products rather than people.
pub(super) const TITLED_NON_NAMES: &[&str] = &["Teams", "Word", "Excel", "Office", "Outlook", "Access", "Project", "Edge", "Paint", "Web", "Watson"];

/// The most words [`check_full_name`] takes for a name.
pub(super) const MAX_LABELED_NAME_WORDS: usize = 5;

/// The longest word of a name [`check_full_name`] reads, in bytes.
pub(super) const MAX_NAME_WORD_BYTES: usize = 64;
