//! Shortcodes: `{{ table(name="…") }}` on a line of its own becomes the data table;
//! the site's own shortcodes ([`authored`]) stand alone in their paragraph, wrap a body
//! (`{% name(…) %}` … `{% end %}`, [`bodies`]) or sit inside a sentence ([`inline`]).
//!
//! A paragraph whose whole source is a table call is replaced by the table's markup,
//! with each cell parsed as inline Markdown and emitted as events, so the later passes
//! link glossary terms and citations inside cells like anywhere else. The table is
//! marked up for assistive technology (`<caption>`, `<th scope>`) and each cell carries
//! its column label so narrow screens can stack rows.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::{self, Ev};
use super::html::escape;
use super::{MarkdownContext, PageState};
use crate::model::Table;

mod authored;
mod bodies;
mod inline;

pub use authored::{Authored, RenderShortcode, SHORTCODE_FOLDER};

/// The end of the range given to events of table cells. The table loader has already
/// reported unknown citation keys, glossary ids and forbidden URLs at their place in
/// the data file, so the passes do not report them again at the shortcode.
pub const FROM_TABLE: usize = usize::MAX;

/// True for an event that came from a table cell.
pub fn from_table(range: &std::ops::Range<usize>) -> bool {
    range.end == FROM_TABLE
}

/// A parsed shortcode call.
#[derive(Debug, PartialEq, Eq)]
pub struct Call<'a> {
    pub name: &'a str,
    pub args: Vec<(&'a str, &'a str)>,
}

/// Parses `{{ name(key="value", …) }}`; `None` when `text` is not a shortcode at all,
/// `Some(Err)` when it looks like one but is malformed.
///
/// A paragraph that starts with one call and ends with another (`{{ a() }} + {{ b() }}`)
/// is not one call but text with calls in it (`None`), unless each of its lines is a
/// call of its own, which is the mistake of two calls in one paragraph.
pub fn parse_call(text: &str) -> Option<Result<Call<'_>, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    if inner.contains("}}") {
        let lone_calls = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .all(|line| {
                line.strip_prefix("{{")
                    .and_then(|l| l.strip_suffix("}}"))
                    .is_some_and(|inner| !inner.contains("}}"))
            });
        return lone_calls.then(|| {
            Err("two shortcodes in one paragraph: put a blank line between them".to_string())
        });
    }
    Some(parse_inner(inner, "}}", "{{"))
}

/// Parses what stands between a call's delimiters (`{{ … }}`, or `{% … %}` for a
/// shortcode with a body): `name(key="value", …)`.
fn parse_inner<'s>(inner: &'s str, close: &str, open: &str) -> Result<Call<'s>, String> {
    if let Some(at) = inner.find(close)
        && inner[at..]
            .lines()
            .skip(1)
            .any(|l| l.trim_start().starts_with(open))
    {
        return Err("two shortcodes in one paragraph: put a blank line between them".into());
    }
    parse_args(inner)
}

fn parse_args(inner: &str) -> Result<Call<'_>, String> {
    let Some(open) = inner.find('(') else {
        return Err(
            "a shortcode needs arguments in parentheses, like `name(key=\"value\")`".into(),
        );
    };
    let name = inner[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c))
    {
        return Err(format!(
            "`{name}` cannot be a shortcode's name: a shortcode is a template directly in `templates/shortcodes/`, named with letters, digits, `-`, `_` and `.`"
        ));
    }
    let Some(args_text) = inner[open + 1..].strip_suffix(')') else {
        return Err("the shortcode's `(` is never closed".into());
    };
    let mut args: Vec<(&str, &str)> = Vec::new();
    let mut rest = args_text.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            return Err(format!("expected `key=\"value\"` in `{rest}`"));
        };
        let key = rest[..eq].trim();
        if !is_argument_name(key) {
            return Err(format!(
                "`{key}` cannot be an argument's name: use letters, digits and `_`, and separate arguments with `,` (one call per line)"
            ));
        }
        if args.iter().any(|(k, _)| *k == key) {
            return Err(format!("the argument `{key}` is given twice"));
        }
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return Err(format!("the value of `{key}` must be quoted"));
        };
        let Some(end) = after[1..].find(q) else {
            return Err(format!("the value of `{key}` is never closed"));
        };
        args.push((key, &after[1..1 + end]));
        rest = after[end + 2..].trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
            if rest.starts_with(',') {
                return Err("an argument is missing between two commas".into());
            }
        } else if !rest.is_empty() {
            return Err(format!(
                "expected `,` before `{}`",
                rest.chars().take(20).collect::<String>()
            ));
        }
    }
    Ok(Call { name, args })
}

/// A name a template can read as a variable.
fn is_argument_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The values every authored shortcode gets, which a call cannot give.
pub const PROVIDED: [&str; 3] = ["root_path", "language", "body"];

