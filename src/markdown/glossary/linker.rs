//! The walk over a page's events that links its terms: each run of prose gets the
//! matcher's whole-word matches as term links with their tooltips (per the site's link
//! mode), explicit `[text](glossary:id)` links get their tooltip or a plain link, and
//! every entry the page uses is recorded once, with its section, for the glossary
//! page and the checks. Headings, links, images, code and the author's raw HTML keep
//! their text as written.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::TermMatcher;
use super::markup::TermLink;
use crate::config::LinkMode;
use crate::markdown::events::Ev;
use crate::markdown::html;
use crate::markdown::links::GLOSSARY_PREFIX;
use crate::markdown::{MarkdownContext, PageState, TermUse};

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
    let mut linker = Linker::new(ctx, state);
    for (event, range) in events.iter_mut() {
        let in_prose = linker.scope.enter(event, range);
        if ends_inline_block(event)
            && let Some((tag, at)) = linker.scope.end_block()
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
                linker.start_heading(*level, state.link_mode);
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                linker.in_heading = false;
                None
            }
            Event::Start(Tag::Link { dest_url, .. }) => linker.start_link(dest_url, state, range),
            Event::End(TagEnd::Link) => linker.end_link(),
            Event::Text(text) if matches!(linker.explicit.last(), Some(OpenLink::Term(..))) => {
                if let Some(OpenLink::Term(_, _, seen)) = linker.explicit.last_mut() {
                    seen.push_str(text);
                }
                None
            }
            Event::Text(text) if in_prose => linker.link_prose(text, state).map(CowStr::from),
            _ => None,
        };
        if let Some(html) = replacement {
            *event = Event::InlineHtml(html);
        }
    }
    events
}

/// What the walk knows of the page so far, and the buffers it reuses.
struct Linker<'c> {
    ctx: &'c MarkdownContext<'c>,
    terms: &'c TermMatcher,
    /// The page's tier, as an index into the site's tiers.
    tier: Option<usize>,
    scope: Scope,
    /// Index (into the page's headings) of the enclosing section heading.
    section: Option<u32>,
    headings_seen: u32,
    in_heading: bool,
    /// Entries linked so far (in the current section, with `link: section`).
    linked: StampSet,
    /// Entries already recorded as used on this page: the first use is what the
    /// glossary page and the checks read, so one record per entry keeps the per-page
    /// list as short as the page's vocabulary.
    used: StampSet,
    /// The links open around the current event.
    explicit: Vec<OpenLink>,
    /// The matches of one run of prose, reused from run to run.
    found: Vec<super::matcher::Found>,
    /// The matches of one run that become links: `(start, end, entry)`.
    links: Vec<(usize, usize, usize)>,
}

impl<'c> Linker<'c> {
    fn new(ctx: &'c MarkdownContext<'c>, state: &PageState<'_>) -> Self {
        let entries = ctx.site.glossary.entries.len();
        Self {
            ctx,
            terms: ctx.terms,
            tier: state.tier.and_then(|t| ctx.site.config.tier_index(t)),
            scope: Scope::default(),
            section: None,
            headings_seen: 0,
            in_heading: false,
            linked: StampSet::new(entries),
            used: StampSet::new(entries),
            explicit: Vec::new(),
            found: Vec::new(),
            links: Vec::new(),
        }
    }

    fn start_heading(&mut self, level: HeadingLevel, mode: LinkMode) {
        self.in_heading = true;
        if level <= HeadingLevel::H3 {
            self.section = Some(self.headings_seen);
        }
        self.headings_seen += 1;
        if level == HeadingLevel::H2 && mode == LinkMode::Section {
            self.linked.clear();
        }
    }

    /// Records the first use of `entry` on the page.
    fn record_use(&mut self, state: &mut PageState<'_>, entry: usize, linked: bool) {
        if self.used.insert(entry) {
            state
                .out
                .terms
                .push(TermUse::new(entry, self.section, linked));
        }
    }

