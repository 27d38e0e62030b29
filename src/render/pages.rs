//! One function per kind of page: builds its view and renders its template (the
//! glossary page has [`super::glossary_page`] to itself).
//!
//! What pages say about each other comes from [`super::crossref`], gathered once per
//! build; [`SharedViews`] holds what many pages show the same way (a linked page's
//! title and URL, a reference's preview), made once instead of on every page that
//! shows it.

use rayon::prelude::*;
use tera::Context;

use super::crossref::LinkIndex;
use super::views::*;
use super::{Outlines, OutputFile, RenderParts};
use crate::diagnostic::Diagnostic;
use crate::markdown::citations::preview;
use crate::markdown::{Heading, RenderedDoc};
use crate::model::{DocId, Document, Site};
use crate::urls::PagePath;

/// A page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Topic(usize),
    Doc(DocId),
    TierIndex(usize),
    /// The page listing every tag.
    Tags,
    /// The page of one tag (by index into `Site::tags`).
    Tag(usize),
    NotFound,
}

/// Every page of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home];
    // The author's own `static/404.html` replaces the generated one.
    if !site.overridden("404.html") {
        jobs.push(Job::NotFound);
    }
    jobs.extend((0..site.topics.len()).map(Job::Topic));
    jobs.extend((0..site.config.tiers.len()).map(Job::TierIndex));
    jobs.extend(tag_jobs(site));
    jobs.extend(
        site.documents()
            .into_iter()
            .filter(|(id, _)| *id != DocId::Home)
            .map(|(id, _)| Job::Doc(id)),
    );
    jobs
}

/// The template of the page listing every tag; a theme needs it only for a site
/// whose topics have tags.
pub const TAGS_TEMPLATE: &str = "tags.html";
/// The template of one tag's page (needed as [`TAGS_TEMPLATE`] is).
pub const TAG_TEMPLATE: &str = "tag.html";

/// The templates `site` needs besides [`super::templates::REQUIRED`].
pub fn templates_needed(site: &Site) -> &'static [&'static str] {
    if site.tags.is_empty() {
        &[]
    } else {
        &[TAGS_TEMPLATE, TAG_TEMPLATE]
    }
}

/// The tag pages: none when no topic has a tag.
pub fn tag_jobs(site: &Site) -> impl Iterator<Item = Job> {
    let tagged = !site.tags.is_empty();
    tagged
        .then_some(Job::Tags)
        .into_iter()
        .chain((0..site.tags.len()).map(Job::Tag))
}

/// The template that renders `job`'s page.
pub fn template_of(job: Job) -> &'static str {
    match job {
        Job::Home => "home.html",
        Job::Topic(_) => "topic.html",
        Job::Doc(DocId::Tier { .. }) => "tier.html",
        Job::Doc(_) => "page.html",
        Job::TierIndex(_) => "tier_index.html",
        Job::Tags => TAGS_TEMPLATE,
        Job::Tag(_) => TAG_TEMPLATE,
        Job::NotFound => "404.html",
    }
}

/// The page `job` renders.
pub fn path_of(site: &Site, job: Job) -> PagePath {
    match job {
        Job::Home => PagePath::home(),
        Job::Topic(t) => site.topic_path(t),
        Job::Doc(id) => site.doc_path(id),
        Job::TierIndex(tier) => site.tier_index_path(tier),
        Job::Tags => site.tags_path(),
        Job::Tag(i) => site.tag_path(&site.tags[i].slug),
        Job::NotFound => PagePath::file("404.html"),
    }
}

pub fn site_view(site: &Site, assets: AssetUrls) -> SiteView<'_> {
    let base = &site.config.base_url;
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        author: site.config.author.as_deref(),
        language: &site.config.language,
        reading_grade: site.config.is_english(),
        script_strings: site.config.strings.script_overrides(),
        direction: if site.config.strings.right_to_left() {
            "rtl"
        } else {
            "ltr"
        },
        base_path: base.path(),
        root_path: site.config.root_url.path(),
        home_url: base.url(""),
        glossary_url: base.url(site.glossary_path().as_str()),
        feed_url: super::feed::has_feed(site).then(|| base.url("atom.xml")),
        search_url: base.url("search/"),
        tags_url: (!site.tags.is_empty()).then(|| base.url(site.tags_path().as_str())),
        tiers: tier_views(site),
        nav: site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.slug.contains('/'))
            .map(|(i, p)| LinkView {
                title: p.doc.front.title.clone(),
                url: base.url(site.doc_path(DocId::Page(i)).as_str()),
            })
            .collect(),
        assets,
        extra: &site.config.extra,
    }
}

