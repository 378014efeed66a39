//! Checks of credentials found by their format: vendor tokens, bearer and basic authorization,
//! URL credentials, Azure SAS signatures, private key blocks and JWTs.

use super::*;

/// Base64 (standard or URL-safe, padded or not) as tokens write it.
pub(super) const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

/// Decodes URL-safe base64 (JWT parts, Discord ids).
pub(super) const BASE64_URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes standard base64 (HTTP Basic credentials).
pub(super) const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);

/// Accepts a vendor token that stands on its own (no letter or digit glued to either end) and is
/// not a mask such as `ghp_xxxx…`; a trailing dot is sentence punctuation, not token.
pub(super) fn check_token(text: &str, found: Range<usize>) -> Option<Accept> {
    let trimmed = text[found.clone()].trim_end_matches('.');
    let found = found.start..found.start + trimmed.len();
    let stands_alone =
        !is_alnum(byte_before(text, found.start)) && !is_alnum(byte_at(text, found.end));
    (stands_alone && shannon_entropy(trimmed) >= MIN_TOKEN_ENTROPY).then_some(Accept::plain(found))
}

/// Accepts a webhook URL that stands on its own, with its `https://` (or `http://`) if written.
pub(super) fn check_webhook(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = &text[..found.start];
    let scheme = ["https://", "http://"]
        .iter()
        .find(|scheme| before.ends_with(*scheme))
        .map_or(0, |scheme| scheme.len());
    check_token(text, found.start - scheme..found.end)
}

/// Accepts a Twilio API key (`SK…`) only where the text mentions Twilio shortly before.
pub(super) fn check_twilio_key(text: &str, found: Range<usize>) -> Option<Accept> {
    mentions(
        context_before(text, found.start, TWILIO_CONTEXT_BYTES),
        &["twilio"],
    )
    .then(|| check_token(text, found))
    .flatten()
}

/// Accepts the 32 letters and digits that end a Twilio secret's or auth token's `found` when
/// Twilio is named shortly before ([`TWILIO_CONTEXT_BYTES`]) and they are written as such a
/// secret is: lowercase hex, or (a key's secret) both cases and digits.
pub(super) fn check_twilio_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let start = found.end.checked_sub(TWILIO_SECRET_BYTES).filter(|&start| start >= found.start)?;
    let value = &text[start..found.end];
    // A key's secret mixes both cases and digits, or is lowercase hex as an auth token is.
    // Neither is a placeholder repeated (`REDACTEDREDACTED…`, `0123…f0123…f`).
    let bytes = value.as_bytes();
    let mixed = bytes.iter().any(u8::is_ascii_uppercase) && bytes.iter().any(u8::is_ascii_lowercase) && bytes.iter().any(u8::is_ascii_digit);
    let token = text[found.clone()].to_ascii_lowercase().starts_with("auth");
    let hex = bytes.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) && bytes.iter().any(u8::is_ascii_alphabetic) && bytes.iter().any(u8::is_ascii_digit);
    let repeated = value[..TWILIO_SECRET_BYTES / 2] == value[TWILIO_SECRET_BYTES / 2..];
    let shaped = hex || (mixed && !token);
    (shaped && !repeated && mentions(context_before(text, found.start, TWILIO_CONTEXT_BYTES), &["twilio"]))
        .then(|| check_token(text, start..found.end))
        .flatten()
}

/// How many letters and digits a Twilio API key's secret or an auth token has.
pub(super) const TWILIO_SECRET_BYTES: usize = 32;

/// How far before a Twilio API key, its secret or an auth token the word `twilio` counts, in
/// bytes: prose names the vendor once, then the key, its secret and the auth token; a `curl`
/// command names it in its URL, then passes the key with `-u`.
pub(super) const TWILIO_CONTEXT_BYTES: usize = 256;

