//! A block's readable text, as prompts and reviews see it: tags dropped, entities decoded,
//! whitespace runs collapsed to one space, and a link without a body read as its target's
//! title. `TextCollector` does the collecting for the scanner's events and the fast text path.

use super::*;

/// A link being read: how much text there was when it opened, and the title of its target.
struct LinkMark {
    len: usize,
    title: Option<String>,
}

/// The words of `text` without its leading and trailing spaces, when it is plain: no whitespace
/// but single spaces, so there is nothing to collapse. Every non-ASCII whitespace character
/// (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starts
/// with one of the bytes C2, E1, E2 or E3, so text without them and without ASCII whitespace
/// other than the space has none. Checked sixteen bytes at a time (see [`ByteSet`]).
pub(super) fn plain_words(text: &str) -> Option<&str> {
    /// Bytes that other whitespace than the space starts with.
    const UNPLAIN: ByteSet<3> = ByteSet::new([(b'\t', b'\r'), (0xC2, 0xC2), (0xE1, 0xE3)]);
    const SPACE: ByteSet<1> = ByteSet::new([(b' ', b' ')]);
    // Whether a chunk has a byte of UNPLAIN or two spaces in a row (or starts with a space after
    // one).
    let unplain = |chunk: &[u8], space_before: bool| {
        let spaces = SPACE.mask(chunk);
        UNPLAIN.mask(chunk) != 0 || spaces & (spaces >> 1 | u16::from(space_before)) != 0
    };
    let bytes = text.as_bytes();
    let chunks = bytes.chunks_exact(CHUNK);
    let rest = chunks.remainder();
    let mut space_before = false;
    for chunk in chunks {
        if unplain(chunk, space_before) {
            return None;
        }
        space_before = chunk.last() == Some(&b' ');
    }
    // The bytes left over, as part of the last sixteen, which hold the pair across the last
    // boundary too (a text shorter than a chunk is read as it is).
    let last = bytes
        .get(bytes.len().saturating_sub(CHUNK)..)
        .unwrap_or_default();
    if !rest.is_empty() && unplain(last, false) {
        return None;
    }
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |last| last + 1);
    text.get(start..end)
}

/// The end of the run of whitespace (`space`) or of other characters starting at byte `at`:
/// ASCII is classified byte by byte, anything else by character.
fn scan(text: &str, mut at: usize, space: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        let (is_space, width) = if byte.is_ascii() {
            (matches!(byte, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('x');
            (c.is_whitespace(), c.len_utf8())
        };
        if is_space != space {
            break;
        }
        at += width;
    }
    at
}

/// The end of the words starting at byte `at` that are separated by single ASCII spaces: text
/// that collapsing whitespace leaves as it is, so it is copied in one piece.
fn scan_words(text: &str, mut at: usize) -> usize {
    loop {
        let end = scan(text, at, false);
        let next = end + 1;
        let single_space = end > at && text.as_bytes().get(end) == Some(&b' ');
        if single_space && scan(text, next, false) > next {
            at = next;
        } else {
            return end;
        }
    }
}

/// Bytes of the input as text: borrowed when they are UTF-8 (always, as they are slices of a
/// `&str` cut at ASCII delimiters), else with replacement characters.
pub(super) fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `bytes`, which quick-xml read from `source`, as the `&str` it is there: found by its
/// address, so it is not checked for UTF-8 again (that was a sixth of the cost of reading a
/// block's text). Bytes that do not lie in `source` are decoded as usual.
pub(super) fn text_in<'a>(source: &'a str, bytes: &'a [u8]) -> Cow<'a, str> {
    let offset = (bytes.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    match offset
        .checked_add(bytes.len())
        .and_then(|end| source.get(offset..end))
    {
        Some(text) => Cow::Borrowed(text),
        None => utf8(bytes),
    }
}

/// Accumulates readable text: tags dropped, entities decoded, whitespace collapsed.
#[derive(Default)]
pub(super) struct TextCollector {
    pub(super) out: String,
    pub(super) pending_space: bool,
    link: Option<LinkMark>,
}

impl TextCollector {
    /// Takes in one event of `source`.
    pub(super) fn feed(&mut self, event: &Event<'_>, source: &str) {
        match event {
            Event::Start(tag) => self.open(tag, true, source),
            Event::Empty(tag) => self.open(tag, false, source),
            Event::End(tag) => self.close(&lowered(text_in(source, tag.name().as_ref()))),
            Event::Text(text) => self.push(&text_in(source, text)),
            Event::CData(data) => self.push(&text_in(source, data)),
            Event::GeneralRef(reference) => self.push_reference(&text_in(source, reference)),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Eof => {}
        }
    }

    pub(super) fn open(&mut self, tag: &BytesStart<'_>, has_content: bool, source: &str) {
        let raw_name = tag.name();
        let name = lowered(text_in(source, raw_name.as_ref()));
        if name == "ac:link" && has_content {
            self.link = Some(LinkMark {
                len: self.out.len(),
                title: None,
            });
        } else if let Some(link) = self.link.as_mut()
            && link.title.is_none()
        {
            link.title = resource_title(&name, tag);
        }
        if !is_inline(&name) {
            self.separate();
        }
    }

    pub(super) fn close(&mut self, name: &str) {
        if name == "ac:link"
            && let Some(link) = self.link.take()
            && self.out.len() == link.len
            && let Some(title) = link.title
        {
            self.push(&title);
        }
        if !is_inline(name) {
            self.separate();
        }
    }

    /// Appends what the reference `&name;` stands for, or the reference itself when unknown.
    pub(super) fn push_reference(&mut self, name: &str) {
        match resolve_reference(name) {
            Some(text) => self.push(&text),
            None => self.push(&format!("&{name};")),
        }
    }

    /// Marks a word boundary (an element that is not inline started or ended).
    pub(super) fn separate(&mut self) {
        self.pending_space = !self.out.is_empty();
    }

    /// Appends text with every whitespace run collapsed to one pending space, a word at a time
    /// (the hot path of parsing a page).
    pub(super) fn push(&mut self, text: &str) {
        let mut chars = text.chars();
        if let (Some(only), None) = (chars.next(), chars.next()) {
            // One character, as most references are (`&amp;`, `&nbsp;`): the same as below.
            if only.is_whitespace() {
                self.separate();
            } else {
                self.push_word(text);
            }
            return;
        }
        if let Some(words) = plain_words(text) {
            // The same as the loop below, for the common text of ASCII words and single spaces.
            if text.starts_with(' ') {
                self.separate();
            }
            if !words.is_empty() {
                self.push_word(words);
            }
            if text.ends_with(' ') {
                self.separate();
            }
            return;
        }
        let mut at = 0;
        while at < text.len() {
            let start = scan(text, at, true);
            if start > at {
                self.separate();
            }
            let end = scan_words(text, start);
            if end > start {
                self.push_word(text.get(start..end).unwrap_or_default());
            }
            at = end;
        }
    }

    /// Appends words already separated by single spaces, after the pending space.
    fn push_word(&mut self, word: &str) {
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push_str(word);
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}
