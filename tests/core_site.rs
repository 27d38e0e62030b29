//! The core generator on `tests/fixtures/core/full`: what a reader gets in each page.

mod common;

use std::path::Path;

use common::{build_site, copy_dir, fixtures, page, read, snapshot_tree, strata, write_files};
use scraper::{Html, Selector};

fn site() -> std::path::PathBuf {
    fixtures().join("core/full")
}

/// The fixture built once with default options, shared by the read-only tests.
fn built() -> &'static Path {
    static OUT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("core-full-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let root = site();
        let args = [
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        let result = strata(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        out
    })
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(el: &scraper::ElementRef<'_>) -> String {
    el.text().collect::<String>()
}

#[test]
fn every_page_kind_is_written_under_pretty_urls() {
    let out = built();
    for rel in [
        "index.html",
        "alpha/index.html",
        "alpha/fundamentals/index.html",
        "alpha/intermediate/index.html",
        "alpha/academic/index.html",
        "beta/fundamentals/index.html",
        "fundamentals/index.html",
        "academic/index.html",
        "glossary/index.html",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        ".nojekyll",
        "alpha/figure.svg",
        "img/note.txt",
    ] {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    assert!(
        !out.join("secret").exists(),
        "drafts are left out by default"
    );
    assert!(
        !out.join("beta/academic").exists(),
        "absent tiers write no page"
    );
}

#[test]
fn tier_switcher_links_every_tier_and_marks_absent_ones() {
    let out = built();
    let doc = page(out, "alpha/fundamentals/index.html");
    let options = select(&doc, "nav.tier-switcher .tier-option");
    let summary: Vec<(String, Option<&str>, Option<&str>)> = options
        .iter()
        .map(|o| {
            (
                text(o),
                o.value().attr("href"),
                o.value().attr("aria-current"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Fundamentals".to_string(),
                Some("/guide/alpha/fundamentals/"),
                Some("page")
            ),
            (
                "Intermediate".to_string(),
                Some("/guide/alpha/intermediate/"),
                None
            ),
            ("Academic".to_string(), Some("/guide/alpha/academic/"), None),
        ]
    );
    assert_eq!(
        options[2].value().attr("data-sections"),
        Some("start mechanism")
    );

    let beta = page(out, "beta/fundamentals/index.html");
    let absent: Vec<String> = select(&beta, "nav.tier-switcher span.tier-option.absent")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        absent,
        [
            "Intermediate (not written yet)",
            "Academic (not written yet)"
        ]
    );
    assert!(
        select(&beta, ".tier-pager:not(.path-pager) a").is_empty(),
        "no other depth to page to"
    );
}

#[test]
fn tier_pages_page_to_their_neighbouring_depths() {
    let out = built();
    let doc = page(out, "alpha/intermediate/index.html");
    let prev = select(&doc, ".tier-pager a[rel=prev]");
    let next = select(&doc, ".tier-pager a[rel=next]");
    assert_eq!(
        prev[0].value().attr("href"),
        Some("/guide/alpha/fundamentals/")
    );
    assert_eq!(next[0].value().attr("href"), Some("/guide/alpha/academic/"));
}

#[test]
fn tier_pages_page_along_their_tiers_reading_path() {
    let out = built();
    let links = |doc: &Html| -> Vec<(String, String)> {
        select(doc, "nav.path-pager a")
            .iter()
            .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
            .collect()
    };
    let alpha = page(out, "alpha/fundamentals/index.html");
    let nav = select(&alpha, "nav.path-pager");
    assert_eq!(
        nav[0].value().attr("aria-label"),
        Some("Reading path: Fundamentals")
    );
    let beta_title = text(&select(&page(out, "beta/fundamentals/index.html"), "h1")[0]);
    assert_eq!(
        links(&alpha),
        [(
            format!("Next topic: {beta_title}"),
            "/guide/beta/fundamentals/".to_string()
        )]
    );
    let alpha_title = text(&select(&alpha, "h1")[0]);
    assert_eq!(
        links(&page(out, "beta/fundamentals/index.html")),
        [(
            format!("Previous topic: {alpha_title}"),
            "/guide/alpha/fundamentals/".to_string()
        )]
    );
    // Alone on its path: no reading-path links at all.
    assert!(select(&page(out, "alpha/academic/index.html"), "nav.path-pager").is_empty());
}

#[test]
fn the_reading_path_skips_topics_not_written_at_that_depth() {
    let tmp = tempfile::tempdir().unwrap();
    let page_of = |title: &str| format!("---\ntitle: {title}\n---\n\nText.\n");
    write_files(
        tmp.path(),
        &[
            ("site.yaml", "title: Path\n"),
            ("content/a/_topic.yaml", "title: A\nweight: 1\n"),
            ("content/a/academic.md", &page_of("A deep")),
            ("content/b/_topic.yaml", "title: B\nweight: 2\n"),
            ("content/b/fundamentals.md", &page_of("B simple")),
            ("content/c/_topic.yaml", "title: C\nweight: 3\n"),
            ("content/c/academic.md", &page_of("C deep")),
        ],
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let hrefs = |rel: &str| -> Vec<String> {
        select(&page(&out, rel), "nav.path-pager a")
            .iter()
            .map(|a| a.value().attr("href").unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(hrefs("a/academic/index.html"), ["/c/academic/"]);
    assert_eq!(hrefs("c/academic/index.html"), ["/a/academic/"]);
    assert_eq!(hrefs("b/fundamentals/index.html"), Vec::<String>::new());
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let out = built();
    let doc = page(out, "alpha/fundamentals/index.html");
    let ids: Vec<&str> = select(&doc, ".prose h2")
        .iter()
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["start", "notes", "notes-1"]);
    let anchors: Vec<&str> = select(&doc, ".prose h2 a.anchor")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(anchors, ["#start", "#notes", "#notes-1"]);
}

#[test]
fn data_table_is_accessible_markup_with_every_row() {
    let out = built();
    let doc = page(out, "alpha/intermediate/index.html");
    let caption = select(&doc, "figure.data-table table caption");
    assert_eq!(
        text(&caption[0]),
        "Results by group Made-up numbers for the fixture."
    );
    let cols: Vec<String> = select(&doc, "figure.data-table thead th[scope=col]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cols, ["Group", "Change in insulin"]);
    let row_heads: Vec<String> = select(&doc, "figure.data-table tbody th[scope=row]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(row_heads, ["Control", "Exercise", "Diet"]);
    let cells = select(&doc, "figure.data-table tbody td");
    assert!(
        cells[1].inner_html().starts_with("<strong>lower</strong> "),
        "cells are inline Markdown"
    );
    assert_eq!(
        select(&doc, "figure.data-table tbody td a.term").len(),
        1,
        "terms in cells are linked"
    );
    assert_eq!(text(&cells[2]), "12");
    assert_eq!(
        cells[0].value().attr("data-label"),
        Some("Change in insulin")
    );
    let region = select(
        &doc,
        "figure.data-table .table-scroll[role=region][tabindex='0']",
    );
    assert_eq!(
        region.len(),
        1,
        "the scrolling wrapper is keyboard reachable"
    );
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let out = built();
    let doc = page(out, "alpha/intermediate/index.html");
    let rust = select(&doc, "pre.code.highlight[data-lang=rust] code span");
    assert!(
        rust.iter()
            .any(|s| s.value().attr("class").is_some_and(|c| c.contains("hl-"))),
        "syntect classes"
    );
    let plain = select(&doc, "pre.code code.language-klingon");
    assert_eq!(text(&plain[0]), "Qapla'\n");
    let sheets: Vec<&str> = select(&doc, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    let highlight = sheets
        .iter()
        .find(|h| h.starts_with("/guide/assets/highlight."))
        .expect("highlight stylesheet linked");
    let css = read(&out.join(highlight.trim_start_matches("/guide/")));
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
    let fundamentals = page(out, "alpha/fundamentals/index.html");
    let sheets: Vec<&str> = select(&fundamentals, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert!(
        !sheets.iter().any(|h| h.contains("highlight")),
        "pages without code skip the stylesheet"
    );
}

#[test]
fn stylesheets_and_scripts_are_fingerprinted_with_integrity() {
    use base64::Engine;
    use sha2::Digest;
    let out = built();
    let doc = page(out, "index.html");
    let tags = select(&doc, "link[rel=stylesheet], script[src]");
    assert_eq!(tags.len(), 2);
    for tag in tags {
        let url = tag
            .value()
            .attr("href")
            .or(tag.value().attr("src"))
            .unwrap();
        assert!(url.starts_with("/guide/assets/strata."), "{url}");
        let bytes = std::fs::read(out.join(url.trim_start_matches("/guide/"))).unwrap();
        let expected = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&bytes))
        );
        assert_eq!(
            tag.value().attr("integrity"),
            Some(expected.as_str()),
            "{url}"
        );
    }
}

#[test]
fn atom_feed_lists_tier_pages_newest_first() {
    let feed = read(&built().join("atom.xml"));
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .map(|t| t.split("</title>").next().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Alpha mechanisms (Academic)",
            "Alpha in practice (Intermediate)",
            "Alpha basics (Fundamentals)"
        ]
    );
    assert!(feed.contains("<updated>2026-01-04T00:00:00Z</updated>"));
    assert!(
        feed.contains(
            "<link rel=\"alternate\" href=\"https://example.org/guide/alpha/academic/\"/>"
        )
    );
}

#[test]
fn unknown_code_language_is_a_warning_not_an_error() {
    let out = strata(&site(), &["check"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: unknown code language `klingon`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/alpha/intermediate.md:29:1"),
        "{stderr}"
    );
}

#[test]
fn gfm_extensions_render() {
    let out = built();
    let doc = page(out, "alpha/intermediate/index.html");
    assert_eq!(select(&doc, ".prose dl dt").len(), 1, "definition list");
    assert_eq!(
        select(&doc, ".prose input[type=checkbox]").len(),
        2,
        "task list"
    );
    assert_eq!(select(&doc, ".prose del").len(), 1, "strikethrough");
    assert_eq!(
        select(&doc, ".prose section.footnotes[role=doc-endnotes] li#fn-1").len(),
        1,
        "footnote listed at the end"
    );
    assert_eq!(
        select(&doc, ".prose sup.footnote-ref a[href='#fn-1']#fnref-1").len(),
        1,
        "footnote reference"
    );
    assert_eq!(
        select(&doc, "#fn-1 a.footnote-back[href='#fnref-1']").len(),
        1,
        "link back to the reference"
    );
    let fundamentals = page(out, "alpha/fundamentals/index.html");
    let alert = select(&fundamentals, ".prose div.alert.alert-tip[role=note]");
    assert_eq!(
        text(&select(&fundamentals, ".alert-tip .alert-title")[0]),
        "Key takeaway"
    );
    assert!(text(&alert[0]).contains("Small steps add up."));
    let prose = text(&select(&fundamentals, ".prose")[0]);
    assert!(prose.contains("Insulin helps cells use sugar."), "{prose}");
}

#[test]
fn cross_links_and_assets_resolve_under_the_base_path() {
    let out = built();
    let doc = page(out, "alpha/fundamentals/index.html");
    let hrefs: Vec<&str> = select(&doc, ".prose a:not(.anchor):not(.term):not(.cite-link)")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/guide/alpha/academic/#mechanism"),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"/guide/alpha/intermediate/"), "{hrefs:?}");
    let img = select(&doc, ".prose img");
    assert_eq!(img[0].value().attr("src"), Some("/guide/alpha/figure.svg"));
    let about = page(out, "about/index.html");
    assert_eq!(
        select(&about, ".page-header time[datetime='2026-01-05']").len(),
        1,
        "a plain page shows its updated date"
    );
    assert!(
        select(&about, ".prose a")
            .iter()
            .any(|a| a.value().attr("href") == Some("/guide/alpha/fundamentals/#start"))
    );
    let academic = page(out, "alpha/academic/index.html");
    let backlinks: Vec<String> = select(&academic, ".referenced-by a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(backlinks, ["Alpha basics (Fundamentals)"]);
}

#[test]
fn reading_level_is_lower_for_fundamentals_than_academic() {
    let out = built();
    let grade = |rel: &str| -> f64 {
        let doc = page(out, rel);
        let meta = text(&select(&doc, ".page-meta")[0]);
        let figure = meta
            .split("grade ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        figure.parse().unwrap()
    };
    let (easy, hard) = (
        grade("alpha/fundamentals/index.html"),
        grade("alpha/academic/index.html"),
    );
    assert!(easy + 5.0 < hard, "fundamentals {easy} vs academic {hard}");
}

#[test]
fn home_lists_topics_by_tier_and_tier_indexes_list_their_pages() {
    let out = built();
    let home = page(out, "index.html");
    let rows: Vec<String> = select(&home, ".topic-matrix tbody th[scope=row] a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(rows, ["Alpha topic", "Beta topic"]);
    assert_eq!(select(&home, ".topic-matrix td .absent").len(), 2);
    let academic = page(out, "academic/index.html");
    let entries: Vec<&str> = select(&academic, ".reading-path h2 a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(entries, ["/guide/alpha/academic/"]);
}

#[test]
fn drafts_are_built_only_on_request() {
    let (_tmp, out) = build_site(&site(), &["--drafts"]);
    assert!(read(&out.join("secret/index.html")).contains("Not published yet."));
}

#[test]
fn sitemap_and_robots_use_absolute_urls() {
    let out = built();
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains(
            "<loc>https://example.org/guide/alpha/fundamentals/</loc><lastmod>2026-01-02</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("secret"));
    // Crawlers read robots.txt only at a host's root, not under /guide/.
    assert!(!out.join("robots.txt").exists());
    let (_tmp, at_root) = build_site(&site(), &["--base-url", "https://example.org/"]);
    assert_eq!(
        read(&at_root.join("robots.txt")),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn static_files_named_like_generated_ones_replace_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&site(), &root);
    write_files(
        &root,
        &[
            ("static/404.html", "<p>My own not-found page</p>"),
            ("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n"),
            ("static/sitemap.xml", "<urlset>mine</urlset>"),
            ("static/atom.xml", "<feed>mine</feed>"),
        ],
    );
    let (_out_tmp, out) = build_site(&root, &["--base-url", "https://example.org/"]);
    assert_eq!(read(&out.join("404.html")), "<p>My own not-found page</p>");
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    assert_eq!(read(&out.join("sitemap.xml")), "<urlset>mine</urlset>");
    assert_eq!(read(&out.join("atom.xml")), "<feed>mine</feed>");
}

#[test]
fn a_base_url_without_a_host_gets_no_sitemap_and_no_feed() {
    let (_tmp, out) = build_site(&site(), &["--base-url", "/"]);
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("atom.xml").exists());
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\nAllow: /\n");
    let home = read(&out.join("index.html"));
    assert!(!home.contains("application/atom+xml"), "no link to a feed");
    let with_host = read(&built().join("index.html"));
    assert!(
        with_host.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Guide\" href=\"/guide/atom.xml\">"
        ),
        "{with_host}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = build_site(&site(), &[]);
    let (_b, second) = build_site(&site(), &[]);
    assert!(
        snapshot_tree(&first) == snapshot_tree(&second),
        "output differs between builds"
    );
}

#[test]
fn base_url_flag_overrides_the_config() {
    let (_tmp, out) = build_site(&site(), &["--base-url", "/other/"]);
    let doc = page(&out, "alpha/fundamentals/index.html");
    assert_eq!(
        select(&doc, "a.site-title")[0].value().attr("href"),
        Some("/other/")
    );
}

#[test]
fn intermediate_page_snapshot() {
    let out = built();
    let html = read(&out.join("alpha/intermediate/index.html"));
    let main = html
        .split("<main")
        .nth(1)
        .unwrap()
        .split("</main>")
        .next()
        .unwrap();
    insta::assert_snapshot!("alpha_intermediate_main", main);
}

#[test]
fn home_page_snapshot() {
    let out = built();
    let html = read(&out.join("index.html"));
    let main = html
        .split("<main")
        .nth(1)
        .unwrap()
        .split("</main>")
        .next()
        .unwrap();
    insta::assert_snapshot!("home_main", main);
}

#[test]
fn element_ids_are_unique_on_every_page_and_tooltips_exist() {
    let out = built();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&read(entry.path()));
        let mut ids: Vec<&str> = select(&doc, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(
            ids.len(),
            total,
            "duplicate ids in {}",
            entry.path().display()
        );
        for trigger in select(&doc, "[aria-describedby]") {
            let target = trigger.value().attr("aria-describedby").unwrap();
            let tip = select(&doc, &format!("#{target}"));
            assert_eq!(tip.len(), 1, "{target} in {}", entry.path().display());
            assert_eq!(tip[0].value().attr("role"), Some("tooltip"));
            assert!(trigger.value().attr("title").is_none());
        }
    }
}

#[test]
fn glossary_page_lists_definitions_by_tier_and_uses_with_section_anchors() {
    let out = built();
    let doc = page(out, "glossary/index.html");
    let terms: Vec<String> = select(&doc, ".glossary-entry dt")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        terms,
        ["body", "GLUT4", "Insulin", "Insulin resistance"],
        "alphabetical"
    );
    let insulin = select(&doc, "#insulin")[0];
    let inner = Html::parse_fragment(&insulin.html());
    let tier_defs: Vec<String> = select(&inner, ".tier-definition")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        tier_defs,
        ["Academic: A 51-amino-acid peptide hormone secreted by pancreatic beta cells."]
    );
    let uses: Vec<(String, &str)> = select(&inner, ".used-in li")
        .iter()
        .map(|li| (text(li), ""))
        .collect();
    assert!(
        uses.iter()
            .any(|(t, _)| t.starts_with("Fundamentals: Alpha basics")),
        "{uses:?}"
    );
    let hrefs: Vec<&str> = select(&inner, ".used-in a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/guide/alpha/fundamentals/#start"),
        "{hrefs:?}"
    );
    let see: Vec<&str> = select(&inner, ".see-also a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(see, ["#insulin-resistance"]);
}

#[test]
fn citations_are_numbered_in_order_and_listed_with_topic_references() {
    let out = built();
    let doc = page(out, "alpha/intermediate/index.html");
    let numbers: Vec<String> = select(&doc, ".prose .cite-link").iter().map(text).collect();
    assert_eq!(numbers, ["1", "2"]);
    let refs: Vec<&str> = select(&doc, "#references li")
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(refs, ["ref-smith-2020", "ref-lee-2022"]);
    let fundamentals = page(out, "alpha/fundamentals/index.html");
    let refs: Vec<&str> = select(&fundamentals, "#references li")
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(
        refs,
        ["ref-smith-2020", "ref-lee-2022"],
        "cited first, then the topic's list"
    );
    let tip = select(&fundamentals, ".cite .tooltip")[0].inner_html();
    assert_eq!(
        tip,
        "J. Smith. <cite>Insulin and you</cite>. Health Press, 2020."
    );
}

#[test]
fn search_index_is_split_into_token_buckets_and_record_files() {
    let out = built();
    let meta: serde_json::Value =
        serde_json::from_str(&read(&out.join("search/meta.json"))).unwrap();
    assert_eq!(
        meta["tiers"],
        serde_json::json!(["Fundamentals", "Intermediate", "Academic"])
    );
    let slots = meta["slots"].as_u64().unwrap();
    let buckets: Vec<&str> = meta["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(buckets.contains(&"in"));
    // A token's postings: (id, score, tier); its record is in e/<id / slots>.json.
    let postings = |bucket: &str, token: &str| {
        let tokens: serde_json::Value =
            serde_json::from_str(&read(&out.join(format!("search/t/{bucket}.json")))).unwrap();
        strata::render::search::decode_postings(tokens[token][0].as_str().unwrap())
    };
    let record = |id: u32| {
        let id = u64::from(id);
        let file: serde_json::Value =
            serde_json::from_str(&read(&out.join(format!("search/e/{}.json", id / slots))))
                .unwrap();
        file[(id % slots) as usize].clone()
    };
    let hits = postings("in", "insulin");
    let (id, _, tier) = hits[0];
    assert_eq!(tier, -1);
    let row = record(id);
    assert_eq!(
        (
            row[0].as_str(),
            row[1].as_str(),
            row[2].as_i64(),
            row[3].as_str()
        ),
        (
            Some("Insulin"),
            Some("/guide/glossary/#insulin"),
            Some(-1),
            Some("term")
        ),
        "a term's own name ranks first"
    );
    let mut tiers: Vec<i64> = postings("al", "alpha")
        .into_iter()
        .map(|(id, _, tier)| (record(id), tier))
        .filter(|(row, _)| row[3] == "page")
        .map(|(row, tier)| {
            assert_eq!(row[2], tier, "the posting's tier is the record's");
            i64::from(tier)
        })
        .collect();
    tiers.sort();
    assert_eq!(tiers, [0, 1, 2], "the pages titled Alpha at each tier");
    // "Alpha mechanisms", a title, before "The mechanism", a heading: on an English
    // site a plural is its singular.
    let hits = postings("me", "mechanism");
    let urls: Vec<serde_json::Value> = hits.iter().map(|&(id, ..)| record(id)[1].clone()).collect();
    assert_eq!(
        urls[..2],
        ["/guide/alpha/academic/", "/guide/alpha/academic/#mechanism"]
    );
    assert_eq!(hits[1].2, 2, "the Academic tier");
    // The records a bucket carries for its tokens' best entries (made again when the
    // bucket is written) are those of the record files, entry for entry.
    let mut kinds = std::collections::BTreeSet::new();
    for bucket in &buckets {
        let tokens: serde_json::Value =
            serde_json::from_str(&read(&out.join(format!("search/t/{bucket}.json")))).unwrap();
        for (token, value) in tokens.as_object().unwrap() {
            let best: Vec<u32> = value[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|top| {
                    let id = top[0].as_u64().unwrap() as u32;
                    let shown = &top.as_array().unwrap()[1..];
                    assert_eq!(shown, record(id).as_array().unwrap(), "{token}: {id}");
                    kinds.insert(shown[3].as_str().unwrap().to_string());
                    id
                })
                .collect();
            let ranked = strata::render::search::decode_postings(value[0].as_str().unwrap());
            assert_eq!(best.len(), ranked.len().min(20), "{token}");
        }
    }
    assert_eq!(
        kinds,
        ["page", "section", "term", "topic"]
            .map(String::from)
            .into()
    );
}
