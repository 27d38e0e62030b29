//! Splits a Markdown file into YAML front matter and body, and validates the front matter.
//!
//! Front matter sits between a first line `---` and the next line `---`. Its diagnostics
//! carry line numbers counted in the whole file, not in the YAML block, so an author can
//! jump straight to the line.
//!
//! Reading never gives up on a page, so that one run reports every mistake of its front
//! matter and of its body: YAML that the parser refuses is read again key by key (see
//! `yaml::parse_entries`), misplaced front matter is read where it stands, and front
//! matter that is never closed is taken to end before the first line that cannot be
//! front matter. This module reports; whether the build fails is the caller's affair.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, display_path};
use crate::model::{Alias, FrontMatter};
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    draft: Option<bool>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    #[serde(default)]
    glossary: Option<bool>,
    #[serde(default)]
    aliases: Option<Vec<Spanned<String>>>,
}

/// The parts of a Markdown file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line.
    pub yaml_line: u32,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: u32,
}

/// Splits `text` at its front-matter fences. An opening fence without a closing one is an error.
pub fn split(text: &str) -> Result<Split<'_>, &'static str> {
    let Some(rest) = text
        .strip_prefix("---")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    else {
        return Ok(Split {
            yaml: None,
            yaml_line: 0,
            body: text,
            body_line: 1,
        });
    };
    let yaml_start = text.len() - rest.len() + if rest.starts_with("\r\n") { 2 } else { 1 };
    let mut offset = yaml_start;
    for (line, raw_line) in (2u32..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = raw_line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err("the front matter opened with `---` is never closed")
}

/// Parses the front matter of `text` (the file `file`) into [`FrontMatter`]; any
/// problem is an error.
pub fn parse<'a>(
    text: &'a str,
    file: &Path,
) -> Result<(FrontMatter, &'a str, u32), Vec<Diagnostic>> {
    match read(text, file) {
        (page, errors) if errors.is_empty() => Ok(page),
        (_, errors) => Err(errors),
    }
}

/// Keys that a topic's `_topic.yaml` has and a page's front matter does not: an
/// unknown-key error for one of them says where it goes instead.
const TOPIC_KEYS: &[&str] = &["tags", "references"];

fn explain_topic_key(d: &mut Diagnostic, file: &Path) {
    let Some(key) = TOPIC_KEYS
        .iter()
        .find(|k| d.message == format!("unknown key `{k}`"))
    else {
        return;
    };
    let folder = file.parent().map(display_path).unwrap_or_default();
    let keys = d
        .hint
        .as_deref()
        .and_then(|h| h.strip_prefix("the keys here are: "))
        .map(|k| format!(" (the keys here are: {k})"))
        .unwrap_or_default();
    d.hint = Some(if folder.contains('/') {
        format!(
            "a topic's `{key}` are written for all its pages at once, in {folder}/_topic.yaml{keys}"
        )
    } else {
        format!(
            "`{key}` are written for a whole topic, in its _topic.yaml; a page outside a topic has none{keys}"
        )
    });
}

/// Reads `text` (the file `file`) as far as it can be read: every problem of its
/// front matter, and the front matter, body and body line. A field that cannot be
/// read takes its default, so the body of a page whose front matter has errors is
/// still checked in the same run. Front matter that is misplaced is read where it
/// stands, and front matter that is never closed is taken to end where the first
/// line that cannot be front matter starts (see `unclosed`).
pub fn read<'a>(text: &'a str, file: &Path) -> ((FrontMatter, &'a str, u32), Vec<Diagnostic>) {
    let (parts, fence_error) = locate(text, file);
    let mut errors: Vec<Diagnostic> = fence_error.into_iter().collect();
    let fields = match parts.yaml {
        Some(yaml_text) if !yaml_text.trim().is_empty() => {
            let mut found = Vec::new();
            let fields = read_yaml(yaml_text, file, parts.yaml_line, &mut found);
            found.sort_by_key(|d| (d.line, d.column));
            for d in &mut found {
                explain_topic_key(d, file);
            }
            let by = parts.yaml_line - 1;
            errors.extend(found.into_iter().map(|d| shift(d, text, by)));
            fields.shifted(by)
        }
        _ => Fields::default(),
    };
    ((fields.into_front(), parts.body, parts.body_line), errors)
}

/// The front matter and body of `text`, and the error of its fences when they are
/// misplaced or never closed.
fn locate<'a>(text: &'a str, file: &Path) -> (Split<'a>, Option<Diagnostic>) {
    match split(text) {
        Ok(parts) if parts.yaml.is_some() => (parts, None),
        Ok(parts) => match misplaced_front_matter(text, file) {
            Some((error, parts)) => (parts, Some(error)),
            None => (parts, None),
        },
        Err(message) => {
            let (parts, hint) = unclosed(text);
            let error = Diagnostic::error(message)
                .in_file(file)
                .at(text, 1, 1)
                .width(3)
                .hint(hint);
            (parts, Some(error))
        }
    }
}

