//! Checks of assigned secrets and passwords: `key=value` assignments, password words in prose
//! and chats, weak passwords, Wi-Fi configurations and XML password elements.

use super::*;

/// Accepts the 88 characters of an Azure storage account key that end an `--account-key` match.
pub(super) fn check_azure_account_key(text: &str, found: Range<usize>) -> Option<Accept> {
    check_token(text, found.end.checked_sub(88)?..found.end)
}

/// Accepts the value of a vendor assignment when it stands on its own.
pub(super) fn check_assigned_token(text: &str, found: Range<usize>) -> Option<Accept> {
    check_token(text, assigned_value(text, found)?)
}

/// Like [`check_assigned_token`], for a value of `MIN` to `MAX` bytes (the patterns say "at
/// least 20" to stay small to compile).
pub(super) fn check_assigned_length<const MIN: usize, const MAX: usize>(
    text: &str,
    found: Range<usize>,
) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    (MIN..=MAX)
        .contains(&value.len())
        .then(|| check_token(text, value))
        .flatten()
}

/// Accepts a Datadog API key (32 hex digits) or application key (40).
pub(super) fn check_datadog_key(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    matches!(value.len(), 32 | 40)
        .then(|| check_token(text, value))
        .flatten()
}

/// Accepts a UUID (8-4-4-4-12 hex digits) assigned to a vendor key (Heroku's API keys).
pub(super) fn check_assigned_uuid(text: &str, found: Range<usize>) -> Option<Accept> {
    let value = assigned_value(text, found)?;
    let groups: Vec<usize> = text[value.clone()].split('-').map(str::len).collect();
    (groups == [8, 4, 4, 4, 12])
        .then(|| check_token(text, value))
        .flatten()
}

/// Where a value that stops at `end` before a `&` ends: a query string's `&` ends it
/// (`?token=abc&user=x`, `?token=abc&debug`; `in_query` says the assignment is inside a URL's
/// query), and so does a shell's `&&` or a `&` with nothing after it. Otherwise the `&` is the
/// value's own when the rest holds no `=` up to a `;` (`Password=Hq*3&WAN3&9^c;Encrypt=True`),
/// a blank, a comma, a quote or the line's end (`wpa_passphrase=Lagoon&basalt609`, `user=app
/// password=Xk9#vR2!&pL7q host=db01`), within [`MAX_QUOTED_SECRET_BYTES`].
pub(super) fn through_ampersands(text: &str, end: usize, in_query: bool) -> usize {
    // `&amp;` is an escaped URL's separator, not part of a value.
    if byte_at(text, end) != Some(b'&') || text[end..].starts_with("&amp;") || text[end..].starts_with("&&") {
        return end;
    }
    let reach = (end + MAX_QUOTED_SECRET_BYTES).min(text.len());
    let rest = &text[end..floor_char_boundary(text, reach)];
    let stop = match rest.find([';', ' ', '\t', '\r', '\n', ',', '=', '"', '\'']) {
        Some(at) => at,
        None if reach == text.len() => rest.len(),
        None => return end,
    };
    let after = rest.as_bytes().get(stop).copied();
    let own = match after {
        Some(b'=') => false,
        Some(b';') => true,
        _ => !in_query && stop > 1,
    };
    if own { end + stop } else { end }
}

/// Whether the assignment at `start` stands inside a URL's query: the word it starts in holds
/// a `?`, an `&` or a scheme before it (`https://h/login?password=…`, `…&token=…`).
pub(super) fn in_a_query(text: &str, start: usize) -> bool {
    let word = text[..start].rsplit(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '<' | '[')).next().unwrap_or_default();
    word.contains(['?', '&']) || word.contains("://")
}

/// The value of an assignment match: what follows the first `:` or `=` and the blanks, quotes
/// and further separator characters after it.
pub(super) fn assigned_value(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let assignment = &text[found.clone()];
    let separator = assignment.find([':', '='])?;
    let offset = assignment[separator..]
        .find(|c: char| !matches!(c, ':' | '=' | '>' | ' ' | '\t' | '"' | '\''))?;
    Some(found.start + separator + offset..found.end)
}

/// Accepts the value of a `password` / `secret` / `token` assignment when it looks random (at
/// least [`MIN_SECRET_BYTES`] long, [`MIN_SECRET_ENTROPY`] bits per character) or is a weak
/// password ([`is_weak_password`]), and is none of: a reference to a secret kept elsewhere
/// (`${DB_PASSWORD}`, `process.env.TOKEN`, `<password>`), a URL (`"token_uri": "https://…"`; a
/// URL's own credentials have their detector), a file's path, code naming a variable
/// ([`names_code`]) or the name of a stored secret ([`names_a_stored_secret`]).
pub(super) fn check_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // `bypass_list`, `compass`: a lowercase key word inside a lowercase word is another word.
    // A short word for what the password opens may come first (`$CFG->dbpass`, `rootpass`).
    let before = context_before(text, found.start, MAX_PASSWORD_OWNER_BYTES + 1);
    let owner = &before[before.trim_end_matches(|c: char| c.is_ascii_lowercase()).len()..];
    let inside_a_word = text[found.start..].starts_with(|c: char| c.is_ascii_lowercase())
        && byte_before(text, found.start).is_some_and(|b| b.is_ascii_lowercase())
        && !PASSWORD_OWNERS.contains(&owner);
    if inside_a_word {
        return None;
    }
    check_assigned_password(text, found)
}

/// [`check_password`] once its key is known to stand as a word of its own.
fn check_assigned_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // `arn:aws:secretsmanager:…:secret:prod/db-AbC123`: the secret's name in an ARN.
    let token = text[..found.start].rsplit(char::is_whitespace).next().unwrap_or_default();
    if token.starts_with("arn:") {
        return None;
    }
    let value = assigned_value(text, found.clone())?;
    // `**Password:** Xy7…` (how the ADF reader writes a bold label), `*Password:*` (Jira),
    // `Password: - Xy7…`: the "value" is emphasis or a dash, and the password is the next word.
    if text[value.clone()].chars().all(|c| matches!(c, '*' | '_' | '-' | '~')) {
        let separator = found.start + text[found.clone()].find([':', '='])?;
        return check_password_nearby(text, found.start..separator);
    }
    // SQL Server's national string literal: `WITH PASSWORD = N'…'`.
    let value = if text[value.start..].starts_with("N'") { value.start + 2..value.end.max(value.start + 2) } else { value };
    // A query's `&` ends a value written right after its `=` (`?password=x&user=y`); after a
    // blank (`secret = Y0&=y66…`, `secret: g!9r3a&jvl7…`) it is the value's own.
    let spaced = byte_before(text, value.start).is_some_and(|b| matches!(b, b' ' | b'\t'));
    let quoted = quoted_value(text, value.start);
    let in_quotes = quoted.is_some();
    let value = quoted.unwrap_or_else(|| {
        let end = if spaced { spaced_value_end(text, value.end) } else { through_ampersands(text, value_end(text, value.end), in_a_query(text, found.start)) };
        let trimmed = text[value.start..end].trim_end_matches(['.', ')', '}', ']']);
        value.start..value.start + trimmed.len()
    });
    let secret = &text[value.clone()];
    let path = is_file_path(secret);
    let random = secret.len() >= MIN_SECRET_BYTES && shannon_entropy(secret) >= MIN_SECRET_ENTROPY;
    // A short value with letters and digits cannot reach that entropy (`Z4bb1x!db`): the entropy
    // a value of its length can have is enough.
    let letters_and_digits = secret.chars().any(char::is_alphabetic) && secret.chars().any(|c| c.is_ascii_digit());
    let short_random = secret.len() >= MIN_SECRET_BYTES
        && letters_and_digits
        && shannon_entropy(secret) >= MIN_SECRET_ENTROPY.min(0.8 * libm::log2(secret.len() as f64));
    // A Sealed Secret's `encryptedData` holds ciphertext that only the cluster's key opens.
    let sealed = secret.len() >= MIN_SEALED_BYTES && secret.starts_with("Ag") && context_before(text, found.start, SEALED_CONTEXT_BYTES).contains("encryptedData");
    let secret_like = (random || short_random || is_weak_password(secret) || meets_password_policy(secret) || is_capitalized_passphrase(secret))
        && !sealed
        && !names_another_value(secret, in_quotes)
        && !secret.contains("://")
        && !path
        && !names_code(text, secret, value.end)
        && !is_a_secrets_name(secret)
        && !names_about_a_secret(&text[found.start..separator_at(text, &found)])
        && !names_a_stored_secret(text, found.start, separator_at(text, &found), secret);
    let vendor = vendor_of_secret(secret);
    secret_like.then(|| Accept { range: value, relabel: vendor.map(|name| (PiiKind::ApiKey, name)) })
}

/// The vendor whose key an assigned secret is, by a shape no other value has: Twilio's API key
/// and account ids (`SK` and 32 hex digits, `AC` and 32 lowercase ones, as the vendor patterns
/// take them). Under a key that names no vendor (`TOKEN=SKc07c…`), such a value is still
/// reported as its vendor's. (An Azure storage key's 88 base64 characters are any 64-byte
/// secret's too.)
pub(super) fn vendor_of_secret(secret: &str) -> Option<&'static str> {
    let hex = |digits: &str, upper: bool| digits.len() == 32 && digits.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || (upper && (b'A'..=b'F').contains(&b)));
    let twilio = secret.strip_prefix("SK").is_some_and(|digits| hex(digits, true)) || secret.strip_prefix("AC").is_some_and(|digits| hex(digits, false));
    twilio.then_some("api_key/twilio")
}

