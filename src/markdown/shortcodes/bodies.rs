//! Shortcodes with a body: `{% name(key="value") %}`, paragraphs of Markdown, then
//! `{% end %}`, each marker a paragraph of its own at the top level of the page.
//!
//! The template is rendered once, with `body` standing for a marker; its output is
//! cut at the marker, and the part before goes where the opening was, the part after
//! where `{% end %}` is. The body between stays ordinary Markdown events, so every
//! later pass (glossary terms, citations, links, headings, search, reading time)
//! treats it like the rest of the page.

use pulldown_cmark::{CowStr, Event};

use super::super::events::Ev;
use super::super::{MarkdownContext, PageState};
use super::{Call, authored, parse_inner};

/// What the template gets as `body`, and where its output is cut: private-use
/// characters, which nothing escapes and no author writes.
const BODY: &str = "\u{E000}strata-body\u{E000}";

/// What a paragraph's source is, when it is about a shortcode with a body.
pub(super) enum Marker<'s> {
    Open(Result<Call<'s>, String>),
    End,
    /// A marker sharing its paragraph with text: what is wrong, and the fix.
    Misplaced(String, String),
}

/// The marker `source` (a paragraph's source) is, if any.
pub(super) fn marker(source: &str) -> Option<Marker<'_>> {
    let text = source.trim();
    let first = text.lines().next().unwrap_or("").trim();
    let last = text.lines().last().unwrap_or("").trim();
    let several = text.contains('\n');
    if is_end(first) || (several && is_end(last)) {
        return Some(if several {
            Marker::Misplaced(
                "`{% end %}` must be a paragraph of its own; this one shares its paragraph with text".into(),
                "put a blank line before and after `{% end %}`".into(),
            )
        } else {
            Marker::End
        });
    }
    let inner = text.strip_prefix("{%")?;
    if !super::starts_call(inner) {
        return None;
    }
    let close = inner.find("%}")?;
    let after = inner[close + 2..].trim();
    if !after.is_empty() {
        let written = &text[..close + 4];
        return Some(Marker::Misplaced(
            format!(
                "`{written}` must be a paragraph of its own; text follows it in the same paragraph"
            ),
            "put a blank line after it: its body is the paragraphs up to `{% end %}`".into(),
        ));
    }
    Some(Marker::Open(parse_inner(inner[..close].trim(), "%}", "{%")))
}

fn is_end(line: &str) -> bool {
    line.strip_prefix("{%")
        .and_then(|l| l.strip_suffix("%}"))
        .is_some_and(|l| l.trim() == "end")
}

/// A shortcode whose body is open: its name, where it opened and the HTML that
/// closes it.
pub(super) struct Open {
    name: String,
    range: std::ops::Range<usize>,
    after: String,
}

/// Opens `call` at `range`: the template's HTML before its body goes to `out`, and
/// the rest is kept for `{% end %}`. `None` once an error is reported.
pub(super) fn open<'a>(
    call: &Call<'_>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Ev<'a>>,
) -> Option<Open> {
    if call.name == "table" {
        state.error_at(
            "the table shortcode has no body",
            "write `{{ table(name=\"…\") }}` on a line of its own",
            range,
        );
        return None;
    }
    let html = authored::render(call, Some(BODY), ctx, state, range)?;
    let Some((before, after)) = html.split_once(BODY).filter(|(_, a)| !a.contains(BODY)) else {
        state.error_at(
            format!("the shortcode `{}` has a body, which its template never writes", call.name),
            format!(
                "write `{{{{ body }}}}` once in `shortcodes/{}.html`, where the body goes, or call it as `{{{{ {}(…) }}}}` without a body",
                call.name, call.name
            ),
            range,
        );
        return None;
    };
    out.push((Event::Html(CowStr::from(before.to_string())), range.clone()));
    Some(Open {
        name: call.name.to_string(),
        range: range.clone(),
        after: after.to_string(),
    })
}

/// Closes the innermost open shortcode at `{% end %}` (at `range`).
pub(super) fn close<'a>(
    open: &mut Vec<Open>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Ev<'a>>,
) {
    match open.pop() {
        Some(shortcode) => out.push((Event::Html(CowStr::from(shortcode.after)), range.clone())),
        None => state.error_at(
            "`{% end %}` closes no shortcode",
            "remove it, or open the shortcode above with `{% name(…) %}` alone in its paragraph",
            range,
        ),
    }
}

/// Reports every shortcode still open at the end of the page, and closes it.
pub(super) fn finish<'a>(open: Vec<Open>, state: &mut PageState<'_>, out: &mut Vec<Ev<'a>>) {
    for shortcode in open.into_iter().rev() {
        state.error_at(
            format!("the shortcode `{}` is never closed", shortcode.name),
            "end its body with `{% end %}` on a line of its own, with a blank line before it",
            &shortcode.range,
        );
        out.push((Event::Html(CowStr::from(shortcode.after)), shortcode.range));
    }
}
