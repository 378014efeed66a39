//! People a text names beside their email address, without a structured person: the name an
//! address spells (`jane.doe` beside `Jane Doe`), written before or after it, in a table's
//! columns, in vCards, in the scripts of [`NameScript`] and in Chinese, Japanese and Korean.

use super::*;

/// People the text names beside their address without being among the request's people
/// ("Reported by Jane Doe (jane.doe@example.com)"): the names that the addresses found in `found`
/// spell in their local part (`jane.doe`, `jane_doe`, `jane-doe`: two or three parts of at least
/// two ASCII letters, none a role such as `support` or `info`). A name is taken where the text
/// writes it whole with each word capitalized, given name or family name first (`Jane Doe`,
/// `JANE DOE`, `Doe, Jane`, `Tanaka Hiroshi`), with the accents, apostrophes and hyphens the
/// address drops (`José García`, `O'Brien`, `Gómez-Ruiz`); see [`Folded`]. Found as people of
/// their own, without a structured person.
///
/// Where they are looked for is bounded, so the search stays cheap beside the detectors: within
/// [`NAME_WINDOW_BYTES`] of each address, and, in texts up to [`NAME_SEARCH_TEXT_BYTES`] (a
/// ticket's fields), anywhere for the first [`MAX_NAMES_SEARCHED_WHOLE`] names. (A search for
/// every name through a whole megabyte cost a quarter of the redaction throughput.)
///
/// A name never takes part of an address: `FERREIRA, GUSTAVO` in `GUSTAVO FERREIRA,
/// GUSTAVO.FERREIRA48@…` reads as `Doe, Jane` but ends inside the address, which must stay
/// whole.
pub(super) fn named_after_addresses(text: &str, found: &[Found]) -> Vec<Found> {
    let mut named = names_near_addresses(text, found);
    // The addresses do not overlap one another: of those that start before a name ends, only
    // the last can reach into it.
    let mut addresses: Vec<&Range<usize>> = found.iter().filter(|f| f.kind == PiiKind::Email).map(|f| &f.range).collect();
    addresses.sort_unstable_by_key(|address| address.start);
    named.retain(|name| {
        let before_end = addresses.partition_point(|address| address.start < name.range.end);
        before_end.checked_sub(1).is_none_or(|last| addresses[last].end <= name.range.start)
    });
    named
}

/// [`named_after_addresses`] before names that overlap an address are dropped.
fn names_near_addresses(text: &str, found: &[Found]) -> Vec<Found> {
    let mut addressed: Vec<(Range<usize>, Vec<String>)> = found
        .iter()
        .filter(|f| f.kind == PiiKind::Email)
        .flat_map(|f| {
            let window = floor_char_boundary(text, f.range.start.saturating_sub(NAME_WINDOW_BYTES))
                ..ceil_char_boundary(text, (f.range.end + NAME_WINDOW_BYTES).min(text.len()));
            let address = &text[f.range.clone()];
            // The name as the text writes it beside the address, else as the address spells it.
            let beside = floor_char_boundary(text, f.range.start.saturating_sub(NAME_BEFORE_BYTES))
                ..ceil_char_boundary(text, (f.range.end + NAME_AFTER_BYTES).min(text.len()));
            let mut spelled = names_beside_address(text, beside, address);
            // A name written in another script beside it may be written as the address spells
            // it elsewhere (`Бојан Трајковски <bojan.trajkovski@…>`, later `BOJAN TRAJKOVSKI`).
            if spelled.iter().all(|name| !name.is_ascii()) {
                spelled.extend(name_of_address(address).map(|name| hyphenated_forms(&name)).unwrap_or_default());
            }
            let written = cjk_name_before_address(text, f.range.start, address)
                .or_else(|| script_name_before_address(text, f.range.start, address))
                .or_else(|| script_name_after_address(text, f.range.end, address));
            let handle = chat_handle_before_address(text, f.range.start, address).or_else(|| surname_column_before_address(text, f.range.start, address));
            spelled
                .iter()
                .map(|name| name_forms(name))
                .chain(written.map(|name| vec![name]))
                .chain(handle.map(|name| vec![name]))
                .map(move |forms| (window.clone(), forms))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    if addressed.is_empty() {
        return out;
    }
    addressed.sort_unstable_by_key(|(window, _)| window.start);
    if text.len() <= NAME_SEARCH_TEXT_BYTES {
        // One folding serves the search of the whole text and every window; the names searched
        // whole are not searched again in their windows.
        let mut search = NameSearch::new(text, 0..text.len());
        let mut names: Vec<&[String]> = addressed.iter().map(|(_, forms)| forms.as_slice()).collect();
        names.sort_unstable();
        names.dedup();
        for forms in names.into_iter().take(MAX_NAMES_SEARCHED_WHOLE) {
            search.find(text, 0..text.len(), forms, &mut out);
        }
        for (window, forms) in &addressed {
            search.find(text, window.clone(), forms, &mut out);
        }
        return out;
    }
    // A long text: windows that overlap are folded together, so each byte is folded once
    // however many addresses stand close together.
    let mut rest = addressed.as_slice();
    while let Some(((first, _), _)) = rest.split_first() {
        let mut group = first.clone();
        let members = rest.iter().take_while(|(window, _)| {
            let joins = window.start <= group.end;
            group.end = group.end.max(if joins { window.end } else { group.end });
            joins
        });
        let count = members.count();
        let mut search = NameSearch::new(text, group);
        for (window, forms) in &rest[..count] {
            search.find(text, window.clone(), forms, &mut out);
        }
        rest = &rest[count..];
    }
    out
}

/// The names of the people vCards describe: a card's formatted name (`FN:Chua Li Ting`) and
/// the family, given and additional names of its `N` (`N:Chua;Li Ting;;;`), all forms of one
/// person; not in a card of an organization, a group or a place (`KIND:org`). One pass over
/// the cards, from each `BEGIN:VCARD` to its `END:VCARD`.
pub(super) fn vcard_names(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    for begin in memchr::memmem::find_iter(bytes, b"BEGIN:VCARD") {
        // A card ends at its `END:VCARD`, or where the next begins (a card cut off).
        let body = begin + "BEGIN:VCARD".len();
        let end = [&b"END:VCARD"[..], b"BEGIN:VCARD"].iter().filter_map(|marker| memchr::memmem::find(&bytes[body..], marker)).min().map_or(text.len(), |at| body + at);
        let mut kind: Option<&str> = None;
        let mut names: Vec<Range<usize>> = Vec::new();
        let mut start = begin;
        for line in text[begin..end].split('\n') {
            let line_start = start;
            start += line.len() + 1;
            let line = line.trim_end_matches('\r');
            if let Some((_, value)) = vcard_value(line, "KIND") {
                kind.get_or_insert(value.trim());
            } else if let Some((at, value)) = vcard_value(line, "FN") {
                names.extend(trimmed_range(value, line_start + at));
            } else if let Some((at, value)) = vcard_value(line, "N") {
                let mut offset = line_start + at;
                for component in value.split(';').take(3) {
                    names.extend(trimmed_range(component, offset));
                    offset += component.len() + 1;
                }
            }
        }
        if kind.is_some_and(|kind| !kind.eq_ignore_ascii_case("individual")) {
            continue;
        }
        let Some(first) = names.first() else { continue };
        let person = PersonKey::Spelled(Folded::of(&text[first.clone()]).text);
        out.extend(names.into_iter().map(|range| Found { kind: PiiKind::Person, name: Name::Fixed("person"), range, person: Some(person.clone()) }));
    }
}

/// The value of a vCard `line` of property `name` (`FN:…`, `FN;CHARSET=UTF-8:…`), with its
/// offset in the line.
pub(super) fn vcard_value<'a>(line: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let (property, value) = line.split_once(':')?;
    let property_name = property.split(';').next()?;
    property_name.eq_ignore_ascii_case(name).then_some((property.len() + 1, value))
}

/// The range of `value` without its blanks, at `offset`; `None` when nothing is left.
pub(super) fn trimmed_range(value: &str, offset: usize) -> Option<Range<usize>> {
    let trimmed = value.trim();
    let start = offset + (value.len() - value.trim_start().len());
    (!trimmed.is_empty()).then_some(start..start + trimmed.len())
}

/// The search for names in one folded part of a text, which remembers how far each name was
/// searched: windows of one name that overlap (addresses close together) are searched once, and
/// each occurrence is found once.
pub(super) struct NameSearch<'a> {
    /// Where the part starts in the text.
    offset: usize,
    /// The part, folded.
    folded: Folded,
    /// For each name searched: the end of the folded text searched so far.
    searched: BTreeMap<&'a [String], usize>,
}

