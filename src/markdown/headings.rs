//! Heading ids: every heading gets a unique id (its `{#custom}` id or a slug of its
//! text), an anchor link, and an entry in the page's outline.
//!
//! Ids the theme uses for its own landmarks are reserved, so a heading called
//! "References" never collides with the reference list; nor may a heading take the
//! id of a footnote, a tooltip, a table or a reference-list entry. An id the author
//! wrote wins over one made from text, which numbers up instead; a written id that
//! is malformed (see [`super::explicit_ids`]) or taken is reported where it is written.

use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::PageState;
use super::events::Ev;
use super::explicit_ids::{self, IdProblem};
use super::html::escape;
use crate::model::References;
use crate::slug::slugify;

pub use crate::urls::LAYOUT_IDS as RESERVED_IDS;

/// One heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// Gives every heading an id, in place, and records the outline; with `anchors`, also
/// adds each heading's anchor link (the outline pass does without them). An id the
/// author wrote (`{#id}`) wins over one made from a heading's text; one that is
/// malformed or taken is reported, and the heading gets the id suggested instead.
pub fn assign_ids<'a>(
    mut events: Vec<Ev<'a>>,
    state: &mut PageState<'_>,
    (references, layout): (&References, &HashSet<String>),
    anchors: bool,
) -> Vec<Ev<'a>> {
    let spans = find_headings(&mut events);
    if spans.is_empty() {
        return events;
    }
    let mut ids = PageIds::new(&spans, &state.out.anchors, (references, layout));
    // Where each anchor goes (the index of the heading's end) and what it is.
    let mut inserts: Vec<(usize, Ev<'a>)> = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        let range = events[span.start].1.clone();
        let problem = block_problem(state.body, &range);
        // What is said of a written id points at its `{…}` block.
        let at = block_range(state.body, &range).unwrap_or_else(|| range.clone());
        let id = heading_id(&mut ids, &spans, index, problem.as_ref(), &at, state);
        if anchors {
            let range = super::events::generated_at(events[span.end].1.end);
            inserts.push((span.end, (anchor_link(&id), range)));
        }
        set_id(&mut events[span.start].0, &id, problem.as_ref());
        state.out.headings.push(Heading {
            level: level_number(span.level),
            id,
            text: span.text.trim().to_string(),
        });
    }
    insert_anchors(events, inserts)
}

/// What is wrong with the `{…}` block of the heading at `range` of `body`, if anything.
fn block_problem(body: &str, range: &Range<usize>) -> Option<IdProblem> {
    body.get(range.clone())
        .and_then(explicit_ids::attribute_block)
        .and_then(explicit_ids::check)
}

/// Where the `{…}` block of the heading at `range` of `body` is, braces included.
fn block_range(body: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let heading = body.get(range.clone())?;
    let block = explicit_ids::attribute_block(heading)?;
    // `block` is a part of `heading`, just inside its braces.
    let start = range.start + (block.as_ptr() as usize - heading.as_ptr() as usize) - 1;
    Some(start..start + block.len() + 2)
}

/// The `#` link a heading ends with, to its own id.
fn anchor_link(id: &str) -> Event<'static> {
    Event::Html(CowStr::from(format!(
        "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
        escape(id)
    )))
}

/// One heading of the events: where it starts and ends, its words and the id its
/// `{#…}` block gives it.
struct Span {
    /// The index of the heading's start event, and of its end event.
    start: usize,
    end: usize,
    /// Where the heading starts in the body.
    offset: usize,
    level: HeadingLevel,
    text: String,
    /// The id made from the text.
    slug: String,
    custom: Option<String>,
}

/// The id made from a heading's text.
fn slug_of(text: &str) -> String {
    let s = slugify(text);
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// Every heading of `events`, closing one the parser left open.
fn find_headings(events: &mut Vec<Ev<'_>>) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (level, custom) = match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                (*level, id.as_ref().map(|c| c.to_string()))
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let (end, text) = heading_text(events, i);
        if end == events.len() {
            // The parser always closes a heading; keep the output balanced regardless.
            let range = events[i].1.clone();
            events.push((Event::End(TagEnd::Heading(level)), range));
        }
        let offset = events[i].1.start;
        spans.push(Span {
            start: i,
            offset,
            end,
            level,
            slug: slug_of(&text),
            text,
            custom,
        });
        i = end + 1;
    }
    spans
}