/// How a file whose opening `---` is never closed is read, so that its body is still
/// checked: the front matter is taken to run up to the first line that cannot be
/// front matter (a line that is not blank, not indented and not `key: value`, such
/// as a heading, a paragraph or a list item), and the body to start on the line after
/// its last line. Also the hint that says so.
fn unclosed(text: &str) -> (Split<'_>, String) {
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut end = yaml_start;
    let mut offset = yaml_start;
    let mut stop = None;
    for (line, raw_line) in (2u32..).zip(text[yaml_start..].split_inclusive('\n')) {
        let content = raw_line.trim_end_matches(['\n', '\r']);
        let indented = content.starts_with([' ', '\t']) && end > yaml_start;
        offset += raw_line.len();
        if looks_like_yaml_key(content) || indented {
            end = offset;
        } else if !content.trim().is_empty() {
            stop = Some(line);
            break;
        }
    }
    let last = text[..end].matches('\n').count() as u32;
    let hint = match stop {
        None => "add a line `---` after the front matter; without it, the whole file is front matter and the page has no text".to_string(),
        Some(_) if end == yaml_start => "add a line `---` after the front matter, or write `***` if this `---` is meant as a horizontal rule".to_string(),
        Some(stop) => format!(
            "add a line `---` where the front matter ends; this run took it to end at line {last}, as line {stop} cannot be front matter, and checked the rest as the page's text"
        ),
    };
    let parts = Split {
        yaml: Some(&text[yaml_start..end]),
        yaml_line: 2,
        body: &text[end..],
        body_line: last + 1,
    };
    (parts, hint)
}

/// Reads the YAML `yaml_text` of front matter that starts on line `yaml_line` of
/// `file`; its problems go to `errors`, placed in `yaml_text`.
fn read_yaml(yaml_text: &str, file: &Path, yaml_line: u32, errors: &mut Vec<Diagnostic>) -> Fields {
    match yaml::parse_at::<RawFrontMatter>(yaml_text, file, yaml_line) {
        Ok(raw) => checked(raw, yaml_text, file, errors),
        Err(first) => recover(first, yaml_text, file, yaml_line, errors),
    }
}

/// Reads front matter that the parser refused with `first`, its first error: each
/// top-level key alone, so that every key's mistake is reported, or, when the block
/// cannot be cut into keys that way, as [`salvage`] can.
fn recover(
    first: Diagnostic,
    yaml_text: &str,
    file: &Path,
    yaml_line: u32,
    errors: &mut Vec<Diagnostic>,
) -> Fields {
    if let Some((values, found)) = yaml::parse_entries::<RawFrontMatter>(yaml_text, file, yaml_line)
        && agrees_with(&first, &found)
    {
        errors.extend(found);
        return values
            .into_iter()
            .fold(Fields::default(), |fields, (entry, raw)| {
                let mut own = Vec::new();
                let read = checked(raw, entry.text, file, &mut own);
                errors.extend(own.into_iter().map(|d| d.shifted(entry.line - 1)));
                fields.or(read.shifted(entry.line - 1))
            });
    }
    let line = first.line;
    errors.push(first);
    match yaml::parse_loose_mapping(yaml_text) {
        Some(loose) => salvage(&loose, yaml_text, file, line, errors),
        None => Fields::default(),
    }
}