impl<'a> NameSearch<'a> {
    /// A search in `part` of `text`.
    fn new(text: &str, part: Range<usize>) -> NameSearch<'a> {
        NameSearch { offset: part.start, folded: Folded::of(&text[part]), searched: BTreeMap::new() }
    }

    /// Adds to `out` each occurrence of `forms` within `window` of `text` (windows come in the
    /// order of their starts) that stands alone with each of its words capitalized, and that an
    /// earlier search did not find.
    fn find(&mut self, text: &str, window: Range<usize>, forms: &'a [String], out: &mut Vec<Found>) {
        let folded = &self.folded;
        let start = floor_char_boundary(&folded.text, folded.folded(window.start - self.offset));
        let end = ceil_char_boundary(&folded.text, folded.folded(window.end - self.offset));
        let done = self.searched.get(forms).copied().unwrap_or(0);
        if end <= done {
            return;
        }
        // An occurrence that ends past what was searched may start before its end.
        let longest = forms.iter().map(String::len).max().unwrap_or(0);
        let from = floor_char_boundary(&folded.text, start.max(done.saturating_sub(longest)));
        let haystack = &folded.text.as_bytes()[from..end];
        for form in forms {
            for at in memchr::memmem::find_iter(haystack, form.as_bytes()).map(|at| from + at) {
                if at + form.len() <= done {
                    continue;
                }
                let range = self.offset + folded.original(at)..self.offset + folded.original_end(at + form.len());
                let whole = text.is_char_boundary(range.start) && text.is_char_boundary(range.end) && range.start < range.end;
                // Chinese and Japanese put no space around a name (`中村 拓也様`), and Korean
                // glues particles and honorifics to it (`정수민님`).
                if whole && stands_alone_as_a_name(text, &range) && capitalized_words(&text[range.clone()]) {
                    let person = Some(PersonKey::Spelled(forms[0].clone()));
                    out.push(Found { kind: PiiKind::Person, name: Name::Fixed("person"), range, person });
                }
            }
        }
        self.searched.insert(forms, end);
    }
}

/// Whether every word of `name` starts with a capital (`Jane Doe`, `DOE, Jane`; not `jane doe`)
/// or is in a script without case (`小林 直樹`; Georgian, whose everyday letters Unicode counts
/// as lowercase), but the family-name particles after the first (`Jan de Boer`).
pub(super) fn capitalized_words(name: &str) -> bool {
    let capital = |c: char| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) || name_script(c) == Some(NameScript::Georgian);
    name.split([' ', ','])
        .filter(|word| !word.is_empty())
        .enumerate()
        .all(|(i, word)| word.starts_with(capital) || (i > 0 && NAME_PARTICLES.contains(&word)))
}

/// A text as the names addresses spell are compared with it: lowercase, accents removed
/// (`José` → `jose`, `Çağla Yılmaz` → `cagla yilmaz`, and in decomposed text the combining
/// accents dropped, as are Arabic and Hebrew vowel points), and an apostrophe or hyphen before a capital dropped (`O'Brien` → `obrien`,
/// `Gómez-Ruiz` → `gomezruiz`; not `Doe's`), with the way back to the original's byte offsets.
pub(super) struct Folded {
    /// The folded text.
    pub(super) text: String,
    /// After each character whose folded form has another length: its end in `text`, how many
    /// bytes longer the original is up to there, and whether it was dropped.
    shifts: Vec<(usize, isize, bool)>,
}

impl Folded {
    /// `text` folded.
    pub(super) fn of(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut longer = 0isize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let before = folded.len();
            let joins = matches!(c, '\'' | '’' | '-')
                && chars.peek().is_some_and(|next| next.is_uppercase())
                && folded.chars().next_back().is_some_and(char::is_alphabetic);
            if !joins {
                push_folded(c, &mut folded);
            }
            let added = folded.len() - before;
            if added != c.len_utf8() {
                longer += c.len_utf8() as isize - added as isize;
                shifts.push((folded.len(), longer, added == 0));
            }
        }
        Folded { text: folded, shifts }
    }

    /// The original's offset of a start at `at` of the folded text (after a dropped character).
    fn original(&self, at: usize) -> usize {
        self.shift(self.shifts.partition_point(|&(end, _, _)| end <= at), at)
    }

    /// The original's offset of an end at `at` of the folded text (before a dropped character).
    fn original_end(&self, at: usize) -> usize {
        let mut count = self.shifts.partition_point(|&(end, _, _)| end <= at);
        while count > 0 && matches!(self.shifts[count - 1], (end, _, true) if end == at) {
            count -= 1;
        }
        self.shift(count, at)
    }

    /// The folded text's offset of the original's offset `at`.
    fn folded(&self, at: usize) -> usize {
        let count = self.shifts.partition_point(|&(end, longer, _)| end.saturating_add_signed(longer) <= at);
        let longer = count.checked_sub(1).map_or(0, |i| self.shifts[i].1);
        at.saturating_add_signed(-longer).min(self.text.len())
    }

    /// `at` moved by the shift of the first `count` shifts.
    fn shift(&self, count: usize, at: usize) -> usize {
        let longer = count.checked_sub(1).map_or(0, |i| self.shifts[i].1);
        at.saturating_add_signed(longer)
    }
}

/// Pushes `c` lowercase and without its accents: its canonical decomposition's base letter
/// (`é` → `e`), the plain letter of a letter that has no decomposition (`ł`, `ø`, `ı`, `đ`), or
/// the letters addresses write for a ligature (`ß` → `ss`; `æ` → `a` and `œ` → `o`, as
/// [`spellings`] contracts `ae` and `oe`).
pub(super) fn push_folded(c: char, folded: &mut String) {
    if c.is_ascii() {
        folded.push(c.to_ascii_lowercase());
        return;
    }
    let ligature = match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "a",
        'œ' | 'Œ' => "o",
        _ => "",
    };
    if !ligature.is_empty() {
        folded.push_str(ligature);
        return;
    }
    // A combining mark of decomposed text (`e` + U+0301) is the accent itself, and Arabic and
    // Hebrew vowel points are written or left out at will. The vowel signs of Thai and
    // Devanagari are letters of the name, and are kept.
    if matches!(u32::from(c), 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x05B0..=0x05C7) {
        return;
    }
    // A Hangul syllable decomposes into its letters: the first alone is not the syllable.
    if is_hangul(c) {
        folded.push(c);
        return;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |part| {
        base.get_or_insert(part);
    });
    let base = match base.unwrap_or(c) {
        'ł' | 'Ł' => 'l',
        'ø' | 'Ø' => 'o',
        'ı' => 'i',
        'đ' | 'Đ' => 'd',
        'ħ' | 'Ħ' => 'h',
        other => other,
    };
    folded.extend(base.to_lowercase());
}

/// How far before or after an address [`named_after_addresses`] looks for its name, in bytes.
pub(super) const NAME_WINDOW_BYTES: usize = 256;

/// How far before an address [`names_beside_address`] reads the words, in bytes: a name written
/// beside its address stands next to it (`From: Jane Doe <…>`, a table's previous column) or
/// heads the signature whose lines end with it. Every address's words are read, so the window
/// is kept short.
pub(super) const NAME_BEFORE_BYTES: usize = 192;

/// How far after an address [`names_beside_address`] reads the words, in bytes (`jane.doe@…
/// (Jane Doe)`, a table's next column, a form's `Account holder:` a line or two below).
pub(super) const NAME_AFTER_BYTES: usize = 96;

/// The most names [`names_beside_address`] returns: the name in another script and the same
/// name in Latin letters (`Ελένη Καραγιάννη (…), eleni.karagianni6@…` and, below, `Account
/// holder: Eleni Karagianni`).
pub(super) const MAX_NAMES_BESIDE_ADDRESS: usize = 2;

/// Texts up to this long are searched whole for the names addresses spell.
pub(super) const NAME_SEARCH_TEXT_BYTES: usize = 64 * 1024;

/// The most names searched for through a whole text.
pub(super) const MAX_NAMES_SEARCHED_WHOLE: usize = 16;

/// The most digits a number after the name in an address's local part has (`khumalo79`,
/// `nair2026`).
pub(super) const MAX_ADDRESS_NUMBER_DIGITS: usize = 4;

/// Parts of an address's local part that name a role or a team, not a person.
pub(super) const ROLE_WORDS: &[&str] = &[
    "accounts", "admin", "alerts", "ap", "ar", "automation", "backup", "batch", "billing", "bot", "build", "careers", "confirmation", "cron", "db", "deploy",
    "contact", "cs", "customer", "data", "desk", "dev", "do", "finance", "hello", "help",
    "helpdesk", "hq", "hr", "human", "info", "ir", "it", "jobs", "legal", "mail", "marketing",
    "news", "no", "noreply", "not", "notes", "office", "ops", "order", "orders", "password", "pr",
    "press", "privacy", "protection", "qa", "release", "reply", "reset", "resources", "sales",
    "scanner", "security", "service", "success", "support", "svc", "sync", "system", "team", "test", "user",
    // A university's or an institution's offices and bodies (`examboard@`, `doctoral.college@`).
    "admissions", "board", "college", "committee", "council", "exams", "faculty", "grants", "library", "registry", "school", "students",
];

/// Words of a desk's or a team's name that are also family names (`Christopher Guest`): a
/// name an address glues whose every word is one of these or of [`ROLE_WORDS`] is a desk's
/// (`guestrelations@` beside `Guest Relations`).
pub(super) const DESK_WORDS: &[&str] = &["guest", "guests", "relations", "reservations", "reception", "concierge", "frontdesk", "events", "bookings"];

/// Words of a desk's name that no one bears as a name: a name an address glues or dots that
/// starts with one of them is a desk's wherever its other words come from (`Reception
/// Bristol`, `Frontdesk Cork`). After a given name it may be a family name (`Emma Bookings`).
pub(super) const DESK_ONLY_WORDS: &[&str] = &["reception", "reservations", "concierge", "frontdesk", "bookings", "referrals", "enquiries", "appointments"];

/// Whether a name's first word is a [`DESK_ONLY_WORDS`] word.
fn names_a_desk(name: &str) -> bool {
    name.split(' ').next().is_some_and(is_desk_word)
}

