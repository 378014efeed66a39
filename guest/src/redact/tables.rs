//! Values read by their table column: passwords in a table's password column, and numbers in
//! a phone column (or kept out of the phone kind by an identifier column).

use super::*;

/// The passwords in the password columns of the text's tables: a row's cell in the column whose
/// header names a password (Jira's `||Host||Password||`, or Markdown's `| Host | Password |`
/// over `|---|---|`), when it holds one value that is no placeholder or name. One pass over the
/// lines that start with `|`, so a table of any length costs its length. Rows with more cells
/// than the header are read from the right (a first column left without a header); rows with
/// fewer, from the left.
pub(super) fn table_passwords(text: &str, out: &mut Vec<Found>) {
    let mut table = TableState::default();
    let starts = std::iter::once(0).filter(|_| text.starts_with('|')).chain(memchr::memmem::find_iter(text.as_bytes(), b"\n|").map(|at| at + 1));
    for start in starts {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = text[start..end].trim_end_matches('\r');
        // A table is a run of lines that start with `|`, one right after the other.
        if table.line_end.is_none_or(|previous| previous + 1 != start) {
            // A header written without pipes at its ends may sit just above (`Host | Password`
            // over `|---|---|`).
            table = TableState { previous: line_before(text, start).filter(|line| line.contains('|')), ..TableState::default() };
        }
        table.read(line, start, out);
        table.line_end = Some(end);
    }
}

/// The passwords in the password columns of Markdown tables written without leading pipes
/// (`Host | Password` over `--- | ---`), which [`table_passwords`] does not see: one pass over
/// the lines that hold a `|`. A table's header is the line above its separator, and its rows
/// are the lines below that hold a `|`, up to the first that does not.
pub(super) fn bare_table_passwords(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pipe) = bytes.get(from..).and_then(|rest| memchr::memchr(b'|', rest)).map(|at| from + at) {
        let (start, end) = line_around(bytes, pipe);
        from = end + 1;
        let line = text[start..end].trim_end_matches('\r');
        if line.starts_with('|') || !is_table_separator(line) || start == 0 {
            continue;
        }
        let (header_start, _) = line_around(bytes, start - 1);
        let column = header_password_column(&header_cells(&text[header_start..start - 1]));
        while from < text.len() {
            let (row_start, row_end) = line_around(bytes, from);
            let row = text[row_start..row_end].trim_end_matches('\r');
            if !row.contains('|') {
                break;
            }
            if let Some(range) = column.and_then(|(column, columns)| password_cell(row, column, columns)) {
                out.push(Found::new(PiiKind::Password, Name::Fixed("password"), row_start + range.start..row_start + range.end));
            }
            from = row_end + 1;
        }
    }
}

/// The passwords in the password column of CSV exports (`system,url,username,password,owner`:
/// a password spreadsheet pasted as text). A header is a line of cells split by `,`, `;` or a
/// tab ([`read_row`]) without an address or a number, one naming a password in one or two
/// words ([`header_password_column`]) and one naming an account ([`CSV_ACCOUNT_WORDS`]), and
/// not itself under a row of its shape (a parameter table's `password,string,none`). Each line
/// right below it with as many cells gives the cell in that column when it is written as a
/// password is ([`is_csv_password`]), up to the first line that has not. Only lines that hold a
/// password word ([`csv_header_forms`]) as a cell of their own are read as headers: where such
/// words start, if the prefix scan ran (`places`, [`CSV_HEADER_PLACES`]), or else searched.
pub(super) fn csv_passwords(text: &str, places: Option<&[usize]>, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let words: Box<dyn Iterator<Item = Range<usize>>> = match places {
        Some(places) => Box::new(places.iter().filter_map(|&start| Some(start..start + csv_header_word_at(bytes, start)?))),
        None => Box::new(csv_header_words().find_iter(bytes).map(|hit| hit.range())),
    };
    let mut from = 0;
    for word in words {
        if word.start < from || !stands_as_a_cell(bytes, word.start, word.end) {
            continue;
        }
        let Some((start, end)) = row_around(text, word.start) else { continue };
        from = end;
        let Some((column, columns, separator)) = csv_password_column(text, start) else { continue };
        // Each row from the start of its line to its `\n` (a `\r` before it is the row's end).
        let mut row_start = end + 1;
        while row_start < text.len() {
            let row_end = memchr::memchr(b'\n', &bytes[row_start..]).map_or(text.len(), |at| row_start + at);
            let Some(row) = read_row(text, row_start).filter(|row| row.separator == separator && row.cells.len() == columns) else { break };
            let value = cell_value(text, &row.cells[column]);
            if is_csv_password(text[value.clone()].trim()) {
                out.push(Found::new(PiiKind::Password, Name::Fixed("password"), value));
            }
            from = row_end;
            row_start = row_end + 1;
        }
    }
}

