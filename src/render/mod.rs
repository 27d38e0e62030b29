//! Rendering: the loaded [`Site`] and the Markdown stage's context in, every output
//! file out, handed to a [`Sink`] as soon as it is ready.
//!
//! Each document's Markdown is rendered once, right before its page (see
//! [`render_site`] for how pages that show each other come out right). Pages render
//! in parallel with rayon; each gets a borrowed view built for it alone (see
//! [`views`]). The site-wide `site` and `data` values are set once as Tera globals.
//! This stage writes nothing to disk: [`crate::output`] does that.

pub mod assets;
pub mod feed;
pub mod pages;
pub mod search;
pub mod site_files;
pub mod templates;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{MarkdownContext, Outline, RenderedDoc, TermUse};
use crate::model::{DocId, Document, Site};
use crate::theme::Theme;
pub use pages::Job;
pub use templates::Templates;

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    pub content: FileContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from this file on disk.
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            content: FileContent::Bytes(bytes.into()),
        }
    }
}

/// The outline of every document, by id: what pages need to know about each other.
#[derive(Debug, Default, Clone)]
pub struct Outlines(pub rustc_hash::FxHashMap<DocId, Arc<Outline>>);

impl Outlines {
    pub fn get(&self, id: DocId) -> Option<&Outline> {
        self.0.get(&id).map(|o| &**o)
    }
}

/// Where finished files go: memory (`check`, `serve`) or a staging folder (`build`),
/// so a large site never has to be held in memory whole. A file emitted again (a page
/// rendered a second time, see [`render_site`]) replaces the first version.
pub trait Sink: Sync {
    fn emit(&self, file: OutputFile) -> std::io::Result<()>;
}

/// Collects files in memory.
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path; of a file emitted twice, the later version.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_default();
        // Stable, so a path's versions stay in the order they came in.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
        for file in files {
            match kept.last_mut() {
                Some(last) if last.path == file.path => *last = file,
                _ => kept.push(file),
            }
        }
        kept
    }
}

impl Sink for MemorySink {
    fn emit(&self, file: OutputFile) -> std::io::Result<()> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .push(file);
        Ok(())
    }
}

/// What rendering one document's page reported, kept so a later rebuild of other
/// pages can reuse it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFacts {
    /// The glossary terms the page uses, in order.
    pub terms: Vec<TermUse>,
    pub has_code: bool,
    /// Warnings of the page's Markdown (errors fail the build).
    pub diagnostics: Vec<Diagnostic>,
}

/// What rendering reports back.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    /// The outline of every document, read off its rendered Markdown.
    pub outlines: Outlines,
    /// Facts of each document's page.
    pub facts: HashMap<DocId, Arc<PageFacts>>,
    /// Problems not tied to one document (templates, writing).
    pub diagnostics: Diagnostics,
    /// Paths of the search index files.
    pub search_paths: Vec<String>,
    /// What a later incremental update can reuse.
    pub parts: Option<RenderParts>,
}

/// Everything page rendering needs, prepared once: templates with the site-wide
/// globals, the backlink index and the theme's fingerprinted assets.
pub struct RenderSession<'a> {
    pub site: &'a Site,
    pub markdown: &'a MarkdownContext<'a>,
    parts: RenderParts,
}

/// The parts of a render session that only the site's structure and configuration
/// decide; an incremental update reuses them while only page bodies change.
#[derive(Clone)]
pub struct RenderParts {
    /// Templates with the `site` and `data` globals set.
    pub templates: Arc<Templates>,
    pub links: Arc<pages::LinkIndex>,
    pub asset_files: Arc<Vec<OutputFile>>,
}

impl std::fmt::Debug for RenderParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderParts").finish_non_exhaustive()
    }
}

/// Documents whose pages render together in the first pass: a topic's tiers (each
/// tier's page shows the sections of the others), or one page on its own.
#[derive(Debug, Clone, Copy)]
enum Group {
    Home,
    Topic(usize),
    Page(usize),
}

