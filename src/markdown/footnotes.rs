//! Footnotes: `[^label]` references are numbered in the order the page first cites
//! them, and the definitions, wherever the author wrote them, are gathered into one
//! numbered list at the end of the page, each with a link back to every place that
//! cites it.
//!
//! Ids come from the numbers (`fn-2`, `fnref-2`, `fnref-2-3` for its third
//! reference), never from the labels, so a footnote can never take the id of a
//! heading, a tooltip or the layout (a heading whose slug has this shape gets a
//! suffix, see [`super::headings`]). A definition no reference cites is left out with a
//! warning; a `[^label]` with no definition stays text, as in GitHub's Markdown, also
//! with a warning.

use std::collections::HashMap;
use std::fmt::Write;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::PageState;
use super::events::Ev;
use crate::i18n::Strings;

/// Whether `id` has the shape of an id this pass makes.
pub fn is_footnote_id(id: &str) -> bool {
    let number = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = id.strip_prefix("fnref-") {
        let mut parts = rest.splitn(2, '-');
        parts.next().is_some_and(number) && parts.next().is_none_or(number)
    } else {
        id.strip_prefix("fn-").is_some_and(number)
    }
}

/// One footnote as the page uses it.
struct Note<'a> {
    number: usize,
    /// How many times the text cites it.
    references: usize,
    /// Its definition's events, without the start and end of the definition.
    body: Vec<Ev<'a>>,
}

/// Numbers the references, moves the definitions to the end of the page.
pub fn render<'a>(
    events: Vec<Ev<'a>>,
    strings: &Strings,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    // Every reference, definition and stray `[^label]` has `[^` in the source: most
    // pages have none, and one search of the body settles it.
    if memchr::memmem::find(state.body.as_bytes(), b"[^").is_none() {
        return events;
    }
    let has_notes = events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    });
    if !has_notes {
        warn_undefined(&events, state);
        return events;
    }
    let mut notes: HashMap<String, Note<'a>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut out: Vec<Ev<'a>> = Vec::with_capacity(events.len() + 8);
    // The definition being read, with where it starts: `(label, range)`.
    let mut defining: Option<(String, std::ops::Range<usize>)> = None;
    let mut depth = 0usize;
    let mut body: Vec<Ev<'a>> = Vec::new();
    let mut definitions: Vec<(String, std::ops::Range<usize>, Vec<Ev<'a>>)> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) if defining.is_none() => {
                defining = Some((label.to_string(), range));
                depth = 0;
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => {
                if let Some((label, at)) = defining.take() {
                    definitions.push((label, at, std::mem::take(&mut body)));
                }
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
            _ => {}
        }
        let event = match event {
            Event::FootnoteReference(label) => {
                let key = label.to_string();
                let next = order.len() + 1;
                let note = notes.entry(key.clone()).or_insert_with(|| Note {
                    number: next,
                    references: 0,
                    body: Vec::new(),
                });
                if note.number == next {
                    order.push(key);
                }
                note.references += 1;
                Event::InlineHtml(CowStr::from(reference_html(
                    note.number,
                    note.references,
                    strings,
                )))
            }
            other => other,
        };
        if defining.is_some() {
            body.push((event, range));
        } else {
            out.push((event, range));
        }
    }
    for (label, at, events) in definitions {
        match notes.get_mut(&label) {
            Some(note) if note.body.is_empty() => note.body = events,
            Some(_) => state.warn_at(
                format!("footnote `[^{label}]` is defined twice; the first definition is used"),
                "remove or rename one of them",
                &at,
            ),
            None => state.warn_at(
                format!("footnote `[^{label}]` is defined but never cited, so it is left out"),
                format!("cite it in the text with `[^{label}]`, or remove the definition"),
                &at,
            ),
        }
    }
    warn_undefined(&out, state);
    let end = out.last().map_or(0..0, |(_, r)| r.end..r.end);
    let html = |text: String| (Event::Html(CowStr::from(text)), end.clone());
    out.push(html(format!(
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-heading\">\n<h2 id=\"footnotes-heading\" class=\"visually-hidden\">{}</h2>\n<ol>\n",
        strings.html("notes", None, &[])
    )));
    for key in order {
        let Some(note) = notes.remove(&key) else {
            continue;
        };
        out.push(html(format!("<li id=\"fn-{}\">", note.number)));
        let backlinks = backlinks_html(note.number, note.references, strings);
        let mut body = note.body;
        // The links back go at the end of the note's last paragraph when it ends in one.
        let closes_paragraph = matches!(body.last(), Some((Event::End(TagEnd::Paragraph), _)));
        let last = closes_paragraph.then(|| body.pop()).flatten();
        out.extend(body);
        out.push((Event::InlineHtml(CowStr::from(backlinks)), end.clone()));
        out.extend(last);
        out.push(html("</li>\n".to_string()));
    }
    out.push(html("</ol>\n</section>\n".to_string()));
    out
}

fn reference_html(number: usize, nth: usize, strings: &Strings) -> String {
    let id = reference_id(number, nth);
    let label = strings.html("note_ref", None, &[("number", &number.to_string())]);
    format!(
        "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"{id}\" role=\"doc-noteref\" aria-label=\"{label}\">{number}</a></sup>"
    )
}