/// Whether `word` is a [`DESK_ONLY_WORDS`] word, in whatever case.
fn is_desk_word(word: &str) -> bool {
    DESK_ONLY_WORDS.contains(&word.to_lowercase().as_str())
}

/// The part of an address before its `@` (or a URL-encoded `%40`).
pub(super) fn local_part(address: &str) -> Option<&str> {
    let (local, _) = address.split_once('@').or_else(|| address.split_once("%40"))?;
    // A tag after `+` sorts mail; the name is before it (`chiara.bellini+playtest`).
    local.split('+').next()
}

/// `jane.doe@…` → `jane doe`; `None` when the local part does not read as a person's name. A
/// numbered address reads as none (`north.region01@`, `kafka.consumer3@`: service accounts
/// whose words a heading or a product's name writes in capitals elsewhere in the text).
pub(super) fn name_of_address(address: &str) -> Option<String> {
    let parts = local_name_parts(address, false)?;
    let named = (2..=3).contains(&parts.len()) && parts.iter().all(|part| part.len() >= 2);
    named.then(|| parts.join(" ").to_ascii_lowercase())
}

/// A name an address spells (`camille rousseau vidal`) and, for three words, the two ways two
/// of them may be one hyphenated name, which [`Folded`] writes glued (`Camille Rousseau-Vidal`,
/// `Jean-Pierre Dupont`).
pub(super) fn hyphenated_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let mut forms = vec![name.to_owned()];
    if let [first, second, third] = words.as_slice() {
        forms.push(format!("{first} {second}{third}"));
        forms.push(format!("{first}{second} {third}"));
    }
    forms
}

/// The parts of an address's local part between `.`, `_` and `-` (`jane.doe` → `jane`, `doe`;
/// when `numbered`, a number of up to [`MAX_ADDRESS_NUMBER_DIGITS`] digits at its end left
/// out), when each is ASCII letters, none is a role (`support`, `it`) and the first is no
/// desk (`reception`; [`DESK_ONLY_WORDS`]): the address may spell
/// a person's name. The callers say how many parts, and how long, a name takes. Only where the
/// name is also written beside the address is a number left out: alone, `db.backup01` is as
/// likely a service account.
pub(super) fn local_name_parts(address: &str, numbered: bool) -> Option<Vec<&str>> {
    let local = local_part(address)?;
    // A year or a number after the name keeps a free mail address unique (`lindiwe.khumalo79`).
    let name = local.trim_end_matches(|c: char| c.is_ascii_digit());
    let local = if numbered && local.len() - name.len() <= MAX_ADDRESS_NUMBER_DIGITS { name } else { local };
    let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
    let desk = parts.first().is_some_and(|first| is_desk_word(first));
    let named = !desk && parts.iter().all(|part| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphabetic()) && !ROLE_WORDS.contains(&part.to_ascii_lowercase().as_str())
    });
    named.then_some(parts)
}

/// The names written within `window` beside an address whose local part spells, abbreviates or
/// glues them (at most [`MAX_NAMES_BESIDE_ADDRESS`], in text order) (`s.jennings` for Sarah Jennings, `mkowalczyk` for Marek Kowalczyk,
/// `anabeatriz.goncalves` for Ana Beatriz Gonçalves, `j.deboer` for Jan de Boer,
/// `mia.schneider-hartmann` for Mia Schneider-Hartmann, `anna.smirnova` for Анна Смирнова): two
/// to [`MAX_NAME_WORDS`] capitalized words next to each other (family-name particles such as
/// `de` or `van` among them), whose given name, or its initial, and then the rest spell the
/// local part without its separators (Cyrillic and Greek romanized, see [`romanizes_to`]).
/// Folded (`sarah jennings`), as [`name_of_address`] returns names; none when no words there
/// spell it, or it spells a role.
pub(super) fn names_beside_address(text: &str, window: Range<usize>, address: &str) -> Vec<String> {
    let mut names = Vec::new();
    let Some(parts) = local_name_parts(address, true) else { return names };
    let spelled = parts.concat().to_ascii_lowercase();
    if parts.len() > MAX_NAME_WORDS || spelled.len() < 5 {
        return names;
    }
    let window = &text[window];
    // Without the capital the address starts with, only a name in another script can spell it.
    let Some(capital) = spelled.as_bytes().first().map(u8::to_ascii_uppercase) else { return names };
    if memchr::memchr(capital, window.as_bytes()).is_none() && window.is_ascii() {
        return names;
    }
    let words = words_in(window);
    // An address may spell out umlauts (`joerg.wuestenhagen75`, `tobiaskuehnel`): each way of
    // reading its pairs is tried ([`spellings`], the address's own first).
    let variants = spellings(&spelled);
    for i in 0..words.len() {
        let Some(name) = variants.iter().find_map(|spelled| spelled_by(&words[i..], spelled)) else { continue };
        // A glued address may spell a desk's name (`guestrelations@` beside `Guest Relations`).
        if name.split(' ').all(|word| ROLE_WORDS.contains(&word) || DESK_WORDS.contains(&word)) || names_a_desk(&name) {
            continue;
        }
        // Only a name in another script is looked past, for its Latin twin.
        let latin = name.is_ascii();
        if !names.contains(&name) {
            names.push(name);
        }
        if latin || names.len() == MAX_NAMES_BESIDE_ADDRESS {
            break;
        }
    }
    names
}

/// A name in Chinese, Japanese or Korean script written just before an address whose local part
/// has the shape of a romanized name (`小林 直樹 <naoki.kobayashi@…>`, `赵丽（l.zhao@…`,
/// `中村 拓也様（t.nakamura@…`, `李娜,li.na@…` in a CSV file), folded as [`Folded`] writes it. Whether the address romanizes
/// that name cannot be checked without reading tables, so the shapes decide: two parts of ASCII
/// letters before the `@`, none a role; a name of two to four ideographs or Hangul syllables,
/// or a Japanese family and given name with a space between them (ideographs or kana; katakana
/// alone only before an honorific), with something else before it; an honorific after it
/// (`様`, `님`, `고객` after a three-syllable name) is left out. The name stands before the
/// address's bracket or column, before an e-mail word (`윤하은, e-mail …`; a Hangul name there
/// has three syllables), or on a form's line above whose label names a person
/// ([`value_on_the_line_above`]).
pub(super) fn cjk_name_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
    let address = CjkAddress::of(address)?;
    let context = context_before(text, address_start, CJK_NAME_BYTES);
    if let Some(before) = after_an_email_word(context) {
        // A word before "e-mail" in a sentence (`확인 부탁, e-mail …`): a Korean full name has
        // three syllables.
        let hangul = |name: &String| name.chars().all(is_hangul);
        return cjk_name_ending(before, &address).filter(|name| !hangul(name) || name.chars().count() == 3);
    }
    let before = value_on_the_line_above(context).or_else(|| column_before(context))?;
    cjk_name_ending(before, &address)
}

/// What [`cjk_name_ending`] needs to know of an address: the letters of its local part, and
/// whether it has the shape of a romanized name (two parts, `l.zhao`, `naoki.kobayashi`), which
/// a name in Chinese characters needs; a name in Hangul or kana may instead be spelled by it
/// (`kangdohyun` for `강도현`, see [`romanize::spells`]).
pub(super) struct CjkAddress {
    /// The local part's letters, lowercase, without separators or the number after them.
    spelled: String,
    /// Whether the local part has two parts.
    shaped: bool,
}

impl CjkAddress {
    /// The address's local part when it is one or two parts of letters, four or more in all.
    fn of(address: &str) -> Option<Self> {
        let parts = local_name_parts(address, true)?;
        let spelled = parts.concat().to_ascii_lowercase();
        (parts.len() <= 2 && spelled.len() >= 4).then_some(CjkAddress { spelled, shaped: parts.len() == 2 })
    }

    /// Whether the address spells `name` (Hangul or kana; family name first or last).
    fn spells(&self, name: &str) -> bool {
        let words: Vec<&str> = name.split(CJK_SPACES).filter(|word| !word.is_empty()).collect();
        let reversed = match words.as_slice() {
            [family, given] => format!("{given}{family}"),
            // A Korean name written without a space: its first syllable is the family name.
            [whole] => whole.chars().skip(1).chain(whole.chars().take(1)).collect(),
            _ => return false,
        };
        romanize::spells(&words.concat(), &self.spelled) || romanize::spells(&reversed, &self.spelled)
    }
}

/// The chat name of a speaker who sends their own address as a message (`[19:27] Rogvi:
/// rogvi.joensen@…`, after the transcript's time), folded, when it is a word of three or more
/// letters that the address's first part spells: a visitor's first name, which the transcript
/// writes before each of their messages.
pub(super) fn chat_handle_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
    let context = context_before(text, address_start, CHAT_HANDLE_BYTES);
    let line = context.rsplit('\n').next().unwrap_or(context);
    // A transcript's time in brackets first (`Jenkins: jenkins.ci@…` is a tool's line).
    let (time, message) = line.strip_prefix('[').and_then(|line| line.split_once("] "))?;
    if !time.contains(':') || !time.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let handle = message.strip_suffix(": ")?;
    let named = handle.starts_with(char::is_uppercase) && handle.chars().all(char::is_alphabetic) && handle.chars().count() >= 3;
    if !named {
        return None;
    }
    let parts = local_name_parts(address, true)?;
    let folded = Folded::of(handle).text;
    (parts.len() >= 2 && parts[0].eq_ignore_ascii_case(&folded)).then_some(folded)
}