/// Whether an assigned value names another value rather than being the secret: a reference
/// ([`is_reference`]). A string literal of dotted words one of which has capitals and a digit
/// inside a lowercase run (`$password = 'twm.HisxFi3h';`, not `'config.db2.password'` or
/// `'com.example.S3Config'`) is written out, not
/// looked up, though its parts read as names: it is a reference only if it stands for a secret
/// ([`stands_for_a_secret`]).
fn names_another_value(secret: &str, in_quotes: bool) -> bool {
    // `Fi3h`: a digit inside a lowercase run, as no code's name writes it (`Db2Pass`,
    // `S3Config`, `Sha256Hasher` start a new word after their digits).
    let mixed_part = secret.split('.').any(|part| {
        part.bytes().any(|b| b.is_ascii_uppercase()) && part.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_lowercase())
    });
    let dotted_literal = in_quotes && mixed_part && !secret.contains(['(', '[', '/']);
    if dotted_literal {
        stands_for_a_secret(secret)
    } else {
        is_reference(secret)
    }
}

/// The longest of [`PASSWORD_OWNERS`], in bytes: how far back a glued owner is read.
pub(super) const MAX_PASSWORD_OWNER_BYTES: usize = 6;

/// The short words for what a password opens that a key glues to its password word
/// (`dbpass`, `rootpassword`, `smtppass`), unlike the words that merely end in one (`bypass`,
/// `compass`).
pub(super) const PASSWORD_OWNERS: &[&str] = &["db", "root", "admin", "bind", "smtp", "mail", "ldap", "sql", "mysql", "master", "app", "user", "sys", "vnc", "ftp", "proxy", "redis"];

/// Accepts a password written after the account it opens or a short word for it
/// (`local admin is uGdn#MiBaVxT0v6X4n`, `temp pw tb.g0xCTBFxund1`, `pw: …`): only a value
/// written as a password ([`looks_like_a_password`]) with a sign or a digit between letters,
/// since the label says less than a password word does (`the admin JSmith22 approved` names an
/// account).
pub(super) fn check_labelled_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    // The label: `admin…` from the match's start, `pw` after the blank or bracket before it.
    let label = if matched.starts_with(['a', 'A']) {
        if matched.get(..13).is_some_and(|word| word.eq_ignore_ascii_case("administrator")) { 13 } else { 5 }
    } else {
        3
    };
    let rest = matched.get(label..)?;
    let separators = rest.trim_start_matches([' ', '\t']);
    let separators = separators.strip_prefix([':', '=']).or_else(|| separators.strip_prefix("is ")).unwrap_or(separators);
    let value_text = separators.trim_start_matches([' ', '\t']);
    let start = found.end - value_text.len();
    let value = value_text.trim_end_matches(['.', ',', ';', ')']);
    let alone = !is_alnum(byte_at(text, found.end));
    let signed = value.bytes().any(|b| !b.is_ascii_alphanumeric());
    (alone && (signed || has_a_digit_between_letters(value)) && looks_like_a_password(value)).then_some(Accept::plain(start..start + value.len()))
}

/// Whether a digit stands between two letters of `value` (`nhX9BJhdS`; not `JSmith22`).
fn has_a_digit_between_letters(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        b.is_ascii_digit() && bytes[..i].iter().any(u8::is_ascii_alphabetic) && bytes[i + 1..].iter().any(u8::is_ascii_alphabetic)
    })
}

/// Accepts a salt's value as [`check_password`] accepts a password's, unless the key names
/// SaltStack's parts (`SaltStack:`, `salt-master:`, `SaltMinion:`) or the `SALT` ends another
/// word than a password's (`BASALT=…`) or goes on in small letters (`saltiness:`): Moodle's
/// `passwordsaltmain` and `passwordsaltalt1` are salts.
pub(super) fn check_salt(text: &str, found: Range<usize>) -> Option<Accept> {
    let key = &text[found.start..separator_at(text, &found)];
    let words = identifier_words(key.trim_end_matches(['"', '\'', ' ', '\t']));
    let saltstack = words.iter().skip(1).any(|word| SALTSTACK_WORDS.contains(&word.as_str()));
    let before = &text.as_bytes()[..found.start];
    let after_a_password_word = before.len() >= "password".len() && before[before.len() - "password".len()..].eq_ignore_ascii_case(b"password");
    // What the key glues to `salt` in small letters and digits: only Moodle's `main` and
    // `alt1` after `password` (`passwordsaltgenerator`, `saltiness` are other settings).
    let rest = &text[found.start + "salt".len()..];
    let suffix = &rest[..rest.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit()).count()];
    let moodle = after_a_password_word && (suffix == "main" || suffix.strip_prefix("alt").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())));
    let glued = byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphabetic()) || !suffix.is_empty();
    let inside_a_word = glued && !moodle;
    if saltstack || inside_a_word {
        return None;
    }
    check_assigned_password(text, found)
}

/// The words after `salt` in SaltStack's names (`salt-master`, `SaltStack`, `salt_api`).
pub(super) const SALTSTACK_WORDS: &[&str] = &["stack", "master", "minion", "api", "ssh", "cloud", "syndic", "env", "call", "run", "key"];

/// Accepts the value of a [`SIGNING_SECRETS`] key whose last word names a secret (`key`,
/// `auth`, `secret`, `token`), as [`check_password`] accepts a password's: not `webhook_url`,
/// `hmac_algorithm` or `webhookId`.
pub(super) fn check_signing_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let key = &text[found.start..separator_at(text, &found)];
    let words = identifier_words(key.trim_end_matches(['"', '\'', ' ', '\t']));
    let (last, rest) = words.split_last()?;
    // After `hmac` or `webhook`, only words about the secret (`hmacKey`, `WEBHOOK_AUTH`,
    // `webhook_signing_secret`), never another thing's key (`webhookRoutingKey`).
    let about_the_secret = rest.iter().skip(1).all(|word| SIGNING_KEY_WORDS.contains(&word.as_str()));
    let names_a_secret = ["key", "auth", "secret", "token"].contains(&last.as_str());
    let value = assigned_value(text, found.clone())?;
    // An algorithm's or a header's name is no secret (`HmacSHA256`, `AuthorizationHeader`).
    let random = is_random_url_safe(&text[value.clone()]) || text[value].bytes().filter(u8::is_ascii_hexdigit).count() >= MIN_HEX_SIGNING_KEY;
    (about_the_secret && names_a_secret && random).then(|| check_password(text, found)).flatten()
}

/// The words that may stand between `hmac` or `webhook` and the `key`, `secret`, `auth` or
/// `token` that ends a signing secret's key.
pub(super) const SIGNING_KEY_WORDS: &[&str] = &["signing", "signature", "shared", "sha1", "sha256", "sha512", "api", "verification", "verify"];

/// The fewest hexadecimal digits of a signing key written in hex (`adyen.hmacKey=A5C8…`).
pub(super) const MIN_HEX_SIGNING_KEY: usize = 32;

/// The lowercase words of an identifier or a header, split at every sign and at a capital
/// after a lowercase letter (`adyen.hmacKey` → `adyen`, `hmac`, `key`; `Caller ID` → `caller`,
/// `id`).
pub(super) fn identifier_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if (!c.is_alphanumeric() || (c.is_uppercase() && previous_lower)) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The shortest value read as a Sealed Secret's ciphertext (they run to hundreds of bytes).
pub(super) const MIN_SEALED_BYTES: usize = 128;

/// How far before a key [`check_password`] looks for a Sealed Secret's `encryptedData` (its
/// values run to 700 bytes and more, and come after one another).
pub(super) const SEALED_CONTEXT_BYTES: usize = 8192;

/// Whether an assigned `value` meets a common password policy, as passwords too short or too
/// repetitive for [`MIN_SECRET_ENTROPY`] still do (`t00ls-DB-2022`, `pgb-Adm1n!2023`): 8 to 64
/// bytes without spaces, with lowercase letters, digits, and a sign that names do not use or
/// capitals and a digit among letters; not a name written as programs write them
/// (`dbPassword2`), nor words and numbers joined by dashes (`aws-prod-2`, `Beta-2024-06`), nor a
/// masked value.
pub(super) fn meets_password_policy(value: &str) -> bool {
    let lower = value.chars().any(char::is_lowercase);
    let digit = value.chars().any(|c| c.is_ascii_digit());
    let sign = value.chars().any(|c| c.is_ascii_punctuation() && !matches!(c, '-' | '_' | '.' | '/' | ':'));
    let capital = value.chars().any(char::is_uppercase);
    // A digit between letters (`t00ls`, `Adm1n`), not only numbers beside words (`Beta-2024-06`,
    // `OAuth2-PKCE`, `Client-Device-01`).
    let chars: Vec<char> = value.chars().collect();
    let leet = chars.windows(3).any(|w| w[0].is_alphabetic() && w[1].is_ascii_digit() && (w[2].is_alphabetic() || w[2].is_ascii_digit()) && chars.iter().skip_while(|c| !c.is_ascii_digit()).any(|c| c.is_alphabetic()));
    // `sk_live_••••3fA9`, `Ab1****`: what an interface shows of a hidden value.
    let masked = value.contains(['•', '●', '…']) || value.contains("**");
    (MIN_SECRET_BYTES..=64).contains(&value.len())
        && !masked
        && !value.contains(char::is_whitespace)
        && lower
        && digit
        && (sign || (capital && leet))
        && !is_identifier(value)
}

/// Accepts the digits of a passcode or PIN (see `PASSWORDS`) when its word stands alone and the
/// digits end the number: not `SPIN 2000`, `PIN 1234-5678` or `Passcode 2024.3`.
pub(super) fn check_pin(text: &str, found: Range<usize>) -> Option<Accept> {
    let digits = text[found.clone()].trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let value = found.start + digits..found.end;
    let word_alone = !byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric());
    let rest = &text.as_bytes()[found.end..];
    let number_goes_on = match rest {
        [b, ..] if b.is_ascii_alphanumeric() => true,
        [b'.' | b',' | b'/' | b':' | b'-', next, ..] => next.is_ascii_digit(),
        _ => false,
    };
    // `PIN Code: 560001`: India's postal codes are six digits after `PIN`.
    let postal = text[found.clone()].starts_with("PIN") && value.len() == 6;
    (word_alone && !number_goes_on && !postal).then_some(Accept::plain(value))
}

