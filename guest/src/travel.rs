//! Where airline and travel systems keep a passenger's name, for the redactor: a passenger's
//! record holds their name in fields of fixed places, written in capitals, with no address
//! beside it to spell it (`1.DESHPANDE/PRIYA MRS`). Each reader here finds the fields of one
//! kind of record and hands their ranges on; the redactor keeps those that read as names.
//!
//! The records read: a PNR's name elements (`1.SURNAME/GIVEN MR`), its `SSR DOCS` passport
//! line, a baggage message's `.P/` element (IATA Type B BSM), an EDIFACT PAXLST's `NAD+FL`
//! (passengers) and `NAD+FM` (crew) segments, and a WorldTracer file's `NM` line.

use std::ops::Range;

use crate::redact::line_starts_with;

/// The longest line a reader looks at, in bytes: records put one element on a line.
const MAX_LINE_BYTES: usize = 512;

/// Titles that end a passenger's name in a PNR (`1.DESHPANDE/PRIYA MRS`).
const TITLES: &[&str] = &["MR", "MRS", "MS", "MSTR", "MISS", "DR", "CHD", "INF"];

/// What a text holds that the records' names need, read in one pass over its `+`, `=` and `/`
/// (a search per marker cost several percent of the redaction's time in wasm).
#[derive(Default)]
pub(crate) struct Signs {
    /// Where the lines start that hold a slash between a capital or a digit and a capital
    /// (`DESHPANDE/PRIYA`, `P/IND`, `BK01/W`), as PNRs, passport lines, baggage messages and
    /// WorldTracer files write them; each line once, in text order.
    pub(crate) slash_lines: Vec<usize>,
    /// A PAXLST's `NAD+`.
    pub(crate) nad: bool,
    /// A record printed as `first name=…` (see the redactor's shopper names).
    pub(crate) first_name: bool,
}

impl Signs {
    /// The signs of `text`. Linear: a line's start is looked for only past the last one found.
    pub(crate) fn of(text: &str) -> Signs {
        let bytes = text.as_bytes();
        let mut signs = Signs::default();
        // The end of the line whose start was last recorded (none yet).
        let mut line_end = 0;
        for at in memchr::memchr3_iter(b'+', b'=', b'/', bytes) {
            match bytes[at] {
                b'/' if at >= line_end => {
                    let before = at > 0 && (bytes[at - 1].is_ascii_uppercase() || bytes[at - 1].is_ascii_digit());
                    if before && bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
                        signs.slash_lines.extend(line_start_before(text, at));
                        line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                    }
                }
                b'+' => signs.nad |= bytes[..at].ends_with(b"NAD"),
                b'=' => signs.first_name |= bytes[..at].ends_with(b"first name"),
                _ => {}
            }
        }
        signs
    }
}

/// Calls `push` with the range of each name part in the travel records of `text`, whose
/// [`Signs`] are `signs`: only the lines that hold a slash between capitals are read as
/// records that write one, so that other text costs one quick pass.
pub(crate) fn passenger_names(text: &str, signs: &Signs, push: &mut impl FnMut(Range<usize>)) {
    for &start in &signs.slash_lines {
        let line = line_from(text, start);
        if line.trim_end().rsplit(' ').next().is_some_and(|last| TITLES.contains(&last)) {
            name_elements(text, start, push);
        }
        if let Some(docs) = line.find("SSR DOCS ") {
            docs_names(text, start + docs, push);
        }
        if line.starts_with(".P/") {
            bsm_names(text, start + 3, push);
        }
    }
    // A WorldTracer file (`AHL …` with `CT BK01/W` lines) names the passenger on its `NM` line.
    if !signs.slash_lines.is_empty() && memchr::memmem::find(text.as_bytes(), b"AHL ").is_some() {
        for at in line_starts_with(text, "NM ") {
            split_at_slashes(text, at + 3, line_from(text, at + 3), push);
        }
    }
    if signs.nad {
        for at in memchr::memmem::find_iter(text.as_bytes(), b"NAD+F") {
            if text[at + 5..].starts_with("L+++") || text[at + 5..].starts_with("M+++") {
                paxlst_names(text, at + 9, push);
            }
        }
    }
}

