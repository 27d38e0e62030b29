//! Shortcodes: `{{ table(name="…") }}` on a line of its own becomes the data table.
//!
//! A paragraph whose whole source is a shortcode is replaced by the table's markup, with
//! each cell parsed as inline Markdown and emitted as events, so the later passes link
//! glossary terms and citations inside cells like anywhere else. The table is marked up
//! for assistive technology (`<caption>`, `<th scope>`) and each cell carries its column
//! label so narrow screens can stack rows.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::{self, Ev};
use super::html::escape;
use super::{MarkdownContext, PageState};
use crate::model::Table;

/// Renders an author's shortcode template with its arguments: the site's templates
/// do it (see [`crate::render::Templates`]); Markdown only asks.
pub trait RenderShortcode: Sync {
    /// The HTML of `shortcodes/<name>.html` for `args`, or what went wrong.
    fn render_shortcode(&self, name: &str, args: &[(&str, &str)]) -> Result<String, String>;
}

/// The shortcodes the site's templates define, and what renders them.
#[derive(Clone, Copy, Default)]
pub struct Authored<'a> {
    /// Every `shortcodes/<name>.html` of the theme and the site, by name.
    pub names: &'a [String],
    /// `None` when the templates could not be compiled (their errors are reported
    /// where they are): calls of a known shortcode are then left out silently.
    pub renderer: Option<&'a dyn RenderShortcode>,
}

impl std::fmt::Debug for Authored<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authored")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

/// The folder of templates that are shortcodes.
pub const SHORTCODE_FOLDER: &str = "shortcodes/";

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
pub fn parse_call(text: &str) -> Option<Result<Call<'_>, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    if let Some(close) = inner.find("}}")
        && inner[close..]
            .lines()
            .skip(1)
            .any(|l| l.trim_start().starts_with("{{"))
    {
        return Some(Err(
            "two shortcodes in one paragraph: put a blank line between them".into(),
        ));
    }
    let Some(open) = inner.find('(') else {
        return Some(Err(
            "a shortcode needs arguments in parentheses, like `name(key=\"value\")`".into(),
        ));
    };
    let name = inner[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c))
    {
        return Some(Err(format!(
            "`{name}` cannot be a shortcode's name: a shortcode is a template directly in `templates/shortcodes/`, named with letters, digits, `-`, `_` and `.`"
        )));
    }
    let Some(args_text) = inner[open + 1..].strip_suffix(')') else {
        return Some(Err("the shortcode's `(` is never closed".into()));
    };
    let mut args: Vec<(&str, &str)> = Vec::new();
    let mut rest = args_text.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            return Some(Err(format!("expected `key=\"value\"` in `{}`", rest)));
        };
        let key = rest[..eq].trim();
        if !is_argument_name(key) {
            return Some(Err(format!(
                "`{key}` cannot be an argument's name: use letters, digits and `_`, and separate arguments with `,` (one call per line)"
            )));
        }
        if args.iter().any(|(k, _)| *k == key) {
            return Some(Err(format!("the argument `{key}` is given twice")));
        }
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(q) = quote else {
            return Some(Err(format!("the value of `{key}` must be quoted")));
        };
        let Some(end) = after[1..].find(q) else {
            return Some(Err(format!("the value of `{key}` is never closed")));
        };
        args.push((key, &after[1..1 + end]));
        rest = after[end + 2..].trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
            if rest.starts_with(',') {
                return Some(Err("an argument is missing between two commas".into()));
            }
        } else if !rest.is_empty() {
            return Some(Err(format!(
                "expected `,` before `{}`",
                rest.chars().take(20).collect::<String>()
            )));
        }
    }
    Some(Ok(Call { name, args }))
}

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

/// A name a template can read as a variable.
fn is_argument_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The values every authored shortcode gets, which a call cannot give.
pub const PROVIDED: [&str; 2] = ["root_path", "language"];

