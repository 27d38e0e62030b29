//! Every case under `tests/fixtures/invalid/<case>/site` is a site with mistakes, and
//! the exact text Strata prints for them is pinned:
//!
//! - `expected.txt` is what `strata build` prints on stderr: the build must fail with
//!   exit code 1 and leave the previous output byte-for-byte as it was.
//! - `check.txt` is what `strata check` prints, which also follows the links of the
//!   built pages (a build does not); it must exit with code 1. A case whose only
//!   mistakes are such links has `check.txt` alone. Without `check.txt`, `check` must
//!   print what `build` printed, but for its own summary line.
//!
//! Run with `STRATA_BLESS=1` to write the expected files after a deliberate change of
//! wording, then review the diff.
//!
//! A theme folder of a case (`site/themes/<name>/`) that holds a file named
//! [`FROM_DEFAULT`] holds only what it changes: the case is built from a copy of its
//! site in which that theme is `themes/default/` with the folder's own files laid over
//! it. A case that breaks one template carries that template, not the whole theme.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, fixtures, snapshot_tree, strata};

/// Marks a case's theme folder as starting from the default theme.
const FROM_DEFAULT: &str = "from-default.txt";

/// The folder `case`'s site is built in (as `site/`): the case itself, or, when a
/// theme of it starts from the default theme, a copy under `tmp` with the theme
/// filled in.
fn build_dir(case: &Path, tmp: &Path) -> PathBuf {
    let partial: Vec<PathBuf> = std::fs::read_dir(case.join("site/themes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|theme| theme.join(FROM_DEFAULT).is_file())
        .collect();
    if partial.is_empty() {
        return case.to_path_buf();
    }
    let dir = tmp.join("case");
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for theme in &partial {
        copy_dir(
            &default,
            &dir.join("site/themes").join(theme.file_name().unwrap()),
        );
    }
    copy_dir(&case.join("site"), &dir.join("site"));
    for theme in &partial {
        let marker = dir.join("site/themes").join(theme.file_name().unwrap());
        std::fs::remove_file(marker.join(FROM_DEFAULT)).unwrap();
    }
    dir
}

fn previous_output(dir: &Path) {
    std::fs::create_dir_all(dir.join("t")).unwrap();
    std::fs::write(dir.join(".nojekyll"), "").unwrap();
    std::fs::write(dir.join("index.html"), "<p>the previous, good build</p>").unwrap();
    std::fs::write(dir.join("t/index.html"), "<p>older page</p>").unwrap();
}

fn check_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let build = case
        .join("expected.txt")
        .exists()
        .then(|| check_build(case, &name))
        .transpose()?;
    let tmp = tempfile::tempdir().unwrap();
    let check = strata(&build_dir(case, tmp.path()), &["check", "--root", "site"]);
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    if check.status.code() != Some(1) {
        return Err(format!(
            "{name}: expected `check` to exit with code 1, got {:?}\n{stderr}",
            check.status.code()
        ));
    }
    let pinned = case.join("check.txt");
    if pinned.exists() || build.is_none() {
        return compare(&name, &pinned, &stderr);
    }
    let build = build.unwrap_or_default();
    if all_but_summary(&build) != all_but_summary(&stderr)
        || !stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("error: the check found"))
    {
        return Err(format!(
            "{name}: `check` does not print what `build` printed\n--- build\n{build}\n--- check\n{stderr}"
        ));
    }
    Ok(())
}

/// Runs `build` on the case: it must fail, keep the previous output and print
/// `expected.txt`. Returns what it printed.
fn check_build(case: &Path, name: &str) -> Result<String, String> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    previous_output(&out);
    let before = snapshot_tree(&out);
    let result = strata(
        &build_dir(case, tmp.path()),
        &["build", "--root", "site", "--output", out.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    if result.status.code() != Some(1) {
        return Err(format!(
            "{name}: expected exit code 1, got {:?}\n{stderr}",
            result.status.code()
        ));
    }
    if snapshot_tree(&out) != before {
        return Err(format!(
            "{name}: the failed build changed the previous output"
        ));
    }
    compare(name, &case.join("expected.txt"), &stderr)?;
    Ok(stderr)
}

/// Compares `stderr` with the pinned `file` (or writes it, with `STRATA_BLESS`).
fn compare(name: &str, file: &Path, stderr: &str) -> Result<(), String> {
    let shown = file.file_name().unwrap().to_string_lossy();
    if std::env::var_os("STRATA_BLESS").is_some() {
        std::fs::write(file, stderr).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(file).map_err(|_| {
        format!("{name}: no {shown}; run with STRATA_BLESS=1 to create it\n{stderr}")
    })?;
    if stderr != expected {
        return Err(format!(
            "{name}: diagnostics differ from {shown}\n--- expected\n{expected}\n--- actual\n{stderr}"
        ));
    }
    Ok(())
}

/// The text without its last line (the summary, which differs between commands).
fn all_but_summary(text: &str) -> &str {
    text.trim_end()
        .rsplit_once('\n')
        .map_or("", |(rest, _)| rest)
}

#[test]
fn every_invalid_site_fails_with_its_pinned_diagnostics_and_keeps_the_previous_output() {
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("site").is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "expected at least 40 invalid cases, found {}",
        cases.len()
    );
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_ten_megabyte_line_is_an_error_not_a_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("site.yaml"), "title: Big\n").unwrap();
    let line = format!(
        "- id: x\n  term: X\n  definition: \"{}\n",
        "a".repeat(10 * 1024 * 1024)
    );
    std::fs::write(site.join("content/glossary.yaml"), line).unwrap();
    let result = strata(tmp.path(), &["check", "--root", "site"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/glossary.yaml:3:"), "{stderr}");
    assert!(
        stderr.len() < 4000,
        "the snippet of a huge line must be cut, got {} bytes",
        stderr.len()
    );
}
