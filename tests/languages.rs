//! Sites in several languages, on `tests/fixtures/languages/basic` (English, the
//! default, and French): where each language's pages go, the language switcher and
//! `hreflang` links, each language's own words, glossary, tables, search and feed,
//! the files written once for all, `strata check` across languages, `strata new
//! --language`, and a site in one language left as it was.

mod common;

use std::path::Path;

use common::{attrs, build_site, copy_dir, fixtures, page, read, strata, texts, write_files};

fn site() -> std::path::PathBuf {
    fixtures().join("languages/basic")
}

#[test]
fn each_language_is_published_under_its_code_in_its_own_words() {
    let (_tmp, out) = build_site(&site(), &[]);
    let fr = page(&out, "fr/sleep/fundamentals/index.html");
    assert_eq!(attrs(&fr, "html", "lang"), ["fr"]);
    assert_eq!(
        texts(&fr, "title"),
        ["Sommeil et glycémie · Fondamentaux · Santé métabolique"]
    );
    assert_eq!(attrs(&fr, ".site-title", "href"), ["/health/fr/"]);
    // The reading paths, the glossary and the search are the language's own.
    let nav = attrs(&fr, ".site-nav:not(.language-nav) a", "href");
    assert_eq!(
        nav,
        [
            "/health/fr/fundamentals/",
            "/health/fr/intermediate/",
            "/health/fr/academic/",
            "/health/fr/glossary/"
        ]
    );
    assert_eq!(
        attrs(&fr, ".site-search", "data-search-root"),
        ["/health/fr/search/"]
    );
    // The English page stays at the root, in English.
    let en = page(&out, "sleep/fundamentals/index.html");
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
    assert_eq!(
        texts(&en, "title"),
        ["Sleep and blood sugar · Fundamentals · Metabolic health"]
    );
    // Only the topics written in French are in the French site.
    assert!(!out.join("fr/fasting").exists());
    let path = page(&out, "fr/fundamentals/index.html");
    assert_eq!(
        texts(&path, "main h2 a, main h3 a").len(),
        1,
        "{:?}",
        texts(&path, "main a")
    );
}

#[test]
fn the_switcher_leads_to_the_same_page_or_to_the_languages_home() {
    let (_tmp, out) = build_site(&site(), &[]);
    let fr = page(&out, "fr/sleep/fundamentals/index.html");
    let switcher = ".language-nav a";
    assert_eq!(texts(&fr, switcher), ["English", "Français"]);
    assert_eq!(
        attrs(&fr, switcher, "href"),
        [
            "/health/sleep/fundamentals/",
            "/health/fr/sleep/fundamentals/"
        ]
    );
    assert_eq!(attrs(&fr, switcher, "lang"), ["en", "fr"]);
    assert_eq!(
        attrs(&fr, &format!("{switcher}[aria-current=page]"), "hreflang"),
        ["fr"]
    );
    assert_eq!(attrs(&fr, ".language-nav", "aria-label"), ["Langue"]);
    // `fasting` has no French version: its switcher offers the French home page, and
    // its head names no French alternate.
    let fasting = page(&out, "fasting/fundamentals/index.html");
    assert_eq!(
        attrs(&fasting, switcher, "href"),
        ["/health/fasting/fundamentals/", "/health/fr/"]
    );
    assert_eq!(
        attrs(&fasting, "link[rel=alternate][hreflang]", "hreflang"),
        ["en", "x-default"]
    );
}

#[test]
fn translated_pages_name_each_other_in_hreflang_links() {
    let (_tmp, out) = build_site(&site(), &[]);
    for rel in [
        "sleep/fundamentals/index.html",
        "fr/sleep/fundamentals/index.html",
    ] {
        let html = page(&out, rel);
        let links: Vec<(String, String)> = attrs(&html, "link[hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(&html, "link[hreflang]", "href"))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "en".into(),
                    "https://example.org/health/sleep/fundamentals/".into()
                ),
                (
                    "x-default".into(),
                    "https://example.org/health/sleep/fundamentals/".into()
                ),
                (
                    "fr".into(),
                    "https://example.org/health/fr/sleep/fundamentals/".into()
                ),
            ],
            "{rel}"
        );
    }
    // The glossaries and the home pages are translations of each other too.
    let glossary = page(&out, "fr/glossary/index.html");
    assert_eq!(
        attrs(&glossary, ".language-nav a", "href"),
        ["/health/glossary/", "/health/fr/glossary/"]
    );
}