/// Replaces shortcode paragraphs by their output.
pub fn expand<'a>(
    events: Vec<Ev<'a>>,
    body: &'a str,
    ctx: &MarkdownContext<'a>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    // A call is a paragraph that starts with `{{`: a page without one (or without a
    // mistaken `{%` form) is left as it is.
    if !body.contains("{{") && !body.contains("{%") {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    let mut table_count = 0usize;
    let mut in_code_block = false;
    let mut quote_depth = 0usize;
    while let Some((event, range)) = iter.next() {
        // A call written over several lines of a quote has `>` before each line.
        let source = match &event {
            Event::Start(Tag::Paragraph) => {
                body.get(range.clone()).map(|s| unquote(s, quote_depth))
            }
            _ => None,
        };
        let call = source.as_deref().and_then(parse_call);
        let Some(call) = call else {
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
                Event::Text(_) if !in_code_block => {
                    if let Some(text) = body.get(range.clone()) {
                        report_stray_calls(text, range.start, state);
                    }
                }
                _ => {}
            }
            out.push((event, range));
            continue;
        };
        // Skip the paragraph's own events.
        for (e, _) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
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
            authored(&call, ctx, state, &range, &mut out);
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
    out
}

/// An author's shortcode: its template's HTML, or an error at the call.
fn authored<'a>(
    call: &Call<'_>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Ev<'a>>,
) {
    let authored = ctx.shortcodes;
    if !authored.names.iter().any(|n| n == call.name) {
        let names = std::iter::once("table").chain(authored.names.iter().map(String::as_str));
        let known = names.clone().collect::<Vec<_>>().join(", ");
        let hint = match crate::suggest::closest(call.name, names) {
            Some(near) => format!("did you mean `{near}`? The shortcodes are: {known}"),
            None => format!(
                "the shortcodes are: {known}; a template `templates/shortcodes/{}.html` makes a new one",
                call.name
            ),
        };
        state.error_at(format!("unknown shortcode `{}`", call.name), hint, range);
        return;
    }
    if let Some((key, _)) = call.args.iter().find(|(k, _)| PROVIDED.contains(k)) {
        state.error_at(
            format!("`{key}` is given to every shortcode; a call cannot set it"),
            format!("rename the argument; the template already has `{key}`"),
            range,
        );
        return;
    }
    let Some(renderer) = authored.renderer else {
        return;
    };
    let config = &ctx.site.config;
    let mut args = vec![
        ("root_path", config.root_url.path()),
        ("language", config.language.as_str()),
    ];
    args.extend(call.args.iter().copied());
    match renderer.render_shortcode(call.name, &args) {
        Ok(html) => {
            out.push((Event::Html(CowStr::from(html)), range.clone()));
        }
        Err(why) => state.error_at(
            format!("the shortcode `{}` failed: {why}", call.name),
            format!(
                "its template, `shortcodes/{}.html`, gets the call's arguments by name ({}), `root_path` and `language`",
                call.name,
                if call.args.is_empty() {
                    "none here".to_string()
                } else {
                    call.args.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                }
            ),
            range,
        ),
    }
}

/// Warns about each shortcode in `text` (the source of a text event, at byte
/// `offset` of the body) that is printed as text: one inside a sentence or a list
/// item, one never closed with `}}`, and one in Tera's block form `{% … %}`.
fn report_stray_calls(text: &str, offset: usize, state: &mut PageState<'_>) {
    let mut from = 0;
    while let Some(found) = text[from..].find(['{']) {
        let start = from + found;
        from = start + 1;
        let rest = &text[start..];
        let block = rest.starts_with("{%");
        if !(block || rest.starts_with("{{")) || !starts_call(&rest[2..]) {
            continue;
        }
        let line = rest.lines().next().unwrap_or(rest);
        let close = if block { "%}" } else { "}}" };
        let end = line.find(close).map(|i| i + 2);
        let written = &line[..end.unwrap_or(line.len())];
        let inner = written[2..].trim_end_matches(close).trim();
        let fixed = format!("{{{{ {inner} }}}}");
        let (message, hint) = if block {
            (
                "a shortcode is written between `{{` and `}}`, not `{%` and `%}`; this one is printed as text".to_string(),
                format!("write `{fixed}` on a line of its own"),
            )
        } else if end.is_none() {
            (
                "this shortcode is never closed with `}}`, so it is printed as text".to_string(),
                format!("write `{fixed}` on a line of its own"),
            )
        } else {
            (
                "a shortcode must be on a line of its own; this one is printed as text".to_string(),
                format!(
                    "move `{written}` to a paragraph of its own, with a blank line before and after (not inside a sentence or a list item)"
                ),
            )
        };
        let at = offset + start;
        state.warn_at(message, hint, &(at..at + written.len()));
        from = start + written.len().max(1);
    }
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
