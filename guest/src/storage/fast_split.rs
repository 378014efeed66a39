//! The fast path for splitting a page into top-level blocks.
//!
//! Splitting needs only the tags: where each one starts and ends, its name, and, at top level,
//! its kind. quick-xml hands the [`Scanner`](super) one event per tag, and the event and its
//! bookkeeping cost several times what finding the tag does. This splitter jumps from `<` to
//! `<` with `memchr`, checks balance, names and nesting depth exactly as the scanner does, and
//! records the same top-level items.
//!
//! It reads only what ordinary pages hold: elements, text, comments and CDATA sections. Anything
//! else (a declaration, a doctype, a malformed or unbalanced tag, nesting too deep) makes it give
//! up with `None`, and the scanner then reads the page and reports the error with its exact
//! message and position. So the fast path never decides what is an error. Where it answers, it
//! must give the scanner's items: the property tests in the parent module hold it to that on
//! generated markup, and check that it does answer on ordinary pages.
//!
//! It reads markup with [`markup`](super::markup), which follows quick-xml's rules.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::BytesStart;

use super::markup::{Markup, next_markup, read_markup};
use super::{Item, Items, MAX_DEPTH, bom_len, is_blank, is_void_name, kind_of, lowered};
use crate::types::BlockKind;

/// The top-level items of `source`, as the scanner records them (with empty text), or `None`
/// when the page holds something this path does not read.
///
/// With `like`, another page and its items, an element or comment of `source` at top level
/// that is byte for byte one of the other page's top-level items is taken from there without
/// reading its tags (see [`Recurring`]).
pub(super) fn fast_items(source: &str, like: Option<(&str, &[Item])>) -> Option<Vec<Item>> {
    FastSplit {
        source,
        bytes: source.as_bytes(),
        stack: Vec::new(),
        items: Items::for_page(source.len()),
        like: like.map(|(page, items)| Recurring::new(page, items)),
        blank_from: None,
    }
    .run()
}

/// How many of the other page's items past the last one that recurred are tried at each top-level
/// position. Runs of up to this many removed blocks are skipped over; after a longer run, the
/// rest of the page is read tag by tag (slower, never different).
const LOOKAHEAD: usize = 8;

/// The other page's top-level elements and comments, tried in order against this page.
///
/// This is sound because an element or comment at top level is read the same wherever it
/// stands: from its `<` at depth zero, every tag and its end lie inside it, and it ends at the
/// `>` that brings the depth back to zero. So identical bytes give the identical item, and the
/// other page's split has already checked them.
///
/// The work stays linear: a try compares at most the bytes of the item that stands at that
/// place in this page (both are balanced elements starting at depth zero, so if they agree up
/// to the end of this page's item, the other page's item ends there too), so all tries
/// together read each byte of the page at most [`LOOKAHEAD`] times.
struct Recurring<'a> {
    page: &'a [u8],
    /// The other page's elements and comments (not its runs of bare text, whose extent depends
    /// on what follows them): where they lie, their kind, and the index of their block.
    items: Vec<(Range<usize>, BlockKind, usize)>,
    /// The first of `items` not yet matched.
    next: usize,
}

impl<'a> Recurring<'a> {
    /// From the other page's kept items, whose indices are those of its blocks.
    fn new(page: &'a str, items: &[Item]) -> Self {
        Recurring {
            page: page.as_bytes(),
            items: items
                .iter()
                .enumerate()
                .filter(|(_, item)| !item.is_text_run)
                .map(|(index, item)| (item.start..item.end, item.kind, index))
                .collect(),
            next: 0,
        }
    }

    /// The length, kind and block index of the item that `rest` starts with, if it is one of
    /// the next few.
    fn find(&mut self, rest: &[u8]) -> Option<(usize, BlockKind, usize)> {
        let tried = self.items.get(self.next..)?.iter().take(LOOKAHEAD);
        for (offset, (range, kind, block)) in tried.enumerate() {
            let item = self.page.get(range.clone())?;
            if crate::bytes::starts_with(rest, item) {
                self.next += offset + 1;
                return Some((item.len(), *kind, *block));
            }
        }
        None
    }
}

