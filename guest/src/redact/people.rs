//! The people a request names (display names, emails, account ids): their forms, and the
//! searchers that find those forms in a text, ignoring case and the spaces inside a name.

use super::*;

/// How many people's forms with letters outside ASCII share one regex. The lazy DFA of a small
/// alternation stays within its cache; one alternation of thousands of forms thrashes it, and the
/// regex falls back to an engine two hundred times slower (measured at the limit of 1,000 people
/// on a 5 MB text).
pub(super) const FORMS_PER_PATTERN: usize = 64;

/// Names, emails and ids shorter than this (in characters) are not matched: they would hit
/// ordinary words.
pub(super) const MIN_PERSON_FORM_CHARS: usize = 2;

/// The people of one request: all their forms, matched ignoring case and with any run of
/// whitespace between the words of a name.
///
/// Forms written in ASCII (most names, every email and account id) are found by one
/// Aho-Corasick automaton over their first words, which is cheap to build on every request; the
/// rest of the form is compared after each hit. Forms with letters outside ASCII need Unicode
/// case folding and go into case-insensitive regex alternations instead.
pub(super) struct People {
    /// The distinct first words of the ASCII forms, lowercase.
    first_words: Vec<String>,
    /// The finder of `first_words` for short texts (an NFA, quick to build), built on first use.
    nfa: OnceLock<Option<FirstWords>>,
    /// The finder for long texts (a DFA, slower to build and quicker to run).
    dfa: OnceLock<Option<FirstWords>>,
    /// For each first word, in the automaton's pattern order, the words of the forms starting
    /// with it, longest form first.
    ascii_forms: Vec<Vec<Vec<String>>>,
    /// Alternations of at most [`FORMS_PER_PATTERN`] other forms each, longest forms first.
    patterns: Vec<Regex>,
    /// Folded form → the index of the person it belongs to.
    person_of: BTreeMap<String, usize>,
}

impl People {
    /// Collects the forms of `people` and builds their matchers.
    pub(super) fn new(people: &[Person]) -> Result<People, RedactionError> {
        let mut by_first_word: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        let mut other_forms = Vec::new();
        let mut person_of = BTreeMap::new();
        for (index, person) in people.iter().enumerate() {
            for form in forms_of(person) {
                if let Entry::Vacant(slot) = person_of.entry(fold(form)) {
                    slot.insert(index);
                    if form.is_ascii() {
                        let words: Vec<String> =
                            form.split_whitespace().map(str::to_owned).collect();
                        let first = words
                            .first()
                            .map_or_else(String::new, |w| w.to_ascii_lowercase());
                        by_first_word.entry(first).or_default().push(words);
                    } else {
                        other_forms.push(form);
                    }
                }
            }
        }
        let first_words: Vec<String> = by_first_word.keys().cloned().collect();
        let ascii_forms = by_first_word
            .into_values()
            .map(|mut forms| {
                forms.sort_by_key(|words| Reverse(words.iter().map(String::len).sum::<usize>()));
                forms
            })
            .collect();
        other_forms.sort_by_key(|form| Reverse(form.len()));
        let patterns = other_forms
            .chunks(FORMS_PER_PATTERN)
            .map(people_pattern)
            .collect::<Result<_, _>>()?;
        Ok(People {
            first_words,
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            ascii_forms,
            patterns,
            person_of,
        })
    }

    /// Adds every whole-word occurrence of a person's form in `text` to `out`.
    pub(super) fn find(&self, text: &str, out: &mut Vec<Found>) {
        let check = |range: Range<usize>| {
            if !stands_alone_as_a_name(text, &range) || continues_an_address(text, &range) {
                return None;
            }
            // Case folding in the pattern and in `fold` can disagree on rare characters; such a
            // match is still redacted, as a person of its own.
            let person = self.person_of.get(&fold(&text[range.clone()])).map(|&index| PersonKey::Listed(index));
            Some(Found {
                kind: PiiKind::Person,
                name: Name::Fixed("person"),
                range,
                person,
            })
        };
        self.find_ascii(text, &check, out);
        for pattern in &self.patterns {
            let locate = |at| pattern.find_at(text, at).map(|form| form.range());
            scan(text, locate, check, out);
        }
    }

    /// The automaton that finds the first words in a text of `len` bytes; `None` without ASCII
    /// forms.
    fn first_words_automaton(&self, len: usize) -> Option<&FirstWords> {
        if self.first_words.is_empty() {
            return None;
        }
        let (slot, kind) = if len > TRIGGER_CHECK_BYTES {
            (&self.dfa, AhoCorasickKind::DFA)
        } else {
            (&self.nfa, AhoCorasickKind::ContiguousNFA)
        };
        slot.get_or_init(|| FirstWords::new(&self.first_words, kind))
            .as_ref()
    }