/// The index of the end of the heading that starts at `start`, and its plain text.
fn heading_text(events: &[Ev<'_>], start: usize) -> (usize, String) {
    let mut text = String::new();
    let mut end = start + 1;
    // A citation (`[@key]`) is not part of the heading's words: its key would end up
    // in the id and in the outline.
    let mut in_citation = 0usize;
    while end < events.len() {
        match &events[end].0 {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Start(Tag::Link { dest_url, .. })
                if in_citation > 0 || dest_url.starts_with(super::events::CITE_PREFIX) =>
            {
                in_citation += 1
            }
            Event::End(TagEnd::Link) if in_citation > 0 => in_citation -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) if in_citation == 0 => {
                text.push_str(t)
            }
            // A shortcode's HTML: its words are the heading's too.
            Event::InlineHtml(html) if in_citation == 0 => {
                text.push_str(&super::html::visible_text(html))
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
        end += 1;
    }
    (end, text.trim_end().to_string())
}

/// Sets the heading's id; when the author's id ran on past a space, the words the
/// parser made into attributes are dropped with it.
fn set_id(event: &mut Event<'_>, id: &str, problem: Option<&IdProblem>) {
    if let Event::Start(Tag::Heading {
        id: slot, attrs, ..
    }) = event
    {
        if let Some(IdProblem::Space { written, .. }) = problem {
            let stray: Vec<&str> = written.split_ascii_whitespace().skip(1).collect();
            attrs.retain(|(key, value)| value.is_some() || !stray.contains(&key.as_ref()));
        }
        *slot = Some(CowStr::from(id.to_string()));
    }
}

/// The events with each anchor slotted in before its heading's end, in one move.
fn insert_anchors<'a>(events: Vec<Ev<'a>>, inserts: Vec<(usize, Ev<'a>)>) -> Vec<Ev<'a>> {
    if inserts.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + inserts.len());
    let mut rest = events.into_iter();
    let mut at = 0;
    for (index, anchor) in inserts {
        out.extend(rest.by_ref().take(index - at));
        out.push(anchor);
        at = index;
    }
    out.extend(rest);
    out
}

/// The id of heading `index`, whose `{…}` block has `problem`, which is reported.
fn heading_id(
    ids: &mut PageIds<'_>,
    spans: &[Span],
    index: usize,
    problem: Option<&IdProblem>,
    range: &Range<usize>,
    state: &mut PageState<'_>,
) -> String {
    let span = &spans[index];
    let id = match (problem, &span.custom) {
        // The heading gets the id the author most likely meant.
        (Some(p), _) if p.is_error() => {
            ids.claim(&p.meant().unwrap_or_else(|| span.slug.clone()), index)
        }
        (_, Some(custom)) => written_id(ids, spans, index, custom, range, state),
        (_, None) => ids.claim(&span.slug, index),
    };
    if let Some(p) = problem {
        report_block(p, &id, range, state);
    }
    id
}

/// The id of heading `index`, whose author wrote `wanted`: that id, unless something
/// else on the page has it.
fn written_id(
    ids: &mut PageIds<'_>,
    spans: &[Span],
    index: usize,
    wanted: &str,
    range: &Range<usize>,
    state: &mut PageState<'_>,
) -> String {
    let span = &spans[index];
    if let Some(owner) = ids.owner(wanted) {
        let fix = ids.claim(&span.slug, index);
        report_taken(wanted, &owner, &fix, spans, range, state);
        return fix;
    }
    if let Some(other) = ids.made_from_text(wanted).filter(|_| span.slug != wanted) {
        let fix = ids.free(&span.slug);
        report_shared(wanted, &spans[other], &fix, range, state);
    }
    ids.take(wanted, index);
    wanted.to_string()
}

/// Drops a first-line `# Heading` that repeats the page's `title`: the template already
/// shows the title as the page's one `<h1>` (content written for mdBook or MkDocs
/// often starts with one). Compared ignoring case, surrounding space and the curly
/// quotes smart punctuation gives the body's text.
pub fn drop_title_heading<'a>(mut events: Vec<Ev<'a>>, title: &str) -> Vec<Ev<'a>> {
    let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.first()
    else {
        return events;
    };
    let Some(end) = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
    else {
        return events;
    };
    let mut text = String::new();
    for (event, _) in &events[1..end] {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let plain = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| match c {
                '’' | '‘' => '\'',
                '“' | '”' => '"',
                other => other,
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    if text.trim().eq_ignore_ascii_case(title.trim()) || plain(&text) == plain(title) {
        events.drain(..=end);
    }
    events
}

/// What already has an id that a heading's author wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// The page layout (`main`, `toc`, …).
    Layout,
    /// The ids footnotes and tooltips are numbered with (`fn-1`, `term-tip-2`).
    Numbered,
    /// A table of the body (`table-<name>`, and its caption).
    Table,
    /// The reference list's entry for this key (`ref-<key>`).
    Reference(String),
    /// Another heading, by index.
    Heading(usize),
}

/// The ids of one page: which heading has taken which, and what else the page holds.
struct PageIds<'r> {
    /// Each heading's id so far, and the heading's index.
    claims: HashMap<String, usize>,
    /// Ids written on any heading of the page: the ids made from text make way for them.
    written: HashSet<String>,
    /// The first heading without a written id that each id made from text belongs to.
    from_text: HashMap<String, usize>,
    /// Ids of the body's other elements (tables and their captions).
    elements: HashSet<String>,
    references: &'r References,
    /// Ids the templates write beyond the default layout's.
    layout: &'r HashSet<String>,
    /// Per wanted id, where the search for a free `-N` starts, so a page with
    /// thousands of headings of the same name does not probe `-1`, `-2`, … again
    /// for each one.
    next: HashMap<String, usize>,
}

