//! The typed, immutable site model that loading produces and every later stage reads.
//!
//! A [`Site`] holds the configuration, the topics with one optional [`Document`] per
//! tier, plain pages, the glossary, the references, the data tables and the files to
//! copy. Cross-references are ids and indexes, never pointers; nothing in here knows
//! about Markdown rendering or templates, and nothing is mutated after loading but
//! for one thing: a one-shot build takes the documents' text out before it renders
//! ([`Site::take_bodies`]), so that each page's text is freed once the page is written.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::config::{Config, Tier};
use crate::urls::PagePath;

mod body;
pub use body::Body;

/// Everything a build needs, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's root folder on disk.
    pub root: PathBuf,
    pub config: Config,
    /// `content/_index.md`, the home page's text.
    pub home: Option<Arc<Document>>,
    /// Topics in reading order (weight, then title).
    pub topics: Vec<Topic>,
    /// Every other Markdown file, in path order.
    pub pages: Vec<PlainPage>,
    pub glossary: Glossary,
    pub references: References,
    /// Data tables by name (`data/<name>.yaml`).
    pub tables: BTreeMap<String, Table>,
    /// Files copied as they are: `static/` and the co-located files of topics.
    pub assets: Vec<Asset>,
    /// Every tag the topics carry, in alphabetical order, each with its topics.
    pub tags: Vec<Tag>,
    /// The files of `static/` as a language other than a multilingual site's default
    /// sees them: loaded, measured and written once, by the default language, and
    /// handed to the others so their pages give those images a size too. Empty
    /// otherwise (they are in `assets`).
    pub shared_assets: Vec<Asset>,
    /// The site-relative path of the references file read (a language without its
    /// own cites the default language's).
    pub references_file: String,
    /// The pages of every language, when the site has several.
    pub translations: Option<Arc<crate::languages::Translations>>,
}

/// One Markdown source file: front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Path relative to the site root, `/`-separated: the file's name as diagnostics
    /// and the site's links show it.
    pub source: String,
    /// The file as it was read, relative to the site root (absolute when it lies
    /// outside): `source` may name no file, since it turns `\` into `/` and bytes that
    /// are not UTF-8 into `�`.
    pub path: PathBuf,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: Body,
    /// 1-based line of the file where `body` starts, for diagnostics.
    pub body_line: u32,
}

/// The keys a page's front matter may have.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    pub weight: i64,
    pub draft: bool,
    /// `YYYY-MM-DD`, checked at load time.
    pub updated: Option<String>,
    /// `false` turns automatic glossary linking off for this page.
    pub glossary: bool,
    /// Earlier URLs of this page, each written as a redirect to it.
    #[serde(skip)]
    pub aliases: Vec<Alias>,
}

/// An earlier URL of a page or topic (`aliases:`), where Strata writes a small page
/// that sends readers and search engines on to the page's current URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alias {
    /// As the author wrote it: `old-topic/`, `/notes/intro.html`.
    pub written: String,
    /// The URL path it stands for, relative to the base: `old-topic/` for a folder,
    /// `notes/intro.html` for a file.
    pub path: String,
    /// Where it is written: the site-relative file, the 1-based line and column of
    /// the value, and that line's text (for an error found after loading).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub line_text: String,
}

/// The URL folder of the tag pages.
pub const TAGS_FOLDER: &str = "tags";

/// A subject written at one or more tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The folder name, which is also the URL segment.
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub weight: i64,
    /// Reference ids listed by `_topic.yaml`.
    pub references: Vec<String>,
    /// Earlier URLs of the topic: each redirects to the topic page, and each of its
    /// tiers below it (`old/fundamentals/`) to that tier's page.
    pub aliases: Vec<Alias>,
    /// The tags of `_topic.yaml`, in the order written, without repeats.
    pub tags: Vec<TopicTag>,
    /// One slot per configured tier, in tier order; `None` where the tier is absent.
    pub tiers: Vec<Option<Arc<Document>>>,
}

impl Topic {
    /// The tiers this topic has, with their indexes.
    pub fn present_tiers(&self) -> impl Iterator<Item = (usize, &Document)> {
        self.tiers
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_deref().map(|d| (i, d)))
    }
}

