//! Glossary terms: finds terms in prose in one pass and links them to their entry with
//! an accessible tooltip holding the definition for the page's tier.
//!
//! [`TermMatcher`] is built once per build: every term and alias, with its regular
//! English plurals, goes into one Aho–Corasick automaton (ASCII case-insensitive), so a
//! page costs one scan of its text whatever the glossary's size. A match counts only on
//! whole words; a term written in capitals (an acronym) must match exactly; of
//! overlapping matches the leftmost-longest wins, so "insulin resistance" beats
//! "insulin". Text in headings, code, links, images and raw HTML is never touched.
//! `[text](glossary:id)` links a term explicitly.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::events::Ev;
use super::html::{self, escape};
use super::links::GLOSSARY_PREFIX;
use super::{MarkdownContext, PageState, TermUse};
use crate::config::LinkMode;
use crate::model::{Glossary, GlossaryEntry, Site};

/// One automaton pattern: which entry it names, and whether case must match exactly.
#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    exact: Option<String>,
}

/// The site's terms, compiled for matching, with each entry's tooltip HTML per tier.
pub struct TermMatcher {
    /// Leftmost-longest matching: the common path, one scan of the text.
    fast: Option<AhoCorasick>,
    /// Every match, for the rare place where the longest match is not a whole word.
    all: Option<AhoCorasick>,
    /// Longest pattern in bytes.
    max_len: usize,
    patterns: Vec<Pattern>,
    /// Each entry's markup, written once per build and copied per use.
    markup: Vec<TermMarkup>,
}

/// The fixed parts of one entry's term link; a use writes
/// `open` + tip number + `open_end` + the matched text + `close` + tip number +
/// `close_end` + `tooltips[tier]` + [`TOOLTIP_END`].
struct TermMarkup {
    /// `<span class="tip-wrap"><a class="term" href="…#id" aria-describedby="term-tip-`
    open: String,
    /// `" data-term="id">`
    open_end: String,
    /// The tooltip's inner HTML per tier; the last slot is for pages without a tier.
    tooltips: Vec<String>,
}

const TIP_CLOSE: &str = "</a><span class=\"tooltip\" role=\"tooltip\" id=\"term-tip-";
const TOOLTIP_END: &str = "</span></span>";

