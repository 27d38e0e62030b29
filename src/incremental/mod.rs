//! Re-rendering only what a change affects, for `serve`.
//!
//! [`try_update`] takes the previous [`Build`] and a set of changed paths and, when the
//! change is one it can reason about — the bodies of existing Markdown pages changed and
//! their front matter did not — re-renders just the pages that read the changed ones:
//! the page itself; when its outline (sections, links, statistics) changed, its sibling
//! tiers, its topic page, the home page, the reading paths, the pages whose "Referenced
//! by" changed and the search index; when the terms it uses or its headings changed,
//! the glossary page (its "used in" links name sections).
//! Anything else (a new or deleted file, front matter, configuration, templates, data,
//! an error) returns `None`, and the caller does a full build. A site in several
//! languages is updated one language at a time ([`languages`]). Correctness over
//! cleverness: `tests/incremental.rs` checks that every kind of update gives byte for
//! byte what a full build gives.

mod languages;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::{Build, BuildCache, BuildState};
use crate::diagnostic::display_path;
use crate::load::{frontmatter, read_text};
use crate::markdown::links::LinkTarget;
use crate::markdown::{MarkdownContext, Outline, outline_document};
use crate::model::{DocId, Document, Site};
use crate::render::{Job, MemorySink, OutputFile, RenderSession, search};
use crate::serve::snapshot::FileMap;

/// The result of a partial rebuild.
#[derive(Debug)]
pub struct Update {
    /// The new site and state; `files` holds only the re-rendered files.
    pub build: Build,
    /// Output paths that no longer exist (search shards that emptied).
    pub removed: Vec<String>,
}

/// Re-renders what `changed` (site-relative paths) affects, or `None` for a full build.
pub fn try_update(
    prev: &Build,
    root: &Path,
    changed: &BTreeSet<PathBuf>,
    cache: &BuildCache,
) -> Option<Update> {
    if !prev.languages.is_empty() {
        return languages::try_update(prev, root, changed, cache);
    }
    update_one(prev, root, changed, cache)
}

/// [`try_update`] for a site in one language, or for one language of a site.
fn update_one(
    prev: &Build,
    root: &Path,
    changed: &BTreeSet<PathBuf>,
    cache: &BuildCache,
) -> Option<Update> {
    let started = std::time::Instant::now();
    let (site, docs) = reload_changed(prev, root, changed)?;
    let prepared = prev.state.prepared.clone()?;
    let markdown = prepared.markdown(&site, &cache.highlights);
    let mut state: BuildState = prev.state.clone();
    let changes = reoutline(&site, &docs, &markdown, &mut state)?;
    trace(started, "outlined and checked");
    let sink = MemorySink::default();
    let terms_changed = rerender(&site, &markdown, &prev.state, &mut state, &changes, &sink)?;
    let removed = if changes.outline {
        reindex(&site, &prev.state, &mut state, &sink)?
    } else {
        Vec::new()
    };
    trace(started, "rendered");
    let files = sink.into_files();
    // The glossary checks look at every page; when no page's terms or diagnostics
    // changed, the previous warnings still hold.
    let same_diagnostics = docs.iter().all(|id| {
        prev.state.facts.get(id).map(|f| &f.diagnostics)
            == state.facts.get(id).map(|f| &f.diagnostics)
    });
    let warnings = if !terms_changed && same_diagnostics {
        prev.warnings.clone()
    } else {
        state.warnings(&site)
    };
    trace(started, "done");
    Some(Update {
        build: Build {
            pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
            file_count: files.len(),
            files,
            warnings,
            elapsed: started.elapsed(),
            site,
            state,
            languages: Vec::new(),
        },
        removed,
    })
}

fn trace(started: std::time::Instant, step: &str) {
    tracing::info!(
        us = started.elapsed().as_micros() as u64,
        "incremental: {step}"
    );
}

/// The site with the changed documents read again, and the ids of those whose body
/// really changed; `None` when a change is not a body edit of an existing page.
fn reload_changed(
    prev: &Build,
    root: &Path,
    changed: &BTreeSet<PathBuf>,
) -> Option<(Site, Vec<DocId>)> {
    let mut site = prev.site.clone();
    let mut docs = Vec::new();
    for rel in changed {
        let (id, doc) = reload(&prev.site, root, rel)?;
        if site.document(id).is_some_and(|old| old.body == doc.body) {
            continue;
        }
        replace(&mut site, id, doc);
        docs.push(id);
    }
    Some((site, docs))
}

