//! Links: resolves cross-links between pages and links to co-located files.
//!
//! `[t](@/topic/tier.md#id)` (from `content/`) and relative `[t](tier.md#id)` or
//! `[t](../other/academic.md)` (from the current file) become the target page's URL
//! under the base path; `@/topic/` names a topic page. Relative links to other files
//! point at the copied asset. Root-relative links get the base path. A missing page, a
//! missing file, a link escaping `content/` and a `javascript:` URL are errors; anchors
//! are recorded as [`PageLink`]s and checked once every page's headings are known.
//!
//! The relative URLs of the author's raw HTML (found by [`super::raw_html`]) are
//! resolved the same way and written back into their attributes; its absolute URLs
//! are the author's, and its ids are recorded as places a `#fragment` may lead to.

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use super::events::{CITE_PREFIX, Ev};
use super::html::is_safe_url;
use super::raw_html::{self, AttrKind, Scanner, Stretches};
use super::{MarkdownContext, PageState};
use crate::load::CONTENT_DIR;
use crate::model::{DocId, Document, Site};

/// Scheme of explicit glossary links, handled by the glossary pass.
pub const GLOSSARY_PREFIX: &str = "glossary:";

/// What a link may point at inside the site, indexed once per build.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// `content/…/x.md` → document.
    pub documents: FxHashMap<String, DocId>,
    /// Topic slug → topic index.
    pub topics: FxHashMap<String, usize>,
    /// Output paths of copied files.
    pub assets: FxHashSet<String>,
    /// Output path → width and height, for the copied images whose size is known.
    pub image_sizes: FxHashMap<String, (u32, u32)>,
    /// Sources that failed to load: their own errors are reported, links to them are not.
    pub failed: HashSet<String>,
    /// Ids the templates write themselves beyond the default layout's
    /// ([`crate::urls::LAYOUT_IDS`]), such as a custom theme's `<aside id="sidebar">`:
    /// headings make way for them, and a `#fragment` may lead to them.
    pub layout_ids: FxHashSet<String>,
    /// The folder of this language's pages, `content` or `content/<code>`.
    pub content_dir: String,
    /// The references file the site cites from.
    pub references_file: String,
}

impl LinkTargets {
    pub fn new(site: &Site) -> Self {
        Self {
            documents: site
                .documents()
                .into_iter()
                .map(|(id, doc)| (doc.source.clone(), id))
                .collect(),
            topics: site
                .topics
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect(),
            assets: site.assets.iter().map(|a| a.output.clone()).collect(),
            // By path from the site's root: a language's own files are under its
            // folder, the shared ones are not.
            image_sizes: (site.assets.iter())
                .filter_map(|a| Some((format!("{}{}", site.output_prefix(), a.output), a.size?)))
                .chain(
                    (site.shared_assets.iter()).filter_map(|a| Some((a.output.clone(), a.size?))),
                )
                .collect(),
            failed: HashSet::new(),
            layout_ids: FxHashSet::default(),
            content_dir: site.config.content_dir.clone(),
            references_file: site.references_file.clone(),
        }
    }

    /// `path` (site-relative) below the content folder, without the folder:
    /// `content/fr/a/b.md` → `a/b.md`.
    pub fn in_content<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.content_dir.as_str())?
            .strip_prefix('/')
    }

    /// The site-relative path of the glossary file.
    pub fn glossary_file(&self) -> String {
        format!("{}/glossary.yaml", self.content_dir)
    }

    /// True when `source` (or the folder holding it) failed to load.
    pub fn failed_to_load(&self, source: &str) -> bool {
        self.failed.contains(source)
            || self
                .failed
                .iter()
                .any(|f| source.starts_with(&format!("{f}/")))
    }
}

/// A link from one page to a place in another page (or itself).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLink {
    pub target: LinkTarget,
    pub anchor: Option<String>,
    /// Where the link is written in the page's body (bytes), for the error if its
    /// anchor is missing.
    #[serde(skip)]
    pub range: std::ops::Range<usize>,
}

/// The page a resolved link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum LinkTarget {
    Doc(#[serde(skip)] DocId),
    Topic(usize),
}

