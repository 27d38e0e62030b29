//! Property tests for the YAML loaders: random tables (columns, rows with missing, extra
//! and repeated keys, odd scalars, broken YAML), glossaries and reference lists never
//! panic, and every diagnostic points at a line of the file and a column of that line,
//! and renders. Valid tables keep every row with exactly the declared columns.
//!
//! Run: `cargo test --test prop_tables` (set `PROPTEST_CASES` for a longer run).

use std::path::Path;

use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A YAML scalar as it could be written in a cell.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "plain",
            "\"quoted\"",
            "'single'",
            "12",
            "-3.5",
            "1e400",
            "true",
            "no",
            "~",
            "null",
            "\"\"",
            "\"**bold** insulin\"",
            "\"<script>alert(1)</script>\"",
            "\"a: b\"",
            "[1, 2]",
            "{a: 1}",
            "\"line\\nbreak\"",
            "|\n      block",
            ">-\n      folded",
            "&anchor x",
            "*anchor",
            "!!str 5",
            "!!binary aGk=",
            "\"\\u00e9\"",
            "0x1F",
            ".inf",
            "2026-01-01",
            "\"🙂 漢字\"",
            "\"unterminated",
            "[unclosed",
            "{unclosed",
            "'it''s'",
            "\"tab\\there\"",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 ]{0,12}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["type", "mechanism", "frequency"]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["typo", "Type", "mechanisms", "\"type\"", "''", "? complex", "1", "- x"]).prop_map(str::to_string),
    ]
}

/// One row, in flow or block style, with random (possibly wrong) keys.
fn row() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), scalar()), 0..5),
        any::<bool>(),
    )
        .prop_map(|(cells, flow)| {
            if flow {
                let inner: Vec<String> = cells
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.replace('\n', " ")))
                    .collect();
                format!("  - {{ {} }}\n", inner.join(", "))
            } else if cells.is_empty() {
                "  - {}\n".to_string()
            } else {
                let mut out = String::new();
                for (i, (k, v)) in cells.iter().enumerate() {
                    out.push_str(if i == 0 { "  - " } else { "    " });
                    out.push_str(&format!("{k}: {v}\n"));
                }
                out
            }
        })
}

fn column() -> impl Strategy<Value = String> {
    (
        key(),
        scalar(),
        prop::option::of(prop::sample::select(vec![
            "true", "false", "yes", "1", "\"x\"",
        ])),
        any::<bool>(),
    )
        .prop_map(|(k, label, header, extra)| {
            let mut s = format!("  - {{ key: {k}, label: {}", label.replace('\n', " "));
            if let Some(h) = header {
                s.push_str(&format!(", header: {h}"));
            }
            if extra {
                s.push_str(", width: 3");
            }
            s.push_str(" }\n");
            s
        })
}

/// A table file: sections in random order, some missing, some duplicated, plus noise.
fn table_yaml() -> impl Strategy<Value = String> {
    let section = prop_oneof![
        scalar().prop_map(|s| format!("title: {s}\n")),
        scalar().prop_map(|s| format!("caption: {s}\n")),
        prop::collection::vec(column(), 0..4).prop_map(|c| format!("columns:\n{}", c.concat())),
        prop::collection::vec(row(), 0..5).prop_map(|r| format!("rows:\n{}", r.concat())),
        Just("rows: []\n".to_string()),
        Just("columns: 3\n".to_string()),
        Just("extra: 1\n".to_string()),
        Just("\t\n".to_string()),
        Just("  bad indentation: x\n".to_string()),
        Just("# comment\n".to_string()),
        Just("---\n".to_string()),
        Just("\n".to_string()),
    ];
    let good = (
        prop::collection::vec(column(), 1..4),
        prop::collection::vec(row(), 0..6),
    )
        .prop_map(|(c, r)| format!("title: T\ncolumns:\n{}rows:\n{}", c.concat(), r.concat()));
    prop_oneof![
        2 => good,
        1 => prop::collection::vec(section, 0..7).prop_map(|s| s.concat()),
    ]
}