/// Whether the errors found key by key can stand for those of the whole block: they
/// start where the parser's first error `first` is, and none comes before it (which
/// would mean that cutting the block changed what it says).
fn agrees_with(first: &Diagnostic, found: &[Diagnostic]) -> bool {
    found.iter().all(|d| d.line >= first.line) && found.iter().any(|d| d.line == first.line)
}

/// The fields of front matter as far as they were read, before defaults.
#[derive(Debug, Default)]
struct Fields {
    title: Option<String>,
    summary: Option<String>,
    weight: Option<i64>,
    draft: Option<bool>,
    updated: Option<String>,
    glossary: Option<bool>,
    /// Placed in the YAML that was read, until [`Fields::shifted`] moves them.
    aliases: Option<Vec<Alias>>,
}

impl Fields {
    /// The fields, with the aliases' lines moved down by `lines`.
    fn shifted(mut self, lines: u32) -> Fields {
        for alias in self.aliases.iter_mut().flatten() {
            alias.line += lines;
        }
        self
    }

    /// Each field of `self`, or of `other` where `self` has none.
    fn or(self, other: Fields) -> Fields {
        Fields {
            title: self.title.or(other.title),
            summary: self.summary.or(other.summary),
            weight: self.weight.or(other.weight),
            draft: self.draft.or(other.draft),
            updated: self.updated.or(other.updated),
            glossary: self.glossary.or(other.glossary),
            aliases: self.aliases.or(other.aliases),
        }
    }

    fn into_front(self) -> FrontMatter {
        FrontMatter {
            title: self.title.unwrap_or_default(),
            summary: self.summary.unwrap_or_default(),
            weight: self.weight.unwrap_or(0),
            draft: self.draft.unwrap_or(false),
            updated: self.updated,
            glossary: self.glossary.unwrap_or(true),
            aliases: self.aliases.unwrap_or_default(),
        }
    }
}

