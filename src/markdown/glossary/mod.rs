//! Glossary terms: finds terms in prose and links them to their entry with an
//! accessible tooltip holding the definition for the page's tier.
//!
//! [`TermMatcher`] is built once per build from every term and alias with its regular
//! English plurals ([`matcher`] finds them: whole words only, ASCII case-insensitive,
//! acronyms exactly, the longest name winning, so "insulin resistance" beats
//! "insulin") and each entry's link and tooltip markup ([`markup`]), so a page costs
//! one walk over its text whatever the glossary's size. Text in headings, code, links,
//! images and raw HTML is never touched. `[text](glossary:id)` links a term explicitly.

mod markup;
mod matcher;

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::events::Ev;
use super::html;
use super::links::GLOSSARY_PREFIX;
use super::{MarkdownContext, PageState, TermUse};
use crate::config::LinkMode;
use crate::model::{GlossaryEntry, Site};
use markup::{Markup, TermLink};
use matcher::Patterns;

/// The site's terms, compiled for matching, with each entry's link markup per tier.
pub struct TermMatcher {
    patterns: Patterns,
    markup: Markup,
}

impl TermMatcher {
    pub fn new(site: &Site) -> Self {
        let glossary = &site.glossary;
        let mut seen: HashSet<String> = HashSet::new();
        let mut patterns = Patterns::default();
        let mut add = |text: String, entry: usize, exact: bool| {
            let key = if exact {
                text.clone()
            } else {
                text.to_lowercase()
            };
            if text.is_empty() {
                return;
            }
            // Prose reaches the matcher with typographic quotes (smart punctuation),
            // so a name written with straight ones is also matched in that form.
            let curly = typographic(&text);
            if seen.insert(key) {
                patterns.push(text, entry, exact);
            }
            if let Some(curly) = curly {
                let key = if exact {
                    curly.clone()
                } else {
                    curly.to_lowercase()
                };
                if seen.insert(key) {
                    patterns.push(curly, entry, exact);
                }
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
        for &(i, entry) in &linkable {
            for name in std::iter::once(&entry.term).chain(&entry.aliases) {
                for plural in plurals(name) {
                    add(plural, i, is_acronym(name));
                }
            }
        }
        Self {
            patterns: patterns.index(),
            markup: Markup::new(site),
        }
    }
}

/// A set of small indices (glossary entries) that empties in constant time: an index
/// is in the set when its stamp equals the current generation.
struct StampSet {
    stamps: Vec<u32>,
    generation: u32,
}

impl StampSet {
    fn new(len: usize) -> Self {
        Self {
            stamps: vec![0; len],
            generation: 1,
        }
    }

    /// Adds `i`; true when it was not in the set.
    fn insert(&mut self, i: usize) -> bool {
        let fresh = self.stamps[i] != self.generation;
        self.stamps[i] = self.generation;
        fresh
    }

    fn clear(&mut self) {
        self.generation += 1;
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

/// All capitals (and digits): matched case-sensitively.
pub fn is_acronym(term: &str) -> bool {
    term.chars().any(|c| c.is_uppercase()) && !term.chars().any(|c| c.is_lowercase())
}

/// Regular English plurals of the last word: -s, -es, consonant + y → -ies.
pub fn plurals(term: &str) -> Vec<String> {
    if is_acronym(term) {
        return vec![format!("{term}s")];
    }
    let lower = term.to_lowercase();
    let mut out = Vec::new();
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        out.push(format!("{term}es"));
    } else if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy")
    {
        out.push(format!("{}ies", &term[..term.len() - 1]));
    } else {
        out.push(format!("{term}s"));
    }
    out
}

/// +1 for an opening raw tag, -1 for a closing one, 0 for void, self-closing or comments.
fn inline_tag_depth(tag: &str) -> isize {
    const VOID: &[&str] = &[
        "br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed",
        "track",
    ];
    let t = tag.trim();
    // Only a single tag counts; generated fragments hold several and are balanced.
    if t.matches('<').count() != 1 {
        return 0;
    }
    if t.starts_with("</") {
        return -1;
    }
    if !t.starts_with('<') || t.starts_with("<!") || t.starts_with("<?") || t.ends_with("/>") {
        return 0;
    }
    let name: String = t[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || VOID.contains(&name.as_str()) {
        0
    } else {
        1
    }
}

/// What an open link is, so its end is written to match its start.
enum OpenLink {
    /// An explicit `glossary:` link: entry, tooltip id and the link's text so far.
    Term(usize, usize, String),
    /// A `glossary:` link to an unknown id (reported), rendered as a plain span.
    Missing,
    /// An explicit `glossary:` link where no tooltip goes: a plain link.
    Plain,
    /// Any other link, left as it is.
    Other,
}

/// Reports a `glossary:` link to an id the glossary lacks, unless the glossary failed to
/// load or the link comes from a table (both reported where they are).
fn report_unknown_id(
    id: &str,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
) {
    if ctx.targets.failed_to_load("content/glossary.yaml") || super::shortcodes::from_table(range) {
        return;
    }
    if id.trim().is_empty() {
        let example = ctx
            .site
            .glossary
            .entries
            .first()
            .map_or("term-id", |e| &e.id);
        state.error_at(
            "this glossary link has no id after `glossary:`",
            format!(
                "write the id of an entry of content/glossary.yaml after it, e.g. `glossary:{example}`"
            ),
            range,
        );
        return;
    }
    if let Some((base, _)) = id.split_once('#')
        && ctx.site.glossary.by_id.contains_key(base)
    {
        state.error_at(
            format!("glossary links take no `#fragment`: `glossary:{id}`"),
            format!(
                "write `glossary:{base}`; its tooltip shows the definition for the page's tier, and the link leads to the entry"
            ),
            range,
        );
        return;
    }
    let hint = match crate::suggest::closest_id(id, ctx.site.glossary.named_ids()) {
        Some(near) => format!("did you mean `glossary:{near}`?"),
        None => "add the term to content/glossary.yaml or correct the id".into(),
    };
    state.error_at(format!("unknown glossary id `{id}`"), hint, range);
}

/// Records the first use of `entry` on the page (the glossary page and the checks
/// read only that one).
fn record_use(
    used: &mut StampSet,
    state: &mut PageState<'_>,
    entry: usize,
    section: Option<u32>,
    linked: bool,
) {
    if used.insert(entry) {
        state.out.terms.push(TermUse::new(entry, section, linked));
    }
}

/// Where in the page an event is: inside something whose text is never linked (a
/// heading, link, image, code or HTML block) or inside the author's raw inline tags.
#[derive(Default)]
struct Scope {
    skip: usize,
    raw: usize,
    /// The raw inline tag that opened the current `raw` run, and where it is.
    raw_open: Option<(String, std::ops::Range<usize>)>,
}

impl Scope {
    /// Moves past `event` (at `range`); true when it is text whose terms are linked.
    fn enter(&mut self, event: &Event<'_>, range: &std::ops::Range<usize>) -> bool {
        match event {
            Event::Text(_) => return self.skip == 0 && self.raw == 0,
            Event::Start(
                Tag::Heading { .. }
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::MetadataBlock(_),
            ) => self.skip += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_),
            ) => self.skip = self.skip.saturating_sub(1),
            // Text between raw inline tags (`<span>term</span>`) is the author's HTML.
            Event::InlineHtml(tag) => {
                let depth = (self.raw as isize + inline_tag_depth(tag)).max(0) as usize;
                if self.raw == 0 && depth > 0 {
                    self.raw_open = Some((tag.trim().to_string(), range.clone()));
                }
                self.raw = depth;
            }
            _ => {}
        }
        false
    }

    /// At the end of a block: inline HTML cannot reach past it, so a tag still open
    /// here was never closed. Returns that tag and where it is.
    fn end_block(&mut self) -> Option<(String, std::ops::Range<usize>)> {
        let open = self.raw_open.take();
        (std::mem::take(&mut self.raw) > 0)
            .then_some(open)
            .flatten()
    }
}

/// Whether `event` ends a block that holds inline content.
fn ends_inline_block(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
        )
    )
}

