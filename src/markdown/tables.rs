//! Column alignment of Markdown tables (`|:--|:-:|--:|`) as classes instead of inline
//! styles: pulldown-cmark writes `style="text-align: …"` on every aligned cell, which
//! a Content Security Policy without `'unsafe-inline'` styles blocks, and which a
//! theme cannot restyle. Each aligned cell's opening tag is written here with
//! `class="align-left"`, `align-center` or `align-right`; the default stylesheet
//! aligns those classes. Cells of unaligned columns are left to the HTML writer.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::events::Ev;

/// Replaces the opening tag of every aligned table cell.
pub fn align<'a>(mut events: Vec<Ev<'a>>) -> Vec<Ev<'a>> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0usize;
    for (event, _) in &mut events {
        match event {
            Event::Start(Tag::Table(columns)) => alignments.clone_from(columns),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => "align-left",
                    Some(Alignment::Center) => "align-center",
                    Some(Alignment::Right) => "align-right",
                    _ => continue,
                };
                let cell = if in_head { "th" } else { "td" };
                *event = Event::InlineHtml(CowStr::from(format!("<{cell} class=\"{class}\">")));
            }
            Event::End(TagEnd::TableCell) => column += 1,
            _ => {}
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{render, site};

    #[test]
    fn aligned_columns_get_classes_and_no_inline_style() {
        let body = "| Left | Centre | Right | Plain |\n|:--|:-:|--:|---|\n| a | b | c | d |\n| e | f | g | h |\n";
        let (doc, diags) = render(&site("title: T\n", "fundamentals", body));
        assert!(diags.is_empty(), "{diags:?}");
        let html = doc.html;
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("<thead><tr><th class=\"align-left\">Left</th><th class=\"align-center\">Centre</th><th class=\"align-right\">Right</th><th>Plain</th></tr></thead>"),
            "{html}"
        );
        assert!(
            html.contains("<tr><td class=\"align-left\">e</td><td class=\"align-center\">f</td><td class=\"align-right\">g</td><td>h</td></tr>"),
            "{html}"
        );
    }

    #[test]
    fn terms_in_aligned_cells_are_still_linked() {
        let body = "| Hormone |\n|:-:|\n| insulin |\n";
        let (doc, diags) = render(&site("title: T\n", "fundamentals", body));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            crate::markdown::test_support::linked_terms(&doc.html),
            ["insulin"]
        );
    }
}
