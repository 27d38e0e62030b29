//! Finds where a template writes a link of a built page, for links that the page's
//! Markdown does not hold.
//!
//! A page's template and every template it extends, includes or imports are searched
//! for the URLs of their tags (`href`, `src`, `poster`, `<object data>`, each
//! candidate of a `srcset`) that could have produced the URL: Tera's `{{ … }}` and
//! `{% … %}` stand for any text, and the rest must match. A value counts only when it
//! has a letter or digit of its own (`href="{{ page.url }}"` could be anything). The
//! place is given when the values that match are all in one template file, which is
//! then the one to fix (a `base.html` that every page extends, say); otherwise the
//! caller names the page's template.

use std::ops::Range;

use crate::markdown::html::{Attributes, UrlValue, srcset_urls};
use crate::render::Templates;

/// Where a template writes a URL: a value in a template file, and the other values of
/// the same file that could write it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePlace<'t> {
    /// The template's path as diagnostics show it.
    pub shown: &'t str,
    /// The template's text.
    pub text: &'t str,
    /// The value, in bytes of `text`.
    pub span: Range<usize>,
    /// Other values of `text` that could write the URL, in order.
    pub others: Vec<Range<usize>>,
}

/// The place in `page_template` and the templates it uses that writes `url`: the first
/// value that could, when every such value is in one file.
pub fn find<'t>(
    templates: &'t Templates,
    page_template: &str,
    url: &str,
) -> Option<TemplatePlace<'t>> {
    let mut found: Vec<TemplatePlace<'t>> = Vec::new();
    for name in used_by(templates, page_template) {
        let Some((shown, text)) = templates.source(&name) else {
            continue;
        };
        // A theme template is known by two names, with one text.
        if found.iter().any(|f| f.shown == shown) {
            continue;
        }
        let spans: Vec<Range<usize>> = (url_spans(text).into_iter())
            .filter(|span| could_write(&text[span.clone()], url))
            .collect();
        if let Some((first, others)) = spans.split_first() {
            found.push(TemplatePlace {
                shown,
                text,
                span: first.clone(),
                others: others.to_vec(),
            });
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// Where each URL of the tags of template `text` lies, in order: a `srcset`'s
/// candidates one by one, with each Tera tag in it read as part of a URL. The
/// attributes are read with the Tera tags masked, so that a quote inside a tag
/// (`href="{{ x | default(value="/") }}a/"`) does not end the HTML value.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    let masked_text = masked(text);
    let mut spans = Vec::new();
    for value in Attributes::new(&masked_text).url_values() {
        match value {
            UrlValue::One(span) => spans.push(span),
            UrlValue::Srcset(span) => {
                let masked = &masked_text[span.clone()];
                let urls = srcset_urls(masked).into_iter();
                spans.extend(urls.map(|url| span.start + url.start..span.start + url.end));
            }
        }
    }
    spans.sort_by_key(|span| span.start);
    spans
}

/// `value` with every byte of each Tera tag in it (`{{ … }}`, `{% … %}`, `{# … #}`)
/// made an `x`, so that the spaces and commas of an expression
/// (`{{ resize(path=p, width=300) }}`) split nothing; offsets are kept.
fn masked(value: &str) -> String {
    let mut out = value.as_bytes().to_vec();
    let mut at = 0;
    while let Some((start, end)) = next_tag(value, at) {
        out[start..end].fill(b'x');
        at = end;
    }
    // Only whole characters were replaced, each by as many ASCII bytes.
    String::from_utf8(out).unwrap_or_default()
}

/// The next Tera tag of `value` at or after `at`: where it starts and ends (the end of
/// `value` when it is never closed).
fn next_tag(value: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &value[at..];
    let (start, open) = ["{{", "{%", "{#"]
        .iter()
        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
        .min()?;
    let close = match open {
        "{{" => "}}",
        "{%" => "%}",
        _ => "#}",
    };
    let start = at + start;
    let end = value[start + 2..]
        .find(close)
        .map_or(value.len(), |i| start + 2 + i + 2);
    Some((start, end))
}

/// `name` and every template it extends, includes or imports, each once.
fn used_by(templates: &Templates, name: &str) -> Vec<String> {
    let mut names = vec![name.to_string()];
    let mut at = 0;
    while let Some(current) = names.get(at) {
        let text = templates.source(current).map_or("", |(_, text)| text);
        for used in referenced(text) {
            if !names.iter().any(|n| n == used) {
                names.push(used.to_string());
            }
        }
        at += 1;
    }
    names
}

/// The names in `{% extends "…" %}`, `{% include "…" %}` and `{% import "…" as m %}`.
fn referenced(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.split("%}").next()?.trim_start_matches('-').trim();
        let (keyword, rest) = tag.split_once(char::is_whitespace)?;
        if !matches!(keyword, "extends" | "include" | "import") {
            return None;
        }
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        rest[1..].split(quote).next()
    })
}