/// Links terms in the page's prose and renders explicit `glossary:` links.
///
/// The events are rewritten in place, in order, each run of prose with the matches
/// found in it (every change replaces one event by one, so no second list of a page's
/// events is made).
pub fn link_terms<'a>(
    mut events: Vec<Ev<'a>>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let matcher = &ctx.terms.patterns;
    let markup = &ctx.terms.markup;
    let glossary = &ctx.site.glossary;
    let tier = state.tier.and_then(|t| ctx.site.config.tier_index(t));
    // The matches of one run of prose, reused from run to run.
    let mut found = Vec::new();
    let mut scope = Scope::default();
    // Index (into the page's headings) of the enclosing section heading.
    let mut section: Option<u32> = None;
    let mut headings_seen: u32 = 0;
    let entries = glossary.entries.len();
    let mut linked = StampSet::new(entries);
    // Entries already recorded as used on this page: the first use is what the
    // glossary page and the checks read, so one record per entry keeps the per-page
    // list as short as the page's vocabulary.
    let mut used = StampSet::new(entries);
    let mut explicit: Vec<OpenLink> = Vec::new();
    let mut in_heading = false;
    // The links of one run of text, reused from run to run.
    let mut links: Vec<(usize, usize, usize)> = Vec::new();
    for (event, range) in events.iter_mut() {
        let in_prose = scope.enter(event, range);
        if ends_inline_block(event)
            && let Some((tag, at)) = scope.end_block()
        {
            state.warn_at(
                format!("the HTML tag `{tag}` is never closed, so no glossary term after it in this paragraph is linked (and browsers treat the rest of it as inside the tag)"),
                "close the tag, or show it as text: escape it as `\\<` or put it in backticks",
                &at,
            );
        }
        // Every change replaces one event by one, in place.
        let replacement: Option<CowStr<'a>> = match &*event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                if *level <= HeadingLevel::H3 {
                    section = Some(headings_seen);
                }
                headings_seen += 1;
                if *level == HeadingLevel::H2 && state.link_mode == LinkMode::Section {
                    linked.clear();
                }
                None
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                match dest_url.strip_prefix(GLOSSARY_PREFIX) {
                    None => {
                        explicit.push(OpenLink::Other);
                        None
                    }
                    Some(id) => {
                        let id = id.trim_start_matches('#');
                        match glossary.by_id.get(id) {
                            // In a heading (which the table of contents repeats) or in the
                            // author's raw HTML, a plain link to the entry, no tooltip.
                            Some(&entry) if in_heading || scope.raw > 0 => {
                                record_use(&mut used, state, entry, section, true);
                                explicit.push(OpenLink::Plain);
                                Some(markup.plain_open(entry).into())
                            }
                            Some(&entry) => {
                                let tip = state.next_id();
                                record_use(&mut used, state, entry, section, true);
                                explicit.push(OpenLink::Term(entry, tip, String::new()));
                                Some(markup.open(entry, tip).into())
                            }
                            None => {
                                report_unknown_id(id, ctx, state, range);
                                // `glossary:id#fragment`, reported, still uses its entry.
                                if let Some(&entry) = id
                                    .split_once('#')
                                    .and_then(|(base, _)| glossary.by_id.get(base))
                                {
                                    record_use(&mut used, state, entry, section, true);
                                }
                                explicit.push(OpenLink::Missing);
                                Some("<span class=\"term-missing\">".into())
                            }
                        }
                    }
                }
            }
            Event::End(TagEnd::Link) => match explicit.pop().unwrap_or(OpenLink::Other) {
                OpenLink::Term(entry, tip, text) => {
                    Some(markup.close(TermLink { entry, tier, tip }, &text).into())
                }
                OpenLink::Missing => Some("</span>".into()),
                OpenLink::Plain => Some("</a>".into()),
                OpenLink::Other => None,
            },
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                None
            }
            Event::Text(text) if matches!(explicit.last(), Some(OpenLink::Term(..))) => {
                if let Some(OpenLink::Term(_, _, seen)) = explicit.last_mut() {
                    seen.push_str(text);
                }
                None
            }
            Event::Text(text) if in_prose => {
                links.clear();
                found.clear();
                matcher.find_in(text, &mut found);
                for f in &found {
                    let (start, end, entry) = (f.start as usize, f.end as usize, f.entry as usize);
                    let link = glossary.entries[entry].link
                        && match state.link_mode {
                            LinkMode::None => false,
                            LinkMode::All => true,
                            LinkMode::First | LinkMode::Section => linked.insert(entry),
                        };
                    record_use(&mut used, state, entry, section, link);
                    if link {
                        links.push((start, end, entry));
                    }
                }
                (!links.is_empty()).then(|| {
                    // The text and the links in it become one piece of HTML, escaped
                    // here as the HTML writer would have escaped the text.
                    let size: usize = links
                        .iter()
                        .map(|&(_, _, entry)| markup.size_hint(entry, tier))
                        .sum();
                    let mut html = String::with_capacity(text.len() + size + 64);
                    let mut cursor = 0;
                    for &(start, end, entry) in &links {
                        html::escape_text_into(&mut html, &text[cursor..start]);
                        let tip = state.next_id();
                        markup.write_link(
                            &mut html,
                            TermLink { entry, tier, tip },
                            &text[start..end],
                        );
                        cursor = end;
                    }
                    html::escape_text_into(&mut html, &text[cursor..]);
                    CowStr::from(html)
                })
            }
            _ => None,
        };
        if let Some(html) = replacement {
            *event = Event::InlineHtml(html);
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        assert_eq!(plurals("ketone"), ["ketones"]);
        assert_eq!(plurals("body"), ["bodies"]);
        assert_eq!(plurals("day"), ["days"]);
        assert_eq!(plurals("glucose uptake"), ["glucose uptakes"]);
        assert_eq!(plurals("PKC"), ["PKCs"]);
        assert_eq!(plurals("mass"), ["masses"]);
    }

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
