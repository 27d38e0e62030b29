//! Custom themes: every file of a theme's `static/` is bound to `site.assets.files` by
//! its name (CSS and JS hashed, with integrity), and a template that asks for an asset
//! the theme does not have fails `build` and `check` with an error at its line instead
//! of writing `href=""`. Fixtures: `tests/fixtures/themes/custom-assets` and
//! `tests/fixtures/invalid/theme-asset-missing` (whose `build` output is pinned by
//! `invalid_sites.rs`).

mod common;

use base64::Engine;
use sha2::Digest;
use std::path::Path;

use common::{build_site, fixtures, read, strata};
use scraper::{Html, Selector};

fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}

#[test]
fn a_themes_own_stylesheet_script_and_icon_are_bound_by_name() {
    let (_tmp, out) = build_site(&fixtures().join("themes/custom-assets"), &[]);
    let doc = Html::parse_document(&read(&out.join("t/fundamentals/index.html")));
    let one = |css: &str| {
        let sel = Selector::parse(css).unwrap();
        let el = doc.select(&sel).next().unwrap_or_else(|| panic!("{css}"));
        let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
        (
            url.to_string(),
            el.value().attr("integrity").map(str::to_string),
        )
    };
    for (css, prefix, ext) in [
        ("link[rel=stylesheet]", "/sub/assets/main.", ".css"),
        ("script[src]", "/sub/assets/js/app.", ".js"),
    ] {
        let (url, integrity) = one(css);
        assert!(url.starts_with(prefix) && url.ends_with(ext), "{url}");
        assert!(url.len() > prefix.len() + ext.len(), "hashed name: {url}");
        let bytes = std::fs::read(out.join(url.trim_start_matches("/sub/"))).unwrap();
        assert_eq!(integrity.as_deref(), Some(sri(&bytes).as_str()), "{url}");
    }
    let (icon, _) = one("link[rel=icon]");
    assert_eq!(icon, "/sub/assets/logo.svg");
    assert!(out.join("assets/logo.svg").is_file());
}

#[test]
fn a_theme_with_its_own_asset_names_checks_clean() {
    let root = fixtures().join("themes/custom-assets");
    let result = strata(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--root", root.to_str().unwrap()],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn check_fails_when_a_template_asks_for_an_asset_the_theme_lacks() {
    let root = fixtures().join("invalid/theme-asset-missing/site");
    let result = strata(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--root", root.to_str().unwrap()],
    );
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("--> themes/plain/templates/base.html:6:"),
        "{stderr}"
    );
    assert!(stderr.contains("`css`"), "{stderr}");
    assert!(stderr.contains("site.assets.files"), "{stderr}");
}

/// A site whose own `tier.html` writes `<aside id="sidebar">` around the theme's page,
/// and whose page has a heading "Sidebar" (`body`).
fn site_with_a_sidebar(root: &Path, body: &str) {
    common::write_files(
        root,
        &[
            ("site.yaml", "title: T\n"),
            ("content/t/_topic.yaml", "title: Topic\n"),
            ("content/t/fundamentals.md", body),
            (
                "content/t/intermediate.md",
                "---\ntitle: More\n---\n\nSee [the sidebar](@/t/fundamentals.md#sidebar).\n",
            ),
            (
                "templates/tier.html",
                "{% extends \"theme/tier.html\" %}{% block main %}<aside id=\"sidebar\">Notes</aside>{{ super() }}{% endblock main %}",
            ),
        ],
    );
}

#[test]
fn a_heading_makes_way_for_an_id_the_sites_templates_write() {
    let tmp = tempfile::tempdir().unwrap();
    site_with_a_sidebar(
        tmp.path(),
        "---\ntitle: Basics\n---\n\n## Sidebar\n\nText.\n",
    );
    let out = strata(tmp.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = Html::parse_document(&read(&tmp.path().join("public/t/fundamentals/index.html")));
    let ids: Vec<&str> = page
        .select(&Selector::parse("[id^=sidebar]").unwrap())
        .map(|e| e.value().id().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["sidebar", "sidebar-1"],
        "one id each, the template's kept"
    );
    let heading = page
        .select(&Selector::parse("h2#sidebar-1").unwrap())
        .next();
    assert!(heading.is_some(), "the heading takes the next free id");
    // A link to `#sidebar` leads to the template's element, which every page has.
    let check = strata(tmp.path(), &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // An id written on a heading may not take the template's.
    site_with_a_sidebar(
        tmp.path(),
        "---\ntitle: Basics\n---\n\n## Notes {#sidebar}\n",
    );
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("content/t/fundamentals.md:5:"), "{stderr}");
    assert!(stderr.contains("`sidebar`"), "{stderr}");
}

#[test]
fn a_glossary_id_may_not_be_an_id_the_templates_write() {
    let tmp = tempfile::tempdir().unwrap();
    site_with_a_sidebar(tmp.path(), "---\ntitle: Basics\n---\n\nText.\n");
    common::write_files(
        tmp.path(),
        &[(
            "content/glossary.yaml",
            "- id: sidebar\n  term: Sidebar\n  definition: A box beside the text.\n",
        )],
    );
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "error: glossary id `sidebar` is also an id the templates write\n --> content/glossary.yaml:1:7\n"
        ),
        "{stderr}"
    );
}