/// Where the key of an assignment match ends.
pub(super) fn separator_at(text: &str, found: &Range<usize>) -> usize {
    text[found.clone()].find([':', '=', '"', '\'', ' ', '\t']).map_or(found.end, |i| found.start + i)
}

/// Whether an assignment's key names something about a secret, not the secret: its identifier
/// (`private_key_id`, `accessKeyId`, `TOKEN_ID`; Google sends a key's id along with every token,
/// and vendors' ids have their own detectors), its type, version, identity, lifetime or policy
/// (`credential_type: OAuth2-PKCE`, `api_key_version`, `psk_identity`, `token_ttl`).
pub(super) fn names_about_a_secret(key: &str) -> bool {
    let key = key.trim_matches(['"', '\'']);
    let camel = key.strip_suffix("Id").is_some_and(|head| head.ends_with(|c: char| c.is_ascii_lowercase()));
    let lower = key.to_ascii_lowercase();
    let attribute = lower.rsplit(['_', '-', '.']).next().filter(|last| last.len() < lower.len());
    camel || attribute.is_some_and(|last| KEY_ATTRIBUTES.contains(&last))
}

/// The last words of a key that name something about a secret (see [`names_about_a_secret`]).
pub(super) const KEY_ATTRIBUTES: &[&str] = &["id", "type", "version", "identity", "ttl", "expiry", "expires", "lifetime", "policy", "length", "format", "mode", "algorithm"];

/// Whether an assignment names where a secret is kept instead of holding it: a key that says so
/// (`existingSecret`, `secretName`, `passwordRef`, `token_file`, `passwordKey`, the key inside a
/// Kubernetes secret) with a value written as resource names are (`redis-auth`,
/// `admin-password`: lowercase letters, digits, `-`, `_`, `.`).
pub(super) fn names_a_stored_secret(text: &str, key_start: usize, key_end: usize, value: &str) -> bool {
    let key = text[key_start..key_end].to_ascii_lowercase();
    let existing = context_before(text, key_start, 8).eq_ignore_ascii_case("existing");
    let naming_key = existing
        || ["name", "ref", "file", "path"].iter().any(|suffix| key.ends_with(suffix))
        || key.ends_with("passwordkey");
    let resource_name = value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
    naming_key && resource_name
}

/// Whether an assigned value is the name of a secret rather than the secret: lowercase words
/// joined by `_`, `-` or `.`, one of which names a secret and two others name what it is for,
/// and maybe a number (`payment_service_creds_2`, `prod-db-password`, `stripe.api.key`; not
/// `secret-key-42` or `password-123`).
pub(super) fn is_a_secrets_name(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['_', '-', '.']).collect();
    let word = |part: &&str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase());
    let number = |part: &&str| (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let other_words = parts.iter().filter(|part| word(part) && !SECRET_NOUNS.contains(part)).count();
    parts.iter().all(|part| word(part) || number(part)) && parts.iter().any(|part| SECRET_NOUNS.contains(part)) && other_words >= 2
}

/// Words that name a secret in the name of one (see [`is_a_secrets_name`]).
pub(super) const SECRET_NOUNS: &[&str] = &["creds", "cred", "credential", "credentials", "secret", "secrets", "password", "passwords", "passwd", "pwd", "token", "tokens", "key", "keys", "apikey"];

/// Whether an assigned value is code naming a variable or a type, not a secret: a camel-case
/// identifier without digits that names a secret itself (`Password`, `Token`, `Secret`, `Key`,
/// `Hash`, `Credential`, `Auth`) and that a statement goes on after (`password: hashedPassword,`,
/// `token: AuthToken;`, `f(secret=clientSecret)`). A bare one at the end of a line is still taken
/// (`password: CorrectHorseBatteryStaple` in a config file), and so is one that names nothing
/// secret (`Password=BlueHorseStaple;` in a connection string).
pub(super) fn names_code(text: &str, value: &str, end: usize) -> bool {
    let lower = value.to_ascii_lowercase();
    let names_a_secret = ["password", "token", "secret", "key", "hash", "credential", "auth"].iter().any(|word| lower.contains(word));
    let camel = names_a_secret
        && camel_parts(value)
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().all(|b| b.is_ascii_alphabetic());
    let statement_goes_on = text[end..].trim_start_matches([' ', '\t']).starts_with([',', ';', ')', '}', ']']);
    camel && statement_goes_on
}

/// The value that starts at `start` when a quote opened it and closes it on the same line
/// within [`MAX_QUOTED_SECRET_BYTES`]: then it may hold what ends a bare value (`;`, `&`, `,`,
/// `<`, the other quote, spaces). Not when it has spaces and none of its words is written as
/// passwords are (`"see the vault entry"`): then the value ends where a bare one would.
pub(super) fn quoted_value(text: &str, start: usize) -> Option<Range<usize>> {
    let range = quoted_flag_value(text, start)?;
    let value = &text[range.clone()];
    // With spaces, a value is a passphrase only if one of its words is written as passwords
    // are; otherwise it is a label, a hint or a sentence (`"Mot de passe"`, `"ask the DBA"`).
    let prose = value.contains(char::is_whitespace) && !value.split_whitespace().any(looks_like_a_password_word);
    (!value.is_empty() && !prose).then_some(range)
}

/// Whether one word of a quoted value with spaces is written as passwords are: letters and
/// digits with a sign among them (`w0rd;&x<1`), or [`looks_like_a_password`].
pub(super) fn looks_like_a_password_word(word: &str) -> bool {
    let signed = word.chars().any(|c| !c.is_alphanumeric() && !matches!(c, ',' | '.' | '!' | '?' | ':' | '>' | '-'));
    let mixed = word.chars().any(char::is_alphabetic) && word.chars().any(|c| c.is_ascii_digit());
    (signed && mixed && word.len() >= 4) || looks_like_a_password(word)
}

/// Whether `value` is a file's path (`/run/secrets/db_password`, `~/.aws/credentials`): it
/// starts at a root, home or current folder and its parts are names (not base64 that happens to
/// start with `/`).
pub(super) fn is_file_path(value: &str) -> bool {
    let rest = ["/", "~/", "./", "../"].iter().find_map(|root| value.strip_prefix(root));
    // Base64 starts with a bare `/`, never with `~/` or `./`.
    let from_root = value.starts_with('/');
    rest.is_some_and(|rest| {
        rest.split('/').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')) && !(from_root && is_random_name(part))
        })
    })
}

/// The shortest part of a path that [`is_random_name`] may find random, in bytes.
const MIN_RANDOM_PATH_PART_BYTES: usize = 20;

/// Whether a path's part is no file's name but base64 that happens to start with `/`
/// (`/YUba4kb1xpvZTEjrx9uW6V6xgpbgMgicQFGXywcGPx`): long, both cases and digits, in no naming
/// style.
fn is_random_name(part: &str) -> bool {
    // A file's name has an extension or joins its words (`Wildcard2024ExampleCom.key`).
    part.len() >= MIN_RANDOM_PATH_PART_BYTES
        && part.bytes().all(|b| b.is_ascii_alphanumeric())
        && mixes_cases_and_digits(part)
        && !is_identifier(part)
}

/// Where in `window` a value ends: at the first `stop` not escaped by a backslash (the quote
/// that opened it, `"ab\"c9"` in JSON; the `;` after a Wi-Fi password), or at the end of the
/// line.
pub(super) fn unescaped_end(window: &str, stop: char) -> Option<usize> {
    let mut escaped = false;
    window.char_indices().find_map(|(i, c)| {
        let ends = (c == stop && !escaped) || c == '\n' || c == '\r';
        escaped = !escaped && c == '\\';
        ends.then_some(i)
    })
}

/// How far after `WIFI:` its password field is looked for, in bytes.
pub(super) const WIFI_FIELDS_BYTES: usize = 256;

/// Accepts the password of a Wi-Fi QR code text (`WIFI:T:WPA;S:Office;P:secret;;`): its `P:`
/// field on the same line, up to the next unescaped `;`.
pub(super) fn check_wifi_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // Bounded, so that a long line of `WIFI:` costs linear time.
    let limit = floor_char_boundary(text, (found.end + WIFI_FIELDS_BYTES).min(text.len()));
    let line_end = text[found.end..limit].find('\n').map_or(limit, |i| found.end + i);
    let fields = &text[found.end..line_end];
    let field = if fields.starts_with("P:") { Some(0) } else { fields.find(";P:").map(|i| i + 1) }?;
    let start = found.end + field + "P:".len();
    let rest = &text[start..line_end];
    let end = unescaped_end(rest, ';').unwrap_or(rest.len());
    (end > 0 && !is_reference(&rest[..end])).then_some(Accept::plain(start..start + end))
}

/// Accepts the text of an XML password element: between its `>` and the `</` that closes
/// it, trimmed, when it is not empty, a reference or a placeholder.
pub(super) fn check_xml_password(text: &str, found: Range<usize>) -> Option<Accept> {
    // `<password` or `<wsse:Password`: the element's name starts after `<` and a namespace.
    let before = context_before(text, found.start, 32).trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let without_namespace = before.strip_suffix(':').map_or(before, |namespace| namespace.trim_end_matches(|c: char| c.is_ascii_alphanumeric()));
    if !without_namespace.ends_with('<') {
        return None;
    }
    let matched = &text[found.clone()];
    let open_end = matched.find('>')? + 1;
    let value = &matched[open_end..matched.len() - 2];
    let start = found.start + open_end + (value.len() - value.trim_start().len());
    let trimmed = value.trim();
    let placeholder = trimmed.is_empty() || is_reference(trimmed) || compiled().placeholder.is_match(trimmed) || trimmed.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '•'));
    (!placeholder).then_some(Accept::plain(start..start + trimmed.len()))
}

