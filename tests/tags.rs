//! Tags on `tests/fixtures/tags/basic`: the tags page, each tag's page, the tags a
//! topic's pages show, the navigation link and the sitemap; a site in another
//! language; a tag in a non-Latin script; a site without tags; a theme that has no
//! tag templates.

mod common;

use std::path::Path;

use common::{attrs, build_site, copy_dir, fixtures, page, read, strata, texts, write_files};

fn site() -> std::path::PathBuf {
    fixtures().join("tags/basic")
}

/// `strata check` (which follows every link of the built pages) passes on `root`.
fn checks_clean(root: &Path) {
    let check = strata(root, &["check", "--root", root.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn the_tags_page_lists_every_tag_alphabetically_with_its_count() {
    let (_tmp, out) = build_site(&site(), &[]);
    let tags = page(&out, "tags/index.html");
    assert_eq!(
        texts(&tags, ".tag-index .tag"),
        [
            "Exercise",
            "Muscle glucose uptake after a meal",
            "Sleep",
            "Type 2 diabetes"
        ]
    );
    assert_eq!(
        texts(&tags, ".tag-index .tag-count"),
        ["1 topic", "1 topic", "1 topic", "2 topics"]
    );
    assert_eq!(
        attrs(&tags, ".tag-index a", "href"),
        [
            "/health/tags/exercise/",
            "/health/tags/muscle-glucose-uptake-after-a-meal/",
            "/health/tags/sleep/",
            "/health/tags/type-2-diabetes/"
        ]
    );
    assert_eq!(texts(&tags, "h1"), ["Tags"]);
    assert_eq!(texts(&tags, "title"), ["Tags · Metabolic health"]);
    assert_eq!(
        texts(&tags, ".tag-description"),
        [
            "How the length and timing of sleep change the way the body handles glucose.",
            "The common form of diabetes, in which cells answer insulin less & less."
        ]
    );
    assert!(
        !out.join("tags.yaml").exists(),
        "content/tags.yaml is read, not copied"
    );
    assert_eq!(
        attrs(&tags, ".site-nav a[aria-current=page]", "href"),
        ["/health/tags/"]
    );
}

#[test]
fn a_tag_page_lists_its_topics_in_reading_order_with_their_depths() {
    let (_tmp, out) = build_site(&site(), &[]);
    let tag = page(&out, "tags/type-2-diabetes/index.html");
    assert_eq!(texts(&tag, "h1"), ["Type 2 diabetes"]);
    assert_eq!(texts(&tag, ".page-header .page-meta"), ["2 topics"]);
    // The description of content/tags.yaml, as the page's text and its meta
    // description, escaped.
    let description = "The common form of diabetes, in which cells answer insulin less & less.";
    assert_eq!(texts(&tag, ".page-header .summary"), [description]);
    assert_eq!(
        attrs(&tag, "meta[name=description]", "content"),
        [description]
    );
    assert!(read(&out.join("tags/type-2-diabetes/index.html")).contains("less &amp; less."));
    assert_eq!(
        texts(&tag, ".tagged-topics h2"),
        ["Sleep and insulin", "Exercise"]
    );
    assert_eq!(
        attrs(&tag, ".tagged-topics .tier-links a", "href"),
        [
            "/health/sleep/fundamentals/",
            "/health/sleep/academic/",
            "/health/exercise/fundamentals/"
        ],
        "only the depths a topic is written at"
    );
    // Each topic shows its other tags too, this page's marked as current.
    assert_eq!(
        texts(&tag, ".tagged-topics .tag-list a"),
        [
            "Sleep",
            "Type 2 diabetes",
            "Exercise",
            "Type 2 diabetes",
            "Muscle glucose uptake after a meal"
        ]
    );
    assert_eq!(
        attrs(&tag, ".tag-list a[aria-current=page]", "href"),
        ["/health/tags/type-2-diabetes/"; 2]
    );
    assert_eq!(
        texts(&tag, ".breadcrumbs li"),
        ["Home", "Tags", "Type 2 diabetes"]
    );
    let one = page(&out, "tags/sleep/index.html");
    assert_eq!(texts(&one, ".page-header .page-meta"), ["1 topic"]);
    assert_eq!(texts(&one, ".tagged-topics h2"), ["Sleep and insulin"]);
}

#[test]
fn tier_and_topic_pages_link_their_topics_tags() {
    let (_tmp, out) = build_site(&site(), &[]);
    for rel in ["sleep/fundamentals/index.html", "sleep/index.html"] {
        let html = page(&out, rel);
        assert_eq!(
            attrs(&html, ".page-header .tag-list a", "href"),
            ["/health/tags/sleep/", "/health/tags/type-2-diabetes/"],
            "{rel}"
        );
        assert_eq!(attrs(&html, ".tag-list", "aria-label"), ["Tags"], "{rel}");
    }
    // A topic without tags shows no list, and every page links to the tags page.
    let untagged = page(&out, "fasting/intermediate/index.html");
    assert!(texts(&untagged, ".tag-list").is_empty());
    assert_eq!(
        texts(&untagged, ".site-nav a[href='/health/tags/']"),
        ["Tags"]
    );
}

#[test]
fn the_sitemap_lists_the_tag_pages_and_check_follows_their_links() {
    let (_tmp, out) = build_site(&site(), &[]);
    let sitemap = read(&out.join("sitemap.xml"));
    for loc in [
        "https://example.org/health/tags/",
        "https://example.org/health/tags/exercise/",
        "https://example.org/health/tags/type-2-diabetes/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{loc}</loc>")),
            "{loc} in {sitemap}"
        );
    }
    checks_clean(&site());
}

