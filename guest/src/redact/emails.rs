//! The check of email addresses: an address is redacted unless it is no address at all (the
//! user of a URL's credentials, a message id).

use super::*;

/// Accepts an email address, unless it is the `user@host` of a URL (`https://user@host`). The
/// candidate is narrowed to a real address: the local part goes back from the `@` over ASCII
/// address characters and letters or digits of any script, the domain forward over labels of
/// those, so punctuation outside ASCII (`“…”`, `—`) around it stays out. The domain needs a dot
/// and a top-level label of two letters or more, and no ASCII letter or digit glued after it;
/// `git@host:path` is a git remote (`git@github.com:org/repo.git`), not an address.
pub(super) fn check_email(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let (at, separator) = match matched.find('@') {
        Some(at) => (at, 1),
        None => (matched.find("%40")?, 3),
    };
    // In Chinese or Japanese text an ASCII address is glued to the words around it
    // (`詳細はsupport@example.co.jpまで`): a local part or domain begun in ASCII stops where that
    // script begins.
    let mut ascii_seen = false;
    let local = matched[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| {
            let part = (c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')) && !(ascii_seen && is_unspaced_script(c));
            ascii_seen |= c.is_ascii();
            part
        })
        .last()
        .map(|(i, _)| i)?;
    let local = local + matched[local..at].find(|c: char| c.is_alphanumeric() || c == '_')?;
    let local = local + edifact_tag_len(text, found.start + local);
    let domain = &matched[at + separator..];
    let mut ascii_seen = false;
    let domain_len = domain
        .char_indices()
        .find(|&(_, c)| {
            let ends = !(c.is_alphanumeric() || c == '-' || c == '.') || (ascii_seen && is_unspaced_script(c));
            ascii_seen |= c.is_ascii_alphanumeric();
            ends
        })
        .map_or(domain.len(), |(i, _)| i);
    let domain = domain[..domain_len].trim_end_matches(['.', '-']);
    let (_, top) = domain.rsplit_once('.')?;
    let end = found.start + at + separator + domain.len();
    // `git@github.com:org/repo.git` is a repository's address, not a person's.
    let remote = &matched[local..at] == "git" && byte_at(text, end) == Some(b':');
    let valid = top.chars().count() >= 2
        && top.chars().all(char::is_alphabetic)
        && !is_alnum(byte_at(text, end))
        && byte_at(text, end) != Some(b'_')
        && !remote
        && !in_url_user_info(text, found.start + local)
        && !in_message_id_header(text, found.start + local);
    valid.then_some(Accept::plain(found.start + local..end))
}

/// The length of an EDIFACT communication segment's tag and its `+` at `at`
/// (`COM+JANE.DOE@EXAMPLE.COM:EM'`, a contact's address in a shipping message), when the
/// segment starts there: at a line's start or after the `'` that ends the segment before. 0
/// otherwise (`DEV+jira@…` is an address with a sub-address).
fn edifact_tag_len(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let segment_start = at == 0 || matches!(bytes[at - 1], b'\n' | b'\'');
    let tagged = bytes.get(at..at + 4) == Some(b"COM+");
    if segment_start && tagged { 4 } else { 0 }
}

/// Whether an address-like token at `at` is the user info of a URL: right after its `://`, or
/// its password after `://user:` (`https://oauth2:glpat-…@gitlab…`).
pub(super) fn in_url_user_info(text: &str, at: usize) -> bool {
    let before = context_before(text, at, 256);
    let token = before.rsplit(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '(')).next().unwrap_or_default();
    before.ends_with("://") || (token.ends_with(':') && token.contains("://") && !token.contains('@'))
}

/// Whether the address at `at` is a message id in angle brackets in the value of a mail header
/// that holds them (`Message-ID: <CAMi…@mail.gmail.com>`, `In-Reply-To:`, `References:` at the
/// start of its line, folded onto the lines after it too): ids written like addresses, not
/// mailboxes.
pub(super) fn in_message_id_header(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    // A message id is written in angle brackets: `<` opens the token the address ends.
    let floor = at.saturating_sub(MAX_MESSAGE_ID_BYTES);
    let Some(token_start) = bytes[floor..at].iter().rposition(|b| b.is_ascii_whitespace() || *b == b'<').map(|i| floor + i) else {
        return false;
    };
    if bytes[token_start] != b'<' {
        return false;
    }
    // Looked for within a header's length, so that many addresses on one long line cost
    // linear time.
    let window = at.saturating_sub(MAX_HEADER_BYTES);
    let line_start = |end: usize| memchr::memrchr(b'\n', &bytes[window..end]).map(|i| window + i + 1);
    let Some(mut start) = line_start(token_start).or((window == 0).then_some(0)) else {
        return false;
    };
    // A folded header goes on over lines that start with a blank.
    for _ in 0..MAX_FOLDED_HEADER_LINES {
        if start <= window + 1 || !matches!(bytes.get(start), Some(b' ' | b'\t')) {
            break;
        }
        let Some(previous) = line_start(start - 1).or((window == 0).then_some(0)) else {
            return false;
        };
        start = previous;
    }
    let name = text[start..token_start].split_once(':').map(|(name, _)| name);
    name.is_some_and(|name| !name.starts_with([' ', '\t']) && MESSAGE_ID_HEADERS.iter().any(|header| name.eq_ignore_ascii_case(header)))
}

/// How far before an address [`in_message_id_header`] looks for the `<` that opens a message
/// id, in bytes.
pub(super) const MAX_MESSAGE_ID_BYTES: usize = 256;

/// How far before an address [`in_message_id_header`] looks for its header's name, in bytes
/// (mail header lines are at most 998 bytes).
pub(super) const MAX_HEADER_BYTES: usize = 4 * 1024;

/// The mail headers whose values are message ids.
pub(super) const MESSAGE_ID_HEADERS: &[&str] = &["message-id", "in-reply-to", "references", "content-id", "resent-message-id", "x-message-id", "original-message-id"];

/// How many lines up [`in_message_id_header`] follows a folded header.
pub(super) const MAX_FOLDED_HEADER_LINES: usize = 16;
