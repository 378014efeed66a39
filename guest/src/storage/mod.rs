//! Confluence storage format, split into top-level blocks.
//!
//! Pages come from Confluence in "storage format": XHTML with `ac:` and `ri:` elements whose
//! prefixes are never declared, HTML entities such as `&nbsp;`, CDATA code bodies and the
//! occasional unclosed `<br>`. The engine reads pages (their text goes into prompts and reviews)
//! and writes them back, and a person's markup must survive a sync byte for byte (P6). So this
//! module splits a page into its top-level blocks, each with a kind, its readable text and its
//! exact `source` slice; diff and merge work on those blocks and reassemble pages from sources.
//!
//! Choices worth knowing:
//! - Whitespace between blocks belongs to the block before it (whitespace before the first block
//!   belongs to the first block), so concatenating every `source` reproduces the input exactly.
//!   An input that is only whitespace is one `Other` block with empty text.
//! - Bare text between elements is an `Other` block. A body that is not markup at all, such as
//!   `{"json": true}`, is therefore one `Other` block; it is invalid only when it contains a `<`
//!   that does not start a well-formed tag (`a < b`).
//! - Balance is checked here rather than by quick-xml, so HTML void elements (`<br>`, `<img …>`)
//!   may be left unclosed; a stray closing tag of a void element (`</br>`) is ignored.
//! - Element names are compared case-insensitively, as in HTML.
//! - Unknown entities (`&foo;`) and a lone `&` stay literal in the text; they are never an error.
//! - `text` collapses every whitespace run (including `&nbsp;`) to one space. Inside an
//!   `ac:link` without a body, the linked page's title stands in for the link text.
//!
//! quick-xml reads pages (the scanner below), and its events are the reference. Splitting a page
//! and reading a block's text also have fast paths (`markup` reads tags by quick-xml's rules;
//! `fast_split` and `fast_text` drive the same bookkeeping from it) that give up on anything
//! unusual, errors included, so quick-xml then reads the input and every error comes from it.
//! Property tests hold each fast path to quick-xml's result wherever it answers.

mod fast_split;
mod fast_text;
mod markup;

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use crate::byte_set::{ByteSet, CHUNK};
use crate::types::{Block, BlockKind, DocumentError, MAX_DOCUMENT_BYTES};

/// The deepest element nesting a page may have; deeper pages are rejected as invalid markup.
pub const MAX_DEPTH: usize = 256;

/// The longest entity name looked up between `&` and `;` (longer runs stay literal).
const MAX_REFERENCE_LEN: usize = 32;

/// Splits a page body in storage format into its top-level blocks.
///
/// Fails with `TooLarge` above [`MAX_DOCUMENT_BYTES`] and with `InvalidMarkup` when tags are
/// unbalanced, mismatched, malformed, left open at the end, or nested deeper than [`MAX_DEPTH`].
pub fn parse_page(storage: &str) -> Result<Vec<Block>, DocumentError> {
    check_size(storage)?;
    let items = Scanner::new(storage, true).run()?;
    assemble(storage, kept(storage, items), |item, source| Block {
        kind: item.kind,
        source: source.to_owned(),
        text: item.text,
    })
}

/// Splits a page like [`parse_page`] (same blocks, same errors) but leaves every `text` empty:
/// for callers that need only kinds and sources, or the text of a few blocks ([`block_text`]).
/// Collecting text is most of the cost of parsing.
pub(crate) fn split_page(storage: &str) -> Result<Vec<Block>, DocumentError> {
    Ok(split_pieces(storage)?
        .into_iter()
        .map(|piece| Block {
            kind: piece.kind,
            source: piece.source.to_owned(),
            text: String::new(),
        })
        .collect())
}

/// A top-level block borrowed from its page: what [`split_page`] gives, without copying the
/// source or room for text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    /// What it is.
    pub(crate) kind: BlockKind,
    /// Its exact source bytes, trailing whitespace included.
    pub(crate) source: &'a str,
    /// From [`split_pair`], for a block of the new page: the index of the old page's block
    /// whose element (or comment) this block's is, byte for byte.
    pub(crate) same_as: Option<usize>,
}

impl<'a> Piece<'a> {
    /// The piece an item makes, given its source.
    fn of(item: Item, source: &'a str) -> Self {
        Piece {
            kind: item.kind,
            source,
            same_as: item.same_as,
        }
    }
}

/// The blocks of a page as [`Piece`]s (same blocks and errors as [`split_page`]).
pub(crate) fn split_pieces(storage: &str) -> Result<Vec<Piece<'_>>, DocumentError> {
    check_size(storage)?;
    let items = kept(storage, split_items(storage, None)?);
    assemble(storage, items, Piece::of)
}

/// The blocks of two versions of a page, each exactly as [`split_pieces`] gives them. The new
/// version's blocks that appear byte for byte in the old one, where the old one had them at
/// top level, are taken from the old one's split instead of being read again: their markup was
/// already checked there, and markup at top level reads the same wherever it stands.
pub(crate) fn split_pair<'a>(
    old: &'a str,
    new: &'a str,
) -> Result<(Vec<Piece<'a>>, Vec<Piece<'a>>), DocumentError> {
    check_size(old)?;
    let old_items = kept(old, split_items(old, None)?);
    check_size(new)?;
    let new_items = kept(new, split_items(new, Some((old, &old_items)))?);
    Ok((
        assemble(old, old_items, Piece::of)?,
        assemble(new, new_items, Piece::of)?,
    ))
}

/// Fails with `TooLarge` above [`MAX_DOCUMENT_BYTES`].
fn check_size(storage: &str) -> Result<(), DocumentError> {
    if storage.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
    }
    Ok(())
}

/// The top-level items of a page, without text: by the fast path where it answers (reusing
/// the kept items of `like`, another page, where they recur), else by the scanner, which also
/// gives the errors.
fn split_items(storage: &str, like: Option<(&str, &[Item])>) -> Result<Vec<Item>, DocumentError> {
    match fast_split::fast_items(storage, like) {
        Some(items) => Ok(items),
        None => Scanner::new(storage, false).run(),
    }
}

/// The readable text of one block's `source`, exactly as [`parse_page`] gives it. For a source
/// that does not parse, the text of what could be read.
pub(crate) fn block_text(source: &str) -> String {
    fast_text::fast_text(source).unwrap_or_else(|| quick_text(source))
}

/// [`block_text`] by quick-xml's events: the reference the fast path is held to, and the
/// path for whatever that one does not read.
fn quick_text(source: &str) -> String {
    let mut reader = reader_for(source);
    let mut text = TextCollector::default();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            // The scanner ignores closing tags of void elements (they never open), so must this.
            Ok(Event::End(tag)) if is_void_name(tag.name().as_ref()) => {}
            Ok(event) => text.feed(&event, source),
        }
    }
    text.finish()
}