/// Accepts the word after "reset it to" (or "changed", "rotated", "set"; "them") when it is
/// written as a password ([`looks_like_a_password`]: `Admin123!`, not `v2.14.3-hotfix` or
/// `INV-2025-46791`), without the quotes or the full stop around it.
pub(super) fn check_reset_to(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    // `offset it to …`: the verb is inside a word.
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let after_to = matched.find(" to")? + " to".len();
    let word = matched[after_to..].trim_start_matches([' ', '\t']);
    let start = found.end - word.len();
    let trimmed = word.trim_end_matches(['.', ',', ';', ')']).trim_matches(['"', '\'', '`']);
    let start = start + word.find(trimmed)?;
    // The pattern stops at 64 bytes: a longer word is not read.
    let cut = byte_at(text, found.end).is_some_and(|b| b.is_ascii_graphic());
    // "Set it to" sets anything: only a word with a sign is a password there
    // (`SHA256withRSA`, `0x7FFFABCD` are settings).
    let set = matched.starts_with(['S', 's']);
    let signed = trimmed.chars().any(|c| c.is_ascii_punctuation() && !matches!(c, '-' | '_' | '.'));
    (!cut && looks_like_a_password(trimmed) && (signed || !set)).then_some(Accept::plain(start..start + trimmed.len()))
}

/// Accepts, after a password word that no assignment follows, the first of the next words on
/// its line (within [`NEARBY_PASSWORD_BYTES`]) that is written as passwords are and words are
/// not: [`MIN_SECRET_BYTES`] to [`MAX_NEARBY_PASSWORD_BYTES`] long, with lowercase letters and
/// digits, and a sign that versions, paths, host names and identifiers do not use (`!#$&^*~…`)
/// or capitals run together with them in no naming style; random-looking (the entropy a word of
/// its length can have, up to [`MIN_SECRET_ENTROPY`]), not a setting (`min_length=12`), a path,
/// a URL, a reference or a placeholder. So not `INV-2025-46791`, `Self-Service-Portal`,
/// `v2.14.3-hotfix`, `Argon2id`, `svc_jenkins2` or `auth/handlers.go:118` (`Das Passwort lautet
/// Sommerwind24!Berg`, `パスワード：Sakura_2024!x`, `-storepass Kst0re!Old`). A weak password
/// ([`is_weak_password`], `Summer2024`) is taken only as the first word or after one of
/// [`COPULAS`]. Words are split at blanks, quotes of any script, CJK punctuation, kana,
/// ideographs, Thai and Hangul (a particle is glued to the value: `パスワードはXk9!mQ2vです`).
pub(super) fn check_password_nearby(text: &str, found: Range<usize>) -> Option<Accept> {
    // `Password-Policy`, `passwords`, `/password/reset`, `enclave`: the word goes on, so it is
    // not one.
    // (A particle of a script without spaces, or a Korean one, is glued on: `パスワードは`, `비밀번호는`.)
    let goes_on = text[found.end..].chars().next().is_some_and(|c| {
        (c.is_alphanumeric() && !is_unspaced_script(c) && !is_hangul(c)) || matches!(c, '-' | '_' | '/' | '.')
    });
    // A flag may put letters before it (`-srcstorepass`).
    let before = context_before(text, found.start, 16);
    // A line break escaped in JSON (`…2025.\\nContraseña`) ends the word before.
    let escaped_break = ["\\n", "\\r", "\\t"].iter().any(|escape| before.ends_with(escape));
    let before = if escaped_break { "" } else { before };
    let word_start = before.trim_end_matches(char::is_alphanumeric);
    // Japanese and Chinese compound freely (`DBパスワード`, `初期パスワード`), and so do German,
    // Dutch and the Nordic languages (`Initialpasswort`, `beheerwachtwoord`, `adminlösenord`).
    let keyword = &text[found.clone()];
    let compounds = keyword.chars().next().is_some_and(|c| !c.is_ascii())
        || COMPOUNDING_PASSWORD_WORDS.iter().any(|word| keyword.eq_ignore_ascii_case(word));
    let begun = word_start.len() < before.len() && !word_start.ends_with('-') && !compounds;
    // `</wsse:Password>`: a closing tag, whose value came before it.
    let closing_tag = before.rfind("</").is_some_and(|at| before[at + 2..].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_')));
    if goes_on || begun || closing_tag {
        return None;
    }
    let window_end = ceil_char_boundary(text, (found.end + NEARBY_PASSWORD_BYTES).min(text.len()));
    let window = &text[found.end..window_end];
    let line = window.split('\n').next().unwrap_or_default();
    // Kana, ideographs and Hangul end a word too: a particle is glued to the value
    // (`パスワードはXk9!mQ2vです`, `비밀번호는 Xk9!mQ2v입니다`).
    // Armenian and Khmer punctuation (`՝`, `։`, `។`, `៖`) ends a word too.
    let is_break = |c: char| {
        c.is_whitespace() || "\"'`„“”‘’‚«»「」『』<>：、。，՝։។៖".contains(c) || is_unspaced_script(c) || is_hangul(c)
    };
    // A word the window cuts is not read: its end is not known.
    let cut = line.len() == window.len() && window_end < text.len();
    let mut offset = 0;
    let mut previous: Option<&str> = None;
    // Where the last word that was not empty ended: a colon between it and the next word (a
    // full-width, Khmer or Armenian one, split off as a break) announces the value.
    let mut last_end = 0;
    for word in line.split(is_break) {
        let start = found.end + offset;
        let whole = !cut || offset + word.len() < line.len();
        let colon_before = line[last_end..offset].contains(['：', '៖', '՝']);
        let word_end = offset + word.len();
        offset = word_end + line[word_end..].chars().next().map_or(0, char::len_utf8);
        if !whole {
            break;
        }
        // A leading `=` is the password's own when another follows (`=vDyC=Tn3sSH`).
        let leading: &[char] = if word.matches('=').count() > 1 { &['(', ':'] } else { &['(', ':', '='] };
        let trimmed = word.trim_end_matches(['.', ',', ';', ')']).trim_start_matches(leading);
        let lead = word.len() - word.trim_start_matches(leading).len();
        // A weak password (`Summer2024`) only where the sentence says it is the password: first
        // after the word, or after "is", "lautet", "est", "to", ….
        let said = colon_before || previous.is_none_or(|word| word.ends_with([':', '=']) || COPULAS.contains(&word.to_lowercase().as_str()));
        // Two words and a number only as the password word's own value (`Wi-Fi şifrəsi X`,
        // `password is now X`), not after another label (`password hint: Build-agent-0042`).
        let own_value = previous.is_none_or(|word| COPULAS.contains(&word.to_lowercase().as_str()) || is_wifi_word(word));
        // In small letters only right after the word and a colon or `=` (`ewal tzij:
        // fjord-bramble-63-zephyr`): after "on" or "to" it is as often a host's name
        // (`password expired on sql-prod-east-01`).
        let signed_after_the_word = previous.is_none() && line[..start - found.end].contains([':', '=', '：', '៖', '՝']);
        let lowercase_passphrase = signed_after_the_word && has_passphrase_parts(trimmed) && !trimmed.contains('.');
        // A second word in small letters only right after the word or "is" (`password
        // Obsidian-cobalt407`), not after "on" or "to" (`password reset on Build-agent07`).
        let plainly = previous.is_none_or(|word| word.ends_with([':', '=']) || PLAIN_COPULAS.contains(&word.to_lowercase().as_str()));
        let passphrase = is_word_passphrase(trimmed) || lowercase_passphrase || (own_value && (is_two_word_passphrase(trimmed) || is_word_pair_number(trimmed, plainly)));
        let weak = is_weak_password(trimmed) || passphrase || is_word_sign_number(trimmed) || is_random_letters_and_signs(trimmed);
        if looks_like_a_password(trimmed) || (said && weak) {
            let start = start + lead;
            return Some(Accept::plain(start..start + trimmed.len()));
        }
        if !trimmed.is_empty() {
            previous = Some(trimmed);
            last_end = word_end;
        }
    }
    // A question mark after the word, on its line: the question asks for it.
    let asked = line.len() < window.len() && line.contains(['?', '？']);
    asked.then(|| answer_below(text, found.end + line.len())).flatten()
}

/// How many lines after a question about a password [`answer_below`] reads.
pub(super) const ANSWER_LINES: usize = 2;

/// The words an answer may start with before the password (`it's X`, which splits at its
/// apostrophe; `try X`).
pub(super) const ANSWER_LEAD_INS: &[&str] = &["it", "s", "its", "is", "use", "try", "here", "sure", "yes", "yep", "ok"];

/// How many of [`ANSWER_LEAD_INS`] an answer may start with.
pub(super) const MAX_ANSWER_LEAD_IN: usize = 2;

/// How far into an answer's line a speaker's label may end, in bytes.
pub(super) const ANSWER_LABEL_BYTES: usize = 48;

/// The password a chat's answer gives on the lines after a question that asks for it (`new
/// password for pgbouncer?` … `[10:04] Linh Nguyen: pgb-Adm1n!2023`, `root 密码也改了吗？` …
/// `改了，新的是 eZqnFy%kYUD2xn3`): on each of the next [`ANSWER_LINES`] lines (read up to
/// [`NEARBY_PASSWORD_BYTES`]), after a speaker's label, the first word in Latin letters when it
/// is written as passwords are ([`looks_like_a_password`]; a weak or word-like one is too often
/// something else there). `line_end` is where the question's line ends.
pub(super) fn answer_below(text: &str, line_end: usize) -> Option<Accept> {
    let mut start = line_end + 1;
    for _ in 0..ANSWER_LINES {
        let rest = text.get(start..)?;
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let read = &line[..floor_char_boundary(line, NEARBY_PASSWORD_BYTES.min(line.len()))];
        // After a speaker's label (`[10:04] Linh Nguyen: `), if the line has one.
        let label = read.find(": ").filter(|&at| at <= ANSWER_LABEL_BYTES).map_or(0, |at| at + 2);
        let is_break = |c: char| c.is_whitespace() || "\"'`「」<>：、。，（）()".contains(c) || is_unspaced_script(c) || is_hangul(c);
        let mut offset = label;
        let mut lead_in = 0;
        for word in read[label..].split(is_break) {
            let trimmed = word.trim_end_matches(['.', ',', ';', ':']);
            let whole = offset + word.len() < read.len() || read.len() == line.len();
            if !trimmed.is_empty() && trimmed.is_ascii() {
                if whole && looks_like_a_password(trimmed) {
                    return Some(Accept::plain(start + offset..start + offset + trimmed.len()));
                }
                // (`it's X`, `try X`: a few words may lead to the answer.)
                lead_in += 1;
                if lead_in > MAX_ANSWER_LEAD_IN || !ANSWER_LEAD_INS.contains(&trimmed.to_ascii_lowercase().as_str()) {
                    break;
                }
            }
            offset += word.len() + read[offset + word.len()..].chars().next().map_or(0, char::len_utf8);
        }
        start += line.len() + 1;
    }
    None
}

/// Whether `word` is a capitalized word, one sign, a number and a letter or a sign, as
/// generated temporary passwords are (`Fjord_4374x`, `Tundra=1128s`, `Pumice.6180z`): three to
/// twelve letters, two to eight digits, then one to three lowercase letters or signs; without
/// them only a sign that names do not use (`Tundra=1128`, not `Release-2024` or `Policy_2024`).
/// Or the number glued to the first word and the sign before a second capitalized word
/// ([`is_word_number_sign_word`]: `Harbour6141=Cobalt`).
pub(super) fn is_word_sign_number(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let name = &word[..word.len() - rest.len()];
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return is_word_number_sign_word(name, rest);
    }
    let Some(sign) = rest.chars().next().filter(|c| c.is_ascii_punctuation()) else {
        return false;
    };
    let number = &rest[1..];
    let tail = number.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = number.len() - tail.len();
    let capitalized = is_capitalized_word(name);
    let tail_ok = tail.len() <= 3 && tail.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_punctuation());
    let named = tail.is_empty() && matches!(sign, '-' | '_' | '.' | '/' | ':');
    (3..=12).contains(&name.len()) && capitalized && (2..=8).contains(&digits) && tail_ok && !named
}

