//! Loading: walk the site, parse every source, validate it, and build the [`Site`].
//!
//! Every file is read and checked before anything renders, and loading does not stop
//! at the first problem: all diagnostics of all files come back together. The result
//! is immutable; later stages only read it.

mod aliases;
mod content;
mod files;
pub mod frontmatter;
mod glossary;
mod images;
mod references;
mod tables;
mod tags;
mod walk;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use content::{CONTENT_DIR, TOPIC_FILE, is_ignored_name, walk_error};
pub use files::{decode, io_error as read_error, read_text};
pub use walk::{Entry, WalkError, walk_sources};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::model::{Alias, Asset, Glossary, Redirect, References, Site, Table};
use crate::urls::BaseUrl;

pub const DATA_DIR: &str = "data";
pub const STATIC_DIR: &str = "static";

/// Choices made on the command line that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// The site is built once (the `build` and `check` commands): each document's
    /// text is freed once its page is written, and the built [`Site`] keeps a mark
    /// that reads it again from the file when needed (see [`crate::model::Body`]).
    /// `serve` keeps the text, to render pages again as files change.
    pub one_shot: bool,
}

/// The loaded site, everything found wrong on the way, and the source files that
/// could not be loaded (so later stages do not report links to them as missing).
#[derive(Debug)]
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Diagnostics,
    /// Site-relative paths of sources that failed to load.
    pub failed: HashSet<String>,
    /// The glossary has errors: its entries are what could be read of it, so an
    /// entry's uses may go unrecognised (its term or aliases are missing or wrong).
    pub glossary_partial: bool,
}

/// Loads the site at `root`. Only a missing or broken `site.yaml` stops loading early;
/// every other problem is collected in [`Loaded::diagnostics`] while the rest of the
/// site loads, so one run reports every error.
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<Loaded, Diagnostics> {
    Ok(load_with(root, load_config(root, options)?, options))
}

/// Loads the site at `root` with `config` (read by [`read_config_with`]): for a
/// multilingual site, one language's configuration
/// ([`Config::in_language`]).
pub fn load_with(root: &Path, mut config: Config, options: &LoadOptions) -> Loaded {
    let mut diags = Diagnostics::new();
    let mut failed = HashSet::new();
    diags.extend(std::mem::take(&mut config.warnings));
    let content_dir = Path::new(&config.content_dir).to_path_buf();
    // A language without its own references.yaml cites the default language's.
    let references_file = [&content_dir, Path::new(CONTENT_DIR)]
        .into_iter()
        .map(|dir| dir.join(content::REFERENCES_FILE))
        .find(|file| root.join(file).exists())
        .unwrap_or_else(|| content_dir.join(content::REFERENCES_FILE));
    let references = load_salvaging(
        root,
        &references_file,
        &mut diags,
        &mut failed,
        references::parse,
    )
    .unwrap_or_default();
    let errors_before = diags.error_count();
    let glossary = load_salvaging(
        root,
        &content_dir.join(content::GLOSSARY_FILE),
        &mut diags,
        &mut failed,
        |text, file| glossary::parse(text, file, &config.tiers),
    )
    .unwrap_or_else(Glossary::default);
    let glossary_partial = diags.error_count() > errors_before;
    let math = crate::math::Math::for_site(Some(&config.math_macros));
    let tables = load_tables(
        root,
        &config,
        &mut diags,
        &mut failed,
        tables::CellRefs {
            references: &references,
            glossary: &glossary,
            math: &math,
            glossary_file: &display_path(&content_dir.join(content::GLOSSARY_FILE)),
            references_file: &display_path(&references_file),
            language: config.other_language(),
        },
    );
    let references_read = !failed.contains(&display_path(&references_file));
    let content = content::load(
        root,
        &config,
        references_read.then_some(&references),
        options,
        &mut diags,
        &mut failed,
    );
    let mut assets = content.assets;
    // Every language shares the one copy of static/ the default language publishes
    // (the others are handed it as `shared_assets` once every language is loaded).
    if config.other_language().is_none() {
        assets.extend(load_static(root, &mut diags));
    }
    assets.sort();
    images::measure(&mut assets);
    let described = load_salvaging(
        root,
        &content_dir.join(content::TAGS_FILE),
        &mut diags,
        &mut failed,
        tags::parse_descriptions,
    )
    .unwrap_or_default();
    let mut tags = tags::index(&content.topics, &mut diags);
    tags::describe(&mut tags, described, &mut diags);
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        home: content.home,
        topics: content.topics,
        pages: content.pages,
        glossary,
        references,
        tables,
        assets,
        tags,
        references_file: display_path(&references_file),
        translations: None,
        shared_assets: Vec::new(),
    };
    let refused = check_unique_paths(&site, &mut diags);
    aliases::drop_refused(&mut site, &refused);
    aliases::check_base(&site, &mut diags);
    Loaded {
        site,
        diagnostics: diags,
        failed,
        glossary_partial,
    }
}