/// `text` (a paragraph's source inside `depth` quotes) without the `>` markers that
/// start its lines after the first.
fn unquote(text: &str, depth: usize) -> std::borrow::Cow<'_, str> {
    if depth == 0 || !text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let mut rest = line.trim_start();
            for _ in 0..depth {
                match rest.strip_prefix('>') {
                    Some(r) => rest = r.strip_prefix(' ').unwrap_or(r),
                    None => break,
                }
            }
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Skips the rest of a paragraph whose `Start` was just taken.
fn skip_paragraph<'a>(iter: &mut impl Iterator<Item = Ev<'a>>) {
    for (e, _) in iter.by_ref() {
        if matches!(e, Event::End(TagEnd::Paragraph)) {
            break;
        }
    }
}

/// Whether `body` may call a shortcode: it holds `{{` or `{%`. Only such a page is
/// parsed into pieces for [`expand`].
pub fn may_call(body: &str) -> bool {
    body.contains("{{") || body.contains("{%")
}

/// The events of `body`, a page that [`may_call`] a shortcode, with each shortcode
/// paragraph replaced by its output and each call inside a sentence by its own.
///
/// A call inside a sentence is first blanked out of the source and the page parsed
/// again, so that Markdown never reads its arguments (see [`inline`]). Only pages
/// with such a call pay for the second parse.
pub fn expand<'a>(
    body: &'a str,
    ctx: &MarkdownContext<'a>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let pieces = events::parse_pieces(body);
    let calls = inline::calls_in(&pieces, body);
    if calls.is_empty() {
        return events::merge(expand_pieces(pieces, body, (body, &[]), ctx, state));
    }
    let blanked = inline::blank(body, &calls);
    let pieces = events::parse_pieces(&blanked)
        .into_iter()
        .map(|(event, range)| (event.into_static(), range))
        .collect();
    events::merge(expand_pieces(pieces, body, (&blanked, &calls), ctx, state))
}

/// [`expand`] on the pieces of `view`: `body`, or `body` with the calls inside
/// sentences (`calls`) blanked out.
fn expand_pieces<'a>(
    events: Vec<Ev<'a>>,
    body: &'a str,
    (view, calls): (&str, &[std::ops::Range<usize>]),
    ctx: &MarkdownContext<'a>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    let mut table_count = 0usize;
    let mut in_code_block = false;
    let mut in_image = 0usize;
    let mut quote_depth = 0usize;
    // How deep in lists, quotes and the like the next event is.
    let mut depth = 0usize;
    let mut open: Vec<bodies::Open> = Vec::new();
    while let Some((event, range)) = iter.next() {
        // A call written over several lines of a quote has `>` before each line.
        let source = match &event {
            Event::Start(Tag::Paragraph) => {
                body.get(range.clone()).map(|s| unquote(s, quote_depth))
            }
            _ => None,
        };
        if let Some(marker) = source.as_deref().and_then(bodies::marker) {
            skip_paragraph(&mut iter);
            match marker {
                _ if depth > 0 => state.error_at(
                    "a shortcode with a body opens and closes at the top level of the page",
                    "take `{% … %}` and `{% end %}` out of the list or quote, with blank lines around each",
                    &range,
                ),
                bodies::Marker::Open(Ok(call)) => {
                    open.extend(bodies::open(&call, ctx, state, &range, &mut out));
                }
                bodies::Marker::Open(Err(why)) => state.error_at(
                    format!("malformed shortcode: {why}"),
                    "write it as {% name(key=\"value\") %}, alone in its paragraph, and end its body with {% end %}",
                    &range,
                ),
                bodies::Marker::End => bodies::close(&mut open, state, &range, &mut out),
                bodies::Marker::Misplaced(message, hint) => state.error_at(message, hint, &range),
            }
            continue;
        }
        let call = source.as_deref().and_then(parse_call);
        let Some(call) = call else {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
                Event::Html(html) if !in_code_block => report_call_in_html(html, &range, state),
                Event::Text(_) if !in_code_block => {
                    // The run of prose this piece starts, up to the end of its line.
                    let mut run = vec![(event, range)];
                    while let Some(next) = iter.next_if(|(e, _)| matches!(e, Event::Text(_))) {
                        run.push(next);
                    }
                    let place = inline::Place {
                        view,
                        calls,
                        in_image: in_image > 0,
                    };
                    inline::expand_run(run, body, place, ctx, state, &mut out);
                    continue;
                }
                _ => {}
            }
            out.push((event, range));
            continue;
        };
        skip_paragraph(&mut iter);
        let call = match call {
            Ok(call) => call,
            Err(why) => {
                state.error_at(
                    format!("malformed shortcode: {why}"),
                    "write it as {{ name(key=\"value\", other=\"value\") }}, alone on its line",
                    &range,
                );
                continue;
            }
        };
        if call.name != "table" {
            authored::expand_into(&call, ctx, state, &range, &mut out);
            continue;
        }
        let Some(&(_, name)) = call.args.iter().find(|(k, _)| *k == "name") else {
            state.error_at(
                "the table shortcode needs a `name`",
                "write {{ table(name=\"data-file-name\") }}",
                &range,
            );
            continue;
        };
        if let Some((bad, _)) = call.args.iter().find(|(k, _)| *k != "name") {
            state.error_at(
                format!("unknown table argument `{bad}`"),
                "the table shortcode takes only `name`",
                &range,
            );
            continue;
        }
        if ctx.targets.failed_to_load(&format!("data/{name}.yaml")) {
            continue;
        }
        let Some(table) = ctx.site.tables.get(name) else {
            let names = ctx.site.tables.keys().map(String::as_str);
            let hint = match crate::suggest::closest(name, names) {
                Some(near) => format!("did you mean `{near}`? Tables are the files of `data/`"),
                None => format!("create `data/{name}.yaml`, or use the name of a file in `data/`"),
            };
            state.error_at(format!("unknown table `{name}`"), hint, &range);
            continue;
        };
        table_count += 1;
        let anchor = if table_count == 1 {
            format!("table-{name}")
        } else {
            format!("table-{name}-{table_count}")
        };
        table_events(table, &anchor, &range, &mut out);
        state.out.anchors.push(anchor);
    }
    bodies::finish(open, state, &mut out);
    out
}

