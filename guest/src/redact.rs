//! Redaction: personal data and secrets never reach an AI model (design promise P5).
//!
//! Before ticket or page text leaves the sandbox for a model, a [`Redactor`] replaces sensitive
//! values by placeholders such as `[EMAIL_1]`; when the model answers, it puts the original values
//! back. The placeholder map belongs to one request: it lives only in guest memory, is never
//! serialized, and the redactor's `Debug` output shows counts, never values.
//!
//! # Finding values
//!
//! Each detector is a regular expression that locates candidates, followed by a validator: Luhn
//! and brand lengths for cards, per-country lengths and mod-97 for IBANs, `std::net` parsing for
//! IPv6, number ranges for SSNs, the decoded header of a JWT, entropy for assigned secrets, the
//! shape of a phone number, context words where a format alone says too little.
//!
//! Detectors are searched in groups, each one multi-pattern regex (`regex_automata::meta`, the
//! engine under the `regex` crate) run in one pass, the pattern id of a match naming its
//! detector. A group is sized so that the regex crate can put a literal prefilter in front of its
//! automaton: every vendor pattern starts with a literal (`ghp_`, `AKIA`, `-----BEGIN`, the key
//! words of assignments in three spellings), and a few dozen literals per group still fit Teddy,
//! the SIMD multi-literal searcher, so those passes jump between literal hits instead of walking
//! every byte. Emails, URL credentials, IPv6 addresses and a few token formats are single
//! patterns whose inner literal (`@`, `://`, `:`) the regex crate searches for first. Cards,
//! IBANs, SSNs, IPv4 addresses, dashed MAC addresses and phone numbers share one group whose
//! candidates overlap, so a rejected candidate lets the later patterns try the same start; it
//! only searches the short spans around clusters of at least four digits, which a word-at-a-time
//! scan for digits finds far faster than an automaton could walk the prose between them.
//!
//! The component gets a fresh instance per request, so compiling is on every request's path.
//! Each group's regex is compiled on first use only — never when the policy disables all its
//! kinds, nor while the texts are short and hold none of its trigger literals. The people of the
//! request are found by a literal searcher over the (case variants of the) first words of their
//! names, emails and account ids, which costs microseconds to build; forms with letters outside
//! ASCII use a case-insensitive regex.
//!
//! Matching is linear in the text: the regex engines never backtrack, so hostile input cannot
//! stall the engine. After a rejected candidate the scan resumes one character later only for
//! the short, bounded patterns (digit groups, addresses); elsewhere it resumes after the
//! candidate, so no stretch of text is searched twice. A tenant's custom patterns are compiled
//! under a size limit and searched in windows of twice [`MAX_CUSTOM_MATCH_BYTES`], which bounds
//! even the patterns whose leftmost-first iteration the `regex` crate documents as quadratic
//! (`a*b|a` over a run of `a`s) to that many steps per byte.
//!
//! # Overlaps
//!
//! Candidates may overlap: a person's email is also an email, a `GITHUB_TOKEN=ghp_…` assignment is
//! also a password, a card number is also a run of digits. They are resolved by priority, highest
//! first (secrets, then people, then the tenant's patterns, then the rest):
//!
//! 1. `PrivateKey` — the whole block, which contains everything else
//! 2. `UrlCredentials`
//! 3. `Jwt`
//! 4. `ApiKey`
//! 5. `Password`
//! 6. `Person`
//! 7. `Custom`
//! 8. `Email`
//! 9. `CreditCard`
//! 10. `Iban`
//! 11. `Ssn`
//! 12. `IpAddress`
//! 13. `MacAddress`
//! 14. `Phone`
//!
//! A candidate is kept unless it overlaps one kept before it; within a kind the longer candidate
//! goes first, and between equally long ones the leftmost. An allow-listed value still claims its
//! span (nothing inside it is redacted) but stays as written.
//!
//! Every other occurrence of a value that was found (except people and custom matches, whose
//! patterns define word boundaries of their own) is replaced too, even where the detector did not
//! fire — `4111111111111111` glued to a letter, say — so the redacted text never contains a value
//! that was detected anywhere in it.
//!
//! # What is replaced
//!
//! Usually the whole match. Exceptions: for URL credentials (`scheme://user:pass@host`, database
//! URLs included) only `user:pass`; for assignments (`password=…`, `AWS_SECRET_ACCESS_KEY: …`,
//! `Authorization: Bearer …`, `Password=…;` in connection strings) only the value; for an Azure
//! SAS URL only the `sig` value. SSNs written `123-45-6789` are found anywhere; written
//! `123 45 6789` or `123456789` only after a word such as `SSN`.
//!
//! # Placeholders
//!
//! Placeholders are numbered per kind in first-seen order (`[PHONE_1]`, `[PHONE_2]`, …) and are
//! stable for the redactor's life: the same value always gets the same placeholder. Restoring
//! gives back the exact bytes, so two different strings never share a placeholder: the forms of
//! one person (display name, email, account id, a differently cased name) share the person's
//! number and are told apart by a second number (`[PERSON_1]`, `[PERSON_1_2]`, …). Their shape
//! (brackets, capitals, digits) survives models. A placeholder-shaped token already present in the
//! input is never issued afterwards, so restoring cannot turn it into a value.
//!
//! # Spans
//!
//! [`Redactor::detect`] reports what [`Redactor::redact`] would replace, as byte offsets with a
//! kind name: `email`, `phone`, `credit_card`, `iban`, `ip_address`, `ssn`, `url_credentials`,
//! `mac_address`, `private_key`, `jwt`, `password`, `person`, `api_key/<vendor>` and
//! `custom/<name>`.
//!
//! Adding a kind takes a variant of [`PiiKind`], a `Detector` in one of the groups and an arm in
//! `priority` (the match is exhaustive, so the compiler asks for it).

use std::cmp::Reverse;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::{Range, RangeInclusive};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::automaton::Automaton as _;
use aho_corasick::dfa::DFA as LiteralDfa;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored as LiteralAnchored, MatchKind as LiteralMatchKind};
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use regex::{Regex, RegexBuilder};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, PatternID, meta};
use thiserror::Error;

use crate::byte_set::{ByteSet, CHUNK};
use crate::romanize;
use crate::travel;
use crate::types::{KindCount, MAX_DOCUMENT_BYTES, Person, PiiKind};

/// The most allow-list entries a policy may have.
const MAX_ALLOW_ENTRIES: usize = 1_000;

/// The longest allow-list entry, in bytes.
const MAX_ALLOW_ENTRY_BYTES: usize = 256;

/// The most custom patterns a policy may have.
pub const MAX_CUSTOM_PATTERNS: usize = 50;

/// The longest custom pattern, in bytes.
pub const MAX_CUSTOM_PATTERN_BYTES: usize = 1_024;

/// The compiled size limit of one custom pattern (NFA and lazy DFA cache), in bytes.
pub const CUSTOM_PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// The longest match of a custom pattern, in bytes (a longer match is cut back to the pattern's
/// match within this many bytes). Each search covers at most twice this many bytes.
pub const MAX_CUSTOM_MATCH_BYTES: usize = 128;

/// The longest custom pattern name, in characters.
const MAX_CUSTOM_NAME_CHARS: usize = 32;

/// The most people one redactor accepts.
pub(crate) const MAX_PEOPLE: usize = 1_000;

/// The longest display name, email or account id of a person, in bytes.
pub(crate) const MAX_PERSON_FORM_BYTES: usize = 1_024;

/// How many people's forms with letters outside ASCII share one regex. The lazy DFA of a small
/// alternation stays within its cache; one alternation of thousands of forms thrashes it, and the
/// regex falls back to an engine two hundred times slower (measured at the limit of 1,000 people
/// on a 5 MB text).
const FORMS_PER_PATTERN: usize = 64;

/// Names, emails and ids shorter than this (in characters) are not matched: they would hit
/// ordinary words.
const MIN_PERSON_FORM_CHARS: usize = 2;

/// The least Shannon entropy, in bits per character, of an assigned secret value.
const MIN_SECRET_ENTROPY: f64 = 3.0;

/// The least length of an assigned secret value, in bytes.
const MIN_SECRET_BYTES: usize = 8;

/// The least Shannon entropy of a vendor token as a whole: below it the token is a mask such as
/// `ghp_xxxx…`.
const MIN_TOKEN_ENTROPY: f64 = 2.0;

/// How many digits a payment card number has.
const CARD_DIGITS: RangeInclusive<usize> = 12..=19;

/// How many digits a phone number has (E.164 allows at most 15).
const PHONE_DIGITS: RangeInclusive<usize> = 7..=15;

/// How far before a phone-number candidate a word such as "tel" or "call" counts, in bytes.
const PHONE_CONTEXT_BYTES: usize = 32;

/// How far before a candidate a context word (`SSN`, `twilio` …) counts, in bytes.
const CONTEXT_BYTES: usize = 64;

/// The longest rest of a key block's `-----END …-----` line, in bytes.
const MAX_KEY_FOOTER_BYTES: usize = 80;

/// How far around an Azure `sig=` parameter the URL is searched for `sv=`, in bytes.
const SAS_CONTEXT_BYTES: usize = 2_048;

/// A tenant's redaction policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Kinds that are not redacted for this tenant.
    pub disabled: Vec<PiiKind>,
    /// Exact values that pass unredacted (for example a public support address).
    pub allow: Vec<String>,
    /// The tenant's own patterns, reported as kind [`PiiKind::Custom`] named `custom/<name>`.
    pub custom: Vec<CustomPattern>,
}

/// One of a tenant's own patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomPattern {
    /// The name in reports: 1 to 32 characters of `a-z`, `0-9`, `_` and `-`.
    pub name: String,
    /// A `regex` crate pattern of at most [`MAX_CUSTOM_PATTERN_BYTES`]; a match is at most
    /// [`MAX_CUSTOM_MATCH_BYTES`] long.
    pub pattern: String,
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
    /// A custom pattern is invalid, too long or compiles too large; the message names the
    /// pattern and the problem.
    #[error("invalid pattern: {0}")]
    InvalidPattern(String),
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

/// One value [`Redactor::redact`] would replace, for evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The kind name: `email`, `api_key/github`, `custom/<name>` … (see the module docs).
    pub kind: String,
    /// The byte offset of the first byte.
    pub start: usize,
    /// The byte offset just past the last byte.
    pub end: usize,
}

/// The placeholder map of one request.
///
/// It is never serialized, and its `Debug` output shows only counts.
pub struct Redactor {
    /// Kinds left alone.
    disabled: BTreeSet<PiiKind>,
    /// Values left alone.
    allow: BTreeSet<String>,
    /// The people of this request.
    people: People,
    /// The tenant's patterns, in policy order.
    custom: Vec<Custom>,
    /// Kind → exact original value → placeholder.
    issued: BTreeMap<PiiKind, BTreeMap<String, String>>,
    /// Placeholder → exact original value.
    originals: BTreeMap<String, String>,
    /// Placeholder-shaped tokens seen in the input before they were issued; never issued.
    reserved: BTreeSet<String>,
    /// Numbering and counts per kind.
    tallies: BTreeMap<PiiKind, Tally>,
    /// Person → that person's placeholder number and last form number.
    person_numbers: BTreeMap<PersonKey, PersonNumber>,
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
    /// Fails with [`RedactionError::PolicyTooLarge`] when the allow-list, one of its entries, the
    /// custom patterns or the people list exceed their limits, and with
    /// [`RedactionError::InvalidPattern`] when a custom pattern's name or pattern is invalid or
    /// too large.
    pub fn new(policy: Policy, people: &[Person]) -> Result<Redactor, RedactionError> {
        check_limits(&policy, people)?;
        let custom = compile_custom(&policy.custom)?;
        Ok(Redactor {
            disabled: policy.disabled.into_iter().collect(),
            allow: policy.allow.into_iter().collect(),
            people: People::new(people)?,
            custom,
            issued: BTreeMap::new(),
            originals: BTreeMap::new(),
            reserved: BTreeSet::new(),
            tallies: BTreeMap::new(),
            person_numbers: BTreeMap::new(),
        })
    }

    /// Replaces every sensitive value in `text` by its placeholder.
    ///
    /// Fails with [`RedactionError::TextTooLarge`] when `text` exceeds
    /// [`MAX_DOCUMENT_BYTES`].
    pub fn redact(&mut self, text: &str) -> Result<String, RedactionError> {
        check_size(text)?;
        self.reserve_placeholders_in(text);
        let found = self.find(text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for value in &found {
            out.push_str(&text[at..value.range.start]);
            let placeholder = self.placeholder(value, &text[value.range.clone()]);
            out.push_str(&placeholder);
            at = value.range.end;
        }
        out.push_str(&text[at..]);
        Ok(out)
    }

    /// What [`Redactor::redact`] would replace in `text`, leftmost first, as byte offsets with
    /// kind names; issues no placeholder.
    ///
    /// Fails with [`RedactionError::TextTooLarge`] when `text` exceeds
    /// [`MAX_DOCUMENT_BYTES`].
    pub fn detect(&self, text: &str) -> Result<Vec<Span>, RedactionError> {
        check_size(text)?;
        Ok(self
            .find(text)
            .into_iter()
            .map(|found| Span {
                kind: self.report_name(found.name),
                start: found.range.start,
                end: found.range.end,
            })
            .collect())
    }

    /// Replaces the placeholders this redactor issued by their original values, in one
    /// left-to-right pass (a restored value is never read again, so nothing cascades).
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

    /// Reserves the placeholder-shaped tokens already written in `text` (a person typed
    /// `[EMAIL_1]` on the page), so they are never issued for a value: call it with every text of
    /// a request before redacting any, or a literal seen later could be restored to a value.
    pub fn reserve(&mut self, text: &str) {
        self.reserve_placeholders_in(text);
    }

    /// Forgets the values of the placeholders `sent` does not hold (dropped from a prompt to fit
    /// its budget, or never put in it), so a model answer naming one gets back the placeholder,
    /// not a value it never saw.
    pub fn forget_unsent(&mut self, sent: &str) {
        let in_sent: BTreeSet<&str> = compiled().placeholder.find_iter(sent).map(|token| token.as_str()).collect();
        self.originals.retain(|token, _| in_sent.contains(token.as_str()));
    }

    /// Remembers the placeholder-shaped tokens of `text` that were not issued, so they never are.
    fn reserve_placeholders_in(&mut self, text: &str) {
        for token in compiled().placeholder.find_iter(text) {
            if !self.originals.contains_key(token.as_str()) {
                self.reserved.insert(token.as_str().to_owned());
            }
        }
    }

    /// The values to replace in `text`: overlaps resolved, other occurrences of found values
    /// added, allowed values dropped, leftmost first.
    fn find(&self, text: &str) -> Vec<Found> {
        self.find_with(text, text.len() >= PREFIX_SCAN_BYTES)
    }

    /// [`Redactor::find`], with or without the shared prefix scan ([`Prefixes`]).
    fn find_with(&self, text: &str, prefix_scan: bool) -> Vec<Found> {
        let mut candidates = Vec::new();
        if self.enabled(PiiKind::Person) {
            self.people.find(text, &mut candidates);
        }
        if self.enabled(PiiKind::Custom) {
            for (index, custom) in self.custom.iter().enumerate() {
                custom.find(text, index, &mut candidates);
            }
        }
        let patterns = compiled();
        let wanted: Vec<usize> = (0..GROUPS.len())
            .filter(|&index| GROUPS[index].detectors.iter().any(|d| self.enabled(d.kind)))
            .collect();
        let triggered = patterns.triggered(text, &wanted);
        let wanted_groups = wanted.iter().fold(0u32, |groups, &index| groups | 1 << index);
        let places = prefix_scan
            .then(|| patterns.prefixes.get_or_init(Prefixes::new))
            .filter(|prefixes| prefixes.groups & wanted_groups != 0)
            .map(|prefixes| (prefixes.groups, prefixes.places(text)));
        for index in wanted {
            let group = &GROUPS[index];
            if triggered & (1 << index) == 0 {
                continue;
            }
            let regex = patterns.group(index);
            let enabled = |kind| self.enabled(kind);
            match &places {
                _ if group.alternatives => scan_alternatives(text, group.detectors, regex, enabled, &mut candidates),
                Some((groups, places)) if groups & (1 << index) != 0 => scan_group_at(text, group.detectors, regex, &places[index], enabled, &mut candidates),
                _ => scan_group(text, group.detectors, regex, enabled, &mut candidates),
            }
        }
        if self.enabled(PiiKind::Person) {
            let named = named_after_addresses(text, &candidates);
            candidates.extend(named);
            let columns = name_columns(text, &candidates);
            candidates.extend(columns);
            vcard_names(text, &mut candidates);
            field_names(text, &mut candidates);
        }
        if self.enabled(PiiKind::Password) {
            table_passwords(text, &mut candidates);
            bare_table_passwords(text, &mut candidates);
        }
        numbers_by_column(text, &mut candidates, self.enabled(PiiKind::Phone));
        let kept = resolve(candidates);
        propagate(text, kept, &self.allow)
            .into_iter()
            .filter(|found| !self.allow.contains(&text[found.range.clone()]))
            .collect()
    }

    /// Whether `kind` is redacted under this policy.
    fn enabled(&self, kind: PiiKind) -> bool {
        !self.disabled.contains(&kind)
    }

    /// The report name of a found value.
    fn report_name(&self, name: Name) -> String {
        match name {
            Name::Fixed(name) => name.to_owned(),
            Name::Custom(index) => self.custom.get(index).map_or_else(
                || "custom".to_owned(),
                |custom| format!("custom/{}", custom.name),
            ),
        }
    }

    /// The placeholder of `value`, issuing the next free one on first sight.
    fn placeholder(&mut self, found: &Found, value: &str) -> String {
        let kind = found.kind;
        let tally = self.tallies.entry(kind).or_default();
        tally.occurrences = tally.occurrences.saturating_add(1);
        if let Some(placeholder) = self.issued.get(&kind).and_then(|values| values.get(value)) {
            return placeholder.clone();
        }
        tally.distinct = tally.distinct.saturating_add(1);
        let placeholder = match &found.person {
            Some(person) => self.person_placeholder(person.clone()),
            None => {
                let tally = self.tallies.entry(kind).or_default();
                next_free_placeholder(kind, &mut tally.last_number, &self.reserved)
            }
        };
        self.originals.insert(placeholder.clone(), value.to_owned());
        self.issued
            .entry(kind)
            .or_default()
            .insert(value.to_owned(), placeholder.clone());
        placeholder
    }

    /// The next placeholder of a new form of person `person`: `[PERSON_n]` for the first form
    /// seen, `[PERSON_n_k]` for the others.
    fn person_placeholder(&mut self, person: PersonKey) -> String {
        let tally = self.tallies.entry(PiiKind::Person).or_default();
        match self.person_numbers.entry(person) {
            Entry::Vacant(slot) => {
                let placeholder =
                    next_free_placeholder(PiiKind::Person, &mut tally.last_number, &self.reserved);
                slot.insert(PersonNumber {
                    number: tally.last_number,
                    last_form: 1,
                });
                placeholder
            }
            Entry::Occupied(mut slot) => {
                let numbers = slot.get_mut();
                loop {
                    numbers.last_form = numbers.last_form.saturating_add(1);
                    let placeholder = format!(
                        "[{}_{}_{}]",
                        PiiKind::Person.label(),
                        numbers.number,
                        numbers.last_form
                    );
                    if !self.reserved.contains(&placeholder) {
                        return placeholder;
                    }
                }
            }
        }
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

/// The placeholder numbers of one person.
#[derive(Debug, Clone, Copy)]
struct PersonNumber {
    /// The person's number (`1` in `[PERSON_1]`).
    number: u32,
    /// The number of the person's last form (`2` in `[PERSON_1_2]`; the first form is `1`).
    last_form: u32,
}

/// The next placeholder of `kind` after `last_number` that is not reserved; advances the number.
fn next_free_placeholder(
    kind: PiiKind,
    last_number: &mut u32,
    reserved: &BTreeSet<String>,
) -> String {
    loop {
        *last_number = last_number.saturating_add(1);
        let placeholder = format!("[{}_{}]", kind.label(), last_number);
        if !reserved.contains(&placeholder) {
            return placeholder;
        }
    }
}

/// Refuses text over the document limit.
fn check_size(text: &str) -> Result<(), RedactionError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(RedactionError::TextTooLarge(MAX_DOCUMENT_BYTES as u64));
    }
    Ok(())
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
    if policy.custom.len() > MAX_CUSTOM_PATTERNS {
        return too_large(format!(
            "policy has {} custom patterns; the limit is {MAX_CUSTOM_PATTERNS}",
            policy.custom.len()
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

/// The report name of a detector or custom pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    /// A fixed detector's name, e.g. `api_key/github`.
    Fixed(&'static str),
    /// The custom pattern at this index of the policy.
    Custom(usize),
}

/// A value to replace: its kind, report name and where it is.
#[derive(Debug, Clone)]
struct Found {
    /// The kind.
    kind: PiiKind,
    /// The report name.
    name: Name,
    /// The byte range in the text.
    range: Range<usize>,
    /// For a person's form, the person (their forms share a placeholder number).
    person: Option<PersonKey>,
}

/// Who a person's form belongs to, so that all their forms share one placeholder number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PersonKey {
    /// The person at this index of the request's people.
    Listed(usize),
    /// A person named by an address (`jane doe`, as [`name_of_address`] spells it): `Jane Doe`
    /// and `Doe, Jane` are one person.
    Spelled(String),
}

impl Found {
    /// A value of a fixed detector or a custom pattern.
    fn new(kind: PiiKind, name: Name, range: Range<usize>) -> Found {
        Found {
            kind,
            name,
            range,
            person: None,
        }
    }
}

/// The rank of `kind` when candidates overlap; lower wins (see the module documentation).
fn priority(kind: PiiKind) -> u8 {
    match kind {
        PiiKind::PrivateKey => 0,
        PiiKind::UrlCredentials => 1,
        PiiKind::Jwt => 2,
        PiiKind::ApiKey => 3,
        PiiKind::Password => 4,
        PiiKind::Person => 5,
        PiiKind::Custom => 6,
        PiiKind::Email => 7,
        PiiKind::CreditCard => 8,
        PiiKind::Iban => 9,
        PiiKind::Ssn => 10,
        PiiKind::IpAddress => 11,
        PiiKind::MacAddress => 12,
        PiiKind::Phone => 13,
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

/// Whether the other occurrences of a found value of `kind` are replaced too. People and custom
/// patterns define their own boundaries, so a name inside a longer word stays.
fn propagates(kind: PiiKind) -> bool {
    !matches!(kind, PiiKind::Person | PiiKind::Custom)
}

/// Adds to `kept` every other occurrence of a kept value that overlaps nothing kept, so no found
/// value survives anywhere in the text; returns them leftmost first.
///
/// The longest value at a position wins, and an occurrence that overlaps a kept span is skipped
/// (see [`Occurrences`]).
fn propagate(text: &str, mut kept: Vec<Found>, allow: &BTreeSet<String>) -> Vec<Found> {
    let mut values = Values::new();
    for found in kept.iter().filter(|found| propagates(found.kind)) {
        let value = &text[found.range.clone()];
        if !allow.contains(value) {
            values.entry(Value::new(value)).or_insert((found.kind, found.name));
        }
    }
    let Some(occurrences) = Occurrences::new(&values) else {
        return kept;
    };
    let gaps = gaps_between(text.len(), &kept);
    let mut added_end = 0;
    let mut added = Vec::new();
    for (range, (kind, name)) in occurrences.in_text(text, &values, &gaps) {
        // Overlapping nothing kept is lying within a gap; the occurrences come leftmost first,
        // so the last one added is the only one this one could overlap.
        let gap = gaps.partition_point(|gap| gap.end <= range.start);
        let within = gaps.get(gap).is_some_and(|gap| gap.start <= range.start && range.end <= gap.end);
        if within && range.start >= added_end {
            added_end = range.end;
            added.push(Found::new(kind, name, range));
        }
    }
    if !added.is_empty() {
        kept.extend(added);
        kept.sort_by_key(|c| c.range.start);
    }
    kept
}

/// The parts of a text of `len` bytes outside the `kept` spans (leftmost first, not
/// overlapping). An occurrence starting inside a kept span overlaps it, so it is never added,
/// and [`Occurrences`] need not look there: the detectors' own finds cost no lookup.
fn gaps_between(len: usize, kept: &[Found]) -> Vec<Range<usize>> {
    let mut gaps = Vec::with_capacity(kept.len() + 1);
    let mut from = 0;
    for found in kept {
        if found.range.start > from {
            gaps.push(from..found.range.start);
        }
        from = from.max(found.range.end);
    }
    gaps.push(from..len);
    gaps
}

/// A found value as a key of [`Values`]: ordered by its first eight bytes as one integer, then
/// by its bytes, so most comparisons are one integer comparison rather than a call to compare
/// memory (in wasm, such calls were a tenth of the time spent on other occurrences).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Value<'a> {
    /// The first eight bytes, big-endian (zero-padded), so integer order is byte order.
    head: u64,
    /// The value.
    text: &'a str,
}

impl<'a> Value<'a> {
    fn new(text: &'a str) -> Value<'a> {
        let mut head = [0u8; 8];
        let len = text.len().min(8);
        head[..len].copy_from_slice(&text.as_bytes()[..len]);
        Value { head: u64::from_be_bytes(head), text }
    }
}

/// Distinct found values with their labels (a B-tree: lookups by text stay logarithmic
/// whatever values a text plants).
type Values<'a> = BTreeMap<Value<'a>, (PiiKind, Name)>;

/// The longest window [`Occurrences::Windows`] reads as one integer: long enough that the
/// windows of ordinary text (`1.25`, `admi`) rarely match a value's, so few places are checked.
const ANCHOR_BYTES: usize = 8;

/// Up to this many distinct values are searched for one by one (building the window filter
/// costs more than a few searches of a ticket-sized text).
const FEW_VALUES: usize = 8;

/// Bits of the window filter's hash at least (an 8 KiB table).
const WINDOW_FILTER_BITS: u32 = 16;

/// Bits of the window filter's hash at most (a 128 KiB table).
const MAX_WINDOW_FILTER_BITS: u32 = 20;

/// The most positions [`Occurrences::Windows`] steps over between two windows it looks up.
/// Each value is indexed under this many windows at most, so it bounds the index's size.
const MAX_STRIDE: usize = 4;

/// Finds the occurrences of a set of values in a text.
enum Occurrences<'a> {
    /// A few values, each searched for by itself.
    Few,
    /// Many values: windows of the text as long as their shortest value (at most
    /// [`ANCHOR_BYTES`], read as one integer) are looked up in a bit table of window hashes,
    /// and only where the bit is set in the map of windows, whose values are then compared with
    /// the text, longest first. Only every `stride`-th window is looked up: each value is
    /// indexed under its windows at its first `stride` offsets, and `stride` is small enough
    /// that every occurrence of the shortest value holds a window that is looked up. One pass,
    /// a few instructions per `stride` bytes, whatever the number of values (an Aho-Corasick
    /// automaton over thousands of prefixes walked its states at a tenth of the speed).
    Windows(Windows<'a>),
}

impl<'a> Occurrences<'a> {
    /// The searcher of `values`, or `None` if there are none.
    fn new(values: &Values<'a>) -> Option<Occurrences<'a>> {
        if values.len() <= FEW_VALUES {
            return (!values.is_empty()).then_some(Occurrences::Few);
        }
        Some(Occurrences::Windows(Windows::new(values)?))
    }

    /// The occurrences of values in `text` (the longest where several start at one place):
    /// every one that lies within one of the `gaps`, perhaps others (a few values are searched
    /// for everywhere), leftmost first, with the kind and name of the value.
    fn in_text(&self, text: &str, values: &Values<'_>, gaps: &[Range<usize>]) -> Vec<(Range<usize>, (PiiKind, Name))> {
        match self {
            Occurrences::Few => few_occurrences(text, values),
            Occurrences::Windows(windows) => windows.occurrences(text, values, gaps),
        }
    }
}

/// The `width` (≤ 8) bytes at `at` as one little-endian integer.
fn window(bytes: &[u8], at: usize, width: usize) -> u64 {
    bytes[at..at + width].iter().rev().fold(0, |word, byte| (word << 8) | u64::from(*byte))
}

/// A hasher for the window map's `u64` keys: one multiplication (the default, SipHash, showed
/// in profiles). The keys are the request's own values' windows.
#[derive(Default)]
struct WindowHasher(u64);

impl std::hash::Hasher for WindowHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The window map of [`Windows`]: window → where its holders are.
type WindowMap = std::collections::HashMap<u64, Range<usize>, std::hash::BuildHasherDefault<WindowHasher>>;

/// Up to this many values with one window at one offset are compared with the text one by one;
/// beyond, the text is looked up by each of their lengths, so a window that thousands of values
/// share (`192.168.`) costs a few lookups per occurrence, not thousands of comparisons.
const FEW_PER_WINDOW: usize = 8;

/// A value and its label.
type Labelled<'a> = (&'a str, (PiiKind, Name));

/// The values that hold one window at one offset.
enum Candidates {
    /// A few: where they are in [`Windows::labelled`], longest first.
    Few(Range<usize>),
    /// Many: their distinct lengths, longest first.
    Lengths(Vec<usize>),
}

impl Candidates {
    /// The candidates of `values`, which sit at `at` in `labelled`, longest first.
    fn new(values: &[Labelled<'_>], at: usize) -> Candidates {
        if values.len() <= FEW_PER_WINDOW {
            return Candidates::Few(at..at + values.len());
        }
        let mut lengths: Vec<usize> = values.iter().map(|(value, _)| value.len()).collect();
        lengths.dedup();
        Candidates::Lengths(lengths)
    }

    /// The longest value that `text` continues with at `at`, with its label; `labelled` holds
    /// the few, `values` every value (a B-tree: lookups by text stay logarithmic whatever
    /// values a text plants).
    fn longest(&self, labelled: &[Labelled<'_>], text: &str, at: usize, values: &Values<'_>) -> Option<(Range<usize>, (PiiKind, Name))> {
        match self {
            Candidates::Few(few) => labelled.get(few.clone())?.iter().find(|(value, _)| text.as_bytes()[at..].starts_with(value.as_bytes())).map(|(value, label)| (at..at + value.len(), *label)),
            Candidates::Lengths(lengths) => lengths.iter().find_map(|&len| Some((at..at + len, *values.get(&Value::new(text.get(at..at + len)?))?))),
        }
    }
}

/// The filter bit of a window: a multiplicative hash, top `bits` bits.
#[inline(always)]
fn window_hash(window: u64, bits: u32) -> usize {
    (window.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Every occurrence of each of a few values, found by searching for each one after the other.
fn few_occurrences(text: &str, values: &Values<'_>) -> Vec<(Range<usize>, (PiiKind, Name))> {
    let mut out = Vec::new();
    for (Value { text: value, .. }, label) in values {
        let mut at = 0;
        while let Some(offset) = text.get(at..).and_then(|rest| rest.find(value)) {
            let start = at + offset;
            out.push((start..start + value.len(), *label));
            at = next_char(text, start);
        }
    }
    out.sort_by_key(|(range, _)| (range.start, Reverse(range.end)));
    out
}

/// The index of [`Occurrences::Windows`].
struct Windows<'a> {
    /// Bytes per window.
    width: usize,
    /// Positions from one looked-up window to the next.
    stride: usize,
    /// Bits of the window hash: the filter has about 256 bits per window indexed (up to
    /// [`MAX_WINDOW_FILTER_BITS`]), so that few windows of the text pass it without being
    /// indexed; a window that passes costs a map lookup, dearer than the filter in wasm.
    bits: u32,
    /// One bit per window hash ([`window_hash`]).
    filter: Vec<u64>,
    /// Every value under each of its windows, by window, offset and length (longest first).
    labelled: Vec<Labelled<'a>>,
    /// The values holding one window at one offset, by window and offset.
    holders: Vec<(usize, Candidates)>,
    /// Window → where its holders are in `holders`, one per offset.
    by_window: WindowMap,
}

impl<'a> Windows<'a> {
    /// The index of `values`; `None` if there are none.
    fn new(values: &Values<'a>) -> Option<Windows<'a>> {
        let shortest = values.keys().map(|value| value.text.len()).min()?;
        let width = ANCHOR_BYTES.min(shortest);
        let stride = (shortest - width + 1).min(MAX_STRIDE);
        let windows = values.len().saturating_mul(stride).saturating_mul(256);
        let bits = windows.next_power_of_two().trailing_zeros().clamp(WINDOW_FILTER_BITS, MAX_WINDOW_FILTER_BITS);
        let mut filter = vec![0u64; (1 << bits) / 64];
        let mut entries: Vec<(u64, usize, Labelled<'a>)> = Vec::with_capacity(values.len().saturating_mul(stride));
        for (Value { text: value, .. }, label) in values {
            for offset in 0..stride {
                let key = window(value.as_bytes(), offset, width);
                let hash = window_hash(key, bits);
                filter[hash / 64] |= 1 << (hash % 64);
                entries.push((key, offset, (*value, *label)));
            }
        }
        // Sorting once groups the entries (one allocation, not one per window).
        entries.sort_unstable_by_key(|(key, offset, (value, _))| (*key, *offset, Reverse(value.len())));
        let labelled: Vec<Labelled<'a>> = entries.iter().map(|(_, _, labelled)| *labelled).collect();
        let mut holders = Vec::new();
        let mut by_window = WindowMap::default();
        let mut at = 0;
        for group in entries.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (key, offset, _) = group[0];
            let first = holders.len();
            holders.push((offset, Candidates::new(&labelled[at..at + group.len()], at)));
            by_window.entry(key).or_insert(first..first).end = holders.len();
            at += group.len();
        }
        Some(Windows { width, stride, bits, filter, labelled, holders, by_window })
    }

    /// The occurrences of values that start in one of the `gaps`, leftmost first: the windows
    /// at every `stride`-th position of each gap are looked up, and for each value holding the
    /// window at an offset, the longest that the text continues with where the value would start
    /// is taken. Every occurrence that lies within a gap is found; one that starts in a gap and
    /// ends past it may be missed (the text after a gap is a kept span, which it overlaps). A
    /// value starts at a character boundary, so a match never starts inside a character.
    fn occurrences(&self, text: &str, values: &Values<'_>, gaps: &[Range<usize>]) -> Vec<(Range<usize>, (PiiKind, Name))> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for gap in gaps {
            let mut at = gap.start;
            while at < gap.end {
                let key = match bytes.get(at..at + self.width) {
                    Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
                    Some(_) => window(bytes, at, self.width),
                    None => break,
                };
                let hash = window_hash(key, self.bits);
                if self.filter[hash / 64] & (1 << (hash % 64)) != 0 {
                    self.look_up(text, key, at, gap, values, &mut out);
                }
                at += self.stride;
            }
        }
        out.sort_by_key(|(range, _)| range.start);
        out
    }

    /// The occurrences holding the window `key` at `at` and starting in `gap`: for each offset
    /// at which values hold it, the longest value there.
    fn look_up(&self, text: &str, key: u64, at: usize, gap: &Range<usize>, values: &Values<'_>, out: &mut Vec<(Range<usize>, (PiiKind, Name))>) {
        let Some(holders) = self.by_window.get(&key).and_then(|range| self.holders.get(range.clone())) else {
            return;
        };
        for (offset, candidates) in holders {
            if let Some(start) = at.checked_sub(*offset).filter(|start| gap.contains(start)) {
                out.extend(candidates.longest(&self.labelled, text, start, values));
            }
        }
    }
}

/// The byte offset of the character after the one starting at `at` (or `at + 1` at the end).
fn next_char(text: &str, at: usize) -> usize {
    at + text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
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
        match check(candidate.clone()) {
            Some(value) => {
                out.push(value);
                at = candidate.end;
            }
            None => at = next_char(text, candidate.start),
        }
    }
}

/// Collects the accepted candidates of one group of fixed detectors in one pass: each match
/// names its detector by pattern id, the detector's check accepts it (perhaps as a narrower or
/// wider span) or rejects it.
fn scan_group(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    while at < text.len() {
        let Some(candidate) = regex.search(&Input::new(text).range(at..)) else {
            break;
        };
        let Some(next) = judge(text, detectors, candidate, &enabled, out) else {
            break;
        };
        at = next;
    }
}

/// [`scan_group`] through the places where the group's matches can start ([`Prefixes`]): at
/// each place at or after the resume position, in order, the regex is run anchored. The first
/// anchored match is the match the unanchored search would find, so the results are the same.
fn scan_group_at(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    places: &[usize],
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    let mut at = 0;
    for &place in places {
        if place < at {
            continue;
        }
        let Some(candidate) = regex.search(&Input::new(text).range(place..).anchored(Anchored::Yes)) else {
            continue;
        };
        let Some(next) = judge(text, detectors, candidate, &enabled, out) else {
            break;
        };
        at = next;
    }
}

/// Checks one candidate of a group: pushes what its detector's check accepts, and returns
/// where the search resumes (`None` for a candidate no detector owns).
fn judge(
    text: &str,
    detectors: &[Detector],
    candidate: regex_automata::Match,
    enabled: &impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) -> Option<usize> {
    let detector = detectors.get(candidate.pattern().as_usize())?;
    let range = candidate.range();
    let verdict = if enabled(detector.kind) && !range.is_empty() {
        // A check may report another kind (a MAC address, a vendor's token in a URL): the
        // policy must allow that one too.
        (detector.check)(text, range.clone()).filter(|accepted| accepted.relabel.is_none_or(|(kind, _)| enabled(kind)))
    } else {
        None
    };
    Some(match verdict {
        Some(accepted) if !accepted.range.is_empty() => {
            let (kind, name) = accepted.relabel.unwrap_or((detector.kind, detector.name));
            // The search goes on after what was taken, not after the match: a candidate the check
            // narrowed (an address glued to Chinese text, whose match ran on to the next `@`)
            // may have run over the start of the next one.
            let end = if accepted.range.end > range.start { accepted.range.end } else { range.end };
            out.push(Found::new(kind, Name::Fixed(name), accepted.range));
            end
        }
        _ if detector.retry_inside || range.is_empty() => next_char(text, range.start),
        _ => range.end,
    })
}

/// Like [`scan_group`], for the group of digit patterns ([`NUMBERS`]), whose candidates overlap:
/// where the check rejects the pattern that matched (or its kind is disabled), each later
/// pattern of the group is tried anchored at the same start, and the first one accepted wins;
/// when none is, the scan resumes one character later. Only the spans around clusters of digits
/// ([`digit_spans`]) are searched.
fn scan_alternatives(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: impl Fn(PiiKind) -> bool,
    out: &mut Vec<Found>,
) {
    for span in digit_spans(text) {
        let mut at = span.start;
        while at < span.end {
            let Some(first) = regex.search(&Input::new(text).range(at..span.end)) else {
                break;
            };
            at = try_alternatives(text, detectors, regex, &enabled, first, span.end, out);
        }
    }
}

/// Checks the candidate `first` and, if it is rejected, the later patterns anchored at its start
/// (within `limit`); pushes the first accepted; returns where the scan goes on.
fn try_alternatives(
    text: &str,
    detectors: &[Detector],
    regex: &meta::Regex,
    enabled: &impl Fn(PiiKind) -> bool,
    first: regex_automata::Match,
    limit: usize,
    out: &mut Vec<Found>,
) -> usize {
    let start = first.start();
    let window = start..limit.min(start + NUMBER_CANDIDATE_BYTES);
    let mut skip_to = next_char(text, start);
    for index in first.pattern().as_usize()..detectors.len() {
        let candidate = if index == first.pattern().as_usize() {
            Some(first.range())
        } else {
            let pattern = PatternID::new(index).map_or(Anchored::Yes, Anchored::Pattern);
            let input = Input::new(text).range(window.clone()).anchored(pattern);
            regex.search(&input).map(|m| m.range())
        };
        let (Some(detector), Some(range)) = (detectors.get(index), candidate) else {
            continue;
        };
        if range.is_empty() || !enabled(detector.kind) {
            continue;
        }
        if let Some(accepted) = (detector.check)(text, range.clone()) {
            skip_to = accepted.range.end.max(range.end);
            out.push(Found::new(
                detector.kind,
                Name::Fixed(detector.name),
                accepted.range,
            ));
            break;
        }
        if !detector.retry_inside {
            skip_to = skip_to.max(range.end);
        }
    }
    skip_to
}

/// The least number of digits in a candidate of [`NUMBERS`] (an IPv4 address `1.2.3.4`; a MAC
/// address with fewer than four decimal digits among its twelve hex digits, about one in 250, is
/// missed).
const MIN_NUMBER_DIGITS: usize = 4;

/// The longest run of other bytes between two digits of one candidate of [`NUMBERS`] (the
/// letters of an IBAN such as `MT84 MALT 0110 …`).
const MAX_DIGIT_GAP: usize = 16;

/// The spans of `text` that can hold a candidate of [`NUMBERS`]: clusters of digits whose
/// neighbours are at most [`MAX_DIGIT_GAP`] bytes apart and that have at least
/// [`MIN_NUMBER_DIGITS`] digits, widened by [`MAX_DIGIT_GAP`] bytes on both sides (a `+`, a
/// `(` or a MAC address's hex letters before, an IBAN's last letters after). The digits of each
/// 64 bytes are found at once as a bit mask ([`digit_mask`]), so prose costs a few vector
/// instructions per 16 bytes, and the short runs of digits of ordinary text (`502`, `v1.2.3`,
/// `2 retries`) are never searched.
fn digit_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut cluster: Option<DigitCluster> = None;
    for (block, bytes) in text.as_bytes().chunks(64).enumerate() {
        let mut mask = digit_mask(bytes);
        while mask != 0 {
            let at = block * 64 + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            match cluster.as_mut() {
                Some(open) if at - open.last <= MAX_DIGIT_GAP + 1 => {
                    open.last = at;
                    open.digits += 1;
                }
                _ => {
                    if let Some(done) = cluster.take() {
                        done.widen_into(text, &mut spans);
                    }
                    cluster = Some(DigitCluster { first: at, last: at, digits: 1 });
                }
            }
        }
    }
    if let Some(done) = cluster {
        done.widen_into(text, &mut spans);
    }
    spans
}

/// A cluster of digits being read by [`digit_spans`].
struct DigitCluster {
    /// Where its first digit is.
    first: usize,
    /// Where its last digit so far is.
    last: usize,
    /// How many digits it has.
    digits: usize,
}

impl DigitCluster {
    /// Adds the cluster, widened, to `spans` (merging it with the last one where they touch),
    /// if it has enough digits.
    fn widen_into(self, text: &str, spans: &mut Vec<Range<usize>>) {
        if self.digits < MIN_NUMBER_DIGITS {
            return;
        }
        let start = floor_char_boundary(text, self.first.saturating_sub(MAX_DIGIT_GAP));
        let stop = ceil_char_boundary(text, self.last + 1 + MAX_DIGIT_GAP);
        match spans.last_mut() {
            Some(last) if last.end >= start => last.end = stop,
            _ => spans.push(start..stop),
        }
    }
}

/// Bit `i` set where `bytes[i]` (of at most 64 bytes) is an ASCII digit: four sixteen-byte masks
/// of [`ByteSet`] (vector compares in wasm and on x86_64).
fn digit_mask(bytes: &[u8]) -> u64 {
    const DIGITS: ByteSet<1> = ByteSet::new([(b'0', b'9')]);
    fn joined<'a>(chunks: impl Iterator<Item = &'a [u8]>) -> u64 {
        chunks.take(64 / CHUNK).enumerate().fold(0, |mask, (k, chunk)| mask | u64::from(DIGITS.mask(chunk)) << (CHUNK * k))
    }
    match <&[u8; 64]>::try_from(bytes) {
        Ok(block) => joined(block.chunks_exact(CHUNK)),
        Err(_) => joined(bytes.chunks(CHUNK)),
    }
}

/// The people of one request: all their forms, matched ignoring case and with any run of
/// whitespace between the words of a name.
///
/// Forms written in ASCII (most names, every email and account id) are found by one
/// Aho-Corasick automaton over their first words, which is cheap to build on every request; the
/// rest of the form is compared after each hit. Forms with letters outside ASCII need Unicode
/// case folding and go into case-insensitive regex alternations instead.
struct People {
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
    fn new(people: &[Person]) -> Result<People, RedactionError> {
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
    fn find(&self, text: &str, out: &mut Vec<Found>) {
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
const MAX_PACKED_LITERALS: usize = 64;

/// Finds the next occurrence of any of a set of literals.
enum Literals {
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
const MAX_PREFIX_VARIANTS: usize = 64;

/// Finds where the first words of people's ASCII forms occur, ignoring ASCII case.
enum FirstWords {
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
fn case_variants(bytes: &[u8]) -> Vec<Vec<u8>> {
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
fn rest_of_form(text: &str, at: usize, rest: &[String]) -> Option<usize> {
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
fn named_after_addresses(text: &str, found: &[Found]) -> Vec<Found> {
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
                spelled.extend(name_of_address(address));
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
fn vcard_names(text: &str, out: &mut Vec<Found>) {
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
fn vcard_value<'a>(line: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let (property, value) = line.split_once(':')?;
    let property_name = property.split(';').next()?;
    property_name.eq_ignore_ascii_case(name).then_some((property.len() + 1, value))
}

/// The range of `value` without its blanks, at `offset`; `None` when nothing is left.
fn trimmed_range(value: &str, offset: usize) -> Option<Range<usize>> {
    let trimmed = value.trim();
    let start = offset + (value.len() - value.trim_start().len());
    (!trimmed.is_empty()).then_some(start..start + trimmed.len())
}

/// The search for names in one folded part of a text, which remembers how far each name was
/// searched: windows of one name that overlap (addresses close together) are searched once, and
/// each occurrence is found once.
struct NameSearch<'a> {
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
fn capitalized_words(name: &str) -> bool {
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
struct Folded {
    /// The folded text.
    text: String,
    /// After each character whose folded form has another length: its end in `text`, how many
    /// bytes longer the original is up to there, and whether it was dropped.
    shifts: Vec<(usize, isize, bool)>,
}

impl Folded {
    /// `text` folded.
    fn of(text: &str) -> Folded {
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
fn push_folded(c: char, folded: &mut String) {
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
const NAME_WINDOW_BYTES: usize = 256;

/// How far before an address [`names_beside_address`] reads the words, in bytes: a name written
/// beside its address stands next to it (`From: Jane Doe <…>`, a table's previous column) or
/// heads the signature whose lines end with it. Every address's words are read, so the window
/// is kept short.
const NAME_BEFORE_BYTES: usize = 192;

/// How far after an address [`names_beside_address`] reads the words, in bytes (`jane.doe@…
/// (Jane Doe)`, a table's next column, a form's `Account holder:` a line or two below).
const NAME_AFTER_BYTES: usize = 96;

/// The most names [`names_beside_address`] returns: the name in another script and the same
/// name in Latin letters (`Ελένη Καραγιάννη (…), eleni.karagianni6@…` and, below, `Account
/// holder: Eleni Karagianni`).
const MAX_NAMES_BESIDE_ADDRESS: usize = 2;

/// Texts up to this long are searched whole for the names addresses spell.
const NAME_SEARCH_TEXT_BYTES: usize = 64 * 1024;

/// The most names searched for through a whole text.
const MAX_NAMES_SEARCHED_WHOLE: usize = 16;

/// The most digits a number after the name in an address's local part has (`khumalo79`,
/// `nair2026`).
const MAX_ADDRESS_NUMBER_DIGITS: usize = 4;

/// Parts of an address's local part that name a role or a team, not a person.
const ROLE_WORDS: &[&str] = &[
    "accounts", "admin", "alerts", "ap", "ar", "automation", "backup", "batch", "billing", "bot", "build", "careers", "confirmation", "cron", "db", "deploy",
    "contact", "cs", "customer", "data", "desk", "dev", "do", "finance", "hello", "help",
    "helpdesk", "hq", "hr", "human", "info", "ir", "it", "jobs", "legal", "mail", "marketing",
    "news", "no", "noreply", "not", "notes", "office", "ops", "order", "orders", "password", "pr",
    "press", "privacy", "protection", "qa", "release", "reply", "reset", "resources", "sales",
    "scanner", "security", "service", "success", "support", "svc", "sync", "system", "team", "test", "user",
];

/// The part of an address before its `@` (or a URL-encoded `%40`).
fn local_part(address: &str) -> Option<&str> {
    let (local, _) = address.split_once('@').or_else(|| address.split_once("%40"))?;
    // A tag after `+` sorts mail; the name is before it (`chiara.bellini+playtest`).
    local.split('+').next()
}

/// `jane.doe@…` → `jane doe`; `None` when the local part does not read as a person's name.
fn name_of_address(address: &str) -> Option<String> {
    let parts = local_name_parts(address, false)?;
    let named = (2..=3).contains(&parts.len()) && parts.iter().all(|part| part.len() >= 2);
    named.then(|| parts.join(" ").to_ascii_lowercase())
}

/// The parts of an address's local part between `.`, `_` and `-` (`jane.doe` → `jane`, `doe`;
/// when `numbered`, a number of up to [`MAX_ADDRESS_NUMBER_DIGITS`] digits at its end left
/// out), when each is ASCII letters and none is a role (`support`, `it`): the address may spell
/// a person's name. The callers say how many parts, and how long, a name takes. Only where the
/// name is also written beside the address is a number left out: alone, `db.backup01` is as
/// likely a service account.
fn local_name_parts(address: &str, numbered: bool) -> Option<Vec<&str>> {
    let local = local_part(address)?;
    // A year or a number after the name keeps a free mail address unique (`lindiwe.khumalo79`).
    let name = local.trim_end_matches(|c: char| c.is_ascii_digit());
    let local = if numbered && local.len() - name.len() <= MAX_ADDRESS_NUMBER_DIGITS { name } else { local };
    let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
    let named = parts.iter().all(|part| {
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
fn names_beside_address(text: &str, window: Range<usize>, address: &str) -> Vec<String> {
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
    for i in 0..words.len() {
        let Some(name) = spelled_by(&words[i..], &spelled) else { continue };
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
fn cjk_name_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
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
struct CjkAddress {
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
fn chat_handle_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
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
const CHAT_HANDLE_BYTES: usize = 64;

/// A family name alone in the table or CSV column before an address that spells it as its last
/// part (`…,BERIDZE,nino.beridze@…`; a team's `Platform,platform.oncall@…` names the first),
/// folded: one word of four or more letters, capitalized or in capitals, the whole cell.
fn surname_column_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
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
fn cjk_name_ending(before: &str, address: &CjkAddress) -> Option<String> {
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
fn script_name_after_address(text: &str, address_end: usize, address: &str) -> Option<String> {
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
fn shown_in_link(rest: &str) -> Option<&str> {
    let quote = rest.find(['"', '\''])?;
    if rest[..quote].contains(['<', '>', '\n', ' ']) {
        return None;
    }
    let shown = rest[quote + 1..].trim_start_matches(' ').strip_prefix('>')?;
    Some(&shown[..shown.find("</a>")?])
}

/// What `rest` holds in brackets right at its start (` (ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ)`, `（강도현）`).
fn in_brackets(rest: &str) -> Option<&str> {
    let inner = rest.trim_start_matches(' ').strip_prefix(['(', '（'])?;
    let close = inner.find([')', '）'])?;
    let shown = &inner[..close];
    (!shown.contains('\n')).then_some(shown)
}

/// The keys of JSON fields that hold a person's whole name (a `hostname`, `fileName` or
/// `productName` holds another's).
const PERSON_NAME_KEYS: &[&str] = &["name", "fullname", "displayname", "customername", "contactname", "holdername", "accountholdername", "cardholdername", "recipientname", "sendername"];

/// The value of the JSON field right after the one that `rest` ends (`","name":"…"`), when its
/// key names a person's name ([`PERSON_NAME_KEYS`]).
fn next_json_name(rest: &str) -> Option<&str> {
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
fn script_name_before_address(text: &str, address_start: usize, address: &str) -> Option<String> {
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
        .or_else(|| value_on_the_line_above(context))
        .or_else(|| column_before(context))
        .or(spaced)?;
    // A name does not go on over a line break.
    let before = before.rsplit('\n').next()?.trim_end_matches(['"', '\'', ' ', '\u{a0}']);
    script_name_ending(before, &parts)
}

/// `before` without a phone number at its end and the spaces before it (seven digits or more,
/// with spaces, `+`, `-` and brackets).
fn without_a_spaced_phone(before: &str) -> &str {
    let rest = before.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '\u{a0}'));
    let digits = before[rest.len()..].bytes().filter(u8::is_ascii_digit).count();
    if digits >= 7 { rest } else { before }
}

/// Whether `c` is a mark of a script of [`NameScript`] (a vowel sign that ends a word).
fn name_script_mark(c: char) -> bool {
    [NameScript::Devanagari, NameScript::Bengali, NameScript::Tamil, NameScript::Odia, NameScript::Gurmukhi, NameScript::Gujarati, NameScript::Telugu, NameScript::Kannada, NameScript::Malayalam, NameScript::Sinhala, NameScript::Khmer, NameScript::Lao, NameScript::Thai]
        .into_iter()
        .any(|script| is_combining_in(c, script))
}

/// The parts of an address's local part that a name in a script of [`NameScript`] may
/// romanize to: two or three, or one piece of at least [`MIN_GLUED_NAME_BYTES`]
/// (`maryamhaddad`), read as two names glued together.
fn script_name_parts(address: &str) -> Option<Vec<&str>> {
    let parts = local_name_parts(address, true)?;
    let glued = parts.len() == 1 && parts[0].len() >= MIN_GLUED_NAME_BYTES;
    let named = (glued || (2..=3).contains(&parts.len())) && parts.concat().len() >= 4;
    named.then_some(parts)
}

/// The name of as many words in one script of [`NameScript`] as the address has `parts` (two
/// for a glued one) that ends `before`, folded, when its words start as the parts do
/// ([`script_words_spell`]) and none is a function word.
fn script_name_ending(before: &str, parts: &[&str]) -> Option<String> {
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

/// The value of a form's line above the address when the address's own line holds only its
/// label (`Name: செந்தில் குமரன்\nEmail: kumaran.senthil@…`, `氏名：山田 太郎\nメール：…`).
fn value_on_the_line_above(before: &str) -> Option<&str> {
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
fn names_a_person(label: &str) -> bool {
    let label = label.to_lowercase();
    PERSON_LABEL_WORDS.iter().any(|word| label.contains(word))
}

/// Words of the labels of a person's name, in the languages of the names read.
const PERSON_LABEL_WORDS: &[&str] = &[
    "name", "holder", "customer", "client", "subscriber", "representative", "patient", "student", "recipient", "applicant", "owner", "member",
    "employee", "caller", "person", "kunde", "nombre", "nom", "naam", "navn", "namn", "imię", "név", "isim", "имя", "ім'я", "име", "όνομα", "שם",
    "اسم", "نام", "नाम", "নাম", "பெயர்", "ಹೆಸರು", "పేరు", "പേര്", "નામ", "ਨਾਮ", "නම", "անուն", "სახელი", "ስም", "ឈ្មោះ", "名前", "氏名", "姓名",
    "名字", "이름", "성명", "고객", "お客様", "客户", "顧客",
];

/// Whether a line holds only a field's label, its value to follow: `Email:`, a two-column
/// table's label cell (`|Contact e-mail|`), or an XML start tag (`<Email>`).
fn is_label_only(line: &str) -> bool {
    let cell = line.strip_prefix('|').and_then(|rest| rest.strip_suffix('|')).filter(|cell| !cell.contains('|'));
    let tag = line.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')).filter(|tag| is_tag_name(tag));
    is_a_label(line) || cell.is_some_and(is_label_words) || tag.is_some()
}

/// The label and the value of a line that holds a field: `Name: value`, a two-column table's row
/// (`|Legal representative|Sreypov Ly|`), or an XML element (`<Name>કિંજલ દેસાઈ</Name>`).
fn field_value(line: &str) -> Option<(&str, &str)> {
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
fn is_tag_name(tag: &str) -> bool {
    tag.starts_with(|c: char| c.is_ascii_alphabetic()) && tag.len() <= MAX_LABEL_BYTES && tag.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
}

/// The longest label of a form's field, in bytes.
const MAX_LABEL_BYTES: usize = 32;

/// Whether `label` is a form field's label: a few words without digits ending with a colon.
fn is_a_label(label: &str) -> bool {
    label.strip_suffix([':', '：']).is_some_and(is_label_words)
}

/// Whether `words` are a field's label without its colon: a few words, no digits.
fn is_label_words(words: &str) -> bool {
    !words.trim().is_empty() && words.len() < MAX_LABEL_BYTES && !words.contains(|c: char| c.is_ascii_digit() || matches!(c, '@' | '<' | '>' | '|' | ','))
}

/// Whether the `words` of a name in a script of [`NameScript`] start as the `parts` of an
/// address's local part do (see [`script_name_before_address`]): as many words as parts, each
/// romanizing to the first letter of one part, in any order; or, for a local part of one piece
/// of at least [`MIN_GLUED_NAME_BYTES`], two words, the first romanizing to its first letter
/// and the second to a letter inside it.
fn script_words_spell(words: &[&str], parts: &[&str]) -> bool {
    if let [piece] = parts {
        // The given name starts the piece, and the family name starts somewhere inside it.
        let piece = piece.to_ascii_lowercase();
        // `customercare`, `infodesk`: role words glued together.
        if words.len() != 2 || piece.len() < MIN_GLUED_NAME_BYTES || ROLE_WORDS.iter().any(|role| role.len() >= 4 && piece.contains(role)) {
            return false;
        }
        let inside = &piece.as_bytes()[3..piece.len() - 2];
        return romanizes_from(words[0], piece.as_bytes()[0]) && inside.iter().any(|&b| romanizes_from(words[1], b));
    }
    if words.len() != parts.len() || !(2..=3).contains(&parts.len()) {
        return false;
    }
    let firsts: Vec<u8> = parts.iter().filter_map(|part| part.bytes().next()).map(|b| b.to_ascii_lowercase()).collect();
    let matched = |order: &[usize]| order.iter().zip(&firsts).all(|(&word, &first)| romanizes_from(words[word], first));
    let orders: &[&[usize]] = if parts.len() == 2 { &[&[0, 1], &[1, 0]] } else { &[&[0, 1, 2], &[1, 2, 0], &[2, 0, 1], &[0, 2, 1], &[1, 0, 2], &[2, 1, 0]] };
    orders.iter().any(|order| matched(order))
}

/// The family and given names written in the two columns just before an address's column, in
/// either order (`…;Žemaitis;Mindaugas;mindaugas.zemaitis4@…`, `…,ராமசாமி,மீனாட்சி,ramasamy.meenakshi@…`,
/// tabs and pipes too), when together they spell its local part as [`spelled_by`] or
/// [`script_words_spell`] read names: each column one to three capitalized words, or words of
/// one script of [`NameScript`]. Both columns are found as one person.
fn name_columns(text: &str, found: &[Found]) -> Vec<Found> {
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
fn name_columns_before(text: &str, address_start: usize, address: &str) -> Option<[Range<usize>; 2]> {
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
    let spells = |name: &str| {
        let mut steps = MAX_ROMANIZATION_STEPS;
        romanizes_to(name, spelled.as_bytes(), &mut steps)
    };
    let folded = |cell: &str| Folded::of(cell).text.replace(' ', "");
    // `Service;Desk;servicedesk@…`: a shared mailbox's words.
    let role = |cell: &str| ROLE_WORDS.contains(&folded(cell).as_str());
    let latin = is_name_column(a) && is_name_column(b) && !role(a) && !role(b) && spelled.len() >= 5 && (spells(&(folded(b) + &folded(a))) || spells(&(folded(a) + &folded(b))));
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

/// The name parts that directories and health records keep in fields of their own: LDIF's
/// `sn:`, `givenName:`, `cn:` and `displayName:` in a person's entry ([`in_a_person_entry`]),
/// FHIR's `"family"`, `"given"` and `"text"` of one HumanName (each only beside the others, so
/// that a font's or an address family's `"family"` is left alone), and the names of HL7 v2's
/// patient and next-of-kin segments (`PID|…||FAMILY^GIVEN^MIDDLE^…`, `NK1|1|FAMILY^GIVEN`). A
/// value is taken when it reads as a name ([`is_name_column`], or one to three words of a script
/// of [`NameScript`]).
fn field_names(text: &str, out: &mut Vec<Found>) {
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
    let signs = travel::Signs::of(text);
    travel::passenger_names(text, &signs, &mut push);
    if signs.first_name {
        listed_name_parts(text, &mut push);
    }
}

/// Whether a name field's value is a placeholder, a label or an entry that is nobody's name
/// (`TEST/PASSENGER`, `"firstName":"Required"`, `EXST/EXTRA SEAT`, `CARDHOLDER NAME`, `ZZZ`):
/// one of its words is in [`PLACEHOLDER_NAME_WORDS`], or one letter repeated.
fn is_placeholder_name(value: &str) -> bool {
    value.split([' ', '-']).filter(|word| !word.is_empty()).any(|word| {
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        let repeated = chars.next().is_some_and(|first| word.chars().count() >= 2 && chars.all(|c| c == first));
        repeated || lower.starts_with("zz") || PLACEHOLDER_NAME_WORDS.contains(&lower.as_str())
    })
}

/// Words of name fields' placeholders and labels, of records' entries that hold no person
/// (a seat booked for cabin baggage, an extra seat) and of companies' names on cards.
const PLACEHOLDER_NAME_WORDS: &[&str] = &[
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
fn listed_name_parts(text: &str, push: &mut impl FnMut(Range<usize>)) {
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
enum NamePart {
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
fn paired_name_fields(text: &str, push: &mut impl FnMut(Range<usize>)) {
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
fn holds_an_address_near(text: &str, at: usize) -> bool {
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
fn holds_a_birth_date_near(text: &str, at: usize) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(NAME_FIELDS_BYTES));
    let to = ceil_char_boundary(text, (at + NAME_FIELDS_BYTES).min(text.len()));
    let near = text[from..to].to_ascii_lowercase();
    ["dateofbirth", "date_of_birth", "birthdate", "birth_date", "\"dob\""].iter().any(|key| near.contains(key))
}

/// Whether `domain` reads as an address's domain: ASCII letters, digits, dots and hyphens, with
/// a dot inside and none at its end.
fn is_mail_domain(domain: &str) -> bool {
    domain.contains('.') && !domain.ends_with('.') && domain.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
}

/// How far around a name's field [`holds_an_address_near`] looks for the person's address.
const NAME_RECORD_BYTES: usize = 512;

/// The field whose key ends at `key_end` (a JSON key's closing quote, or an XML start tag's
/// `>`), when the key names a part of a name: its start, the part, and its value's range.
fn name_field_at(text: &str, key_end: usize, json: bool) -> Option<(usize, NamePart, Range<usize>)> {
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
const NAME_FIELD_OWNERS: &[&str] = &[
    "", "customer", "billing", "shipping", "shopper", "payer", "contact", "account", "holder", "accountholder", "user", "client", "recipient", "sender",
    "buyer", "seller", "owner", "member", "employee", "patient", "guest", "subscriber", "cardholder", "legal", "person",
];

/// How far apart a given name's and a family name's fields may stand, in bytes.
const NAME_FIELDS_BYTES: usize = 256;

/// The longest key of a name's field that [`name_field_at`] reads (`billing_customer_firstname`).
const MAX_NAME_FIELD_KEY_BYTES: usize = 40;

/// The longest value of a name's field that [`name_field_at`] reads, in bytes.
const MAX_NAME_FIELD_VALUE_BYTES: usize = 128;

/// Whether the LDIF line at `at` belongs to an entry of a person: between the blank lines
/// around it (each looked for within [`LDIF_ENTRY_BYTES`]) stand a `dn:` line and both a
/// `givenName:` and an `sn:` line. A note that maps attributes (`givenName: FirstName`) has no
/// `dn:`.
fn in_a_person_entry(text: &str, at: usize) -> bool {
    let before = context_before(text, at, LDIF_ENTRY_BYTES);
    let start = before.rfind("\n\n").map_or(at - before.len(), |blank| at - before.len() + blank + 2);
    let after = &text[at..ceil_char_boundary(text, (at + LDIF_ENTRY_BYTES).min(text.len()))];
    let end = after.find("\n\n").map_or(at + after.len(), |blank| at + blank);
    let entry = &text[start..end];
    let has_line = |key: &str| entry.starts_with(key) || entry.contains(&format!("\n{key}"));
    has_line("dn:") && has_line("givenName:") && has_line("sn:")
}

/// How far from one of its lines [`in_a_person_entry`] reads an LDIF entry, in bytes.
const LDIF_ENTRY_BYTES: usize = 1024;

/// The text around `at` from the last `{` before it to the first `}` after it, each looked for
/// within [`FHIR_NAME_BYTES`]: the nearest braces around `at`, which are the JSON object that
/// holds it when no other object opens or closes in between.
fn enclosing_json_object(text: &str, at: usize) -> &str {
    let before = context_before(text, at, FHIR_NAME_BYTES);
    let start = before.rfind('{').map_or(at, |open| at - before.len() + open);
    let after = &text[at..ceil_char_boundary(text, (at + FHIR_NAME_BYTES).min(text.len()))];
    let end = after.find('}').map_or(at, |close| at + close);
    &text[start..end]
}

/// How far apart FHIR's `"family"` and `"given"` of one name stand, at most, in bytes.
const FHIR_NAME_BYTES: usize = 256;

/// The offsets of the lines of `text` (after `\n` or `\r`) that start with `prefix`.
pub(crate) fn line_starts_with<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(text.as_bytes(), prefix.as_bytes()).filter(move |&at| at == 0 || matches!(text.as_bytes()[at - 1], b'\n' | b'\r'))
}

/// Calls `push` with `range` of `text` without its blanks (and a trailing `\r`), if anything is
/// left.
fn push_trimmed(text: &str, range: Range<usize>, push: &mut impl FnMut(Range<usize>)) {
    if let Some(trimmed) = trimmed_range(&text[range.clone()], range.start) {
        push(trimmed);
    }
}

/// Calls `push` with the JSON string after `from` (`: "Šimunović"`), or with each string of the
/// array there (`: [ "Marija", "Ana" ]`), without escapes (a value with one is passed over).
fn json_strings_after(text: &str, from: usize, push: &mut impl FnMut(Range<usize>)) {
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
fn hl7_name_components(text: &str, at: usize, field: usize, push: &mut impl FnMut(Range<usize>)) {
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

/// Whether `value` is one to three words of a script of [`NameScript`] (a name in a field).
fn is_script_name(value: &str) -> bool {
    let Some(script) = value.chars().next().and_then(name_script) else { return false };
    value.split(' ').count() <= 3 && value.split(' ').all(|word| written_in(word, script))
}

/// Whether `word` is a word of `script`: its letters and marks only.
fn written_in(word: &str, script: NameScript) -> bool {
    !word.is_empty() && word.chars().all(|c| name_script(c) == Some(script) || is_combining_in(c, script))
}

/// How far before an address [`name_columns_before`] reads its row, in bytes.
const NAME_COLUMNS_BYTES: usize = 160;

/// Whether a table cell holds a name as [`name_columns_before`] reads it: one to three words,
/// each capitalized (family-name particles aside), of letters (with combining accents, as
/// Yoruba writes `ṣẹ́`), apostrophes and hyphens.
fn is_name_column(cell: &str) -> bool {
    let words = cell.split(' ').count();
    (1..=3).contains(&words)
        && cell.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '\u{0300}'..='\u{036F}'))
        && capitalized_words(cell)
        && cell.starts_with(char::is_uppercase)
}

/// The last `count` names of `before`, split at spaces, where an Arabic compound (`عبد العزيز`,
/// `أبو بكر`) counts as one name, as an address spells it (`abdelaziz`).
fn last_name_words(before: &str, count: usize) -> Vec<&str> {
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
const ARABIC_COMPOUND_STARTS: &[&str] = &["عبد", "أبو", "ابو"];

/// `before` without the word for an e-mail address that a speaker says between their name and
/// their address (`…איתי ברקוביץ והמייל שלי itai…`, `…ณัฐพล ทองดี อีเมล nattapon…`, `my name
/// is 윤하은, e-mail haeun…`), in the scripts of [`NameScript`] and in English; `None` when it
/// does not end with one.
fn after_an_email_word(before: &str) -> Option<&str> {
    let before = before.trim_end_matches([' ', ':', '\u{a0}']);
    let (word, said) = SCRIPT_EMAIL_WORDS.iter().find(|(word, _)| before.ends_with(*word))?;
    let rest = &before[..before.len() - word.len()];
    // A whole word: `למייל` ("to the e-mail") is no `מייל` after a name.
    // (Ethiopic's word space `፡` and comma `፣` too.)
    const BETWEEN: [char; 8] = [' ', ',', '،', '\u{a0}', '—', '–', '፡', '፣'];
    if !rest.ends_with(BETWEEN) {
        return None;
    }
    // "Write to the manager via e-mail": only "my e-mail" follows a name by itself; the plain
    // word needs a dash or a comma after the name (`مهدی کاظمی — ایمیل:`).
    let trimmed = rest.trim_end_matches(BETWEEN);
    let separated = rest.trim_end_matches([' ', '\u{a0}']).ends_with([',', '،', '—', '–', '፡', '፣']);
    (*said || separated).then_some(trimmed)
}

/// Words for "e-mail" in the scripts of [`NameScript`] and in English, each with whether it says
/// "my e-mail" (`وبريدي الإلكتروني`, `והמייל שלי`; Thai leaves the "my" out).
const SCRIPT_EMAIL_WORDS: &[(&str, bool)] = &[
    ("وبريدي الإلكتروني", true), ("بريدي الإلكتروني", true), ("والبريد الإلكتروني", false), ("البريد الإلكتروني", false), ("وإيميلي", true), ("إيميلي", true),
    ("والإيميل", false), ("الإيميل", false), ("ایمیلم", true), ("ایمیل", false), ("ای میل", false),
    ("והמייל שלי", true), ("המייל שלי", true), ("ומייל", false), ("מייל", false),
    ("और मेरा ईमेल", true), ("मेरा ईमेल", true), ("ईमेल", false),
    ("อีเมล์", true), ("อีเมล", true),
    ("ইমেইল", false), ("ই-মেইল", false), ("மின்னஞ்சல்", false), ("ኢሜይል", false), ("ኢመይል", false), ("ელფოსტა", false),
    // Lao, Odia, Pashto, Sorani.
    ("ອີເມວ", false), ("ଇମେଲ୍", false), ("ଇମେଲ", false), ("برېښنالیک", false), ("ئیمەیڵ", false),
    ("e-mail", false), ("email", false), ("E-mail", false), ("Email", false),
];

/// The shortest one-piece local part [`script_name_before_address`] reads as two names.
const MIN_GLUED_NAME_BYTES: usize = 8;

/// Short words of Arabic, Hebrew, Hindi and Thai that stand before an address in a sentence
/// ("write to", "with", "from"), never in a name.
const SCRIPT_FUNCTION_WORDS: &[&str] = &[
    "مع", "على", "إلى", "الى", "من", "عن", "في", "أو", "عبر", "لي", "לי", "דרך", "हमें", "אל", "עם", "של", "את", "או", "מ", "ל", "को", "से", "में", "पर", "का", "की", "के", "या", "ที่", "ถึง", "จาก", "หรือ",
];

/// How far before an address [`script_name_before_address`] reads, in bytes (three words of
/// Devanagari or Thai take three bytes a letter).
const SCRIPT_NAME_BYTES: usize = 128;

/// The scripts [`script_name_before_address`] reads names in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameScript {
    /// Arabic (and the Persian and Urdu letters of its block).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Devanagari (Hindi, Marathi, Nepali).
    Devanagari,
    /// Thai.
    Thai,
    /// Bengali.
    Bengali,
    /// Tamil.
    Tamil,
    /// Ethiopic (Amharic, Tigrinya): each letter a syllable.
    Ethiopic,
    /// Georgian (Mkhedruli).
    Georgian,
    /// Gurmukhi (Punjabi), Gujarati, Telugu, Kannada and Malayalam, whose Unicode blocks are
    /// laid out as Devanagari's: a letter is romanized as the Devanagari letter in its place.
    Gurmukhi,
    /// See [`NameScript::Gurmukhi`].
    Gujarati,
    /// See [`NameScript::Gurmukhi`].
    Telugu,
    /// See [`NameScript::Gurmukhi`].
    Kannada,
    /// See [`NameScript::Gurmukhi`].
    Malayalam,
    /// Sinhala.
    Sinhala,
    /// Armenian.
    Armenian,
    /// Khmer.
    Khmer,
    /// Odia, laid out as Devanagari (see [`NameScript::Gurmukhi`]).
    Odia,
    /// Lao (a vowel written before its consonant is passed over, as in Thai).
    Lao,
}

/// The script of a letter that [`script_name_before_address`] reads, if any (marks and digits
/// are not letters).
fn name_script(c: char) -> Option<NameScript> {
    match u32::from(c) {
        // With Kurdish `ە` (Sorani).
        0x0621..=0x064A | 0x0671..=0x06D3 | 0x06D5 => Some(NameScript::Arabic),
        0x05D0..=0x05EA => Some(NameScript::Hebrew),
        0x0904..=0x0939 | 0x0958..=0x0961 => Some(NameScript::Devanagari),
        0x0E01..=0x0E2E | 0x0E40..=0x0E44 => Some(NameScript::Thai),
        // With Assamese `ৰ` and `ৱ`.
        0x0985..=0x09B9 | 0x09CE | 0x09DC..=0x09DF | 0x09F0..=0x09F1 => Some(NameScript::Bengali),
        0x0B85..=0x0BB9 => Some(NameScript::Tamil),
        0x1200..=0x135A => Some(NameScript::Ethiopic),
        0x10D0..=0x10FA => Some(NameScript::Georgian),
        0x0A05..=0x0A39 | 0x0A59..=0x0A5E => Some(NameScript::Gurmukhi),
        0x0A85..=0x0AB9 | 0x0AE0..=0x0AE1 => Some(NameScript::Gujarati),
        0x0C05..=0x0C39 | 0x0C60..=0x0C61 => Some(NameScript::Telugu),
        0x0C85..=0x0CB9 | 0x0CDE | 0x0CE0..=0x0CE1 => Some(NameScript::Kannada),
        // Malayalam's chillu letters (`ൻ`, `ർ`) end words.
        0x0D05..=0x0D3A | 0x0D4E | 0x0D54..=0x0D56 | 0x0D5F..=0x0D61 | 0x0D7A..=0x0D7F => Some(NameScript::Malayalam),
        0x0D85..=0x0DC6 => Some(NameScript::Sinhala),
        0x0531..=0x0556 | 0x0561..=0x0587 => Some(NameScript::Armenian),
        0x1780..=0x17B3 => Some(NameScript::Khmer),
        0x0B05..=0x0B39 | 0x0B5C..=0x0B5F | 0x0B71 => Some(NameScript::Odia),
        0x0E81..=0x0EAE | 0x0EC0..=0x0EC4 | 0x0EDC..=0x0EDF => Some(NameScript::Lao),
        _ => None,
    }
}

/// The Devanagari letter in the place of a Gurmukhi, Gujarati, Telugu, Kannada or Malayalam
/// letter in its block (see [`NameScript::Gurmukhi`]).
fn as_devanagari(c: char) -> Option<char> {
    let parallel = matches!(
        name_script(c),
        Some(NameScript::Gurmukhi | NameScript::Gujarati | NameScript::Odia | NameScript::Telugu | NameScript::Kannada | NameScript::Malayalam)
    );
    parallel.then(|| char::from_u32(0x0900 + (u32::from(c) & 0x7F))).flatten()
}

/// Whether `c` is a vowel sign or other mark written with the letters of `script`.
fn is_combining_in(c: char, script: NameScript) -> bool {
    match script {
        NameScript::Arabic => matches!(u32::from(c), 0x064B..=0x065F | 0x0670),
        NameScript::Hebrew => matches!(u32::from(c), 0x05B0..=0x05C7),
        NameScript::Devanagari => matches!(u32::from(c), 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963),
        NameScript::Thai => matches!(u32::from(c), 0x0E2F..=0x0E3A | 0x0E45..=0x0E4E),
        NameScript::Bengali => matches!(u32::from(c), 0x0981..=0x0983 | 0x09BC..=0x09CD | 0x09D7 | 0x09E2..=0x09E3),
        NameScript::Tamil => matches!(u32::from(c), 0x0B82..=0x0B83 | 0x0BBE..=0x0BCD | 0x0BD7),
        NameScript::Ethiopic => matches!(u32::from(c), 0x135D..=0x135F),
        NameScript::Georgian | NameScript::Armenian => false,
        NameScript::Gurmukhi => matches!(u32::from(c), 0x0A01..=0x0A03 | 0x0A3C..=0x0A51 | 0x0A70..=0x0A71 | 0x0A75) || is_joiner(c),
        NameScript::Gujarati => matches!(u32::from(c), 0x0A81..=0x0A83 | 0x0ABC..=0x0ACD | 0x0AE2..=0x0AE3) || is_joiner(c),
        NameScript::Telugu => matches!(u32::from(c), 0x0C00..=0x0C04 | 0x0C3C..=0x0C56 | 0x0C62..=0x0C63) || is_joiner(c),
        NameScript::Kannada => matches!(u32::from(c), 0x0C80..=0x0C83 | 0x0CBC..=0x0CD6 | 0x0CE2..=0x0CE3) || is_joiner(c),
        NameScript::Malayalam => matches!(u32::from(c), 0x0D00..=0x0D03 | 0x0D3B..=0x0D4D | 0x0D57 | 0x0D62..=0x0D63) || is_joiner(c),
        NameScript::Sinhala => matches!(u32::from(c), 0x0D81..=0x0D83 | 0x0DCA..=0x0DDF | 0x0DF2..=0x0DF3) || is_joiner(c),
        NameScript::Khmer => matches!(u32::from(c), 0x17B4..=0x17D3 | 0x17DD),
        NameScript::Odia => matches!(u32::from(c), 0x0B01..=0x0B03 | 0x0B3C..=0x0B57 | 0x0B62..=0x0B63) || is_joiner(c),
        NameScript::Lao => matches!(u32::from(c), 0x0EB0..=0x0EBC | 0x0EC6 | 0x0EC8..=0x0ECE),
    }
}

/// Whether `c` is the zero-width joiner or non-joiner, which Sinhala and Malayalam write inside
/// words to choose a conjunct's shape (`ප්‍ර`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether a word of a name in a script of [`NameScript`] may be romanized
/// starting with `initial` (lowercase ASCII): see [`romanized_initials`]. An Arabic family name
/// after `ال` may be written with `al` or without it (`alshammari`, `shammari`).
fn romanizes_from(word: &str, initial: u8) -> bool {
    let article = word.strip_prefix("ال").filter(|rest| !rest.is_empty());
    romanized_initials(word).contains(&initial) || article.is_some_and(|rest| romanized_initials(rest).contains(&initial))
}

/// The Latin letters the first letter of a word in one of the scripts of [`NameScript`] is
/// romanized as (a Thai vowel written before its consonant is passed over).
fn romanized_initials(word: &str) -> &'static [u8] {
    let first = word.chars().next().unwrap_or(' ');
    match first {
        'ا' | 'أ' | 'إ' | 'آ' | 'ع' | 'א' | 'ע' | 'อ' => b"aeiou",
        'ب' | 'ב' | 'บ' => b"bv",
        'ت' | 'ط' | 'ט' | 'ת' | 'ต' | 'ฏ' => b"t",
        'ث' => b"tsh",
        'ج' | 'ג' => b"jg",
        'ح' | 'ه' | 'ה' | 'ห' | 'ฮ' => b"hea",
        'خ' | 'ח' => b"khc",
        'د' | 'ض' | 'ד' | 'ด' | 'ฎ' => b"d",
        'ذ' | 'ظ' => b"dzt",
        'ر' | 'ר' | 'ร' => b"r",
        'ز' | 'ז' => b"z",
        'س' | 'ص' | 'ס' | 'ซ' | 'ศ' | 'ษ' | 'ส' => b"s",
        'ش' | 'ש' => b"sc",
        'غ' => b"g",
        'ف' | 'פ' | 'ף' | 'ฝ' | 'ฟ' => b"fp",
        'ق' | 'ק' => b"qkg",
        'ك' | 'כ' | 'ך' | 'ก' => b"kcg",
        'ل' | 'ל' | 'ล' | 'ฬ' => b"l",
        'م' | 'מ' | 'ם' | 'ม' => b"m",
        'ن' | 'נ' | 'ן' | 'ณ' | 'น' => b"n",
        'و' | 'ו' | 'ว' => b"wvou",
        'ي' | 'ی' | 'י' | 'ย' | 'ญ' => b"yije",
        // Persian and Urdu letters of the Arabic block.
        'پ' => b"p",
        'چ' => b"c",
        'ژ' => b"zj",
        'ک' => b"kc",
        'گ' => b"g",
        'ہ' | 'ھ' => b"h",
        'ٹ' => b"t",
        'ڈ' => b"d",
        'ڑ' => b"r",
        'ے' => b"ey",
        // Kurdish (Sorani) and Pashto letters of the Arabic block.
        'ئ' => b"aeiou",
        'ڕ' | 'ړ' => b"r",
        'ڵ' => b"l",
        'ڤ' => b"v",
        'ۆ' => b"ou",
        'ێ' | 'ې' | 'ە' => b"ea",
        'ګ' => b"g",
        'ټ' => b"t",
        'ډ' => b"d",
        'ښ' => b"sx",
        'ځ' => b"zd",
        'څ' => b"ts",
        'ږ' => b"zgj",
        'ڼ' => b"n",
        'צ' | 'ץ' => b"tzc",
        'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => b"k",
        'ง' => b"n",
        'จ' | 'ฉ' | 'ช' | 'ฌ' => b"cj",
        'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => b"t",
        'ป' => b"pb",
        'ผ' | 'พ' | 'ภ' => b"p",
        'เ' | 'แ' | 'โ' | 'ใ' | 'ไ' | 'ເ' | 'ແ' | 'ໂ' | 'ໃ' | 'ໄ' => romanized_initials(chars_from(word, 1)),
        'अ' | 'आ' => b"a",
        'ऋ' => b"r",
        'ऍ' | 'ऎ' => b"e",
        'ऑ' | 'ऒ' => b"o",
        'इ' | 'ई' | 'ए' | 'ऐ' => b"iea",
        'उ' | 'ऊ' | 'ओ' | 'औ' => b"uo",
        'क' | 'ख' => b"kcq",
        'ग' | 'घ' => b"g",
        'च' | 'छ' => b"c",
        'ज' | 'झ' => b"jz",
        'ट' | 'ठ' | 'त' | 'थ' => b"t",
        'ड' | 'ढ' | 'द' | 'ध' => b"d",
        'ण' | 'न' => b"n",
        'प' | 'फ' => b"pf",
        'ब' | 'भ' => b"bv",
        'म' => b"m",
        'य' => b"yj",
        'र' => b"r",
        'ल' => b"l",
        'व' => b"vw",
        'श' | 'ष' | 'स' => b"s",
        'ह' => b"h",
        _ => other_romanized_initials(first),
    }
}

/// [`romanized_initials`] for Bengali, Tamil, Ethiopic, Georgian, Gurmukhi, Gujarati, Telugu,
/// Kannada, Malayalam, Sinhala, Armenian and Khmer letters.
fn other_romanized_initials(first: char) -> &'static [u8] {
    if let Some(devanagari) = as_devanagari(first) {
        return romanized_initials(devanagari.encode_utf8(&mut [0; 4]));
    }
    match name_script(first) {
        Some(NameScript::Ethiopic) => return ethiopic_initials(first),
        Some(NameScript::Sinhala) => return sinhala_initials(first),
        Some(NameScript::Armenian) => return armenian_initials(first),
        Some(NameScript::Khmer) => return khmer_initials(first),
        Some(NameScript::Lao) => return lao_initials(first),
        _ => {}
    }
    match first {
        'অ' | 'আ' | 'அ' | 'ஆ' | 'ა' => b"a",
        'ই' | 'ঈ' | 'இ' | 'ஈ' | 'ი' => b"ie",
        'উ' | 'ঊ' | 'உ' | 'ஊ' | 'უ' => b"u",
        'এ' | 'ঐ' | 'எ' | 'ஏ' | 'ஐ' | 'ე' => b"ea",
        'ও' | 'ঔ' | 'ஒ' | 'ஓ' | 'ஔ' | 'ო' => b"o",
        'ক' | 'খ' | 'க' | 'კ' => b"kg",
        'ქ' | 'ყ' => b"kq",
        'ხ' => b"khx",
        'গ' | 'ঘ' | 'გ' | 'ღ' => b"g",
        'চ' | 'ছ' | 'ჩ' | 'ჭ' => b"c",
        'ச' => b"sc",
        'জ' | 'ঝ' | 'ஜ' | 'ჯ' => b"jz",
        'ট' | 'ঠ' | 'ত' | 'থ' | 'თ' | 'ტ' => b"t",
        'ட' | 'த' => b"td",
        'ც' | 'წ' => b"tc",
        'ড' | 'ঢ' | 'দ' | 'ধ' | 'დ' | 'ძ' => b"d",
        'ঙ' | 'ঞ' | 'ণ' | 'ন' | 'ங' | 'ஞ' | 'ண' | 'ந' | 'ன' | 'ნ' => b"n",
        'প' | 'ফ' | 'ფ' => b"pf",
        'ப' => b"pb",
        'პ' => b"p",
        'ব' | 'ভ' | 'ბ' => b"bv",
        'ম' | 'ம' | 'მ' => b"m",
        'য' | '\u{09DF}' => b"jy",
        'ய' => b"y",
        'র' | 'ৰ' | '\u{09DC}' | '\u{09DD}' | 'ர' | 'ற' | 'რ' => b"r",
        'ৱ' => b"wvb",
        'ল' | 'ல' | 'ள' | 'ლ' => b"l",
        'ழ' => b"lz",
        'வ' | 'ვ' => b"vw",
        'শ' | 'ষ' | 'স' | 'ஷ' | 'ஸ' | 'ს' | 'შ' => b"s",
        'হ' | 'ஹ' | 'ჰ' => b"h",
        'ზ' | 'ჟ' => b"z",
        _ => b"",
    }
}

/// The Latin letters an Ethiopic syllable's consonant is romanized as: the syllables of one
/// consonant stand in rows of eight (`የ`, `ዩ`, …, `ዮ`), and the glottal rows (`አ`, `ዐ`) start
/// with their vowel.
fn ethiopic_initials(first: char) -> &'static [u8] {
    const ROWS: [&[u8]; 43] = [
        b"h", b"l", b"h", b"m", b"s", b"r", b"s", b"s", b"qk", b"qk", b"q", b"q", b"b", b"v", b"t", b"c", b"h", b"h", b"n", b"n", b"aeiou",
        b"k", b"k", b"h", b"k", b"w", b"aeiou", b"z", b"z", b"y", b"d", b"d", b"j", b"g", b"g", b"g", b"t", b"c", b"p", b"ts", b"ts", b"f", b"p",
    ];
    let row = (u32::from(first).saturating_sub(0x1200) / 8) as usize;
    ROWS.get(row).copied().unwrap_or(b"")
}

/// The Latin letters a Sinhala letter is romanized as.
fn sinhala_initials(first: char) -> &'static [u8] {
    match first {
        'අ' | 'ආ' | 'ඇ' | 'ඈ' => b"a",
        'ඉ' | 'ඊ' => b"i",
        'උ' | 'ඌ' => b"u",
        'එ' | 'ඒ' | 'ඓ' => b"e",
        'ඔ' | 'ඕ' | 'ඖ' => b"o",
        'ක' | 'ඛ' => b"k",
        'ග' | 'ඝ' | 'ඟ' => b"g",
        'ච' | 'ඡ' => b"c",
        'ජ' | 'ඣ' => b"j",
        'ට' | 'ඨ' | 'ත' | 'ථ' => b"t",
        'ඩ' | 'ඪ' | 'ද' | 'ධ' | 'ඬ' | 'ඳ' => b"d",
        'ඤ' | 'ණ' | 'න' | 'ඞ' => b"n",
        'ප' | 'ඵ' => b"pf",
        'බ' | 'භ' | 'ඹ' => b"b",
        'ම' => b"m",
        'ය' => b"y",
        'ර' => b"r",
        'ල' | 'ළ' => b"l",
        'ව' => b"vw",
        'ශ' | 'ෂ' | 'ස' => b"s",
        'හ' => b"h",
        'ෆ' => b"f",
        _ => b"",
    }
}

/// The Latin letters an Armenian letter (either case) is romanized as.
fn armenian_initials(first: char) -> &'static [u8] {
    // The lowercase letters stand 0x30 after the capitals.
    let capital = match u32::from(first) {
        lower @ 0x0561..=0x0586 => char::from_u32(lower - 0x30).unwrap_or(first),
        _ => first,
    };
    match capital {
        'Ա' => b"a",
        'Բ' => b"b",
        'Գ' => b"g",
        'Դ' => b"d",
        'Ե' | 'Է' | 'Ը' => b"ey",
        'Զ' => b"z",
        'Թ' | 'Տ' => b"t",
        'Ժ' => b"zj",
        'Ի' => b"i",
        'Լ' => b"l",
        'Խ' => b"kx",
        'Ծ' | 'Ց' => b"tc",
        'Կ' | 'Ք' => b"kq",
        'Հ' | 'Յ' => b"hy",
        'Ձ' => b"dz",
        'Ղ' => b"g",
        'Ճ' | 'Չ' => b"ct",
        'Մ' => b"m",
        'Ն' => b"n",
        'Շ' => b"s",
        'Ո' | 'Օ' => b"ov",
        'Պ' | 'Փ' => b"p",
        'Ջ' => b"j",
        'Ռ' | 'Ր' => b"r",
        'Ս' => b"s",
        'Վ' | 'Ւ' => b"vw",
        'Ֆ' => b"f",
        _ => b"",
    }
}

/// The Latin letters a Khmer consonant or vowel is romanized as.
fn khmer_initials(first: char) -> &'static [u8] {
    match first {
        'ក' | 'ខ' | 'គ' | 'ឃ' => b"k",
        'ង' => b"n",
        'ច' | 'ឆ' | 'ជ' | 'ឈ' => b"cj",
        'ញ' | 'ណ' | 'ន' => b"n",
        'ដ' | 'ឌ' => b"d",
        'ឋ' | 'ឍ' | 'ត' | 'ថ' | 'ធ' => b"t",
        'ទ' => b"td",
        'ប' | 'ព' => b"bp",
        'ផ' | 'ភ' => b"p",
        'ម' => b"m",
        'យ' => b"y",
        'រ' => b"r",
        'ល' | 'ឡ' => b"l",
        'វ' => b"vw",
        'ឝ' | 'ឞ' | 'ស' => b"s",
        'ហ' => b"h",
        'អ' | 'ឣ'..='ឳ' => b"aeiou",
        _ => b"",
    }
}

/// The Latin letters a Lao consonant is romanized as; a vowel written before its consonant
/// (`ເ`, `ແ`, `ໂ`, `ໃ`, `ໄ`) is passed over.
fn lao_initials(first: char) -> &'static [u8] {
    match first {
        'ກ' | 'ຂ' | 'ຄ' => b"k",
        'ງ' | 'ນ' | 'ໜ' => b"n",
        'ຈ' => b"cj",
        'ສ' | 'ຊ' => b"sx",
        'ຍ' | 'ຢ' => b"ny",
        'ດ' => b"d",
        'ຕ' | 'ຖ' | 'ທ' => b"t",
        'ບ' => b"b",
        'ປ' | 'ຜ' | 'ພ' => b"p",
        'ຝ' | 'ຟ' => b"f",
        'ມ' | 'ໝ' => b"m",
        'ຣ' => b"r",
        'ລ' => b"l",
        'ວ' => b"vw",
        'ຫ' | 'ຮ' => b"h",
        'ອ' => b"aeiou",
        _ => b"",
    }
}

/// `word` from its `n`th character on.
fn chars_from(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or("", |(at, _)| &word[at..])
}

/// How the words for a department, a team or a person in charge end (`営業部`, `担当者`,
/// `负责人`, `담당자`, `총무팀`, `客服中心`): such a word before an address is no name.
const CJK_ROLE_ENDINGS: &[&str] = &["部", "課", "室", "者", "人", "服", "口", "所", "局", "組", "组", "中心", "센터", "팀", "담당자", "실"];

/// The spaces written between the parts of a name in Chinese, Japanese and Korean text.
const CJK_SPACES: [char; 2] = [' ', '\u{3000}'];

/// `before` without the opening bracket or column separator that ends it (see
/// [`column_before`]), and the spaces before that.
fn separated_column(before: &str) -> Option<&str> {
    before.strip_suffix(['<', '(', '（', '＜', ',', '،', ';', '|', '\t', '·', '—', '–']).map(|rest| rest.trim_end_matches(CJK_SPACES))
}

/// `before` without what stands between a name and the address after it: an opening bracket
/// (`小林 直樹 <`), a table's, a CSV file's or an SQL statement's column separator (`李娜,`,
/// `이준호 | `, `'李娜','`), or the key of the next JSON field (`"name":"佐藤 健","email":"`);
/// `None` when none of those ends it.
fn column_before(before: &str) -> Option<&str> {
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
fn without_a_phone_cell(before: &str) -> &str {
    let rest = without_a_spaced_phone(before);
    match separated_column(rest) {
        Some(name) if rest.len() < before.len() && !name.is_empty() => name,
        _ => before,
    }
}

/// `before` without an identifier in parentheses at its end (`নুসরাত জাহান (s1605094)` of
/// `Student: নুসরাত জাহান (s1605094), nusrat…`): one word holding a digit.
fn without_an_identifier(before: &str) -> &str {
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
const CJK_NAME_BYTES: usize = 64;

/// Honorifics written after a name in Chinese, Japanese and Korean.
const CJK_HONORIFICS: &[&str] = &["様", "さま", "さん", "氏", "殿", "先生", "고객님", "고객", "님", "씨"];

/// The name that ends `before`, for [`cjk_name_before_address`].
fn trailing_cjk_name(before: &str) -> Option<&str> {
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

/// The article before an Arabic family name, which an address may leave out with the father's
/// name (`Al-Qahtani`, `qahtani`).
const ARABIC_ARTICLES: &[&str] = &["al-", "el-"];

/// The particles after which a father's name follows (`bin`, `bint`, `binti`).
const PATRONYMIC_PARTICLES: &[&str] = &["bin", "binte", "binti", "bint"];

/// Family-name particles written between a given name and a family name, mostly in lowercase
/// (`de la`, `van der`, `bin`, `binti`; `Dela` too), which an address may leave out.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "binte", "binti", "bint", "da", "de", "del", "dela", "della", "den", "der", "di", "dos", "du", "el", "la", "le", "ten", "ter", "van", "von", "zu",
];

/// The first of `words` (a given name) and up to three after it (with the particles among
/// them, which an address may leave out), as `given family…`, if they spell `spelled` given name
/// first, or family name first when the text writes the family name first (`Chua Li Ting`,
/// `litingchua`; see [`names_beside_address`]); each word comes with whether only spaces come
/// after it.
fn spelled_by(words: &[(&str, bool)], spelled: &str) -> Option<String> {
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
        let particle = word.is_ascii() && NAME_PARTICLES.contains(&folded.as_str());
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
fn spelling_key(folded: &str) -> String {
    folded.chars().filter(|c| !matches!(c, '-' | '\'' | '’')).collect()
}

/// The most words of a name, and of parts of an address's local part, that
/// [`names_beside_address`] reads (`Bruno Carvalho da Cunha`).
const MAX_NAME_WORDS: usize = 4;

/// Whether the folded `name` (Latin, Cyrillic or Greek letters) is written `spelled` in ASCII:
/// Latin letters as they are, the others by the usual romanizations of each (`анна смирнова`
/// → `annasmirnova`, `ελενη γεωργιου` → `elenigeorgiou`; `х` as `kh` or `h`, `я` as `ya`, `ia`
/// or `ja`, …). `steps` is what is left of the search's budget: each letter tried spends one, and
/// an exhausted budget answers no, so letters with several spellings cannot make the search
/// exponential (`ььь…` against `yyy…`).
fn romanizes_to(name: &str, spelled: &[u8], steps: &mut usize) -> bool {
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
const MAX_ROMANIZATION_STEPS: usize = 1_024;

/// How addresses write a lowercase Cyrillic or Greek letter (as [`Folded`] leaves it: `й`
/// becomes `и`, Greek accents are dropped), or a Latin letter that has no plain base letter
/// (`ə`, `þ`), in ASCII; nothing for other letters.
fn romanizations(c: char) -> &'static [&'static str] {
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
        'ж' => &["zh", "j", "z"],
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
        'ң' => &["ng", "n"],
        'ә' => &["a", "ae", "e"],
        'ұ' => &["u"],
        'һ' | 'ҳ' => &["h", "kh"],
        'ѕ' => &["dz", "z"],
        // Uzbek's turned comma (`Yoʻldosheva`), which addresses leave out.
        'ʻ' | 'ʼ' => &[""],
        // Latin letters without a decomposition: Azerbaijani's schwa, Icelandic's thorn and eth.
        'ə' => &["a", "e"],
        'þ' => &["th"],
        'ð' => &["d", "dh"],
        _ => &[],
    }
}

/// The words of `text` (letters, with the combining accents, apostrophes and hyphens inside
/// them: `O'Connor`, `Gómez-Ruiz`), each with whether only spaces separate it from the next.
fn words_in(text: &str) -> Vec<(&str, bool)> {
    let mut words: Vec<(&str, bool)> = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_letter = chars.peek().is_some_and(|&(_, next)| next.is_alphabetic());
        // A combining accent of decomposed text belongs to its letter (Yoruba `ẹ́`).
        let mark = start.is_some() && matches!(u32::from(c), 0x0300..=0x036F);
        let inside = c.is_alphabetic() || mark || (start.is_some() && matches!(c, '\'' | '’' | '-') && next_is_letter);
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
fn name_forms(name: &str) -> Vec<String> {
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
const SPELLED_OUT_LETTERS: [&[u8; 2]; 4] = [b"ae", b"oe", b"ue", b"aa"];

/// At most this many of a name's spelled-out pairs are each tried both ways (8 spellings).
const MAX_SPELLED_OUT_PAIRS: usize = 3;

/// The ways the text may write the name an address spells, the address's own first: an address
/// may spell out letters as German and Nordic addresses do (`michael.mueller` for `Michael
/// Müller`, `soeren` for `Søren`, `aase` for `Åse`), and each such pair may as well be two
/// letters of the name (the `ae` of `michael`), so each is tried contracted to its first letter
/// and not. A pair counts only before another letter (an umlaut rarely ends a name; `doe` stays
/// `doe`). `name` is lowercase ASCII ([`name_of_address`]).
fn spellings(name: &str) -> Vec<String> {
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

/// Whether a person's form at `range` stands alone (no letter, digit or `_` glued to either
/// end), except where the
/// form and the text around it change script into one written without spaces between words
/// (Chinese, Japanese): there a name is glued to its neighbours, `田中 陽子さん`, `Ann Leeさん`
/// (an honorific such as `さん` follows a name directly).
fn stands_alone_as_a_name(text: &str, range: &Range<usize>) -> bool {
    // Korean is written with spaces, but an honorific or a particle is glued to a name
    // (`김민지님이`).
    let glues = |c: char| is_unspaced_script(c) || is_hangul(c);
    let word = |c: char| c.is_alphanumeric() || c == '_';
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

/// Whether `c` belongs to a script written without spaces between words: kana, CJK ideographs
/// (with their extension A and compatibility block), half-width katakana, Thai, Khmer.
fn is_unspaced_script(c: char) -> bool {
    is_han(c) || matches!(u32::from(c), 0x3040..=0x30FF | 0xFF66..=0xFF9F | 0x0E00..=0x0E7F | 0x1780..=0x17FF)
}

/// Whether `c` is a CJK ideograph (the unified block, extension A, compatibility ideographs).
fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
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

/// One case-insensitive alternation of the escaped `forms`, longest first; [`stands_alone_as_a_name`]
/// checks the word boundaries afterwards (a Unicode `\b` or `\W` in the pattern would make it
/// many times larger to compile and keep the fast DFA off any text that is not pure ASCII). Any
/// run of whitespace matches the whitespace inside a name, so a name broken across lines is found
/// too.
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

/// A tenant's compiled pattern.
struct Custom {
    /// The name in reports.
    name: String,
    /// The pattern, compiled under [`CUSTOM_PATTERN_SIZE_LIMIT`].
    regex: meta::Regex,
}

impl Custom {
    /// Adds the matches of this pattern (the custom pattern at `index` of the policy) to `out`.
    ///
    /// Each search covers at most twice [`MAX_CUSTOM_MATCH_BYTES`] from where it starts, so one
    /// search costs at most that many steps whatever the pattern; when it finds nothing the next
    /// one starts [`MAX_CUSTOM_MATCH_BYTES`] later (a match starting before that would have fit);
    /// a match that reaches the window's end is searched again from its start; after a match the
    /// next search starts at its end. The whole scan is linear in the text.
    fn find(&self, text: &str, index: usize, out: &mut Vec<Found>) {
        let mut at = 0;
        while at < text.len() {
            let end = floor_char_boundary(text, at.saturating_add(2 * MAX_CUSTOM_MATCH_BYTES));
            let input = Input::new(text).range(at..end);
            match self.regex.search(&input) {
                // A match that reaches the window's end may go on past it: search again from
                // its start, with the whole window ahead.
                Some(m) if m.end() == end && end < text.len() && m.start() > at => at = m.start(),
                Some(m) if !m.is_empty() => {
                    let range = self.capped(text, m.range());
                    at = range.end;
                    out.push(Found::new(PiiKind::Custom, Name::Custom(index), range));
                }
                Some(m) => at = next_char(text, m.start()),
                None if end >= text.len() => break,
                None => {
                    at = floor_char_boundary(text, at + MAX_CUSTOM_MATCH_BYTES).max(at + 1);
                    at = ceil_char_boundary(text, at);
                }
            }
        }
    }

    /// `found`, or where it is longer than [`MAX_CUSTOM_MATCH_BYTES`], the pattern's match at
    /// the same start within that many bytes (or, failing one, `found` cut there).
    fn capped(&self, text: &str, found: Range<usize>) -> Range<usize> {
        if found.len() <= MAX_CUSTOM_MATCH_BYTES {
            return found;
        }
        let limit = floor_char_boundary(text, found.start + MAX_CUSTOM_MATCH_BYTES);
        let input = Input::new(text)
            .range(found.start..limit)
            .anchored(Anchored::Yes);
        match self.regex.search(&input) {
            Some(m) if !m.is_empty() => m.range(),
            _ => found.start..limit.max(next_char(text, found.start)),
        }
    }
}

/// The largest character boundary of `text` at or below `at` (capped at the text's length).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or above `at` (capped at the text's length).
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Validates and compiles the policy's custom patterns.
fn compile_custom(patterns: &[CustomPattern]) -> Result<Vec<Custom>, RedactionError> {
    let mut names = BTreeSet::new();
    patterns
        .iter()
        .map(|custom| {
            check_custom_name(&custom.name)?;
            if !names.insert(custom.name.as_str()) {
                return Err(invalid(&custom.name, "is defined twice"));
            }
            if custom.pattern.len() > MAX_CUSTOM_PATTERN_BYTES {
                return Err(invalid(
                    &custom.name,
                    &format!(
                        "has {} bytes; the limit is {MAX_CUSTOM_PATTERN_BYTES}",
                        custom.pattern.len()
                    ),
                ));
            }
            let regex = compile_custom_pattern(&custom.pattern)
                .map_err(|problem| invalid(&custom.name, &problem))?;
            Ok(Custom {
                name: custom.name.clone(),
                regex,
            })
        })
        .collect()
}

/// An [`RedactionError::InvalidPattern`] naming the custom pattern.
fn invalid(name: &str, problem: &str) -> RedactionError {
    RedactionError::InvalidPattern(format!("custom pattern '{name}' {problem}"))
}

/// Refuses a custom pattern name that is not 1–32 characters of `[a-z0-9_-]`.
fn check_custom_name(name: &str) -> Result<(), RedactionError> {
    let valid = !name.is_empty()
        && name.chars().count() <= MAX_CUSTOM_NAME_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if valid {
        return Ok(());
    }
    Err(RedactionError::InvalidPattern(format!(
        "custom pattern name '{}' must be 1 to {MAX_CUSTOM_NAME_CHARS} characters of a-z, 0-9, \
         '_' and '-'",
        name.chars().take(64).collect::<String>()
    )))
}

/// Compiles a custom pattern under the size limits (the settings `RegexBuilder::size_limit` and
/// `RegexBuilder::dfa_size_limit` make, on the engine underneath); the error says why not.
fn compile_custom_pattern(pattern: &str) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .onepass_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .dfa_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .hybrid_cache_capacity(CUSTOM_PATTERN_SIZE_LIMIT);
    meta::Regex::builder()
        .configure(config)
        .build(pattern)
        .map_err(|error| describe_build_error(&error))
}

/// A one-line, lowercase account of why a pattern did not compile.
fn describe_build_error(error: &meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        return format!("compiles to more than the size limit of {limit} bytes");
    }
    let message = error
        .syntax_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    let last = message
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("unknown error");
    let last = last.trim().trim_start_matches("error:").trim();
    format!("does not compile: {}", last.to_lowercase())
}

/// What a check accepts: the span to replace, perhaps under another kind and name.
struct Accept {
    /// The span to replace (often the match; narrower for assignments, wider for key blocks).
    range: Range<usize>,
    /// Another kind and name than the detector's (a MAC address the IPv6 pattern found).
    relabel: Option<(PiiKind, &'static str)>,
}

impl Accept {
    /// Accepts `range` under the detector's own kind and name.
    fn plain(range: Range<usize>) -> Accept {
        Accept {
            range,
            relabel: None,
        }
    }
}

/// Checks a match of a detector's pattern: what to replace, or `None` to reject it.
type Check = fn(&str, Range<usize>) -> Option<Accept>;

/// One detector of the fixed set.
struct Detector {
    /// What it finds.
    kind: PiiKind,
    /// Its report name.
    name: &'static str,
    /// Where candidates are.
    pattern: &'static str,
    /// Which candidates are values, and which part of them to replace.
    check: Check,
    /// After a rejected candidate, look for another inside it (short patterns whose candidates
    /// nest, such as digit groups); otherwise the scan resumes after it.
    retry_inside: bool,
}

/// A vendor credential found by its format alone.
const fn vendor(name: &'static str, pattern: &'static str) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check: check_token,
        retry_inside: false,
    }
}

/// A vendor credential with its own check.
const fn vendor_with(name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check,
        retry_inside: false,
    }
}

/// A vendor credential found by the key it is assigned to: retried inside a rejected match,
/// whose value the generic `password` pattern may still take.
const fn assigned(name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check,
        retry_inside: true,
    }
}

/// A detector of personal data: short patterns, retried inside a rejected candidate.
const fn pii(kind: PiiKind, name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind,
        name,
        pattern,
        check,
        retry_inside: true,
    }
}

/// The separator of an assignment (`=`, `:`, `=>`, `:=`), with optional quotes and blanks
/// around it.
macro_rules! sep {
    () => {
        r#"["']?[ \t]*(?:=>|:=|[:=])[ \t]*["']?"#
    };
}

/// Key blocks, JWTs and the big clouds' and GitHub's credentials. Like every group of vendor
/// formats, its patterns start with literals, few enough for a SIMD prefilter (Teddy) to carry
/// the pass; a format needs no more than its prefix and a length to be found, so repetition
/// counts are kept small (they cost compile time on every request).
const SECRETS_CLOUD: &[Detector] = &[
    Detector {
        kind: PiiKind::PrivateKey,
        name: "private_key",
        pattern: r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----",
        check: check_private_key,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Jwt,
        name: "jwt",
        pattern: r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*",
        check: check_jwt,
        retry_inside: false,
    },
    vendor(
        "api_key/aws",
        r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}",
    ),
    vendor(
        "api_key/gcp",
        r"AIza[0-9A-Za-z_-]{35}|GOCSPX-[0-9A-Za-z_-]{24,}",
    ),
    vendor_with(
        "api_key/azure",
        r"[?&]sig=[A-Za-z0-9%+/=_-]{16,}",
        check_sas_signature,
    ),
    vendor(
        "api_key/github",
        r"gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}",
    ),
];

/// GitLab and Stripe credentials.
const SECRETS_DEVOPS: &[Detector] = &[
    vendor(
        "api_key/gitlab",
        concat!(
            r"glpat-[A-Za-z0-9_.-]{20,}|glptt-[0-9a-f]{20,}|gldt-[A-Za-z0-9_-]{20,}",
            r"|glrt-[A-Za-z0-9_.-]{20,}|glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20,}",
            r"|glft-[A-Za-z0-9_-]{20,}|glimt-[A-Za-z0-9_-]{20,}|glagent-[A-Za-z0-9_-]{20,}",
            r"|gloas-[A-Za-z0-9_-]{20,}|glsoat-[A-Za-z0-9_-]{20,}|glffct-[A-Za-z0-9_-]{20,}",
            r"|GR1348941[A-Za-z0-9_-]{20,}",
        ),
    ),
    vendor(
        "api_key/stripe",
        r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}",
    ),
];

/// Slack, SendGrid, npm and PyPI credentials. A Slack webhook is replaced whole, scheme and all.
const SECRETS_MESSAGING: &[Detector] = &[
    vendor(
        "api_key/slack",
        concat!(
            r"xox[abposre]-[0-9]{1,13}-[A-Za-z0-9-]{8,}|xox[abposre]-[A-Za-z0-9]{8,}",
            r"|xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{20,}|xapp-[0-9]-[A-Za-z0-9-]{10,}",
        ),
    ),
    vendor_with(
        "api_key/slack",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}",
        check_webhook,
    ),
    vendor(
        "api_key/sendgrid",
        r"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
    ),
    vendor("api_key/npm", r"npm_[A-Za-z0-9]{36}"),
    vendor("api_key/pypi", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}"),
];

/// AI vendors' and SaaS credentials. Anthropic's `sk-ant-` comes before OpenAI's `sk-`, so at one
/// position Anthropic wins.
const SECRETS_SAAS: &[Detector] = &[
    vendor(
        "api_key/anthropic",
        r"sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{20,}",
    ),
    vendor(
        "api_key/openai",
        r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{32,}",
    ),
    vendor("api_key/atlassian", r"ATATT3[A-Za-z0-9_=-]{32,}"),
    vendor("api_key/shopify", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    vendor(
        "api_key/huggingface",
        r"hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z0-9]{30,}",
    ),
    vendor("api_key/digitalocean", r"do[opr]_v1_[a-f0-9]{32,}"),
    vendor(
        "api_key/doppler",
        r"dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{32,}",
    ),
];

/// Chat, hosting and payment credentials. A Discord webhook is replaced whole, scheme and all.
const SECRETS_PLATFORMS: &[Detector] = &[
    vendor_with(
        "api_key/mailgun",
        r"(?:pub)?key-[0-9a-f]{32}",
        check_mailgun_key,
    ),
    vendor_with(
        "api_key/discord",
        r"(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{32,}",
        check_webhook,
    ),
    vendor_with(
        "api_key/discord",
        r"Bot [MNO][A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{20,}",
        check_discord_bot_header,
    ),
    vendor_with(
        "api_key/telegram",
        r"/bot[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
        check_telegram_url,
    ),
    vendor("api_key/heroku", r"HRKU-AA[0-9A-Za-z_-]{32,}"),
    vendor(
        "api_key/square",
        r"sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}|EAAA[A-Za-z0-9_-]{40,}",
    ),
    vendor("api_key/linear", r"lin_api_[A-Za-z0-9]{32,}"),
    vendor("api_key/postman", r"PMAK-[a-f0-9]{16,}-[a-f0-9]{16,}"),
];

/// Observability, infrastructure and other vendors' credentials.
const SECRETS_INFRA: &[Detector] = &[
    vendor("api_key/databricks", r"dapi[a-f0-9]{32}(?:-[0-9])?"),
    vendor("api_key/vault", r"hv[sb]\.[A-Za-z0-9_-]{24,}"),
    vendor("api_key/pulumi", r"pul-[a-f0-9]{32,}"),
    vendor(
        "api_key/grafana",
        r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}",
    ),
    vendor(
        "api_key/sentry",
        r"sntryu_[a-f0-9]{32,}|sntrys_eyJ[A-Za-z0-9+/=_]{32,}",
    ),
    vendor(
        "api_key/dynatrace",
        r"dt0c01\.[A-Za-z0-9]{16,}\.[A-Za-z0-9]{32,}",
    ),
    vendor(
        "api_key/sendinblue",
        r"xkeysib-[a-f0-9]{32,}-[A-Za-z0-9]{16}",
    ),
    vendor("api_key/rubygems", r"rubygems_[a-f0-9]{32,}"),
    vendor(
        "api_key/planetscale",
        r"pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,}",
    ),
];

/// More vendors' credentials.
const SECRETS_MORE: &[Detector] = &[
    vendor("api_key/shippo", r"shippo_(?:live|test)_[a-fA-F0-9]{32,}"),
    vendor("api_key/perplexity", r"pplx-[A-Za-z0-9]{32,}"),
    vendor("api_key/notion", r"ntn_[A-Za-z0-9]{32,}"),
    vendor("api_key/groq", r"gsk_[A-Za-z0-9]{32,}"),
    vendor("api_key/docker", r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}"),
    vendor(
        "api_key/age",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{32,}",
    ),
    vendor("api_key/alibaba", r"LTAI[A-Za-z0-9]{20}"),
    vendor(
        "api_key/newrelic",
        r"NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}",
    ),
    // A license key ends in `NRAL` after 36 hex digits, a Terraform Cloud token has 14 letters
    // and digits before `.atlasv1.`: the patterns start at the literal (a pattern starting with
    // a class would take the group's prefilter away), and the checks read what comes before.
    vendor_with("api_key/newrelic", r"NRAL", check_newrelic_license_key),
    vendor("api_key/1password", r"ops_eyJ[A-Za-z0-9+/]{40,}={0,3}"),
    vendor_with("api_key/terraform", r"\.atlasv1\.[A-Za-z0-9_=-]{60,70}", check_terraform_token),
];

/// Twilio's account SID (`AC` + 32 lowercase hex) and API key (`SK…`, only where the text
/// mentions Twilio): their two-letter prefixes get a pass of their own.
const SECRETS_TWILIO: &[Detector] = &[
    vendor("api_key/twilio", r"AC[0-9a-f]{32}"),
    vendor_with("api_key/twilio", r"SK[0-9a-fA-F]{32}", check_twilio_key),
    // An API key's secret or the account's auth token, named in prose after the key
    // (`SID SK…, Secret RupX…`, `secret wVqz…, auth token 5eb8…`).
    vendor_with(
        "api_key/twilio",
        r"(?:secret|Secret|SECRET|auth token|Auth token|Auth Token|AUTH TOKEN)(?:[ \t]+|[ \t]*[:=][ \t]*)[A-Za-z0-9]{32}",
        check_twilio_secret,
    ),
];

/// Cloud secrets recognised by the key they are assigned to. Every pattern of the assignment
/// groups starts with a literal key word (in lower, capitalised and upper case); a check that
/// rejects the value lets the scan retry inside the match, where the generic `password` pattern
/// may find it.
const ASSIGNED_CLOUD_SECRETS: &[Detector] = &[
    assigned(
        "api_key/aws",
        concat!(
            r"(?:aws|AWS|Aws)[A-Za-z0-9_.-]{0,24}(?:secret|Secret|SECRET)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9/+]{20,}",
        ),
        check_aws_secret,
    ),
    assigned(
        "api_key/aws",
        concat!(
            r"(?:secret_access_key|SecretAccessKey|secretAccessKey|SECRET_ACCESS_KEY)",
            sep!(),
            r"[A-Za-z0-9/+]{20,}",
        ),
        check_aws_secret,
    ),
    assigned(
        "api_key/azure",
        concat!(
            r"(?:AccountKey|accountKey|account_key|ACCOUNT_KEY|storage_key|StorageKey|STORAGE_KEY",
            r"|azure|Azure|AZURE)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9+/]{40,}==",
        ),
        check_assigned_token,
    ),
    // An Azure storage account key given to the `az` command line (`--account-key …==`).
    assigned("api_key/azure", r"--account-key[ \t=]+[A-Za-z0-9+/]{86}==", check_azure_account_key),
];

/// SaaS secrets recognised by the key they are assigned to.
const ASSIGNED_SAAS_SECRETS: &[Detector] = &[
    assigned(
        "api_key/datadog",
        concat!(
            r"(?:datadog|Datadog|DATADOG|DD_API|DD_APP|dd_api|dd_app)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[a-f0-9]{20,}",
        ),
        check_datadog_key,
    ),
    assigned(
        "api_key/heroku",
        concat!(
            r"(?:heroku|Heroku|HEROKU)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[0-9a-fA-F]{8}-[0-9a-fA-F-]{20,}",
        ),
        check_assigned_uuid,
    ),
    assigned(
        "api_key/twilio",
        concat!(
            r"(?:twilio|Twilio|TWILIO)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9]{20,}"
        ),
        check_assigned_length::<32, 34>,
    ),
    assigned(
        "api_key/discord",
        concat!(
            r"(?:discord|Discord|DISCORD)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[MNO][A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{20,}",
        ),
        check_discord_assignment,
    ),
    assigned(
        "api_key/telegram",
        concat!(
            r"(?:telegram|Telegram|TELEGRAM)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
        ),
        check_assigned_token,
    ),
    assigned(
        "api_key/mailchimp",
        concat!(
            r"(?:mailchimp|Mailchimp|MailChimp|MAILCHIMP)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[a-f0-9]{20,}-us[0-9]{1,2}",
        ),
        check_assigned_length::<35, 36>,
    ),
];

/// Atlassian API tokens assigned to a `jira` / `confluence` / `atlassian` key: a group of its
/// own, because those words are in most of this product's tickets.
const ASSIGNED_ATLASSIAN_TOKENS: &[Detector] = &[assigned(
    "api_key/atlassian",
    concat!(
        r"(?:jira|Jira|JIRA|confluence|Confluence|CONFLUENCE|atlassian|Atlassian|ATLASSIAN)",
        r"[A-Za-z0-9_.-]{0,24}",
        sep!(),
        r"[A-Za-z0-9]{20,}",
    ),
    check_assigned_length::<24, 24>,
)];

/// Generic secrets: a `Bearer` or `Basic` credential, a value assigned to a key that says
/// password (in English and in the languages tickets here are written in: `Passwort`,
/// `mot de passe`, `contraseña`, `senha`, …), secret, token, credentials or key
/// (`db_password=…`, `"apiKey": "…"`, `Password=…;` in a connection string), the password of
/// `curl -u`, `mysql -p…`, a command's password flag, a Wi-Fi QR text or a `.pgpass` line, or a
/// password a sentence gives after its word. Each detector's check says which values count.
const PASSWORDS: &[Detector] = &[
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:Bearer|bearer|BEARER)[ \t]+[A-Za-z0-9._~+/-]{16,}=*",
        check: check_bearer,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:Basic|basic|BASIC)[ \t]+[A-Za-z0-9+/]{8,}={0,2}",
        check: check_basic_auth,
        retry_inside: false,
    },
    // A registry login of a Docker `config.json`: `"auth": "<base64 of user:password>"`.
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r#""auth"[ \t]*:[ \t]*"[A-Za-z0-9+/]{8,}={0,2}""#,
        check: check_docker_auth,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: concat!(
            r"(?:[Pp]ass(?:word|wd|phrase|wort|ord)?|PASS(?:WORD|WD|PHRASE|WORT|ORD)?|[Pp]wd|PWD|_pw|_PW",
            r"|[Kk]ennwort|KENNWORT|[Mm]ot de passe|MOT DE PASSE|[Cc]ontraseña|CONTRASEÑA",
            r"|[Ss]enha|SENHA|[Ww]achtwoord|WACHTWOORD|[Hh]asło|HASŁO|[Ll]ösenord|LÖSENORD",
            r"|[Aa]dgangskode|ADGANGSKODE|[Ss]alasana|SALASANA",
            r"|Пароль|пароль|ПАРОЛЬ|[Hh]eslo|HESLO|(?:Şifre|şifre)(?:si|niz)?|ŞİFRE|[Jj]elszó|JELSZÓ|[Mm]ật khẩu",
            r"|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Cc]redentials?|CREDENTIALS?",
            r"|[Aa]pi[_-]?[Kk]ey|API[_-]?KEY|[Aa]ccess[_-]?[Kk]ey|ACCESS[_-]?KEY",
            r"|[Pp]rivate[_-]?[Kk]ey|PRIVATE[_-]?KEY|[Aa]uth[_-]?[Kk]ey|AUTH[_-]?KEY",
            r"|[Ss]igning[_-]?[Kk]ey|SIGNING[_-]?KEY|psk|PSK",
            r"|[Pp]re[_-]?[Ss]hared[_-]?[Kk]ey|PRE[_-]?SHARED[_-]?KEY)",
            r"(?:[_.-]?[A-Z][A-Za-z0-9]*|[_.-][A-Za-z0-9]+){0,4}",
            // An assignment, or the value of an XML setting (`key="ApiSecret" value="…"`).
            r#"(?:"#,
            sep!(),
            r#"|["'][ \t]+value[ \t]*=[ \t]*["']"#,
            // A key and value pair of JSON (`{"key": "clientSecret", "value": "…"}`, Postman).
            r#"|["'],[ \t]*["']value["'][ \t]*:[ \t]*["'])"#,
            r"[!#-%(-+\--:=?-_a-~]+",
        ),
        check: check_password,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r#"(?:-u|--user)(?:[ \t]+|=)["']?[!#-&(-+\--9;=?-~]{1,64}:[!#-&(-+\--~]{1,128}"#,
        check: check_curl_user,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r#"[ \t](?:-[apwPU]|--pass(?:word)?|--user)(?:[ \t]+|=)["']?[!#-&(-~]{1,128}"#,
        check: check_command_password,
        // A flag of another command may be an assignment the password detector above takes
        // (`mysql --password=…`): the search goes on inside it.
        retry_inside: true,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        // After the flags' detector, which takes `-p=…` and `-p …` where they are passwords.
        pattern: r#"[ \t]-p["']?[!#-&(-~]{6,}"#,
        check: check_mysql_password,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        // From the port on: PostgreSQL's, PgBouncer's or any (`*`); a pattern that started at the
        // host name would be tried at every word and cost a quarter of the throughput.
        pattern: r":(?:5432|5433|6432|\*):[!-9;-~]+:[!-9;-~]+:[!-~]+",
        check: check_pgpass_line,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"WIFI:",
        check: check_wifi_password,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        // Whole literals: `net` alone (`internet`, `.net`) would stop the group's prefilter often.
        pattern: r"(?:net use|NET USE|Net use|Net Use)[ \t]",
        check: check_net_use_password,
        retry_inside: false,
    },
    // Oracle's thin JDBC URL puts `user/password@` after its prefix.
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"jdbc:oracle:thin:[A-Za-z0-9_$#.-]{1,64}/[!-.0-?A-~]{1,128}@",
        check: check_oracle_thin_password,
        retry_inside: false,
    },
    // What `terraform output -raw …password` printed on the next line.
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"terraform output (?:-raw |-json )?[A-Za-z0-9_]*(?:password|secret|token)[A-Za-z0-9_]*[ \t]*\r?\n[!-~]{6,128}",
        check: check_terraform_output,
        retry_inside: false,
    },
    // npm's `_auth` setting: the base64 of `user:password`.
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"_auth[ \t]*=[ \t]*[A-Za-z0-9+/]{8,}={0,2}",
        check: check_npm_auth,
        retry_inside: false,
    },
    // The text of an XML password element (`<wsse:Password Type="…#PasswordText">…</wsse:Password>`,
    // `<password>…</password>`).
    Detector {
        kind: PiiKind::Password,
        name: "password",
        // The pattern starts at the name, so that the group keeps its literal prefixes (a `<`
        // alone is too short for the prefix scan); the check reads the `<` and namespace before.
        pattern: r#"(?:[Pp]assword|PASSWORD)(?:[ \t][ -;=?-~]*)?>[ -;=?-~]{1,128}</"#,
        check: check_xml_password,
        retry_inside: false,
    },
    // A meeting's passcode or a device's PIN after its word (`Passcode: 448120`, `PIN 4821`,
    // `Kenncode: 771203`).
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:[Pp]asscode|PASSCODE|PIN(?:[ -]?[Cc]ode|-CODE)?|[Kk]enncode|KENNCODE)[ \t]*(?:[:=]|is)?[ \t]*[0-9]{4,10}",
        check: check_pin,
        retry_inside: false,
    },
    // A password a reply gives without naming it ("reset it to Admin123!", "changed them to
    // …"): only a word written as passwords are; see [`check_reset_to`].
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:[Rr]eset|[Cc]hanged|[Rr]otated|[Ss]et) (?:it|them) (?:back )?to[ \t]+[!-~]{6,64}",
        check: check_reset_to,
        retry_inside: false,
    },
    // A password word without an assignment after it: the value is looked for in the words
    // that follow ("the wifi password for the room is Gast-WLAN#7731"); see
    // [`check_password_nearby`]. Listed last, so an assignment at the same place wins.
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: concat!(
            r"[Pp]ass(?:word|wort|ord|wd|phrase)|PASS(?:WORD|WORT|ORD|WD|PHRASE)|[Kk]ennwort|KENNWORT",
            r"|[Mm]ot de passe|MOT DE PASSE|[Cc]ontraseña|CONTRASEÑA|[Ss]enha|SENHA|[Ww]achtwoord",
            r"|WACHTWOORD|[Hh]asło|HASŁO|[Ll]ösenord|LÖSENORD|[Aa]dgangskode|ADGANGSKODE|[Ss]alasana",
            r"|SALASANA|[Cc]lave|CLAVE|[Ss]torepass|[Kk]eypass|[Pp]alavra-passe|PALAVRA-PASSE",
            r"|パスワード|暗証番号|密码|密碼|비밀번호",
            r"|Пароль|пароль|ПАРОЛЬ|[Hh]eslo|HESLO|(?:Şifre|şifre)(?:si|niz)?|ŞİFRE|[Jj]elszó|JELSZÓ|[Mm]ật khẩu",
        ),
        check: check_password_nearby,
        retry_inside: false,
    },
];

/// Password words of more languages (Indonesian, Malay, Swahili, Romanian, Arabic, Hindi,
/// Thai, Hebrew, Persian, Urdu, Bengali, Tamil, Amharic, Greek, Croatian, Serbian, Lithuanian,
/// Icelandic, Welsh, Irish, Catalan, Afrikaans, Zulu, Mongolian, Georgian), read as
/// [`check_password_nearby`] reads the others. A group of their own: in the password group,
/// their prefixes would pass the number the prefix scan takes, and the whole group would fall
/// back to a regex search of every byte.
const MORE_PASSWORD_WORDS: &[Detector] = &[Detector {
    kind: PiiKind::Password,
    name: "password",
    pattern: concat!(
        r"[Kk]ata [Ss]andi|KATA SANDI|[Kk]ata [Ll]aluan|KATA LALUAN|[Nn]enosiri|NENOSIRI|[Pp]arol(?:a|ă)|PAROL(?:A|Ă)",
        r"|كلمة المرور|كلمة السر|पासवर्ड|รหัสผ่าน|סיסמה|סיסמא",
        r"|رمز عبور|پاس ورڈ|পাসওয়ার্ড|கடவுச்சொல்|የይለፍ ቃል|(?:κ|Κ)ωδικ(?:ός|ό) πρόσβασης|პაროლი",
        r"|[Ll]ozink(?:a|u|e)|LOZINKA|(?:л|Л)озинк(?:а|у|е)|[Ss]laptažod(?:is|į|žio)|SLAPTAŽODIS|[Ll]ykilorð|LYKILORÐ",
        r"|[Cc]yfrinair|CYFRINAIR|[Pp]asfhocal|PASFHOCAL|[Cc]ontrasenya|CONTRASENYA|[Ww]agwoord|WAGWOORD",
        r"|[Ii]phasiwedi|IPHASIWEDI|(?:н|Н)ууц үг",
    ),
    check: check_password_nearby,
    retry_inside: false,
}];

/// The keys that hold a webhook's or a message signature's shared secret without a password
/// word in them (`adyen.hmacKey=…`, `CKO_WEBHOOK_AUTH=…`, `HMAC_SECRET: …`); see
/// [`check_signing_secret`].
const SIGNING_SECRETS: &[Detector] = &[Detector {
    kind: PiiKind::Password,
    name: "password",
    pattern: concat!(
        r"(?:[Hh]mac|HMAC|[Ww]ebhook|WEBHOOK)(?:[_.-]?[A-Z][A-Za-z0-9]*|[_.-][A-Za-z0-9]+){0,4}",
        sep!(),
        r"[!#-%(-+\--:=?-_a-~]+",
    ),
    check: check_signing_secret,
    retry_inside: false,
}];

/// Password words of yet more languages (Telugu, Kannada, Malayalam, Gujarati, Punjabi, Sinhala,
/// Armenian, Khmer, Basque, Galician, Latvian, Estonian, Slovene, Bulgarian, Hausa, Yoruba),
/// read as [`check_password_nearby`] reads the others; a group of their own for the reason
/// [`MORE_PASSWORD_WORDS`] has one. The Indic words are written with or without the
/// zero-width non-joiner that shapes their conjunct.
const REGIONAL_PASSWORD_WORDS: &[Detector] = &[Detector {
    kind: PiiKind::Password,
    name: "password",
    pattern: concat!(
        "పాస్\u{200C}వర్డ్|పాస్వర్డ్|ಪಾಸ್\u{200C}ವರ್ಡ್|ಪಾಸ್ವರ್ಡ್|പാസ്\u{200C}വേഡ്|പാസ്വേഡ്|પાસવર્ડ|ਪਾਸਵਰਡ",
        r"|මුරපදය|գաղտնաբառ|Գաղտնաբառ|ពាក្យសម្ងាត់",
        // Latvian `parole` only before its colon: Italian "words", English "parole".
        r"|[Pp]asahitz|PASAHITZ|[Cc]ontrasinal|CONTRASINAL|[Pp]arole:|PAROLE:|[Ss]alasõna|SALASÕNA",
        r"|[Gg]eslo|GESLO|(?:п|П)арола|ПАРОЛА|[Kk]almar sirri|KALMAR SIRRI|Ọ̀rọ̀ aṣínà|ọ̀rọ̀ aṣínà",
        // Javanese, Faroese, Azerbaijani, Albanian, Kinyarwanda, Somali, Uzbek (`parol`, not
        // Italian `parole`), Luxembourgish, Malagasy; Pashto, Sorani, Odia, Assamese, Tigrinya,
        // Lao, Kazakh, Burmese.
        r"|[Tt]embung sandhi|[Ll]oyniorð|LOYNIORÐ|(?:şifrə|Şifrə)(?:si|niz|n)?|ŞİFRƏ|[Ff]jalëkalim(?:i|in)?|FJALËKALIM",
        r"|[Ii]jambo ry'ibanga|[Ee]rayga sirta|[Pp]arol(?:i|ingiz|ni)?|PAROL|[Pp]asswuert|PASSWUERT|[Tt]eny miafina",
        r"|پټنوم|وشەی نهێنی|ପାସୱାର୍ଡ|পাছৱৰ্ড|መሕለፊ ቃል|ລະຫັດຜ່ານ|құпиясөз(?:і)?|Құпиясөз(?:і)?|စကားဝှက်",
    ),
    check: check_password_nearby,
    retry_inside: false,
}];

/// The base64 of `scheme://` for the schemes whose URLs carry credentials (`amqps://`,
/// `postgres://`, `redis://`, …), up to the last whole three bytes: how such a URL's base64
/// starts, as a Kubernetes Secret's `data` holds it.
const BASE64_URL_SCHEMES: &[&str] = &[
    "YW1xcHM6", "YW1xcDov", "cG9zdGdyZXM6", "cG9zdGdyZXNxbDov", "bXlzcWw6", "cmVkaXM6", "cmVkaXNzOi8v", "bW9uZ29kYjov", "bW9uZ29kYitzcnY6",
    "aHR0cHM6", "aHR0cDov", "c210cDov", "c210cHM6", "a2Fma2E6", "bmF0czov", "c2Z0cDov", "ZnRwOi8v",
];

/// A URL with a user and a password, encoded in base64 (a Kubernetes Secret's `AMQP_URL:
/// YW1xcHM6Ly9…`): the whole value is the secret, see [`check_base64_url_credentials`].
const BASE64_URL_CREDENTIALS: &[Detector] = &[Detector {
    kind: PiiKind::Password,
    name: "password",
    pattern: concat!(
        "(?:YW1xcHM6|YW1xcDov|cG9zdGdyZXM6|cG9zdGdyZXNxbDov|bXlzcWw6|cmVkaXM6|cmVkaXNzOi8v|bW9uZ29kYjov|bW9uZ29kYitzcnY6",
        "|aHR0cHM6|aHR0cDov|c210cDov|c210cHM6|a2Fma2E6|bmF0czov|c2Z0cDov|ZnRwOi8v)[A-Za-z0-9+/]{12,1024}={0,2}",
    ),
    check: check_base64_url_credentials,
    retry_inside: false,
}];

/// Accepts a base64 value, not part of a longer one, that decodes to a URL whose authority has
/// a user and a password that is no variable (`amqps://loyalty_rw:lMYM…@mq…`).
fn check_base64_url_credentials(text: &str, found: Range<usize>) -> Option<Accept> {
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/')) {
        return None;
    }
    let decoded = String::from_utf8(BASE64_STANDARD.decode(&text[found.clone()]).ok()?).ok()?;
    let (_, rest) = decoded.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (credentials, _) = authority.rsplit_once('@')?;
    let (user, password) = credentials.split_once(':')?;
    (!user.is_empty() && !password.is_empty() && !is_reference(password)).then_some(Accept::plain(found))
}

/// Passwords that administrators' tools take or print: PowerShell's
/// `ConvertTo-SecureString '…' -AsPlainText`, an LDIF's `unicodePwd::` or `userPassword::`
/// (the base64 of the password), SQL*Plus's `sqlplus user/password@db` (and Data Pump's), Oracle's
/// EZConnect `user/password@//host`, and the first user's password in the
/// `"RegisteredUsers": { "user": "password" }` of Orthanc's configuration.
const ADMIN_TOOL_SECRETS: &[Detector] = &[
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"ConvertTo-SecureString|convertto-securestring|CONVERTTO-SECURESTRING",
        check: check_secure_string,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:unicodePwd|userPassword):: ?[A-Za-z0-9+/]{4,512}={0,2}",
        check: check_ldif_password,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"(?:sqlplus|expdp|impdp) +(?:-[A-Za-z]+ +)*[A-Za-z][A-Za-z0-9_$#]{0,63}/[!-.0-?A-~]{1,128}",
        check: check_oracle_login,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r"@//",
        check: check_ezconnect_password,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r#""RegisteredUsers"\s*:\s*\{\s*"[A-Za-z0-9_.@-]{1,64}"\s*:\s*"[ !#-\[\]-~]{1,256}""#,
        check: check_registered_user,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern: r#""result"\s*:\s*"[ !#-\[\]-~]{1,256}""#,
        check: check_random_password,
        retry_inside: false,
    },
];

/// A person's name after a label that asks for one's full name, in a form or a checklist
/// (`Full name: Jane Doe`, `Nombre completo:  Diego  Castellanos`, `שם מלא: …`); see
/// [`check_full_name`]. A label that only says "name" is not read: it names services, files
/// and projects as often.
const FULL_NAME_LABELS: &[Detector] = &[Detector {
    kind: PiiKind::Person,
    name: "person",
    pattern: concat!(
        r"(?:[Ff]ull [Nn]ame|FULL NAME|[Nn]ombre [Cc]ompleto|NOMBRE COMPLETO|[Nn]ome [Cc]ompleto",
        r"|NOME COMPLETO|[Nn]om [Cc]omplet|NOM COMPLET|[Nn]ama [Pp]enuh|NAMA PENUH",
        r"|[Nn]ama [Ll]engkap|NAMA LENGKAP|[Jj]ina [Kk]amili|JINA KAMILI|[Ff]ulde [Nn]avn|FULDE NAVN",
        r"|[Ff]ullt [Nn]avn|FULLT NAVN|[Nn]umele [Cc]omplet|NUMELE COMPLET|[Nn]ume [Cc]omplet",
        r"|NUME COMPLET|[Bb]uong [Pp]angalan|BUONG PANGALAN|[Tt]eljes [Nn]év|TELJES NÉV",
        r"|[Vv]ollständiger [Nn]ame|VOLLSTÄNDIGER NAME|[Vv]olledige [Nn]aam|VOLLEDIGE NAAM",
        r"|[Ii]mię [Ii] [Nn]azwisko|IMIĘ I NAZWISKO|[Aa]d [Ss]oyad|AD SOYAD",
        r"|ПІБ|ФИО|الاسم الكامل|שם מלא|ชื่อ-นามสกุล|पूरा नाम)",
        r"[ \t]*:",
    ),
    check: check_full_name,
    retry_inside: false,
}];

/// A URL with a password in its user info; the scheme makes no difference (database URLs are
/// URLs too).
const URL_CREDENTIALS: &[Detector] = &[Detector {
    kind: PiiKind::UrlCredentials,
    name: "url_credentials",
    // A `#` belongs in a password written by hand into a URL (`amqp://orders:Rmq#Ord3rs@mq`),
    // though a URL parser would take it for the fragment.
    pattern: r"[A-Za-z][A-Za-z0-9+.-]{0,30}://[!$-&(-.0-9;=A-Z^_a-z|~]*:[!#-&(-.0-:;=A-Z^_a-z|~]+@[A-Za-z0-9\[]",
    check: check_url_credentials,
    retry_inside: false,
}];

/// Telegram bot tokens outside URLs, found by the `:A` inside them (the regex crate searches
/// for an inner literal when a single pattern has no literal prefix).
const TELEGRAM_TOKENS: &[Detector] = &[vendor(
    "api_key/telegram",
    r"[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
)];

/// Azure AD client secrets, found by the `Q~` inside them.
const AZURE_AD_SECRETS: &[Detector] = &[vendor(
    "api_key/azure",
    r"[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
)];

/// An email address with a dotted domain, also with letters outside ASCII (`josé@empresa.es`,
/// `user@bücher.de`). The `@` is what the prefilter looks for; any character outside ASCII may
/// be part of a candidate, and [`check_email`] keeps the letters and digits of it.
const EMAIL: &[Detector] = &[Detector {
    kind: PiiKind::Email,
    name: "email",
    pattern: concat!(
        r"(?:[A-Za-z0-9_]|(?u:[^\x00-\x7F]))(?:[A-Za-z0-9._%+-]|(?u:[^\x00-\x7F]))*@",
        r"(?:(?:[A-Za-z0-9]|(?u:[^\x00-\x7F]))(?:(?:[A-Za-z0-9-]|(?u:[^\x00-\x7F]))*",
        r"(?:[A-Za-z0-9]|(?u:[^\x00-\x7F])))?\.)+(?:[A-Za-z]|(?u:[^\x00-\x7F])){2,}",
    ),
    check: check_email,
    retry_inside: false,
}];

/// An email address whose `@` is percent-encoded, as in a URL's query (`?email=jane%40example.com`).
/// A pattern of its own: in [`EMAIL`]'s, the alternative `@|%40` kept the regex crate from
/// searching for the `@` first and working outwards, which cost a quarter of the throughput.
const PERCENT_EMAIL: &[Detector] = &[Detector {
    kind: PiiKind::Email,
    name: "email",
    pattern: concat!(
        r"[A-Za-z0-9_][A-Za-z0-9._+-]*%40",
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}",
    ),
    check: check_email,
    retry_inside: false,
}];

/// An AWS secret access key written right after its access key id, with no key word
/// (`AKIA…\n<40 characters>`, as people paste a key pair into a chat), or given to the AWS
/// command line. Its own group: the id's detector takes the id, this one the secret.
const AWS_KEY_PAIRS: &[Detector] = &[
    Detector {
        kind: PiiKind::ApiKey,
        name: "api_key/aws",
        // After the id, or on the next line of the table Vault's AWS engine prints
        // (`access_key AKIA…` over `secret_key …`).
        pattern: r#"(?:AKIA|ASIA)[A-Z0-9]{16}(?:[ \t\r\n,;:|'"/=]{1,8}|[ \t]*\r?\nsecret_key[ \t]+)[A-Za-z0-9/+]{40}"#,
        check: check_aws_secret_after_its_id,
        retry_inside: false,
    },
    // The AWS command line's own ways of taking one: `aws configure set aws_secret_access_key
    // …` and the prompt of `aws configure` (`AWS Secret Access Key [None]: …`).
    Detector {
        kind: PiiKind::ApiKey,
        name: "api_key/aws",
        pattern: r"(?:aws_secret_access_key[ \t]+|Secret Access Key \[[ -\\^-~]{0,40}\]:[ \t]*)[A-Za-z0-9/+]{40}",
        check: check_aws_secret_after_its_id,
        retry_inside: false,
    },
];

/// Accepts the secret of an [`AWS_KEY_PAIRS`] match: 40 characters standing alone, with
/// capitals, small letters and digits.
fn check_aws_secret_after_its_id(text: &str, found: Range<usize>) -> Option<Accept> {
    let secret = found.end - 40..found.end;
    let value = &text[secret.clone()];
    let mixed = value.bytes().any(|b| b.is_ascii_uppercase()) && value.bytes().any(|b| b.is_ascii_lowercase()) && value.bytes().any(|b| b.is_ascii_digit());
    let alone = !byte_at(text, found.end).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+'));
    (mixed && alone).then(|| check_token(text, secret)).flatten()
}

/// A user name and its password written as a pair (`admin / Dragon!$`); see
/// [`check_credential_pair`].
const CREDENTIAL_PAIRS: &[Detector] = &[Detector {
    kind: PiiKind::Password,
    name: "password",
    // From the ` / ` on, so the scan looks for that literal alone; the check reads the user name
    // before it.
    pattern: r" / [!-~]{6,64}",
    check: check_credential_pair,
    retry_inside: false,
}];

/// Accepts the password of a user name and password written as a pair, `user / password`: one
/// written as strong passwords are ([`looks_like_a_password`], at least eight characters:
/// `tmp-oncall / Gp#B?fmu4xKp4Km^Mqy`), or a weak one ([`is_weak_password`]: `admin /
/// Dragon!$`) where an account word comes shortly before on its line ("le compte … c'est
/// operateur / Fjord2024").
fn check_credential_pair(text: &str, found: Range<usize>) -> Option<Accept> {
    let user_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'@' | b'-');
    let before = &text.as_bytes()[found.start.saturating_sub(MAX_PAIR_USER_BYTES + 1)..found.start];
    let user_len = before.iter().rev().take_while(|b| user_char(b)).count();
    let user = &before[before.len() - user_len..];
    let whole = user_len < before.len() || before.len() <= MAX_PAIR_USER_BYTES;
    let separated = before.len() == user_len || !matches!(before[before.len() - user_len - 1], b'/');
    if user_len < 2 || !user[0].is_ascii_alphabetic() || !whole || !separated {
        return None;
    }
    let start = found.start + " / ".len();
    // In a table's row, a pipe ends the cell (`|ACH routing / account|468380403 / …|`).
    let in_a_row = row_around(text, found.start).is_some_and(|(line, _)| text.as_bytes().get(line) == Some(&b'|'));
    let cell_end = if in_a_row { text[start..found.end].find('|').map_or(found.end, |pipe| start + pipe) } else { found.end };
    let value = text[start..cell_end].trim_end_matches(['.', ',', ';', ')', ':']);
    // `used_bytes / total_bytes*100;`: code dividing, not a pair.
    let arithmetic = value.as_bytes().windows(3).any(|w| w[1] == b'*' && (w[0].is_ascii_alphanumeric() || w[0] == b'_') && w[2].is_ascii_digit());
    let strong = value.len() >= 8 && looks_like_a_password(value) && !arithmetic;
    let announced = || {
        let before = context_before(text, found.start, ACCOUNT_CONTEXT_BYTES);
        let line = before.rsplit('\n').next().unwrap_or(before).to_lowercase();
        let words: Vec<&str> = line.split(|c: char| !c.is_alphanumeric()).collect();
        ACCOUNT_WORDS.iter().any(|word| if word.is_ascii() { words.contains(word) } else { line.contains(word) })
    };
    let weak = || (is_weak_password(value) || is_word_passphrase(value)) && announced();
    (!is_reference(value) && (strong || weak())).then_some(Accept::plain(start..start + value.len()))
}

/// The longest user name of a `user / password` pair, in bytes.
const MAX_PAIR_USER_BYTES: usize = 64;

/// How far before a `user / password` pair an account word is looked for, in bytes.
const ACCOUNT_CONTEXT_BYTES: usize = 64;

/// Words that announce an account's user name and password, in the languages of the password
/// words: whole words of the lowercase text, or (Korean, Japanese, Chinese, written glued to
/// their neighbours) anywhere in it.
const ACCOUNT_WORDS: &[&str] = &[
    "account", "login", "logon", "user", "username", "creds", "credential", "credentials",
    "compte", "identifiant", "identifiants", "cuenta", "usuario", "conta", "usuário", "konto",
    "zugang", "zugangsdaten", "benutzer", "benutzername", "anmeldung", "anmeldedaten", "accesso",
    "utente", "credenziali", "inloggning", "användare", "gebruiker", "gebruikersnaam", "계정",
    "アカウント", "ログイン", "账号", "帐号", "帳號",
];

/// Personal data in digits: cards, IBANs, SSNs, IPv4 addresses, MAC addresses written with
/// dashes and phone numbers, in priority order. Their candidates overlap (a card number is also
/// a run of digits a phone pattern takes), so where one is rejected the later patterns are tried
/// at the same start (see [`scan_alternatives`]). Every candidate holds at least
/// [`MIN_NUMBER_DIGITS`] digits, and starts at most [`MAX_DIGIT_GAP`] bytes before the first
/// (a MAC address may start with hex letters).
const NUMBERS: &[Detector] = &[
    // A card number: contiguous, in groups of four (up to 19 digits; spaces, dashes or dots),
    // grouped 4-6-4/5 (Amex, Diners), 4-4-5 (13-digit Visa), read out in pairs (16 digits) or
    // digit by digit (a call's transcript).
    pii(
        PiiKind::CreditCard,
        "credit_card",
        concat!(
            r"\b(?:[0-9]{12,19}",
            r"|[0-9]{4}(?:[ .-][0-9]{4}){2}[ .-][0-9]{1,4}(?:[ -][0-9]{3})?",
            r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{5}|[0-9]{2}(?: [0-9]{2}){7}",
            r"|[0-9](?: [0-9]){12,18}",
            // A GDS form of payment glues the card to `CC` and the brand's code (`FP CCVI4147…`).
            r"|CC[A-Z]{2}[0-9]{13,19})\b",
        ),
        check_card,
    ),
    // An IBAN from its check digits on (the check looks for the country code before them), then
    // up to 30 letters or digits with single spaces.
    pii(
        PiiKind::Iban,
        "iban",
        r"[0-9]{2}(?: ?[A-Z0-9]){11,30}",
        check_iban,
    ),
    // A US SSN: `123-45-6789`, or `123 45 6789` / `123456789` after a context word.
    pii(
        PiiKind::Ssn,
        "ssn",
        r"\b[0-9]{3}(?:-[0-9]{2}-| [0-9]{2} |[0-9]{2})[0-9]{4}\b",
        check_ssn,
    ),
    // Four dotted groups of one to three digits.
    pii(
        PiiKind::IpAddress,
        "ip_address",
        r"\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b",
        check_ipv4,
    ),
    // A MAC address written with dashes (six pairs of hex digits); with colons, see [`IPV6`].
    pii(
        PiiKind::MacAddress,
        "mac_address",
        r"[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}",
        check_mac,
    ),
    // A MAC address in Cisco's dotted form: three groups of four hex digits.
    pii(
        PiiKind::MacAddress,
        "mac_address",
        r"\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b",
        check_dotted_mac,
    ),
    // A phone-number candidate: international (`+CC` or `00CC` then groups, parentheses allowed),
    // national in groups (optionally an area code in parentheses; a German switchboard's `-0`
    // at the end), or a bare run of digits;
    // [`check_phone`] decides.
    pii(
        PiiKind::Phone,
        "phone",
        concat!(
            r"(?:(?:(?:\+|\(\+)[0-9]{1,3}|\b00[1-9][0-9]{0,2})\)?(?:(?:[ .-]?|[ ][/-][ ])(?:\([0-9]{1,4}\)|[0-9]{1,6})){1,6}",
            // An area code in parentheses, perhaps after the trunk prefix `8` of Russia, Belarus
            // and Kazakhstan (`8 (044) 206-85-54`).
            r"|(?:(?:\b8[ ]?)?\([0-9]{2,5}\)[ ]?|\b[0-9]{1,6}(?:[ ./-]|[ ]/[ ]))[0-9]{2,8}(?:[ ./-][0-9]{2,8}){0,4}(?:-[0-9])?",
            r"|\b[0-9]{7,15}",
            // Read out digit by digit (a call's transcript): only after a phone word.
            r"|\b[0-9](?: [0-9]){6,14})\b",
        ),
        check_phone,
    ),
];

/// IPv6 addresses: hex groups joined by at least two colons, perhaps ending in a dotted IPv4
/// address (the regex crate finds the `:` first and works outwards). A MAC address written with
/// colons has this shape too; [`check_ipv6`] reports it as one.
const IPV6: &[Detector] = &[Detector {
    kind: PiiKind::IpAddress,
    name: "ip_address",
    pattern: r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.[0-9]{1,3}){0,3}",
    check: check_ipv6,
    retry_inside: false,
}];

/// How far past a candidate's start the other patterns of [`NUMBERS`] are tried, in bytes (the
/// longest candidate, a spaced IBAN, is 42).
const NUMBER_CANDIDATE_BYTES: usize = 64;

/// A set of fixed detectors searched in one pass.
struct Group {
    /// The detectors; a match's pattern id is its index here.
    detectors: &'static [Detector],
    /// Literals of which every match contains one (compared ignoring ASCII case): a short text
    /// without any skips the group, and its regex is never compiled for it.
    triggers: &'static [&'static str],
    /// Whether candidates of different patterns overlap, so that where one is rejected the later
    /// patterns are tried at the same start ([`scan_alternatives`]).
    alternatives: bool,
}

/// The groups of fixed detectors, in no particular order (overlaps are resolved afterwards).
const GROUPS: [Group; 27] = [
    Group {
        detectors: SECRETS_CLOUD,
        triggers: &[
            "-----BEGIN",
            "eyJ",
            "A3T",
            "AKIA",
            "ASIA",
            "ABIA",
            "ACCA",
            "AGPA",
            "AIDA",
            "AIPA",
            "ANPA",
            "ANVA",
            "APKA",
            "AROA",
            "AIza",
            "GOCSPX-",
            "sig=",
            "ghp_",
            "gho_",
            "ghu_",
            "ghs_",
            "ghr_",
            "github_pat_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_DEVOPS,
        triggers: &[
            "glpat-",
            "glptt-",
            "gldt-",
            "glrt-",
            "glcbt-",
            "glft-",
            "glimt-",
            "glagent-",
            "gloas-",
            "glsoat-",
            "glffct-",
            "GR1348941",
            "sk_",
            "rk_",
            "whsec_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_MESSAGING,
        triggers: &["xox", "xapp-", "hooks.slack.com/", "SG.", "npm_", "pypi-"],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_SAAS,
        triggers: &["sk-", "ATATT3", "shp", "hf_", "api_org_", "_v1_", "dp."],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_PLATFORMS,
        triggers: &[
            "key-", "discord", "Bot ", "/bot", "HRKU-", "sq0", "EAAA", "lin_api_", "PMAK-",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_INFRA,
        triggers: &[
            "dapi",
            "hvs.",
            "hvb.",
            "pul-",
            "glsa_",
            "glc_",
            "sntry",
            "dt0c01.",
            "xkeysib-",
            "rubygems_",
            "pscale_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_MORE,
        triggers: &[
            "shippo_",
            "pplx-",
            "ntn_",
            "gsk_",
            "dckr_",
            "AGE-SECRET-KEY-1",
            "LTAI",
            "NRAK-",
            "NRII-",
            "NRAL",
            "ops_eyJ",
            ".atlasv1.",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_TWILIO,
        triggers: &["AC", "SK", "secret", "auth token"],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_CLOUD_SECRETS,
        triggers: &[
            "aws",
            "secret_access_key",
            "secretaccesskey",
            "accountkey",
            "account_key",
            "storage_key",
            "storagekey",
            "azure",
            "account-key",
        ],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_SAAS_SECRETS,
        triggers: &[
            "datadog",
            "dd_api",
            "dd_app",
            "heroku",
            "twilio",
            "discord",
            "telegram",
            "mailchimp",
        ],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_ATLASSIAN_TOKENS,
        triggers: &["jira", "confluence", "atlassian"],
        alternatives: false,
    },
    Group {
        detectors: PASSWORDS,
        triggers: &[
            "bearer",
            "basic",
            "pass",
            "pwd",
            "_pw",
            "secret",
            "token",
            "credential",
            "api",
            "access",
            "private",
            "auth",
            "signing",
            "psk",
            "kennwort",
            "contraseña",
            "CONTRASEÑA",
            "senha",
            "wachtwoord",
            "hasło",
            "HASŁO",
            "lösenord",
            "LÖSENORD",
            "adgangskode",
            "salasana",
            "curl",
            "mysql",
            "ipmitool",
            "smbclient",
            "rpcclient",
            "smbmap",
            "docker",
            "podman",
            "nerdctl",
            "helm",
            "oc login",
            "az login",
            "redis-cli",
            "mongo",
            "ldap",
            "wget",
            "mariadb",
            "wifi:",
            "net use",
            "pin",
            "kenncode",
            "shared",
            "clave",
            "パスワード",
            "暗証番号",
            "密码",
            "密碼",
            "비밀번호",
            "пароль",
            "Пароль",
            "ПАРОЛЬ",
            "heslo",
            "şifre",
            "Şifre",
            "ŞİFRE",
            "jelszó",
            "JELSZÓ",
            "mật khẩu",
            "Mật khẩu",
            "jdbc:oracle:thin:",
            "terraform output",
            "_auth",
            "it to",
            "them to",
            "back to",
        ],
        alternatives: false,
    },
    Group {
        detectors: URL_CREDENTIALS,
        triggers: &["://"],
        alternatives: false,
    },
    Group {
        detectors: CREDENTIAL_PAIRS,
        triggers: &[" / "],
        alternatives: false,
    },
    Group {
        detectors: AWS_KEY_PAIRS,
        triggers: &["AKIA", "ASIA", "aws_secret_access_key", "secret access key"],
        alternatives: false,
    },
    Group {
        detectors: TELEGRAM_TOKENS,
        triggers: &[":A"],
        alternatives: false,
    },
    Group {
        detectors: AZURE_AD_SECRETS,
        triggers: &["Q~"],
        alternatives: false,
    },
    Group {
        detectors: EMAIL,
        triggers: &["@"],
        alternatives: false,
    },
    Group {
        detectors: MORE_PASSWORD_WORDS,
        triggers: &[
            "kata sandi", "kata laluan", "nenosiri", "parola", "parolă", "PAROLĂ", "كلمة المرور", "كلمة السر", "पासवर्ड", "รหัสผ่าน", "סיסמ",
            "رمز عبور", "پاس ورڈ", "পাসওয়ার্ড", "கடவுச்சொல்", "የይለፍ ቃል", "ωδικός πρόσβασης", "ωδικό πρόσβασης", "პაროლი", "lozink", "LOZINKA", "озинк",
            "slaptažod", "SLAPTAŽODIS", "lykilorð", "LYKILORÐ", "cyfrinair", "pasfhocal", "contrasenya", "wagwoord", "iphasiwedi", "ууц үг",
        ],
        alternatives: false,
    },
    Group {
        detectors: SIGNING_SECRETS,
        triggers: &["hmac", "webhook"],
        alternatives: false,
    },
    Group {
        detectors: REGIONAL_PASSWORD_WORDS,
        triggers: &[
            "పాస్", "ಪಾಸ್", "പാസ്", "પાસવર્ડ", "ਪਾਸਵਰਡ", "මුරපදය", "գաղտնաբառ", "Գաղտնաբառ", "ពាក្យសម្ងាត់", "pasahitz", "contrasinal", "parole",
            "salasõna", "SALASÕNA", "geslo", "арола", "АРОЛА", "kalmar sirri", "rọ̀ aṣínà",
            "tembung sandhi", "loyniorð", "LOYNIORÐ", "şifrə", "Şifrə", "ŞİFRƏ", "fjalëkalim", "FJALËKALIM", "ijambo ry'ibanga", "erayga sirta", "parol",
            "passwuert", "teny miafina", "پټنوم", "وشەی نهێنی", "ପାସୱାର୍ଡ", "পাছৱৰ্ড", "መሕለፊ ቃል", "ລະຫັດຜ່ານ", "құпиясөз", "Құпиясөз", "စကားဝှက်",
        ],
        alternatives: false,
    },
    Group {
        detectors: ADMIN_TOOL_SECRETS,
        triggers: &["ConvertTo-SecureString", "unicodePwd::", "userPassword::", "sqlplus", "expdp", "impdp", "@//", "\"RegisteredUsers\"", "\"result\""],
        alternatives: false,
    },
    Group {
        detectors: BASE64_URL_CREDENTIALS,
        triggers: BASE64_URL_SCHEMES,
        alternatives: false,
    },
    Group {
        detectors: FULL_NAME_LABELS,
        triggers: &[
            "full name", "nombre completo", "nome completo", "nom complet", "nama penuh", "nama lengkap", "jina kamili", "fulde navn", "fullt navn", "nume complet",
            "numele complet", "buong pangalan", "teljes név", "TELJES NÉV", "vollständiger name", "VOLLSTÄNDIGER NAME", "volledige naam", "imię i nazwisko",
            "IMIĘ I NAZWISKO", "ad soyad", "ПІБ", "ФИО", "الاسم الكامل",
            "שם מלא", "ชื่อ-นามสกุล", "पूरा नाम",
        ],
        alternatives: false,
    },
    Group {
        detectors: PERCENT_EMAIL,
        triggers: &["%40"],
        alternatives: false,
    },
    Group {
        detectors: IPV6,
        triggers: &[":"],
        alternatives: false,
    },
    Group {
        detectors: NUMBERS,
        triggers: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        alternatives: true,
    },
];

/// Texts up to this long (in bytes) are first searched for the triggers of the groups not yet
/// compiled, so the groups without any are neither compiled nor run; in longer texts every group
/// runs, and its compile time is small beside the scan.
const TRIGGER_CHECK_BYTES: usize = 64 * 1024;

/// How many bytes of text, in all, one instance looks through for triggers.
const TRIGGER_BUDGET_BYTES: usize = 256 * 1024;

/// A placeholder-shaped token, issued or not: `[EMAIL_1]`, `[PERSON_1_2]`.
const PLACEHOLDER: &str = r"\[[A-Z_]+_[0-9]+(?:_[0-9]+)?\]";

/// Words that, shortly before a digit sequence, mark it as a phone number.
const PHONE_CONTEXT: &str = concat!(
    r"(?i)(?-u:\b)(?:tel(?:ephone|efon|efone)?|ph|phone(?:_?number)?|mobile?|mob|cell(?:phone)?|fax|handy",
    r"|call(?:ed|ing)?|dial(?:ed|ing)?|sms|whatsapp|contact|contato|contacto|portable|fone|celular",
    r"|m[óo]vil|telem[óo]vel|cellulare|kom[óo]rk\w*",
    r"|ll[aá]m(?:a|e|ame|ar|enos)|num[ée]ro|n[úu]mero|telefoniczn\w*|stacjonarn\w*",
    r"|hotline|telefonnummer|telepon|simu|nambari|num[aă]r(?:ul)?|sz[áa]m(?:om|on)",
    // "My number" (a bare `nummer` is any number: `ordre nummer`, German `mit Nummer`).
    r"|(?:my|mitt|mijn|meine?)\s+(?:number|nummer)|mit\s+nummer\s+er|s(?:í|i)man(?:ú|u)mer|s(?:í|i)mi|hringja",
    // Nordic `tlf`, Finnish `puh`, Baltic, Slovene, Maltese, Basque, Galician, Catalan, Welsh,
    // Irish, Malay and Indonesian, Hausa and Yoruba words.
    r"|tlf\.?\s*nr|tlfnr|telefonnr|puhelin|matkapuhelin|mobiil|t(?:ā|a)lr(?:unis)?|mobitel|mowbajl|telefonoa?|mugikorra?|helistage|tagasihelistamine",
    // A subscriber's number in telecom records, a phone's digits without the country code, a
    // passenger's mobile in a GDS record (`SSR CTCM`).
    r"|msisdn|national_number|ctcm",
    r"|m(?:ó|ò)bil|telèfon|ff(?:ô|o)n|symudol|fón|guth(?:á|a)n|telp|no\.?\s*hp|lambar\s+waya)s?(?-u:\b)",
    // Yoruba `fóònù` ends with a letter that ASCII word boundaries do not know.
    r"|f(?:ó|o)(?:ò|o)n(?:ù|u)",
    // Finnish and Nordic abbreviations with their dot or colon (`puh.`, `tlf:`).
    r"|(?-u:\b)(?:puh|tlf)[.:]",
    // Vietnamese (`SĐT`, `ĐT:`, `điện thoại`).
    r"|sđt|đt[.:]|điện\s+thoại",
    // Words of other scripts, as labels: after a space or a sign, not inside a longer word
    // (the guest's regex has no Unicode letter classes; `Потребител:` is "user",
    // `Телефония` "telephony", `آیفون` "iPhone"; `מחשב נייד` is a laptop).
    r#"|(?:^|[\s:;,.()\[\]|>"'/-])(?:тел[.:]|тэл[.:]|телефон(?:а|у)?[\s:.]|моб[.:]|мобилен|мобильный|мобільний|τηλ[.:]|τηλέφωνο|κινητό)"#,
    r#"|утас|залгах|հեռ[.:]|հեռախոս|ტელ[.:]|ტელეფონი|მობ[.:]|ስልክ|ទូរស័ព្ទ|ဖုန်း|දුරකථන|ජංගම|נייד[:：]|تلفن|(?:^|[\s:;,.()\[\]|>"'/-])(?:موبایل|موبائل|فون)"#,
    r"|मोबाइल|मोबाईल|फ़ोन|फोन|दूरभाष|ফোন|মোবাইল|ફોન|મોબાઇલ|ਫ਼ੋਨ|ਫੋਨ|ਮੋਬਾਈਲ|தொலைபேசி|கைபேசி|அலைபேசி|மொபைல்",
    r"|ఫోన్|మొబైల్|ಫೋನ್|ಮೊಬೈಲ್|ದೂರವಾಣಿ|ഫോൺ|മൊബൈൽ|มือถือ|โทร|טלפון|نقال|هاتف|جوال",
    // Chinese, Japanese and Korean words glue to their neighbours: no word boundaries.
    r"|电话|電話|手机|手機|联系|聯繫|致电|携帯|전화|휴대폰|핸드폰|연락처|門號|门号|फिर्ता\s*कल",
);

/// Words that, right after a digit sequence, mark it as a phone number, in languages that put
/// the verb after its object: a particle or a word for "number", a word for calling and the
/// verb that asks for it (Hindi `… पर वापस कॉल करें`, Japanese `…までお電話ください`, Korean
/// `…로 전화 부탁드립니다`, Turkish `… numaralı telefon`, Urdu `… پر کال کریں`).
const PHONE_CONTEXT_AFTER: &str = concat!(
    r"(?i)^[ \t]*-?(?:",
    // A particle ("on", "to"), a word for calling and the verb that asks for it: the word alone
    // is as often a noun after an order's number ("phone cover", "contact details").
    // Devanagari (Hindi, Marathi, Nepali), Bengali, Gujarati, Gurmukhi.
    r"(?:पर|को|वर)\s*(?:(?:वापस|फिर\s+से)\s*)?(?:कॉल|फ़ोन|फोन|संपर्क)\s*(?:कर|करें)|मा\s*(?:फोन|कल)\s*गर",
    r"|(?:এ|তে|নম্বরে|নাম্বারে)\s*(?:কল|ফোন|যোগাযোগ)\s*কর|(?:પર|નંબર\s+પર)\s*(?:કૉલ|કોલ|ફોન|સંપર્ક)\s*કર",
    r"|(?:['’]?ਤੇ|ਉੱਤੇ)\s*(?:ਕਾਲ|ਫ਼ੋਨ|ਫੋਨ|ਸੰਪਰਕ)\s*ਕਰ",
    // Telugu, Kannada, Malayalam, Tamil, Sinhala.
    r"|(?:కు|నంబర్\s*కు)\s*(?:కాల్|ఫోన్)\s*చేయ|(?:ಗೆ|ಕ್ಕೆ)\s*(?:ಕರೆ|ಕಾಲ್|ಫೋನ್)\s*ಮಾಡ",
    r"|(?:എന്ന\s+നമ്പറിൽ|നമ്പറിൽ|ൽ)\s*(?:വിളിക്ക|ബന്ധപ്പെട)",
    r"|(?:என்ற\s+எண்ணில்|எண்ணில்|க்கு)\s*(?:அழைக்க|தொடர்பு\s*கொள்)|(?:ට|අංකයට)\s*(?:අමතන්න|කෝල්\s*කරන්න)",
    // Japanese, Korean: a particle, the word, and a request.
    r"|(?:まで|に|へ)(?:お|ご)?(?:電話|連絡)(?:ください|下さい|願|を|して)|(?:번)?(?:으로|로)\s*(?:전화|연락)\s*(?:주|부탁|바랍|해\s*주|하세요|드리)",
    // Turkish: "numbered telephone" (the verb `ara-` also means "search").
    r"|\s+(?:numaral[ıi]|nolu)\s+(?:telefon|hat)",
    // Urdu, Persian.
    r"|(?:پر\s*)?(?:کال|رابطہ)\s*کر|تماس\s*بگیر",
    // A Jira link's text before its `tel:` target (`[29 590 022|tel:+37129590022]`).
    r"|\|tel:",
    r")",
);

/// How far after a phone-number candidate [`PHONE_CONTEXT_AFTER`] is looked for, in bytes.
const PHONE_CONTEXT_AFTER_BYTES: usize = 96;

/// The fixed patterns, compiled once per instance. The component gets a fresh instance per
/// request, so compiling is on every request's path: each group's regex is compiled on first
/// use only — never when the policy disables all the group's kinds, nor while the texts are
/// short and hold none of the group's triggers.
struct Compiled {
    /// Every group's multi-pattern regex, in `GROUPS` order, compiled on first use.
    groups: Vec<OnceLock<meta::Regex>>,
    /// Every group's triggers, built on first use.
    triggers: OnceLock<Triggers>,
    /// How many more bytes of text the triggers may be looked for in.
    trigger_budget: AtomicUsize,
    /// [`PLACEHOLDER`].
    placeholder: Regex,
    /// [`PHONE_CONTEXT`], compiled on first use.
    phone_context: OnceLock<Regex>,
    /// [`PHONE_CONTEXT_AFTER`], compiled on first use.
    phone_context_after: OnceLock<Regex>,
    /// The prefix scanner of the groups that have one, built on first use.
    prefixes: OnceLock<Prefixes>,
}

impl Compiled {
    /// The regex of group `index`.
    fn group(&self, index: usize) -> &meta::Regex {
        self.groups[index].get_or_init(|| {
            let group = &GROUPS[index];
            let patterns: Vec<&str> = group.detectors.iter().map(|d| d.pattern).collect();
            // The digit patterns start with classes: a prefilter of single digits would stop at
            // every digit for nothing.
            let config = meta::Config::new().auto_prefilter(!group.alternatives);
            meta::Regex::builder()
                .syntax(syntax::Config::new().unicode(false))
                .configure(config)
                .build_many(&patterns)
                .expect("a fixed redaction group compiles")
        })
    }

    /// The groups of `wanted` worth running on `text`, as a bit set over `GROUPS`: those already
    /// compiled, and those one of whose triggers occurs in `text`. The triggers are only looked
    /// for while that can save compiling: in short texts, and until the instance has looked
    /// through [`TRIGGER_BUDGET_BYTES`] (a long-lived instance compiles what it needs and stops
    /// paying for the look).
    fn triggered(&self, text: &str, wanted: &[usize]) -> u32 {
        let uncompiled = wanted
            .iter()
            .filter(|&&index| self.groups[index].get().is_none())
            .fold(0u32, |groups, &index| groups | 1 << index);
        let budget = self.trigger_budget.load(Ordering::Relaxed);
        if uncompiled == 0 || text.len() > TRIGGER_CHECK_BYTES || text.len() > budget {
            return u32::MAX;
        }
        self.trigger_budget
            .store(budget - text.len(), Ordering::Relaxed);
        !uncompiled | self.triggers_in(text, uncompiled)
    }

    /// Which of the groups in `looked_for` have a trigger in `text`. Triggers of one byte are
    /// looked up in the set of bytes the text holds; the others are found by one Aho-Corasick
    /// pass (overlapping, so a trigger inside another still counts), which stops once every
    /// group looked for is in.
    fn triggers_in(&self, text: &str, looked_for: u32) -> u32 {
        let triggers = self.triggers.get_or_init(Triggers::new);
        let mut present = [false; 256];
        for &byte in text.as_bytes() {
            present[usize::from(byte.to_ascii_lowercase())] = true;
        }
        let mut groups = triggers
            .bytes
            .iter()
            .filter(|&&(byte, _)| present[usize::from(byte)])
            .fold(0u32, |groups, &(_, group)| groups | 1 << group);
        if groups & looked_for == looked_for {
            return groups;
        }
        for hit in triggers.words.find_overlapping_iter(text) {
            if let Some(group) = triggers.group_of.get(hit.pattern().as_usize()) {
                groups |= 1 << group;
            }
            if groups & looked_for == looked_for {
                break;
            }
        }
        groups
    }

    /// The phone-context regex.
    fn phone_context(&self) -> &Regex {
        self.phone_context
            .get_or_init(|| Regex::new(PHONE_CONTEXT).expect("the phone context compiles"))
    }

    /// The regex of phone words after a number.
    fn phone_context_after(&self) -> &Regex {
        self.phone_context_after
            .get_or_init(|| Regex::new(PHONE_CONTEXT_AFTER).expect("the phone context after a number compiles"))
    }
}

/// The groups' triggers, compared ignoring ASCII case.
struct Triggers {
    /// The one-byte triggers (lowercase) and their groups.
    bytes: Vec<(u8, usize)>,
    /// The longer triggers.
    words: AhoCorasick,
    /// The group of each longer trigger, in the automaton's pattern order.
    group_of: Vec<usize>,
}

impl Triggers {
    /// Sorts the groups' triggers by length and builds the automaton of the longer ones.
    fn new() -> Triggers {
        let mut bytes = Vec::new();
        let mut words = Vec::new();
        let mut group_of = Vec::new();
        for (index, group) in GROUPS.iter().enumerate() {
            for trigger in group.triggers {
                match trigger.as_bytes() {
                    [byte] => bytes.push((byte.to_ascii_lowercase(), index)),
                    _ => {
                        words.push(*trigger);
                        group_of.push(index);
                    }
                }
            }
        }
        let words = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(words)
            .expect("the redaction triggers compile");
        Triggers {
            bytes,
            words,
            group_of,
        }
    }
}

/// Texts at least this long (in bytes) search the groups that have a prefix scanner through it
/// ([`Prefixes`]); shorter ones run each group's own regex, which needs no shared automaton
/// built for the request.
const PREFIX_SCAN_BYTES: usize = 64 * 1024;

/// The shortest prefix literal a group may have and still be found through [`Prefixes`]: with
/// shorter ones, candidates would be everywhere.
const MIN_PREFIX_BYTES: usize = 3;

/// The largest class a prefix literal expands (a hex digit in either case: 22 bytes); beyond
/// it, the extractor stops the literals before the class.
const PREFIX_CLASS_BYTES: usize = 22;

/// One pass that finds where matches of several groups can start.
///
/// Why: every group's regex has its own literal prefilter. Natively that is Teddy (SIMD) and a
/// pass costs little; in wasm there is no Teddy, each prefilter walks an Aho-Corasick automaton
/// over the whole text, and the vendor-secret groups alone took more than half of the time of a
/// redaction. For a group whose every match starts with one of a finite set of literals (as
/// `regex-syntax`'s prefix extractor proves from the patterns, with the same syntax options),
/// one overlapping automaton over all such groups' literals lists the only places where their
/// matches can start; each group then runs its regex anchored at its places, in order. That
/// finds the same matches as the unanchored search: the leftmost match at or after a position
/// starts at one of the places, and no earlier place has an anchored match.
struct Prefixes {
    /// Every qualifying group's prefix literals, as an Aho-Corasick DFA that reports every
    /// match (overlapping ones too).
    dfa: LiteralDfa,
    /// The groups (a bit set over `GROUPS`) each literal of `dfa` starts, by pattern id.
    groups_of: Vec<u32>,
    /// The qualifying groups, as a bit set.
    groups: u32,
}

/// How many parts of the text [`Prefixes::places`] walks at once. A DFA's walk is a chain of
/// dependent loads, each waiting for the one before; walking four parts interleaved keeps four
/// chains in flight, which nearly doubled the walk's speed natively and in wasm.
const PREFIX_LANES: usize = 4;

impl Prefixes {
    /// The scanner of every group whose prefixes qualify.
    fn new() -> Prefixes {
        let (literals, groups) = prefix_literals();
        let dfa = LiteralDfa::builder()
            .match_kind(LiteralMatchKind::Standard)
            .build(literals.keys())
            .expect("the prefix literals compile");
        Prefixes { dfa, groups_of: literals.into_values().collect(), groups }
    }

    /// Where matches of each qualifying group can start in `text`, sorted: one list per group
    /// in `GROUPS` order (empty for the others). The text is cut into [`PREFIX_LANES`] parts,
    /// walked side by side; each part's walk goes on past its end by the longest literal, so
    /// that it sees every literal starting in the part, and keeps only those.
    fn places(&self, text: &str) -> Vec<Vec<usize>> {
        let bytes = text.as_bytes();
        let part = bytes.len().div_ceil(PREFIX_LANES).max(1);
        let reach = self.dfa.max_pattern_len().saturating_sub(1);
        let lanes: [Range<usize>; PREFIX_LANES] = std::array::from_fn(|lane| {
            let start = (lane * part).min(bytes.len());
            start..(start + part + reach).min(bytes.len())
        });
        let mut places = vec![Vec::new(); GROUPS.len()];
        let mut record = |lane: usize, end: usize, sid| {
            let owned = lane * part..(lane + 1) * part;
            for index in 0..self.dfa.match_len(sid) {
                let pattern = self.dfa.match_pattern(sid, index);
                let start = end - self.dfa.pattern_len(pattern);
                let groups = self.groups_of.get(pattern.as_usize()).copied().unwrap_or(0);
                if owned.contains(&start) {
                    push_place(&mut places, groups, start);
                }
            }
        };
        let Ok(start) = self.dfa.start_state(LiteralAnchored::No) else {
            return places;
        };
        // The four states are separate variables, so they stay in registers.
        let [mut s0, mut s1, mut s2, mut s3] = [start; PREFIX_LANES];
        let common = lanes.iter().map(|lane| lane.len()).min().unwrap_or(0);
        // The main loop calls `next_state` itself: through a closure taking bytes it measured 3%
        // slower natively.
        let next = |sid, at: usize| self.dfa.next_state(LiteralAnchored::No, sid, bytes[at]);
        let [a0, a1, a2, a3] = [0, 1, 2, 3].map(|lane| lanes[lane].start);
        let [l0, l1, l2, l3] = [a0, a1, a2, a3].map(|start| &bytes[start..start + common]);
        for (step, (((&b0, &b1), &b2), &b3)) in l0.iter().zip(l1).zip(l2).zip(l3).enumerate() {
            s0 = self.dfa.next_state(LiteralAnchored::No, s0, b0);
            s1 = self.dfa.next_state(LiteralAnchored::No, s1, b1);
            s2 = self.dfa.next_state(LiteralAnchored::No, s2, b2);
            s3 = self.dfa.next_state(LiteralAnchored::No, s3, b3);
            for (lane, sid, at) in [(0, s0, a0), (1, s1, a1), (2, s2, a2), (3, s3, a3)] {
                if self.dfa.is_match(sid) {
                    record(lane, at + step + 1, sid);
                }
            }
        }
        for (lane, (range, mut sid)) in lanes.iter().zip([s0, s1, s2, s3]).enumerate() {
            for at in range.start + common..range.end {
                sid = next(sid, at);
                if self.dfa.is_match(sid) {
                    record(lane, at + 1, sid);
                }
            }
        }
        for list in &mut places {
            list.sort_unstable();
            list.dedup();
        }
        places
    }
}

/// Every qualifying group's prefix literals, each with the groups (a bit set over `GROUPS`) it
/// starts, and the qualifying groups as a bit set.
fn prefix_literals() -> (BTreeMap<Vec<u8>, u32>, u32) {
    let mut literals: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
    let mut groups = 0u32;
    for (index, group) in GROUPS.iter().enumerate() {
        if group.alternatives {
            continue;
        }
        if let Some(prefixes) = group_prefixes(group) {
            groups |= 1 << index;
            for literal in prefixes {
                *literals.entry(literal).or_default() |= 1 << index;
            }
        }
    }
    (literals, groups)
}

/// Adds `start` to the places of each group in the bit set `groups`.
fn push_place(places: &mut [Vec<usize>], groups: u32, start: usize) {
    for (index, list) in places.iter_mut().enumerate() {
        if groups & (1 << index) != 0 {
            list.push(start);
        }
    }
}

/// The literals every match of `group` starts with, if they are finitely many and none is
/// shorter than [`MIN_PREFIX_BYTES`]. Classes of up to [`PREFIX_CLASS_BYTES`] bytes are
/// expanded, so `SK[0-9a-fA-F]{32}` starts with one of `SK0` … `SKf`, `SKA` … `SKF`.
fn group_prefixes(group: &Group) -> Option<Vec<Vec<u8>>> {
    let config = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build();
    let mut hirs = Vec::new();
    for detector in group.detectors {
        hirs.push(config.clone().parse(detector.pattern).ok()?);
    }
    let seq = regex_syntax::hir::literal::Extractor::new().kind(regex_syntax::hir::literal::ExtractKind::Prefix).limit_class(PREFIX_CLASS_BYTES).extract(&regex_syntax::hir::Hir::alternation(hirs));
    let literals = seq.literals()?;
    literals.iter().all(|l| l.as_bytes().len() >= MIN_PREFIX_BYTES).then(|| literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The fixed patterns; they are constants covered by the tests, so failing to compile is a bug.
fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| Compiled {
        groups: GROUPS.iter().map(|_| OnceLock::new()).collect(),
        triggers: OnceLock::new(),
        trigger_budget: AtomicUsize::new(TRIGGER_BUDGET_BYTES),
        placeholder: Regex::new(PLACEHOLDER).expect("the placeholder pattern compiles"),
        phone_context: OnceLock::new(),
        phone_context_after: OnceLock::new(),
        prefixes: OnceLock::new(),
    })
}

/// Base64 (standard or URL-safe, padded or not) as tokens write it.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

/// Decodes URL-safe base64 (JWT parts, Discord ids).
const BASE64_URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes standard base64 (HTTP Basic credentials).
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);

/// The byte before `at`, if any.
fn byte_before(text: &str, at: usize) -> Option<u8> {
    at.checked_sub(1)
        .and_then(|i| text.as_bytes().get(i).copied())
}

/// The byte at `at`, if any.
fn byte_at(text: &str, at: usize) -> Option<u8> {
    text.as_bytes().get(at).copied()
}

/// Whether `byte` is an ASCII letter or digit.
fn is_alnum(byte: Option<u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// Accepts an email address, unless it is the `user@host` of a URL (`https://user@host`). The
/// candidate is narrowed to a real address: the local part goes back from the `@` over ASCII
/// address characters and letters or digits of any script, the domain forward over labels of
/// those, so punctuation outside ASCII (`“…”`, `—`) around it stays out. The domain needs a dot
/// and a top-level label of two letters or more, and no ASCII letter or digit glued after it;
/// `git@host:path` is a git remote (`git@github.com:org/repo.git`), not an address.
fn check_email(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let (at, separator) = match matched.find('@') {
        Some(at) => (at, 1),
        None => (matched.find("%40")?, 3),
    };
    // In Chinese or Japanese text an ASCII address is glued to the words around it
    // (`詳細はsupport@example.co.jpまで`): a local part or domain begun in ASCII stops where that
    // script begins.
    let mut ascii_seen = false;
    let local = matched[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| {
            let part = (c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')) && !(ascii_seen && is_unspaced_script(c));
            ascii_seen |= c.is_ascii();
            part
        })
        .last()
        .map(|(i, _)| i)?;
    let local = local + matched[local..at].find(|c: char| c.is_alphanumeric() || c == '_')?;
    let domain = &matched[at + separator..];
    let mut ascii_seen = false;
    let domain_len = domain
        .char_indices()
        .find(|&(_, c)| {
            let ends = !(c.is_alphanumeric() || c == '-' || c == '.') || (ascii_seen && is_unspaced_script(c));
            ascii_seen |= c.is_ascii_alphanumeric();
            ends
        })
        .map_or(domain.len(), |(i, _)| i);
    let domain = domain[..domain_len].trim_end_matches(['.', '-']);
    let (_, top) = domain.rsplit_once('.')?;
    let end = found.start + at + separator + domain.len();
    // `git@github.com:org/repo.git` is a repository's address, not a person's.
    let remote = &matched[local..at] == "git" && byte_at(text, end) == Some(b':');
    let valid = top.chars().count() >= 2
        && top.chars().all(char::is_alphabetic)
        && !is_alnum(byte_at(text, end))
        && byte_at(text, end) != Some(b'_')
        && !remote
        && !in_url_user_info(text, found.start + local)
        && !in_message_id_header(text, found.start + local);
    valid.then_some(Accept::plain(found.start + local..end))
}

/// Whether an address-like token at `at` is the user info of a URL: right after its `://`, or
/// its password after `://user:` (`https://oauth2:glpat-…@gitlab…`).
fn in_url_user_info(text: &str, at: usize) -> bool {
    let before = context_before(text, at, 256);
    let token = before.rsplit(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '(')).next().unwrap_or_default();
    before.ends_with("://") || (token.ends_with(':') && token.contains("://") && !token.contains('@'))
}

/// Whether the address at `at` is a message id in angle brackets in the value of a mail header
/// that holds them (`Message-ID: <CAMi…@mail.gmail.com>`, `In-Reply-To:`, `References:` at the
/// start of its line, folded onto the lines after it too): ids written like addresses, not
/// mailboxes.
fn in_message_id_header(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    // A message id is written in angle brackets: `<` opens the token the address ends.
    let floor = at.saturating_sub(MAX_MESSAGE_ID_BYTES);
    let Some(token_start) = bytes[floor..at].iter().rposition(|b| b.is_ascii_whitespace() || *b == b'<').map(|i| floor + i) else {
        return false;
    };
    if bytes[token_start] != b'<' {
        return false;
    }
    // Looked for within a header's length, so that many addresses on one long line cost
    // linear time.
    let window = at.saturating_sub(MAX_HEADER_BYTES);
    let line_start = |end: usize| memchr::memrchr(b'\n', &bytes[window..end]).map(|i| window + i + 1);
    let Some(mut start) = line_start(token_start).or((window == 0).then_some(0)) else {
        return false;
    };
    // A folded header goes on over lines that start with a blank.
    for _ in 0..MAX_FOLDED_HEADER_LINES {
        if start <= window + 1 || !matches!(bytes.get(start), Some(b' ' | b'\t')) {
            break;
        }
        let Some(previous) = line_start(start - 1).or((window == 0).then_some(0)) else {
            return false;
        };
        start = previous;
    }
    let name = text[start..token_start].split_once(':').map(|(name, _)| name);
    name.is_some_and(|name| !name.starts_with([' ', '\t']) && MESSAGE_ID_HEADERS.iter().any(|header| name.eq_ignore_ascii_case(header)))
}

/// How far before an address [`in_message_id_header`] looks for the `<` that opens a message
/// id, in bytes.
const MAX_MESSAGE_ID_BYTES: usize = 256;

/// How far before an address [`in_message_id_header`] looks for its header's name, in bytes
/// (mail header lines are at most 998 bytes).
const MAX_HEADER_BYTES: usize = 4 * 1024;

/// The mail headers whose values are message ids.
const MESSAGE_ID_HEADERS: &[&str] = &["message-id", "in-reply-to", "references", "content-id", "resent-message-id", "x-message-id", "original-message-id"];

/// How many lines up [`in_message_id_header`] follows a folded header.
const MAX_FOLDED_HEADER_LINES: usize = 16;

/// Accepts a vendor token that stands on its own (no letter or digit glued to either end) and is
/// not a mask such as `ghp_xxxx…`; a trailing dot is sentence punctuation, not token.
fn check_token(text: &str, found: Range<usize>) -> Option<Accept> {
    let trimmed = text[found.clone()].trim_end_matches('.');
    let found = found.start..found.start + trimmed.len();
    let stands_alone =
        !is_alnum(byte_before(text, found.start)) && !is_alnum(byte_at(text, found.end));
    (stands_alone && shannon_entropy(trimmed) >= MIN_TOKEN_ENTROPY).then_some(Accept::plain(found))
}

/// Accepts a webhook URL that stands on its own, with its `https://` (or `http://`) if written.
fn check_webhook(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = &text[..found.start];
    let scheme = ["https://", "http://"]
        .iter()
        .find(|scheme| before.ends_with(*scheme))
        .map_or(0, |scheme| scheme.len());
    check_token(text, found.start - scheme..found.end)
}

/// Accepts a Twilio API key (`SK…`) only where the text mentions Twilio shortly before.
fn check_twilio_key(text: &str, found: Range<usize>) -> Option<Accept> {
    mentions(
        context_before(text, found.start, TWILIO_CONTEXT_BYTES),
        &["twilio"],
    )
    .then(|| check_token(text, found))
    .flatten()
}

/// Accepts the 32 letters and digits that end a Twilio secret's or auth token's `found` when
/// Twilio is named shortly before ([`TWILIO_CONTEXT_BYTES`]) and they are written as such a
/// secret is: lowercase hex, or (a key's secret) both cases and digits.
fn check_twilio_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let start = found.end.checked_sub(TWILIO_SECRET_BYTES).filter(|&start| start >= found.start)?;
    let value = &text[start..found.end];
    // A key's secret mixes both cases and digits, or is lowercase hex as an auth token is.
    // Neither is a placeholder repeated (`REDACTEDREDACTED…`, `0123…f0123…f`).
    let bytes = value.as_bytes();
    let mixed = bytes.iter().any(u8::is_ascii_uppercase) && bytes.iter().any(u8::is_ascii_lowercase) && bytes.iter().any(u8::is_ascii_digit);
    let token = text[found.clone()].to_ascii_lowercase().starts_with("auth");
    let hex = bytes.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) && bytes.iter().any(u8::is_ascii_alphabetic) && bytes.iter().any(u8::is_ascii_digit);
    let repeated = value[..TWILIO_SECRET_BYTES / 2] == value[TWILIO_SECRET_BYTES / 2..];
    let shaped = hex || (mixed && !token);
    (shaped && !repeated && mentions(context_before(text, found.start, TWILIO_CONTEXT_BYTES), &["twilio"]))
        .then(|| check_token(text, start..found.end))
        .flatten()
}

/// How many letters and digits a Twilio API key's secret or an auth token has.
const TWILIO_SECRET_BYTES: usize = 32;

/// How far before a Twilio API key, its secret or an auth token the word `twilio` counts, in
/// bytes: prose names the vendor once, then the key, its secret and the auth token; a `curl`
/// command names it in its URL, then passes the key with `-u`.
const TWILIO_CONTEXT_BYTES: usize = 256;

/// Accepts a New Relic license key: the `NRAL` found and the 36 lowercase hex digits before it.
fn check_newrelic_license_key(text: &str, found: Range<usize>) -> Option<Accept> {
    token_with_head(text, found, 36, |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Accepts a Terraform Cloud token: the `.atlasv1.…` found and the 14 letters and digits before.
fn check_terraform_token(text: &str, found: Range<usize>) -> Option<Accept> {
    token_with_head(text, found, 14, |b| b.is_ascii_alphanumeric())
}

/// [`check_token`] on `found` widened to the `len` bytes before it, when they are all `head`
/// bytes and no letter or digit comes before them.
fn token_with_head(text: &str, found: Range<usize>, len: usize, head: impl Fn(u8) -> bool) -> Option<Accept> {
    let start = found.start.checked_sub(len)?;
    let headed = text.as_bytes()[start..found.start].iter().all(|&b| head(b));
    (headed && !is_alnum(byte_before(text, start))).then(|| check_token(text, start..found.end)).flatten()
}

/// Accepts a Mailgun key (`key-…`) only where the text mentions Mailgun shortly before or after
/// it (`curl --user 'api:key-…' https://api.mailgun.net/…`).
fn check_mailgun_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let after = &text[found.end..floor_char_boundary(text, (found.end + CONTEXT_BYTES).min(text.len()))];
    (mentions(context_before(text, found.start, CONTEXT_BYTES), &["mailgun"]) || mentions(after, &["mailgun"]))
    .then(|| check_token(text, found))
    .flatten()
}

/// Accepts the token of an `Authorization: Bot …` header when its first part is a Discord id.
fn check_discord_bot_header(text: &str, found: Range<usize>) -> Option<Accept> {
    let token = found.start + "Bot ".len()..found.end;
    discord_token(&text[token.clone()])
        .then(|| check_token(text, token))
        .flatten()
}

/// Accepts a Discord bot token assigned to a `discord…` key.
fn check_discord_assignment(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    discord_token(&text[value.clone()])
        .then(|| check_token(text, value))
        .flatten()
}

/// Whether the first part of a Discord token decodes to the digits of a user id.
fn discord_token(token: &str) -> bool {
    let Some((id, _)) = token.split_once('.') else {
        return false;
    };
    BASE64_URL
        .decode(id)
        .is_ok_and(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// Accepts the token of a `…/bot<token>/…` Telegram API URL.
fn check_telegram_url(text: &str, found: Range<usize>) -> Option<Accept> {
    (!is_alnum(byte_at(text, found.end)))
        .then_some(Accept::plain(found.start + "/bot".len()..found.end))
}

/// Accepts an AWS secret access key assigned to an AWS secret key name: exactly 40 characters
/// and random-looking.
fn check_aws_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let continues = byte_at(text, value.end).is_some_and(|b| b == b'=');
    let secret = value.len() == 40
        && !continues
        && shannon_entropy(&text[value.clone()]) >= MIN_SECRET_ENTROPY;
    secret.then_some(Accept::plain(value))
}

/// Accepts the password of an Oracle thin JDBC URL (`jdbc:oracle:thin:user/password@//host`)
/// unless it is a reference.
fn check_oracle_thin_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let slash = found.start + text[found.clone()].rfind('/')?;
    let value = slash + 1..found.end - 1;
    (!value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the line `terraform output` printed for a password, secret or token output: one
/// value, not a prompt, a message or a reference.
fn check_terraform_output(text: &str, found: Range<usize>) -> Option<Accept> {
    let line = found.start + text[found.clone()].rfind('\n')? + 1;
    let after = &text[found.end..];
    let line_goes_on = after.starts_with(|c: char| !c.is_whitespace()) || after.starts_with([' ', '\t']);
    // Without `-raw`, the value comes quoted.
    let shown = &text[line..found.end];
    let quoted = shown.len() > 2 && shown.starts_with('"') && shown.ends_with('"');
    let value = if quoted { line + 1..found.end - 1 } else { line..found.end };
    let secret = &text[value.clone()];
    let message = secret.starts_with(['$', '#', '>']) || secret.ends_with(':');
    // A word such as `FAILED` or `Nothing.` is no value: a password mixes letters and digits.
    let mixed = secret.chars().any(char::is_alphabetic) && secret.chars().any(|c| c.is_ascii_digit());
    (!line_goes_on && !message && mixed && !is_reference(secret)).then_some(Accept::plain(value))
}

/// Accepts the `result` of a Terraform `random_password` resource in a state file (`{ "type":
/// "random_password", … "attributes": { "length": 24, "result": "x" } }`): the resource's
/// type is the last one named before the attribute.
fn check_random_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = context_before(text, found.start, TERRAFORM_RESOURCE_BYTES);
    let type_at = memchr::memmem::rfind(before.as_bytes(), b"\"type\"")?;
    let resource = &before[type_at + "\"type\"".len()..];
    let resource_type = resource.trim_start_matches([' ', ':', '\t', '\n', '\r']);
    // Still inside the resource's object, in its attributes.
    let left = resource.bytes().try_fold(1i32, |depth, b| {
        let depth = depth + i32::from(b == b'{') - i32::from(b == b'}');
        (depth > 0).then_some(depth)
    });
    if !resource_type.starts_with("\"random_password\"") || left.is_none() || !resource.contains("\"attributes\"") {
        return None;
    }
    let value = text[found.clone()].trim_end_matches('"');
    let open = value.rfind('"')? + 1;
    let value = found.start + open..found.start + value.len();
    (!value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// How far before a state file's attribute its resource's `"type"` is looked for, in bytes.
const TERRAFORM_RESOURCE_BYTES: usize = 512;

/// Accepts the quoted string that `ConvertTo-SecureString … -AsPlainText` turns into a password:
/// its first quoted argument (`ConvertTo-SecureString 'x' -AsPlainText -Force`, flags in any
/// order), or the string piped into it (`"x" | ConvertTo-SecureString -AsPlainText`); not a
/// variable (`$pw`, or `$` inside double quotes, which PowerShell expands) or a reference.
fn check_secure_string(text: &str, found: Range<usize>) -> Option<Accept> {
    let rest = &text[found.end..ceil_char_boundary(text, (found.end + SECURE_STRING_BYTES).min(text.len()))];
    let arguments = rest.split(['\n', ')', ';', '|']).next().unwrap_or_default();
    if !arguments.to_ascii_lowercase().contains("-asplaintext") {
        return None;
    }
    let value = arguments.find(['\'', '"']).and_then(|open| quoted_flag_value(text, found.end + open + 1)).or_else(|| {
        let context = context_before(text, found.start, SECURE_STRING_BYTES);
        let before = context.trim_end().strip_suffix('|')?.trim_end();
        let quote = before.chars().next_back().filter(|&c| matches!(c, '\'' | '"'))?;
        let open = before[..before.len() - 1].rfind(quote)?;
        quoted_flag_value(text, found.start - context.len() + open + 1)
    })?;
    let secret = &text[value.clone()];
    let expanded = text.as_bytes()[value.start - 1] == b'"' && secret.contains('$');
    (!secret.is_empty() && !expanded && !is_reference(secret)).then_some(Accept::plain(value))
}

/// How far around `ConvertTo-SecureString` [`check_secure_string`] reads, in bytes.
const SECURE_STRING_BYTES: usize = 256;

/// Accepts the base64 value of an LDIF `unicodePwd::` or `userPassword::` line when it stands
/// alone on its line, with the lines LDIF folds it onto (each starting with a space), and
/// decodes (a password's bytes, `{SSHA}` hashes included).
fn check_ldif_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let value_start = found.start + candidate.find("::")? + 2;
    let value_start = value_start + usize::from(text[value_start..].starts_with(' '));
    let mut end = found.end;
    let mut value: String = text[value_start..end].to_owned();
    for _ in 0..MAX_LDIF_FOLDS {
        let rest = &text[end..];
        let Some(folded) = rest.strip_prefix("\n ").or_else(|| rest.strip_prefix("\r\n ")) else { break };
        let piece = folded.len() - folded.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')).len();
        if piece == 0 {
            break;
        }
        value.push_str(&folded[..piece]);
        end += rest.len() - folded.len() + piece;
    }
    let ends_line = text[end..].starts_with(['\r', '\n']) || end == text.len();
    let decodes = BASE64_STANDARD.decode(&value).is_ok();
    (ends_line && decodes).then_some(Accept::plain(value_start..end))
}

/// The most folded lines of an LDIF value [`check_ldif_password`] reads.
const MAX_LDIF_FOLDS: usize = 16;

/// Accepts the password of `sqlplus user/password@db` (or `sqlplus -s user/password`, `expdp`,
/// `impdp`) where the login ends (at its `@`, a space, a quote or the line's end), unless it is a
/// reference.
fn check_oracle_login(text: &str, found: Range<usize>) -> Option<Accept> {
    let slash = found.start + text[found.clone()].find('/')?;
    let value = slash + 1..found.end;
    let ends = matches!(text.as_bytes().get(found.end), None | Some(b'@' | b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\''));
    (ends && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the password of an Oracle EZConnect string before its `@//` (`lis_ro/Ys8…@//host`):
/// the token before the `@` is a user name, a `/` and a password without spaces or quotes.
fn check_ezconnect_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = context_before(text, found.start, EZCONNECT_BYTES);
    let token_start = before.rfind(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '(' | ',' | '`')).map_or(0, |at| at + 1);
    let token = &before[token_start..];
    let (user, password) = token.split_once('/')?;
    let user_name = user.starts_with(|c: char| c.is_ascii_alphabetic()) && user.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '#'));
    let start = found.start - password.len();
    let secret = !password.is_empty() && !password.contains(['/', ':']) && !is_reference(password);
    (user_name && secret).then_some(Accept::plain(start..found.start))
}

/// Accepts the password of the first user of Orthanc's `"RegisteredUsers"`, unless it is a
/// reference.
fn check_registered_user(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let open = candidate[..candidate.len() - 1].rfind('"')?;
    let value = found.start + open + 1..found.end - 1;
    (!is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// How far before its `@//` [`check_ezconnect_password`] reads an EZConnect login, in bytes.
const EZCONNECT_BYTES: usize = 192;

/// Accepts npm's `_auth` value when it is the base64 of `user:password`.
fn check_npm_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let stands_alone = !byte_at(text, value.end).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    (stands_alone && encodes_user_and_password(&text[value.clone()])).then_some(Accept::plain(value))
}

/// The passwords in the password columns of the text's tables: a row's cell in the column whose
/// header names a password (Jira's `||Host||Password||`, or Markdown's `| Host | Password |`
/// over `|---|---|`), when it holds one value that is no placeholder or name. One pass over the
/// lines that start with `|`, so a table of any length costs its length. Rows with more cells
/// than the header are read from the right (a first column left without a header); rows with
/// fewer, from the left.
fn table_passwords(text: &str, out: &mut Vec<Found>) {
    let mut table = TableState::default();
    let starts = std::iter::once(0).filter(|_| text.starts_with('|')).chain(memchr::memmem::find_iter(text.as_bytes(), b"\n|").map(|at| at + 1));
    for start in starts {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = text[start..end].trim_end_matches('\r');
        // A table is a run of lines that start with `|`, one right after the other.
        if table.line_end.is_none_or(|previous| previous + 1 != start) {
            // A header written without pipes at its ends may sit just above (`Host | Password`
            // over `|---|---|`).
            table = TableState { previous: line_before(text, start).filter(|line| line.contains('|')), ..TableState::default() };
        }
        table.read(line, start, out);
        table.line_end = Some(end);
    }
}

/// The passwords in the password columns of Markdown tables written without leading pipes
/// (`Host | Password` over `--- | ---`), which [`table_passwords`] does not see: one pass over
/// the lines that hold a `|`. A table's header is the line above its separator, and its rows
/// are the lines below that hold a `|`, up to the first that does not.
fn bare_table_passwords(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pipe) = bytes.get(from..).and_then(|rest| memchr::memchr(b'|', rest)).map(|at| from + at) {
        let (start, end) = line_around(bytes, pipe);
        from = end + 1;
        let line = text[start..end].trim_end_matches('\r');
        if line.starts_with('|') || !is_table_separator(line) || start == 0 {
            continue;
        }
        let (header_start, _) = line_around(bytes, start - 1);
        let column = header_password_column(&header_cells(&text[header_start..start - 1]));
        while from < text.len() {
            let (row_start, row_end) = line_around(bytes, from);
            let row = text[row_start..row_end].trim_end_matches('\r');
            if !row.contains('|') {
                break;
            }
            if let Some(range) = column.and_then(|(column, columns)| password_cell(row, column, columns)) {
                out.push(Found::new(PiiKind::Password, Name::Fixed("password"), row_start + range.start..row_start + range.end));
            }
            from = row_end + 1;
        }
    }
}

/// Phone and card numbers read by the column of the table they stand in (a CSV export, a Jira
/// or Markdown table). A number that fills a cell under a header naming an identifier
/// (`ucas_id`, `NHS no.`, `MRN`, `Customer number`) is that identifier and is dropped as a phone,
/// unless it is written with `+` (only phones are); one under a header naming a barcode or a
/// device (`ean13`, `gtin14`, `IMEISV`) is dropped as a phone or a card. When `phones` are
/// wanted: in a row that holds an address, a cell under a header naming a
/// phone (`"mobile"`, `Caller ID`) is taken as a phone when it is written as one (phone
/// characters only, 7 to 15 digits, in three groups or more, or ten digits or more, or after a
/// `+`) and is no date, version or address (`635 178 212`, which its shape alone would not
/// say is a phone); so is every row's cell under an `msisdn` header. Each line is split into
/// cells once, and each table's header is found by walking up its rows once ([`Tables`]).
fn numbers_by_column(text: &str, candidates: &mut Vec<Found>, phones: bool) {
    let mut tables = Tables::default();
    candidates.retain(|found| {
        let international = text[found.range.clone()].starts_with('+');
        match found.kind {
            PiiKind::Phone if !international => !matches!(tables.column_of(text, &found.range), Some(Column::Identifier | Column::Barcode)),
            PiiKind::CreditCard => tables.column_of(text, &found.range) != Some(Column::Barcode),
            _ => true,
        }
    });
    if !phones {
        return;
    }
    // An MSISDN column holds a subscriber's number in every row (a CDR export), address or not.
    for header in subscriber_headers(text) {
        tables.subscriber_cells(text, header, candidates);
    }
    let mut rows = BTreeSet::new();
    let addresses: Vec<usize> = candidates.iter().filter(|found| found.kind == PiiKind::Email).map(|found| found.range.start).collect();
    for address in addresses {
        let Some((row, _)) = row_around(text, address) else { continue };
        if rows.insert(row)
            && let Some(range) = tables.phone_cell_in_row(text, row)
        {
            candidates.push(Found::new(PiiKind::Phone, Name::Fixed("phone"), range));
        }
    }
}

/// The starts of the lines that name an MSISDN (candidates for a header of subscribers'
/// numbers), each line once however many times it names one.
fn subscriber_headers(text: &str) -> Vec<usize> {
    let mut hits: Vec<usize> = ["msisdn", "MSISDN", "Msisdn"].iter().flat_map(|word| memchr::memmem::find_iter(text.as_bytes(), word.as_bytes())).collect();
    hits.sort_unstable();
    let mut headers = Vec::new();
    let mut line_end = 0;
    for at in hits {
        if at < line_end {
            continue;
        }
        let (start, end) = line_around(text.as_bytes(), at);
        line_end = end;
        if end - start <= MAX_ROW_BYTES {
            headers.push(start);
        }
    }
    headers
}

/// What a table's header says a column holds, for [`numbers_by_column`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Phone numbers (`mobile`, `Phone no.`, `telefon`, `Caller ID`).
    Phone,
    /// Identifiers (`ucas_id`, `NHS no.`, `MRN`, `Customer number`).
    Identifier,
    /// Subscribers' phone numbers (`msisdn`, `calling_msisdn`): phones in every row.
    Subscriber,
    /// Barcodes and device numbers (`ean13`, `gtin14`, `upc`, `IMEISV`): neither phones nor
    /// cards, whatever their check digits say.
    Barcode,
}

/// A line read as a table row: its separator and its cells' ranges in the text.
struct Row {
    /// `|`, tab, `;` or `,`.
    separator: char,
    /// Each cell's range, blanks and quotes included.
    cells: Vec<Range<usize>>,
}

/// The tables of one text as [`numbers_by_column`] reads them, remembered so that each line is
/// split once and each table walked up once, however many of its cells are asked about.
#[derive(Default)]
struct Tables {
    /// Line start → the line read as a row (`None`: no row).
    rows: std::collections::HashMap<usize, Option<Row>>,
    /// (row start, separator) → the start of its table's header line, the row itself when the
    /// table has no other.
    header_of: std::collections::HashMap<(usize, char), usize>,
    /// (header start, separator) → its columns ([`header_columns`]).
    columns: std::collections::HashMap<(usize, char), Vec<Option<Column>>>,
}

impl Tables {
    /// The line starting at `start` read as a row, if it is one.
    fn row(&mut self, text: &str, start: usize) -> Option<&Row> {
        self.rows.entry(start).or_insert_with(|| read_row(text, start)).as_ref()
    }

    /// The column of the cell that `range` fills, if it fills one in a table with a header.
    fn column_of(&mut self, text: &str, range: &Range<usize>) -> Option<Column> {
        let (start, _) = row_around(text, range.start)?;
        let row = self.row(text, start)?;
        let separator = row.separator;
        // The cells are in order: the one that holds the range's start is found by halving.
        let index = row.cells.partition_point(|cell| cell.end < range.start);
        if row.cells.get(index).is_none_or(|cell| cell_value(text, cell) != *range) {
            return None;
        }
        let header = self.header_of(text, start, separator)?;
        *self.columns_of(text, header, separator).get(index)?
    }

    /// The phone in the row starting at `start`: the first cell under a phone header that is
    /// written as a phone ([`numbers_by_column`]).
    fn phone_cell_in_row(&mut self, text: &str, start: usize) -> Option<Range<usize>> {
        let separator = self.row(text, start)?.separator;
        let header = self.header_of(text, start, separator)?;
        let phones: Vec<usize> = self.columns_of(text, header, separator).iter().enumerate().filter(|(_, column)| matches!(column, Some(Column::Phone | Column::Subscriber))).map(|(index, _)| index).collect();
        let cells = &self.row(text, start)?.cells;
        phones.into_iter().filter_map(|index| cells.get(index)).map(|cell| cell_value(text, cell)).find(|value| written_as_a_phone(&text[value.clone()]))
    }

    /// Adds the cells written as phones under the [`Column::Subscriber`] columns of the header
    /// line at `header` to `out`, in each row of its table.
    fn subscriber_cells(&mut self, text: &str, header: usize, out: &mut Vec<Found>) {
        let Some(separator) = self.row(text, header).map(|row| row.separator) else { return };
        let columns: Vec<usize> = self.columns_of(text, header, separator).iter().enumerate().filter(|(_, column)| **column == Some(Column::Subscriber)).map(|(index, _)| index).collect();
        if columns.is_empty() {
            return;
        }
        let next_line = |at: usize| line_around(text.as_bytes(), at).1 + 1;
        let mut at = next_line(header);
        while at < text.len() && self.header_of(text, at, separator) == Some(header) {
            let Some(row) = self.row(text, at) else { break };
            for cell in columns.iter().filter_map(|&index| row.cells.get(index)) {
                let value = cell_value(text, cell);
                if written_as_a_phone(&text[value.clone()]) {
                    out.push(Found::new(PiiKind::Phone, Name::Fixed("phone"), value));
                }
            }
            at = next_line(at);
        }
    }

    /// The start of the header line of the table whose row starts at `row`: a Jira header
    /// (`||…||`) or the line above a Markdown separator (`|---|`) above it, or else the topmost
    /// of the rows of the same shape right above it (as many separators, at least two `,` or
    /// `;`); `None` when that is `row` itself.
    fn header_of(&mut self, text: &str, row: usize, separator: char) -> Option<usize> {
        let wanted = self.shape(text, row, separator)?;
        let mut walked = Vec::new();
        let mut at = row;
        let header = loop {
            if let Some(&known) = self.header_of.get(&(at, separator)) {
                break known;
            }
            walked.push(at);
            let line = line_at(text, at);
            if separator == '|' && line.starts_with("||") {
                break at;
            }
            let Some(previous) = at.checked_sub(1).and_then(|end| row_around(text, end)).map(|(start, _)| start) else { break at };
            if separator == '|' && is_table_separator(line_at(text, previous)) {
                let above = previous.checked_sub(1).and_then(|end| row_around(text, end)).map(|(start, _)| start);
                break above.unwrap_or(at);
            }
            if self.shape(text, previous, separator) != Some(wanted) {
                break at;
            }
            at = previous;
        };
        for start in walked {
            self.header_of.insert((start, separator), header);
        }
        (header != row).then_some(header)
    }

    /// The shape of the line at `start` as a row of a table with `separator`: how many cells it
    /// has (any, for `|`).
    fn shape(&mut self, text: &str, start: usize, separator: char) -> Option<usize> {
        let row = self.row(text, start).filter(|row| row.separator == separator)?;
        Some(if separator == '|' { 0 } else { row.cells.len() })
    }

    /// The columns of the header line at `header`, read once.
    fn columns_of(&mut self, text: &str, header: usize, separator: char) -> &[Option<Column>] {
        self.columns.entry((header, separator)).or_insert_with(|| header_columns(text, header, separator))
    }
}

/// The line starting at `start` read as a row: its separator ([`row_separator`]) and cells,
/// separators inside a CSV field's quotes not counted; `None` for a line longer than
/// [`MAX_ROW_BYTES`], or without the separators of a row (at least two `,` or `;`, or one tab).
fn read_row(text: &str, start: usize) -> Option<Row> {
    let (start, end) = row_around(text, start)?;
    let line = text[start..end].trim_end_matches('\r');
    let separator = row_separator(line)?;
    let mut cells = Vec::new();
    let mut cell_start = start;
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        if c == '"' && separator != '|' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            cells.push(cell_start..start + at);
            cell_start = start + at + 1;
        }
    }
    cells.push(cell_start..start + line.len());
    // A row written between pipes has an empty piece before its first and after its last.
    if separator == '|' {
        cells.remove(0);
        if cells.last().is_some_and(|cell| text[cell.clone()].trim().is_empty()) {
            cells.pop();
        }
    }
    let least = match separator {
        '|' | '\t' => 2,
        _ => 3,
    };
    (cells.len() >= least).then_some(Row { separator, cells })
}

/// The range of a cell's value: without the blanks and quotes around it.
fn cell_value(text: &str, cell: &Range<usize>) -> Range<usize> {
    let raw = &text[cell.clone()];
    let start = cell.start + (raw.len() - raw.trim_start_matches(CELL_BLANKS).len());
    let end = cell.end - (raw.len() - raw.trim_end_matches(CELL_BLANKS).len());
    start..end.max(start)
}

/// Whether a phone column's `value` is written as a phone: see [`numbers_by_column`].
fn written_as_a_phone(value: &str) -> bool {
    let groups: Vec<&str> = value.split(|c: char| !c.is_ascii_digit()).filter(|group| !group.is_empty()).collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    let characters = value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')' | b'.'));
    let international = value.starts_with('+');
    let grouped = groups.len() >= 3 || digits >= 10 || international;
    // `1234567.00`, `192.168.10.254`, `4.12.0.1234`: amounts, addresses and versions.
    let dotted = value.contains('.') && (groups.len() < 3 || looks_like_dotted_number(value, &groups));
    characters
        && grouped
        && PHONE_DIGITS.contains(&digits)
        && value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '('))
        && !dotted
        && !looks_like_date(&groups)
        && !starts_with_an_iso_date(value)
}

/// The start and end of the line that holds byte `at`, when the line is short enough for a
/// table's row ([`MAX_ROW_BYTES`]): a longer line is prose or data, and is not read as a row.
fn row_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let from = at.saturating_sub(MAX_ROW_BYTES);
    let start = match memchr::memrchr(b'\n', &bytes[from..at]) {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = (start + MAX_ROW_BYTES).min(bytes.len());
    let end = match memchr::memchr(b'\n', bytes.get(at..to)?) {
        Some(i) => at + i,
        None if to == bytes.len() => to,
        None => return None,
    };
    Some((start, end))
}

/// The text of the line starting at `start` (without its `\r`).
fn line_at(text: &str, start: usize) -> &str {
    let (_, end) = line_around(text.as_bytes(), start);
    text[start..end].trim_end_matches('\r')
}

/// The longest line read as a table row, in bytes.
const MAX_ROW_BYTES: usize = 4096;

/// What pads a table cell around its value: spaces and a CSV field's quotes.
const CELL_BLANKS: [char; 2] = [' ', '"'];

/// The columns of the header line at `header`, each classified by its words (camelCase split:
/// `nhsNumber`), in the order of a row's cells; a cell of more than [`MAX_HEADER_WORDS`] words
/// is no column name. A line with an address or a cell of three digits or more is a row of
/// data, not a header: it has no columns.
fn header_columns(text: &str, header: usize, separator: char) -> Vec<Option<Column>> {
    let Some(row) = read_row(text, header) else { return Vec::new() };
    let line = line_at(text, header);
    // Jira writes a header's cells between `||`, a row's between `|`.
    let cells: Vec<&str> = jira_header_cells(line).unwrap_or_else(|| row.cells.iter().map(|cell| &text[cell.clone()]).collect());
    let data = line.contains('@') || cells.iter().any(|cell| cell.bytes().filter(u8::is_ascii_digit).count() >= 3);
    if data || row.separator != separator {
        return Vec::new();
    }
    cells.iter().map(|cell| column_named(cell)).collect()
}

/// What a header cell names, by its words.
fn column_named(cell: &str) -> Option<Column> {
    let words = identifier_words(cell);
    let names_a_phone = |word: &String| PHONE_HEADER_WORDS.contains(&word.as_str()) || PHONE_HEADER_STEMS.iter().any(|stem| word.starts_with(stem));
    if words.len() > MAX_HEADER_WORDS {
        None
    } else if words.iter().any(|word| word == "msisdn") && words.iter().all(|word| SUBSCRIBER_HEADER_WORDS.contains(&word.as_str())) {
        Some(Column::Subscriber)
    } else if words.iter().any(|word| BARCODE_WORDS.contains(&word.as_str())) {
        Some(Column::Barcode)
    } else if words.iter().any(names_a_phone) {
        Some(Column::Phone)
    } else if words.iter().any(|word| IDENTIFIER_HEADER_WORDS.contains(&word.as_str())) {
        Some(Column::Identifier)
    } else {
        None
    }
}

/// The most words of a header cell that [`column_named`] reads.
const MAX_HEADER_WORDS: usize = 4;

/// Words of a header that names a column of phone numbers (see also [`PHONE_HEADER_STEMS`]).
const PHONE_HEADER_WORDS: &[&str] = &[
    "tel", "tél", "tlf", "tfn", "tfno", "cell", "fax", "mob", "msisdn", "sms", "portable", "gsm", "ph", "hp", "wa", "fon", "landline", "caller", "cli", "telp", "тел", "τηλ",
];

/// How the longer words of a header that names a column of phone numbers start (`phone1`,
/// `mobilnummer`, `telefonnr`).
const PHONE_HEADER_STEMS: &[&str] = &[
    "phone", "mobil", "mobiel", "telef", "teléf", "télép", "telep", "cellp", "cellu", "celul", "handy", "whats", "móvil", "movil", "rufnummer", "simu", "festnetz",
    "komórk", "puhelin", "телефон", "τηλέφ", "هاتف", "جوال", "電話", "电话", "手机", "携帯", "전화", "טלפון",
];

/// The words of a header that names subscribers' numbers (`calling_msisdn`, `B-party MSISDN`);
/// with any other word it names something else (`MSISDN count`, `msisdn_lookups_total`,
/// `MSISDN range start`).
const SUBSCRIBER_HEADER_WORDS: &[&str] = &[
    "msisdn", "calling", "called", "caller", "callee", "a", "b", "party", "subscriber", "orig", "dest", "originating", "terminating", "from", "to", "source", "target", "number", "no",
];

/// Words for barcodes and device and SIM numbers, which check digits make look like cards: in
/// a header ([`Column::Barcode`]) or right before a number ([`follows_a_barcode_word`]).
const BARCODE_WORDS: &[&str] = &["ean", "ean13", "ean8", "gtin", "gtin13", "gtin14", "upc", "sscc", "isbn", "barcode", "imei", "imeisv", "iccid", "imsi"];

/// Words of a header that names a column of identifiers, not phone numbers (a bare `number` or
/// `no.` does not: `Alt. No.` holds phones as often).
const IDENTIFIER_HEADER_WORDS: &[&str] = &[
    "id", "mrn", "hrn", "nhs", "ucas", "hesa", "uid", "uuid", "ref", "reference", "account", "acct", "order", "case", "ticket", "invoice", "policy", "claim", "student",
    "patient", "customer", "member", "serial", "imei", "chi", "employee", "staff", "matric", "isbn", "orcid",
];

/// The separator of a table row: `|` for a Jira or Markdown row, else the one of `,`, `;` and
/// tab that the line holds most of (outside quotes; a tab on a tie).
fn row_separator(line: &str) -> Option<char> {
    if line.starts_with('|') {
        return Some('|');
    }
    let count = |separator: char| {
        let mut quoted = false;
        line.chars().filter(|&c| {
            quoted ^= c == '"';
            c == separator && !quoted
        }).count()
    };
    [',', ';', '\t'].into_iter().map(|separator| (count(separator), separator)).filter(|&(count, _)| count > 0).max_by_key(|&(count, _)| count).map(|(_, separator)| separator)
}

/// The start and end of the line that holds byte `at` (the end at its `\n`, or the text's end).
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    (start, end)
}

/// The line that ends just before the line starting at `start`, if any.
fn line_before(text: &str, start: usize) -> Option<&str> {
    let end = start.checked_sub(1)?;
    let (line_start, _) = line_around(text.as_bytes(), end);
    Some(text[line_start..end].trim_end_matches('\r'))
}

/// Whether `line` is a Markdown table's separator (`|---|:--:|`, `--- | ---`).
fn is_table_separator(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t')) && line.contains("--") && line.contains('|')
}

/// What [`table_passwords`] knows of the table it is reading.
#[derive(Default)]
struct TableState<'a> {
    /// Where the table's last line ended.
    line_end: Option<usize>,
    /// The table's previous line (a Markdown header, when a separator follows it).
    previous: Option<&'a str>,
    /// The password column and the number of columns, once a header named one.
    column: Option<(usize, usize)>,
}

impl<'a> TableState<'a> {
    /// Reads one line of the table, starting at `start` in the text.
    fn read(&mut self, line: &'a str, start: usize, out: &mut Vec<Found>) {
        if let Some(cells) = jira_header_cells(line) {
            self.column = header_password_column(&cells);
        } else if is_table_separator(line) {
            self.column = header_password_column(&self.previous.map(header_cells).unwrap_or_default());
        } else if let Some(range) = self.column.and_then(|(column, columns)| password_cell(line, column, columns)) {
            out.push(Found::new(PiiKind::Password, Name::Fixed("password"), start + range.start..start + range.end));
        }
        self.previous = Some(line);
    }
}

/// The span, within `row`, of its cell in `column` of a table of `columns` columns, when it holds
/// a password (see [`table_passwords`]).
fn password_cell(row: &str, column: usize, columns: usize) -> Option<Range<usize>> {
    let cells = row_cells(row, '|');
    let index = if cells.len() > columns { cells.len() - columns + column } else { column };
    let &(offset, cell) = cells.get(index)?;
    let trimmed = cell.trim();
    let start = offset + (cell.len() - cell.trim_start().len());
    let placeholder = trimmed.chars().count() < 4
        || trimmed.contains(char::is_whitespace)
        || trimmed.chars().all(|c| matches!(c, '*' | '•' | '●' | 'x' | 'X' | '-' | '.'))
        || TABLE_PLACEHOLDERS.iter().any(|word| trimmed.eq_ignore_ascii_case(word))
        // The name of a key kept elsewhere (`stripe_live_key`), not a passphrase.
        || (trimmed.contains('_') && is_identifier(trimmed) && !is_word_passphrase(trimmed))
        || is_reference(trimmed);
    (!placeholder).then_some(start..start + trimmed.len())
}

/// Cell values of a password column that hold no password.
const TABLE_PLACEHOLDERS: &[&str] = &["none", "null", "same", "unset", "empty", "hidden", "redacted", "masked", "n/a", "tbd", "todo", "vault", "see vault"];

/// The cells of a Jira table's header line (`||Host||Password||`), if `line` is one.
fn jira_header_cells(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("||")?;
    Some(inner.trim_end().trim_end_matches("||").split("||").collect())
}

/// The cells of a Markdown table's header line, without their offsets.
fn header_cells(header: &str) -> Vec<&str> {
    row_cells(header, '|').into_iter().map(|(_, cell)| cell).collect()
}

/// The cells of a table row written between `separator`s (`|a|b|`: `a`, `b`; a separator after
/// a backslash is text), each with its offset in the row.
fn row_cells(row: &str, separator: char) -> Vec<(usize, &str)> {
    let row = row.trim_end();
    let (mut offset, inner) = match row.strip_prefix(separator) {
        Some(rest) => (separator.len_utf8(), rest),
        None => (0, row),
    };
    let inner = inner.strip_suffix(separator).filter(|rest| !rest.ends_with('\\')).unwrap_or(inner);
    // `\|` is a pipe inside a cell, not between two.
    let mut escaped = false;
    inner
        .split(|c: char| {
            let splits = c == separator && !escaped;
            escaped = c == '\\' && !escaped;
            splits
        })
        .map(|cell| {
            let at = offset;
            offset += cell.len() + separator.len_utf8();
            (at, cell)
        })
        .collect()
}

/// The column among header `cells` whose name ends in a password word (`Password`,
/// `*Passwort*`, `DB password`; not `Password last changed`), and the number of columns.
fn header_password_column(cells: &[&str]) -> Option<(usize, usize)> {
    let names_a_password = |cell: &&str| {
        let name = cell.trim().trim_matches('*').to_lowercase();
        name.split(|c: char| !c.is_alphanumeric()).rfind(|word| !word.is_empty()).is_some_and(|word| TABLE_PASSWORD_WORDS.contains(&word))
    };
    let column = cells.iter().position(names_a_password)?;
    Some((column, cells.len()))
}

/// Column names of a password, in the languages of the password words.
const TABLE_PASSWORD_WORDS: &[&str] = &[
    "password", "passwort", "kennwort", "pwd", "pw", "passphrase", "secret", "contraseña", "senha", "wachtwoord",
    "hasło", "lösenord", "salasana", "пароль", "heslo", "şifre", "jelszó", "パスワード", "密码", "密碼", "비밀번호",
];

/// Accepts the 88 characters of an Azure storage account key that end an `--account-key` match.
fn check_azure_account_key(text: &str, found: Range<usize>) -> Option<Accept> {
    check_token(text, found.end.checked_sub(88)?..found.end)
}

/// Accepts the value of a vendor assignment when it stands on its own.
fn check_assigned_token(text: &str, found: Range<usize>) -> Option<Accept> {
    check_token(text, assigned_value(text, found)?)
}

/// Like [`check_assigned_token`], for a value of `MIN` to `MAX` bytes (the patterns say "at
/// least 20" to stay small to compile).
fn check_assigned_length<const MIN: usize, const MAX: usize>(
    text: &str,
    found: Range<usize>,
) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    (MIN..=MAX)
        .contains(&value.len())
        .then(|| check_token(text, value))
        .flatten()
}

/// Accepts a Datadog API key (32 hex digits) or application key (40).
fn check_datadog_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    matches!(value.len(), 32 | 40)
        .then(|| check_token(text, value))
        .flatten()
}

/// Accepts a UUID (8-4-4-4-12 hex digits) assigned to a vendor key (Heroku's API keys).
fn check_assigned_uuid(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let groups: Vec<usize> = text[value.clone()].split('-').map(str::len).collect();
    (groups == [8, 4, 4, 4, 12])
        .then(|| check_token(text, value))
        .flatten()
}

/// Where a value that stops at `end` before a `&` ends when it goes on to a connection string's
/// `;` (`Password=Hq*3&WAN3&9^c;Encrypt=True`): the rest up to the `;` (within
/// [`MAX_QUOTED_SECRET_BYTES`]) holds no blank and no `=`, so it is no query string's next
/// parameter (`?token=abc&user=x`).
fn through_ampersands(text: &str, end: usize) -> usize {
    // `&amp;` is an escaped URL's separator, not part of a value.
    if byte_at(text, end) != Some(b'&') || text[end..].starts_with("&amp;") {
        return end;
    }
    let rest = &text[end..floor_char_boundary(text, (end + MAX_QUOTED_SECRET_BYTES).min(text.len()))];
    match rest.find([';', ' ', '\t', '\n', '=', '"', '\'']) {
        Some(at) if rest.as_bytes()[at] == b';' => end + at,
        _ => end,
    }
}

/// The value of an assignment match: what follows the first `:` or `=` and the blanks, quotes
/// and further separator characters after it.
fn assigned_value(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let assignment = &text[found.clone()];
    let separator = assignment.find([':', '='])?;
    let offset = assignment[separator..]
        .find(|c: char| !matches!(c, ':' | '=' | '>' | ' ' | '\t' | '"' | '\''))?;
    Some(found.start + separator + offset..found.end)
}

/// Accepts the value of a `password` / `secret` / `token` assignment when it looks random (at
/// least [`MIN_SECRET_BYTES`] long, [`MIN_SECRET_ENTROPY`] bits per character) or is a weak
/// password ([`is_weak_password`]), and is none of: a reference to a secret kept elsewhere
/// (`${DB_PASSWORD}`, `process.env.TOKEN`, `<password>`), a URL (`"token_uri": "https://…"`; a
/// URL's own credentials have their detector), a file's path, code naming a variable
/// ([`names_code`]) or the name of a stored secret ([`names_a_stored_secret`]).
fn check_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // `bypass_list`, `compass`: a lowercase key word inside a lowercase word is another word.
    let inside_a_word = text[found.start..].starts_with(|c: char| c.is_ascii_lowercase())
        && byte_before(text, found.start).is_some_and(|b| b.is_ascii_lowercase());
    // `arn:aws:secretsmanager:…:secret:prod/db-AbC123`: the secret's name in an ARN.
    let token = text[..found.start].rsplit(char::is_whitespace).next().unwrap_or_default();
    if inside_a_word || token.starts_with("arn:") {
        return None;
    }
    let value = assigned_value(text, found.clone())?;
    // `**Password:** Xy7…` (how the ADF reader writes a bold label), `*Password:*` (Jira),
    // `Password: - Xy7…`: the "value" is emphasis or a dash, and the password is the next word.
    if text[value.clone()].chars().all(|c| matches!(c, '*' | '_' | '-' | '~')) {
        let separator = found.start + text[found.clone()].find([':', '='])?;
        return check_password_nearby(text, found.start..separator);
    }
    // SQL Server's national string literal: `WITH PASSWORD = N'…'`.
    let value = if text[value.start..].starts_with("N'") { value.start + 2..value.end.max(value.start + 2) } else { value };
    let value = quoted_value(text, value.start).unwrap_or_else(|| {
        let end = through_ampersands(text, value_end(text, value.end));
        let trimmed = text[value.start..end].trim_end_matches(['.', ')', '}', ']']);
        value.start..value.start + trimmed.len()
    });
    let secret = &text[value.clone()];
    let path = is_file_path(secret);
    let random = secret.len() >= MIN_SECRET_BYTES && shannon_entropy(secret) >= MIN_SECRET_ENTROPY;
    // A short value with letters and digits cannot reach that entropy (`Z4bb1x!db`): the entropy
    // a value of its length can have is enough.
    let letters_and_digits = secret.chars().any(char::is_alphabetic) && secret.chars().any(|c| c.is_ascii_digit());
    let short_random = secret.len() >= MIN_SECRET_BYTES
        && letters_and_digits
        && shannon_entropy(secret) >= MIN_SECRET_ENTROPY.min(0.8 * libm::log2(secret.len() as f64));
    // A Sealed Secret's `encryptedData` holds ciphertext that only the cluster's key opens.
    let sealed = secret.len() >= MIN_SEALED_BYTES && secret.starts_with("Ag") && context_before(text, found.start, SEALED_CONTEXT_BYTES).contains("encryptedData");
    let secret_like = (random || short_random || is_weak_password(secret) || meets_password_policy(secret) || is_capitalized_passphrase(secret))
        && !sealed
        && !is_reference(secret)
        && !secret.contains("://")
        && !path
        && !names_code(text, secret, value.end)
        && !is_a_secrets_name(secret)
        && !names_about_a_secret(&text[found.start..separator_at(text, &found)])
        && !names_a_stored_secret(text, found.start, separator_at(text, &found), secret);
    secret_like.then_some(Accept::plain(value))
}

/// Accepts the value of a [`SIGNING_SECRETS`] key whose last word names a secret (`key`,
/// `auth`, `secret`, `token`), as [`check_password`] accepts a password's: not `webhook_url`,
/// `hmac_algorithm` or `webhookId`.
fn check_signing_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let key = &text[found.start..separator_at(text, &found)];
    let words = identifier_words(key.trim_end_matches(['"', '\'', ' ', '\t']));
    let (last, rest) = words.split_last()?;
    // After `hmac` or `webhook`, only words about the secret (`hmacKey`, `WEBHOOK_AUTH`,
    // `webhook_signing_secret`), never another thing's key (`webhookRoutingKey`).
    let about_the_secret = rest.iter().skip(1).all(|word| SIGNING_KEY_WORDS.contains(&word.as_str()));
    let names_a_secret = ["key", "auth", "secret", "token"].contains(&last.as_str());
    let value = assigned_value(text, found.clone())?;
    // An algorithm's or a header's name is no secret (`HmacSHA256`, `AuthorizationHeader`).
    let random = is_random_url_safe(&text[value.clone()]) || text[value].bytes().filter(u8::is_ascii_hexdigit).count() >= MIN_HEX_SIGNING_KEY;
    (about_the_secret && names_a_secret && random).then(|| check_password(text, found)).flatten()
}

/// The words that may stand between `hmac` or `webhook` and the `key`, `secret`, `auth` or
/// `token` that ends a signing secret's key.
const SIGNING_KEY_WORDS: &[&str] = &["signing", "signature", "shared", "sha1", "sha256", "sha512", "api", "verification", "verify"];

/// The fewest hexadecimal digits of a signing key written in hex (`adyen.hmacKey=A5C8…`).
const MIN_HEX_SIGNING_KEY: usize = 32;

/// The lowercase words of an identifier or a header, split at every sign and at a capital
/// after a lowercase letter (`adyen.hmacKey` → `adyen`, `hmac`, `key`; `Caller ID` → `caller`,
/// `id`).
fn identifier_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if (!c.is_alphanumeric() || (c.is_uppercase() && previous_lower)) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The shortest value read as a Sealed Secret's ciphertext (they run to hundreds of bytes).
const MIN_SEALED_BYTES: usize = 128;

/// How far before a key [`check_password`] looks for a Sealed Secret's `encryptedData` (its
/// values run to 700 bytes and more, and come after one another).
const SEALED_CONTEXT_BYTES: usize = 8192;

/// Whether an assigned `value` meets a common password policy, as passwords too short or too
/// repetitive for [`MIN_SECRET_ENTROPY`] still do (`t00ls-DB-2022`, `pgb-Adm1n!2023`): 8 to 64
/// bytes without spaces, with lowercase letters, digits, and a sign that names do not use or
/// capitals and a digit among letters; not a name written as programs write them
/// (`dbPassword2`), nor words and numbers joined by dashes (`aws-prod-2`, `Beta-2024-06`), nor a
/// masked value.
fn meets_password_policy(value: &str) -> bool {
    let lower = value.chars().any(char::is_lowercase);
    let digit = value.chars().any(|c| c.is_ascii_digit());
    let sign = value.chars().any(|c| c.is_ascii_punctuation() && !matches!(c, '-' | '_' | '.' | '/' | ':'));
    let capital = value.chars().any(char::is_uppercase);
    // A digit between letters (`t00ls`, `Adm1n`), not only numbers beside words (`Beta-2024-06`,
    // `OAuth2-PKCE`, `Client-Device-01`).
    let chars: Vec<char> = value.chars().collect();
    let leet = chars.windows(3).any(|w| w[0].is_alphabetic() && w[1].is_ascii_digit() && (w[2].is_alphabetic() || w[2].is_ascii_digit()) && chars.iter().skip_while(|c| !c.is_ascii_digit()).any(|c| c.is_alphabetic()));
    // `sk_live_••••3fA9`, `Ab1****`: what an interface shows of a hidden value.
    let masked = value.contains(['•', '●', '…']) || value.contains("**");
    (MIN_SECRET_BYTES..=64).contains(&value.len())
        && !masked
        && !value.contains(char::is_whitespace)
        && lower
        && digit
        && (sign || (capital && leet))
        && !is_identifier(value)
}

/// Accepts the digits of a passcode or PIN (see `PASSWORDS`) when its word stands alone and the
/// digits end the number: not `SPIN 2000`, `PIN 1234-5678` or `Passcode 2024.3`.
fn check_pin(text: &str, found: Range<usize>) -> Option<Accept> {
    let digits = text[found.clone()].trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let value = found.start + digits..found.end;
    let word_alone = !byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric());
    let rest = &text.as_bytes()[found.end..];
    let number_goes_on = match rest {
        [b, ..] if b.is_ascii_alphanumeric() => true,
        [b'.' | b',' | b'/' | b':' | b'-', next, ..] => next.is_ascii_digit(),
        _ => false,
    };
    // `PIN Code: 560001`: India's postal codes are six digits after `PIN`.
    let postal = text[found.clone()].starts_with("PIN") && value.len() == 6;
    (word_alone && !number_goes_on && !postal).then_some(Accept::plain(value))
}

/// Where the key of an assignment match ends.
fn separator_at(text: &str, found: &Range<usize>) -> usize {
    text[found.clone()].find([':', '=', '"', '\'', ' ', '\t']).map_or(found.end, |i| found.start + i)
}

/// Whether an assignment's key names something about a secret, not the secret: its identifier
/// (`private_key_id`, `accessKeyId`, `TOKEN_ID`; Google sends a key's id along with every token,
/// and vendors' ids have their own detectors), its type, version, identity, lifetime or policy
/// (`credential_type: OAuth2-PKCE`, `api_key_version`, `psk_identity`, `token_ttl`).
fn names_about_a_secret(key: &str) -> bool {
    let key = key.trim_matches(['"', '\'']);
    let camel = key.strip_suffix("Id").is_some_and(|head| head.ends_with(|c: char| c.is_ascii_lowercase()));
    let lower = key.to_ascii_lowercase();
    let attribute = lower.rsplit(['_', '-', '.']).next().filter(|last| last.len() < lower.len());
    camel || attribute.is_some_and(|last| KEY_ATTRIBUTES.contains(&last))
}

/// The last words of a key that name something about a secret (see [`names_about_a_secret`]).
const KEY_ATTRIBUTES: &[&str] = &["id", "type", "version", "identity", "ttl", "expiry", "expires", "lifetime", "policy", "length", "format", "mode", "algorithm"];

/// Whether an assignment names where a secret is kept instead of holding it: a key that says so
/// (`existingSecret`, `secretName`, `passwordRef`, `token_file`, `passwordKey`, the key inside a
/// Kubernetes secret) with a value written as resource names are (`redis-auth`,
/// `admin-password`: lowercase letters, digits, `-`, `_`, `.`).
fn names_a_stored_secret(text: &str, key_start: usize, key_end: usize, value: &str) -> bool {
    let key = text[key_start..key_end].to_ascii_lowercase();
    let existing = context_before(text, key_start, 8).eq_ignore_ascii_case("existing");
    let naming_key = existing
        || ["name", "ref", "file", "path"].iter().any(|suffix| key.ends_with(suffix))
        || key.ends_with("passwordkey");
    let resource_name = value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
    naming_key && resource_name
}

/// Whether an assigned value is the name of a secret rather than the secret: lowercase words
/// joined by `_`, `-` or `.`, one of which names a secret and two others name what it is for,
/// and maybe a number (`payment_service_creds_2`, `prod-db-password`, `stripe.api.key`; not
/// `secret-key-42` or `password-123`).
fn is_a_secrets_name(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['_', '-', '.']).collect();
    let word = |part: &&str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase());
    let number = |part: &&str| (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let other_words = parts.iter().filter(|part| word(part) && !SECRET_NOUNS.contains(part)).count();
    parts.iter().all(|part| word(part) || number(part)) && parts.iter().any(|part| SECRET_NOUNS.contains(part)) && other_words >= 2
}

/// Words that name a secret in the name of one (see [`is_a_secrets_name`]).
const SECRET_NOUNS: &[&str] = &["creds", "cred", "credential", "credentials", "secret", "secrets", "password", "passwords", "passwd", "pwd", "token", "tokens", "key", "keys", "apikey"];

/// Whether an assigned value is code naming a variable or a type, not a secret: a camel-case
/// identifier without digits that names a secret itself (`Password`, `Token`, `Secret`, `Key`,
/// `Hash`, `Credential`, `Auth`) and that a statement goes on after (`password: hashedPassword,`,
/// `token: AuthToken;`, `f(secret=clientSecret)`). A bare one at the end of a line is still taken
/// (`password: CorrectHorseBatteryStaple` in a config file), and so is one that names nothing
/// secret (`Password=BlueHorseStaple;` in a connection string).
fn names_code(text: &str, value: &str, end: usize) -> bool {
    let lower = value.to_ascii_lowercase();
    let names_a_secret = ["password", "token", "secret", "key", "hash", "credential", "auth"].iter().any(|word| lower.contains(word));
    let camel = names_a_secret
        && camel_parts(value)
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().all(|b| b.is_ascii_alphabetic());
    let statement_goes_on = text[end..].trim_start_matches([' ', '\t']).starts_with([',', ';', ')', '}', ']']);
    camel && statement_goes_on
}

/// The value that starts at `start` when a quote opened it and closes it on the same line
/// within [`MAX_QUOTED_SECRET_BYTES`]: then it may hold what ends a bare value (`;`, `&`, `,`,
/// `<`, the other quote, spaces). Not when it has spaces and none of its words is written as
/// passwords are (`"see the vault entry"`): then the value ends where a bare one would.
fn quoted_value(text: &str, start: usize) -> Option<Range<usize>> {
    let range = quoted_flag_value(text, start)?;
    let value = &text[range.clone()];
    // With spaces, a value is a passphrase only if one of its words is written as passwords
    // are; otherwise it is a label, a hint or a sentence (`"Mot de passe"`, `"ask the DBA"`).
    let prose = value.contains(char::is_whitespace) && !value.split_whitespace().any(looks_like_a_password_word);
    (!value.is_empty() && !prose).then_some(range)
}

/// Whether one word of a quoted value with spaces is written as passwords are: letters and
/// digits with a sign among them (`w0rd;&x<1`), or [`looks_like_a_password`].
fn looks_like_a_password_word(word: &str) -> bool {
    let signed = word.chars().any(|c| !c.is_alphanumeric() && !matches!(c, ',' | '.' | '!' | '?' | ':' | '>' | '-'));
    let mixed = word.chars().any(char::is_alphabetic) && word.chars().any(|c| c.is_ascii_digit());
    (signed && mixed && word.len() >= 4) || looks_like_a_password(word)
}

/// Whether `value` is a file's path (`/run/secrets/db_password`, `~/.aws/credentials`): it
/// starts at a root, home or current folder and its parts are names (not base64 that happens to
/// start with `/`).
fn is_file_path(value: &str) -> bool {
    let rest = ["/", "~/", "./", "../"].iter().find_map(|root| value.strip_prefix(root));
    rest.is_some_and(|rest| {
        rest.split('/').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
    })
}

/// Where in `window` a value ends: at the first `stop` not escaped by a backslash (the quote
/// that opened it, `"ab\"c9"` in JSON; the `;` after a Wi-Fi password), or at the end of the
/// line.
fn unescaped_end(window: &str, stop: char) -> Option<usize> {
    let mut escaped = false;
    window.char_indices().find_map(|(i, c)| {
        let ends = (c == stop && !escaped) || c == '\n' || c == '\r';
        escaped = !escaped && c == '\\';
        ends.then_some(i)
    })
}

/// Accepts the password of `curl -u user:password` (or `--user`), when `curl` comes before it on
/// its line (or the lines it continues) and the password is not a variable or a mask; or the
/// whole `key:X` when the user is a random key and the password a dummy.
fn check_curl_user(text: &str, found: Range<usize>) -> Option<Accept> {
    // The command first: without it, the value's end is not looked for (a long run of `-u=a:b`
    // would be scanned to its end once per candidate).
    if !command_before(text, found.start, &["curl"]) {
        return None;
    }
    let value = value_after_flag(text, found)?;
    let end = value_end(text, value.end);
    let credentials = &text[value.start..end];
    let (user, password) = credentials.split_once(':')?;
    // An API key given as the user, with a dummy password (`-u 8f3kQ9xLm2…:X`, Freshdesk and
    // others): the key is the secret.
    let key_as_user = password.len() <= 1 && user.len() >= MIN_SECRET_BYTES && shannon_entropy(user) >= MIN_SECRET_ENTROPY;
    if key_as_user && !is_reference(user) {
        return Some(Accept::plain(value.start..end));
    }
    let real = !user.is_empty() && !password.is_empty() && !is_reference(password);
    // Only the password: the user is a name or an address, which its own detector judges.
    real.then_some(Accept::plain(end - password.len()..end))
}

/// Whether one of `commands` (lowercase ASCII) comes before `at` on its line or on the lines
/// that line continues, within [`COMMAND_CONTEXT_BYTES`]: bounded, so that a long line of
/// candidates costs linear time.
fn command_before(text: &str, at: usize, commands: &[&str]) -> bool {
    let window = context_before(text, at, COMMAND_CONTEXT_BYTES);
    let mut lines = window.rsplit('\n');
    if mentions(lines.next().unwrap_or_default(), commands) {
        return true;
    }
    // The lines a command continues onto end with `\` (a shell), `^` (cmd) or `` ` `` (PowerShell).
    lines
        .take_while(|line| line.trim_end().ends_with(['\\', '^', '`']))
        .any(|line| mentions(line, commands))
}

/// How far before a `-u` or `-p` flag its command (`curl`, `mysql`) is looked for, in bytes.
const COMMAND_CONTEXT_BYTES: usize = 256;

/// The part of a `-u …` / `--user=…` match after the flag, its separator and an opening quote.
fn value_after_flag(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let matched = &text[found.clone()];
    let flag = if matched.starts_with("--user") { "--user".len() } else { "-u".len() };
    let offset = matched[flag..].find(|c: char| !matches!(c, ' ' | '\t' | '=' | '"' | '\''))?;
    Some(found.start + flag + offset..found.end)
}

/// Accepts the password of `mysql -pSECRET` or `-p'SECRET'` (also `mysqldump`, `mariadb`), when
/// such a command comes before it on its line.
fn check_mysql_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let start = found.start + text[found.clone()].find("-p")? + "-p".len();
    let quote = text[start..].chars().next().filter(|c| matches!(c, '"' | '\''));
    let value = match quote {
        Some(quote) => {
            let open = start + 1;
            let window = &text[open..floor_char_boundary(text, (open + MAX_QUOTED_SECRET_BYTES).min(text.len()))];
            open..open + unescaped_end(window, quote)?
        }
        None => start..value_end(text, start),
    };
    let command = command_before(text, found.start, &["mysql", "mariadb", "sshpass"]);
    (command && !value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Commands that take a password as the value of a flag, with those flags. Only these: the
/// same flags mean other things elsewhere (`mkdir -p`, `redis-cli -p 6379`, and `mysql -p db`,
/// whose `-p` prompts and leaves `db` to be the database).
const COMMAND_PASSWORD_FLAGS: &[(&str, &[&str])] = &[
    ("sshpass", &["-p"]),
    ("docker login", &["-p", "--password"]),
    ("podman login", &["-p", "--password"]),
    ("nerdctl login", &["-p", "--password"]),
    ("helm registry login", &["-p", "--password"]),
    ("helm repo add", &["--password"]),
    ("oc login", &["-p", "--password"]),
    ("az login", &["-p", "--password"]),
    ("redis-cli", &["-a", "--pass"]),
    ("mongo", &["-p", "--password"]),
    ("ldap", &["-w"]),
    ("wget", &["--password"]),
    ("ipmitool", &["-P"]),
];

/// Commands that take a password after a `%` in their user flag (`smbclient -U 'CORP\\scan%pw'`).
const COMMAND_USER_PERCENT_FLAGS: &[(&str, &[&str])] = &[
    ("smbclient", &["-U", "--user"]),
    ("rpcclient", &["-U", "--user"]),
    ("smbmap", &["-U"]),
];

/// Accepts the password a command takes as a flag's value (`sshpass -p 'pw' ssh …`,
/// `docker login -u ci -p pw registry`, `redis-cli -a pw`, `ldapsearch -w pw`), or the part after
/// `%` of a Samba user flag (`smbclient -U 'CORP\\scan%pw'`): when a command of
/// [`COMMAND_PASSWORD_FLAGS`] (or [`COMMAND_USER_PERCENT_FLAGS`]) that takes this flag is the
/// command the flag belongs to ([`same_command`]), and the value is not a variable, a call or
/// another flag. A quoted value is taken whole, spaces included. After `sshpass … ssh`, a `-p` of
/// up to five digits is the port of the command `sshpass` runs.
fn check_command_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let flag = matched[1..].split([' ', '\t', '=']).next()?;
    let taking = |table: &[(&'static str, &[&str])]| -> Vec<&'static str> {
        table.iter().filter(|(_, flags)| flags.contains(&flag)).map(|(command, _)| *command).collect()
    };
    let after_flag = found.start + 1 + flag.len();
    let start = after_flag + text[after_flag..found.end].find(|c: char| !matches!(c, ' ' | '\t' | '=' | '"' | '\''))?;
    let start = after_continuation(text, start);
    let mut value = quoted_flag_value(text, start).unwrap_or_else(|| start..value_end(text, start));
    let user_percent = taking(COMMAND_USER_PERCENT_FLAGS);
    let commands = if !user_percent.is_empty() && command_before(text, found.start, &user_percent) {
        value.start += text[value.clone()].find('%')? + 1;
        user_percent
    } else {
        taking(COMMAND_PASSWORD_FLAGS)
    };
    let password = &text[value.clone()];
    let real = !password.is_empty() && !password.starts_with('-') && !is_reference(password);
    let between = same_command(text, found.start, &commands)?;
    // `sshpass -p pw ssh host -p 2222`: the `-p` of the command run after is its port.
    let command_run = between.split_once([' ', '\t']).is_some_and(|(_, rest)| mentions(rest, &["ssh", "scp", "rsync"]));
    let port = flag == "-p" && command_run && password.len() <= 5 && password.bytes().all(|b| b.is_ascii_digit());
    (real && !port).then_some(Accept::plain(value))
}

/// The value that starts at `start` when a quote opened it and closes it on its line within
/// [`MAX_QUOTED_SECRET_BYTES`]: a flag's quoted value is one argument, spaces included
/// (`sshpass -p 'correct horse battery staple'`).
fn quoted_flag_value(text: &str, start: usize) -> Option<Range<usize>> {
    let quote = char::from(byte_before(text, start).filter(|b| matches!(b, b'"' | b'\''))?);
    let rest = &text[start..];
    let window = &rest[..floor_char_boundary(rest, MAX_QUOTED_SECRET_BYTES.min(rest.len()))];
    let close = unescaped_end(window, quote)?;
    window[close..].starts_with(quote).then_some(start..start + close)
}

/// The text from the command the flag at `at` belongs to up to the flag, when that command is
/// one of `commands`: [`command_before`] says one comes before it, and no sentence or pipeline
/// comes between the last of them and the flag, outside quoted arguments (`docker login -u ci
/// -p "$T" reg`, which prints "Using --password via the CLI …"; but `ldapsearch -D "cn=admin,
/// dc=acme" -w pw`). A backtick ending a line continues a PowerShell command.
fn same_command<'t>(text: &'t str, at: usize, commands: &[&str]) -> Option<&'t str> {
    if !command_before(text, at, commands) {
        return None;
    }
    let window = context_before(text, at, COMMAND_CONTEXT_BYTES);
    let lower = window.to_ascii_lowercase();
    let command = commands.iter().filter_map(|command| lower.rfind(command)).max()?;
    let between = &window[command..];
    let unquoted = without_quoted(between).replace("`\n", "\n");
    let broken = unquoted.contains(['`', '|', ';']) || [", ", ". ", "&&"].iter().any(|stop| unquoted.contains(stop));
    (!broken).then_some(between)
}

/// `text` without its quoted parts (`a "b, c" d` → `a  d`), the quotes' contents dropped up to
/// the matching quote.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(quote) if c == quote => open = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'') => open = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Where a flag's value starts when the flag ends its line and the command goes on on the next
/// (`--password \` then `'pw'`; `^` in cmd, `` ` `` in PowerShell): after the line break, its
/// indentation and an opening quote; otherwise `at`.
fn after_continuation(text: &str, at: usize) -> usize {
    let next_line = text[at..]
        .strip_prefix(['\\', '^', '`'])
        .and_then(|rest| rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')));
    next_line.map_or(at, |line| {
        let indented = line.trim_start_matches([' ', '\t']);
        text.len() - indented.strip_prefix(['"', '\'']).unwrap_or(indented).len()
    })
}

/// Accepts the password of a PostgreSQL password file's line
/// (`hostname:port:database:username:password`, the port PostgreSQL's, PgBouncer's or `*`) when
/// the text names `.pgpass` (or `PGPASSFILE`) shortly before it, on its line or before.
fn check_pgpass_line(text: &str, found: Range<usize>) -> Option<Accept> {
    // The host name before the port starts its line or follows a space (`~/.pgpass contains:
    // db01:5432:…`); it is looked for within a bounded window, so that a long line of
    // candidates costs linear time.
    let before = context_before(text, found.start, PGPASS_CONTEXT_BYTES);
    let host = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    if host.len() == before.len() && before.len() != found.start {
        return None;
    }
    let host_start = found.start - host.len();
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'*' | b'_' | b'-'));
    let named = mentions(context_before(text, host_start, PGPASS_CONTEXT_BYTES), &["pgpass"]);
    let fields = &text[found.clone()];
    let password_at = fields.match_indices(':').nth(3)?.0 + 1;
    let password = &fields[password_at..];
    let real = !password.is_empty() && password != "*" && !is_reference(password);
    (host_ok && named && real).then_some(Accept::plain(found.start + password_at..found.end))
}

/// How far before a password file's line the name `.pgpass` is looked for, in bytes.
const PGPASS_CONTEXT_BYTES: usize = 512;

/// How far after `net use` its arguments are looked for, in bytes.
const NET_USE_ARGUMENTS_BYTES: usize = 512;

/// The most arguments of one `net use` command read.
const MAX_NET_USE_ARGUMENTS: usize = 16;

/// Accepts the password of a Windows `net use` command with a `/user:` switch: the argument
/// right after the share, where the command's syntax puts it (`net use Z: \\fs01\share P@ss
/// /user:CORP\jdoe`), or right after the user switch, where people often put it, if it is
/// written as passwords are (`net use \\fs01\ipc$ /user:admin Adm1n!2024`; not the `fails` of
/// prose after the command). The command ends at the end of its line, a pipe, `&`, a backtick
/// (inline code) or an unquoted `;`. A `*` (asking for the password) or a variable is no
/// password.
fn check_net_use_password(text: &str, found: Range<usize>) -> Option<Accept> {
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let limit = floor_char_boundary(text, (found.end + NET_USE_ARGUMENTS_BYTES).min(text.len()));
    let end = text[found.end..limit].find(['\n', '\r', '|', '&', '`']).map_or(limit, |i| found.end + i);
    // The next command's own match reads its arguments.
    let end = memchr::memmem::find(&text.as_bytes()[found.end..end], b"net use").map_or(end, |i| found.end + i);
    let (mut user, mut password) = (false, None);
    let (mut after_share, mut after_user) = (false, false);
    let (mut at, mut read) = (found.end, 0);
    while let Some(mut argument) = next_argument(text, at, end).filter(|_| read < MAX_NET_USE_ARGUMENTS) {
        (at, read) = (argument.end + 1, read + 1);
        // An unquoted `;` ends the command (PowerShell, or the sentence around it).
        let quoted = byte_before(text, argument.start) == Some(b'"');
        if let Some(semicolon) = text[argument.clone()].find(';').filter(|_| !quoted) {
            (argument.end, at) = (argument.start + semicolon, end);
        }
        let arg = &text[argument.clone()];
        let switch = arg.strip_prefix('/').map(str::to_ascii_lowercase);
        let is_user = switch.as_deref().is_some_and(|s| s.starts_with("user:") || s.starts_with("u:"));
        let positional = switch.is_none() && !arg.is_empty() && arg != "*" && !arg.starts_with("\\\\");
        // Prose after the command (`fails with error 1326`) is no password: a bare word is taken
        // only when written as passwords are, a quoted one after the share whatever it is.
        let shaped = || looks_like_a_password(arg) || is_weak_password(arg);
        if password.is_none() && positional && ((after_share && quoted) || ((after_share || after_user) && shaped())) {
            password = Some(argument);
        }
        user |= is_user;
        (after_share, after_user) = (arg.starts_with("\\\\"), is_user);
    }
    let password = password.filter(|value| !is_reference(&text[value.clone()]))?;
    user.then_some(Accept::plain(password))
}

/// The next whitespace-separated argument of a command line from `at` up to `end`: a quoted one
/// without its quotes (up to its closing quote, or `end`), or `None` past the last.
fn next_argument(text: &str, at: usize, end: usize) -> Option<Range<usize>> {
    let line = text.get(at..end)?;
    let start = at + line.find(|c: char| !c.is_whitespace())?;
    let rest = &text[start..end];
    if let Some(quoted) = rest.strip_prefix('"') {
        let close = quoted.find('"').unwrap_or(quoted.len());
        return Some(start + 1..start + 1 + close);
    }
    Some(start..start + rest.find(char::is_whitespace).unwrap_or(rest.len()))
}

/// How far after `WIFI:` its password field is looked for, in bytes.
const WIFI_FIELDS_BYTES: usize = 256;

/// Accepts the password of a Wi-Fi QR code text (`WIFI:T:WPA;S:Office;P:secret;;`): its `P:`
/// field on the same line, up to the next unescaped `;`.
fn check_wifi_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // Bounded, so that a long line of `WIFI:` costs linear time.
    let limit = floor_char_boundary(text, (found.end + WIFI_FIELDS_BYTES).min(text.len()));
    let line_end = text[found.end..limit].find('\n').map_or(limit, |i| found.end + i);
    let fields = &text[found.end..line_end];
    let field = if fields.starts_with("P:") { Some(0) } else { fields.find(";P:").map(|i| i + 1) }?;
    let start = found.end + field + "P:".len();
    let rest = &text[start..line_end];
    let end = unescaped_end(rest, ';').unwrap_or(rest.len());
    (end > 0 && !is_reference(&rest[..end])).then_some(Accept::plain(start..start + end))
}

/// Accepts the name after a full-name label ([`FULL_NAME_LABELS`]): two to
/// [`MAX_LABELED_NAME_WORDS`] words on the label's line, each capitalized, a family-name
/// particle, or in a script without case, one or two spaces apart (a scanned form's text
/// doubles some), up to the first word that is none of those, a wider gap, a tab, or a
/// separator (`,`, `;`, `·`, `|`, `(`, `<`).
fn check_full_name(text: &str, found: Range<usize>) -> Option<Accept> {
    let rest = &text[found.end..];
    let start = found.end + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let mut end = start;
    let mut words = 0;
    let mut at = start;
    while words < MAX_LABELED_NAME_WORDS {
        let line = &text[at..ceil_char_boundary(text, (at + MAX_NAME_WORD_BYTES).min(text.len()))];
        let Some(word_len) = line.find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '·' | '|' | '(' | '<')).or((line.len() < MAX_NAME_WORD_BYTES).then_some(line.len())) else {
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
    (words >= 2).then_some(Accept::plain(start..end))
}

/// The most words [`check_full_name`] takes for a name.
const MAX_LABELED_NAME_WORDS: usize = 5;

/// The longest word of a name [`check_full_name`] reads, in bytes.
const MAX_NAME_WORD_BYTES: usize = 64;

/// Accepts the text of an XML password element: between its `>` and the `</` that closes
/// it, trimmed, when it is not empty, a reference or a placeholder.
fn check_xml_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // `<password` or `<wsse:Password`: the element's name starts after `<` and a namespace.
    let before = context_before(text, found.start, 32).trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let without_namespace = before.strip_suffix(':').map_or(before, |namespace| namespace.trim_end_matches(|c: char| c.is_ascii_alphanumeric()));
    if !without_namespace.ends_with('<') {
        return None;
    }
    let matched = &text[found.clone()];
    let open_end = matched.find('>')? + 1;
    let value = &matched[open_end..matched.len() - 2];
    let start = found.start + open_end + (value.len() - value.trim_start().len());
    let trimmed = value.trim();
    let placeholder = trimmed.is_empty() || is_reference(trimmed) || compiled().placeholder.is_match(trimmed) || trimmed.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '•'));
    (!placeholder).then_some(Accept::plain(start..start + trimmed.len()))
}

/// Accepts the word after "reset it to" (or "changed", "rotated", "set"; "them") when it is
/// written as a password ([`looks_like_a_password`]: `Admin123!`, not `v2.14.3-hotfix` or
/// `INV-2025-46791`), without the quotes or the full stop around it.
fn check_reset_to(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    // `offset it to …`: the verb is inside a word.
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let after_to = matched.find(" to")? + " to".len();
    let word = matched[after_to..].trim_start_matches([' ', '\t']);
    let start = found.end - word.len();
    let trimmed = word.trim_end_matches(['.', ',', ';', ')']).trim_matches(['"', '\'', '`']);
    let start = start + word.find(trimmed)?;
    // The pattern stops at 64 bytes: a longer word is not read.
    let cut = byte_at(text, found.end).is_some_and(|b| b.is_ascii_graphic());
    // "Set it to" sets anything: only a word with a sign is a password there
    // (`SHA256withRSA`, `0x7FFFABCD` are settings).
    let set = matched.starts_with(['S', 's']);
    let signed = trimmed.chars().any(|c| c.is_ascii_punctuation() && !matches!(c, '-' | '_' | '.'));
    (!cut && looks_like_a_password(trimmed) && (signed || !set)).then_some(Accept::plain(start..start + trimmed.len()))
}

/// Accepts, after a password word that no assignment follows, the first of the next words on
/// its line (within [`NEARBY_PASSWORD_BYTES`]) that is written as passwords are and words are
/// not: [`MIN_SECRET_BYTES`] to [`MAX_NEARBY_PASSWORD_BYTES`] long, with lowercase letters and
/// digits, and a sign that versions, paths, host names and identifiers do not use (`!#$&^*~…`)
/// or capitals run together with them in no naming style; random-looking (the entropy a word of
/// its length can have, up to [`MIN_SECRET_ENTROPY`]), not a setting (`min_length=12`), a path,
/// a URL, a reference or a placeholder. So not `INV-2025-46791`, `Self-Service-Portal`,
/// `v2.14.3-hotfix`, `Argon2id`, `svc_jenkins2` or `auth/handlers.go:118` (`Das Passwort lautet
/// Sommerwind24!Berg`, `パスワード：Sakura_2024!x`, `-storepass Kst0re!Old`). A weak password
/// ([`is_weak_password`], `Summer2024`) is taken only as the first word or after one of
/// [`COPULAS`]. Words are split at blanks, quotes of any script, CJK punctuation, kana,
/// ideographs, Thai and Hangul (a particle is glued to the value: `パスワードはXk9!mQ2vです`).
fn check_password_nearby(text: &str, found: Range<usize>) -> Option<Accept> {
    // `Password-Policy`, `passwords`, `/password/reset`, `enclave`: the word goes on, so it is
    // not one.
    // (A particle of a script without spaces, or a Korean one, is glued on: `パスワードは`, `비밀번호는`.)
    let goes_on = text[found.end..].chars().next().is_some_and(|c| {
        (c.is_alphanumeric() && !is_unspaced_script(c) && !is_hangul(c)) || matches!(c, '-' | '_' | '/' | '.')
    });
    // A flag may put letters before it (`-srcstorepass`).
    let before = context_before(text, found.start, 16);
    // A line break escaped in JSON (`…2025.\\nContraseña`) ends the word before.
    let escaped_break = ["\\n", "\\r", "\\t"].iter().any(|escape| before.ends_with(escape));
    let before = if escaped_break { "" } else { before };
    let word_start = before.trim_end_matches(char::is_alphanumeric);
    // Japanese and Chinese compound freely (`DBパスワード`, `初期パスワード`), and so do German,
    // Dutch and the Nordic languages (`Initialpasswort`, `beheerwachtwoord`, `adminlösenord`).
    let keyword = &text[found.clone()];
    let compounds = keyword.chars().next().is_some_and(|c| !c.is_ascii())
        || COMPOUNDING_PASSWORD_WORDS.iter().any(|word| keyword.eq_ignore_ascii_case(word));
    let begun = word_start.len() < before.len() && !word_start.ends_with('-') && !compounds;
    if goes_on || begun {
        return None;
    }
    let window_end = ceil_char_boundary(text, (found.end + NEARBY_PASSWORD_BYTES).min(text.len()));
    let window = &text[found.end..window_end];
    let line = window.split('\n').next().unwrap_or_default();
    // Kana, ideographs and Hangul end a word too: a particle is glued to the value
    // (`パスワードはXk9!mQ2vです`, `비밀번호는 Xk9!mQ2v입니다`).
    // Armenian and Khmer punctuation (`՝`, `։`, `។`, `៖`) ends a word too.
    let is_break = |c: char| {
        c.is_whitespace() || "\"'`„“”‘’‚«»「」『』<>：、。，՝։។៖".contains(c) || is_unspaced_script(c) || is_hangul(c)
    };
    // A word the window cuts is not read: its end is not known.
    let cut = line.len() == window.len() && window_end < text.len();
    let mut offset = 0;
    let mut previous: Option<&str> = None;
    // Where the last word that was not empty ended: a colon between it and the next word (a
    // full-width, Khmer or Armenian one, split off as a break) announces the value.
    let mut last_end = 0;
    for word in line.split(is_break) {
        let start = found.end + offset;
        let whole = !cut || offset + word.len() < line.len();
        let colon_before = line[last_end..offset].contains(['：', '៖', '՝']);
        let word_end = offset + word.len();
        offset = word_end + line[word_end..].chars().next().map_or(0, char::len_utf8);
        if !whole {
            break;
        }
        // A leading `=` is the password's own when another follows (`=vDyC=Tn3sSH`).
        let leading: &[char] = if word.matches('=').count() > 1 { &['(', ':'] } else { &['(', ':', '='] };
        let trimmed = word.trim_end_matches(['.', ',', ';', ')']).trim_start_matches(leading);
        let lead = word.len() - word.trim_start_matches(leading).len();
        // A weak password (`Summer2024`) only where the sentence says it is the password: first
        // after the word, or after "is", "lautet", "est", "to", ….
        let said = colon_before || previous.is_none_or(|word| word.ends_with([':', '=']) || COPULAS.contains(&word.to_lowercase().as_str()));
        // Two words and a number only as the password word's own value (`Wi-Fi şifrəsi X`,
        // `password is now X`), not after another label (`password hint: Build-agent-0042`).
        let own_value = previous.is_none_or(|word| COPULAS.contains(&word.to_lowercase().as_str()) || is_wifi_word(word));
        let passphrase = is_word_passphrase(trimmed) || (own_value && is_two_word_passphrase(trimmed));
        if looks_like_a_password(trimmed) || (said && (is_weak_password(trimmed) || passphrase || is_word_sign_number(trimmed))) {
            let start = start + lead;
            return Some(Accept::plain(start..start + trimmed.len()));
        }
        if !trimmed.is_empty() {
            previous = Some(trimmed);
            last_end = word_end;
        }
    }
    // A question mark after the word, on its line: the question asks for it.
    let asked = line.len() < window.len() && line.contains(['?', '？']);
    asked.then(|| answer_below(text, found.end + line.len())).flatten()
}

/// How many lines after a question about a password [`answer_below`] reads.
const ANSWER_LINES: usize = 2;

/// How far into an answer's line a speaker's label may end, in bytes.
const ANSWER_LABEL_BYTES: usize = 48;

/// The password a chat's answer gives on the lines after a question that asks for it (`new
/// password for pgbouncer?` … `[10:04] Linh Nguyen: pgb-Adm1n!2023`, `root 密码也改了吗？` …
/// `改了，新的是 eZqnFy%kYUD2xn3`): on each of the next [`ANSWER_LINES`] lines (read up to
/// [`NEARBY_PASSWORD_BYTES`]), after a speaker's label, the first word in Latin letters when it
/// is written as passwords are ([`looks_like_a_password`]; a weak or word-like one is too often
/// something else there). `line_end` is where the question's line ends.
fn answer_below(text: &str, line_end: usize) -> Option<Accept> {
    let mut start = line_end + 1;
    for _ in 0..ANSWER_LINES {
        let rest = text.get(start..)?;
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let read = &line[..floor_char_boundary(line, NEARBY_PASSWORD_BYTES.min(line.len()))];
        // After a speaker's label (`[10:04] Linh Nguyen: `), if the line has one.
        let label = read.find(": ").filter(|&at| at <= ANSWER_LABEL_BYTES).map_or(0, |at| at + 2);
        let is_break = |c: char| c.is_whitespace() || "\"'`「」<>：、。，（）()".contains(c) || is_unspaced_script(c) || is_hangul(c);
        let mut offset = label;
        for word in read[label..].split(is_break) {
            let trimmed = word.trim_end_matches(['.', ',', ';', ':']);
            let whole = offset + word.len() < read.len() || read.len() == line.len();
            if !trimmed.is_empty() && trimmed.is_ascii() {
                if whole && looks_like_a_password(trimmed) {
                    return Some(Accept::plain(start + offset..start + offset + trimmed.len()));
                }
                break;
            }
            offset += word.len() + read[offset + word.len()..].chars().next().map_or(0, char::len_utf8);
        }
        start += line.len() + 1;
    }
    None
}

/// Whether `word` is a capitalized word, one sign, a number and a letter or a sign, as
/// generated temporary passwords are (`Fjord_4374x`, `Tundra=1128s`, `Pumice.6180z`): three to
/// twelve letters, two to eight digits, then one to three lowercase letters or signs; without
/// them only a sign that names do not use (`Tundra=1128`, not `Release-2024` or `Policy_2024`).
fn is_word_sign_number(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let name = &word[..word.len() - rest.len()];
    let Some(sign) = rest.chars().next().filter(|c| c.is_ascii_punctuation()) else {
        return false;
    };
    let number = &rest[1..];
    let tail = number.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = number.len() - tail.len();
    let capitalized = name.starts_with(|c: char| c.is_ascii_uppercase()) && name[1..].bytes().all(|b| b.is_ascii_lowercase());
    let tail_ok = tail.len() <= 3 && tail.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_punctuation());
    let named = tail.is_empty() && matches!(sign, '-' | '_' | '.' | '/' | ':');
    (3..=12).contains(&name.len()) && capitalized && (2..=8).contains(&digits) && tail_ok && !named
}

/// Whether `word` names a wireless network (`Wi-Fi:`, `wifi`, `WLAN`), after which a password
/// word's value follows.
fn is_wifi_word(word: &str) -> bool {
    let letters: String = word.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    matches!(letters.as_str(), "wifi" | "wlan")
}

/// Whether `word` is two words and a number joined by dashes, underscores or dots, as generated
/// Wi-Fi and guest passwords are (`Borobudur-mtkvari-4271`, `Baobab_tsingy-6501`): words of four
/// or more letters, the first capitalized, and a last part of two to four digits. Only where the
/// sentence says it is the password: as a name it would be a host's or a branch's.
fn is_two_word_passphrase(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '_', '.']).collect();
    let letters = |part: &str, capital: bool| {
        let mut bytes = part.bytes();
        part.len() >= 4 && bytes.next().is_some_and(|b| if capital { b.is_ascii_uppercase() } else { b.is_ascii_alphabetic() }) && bytes.all(|b| b.is_ascii_lowercase())
    };
    matches!(parts.as_slice(), [first, second, number]
        if letters(first, true) && letters(second, false) && (2..=4).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()))
}

/// [`is_word_passphrase`] with a capital among its words (`prism.orbit.Harbor21`): without one,
/// an assigned or dotted value is as likely a name (`settings.smtp.password_2`,
/// `payment_service_creds_2`).
fn is_capitalized_passphrase(word: &str) -> bool {
    is_word_passphrase(word) && word.bytes().any(|b| b.is_ascii_uppercase())
}

/// Whether `word` is a passphrase of words and a number joined by dashes, underscores or dots
/// (`Tower-Bridge-Kettle-42`, `otter_Tundra_walnut_21`, `prism.orbit.Harbor21`): at least three
/// words of three or more letters, each lowercase or capitalized, and a number of one to four
/// digits, a part of its own or glued to the last word; not a name such as `Single-Sign-On` or
/// `user_profile_v2`, a path of names without a number (`settings.db.password`), or a host
/// name (no capital and no underscore: `ldap-01.corp.local`).
fn is_word_passphrase(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '_', '.']).collect();
    let cased = |letters: &str| {
        let mut chars = letters.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_lowercase())
    };
    let number = |digits: &str| (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let mut words = 0;
    let mut numbers = 0;
    for (index, part) in parts.iter().enumerate() {
        let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
        let glued = &part[letters.len()..];
        if number(part) {
            numbers += 1;
        } else if letters.len() >= 3 && cased(letters) && (glued.is_empty() || (index + 1 == parts.len() && number(glued))) {
            words += 1;
            numbers += usize::from(!glued.is_empty());
        } else {
            return false;
        }
    }
    // Host names are lowercase words, numbers, dots and dashes (`ldap-01.corp.local`).
    let host_like = !word.contains('_') && !word.bytes().any(|b| b.is_ascii_uppercase());
    parts.len() <= 8 && words >= 3 && numbers >= 1 && !host_like
}

/// Words that say what a password is (`the password is …`, `Das Passwort lautet …`, `reset the
/// password to …`), in the languages of the password words.
const COPULAS: &[&str] = &[
    "is", "was", "now", "still", "just", "literally", "simply", "to", "ist", "lautet", "war", "auf",
    "est", "était", "à", "es", "era", "a", "é", "para", "er", "är", "var", "till", "til", "jest",
    "na", "on", "oli", "wordt", "naar", "je", "είναι", "là", "kay",
];

/// Whether `word` has the shape of a weak password, a word and a number (`Summer2024`,
/// `welcome1`, `Admin123!`, `Vpn@2024`): 6 to 32 bytes, at least three letters not all capitals
/// (`SHA256` is a name), perhaps a sign, then digits, then at most three signs, or a capitalized
/// word and signs ([`is_signed_word`]); not a technical word and its version (`argon2`, `utf8`,
/// `python3`).
fn is_weak_password(word: &str) -> bool {
    let rest = word.trim_start_matches(char::is_alphabetic);
    let letter_part = &word[..word.len() - rest.len()];
    let number = rest.strip_prefix(['@', '#', '!', '$', '%', '&', '*']).unwrap_or(rest);
    let signs = number.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = number.len() - signs.len();
    let shaped = letter_part.chars().count() >= 3
        && letter_part.chars().any(char::is_lowercase)
        && (1..=8).contains(&digits)
        && signs.len() <= 3
        && signs.chars().all(|c| "!@#$%&*?".contains(c));
    let signed = is_signed_word(letter_part, rest);
    (6..=32).contains(&word.len()) && (shaped || signed) && !TECHNICAL_WORDS.contains(&letter_part.to_lowercase().as_str())
}

/// A capitalized word and two or three signs, not all one, and no digits (`Falcon!?`,
/// `Dragon!$`): `letters` is the word's letters, `signs` the rest. One sign, or one repeated, is
/// how sentences end (`Password: Incorrect!`, `Token: Expired!!`, `Correct?`).
fn is_signed_word(letters: &str, signs: &str) -> bool {
    let mut chars = letters.chars();
    let capitalized = chars.next().is_some_and(char::is_uppercase) && chars.clone().count() >= 3 && chars.all(char::is_lowercase);
    let all_signs = (2..=3).contains(&signs.len()) && signs.chars().all(|c| "!@#$%&*?".contains(c));
    let mixed = signs.chars().any(|c| !signs.starts_with(c));
    capitalized && all_signs && mixed
}

/// Words that a version number follows in technical text (`sha256`, `python3`, `ubuntu22`):
/// not weak passwords.
const TECHNICAL_WORDS: &[&str] = &[
    "aes", "android", "argon", "base", "bcrypt", "build", "centos", "debian", "ecdsa", "floor",
    "http", "https", "ipv", "iso", "java", "level", "line", "node", "option", "page", "pbkdf",
    "phase", "python", "release", "rfc", "room", "rsa", "scrypt", "sha", "sprint", "ssh", "ssl",
    "step", "tls", "ubuntu", "utf", "version", "win", "windows",
];

/// Whether `c` is Hangul (syllables, jamo, compatibility jamo).
fn is_hangul(c: char) -> bool {
    matches!(u32::from(c), 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// Password words of languages that write compounds as one word (`Werkspasswort`), which
/// [`check_password_nearby`] takes at the end of a longer word.
const COMPOUNDING_PASSWORD_WORDS: &[&str] = &["passwort", "kennwort", "wachtwoord", "lösenord", "adgangskode", "salasana"];

/// How far after a password word [`check_password_nearby`] looks for the password, in bytes
/// (Thai or Devanagari words between them take three bytes a letter).
const NEARBY_PASSWORD_BYTES: usize = 128;

/// The longest word [`check_password_nearby`] takes for a password, in bytes.
const MAX_NEARBY_PASSWORD_BYTES: usize = 64;

/// Whether `word` is written as a password: see [`check_password_nearby`].
fn looks_like_a_password(word: &str) -> bool {
    // A sign that names, versions, paths, hosts and identifiers do not use (`!`, `#`, `$`, `&`,
    // `^`, `*`, `~`, …); `@` counts unless a host name follows it (`postgres@db-primary-02`).
    let host_after_at = word
        .split_once('@')
        .is_some_and(|(_, host)| host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.')));
    let signed = word.chars().any(|c| !c.is_alphanumeric() && !matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '(' | ')' | '[' | ']' | '{' | '}'))
        || (word.contains('@') && !host_after_at);
    // Without such a sign: letters of both cases and digits, all run together, in no naming
    // style (`Xk9mQ2vL7pZ`; not `Argon2id`, `OAuth2.1`, `svc_jenkins2`, `v2.14.3-hotfix`).
    let run_together = (word.chars().all(char::is_alphanumeric)
        && word.chars().any(char::is_uppercase)
        && (!is_identifier(word) || has_bare_capital_parts(word)))
        || is_random_url_safe(word);
    let mixed = word.chars().any(char::is_lowercase) && word.chars().any(|c| c.is_ascii_digit());
    let bracketed = word.contains(['[', ']', '{', '}', '(', ')', '/', '\\']);
    // `min_length=12`, `retries:3`: a setting of something else.
    let setting = word.split_once(['=', ':']).is_some_and(|(key, _)| is_identifier(key));
    // (A host's port or a file's line after it: `postgres@db.internal:5432`.)
    let address = word.split_once('@').is_some_and(|(_, domain)| domain.split([':', '/']).next().is_some_and(is_mail_domain));
    (MIN_SECRET_BYTES..=MAX_NEARBY_PASSWORD_BYTES).contains(&word.len())
        && mixed
        && (signed || run_together)
        && !bracketed
        && !setting
        && !address
        && shannon_entropy(word) >= MIN_SECRET_ENTROPY.min(0.8 * libm::log2(word.len() as f64))
        && !word.contains("://")
        && !is_reference(word)
        && !compiled().placeholder.is_match(word)
}

/// Whether `word`, though cased like a camel-case name, has two or more parts that are only a
/// capital and digits (`QclyyO9I7wF1`: `O9`, `F1`) and digits in three places or more, which
/// names seldom have (`CryptoV2R1`, `S3ToGcsV2Job`) and random letters often do.
fn has_bare_capital_parts(word: &str) -> bool {
    let bytes = word.as_bytes();
    let bare = bytes
        .iter()
        .enumerate()
        .filter(|&(i, b)| {
            let part = bytes[i + 1..].iter().take_while(|n| !n.is_ascii_uppercase());
            b.is_ascii_uppercase() && !part.clone().any(u8::is_ascii_lowercase) && part.count() > 0
        })
        .count();
    let digit_runs = bytes.iter().enumerate().filter(|&(i, b)| b.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit())).count();
    bare >= 2 && digit_runs >= 3
}

/// Whether `word` is a long random token of the URL-safe alphabet (`wUCGISp0TYjaZ66yceGCQ34pp_`,
/// `qu2Sx5MCtimtMA6APFwiGxxZ-`): at least [`MIN_RANDOM_TOKEN_BYTES`] letters of both cases and
/// digits, at most two `-` or `_`, digits between letters in two places or more (names put
/// numbers at the ends of their parts: `OAuth2-PKCE-Flow-Enabled`), and
/// [`MIN_SECRET_ENTROPY`].
fn is_random_url_safe(word: &str) -> bool {
    let bytes = word.as_bytes();
    let alphabet = bytes.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    let separators = bytes.iter().filter(|&&b| matches!(b, b'-' | b'_')).count();
    let cases = bytes.iter().any(u8::is_ascii_uppercase) && bytes.iter().any(u8::is_ascii_lowercase);
    let inner_digits = bytes
        .windows(3)
        .filter(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit() && (w[2].is_ascii_alphabetic() || w[2].is_ascii_digit()))
        .count();
    bytes.len() >= MIN_RANDOM_TOKEN_BYTES && alphabet && separators <= 2 && cases && inner_digits >= 2 && shannon_entropy(word) >= MIN_SECRET_ENTROPY
}

/// The shortest word [`is_random_url_safe`] takes, in bytes.
const MIN_RANDOM_TOKEN_BYTES: usize = 16;

/// The longest quoted value [`quoted_value`] takes whole, in bytes.
const MAX_QUOTED_SECRET_BYTES: usize = 256;

/// Where an assigned value that the (ASCII) pattern matched up to `end` really ends: it goes on
/// over letters outside ASCII (`pässwort…`), up to whitespace, a quote or a delimiter.
fn value_end(text: &str, end: usize) -> usize {
    let delimiter =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ';' | '&' | '<' | '>' | ',');
    text[end..]
        .char_indices()
        .find(|&(_, c)| delimiter(c))
        .map_or(text.len(), |(i, _)| end + i)
}

/// Whether an assigned value names a secret instead of being one: a variable (`$X`, `${X}`,
/// `%X%`), a template (`{{x}}`, `<x>`), a call, a dotted path of identifiers
/// (`os.environ.get(…)`, `process.env.TOKEN`, `settings.DB_PASSWORD`, `Settings.Default.ApiKey`),
/// a subscript of one (`os.environ["KEY"]`, cut at the quote as `os.environ[`), or a mask
/// (`********`). A random value that happens to start with `$` or `%`, or to hold a dot, is not
/// one: `$0Sr-QQM0…`, `TUf6.UoCnLkeP7…` (its parts are not written the way identifiers are).
fn is_reference(value: &str) -> bool {
    let variable = value.starts_with("${")
        || value.strip_prefix('$').is_some_and(is_identifier)
        || value.strip_prefix("$env:").is_some_and(is_identifier)
        || value
            .strip_prefix('%')
            .and_then(|rest| rest.strip_suffix('%'))
            .is_some_and(is_identifier);
    let template = value.starts_with(['{', '<']);
    // `[FILTERED]`, `[REDACTED]`, and the placeholders of documentation (`YOUR_API_KEY`,
    // `your-password-here`, `changeme`).
    let filtered = value.starts_with('[') && value.ends_with(']');
    let lower = value.to_ascii_lowercase();
    let placeholder = lower.split(['_', '-', '.', ' ']).any(|part| matches!(part, "your" | "changeme" | "placeholder"));
    // A call: a name, or a dotted path of names, then its arguments (`getenv("TOKEN")`,
    // `$(cat pw)`); not a random value that happens to hold a parenthesis (`k#9v!x2m@qz7&w4t(e8y)…`).
    // `$(…)` substitutes a shell command's output.
    let call = value
        .split_once('(')
        .is_some_and(|(name, _)| name.is_empty() || name == "$" || is_path_of_names(name));
    let masked = value
        .chars()
        .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#'));
    // A passphrase of dotted words and a number is no path (`prism.orbit.Harbor21`).
    let dotted = |v: &str| v.contains('.') && v.split('.').all(is_identifier) && !is_capitalized_passphrase(v);
    let subscript = value.split_once('[').is_some_and(|(base, _)| dotted(base));
    // A secret store's path (`secret/data/orthanc/db`, Vault's agent annotations).
    let store_path = value.matches('/').count() >= 2
        && value.split('/').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-')));
    variable || template || call || masked || dotted(value) || subscript || filtered || placeholder || store_path
}

/// Whether `name` is a name or a path of names (`getenv`, `os.environ.get`,
/// `rpassword::prompt_password`).
fn is_path_of_names(name: &str) -> bool {
    let mut parts = name.split(['.', ':']).filter(|part| !part.is_empty()).peekable();
    parts.peek().is_some() && parts.all(is_identifier)
}

/// Whether `word` is written the way programs name things: `snake_case`, `SCREAMING_CASE`,
/// `camelCase` or `PascalCase` (digits allowed after the first letter of a part), not a random
/// mix of cases such as `PTAXhQ0`.
fn is_identifier(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    let chars_ok = word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let snake = word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let screaming = word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (first.is_ascii_alphabetic() || first == '_') && chars_ok && (snake || screaming || camel_parts(word))
}

/// Whether `word` is letters and digits in camel or Pascal parts: each capital starts a part
/// and is followed by at least one lowercase letter or digit (`dbPassword`, `ApiKey2`).
fn camel_parts(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        let next_small = bytes.get(i + 1).is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
        b.is_ascii_lowercase() || b.is_ascii_digit() || (b.is_ascii_uppercase() && next_small)
    })
}

/// Accepts the token after `Bearer` when it looks random.
fn check_bearer(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = value_after_blanks(text, found)?;
    let token = &text[value.clone()];
    (shannon_entropy(token) >= MIN_SECRET_ENTROPY && !is_reference(token))
        .then_some(Accept::plain(value))
}

/// Accepts the credentials after `Basic` when they decode to `user:password`.
fn check_basic_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = value_after_blanks(text, found)?;
    encodes_user_and_password(&text[value.clone()]).then_some(Accept::plain(value))
}

/// Whether `value` is the base64 of printable `user:password`, both parts present.
fn encodes_user_and_password(value: &str) -> bool {
    let credentials = BASE64_STANDARD.decode(value).ok().and_then(|decoded| String::from_utf8(decoded).ok());
    credentials.is_some_and(|credentials| {
        let printable = credentials.chars().all(|c| !c.is_control());
        credentials.split_once(':').is_some_and(|(user, password)| printable && !user.is_empty() && !password.is_empty())
    })
}

/// Accepts the value of a Docker `config.json` `"auth"` when it is the base64 of `user:password`.
fn check_docker_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let open = matched.trim_end_matches('"').rfind('"')? + 1;
    let value = found.start + open..found.end - 1;
    encodes_user_and_password(&text[value.clone()]).then_some(Accept::plain(value))
}

/// The part of a match after its first run of blanks (the value of `Bearer x`, `Basic x`).
fn value_after_blanks(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let matched = &text[found.clone()];
    let blank = matched.find([' ', '\t'])?;
    let offset = matched[blank..].find(|c: char| c != ' ' && c != '\t')?;
    Some(found.start + blank + offset..found.end)
}

/// Accepts the `user:password` of a URL, unless the password is a variable or a mask.
fn check_url_credentials(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let start = found.start + matched.find("://")? + 3;
    let end = found.start + matched.rfind('@')?;
    let (user, password) = text[start..end].split_once(':')?;
    if password.is_empty() || is_reference(password) {
        return None;
    }
    // A vendor token as the password (`https://oauth2:glpat-…@gitlab…`): the token is the
    // secret, reported as its vendor's; the user name before it is a fixed word.
    let vendor = URL_TOKEN_PREFIXES.iter().find(|(prefix, _)| password.starts_with(prefix));
    Some(match vendor {
        Some(&(_, name)) => Accept { range: start + user.len() + 1..end, relabel: Some((PiiKind::ApiKey, name)) },
        None => Accept::plain(start..end),
    })
}

/// Vendor tokens written as the password of a URL, by prefix, with their report names.
const URL_TOKEN_PREFIXES: &[(&str, &str)] = &[
    ("glpat-", "api_key/gitlab"),
    ("ghp_", "api_key/github"),
    ("gho_", "api_key/github"),
    ("ghs_", "api_key/github"),
    ("ghu_", "api_key/github"),
    ("github_pat_", "api_key/github"),
    ("npm_", "api_key/npm"),
    ("hf_", "api_key/huggingface"),
];

/// Accepts the value of a `sig=` parameter of a URL that also has `sv=`: an Azure shared access
/// signature.
fn check_sas_signature(text: &str, found: Range<usize>) -> Option<Accept> {
    let url_start = text[..found.start]
        .char_indices()
        .rev()
        .take_while(|&(i, c)| found.start - i <= SAS_CONTEXT_BYTES && !ends_a_url(c))
        .last()
        .map_or(found.start, |(i, _)| i);
    let url_end = text[found.end..]
        .char_indices()
        .take_while(|&(i, c)| i <= SAS_CONTEXT_BYTES && !ends_a_url(c))
        .last()
        .map_or(found.end, |(i, c)| found.end + i + c.len_utf8());
    let url = &text[url_start..url_end];
    let signed = url.contains("?sv=") || url.contains("&sv=");
    signed.then_some(Accept::plain(found.start + "?sig=".len()..found.end))
}

/// Whether `c` ends a URL written in text.
fn ends_a_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')
}

/// Accepts a private key block from its `BEGIN` line through its `END` line; without an `END`
/// line (a truncated paste), through the key material that follows. A GCP service account key
/// file's block (`"private_key": "-----BEGIN …\n…"`) is a private key too; the file's
/// `private_key_id` only names the key (Google sends it along in every token's header), so it
/// is left as it is.
fn check_private_key(text: &str, found: Range<usize>) -> Option<Accept> {
    // A header with nothing of a key after it names the format ("the file that starts with
    // `-----BEGIN OPENSSH PRIVATE KEY-----`").
    let end = key_block_end(text, found.end);
    (end > found.end).then_some(Accept::plain(found.start..end))
}

/// Where the key block whose header ends at `from` ends: after the next `-----END …-----` line,
/// or, when another `-----BEGIN` or the end of the text comes first, after the key material.
fn key_block_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let mut offset = 0;
    while let Some(found) = rest[offset..].find("-----") {
        let at = offset + found;
        let tail = &rest[at..];
        if let Some(label) = tail.strip_prefix("-----END") {
            let line = &label[..floor_char_boundary(label, MAX_KEY_FOOTER_BYTES)];
            let line = line.split(['\n', '"', '\\']).next().unwrap_or_default();
            let close = line.find("-----").map_or(0, |i| i + "-----".len());
            return from + at + "-----END".len() + close;
        }
        if tail.starts_with("-----BEGIN") {
            return from + key_material_end(&rest[..at]);
        }
        offset = at + 5;
    }
    from + key_material_end(rest)
}

/// The length of the key material at the start of `body`: armor headers (`Proc-Type: …`) and a
/// blank line, then lines of base64 (spaces only at their ends), up to the first other line.
fn key_material_end(body: &str) -> usize {
    let mut end = 0;
    let mut at = 0;
    let mut in_base64 = false;
    for line in body.split_inclusive('\n') {
        let content = line.trim();
        let base64 = !content.is_empty()
            && content
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\\'));
        let header = !in_base64
            && content.split_once(": ").is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if base64 || header {
            in_base64 |= base64;
            end = at + line.trim_end().len();
        } else if !content.is_empty() || in_base64 {
            break;
        }
        at += line.len();
    }
    end
}

/// Accepts a JWT whose header decodes to a JSON object with an `alg`.
fn check_jwt(text: &str, found: Range<usize>) -> Option<Accept> {
    let glued = byte_before(text, found.start)
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if glued {
        return None;
    }
    let header = text[found.clone()].split('.').next()?;
    let decoded = BASE64_URL.decode(header).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&decoded).ok()?;
    json.as_object()?.get("alg")?;
    Some(Accept::plain(found))
}

/// Accepts a card number with a known brand prefix and length and a valid Luhn check digit.
fn check_card(text: &str, found: Range<usize>) -> Option<Accept> {
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
        && !follows_a_barcode_word(text, found.start)
        && (!is_read_out(text, &found) || read_out_as_a_card(text, found.start));
    valid.then_some(Accept::plain(found))
}

/// The bytes of `CC` and a brand's code before a card in a GDS form of payment (`CCVI`).
const GDS_CARD_PREFIX_BYTES: usize = 4;

/// Whether the word right before `start` names a barcode or a device's or a SIM's number
/// (`SSCC 3864…`, `IMEISV 3548…`, `EAN: 4740…`): see [`BARCODE_WORDS`].
fn follows_a_barcode_word(text: &str, start: usize) -> bool {
    let before = context_before(text, start, BARCODE_WORD_BYTES).trim_end_matches([' ', ':', '=', '#', '\t']);
    let word = before.rsplit(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default().to_ascii_lowercase();
    BARCODE_WORDS.contains(&word.as_str())
}

/// How far before a number [`follows_a_barcode_word`] reads its word, in bytes.
const BARCODE_WORD_BYTES: usize = 24;

/// Whether a candidate is digits read out one by one (`4 1 9 1 …`).
fn is_read_out(text: &str, found: &Range<usize>) -> bool {
    text.as_bytes().get(found.start + 1) == Some(&b' ')
}

/// Whether digits read out one by one at `start` are said as a card's: after a speaker's or a
/// label's colon on their line (`CALLER: 4 1 9 1 …`), or shortly after a word for a card; not
/// an array's digits (`labels [4 1 9 1 …]`).
fn read_out_as_a_card(text: &str, start: usize) -> bool {
    let before = context_before(text, start, READ_OUT_CARD_BYTES);
    let line = before.rsplit('\n').next().unwrap_or_default();
    line.trim_end().ends_with(':') || mentions(&before.to_lowercase(), CARD_WORDS)
}

/// How far before digits read out one by one [`read_out_as_a_card`] looks, in bytes.
const READ_OUT_CARD_BYTES: usize = 64;

/// Words for a payment card.
const CARD_WORDS: &[&str] = &["card", "karte", "carte", "tarjeta", "cartão", "kort", "kaart", "karta", "pan", "visa", "mastercard", "amex"];

/// Whether a card candidate is part of a longer number: after a decimal point (`0.4111…`) or
/// after a comma that follows one to three digits (`1,4111…`, a decimal comma or a thousands
/// group), or before a decimal point and a digit. A comma after a longer field is a list's or a
/// CSV file's (`541254,4046010643832790,227.31`).
fn card_continues_a_number(text: &str, found: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let digits_before = |end: usize| bytes[..end].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let before = match found.start.checked_sub(1).map(|i| (bytes[i], digits_before(i))) {
        Some((b'.', run)) => run > 0,
        Some((b',', run)) => (1..=3).contains(&run),
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
/// Mir (Russia), Troy (Turkey), UzCard and Humo (Uzbekistan).
fn brand_allows(digits: &[u8]) -> bool {
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
    (one == 4 && matches!(len, 13 | 16 | 19))
        || (mastercard && len == 16)
        || (matches!(two, 34 | 37) && len == 15)
        || (discover && (16..=19).contains(&len))
        || ((3528..=3589).contains(&four) && (16..=19).contains(&len))
        || (diners && (14..=19).contains(&len))
        || (two == 62 && (16..=19).contains(&len))
        || (maestro && (12..=19).contains(&len))
        || ((rupay || elo || mir || troy || uzcard_or_humo) && len == 16)
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

/// IBAN lengths by country (the SWIFT registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
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
fn check_iban(text: &str, found: Range<usize>) -> Option<Accept> {
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
fn iban_checksum_valid(iban: &[u8]) -> bool {
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
/// loopback address or `0.0.0.0`, and not a version after a version word ([`is_a_version`]) or
/// a product name ([`follows_a_product_name`]).
fn check_ipv4(text: &str, found: Range<usize>) -> Option<Accept> {
    let address = &text[found.clone()];
    let octets_valid = address.split('.').all(|octet| octet.parse::<u8>().is_ok());
    // Loopback and "any address" name no machine of anyone's (`127.0.0.1:8080/healthz`).
    let local = address.starts_with("127.") || address == "0.0.0.0";
    let version = is_a_version(context_before(text, found.start, 40)) || follows_a_product_name(text, found.start);
    let accepted = octets_valid && !local && !version && !continues_a_number(text, &found, b".");
    accepted.then_some(Accept::plain(found))
}

/// Whether a product name and a slash stand right before `start` as a word of their own, as in
/// a user agent's `Chrome/124.0.0.0`: a version, not an address (a URL's `//10.0.0.1` and a
/// path's `/api/hosts/10.0.0.1` have no such word there).
fn follows_a_product_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix('/') else { return false };
    let name = before.rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ';' | '"' | '\'')).next().unwrap_or_default();
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// Words a version number follows, in the languages tickets here are written in.
const VERSION_WORDS: &[&str] = &[
    "version", "ver", "release", "build", "firmware", "update", "upgrade", "engine", "ocr", "sdk",
    "bios", "patch", "hotfix", "abi", "versão", "versión", "versione", "versie", "wersja",
    "バージョン", "版本", "버전",
];

/// Whether a dotted quad after `before` is a version with four parts: a version word stands
/// right before it (`Firmware-Version 3.10.2.8`, `build 4.18.2.1`), or it follows such a version
/// and `to` or an arrow (`from version 1.2.3.4 to 1.2.4.0`, `firmware 4.3.12.192 → 3.6.0.64`).
fn is_a_version(before: &str) -> bool {
    // The whole last word (`server 10.0.0.1` is no `ver`), perhaps before "is" (`Firmware is
    // 1.13.0.8`).
    let after_a_version_word = |text: &str| {
        let mut words = text.trim_end_matches([' ', '\t', ':', '=', '-']).rsplit(|c: char| !c.is_alphanumeric());
        let last = words.next().unwrap_or_default();
        let last = if matches!(last, "is" | "as" | "ist" | "est" | "es" | "é" | "è") { words.next().unwrap_or_default() } else { last };
        VERSION_WORDS.iter().any(|word| last.eq_ignore_ascii_case(word))
    };
    let trimmed = before.trim_end();
    let Some(earlier) = trimmed.strip_suffix(" to").or_else(|| trimmed.strip_suffix("→")).or_else(|| trimmed.strip_suffix("->")) else {
        return after_a_version_word(before);
    };
    let (words, last) = earlier.trim_end().rsplit_once(' ').unwrap_or(("", earlier));
    let dotted = last.contains('.') && last.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    dotted && after_a_version_word(words)
}

/// Accepts an IPv6 address that `std::net` parses, stands on its own, has at least two groups
/// and a digit (`dead::beef` is code, `::` and `::1` say nothing about anyone); or, with six
/// groups of two hex digits, a MAC address.
fn check_ipv6(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let glued = |b: Option<u8>| {
        b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'.' || b == b'-')
    };
    // A dot after the address ends the sentence unless more of a name or number follows it.
    let glued_after = match byte_at(text, found.end) {
        Some(b'.') => is_alnum(byte_at(text, found.end + 1)),
        next => glued(next),
    };
    if glued(byte_before(text, found.start)) || glued_after {
        return None;
    }
    let groups: Vec<&str> = candidate.split(':').collect();
    if groups.len() == 6 && groups.iter().all(|group| group.len() == 2) {
        return Some(Accept {
            range: found,
            relabel: Some((PiiKind::MacAddress, "mac_address")),
        });
    }
    let valid = groups.iter().filter(|group| !group.is_empty()).count() >= 2
        && candidate.bytes().any(|b| b.is_ascii_digit())
        && candidate.parse::<std::net::Ipv6Addr>().is_ok();
    valid.then_some(Accept::plain(found))
}

/// Accepts a MAC address that stands on its own (not part of a longer run of groups).
fn check_mac(text: &str, found: Range<usize>) -> Option<Accept> {
    let glued =
        |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'-');
    let alone = !glued(byte_before(text, found.start)) && !glued(byte_at(text, found.end));
    alone.then_some(Accept::plain(found))
}

/// Accepts a MAC address in dotted form (`743b.49ae.e077`) that stands alone (a full stop
/// after it ends a sentence) and has a hex letter (twelve decimal digits in dotted fours are more often a version or a date).
fn check_dotted_mac(text: &str, found: Range<usize>) -> Option<Accept> {
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
fn check_ssn(text: &str, found: Range<usize>) -> Option<Accept> {
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
fn continues_a_number(text: &str, found: &Range<usize>, separators: &[u8]) -> bool {
    let joins =
        |digit: &u8, separator: &u8| digit.is_ascii_digit() && separators.contains(separator);
    let before = matches!(&text.as_bytes()[..found.start], [.., digit, separator] if joins(digit, separator));
    let after =
        matches!(&text.as_bytes()[found.end..], [separator, digit, ..] if joins(digit, separator));
    before || after
}

/// The Shannon entropy of `value`'s characters, in bits per character.
fn shannon_entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut total = 0u32;
    for byte in value.bytes() {
        counts[usize::from(byte)] += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = f64::from(total);
    counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let p = f64::from(count) / total;
            -p * p.log2()
        })
        .sum()
}

/// The (at most `bytes` long) text before `start`, cut at a character boundary.
fn context_before(text: &str, start: usize, bytes: usize) -> &str {
    let from = ceil_char_boundary(text, start.saturating_sub(bytes));
    &text[from..start.max(from)]
}

/// Whether `window` mentions one of `words` (lowercase ASCII) as the start of a word, ignoring
/// case: `ssn` counts in `SSN:` and `my_ssn`, not in `classname`.
fn mentions(window: &str, words: &[&str]) -> bool {
    let bytes = window.as_bytes();
    words.iter().any(|word| {
        let word = word.as_bytes();
        bytes
            .windows(word.len())
            .enumerate()
            .any(|(at, candidate)| {
                candidate.eq_ignore_ascii_case(word)
                    && !at
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_some_and(u8::is_ascii_alphabetic)
            })
    })
}

/// Accepts a phone number: 7–15 digits, not part of a longer number, a date or a dotted version,
/// and either international (`+`), preceded by a phone word ("tel", "call" …), or in a national
/// shape (see [`national_shape`]).
fn check_phone(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let groups: Vec<&str> = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    // `UNB+UNOC:3+4006381333931:14` (EDI): a `+` glued to what comes before joins fields.
    let glued_plus = candidate.starts_with('+') && byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'+'));
    // A Japanese postal code (`〒105-0022`); a year and a case number (`2024/000412`).
    let postal = text[..found.start].ends_with('〒');
    let year_and_number = matches!(groups.as_slice(), [year, _] if year.len() == 4 && (year.starts_with("19") || year.starts_with("20")) && candidate.contains('/'));
    // A Hungarian `06-30/645-6276` has one slash; paths and dates have more.
    let slashes = candidate.bytes().filter(|&b| b == b'/').count() > 1;
    // `POL-PH-2026-7143346`, `QLIF/26/389279`, `pain.001.001.09`: the end of an identifier.
    let joiner = found.start.checked_sub(1).map(|at| text.as_bytes()[at]);
    let ends_an_identifier = matches!(&text.as_bytes()[..found.start], [.., letter, b'-' | b'/' | b'.' | b'_'] if letter.is_ascii_alphanumeric())
        && !(joiner == Some(b'.') && after_a_phone_abbreviation(text, found.start - 1));
    if !PHONE_DIGITS.contains(&digits)
        || is_dummy_number(&groups)
        || glued_plus
        || postal
        || year_and_number
        || slashes
        || ends_an_identifier
        || continues_a_number(text, &found, b".-/")
        || follows_a_digit_group(text, found.start)
        || looks_like_date(&groups)
        || starts_with_an_iso_date(candidate)
        || (!candidate.starts_with(['+', '(']) && !candidate.contains(' ') && has_check_digits(&groups))
        || follows_an_identifier_word(text, found.start)
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
    let shaped = national_shape(candidate, &groups);
    let accepted = international
        || (!looks_like_dotted_number(candidate, &groups)
            && (shaped || (callable && (has_phone_context(text, found.start, found.end) || follows_an_address(text, found.start, candidate, &groups)))));
    accepted.then_some(Accept::plain(found))
}

/// Whether the digits of `groups` are a form's dummy value: one digit repeated (`000000000`,
/// `111-111-1111`) or counted up from 1 (`1234567890`; France's `01 23 45 67 89` is a
/// number's shape in examples, and is kept).
fn is_dummy_number(groups: &[&str]) -> bool {
    let digits = || groups.iter().flat_map(|group| group.bytes());
    let pairs = || digits().zip(digits().skip(1));
    let repeated = pairs().all(|(a, b)| a == b);
    let counted = digits().next() == Some(b'1') && pairs().all(|(a, b)| b == a + 1 || (a == b'9' && b == b'0'));
    repeated || counted
}

/// The words after which digits read out one by one are a phone number (`mit nummer er 3 1 6
/// …`); weaker phone words (`contact`, `call`) are followed by scores and lists as often.
const SPOKEN_PHONE_WORDS: &[&str] = &["number", "nummer", "numărul", "număr", "numero", "número", "phone", "mobile", "tel", "telefon", "cell", "handy"];

/// Whether the word that ends at `end` is a phone word abbreviated with a dot right before a
/// number (`Tel.0511 123456`, `TEL.03-1234-5678`, `Mob.0412 345 678`).
fn after_a_phone_abbreviation(text: &str, end: usize) -> bool {
    let word = text[..end].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_lowercase();
    matches!(word.as_str(), "tel" | "tél" | "mob" | "fax" | "cell" | "m" | "t" | "f")
}

/// The fewest digits a phone number written as one run has (after a phone word).
const MIN_BARE_PHONE_DIGITS: usize = 9;

/// Whether digit groups joined without spaces end as account, policy and device numbers do,
/// not phone numbers: a long group and then one or two check digits (`490-4720453-54`), or four
/// groups or more and then one digit (an IMEI's `01-069003-861300-2`). (A German direct dial
/// writes a space before the extension's group: `089 1234567-12`.)
fn has_check_digits(groups: &[&str]) -> bool {
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
fn follows_an_identifier_word(text: &str, start: usize) -> bool {
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
const LISTED_IDENTIFIER_WORDS: &[&str] = &["tag", "tags", "awb", "awbs"];

/// The word right before the number at `start`, lowercase, with whether it is a phone word
/// and whether it names a number that is not a phone number ([`IDENTIFIER_WORDS`]).
fn word_before_a_number(text: &str, start: usize) -> (bool, bool, String) {
    let before = context_before(text, start, 24).trim_end();
    let before = before.trim_end_matches([':', '=', '#', '.']);
    let before = before.strip_suffix(" no").or_else(|| before.strip_suffix(" No")).or_else(|| before.strip_suffix(" nr")).unwrap_or(before);
    let token = before.rsplit(char::is_whitespace).next().unwrap_or_default().to_lowercase();
    let mut words = token.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty());
    // `Claim-Hotline:` names a phone number.
    let phone_word = token.rsplit(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty()).is_some_and(|last| compiled().phone_context().is_match(last));
    let identifier_word = words.any(|word| IDENTIFIER_WORDS.contains(&word));
    (phone_word, identifier_word, token)
}

/// How many digits an IMEI has (15; 14 without its check digit, 16 for an IMEISV): shortly
/// after the word `IMEI`, so many digits are the device's, whatever word stands between
/// (`IMEI ទូរស័ព្ទ 354767710516267`, "the phone's IMEI").
const IMEI_DIGITS: usize = 14;

/// Words for numbers that are not phone numbers: device, SIM, national-identity, policy and
/// claim numbers.
const IDENTIFIER_WORDS: &[&str] = &[
    "imei", "imeisv", "serial", "taj", "cpr", "personnummer", "fødselsnummer", "polise", "police", "policy", "póliza", "apólice",
    "polis", "polisa", "kötvényszám", "claim", "invoice", "iban", "sin", "nin", "nik", "aadhaar", "imsi", "iccid", "eid",
    "tag", "tags", "awb", "mawb", "hawb", "waybill",
];

/// Words that join the numbers of a list (`bag tags 0738 377446 and 0738 839372`): the word
/// before the first names the others too.
const LIST_JOINERS: &[&str] = &["and", "or", "&"];

/// Whether a group of digits and a space stand just before `start`: the candidate is the tail of
/// a longer run of digit groups (which was rejected as a whole). Digits that end a code of
/// letters and digits (`HK1` of a GDS status) are no group of the number.
fn follows_a_digit_group(text: &str, start: usize) -> bool {
    let Some(before) = text.as_bytes()[..start].strip_suffix(b" ") else { return false };
    let group = before.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    group > 0 && !before[..before.len() - group].last().is_some_and(u8::is_ascii_alphabetic)
}

/// Three groups with a four-digit year first or last and at most two digits elsewhere.
fn looks_like_date(groups: &[&str]) -> bool {
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    matches!(lengths.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4])
}

/// Whether `candidate` starts with an ISO date (`2026-01-19 06` of `2026-01-19 06:37`).
fn starts_with_an_iso_date(candidate: &str) -> bool {
    let digit = |b: &u8| b.is_ascii_digit();
    matches!(candidate.as_bytes(), [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, ..] if [y1, y2, y3, y4, m1, m2, d1, d2].into_iter().all(digit))
}

/// A dotted candidate with a one-digit group (a version, a decimal) or the shape of an IPv4
/// address.
fn looks_like_dotted_number(candidate: &str, groups: &[&str]) -> bool {
    let short_group = groups.iter().any(|group| group.len() < 2);
    let address_shape = groups.len() == 4 && groups.iter().all(|group| group.len() <= 3);
    candidate.contains('.') && (short_group || address_shape)
}

/// National numbers: in groups, a trunk prefix `0` before an area code (UK, DE, FR, AU, IN
/// landlines, an Indian mobile written `074831 51885` …), the North American 3-3-4 shape
/// (optionally after the country code 1), a Brazilian `(11) 91234-5678` or mobile
/// `21 97355-6955`, an area code in parentheses (`(22) 628 14 90`), an Indian mobile
/// `98765 43210`, a Chinese mobile `138 0013 8000`. Shapes that ordinary numbers share (a Spanish `612 48 93 07`, a French
/// `0547006859`, a Brazilian landline `11 3133-8935`) need a phone word before them.
fn national_shape(candidate: &str, groups: &[&str]) -> bool {
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
    trunk_prefix || north_american || brazilian || parenthesized || indian_mobile || chinese_mobile || ((nordic || chilean || toll_free) && spaced)
}

/// Whether `group` is four digits that read as a time of day (`0945`, `2315`).
fn is_hhmm(group: &str) -> bool {
    let Ok(time) = group.parse::<u32>() else { return false };
    group.len() == 4 && time / 100 < 24 && time % 100 < 60
}

/// Whether a phone word ("tel", "phone", "call" …) stands shortly before `start`, or a word
/// for calling right after `end` ([`PHONE_CONTEXT_AFTER`]).
fn has_phone_context(text: &str, start: usize, end: usize) -> bool {
    let compiled = compiled();
    let after = &text[end..floor_char_boundary(text, (end + PHONE_CONTEXT_AFTER_BYTES).min(text.len()))];
    compiled.phone_context().is_match(context_before(text, start, PHONE_CONTEXT_BYTES))
        || (may_name_a_phone_after(after) && compiled.phone_context_after().is_match(after))
        || labelled_by_its_row(text, start)
        || is_e164_subscription_id(text, start)
}

/// Whether a Diameter `Subscription-Id` of type `END_USER_E164` ends at `start` (`Subscription-
/// Id-Type: END_USER_E164 (0); Subscription-Id-Data: ` before the subscriber's number).
fn is_e164_subscription_id(text: &str, start: usize) -> bool {
    let before = context_before(text, start, 2 * PHONE_CONTEXT_BYTES);
    let Some(data) = before.trim_end_matches([' ', '"', '=', ':']).strip_suffix("Subscription-Id-Data") else { return false };
    let avp = data.rsplit('{').next().unwrap_or(data);
    avp.contains("END_USER_E164")
}

/// Whether the number at `start` fills a cell of an HTML table row whose first cell labels it
/// a phone (`<tr><td><p>Hotline</p></td><td><p>24/7</p></td><td><p>1800 127 8870</p>…`): the
/// label is a phone word, alone or with `no.`, `number`, `line` or `24/7`, and the cells
/// between hold no words (`Mobile app installs`, `Hotline | Tickets | 1 234 567` are counts).
fn labelled_by_its_row(text: &str, start: usize) -> bool {
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
const ROW_LABEL_WORDS: &[&str] = &["no", "no.", "number", "nr", "#", "line", "24/7", "direct", "main", ":"];

/// The text of each cell that `markup` (a row's start, up to a cell's content) opens, tags left
/// out: one string per `<td` or `<th`, with the text of the tags inside it.
fn cell_texts(markup: &str) -> Vec<String> {
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
const MARKUP_CONTEXT_BYTES: usize = 256;

/// Whether the text `after` a number may start as [`PHONE_CONTEXT_AFTER`] does, told cheaply
/// before its regex runs: every word of it but Turkish `numaralı`/`nolu` and Jira's `|tel:` is
/// written outside ASCII, and most numbers (in logs) have only ASCII after them.
fn may_name_a_phone_after(after: &str) -> bool {
    let head = after.trim_start_matches([' ', '\t', '-']);
    let turkish = head.get(..4).is_some_and(|word| word.eq_ignore_ascii_case("numa") || word.eq_ignore_ascii_case("nolu"));
    !after.starts_with(|c: char| c.is_ascii_alphanumeric())
        && (head.bytes().take(PHONE_WORD_AFTER_BYTES).any(|b| !b.is_ascii()) || after.starts_with("|tel:") || turkish)
}

/// How far into the text after a number [`may_name_a_phone_after`] looks for a letter outside
/// ASCII (a particle and the first letters of a word for calling).
const PHONE_WORD_AFTER_BYTES: usize = 16;

/// Whether an e-mail address ends just before `start`, with only a comma, a bar, a tab or a
/// closing `>` between (`Søren Østergaard <soren@…>, 53 53 10 27`, `| soren@… | 93 30 32 18 |`),
/// and the `candidate` (in digit `groups`) is written as phones are: the number beside a
/// person's address in a list of contacts is their phone. One run of digits (an id, an
/// amount, a barcode, a timestamp) or thousands (`2 500 000`) is not.
fn follows_an_address(text: &str, start: usize, candidate: &str, groups: &[&str]) -> bool {
    // Written as a phone: in groups, not as thousands (`12 345 678` is a count), and not
    // followed by a word (`12 345 678 API calls`).
    let thousands = groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|group| group.len() == 3);
    let rest = text[start + candidate.len()..].trim_start_matches(' ');
    let worded = rest.starts_with(|c: char| c.is_alphabetic());
    if groups.len() < 2 || thousands || worded {
        return false;
    }
    let before = context_before(text, start, PHONE_CONTEXT_BYTES * 2);
    let Some(rest) = before.trim_end_matches([' ', '\t']).strip_suffix([',', '|', ';', '\t']) else {
        return false;
    };
    let rest = rest.trim_end_matches([' ', '\t']);
    let rest = rest.strip_suffix(['>', ']']).unwrap_or(rest);
    let token = rest.rsplit([' ', '\t', '<', '(', '[', '|', ',', ';', ':']).next().unwrap_or_default();
    token.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && is_mail_domain(domain))
}

/// `text` with every space character but line breaks and tabs made a plain space, and invisible
/// breaks (zero-width space, word joiner, soft hyphen) removed: the form the detectors' patterns
/// know. A phone number written with no-break spaces, or an email with a zero-width space in
/// it, must reach [`Redactor::redact`] in this form; the sync pipeline reads every text it sends
/// to a model through it (the ADF reader already does). [`Redactor::redact`] itself leaves text
/// as given, so that restoring gives back the exact bytes.
pub fn plain_spaces(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{2060}' | '\u{00AD}'))
        .map(|c| if c.is_whitespace() && !matches!(c, '\n' | '\t' | '\r') { ' ' } else { c })
        .collect()
}

/// Turns numbered placeholders into generic ones (`[EMAIL_3]` → `[EMAIL]`, `[PERSON_1_2]` →
/// `[PERSON]`). For text that is stored and reused by later requests (index excerpts): a generic
/// placeholder keeps the kind but can never be restored to a later request's value.
pub fn strip_placeholder_numbers(text: &str) -> String {
    compiled()
        .placeholder
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let mut kind = caps[0].trim_start_matches('[').trim_end_matches(']');
            while let Some((rest, number)) = kind.rsplit_once('_') {
                if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                    break;
                }
                kind = rest;
            }
            format!("[{kind}]")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_placeholder_that_was_not_sent_is_not_restored() {
        let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
        let sent = redactor.redact("mail jane.doe@example.com").unwrap();
        let dropped = redactor.redact("key AKIAIOSFODNN7EXAMPLE").unwrap();
        redactor.forget_unsent(&sent);
        let restored = redactor.restore(&format!("{sent} / {dropped}"));
        assert_eq!(restored.text, format!("mail jane.doe@example.com / {dropped}"));
    }

    #[test]
    fn a_subscripted_environment_lookup_is_not_a_secret() {
        let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
        for text in ["api_key = os.environ[\"OPENAI_API_KEY\"]", "password = settings.secrets['db']"] {
            assert_eq!(redactor.redact(text).unwrap(), text);
        }
        assert_ne!(redactor.redact("password = Xk9#mQ2$vL7!pR4z").unwrap(), "password = Xk9#mQ2$vL7!pR4z");
    }
    #[cfg(not(js_engine))]
    use std::time::{Duration, Instant};

    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use expect_test::expect;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;

    use super::*;

    /// A ticket with a value of every common kind.
    const TICKET: &str = "\
Summary: checkout fails for Globex

Ann Lee reported on 2024-01-15 that checkout (v10.2.3) fails; @Bob Stone, please take a look.
The customer's admin is jane.doe@globex.com, phone +1 (415) 555-0132, office 020 7946 0958.
They paid with 4111 1111 1111 1111 and retried with 5555-5555-5555-4444.
Refund to DE89 3704 0044 0532 0130 00; SSN on file 078-05-1120.

Logs from 10.0.0.12 and 2001:db8::8a2e:370:7334 (MAC 00:1A:2B:3C:4D:5E) show the deploy used
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE and DB_PASSWORD=\"s3cr3t-V4lue!xZ\" (token: required).
The staging database is postgres://deploy:Tr0ub4dor&3x@db.internal:5432/shop.

Ann Lee: call jane.doe@globex.com back at +1 (415) 555-0132 before release 2.4.1.
";

    /// Deterministic letters and digits standing in for a token's random part (tests never hold
    /// a real credential, and the source holds none that a secret scanner would flag).
    fn fake(len: usize, alphabet: &str) -> String {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ len as u64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const HEX: &str = "0123456789abcdef";
    const UPPER_ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

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

    /// The detected spans as `kind:value` strings.
    fn spans(text: &str) -> Vec<String> {
        redactor()
            .detect(text)
            .expect("the text is within the limit")
            .into_iter()
            .map(|span| format!("{}:{}", span.kind, &text[span.start..span.end]))
            .collect()
    }

    fn assert_untouched(text: &str) {
        assert_eq!(spans(text), Vec::<String>::new(), "in {text:?}");
    }

    /// Asserts that only addresses are found in `text` (no name beside them).
    fn assert_only_emails(text: &str) {
        let found = spans(text);
        assert!(found.iter().all(|span| span.starts_with("email:")), "in {text:?}: {found:?}");
    }

    /// Asserts that `value`, standing in a sentence, is found whole as `kind`.
    fn assert_found(kind: &str, value: &str) {
        let text = format!("Note: {value} here.");
        assert_eq!(spans(&text), [format!("{kind}:{value}")], "in {text:?}");
    }

    fn policy_error(policy: Policy, people: &[Person]) -> RedactionError {
        match Redactor::new(policy, people) {
            Err(error) => error,
            Ok(_) => panic!("expected the policy to be refused"),
        }
    }

    fn custom(name: &str, pattern: &str) -> Policy {
        Policy {
            custom: vec![CustomPattern {
                name: name.into(),
                pattern: pattern.into(),
            }],
            ..Policy::default()
        }
    }

    fn assert_round_trip(redactor: &mut Redactor, text: &str) -> String {
        let out = redactor.redact(text).expect("the text is within the limit");
        assert_eq!(redactor.restore(&out).text, text, "redacted: {out:?}");
        out
    }

    // Emails.

    #[test]
    fn redacts_email_addresses() {
        assert_eq!(
            redacted("Mail bob@example.com or Bob.Smith+ops@mail.example.co.uk."),
            "Mail [EMAIL_1] or [EMAIL_2]."
        );
    }

    #[test]
    fn redacts_email_addresses_with_letters_outside_ascii() {
        assert_eq!(
            spans("Write to josé.garcía@empresa.es, “anna@bücher.de” or 用户@例子.广告—today."),
            [
                "email:josé.garcía@empresa.es",
                "email:anna@bücher.de",
                "email:用户@例子.广告"
            ]
        );
    }

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

    #[cfg(not(js_engine))]
    #[test]
    fn folds_each_byte_once_however_many_addresses_stand_close_together() {
        // 1 MB of addresses that spell names, 40 bytes apart: every name window overlaps its
        // neighbours', which are folded together.
        let letters = |i: usize| -> String { (0..4).map(|k| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8)).collect() };
        let text: String = (0..25_000).map(|i| format!("Ann Lee{0} ann.lee{0}@x.io; ", letters(i))).collect();
        let started = std::time::Instant::now();
        let found = spans(&text);
        assert_eq!(found.iter().filter(|span| span.starts_with("person:")).count(), 25_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
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

    /// Asserts that no person is found in `text` (addresses may be).
    fn assert_untouched_by_names(text: &str) {
        let found = spans(text);
        assert!(found.iter().all(|span| !span.starts_with("person:")), "{found:?}");
    }

    #[test]
    fn an_address_glued_to_japanese_or_chinese_text_takes_none_of_it() {
        assert_eq!(
            spans("詳細はsupport@example.co.jpまでお問い合わせください。请联系helpdesk@example.cn获取权限。"),
            ["email:support@example.co.jp", "email:helpdesk@example.cn"]
        );
    }

    #[test]
    fn redacts_email_addresses_percent_encoded_in_urls() {
        assert_eq!(
            redacted("GET /api/users?email=jane.doe%40example.com&active=1"),
            "GET /api/users?email=[EMAIL_1]&active=1"
        );
    }

    #[test]
    fn leaves_at_signs_that_are_not_addresses_alone() {
        assert_untouched("Ping @team, run user@localhost, or see a@b and @2x.png.");
    }

    // Phones.

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
    fn takes_subscriber_numbers_of_telecom_records_but_not_their_sim_and_device_identifiers() {
        let cdr = "record_type,start_time,calling_msisdn,called_msisdn,imsi,imei\nMOC,2026-03-19T01:42:59Z,34700039907,22797955338,214015577534265,012655300005094\nGPRS,2026-03-20T00:44:45Z,34700039907,internet.bmt,214015577534265,012655300005094";
        assert_eq!(spans(cdr), ["phone:34700039907", "phone:22797955338", "phone:34700039907"]);
        let log = "CreateSubscriber msisdn=37494800614 imsi=283015840417624 iccid=8937401234567890123";
        assert_eq!(spans(log), ["phone:37494800614"]);
        assert_eq!(spans("<Numbers>\n    <MSISDN>85589937852</MSISDN>\n</Numbers>"), ["phone:85589937852"]);
        let diameter = "Subscription-Id { Subscription-Id-Type: END_USER_E164 (0); Subscription-Id-Data: 35699518447 }\n  Subscription-Id { Subscription-Id-Type: END_USER_IMSI (1); Subscription-Id-Data: 278011234567890 }";
        assert_eq!(spans(diameter), ["phone:35699518447"]);
        assert_eq!(spans("\"phone_number\": {\n  \"national_number\": \"729438743\"\n}"), ["phone:729438743"]);
        assert_eq!(spans("[29 590 022|tel:+37129590022]")[0], "phone:29 590 022");
        // The phone's IMEI, whatever word stands between.
        assert_untouched("ការបញ្ជាទិញ #823989, IMEI ទូរស័ព្ទ 354767710516267។");
    }

    #[test]
    fn leaves_barcodes_device_numbers_and_upgrade_versions_that_look_like_cards_and_addresses() {
        // Luhn-valid EAN-13s under a barcode header, an SSCC and an IMEISV after their words.
        assert_untouched("sku,ean13,gtin14,price_eur\nBM-DBJ-378-JQ,4740757135964,18698439075431,444.10");
        assert_untouched("SSCC 386479475902360063 carries orders; IMEISV 3548866144926612");
        // The same numbers as cards where nothing says otherwise.
        assert_eq!(spans("card 4740757135964"), ["credit_card:4740757135964"]);
        // A firmware upgrade's versions on both sides of an arrow.
        assert_untouched("firmware 4.3.12.192 → 3.6.0.64 (ACS build 8.12.3.198)\nfirmware 1.21.9.73 -> 5.0.1.229");
    }

    #[test]
    fn reads_an_ssn_word_on_the_numbers_line_or_on_a_label_line_above_it() {
        let table = "|SSN (W-9)|517-52-5193|\n|EIN|27-5030204|\n|ACH routing / account|468380403 / 322555836731|";
        assert_eq!(spans(table), ["ssn:517-52-5193"]);
        assert_eq!(spans("emp_id,last,ssn,dob\nE10488,REDACTED,021377819,1986-02-11"), ["ssn:021377819"]);
        assert_eq!(spans("SSN:\n021377819"), ["ssn:021377819"]);
    }

    #[test]
    fn takes_passwords_after_the_words_of_more_languages_and_signing_secrets() {
        for (text, password) in [
            ("Նոր Wi-Fi գաղտնաբառ՝ Saffron-velvet-60-Garnet", "Saffron-velvet-60-Garnet"),
            ("ពាក្យសម្ងាត់ Wi-Fi ថ្មី៖ Willow-kestrel-66-Thistle", "Willow-kestrel-66-Thistle"),
            ("కొత్త Wi-Fi పాస్\u{200C}వర్డ్: VxDgmGP9bVh1", "VxDgmGP9bVh1"),
            ("Wi-Fi pasahitz berria: Kestrel-basalt-72-Harbour", "Kestrel-basalt-72-Harbour"),
            ("Нова Wi-Fi парола: YcgWuyZtNWO3", "YcgWuyZtNWO3"),
            ("adyen.hmacKey=A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176", "A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176"),
            ("CKO_WEBHOOK_AUTH=PcsOhuh9kEuKW2ti2oNoT9e1", "PcsOhuh9kEuKW2ti2oNoT9e1"),
            // Random letters that happen to fall into camel-case parts (`O9`, `I7w`, `F1`).
            ("Novo contrasinal da wifi: QclyyO9I7wF1", "QclyyO9I7wF1"),
            // Two words and a number, where the sentence says it is the password.
            ("Lounge JOG: tembung sandhi Wi-Fi: Borobudur-mtkvari-4271", "Borobudur-mtkvari-4271"),
            ("GYD lounge: qonaq Wi-Fi şifrəsi Konark_kobuleti-4723, planşetlər üçün", "Konark_kobuleti-4723"),
            ("Printed password is now Baobab_tsingy-6501 (SSID AW-Lounge-CEB)", "Baobab_tsingy-6501"),
            ("Lounge CEB: ang password sa Wi-Fi kay Borobudur.ohrid-7864", "Borobudur.ohrid-7864"),
            ("TAS biznes-zal planshetlari uchun Wi-Fi paroli: Nyungwegobustan!9477", "Nyungwegobustan!9477"),
            // An `@` inside, but no address's domain after it.
            ("planşetlər üçün ayrıca şifrə: NI+o@M+pH.rD_7_+E.USwO", "NI+o@M+pH.rD_7_+E.USwO"),
            ("ລະຫັດຜ່ານ Wi-Fi: Gobustankivu#2234", "Gobustankivu#2234"),
            ("statuspage_db_pw  = \"WdX%Q*l4zmetzTJA\"", "WdX%Q*l4zmetzTJA"),
            (
                "  AMQP_URL: YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
                "YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
            ),
        ] {
            assert_eq!(spans(text), [format!("password:{password}")], "{text}");
        }
        // A webhook's address or id, and a signature's algorithm, are no secrets.
        assert_untouched("WEBHOOK_URL=https://hooks.example.org/abc webhookId=wh_81Hd7Qk2Lm hmac_algorithm=HmacSHA256");
        // A table cell ends a `user / password` pair's password.
        assert_untouched("|ACH routing / account|ok|");
        // Names in camel case with one part of a capital and digits.
        assert_untouched("Contrasinal: ver RotateV2Secret no vault");
        // Two words and a number after another label than the password word's own.
        assert_untouched("password hint: Build-agent-0042, password field label: Summer-release-2025");
        // Two words and a number not said to be a password; Italian `parole`; the base64 of a
        // URL without credentials.
        assert_untouched("host: Borobudur-mtkvari-4271, New key: featureFlagV2 added");
        assert_untouched("le parole chiave: Borobudur-mtkvari-4271");
        assert_untouched("URL: aHR0cHM6Ly9leGFtcGxlLmNvbS9wYXRoP3E9MQ==");
    }

    #[test]
    fn takes_the_password_a_chat_answers_below_a_question_that_asks_for_it() {
        let chat = "[10:02] Rajesh Iyer: new password for pgbouncer? vault is down\n[10:04] Linh Nguyen: pgb-Adm1n!2023\n[10:05] Rajesh Iyer: thx";
        assert_eq!(spans(chat), ["password:pgb-Adm1n!2023"]);
        let chat = "李明 15:45\nroot 密码也改了吗？\n王伟 15:46\n改了，新的是 eZqnFy%kYUD2xn3，用完请删掉这条消息";
        assert_eq!(spans(chat), ["password:eZqnFy%kYUD2xn3"]);
        // Only two lines down, only words written as passwords, only after a question.
        assert_untouched("what is the password policy?\nMin 12 characters and one sign (!@#)\nsee INC-4432");
        assert_untouched("password for the NAS?\nask Dana\nlater\nNas-B4ckup!24Q1");
        assert_untouched("password reset done.\nnew one: see ticket\n");
    }

    #[test]
    fn takes_a_twilio_key_passed_to_curl_after_twilio_named_in_the_url() {
        let text = "curl -X POST https://api.twilio.example/2010-04-01/Accounts/AC5b02ab19f39f9e5b5fd5ddc472f422e1/Messages.json \\\n  -u SK482b0b22e8aa4a92ab96fbf15b1668b6:HUawJVR2ILmvH1wwzoPd3BOTkP0rO";
        assert!(spans(text).contains(&"api_key/twilio:SK482b0b22e8aa4a92ab96fbf15b1668b6".to_owned()), "{:?}", spans(text));
    }

    #[test]
    fn keeps_the_look_alikes_of_the_new_rules_untouched() {
        // Names: a subject's or a department's line above an address, a note in brackets or
        // a host's name after it, a label in katakana, a word before 고객.
        assert_eq!(spans("제목: 로그인 오류\n이메일: haeun.yoon@example.kr"), ["email:haeun.yoon@example.kr"]);
        assert_eq!(spans("Department: जन संपर्क\nEmail: jan.sampark@example.in"), ["email:jan.sampark@example.in"]);
        assert_eq!(spans("zhang.wei@example.cn（已停用）"), ["email:zhang.wei@example.cn"]);
        assert_eq!(spans(r#"{"email":"rahul.sharma@example.in","hostname":"राउटर सर्वर"}"#), ["email:rahul.sharma@example.in"]);
        // Phones: counts beside an address, under an MSISDN count or in a row labelled with a
        // phone word and more; an order's number before the word for a phone.
        assert_eq!(spans("jane.doe@example.com, 12 345 678 API calls; email,customer_id\njane.doe@example.com,1000000123"), ["email:jane.doe@example.com", "email:jane.doe@example.com"]);
        assert_untouched("| Operator | MSISDN count |\n|---|---|\n| BMT | 12 345 678 |");
        assert_untouched("<tr><td><p>Mobile app installs</p></td><td><p>12 345 678</p></td></tr>");
        assert_untouched("Fon kodu AFT, fon büyüklüğü 123 456 789 TL; Продано телефонов: 1 234 567 шт.");
        // Secrets: another key of a webhook, an algorithm's name, a result after the resource,
        // a placeholder after the word secret.
        assert_untouched("webhookRoutingKey=orders.eu-west-1.v2 WEBHOOK_AUTH=HmacSHA256");
        assert_untouched("{\"type\":\"random_password\",\"name\":\"x\"}\n{\"status\":\"ok\",\"result\":\"Deployment Succeeded\"}");
        assert_untouched("Twilio: secret REDACTEDREDACTEDREDACTEDREDACTED");
        assert_untouched("in altre parole, la build 4.2-rc1#fix");
    }

    #[cfg(not(js_engine))]
    #[test]
    fn reads_user_and_password_pairs_on_one_long_line_in_linear_time() {
        let text = "ab / cdefgh ".repeat(200_000);
        let started = std::time::Instant::now();
        let _ = spans(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    }

    #[test]
    fn takes_the_number_beside_an_address_in_a_list_of_contacts() {
        assert_eq!(spans("  - Søren Østergaard <soren.ostergaard@mail.dk>, 53 53 10 27"), ["person:Søren Østergaard", "email:soren.ostergaard@mail.dk", "phone:53 53 10 27"]);
        assert_eq!(spans("| Ганболд | ganbold.t@yahoo.com | 7524 2894 |"), ["email:ganbold.t@yahoo.com", "phone:7524 2894"]);
        // A date, a short number or words after an address are no phone.
        assert_eq!(spans("ann.lee@x.org, 2026 01 19, 12 34, ticket 4711 0815"), ["email:ann.lee@x.org"]);
    }

    #[test]
    fn takes_a_twilio_secret_and_auth_token_named_in_prose() {
        let key = "SK9dfa5df69ad87fad4c6c67caf3c1059e";
        let text = format!("Twilio API key {key}\n\nsecret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU, auth token 5eb87f55d8cb83f2d26bcc5c30c1a161\n");
        assert_eq!(spans(&text), [format!("api_key/twilio:{key}"), "api_key/twilio:wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU".to_owned(), "api_key/twilio:5eb87f55d8cb83f2d26bcc5c30c1a161".to_owned()]);
        assert_eq!(spans("Neuer Key bei Twilio, Secret RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO."), ["api_key/twilio:RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO"]);
        // Without Twilio named before it, or longer than a Twilio secret, it is none.
        assert_untouched("secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU stays in the vault");
        assert_untouched("Twilio: secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANUxyz is a fixture's name");
    }

    #[test]
    fn takes_the_result_of_a_terraform_random_password() {
        let state = r#"{ "type": "random_password", "name": "sql_admin", "instances": [ { "attributes": { "length": 24, "result": "nbx-BpMbo4YgtE" } } ] },"#;
        assert_eq!(spans(state), ["password:nbx-BpMbo4YgtE"]);
        // Another resource's result is its output, not a secret.
        assert_untouched(r#"{ "type": "random_pet", "name": "n", "instances": [ { "attributes": { "length": 2, "result": "brave-otter" } } ] }"#);
        assert_untouched(r#"{"status": "ok", "result": "queued-4711"}"#);
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
    fn reads_a_number_by_the_header_of_its_table_column() {
        // Identifiers that have a phone's shape, under headers that name them.
        let csv = "student_id,ucas_id,hesa_id,module\ns8093276,214-490-8667,1061064755759,HLTH7004\ns5011137,773-585-4152,1786561179199,EPID8001";
        assert_untouched(csv);
        assert_untouched("|| NHS no. || MRN || Bed ||\n| 484 764 5839 | HRN H7547477 | 19 |\n| 505 241 4129 | MRN: H0669336 | 29 |");
        // A number under a phone header, in a row with an address, is a phone whatever its shape.
        let export = "\"slot\",\"name\",\"email\",\"mobile\",\"site\"\n\"05:18\",\"Núria Vilaró\",\"vilaro.nuria@example.org\",\"635 178 212\",\"Civic Centre\"";
        assert_eq!(spans(export), ["person:Núria Vilaró", "email:vilaro.nuria@example.org", "phone:635 178 212"]);
        // A phone under a header that names both keeps its phone; a sentence is no header.
        assert_eq!(spans("name;phone no.;site\nx;(415) 555-0132;y"), ["phone:(415) 555-0132"]);
        assert_eq!(spans("No, that is not the order number, sorry.\n(415) 555-0132, ask for Sam, any time"), ["phone:(415) 555-0132"]);
        assert_eq!(spans("id,name,contact no.\n7,Sam,(415) 555-0132"), ["phone:(415) 555-0132"]);
        // A bare number word names phones as often, a `+` number is a phone under any header,
        // and a caller's id is a phone.
        assert_eq!(spans("Name\tNumber\nAnn Lee\t07700 900123"), ["person:Ann Lee", "phone:07700 900123"]);
        assert_eq!(spans("Name,Email,Customer ID\nAnn,ann@x.com,+91 98765 43210"), ["email:ann@x.com", "phone:+91 98765 43210"]);
        assert_eq!(spans("Date,Caller ID,Duration\n2026-01-19,(415) 555-0132,3:12"), ["phone:(415) 555-0132"]);
        // Stacked Jira tables each have their header; a quoted comma stays in its field.
        assert_eq!(spans("||Patient||NHS no.||\n|Ann|484 764 5839|\n||Name||Mobile||\n|Ann|(415) 555-0132|"), ["phone:(415) 555-0132"]);
        let quoted = "name,address,mobile,email\nAnn Lee,\"1 High St, Leeds\",07700 900123,ann.lee@x.org\nBob Roe,5 Low Rd,635 178 212,bob.roe@x.org";
        assert_eq!(spans(quoted), ["person:Ann Lee", "phone:07700 900123", "email:ann.lee@x.org", "person:Bob Roe", "phone:635 178 212", "email:bob.roe@x.org"]);
        // The first phone column that holds a phone, and never a date, an address or an amount.
        assert_eq!(spans("\"name\",\"contact_email\",\"mobile\"\n\"X\",\"jo.rt@x.org\",\"635 178 212\""), ["email:jo.rt@x.org", "phone:635 178 212"]);
        assert_eq!(spans("name,email,phone,tel2,fax\nX,jo.rt@x.org,2026-01-19,192.168.10.254,1234567.00"), ["email:jo.rt@x.org", "ip_address:192.168.10.254"]);
    }

    #[cfg(not(js_engine))]
    #[test]
    fn reads_tables_of_many_cells_in_linear_time() {
        // Rows full of phone-shaped cells and addresses, under a header: each row is split once.
        let header = format!("{}\n", (0..250).map(|i| format!("mobile{i}")).collect::<Vec<_>>().join(","));
        let row = format!("{}\n", (0..250).map(|i| if i % 2 == 0 { "(415) 555-0132".to_owned() } else { format!("a{i}@x.io") }).collect::<Vec<_>>().join(","));
        let text = format!("{header}{}", row.repeat(60));
        let started = std::time::Instant::now();
        assert!(!spans(&text).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    }

    #[test]
    fn rejects_phone_numbers_with_too_few_or_too_many_digits() {
        assert_untouched("Call 555-013 or +1 415 555 0132 4567 8901.");
    }

    // Cards.

    #[test]
    fn redacts_luhn_valid_cards_of_known_brands_and_lengths() {
        for card in [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5181.6614.8831.9863",
            "4222222222222",
            "4000 0000 0000 0000 006",
            "5555 5555 5555 4444",
            "2720 0000 0000 0005",
            "3782 822463 10005",
            "340000000000009",
            "6011111111111117",
            "6500 0000 0000 0002",
            "3530111333300000",
            "36227206271667",
            "6200000000000005",
        ] {
            assert_found("credit_card", card);
        }
    }

    #[test]
    fn leaves_luhn_invalid_unbranded_or_wrongly_sized_numbers_alone() {
        assert_untouched(
            "Not cards: 4111 1111 1111 1112, 1234 0000 0000 0006, 9000000000000001, \
             37828224631000 (Amex is 15 digits).",
        );
    }

    #[test]
    fn finds_a_card_followed_by_more_digits() {
        assert_eq!(
            redacted("Card 4111 1111 1111 1111 2025 expired."),
            "Card [CARD_1] 2025 expired."
        );
    }

    // IBANs.

    #[test]
    fn redacts_ibans_with_valid_length_and_checksum() {
        for iban in [
            "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            "GB82 WEST 1234 5698 7654 32",
            "FR14 2004 1010 0505 0001 3M02 606",
            "NL91 ABNA 0417 1643 00",
            "BE68539007547034",
        ] {
            assert_found("iban", iban);
        }
    }

    #[test]
    fn stops_an_iban_at_its_country_length() {
        assert_eq!(
            spans("Pay DE89 3704 0044 0532 0130 00 EUR today"),
            ["iban:DE89 3704 0044 0532 0130 00"]
        );
    }

    #[test]
    fn leaves_ibans_with_a_bad_checksum_length_or_country_alone() {
        assert_untouched(
            "DE88 3704 0044 0532 0130 00, DE89 3704 0044 0532 0130 0, \
             XX89 3704 0044 0532 0130 00, de89370400440532013000.",
        );
    }

    // IP and MAC addresses.

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
        assert_untouched("Health checks on 127.0.0.1:8080 and 0.0.0.0:9090; Firmware-Version 3.10.2.8, build 4.18.2.1, OCR engine 8.6.9.228, ocr=4.2.9.176.");
        assert_untouched("Upgraded the agent from version 1.2.3.4 to 1.2.4.0; since firmware 3.10.2.8 it boots.");
        assert_eq!(
            spans("DNS server: 10.20.30.40; primary resolver 10.0.0.2. Migrated server 10.0.0.1 to 10.0.0.3."),
            ["ip_address:10.20.30.40", "ip_address:10.0.0.2", "ip_address:10.0.0.1", "ip_address:10.0.0.3"],
            "a word that ends in `ver` is no version"
        );
    }

    #[test]
    fn redacts_valid_ipv6_addresses() {
        for address in [
            "2001:db8::8a2e:370:7334",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "fe80::1",
            "::ffff:192.0.2.128",
        ] {
            assert_found("ip_address", address);
        }
        assert_eq!(spans("[2001:db8::1]:443"), ["ip_address:2001:db8::1"]);
    }

    #[test]
    fn leaves_colon_runs_that_are_not_ipv6_addresses_alone() {
        assert_untouched(
            "At 12:34:56 the :: token, ::1, std::vec::Vec, dead::beef, a:b:c and \
             2001:db8:::1 and 1:2:3:4:5:6:7:8:9 appeared.",
        );
    }

    #[test]
    fn redacts_mac_addresses_with_colons_or_dashes() {
        assert_eq!(
            spans("NIC 00:1A:2B:3C:4D:5E and 00-1a-2b-3c-4d-5e."),
            [
                "mac_address:00:1A:2B:3C:4D:5E",
                "mac_address:00-1a-2b-3c-4d-5e"
            ]
        );
    }

    #[test]
    fn redacts_mac_addresses_in_ciscos_dotted_form() {
        assert_eq!(
            spans("Device 54e8.cd54.7e43 dropped; ARP shows 001A.2B3C.4D5E."),
            ["mac_address:54e8.cd54.7e43", "mac_address:001A.2B3C.4D5E"]
        );
    }

    #[test]
    fn leaves_longer_or_shorter_hex_runs_alone() {
        assert_untouched(
            "Not MACs: 00:1A:2B:3C:4D, 00-1A-2B-3C-4D-5E-6F, 001A.2B3C.4D5E.6F70, 001A.2B3C, \
             and build 2024.0611.1200 is a version.",
        );
    }

    // SSNs.

    #[test]
    fn redacts_dashed_ssns_anywhere_and_plain_ones_after_a_context_word() {
        assert_eq!(
            spans("Her number 078-05-1120; SSN: 219 09 9999, social security no. 078051120."),
            ["ssn:078-05-1120", "ssn:219 09 9999", "ssn:078051120"]
        );
    }

    #[test]
    fn leaves_invalid_ssns_and_plain_nine_digits_without_context_alone() {
        assert_untouched(
            "SSN 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000, \
             111-11-1111; order 078051120.",
        );
    }

    // URL credentials.

    #[test]
    fn redacts_the_user_and_password_of_a_url() {
        assert_eq!(
            spans("Use https://admin:hunter2@example.com/x and redis://:Sup3rS3cret@cache:6379/0. amqp://orders:Rmq#Ord3rs@mq/"),
            [
                "url_credentials:admin:hunter2",
                "url_credentials::Sup3rS3cret",
                "url_credentials:orders:Rmq#Ord3rs"
            ]
        );
        assert_eq!(
            redacted("DSN postgres://deploy:Tr0ub4dor3x@db.internal:5432/shop"),
            "DSN postgres://[URL_CREDENTIALS_1]@db.internal:5432/shop"
        );
    }

    #[test]
    fn reports_a_vendor_token_in_a_url_as_the_vendors_token() {
        let glpat = "glpat-OptVfT137sOX6JVwHZxb";
        let ghs = "ghs_vzoMK93hbprxKkJHNZnhuQ7ZuKYvsE3UKgOV";
        assert_eq!(
            spans(&format!("https://oauth2:{glpat}@gitlab.example.dev\nhttps://x-access-token:{ghs}@github.com")),
            [format!("api_key/gitlab:{glpat}"), format!("api_key/github:{ghs}")]
        );
        // A policy that leaves API keys alone leaves them alone in URLs too.
        let policy = Policy { disabled: vec![PiiKind::ApiKey], ..Policy::default() };
        let text = format!("https://oauth2:{glpat}@gitlab.example.dev");
        assert_eq!(redactor_for(policy, &[]).redact(&text).expect("small text"), text);
    }

    #[test]
    fn leaves_urls_without_a_password_or_with_a_variable_alone() {
        assert_untouched(
            "See https://user@example.com, https://example.com:8443/a@b and \
             postgres://app:${DB_PASSWORD}@db/shop.",
        );
    }

    // Private keys and JWTs.

    fn pem(label: &str, lines: usize) -> String {
        let body: Vec<String> = (0..lines)
            .map(|i| {
                fake(
                    64 - i % 3,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                )
            })
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----",
            body.join("\n")
        )
    }

    #[test]
    fn redacts_a_whole_private_key_block_of_every_type() {
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "DSA PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "PGP PRIVATE KEY BLOCK",
        ] {
            let key = pem(label, 5);
            let text = format!("key:\n{key}\nthanks");
            assert_eq!(redacted(&text), "key:\n[PRIVATE_KEY_1]\nthanks", "{label}");
        }
    }

    #[test]
    fn redacts_the_material_of_a_truncated_private_key() {
        let key = pem("RSA PRIVATE KEY", 4);
        let truncated = &key[..key.find("-----END").expect("a footer")];
        let text = format!("{truncated}\nCan you check it");
        assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nCan you check it");
        let encrypted = truncated.replace(
            "-----\n",
            "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,8A2E5F\n\n",
        );
        let text = format!("{encrypted}\nThanks");
        assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nThanks");
    }

    #[test]
    fn leaves_public_keys_and_certificates_alone() {
        let text = pem("PUBLIC KEY", 3) + "\n" + &pem("CERTIFICATE", 3);
        assert_untouched(&text);
    }

    fn jwt(header: &str) -> String {
        let payload = r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#;
        format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload),
            fake(
                43,
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            )
        )
    }

    #[test]
    fn redacts_jwts_whose_header_has_an_alg() {
        assert_found("jwt", &jwt(r#"{"alg":"HS256","typ":"JWT"}"#));
        let unsigned = jwt(r#"{"alg":"none"}"#);
        let unsigned = &unsigned[..=unsigned.rfind('.').expect("three parts")];
        assert_eq!(
            spans(&format!("t={unsigned} ok")),
            [format!("jwt:{unsigned}")]
        );
        let bearer = format!("Authorization: Bearer {}", jwt(r#"{"alg":"RS256"}"#));
        assert_eq!(redacted(&bearer), "Authorization: Bearer [JWT_1]");
    }

    #[test]
    fn leaves_jwt_shaped_text_without_an_alg_alone() {
        assert_untouched(&format!("x {} y", jwt(r#"{"typ":"JWT"}"#)));
        assert_untouched(&format!("x {} y", jwt("[1,2]")));
    }

    // Vendor credentials.

    /// One fake credential per vendor format, with the name it is reported under.
    fn vendor_tokens() -> Vec<(&'static str, String)> {
        vec![
            ("api_key/aws", "AKIAIOSFODNN7EXAMPLE".to_owned()),
            ("api_key/aws", format!("ASIA{}", fake(16, UPPER_ALNUM))),
            ("api_key/docker", format!("dckr_pat_{}", fake(27, ALNUM))),
            ("api_key/gcp", format!("AIza{}", fake(35, ALNUM))),
            ("api_key/gcp", format!("GOCSPX-{}", fake(28, ALNUM))),
            ("api_key/github", format!("ghp_{}", fake(36, ALNUM))),
            ("api_key/github", format!("gho_{}", fake(36, ALNUM))),
            ("api_key/github", format!("ghu_{}", fake(36, ALNUM))),
            ("api_key/github", format!("ghs_{}", fake(36, ALNUM))),
            ("api_key/github", format!("ghr_{}", fake(36, ALNUM))),
            (
                "api_key/github",
                format!("github_pat_11{}_{}", fake(20, ALNUM), fake(59, ALNUM)),
            ),
            ("api_key/gitlab", format!("glpat-{}", fake(20, ALNUM))),
            ("api_key/gitlab", format!("glptt-{}", fake(40, HEX))),
            ("api_key/gitlab", format!("gldt-{}", fake(20, ALNUM))),
            (
                "api_key/slack",
                format!("xoxb-17653672481-19874698323-{}", fake(24, ALNUM)),
            ),
            (
                "api_key/slack",
                format!("xoxp-17653672481-19874698323-19874698323-{}", fake(32, HEX)),
            ),
            ("api_key/slack", format!("xoxa-2-{}", fake(40, ALNUM))),
            ("api_key/slack", format!("xoxr-{}", fake(30, ALNUM))),
            (
                "api_key/slack",
                format!("xapp-1-A0123456789-1234567890123-{}", fake(64, HEX)),
            ),
            (
                "api_key/slack",
                format!(
                    "https://hooks.slack.com/services/T{}/B{}/{}",
                    fake(8, UPPER_ALNUM),
                    fake(8, UPPER_ALNUM),
                    fake(24, ALNUM)
                ),
            ),
            ("api_key/stripe", format!("sk_live_{}", fake(24, ALNUM))),
            ("api_key/stripe", format!("rk_live_{}", fake(24, ALNUM))),
            ("api_key/stripe", format!("sk_test_{}", fake(24, ALNUM))),
            ("api_key/twilio", format!("AC{}", fake(32, HEX))),
            (
                "api_key/sendgrid",
                format!("SG.{}.{}", fake(22, ALNUM), fake(43, ALNUM)),
            ),
            ("api_key/npm", format!("npm_{}", fake(36, ALNUM))),
            (
                "api_key/pypi",
                format!("pypi-AgEIcHlwaS5vcmc{}", fake(60, ALNUM)),
            ),
            ("api_key/openai", format!("sk-proj-{}", fake(56, ALNUM))),
            (
                "api_key/openai",
                format!("sk-{}T3BlbkFJ{}", fake(20, ALNUM), fake(20, ALNUM)),
            ),
            (
                "api_key/anthropic",
                format!("sk-ant-api03-{}AA", fake(93, ALNUM)),
            ),
            (
                "api_key/atlassian",
                format!("ATATT3xFfGF0{}", fake(180, ALNUM)),
            ),
            ("api_key/shopify", format!("shpat_{}", fake(32, HEX))),
            ("api_key/shopify", format!("shpss_{}", fake(32, HEX))),
            ("api_key/shopify", format!("shpca_{}", fake(32, HEX))),
            ("api_key/shopify", format!("shppa_{}", fake(32, HEX))),
            ("api_key/huggingface", format!("hf_{}", fake(34, ALNUM))),
            ("api_key/digitalocean", format!("dop_v1_{}", fake(64, HEX))),
            ("api_key/doppler", format!("dp.pt.{}", fake(43, ALNUM))),
            ("api_key/heroku", format!("HRKU-AA{}", fake(58, ALNUM))),
            ("api_key/square", format!("sq0atp-{}", fake(22, ALNUM))),
            ("api_key/square", format!("EAAA{}", fake(60, ALNUM))),
            (
                "api_key/telegram",
                format!("123456789:AA{}", fake(33, ALNUM)),
            ),
            (
                "api_key/discord",
                format!(
                    "https://discord.com/api/webhooks/123456789012345678/{}",
                    fake(68, ALNUM)
                ),
            ),
            ("api_key/azure", format!("abc8Q~{}", fake(34, ALNUM))),
            ("api_key/linear", format!("lin_api_{}", fake(40, ALNUM))),
            (
                "api_key/postman",
                format!("PMAK-{}-{}", fake(24, HEX), fake(34, HEX)),
            ),
            ("api_key/databricks", format!("dapi{}", fake(32, HEX))),
            ("api_key/vault", format!("hvs.{}", fake(95, ALNUM))),
            (
                "api_key/grafana",
                format!("glsa_{}_{}", fake(32, ALNUM), fake(8, HEX)),
            ),
            ("api_key/sentry", format!("sntryu_{}", fake(64, HEX))),
            (
                "api_key/dynatrace",
                format!("dt0c01.{}.{}", fake(24, UPPER_ALNUM), fake(64, UPPER_ALNUM)),
            ),
            (
                "api_key/sendinblue",
                format!("xkeysib-{}-{}", fake(64, HEX), fake(16, ALNUM)),
            ),
            ("api_key/rubygems", format!("rubygems_{}", fake(48, HEX))),
            (
                "api_key/planetscale",
                format!("pscale_tkn_{}", fake(43, ALNUM)),
            ),
            ("api_key/shippo", format!("shippo_live_{}", fake(40, HEX))),
            ("api_key/perplexity", format!("pplx-{}", fake(48, ALNUM))),
            ("api_key/groq", format!("gsk_{}", fake(52, ALNUM))),
            ("api_key/alibaba", format!("LTAI{}", fake(20, ALNUM))),
            (
                "api_key/newrelic",
                format!("NRAK-{}", fake(27, UPPER_ALNUM)),
            ),
            ("api_key/newrelic", format!("{}NRAL", fake(36, HEX))),
            (
                "api_key/terraform",
                format!("{}.atlasv1.{}", fake(14, ALNUM), fake(67, ALNUM)),
            ),
        ]
    }

    #[test]
    fn redacts_every_vendor_format_under_its_vendor_name() {
        for (kind, token) in vendor_tokens() {
            assert_found(kind, &token);
            let quoted = format!("config = {{\"key\": \"{token}\"}}");
            assert_eq!(
                spans(&quoted),
                [format!("{kind}:{token}")],
                "quoted {token}"
            );
        }
    }

    #[test]
    fn finds_vendor_credentials_in_assignments_under_the_vendor_name() {
        let github = format!("ghp_{}", fake(36, ALNUM));
        assert_eq!(
            spans(&format!("GITHUB_TOKEN={github}")),
            [format!("api_key/github:{github}")]
        );
        assert_eq!(
            redacted("aws_access_key_id=AKIAIOSFODNN7EXAMPLE"),
            "aws_access_key_id=[API_KEY_1]"
        );
    }

    #[test]
    fn redacts_credentials_that_need_context_only_with_it() {
        let aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let azure_key = format!("{}==", fake(86, ALNUM));
        let datadog = fake(32, HEX);
        let heroku = "01234567-89ab-cdef-0123-456789abcdef";
        let twilio_key = format!("SK{}", fake(32, HEX));
        let mailgun = format!("key-{}", fake(32, HEX));
        let text = format!(
            "aws_secret_access_key = {aws_secret}\n\
             DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_key};EndpointSuffix=core.windows.net\n\
             DD_API_KEY={datadog}\nHEROKU_API_KEY: {heroku}\n\
             twilio api key {twilio_key}\nmailgun: {mailgun}\n"
        );
        assert_eq!(
            spans(&text),
            [
                format!("api_key/aws:{aws_secret}"),
                format!("api_key/azure:{azure_key}"),
                format!("api_key/datadog:{datadog}"),
                format!("api_key/heroku:{heroku}"),
                format!("api_key/twilio:{twilio_key}"),
                format!("api_key/mailgun:{mailgun}"),
            ]
        );
        assert_untouched(&format!(
            "hash {aws_secret} uuid {heroku} sid {twilio_key} {mailgun} {datadog}"
        ));
    }

    #[test]
    fn redacts_the_signature_of_an_azure_sas_url() {
        let sig = "lE6YjK%2F6x2cNq9w3Gq0k4Uq7ZlH5Qv0aXo%3D";
        let url = format!(
            "https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=co&sp=r&se=2030-01-01&sig={sig}"
        );
        assert_eq!(spans(&url), [format!("api_key/azure:{sig}")]);
        assert_untouched("https://example.com/search?q=rust&sig=abcdefghijklmnopqrstuvwxyz");
    }

    #[test]
    fn reports_a_gcp_service_account_files_key_as_a_private_key_and_leaves_the_key_id() {
        let key = pem("PRIVATE KEY", 3).replace('\n', "\\n");
        let id = fake(40, HEX);
        let json = format!(
            "{{\"type\": \"service_account\", \"project_id\": \"acme\", \
             \"private_key_id\": \"{id}\", \"private_key\": \"{key}\\n\"}}"
        );
        assert_eq!(spans(&json), [format!("private_key:{key}")]);
    }

    #[test]
    fn redacts_discord_bot_tokens_and_telegram_bot_urls() {
        let id = URL_SAFE_NO_PAD.encode("123456789012345678");
        let discord = format!("{id}.{}.{}", fake(6, ALNUM), fake(38, ALNUM));
        let telegram = format!("123456789:AA{}", fake(33, ALNUM));
        let text = format!(
            "Authorization: Bot {discord}\nGET https://api.telegram.org/bot{telegram}/getMe"
        );
        assert_eq!(
            spans(&text),
            [
                format!("api_key/discord:{discord}"),
                format!("api_key/telegram:{telegram}")
            ]
        );
    }

    #[test]
    fn leaves_near_miss_tokens_alone() {
        assert_untouched(&format!(
            "AKIAIOSFODNN7EXAMPL XAKIAIOSFODNN7EXAMPLE akiaiosfodnn7example AKIAIOSFODNN7EXAMPLE1 \
             ghp_short task-{} ghp_{} sk_live_short xoxb- SG.x.y npm_abc",
            fake(40, ALNUM),
            "x".repeat(36)
        ));
    }

    // Generic secrets.

    #[test]
    fn redacts_only_the_value_of_a_random_looking_secret_assignment() {
        let text = "password=Xk9#mQ2$vL7p\nDB_PASSWORD=\"s3cr3t-V4lue!\"\n\
                    {\"api_key\": \"9f8e7d6c5b4a3210zz\"}\n\
                    apikey:abcdefgh12345 x-api-key: 9f8e7d6c5b4a3210 Secret: Zq8#Lm3!Rt6x\n\
                    clientSecret => 'Qm9vYmF6Q2xpZW50'";
        assert_eq!(
            redacted(text),
            "password=[SECRET_1]\nDB_PASSWORD=\"[SECRET_2]\"\n{\"api_key\": \"[SECRET_3]\"}\n\
             apikey:[SECRET_4] x-api-key: [SECRET_5] Secret: [SECRET_6]\n\
             clientSecret => '[SECRET_7]'"
        );
    }

    #[test]
    fn redacts_passwords_in_connection_strings_and_authorization_headers() {
        let basic = STANDARD.encode("deploy:Tr0ub4dor&3");
        let text = format!(
            "Server=db;Database=shop;User Id=sa;Password=Pa55w0rd!2024;Encrypt=true\n\
             jdbc:mysql://db/shop?user=app&password=K8s#Secr3tZ&ssl=true\n\
             Authorization: Basic {basic}\nAuthorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"
        );
        assert_eq!(
            spans(&text),
            [
                "password:Pa55w0rd!2024".to_owned(),
                "password:K8s#Secr3tZ".to_owned(),
                format!("password:{basic}"),
                "password:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5".to_owned(),
            ]
        );
    }

    #[test]
    fn redacts_passwords_named_in_other_languages() {
        assert_eq!(
            spans(
                "mot de passe : 1oPR#MWpWQc2uni^_w.S+PeY\nPasswort: kNJuFlBWDMTUFM\n\
                 Kennwort=Zq8#Lm3!Rt6x contraseña: Xk9#mQ2$vL7p senha: Tr0ub4dor3x!"
            ),
            [
                "password:1oPR#MWpWQc2uni^_w.S+PeY",
                "password:kNJuFlBWDMTUFM",
                "password:Zq8#Lm3!Rt6x",
                "password:Xk9#mQ2$vL7p",
                "password:Tr0ub4dor3x!"
            ]
        );
    }

    #[test]
    fn redacts_a_password_written_in_a_sentence_after_its_word() {
        assert_eq!(
            spans(
                "the password is Xk9#mQ2$vL7p. Das Passwort lautet Sommerwind24!Berg\n\
                 DBパスワード：Sakura_2024!x; keytool -srcstorepass Kst0re!Old -deststorepass Kst0re!New#2\n\
                 Neues Passwort: „Kaffee&Kuchen_19“ WIFI:T:WPA;S:Office-5G;P:Gx8#uL2!qz;;"
            ),
            [
                "password:Xk9#mQ2$vL7p",
                "password:Sommerwind24!Berg",
                "password:Sakura_2024!x",
                "password:Kst0re!Old",
                "password:Kst0re!New#2",
                "password:Kaffee&Kuchen_19",
                "password:Gx8#uL2!qz"
            ]
        );
    }

    #[test]
    fn redacts_a_password_after_a_bold_or_dashed_label() {
        assert_eq!(
            spans("**Password:** Xy7!kLm2q\n*Password:* Ab9#qRt5z\nPassword: - Tr0ub4dor&3x"),
            ["password:Xy7!kLm2q", "password:Ab9#qRt5z", "password:Tr0ub4dor&3x"]
        );
    }

    #[test]
    fn leaves_ordinary_words_after_a_password_word_alone() {
        assert_untouched(
            "Password reset for the Billing team is done. The password policy (v2 draft) needs \
             review; see https://wiki.example.com/Password-Policy-2024 and [PASSWORD_1].",
        );
        for line in [
            "Password hashing uses Argon2id with m=64MiB, t=3, p=4.",
            "We migrated password storage from bcrypt to Pbkdf2PasswordEncoder in Spring 6.",
            "Fixed: password reset emails were not sent in v2.14.3-hotfix.",
            "The password grant is deprecated in OAuth2.1.",
            "Password hashing moved to image ghcr.io/acme/auth-svc:1.4.2 last sprint.",
            "The password check failed at auth/handlers.go:118 with a nil pointer.",
            "Change the password in ~/.config/app2/settings.json and restart.",
            "Password must match [A-Za-z0-9!@#]{12,64} according to the policy doc.",
            "Password sync to ldap-01.corp.local failed after the upgrade.",
            "Password authentication for postgres@db-primary-02 disabled in pg_hba.conf.",
            "sshd[2211]: Accepted password for deploy_bot2 from a trusted host",
            "Le mot de passe expire après 90 jours (politique PWD-v3.2).",
            "Het wachtwoord moet elke 90 dagen wijzigen (beleid ICT-ww-2024a).",
            "La clave primaria de la tabla es pk_pedidos_2024.",
            "Our AWS Nitro enclave i-0abc123def4567890 runs the signer.",
        ] {
            assert_untouched(line);
        }
        assert_eq!(
            spans("The password for user admin_01 is Xy7!kLm2q"),
            ["password:Xy7!kLm2q"],
            "a user name before the password is passed over"
        );
    }

    #[test]
    fn leaves_labels_hints_placeholders_and_filtered_values_alone() {
        assert_untouched(
            "\"password.label\": \"Mot de passe\", \"password.hint\": \"Mindestens 12 Zeichen, eine Ziffer\", \
             password = \"ask the DBA\", api_key = \"YOUR_API_KEY\", password = \"your_password\", \
             \"password\"=>\"[FILTERED]\", bypass_list = \"localhost,*.internal.corp,*.local\"",
        );
    }

    #[test]
    fn a_department_address_names_no_person() {
        assert_untouched_by_names(
            "Send to release.notes@acme.com: Release Notes for 4.2 below. The Data Protection \
             team (data.protection@acme.com) and Human Resources (human.resources@acme.com) agree.",
        );
    }

    #[test]
    fn redacts_mysql_dash_p_and_xml_settings_but_not_paths_settings_or_remotes() {
        assert_eq!(
            spans(
                "mysql -u root -p'Xk9$vb2!Qr' -h db billing; mysqldump -pS3cr3t_Dump! shop\n\
                 <add key=\"ApiSecret\" value=\"7f2Kq9Lp0ZxW3vN8\" />"
            ),
            ["password:Xk9$vb2!Qr", "password:S3cr3t_Dump!", "password:7f2Kq9Lp0ZxW3vN8"]
        );
        assert_eq!(
            spans("secret: /5+G4re2+HI+Wyc4adYfVAJIKAyVDONh password: ~C_^Mt8VG4uqVgyFf_"),
            ["password:/5+G4re2+HI+Wyc4adYfVAJIKAyVDONh", "password:~C_^Mt8VG4uqVgyFf_"]
        );
        assert_untouched(
            "password_file: /run/secrets/db_password\nPassword policy: min_length=12, history=5\n\
             Set `password` to at least 12 characters. Invoice INV-2025-46791 is paid.\n\
             Remote is git@github.com:acme/billing.git; grep -p file.txt; tar -cpf x.tar y",
        );
        assert_eq!(
            spans("Password reset link never arrives at emily58@customer-corp.com."),
            ["email:emily58@customer-corp.com"],
            "an address after a password word is an address"
        );
    }

    #[test]
    fn redacts_the_password_flags_of_commands_that_take_one_and_only_theirs() {
        assert_eq!(
            spans(
                "sshpass -p 'Tr0ub4dor&3' ssh deploy@10.0.0.5 -p 2222\n\
                 docker login -u ci -p hunter22 registry.acme.io\n\
                 redis-cli -h cache-01 -p 6379 -a Kx92mfQ4 ping\n\
                 ldapsearch -x -D cn=admin -w s3cretLdap -b dc=acme\n\
                 mongosh --username app --password Sunny2025 db\n\
                 smbclient //nas/scans -U 'CORP\\scanner%Sc4n!Smb22' -c ls; ipmitool -H 10.9.0.4 -U ADMIN -P 'Ipmi!Rack7' power\n\
                 mongosh \\\n  --password \\\n  'Spl1t!Line#Pw' \\\n  mongodb://mongo-a:27017\n\
                 mysql \\\n  --user=analytics \\\n  --password=An4lyt1cs!RO"
            ),
            [
                "password:Tr0ub4dor&3",
                "ip_address:10.0.0.5",
                "password:hunter22",
                "password:Kx92mfQ4",
                "password:s3cretLdap",
                "password:Sunny2025",
                "password:Sc4n!Smb22",
                "ip_address:10.9.0.4",
                "password:Ipmi!Rack7",
                "password:Spl1t!Line#Pw",
                "password:An4lyt1cs!RO"
            ]
        );
        assert_untouched(
            "mkdir -p build/out; ssh -p 2222 deploy; redis-cli -p 6379 ping; mysql -u root -p shopdb\n\
             docker run -p 8080:80 nginx; docker login -u ci -p \"$REGISTRY_TOKEN\" reg; \
             docker login --password-stdin reg; sshpass -p $(cat /run/pw) ssh host",
        );
    }

    #[test]
    fn redacts_the_password_of_a_pgpass_line_where_the_text_names_the_file() {
        assert_eq!(
            spans("~/.pgpass on the runner:\ndb-primary.internal:5432:billing:report_ro:Rx7!pq2Lm\n*:*:*:postgres:hunter22"),
            ["password:Rx7!pq2Lm", "password:hunter22"]
        );
        assert_eq!(spans("~/.pgpass contains: db01.internal:5432:*:report:Rp0rt!ng#22"), ["password:Rp0rt!ng#22"]);
        assert_untouched("Timestamps:\nnode-1:8080:ready:2024-06-03:12\nweb:443:up:ok:yes");
        assert_untouched("No pgpass here: see `db01:5432:*:report:Rp0rt!ng#22`, and the log says db01:5432:*:report:*");
    }

    #[test]
    fn each_command_with_a_password_flag_is_found_alone() {
        for (text, password) in [
            ("ipmitool -H h -U ADMIN -P Ipmi!Rack7 power status", "Ipmi!Rack7"),
            ("smbclient //nas/s -U 'CORP\\scan%Sc4n!Smb22'", "Sc4n!Smb22"),
            ("smbclient //nas/s -U 'u%my long pass' -c ls", "my long pass"),
            ("sshpass -p 'correct horse battery staple' ssh h", "correct horse battery staple"),
            ("ldapsearch -D \"cn=admin, dc=acme, dc=com\" -w S3cretLdap -b dc=acme", "S3cretLdap"),
            ("docker login -u ci -p=Hunter22x reg", "Hunter22x"),
            ("docker login `\n  -u ci `\n  -p Hunter22x reg", "Hunter22x"),
            ("redis-cli -a 12345 ping", "12345"),
            ("sshpass -p 1234 ssh h", "1234"),
        ] {
            assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
        }
        assert_untouched("sshpass -f ~/.pw ssh -p 2222 h; sshpass -e scp -P 2222 a b; mysql -u root -p shop");
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
    fn redacts_rupay_and_elo_card_numbers() {
        for card in ["5082 1007 4544 3638", "6070 3709 5195 4154", "5041753201241407", "6363683271161896", "5095-3491-4939-5333"] {
            assert_found("credit_card", card);
        }
        // The same prefixes with another length, or a failed check digit.
        assert_untouched("ref 50821007454436 and 6070 3709 5195 4155");
    }

    #[test]
    fn redacts_domestic_scheme_cards_and_the_card_of_a_gds_form_of_payment() {
        for card in ["8172 0614 3448 6657", "8600 9170 2100 3001", "9860-4245-6446-9445"] {
            assert_found("credit_card", card);
        }
        assert_eq!(spans("  15 FP CCJC3541729443490408/0526/A613327"), ["credit_card:3541729443490408"]);
        // Another length, a failed check digit, letters that are no form of payment.
        assert_untouched("ref 86009170210030 and 8600 9170 2100 3002, batch XCCVI4147362418500534");
    }

    #[test]
    fn redacts_card_numbers_in_csv_fields_and_read_out_in_pairs() {
        assert_eq!(
            spans("order,pan,amount\n541254,4046010643832790,227.31\nI typed it as: 40 46 01 06 43 83 27 90 exp 11/26"),
            ["credit_card:4046010643832790", "credit_card:40 46 01 06 43 83 27 90"]
        );
        assert_untouched("pi is 3.4046010643832790, the total 1,4046010643832790 and 4046010643832790.5 units");
        assert_untouched("0000  45 00 00 41 00 00 40 00 40 06 a1 b2 c0 a8");
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
    fn redacts_a_password_written_as_a_pair_with_its_user() {
        assert_eq!(spans("Temporary admin on the bastion: tmp-oncall / Gp#B?fmu4xKp4Km^Mqy – delete on Monday!"), ["password:Gp#B?fmu4xKp4Km^Mqy"]);
        assert_eq!(spans("라벨 프린터 관리 페이지 계정은 admin / Dragon!$ 입니다."), ["password:Dragon!$"]);
        assert_eq!(spans("le compte du quai 4, c'est operateur / Fjord2024, noté."), ["password:Fjord2024"]);
        assert_untouched("Jira / Confluence, read / write, Halle 3 / Tor 2, Q3 / Q4-2024, build / Release2024 is out, and / or.");
        assert_untouched("pct = used_bytes / total_bytes*100;\nUser reports login fails on Safari / Firefox!");
    }

    #[test]
    fn redacts_a_capitalized_word_and_mixed_signs_the_text_calls_the_password() {
        assert_eq!(spans("SSID ist KF-Lager-5G, Passwort Milano#! (bitte nicht weitergeben)"), ["password:Milano#!"]);
        assert_eq!(spans("Wi-Fi: KF-Visitantes\nPalavra-passe: Falcon!?"), ["password:Falcon!?"]);
        assert_untouched(
            "Is the password Correct? Password Reset? Passwort vergessen! Password: Incorrect! Token: Expired!! \
             Credentials: Invalid!! Password reset was Successful!",
        );
    }

    #[test]
    fn redacts_passwords_of_connection_strings_json_key_value_pairs_and_signing_keys() {
        assert_eq!(
            spans("Server=db01,1433;Database=Billing;User Id=svc;Password=Hq*3&WAN3Lmp&9^WWc;Encrypt=True;"),
            ["password:Hq*3&WAN3Lmp&9^WWc"]
        );
        assert_eq!(spans("https://x.example/cb?token=Zq8xK2vLm9Pw4Rt7&user=jdoe"), ["password:Zq8xK2vLm9Pw4Rt7"]);
        assert_eq!(spans("<a href=\"/cb?token=Zq8xK2vLm9Pw4Rt7&amp;next=home\">"), ["password:Zq8xK2vLm9Pw4Rt7"]);
        assert_eq!(spans(r#"{"key": "clientSecret", "value": "ELFNs0gkRwjfLWu8N5XvE"}"#), ["password:ELFNs0gkRwjfLWu8N5XvE"]);
        assert_eq!(spans("data:\n  JWT_SIGNING_KEY: Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW\n"), ["password:Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW"]);
    }

    #[test]
    fn redacts_passphrases_given_to_sql_server_and_wpa_supplicant() {
        assert_eq!(
            spans("ALTER LOGIN [svc_sage] WITH PASSWORD = N'tundra-orbit-quartz-lantern' , CHECK_POLICY = OFF;"),
            ["password:tundra-orbit-quartz-lantern"]
        );
        assert_eq!(spans("network={\n    ssid=\"KF-Display\"\n    psk=\"harbor-tundra-orbit-saffron\"\n}"), ["password:harbor-tundra-orbit-saffron"]);
    }

    #[test]
    fn redacts_the_login_of_a_docker_config() {
        let auth = BASE64_STANDARD.encode("kfbuild:1q31pEMmV15u6gpC!");
        assert_eq!(spans(&format!(r#"{{"auths": {{"reg.example.com": {{"auth": "{auth}"}}}}}}"#)), [format!("password:{auth}")]);
        assert_untouched(&format!(r#"{{"auth": "{}"}}"#, BASE64_STANDARD.encode("no colon in here")));
    }

    #[test]
    fn redacts_an_aws_secret_pasted_right_after_its_key_id() {
        let secret = format!("fPkAoWdpTi6NRxj1XyabwDDzSw1hYpcTHDPHdIq{}", "b");
        assert_eq!(
            spans(&format!("use the export user for now\nAKIAYQLJBBBWIQKO54LD\n{secret}\nit's read/write")),
            ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]
        );
        assert_eq!(spans("AKIAYQLJBBBWIQKO54LD 0123456789abcdef0123456789abcdef01234567"), ["api_key/aws:AKIAYQLJBBBWIQKO54LD"], "a hash, not a secret");
        assert_eq!(spans(&format!("AKIAYQLJBBBWIQKO54LD / {secret}")), ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]);
    }

    #[test]
    fn takes_a_mailgun_key_that_the_text_names_after_it_and_no_secret_name_in_an_arn() {
        let key = format!("key-{}", "e8499dbd3106aecb1b7a068e0c061fb2");
        assert_eq!(spans(&format!("curl -s --user 'api:{key}' \\\n  https://api.eu.mailgun.net/v3/x/messages")), [format!("api_key/mailgun:{key}")]);
        assert_untouched("The Lambda reads arn:aws:secretsmanager:eu-central-1:322223183257:secret:prod/carrier-sync/api-gRnE0u daily.");
        assert_untouched("User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0 Safari/537.36");
        assert_eq!(spans("GET /api/hosts/10.20.30.40 and /nodes/192.168.1.20/status"), ["ip_address:10.20.30.40", "ip_address:192.168.1.20"]);
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
    fn keeps_what_the_review_of_the_ninth_sets_rules_found() {
        // A phone listed after an invoice's number (only tags name the numbers of their list).
        assert_eq!(spans("invoice 2024001 and 020 7946 0958"), ["phone:020 7946 0958"]);
        // Look-alikes of the new rules.
        for text in [
            "Password update endpoint failing?\nrequest req_A1b2C3d4E5f6G7 returned 500",
            "password hashing lives in CryptoV2R1 module",
            "Runbook: 1.DB/APP failover for DR\n",
            "Validation failed: first name=Invalid, last name=Missing",
            r#"{"firstName": "String", "lastName": "String", "dateOfBirth": "Date"}"#,
        ] {
            assert_untouched(text);
        }
        for text in ["Jenkins: jenkins.ci@corp.example triggered build; Jenkins is slow", "component,Platform,platform.oncall@corp.example\nPlatform is down"] {
            assert_only_emails(text);
        }
        assert!(!spans("password lives in the DSN postgres@db.internal:5432 env").iter().any(|span| span.starts_with("password:")));
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
            // A compound name (`عبد العزيز`) that the address spells as one part.
            ("CALLER: اسمي منى عبد العزيز وبريدي الإلكتروني m.abdelaziz@gmail.com", "منى عبد العزيز", "m.abdelaziz@gmail.com"),
        ] {
            assert_eq!(spans(text), [format!("person:{name}"), format!("email:{address}")], "in {text:?}");
        }
        let contact = "संपर्क: अमोल कुलकर्णी, +918844271657, amol.kulkarni@example.com";
        assert_eq!(spans(contact), ["person:अमोल कुलकर्णी", "phone:+918844271657", "email:amol.kulkarni@example.com"]);
        let contact = "ርክብ ዳዊት ገብረመድህን +2917399528 dawit.gebremedhin@example.net";
        assert_eq!(spans(contact), ["person:ዳዊት ገብረመድህን", "phone:+2917399528", "email:dawit.gebremedhin@example.net"]);
        let contact = "اړیکه: وحید کاکړ، 079 910 4187، wahid.kakar@example.com";
        assert_eq!(spans(contact), ["person:وحید کاکړ", "phone:079 910 4187", "email:wahid.kakar@example.com"]);
        // A name in another script beside the address, and later as the address spells it.
        let chat = "visitor Бојан Трајковски <bojan.trajkovski@example.org>\n[14:24] visitor: BOJAN TRAJKOVSKI";
        assert_eq!(spans(chat).last().map(String::as_str), Some("person:BOJAN TRAJKOVSKI"));
        assert_only_emails("შეგიძლიათ მოგვწეროთ tamar.lomidze@example.ge");
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
    fn leaves_the_message_ids_of_mail_headers_alone() {
        let headers = "From: Jane Doe <jane.doe@example.com>\nMessage-ID: <CAMiOrY+IYE=imyFX=1pdZeOk@mail.gmail.com>\nIn-Reply-To: <3a9af8e8-c29f-4bc5@mx2.example.com>\nReferences: <a1@mx.example.com>\n <b2@mx.example.com>\nReply-To: help.desk@example.com";
        assert_eq!(spans(headers), ["person:Jane Doe", "email:jane.doe@example.com", "email:help.desk@example.com"]);
        // A list under a `References:` label is no header of message ids.
        assert_eq!(spans("References:\n  - jane.doe@corp.com (owner)"), ["email:jane.doe@corp.com"]);
        // Many addresses on one line cost linear time (a header is looked for within 4 KB, the
        // `<` of an id within 256 bytes), with or without spaces between them.
        for separator in [" ", ","] {
            let line = format!("jane.doe@example.com{separator}").repeat(20_000);
            assert_eq!(spans(&line).len(), 20_000);
        }
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
    fn takes_an_assigned_password_that_meets_a_password_policy_however_repetitive() {
        for (text, password) in [
            (r#"DATABASES = {"default": {"HOST": "db", "PASSWORD": "t00ls-DB-2022"}}"#, "t00ls-DB-2022"),
            ("pgbouncer_password=pgb-Adm1n!2023", "pgb-Adm1n!2023"),
            ("tunnel1_preshared_key = \"Lx7_pSk.t1.f82Kq3Za\"", "Lx7_pSk.t1.f82Kq3Za"),
            ("PRE_SHARED_KEY: aa11-BB22-aa11", "aa11-BB22-aa11"),
        ] {
            assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
        }
        // Lowercase words, digits and dashes are names and versions, not a policy's passwords.
        assert_untouched("secret_version: v2-2024-01\npassword_min_length: 12\napi_key = sk_live_••••••••••••3fA9, token: Ab1x****9");
    }

    #[test]
    fn takes_the_password_column_of_a_jira_or_markdown_table() {
        let jira = "||DB host||User||Password||Notes||\n|dev|172.22.105.86|ht_app|Ipj~RR8Q=^Eyn.^z|reset nightly|\n|qa2|10.16.13.3|ht_app|otter_Tundra_walnut_21| |\n|perf|10.14.2.16|ht_perf|n/a|ask Ops|";
        assert_eq!(
            spans(jira),
            ["ip_address:172.22.105.86", "password:Ipj~RR8Q=^Eyn.^z", "ip_address:10.16.13.3", "password:otter_Tundra_walnut_21", "ip_address:10.14.2.16"]
        );
        let markdown = "| Host | User | Passwort |\n|---|---|---|\n| db01 | app | Xk9!mQ2v7 |\n| db02 | app | ******** |";
        assert_eq!(spans(markdown), ["password:Xk9!mQ2v7"]);
        // Tables without a password column, and pipes of a shell.
        assert_untouched("||Host||Owner||\n|db01|Xk9mQ2v7Lp|\n$ cat log\n| grep Xk9!mQ2v7 | wc -l");
        // Columns that only mention passwords, and names of keys kept elsewhere.
        assert_untouched("||Test case||Pass/Fail||\n|Login via SSO|PASSED|\n| User | Password last changed |\n|---|---|\n| jdoe | 2024-05-01 |");
        assert_untouched("||Secret||Owner||\n|stripe_live_key|Payments|");
        // A long table is read to its end, and a table ends at the first line that is not a row.
        let rows: String = (0..100).map(|i| format!("|host{i}|Xk9!mQ2v{i}|\n")).collect();
        let text = format!("||Host||Password||\n{rows}after the table\n|host|Xk9!mQ2vL|");
        assert_eq!(spans(&text).len(), 100);
        // A pipe escaped inside a cell.
        assert_eq!(spans("| Host | Password | Notes |\n|---|---|---|\n| db01 \\| db02 | Xk9!mQ2v7 | a \\| b |"), ["password:Xk9!mQ2v7"]);
        // A row that leaves its last cells out.
        assert_eq!(spans("| Host | User | Password | Notes |\n|---|---|---|---|\n| db01 | app | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
    }

    #[test]
    fn takes_the_password_column_of_a_markdown_table_without_leading_pipes() {
        let table = "Accounts for the audit:\nHost | User | Password\n--- | --- | ---\ndb01 | app | Xk9!mQ2v7\ndb02 | app | ********\n  db03 | etl | Lq4#vT8zW1 \nafter the table\ndb04 | app | Zr7!pQ3m9";
        assert_eq!(spans(table), ["password:Xk9!mQ2v7", "password:Lq4#vT8zW1"]);
        // Without a password column, or without a separator, pipes are only pipes.
        assert_untouched("Host | Owner\n:-- | --:\ndb01 | Xk9mQ2v7Lp\n$ grep Xk9!mQ2v7 log | wc -l\nfoo | bar\n--");
        // A separator on the first line has no header.
        assert_untouched("--- | ---\nXk9!mQ2v7 | Lq4#vT8zW1");
        // A bare header over a separator and rows written with pipes at their ends.
        assert_eq!(spans("Host | Password\n|---|---|\n| db01 | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
        assert_untouched("Host | Owner\n|---|---|\n| db01 | Xk9mQ2v7Lp |\n|---|\n| Password |");
        // A pipe on a last line without a newline (a panic the properties found).
        assert_untouched("|");
    }

    #[test]
    fn leaves_the_name_of_a_secret_assigned_to_a_secret_key_alone() {
        assert_untouched("secret: payment_service_creds_2\ntoken = prod-db-password\napi_key: stripe.api.key");
        // A secret noun and a number alone is a weak password, not a name.
        assert_eq!(spans("db_password: password-123"), ["password:password-123"]);
        // A value of words and a number with no word naming a secret can still be one.
        assert_eq!(spans("password: Marble_cobalt_juniper-05"), ["password:Marble_cobalt_juniper-05"]);
    }

    #[test]
    fn takes_secrets_the_command_lines_of_aws_azure_terraform_npm_and_oracle_print_or_take() {
        let aws = "PTFQj77dZ6562PHfdUxdv7DNSn9+FsSeaNpzw3CO";
        assert_eq!(spans(&format!("AWS Secret Access Key [None]: {aws}\nDefault region name [None]: eu-west-1")), [format!("api_key/aws:{aws}")]);
        assert_eq!(spans(&format!("  515  aws configure set aws_secret_access_key {aws}\n")), [format!("api_key/aws:{aws}")]);
        let azure = format!("{}==", "CMGDM/eSZPtA/bMJR4m9BUIjPWJrVZEnR00aTgrvRK7FwfBqoy1nxobmDidipU4oJlaDO6LCPTvBZGbT3SuDBg");
        assert_eq!(spans(&format!("az storage blob upload-batch --account-name qb --account-key {azure} -d x")), [format!("api_key/azure:{azure}")]);
        assert_eq!(spans("$ terraform output -raw db_master_password\n6ifUS#-+39!4x\n$ exit"), ["password:6ifUS#-+39!4x"]);
        assert_untouched("$ terraform output -raw db_master_password\nError: Output not found\n$ terraform output -raw admin_token\n${var.token}");
        assert_eq!(spans("//npm.quillbeak.dev/:_auth=Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx\n"), ["password:Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx"]);
        assert_eq!(spans("BILLING_JDBC=jdbc:oracle:thin:billing_batch/Dow~dTwP3BS~PwSceY4@//db:1521/BILL"), ["password:Dow~dTwP3BS~PwSceY4"]);
    }

    #[test]
    fn takes_passphrases_of_words_and_a_number_and_passwords_in_more_languages() {
        for (text, password) in [
            ("machine api login backup password Marble_cobalt_juniper-05", "Marble_cobalt_juniper-05"),
            ("mysql -h db -u lb_admin -pprism.orbit.Harbor21 leaderboards", "prism.orbit.Harbor21"),
            ("Server=db;Uid=etl;Pwd=Glacier.lantern.velvet_49;Encrypt=yes", "Glacier.lantern.velvet_49"),
            ("WPA2 passphrase lantern_cinder_falcon18. Staff only.", "lantern_cinder_falcon18"),
            ("сервер 192.168.77.10, пароль: rocket-otter-Willow_30.", "rocket-otter-Willow_30"),
            ("KEYSTORE_PASSWORD_ANDROID=Xk9!mQ2v7Lp", "Xk9!mQ2v7Lp"),
            ("Geçici yönetici şifresi: ZB%J_=83fX.+L-.6.Ep", "ZB%J_=83fX.+L-.6.Ep"),
            ("server odmítá spojení, dočasné heslo je d3!V=a=_x3X!4tThr.", "d3!V=a=_x3X!4tThr"),
            ("trả về lỗi 502, mật khẩu tạm thời là %^Ewln5%Qgl~.", "%^Ewln5%Qgl~"),
            ("the staging admin password was rotated this morning, it's now 4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN - thanks", "4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN"),
            ("the router admin login (admin / basalt-orbit-Willow_76).", "basalt-orbit-Willow_76"),
        ] {
            assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
        }
        assert_untouched("The password for Single-Sign-On uses user_profile_v2 and settings.db.password; the game's file version as 1.15.4.127.");
        // Found in review: words after a dash or a code word, names, settings and postal codes.
        for text in [
            "Password prompt loops — Outlook2016 clients affected",
            "Ο κωδικός σφάλματος είναι Error404",
            "password = settings.smtp.password_2",
            "Bengaluru, PIN Code: 560001",
            "credential_type: OAuth2-PKCE\napi_key_version: Beta-2024-06\npsk_identity: Client-Device-01\ntoken_ttl: 36h-Rolling9",
        ] {
            assert_untouched(text);
        }
    }

    #[test]
    fn takes_the_password_a_reply_gives_without_naming_it() {
        for (text, password) in [
            ("done, I reset it to Admin123! - please change it at first login", "Admin123!"),
            ("Changed them to 'Xk9#mQ2v7Lp'.", "Xk9#mQ2v7Lp"),
            ("we rotated it back to Lq4#vT8zW1, sorry", "Lq4#vT8zW1"),
        ] {
            assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
        }
        assert_untouched("set it to v2.14.3-hotfix; changed it to INV-2025-46791; reset them to defaults; set it back to 1024x768px");
        assert_untouched("offset it to 0x7FFFABCD, then set it to SHA256withRSA");
    }

    #[test]
    fn takes_the_passwords_that_powershell_ldif_and_oracle_logins_hold() {
        for (text, password) in [
            ("$cred = New-Object PSCredential('HRHCS\\svc_backup', (ConvertTo-SecureString 'EbS+cqRBz_*E7Uw2gP8' -AsPlainText -Force))", "EbS+cqRBz_*E7Uw2gP8"),
            ("employeeID: E587892\nunicodePwd:: IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA=\n\ndn: CN=x", "IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA="),
            ("unicodePwd:: IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n ==\nmail: x", "IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n =="),
            ("3. sqlplus sys/QQJoUvieD7dGVoUPf@HRPRD as sysdba", "QQJoUvieD7dGVoUPf"),
            ("sqlplus -s app_ro/Wq8vT2mLx9Rk\nexit", "Wq8vT2mLx9Rk"),
            ("\"Tq9#mW2vLx8!\" | ConvertTo-SecureString -AsPlainText -Force", "Tq9#mW2vLx8!"),
            ("convertto-securestring -force -asplaintext -string 'Pa$$w0rd!9x'", "Pa$$w0rd!9x"),
            ("Fallback to the Oracle replica uses lis_ro/YsAzVjbJuz8YY3R@//ora-lis01.halvern.internal:1521/LIS", "YsAzVjbJuz8YY3R"),
            (r#"orthanc.json: "RegisteredUsers": { "pacsadmin": "Meadow!meadow!64" } and"#, "Meadow!meadow!64"),
            ("\"RegisteredUsers\" : {\n    \"pacsadmin\" : \"Heron_velvet*712\"\n  }", "Heron_velvet*712"),
        ] {
            assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
        }
        // A variable, a reference and a URL path are no passwords.
        assert_untouched("ConvertTo-SecureString $env:SVC_PW -AsPlainText; ConvertTo-SecureString \"$pw\" -AsPlainText\nsqlplus app/${DB_PW}@PRD\nsee https://example.com/a@//b\nConvertTo-SecureString 'x' -Key $key");
        // A secret store's path, and a Sealed Secret's ciphertext.
        let sealed = format!("kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgB{}", "qPiumD/ipdcLr/C6kT9Dn8uhEnP5VY1+hYWkIaSiUxU2ACd8br4lQANwRT".repeat(4));
        assert_untouched(&format!("vault.hashicorp.com/agent-inject-secret-db: \"secret/data/orthanc/db\"\n{sealed}"));
    }

    #[test]
    fn keeps_the_literal_prefixes_of_every_group_that_had_them_for_the_shared_scan() {
        // A pattern that starts with a short literal, or too many prefixes in one group, takes
        // the group out of the shared prefix scan: its regex then searches every byte (the dense
        // corpus fell from 62 to 16 MB/s when the password group lost its prefixes).
        let without: Vec<&str> = GROUPS.iter().filter(|group| !group.alternatives && group_prefixes(group).is_none()).map(|group| group.detectors[0].name).collect();
        assert_eq!(without, ["url_credentials", "api_key/telegram", "api_key/azure", "email", "email", "ip_address"]);
    }

    #[test]
    fn takes_passwords_of_xml_elements_vault_tables_and_more_languages() {
        for (text, password) in [
            (r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Ember-7078d</wsse:Password>"#, "Ember-7078d"),
            ("<password> qfVMP3CDHaen514Wmzux3* </password>", "qfVMP3CDHaen514Wmzux3*"),
            ("📢 Temporary password for the broker portal: Fjord_4374x\n— Nomvula", "Fjord_4374x"),
            ("Nenosiri la muda la tovuti ya madalali: Tundra=1128s", "Tundra=1128s"),
            ("Kata sandi sementara portal broker: Kestrel%9903w", "Kestrel%9903w"),
            ("Kata laluan sementara portal broker: Glacier?6025u", "Glacier?6025u"),
            ("Parola temporară pentru portalul brokerilor: Indigo%8311o", "Indigo%8311o"),
            (r#""description":"… 2025.\nContraseña temporal del portal de agentes: Monsoon~8933u","#, "Monsoon~8933u"),
            ("كلمة المرور المؤقتة لبوابة الوسطاء: u6#SikpJN1V_*", "u6#SikpJN1V_*"),
            ("पोर्टल का अस्थायी पासवर्ड: =vDyC=Tn3sSH", "=vDyC=Tn3sSH"),
            ("รหัสผ่านชั่วคราวสำหรับพอร์ทัลนายหน้า: Pumice.6180z", "Pumice.6180z"),
            ("Zip password for the records of 2909/707799: wUCGISp0TYjaZ66yceGCQ34pp_ (sent apart)", "wUCGISp0TYjaZ66yceGCQ34pp_"),
            ("> Y cyfrinair dros dro yw 2DDgexu3AHhryXsG – newidiwch ef", "2DDgexu3AHhryXsG"),
            ("> Privremena lozinka je Heron03%A9ZVKYCN, promijenite je", "Heron03%A9ZVKYCN"),
            ("> Привремена лозинка је Anar-871! — промените је", "Anar-871!"),
            ("> Laikinasis slaptažodis: MezGbFKDDw75 – pirmą kartą", "MezGbFKDDw75"),
            ("> Ο προσωρινός κωδικός πρόσβασης είναι: 4j6F3yZJ5dn2D — αλλάξτε τον", "4j6F3yZJ5dn2D"),
            ("> عارضی پاس ورڈ: oib3au2qXJqoA — پہلی بار", "oib3au2qXJqoA"),
            ("> رمز عبور موقت: Heron39!f9UTp — لطفاً", "Heron39!f9UTp"),
            ("> ጊዜያዊ የይለፍ ቃል: Harbour27#kVKfy — በመጀመሪያ", "Harbour27#kVKfy"),
            ("> தற்காலிக கடவுச்சொல்: Larch_ember#763 — முதல்", "Larch_ember#763"),
            ("body: Түр нууц үг: Lantern87#dcaOW — анх", "Lantern87#dcaOW"),
            ("> La contrasenya temporal és DVFyzr5kKC9za9x5e; canvieu-la", "DVFyzr5kKC9za9x5e"),
        ] {
            assert_eq!(spans(text).into_iter().filter(|span| span.starts_with("password:")).collect::<Vec<_>>(), [format!("password:{password}")], "in {text:?}");
        }
        let vault = "Key                Value\naccess_key         AKIAODBRNOWLYXTO6QAV\nsecret_key         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\nlease_duration     768h";
        assert_eq!(spans(vault), ["api_key/aws:AKIAODBRNOWLYXTO6QAV", "api_key/aws:wAluyQDu0cD6dm1z8Ig31C0ODWsdoMd4nAExGJTV"]);
        // Names, versions and empty or referenced elements.
        assert_untouched("<password></password><password>${DB_PASSWORD}</password><password>********</password>\nPassword rules: Release-2024 and Policy_2024 apply, token flow OAuth2-PKCE-Flow-Enabled");
    }

    #[test]
    fn takes_a_passcode_or_pin_after_its_word() {
        for (text, pin) in [
            ("Meeting ID: 812 4471 0932\nPasscode: 448120\nDial by your location", "448120"),
            ("The SIM's PIN is 4821, PUK in the safe.", "4821"),
            ("Kenncode: 771203", "771203"),
            ("PIN-Code 90210 für das Terminal", "90210"),
        ] {
            assert_eq!(spans(text), [format!("password:{pin}")], "in {text:?}");
        }
        assert_untouched("SPIN 2000 units; PIN 1234-5678 is a part number; Passcode 2024.3 policy; PIN 12");
    }

    #[test]
    fn takes_a_passphrase_of_capitalized_words_and_a_number_after_its_word() {
        assert_eq!(spans("SSID BL-Staff-LON, new passphrase Tower-Bridge-Kettle-42, valid"), ["password:Tower-Bridge-Kettle-42"]);
        assert_untouched("The password for Single-Sign-On is managed by IT; password reset via Self-Service-Portal-2 form.");
    }

    #[test]
    fn takes_a_vault_token_and_a_german_switchboard_number() {
        let token = "hvs.PG-NkfOpvi_4MT-7JDZVJYJp";
        assert_eq!(spans(&format!("Vault token for the job: `{token}`.")), [format!("api_key/vault:{token}")]);
        assert_eq!(spans("Tel.: 0511 / 64 72 18-0\nFax: 0511 / 64 72 18-99"), ["phone:0511 / 64 72 18-0", "phone:0511 / 64 72 18-99"]);
    }

    #[test]
    fn redacts_the_password_of_a_net_use_command() {
        for (text, password) in [
            ("net use Z: \\\\fs01\\finance Fin!2024q /user:CORP\\jdoe /persistent:yes", "Fin!2024q"),
            ("NET USE \\\\filer\\ipc$ \"two words\" /USER:admin", "two words"),
            ("Mapped it with `net use \\\\nas\\scans /user:scanner Sc4nner#7` and it works", "Sc4nner#7"),
            ("net use \\\\fs01\\hr /u:CORP\\svc-hr Welcome2024", "Welcome2024"),
        ] {
            assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
        }
        assert_untouched(
            "net use \\\\fs01\\hr * /user:CORP\\jdoe; net use \\\\fs01\\hr %PW% /user:x\n\
             net use \\\\fs01\\hr /user:CORP\\jdoe fails with error 1326\n\
             net use Z: \\\\fs01\\share /persistent:no; the magnet use case \\\\a\\b pw /user:x\n\
             net use \\\\fs01\\finance fails with error 1326 when run with /user:CORP\\jdoe",
        );
    }

    #[test]
    fn curl_with_an_api_key_as_the_user_takes_the_key() {
        assert_eq!(
            spans("curl -u 8f3kQ9xLm2Vb7Tz1Pq4R:X https://acme.freshdesk.com/api/v2/tickets"),
            ["password:8f3kQ9xLm2Vb7Tz1Pq4R:X"]
        );
    }

    #[test]
    fn takes_short_assigned_passwords_with_letters_and_digits_and_compound_password_words() {
        assert_eq!(
            spans(
                "zabbix_db_password = Z4bb1x!db\n\
                 het beheerwachtwoord van de controller is Paxton#Ams01\n\
                 Initialpasswort für das AD-Konto: Hamburg!Start24\n\
                 o acesso: utilizador admin, palavra-passe L0ja-Port0!rt.\n\
                 SECRET_KEY = \"k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o\""
            ),
            [
                "password:Z4bb1x!db",
                "password:Paxton#Ams01",
                "password:Hamburg!Start24",
                "password:L0ja-Port0!rt",
                "password:k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o"
            ]
        );
        assert_untouched(
            "api_key_header: X-Api-Key\npassword_policy = strict\ntoken = os.getenv(\"TOKEN\")\n\
             let password = rpassword::prompt_password(\"Password: \")?;\n\
             Das Passwortfeld ist leer. Die Kennwortrichtlinie gilt.",
        );
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
    fn a_command_continued_onto_the_next_line_still_counts() {
        assert_eq!(
            spans("curl -X POST \\\n  -H 'Accept: text/plain' \\\n  -u admin:Wint3rIsC0ming https://ci.acme.io/job"),
            ["password:Wint3rIsC0ming"]
        );
        assert_untouched("echo curl is installed\n  -u admin:Wint3rIsC0ming");
    }

    #[test]
    fn redacts_a_weak_password_only_where_the_text_says_it_is_one() {
        assert_eq!(
            spans(
                "The wifi password is Summer2024 for guests.\npassword: welcome1\n\
                 Das Passwort lautet Sommer2024.\nReset the password to Admin123! please.\n\
                 Temp password for the kiosk account: Changeme1\nhis password was literally hunter2\n\
                 remettre le mot de passe à Bonjour123; VPN账号：vpn-guest，密码：Vpn@2024"
            ),
            [
                "password:Summer2024",
                "password:welcome1",
                "password:Sommer2024",
                "password:Admin123!",
                "password:Changeme1",
                "password:hunter2",
                "password:Bonjour123",
                "password:Vpn@2024"
            ]
        );
        assert_untouched(
            "The password is hashed with argon2 and stored as sha256.\nPassword policy: version2 \
             applies. The password is SHA256 hashed. Passwords changed in sprint 42 and release 7.",
        );
    }

    #[test]
    fn a_particle_glued_to_a_password_is_not_part_of_it() {
        assert_eq!(
            spans("パスワードはXk9!mQ2vです。비밀번호는 Zp4#wR7t입니다. 密码是Hq8$nV3k。DB 비밀번호는 Hangang#DB7이고"),
            ["password:Xk9!mQ2v", "password:Zp4#wR7t", "password:Hq8$nV3k", "password:Hangang#DB7"]
        );
    }

    #[test]
    fn a_setting_that_names_where_a_secret_is_kept_is_not_one() {
        assert_untouched(
            "helm install redis bitnami/redis --set auth.existingSecret=redis-auth \
             --set grafana.admin.passwordKey=admin-password; secretName: prod-db-creds",
        );
        assert_eq!(
            spans("--set auth.password=Xk9mQ2vL7pZw; secretName: Xk9!mQ2vL7pZ"),
            ["password:Xk9mQ2vL7pZw", "password:Xk9!mQ2vL7pZ"],
            "a value that is not a resource name is still taken"
        );
    }

    #[test]
    fn a_password_flag_mentioned_in_a_sentence_after_a_command_is_not_one() {
        assert_untouched(
            "Older runners use `docker login -u ci -p \"$TOKEN\" reg`, which prints \"WARNING! Using --password via the CLI\".",
        );
    }

    #[test]
    fn a_private_key_header_without_a_key_is_not_one() {
        assert_untouched("Paste the file that starts with `-----BEGIN OPENSSH PRIVATE KEY-----` into Vault.");
    }

    #[test]
    fn a_connection_string_password_that_looks_like_an_identifier_is_still_one() {
        assert_eq!(
            spans("Server=db;User Id=sa;Password=BlueHorseStaple;\n{user: app, password: TrustNoOneEver}"),
            ["password:BlueHorseStaple", "password:TrustNoOneEver"]
        );
    }

    #[test]
    fn code_naming_a_secret_variable_or_type_is_not_a_secret() {
        assert_untouched("const user = { password: hashedPassword, token: accessToken };\nfn f(token: AuthToken) {}");
        assert_eq!(
            spans("password: CorrectHorseBatteryStaple\npassword: \"hashedPassword\","),
            ["password:CorrectHorseBatteryStaple", "password:hashedPassword"],
            "a bare value ending its line, or a quoted one, is still taken"
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
    fn a_quoted_value_ends_at_its_unescaped_quote() {
        assert_eq!(
            spans(r#"{"user": "ingest", "password": "ab\"c9!Xy_77", "retries": 3}"#),
            [r#"password:ab\"c9!Xy_77"#]
        );
    }

    #[test]
    fn redacts_a_quoted_password_whole_even_with_delimiters_inside() {
        assert_eq!(
            spans("password: \"p@ss w0rd;&x<1\"\n{\"secret\": \"K8s, 'Secr3t' Z\"}"),
            ["password:p@ss w0rd;&x<1", "password:K8s, 'Secr3t' Z"]
        );
    }

    #[test]
    fn redacts_random_values_that_only_look_like_references() {
        assert_eq!(
            spans(
                "jdbc:mysql://db/shop?user=app&password=$0Sr-QQM0U0Zt7$y^&ssl=true \
                 \"api_token\": \"%zIYB$j0zAgVYA!s3%1P\" password=Zfok.PTAXhQ0 \
                 mysql://postgres:TUf6.UoCnLkeP7IasMk4@db-2:3306/shop"
            ),
            [
                "password:$0Sr-QQM0U0Zt7$y^",
                "password:%zIYB$j0zAgVYA!s3%1P",
                "password:Zfok.PTAXhQ0",
                "url_credentials:postgres:TUf6.UoCnLkeP7IasMk4"
            ]
        );
    }

    #[test]
    fn redacts_the_credentials_of_curl_dash_u() {
        assert_eq!(
            spans(
                "curl -u deploy:Tr0ub4dor3x https://api.example.com\n\
                 curl --user=\"ci:K8s#Secr3tZ\" -X POST https://x.example.com"
            ),
            ["password:Tr0ub4dor3x", "password:K8s#Secr3tZ"]
        );
    }

    #[test]
    fn leaves_dash_u_alone_outside_curl_and_quoted_prose_after_a_secret_key() {
        assert_untouched(
            "docker run -u 1000:1000 app; git push -u origin main; curl -u $USER:$TOKEN x\n\
             \"token_uri\": \"https://oauth2.googleapis.com/token\", \
             \"secret\": \"see the vault entry for prod\", password = settings.DbPassword, \
             token: Settings.Default.ApiKey, pwd=$env:DB_PASSWORD",
        );
    }

    #[test]
    fn leaves_short_low_entropy_or_referenced_secret_values_alone() {
        assert_untouched(
            "password=hunter, token: required, passwd: aaaaaaaaaaaa, secret: 12121212, \
             secretary: Kimberly7, the password policy is strict, tests passed: 12345678, \
             password: ${DB_PASSWORD}, token = process.env.GITHUB_TOKEN, \
             api_key=os.environ.get(\"KEY\"), password: ********, secret=<your-secret-here>, \
             Authorization: Bearer <token>, basic functionality",
        );
    }

    #[test]
    fn needs_three_bits_of_entropy_per_character_in_a_secret() {
        assert_eq!(redacted("token=abcdefgh"), "token=[SECRET_1]");
        assert_untouched("token=abcdefgg");
    }

    #[test]
    fn takes_a_secret_value_on_past_letters_outside_ascii() {
        assert_eq!(spans("password: Schlüssel-9x!"), ["password:Schlüssel-9x!"]);
    }

    // People.

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

    // Overlaps.

    #[test]
    fn resolves_overlaps_by_the_documented_priority() {
        assert_eq!(redacted("call 4222222222222"), "call [CARD_1]");
        assert_eq!(
            spans("https://ann.lee:S3cretPass@acme.io"),
            ["url_credentials:ann.lee:S3cretPass"]
        );
        let key = pem("PRIVATE KEY", 2);
        assert_eq!(
            redacted(&format!("password={key}")),
            "password=[PRIVATE_KEY_1]"
        );
    }

    // Placeholders and restoring.

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
    fn gives_values_that_differ_only_in_case_their_own_placeholders() {
        let mut redactor = redactor();
        let out = assert_round_trip(&mut redactor, "Bob@Example.com and bob@example.com");
        assert_eq!(out, "[EMAIL_1] and [EMAIL_2]");
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
            .redact("Template: [EMAIL_1] [PERSON_1_2]; real: bob@example.com, ann lee, Ann Lee")
            .expect("small text");
        assert_eq!(
            out,
            "Template: [EMAIL_1] [PERSON_1_2]; real: [EMAIL_2], [PERSON_1], [PERSON_1_3]"
        );
        let restored = redactor.restore(&out);
        assert_eq!(
            restored.text,
            "Template: [EMAIL_1] [PERSON_1_2]; real: bob@example.com, ann lee, Ann Lee"
        );
        assert_eq!(restored.unknown, ["[EMAIL_1]", "[PERSON_1_2]"]);
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
        let texts: String = [include_str!("../../tests/redaction/corpus.jsonl"), include_str!("../../tests/redaction/handwritten.jsonl")]
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
            let mut expected = vec![Vec::new(); GROUPS.len()];
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
        use super::super::{MAX_DIGIT_GAP, MIN_NUMBER_DIGITS, ceil_char_boundary, floor_char_boundary};
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
            disabled: vec![PiiKind::Phone, PiiKind::IpAddress, PiiKind::ApiKey],
            ..Policy::default()
        };
        let mut redactor = redactor_for(policy, &[]);
        let out = redactor
            .redact("+1 (415) 555-0132 10.0.0.1 AKIAIOSFODNN7EXAMPLE bob@example.com")
            .expect("small text");
        assert_eq!(
            out,
            "+1 (415) 555-0132 10.0.0.1 AKIAIOSFODNN7EXAMPLE [EMAIL_1]"
        );
    }

    #[test]
    fn restores_a_realistic_text_exactly_and_leaks_none_of_its_values() {
        let mut redactor = redactor();
        let out = assert_round_trip(&mut redactor, TICKET);
        for value in [
            "Ann Lee",
            "Bob Stone",
            "jane.doe",
            "555-0132",
            "7946",
            "4111",
            "5555",
            "3704",
            "078-05",
            "10.0.0.12",
            "db8",
            "4D:5E",
            "AKIA",
            "s3cr3t",
            "Tr0ub4dor",
        ] {
            assert!(!out.contains(value), "{value} leaked");
        }
        assert!(redactor.restore(&out).unknown.is_empty());
    }

    #[test]
    fn redacts_a_realistic_text() {
        expect![[r#"
            Summary: checkout fails for Globex

            [PERSON_1] reported on 2024-01-15 that checkout (v10.2.3) fails; @[PERSON_2], please take a look.
            The customer's admin is [EMAIL_1], phone [PHONE_1], office [PHONE_2].
            They paid with [CARD_1] and retried with [CARD_2].
            Refund to [IBAN_1]; SSN on file [SSN_1].

            Logs from [IP_1] and [IP_2] (MAC [MAC_1]) show the deploy used
            AWS_ACCESS_KEY_ID=[API_KEY_1] and DB_PASSWORD="[SECRET_1]" (token: required).
            The staging database is postgres://[URL_CREDENTIALS_1]@db.internal:5432/shop.

            [PERSON_1]: call [EMAIL_1] back at [PHONE_1] before release 2.4.1.
        "#]]
        .assert_eq(&redacted(TICKET));
    }

    #[test]
    fn reports_the_spans_it_would_replace_with_kind_names() {
        let redactor = redactor();
        let found: Vec<(String, usize, usize)> = redactor
            .detect("Ann Lee: bob@example.com AKIAIOSFODNN7EXAMPLE")
            .expect("small text")
            .into_iter()
            .map(|span| (span.kind, span.start, span.end))
            .collect();
        assert_eq!(
            found,
            [
                ("person".to_owned(), 0, 7),
                ("email".to_owned(), 9, 24),
                ("api_key/aws".to_owned(), 25, 45),
            ]
        );
        assert!(redactor.counts().is_empty(), "detect issues no placeholder");
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
        let out = assert_round_trip(&mut redactor, text);
        assert_eq!(
            out,
            "Zoë’s host is [IP_1] — call [PHONE_1] ☎; 李雷 wrote to [PERSON_1]…"
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
                    distinct: 2,
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
    fn restore_with_encodes_each_restored_value() {
        let people = [Person {
            account_id: "acc-1".into(),
            display_name: "Ann <Lee> & Co".into(),
            email: None,
        }];
        let mut redactor = redactor_for(Policy::default(), &people);
        let text = redactor.redact("ask Ann <Lee> & Co").expect("small text");
        assert_eq!(text, "ask [PERSON_1]");
        let restored = redactor.restore_with(&text, |v| {
            v.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        });
        assert_eq!(restored.text, "ask Ann &lt;Lee&gt; &amp; Co");
    }

    #[test]
    fn generic_placeholders_keep_the_kind_but_drop_the_numbers() {
        assert_eq!(
            strip_placeholder_numbers("to [EMAIL_3], [PERSON_1_2] and [API_KEY_12], not [x_1]"),
            "to [EMAIL], [PERSON] and [API_KEY], not [x_1]"
        );
    }

    // No false positives.

    #[test]
    fn leaves_ordinary_prose_and_code_alone() {
        assert_untouched(
            "The customer reports that checkout fails after the upgrade; we rolled back at \
             noon. Please see the runbook, rotate the key if needed and pass the token check.\n\
             fn main() { let key = map.get(&id).unwrap_or(0); println!(\"{key:?}\"); }\n\
             if (password.length < 8) { return error('too short'); } // TODO: secret sauce\n\
             SELECT id, email FROM users WHERE created_at > '2024-01-15' LIMIT 100;\n\
             docker run -p 8080:80 -e MODE=prod nginx:1.25 && kubectl get pods -n default",
        );
    }

    #[test]
    fn leaves_uuids_git_hashes_versions_and_dates_alone() {
        assert_untouched(
            "uuid 123e4567-e89b-12d3-a456-426614174000, commit \
             3f786850e387550fdab836ed7e6dc881de23001b (3f78685), sha256 \
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, versions 1.2.3, \
             v2.0.0-rc.1+build.5, 10.0.19045.3693, dates 2024-01-15, 15/01/2024, 2024-01-15 \
             12:34:56.789, Jan 15 2024, epoch 1705320000, timestamp 20240115123456.",
        );
    }

    #[test]
    fn leaves_base64_of_ordinary_text_alone() {
        let encoded = STANDARD
            .encode("The customer reports that checkout fails after the upgrade to release 2.4.");
        assert_untouched(&format!("attachment: {encoded}"));
    }

    // Policy.

    #[test]
    fn redacts_matches_of_custom_patterns_under_their_names() {
        let policy = Policy {
            custom: vec![
                CustomPattern {
                    name: "employee-id".into(),
                    pattern: r"\bEMP-[0-9]{6}\b".into(),
                },
                CustomPattern {
                    name: "project_code".into(),
                    pattern: r"(?i)\bproject [a-z]{4}\b".into(),
                },
            ],
            ..Policy::default()
        };
        let mut redactor = redactor_for(policy, &[]);
        let text = "EMP-004211 works on Project Zeta with EMP-004212.";
        let found: Vec<String> = redactor
            .detect(text)
            .expect("small text")
            .into_iter()
            .map(|span| format!("{}:{}", span.kind, &text[span.start..span.end]))
            .collect();
        assert_eq!(
            found,
            [
                "custom/employee-id:EMP-004211",
                "custom/project_code:Project Zeta",
                "custom/employee-id:EMP-004212"
            ]
        );
        let out = assert_round_trip(&mut redactor, text);
        assert_eq!(out, "[CUSTOM_1] works on [CUSTOM_2] with [CUSTOM_3].");
    }

    #[test]
    fn refuses_an_invalid_custom_pattern_naming_it() {
        assert_eq!(
            policy_error(custom("ticket", "([a-z]"), &[]),
            RedactionError::InvalidPattern(
                "custom pattern 'ticket' does not compile: unclosed group".into()
            )
        );
    }

    #[test]
    fn refuses_a_custom_pattern_over_the_size_limits() {
        assert_eq!(
            policy_error(custom("long", &"a".repeat(1_025)), &[]),
            RedactionError::InvalidPattern(
                "custom pattern 'long' has 1025 bytes; the limit is 1024".into()
            )
        );
        assert_eq!(
            policy_error(custom("huge", r"\w{1000}\w{1000}"), &[]),
            RedactionError::InvalidPattern(format!(
                "custom pattern 'huge' compiles to more than the size limit of {} bytes",
                CUSTOM_PATTERN_SIZE_LIMIT
            ))
        );
    }

    #[test]
    fn refuses_bad_or_repeated_custom_pattern_names() {
        for name in ["", "Upper", "has space", &"x".repeat(33)] {
            assert!(
                matches!(policy_error(custom(name, "x"), &[]), RedactionError::InvalidPattern(m) if m.contains("must be 1 to 32 characters")),
                "{name:?}"
            );
        }
        let twice = Policy {
            custom: vec![
                CustomPattern {
                    name: "a".into(),
                    pattern: "x".into(),
                },
                CustomPattern {
                    name: "a".into(),
                    pattern: "y".into(),
                },
            ],
            ..Policy::default()
        };
        assert_eq!(
            policy_error(twice, &[]),
            RedactionError::InvalidPattern("custom pattern 'a' is defined twice".into())
        );
    }

    #[test]
    fn refuses_more_custom_patterns_than_the_limit() {
        let policy = Policy {
            custom: (0..51)
                .map(|i| CustomPattern {
                    name: format!("p{i}"),
                    pattern: "x".into(),
                })
                .collect(),
            ..Policy::default()
        };
        assert_eq!(
            policy_error(policy, &[]),
            RedactionError::PolicyTooLarge("policy has 51 custom patterns; the limit is 50".into())
        );
    }

    #[test]
    fn accepts_fifty_custom_patterns_of_a_kibibyte() {
        let policy = Policy {
            custom: (0..50)
                .map(|i| {
                    let codes: Vec<String> = (0..202).map(|j| format!("{j:04}")).collect();
                    CustomPattern {
                        name: format!("p{i}"),
                        pattern: format!(r"\bID{i:02}-(?:{})\b", codes.join("|")),
                    }
                })
                .collect(),
            ..Policy::default()
        };
        assert!(
            policy
                .custom
                .iter()
                .all(|c| (1_000..=1_024).contains(&c.pattern.len()))
        );
        let mut redactor = redactor_for(policy, &[]);
        assert_eq!(
            redactor
                .redact("see ID07-0123 and ID49-0201")
                .expect("small text"),
            "see [CUSTOM_1] and [CUSTOM_2]"
        );
    }

    /// Redacts `text` under the one custom pattern `pattern` and returns how long it took.
    #[cfg(not(js_engine))]
    fn time_custom(pattern: &str, text: &str) -> (Duration, String) {
        let mut redactor = redactor_for(custom("tenant", pattern), &[]);
        let started = Instant::now();
        let out = redactor.redact(text).expect("within the limit");
        (started.elapsed(), out)
    }

    #[cfg(not(js_engine))]
    #[test]
    fn finishes_pathological_custom_patterns_in_linear_time() {
        let a = "a".repeat(1 << 20);
        let x = "x".repeat(1 << 20);
        for (pattern, text) in [
            ("(a+)+$", &a),
            ("(x|x|x)*y", &x),
            ("(a|aa)*b", &a),
            ("(?:a?){64}a{64}", &a),
        ] {
            let (took, _) = time_custom(pattern, text);
            assert!(took < Duration::from_millis(250), "{pattern} took {took:?}");
        }
    }

    #[cfg(not(js_engine))]
    #[test]
    fn bounds_a_custom_pattern_whose_leftmost_first_iteration_is_quadratic() {
        // `find_iter` would scan to the end of the text for every one of the 2^18 one-byte
        // matches; the windows bound each search to 2 × 128 bytes.
        let (took, out) = time_custom("a*b|a", &"a".repeat(1 << 18));
        assert_eq!(out, "[CUSTOM_1]".repeat(1 << 18));
        assert!(took < Duration::from_secs(1), "took {took:?}");
    }

    #[cfg(not(js_engine))]
    #[test]
    fn caps_a_custom_match_at_its_byte_limit() {
        let (_, out) = time_custom("a+", &"a".repeat(600));
        assert_eq!(out, "[CUSTOM_1][CUSTOM_1][CUSTOM_1][CUSTOM_1][CUSTOM_2]");
    }

    #[cfg(not(js_engine))]
    #[test]
    fn finds_a_custom_match_that_straddles_a_search_window() {
        for offset in [0, 62, 120, 125, 127, 190] {
            let text = format!("{}EMP-1234567890 done", "x ".repeat(offset));
            let (_, out) = time_custom(r"EMP-[0-9]+", &text);
            assert_eq!(
                out,
                format!("{}[CUSTOM_1] done", "x ".repeat(offset)),
                "{offset}"
            );
        }
    }

    #[test]
    fn refuses_an_allow_list_over_the_limit() {
        let policy = Policy {
            allow: vec!["x".into(); 1_001],
            ..Policy::default()
        };
        assert_eq!(
            policy_error(policy, &[]),
            RedactionError::PolicyTooLarge("allow-list has 1001 entries; the limit is 1000".into())
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
            RedactionError::PolicyTooLarge(
                "allow-list entry 2 has 257 bytes; the limit is 256".into()
            )
        );
    }

    #[test]
    fn refuses_more_people_than_the_limit() {
        let people = vec![ann(); 1_001];
        assert_eq!(
            policy_error(Policy::default(), &people),
            RedactionError::PolicyTooLarge(
                "people list has 1001 entries; the limit is 1000".into()
            )
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
            RedactionError::PolicyTooLarge(
                "person 2 has a name, email or account id of 1025 bytes; the limit is 1024".into()
            )
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
        assert_eq!(
            redactor().detect(&text),
            Err(RedactionError::TextTooLarge(5 * 1024 * 1024))
        );
    }

    #[test]
    fn finds_the_same_values_in_a_long_text_as_in_its_short_pieces() {
        let piece = format!("{TICKET}\nkey ghp_{}\n", fake(36, ALNUM));
        let long = piece.repeat(TRIGGER_CHECK_BYTES / piece.len() + 2);
        assert!(long.len() > TRIGGER_CHECK_BYTES);
        let short = spans(&piece);
        let every: Vec<String> = spans(&long);
        assert_eq!(
            every.len(),
            short.len() * (TRIGGER_CHECK_BYTES / piece.len() + 2)
        );
        assert_eq!(&every[..short.len()], short.as_slice());
    }

    // Properties.

    #[cfg(not(js_engine))]
    /// Values of many kinds to inject into arbitrary text.
    fn injected() -> Vec<String> {
        let mut values: Vec<String> = vendor_tokens()
            .into_iter()
            .map(|(_, token)| token)
            .collect();
        values.extend(
            [
                "bob@example.com",
                "+1 (415) 555-0132",
                "4111 1111 1111 1111",
                "DE89370400440532013000",
                "10.0.0.1",
                "2001:db8::1",
                "078-05-1120",
                "00:1A:2B:3C:4D:5E",
                "https://admin:hunter2@example.com",
                "password=Xk9#mQ2$vL7p",
                "Ann Lee",
                "ann.lee@acme.io",
                "[EMAIL_1]",
                "[PERSON_1_2]",
            ]
            .map(str::to_owned),
        );
        values.push(jwt(r#"{"alg":"HS256"}"#));
        values.push(pem("EC PRIVATE KEY", 2));
        values
    }

    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    fn text_with_injected_values() -> impl Strategy<Value = String> {
        let values = injected();
        let piece = prop_oneof![
            3 => any::<String>(),
            2 => "[ a-zA-Z0-9.,:;@/+()=_-]{0,12}",
            2 => proptest::sample::select(values),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn restores_any_text_exactly(text in any::<String>()) {
            let mut redactor = redactor();
            let out = redactor.redact(&text).expect("small text");
            prop_assert_eq!(redactor.restore(&out).text, text);
        }

        #[test]
        fn restores_text_with_injected_values_exactly_and_leaks_none_it_found(
            text in text_with_injected_values()
        ) {
            let mut redactor = redactor();
            let found = redactor.detect(&text).expect("small text");
            let out = redactor.redact(&text).expect("small text");
            prop_assert_eq!(&redactor.restore(&out).text, &text);
            for span in found.iter().filter(|span| span.kind != "person") {
                let value = &text[span.start..span.end];
                prop_assert!(!out.contains(value), "{} leaked: {:?}", span.kind, value);
            }
        }

        #[test]
        fn reports_spans_that_are_ordered_disjoint_and_on_character_boundaries(
            text in text_with_injected_values()
        ) {
            let found = redactor().detect(&text).expect("small text");
            let mut end = 0;
            for span in &found {
                prop_assert!(span.start >= end && span.start < span.end);
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                end = span.end;
            }
        }
    }
}
