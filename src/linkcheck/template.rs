//! Finds where a template writes a link of a built page, for links that the page's
//! Markdown does not hold.
//!
//! A page's template and every template it extends, includes or imports are searched
//! for ` href="…"` and ` src="…"` values that could have produced the URL: Tera's
//! `{{ … }}` and `{% … %}` stand for any text, and the rest must match. The place is
//! given only when exactly one value matches and it has a letter or digit of its own
//! (`href="{{ page.url }}"` could be anything); otherwise the caller names the file.

use std::ops::Range;

use crate::render::Templates;

/// One `href` or `src` value in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePlace<'t> {
    /// The template's path as diagnostics show it.
    pub shown: &'t str,
    /// The template's text.
    pub text: &'t str,
    /// The value, in bytes of `text`.
    pub span: Range<usize>,
}

/// The one place in `page_template` and the templates it uses that writes `url`.
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
        for attribute in ["href", "src"] {
            for span in crate::markdown::html::attribute_spans(text, attribute) {
                let place = TemplatePlace {
                    shown,
                    text,
                    span: span.clone(),
                };
                // A theme template is known by two names, with one text.
                if could_write(&text[span], url) && !found.contains(&place) {
                    found.push(place);
                }
            }
        }
    }
    (found.len() == 1).then(|| found.remove(0))
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
    let mut rest = value;
    while !rest.is_empty() {
        let open = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|o| rest.find(o).map(|i| (i, *o)))
            .min();
        let Some((at, open)) = open else {
            pieces.push(Piece::Text(rest.replace("&amp;", "&")));
            break;
        };
        if at > 0 {
            pieces.push(Piece::Text(rest[..at].replace("&amp;", "&")));
        }
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        if pieces.last() != Some(&Piece::Any) {
            pieces.push(Piece::Any);
        }
        rest = rest[at + 2..]
            .find(close)
            .map_or("", |end| &rest[at + 2 + end + 2..]);
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
    fn extends_include_and_import_name_the_templates_used() {
        let text = r#"{% extends "theme/tier.html" %}{%- include 'partials/nav.html' -%}
{% import "macros.html" as m %}{% block x %}{% endblock x %}{% include [a] %}"#;
        assert_eq!(
            referenced(text).collect::<Vec<_>>(),
            ["theme/tier.html", "partials/nav.html", "macros.html"]
        );
    }
}