/// The secrets of a `vault kv get` (or `vault read`) listing pasted as text: under its `Key
/// Value` line and the dashes below it, each line is a key, blanks and a value, up to the first
/// line that is not. A value is taken when its key names a secret ([`key_names_a_secret`]) and
/// the value is written as a secret: a random token ([`is_random_url_safe`]), 32 hex digits or
/// more, or as a password is ([`looks_like_a_password`]); no path and no reference.
pub(super) fn vault_listing_secrets(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    for dashes in memchr::memmem::find_iter(bytes, b"\n---").map(|at| at + 1) {
        let (_, dashes_end) = line_around(bytes, dashes);
        let header = line_around(bytes, dashes - 1);
        let is_header = text[header.0..header.1].split_whitespace().eq(["Key", "Value"]);
        let underlined = text[dashes..dashes_end].split_whitespace().count() == 2 && text[dashes..dashes_end].trim_end().bytes().all(|b| matches!(b, b'-' | b' ' | b'\t'));
        if !is_header || !underlined {
            continue;
        }
        let mut start = dashes_end + 1;
        while start < text.len() {
            let (_, end) = line_around(bytes, start);
            let line = text[start..end].trim_end_matches('\r');
            let Some((key, rest)) = line.split_once([' ', '\t']) else { break };
            let value = rest.trim();
            if key.is_empty() || value.is_empty() || value.contains(char::is_whitespace) {
                break;
            }
            let names_a_secret = key_names_a_secret(key);
            let hex = value.len() >= MIN_HEX_SIGNING_KEY && value.bytes().all(|b| b.is_ascii_hexdigit());
            let shaped = is_random_url_safe(value) || hex || looks_like_a_password(value);
            if names_a_secret && shaped && !is_file_path(value) && !is_reference(value) && !value.contains("://") {
                let at = start + key.len() + 1 + (rest.len() - rest.trim_start().len());
                out.push(Found::new(PiiKind::Password, Name::Fixed("password"), at..at + value.len()));
            }
            start = end + 1;
        }
    }
}

/// Whether a key names a secret: its last word is one ([`SECRET_NOUNS`]: `hmac_secret`,
/// `api_token`, `ansible_password`), no word names a key that is no secret
/// ([`NO_SECRET_KEY_WORDS`]: `public_key`, `next_token`) and the last names nothing about one
/// ([`names_about_a_secret`]: `token_ttl`).
pub(super) fn key_names_a_secret(key: &str) -> bool {
    let words = identifier_words(key);
    words.last().is_some_and(|word| SECRET_NOUNS.contains(&word.as_str()))
        && !words.iter().any(|word| NO_SECRET_KEY_WORDS.contains(&word.as_str()))
        && !names_about_a_secret(key)
}

/// Words of a key, in a listing of secrets, that say the value is no secret: a public or a
/// host's key, a key of a table or a cache, a page's token, a key's id in a key service.
pub(super) const NO_SECRET_KEY_WORDS: &[&str] = &["public", "host", "partition", "sort", "cache", "idempotency", "next", "page", "continuation", "kms", "gpg", "fingerprint"];

/// Words of a CSV header's cell that names the account a password opens (`username`, `login`,
/// `user id`, `account`, `e-mail`), in the languages of the password words.
pub(super) const CSV_ACCOUNT_WORDS: &[&str] = &[
    "user", "username", "login", "account", "userid", "uid", "email", "mail", "benutzer", "benutzername", "konto", "utilisateur", "identifiant", "usuario",
    "utente", "gebruiker", "gebruikersnaam", "användare", "käyttäjä", "bruker", "brugernavn",
];

/// Whether a CSV password column's value is written as a password: no placeholder or reference
/// ([`is_no_password`]), no URL, and a digit, a sign or a capital after the first letter in it
/// (`expired`, `Never`, `LDAP`, `vault://kv/jdoe` are not).
pub(super) fn is_csv_password(value: &str) -> bool {
    let marked = value.bytes().any(|b| b.is_ascii_digit() || !b.is_ascii_alphanumeric())
        || (value.bytes().skip(1).any(|b| b.is_ascii_uppercase()) && value.bytes().any(|b| b.is_ascii_lowercase()));
    marked && !value.contains("://") && !is_no_password(value)
}

/// The password words of [`TABLE_PASSWORD_WORDS`] written in ASCII, in small letters,
/// capitalized or in capitals: where [`csv_passwords`] looks for a header.
pub(super) fn csv_header_forms() -> impl Iterator<Item = String> {
    TABLE_PASSWORD_WORDS.iter().filter(|word| word.is_ascii() && word.len() >= 6).flat_map(|word| {
        let capitalized = word[..1].to_ascii_uppercase() + &word[1..];
        [word.to_string(), capitalized, word.to_ascii_uppercase()]
    })
}

