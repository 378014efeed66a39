//! Redaction: personal data and secrets never reach an AI model (design promise P5).
//!
//! Before ticket or page text leaves the sandbox for a model, a [`Redactor`] replaces sensitive
//! values by placeholders such as `[EMAIL_1]`; when the model answers, it puts the original values
//! back. The placeholder map belongs to one request: it lives only in guest memory, is never
//! serialized, and the redactor's `Debug` output shows counts, never values.
//!
//! # Finding values
//!
//! Each detector is a regular expression followed by a validator (Luhn, octet ranges, entropy,
//! the shape of a phone number). Matching uses the `regex` crate, whose time is linear in the
//! text — no backtracking — so hostile input cannot stall the engine. The fixed patterns are
//! compiled once per process, and a [`RegexSet`] first tells which of them occur at all, so a
//! text is scanned only by the detectors that can find something. The people of a request (their
//! display names, also written as `@Display Name` mentions, emails and account ids) form a few
//! more patterns, built per redactor from escaped literals.
//!
//! # Overlaps
//!
//! Candidates may overlap: a person's email is also an email, an AWS key assignment is also a
//! secret. They are resolved by priority, highest first:
//!
//! 1. `Person`
//! 2. `AwsAccessKey`
//! 3. `GenericSecret`
//! 4. `Email`
//! 5. `CreditCard`
//! 6. `IpAddress`
//! 7. `Phone`
//!
//! A candidate is kept unless it overlaps one kept before it; within a kind the longer candidate
//! goes first, and between equally long ones the leftmost. An allow-listed value still claims its
//! span (nothing inside it is redacted) but stays as written.
//!
//! # Placeholders
//!
//! Placeholders are numbered per kind in first-seen order (`[PHONE_1]`, `[PHONE_2]`, …) and are
//! stable for the redactor's life: the same value always gets the same placeholder, and every form
//! of one person shares that person's placeholder, which restores to the display name. Their shape
//! (brackets, capitals, digits) survives models. A placeholder-shaped token already present in the
//! input is never issued afterwards, so restoring cannot turn it into a value.
//!
//! Adding a kind takes a variant of [`PiiKind`], a `Detector` in `DETECTORS` and an arm in
//! `priority` (the match is exhaustive, so the compiler asks for it).

use std::cmp::Reverse;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::{Range, RangeInclusive};
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet};
use thiserror::Error;

use crate::types::{KindCount, MAX_DOCUMENT_BYTES, Person, PiiKind};

/// The most allow-list entries a policy may have.
const MAX_ALLOW_ENTRIES: usize = 1_000;

/// The longest allow-list entry, in bytes.
const MAX_ALLOW_ENTRY_BYTES: usize = 256;

/// The most people one redactor accepts.
const MAX_PEOPLE: usize = 1_000;

/// The longest display name, email or account id of a person, in bytes.
const MAX_PERSON_FORM_BYTES: usize = 1_024;

/// How many people's forms share one pattern. The lazy DFA of a small alternation stays within
/// its cache; one alternation of thousands of forms thrashes it, and the regex falls back to an
/// engine two hundred times slower (measured at the limit of 1,000 people on a 5 MB text).
const FORMS_PER_PATTERN: usize = 64;

/// Names, emails and ids shorter than this (in characters) are not matched: they would hit
/// ordinary words.
const MIN_PERSON_FORM_CHARS: usize = 2;

/// The least Shannon entropy, in bits per character, of a secret value.
const MIN_SECRET_ENTROPY: f64 = 3.0;

/// How many digits a payment card number has.
const CARD_DIGITS: RangeInclusive<usize> = 13..=19;

/// How many digits a phone number has (E.164 allows at most 15).
const PHONE_DIGITS: RangeInclusive<usize> = 7..=15;

/// How far before a phone-number candidate a word such as "tel" or "call" counts, in bytes.
const PHONE_CONTEXT_BYTES: usize = 32;

/// A tenant's redaction policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Kinds that are not redacted for this tenant.
    pub disabled: Vec<PiiKind>,
    /// Exact values that pass unredacted (for example a public support address).
    pub allow: Vec<String>,
}

/// Why a redactor could not be made or used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RedactionError {
    /// The policy or the people list exceeds a limit; the message says which and the limit.
    #[error("policy too large: {0}")]
    PolicyTooLarge(String),
    /// The text is larger than the engine accepts (payload: the limit in bytes).
    #[error("text too large: the limit is {0} bytes")]
    TextTooLarge(u64),
}

/// The result of restoring placeholders in a model's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The text with every placeholder this redactor issued replaced by its original value.
    pub text: String,
    /// Placeholder-shaped tokens this redactor did not issue, left in place; deduplicated, in
    /// first-seen order.
    pub unknown: Vec<String>,
}

/// The placeholder map of one request.
///
/// It is never serialized, and its `Debug` output shows only counts.
pub struct Redactor {
    /// Kinds left alone.
    disabled: Vec<PiiKind>,
    /// Values left alone.
    allow: BTreeSet<String>,
    /// The people of this request.
    people: People,
    /// Kind and original value → placeholder.
    issued: BTreeMap<(PiiKind, String), String>,
    /// Placeholder → original value.
    originals: BTreeMap<String, String>,
    /// Placeholder-shaped tokens seen in the input before they were issued; never issued.
    reserved: BTreeSet<String>,
    /// Numbering and counts per kind.
    tallies: BTreeMap<PiiKind, Tally>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}

