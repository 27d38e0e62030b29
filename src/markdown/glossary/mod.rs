//! Glossary terms: finds terms in prose and links them to their entry with an
//! accessible tooltip holding the definition for the page's tier.
//!
//! [`TermMatcher`] is built once per build from every term and alias with its regular
//! plurals in the site's language ([`plurals`]; [`matcher`] finds them: whole words only, ASCII case-insensitive,
//! acronyms exactly, the longest name winning, so "insulin resistance" beats
//! "insulin") and each entry's link and tooltip markup ([`markup`]), so a page costs
//! one walk over its text whatever the glossary's size. Text in headings, code, links,
//! images and raw HTML is never touched. `[text](glossary:id)` links a term explicitly.

mod linker;
mod markup;
mod matcher;
pub mod plurals;

use std::collections::HashSet;

use crate::model::{GlossaryEntry, Site};
pub use linker::link_terms;
use markup::Markup;
use matcher::Patterns;
pub use plurals::plurals;

/// The site's terms, compiled for matching, with each entry's link markup per tier.
pub struct TermMatcher {
    patterns: Patterns,
    markup: Markup,
}

impl TermMatcher {
    pub fn new(site: &Site) -> Self {
        let glossary = &site.glossary;
        let mut seen: HashSet<String> = HashSet::new();
        let mut variants: HashSet<String> = HashSet::new();
        let mut patterns = Patterns::default();
        let mut add = |text: String, entry: usize, exact: bool| {
            if text.is_empty() {
                return;
            }
            let key_of = |name: &str| {
                if exact {
                    name.to_string()
                } else {
                    name.to_lowercase()
                }
            };
            // Prose reaches the matcher with typographic quotes (smart punctuation),
            // so a name written with straight ones is also matched in that form.
            let curly = typographic(&text);
            for form in std::iter::once(text).chain(curly) {
                if !seen.insert(key_of(&form)) {
                    continue;
                }
                // The matcher folds ASCII letters only (see `matcher`): a name with
                // other cased letters (`État`, `Übergewicht`, `ύπνος`) also goes in
                // in the forms prose writes it, lower case, capitalised and in capitals.
                if !exact {
                    for variant in case_variants(&form) {
                        if variants.insert(variant.clone()) {
                            patterns.push(variant, entry, false);
                        }
                    }
                }
                patterns.push(form, entry, exact);
            }
        };
        // Every entry's names are matched, also those of entries never linked
        // automatically (`link: false`): a page that names one still uses it, for the
        // glossary page's "used in" lists and the unused-term check.
        let linkable: Vec<(usize, &GlossaryEntry)> = glossary.entries.iter().enumerate().collect();
        // Names first, so a name always wins over another entry's generated plural.
        for &(i, entry) in &linkable {
            for name in std::iter::once(&entry.term).chain(&entry.aliases) {
                add(name.clone(), i, is_acronym(name));
            }
        }
        let language = &site.config.language;
        let keep_case = plurals::case_sensitive(language);
        for &(i, entry) in &linkable {
            for name in std::iter::once(&entry.term).chain(&entry.aliases) {
                for plural in plurals(name, language) {
                    add(plural, i, keep_case || is_acronym(name));
                }
            }
        }
        Self {
            patterns: patterns.index(),
            markup: Markup::new(site),
        }
    }
}

/// `name` with its straight quotes as smart punctuation renders them in prose: `'`
/// after a letter or digit is an apostrophe `’`, otherwise an opening `‘`; `"` opens
/// `“` and closes `”` in turn. `None` when the name has no straight quote.
fn typographic(name: &str) -> Option<String> {
    if !name.contains(['\'', '"']) {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 8);
    let mut previous: Option<char> = None;
    let mut double_open = false;
    for c in name.chars() {
        out.push(match c {
            '\'' if previous.is_some_and(char::is_alphanumeric) => '’',
            '\'' => '‘',
            '"' => {
                double_open = !double_open;
                if double_open { '“' } else { '”' }
            }
            other => other,
        });
        previous = Some(c);
    }
    Some(out)
}

