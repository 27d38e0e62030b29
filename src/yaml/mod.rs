//! The one place that knows which YAML library Strata uses (serde-saphyr).
//!
//! Everything else calls [`parse`] and gets either a value or a [`Diagnostic`] with
//! file, line, column and the library's message; [`Spanned`] values carry the place
//! of a single node so later validation can point at it. Swapping the YAML crate
//! means changing this module only. Flat mappings of simple scalars (front matter,
//! topic files) take a fast path ([`flat`]) that answers only where it is sure.

mod entries;
mod flat;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, LineIndex};

pub use entries::{EntriesRead, Entry, parse_entries};
pub use serde_saphyr::Spanned;

/// Parses `text` (the contents of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    parse_at(text, file, 1)
}

/// [`parse`] for YAML that starts on line `first_line` of its file (front matter), so
/// that a line named in a message is the file's. The diagnostic's own place is still
/// counted in `text`; the caller moves it.
pub fn parse_at<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: u32,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(format!(
            "`{}` is empty",
            crate::diagnostic::display_path(file)
        ))
        .in_file(file)
        .hint("write the YAML this file needs, or delete the file"));
    }
    if let Some(value) = flat::parse(text) {
        return Ok(value);
    }
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| diagnose(&err, text, file, first_line))
}

/// The parser's error as a diagnostic in the author's terms, at its place.
fn diagnose(err: &serde_saphyr::Error, text: &str, file: &Path, first_line: u32) -> Diagnostic {
    let location = err.location();
    // Place by byte offset when known: YAML also breaks lines at a lone `\r`, Strata's
    // line numbers count `\n` only.
    let offset = location.and_then(|l| {
        l.span().byte_offset().map(|o| o as usize).or_else(|| {
            (l.line() > 0).then(|| yaml_offset(text, l.line() as u32, l.column() as u32))
        })
    });
    if let Some(explained) =
        offset.and_then(|o| explain(err.without_snippet(), text, o, first_line))
    {
        let width = explained.width.max(1);
        return Diagnostic::error(explained.message)
            .in_file(file)
            .at_offset(text, explained.offset)
            .width(width)
            .hint(explained.hint);
    }
    let mut message = err.without_snippet().to_string();
    if let Some(l) = location {
        let suffix = format!(" at line {}, column {}", l.line(), l.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
    }
    if let Some(what) = message.strip_prefix("budget breached: ") {
        // The library names its internal counter (`Nodes { nodes: 10000001 }`).
        message = format!("the file is too large to read ({what})");
    }
    if let Some((field, allowed)) = unknown_field(&message) {
        let mut diagnostic = Diagnostic::error(format!("unknown key `{field}`")).in_file(file);
        if let Some(offset) = offset {
            diagnostic = diagnostic
                .at_offset(text, offset)
                .width(field.chars().count());
        }
        let near = crate::suggest::closest(field, allowed.iter().copied());
        return diagnostic.hint(match near {
            Some(near) => format!(
                "did you mean `{near}`? (the keys here are: {})",
                allowed.join(", ")
            ),
            None if allowed.is_empty() => "remove the key: nothing may be set here".into(),
            None => format!("the keys here are: {}", allowed.join(", ")),
        });
    }
    let hint = hint_for(&message);
    let mut diagnostic = Diagnostic::error(message).in_file(file);
    if let Some(offset) = offset {
        diagnostic = diagnostic.at_offset(text, offset);
    }
    match hint {
        Some(h) => diagnostic.hint(h),
        None => diagnostic,
    }
}

/// What an error the parser reports in its own words means to an author.
struct Explained {
    message: String,
    hint: String,
    /// Where to point: the parser's place, or a better one (the tab itself).
    offset: usize,
    width: usize,
}

/// The author's version of the parser's error at byte `offset` of `text`; `None` for
/// errors whose own message is already plain.
fn explain(
    err: &serde_saphyr::Error,
    text: &str,
    offset: usize,
    first_line: u32,
) -> Option<Explained> {
    use serde_saphyr::Error;
    let offset = offset.min(text.len());
    let key = key_before(text, offset);
    let written = scalar_at(text, offset);
    let width = written.chars().count();
    let named = |what: &str| match key {
        Some(k) => format!("`{k}` {what}"),
        None => format!("this value {what}"),
    };
    let explained = |message: String, hint: String| {
        Some(Explained {
            message,
            hint,
            offset,
            width,
        })
    };
    match err {
        Error::DuplicateMappingKey { key: Some(k), .. } => {
            let here = crate::diagnostic::line_col(text, offset).0;
            let first = earlier_key(text, offset, k).map(|o| crate::diagnostic::line_col(text, o));
            let message = match first {
                Some((line, column)) if line == here => {
                    format!("`{k}` is set twice on this line (first at column {column})")
                }
                Some((line, _)) => set_twice(k, line + first_line - 1),
                None => format!("`{k}` is set twice in this mapping"),
            };
            Some(Explained {
                message,
                hint: keep_one(k),
                offset,
                width: k.chars().count(),
            })
        }
        Error::DuplicateMappingKey { key: None, .. } => explained(
            "a key is set twice in this mapping".into(),
            "keep one of the two and delete the other".into(),
        ),
        Error::NullIntoString { .. } => explained(
            named("is empty (`~`, `null` or nothing), but text is expected"),
            match key {
                Some(k) => format!(
                    "write the text after `{k}:`, quoted (\"{written}\") if you mean the word, or remove the key if it is optional"
                ),
                None => "write the text, quoted (\"…\") if it is the word null".into(),
            },
        ),
        Error::InvalidScalar { ty, .. } => {
            let (what, hint) = match *ty {
                "boolean" | "bool" => ("true or false", "write `true` or `false`".to_string()),
                "f32" | "f64" => (
                    "a number",
                    "write a number such as `3` or `2.5`".to_string(),
                ),
                _ if written.len() > 1
                    && written.starts_with('0')
                    && written.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    let number = written.trim_start_matches('0');
                    let number = if number.is_empty() { "0" } else { number };
                    (
                        "a whole number",
                        format!("write it without leading zeros: `{number}`"),
                    )
                }
                _ => (
                    "a whole number",
                    "write a whole number such as `3`".to_string(),
                ),
            };
            explained(named(&format!("must be {what}, not `{written}`")), hint)
        }
        Error::Message { msg, .. } | Error::ExternalMessage { msg, .. } if msg.contains("tab") => {
            // The parser points at the start of the construct the tab is in; the
            // author needs the tab itself.
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let tab = text[line_start..]
                .find('\t')
                .map_or(offset, |i| line_start + i);
            Some(Explained {
                message: "a tab is used to indent; YAML indents with spaces only".into(),
                hint: "replace the tab with spaces (two per level, as in the rest of the file)"
                    .into(),
                offset: tab,
                width: 1,
            })
        }
        Error::Message { msg, .. } | Error::ExternalMessage { msg, .. }
            if msg.starts_with("mapping values are not allowed") =>
        {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or("");
            let before = &text[line_start..offset];
            let key = before.find(": ").map(|colon| {
                let k = before[..colon].trim().trim_start_matches("- ");
                (k.trim_matches(['"', '\'']), colon)
            });
            match key {
                Some((k, colon)) if !k.is_empty() => {
                    let value = line[colon + 2..].trim();
                    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
                    Some(Explained {
                        message: format!(
                            "the value of `{k}` contains `: `, which YAML reads as the start of another key"
                        ),
                        hint: format!("put the whole value in quotes: `{k}: \"{quoted}\"`"),
                        offset,
                        width: 1,
                    })
                }
                _ => Some(misindented(text, line_start, offset)),
            }
        }
        _ => None,
    }
}