impl Redactor {
    /// Builds the redactor of one request; `people` come from the ticket's structured fields.
    ///
    /// Fails with [`RedactionError::PolicyTooLarge`] when the allow-list, one of its entries or
    /// the people list exceeds its limit.
    pub fn new(policy: Policy, people: &[Person]) -> Result<Redactor, RedactionError> {
        check_limits(&policy, people)?;
        Ok(Redactor {
            disabled: policy.disabled,
            allow: policy.allow.into_iter().collect(),
            people: People::new(people)?,
            issued: BTreeMap::new(),
            originals: BTreeMap::new(),
            reserved: BTreeSet::new(),
            tallies: BTreeMap::new(),
        })
    }

    /// Replaces every sensitive value in `text` by its placeholder.
    ///
    /// Fails with [`RedactionError::TextTooLarge`] when `text` exceeds
    /// [`MAX_DOCUMENT_BYTES`].
    pub fn redact(&mut self, text: &str) -> Result<String, RedactionError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(RedactionError::TextTooLarge(MAX_DOCUMENT_BYTES as u64));
        }
        self.reserve_placeholders_in(text);
        let found = self.find(text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for value in &found {
            out.push_str(&text[at..value.range.start]);
            out.push_str(&self.placeholder(value.kind, &value.restores_to));
            at = value.range.end;
        }
        out.push_str(&text[at..]);
        Ok(out)
    }

    /// Replaces the placeholders this redactor issued by their original values, in one
    /// left-to-right pass (a restored value is never read again, so nothing cascades). A person's
    /// placeholder restores to the display name, whichever form of the person it replaced.
    pub fn restore(&self, text: &str) -> Restored {
        self.restore_with(text, str::to_owned)
    }

    /// Like [`Redactor::restore`], but each original value goes through `encode` first: for
    /// markup, pass an escaper, so a restored value can never open a tag.
    pub fn restore_with(&self, text: &str, encode: impl Fn(&str) -> String) -> Restored {
        let mut out = String::with_capacity(text.len());
        let mut unknown = Vec::new();
        let mut seen = BTreeSet::new();
        let mut at = 0;
        for token in compiled().placeholder.find_iter(text) {
            out.push_str(&text[at..token.start()]);
            match self.originals.get(token.as_str()) {
                Some(original) => out.push_str(&encode(original)),
                None => {
                    out.push_str(token.as_str());
                    if seen.insert(token.as_str()) {
                        unknown.push(token.as_str().to_owned());
                    }
                }
            }
            at = token.end();
        }
        out.push_str(&text[at..]);
        Restored { text: out, unknown }
    }

    /// What was redacted so far: one entry per kind that occurred, in [`PiiKind::ALL`] order.
    pub fn counts(&self) -> Vec<KindCount> {
        PiiKind::ALL
            .iter()
            .filter_map(|&kind| {
                let tally = self.tallies.get(&kind)?;
                Some(KindCount {
                    kind,
                    distinct: tally.distinct,
                    occurrences: tally.occurrences,
                })
            })
            .collect()
    }

    /// How many occurrences were replaced in total.
    pub fn total(&self) -> u32 {
        self.tallies
            .values()
            .fold(0, |sum, tally| sum.saturating_add(tally.occurrences))
    }

    /// Remembers the placeholder-shaped tokens of `text` that were not issued, so they never are.
    fn reserve_placeholders_in(&mut self, text: &str) {
        for token in compiled().placeholder.find_iter(text) {
            if !self.originals.contains_key(token.as_str()) {
                self.reserved.insert(token.as_str().to_owned());
            }
        }
    }

    /// The values to replace in `text`, overlaps resolved, allowed values dropped, leftmost first.
    fn find(&self, text: &str) -> Vec<Found> {
        let mut candidates = Vec::new();
        if self.enabled(PiiKind::Person) {
            self.people.find(text, &mut candidates);
        }
        let patterns = compiled();
        for index in patterns.any.matches(text).iter() {
            let detector = &DETECTORS[index];
            if self.enabled(detector.kind) {
                let regex = patterns.detector(index);
                let locate = |at| regex.find_at(text, at).map(|m| m.range());
                let check = |range| {
                    (detector.check)(text, range).map(|r| Found::at(detector.kind, r, text))
                };
                scan(text, locate, check, &mut candidates);
            }
        }
        resolve(candidates)
            .into_iter()
            .filter(|found| !self.allow.contains(&text[found.range.clone()]))
            .collect()
    }

    /// Whether `kind` is redacted under this policy.
    fn enabled(&self, kind: PiiKind) -> bool {
        !self.disabled.contains(&kind)
    }

    /// The placeholder of `value`, issuing the next free one of `kind` on first sight.
    fn placeholder(&mut self, kind: PiiKind, value: &str) -> String {
        let tally = self.tallies.entry(kind).or_default();
        tally.occurrences = tally.occurrences.saturating_add(1);
        let key = (kind, value.to_owned());
        if let Some(placeholder) = self.issued.get(&key) {
            return placeholder.clone();
        }
        tally.distinct += 1;
        let placeholder = next_free_placeholder(kind, &mut tally.last_number, &self.reserved);
        self.originals.insert(placeholder.clone(), value.to_owned());
        self.issued.insert(key, placeholder.clone());
        placeholder
    }
}