/// The length of the longest of [`csv_header_forms`] at `start` of `bytes`, if one is there.
fn csv_header_word_at(bytes: &[u8], start: usize) -> Option<usize> {
    csv_header_forms().map(String::into_bytes).filter(|form| bytes[start..].starts_with(form)).map(|form| form.len()).max()
}

/// [`csv_header_forms`] as one search, for texts the prefix scan does not walk. (Written out and
/// matched leftmost rather than searched ignoring case with standard matching: that search
/// gets no SIMD prefilter and cost a sixth of the redaction throughput of ticket-like text.
/// Leftmost-longest finds the same header words as every start the prefix scan lists: a start
/// it skips lies inside an earlier word, right after a letter, so it is no cell of its own.)
fn csv_header_words() -> &'static AhoCorasick {
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    WORDS.get_or_init(|| {
        // (Leftmost matching: the SIMD prefilter serves no other kind.)
        AhoCorasick::builder().match_kind(LiteralMatchKind::LeftmostLongest).build(csv_header_forms()).unwrap_or_else(|_| unreachable!("a handful of short literals always build"))
    })
}

/// Whether the word at `start..end` is a CSV cell's whole name: a line's start or a separator
/// before it (perhaps a quote and other words of the name: `"DB password"`), and a separator,
/// a quote or the line's end after it.
fn stands_as_a_cell(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|at| bytes[at]);
    let after = bytes.get(end).copied();
    let bounded_before = before.is_none_or(|b| !b.is_ascii_alphanumeric());
    let bounded_after = after.is_none_or(|b| matches!(b, b',' | b';' | b'\t' | b'"' | b'\r' | b'\n'));
    bounded_before && bounded_after
}

/// The password column of the CSV header line at `start`, the number of its columns and its
/// separator, if the line is a header that names one.
fn csv_password_column(text: &str, start: usize) -> Option<(usize, usize, char)> {
    let row = read_row(text, start).filter(|row| row.separator != '|')?;
    let cells: Vec<&str> = row.cells.iter().map(|cell| text[cell_value(text, cell)].trim()).collect();
    let data = cells.iter().any(|cell| cell.contains('@') || cell.bytes().filter(u8::is_ascii_digit).count() >= 3);
    if data {
        return None;
    }
    let (column, columns) = header_password_column(&cells)?;
    // A column's name, not a sentence that ends in the word (`we reset the password, …`).
    let named = cells[column].split_whitespace().count() <= 2;
    let account = cells.iter().any(|cell| {
        let name = cell.to_lowercase();
        name.split(|c: char| !c.is_alphanumeric()).any(|word| CSV_ACCOUNT_WORDS.contains(&word))
    });
    // The first line of its table: the line above is no row of the same shape.
    let above = start.checked_sub(1).map(|end| line_around(text.as_bytes(), end).0).and_then(|above| read_row(text, above));
    let first = above.is_none_or(|above| above.separator != row.separator || above.cells.len() != cells.len());
    (named && account && first).then_some((column, columns, row.separator))
}

/// Phone and card numbers read by the column of the table they stand in (a CSV export, a Jira
/// or Markdown table). A number that fills a cell under a header naming an identifier
/// (`ucas_id`, `NHS no.`, `MRN`, `Customer number`) is that identifier and is dropped as a phone,
/// unless it is written with `+` (only phones are); one under a header naming a barcode or a
/// device (`ean13`, `gtin14`, `IMEISV`) is dropped as a phone or a card. When `phones` are
/// wanted: in a row that holds an address, a cell under a header naming a
/// phone (`"mobile"`, `Caller ID`) is taken as a phone when it is written as one (phone
/// characters only, 7 to 15 digits, in three groups or more, two of four, or ten digits or
/// more, or after a `+`) and is no date, version or address (`635 178 212`, which its shape alone would not
/// say is a phone); so is every row's cell under an `msisdn` header. Each line is split into
/// cells once, and each table's header is found by walking up its rows once ([`Tables`]).
pub(super) fn numbers_by_column(text: &str, candidates: &mut Vec<Found>, phones: bool) {
    let mut tables = Tables::default();
    candidates.retain(|found| {
        let international = text[found.range.clone()].starts_with('+');
        match found.kind {
            PiiKind::Phone if !international => !matches!(tables.column_of(text, &found.range), Some(Column::Identifier | Column::Barcode)),
            PiiKind::CreditCard => tables.column_of(text, &found.range) != Some(Column::Barcode),
            _ => true,
        }
    });
    if !phones {
        return;
    }
    // An MSISDN column holds a subscriber's number in every row (a CDR export), address or not.
    for header in subscriber_headers(text) {
        tables.subscriber_cells(text, header, candidates);
    }
    let mut rows = BTreeSet::new();
    let addresses: Vec<usize> = candidates.iter().filter(|found| found.kind == PiiKind::Email).map(|found| found.range.start).collect();
    for address in addresses {
        let Some((row, _)) = row_around(text, address) else { continue };
        if rows.insert(row)
            && let Some(range) = tables.phone_cell_in_row(text, row)
        {
            candidates.push(Found::new(PiiKind::Phone, Name::Fixed("phone"), range));
        }
    }
}