fn reference_id(number: usize, nth: usize) -> String {
    if nth == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{nth}")
    }
}

/// ` ↩` per reference, numbered when the note is cited more than once.
fn backlinks_html(number: usize, references: usize, strings: &Strings) -> String {
    let mut html = String::new();
    let number_text = number.to_string();
    for nth in 1..=references.max(1) {
        let id = reference_id(number, nth);
        let (label, shown) = if references > 1 {
            let nth_text = nth.to_string();
            (
                strings.html(
                    "note_back_nth",
                    None,
                    &[("nth", &nth_text), ("number", &number_text)],
                ),
                format!("↩<sup>{nth}</sup>"),
            )
        } else {
            (
                strings.html("note_back", None, &[("number", &number_text)]),
                "↩".to_string(),
            )
        };
        let _ = write!(
            html,
            " <a class=\"footnote-back\" href=\"#{id}\" role=\"doc-backlink\" aria-label=\"{label}\">{shown}</a>"
        );
    }
    html
}

/// Warns about `[^label]` left as text: a reference to a note that is not defined.
fn warn_undefined(events: &[Ev<'_>], state: &mut PageState<'_>) {
    let mut in_code = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 => {
                if let Some(label) = undefined_label(text) {
                    state.warn_at(
                        format!("footnote `[^{label}]` has no definition, so it shows as text"),
                        format!("define it on a line of its own: `[^{label}]: the note`"),
                        range,
                    );
                }
            }
            _ => {}
        }
    }
}

/// The label of the first `[^label]` in `text`.
fn undefined_label(text: &str) -> Option<&str> {
    let start = memchr::memmem::find(text.as_bytes(), b"[^")? + 2;
    let len = text[start..].find(']')?;
    let label = &text[start..start + len];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::{render, site};

    fn page(body: &str) -> (String, Vec<String>) {
        let site = site("title: T\n", "fundamentals", body);
        let (doc, diags) = render(&site);
        (doc.html, diags.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn notes_are_numbered_by_first_citation_and_listed_at_the_end_with_links_back() {
        let (html, warnings) = page(
            "[^b]: Note bee.\n\nFirst[^a] then[^b] and again[^a].\n\n[^a]: Note ay.\n\n## Notes\n\nAfter.\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(html.contains("First<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\" aria-label=\"Note 1\">1</a></sup>"), "{html}");
        assert!(
            html.contains("again<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\""),
            "{html}"
        );
        assert!(
            html.contains("then<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\""),
            "{html}"
        );
        let list = &html[html.find("<section class=\"footnotes\"").expect(&html)..];
        assert!(list.find("Note ay.").unwrap() < list.find("Note bee.").unwrap());
        assert!(list.contains("<li id=\"fn-1\">\n<p>Note ay. <a class=\"footnote-back\" href=\"#fnref-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1 of note 1\">↩<sup>1</sup></a> <a class=\"footnote-back\" href=\"#fnref-1-2\""), "{list}");
        assert!(list.contains("<li id=\"fn-2\">\n<p>Note bee. <a class=\"footnote-back\" href=\"#fnref-2\" role=\"doc-backlink\" aria-label=\"Back to the text of note 2\">↩</a></p>"), "{list}");
        // The author's heading keeps its own id; no label becomes an id.
        assert!(html.contains("<h2 id=\"notes\">"), "{html}");
        assert!(
            !html.contains("id=\"a\"") && !html.contains("id=\"b\""),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</section>"), "{html}");
    }

    #[test]
    fn undefined_unused_and_twice_defined_notes_are_reported() {
        let (html, warnings) = page(
            "Cited[^x] and missing[^nope].\n\n[^x]: One.\n\n[^x]: Two.\n\n[^spare]: Never cited.\n",
        );
        assert!(html.contains("missing[^nope]"), "{html}");
        assert!(!html.contains("Never cited"), "{html}");
        assert_eq!(
            warnings,
            [
                "footnote `[^x]` is defined twice; the first definition is used",
                "footnote `[^spare]` is defined but never cited, so it is left out",
                "footnote `[^nope]` has no definition, so it shows as text",
            ]
        );
    }

    #[test]
    fn a_page_without_notes_is_left_alone() {
        let (html, warnings) = page("Plain text with [brackets] and ^carets.\n");
        assert!(!html.contains("footnotes"), "{html}");
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_heading_cannot_claim_a_footnote_id() {
        let (html, messages) = page("## Notes {#fn-1}\n\nText[^a].\n\n[^a]: A note.\n");
        assert_eq!(
            messages,
            ["heading id `fn-1` is kept for the page's footnotes and tooltips"]
        );
        assert_eq!(html.matches("id=\"fn-1\"").count(), 1, "{html}");
    }

    #[test]
    fn footnote_ids_are_recognised() {
        for id in ["fn-1", "fnref-2", "fnref-2-3"] {
            assert!(is_footnote_id(id), "{id}");
        }
        for id in [
            "fn-",
            "fn-a",
            "fn-1-1",
            "fnref-1-2-3",
            "fn-1x",
            "footnote-1",
            "fn",
        ] {
            assert!(!is_footnote_id(id), "{id}");
        }
    }
}