fn tier_views(site: &Site) -> Vec<TierView<'_>> {
    site.config
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| TierView {
            id: &t.id,
            label: &t.label,
            summary: &t.summary,
            url: site.config.base_url.url(site.tier_index_path(i).as_str()),
        })
        .collect()
}

/// Links to the page at `path` in each of the site's languages (its own included);
/// none for a site in one language.
pub fn translation_links(site: &Site, path: &PagePath) -> Vec<crate::languages::TranslationLink> {
    match &site.translations {
        Some(index) => index.links(&site.config.language, path),
        None => Vec::new(),
    }
}

/// Renders one page.
pub fn render_page(
    job: Job,
    site: &Site,
    outlines: &Outlines,
    own: Option<&RenderedDoc>,
    parts: &RenderParts,
) -> Result<OutputFile, Diagnostic> {
    let base = &site.config.base_url;
    let (links, shared) = (&*parts.links, &*parts.shared);
    let mut ctx = Context::new();
    let path = path_of(site, job);
    // A feed of the page's own subject (a tag's), besides the site's.
    let mut page_feed: Option<LinkView> = None;
    // Whether the page has code, and its own summary (for its meta description).
    let (has_code, summary) = match job {
        Job::Home => {
            let rendered = own;
            let home = site.home.as_deref();
            let stats = outlines
                .get(DocId::Home)
                .map(|o| o.stats)
                .unwrap_or_default();
            let view = plain_view(
                site,
                home,
                rendered,
                &path,
                (links, shared),
                DocId::Home,
                stats,
            );
            ctx.insert("page", &view);
            ctx.insert("topics", &topic_cards(site, outlines));
            let summary = home.map_or("", |d| d.front.summary.as_str());
            (rendered.is_some_and(|r| r.has_code), summary)
        }
        Job::Topic(t) => {
            let topic = &site.topics[t];
            let view = TopicPageView {
                url: base.url(path.as_str()),
                title: &topic.title,
                summary: &topic.summary,
                tags: tag_links(site, t),
                tiers: tier_cells(site, outlines, t),
                references: reference_views(site, shared, &[], &topic.references),
            };
            ctx.insert("page", &view);
            (false, topic.summary.as_str())
        }
        Job::Doc(DocId::Tier { topic, tier }) => {
            let rendered = own.expect("a tier page is rendered with its document");
            let doc = site.topics[topic].tiers[tier]
                .as_ref()
                .expect("tier document exists");
            let view = tier_page_view(
                site,
                outlines,
                (links, shared),
                (topic, tier),
                doc,
                rendered,
                &path,
            );
            ctx.insert("page", &view);
            let summary = if doc.front.summary.trim().is_empty() {
                &site.topics[topic].summary
            } else {
                &doc.front.summary
            };
            (rendered.has_code, summary.as_str())
        }
        Job::Doc(id) => {
            let rendered = own;
            let stats = outlines.get(id).map(|o| o.stats).unwrap_or_default();
            let view = plain_view(
                site,
                site.document(id),
                rendered,
                &path,
                (links, shared),
                id,
                stats,
            );
            ctx.insert("page", &view);
            let summary = site.document(id).map_or("", |d| d.front.summary.as_str());
            (rendered.is_some_and(|r| r.has_code), summary)
        }
        Job::TierIndex(tier) => {
            let view = tier_index_view(site, outlines, tier, &path);
            ctx.insert("page", &view);
            let summary = site.config.tiers[tier].summary.as_str();
            (false, summary)
        }
        Job::Tags => {
            ctx.insert("page", &tags_view(site, &path));
            (false, "")
        }
        Job::Tag(i) => {
            let view = tag_view(site, outlines, i, &path);
            page_feed = view.feed_url.as_ref().map(|url| LinkView {
                title: super::feed::tag_feed_title(site, i),
                url: url.clone(),
            });
            ctx.insert("page", &view);
            (false, site.tags[i].description.as_str())
        }
        Job::NotFound => (false, ""),
    };
    ctx.insert("page_feed", &page_feed);
    ctx.insert("translations", &translation_links(site, &path));
    ctx.insert("description", description(site, summary));
    let url = base.url(path.as_str());
    ctx.insert("current_url", &url);
    ctx.insert("has_code", &has_code);
    let canonical = if base.origin().is_empty() || job == Job::NotFound {
        String::new()
    } else {
        base.absolute(path.as_str())
    };
    ctx.insert("canonical", &canonical);
    // The layout around a body is a few kilobytes.
    let capacity = own.map_or(0, |r| r.html.len()) + 16 * 1024;
    let html = parts.templates.render(template_of(job), &ctx, capacity)?;
    Ok(OutputFile::bytes(path.output_file(), html))
}

