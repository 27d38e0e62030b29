//! Reports each broken link of the built site where it was written: in the Markdown
//! of the document the page is made from (the [`Site`] model says which), or else in
//! the template that renders the page.
//!
//! It runs only when the link check found broken links, and reads again only the
//! documents of pages that hold one ([`crate::markdown::written`]): a build never pays
//! for it. A link whose problem the Markdown stage reports itself (a missing page,
//! file or `#anchor`) is not reported again, nor is a link into a part of the site
//! that is missing because its source failed to load. A link a template writes on many
//! pages is one error, not one per page.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::collect::{BrokenLink, LinkReport, Problem};
use super::template::{self, TemplatePlace};
use crate::diagnostic::{Diagnostics, LineIndex};
use crate::markdown::MarkdownContext;
use crate::markdown::written::{WrittenKind, WrittenLink, written_links};
use crate::model::{DocId, Document, Site};
use crate::render::{Job, Outlines, Templates, pages};

/// What the link check's findings are traced back to.
pub struct Sources<'a> {
    pub site: &'a Site,
    pub markdown: &'a MarkdownContext<'a>,
    /// Every document's outline, for "did you mean `#…`".
    pub outlines: &'a Outlines,
    pub templates: Option<&'a Templates>,
    /// What was reported before the link check: a link the Markdown stage reported an
    /// error for is not reported again.
    pub reported: &'a Diagnostics,
}

/// What makes a built page: its document, if any, and its template.
#[derive(Debug, Clone, Copy)]
struct Maker {
    doc: Option<DocId>,
    template: &'static str,
}

/// Everything tracing the broken links back needs, gathered once.
struct Trace<'a> {
    report: &'a LinkReport,
    sources: &'a Sources<'a>,
    makers: FxHashMap<String, Maker>,
    /// `file:line:column` of every error reported before the link check.
    reported: FxHashSet<(&'a str, u32, u32)>,
}

/// One error per broken link, at the place it was written.
pub fn diagnostics(report: &LinkReport, sources: &Sources<'_>) -> Diagnostics {
    if report.broken.is_empty() {
        return Diagnostics::new();
    }
    let trace = Trace {
        report,
        sources,
        makers: makers(sources.site),
        reported: reported_places(sources.reported),
    };
    let failed = &sources.markdown.targets.failed;
    let mut by_page: BTreeMap<&str, Vec<&BrokenLink>> = BTreeMap::new();
    for broken in &report.broken {
        if !super::failed::explained_by(broken, failed) {
            by_page.entry(&broken.page).or_default().push(broken);
        }
    }
    let found: Vec<(Diagnostics, Vec<(Maker, &BrokenLink)>)> = by_page
        .into_par_iter()
        .map(|(page, broken)| {
            let maker = trace.makers.get(page).copied().unwrap_or(Maker {
                doc: None,
                template: "",
            });
            let doc = maker
                .doc
                .and_then(|id| Some((id, sources.site.document(id)?)));
            match doc {
                Some((id, doc)) => trace.in_markdown(maker, (id, doc), broken),
                None => (
                    Diagnostics::new(),
                    broken.into_iter().map(|b| (maker, b)).collect(),
                ),
            }
        })
        .collect();
    let mut all = Diagnostics::new();
    let mut from_templates = Vec::new();
    for (diagnostics, rest) in found {
        all.extend(diagnostics);
        from_templates.extend(rest);
    }
    all.extend(trace.in_templates(from_templates));
    all.sort();
    all
}

/// Every page of the site and what makes it.
fn makers(site: &Site) -> FxHashMap<String, Maker> {
    let mut makers: FxHashMap<String, Maker> = pages::jobs(site)
        .into_iter()
        .map(|job| {
            let doc = match job {
                Job::Doc(id) => Some(id),
                Job::Home => site.home.as_ref().map(|_| DocId::Home),
                _ => None,
            };
            let maker = Maker {
                doc,
                template: pages::template_of(job),
            };
            let path = pages::path_of(site, job).output_file();
            (format!("{}{path}", site.output_prefix()), maker)
        })
        .collect();
    makers.insert(
        format!(
            "{}{}",
            site.output_prefix(),
            site.glossary_path().output_file()
        ),
        Maker {
            doc: None,
            template: crate::render::GLOSSARY_TEMPLATE,
        },
    );
    makers
}

/// `file:line:column` of every error reported so far.
fn reported_places(reported: &Diagnostics) -> FxHashSet<(&str, u32, u32)> {
    reported
        .iter()
        .filter(|d| d.is_error() && d.line > 0)
        .filter_map(|d| Some((d.file.as_deref()?, d.line, d.column)))
        .collect()
}