/// A piece of an attribute value in a template.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    /// A `{{ … }}`, `{% … %}` or `{# … #}`: any text.
    Any,
}

/// Whether the template value `value` can render as `url`, and says enough of its own
/// to be told apart from other values.
fn could_write(value: &str, url: &str) -> bool {
    let pieces = pieces(value);
    let own_text = pieces.iter().any(|p| match p {
        Piece::Text(t) => t.chars().any(|c| c.is_alphanumeric()),
        Piece::Any => false,
    });
    own_text && glob(&pieces, url)
}

fn pieces(value: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = next_tag(value, at) {
        if start > at {
            pieces.push(Piece::Text(value[at..start].replace("&amp;", "&")));
        }
        if pieces.last() != Some(&Piece::Any) {
            pieces.push(Piece::Any);
        }
        at = end;
    }
    if at < value.len() {
        pieces.push(Piece::Text(value[at..].replace("&amp;", "&")));
    }
    pieces
}

/// Whether `text` is the pieces' text with anything in place of each [`Piece::Any`].
fn glob(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(t), rest)) => text
            .strip_prefix(t.as_str())
            .is_some_and(|after| glob(rest, after)),
        Some((Piece::Any, rest)) => text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .any(|i| glob(rest, &text[i..])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_expressions_stand_for_any_text() {
        assert!(could_write("{{ site.home_url }}nowhere/", "/nowhere/"));
        assert!(could_write(
            "{{ site.home_url }}nowhere/",
            "/guide/nowhere/"
        ));
        assert!(could_write("/fixed/a.png", "/fixed/a.png"));
        assert!(could_write(
            "{{ base }}glossary/#{{ term.id }}",
            "/glossary/#insulin"
        ));
        assert!(could_write("/q?a=1&amp;b={{ x }}", "/q?a=1&b=2"));
        assert!(!could_write("{{ site.home_url }}nowhere/", "/elsewhere/"));
        // Values with no text of their own could write anything: never a match.
        assert!(!could_write("{{ page.url }}", "/nowhere/"));
        assert!(!could_write("{{ a }}/#{{ b }}", "/x/#y"));
    }

    #[test]
    fn every_url_of_a_templates_tags_is_read_a_srcsets_expressions_whole() {
        let text = r#"<a href="{{ site.home_url }}a/">a</a>
<img src="{{ p }}" srcset="{{ site.home_url }}b.png 1x, {{ resize(path=p, width=2) }} 2x,{{ base }}c,d.png">
<video poster="/v.jpg"></video><object data='{{ x }}o.svg'></object>
<a href="{{ site.home_url | default(value="/") }}dq/">q</a>"#;
        let found: Vec<&str> = url_spans(text).into_iter().map(|s| &text[s]).collect();
        assert_eq!(
            found,
            [
                "{{ site.home_url }}a/",
                "{{ p }}",
                "{{ site.home_url }}b.png",
                "{{ resize(path=p, width=2) }}",
                "{{ base }}c,d.png",
                "/v.jpg",
                "{{ x }}o.svg",
                r#"{{ site.home_url | default(value="/") }}dq/"#,
            ]
        );
    }

    #[test]
    fn pieces_are_text_and_any_text() {
        assert_eq!(
            pieces("{{ a }}{% if b %}x/{{ c }}&amp;y{# z"),
            [
                Piece::Any,
                Piece::Text("x/".into()),
                Piece::Any,
                Piece::Text("&y".into()),
                Piece::Any
            ]
        );
        assert_eq!(masked("{{ a, b }} 2x, é{% c %}"), "xxxxxxxxxx 2x, éxxxxxxx");
    }

    #[test]
    fn extends_include_and_import_name_the_templates_used() {
        let text = r#"{% extends "theme/tier.html" %}{%- include 'partials/nav.html' -%}
{% import "macros.html" as m %}{% block x %}{% endblock x %}{% include [a] %}"#;
        assert_eq!(
            referenced(text).collect::<Vec<_>>(),
            ["theme/tier.html", "partials/nav.html", "macros.html"]
        );
    }
}