/// The forms of `name` that differ from it beyond ASCII case: lower case, its first
/// letter a capital, all capitals. None for a name whose cased letters are ASCII.
fn case_variants(name: &str) -> Vec<String> {
    let unicode_cased = name
        .chars()
        .any(|c| !c.is_ascii() && (c.is_lowercase() || c.is_uppercase()));
    if !unicode_cased {
        return Vec::new();
    }
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    let capitalised: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    let folded = name.to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    for form in [lower, capitalised, name.to_uppercase()] {
        if form.to_ascii_lowercase() != folded && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// All capitals (and digits): matched case-sensitively.
pub fn is_acronym(term: &str) -> bool {
    term.chars().any(|c| c.is_uppercase()) && !term.chars().any(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_quotes_in_names_become_the_ones_prose_gets() {
        assert_eq!(
            typographic("O'Brien's law").as_deref(),
            Some("O’Brien’s law")
        );
        assert_eq!(typographic("'t Hooft").as_deref(), Some("‘t Hooft"));
        assert_eq!(
            typographic("the \"fight\" response").as_deref(),
            Some("the “fight” response")
        );
        assert_eq!(typographic("insulin"), None);
    }

    #[test]
    fn acronyms_are_all_capitals() {
        assert!(is_acronym("GLUT4"));
        assert!(is_acronym("DAG"));
        assert!(!is_acronym("Insulin"));
    }
}

#[cfg(test)]
mod linking_tests {
    use crate::markdown::test_support::{html, linked_terms, render, site};

    /// The terms linked in `body` with the glossary `yaml`, on an `all` site.
    fn linked_with(yaml: &str, body: &str) -> Vec<String> {
        let mut site = site("title: T\nglossary: { link: all }\n", "fundamentals", body);
        site.glossary = crate::load::parse_glossary(
            yaml,
            std::path::Path::new("content/glossary.yaml"),
            &site.config.tiers,
        )
        .expect("glossary");
        linked_terms(&render(&site).0.html)
    }

    #[test]
    fn accented_capitals_match_as_ascii_ones_do() {
        let glossary = "- { id: etat, term: État, definition: Un état. }\n\
                        - { id: elim, term: élimination du glucose, definition: Une voie. }\n\
                        - { id: ueber, term: Übergewicht, definition: Zu viel Gewicht. }\n\
                        - { id: hypnos, term: ύπνος, definition: Sleep. }\n";
        assert_eq!(
            linked_with(
                glossary,
                "Élimination du glucose, puis un état, des États et l'ÉTAT. \
                 Bei übergewicht und ÜBERGEWICHT. Ο ΎΠΝΟΣ και ο Ύπνος."
            ),
            [
                "Élimination du glucose",
                "état",
                "États",
                "ÉTAT",
                "übergewicht",
                "ÜBERGEWICHT",
                "ΎΠΝΟΣ",
                "Ύπνος"
            ]
        );
        // A whole word still: `États-Unis` is no use of `État`.
        assert!(linked_with(glossary, "Les États-Unis.").is_empty());
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            linked_terms(&html("all", "Insulin resistance is not insulin.")),
            ["Insulin resistance", "insulin"]
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(
            linked_terms(&html(
                "all",
                "Insulinlike and proinsulin and insulin-producing cells."
            ))
            .is_empty()
        );
    }

    #[test]
    fn plurals_and_aliases_match() {
        assert_eq!(
            linked_terms(&html("all", "Our bodies differ; every organism does.")),
            ["bodies", "organism"]
        );
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        assert_eq!(
            linked_terms(&html("all", "glut4 is not GLUT4, but GLUT4s are.")),
            ["GLUT4", "GLUT4s"]
        );
    }

    #[test]
    fn case_insensitive_for_ordinary_terms() {
        assert_eq!(
            linked_terms(&html("all", "INSULIN and Insulin.")),
            ["INSULIN", "Insulin"]
        );
    }

    #[test]
    fn never_inside_headings_code_links_images_or_html() {
        let body = "## Insulin heading\n\n`insulin` [insulin link](https://e.org) ![insulin](x.png) <span>insulin</span>\n\n```\ninsulin\n```\n";
        let site = site("title: T\nglossary:\n  link: all\n", "fundamentals", body);
        let (doc, diags) = render(&site);
        // The image is missing, which is reported; no term was linked anywhere.
        assert!(diags.iter().any(|d| d.message.contains("missing image")));
        assert!(linked_terms(&doc.html).is_empty(), "{}", doc.html);
    }

    #[test]
    fn an_unclosed_raw_tag_stops_linking_only_to_the_end_of_its_paragraph_and_is_reported() {
        let body = "Insulin first. A stray <x> tag, then insulin.\n\nNext paragraph: insulin.\n\n- an item with <b>bold insulin</b> and insulin\n";
        let site = site("title: T\nglossary:\n  link: all\n", "fundamentals", body);
        let (doc, diags) = render(&site);
        assert_eq!(
            linked_terms(&doc.html),
            ["Insulin", "insulin", "insulin"],
            "{}",
            doc.html
        );
        let warnings: Vec<_> = diags.iter().filter(|d| !d.is_error()).collect();
        assert_eq!(warnings.len(), 1, "{diags:?}");
        assert_eq!(
            warnings[0].message,
            "the HTML tag `<x>` is never closed, so no glossary term after it in this paragraph is linked (and browsers treat the rest of it as inside the tag)"
        );
        assert_eq!((warnings[0].line, warnings[0].column), (1, 24));
    }

    #[test]
    fn a_term_with_an_apostrophe_links_in_prose_that_gets_typographic_quotes() {
        assert_eq!(
            linked_terms(&html("all", "By Hill's law, and by Hill’s law too.")),
            ["Hill’s law", "Hill’s law"]
        );
    }

    #[test]
    fn link_modes() {
        let body = "Insulin, insulin.\n\n## Two\n\nInsulin again.\n";
        assert_eq!(linked_terms(&html("first", body)).len(), 1);
        assert_eq!(linked_terms(&html("section", body)).len(), 2);
        assert_eq!(linked_terms(&html("all", body)).len(), 3);
        assert_eq!(linked_terms(&html("none", body)).len(), 0);
    }

    #[test]
    fn link_false_entries_are_not_auto_linked_but_can_be_linked_explicitly() {
        assert!(linked_terms(&html("all", "Hidden text.")).is_empty());
        assert_eq!(
            linked_terms(&html("all", "[the hidden one](glossary:hidden)")),
            ["the hidden one"]
        );
        // Named without a link, it is still recorded as used, unlinked.
        let (doc, _) = render(&site("title: T\n", "fundamentals", "Hidden text."));
        assert_eq!(doc.terms.len(), 1, "{:?}", doc.terms);
        assert!(!doc.terms[0].linked());
    }

    #[test]
    fn tooltip_is_described_by_and_shows_the_tier_definition() {
        let site = site("title: T\n", "academic", "Insulin matters.");
        let (doc, _) = render(&site);
        assert!(
            doc.html.contains("aria-describedby=\"term-tip-1\""),
            "{}",
            doc.html
        );
        assert!(
            doc.html.contains("role=\"tooltip\" id=\"term-tip-1\""),
            "{}",
            doc.html
        );
        assert!(
            doc.html.contains("A peptide hormone."),
            "academic definition wins"
        );
        assert!(
            !doc.html.contains("title="),
            "no title attribute duplicates the tooltip"
        );
        let fundamentals = html("first", "Insulin resistance matters.");
        assert!(
            fundamentals.contains("See also: Insulin."),
            "{fundamentals}"
        );
    }

    #[test]
    fn terms_in_alerts_and_lists_are_linked() {
        assert_eq!(
            linked_terms(&html("all", "> [!TIP]\n> Insulin helps.\n\n- the body\n")),
            ["Insulin", "body"]
        );
    }

    #[test]
    fn a_term_is_recorded_once_per_page_at_its_first_use() {
        let site = site(
            "title: T\n",
            "fundamentals",
            "Intro.\n\n## Start {#start}\n\nInsulin here.\n\n## Later {#later}\n\nInsulin again, and GLUT4.\n",
        );
        let (doc, _) = render(&site);
        let uses: Vec<(usize, Option<u32>)> =
            doc.terms.iter().map(|t| (t.entry(), t.section())).collect();
        assert_eq!(uses.len(), 2, "{uses:?}");
        assert_eq!(uses[0].1, Some(0));
        assert_eq!(uses[1].1, Some(1));
        assert!(doc.terms[0].linked());
    }

    #[test]
    fn term_uses_record_their_section() {
        let site = site(
            "title: T\n",
            "fundamentals",
            "## Start {#start}\n\nInsulin here.\n",
        );
        let (doc, _) = render(&site);
        assert_eq!(doc.terms[0].section(), Some(0));
        assert_eq!(doc.headings[0].id, "start");
    }

    #[test]
    fn terms_after_a_citation_are_still_linked() {
        // Regression: the citation's generated HTML once counted as an unclosed raw tag.
        assert_eq!(
            linked_terms(&html("all", "A claim [@smith-2020]. Then insulin.")),
            ["insulin"]
        );
    }

    #[test]
    fn inline_raw_tags_nest() {
        assert_eq!(
            linked_terms(&html("all", "<b>insulin</b> body <br> insulin")),
            ["body", "insulin"]
        );
    }

    #[test]
    fn a_shorter_term_still_links_when_the_longest_match_is_not_a_whole_word() {
        assert_eq!(
            linked_terms(&html("all", "Insulin resistanceless, insulin")),
            ["Insulin", "insulin"]
        );
    }

    #[test]
    fn an_explicit_link_in_a_heading_or_raw_html_is_a_plain_link() {
        // Found by the whole-site property test: a tooltip ended up inside an `<h1>`.
        let out = html(
            "all",
            "# About [insulin](glossary:insulin)\n\n<b>[body](glossary:body)</b>\n",
        );
        assert!(linked_terms(&out).is_empty(), "{out}");
        assert!(
            out.contains("About <a href=\"/glossary/#insulin\">insulin</a><a class=\"anchor\""),
            "{out}"
        );
        assert!(
            out.contains("<b><a href=\"/glossary/#body\">body</a></b>"),
            "{out}"
        );
    }

    #[test]
    fn the_tooltip_names_the_term_only_when_the_link_text_does_not() {
        let out = html("all", "Insulin, and our bodies.");
        let tips: Vec<&str> = out.split("role=\"tooltip\"").skip(1).collect();
        assert_eq!(tips.len(), 2, "{out}");
        assert!(
            !tips[0].starts_with(" id=\"term-tip-1\"><span class=\"tooltip-term\">"),
            "{out}"
        );
        assert!(
            tips[1].starts_with(" id=\"term-tip-2\"><span class=\"tooltip-term\">body</span> "),
            "{out}"
        );
        assert!(!out.contains("data-term"), "{out}");
    }

    #[test]
    fn an_explicit_link_whose_text_is_the_term_does_not_name_it_again() {
        let out = html(
            "none",
            "[Insulin](glossary:insulin) and [the *key* hormone](glossary:insulin).",
        );
        let tips: Vec<&str> = out.split("role=\"tooltip\"").skip(1).collect();
        assert_eq!(tips.len(), 2, "{out}");
        assert!(!tips[0].contains("tooltip-term"), "{out}");
        assert!(
            tips[1].contains("<span class=\"tooltip-term\">Insulin</span> "),
            "{out}"
        );
    }
}
