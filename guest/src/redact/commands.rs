//! Passwords that particular tools take or print: command-line flags (`curl -u`, `mysql -p`,
//! other tools' password flags), `.pgpass` lines, `net use`, Oracle logins and connect strings,
//! PowerShell secure strings, Terraform outputs, LDIF entries and `.npmrc`.

use super::*;

/// Accepts the password of `curl -u user:password` (or `--user`), when `curl` comes before it on
/// its line (or the lines it continues) and the password is not a variable or a mask; or the
/// whole `key:X` when the user is a random key and the password a dummy.
pub(super) fn check_curl_user(text: &str, found: Range<usize>) -> Option<Accept> {
    // The command first: without it, the value's end is not looked for (a long run of `-u=a:b`
    // would be scanned to its end once per candidate).
    if !command_before(text, found.start, &["curl"]) {
        return None;
    }
    let value = value_after_flag(text, found)?;
    let end = value_end(text, value.end);
    let credentials = &text[value.start..end];
    let (user, password) = credentials.split_once(':')?;
    // An API key given as the user, with a dummy password (`-u 8f3kQ9xLm2…:X`, Freshdesk and
    // others): the key is the secret.
    let key_as_user = password.len() <= 1 && user.len() >= MIN_SECRET_BYTES && shannon_entropy(user) >= MIN_SECRET_ENTROPY;
    if key_as_user && !is_reference(user) {
        return Some(Accept::plain(value.start..end));
    }
    let real = !user.is_empty() && !password.is_empty() && !is_reference(password);
    // Only the password: the user is a name or an address, which its own detector judges. A
    // vendor's key id as the user (Twilio's `SK…`) makes the password that key's secret.
    let range = end - password.len()..end;
    let accept = match vendor_of_secret(user) {
        Some(vendor) => Accept { range, relabel: Some((PiiKind::ApiKey, vendor)) },
        None => Accept::plain(range),
    };
    real.then_some(accept)
}

/// Accepts the password of a Python auth pair (`auth=("svc-aes", "Giqq@8bln9P+g50")`): the
/// second literal, when `auth` is a word of its own (not `route_auth=(…)`) and the literal is
/// no placeholder or reference ([`is_no_password`]) and no word in small letters (`("api",
/// "secret")`, `("read", "write")`).
pub(super) fn check_auth_pair(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let glued = byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    let quote = matched.chars().next_back()?;
    let open = matched[..matched.len() - 1].rfind(quote)? + 1;
    let password = &matched[open..matched.len() - 1];
    let placeholder = is_no_password(password) || password.bytes().all(|b| b.is_ascii_lowercase());
    (!glued && !placeholder).then_some(Accept::plain(found.start + open..found.end - 1))
}

/// Whether one of `commands` (lowercase ASCII) comes before `at` on its line or on the lines
/// that line continues, within [`COMMAND_CONTEXT_BYTES`]: bounded, so that a long line of
/// candidates costs linear time.
pub(super) fn command_before(text: &str, at: usize, commands: &[&str]) -> bool {
    let window = context_before(text, at, COMMAND_CONTEXT_BYTES);
    let mut lines = window.rsplit('\n');
    if mentions(lines.next().unwrap_or_default(), commands) {
        return true;
    }
    // The lines a command continues onto end with `\` (a shell), `^` (cmd) or `` ` `` (PowerShell).
    lines
        .take_while(|line| line.trim_end().ends_with(['\\', '^', '`']))
        .any(|line| mentions(line, commands))
}

/// How far before a `-u` or `-p` flag its command (`curl`, `mysql`) is looked for, in bytes.
pub(super) const COMMAND_CONTEXT_BYTES: usize = 256;

/// The part of a `-u …` / `--user=…` match after the flag, its separator and an opening quote.
pub(super) fn value_after_flag(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let matched = &text[found.clone()];
    let flag = if matched.starts_with("--user") { "--user".len() } else { "-u".len() };
    let offset = matched[flag..].find(|c: char| !matches!(c, ' ' | '\t' | '=' | '"' | '\''))?;
    Some(found.start + flag + offset..found.end)
}

