//! Shortcodes inside a sentence: `{{ name(key="value") }}` among the words of a
//! paragraph, a list item, a heading or a table cell, replaced by its template's HTML
//! where it stands. A call alone in its paragraph is the block form, which
//! [`super::expand`] handles; this module takes the calls in runs of prose.
//!
//! Markdown must not read a call's arguments: the quotes around their values would
//! pair with the quotes of the text around the call, and a `*` or a backtick in a
//! value would open emphasis or code. So [`calls_in`] finds the calls in a first
//! parse (a call starts and ends in text, on one line, whatever Markdown made of its
//! middle), [`blank`] turns each into `%xx…x%` of the same length, and the page is
//! parsed again: the text around a call then reads as if an inline tag stood there
//! (the `%` at each end is punctuation, as a tag's `<` and `>` are, so emphasis and
//! quotes next to it close as they would around `<kbd>`), at the same byte offsets.
//! [`expand_run`] puts each call's HTML where its blank is. A `{{` after an odd number
//! of backslashes is escaped, not a call.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::events::Ev;
use super::super::html::visible_text;
use super::super::{MarkdownContext, PageState};
use super::{Call, authored, parse_call, starts_call};

/// A call found in a run of prose: where it is in the body, and its HTML (empty when
/// the call was wrong, which is reported).
struct Found {
    range: Range<usize>,
    html: String,
}

/// The byte ranges of the calls inside sentences in `pieces`, the parser's pieces of
/// `body`: `{{ name(…) }}` on one line, starting and ending in prose (not in code),
/// and not a paragraph of its own (that is the block form).
pub(super) fn calls_in(pieces: &[Ev<'_>], body: &str) -> Vec<Range<usize>> {
    let mut calls = Vec::new();
    let mut in_code = false;
    let mut paragraph: Option<&str> = None;
    let mut i = 0;
    while i < pieces.len() {
        let (event, range) = &pieces[i];
        if !is_inline(event) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Start(Tag::Paragraph) => {
                    paragraph = body.get(range.clone()).map(str::trim);
                }
                Event::End(TagEnd::Paragraph) => paragraph = None,
                _ => {}
            }
            i += 1;
            continue;
        }
        // A run of inline events: the source they cover, and where its text is.
        let mut span = range.clone();
        let mut text: Vec<Range<usize>> = Vec::new();
        while let Some((event, range)) = pieces.get(i).filter(|(e, _)| is_inline(e)) {
            span = span.start.min(range.start)..span.end.max(range.end);
            if matches!(event, Event::Text(_)) {
                text.push(range.clone());
            }
            i += 1;
        }
        let (Some(source), false) = (body.get(span.clone()), in_code) else {
            continue;
        };
        let in_text = |at: usize| text.iter().any(|r| r.contains(&at));
        calls.extend(candidates(source, span.start).into_iter().filter(|call| {
            let written = &body[call.clone()];
            written.starts_with("{{")
                && written.ends_with("}}")
                && in_text(call.start)
                && in_text(call.end - 1)
                && paragraph != Some(written)
        }));
    }
    calls
}

/// An event that stands inside a line of text.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// `body` with each of `calls` made `%xx…x%`, byte for byte: valid UTF-8 of the same
/// length, which Markdown reads as a word between two punctuation marks.
pub(super) fn blank(body: &str, calls: &[Range<usize>]) -> String {
    let mut blanked = body.as_bytes().to_vec();
    for call in calls {
        blanked[call.clone()].fill(b'x');
        blanked[call.start] = b'%';
        blanked[call.end - 1] = b'%';
    }
    // Each call starts at `{` and ends at `}`, so no character is cut.
    String::from_utf8(blanked).unwrap_or_else(|_| body.to_string())
}

/// Where a run of prose is, for what a call's HTML may become there.
#[derive(Clone, Copy)]
pub(super) struct Place<'v> {
    /// The source the run's pieces were parsed from: the body with its calls blanked.
    pub(super) view: &'v str,
    /// The calls [`calls_in`] found, blanked in `view`.
    pub(super) calls: &'v [Range<usize>],
    /// Inside an image's text, which is an attribute: the HTML's words only.
    pub(super) in_image: bool,
}

