//! Relative URLs in the author's raw HTML mean what they mean in a Markdown link:
//! relative to the Markdown file. Strata resolves them (co-located files, pages with
//! their `#fragment`, `@/…`, under the base path) and writes the result into the
//! attribute; absolute URLs, `#fragment`s and code are left as written.
//!
//! Run: `cargo test --test raw_html_urls`.

mod common;

use std::path::Path;

use common::{build_site, read, strata, write_files};
use scraper::{Html, Selector};

const PAGE: &str = r##"---
title: Basics
---

## Setup

<img src="diagram.png" width="300" alt="A diagram">

<figure>
  <img
    src='./img/a.png'
    alt="A"
    srcset="my%20diagram.png 1x,
            img/a.png 2x">
  <figcaption>See <a href=intermediate.md#deep>more</a>, <a href="../u/intermediate.md">U</a> and <a href="@/u/">topic U</a>.</figcaption>
</figure>

<picture><source srcset="a.webp 1x, a@2x.webp 2x"><img src="diagram.png" alt="Again"></picture>

<video src=clip.mp4 poster="diagram.png?v=1&amp;w=2"></video>

<object data="diagram.png" type="image/png">A diagram</object>

<p><a href="intermediate.md?x=1&amp;y=2#deep">query</a> <img src="it's&amp;that.png" alt="Quote"></p>

> Quoted <img
> src="diagram.png" alt="Across lines">

Left alone, unlike <a href="intermediate.md">this page</a>: <a href="#setup">up</a>, <a href="/guide/t/">root</a>, <a href="https://e.org/a.png">web</a>,
<a href="//cdn.example.org/a.png">cdn</a>, <a href="mailto:a@e.org">mail</a>,
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Dot">, `<img src="code.png">`.

    <img src="indented.png">
"##;

/// A small site built for `/guide/` whose first page holds raw HTML of every kind.
fn site(root: &Path) {
    write_files(
        root,
        &[
            ("site.yaml", "title: T\nbase_url: /guide/\n"),
            ("content/t/_topic.yaml", "title: T\n"),
            ("content/u/_topic.yaml", "title: U\n"),
            ("content/t/fundamentals.md", PAGE),
            (
                "content/t/intermediate.md",
                "---\ntitle: More\n---\n\n## Deep\n\nText.\n",
            ),
            (
                "content/u/intermediate.md",
                "---\ntitle: U more\n---\n\nText.\n",
            ),
            ("content/t/diagram.png", "png"),
            ("content/t/my diagram.png", "png"),
            ("content/t/it's&that.png", "png"),
            ("content/t/img/a.png", "png"),
            ("content/t/a.webp", "webp"),
            ("content/t/a@2x.webp", "webp"),
            ("content/t/clip.mp4", "mp4"),
        ],
    );
}

/// The built fundamentals page of [`site`].
fn page() -> Html {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let (_out, public) = build_site(tmp.path(), &[]);
    Html::parse_document(&read(&public.join("t/fundamentals/index.html")))
}

/// The values of `attr` of the elements `css` selects in the page's prose.
fn values(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(&format!(".prose {css}")).unwrap();
    doc.select(&selector)
        .filter_map(|el| el.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn files_next_to_the_page_are_found_from_raw_html() {
    let doc = page();
    assert_eq!(
        values(&doc, "img[alt]", "src"),
        [
            "/guide/t/diagram.png",
            "/guide/t/img/a.png",
            "/guide/t/diagram.png",
            "/guide/t/it's&that.png",
            "/guide/t/diagram.png",
            "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        ]
    );
    // Every candidate of a `srcset`, over lines too; a `%20` names a file with a space.
    assert_eq!(
        values(&doc, "img[srcset]", "srcset"),
        ["/guide/t/my%20diagram.png 1x,\n            /guide/t/img/a.png 2x"]
    );
    assert_eq!(
        values(&doc, "source", "srcset"),
        ["/guide/t/a.webp 1x, /guide/t/a@2x.webp 2x"]
    );
    assert_eq!(values(&doc, "video", "src"), ["/guide/t/clip.mp4"]);
    assert_eq!(
        values(&doc, "video", "poster"),
        ["/guide/t/diagram.png?v=1&w=2"]
    );
    assert_eq!(values(&doc, "object", "data"), ["/guide/t/diagram.png"]);
}

#[test]
fn pages_and_topics_are_linked_from_raw_html() {
    let doc = page();
    assert_eq!(
        values(&doc, "figcaption a", "href"),
        [
            "/guide/t/intermediate/#deep",
            "/guide/u/intermediate/",
            "/guide/u/"
        ]
    );
    assert_eq!(
        values(&doc, "p > a", "href")[0],
        "/guide/t/intermediate/?x=1&y=2#deep"
    );
}

#[test]
fn absolute_urls_fragments_and_code_are_left_as_written() {
    let doc = page();
    let hrefs = values(&doc, "a:not(.anchor)", "href");
    assert_eq!(
        hrefs[hrefs.len() - 6..],
        [
            "/guide/t/intermediate/",
            "#setup",
            "/guide/t/",
            "https://e.org/a.png",
            "//cdn.example.org/a.png",
            "mailto:a@e.org"
        ]
    );
    let code: Vec<String> = doc
        .select(&Selector::parse(".prose code").unwrap())
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(
        code,
        ["<img src=\"code.png\">", "<img src=\"indented.png\">\n"]
    );
}

#[test]
fn the_written_html_escapes_what_it_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let (_out, public) = build_site(tmp.path(), &[]);
    let html = read(&public.join("t/fundamentals/index.html"));
    // An unquoted value gets quotes; `'` and `&` are written as references.
    assert!(
        html.contains(
            "<video src=\"/guide/t/clip.mp4\" poster=\"/guide/t/diagram.png?v=1&amp;w=2\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/guide/t/it&#x27;s&amp;that.png\" alt=\"Quote\">"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/guide/t/intermediate/#deep\">more</a>"),
        "{html}"
    );
}

#[test]
fn the_link_check_finds_every_resolved_url() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    // Without the code, which the link check would read as links (it scans the built
    // page for ` src="`, and code keeps its quotes as they are), and without the file
    // with `'` in its name (the check reads `&amp;` in a URL, not `&#x27;`).
    let page = PAGE
        .replace(", `<img src=\"code.png\">`", "")
        .replace("    <img src=\"indented.png\">\n", "")
        .replace(" <img src=\"it's&amp;that.png\" alt=\"Quote\">", "")
        // Root-relative URLs are the author's; the check follows them.
        + "\n<picture><source srcset=\"/guide/t/a.webp 1x,/guide/t/a@2x.webp 2x\">\
           <img src=\"/guide/t/diagram.png\" srcset=\"/guide/t/img/a.png 2x\" alt=\"Root\"></picture>\n\
           <video poster=\"/guide/t/diagram.png\"></video> <object data=\"/guide/t/diagram.png\"></object>\n";
    write_files(tmp.path(), &[("content/t/fundamentals.md", &page)]);
    let out = strata(tmp.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