/// A `key: value` line, starting at `line_start` of `text`, whose `:` at `offset` the
/// parser refused: it is indented unlike the keys around it. Points at its key.
fn misindented(text: &str, line_start: usize, offset: usize) -> Explained {
    let before = &text[line_start..offset];
    let key = before.trim_start();
    Explained {
        message: "this `key: value` line does not fit where it is indented".into(),
        hint: "indent it like the other keys of its mapping (the same number of spaces), or quote the value of the line above if it holds a `: `".into(),
        offset: offset - key.len(),
        width: key.trim_end().chars().count().max(1),
    }
}

/// The message for `key` set a second time, first on line `first` of the file.
fn set_twice(key: &str, first: u32) -> String {
    format!("`{key}` is set twice (first on line {first})")
}

/// The hint for a key set twice.
fn keep_one(key: &str) -> String {
    format!("keep one `{key}:` and delete the other")
}

/// The key of the `key: value` whose value starts at `offset`, if the text before it
/// on its line ends with one (`author: ` or `{ a: 1, author: `).
fn key_before(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..offset].trim_end();
    let before = before.strip_suffix(':')?;
    let start = before
        .rfind(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .map_or(0, |i| i + 1);
    let key = before[start..].trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

/// The plain scalar written at `offset`: up to the end of the line, a comment, or the
/// `,` `}` `]` that ends it in a flow collection.
fn scalar_at(text: &str, offset: usize) -> &str {
    let rest = &text[offset..];
    let end = rest.find(['\n', '\r', ',', '}', ']']).unwrap_or(rest.len());
    rest[..end].split(" #").next().unwrap_or("").trim_end()
}

/// The byte offset of the earlier `key:` of the mapping whose repeated key is at
/// `offset`: the nearest one before it written as a key (at a line's indentation, or
/// after `{` or `,` in a flow mapping).
fn earlier_key(text: &str, offset: usize, key: &str) -> Option<usize> {
    let written = format!("{key}:");
    text[..offset]
        .rmatch_indices(&written)
        .map(|(i, _)| i)
        .find(|&i| {
            let before = text[..i].trim_end_matches([' ', '\t']);
            before.is_empty()
                || before.ends_with(['\n', '{', ','])
                || before.ends_with("- ")
                || before.ends_with('-')
        })
}

/// One entry of a list of mappings read by [`parse_loose`]: each key's value with its
/// place.
pub type LooseEntry = std::collections::BTreeMap<String, Spanned<serde_json::Value>>;

/// Reads `text` as a list of mappings of plain values, each entry and value with its
/// place, for salvaging what can still be read of a file that [`parse`] refused for
/// its content rather than its syntax. `None` when the text is not such a list or is
/// not even valid YAML.
pub fn parse_loose(text: &str) -> Option<Vec<Spanned<LooseEntry>>> {
    serde_saphyr::from_str_with_options(text, options()).ok()
}

/// Reads `text` as one mapping of plain values, each with its place, for salvaging
/// what can still be read of a file that [`parse`] refused. `None` when the text is
/// not a mapping or is not even valid YAML.
pub fn parse_loose_mapping(text: &str) -> Option<LooseEntry> {
    serde_saphyr::from_str_with_options(text, options()).ok()
}

/// The text of a scalar value of a [`LooseEntry`], as the author wrote it: read
/// without a target type, `y` or `01` would come back as a boolean or a number, so a
/// value that is not a string is taken from the source. `None` for a null, a list or
/// a mapping.
pub fn loose_text(source: &str, node: Option<&Spanned<serde_json::Value>>) -> Option<String> {
    let node = node?;
    match &node.value {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
            let rest = &source[offset_of(source, node)?.min(source.len())..];
            let end = rest.find(['\n', '\r', ',', '}', ']']).unwrap_or(rest.len());
            let written = rest[..end].split(" #").next().unwrap_or("").trim();
            (!written.is_empty()).then(|| written.to_string())
        }
        _ => None,
    }
}