/// Expands the calls in `run` (consecutive text pieces of one line) into `out`, and
/// warns about what looks like a call but stays text.
pub(super) fn expand_run<'a>(
    run: Vec<Ev<'a>>,
    body: &'a str,
    place: Place<'_>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    out: &mut Vec<Ev<'a>>,
) {
    let span = match (run.first(), run.last()) {
        (Some(first), Some(last)) => first.1.start..last.1.end,
        _ => return,
    };
    let source = match body.get(span.clone()) {
        Some(source) if source.contains('{') => source,
        _ => return out.extend(run),
    };
    let mut found = Vec::new();
    for range in candidates(source, span.start) {
        let written = &body[range.clone()];
        let block = written.starts_with("{%");
        let closed = written.ends_with(if block { "%}" } else { "}}" });
        if !closed {
            report_unclosed(block, &range, state);
        } else if block {
            report_block_form(written, &range, state);
        } else if !place.calls.contains(&range) || !cuttable(&run, place.view, &range) {
            state.warn_at(
                "this shortcode is printed as text: it cannot be cut out of the text around it",
                "put it in a paragraph of its own, with a blank line before and after",
                &range,
            );
        } else {
            let html = render(written, ctx, state, &range);
            let html = if place.in_image {
                visible_text(&html)
            } else {
                html
            };
            found.push(Found { range, html });
        }
    }
    if found.is_empty() {
        return out.extend(run);
    }
    splice(run, body, &found, place.in_image, out);
}

/// The byte ranges (in the body) of what starts like a call in `source`, a run of
/// prose at byte `offset`: `{{ name(` up to its `}}`, or `{% name(` up to its `%}`,
/// or to the end of its line when it is never closed there. A brace after an odd
/// number of backslashes is escaped and starts nothing.
fn candidates(source: &str, offset: usize) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find('{').map(|i| from + i) {
        from = at + 1;
        let rest = &source[at..];
        let block = rest.starts_with("{%");
        let backslashes = source[..at]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 || !(block || rest.starts_with("{{")) || !starts_call(&rest[2..]) {
            continue;
        }
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let close = if block { "%}" } else { "}}" };
        let len = line.find(close).map_or(line.trim_end().len(), |i| i + 2);
        found.push(offset + at..offset + at + len);
        from = at + len.max(1);
    }
    found
}

/// Whether the call at `range` can be cut out of the pieces of `run`: each of its
/// ends falls between two pieces or inside a piece that is its own source in `view`
/// (always so once the call is blanked out).
fn cuttable(run: &[Ev<'_>], view: &str, range: &Range<usize>) -> bool {
    [range.start, range.end].into_iter().all(|at| {
        run.iter().filter(|(_, r)| r.start < at && at < r.end).all(
            |(event, r)| matches!(event, Event::Text(text) if view.get(r.clone()) == Some(&**text)),
        )
    })
}

/// The HTML of one call inside a sentence, trimmed (a template file ends with a line
/// break, which would show as a space), or nothing once an error is reported.
fn render(
    written: &str,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &Range<usize>,
) -> String {
    let call = match parse_call(written) {
        Some(Ok(call)) => call,
        Some(Err(why)) => {
            state.error_at(
                format!("malformed shortcode: {why}"),
                "write it as {{ name(key=\"value\", other=\"value\") }}",
                range,
            );
            return String::new();
        }
        None => return String::new(),
    };
    if call.name == "table" {
        state.error_at(
            "a data table cannot stand inside a sentence or a list item",
            format!(
                "move `{written}` to a paragraph of its own, with a blank line before and after"
            ),
            range,
        );
        return String::new();
    }
    // In a table cell, `\|` is how a `|` is written.
    let unescaped: Vec<(&str, String)> = call
        .args
        .iter()
        .map(|&(key, value)| (key, value.replace("\\|", "|")))
        .collect();
    let call = Call {
        name: call.name,
        args: unescaped.iter().map(|(k, v)| (*k, v.as_str())).collect(),
    };
    let html = authored::render(&call, None, ctx, state, range).unwrap_or_default();
    if let Some(tag) = block_tag(&html) {
        state.warn_at(
            format!(
                "the shortcode `{}` writes a `<{tag}>`, which HTML does not allow inside a sentence: browsers move it out of the paragraph",
                call.name
            ),
            "call it alone in its paragraph, with a blank line before and after, or have its template write inline elements (`<span>`, `<abbr>`, `<a>`, `<kbd>`)",
            range,
        );
    }
    html.trim().to_string()
}

/// The first element of `html` that cannot stand inside a paragraph.
fn block_tag(html: &str) -> Option<&str> {
    const BLOCK: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ];
    html.match_indices('<').find_map(|(at, _)| {
        let rest = &html[at + 1..];
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..len];
        BLOCK
            .iter()
            .any(|b| b.eq_ignore_ascii_case(name))
            .then_some(name)
    })
}

