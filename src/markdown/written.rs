//! Where the links of a page's HTML were written in its Markdown, so that a link found
//! broken in the built page can be reported where its author wrote it.
//!
//! [`written_links`] runs the passes up to link resolution again on one document and
//! pairs each URL as the page's HTML holds it with its place in the body: an inline
//! link, image or autolink, the definition of a reference link, a link in a table
//! cell (placed at the table's shortcode), or a URL of raw HTML (`href`, `src`, each
//! of a `srcset`, `poster`, `<object data>`). A build
//! never calls it: the link check of `strata check` does, for the few pages that have
//! a broken link. It reports nothing itself.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

use super::events::Ev;
use super::links::RawUrl;
use super::raw_html::{self, AttrKind};
use super::{MarkdownContext, PageState, Pass, links, new_state, passes_before_links, shortcodes};
use crate::model::{DocId, Document};

/// One link of a page as its HTML has it and as its Markdown wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    /// The URL in the page's HTML, with `&amp;` read as `&`, as the link check reads it.
    pub url: String,
    /// The URL as the author wrote it (before the base path was put in front).
    pub written: String,
    /// Where the author wrote it in the body (bytes).
    pub place: Range<usize>,
    /// Where the Markdown stage reports the link's own problems (the link or image;
    /// for a reference link, where it is used; for raw HTML, the URL); `None` in a
    /// table cell, whose problems the table's loader reports.
    pub link: Option<Range<usize>>,
    pub kind: WrittenKind,
    /// An image (`![alt](url)`, `src="…"`) rather than a link.
    pub image: bool,
    /// The Markdown stage left a relative link as it was because it could not resolve
    /// it: it reports the reason itself (a missing page or file), or stays silent
    /// because the target failed to load. The built page's link is broken either way.
    pub unresolved: bool,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenKind {
    /// `[text](url)`, `![alt](url)` or `<https://…>`: `place` is the whole link.
    Inline,
    /// `[text][ref]` with `[ref]: url`: `place` is the URL in the definition.
    Reference,
    /// A link in a cell of a data table: `place` is the table's shortcode.
    TableCell,
    /// A URL of raw HTML (`href="…"`, `src`, one of a `srcset`, `poster`, `data`):
    /// `place` is the URL as written.
    RawHtml,
}

/// Every link of `doc`'s page that its Markdown, `body`, wrote, in body order.
pub fn written_links(
    id: DocId,
    (doc, body): (&Document, &str),
    ctx: &MarkdownContext<'_>,
) -> Vec<WrittenLink> {
    let mut state = new_state(id, (doc, body), ctx);
    let events = passes_before_links((doc, body), ctx, &mut state, Pass::Outline);
    // The links as written, by event index; resolving rewrites them in place.
    let originals: Vec<(usize, String, LinkType, String, bool)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, (event, _))| match event {
            Event::Start(
                Tag::Link {
                    dest_url,
                    link_type,
                    id,
                    ..
                }
                | Tag::Image {
                    dest_url,
                    link_type,
                    id,
                    ..
                },
            ) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                Some((i, dest_url.to_string(), *link_type, id.to_string(), image))
            }
            _ => None,
        })
        .collect();
    let raw = raw_html_links(&events, ctx, &mut state);
    let events = links::resolve(events, ctx, &mut state);
    let definitions = (originals.iter())
        .any(|(_, _, t, _, _)| is_reference(*t))
        .then(|| pulldown_cmark::Parser::new_ext(body, super::events::options()));
    let mut found = Vec::new();
    for (i, written, link_type, label, image) in originals {
        let (event, range) = &events[i];
        let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        if written.starts_with(super::events::CITE_PREFIX)
            || written.starts_with(links::GLOSSARY_PREFIX)
            || link_type == LinkType::Email
        {
            continue;
        }
        let (kind, place) = if shortcodes::from_table(range) {
            (WrittenKind::TableCell, line_at(body, range.start))
        } else if is_reference(link_type) {
            let definition = definitions
                .as_ref()
                .and_then(|p| p.reference_definitions().get(&label));
            match definition {
                Some(def) => (WrittenKind::Reference, within(body, &def.span, &written)),
                None => (WrittenKind::Inline, range.clone()),
            }
        } else {
            (WrittenKind::Inline, range.clone())
        };
        found.push(WrittenLink {
            url: as_in_html(dest_url),
            unresolved: **dest_url == *written && is_relative_path(&written),
            written,
            link: (kind != WrittenKind::TableCell).then(|| range.clone()),
            place,
            kind,
            image,
        });
    }
    found.extend(raw);
    found.sort_by_key(|l| l.place.start);
    found
}