/// A tag as a topic's `_topic.yaml` writes it, with where it is written (for the
/// error when another topic spells the same tag differently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTag {
    /// As written: `Type 2 diabetes`.
    pub label: String,
    /// Its URL segment under `tags/`: `type-2-diabetes`.
    pub slug: String,
    /// The site-relative file, the 1-based line and column of the value, and that
    /// line's text.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub line_text: String,
}

/// One tag of the site: its name, its URL segment, its description, and the topics
/// that carry it (by index into [`Site::topics`], in reading order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub label: String,
    pub slug: String,
    /// What the tag is about, from `content/tags.yaml` (plain text); empty without.
    pub description: String,
    pub topics: Vec<usize>,
}

/// A Markdown page outside the topic structure (`content/about.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlainPage {
    /// URL path relative to the base, without slashes at either end (`about`, `help/faq`).
    pub slug: String,
    pub doc: Arc<Document>,
}

/// One glossary entry; definitions are inline Markdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: String,
    pub aliases: Vec<String>,
    pub definition: String,
    /// Tier id → definition that replaces `definition` on that tier's pages.
    pub tiers: BTreeMap<String, String>,
    pub see_also: Vec<String>,
    /// `false` keeps the entry out of automatic linking.
    pub link: bool,
    /// 1-based line of the entry's `id` in glossary.yaml, for diagnostics.
    #[serde(skip)]
    pub line: u32,
    /// Where each definition's text starts in glossary.yaml (tier id, `None` for
    /// `definition`), for the errors of its links.
    #[serde(skip)]
    pub places: Vec<DefinitionPlace>,
}

/// Where a definition is written in glossary.yaml: its tier (`None` for `definition`),
/// the 1-based line and column of its text, the width of its first line, and the
/// byte range of the whole value as written (quotes and continuation lines included;
/// empty when unknown), where a diagnostic finds a link's URL to point at.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinitionPlace {
    pub tier: Option<String>,
    pub line: u32,
    pub column: u32,
    pub width: u32,
    pub written: std::ops::Range<usize>,
}

impl GlossaryEntry {
    /// The definition a reader of `tier` sees.
    pub fn definition_for(&self, tier: Option<&str>) -> &str {
        tier.and_then(|t| self.tiers.get(t))
            .map_or(self.definition.as_str(), String::as_str)
    }
}

/// The term registry, in file order, with an id index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Glossary {
    pub entries: Vec<GlossaryEntry>,
    pub by_id: HashMap<String, usize>,
}

impl Glossary {
    pub fn new(entries: Vec<GlossaryEntry>) -> Self {
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Self { entries, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&GlossaryEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Each entry's id with the names it goes by (its term and aliases), for "did you
    /// mean" (see [`crate::suggest::closest_id`]).
    pub fn named_ids(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.entries.iter().map(|e| {
            let names = std::iter::once(&e.term).chain(&e.aliases);
            (e.id.as_str(), names.map(String::as_str).collect())
        })
    }
}

/// One bibliography entry of `references.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub id: String,
    pub author: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// The bibliography, in file order, with an id index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct References {
    pub entries: Vec<Reference>,
    pub by_id: HashMap<String, usize>,
}

impl References {
    pub fn new(entries: Vec<Reference>) -> Self {
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Self { entries, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Reference> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }
}

/// A data table from `data/<name>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub name: String,
    pub title: String,
    pub caption: String,
    pub columns: Vec<Column>,
    /// Cells in column order; inline Markdown.
    pub rows: Vec<Vec<String>>,
    /// Path relative to the site root.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub key: String,
    pub label: String,
    /// Cells of a header column are row headers (`<th scope="row">`).
    pub header: bool,
}

/// A file copied verbatim into the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Path relative to the output directory, `/`-separated.
    pub output: String,
    /// Width and height in CSS pixels, for an image whose size could be read.
    pub size: Option<(u32, u32)>,
}

/// One redirect page: where it is written, the page it sends readers to, and the
/// alias that asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect<'a> {
    /// The output file, relative to the output folder: `old/index.html`.
    pub output: String,
    pub target: PagePath,
    /// The title of the page it leads to.
    pub title: &'a str,
    /// The tier of the page it leads to, for a tier page.
    pub tier: Option<&'a Tier>,
    pub alias: &'a Alias,
    /// Whether the alias stands for another page than this one's target, which it
    /// leads to as well: a tier page below a topic's alias (`old/fundamentals/` for
    /// the alias `old/`), or a topic's page of a tier with an alias.
    pub derived: bool,
}

