//! The self-contained HTML review: inline styles, no scripts, no external assets; blocks' readable
//! text only, escaped, with insertions, deletions, moves and link targets marked.

use super::*;

/// The review page's only styling; no scripts, no external assets (also enforced by its CSP).
pub(super) const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#172b4d}\
.summary{font-weight:600}\
.block{border-left:4px solid #dfe1e6;margin:1rem 0;padding:.25rem .75rem}\
.changed{border-color:#0065ff}.added{border-color:#36b37e}.removed{border-color:#de350b}\
.moved{border-left-style:dashed;border-color:#6554c0;background:#f4f2fc}\
.label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5e6c84}\
.unchanged,.note{color:#5e6c84;font-style:italic}\
del{background:#ffebe6;color:#bf2600}ins{background:#e3fcef;color:#006644;text-decoration:none}\
pre.markup{white-space:pre-wrap;word-break:break-all;font:13px/1.4 ui-monospace,monospace;background:#f4f5f7;padding:.5rem}";

/// The self-contained HTML review page.
pub(super) fn render(summary: &str, steps: &[Step<'_>]) -> String {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    html.push_str("<title>Sync-o: review of page changes</title>\n<style>");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n<h1>Review of page changes</h1>\n");
    html.push_str("<p class=\"summary\">");
    html_into(&mut html, summary);
    html.push_str("</p>\n");
    // Unchanged blocks are counted across the steps that show nothing (a moved block's old
    // place, blank blocks), so one line stands for each run of them.
    let mut unchanged = 0;
    for step in steps {
        match step {
            Step::Equal { count, .. } => unchanged += count,
            _ if step.is_visible_change() => {
                render_unchanged(&mut html, std::mem::take(&mut unchanged));
                render_step(&mut html, step);
            }
            _ => {}
        }
    }
    render_unchanged(&mut html, unchanged);
    html.push_str("</body>\n</html>\n");
    html
}

/// The line standing for `count` unchanged blocks (none for none).
pub(super) fn render_unchanged(html: &mut String, count: usize) {
    if count > 0 {
        let plural = if count == 1 { "" } else { "s" };
        let _ = writeln!(html, "<p class=\"unchanged\">{count} unchanged block{plural}</p>");
    }
}

/// A visible change.
pub(super) fn render_step(html: &mut String, step: &Step<'_>) {
    match step {
        Step::Equal { .. } => {}
        Step::Insert(item) => section(html, "added", item.block.kind, |html| {
            marked(html, "ins", &item.block.text);
            render_links(html, "", item.block.source);
        }),
        Step::Delete(item) => section(html, "removed", item.block.kind, |html| {
            marked(html, "del", &item.block.text)
        }),
        Step::Replace { old, new, words } => section(html, "changed", new.block.kind, |html| {
            render_words(html, words);
            render_links(html, old.block.source, new.block.source);
            if words.iter().all(|run| run.tag == ChangeTag::Equal) {
                html.push_str("<p class=\"note\">Only the markup changed; the text is the same. Where it changed:</p>");
                render_markup_change(html, old.block.key(), new.block.key());
            }
        }),
        Step::Move { old, new } => section(html, "moved", new.block.kind, |html| {
            plain(html, &new.block.text);
            let _ = write!(
                html,
                "<p class=\"note\">Moved here from block {} of the old version.</p>",
                old.index + 1
            );
        }),
    }
}

/// One changed block: a label ("Paragraph changed") and its body.
pub(super) fn section(html: &mut String, class: &str, kind: BlockKind, body: impl FnOnce(&mut String)) {
    html.push_str("<section class=\"block ");
    html.push_str(class);
    html.push_str("\"><div class=\"label\">");
    push_capitalized(html, noun(kind, 1));
    html.push(' ');
    html.push_str(class);
    html.push_str("</div>");
    body(html);
    html.push_str("</section>\n");
}

/// A whole block's text inside `<ins>` or `<del>`.
pub(super) fn marked(html: &mut String, tag: &str, text: &str) {
    if text.is_empty() {
        html.push_str("<p class=\"note\">(no text)</p>");
        return;
    }
    let _ = write!(html, "<p><{tag}>");
    html_into(html, text);
    let _ = write!(html, "</{tag}></p>");
}

/// A whole block's text, unmarked.
pub(super) fn plain(html: &mut String, text: &str) {
    if text.is_empty() {
        html.push_str("<p class=\"note\">(no text)</p>");
        return;
    }
    html.push_str("<p>");
    html_into(html, text);
    html.push_str("</p>");
}

/// The attributes whose values are where a link goes.
pub(super) const LINK_ATTRIBUTES: [&str; 2] = ["href=\"", "ri:value=\""];

/// At most this many link targets are listed for one block.
pub(super) const MAX_LINKS_SHOWN: usize = 20;

/// Where the links of a new or changed block go, those `old` did not have: link text can say one
/// thing and point elsewhere, and the person approving the update must see where.
pub(super) fn render_links(html: &mut String, old: &str, new: &str) {
    let targets: Vec<&str> = link_targets(new).filter(|target| !link_targets(old).any(|had| had == *target)).take(MAX_LINKS_SHOWN).collect();
    if targets.is_empty() {
        return;
    }
    html.push_str("<p class=\"note\">Links to: ");
    for (index, target) in targets.iter().enumerate() {
        if index > 0 {
            html.push_str(", ");
        }
        html.push_str("<code>");
        html_into(html, &crate::storage::decode_entities(target));
        html.push_str("</code>");
    }
    html.push_str("</p>");
}

/// The link targets written in a block's markup (`href` and `ri:value` attributes), as written.
/// Searched with `memchr`'s vectorized substring search, its searchers built once: every changed
/// block of a page is searched, and `str`'s own search (or a searcher built per block) cost a
/// fifth to a third more time on a page whose every block changed.
pub(super) fn link_targets(source: &str) -> impl Iterator<Item = &str> {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> = std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| LINK_ATTRIBUTES.map(memchr::memmem::Finder::new));
    // A block without a `=` has no attribute, so no link: most paragraphs are skipped at once.
    let searched = if memchr::memchr(b'=', source.as_bytes()).is_some() { &finders[..] } else { &[] };
    searched.iter().flat_map(move |finder| {
        finder.find_iter(source.as_bytes()).filter_map(move |at| {
            let value = source.get(at + finder.needle().len()..)?;
            value.find('"').and_then(|end| value.get(..end))
        })
    })
}

/// Unchanged markup shown on each side of a markup change, at most (bytes).
pub(super) const MARKUP_CONTEXT: usize = 80;

/// Where two block sources differ, as markup: the changed middle of each (between their common
/// start and end) with a little unchanged markup around it. So a change the text does not show,
/// a link's new target, a code block's new indentation, an attribute, is seen by the person who
/// approves the update. Linear: no diff is run on markup. `old` and `new` are the blocks' keys
/// (sources with surrounding whitespace trimmed).
pub(super) fn render_markup_change(html: &mut String, old: &str, new: &str) {
    let mut start = common_prefix_len(old.as_bytes(), new.as_bytes());
    while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    let tail = common_suffix_len(&old.as_bytes()[start..], &new.as_bytes()[start..]);
    let (old_end, new_end) = (old.len() - tail, new.len() - tail);
    let mut context = start.saturating_sub(MARKUP_CONTEXT);
    while !old.is_char_boundary(context) {
        context += 1;
    }
    let mut after = old_end + tail.min(MARKUP_CONTEXT);
    while !old.is_char_boundary(after) {
        after -= 1;
    }
    html.push_str("<pre class=\"markup\">");
    if context > 0 {
        html.push('…');
    }
    html_into(html, &old[context..start]);
    for (tag, changed) in [("del", &old[start..old_end]), ("ins", &new[start..new_end])] {
        if !changed.is_empty() {
            let _ = write!(html, "<{tag}>");
            html_into(html, changed);
            let _ = write!(html, "</{tag}>");
        }
    }
    html_into(html, &old[old_end..after]);
    if after < old.len() {
        html.push('…');
    }
    html.push_str("</pre>");
}

/// A word-level diff with deletions in `<del>` and insertions in `<ins>`.
pub(super) fn render_words(html: &mut String, words: &[Words<'_>]) {
    html.push_str("<p>");
    for run in words {
        let (open, close) = match run.tag {
            ChangeTag::Delete => ("<del>", "</del>"),
            ChangeTag::Insert => ("<ins>", "</ins>"),
            ChangeTag::Equal => ("", ""),
        };
        html.push_str(open);
        html_into(html, &run.text);
        html.push_str(close);
    }
    html.push_str("</p>");
}

/// Appends `word` with its first letter in upper case.
pub(super) fn push_capitalized(html: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        html.extend(first.to_uppercase());
        html.push_str(chars.as_str());
    }
}