/// The URLs of the author's raw HTML (`href`, `src`, `srcset`, `poster`, `data`), each
/// as the page's HTML holds it (a relative path resolved as the Markdown stage resolves
/// it) and where the body has it, from the events before links are resolved.
fn raw_html_links(
    events: &[Ev<'_>],
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) -> Vec<WrittenLink> {
    let body = state.body;
    let mut stretches = raw_html::Stretches::default();
    let mut found = Vec::new();
    for (i, (event, range)) in events.iter().enumerate() {
        let (Event::Html(text) | Event::InlineHtml(text)) = event else {
            continue;
        };
        if !raw_html::is_authors(range) {
            continue;
        }
        let mut values = Vec::new();
        stretches.reader(i).feed(text, &mut values);
        for value in values
            .into_iter()
            .filter(|v| !matches!(v.kind, AttrKind::Id | AttrKind::ImgWithoutAlt))
        {
            let written = &text[value.span.clone()];
            let place = raw_html::place_in_body(body, range, text, &value.span);
            let decoded = raw_html::decode_references(written);
            let url = links::resolve_raw(&decoded, ctx, state, &place, value.image);
            found.push(WrittenLink {
                url: match &url {
                    RawUrl::Resolved(resolved) => as_in_html(resolved),
                    _ => written.replace("&amp;", "&"),
                },
                written: written.to_string(),
                link: Some(place.clone()),
                place,
                kind: WrittenKind::RawHtml,
                image: value.image,
                unresolved: url == RawUrl::Unresolved,
            });
        }
    }
    found
}

fn is_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
    )
}

/// The URL `dest` as pulldown-cmark writes it into an `href` or `src`, read back the
/// way the link check reads attributes.
fn as_in_html(dest: &str) -> String {
    let mut out = String::with_capacity(dest.len() + 8);
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, dest);
    out.replace("&amp;", "&")
}

/// A path the Markdown stage resolves against the page's folder or `content/`.
fn is_relative_path(url: &str) -> bool {
    !url.is_empty() && !url.starts_with(['/', '#']) && !url.contains(':')
}

/// Where `text` is written inside `span` of `body` (after the `]:` of a definition),
/// or the span itself when it is not there verbatim (escaped, in angle brackets).
fn within(body: &str, span: &Range<usize>, text: &str) -> Range<usize> {
    let Some(source) = body.get(span.clone()) else {
        return span.clone();
    };
    let after = source.find("]:").map_or(0, |i| i + 2);
    match source[after..].find(text) {
        Some(i) if !text.is_empty() => {
            let start = span.start + after + i;
            start..start + text.len()
        }
        _ => span.clone(),
    }
}

