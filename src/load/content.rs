//! Walks `content/` and sorts what it finds into the home text, topics, plain pages and
//! co-located assets.
//!
//! A direct subfolder of `content/` with a `_topic.yaml` is a topic: its Markdown files
//! are named by tier id, every other file in it is an asset copied beside the topic. Any
//! other Markdown file is a plain page. Walking is sorted by name, so the result does
//! not depend on the file system's order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::LoadOptions;
use super::files::read_text;
use super::frontmatter;
use super::walk::{WalkError, walk_sources};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::model::{Asset, Document, PlainPage, References, Topic};
use crate::yaml::{self, Spanned};

pub const CONTENT_DIR: &str = "content";
pub const TOPIC_FILE: &str = "_topic.yaml";
pub const HOME_FILE: &str = "_index.md";
pub const GLOSSARY_FILE: &str = "glossary.yaml";
pub const REFERENCES_FILE: &str = "references.yaml";
/// The descriptions of tags (optional).
pub const TAGS_FILE: &str = "tags.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    /// `None` also for `tags:` with nothing after it.
    #[serde(default)]
    tags: Option<Vec<Spanned<String>>>,
}

impl RawTopic {
    /// What a topic whose file could not be read is loaded with.
    fn standing_in_for(slug: &str) -> Self {
        Self {
            title: slug.to_string(),
            summary: None,
            weight: None,
            references: Vec::new(),
            aliases: Vec::new(),
            tags: None,
        }
    }
}

/// Where each of a topic file's `references` is written. Read only when one of them
/// is unknown: the topic file itself is read by the fast path, which keeps no places.
#[derive(Debug, Deserialize)]
struct TopicPlaces {
    #[serde(default)]
    references: Vec<Spanned<String>>,
}

/// What the walk of `content/` found.
#[derive(Debug, Default)]
pub struct Content {
    pub home: Option<Arc<Document>>,
    pub topics: Vec<Topic>,
    pub pages: Vec<PlainPage>,
    pub assets: Vec<Asset>,
}

/// Files that editors and operating systems leave behind, never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
        || name == "4913"
}

