use std::path::Path;

use super::*;
use crate::diagnostic::Diagnostics;

/// Every built-in file parses strictly, has exactly English's keys, a counted text
/// where English has one (with `other`, and only categories its language uses), and
/// no placeholder English does not fill in.
#[test]
fn every_built_in_language_has_every_key_and_only_known_placeholders() {
    let english = locales::english();
    assert!(english.len() > 60, "{}", english.len());
    for language in locales::languages() {
        let (_, file) = locales::FILES.iter().find(|(l, _)| *l == language).unwrap();
        let raw: std::collections::BTreeMap<String, serde_json::Value> =
            crate::yaml::parse(file, Path::new(language)).expect("the file parses");
        let table = locales::builtin(language).expect("loaded");
        assert_eq!(raw.len(), english.len(), "{language}: number of keys");
        assert_eq!(table.len(), english.len(), "{language}: keys English has");
        let strings = Strings::for_language(language);
        let used: Vec<&str> = (0..=200).map(|n| strings.category(n)).collect();
        for (key, reference) in english {
            let text = &table.iter().find(|(k, _)| k == key).expect(key).1;
            match (reference, text) {
                (Text::Plain(_), Text::Plain(_)) => {}
                (Text::Counted(_), Text::Counted(forms)) => {
                    assert!(forms.iter().any(|(c, _)| *c == "other"), "{language} {key}");
                    for (category, _) in forms {
                        assert!(used.contains(category), "{language} {key}: {category}");
                    }
                }
                _ => panic!("{language} {key}: counted in one language, not the other"),
            }
            let allowed: Vec<&str> = reference
                .forms()
                .into_iter()
                .flat_map(placeholders)
                .collect();
            for name in text.forms().into_iter().flat_map(placeholders) {
                assert!(allowed.contains(&name), "{language} {key}: {{{name}}}");
            }
        }
    }
}

#[test]
fn a_language_takes_its_primary_subtags_texts_and_plural_rules() {
    let swiss = Strings::for_language("de-CH");
    assert_eq!(
        swiss.text("on_this_page"),
        Strings::for_language("de").text("on_this_page")
    );
    assert_ne!(swiss.text("on_this_page"), "On this page");
    // No built-in texts: English words, the language's own plural rules.
    let polish = Strings::for_language("pl");
    assert_eq!(polish.text("on_this_page"), "On this page");
    assert_eq!(
        [1, 2, 5, 22].map(|n| polish.category(n)),
        ["one", "few", "many", "few"]
    );
    // French counts 0 as singular, English does not.
    assert_eq!(Strings::for_language("fr").category(0), "one");
    assert_eq!(Strings::default().category(0), "other");
    assert_eq!(Strings::for_language("en_GB").category(1), "one");
}

#[test]
fn html_escapes_the_text_and_fills_placeholders_with_html() {
    let strings = Strings::default().with_site(vec![(
        "moved_text",
        Text::Plain("Tom & Jerry moved to {link} <now>".into()),
    )]);
    assert_eq!(
        strings.html("moved_text", None, &[("link", "<a href=\"/x/\">X</a>")]),
        "Tom &amp; Jerry moved to <a href=\"/x/\">X</a> &lt;now&gt;"
    );
    assert_eq!(strings.html("words", Some(1), &[]), "1 word");
    assert_eq!(strings.html("words", Some(2), &[]), "2 words");
    // A placeholder without a value stays visible.
    assert_eq!(
        strings.html("read_depth", None, &[]),
        "Read everything at the {depth} depth"
    );
}

#[test]
fn a_date_is_written_in_the_sites_words() {
    assert_eq!(
        Strings::default().date("2026-03-01").as_deref(),
        Some("1 March 2026")
    );
    assert_eq!(
        Strings::for_language("de").date("2026-03-01").as_deref(),
        Some("1. März 2026")
    );
    assert_eq!(
        Strings::for_language("pt-BR").date("2025-12-24").as_deref(),
        Some("24 de dezembro de 2025")
    );
    // The first of a month, as French, Italian and Portuguese write it.
    for (language, first, second) in [
        ("fr", "1er mars 2026", "2 mars 2026"),
        ("it", "1º marzo 2026", "2 marzo 2026"),
        ("pt", "1º de março de 2026", "2 de março de 2026"),
        ("en", "1 March 2026", "2 March 2026"),
    ] {
        let strings = Strings::for_language(language);
        assert_eq!(strings.date("2026-03-01").as_deref(), Some(first));
        assert_eq!(strings.date("2026-03-02").as_deref(), Some(second));
    }
    assert_eq!(Strings::default().date("2026-13-01"), None);
    assert_eq!(Strings::default().date("yesterday"), None);
}

