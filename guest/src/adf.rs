//! Atlassian Document Format (ADF) to prompt text.
//!
//! Jira bodies (descriptions, comments) arrive as ADF, a JSON tree. A prompt needs their text with
//! its structure (headings, lists, code, panels, tables, mentions) but not the JSON around it, so
//! this module normalizes an ADF document to Markdown-like text. The input is customer content and
//! may be hostile: every node is rendered or named, never dropped silently, and recursion is
//! bounded because a stack overflow in the guest is a trap.

use serde_json::Value;

/// How deep the renderer descends; deeper content becomes [`TOO_DEEP`].
const MAX_DEPTH: usize = 64;

/// What replaces content nested deeper than [`MAX_DEPTH`].
const TOO_DEEP: &str = "[nesting too deep]";

/// Node types that flow inside a line of text; every other node is a block.
const INLINE_TYPES: [&str; 10] = [
    "text",
    "hardBreak",
    "mention",
    "emoji",
    "date",
    "status",
    "inlineCard",
    "placeholder",
    "inlineExtension",
    "mediaInline",
];

/// Node types that are lists; a list nested directly in another list is indented, not marked.
const LIST_TYPES: [&str; 4] = ["bulletList", "orderedList", "taskList", "decisionList"];

/// Normalizes an ADF document (or any ADF node) to Markdown-like text.
///
/// Blocks are separated by one blank line, lists and quotes keep their nesting, and node types
/// this module does not know are kept as `[unknown node: TYPE]` followed by their content. The
/// result has no trailing whitespace and no trailing newline.
pub fn adf_to_text(doc: &Value) -> String {
    tidy(&render(doc, 0))
}

/// Renders one node of any type at the given depth.
fn render(node: &Value, depth: usize) -> String {
    if depth >= MAX_DEPTH {
        return TOO_DEEP.to_owned();
    }
    let d = depth + 1;
    match node_type(node) {
        "doc" | "layoutSection" | "layoutColumn" | "extensionFrame" => blocks(node, d),
        "paragraph" | "caption" | "taskItem" | "decisionItem" => inline(node, d),
        "listItem" | "mediaSingle" | "mediaGroup" => flow(node, d, "\n"),
        "text" => text(node),
        "hardBreak" => "\n".to_owned(),
        "heading" => heading(node, d),
        "bulletList" => list(node, d, |_, _| "- ".to_owned()),
        "orderedList" => ordered_list(node, d),
        "taskList" => list(node, d, |_, item| task_marker(item)),
        "decisionList" => list(node, d, |_, _| "- [decision] ".to_owned()),
        "codeBlock" => code_block(node, d),
        "blockquote" => prefix_lines(&blocks(node, d), "> ", "> "),
        "rule" => "---".to_owned(),
        "panel" => panel(node, d),
        "table" => table(node, d),
        "mention" => mention(node),
        "emoji" => emoji(node),
        "date" => date(node),
        "status" => format!("[STATUS: {}]", attr_str(node, "text").unwrap_or_default()),
        "inlineCard" | "blockCard" | "embedCard" => card(node),
        "expand" | "nestedExpand" => expand(node, d),
        "media" | "mediaInline" => media(node),
        "placeholder" => format!(
            "[placeholder: {}]",
            attr_str(node, "text").unwrap_or_default()
        ),
        "extension" | "inlineExtension" => extension_marker(node),
        "bodiedExtension" | "multiBodiedExtension" => {
            join([extension_marker(node), blocks(node, d)], "\n\n")
        }
        other => unknown(other, node, d),
    }
}

/// The node's `type`, or a label saying it has none.
fn node_type(node: &Value) -> &str {
    node.get("type")
        .and_then(Value::as_str)
        .unwrap_or("(missing type)")
}

/// The node's children (empty when `content` is absent or not an array).
fn content(node: &Value) -> &[Value] {
    node.get("content")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// A string attribute of the node.
fn attr_str<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
    node.get("attrs")?.get(key)?.as_str()
}

