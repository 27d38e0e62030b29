//! The build of a site in several languages: every language is loaded first, so
//! each page knows which languages have it ([`Translations`]); then each is rendered
//! by the single-language pipeline ([`super::finish`]) into one sink, the default
//! language at the root and every other under `<code>/`.
//!
//! The files every language shares are written once: `static/` is loaded by the
//! default language only (the others get its files, measured, for their images'
//! sizes), and the theme's assets, `robots.txt` and `.nojekyll` of
//! the other languages are dropped on their way to the sink (the theme's assets are
//! the same bytes, and every language's pages name the default language's copy).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Build, BuildCache, Failed, finish};
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::languages::Translations;
use crate::load::{CONTENT_DIR, LoadOptions, Loaded, STATIC_DIR, load_with};
use crate::model::Asset;
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
        if root.join(&tree).is_dir() {
            continue;
        }
        // `content/pt-br/` for `pt-BR`: the folder carries the tag's usual form.
        let other_case = std::fs::read_dir(root.join(CONTENT_DIR))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|name| {
                name.eq_ignore_ascii_case(&language.code)
                    || name.replace('_', "-").eq_ignore_ascii_case(&language.code)
            });
        if let Some(name) = other_case {
            errors.push(language.error_at_key(
                format!(
                    "the pages of `{}` are looked for in `{}`, not `content/{name}`",
                    language.code,
                    tree.display()
                ),
                format!(
                    "rename the folder `content/{name}` to `{}`: a language's folder is named by its tag as Strata writes it in `lang`",
                    tree.display()
                ),
            ));
        } else {
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
    let static_dir = root.join(STATIC_DIR);
    let shared: Vec<Asset> = (loaded[0].site.assets.iter())
        .filter(|a| a.source.starts_with(&static_dir))
        .cloned()
        .collect();
    for language in loaded.iter_mut().skip(1) {
        language.site.shared_assets = shared.clone();
    }
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
        match finish(root, language, (cache, options.one_shot), &sink, started) {
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
