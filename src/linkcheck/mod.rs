//! `strata check`'s own work beside the build: it follows every link of the built
//! pages ([`collect`]) and reports each broken one where it was written, in a page's
//! Markdown or in a template ([`origin`], [`template`]), together with every error
//! the build found, so one run shows them all.
//!
//! The build itself never follows the built pages' links and never pays for any of
//! this: the pages stream through a [`LinkCollector`] that keeps only what the check
//! needs, and sources are read again only for pages with a broken link.

pub mod collect;
mod failed;
pub mod origin;
pub mod template;

use std::path::Path;

pub use collect::{
    BrokenLink, LinkCollector, LinkReport, Problem, Redirects, attribute_values, check,
};

use crate::build::{Build, BuildCache, attempt_into};
use crate::diagnostic::Diagnostics;
use crate::load::LoadOptions;

/// What `strata check` found.
#[derive(Debug)]
pub struct SiteCheck {
    /// Every error and warning of the run, sorted.
    pub diagnostics: Diagnostics,
    /// Pages rendered; 0 when the site could not be rendered.
    pub pages: usize,
    /// What following the built pages' links found; `None` when not every page could
    /// be rendered, so the links were not followed.
    pub links: Option<LinkReport>,
}

/// Builds the site at `root` without writing it and follows every link of its pages,
/// also when the sources have errors, as long as every page could be rendered.
pub fn check_site(root: &Path, options: &LoadOptions) -> SiteCheck {
    let collector = LinkCollector::default();
    let cache = BuildCache::default();
    let (build, mut diagnostics) = match attempt_into(root, options, &cache, &collector) {
        Ok(build) => {
            let warnings = build.warnings.clone();
            (Some(build), warnings)
        }
        Err(failed) => (failed.rendered.map(|b| *b), failed.diagnostics),
    };
    let Some(build) = build else {
        return SiteCheck {
            diagnostics,
            pages: 0,
            links: None,
        };
    };
    let redirects = (build.site.redirects().into_iter())
        .map(|r| (r.output, r.target.output_file()))
        .collect();
    let report = collector.finish(&build.site.config.base_url, &redirects);
    if build.languages.is_empty() {
        let found = trace_back(&report, &build, &diagnostics, &cache);
        diagnostics.extend(found);
    } else {
        // Each language traces the broken links of its own pages.
        let languages: Vec<&Build> = std::iter::once(&build).chain(&build.languages).collect();
        let prefixes: Vec<&str> = languages.iter().map(|b| b.site.output_prefix()).collect();
        let mut found = Diagnostics::new();
        for (language, prefix) in languages.iter().zip(&prefixes) {
            let mut own = report.clone();
            own.broken.retain(|link| {
                let longest = (prefixes.iter())
                    .filter(|p| link.page.starts_with(**p))
                    .max_by_key(|p| p.len());
                longest == Some(prefix)
            });
            found.extend(trace_back(&own, language, &diagnostics, &cache));
        }
        diagnostics.extend(found);
    }
    diagnostics.sort();
    SiteCheck {
        diagnostics,
        pages: build.pages,
        links: Some(report),
    }
}

/// The broken links of `report` as errors where they were written.
fn trace_back(
    report: &LinkReport,
    build: &Build,
    reported: &Diagnostics,
    cache: &BuildCache,
) -> Diagnostics {
    let Some(prepared) = &build.state.prepared else {
        return report.diagnostics();
    };
    let markdown = prepared.markdown(&build.site, &cache.highlights);
    let sources = origin::Sources {
        site: &build.site,
        markdown: &markdown,
        outlines: &build.state.outlines,
        templates: prepared.theme_and_templates.as_ref().map(|(_, t)| t),
        reported,
    };
    origin::diagnostics(report, &sources)
}
