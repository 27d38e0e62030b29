//! Plain pages (Markdown outside topic folders): their order in the site's navigation
//! and in the sitemap.

mod common;

use common::{build_site, read, write_files};
use scraper::{Html, Selector};

#[test]
fn plain_pages_are_ordered_by_weight_then_title_in_the_nav_and_the_sitemap() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_files(
        &site,
        &[
            (
                "site.yaml",
                "title: Order\nbase_url: https://example.org/\n",
            ),
            ("content/a.md", "---\ntitle: Zeta\nweight: 3\n---\nA.\n"),
            ("content/b.md", "---\ntitle: Beta\nweight: 1\n---\nB.\n"),
            ("content/c.md", "---\ntitle: Alpha\nweight: 1\n---\nC.\n"),
            ("content/d.md", "---\ntitle: Delta\nweight: -2\n---\nD.\n"),
            ("content/e.md", "---\ntitle: Epsilon\n---\nE.\n"),
        ],
    );
    let (_out_tmp, out) = build_site(&site, &[]);
    let home = Html::parse_document(&read(&out.join("index.html")));
    let nav: Vec<String> = home
        .select(&Selector::parse(".site-nav a").unwrap())
        .map(|a| a.text().collect())
        .filter(|t: &String| ["Alpha", "Beta", "Delta", "Epsilon", "Zeta"].contains(&t.as_str()))
        .collect();
    assert_eq!(nav, ["Delta", "Epsilon", "Alpha", "Beta", "Zeta"]);
    let sitemap = read(&out.join("sitemap.xml"));
    let at = |page: &str| {
        sitemap
            .find(&format!("https://example.org/{page}/<"))
            .unwrap_or_else(|| panic!("{page} not in {sitemap}"))
    };
    assert!(at("d") < at("e") && at("e") < at("c") && at("c") < at("b") && at("b") < at("a"));
}