/// Rewrites link and image URLs of the page, those of its raw HTML included.
pub fn resolve<'a>(
    mut events: Vec<Ev<'a>>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let mut raw = Stretches::default();
    // In place: most events are not links, and moving every event costs more than
    // looking at it.
    for i in 0..events.len() {
        let (event, range) = &mut events[i];
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            if raw_html::is_authors(range) {
                raw_html(&mut events[i], raw.reader(i), ctx, state);
            }
            continue;
        }
        let (dest_url, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let url = std::mem::replace(dest_url, CowStr::Borrowed(""));
        *dest_url = rewrite(url, ctx, state, range, image);
        if image && !has_alt_text(&events[i + 1..]) && !super::shortcodes::from_table(&events[i].1)
        {
            let range = events[i].1.clone();
            state.warn_at(
                "image without a text alternative, so a screen reader cannot say what it shows",
                "describe it between the brackets: `![What the image shows](file.svg)`",
                &range,
            );
        }
    }
    events
}

/// Reports an `id` of the author's raw HTML that a heading or an earlier raw tag of
/// the page already has: a page holding an id twice sends links to the first one.
fn report_taken_id(id: &str, state: &mut PageState<'_>, place: &std::ops::Range<usize>) {
    let owner = match state.out.headings.iter().find(|h| h.id == id) {
        Some(heading) => format!("the heading “{}”", heading.text),
        None if state.out.anchors.iter().any(|a| a == id) => "an earlier tag".to_string(),
        None => return,
    };
    state.error_at(
        format!("id `{id}` in raw HTML is also the id of {owner} on this page"),
        "give each element of a page its own id (a link to the id leads to the first one)",
        place,
    );
}

/// One piece of the author's raw HTML: warns about an `<img>` without `alt`, resolves
/// each relative URL as a Markdown link's is resolved and writes the result in its
/// place, checks each `#fragment`, and records each `id` as a place links may lead to.
fn raw_html(
    (event, range): &mut Ev<'_>,
    scanner: &mut Scanner,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) {
    let (Event::Html(text) | Event::InlineHtml(text)) = event else {
        return;
    };
    let mut found = Vec::new();
    scanner.feed(text, &mut found);
    let mut edits = Vec::new();
    for f in found {
        if f.kind == AttrKind::ImgWithoutAlt {
            warn_no_alt(&text[f.span], state, range);
            continue;
        }
        let place = raw_html::place_in_body(state.body, range, text, &f.span);
        let value = raw_html::decode_references(&text[f.span.clone()]);
        if f.kind == AttrKind::Id {
            report_taken_id(&value, state, &place);
            state.out.anchors.push(value.into_owned());
            continue;
        }
        if let RawUrl::Resolved(url) = resolve_raw(&value, ctx, state, &place, f.image) {
            edits.push((f.span, attribute_value(&url, f.unquoted)));
        }
    }
    if !edits.is_empty() {
        *text = CowStr::from(with_edits(text, edits));
    }
}

/// What became of a URL of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawUrl {
    /// Kept as written: an absolute URL, one with a scheme, a `#fragment` (checked).
    AsWritten,
    /// A relative path, resolved to this URL.
    Resolved(String),
    /// A relative path that could not be resolved: reported, or its target failed to
    /// load. Kept as written.
    Unresolved,
}

/// Resolves `url`, the decoded value of a URL attribute of raw HTML written at `place`
/// of the body, as a Markdown link (`image`: image) would be: a path relative to the
/// page's file or `@/…` is resolved, and a `#fragment` is checked; URLs with a scheme,
/// root-relative and protocol-relative ones are the author's to get right.
pub fn resolve_raw(
    url: &str,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    place: &std::ops::Range<usize>,
    image: bool,
) -> RawUrl {
    // Browsers ignore the spaces around a URL.
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    if url.is_empty() || url.starts_with(['/', '?']) || crate::urls::has_scheme(url) {
        return RawUrl::AsWritten;
    }
    if let Some(anchor) = url.strip_prefix('#') {
        record_own(state, anchor, place);
        return RawUrl::AsWritten;
    }
    match resolve_path(url, ctx, state, place, image) {
        Some(resolved) => RawUrl::Resolved(resolved),
        None => RawUrl::Unresolved,
    }
}

/// `url` as an attribute value: escaped as the HTML writer escapes a link's URL (which
/// also makes it safe in single quotes), and put in double quotes if it had none.
fn attribute_value(url: &str, unquoted: bool) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    if unquoted {
        out.push('"');
    }
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    if unquoted {
        out.push('"');
    }
    out
}