impl TermMatcher {
    pub fn new(site: &Site) -> Self {
        let glossary = &site.glossary;
        let mut seen: HashSet<String> = HashSet::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |text: String, entry: usize, exact: bool| {
            let key = if exact {
                text.clone()
            } else {
                text.to_lowercase()
            };
            if text.is_empty() || !seen.insert(key) {
                return;
            }
            patterns.push(Pattern {
                entry,
                exact: exact.then(|| text.clone()),
            });
            texts.push(text);
        };
        let linkable: Vec<(usize, &GlossaryEntry)> = glossary
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.link)
            .collect();
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
        let build = |kind: MatchKind| {
            (!texts.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .match_kind(kind)
                    .build(&texts)
                    .expect("glossary automaton")
            })
        };
        let (fast, all) = (
            build(MatchKind::LeftmostLongest),
            build(MatchKind::Standard),
        );
        let max_len = texts.iter().map(String::len).max().unwrap_or(0);
        let tiers: Vec<Option<&str>> = site
            .config
            .tiers
            .iter()
            .map(|t| Some(t.id.as_str()))
            .chain(std::iter::once(None))
            .collect();
        let url = escape(&site.config.base_url.url(site.glossary_path().as_str()));
        let markup = glossary
            .entries
            .iter()
            .map(|e| {
                let id = escape(&e.id);
                TermMarkup {
                    open: format!(
                        "<span class=\"tip-wrap\"><a class=\"term\" href=\"{url}#{id}\" aria-describedby=\"term-tip-"
                    ),
                    open_end: format!("\" data-term=\"{id}\">"),
                    tooltips: tiers
                        .iter()
                        .map(|tier| tooltip_html(e, glossary, *tier))
                        .collect(),
                }
            })
            .collect();
        Self {
            fast,
            all,
            max_len,
            patterns,
            markup,
        }
    }

    /// Non-overlapping whole-word matches in `text`: `(start, end, entry)`.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let (Some(fast), Some(all)) = (&self.fast, &self.all) else {
            return Vec::new();
        };
        let mut chosen = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = fast.find(aho_corasick::Input::new(text).span(pos..text.len())) else {
                break;
            };
            let start = m.start();
            if let Some(found) = self.accept(text, start, m.end(), m.pattern().as_usize()) {
                chosen.push(found);
                pos = found.1;
                continue;
            }
            // The longest match here is not a whole word (or has the wrong case); a
            // shorter one starting at the same place may still be. Only word starts count.
            let word_start = !text[..start].chars().next_back().is_some_and(is_word_char);
            let shorter = if word_start {
                self.longest_at(all, text, start)
            } else {
                None
            };
            match shorter {
                Some(found) => {
                    chosen.push(found);
                    pos = found.1;
                }
                None => pos = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        chosen
    }

    /// `(start, end, entry)` when the match of `pattern` is a valid term occurrence.
    fn accept(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Option<(usize, usize, usize)> {
        let pattern = &self.patterns[pattern];
        if pattern
            .exact
            .as_deref()
            .is_some_and(|exact| exact != &text[start..end])
            || !is_boundary(text, start, end)
        {
            return None;
        }
        Some((start, end, pattern.entry))
    }

    /// The longest valid match that starts exactly at `start`.
    fn longest_at(
        &self,
        all: &AhoCorasick,
        text: &str,
        start: usize,
    ) -> Option<(usize, usize, usize)> {
        let mut end = (start + self.max_len + 1).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        all.find_overlapping_iter(&text[start..end])
            .filter(|m| m.start() == 0)
            .filter_map(|m| self.accept(text, start, start + m.end(), m.pattern().as_usize()))
            .max_by_key(|found| found.1)
    }

    /// Writes the opening markup of a term link with tooltip number `tip`; the
    /// link's text follows, then [`Self::write_close`].
    fn write_open(&self, out: &mut String, entry: usize, tip: usize) {
        let markup = &self.markup[entry];
        out.push_str(&markup.open);
        push_number(out, tip);
        out.push_str(&markup.open_end);
    }

    /// Ends a term link and writes its tooltip for the page's tier.
    fn write_close(&self, out: &mut String, entry: usize, tier: Option<usize>, tip: usize) {
        let tooltips = &self.markup[entry].tooltips;
        out.push_str(TIP_CLOSE);
        push_number(out, tip);
        out.push_str("\">");
        out.push_str(&tooltips[tier.unwrap_or(tooltips.len() - 1)]);
        out.push_str(TOOLTIP_END);
    }

    fn open(&self, entry: usize, tip: usize) -> String {
        let mut out = String::with_capacity(self.markup[entry].open.len() + 32);
        self.write_open(&mut out, entry, tip);
        out
    }

    fn close(&self, entry: usize, tier: Option<usize>, tip: usize) -> String {
        let mut out = String::new();
        self.write_close(&mut out, entry, tier, tip);
        out
    }
}

