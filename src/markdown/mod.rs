//! The Markdown stage: one page body in, its HTML and what it refers to out.
//!
//! A body is parsed once into an event stream (see [`events`]) and sent through a list
//! of small passes, each owning one concern: table shortcodes, heading ids, links,
//! citations, footnotes, task-list labels, glossary terms, alerts, code
//! highlighting and table alignment. The result,
//! [`RenderedDoc`], is plain data (HTML, headings, outgoing links, terms and citations
//! used, reading statistics) that the render stage puts into templates. This stage
//! never sees a template and never writes a file.

pub mod alerts;
pub mod citations;
pub mod definition_links;
pub mod events;
pub mod explicit_ids;
pub mod footnotes;
pub mod glossary;
pub mod headings;
pub mod highlight;
pub mod html;
pub mod images;
pub mod links;
pub mod math;
pub mod raw_html;
pub mod shortcodes;
pub mod stats;
pub mod tables;
pub mod tasks;
#[cfg(test)]
pub mod test_support;
pub mod written;

use std::ops::Range;

use crate::config::LinkMode;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{DocId, Document, Site};

pub use glossary::TermMatcher;
pub use headings::Heading;
pub use links::{LinkTargets, PageLink};
pub use stats::ReadingStats;

/// Read-only, site-wide inputs of the Markdown stage, built once per build.
pub struct MarkdownContext<'a> {
    pub site: &'a Site,
    pub targets: &'a LinkTargets,
    pub terms: &'a TermMatcher,
    /// The words Strata writes into pages, in the site's language.
    pub strings: &'a crate::i18n::Strings,
    pub highlights: &'a highlight::HighlightCache,
    pub math: &'a crate::math::Math,
    /// The site's own shortcodes (`templates/shortcodes/<name>.html`).
    pub shortcodes: shortcodes::Authored<'a>,
}

/// One glossary term used on a page, and the section it sits in. Eight bytes: the
/// per-page lists are held for every page until the glossary page is rendered (at
/// 10,000 pages, about a hundred terms each, that is 11 MB at this size).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TermUse {
    /// The entry's index into the glossary, with [`LINKED`] set when the use was
    /// linked to its definition (so the page introduces the term).
    entry: u32,
    /// Index (into the page's headings) of the enclosing section, or [`NO_SECTION`].
    section: u32,
}

const LINKED: u32 = 1 << 31;
const NO_SECTION: u32 = u32::MAX;

impl TermUse {
    /// A use of glossary entry `entry` (below 2³¹) in section `section`.
    pub fn new(entry: usize, section: Option<u32>, linked: bool) -> Self {
        debug_assert!(entry < LINKED as usize);
        Self {
            entry: entry as u32 | if linked { LINKED } else { 0 },
            section: section.unwrap_or(NO_SECTION),
        }
    }

    /// Index into the glossary's entries.
    pub fn entry(self) -> usize {
        (self.entry & !LINKED) as usize
    }

    /// Index (into the page's headings) of the enclosing section, for "used in" links
    /// to the exact place.
    pub fn section(self) -> Option<u32> {
        (self.section != NO_SECTION).then_some(self.section)
    }

    /// The use was linked to its definition.
    pub fn linked(self) -> bool {
        self.entry & LINKED != 0
    }
}

impl std::fmt::Debug for TermUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermUse")
            .field("entry", &self.entry())
            .field("section", &self.section())
            .field("linked", &self.linked())
            .finish()
    }
}

/// Everything the Markdown stage learned about one document.
#[derive(Debug, Clone, Default)]
pub struct RenderedDoc {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<PageLink>,
    pub terms: Vec<TermUse>,
    /// Reference indexes in order of first citation.
    pub citations: Vec<usize>,
    pub stats: ReadingStats,
    /// The page has at least one highlighted code block.
    pub has_code: bool,
    /// Ids in the body other than headings (tables), valid link targets.
    pub anchors: Vec<String>,
}

/// Per-document state the passes share while one body is rendered.
pub struct PageState<'a> {
    pub doc: &'a Document,
    /// The document's Markdown (the site may have let go of it: see [`crate::model::Body`]).
    pub body: &'a str,
    pub id: DocId,
    /// The tier id of a tier page.
    pub tier: Option<&'a str>,
    pub link_mode: LinkMode,
    pub diagnostics: Vec<Diagnostic>,
    pub out: RenderedDoc,
    counter: usize,
    /// The body's lines, indexed when the first diagnostic needs a place.
    lines: std::cell::OnceCell<LineIndex<'a>>,
}