/// Warns about a call written inside an HTML block, which Markdown passes through as
/// written (an HTML comment may hold one).
fn report_call_in_html(html: &str, range: &std::ops::Range<usize>, state: &mut PageState<'_>) {
    if has_call(html) && !html.trim_start().starts_with("<!--") {
        state.warn_at(
            "a shortcode inside an HTML block is printed as text",
            "HTML blocks are passed through as written: leave a blank line after the opening tag (and before the closing one) so the call is read as Markdown, or write the HTML in a shortcode's template",
            range,
        );
    }
}

/// True when `text` holds something written like a shortcode call, `{{ name(` or
/// `{% name(`.
pub fn has_call(text: &str) -> bool {
    first_call(text).is_some()
}

/// The byte offset of the first thing in `text` written like a shortcode call.
pub fn first_call(text: &str) -> Option<usize> {
    text.match_indices('{').map(|(i, _)| i).find(|&i| {
        let rest = &text[i..];
        (rest.starts_with("{{") || rest.starts_with("{%")) && starts_call(&rest[2..])
    })
}

/// True when `text` (what follows `{{` or `{%`) starts like a call: `name(`.
fn starts_call(text: &str) -> bool {
    let text = text.trim_start();
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    name_len > 0 && text[name_len..].trim_start().starts_with('(')
}

fn table_events<'a>(
    table: &'a Table,
    anchor: &str,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Ev<'a>>,
) {
    let markup = events::generated_at(range.start);
    let html = |s: String| (Event::Html(CowStr::from(s)), markup.clone());
    let caption_id = format!("{anchor}-caption");
    let mut open = format!(
        "<figure class=\"data-table\" id=\"{a}\">\n<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{c}\" tabindex=\"0\">\n<table>\n<caption id=\"{c}\">",
        a = escape(anchor),
        c = escape(&caption_id)
    );
    if !table.title.is_empty() {
        open.push_str(&format!(
            "<span class=\"table-title\">{}</span>",
            super::inline_html(&table.title, false)
        ));
    }
    if !table.caption.is_empty() {
        open.push_str(&format!(
            " <span class=\"table-caption\">{}</span>",
            super::inline_html(&table.caption, false)
        ));
    }
    if table.title.is_empty() && table.caption.is_empty() {
        open.push_str(&escape(&table.name));
    }
    open.push_str("</caption>\n<thead><tr>");
    for column in &table.columns {
        open.push_str(&format!("<th scope=\"col\">{}</th>", escape(&column.label)));
    }
    open.push_str("</tr></thead>\n<tbody>\n");
    out.push(html(open));
    for row in &table.rows {
        out.push(html("<tr>".into()));
        for (column, cell) in table.columns.iter().zip(row) {
            let tag = if column.header {
                "th scope=\"row\""
            } else {
                "td"
            };
            out.push(html(format!(
                "<{tag} data-label=\"{}\">",
                escape(&column.label)
            )));
            // Cell events are marked as coming from a table (see `FROM_TABLE`).
            let cell_range = range.start..FROM_TABLE;
            for (event, _) in events::parse(cell) {
                match event {
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    Event::Html(h) | Event::InlineHtml(h) => {
                        out.push((Event::Text(h), cell_range.clone()))
                    }
                    other => out.push((other, cell_range.clone())),
                }
            }
            out.push(html(if column.header {
                "</th>".into()
            } else {
                "</td>".into()
            }));
        }
        out.push(html("</tr>\n".into()));
    }
    out.push(html("</tbody>\n</table>\n</div>\n</figure>\n".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table_calls() {
        assert_eq!(
            parse_call("{{ table(name=\"a-b\") }}"),
            Some(Ok(Call {
                name: "table",
                args: vec![("name", "a-b")]
            }))
        );
        assert_eq!(
            parse_call("{{table(name='x')}}\n"),
            Some(Ok(Call {
                name: "table",
                args: vec![("name", "x")]
            }))
        );
        assert_eq!(parse_call("Just text"), None);
        assert!(matches!(parse_call("{{ table(name=x) }}"), Some(Err(_))));
    }
}
