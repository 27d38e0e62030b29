//! The build pipeline, start to finish, in memory: load → Markdown → checks → render.
//!
//! [`build`] returns every output file and every diagnostic; it never writes to disk
//! (the `build` command hands the files to [`crate::output`]) and never prints, so
//! `check` and `serve` run exactly the same code. A site in several languages is
//! built one language after the other ([`languages`]).

mod languages;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{LoadOptions, Loaded, load_with};
use crate::markdown::highlight::HighlightCache;
use crate::markdown::{
    LinkTargets, MarkdownContext, Outline, TermMatcher, TermUse, render_document,
};
use crate::model::{DocId, Site};
use crate::render::{
    MemorySink, Outlines, OutputFile, PageFacts, RenderParts, Sink, Templates, render_site,
};
use crate::theme::Theme;

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
    /// What a later rebuild of a few pages reuses.
    pub state: BuildState,
    /// The builds of a multilingual site's other languages (this one is the
    /// default's); their files are in `files` too. Empty for a site in one language.
    pub languages: Vec<Build>,
}

/// The per-page results of a build, kept so `serve` can re-render only what a change
/// affects (see [`crate::incremental`]).
#[derive(Debug, Clone, Default)]
pub struct BuildState {
    pub outlines: Outlines,
    /// What each document's page reported when rendered, its warnings included.
    pub facts: HashMap<DocId, Arc<PageFacts>>,
    /// Paths of the search index files.
    pub search_paths: Arc<Vec<String>>,
    /// Templates with globals, backlinks and assets of the last render.
    pub render_parts: Option<RenderParts>,
    /// Templates, theme and term matcher, valid while only page bodies change.
    pub prepared: Option<Arc<Prepared>>,
    /// Warnings of loading, not tied to one document's Markdown.
    pub load_warnings: Diagnostics,
    /// Some source could not be loaded, so what the site uses is not fully known.
    pub incomplete: bool,
}

impl BuildState {
    /// Every warning of the build, in order.
    pub fn warnings(&self, site: &Site) -> Diagnostics {
        let mut all = self.load_warnings.clone();
        for facts in self.facts.values() {
            all.extend(facts.diagnostics.iter().cloned());
        }
        let terms: rustc_hash::FxHashMap<DocId, &[TermUse]> = self
            .facts
            .iter()
            .map(|(id, f)| (*id, f.terms.as_slice()))
            .collect();
        crate::checks::check_glossary(site, &terms, self.incomplete, &mut all);
        all.sort();
        all
    }
}

/// The parts of a build that depend on the site's structure and configuration but not
/// on page bodies: an incremental update reuses them.
pub struct Prepared {
    pub targets: LinkTargets,
    pub terms: TermMatcher,
    /// The site's texts, with the theme's alert labels.
    pub strings: crate::i18n::Strings,
    pub math: crate::math::Math,
    pub theme_and_templates: Option<(Arc<Theme>, Templates)>,
    /// The names of the theme's and the site's shortcode templates.
    pub shortcode_names: Vec<String>,
}

impl Prepared {
    /// The Markdown context for `site` (which must have this structure).
    pub fn markdown<'a>(
        &'a self,
        site: &'a Site,
        highlights: &'a HighlightCache,
    ) -> MarkdownContext<'a> {
        MarkdownContext {
            site,
            targets: &self.targets,
            terms: &self.terms,
            strings: &self.strings,
            highlights,
            math: &self.math,
            shortcodes: crate::markdown::shortcodes::Authored {
                names: &self.shortcode_names,
                renderer: (self.theme_and_templates.as_ref())
                    .map(|(_, t)| t as &dyn crate::markdown::shortcodes::RenderShortcode),
            },
        }
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").finish_non_exhaustive()
    }
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
    attempt_into(root, options, cache, sink).map_err(|failed| failed.diagnostics)
}