impl PageState<'_> {
    /// A number unique on this page, for element ids.
    pub fn next_id(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// A diagnostic located at `range` of the body.
    pub fn diagnostic_at(&self, diagnostic: Diagnostic, range: &Range<usize>) -> Diagnostic {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.body));
        locate(self.doc, self.body, lines, diagnostic, range)
    }

    /// The line of the page's file that byte `offset` of the body is on.
    pub fn line_at(&self, offset: usize) -> u32 {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.body));
        lines.line_col(offset).0 + self.doc.body_line - 1
    }

    pub fn error_at(
        &mut self,
        message: impl Into<String>,
        hint: impl Into<String>,
        range: &Range<usize>,
    ) {
        let d = self.diagnostic_at(Diagnostic::error(message).hint(hint), range);
        self.diagnostics.push(d);
    }

    pub fn warn_at(
        &mut self,
        message: impl Into<String>,
        hint: impl Into<String>,
        range: &Range<usize>,
    ) {
        let d = self.diagnostic_at(Diagnostic::warning(message).hint(hint), range);
        self.diagnostics.push(d);
    }
}

/// What the rest of the site needs to know about a page before any page is rendered:
/// its sections, outgoing links, other anchors and reading statistics.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<PageLink>,
    pub anchors: Vec<String>,
    pub stats: ReadingStats,
}

fn new_state<'d>(
    id: DocId,
    (doc, body): (&'d Document, &'d str),
    ctx: &MarkdownContext<'d>,
) -> PageState<'d> {
    let tier = ctx.site.doc_tier(id).map(|t| t.id.as_str());
    let link_mode = if doc.front.glossary {
        ctx.site.config.glossary_link
    } else {
        LinkMode::None
    };
    PageState {
        doc,
        body,
        id,
        tier,
        link_mode,
        diagnostics: Vec::new(),
        out: RenderedDoc::default(),
        counter: 0,
        lines: std::cell::OnceCell::new(),
    }
}

impl Outline {
    /// The outline of a rendered document.
    pub fn of(doc: &RenderedDoc) -> Self {
        Self {
            headings: doc.headings.clone(),
            links: doc.links.clone(),
            anchors: doc.anchors.clone(),
            stats: doc.stats,
        }
    }
}

/// What a run of the shared passes is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The outline alone: no HTML is kept.
    Outline,
    /// The page's HTML: heading anchors are added.
    Page,
}

/// The passes an outline needs: tables, statistics, heading ids, links.
fn outline_passes<'a>(
    source: (&'a Document, &'a str),
    ctx: &MarkdownContext<'a>,
    state: &mut PageState<'_>,
    pass: Pass,
) -> Vec<events::Ev<'a>> {
    let events = passes_before_links(source, ctx, state, pass);
    links::resolve(events, ctx, state)
}

/// The passes that come before links are resolved: tables, statistics, heading ids.
fn passes_before_links<'a>(
    (doc, body): (&'a Document, &'a str),
    ctx: &MarkdownContext<'a>,
    state: &mut PageState<'_>,
    pass: Pass,
) -> Vec<events::Ev<'a>> {
    let events = if shortcodes::may_call(body) {
        shortcodes::expand(body, ctx, state)
    } else {
        events::parse(body)
    };
    math::labels(&events, state);
    let events = headings::drop_title_heading(events, ctx.site.title_of(state.id, doc));
    state.out.stats = stats::measure(&events);
    let taken = (&ctx.site.references, &ctx.targets.layout_ids);
    headings::assign_ids(events, state, taken, pass == Pass::Page)
}

/// A document's [`Outline`] and the problems found in its tables, headings and links,
/// without its HTML: what `serve` reads of a changed page to find the pages that
/// depend on it.
pub fn outline_document(
    id: DocId,
    doc: &Document,
    ctx: &MarkdownContext<'_>,
) -> (Outline, Vec<Diagnostic>) {
    let source = (doc, doc.body.as_str());
    let mut state = new_state(id, source, ctx);
    drop(outline_passes(source, ctx, &mut state, Pass::Outline));
    let out = state.out;
    (
        Outline {
            headings: out.headings,
            links: out.links,
            anchors: out.anchors,
            stats: out.stats,
        },
        state.diagnostics,
    )
}

/// Places `diagnostic` at the byte range `range` of `doc`'s body, `body`, which
/// `lines` indexes.
pub fn locate(
    doc: &Document,
    body: &str,
    lines: &LineIndex<'_>,
    diagnostic: Diagnostic,
    range: &Range<usize>,
) -> Diagnostic {
    let width = body
        .get(range.clone())
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
    diagnostic
        .in_file(std::path::Path::new(&doc.source))
        .at_indexed(lines, range.start)
        .width(width)
        .shifted(doc.body_line - 1)
}

