//! Secrets in network devices' configurations, as tickets paste them: Cisco IOS and ASA
//! (`radius-server … key`, `snmp-server community`, `crypto isakmp key`, `username … secret`,
//! `enable secret`, `password 7`), Huawei VRP (`local-user … password cipher …`), Junos
//! (`secret "$9$…"`) and FortiOS (`set psksecret`). Their
//! commands name the secret by position, not by an assignment, so the password detectors do
//! not read them.
//!
//! A type digit before the value (`key 7 0822455D0A16`, `secret 5 $1$…`) says how the device
//! stores it: in clear (0), in a reversible encoding (7), or as a hash (5, 8, 9). All of them
//! are taken: the encoded ones decode at once, and hashes can be cracked offline.

use super::*;

/// How far before a bare `key` command its server block's header is looked for, in bytes.
pub(super) const DEVICE_BLOCK_BYTES: usize = 512;

/// The longest secret a device command is taken with, in bytes (the patterns read words of any
/// length: a bounded repetition in each would make the group's automaton many times larger).
pub(super) const MAX_DEVICE_SECRET_BYTES: usize = 256;

/// How much of a command's line after its secret is read, in bytes.
pub(super) const DEVICE_LINE_REST_BYTES: usize = 64;

/// The shortest secret a device command is taken with, in bytes.
pub(super) const MIN_DEVICE_SECRET_BYTES: usize = 3;

/// Words that follow a device command's name where no secret does: in prose (`set the
/// radius-server key to …`), or FortiOS's mark of an encrypted value with the value missing.
pub(super) const NOT_DEVICE_SECRETS: &[&str] = &["to", "is", "was", "the", "and", "for", "of", "in", "on", "with", "from", "as", "=", ":", "ENC"];

/// The words a device command may go on with after its secret (`crypto isakmp key … address
/// …`, `snmp-server community … RO 10`, an SNMPv3 user's `auth … priv …`).
pub(super) const AFTER_DEVICE_SECRET: &[&str] = &["address", "RO", "RW", "ro", "rw", "view", "priv", "access", "no-xauth", "hostname", "default"];

/// Accepts the secret that ends a device command matched by the device commands of [`ADMIN_TOOL_SECRETS`]: the
/// match's last word (a quoted value without its quotes) where the command's line ends with it
/// or goes on as the command does, unless it is a placeholder, a variable, a word of prose or
/// SNMP's default `public`/`private`. A bare `key` counts only in a RADIUS or TACACS+ server's
/// block.
pub(super) fn check_device_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let value = device_value(matched, found.start)?;
    let secret = &text[value.clone()];
    let default_community = matches!(secret, "public" | "private");
    // A notification host's line goes on with the notifications it gets.
    let goes_on = matched.ends_with(['"', '\'']) || matched.starts_with("snmp-server host");
    if default_community || !is_device_secret(secret) || !(goes_on || ends_the_command(text, value.end)) {
        return None;
    }
    let bare_key = matched.starts_with('\n') && matched.trim_start().starts_with("key ");
    if bare_key && !in_a_server_block(text, found.start + 1) {
        return None;
    }
    Some(Accept::plain(value))
}

/// The range of the value that ends `matched` (found at `offset`): its last word, or the
/// inside of its closing quoted string.
fn device_value(matched: &str, offset: usize) -> Option<Range<usize>> {
    for quote in ['"', '\''] {
        if let Some(quoted) = matched.strip_suffix(quote) {
            let open = quoted.rfind(quote)?;
            return Some(offset + open + 1..offset + quoted.len());
        }
    }
    let start = matched.rfind(' ')? + 1;
    Some(offset + start..offset + matched.len())
}

/// Whether `value` may be a device's secret: from [`MIN_DEVICE_SECRET_BYTES`] to
/// [`MAX_DEVICE_SECRET_BYTES`] long, and no word of [`NOT_DEVICE_SECRETS`] or
/// [`TABLE_PLACEHOLDERS`], nor anything that stands for a secret ([`stands_for_a_secret`]), a
/// command's output (`$(…)`), an unclosed template or a redacted part. (A dotted value is a secret here: `Falcon.Kestrel671` is no code's path in a device's
/// configuration, so [`is_reference`] does not decide.)
fn is_device_secret(value: &str) -> bool {
    let listed = NOT_DEVICE_SECRETS.iter().chain(TABLE_PLACEHOLDERS).any(|word| value.eq_ignore_ascii_case(word));
    let unclosed = value.starts_with(['[', '%']) || value.starts_with("$(");
    let redacted = value.to_ascii_lowercase().split(['_', '-', '.']).any(|part| part == "redacted");
    (MIN_DEVICE_SECRET_BYTES..=MAX_DEVICE_SECRET_BYTES).contains(&value.len()) && !(listed || unclosed || redacted || stands_for_a_secret(value))
}

/// Whether the command's line ends at `end` (blanks aside), or goes on with one of
/// [`AFTER_DEVICE_SECRET`].
fn ends_the_command(text: &str, end: usize) -> bool {
    let rest = &text[end..ceil_char_boundary(text, end + DEVICE_LINE_REST_BYTES)];
    let line = rest.split('\n').next().unwrap_or(rest).trim_end();
    // (An address, a network or an ACL's number may follow: `rocommunity … 10.41.0.0/16`.)
    let next = line.strip_prefix(' ').and_then(|rest| rest.split(' ').next());
    line.is_empty() || next.is_some_and(|word| AFTER_DEVICE_SECRET.contains(&word) || word.starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether the indented line at `at` belongs to a RADIUS or TACACS+ server's block: the
/// nearest line above it that is not indented names one (`radius server RAD-1`, `tacacs
/// server TAC-1`, `aaa-server ISE protocol radius`).
fn in_a_server_block(text: &str, at: usize) -> bool {
    let before = context_before(text, at, DEVICE_BLOCK_BYTES);
    let header = before
        .rsplit('\n')
        .skip(1)
        .find(|line| !line.starts_with([' ', '\t']) && !line.trim().is_empty());
    header.is_some_and(|line| {
        let line = line.to_ascii_lowercase();
        line.contains("radius") || line.contains("tacacs")
    })
}