/// The scalars of a list value of a [`LooseEntry`], as text; empty for anything else.
pub fn loose_list(node: Option<&Spanned<serde_json::Value>>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                serde_json::Value::String(s) => Some(s.trim().to_string()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The parser's limits. Its defaults guard a service against hostile input (250,000
/// nodes, a million events); a site's files are its author's own, and a data table of
/// 40,000 rows is a few megabytes of honest YAML, so the size limits are 40 times
/// higher. The nesting limits stay: no real file nests 64 levels deep.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 10_000_000;
    budget.max_events = 40_000_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The byte offset of a spanned node in `source`, if the parser knows its place.
fn offset_of<T>(source: &str, node: &Spanned<T>) -> Option<usize> {
    if let Some(offset) = node.referenced.span().byte_offset() {
        return Some(offset as usize);
    }
    let line = node.referenced.line() as u32;
    (line > 0).then(|| yaml_offset(source, line, node.referenced.column() as u32))
}

/// The byte range of `node`'s value as written in `source` (quotes, continuation
/// lines and a block scalar's lines included); empty when the parser did not say.
pub fn written_range<T>(source: &str, node: &Spanned<T>) -> std::ops::Range<usize> {
    let span = node.referenced.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => {
            let start = (start as usize).min(source.len());
            start..(start + len as usize).min(source.len())
        }
        _ => 0..0,
    }
}

/// 1-based line and column of a spanned node in `source`, counted the way every
/// Strata diagnostic counts them (`\n` ends a line; YAML also breaks at a lone `\r`,
/// so its own line numbers can run past the file's). `(0, 0)` when unknown.
pub fn place<T>(lines: &LineIndex<'_>, node: &Spanned<T>) -> (u32, u32) {
    offset_of(lines.text(), node).map_or((0, 0), |o| lines.line_col(o))
}

/// Where the value of the string `node` starts in the text `lines` indexes: its 1-based
/// line and column, inside its quotes as [`point`] places an error there, and that
/// line's text; for a place kept beyond the text's life (see `model::Alias`).
pub fn value_place(lines: &LineIndex<'_>, node: &Spanned<String>) -> (u32, u32, String) {
    let (line, column) = place(lines, node);
    let text = lines.text();
    let quoted = matches!(
        text.as_bytes().get(written_range(text, node).start),
        Some(b'"' | b'\'')
    ) && !node.value.is_empty();
    let line_text = lines.line(line).unwrap_or_default().to_string();
    (line, column + u32::from(quoted), line_text)
}

/// Points `diagnostic` at `node` in `source`: at its text, inside the quotes of a
/// quoted string (so a caret as wide as the value underlines the value), at the quote
/// of an empty one.
pub fn point<T>(diagnostic: Diagnostic, source: &str, node: &Spanned<T>) -> Diagnostic {
    match offset_of(source, node) {
        Some(offset) => {
            let bytes = source.as_bytes();
            let inside = match bytes.get(offset) {
                Some(&q @ (b'"' | b'\'')) => bytes.get(offset + 1) != Some(&q),
                _ => false,
            };
            diagnostic.at_offset(source, offset + usize::from(inside))
        }
        None => diagnostic,
    }
}

/// Points `diagnostic` at the mapping key `key` whose value is `node`: the last
/// `key` written before the value (a key is on the value's line, or above it for a
/// nested mapping), or at the value when the key cannot be found.
pub fn point_key<T>(
    diagnostic: Diagnostic,
    source: &str,
    key: &str,
    node: &Spanned<T>,
) -> Diagnostic {
    let found = offset_of(source, node)
        .and_then(|offset| source.get(..offset)?.rfind(key))
        .filter(|_| !key.is_empty());
    match found {
        Some(at) => diagnostic.at_offset(source, at).width(key.chars().count()),
        None => point(diagnostic, source, node),
    }
}

/// Points `diagnostic` at the key `key` inside the mapping `node` (a plural form's
/// `few:` in `words: { one: …, few: … }`): the first place after the mapping's start
/// where `key` stands as a word followed by a colon. At the mapping itself when the
/// key cannot be found.
pub fn point_inner_key<T>(
    diagnostic: Diagnostic,
    source: &str,
    key: &str,
    node: &Spanned<T>,
) -> Diagnostic {
    let found = offset_of(source, node).and_then(|start| {
        let rest = source.get(start..)?;
        let mut from = 0;
        while let Some(at) = rest.get(from..)?.find(key) {
            let at = from + at;
            let before = rest[..at].chars().next_back();
            let after = rest[at + key.len()..].trim_start_matches([' ', '\t', '"', '\'']);
            let word_start = before.is_none_or(|c| !c.is_alphanumeric() && c != '_');
            if word_start && after.starts_with(':') {
                return Some(start + at);
            }
            from = at + key.len();
        }
        None
    });
    match found.filter(|_| !key.is_empty()) {
        Some(at) => diagnostic.at_offset(source, at).width(key.chars().count()),
        None => point(diagnostic, source, node),
    }
}

/// The byte offset of a 1-based YAML line and character column, counting line breaks
/// the way YAML does (`\r\n`, `\n` or a lone `\r`); clamped to the text.
pub fn yaml_offset(text: &str, line: u32, column: u32) -> usize {
    let mut current = 1;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while current < line && i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                current += 1;
                start = i;
            }
            b'\r' | b'\n' => {
                i += 1;
                current += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(rest.len(), |(o, _)| o)
}

/// The key and the allowed keys of the parser's "unknown field `tags`, expected one of
/// title, summary" (or "expected `a` or `b`", or "there are no fields").
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let allowed = match rest.split_once("expected ") {
        Some((_, list)) => list
            .trim_start_matches("one of ")
            .split(", ")
            .flat_map(|part| part.split(" or "))
            .map(|key| key.trim().trim_matches('`'))
            .filter(|key| !key.is_empty())
            .collect(),
        None => Vec::new(),
    };
    Some((field, allowed))
}