fn push_number(out: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
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

/// The tooltip's inner HTML: the definition (links flattened, so nothing in it takes
/// focus) and a "See also" line.
fn tooltip_html(entry: &GlossaryEntry, glossary: &Glossary, tier: Option<&str>) -> String {
    let mut html = format!(
        "<span class=\"tooltip-term\">{}</span> <span class=\"tooltip-def\">{}</span>",
        escape(&entry.term),
        super::inline_html(entry.definition_for(tier), false)
    );
    let see: Vec<String> = entry
        .see_also
        .iter()
        .filter_map(|id| glossary.get(id))
        .map(|e| escape(&e.term))
        .collect();
    if !see.is_empty() {
        html.push_str(&format!(
            " <span class=\"tooltip-see\">See also: {}.</span>",
            see.join(", ")
        ));
    }
    html
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// What an open link is, so its end is written to match its start.
enum OpenLink {
    /// An explicit `glossary:` link: entry and tooltip id.
    Term(usize, usize),
    /// A `glossary:` link to an unknown id (reported), rendered as a plain span.
    Missing,
    /// Any other link, left as it is.
    Other,
}

/// Links terms in the page's prose and renders explicit `glossary:` links.
pub fn link_terms<'a>(
    events: Vec<Ev<'a>>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let matcher = ctx.terms;
    let glossary = &ctx.site.glossary;
    let tier = state.tier.and_then(|t| ctx.site.config.tier_index(t));
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut skip_depth = 0usize;
    let mut raw_depth = 0usize;
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
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                if *level <= HeadingLevel::H3 {
                    section = Some(headings_seen);
                }
                headings_seen += 1;
                if *level == HeadingLevel::H2 && state.link_mode == LinkMode::Section {
                    linked.clear();
                }
                skip_depth += 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(id) = dest_url.strip_prefix(GLOSSARY_PREFIX) {
                    let id = id.trim_start_matches('#');
                    match glossary.by_id.get(id) {
                        Some(&entry) => {
                            let tip = state.next_id();
                            if used.insert(entry) {
                                state.out.terms.push(TermUse {
                                    entry: entry as u32,
                                    section,
                                    linked: true,
                                });
                            }
                            out.push((
                                Event::InlineHtml(CowStr::from(matcher.open(entry, tip))),
                                range,
                            ));
                            explicit.push(OpenLink::Term(entry, tip));
                        }
                        None if ctx.targets.failed_to_load("content/glossary.yaml")
                            || super::shortcodes::from_table(&range) =>
                        {
                            out.push((
                                Event::InlineHtml(CowStr::from("<span class=\"term-missing\">")),
                                range,
                            ));
                            explicit.push(OpenLink::Missing);
                        }
                        None => {
                            let hint = match crate::suggest::closest(
                                id,
                                glossary.entries.iter().map(|e| e.id.as_str()),
                            ) {
                                Some(near) => format!("did you mean `glossary:{near}`?"),
                                None => {
                                    "add the term to content/glossary.yaml or correct the id".into()
                                }
                            };
                            state.error_at(format!("unknown glossary id `{id}`"), hint, &range);
                            out.push((
                                Event::InlineHtml(CowStr::from("<span class=\"term-missing\">")),
                                range,
                            ));
                            explicit.push(OpenLink::Missing);
                        }
                    }
                    skip_depth += 1;
                    continue;
                }
                explicit.push(OpenLink::Other);
                skip_depth += 1;
                out.push((event, range));
                continue;
            }
            Event::End(TagEnd::Link) => {
                skip_depth = skip_depth.saturating_sub(1);
                match explicit.pop().unwrap_or(OpenLink::Other) {
                    OpenLink::Term(entry, tip) => {
                        out.push((
                            Event::InlineHtml(CowStr::from(matcher.close(entry, tier, tip))),
                            range,
                        ));
                    }
                    OpenLink::Missing => {
                        out.push((Event::InlineHtml(CowStr::from("</span>")), range))
                    }
                    OpenLink::Other => out.push((event, range)),
                }
                continue;
            }
            Event::Start(
                Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => skip_depth += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_),
            ) => skip_depth = skip_depth.saturating_sub(1),
            Event::InlineHtml(tag) => {
                // Text between raw inline tags (`<span>term</span>`) is the author's HTML.
                raw_depth = (raw_depth as isize + inline_tag_depth(tag)).max(0) as usize;
            }
            Event::Text(text) if skip_depth == 0 && raw_depth == 0 => {
                let matches = matcher.find(text);
                if matches.is_empty() {
                    out.push((event, range));
                    continue;
                }
                // Pieces of the text between links stay borrowed from the page when the
                // parser lent them; one string holds each link and its tooltip.
                let piece = |from: usize, to: usize| match text {
                    CowStr::Borrowed(whole) => CowStr::Borrowed(&whole[from..to]),
                    other => CowStr::from(other[from..to].to_string()),
                };
                let mut cursor = 0;
                for (start, end, entry) in matches {
                    let link = match state.link_mode {
                        LinkMode::None => false,
                        LinkMode::All => true,
                        LinkMode::First | LinkMode::Section => linked.insert(entry),
                    };
                    if used.insert(entry) {
                        state.out.terms.push(TermUse {
                            entry: entry as u32,
                            section,
                            linked: link,
                        });
                    }
                    if !link {
                        continue;
                    }
                    if start > cursor {
                        out.push((Event::Text(piece(cursor, start)), range.clone()));
                    }
                    let tip = state.next_id();
                    let mut html = String::with_capacity(1024);
                    matcher.write_open(&mut html, entry, tip);
                    html::escape_into(&mut html, &text[start..end]);
                    matcher.write_close(&mut html, entry, tier, tip);
                    out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
                    cursor = end;
                }
                if cursor < text.len() {
                    out.push((Event::Text(piece(cursor, text.len())), range));
                }
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
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
        let uses: Vec<(u32, Option<u32>)> =
            doc.terms.iter().map(|t| (t.entry, t.section)).collect();
        assert_eq!(uses.len(), 2, "{uses:?}");
        assert_eq!(uses[0].1, Some(0));
        assert_eq!(uses[1].1, Some(1));
        assert!(doc.terms[0].linked);
    }

    #[test]
    fn term_uses_record_their_section() {
        let site = site(
            "title: T\n",
            "fundamentals",
            "## Start {#start}\n\nInsulin here.\n",
        );
        let (doc, _) = render(&site);
        assert_eq!(doc.terms[0].section, Some(0));
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
}
