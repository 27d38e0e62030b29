//! Aliases (of topics, pages and a tier) on `tests/fixtures/redirects/moved`: which
//! redirect pages a build writes and where each one sends the reader, what a redirect
//! page holds, that the sitemap leaves them out, and what `strata check` says of a link
//! to one. The mistakes an author can make with aliases are pinned in
//! `tests/fixtures/invalid/aliases-every-mistake`, `site-tier-aliases` and
//! `check-link-through-redirect`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{build_site, fixtures, read, strata};
use scraper::{Html, Selector};

fn site() -> std::path::PathBuf {
    fixtures().join("redirects/moved")
}

fn built() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    &OUT.get_or_init(|| build_site(&site(), &[])).1
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

/// Every HTML file of `out` with a meta refresh: its path → the URL it refreshes to.
fn redirects(out: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&read(entry.path()));
        if let Some(content) = attr(&doc, r#"meta[http-equiv="refresh"]"#, "content") {
            let rel = entry.path().strip_prefix(out).unwrap();
            let url = content.strip_prefix("0; url=").unwrap_or(&content);
            found.insert(rel.to_string_lossy().replace('\\', "/"), url.to_string());
        }
    }
    found
}

#[test]
fn each_alias_writes_a_redirect_to_its_page_and_a_topics_or_tiers_alias_one_per_page() {
    let expected: BTreeMap<String, String> = [
        // The topic's aliases, with and without the trailing slash, and below each
        // the tiers the topic has (it has no intermediate page).
        ("power/index.html", "/guide/energy/"),
        (
            "power/fundamentals/index.html",
            "/guide/energy/fundamentals/",
        ),
        ("power/academic/index.html", "/guide/energy/academic/"),
        ("physics/power/index.html", "/guide/energy/"),
        (
            "physics/power/fundamentals/index.html",
            "/guide/energy/fundamentals/",
        ),
        (
            "physics/power/academic/index.html",
            "/guide/energy/academic/",
        ),
        // The tier `academic` was `advanced`: its reading path and each topic's page,
        // below the topic's old folders too.
        ("advanced/index.html", "/guide/academic/"),
        ("energy/advanced/index.html", "/guide/energy/academic/"),
        ("power/advanced/index.html", "/guide/energy/academic/"),
        (
            "physics/power/advanced/index.html",
            "/guide/energy/academic/",
        ),
        // A page's own aliases: an mdBook-style file, a name with a space (written
        // escaped) and one with `&`.
        ("chapter_1.html", "/guide/energy/fundamentals/"),
        ("old notes/energy/index.html", "/guide/energy/academic/"),
        ("notes/energy & work.html", "/guide/energy/academic/"),
        // A plain page's.
        ("start-here/index.html", "/guide/guides/start/"),
        ("guides/begin.html", "/guide/guides/start/"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(redirects(built()), expected);
}

#[test]
fn a_redirect_page_sends_readers_and_search_engines_on_and_keeps_the_fragment() {
    let html = read(&built().join("guides/begin.html"));
    let doc = Html::parse_document(&html);
    assert_eq!(attr(&doc, "html", "lang").as_deref(), Some("en-GB"));
    assert_eq!(
        attr(&doc, r#"meta[name="robots"]"#, "content").as_deref(),
        Some("noindex")
    );
    // Absolute, as the site has a host.
    assert_eq!(
        attr(&doc, r#"link[rel="canonical"]"#, "href").as_deref(),
        Some("https://example.org/guide/guides/start/")
    );
    let title = Selector::parse("title").unwrap();
    let title: String = doc.select(&title).next().unwrap().text().collect();
    assert_eq!(title, "Moved: Getting <started>");
    let link = Selector::parse("body a").unwrap();
    let link = doc.select(&link).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/guide/guides/start/"));
    assert_eq!(link.text().collect::<String>(), "Getting <started>");
    // The script runs first and keeps the old URL's fragment.
    assert!(
        html.contains(
            r#"<script>location.replace("/guide/guides/start/" + location.hash)</script>"#
        ),
        "{html}"
    );
    // A tier page's title says which tier.
    let tier = Html::parse_document(&read(&built().join("chapter_1.html")));
    let link = Selector::parse("body a").unwrap();
    let text: String = tier.select(&link).next().unwrap().text().collect();
    assert_eq!(text, "Energy, simply (Fundamentals)");
    insta::assert_snapshot!("redirect_page", html);
}

#[test]
fn without_a_host_the_canonical_link_is_root_relative_under_the_base_path() {
    let (_tmp, out) = build_site(&site(), &["--base-url", "/docs/"]);
    let doc = Html::parse_document(&read(&out.join("power/academic/index.html")));
    assert_eq!(
        attr(&doc, r#"link[rel="canonical"]"#, "href").as_deref(),
        Some("/docs/energy/academic/")
    );
    assert_eq!(
        attr(&doc, r#"meta[http-equiv="refresh"]"#, "content").as_deref(),
        Some("0; url=/docs/energy/academic/")
    );
}

#[test]
fn the_sitemap_lists_pages_not_their_old_addresses() {
    let sitemap = read(&built().join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/guide/energy/fundamentals/</loc>"));
    for old in ["power", "chapter_1", "notes", "start-here", "begin"] {
        assert!(!sitemap.contains(old), "{old} in the sitemap:\n{sitemap}");
    }
}

#[test]
fn check_warns_of_a_link_to_an_old_address_and_passes() {
    let root = site();
    let result = strata(&root, &["check"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        "\
warning: link to `/power/fundamentals/#what-it-is` (`/guide/power/fundamentals/#what-it-is` in the built page), an old address that redirects to `/guide/energy/fundamentals/`
 --> content/energy/fundamentals.md:7:41
  |
7 | Energy is the capacity to do work. Read [the older address](/power/fundamentals/#what-it-is)
  |                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: link to the page where it is now: `@/energy/fundamentals.md#what-it-is`

"
    );
}