/// Whether the node flows inside a line of text.
fn is_inline(node: &Value) -> bool {
    INLINE_TYPES.contains(&node_type(node))
}

/// Whether the node is a list.
fn is_list(node: &Value) -> bool {
    LIST_TYPES.contains(&node_type(node))
}

/// The children as blocks separated by a blank line.
fn blocks(node: &Value, depth: usize) -> String {
    flow(node, depth, "\n\n")
}

/// The children concatenated, for nodes whose content is a line of text.
fn inline(node: &Value, depth: usize) -> String {
    inline_run(content(node), depth)
}

/// A run of inline nodes as one line of text. A text node that is part of a word of its
/// neighbours (`jane.doe@exa` + bold `mple.com`) keeps its emphasis out of the text: Markdown
/// markers inside a word would split it, and with it a value the redactor must see whole.
fn inline_run(nodes: &[Value], depth: usize) -> String {
    let mut out = String::new();
    for (index, node) in nodes.iter().enumerate() {
        let own = raw(Some(node));
        let before = index.checked_sub(1).and_then(|i| nodes.get(i));
        let in_word = node_type(node) == "text" && (glued(raw(before), own) || glued(own, raw(nodes.get(index + 1))));
        out.push_str(&if in_word { text_with(node, false) } else { render(node, depth) });
    }
    out
}

/// Whether `left` and `right` join inside one token (`exa|mple`, `doe@|example`), not at a word
/// boundary or before sentence punctuation (`twice|. Then`).
fn glued(left: &str, right: &str) -> bool {
    let mut before = left.chars().rev();
    let mut after = right.chars();
    let (Some(l), Some(r)) = (before.next(), after.next()) else { return false };
    let inside = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    match (l.is_alphanumeric(), r.is_alphanumeric()) {
        (true, true) => true,
        (false, true) => !l.is_whitespace() && inside(before.next()),
        (true, false) => !r.is_whitespace() && inside(after.next()),
        (false, false) => false,
    }
}

/// The raw text of a text node (empty for anything else, or none).
fn raw(node: Option<&Value>) -> &str {
    node.filter(|n| node_type(n) == "text").and_then(|n| n.get("text")).and_then(Value::as_str).unwrap_or_default()
}

/// The children with runs of inline nodes kept together and chunks separated by `sep`.
fn flow(node: &Value, depth: usize, sep: &str) -> String {
    let mut chunks = Vec::new();
    let children = content(node);
    let mut start = 0;
    for (index, child) in children.iter().enumerate() {
        if !is_inline(child) {
            chunks.push(inline_run(&children[start..index], depth));
            chunks.push(render(child, depth));
            start = index + 1;
        }
    }
    chunks.push(inline_run(&children[start..], depth));
    join(chunks, sep)
}

/// Joins the parts that have visible text, without their surrounding newlines.
fn join(parts: impl IntoIterator<Item = String>, sep: &str) -> String {
    let kept: Vec<String> = parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .map(|part| part.trim_matches('\n').to_owned())
        .collect();
    kept.join(sep)
}

