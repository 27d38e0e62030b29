//! Rendering: the loaded [`Site`] and its rendered Markdown in, every output file (in
//! memory) out.
//!
//! Pages render in parallel with rayon; each gets a borrowed view built for it alone
//! (see [`views`]). The site-wide `site` and `data` values are set once as Tera globals.
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
use crate::markdown::{MarkdownContext, Outline, TermUse};
use crate::model::{DocId, Site};
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
/// so a large site never has to be held in memory whole.
pub trait Sink: Sync {
    fn emit(&self, file: OutputFile) -> std::io::Result<()>;
}

/// Collects files in memory.
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
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
    pub outlines: &'a Outlines,
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

impl<'a> RenderSession<'a> {
    pub fn new(
        site: &'a Site,
        outlines: &'a Outlines,
        markdown: &'a MarkdownContext<'a>,
        mut templates: Templates,
        theme: &Theme,
    ) -> Self {
        let highlight_css = crate::markdown::highlight::stylesheet();
        let (asset_files, asset_urls) = assets::theme_assets(
            &theme.static_files,
            Some(highlight_css.to_string()),
            &site.config.base_url,
        );
        templates.set_global("site", &pages::site_view(site, asset_urls));
        templates.set_global("data", &site.tables);
        let links = pages::LinkIndex::new(site, outlines);
        let parts = RenderParts {
            templates: Arc::new(templates),
            links: Arc::new(links),
            asset_files: Arc::new(asset_files),
        };
        Self {
            site,
            outlines,
            markdown,
            parts,
        }
    }

    /// A session from parts prepared by an earlier one.
    pub fn with_parts(
        site: &'a Site,
        outlines: &'a Outlines,
        markdown: &'a MarkdownContext<'a>,
        parts: RenderParts,
    ) -> Self {
        Self {
            site,
            outlines,
            markdown,
            parts,
        }
    }

    pub fn parts(&self) -> &RenderParts {
        &self.parts
    }

    /// Renders `jobs` in parallel into `sink`; returns the facts of document pages and
    /// the problems that are not a document's own.
    pub fn render_jobs(
        &self,
        jobs: &[Job],
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
                let rendered = own.as_ref().map(|(r, _)| r);
                let failure = pages::render_page(
                    job,
                    site,
                    self.outlines,
                    rendered,
                    &self.parts.links,
                    &self.parts.templates,
                )
                .and_then(|file| emit(sink, file))
                .err();
                let facts = match own {
                    Some((r, diagnostics)) => PageFacts {
                        terms: r.terms,
                        has_code: r.has_code,
                        diagnostics,
                    },
                    None => PageFacts::default(),
                };
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

    /// Renders the glossary page from the terms every page uses.
    pub fn render_glossary(
        &self,
        facts: &HashMap<DocId, Arc<PageFacts>>,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let mut uses = pages::TermUses::new(self.site);
        for (id, _) in self.site.documents() {
            if let Some(page) = facts.get(&id) {
                for term in &page.terms {
                    uses.record(id, term.entry as usize, term.section);
                }
            }
        }
        pages::render_glossary(self.site, self.outlines, &uses, &self.parts.templates)
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

fn emit(sink: &dyn Sink, file: OutputFile) -> Result<(), Diagnostic> {
    sink.emit(file)
        .map_err(|e| Diagnostic::error(format!("cannot write the output: {e}")))
}

/// Renders every page and file of the site into `sink`. Each page's Markdown is
/// rendered here, in parallel, right before its template, and the page goes to the
/// sink at once; only the outlines of all pages are held.
pub fn render_site(
    site: &Site,
    outlines: &Outlines,
    markdown: &MarkdownContext<'_>,
    templates: Templates,
    theme: &Theme,
    sink: &dyn Sink,
) -> Rendered {
    let session = RenderSession::new(site, outlines, markdown, templates, theme);
    let jobs = pages::jobs(site);
    // The search index needs only the outlines: it is built and written while pages
    // render.
    let ((facts, mut diagnostics), (search_paths, search_failures)) = rayon::join(
        || session.render_jobs(&jobs, sink),
        || {
            let index = search::index(site, outlines);
            let paths: Vec<String> = index.iter().map(|f| f.path.clone()).collect();
            let failures: Vec<Diagnostic> = index
                .into_iter()
                .filter_map(|f| emit(sink, f).err())
                .collect();
            (paths, failures)
        },
    );
    diagnostics.extend(search_failures);
    // The glossary page (which needs every page's terms) renders while the assets and
    // site files are written.
    let has_code = facts.values().any(|f| f.has_code);
    let mut extra = session.asset_files(has_code);
    extra.extend(site_files::site_files(site));
    let files = jobs.len() + 1 + search_paths.len() + extra.len();
    let (glossary_failure, failures) = rayon::join(
        || session.render_glossary(&facts, sink).err(),
        || {
            extra
                .into_par_iter()
                .filter_map(|file| emit(sink, file).err())
                .collect::<Vec<Diagnostic>>()
        },
    );
    diagnostics.extend(glossary_failure);
    diagnostics.extend(failures);
    Rendered {
        pages: jobs.len() + 1,
        files,
        facts,
        diagnostics,
        search_paths,
        parts: Some(session.parts().clone()),
    }
}