fn hint_for(message: &str) -> Option<String> {
    if message.starts_with("expected sequence") {
        Some("this value must be a list: `- item` lines, or `[a, b]`".into())
    } else if message.starts_with("expected mapping") || message.starts_with("expected map") {
        Some("this value must be a mapping of `key: value` lines".into())
    } else if message.starts_with("unclosed quote") {
        Some("end the value with the quote it starts with, or remove that quote if the value needs none".into())
    } else if message.starts_with("unclosed") {
        Some("close the bracket or quote, or quote the whole value if the bracket is part of the text".into())
    } else if message.starts_with("expected string scalar") {
        Some(
            "a text value was expected; quote it if it starts with [ { * & ! | > ' \" % @ or `"
                .into(),
        )
    } else if message.starts_with("a table cell must be") {
        Some(
            "write the cell as one value; quote it (\"…\") if it is text that starts with [ or {"
                .into(),
        )
    } else if message.starts_with("the file is too large") {
        Some("the file is larger than Strata reads in one piece (10 million YAML values); split it into several files".into())
    } else if message.starts_with("unknown variant") {
        Some("use one of the listed values".into())
    } else if message.starts_with("unknown field") {
        Some("remove the key or correct its spelling to one of the allowed keys".into())
    } else if message.starts_with("missing field") {
        Some("add the missing key".into())
    } else if message.starts_with("invalid type") || message.starts_with("invalid ") {
        Some("check the value's type (text, number, list or mapping)".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn large_data_files_are_read_whole() {
        // 300,000 values: over the parser's default budget of 250,000 nodes.
        let text: String = (0..300_000).map(|i| format!("- {i}\n")).collect();
        let values: Vec<u32> = parse(&text, Path::new("data/big.yaml")).unwrap();
        assert_eq!(values.len(), 300_000);
        assert_eq!(values[299_999], 299_999);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        count: Option<u32>,
    }

    #[test]
    fn unknown_key_names_it_and_the_allowed_ones() {
        let err = parse::<Sample>("title: x\ncolour: red\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.message, "unknown key `colour`");
        assert_eq!(err.hint.as_deref(), Some("the keys here are: title, count"));
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(err.file.as_deref(), Some("site.yaml"));
        assert_eq!(err.source_line.as_deref(), Some("colour: red"));
    }

    #[test]
    fn the_parsers_unknown_field_is_read_in_any_form() {
        assert_eq!(
            unknown_field("unknown field `tags`, expected one of title, summary"),
            Some(("tags", vec!["title", "summary"]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, expected `a` or `b`"),
            Some(("x", vec!["a", "b"]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, there are no fields"),
            Some(("x", vec![]))
        );
        assert_eq!(unknown_field("missing field `title`"), None);
    }

    #[test]
    fn empty_file_is_an_error_not_a_panic() {
        let err = parse::<Sample>("  \n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.message, "`site.yaml` is empty");
    }

    #[test]
    fn a_misindented_key_is_not_taken_for_a_colon_in_a_value() {
        let err = parse::<Sample>("title: x\n count: 1\n", Path::new("a.yaml")).unwrap_err();
        assert!(err.message.contains("indented"), "{}", err.message);
        assert_eq!(
            (err.line, err.column, err.width),
            (2, 2, 5),
            "points at the key"
        );
        let err = parse::<Sample>("title: A: b\n", Path::new("a.yaml")).unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("put the whole value in quotes: `title: \"A: b\"`")
        );
    }

    #[test]
    fn a_repeated_key_names_the_line_of_the_first_in_the_whole_file() {
        let err = parse_at::<Sample>("title: a\n\ntitle: b\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(err.message, "`title` is set twice (first on line 2)");
        assert_eq!((err.line, err.column), (3, 1));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let err = parse::<Sample>("title: x\ncount: many\n", Path::new("a.yaml")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
    }
}
