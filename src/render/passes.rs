//! The render of a whole site in two passes, so that each document's Markdown is
//! parsed once while only outlines are held.
//!
//! The first pass renders every document and, right away, its page: a topic's tiers
//! together ([`Group`]), since each tier's page shows the sections of the others and
//! the topic page their statistics. A page also shows what other pages say of it
//! ("Referenced by"), which is known only once every page is rendered; that comes
//! from a guess read off the raw Markdown ([`LinkIndex::guess`]), checked afterwards
//! against the links the pages really have, and the few pages it got wrong are
//! rendered again (the sink keeps the later version). The second pass
//! renders what needs every outline: home, tier indexes, the search index and the
//! glossary page.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::crossref::LinkIndex;
use super::{
    Job, Outlines, PageFacts, RenderSession, Rendered, Sink, Templates, emit, pages, search,
    site_files,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{MarkdownContext, Outline, RenderedDoc};
use crate::model::{DocId, Document, Site};
use crate::theme::Theme;

/// Documents whose pages render together in the first pass: a topic's tiers (each
/// tier's page shows the sections of the others), or one page on its own.
#[derive(Debug, Clone, Copy)]
enum Group {
    Topic(usize),
    Page(usize),
}

impl Group {
    fn all(site: &Site) -> Vec<Group> {
        let topics = (0..site.topics.len()).map(Group::Topic);
        topics
            .chain((0..site.pages.len()).map(Group::Page))
            .collect()
    }

    /// The group's documents with their Markdown: taken from `taken` when a one-shot
    /// build took the texts out of the site, else shared with it.
    fn lend<'s>(self, site: &'s Site, taken: &mut HashMap<DocId, Arc<str>>) -> Lent<'s> {
        let documents = self
            .documents(site)
            .into_iter()
            .map(|(id, doc)| (id, doc, text_of(site, (id, doc), taken)))
            .collect();
        Lent {
            group: self,
            documents,
        }
    }

    fn documents(self, site: &Site) -> Vec<(DocId, &Document)> {
        match self {
            Group::Topic(topic) => site.topics[topic]
                .present_tiers()
                .map(|(tier, doc)| (DocId::Tier { topic, tier }, doc))
                .collect(),
            Group::Page(i) => vec![(DocId::Page(i), &*site.pages[i].doc)],
        }
    }
}

/// A group with its documents and their Markdown. The group's job owns the texts and
/// drops them once its pages are written: when the site has let go of them
/// ([`Site::take_bodies`]), that frees them.
struct Lent<'s> {
    group: Group,
    documents: Vec<(DocId, &'s Document, Arc<str>)>,
}

/// A document's Markdown: `taken`'s, else the site's own.
fn text_of(
    site: &Site,
    (id, doc): (DocId, &Document),
    taken: &mut HashMap<DocId, Arc<str>>,
) -> Arc<str> {
    taken.remove(&id).unwrap_or_else(|| {
        // Every released body is in `taken` (`Site::take_bodies`); were one missing,
        // its file would be read again rather than the page rendered empty.
        debug_assert!(doc.body.shared().is_some(), "{} was released", doc.source);
        doc.body
            .text(&site.root, &doc.path)
            .unwrap_or_else(|_| Arc::from(""))
    })
}

/// One document after the first pass.
struct FirstPass {
    id: DocId,
    outline: Arc<Outline>,
    facts: PageFacts,
}

/// A group after the first pass: its documents, and the problems of its pages.
struct GroupPass {
    documents: Vec<FirstPass>,
    failures: Vec<Diagnostic>,
}

/// Every document after the first pass.
#[derive(Default)]
struct Documents {
    outlines: Outlines,
    facts: HashMap<DocId, Arc<PageFacts>>,
    /// The home document, whose page waits for every outline (it lists the topics).
    home: Option<RenderedDoc>,
    failures: Diagnostics,
}

