//! Where airline and travel systems keep a passenger's name, for the redactor: a passenger's
//! record holds their name in fields of fixed places, written in capitals, with no address
//! beside it to spell it (`1.DESHPANDE/PRIYA MRS`). Each reader here finds the fields of one
//! kind of record and hands their ranges on; the redactor keeps those that read as names.
//!
//! The records read: a PNR's name elements (`1.SURNAME/GIVEN MR`), its `SSR DOCS` passport
//! line, a baggage message's `.P/` element (IATA Type B BSM), an EDIFACT PAXLST's `NAD+FL`
//! (passengers) and `NAD+FM` (crew) segments, and a WorldTracer file's `NM` line.

use std::ops::Range;

/// The longest line a reader looks at, in bytes: records put one element on a line.
const MAX_LINE_BYTES: usize = 512;

/// Titles that end a passenger's name in a PNR (`1.DESHPANDE/PRIYA MRS`).
const TITLES: &[&str] = &["MR", "MRS", "MS", "MSTR", "MISS", "DR", "CHD", "INF"];

/// Calls `push` with the range of each name part in the travel records of `text`.
pub(crate) fn passenger_names(text: &str, push: &mut impl FnMut(Range<usize>)) {
    let holds = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if holds("/") {
        name_elements(text, push);
        if holds("SSR DOCS ") {
            docs_names(text, push);
        }
        for at in line_starts(text, ".P/") {
            bsm_names(text, at + 3, push);
        }
    }
    for segment in ["NAD+FL+++", "NAD+FM+++"] {
        for at in memchr::memmem::find_iter(text.as_bytes(), segment.as_bytes()) {
            paxlst_names(text, at + segment.len(), push);
        }
    }
    if holds("AHL ") {
        for at in line_starts(text, "NM ") {
            split_at_slashes(text, at + 3, line_from(text, at + 3), push);
        }
    }
}

/// Where lines that start with `prefix` start.
fn line_starts<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(text.as_bytes(), prefix.as_bytes()).filter(move |&at| at == 0 || text.as_bytes()[at - 1] == b'\n')
}

/// The rest of the line from `at` (at most [`MAX_LINE_BYTES`], without a `\r`).
fn line_from(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = memchr::memchr(b'\n', &rest.as_bytes()[..rest.len().min(MAX_LINE_BYTES)]).unwrap_or(rest.len().min(MAX_LINE_BYTES));
    let end = (0..=end).rev().find(|&end| rest.is_char_boundary(end)).unwrap_or(0);
    rest[..end].trim_end_matches('\r')
}

/// The name elements of PNR lines that end with a title: each `N.SURNAME/GIVEN NAMES` before
/// it on the line, surname and given names apart, the title left out.
fn name_elements(text: &str, push: &mut impl FnMut(Range<usize>)) {
    let mut lines: Vec<usize> = TITLES
        .iter()
        .flat_map(|title| {
            let needle = format!(" {title}\n");
            memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()).collect::<Vec<_>>()
        })
        .filter_map(|at| {
            let before = &text.as_bytes()[at.saturating_sub(MAX_LINE_BYTES)..at];
            let start = memchr::memrchr(b'\n', before).map_or(at.saturating_sub(MAX_LINE_BYTES), |i| at - before.len() + i + 1);
            text.is_char_boundary(start).then_some(start)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    for start in lines {
        let line = line_from(text, start);
        for (offset, _) in line.match_indices('.') {
            let digits = line[..offset].trim_end_matches(|c: char| c.is_ascii_digit());
            let numbered = digits.len() < offset && (digits.is_empty() || digits.ends_with(' '));
            if numbered {
                name_element(text, start + offset + 1, push);
            }
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
    if words.last().is_some_and(|(word, _)| TITLES.contains(word)) {
        words.pop();
    }
    let (Some(&(first, first_end)), Some(&(_, last_end))) = (words.first(), words.last()) else { return };
    let given_start = at + surname_end + 1 + first_end - first.len();
    push(at..at + surname_end);
    push(given_start..at + surname_end + 1 + last_end);
}

/// The surname, given name and middle name of an `SSR DOCS` line
/// (`SSR DOCS Q7 HK1 P/IND/J7284080/IND/06JUL83/F/08MAY30/DESHPANDE/PRIYA/P1`): its eighth to
/// tenth fields after the document's type, up to the holder flag (`H`) or the passenger (`P1`).
fn docs_names(text: &str, push: &mut impl FnMut(Range<usize>)) {
    for at in memchr::memmem::find_iter(text.as_bytes(), b"SSR DOCS ") {
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
        passenger_names(text, &mut |range| ranges.push(range));
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
        assert_eq!(names("AHL AMSQ727934  CREATED 13APR26/1455\nNM SUTRISNO\nIT B\n"), ["SUTRISNO"]);
    }

    #[test]
    fn leaves_lines_of_other_shapes_alone() {
        // No title at the end of the line, no AHL record, a path, a number's dot.
        assert!(names("see 1.README/INSTALL\nNM KAPANADZE\nv2.SOMETHING/ELSE MR\n").is_empty());
        assert!(names("").is_empty());
    }
}