/// What the changed documents' new outlines mean for the rest of the site.
#[derive(Default)]
struct Changes {
    /// The pages to render again.
    jobs: BTreeSet<JobKey>,
    /// Some outline's shape changed: dependents and the search index follow.
    outline: bool,
    /// Some page links elsewhere than before: the backlinks are rebuilt.
    links: bool,
    /// Some headings changed: the glossary's "used in" names sections.
    headings: bool,
}

/// Outlines the changed documents into `state` and checks every anchor against the
/// new outlines; `None` on an error, which a full build reports.
fn reoutline(
    site: &Site,
    docs: &[DocId],
    markdown: &MarkdownContext<'_>,
    state: &mut BuildState,
) -> Option<Changes> {
    let mut changes = Changes::default();
    for &id in docs {
        let (outline, diagnostics) = outline_document(id, site.document(id)?, markdown);
        if diagnostics.iter().any(|d| d.is_error()) {
            return None;
        }
        let old = state.outlines.get(id);
        changes.jobs.insert(JobKey::of(id));
        changes.links |= old.is_none_or(|old| link_targets(old) != link_targets(&outline));
        changes.headings |= old.is_none_or(|old| old.headings != outline.headings);
        if old.is_none_or(|old| shape(old) != shape(&outline)) {
            changes.outline = true;
            for_each_dependent(site, id, old, &outline, &mut changes.jobs);
        }
        // Its warnings come again with its page.
        state.outlines.0.insert(id, Arc::new(outline));
    }
    let mut errors = crate::diagnostic::Diagnostics::new();
    crate::checks::check_anchors(site, &state.outlines, markdown.targets, &mut errors);
    (!errors.has_errors()).then_some(changes)
}

/// Renders the affected pages (and the glossary page when terms or headings changed)
/// into `sink`, and records their facts in `state`. Returns whether the terms any
/// page uses changed; `None` when a page has an error, or when the site's code
/// blocks all went or the first one came (the highlighting stylesheet follows them).
fn rerender(
    site: &Site,
    markdown: &MarkdownContext<'_>,
    prev: &BuildState,
    state: &mut BuildState,
    changes: &Changes,
    sink: &MemorySink,
) -> Option<bool> {
    let mut parts = prev.render_parts.clone()?;
    // Backlinks change only when a page's link targets do.
    if changes.links {
        parts.links = Arc::new(crate::render::crossref::LinkIndex::new(
            site,
            &state.outlines,
        ));
        // Later updates start from this state: keep the new index.
        state.render_parts = Some(parts.clone());
    }
    let session = RenderSession::with_parts(site, markdown, parts);
    let jobs: Vec<Job> = changes.jobs.iter().map(|k| k.job()).collect();
    let (facts, problems) = session.render_jobs(&jobs, &state.outlines, sink);
    if problems.has_errors()
        || facts
            .values()
            .any(|f| f.diagnostics.iter().any(|d| d.is_error()))
    {
        return None;
    }
    let had_code = prev.facts.values().any(|f| f.has_code);
    let terms_changed = facts
        .iter()
        .any(|(id, f)| prev.facts.get(id).is_none_or(|old| old.terms != f.terms));
    state.facts.extend(facts);
    if state.facts.values().any(|f| f.has_code) != had_code {
        return None;
    }
    // The glossary page lists where each term is used, down to the section (by the
    // heading's id and text), so it also changes when headings do.
    if terms_changed || changes.headings {
        session
            .render_glossary(&state.outlines, &state.facts, sink)
            .ok()?;
    }
    Some(terms_changed)
}

/// Writes the search index again into `sink`; returns the paths of the previous
/// index that the new one no longer has.
fn reindex(
    site: &Site,
    prev: &BuildState,
    state: &mut BuildState,
    sink: &MemorySink,
) -> Option<Vec<String>> {
    let mut index = Vec::new();
    search::index(site, &state.outlines, &mut |file| index.push(file));
    let fresh: HashSet<&str> = index.iter().map(|f| f.path.as_str()).collect();
    let removed = prev
        .search_paths
        .iter()
        .filter(|p| !fresh.contains(p.as_str()))
        .cloned()
        .collect();
    state.search_paths = Arc::new(index.iter().map(|f| f.path.clone()).collect());
    for file in index {
        crate::render::Sink::emit(sink, file).ok()?;
    }
    Some(removed)
}

/// The pages an outline links to.
fn link_targets(outline: &Outline) -> BTreeSet<LinkTarget> {
    outline.links.iter().map(|l| l.target).collect()
}