impl<'r> PageIds<'r> {
    fn new(
        spans: &[Span],
        anchors: &[String],
        (references, layout): (&'r References, &'r HashSet<String>),
    ) -> Self {
        let written = spans.iter().filter_map(|s| s.custom.clone()).collect();
        let mut from_text = HashMap::default();
        for (index, span) in spans.iter().enumerate() {
            if span.custom.is_none() {
                from_text.entry(span.slug.clone()).or_insert(index);
            }
        }
        let elements = anchors
            .iter()
            .flat_map(|a| [a.clone(), format!("{a}-caption")])
            .collect();
        Self {
            claims: HashMap::default(),
            written,
            from_text,
            elements,
            references,
            layout,
            next: HashMap::default(),
        }
    }

    /// What has `id` already, if anything.
    fn owner(&self, id: &str) -> Option<Owner> {
        if RESERVED_IDS.contains(&id) || (!self.layout.is_empty() && self.layout.contains(id)) {
            return Some(Owner::Layout);
        }
        if is_generated(id) {
            return Some(Owner::Numbered);
        }
        if let Some(&index) = self.claims.get(id) {
            return Some(Owner::Heading(index));
        }
        if self.elements.contains(id) {
            return Some(Owner::Table);
        }
        id.strip_prefix("ref-")
            .filter(|key| self.references.get(key).is_some())
            .map(|key| Owner::Reference(key.to_string()))
    }

    /// Whether an id made from text may not be `id`.
    fn is_taken(&self, id: &str) -> bool {
        self.written.contains(id) || self.owner(id).is_some()
    }

    /// The heading without a written id whose text gives `id`, if any.
    fn made_from_text(&self, id: &str) -> Option<usize> {
        self.from_text.get(id).copied()
    }

    /// Gives `id` to heading `index`.
    fn take(&mut self, id: &str, index: usize) {
        self.claims.insert(id.to_string(), index);
    }

    /// `wanted`, or `wanted-N` with the first free N, given to heading `index`.
    fn claim(&mut self, wanted: &str, index: usize) -> String {
        let id = self.free(wanted);
        let base = wanted_base(wanted);
        if let Some(n) = id.strip_prefix(&base).and_then(|n| n.strip_prefix('-')) {
            self.next.insert(base, n.parse::<usize>().unwrap_or(0) + 1);
        }
        self.take(&id, index);
        id
    }

    /// What [`Self::claim`] would give, without giving it.
    fn free(&self, wanted: &str) -> String {
        let base = wanted_base(wanted);
        if !self.is_taken(&base) {
            return base;
        }
        let start = self.next.get(&base).copied().unwrap_or(1);
        (start..)
            .map(|n| format!("{base}-{n}"))
            .find(|c| !self.is_taken(c))
            .expect("a free number")
    }
}

/// The id numbered suffixes go on: `wanted`, or `section-wanted` when `wanted` has
/// the shape of a generated id (a suffix could keep it: `fnref-2-1`).
fn wanted_base(wanted: &str) -> String {
    if is_generated(wanted) {
        format!("section-{wanted}")
    } else {
        wanted.to_string()
    }
}

/// Whether `id` has the shape of an id the Markdown passes number themselves (a
/// tooltip's, a footnote's), which a heading must not take.
fn is_generated(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    super::footnotes::is_footnote_id(id) || numbered("term-tip-") || numbered("cite-tip-")
}

