//! Checks of credentials found by their format: vendor tokens, bearer and basic authorization,
//! URL credentials, Azure SAS signatures, private key blocks and JWTs.

use super::*;

/// The longest rest of a key block's `-----END …-----` line, in bytes.
pub(super) const MAX_KEY_FOOTER_BYTES: usize = 80;

/// The least Shannon entropy of a vendor token as a whole: below it the token is a mask such as
/// `ghp_xxxx…`.
pub(super) const MIN_TOKEN_ENTROPY: f64 = 2.0;

/// How far around an Azure `sig=` parameter the URL is searched for `sv=`, in bytes.
pub(super) const SAS_CONTEXT_BYTES: usize = 2_048;

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
    (stands_alone && shannon_entropy(trimmed) >= MIN_TOKEN_ENTROPY && !is_masked(trimmed)).then_some(Accept::plain(found))
}

/// The fewest repeats of one character in a row that make a token a mask.
pub(super) const MIN_MASK_RUN: usize = 10;

/// Whether a token's random part is masked or left to be filled in: a masking character
/// (`x`, `X`, `0`, `*`, `#`) repeated [`MIN_MASK_RUN`] times or more (`sk-ant-api03-xxxxxxxx…`,
/// `AKIA0000000000000000`), which a vendor's random characters practically never are, however
/// varied its fixed prefix. (Dashes after a token are no mask of it.)
pub(super) fn is_masked(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.chunk_by(|a, b| a == b).any(|run| run.len() >= MIN_MASK_RUN && matches!(run[0], b'x' | b'X' | b'0' | b'*' | b'#'))
}

/// Accepts an Azure storage account key standing alone (an [`AZURE_STORAGE_KEYS`] detector):
/// the whole run of base64 (no longer value ends in it), with capitals, small letters and
/// digits, where its line speaks of a secret (`pasted the token …: …==`) and names no digest,
/// signature or nonce before it (`"integrity": "sha512-…=="`, `Ed25519 signature of …: …==`):
/// 64 random bytes are as often those.
pub(super) fn check_bare_azure_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let base64 = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    let whole = !base64(byte_before(text, found.start)) && !base64(byte_at(text, found.end));
    let before = context_before(text, found.start, KEY_CONTEXT_BYTES);
    let before = before.rsplit('\n').next().unwrap_or(before);
    let after = &text[found.end..floor_char_boundary(text, (found.end + KEY_CONTEXT_BYTES).min(text.len()))];
    let after = after.split('\n').next().unwrap_or(after);
    let secret = mentions(before, SECRET_WORDS) || mentions(after, SECRET_WORDS);
    let digest = mentions(before, DIGEST_WORDS);
    (whole && secret && !digest && mixes_cases_and_digits(&text[found.clone()])).then_some(Accept::plain(found))
}

/// How far around a bare Azure key [`check_bare_azure_key`] reads its line, in bytes.
const KEY_CONTEXT_BYTES: usize = 160;

/// Words that say a bare 64-byte value is a secret (see [`check_bare_azure_key`]).
const SECRET_WORDS: &[&str] = &["key", "token", "secret", "credential", "azure", "storage", "password", "connection", "revoke", "rotate", "leak", "pasted"];

/// Words that say a bare 64-byte value is a digest, a signature or a nonce.
const DIGEST_WORDS: &[&str] = &[
    "sha1", "sha2", "sha3", "sha5", "sha-", "sig", "digest", "hash", "checksum", "integrity", "hmac", "nonce", "salt", "iv", "dgst", "ed25519", "ecdsa",
    "fingerprint", "tag",
];

/// Accepts the value after `base64:` (a [`ADMIN_TOOL_SECRETS`] detector) when the setting it
/// is assigned to names a key (`APP_KEY=base64:…`, `"encryption_key": "base64:…"`) and it
/// looks random.
pub(super) fn check_base64_prefixed_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = text[..found.start].trim_end_matches(['"', '\'', ' ', '\t']);
    let key = before.strip_suffix(['=', ':'])?.trim_end_matches(['"', '\'', ' ', '\t']);
    let name = key.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
    // The name's last word is `key`, and no word before it says the key is public or no secret
    // (`publicKey`, `host_key`, `cache_key`; not `monkey`).
    let words = identifier_words(name);
    let names_a_key = words.last().is_some_and(|last| last == "key") && !words.iter().any(|word| NOT_SECRET_KEY_WORDS.contains(&word.as_str()));
    let value = found.start + "base64:".len()..found.end;
    // An SSH public key's base64 starts with its type's length (`AAAAC3NzaC1…`).
    let public = text[value.clone()].starts_with("AAAA");
    (names_a_key && !public).then(|| check_token(text, value)).flatten()
}

/// The words of a key's name that say the key is no secret (see [`check_base64_prefixed_key`]).
pub(super) const NOT_SECRET_KEY_WORDS: &[&str] = &["public", "pub", "host", "cache", "primary", "foreign", "sort", "partition"];

/// Accepts a Canvas LMS token (a [`CANVAS_TOKENS`] detector) whose 64 characters hold both
/// cases, as Canvas writes them; hexadecimal after a number and `~` is a digest.
pub(super) fn check_canvas_token(text: &str, found: Range<usize>) -> Option<Accept> {
    let token = text[found.clone()].split_once('~')?.1;
    let both_cases = token.bytes().any(|b| b.is_ascii_uppercase()) && token.bytes().any(|b| b.is_ascii_lowercase());
    both_cases.then(|| check_token(text, found)).flatten()
}