/// Reads every file under `root/content`; `references` is `None` when
/// references.yaml could not be read.
pub fn load(
    root: &Path,
    config: &Config,
    references: Option<&References>,
    options: &LoadOptions,
    diags: &mut Diagnostics,
    failed: &mut HashSet<String>,
) -> Content {
    let dir = root.join(&config.content_dir);
    let mut content = Content::default();
    if !dir.is_dir() {
        return content;
    }
    let (mut folders, mut loose_files) = list_content(root, &dir, diags);
    // The default language's tree holds the other languages' trees.
    if config.other_language().is_none() {
        let trees: Vec<PathBuf> = (config.languages.iter().skip(1))
            .map(|l| dir.join(&l.code))
            .collect();
        folders.retain(|f| !trees.contains(f));
    }
    // Folders load in parallel, each into its own diagnostics, merged in folder order
    // so the report reads the same on every run. Each lists itself, so the listing is
    // parallel too; a folder without a topic file only contributes its files.
    let loaded: Vec<TopicLoad> = folders
        .par_iter()
        .map(|folder| {
            let mut out = TopicLoad::default();
            let mut files = Vec::new();
            let is_topic = walk_files(root, folder, &mut out.diags, &mut files);
            if !is_topic {
                report_markdown_named_dir(root, folder, &mut out.diags);
                report_missing_topic_file(root, folder, &files, config, &mut out.diags);
                out.loose = files;
                return out;
            }
            let topic_dir = folder;
            let mut cx = Loader {
                root,
                config,
                references,
                options,
                diags: &mut out.diags,
                failed: &mut out.failed,
            };
            out.topic = load_topic(&mut cx, topic_dir, &files, &mut out.assets);
            if out.topic.is_none() && out.diags.has_errors() {
                out.failed.insert(display_path(
                    topic_dir.strip_prefix(root).unwrap_or(topic_dir),
                ));
            }
            out
        })
        .collect();
    for load in loaded {
        diags.extend(load.diags);
        failed.extend(load.failed);
        content.assets.extend(load.assets);
        content.topics.extend(load.topic);
        loose_files.extend(load.loose);
    }
    // Files outside topics are read in name order, wherever they were listed.
    loose_files.sort();
    content
        .topics
        .sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    for path in loose_files {
        let rel = path.strip_prefix(&dir).unwrap_or(&path);
        let rel_text = display_path(rel);
        if rel_text == GLOSSARY_FILE || rel_text == REFERENCES_FILE || rel_text == TAGS_FILE {
            continue;
        }
        if rel_text == HOME_FILE {
            content.home = read_document(root, &path, diags, failed).map(Arc::new);
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            if let Some(doc) = read_document(root, &path, diags, failed)
                && (options.drafts || !doc.front.draft)
            {
                let slug = plain_page_slug(&rel_text);
                if slug.contains(|c: char| c.is_whitespace() || "#?%\"<>\\".contains(c)) {
                    // As for topic folders: a URL that needs escaping is a broken
                    // link waiting to happen.
                    diags.push(
                        Diagnostic::error(format!(
                            "the page `{rel_text}` would have the URL `/{slug}/`, which a link cannot name without escaping"
                        ))
                        .in_file(path.strip_prefix(root).unwrap_or(&path))
                        .hint(format!(
                            "rename it with letters, digits and `-`, e.g. `{}.md`",
                            crate::slug::slugify(slug.rsplit('/').next().unwrap_or(&slug))
                        )),
                    );
                    continue;
                }
                content.pages.push(PlainPage {
                    slug,
                    doc: Arc::new(doc),
                });
            }
        } else {
            if is_other_markdown_name(&path) {
                let shown = path.strip_prefix(root).unwrap_or(&path);
                let stem = rel_text
                    .rsplit_once('.')
                    .map_or(rel_text.as_str(), |(s, _)| s);
                diags.push(
                    Diagnostic::warning(format!(
                        "`{rel_text}` is copied as a file, not made a page: Strata reads Markdown only from files ending in `.md`"
                    ))
                    .in_file(shown)
                    .hint(format!("rename it to `{stem}.md` to make it a page")),
                );
            }
            content.assets.push(Asset {
                source: path.clone(),
                output: rel_text,
                size: None,
            });
        }
    }
    // Plain pages in the order of their `weight`, then of their title (their name
    // when they have none), as topics are.
    content
        .pages
        .sort_by(|a, b| page_order(a).cmp(&page_order(b)));
    content
}

/// Where a plain page goes among the others: its weight, its title or else its name.
fn page_order(page: &PlainPage) -> (i64, &str, &str) {
    let title = page.doc.front.title.as_str();
    let name = if title.is_empty() { &page.slug } else { title };
    (page.doc.front.weight, name, &page.slug)
}

/// What loading one folder of `content/` gave: a topic, or the files of a folder
/// that is not one.
#[derive(Default)]
struct TopicLoad {
    topic: Option<Topic>,
    /// The files of a folder that is not a topic.
    loose: Vec<PathBuf>,
    assets: Vec<Asset>,
    diags: Diagnostics,
    failed: HashSet<String>,
}

/// What loading a topic reads and where its problems go.
struct Loader<'a> {
    root: &'a Path,
    config: &'a Config,
    /// `None` when references.yaml could not be read: topics' `references` are then
    /// not checked (its own error is reported).
    references: Option<&'a References>,
    options: &'a LoadOptions,
    diags: &'a mut Diagnostics,
    failed: &'a mut HashSet<String>,
}