impl RenderSession<'_> {
    /// The first pass: renders every document's Markdown once, in parallel, and the
    /// page of every document but the home page, a [`Group`] at a time, so that only
    /// a group's documents are held at once.
    fn render_documents(
        &self,
        lent: Vec<Lent<'_>>,
        home: Option<Arc<str>>,
        sink: &dyn Sink,
    ) -> Documents {
        let groups: Vec<GroupPass> = lent
            .into_par_iter()
            .map(|lent| self.render_group(lent, sink))
            .collect();
        let mut done = Documents::default();
        let count = groups.iter().map(|g| g.documents.len()).sum::<usize>() + 1;
        done.outlines.0.reserve(count);
        done.facts.reserve(count);
        for group in groups {
            done.failures.extend(group.failures);
            for doc in group.documents {
                done.outlines.0.insert(doc.id, doc.outline);
                done.facts.insert(doc.id, Arc::new(doc.facts));
            }
        }
        if let (Some(doc), Some(text)) = (self.site.home.as_deref(), home) {
            let (home, diagnostics) =
                crate::markdown::render_document(DocId::Home, (doc, &text), self.markdown);
            let facts = PageFacts {
                terms: home.terms.clone(),
                has_code: home.has_code,
                diagnostics,
            };
            done.outlines
                .0
                .insert(DocId::Home, Arc::new(Outline::of(&home)));
            done.facts.insert(DocId::Home, Arc::new(facts));
            done.home = Some(home);
        }
        done
    }

    /// Renders a group's documents and their pages, and a topic's own page (which
    /// shows its tiers' statistics).
    fn render_group(&self, Lent { group, documents }: Lent<'_>, sink: &dyn Sink) -> GroupPass {
        // Each text is dropped once its document is rendered.
        let rendered: Vec<(DocId, RenderedDoc, Vec<Diagnostic>)> = documents
            .into_iter()
            .map(|(id, doc, text)| {
                let (r, d) = crate::markdown::render_document(id, (doc, &text), self.markdown);
                (id, r, d)
            })
            .collect();
        let local = Outlines(
            rendered
                .iter()
                .map(|(id, r, _)| (*id, Arc::new(Outline::of(r))))
                .collect(),
        );
        let mut failures = Vec::new();
        if let Group::Topic(topic) = group {
            failures.extend(self.page(Job::Topic(topic), &local, None, sink));
        }
        let documents = rendered
            .into_iter()
            .map(|(id, rendered, diagnostics)| {
                failures.extend(self.page(Job::Doc(id), &local, Some(&rendered), sink));
                FirstPass {
                    id,
                    outline: Arc::clone(&local.0[&id]),
                    facts: PageFacts::of(rendered, diagnostics),
                }
            })
            .collect();
        GroupPass {
            documents,
            failures,
        }
    }

    /// The pages made of every page's outline: home, tier indexes, tag pages; and the
    /// 404 page. One at a time: each can be as large as the site.
    fn render_index_pages(
        &self,
        outlines: &Outlines,
        home: Option<&RenderedDoc>,
        sink: &dyn Sink,
    ) -> Diagnostics {
        let site = self.site;
        let mut jobs = vec![Job::Home, Job::NotFound];
        jobs.extend((0..site.config.tiers.len()).map(Job::TierIndex));
        jobs.extend(super::pages::tag_jobs(site));
        jobs.into_iter()
            .filter_map(|job| {
                let own = if job == Job::Home { home } else { None };
                self.page(job, outlines, own, sink)
            })
            .collect()
    }
}

/// Renders every page and file of the site into `sink`, each document's Markdown
/// parsed once (see the module's notes). Holding every rendered body until all pages
/// are known would cost memory in proportion to the site; only outlines are kept.
/// `taken` holds the documents' Markdown when a one-shot build took it out of the site
/// ([`Site::take_bodies`]); each text is then freed once its page is written.
pub fn render_site(
    site: &Site,
    markdown: &MarkdownContext<'_>,
    (templates, theme): (Templates, &Theme),
    mut taken: HashMap<DocId, Arc<str>>,
    sink: &dyn Sink,
) -> Rendered {
    let lent: Vec<Lent> = Group::all(site)
        .into_iter()
        .map(|group| group.lend(site, &mut taken))
        .collect();
    let home = site
        .home
        .as_deref()
        .map(|doc| text_of(site, (DocId::Home, doc), &mut taken));
    let documents = lent
        .iter()
        .flat_map(|lent| &lent.documents)
        .map(|(id, doc, text)| (*id, *doc, &**text))
        .chain(
            site.home
                .as_deref()
                .zip(home.as_deref())
                .map(|(d, t)| (DocId::Home, d, t)),
        )
        .collect();
    let guess = LinkIndex::guess(documents, markdown.targets);
    let session = RenderSession::new(site, markdown, templates, theme, guess);
    let first = session.render_documents(lent, home, sink);
    tracing::info!(pages = first.facts.len(), "first pass rendered");
    let outlines = first.outlines;
    let facts = first.facts;
    let mut diagnostics = first.failures;
    let has_code = facts.values().any(|f| f.has_code);
    let mut extra = session.asset_files(has_code);
    extra.extend(site_files::site_files(site));
    let jobs = pages::jobs(site);
    let files = jobs.len() + 1 + extra.len();
    // What is left needs every outline. The search index builds on one core while the
    // other checks the guessed backlinks and renders again the pages it got wrong,
    // then the pages built from every outline, one at a time (each is large: at
    // 10,000 pages the home page alone is 2.5 MB), the glossary page and the other
    // files: about as long, and only one large page is held at a time.
    let ((parts, mut rest), (search_paths, search_failures)) = rayon::join(
        || {
            let links = LinkIndex::new(site, &outlines);
            let wrong: Vec<Job> = session
                .parts
                .links
                .differences(&links)
                .into_iter()
                .filter(|&id| id != DocId::Home && site.document(id).is_some())
                .map(Job::Doc)
                .collect();
            tracing::info!(pages = wrong.len(), "rendered again for their backlinks");
            let mut parts = session.parts().clone();
            parts.links = Arc::new(links);
            let session = RenderSession::with_parts(site, markdown, parts);
            let (_, mut failures) = session.render_jobs(&wrong, &outlines, sink);
            failures.extend(session.render_index_pages(&outlines, first.home.as_ref(), sink));
            failures.extend(session.render_glossary(&outlines, &facts, sink).err());
            for file in extra {
                failures.extend(emit(sink, file).err());
            }
            (session.parts, failures)
        },
        || {
            let mut paths = Vec::new();
            let mut failures = Vec::new();
            search::index(site, &outlines, &mut |file| {
                paths.push(file.path.clone());
                failures.extend(emit(sink, file).err());
            });
            (paths, failures)
        },
    );
    rest.extend(search_failures);
    diagnostics.extend(rest);
    let files = files + search_paths.len();
    Rendered {
        pages: jobs.len() + 1,
        files,
        outlines,
        facts,
        diagnostics,
        search_paths,
        parts: Some(parts),
    }
}