/// `text` with each `(span, replacement)` of `edits` (in order, apart) made.
fn with_edits(text: &str, edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for (span, replacement) in edits {
        out.push_str(&text[last..span.start]);
        out.push_str(&replacement);
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Warns about `tag`, an `<img>` of raw HTML without `alt` (all of it, or the end of
/// a tag that began on an earlier line), written at `range` of the body.
fn warn_no_alt(tag: &str, state: &mut PageState<'_>, range: &std::ops::Range<usize>) {
    let whole = tag.len() > 4 && tag[..4].eq_ignore_ascii_case("<img");
    let shown = if whole { tag.trim_end() } else { "<img>" };
    state.warn_at(
        format!("`{shown}` has no alt attribute, so a screen reader cannot say what it shows"),
        "add alt=\"what the image shows\" (alt=\"\" for an image that is only decoration)",
        range,
    );
}

/// Whether the image whose events follow has any text in its brackets.
fn has_alt_text(events: &[Ev<'_>]) -> bool {
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Image) => return false,
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => return true,
            _ => {}
        }
    }
    false
}

/// The URL a Markdown link or image (`image`) at `range` leads to.
fn rewrite<'a>(
    url: CowStr<'a>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    image: bool,
) -> CowStr<'a> {
    if url.starts_with(CITE_PREFIX) || url.starts_with(GLOSSARY_PREFIX) {
        return url;
    }
    if !is_safe_url(&url) {
        if super::shortcodes::from_table(range) {
            return CowStr::from("#"); // reported by the table loader
        }
        state.error_at(
            format!("link to `{url}` is not allowed"),
            "only http(s), mailto, tel and site links may be used",
            range,
        );
        return CowStr::from("#");
    }
    if url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("//")
    {
        return url;
    }
    if let Some(anchor) = url.strip_prefix('#') {
        record_own(state, anchor, range);
        return url;
    }
    if let Some(site_path) = url.strip_prefix('/') {
        // From the site's root, which every language shares (`static/` is there).
        return CowStr::from(ctx.site.config.root_url.url(site_path));
    }
    match resolve_path(&url, ctx, state, range, image) {
        Some(resolved) => CowStr::from(resolved),
        None => url,
    }
}

/// Records a link to `#anchor` of the page itself, to be checked with its headings.
fn record_own(state: &mut PageState<'_>, anchor: &str, range: &std::ops::Range<usize>) {
    if !anchor.is_empty() {
        state.out.links.push(PageLink {
            target: LinkTarget::Doc(state.id),
            anchor: Some(crate::urls::percent_decode(anchor).into_owned()),
            range: range.clone(),
        });
    }
}

/// The URL of the page, topic or copied file that `url` (a path relative to the
/// page's file, or `@/…` from `content/`, with an optional query and fragment) names,
/// under the base path; `None`, once reported, when it names nothing (or something
/// that failed to load, which is reported where it is). A link to a page or topic is
/// recorded, so its fragment is checked once every page's headings are known.
fn resolve_path(
    url: &str,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    image: bool,
) -> Option<String> {
    let base = &ctx.site.config.base_url;
    let (path, query, fragment) = split_url(url);
    let fragment_suffix = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    let page = |path: &crate::urls::PagePath| {
        format!("{}{query}{fragment_suffix}", base.url(path.as_str()))
    };
    let target = match name_path(path, &state.doc.source, ctx.targets) {
        Named::Outside if ctx.targets.content_dir != CONTENT_DIR => {
            state.error_at(
                format!(
                    "link `{url}` leads outside `{}/`, this language's pages",
                    ctx.targets.content_dir
                ),
                "`@/` and relative links stay in the language's own pages; a page of another language is linked by its URL from the site's root, such as `/topic/tier/`",
                range,
            );
            return None;
        }
        Named::Outside => {
            state.error_at(
                format!("link `{url}` leads outside the content folder"),
                "link to pages with `@/topic/tier.md` or to files next to the page",
                range,
            );
            return None;
        }
        Named::Doc(doc) => {
            record(state, LinkTarget::Doc(doc), fragment, range);
            return Some(page(&ctx.site.doc_path(doc)));
        }
        Named::Topic(topic) => {
            record(state, LinkTarget::Topic(topic), fragment, range);
            return Some(page(&ctx.site.topic_path(topic)));
        }
        Named::Failed => return None,
        Named::Other(target) => target,
    };
    if target.ends_with(".md") {
        let candidates = ctx.targets.documents.keys().map(String::as_str);
        let hint = match crate::suggest::closest_path(&target, candidates) {
            Some(near) => format!("did you mean `@/{}`?", ctx.targets.in_content(near).unwrap_or(near)),
            None if ctx.targets.content_dir != CONTENT_DIR => format!(
                "`@/` starts at `{}/`, this language's pages; a page of another language is linked by its URL from the site's root, such as `/topic/tier/`; drafts are only built with --drafts",
                ctx.targets.content_dir
            ),
            None => "link to an existing page, e.g. `@/topic/fundamentals.md`; drafts are only built with --drafts".into(),
        };
        state.error_at(format!("link to missing page `{}`", path), hint, range);
        return None;
    }
    // A file copied from content/ (assets keep their path below content/).
    let asset = ctx.targets.in_content(&target).unwrap_or(&target);
    if ctx.targets.assets.contains(asset) {
        return Some(format!("{}{query}{fragment_suffix}", base.url(asset)));
    }
    let what = if image { "image" } else { "file" };
    state.error_at(
        format!("link to missing {what} `{path}`"),
        "put the file next to the page, or in `static/` and link to it with `/name`",
        range,
    );
    None
}