/// The starts of the lines that name an MSISDN (candidates for a header of subscribers'
/// numbers), each line once however many times it names one.
pub(super) fn subscriber_headers(text: &str) -> Vec<usize> {
    let mut hits: Vec<usize> = ["msisdn", "MSISDN", "Msisdn"].iter().flat_map(|word| memchr::memmem::find_iter(text.as_bytes(), word.as_bytes())).collect();
    hits.sort_unstable();
    let mut headers = Vec::new();
    let mut line_end = 0;
    for at in hits {
        if at < line_end {
            continue;
        }
        let (start, end) = line_around(text.as_bytes(), at);
        line_end = end;
        if end - start <= MAX_ROW_BYTES {
            headers.push(start);
        }
    }
    headers
}

/// What a table's header says a column holds, for [`numbers_by_column`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// Phone numbers (`mobile`, `Phone no.`, `telefon`, `Caller ID`).
    Phone,
    /// Identifiers (`ucas_id`, `NHS no.`, `MRN`, `Customer number`).
    Identifier,
    /// Subscribers' phone numbers (`msisdn`, `calling_msisdn`): phones in every row.
    Subscriber,
    /// Barcodes and device numbers (`ean13`, `gtin14`, `upc`, `IMEISV`): neither phones nor
    /// cards, whatever their check digits say.
    Barcode,
}

/// A line read as a table row: its separator and its cells' ranges in the text.
pub(super) struct Row {
    /// `|`, tab, `;` or `,`.
    separator: char,
    /// Each cell's range, blanks and quotes included.
    cells: Vec<Range<usize>>,
}

/// The tables of one text as [`numbers_by_column`] reads them, remembered so that each line is
/// split once and each table walked up once, however many of its cells are asked about.
#[derive(Default)]
pub(super) struct Tables {
    /// Line start → the line read as a row (`None`: no row).
    rows: std::collections::HashMap<usize, Option<Row>>,
    /// (row start, separator) → the start of its table's header line, the row itself when the
    /// table has no other.
    header_of: std::collections::HashMap<(usize, char), usize>,
    /// (header start, separator) → its columns ([`header_columns`]).
    columns: std::collections::HashMap<(usize, char), Vec<Option<Column>>>,
}

impl Tables {
    /// The line starting at `start` read as a row, if it is one.
    fn row(&mut self, text: &str, start: usize) -> Option<&Row> {
        self.rows.entry(start).or_insert_with(|| read_row(text, start)).as_ref()
    }

    /// The column of the cell that `range` fills, if it fills one in a table with a header.
    fn column_of(&mut self, text: &str, range: &Range<usize>) -> Option<Column> {
        let (start, _) = row_around(text, range.start)?;
        let row = self.row(text, start)?;
        let separator = row.separator;
        // The cells are in order: the one that holds the range's start is found by halving.
        let index = row.cells.partition_point(|cell| cell.end < range.start);
        if row.cells.get(index).is_none_or(|cell| cell_value(text, cell) != *range) {
            return None;
        }
        let header = self.header_of(text, start, separator)?;
        *self.columns_of(text, header, separator).get(index)?
    }

    /// The phone in the row starting at `start`: the first cell under a phone header that is
    /// written as a phone ([`numbers_by_column`]).
    fn phone_cell_in_row(&mut self, text: &str, start: usize) -> Option<Range<usize>> {
        let separator = self.row(text, start)?.separator;
        let header = self.header_of(text, start, separator)?;
        let phones: Vec<usize> = self.columns_of(text, header, separator).iter().enumerate().filter(|(_, column)| matches!(column, Some(Column::Phone | Column::Subscriber))).map(|(index, _)| index).collect();
        let cells = &self.row(text, start)?.cells;
        phones.into_iter().filter_map(|index| cells.get(index)).map(|cell| cell_value(text, cell)).find(|value| written_as_a_phone(&text[value.clone()]))
    }