/// Whether `word` is one ASCII capital and then small ASCII letters only (`Harbour`; not
/// `McKay`, `iPhone` or the empty word).
fn is_capitalized_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase()) && word[1..].bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether a capitalized `name`, then `rest`, are a generated password of two words (`Harbour`,
/// `6141=Cobalt`): three to eight digits that are no year, one sign that names do not use and a
/// second capitalized word, each word of three to twelve letters (not `Windows10=True`,
/// `Server2019=Enabled` or `Office365.Admin`).
fn is_word_number_sign_word(name: &str, rest: &str) -> bool {
    let capitalized = |word: &str| (3..=12).contains(&word.len()) && is_capitalized_word(word);
    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = rest.len() - after.len();
    let Some(sign) = after.chars().next().filter(|c| c.is_ascii_punctuation() && !matches!(c, '-' | '_' | '.' | '/' | ':')) else {
        return false;
    };
    let year = digits == 4 && (rest.starts_with("19") || rest.starts_with("20"));
    capitalized(name) && (3..=8).contains(&digits) && !year && capitalized(&after[sign.len_utf8()..])
}

/// Whether `word` is random letters of both cases with a sign that names do not use and no
/// digit (`FGbX-MKsCo*nROOa`): ten to 64 bytes whose letters change case at least
/// [`MIN_RANDOM_CASE_CHANGES`] times and hold no word (no more than three small letters in a
/// row: not `PasswordNeverExpires=True` or `UpperCase+LowerCase+Symbol`).
pub(super) fn is_random_letters_and_signs(word: &str) -> bool {
    let signed = word.bytes().any(|b| b.is_ascii_punctuation() && !matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'@' | b',' | b';'));
    let letters: Vec<bool> = word.chars().filter(char::is_ascii_alphabetic).map(|c| c.is_ascii_uppercase()).collect();
    let changes = letters.windows(2).filter(|pair| pair[0] != pair[1]).count();
    let only_letters_and_signs = word.bytes().all(|b| b.is_ascii_alphabetic() || b.is_ascii_punctuation());
    let longest_small_run = word.split(|c: char| !c.is_ascii_lowercase()).map(str::len).max().unwrap_or(0);
    (10..=64).contains(&word.len()) && signed && only_letters_and_signs && changes >= MIN_RANDOM_CASE_CHANGES && longest_small_run <= 3
}

/// How often the letters of [`is_random_letters_and_signs`] change case, at least.
pub(super) const MIN_RANDOM_CASE_CHANGES: usize = 6;

/// Accepts the value after a wireless network's name and a label of its own
/// (`Wi-Fi: MVG-Staff, kruna sandi: Copper.Saffron-2456`), whatever language the label is in,
/// when the value is written as passwords are ([`looks_like_a_password`], or words and a number
/// as generated Wi-Fi passwords are) and the label names none of the network's settings or
/// devices (`security: WPA2-Personal`, `band: 5GHz`, `printer: HP-LaserJet-M404dn`); quotes
/// around it are not its own.
pub(super) fn check_wifi_labelled_value(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let colon = matched.rfind(':')?;
    let label_start = matched[..colon].rfind(',')? + 1;
    let label = matched[label_start..colon].trim().to_lowercase();
    let written = matched[colon + 1..].trim_start();
    let quoted = written.starts_with(['"', '\'', '`']);
    let value = written.trim_start_matches(['"', '\'', '`']).trim_end_matches(['.', ',', ';', ')', '"', '\'', '`']);
    let start = found.end - written.len() + usize::from(quoted);
    let shaped = looks_like_a_password(value) || is_two_word_passphrase(value) || is_capitalized_passphrase(value);
    (labels_a_wifi_value(&label) && shaped && !is_wifi_standard(value)).then_some(Accept::plain(start..start + value.len()))
}

/// Whether a label before a value on a wireless network's line may name its password: one to
/// [`MAX_WIFI_LABEL_WORDS`] words, no digit, no word of the network's settings (`security`,
/// `SSID`, `printer`).
fn labels_a_wifi_value(label: &str) -> bool {
    let words = label.split_whitespace().count();
    let setting = label.split(|c: char| !c.is_alphanumeric()).any(|word| WIFI_SETTING_WORDS.contains(&word));
    (1..=MAX_WIFI_LABEL_WORDS).contains(&words) && !label.contains(|c: char| c.is_ascii_digit()) && !setting
}

/// Accepts the value after the last colon (or Ethiopic `፡`) and a space on a wireless
/// network's line when a label of its own stands before it (`Wi-Fi office Nasir, ruac mi ci
/// kuany: E%-Ymk8h6_2sf2`, `Офисан Wi-Fi къайла дош: …`), whatever its language or script. The
/// label is what follows the last comma, colon, bracket or Wi-Fi word before the colon, and
/// names no setting ([`labels_a_wifi_value`]: not `security: WPA2-Personal`). Such a label
/// could name anything (a network, a device, a ticket), so the value must be a whole word
/// written as passwords are ([`looks_like_a_password`]) with a sign that names, ids and
/// versions do not use inside it ([`PASSWORD_SIGNS`]; not `#`, `,`, `+` or `@`): an SSID
/// (`ATTtM8n9Ri`), a model (`MacBookPro18,3`), an issue (`Firmware-Bug#42`) or a build
/// (`v2.4.1+g3f9aB2c`) is none. The Wi-Fi word stands on its own (not `D/WifiService`,
/// `corp-wifi-ap3`, `wifi.example.com`). Quotes around the value are not its own.
pub(super) fn check_wifi_line_label(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    if !wifi_word_stands_alone(text, found.start) || !ends_a_word(text, found.end) {
        return None;
    }
    // The value is the last word, after the colon and its spaces (`inet6: fe80::…` holds more).
    let (before, written) = matched.rsplit_once([' ', '\t'])?;
    let labelled = before.trim_end_matches([' ', '\t']).strip_suffix([':', '፡'])?;
    let label = wifi_line_label(labelled)?.to_lowercase();
    let unquoted = written.trim_start_matches(['"', '\'', '`']);
    let value = unquoted.trim_end_matches(['.', ',', ';', ')', '"', '\'', '`']);
    let signed = value.trim_end_matches(|c: char| c.is_ascii_punctuation()).contains(|c: char| PASSWORD_SIGNS.contains(c));
    // (An address with its zone, `2001:db8:…:1%wlan0`, is the address detector's.)
    let address = value.contains(':');
    let start = found.end - unquoted.len();
    (labels_a_wifi_value(&label) && signed && !address && looks_like_a_password(value) && !is_wifi_standard(value)).then_some(Accept::plain(start..start + value.len()))
}