/// How far before an address [`chat_handle_before_address`] reads its line, in bytes.
pub(super) const CHAT_HANDLE_BYTES: usize = 64;

/// A family name alone in the table or CSV column before an address that spells it as its last
/// part (`…,BERIDZE,nino.beridze@…`; a team's `Platform,platform.oncall@…` names the first),
/// folded: one word of four or more letters, capitalized or in capitals, the whole cell.
pub(super) fn surname_column_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
    let before = column_before(context_before(text, address_start, CHAT_HANDLE_BYTES))?;
    let cell = before.trim_end_matches(['"', '\'']);
    let word = &cell[cell.trim_end_matches(char::is_alphabetic).len()..];
    let whole_cell = cell[..cell.len() - word.len()].ends_with([',', ';', '|', '\t', '"', '\'', '\n']);
    let named = word.chars().count() >= 4 && word.starts_with(char::is_uppercase) && whole_cell;
    if !named {
        return None;
    }
    let parts = local_name_parts(address, true)?;
    let folded = Folded::of(word).text;
    (parts.len() >= 2 && parts.last().is_some_and(|part| part.eq_ignore_ascii_case(&folded))).then_some(folded)
}

/// The name in Chinese, Japanese or Korean script that ends `before` (an honorific after it
/// left out), folded, unless it is a department's or a role's word. A name the address spells
/// is taken whatever its shape; otherwise only beside an address of a name's shape.
pub(super) fn cjk_name_ending(before: &str, address: &CjkAddress) -> Option<String> {
    let before = before.trim_end_matches(CJK_SPACES);
    let honorific = CJK_HONORIFICS.iter().find(|honorific| before.ends_with(*honorific));
    let before = honorific.map_or(before, |honorific| &before[..before.len() - honorific.len()]);
    let name = trailing_cjk_name(before.trim_end_matches(CJK_SPACES))?;
    if CJK_ROLE_ENDINGS.iter().any(|ending| name.ends_with(ending)) {
        return None;
    }
    if address.spells(name) {
        return Some(Folded::of(name).text);
    }
    // `고객` ("customer") follows other words as often as names (`해당 고객`, `신규 고객`): only a
    // full name of three syllables before it.
    let customer_word = honorific.is_some_and(|honorific| honorific.starts_with("고객")) && name.chars().count() != 3;
    // Katakana words are loanwords as often as names (`ヘルプ デスク`): only with an honorific.
    let katakana = name.chars().all(|c| matches!(u32::from(c), 0x30A1..=0x30FA | 0x30FC) || CJK_SPACES.contains(&c));
    let loanword = katakana && honorific.is_none();
    (address.shaped && !customer_word && !loanword).then(|| Folded::of(name).text)
}

/// The name written right after an address, in a script of [`NameScript`] or in Chinese,
/// Japanese or Korean script, checked as the names before an address are
/// ([`script_name_before_address`], [`cjk_name_before_address`]): the text of a `mailto:` link
/// to it (`<a href="mailto:bekele.yohannes@…">ዮሐንስ በቀለ</a>`), a name in brackets after it
/// (`prashanth.shetty@… (ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ)`), or the next JSON field's value when its key names
/// a name (`"email":"sreypov.ly96@…","name":"លី ស្រីពៅ"`).
pub(super) fn script_name_after_address(text: &str, address_end: usize, address: &str) -> Option<String> {
    let rest = &text[address_end..ceil_char_boundary(text, (address_end + SCRIPT_NAME_BYTES).min(text.len()))];
    let markup = shown_in_link(rest).or_else(|| in_brackets(rest));
    let shown = markup.or_else(|| next_json_name(rest))?.trim_matches([' ', '\u{a0}']);
    if let Some(parts) = script_name_parts(address)
        && let Some(name) = script_name_ending(shown, &parts)
        && name.chars().count() == Folded::of(shown).text.chars().count()
    {
        return Some(name);
    }
    // In Chinese, Japanese or Korean script a JSON name field's value, or words in brackets or
    // a link's text that the address spells: others there (`（已停用）`, `联系我们`) are as often a
    // note as a name.
    let mut address = CjkAddress::of(address)?;
    address.shaped &= markup.is_none();
    let whole = |name: &String| name.chars().count() == Folded::of(shown).text.chars().count();
    cjk_name_ending(shown, &address).filter(whole)
}

/// The text a link shows when `rest` (what follows an address) closes the `mailto:` link's
/// attribute (`"`, after a query such as `?subject=…`) and its tag.
pub(super) fn shown_in_link(rest: &str) -> Option<&str> {
    let quote = rest.find(['"', '\''])?;
    if rest[..quote].contains(['<', '>', '\n', ' ']) {
        return None;
    }
    let shown = rest[quote + 1..].trim_start_matches(' ').strip_prefix('>')?;
    Some(&shown[..shown.find("</a>")?])
}

/// What `rest` holds in brackets right at its start (` (ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ)`, `（강도현）`).
pub(super) fn in_brackets(rest: &str) -> Option<&str> {
    let inner = rest.trim_start_matches(' ').strip_prefix(['(', '（'])?;
    let close = inner.find([')', '）'])?;
    let shown = &inner[..close];
    (!shown.contains('\n')).then_some(shown)
}

/// The keys of JSON fields that hold a person's whole name (a `hostname`, `fileName` or
/// `productName` holds another's).
pub(super) const PERSON_NAME_KEYS: &[&str] = &["name", "fullname", "displayname", "customername", "contactname", "holdername", "accountholdername", "cardholdername", "recipientname", "sendername"];

/// The value of the JSON field right after the one that `rest` ends (`","name":"…"`), when its
/// key names a person's name ([`PERSON_NAME_KEYS`]).
pub(super) fn next_json_name(rest: &str) -> Option<&str> {
    let next = rest.strip_prefix('"')?.trim_start_matches(' ').strip_prefix(',')?.trim_start_matches(' ').strip_prefix('"')?;
    let (key, value) = next.split_once('"')?;
    let key: String = key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    if !PERSON_NAME_KEYS.contains(&key.as_str()) {
        return None;
    }
    let value = value.trim_start_matches(' ').strip_prefix(':')?.trim_start_matches(' ').strip_prefix('"')?;
    Some(&value[..value.find('"')?])
}

/// A name in a script of [`NameScript`] (Arabic, Hebrew, the Indic scripts, Thai, Khmer,
/// Ethiopic, Georgian, Armenian) written just before an address whose
/// local part has the shape of a romanized name (`يوسف الشمري <alshammari.youssef@…>`,
/// `"सुनीता नायर" <sunita.nair@…>`, `שירה לוינסון · s.levinson@…`, a CSV, SQL or table column
/// before the address), folded as [`Folded`] writes it: as many words of one script as the
/// local part has parts (two or three), each starting with a letter that romanizes to the
/// first letter of one of the parts, in any order ([`romanizes_from`]); or two words before a
/// local part of one piece of at least [`MIN_GLUED_NAME_BYTES`] (`maryamhaddad`), the first
/// romanizing to its first letter and the second to a letter inside it. The words are
/// not otherwise checked against the address: these scripts leave out vowels or write them
/// apart, and no table spells them back.
pub(super) fn script_name_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
    let parts = script_name_parts(address)?;
    let context = context_before(text, address_start, SCRIPT_NAME_BYTES);
    // A name in another script needs no separator before the address's Latin letters
    // (`კონტაქტი: თამარ ლომიძე tamar.lomidze72@…`).
    // (Not a word for "e-mail" before it: `… عبر البريد الإلكتروني ahmed…`.)
    // A phone number may stand between, with spaces only (`ዳዊት ገብረመድህን +2917399528 dawit…`).
    let spaced = context.strip_suffix(' ').map(without_a_spaced_phone).filter(|rest| {
        let ends_in_script = rest.chars().next_back().is_some_and(|c| name_script(c).is_some() || name_script_mark(c));
        ends_in_script && !SCRIPT_EMAIL_WORDS.iter().any(|(word, _)| rest.ends_with(word))
    });
    let before = after_an_email_word(context)
        .map(without_a_labelled_phone)
        .or_else(|| value_on_the_line_above(context))
        .or_else(|| column_before(context))
        .or(spaced)?;
    // A name does not go on over a line break.
    let before = before.rsplit('\n').next()?.trim_end_matches(['"', '\'', ' ', '\u{a0}']);
    script_name_ending(before, &parts)
}

/// `before` without a phone number at its end and the spaces before it (seven digits or more,
/// with spaces, `+`, `-` and brackets).
pub(super) fn without_a_spaced_phone(before: &str) -> &str {
    let rest = before.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '\u{a0}'));
    let digits = before[rest.len()..].bytes().filter(u8::is_ascii_digit).count();
    if digits >= 7 { rest } else { before }
}