fn load_topic(
    cx: &mut Loader<'_>,
    dir: &Path,
    files: &[PathBuf],
    assets: &mut Vec<Asset>,
) -> Option<Topic> {
    let (root, config, references, options) = (cx.root, cx.config, cx.references, cx.options);
    let diags = &mut *cx.diags;
    let failed_docs = &mut *cx.failed;
    let slug = dir.file_name()?.to_string_lossy().into_owned();
    let meta_path = dir.join(TOPIC_FILE);
    let meta_shown = meta_path
        .strip_prefix(root)
        .unwrap_or(&meta_path)
        .to_path_buf();
    // A topic file that cannot be read is reported, and the topic still loads under
    // its folder's name, so the problems of its tier pages show in the same run and
    // the terms those pages use count as used.
    let read = read_text(&meta_path, &meta_shown)
        .and_then(|text| yaml::parse::<RawTopic>(&text, &meta_shown).map(|raw| (text, raw)));
    let (meta_text, mut raw) = read.unwrap_or_else(|d| {
        diags.push(d);
        (String::new(), RawTopic::standing_in_for(&slug))
    });
    let (aliases, problems) =
        super::aliases::read(std::mem::take(&mut raw.aliases), &meta_text, &meta_shown);
    diags.extend(problems);
    let (tags, problems) =
        super::tags::read(raw.tags.take().unwrap_or_default(), &meta_text, &meta_shown);
    diags.extend(problems);
    if !crate::config::is_valid_id(&slug) {
        diags.push(
            Diagnostic::error(format!("topic folder name `{slug}` cannot be used in URLs"))
                .in_file(&meta_shown)
                .hint("rename the folder with lower-case letters, digits and `-`, e.g. `insulin-resistance`"),
        );
    }
    if let Some(references) = references {
        report_unknown_references(&raw.references, references, &meta_text, &meta_shown, diags);
    }
    let mut tiers: Vec<Option<Arc<Document>>> = vec![None; config.tiers.len()];
    for path in files {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel_text = display_path(rel);
        if rel_text == TOPIC_FILE {
            continue;
        }
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        if is_markdown && rel.components().count() == 1 {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(tier) = config.tier_index(&stem) else {
                let declared: Vec<_> = config
                    .tiers
                    .iter()
                    .map(|t| format!("{}.md", t.id))
                    .collect();
                let shown = path.strip_prefix(root).unwrap_or(path);
                let hint = match crate::suggest::closest(
                    &stem,
                    config.tiers.iter().map(|t| t.id.as_str()),
                ) {
                    Some(near) => format!(
                        "did you mean `{near}.md`? Tier files are named by the tiers of site.yaml: {}",
                        declared.join(", ")
                    ),
                    None => format!(
                        "tier files are named by the tiers of site.yaml ({}); declare the tier there or move the page out of the topic folder",
                        declared.join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(format!("`{rel_text}` is not a tier of this site"))
                        .in_file(shown)
                        .hint(hint),
                );
                continue;
            };
            if let Some(doc) = read_document(root, path, diags, failed_docs)
                && (options.drafts || !doc.front.draft)
            {
                if doc.body.as_str().trim().is_empty() {
                    diags.push(
                        Diagnostic::warning(format!(
                            "`{}` has no text, so readers of the {} tier get an empty page",
                            doc.source, config.tiers[tier].label
                        ))
                        .in_file(Path::new(&doc.source))
                        .hint("write the page, or remove the file: the tier switcher then shows this tier as not written yet"),
                    );
                }
                tiers[tier] = Some(Arc::new(doc));
            }
        } else if let Some(tier) =
            misnamed_tier_page(config, path).filter(|_| rel.components().count() == 1)
        {
            let shown = path.strip_prefix(root).unwrap_or(path);
            diags.push(
                Diagnostic::error(format!(
                    "`{rel_text}` is not read as the {} page: Strata reads Markdown only from files ending in `.md`",
                    config.tiers[tier].label
                ))
                .in_file(shown)
                .hint(format!("rename it to `{}.md`", config.tiers[tier].id)),
            );
            // Links to the page it was meant to be are not reported again.
            failed_docs.insert(display_path(
                &shown.with_file_name(format!("{}.md", config.tiers[tier].id)),
            ));
        } else {
            assets.push(Asset {
                source: path.clone(),
                output: format!("{slug}/{rel_text}"),
                size: None,
            });
        }
    }
    if tiers.iter().all(Option::is_none) {
        return None;
    }
    Some(Topic {
        slug,
        title: raw.title,
        summary: raw.summary.unwrap_or_default(),
        weight: raw.weight.unwrap_or(0),
        references: raw.references,
        aliases,
        tags,
        tiers,
    })
}

/// Whether `path` is Markdown by another name than `.md` (`.markdown`, `.MD`,
/// `.mdown`, …), which Strata does not read as Markdown.
fn is_other_markdown_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e != "md"
            && ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"]
                .iter()
                .any(|m| e.eq_ignore_ascii_case(m))
    })
}

