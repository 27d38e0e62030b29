//! `data/<name>.yaml`: tables, with every row checked against the declared columns.
//!
//! Rows are read as ordered key/value pairs with their places, so an unknown key points
//! at the key and a missing key points at the row. Cells may be text, numbers or
//! booleans; they are kept as inline Markdown text.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{Column, Glossary, References, Table};
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    caption: Option<String>,
    columns: Vec<RawColumn>,
    rows: Vec<Spanned<RawRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    key: Spanned<String>,
    label: String,
    #[serde(default)]
    header: bool,
}

/// One row: its entries in file order, with places.
#[derive(Debug)]
struct RawRow(Vec<(Spanned<String>, Spanned<Cell>)>);

/// A scalar cell value.
#[derive(Debug)]
enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A list or a mapping, which no cell may hold: named, so every such cell of the
    /// file is reported at its place instead of the reading stopping at the first.
    Invalid(&'static str),
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table cell: text, a number or true/false")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell::Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Cell, E> {
                Ok(Cell::Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Cell, E> {
                Ok(i64::try_from(v).map_or_else(|_| Cell::Text(v.to_string()), Cell::Int))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Cell, E> {
                Ok(Cell::Float(v))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Cell, E> {
                Ok(Cell::Bool(v))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Text(String::new()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Cell, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Cell::Invalid("a list"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Cell::Invalid("a mapping"))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl Cell {
    fn into_text(self) -> String {
        match self {
            Cell::Text(s) => s,
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Invalid(_) => String::new(),
        }
    }
}

impl<'de> Deserialize<'de> for RawRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = RawRow;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from column keys to cell values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRow, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Spanned<String>, Spanned<Cell>>()? {
                    entries.push((key, value));
                }
                Ok(RawRow(entries))
            }
        }
        deserializer.deserialize_map(RowVisitor)
    }
}

/// Parses and validates the table `name` from the text of `file`.
/// What cell Markdown may refer to, checked when the table is loaded so a mistake is
/// reported in the data file, where it is.
#[derive(Clone, Copy)]
pub struct CellRefs<'a> {
    pub references: &'a References,
    pub glossary: &'a Glossary,
    /// The site's converter, for the cells' formulas.
    pub math: &'a crate::math::Math,
    /// Where the glossary is, for hints.
    pub glossary_file: &'a str,
    /// Where the references are, for hints.
    pub references_file: &'a str,
    /// The language the cells are checked for, when not the site's default: a
    /// problem in a table every language shares then says which language has it.
    pub language: Option<&'a str>,
}

/// Citation keys, glossary ids, link URLs and formulas in a cell that cannot work.
fn cell_problems(cell: &str, refs: Option<CellRefs<'_>>) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if cell.contains('$')
        && let Some(refs) = refs
    {
        problems.extend(formula_problems(cell, refs.math));
    }
    let mut rest = cell;
    while let Some(i) = rest.find("[@") {
        let after = &rest[i + 1..];
        let end = after.find(']').unwrap_or(after.len());
        for key in after[..end]
            .split(';')
            .map(|k| k.trim().trim_start_matches('@').trim())
        {
            let Some(refs) = refs else { continue };
            if !key.is_empty() && refs.references.get(key).is_none() {
                let hint = match crate::suggest::closest(
                    key,
                    refs.references.entries.iter().map(|r| r.id.as_str()),
                ) {
                    Some(near) => format!("did you mean `@{near}`?"),
                    None => format!("add the entry to {}", refs.references_file),
                };
                problems.push((
                    format!("unknown citation key `@{key}` in a table cell"),
                    hint,
                ));
            }
        }
        rest = &after[end..];
    }
    let mut rest = cell;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let dest = after[..end]
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>');
        if !crate::urls::is_safe_url(dest) {
            problems.push((
                format!("link to `{dest}` is not allowed"),
                "only http(s), mailto, tel and site links may be used".into(),
            ));
        } else if let Some(id) = dest.strip_prefix("glossary:")
            && let Some(refs) = refs
            && refs.glossary.get(id.trim_start_matches('#')).is_none()
        {
            problems.push((
                format!("unknown glossary id `{id}` in a table cell"),
                format!("add the term to {} or correct the id", refs.glossary_file),
            ));
        }
        rest = &after[end..];
    }
    problems
}

/// Formulas of a cell that cannot be typeset: what is wrong, in which formula.
fn formula_problems(cell: &str, math: &crate::math::Math) -> Vec<(String, String)> {
    use pulldown_cmark::Event;
    crate::markdown::events::parse(cell)
        .into_iter()
        .filter_map(|(event, _)| match event {
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                let error = math.yaml_formula_error(&latex)?;
                Some((format!("{} (in `${latex}$`)", error.message()), error.hint))
            }
            _ => None,
        })
        .collect()
}

