//! Heading ids: every heading gets a unique id (its `{#custom}` id or a slug of its
//! text), an anchor link, and an entry in the page's outline.
//!
//! Ids the theme uses for its own landmarks are reserved, so a heading called
//! "References" never collides with the reference list.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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

/// Gives every heading an id, in place, and records the outline; with `anchors`, also
/// adds each heading's anchor link (the outline pass does without them).
pub fn assign_ids<'a>(
    mut events: Vec<Ev<'a>>,
    state: &mut PageState<'_>,
    anchors: bool,
) -> Vec<Ev<'a>> {
    // Ids of this page's headings so far; the layout's reserved ids count as taken.
    let mut used: HashSet<String> = HashSet::default();
    let mut next_suffix: HashMap<String, usize> = HashMap::default();
    // Where each anchor goes (the index of the heading's end) and what it is.
    let mut inserts: Vec<(usize, Ev<'a>)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (level, custom) = match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => (*level, id.clone()),
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i;
        let mut text = String::new();
        let mut end = start + 1;
        // A citation (`[@key]`) is not part of the heading's words: its key would end
        // up in the id and in the outline.
        let mut in_citation = 0usize;
        while end < events.len() {
            match &events[end].0 {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Start(Tag::Link { dest_url, .. })
                    if in_citation > 0 || dest_url.starts_with(super::events::CITE_PREFIX) =>
                {
                    in_citation += 1
                }
                Event::End(TagEnd::Link) if in_citation > 0 => in_citation -= 1,
                Event::Text(t) | Event::Code(t) if in_citation == 0 => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            end += 1;
        }
        let text = text.trim_end().to_string();
        if end == events.len() {
            // The parser always closes a heading; keep the output balanced regardless.
            let range = events[start].1.clone();
            events.push((Event::End(TagEnd::Heading(level)), range));
        }
        let wanted = match &custom {
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
        if custom.is_some() && is_taken(&wanted, &used) {
            let hint = if RESERVED_IDS.contains(&wanted.as_str()) {
                format!("`{wanted}` is used by the page layout; choose another id")
            } else if is_generated(&wanted) {
                format!(
                    "`{wanted}` has the form of the ids given to footnotes and tooltips; choose another id"
                )
            } else {
                "give each heading its own id".to_string()
            };
            let range = events[start].1.clone();
            let message = if is_generated(&wanted) {
                format!("heading id `{wanted}` is kept for the page's footnotes and tooltips")
            } else {
                format!("heading id `{wanted}` is used twice on this page")
            };
            state.error_at(message, hint, &range);
        }
        let unique = unique_id(&wanted, &used, &mut next_suffix);
        if anchors {
            let html = format!(
                "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                escape(&unique)
            );
            let range = events[end].1.clone();
            inserts.push((end, (Event::Html(CowStr::from(html)), range)));
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[start].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        state.out.headings.push(Heading {
            level: level_number(level),
            id: unique.clone(),
            text: text.trim().to_string(),
        });
        used.insert(unique);
        i = end + 1;
    }
    if inserts.is_empty() {
        return events;
    }
    // One move of the events, in runs, with the anchors slotted in.
    let mut out = Vec::with_capacity(events.len() + inserts.len());
    let mut rest = events.into_iter();
    let mut at = 0;
    for (index, anchor) in inserts {
        out.extend(rest.by_ref().take(index - at));
        out.push(anchor);
        at = index;
    }
    out.extend(rest);
    out
}

/// Drops a first-line `# Heading` that repeats the page's `title`: the template already
/// shows the title as the page's one `<h1>` (content written for mdBook or MkDocs
/// often starts with one). Compared ignoring case, surrounding space and the curly
/// quotes smart punctuation gives the body's text.
pub fn drop_title_heading<'a>(mut events: Vec<Ev<'a>>, title: &str) -> Vec<Ev<'a>> {
    let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.first()
    else {
        return events;
    };
    let Some(end) = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
    else {
        return events;
    };
    let mut text = String::new();
    for (event, _) in &events[1..end] {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let plain = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| match c {
                '’' | '‘' => '\'',
                '“' | '”' => '"',
                other => other,
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    if text.trim().eq_ignore_ascii_case(title.trim()) || plain(&text) == plain(title) {
        events.drain(..=end);
    }
    events
}

fn is_taken(id: &str, used: &HashSet<String>) -> bool {
    RESERVED_IDS.contains(&id) || is_generated(id) || used.contains(id)
}

/// Whether `id` has the shape of an id the Markdown passes number themselves (a
/// tooltip's, a footnote's), which a heading must not take.
fn is_generated(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    super::footnotes::is_footnote_id(id) || numbered("term-tip-") || numbered("cite-tip-")
}

/// `wanted`, or `wanted-N` with the first free N. `next` remembers, per wanted id,
/// where the search for N starts, so a page with thousands of headings of the same
/// name does not probe `-1`, `-2`, … again for each one.
fn unique_id(wanted: &str, used: &HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if is_generated(wanted) {
        // A numbered suffix could keep the generated shape (`fnref-2-1`): prefix it.
        return unique_id(&format!("section-{wanted}"), used, next);
    }
    if !is_taken(wanted, used) {
        return wanted.to_string();
    }
    let n = next.entry(wanted.to_string()).or_insert(1);
    loop {
        let candidate = format!("{wanted}-{n}");
        *n += 1;
        if !is_taken(&candidate, used) {
            return candidate;
        }
    }
}

pub fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids as the first-free-number rule gives them, probing from 1 every time.
    fn reference(wanted: &[&str]) -> Vec<String> {
        let mut used: HashSet<String> = HashSet::default();
        wanted
            .iter()
            .map(|w| {
                let id = if is_taken(w, &used) {
                    (1..)
                        .map(|n| format!("{w}-{n}"))
                        .find(|c| !is_taken(c, &used))
                        .unwrap()
                } else {
                    w.to_string()
                };
                used.insert(id.clone());
                id
            })
            .collect()
    }

    #[test]
    fn repeated_names_number_up_like_the_first_free_rule() {
        let wanted = [
            "intro",
            "intro",
            "intro-2",
            "intro",
            "intro-1",
            "intro",
            "references",
            "notes",
            "intro-3",
            "intro",
        ];
        let (mut used, mut next) = (HashSet::default(), HashMap::default());
        let ids: Vec<String> = wanted
            .iter()
            .map(|w| {
                let id = unique_id(w, &used, &mut next);
                used.insert(id.clone());
                id
            })
            .collect();
        assert_eq!(ids, reference(&wanted));
        assert_eq!(ids[..4], ["intro", "intro-1", "intro-2", "intro-3"]);
    }

    #[test]
    fn a_first_heading_that_repeats_the_title_is_dropped() {
        let render = |body: &str| {
            let site = crate::markdown::test_support::site("title: T\n", "fundamentals", body);
            crate::markdown::test_support::render(&site).0
        };
        // The test page's title is "Page".
        let doc = render("# page\n\nText.\n\n## Later\n");
        assert!(!doc.html.contains("<h1"), "{}", doc.html);
        assert_eq!(doc.headings.len(), 1);
        for body in ["# Another title\n\nText.\n", "Text first.\n\n# Page\n"] {
            let doc = render(body);
            assert!(doc.html.contains("<h1"), "{body}: {}", doc.html);
        }
    }

    #[test]
    fn a_citation_in_a_heading_is_left_out_of_its_id_and_text() {
        let site = crate::markdown::test_support::site(
            "title: T\n",
            "fundamentals",
            "## Effects of fasting [@smith-2020]\n\nText.\n",
        );
        let (doc, diags) = crate::markdown::test_support::render(&site);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.headings[0].id, "effects-of-fasting");
        assert_eq!(doc.headings[0].text, "Effects of fasting");
    }

    #[test]
    fn headings_never_take_the_ids_of_footnotes_or_tooltips() {
        let (mut used, mut next) = (HashSet::default(), HashMap::default());
        let ids: Vec<String> = ["fn-1", "fnref-2", "term-tip-3", "cite-tip-4", "fn-notes"]
            .iter()
            .map(|w| {
                let id = unique_id(w, &used, &mut next);
                used.insert(id.clone());
                id
            })
            .collect();
        assert_eq!(
            ids,
            [
                "section-fn-1",
                "section-fnref-2",
                "section-term-tip-3",
                "section-cite-tip-4",
                "fn-notes"
            ]
        );
    }
}
