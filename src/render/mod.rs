//! Rendering: the loaded [`Site`] and the Markdown stage's context in, every output
//! file out, handed to a [`Sink`] as soon as it is ready.
//!
//! Each document's Markdown is rendered once, right before its page (see
//! [`render_site`] for how pages that show each other come out right). Pages render
//! in parallel with rayon; each gets a borrowed view built for it alone (see
//! [`views`]). The site-wide `site` and `data` values are set once as Tera globals.
//! This stage writes nothing to disk: [`crate::output`] does that.

pub mod assets;
pub mod crossref;
pub mod feed;
mod glossary_page;
pub mod pages;
mod passes;
mod redirects;
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
use crate::model::{DocId, Site};
use crate::theme::Theme;
pub use glossary_page::TEMPLATE as GLOSSARY_TEMPLATE;
pub use pages::Job;
pub use passes::render_site;
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
/// decide; an incremental update reuses them while only page bodies change (a change
/// of links replaces `links`).
#[derive(Clone)]
pub struct RenderParts {
    /// Templates with the `site` and `data` globals set.
    pub templates: Arc<Templates>,
    pub links: Arc<crossref::LinkIndex>,
    /// Linked pages' titles and URLs, references' previews.
    pub shared: Arc<pages::SharedViews>,
    pub asset_files: Arc<Vec<OutputFile>>,
}

impl std::fmt::Debug for RenderParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderParts").finish_non_exhaustive()
    }
}

impl<'a> RenderSession<'a> {
    /// A session whose pages show "Referenced by" from `links`.
    pub fn new(
        site: &'a Site,
        markdown: &'a MarkdownContext<'a>,
        mut templates: Templates,
        theme: &Theme,
        links: crossref::LinkIndex,
    ) -> Self {
        let highlight_css = crate::markdown::highlight::stylesheet();
        let (asset_files, asset_urls) = assets::theme_assets(
            &theme.static_files,
            Some(highlight_css.to_string()),
            &site.config.root_url,
        );
        templates.set_global("site", &pages::site_view(site, asset_urls));
        templates.set_global("data", &site.tables);
        let parts = RenderParts {
            templates: Arc::new(templates),
            links: Arc::new(links),
            shared: Arc::new(pages::SharedViews::new(site)),
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
                // A one-shot build has let go of the text: it is read again from the
                // file, and a file changed since loading is the page's failure.
                let mut unread = None;
                let own = id.and_then(|id| {
                    let doc = site.document(id)?;
                    match doc.body.text(&site.root, &doc.path) {
                        Ok(text) => Some(crate::markdown::render_document(
                            id,
                            (doc, &text),
                            self.markdown,
                        )),
                        Err(changed) => {
                            unread = Some(changed);
                            None
                        }
                    }
                });
                let failure =
                    unread.or_else(|| self.page(job, outlines, own.as_ref().map(|(r, _)| r), sink));
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
        pages::render_page(job, self.site, outlines, own, &self.parts)
            .and_then(|file| emit(sink, file))
            .err()
    }

    /// Renders the glossary page from the terms every page uses.
    pub fn render_glossary(
        &self,
        outlines: &Outlines,
        facts: &HashMap<DocId, Arc<PageFacts>>,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let mut uses = crossref::TermUses::new(self.site);
        for (id, _) in self.site.documents() {
            if let Some(page) = facts.get(&id) {
                for term in &page.terms {
                    uses.record(id, term.entry(), term.section());
                }
            }
        }
        glossary_page::render_glossary(self.site, outlines, &uses, &self.parts.templates)
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
