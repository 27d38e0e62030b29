//! The one place that knows which YAML library Strata uses (serde-saphyr).
//!
//! Everything else calls [`parse`] and gets either a value or a [`Diagnostic`] with
//! file, line, column and the library's message; [`Spanned`] values carry the place
//! of a single node so later validation can point at it. Swapping the YAML crate
//! means changing this module only. Flat mappings of simple scalars (front matter,
//! topic files) take a fast path ([`flat`]) that answers only where it is sure.

mod flat;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, LineIndex};

pub use serde_saphyr::Spanned;

/// Parses `text` (the contents of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
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
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|err| {
        let location = err.location();
        let mut message = err.without_snippet().to_string();
        let (line, column) = location.map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
        let suffix = format!(" at line {line}, column {column}");
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
        if let Some(what) = message.strip_prefix("budget breached: ") {
            // The library names its internal counter (`Nodes { nodes: 10000001 }`).
            message = format!("the file is too large to read ({what})");
        }
        let hint = hint_for(&message);
        let mut diagnostic = Diagnostic::error(message).in_file(file);
        // Place by byte offset when known: YAML also breaks lines at a lone `\r`,
        // Strata's line numbers count `\n` only.
        match location.and_then(|l| l.span().byte_offset()) {
            Some(offset) => diagnostic = diagnostic.at_offset(text, offset as usize),
            None if line > 0 => {
                diagnostic = diagnostic.at_offset(text, yaml_offset(text, line, column))
            }
            None => {}
        }
        match hint {
            Some(h) => diagnostic.hint(h),
            None => diagnostic,
        }
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

/// 1-based line and column of a spanned node in `source`, counted the way every
/// Strata diagnostic counts them (`\n` ends a line; YAML also breaks at a lone `\r`,
/// so its own line numbers can run past the file's). `(0, 0)` when unknown.
pub fn place<T>(lines: &LineIndex<'_>, node: &Spanned<T>) -> (u32, u32) {
    offset_of(lines.text(), node).map_or((0, 0), |o| lines.line_col(o))
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

fn hint_for(message: &str) -> Option<String> {
    if message.starts_with("expected sequence") {
        Some("this value must be a list: `- item` lines, or `[a, b]`".into())
    } else if message.starts_with("expected mapping") || message.starts_with("expected map") {
        Some("this value must be a mapping of `key: value` lines".into())
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
        assert_eq!(
            err.message,
            "unknown field `colour`, expected one of title, count"
        );
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(err.file.as_deref(), Some("site.yaml"));
        assert_eq!(err.source_line.as_deref(), Some("colour: red"));
    }

    #[test]
    fn empty_file_is_an_error_not_a_panic() {
        let err = parse::<Sample>("  \n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.message, "`site.yaml` is empty");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let err = parse::<Sample>("title: x\ncount: many\n", Path::new("a.yaml")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
    }
}