/// Accepts a random key or token after its word in prose (`… firmware 4.2.7, cloud key
/// XHmSqy4wb5TqNi0X9G6Y3X0zyI1H4r8O96ooXu88.`, `the API key is …`, `token: …`): the word
/// stands on its own (not `monkey`, `tokens`), and the value is a whole word of random letters
/// of both cases and digits ([`is_random_url_safe`]), with `+`, `/` and `=` as base64 writes
/// them when it is long, after a word naming what it opens ([`SECRET_KEY_OWNERS`]); so an
/// identifier (`metric key http2ServerRequests5xx`), a hex digest, a licence key in capitals, a
/// path, a public key or a cursor is none.
pub(super) fn check_key_in_prose(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let word = matched.len() - matched.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
    let glued_before = byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric());
    // The value is a whole word: a full stop after it ends the sentence (`….pdf` goes on).
    let after = &text[found.end..];
    let ends_a_word = match after.chars().next() {
        None => true,
        Some('.') => !after[1..].starts_with(char::is_alphanumeric),
        Some(c) => c.is_whitespace() || matches!(c, ',' | ';' | ')' | ']' | '"' | '\'' | '`' | '>'),
    };
    if glued_before || !ends_a_word || !matches!(matched[..word].to_ascii_lowercase().as_str(), "key" | "token") {
        return None;
    }
    // The word before names what the key opens (`cloud key`, `API key`, `bot token`); a
    // public, sort, cursor or site key says nothing of a secret. Alone, the word needs a colon
    // or an equals sign after it (`token: …`).
    let before = text[..found.start].trim_end_matches([' ', '_', '-']);
    let word_before = before.rsplit(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default().to_ascii_lowercase();
    let assigned = matched[word..].trim_start_matches([' ', '\t']).starts_with([':', '=']);
    let alone = before.len() == found.start && word_before.is_empty();
    let owned = SECRET_KEY_OWNERS.contains(&word_before.as_str()) || (alone && assigned);
    let value_len = matched.len() - matched.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '=' | '-')).len();
    let value = &matched[matched.len() - value_len..];
    let base64 = value.len() >= MIN_BASE64_KEY_BYTES && is_random_url_safe(&value.trim_end_matches('=').replace(['+', '/'], "-"));
    let random = is_random_url_safe(value) || (base64 && !value.contains("//"));
    // The body of an SSH public key, base64 of JSON, names written in camel case.
    let encoded = value.starts_with("AAAA") || value.starts_with("eyJ");
    (owned && random && !encoded && !reads_as_words(value) && !is_reference(value)).then_some(Accept::plain(found.end - value_len..found.end))
}

/// The words before `key` or `token` that [`check_key_in_prose`] takes as naming what a secret
/// opens.
pub(super) const SECRET_KEY_OWNERS: &[&str] = &[
    "api", "cloud", "access", "secret", "auth", "device", "private", "bot", "app", "integration", "service", "admin", "master", "session",
    "refresh", "personal", "signing", "encryption", "hmac", "shared", "gateway", "hub", "bearer", "account", "deploy", "webhook",
];

/// The shortest key [`check_key_in_prose`] reads with base64's `+` and `/`, in bytes.
pub(super) const MIN_BASE64_KEY_BYTES: usize = 32;

/// The signs that [`check_wifi_line_label`] wants inside a value: passwords use them, and
/// names, ids, versions and addresses do not.
pub(super) const PASSWORD_SIGNS: &str = "~!$%^&*=?|\\<>";

/// Whether the Wi-Fi word that starts at `start` is a word of its own: after the start of the
/// text, a space or an opening bracket or quote, and before a space, a colon, a comma or a
/// bracket (`Wi-Fi (guest):`); a word of another script is always one.
fn wifi_word_stands_alone(text: &str, start: usize) -> bool {
    let rest = &text[start..];
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return true;
    }
    let word = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-').len();
    let before = text[..start].chars().next_back();
    let after = rest[word..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '\'' | '>'))
        && after.is_none_or(|c| c.is_whitespace() || matches!(c, ':' | ',' | '(' | ')'))
        && is_wifi_word(&rest[..word])
}

/// Whether the value that ends at `end` is a whole word: the text ends there, or a space or a
/// closing sign follows (not more of a word: `Starbucks7Zürich`, a blob of more than 64 bytes).
fn ends_a_word(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ')' | '"' | '\'' | '`'))
}

/// The label that ends `before` (see [`check_wifi_line_label`]): its words after the last
/// comma, colon, bracket, semicolon or Wi-Fi word; `None` when nothing stands there.
fn wifi_line_label(before: &str) -> Option<&str> {
    let after_sign = before.rsplit([',', ':', '፡', '(', ')', ';', '—']).next()?;
    let wifi_end = WIFI_SCRIPT_WORDS
        .iter()
        .filter_map(|word| after_sign.rfind(word).map(|at| at + word.len()))
        .chain(after_sign.split_whitespace().filter(|word| is_wifi_word(word)).filter_map(|word| after_sign.rfind(word).map(|at| at + word.len())))
        .max()
        .unwrap_or(0);
    let label = after_sign[wifi_end..].trim();
    (!label.is_empty()).then_some(label)
}

/// How a wireless network is written in scripts [`is_wifi_word`] does not read (Urdu and
/// Saraiki, Persian, Ethiopic, N'Ko).
const WIFI_SCRIPT_WORDS: &[&str] = &["وائی فائی", "وائیفائی", "وای فای", "وایفای", "ዋይፋይ", "ߥߌߝߌ"];

/// Whether `value` is a wireless standard, measure or device rather than a secret
/// (`WPA2-Personal`, `5GHz`, `-67dBm`, `1200Mbps`, `MSCHAPv2`, `FRITZ!Box7590`): a unit counts
/// after a digit (`vGb~t!dBmTK…` is random).
fn is_wifi_standard(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let measured = ["ghz", "mhz", "dbm", "mbps", "gbps", "mbit", "gbit"]
        .iter()
        .any(|unit| lower.match_indices(unit).any(|(at, _)| at.checked_sub(1).and_then(|before| lower.as_bytes().get(before)).is_some_and(u8::is_ascii_digit)));
    value.starts_with("WPA") || value.starts_with("WEP") || lower.contains("mschap") || lower.contains("fritz!box") || measured
}

/// The most words of the label [`check_wifi_labelled_value`] reads before a value.
pub(super) const MAX_WIFI_LABEL_WORDS: usize = 4;

/// Words of a wireless network's settings, which label no secret.
pub(super) const WIFI_SETTING_WORDS: &[&str] = &[
    "security", "encryption", "auth", "authentication", "band", "channel", "mode", "standard", "vlan", "ssid", "network", "name", "frequency", "portal", "bssid",
    "mac", "ip", "gateway", "dns", "subnet", "user", "username", "login", "identity", "method", "eap", "radio", "width", "bandwidth", "bandbreite",
    "frequenz", "fréquence", "device", "gerät", "printer", "model", "ap", "controller", "firmware",
];

/// Whether `word` names a wireless network (`Wi-Fi:`, `wifi`, `WLAN`), after which a password
/// word's value follows.
pub(super) fn is_wifi_word(word: &str) -> bool {
    let letters: String = word.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    matches!(letters.as_str(), "wifi" | "wlan")
}

/// Whether `word` is two words and a number joined by dashes, underscores or dots, as generated
/// Wi-Fi and guest passwords are (`Borobudur-mtkvari-4271`, `Baobab_tsingy-6501`): words of four
/// or more letters, the first capitalized, and a last part of two to four digits. Only where the
/// sentence says it is the password: as a name it would be a host's or a branch's.
pub(super) fn is_two_word_passphrase(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '_', '.']).collect();
    let letters = |part: &str, capital: bool| {
        let mut bytes = part.bytes();
        part.len() >= 4 && bytes.next().is_some_and(|b| if capital { b.is_ascii_uppercase() } else { b.is_ascii_alphabetic() }) && bytes.all(|b| b.is_ascii_lowercase())
    };
    matches!(parts.as_slice(), [first, second, number]
        if letters(first, true) && letters(second, false) && (2..=4).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()))
}

/// [`is_word_passphrase`] with a capital among its words (`prism.orbit.Harbor21`): without one,
/// an assigned or dotted value is as likely a name (`settings.smtp.password_2`,
/// `payment_service_creds_2`).
pub(super) fn is_capitalized_passphrase(word: &str) -> bool {
    is_word_passphrase(word) && word.bytes().any(|b| b.is_ascii_uppercase())
}

/// Whether `word` is a passphrase of words and a number joined by dashes, underscores or dots
/// (`Tower-Bridge-Kettle-42`, `otter_Tundra_walnut_21`, `prism.orbit.Harbor21`): at least three
/// words of three or more letters, each lowercase or capitalized, and a number of one to four
/// digits, a part of its own or glued to the last word; not a name such as `Single-Sign-On` or
/// `user_profile_v2`, a path of names without a number (`settings.db.password`), or a host
/// name (no capital and no underscore: `ldap-01.corp.local`).
pub(super) fn is_word_passphrase(word: &str) -> bool {
    // Host names are lowercase words, numbers, dots and dashes (`ldap-01.corp.local`).
    let host_like = !word.contains('_') && !word.bytes().any(|b| b.is_ascii_uppercase());
    has_passphrase_parts(word) && !host_like
}

/// Whether `word`'s parts are those of a passphrase (see [`is_word_passphrase`]), in whatever
/// case: a lowercase one (`kelp-gannet-91-tundra`) may as well be a host's name, so the caller
/// says what else makes it a password.
pub(super) fn has_passphrase_parts(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '_', '.']).collect();
    let cased = |letters: &str| {
        let mut chars = letters.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_lowercase())
    };
    let number = |digits: &str| (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let mut words = 0;
    let mut numbers = 0;
    for (index, part) in parts.iter().enumerate() {
        let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
        let glued = &part[letters.len()..];
        if number(part) {
            numbers += 1;
        } else if letters.len() >= 3 && cased(letters) && (glued.is_empty() || (index + 1 == parts.len() && number(glued))) {
            words += 1;
            numbers += usize::from(!glued.is_empty());
        } else {
            return false;
        }
    }
    parts.len() <= 8 && words >= 3 && numbers >= 1
}

/// Words that say what a password is (`the password is …`, `Das Passwort lautet …`, `reset the
/// password to …`), in the languages of the password words.
pub(super) const COPULAS: &[&str] = &[
    "is", "was", "now", "still", "just", "literally", "simply", "to", "ist", "lautet", "war", "auf",
    "est", "était", "à", "es", "era", "a", "é", "para", "er", "är", "var", "till", "til", "jest",
    "na", "on", "oli", "wordt", "naar", "je", "είναι", "là", "kay",
    // Sesotho, Māori, Igbo, Breton, Haitian Creole, Xhosa and Zulu; Tibetan's topic marker.
    "ke", "ko", "bụ", "eo", "se", "ngu", "་ནི་",
];

