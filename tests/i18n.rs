//! The theme's and Strata's own words in the site's language, on
//! `tests/fixtures/i18n/german` (`language: de-AT`, one text of its own in
//! `strings:`): every kind of page a reader gets, the HTML Strata writes itself
//! (footnotes, task lists, alerts, tooltips, the pager, redirect pages), the texts the
//! script is handed, and the search index keeping German words that English drops.
//! Plural forms are checked on a Polish site, whose language has four. The mistakes
//! an author can make are pinned in `tests/fixtures/invalid/site-strings-every-mistake`
//! and `template-unknown-text`.

mod common;

use std::path::{Path, PathBuf};

use common::{build_site, fixtures, read, write_files};
use scraper::{Html, Selector};

fn built() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &OUT.get_or_init(|| build_site(&fixtures().join("i18n/german"), &[]))
        .1
}

fn page(path: &str) -> Html {
    Html::parse_document(&read(&built().join(path)))
}

/// The text of every element `css` selects, whitespace collapsed.
fn texts(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn attrs(doc: &Html, css: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

#[test]
fn a_tier_page_is_in_german_from_the_skip_link_to_the_footer() {
    let doc = page("zelle/grundlagen/index.html");
    assert_eq!(attrs(&doc, "html", "lang"), ["de-AT"]);
    assert_eq!(texts(&doc, ".skip-link"), ["Zum Inhalt springen"]);
    assert_eq!(
        texts(&doc, ".search-fallback"),
        ["Begriff im Glossar nachschlagen"]
    );
    assert_eq!(attrs(&doc, ".site-nav", "aria-label"), ["Website"]);
    assert!(texts(&doc, ".site-nav a").contains(&"Glossar".to_string()));
    assert_eq!(
        attrs(&doc, ".breadcrumbs", "aria-label"),
        ["Brotkrümelnavigation"]
    );
    assert_eq!(texts(&doc, ".breadcrumbs li")[0], "Startseite");
    // No reading grade: its formula is English.
    assert_eq!(
        texts(&doc, ".page-meta"),
        ["1 Min. Lesezeit · Aktualisiert am 1. März 2026"]
    );
    assert_eq!(attrs(&doc, ".tier-switcher", "aria-label"), ["Lesestufe"]);
    assert_eq!(texts(&doc, ".tier-switcher-label"), ["Stufe"]);
    assert_eq!(
        texts(&doc, ".tier-option.absent"),
        ["Vertiefung (noch nicht verfasst)"]
    );
    assert_eq!(texts(&doc, ".page-edit"), ["Diese Seite bearbeiten"]);
    assert_eq!(
        attrs(&doc, ".tier-pager", "aria-label"),
        ["Benachbarte Seiten"]
    );
    assert_eq!(texts(&doc, ".pager-next"), ["Zur Vertiefung: Wissenschaft"]);
    assert_eq!(texts(&doc, "#references-heading"), ["Literatur"]);
    assert_eq!(
        texts(&doc, ".site-footer"),
        ["Zellbiologie · Erstellt mit Strata."]
    );
}

#[test]
fn the_html_strata_writes_into_the_text_is_in_german_with_the_sites_own_word() {
    let doc = page("zelle/grundlagen/index.html");
    assert_eq!(texts(&doc, ".tooltip-see"), ["Siehe auch: Membran."]);
    assert_eq!(
        attrs(&doc, ".footnote-ref a", "aria-label"),
        ["Fußnote 1", "Fußnote 1"]
    );
    assert_eq!(texts(&doc, "#footnotes-heading"), ["Fußnoten"]);
    assert_eq!(
        attrs(&doc, ".footnote-back", "aria-label"),
        [
            "Zurück zu Verweis 1 auf Fußnote 1",
            "Zurück zu Verweis 2 auf Fußnote 1"
        ]
    );
    let doc2 = page("zelle/wissenschaft/index.html");
    assert_eq!(
        attrs(&doc2, ".footnote-back", "aria-label"),
        ["Zurück zur Textstelle von Fußnote 1"]
    );
    assert_eq!(texts(&doc2, ".pager-prev"), ["Einfacher: Grundlagen"]);
    // `alert_tip` is the site's own (strings: in site.yaml); `alert_warning` built in.
    assert_eq!(texts(&doc, ".alert-title"), ["Merksatz", "Warnung"]);
    assert_eq!(attrs(&doc, ".alert", "aria-label"), ["Merksatz", "Warnung"]);
    // An empty task item is named by the built-in word.
    assert_eq!(
        attrs(&doc, "input[type=checkbox]", "aria-label"),
        ["Membran", "Aufgabe"]
    );
}

#[test]
fn the_generated_pages_are_in_german_with_german_plurals() {
    let home = page("index.html");
    assert_eq!(texts(&home, "#tiers-heading"), ["Stufe wählen"]);
    assert_eq!(texts(&home, "#topics-heading"), ["Themen"]);
    assert_eq!(
        texts(&home, ".topic-matrix caption"),
        ["Alle Themen auf allen Stufen"]
    );
    assert_eq!(texts(&home, ".topic-matrix thead th")[0], "Thema");
    assert_eq!(texts(&home, ".cell-meta"), ["1 Min.", "1 Min."]);
    assert_eq!(texts(&home, ".absent"), ["Noch nicht verfasst"]);

    let topic = page("zelle/index.html");
    assert_eq!(
        texts(&topic, ".page-meta"),
        ["28 Wörter · 1 Min. Lesezeit", "13 Wörter · 1 Min. Lesezeit"]
    );
    assert_eq!(
        texts(&topic, ".absent"),
        ["Diese Stufe wurde noch nicht verfasst."]
    );

    let path = page("vertiefung/index.html");
    assert_eq!(texts(&path, ".tier-badge"), ["Lesepfad"]);
    assert_eq!(
        texts(&path, ".absent"),
        ["Auf dieser Stufe gibt es noch kein Thema."]
    );

    let glossary = page("glossary/index.html");
    assert_eq!(texts(&glossary, "h1"), ["Glossar"]);
    assert_eq!(texts(&glossary, "title"), ["Glossar · Zellbiologie"]);
    assert_eq!(
        texts(&glossary, ".page-header .summary"),
        [
            "2 Begriffe mit den Definitionen der einzelnen Stufen und den Stellen, an denen sie jeweils vorkommen."
        ]
    );
    assert_eq!(
        attrs(&glossary, ".glossary-letters", "aria-label"),
        ["Glossar nach Buchstaben"]
    );
    assert_eq!(texts(&glossary, ".see-also"), ["Siehe auch: Membran"]);
    assert_eq!(
        texts(&glossary, ".used-in-title"),
        ["Verwendet in:", "Verwendet in:"]
    );
    // A plain page's uses are grouped under the built-in words for "other pages".
    assert_eq!(
        texts(&glossary, ".used-in li").last().map(String::as_str),
        Some("Weitere Seiten: Über diese Seite")
    );

    let missing = page("404.html");
    assert_eq!(texts(&missing, "h1"), ["Seite nicht gefunden"]);
    assert_eq!(
        texts(&missing, ".not-found li"),
        [
            "Zur Startseite",
            "Im Glossar stöbern",
            "Alles auf der Stufe Grundlagen lesen",
            "Alles auf der Stufe Vertiefung lesen",
            "Alles auf der Stufe Wissenschaft lesen",
        ]
    );

    let moved = page("zellen-alt/index.html");
    assert_eq!(texts(&moved, "title"), ["Verschoben: Die Zelle"]);
    assert_eq!(
        texts(&moved, "body p"),
        ["Diese Seite befindet sich jetzt unter Die Zelle."]
    );
    assert_eq!(attrs(&moved, "body p a", "href"), ["/zellen/zelle/"]);
}

#[test]
fn pages_hand_the_script_its_german_words_and_english_pages_hand_it_none() {
    let doc = page("zelle/grundlagen/index.html");
    let json = texts(&doc, "script#strata-strings")
        .pop()
        .expect("the script's words");
    let words: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(words["search"], "Suche");
    assert_eq!(words["read_more_glossary"], "Mehr dazu im Glossar");
    assert_eq!(words["search_count"]["one"], "{count} Ergebnis");
    assert_eq!(words["search_count"]["other"], "{count} Ergebnisse");
    assert!(
        words.get("on_this_page").is_none(),
        "only the script's texts: {json}"
    );

    let (_tmp, english) = build_site(&fixtures().join("redirects/moved"), &[]);
    let page = read(&english.join("energy/fundamentals/index.html"));
    assert!(!page.contains("strata-strings"), "{page}");
}

#[test]
fn the_search_index_of_a_german_site_keeps_the_words_english_drops() {
    let meta: serde_json::Value =
        serde_json::from_str(&read(&built().join("search/meta.json"))).unwrap();
    assert_eq!(meta["keeps_stopwords"], true);
    // "Was eine Zelle braucht": "was" is German for "what".
    let bucket = read(&built().join("search/t/wa.json"));
    let tokens: serde_json::Value = serde_json::from_str(&bucket).unwrap();
    assert!(tokens.get("was").is_some(), "{bucket}");

    let (_tmp, english) = build_site(&fixtures().join("redirects/moved"), &[]);
    let meta = read(&english.join("search/meta.json"));
    assert!(!meta.contains("keeps_stopwords"), "{meta}");
}

#[test]
fn counted_texts_take_the_form_of_the_languages_plural_category() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Polish has no built-in texts: its plural rules come from CLDR, its words from
    // the site. One, two and five words: "one", "few" and "many".
    write_files(
        root,
        &[
            (
                "site.yaml",
                "title: Słowa\nlanguage: pl\nstrings:\n  words: { one: \"{count} słowo\", few: \"{count} słowa\", many: \"{count} słów\", other: \"{count} słowa\" }\n",
            ),
            ("content/t/_topic.yaml", "title: T\n"),
            ("content/t/fundamentals.md", "---\ntitle: A\n---\n\nJeden\n"),
            (
                "content/t/intermediate.md",
                "---\ntitle: B\n---\n\nDwa słowa\n",
            ),
            (
                "content/t/academic.md",
                "---\ntitle: C\n---\n\nJeden dwa trzy cztery pięć\n",
            ),
        ],
    );
    let (_out_tmp, out) = build_site(root, &[]);
    let topic = Html::parse_document(&read(&out.join("t/index.html")));
    let meta = texts(&topic, ".page-meta");
    let words: Vec<&str> = meta
        .iter()
        .map(|m| m.split(" · ").next().unwrap())
        .collect();
    assert_eq!(words, ["1 słowo", "2 słowa", "5 słów"]);
    // Every other word is English.
    assert!(meta[0].ends_with("1 min read"), "{meta:?}");
}

#[test]
fn a_right_to_left_language_sets_the_direction_of_every_page() {
    let (_tmp, out) = build_site(&fixtures().join("i18n/arabic"), &[]);
    for path in [
        "index.html",
        "alkhaliya/index.html",
        "alkhaliya/asasiyat/index.html",
        "asasiyat/index.html",
        "glossary/index.html",
        "404.html",
        "cell/index.html",
    ] {
        let doc = Html::parse_document(&read(&out.join(path)));
        assert_eq!(attrs(&doc, "html", "lang"), ["ar"], "{path}");
        assert_eq!(attrs(&doc, "html", "dir"), ["rtl"], "{path}");
    }
    // The site's own words, and English where it gave none.
    let doc = Html::parse_document(&read(&out.join("alkhaliya/asasiyat/index.html")));
    assert_eq!(texts(&doc, "#toc-heading"), ["في هذه الصفحة"]);
    assert_eq!(texts(&doc, ".skip-link"), ["انتقل إلى المحتوى"]);
    assert_eq!(texts(&doc, ".path-pager .pager-label"), ["الموضوع التالي:"]);
    assert_eq!(
        attrs(&doc, ".tier-switcher", "aria-label"),
        ["Reading depth"]
    );

    // A left-to-right site says nothing: `ltr` is every browser's default.
    let page = read(&built().join("zelle/grundlagen/index.html"));
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"de-AT\">"),
        "{}",
        &page[..60]
    );
}

