//! What element names mean to the storage format: which names are well formed, which elements
//! are void (may stay unclosed), which make which kind of block, which sit inside a line of
//! text, and the attributes the text reader needs from a tag. Shared by the scanner, the fast
//! splitter and both text readers, so that all of them agree.

use super::*;

/// An XML-ish name: starts with a letter, `_` or a non-ASCII byte; continues with those, digits,
/// `-`, `.` or `:`.
pub(super) fn is_valid_name(raw: &[u8]) -> bool {
    let Some((first, rest)) = raw.split_first() else {
        return false;
    };
    is_name_start(*first) && rest.iter().all(|b| is_name_byte(*b))
}

/// Whether a name may start with this byte.
pub(super) fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

/// Whether a name may continue with this byte: by table, since it runs for every byte of
/// every tag name.
pub(super) fn is_name_byte(byte: u8) -> bool {
    NAME_BYTES[usize::from(byte)]
}

/// The bytes a name may continue with: letters, digits, `-`, `_`, `.`, `:`, and every byte of
/// a non-ASCII character.
pub(super) const NAME_BYTES: [bool; 256] = {
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
pub(super) fn is_void_name(raw: &[u8]) -> bool {
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
pub(super) fn kind_of(name: &str, tag: &BytesStart<'_>) -> BlockKind {
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
pub(super) fn is_code_macro(tag: &BytesStart<'_>) -> bool {
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
pub(super) fn attribute(tag: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    raw_attribute(tag, key).map(|attr| decode_entities(&String::from_utf8_lossy(&attr.value)))
}

/// The attribute named `key` (in any ASCII case) as written; unreadable attributes are skipped.
pub(super) fn raw_attribute<'t>(tag: &'t BytesStart<'_>, key: &[u8]) -> Option<Attribute<'t>> {
    tag.html_attributes()
        .map_while(Result::ok)
        .find(|attr| attr.key.as_ref().eq_ignore_ascii_case(key))
}

/// What a Confluence resource identifier inside a link is called, for links without a body.
pub(super) fn resource_title(name: &str, tag: &BytesStart<'_>) -> Option<String> {
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
pub(super) fn is_inline(name: &str) -> bool {
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

/// A name in lowercase, borrowed when it already is.
pub(super) fn lowercase(bytes: &[u8]) -> Cow<'_, str> {
    lowered(utf8(bytes))
}

/// A name in lowercase, borrowed when it already is.
pub(super) fn lowered(name: Cow<'_, str>) -> Cow<'_, str> {
    match name {
        Cow::Borrowed(name) if !name.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(name),
        name => Cow::Owned(name.to_ascii_lowercase()),
    }
}