/// The tier a file such as `academic.markdown` or `Academic.MD` was meant to be.
fn misnamed_tier_page(config: &Config, path: &Path) -> Option<usize> {
    if !is_other_markdown_name(path) {
        return None;
    }
    let stem = path.file_stem()?.to_str()?.to_lowercase();
    config.tier_index(&stem)
}

/// An error for each of a topic's `references` that `references.yaml` does not have,
/// at its place in the topic file.
fn report_unknown_references(
    ids: &[String],
    references: &References,
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) {
    let unknown: Vec<usize> = (0..ids.len())
        .filter(|&i| references.get(&ids[i]).is_none())
        .collect();
    if unknown.is_empty() {
        return;
    }
    let places = yaml::parse::<TopicPlaces>(text, file)
        .map(|p| p.references)
        .unwrap_or_default();
    for i in unknown {
        let id = &ids[i];
        let hint =
            match crate::suggest::closest(id, references.entries.iter().map(|r| r.id.as_str())) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("add `{id}` to content/references.yaml or remove it here"),
            };
        let error = Diagnostic::error(format!("unknown reference `{id}`")).in_file(file);
        let error = match places.get(i) {
            Some(place) => yaml::point(error, text, place).width(id.chars().count()),
            None => error,
        };
        diags.push(error.hint(hint));
    }
}

/// Reads and splits one Markdown file; problems go to `diags`. `None` (and the file
/// counts as failed) when it cannot be read.
fn read_document(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    failed: &mut HashSet<String>,
) -> Option<Document> {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let text = match read_text(path, shown) {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            failed.insert(display_path(shown));
            return None;
        }
    };
    // A page whose front matter has errors, is misplaced or is never closed is still
    // read, with the fields that could be read, so the problems of its body show in
    // the same run.
    let ((front, body, body_line), errors) = frontmatter::read(&text, shown);
    diags.extend(errors);
    Some(Document {
        source: display_path(shown),
        path: shown.to_path_buf(),
        front,
        body: crate::model::Body::new(body),
        body_line,
    })
}

/// `about.md` → `about`, `guides/index.md` → `guides`.
fn plain_page_slug(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = stem
        .strip_suffix("/index")
        .or_else(|| stem.strip_suffix("/_index"))
        .unwrap_or(stem);
    stem.to_string()
}

/// Lists `content/` one level deep: its folders (topics when they hold
/// [`TOPIC_FILE`], which their loader checks) and its files, in name order.
fn list_content(root: &Path, dir: &Path, diags: &mut Diagnostics) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut folders = Vec::new();
    let mut loose = Vec::new();
    for entry in walk_sources(dir, 1) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(walk_error(root, &err));
                continue;
            }
        };
        if entry.is_dir {
            folders.push(entry.path);
        } else {
            loose.push(entry.path);
        }
    }
    (folders, loose)
}

/// Every file below `dir`, in name order, skipping ignored names; folders named like
/// Markdown files are reported. True when `dir` holds a [`TOPIC_FILE`] (a folder of
/// that name too: reading it then says what is wrong).
fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics, files: &mut Vec<PathBuf>) -> bool {
    let mut is_topic = false;
    for entry in walk_sources(dir, usize::MAX) {
        match entry {
            Ok(entry) => {
                if entry.path.parent() == Some(dir) && entry.path.ends_with(TOPIC_FILE) {
                    is_topic = true;
                }
                if entry.is_dir {
                    report_markdown_named_dir(root, &entry.path, diags);
                } else {
                    files.push(entry.path);
                }
            }
            Err(err) => diags.push(walk_error(root, &err)),
        }
    }
    is_topic
}