/// `before` without a phone number and the word that labels it, after a comma or a dash, at its
/// end (`عرفان وانی، فون 07307 539040` of `name، phone-word number، e-mail-word address`): the
/// label is one word of up to [`MAX_PHONE_LABEL_CHARS`] letters in any script.
pub(super) fn without_a_labelled_phone(before: &str) -> &str {
    let rest = without_a_spaced_phone(before);
    if rest.len() == before.len() {
        return before;
    }
    let label_start = rest.trim_end_matches(|c: char| c.is_alphanumeric() || name_script_mark(c) || matches!(c, '.' | ':' | '-')).len();
    let label_chars = rest[label_start..].chars().count();
    let after_a_separator = rest[..label_start].trim_end_matches([' ', '\u{a0}']).strip_suffix([',', '،', '—', '–', '፣', '၊']);
    match after_a_separator.map(|name| name.trim_end_matches([' ', '\u{a0}'])) {
        Some(name) if (1..=MAX_PHONE_LABEL_CHARS).contains(&label_chars) && !name.is_empty() => name,
        _ => before,
    }
}

/// The longest word [`without_a_labelled_phone`] takes for a phone number's label, in characters.
pub(super) const MAX_PHONE_LABEL_CHARS: usize = 12;

/// Whether `c` is a mark of a script of [`NameScript`] (a vowel sign that ends a word, Tifinagh's
/// joiner, N'Ko's tones).
pub(super) fn name_script_mark(c: char) -> bool {
    [NameScript::Devanagari, NameScript::Bengali, NameScript::Tamil, NameScript::Odia, NameScript::Gurmukhi, NameScript::Gujarati, NameScript::Telugu, NameScript::Kannada, NameScript::Malayalam, NameScript::Sinhala, NameScript::Khmer, NameScript::Lao, NameScript::Thai, NameScript::Thaana, NameScript::OlChiki, NameScript::Syriac, NameScript::Tifinagh, NameScript::Nko, NameScript::Adlam, NameScript::Vai, NameScript::HanifiRohingya, NameScript::Lontara, NameScript::Myanmar, NameScript::Tibetan, NameScript::TaiLe, NameScript::Osage, NameScript::MeeteiMayek, NameScript::Chakma, NameScript::Batak]
        .into_iter()
        .any(|script| is_combining_in(c, script))
}

/// The parts of an address's local part that a name in a script of [`NameScript`] may
/// romanize to: two or three, or one piece of at least [`MIN_GLUED_NAME_BYTES`]
/// (`maryamhaddad`), read as two names glued together.
pub(super) fn script_name_parts(address: &str) -> Option<Vec<&str>> {
    let parts = local_name_parts(address, true)?;
    let glued = parts.len() == 1 && parts[0].len() >= MIN_GLUED_NAME_BYTES;
    let named = (glued || (2..=3).contains(&parts.len())) && parts.concat().len() >= 4;
    named.then_some(parts)
}

/// The name of as many words in one script of [`NameScript`] as the address has `parts` (two
/// for a glued one) that ends `before`, folded, when its words start as the parts do
/// ([`script_words_spell`]) and none is a function word.
pub(super) fn script_name_ending(before: &str, parts: &[&str]) -> Option<String> {
    for script in [NameScript::Myanmar, NameScript::Tibetan] {
        if before.chars().next_back().is_some_and(|c| name_script(c) == Some(script) || is_combining_in(c, script)) {
            return syllabic_name_ending(before, parts, script);
        }
    }
    let count = parts.len().max(2);
    let mut words = last_name_words(before, count);
    let script = words.last()?.chars().next().and_then(name_script)?;
    // The first word's column or quote (`'يوسف`, `"सुनीता`) is not part of it.
    if let Some(first) = words.first_mut() {
        *first = first.trim_start_matches(|c: char| name_script(c) != Some(script));
    }
    let in_script = |word: &&str| word.split(' ').all(|part| written_in(part, script));
    if words.len() != count || !words.iter().all(in_script) {
        return None;
    }
    if words.iter().any(|word| SCRIPT_FUNCTION_WORDS.contains(word)) {
        return None;
    }
    script_words_spell(&words, parts).then(|| Folded::of(&words.join(" ")).text)
}

/// The name in the Myanmar or Tibetan script that ends `before`, folded, when its syllables
/// spell the address's `parts` ([`syllables_spell`]): Burmese, Shan and Karen write a name's
/// words with no space between them (`သီရိထွန်း <thiri.htun@…>`), Tibetan and Dzongkha join
/// its syllables with a tsheg (`ཚེ་རིང་སྒྲོལ་མ (tsering.dolma@…)`).
pub(super) fn syllabic_name_ending(before: &str, parts: &[&str], script: NameScript) -> Option<String> {
    let word = before.rsplit(|c: char| name_script(c) != Some(script) && !is_combining_in(c, script)).next()?;
    let word = word.trim_matches(is_tsheg);
    let body = SYLLABIC_BODY_WORDS.iter().any(|body| word.contains(body)) || parts.iter().any(|part| names_a_place_or_body(part));
    if body {
        return None;
    }
    // An honorific the address leaves out (`ဒေါ်ခင်မြင့် <khin.myint@…>`) is part of the name.
    let bare = MYANMAR_HONORIFICS.iter().find_map(|honorific| word.strip_prefix(honorific)).filter(|rest| rest.starts_with(|c: char| name_script(c) == Some(script)));
    let spelled = |name: &str| {
        let (syllables, spells): (Vec<&str>, SyllableSpells) = match script {
            NameScript::Myanmar => (myanmar_syllables(name), myanmar_syllable_spells),
            _ => (name.split(is_tsheg).collect(), tibetan_syllable_spells),
        };
        let starts_with_a_syllable = syllables.first().is_some_and(|first| !first.is_empty() && name.starts_with(first));
        starts_with_a_syllable && syllables_spell(&syllables, parts, spells)
    };
    (spelled(word) || bare.is_some_and(spelled)).then(|| Folded::of(word).text)
}

/// Words of places, bodies, greetings and labels in the Myanmar and Tibetan scripts, which a
/// transliterated address spells as well as a name (`မန္တလေးဟိုတယ် <mandalay.hotel@…>`,
/// `སྤ་རོ་རྫོང་ཁག <paro.dzongkhag@…>`, `အမည် aung.myo@…` "name"): a word that holds one is no
/// name.
pub(super) const SYLLABIC_BODY_WORDS: &[&str] = &[
    // Hotel, bank, company, hospital, department, office, university, school, pagoda, town,
    // minister, name, contact, send, news, greeting, customer, passenger, teacher, Bagan,
    // affairs (`ကျန်းမာရေး` health).
    "ဟိုတယ်", "ဘဏ်", "ကုမ္ပဏီ", "ဆေးရုံ", "ဌာန", "ရုံး", "တက္ကသိုလ်", "ကျောင်း", "ဘုရား", "မြို့", "ဝန်ကြီး", "အမည်", "ဆက်သွယ်", "ပို့ပါ",
    "သတင်း", "မင်္ဂလာ", "ဖောက်သည်", "ခရီးသည်", "ဆရာ", "ပုဂံ", "ရေး",
    // District, fortress, monastery, temple, house, monk body, municipality, ministry, Bhutan,
    // kingdom, country, greetings and thanks, letter, contact, notice.
    "རྫོང", "དགོན", "ལྷ་ཁང", "ཁང", "གྲྭ་ཚང", "ཁྲོམ་སྡེ", "ལྷན་ཁག", "འབྲུག", "རྒྱལ་ཁབ", "ཡུལ", "བཀྲ་ཤིས་བདེ་ལེགས", "ཀུ་ཟུ་བཟང་པོ", "ཐུགས་རྗེ་ཆེ",
    "ཞུ་ཡིག", "འབྲེལ་བ", "གསལ་བསྒྲགས",
];

/// Whether a piece of an address's local part names a place or a body ([`PLACE_AND_BODY_PARTS`]):
/// it is one, or holds one of six letters or more (`paro.dzongkhag@`, `yoma.bank@`,
/// `mandalayhotel@`).
pub(super) fn names_a_place_or_body(part: &str) -> bool {
    let part = part.to_ascii_lowercase();
    PLACE_AND_BODY_PARTS.iter().any(|place| part == *place || (place.len() >= 6 && part.contains(place)))
}

/// Places and bodies of Myanmar, Bhutan and Tibet, and words for bodies, that an address's
/// local part names where a name in the Myanmar or Tibetan script would be read: the address
/// of a place spells the place's name as a person's spells the person's.
pub(super) const PLACE_AND_BODY_PARTS: &[&str] = &[
    "hotel", "bank", "dzong", "dzongkhag", "thromde", "dratshang", "lhakhang", "khang", "goenpa", "gonpa", "gompa", "tekkatho", "druk",
    "hospital", "ministry", "clinic", "temple", "pagoda", "monastery", "township", "gov", "branch", "office",
    "yangon", "mandalay", "naypyitaw", "taunggyi", "bagan", "mawlamyine", "kawthaung", "myitkyina", "meiktila", "pyinoolwin", "hpaan",
    "hpa", "mrauk", "yenangyaung", "sittwe", "dawei", "pathein", "monywa", "magway", "bago", "lashio", "myeik", "loikaw", "hakha",
    "thimphu", "paro", "punakha", "wangdue", "phodrang", "trashigang", "bumthang", "trongsa", "mongar", "samtse", "gelephu", "haa",
    "lhasa", "shigatse", "gyantse", "norbulingka", "tashilhunpo", "ganden", "drepung", "sera",
    // Offices, hospitals, schools, churches, customers and peoples as Batak, Chakma, Meetei
    // and Osage addresses write them, and their towns.
    "kantor", "pusat", "rumah", "sakit", "sikola", "sekolah", "negeri", "gareja", "gereja", "hkbp", "aphis", "ofis", "kastomar", "nation",
    "balige", "siantar", "medan", "rangamati", "khagrachari", "imphal", "pawhuska",
];