impl Group {
    fn all(site: &Site) -> Vec<Group> {
        let mut groups = Vec::with_capacity(1 + site.topics.len() + site.pages.len());
        groups.push(Group::Home);
        groups.extend((0..site.topics.len()).map(Group::Topic));
        groups.extend((0..site.pages.len()).map(Group::Page));
        groups
    }

    fn documents(self, site: &Site) -> Vec<(DocId, &Document)> {
        match self {
            Group::Home => site
                .home
                .as_deref()
                .map(|d| (DocId::Home, d))
                .into_iter()
                .collect(),
            Group::Topic(topic) => site.topics[topic]
                .present_tiers()
                .map(|(tier, doc)| (DocId::Tier { topic, tier }, doc))
                .collect(),
            Group::Page(i) => vec![(DocId::Page(i), &*site.pages[i].doc)],
        }
    }
}

/// One document after the first pass (or, without one, a topic page that failed).
#[derive(Default)]
struct FirstPass {
    id: Option<DocId>,
    outline: Arc<Outline>,
    facts: PageFacts,
    /// The home document, whose page waits for every outline (it lists the topics).
    home: Option<RenderedDoc>,
    failure: Option<Diagnostic>,
}

/// Every document after the first pass.
#[derive(Default)]
struct Documents {
    outlines: Outlines,
    facts: HashMap<DocId, Arc<PageFacts>>,
    home: Option<RenderedDoc>,
    failures: Diagnostics,
}

impl<'a> RenderSession<'a> {
    /// A session whose pages show "Referenced by" from `links`.
    pub fn new(
        site: &'a Site,
        markdown: &'a MarkdownContext<'a>,
        mut templates: Templates,
        theme: &Theme,
        links: pages::LinkIndex,
    ) -> Self {
        let highlight_css = crate::markdown::highlight::stylesheet();
        let (asset_files, asset_urls) = assets::theme_assets(
            &theme.static_files,
            Some(highlight_css.to_string()),
            &site.config.base_url,
        );
        templates.set_global("site", &pages::site_view(site, asset_urls));
        templates.set_global("data", &site.tables);
        let parts = RenderParts {
            templates: Arc::new(templates),
            links: Arc::new(links),
            asset_files: Arc::new(asset_files),
        };
        Self {
            site,
            markdown,
            parts,
        }
    }

    /// A session from parts prepared by an earlier one.
    pub fn with_parts(
        site: &'a Site,
        markdown: &'a MarkdownContext<'a>,
        parts: RenderParts,
    ) -> Self {
        Self {
            site,
            markdown,
            parts,
        }
    }

    pub fn parts(&self) -> &RenderParts {
        &self.parts
    }

    /// Renders `jobs` in parallel into `sink`, each document's Markdown right before
    /// its page; returns the facts of document pages and the problems that are not a
    /// document's own.
    pub fn render_jobs(
        &self,
        jobs: &[Job],
        outlines: &Outlines,
        sink: &dyn Sink,
    ) -> (HashMap<DocId, Arc<PageFacts>>, Diagnostics) {
        let site = self.site;
        let results: Vec<(Option<DocId>, PageFacts, Option<Diagnostic>)> = jobs
            .par_iter()
            .map(|&job| {
                let id = match job {
                    Job::Doc(id) => Some(id),
                    Job::Home => site.home.as_ref().map(|_| DocId::Home),
                    _ => None,
                };
                let own = id.and_then(|id| {
                    site.document(id)
                        .map(|doc| crate::markdown::render_document(id, doc, self.markdown))
                });
                let failure = self.page(job, outlines, own.as_ref().map(|(r, _)| r), sink);
                let facts = own.map_or_else(PageFacts::default, |(r, d)| PageFacts::of(r, d));
                (id, facts, failure)
            })
            .collect();
        let mut facts = HashMap::with_capacity(results.len());
        let mut problems = Diagnostics::new();
        for (id, page, failure) in results {
            problems.extend(failure);
            if let Some(id) = id {
                facts.insert(id, Arc::new(page));
            }
        }
        (facts, problems)
    }

