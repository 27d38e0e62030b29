//! Heading ids: every heading gets a unique id (its `{#custom}` id or a slug of its
//! text), an anchor link, and an entry in the page's outline.
//!
//! Ids the theme uses for its own landmarks are reserved, so a heading called
//! "References" never collides with the reference list.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::PageState;
use super::events::Ev;
use super::html::escape;
use crate::slug::slugify;

pub use crate::urls::LAYOUT_IDS as RESERVED_IDS;

/// One heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// Gives every heading an id and an anchor link; records the outline.
pub fn assign_ids<'a>(events: Vec<Ev<'a>>, state: &mut PageState<'_>) -> Vec<Ev<'a>> {
    // Ids of this page's headings so far; the layout's reserved ids count as taken.
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push((event, range));
            continue;
        };
        let mut inner = Vec::new();
        let mut text = String::new();
        let mut end_range = range.clone();
        for (e, r) in iter.by_ref() {
            if let Event::End(TagEnd::Heading(_)) = e {
                end_range = r;
                break;
            }
            match &e {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            inner.push((e, r));
        }
        let wanted = match &id {
            Some(custom) => custom.to_string(),
            None => {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        if id.is_some() && is_taken(&wanted, &used) {
            let hint = if RESERVED_IDS.contains(&wanted.as_str()) {
                format!("`{wanted}` is used by the page layout; choose another id")
            } else {
                "give each heading its own id".to_string()
            };
            state.error_at(
                format!("heading id `{wanted}` is used twice on this page"),
                hint,
                &range,
            );
        }
        let unique = unique_id(&wanted, &used);
        used.insert(unique.clone());
        state.out.headings.push(Heading {
            level: level_number(level),
            id: unique.clone(),
            text: text.trim().to_string(),
        });
        out.push((
            Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(unique.clone())),
                classes,
                attrs,
            }),
            range,
        ));
        out.extend(inner);
        out.push((
            Event::Html(CowStr::from(format!(
                "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                escape(&unique)
            ))),
            end_range.clone(),
        ));
        out.push((Event::End(TagEnd::Heading(level)), end_range));
    }
    out
}

fn is_taken(id: &str, used: &HashSet<String>) -> bool {
    RESERVED_IDS.contains(&id) || used.contains(id)
}

fn unique_id(wanted: &str, used: &HashSet<String>) -> String {
    if !is_taken(wanted, used) {
        return wanted.to_string();
    }
    (1..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|c| !is_taken(c, used))
        .unwrap_or_default()
}

pub fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}