/// Accepts the password of `mysql -pSECRET` or `-p'SECRET'` (also `mysqldump`, `mariadb`), when
/// such a command comes before it on its line.
pub(super) fn check_mysql_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let start = found.start + text[found.clone()].find("-p")? + "-p".len();
    let quote = text[start..].chars().next().filter(|c| matches!(c, '"' | '\''));
    let value = match quote {
        Some(quote) => {
            let open = start + 1;
            let window = &text[open..floor_char_boundary(text, (open + MAX_QUOTED_SECRET_BYTES).min(text.len()))];
            open..open + unescaped_end(window, quote)?
        }
        None => start..value_end(text, start),
    };
    let command = command_before(text, found.start, &["mysql", "mariadb", "sshpass"]);
    (command && !value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Commands that take a password as the value of a flag, with those flags. Only these: the
/// same flags mean other things elsewhere (`mkdir -p`, `redis-cli -p 6379`, and `mysql -p db`,
/// whose `-p` prompts and leaves `db` to be the database).
pub(super) const COMMAND_PASSWORD_FLAGS: &[(&str, &[&str])] = &[
    ("sshpass", &["-p"]),
    ("docker login", &["-p", "--password"]),
    ("podman login", &["-p", "--password"]),
    ("nerdctl login", &["-p", "--password"]),
    ("helm registry login", &["-p", "--password"]),
    ("helm repo add", &["--password"]),
    ("oc login", &["-p", "--password"]),
    ("az login", &["-p", "--password"]),
    ("redis-cli", &["-a", "--pass"]),
    ("mongo", &["-p", "--password"]),
    ("ldap", &["-w"]),
    ("wget", &["--password"]),
    ("ipmitool", &["-P"]),
];

/// Commands that take a password after a `%` in their user flag (`smbclient -U 'CORP\\scan%pw'`).
pub(super) const COMMAND_USER_PERCENT_FLAGS: &[(&str, &[&str])] = &[
    ("smbclient", &["-U", "--user"]),
    ("rpcclient", &["-U", "--user"]),
    ("smbmap", &["-U"]),
];

/// Accepts the password a command takes as a flag's value (`sshpass -p 'pw' ssh …`,
/// `docker login -u ci -p pw registry`, `redis-cli -a pw`, `ldapsearch -w pw`), or the part after
/// `%` of a Samba user flag (`smbclient -U 'CORP\\scan%pw'`): when a command of
/// [`COMMAND_PASSWORD_FLAGS`] (or [`COMMAND_USER_PERCENT_FLAGS`]) that takes this flag is the
/// command the flag belongs to ([`same_command`]), and the value is not a variable, a call or
/// another flag. A quoted value is taken whole, spaces included. After `sshpass … ssh`, a `-p` of
/// up to five digits is the port of the command `sshpass` runs.
pub(super) fn check_command_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let matched = &text[found.clone()];
    let flag = matched[1..].split([' ', '\t', '=']).next()?;
    let taking = |table: &[(&'static str, &[&str])]| -> Vec<&'static str> {
        table.iter().filter(|(_, flags)| flags.contains(&flag)).map(|(command, _)| *command).collect()
    };
    let after_flag = found.start + 1 + flag.len();
    let start = after_flag + text[after_flag..found.end].find(|c: char| !matches!(c, ' ' | '\t' | '=' | '"' | '\''))?;
    let start = after_continuation(text, start);
    let mut value = quoted_flag_value(text, start).unwrap_or_else(|| start..value_end(text, start));
    let user_percent = taking(COMMAND_USER_PERCENT_FLAGS);
    let commands = if !user_percent.is_empty() && command_before(text, found.start, &user_percent) {
        value.start += text[value.clone()].find('%')? + 1;
        user_percent
    } else {
        taking(COMMAND_PASSWORD_FLAGS)
    };
    let password = &text[value.clone()];
    let real = !password.is_empty() && !password.starts_with('-') && !is_reference(password);
    let between = same_command(text, found.start, &commands)?;
    // `sshpass -p pw ssh host -p 2222`: the `-p` of the command run after is its port.
    let command_run = between.split_once([' ', '\t']).is_some_and(|(_, rest)| mentions(rest, &["ssh", "scp", "rsync"]));
    let port = flag == "-p" && command_run && password.len() <= 5 && password.bytes().all(|b| b.is_ascii_digit());
    (real && !port).then_some(Accept::plain(value))
}

/// The value that starts at `start` when a quote opened it and closes it on its line within
/// [`MAX_QUOTED_SECRET_BYTES`]: a flag's quoted value is one argument, spaces included
/// (`sshpass -p 'correct horse battery staple'`).
pub(super) fn quoted_flag_value(text: &str, start: usize) -> Option<Range<usize>> {
    let quote = char::from(byte_before(text, start).filter(|b| matches!(b, b'"' | b'\''))?);
    let rest = &text[start..];
    let window = &rest[..floor_char_boundary(rest, MAX_QUOTED_SECRET_BYTES.min(rest.len()))];
    let close = unescaped_end(window, quote)?;
    window[close..].starts_with(quote).then_some(start..start + close)
}

/// The text from the command the flag at `at` belongs to up to the flag, when that command is
/// one of `commands`: [`command_before`] says one comes before it, and no sentence or pipeline
/// comes between the last of them and the flag, outside quoted arguments (`docker login -u ci
/// -p "$T" reg`, which prints "Using --password via the CLI …"; but `ldapsearch -D "cn=admin,
/// dc=acme" -w pw`). A backtick ending a line continues a PowerShell command.
pub(super) fn same_command<'t>(text: &'t str, at: usize, commands: &[&str]) -> Option<&'t str> {
    if !command_before(text, at, commands) {
        return None;
    }
    let window = context_before(text, at, COMMAND_CONTEXT_BYTES);
    let lower = window.to_ascii_lowercase();
    let command = commands.iter().filter_map(|command| lower.rfind(command)).max()?;
    let between = &window[command..];
    let unquoted = without_quoted(between).replace("`\n", "\n");
    let broken = unquoted.contains(['`', '|', ';']) || [", ", ". ", "&&"].iter().any(|stop| unquoted.contains(stop));
    (!broken).then_some(between)
}

