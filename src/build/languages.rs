//! The build of a site in several languages: every language is loaded first, so
//! each page knows which languages have it ([`Translations`]); then each is rendered
//! by the single-language pipeline ([`super::finish`]) into one sink, the default
//! language at the root and every other under `<code>/`.
//!
//! The files every language shares are written once: `static/` is loaded by the
//! default language only, and the theme's assets, `robots.txt` and `.nojekyll` of
//! the other languages are dropped on their way to the sink (the theme's assets are
//! the same bytes, and every language's pages name the default language's copy).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Build, BuildCache, Failed, finish};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::languages::Translations;
use crate::load::{CONTENT_DIR, LoadOptions, Loaded, load_with};
use crate::render::{OutputFile, Sink};

/// Builds every language of `config` (which has `languages`) into `sink`.
pub(super) fn attempt(
    root: &Path,
    config: Config,
    options: &LoadOptions,
    cache: &BuildCache,
    sink: &dyn Sink,
    started: Instant,
) -> Result<Build, Failed> {
    let mut errors = Diagnostics::new();
    for language in config.languages.iter().skip(1) {
        let tree = Path::new(CONTENT_DIR).join(&language.code);
        if !root.join(&tree).is_dir() {
            errors.push(language.error_at_key(
                format!(
                    "the language `{}` has no pages: there is no folder `{}`",
                    language.code,
                    tree.display()
                ),
                format!(
                    "create `{}/` with this language's pages, laid out as `content/` is (its own `_index.md`, topic folders and glossary.yaml)",
                    tree.display()
                ),
            ));
        }
    }
    let mut loaded: Vec<Loaded> = (0..config.languages.len())
        .map(|i| load_with(root, config.in_language(i), options))
        .collect();
    tracing::info!(ms = started.elapsed().as_millis() as u64, "loaded");
    check_default_paths(&loaded[0], &config, &mut errors);
    let translations = Arc::new(translations(&loaded, &config));
    for language in &mut loaded {
        language.site.translations = Some(Arc::clone(&translations));
    }
    let mut builds = Vec::with_capacity(loaded.len());
    let mut diagnostics = errors;
    let mut every_page = true;
    for (i, language) in loaded.into_iter().enumerate() {
        let prefix = (i > 0).then(|| format!("{}/", config.languages[i].code));
        let sink = LanguageSink {
            inner: sink,
            prefix,
        };
        match finish(root, language, cache, &sink, started) {
            Ok(build) => {
                diagnostics.extend(build.warnings.iter().cloned());
                builds.push(build);
            }
            Err(failed) => {
                diagnostics.extend(failed.diagnostics);
                match failed.rendered {
                    Some(build) => builds.push(*build),
                    None => every_page = false,
                }
            }
        }
    }
    diagnostics.sort();
    let combined = every_page.then(|| combine(builds, &diagnostics, started));
    if diagnostics.has_errors() {
        return Err(Failed {
            diagnostics,
            rendered: combined.map(Box::new),
        });
    }
    Ok(combined.expect("a build without errors rendered every page"))
}

/// The default language's build, holding the others' and counting their pages.
fn combine(mut builds: Vec<Build>, diagnostics: &Diagnostics, started: Instant) -> Build {
    let mut main = builds.remove(0);
    main.pages += builds.iter().map(|b| b.pages).sum::<usize>();
    main.file_count += builds.iter().map(|b| b.file_count).sum::<usize>();
    main.warnings = diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    main.elapsed = started.elapsed();
    main.languages = builds;
    main
}

/// Which pages each language has.
fn translations(loaded: &[Loaded], config: &Config) -> Translations {
    let mut index = Translations::default();
    for (language, loaded) in config.languages.iter().zip(loaded) {
        let site = &loaded.site;
        let pages = crate::render::pages::jobs(site)
            .into_iter()
            .filter(|job| *job != crate::render::pages::Job::NotFound)
            .map(|job| crate::render::pages::path_of(site, job))
            .chain([site.glossary_path()]);
        index.add(
            (&language.code, &language.name),
            &site.config.base_url,
            pages,
        );
    }
    index
}

/// The default language's pages may not take a path another language is published
/// under: `content/fr.md` would be `/fr/`, the French home page.
fn check_default_paths(default: &Loaded, config: &Config, errors: &mut Diagnostics) {
    for page in &default.site.pages {
        let first = page.slug.split('/').next().unwrap_or("");
        let Some(language) = config.languages.iter().skip(1).find(|l| l.code == first) else {
            continue;
        };
        errors.push(
            Diagnostic::error(format!(
                "the page `{}` would be published under `/{}/`, where the language `{}` is",
                page.doc.source, first, language.code
            ))
            .in_file(Path::new(&page.doc.source))
            .hint(format!(
                "rename the page; a page of the {} site goes in `content/{}/`",
                language.name, language.code
            )),
        );
    }
}

/// Files of one language's build on their way to the output: under the language's
/// folder, without what the default language writes for all.
struct LanguageSink<'a> {
    inner: &'a dyn Sink,
    /// `fr/`; `None` for the default language.
    prefix: Option<String>,
}

/// Files of the output root that only the default language writes.
const SHARED_FILES: &[&str] = &["robots.txt", ".nojekyll"];

impl Sink for LanguageSink<'_> {
    fn emit(&self, mut file: OutputFile) -> std::io::Result<()> {
        let Some(prefix) = &self.prefix else {
            return self.inner.emit(file);
        };
        if file.path.starts_with("assets/") || SHARED_FILES.contains(&file.path.as_str()) {
            return Ok(());
        }
        file.path = format!("{prefix}{}", file.path);
        self.inner.emit(file)
    }
}