/// Burmese, Karen and Shan honorifics before a name (Daw, U, Ko, Maung, Ma, Dr, Saw, Naw, Sai,
/// Nang), longest first.
pub(super) const MYANMAR_HONORIFICS: &[&str] = &["ဒေါက်တာ", "မောင်", "စိုင်း", "နန်း", "ဒေါ်", "ကို", "စော", "နော်", "ဦး", "မ"];

/// Whether the syllables of a name in the Myanmar or Tibetan script spell an address's `parts`
/// (two or three, or one glued piece): read in order, each syllable's initial (`spells`:
/// [`myanmar_syllable_spells`], [`tibetan_syllable_spells`]) stands in the local part's
/// letters after the one before, the first at its start, no part starts between two of them
/// unspelled, and none is more than [`MAX_SYLLABLE_LETTERS`] letters after the one before or
/// before the end, as a syllable's romanization is short. Two to [`MAX_NAME_SYLLABLES`]
/// syllables; no role words glued together. Each syllable may stand at several letters
/// (`saw.ehhtoo`: `အ` at `a` or `e`); the search remembers where it tried each, so it is linear
/// in syllables times letters.
pub(super) fn syllables_spell(syllables: &[&str], parts: &[&str], spells: SyllableSpells) -> bool {
    let letters: Vec<u8> = parts.iter().flat_map(|part| part.bytes()).filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_lowercase()).collect();
    let mut part_starts = vec![false; letters.len() + 1];
    let mut at = 0;
    for part in parts {
        part_starts[at] = true;
        at += part.bytes().filter(u8::is_ascii_alphabetic).count();
    }
    let named = (2..=MAX_NAME_SYLLABLES).contains(&syllables.len()) && letters.len() >= 4;
    named && !glues_a_role_word(&String::from_utf8_lossy(&letters)) && syllables_spell_from(syllables, &letters, &part_starts, spells)
}

/// The search of [`syllables_spell`]: `part_starts[i]` says a part starts at letter `i`.
fn syllables_spell_from(syllables: &[&str], letters: &[u8], part_starts: &[bool], spells: SyllableSpells) -> bool {
    let width = letters.len() + 1;
    // Whether a syllable was tried at a letter: what follows does not depend on the way there.
    let mut tried = vec![false; (syllables.len() + 1) * width];
    // (syllable, letter it stands at); the first stands at the first letter.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    if syllables.first().zip(letters.first()).is_some_and(|(first, &letter)| spells(first, letter)) {
        stack.push((0, 0));
    }
    while let Some((syllable, at)) = stack.pop() {
        let next = syllable + 1;
        if next == syllables.len() {
            let rest_unspelled = (at + 1..letters.len()).any(|i| part_starts[i]);
            if letters.len() - at <= MAX_SYLLABLE_LETTERS + 1 && !rest_unspelled {
                return true;
            }
            continue;
        }
        for i in at + 1..(at + 1 + MAX_SYLLABLE_LETTERS).min(letters.len()) {
            if !tried[next * width + i] && spells(syllables[next], letters[i]) {
                tried[next * width + i] = true;
                stack.push((next, i));
            }
            // A part that starts here must be spelled here.
            if part_starts[i] {
                break;
            }
        }
    }
    false
}

/// Whether a syllable may be romanized starting with a letter ([`myanmar_syllable_spells`],
/// [`tibetan_syllable_spells`]).
pub(super) type SyllableSpells = fn(&str, u8) -> bool;

/// The most syllables [`syllables_spell`] reads as one name.
pub(super) const MAX_NAME_SYLLABLES: usize = 8;

/// The most letters one syllable of a name romanizes to, for [`syllables_spell`] (`ခိုင်` Khaing,
/// `ၶမ်း` Kham, `སྒྲོན` dron).
pub(super) const MAX_SYLLABLE_LETTERS: usize = 6;

/// The value of a form's line above the address when the address's own line holds only its
/// label (`Name: செந்தில் குமரன்\nEmail: kumaran.senthil@…`, `氏名：山田 太郎\nメール：…`).
pub(super) fn value_on_the_line_above(before: &str) -> Option<&str> {
    let (above, label) = before.rsplit_once('\n')?;
    if !is_label_only(label.trim_start_matches([' ', '\t']).trim_end_matches([' ', '\u{a0}', '\u{3000}', '['])) {
        return None;
    }
    let line = above.rsplit('\n').next()?.trim_start_matches([' ', '\t']).trim_end_matches([' ', '\r']);
    let (label, value) = field_value(line)?;
    names_a_person(label).then(|| value.trim_matches([' ', '\u{a0}', '\u{3000}']))
}

/// Whether a field's label says it holds a person's name (`Name`, `Account holder`, `Legal
/// representative`, `氏名`, `이름`): a department's or a subject's line (`Department: जन संपर्क`,
/// `제목: 로그인 오류`) is no name, whatever its words' letters.
pub(super) fn names_a_person(label: &str) -> bool {
    let label = label.to_lowercase();
    PERSON_LABEL_WORDS.iter().any(|word| label.contains(word))
}

/// Words of the labels of a person's name, in the languages of the names read.
pub(super) const PERSON_LABEL_WORDS: &[&str] = &[
    "name", "holder", "customer", "client", "subscriber", "representative", "patient", "student", "recipient", "applicant", "owner", "member",
    "employee", "caller", "person", "kunde", "nombre", "nom", "naam", "navn", "namn", "imię", "név", "isim", "имя", "ім'я", "име", "όνομα", "שם",
    "اسم", "نام", "नाम", "নাম", "பெயர்", "ಹೆಸರು", "పేరు", "പേര്", "નામ", "ਨਾਮ", "නම", "անուն", "სახელი", "ስም", "ឈ្មោះ", "名前", "氏名", "姓名",
    "名字", "이름", "성명", "고객", "お客様", "客户", "顧客",
];

/// Whether a line holds only a field's label, its value to follow: `Email:`, a two-column
/// table's label cell (`|Contact e-mail|`), or an XML start tag (`<Email>`).
pub(super) fn is_label_only(line: &str) -> bool {
    let cell = line.strip_prefix('|').and_then(|rest| rest.strip_suffix('|')).filter(|cell| !cell.contains('|'));
    let tag = line.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')).filter(|tag| is_tag_name(tag));
    is_a_label(line) || cell.is_some_and(is_label_words) || tag.is_some()
}

/// The label and the value of a line that holds a field: `Name: value`, a two-column table's row
/// (`|Legal representative|Sreypov Ly|`), or an XML element (`<Name>કિંજલ દેસાઈ</Name>`).
pub(super) fn field_value(line: &str) -> Option<(&str, &str)> {
    if let Some(row) = line.strip_prefix('|').and_then(|rest| rest.strip_suffix('|')) {
        let (label, value) = row.split_once('|')?;
        return (is_label_words(label) && !value.contains('|')).then_some((label, value));
    }
    if let Some(element) = line.strip_prefix('<') {
        let (tag, rest) = element.split_once('>')?;
        let (value, close) = rest.strip_suffix('>')?.rsplit_once("</")?;
        return (is_tag_name(tag) && close == tag).then_some((tag, value));
    }
    let colon = line.find([':', '：'])?;
    let colon_end = colon + line[colon..].chars().next()?.len_utf8();
    is_a_label(&line[..colon_end]).then(|| (&line[..colon], line[colon_end..].trim_end_matches('\r')))
}

/// Whether `tag` is a plain XML element name (`Email`, `ContactName`): letters, digits, `-`,
/// `_`, `:`, starting with a letter.
pub(super) fn is_tag_name(tag: &str) -> bool {
    tag.starts_with(|c: char| c.is_ascii_alphabetic()) && tag.len() <= MAX_LABEL_BYTES && tag.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
}

/// The longest label of a form's field, in bytes.
pub(super) const MAX_LABEL_BYTES: usize = 32;

/// Whether `label` is a form field's label: a few words without digits ending with a colon.
pub(super) fn is_a_label(label: &str) -> bool {
    label.strip_suffix([':', '：']).is_some_and(is_label_words)
}

/// Whether `words` are a field's label without its colon: a few words, no digits.
pub(super) fn is_label_words(words: &str) -> bool {
    !words.trim().is_empty() && words.len() < MAX_LABEL_BYTES && !words.contains(|c: char| c.is_ascii_digit() || matches!(c, '@' | '<' | '>' | '|' | ','))
}

