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
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{MarkdownContext, Outline, TermUse};
use crate::model::{DocId, Site};
use crate::theme::Theme;
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
#[derive(Debug, Default)]
pub struct Outlines(pub HashMap<DocId, Outline>);

impl Outlines {
    pub fn get(&self, id: DocId) -> Option<&Outline> {
        self.0.get(&id)
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

/// What rendering reports back.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    /// The glossary terms each page uses, for the glossary checks.
    pub terms: HashMap<DocId, Vec<TermUse>>,
    /// Warnings found while rendering.
    pub warnings: Diagnostics,
}

/// One rendered page and what it reported.
struct PageResult {
    id: Option<DocId>,
    terms: Vec<TermUse>,
    has_code: bool,
    diagnostics: Vec<Diagnostic>,
}

/// Renders every page and file of the site into `sink`. Each page's Markdown is
/// rendered here, in parallel, right before its template, and the page goes to the
/// sink at once; only the outlines of all pages are held.
pub fn render_site(
    site: &Site,
    outlines: &Outlines,
    markdown: &MarkdownContext<'_>,
    mut templates: Templates,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<Rendered, Diagnostics> {
    let highlight_css = crate::markdown::highlight::stylesheet();
    let (mut asset_files, asset_urls) = assets::theme_assets(
        &theme.static_files,
        Some(highlight_css),
        &site.config.base_url,
    );
    templates.set_global("site", &pages::site_view(site, asset_urls));
    templates.set_global("data", &site.tables);
    let links = pages::LinkIndex::new(site, outlines);
    let jobs = pages::jobs(site);
    let emit = |file: OutputFile| {
        sink.emit(file)
            .map_err(|e| Diagnostic::error(format!("cannot write the output: {e}")))
    };
    let results: Vec<PageResult> = jobs
        .par_iter()
        .map(|&job| {
            let id = match job {
                pages::Job::Doc(id) => Some(id),
                pages::Job::Home => site.home.as_ref().map(|_| DocId::Home),
                _ => None,
            };
            let own = id.and_then(|id| {
                site.document(id)
                    .map(|doc| crate::markdown::render_document(id, doc, markdown))
            });
            let mut diagnostics = own.as_ref().map(|(_, d)| d.clone()).unwrap_or_default();
            let rendered = own.as_ref().map(|(r, _)| r);
            if let Err(d) =
                pages::render_page(job, site, outlines, rendered, &links, &templates).and_then(emit)
            {
                diagnostics.push(d);
            }
            PageResult {
                id,
                terms: rendered.map(|r| r.terms.clone()).unwrap_or_default(),
                has_code: rendered.is_some_and(|r| r.has_code),
                diagnostics,
            }
        })
        .collect();
    let mut all = Diagnostics::new();
    let mut term_uses: pages::TermUses = vec![Vec::new(); site.glossary.entries.len()];
    let mut has_code = false;
    let mut terms = HashMap::new();
    for result in results.iter() {
        all.extend(result.diagnostics.iter().cloned());
        has_code |= result.has_code;
        if let Some(id) = result.id {
            for term in &result.terms {
                term_uses[term.entry].push((id, term.section.clone()));
            }
        }
    }
    let pages = results.len() + 1;
    for result in results {
        if let Some(id) = result.id {
            terms.insert(id, result.terms);
        }
    }
    if let Err(d) = pages::render_glossary(site, &term_uses, &templates).and_then(emit) {
        all.push(d);
    }
    if !has_code {
        asset_files.retain(|f| !f.path.starts_with("assets/highlight."));
    }
    let mut extra = asset_files;
    extra.extend(search::index(site, outlines));
    extra.extend(site_files::site_files(site));
    let files = pages + extra.len();
    for file in extra {
        if let Err(d) = emit(file) {
            all.push(d);
        }
    }
    all.sort();
    if all.has_errors() {
        return Err(all);
    }
    Ok(Rendered {
        pages,
        files,
        terms,
        warnings: all,
    })
}