/// The [`COPULAS`] that only say "is" (not "on", "to", "à", which also place things).
pub(super) const PLAIN_COPULAS: &[&str] = &["is", "was", "now", "ist", "lautet", "est", "es", "é", "er", "är", "jest", "je", "είναι"];

/// Whether `word` has the shape of a weak password, a word and a number (`Summer2024`,
/// `welcome1`, `Admin123!`, `Vpn@2024`): 6 to 32 bytes, at least three letters not all capitals
/// (`SHA256` is a name), perhaps a sign, then digits, then at most three signs, or a capitalized
/// word and signs ([`is_signed_word`]); not a technical word and its version (`argon2`, `utf8`,
/// `python3`).
pub(super) fn is_weak_password(word: &str) -> bool {
    let rest = word.trim_start_matches(char::is_alphabetic);
    let letter_part = &word[..word.len() - rest.len()];
    let number = rest.strip_prefix(['@', '#', '!', '$', '%', '&', '*']).unwrap_or(rest);
    let signs = number.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = number.len() - signs.len();
    let shaped = letter_part.chars().count() >= 3
        && letter_part.chars().any(char::is_lowercase)
        && (1..=8).contains(&digits)
        && signs.len() <= 3
        && signs.chars().all(|c| "!@#$%&*?".contains(c));
    let signed = is_signed_word(letter_part, rest);
    (6..=32).contains(&word.len()) && (shaped || signed) && !TECHNICAL_WORDS.contains(&letter_part.to_lowercase().as_str())
}

/// A capitalized word and two or three signs, not all one, and no digits (`Falcon!?`,
/// `Dragon!$`): `letters` is the word's letters, `signs` the rest. One sign, or one repeated, is
/// how sentences end (`Password: Incorrect!`, `Token: Expired!!`, `Correct?`).
pub(super) fn is_signed_word(letters: &str, signs: &str) -> bool {
    let mut chars = letters.chars();
    let capitalized = chars.next().is_some_and(char::is_uppercase) && chars.clone().count() >= 3 && chars.all(char::is_lowercase);
    let all_signs = (2..=3).contains(&signs.len()) && signs.chars().all(|c| "!@#$%&*?".contains(c));
    let mixed = signs.chars().any(|c| !signs.starts_with(c));
    capitalized && all_signs && mixed
}

/// Words that a version number follows in technical text (`sha256`, `python3`, `ubuntu22`):
/// not weak passwords.
pub(super) const TECHNICAL_WORDS: &[&str] = &[
    "aes", "android", "argon", "base", "bcrypt", "build", "centos", "debian", "ecdsa", "floor",
    "http", "https", "ipv", "iso", "java", "level", "line", "node", "option", "page", "pbkdf",
    "phase", "python", "release", "rfc", "room", "rsa", "scrypt", "sha", "sprint", "ssh", "ssl",
    "step", "tls", "ubuntu", "utf", "version", "win", "windows",
];

/// Password words of languages that write compounds as one word (`Werkspasswort`), which
/// [`check_password_nearby`] takes at the end of a longer word.
pub(super) const COMPOUNDING_PASSWORD_WORDS: &[&str] = &["passwort", "kennwort", "wachtwoord", "lösenord", "adgangskode", "salasana"];

/// How far after a password word [`check_password_nearby`] looks for the password, in bytes
/// (Thai or Devanagari words between them take three bytes a letter).
pub(super) const NEARBY_PASSWORD_BYTES: usize = 128;

/// The longest word [`check_password_nearby`] takes for a password, in bytes.
pub(super) const MAX_NEARBY_PASSWORD_BYTES: usize = 64;

/// Whether `word` is written as a password: see [`check_password_nearby`].
pub(super) fn looks_like_a_password(word: &str) -> bool {
    // A sign that names, versions, paths, hosts and identifiers do not use (`!`, `#`, `$`, `&`,
    // `^`, `*`, `~`, …); `@` counts unless a host name follows it (`postgres@db-primary-02`).
    let host_after_at = word
        .split_once('@')
        .is_some_and(|(_, host)| host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.')));
    let signed = word.chars().any(|c| !c.is_alphanumeric() && !matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '(' | ')' | '[' | ']' | '{' | '}'))
        || (word.contains('@') && !host_after_at);
    // Without such a sign: letters of both cases and digits, all run together, in no naming
    // style (`Xk9mQ2vL7pZ`; not `Argon2id`, `OAuth2.1`, `svc_jenkins2`, `v2.14.3-hotfix`).
    let run_together = (word.chars().all(char::is_alphanumeric)
        && word.chars().any(char::is_uppercase)
        && (!is_identifier(word) || has_bare_capital_parts(word)))
        || is_random_url_safe(word)
        || is_random_with_separators(word);
    let mixed = word.chars().any(char::is_lowercase) && word.chars().any(|c| c.is_ascii_digit());
    let bracketed = word.contains(['[', ']', '{', '}', '(', ')', '/', '\\']);
    // `min_length=12`, `retries:3`, `scheme=PBKDF2Sha256`: a setting of something else; not
    // when both halves read as a password's (`m57=PK9IyWf1M`, `Sternway01=eU1zeT`): a key of a
    // letter or two, or of letters and digits, before a random value; but after a key that names
    // a secret (`ansible_password=…`), the value alone is the password.
    let setting = word.split_once(['=', ':']).is_some_and(|(key, value)| {
        let random_value = mixes_cases_and_digits(value) && !is_identifier(value);
        let key_reads_as_a_password = key.len() <= 2 || (key.bytes().any(|b| b.is_ascii_alphabetic()) && key.bytes().any(|b| b.is_ascii_digit()));
        is_identifier(key) && (!random_value || !key_reads_as_a_password || key_names_a_secret(key))
    });
    // (A host's port or a file's line after it: `postgres@db.internal:5432`.)
    let address = word.split_once('@').is_some_and(|(_, domain)| domain.split([':', '/']).next().is_some_and(is_mail_domain));
    (MIN_SECRET_BYTES..=MAX_NEARBY_PASSWORD_BYTES).contains(&word.len())
        && mixed
        && (signed || run_together)
        && !bracketed
        && !setting
        && !address
        && shannon_entropy(word) >= MIN_SECRET_ENTROPY.min(0.8 * libm::log2(word.len() as f64))
        && !word.contains("://")
        && !is_reference(word)
        && !compiled().placeholder.is_match(word)
}

/// Whether `word` is random letters and digits in two or three parts joined by `-`, `_` or `.`
/// (`Sib7yC-PdWPH`, `xzwbOJr4klW.ADI`): a part mixes both cases and a digit, and the parts
/// together read as no name ([`is_identifier`]), so `Build-agent-0042` and `Win10x64.iso` stay
/// names; with a dot, it is no version or host name (`OAuth2.1`, `ESXi7.0U3`, `Srv02-DB.corp`).
pub(super) fn is_random_with_separators(word: &str) -> bool {
    if word.len() < MIN_SECRET_BYTES || !word.contains(['-', '_', '.']) {
        return false;
    }
    let parts: Vec<&str> = word.split(['-', '_', '.']).collect();
    let alphanumeric = parts.iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
    let random_part = parts.iter().any(|part| mixes_cases_and_digits(part));
    // With a dot: a version has a digit on both sides of a dot or a part that starts with a
    // digit (`OAuth2.1`, `ESXi7.0U3`, `Ubuntu22.04LTS`), and a host's last part is a lowercase
    // word (`Srv02-DB.corp`); a random value's parts are neither.
    let version = word.contains('.')
        && (word.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit())
            || word.split('.').any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
            || word.rsplit('.').next().is_some_and(|last| last.bytes().all(|b| b.is_ascii_lowercase())));
    (2..=3).contains(&parts.len()) && alphanumeric && random_part && !version && !is_identifier(&parts.concat())
}

/// Whether `word` is a capitalized word and a second word, capitalized or (when `small` is
/// allowed) in small letters, joined by a sign, with a number after the second
/// (`Inverter-Basalt182`, `Sabantuy_Idel745`, `Falcon.Kestrel671`, `Obsidian-cobalt407`), as
/// people choose passwords.
pub(super) fn is_word_pair_number(word: &str, small: bool) -> bool {
    let Some(at) = word.find(|c: char| c.is_ascii_punctuation()) else { return false };
    let (first, rest) = (&word[..at], &word[at + 1..]);
    let second = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = rest.len() - second.len();
    let capitalized = |w: &str| w.len() >= 3 && is_capitalized_word(w);
    let in_small_letters = |w: &str| small && w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase());
    capitalized(first) && (capitalized(second) || in_small_letters(second)) && (1..=4).contains(&digits)
}

/// Whether `word`, though cased like a camel-case name, has two or more parts that are only a
/// capital and digits (`QclyyO9I7wF1`: `O9`, `F1`) and digits in three places or more, which
/// names seldom have (`CryptoV2R1`, `S3ToGcsV2Job`) and random letters often do.
pub(super) fn has_bare_capital_parts(word: &str) -> bool {
    let bytes = word.as_bytes();
    let bare = bytes
        .iter()
        .enumerate()
        .filter(|&(i, b)| {
            let part = bytes[i + 1..].iter().take_while(|n| !n.is_ascii_uppercase());
            b.is_ascii_uppercase() && !part.clone().any(u8::is_ascii_lowercase) && part.count() > 0
        })
        .count();
    let digit_runs = bytes.iter().enumerate().filter(|&(i, b)| b.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit())).count();
    bare >= 2 && digit_runs >= 3
}