/// A page's meta description: its own summary, or else the site's `description`;
/// empty (and the tag left out) when both are.
pub fn description<'a>(site: &'a Site, summary: &'a str) -> &'a str {
    if summary.trim().is_empty() {
        site.config.description.trim()
    } else {
        summary.trim()
    }
}

fn toc(rendered: &RenderedDoc) -> Vec<&Heading> {
    rendered
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .collect()
}

fn plain_view<'a>(
    site: &'a Site,
    doc: Option<&'a Document>,
    rendered: Option<&'a RenderedDoc>,
    path: &PagePath,
    (links, shared): (&LinkIndex, &'a SharedViews),
    id: DocId,
    stats: crate::markdown::ReadingStats,
) -> PlainPageView<'a> {
    let title = doc
        .map(|d| d.front.title.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or(&site.config.title);
    PlainPageView {
        url: site.config.base_url.url(path.as_str()),
        title,
        summary: doc.map_or("", |d| d.front.summary.as_str()),
        updated: doc.and_then(|d| d.front.updated.as_deref()),
        updated_text: doc
            .and_then(|d| d.front.updated.as_deref())
            .and_then(|iso| site.config.strings.date(iso)),
        edit_url: doc.and_then(|d| site.config.edit_link(&d.source)),
        content: safe_html(rendered.map_or("", |r| r.html.as_str())),
        toc: rendered.map(toc).unwrap_or_default(),
        stats,
        references: rendered
            .map(|r| reference_views(site, shared, &r.citations, &[]))
            .unwrap_or_default(),
        referenced_by: shared.backlinks(links, id),
    }
}

fn tier_page_view<'a>(
    site: &'a Site,
    docs: &'a Outlines,
    (links, shared): (&LinkIndex, &'a SharedViews),
    (topic_index, tier_index): (usize, usize),
    doc: &'a Document,
    rendered: &'a RenderedDoc,
    path: &PagePath,
) -> TierPageView<'a> {
    let base = &site.config.base_url;
    let topic = &site.topics[topic_index];
    let tiers = &site.config.tiers;
    let switcher = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = DocId::Tier {
                topic: topic_index,
                tier: i,
            };
            let present = topic.tiers[i].is_some();
            let sections = docs
                .get(id)
                .map(|r| {
                    r.headings
                        .iter()
                        .filter(|h| h.level <= 3)
                        .map(|h| h.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            SwitcherOption {
                id: &t.id,
                label: &t.label,
                url: present.then(|| base.url(site.doc_path(id).as_str())),
                current: i == tier_index,
                sections,
            }
        })
        .collect();
    let neighbour = |i: usize, kind: &'static str| {
        let kind = site.config.strings.text(kind);
        let id = DocId::Tier {
            topic: topic_index,
            tier: i,
        };
        PagerLink {
            kind,
            title: &tiers[i].label,
            url: base.url(site.doc_path(id).as_str()),
        }
    };
    let prev = (0..tier_index)
        .rev()
        .find(|&i| topic.tiers[i].is_some())
        .map(|i| neighbour(i, "simpler"));
    let next = (tier_index + 1..tiers.len())
        .find(|&i| topic.tiers[i].is_some())
        .map(|i| neighbour(i, "deeper"));
    let (before, after) = shared.path_neighbours(topic_index, tier_index);
    let on_path = |t: usize, kind: &'static str| {
        let id = DocId::Tier {
            topic: t,
            tier: tier_index,
        };
        let doc = site.topics[t].tiers[tier_index].as_deref()?;
        Some(PagerLink {
            kind: site.config.strings.text(kind),
            title: site.title_of(id, doc),
            url: base.url(site.doc_path(id).as_str()),
        })
    };
    let tier = &tiers[tier_index];
    TierPageView {
        url: base.url(path.as_str()),
        title: site.title_of(
            DocId::Tier {
                topic: topic_index,
                tier: tier_index,
            },
            doc,
        ),
        summary: &doc.front.summary,
        updated: doc.front.updated.as_deref(),
        updated_text: doc
            .front
            .updated
            .as_deref()
            .and_then(|iso| site.config.strings.date(iso)),
        edit_url: site.config.edit_link(&doc.source),
        tier: TierView {
            id: &tier.id,
            label: &tier.label,
            summary: &tier.summary,
            url: base.url(site.tier_index_path(tier_index).as_str()),
        },
        topic: TopicRef {
            title: &topic.title,
            url: base.url(site.topic_path(topic_index).as_str()),
        },
        tags: tag_links(site, topic_index),
        content: safe_html(&rendered.html),
        toc: toc(rendered),
        stats: docs
            .get(DocId::Tier {
                topic: topic_index,
                tier: tier_index,
            })
            .map(|o| o.stats)
            .unwrap_or_default(),
        switcher,
        prev,
        next,
        path_prev: before.and_then(|t| on_path(t, "previous_topic")),
        path_next: after.and_then(|t| on_path(t, "next_topic")),
        path_name: &shared.path_names[tier_index],
        references: reference_views(site, shared, &rendered.citations, &topic.references),
        referenced_by: shared.backlinks(
            links,
            DocId::Tier {
                topic: topic_index,
                tier: tier_index,
            },
        ),
    }
}

