//! `data/<name>.yaml`: tables, with every row checked against the declared columns.
//!
//! Rows are read as ordered key/value pairs with their places, so an unknown key points
//! at the key and a missing key points at the row. Cells may be text, numbers or
//! booleans; they are kept as inline Markdown text.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::diagnostic::Diagnostic;
use crate::model::{Column, Table};
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
struct RawRow(Vec<(Spanned<String>, Cell)>);

/// A scalar cell value.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Cell {
    fn into_text(self) -> String {
        match self {
            Cell::Text(s) => s,
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
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
                while let Some((key, value)) = map.next_entry::<Spanned<String>, Cell>()? {
                    entries.push((key, value));
                }
                Ok(RawRow(entries))
            }
        }
        deserializer.deserialize_map(RowVisitor)
    }
}

/// Parses and validates the table `name` from the text of `file`.
pub fn parse(name: &str, text: &str, file: &Path) -> Result<Table, Vec<Diagnostic>> {
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
    if raw.columns.is_empty() {
        errors.push(
            Diagnostic::error(format!("table `{name}` declares no columns"))
                .in_file(file)
                .hint("add `columns:` with at least one `{ key: ..., label: ... }`"),
        );
    }
    let mut rows = Vec::with_capacity(raw.rows.len());
    for row in raw.rows {
        let mut cells: Vec<Option<String>> = vec![None; keys.len()];
        let row_place = yaml::place(&row);
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
                Some(i) => cells[i] = Some(cell.into_text()),
                None => {
                    let hint = match crate::suggest::closest(&key.value, keys.iter().copied()) {
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
            .filter(|(_, c)| c.is_none())
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

    const HEAD: &str = "title: T\ncolumns:\n  - { key: a, label: A, header: true }\n  - { key: b, label: B }\nrows:\n";

    #[test]
    fn rows_follow_column_order() {
        let t = parse(
            "t",
            &format!("{HEAD}  - {{ b: 2, a: one }}\n"),
            Path::new("data/t.yaml"),
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
        )
        .unwrap_err();
        let texts: Vec<_> = errors
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    6,
                    13,
                    "row has key `bb`, which is not a column of table `t`"
                ),
                (6, 5, "row is missing `b`"),
            ]
        );
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `b`? The columns are: a, b")
        );
    }

    #[test]
    fn unknown_column_attribute_is_an_error() {
        let text = "columns:\n  - { key: a, label: A, align: left }\nrows: []\n";
        let errors = parse("t", text, Path::new("data/t.yaml")).unwrap_err();
        assert!(
            errors[0].message.starts_with("unknown field `align`"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, 2);
    }
}
