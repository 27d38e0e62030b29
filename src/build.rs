//! The build pipeline, start to finish, in memory: load → Markdown → checks → render.
//!
//! [`build`] returns every output file and every diagnostic; it never writes to disk
//! (the `build` command hands the files to [`crate::output`]) and never prints, so
//! `check` and `serve` run exactly the same code.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{LoadOptions, load_site};
use crate::markdown::highlight::HighlightCache;
use crate::markdown::{
    AlertLabels, LinkTargets, MarkdownContext, Outline, TermMatcher, outline_document,
};
use crate::model::{DocId, Site};
use crate::render::{MemorySink, Outlines, OutputFile, Sink, Templates, render_site};

/// A successful build.
#[derive(Debug)]
pub struct Build {
    pub site: Site,
    /// The files, when built into memory ([`build`]); empty when streamed to a sink.
    pub files: Vec<OutputFile>,
    /// Warnings (a successful build has no errors).
    pub warnings: Diagnostics,
    pub pages: usize,
    pub file_count: usize,
    pub elapsed: Duration,
}

/// What one build may reuse from an earlier one (`serve` keeps it between rebuilds).
#[derive(Debug, Default)]
pub struct BuildCache {
    pub highlights: HighlightCache,
}

/// Builds the site at `root` into memory.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Build, Diagnostics> {
    build_with(root, options, &BuildCache::default())
}

/// Builds the site at `root` into memory, reusing `cache`.
pub fn build_with(
    root: &Path,
    options: &LoadOptions,
    cache: &BuildCache,
) -> Result<Build, Diagnostics> {
    let sink = MemorySink::default();
    let mut done = build_into(root, options, cache, &sink)?;
    done.files = sink.into_files();
    Ok(done)
}

/// Builds the site at `root`, handing every file to `sink` as soon as it is ready.
/// On error the sink may have received some files; the caller throws them away.
pub fn build_into(
    root: &Path,
    options: &LoadOptions,
    cache: &BuildCache,
    sink: &dyn Sink,
) -> Result<Build, Diagnostics> {
    let started = Instant::now();
    let loaded = load_site(root, options)?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "loaded");
    let (site, mut diags) = (loaded.site, loaded.diagnostics);
    let templates = crate::theme::load(root, &site.config.theme).and_then(|theme| {
        let own = crate::theme::site_templates(root)?;
        Templates::new(&theme, &own).map(|t| (theme, t))
    });
    let mut targets = LinkTargets::new(&site);
    targets.failed = loaded.failed;
    let terms = TermMatcher::new(&site);
    let labels = templates
        .as_ref()
        .ok()
        .map(|(theme, _)| AlertLabels::new(&theme.alert_labels))
        .unwrap_or_default();
    let markdown = MarkdownContext {
        site: &site,
        targets: &targets,
        terms: &terms,
        labels: &labels,
        highlights: &cache.highlights,
    };
    let outlines = outline_all(&markdown, &mut diags);
    tracing::info!(ms = started.elapsed().as_millis() as u64, "outlined");
    crate::checks::check_anchors(&site, &outlines, &mut diags);
    let (theme, templates) = match templates {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(diags);
        }
    };
    let rendered = match render_site(&site, &outlines, &markdown, templates, &theme, sink) {
        Ok(rendered) => rendered,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(diags);
        }
    };
    tracing::info!(ms = started.elapsed().as_millis() as u64, "rendered");
    diags.extend(rendered.warnings);
    crate::checks::check_glossary(&site, &rendered.terms, &mut diags);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Build {
        site,
        files: Vec::new(),
        warnings: diags,
        pages: rendered.pages,
        file_count: rendered.files,
        elapsed: started.elapsed(),
    })
}

/// Outlines every document in parallel.
fn outline_all(markdown: &MarkdownContext<'_>, diags: &mut Diagnostics) -> Outlines {
    let results: Vec<(DocId, Outline, Vec<Diagnostic>)> = markdown
        .site
        .documents()
        .into_par_iter()
        .map(|(id, doc)| {
            let (outline, d) = outline_document(id, doc, markdown);
            (id, outline, d)
        })
        .collect();
    let mut outlines = HashMap::with_capacity(results.len());
    for (id, outline, d) in results {
        diags.extend(d);
        outlines.insert(id, outline);
    }
    Outlines(outlines)
}