/// Cited references first (in citation order, matching their numbers), then the rest
/// of `extra` (the topic's list).
fn reference_views<'a>(
    site: &'a Site,
    shared: &'a SharedViews,
    cited: &[usize],
    extra: &[String],
) -> Vec<ReferenceView<'a>> {
    let mut order: Vec<usize> = cited.to_vec();
    for id in extra {
        if let Some(&i) = site.references.by_id.get(id)
            && !order.contains(&i)
        {
            order.push(i);
        }
    }
    order
        .into_iter()
        .map(|i| {
            let r = &site.references.entries[i];
            ReferenceView {
                id: &r.id,
                html: shared.previews.get(i).map_or("", String::as_str),
                url: r.url.as_deref(),
            }
        })
        .collect()
}

/// What many pages show the same way, made once per build: each document's link
/// (title, with its tier where it has one, and URL) for the "Referenced by" lists, and
/// each reference's preview. Only front matter, the references and the configuration
/// decide it, and a change to any of them takes a full build, so `serve`'s partial
/// rebuilds keep it.
#[derive(Debug, Default)]
pub struct SharedViews {
    docs: rustc_hash::FxHashMap<DocId, LinkView>,
    previews: Vec<String>,
    /// Each tier's reading path: the topics written at that depth, in reading order.
    paths: Vec<Vec<usize>>,
    /// Each tier's reading path named in the site's words ("Reading path:
    /// Fundamentals"), for the pager that follows it on every tier page.
    path_names: Vec<String>,
}

impl SharedViews {
    pub fn new(site: &Site) -> Self {
        let docs = site
            .documents()
            .into_par_iter()
            .map(|(id, _)| (id, doc_link(site, id)))
            .collect();
        let previews = site.references.entries.iter().map(preview).collect();
        let paths = (0..site.config.tiers.len())
            .map(|tier| {
                (0..site.topics.len())
                    .filter(|&t| site.topics[t].tiers[tier].is_some())
                    .collect()
            })
            .collect();
        let strings = &site.config.strings;
        let path_names = (site.config.tiers.iter())
            .map(|tier| strings.labelled(strings.text("reading_path"), &tier.label))
            .collect();
        Self {
            docs,
            previews,
            paths,
            path_names,
        }
    }

    /// The topics before and after `topic` on `tier`'s reading path.
    fn path_neighbours(&self, topic: usize, tier: usize) -> (Option<usize>, Option<usize>) {
        let Some(path) = self.paths.get(tier) else {
            return (None, None);
        };
        match path.binary_search(&topic) {
            Ok(at) => (
                at.checked_sub(1).map(|i| path[i]),
                path.get(at + 1).copied(),
            ),
            Err(_) => (None, None),
        }
    }

    /// The pages linking to `id`, in document order.
    fn backlinks(&self, links: &LinkIndex, id: DocId) -> Vec<&LinkView> {
        links.backlinks.get(&id).map_or_else(Vec::new, |sources| {
            sources.iter().filter_map(|s| self.docs.get(s)).collect()
        })
    }
}

/// A link to a document, titled with its tier where it has one.
pub(super) fn doc_link(site: &Site, id: DocId) -> LinkView {
    let url = site.config.base_url.url(site.doc_path(id).as_str());
    let title = match id {
        DocId::Tier { topic, tier } => {
            let doc_title = site.document(id).map_or("", |d| d.front.title.as_str());
            let title = if doc_title.is_empty() {
                site.topics[topic].title.as_str()
            } else {
                doc_title
            };
            format!("{title} ({})", site.config.tiers[tier].label)
        }
        _ => site
            .document(id)
            .map(|d| d.front.title.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| site.config.title.clone()),
    };
    LinkView { title, url }
}