    /// Adds the cells written as phones under the [`Column::Subscriber`] columns of the header
    /// line at `header` to `out`, in each row of its table.
    fn subscriber_cells(&mut self, text: &str, header: usize, out: &mut Vec<Found>) {
        let Some(separator) = self.row(text, header).map(|row| row.separator) else { return };
        let columns: Vec<usize> = self.columns_of(text, header, separator).iter().enumerate().filter(|(_, column)| **column == Some(Column::Subscriber)).map(|(index, _)| index).collect();
        if columns.is_empty() {
            return;
        }
        let next_line = |at: usize| line_around(text.as_bytes(), at).1 + 1;
        let mut at = next_line(header);
        while at < text.len() && self.header_of(text, at, separator) == Some(header) {
            let Some(row) = self.row(text, at) else { break };
            for cell in columns.iter().filter_map(|&index| row.cells.get(index)) {
                let value = cell_value(text, cell);
                if written_as_a_phone(&text[value.clone()]) {
                    out.push(Found::new(PiiKind::Phone, Name::Fixed("phone"), value));
                }
            }
            at = next_line(at);
        }
    }

    /// The start of the header line of the table whose row starts at `row`: a Jira header
    /// (`||…||`) or the line above a Markdown separator (`|---|`) above it, or else the topmost
    /// of the rows of the same shape right above it (as many separators, at least two `,` or
    /// `;`); `None` when that is `row` itself.
    fn header_of(&mut self, text: &str, row: usize, separator: char) -> Option<usize> {
        let wanted = self.shape(text, row, separator)?;
        let mut walked = Vec::new();
        let mut at = row;
        let header = loop {
            if let Some(&known) = self.header_of.get(&(at, separator)) {
                break known;
            }
            walked.push(at);
            let line = line_at(text, at);
            if separator == '|' && line.starts_with("||") {
                break at;
            }
            let Some(previous) = at.checked_sub(1).and_then(|end| row_around(text, end)).map(|(start, _)| start) else { break at };
            if separator == '|' && is_table_separator(line_at(text, previous)) {
                let above = previous.checked_sub(1).and_then(|end| row_around(text, end)).map(|(start, _)| start);
                break above.unwrap_or(at);
            }
            if self.shape(text, previous, separator) != Some(wanted) {
                break at;
            }
            at = previous;
        };
        for start in walked {
            self.header_of.insert((start, separator), header);
        }
        (header != row).then_some(header)
    }

    /// The shape of the line at `start` as a row of a table with `separator`: how many cells it
    /// has (any, for `|`).
    fn shape(&mut self, text: &str, start: usize, separator: char) -> Option<usize> {
        let row = self.row(text, start).filter(|row| row.separator == separator)?;
        Some(if separator == '|' { 0 } else { row.cells.len() })
    }

    /// The columns of the header line at `header`, read once.
    fn columns_of(&mut self, text: &str, header: usize, separator: char) -> &[Option<Column>] {
        self.columns.entry((header, separator)).or_insert_with(|| header_columns(text, header, separator))
    }
}

/// The line starting at `start` read as a row: its separator ([`row_separator`]) and cells,
/// separators inside a CSV field's quotes not counted; `None` for a line longer than
/// [`MAX_ROW_BYTES`], or without the separators of a row (at least two `,` or `;`, or one tab).
pub(super) fn read_row(text: &str, start: usize) -> Option<Row> {
    let (start, end) = row_around(text, start)?;
    let line = text[start..end].trim_end_matches('\r');
    let separator = row_separator(line)?;
    let mut cells = Vec::new();
    let mut cell_start = start;
    let mut quoted = false;
    // A Jira link's pipe (`[Reto Brunold|mailto:…]`) is inside its cell, as in [`row_cells`].
    let links = separator == '|' && line.contains('[') && line.matches('[').count() == line.matches(']').count();
    let mut depth = 0usize;
    for (at, c) in line.char_indices() {
        if links {
            depth = match c {
                '[' => depth + 1,
                ']' => depth.saturating_sub(1),
                _ => depth,
            };
        }
        if c == '"' && separator != '|' {
            quoted = !quoted;
        } else if c == separator && !quoted && depth == 0 {
            cells.push(cell_start..start + at);
            cell_start = start + at + 1;
        }
    }
    cells.push(cell_start..start + line.len());
    // A row written between pipes has an empty piece before its first and after its last.
    if separator == '|' {
        cells.remove(0);
        if cells.last().is_some_and(|cell| text[cell.clone()].trim().is_empty()) {
            cells.pop();
        }
    }
    let least = match separator {
        '|' | '\t' => 2,
        _ => 3,
    };
    (cells.len() >= least).then_some(Row { separator, cells })
}