/// Renders one document of `ctx.site` whose Markdown is `body`: its HTML, everything
/// its [`Outline`] holds, and every problem found in it.
pub fn render_document(
    id: DocId,
    (doc, body): (&Document, &str),
    ctx: &MarkdownContext<'_>,
) -> (RenderedDoc, Vec<Diagnostic>) {
    let mut state = new_state(id, (doc, body), ctx);
    let events = outline_passes((doc, body), ctx, &mut state, Pass::Page);
    let events = citations::number(events, ctx, &mut state);
    let events = footnotes::render(events, ctx.strings, &mut state);
    let events = tasks::label(events, ctx.strings);
    let events = glossary::link_terms(events, ctx, &mut state);
    let events = alerts::render(events, ctx.strings, &mut state);
    let events = highlight::highlight(events, ctx.highlights, &mut state);
    let events = math::render(events, ctx.math, &mut state);
    // Last: the cells' opening tags become raw HTML, which the term pass skips.
    let events = tables::align(events);
    let events = images::render(events, ctx);
    let size = html_size(&events);
    state.out.html = events::to_html(events.into_iter().map(|(e, _)| e), size);
    state.out.terms.shrink_to_fit();
    (state.out, state.diagnostics)
}

/// About the size of the HTML of `events`, so the page is written into one buffer: the
/// text and raw HTML (term links and their tooltips are most of a page) plus a little
/// per event for tags.
fn html_size(events: &[events::Ev<'_>]) -> usize {
    use pulldown_cmark::Event;
    events
        .iter()
        .map(|(e, _)| match e {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => t.len() + 8,
            _ => 16,
        })
        .sum()
}

/// Renders a line of inline Markdown (a table cell, a definition) to HTML without the
/// surrounding paragraph. Links are kept only when `keep_links` is set.
pub fn inline_html(text: &str, keep_links: bool) -> String {
    // Only absolute web and mail links survive: there is no page to resolve a relative
    // link against, and a `javascript:` URL must never reach an `href`.
    inline_html_with(text, &only_web_links(keep_links), None)
}

/// The `href` of [`inline_html_with`] that keeps absolute web and mail links (when
/// `keep` is set) and nothing else.
pub fn only_web_links(keep: bool) -> impl Fn(&str) -> Option<String> {
    move |url: &str| {
        let keep = keep
            && html::is_safe_url(url)
            && (url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with("mailto:"));
        keep.then(|| url.to_string())
    }
}

/// [`inline_html`] with each link's URL given by `href`: the link is kept, leading
/// there, when it gives one, and becomes its text when it gives `None`. With `site`, a
/// citation (`[@key]`) reads as author and year when its references know the keys,
/// and formulas know the site's macros.
pub fn inline_html_with(
    text: &str,
    href: &dyn Fn(&str) -> Option<String>,
    site: Option<&Site>,
) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let references = site.map(|s| &s.references);
    // Made on the first formula: most texts have none.
    let math = std::cell::OnceCell::new();
    let math = || {
        math.get_or_init(|| {
            crate::math::Math::for_site(site.map(|s| s.config.math_macros.as_slice()))
        })
    };
    // Inside a citation written as its author and year: its own text is dropped.
    let mut in_citation = false;
    // Only phrasing content survives, since the result goes inside a `<span>` or a
    // `<caption>`: block structure (paragraphs, lists, headings, quotes, code blocks,
    // tables) is flattened to its text with a space between blocks. Raw HTML is shown
    // as text.
    let mut kept: Vec<bool> = Vec::new();
    let evs = events::parse(text)
        .into_iter()
        .filter_map(move |(e, _)| match e {
            _ if in_citation => {
                in_citation = !matches!(e, Event::End(TagEnd::Link));
                None
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if dest_url.starts_with(events::CITE_PREFIX) && references.is_some() =>
            {
                let keys = &dest_url[events::CITE_PREFIX.len()..];
                let label = references.and_then(|r| citations::author_year(r, keys))?;
                in_citation = true;
                Some(Event::Text(label.into()))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = href(&dest_url);
                kept.push(url.is_some());
                url.map(|url| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Link) => kept.pop().unwrap_or(false).then_some(e),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
            )
            | Event::Text(_)
            | Event::Code(_) => Some(e),
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
            Event::InlineMath(latex) => {
                Some(Event::InlineHtml(math().inline(&latex, false).into()))
            }
            Event::DisplayMath(latex) => {
                Some(Event::InlineHtml(math().inline(&latex, true).into()))
            }
            Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
            Event::End(_) => Some(Event::Text(" ".into())),
            _ => None,
        });
    let html = events::to_html(evs, text.len() + 16);
    collapse_spaces(html.trim())
}

/// Runs of spaces (left where blocks were flattened) become one.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = false;
    for c in text.chars() {
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    out
}

/// The plain text of inline Markdown, for `title`-like places and search.
pub fn inline_text(text: &str) -> String {
    use pulldown_cmark::Event;
    let mut out = String::with_capacity(text.len());
    for (e, _) in events::parse(text) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_html_drops_the_paragraph_and_escapes_raw_html() {
        assert_eq!(
            inline_html("a *b* <script>x</script>", true),
            "a <em>b</em> &lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(inline_html("[x](https://e.org)", false), "x");
        assert_eq!(
            inline_html("[x](https://e.org)", true),
            "<a href=\"https://e.org\">x</a>"
        );
        assert_eq!(
            inline_html("[x](javascript:alert(1)) [y](@/t/a.md)", true),
            "x y"
        );
    }
}