impl Trace<'_> {
    /// The errors of a page's broken links that its document's Markdown wrote, and the
    /// links it does not hold (its template writes them).
    fn in_markdown<'r>(
        &self,
        maker: Maker,
        (id, doc): (DocId, &Document),
        broken: Vec<&'r BrokenLink>,
    ) -> (Diagnostics, Vec<(Maker, &'r BrokenLink)>) {
        // `check` lets go of the text as it renders: the few pages with a broken link
        // read it again from their files.
        let body = match doc.body.text(&self.sources.site.root, &doc.path) {
            Ok(body) => body,
            // Which of the page's broken links its Markdown wrote is unknown: each is
            // traced to the page's template instead, or reported at the page.
            Err(changed) => {
                let elsewhere = broken.into_iter().map(|b| (maker, b)).collect();
                return (Diagnostics::from_iter([changed]), elsewhere);
            }
        };
        let written = written_links(id, (doc, &body), self.sources.markdown);
        let mut by_url: FxHashMap<&str, Vec<&WrittenLink>> = FxHashMap::default();
        for link in &written {
            by_url.entry(link.url.as_str()).or_default().push(link);
        }
        let lines = LineIndex::new(&body);
        let reported_here = |range: &std::ops::Range<usize>| {
            let (line, column) = lines.line_col(range.start);
            let line = line + doc.body_line - 1;
            self.reported.contains(&(doc.source.as_str(), line, column))
        };
        let mut found = Diagnostics::new();
        let mut elsewhere = Vec::new();
        for b in broken {
            let Some(links) = by_url.get(b.url.as_str()) else {
                elsewhere.push((maker, b));
                continue;
            };
            let mut places = HashSet::new();
            for link in links {
                if link.unresolved
                    || link.link.as_ref().is_some_and(reported_here)
                    || !places.insert(link.place.start)
                {
                    continue;
                }
                let d = (b.problem)
                    .diagnostic(self.markdown_message(link, b))
                    .hint(self.markdown_hint(link, b));
                found.push(crate::markdown::locate(doc, &body, &lines, d, &link.place));
            }
        }
        (found, elsewhere)
    }

    fn markdown_message(&self, link: &WrittenLink, broken: &BrokenLink) -> String {
        let built = if link.url == link.written.replace("&amp;", "&") {
            String::new()
        } else {
            format!(" (`{}` in the built page)", link.url)
        };
        let in_table = if link.kind == WrittenKind::TableCell {
            " in a cell of this table"
        } else {
            ""
        };
        format!(
            "link to `{}`{built}{in_table}, {}",
            link.written,
            broken.problem.why(&self.report.base)
        )
    }

    fn markdown_hint(&self, link: &WrittenLink, broken: &BrokenLink) -> String {
        if let Problem::Redirected { target } = &broken.problem
            && let Some(source) = self.source_of(target)
            && link.kind != WrittenKind::RawHtml
        {
            let page = source.strip_prefix("content/").unwrap_or(source);
            let fragment = fragment_of(&broken.url);
            return format!("link to the page where it is now: `@/{page}{fragment}`");
        }
        let Problem::NoFile { target } = &broken.problem else {
            return self.fix(broken);
        };
        let raw = link.kind == WrittenKind::RawHtml;
        let fix = match self.nearest(target) {
            Some(near) => did_you_mean(&self.suggested(near, &link.written, !raw)),
            None if raw => "point it at a page or a file of the built site; a link to a page (`@/topic/tier.md`) or to a file next to the page is checked by the build itself, in raw HTML as in Markdown".into(),
            None if link.image => "put the file next to the page, or in `static/` and link to it with `/name`".into(),
            None => "link a page as `@/topic/tier.md`, which the build checks, and a file of `static/` as `/name`".into(),
        };
        if link.kind == WrittenKind::TableCell {
            format!("the link is in the table's file under `data/`: {fix}")
        } else {
            fix
        }
    }

    /// The errors of the broken links no page's Markdown holds: one per place in a
    /// template (or per page template, when the place is not found) and URL, naming
    /// its pages.
    fn in_templates(&self, links: Vec<(Maker, &BrokenLink)>) -> Diagnostics {
        type Key<'t> = (Option<(&'t str, usize)>, &'static str, String, String);
        let templates = self.sources.templates;
        let mut places: FxHashMap<(&'static str, &str), Option<TemplatePlace<'_>>> =
            FxHashMap::default();
        let mut groups: BTreeMap<Key<'_>, (Option<TemplatePlace<'_>>, Vec<&BrokenLink>)> =
            BTreeMap::new();
        for (maker, broken) in links {
            let place = places
                .entry((maker.template, broken.url.as_str()))
                .or_insert_with(|| {
                    templates.and_then(|t| template::find(t, maker.template, &broken.url))
                })
                .clone();
            let at = place.as_ref().map(|p| (p.shown, p.span.start));
            // Without a place, the links of one page template go together.
            let template = if at.is_some() { "" } else { maker.template };
            groups
                .entry((at, template, broken.url.clone(), self.shared_why(broken)))
                .or_insert_with(|| (place, Vec::new()))
                .1
                .push(broken);
        }
        groups
            .into_iter()
            .map(|((_, template, url, why), (place, pages))| {
                let d = (pages[0].problem).diagnostic(self.pages_message(&pages, &url, &why));
                let fix = self.template_fix(&pages, place.as_ref());
                if let Some(p) = place {
                    return d
                        .in_file(std::path::Path::new(p.shown))
                        .at_offset(p.text, p.span.start)
                        .width(p.text[p.span.clone()].chars().count())
                        .hint(format!("{}{fix}", also_written(&p)));
                }
                match templates.and_then(|t| t.source(template)) {
                    Some((shown, _)) => d.in_file(std::path::Path::new(shown)).hint(format!(
                        "the page's Markdown does not hold this link, so a template writes it: `{shown}` or one it extends or includes; {fix}"
                    )),
                    // Not a page Strata renders: a file of the theme, say.
                    None => d.hint(format!(
                        "fix the link in the file the page comes from; {fix}"
                    )),
                }
            })
            .collect()
    }

    /// What is wrong with `broken`, said so that it holds for every page a template
    /// writes the link on: a `#fragment` of the page itself is missing on each page.
    fn shared_why(&self, broken: &BrokenLink) -> String {
        match own_id(broken) {
            Some(id) => format!("but none of them has an element with id `{id}`"),
            None => broken.problem.why(&self.report.base),
        }
    }

    /// "`a/index.html` and 41 other pages link to `url`, {why}", or for one page what
    /// is wrong there.
    fn pages_message(&self, pages: &[&BrokenLink], url: &str, why: &str) -> String {
        let first = pages[0];
        match pages.len() {
            1 => format!(
                "`{}` links to `{url}`, {}",
                first.page,
                first.problem.why(&self.report.base)
            ),
            2 => format!("`{}` and 1 other page link to `{url}`, {why}", first.page),
            n => format!(
                "`{}` and {} other pages link to `{url}`, {why}",
                first.page,
                n - 1
            ),
        }
    }

    /// How to fix a link a template writes on `pages`; `place` is where, if known.
    fn template_fix(&self, pages: &[&BrokenLink], place: Option<&TemplatePlace<'_>>) -> String {
        match own_id(pages[0]) {
            Some(id) if pages.len() > 1 => shared_id_hint(id, place),
            _ => self.fix(pages[0]),
        }
    }

    /// How to fix `broken`, wherever it was written.
    fn fix(&self, broken: &BrokenLink) -> String {
        match &broken.problem {
            Problem::NoFile { target } => match self.nearest(target) {
                Some(near) => did_you_mean(&self.report.base.url(near)),
                None => "point it at a page or a file of the built site".into(),
            },
            Problem::OutsideBase => {
                let base = &self.report.base;
                format!(
                    "the site is built for `{}`, so its URLs start with it (`{}`): raw HTML and templates are copied as written, while a Markdown link gets the base path put in front",
                    base.path(),
                    base.url(&broken.url)
                )
            }
            Problem::AboveRoot => "it has more `../` than the page has folders above it".into(),
            Problem::NoId { file, id, .. } => self.id_hint(file, id),
            Problem::Redirected { target } => format!(
                "link to the page where it is now: `{}{}`",
                self.report.base.url(target),
                fragment_of(&broken.url)
            ),
        }
    }

    /// The Markdown file of the page at `target`, a URL path under the base.
    fn source_of(&self, target: &str) -> Option<&str> {
        let doc = self.makers.get(&format!("{target}index.html"))?.doc?;
        Some(&self.sources.site.document(doc)?.source)
    }

    /// What to suggest for a missing id `id` of the built page `file`.
    fn id_hint(&self, file: &str, id: &str) -> String {
        let site = self.sources.site;
        let glossary_page = format!(
            "{}{}",
            site.output_prefix(),
            site.glossary_path().output_file()
        );
        if file == glossary_page {
            return match crate::suggest::closest_id(id, site.glossary.named_ids()) {
                Some(near) => format!("did you mean `#{near}`?"),
                None => format!(
                    "the glossary page's ids are the `id`s of `{}`",
                    site.content_file("glossary.yaml")
                ),
            };
        }
        let outline = (self.makers.get(file))
            .and_then(|m| m.doc)
            .and_then(|doc| self.sources.outlines.get(doc));
        match outline {
            Some(outline) => crate::checks::anchor_hint(outline, id),
            None => "link to an id the page has".into(),
        }
    }

    /// The file of the built site closest to the missing `target`, as a URL path under
    /// the base (`plants/` for `plants/index.html`).
    fn nearest(&self, target: &str) -> Option<&str> {
        let urls = (self.report.files.iter()).map(|f| f.strip_suffix("index.html").unwrap_or(f));
        crate::suggest::closest_path(target, urls)
    }

    /// `near` (a URL path under the base) the way the author would write it instead
    /// of `written`: a Markdown link starting with `/` gets the base path from Strata,
    /// raw HTML must have it, and a link with the site's origin keeps it.
    fn suggested(&self, near: &str, written: &str, markdown: bool) -> String {
        let base = &self.report.base;
        if written.contains("://") {
            base.absolute(near)
        } else if markdown && written.starts_with('/') {
            format!("/{near}")
        } else {
            base.url(near)
        }
    }
}