/// Accepts the token in a conda channel's URL (an [`ADMIN_TOOL_SECRETS`] detector): the part
/// between `/t/` and the next `/`, when a URL's scheme and host come right before the `/t/`.
pub(super) fn check_conda_token(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = context_before(text, found.start, MAX_CONDA_HOST_BYTES);
    let (_, host) = before.rsplit_once("://")?;
    let host_only = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    host_only.then_some(Accept::plain(found.start + "/t/".len()..found.end - 1))
}

/// How far before a conda token's `/t/` its URL's `://` is looked for, in bytes.
const MAX_CONDA_HOST_BYTES: usize = 128;

/// Accepts a webhook URL that stands on its own, with its `https://` (or `http://`) if written.
pub(super) fn check_webhook(text: &str, found: Range<usize>) -> Option<Accept> {
    let before = &text[..found.start];
    let scheme = ["https://", "http://"]
        .iter()
        .find(|scheme| before.ends_with(*scheme))
        .map_or(0, |scheme| scheme.len());
    check_token(text, found.start - scheme..found.end)
}

/// Accepts a Twilio API key (`SK…`) only where the text mentions Twilio or text messages shortly
/// before ([`TWILIO_CONTEXT_WORDS`]).
pub(super) fn check_twilio_key(text: &str, found: Range<usize>) -> Option<Accept> {
    mentions(context_before(text, found.start, TWILIO_CONTEXT_BYTES), TWILIO_CONTEXT_WORDS)
    .then(|| check_token(text, found))
    .flatten()
}

/// Accepts the 32 letters and digits that end a Twilio secret's or auth token's `found` when
/// Twilio or its text messages are named shortly before ([`TWILIO_CONTEXT_BYTES`]) and they are written as such a
/// secret is: lowercase hex, or (a key's secret) both cases and digits.
pub(super) fn check_twilio_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    // (Not the first 32 of a longer run: `a twilio credential SK075a…` names the key's id.)
    if is_alnum(byte_at(text, found.end)) {
        return None;
    }
    // The end of a name for another kind of secret is that secret's (`SESSION_SECRET=…` beside
    // `TWILIO_FROM`), not an API key's (`api_key_secret`, `apiKeySecret`).
    let name = &text[..found.start];
    let name = name[name.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_').len()..].to_ascii_lowercase();
    if OTHER_SECRET_NAMES.iter().any(|other| name.contains(other)) {
        return None;
    }
    let start = found.end.checked_sub(TWILIO_SECRET_BYTES).filter(|&start| start >= found.start)?;
    let value = &text[start..found.end];
    // A key's secret mixes both cases and digits, or is lowercase hex as an auth token is.
    // Neither is a placeholder repeated (`REDACTEDREDACTED…`, `0123…f0123…f`).
    let bytes = value.as_bytes();
    let mixed = mixes_cases_and_digits(value);
    let token = text[found.clone()].to_ascii_lowercase().starts_with("auth");
    let hex = bytes.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) && bytes.iter().any(u8::is_ascii_alphabetic) && bytes.iter().any(u8::is_ascii_digit);
    let repeated = value[..TWILIO_SECRET_BYTES / 2] == value[TWILIO_SECRET_BYTES / 2..];
    let shaped = hex || (mixed && !token);
    // (`the twilio token …` names the vendor in the match itself.)
    let named = text[found.clone()].get(..6).is_some_and(|word| word.eq_ignore_ascii_case("twilio"))
        || mentions(context_before(text, found.start, TWILIO_CONTEXT_BYTES), TWILIO_CONTEXT_WORDS);
    (shaped && !repeated && named)
        .then(|| check_token(text, start..found.end))
        .flatten()
}

/// Words of the names of secrets that are no vendor's key (`SESSION_SECRET`, `JWT_SECRET`,
/// `COOKIE_SECRET`), which [`check_twilio_secret`] leaves to the password detectors.
pub(super) const OTHER_SECRET_NAMES: &[&str] = &["session", "cookie", "jwt", "csrf", "encryption", "signing", "webhook"];

/// Words that name Twilio or what its keys are for, before its API key or its secret: the
/// vendor, or the text messages it sends (`SMS gateway credentials: API key SK…, secret …`).
pub(super) const TWILIO_CONTEXT_WORDS: &[&str] = &["twilio", "sms"];

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
    // `jdbc:sqlserver://10.2.1.3:1433;user=app;password=x@y`: a host, its port and the
    // connection's properties, where an `@` of the password property ends no user info (the
    // password detector takes that property).
    let sql_server = matched[..matched.find("://")?].ends_with("sqlserver");
    let port_and_properties = sql_server && password.split_once(';').is_some_and(|(port, _)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    if password.is_empty() || is_reference(password) || port_and_properties {
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

/// Accepts the base32 seed of a one-time-password generator (`TOTP seed 42UZ…`,
/// `otpauth://totp/…?secret=JBSW…`) that stands on its own and looks random.
pub(super) fn check_otp_seed(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let start = found.start + matched.rfind([' ', '\t', ':', '='])? + 1;
    let seed = &text[start..found.end];
    let alone = !is_alnum(byte_at(text, found.end));
    let random = seed.len() <= MAX_QUOTED_SECRET_BYTES && seed.bytes().any(|b| b.is_ascii_digit()) && shannon_entropy(seed) >= MIN_SECRET_ENTROPY;
    (alone && random).then_some(Accept::plain(start..found.end))
}