/// Where the line holding `at` starts, if it is at most [`MAX_LINE_BYTES`] before.
fn line_start_before(text: &str, at: usize) -> Option<usize> {
    let from = at.saturating_sub(MAX_LINE_BYTES);
    let start = memchr::memrchr(b'\n', &text.as_bytes()[from..at]).map_or(from, |i| from + i + 1);
    text.is_char_boundary(start).then_some(start)
}

/// The rest of the line from `at` (at most [`MAX_LINE_BYTES`], without a `\r`).
fn line_from(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = memchr::memchr(b'\n', &rest.as_bytes()[..rest.len().min(MAX_LINE_BYTES)]).unwrap_or(rest.len().min(MAX_LINE_BYTES));
    let end = (0..=end).rev().find(|&end| rest.is_char_boundary(end)).unwrap_or(0);
    rest[..end].trim_end_matches('\r')
}

/// The name elements of a PNR line that ends with a title (starting at `start`): each
/// `N.SURNAME/GIVEN NAMES` on it, surname and given names apart, the title left out.
fn name_elements(text: &str, start: usize, push: &mut impl FnMut(Range<usize>)) {
    let line = line_from(text, start);
    for (offset, _) in line.match_indices('.') {
        let digits = line[..offset].trim_end_matches(|c: char| c.is_ascii_digit());
        let numbered = digits.len() < offset && (digits.is_empty() || digits.ends_with(' '));
        if numbered {
            name_element(text, start + offset + 1, push);
        }
    }
}

/// One name element from `at` (after its number's dot): `SURNAME/GIVEN NAMES TITLE`.
fn name_element(text: &str, at: usize, push: &mut impl FnMut(Range<usize>)) {
    let line = line_from(text, at);
    let capitals = |c: char| c.is_ascii_uppercase() || matches!(c, ' ' | '\'' | '-');
    let surname_end = line.find(|c: char| !capitals(c)).unwrap_or(line.len());
    if line.as_bytes().get(surname_end) != Some(&b'/') || surname_end == 0 {
        return;
    }
    let given = &line[surname_end + 1..];
    let given = &given[..given.find(|c: char| !capitals(c)).unwrap_or(given.len())];
    // Each word with where it ends in `given`.
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for word in given.split(' ') {
        offset += word.len();
        if !word.is_empty() {
            words.push((word, offset));
        }
        offset += 1;
    }
    // The given names end with a title (`1.QA/UAT sign-off … MR` is a list's item).
    if words.last().is_none_or(|(word, _)| !TITLES.contains(word)) {
        return;
    }
    words.pop();
    let (Some(&(first, first_end)), Some(&(_, last_end))) = (words.first(), words.last()) else { return };
    let given_start = at + surname_end + 1 + first_end - first.len();
    push(at..at + surname_end);
    push(given_start..at + surname_end + 1 + last_end);
}

/// The surname, given name and middle name of an `SSR DOCS` line
/// (`SSR DOCS Q7 HK1 P/IND/J7284080/IND/06JUL83/F/08MAY30/DESHPANDE/PRIYA/P1`): its eighth to
/// tenth fields after the document's type, up to the holder flag (`H`) or the passenger (`P1`).
fn docs_names(text: &str, at: usize, push: &mut impl FnMut(Range<usize>)) {
    let line = line_from(text, at);
    let mut offset = 0;
    for (index, field) in line.split('/').enumerate() {
        let is_flag = field == "H" || (field.starts_with('P') && field[1..].bytes().all(|b| b.is_ascii_digit()));
        if (7..=9).contains(&index) && !field.is_empty() && !is_flag {
            push(at + offset..at + offset + field.len());
        }
        if index >= 8 && is_flag {
            break;
        }
        offset += field.len() + 1;
    }
}

