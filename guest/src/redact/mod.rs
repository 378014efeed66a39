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
//!
//! # Layout
//!
//! This module holds the public types, the [`Redactor`] and what every detector shares (the
//! found candidates, their overlaps and their placeholders). The rest is one file per concern:
//!
//! - `detectors`: the fixed detectors as data, in the groups searched in one pass each;
//!   `compiled`: those groups compiled on first use; `scan`: running them over a text;
//! - the checks, by what they accept: `emails`, `phones`, `numbers` (cards, IBANs, IP and MAC
//!   addresses, SSNs), `tokens` (vendor tokens, authorization headers, URL credentials, keys,
//!   JWTs), `passwords` (assignments and passwords in prose), `commands` (passwords that
//!   particular tools take or print), `devices` (network devices' configurations), `tables`
//!   (values read by their table column);
//! - people: `people` (the request's known people), `names` (names beside an address),
//!   `name_fields` (names in the fields that hold them), `name_scripts` and `name_spelling`
//!   (reading names in other scripts and matching them to addresses);
//! - `custom` (the tenant's patterns), `occurrences` (every other occurrence of a found value),
//!   `text` (small readers of the text around a candidate);
//! - `tests`: the shared test helpers and the redactor's tests as a whole, and beside them one
//!   file of tests per kind of value (`tests/phones.rs` for `phones`, …).
//!
//! The files share one namespace: each starts with `use super::*`, and this module
//! glob-imports each of them, so an item can move between files without changing its users.
//! Items are `pub(super)`: nothing outside the redactor sees them.

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

mod commands;
mod compiled;
mod custom;
mod detectors;
mod devices;
mod emails;
mod name_fields;
mod name_scripts;
mod name_spelling;
mod names;
mod numbers;
mod occurrences;
mod passwords;
mod people;
mod phones;
mod scan;
mod tables;
mod text;
mod tokens;
#[cfg(test)]
mod tests;

use commands::*;
use compiled::*;
use custom::*;
use detectors::*;
use devices::*;
use emails::*;
use name_fields::*;
use name_scripts::*;
use name_spelling::*;
use names::*;
use numbers::*;
use occurrences::*;
use passwords::*;
use people::*;
use phones::*;
use scan::*;
use tables::*;
use text::*;
use tokens::*;
pub(crate) use text::line_starts_with;

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

/// The most people one redactor accepts.
pub(crate) const MAX_PEOPLE: usize = 1_000;

/// The longest display name, email or account id of a person, in bytes.
pub(crate) const MAX_PERSON_FORM_BYTES: usize = 1_024;

/// The least Shannon entropy, in bits per character, of an assigned secret value.
const MIN_SECRET_ENTROPY: f64 = 3.0;

/// The least length of an assigned secret value, in bytes.
const MIN_SECRET_BYTES: usize = 8;

/// How many digits a phone number has (E.164 allows at most 15).
const PHONE_DIGITS: RangeInclusive<usize> = 7..=15;

/// How far before a candidate a context word (`SSN`, `twilio` …) counts, in bytes.
const CONTEXT_BYTES: usize = 64;

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
            csv_passwords(text, places.as_ref().map(|(_, places)| places[CSV_HEADER_PLACES].as_slice()), &mut candidates);
            vault_listing_secrets(text, &mut candidates);
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

/// The fewest digits of a phone written with `+` whose bare digits are searched for too (fewer
/// are as likely part of another number).
const MIN_BARE_PHONE_DIGITS: usize = 10;

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
        // The digits of a phone written `+31602084913` are the same number where the text
        // writes them bare (an SMS gateway's `to` column, a chat).
        let bare = value.strip_prefix('+').filter(|digits| found.kind == PiiKind::Phone && digits.len() >= MIN_BARE_PHONE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()));
        if let Some(digits) = bare.filter(|digits| !allow.contains(*digits)) {
            values.entry(Value::new(digits)).or_insert((found.kind, found.name));
        }
    }
    let Some(occurrences) = Occurrences::new(&values) else {
        return kept;
    };
    let gaps = gaps_between(text.len(), &kept);
    let mut added_end = 0;
    let mut added = Vec::new();
    for (range, (kind, name)) in occurrences.in_text(text, &values, &gaps) {
        // A phone's bare digits inside a longer run of letters and digits are part of another
        // number (`Order id 931602084913554`, a timestamp); a written phone (`+1 (415) 555-0132`)
        // is one wherever it stands, unless more digits go on.
        if kind == PiiKind::Phone && is_part_of_another_number(text, &range) {
            continue;
        }
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

/// Whether the phone at `range` is part of another number: it begins with a digit right after
/// a digit, or ends with one right before one; or, written as bare digits, right after or
/// before a letter.
fn is_part_of_another_number(text: &str, range: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let bare = bytes[range.clone()].iter().all(u8::is_ascii_digit);
    let glued = |inside: Option<&u8>, outside: Option<&u8>| {
        inside.is_some_and(u8::is_ascii_digit) && outside.is_some_and(|b| b.is_ascii_digit() || (bare && b.is_ascii_alphabetic()))
    };
    glued(bytes.get(range.start), range.start.checked_sub(1).and_then(|at| bytes.get(at))) || glued(range.end.checked_sub(1).and_then(|at| bytes.get(at)), bytes.get(range.end))
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
