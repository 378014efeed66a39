//! Reading one piece of markup at a time, by the rules quick-xml 0.38 follows (so the fast
//! paths built on it see what the scanner and [`block_text`](super::block_text) see):
//! - a tag ends at the first `>` outside single or double quotes (also a closing tag);
//! - a tag's name runs up to the first XML whitespace (space, tab, CR, LF); a closing tag's name
//!   is its whole content with trailing whitespace trimmed; a start tag whose content ends with
//!   `/` is empty;
//! - a comment runs from `<!--` to the first `-->` after it; a CDATA section from `<![CDATA[`
//!   to the first `]]>` after it;
//! - a `&` starts a reference that ends at the next `;`, unless another `&` or the end of the
//!   text comes first, in which case it is text.
//!
//! It reads only what ordinary pages hold. Anything else (a declaration, a doctype, a
//! processing instruction, a tag left open, a name that is not one) is `None`, and the callers
//! then hand the input to quick-xml.

use memchr::{memchr, memchr2, memmem};

use super::{is_name_byte, is_name_start, is_valid_name};

/// One piece of markup.
pub(super) enum Markup<'a> {
    /// A start tag: its content without a trailing `/`, the length of its name, and whether
    /// it was written empty (`<br/>`).
    Start {
        content: &'a str,
        name_len: usize,
        empty: bool,
    },
    /// A closing tag, by name as written.
    End(&'a [u8]),
    /// A CDATA section's content.
    CData(&'a str),
    /// A comment.
    Comment,
}

/// The position of the next `<` in `source` from `at`. Tags often follow each other directly,
/// so the first byte is checked before searching.
pub(super) fn next_markup(source: &str, at: usize) -> Option<usize> {
    let rest = source.as_bytes().get(at..)?;
    if rest.first() == Some(&b'<') {
        return Some(at);
    }
    memchr(b'<', rest).map(|offset| at + offset)
}

/// The markup starting with the `<` at `lt`, and where it ends.
pub(super) fn read_markup(source: &str, lt: usize) -> Option<(Markup<'_>, usize)> {
    let bytes = source.as_bytes();
    match bytes.get(lt + 1)? {
        b'!' => bang(source, lt),
        b'/' => end_tag(source, lt),
        b'?' => None,
        _ => start_tag(source, lt),
    }
}

/// A comment or a CDATA section; nothing else that starts with `<!`.
fn bang(source: &str, lt: usize) -> Option<(Markup<'_>, usize)> {
    let rest = source.as_bytes().get(lt..)?;
    if rest.starts_with(b"<![CDATA[") {
        let end = find_end(source, b"]]>", lt + 9)?;
        return Some((Markup::CData(source.get(lt + 9..end - 3)?), end));
    }
    if rest.starts_with(b"<!--") {
        return Some((Markup::Comment, find_end(source, b"-->", lt + 4)?));
    }
    None
}

/// The end of the first `needle` at or after `from`.
fn find_end(source: &str, needle: &[u8], from: usize) -> Option<usize> {
    let offset = memmem::find(source.as_bytes().get(from..)?, needle)?;
    Some(from + offset + needle.len())
}

/// The position of the `>` that ends the tag whose content starts at `from`. Tags are short,
/// so a plain loop beats setting up a vectorised search for each.
fn tag_end(source: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, &byte) in source.as_bytes().get(from..)?.iter().enumerate() {
        match (quote, byte) {
            (None, b'>') => return Some(from + offset),
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if open == byte => quote = None,
            _ => {}
        }
    }
    None
}

/// The end of the name that starts at `from`, if one does, and the byte after it.
fn name_end(bytes: &[u8], from: usize) -> Option<(usize, u8)> {
    let rest = bytes.get(from..)?;
    if !is_name_start(*rest.first()?) {
        return None;
    }
    let len = rest.iter().position(|b| !is_name_byte(*b))?;
    Some((from + len, *rest.get(len)?))
}

fn start_tag(source: &str, lt: usize) -> Option<(Markup<'_>, usize)> {
    // Most tags are a bare name (`<p>`, `<br/>`): read them in one pass.
    let bytes = source.as_bytes();
    if let Some((end, after)) = name_end(bytes, lt + 1) {
        let empty = after == b'/' && bytes.get(end + 1) == Some(&b'>');
        if after == b'>' || empty {
            let content = source.get(lt + 1..end)?;
            let tag = Markup::Start {
                content,
                name_len: content.len(),
                empty,
            };
            return Some((tag, end + 1 + usize::from(empty)));
        }
    }
    let gt = tag_end(source, lt + 1)?;
    let whole = source.get(lt + 1..gt)?;
    let (content, empty) = match whole.strip_suffix('/') {
        Some(content) => (content, true),
        None => (whole, false),
    };
    let name_len = content
        .bytes()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(content.len());
    if !is_valid_name(content.as_bytes().get(..name_len)?) {
        return None;
    }
    let tag = Markup::Start {
        content,
        name_len,
        empty,
    };
    Some((tag, gt + 1))
}

fn end_tag(source: &str, lt: usize) -> Option<(Markup<'_>, usize)> {
    let bytes = source.as_bytes();
    if let Some((end, b'>')) = name_end(bytes, lt + 2) {
        return Some((Markup::End(bytes.get(lt + 2..end)?), end + 1));
    }
    let gt = tag_end(source, lt + 1)?;
    let content = source.as_bytes().get(lt + 2..gt)?;
    let name = match content
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        Some(last) => content.get(..=last)?,
        None => content,
    };
    is_valid_name(name).then_some((Markup::End(name), gt + 1))
}

/// A piece of the text between two tags.
pub(super) enum TextPart<'a> {
    /// Text as it stands (a `&` that starts no reference included).
    Run(&'a str),
    /// A reference `&name;`, by its name.
    Reference(&'a str),
}

/// Splits text between tags into runs and references, as quick-xml does.
pub(super) fn text_parts(text: &str) -> impl Iterator<Item = TextPart<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(after) = rest.strip_prefix('&') else {
            let run_end = memchr(b'&', rest.as_bytes()).unwrap_or(rest.len());
            let (run, tail) = rest.split_at_checked(run_end)?;
            rest = tail;
            return Some(TextPart::Run(run));
        };
        let stop = memchr2(b';', b'&', after.as_bytes());
        match stop.filter(|&at| after.as_bytes().get(at) == Some(&b';')) {
            Some(semicolon) => {
                let (name, tail) = after.split_at_checked(semicolon)?;
                rest = tail.get(1..).unwrap_or_default();
                Some(TextPart::Reference(name))
            }
            None => {
                // A `&` with no `;` before the next `&` (or the end) is text up to there.
                let run_end = stop.map_or(rest.len(), |at| at + 1);
                let (run, tail) = rest.split_at_checked(run_end)?;
                rest = tail;
                Some(TextPart::Run(run))
            }
        }
    })
}
