//! "Edit this page" links (`edit_url` in site.yaml): where each page's link leads,
//! with the source path added or put where `{path}` stands, and no link without
//! `edit_url` or on pages no Markdown file makes. A bad `edit_url` is pinned in
//! `tests/fixtures/invalid/site-bad-edit-url`.

mod common;

use std::path::Path;

use common::{build_site, read, write_files};
use scraper::{Html, Selector};

/// The `href` of the page's edit link, if it has one.
fn edit_link(out: &Path, page: &str) -> Option<String> {
    let doc = Html::parse_document(&read(&out.join(page)));
    let selector = Selector::parse(".page-edit a").unwrap();
    let link = doc.select(&selector).next()?;
    assert_eq!(link.text().collect::<String>(), "Edit this page");
    link.value().attr("href").map(str::to_string)
}

fn site(edit_url: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let config = match edit_url {
        Some(url) => format!("title: Edits\nedit_url: \"{url}\"\n"),
        None => "title: Edits\n".to_string(),
    };
    write_files(
        &root,
        &[
            ("site.yaml", config.as_str()),
            ("content/_index.md", "Welcome.\n"),
            ("content/energy/_topic.yaml", "title: Energy\n"),
            ("content/energy/fundamentals.md", "Energy does work.\n"),
            ("content/help/index.md", "---\ntitle: Help\n---\nAsk.\n"),
        ],
    );
    (tmp, root)
}

#[test]
fn each_page_links_to_its_markdown_file_under_edit_url() {
    let (_tmp, root) = site(Some("https://github.com/you/guide/edit/main/site"));
    let (_out_tmp, out) = build_site(&root, &[]);
    let base = "https://github.com/you/guide/edit/main/site";
    assert_eq!(
        edit_link(&out, "energy/fundamentals/index.html"),
        Some(format!("{base}/content/energy/fundamentals.md"))
    );
    assert_eq!(
        edit_link(&out, "help/index.html"),
        Some(format!("{base}/content/help/index.md"))
    );
    // Pages that no one Markdown file makes have none.
    for page in [
        "index.html",
        "energy/index.html",
        "glossary/index.html",
        "fundamentals/index.html",
    ] {
        assert_eq!(edit_link(&out, page), None, "{page}");
    }
}

#[test]
fn a_path_placeholder_puts_the_file_where_the_host_wants_it() {
    let (_tmp, root) = site(Some(
        "https://code.example.org/edit?file={path}&branch=main",
    ));
    let (_out_tmp, out) = build_site(&root, &[]);
    assert_eq!(
        edit_link(&out, "energy/fundamentals/index.html").as_deref(),
        Some("https://code.example.org/edit?file=content/energy/fundamentals.md&branch=main")
    );
}

#[test]
fn without_edit_url_no_page_has_the_link() {
    let (_tmp, root) = site(None);
    let (_out_tmp, out) = build_site(&root, &[]);
    assert_eq!(edit_link(&out, "energy/fundamentals/index.html"), None);
    assert_eq!(edit_link(&out, "help/index.html"), None);
}
