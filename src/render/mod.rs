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

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::RenderedDoc;
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

/// The Markdown stage's output for every document, by id.
#[derive(Debug, Default)]
pub struct RenderedDocs(pub HashMap<DocId, RenderedDoc>);

impl RenderedDocs {
    pub fn get(&self, id: DocId) -> Option<&RenderedDoc> {
        self.0.get(&id)
    }
}

/// Renders every page and gathers every file of the site.
pub fn render_site(
    site: &Site,
    docs: &RenderedDocs,
    mut templates: Templates,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let highlight = docs
        .0
        .values()
        .any(|d| d.has_code)
        .then(crate::markdown::highlight::stylesheet);
    let (asset_files, asset_urls) =
        assets::theme_assets(&theme.static_files, highlight, &site.config.base_url);
    templates.set_global("site", &pages::site_view(site, asset_urls));
    templates.set_global("data", &site.tables);
    let links = pages::LinkIndex::new(site, docs);
    let jobs = pages::jobs(site);
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| pages::render_page(*job, site, docs, &links, &templates))
        .collect();
    let mut errors = Diagnostics::new();
    let mut files = Vec::with_capacity(results.len() + site.assets.len() + 8);
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    files.extend(asset_files);
    files.extend(search::index(site, docs));
    files.extend(site_files::site_files(site));
    Ok(files)
}