/// The `#fragment` of `url`, with its `#`, or nothing.
fn fragment_of(url: &str) -> &str {
    url.find('#').map_or("", |i| &url[i..])
}

/// The id a link to a `#fragment` of its own page asks for, when that page lacks it.
fn own_id(broken: &BrokenLink) -> Option<&str> {
    match &broken.problem {
        Problem::NoId { file, id, .. } if *file == broken.page => Some(id),
        _ => None,
    }
}

/// What to suggest for an id `id` that a template links to on pages that lack it: an
/// id the template itself writes, if one is close.
fn shared_id_hint(id: &str, place: Option<&TemplatePlace<'_>>) -> String {
    let text = place.map_or("", |p| p.text);
    let tags = crate::markdown::html::Attributes::new(text);
    let ids: Vec<&str> = (tags.spans("id"))
        .map(|span| &text[span])
        .filter(|id| !id.contains('{'))
        .collect();
    match crate::suggest::closest_id(id, ids.iter().map(|id| (*id, Vec::new()))) {
        Some(near) => format!("did you mean `#{near}`?"),
        None => format!(
            "give an element of this template the id `{id}`, so that each of these pages has one, or link to an id they all have"
        ),
    }
}

/// "line 50 of this template can write it too; " when other values of the template
/// file could have written the URL, or nothing.
fn also_written(place: &TemplatePlace<'_>) -> String {
    let mut lines: Vec<u32> = (place.others.iter())
        .map(|span| crate::diagnostic::line_col(place.text, span.start).0)
        .collect();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("line {one} of this template can write it too; "),
        [rest @ .., last] => format!(
            "lines {} and {last} of this template can write it too; ",
            rest.join(", ")
        ),
    }
}

