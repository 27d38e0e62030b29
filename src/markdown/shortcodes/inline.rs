//! Shortcodes inside a sentence: `{{ name(key="value") }}` among the words of a
//! paragraph, a list item, a heading or a table cell, replaced by its template's HTML
//! where it stands. A call alone in its paragraph is the block form, which
//! [`super::expand`] handles; this module takes the calls in runs of prose.
//!
//! Cutting a call out of the parser's events by its place in the source would leave
//! the quotes around its arguments paired with the quotes of the text around it
//! (`"{{ abbr(text="7–9 h") }}"` would end in an opening quote). So [`calls_in`] finds
//! the calls in a first parse, [`blank`] turns each into letters of the same length,
//! and the page is parsed again: the text around a call is then parsed as if the call
//! were a word, at the same byte offsets, and [`expand_run`] puts the call's HTML where
//! that word is. An escaped `\{{` is not a call. A call stays on one line: a run of
//! prose ends at a line break.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::events::Ev;
use super::super::{MarkdownContext, PageState};
use super::{authored, parse_call, starts_call};

/// A call found in a run of prose: where it is in the body, and its HTML (empty when
/// the call was wrong, which is reported).
struct Found {
    range: Range<usize>,
    html: String,
}

/// The byte ranges of the calls inside sentences in `pieces`, the parser's pieces of
/// `body`: `{{ name(…) }}` closed on its line, in prose, not a paragraph of its own
/// (that is the block form) and not in code.
pub(super) fn calls_in(pieces: &[Ev<'_>], body: &str) -> Vec<Range<usize>> {
    let mut calls = Vec::new();
    let mut in_code = false;
    let mut paragraph: Option<&str> = None;
    let mut i = 0;
    while i < pieces.len() {
        let (event, range) = &pieces[i];
        i += 1;
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph) => paragraph = body.get(range.clone()).map(str::trim),
            Event::End(TagEnd::Paragraph) => paragraph = None,
            Event::Text(_) if !in_code => {
                let mut end = range.end;
                while let Some((Event::Text(_), next)) = pieces.get(i) {
                    end = next.end;
                    i += 1;
                }
                let Some(source) = body.get(range.start..end) else {
                    continue;
                };
                calls.extend(candidates(source, range.start).into_iter().filter(|call| {
                    let written = &body[call.clone()];
                    written.starts_with("{{")
                        && written.ends_with("}}")
                        && paragraph != Some(written)
                }));
            }
            _ => {}
        }
    }
    calls
}

/// `body` with each of `calls` made letters (`x`), byte for byte: valid UTF-8 of the
/// same length, which Markdown reads as one word.
pub(super) fn blank(body: &str, calls: &[Range<usize>]) -> String {
    let mut blanked = body.as_bytes().to_vec();
    for call in calls {
        blanked[call.clone()].fill(b'x');
    }
    // Each call starts at `{` and ends at `}`, so no character is cut.
    String::from_utf8(blanked).unwrap_or_else(|_| body.to_string())
}

/// Expands the calls in `run` (consecutive text pieces of one line of `view`: the
/// body, or the body with its calls blanked out) into `out`, and warns about what
/// looks like a call but stays text.
pub(super) fn expand_run<'a>(
    run: Vec<Ev<'a>>,
    body: &'a str,
    view: &str,
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
        let call_source = &body[range.clone()];
        if !call_source.ends_with("}}") {
            report_unclosed(call_source, &range, state);
        } else if call_source.starts_with("{%") {
            report_block_form(call_source, &range, state);
        } else if !cuttable(&run, view, &range) {
            state.warn_at(
                "this shortcode is printed as text: it cannot be cut out of the text around it",
                "put it on a line of its own, with a blank line before and after",
                &range,
            );
        } else {
            let html = render(call_source, ctx, state, &range);
            found.push(Found { range, html });
        }
    }
    if found.is_empty() {
        return out.extend(run);
    }
    splice(run, body, &found, out);
}

/// The byte ranges (in the body) of what starts like a call in `source`, a run of
/// prose at byte `offset`: `{{ name(` up to its `}}`, or `{% name(` up to its `%}`,
/// or to the end of the run when it is never closed. An escaped brace starts nothing.
fn candidates(source: &str, offset: usize) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find('{').map(|i| from + i) {
        from = at + 1;
        let rest = &source[at..];
        let block = rest.starts_with("{%");
        let escaped = source[..at].ends_with('\\');
        if escaped || !(block || rest.starts_with("{{")) || !starts_call(&rest[2..]) {
            continue;
        }
        let close = if block { "%}" } else { "}}" };
        let len = rest.find(close).map_or(rest.len(), |i| i + 2);
        found.push(offset + at..offset + at + len);
        from = at + len;
    }
    found
}

/// Whether the call at `range` can be cut out of the pieces of `run`: each of its
/// ends falls between two pieces or inside a piece that is its own source in `view`
/// (always so once the call is blanked out).
fn cuttable(run: &[Ev<'_>], view: &str, range: &Range<usize>) -> bool {
    [range.start, range.end].into_iter().all(|at| {
        run.iter()
            .filter(|(_, r)| r.start < at && at < r.end)
            .all(|(event, r)| is_own_source(event, view, r))
    })
}

/// A piece of text whose text is its source, byte for byte.
fn is_own_source(event: &Event<'_>, body: &str, range: &Range<usize>) -> bool {
    matches!(event, Event::Text(text) if body.get(range.clone()) == Some(&**text))
}

/// The HTML of one call inside a sentence, or nothing once an error is reported.
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
    authored::render(&call, None, ctx, state, range).unwrap_or_default()
}

/// `run` with each call of `found` (in order, not overlapping) in place of the text
/// it covers, as inline HTML.
fn splice<'a>(run: Vec<Ev<'a>>, body: &'a str, found: &[Found], out: &mut Vec<Ev<'a>>) {
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
                        out.push((
                            Event::InlineHtml(CowStr::from(call.html.clone())),
                            call.range.clone(),
                        ));
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
fn report_unclosed(written: &str, range: &Range<usize>, state: &mut PageState<'_>) {
    let block = written.starts_with("{%");
    let (open, close) = if block { ("{%", "%}") } else { ("{{", "}}") };
    let inner = written[2..].trim();
    state.warn_at(
        format!(
            "this shortcode is never closed with `{close}` on its line, so it is printed as text"
        ),
        format!("write it on one line: `{open} {inner} {close}`"),
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
