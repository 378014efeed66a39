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
//! quick-xml reads pages (the `scanner`), and its events are the reference. Splitting a page
//! and reading a block's text also have fast paths (`markup` reads tags by quick-xml's rules;
//! `fast_split` and `fast_text` drive the same bookkeeping from it) that give up on anything
//! unusual, errors included, so quick-xml then reads the input and every error comes from it.
//! Property tests hold each fast path to quick-xml's result wherever it answers.
//!
//! # Layout
//!
//! This module holds the entry points (parsing and splitting pages, a block's text) and the
//! assembly of top-level items into blocks whose sources tile the page. Beside it:
//! - `scanner`: the reference reading by quick-xml's events, and every error message;
//! - `names`: what element names mean (well formed, void, block kind, inline) and attributes;
//! - `text`: the readable text of a block (`TextCollector`);
//! - `entities`: named entities and character references;
//! - `markup`, `fast_split`, `fast_text`: the fast paths described above;
//! - `tests`: unit and property tests, with page-editing helpers the diff and merge tests share.
//!
//! `scanner`, `names` and `text` share this module's namespace (each starts with `use super::*`,
//! and this module glob-imports each of them); their items are `pub(super)`. `entities` is
//! imported by name.

mod entities;
mod fast_split;
mod fast_text;
mod markup;
mod names;
mod scanner;
mod text;
#[cfg(test)]
pub(crate) mod tests;

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use crate::byte_set::{ByteSet, CHUNK};
use crate::types::{Block, BlockKind, DocumentError, MAX_DOCUMENT_BYTES};

pub(crate) use entities::{decode_entities, resolve_reference};
use names::*;
pub(crate) use names::is_void;
use scanner::*;
use text::*;

/// The deepest element nesting a page may have; deeper pages are rejected as invalid markup.
pub const MAX_DEPTH: usize = 256;

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

/// An `InvalidMarkup` error saying `message`.
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