#[test]
fn placeholders_are_braced_lower_case_names() {
    assert_eq!(placeholders("{a} and {b_2} and {a}"), ["a", "b_2"]);
    assert_eq!(placeholders("{} {A} { x } {x"), Vec::<&str>::new());
    assert_eq!(next_placeholder("a {b} c"), Some(("a ", "b", " c")));
}

#[test]
fn script_overrides_hold_only_what_differs_from_english() {
    assert_eq!(Strings::default().script_overrides(), "");
    let german = Strings::for_language("de").script_overrides();
    let value: serde_json::Value = serde_json::from_str(&german).unwrap();
    assert!(value["search"].is_string(), "{german}");
    assert!(value["search_count"]["other"].is_string(), "{german}");
    assert!(
        value.get("on_this_page").is_none(),
        "templates' texts stay out: {german}"
    );
    let own = Strings::default().with_site(vec![("search", Text::Plain("</script>".into()))]);
    assert_eq!(own.script_overrides(), r#"{"search":"\u003c/script>"}"#);
}

#[test]
fn theme_alert_labels_give_way_to_the_sites_own() {
    let labels = [
        ("TIP".to_string(), "Remember".to_string()),
        ("note".to_string(), "N.B.".to_string()),
    ]
    .into_iter()
    .collect();
    let strings = Strings::default()
        .with_site(vec![("alert_note", Text::Plain("Aside".into()))])
        .with_theme_alerts(&labels);
    assert_eq!(strings.text("alert_tip"), "Remember");
    assert_eq!(strings.text("alert_note"), "Aside");
}

fn site_strings(yaml: &str, language: &str) -> (Strings, Vec<String>) {
    let raw: RawStrings = crate::yaml::parse(yaml, Path::new("site.yaml")).unwrap();
    let builtin = Strings::for_language(language);
    let mut diagnostics = Diagnostics::new();
    let own = check_site_strings(
        raw,
        &builtin,
        yaml,
        Path::new("site.yaml"),
        &mut diagnostics,
    );
    let mut diagnostics: Vec<_> = diagnostics.into_iter().collect();
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let messages = diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
        .collect();
    (builtin.with_site(own), messages)
}

#[test]
fn site_texts_replace_built_in_ones_in_every_form() {
    let (strings, problems) = site_strings(
        "search: Find\nsearch_count: { one: \"{count} hit\", other: \"{count} hits\" }\nwords: \"{count} w.\"\n",
        "en",
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(strings.text("search"), "Find");
    assert_eq!(strings.counted("search_count", 1), "{count} hit");
    assert_eq!(strings.html("words", Some(3), &[]), "3 w.");
}

#[test]
fn every_mistake_in_site_texts_is_reported_at_its_place() {
    let yaml = "serch: Find\n\
                on_this_page: { one: a, other: b }\n\
                words: { one: \"{count} word\" }\n\
                search_count: { single: a, other: b }\n\
                read_depth: \"Read at {dpth}\"\n\
                home: 3\n\
                search_none: { few: a, other: b }\n";
    let (strings, problems) = site_strings(yaml, "en");
    assert_eq!(
        problems,
        [
            "1:1 `strings` has no text `serch`",
            "2:15 `on_this_page` is not counted, so it has no plural forms",
            "3:8 `words` has no `other` form",
            "4:17 `search_count` has a form `single`, which is not a plural category",
            "5:14 `{dpth}` in the text of `read_depth` is not a placeholder it fills in",
            "6:7 the text of `home` is a number, not a string",
            "7:14 `search_none` is not counted, so it has no plural forms",
        ]
    );
    assert_eq!(strings.text("search"), "Search", "nothing wrong is kept");
    let (_, problems) = site_strings("search_count: { few: \"{count}\", other: b }\n", "de");
    assert_eq!(
        problems,
        [
            "1:17 the `few` form of `search_count` is never used: the language `de` has no such plural category"
        ]
    );
}

#[test]
fn the_documentation_lists_every_key_with_its_english_text() {
    let docs = include_str!("../../docs/content-format.md");
    let docs = &docs[docs.find("## The theme's words").expect("the section")..];
    for (key, text) in locales::english() {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{key}`")))
            .unwrap_or_else(|| panic!("docs/content-format.md has no row for `{key}`"));
        let marked = row.starts_with(&format!("| `{key}` ¹"));
        assert_eq!(marked, locales::SCRIPT_KEYS.contains(key), "{row}");
        for form in text.forms() {
            assert!(
                row.contains(&form.replace('|', "\\|")),
                "{row} lacks {form}"
            );
        }
    }
}

#[test]
fn right_to_left_languages_are_known_by_language_or_script() {
    for rtl in [
        "ar", "he", "fa-IR", "ur", "az-Arab", "yi", "ar_EG", "nqo", "mid", "rhg", "bal",
    ] {
        assert!(is_right_to_left(rtl), "{rtl}");
    }
    for ltr in [
        "en",
        "de-AT",
        "ku-Latn",
        "az",
        "zh-Hant",
        "sr-Cyrl",
        "not a tag",
    ] {
        assert!(!is_right_to_left(ltr), "{ltr}");
    }
}

#[test]
fn a_language_is_written_as_its_canonical_tag_and_a_name_is_refused() {
    assert_eq!(canonical_language("de_at").as_deref(), Ok("de-AT"));
    assert_eq!(canonical_language("EN-gb").as_deref(), Ok("en-GB"));
    assert_eq!(canonical_language("az-arab").as_deref(), Ok("az-Arab"));
    assert_eq!(canonical_language("pt").as_deref(), Ok("pt"));
    let german = canonical_language("German").unwrap_err();
    assert!(german.contains("`de`"), "{german}");
    let klingon = canonical_language("klingon").unwrap_err();
    assert!(
        klingon.starts_with("a tag names a language by its code of two or three letters"),
        "{klingon}"
    );
    assert!(canonical_language("de AT").is_err());
}

#[test]
fn the_other_form_is_required_and_never_said_to_be_unused() {
    // In Polish `other` holds only fractions, which no count has.
    let yaml = "words: { one: \"{count} słowo\", few: \"{count} słowa\", many: \"{count} słów\", other: \"{count} słowa\" }\n";
    let (strings, problems) = site_strings(yaml, "pl");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(strings.html("words", Some(5), &[]), "5 słów");
}

#[test]
fn a_placeholder_hint_names_each_placeholder_once() {
    let yaml = "search_count_best: \"{n}\"\n";
    let raw: RawStrings = crate::yaml::parse(yaml, Path::new("site.yaml")).unwrap();
    let mut diagnostics = Diagnostics::new();
    check_site_strings(
        raw,
        &Strings::for_language("en"),
        yaml,
        Path::new("site.yaml"),
        &mut diagnostics,
    );
    let hint = diagnostics
        .iter()
        .next()
        .and_then(|d| d.hint.clone())
        .unwrap();
    assert!(
        hint.starts_with("`search_count_best` fills in `{count}`, `{total}`"),
        "{hint}"
    );
    assert_eq!(hint.matches("`{count}`").count(), 1, "{hint}");
}

#[test]
fn a_mistake_in_one_plural_form_is_reported_at_that_form() {
    let yaml = "topic_count:\n  one: \"{count} temat\"\n  few: \"{count} tematy\"\n  other: \"{count} tematów\"\n  zwei: \"x\"\n\
                and_more:\n  one: \"i {count} więcej\"\n  other: 7\n\
                words:\n  one: \"{count} słowo\"\n  few: \"{cnt} słowa\"\n  other: \"{count} słów\"\n\
                search_count: { one: \"{count}\", two: \"{count}\", other: \"{count}\" }\n";
    let (_, problems) = site_strings(yaml, "pl");
    assert_eq!(
        problems,
        [
            "5:3 `topic_count` has a form `zwei`, which is not a plural category",
            "8:3 the `other` form of `and_more` is a number, not a string",
            "11:3 `{cnt}` in the text of `words` is not a placeholder it fills in",
            "13:33 the `two` form of `search_count` is never used: the language `pl` has no such plural category",
        ]
    );
}

#[test]
fn a_label_before_its_text_follows_the_languages_typography() {
    let label = |language: &str| {
        Strings::for_language(language).html("label_colon", None, &[("label", "Niveau")])
    };
    assert_eq!(label("en"), "Niveau:");
    // French puts a no-break space before a colon.
    assert_eq!(label("fr"), "Niveau\u{a0}:");
}