/// What other pages read of an outline: sections, anchors, statistics, link targets.
fn shape(outline: &Outline) -> impl PartialEq + '_ {
    let links: Vec<(LinkTarget, Option<&str>)> = outline
        .links
        .iter()
        .map(|l| (l.target, l.anchor.as_deref()))
        .collect();
    (&outline.headings, &outline.anchors, outline.stats, links)
}

/// Pages that show something of document `id`'s outline.
fn for_each_dependent(
    site: &Site,
    id: DocId,
    old: Option<&Outline>,
    new: &Outline,
    jobs: &mut BTreeSet<JobKey>,
) {
    jobs.insert(JobKey::Home);
    for tier in 0..site.config.tiers.len() {
        jobs.insert(JobKey::TierIndex(tier));
    }
    if let DocId::Tier { topic, .. } = id {
        jobs.insert(JobKey::Topic(topic));
        for (tier, _) in site.topics[topic].present_tiers() {
            jobs.insert(JobKey::of(DocId::Tier { topic, tier }));
        }
        // A tag's page shows its topics' tiers with their reading times.
        for tag in &site.topics[topic].tags {
            if let Some(i) = site.tags.iter().position(|t| t.slug == tag.slug) {
                jobs.insert(JobKey::Tag(i));
            }
        }
    }
    // "Referenced by" changes on pages the document starts or stops linking to.
    let targets = |o: &Outline| -> BTreeSet<DocId> {
        o.links
            .iter()
            .filter_map(|l| match l.target {
                LinkTarget::Doc(t) if t != id => Some(t),
                _ => None,
            })
            .collect()
    };
    let before = old.map(targets).unwrap_or_default();
    let after = targets(new);
    for target in before.symmetric_difference(&after) {
        jobs.insert(JobKey::of(*target));
    }
}

/// Reads the changed Markdown file `rel` of an existing document whose front matter
/// did not change; `None` otherwise.
fn reload(site: &Site, root: &Path, rel: &Path) -> Option<(DocId, Document)> {
    if rel.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let source = display_path(rel);
    let id = site.doc_by_source(&source)?;
    let old = site.document(id)?;
    let text = read_text(&root.join(rel), rel).ok()?;
    let (front, body, body_line) = frontmatter::parse(&text, rel).ok()?;
    if front != old.front {
        return None;
    }
    Some((
        id,
        Document {
            source,
            path: rel.to_path_buf(),
            front,
            body: crate::model::Body::new(body),
            body_line,
        },
    ))
}

fn replace(site: &mut Site, id: DocId, doc: Document) {
    let doc = Arc::new(doc);
    match id {
        DocId::Home => site.home = Some(doc),
        DocId::Tier { topic, tier } => site.topics[topic].tiers[tier] = Some(doc),
        DocId::Page(i) => site.pages[i].doc = doc,
    }
}

/// A page to render, ordered so the job list is deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum JobKey {
    Home,
    Topic(usize),
    TierIndex(usize),
    Tag(usize),
    Doc(DocId),
}

impl JobKey {
    fn of(id: DocId) -> Self {
        match id {
            DocId::Home => JobKey::Home,
            other => JobKey::Doc(other),
        }
    }

    fn job(self) -> Job {
        match self {
            JobKey::Home => Job::Home,
            JobKey::Topic(t) => Job::Topic(t),
            JobKey::TierIndex(t) => Job::TierIndex(t),
            JobKey::Tag(i) => Job::Tag(i),
            JobKey::Doc(id) => Job::Doc(id),
        }
    }
}

/// Applies an update to the files of the previous build.
pub fn apply(files: &mut FileMap, update: &Update) -> std::io::Result<()> {
    for path in &update.removed {
        files.remove(path.as_str());
    }
    for file in &update.build.files {
        let bytes: Arc<[u8]> = match &file.content {
            crate::render::FileContent::Bytes(b) => Arc::from(b.as_slice()),
            crate::render::FileContent::Copy(p) => std::fs::read(p)?.into(),
        };
        files.insert(Arc::from(file.path.as_str()), bytes);
    }
    Ok(())
}

/// Files are output files of a full build, for comparisons in tests.
pub fn file_map(files: &[OutputFile]) -> std::io::Result<FileMap> {
    let mut map = FileMap::new();
    for file in files {
        let bytes: Arc<[u8]> = match &file.content {
            crate::render::FileContent::Bytes(b) => Arc::from(b.as_slice()),
            crate::render::FileContent::Copy(p) => std::fs::read(p)?.into(),
        };
        map.insert(Arc::from(file.path.as_str()), bytes);
    }
    Ok(map)
}
