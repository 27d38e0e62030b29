//! What the default theme writes into `<head>` for sharing and for search engines:
//! the meta description and its fallbacks, Open Graph and Twitter card tags, and the
//! favicon under the base path. Fixtures: `tests/fixtures/head/described` (a site
//! description and an absolute base URL) and `tests/fixtures/head/bare` (neither).

mod common;

use common::{build_site, fixtures, page, read};
use scraper::{Html, Selector};

/// The `content` of every `<meta>` whose `attr` (`name` or `property`) is `key`.
fn meta(doc: &Html, attr: &str, key: &str) -> Vec<String> {
    let selector = Selector::parse(&format!("head meta[{attr}=\"{key}\"]")).unwrap();
    doc.select(&selector)
        .map(|m| m.value().attr("content").unwrap_or("").to_string())
        .collect()
}

fn description(doc: &Html) -> Vec<String> {
    meta(doc, "name", "description")
}

#[test]
fn a_page_without_a_summary_is_described_by_the_site_description() {
    let (_tmp, out) = build_site(&fixtures().join("head/described"), &[]);
    let site = ["Short lessons on sleep & rest."];
    for rel in [
        "index.html",
        "t/index.html",
        "t/fundamentals/index.html",
        "about/index.html",
        "glossary/index.html",
        "404.html",
    ] {
        let doc = page(&out, rel);
        assert_eq!(description(&doc), site, "{rel}");
        assert_eq!(meta(&doc, "property", "og:description"), site, "{rel}");
    }
    // A page's own summary wins.
    let academic = page(&out, "t/academic/index.html");
    assert_eq!(description(&academic), ["How sleep stages are measured."]);
}

#[test]
fn without_any_summary_or_site_description_the_tag_is_left_out() {
    let (_tmp, out) = build_site(&fixtures().join("head/bare"), &[]);
    for rel in ["index.html", "t/fundamentals/index.html", "404.html"] {
        let html = read(&out.join(rel));
        assert!(!html.contains("name=\"description\""), "{rel}");
        assert!(!html.contains("og:description"), "{rel}");
    }
    assert_eq!(
        description(&page(&out, "about/index.html")),
        ["Who writes this guide."]
    );
}

#[test]
fn open_graph_and_twitter_card_describe_each_page() {
    let (_tmp, out) = build_site(&fixtures().join("head/described"), &[]);
    let tier = page(&out, "t/academic/index.html");
    assert_eq!(
        meta(&tier, "property", "og:title"),
        ["Sleep in depth · Academic"]
    );
    assert_eq!(meta(&tier, "property", "og:type"), ["article"]);
    assert_eq!(meta(&tier, "property", "og:site_name"), ["Described Guide"]);
    assert_eq!(
        meta(&tier, "property", "og:url"),
        ["https://example.org/guide/t/academic/"]
    );
    assert_eq!(meta(&tier, "name", "twitter:card"), ["summary"]);
    let home = page(&out, "index.html");
    assert_eq!(meta(&home, "property", "og:title"), ["Described Guide"]);
    assert_eq!(meta(&home, "property", "og:type"), ["website"]);
    assert_eq!(
        meta(&home, "property", "og:url"),
        ["https://example.org/guide/"]
    );
    let about = page(&out, "about/index.html");
    assert_eq!(meta(&about, "property", "og:title"), ["About"]);
    assert_eq!(meta(&about, "property", "og:type"), ["article"]);
}

#[test]
fn og_url_is_left_out_when_the_base_url_is_not_absolute() {
    let (_tmp, out) = build_site(&fixtures().join("head/bare"), &[]);
    let doc = page(&out, "t/fundamentals/index.html");
    assert!(meta(&doc, "property", "og:url").is_empty());
    assert_eq!(meta(&doc, "property", "og:site_name"), ["Bare Guide"]);
    assert_eq!(
        meta(&doc, "property", "og:title"),
        ["Sleep basics · Fundamentals"]
    );
    assert_eq!(meta(&doc, "name", "twitter:card"), ["summary"]);
}

#[test]
fn the_favicon_is_the_themes_svg_under_the_base_path() {
    let (_tmp, out) = build_site(&fixtures().join("head/bare"), &[]);
    for rel in ["index.html", "t/fundamentals/index.html", "404.html"] {
        let doc = page(&out, rel);
        let icons: Vec<_> = doc
            .select(&Selector::parse("head link[rel=icon]").unwrap())
            .map(|l| {
                (
                    l.value().attr("href").unwrap_or("").to_string(),
                    l.value().attr("type").unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            icons,
            [(
                "/sub/assets/favicon.svg".to_string(),
                "image/svg+xml".to_string()
            )],
            "{rel}"
        );
    }
    let svg = read(&out.join("assets/favicon.svg"));
    assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{svg}");
}
