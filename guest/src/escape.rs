//! Escaping text for HTML and for JSON strings.
//!
//! The review (HTML) and the edit script (JSON) of a diff are mostly the pages' own text, with
//! a character to escape now and then: a page of 10,000 changed blocks makes 7 MB of them.
//! Escaping byte by byte, as a plain loop or serde_json does, was about a quarter of
//! `diff::compare` on such a page. Here the characters to escape are found sixteen bytes at a
//! time ([`ByteSet`]), and the runs between them are copied in one piece.

use crate::byte_set::ByteSet;

/// What HTML content and attribute values escape.
const HTML: ByteSet<5> = ByteSet::new([
    (b'&', b'&'),
    (b'<', b'<'),
    (b'>', b'>'),
    (b'"', b'"'),
    (b'\'', b'\''),
]);

/// What a JSON string escapes: control characters, quotes and backslashes.
const JSON: ByteSet<3> = ByteSet::new([(0, 0x1f), (b'"', b'"'), (b'\\', b'\\')]);

/// Appends `text` to `out` for HTML content and attribute values: `&<>"'` become references,
/// so the text can never open a tag or leave an attribute.
pub(crate) fn html_into(out: &mut String, text: &str) {
    escape_with(out, text, &HTML, |byte, out| {
        out.push_str(match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
    });
}

/// Appends `text` to `out` as a JSON string, quotes included, escaped byte for byte as
/// serde_json escapes it: `"` and `\` with a backslash, control characters by their short
/// escape (`\n`) or as `\u00XX`, everything else as it is.
pub(crate) fn json_string_into(out: &mut String, text: &str) {
    out.push('"');
    escape_with(out, text, &JSON, push_json_escape);
    out.push('"');
}

/// The JSON escape of a byte [`JSON`] picks.
fn push_json_escape(byte: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        _ => "",
    };
    if short.is_empty() {
        out.push_str("\\u00");
        for digit in [byte >> 4, byte & 0x0f] {
            out.push(char::from(HEX[usize::from(digit)]));
        }
    } else {
        out.push_str(short);
    }
}

/// Appends `text` to `out` with each byte that `special` picks replaced by what `escape`
/// appends for it. Special bytes are ASCII, so every cut falls on a character boundary.
fn escape_with<const N: usize>(
    out: &mut String,
    text: &str,
    special: &ByteSet<N>,
    escape: impl Fn(u8, &mut String),
) {
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut copied = 0;
    special.for_each_mask(bytes, |start, mut mask| {
        while mask != 0 {
            let at = start + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            out.push_str(text.get(copied..at).unwrap_or_default());
            escape(bytes.get(at).copied().unwrap_or_default(), out);
            copied = at + 1;
        }
    });
    out.push_str(text.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::byte_set::CHUNK;
    #[cfg(not(js_engine))]
    use proptest::prelude::*;
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn html(text: &str) -> String {
        let mut out = String::new();
        html_into(&mut out, text);
        out
    }

    fn json(text: &str) -> String {
        let mut out = String::new();
        json_string_into(&mut out, text);
        out
    }

    /// The byte-at-a-time escaping that `html_into` replaced.
    fn html_by_bytes(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '"' => "&quot;".to_owned(),
                '\'' => "&#39;".to_owned(),
                other => other.to_string(),
            })
            .collect()
    }

    #[test]
    fn every_ascii_character_is_escaped_for_json_as_serde_json_does() {
        for byte in 0u8..=0x7f {
            let text = char::from(byte).to_string();
            assert_eq!(
                json(&text),
                serde_json::json!(text).to_string(),
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn every_ascii_character_is_escaped_for_html_as_character_by_character() {
        for byte in 0u8..=0x7f {
            let text = char::from(byte).to_string();
            assert_eq!(html(&text), html_by_bytes(&text), "byte {byte:#04x}");
        }
    }

    #[test]
    fn escapes_are_found_at_every_position_around_a_chunk() {
        for len in 0..3 * CHUNK {
            for at in 0..len {
                let mut text = "é".repeat(len);
                text.replace_range(at * 2..at * 2 + 2, "\"<");
                assert_eq!(html(&text), html_by_bytes(&text), "length {len}, at {at}");
                assert_eq!(json(&text), serde_json::json!(text).to_string());
            }
        }
    }

    #[test]
    fn text_is_appended_after_what_the_output_holds() {
        let mut out = String::from("<td>");
        html_into(&mut out, "a & b");
        json_string_into(&mut out, "x\ny");
        assert_eq!(out, "<td>a &amp; b\"x\\ny\"");
    }

    #[cfg(not(js_engine))]
    proptest! {
        #[test]
        fn json_strings_are_escaped_as_serde_json_escapes_them(text in "(?s).{0,80}") {
            prop_assert_eq!(json(&text), serde_json::json!(text).to_string());
        }

        #[test]
        fn html_is_escaped_as_character_by_character(text in "[a-z &<>\"'\\n é日]{0,80}") {
            prop_assert_eq!(html(&text), html_by_bytes(&text));
        }
    }
}