/// Reads and checks the `site.yaml` of the site at `root` alone.
pub fn read_config(root: &Path) -> Result<Config, Diagnostics> {
    load_config(root, &LoadOptions::default())
}

/// Reads and checks the `site.yaml` of the site at `root`, with the command line's
/// `options` applied.
pub fn read_config_with(root: &Path, options: &LoadOptions) -> Result<Config, Diagnostics> {
    load_config(root, options)
}

fn load_config(root: &Path, options: &LoadOptions) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let shown = Path::new(CONFIG_FILE);
    if !path.exists() {
        return Err(Diagnostics::from_iter([Diagnostic::error(format!(
            "no {CONFIG_FILE} in `{}`: this is not a Strata site",
            display_path(root)
        ))
        .hint(
            "run `strata init DIR` to create a site, or pass `--root` to point at one",
        )]));
    }
    let text = read_text(&path, shown).map_err(|d| Diagnostics::from_iter([d]))?;
    let mut config = Config::parse(&text, shown)?;
    if let Some(base) = &options.base_url {
        config.base_url = BaseUrl::parse(base).map_err(|why| {
            Diagnostics::from_iter([Diagnostic::error(format!("invalid --base-url: {why}"))
                .hint("use an absolute URL such as `https://example.org/guide/` or a path such as `/guide/`")])
        })?;
        config.root_url = config.base_url.clone();
    }
    Ok(config)
}

/// Reads `rel` if it exists and parses it with `parse`; errors go to `diags`.
fn load_optional<T>(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
    failed: &mut HashSet<String>,
    parse: impl FnOnce(&str, &Path) -> Result<T, Vec<Diagnostic>>,
) -> Option<T> {
    let path = root.join(rel);
    if !path.exists() {
        return None;
    }
    let result = read_text(&path, rel)
        .map_err(|d| vec![d])
        .and_then(|text| parse(&text, rel));
    match result {
        Ok(value) => Some(value),
        Err(errors) => {
            diags.extend(errors);
            failed.insert(display_path(rel));
            None
        }
    }
}

/// Reads `rel` if it exists and parses it with `parse`, which gives its errors and
/// what can still be used of it. Errors go to `diags`; the file counts as failed only
/// when nothing of it can be used (so what refers to it is not checked either).
fn load_salvaging<T>(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
    failed: &mut HashSet<String>,
    parse: impl FnOnce(&str, &Path) -> (Option<T>, Vec<Diagnostic>),
) -> Option<T> {
    let path = root.join(rel);
    if !path.exists() {
        return None;
    }
    let (value, errors) = match read_text(&path, rel) {
        Ok(text) => parse(&text, rel),
        Err(d) => (None, vec![d]),
    };
    diags.extend(errors);
    if value.is_none() {
        failed.insert(display_path(rel));
    }
    value
}

