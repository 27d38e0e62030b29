//! User-facing diagnostics: one type for every mistake an author can make.
//!
//! A [`Diagnostic`] carries the file (relative to the site root), the 1-based line and
//! column, a message, an optional hint and the offending source line, so it can be
//! rendered without reading the file again (the terminal, the JSON report and the
//! serve overlay all use the same value). This module formats; it never prints.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the author's input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators; `None` for site-wide problems.
    pub file: Option<String>,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Width of the underlined span in characters (at least 1 when shown).
    #[serde(skip)]
    pub width: u32,
    pub message: String,
    pub hint: Option<String>,
    /// The text of `line`, for the snippet (a window of it when the line is very long).
    pub source_line: Option<String>,
    /// Characters of the line left out before `source_line` starts.
    #[serde(skip)]
    pub snippet_skip: u32,
}

impl Diagnostic {
    /// An error not tied to a place in a file.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            line: 0,
            column: 0,
            width: 1,
            message: message.into(),
            hint: None,
            source_line: None,
            snippet_skip: 0,
        }
    }

    /// A warning not tied to a place in a file.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Names the file (relative to the site root) the diagnostic is about.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(display_path(file));
        self
    }

    /// Points at a line and column of `source`, the full text of the file.
    pub fn at(self, source: &str, line: u32, column: u32) -> Self {
        let text = source.lines().nth(line.saturating_sub(1) as usize);
        self.at_line(text, line, column)
    }

    /// Points at byte `offset` of the text `lines` indexes: [`Self::at_offset`]
    /// without a scan of the text, for places where there can be many diagnostics.
    pub fn at_indexed(self, lines: &LineIndex<'_>, offset: usize) -> Self {
        let (line, column) = lines.line_col(offset);
        self.at_line(lines.line(line), line, column)
    }

    /// Points at `line`, `column`, where the line's text is `text` (for a place kept
    /// from a file that is no longer at hand).
    pub fn at_line(mut self, text: Option<&str>, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        let (window, skipped) = text.map_or((None, 0), |l| {
            let (w, s) = window_around(l, column.saturating_sub(1) as usize);
            (Some(w.to_string()), s)
        });
        self.source_line = window;
        self.snippet_skip = skipped as u32;
        self
    }

    /// Points at the byte offset `offset` of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
    }

    /// Sets the width (in characters) of the underlined span.
    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1) as u32;
        self
    }

    /// Adds a "how to fix it" line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), 0) => f.clone(),
            (Some(f), l) => format!("{f}:{l}:{}", self.column.max(1)),
            (None, _) => String::new(),
        }
    }

    /// Renders the diagnostic with a source snippet, plain or with ANSI colours.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str());
        let location = self.location();
        let mut group = match (&self.source_line, self.line) {
            (Some(text), _) if self.snippet_skip > 0 => return self.render_window(text, color),
            (Some(text), line) if line > 0 => {
                let column = self
                    .column
                    .saturating_sub(1)
                    .saturating_sub(self.snippet_skip);
                let start = char_to_byte(text, column as usize);
                let end = char_to_byte(text, (column + self.width.max(1)) as usize).max(start);
                // annotate-snippets needs a non-empty span to draw the caret; on an
                // empty or fully consumed line we point just past the end.
                let span = if start == end {
                    start..start
                } else {
                    start..end
                };
                title.element(
                    Snippet::source(text.as_str())
                        .line_start(line as usize)
                        .path(self.file.as_deref().unwrap_or("<site>"))
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            _ => {
                // No source line to show: a plain header, the place and the hint.
                let header = Renderer::plain().render(&[Group::with_title(title)]);
                let mut text = if color {
                    self.styled_header(&header)
                } else {
                    header
                };
                if !location.is_empty() {
                    text.push_str(&format!("\n --> {location}"));
                }
                if let Some(hint) = &self.hint {
                    text.push_str(&format!("\n  = help: {hint}"));
                }
                return text;
            }
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl Diagnostic {
    /// A snippet of a window into a very long line: annotate-snippets would report the
    /// column within the window, so this is drawn by hand with the true column.
    fn render_window(&self, text: &str, color: bool) -> String {
        let word = if self.is_error() { "error" } else { "warning" };
        let header = format!("{word}: {}", self.message);
        let mut out = if color {
            self.styled_header(&header)
        } else {
            header
        };
        let gutter = " ".repeat(self.line.to_string().len());
        let caret_at = self
            .column
            .saturating_sub(1)
            .saturating_sub(self.snippet_skip) as usize
            + 1;
        out.push_str(&format!("\n{gutter}--> {}", self.location()));
        out.push_str(&format!("\n{gutter} |\n{} | …{text}", self.line));
        out.push_str(&format!(
            "\n{gutter} | {}{}",
            " ".repeat(caret_at),
            "^".repeat(self.width.max(1) as usize)
        ));
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n{gutter} |\n{gutter} = help: {hint}"));
        }
        out
    }

    fn styled_header(&self, header: &str) -> String {
        let (code, word) = match self.severity {
            Severity::Error => ("\x1b[1;31m", "error"),
            Severity::Warning => ("\x1b[1;33m", "warning"),
        };
        match header.strip_prefix(word) {
            Some(rest) => format!("{code}{word}\x1b[0m\x1b[1m{rest}\x1b[0m"),
            None => header.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Every diagnostic of one run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, line and column so output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// Where each line of a text starts, so the places of many offsets in one file (every
/// row and cell of a table, every glossary entry) cost a binary search each instead of
/// a scan from the top of the file.
pub struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
            .collect();
        Self { source, starts }
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.source
    }

    /// Line `n` (1-based) without its line break, as `str::lines` gives it.
    pub fn line(&self, n: u32) -> Option<&'a str> {
        let start = *self.starts.get((n as usize).checked_sub(1)?)?;
        if start == self.source.len() {
            return None;
        }
        let end = self
            .starts
            .get(n as usize)
            .map_or(self.source.len(), |&s| s - 1);
        let line = &self.source[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// What [`line_col`] answers for `offset`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = self.source[self.starts[line - 1]..offset].chars().count() + 1;
        (line as u32, column as u32)
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

/// A path shown to the user: relative, with forward slashes.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.replace('\\', "/")
}

/// The site-relative form of `path`, or the path itself when it lies outside `root`.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Snippets of absurdly long lines (minified data, a 10 MB paragraph) are cut.
/// A window of at most ~400 bytes of `line` around the character `column` (0-based),
/// and how many characters it leaves out at the start: absurdly long lines (minified
/// data, a 10 MB paragraph) are cut, but the caret still lands on the right text.
fn window_around(line: &str, column: usize) -> (&str, usize) {
    const MAX: usize = 400;
    if line.len() <= MAX {
        return (line, 0);
    }
    let at = char_to_byte(line, column);
    let start = floor_char_boundary(line, at.saturating_sub(MAX / 4));
    let end = floor_char_boundary(line, (start + MAX).min(line.len()));
    (&line[start..end], line[..start].chars().count())
}

impl Diagnostic {
    /// Moves a diagnostic found in a part of a file (a page body after its front matter)
    /// down by `lines`, keeping its snippet.
    pub fn shifted(mut self, lines: u32) -> Self {
        if self.line > 0 {
            self.line += lines;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a\nβγ x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (2, 1));
        // "x" is at byte 7 (β and γ are two bytes each).
        assert_eq!(line_col(src, 7), (2, 4));
    }

    #[test]
    fn line_index_answers_what_line_col_answers() {
        for src in [
            "",
            "a",
            "\n",
            "a\nβγ x\n",
            "\n\n\nx",
            "one\r\ntwo\n\nthree\r\n",
        ] {
            let index = LineIndex::new(src);
            for offset in 0..=src.len() + 2 {
                assert_eq!(
                    index.line_col(offset),
                    line_col(src, offset),
                    "{src:?} at {offset}"
                );
            }
            for n in 0..6u32 {
                let expected = n.checked_sub(1).and_then(|i| src.lines().nth(i as usize));
                assert_eq!(index.line(n), expected, "{src:?} line {n}");
            }
        }
    }

    #[test]
    fn render_shows_location_snippet_and_hint() {
        let src = "title: x\ncolour: red\n";
        let d = Diagnostic::error("unknown key `colour`")
            .in_file(Path::new("site.yaml"))
            .at(src, 2, 1)
            .width(6)
            .hint("remove it");
        let text = d.render(false);
        assert!(text.contains("error: unknown key `colour`"), "{text}");
        assert!(text.contains("site.yaml:2:1"), "{text}");
        assert!(text.contains("colour: red"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: remove it"), "{text}");
    }

    #[test]
    fn a_place_far_into_a_long_line_keeps_its_column_and_caret() {
        let line = format!("{}[link](x.md) tail", "a".repeat(444));
        let d = Diagnostic::error("missing")
            .in_file(Path::new("a.md"))
            .at(&line, 1, 445)
            .width(12);
        let text = d.render(false);
        assert!(text.contains("a.md:1:445"), "{text}");
        let snippet = d.source_line.as_deref().unwrap();
        assert!(
            snippet.len() <= 400 && snippet.contains("[link](x.md)"),
            "{snippet}"
        );
        let caret_line = text.lines().find(|l| l.contains('^')).unwrap();
        let code_line = text.lines().find(|l| l.contains("[link]")).unwrap();
        let chars_before = |l: &str, i: usize| l[..i].chars().count();
        let caret = chars_before(caret_line, caret_line.find('^').unwrap());
        let link = chars_before(code_line, code_line.find("[link]").unwrap());
        assert_eq!(caret, link, "{text}");
    }

    #[test]
    fn sort_orders_by_place_and_removes_duplicates() {
        let a = Diagnostic::error("b").in_file(Path::new("b.md"));
        let b = Diagnostic::error("a").in_file(Path::new("a.md"));
        let mut all: Diagnostics = [a.clone(), b.clone(), a.clone()].into_iter().collect();
        all.sort();
        assert_eq!(all.into_vec(), vec![b, a]);
    }
}
