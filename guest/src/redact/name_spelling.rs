//! Whether the words of a text spell the name an address spells: given name or family name
//! first, with or without particles (`de la`, `bin`), spelled-out umlauts (`mueller`) and, for
//! scripts other than Latin, the romanizations of their letters.

use super::*;

/// The article before an Arabic family name, which an address may leave out with the father's
/// name (`Al-Qahtani`, `qahtani`).
pub(super) const ARABIC_ARTICLES: &[&str] = &["al-", "el-"];

/// The particles after which a father's name follows (`bin`, `bint`, `binti`).
pub(super) const PATRONYMIC_PARTICLES: &[&str] = &["bin", "binte", "binti", "bint"];

/// Family-name particles written between a given name and a family name, mostly in lowercase
/// (`de la`, `van der`, `bin`, `binti`; `Dela` too; Italian `Lo`, Irish `Nic`, Welsh `ap`), which
/// an address may leave out; and the `i` and `y` that join a Catalan's or a Spaniard's two family
/// names (`Joaquim Serra i Pujol`, `joaquim.serrapujol`).
pub(super) const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "binte", "binti", "bint", "da", "de", "del", "dela", "della", "den", "der", "di", "dos", "du", "el", "i", "la", "le", "ten", "ter", "van", "von",
    "y", "zu", "lo", "nic", "ap",
];

/// The first of `words` (a given name) and up to three after it (with the particles among
/// them, which an address may leave out), as `given family…`, if they spell `spelled` given name
/// first, or family name first when the text writes the family name first (`Chua Li Ting`,
/// `litingchua`; see [`names_beside_address`]); each word comes with whether only spaces come
/// after it.
pub(super) fn spelled_by(words: &[(&str, bool)], spelled: &str) -> Option<String> {
    let (&(given, mut spaced), after) = words.split_first()?;
    let first = given.chars().next()?;
    // Most words of the window start with another letter than the address: an ASCII capital
    // folds to its lowercase, so they are turned away before anything is folded.
    // A family name written first ends the address (`Chua Li Ting`, `litingchua`).
    let other_letter = first.is_ascii() && spelled.as_bytes().first() != Some(&(first.to_ascii_lowercase() as u8));
    let family_first = other_letter && spelled.as_bytes().get(1..).is_some_and(|rest| rest.contains(&(first.to_ascii_lowercase() as u8)));
    if !first.is_uppercase() || (other_letter && !family_first) {
        return None;
    }
    let given_folded = Folded::of(given).text;
    // An address drops the hyphens and apostrophes of a name (`Shu-fen`, `shufen`).
    let given_key = spelling_key(&given_folded);
    // A word written with accents is no role word (`Đỗ` is no `do`).
    let role = given.is_ascii() && ROLE_WORDS.contains(&given_folded.as_str());
    if given_folded.chars().count() < 2 || role || (family_first && !spelled.contains(&given_key)) {
        return None;
    }
    let initial: String = given_folded.chars().take(1).collect();
    let spells_it = |name: &str| {
        let mut steps = MAX_ROMANIZATION_STEPS;
        romanizes_to(name, spelled.as_bytes(), &mut steps)
    };
    // Each word folded, with whether it is a particle that an address may leave out
    // (`anneke.plessis` for Anneke du Plessis, `maricelcruz` for Maricel Dela Cruz).
    let mut family: Vec<(String, bool)> = Vec::new();
    // The father's names after `bin` / `bint` (`Salma bint Faisal Al-Qahtani`,
    // `qahtani.salma`), which an address may leave out.
    let mut patronymics: Vec<usize> = Vec::new();
    // The family names written with an article (`Al-Qahtani`), which such an address leaves out.
    let mut with_article: Vec<usize> = Vec::new();
    for &(word, spaces_before_next) in after {
        let folded = Folded::of(word).text;
        // A word written with accents is no particle (`Lê`, `Văn` of `Dũng Lê Văn`).
        // `i` and `y` join two family names, so only after one (`Serra i Pujol`; `Ana y Pedro`
        // are two people).
        let joins_family_names = matches!(folded.as_str(), "i" | "y");
        let after_a_family_name = family.iter().any(|(_, particle)| !particle);
        let particle = word.is_ascii() && NAME_PARTICLES.contains(&folded.as_str()) && (!joins_family_names || after_a_family_name);
        if !spaced || !(particle || word.starts_with(char::is_uppercase)) {
            return None;
        }
        if !particle && family.last().is_some_and(|(last, _)| PATRONYMIC_PARTICLES.contains(&last.as_str())) {
            patronymics.push(family.len());
        }
        if ARABIC_ARTICLES.iter().any(|article| word.get(..3).is_some_and(|start| start.eq_ignore_ascii_case(article))) {
            with_article.push(family.len());
        }
        family.push((folded, particle));
        if family.len() > 2 * MAX_NAME_WORDS {
            return None;
        }
        spaced = spaces_before_next;
        let words = family.iter().filter(|(_, particle)| !particle).count();
        if particle {
            continue;
        }
        if words >= MAX_NAME_WORDS {
            return None;
        }
        let joined: String = family.iter().map(|(word, _)| spelling_key(word)).collect();
        let without_particles: String = family.iter().filter(|(_, particle)| !particle).map(|(word, _)| spelling_key(word)).collect();
        let spelled_with = |joined: &str| {
            // Family name first in the text, given name first in the address (`Chua Li Ting`,
            // `litingchua`), as Chinese and Hungarian names are written. A family name of two
            // letters (`Ly`, `Li`) only with the whole given name (`sreypov.ly`).
            let letters = joined.chars().count();
            // The given name's initial may also lead the family name before the whole given
            // name (`nstoyanov.nikolay` for Николай Стоянов).
            let whole = || {
                spells_it(&format!("{given_key}{joined}")) || spells_it(&format!("{joined}{given_key}")) || spells_it(&format!("{initial}{joined}{given_key}"))
            };
            !ROLE_WORDS.contains(&joined) && ((letters >= 3 && (whole() || spells_it(&format!("{initial}{joined}")))) || (letters == 2 && whole()))
        };
        // The given name written last in the text and first in the address (`Nguyễn Văn Hải`,
        // `hai.nguyenvan`), as Vietnamese names are.
        let given_last = || {
            let Some(((last, _), middle)) = family.split_last() else { return false };
            let middle: String = middle.iter().map(|(word, _)| spelling_key(word)).collect();
            !middle.is_empty() && spells_it(&format!("{}{given_key}{middle}", spelling_key(last)))
        };
        let without_patronymics: String = family
            .iter()
            .enumerate()
            .filter(|(i, (_, particle))| !particle && !patronymics.contains(i))
            .map(|(i, (word, _))| {
                let key = spelling_key(word);
                if with_article.contains(&i) { chars_from(&key, 2).to_owned() } else { key }
            })
            .collect();
        let patronymic_left_out = !patronymics.is_empty() && !without_patronymics.is_empty() && spelled_with(&without_patronymics);
        if spelled_with(&joined) || (without_particles != joined && spelled_with(&without_particles)) || given_last() || patronymic_left_out {
            let words: Vec<&str> = family.iter().map(|(word, _)| word.as_str()).collect();
            return Some(format!("{given_folded} {}", words.join(" ")));
        }
    }
    None
}