fn tier_cells<'a>(site: &'a Site, docs: &'a Outlines, topic: usize) -> Vec<TierCell<'a>> {
    site.config
        .tiers
        .iter()
        .enumerate()
        .map(|(i, tier)| {
            let id = DocId::Tier { topic, tier: i };
            let doc = site.topics[topic].tiers[i].as_ref();
            let stats = docs.get(id).map(|r| r.stats).unwrap_or_default();
            TierCell {
                id: &tier.id,
                label: &tier.label,
                title: doc.map_or("", |d| {
                    if d.front.title.is_empty() {
                        site.topics[topic].title.as_str()
                    } else {
                        d.front.title.as_str()
                    }
                }),
                summary: doc.map_or("", |d| d.front.summary.as_str()),
                url: doc.map(|_| site.config.base_url.url(site.doc_path(id).as_str())),
                words: stats.words,
                minutes: stats.minutes,
                grade: stats.grade,
            }
        })
        .collect()
}

fn topic_cards<'a>(site: &'a Site, docs: &'a Outlines) -> Vec<TopicCard<'a>> {
    (0..site.topics.len())
        .map(|t| topic_card(site, docs, t))
        .collect()
}

fn topic_card<'a>(site: &'a Site, docs: &'a Outlines, t: usize) -> TopicCard<'a> {
    let topic = &site.topics[t];
    TopicCard {
        title: &topic.title,
        summary: &topic.summary,
        url: site.config.base_url.url(site.topic_path(t).as_str()),
        tags: tag_links(site, t),
        tiers: tier_cells(site, docs, t),
    }
}

/// Topic `t`'s tags, each linking to its page.
fn tag_links(site: &Site, t: usize) -> Vec<TagLink<'_>> {
    site.topics[t]
        .tags
        .iter()
        .map(|tag| TagLink {
            label: &tag.label,
            url: site.config.base_url.url(site.tag_path(&tag.slug).as_str()),
        })
        .collect()
}

fn tags_view<'a>(site: &'a Site, path: &PagePath) -> TagsView<'a> {
    let base = &site.config.base_url;
    TagsView {
        url: base.url(path.as_str()),
        tags: site
            .tags
            .iter()
            .map(|tag| TagEntry {
                label: &tag.label,
                url: base.url(site.tag_path(&tag.slug).as_str()),
                description: &tag.description,
                count: tag.topics.len(),
            })
            .collect(),
    }
}

fn tag_view<'a>(site: &'a Site, docs: &'a Outlines, i: usize, path: &PagePath) -> TagView<'a> {
    let tag = &site.tags[i];
    TagView {
        url: site.config.base_url.url(path.as_str()),
        label: &tag.label,
        description: &tag.description,
        feed_url: super::feed::tag_has_feed(site, i).then(|| {
            site.config
                .base_url
                .url(&super::feed::tag_feed_path(site, i))
        }),
        topics: tag
            .topics
            .iter()
            .map(|&t| topic_card(site, docs, t))
            .collect(),
    }
}

fn tier_index_view<'a>(
    site: &'a Site,
    docs: &'a Outlines,
    tier: usize,
    path: &PagePath,
) -> TierIndexView<'a> {
    let base = &site.config.base_url;
    let t = &site.config.tiers[tier];
    let entries = site
        .topics
        .iter()
        .enumerate()
        .filter_map(|(i, topic)| {
            let doc = topic.tiers[tier].as_ref()?;
            let id = DocId::Tier { topic: i, tier };
            let stats = docs.get(id).map(|r| r.stats).unwrap_or_default();
            Some(PathEntry {
                title: if doc.front.title.is_empty() {
                    &topic.title
                } else {
                    &doc.front.title
                },
                topic: &topic.title,
                summary: if doc.front.summary.is_empty() {
                    &topic.summary
                } else {
                    &doc.front.summary
                },
                url: base.url(site.doc_path(id).as_str()),
                minutes: stats.minutes,
                grade: stats.grade,
            })
        })
        .collect();
    TierIndexView {
        url: base.url(path.as_str()),
        tier: TierView {
            id: &t.id,
            label: &t.label,
            summary: &t.summary,
            url: base.url(path.as_str()),
        },
        entries,
    }
}
