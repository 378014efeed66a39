//! The reference reading of a page: quick-xml's events, walked with a stack of open elements to
//! check balance, names and depth and to record the page's top-level items (and, for
//! `parse_page`, their text). Every error a page can get comes from here, with what was
//! expected and where; the fast paths give up rather than decide one.

use super::*;

/// An element that is open: where its start tag began and where its name sits in the input
/// (names are compared in place, without regard to ASCII case, so reading a tag allocates nothing).
struct Open {
    name: Range<usize>,
    at: usize,
}

/// A top-level piece of the input: an element, a run of bare text, or a comment-like node.
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: BlockKind,
    pub(super) is_text_run: bool,
    /// Its readable text, when the scanner collects it (else empty).
    pub(super) text: String,
    /// The index of the other page's block it was copied from (see [`split_pair`]).
    pub(super) same_as: Option<usize>,
}

impl Item {
    /// Whether this is whitespace between blocks rather than a block of its own.
    pub(super) fn is_blank(&self, source: &str) -> bool {
        self.is_text_run && source.get(self.start..self.end).is_some_and(is_blank)
    }
}

/// Whether text is only whitespace: a run of it between blocks is no block of its own.
pub(super) fn is_blank(text: &str) -> bool {
    // Usually a line break or a few spaces, all ASCII: checked byte by byte without decoding.
    text.bytes().all(|byte| byte.is_ascii_whitespace()) || text.trim().is_empty()
}

/// The top-level items of a page as they are found: those finished, and the one going on.
#[derive(Default)]
pub(super) struct Items {
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
    pub(super) fn for_page(len: usize) -> Self {
        Items {
            done: Vec::with_capacity(len / 128),
            ..Items::default()
        }
    }

    /// Starts a new item at `at`, finishing the one in progress.
    pub(super) fn begin(&mut self, at: usize, kind: BlockKind, is_text_run: bool) {
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
    pub(super) fn finish(&mut self, end: usize) {
        if let Some(mut item) = self.current.take() {
            item.end = end;
            item.text = std::mem::take(&mut self.text).finish();
            self.done.push(item);
        }
    }

    /// Records a whole item from `at` to `end` that is a copy of block `same_as` of another
    /// page.
    pub(super) fn copy(&mut self, at: usize, end: usize, kind: BlockKind, same_as: usize) {
        self.begin(at, kind, false);
        if let Some(item) = self.current.as_mut() {
            item.same_as = Some(same_as);
        }
        self.finish(end);
    }

    /// Whether a run of bare text is going on.
    pub(super) fn in_text_run(&self) -> bool {
        self.current.as_ref().is_some_and(|item| item.is_text_run)
    }

    /// Every item, the one in progress ending at `end`.
    pub(super) fn into_vec(mut self, end: usize) -> Vec<Item> {
        self.finish(end);
        self.done
    }
}

/// Walks the events of one page, checking balance and recording top-level items.
pub(super) struct Scanner<'a> {
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
    pub(super) fn new(source: &'a str, collect_text: bool) -> Self {
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
    pub(super) fn run(mut self) -> Result<Vec<Item>, DocumentError> {
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

/// The name of a tag as written, or an error when it is not a well-formed name.
pub(super) fn checked_name(raw: &[u8], at: usize) -> Result<&[u8], DocumentError> {
    if !is_valid_name(raw) {
        return Err(invalid(format!(
            "expected a tag name after `<` at byte {at}, found `{}`",
            String::from_utf8_lossy(raw)
        )));
    }
    Ok(raw)
}

/// Turns a quick-xml error into a message that says what was expected and where.
pub(super) fn syntax_error(error: &XmlError, at: u64) -> DocumentError {
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