/// The names of a baggage message's passenger element from `at` (after `.P/`): a count of
/// passengers, then the surname and each given name between slashes (`.P/1KARIMOV/JASUR`).
fn bsm_names(text: &str, at: usize, push: &mut impl FnMut(Range<usize>)) {
    let line = line_from(text, at);
    let count = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    split_at_slashes(text, at + count, &line[count..], push);
}

/// The name components of a PAXLST `NAD` segment from `at` (after `NAD+FL+++`): surname, given
/// and middle names between colons, up to the segment's end (`'`) or its next element (`+`).
fn paxlst_names(text: &str, at: usize, push: &mut impl FnMut(Range<usize>)) {
    let line = line_from(text, at);
    let value = &line[..line.find(['\'', '+']).unwrap_or(line.len())];
    let mut offset = 0;
    for component in value.split(':') {
        if !component.is_empty() {
            push(at + offset..at + offset + component.len());
        }
        offset += component.len() + 1;
    }
}

/// Each part of `value` (at `at` in the text) between slashes.
fn split_at_slashes(text: &str, at: usize, value: &str, push: &mut impl FnMut(Range<usize>)) {
    debug_assert!(text[at..].starts_with(value));
    let mut offset = 0;
    for part in value.split('/') {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let start = at + offset + (part.len() - part.trim_start().len());
            push(start..start + trimmed.len());
        }
        offset += part.len() + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::passenger_names;

    /// The texts of the ranges `passenger_names` hands on.
    fn names(text: &str) -> Vec<&str> {
        let mut ranges = Vec::new();
        passenger_names(text, &super::Signs::of(text), &mut |range| ranges.push(range));
        ranges.sort_by_key(|range| range.start);
        ranges.into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn reads_the_names_of_a_pnr_and_its_passport_line() {
        let pnr = "RP/LUXQ797AA\n  1.DESHPANDE/PRIYA MRS\n  2.RANDRIANARISOA/VOAHANGY MR\n  3  Q7 385 Y 22APR 3 TBSFRA HK1  0645 2315\n  9 SSR DOCS Q7 HK1 P/IND/J7284080/IND/06JUL83/F/08MAY30/DESHPANDE/PRIYA/P1\n";
        assert_eq!(names(pnr), ["DESHPANDE", "PRIYA", "RANDRIANARISOA", "VOAHANGY", "DESHPANDE", "PRIYA"]);
        assert_eq!(names(" 1.VAN DER BERG/ANNA MARIE MS  2.SMITH/JOHN MR\n"), ["VAN DER BERG", "ANNA MARIE", "SMITH", "JOHN"]);
    }

    #[test]
    fn reads_the_names_of_a_baggage_message_a_paxlst_and_a_worldtracer_file() {
        assert_eq!(names("BSM\n.V/1LLUX\n.P/1KARIMOV/JASUR\n.L/BP4D8G\nENDBSM"), ["KARIMOV", "JASUR"]);
        assert_eq!(names("LOC+87+LUX'\nNAD+FL+++MOHAPATRA:SUBHASHREE'\nATT+2++F'"), ["MOHAPATRA", "SUBHASHREE"]);
        assert_eq!(names("AHL AMSQ727934  CREATED 13APR26/1455\nNM SUTRISNO\nIT B\nCT BK01/W\n"), ["SUTRISNO"]);
    }

    #[test]
    fn leaves_lines_of_other_shapes_alone() {
        // No title at the end of the line, no AHL record, a path, a number's dot, a list's item
        // on a line that ends with a title's letters.
        assert!(names("see 1.README/INSTALL\nNM KAPANADZE\nv2.SOMETHING/ELSE MR\nBlocked: 1.QA/UAT sign-off, waiting on MR\n").is_empty());
        assert_eq!(names("  1.DESHPANDE/PRIYA MRS  \n"), ["DESHPANDE", "PRIYA"]);
        assert!(names("").is_empty());
    }
}
