//! HTML entities and character references (`&nbsp;`, `&#8212;`, `&#x2014;`), as Confluence
//! pages use them: the common named ones are known, unknown ones stay literal and are never
//! an error.

use super::*;

/// The longest entity name looked up between `&` and `;` (longer runs stay literal).
pub(super) const MAX_REFERENCE_LEN: usize = 32;

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
pub(super) fn split_reference(after: &str) -> Option<(&str, &str)> {
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
pub(super) fn character_reference(number: &str) -> Option<char> {
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
pub(super) fn named_entity(name: &str) -> Option<&'static str> {
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