/// The range of a cell's value: without the blanks and quotes around it.
pub(super) fn cell_value(text: &str, cell: &Range<usize>) -> Range<usize> {
    let raw = &text[cell.clone()];
    let start = cell.start + (raw.len() - raw.trim_start_matches(CELL_BLANKS).len());
    let end = cell.end - (raw.len() - raw.trim_end_matches(CELL_BLANKS).len());
    start..end.max(start)
}

/// Whether a phone column's `value` is written as a phone: see [`numbers_by_column`].
pub(super) fn written_as_a_phone(value: &str) -> bool {
    let groups: Vec<&str> = value.split(|c: char| !c.is_ascii_digit()).filter(|group| !group.is_empty()).collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    let characters = value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')' | b'.'));
    let international = value.starts_with('+');
    // Eight digits in two fours are a whole number in Singapore, Hong Kong and the Nordics.
    let fours = groups.len() == 2 && groups.iter().all(|group| group.len() == 4);
    let grouped = groups.len() >= 3 || digits >= 10 || international || fours;
    // `1234567.00`, `192.168.10.254`, `4.12.0.1234`: amounts, addresses and versions.
    let dotted = value.contains('.') && (groups.len() < 3 || looks_like_dotted_number(value, &groups));
    characters
        && grouped
        && PHONE_DIGITS.contains(&digits)
        && value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '('))
        && !dotted
        && !looks_like_date(&groups)
        && !starts_with_a_date(value)
}

/// The start and end of the line that holds byte `at`, when the line is short enough for a
/// table's row ([`MAX_ROW_BYTES`]): a longer line is prose or data, and is not read as a row.
pub(super) fn row_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let from = at.saturating_sub(MAX_ROW_BYTES);
    let start = match memchr::memrchr(b'\n', &bytes[from..at]) {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = (start + MAX_ROW_BYTES).min(bytes.len());
    let end = match memchr::memchr(b'\n', bytes.get(at..to)?) {
        Some(i) => at + i,
        None if to == bytes.len() => to,
        None => return None,
    };
    Some((start, end))
}

/// The text of the line starting at `start` (without its `\r`).
pub(super) fn line_at(text: &str, start: usize) -> &str {
    let (_, end) = line_around(text.as_bytes(), start);
    text[start..end].trim_end_matches('\r')
}

/// The longest line read as a table row, in bytes.
pub(super) const MAX_ROW_BYTES: usize = 4096;

/// What pads a table cell around its value: spaces and a CSV field's quotes.
pub(super) const CELL_BLANKS: [char; 2] = [' ', '"'];

/// The columns of the header line at `header`, each classified by its words (camelCase split:
/// `nhsNumber`), in the order of a row's cells; a cell of more than [`MAX_HEADER_WORDS`] words
/// is no column name. A line with an address or a cell of three digits or more is a row of
/// data, not a header: it has no columns.
pub(super) fn header_columns(text: &str, header: usize, separator: char) -> Vec<Option<Column>> {
    let Some(row) = read_row(text, header) else { return Vec::new() };
    let line = line_at(text, header);
    // Jira writes a header's cells between `||`, a row's between `|`.
    let cells: Vec<&str> = jira_header_cells(line).unwrap_or_else(|| row.cells.iter().map(|cell| &text[cell.clone()]).collect());
    let data = line.contains('@') || cells.iter().any(|cell| cell.bytes().filter(u8::is_ascii_digit).count() >= 3);
    if data || row.separator != separator {
        return Vec::new();
    }
    cells.iter().map(|cell| column_named(cell)).collect()
}

/// What a header cell names, by its words.
pub(super) fn column_named(cell: &str) -> Option<Column> {
    let words = identifier_words(cell);
    let names_a_phone = |word: &String| PHONE_HEADER_WORDS.contains(&word.as_str()) || PHONE_HEADER_STEMS.iter().any(|stem| word.starts_with(stem));
    if words.len() > MAX_HEADER_WORDS {
        None
    } else if words.iter().any(|word| word == "msisdn") && words.iter().all(|word| SUBSCRIBER_HEADER_WORDS.contains(&word.as_str())) {
        Some(Column::Subscriber)
    } else if words.iter().any(|word| BARCODE_WORDS.contains(&word.as_str()) || MICROCHIP_WORDS.contains(&word.as_str())) {
        Some(Column::Barcode)
    } else if words.iter().any(names_a_phone) {
        Some(Column::Phone)
    } else if words.iter().any(|word| IDENTIFIER_HEADER_WORDS.contains(&word.as_str())) {
        Some(Column::Identifier)
    } else {
        None
    }
}

/// The most words of a header cell that [`column_named`] reads.
pub(super) const MAX_HEADER_WORDS: usize = 4;