/// A folder of `content/` without a [`TOPIC_FILE`] that was meant to be a topic: one
/// with a near miss of the name (`topic.yaml`, `_topic.yml`) is an error, since that
/// file would be published as it is and the folder's tier pages as plain pages; one
/// that only holds pages named after tiers is a warning (they may be plain pages on
/// purpose, and they build as such).
fn report_missing_topic_file(
    root: &Path,
    folder: &Path,
    files: &[PathBuf],
    config: &Config,
    diags: &mut Diagnostics,
) {
    let shown_folder = display_path(folder.strip_prefix(root).unwrap_or(folder));
    let own_files = || files.iter().filter(|f| f.parent() == Some(folder));
    // A folder without Markdown would be no topic even with the right name.
    let has_pages = own_files().any(|f| f.extension().is_some_and(|e| e == "md"));
    let near_miss = own_files().filter(|_| has_pages).find(|f| {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        is_yaml && crate::suggest::closest(&name, [TOPIC_FILE]).is_some()
    });
    if let Some(path) = near_miss {
        let shown = path.strip_prefix(root).unwrap_or(path);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        diags.push(
            Diagnostic::error(format!(
                "`{name}` is not a topic file, so `{shown_folder}/` is not read as a topic"
            ))
            .in_file(shown)
            .hint(format!(
                "did you mean `{TOPIC_FILE}`? A folder of content/ is a topic when it holds `{TOPIC_FILE}`; rename the file"
            )),
        );
        return;
    }
    let mut tier_pages: Vec<(usize, String)> = own_files()
        .filter_map(|f| f.file_name()?.to_str())
        .filter_map(|name| Some((config.tier_index(name.strip_suffix(".md")?)?, name)))
        .map(|(tier, name)| (tier, name.to_string()))
        .collect();
    tier_pages.sort();
    let tier_pages: Vec<String> = tier_pages.into_iter().map(|(_, name)| name).collect();
    let Some(first) = tier_pages.first() else {
        return;
    };
    let first = folder.join(first);
    diags.push(
        Diagnostic::warning(format!(
            "`{shown_folder}/` holds tier pages ({}) but no `{TOPIC_FILE}`, so it is not a topic and they are published as plain pages",
            tier_pages.join(", ")
        ))
        .in_file(first.strip_prefix(root).unwrap_or(&first))
        .hint(format!(
            "add `{shown_folder}/{TOPIC_FILE}` with a `title` to make the folder a topic, or rename the pages if they are meant to be plain pages"
        )),
    );
}

fn report_markdown_named_dir(root: &Path, path: &Path, diags: &mut Diagnostics) {
    if path.extension().is_some_and(|e| e == "md") {
        let shown = path.strip_prefix(root).unwrap_or(path);
        diags.push(
            Diagnostic::error(format!(
                "`{}` is a directory, but a Markdown file was expected",
                display_path(shown)
            ))
            .in_file(shown)
            .hint("rename the directory, or replace it with a Markdown file"),
        );
    }
}

/// `path` relative to the site's root; a loop's ancestor outside the folder being
/// walked is named by its canonical path.
fn site_relative<'p>(root: &Path, path: &'p Path) -> &'p Path {
    if let Ok(rel) = path.strip_prefix(root) {
        return rel;
    }
    root.canonicalize()
        .ok()
        .and_then(|canonical| path.strip_prefix(canonical).ok())
        .unwrap_or(path)
}

pub fn walk_error(root: &Path, err: &WalkError) -> Diagnostic {
    let path = site_relative(root, err.path());
    let shown = display_path(path);
    let (message, hint) = match err {
        WalkError::Loop { ancestor, .. } => (
            format!(
                "symbolic link loop: `{shown}` points back to `{}`",
                display_path(site_relative(root, ancestor))
            ),
            "remove the link or point it outside the site",
        ),
        WalkError::BrokenLink { target, .. } => (
            format!(
                "`{shown}` is a symbolic link to `{}`, which does not exist",
                target.display()
            ),
            "point the link at an existing file or folder, or remove it",
        ),
        WalkError::Io { error, .. } => (
            format!("cannot read `{shown}`: {error}"),
            "check that the file exists and that Strata may read it",
        ),
    };
    Diagnostic::error(message).in_file(path).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_page_slugs() {
        assert_eq!(plain_page_slug("about.md"), "about");
        assert_eq!(plain_page_slug("help/faq.md"), "help/faq");
        assert_eq!(plain_page_slug("help/index.md"), "help");
    }

    #[test]
    fn editor_droppings_are_ignored() {
        for name in [
            ".fundamentals.md.swp",
            "fundamentals.md~",
            "4913",
            "#a.md#",
            "a.md___jb_tmp___",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("fundamentals.md"));
    }
}
