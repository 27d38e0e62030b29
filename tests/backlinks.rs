//! "Referenced by" when the raw Markdown misleads: pages render before every page's
//! links are known, from a guess read off the Markdown, and the pages the guess got
//! wrong are rendered again. `tests/fixtures/backlinks/guessed` is built so that the
//! guess is wrong both ways: links shown as code and an unused reference definition
//! look like links, and a link written by a table shortcode does not.

mod common;

use std::path::{Path, PathBuf};

use common::{build_site, fixtures, read};
use scraper::{Html, Selector};
use strata::build::build;
use strata::load::LoadOptions;
use strata::render::FileContent;

fn site() -> PathBuf {
    fixtures().join("backlinks/guessed")
}

/// The titles listed under "Referenced by" on the page at `rel` of `out`.
fn referenced_by(out: &Path, rel: &str) -> Vec<String> {
    let doc = Html::parse_document(&read(&out.join(rel)));
    let links = Selector::parse(".referenced-by a").unwrap();
    doc.select(&links)
        .map(|a| a.text().collect::<String>())
        .collect()
}

#[test]
fn pages_the_guess_got_wrong_show_the_real_links() {
    let (_tmp, out) = build_site(&site(), &[]);
    let beta = ["Beta basics (Fundamentals)"];
    // A reference link: guessed and real.
    assert_eq!(referenced_by(&out, "alpha/fundamentals/index.html"), beta);
    // Written in a table cell: real, not guessed.
    assert_eq!(referenced_by(&out, "alpha/academic/index.html"), beta);
    // In a code span and a code block: guessed, not real.
    assert!(referenced_by(&out, "alpha/intermediate/index.html").is_empty());
    // An unused reference definition: guessed, not real.
    assert!(referenced_by(&out, "gamma/fundamentals/index.html").is_empty());
}

#[test]
fn a_page_rendered_twice_is_one_file_in_memory_with_its_second_version() {
    let built = build(&site(), &LoadOptions::default()).expect("the fixture builds");
    let paths: Vec<&str> = built.files.iter().map(|f| f.path.as_str()).collect();
    let mut unique = paths.clone();
    unique.dedup();
    assert_eq!(paths, unique, "each path once, in order");
    let (_tmp, out) = build_site(&site(), &[]);
    for rel in [
        "alpha/academic/index.html",
        "alpha/intermediate/index.html",
        "gamma/fundamentals/index.html",
    ] {
        let file = built.files.iter().find(|f| f.path == rel).expect(rel);
        let FileContent::Bytes(bytes) = &file.content else {
            panic!("{rel} is rendered, not copied");
        };
        assert_eq!(
            String::from_utf8_lossy(bytes),
            read(&out.join(rel)),
            "{rel}: memory and disk builds agree"
        );
    }
}

#[test]
fn the_link_check_counts_only_the_version_of_a_page_that_is_kept() {
    let root = site();
    let built = build(&root, &LoadOptions::default()).expect("the fixture builds");
    let expected = strata::linkcheck::check(&built.files, &built.site.config.base_url);
    let output = common::strata(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["links_checked"], expected.checked);
    assert_eq!(report["errors"], 0);
}
