//! The Sync-o managed section of a page: the blocks between two anchor macros named
//! `synco:<ISSUE-KEY>:begin` and `synco:<ISSUE-KEY>:end`. Anchors are invisible to readers, survive
//! Confluence's editor, and let a sync replace exactly its own section while every other block of
//! the page is written back byte for byte.

use crate::storage::parse_page;
use crate::types::{Block, DocumentError};

/// Where the managed section sits in a page's blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Index of the block holding the begin anchor.
    pub begin: usize,
    /// Index of the block holding the end anchor (after `begin`).
    pub end: usize,
}

fn marker(key: &str, edge: &str) -> String {
    format!("synco:{key}:{edge}")
}

/// The anchor paragraph for one edge of the section.
pub fn anchor(key: &str, edge: &str) -> String {
    format!(
        "<p><ac:structured-macro ac:name=\"anchor\" ac:schema-version=\"1\"><ac:parameter ac:name=\"\">{}</ac:parameter></ac:structured-macro></p>",
        marker(key, edge)
    )
}

/// Finds the section for `key`, if the page has both anchors in order.
pub fn find(blocks: &[Block], key: &str) -> Option<Span> {
    let holds = |b: &Block, edge: &str| b.source.contains(&marker(key, edge));
    let begin = blocks.iter().position(|b| holds(b, "begin"))?;
    let end = blocks.iter().skip(begin + 1).position(|b| holds(b, "end"))? + begin + 1;
    Some(Span { begin, end })
}

/// The readable text of the section now on the page (empty when there is none).
pub fn current_text(blocks: &[Block], key: &str) -> String {
    let Some(span) = find(blocks, key) else { return String::new() };
    blocks[span.begin + 1..span.end].iter().map(|b| b.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// The page with the section for `key` replaced by `content` (appended, with anchors, when the
/// page has no section yet). Blocks outside the section are kept byte for byte.
pub fn replace(page: &str, key: &str, content: &str) -> Result<String, DocumentError> {
    let blocks = parse_page(page)?;
    let Some(span) = find(&blocks, key) else {
        return Ok(format!("{page}{}{content}{}", anchor(key, "begin"), anchor(key, "end")));
    };
    let before: String = blocks[..=span.begin].iter().map(|b| b.source.as_str()).collect();
    let after: String = blocks[span.end..].iter().map(|b| b.source.as_str()).collect();
    Ok(format!("{before}{content}{after}"))
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;

    #[test]
    fn replaces_only_the_blocks_between_the_anchors() {
        let page = format!("<p>intro</p>{}<p>old</p>{}<p>outro &nbsp;</p>", anchor("PAY-1", "begin"), anchor("PAY-1", "end"));
        let out = replace(&page, "PAY-1", "<p>new</p>").unwrap();
        assert_eq!(out, format!("<p>intro</p>{}<p>new</p>{}<p>outro &nbsp;</p>", anchor("PAY-1", "begin"), anchor("PAY-1", "end")));
    }

    #[test]
    fn appends_a_section_when_the_page_has_none() {
        let out = replace("<p>intro</p>", "PAY-1", "<p>new</p>").unwrap();
        let blocks = parse_page(&out).unwrap();
        assert_eq!(find(&blocks, "PAY-1"), Some(Span { begin: 1, end: 3 }));
        assert_eq!(current_text(&blocks, "PAY-1"), "new");
    }

    #[test]
    fn ignores_the_section_of_another_issue() {
        let page = format!("{}<p>x</p>{}", anchor("PAY-2", "begin"), anchor("PAY-2", "end"));
        assert_eq!(find(&parse_page(&page).unwrap(), "PAY-1"), None);
    }
}