/// The state of one split: open elements' names and the items found so far.
struct FastSplit<'a> {
    source: &'a str,
    bytes: &'a [u8],
    /// Where each open element's name sits in the input.
    stack: Vec<Range<usize>>,
    items: Items,
    like: Option<Recurring<'a>>,
    /// Where a run of whitespace at top level began that is not an item yet. The scanner would
    /// make it a blank item, which assembly drops; here it becomes an item only if text, a
    /// CDATA section or a stray closing tag joins it.
    blank_from: Option<usize>,
}

impl FastSplit<'_> {
    fn run(mut self) -> Option<Vec<Item>> {
        let mut at = bom_len(self.source);
        while let Some(lt) = next_markup(self.source, at) {
            self.text(at, lt);
            at = match self.recurring(lt) {
                Some(end) => end,
                None => self.markup(lt)?,
            };
        }
        self.text(at, self.bytes.len());
        if !self.stack.is_empty() {
            return None;
        }
        Some(self.items.into_vec(self.bytes.len()))
    }

    /// Text from `from` to `to`: at top level it starts a text run, unless one is going on
    /// (whitespace only waits in `blank_from`).
    fn text(&mut self, from: usize, to: usize) {
        if to <= from || !self.stack.is_empty() || self.items.in_text_run() {
            return;
        }
        if self.source.get(from..to).is_some_and(is_blank) {
            self.blank_from.get_or_insert(from);
            return;
        }
        let start = self.blank_from.take().unwrap_or(from);
        self.items.begin(start, BlockKind::Other, true);
    }

    /// Something joins the whitespace waiting at top level: it becomes a text run.
    fn join_blank(&mut self) {
        if let Some(start) = self.blank_from.take() {
            self.items.begin(start, BlockKind::Other, true);
        }
    }

    /// Starts an element or comment at top level; whitespace waiting before it stays out.
    fn begin(&mut self, at: usize, kind: BlockKind) {
        self.blank_from = None;
        self.items.begin(at, kind, false);
    }

    /// At top level, an item of the other page that starts at `lt`: recorded whole, and where
    /// it ends returned.
    fn recurring(&mut self, lt: usize) -> Option<usize> {
        if !self.stack.is_empty() {
            return None;
        }
        let (len, kind, block) = self.like.as_mut()?.find(self.bytes.get(lt..)?)?;
        self.blank_from = None;
        self.items.copy(lt, lt + len, kind, block);
        Some(lt + len)
    }

    /// The markup starting with the `<` at `lt`; returns where it ends.
    fn markup(&mut self, lt: usize) -> Option<usize> {
        let (markup, end) = read_markup(self.source, lt)?;
        match markup {
            Markup::Start {
                content,
                name_len,
                empty,
            } => self.start_tag(lt, end, content, name_len, empty)?,
            Markup::End(name) => self.end_tag(end, name)?,
            Markup::CData(_) => self.text(lt, end),
            Markup::Comment => {
                if self.stack.is_empty() {
                    self.begin(lt, BlockKind::Other);
                    self.items.finish(end);
                }
            }
        }
        Some(end)
    }

    fn start_tag(
        &mut self,
        lt: usize,
        end: usize,
        content: &str,
        name_len: usize,
        empty: bool,
    ) -> Option<()> {
        let name = content.get(..name_len)?;
        if self.stack.is_empty() {
            let tag = BytesStart::from_content(content, name_len);
            let kind = kind_of(&lowered(Cow::Borrowed(name)), &tag);
            self.begin(lt, kind);
        }
        let name = name.as_bytes();
        if empty || is_void_name(name) {
            if self.stack.is_empty() {
                self.items.finish(end);
            }
            return Some(());
        }
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        self.stack.push(lt + 1..lt + 1 + name_len);
        Some(())
    }

    fn end_tag(&mut self, end: usize, name: &[u8]) -> Option<()> {
        let open = self
            .stack
            .last()
            .and_then(|open| self.bytes.get(open.clone()));
        if !open.is_some_and(|open| open.eq_ignore_ascii_case(name)) {
            // A stray closing tag of a void element is ignored (at top level it joins the
            // whitespace before it into a text run, as in the scanner); any other is an error.
            if self.stack.is_empty() {
                self.join_blank();
            }
            return is_void_name(name).then_some(());
        }
        self.stack.pop();
        if self.stack.is_empty() {
            self.items.finish(end);
        }
        Some(())
    }
}