fn did_you_mean(url: &str) -> String {
    format!("did you mean `{}`?", url_text(url))
}

/// A URL path as it is written in a link: a space is `%20`.
fn url_text(path: &str) -> String {
    path.replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_written_the_way_the_author_writes_links() {
        let report = LinkReport {
            checked: 0,
            external: Default::default(),
            broken: vec![],
            files: vec![
                "index.html".into(),
                "plants/index.html".into(),
                "img/a.png".into(),
            ],
            base: crate::urls::BaseUrl::parse("https://e.org/guide/").unwrap(),
        };
        let site = crate::markdown::test_support::site("title: T\n", "fundamentals", "");
        crate::markdown::test_support::with_context(&site, |markdown| {
            let (outlines, reported) = (Outlines::default(), Diagnostics::new());
            let sources = Sources {
                site: &site,
                markdown,
                outlines: &outlines,
                templates: None,
                reported: &reported,
            };
            let trace = Trace {
                report: &report,
                sources: &sources,
                makers: makers(&site),
                reported: FxHashSet::default(),
            };
            assert_eq!(trace.nearest("plant/"), Some("plants/"));
            assert_eq!(trace.nearest("img/b.png"), Some("img/a.png"));
            assert_eq!(trace.nearest("something/else/"), None);
            assert_eq!(trace.suggested("plants/", "/plant/", true), "/plants/");
            assert_eq!(
                trace.suggested("plants/", "/guide/plant/", false),
                "/guide/plants/"
            );
            assert_eq!(
                trace.suggested("plants/", "https://e.org/guide/plant/", true),
                "https://e.org/guide/plants/"
            );
        });
    }
}