/// `text` without its quoted parts (`a "b, c" d` → `a  d`), the quotes' contents dropped up to
/// the matching quote.
pub(super) fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(quote) if c == quote => open = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'') => open = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Where a flag's value starts when the flag ends its line and the command goes on on the next
/// (`--password \` then `'pw'`; `^` in cmd, `` ` `` in PowerShell): after the line break, its
/// indentation and an opening quote; otherwise `at`.
pub(super) fn after_continuation(text: &str, at: usize) -> usize {
    let next_line = text[at..]
        .strip_prefix(['\\', '^', '`'])
        .and_then(|rest| rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')));
    next_line.map_or(at, |line| {
        let indented = line.trim_start_matches([' ', '\t']);
        text.len() - indented.strip_prefix(['"', '\'']).unwrap_or(indented).len()
    })
}

/// Accepts the password of a PostgreSQL password file's line
/// (`hostname:port:database:username:password`, the port PostgreSQL's, PgBouncer's or `*`) when
/// the text names `.pgpass` (or `PGPASSFILE`) shortly before it, on its line or before.
pub(super) fn check_pgpass_line(text: &str, found: Range<usize>) -> Option<Accept> {
    // The host name before the port starts its line or follows a space (`~/.pgpass contains:
    // db01:5432:…`); it is looked for within a bounded window, so that a long line of
    // candidates costs linear time.
    let before = context_before(text, found.start, PGPASS_CONTEXT_BYTES);
    let host = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    if host.len() == before.len() && before.len() != found.start {
        return None;
    }
    let host_start = found.start - host.len();
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'*' | b'_' | b'-'));
    let named = mentions(context_before(text, host_start, PGPASS_CONTEXT_BYTES), &["pgpass"]);
    let fields = &text[found.clone()];
    let password_at = fields.match_indices(':').nth(3)?.0 + 1;
    let password = &fields[password_at..];
    let real = !password.is_empty() && password != "*" && !is_reference(password);
    (host_ok && named && real).then_some(Accept::plain(found.start + password_at..found.end))
}

/// How far before a password file's line the name `.pgpass` is looked for, in bytes.
pub(super) const PGPASS_CONTEXT_BYTES: usize = 512;

/// How far after `net use` its arguments are looked for, in bytes.
pub(super) const NET_USE_ARGUMENTS_BYTES: usize = 512;

/// The most arguments of one `net use` command read.
pub(super) const MAX_NET_USE_ARGUMENTS: usize = 16;

