//! An incremental rebuild must give exactly what a full build gives: for each kind of
//! change, update the previous build with `try_update` and compare every output file
//! with a fresh full build of the changed sources.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::fixtures;
use strata::build::{BuildCache, build};
use strata::incremental::{apply, file_map, try_update};
use strata::load::LoadOptions;

fn copy_fixture(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&fixtures().join(fixture), &root);
    (tmp, root)
}

/// Applies `edit` to `file`, then checks the incremental result against a full build.
/// Returns whether the incremental path was taken.
fn check(file: &str, edit: impl Fn(&str) -> String) -> bool {
    check_in("core/full", file, edit)
}

/// [`check`] on the fixture site `fixture`.
fn check_in(fixture: &str, file: &str, edit: impl Fn(&str) -> String) -> bool {
    let (_tmp, root) = copy_fixture(fixture);
    let options = LoadOptions::default();
    let cache = BuildCache::default();
    let mut before = build(&root, &options).expect("first build");
    let mut served = file_map(&std::mem::take(&mut before.files)).unwrap();
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "the edit must change the file");
    std::fs::write(&path, edited).unwrap();
    let changed: BTreeSet<PathBuf> = [PathBuf::from(file)].into();
    let update = try_update(&before, &root, &changed, &cache);
    let incremental = update.is_some();
    if let Some(update) = &update {
        apply(&mut served, update).unwrap();
    } else {
        served = file_map(&build(&root, &options).unwrap().files).unwrap();
    }
    let full = file_map(&build(&root, &options).expect("full build").files).unwrap();
    let mut paths: BTreeSet<&std::sync::Arc<str>> = served.keys().collect();
    paths.extend(full.keys());
    for p in paths {
        let (a, b) = (served.get(p), full.get(p));
        assert!(
            a == b,
            "{file}: `{p}` differs between the incremental and the full build"
        );
    }
    incremental
}

const PAGE: &str = "content/alpha/fundamentals.md";

#[test]
fn prose_edit_re_renders_the_page_alone_and_matches_a_full_build() {
    assert!(check(PAGE, |t| t.replace(
        "Small steps add up.",
        "Small steps add up over months."
    )));
}

#[test]
fn new_section_updates_switcher_topic_home_indexes_and_search() {
    assert!(check(PAGE, |t| format!(
        "{t}\n## A new section {{#fresh}}\n\nMore words here.\n"
    )));
}

#[test]
fn removed_link_updates_referenced_by_of_the_target() {
    assert!(check(PAGE, |t| t.replace(
        "[the mechanism](@/alpha/academic.md#mechanism)",
        "the mechanism"
    )));
}

#[test]
fn added_link_updates_referenced_by_of_the_new_target() {
    assert!(check("content/alpha/academic.md", |t| format!(
        "{t}\nSee also [the start](@/beta/fundamentals.md).\n"
    )));
}

#[test]
fn term_use_change_updates_the_glossary_page() {
    assert!(check("content/alpha/academic.md", |t| format!(
        "{t}\nGLUT4 moves to the membrane.\n"
    )));
}

#[test]
fn a_longer_page_updates_the_reading_times_on_its_topics_tag_pages() {
    let words = "Sleep debt adds up over a week of short nights. ".repeat(60);
    assert!(check_in(
        "tags/basic",
        "content/sleep/fundamentals.md",
        |t| { format!("{t}\n{words}\n") }
    ));
}

#[test]
fn home_and_plain_page_edits_match() {
    assert!(check("content/_index.md", |t| t.replace("introduces", "presents")));
    assert!(check("content/about.md", |t| t
        .replace("written for tests", "written for the tests")));
}

#[test]
fn front_matter_and_data_changes_fall_back_to_a_full_build() {
    assert!(!check(PAGE, |t| t
        .replace("title: Alpha basics", "title: Alpha essentials")));
    assert!(!check("data/results.yaml", |t| t.replace("Control", "Placebo")));
}

#[test]
fn a_new_alias_or_a_changed_image_falls_back_to_a_full_build() {
    // The redirect page is a new file; the page's image gets its new size.
    assert!(!check(PAGE, |t| t.replacen(
        "---\n",
        "---\naliases: [old-alpha/]\n",
        1
    )));
    assert!(!check("content/alpha/figure.svg", |t| t
        .replace("width=\"10\"", "width=\"20\"")));
}

#[test]
fn an_error_falls_back_so_the_full_build_reports_it() {
    let (_tmp, root) = copy_fixture("core/full");
    let before = build(&root, &LoadOptions::default()).unwrap();
    let path = root.join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("[@smith-2020]", "[@nobody]")).unwrap();
    let changed: BTreeSet<PathBuf> = [PathBuf::from(PAGE)].into();
    assert!(try_update(&before, &root, &changed, &BuildCache::default()).is_none());
    assert!(build(&root, &LoadOptions::default()).is_err());
}

#[test]
fn an_edit_in_one_language_re_renders_that_language_alone_and_matches_a_full_build() {
    // A French page's prose, then a new section (its outline, search and reading
    // paths under /fr/), then the default language's page.
    assert!(check_in(
        "languages/basic",
        "content/fr/sleep/fundamentals.md",
        |t| t.replace("Une seule nuit courte", "Une unique nuit courte")
    ));
    assert!(check_in(
        "languages/basic",
        "content/fr/sleep/fundamentals.md",
        |t| format!("{t}\n## Une autre section\n\nDes mots en plus sur l'insuline.\n")
    ));
    assert!(check_in(
        "languages/basic",
        "content/sleep/fundamentals.md",
        |t| format!("{t}\n## Another section\n\nMore words about insulin.\n")
    ));
}

#[test]
fn a_multilingual_update_keeps_every_languages_warnings() {
    let (_tmp, root) = copy_fixture("languages/basic");
    // An unused French term gives a warning that must survive an English edit.
    let glossary = root.join("content/fr/glossary.yaml");
    let text = std::fs::read_to_string(&glossary).unwrap()
        + "- id: jeune\n  term: jeûne\n  definition: Une période sans manger.\n";
    std::fs::write(&glossary, text).unwrap();
    let options = LoadOptions::default();
    let before = build(&root, &options).expect("first build");
    let warned = |w: &strata::diagnostic::Diagnostics| {
        w.iter()
            .filter(|d| d.file.as_deref() == Some("content/fr/glossary.yaml"))
            .count()
    };
    assert_eq!(warned(&before.warnings), 1, "{:?}", before.warnings);
    let page = root.join("content/sleep/fundamentals.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("A single", "One single");
    std::fs::write(&page, text).unwrap();
    let changed: BTreeSet<PathBuf> = [PathBuf::from("content/sleep/fundamentals.md")].into();
    let update = try_update(&before, &root, &changed, &BuildCache::default()).expect("incremental");
    assert_eq!(
        warned(&update.build.warnings),
        1,
        "{:?}",
        update.build.warnings
    );
    assert_eq!(update.build.languages.len(), 1);
    // Changes in two languages at once are built whole.
    let both: BTreeSet<PathBuf> = [
        PathBuf::from("content/sleep/fundamentals.md"),
        PathBuf::from("content/fr/sleep/fundamentals.md"),
    ]
    .into();
    assert!(try_update(&before, &root, &both, &BuildCache::default()).is_none());
}