/// Whether the `words` of a name in a script of [`NameScript`] start as the `parts` of an
/// address's local part do (see [`script_name_before_address`]): as many words as parts, each
/// romanizing to the first letter of one part, in any order; or, for a local part of one piece
/// of at least [`MIN_GLUED_NAME_BYTES`], two words, the first romanizing to its first letter
/// and the second to a letter inside it.
pub(super) fn script_words_spell(words: &[&str], parts: &[&str]) -> bool {
    if let [piece] = parts {
        // The given name starts the piece, and the family name starts somewhere inside it.
        let piece = piece.to_ascii_lowercase();
        if words.len() != 2 || piece.len() < MIN_GLUED_NAME_BYTES || glues_a_role_word(&piece) {
            return false;
        }
        let inside = &piece.as_bytes()[3..piece.len() - 2];
        return romanizes_from(words[0], piece.as_bytes()[0]) && inside.iter().any(|&b| romanizes_from(words[1], b));
    }
    if words.len() != parts.len() || !(2..=3).contains(&parts.len()) {
        return false;
    }
    let firsts: Vec<u8> = parts.iter().filter_map(|part| part.bytes().next()).map(|b| b.to_ascii_lowercase()).collect();
    // An address that names a body or a place (`kantor.pusat@`, `rumah.sakit@`) spells its
    // words as well as a name, in the scripts read letter by letter.
    let by_letters = words.iter().any(|word| word.chars().next().and_then(name_script).is_some_and(is_read_letter_by_letter));
    if by_letters && parts.iter().any(|part| names_a_place_or_body(part) || ROLE_WORDS.contains(&part.to_ascii_lowercase().as_str())) {
        return false;
    }
    let matched = |order: &[usize]| {
        order.iter().zip(&firsts).zip(parts).all(|((&word, &first), part)| romanizes_from(words[word], first) && letters_spell(words[word], part))
    };
    let orders: &[&[usize]] = if parts.len() == 2 { &[&[0, 1], &[1, 0]] } else { &[&[0, 1, 2], &[1, 2, 0], &[2, 0, 1], &[0, 2, 1], &[1, 0, 2], &[2, 1, 0]] };
    orders.iter().any(|order| matched(order))
}

/// Whether every letter of `word` romanizes to a letter of `part`, in order, for the scripts
/// whose names are read letter by letter (Tai Le, Osage, Meetei Mayek, Chakma, Batak): their
/// words' first letters alone match ordinary words too often (`ᯘᯮᯒᯖ᯲` "letter" before
/// `sahala.simanjuntak@…`). A letter that carries a vowel, a final letter and a doubled letter
/// (`ᥘᥣᥣ` laa, written `la`) are passed over; other scripts' words always pass.
pub(super) fn letters_spell(word: &str, part: &str) -> bool {
    let Some(script) = word.chars().next().and_then(name_script).filter(|&script| is_read_letter_by_letter(script)) else { return true };
    let part = part.to_ascii_lowercase();
    let mut rest = part.as_bytes();
    let mut previous: &[u8] = b"";
    for letter in word.chars().filter(|&c| name_script(c) == Some(script)) {
        let initials = other_romanized_initials(letter);
        let carrier = initials == b"aeiou";
        if initials.is_empty() || carrier || initials == previous {
            previous = initials;
            continue;
        }
        previous = initials;
        match rest.iter().position(|b| initials.contains(b)) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// Whether names in `script` are read letter by letter ([`letters_spell`]).
pub(super) fn is_read_letter_by_letter(script: NameScript) -> bool {
    matches!(script, NameScript::TaiLe | NameScript::Osage | NameScript::MeeteiMayek | NameScript::Chakma | NameScript::Batak)
}

/// Whether a glued local part, in small letters, holds a role word of four letters or more
/// ([`ROLE_WORDS`]: `customercare`, `infodesk`).
pub(super) fn glues_a_role_word(piece: &str) -> bool {
    ROLE_WORDS.iter().any(|role| role.len() >= 4 && piece.contains(role))
}

/// The family and given names written in the two columns just before an address's column, in
/// either order (`…;Žemaitis;Mindaugas;mindaugas.zemaitis4@…`, `…,ராமசாமி,மீனாட்சி,ramasamy.meenakshi@…`,
/// tabs and pipes too), when together they spell its local part as [`spelled_by`] or
/// [`script_words_spell`] read names: each column one to three capitalized words, or words of
/// one script of [`NameScript`]. Both columns are found as one person.
pub(super) fn name_columns(text: &str, found: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    for address in found.iter().filter(|f| f.kind == PiiKind::Email) {
        let Some([first, second]) = name_columns_before(text, address.range.start, &text[address.range.clone()]) else { continue };
        let person = PersonKey::Spelled(Folded::of(&format!("{} {}", &text[second.clone()], &text[first.clone()])).text);
        for range in [first, second] {
            out.push(Found { kind: PiiKind::Person, name: Name::Fixed("person"), range, person: Some(person.clone()) });
        }
    }
    out
}

/// The two name columns before the address at `address_start`, for [`name_columns`].
pub(super) fn name_columns_before(text: &str, address_start: usize, address: &str) -> Option<[Range<usize>; 2]> {
    // A quoted column (`"Žemaitis","Mindaugas","mindaugas…`) opens with its quote, and a
    // Markdown cell (`| Jane | jane.doe@…`) or a CSV field after `, ` with a space.
    let end = address_start - usize::from(text[..address_start].ends_with(['"', '\'']));
    let end = text[..end].trim_end_matches(' ').len();
    let separator = text[..end].chars().next_back().filter(|c| matches!(c, ',' | ';' | '\t' | '|'))?;
    let row_start = ceil_char_boundary(text, end.saturating_sub(NAME_COLUMNS_BYTES));
    let row_start = text[row_start..end].rfind('\n').map_or(row_start, |at| row_start + at + 1);
    let row = &text[row_start..end - 1];
    let second_at = row.rfind(separator)? + 1;
    let first_at = row[..second_at - 1].rfind(separator).map_or(0, |at| at + 1);
    let cell = |from: usize, to: usize| {
        let raw = &row[from..to];
        let value = raw.trim_matches([' ', '"', '\'']);
        let start = row_start + from + (raw.len() - raw.trim_start_matches([' ', '"', '\'']).len());
        (!value.is_empty()).then(|| start..start + value.len())
    };
    let first = cell(first_at, second_at - 1)?;
    let second = cell(second_at, row.len())?;
    let (a, b) = (&text[first.clone()], &text[second.clone()]);
    let parts = local_name_parts(address, true)?;
    let spelled = parts.concat().to_ascii_lowercase();
    // An address may spell out umlauts (`juergen_pohl` for `Pohl;Jürgen`): each reading is tried.
    let variants = spellings(&spelled);
    let spells = |name: &str| {
        variants.iter().any(|spelled| {
            let mut steps = MAX_ROMANIZATION_STEPS;
            romanizes_to(name, spelled.as_bytes(), &mut steps)
        })
    };
    let folded = |cell: &str| Folded::of(cell).text.replace(' ', "");
    // `Service;Desk;servicedesk@…`: a shared mailbox's words.
    let role = |cell: &str| ROLE_WORDS.contains(&folded(cell).as_str());
    let latin = is_family_name_column(a) && is_family_name_column(b) && !role(a) && !role(b) && spelled.len() >= 5 && (spells(&(folded(b) + &folded(a))) || spells(&(folded(a) + &folded(b))));
    // Vowels and the Arabic article match every vowel (`الرياض,السعودية,ahmed.ali@…`): a part
    // that starts with a consonant must be checked.
    let consonant = parts.iter().any(|part| !part.as_bytes().first().is_some_and(|b| b"aeiouAEIOU".contains(b)));
    let script = || {
        let script = a.chars().next().and_then(name_script).filter(|_| consonant)?;
        let in_script = |cell: &str| written_in(cell, script);
        (in_script(a) && in_script(b) && (script_words_spell(&[b, a], &parts) || script_words_spell(&[a, b], &parts))).then_some(())
    };
    (latin || script().is_some()).then_some([first, second])
}

/// Whether a cell reads as a name ([`is_name_column`]), also after family-name particles in
/// small letters (`van den Berg`, `de Boer`, `von Bülow`).
pub(super) fn is_family_name_column(cell: &str) -> bool {
    let mut rest = cell;
    while let Some((word, after)) = rest.split_once(' ')
        && NAME_PARTICLES.contains(&word)
    {
        rest = after;
    }
    is_name_column(rest)
}

/// Whether `value` is one to three words of a script of [`NameScript`] (a name in a field).
pub(super) fn is_script_name(value: &str) -> bool {
    let Some(script) = value.chars().next().and_then(name_script) else { return false };
    value.split(' ').count() <= 3 && value.split(' ').all(|word| written_in(word, script))
}

/// Whether `word` is a word of `script`: its letters and marks only.
pub(super) fn written_in(word: &str, script: NameScript) -> bool {
    !word.is_empty() && word.chars().all(|c| name_script(c) == Some(script) || is_combining_in(c, script))
}

/// How far before an address [`name_columns_before`] reads its row, in bytes.
pub(super) const NAME_COLUMNS_BYTES: usize = 160;

/// Whether a table cell holds a name as [`name_columns_before`] reads it: one to three words,
/// each capitalized (family-name particles aside), of letters (with combining accents, as
/// Yoruba writes `ṣẹ́`), apostrophes and hyphens.
pub(super) fn is_name_column(cell: &str) -> bool {
    let words = cell.split(' ').count();
    (1..=3).contains(&words)
        && cell.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '\u{0300}'..='\u{036F}'))
        && capitalized_words(cell)
        && cell.starts_with(char::is_uppercase)
}

/// The last `count` names of `before`, split at spaces, where an Arabic compound (`عبد العزيز`,
/// `أبو بكر`) counts as one name, as an address spells it (`abdelaziz`).
pub(super) fn last_name_words(before: &str, count: usize) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::with_capacity(count);
    let mut end = before.len();
    while words.len() < count {
        let mut start = before[..end].rfind(' ').map_or(0, |space| space + 1);
        if let Some(space) = start.checked_sub(1) {
            let previous = before[..space].rsplit(' ').next().unwrap_or_default();
            if ARABIC_COMPOUND_STARTS.contains(&previous) {
                start = space - previous.len();
            }
        }
        words.push(&before[start..end]);
        let Some(space) = start.checked_sub(1) else { break };
        end = space;
    }
    words.reverse();
    words
}