    /// The ASCII forms: wherever a first word occurs, the longest of its forms whose other
    /// words follow and that stands alone.
    fn find_ascii(
        &self,
        text: &str,
        check: &impl Fn(Range<usize>) -> Option<Found>,
        out: &mut Vec<Found>,
    ) {
        let Some(first_words) = self.first_words_automaton(text.len()) else {
            return;
        };
        let mut kept_end = 0;
        for (start, word) in first_words.hits(text, &self.first_words) {
            if start < kept_end {
                continue;
            }
            let Some(forms) = self.ascii_forms.get(word) else {
                continue;
            };
            let after = start + self.first_words.get(word).map_or(0, String::len);
            let found = forms.iter().find_map(|words| {
                let end = rest_of_form(text, after, words.get(1..).unwrap_or_default())?;
                check(start..end)
            });
            if let Some(found) = found {
                kept_end = found.range.end;
                out.push(found);
            }
        }
    }
}

/// The most literals searched with the SIMD searcher (Teddy) instead of an automaton.
pub(super) const MAX_PACKED_LITERALS: usize = 64;

/// Finds the next occurrence of any of a set of literals.
pub(super) enum Literals {
    /// Teddy, where the target has it and the literals are few (its own searcher falls back to
    /// Rabin-Karp elsewhere).
    Packed(aho_corasick::packed::Searcher),
    /// An Aho-Corasick automaton.
    Automaton(AhoCorasick),
}

impl Literals {
    /// The searcher of `literals`, with an automaton of `kind` when it is not Teddy.
    fn new<L: AsRef<[u8]>>(literals: &[L], kind: AhoCorasickKind) -> Option<Literals> {
        if literals.len() <= MAX_PACKED_LITERALS {
            let packed = aho_corasick::packed::Config::new()
                .builder()
                .extend(literals)
                .build();
            if let Some(packed) = packed {
                return Some(Literals::Packed(packed));
            }
        }
        let automaton = AhoCorasick::builder()
            .kind(Some(kind))
            .build(literals)
            .ok()?;
        Some(Literals::Automaton(automaton))
    }

    /// The leftmost occurrence at or after `at` (the earliest literal where several start
    /// there), as its start and the literal's index.
    fn find_at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let hit = match self {
            Literals::Packed(searcher) => {
                searcher.find_in(text, aho_corasick::Span::from(at..text.len()))?
            }
            Literals::Automaton(automaton) => {
                automaton.find(aho_corasick::Input::new(text).range(at..))?
            }
        };
        Some((hit.start(), hit.pattern().as_usize()))
    }
}

/// The most case variants of first-word prefixes searched case-sensitively (Teddy, the SIMD
/// searcher, takes up to 64 patterns; it does not work ignoring case).
pub(super) const MAX_PREFIX_VARIANTS: usize = 64;

/// Finds where the first words of people's ASCII forms occur, ignoring ASCII case.
pub(super) enum FirstWords {
    /// Every case variant of a short prefix of each first word, searched case-sensitively (so
    /// the SIMD prefilter runs); each hit is then compared with the whole word. All prefixes
    /// have one length.
    Prefixes {
        /// The prefixes' case variants.
        automaton: Literals,
        /// For each variant, in pattern order, the indexes of the first words it starts.
        words: Vec<Vec<usize>>,
    },
    /// The first words themselves, ignoring ASCII case (for many people).
    Words(AhoCorasick),
}