/// Reports a written id that something else on the page has; the heading gets `fix`.
fn report_taken(
    wanted: &str,
    owner: &Owner,
    fix: &str,
    spans: &[Span],
    range: &Range<usize>,
    state: &mut PageState<'_>,
) {
    let message = match owner {
        Owner::Layout => format!("heading id `{wanted}` is used by the page layout"),
        Owner::Numbered => {
            format!("heading id `{wanted}` is kept for the page's footnotes and tooltips")
        }
        Owner::Table => format!("heading id `{wanted}` is the id of a table on this page"),
        Owner::Reference(key) => {
            format!("heading id `{wanted}` is the id of `{key}` in the page's reference list")
        }
        Owner::Heading(other) => format!(
            "heading id `{wanted}` is used twice on this page (first on line {})",
            state.line_at(spans[*other].offset)
        ),
    };
    let hint = match owner {
        Owner::Heading(_) => format!("give each heading its own id, such as `{{#{fix}}}`"),
        Owner::Numbered => format!(
            "`{wanted}` has the form of the ids given to footnotes and tooltips; choose another id, such as `{{#{fix}}}`"
        ),
        _ => format!("choose another id, such as `{{#{fix}}}`"),
    };
    state.error_at(message, hint, range);
}

/// Reports a written id that another heading, `other`, would get from its text: that
/// heading's id is numbered instead. `fix` is a free id for the heading at `range`.
fn report_shared(
    wanted: &str,
    other: &Span,
    fix: &str,
    range: &Range<usize>,
    state: &mut PageState<'_>,
) {
    let line = state.line_at(other.offset);
    state.warn_at(
        format!(
            "heading id `{wanted}` is also the id the heading “{}” (line {line}) gets from its text",
            other.text.trim()
        ),
        format!(
            "that heading's id is numbered instead, and links to `#{wanted}` lead here; to keep `#{wanted}` for it, choose another id here, such as `{{#{fix}}}`"
        ),
        range,
    );
}