/// A folded name word as an address spells it: without its hyphens and apostrophes
/// (`shu-fen` → `shufen`, `o'connor` → `oconnor`).
pub(super) fn spelling_key(folded: &str) -> String {
    folded.chars().filter(|c| !matches!(c, '-' | '\'' | '’')).collect()
}

/// The most words of a name, and of parts of an address's local part, that
/// [`names_beside_address`] reads (`Bruno Carvalho da Cunha`).
pub(super) const MAX_NAME_WORDS: usize = 4;

/// Whether the folded `name` (Latin, Cyrillic or Greek letters) is written `spelled` in ASCII:
/// Latin letters as they are, the others by the usual romanizations of each (`анна смирнова`
/// → `annasmirnova`, `ελενη γεωργιου` → `elenigeorgiou`; `х` as `kh` or `h`, `я` as `ya`, `ia`
/// or `ja`, …). `steps` is what is left of the search's budget: each letter tried spends one, and
/// an exhausted budget answers no, so letters with several spellings cannot make the search
/// exponential (`ььь…` against `yyy…`).
pub(super) fn romanizes_to(name: &str, spelled: &[u8], steps: &mut usize) -> bool {
    let mut chars = name.chars();
    let Some(c) = chars.next() else {
        return spelled.is_empty();
    };
    let rest = chars.as_str();
    if *steps == 0 {
        return false;
    }
    *steps -= 1;
    if c.is_ascii() {
        // Folding wrote `ş` and `ç` as `s` and `c`; Azerbaijani and Uzbek addresses write them
        // `sh` and `ch` (`Rəşad`, `rashad`).
        let digraph = matches!(c, 's' | 'c') && spelled.get(1) == Some(&b'h') && spelled.first() == Some(&(c as u8));
        return spelled.first() == Some(&(c as u8)) && (romanizes_to(rest, &spelled[1..], steps) || (digraph && romanizes_to(rest, &spelled[2..], steps)));
    }
    romanizations(c)
        .iter()
        .any(|latin| spelled.strip_prefix(latin.as_bytes()).is_some_and(|tail| romanizes_to(rest, tail, steps)))
}