impl<'a> Redirect<'a> {
    fn new(alias: &'a Alias, target: PagePath, title: &'a str, tier: Option<&'a Tier>) -> Self {
        Self {
            output: PagePath::file(&alias.path).output_file(),
            target,
            title,
            tier,
            alias,
            derived: false,
        }
    }

    /// This redirect, written at `output` for a page the alias leads to as well.
    fn derived(mut self, output: String) -> Self {
        self.output = output;
        self.derived = true;
        self
    }
}

/// Names one Markdown document of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    Home,
    Tier { topic: usize, tier: usize },
    Page(usize),
}

impl Site {
    /// Where this language's files go in the output folder: `fr/` for a language
    /// other than a multilingual site's default, else nothing.
    pub fn output_prefix(&self) -> &str {
        let (base, root) = (self.config.base_url.path(), self.config.root_url.path());
        base.strip_prefix(root).unwrap_or("")
    }

    /// The site-relative path of `name` in this language's content folder:
    /// `content/glossary.yaml`, `content/fr/glossary.yaml`.
    pub fn content_file(&self, name: &str) -> String {
        format!("{}/{name}", self.config.content_dir)
    }

    pub fn tiers(&self) -> &[Tier] {
        &self.config.tiers
    }

    /// The title a page shows as its heading: its own, else its topic's (tier pages)
    /// or the site's (home and plain pages).
    pub fn title_of<'a>(&'a self, id: DocId, doc: &'a Document) -> &'a str {
        if !doc.front.title.is_empty() {
            return &doc.front.title;
        }
        match id {
            DocId::Tier { topic, .. } => &self.topics[topic].title,
            DocId::Home | DocId::Page(_) => &self.config.title,
        }
    }

    /// Whether a file of `static/` takes the output path `output` (a generated file
    /// such as `robots.txt` or `404.html` then gives way to it).
    pub fn overridden(&self, output: &str) -> bool {
        self.assets.iter().any(|asset| asset.output == output)
    }

    /// The document `id` names.
    pub fn document(&self, id: DocId) -> Option<&Document> {
        match id {
            DocId::Home => self.home.as_deref(),
            DocId::Tier { topic, tier } => self.topics.get(topic)?.tiers.get(tier)?.as_deref(),
            DocId::Page(i) => self.pages.get(i).map(|p| &*p.doc),
        }
    }

    /// Takes every document's text out of the site, for a build that renders each
    /// page once and exits (see [`Body`]): the site keeps a mark that can read the
    /// text again from its file.
    pub fn take_bodies(&mut self) -> HashMap<DocId, Arc<str>> {
        use rayon::prelude::*;
        // Hashing the text is most of the work: the topics side by side.
        let release = |doc: &mut Arc<Document>| Arc::make_mut(doc).body.release();
        let mut bodies: HashMap<DocId, Arc<str>> = self
            .topics
            .par_iter_mut()
            .enumerate()
            .flat_map_iter(|(topic, t)| {
                t.tiers
                    .iter_mut()
                    .enumerate()
                    .filter_map(move |(tier, doc)| {
                        let text = release(doc.as_mut()?)?;
                        Some((DocId::Tier { topic, tier }, text))
                    })
            })
            .collect();
        bodies.extend(
            self.home
                .as_mut()
                .and_then(release)
                .map(|t| (DocId::Home, t)),
        );
        for (i, page) in self.pages.iter_mut().enumerate() {
            bodies.extend(release(&mut page.doc).map(|t| (DocId::Page(i), t)));
        }
        bodies
    }

    /// Every Markdown document, in a stable order.
    pub fn documents(&self) -> Vec<(DocId, &Document)> {
        let mut docs = Vec::new();
        if let Some(home) = self.home.as_deref() {
            docs.push((DocId::Home, home));
        }
        for (t, topic) in self.topics.iter().enumerate() {
            for (tier, doc) in topic.present_tiers() {
                docs.push((DocId::Tier { topic: t, tier }, doc));
            }
        }
        for (i, page) in self.pages.iter().enumerate() {
            docs.push((DocId::Page(i), &*page.doc));
        }
        docs
    }