/// Why a link in a glossary definition leads nowhere: what is wrong, and a hint.
pub use super::definition_links::{Unresolved, definition_href};

/// A link's path, query (with its `?`) and fragment (without its `#`).
pub(super) fn split_url(url: &str) -> (&str, &str, Option<&str>) {
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    match path.find('?') {
        Some(i) => (&path[..i], &path[i..], fragment),
        None => (path, "", fragment),
    }
}

/// What the path of a relative or `@/` link names.
pub(super) enum Named {
    Doc(DocId),
    Topic(usize),
    /// Something whose source failed to load (reported where it is).
    Failed,
    /// Nothing of the above: this path under `content/`, maybe a copied file.
    Other(String),
    /// A path that climbs out of `content/`.
    Outside,
}

/// What `path` (a link's path, written from the file `source`) names. A path names
/// a file by its decoded name: `my%20file.pdf` is `my file.pdf`.
pub(super) fn name_path(path: &str, source: &str, targets: &LinkTargets) -> Named {
    let Some(target) = content_path(
        &crate::urls::percent_decode(path),
        source,
        &targets.content_dir,
    ) else {
        return Named::Outside;
    };
    if let Some(&doc) = targets.documents.get(&target) {
        return Named::Doc(doc);
    }
    let topic_slug = targets
        .in_content(&target)
        .map(|t| t.trim_end_matches('/').trim_end_matches("/_topic.yaml"));
    if let Some(&topic) = topic_slug.and_then(|slug| targets.topics.get(slug)) {
        return Named::Topic(topic);
    }
    if targets.failed_to_load(&target) || targets.failed_to_load(target.trim_end_matches('/')) {
        return Named::Failed;
    }
    Named::Other(target)
}