/// The letters [`romanizes_to`] tries for one name and address, at most.
pub(super) const MAX_ROMANIZATION_STEPS: usize = 1_024;

/// How addresses write a lowercase Cyrillic or Greek letter (as [`Folded`] leaves it: `й`
/// becomes `и`, Greek accents are dropped), or a Latin letter that has no plain base letter
/// (`ə`, `þ`, `ɛ`), in ASCII; nothing for other letters.
pub(super) fn romanizations(c: char) -> &'static [&'static str] {
    match c {
        'а' | 'α' => &["a"],
        'б' | 'β' => &["b", "v"],
        'в' => &["v", "w"],
        'г' => &["g", "h"],
        'ґ' | 'γ' => &["g"],
        'д' | 'δ' => &["d"],
        'е' => &["e", "ye", "je"],
        'ё' => &["e", "yo", "jo"],
        'є' => &["ye", "ie", "je", "e"],
        // With Tatar's and Kalmyk's `җ`.
        'ж' | 'җ' => &["zh", "j", "z"],
        'з' | 'ζ' => &["z"],
        'и' => &["i", "y", "j"],
        'і' | 'ι' => &["i"],
        'ї' => &["yi", "i", "ji"],
        'к' | 'κ' => &["k"],
        'л' | 'λ' => &["l"],
        'м' | 'μ' => &["m"],
        'н' | 'ν' => &["n"],
        'о' | 'ο' | 'ω' => &["o"],
        'п' | 'π' => &["p"],
        'р' | 'ρ' => &["r"],
        'с' | 'σ' | 'ς' => &["s"],
        'т' | 'τ' => &["t"],
        'у' => &["u", "ou"],
        'ф' | 'φ' => &["f", "ph"],
        'х' => &["kh", "h", "ch", "x"],
        'ц' => &["ts", "c", "tz"],
        'ч' => &["ch", "tch", "c"],
        'ш' => &["sh", "sch", "s"],
        'щ' => &["shch", "sch", "sc"],
        'ъ' | 'ь' => &["", "y"],
        'ы' => &["y", "i"],
        'э' => &["e"],
        'ю' => &["yu", "iu", "ju", "u"],
        'я' => &["ya", "ia", "ja", "a"],
        'ε' => &["e"],
        'η' => &["i", "e"],
        'θ' => &["th"],
        'ξ' => &["x", "ks"],
        'υ' => &["u", "y", "i"],
        'χ' => &["ch", "h", "x"],
        'ψ' => &["ps"],
        // Serbian and Mongolian Cyrillic.
        'ј' => &["j", "y"],
        'ђ' => &["dj", "d"],
        'љ' => &["lj", "l"],
        'њ' => &["nj", "n"],
        'ћ' => &["c", "ch", "tj"],
        'џ' => &["dz", "dzh", "j"],
        'ө' => &["o", "u"],
        'ү' => &["u", "ue"],
        // Kazakh, Uzbek and Macedonian Cyrillic.
        'қ' => &["k", "q"],
        'ғ' => &["g", "gh"],
        'ң' | 'ӊ' => &["ng", "n"],
        'ә' => &["a", "ae", "e"],
        'ұ' => &["u"],
        'һ' | 'ҳ' => &["h", "kh"],
        'ѕ' => &["dz", "z"],
        // Bashkir and Chuvash Cyrillic.
        'ҡ' => &["k", "q"],
        'ҙ' => &["z", "dh"],
        'ҫ' => &["s", "sh", "th"],
        // Uzbek's turned comma (`Yoʻldosheva`), which addresses leave out.
        'ʻ' | 'ʼ' => &[""],
        // Latin letters without a decomposition: Azerbaijani's schwa, Icelandic's thorn and eth.
        'ə' => &["a", "e"],
        'þ' => &["th"],
        'ð' => &["d", "dh"],
        // Berber (Kabyle `Saɛdi`, `saadi`), Sami and African Latin letters.
        'ɛ' => &["a", "e"],
        'ɣ' => &["gh", "g"],
        'ŋ' => &["ng", "n"],
        'ʒ' => &["zh", "j", "z"],
        'ɔ' => &["o"],
        _ => &[],
    }
}