/// `refs` is `None` when the table is read on its own, without a site.
pub fn parse(
    name: &str,
    text: &str,
    file: &Path,
    refs: Option<CellRefs<'_>>,
) -> Result<Table, Vec<Diagnostic>> {
    let raw: RawTable = yaml::parse(text, file).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let keys: Vec<&str> = raw.columns.iter().map(|c| c.key.value.as_str()).collect();
    for (i, column) in raw.columns.iter().enumerate() {
        if keys[..i].contains(&column.key.value.as_str()) {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!("column `{}` is declared twice", column.key.value))
                        .in_file(file),
                    text,
                    &column.key,
                )
                .width(column.key.value.chars().count())
                .hint("give each column its own key"),
            );
        }
    }
    if !errors.is_empty() {
        // With a column declared twice, every row would look wrong; fix the columns first.
        return Err(errors);
    }
    if raw.columns.is_empty() {
        errors.push(
            Diagnostic::error(format!("table `{name}` declares no columns"))
                .in_file(file)
                .hint("add `columns:` with at least one `{ key: ..., label: ... }`"),
        );
    }
    let lines = LineIndex::new(text);
    let mut rows = Vec::with_capacity(raw.rows.len());
    for row in raw.rows {
        let mut cells: Vec<Option<String>> = vec![None; keys.len()];
        let mut misspelt: Vec<&str> = Vec::new();
        let row_place = yaml::place(&lines, &row);
        for (key, cell) in row.value.0 {
            match keys.iter().position(|k| *k == key.value) {
                Some(i) if cells[i].is_some() => errors.push(
                    yaml::point(
                        Diagnostic::error(format!("key `{}` appears twice in this row", key.value))
                            .in_file(file),
                        text,
                        &key,
                    )
                    .width(key.value.chars().count())
                    .hint("remove one of them"),
                ),
                Some(i) => {
                    if let Cell::Invalid(what) = cell.value {
                        let d = Diagnostic::error(format!(
                            "a table cell must be text, a number or true/false, not {what}"
                        ))
                        .in_file(file)
                        .hint("write the cell as one value; quote it (\"…\") if it is text that starts with [ or {");
                        errors.push(yaml::point(d, text, &cell));
                    }
                    let (line, column) = yaml::place(&lines, &cell);
                    let value = cell.value.into_text();
                    for (message, mut hint) in cell_problems(&value, refs) {
                        if let Some(code) = refs.and_then(|r| r.language) {
                            let own = format!("data/{code}/");
                            if !crate::diagnostic::display_path(file).starts_with(&own) {
                                hint.push_str(&format!(
                                    " (the `{code}` pages read this table too; a `{own}{name}.yaml` of theirs would replace it)"
                                ));
                            }
                        }
                        let d = Diagnostic::error(message).in_file(file).hint(hint);
                        errors.push(if line > 0 {
                            d.at(text, line, column)
                        } else {
                            d
                        });
                    }
                    cells[i] = Some(value);
                }
                None => {
                    let near = crate::suggest::closest(&key.value, keys.iter().copied());
                    // The column the key was probably meant for is not also reported
                    // as missing: one misspelt key, one error.
                    misspelt.extend(near);
                    let hint = match near {
                        Some(near) => format!(
                            "did you mean `{near}`? The columns are: {}",
                            keys.join(", ")
                        ),
                        None => format!(
                            "the columns are: {}; declare the column or remove the key",
                            keys.join(", ")
                        ),
                    };
                    errors.push(
                        yaml::point(
                            Diagnostic::error(format!(
                                "row has key `{}`, which is not a column of table `{name}`",
                                key.value
                            ))
                            .in_file(file),
                            text,
                            &key,
                        )
                        .width(key.value.chars().count())
                        .hint(hint),
                    );
                }
            }
        }
        let missing: Vec<&str> = keys
            .iter()
            .zip(&cells)
            .filter(|(k, c)| c.is_none() && !misspelt.contains(k))
            .map(|(k, _)| *k)
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            errors.push(
                Diagnostic::error(format!("row is missing {list}"))
                    .in_file(file)
                    .at(text, row_place.0, row_place.1)
                    .hint("every row needs a value for every column (use \"\" for an empty cell)"),
            );
        }
        rows.push(cells.into_iter().map(Option::unwrap_or_default).collect());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Table {
        name: name.to_string(),
        title: raw.title.unwrap_or_default(),
        caption: raw.caption.unwrap_or_default(),
        columns: raw
            .columns
            .into_iter()
            .map(|c| Column {
                key: c.key.value,
                label: c.label,
                header: c.header,
            })
            .collect(),
        rows,
        source: crate::diagnostic::display_path(file),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs() -> Option<CellRefs<'static>> {
        None
    }

    const HEAD: &str = "title: T\ncolumns:\n  - { key: a, label: A, header: true }\n  - { key: b, label: B }\nrows:\n";

    #[test]
    fn rows_follow_column_order() {
        let t = parse(
            "t",
            &format!("{HEAD}  - {{ b: 2, a: one }}\n"),
            Path::new("data/t.yaml"),
            refs(),
        )
        .unwrap();
        assert_eq!(t.rows, vec![vec!["one".to_string(), "2".to_string()]]);
        assert!(t.columns[0].header);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let errors = parse(
            "t",
            &format!("{HEAD}  - {{ a: x, bb: y }}\n"),
            Path::new("data/t.yaml"),
            refs(),
        )
        .unwrap_err();
        let texts: Vec<_> = errors
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            texts,
            [(
                6,
                13,
                "row has key `bb`, which is not a column of table `t`"
            ),]
        );
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `b`? The columns are: a, b")
        );
    }

    #[test]
    fn unknown_column_attribute_is_an_error() {
        let text = "columns:\n  - { key: a, label: A, align: left }\nrows: []\n";
        let errors = parse("t", text, Path::new("data/t.yaml"), refs()).unwrap_err();
        assert!(
            errors[0].message == "unknown key `align`",
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, 2);
    }
}