/// `language` is written in `lang` as its canonical tag, and a `strings:` with every
/// entry commented out is no strings at all.
#[test]
fn the_language_tag_is_written_canonically_and_empty_strings_are_none() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_files(
        root,
        &[
            (
                "site.yaml",
                "title: Zellen\nlanguage: de_at\nstrings:\n  # alert_tip: Merke\n",
            ),
            ("content/t/_topic.yaml", "title: T\n"),
            ("content/t/fundamentals.md", "Text.\n"),
        ],
    );
    let (_out_tmp, out) = build_site(root, &[]);
    let page = read(&out.join("t/fundamentals/index.html"));
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"de-AT\">"),
        "{page}"
    );
    assert!(page.contains(">Zum Inhalt springen<"), "German words");
    // Without `tiers:`, the default tiers are named in the site's language; their
    // URLs stay as they are.
    let nav = Html::parse_document(&page);
    assert_eq!(
        texts(&nav, ".site-nav li a")[..3],
        ["Grundlagen", "Vertiefung", "Wissenschaft"]
    );
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("Das Wesentliche in einfachen Worten, für alle Leserinnen und Leser."),
        "{home}"
    );
    assert!(out.join("fundamentals/index.html").is_file());
}

#[test]
fn glossary_terms_match_their_plurals_in_the_sites_language() {
    let site = |language: &str, glossary: &str, text: &str| {
        let tmp = tempfile::tempdir().unwrap();
        write_files(
            tmp.path(),
            &[
                ("site.yaml", &format!("title: T\nlanguage: {language}\n")),
                ("content/glossary.yaml", glossary),
                ("content/t/_topic.yaml", "title: T\n"),
                ("content/t/fundamentals.md", text),
            ],
        );
        let (_out_tmp, out) = build_site(tmp.path(), &[]);
        let page = Html::parse_document(&read(&out.join("t/fundamentals/index.html")));
        texts(&page, ".prose a.term")
    };
    let french = "- id: cellule-graisseuse\n  term: cellule graisseuse\n  definition: Une cellule qui stocke les graisses.\n- id: resistance\n  term: résistance à l'insuline\n  definition: Une réponse affaiblie.\n- id: niveau\n  term: niveau\n  definition: Une hauteur.\n";
    // No aliases: the plural of every agreeing word, up to « à ».
    assert_eq!(
        site(
            "fr",
            french,
            "Les cellules graisseuses et leurs résistances à l'insuline, à tous les niveaux.\n"
        ),
        [
            "cellules graisseuses",
            "résistances à l’insuline",
            "niveaux"
        ]
    );
    assert_eq!(
        site(
            "it",
            "- id: cellula\n  term: cellula adiposa\n  definition: Una cellula.\n",
            "Le cellule adipose crescono.\n"
        ),
        ["cellule adipose"]
    );
    // German plurals are nouns, with their capital: the verb and the other noun
    // made with -er are not the term.
    assert_eq!(
        site(
            "de",
            "- id: zelle\n  term: Zelle\n  definition: Die kleinste Einheit.\n- id: arbeit\n  term: Arbeit\n  definition: Tätigkeit.\n",
            "Die Zellen teilen sich. Wir arbeiten, die Arbeiter auch.\n"
        ),
        ["Zellen"]
    );
    // English rules on an English site: no French plural there.
    assert_eq!(
        site("en", french, "Two niveaux, and cellule graisseuses.\n"),
        ["cellule graisseuses"]
    );
}

#[test]
fn a_plural_two_entries_share_is_a_warning_at_the_second() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        tmp.path(),
        &[
            ("site.yaml", "title: T\nlanguage: it\n"),
            (
                "content/glossary.yaml",
                "- id: parte\n  term: parte\n  definition: Un pezzo.\n- id: parto\n  term: parto\n  definition: La nascita.\n",
            ),
            ("content/t/_topic.yaml", "title: T\n"),
            (
                "content/t/fundamentals.md",
                "Una parte e un parto; le parti.\n",
            ),
        ],
    );
    let check = common::strata(tmp.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: `parti` is the plural of glossary term `parto` and of `parte`, listed first, which it links to\n --> content/glossary.yaml:4:1\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: add `parti` to the `aliases` of the entry it should link to: an entry's own name wins over a plural"),
        "{stderr}"
    );
}