    /// The page a document renders to.
    pub fn doc_path(&self, id: DocId) -> PagePath {
        match id {
            DocId::Home => PagePath::home(),
            DocId::Tier { topic, tier } => PagePath::from_segments([
                self.topics[topic].slug.as_str(),
                self.config.tiers[tier].id.as_str(),
            ]),
            DocId::Page(i) => PagePath::from_segments(self.pages[i].slug.split('/')),
        }
    }

    pub fn topic_path(&self, topic: usize) -> PagePath {
        PagePath::from_segments([self.topics[topic].slug.as_str()])
    }

    pub fn tier_index_path(&self, tier: usize) -> PagePath {
        PagePath::from_segments([self.config.tiers[tier].id.as_str()])
    }

    pub fn glossary_path(&self) -> PagePath {
        PagePath::from_segments(["glossary"])
    }

    /// The page listing every tag.
    pub fn tags_path(&self) -> PagePath {
        PagePath::from_segments([TAGS_FOLDER])
    }

    /// The page of tag `slug`, listing its topics.
    pub fn tag_path(&self, slug: &str) -> PagePath {
        PagePath::from_segments([TAGS_FOLDER, slug])
    }

    /// Every redirect page the site's aliases ask for, in a stable order: tiers',
    /// topics', then pages'.
    pub fn redirects(&self) -> Vec<Redirect<'_>> {
        let mut redirects = Vec::new();
        for (i, tier) in self.config.tiers.iter().enumerate() {
            for alias in &tier.aliases {
                redirects.push(Redirect::new(
                    alias,
                    self.tier_index_path(i),
                    &tier.label,
                    None,
                ));
                for (t, topic) in self.topics.iter().enumerate() {
                    let Some(doc) = topic.tiers[i].as_deref() else {
                        continue;
                    };
                    let id = DocId::Tier { topic: t, tier: i };
                    let page =
                        Redirect::new(alias, self.doc_path(id), self.title_of(id, doc), Some(tier));
                    redirects
                        .push(page.derived(format!("{}/{}index.html", topic.slug, alias.path)));
                }
            }
        }
        for (t, topic) in self.topics.iter().enumerate() {
            for alias in &topic.aliases {
                let to_topic = Redirect::new(alias, self.topic_path(t), &topic.title, None);
                redirects.push(to_topic);
                if !alias.path.ends_with('/') {
                    continue;
                }
                // Below the old folder, each tier under its id and under its own
                // earlier ids: the topic and the tier may both have moved.
                for (tier, doc) in topic.present_tiers() {
                    let id = DocId::Tier { topic: t, tier };
                    let tier = &self.config.tiers[tier];
                    let names = std::iter::once(format!("{}/", tier.id))
                        .chain(tier.aliases.iter().map(|a| a.path.clone()));
                    for name in names {
                        let page = Redirect::new(
                            alias,
                            self.doc_path(id),
                            self.title_of(id, doc),
                            Some(tier),
                        );
                        redirects.push(page.derived(format!("{}{name}index.html", alias.path)));
                    }
                }
            }
        }
        for (id, doc) in self.documents() {
            for alias in &doc.front.aliases {
                let (title, tier) = (self.title_of(id, doc), self.doc_tier(id));
                redirects.push(Redirect::new(alias, self.doc_path(id), title, tier));
            }
        }
        redirects
    }

    /// The tier a document is written at, if any.
    pub fn doc_tier(&self, id: DocId) -> Option<&Tier> {
        match id {
            DocId::Tier { tier, .. } => self.config.tiers.get(tier),
            _ => None,
        }
    }

    /// The document whose source file is `source` (relative, `/`-separated).
    pub fn doc_by_source(&self, source: &str) -> Option<DocId> {
        if self.home.as_ref().is_some_and(|h| h.source == source) {
            return Some(DocId::Home);
        }
        for (t, topic) in self.topics.iter().enumerate() {
            for (tier, doc) in topic.present_tiers() {
                if doc.source == source {
                    return Some(DocId::Tier { topic: t, tier });
                }
            }
        }
        self.pages
            .iter()
            .position(|p| p.doc.source == source)
            .map(DocId::Page)
    }
}