    /// The start of a link: an explicit `glossary:` link opens its term link (a
    /// plain one in a heading, which the table of contents repeats, or in the author's
    /// raw HTML); any other link is left as it is.
    fn start_link(
        &mut self,
        dest_url: &str,
        state: &mut PageState<'_>,
        range: &std::ops::Range<usize>,
    ) -> Option<CowStr<'static>> {
        let Some(id) = dest_url.strip_prefix(GLOSSARY_PREFIX) else {
            self.explicit.push(OpenLink::Other);
            return None;
        };
        let id = id.trim_start_matches('#');
        let glossary = &self.ctx.site.glossary;
        let markup = &self.terms.markup;
        match glossary.by_id.get(id) {
            Some(&entry) if self.in_heading || self.scope.raw > 0 => {
                self.record_use(state, entry, true);
                self.explicit.push(OpenLink::Plain);
                Some(markup.plain_open(entry).into())
            }
            Some(&entry) => {
                let tip = state.next_id();
                self.record_use(state, entry, true);
                self.explicit
                    .push(OpenLink::Term(entry, tip, String::new()));
                Some(markup.open(entry, tip).into())
            }
            None => {
                report_unknown_id(id, self.ctx, state, range);
                // `glossary:id#fragment`, reported, still uses its entry.
                if let Some(&entry) = id
                    .split_once('#')
                    .and_then(|(base, _)| glossary.by_id.get(base))
                {
                    self.record_use(state, entry, true);
                }
                self.explicit.push(OpenLink::Missing);
                Some("<span class=\"term-missing\">".into())
            }
        }
    }

    /// The end of a link, written to match its start.
    fn end_link(&mut self) -> Option<CowStr<'static>> {
        match self.explicit.pop().unwrap_or(OpenLink::Other) {
            OpenLink::Term(entry, tip, text) => {
                let link = TermLink {
                    entry,
                    tier: self.tier,
                    tip,
                };
                Some(self.terms.markup.close(link, &text).into())
            }
            OpenLink::Missing => Some("</span>".into()),
            OpenLink::Plain => Some("</a>".into()),
            OpenLink::Other => None,
        }
    }

    /// A run of prose with its terms linked, as one piece of HTML; `None` when no
    /// term in it is linked.
    fn link_prose(&mut self, text: &str, state: &mut PageState<'_>) -> Option<String> {
        self.links.clear();
        self.found.clear();
        self.terms.patterns.find_in(text, &mut self.found);
        for i in 0..self.found.len() {
            let f = self.found[i];
            let (start, end, entry) = (f.start as usize, f.end as usize, f.entry as usize);
            let link = self.ctx.site.glossary.entries[entry].link
                && match state.link_mode {
                    LinkMode::None => false,
                    LinkMode::All => true,
                    LinkMode::First | LinkMode::Section => self.linked.insert(entry),
                };
            self.record_use(state, entry, link);
            if link {
                self.links.push((start, end, entry));
            }
        }
        if self.links.is_empty() {
            return None;
        }
        // The text and the links in it become one piece of HTML, escaped here as the
        // HTML writer would have escaped the text.
        let markup = &self.terms.markup;
        let size: usize = self
            .links
            .iter()
            .map(|&(_, _, entry)| markup.size_hint(entry, self.tier))
            .sum();
        let mut html = String::with_capacity(text.len() + size + 64);
        let mut cursor = 0;
        for &(start, end, entry) in &self.links {
            html::escape_text_into(&mut html, &text[cursor..start]);
            let tip = state.next_id();
            let link = TermLink {
                entry,
                tier: self.tier,
                tip,
            };
            markup.write_link(&mut html, link, &text[start..end]);
            cursor = end;
        }
        html::escape_text_into(&mut html, &text[cursor..]);
        Some(html)
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
    if ctx.targets.failed_to_load(&ctx.targets.glossary_file())
        || crate::markdown::shortcodes::from_table(range)
    {
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
                "write the id of an entry of {} after it, e.g. `glossary:{example}`",
                ctx.targets.glossary_file()
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
        None => format!(
            "add the term to {} or correct the id",
            ctx.targets.glossary_file()
        ),
    };
    state.error_at(format!("unknown glossary id `{id}`"), hint, range);
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