fn load_tables(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    failed: &mut HashSet<String>,
    refs: tables::CellRefs<'_>,
) -> BTreeMap<String, Table> {
    let mut tables = BTreeMap::new();
    let dir = root.join(DATA_DIR);
    if !dir.is_dir() {
        return tables;
    }
    let codes: Vec<&str> = (config.languages.iter().skip(1))
        .map(|l| l.code.as_str())
        .collect();
    let own = config.other_language();
    // Every table file: its path and the name it has for this language. A language's
    // own version, `data/<code>/<name>.yaml`, is its `<name>`, in place of the
    // shared one; the other languages' versions are not its tables.
    let mut files: Vec<(PathBuf, String, bool)> = Vec::new();
    for entry in walk_sources(&dir, usize::MAX) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diags.push(content::walk_error(root, &err));
                continue;
            }
        };
        let path = &entry.path;
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !entry.is_file || !is_yaml {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let name = display_path(&path.strip_prefix(&dir).unwrap_or(path).with_extension(""));
        match name.split_once('/') {
            Some((code, rest)) if codes.contains(&code) => {
                if Some(code) == own {
                    files.push((rel, rest.to_string(), true));
                }
            }
            _ => files.push((rel, name, false)),
        }
    }
    let translated: HashSet<String> = (files.iter())
        .filter(|(_, _, own)| *own)
        .map(|(_, name, _)| name.clone())
        .collect();
    files.retain(|(_, name, own)| *own || !translated.contains(name));
    for (rel, name, _) in files {
        if let Some(table) = load_optional(root, &rel, diags, failed, |text, file| {
            tables::parse(&name, text, file, Some(refs))
        }) {
            tables.insert(name, table);
        }
    }
    tables
}

fn load_static(root: &Path, diags: &mut Diagnostics) -> Vec<Asset> {
    let dir = root.join(STATIC_DIR);
    let mut assets = Vec::new();
    if !dir.is_dir() {
        return assets;
    }
    for entry in walk_sources(&dir, usize::MAX) {
        match entry {
            Ok(e) if e.is_file => {
                let rel = e.path.strip_prefix(&dir).unwrap_or(&e.path);
                assets.push(Asset {
                    output: display_path(rel),
                    source: e.path,
                    size: None,
                });
            }
            Ok(_) => {}
            Err(err) => diags.push(content::walk_error(root, &err)),
        }
    }
    assets
}

