//! Recovery for a mapping that the parser refused: the text is cut into its top-level
//! entries (a `key: value` line at column 0 and every line under it), and each entry is
//! read on its own, so that a mistake in one entry does not hide the mistakes of the
//! others. A key set twice, which no single entry can show, is found here.
//!
//! The cut follows the text, not the parser, so it must never change what the YAML
//! means: an entry that is not well-formed YAML on its own is joined with the entries
//! it needs (a quoted value that runs on over a line that looks like a key, with the
//! entries after it; an alias, with the entries back to its anchor's). The caller
//! still checks the result against the first error of the whole text (see
//! `load::frontmatter`). This module reads; it never decides what a key means.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// One top-level entry of a mapping: its key line and the lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The key as written (without the colon).
    pub key: &'a str,
    /// The entry's lines, from its key to the next entry.
    pub text: &'a str,
    /// 1-based line of the key in the whole text.
    pub line: u32,
    /// Byte offset of the key in the whole text.
    pub offset: usize,
}

/// What [`parse_entries`] read: the value of each entry that could be read, with the
/// entry (its values' places are counted in the entry's text), and every error,
/// placed in the whole text and in order.
pub type EntriesRead<'a, T> = (Vec<(Entry<'a>, T)>, Vec<Diagnostic>);

/// Reads each top-level entry of the mapping `text` (from line `first_line` of
/// `file`) alone as `T`. Every error is placed in `text`, as [`super::parse_at`]
/// places them. `None` when `text` is not cut into entries, as when it holds anything
/// but blank lines and comments before its first key.
pub fn parse_entries<'a, T: DeserializeOwned>(
    text: &'a str,
    file: &Path,
    first_line: u32,
) -> Option<EntriesRead<'a, T>> {
    let entries = entries(text)?;
    let mut errors = repeated_keys(&entries, text, file, first_line);
    let mut values = Vec::new();
    for entry in entries {
        match super::parse_at::<T>(entry.text, file, first_line + entry.line - 1) {
            Ok(value) => values.push((entry, value)),
            Err(d) => errors.push(d.shifted(entry.line - 1)),
        }
    }
    errors.sort_by_key(|d| (d.line, d.column));
    Some((values, errors))
}

/// The top-level entries of `text`, each well-formed YAML on its own where the text
/// allows. `None` when something other than blank lines and comments comes before the
/// first key.
pub fn entries(text: &str) -> Option<Vec<Entry<'_>>> {
    let starts = join_unfinished(text, entry_starts(text)?);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let entries = starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| {
            let entry = &text[start..end];
            Entry {
                key: key_of(entry).unwrap_or_default(),
                text: entry,
                line: text[..start].matches('\n').count() as u32 + 1,
                offset: start,
            }
        })
        .collect();
    Some(entries)
}

/// The byte offsets of the lines that start an entry. `None` when there is none, or
/// when a line before the first one is neither blank nor a comment.
fn entry_starts(text: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if key_of(line).is_some() {
            starts.push(offset);
        } else if starts.is_empty() && !is_blank_or_comment(line) {
            return None;
        }
        offset += line.len();
    }
    (!starts.is_empty()).then_some(starts)
}

/// Joins each entry that is not well-formed alone with the entries it needs: those
/// after it, up to the first with which it is (a quoted value that runs on over lines
/// that look like keys), or, for an alias to another key's anchor, those before it
/// back to the anchor's. An entry that is well-formed with none of them stays alone:
/// its mistake is its own.
fn join_unfinished(text: &str, starts: Vec<usize>) -> Vec<usize> {
    let end_of = |i: usize| starts.get(i + 1).copied().unwrap_or(text.len());
    let mut kept: Vec<usize> = Vec::with_capacity(starts.len());
    let mut i = 0;
    while i < starts.len() {
        let start = starts[i];
        let mut next = i + 1;
        match reading(&text[start..end_of(i)]) {
            Reading::Whole => kept.push(start),
            Reading::UnknownAnchor => {
                let anchor = kept
                    .iter()
                    .rposition(|&k| reading(&text[k..end_of(i)]) == Reading::Whole);
                match anchor {
                    Some(k) => kept.truncate(k + 1),
                    None => kept.push(start),
                }
            }
            Reading::Broken => {
                kept.push(start);
                next = (i + 1..starts.len())
                    .find(|&j| reading(&text[start..end_of(j)]) == Reading::Whole)
                    .map_or(i + 1, |j| j + 1);
            }
        }
        i = next;
    }
    kept
}