    /// Renders `job`'s page into `sink`; the problem, if it fails.
    fn page(
        &self,
        job: Job,
        outlines: &Outlines,
        own: Option<&RenderedDoc>,
        sink: &dyn Sink,
    ) -> Option<Diagnostic> {
        pages::render_page(
            job,
            self.site,
            outlines,
            own,
            &self.parts.links,
            &self.parts.templates,
        )
        .and_then(|file| emit(sink, file))
        .err()
    }

    /// The first pass: renders every document's Markdown once, in parallel, and the
    /// page of every document but the home page, a [`Group`] at a time, so that only
    /// a group's documents are held at once.
    fn render_documents(&self, sink: &dyn Sink) -> Documents {
        let results: Vec<FirstPass> = Group::all(self.site)
            .into_par_iter()
            .flat_map_iter(|group| self.render_group(group, sink))
            .collect();
        let mut done = Documents::default();
        done.outlines.0.reserve(results.len());
        done.facts.reserve(results.len());
        for pass in results {
            done.failures.extend(pass.failure);
            let Some(id) = pass.id else {
                continue;
            };
            done.outlines.0.insert(id, pass.outline);
            done.facts.insert(id, Arc::new(pass.facts));
            done.home = done.home.or(pass.home);
        }
        done
    }

    /// Renders a group's documents and their pages, and a topic's own page (which
    /// shows its tiers' statistics).
    fn render_group(&self, group: Group, sink: &dyn Sink) -> Vec<FirstPass> {
        let rendered: Vec<(DocId, RenderedDoc, Vec<Diagnostic>)> = group
            .documents(self.site)
            .into_iter()
            .map(|(id, doc)| {
                let (r, d) = crate::markdown::render_document(id, doc, self.markdown);
                (id, r, d)
            })
            .collect();
        let local = Outlines(
            rendered
                .iter()
                .map(|(id, r, _)| (*id, Arc::new(Outline::of(r))))
                .collect(),
        );
        let topic_failure = match group {
            Group::Topic(topic) => self.page(Job::Topic(topic), &local, None, sink),
            _ => None,
        };
        let mut done: Vec<FirstPass> = rendered
            .into_iter()
            .map(|(id, rendered, diagnostics)| {
                let outline = Arc::clone(&local.0[&id]);
                if id == DocId::Home {
                    let facts = PageFacts {
                        terms: rendered.terms.clone(),
                        has_code: rendered.has_code,
                        diagnostics,
                    };
                    return FirstPass {
                        id: Some(id),
                        outline,
                        facts,
                        home: Some(rendered),
                        failure: None,
                    };
                }
                let failure = self.page(Job::Doc(id), &local, Some(&rendered), sink);
                FirstPass {
                    id: Some(id),
                    outline,
                    facts: PageFacts::of(rendered, diagnostics),
                    home: None,
                    failure,
                }
            })
            .collect();
        if topic_failure.is_some() {
            // A topic's own page, which belongs to no document.
            done.push(FirstPass {
                id: None,
                failure: topic_failure,
                ..FirstPass::default()
            });
        }
        done
    }

    /// The pages made of every page's outline: home, tier indexes; and the 404 page.
    /// One at a time: each is as large as the site.
    fn render_index_pages(
        &self,
        outlines: &Outlines,
        home: Option<&RenderedDoc>,
        sink: &dyn Sink,
    ) -> Diagnostics {
        let site = self.site;
        let mut jobs = vec![Job::Home, Job::NotFound];
        jobs.extend((0..site.config.tiers.len()).map(Job::TierIndex));
        jobs.into_iter()
            .filter_map(|job| {
                let own = if job == Job::Home { home } else { None };
                self.page(job, outlines, own, sink)
            })
            .collect()
    }

