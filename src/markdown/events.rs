//! The event stream the Markdown passes share: pulldown-cmark events with their byte
//! ranges in the page body, so any pass can report a problem at its line and column.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

/// One event and where it came from in the body.
pub type Ev<'a> = (Event<'a>, Range<usize>);

/// The Markdown dialect: CommonMark + GFM tables, footnotes, strikethrough, task lists,
/// alerts, definition lists, smart punctuation, `{#id}` heading attributes and
/// `$…$` / `$$…$$` mathematics.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

/// The range of raw HTML that a pass writes itself before links are resolved (a
/// heading's anchor, a table's markup): empty, at byte `at` of the body, where the
/// author's raw HTML always has a range that holds it. The links pass resolves the
/// URLs of the author's raw HTML and leaves these alone.
pub fn generated_at(at: usize) -> Range<usize> {
    at..at
}

/// Prefix given to `[@key]` references so the citation pass can find them.
pub const CITE_PREFIX: &str = "cite:";

/// Parses `text` into events with ranges; `[@key]` and `[@a; @b]` become links to `cite:…`.
/// Adjacent text events are merged so term matching sees whole phrases, and a stray
/// `<` in an HTML block is escaped.
pub fn parse(text: &str) -> Vec<Ev<'_>> {
    // Each caller of the parser passes a closure of its own, so that each gets its own
    // copy of the parser's event loop, inlined into it: shared by two callers, the
    // loop was a call per event (0.35 % more instructions on the benchmark).
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(|l| cite_link(l)));
    // Prose makes about one event per 30 bytes; start the list big enough for most.
    merge_text(parser.into_offset_iter(), text.len() / 24 + 8, true)
}

/// The events of `text` as the parser makes them, before [`merge`]: a run of prose is
/// cut at every escape, entity and smart quote, so that each piece of text is either
/// its source, byte for byte, or one such character. What a pass needs that cuts
/// prose at a place of its source (an inline shortcode call). A stray `<` in an HTML
/// block is escaped, as by [`parse`].
pub fn parse_pieces(text: &str) -> Vec<Ev<'_>> {
    Parser::new_with_broken_link_callback(text, options(), Some(|l| cite_link(l)))
        .into_offset_iter()
        .map(|(mut event, range)| {
            escape_html_block(&mut event);
            (event, range)
        })
        .collect()
}

/// Merges the text of [`parse_pieces`] (and of what a pass made of them) as [`parse`]
/// does. The HTML a pass wrote (a shortcode's template) is left as it is.
pub fn merge(events: Vec<Ev<'_>>) -> Vec<Ev<'_>> {
    let capacity = events.len();
    merge_text(events.into_iter(), capacity, false)
}

/// What an undefined reference link becomes: `[@key]` a link to `cite:@key`, for the
/// citation pass; anything else stays text.
fn cite_link<'a>(link: pulldown_cmark::BrokenLink<'_>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let reference = link.reference.trim();
    reference.starts_with('@').then(|| {
        (
            CowStr::from(format!("{CITE_PREFIX}{reference}")),
            CowStr::from(""),
        )
    })
}

/// An HTML block is the author's text, verbatim; a `<` in it that starts no tag is
/// escaped (inline HTML is only ever a whole tag).
fn escape_html_block(event: &mut Event<'_>) {
    if let Event::Html(raw) = event
        && let Some(escaped) = super::html::escape_stray_lt(raw)
    {
        *event = Event::Html(CowStr::from(escaped));
    }
}

/// Joins adjacent text events; with `escape_html`, also escapes the HTML blocks (done
/// in this loop rather than by a `map` before it, which moved every event once more:
/// +15 M instructions on the 1k benchmark).
fn merge_text<'a>(
    events: impl Iterator<Item = Ev<'a>>,
    capacity: usize,
    escape_html: bool,
) -> Vec<Ev<'a>> {
    let mut out: Vec<Ev<'a>> = Vec::with_capacity(capacity);
    // The text being joined onto the last event; written back when the run ends, so a
    // paragraph split into many pieces (every apostrophe is one) is joined in linear time.
    let mut joined: Option<String> = None;
    for (mut event, range) in events {
        if escape_html {
            escape_html_block(&mut event);
        }
        if let Event::Text(text) = &event
            && let Some((Event::Text(prev), prev_range)) = out.last_mut()
        {
            joined
                .get_or_insert_with(|| prev.to_string())
                .push_str(text);
            prev_range.end = range.end;
            continue;
        }
        write_back(&mut out, &mut joined);
        out.push((event, range));
    }
    write_back(&mut out, &mut joined);
    out
}

/// Puts the joined text, if any, into the last event (a text event).
fn write_back(out: &mut [Ev<'_>], joined: &mut Option<String>) {
    if let Some(text) = joined.take()
        && let Some((Event::Text(last), _)) = out.last_mut()
    {
        *last = CowStr::from(text);
    }
}

/// Writes events as HTML.
pub fn to_html<'a>(events: impl Iterator<Item = Event<'a>>, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
