//! Property tests for the front-matter splitter and parser: whatever the text, `split`
//! never panics and its parts put back together give the input; `parse` never panics and
//! every diagnostic it returns points inside the file and renders; `read` always gives a
//! body that is the file's tail, starting on the line it names, even when the front
//! matter is broken, misplaced or never closed.
//!
//! Run: `cargo test --test prop_frontmatter` (set `PROPTEST_CASES` for a longer run).

use std::path::Path;

use proptest::prelude::*;
use strata::load::frontmatter::{parse, read, split};

/// Lines that exercise the splitter: fences, near-fences, YAML, CRLF, BOM, blanks.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---".to_string()),
        Just("...".to_string()),
        Just("--- ".to_string()),
        Just(" ---".to_string()),
        Just("----".to_string()),
        Just("---\r".to_string()),
        Just("---\r\r".to_string()),
        Just("\u{feff}---".to_string()),
        Just(String::new()),
        Just("title: A".to_string()),
        Just("title: \"unterminated".to_string()),
        Just("summary: [a, b".to_string()),
        Just("updated: 2026-13-40".to_string()),
        Just("updated: 2026-01-02".to_string()),
        Just("weight: x".to_string()),
        Just("draft: yes".to_string()),
        Just("glossary: false".to_string()),
        Just("sumary: typo".to_string()),
        Just("\ttitle: tab".to_string()),
        Just("title: é漢字🙂".to_string()),
        Just("- list".to_string()),
        Just("&a [*a]".to_string()),
        Just("{{ table(name=\"x\") }}".to_string()),
        Just("# Heading".to_string()),
        "[ -~]{0,20}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn eol() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 1 => Just("\r\n"), 1 => Just("\r"), 1 => Just("")]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec((line(), eol()), 0..14).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(l, e)| format!("{l}{e}"))
            .collect::<String>()
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn split_reconstructs_the_input(text in document()) {
        check_split(&text)?;
    }

    #[test]
    fn split_reconstructs_arbitrary_text(text in any::<String>()) {
        check_split(&text)?;
        check_split(&format!("---\n{text}"))?;
        check_split(&format!("---\n{text}\n---\n{text}"))?;
    }

    #[test]
    fn parse_never_panics_and_points_inside_the_file(text in document()) {
        let lines = text.split('\n').count() as u32;
        match parse(&text, Path::new("content/t/fundamentals.md")) {
            Ok((front, body, body_line)) => {
                prop_assert!(text.ends_with(body));
                prop_assert!(body_line >= 1 && body_line <= lines + 1, "body_line {body_line} of {lines}");
                if let Some(updated) = &front.updated {
                    prop_assert!(strata::load::frontmatter::is_date(updated));
                }
            }
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                check_places(&diags, lines)?;
            }
        }
    }

    #[test]
    fn read_always_finds_the_body_and_points_inside_the_file(text in document()) {
        let lines = text.split('\n').count() as u32;
        let ((_, body, body_line), diags) = read(&text, Path::new("content/t/fundamentals.md"));
        prop_assert!(text.ends_with(body), "the body is the input's tail");
        prop_assert!(body_line >= 1 && body_line <= lines + 1, "body_line {body_line} of {lines}");
        if !body.is_empty() {
            let before = &text[..text.len() - body.len()];
            prop_assert_eq!(body_line, before.matches('\n').count() as u32 + 1);
        }
        check_places(&diags, lines)?;
    }
}

/// Every diagnostic points at a line of the file (of `lines` lines), within the line,
/// and renders.
fn check_places(diags: &[strata::diagnostic::Diagnostic], lines: u32) -> Result<(), TestCaseError> {
    for d in diags {
        prop_assert!(d.line <= lines, "line {} of {lines}: {}", d.line, d.message);
        if d.line > 0 {
            let source_line = d.source_line.as_deref().unwrap_or("");
            prop_assert!(
                d.column as usize <= source_line.chars().count() + 1,
                "column {} past the end of {source_line:?}: {}",
                d.column,
                d.message
            );
        }
        let _ = d.render(false);
    }
    Ok(())
}