/// A build that found errors.
#[derive(Debug)]
pub struct Failed {
    /// Every error and every warning, sorted.
    pub diagnostics: Diagnostics,
    /// The build as far as it went, when every page was rendered (into the sink) all
    /// the same: the errors lie in the sources, none kept a page from rendering.
    /// `strata check` then still follows the rendered pages' links.
    pub rendered: Option<Box<Build>>,
}

/// [`build_into`], keeping what was built when only the sources have errors.
pub fn attempt_into(
    root: &Path,
    options: &LoadOptions,
    cache: &BuildCache,
    sink: &dyn Sink,
) -> Result<Build, Failed> {
    let unrendered = |diagnostics| Failed {
        diagnostics,
        rendered: None,
    };
    let started = Instant::now();
    let config = crate::load::read_config_with(root, options).map_err(unrendered)?;
    if !config.languages.is_empty() {
        return languages::attempt(root, config, options, cache, sink, started);
    }
    let loaded = load_with(root, config, options);
    tracing::info!(ms = started.elapsed().as_millis() as u64, "loaded");
    finish(root, loaded, (cache, options.one_shot), sink, started)
}

/// Renders the loaded site (one language of a multilingual one) into `sink`.
fn finish(
    root: &Path,
    loaded: Loaded,
    (cache, one_shot): (&BuildCache, bool),
    sink: &dyn Sink,
    started: Instant,
) -> Result<Build, Failed> {
    let unrendered = |diagnostics| Failed {
        diagnostics,
        rendered: None,
    };
    let (mut site, mut load_diags) = (loaded.site, loaded.diagnostics);
    // Three independent preparations, each a few milliseconds on one core.
    // The shortcode templates, and one named `table` that the built-in shadows.
    let shortcode_names = std::sync::Mutex::new((Vec::new(), None));
    let (templates, (terms, mut targets)) = rayon::join(
        || {
            crate::theme::load(root, &site.config.theme).and_then(|theme| {
                let own = crate::theme::site_templates(root)?;
                let all = || theme.templates.iter().chain(&own);
                *shortcode_names.lock().unwrap_or_else(|e| e.into_inner()) =
                    crate::theme::shortcode_names(all());
                // A shortcode's ids are checked on the pages that call it.
                let ids = crate::theme::layout_ids(all().filter(|t| {
                    !t.name
                        .starts_with(crate::markdown::shortcodes::SHORTCODE_FOLDER)
                }));
                let needed = crate::render::pages::templates_needed(&site);
                Templates::new(&theme, &own, &site.config.strings, needed).map(|t| (theme, t, ids))
            })
        },
        || rayon::join(|| TermMatcher::new(&site), || LinkTargets::new(&site)),
    );
    // No term is said to be unused while a source could not be loaded, nor while the
    // glossary's own entries could be read only in part.
    let incomplete = !loaded.failed.is_empty() || loaded.glossary_partial;
    targets.failed = loaded.failed;
    let strings = match &templates {
        Ok((theme, ..)) => site.config.strings.with_theme_alerts(&theme.alert_labels),
        Err(_) => site.config.strings.clone(),
    };
    let (theme_and_templates, template_errors) = match templates {
        Ok((theme, templates, ids)) => {
            targets.layout_ids = ids;
            (Some((Arc::new(theme), templates)), None)
        }
        Err(errors) => (None, Some(errors)),
    };
    let (shortcode_names, shadowed) = shortcode_names
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(file) = shadowed {
        load_diags.push(
            Diagnostic::warning(
                "this template is never called: `table` is the built-in shortcode for data tables",
            )
            .in_file(Path::new(&file))
            .hint("rename the template (`shortcodes/data-table.html`) and call it by that name"),
        );
    }
    let prepared = Arc::new(Prepared {
        terms,
        targets,
        strings,
        math: crate::math::Math::for_site(Some(&site.config.math_macros)),
        theme_and_templates,
        shortcode_names,
    });
    // Taken before anything borrows the site, when there are pages to render; handed
    // to the render, which frees each text once its page is written.
    let taken = if one_shot && prepared.theme_and_templates.is_some() {
        site.take_bodies()
    } else {
        HashMap::new()
    };
    let markdown = prepared.markdown(&site, &cache.highlights);
    let mut errors: Diagnostics = load_diags
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    crate::checks::check_glossary_links(&site, &prepared.targets, &mut errors);
    crate::checks::check_glossary_shortcodes(&site, &mut load_diags);
    crate::checks::check_table_shortcodes(&site, &mut load_diags);
    crate::checks::check_plural_collisions(&site, &mut load_diags);
    crate::checks::check_glossary_math(&site, &prepared.math, &mut errors);
    crate::checks::check_glossary_ids(&site, &prepared.targets, &mut errors);
    let Some((theme, templates)) = &prepared.theme_and_templates else {
        // No page can render: report the Markdown's problems with the templates'.
        let (outlines, diagnostics) = markdown_all(&markdown);
        errors.extend(diagnostics.into_values().flatten().filter(|d| d.is_error()));
        crate::checks::check_anchors(&site, &outlines, &prepared.targets, &mut errors);
        errors.extend(template_errors.unwrap_or_default());
        errors.sort();
        return Err(unrendered(errors));
    };
    let rendered = std::thread::scope(|scope| {
        let texts = site
            .documents()
            .into_iter()
            .filter_map(|(id, doc)| taken.get(&id).cloned().or_else(|| doc.body.shared()));
        crate::markdown::highlight::warm_up(scope, texts.collect());
        render_site(&site, &markdown, (templates.clone(), theme), taken, sink)
    });
    tracing::info!(ms = started.elapsed().as_millis() as u64, "rendered");
    errors.extend(
        rendered
            .facts
            .values()
            .flat_map(|f| f.diagnostics.iter())
            .filter(|d| d.is_error())
            .cloned(),
    );
    // A page that failed to render is missing from the sink.
    let every_page = !rendered.diagnostics.has_errors();
    errors.extend(rendered.diagnostics.iter().cloned());
    crate::checks::check_anchors(&site, &rendered.outlines, &prepared.targets, &mut errors);
    let state = BuildState {
        outlines: rendered.outlines,
        facts: rendered.facts,
        search_paths: Arc::new(rendered.search_paths),
        render_parts: rendered.parts,
        prepared: Some(Arc::clone(&prepared)),
        load_warnings: load_diags
            .iter()
            .filter(|d| !d.is_error())
            .cloned()
            .collect(),
        incomplete,
    };
    let build = Build {
        warnings: state.warnings(&site),
        site,
        files: Vec::new(),
        pages: rendered.pages,
        file_count: rendered.files,
        elapsed: started.elapsed(),
        state,
        languages: Vec::new(),
    };
    if errors.has_errors() {
        // Report the warnings too, so one run shows everything.
        let mut all = build.warnings.clone();
        all.extend(errors);
        all.sort();
        return Err(Failed {
            diagnostics: all,
            rendered: every_page.then(|| Box::new(build)),
        });
    }
    Ok(build)
}

/// Runs every Markdown pass over every document in parallel, keeping each one's
/// outline and diagnostics by document but not its HTML. (A build renders each document
/// once inside its page; this is for when no page can render, to report every problem
/// of the Markdown anyway: links, citations, glossary ids, tables, headings.)
pub fn markdown_all(markdown: &MarkdownContext<'_>) -> (Outlines, HashMap<DocId, Vec<Diagnostic>>) {
    let results: Vec<(DocId, Outline, Vec<Diagnostic>)> = markdown
        .site
        .documents()
        .into_par_iter()
        .map(|(id, doc)| {
            let (rendered, d) = render_document(id, (doc, doc.body.as_str()), markdown);
            (id, Outline::of(&rendered), d)
        })
        .collect();
    let mut outlines =
        rustc_hash::FxHashMap::with_capacity_and_hasher(results.len(), Default::default());
    let mut diags = HashMap::new();
    for (id, outline, d) in results {
        outlines.insert(id, Arc::new(outline));
        if !d.is_empty() {
            diags.insert(id, d);
        }
    }
    (Outlines(outlines), diags)
}
