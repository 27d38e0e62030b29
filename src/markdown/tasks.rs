//! Task lists (`- [x] done`): each item's checkbox gets an accessible name, the text
//! of its item, so a screen reader says what was done rather than "checkbox, checked".
//!
//! pulldown-cmark writes the box as a bare `<input disabled type="checkbox">`, which
//! has no label (axe's `label` rule); this pass writes it itself, with `aria-label`.
//! It runs before glossary linking, while the item's words are still plain text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::Ev;
use super::html::escape;
use crate::i18n::Strings;

/// Replaces every task-list marker by a checkbox named after its item.
pub fn label<'a>(mut events: Vec<Ev<'a>>, strings: &Strings) -> Vec<Ev<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
    {
        return events;
    }
    for i in 0..events.len() {
        let Event::TaskListMarker(checked) = events[i].0 else {
            continue;
        };
        let name = item_text(&events[i + 1..]);
        let name = if name.is_empty() {
            strings.text("task")
        } else {
            &name
        };
        events[i].0 = Event::InlineHtml(CowStr::from(format!(
            "<input type=\"checkbox\" disabled{} aria-label=\"{}\"> ",
            if checked { " checked" } else { "" },
            escape(name)
        )));
    }
    events
}

/// The plain text of a task item, from its marker to the end of its first block (a
/// nested list is not part of it), with runs of white space made one space.
fn item_text(events: &[Ev<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Item | TagEnd::Paragraph)
            | Event::Start(Tag::List(_) | Tag::Paragraph | Tag::Item) => break,
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::events::{parse, to_html};

    fn render(md: &str) -> String {
        let events = label(parse(md), &Strings::default());
        to_html(events.into_iter().map(|(e, _)| e), 256)
    }

    #[test]
    fn each_checkbox_is_named_after_its_item() {
        let html = render("- [x] Walk *after* dinner\n- [ ] Read `fasting.md`\n");
        assert!(
            html.contains(
                r#"<input type="checkbox" disabled checked aria-label="Walk after dinner"> Walk"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="checkbox" disabled aria-label="Read fasting.md">"#),
            "{html}"
        );
        assert!(!html.contains("disabled=\"\""), "{html}");
    }

    #[test]
    fn the_name_stops_at_a_nested_list_and_is_escaped() {
        let html = render("- [ ] Plan 2 < 3 &\n  more\n  - [x] Monday\n");
        assert!(
            html.contains(r#"aria-label="Plan 2 &lt; 3 &amp; more">"#),
            "{html}"
        );
        assert!(html.contains(r#"aria-label="Monday">"#), "{html}");
    }

    #[test]
    fn loose_task_lists_are_named_too() {
        let html = render("- [x] First\n\n- [ ] Second\n");
        assert!(html.contains(r#"aria-label="First">"#), "{html}");
        assert!(html.contains(r#"aria-label="Second">"#), "{html}");
    }
}