/// How the parser reads a piece of YAML, whatever its content.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    Whole,
    /// An alias names an anchor the piece does not hold.
    UnknownAnchor,
    Broken,
}

fn reading(text: &str) -> Reading {
    match serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, super::options()) {
        Ok(_) => Reading::Whole,
        Err(e)
            if matches!(
                e.without_snippet(),
                serde_saphyr::Error::UnknownAnchor { .. }
            ) =>
        {
            Reading::UnknownAnchor
        }
        Err(_) => Reading::Broken,
    }
}

/// The key of a line that starts a top-level entry: a plain key at column 0 followed
/// by `:` and a space, a tab or the end of the line (`title: A`, `summary:`). Quoted
/// keys, list items, comments and indented lines start none.
fn key_of(line: &str) -> Option<&str> {
    let line = line.split('\n').next()?.trim_end_matches('\r');
    let first = line.chars().next()?;
    if first.is_whitespace() || "#-[]{}\"'?:,|>!&*%@`".contains(first) {
        return None;
    }
    let colon = line.match_indices(':').map(|(i, _)| i).find(|&i| {
        line[i + 1..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
    })?;
    let key = line[..colon].trim_end();
    (!key.contains(" #") && !key.contains("\t#")).then_some(key)
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// An error at each entry whose key an earlier entry already set, naming the line of
/// the first.
fn repeated_keys(
    entries: &[Entry<'_>],
    text: &str,
    file: &Path,
    first_line: u32,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(first) = entries[..i].iter().find(|e| e.key == entry.key) else {
            continue;
        };
        let message = super::set_twice(entry.key, first.line + first_line - 1);
        errors.push(
            Diagnostic::error(message)
                .in_file(file)
                .at_offset(text, entry.offset)
                .width(entry.key.chars().count())
                .hint(super::keep_one(entry.key)),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        title: Option<String>,
        weight: Option<i64>,
        summary: Option<String>,
    }

    fn keys(text: &str) -> Vec<(&str, u32)> {
        entries(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.line))
            .collect()
    }

    #[test]
    fn cuts_at_keys_in_column_zero() {
        let text = "# c\ntitle: A\n  more: x\n\n# note\nweight: 3\nsummary:\n  - a\n";
        assert_eq!(keys(text), [("title", 2), ("weight", 6), ("summary", 7)]);
        let all = entries(text).unwrap();
        assert_eq!(all[0].text, "title: A\n  more: x\n\n# note\n");
    }

    #[test]
    fn is_not_cut_when_the_text_does_not_start_with_a_key() {
        assert_eq!(entries("- a\n- b\n"), None);
        assert_eq!(entries("  title: a\nweight: 1\n"), None);
        assert_eq!(entries("\n# only a comment\n"), None);
    }

    #[test]
    fn a_quoted_value_over_a_line_that_looks_like_a_key_stays_whole() {
        let text = "summary: \"a\ntitle: b\"\nweight: 1\n";
        assert_eq!(keys(text), [("summary", 1), ("weight", 3)]);
    }

    #[test]
    fn an_unclosed_quote_stays_its_own_entry() {
        let text = "summary: \"a\nweight: 1\ntitle: b\n";
        assert_eq!(keys(text), [("summary", 1), ("weight", 2), ("title", 3)]);
    }

    #[test]
    fn an_alias_is_read_with_the_key_that_holds_its_anchor() {
        let text = "title: &t A\nweight: x\nsummary: *t\ndraft: y\n";
        assert_eq!(keys(text), [("title", 1), ("draft", 4)]);
    }

    #[test]
    fn key_lines() {
        assert_eq!(key_of("title: A\n"), Some("title"));
        assert_eq!(key_of("title:\r\n"), Some("title"));
        assert_eq!(key_of("my key: A"), Some("my key"));
        assert_eq!(key_of("url: https://x"), Some("url"));
        for line in [
            "title:A",
            "  title: A",
            "- a: b",
            "# t: x",
            "\"t\": x",
            "plain",
            "a #b: c",
        ] {
            assert_eq!(key_of(line), None, "{line:?}");
        }
    }

    #[test]
    fn every_entry_reports_its_own_error() {
        let text = "title: [a\nweight: x\nsumary: y\ntitle: again\n";
        let (values, errors) = parse_entries::<Probe>(text, Path::new("a.md"), 2).unwrap();
        let places: Vec<_> = errors.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(1, 8), (2, 9), (3, 1), (4, 1)], "{errors:#?}");
        assert_eq!(errors[3].message, "`title` is set twice (first on line 2)");
        assert_eq!(errors[3].source_line.as_deref(), Some("title: again"));
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].0.key, "title");
    }
}