/// Checks that every diagnostic points inside `text` and renders.
fn check_diagnostics(
    text: &str,
    diags: &[strata::diagnostic::Diagnostic],
) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.lines().collect();
    let count = lines.len().max(1) as u32;
    prop_assert!(
        !diags.is_empty(),
        "an error comes with at least one diagnostic"
    );
    for d in diags {
        // The end of a file that ends with a newline is line count + 1, column 1.
        let at_end =
            d.line == count + 1 && d.column <= 1 && (text.ends_with('\n') || text.is_empty());
        prop_assert!(
            d.line <= count || at_end,
            "line {} of a {count}-line file: {}\n{text}",
            d.line,
            d.message
        );
        if d.line > 0 && !at_end {
            let line = lines.get(d.line as usize - 1).copied().unwrap_or("");
            prop_assert!(
                d.column as usize <= line.chars().count() + 1,
                "column {} past the end of line {} {line:?}: {}\n{text}",
                d.column,
                d.line,
                d.message
            );
            prop_assert_eq!(
                d.source_line.as_deref(),
                Some(line),
                "snippet is the pointed line"
            );
        }
        prop_assert!(d.file.is_some(), "names its file: {}", d.message);
        prop_assert!(!d.message.is_empty());
        let _ = d.render(false);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn tables_load_or_point_inside_the_file(text in table_yaml()) {
        match strata::load::parse_table("t", &text, Path::new("data/t.yaml")) {
            Ok(table) => {
                prop_assert!(!table.columns.is_empty());
                for row in &table.rows {
                    prop_assert_eq!(row.len(), table.columns.len(), "every row has every column");
                }
                let mut keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
                keys.sort();
                keys.dedup();
                prop_assert_eq!(keys.len(), table.columns.len(), "keys are unique");
            }
            Err(diags) => check_diagnostics(&text, &diags)?,
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_loaders(text in any::<String>()) {
        let tiers = strata::config::Config::parse("title: T\n", Path::new("site.yaml")).unwrap().tiers;
        if let Err(d) = strata::load::parse_table("t", &text, Path::new("data/t.yaml")) {
            check_diagnostics(&text, &d)?;
        }
        if let Err(d) = strata::load::parse_glossary(&text, Path::new("content/glossary.yaml"), &tiers) {
            check_diagnostics(&text, &d)?;
        }
        if let Err(d) = strata::load::parse_references(&text, Path::new("content/references.yaml")) {
            check_diagnostics(&text, &d)?;
        }
    }

    #[test]
    fn glossaries_load_or_point_inside_the_file(entries in prop::collection::vec(glossary_entry(), 0..5)) {
        let text = entries.concat();
        let tiers = strata::config::Config::parse("title: T\n", Path::new("site.yaml")).unwrap().tiers;
        match strata::load::parse_glossary(&text, Path::new("content/glossary.yaml"), &tiers) {
            Ok(g) => {
                for e in &g.entries {
                    prop_assert!(!e.definition.trim().is_empty());
                    prop_assert_eq!(g.by_id.get(&e.id).map(|&i| &g.entries[i].id), Some(&e.id));
                }
            }
            Err(diags) => check_diagnostics(&text, &diags)?,
        }
    }

    #[test]
    fn references_load_or_point_inside_the_file(entries in prop::collection::vec(reference_entry(), 0..5)) {
        let text = entries.concat();
        match strata::load::parse_references(&text, Path::new("content/references.yaml")) {
            Ok(r) => {
                for e in &r.entries {
                    if let Some(url) = &e.url {
                        let lower = url.trim().to_ascii_lowercase();
                        prop_assert!(lower.starts_with("http://") || lower.starts_with("https://"), "url {url:?} is http(s) only");
                    }
                }
            }
            Err(diags) => check_diagnostics(&text, &diags)?,
        }
    }
}

fn id() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "a", "insulin", "Bad Id", "x/y", "\"\"", "glossary", "letter-a", "1", "search",
    ])
    .prop_map(str::to_string)
}

fn glossary_entry() -> impl Strategy<Value = String> {
    (
        id(),
        scalar(),
        prop::collection::vec(scalar(), 0..3),
        scalar(),
        prop::option::of((
            prop::sample::select(vec!["fundamentals", "academic", "expert"]),
            scalar(),
        )),
        prop::collection::vec(id(), 0..2),
        prop::option::of(prop::sample::select(vec!["true", "false", "maybe"])),
        prop::option::of(prop::sample::select(vec!["colour: red", "term: again"])),
    )
        .prop_map(|(id, term, aliases, def, tier, see, link, extra)| {
            let mut s = format!("- id: {id}\n  term: {term}\n");
            if !aliases.is_empty() {
                let a: Vec<String> = aliases.iter().map(|a| a.replace('\n', " ")).collect();
                s.push_str(&format!("  aliases: [{}]\n", a.join(", ")));
            }
            s.push_str(&format!("  definition: {def}\n"));
            if let Some((t, d)) = tier {
                s.push_str(&format!("  tiers:\n    {t}: {d}\n"));
            }
            if !see.is_empty() {
                s.push_str(&format!("  see_also: [{}]\n", see.join(", ")));
            }
            if let Some(l) = link {
                s.push_str(&format!("  link: {l}\n"));
            }
            if let Some(e) = extra {
                s.push_str(&format!("  {e}\n"));
            }
            s
        })
}

fn reference_entry() -> impl Strategy<Value = String> {
    (
        id(),
        scalar(),
        scalar(),
        prop::option::of(scalar()),
        prop::option::of(prop::sample::select(vec![
            "https://example.org/a?b=1&c=2",
            "http://e.org",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://e.org",
            "//e.org",
            "\"https://e.org/\\\"><script>\"",
            "",
        ])),
    )
        .prop_map(|(id, author, title, date, url)| {
            let mut s = format!("- id: {id}\n  author: {author}\n  title: {title}\n");
            if let Some(d) = date {
                s.push_str(&format!("  date: {d}\n"));
            }
            if let Some(u) = url {
                s.push_str(&format!("  url: {u}\n"));
            }
            s
        })
}