/// The fields of `raw`, read from `yaml_text`, with an `updated` that is no day of
/// the calendar reported to `errors` and left out.
fn checked(
    raw: RawFrontMatter,
    yaml_text: &str,
    file: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Fields {
    let updated = raw.updated.and_then(|updated| {
        match date_error(&updated.value, &updated, yaml_text, file) {
            Some(d) => {
                errors.push(d);
                None
            }
            None => Some(updated.value),
        }
    });
    let aliases = raw.aliases.map(|nodes| {
        let (aliases, problems) = super::aliases::read(nodes, yaml_text, file);
        errors.extend(problems);
        aliases
    });
    Fields {
        title: raw.title,
        summary: raw.summary,
        weight: raw.weight,
        draft: raw.draft,
        updated,
        glossary: raw.glossary,
        aliases,
    }
}

/// The fields of front matter that the strict reading refused (an unknown key, a
/// value of the wrong type), each only when it has the right type. The reading
/// stopped at its error on line `error_line` of the YAML; a date on another line is
/// checked as the strict reading would have checked it.
fn salvage(
    fields: &yaml::LooseEntry,
    yaml_text: &str,
    file: &Path,
    error_line: u32,
    errors: &mut Vec<Diagnostic>,
) -> Fields {
    use serde_json::Value;
    let text = |key: &str| match fields.get(key).map(|n| &n.value) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let flag = |key: &str| fields.get(key).and_then(|n| n.value.as_bool());
    let mut read = Fields {
        title: text("title"),
        summary: text("summary"),
        weight: fields.get("weight").and_then(|n| n.value.as_i64()),
        draft: flag("draft"),
        updated: None,
        glossary: flag("glossary"),
        // Aliases need their places for later errors; a block the parser refused is
        // already an error, and its aliases wait for the next build.
        aliases: None,
    };
    if let Some(node) = fields.get("updated")
        && let Some(value) = yaml::loose_text(yaml_text, Some(node))
    {
        let lines = crate::diagnostic::LineIndex::new(yaml_text);
        match date_error(&value, node, yaml_text, file) {
            Some(d) if yaml::place(&lines, node).0 != error_line => errors.push(d),
            Some(_) => {}
            None => read.updated = Some(value),
        }
    }
    read
}

/// The error for an `updated` of `value`, written at `node` of `yaml_text`, that is
/// not a day of the calendar.
fn date_error<T>(
    value: &str,
    node: &yaml::Spanned<T>,
    yaml_text: &str,
    file: &Path,
) -> Option<Diagnostic> {
    let (message, hint) = match parse_date(value) {
        None => (
            format!("`updated` must be a date like 2026-01-31, not `{value}`"),
            "write the date as YYYY-MM-DD",
        ),
        Some((year, month, day)) => {
            let why = calendar_problem(year, month, day)?;
            (
                format!("`updated` is `{value}`, which is not a real date: {why}"),
                "check the month and the day; the date is written YYYY-MM-DD",
            )
        }
    };
    Some(
        yaml::point(Diagnostic::error(message).in_file(file), yaml_text, node)
            .width(value.chars().count())
            .hint(hint),
    )
}

/// Front matter that Markdown would otherwise render as text: YAML fences after blank
/// lines or with spaces after the opening `---` (a rule and a heading), or TOML between
/// `+++` lines (a paragraph). The error, and the file read as if the front matter
/// stood where it should: the YAML between the fences (none for TOML) and the body
/// after the closing fence.
fn misplaced_front_matter<'a>(text: &'a str, file: &Path) -> Option<(Diagnostic, Split<'a>)> {
    let lines = lines_with_offsets(text);
    let index = lines.iter().position(|(_, l)| !l.trim().is_empty())?;
    let first = lines[index].1;
    let fence = first.trim_end();
    let rest = &lines[index + 1..];
    let closing = |fences: &[&str]| {
        rest.iter()
            .position(|(_, l)| fences.contains(&l.trim_end()))
    };
    let line = index as u32 + 1;
    let error = |message: &str, hint: &str| {
        Diagnostic::error(message)
            .in_file(file)
            .at(text, line, 1)
            .width(fence.chars().count())
            .hint(hint)
    };
    // The file read from the closing fence on `rest[close]`, with the YAML before it.
    let read = |close: usize, yaml: bool| {
        let after = rest.get(close + 1).map_or(text.len(), |(start, _)| *start);
        Split {
            yaml: yaml.then(|| &text[rest[0].0..rest[close].0]),
            yaml_line: line + 1,
            body: &text[after..],
            body_line: line + close as u32 + 2,
        }
    };
    if fence == "+++"
        && let Some(close) = closing(&["+++"])
    {
        let error = error(
            "Strata reads front matter in YAML between `---` lines, not TOML between `+++` lines",
            "write `---` for both `+++` lines and `key: value` for each `key = value`",
        );
        return Some((error, read(close, false)));
    }
    let starts_yaml = rest.first().is_some_and(|(_, l)| looks_like_yaml_key(l));
    let close = closing(&["---", "..."]).filter(|_| fence == "---" && starts_yaml)?;
    let error = if index > 0 {
        let blank = if index == 1 { "line" } else { "lines" };
        error(
            "front matter must start on the first line of the file",
            &format!(
                "remove the blank {blank} above `---`: anywhere else, front matter is read as Markdown (a rule and a heading)"
            ),
        )
    } else if first != fence {
        error(
            "the `---` that opens the front matter has spaces after it",
            "remove them: with them, front matter is read as Markdown (a rule and a heading)",
        )
    } else {
        return None;
    };
    Some((error, read(close, true)))
}

/// Each line of `text` without its line break, with the byte offset it starts at.
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    text.split_inclusive('\n')
        .scan(0, |offset, raw| {
            let start = *offset;
            *offset += raw.len();
            Some((start, raw.trim_end_matches(['\n', '\r'])))
        })
        .collect()
}