/// The length of the UTF-8 byte order mark at the start of `input` (0 when there is none). The
/// reader skips it and counts positions from after it.
pub(crate) fn bom_len(input: &str) -> usize {
    if input.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// A quick-xml reader configured for the storage-format dialect: balance is checked by the
/// scanner (so void elements work) and a lone `&` is text.
pub(crate) fn reader_for(input: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(input);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    reader
}

/// An element that is open: where its start tag began and where its name sits in the input
/// (names are compared in place, without regard to ASCII case, so reading a tag allocates nothing).
struct Open {
    name: Range<usize>,
    at: usize,
}

/// A top-level piece of the input: an element, a run of bare text, or a comment-like node.
struct Item {
    start: usize,
    end: usize,
    kind: BlockKind,
    is_text_run: bool,
    /// Its readable text, when the scanner collects it (else empty).
    text: String,
    /// The index of the other page's block it was copied from (see [`split_pair`]).
    same_as: Option<usize>,
}

impl Item {
    /// Whether this is whitespace between blocks rather than a block of its own.
    fn is_blank(&self, source: &str) -> bool {
        self.is_text_run && source.get(self.start..self.end).is_some_and(is_blank)
    }
}

/// Whether text is only whitespace: a run of it between blocks is no block of its own.
fn is_blank(text: &str) -> bool {
    // Usually a line break or a few spaces, all ASCII: checked byte by byte without decoding.
    text.bytes().all(|byte| byte.is_ascii_whitespace()) || text.trim().is_empty()
}

/// The top-level items of a page as they are found: those finished, and the one going on.
#[derive(Default)]
struct Items {
    done: Vec<Item>,
    current: Option<Item>,
    /// The text of the current item, when it is collected.
    text: TextCollector,
}

impl Items {
    /// Room for the items of a page of `len` bytes: one per 128 bytes, a little more than
    /// ordinary pages need (about one per 190 bytes), so the list is seldom copied as it grows.
    /// Not more: a list of a megabyte or more is one the allocator maps fresh on every call
    /// (glibc natively), and its pages then fault in one by one; that cost 15% of a diff.
    fn for_page(len: usize) -> Self {
        Items {
            done: Vec::with_capacity(len / 128),
            ..Items::default()
        }
    }

    /// Starts a new item at `at`, finishing the one in progress.
    fn begin(&mut self, at: usize, kind: BlockKind, is_text_run: bool) {
        self.finish(at);
        self.current = Some(Item {
            start: at,
            end: at,
            kind,
            is_text_run,
            text: String::new(),
            same_as: None,
        });
    }

    /// Ends the item in progress, if any, at `end`.
    fn finish(&mut self, end: usize) {
        if let Some(mut item) = self.current.take() {
            item.end = end;
            item.text = std::mem::take(&mut self.text).finish();
            self.done.push(item);
        }
    }

    /// Records a whole item from `at` to `end` that is a copy of block `same_as` of another
    /// page.
    fn copy(&mut self, at: usize, end: usize, kind: BlockKind, same_as: usize) {
        self.begin(at, kind, false);
        if let Some(item) = self.current.as_mut() {
            item.same_as = Some(same_as);
        }
        self.finish(end);
    }

    /// Whether a run of bare text is going on.
    fn in_text_run(&self) -> bool {
        self.current.as_ref().is_some_and(|item| item.is_text_run)
    }

    /// Every item, the one in progress ending at `end`.
    fn into_vec(mut self, end: usize) -> Vec<Item> {
        self.finish(end);
        self.done
    }
}

/// Walks the events of one page, checking balance and recording top-level items.
struct Scanner<'a> {
    /// The whole input, which open elements' names point into.
    source: &'a str,
    /// Whether to collect each block's readable text (else `text` stays empty).
    collect_text: bool,
    /// The length of the byte order mark quick-xml skips at the start, which its positions leave out.
    bom: usize,
    reader: Reader<&'a [u8]>,
    stack: Vec<Open>,
    items: Items,
}

impl<'a> Scanner<'a> {
    fn new(source: &'a str, collect_text: bool) -> Self {
        Scanner {
            source,
            collect_text,
            bom: bom_len(source),
            reader: reader_for(source),
            stack: Vec::new(),
            items: Items::for_page(source.len()),
        }
    }

    /// Reads every event and returns the top-level items in order.
    fn run(mut self) -> Result<Vec<Item>, DocumentError> {
        loop {
            let at = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = self.reader.error_position() + self.bom as u64;
                    return Err(syntax_error(&error, at));
                }
            };
            match &event {
                Event::Eof => return self.finish_input(at),
                Event::Start(tag) => self.start(&event, tag, at)?,
                Event::Empty(tag) => self.empty(&event, tag, at)?,
                Event::End(tag) => self.end(&event, tag.name().as_ref(), at)?,
                Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => self.text(&event, at),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {
                    self.aside(at)
                }
            }
        }
    }

    /// The byte offset just after the last event (quick-xml counts from after a leading BOM).
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .saturating_add(self.bom)
    }

    fn start(
        &mut self,
        event: &Event<'_>,
        tag: &BytesStart<'_>,
        at: usize,
    ) -> Result<(), DocumentError> {
        let qname = tag.name();
        let raw = checked_name(qname.as_ref(), at)?;
        if is_void_name(raw) {
            return self.empty(event, tag, at);
        }
        if self.stack.is_empty() {
            self.items.begin(at, kind_of(&lowercase(raw), tag), false);
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(invalid(format!(
                "elements nested deeper than {MAX_DEPTH} levels at byte {at}, expected at most {MAX_DEPTH}"
            )));
        }
        // quick-xml's positions are those of the bytes it read, so the name follows the `<`.
        let name = at + 1..at + 1 + raw.len();
        self.stack.push(Open { name, at });
        self.feed(event);
        Ok(())
    }

    fn empty(
        &mut self,
        event: &Event<'_>,
        tag: &BytesStart<'_>,
        at: usize,
    ) -> Result<(), DocumentError> {
        let qname = tag.name();
        let raw = checked_name(qname.as_ref(), at)?;
        if self.stack.is_empty() {
            self.items.begin(at, kind_of(&lowercase(raw), tag), false);
            self.feed(event);
            self.items.finish(self.position());
        } else {
            self.feed(event);
        }
        Ok(())
    }

    fn end(&mut self, event: &Event<'_>, raw_name: &[u8], at: usize) -> Result<(), DocumentError> {
        let raw = checked_name(raw_name, at)?;
        let Some(open) = self.stack.last() else {
            if is_void_name(raw) {
                return Ok(());
            }
            return Err(invalid(format!(
                "unexpected </{}> at byte {at}, expected no closing tag because no element is open",
                lowercase(raw)
            )));
        };
        let open_name = self
            .source
            .as_bytes()
            .get(open.name.clone())
            .unwrap_or_default();
        if !open_name.eq_ignore_ascii_case(raw) {
            if is_void_name(raw) {
                return Ok(());
            }
            return Err(invalid(format!(
                "expected </{}> at byte {at}, found </{}>",
                lowercase(open_name),
                lowercase(raw)
            )));
        }
        self.feed(event);
        self.stack.pop();
        if self.stack.is_empty() {
            self.items.finish(self.position());
        }
        Ok(())
    }

    fn text(&mut self, event: &Event<'_>, at: usize) {
        if self.stack.is_empty() && !self.items.in_text_run() {
            self.items.begin(at, BlockKind::Other, true);
        }
        self.feed(event);
    }

    /// A comment, declaration or processing instruction: its own block at top level, else nothing.
    fn aside(&mut self, at: usize) {
        if self.stack.is_empty() {
            self.items.begin(at, BlockKind::Other, false);
            self.items.finish(self.position());
        }
    }

    fn finish_input(self, at: usize) -> Result<Vec<Item>, DocumentError> {
        if let Some(open) = self.stack.last() {
            let name = self
                .source
                .as_bytes()
                .get(open.name.clone())
                .unwrap_or_default();
            return Err(invalid(format!(
                "expected </{}> at byte {at} (end of input) to close the element opened at byte {}",
                lowercase(name),
                open.at
            )));
        }
        Ok(self.items.into_vec(at))
    }

    fn feed(&mut self, event: &Event<'_>) {
        if !self.collect_text {
            return;
        }
        if self.items.current.is_some() {
            self.items.text.feed(event, self.source);
        }
    }
}

/// The items that make blocks: all but blank ones (whitespace between blocks).
fn kept(source: &str, mut items: Vec<Item>) -> Vec<Item> {
    items.retain(|item| !item.is_blank(source));
    items
}