/// Accepts the password of a Windows `net use` command with a `/user:` switch: the argument
/// right after the share, where the command's syntax puts it (`net use Z: \\fs01\share P@ss
/// /user:CORP\jdoe`), or right after the user switch, where people often put it, if it is
/// written as passwords are (`net use \\fs01\ipc$ /user:admin Adm1n!2024`; not the `fails` of
/// prose after the command). The command ends at the end of its line, a pipe, `&`, a backtick
/// (inline code) or an unquoted `;`. A `*` (asking for the password) or a variable is no
/// password.
pub(super) fn check_net_use_password(text: &str, found: Range<usize>) -> Option<Accept> {
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let limit = floor_char_boundary(text, (found.end + NET_USE_ARGUMENTS_BYTES).min(text.len()));
    let end = text[found.end..limit].find(['\n', '\r', '|', '&', '`']).map_or(limit, |i| found.end + i);
    // The next command's own match reads its arguments.
    let end = memchr::memmem::find(&text.as_bytes()[found.end..end], b"net use").map_or(end, |i| found.end + i);
    let (mut user, mut password) = (false, None);
    let (mut after_share, mut after_user) = (false, false);
    let (mut at, mut read) = (found.end, 0);
    while let Some(mut argument) = next_argument(text, at, end).filter(|_| read < MAX_NET_USE_ARGUMENTS) {
        (at, read) = (argument.end + 1, read + 1);
        // An unquoted `;` ends the command (PowerShell, or the sentence around it).
        let quoted = byte_before(text, argument.start) == Some(b'"');
        if let Some(semicolon) = text[argument.clone()].find(';').filter(|_| !quoted) {
            (argument.end, at) = (argument.start + semicolon, end);
        }
        let arg = &text[argument.clone()];
        let switch = arg.strip_prefix('/').map(str::to_ascii_lowercase);
        let is_user = switch.as_deref().is_some_and(|s| s.starts_with("user:") || s.starts_with("u:"));
        let positional = switch.is_none() && !arg.is_empty() && arg != "*" && !arg.starts_with("\\\\");
        // Prose after the command (`fails with error 1326`) is no password: a bare word is taken
        // only when written as passwords are, a quoted one after the share whatever it is.
        let shaped = || looks_like_a_password(arg) || is_weak_password(arg);
        if password.is_none() && positional && ((after_share && quoted) || ((after_share || after_user) && shaped())) {
            password = Some(argument);
        }
        user |= is_user;
        (after_share, after_user) = (arg.starts_with("\\\\"), is_user);
    }
    let password = password.filter(|value| !is_reference(&text[value.clone()]))?;
    user.then_some(Accept::plain(password))
}

/// The next whitespace-separated argument of a command line from `at` up to `end`: a quoted one
/// without its quotes (up to its closing quote, or `end`), or `None` past the last.
pub(super) fn next_argument(text: &str, at: usize, end: usize) -> Option<Range<usize>> {
    let line = text.get(at..end)?;
    let start = at + line.find(|c: char| !c.is_whitespace())?;
    let rest = &text[start..end];
    if let Some(quoted) = rest.strip_prefix('"') {
        let close = quoted.find('"').unwrap_or(quoted.len());
        return Some(start + 1..start + 1 + close);
    }
    Some(start..start + rest.find(char::is_whitespace).unwrap_or(rest.len()))
}

/// Accepts the password of an Oracle thin JDBC URL (`jdbc:oracle:thin:user/password@//host`)
/// unless it is a reference.
pub(super) fn check_oracle_thin_password(text: &str, found: Range<usize>) -> Option<Accept> {
    let slash = found.start + text[found.clone()].rfind('/')?;
    let value = slash + 1..found.end - 1;
    (!value.is_empty() && !is_reference(&text[value.clone()])).then_some(Accept::plain(value))
}

/// Accepts the line a tool printed for a password, secret or token it was asked for
/// (`terraform output`, `vault kv get -field=…`, `gcloud secrets versions access`): one value,
/// not a prompt, a message or a reference.
pub(super) fn check_printed_secret(text: &str, found: Range<usize>) -> Option<Accept> {
    let line = found.start + text[found.clone()].rfind('\n')? + 1;
    let after = &text[found.end..];
    let line_goes_on = after.starts_with(|c: char| !c.is_whitespace()) || after.starts_with([' ', '\t']);
    // Without `-raw`, the value comes quoted.
    let shown = &text[line..found.end];
    let quoted = shown.len() > 2 && shown.starts_with('"') && shown.ends_with('"');
    let value = if quoted { line + 1..found.end - 1 } else { line..found.end };
    let secret = &text[value.clone()];
    // (Or another value: a URL, an ARN.)
    let message = secret.starts_with(['$', '#', '>']) || secret.ends_with(':') || secret.contains("://") || secret.starts_with("arn:");
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