/// Words of a header that names a column of phone numbers (see also [`PHONE_HEADER_STEMS`]).
pub(super) const PHONE_HEADER_WORDS: &[&str] = &[
    "tel", "tél", "tlf", "tfn", "tfno", "cell", "fax", "mob", "msisdn", "sms", "portable", "gsm", "ph", "hp", "wa", "fon", "landline", "caller", "cli", "telp", "тел", "τηλ",
];

/// How the longer words of a header that names a column of phone numbers start (`phone1`,
/// `mobilnummer`, `telefonnr`).
pub(super) const PHONE_HEADER_STEMS: &[&str] = &[
    "phone", "mobil", "mobiel", "telef", "teléf", "télép", "telep", "cellp", "cellu", "celul", "handy", "whats", "móvil", "movil", "rufnummer", "simu", "festnetz",
    "komórk", "puhelin", "телефон", "τηλέφ", "هاتف", "جوال", "電話", "电话", "手机", "携帯", "전화", "טלפון",
];

/// The words of a header that names subscribers' numbers (`calling_msisdn`, `B-party MSISDN`);
/// with any other word it names something else (`MSISDN count`, `msisdn_lookups_total`,
/// `MSISDN range start`).
pub(super) const SUBSCRIBER_HEADER_WORDS: &[&str] = &[
    "msisdn", "calling", "called", "caller", "callee", "a", "b", "party", "subscriber", "orig", "dest", "originating", "terminating", "from", "to", "source", "target", "number", "no",
];

/// Words for barcodes and device and SIM numbers, which check digits make look like cards: in
/// a header ([`Column::Barcode`]) or right before a number ([`follows_a_barcode_word`]).
pub(super) const BARCODE_WORDS: &[&str] = &["ean", "ean13", "ean8", "gtin", "gtin13", "gtin14", "upc", "sscc", "isbn", "barcode", "imei", "imeisv", "iccid", "imsi"];

/// Words for an animal's microchip, whose fifteen digits chance makes look like a card's: in a
/// header ([`Column::Barcode`]), or right before fifteen digits in one run (a card after
/// "EMV chip" is still a card).
pub(super) const MICROCHIP_WORDS: &[&str] = &["chip", "microchip", "transponder"];

/// Words of a header that names a column of identifiers, not phone numbers (a bare `number` or
/// `no.` does not: `Alt. No.` holds phones as often).
pub(super) const IDENTIFIER_HEADER_WORDS: &[&str] = &[
    "id", "mrn", "hrn", "nhs", "ucas", "hesa", "uid", "uuid", "ref", "reference", "account", "acct", "order", "case", "ticket", "invoice", "policy", "claim", "student",
    "patient", "customer", "member", "serial", "imei", "chi", "employee", "staff", "matric", "isbn", "orcid",
];

/// The separator of a table row: `|` for a Jira or Markdown row, else the one of `,`, `;` and
/// tab that the line holds most of (outside quotes; a tab on a tie).
pub(super) fn row_separator(line: &str) -> Option<char> {
    if line.starts_with('|') {
        return Some('|');
    }
    let count = |separator: char| {
        let mut quoted = false;
        line.chars().filter(|&c| {
            quoted ^= c == '"';
            c == separator && !quoted
        }).count()
    };
    [',', ';', '\t'].into_iter().map(|separator| (count(separator), separator)).filter(|&(count, _)| count > 0).max_by_key(|&(count, _)| count).map(|(_, separator)| separator)
}

/// The start and end of the line that holds byte `at` (the end at its `\n`, or the text's end).
pub(super) fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    (start, end)
}

/// The line that ends just before the line starting at `start`, if any.
pub(super) fn line_before(text: &str, start: usize) -> Option<&str> {
    let end = start.checked_sub(1)?;
    let (line_start, _) = line_around(text.as_bytes(), end);
    Some(text[line_start..end].trim_end_matches('\r'))
}

/// Whether `line` is a Markdown table's separator (`|---|:--:|`, `--- | ---`).
pub(super) fn is_table_separator(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t')) && line.contains("--") && line.contains('|')
}

/// What [`table_passwords`] knows of the table it is reading.
#[derive(Default)]
pub(super) struct TableState<'a> {
    /// Where the table's last line ended.
    line_end: Option<usize>,
    /// The table's previous line (a Markdown header, when a separator follows it).
    previous: Option<&'a str>,
    /// The password column and the number of columns, once a header named one.
    column: Option<(usize, usize)>,
}

impl<'a> TableState<'a> {
    /// Reads one line of the table, starting at `start` in the text.
    fn read(&mut self, line: &'a str, start: usize, out: &mut Vec<Found>) {
        if let Some(cells) = jira_header_cells(line) {
            self.column = header_password_column(&cells);
        } else if is_table_separator(line) {
            self.column = header_password_column(&self.previous.map(header_cells).unwrap_or_default());
        } else if let Some(range) = self.column.and_then(|(column, columns)| password_cell(line, column, columns)) {
            out.push(Found::new(PiiKind::Password, Name::Fixed("password"), start + range.start..start + range.end));
        }
        self.previous = Some(line);
    }
}