/// Turns kept items into blocks (made by `make` from each item and its source) whose sources
/// tile the input: the whitespace after an item joins its block, and whitespace before the
/// first item joins the first block. An input with no item is one `Other` block, or none when
/// empty.
fn assemble<'a, T>(
    source: &'a str,
    kept: Vec<Item>,
    mut make: impl FnMut(Item, &'a str) -> T,
) -> Result<Vec<T>, DocumentError> {
    if kept.is_empty() {
        return Ok(whitespace_only(source)
            .map(|item| make(item, source))
            .into_iter()
            .collect());
    }
    let mut blocks = Vec::with_capacity(kept.len());
    let mut items = kept.into_iter().peekable();
    let mut start = 0;
    while let Some(item) = items.next() {
        let end = items.peek().map_or(source.len(), |next| next.start);
        let slice = source.get(start..end).ok_or_else(|| {
            invalid(format!(
                "expected a block boundary on a character boundary at byte {start}"
            ))
        })?;
        blocks.push(make(item, slice));
        start = end;
    }
    Ok(blocks)
}

/// The item of an input with no block in it: none when empty, else one `Other` text run.
fn whitespace_only(source: &str) -> Option<Item> {
    if source.is_empty() {
        return None;
    }
    Some(Item {
        start: 0,
        end: source.len(),
        kind: BlockKind::Other,
        is_text_run: true,
        text: String::new(),
        same_as: None,
    })
}

/// The name of a tag as written, or an error when it is not a well-formed name.
fn checked_name(raw: &[u8], at: usize) -> Result<&[u8], DocumentError> {
    if !is_valid_name(raw) {
        return Err(invalid(format!(
            "expected a tag name after `<` at byte {at}, found `{}`",
            String::from_utf8_lossy(raw)
        )));
    }
    Ok(raw)
}

/// An XML-ish name: starts with a letter, `_` or a non-ASCII byte; continues with those, digits,
/// `-`, `.` or `:`.
fn is_valid_name(raw: &[u8]) -> bool {
    let Some((first, rest)) = raw.split_first() else {
        return false;
    };
    is_name_start(*first) && rest.iter().all(|b| is_name_byte(*b))
}

/// Whether a name may start with this byte.
fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

/// Whether a name may continue with this byte: by table, since it runs for every byte of
/// every tag name.
fn is_name_byte(byte: u8) -> bool {
    NAME_BYTES[usize::from(byte)]
}

/// The bytes a name may continue with: letters, digits, `-`, `_`, `.`, `:`, and every byte of
/// a non-ASCII character.
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] =
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':') || b >= 0x80;
        byte += 1;
    }
    table
};

/// Whether a lowercase element name is that of a void element.
pub(crate) fn is_void(name: &str) -> bool {
    is_void_name(name.as_bytes())
}