/// Whether `word` is a long random token of the URL-safe alphabet (`wUCGISp0TYjaZ66yceGCQ34pp_`,
/// `qu2Sx5MCtimtMA6APFwiGxxZ-`): at least [`MIN_RANDOM_TOKEN_BYTES`] letters of both cases and
/// digits, at most two `-` or `_`, digits between letters in two places or more (names put
/// numbers at the ends of their parts: `OAuth2-PKCE-Flow-Enabled`), and
/// [`MIN_SECRET_ENTROPY`].
pub(super) fn is_random_url_safe(word: &str) -> bool {
    let bytes = word.as_bytes();
    let alphabet = bytes.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    let separators = bytes.iter().filter(|&&b| matches!(b, b'-' | b'_')).count();
    let cases = bytes.iter().any(u8::is_ascii_uppercase) && bytes.iter().any(u8::is_ascii_lowercase);
    let inner_digits = bytes
        .windows(3)
        .filter(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit() && (w[2].is_ascii_alphabetic() || w[2].is_ascii_digit()))
        .count();
    bytes.len() >= MIN_RANDOM_TOKEN_BYTES && alphabet && separators <= 2 && cases && inner_digits >= 2 && shannon_entropy(word) >= MIN_SECRET_ENTROPY
}

/// The shortest word [`is_random_url_safe`] takes, in bytes.
pub(super) const MIN_RANDOM_TOKEN_BYTES: usize = 16;

/// The longest quoted value [`quoted_value`] takes whole, in bytes.
pub(super) const MAX_QUOTED_SECRET_BYTES: usize = 256;

/// Where an assigned value that the (ASCII) pattern matched up to `end` really ends: it goes on
/// over letters outside ASCII (`pässwort…`), up to whitespace, a quote or a delimiter.
pub(super) fn value_end(text: &str, end: usize) -> usize {
    let delimiter =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ';' | '&' | '<' | '>' | ',');
    text[end..]
        .char_indices()
        .find(|&(_, c)| delimiter(c))
        .map_or(text.len(), |(i, _)| end + i)
}

/// Where a value written after a blank ends: as [`value_end`] says, but an `&` is part of it.
pub(super) fn spaced_value_end(text: &str, end: usize) -> usize {
    let delimiter = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ';' | '<' | '>' | ',');
    text[end..].char_indices().find(|&(_, c)| delimiter(c)).map_or(text.len(), |(i, _)| end + i)
}

/// Whether an assigned value names a secret instead of being one: a variable (`$X`, `${X}`,
/// `%X%`), a template (`{{x}}`, `<x>`), a call, a dotted path of identifiers
/// (`os.environ.get(…)`, `process.env.TOKEN`, `settings.DB_PASSWORD`, `Settings.Default.ApiKey`),
/// a subscript of one (`os.environ["KEY"]`, cut at the quote as `os.environ[`), or a mask
/// (`********`). A random value that happens to start with `$` or `%`, or to hold a dot, is not
/// one: `$0Sr-QQM0…`, `TUf6.UoCnLkeP7…` (its parts are not written the way identifiers are).
pub(super) fn is_reference(value: &str) -> bool {
    // A call: a name, or a dotted path of names, then its arguments (`getenv("TOKEN")`,
    // `$(cat pw)`); not a random value that happens to hold a parenthesis (`k#9v!x2m@qz7&w4t(e8y)…`).
    // `$(…)` substitutes a shell command's output.
    let call = value
        .split_once('(')
        .is_some_and(|(name, _)| name.is_empty() || name == "$" || is_path_of_names(name));
    // A passphrase of dotted words and a number is no path (`prism.orbit.Harbor21`).
    let dotted = |v: &str| v.contains('.') && v.split('.').all(is_identifier) && !is_capitalized_passphrase(v);
    let subscript = value.split_once('[').is_some_and(|(base, _)| dotted(base));
    // A secret store's path (`secret/data/orthanc/db`, Vault's agent annotations).
    let store_path = value.matches('/').count() >= 2
        && value.split('/').all(|part| !part.is_empty() && is_lowercase_name(part));
    stands_for_a_secret(value) || call || dotted(value) || subscript || store_path || is_secret_version(value)
}

/// Whether `value` names a version of a secret kept in a secret manager, as Google Cloud's
/// `--set-secrets=DB_PASSWORD=db-password:latest` does: lowercase words joined by `-` or `_`
/// that name a secret ([`key_names_a_secret`]), then `:latest` or `:` and a version number. A
/// password is not written with its own version.
pub(super) fn is_secret_version(value: &str) -> bool {
    let Some((name, version)) = value.rsplit_once(':') else {
        return false;
    };
    let version = version == "latest" || (!version.is_empty() && version.len() <= 4 && version.bytes().all(|b| b.is_ascii_digit()));
    is_lowercase_name(name) && version && key_names_a_secret(name)
}

/// Whether `name` is written only in small ASCII letters, digits, `-` and `_`, as the names in
/// secret stores are (`db-password`, `orthanc_db`).
fn is_lowercase_name(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
}

/// Whether `value` only stands for a secret, wherever it is written: a variable (`$X`, `${X}`,
/// `%X%`, `%(X)s`), a template (`{{x}}`, `<x>`), a filtered value (`[FILTERED]`, `[REDACTED]`), a
/// placeholder of documentation (`YOUR_API_KEY`, `your-password-here`, `changeme`), a mask
/// (`********`) or the password manager that keeps it (`see 1Password`).
pub(super) fn stands_for_a_secret(value: &str) -> bool {
    let variable = value.starts_with("${")
        || value.strip_prefix('$').is_some_and(is_identifier)
        || value.strip_prefix("$env:").is_some_and(is_identifier)
        || value
            .strip_prefix('%')
            .and_then(|rest| rest.strip_suffix('%'))
            .is_some_and(is_identifier)
        // Python's `%`-formatting by name (`%(API_KEY)s`).
        || value.strip_prefix("%(").and_then(|rest| rest.strip_suffix(")s")).is_some_and(is_identifier);
    let template = value.starts_with(['{', '<']);
    let filtered = value.starts_with('[') && value.ends_with(']');
    let lower = value.to_ascii_lowercase();
    let placeholder = lower.split(['_', '-', '.', ' ']).any(|part| matches!(part, "your" | "changeme" | "placeholder"));
    let masked = value
        .chars()
        .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#'));
    // (The one password manager whose name reads as a password: a digit, then letters.)
    let manager = lower == "1password";
    variable || template || filtered || placeholder || masked || manager
}

/// Whether `name` is a name or a path of names (`getenv`, `os.environ.get`,
/// `rpassword::prompt_password`).
pub(super) fn is_path_of_names(name: &str) -> bool {
    let mut parts = name.split(['.', ':']).filter(|part| !part.is_empty()).peekable();
    parts.peek().is_some() && parts.all(is_identifier)
}

/// Whether `word` is written the way programs name things: `snake_case`, `SCREAMING_CASE`,
/// `camelCase` or `PascalCase` (digits allowed after the first letter of a part), not a random
/// mix of cases such as `PTAXhQ0`.
pub(super) fn is_identifier(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    let chars_ok = word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let snake = word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let screaming = word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (first.is_ascii_alphabetic() || first == '_') && chars_ok && (snake || screaming || camel_parts(word))
}

/// Whether `word` is letters and digits in camel or Pascal parts: each capital starts a part
/// and is followed by at least one lowercase letter or digit (`dbPassword`, `ApiKey2`).
pub(super) fn camel_parts(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        let next_small = bytes.get(i + 1).is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
        b.is_ascii_lowercase() || b.is_ascii_digit() || (b.is_ascii_uppercase() && next_small)
    })
}

/// Accepts the value of a setting given as a name and a value (a detector of
/// [`ADMIN_TOOL_SECRETS`]) when the name names a secret (`AuthorizationKey`, `DB_PASSWORD`, `apiToken`; not
/// `tokenTtl` or `secretName`) and the value is no reference and looks like one.
pub(super) fn check_named_value(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    // The name: the first word after the first colon (`"key":"AuthorizationKey"`, `name: DB_PASSWORD`).
    let after_colon = &matched[matched.find(':')? + 1..];
    let name = after_colon.trim_start_matches([' ', '\t', '"', '\'']);
    let name = &name[..name.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))?];
    // The value: after the colon of the `value` key that follows the name, without its quotes.
    let name_end = matched.len() - after_colon.len() + after_colon.find(name)? + name.len();
    let value_key = name_end + matched[name_end..].find(['v', 'V'])?;
    let value_colon = value_key + matched[value_key..].find(':')? + 1;
    let raw = &matched[value_colon..];
    let lead = raw.len() - raw.trim_start_matches([' ', '\t', '"', '\'']).len();
    let value = raw[lead..].trim_end().trim_end_matches(['"', '\'']);
    let start = found.start + value_colon + lead;
    let lower = name.to_ascii_lowercase();
    // `SECRET_NAME`, `tokenPath`: the name of where a secret is kept.
    let last = lower.rsplit(['_', '.', '-']).next().unwrap_or(&lower);
    let where_kept = ["name", "ref", "path", "file", "arn", "url", "uri"].iter().any(|word| last.ends_with(word));
    let secret_name = SECRET_SETTING_WORDS.iter().any(|word| lower.contains(word)) && !names_about_a_secret(name) && !where_kept;
    let random = (MIN_SECRET_BYTES..=MAX_QUOTED_SECRET_BYTES).contains(&value.len()) && shannon_entropy(value) >= MIN_SECRET_ENTROPY;
    let secret_like = random || is_weak_password(value) || looks_like_a_password(value);
    (secret_name && secret_like && !is_reference(value) && !is_a_secrets_name(value) && !value.contains("://")).then_some(Accept::plain(start..start + value.len()))
}

/// The words a setting's name holds when its value is a secret (see [`check_named_value`]).
pub(super) const SECRET_SETTING_WORDS: &[&str] = &[
    "password", "passwd", "secret", "token", "apikey", "api_key", "authorizationkey", "authkey", "auth_key", "privatekey", "private_key", "passphrase",
    "credential",
];