/// `key:` or `key: value`, the way a line of front matter starts.
fn looks_like_yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Moves a diagnostic found in the YAML block to its line in the whole file.
fn shift(d: Diagnostic, text: &str, by: u32) -> Diagnostic {
    if d.line == 0 {
        return d;
    }
    let (line, column, width) = (d.line + by, d.column, d.width);
    d.at(text, line, column).width(width as usize)
}

/// `YYYY-MM-DD` naming a day of the calendar.
pub fn is_date(s: &str) -> bool {
    parse_date(s).is_some_and(|(y, m, d)| calendar_problem(y, m, d).is_none())
}

/// The year, month and day of a text shaped `YYYY-MM-DD`, whether or not the day
/// exists (see [`calendar_problem`]).
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    Some((number(0..4)?, number(5..7)?, number(8..10)?))
}

/// Why year `year`, month `month`, day `day` is no day of the (Gregorian) calendar,
/// in words, or `None` when it is one. A `day` of 1 checks the month alone.
pub fn calendar_problem(year: u32, month: u32, day: u32) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !(1..=12).contains(&month) {
        return Some(format!(
            "there is no month {month}; months go from 01 to 12"
        ));
    }
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let name = MONTHS[month as usize - 1];
    if day == 0 {
        return Some("there is no day 00; days start at 01".to_string());
    }
    (day > days).then(|| match month {
        2 => format!("February {year} has {days} days"),
        _ => format!("{name} has {days} days"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_yaml_and_body_lines() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let s = split("# Only body\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: A\n# Body\n").is_err());
    }

    #[test]
    fn yaml_errors_are_reported_at_file_lines() {
        let text = "---\ntitle: A\nsumary: typo\n---\nbody\n";
        let errors = parse(text, Path::new("t/fundamentals.md")).unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[0].source_line.as_deref(), Some("sumary: typo"));
        assert!(
            errors[0].message == "unknown key `sumary`"
                && errors[0]
                    .hint
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean `summary`?")),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn bad_dates_are_refused() {
        let text = "---\nupdated: 2026-13-01\n---\n";
        let errors = parse(text, Path::new("a.md")).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (2, 10));
    }

    #[test]
    fn front_matter_after_a_blank_line_is_refused_at_its_fence() {
        let errors = parse("\n\n---\ntitle: A\n---\nbody\n", Path::new("a.md")).unwrap_err();
        assert_eq!(
            errors[0].message,
            "front matter must start on the first line of the file"
        );
        assert_eq!((errors[0].line, errors[0].column), (3, 1));
    }

    #[test]
    fn spaces_after_the_opening_fence_are_pointed_at() {
        let errors = parse("--- \ntitle: A\n---\nbody\n", Path::new("a.md")).unwrap_err();
        assert!(
            errors[0].message.contains("spaces after it"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn toml_front_matter_is_refused() {
        let errors = parse("+++\ntitle = \"A\"\n+++\nbody\n", Path::new("a.md")).unwrap_err();
        assert!(
            errors[0].message.contains("not TOML"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn a_rule_after_a_blank_line_is_still_markdown() {
        for text in [
            "\n---\n\nText.\n---\n",
            "\n---\nNot yaml\n---\n",
            "\n---\ntitle: A\n",
        ] {
            assert!(parse(text, Path::new("a.md")).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn impossible_days_are_refused_with_the_reason() {
        for (date, why) in [
            ("2026-02-30", "February 2026 has 28 days"),
            ("2026-02-29", "February 2026 has 28 days"),
            ("2026-04-31", "April has 30 days"),
            ("2026-13-01", "there is no month 13"),
            ("2026-01-00", "there is no day 00"),
        ] {
            let text = format!("---\nupdated: {date}\n---\n");
            let errors = parse(&text, Path::new("a.md")).unwrap_err();
            assert!(
                errors[0].message.contains(why),
                "{date}: {}",
                errors[0].message
            );
            assert_eq!((errors[0].line, errors[0].column), (2, 10));
        }
        for date in ["2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(is_date(date), "{date}");
        }
        assert!(!is_date("1900-02-29"));
    }

    fn places(errors: &[Diagnostic]) -> Vec<(u32, u32)> {
        errors.iter().map(|d| (d.line, d.column)).collect()
    }

    #[test]
    fn every_key_of_a_broken_block_reports_its_own_error() {
        let text =
            "---\ntitle: A\n  sub: x\nweight: many\nsumary: y\ntitle: B\ndraft: true\n---\nbody\n";
        let ((front, body, line), errors) = read(text, Path::new("a.md"));
        assert_eq!(
            places(&errors),
            [(3, 3), (4, 9), (5, 1), (6, 1)],
            "{errors:#?}"
        );
        assert_eq!(errors[3].message, "`title` is set twice (first on line 2)");
        assert!(front.draft, "the keys that could be read are used");
        assert_eq!((body, line), ("body\n", 9));
    }

    #[test]
    fn an_impossible_date_after_a_syntax_error_is_reported() {
        let text = "---\nsummary: [a\nupdated: 2026-02-30\n---\n";
        let errors = parse(text, Path::new("a.md")).unwrap_err();
        assert_eq!(places(&errors), [(2, 10), (3, 10)], "{errors:#?}");
        assert!(errors[1].message.contains("February 2026 has 28 days"));
    }

    #[test]
    fn an_alias_to_another_keys_anchor_is_no_error() {
        for text in [
            "---\ntitle: &t A\nsummary: *t\nweight: x\n---\n",
            "---\nweight: x\ntitle: &t A\nsummary: *t\n---\n",
        ] {
            let ((front, _, _), errors) = read(text, Path::new("a.md"));
            assert_eq!(errors.len(), 1, "{text:?}: {errors:#?}");
            assert!(errors[0].message.contains("whole number"), "{text:?}");
            assert_eq!(front.summary, "A", "{text:?}");
        }
    }

    #[test]
    fn unclosed_front_matter_ends_before_the_first_line_that_cannot_be_front_matter() {
        let text = "---\ntitle: A\nsummary: >\n  long\n\n  text\n\n## Intro\n\nProse.\n";
        let ((front, body, line), errors) = read(text, Path::new("a.md"));
        assert_eq!(front.summary, "long\ntext\n");
        assert_eq!((body, line), ("\n## Intro\n\nProse.\n", 7));
        assert_eq!(places(&errors), [(1, 1)]);
        let hint = errors[0].hint.as_deref().unwrap();
        assert!(hint.contains("end at line 6, as line 8 cannot"), "{hint}");
    }

    #[test]
    fn unclosed_front_matter_without_yaml_may_be_a_rule() {
        let ((_, body, line), errors) = read("---\nText.\n", Path::new("a.md"));
        assert_eq!((body, line), ("Text.\n", 2));
        assert!(errors[0].hint.as_deref().unwrap().contains("`***`"));
        let ((_, body, line), errors) = read("---\ntitle: A\n", Path::new("a.md"));
        assert_eq!((body, line), ("", 3));
        assert!(errors[0].hint.as_deref().unwrap().contains("no text"));
    }

    #[test]
    fn misplaced_front_matter_is_read_where_it_stands() {
        let text = "\n---\ntitle: A\nweight: x\n---\nbody\n";
        let ((front, body, line), errors) = read(text, Path::new("a.md"));
        assert_eq!(front.title, "A");
        assert_eq!((body, line), ("body\n", 6));
        assert_eq!(places(&errors), [(2, 1), (4, 9)]);
        let ((front, body, line), errors) =
            read("+++\ntitle = \"A\"\n+++\nbody", Path::new("a.md"));
        assert_eq!(front.title, "");
        assert_eq!((body, line), ("body", 4));
        assert_eq!(places(&errors), [(1, 1)]);
    }

    #[test]
    fn glossary_linking_defaults_on() {
        let (front, body, line) = parse("---\ntitle: A\n---\nx", Path::new("a.md")).unwrap();
        assert!(front.glossary);
        assert_eq!((body, line), ("x", 4));
    }
}