#[test]
fn a_site_without_tags_has_no_tag_pages_and_no_link_to_them() {
    let (_tmp, out) = build_site(&fixtures().join("core/full"), &[]);
    assert!(!out.join("tags").exists());
    let home = read(&out.join("index.html"));
    assert!(!home.contains("/tags/"), "{home}");
    assert!(!read(&out.join("sitemap.xml")).contains("/tags/"));
}

#[test]
fn tags_follow_the_sites_language_and_any_script() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&site(), &root);
    write_files(
        &root,
        &[
            (
                "site.yaml",
                "title: Stoffwechsel\nbase_url: https://example.org/\nlanguage: de\n",
            ),
            (
                "content/fasting/_topic.yaml",
                "title: Fasten\nweight: 3\ntags: [Ύπνος, Sleep]\n",
            ),
        ],
    );
    let (_out_tmp, out) = build_site(&root, &[]);
    let tags = page(&out, "tags/index.html");
    assert_eq!(texts(&tags, "h1"), ["Schlagwörter"]);
    assert_eq!(
        texts(&tags, ".tag-count"),
        ["1 Thema", "1 Thema", "2 Themen", "2 Themen", "1 Thema"]
    );
    assert_eq!(
        texts(&tags, ".tag-index a"),
        [
            "Exercise",
            "Muscle glucose uptake after a meal",
            "Sleep",
            "Type 2 diabetes",
            "Ύπνος"
        ]
    );
    // The page of a Greek tag is in a folder of that name, linked as written and
    // percent-encoded in the sitemap, which takes URLs only.
    let greek = page(&out, "tags/ύπνος/index.html");
    assert_eq!(texts(&greek, "h1"), ["Ύπνος"]);
    assert_eq!(texts(&greek, ".tier-badge"), ["Schlagwort"]);
    assert!(
        read(&out.join("sitemap.xml"))
            .contains("<loc>https://example.org/tags/%CF%8D%CF%80%CE%BD%CE%BF%CF%82/</loc>")
    );
    checks_clean(&root);
}