/// Files Strata writes at the top of the output besides pages, and what they are.
/// The author's `static/` file of the same name replaces one, so they are not
/// claimed like pages; they only keep a page's folder from taking their name.
const GENERATED_FILES: [(&str, &str); 6] = [
    ("index.html", "the home page"),
    ("404.html", "the not-found page"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("atom.xml", "the Atom feed"),
    (".nojekyll", "the `.nojekyll` marker"),
];

/// Where a claimant of an output path is written, for the error that names it.
#[derive(Debug, Clone, Copy)]
enum Place<'a> {
    /// Made by Strata itself (a reading path, the glossary page).
    Site,
    File(&'a str),
    Alias(&'a Alias),
}

impl Place<'_> {
    fn point(self, d: Diagnostic) -> Diagnostic {
        match self {
            Place::Site => d,
            Place::File(file) => d.in_file(Path::new(file)),
            Place::Alias(alias) => aliases::at(alias, d),
        }
    }
}

/// Every output path claimed so far, and the aliases refused on the way.
#[derive(Default)]
struct Owners<'a> {
    /// Output path → what writes it, and where that is written.
    paths: HashMap<String, (String, Place<'a>)>,
    /// Aliases whose redirect would take a path already claimed.
    refused: aliases::Refused,
}

impl<'a> Owners<'a> {
    /// Claims `path` for `owner`; an error when something has it already.
    fn claim(&mut self, path: String, owner: String, place: Place<'a>, diags: &mut Diagnostics) {
        match self.paths.get(&path) {
            Some((first, _)) => diags.push(
                place.point(
                    Diagnostic::error(format!("{owner} and {first} would both write `{path}`"))
                        .hint("rename one of them so every page has its own URL"),
                ),
            ),
            None => {
                self.paths.insert(path, (owner, place));
            }
        }
    }

    /// Claims the output file of a redirect, with errors in the terms of aliases.
    fn claim_redirect(&mut self, redirect: &Redirect<'a>, site: &Site, diags: &mut Diagnostics) {
        let alias = redirect.alias;
        let owner = if redirect.derived {
            format!(
                "the alias `{}` of `{}` (for `{}`)",
                alias.written,
                alias.file,
                site.config.base_url.url(redirect.target.as_str())
            )
        } else {
            format!("the alias `{}` of `{}`", alias.written, alias.file)
        };
        let path = &redirect.output;
        let generated = GENERATED_FILES.iter().find(|(name, _)| name == path);
        let (message, hint) = match (self.paths.get(path), generated) {
            (None, None) => {
                self.paths.insert(path.clone(), (owner, Place::Alias(alias)));
                return;
            }
            (_, Some((_, what))) => (
                format!("{owner} would write `{path}`, which is {what}"),
                "an alias names a URL the site no longer has: remove it".to_string(),
            ),
            (Some(_), None) if *path == redirect.target.output_file() => (
                format!("{owner} is the URL the page has now"),
                "an alias names an earlier URL of the page, from which readers are sent on: remove this one".to_string(),
            ),
            (Some((first, Place::Alias(_))), None) => (
                format!("{owner} and {first} would both write `{path}`"),
                "one URL can redirect to one page only: remove one of the two".to_string(),
            ),
            (Some((first, _)), None) => (
                format!("{owner} would write `{path}`, which {first} writes too"),
                format!(
                    "an alias names a URL the site no longer has, but `{}` is in use: remove the alias",
                    site.config.base_url.url(path.strip_suffix("index.html").unwrap_or(path))
                ),
            ),
        };
        diags.push(Place::Alias(alias).point(Diagnostic::error(message).hint(hint)));
        self.refused.insert(aliases::key(alias));
    }
}

/// Two sources that would write the same output file are an error naming both, and so
/// is a page or file whose folder has the name of a file of the output (a page
/// `content/atom.xml.md` would write into `atom.xml/`, where the feed is a file). The
/// redirects of aliases are claimed last, so an alias that takes a page's URL is the
/// one reported, and is returned among the refused ones.
fn check_unique_paths(site: &Site, diags: &mut Diagnostics) -> aliases::Refused {
    let mut owners = Owners::default();
    for (i, tier) in site.config.tiers.iter().enumerate() {
        owners.claim(
            site.tier_index_path(i).output_file(),
            format!("the reading path of tier `{}`", tier.id),
            Place::Site,
            diags,
        );
    }
    owners.claim(
        site.glossary_path().output_file(),
        "the glossary page".into(),
        Place::Site,
        diags,
    );
    if !site.tags.is_empty() {
        owners.claim(
            site.tags_path().output_file(),
            "the tags page".into(),
            Place::Site,
            diags,
        );
        for tag in &site.tags {
            owners.claim(
                site.tag_path(&tag.slug).output_file(),
                format!("the page of tag `{}`", tag.label),
                Place::Site,
                diags,
            );
        }
    }
    let topic_files: Vec<String> = site
        .topics
        .iter()
        .map(|topic| site.content_file(&format!("{}/_topic.yaml", topic.slug)))
        .collect();
    for (t, source) in topic_files.iter().enumerate() {
        owners.claim(
            site.topic_path(t).output_file(),
            format!("`{source}`"),
            Place::File(source),
            diags,
        );
    }
    for (id, doc) in site.documents() {
        owners.claim(
            site.doc_path(id).output_file(),
            format!("`{}`", doc.source),
            Place::File(&doc.source),
            diags,
        );
    }
    let asset_files: Vec<String> = site
        .assets
        .iter()
        .map(|asset| {
            display_path(
                asset
                    .source
                    .strip_prefix(&site.root)
                    .unwrap_or(&asset.source),
            )
        })
        .collect();
    for (asset, source) in site.assets.iter().zip(&asset_files) {
        owners.claim(
            asset.output.clone(),
            format!("`{source}`"),
            Place::File(source),
            diags,
        );
    }
    for redirect in site.redirects() {
        owners.claim_redirect(&redirect, site, diags);
    }
    let mut paths: Vec<_> = owners.paths.iter().collect();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    claimed_by_languages(site, &paths, diags);
    for (path, (owner, place)) in paths {
        for (i, _) in path.match_indices('/') {
            let folder = &path[..i];
            let generated = GENERATED_FILES.iter().find(|(name, _)| *name == folder);
            let (file_owner, hint) = match (owners.paths.get(folder), generated) {
                (Some((other, _)), _) => (
                    other.as_str(),
                    "rename one of them: a file and a folder of the site cannot have the same name"
                        .to_string(),
                ),
                (None, Some((_, what))) => (
                    *what,
                    format!("rename it: Strata writes the file `{folder}` itself"),
                ),
                (None, None) => continue,
            };
            diags.push(
                place.point(
                    Diagnostic::error(format!(
                        "{owner} would write `{path}`, but `{folder}` is a file: {file_owner}"
                    ))
                    .hint(hint),
                ),
            );
            break;
        }
    }
    owners.refused
}

/// In the default language of a site in several languages, a file written under
/// another language's folder (`static/fr/…`, an alias `fr`, `content/fr.md`): that
/// folder is the other language's.
fn claimed_by_languages(
    site: &Site,
    paths: &[(&String, &(String, Place<'_>))],
    diags: &mut Diagnostics,
) {
    if site.config.other_language().is_some() {
        return;
    }
    // One error per place: an alias of a topic writes a redirect per tier too.
    // The shortest of a place's paths: the alias's own, before a tier page's.
    let mut places = HashSet::new();
    let mut by_length = paths.to_vec();
    by_length.sort_by_key(|(path, _)| path.len());
    for (path, (owner, place)) in by_length {
        let first = path.split('/').next().unwrap_or("");
        let Some(language) = (site.config.languages.iter().skip(1)).find(|l| l.code == first)
        else {
            continue;
        };
        let error = place.point(
            Diagnostic::error(format!(
                "{owner} would write `{path}`, in `/{first}/`, where the {} pages are published",
                language.name
            ))
            .hint(format!(
                "rename or move it: `/{first}/` belongs to the language `{first}`, whose own files go in `content/{first}/`"
            )),
        );
        if places.insert((error.file.clone(), error.line, error.column)) {
            diags.push(error);
        }
    }
}

/// Loads glossary YAML text on its own, for tests and tools.
pub fn parse_glossary(
    text: &str,
    file: &Path,
    tiers: &[crate::config::Tier],
) -> Result<Glossary, Vec<Diagnostic>> {
    match glossary::parse(text, file, tiers) {
        (Some(glossary), errors) if !errors.iter().any(Diagnostic::is_error) => Ok(glossary),
        (_, errors) => Err(errors),
    }
}

/// Loads reference YAML text on its own, for tests and tools.
pub fn parse_references(text: &str, file: &Path) -> Result<References, Vec<Diagnostic>> {
    match references::parse(text, file) {
        (Some(references), errors) if errors.is_empty() => Ok(references),
        (_, errors) => Err(errors),
    }
}

/// Loads table YAML text on its own, for tests and tools.
pub fn parse_table(name: &str, text: &str, file: &Path) -> Result<Table, Vec<Diagnostic>> {
    tables::parse(name, text, file, None)
}
