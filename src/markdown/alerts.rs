//! GFM alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) become
//! labelled notes. The labels come from the theme, so `[!TIP]` can read "Key takeaway".

use std::collections::BTreeMap;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::events::Ev;
use super::html::escape;

/// The visible label of each alert kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertLabels(BTreeMap<String, String>);

impl Default for AlertLabels {
    fn default() -> Self {
        Self::new(&BTreeMap::new())
    }
}

impl AlertLabels {
    /// Labels from the theme, falling back to the GitHub names.
    pub fn new(overrides: &BTreeMap<String, String>) -> Self {
        let mut labels: BTreeMap<String, String> = [
            ("note", "Note"),
            ("tip", "Tip"),
            ("important", "Important"),
            ("warning", "Warning"),
            ("caution", "Caution"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in overrides {
            labels.insert(k.to_lowercase(), v.clone());
        }
        Self(labels)
    }

    pub fn label<'a>(&'a self, kind: &'a str) -> &'a str {
        self.0.get(kind).map_or(kind, String::as_str)
    }
}

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
pub fn render<'a>(mut events: Vec<Ev<'a>>, labels: &AlertLabels) -> Vec<Ev<'a>> {
    // In place, like the link pass: only block quotes change.
    let mut stack: Vec<bool> = Vec::new();
    for (event, _) in &mut events {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                stack.push(kind.is_some());
                if let Some(kind) = *kind {
                    let name = kind_name(kind);
                    let label = escape(labels.label(name));
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
