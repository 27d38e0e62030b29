//! The build pipeline, start to finish, in memory: load → Markdown → checks → render.
//!
//! [`build`] returns every output file and every diagnostic; it never writes to disk
//! (the `build` command hands the files to [`crate::output`]) and never prints, so
//! `check` and `serve` run exactly the same code.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{LoadOptions, load_site};
use crate::markdown::highlight::HighlightCache;
use crate::markdown::{
    AlertLabels, LinkTargets, MarkdownContext, RenderedDoc, TermMatcher, render_document,
};
use crate::model::{DocId, Site};
use crate::render::{OutputFile, RenderedDocs, Templates, render_site};

/// A successful build.
#[derive(Debug)]
pub struct Build {
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// Warnings (a successful build has no errors).
    pub warnings: Diagnostics,
    pub pages: usize,
    pub elapsed: Duration,
}

/// What one build may reuse from an earlier one (`serve` keeps it between rebuilds).
#[derive(Debug, Default)]
pub struct BuildCache {
    pub highlights: HighlightCache,
}

/// Builds the site at `root` in memory.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Build, Diagnostics> {
    build_with(root, options, &BuildCache::default())
}

/// Builds the site at `root` in memory, reusing `cache`.
pub fn build_with(
    root: &Path,
    options: &LoadOptions,
    cache: &BuildCache,
) -> Result<Build, Diagnostics> {
    let started = Instant::now();
    let loaded = load_site(root, options)?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "loaded");
    let (site, mut diags) = (loaded.site, loaded.diagnostics);
    let templates = crate::theme::load(root, &site.config.theme).and_then(|theme| {
        let own = crate::theme::site_templates(root)?;
        Templates::new(&theme, &own).map(|t| (theme, t))
    });
    let docs = render_markdown(
        &site,
        &loaded.failed,
        templates.as_ref().ok().map(|(theme, _)| theme),
        cache,
        &mut diags,
    );
    tracing::info!(
        ms = started.elapsed().as_millis() as u64,
        "markdown rendered"
    );
    crate::checks::check_anchors(&site, &docs, &mut diags);
    crate::checks::check_glossary(&site, &docs, &mut diags);
    let (theme, templates) = match templates {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(diags);
        }
    };
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let files = render_site(&site, &docs, templates, &theme).map_err(|errors| {
        let mut all = diags.clone();
        all.extend(errors);
        all
    })?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "pages rendered");
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    diags.sort();
    Ok(Build {
        site,
        files,
        warnings: diags,
        pages,
        elapsed: started.elapsed(),
    })
}

/// Renders every document's Markdown in parallel.
fn render_markdown(
    site: &Site,
    failed: &HashSet<String>,
    theme: Option<&crate::theme::Theme>,
    cache: &BuildCache,
    diags: &mut Diagnostics,
) -> RenderedDocs {
    let mut targets = LinkTargets::new(site);
    targets.failed = failed.clone();
    let terms = TermMatcher::new(site);
    let labels = theme
        .map(|t| AlertLabels::new(&t.alert_labels))
        .unwrap_or_default();
    let ctx = MarkdownContext {
        site,
        targets: &targets,
        terms: &terms,
        labels: &labels,
        highlights: &cache.highlights,
    };
    let results: Vec<(DocId, RenderedDoc, Vec<Diagnostic>)> = site
        .documents()
        .into_par_iter()
        .map(|(id, doc)| {
            let (rendered, d) = render_document(id, doc, &ctx);
            (id, rendered, d)
        })
        .collect();
    let mut docs = HashMap::with_capacity(results.len());
    for (id, rendered, d) in results {
        diags.extend(d);
        docs.insert(id, rendered);
    }
    RenderedDocs(docs)
}
