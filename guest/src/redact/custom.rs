//! A tenant's own patterns: validated, compiled under a size limit and searched in bounded
//! windows, so no pattern can make a search super-linear.

use super::*;

/// The longest custom pattern name, in characters.
pub(super) const MAX_CUSTOM_NAME_CHARS: usize = 32;

/// A tenant's compiled pattern.
pub(super) struct Custom {
    /// The name in reports.
    pub(super) name: String,
    /// The pattern, compiled under [`CUSTOM_PATTERN_SIZE_LIMIT`].
    regex: meta::Regex,
}

impl Custom {
    /// Adds the matches of this pattern (the custom pattern at `index` of the policy) to `out`.
    ///
    /// Each search covers at most twice [`MAX_CUSTOM_MATCH_BYTES`] from where it starts, so one
    /// search costs at most that many steps whatever the pattern; when it finds nothing the next
    /// one starts [`MAX_CUSTOM_MATCH_BYTES`] later (a match starting before that would have fit);
    /// a match that reaches the window's end is searched again from its start; after a match the
    /// next search starts at its end. The whole scan is linear in the text.
    pub(super) fn find(&self, text: &str, index: usize, out: &mut Vec<Found>) {
        let mut at = 0;
        while at < text.len() {
            let end = floor_char_boundary(text, at.saturating_add(2 * MAX_CUSTOM_MATCH_BYTES));
            let input = Input::new(text).range(at..end);
            match self.regex.search(&input) {
                // A match that reaches the window's end may go on past it: search again from
                // its start, with the whole window ahead.
                Some(m) if m.end() == end && end < text.len() && m.start() > at => at = m.start(),
                Some(m) if !m.is_empty() => {
                    let range = self.capped(text, m.range());
                    at = range.end;
                    out.push(Found::new(PiiKind::Custom, Name::Custom(index), range));
                }
                Some(m) => at = next_char(text, m.start()),
                None if end >= text.len() => break,
                None => {
                    at = floor_char_boundary(text, at + MAX_CUSTOM_MATCH_BYTES).max(at + 1);
                    at = ceil_char_boundary(text, at);
                }
            }
        }
    }

    /// `found`, or where it is longer than [`MAX_CUSTOM_MATCH_BYTES`], the pattern's match at
    /// the same start within that many bytes (or, failing one, `found` cut there).
    fn capped(&self, text: &str, found: Range<usize>) -> Range<usize> {
        if found.len() <= MAX_CUSTOM_MATCH_BYTES {
            return found;
        }
        let limit = floor_char_boundary(text, found.start + MAX_CUSTOM_MATCH_BYTES);
        let input = Input::new(text)
            .range(found.start..limit)
            .anchored(Anchored::Yes);
        match self.regex.search(&input) {
            Some(m) if !m.is_empty() => m.range(),
            _ => found.start..limit.max(next_char(text, found.start)),
        }
    }
}

/// Validates and compiles the policy's custom patterns.
pub(super) fn compile_custom(patterns: &[CustomPattern]) -> Result<Vec<Custom>, RedactionError> {
    let mut names = BTreeSet::new();
    patterns
        .iter()
        .map(|custom| {
            check_custom_name(&custom.name)?;
            if !names.insert(custom.name.as_str()) {
                return Err(invalid(&custom.name, "is defined twice"));
            }
            if custom.pattern.len() > MAX_CUSTOM_PATTERN_BYTES {
                return Err(invalid(
                    &custom.name,
                    &format!(
                        "has {} bytes; the limit is {MAX_CUSTOM_PATTERN_BYTES}",
                        custom.pattern.len()
                    ),
                ));
            }
            let regex = compile_custom_pattern(&custom.pattern)
                .map_err(|problem| invalid(&custom.name, &problem))?;
            Ok(Custom {
                name: custom.name.clone(),
                regex,
            })
        })
        .collect()
}

/// An [`RedactionError::InvalidPattern`] naming the custom pattern.
pub(super) fn invalid(name: &str, problem: &str) -> RedactionError {
    RedactionError::InvalidPattern(format!("custom pattern '{name}' {problem}"))
}

/// Refuses a custom pattern name that is not 1–32 characters of `[a-z0-9_-]`.
pub(super) fn check_custom_name(name: &str) -> Result<(), RedactionError> {
    let valid = !name.is_empty()
        && name.chars().count() <= MAX_CUSTOM_NAME_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if valid {
        return Ok(());
    }
    Err(RedactionError::InvalidPattern(format!(
        "custom pattern name '{}' must be 1 to {MAX_CUSTOM_NAME_CHARS} characters of a-z, 0-9, \
         '_' and '-'",
        name.chars().take(64).collect::<String>()
    )))
}

/// Compiles a custom pattern under the size limits (the settings `RegexBuilder::size_limit` and
/// `RegexBuilder::dfa_size_limit` make, on the engine underneath); the error says why not.
pub(super) fn compile_custom_pattern(pattern: &str) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .onepass_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .dfa_size_limit(Some(CUSTOM_PATTERN_SIZE_LIMIT))
        .hybrid_cache_capacity(CUSTOM_PATTERN_SIZE_LIMIT);
    meta::Regex::builder()
        .configure(config)
        .build(pattern)
        .map_err(|error| describe_build_error(&error))
}

/// A one-line, lowercase account of why a pattern did not compile.
pub(super) fn describe_build_error(error: &meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        return format!("compiles to more than the size limit of {limit} bytes");
    }
    let message = error
        .syntax_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    let last = message
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("unknown error");
    let last = last.trim().trim_start_matches("error:").trim();
    format!("does not compile: {}", last.to_lowercase())
}