/// `run` with each call of `found` (in order, not overlapping) in place of the text
/// it covers: as inline HTML, or as text in an image's text.
fn splice<'a>(
    run: Vec<Ev<'a>>,
    body: &'a str,
    found: &[Found],
    as_text: bool,
    out: &mut Vec<Ev<'a>>,
) {
    let mut calls = found.iter().peekable();
    for (event, range) in run {
        let mut at = range.start;
        while at < range.end {
            // Calls that end before this place are done.
            while calls.next_if(|c| c.range.end <= at).is_some() {}
            match calls.peek() {
                Some(call) if call.range.start <= at => {
                    // Inside a call: its HTML goes out where it starts.
                    if call.range.start >= range.start {
                        let html = CowStr::from(call.html.clone());
                        let event = if as_text {
                            Event::Text(html)
                        } else {
                            Event::InlineHtml(html)
                        };
                        out.push((event, call.range.clone()));
                    }
                    at = call.range.end.min(range.end);
                    if call.range.end <= range.end {
                        calls.next();
                    }
                }
                next => {
                    let end = next.map_or(range.end, |c| c.range.start.min(range.end));
                    out.push(piece(&event, body, &range, at..end));
                    at = end;
                }
            }
        }
    }
}

/// The part `part` of the piece `event` at `range`: the piece itself when it is the
/// whole, else its text cut at the same places (a piece that is cut is its own
/// source, see [`cuttable`]).
fn piece<'a>(event: &Event<'a>, body: &'a str, range: &Range<usize>, part: Range<usize>) -> Ev<'a> {
    if part == *range {
        return (event.clone(), part);
    }
    (Event::Text(CowStr::Borrowed(&body[part.clone()])), part)
}

/// Warns about a call that is never closed on its line.
fn report_unclosed(block: bool, range: &Range<usize>, state: &mut PageState<'_>) {
    let (open, close) = if block { ("{%", "%}") } else { ("{{", "}}") };
    state.warn_at(
        format!("this shortcode is never closed with `{close}` on its line, so it is printed as text"),
        format!(
            "inside a sentence, a call is written on one line from `{open}` to `{close}`; alone in its paragraph, it may run over several lines"
        ),
        range,
    );
}

/// Warns about `{% name(…) %}` inside a sentence, which only opens a body alone in its
/// paragraph.
fn report_block_form(written: &str, range: &Range<usize>, state: &mut PageState<'_>) {
    let inner = written[2..written.len() - 2].trim();
    state.warn_at(
        "`{% … %}` opens a shortcode with a body only alone in its paragraph; this one is printed as text",
        format!(
            "write `{{{{ {inner} }}}}` for a shortcode without a body; one with a body opens with `{written}` alone in its paragraph and ends with `{{% end %}}`"
        ),
        range,
    );
}