/// Accepts a New Relic license key: the `NRAL` found and the 36 lowercase hex digits before it.
pub(super) fn check_newrelic_license_key(text: &str, found: Range<usize>) -> Option<Accept> {
    token_with_head(text, found, 36, |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Accepts a Terraform Cloud token: the `.atlasv1.…` found and the 14 letters and digits before.
pub(super) fn check_terraform_token(text: &str, found: Range<usize>) -> Option<Accept> {
    token_with_head(text, found, 14, |b| b.is_ascii_alphanumeric())
}

/// [`check_token`] on `found` widened to the `len` bytes before it, when they are all `head`
/// bytes and no letter or digit comes before them.
pub(super) fn token_with_head(text: &str, found: Range<usize>, len: usize, head: impl Fn(u8) -> bool) -> Option<Accept> {
    let start = found.start.checked_sub(len)?;
    let headed = text.as_bytes()[start..found.start].iter().all(|&b| head(b));
    (headed && !is_alnum(byte_before(text, start))).then(|| check_token(text, start..found.end)).flatten()
}

/// Accepts a Mailgun key (`key-…`) only where the text mentions Mailgun shortly before or after
/// it (`curl --user 'api:key-…' https://api.mailgun.net/…`).
pub(super) fn check_mailgun_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let after = &text[found.end..floor_char_boundary(text, (found.end + CONTEXT_BYTES).min(text.len()))];
    (mentions(context_before(text, found.start, CONTEXT_BYTES), &["mailgun"]) || mentions(after, &["mailgun"]))
    .then(|| check_token(text, found))
    .flatten()
}

/// Accepts the token of an `Authorization: Bot …` header when its first part is a Discord id.
pub(super) fn check_discord_bot_header(text: &str, found: Range<usize>) -> Option<Accept> {
    let token = found.start + "Bot ".len()..found.end;
    discord_token(&text[token.clone()])
        .then(|| check_token(text, token))
        .flatten()
}

/// Accepts a Discord bot token assigned to a `discord…` key.
pub(super) fn check_discord_assignment(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    discord_token(&text[value.clone()])
        .then(|| check_token(text, value))
        .flatten()
}

/// Whether the first part of a Discord token decodes to the digits of a user id.
pub(super) fn discord_token(token: &str) -> bool {
    let Some((id, _)) = token.split_once('.') else {
        return false;
    };
    BASE64_URL
        .decode(id)
        .is_ok_and(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// Accepts the token of a `…/bot<token>/…` Telegram API URL.
pub(super) fn check_telegram_url(text: &str, found: Range<usize>) -> Option<Accept> {
    (!is_alnum(byte_at(text, found.end)))
        .then_some(Accept::plain(found.start + "/bot".len()..found.end))
}

/// Accepts an AWS secret access key assigned to an AWS secret key name: exactly 40 characters
/// and random-looking.
pub(super) fn check_aws_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let continues = byte_at(text, value.end).is_some_and(|b| b == b'=');
    let secret = value.len() == 40
        && !continues
        && shannon_entropy(&text[value.clone()]) >= MIN_SECRET_ENTROPY;
    secret.then_some(Accept::plain(value))
}

/// Accepts the password of an Oracle thin JDBC URL (`jdbc:oracle:thin:user/password@//host`)
/// unless it is a reference.
pub(super) fn check_oracle_thin_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let slash = found.start + text[found.clone()].rfind('/')?;
    let value = slash + 1..found.end - 1;
    (!value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the line `terraform output` printed for a password, secret or token output: one
/// value, not a prompt, a message or a reference.
pub(super) fn check_terraform_output(text: &str, found: Range<usize>) -> Option<Accept> {
    let line = found.start + text[found.clone()].rfind('\n')? + 1;
    let after = &text[found.end..];
    let line_goes_on = after.starts_with(|c: char| !c.is_whitespace()) || after.starts_with([' ', '\t']);
    // Without `-raw`, the value comes quoted.
    let shown = &text[line..found.end];
    let quoted = shown.len() > 2 && shown.starts_with('"') && shown.ends_with('"');
    let value = if quoted { line + 1..found.end - 1 } else { line..found.end };
    let secret = &text[value.clone()];
    let message = secret.starts_with(['$', '#', '>']) || secret.ends_with(':');
    // A word such as `FAILED` or `Nothing.` is no value: a password mixes letters and digits.
    let mixed = secret.chars().any(char::is_alphabetic) && secret.chars().any(|c| c.is_ascii_digit());
    (!line_goes_on && !message && mixed && !is_reference(secret)).then_some(Accept::plain(value))
}

/// Accepts the `result` of a Terraform `random_password` resource in a state file (`{ "type":
/// "random_password", … "attributes": { "length": 24, "result": "x" } }`): the resource's
/// type is the last one named before the attribute.
pub(super) fn check_random_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = context_before(text, found.start, TERRAFORM_RESOURCE_BYTES);
    let type_at = memchr::memmem::rfind(before.as_bytes(), b"\"type\"")?;
    let resource = &before[type_at + "\"type\"".len()..];
    let resource_type = resource.trim_start_matches([' ', ':', '\t', '\n', '\r']);
    // Still inside the resource's object, in its attributes.
    let left = resource.bytes().try_fold(1i32, |depth, b| {
        let depth = depth + i32::from(b == b'{') - i32::from(b == b'}');
        (depth > 0).then_some(depth)
    });
    if !resource_type.starts_with("\"random_password\"") || left.is_none() || !resource.contains("\"attributes\"") {
        return None;
    }
    let value = text[found.clone()].trim_end_matches('"');
    let open = value.rfind('"')? + 1;
    let value = found.start + open..found.start + value.len();
    (!value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// How far before a state file's attribute its resource's `"type"` is looked for, in bytes.
pub(super) const TERRAFORM_RESOURCE_BYTES: usize = 512;

/// Accepts the quoted string that `ConvertTo-SecureString … -AsPlainText` turns into a password:
/// its first quoted argument (`ConvertTo-SecureString 'x' -AsPlainText -Force`, flags in any
/// order), or the string piped into it (`"x" | ConvertTo-SecureString -AsPlainText`); not a
/// variable (`$pw`, or `$` inside double quotes, which PowerShell expands) or a reference.
pub(super) fn check_secure_string(text: &str, found: Range<usize>) -> Option<Accept> {
    let rest = &text[found.end..ceil_char_boundary(text, (found.end + SECURE_STRING_BYTES).min(text.len()))];
    let arguments = rest.split(['\n', ')', ';', '|']).next().unwrap_or_default();
    if !arguments.to_ascii_lowercase().contains("-asplaintext") {
        return None;
    }
    let value = arguments.find(['\'', '"']).and_then(|open| quoted_flag_value(text, found.end + open + 1)).or_else(|| {
        let context = context_before(text, found.start, SECURE_STRING_BYTES);
        let before = context.trim_end().strip_suffix('|')?.trim_end();
        let quote = before.chars().next_back().filter(|&c| matches!(c, '\'' | '"'))?;
        let open = before[..before.len() - 1].rfind(quote)?;
        quoted_flag_value(text, found.start - context.len() + open + 1)
    })?;
    let secret = &text[value.clone()];
    let expanded = text.as_bytes()[value.start - 1] == b'"' && secret.contains('$');
    (!secret.is_empty() && !expanded && !is_reference(secret)).then_some(Accept::plain(value))
}

/// How far around `ConvertTo-SecureString` [`check_secure_string`] reads, in bytes.
pub(super) const SECURE_STRING_BYTES: usize = 256;

/// Accepts the base64 value of an LDIF `unicodePwd::` or `userPassword::` line when it stands
/// alone on its line, with the lines LDIF folds it onto (each starting with a space), and
/// decodes (a password's bytes, `{SSHA}` hashes included).
pub(super) fn check_ldif_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let value_start = found.start + candidate.find("::")? + 2;
    let value_start = value_start + usize::from(text[value_start..].starts_with(' '));
    let mut end = found.end;
    let mut value: String = text[value_start..end].to_owned();
    for _ in 0..MAX_LDIF_FOLDS {
        let rest = &text[end..];
        let Some(folded) = rest.strip_prefix("\n ").or_else(|| rest.strip_prefix("\r\n ")) else { break };
        let piece = folded.len() - folded.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')).len();
        if piece == 0 {
            break;
        }
        value.push_str(&folded[..piece]);
        end += rest.len() - folded.len() + piece;
    }
    let ends_line = text[end..].starts_with(['\r', '\n']) || end == text.len();
    let decodes = BASE64_STANDARD.decode(&value).is_ok();
    (ends_line && decodes).then_some(Accept::plain(value_start..end))
}

/// The most folded lines of an LDIF value [`check_ldif_password`] reads.
pub(super) const MAX_LDIF_FOLDS: usize = 16;

/// Accepts the password of `sqlplus user/password@db` (or `sqlplus -s user/password`, `expdp`,
/// `impdp`) where the login ends (at its `@`, a space, a quote or the line's end), unless it is a
/// reference.
pub(super) fn check_oracle_login(text: &str, found: Range<usize>) -> Option<Accept> {
    let slash = found.start + text[found.clone()].find('/')?;
    let value = slash + 1..found.end;
    let ends = matches!(text.as_bytes().get(found.end), None | Some(b'@' | b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\''));
    (ends && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the password of an Oracle EZConnect string before its `@//` (`lis_ro/Ys8…@//host`):
/// the token before the `@` is a user name, a `/` and a password without spaces or quotes.
pub(super) fn check_ezconnect_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = context_before(text, found.start, EZCONNECT_BYTES);
    let token_start = before.rfind(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '(' | ',' | '`')).map_or(0, |at| at + 1);
    let token = &before[token_start..];
    let (user, password) = token.split_once('/')?;
    let user_name = user.starts_with(|c: char| c.is_ascii_alphabetic()) && user.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '#'));
    let start = found.start - password.len();
    let secret = !password.is_empty() && !password.contains(['/', ':']) && !is_reference(password);
    (user_name && secret).then_some(Accept::plain(start..found.start))
}

/// Accepts the password of the first user of Orthanc's `"RegisteredUsers"`, unless it is a
/// reference.
pub(super) fn check_registered_user(text: &str, found: Range<usize>) -> Option<Accept> {
    let candidate = &text[found.clone()];
    let open = candidate[..candidate.len() - 1].rfind('"')?;
    let value = found.start + open + 1..found.end - 1;
    (!is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// How far before its `@//` [`check_ezconnect_password`] reads an EZConnect login, in bytes.
pub(super) const EZCONNECT_BYTES: usize = 192;

/// Accepts npm's `_auth` value when it is the base64 of `user:password`.
pub(super) fn check_npm_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let stands_alone = !byte_at(text, value.end).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    (stands_alone && encodes_user_and_password(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the token after `Bearer` when it looks random.
pub(super) fn check_bearer(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = value_after_blanks(text, found)?;
    let token = &text[value.clone()];
    (shannon_entropy(token) >= MIN_SECRET_ENTROPY && !is_reference(token))
        .then_some(Accept::plain(value))
}

/// Accepts the credentials after `Basic` when they decode to `user:password`.
pub(super) fn check_basic_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = value_after_blanks(text, found)?;
    encodes_user_and_password(&text[value.clone()]).then_some(Accept::plain(value))
}

/// Whether `value` is the base64 of printable `user:password`, both parts present.
pub(super) fn encodes_user_and_password(value: &str) -> bool {
    let credentials = BASE64_STANDARD.decode(value).ok().and_then(|decoded| String::from_utf8(decoded).ok());
    credentials.is_some_and(|credentials| {
        let printable = credentials.chars().all(|c| !c.is_control());
        credentials.split_once(':').is_some_and(|(user, password)| printable && !user.is_empty() && !password.is_empty())
    })
}

/// Accepts the value of a Docker `config.json` `"auth"` when it is the base64 of `user:password`.
pub(super) fn check_docker_auth(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let open = matched.trim_end_matches('"').rfind('"')? + 1;
    let value = found.start + open..found.end - 1;
    encodes_user_and_password(&text[value.clone()]).then_some(Accept::plain(value))
}

/// The part of a match after its first run of blanks (the value of `Bearer x`, `Basic x`).
pub(super) fn value_after_blanks(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let matched = &text[found.clone()];
    let blank = matched.find([' ', '\t'])?;
    let offset = matched[blank..].find(|c: char| c != ' ' && c != '\t')?;
    Some(found.start + blank + offset..found.end)
}

/// Accepts the `user:password` of a URL, unless the password is a variable or a mask.
pub(super) fn check_url_credentials(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let start = found.start + matched.find("://")? + 3;
    let end = found.start + matched.rfind('@')?;
    let (user, password) = text[start..end].split_once(':')?;
    if password.is_empty() || is_reference(password) {
        return None;
    }
    // A vendor token as the password (`https://oauth2:glpat-…@gitlab…`): the token is the
    // secret, reported as its vendor's; the user name before it is a fixed word.
    let vendor = URL_TOKEN_PREFIXES.iter().find(|(prefix, _)| password.starts_with(prefix));
    Some(match vendor {
        Some(&(_, name)) => Accept { range: start + user.len() + 1..end, relabel: Some((PiiKind::ApiKey, name)) },
        None => Accept::plain(start..end),
    })
}

/// Vendor tokens written as the password of a URL, by prefix, with their report names.
pub(super) const URL_TOKEN_PREFIXES: &[(&str, &str)] = &[
    ("glpat-", "api_key/gitlab"),
    ("ghp_", "api_key/github"),
    ("gho_", "api_key/github"),
    ("ghs_", "api_key/github"),
    ("ghu_", "api_key/github"),
    ("github_pat_", "api_key/github"),
    ("npm_", "api_key/npm"),
    ("hf_", "api_key/huggingface"),
];

/// Accepts the value of a `sig=` parameter of a URL that also has `sv=`: an Azure shared access
/// signature.
pub(super) fn check_sas_signature(text: &str, found: Range<usize>) -> Option<Accept> {
    let url_start = text[..found.start]
        .char_indices()
        .rev()
        .take_while(|&(i, c)| found.start - i <= SAS_CONTEXT_BYTES && !ends_a_url(c))
        .last()
        .map_or(found.start, |(i, _)| i);
    let url_end = text[found.end..]
        .char_indices()
        .take_while(|&(i, c)| i <= SAS_CONTEXT_BYTES && !ends_a_url(c))
        .last()
        .map_or(found.end, |(i, c)| found.end + i + c.len_utf8());
    let url = &text[url_start..url_end];
    let signed = url.contains("?sv=") || url.contains("&sv=");
    signed.then_some(Accept::plain(found.start + "?sig=".len()..found.end))
}

/// Whether `c` ends a URL written in text.
pub(super) fn ends_a_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')
}

/// Accepts a private key block from its `BEGIN` line through its `END` line; without an `END`
/// line (a truncated paste), through the key material that follows. A GCP service account key
/// file's block (`"private_key": "-----BEGIN …\n…"`) is a private key too; the file's
/// `private_key_id` only names the key (Google sends it along in every token's header), so it
/// is left as it is.
pub(super) fn check_private_key(text: &str, found: Range<usize>) -> Option<Accept> {
    // A header with nothing of a key after it names the format ("the file that starts with
    // `-----BEGIN OPENSSH PRIVATE KEY-----`").
    let end = key_block_end(text, found.end);
    (end > found.end).then_some(Accept::plain(found.start..end))
}

/// Where the key block whose header ends at `from` ends: after the next `-----END …-----` line,
/// or, when another `-----BEGIN` or the end of the text comes first, after the key material.
pub(super) fn key_block_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let mut offset = 0;
    while let Some(found) = rest[offset..].find("-----") {
        let at = offset + found;
        let tail = &rest[at..];
        if let Some(label) = tail.strip_prefix("-----END") {
            let line = &label[..floor_char_boundary(label, MAX_KEY_FOOTER_BYTES)];
            let line = line.split(['\n', '"', '\\']).next().unwrap_or_default();
            let close = line.find("-----").map_or(0, |i| i + "-----".len());
            return from + at + "-----END".len() + close;
        }
        if tail.starts_with("-----BEGIN") {
            return from + key_material_end(&rest[..at]);
        }
        offset = at + 5;
    }
    from + key_material_end(rest)
}

/// The length of the key material at the start of `body`: armor headers (`Proc-Type: …`) and a
/// blank line, then lines of base64 (spaces only at their ends), up to the first other line.
pub(super) fn key_material_end(body: &str) -> usize {
    let mut end = 0;
    let mut at = 0;
    let mut in_base64 = false;
    for line in body.split_inclusive('\n') {
        let content = line.trim();
        let base64 = !content.is_empty()
            && content
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\\'));
        let header = !in_base64
            && content.split_once(": ").is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if base64 || header {
            in_base64 |= base64;
            end = at + line.trim_end().len();
        } else if !content.is_empty() || in_base64 {
            break;
        }
        at += line.len();
    }
    end
}

/// Accepts a JWT whose header decodes to a JSON object with an `alg`.
pub(super) fn check_jwt(text: &str, found: Range<usize>) -> Option<Accept> {
    let glued = byte_before(text, found.start)
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if glued {
        return None;
    }
    let header = text[found.clone()].split('.').next()?;
    let decoded = BASE64_URL.decode(header).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&decoded).ok()?;
    json.as_object()?.get("alg")?;
    Some(Accept::plain(found))
}
