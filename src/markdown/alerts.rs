//! GFM alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) become
//! labelled notes. The labels are texts of the site's language ([`Strings`], keys
//! `alert_note` …), which a theme can rename, so `[!TIP]` can read "Key takeaway".

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::PageState;
use super::events::Ev;
use crate::i18n::Strings;

/// The alert types GitHub's Markdown knows.
const KINDS: &[&str] = &["note", "tip", "important", "warning", "caution"];

pub fn kind_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Turns alert block quotes into `<div class="alert alert-KIND" role="note">`.
pub fn render<'a>(
    mut events: Vec<Ev<'a>>,
    strings: &Strings,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    // In place, like the link pass: only block quotes change.
    let mut stack: Vec<bool> = Vec::new();
    for i in 0..events.len() {
        if let Event::Start(Tag::BlockQuote(None)) = events[i].0 {
            warn_unknown_kind(&events[i..], state);
        }
        let event = &mut events[i].0;
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                stack.push(kind.is_some());
                if let Some(kind) = *kind {
                    let name = kind_name(kind);
                    let label = strings.html(&format!("alert_{name}"), None, &[]);
                    *event = Event::Html(CowStr::from(format!(
                        "<div class=\"alert alert-{name}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"alert-title\">{label}</p>\n"
                    )));
                }
            }
            Event::End(TagEnd::BlockQuote(_)) if stack.pop().unwrap_or(false) => {
                *event = Event::Html(CowStr::from("</div>\n"));
            }
            _ => {}
        }
    }
    events
}

/// A quote that starts with `[!WORD]` where WORD is no alert type (`[!NOTES]`) was
/// meant as an alert and shows as a quote with the marker in it: say so.
fn warn_unknown_kind(quote: &[Ev<'_>], state: &mut PageState<'_>) {
    let (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(text), range))) =
        (quote.get(1), quote.get(2))
    else {
        return;
    };
    let Some(word) = text
        .trim_start()
        .strip_prefix("[!")
        .and_then(|rest| rest.split_once(']'))
        .map(|(word, _)| word)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
    else {
        return;
    };
    let lower = word.to_ascii_lowercase();
    let hint = match crate::suggest::closest(&lower, KINDS.iter().copied()) {
        Some(kind) => format!(
            "did you mean `[!{}]`? The alert types are NOTE, TIP, IMPORTANT, WARNING and CAUTION",
            kind.to_ascii_uppercase()
        ),
        None => "the alert types are NOTE, TIP, IMPORTANT, WARNING and CAUTION".to_string(),
    };
    state.warn_at(
        format!("`[!{word}]` is not an alert type, so this shows as a quote with the marker in it"),
        hint,
        range,
    );
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{render, site};

    #[test]
    fn a_misspelt_alert_type_is_a_warning_with_the_nearest_type() {
        let body = "> [!NOTES]\n> Read this.\n\n> [!TIP]\n> Fine.\n\n> [!FOO]\n> Odd.\n\n> [!] not a marker\n";
        let (doc, diags) = render(&site("title: T\n", "fundamentals", body));
        let messages: Vec<(&str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "`[!NOTES]` is not an alert type, so this shows as a quote with the marker in it",
                    Some(
                        "did you mean `[!NOTE]`? The alert types are NOTE, TIP, IMPORTANT, WARNING and CAUTION"
                    )
                ),
                (
                    "`[!FOO]` is not an alert type, so this shows as a quote with the marker in it",
                    Some("the alert types are NOTE, TIP, IMPORTANT, WARNING and CAUTION")
                ),
            ]
        );
        assert!(doc.html.contains("alert alert-tip"), "{}", doc.html);
    }
}