impl FirstWords {
    /// The finder of `first_words` (lowercase), with automata of `kind`.
    fn new(first_words: &[String], kind: AhoCorasickKind) -> Option<FirstWords> {
        let prefix_len = first_words.iter().map(String::len).min()?.min(3);
        let mut variants: BTreeMap<Vec<u8>, Vec<usize>> = BTreeMap::new();
        for (index, word) in first_words.iter().enumerate() {
            for variant in case_variants(word.as_bytes().get(..prefix_len)?) {
                variants.entry(variant).or_default().push(index);
            }
        }
        if variants.len() <= MAX_PREFIX_VARIANTS {
            let keys: Vec<&Vec<u8>> = variants.keys().collect();
            let automaton = Literals::new(&keys, kind)?;
            return Some(FirstWords::Prefixes {
                automaton,
                words: variants.into_values().collect(),
            });
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(LiteralMatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(first_words)
            .ok()?;
        Some(FirstWords::Words(automaton))
    }

    /// Where a first word occurs in `text` and which (the longest at each start), leftmost
    /// first.
    fn hits(&self, text: &str, first_words: &[String]) -> Vec<(usize, usize)> {
        match self {
            FirstWords::Words(automaton) => automaton
                .find_iter(text)
                .map(|hit| (hit.start(), hit.pattern().as_usize()))
                .collect(),
            FirstWords::Prefixes { automaton, words } => {
                let mut out = Vec::new();
                let mut at = 0;
                while let Some((start, pattern)) = automaton.find_at(text, at) {
                    at = start + 1;
                    let longest = words
                        .get(pattern)
                        .into_iter()
                        .flatten()
                        .filter(|&&word| {
                            let word = first_words[word].as_bytes();
                            text.as_bytes()
                                .get(start..start + word.len())
                                .is_some_and(|found| found.eq_ignore_ascii_case(word))
                        })
                        .max_by_key(|&&word| first_words[word].len());
                    out.extend(longest.map(|&word| (start, word)));
                }
                out
            }
        }
    }
}

/// Every ASCII upper and lower case spelling of `bytes` (at most 8 for 3 letters).
pub(super) fn case_variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut variants = vec![Vec::with_capacity(bytes.len())];
    for &byte in bytes {
        let (lower, upper) = (byte.to_ascii_lowercase(), byte.to_ascii_uppercase());
        variants = variants
            .into_iter()
            .flat_map(|prefix| {
                let mut spellings = vec![[prefix.as_slice(), &[lower]].concat()];
                if upper != lower {
                    spellings.push([prefix.as_slice(), &[upper]].concat());
                }
                spellings
            })
            .collect();
    }
    variants
}

/// Where the words `rest` of a form end when they follow `at` in `text`, each after a run of
/// whitespace and ignoring ASCII case; `None` if they do not.
pub(super) fn rest_of_form(text: &str, at: usize, rest: &[String]) -> Option<usize> {
    let mut at = at;
    for word in rest {
        let gap = text[at..]
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(text.len() - at, |(i, _)| i);
        if gap == 0 {
            return None;
        }
        at += gap;
        let candidate = text.as_bytes().get(at..at + word.len())?;
        if !candidate.eq_ignore_ascii_case(word.as_bytes()) {
            return None;
        }
        at += word.len();
    }
    Some(at)
}

/// Whether a person's form at `range` stands alone (no letter, digit or `_` glued to either
/// end), except where the
/// form and the text around it change script into one written without spaces between words
/// (Chinese, Japanese): there a name is glued to its neighbours, `田中 陽子さん`, `Ann Leeさん`
/// (an honorific such as `さん` follows a name directly).
pub(super) fn stands_alone_as_a_name(text: &str, range: &Range<usize>) -> bool {
    // Korean is written with spaces, but an honorific or a particle is glued to a name
    // (`김민지님이`).
    let glues = |c: char| is_unspaced_script(c) || is_hangul(c);
    // (An ʻokina before a name is no letter of a word it would be glued to: Tongan `ʻAlisi`.)
    let word = |c: char| (c.is_alphanumeric() && !matches!(c, 'ʻ' | 'ʼ')) || c == '_';
    let form = &text[range.clone()];
    // A two-character Chinese name is also a word (`高峰`, "peak"): only longer forms are taken
    // glued to such text.
    let long_enough = form.chars().filter(|c| !c.is_whitespace()).count() > 2;
    let glued_ok = |neighbour: Option<char>, edge: Option<char>| match neighbour {
        Some(c) if word(c) => long_enough && (glues(c) || edge.is_some_and(glues)),
        _ => true,
    };
    glued_ok(text[..range.start].chars().next_back(), form.chars().next())
        && glued_ok(text[range.end..].chars().next(), form.chars().next_back())
}

/// A person's usable forms: display name, email, account id (trimmed, long enough).
pub(super) fn forms_of(person: &Person) -> Vec<&str> {
    [
        Some(person.display_name.as_str()),
        person.email.as_deref(),
        Some(person.account_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|form| form.chars().count() >= MIN_PERSON_FORM_CHARS)
    .collect()
}

/// The comparison key of a form: lowercase, whitespace collapsed to single spaces.
pub(super) fn fold(form: &str) -> String {
    form.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One case-insensitive alternation of the escaped `forms`, longest first; [`stands_alone_as_a_name`]
/// checks the word boundaries afterwards (a Unicode `\b` or `\W` in the pattern would make it
/// many times larger to compile and keep the fast DFA off any text that is not pure ASCII). Any
/// run of whitespace matches the whitespace inside a name, so a name broken across lines is found
/// too.
pub(super) fn people_pattern(forms: &[&str]) -> Result<Regex, RedactionError> {
    let alternatives: Vec<String> = forms
        .iter()
        .map(|form| {
            form.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    RegexBuilder::new(&alternatives.join("|"))
        .case_insensitive(true)
        .build()
        .map_err(|_| {
            RedactionError::PolicyTooLarge(
                "the people's names, emails and account ids exceed the pattern size limit".into(),
            )
        })
}

/// Whether a matched email address is only part of a longer one (`x.ann@example.com`,
/// `ann@example.com.evil`), which is another address.
pub(super) fn continues_an_address(text: &str, range: &Range<usize>) -> bool {
    if !text[range.clone()].contains('@') {
        return false;
    }
    let before = matches!(
        &text.as_bytes()[..range.start],
        [.., b'.' | b'_' | b'%' | b'+' | b'-']
    );
    let after = matches!(
        &text.as_bytes()[range.end..],
        [b'-' | b'_', ..] | [b'.', b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z', ..]
    );
    before || after
}
