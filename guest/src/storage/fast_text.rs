//! The fast path for reading a block's text.
//!
//! Reviews and word diffs need the readable text of every changed block, and quick-xml's
//! events cost several times what reading the tags does. This path reads the markup with
//! [`markup`](super::markup) (quick-xml's rules) and feeds the same [`TextCollector`] that
//! quick-xml's events feed, so the two can differ only in how markup is read. Where the block
//! holds something `markup` does not read, it gives up and quick-xml reads the block. A
//! property test in the parent module holds it to quick-xml's text on generated markup.

use quick_xml::events::BytesStart;

use super::markup::{Markup, TextPart, next_markup, read_markup, text_parts};
use super::{TextCollector, bom_len, is_void_name, lowered, text_in};

/// The readable text of `source`, as quick-xml's events give it, or `None` when the block holds
/// markup this path does not read.
pub(super) fn fast_text(source: &str) -> Option<String> {
    let mut text = TextCollector::default();
    // The text is never longer than the markup, but for the titles of links without a body.
    text.out.reserve(source.len());
    let mut at = bom_len(source);
    while let Some(lt) = next_markup(source, at) {
        push_text(&mut text, source.get(at..lt)?);
        let (markup, end) = read_markup(source, lt)?;
        match markup {
            Markup::Start {
                content,
                name_len,
                empty,
            } => text.open(&BytesStart::from_content(content, name_len), !empty, source),
            // quick-xml reports closing tags of void elements, which never open; skip them.
            Markup::End(name) if is_void_name(name) => {}
            Markup::End(name) => text.close(&lowered(text_in(source, name))),
            Markup::CData(data) => text.push(data),
            Markup::Comment => {}
        }
        at = end;
    }
    push_text(&mut text, source.get(at..)?);
    Some(text.finish())
}

/// Text between tags: runs as they are, references resolved.
fn push_text(text: &mut TextCollector, between: &str) {
    for part in text_parts(between) {
        match part {
            TextPart::Run(run) => text.push(run),
            TextPart::Reference(name) => text.push_reference(name),
        }
    }
}