/// Numbering and counts of one kind.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// The number of the last placeholder issued.
    last_number: u32,
    /// Distinct values.
    distinct: u32,
    /// Occurrences replaced.
    occurrences: u32,
}

/// The next placeholder of `kind` after `last_number` that is not reserved; advances the number.
fn next_free_placeholder(
    kind: PiiKind,
    last_number: &mut u32,
    reserved: &BTreeSet<String>,
) -> String {
    loop {
        *last_number += 1;
        let placeholder = format!("[{}_{}]", kind.label(), last_number);
        if !reserved.contains(&placeholder) {
            return placeholder;
        }
    }
}

/// Refuses a policy or people list over the limits.
fn check_limits(policy: &Policy, people: &[Person]) -> Result<(), RedactionError> {
    let too_large = |message: String| Err(RedactionError::PolicyTooLarge(message));
    if policy.allow.len() > MAX_ALLOW_ENTRIES {
        return too_large(format!(
            "allow-list has {} entries; the limit is {MAX_ALLOW_ENTRIES}",
            policy.allow.len()
        ));
    }
    if let Some((index, entry)) = policy
        .allow
        .iter()
        .enumerate()
        .find(|(_, entry)| entry.len() > MAX_ALLOW_ENTRY_BYTES)
    {
        return too_large(format!(
            "allow-list entry {} has {} bytes; the limit is {MAX_ALLOW_ENTRY_BYTES}",
            index + 1,
            entry.len()
        ));
    }
    if people.len() > MAX_PEOPLE {
        return too_large(format!(
            "people list has {} entries; the limit is {MAX_PEOPLE}",
            people.len()
        ));
    }
    let long_form = people.iter().enumerate().find_map(|(index, person)| {
        let form = forms_of(person)
            .into_iter()
            .find(|form| form.len() > MAX_PERSON_FORM_BYTES)?;
        Some((index, form.len()))
    });
    if let Some((index, bytes)) = long_form {
        return too_large(format!(
            "person {} has a name, email or account id of {bytes} bytes; the limit is \
             {MAX_PERSON_FORM_BYTES}",
            index + 1
        ));
    }
    Ok(())
}

/// A value to replace: its kind, where it is, and what its placeholder restores to.
struct Found {
    /// The kind.
    kind: PiiKind,
    /// The byte range in the text.
    range: Range<usize>,
    /// The original value (for a person, the display name).
    restores_to: String,
}

impl Found {
    /// A value that restores to exactly the text it replaces.
    fn at(kind: PiiKind, range: Range<usize>, text: &str) -> Found {
        let restores_to = text[range.clone()].to_owned();
        Found {
            kind,
            range,
            restores_to,
        }
    }
}

/// The rank of `kind` when candidates overlap; lower wins (see the module documentation).
fn priority(kind: PiiKind) -> u8 {
    match kind {
        PiiKind::Person => 0,
        PiiKind::AwsAccessKey => 1,
        PiiKind::GenericSecret => 2,
        PiiKind::Email => 3,
        PiiKind::CreditCard => 4,
        PiiKind::IpAddress => 5,
        PiiKind::Phone => 6,
    }
}