/// Prefixes the first line with `first` and the others with `rest` (blank lines stay blank).
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let lines = text.split('\n').enumerate().map(|(index, line)| {
        let prefix = if index == 0 { first } else { rest };
        if line.is_empty() {
            prefix.trim_end().to_owned()
        } else {
            format!("{prefix}{line}")
        }
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// Removes trailing whitespace from every line and blank lines at both ends.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// A text node with its marks as Markdown; marks without a Markdown form keep the text plain.
fn text(node: &Value) -> String {
    text_with(node, true)
}

/// [`text`], with strike, emphasis and strong marks written only when `emphasis` is set.
fn text_with(node: &Value, emphasis: bool) -> String {
    let raw = crate::redact::plain_spaces(node.get("text").and_then(Value::as_str).unwrap_or_default());
    let raw = raw.as_str();
    if raw.is_empty() {
        return String::new();
    }
    let marks = node
        .get("marks")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let has = |kind: &str| marks.iter().any(|mark| node_type(mark) == kind);
    let mut out = if has("code") {
        code_span(raw)
    } else {
        raw.to_owned()
    };
    for (kind, wrap) in [("strike", "~~"), ("em", "_"), ("strong", "**")] {
        if emphasis && has(kind) {
            out = format!("{wrap}{out}{wrap}");
        }
    }
    let href = marks.iter().find(|mark| node_type(mark) == "link");
    match href.and_then(|link| attr_str(link, "href")) {
        Some(href) => format!("[{out}]({href})"),
        None => out,
    }
}

/// Inline code, with a backtick fence longer than any backtick run inside.
fn code_span(raw: &str) -> String {
    let fence = "`".repeat(longest_run(raw, '`') + 1);
    if raw.contains('`') {
        format!("{fence} {raw} {fence}")
    } else {
        format!("{fence}{raw}{fence}")
    }
}

/// The length of the longest run of `ch` in `text`.
fn longest_run(text: &str, ch: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        current = if c == ch { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// `#` × level (clamped to 1–6), then the heading text.
fn heading(node: &Value, depth: usize) -> String {
    let level = node
        .get("attrs")
        .and_then(|attrs| attrs.get("level"))
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .clamp(1, 6);
    let hashes = "#".repeat(usize::try_from(level).unwrap_or(1));
    format!("{hashes} {}", inline(node, depth))
}

/// The items of a list, one per line group, each prefixed by `marker(index, item)`.
fn list(node: &Value, depth: usize, marker: impl Fn(u64, &Value) -> String) -> String {
    let mut index = 0;
    let mut items = Vec::new();
    for child in content(node) {
        let body = render(child, depth);
        if is_list(child) {
            items.push(prefix_lines(&body, "  ", "  "));
        } else {
            items.push(prefix_lines(&body, &marker(index, child), "  "));
            index += 1;
        }
    }
    join(items, "\n")
}

/// An ordered list numbered from `attrs.order` (1 when absent).
fn ordered_list(node: &Value, depth: usize) -> String {
    let start = node
        .get("attrs")
        .and_then(|attrs| attrs.get("order"))
        .and_then(Value::as_u64)
        .unwrap_or(1);
    list(node, depth, |index, _| {
        format!("{}. ", start.saturating_add(index))
    })
}

/// `- [x] ` for a task whose state is `DONE`, `- [ ] ` otherwise.
fn task_marker(item: &Value) -> String {
    let done = attr_str(item, "state") == Some("DONE");
    if done { "- [x] " } else { "- [ ] " }.to_owned()
}

/// A fenced code block with its language, the fence longer than any backtick run inside.
fn code_block(node: &Value, depth: usize) -> String {
    let code = inline(node, depth);
    let fence = "`".repeat((longest_run(&code, '`') + 1).max(3));
    let language: String = attr_str(node, "language")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    format!("{fence}{language}\n{code}\n{fence}")
}

/// A quote headed by the panel type, e.g. `> [!WARNING]`.
fn panel(node: &Value, depth: usize) -> String {
    let kind: String = attr_str(node, "panelType")
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let kind = if kind.is_empty() {
        "INFO".to_owned()
    } else {
        kind
    };
    let body = blocks(node, depth);
    prefix_lines(&join([format!("[!{kind}]"), body], "\n"), "> ", "> ")
}

/// A Markdown pipe table; the first row is the header.
///
/// Rows are not padded to the widest row (Markdown reads short rows as ending in empty cells):
/// padding would let one wide row multiply the size of every other row.
fn table(node: &Value, depth: usize) -> String {
    let rows: Vec<Vec<String>> = content(node).iter().map(|row| cells(row, depth)).collect();
    let mut lines: Vec<String> = rows.iter().map(|row| table_line(row)).collect();
    if let Some(header) = rows.first() {
        lines.insert(1, table_line(&vec!["---".to_owned(); header.len().max(1)]));
    }
    lines.join("\n")
}

/// The cell texts of a row; a child that is not a row becomes a row of one cell.
fn cells(row: &Value, depth: usize) -> Vec<String> {
    if node_type(row) != "tableRow" {
        return vec![cell_text(&render(row, depth))];
    }
    let cell = |cell: &Value| match node_type(cell) {
        "tableHeader" | "tableCell" => flow(cell, depth, "\n"),
        _ => render(cell, depth),
    };
    content(row).iter().map(|c| cell_text(&cell(c))).collect()
}

/// A cell's text on one line, with `|` escaped.
fn cell_text(text: &str) -> String {
    text.trim().replace('|', "\\|").replace('\n', "<br>")
}

/// One table line.
fn table_line(row: &[String]) -> String {
    format!("| {} |", row.join(" | "))
}

/// `@name`, from `attrs.text` without a duplicated `@`, else from `attrs.id`.
fn mention(node: &Value) -> String {
    let text = attr_str(node, "text").map(|text| text.trim_start_matches('@'));
    let name = text
        .filter(|text| !text.is_empty())
        .or_else(|| attr_str(node, "id"))
        .unwrap_or("unknown");
    format!("@{name}")
}

/// The emoji's character, else its short name.
fn emoji(node: &Value) -> String {
    let text = attr_str(node, "text").filter(|text| !text.is_empty());
    text.or_else(|| attr_str(node, "shortName"))
        .unwrap_or_default()
        .to_owned()
}

/// `YYYY-MM-DD` (UTC) from `attrs.timestamp`, milliseconds since the epoch as a string or number.
fn date(node: &Value) -> String {
    let timestamp = node.get("attrs").and_then(|attrs| attrs.get("timestamp"));
    let millis = match timestamp {
        Some(Value::String(text)) => text.trim().parse::<i64>().ok(),
        Some(Value::Number(number)) => number.as_i64(),
        _ => None,
    };
    millis.map_or_else(|| "[date: invalid]".to_owned(), iso_date)
}

/// `YYYY-MM-DD` (UTC) of an instant in milliseconds since the epoch.
fn iso_date(millis: i64) -> String {
    let (year, month, day) = civil_from_days(millis.div_euclid(86_400_000));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `<url>` from `attrs.url`, else from the JSON-LD `attrs.data.url`.
fn card(node: &Value) -> String {
    let data_url = || node.get("attrs")?.get("data")?.get("url")?.as_str();
    match attr_str(node, "url").or_else(data_url) {
        Some(url) => format!("<{url}>"),
        None => "[card]".to_owned(),
    }
}

/// The title in bold, then the content.
fn expand(node: &Value, depth: usize) -> String {
    let title = attr_str(node, "title").unwrap_or_default().trim();
    let title = if title.is_empty() {
        String::new()
    } else {
        format!("**{title}**")
    };
    join([title, blocks(node, depth)], "\n\n")
}

/// `[media: alt]`, else `[media: id]`.
fn media(node: &Value) -> String {
    let alt = attr_str(node, "alt").filter(|alt| !alt.is_empty());
    match alt.or_else(|| attr_str(node, "id")) {
        Some(name) => format!("[media: {name}]"),
        None => "[media]".to_owned(),
    }
}

/// `[extension: key]`.
fn extension_marker(node: &Value) -> String {
    format!(
        "[extension: {}]",
        attr_str(node, "extensionKey").unwrap_or_default()
    )
}

/// `[unknown node: TYPE]` followed by the text of its content.
fn unknown(kind: &str, node: &Value, depth: usize) -> String {
    let marker = format!("[unknown node: {kind}]");
    if content(node).iter().all(is_inline) {
        join([marker, inline(node, depth)], " ")
    } else {
        join([marker, blocks(node, depth)], "\n")
    }
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;
    use expect_test::expect;
    use serde_json::json;

    fn doc(content: Value) -> Value {
        json!({ "type": "doc", "version": 1, "content": content })
    }

    fn para(text: &str) -> Value {
        json!({ "type": "paragraph", "content": [{ "type": "text", "text": text }] })
    }

    /// Takes a deep tree apart one level at a time, so dropping it does not recurse.
    fn dismantle(mut node: Value) {
        while let Some(child) = node
            .get_mut("content")
            .and_then(Value::as_array_mut)
            .and_then(Vec::pop)
        {
            node = child;
        }
    }

    /// A node of type `kind` around `child`, moved in (`json!` would copy it, recursively).
    fn node_around(kind: &str, child: Value) -> Value {
        let mut node = serde_json::Map::new();
        node.insert("type".to_owned(), json!(kind));
        node.insert("content".to_owned(), Value::Array(vec![child]));
        Value::Object(node)
    }

    /// Every node type, in parts small enough for `json!`.
    fn representative_doc() -> Value {
        let parts = [
            inline_nodes(),
            list_and_quote_nodes(),
            table_and_card_nodes(),
            other_block_nodes(),
        ];
        doc(Value::Array(
            parts
                .into_iter()
                .flat_map(|part| part.as_array().cloned().unwrap())
                .collect(),
        ))
    }

    fn inline_nodes() -> Value {
        json!([
            { "type": "heading", "attrs": { "level": 2 }, "content": [{ "type": "text", "text": "Summary" }] },
            { "type": "paragraph", "content": [
                { "type": "text", "text": "bold", "marks": [{ "type": "strong" }] },
                { "type": "text", "text": " " },
                { "type": "text", "text": "italic", "marks": [{ "type": "em" }] },
                { "type": "text", "text": " " },
                { "type": "text", "text": "retry()", "marks": [{ "type": "code" }] },
                { "type": "text", "text": " " },
                { "type": "text", "text": "gone", "marks": [{ "type": "strike" }] },
                { "type": "text", "text": " " },
                { "type": "text", "text": "docs", "marks": [{ "type": "link", "attrs": { "href": "https://example.com/docs" } }] },
                { "type": "text", "text": " " },
                { "type": "text", "text": "plain", "marks": [{ "type": "underline" }, { "type": "textColor", "attrs": { "color": "#ff0000" } }, { "type": "subsup", "attrs": { "type": "sub" } }] },
                { "type": "hardBreak" },
                { "type": "text", "text": "ping " },
                { "type": "mention", "attrs": { "id": "5b10a2844c20165700ede21g", "text": "@Priya Nair" } },
                { "type": "text", "text": " " },
                { "type": "mention", "attrs": { "id": "5b10ac8d82e05b22cc7d4ef5" } },
                { "type": "text", "text": " " },
                { "type": "emoji", "attrs": { "shortName": ":warning:", "text": "⚠️" } },
                { "type": "emoji", "attrs": { "shortName": ":party:" } },
                { "type": "text", "text": " due " },
                { "type": "date", "attrs": { "timestamp": "1718841600000" } },
                { "type": "text", "text": " " },
                { "type": "status", "attrs": { "text": "IN REVIEW", "color": "blue" } },
                { "type": "text", "text": " " },
                { "type": "inlineCard", "attrs": { "url": "https://pay.example.com/runbook" } },
                { "type": "text", "text": " " },
                { "type": "placeholder", "attrs": { "text": "Type here" } },
                { "type": "text", "text": " " },
                { "type": "inlineExtension", "attrs": { "extensionType": "com.example", "extensionKey": "badge" } },
                { "type": "text", "text": " " },
                { "type": "mediaInline", "attrs": { "id": "inline-file-1" } }
            ] }
        ])
    }

    fn list_and_quote_nodes() -> Value {
        json!([
            { "type": "bulletList", "content": [
                { "type": "listItem", "content": [
                    para("first"),
                    { "type": "bulletList", "content": [{ "type": "listItem", "content": [para("nested")] }] }
                ] },
                { "type": "listItem", "content": [para("second")] }
            ] },
            { "type": "orderedList", "attrs": { "order": 3 }, "content": [
                { "type": "listItem", "content": [para("third")] },
                { "type": "listItem", "content": [para("fourth")] }
            ] },
            { "type": "codeBlock", "attrs": { "language": "json" }, "content": [{ "type": "text", "text": "{\n  \"id\": \"evt_1\"\n}" }] },
            { "type": "blockquote", "content": [para("quoted"), para("twice")] },
            { "type": "rule" },
            { "type": "panel", "attrs": { "panelType": "warning" }, "content": [para("careful")] }
        ])
    }

    fn table_and_card_nodes() -> Value {
        json!([
            { "type": "table", "content": [
                { "type": "tableRow", "content": [
                    { "type": "tableHeader", "content": [para("name")] },
                    { "type": "tableHeader", "content": [para("value")] }
                ] },
                { "type": "tableRow", "content": [
                    { "type": "tableCell", "content": [para("a|b")] },
                    { "type": "tableCell", "content": [para("1"), para("2")] }
                ] },
                { "type": "tableRow", "content": [{ "type": "tableCell", "content": [para("short")] }] }
            ] },
            { "type": "blockCard", "attrs": { "url": "https://pay.example.com/block" } },
            { "type": "embedCard", "attrs": { "url": "https://pay.example.com/embed", "layout": "center" } },
            { "type": "inlineCard", "attrs": { "data": { "url": "https://pay.example.com/data" } } }
        ])
    }

    fn other_block_nodes() -> Value {
        json!([
            { "type": "expand", "attrs": { "title": "Details" }, "content": [
                para("hidden"),
                { "type": "nestedExpand", "attrs": { "title": "More" }, "content": [para("deeper")] }
            ] },
            { "type": "mediaSingle", "attrs": { "layout": "center" }, "content": [
                { "type": "media", "attrs": { "id": "abc-123", "type": "file", "collection": "c", "alt": "ledger graph" } },
                { "type": "caption", "content": [{ "type": "text", "text": "Ledger over time" }] }
            ] },
            { "type": "mediaGroup", "content": [
                { "type": "media", "attrs": { "id": "file-1", "type": "file", "collection": "c" } },
                { "type": "media", "attrs": { "id": "file-2", "type": "file", "collection": "c" } }
            ] },
            { "type": "decisionList", "attrs": { "localId": "d" }, "content": [
                { "type": "decisionItem", "attrs": { "localId": "d1", "state": "DECIDED" }, "content": [{ "type": "text", "text": "Use idempotency keys" }] }
            ] },
            { "type": "taskList", "attrs": { "localId": "t" }, "content": [
                { "type": "taskItem", "attrs": { "localId": "t1", "state": "DONE" }, "content": [{ "type": "text", "text": "Reproduce" }] },
                { "type": "taskItem", "attrs": { "localId": "t2", "state": "TODO" }, "content": [{ "type": "text", "text": "Fix" }] },
                { "type": "taskList", "attrs": { "localId": "t3" }, "content": [
                    { "type": "taskItem", "attrs": { "localId": "t4", "state": "TODO" }, "content": [{ "type": "text", "text": "Backfill" }] }
                ] }
            ] },
            { "type": "extension", "attrs": { "extensionType": "com.atlassian.macro", "extensionKey": "toc" } },
            { "type": "bodiedExtension", "attrs": { "extensionType": "com.atlassian.macro", "extensionKey": "details" }, "content": [para("inside")] },
            { "type": "multiBodiedExtension", "attrs": { "extensionType": "com.example", "extensionKey": "tabs" }, "content": [
                { "type": "extensionFrame", "content": [para("tab one")] }
            ] },
            { "type": "layoutSection", "content": [
                { "type": "layoutColumn", "attrs": { "width": 50 }, "content": [para("left")] },
                { "type": "layoutColumn", "attrs": { "width": 50 }, "content": [para("right")] }
            ] },
            { "type": "hologram", "content": [para("still here")] }
        ])
    }

    #[test]
    fn a_value_split_by_marks_or_written_with_odd_spaces_reaches_the_text_whole() {
        let doc = json!({ "type": "doc", "content": [{ "type": "paragraph", "content": [
            { "type": "text", "text": "mail jane.doe@exa" },
            { "type": "text", "text": "mple.com", "marks": [{ "type": "strong" }] },
            { "type": "text", "text": ", call +44\u{a0}20\u{202f}7946\u{a0}0958 or j\u{200b}o@" },
            { "type": "text", "text": "example.com", "marks": [{ "type": "em" }] },
            { "type": "text", "text": ", " },
            { "type": "text", "text": "bold", "marks": [{ "type": "strong" }] },
            { "type": "text", "text": "." },
        ] }] });
        assert_eq!(adf_to_text(&doc), "mail jane.doe@example.com, call +44 20 7946 0958 or jo@example.com, **bold**.");
    }

    #[test]
    fn renders_every_node_type_of_a_representative_document() {
        expect![[r#"
            ## Summary

            **bold** _italic_ `retry()` ~~gone~~ [docs](https://example.com/docs) plain
            ping @Priya Nair @5b10ac8d82e05b22cc7d4ef5 ⚠️:party: due 2024-06-20 [STATUS: IN REVIEW] <https://pay.example.com/runbook> [placeholder: Type here] [extension: badge] [media: inline-file-1]

            - first
              - nested
            - second

            3. third
            4. fourth

            ```json
            {
              "id": "evt_1"
            }
            ```

            > quoted
            >
            > twice

            ---

            > [!WARNING]
            > careful

            | name | value |
            | --- | --- |
            | a\|b | 1<br>2 |
            | short |

            <https://pay.example.com/block>

            <https://pay.example.com/embed>

            <https://pay.example.com/data>

            **Details**

            hidden

            **More**

            deeper

            [media: ledger graph]
            Ledger over time

            [media: file-1]
            [media: file-2]

            - [decision] Use idempotency keys

            - [x] Reproduce
            - [ ] Fix
              - [ ] Backfill

            [extension: toc]

            [extension: details]

            inside

            [extension: tabs]

            tab one

            left

            right

            [unknown node: hologram]
            still here"#]]
        .assert_eq(&adf_to_text(&representative_doc()));
    }

    #[test]
    fn knows_every_node_type_of_the_representative_document_but_the_made_up_one() {
        let text = adf_to_text(&representative_doc());
        assert_eq!(text.matches("[unknown node:").count(), 1);
        assert!(text.contains("[unknown node: hologram]"));
    }

    #[test]
    fn does_not_pad_short_rows_to_the_widest_row() {
        let cell = |text: &str| json!({ "type": "tableCell", "content": [para(text)] });
        let wide: Vec<Value> = (0..1_000).map(|i| cell(&i.to_string())).collect();
        let table = json!({ "type": "table", "content": [
            { "type": "tableRow", "content": [cell("h")] },
            { "type": "tableRow", "content": wide },
            { "type": "tableRow", "content": [cell("narrow")] }
        ] });
        let text = adf_to_text(&table);
        assert!(text.starts_with("| h |\n| --- |\n| 0 | 1 |"));
        assert!(text.ends_with("| 999 |\n| narrow |"));
    }

    #[test]
    fn keeps_unknown_nodes_with_their_type_named() {
        let inline_unknown = doc(json!([{ "type": "paragraph", "content": [
            { "type": "text", "text": "see " },
            { "type": "sparkle", "content": [{ "type": "text", "text": "shiny" }] }
        ] }]));
        assert_eq!(
            adf_to_text(&inline_unknown),
            "see [unknown node: sparkle] shiny"
        );
        let untyped = doc(json!([{ "content": [para("orphan")] }]));
        assert_eq!(
            adf_to_text(&untyped),
            "[unknown node: (missing type)]\norphan"
        );
    }

    #[test]
    fn stops_a_nesting_bomb_without_overflowing_the_stack() {
        let mut node = para("bottom");
        for _ in 0..10_000 {
            node = node_around("blockquote", node);
        }
        let bomb = node_around("doc", node);
        let text = adf_to_text(&bomb);
        dismantle(bomb);
        assert!(text.ends_with("[nesting too deep]"));
        assert!(!text.contains("bottom"));
        assert_eq!(text.matches('>').count(), MAX_DEPTH - 1);
    }

    #[test]
    fn numbers_ordered_lists_from_one_by_default() {
        let list = doc(json!([{ "type": "orderedList", "content": [
            { "type": "listItem", "content": [para("a")] },
            { "type": "listItem", "content": [para("b")] }
        ] }]));
        assert_eq!(adf_to_text(&list), "1. a\n2. b");
    }

    #[test]
    fn indents_nested_ordered_lists_by_two_spaces() {
        let nested = doc(json!([{ "type": "bulletList", "content": [
            { "type": "listItem", "content": [
                para("outer"),
                { "type": "orderedList", "content": [{ "type": "listItem", "content": [para("inner")] }] }
            ] }
        ] }]));
        assert_eq!(adf_to_text(&nested), "- outer\n  1. inner");
    }

    #[test]
    fn lengthens_the_code_fence_when_the_code_contains_backticks() {
        let code = doc(
            json!([{ "type": "codeBlock", "content": [{ "type": "text", "text": "```\nx\n```" }] }]),
        );
        assert_eq!(adf_to_text(&code), "````\n```\nx\n```\n````");
        let span = doc(json!([{ "type": "paragraph", "content": [
            { "type": "text", "text": "a`b", "marks": [{ "type": "code" }] }
        ] }]));
        assert_eq!(adf_to_text(&span), "`` a`b ``");
    }

    #[test]
    fn converts_timestamps_to_civil_dates() {
        let at = |timestamp: Value| {
            adf_to_text(&json!({ "type": "date", "attrs": { "timestamp": timestamp } }))
        };
        assert_eq!(at(json!("0")), "1970-01-01");
        assert_eq!(at(json!(951_782_400_000_i64)), "2000-02-29");
        assert_eq!(at(json!("-86400000")), "1969-12-31");
        assert_eq!(at(json!("4102444800000")), "2100-01-01");
        assert_eq!(at(json!("soon")), "[date: invalid]");
    }

    #[test]
    fn does_not_duplicate_the_at_sign_of_mentions() {
        let mention = |attrs: Value| adf_to_text(&json!({ "type": "mention", "attrs": attrs }));
        assert_eq!(mention(json!({ "id": "x", "text": "@Ann" })), "@Ann");
        assert_eq!(mention(json!({ "id": "x", "text": "Ann" })), "@Ann");
        assert_eq!(mention(json!({ "id": "acc-1", "text": "" })), "@acc-1");
    }

    #[test]
    fn defaults_panels_to_info_and_strips_odd_characters_from_the_type() {
        let panel = |attrs: Value| {
            adf_to_text(&json!({ "type": "panel", "attrs": attrs, "content": [para("x")] }))
        };
        assert_eq!(panel(json!({})), "> [!INFO]\n> x");
        assert_eq!(panel(json!({ "panelType": "no]te\n" })), "> [!NOTE]\n> x");
    }

    #[test]
    fn ends_without_trailing_whitespace_or_newline() {
        let trailing = doc(json!([
            { "type": "paragraph", "content": [{ "type": "text", "text": "end   " }, { "type": "hardBreak" }] },
            { "type": "paragraph", "content": [] }
        ]));
        assert_eq!(adf_to_text(&trailing), "end");
    }

    #[test]
    fn tolerates_content_that_is_not_an_array_and_nodes_that_are_not_objects() {
        let odd = doc(json!([{ "type": "paragraph", "content": "text" }, 42, para("ok")]));
        assert_eq!(adf_to_text(&odd), "[unknown node: (missing type)]\n\nok");
    }
}