/// Whether a tag name as written, in any ASCII case, is that of an HTML void element (one that
/// never has content and may be written without a closing tag). Checked on the bytes, lowered
/// into a small buffer, because it runs for every tag of a page.
fn is_void_name(raw: &[u8]) -> bool {
    // Every void element's name has two to six letters; most tags are ruled out here.
    if !(2..=6).contains(&raw.len()) {
        return false;
    }
    let mut lower = [0u8; 6];
    let Some(name) = lower.get_mut(..raw.len()) else {
        return false;
    };
    for (to, from) in name.iter_mut().zip(raw) {
        *to = from.to_ascii_lowercase();
    }
    matches!(
        &*name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// The block kind of a top-level element.
fn kind_of(name: &str, tag: &BytesStart<'_>) -> BlockKind {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "p" => BlockKind::Paragraph,
        "ul" | "ol" => BlockKind::List,
        "table" => BlockKind::Table,
        "pre" => BlockKind::Code,
        "hr" => BlockKind::Rule,
        "ac:structured-macro" | "ac:macro" if is_code_macro(tag) => BlockKind::Code,
        _ if name.starts_with("ac:") => BlockKind::Macro,
        _ => BlockKind::Other,
    }
}

/// Whether a macro's `ac:name` is `code` (in any case). Entities are decoded only when there
/// are any, so the common case allocates nothing.
fn is_code_macro(tag: &BytesStart<'_>) -> bool {
    let Some(attr) = raw_attribute(tag, b"ac:name") else {
        return false;
    };
    if attr.value.contains(&b'&') {
        decode_entities(&String::from_utf8_lossy(&attr.value)).eq_ignore_ascii_case("code")
    } else {
        attr.value.eq_ignore_ascii_case(b"code")
    }
}

/// The decoded value of an attribute; unreadable attributes are skipped, never an error.
fn attribute(tag: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    raw_attribute(tag, key).map(|attr| decode_entities(&String::from_utf8_lossy(&attr.value)))
}

/// The attribute named `key` (in any ASCII case) as written; unreadable attributes are skipped.
fn raw_attribute<'t>(tag: &'t BytesStart<'_>, key: &[u8]) -> Option<Attribute<'t>> {
    tag.html_attributes()
        .map_while(Result::ok)
        .find(|attr| attr.key.as_ref().eq_ignore_ascii_case(key))
}

/// What a Confluence resource identifier inside a link is called, for links without a body.
fn resource_title(name: &str, tag: &BytesStart<'_>) -> Option<String> {
    let key: &[u8] = match name {
        "ri:page" | "ri:blog-post" => b"ri:content-title",
        "ri:attachment" => b"ri:filename",
        "ri:url" => b"ri:value",
        "ri:space" => b"ri:space-key",
        _ => return None,
    };
    attribute(tag, key)
}

/// Elements that sit inside a line of text; every other element separates words.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "ac:link"
            | "ac:link-body"
            | "ac:plain-text-link-body"
            | "ac:emoticon"
            | "ac:inline-comment-marker"
            | "ac:image"
    ) || name.starts_with("ri:")
}

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
fn plain_words(text: &str) -> Option<&str> {
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
fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `bytes`, which quick-xml read from `source`, as the `&str` it is there: found by its
/// address, so it is not checked for UTF-8 again (that was a sixth of the cost of reading a
/// block's text). Bytes that do not lie in `source` are decoded as usual.
fn text_in<'a>(source: &'a str, bytes: &'a [u8]) -> Cow<'a, str> {
    let offset = (bytes.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    match offset
        .checked_add(bytes.len())
        .and_then(|end| source.get(offset..end))
    {
        Some(text) => Cow::Borrowed(text),
        None => utf8(bytes),
    }
}

/// A name in lowercase, borrowed when it already is.
fn lowercase(bytes: &[u8]) -> Cow<'_, str> {
    lowered(utf8(bytes))
}

/// A name in lowercase, borrowed when it already is.
fn lowered(name: Cow<'_, str>) -> Cow<'_, str> {
    match name {
        Cow::Borrowed(name) if !name.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(name),
        name => Cow::Owned(name.to_ascii_lowercase()),
    }
}

/// Accumulates readable text: tags dropped, entities decoded, whitespace collapsed.
#[derive(Default)]
struct TextCollector {
    out: String,
    pending_space: bool,
    link: Option<LinkMark>,
}

impl TextCollector {
    /// Takes in one event of `source`.
    fn feed(&mut self, event: &Event<'_>, source: &str) {
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

    fn open(&mut self, tag: &BytesStart<'_>, has_content: bool, source: &str) {
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

    fn close(&mut self, name: &str) {
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
    fn push_reference(&mut self, name: &str) {
        match resolve_reference(name) {
            Some(text) => self.push(&text),
            None => self.push(&format!("&{name};")),
        }
    }

    /// Marks a word boundary (an element that is not inline started or ended).
    fn separate(&mut self) {
        self.pending_space = !self.out.is_empty();
    }

    /// Appends text with every whitespace run collapsed to one pending space, a word at a time
    /// (the hot path of parsing a page).
    fn push(&mut self, text: &str) {
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

    fn finish(self) -> String {
        self.out
    }
}

/// Decodes the entities of an attribute value; unknown ones stay literal.
pub(crate) fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        let resolved =
            split_reference(after).and_then(|(name, tail)| Some((resolve_reference(name)?, tail)));
        match resolved {
            Some((text, tail)) => {
                out.push_str(&text);
                rest = tail;
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits `name;tail` when a `;` comes within [`MAX_REFERENCE_LEN`] bytes.
fn split_reference(after: &str) -> Option<(&str, &str)> {
    let end = after
        .bytes()
        .take(MAX_REFERENCE_LEN + 1)
        .position(|b| b == b';')?;
    Some((after.get(..end)?, after.get(end + 1..)?))
}

/// The text an entity or character reference stands for (`nbsp`, `#8212`, `#x2014`), if known.
/// Named entities are borrowed, so the common ones (`&amp;`, `&nbsp;`) allocate nothing.
pub(crate) fn resolve_reference(name: &str) -> Option<Cow<'static, str>> {
    match name.strip_prefix('#') {
        Some(number) => character_reference(number).map(|c| Cow::Owned(String::from(c))),
        None => named_entity(name).map(Cow::Borrowed),
    }
}

/// A numeric character reference without its `#`: decimal, or hex after `x`.
fn character_reference(number: &str) -> Option<char> {
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            number.parse().ok()?
        }
        _ => return None,
    };
    char::from_u32(value).filter(|c| *c != '\0')
}

/// Common HTML named entities (case-sensitive, as in HTML).
fn named_entity(name: &str) -> Option<&'static str> {
    let text = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "shy" => "\u{ad}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "bull" => "•",
        "middot" => "·",
        "dagger" => "†",
        "Dagger" => "‡",
        "prime" => "′",
        "Prime" => "″",
        "permil" => "‰",
        "para" => "¶",
        "sect" => "§",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "minus" => "−",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "curren" => "¤",
        "iexcl" => "¡",
        "iquest" => "¿",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "lArr" => "⇐",
        "rArr" => "⇒",
        "hArr" => "⇔",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "asymp" => "≈",
        "infin" => "∞",
        "check" => "✓",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "aacute" => "á",
        "eacute" => "é",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "Eacute" => "É",
        "agrave" => "à",
        "egrave" => "è",
        "ugrave" => "ù",
        "acirc" => "â",
        "ecirc" => "ê",
        "ocirc" => "ô",
        "ccedil" => "ç",
        "ntilde" => "ñ",
        "aring" => "å",
        "Aring" => "Å",
        "aelig" => "æ",
        "oslash" => "ø",
        "Oslash" => "Ø",
        _ => return None,
    };
    Some(text)
}

/// Turns a quick-xml error into a message that says what was expected and where.
fn syntax_error(error: &XmlError, at: u64) -> DocumentError {
    let message = match error {
        XmlError::Syntax(SyntaxError::UnclosedTag) => {
            format!("expected `>` to close the tag at byte {at}, found the end of input")
        }
        XmlError::Syntax(SyntaxError::UnclosedComment) => {
            format!("expected `-->` to close the comment at byte {at}, found the end of input")
        }
        XmlError::Syntax(SyntaxError::UnclosedCData) => {
            format!(
                "expected `]]>` to close the cdata section at byte {at}, found the end of input"
            )
        }
        XmlError::Syntax(SyntaxError::UnclosedPIOrXmlDecl) => format!(
            "expected `?>` to close the processing instruction at byte {at}, found the end of input"
        ),
        XmlError::Syntax(SyntaxError::UnclosedDoctype) => {
            format!("expected `>` to close the doctype at byte {at}, found the end of input")
        }
        XmlError::Syntax(SyntaxError::InvalidBangMarkup) => {
            format!("expected `<!--`, `<![CDATA[` or `<!DOCTYPE` at byte {at}")
        }
        other => format!(
            "unreadable markup at byte {at}: {}",
            other.to_string().to_lowercase()
        ),
    };
    invalid(message)
}

fn invalid(message: String) -> DocumentError {
    DocumentError::InvalidMarkup(message)
}

/// Escapes text for storage-format (and HTML) content and attribute values (`&<>"'`),
/// so a restored value can never open a tag.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::escape::html_into(&mut out, text);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use expect_test::expect;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const PAGE: &str = include_str!("../../../examples/page.xml");
    const PAGE_BASE: &str = include_str!("../../../examples/page-base.xml");
    const RELATED: [&str; 5] = [
        include_str!("../../../examples/pages/1001-ledger-reconciliation.xml"),
        include_str!("../../../examples/pages/1002-webhook-retry-policy.xml"),
        include_str!("../../../examples/pages/1003-payments-on-call-runbook.xml"),
        include_str!("../../../examples/pages/1004-team-offsite-notes.xml"),
        include_str!("../../../examples/pages/1005-api-rate-limits.xml"),
    ];

    fn blocks(storage: &str) -> Vec<Block> {
        match parse_page(storage) {
            Ok(blocks) => blocks,
            Err(error) => panic!("expected {storage:?} to parse, got {error}"),
        }
    }

    fn error(storage: &str) -> String {
        match parse_page(storage) {
            Ok(blocks) => panic!("expected {storage:?} to be rejected, got {blocks:?}"),
            Err(error) => error.to_string(),
        }
    }

    fn kinds_of(blocks: &[Block]) -> Vec<BlockKind> {
        blocks.iter().map(|block| block.kind).collect()
    }

    fn concatenated(blocks: &[Block]) -> String {
        blocks.iter().map(|block| block.source.as_str()).collect()
    }

    fn outline(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|block| format!("{:?}: {}\n", block.kind, block.text))
            .collect()
    }

    #[test]
    fn concatenated_sources_reproduce_every_example_page_exactly() {
        for page in RELATED.iter().chain([&PAGE, &PAGE_BASE]) {
            assert_eq!(concatenated(&blocks(page)), *page);
        }
    }

    #[test]
    fn concatenated_sources_reproduce_awkward_inputs_exactly() {
        let inputs = [
            "",
            "  \n",
            "\n<p>a</p>\n\n<p>b</p>  ",
            "lead <p>a</p> middle <hr> tail",
            "<!-- note --><p>a</p><?pi x?>",
            "\u{feff}<p>bom</p>",
            "<p>ü&nbsp;ß</p>\r\n<h1>é</h1>",
        ];
        for input in inputs {
            assert_eq!(concatenated(&blocks(input)), input);
        }
    }

    #[test]
    fn the_example_page_splits_into_the_expected_blocks() {
        expect![[r#"
            Heading: Refunds service runbook
            Macro: This runbook is owned by the Payments team. Sections between the Sync-o markers are generated from Jira: edit the ticket, not the page.
            Heading: Overview
            Paragraph: The refunds service accepts refund requests from the checkout API, calls the card processor and records every movement of money in the ledger. It runs in eu-west-1, us-east-1 and ap-southeast-2 (since March); each region owns its own queue.
            Paragraph: Refunds are idempotent per refund_id. Reconciliation against the processor's settlement files is described in Ledger reconciliation.
            Heading: Dashboards and alerts
            Table: Alert What to do RefundQueueLag > 5 min Check the worker pool; scale to 12 workers if CPU stays above 80%. ProcessorErrorRate > 2% Check the processor status page, then pause retries (below). LedgerMismatch Page the ledger owner and follow Ledger reconciliation.
            Heading: Pausing retries
            Paragraph: During a processor incident, pause automatic retries so refunds queue instead of failing twice:
            Code: bash Pause and resume retries # pause refundsctl flags set retries.enabled=false --region eu-west-1 # watch the queue refundsctl queue stats --region eu-west-1 | grep -E 'pending|retrying' # resume once the processor is healthy refundsctl flags set retries.enabled=true --region eu-west-1 && echo "resumed"
            Heading: Known issues
            Macro: System JIRA 8c2a6f4e-93d1-3b7a-a0c5-5d2e9f1b7c44 PAY-142
            Paragraph: synco:PAY-142:begin
            Heading: PAY-142: Refund webhook retries duplicate ledger entries
            Paragraph: Status: In Progress — a fix is in review; until it ships, the nightly reconciliation removes duplicates.
            List: Cause: the webhook handler retries on a timeout even when the processor already accepted the refund. Impact: about 0.3% of refunds get a second ledger entry… customers are never charged twice. Workaround: run refundsctl ledger dedupe --since 48h after a processor incident, then tell #payments-oncall.
            Paragraph: synco:PAY-142:end
            Heading: Escalation
            Paragraph: If refunds are failing for more than 15 minutes, page the payments on-call and post in #incident-payments.
            Rule: 
            Paragraph: Last reviewed by the payments team in May 2024.
        "#]]
        .assert_eq(&outline(&blocks(PAGE)));
    }

    #[test]
    fn a_leading_byte_order_mark_does_not_shift_block_boundaries() {
        let sources: Vec<String> = blocks("\u{feff}<p>a</p><p>b</p>")
            .into_iter()
            .map(|b| b.source)
            .collect();
        assert_eq!(sources, ["\u{feff}<p>a</p>", "<p>b</p>"]);
        let parsed = blocks("\u{feff}\u{feff}\n<p>x</p>");
        let kinds = kinds_of(&parsed);
        assert_eq!(kinds, [BlockKind::Other, BlockKind::Paragraph]);
        assert_eq!(parsed[0].source, "\u{feff}\u{feff}\n");
        expect!["invalid markup: expected `>` to close the tag at byte 7, found the end of input"]
            .assert_eq(&error("\u{feff}<p>a<"));
    }

    #[test]
    fn whitespace_between_blocks_belongs_to_the_block_before_it() {
        let sources: Vec<String> = blocks("\n<p>a</p>\n\n<p>b</p>  ")
            .into_iter()
            .map(|b| b.source)
            .collect();
        assert_eq!(sources, ["\n<p>a</p>\n\n", "<p>b</p>  "]);
    }

    #[test]
    fn bare_text_between_elements_is_an_other_block() {
        let parsed = blocks("<p>a</p>loose &amp; text<p>b</p>");
        let kinds = kinds_of(&parsed);
        assert_eq!(
            kinds,
            [BlockKind::Paragraph, BlockKind::Other, BlockKind::Paragraph]
        );
        assert_eq!(parsed[1].text, "loose & text");
    }

    #[test]
    fn a_body_that_is_not_markup_at_all_is_one_other_block() {
        let parsed = blocks(r#"{"json": true}"#);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].kind, BlockKind::Other);
        assert_eq!(parsed[0].text, r#"{"json": true}"#);
    }

    #[test]
    fn only_whitespace_is_one_empty_other_block_and_nothing_is_no_block() {
        assert_eq!(blocks(" \n").len(), 1);
        assert_eq!(blocks(" \n")[0].text, "");
        assert!(blocks("").is_empty());
    }

    #[test]
    fn prefixes_without_namespace_declarations_are_read() {
        let parsed = blocks(
            r#"<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Read <ac:link><ri:page ri:content-title="Ledger &amp; cash" /></ac:link> first.</p></ac:rich-text-body></ac:structured-macro>"#,
        );
        assert_eq!(parsed[0].kind, BlockKind::Macro);
        assert_eq!(parsed[0].text, "Read Ledger & cash first.");
    }

    #[test]
    fn a_link_with_a_body_shows_the_body_not_the_title() {
        let parsed = blocks(
            r#"<p><ac:link><ri:page ri:content-title="Ledger" /><ac:plain-text-link-body><![CDATA[the ledger page]]></ac:plain-text-link-body></ac:link></p>"#,
        );
        assert_eq!(parsed[0].text, "the ledger page");
    }

    #[test]
    fn cdata_content_is_kept_as_text_of_a_code_macro() {
        let parsed = blocks(
            r#"<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if a < b && c > d { go(); }]]></ac:plain-text-body></ac:structured-macro>"#,
        );
        assert_eq!(parsed[0].kind, BlockKind::Code);
        assert_eq!(parsed[0].text, "if a < b && c > d { go(); }");
    }

    #[test]
    fn html_entities_and_numeric_references_are_decoded() {
        let parsed = blocks("<p>a&nbsp;b &mdash; c&hellip; &#8364;5 &#x41; &lt;tag&gt;</p>");
        assert_eq!(parsed[0].text, "a b — c… €5 A <tag>");
    }

    #[test]
    fn unknown_entities_and_lone_ampersands_stay_literal() {
        let parsed = blocks("<p>&bogus; R&D &#xD800; &amp</p>");
        assert_eq!(parsed[0].text, "&bogus; R&D &#xD800; &amp");
    }

    #[test]
    fn self_closing_tags_are_empty_elements() {
        let parsed = blocks("<hr/><p>a<br />b</p><ac:emoticon ac:name=\"tick\" />");
        let kinds = kinds_of(&parsed);
        assert_eq!(
            kinds,
            [BlockKind::Rule, BlockKind::Paragraph, BlockKind::Macro]
        );
        assert_eq!(parsed[1].text, "a b");
    }

    #[test]
    fn unclosed_void_elements_are_treated_as_empty() {
        let parsed = blocks(
            r#"<hr><p>one<br>two<img src="x.png"></p><table><colgroup><col><col></colgroup><tr><td>c</td></tr></table>"#,
        );
        let kinds = kinds_of(&parsed);
        assert_eq!(
            kinds,
            [BlockKind::Rule, BlockKind::Paragraph, BlockKind::Table]
        );
        assert_eq!(parsed[1].text, "one two");
    }

    #[test]
    fn a_stray_closing_tag_of_a_void_element_is_ignored() {
        let parsed = blocks("<p>a<br></br>b</p>");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].text, "a b");
    }

    #[test]
    fn element_names_are_matched_without_regard_to_case() {
        let parsed = blocks("<P>a</p><H2>b</H2><UL><li>c</LI></ul>");
        let kinds = kinds_of(&parsed);
        assert_eq!(
            kinds,
            [BlockKind::Paragraph, BlockKind::Heading, BlockKind::List]
        );
    }

    #[test]
    fn each_element_kind_is_recognised() {
        let parsed = blocks(concat!(
            "<h3>h</h3><p>p</p><ol><li>o</li></ol><table><tr><td>t</td></tr></table>",
            "<pre>x</pre><ac:structured-macro ac:name=\"toc\" /><ac:layout></ac:layout><hr/><div>d</div>",
        ));
        let kinds = kinds_of(&parsed);
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::Paragraph,
                BlockKind::List,
                BlockKind::Table,
                BlockKind::Code,
                BlockKind::Macro,
                BlockKind::Macro,
                BlockKind::Rule,
                BlockKind::Other,
            ]
        );
    }

    #[test]
    fn list_items_and_table_cells_are_separate_words() {
        let parsed =
            blocks("<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>");
        assert_eq!(parsed[0].text, "one two");
        assert_eq!(parsed[1].text, "a b");
    }

    #[test]
    fn inline_formatting_does_not_split_words() {
        assert_eq!(blocks("<p>re<strong>fund</strong>s</p>")[0].text, "refunds");
    }

    #[test]
    fn an_unclosed_element_is_reported_with_what_was_expected() {
        expect!["invalid markup: expected </p> at byte 11 (end of input) to close the element opened at byte 0"]
            .assert_eq(&error("<p>unclosed"));
    }

    #[test]
    fn a_stray_closing_tag_is_reported() {
        expect![[r#"invalid markup: unexpected </div> at byte 8, expected no closing tag because no element is open"#]]
            .assert_eq(&error("<p>a</p></div>"));
    }

    #[test]
    fn a_mismatched_closing_tag_is_reported_with_the_expected_tag() {
        expect![[r#"invalid markup: expected </b> at byte 6, found </p>"#]]
            .assert_eq(&error("<p><b></p>"));
    }

    #[test]
    fn a_less_than_sign_that_starts_no_tag_is_invalid() {
        expect![[
            r#"invalid markup: expected `>` to close the tag at byte 2, found the end of input"#
        ]]
        .assert_eq(&error("a < b"));
        expect![[r#"invalid markup: expected a tag name after `<` at byte 2, found `1`"#]]
            .assert_eq(&error("a <1> b"));
        expect!["invalid markup: expected a tag name after `<` at byte 5, found ``"]
            .assert_eq(&error("if a < b > c"));
    }

    #[test]
    fn unterminated_comments_and_cdata_are_invalid() {
        expect![[r#"invalid markup: expected `-->` to close the comment at byte 8, found the end of input"#]]
            .assert_eq(&error("<p>a</p><!-- open"));
        expect![[r#"invalid markup: expected `]]>` to close the cdata section at byte 3, found the end of input"#]]
            .assert_eq(&error("<p><![CDATA[x</p>"));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_rejected() {
        let bomb = "<div>".repeat(MAX_DEPTH + 1) + &"</div>".repeat(MAX_DEPTH + 1);
        let message = error(&bomb);
        assert!(message.contains("nested deeper than 256"), "{message}");
        let deepest = "<div>".repeat(MAX_DEPTH) + &"</div>".repeat(MAX_DEPTH);
        assert_eq!(blocks(&deepest).len(), 1);
    }

    #[test]
    fn input_over_the_limit_is_too_large() {
        let huge = "a".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(
            parse_page(&huge),
            Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64))
        );
    }

    /// An item as where it lies, its kind and whether it is bare text.
    type Outline = (usize, usize, BlockKind, bool);

    /// The items that make blocks (blank ones are dropped when blocks are assembled).
    fn outlined(items: Vec<Item>, source: &str) -> Vec<Outline> {
        kept(source, items)
            .iter()
            .map(|item| (item.start, item.end, item.kind, item.is_text_run))
            .collect()
    }

    /// The items the scanner records, or its error message.
    fn scanned(storage: &str) -> Result<Vec<Outline>, String> {
        match Scanner::new(storage, false).run() {
            Ok(items) => Ok(outlined(items, storage)),
            Err(error) => Err(error.to_string()),
        }
    }

    /// The items the fast path records, if it answers.
    fn fast(storage: &str) -> Option<Vec<Outline>> {
        fast_split::fast_items(storage, None).map(|items| outlined(items, storage))
    }

    /// Checks the fast path against the scanner on one input: it gives the scanner's items
    /// whenever it answers, and it never answers where the scanner finds an error.
    fn agrees_with_the_scanner(storage: &str) -> Result<(), String> {
        match (scanned(storage), fast(storage)) {
            (Ok(items), Some(found)) if items != found => Err(format!(
                "on {storage:?}: the scanner found {items:?}, the fast path {found:?}"
            )),
            (Err(error), Some(found)) => Err(format!(
                "on {storage:?}: the scanner says {error}, the fast path found {found:?}"
            )),
            _ => Ok(()),
        }
    }

    #[test]
    fn the_fast_split_reads_every_example_page_as_the_scanner_does() {
        for page in [PAGE, PAGE_BASE].into_iter().chain(RELATED) {
            assert!(
                fast(page).is_some(),
                "the fast path gave up on an example page"
            );
            assert_eq!(agrees_with_the_scanner(page), Ok(()));
        }
    }

    #[test]
    fn the_fast_split_gives_up_wherever_the_scanner_reports_an_error() {
        let nested = "<div>".repeat(MAX_DEPTH + 1) + &"</div>".repeat(MAX_DEPTH + 1);
        let inputs = [
            "a < b",
            "<p>open",
            "<p>a</q>",
            "</p>",
            "<p a=\"unterminated>x</p>",
            "<!-- open",
            "<![CDATA[ open",
            "<!-->",
            "<!--->",
            "<!x>",
            "<1p>x</1p>",
            "<p>x</p class=\"y\">",
            "<",
            nested.as_str(),
        ];
        for input in inputs {
            assert!(scanned(input).is_err(), "{input:?} should be an error");
            assert_eq!(fast(input), None, "the fast path answered on {input:?}");
        }
    }

    #[test]
    fn the_fast_split_reads_awkward_but_valid_markup_as_the_scanner_does() {
        let inputs = [
            "",
            "  \n",
            "\u{feff}<p>bom</p>",
            "lead <p>a</p> middle <hr> tail",
            "<p>a</br>b</p></br> after",
            "<P>case</p   >",
            "<p title='a>b' data-x=\"c'd>\">q</p>",
            "<br/><img src=\"x\"><p>y</p>",
            "<!----><!-- a -- b --><p>c</p>",
            "<ac:structured-macro ac:name=\"CODE\"><ac:plain-text-body><![CDATA[a<b]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>",
            "<ac:structured-macro ac:name='info'/> x",
            "text &amp; more &nbsp;<![CDATA[x]]> and <!-- c --> tail",
        ];
        for input in inputs {
            assert!(fast(input).is_some(), "the fast path gave up on {input:?}");
            assert_eq!(agrees_with_the_scanner(input), Ok(()));
        }
    }

    /// [`plain_words`] by its definition, a character at a time.
    fn plain_by_definition(text: &str) -> Option<&str> {
        let other_space = text.chars().any(|c| c.is_whitespace() && c != ' ');
        let unplain_bytes = text
            .bytes()
            .any(|b| matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3));
        (!other_space && !unplain_bytes && !text.contains("  ")).then(|| text.trim_matches(' '))
    }

    #[test]
    fn plain_words_are_told_from_other_whitespace_at_every_position_around_a_chunk() {
        for len in 0..40 {
            let base: String = "ab cd".chars().cycle().take(len).collect();
            assert_eq!(plain_words(&base), plain_by_definition(&base), "{base:?}");
            for at in 0..=len {
                for inserted in ["  ", " ", "\t", "\n", "\u{a0}", "\u{2003}", "é", "\u{3000}"] {
                    let mut text = base.clone();
                    text.insert_str(at, inserted);
                    assert_eq!(plain_words(&text), plain_by_definition(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn escaping_replaces_the_five_markup_characters_and_keeps_everything_else() {
        assert_eq!(
            escape_text("a<b>&\"'ü 日 & x"),
            "a&lt;b&gt;&amp;&quot;&#39;ü 日 &amp; x"
        );
        assert_eq!(escape_text(""), "");
    }

    #[test]
    fn text_read_from_the_source_is_borrowed_from_it_and_other_bytes_are_decoded() {
        let source = "<p>grüße</p>";
        let inside = source.as_bytes().get(3..10).unwrap_or_default();
        assert!(matches!(text_in(source, inside), Cow::Borrowed("grüße")));
        let elsewhere = b"gr\xc3\xbc\xc3\x9fe".to_vec();
        assert_eq!(text_in(source, &elsewhere), "grüße");
        assert_eq!(text_in(source, b"\xff"), "\u{fffd}");
    }

    #[test]
    fn a_pair_takes_only_top_level_blocks_from_the_old_page() {
        let old = "<p>a</p>\n<h1>t</h1><!-- c --><ul><li>x</li></ul>";
        let new =
            "<div><p>a</p></div><h1>t</h1> text <!-- c --><ul><li>x</li></ul><ul><li>y</li></ul>";
        let alone = (split_pieces(old).unwrap(), split_pieces(new).unwrap());
        let pair = split_pair(old, new).unwrap();
        assert_eq!(unmarked(&pair), alone);
        let kinds: Vec<BlockKind> = alone.1.iter().map(|piece| piece.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, [Other, Heading, Other, Other, List, List]);
        let copies: Vec<Option<usize>> = pair.1.iter().map(|piece| piece.same_as).collect();
        assert_eq!(copies, [None, Some(1), None, Some(2), Some(3), None]);
    }

    /// A pair's pieces without the marks of which blocks were copied.
    fn unmarked<'a>(pair: &(Vec<Piece<'a>>, Vec<Piece<'a>>)) -> (Vec<Piece<'a>>, Vec<Piece<'a>>) {
        let clear = |pieces: &[Piece<'a>]| -> Vec<Piece<'a>> {
            pieces
                .iter()
                .map(|piece| Piece {
                    same_as: None,
                    ..*piece
                })
                .collect()
        };
        (clear(&pair.0), clear(&pair.1))
    }

    /// The new pieces' copies point at old pieces of their kind, in order.
    #[cfg(not(js_engine))]
    fn copies_fit(pair: &(Vec<Piece<'_>>, Vec<Piece<'_>>)) -> bool {
        let copies = pair
            .1
            .iter()
            .filter_map(|piece| Some((piece.same_as?, piece.kind)));
        let mut last = None;
        copies.into_iter().all(|(old, kind)| {
            let in_order = last.is_none_or(|last| old > last);
            last = Some(old);
            in_order && pair.0.get(old).is_some_and(|piece| piece.kind == kind)
        })
    }

    #[test]
    fn a_pair_reports_the_errors_of_either_page() {
        let good = "<p>a</p>";
        let bad = "<p>a</p><p>open";
        let expected = split_pieces(bad).err();
        assert!(expected.is_some());
        assert_eq!(split_pair(good, bad).err(), expected);
        assert_eq!(split_pair(bad, good).err(), expected);
        // The old page is read first, as when each page is split alone.
        let huge = "x".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(split_pair(bad, &huge).err(), expected);
        let too_large = Some(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
        assert_eq!(split_pair(good, &huge).err(), too_large);
    }

    #[cfg(not(js_engine))]
    /// Pieces of markup, well-formed and not, that the generated soups are made of.
    const FRAGMENTS: [&str; 47] = [
        "<p>",
        "</p>",
        "<P>",
        "</p >",
        "<br>",
        "</br>",
        "<br/>",
        "<hr />",
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<h1>",
        "</h1>",
        "<table>",
        "</table>",
        "text",
        " ",
        "\n",
        "\t",
        "&amp;",
        "&",
        ";",
        "<",
        ">",
        "/",
        "'",
        "\"",
        "=",
        "<p class=\"a>b\">",
        "<p title='x\"y'>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<!-->",
        "<?x?>",
        "<!DOCTYPE html>",
        "<ac:structured-macro ac:name=\"code\">",
        "</ac:structured-macro>",
        "<1>",
        "</>",
        "\u{feff}",
        "é",
        "<br title=\">\">",
        "<p title=\"</p>\">",
        "<hr class='a>b'/>",
    ];

    #[test]
    fn the_fast_text_reads_every_example_block_as_quick_xml_does() {
        for page in [PAGE, PAGE_BASE].into_iter().chain(RELATED) {
            for block in blocks(page) {
                let fast = fast_text::fast_text(&block.source);
                assert!(
                    fast.is_some(),
                    "the fast path gave up on {:?}",
                    block.source
                );
                assert_eq!(fast, Some(quick_text(&block.source)));
            }
        }
    }

    #[test]
    fn the_fast_text_resolves_references_and_keeps_lone_ampersands_as_quick_xml_does() {
        let inputs = [
            "<p>a &amp; b &nbsp;c&#233;&#x41; &bogus; &; & lone && x;y &amp</p>",
            "<p>R&amp;D&lt;x&gt; <b>bold</b>er <br>line<br/>end</p></br>",
            "<ac:link><ri:page ri:content-title=\"Run &amp; book\"/></ac:link> after",
            "<ac:link><ri:page ri:content-title=\"T\"/><ac:plain-text-link-body><![CDATA[shown]]></ac:plain-text-link-body></ac:link>",
            "\u{feff}<h1>title</h1><!-- hidden --><pre>  kept\n  lines </pre>",
        ];
        for input in inputs {
            let fast = fast_text::fast_text(input);
            assert!(fast.is_some(), "the fast path gave up on {input:?}");
            assert_eq!(fast, Some(quick_text(input)), "on {input:?}");
        }
    }

    #[cfg(not(js_engine))]
    /// Pieces of text markup: references of every shape, links with titles, inline elements.
    const TEXT_FRAGMENTS: [&str; 37] = [
        "&amp;",
        "&nbsp;",
        "&#233;",
        "&#x41;",
        "&#160;",
        "&#x20;",
        "&emsp;",
        "&bogus;",
        "&amp",
        "&",
        ";",
        "&;",
        " ",
        "  ",
        "\t",
        "\r\n",
        "\u{b}",
        "word",
        "a b",
        "x&y",
        "é",
        "日本",
        "\u{a0}",
        "\u{85}",
        "\u{2003}",
        "\u{3000}",
        "<b>",
        "</b>",
        "<br>",
        "</br>",
        "<ac:link>",
        "</ac:link>",
        "<ri:page ri:content-title=\"T &amp; U\"/>",
        "<ac:link-body>",
        "</ac:link-body>",
        "<![CDATA[ c&amp; ]]>",
        "<!-- x -->",
    ];

    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn plain_words_are_what_their_definition_says(text in "[ab \t\n\u{a0}é\u{2003}]{0,60}") {
            prop_assert_eq!(plain_words(&text), plain_by_definition(&text));
        }

        #[test]
        fn the_fast_split_agrees_with_the_scanner_on_markup_soup(
            pieces in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24)
        ) {
            let soup = pieces.concat();
            prop_assert_eq!(agrees_with_the_scanner(&soup), Ok(()));
        }

        #[test]
        fn a_pair_splits_as_each_page_alone_on_markup_soup(
            old in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24),
            new in prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..24),
        ) {
            let (old, new) = (old.concat(), new.concat());
            let alone = split_pieces(&old).and_then(|old| Ok((old, split_pieces(&new)?)));
            let pair = split_pair(&old, &new);
            prop_assert!(pair.as_ref().map_or(true, copies_fit));
            prop_assert_eq!(pair.map(|pair| unmarked(&pair)), alone);
        }

        #[test]
        fn a_pair_splits_as_each_page_alone_after_edits(
            blocks in page_blocks(),
            edits in edits(),
        ) {
            let old = blocks.concat();
            let new = edited(&blocks, &edits).concat();
            let alone = (split_pieces(&old).unwrap(), split_pieces(&new).unwrap());
            let pair = split_pair(&old, &new).unwrap();
            prop_assert_eq!(unmarked(&pair), alone);
            prop_assert!(copies_fit(&pair));
            for piece in &pair.1 {
                if let Some(old) = piece.same_as {
                    prop_assert_eq!(pair.0[old].source.trim(), piece.source.trim());
                }
            }
            let same = split_pair(&new, &new).unwrap();
            let copied = same.1.iter().filter(|piece| piece.same_as.is_some()).count();
            let elements = same.1.iter().filter(|piece| piece.source.trim().starts_with('<')).count();
            prop_assert_eq!(copied, elements, "a page compared with itself copies every element");
        }

        #[test]
        fn the_fast_text_agrees_with_quick_xml_on_markup_soup(
            pieces in prop::collection::vec(
                prop::sample::select([&FRAGMENTS[..], &TEXT_FRAGMENTS[..]].concat()),
                0..24,
            )
        ) {
            let soup = pieces.concat();
            if let Some(fast) = fast_text::fast_text(&soup) {
                prop_assert_eq!(fast, quick_text(&soup), "on {:?}", soup);
            }
        }

        #[test]
        fn the_fast_text_reads_generated_blocks_as_quick_xml_does(blocks in page_blocks()) {
            for block in &blocks {
                prop_assert_eq!(fast_text::fast_text(block), Some(quick_text(block)));
            }
        }

        #[test]
        fn the_fast_split_reads_generated_pages_as_the_scanner_does(blocks in page_blocks()) {
            let page = blocks.concat();
            prop_assert!(fast(&page).is_some(), "the fast path gave up on {:?}", page);
            prop_assert_eq!(agrees_with_the_scanner(&page), Ok(()));
        }
    }

    #[cfg(not(js_engine))]
    /// Words for generated pages: ASCII, accented, CJK and emoji text, and entity references.
    const WORDS: [&str; 16] = [
        "alpha",
        "beta",
        "retry",
        "ledger",
        "über",
        "café",
        "日本語",
        "🚀",
        "&amp;",
        "&lt;tag&gt;",
        "a&nbsp;b",
        "&mdash;",
        "R&amp;D",
        "&#8364;5",
        "x",
        "Ω",
    ];

    #[cfg(not(js_engine))]
    /// One to six words, space separated.
    pub(crate) fn words() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(&WORDS[..]), 1..6)
            .prop_map(|words| words.join(" "))
    }

    #[cfg(not(js_engine))]
    /// One generated block in storage format: a paragraph, heading, list, rule or code macro.
    pub(crate) fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => words().prop_map(|text| format!("<p>{text}</p>")),
            1 => (words(), words()).prop_map(|(a, b)| format!("<p><strong>{a}</strong> {b}</p>")),
            1 => (1..4u8, words()).prop_map(|(level, text)| format!("<h{level}>{text}</h{level}>")),
            1 => (any::<bool>(), prop::collection::vec(words(), 1..4)).prop_map(|(ordered, items)| {
                let tag = if ordered { "ol" } else { "ul" };
                let items: String = items.iter().map(|item| format!("<li>{item}</li>")).collect();
                format!("<{tag}>{items}</{tag}>")
            }),
            1 => Just("<hr />".to_owned()),
            1 => words().prop_map(|text| format!(
                "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[{text} < ]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>"
            )),
        ]
    }

    #[cfg(not(js_engine))]
    /// A generated block followed by the whitespace that separates it from the next.
    pub(crate) fn spaced_block() -> impl Strategy<Value = String> {
        (
            block(),
            prop::sample::select(&["", "\n", "\n\n", "  \n", "\r\n"][..]),
        )
            .prop_map(|(block, spacing)| format!("{block}{spacing}"))
    }

    #[cfg(not(js_engine))]
    /// A generated page as its block sources, each with its trailing whitespace.
    pub(crate) fn page_blocks() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(spaced_block(), 0..12)
    }

    #[cfg(not(js_engine))]
    /// One edit a person or the model could make to a page's blocks.
    #[cfg(not(js_engine))]
    #[derive(Debug, Clone)]
    pub(crate) enum Edit {
        /// Removes the block at the index.
        Delete(prop::sample::Index),
        /// Inserts a block before the index (or at the end).
        Insert(prop::sample::Index, String),
        /// Replaces the block at the index.
        Replace(prop::sample::Index, String),
        /// Moves the block at the first index to the second.
        Move(prop::sample::Index, prop::sample::Index),
    }

    #[cfg(not(js_engine))]
    /// Up to four edits.
    pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
        let edit = prop_oneof![
            any::<prop::sample::Index>().prop_map(Edit::Delete),
            (any::<prop::sample::Index>(), spaced_block()).prop_map(|(at, b)| Edit::Insert(at, b)),
            (any::<prop::sample::Index>(), spaced_block()).prop_map(|(at, b)| Edit::Replace(at, b)),
            (any::<prop::sample::Index>(), any::<prop::sample::Index>())
                .prop_map(|(from, to)| Edit::Move(from, to)),
        ];
        prop::collection::vec(edit, 0..5)
    }

    /// The blocks after the edits (edits that do not fit an empty page are skipped).
    #[cfg(not(js_engine))]
    pub(crate) fn edited(base: &[String], edits: &[Edit]) -> Vec<String> {
        let mut blocks = base.to_vec();
        for edit in edits {
            let len = blocks.len();
            match edit {
                Edit::Insert(at, block) => blocks.insert(at.index(len + 1), block.clone()),
                _ if len == 0 => {}
                Edit::Delete(at) => {
                    blocks.remove(at.index(len));
                }
                Edit::Replace(at, block) => blocks[at.index(len)] = block.clone(),
                Edit::Move(from, to) => {
                    let block = blocks.remove(from.index(len));
                    blocks.insert(to.index(len), block);
                }
            }
        }
        blocks
    }

    #[cfg(not(js_engine))]
    /// The text collector's whitespace rule, one character at a time: the reference for the
    /// word-at-a-time implementation.
    fn push_by_character(out: &mut String, pending_space: &mut bool, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                *pending_space = !out.is_empty();
                continue;
            }
            if *pending_space {
                out.push(' ');
                *pending_space = false;
            }
            out.push(c);
        }
    }

    #[test]
    fn the_text_of_a_block_alone_is_its_text_in_the_page() {
        let awkward = "lead <p>a</br>b<br></br>c</p></br> mid <!-- x --><ac:link><ri:page ri:content-title=\"T\" /></ac:link>\n";
        for page in RELATED.iter().chain([&PAGE, &PAGE_BASE, &awkward]) {
            let parsed = blocks(page);
            let split = split_page(page).unwrap_or_default();
            assert_eq!(split.len(), parsed.len());
            for (block, bare) in parsed.iter().zip(&split) {
                assert_eq!(
                    (bare.kind, bare.source.as_str(), bare.text.as_str()),
                    (block.kind, block.source.as_str(), "")
                );
                assert_eq!(block_text(&block.source), block.text, "{:?}", block.source);
            }
        }
    }

    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn the_text_of_each_generated_block_alone_is_its_text_in_the_page(sources in page_blocks()) {
            for block in blocks(&sources.concat()) {
                prop_assert_eq!(block_text(&block.source), block.text);
            }
        }

        #[test]
        fn collecting_text_a_word_at_a_time_matches_the_character_rule(
            pieces in prop::collection::vec((any::<bool>(), "[ a\t\n\u{a0}\u{3000}é日\u{2028}]{0,12}"), 0..6),
        ) {
            let mut collector = TextCollector::default();
            let (mut out, mut pending) = (String::new(), false);
            for (separate, piece) in &pieces {
                if *separate {
                    collector.separate();
                    pending = !out.is_empty();
                }
                collector.push(piece);
                push_by_character(&mut out, &mut pending, piece);
                prop_assert_eq!(&collector.out, &out);
                prop_assert_eq!(collector.pending_space, pending);
            }
        }

        #[test]
        fn parsing_then_concatenating_sources_is_the_identity_on_generated_pages(sources in page_blocks()) {
            let page = sources.concat();
            let parsed = blocks(&page);
            prop_assert_eq!(concatenated(&parsed), page);
            prop_assert_eq!(parsed.len(), sources.len());
        }
    }
}