/// Keeps the candidates that win their span by priority, then length, then position; returns
/// them leftmost first.
fn resolve(mut candidates: Vec<Found>) -> Vec<Found> {
    candidates.sort_by_key(|c| (priority(c.kind), Reverse(c.range.len()), c.range.start));
    let mut taken = BTreeMap::new();
    let mut kept = Vec::new();
    for candidate in candidates {
        if !overlaps_taken(&taken, &candidate.range) {
            taken.insert(candidate.range.start, candidate.range.end);
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|c| c.range.start);
    kept
}

/// Whether `range` overlaps one of the disjoint spans in `taken` (start → end).
///
/// Of the spans starting before `range` ends, the last one reaches furthest, so it is the only
/// one to check.
fn overlaps_taken(taken: &BTreeMap<usize, usize>, range: &Range<usize>) -> bool {
    taken
        .range(..range.end)
        .next_back()
        .is_some_and(|(_, &end)| end > range.start)
}

/// Collects the accepted candidates of one pattern: `locate` finds the next non-empty candidate
/// at or after a byte position of `text`, `check` accepts it or not. After a rejected candidate
/// the search resumes one character later, so it does not hide a valid one inside it.
fn scan(
    text: &str,
    locate: impl Fn(usize) -> Option<Range<usize>>,
    check: impl Fn(Range<usize>) -> Option<Found>,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    while let Some(candidate) = locate(at).filter(|c| c.start < c.end) {
        let next = candidate.start
            + text[candidate.start..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        match check(candidate.clone()) {
            Some(value) => {
                out.push(value);
                at = candidate.end;
            }
            None => at = next,
        }
    }
}

/// The people of one request as case-insensitive patterns over all their forms.
struct People {
    /// Alternations of at most [`FORMS_PER_PATTERN`] forms each, longest forms first.
    patterns: Vec<Regex>,
    /// Folded form → the value its placeholder restores to (the person's display name).
    restores_to: BTreeMap<String, String>,
}

impl People {
    /// Collects the forms of `people` and compiles their patterns.
    fn new(people: &[Person]) -> Result<People, RedactionError> {
        let mut forms = Vec::new();
        let mut restores_to = BTreeMap::new();
        for person in people {
            let person_forms = forms_of(person);
            let Some(&display) = person_forms.first() else {
                continue;
            };
            for form in person_forms {
                if let Entry::Vacant(slot) = restores_to.entry(fold(form)) {
                    slot.insert(display.to_owned());
                    forms.push(form);
                }
            }
        }
        forms.sort_by_key(|form| Reverse(form.len()));
        let patterns = forms
            .chunks(FORMS_PER_PATTERN)
            .map(people_pattern)
            .collect::<Result<_, _>>()?;
        Ok(People {
            patterns,
            restores_to,
        })
    }

    /// Adds every whole-word occurrence of a person's form in `text` to `out`.
    fn find(&self, text: &str, out: &mut Vec<Found>) {
        let check = |range: Range<usize>| {
            if continues_an_address(text, &range) {
                return None;
            }
            let matched = &text[range.clone()];
            // Case folding in the pattern and in `fold` can disagree on rare characters; such a
            // match is still redacted, as a value of its own.
            let restores_to = self
                .restores_to
                .get(&fold(matched))
                .map_or(matched, String::as_str);
            Some(Found {
                kind: PiiKind::Person,
                range,
                restores_to: restores_to.to_owned(),
            })
        };
        for pattern in &self.patterns {
            let locate = |at| {
                let form = pattern.captures_at(text, at)?.get(1)?;
                Some(form.range())
            };
            scan(text, locate, check, out);
        }
    }
}

/// A person's usable forms: display name, email, account id (trimmed, long enough).
fn forms_of(person: &Person) -> Vec<&str> {
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
fn fold(form: &str) -> String {
    form.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One case-insensitive alternation of the escaped `forms` (group 1) between non-word characters
/// or the ends of the text. The boundaries are characters the pattern consumes rather than `\b`
/// assertions: a Unicode `\b` keeps the fast DFA off any text that is not pure ASCII. Any run of
/// whitespace matches the whitespace inside a name, so a name broken across lines is found too.
fn people_pattern(forms: &[&str]) -> Result<Regex, RedactionError> {
    let alternatives: Vec<String> = forms
        .iter()
        .map(|form| {
            form.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    RegexBuilder::new(&format!(r"(?:\A|\W)({})(?:\W|\z)", alternatives.join("|")))
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
fn continues_an_address(text: &str, range: &Range<usize>) -> bool {
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

/// Checks a match of a detector's pattern: the span to replace, or `None` to reject it.
type Check = fn(&str, Range<usize>) -> Option<Range<usize>>;

/// One detector of the fixed set.
struct Detector {
    /// What it finds.
    kind: PiiKind,
    /// Where candidates are.
    pattern: &'static str,
    /// Which candidates are values, and which part of them to replace.
    check: Check,
}

/// The fixed detectors. Their patterns use ASCII classes and ASCII word boundaries so the fast
/// DFA engines serve any text.
const DETECTORS: [Detector; 6] = [
    Detector {
        kind: PiiKind::Email,
        pattern: EMAIL,
        check: keep,
    },
    Detector {
        kind: PiiKind::Phone,
        pattern: PHONE,
        check: check_phone,
    },
    Detector {
        kind: PiiKind::CreditCard,
        pattern: CARD,
        check: check_card,
    },
    Detector {
        kind: PiiKind::IpAddress,
        pattern: IPV4,
        check: check_ipv4,
    },
    Detector {
        kind: PiiKind::AwsAccessKey,
        pattern: AWS_ACCESS_KEY,
        check: keep,
    },
    Detector {
        kind: PiiKind::GenericSecret,
        pattern: SECRET_ASSIGNMENT,
        check: check_secret,
    },
];

/// An email address with a dotted domain.
const EMAIL: &str = concat!(
    r"[A-Za-z0-9_][A-Za-z0-9._%+-]*@",
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?-u:\b)",
);

/// A phone-number candidate: international (`+CC` then groups, parentheses allowed), national in
/// groups (optionally an area code in parentheses), or a bare run of digits; [`check_phone`]
/// decides.
const PHONE: &str = concat!(
    r"(?:\+[0-9]{1,3}(?:[ .-]?(?:\([0-9]{1,4}\)|[0-9]{1,6})){1,6}",
    r"|(?:\([0-9]{2,5}\)[ ]?|(?-u:\b)[0-9]{1,5}[ ./-])[0-9]{2,8}(?:[ .-][0-9]{2,8}){0,4}",
    r"|(?-u:\b)[0-9]{7,15})(?-u:\b)",
);

/// A card number: contiguous, in groups of four (up to 19 digits), or grouped 4-6-4/5 (Amex,
/// Diners).
const CARD: &str = concat!(
    r"(?-u:\b)(?:[0-9]{13,19}",
    r"|[0-9]{4}(?:[ -][0-9]{4}){2}[ -][0-9]{1,4}(?:[ -][0-9]{3})?",
    r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})(?-u:\b)",
);

/// Four dotted groups of one to three digits.
const IPV4: &str = r"(?-u:\b)[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?-u:\b)";

/// An AWS access key id.
const AWS_ACCESS_KEY: &str = r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?-u:\b)";

/// A key naming a secret (`password`, `db_password`, `api-key`, `GITHUB_TOKEN`, a quoted JSON
/// key …), `:` or `=`, and a value of at least eight characters without spaces or quotes.
const SECRET_ASSIGNMENT: &str = concat!(
    r"(?i)(?-u:\b)[a-z0-9_.-]*",
    r"(?:pass(?:word|wd|phrase)|pwd|secret|token|credentials?",
    r"|api[_-]?key|access[_-]?key|private[_-]?key)",
    r#"(?:[_.-][a-z0-9]+)*["']?[ \t]*[:=][ \t]*["']?[^\s"'`]{8,}"#,
);

/// A placeholder-shaped token, issued or not.
const PLACEHOLDER: &str = r"\[[A-Z_]+_[0-9]+\]";

/// Words that, shortly before a digit sequence, mark it as a phone number.
const PHONE_CONTEXT: &str = concat!(
    r"(?i)(?-u:\b)(?:tel(?:ephone|efon)?|ph|phone|mobile|mob|cell(?:phone)?|fax",
    r"|call(?:ed|ing)?|sms|whatsapp)s?(?-u:\b)",
);

/// The fixed patterns, compiled once per instance. The component gets a fresh instance per
/// request, so compiling is on every request's path: the one-pass set is always needed, but a
/// detector's own regex (and the phone context) is compiled only when the set says its pattern
/// occurs — most texts hold no card number, address or secret, and each compile costs hundreds
/// of microseconds.
struct Compiled {
    /// Every detector's pattern, to learn which occur at all.
    any: RegexSet,
    /// Every detector's pattern, in `DETECTORS` order, compiled on first use.
    each: Vec<OnceLock<Regex>>,
    /// [`PLACEHOLDER`].
    placeholder: Regex,
    /// [`PHONE_CONTEXT`], compiled on first use.
    phone_context: OnceLock<Regex>,
}

impl Compiled {
    /// The regex of detector `index`.
    fn detector(&self, index: usize) -> &Regex {
        self.each[index].get_or_init(|| fixed(DETECTORS[index].pattern))
    }

    /// The phone-context regex.
    fn phone_context(&self) -> &Regex {
        self.phone_context.get_or_init(|| fixed(PHONE_CONTEXT))
    }
}

/// Compiles a fixed pattern; they are constants covered by the tests, so failing is a bug.
fn fixed(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a fixed redaction pattern compiles")
}

/// The fixed patterns; they are constants covered by the tests, so failing to compile is a bug.
fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| Compiled {
        any: RegexSet::new(DETECTORS.iter().map(|d| d.pattern))
            .expect("the redaction set compiles"),
        each: DETECTORS.iter().map(|_| OnceLock::new()).collect(),
        placeholder: fixed(PLACEHOLDER),
        phone_context: OnceLock::new(),
    })
}

/// Accepts the whole match.
fn keep(_: &str, found: Range<usize>) -> Option<Range<usize>> {
    Some(found)
}

/// Accepts a card number with a known brand prefix and a valid Luhn check digit.
fn check_card(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let digits: Vec<u8> = text[found.clone()]
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let valid =
        CARD_DIGITS.contains(&digits.len()) && known_card_brand(&digits) && luhn_valid(&digits);
    valid.then_some(found)
}

/// Visa 4, Mastercard 51–55 and 2221–2720, Amex 34 and 37, Discover 6011 and 65.
fn known_card_brand(digits: &[u8]) -> bool {
    let prefix = |len: usize| {
        digits
            .iter()
            .take(len)
            .fold(0u32, |n, &d| n * 10 + u32::from(d))
    };
    let (two, four) = (prefix(2), prefix(4));
    digits.first() == Some(&4)
        || (51..=55).contains(&two)
        || (2221..=2720).contains(&four)
        || two == 34
        || two == 37
        || four == 6011
        || two == 65
}

/// The Luhn checksum: doubling every second digit from the right, the sum is a multiple of ten.
fn luhn_valid(digits: &[u8]) -> bool {
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

/// Accepts four octets of 0–255 that are not part of a longer dotted sequence (a version).
fn check_ipv4(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let octets_valid = text[found.clone()]
        .split('.')
        .all(|octet| octet.parse::<u8>().is_ok());
    (octets_valid && !continues_a_number(text, &found, b".")).then_some(found)
}

/// Whether the match continues a number on either side: a digit and one of `separators` just
/// before it (`1.` in `1.2.3.4.5`) or just after it.
fn continues_a_number(text: &str, found: &Range<usize>, separators: &[u8]) -> bool {
    let joins =
        |digit: &u8, separator: &u8| digit.is_ascii_digit() && separators.contains(separator);
    let before = matches!(&text.as_bytes()[..found.start], [.., digit, separator] if joins(digit, separator));
    let after =
        matches!(&text.as_bytes()[found.end..], [separator, digit, ..] if joins(digit, separator));
    before || after
}

/// Replaces only the value of a secret assignment, when it looks random enough.
fn check_secret(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let assignment = &text[found.clone()];
    let separator = assignment.find([':', '='])?;
    let after = &assignment[separator + 1..];
    let value_offset =
        separator + 1 + after.find(|c: char| !matches!(c, ' ' | '\t' | '"' | '\''))?;
    let value = &assignment[value_offset..];
    (shannon_entropy(value) >= MIN_SECRET_ENTROPY).then_some(found.start + value_offset..found.end)
}

/// The Shannon entropy of `value`'s characters, in bits per character.
fn shannon_entropy(value: &str) -> f64 {
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for c in value.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let total = counts.values().sum::<usize>() as f64;
    counts
        .values()
        .map(|&count| {
            let p = count as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// Accepts a phone number: 7–15 digits, not part of a longer number, a date or a dotted version,
/// and either international (`+`), preceded by a phone word ("tel", "call" …), or in a national
/// shape.
fn check_phone(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let candidate = &text[found.clone()];
    let groups: Vec<&str> = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    if !PHONE_DIGITS.contains(&digits)
        || continues_a_number(text, &found, b".-/")
        || follows_a_digit_group(text, found.start)
        || looks_like_date(&groups)
    {
        return None;
    }
    let accepted = candidate.starts_with('+')
        || (!looks_like_dotted_number(candidate, &groups)
            && (has_phone_context(text, found.start) || national_shape(&groups)));
    accepted.then_some(found)
}

/// Whether a digit and a space stand just before `start`: the candidate is the tail of a longer
/// run of digit groups (which was rejected as a whole).
fn follows_a_digit_group(text: &str, start: usize) -> bool {
    matches!(&text.as_bytes()[..start], [.., b'0'..=b'9', b' '])
}

/// Three groups with a four-digit year first or last and at most two digits elsewhere.
fn looks_like_date(groups: &[&str]) -> bool {
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    matches!(lengths.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4])
}

/// A dotted candidate with a one-digit group (a version, a decimal) or the shape of an IPv4
/// address.
fn looks_like_dotted_number(candidate: &str, groups: &[&str]) -> bool {
    let short_group = groups.iter().any(|group| group.len() < 2);
    let address_shape = groups.len() == 4 && groups.iter().all(|group| group.len() <= 3);
    candidate.contains('.') && (short_group || address_shape)
}

/// Grouped digits with a trunk prefix `0` (UK, DE, FR …) or the North American 3-3-4 shape,
/// optionally after the country code 1.
fn national_shape(groups: &[&str]) -> bool {
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
    let trunk_prefix =
        groups.len() > 1 && groups.first().is_some_and(|group| group.starts_with('0'));
    trunk_prefix || north_american
}

/// Whether a phone word ("tel", "phone", "call" …) stands shortly before `start`.
fn has_phone_context(text: &str, start: usize) -> bool {
    let from = (start.saturating_sub(PHONE_CONTEXT_BYTES)..=start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(start);
    compiled().phone_context().is_match(&text[from..start])
}

/// Turns numbered placeholders into generic ones (`[EMAIL_3]` → `[EMAIL]`). For text that is
/// stored and reused by later requests (index excerpts): a generic placeholder keeps the kind but
/// can never be restored to a later request's value.
pub fn strip_placeholder_numbers(text: &str) -> String {
    compiled()
        .placeholder
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let token = &caps[0];
            let kind = token.trim_start_matches('[').trim_end_matches(']').rsplit_once('_').map_or(token, |(kind, _)| kind);
            format!("[{kind}]")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    /// A ticket with a value of every kind, where people appear by display name only (so that
    /// restoring gives back exactly this text).
    const TICKET: &str = "\
Summary: checkout fails for Globex

Ann Lee reported on 2024-01-15 that checkout (v10.2.3) fails; @Bob Stone, please take a look.
The customer's admin is jane.doe@globex.com, phone +1 (415) 555-0132, office 020 7946 0958.
They paid with 4111 1111 1111 1111 and retried with 5555-5555-5555-4444.

Logs from 10.0.0.12 and 192.168.1.254 show the deploy used
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE and DB_PASSWORD=\"s3cr3t-V4lue!xZ\" (token: required).

Ann Lee: call jane.doe@globex.com back at +1 (415) 555-0132 before release 2.4.1.
";

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

    fn assert_untouched(text: &str) {
        assert_eq!(redacted(text), text);
    }

    fn policy_error(policy: Policy, people: &[Person]) -> String {
        match Redactor::new(policy, people) {
            Err(RedactionError::PolicyTooLarge(message)) => message,
            other => panic!("expected policy-too-large, got {other:?}"),
        }
    }

    #[test]
    fn redacts_email_addresses() {
        assert_eq!(
            redacted("Mail bob@example.com or Bob.Smith+ops@mail.example.co.uk."),
            "Mail [EMAIL_1] or [EMAIL_2]."
        );
    }

    #[test]
    fn leaves_at_signs_that_are_not_addresses_alone() {
        assert_untouched("Ping @team, run user@localhost, or see a@b.");
    }

    #[test]
    fn redacts_international_phone_numbers() {
        for phone in [
            "+1 (415) 555-0132",
            "+1.415.555.0132",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "+49 30 12345678",
            "+33 1 23 45 67 89",
            "+14155550132",
        ] {
            assert_eq!(
                redacted(&format!("Reach me on {phone}.")),
                "Reach me on [PHONE_1].",
                "{phone}"
            );
        }
    }

    #[test]
    fn redacts_national_phone_numbers() {
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
        ] {
            assert_eq!(
                redacted(&format!("Reach me on {phone}.")),
                "Reach me on [PHONE_1].",
                "{phone}"
            );
        }
    }

    #[test]
    fn leaves_versions_dates_and_ids_alone() {
        assert_untouched(
            "Release v10.2.3 (build 10.20.30, 2.10.100.1000) shipped 2024-01-15, 15.01.2024 \
             and 01/15/2024; see PAY-1423, order 123456789, pages 1000-2000, ZIP 94105-1234, \
             0.50 12345.",
        );
    }

    #[test]
    fn accepts_a_bare_digit_run_only_after_a_phone_word() {
        assert_eq!(
            redacted("Call 4155550132 or tel: 02079460958."),
            "Call [PHONE_1] or tel: [PHONE_2]."
        );
        assert_untouched("Order 4155550132 shipped.");
    }

    #[test]
    fn rejects_phone_numbers_with_too_few_or_too_many_digits() {
        assert_untouched("Call 555-013 or +1 415 555 0132 4567 8901.");
    }

    #[test]
    fn redacts_luhn_valid_cards_of_known_brands() {
        for card in [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "4222222222222",
            "4000 0000 0000 0000 006",
            "5555 5555 5555 4444",
            "2720 0000 0000 0005",
            "3782 822463 10005",
            "340000000000009",
            "6011111111111117",
            "6500 0000 0000 0002",
        ] {
            assert_eq!(
                redacted(&format!("Paid with {card}.")),
                "Paid with [CARD_1].",
                "{card}"
            );
        }
    }

    #[test]
    fn leaves_luhn_invalid_or_unbranded_numbers_alone() {
        assert_untouched("Not cards: 4111 1111 1111 1112, 1234 0000 0000 0006, 9000000000000001.");
    }

    #[test]
    fn finds_a_card_followed_by_more_digits() {
        assert_eq!(
            redacted("Card 4111 1111 1111 1111 2025 expired."),
            "Card [CARD_1] 2025 expired."
        );
    }

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
    }

    #[test]
    fn redacts_aws_access_key_ids() {
        assert_eq!(
            redacted("Keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A leaked."),
            "Keys [AWS_KEY_1] and [AWS_KEY_2] leaked."
        );
    }

    #[test]
    fn leaves_near_miss_key_ids_alone() {
        assert_untouched(
            "AKIAIOSFODNN7EXAMPL XAKIAIOSFODNN7EXAMPLE akiaiosfodnn7example AKIAIOSFODNN7EXAMPLE1",
        );
    }

    #[test]
    fn redacts_only_the_value_of_a_random_looking_secret() {
        let text = "password=Xk9#mQ2$vL7p\nDB_PASSWORD=\"s3cr3t-V4lue!\"\n\
                    {\"api_key\": \"sk_live_51Hx9aZ\"}\n\
                    apikey:abcdefgh12345 x-api-key: 9f8e7d6c5b4a3210 Secret: Zq8#Lm3!Rt6x";
        assert_eq!(
            redacted(text),
            "password=[SECRET_1]\nDB_PASSWORD=\"[SECRET_2]\"\n{\"api_key\": \"[SECRET_3]\"}\n\
             apikey:[SECRET_4] x-api-key: [SECRET_5] Secret: [SECRET_6]"
        );
    }

    #[test]
    fn leaves_short_or_low_entropy_secret_values_alone() {
        assert_untouched(
            "password=hunter, token: required, passwd: aaaaaaaaaaaa, secret: 12121212, \
             secretary: Kimberly7, the password is Xk9#mQ2$vL7p",
        );
    }

    #[test]
    fn needs_three_bits_of_entropy_per_character_in_a_secret() {
        assert_eq!(redacted("token=abcdefgh"), "token=[SECRET_1]");
        assert_untouched("token=abcdefgg");
    }

    #[test]
    fn redacts_every_form_of_a_person_with_one_placeholder() {
        let text = "Ann Lee (ann.lee@acme.io) asked @Ann Lee and ANN LEE; \
                    account 557058:f58131cb-b67d-43c7-b30d-6b58d40bd077 agreed with @Bob Stone.";
        assert_eq!(
            redacted(text),
            "[PERSON_1] ([PERSON_1]) asked @[PERSON_1] and [PERSON_1]; \
             account [PERSON_1] agreed with @[PERSON_2]."
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
            .redact("Annabel and Joann_Ann met Ann.")
            .expect("small text");
        assert_eq!(out, "Annabel and Joann_Ann met [PERSON_1].");
    }

    #[test]
    fn finds_a_name_broken_across_lines() {
        let mut redactor = redactor();
        let out = redactor.redact("Thanks, Ann\n  Lee!").expect("small text");
        assert_eq!(out, "Thanks, [PERSON_1]!");
        assert_eq!(redactor.restore(&out).text, "Thanks, Ann Lee!");
    }

    #[test]
    fn restores_every_form_of_a_person_as_the_display_name() {
        let mut redactor = redactor();
        let out = redactor
            .redact("ann.lee@acme.io / ann lee")
            .expect("small text");
        assert_eq!(redactor.restore(&out).text, "Ann Lee / Ann Lee");
    }

    #[test]
    fn does_not_take_a_longer_address_for_a_persons_email() {
        assert_eq!(
            redacted("x.ann.lee@acme.io and ann.lee@acme.io.evil.com"),
            "[EMAIL_1] and [EMAIL_2]"
        );
    }

    #[test]
    fn gives_a_persons_email_to_the_person_not_to_the_email_kind() {
        assert_eq!(redacted("Mail ann.lee@acme.io."), "Mail [PERSON_1].");
    }

    #[test]
    fn gives_an_aws_key_assignment_to_the_aws_key_kind() {
        assert_eq!(
            redacted("aws_access_key_id=AKIAIOSFODNN7EXAMPLE"),
            "aws_access_key_id=[AWS_KEY_1]"
        );
    }

    #[test]
    fn gives_a_card_number_priority_over_a_phone_number() {
        assert_eq!(redacted("call 4222222222222"), "call [CARD_1]");
    }

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
            .redact("Template: [EMAIL_1]; real: bob@example.com")
            .expect("small text");
        assert_eq!(out, "Template: [EMAIL_1]; real: [EMAIL_2]");
        let restored = redactor.restore(&out);
        assert_eq!(restored.text, "Template: [EMAIL_1]; real: bob@example.com");
        assert_eq!(restored.unknown, ["[EMAIL_1]"]);
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
            disabled: vec![PiiKind::Phone, PiiKind::IpAddress],
            ..Policy::default()
        };
        let mut redactor = redactor_for(policy, &[]);
        let out = redactor
            .redact("+1 (415) 555-0132 10.0.0.1 bob@example.com")
            .expect("small text");
        assert_eq!(out, "+1 (415) 555-0132 10.0.0.1 [EMAIL_1]");
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
    fn restores_a_realistic_text_exactly() {
        let mut redactor = redactor();
        let out = redactor.redact(TICKET).expect("small text");
        for value in [
            "Ann Lee",
            "Bob Stone",
            "jane.doe",
            "555-0132",
            "7946",
            "4111",
            "5555",
            "10.0.0.12",
            "AKIA",
            "s3cr3t",
        ] {
            assert!(!out.contains(value), "{value} leaked");
        }
        let restored = redactor.restore(&out);
        assert_eq!(restored.text, TICKET);
        assert!(restored.unknown.is_empty());
    }

    #[test]
    fn redacts_a_realistic_text() {
        let out = redacted(TICKET);
        expect![[r#"
            Summary: checkout fails for Globex

            [PERSON_1] reported on 2024-01-15 that checkout (v10.2.3) fails; @[PERSON_2], please take a look.
            The customer's admin is [EMAIL_1], phone [PHONE_1], office [PHONE_2].
            They paid with [CARD_1] and retried with [CARD_2].

            Logs from [IP_1] and [IP_2] show the deploy used
            AWS_ACCESS_KEY_ID=[AWS_KEY_1] and DB_PASSWORD="[SECRET_1]" (token: required).

            [PERSON_1]: call [EMAIL_1] back at [PHONE_1] before release 2.4.1.
        "#]].assert_eq(&out);
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
        let out = redactor.redact(text).expect("small text");
        assert_eq!(
            out,
            "Zoë’s host is [IP_1] — call [PHONE_1] ☎; 李雷 wrote to [PERSON_1]…"
        );
        assert_eq!(
            redactor.restore(&out).text,
            text.replace("ann.lee@acme.io", "Ann Lee")
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
                    distinct: 1,
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
    fn refuses_an_allow_list_over_the_limit() {
        let policy = Policy {
            allow: vec!["x".into(); 1_001],
            ..Policy::default()
        };
        assert_eq!(
            policy_error(policy, &[]),
            "allow-list has 1001 entries; the limit is 1000"
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
            "allow-list entry 2 has 257 bytes; the limit is 256"
        );
    }

    #[test]
    fn refuses_more_people_than_the_limit() {
        let people = vec![ann(); 1_001];
        assert_eq!(
            policy_error(Policy::default(), &people),
            "people list has 1001 entries; the limit is 1000"
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
            "person 2 has a name, email or account id of 1025 bytes; the limit is 1024"
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
    }

    #[test]
    fn restore_with_encodes_each_restored_value() {
        let people = [Person { account_id: "acc-1".into(), display_name: "Ann <Lee> & Co".into(), email: None }];
        let mut redactor = Redactor::new(Policy::default(), &people).unwrap();
        let text = redactor.redact("ask Ann <Lee> & Co").unwrap();
        assert_eq!(text, "ask [PERSON_1]");
        let restored = redactor.restore_with(&text, |v| v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
        assert_eq!(restored.text, "ask Ann &lt;Lee&gt; &amp; Co");
    }

    #[test]
    fn generic_placeholders_keep_the_kind_but_drop_the_number() {
        assert_eq!(strip_placeholder_numbers("to [EMAIL_3] and [AWS_KEY_12], not [x_1]"), "to [EMAIL] and [AWS_KEY], not [x_1]");
    }
}