/// The span, within `row`, of its cell in `column` of a table of `columns` columns, when it holds
/// a password (see [`table_passwords`]).
pub(super) fn password_cell(row: &str, column: usize, columns: usize) -> Option<Range<usize>> {
    let cells = row_cells(row, '|');
    let index = if cells.len() > columns { cells.len() - columns + column } else { column };
    let &(offset, cell) = cells.get(index)?;
    let trimmed = cell.trim();
    let start = offset + (cell.len() - cell.trim_start().len());
    (!is_no_password(trimmed)).then_some(start..start + trimmed.len())
}

/// Whether a password column's value is no password: short, several words, a mask, a
/// placeholder ([`TABLE_PLACEHOLDERS`]), the name of a key kept elsewhere (`stripe_live_key`)
/// or a reference.
pub(super) fn is_no_password(value: &str) -> bool {
    value.chars().count() < 4
        || value.contains(char::is_whitespace)
        || value.chars().all(|c| matches!(c, '*' | '•' | '●' | 'x' | 'X' | '-' | '.'))
        || TABLE_PLACEHOLDERS.iter().any(|word| value.eq_ignore_ascii_case(word))
        || (value.contains('_') && is_identifier(value) && !is_word_passphrase(value))
        || is_reference(value)
}

/// Cell values of a password column that hold no password.
pub(super) const TABLE_PLACEHOLDERS: &[&str] = &["none", "null", "same", "unset", "empty", "hidden", "redacted", "masked", "n/a", "tbd", "todo", "vault", "see vault"];

/// The cells of a Jira table's header line (`||Host||Password||`), if `line` is one.
pub(super) fn jira_header_cells(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("||")?;
    Some(inner.trim_end().trim_end_matches("||").split("||").collect())
}

/// The cells of a Markdown table's header line, without their offsets.
pub(super) fn header_cells(header: &str) -> Vec<&str> {
    row_cells(header, '|').into_iter().map(|(_, cell)| cell).collect()
}

/// The cells of a table row written between `separator`s (`|a|b|`: `a`, `b`; a separator after
/// a backslash or inside a Jira link's brackets is text), each with its offset in the row.
pub(super) fn row_cells(row: &str, separator: char) -> Vec<(usize, &str)> {
    let row = row.trim_end();
    let (mut offset, inner) = match row.strip_prefix(separator) {
        Some(rest) => (separator.len_utf8(), rest),
        None => (0, row),
    };
    let inner = inner.strip_suffix(separator).filter(|rest| !rest.ends_with('\\')).unwrap_or(inner);
    // `\|` is a pipe inside a cell, not between two; so is the pipe of a Jira link
    // (`[Reto Brunold|mailto:…]`) when the row's brackets pair up.
    let mut escaped = false;
    let links = inner.contains('[') && inner.matches('[').count() == inner.matches(']').count();
    let mut depth = 0usize;
    inner
        .split(|c: char| {
            if links && !escaped {
                depth = match c {
                    '[' => depth + 1,
                    ']' => depth.saturating_sub(1),
                    _ => depth,
                };
            }
            let splits = c == separator && !escaped && depth == 0;
            escaped = c == '\\' && !escaped;
            splits
        })
        .map(|cell| {
            let at = offset;
            offset += cell.len() + separator.len_utf8();
            (at, cell)
        })
        .collect()
}

/// The column among header `cells` whose name ends in a password word (`Password`,
/// `*Passwort*`, `DB password`; not `Password last changed`), and the number of columns.
pub(super) fn header_password_column(cells: &[&str]) -> Option<(usize, usize)> {
    let names_a_password = |cell: &&str| {
        let name = cell.trim().trim_matches('*').to_lowercase();
        name.split(|c: char| !c.is_alphanumeric()).rfind(|word| !word.is_empty()).is_some_and(|word| TABLE_PASSWORD_WORDS.contains(&word))
    };
    let column = cells.iter().position(names_a_password)?;
    Some((column, cells.len()))
}

/// Column names of a password, in the languages of the password words.
pub(super) const TABLE_PASSWORD_WORDS: &[&str] = &[
    "password", "passwort", "kennwort", "pwd", "pw", "passphrase", "secret", "contraseña", "senha", "wachtwoord",
    "hasło", "lösenord", "salasana", "пароль", "heslo", "şifre", "jelszó", "パスワード", "密码", "密碼", "비밀번호",
];