#[test]
fn each_language_links_terms_of_its_own_glossary_and_reads_its_own_tables() {
    let (_tmp, out) = build_site(&site(), &[]);
    let fr = page(&out, "fr/sleep/fundamentals/index.html");
    assert_eq!(
        attrs(&fr, "a.term", "href"),
        ["/health/fr/glossary/#insuline"]
    );
    assert_eq!(
        texts(&fr, "a.term + [role=tooltip]"),
        ["Une hormone qui permet aux cellules de prendre le glucose du sang."]
    );
    assert_eq!(texts(&fr, "table th[scope=col]"), ["Âge", "Heures"]);
    // Without a references.yaml of its own, French cites the default language's.
    assert_eq!(texts(&fr, "#ref-walker-2017 cite"), ["Why We Sleep"]);
    let en = page(&out, "sleep/fundamentals/index.html");
    assert_eq!(attrs(&en, "a.term", "href"), ["/health/glossary/#insulin"]);
    assert_eq!(texts(&en, "table th[scope=col]"), ["Age", "Hours"]);
    // The French glossary page lists the French terms.
    let glossary = page(&out, "fr/glossary/index.html");
    assert!(read(&out.join("fr/glossary/index.html")).contains("id=\"insuline\""));
    assert_eq!(attrs(&glossary, "html", "lang"), ["fr"]);
}

#[test]
fn shared_files_are_written_once_and_every_language_names_them() {
    let (_tmp, out) = build_site(&site(), &[]);
    assert!(out.join("img/moon.svg").is_file());
    assert!(
        !out.join("fr/img").exists(),
        "static/ is not copied per language"
    );
    assert!(
        !out.join("fr/assets").exists(),
        "the theme's assets are not copied per language"
    );
    let fr = page(&out, "fr/sleep/fundamentals/index.html");
    assert_eq!(attrs(&fr, "main img", "src"), ["/health/img/moon.svg"]);
    // Measured for every language, though written once.
    assert_eq!(attrs(&fr, "main img", "width"), ["10"]);
    let css = attrs(&fr, "link[rel=stylesheet]", "href");
    assert!(css[0].starts_with("/health/assets/strata."), "{css:?}");
    assert!(out.join(css[0].trim_start_matches("/health/")).is_file());
    // A link from the site's root reaches another language's page.
    assert_eq!(
        attrs(&fr, "main a[href='/health/sleep/academic/']", "href").len(),
        1
    );
}

#[test]
fn each_language_has_its_own_search_index_sitemap_and_feed() {
    let (_tmp, out) = build_site(&site(), &[]);
    let french_index: String = walk(&out.join("fr/search"));
    assert!(french_index.contains("Sommeil et glycémie"));
    assert!(!french_index.contains("Sleep and blood sugar"));
    let english_index: String = walk(&out.join("search"));
    assert!(!english_index.contains("Sommeil"));
    let sitemap = read(&out.join("fr/sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/health/fr/sleep/fundamentals/</loc>"));
    assert!(!sitemap.contains("<loc>https://example.org/health/sleep/"));
    let feed = read(&out.join("fr/atom.xml"));
    assert!(feed.contains("<title>Santé métabolique</title>"), "{feed}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"));
    assert!(feed.contains("https://example.org/health/fr/sleep/fundamentals/"));
    let fr = page(&out, "fr/index.html");
    assert_eq!(
        attrs(&fr, "link[type='application/atom+xml']", "href"),
        ["/health/fr/atom.xml"]
    );
}

/// Every file's text under `dir`, joined.
fn walk(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.push_str(&walk(&path));
        } else {
            all.push_str(&read(&path));
        }
    }
    all
}

#[test]
fn a_table_a_language_replaces_is_not_checked_for_that_language() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    // The shared table cites a reference French has not; French reads its own.
    let table = tmp.path().join("data/sleep-hours.yaml");
    std::fs::write(
        &table,
        read(&table).replace("hours: 7–9", "hours: \"7–9 [@walker-2017]\""),
    )
    .unwrap();
    write_files(
        tmp.path(),
        &[(
            "content/fr/references.yaml",
            "- { id: dupont-2020, author: M. Dupont, title: Le sommeil, date: '2020' }\n",
        )],
    );
    let page = tmp.path().join("content/fr/sleep/fundamentals.md");
    std::fs::write(
        &page,
        read(&page).replace("[@walker-2017]", "[@dupont-2020]"),
    )
    .unwrap();
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let en = self::page(&out, "sleep/fundamentals/index.html");
    assert_eq!(texts(&en, "#ref-walker-2017 cite"), ["Why We Sleep"]);
    // Without its own version, French would cite a key it does not have: an error
    // that says which language reads the table.
    std::fs::remove_file(tmp.path().join("data/fr/sleep-hours.yaml")).unwrap();
    let failed = strata(tmp.path(), &["build", "--output", "out"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("error: unknown citation key `@walker-2017` in a table cell\n --> data/sleep-hours.yaml:6:")
            && stderr.contains("add the entry to content/fr/references.yaml (the `fr` pages read this table too; a `data/fr/sleep-hours.yaml` of theirs would replace it)"),
        "{stderr}"
    );
}