/// The path under `content/` that a link's `path` (fragment and query removed) names,
/// from the page whose source is `source`: `@/…` is from `content/`, anything else
/// from the page's folder. `None` when it leads outside `content/`.
fn content_path(path: &str, source: &str, content_dir: &str) -> Option<String> {
    let joined = match path.strip_prefix("@/") {
        Some(rest) => normalize(content_dir, rest),
        None => normalize(source.rsplit_once('/').map_or("", |(d, _)| d), path),
    };
    joined.filter(|p| {
        p.strip_prefix(content_dir)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The pages `doc` seems to link to, read off its Markdown without parsing it: every
/// `](destination` and every `]: destination` (a link reference definition) whose
/// destination names a page. A guess, good enough to render pages before every
/// page's real links are known and checked against them after (see
/// [`crate::render::render_site`]): a link shown as code counts here, a link written
/// by a table shortcode does not.
pub fn guess_targets((doc, body): (&Document, &str), targets: &LinkTargets) -> Vec<DocId> {
    let mut found = Vec::new();
    for at in memchr::memchr_iter(b']', body.as_bytes()) {
        // `]` is ASCII, so `at + 1` is a character boundary.
        let rest = &body[at + 1..];
        let dest = match rest.as_bytes().first() {
            Some(b'(' | b':') => rest[1..].trim_start_matches([' ', '\t']),
            _ => continue,
        };
        let dest = match dest.strip_prefix('<') {
            Some(inner) => inner.split('>').next().unwrap_or(""),
            None => dest
                .split(|c: char| c.is_whitespace() || c == ')')
                .next()
                .unwrap_or(""),
        };
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() || path.contains(':') || path.starts_with('/') {
            continue;
        }
        if let Some(&id) = content_path(path, &doc.source, &targets.content_dir)
            .as_ref()
            .and_then(|p| targets.documents.get(p))
        {
            found.push(id);
        }
    }
    found
}

fn record(
    state: &mut PageState<'_>,
    target: LinkTarget,
    fragment: Option<&str>,
    range: &std::ops::Range<usize>,
) {
    state.out.links.push(PageLink {
        target,
        // An id is matched by its decoded form: `#caf%C3%A9` leads to `id="café"`.
        anchor: fragment
            .filter(|f| !f.is_empty())
            .map(|f| crate::urls::percent_decode(f).into_owned()),
        range: range.clone(),
    });
}

/// Joins `rel` to the folder `dir` and removes `.` and `..`; `None` when it climbs above the root.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_page_links_from_the_raw_markdown() {
        let mut targets = LinkTargets {
            content_dir: "content".into(),
            ..LinkTargets::default()
        };
        for (i, source) in ["content/a/fundamentals.md", "content/b/academic.md"]
            .into_iter()
            .enumerate()
        {
            targets.documents.insert(source.into(), DocId::Page(i));
        }
        let doc = |body: &str| Document {
            source: "content/a/intermediate.md".into(),
            path: "content/a/intermediate.md".into(),
            front: Default::default(),
            body: crate::model::Body::new(body),
            body_line: 1,
        };
        let guess = |body: &str| guess_targets((&doc(body), body), &targets);
        assert_eq!(
            guess("[x](fundamentals.md#top) [y](@/b/academic.md \"t\")"),
            [DocId::Page(0), DocId::Page(1)]
        );
        assert_eq!(guess("[x]( <../b/academic.md> )"), [DocId::Page(1)]);
        assert_eq!(guess("[r]: @/a/fundamentals.md\n"), [DocId::Page(0)]);
        // Not pages: other sites, files, anchors, glossary and citation links.
        assert!(
            guess("[x](https://e.org/a.md) [y](#top) [z](glossary:t) [w](missing.md) ]").is_empty()
        );
    }

    #[test]
    fn normalize_handles_dots() {
        assert_eq!(
            normalize("content/a", "b.md").as_deref(),
            Some("content/a/b.md")
        );
        assert_eq!(
            normalize("content/a", "../c/d.md").as_deref(),
            Some("content/c/d.md")
        );
        assert_eq!(normalize("content", "../../etc/passwd"), None);
        assert_eq!(normalize("content", "../x").as_deref(), Some("x"));
    }
}

#[cfg(test)]
mod alt_text_tests {
    use crate::markdown::test_support::{render, site};

    fn warnings(body: &str) -> Vec<String> {
        let (_, diags) = render(&site("title: T\n", "fundamentals", body));
        diags.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn an_image_without_alt_text_is_a_warning() {
        assert_eq!(
            warnings("Look: ![](https://e.org/chart.png)\n\n![ ](https://e.org/b.png)\n"),
            [
                "image without a text alternative, so a screen reader cannot say what it shows",
                "image without a text alternative, so a screen reader cannot say what it shows"
            ]
        );
        assert!(warnings("![A *rising* chart](https://e.org/chart.png)\n").is_empty());
    }

    #[test]
    fn a_raw_img_without_alt_is_a_warning() {
        assert_eq!(
            warnings(
                "Text <IMG src=\"https://e.org/a.png\"> here.\n\n<div><img src=\"https://e.org/b.png\" alt=\"B\"><img src=\"https://e.org/c.png\"/></div>\n"
            ),
            [
                "`<IMG src=\"https://e.org/a.png\">` has no alt attribute, so a screen reader cannot say what it shows",
                "`<img src=\"https://e.org/c.png\"/>` has no alt attribute, so a screen reader cannot say what it shows",
            ]
        );
        assert!(
            warnings("<img alt=\"\" src=\"https://e.org/d.png\"> <imgx/> <img alt src=https://e.org/f.png>\n")
                .is_empty()
        );
        // A tag over several lines of an HTML block is judged as a whole.
        assert!(
            warnings("<div>\n<img\n  src=\"https://e.org/e.png\"\n  alt=\"E\">\n</div>\n")
                .is_empty()
        );
        assert_eq!(
            warnings("<div>\n<img\n  src=\"https://e.org/e.png\">\n</div>\n"),
            ["`<img>` has no alt attribute, so a screen reader cannot say what it shows"]
        );
        // Tags in comments, scripts and text areas are text, not images; an `alt`
        // only in another attribute's value is none.
        assert!(
            warnings(
                "<!-- <img src=\"a.png\"> -->\n\n<script>let t = '<img src=\"b.png\">';</script>\n\n<textarea><img src=\"c.png\"></textarea>\n"
            )
            .is_empty()
        );
        assert_eq!(
            warnings("<p><img title=\"alt\" src=\"https://e.org/d.png\"></p>\n").len(),
            1
        );
    }
}

#[cfg(test)]
mod raw_html_tests {
    use crate::markdown::test_support::{render, site};
    use crate::model::{Asset, Site};

    /// A page with `body` built for `/guide/`, next to `content/t/diagram.png`.
    fn page_site(body: &str) -> Site {
        let mut site = site("title: T\nbase_url: /guide/\n", "fundamentals", body);
        site.assets.push(Asset {
            source: "content/t/diagram.png".into(),
            output: "t/diagram.png".into(),
            size: None,
        });
        site
    }

    fn errors(body: &str) -> Vec<String> {
        let (_, diags) = render(&page_site(body));
        (diags.iter().filter(|d| d.is_error()))
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_relative_url_in_raw_html_means_what_it_means_in_markdown() {
        let (doc, diags) = render(&page_site(
            "![D](diagram.png) <img src=\"diagram.png\" alt=\"D\">\n\n<a href='fundamentals.md#top'>\n<img src=diagram.png alt=D></a>\n",
        ));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            doc.html,
            "<p><img src=\"/guide/t/diagram.png\" alt=\"D\" /> <img src=\"/guide/t/diagram.png\" alt=\"D\"></p>\n\
             <a href='/guide/t/fundamentals/#top'>\n<img src=\"/guide/t/diagram.png\" alt=D></a>\n"
        );
    }

    #[test]
    fn a_missing_target_of_raw_html_is_an_error_at_its_url() {
        assert_eq!(
            errors(
                "Text\n\n<figure><img src=\"gone.png\" alt=\"\">\n<a href=\"academic.md\">x</a></figure>\n"
            ),
            [
                "3:19 link to missing image `gone.png`",
                "4:10 link to missing page `academic.md`",
            ]
        );
        assert_eq!(
            errors("<a href=\"../../x.md\">x</a>\n"),
            ["1:10 link `../../x.md` leads outside the content folder"]
        );
    }

    #[test]
    fn absolute_urls_and_other_schemes_are_left_alone() {
        let kept = "<a href=\"/x/\">a</a><a href=\"//e.org/x\">b</a><a href=\"https://e.org/\">c</a><img src=\"data:image/png;base64,AA\" alt=\"\"><a href=\"javascript:void(0)\">e</a><a href=\"?q=1\">f</a><a href=\"\">g</a>";
        let body = format!("{kept}<a href=\"diagram.png\">h</a>\n");
        let (doc, diags) = render(&page_site(&body));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            doc.html,
            format!("<p>{kept}<a href=\"/guide/t/diagram.png\">h</a></p>\n")
        );
    }

    #[test]
    fn ids_of_raw_html_are_places_a_fragment_may_lead_to() {
        let (doc, _) = render(&page_site(
            "<span id=\"note-1\">n</span> <a name=\"old\"></a> <a href=\"#note-1\">n</a>\n",
        ));
        assert_eq!(doc.anchors, ["note-1", "old"]);
        let anchors: Vec<_> = doc.links.iter().map(|l| l.anchor.as_deref()).collect();
        assert_eq!(anchors, [Some("note-1")]);
    }

    #[test]
    fn heading_anchors_are_not_read_as_the_authors_raw_html() {
        // The passes write each heading's `<a href="#id">` themselves: not a link of
        // the page's to check, and no work on a page without raw HTML.
        let (doc, _) = render(&page_site(
            "## One\n\n## Two\n\nBack to <a href=\"#one\">one</a>.\n",
        ));
        assert_eq!(doc.html.matches("href=\"#one\"").count(), 2, "{}", doc.html);
        let anchors: Vec<_> = doc.links.iter().map(|l| l.anchor.as_deref()).collect();
        assert_eq!(anchors, [Some("one")]);
    }
}