/// The words of `text` (letters, with the combining accents, apostrophes and hyphens inside
/// them: `O'Connor`, `Gómez-Ruiz`), each with whether only spaces separate it from the next.
pub(super) fn words_in(text: &str) -> Vec<(&str, bool)> {
    let mut words: Vec<(&str, bool)> = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_letter = chars.peek().is_some_and(|&(_, next)| next.is_alphabetic());
        // A combining accent of decomposed text belongs to its letter (Yoruba `ẹ́`).
        let mark = start.is_some() && matches!(u32::from(c), 0x0300..=0x036F);
        // An ʻokina or a turned comma before a word's first letter (Tongan `ʻAlisi`) is read as
        // outside it, so that the word starts with its capital, as an address spells it.
        let leading_okina = start.is_none() && matches!(c, 'ʻ' | 'ʼ');
        let inside = (c.is_alphabetic() && !leading_okina) || mark || (start.is_some() && matches!(c, '\'' | '’' | '-') && next_is_letter);
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let spaces = text[at..].trim_start_matches(' ');
                let spaced = c == ' ' && spaces.starts_with(char::is_alphabetic);
                words.push((&text[from..at], spaced));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push((&text[from..], false));
    }
    words
}

/// `jane doe` → `["jane doe", "doe, jane", "doe jane"]`: the name given name first, then family
/// name first as directories write it (`jane mary doe` → `doe, jane mary`, `doe jane mary`), for
/// each of its [`spellings`].
pub(super) fn name_forms(name: &str) -> Vec<String> {
    spellings(name)
        .iter()
        .flat_map(|name| {
            let (given, family) = name.rsplit_once(' ').unwrap_or((name, ""));
            [name.clone(), format!("{family}, {given}"), format!("{family} {given}")]
        })
        .collect()
}

/// How addresses spell out `ä`/`æ`, `ö`/`ø`/`œ`, `ü` and `å`; [`Folded`] writes the first
/// letter of each.
pub(super) const SPELLED_OUT_LETTERS: [&[u8; 2]; 4] = [b"ae", b"oe", b"ue", b"aa"];

/// At most this many of a name's spelled-out pairs are each tried both ways (8 spellings).
pub(super) const MAX_SPELLED_OUT_PAIRS: usize = 3;

/// The ways the text may write the name an address spells, the address's own first: an address
/// may spell out letters as German and Nordic addresses do (`michael.mueller` for `Michael
/// Müller`, `soeren` for `Søren`, `aase` for `Åse`), and each such pair may as well be two
/// letters of the name (the `ae` of `michael`), so each is tried contracted to its first letter
/// and not. A pair counts only before another letter (an umlaut rarely ends a name; `doe` stays
/// `doe`). `name` is lowercase ASCII ([`name_of_address`]).
pub(super) fn spellings(name: &str) -> Vec<String> {
    let bytes = name.as_bytes();
    let mut pairs: Vec<usize> = Vec::new();
    for i in 0..bytes.len() {
        let spelled_out = bytes.get(i..i + 2).is_some_and(|pair| SPELLED_OUT_LETTERS.iter().any(|spelled| pair == spelled.as_slice()));
        let before_a_letter = bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
        let after_the_last = pairs.last().is_none_or(|&last| i >= last + 2);
        if spelled_out && before_a_letter && after_the_last && pairs.len() < MAX_SPELLED_OUT_PAIRS {
            pairs.push(i);
        }
    }
    (0..1usize << pairs.len())
        .map(|contracted| {
            let dropped = |i: usize| pairs.iter().enumerate().any(|(bit, &pair)| contracted & (1 << bit) != 0 && i == pair + 1);
            // Only ASCII letters are dropped, so what is left is still UTF-8 (`анна`, `josé`).
            let kept: Vec<u8> = bytes.iter().enumerate().filter(|&(i, _)| !dropped(i)).map(|(_, &b)| b).collect();
            String::from_utf8(kept).unwrap_or_else(|_| name.to_owned())
        })
        .collect()
}