fn check_split(text: &str) -> Result<(), TestCaseError> {
    let Ok(parts) = split(text) else {
        // Only an opening fence without a closing one is refused.
        prop_assert!(text.starts_with("---\n") || text.starts_with("---\r\n"));
        return Ok(());
    };
    prop_assert!(text.ends_with(parts.body), "the body is the input's tail");
    let body_start = text.len() - parts.body.len();
    match parts.yaml {
        None => {
            prop_assert_eq!(parts.body, text);
            prop_assert_eq!(parts.body_line, 1);
        }
        Some(yaml) => {
            let open = if text.starts_with("---\r\n") {
                "---\r\n"
            } else {
                "---\n"
            };
            prop_assert!(text.starts_with(open));
            let rest = &text[open.len()..];
            prop_assert!(rest.starts_with(yaml), "the YAML follows the opening fence");
            let fence = &rest[yaml.len()..rest.len() - parts.body.len()];
            // yaml + closing fence + body == the text after the opening fence.
            prop_assert_eq!(format!("{open}{yaml}{fence}{}", parts.body), text);
            let fence_text = fence.trim_end_matches(['\n', '\r']);
            prop_assert!(
                fence_text == "---" || fence_text == "...",
                "closing fence {fence:?}"
            );
            prop_assert!(
                !fence[..fence.len().saturating_sub(1)].contains('\n'),
                "the fence is one line"
            );
            prop_assert!(
                yaml.is_empty() || yaml.ends_with('\n'),
                "YAML ends at a line end"
            );
            prop_assert_eq!(parts.yaml_line, 2);
            // The body line is the line the body starts on.
            if fence.ends_with('\n') {
                let expected = text[..body_start].matches('\n').count() as u32 + 1;
                prop_assert_eq!(parts.body_line, expected);
            }
            // No earlier line of the YAML is itself a fence.
            for l in yaml.split_inclusive('\n') {
                let t = l.trim_end_matches(['\n', '\r']);
                prop_assert!(
                    t != "---" && t != "...",
                    "an earlier fence was skipped: {l:?}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn split_examples() {
    let s = split("---\r\ntitle: A\r\n---\r\nbody").unwrap();
    assert_eq!(s.yaml, Some("title: A\r\n"));
    assert_eq!(s.body, "body");
    assert_eq!(s.body_line, 4);
    let s = split("---\n---\n").unwrap();
    assert_eq!(s.yaml, Some(""));
    assert_eq!(s.body, "");
    let s = split("---\ntitle: A\n...").unwrap();
    assert_eq!(s.body, "");
}

/// Found by `cargo fuzz run frontmatter`: YAML counts a lone carriage return (old Mac
/// line ending) as a line break while Strata's line numbers count only `\n`, so a YAML
/// error after a lone CR pointed at a later line — the closing `---` instead of the
/// typo on line 2 — or past the end of the file (the fuzzer's input named line 8 of 6).
/// Fixed in 361ddc3 (YAML diagnostics placed by byte offset).
#[test]
fn a_lone_carriage_return_does_not_shift_yaml_error_lines() {
    let text = "---\ntitle: A\rsumary: x\n---\n";
    let errors = parse(text, Path::new("a.md")).unwrap_err();
    assert_eq!(errors[0].line, 2, "{errors:?}");
    assert!(
        errors[0]
            .source_line
            .as_deref()
            .unwrap_or("")
            .contains("sumary"),
        "{errors:?}"
    );
    let fuzzed = "---\n{bodiesitle\nta  \r\r  {expeodiesitle\nta  \r\r  {expeced ced st\n\n---";
    let lines = fuzzed.split('\n').count() as u32;
    for d in parse(fuzzed, Path::new("a.md")).unwrap_err() {
        assert!(
            d.line <= lines,
            "line {} of a {lines}-line file: {}",
            d.line,
            d.message
        );
    }
}
