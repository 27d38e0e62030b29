//! The last pass before HTML, for images: a Markdown image of the site's own files
//! gets its `width` and `height`, so the browser keeps its room before it arrives (see
//! [`crate::load::images`] for where the sizes come from; the theme's `max-width:
//! 100%; height: auto` still scales it to the column); and an image that stands alone
//! in its paragraph with a title (`![A cell](cell.png "The cell, seen from above")`)
//! becomes a figure whose caption is the title.
//!
//! Such an image becomes raw HTML written exactly as pulldown-cmark writes an image
//! (its `alt` from the text between the brackets), with the size added; a figure's
//! image gives its title to the `<figcaption>` instead of a `title` attribute, which
//! would only repeat it. Every other image is left to pulldown-cmark. A page without
//! images is looked at once and left as it is.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::MarkdownContext;
use super::events::Ev;

/// Sizes the images of the site's own files among `events`, and makes a figure of
/// each titled image that is alone in its paragraph.
pub fn render<'a>(events: Vec<Ev<'a>>, ctx: &MarkdownContext<'_>) -> Vec<Ev<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return events;
    }
    let sizes = &ctx.targets.image_sizes;
    let base = ctx.site.config.root_url.path();
    let mut out: Vec<Ev<'a>> = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        else {
            out.push((event, range));
            continue;
        };
        let size = output_path(dest_url, base).and_then(|p| sizes.get(&*p).copied());
        // Alone in its paragraph: the paragraph opened just before it.
        let opens_paragraph = matches!(out.last(), Some((Event::Start(Tag::Paragraph), _)));
        if size.is_none() && (title.is_empty() || !opens_paragraph) {
            out.push((event, range));
            continue;
        }
        let mut html = String::with_capacity(dest_url.len() + title.len() + 96);
        html.push_str("<img src=\"");
        let _ = escape_href(&mut html, dest_url);
        html.push_str("\" alt=\"");
        alt_text(&mut html, &mut events);
        let figure = opens_paragraph
            && !title.is_empty()
            && matches!(events.peek(), Some((Event::End(TagEnd::Paragraph), _)));
        if !title.is_empty() && !figure {
            html.push_str("\" title=\"");
            let _ = escape_html(&mut html, title);
        }
        html.push('"');
        if let Some((width, height)) = size {
            html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        html.push_str(" />");
        if figure {
            // The paragraph's start and end give way to the figure.
            out.pop();
            events.next();
            let mut block = String::with_capacity(html.len() + title.len() + 64);
            block.push_str("<figure>\n");
            block.push_str(&html);
            block.push_str("\n<figcaption>");
            let _ = escape_html(&mut block, title);
            block.push_str("</figcaption>\n</figure>\n");
            out.push((Event::Html(CowStr::from(block)), range));
        } else {
            out.push((Event::InlineHtml(CowStr::from(html)), range));
        }
    }
    out
}

/// The output path of a site file an image's final URL names (`/guide/t/a.png` →
/// `t/a.png` on a site under `/guide/`), escapes decoded; `None` for another host's.
fn output_path<'u>(url: &'u str, base_path: &str) -> Option<std::borrow::Cow<'u, str>> {
    let path = url.split(['?', '#']).next()?;
    let rel = path.strip_prefix(base_path)?;
    Some(crate::urls::percent_decode(rel))
}

/// Writes the image's alt text, escaped, consuming its events up to and including its
/// end, the way pulldown-cmark writes it.
fn alt_text<'a>(html: &mut String, events: &mut impl Iterator<Item = Ev<'a>>) {
    let mut nest = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => nest += 1,
            Event::End(_) if nest == 0 => break,
            Event::End(_) => nest -= 1,
            Event::InlineHtml(text) | Event::Code(text) | Event::Text(text) => {
                let _ = escape_html(&mut *html, &text);
            }
            Event::InlineMath(text) => {
                html.push('$');
                let _ = escape_html(&mut *html, &text);
                html.push('$');
            }
            Event::DisplayMath(text) => {
                html.push_str("$$");
                let _ = escape_html(&mut *html, &text);
                html.push_str("$$");
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => html.push(' '),
            Event::TaskListMarker(done) => html.push_str(if done { "[x]" } else { "[ ]" }),
            Event::Html(_) | Event::FootnoteReference(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_url_names_its_output_file_under_the_base_path() {
        assert_eq!(output_path("/t/a.png", "/").as_deref(), Some("t/a.png"));
        assert_eq!(
            output_path("/guide/t/a%20b.png?v=2#x", "/guide/").as_deref(),
            Some("t/a b.png")
        );
        assert_eq!(output_path("/other/t/a.png", "/guide/"), None);
        assert_eq!(output_path("https://e.org/a.png", "/"), None);
    }
}