#[test]
fn the_not_found_page_marks_its_language_without_calling_the_home_page_this_page() {
    let (_tmp, out) = build_site(&site(), &[]);
    let missing = page(&out, "fr/404.html");
    assert_eq!(
        attrs(&missing, ".language-nav a[aria-current]", "aria-current"),
        ["true"]
    );
    assert_eq!(
        attrs(&missing, ".language-nav a[aria-current]", "href"),
        ["/health/fr/"]
    );
    assert_eq!(attrs(&missing, "html", "lang"), ["fr"]);
}

#[test]
fn robots_txt_names_every_languages_sitemap() {
    let (_tmp, out) = build_site(&site(), &["--base-url", "https://example.org/"]);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/fr/sitemap.xml\n"
    );
    assert!(!out.join("fr/robots.txt").exists());
    assert!(!out.join("fr/.nojekyll").exists());
}

#[test]
fn check_follows_links_across_languages_and_traces_each_to_its_source() {
    let ok = strata(&site(), &["check"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    let page = tmp.path().join("content/fr/sleep/fundamentals.md");
    let text = read(&page) + "\nUn [lien cassé](/sleep/nowhere/).\n";
    std::fs::write(&page, text).unwrap();
    let check = strata(tmp.path(), &["check"]);
    assert!(!check.status.success());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(" --> content/fr/sleep/fundamentals.md:16:4"),
        "{stderr}"
    );
}

#[test]
fn strata_new_writes_a_topic_in_a_language() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    let made = strata(
        tmp.path(),
        &[
            "new",
            "fasting",
            "--language",
            "fr",
            "--title",
            "Le jeûne",
            "--tier",
            "fundamentals",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let written = read(&tmp.path().join("content/fr/fasting/fundamentals.md"));
    assert!(written.contains("The Fondamentaux page."), "{written}");
    assert!(read(&tmp.path().join("content/fr/fasting/_topic.yaml")).contains("Le jeûne"));
    let wrong = strata(tmp.path(), &["new", "x", "--language", "de"]);
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains(
            "`de` is not a language of this site\n  = help: the site's languages are: en, fr"
        ),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
}

#[test]
fn a_language_without_title_takes_the_sites_and_custom_tiers_their_translations() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        tmp.path(),
        &[
            (
                "site.yaml",
                "title: Health\ntiers:\n  - { id: basics, label: Basics }\n  - { id: depth, label: In depth }\nlanguages:\n  de:\n    tiers:\n      basics: { label: Grundlagen }\n  pt-br: {}\n",
            ),
            ("content/sleep/_topic.yaml", "title: Sleep\n"),
            ("content/sleep/basics.md", "## Nights\n\nShort nights.\n"),
            ("content/de/sleep/_topic.yaml", "title: Schlaf\n"),
            ("content/de/sleep/basics.md", "## Nächte\n\nKurze Nächte.\n"),
            ("content/pt-BR/_index.md", "Em breve.\n"),
        ],
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let de = page(&out, "de/sleep/basics/index.html");
    assert_eq!(texts(&de, "title"), ["Schlaf · Grundlagen · Health"]);
    // A tier the block does not name keeps the site's label.
    assert_eq!(
        texts(&de, ".site-nav:not(.language-nav) a"),
        ["Grundlagen", "In depth", "Glossar"]
    );
    assert_eq!(
        texts(&de, ".language-nav a"),
        ["English", "Deutsch", "Português (Brasil)"]
    );
    assert_eq!(attrs(&de, ".language-nav a", "href")[2], "/pt-BR/");
    assert!(out.join("pt-BR/index.html").is_file());
}

#[test]
fn a_site_in_one_language_has_no_switcher_and_no_alternates() {
    let (_tmp, out) = build_site(&fixtures().join("tags/basic"), &[]);
    let html = read(&out.join("sleep/fundamentals/index.html"));
    assert!(!html.contains("language-nav"));
    assert!(!html.contains("hreflang"));
}