/// The words that start an Arabic compound name ("servant of", "father of").
pub(super) const ARABIC_COMPOUND_STARTS: &[&str] = &["عبد", "أبو", "ابو"];

/// `before` without the word for an e-mail address that a speaker says between their name and
/// their address (`…איתי ברקוביץ והמייל שלי itai…`, `…ณัฐพล ทองดี อีเมล nattapon…`, `my name
/// is 윤하은, e-mail haeun…`), in the scripts of [`NameScript`] and in English; `None` when it
/// does not end with one.
pub(super) fn after_an_email_word(before: &str) -> Option<&str> {
    let before = before.trim_end_matches([' ', ':', '\u{a0}']);
    let (word, said) = SCRIPT_EMAIL_WORDS.iter().find(|(word, _)| before.ends_with(*word))?;
    let rest = &before[..before.len() - word.len()];
    // A whole word: `למייל` ("to the e-mail") is no `מייל` after a name.
    // (Ethiopic's word space `፡` and comma `፣`, Myanmar's comma `၊`, too.)
    const BETWEEN: [char; 9] = [' ', ',', '،', '\u{a0}', '—', '–', '፡', '፣', '၊'];
    if !rest.ends_with(BETWEEN) {
        return None;
    }
    // "Write to the manager via e-mail": only "my e-mail" follows a name by itself; the plain
    // word needs a dash or a comma after the name (`مهدی کاظمی — ایمیل:`).
    let trimmed = rest.trim_end_matches(BETWEEN);
    let separated = rest.trim_end_matches([' ', '\u{a0}']).ends_with([',', '،', '—', '–', '፡', '፣', '၊']);
    (*said || separated).then_some(trimmed)
}

/// Words for "e-mail" in the scripts of [`NameScript`] and in English, each with whether it says
/// "my e-mail" (`وبريدي الإلكتروني`, `והמייל שלי`; Thai leaves the "my" out).
pub(super) const SCRIPT_EMAIL_WORDS: &[(&str, bool)] = &[
    ("وبريدي الإلكتروني", true), ("بريدي الإلكتروني", true), ("والبريد الإلكتروني", false), ("البريد الإلكتروني", false), ("وإيميلي", true), ("إيميلي", true),
    ("والإيميل", false), ("الإيميل", false), ("ایمیلم", true), ("ایمیل", false), ("ای میل", false),
    ("והמייל שלי", true), ("המייל שלי", true), ("ומייל", false), ("מייל", false),
    ("और मेरा ईमेल", true), ("मेरा ईमेल", true), ("ईमेल", false),
    ("อีเมล์", true), ("อีเมล", true),
    ("ইমেইল", false), ("ই-মেইল", false), ("மின்னஞ்சல்", false), ("ኢሜይል", false), ("ኢመይል", false), ("ელფოსტა", false),
    // Lao, Odia, Pashto, Sorani.
    ("ອີເມວ", false), ("ଇମେଲ୍", false), ("ଇମେଲ", false), ("برېښنالیک", false), ("ئیمەیڵ", false),
    // Burmese, Chakma.
    ("အီးမေးလ်", false), ("𑄄𑄟𑄬𑄣𑄴", false),
    ("e-mail", false), ("email", false), ("E-mail", false), ("Email", false),
];

/// The shortest one-piece local part [`script_name_before_address`] reads as two names.
pub(super) const MIN_GLUED_NAME_BYTES: usize = 8;

/// Short words of Arabic, Hebrew, Hindi, Thai and Batak that stand before an address in a sentence
/// ("write to", "with", "from"), never in a name.
pub(super) const SCRIPT_FUNCTION_WORDS: &[&str] = &[
    "مع", "على", "إلى", "الى", "من", "عن", "في", "أو", "عبر", "لي", "לי", "דרך", "हमें", "אל", "עם", "של", "את", "או", "מ", "ל", "को", "से", "में", "पर", "का", "की", "के", "या", "ที่", "ถึง", "จาก", "หรือ",
    // Toba Batak `tu` (to).
    "ᯖᯮ",
];

/// How far before an address [`script_name_before_address`] reads, in bytes (three words of
/// Devanagari or Thai take three bytes a letter).
pub(super) const SCRIPT_NAME_BYTES: usize = 128;

/// How the words for a department, a team or a person in charge end (`営業部`, `担当者`,
/// `负责人`, `담당자`, `총무팀`, `客服中心`): such a word before an address is no name.
pub(super) const CJK_ROLE_ENDINGS: &[&str] = &["部", "課", "室", "者", "人", "服", "口", "所", "局", "組", "组", "中心", "센터", "팀", "담당자", "실"];

/// The spaces written between the parts of a name in Chinese, Japanese and Korean text.
pub(super) const CJK_SPACES: [char; 2] = [' ', '\u{3000}'];

/// `before` without the opening bracket or column separator that ends it (see
/// [`column_before`]), and the spaces before that.
pub(super) fn separated_column(before: &str) -> Option<&str> {
    before.strip_suffix(['<', '(', '（', '＜', ',', '،', ';', '|', '\t', '·', '—', '–']).map(|rest| rest.trim_end_matches(CJK_SPACES))
}

/// `before` without what stands between a name and the address after it: an opening bracket
/// (`小林 直樹 <`), a table's, a CSV file's or an SQL statement's column separator (`李娜,`,
/// `이준호 | `, `'李娜','`), or the key of the next JSON field (`"name":"佐藤 健","email":"`);
/// `None` when none of those ends it.
pub(super) fn column_before(before: &str) -> Option<&str> {
    // A Jira link's bracket (`Name ([name@…|mailto:…])`) opens the address's own markup.
    let before = before.trim_end_matches(CJK_SPACES);
    let before = before.strip_suffix('[').map_or(before, |rest| rest.trim_end_matches(CJK_SPACES));
    if let Some(rest) = separated_column(before) {
        return Some(without_a_phone_cell(without_an_identifier(rest)));
    }
    // A quoted column (`'李娜','li.na@…'` in SQL).
    if let Some(rest) = before.strip_suffix(['"', '\'']).map(|rest| rest.trim_end_matches(CJK_SPACES)).and_then(separated_column) {
        return Some(rest);
    }
    let key = before.strip_suffix('"')?.trim_end_matches(' ').strip_suffix(':')?.trim_end_matches(' ').strip_suffix('"')?;
    let field = key.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    field.strip_suffix('"')?.trim_end_matches(' ').strip_suffix(',')?.trim_end_matches(' ').strip_suffix('"')
}

/// `before` without a phone number's cell and its separator at its end (`अमोल कुलकर्णी,
/// +918844271657` of a contact line `name, phone, address`): digits (seven or more), spaces,
/// `+`, `-` and brackets.
pub(super) fn without_a_phone_cell(before: &str) -> &str {
    let rest = without_a_spaced_phone(before);
    match separated_column(rest) {
        Some(name) if rest.len() < before.len() && !name.is_empty() => name,
        _ => before,
    }
}

/// `before` without an identifier in parentheses at its end (`নুসরাত জাহান (s1605094)` of
/// `Student: নুসরাত জাহান (s1605094), nusrat…`): one word holding a digit.
pub(super) fn without_an_identifier(before: &str) -> &str {
    let Some(inner) = before.strip_suffix(')') else { return before };
    let Some(open) = inner.rfind('(') else { return before };
    let identifier = &inner[open + 1..];
    let one_word = !identifier.is_empty() && identifier.len() <= 24 && !identifier.contains(char::is_whitespace);
    if one_word && identifier.contains(|c: char| c.is_ascii_digit()) {
        before[..open].trim_end_matches(CJK_SPACES)
    } else {
        before
    }
}

/// How far before an address [`cjk_name_before_address`] reads, in bytes.
pub(super) const CJK_NAME_BYTES: usize = 64;

/// Honorifics written after a name in Chinese, Japanese and Korean.
pub(super) const CJK_HONORIFICS: &[&str] = &["様", "さま", "さん", "氏", "殿", "先生", "고객님", "고객", "님", "씨"];

/// The name that ends `before`, for [`cjk_name_before_address`].
pub(super) fn trailing_cjk_name(before: &str) -> Option<&str> {
    let is_syllable = |c: char| matches!(u32::from(c), 0xAC00..=0xD7A3);
    // Japanese: the family name, a space, the given name, each in ideographs or kana
    // (`渡辺 あおい`, `タナカ ハルト`).
    let japanese = |c: char| is_han(c) || matches!(u32::from(c), 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC);
    let given_start = before.trim_end_matches(japanese).len();
    let given = before[given_start..].chars().count();
    if let Some(space) = before[..given_start].chars().next_back().filter(|&c| matches!(c, ' ' | '\u{3000}')) {
        let family_end = given_start - space.len_utf8();
        let family_start = before[..family_end].trim_end_matches(japanese).len();
        let family = before[family_start..family_end].chars().count();
        if (1..=4).contains(&family) && (1..=5).contains(&given) {
            return Some(&before[family_start..]);
        }
    }
    let start = before.trim_end_matches(|c| is_han(c) || is_syllable(c)).len();
    let run = &before[start..];
    (2..=4).contains(&run.chars().count()).then_some(run)
}