/// Reports what is wrong with a heading's `{…}` block; the heading's id is `id`. An
/// error when the written id breaks the page, a warning when part of the block is
/// not used.
fn report_block(problem: &IdProblem, id: &str, range: &Range<usize>, state: &mut PageState<'_>) {
    let (message, hint) = match problem {
        IdProblem::Space { written, .. } => (
            format!(
                "heading id `{}` has a space in it",
                written.trim_start_matches('#')
            ),
            format!("an id is one word: write `{{#{id}}}`"),
        ),
        IdProblem::Character {
            id: written,
            character,
        } => (
            format!(
                "heading id `{written}` contains {}, which a link to it cannot hold as it is",
                describe(*character)
            ),
            format!("use letters, digits, `-` and `_`: write `{{#{id}}}`"),
        ),
        IdProblem::Empty => (
            "heading attribute `{#}` has no id after the `#`".to_string(),
            format!(
                "the heading keeps the id made from its text, `{id}`; write the id after `#` (`{{#{id}}}`), or remove `{{#}}`"
            ),
        ),
        IdProblem::Several { ids } => (
            format!(
                "heading has {} ids ({}); only the last one is used",
                ids.len(),
                ids.iter()
                    .map(|i| format!("`#{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("an element has one id: keep `{{#{id}}}`, and link to `#{id}`"),
        ),
    };
    if problem.is_error() {
        state.error_at(message, hint, range);
    } else {
        state.warn_at(message, hint, range);
    }
}

/// A character as a message shows it: in backquotes, or by its code point when it
/// cannot be seen.
fn describe(c: char) -> String {
    if c.is_whitespace() || c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

pub fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids `claim` gives headings wanting `wanted`, in order, on an empty page.
    fn claim_all(wanted: &[&str]) -> Vec<String> {
        let references = References::new(Vec::new());
        let layout = HashSet::default();
        let mut ids = PageIds::new(&[], &[], (&references, &layout));
        (0..wanted.len()).map(|i| ids.claim(wanted[i], i)).collect()
    }

    /// Ids as the first-free-number rule gives them, probing from 1 every time.
    fn reference(wanted: &[&str]) -> Vec<String> {
        let references = References::new(Vec::new());
        let layout = HashSet::default();
        let mut ids = PageIds::new(&[], &[], (&references, &layout));
        wanted
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let id = if ids.is_taken(w) {
                    (1..)
                        .map(|n| format!("{w}-{n}"))
                        .find(|c| !ids.is_taken(c))
                        .unwrap()
                } else {
                    w.to_string()
                };
                ids.take(&id, i);
                id
            })
            .collect()
    }

    #[test]
    fn repeated_names_number_up_like_the_first_free_rule() {
        let wanted = [
            "intro",
            "intro",
            "intro-2",
            "intro",
            "intro-1",
            "intro",
            "references",
            "notes",
            "intro-3",
            "intro",
        ];
        let ids = claim_all(&wanted);
        assert_eq!(ids, reference(&wanted));
        assert_eq!(ids[..4], ["intro", "intro-1", "intro-2", "intro-3"]);
    }

    #[test]
    fn a_first_heading_that_repeats_the_title_is_dropped() {
        let render = |body: &str| {
            let site = crate::markdown::test_support::site("title: T\n", "fundamentals", body);
            crate::markdown::test_support::render(&site).0
        };
        // The test page's title is "Page".
        let doc = render("# page\n\nText.\n\n## Later\n");
        assert!(!doc.html.contains("<h1"), "{}", doc.html);
        assert_eq!(doc.headings.len(), 1);
        for body in ["# Another title\n\nText.\n", "Text first.\n\n# Page\n"] {
            let doc = render(body);
            assert!(doc.html.contains("<h1"), "{body}: {}", doc.html);
        }
    }

    #[test]
    fn a_citation_in_a_heading_is_left_out_of_its_id_and_text() {
        let site = crate::markdown::test_support::site(
            "title: T\n",
            "fundamentals",
            "## Effects of fasting [@smith-2020]\n\nText.\n",
        );
        let (doc, diags) = crate::markdown::test_support::render(&site);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.headings[0].id, "effects-of-fasting");
        assert_eq!(doc.headings[0].text, "Effects of fasting");
    }

    #[test]
    fn headings_never_take_the_ids_of_footnotes_or_tooltips() {
        let ids = claim_all(&[
            "fn-1",
            "fnref-2",
            "term-tip-3",
            "cite-tip-4",
            "fn-notes",
            "fn-1",
        ]);
        assert_eq!(
            ids,
            [
                "section-fn-1",
                "section-fnref-2",
                "section-term-tip-3",
                "section-cite-tip-4",
                "fn-notes",
                "section-fn-1-1"
            ]
        );
    }

    /// Renders `body` as the test page: its headings' ids, and each diagnostic as
    /// `severity: message | hint`.
    fn ids_and_diagnostics(body: &str) -> (Vec<String>, Vec<String>, String) {
        let site = crate::markdown::test_support::site("title: T\n", "fundamentals", body);
        ids_and_diagnostics_of(&site)
    }

    fn ids_and_diagnostics_of(site: &crate::model::Site) -> (Vec<String>, Vec<String>, String) {
        let (doc, diags) = crate::markdown::test_support::render(site);
        let ids = doc.headings.iter().map(|h| h.id.clone()).collect();
        let diags = diags
            .iter()
            .map(|d| {
                let severity = if d.is_error() { "error" } else { "warning" };
                format!(
                    "{severity}: {} | {}",
                    d.message,
                    d.hint.as_deref().unwrap_or("")
                )
            })
            .collect();
        (ids, diags, doc.html)
    }

    #[test]
    fn a_written_id_with_a_space_is_an_error_and_the_heading_gets_its_slug() {
        let (ids, diags, html) =
            ids_and_diagnostics("## Setup {#Bad Id}\n\n## Other {#my id .note}\n");
        assert_eq!(
            diags,
            [
                "error: heading id `Bad Id` has a space in it | an id is one word: write `{#bad-id}`",
                "error: heading id `my id` has a space in it | an id is one word: write `{#my-id}`",
            ]
        );
        assert_eq!(ids, ["bad-id", "my-id"]);
        // Without the words the parser made into attributes (`Id=""`, a second `id`).
        assert!(html.contains("<h2 id=\"bad-id\">Setup"), "{html}");
        assert!(
            html.contains("<h2 id=\"my-id\" class=\"note\">Other"),
            "{html}"
        );
    }

    #[test]
    fn a_written_id_a_link_cannot_hold_is_an_error_and_other_ids_are_kept_as_written() {
        let (ids, diags, _) =
            ids_and_diagnostics("## Half {#50%}\n\n## Quote {#say\"hi\"}\n\n## Odd {#%%}\n");
        assert_eq!(
            diags,
            [
                "error: heading id `50%` contains `%`, which a link to it cannot hold as it is | use letters, digits, `-` and `_`: write `{#50}`",
                "error: heading id `say\"hi\"` contains `\"`, which a link to it cannot hold as it is | use letters, digits, `-` and `_`: write `{#say-hi}`",
                "error: heading id `%%` contains `%`, which a link to it cannot hold as it is | use letters, digits, `-` and `_`: write `{#odd}`",
            ]
        );
        assert_eq!(ids, ["50", "say-hi", "odd"]);
        // Unusual but valid ids are kept as written, as Zola and Hugo keep them.
        let (ids, diags, _) = ids_and_diagnostics(
            "## A {#1intro}\n\n## B {#Setup}\n\n## C {#v1.2}\n\n## D {#café}\n\n## E {#a .note lang=fr}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ids, ["1intro", "Setup", "v1.2", "café", "a"]);
    }

    #[test]
    fn an_empty_id_or_two_ids_are_warnings() {
        let (ids, diags, _) = ids_and_diagnostics("## Setup {#}\n\n## Two {#a #b}\n");
        assert_eq!(
            diags,
            [
                "warning: heading attribute `{#}` has no id after the `#` | the heading keeps the id made from its text, `setup`; write the id after `#` (`{#setup}`), or remove `{#}`",
                "warning: heading has 2 ids (`#a`, `#b`); only the last one is used | an element has one id: keep `{#b}`, and link to `#b`",
            ]
        );
        assert_eq!(ids, ["setup", "b"]);
    }

    #[test]
    fn a_written_id_used_twice_names_the_first_line() {
        let (ids, diags, _) = ids_and_diagnostics("## Intro {#intro}\n\n## Again {#intro}\n");
        assert_eq!(
            diags,
            [
                "error: heading id `intro` is used twice on this page (first on line 1) | give each heading its own id, such as `{#again}`"
            ]
        );
        assert_eq!(ids, ["intro", "again"]);
    }

    #[test]
    fn a_written_id_wins_over_the_id_of_another_headings_text_whichever_comes_first() {
        for (body, ids_wanted) in [
            ("## Notes\n\n## Summary {#notes}\n", ["notes-1", "notes"]),
            ("## Summary {#notes}\n\n## Notes\n", ["notes", "notes-1"]),
        ] {
            let (ids, diags, _) = ids_and_diagnostics(body);
            assert_eq!(ids, ids_wanted, "{body}");
            assert_eq!(diags.len(), 1, "{body}: {diags:?}");
            assert!(
                diags[0].starts_with(
                    "warning: heading id `notes` is also the id the heading “Notes” (line "
                ),
                "{diags:?}"
            );
            assert!(
                diags[0].ends_with("choose another id here, such as `{#summary}`"),
                "{diags:?}"
            );
        }
        // Its own text's id is no news, and two headings called Notes number up.
        let (ids, diags, _) = ids_and_diagnostics("## Notes {#notes}\n\n## Notes\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ids, ["notes", "notes-1"]);
    }

    #[test]
    fn a_heading_cannot_take_the_id_of_the_layout_a_table_or_a_reference() {
        let (ids, diags, _) = ids_and_diagnostics(
            "## Main {#main}\n\n## Source {#ref-smith-2020}\n\n## Other {#ref-nobody}\n",
        );
        assert_eq!(
            diags,
            [
                "error: heading id `main` is used by the page layout | choose another id, such as `{#main-1}`",
                "error: heading id `ref-smith-2020` is the id of `smith-2020` in the page's reference list | choose another id, such as `{#source}`",
            ]
        );
        assert_eq!(ids, ["main-1", "source", "ref-nobody"]);
        let mut site = crate::markdown::test_support::site(
            "title: T\n",
            "fundamentals",
            "{{ table(name=\"inputs\") }}\n\n## Data {#table-inputs}\n\n## Table inputs\n",
        );
        site.tables.insert(
            "inputs".into(),
            crate::model::Table {
                name: "inputs".into(),
                title: "Inputs".into(),
                caption: String::new(),
                columns: vec![crate::model::Column {
                    key: "a".into(),
                    label: "A".into(),
                    header: false,
                }],
                rows: vec![vec!["one".into()]],
                source: "data/inputs.yaml".into(),
            },
        );
        let (ids, diags, html) = ids_and_diagnostics_of(&site);
        assert_eq!(
            diags,
            [
                "error: heading id `table-inputs` is the id of a table on this page | choose another id, such as `{#data}`"
            ]
        );
        assert_eq!(ids, ["data", "table-inputs-1"]);
        assert_eq!(html.matches("id=\"table-inputs\"").count(), 1, "{html}");
    }
}