    /// Renders the glossary page from the terms every page uses.
    pub fn render_glossary(
        &self,
        outlines: &Outlines,
        facts: &HashMap<DocId, Arc<PageFacts>>,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let mut uses = pages::TermUses::new(self.site);
        for (id, _) in self.site.documents() {
            if let Some(page) = facts.get(&id) {
                for term in &page.terms {
                    uses.record(id, term.entry(), term.section());
                }
            }
        }
        pages::render_glossary(self.site, outlines, &uses, &self.parts.templates)
            .and_then(|f| emit(sink, f))
    }

    /// The theme's assets (the highlighting stylesheet only when some page has code).
    pub fn asset_files(&self, has_code: bool) -> Vec<OutputFile> {
        let mut files = (*self.parts.asset_files).clone();
        if !has_code {
            files.retain(|f| !f.path.starts_with("assets/highlight."));
        }
        files
    }
}

impl PageFacts {
    fn of(rendered: RenderedDoc, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            terms: rendered.terms,
            has_code: rendered.has_code,
            diagnostics,
        }
    }
}

fn emit(sink: &dyn Sink, file: OutputFile) -> Result<(), Diagnostic> {
    sink.emit(file)
        .map_err(|e| Diagnostic::error(format!("cannot write the output: {e}")))
}

/// Renders every page and file of the site into `sink`, each document's Markdown
/// parsed once.
///
/// A page shows what other pages say of it ("Referenced by"), which is known only
/// once every page's Markdown is rendered; holding every rendered body until then
/// would cost memory in proportion to the site. So the first pass renders each
/// document's Markdown and, right away, its page, with "Referenced by" taken from a
/// guess read off the raw Markdown ([`pages::LinkIndex::guess`]), and keeps only the
/// outlines. The guess is then compared with the links the pages really have, and
/// the few pages it got wrong are rendered again (they replace the first version in
/// the sink). The pages made of every outline (home, topics, tier indexes, the
/// search index, the glossary) come last.
pub fn render_site(
    site: &Site,
    markdown: &MarkdownContext<'_>,
    templates: Templates,
    theme: &Theme,
    sink: &dyn Sink,
) -> Rendered {
    let guess = pages::LinkIndex::guess(site, markdown.targets);
    let mut session = RenderSession::new(site, markdown, templates, theme, guess);
    let first = session.render_documents(sink);
    tracing::info!(pages = first.facts.len(), "first pass rendered");
    let links = pages::LinkIndex::new(site, &first.outlines);
    let wrong: Vec<Job> = session
        .parts
        .links
        .differences(&links)
        .into_iter()
        .filter(|&id| id != DocId::Home && site.document(id).is_some())
        .map(Job::Doc)
        .collect();
    tracing::info!(pages = wrong.len(), "rendered again for their backlinks");
    session.parts.links = Arc::new(links);
    let outlines = first.outlines;
    let facts = first.facts;
    let mut diagnostics = first.failures;
    let has_code = facts.values().any(|f| f.has_code);
    let mut extra = session.asset_files(has_code);
    extra.extend(site_files::site_files(site));
    let jobs = pages::jobs(site);
    let files = jobs.len() + 1 + extra.len();
    // What is left needs every outline. The search index builds on one core while the
    // other renders the pages built from every outline, one at a time (each is large:
    // at 10,000 pages the home page alone is 2.5 MB), then the glossary page and the
    // other files: about as long, and only one large page is held at a time.
    let (mut rest, (search_paths, search_failures)) = rayon::join(
        || {
            let (_, mut failures) = session.render_jobs(&wrong, &outlines, sink);
            failures.extend(session.render_index_pages(&outlines, first.home.as_ref(), sink));
            failures.extend(session.render_glossary(&outlines, &facts, sink).err());
            for file in extra {
                failures.extend(emit(sink, file).err());
            }
            failures
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
        parts: Some(session.parts().clone()),
    }
}