/// The line of `body` that holds byte `at`, without its line break.
fn line_at(body: &str, at: usize) -> Range<usize> {
    let at = at.min(body.len());
    let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    at..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::{site, with_context};

    /// The written links of a fundamentals page with `body`, as (url, text at place).
    fn links_of(site_yaml: &str, body: &str) -> Vec<(String, String, WrittenKind)> {
        let site = site(site_yaml, "fundamentals", body);
        with_context(&site, |ctx| {
            let (id, doc) = site.documents()[0];
            written_links(id, (doc, doc.body.as_str()), ctx)
                .into_iter()
                .map(|l| (l.url, body[l.place].to_string(), l.kind))
                .collect()
        })
    }

    #[test]
    fn each_kind_of_link_is_placed_where_it_is_written() {
        let body = "See [a](/nowhere/) and ![i](/img/none.png \"t\").\n\n\
                    A [ref][r] and <https://e.org/x>.\n\n\
                    <p>Raw <a href=\"/raw/?a=1&amp;b=2\">x</a> <img src=\"pic.png\" alt=\"\"></p>\n\n\
                    Inline <a href=\"#top\">top</a>.\n\n\
                    [r]: /defined/ \"T\"\n";
        use WrittenKind::*;
        assert_eq!(
            links_of("title: T\n", body),
            [
                ("/nowhere/".into(), "[a](/nowhere/)".into(), Inline),
                (
                    "/img/none.png".into(),
                    "![i](/img/none.png \"t\")".into(),
                    Inline
                ),
                ("https://e.org/x".into(), "<https://e.org/x>".into(), Inline),
                ("/raw/?a=1&b=2".into(), "/raw/?a=1&amp;b=2".into(), RawHtml),
                ("pic.png".into(), "pic.png".into(), RawHtml),
                ("#top".into(), "#top".into(), RawHtml),
                ("/defined/".into(), "/defined/".into(), Reference),
            ]
        );
    }

    #[test]
    fn urls_are_the_ones_the_page_holds_under_the_base_path() {
        let links = links_of(
            "title: T\nbase_url: /guide/\n",
            "[a](</my page/>) [b](fundamentals.md#x) [c](caf%C3%A9.md) [d](missing.md)\n",
        );
        let urls: Vec<&str> = links.iter().map(|(u, _, _)| u.as_str()).collect();
        // A space and what cannot be resolved are kept as the HTML writer writes them.
        assert_eq!(
            urls,
            [
                "/guide/my%20page/",
                "/guide/t/fundamentals/#x",
                "caf%C3%A9.md",
                "missing.md"
            ]
        );
    }

    #[test]
    fn a_relative_url_of_raw_html_is_the_resolved_one_in_the_page() {
        let links: Vec<(String, String, bool)> = {
            let site = site(
                "title: T\nbase_url: /guide/\n",
                "fundamentals",
                "<a href=\"fundamentals.md#x\">a</a> <img src=missing.png alt=\"\">\n",
            );
            with_context(&site, |ctx| {
                let (id, doc) = site.documents()[0];
                written_links(id, (doc, doc.body.as_str()), ctx)
                    .into_iter()
                    .map(|l| (l.url, l.written, l.unresolved))
                    .collect()
            })
        };
        assert_eq!(
            links,
            [
                (
                    "/guide/t/fundamentals/#x".into(),
                    "fundamentals.md#x".into(),
                    false
                ),
                ("missing.png".into(), "missing.png".into(), true),
            ]
        );
    }

    #[test]
    fn only_links_the_markdown_stage_could_not_resolve_are_unresolved() {
        let site = site(
            "title: T\n",
            "fundamentals",
            "[a](missing.md) [b](/x/) [c](#y)\n",
        );
        let unresolved: Vec<bool> = with_context(&site, |ctx| {
            let (id, doc) = site.documents()[0];
            written_links(id, (doc, doc.body.as_str()), ctx)
                .iter()
                .map(|l| l.unresolved)
                .collect()
        });
        assert_eq!(unresolved, [true, false, false]);
    }

    #[test]
    fn every_link_of_the_rendered_html_is_found() {
        let body = "# Title\n\n## Part {#part}\n\n[a](/x/) ![b](y.png) [c][d] <https://e.org/>\n\n\
                    > <a href=\"/quoted/\">q</a>\n\n- item <img src=\"/i.svg\" alt=\"i\">\n\n\
                    <picture><source srcset=\"/a.webp 1x,/a@2x.webp 2x\"><img src=\"a.png\" srcset=\"b.png 2x\" alt=\"\"></picture>\n\n\
                    <video poster=\"/p.jpg\"></video> <object data=\"/o.svg\"></object>\n\n[d]: /z/#part\n";
        let site = site("title: T\nbase_url: /g/\n", "fundamentals", body);
        let (rendered, _) = crate::markdown::test_support::render(&site);
        let written: Vec<String> = with_context(&site, |ctx| {
            let (id, doc) = site.documents()[0];
            written_links(id, (doc, doc.body.as_str()), ctx)
                .into_iter()
                .map(|l| l.url)
                .collect()
        });
        let tags = crate::markdown::html::Attributes::new(&rendered.html);
        let mut in_html: Vec<String> = (tags.url_spans().into_iter())
            .map(|span| rendered.html[span].replace("&amp;", "&"))
            // Heading anchors are the page's own, not the author's.
            .filter(|url| {
                let anchor = url.strip_prefix('#');
                !anchor.is_some_and(|a| rendered.headings.iter().any(|h| h.id == a))
            })
            .collect();
        let mut written = written;
        in_html.sort();
        written.sort();
        assert_eq!(in_html, written);
        assert_eq!(written.len(), 12, "{written:?}");
    }

    #[test]
    fn a_link_in_a_table_cell_is_placed_at_the_shortcode() {
        let mut site = site(
            "title: T\n",
            "fundamentals",
            "Intro.\n\n{{ table(name=\"x\") }}\n",
        );
        let table = crate::model::Table {
            name: "x".into(),
            title: "X".into(),
            caption: String::new(),
            columns: vec![crate::model::Column {
                key: "a".into(),
                label: "A".into(),
                header: false,
            }],
            rows: vec![vec!["[gone](/gone/)".into()]],
            source: "data/x.yaml".into(),
        };
        site.tables.insert("x".into(), table);
        let body = site.documents()[0].1.body.as_str().to_string();
        let links: Vec<(String, String, WrittenKind)> = with_context(&site, |ctx| {
            let (id, doc) = site.documents()[0];
            written_links(id, (doc, doc.body.as_str()), ctx)
                .into_iter()
                .map(|l| (l.url, body[l.place].to_string(), l.kind))
                .collect()
        });
        assert_eq!(
            links,
            [(
                "/gone/".into(),
                "{{ table(name=\"x\") }}".into(),
                WrittenKind::TableCell
            )]
        );
    }
}