/// A table whose rows are all well-formed loads with the cells in column order.
#[test]
fn a_valid_table_keeps_cells_in_column_order() {
    let text = "columns:\n  - { key: a, label: A, header: true }\n  - { key: b, label: B }\nrows:\n  - { b: 2, a: one }\n  - { a: true, b: \"x *y*\" }\n";
    let table = strata::load::parse_table("t", text, Path::new("data/t.yaml")).unwrap();
    assert_eq!(
        table.rows,
        vec![
            vec!["one".to_string(), "2".into()],
            vec!["true".into(), "x *y*".into()]
        ]
    );
}

/// A cell that is a list or a mapping gets serde's internal wording, "data did not
/// match any variant of untagged enum Cell", with no hint (src/load/tables.rs, the
/// `#[serde(untagged)] enum Cell`). It should say that a cell must be text, a number or
/// a boolean.
#[test]
fn a_cell_that_is_not_a_scalar_gets_a_plain_message() {
    for cell in ["[1, 2]", "{ a: 1 }"] {
        let text = format!("columns:\n  - {{ key: a, label: A }}\nrows:\n  - {{ a: {cell} }}\n");
        let errors = strata::load::parse_table("t", &text, Path::new("data/t.yaml")).unwrap_err();
        let d = &errors[0];
        assert_eq!((d.line, d.column), (4, 10), "{d:?}");
        assert!(
            !d.message.contains("untagged enum"),
            "jargon in the message: {}",
            d.message
        );
        assert!(d.hint.is_some(), "no hint: {}", d.message);
    }
}

/// Two columns with the same key: the duplicate is reported, and then every row is also
/// "missing" that key although it has it (one report per row, on top of the real one).
#[test]
fn a_duplicate_column_is_reported_once() {
    let text = "columns:\n  - { key: a, label: A }\n  - { key: a, label: Again }\nrows:\n  - { a: x }\n  - { a: y }\n";
    let errors = strata::load::parse_table("t", text, Path::new("data/t.yaml")).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["column `a` is declared twice"],
        "{errors:#?}"
    );
}

/// An unknown citation key or a `javascript:` link in a table cell is reported at the
/// `{{ table(…) }}` line of the page, not at the cell in data/<name>.yaml where the
/// mistake is (src/markdown/shortcodes.rs `table_events` gives every cell event the
/// shortcode's range).
#[test]
fn errors_in_table_cells_point_at_the_data_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let w = |rel: &str, text: &str| {
        let p = d.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("site.yaml", "title: T\n");
    w(
        "content/references.yaml",
        "- { id: smith-2020, author: A, title: T }\n",
    );
    w("content/t/_topic.yaml", "title: T\n");
    w(
        "content/t/fundamentals.md",
        "## Intro\n\n{{ table(name=\"results\") }}\n",
    );
    w(
        "data/results.yaml",
        "columns:\n  - { key: a, label: A }\nrows:\n  - { a: \"lower [@smith-2021]\" }\n  - { a: \"[x](javascript:alert(1))\" }\n",
    );
    let diags = strata::build::build(d, &strata::load::LoadOptions::default()).unwrap_err();
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for e in errors {
        assert_eq!(
            e.file.as_deref(),
            Some("data/results.yaml"),
            "{}",
            e.render(false)
        );
    }
}

/// Found by `cargo fuzz run table`: YAML reads a lone carriage return as a line break,
/// so the place of a node (`yaml::place`, used for "row is missing …", unknown keys,
/// duplicate columns) counts more lines than the file has: here line 7 of a 4-line
/// file. 361ddc3 fixed this for parse errors (placed by byte offset); `yaml::place` now
/// places nodes by byte offset too.
#[test]
fn lone_carriage_returns_do_not_shift_table_error_lines() {
    let text = "columns:\n  - { key: \"a\r\r\rb\", label: A }\nrows:\n  - { x: 1 }\n";
    let errors = strata::load::parse_table("t", text, Path::new("data/t.yaml")).unwrap_err();
    for d in &errors {
        assert!(
            d.line <= 4,
            "line {} of a 4-line file: {}",
            d.line,
            d.message
        );
        assert_eq!(d.line, 4, "{}", d.message);
    }
    let fuzzed = "title: T\ncolumns:\n  - { key: \r\r\r\r\r\r\u{efbea}PPPPPPPPP\r\r\r\u{efbea}PPPPPPname, label: Name, header: true }\n  - { key: va'lue, label: Value }\nrows:\n  - { n#mmmmmmmmmmmmmmmmmmmmame: b, valeu$: '2' }\n";
    let lines = fuzzed.split('\n').count() as u32;
    for d in strata::load::parse_table("t", fuzzed, Path::new("data/t.yaml")).unwrap_err() {
        assert!(d.line <= lines, "line {} of {lines}: {}", d.line, d.message);
    }
}