#[test]
fn a_theme_without_tag_templates_is_an_error_only_for_a_site_with_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&site(), &root);
    let theme = root.join("themes/plain");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::remove_file(theme.join("templates/tags.html")).unwrap();
    std::fs::remove_file(theme.join("templates/tag.html")).unwrap();
    write_files(
        &root,
        &[("site.yaml", "title: Metabolic health\ntheme: plain\n")],
    );
    let out = tmp.path().join("out");
    let args = ["build", "--root", root.to_str().unwrap(), "--output"];
    let failed = strata(&root, &[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    for name in ["tags.html", "tag.html"] {
        assert!(
            stderr.contains(&format!(
                "error: the theme in `themes/plain/` has no template `{name}`"
            )),
            "{stderr}"
        );
    }
    // Without tags, the same theme builds.
    for topic in ["sleep", "exercise"] {
        let file = root.join(format!("content/{topic}/_topic.yaml"));
        let text = read(&file);
        let kept: String = text
            .lines()
            .take_while(|l| !l.starts_with("tags:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&file, kept).unwrap();
    }
    let built = strata(&root, &[&args[..], &[out.to_str().unwrap()]].concat());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
}

#[test]
fn the_search_box_finds_a_topic_by_its_tags() {
    let (_tmp, out) = build_site(&site(), &[]);
    let bucket: serde_json::Value =
        serde_json::from_str(&read(&out.join("search/t/di.json"))).unwrap();
    // "Type 2 diabetes" is indexed as its English stem.
    let top = bucket["diabete"][1]
        .as_array()
        .expect("diabetes is indexed");
    let found: Vec<(&str, &str)> = top
        .iter()
        .map(|r| (r[1].as_str().unwrap(), r[4].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("Sleep and insulin", "topic"), ("Exercise", "topic")]
    );
}

#[test]
fn a_tag_with_dated_pages_has_its_own_feed_advertised_on_its_page() {
    let (_tmp, out) = build_site(&site(), &[]);
    let feed = read(&out.join("tags/type-2-diabetes/atom.xml"));
    let entries: Vec<&str> = feed
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<id>"))
        .collect();
    assert_eq!(
        entries,
        [
            "https://example.org/health/tags/type-2-diabetes/</id>",
            "https://example.org/health/sleep/academic/</id>",
            "https://example.org/health/sleep/fundamentals/</id>",
        ],
        "the tag's page, then its topics' dated pages, newest first: {feed}"
    );
    assert!(feed.contains("<title>Type 2 diabetes · Metabolic health</title>"));
    assert!(feed.contains(
        "<link rel=\"self\" href=\"https://example.org/health/tags/type-2-diabetes/atom.xml\"/>"
    ));
    let tag = page(&out, "tags/type-2-diabetes/index.html");
    assert_eq!(
        attrs(&tag, "link[type='application/atom+xml']", "href"),
        ["/health/atom.xml", "/health/tags/type-2-diabetes/atom.xml"]
    );
    // No page of Exercise's one topic is dated: no feed, and no link to one.
    assert!(!out.join("tags/exercise/atom.xml").exists());
    let exercise = page(&out, "tags/exercise/index.html");
    assert_eq!(
        attrs(&exercise, "link[type='application/atom+xml']", "href"),
        ["/health/atom.xml"]
    );
}

/// A site that replaced `base.html` before tags existed keeps building once its topics
/// have tags: the tag templates use no block or value its layout lacks.
#[test]
fn a_site_with_its_own_older_base_template_builds_its_tag_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&site(), &root);
    write_files(
        &root,
        &[(
            "templates/base.html",
            "<!doctype html>\n<html lang=\"{{ site.language }}\"><head><meta charset=\"utf-8\">\
             <title>{% block title %}{{ site.title }}{% endblock title %}</title>\
             <meta name=\"description\" content=\"{% block description %}{% endblock description %}\">\
             <meta property=\"og:title\" content=\"{% block og_title %}{% endblock og_title %}\">\
             <meta property=\"og:type\" content=\"{% block og_type %}{% endblock og_type %}\"></head>\n\
             <body class=\"{% block body_class %}page{% endblock body_class %}\">\
             <main id=\"main\">{% block main %}{% endblock main %}</main></body></html>\n",
        )],
    );
    let (_out_tmp, out) = build_site(&root, &[]);
    let tag = page(&out, "tags/sleep/index.html");
    assert_eq!(texts(&tag, "title"), ["Sleep · Metabolic health"]);
    assert_eq!(texts(&tag, "main h1"), ["Sleep"]);
}

/// `tags:` with nothing after it (a placeholder left in the file) is no tags.
#[test]
fn an_empty_tags_key_is_no_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&site(), &root);
    write_files(
        &root,
        &[(
            "content/fasting/_topic.yaml",
            "title: Fasting\nweight: 3\ntags:\n",
        )],
    );
    let (_out_tmp, out) = build_site(&root, &[]);
    assert!(texts(&page(&out, "fasting/index.html"), ".tag-list").is_empty());
}
