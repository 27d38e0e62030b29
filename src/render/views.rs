//! The typed views templates see: small borrowed `Serialize` structs, one per kind of
//! page, so a template gets exactly what its page needs and never the whole site.
//!
//! The template context is documented in `docs/templates.md`; a field renamed here must
//! be renamed there.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::{Heading, ReadingStats};

/// Site-wide values, set once per build as the global `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub author: Option<&'a str>,
    pub language: &'a str,
    /// Whether pages show their Flesch–Kincaid reading grade: only for English
    /// (`language` `en` or `en-…`), the language its formula was made for.
    pub reading_grade: bool,
    /// The theme script's texts that differ from its built-in English, as a JSON
    /// object for a `<script type="application/json" id="strata-strings">`; empty for
    /// an English site that keeps them.
    pub script_strings: String,
    /// `rtl` when the site's language is written right to left, else `ltr`; the
    /// default theme writes `dir="rtl"` on `<html>` only then.
    pub direction: &'static str,
    pub base_path: &'a str,
    /// The base path of the files every language shares (`static/`): `base_path`,
    /// but for a language other than a multilingual site's default.
    pub root_path: &'a str,
    pub home_url: String,
    pub glossary_url: String,
    /// `None` when the site has no feed (see [`super::feed::has_feed`]).
    pub feed_url: Option<String>,
    /// Folder of the search index (`…/search/`).
    pub search_url: String,
    /// The page listing every tag; `None` when no topic has a tag.
    pub tags_url: Option<String>,
    pub tiers: Vec<TierView<'a>>,
    /// Plain pages, for the header navigation.
    pub nav: Vec<LinkView>,
    pub assets: AssetUrls,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub summary: &'a str,
    /// The tier's reading-path page.
    pub url: String,
}

/// The theme's assets. `css`, `js` and their integrity values are the default theme's
/// `strata.css` and `strata.js`, absent (so a template that uses them fails with an
/// error at its line) when the theme has no file of that name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetUrls {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub css_integrity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub js: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub js_integrity: Option<String>,
    /// Empty when no page has highlighted code.
    pub highlight: String,
    pub highlight_integrity: String,
    /// Every file of the theme's `static/`, by its path there (`main.css`,
    /// `icons/logo.svg`).
    pub files: BTreeMap<String, AssetFile>,
}

/// One file of the theme's `static/`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetFile {
    pub url: String,
    /// The Subresource Integrity value of a CSS or JS file; empty for other files,
    /// which keep their names.
    pub integrity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A neighbouring page in a pager.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink<'a> {
    /// What kind of neighbour ("Simpler:", "Deeper:", in the site's language).
    pub kind: &'a str,
    pub title: &'a str,
    pub url: String,
}

/// One option of the tier switcher.
#[derive(Debug, Clone, Serialize)]
pub struct SwitcherOption<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// `None` when the topic lacks this tier.
    pub url: Option<String>,
    pub current: bool,
    /// Space-separated section ids of that tier's page, for landing on the same section.
    pub sections: String,
}

/// One entry of a page's reference list.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView<'a> {
    pub id: &'a str,
    /// Author, title, publisher and date as HTML.
    pub html: &'a str,
    pub url: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicRef<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A tag as a page shows it: its name and its page.
#[derive(Debug, Serialize)]
pub struct TagLink<'a> {
    pub label: &'a str,
    pub url: String,
}

/// A tier page.
#[derive(Debug, Serialize)]
pub struct TierPageView<'a> {
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub updated: Option<&'a str>,
    /// `updated` in the site's words ("1 March 2026").
    pub updated_text: Option<String>,
    /// Where the page's Markdown can be edited (`edit_url` of site.yaml).
    pub edit_url: Option<String>,
    pub tier: TierView<'a>,
    pub topic: TopicRef<'a>,
    /// The topic's tags.
    pub tags: Vec<TagLink<'a>>,
    /// The body's HTML, already marked safe for Tera (see [`safe_html`]).
    pub content: tera::Value,
    pub toc: Vec<&'a Heading>,
    pub stats: ReadingStats,
    pub switcher: Vec<SwitcherOption<'a>>,
    pub prev: Option<PagerLink<'a>>,
    pub next: Option<PagerLink<'a>>,
    /// The topics before and after this one on the tier's reading path (the nearest
    /// ones written at this depth), with `kind` "Previous topic:" / "Next topic:".
    pub path_prev: Option<PagerLink<'a>>,
    pub path_next: Option<PagerLink<'a>>,
    /// The reading path's name in the site's words ("Reading path: Fundamentals").
    pub path_name: &'a str,
    pub references: Vec<ReferenceView<'a>>,
    pub referenced_by: Vec<&'a LinkView>,
}

/// A plain page or the home page's text.
#[derive(Debug, Serialize)]
pub struct PlainPageView<'a> {
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub updated: Option<&'a str>,
    /// `updated` in the site's words ("1 March 2026").
    pub updated_text: Option<String>,
    /// Where the page's Markdown can be edited (`edit_url` of site.yaml).
    pub edit_url: Option<String>,
    /// The body's HTML, already marked safe for Tera (see [`safe_html`]).
    pub content: tera::Value,
    pub toc: Vec<&'a Heading>,
    pub stats: ReadingStats,
    pub references: Vec<ReferenceView<'a>>,
    pub referenced_by: Vec<&'a LinkView>,
}

/// One tier of a topic, as a cell of the home matrix or an entry of the topic page.
#[derive(Debug, Clone, Serialize)]
pub struct TierCell<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: Option<String>,
    pub words: usize,
    pub minutes: usize,
    pub grade: f64,
}

/// A topic as listed on the home page.
#[derive(Debug, Serialize)]
pub struct TopicCard<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub tags: Vec<TagLink<'a>>,
    pub tiers: Vec<TierCell<'a>>,
}

/// A topic page.
#[derive(Debug, Serialize)]
pub struct TopicPageView<'a> {
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub tags: Vec<TagLink<'a>>,
    pub tiers: Vec<TierCell<'a>>,
    pub references: Vec<ReferenceView<'a>>,
}

/// The page listing every tag.
#[derive(Debug, Serialize)]
pub struct TagsView<'a> {
    pub url: String,
    pub tags: Vec<TagEntry<'a>>,
}

/// A tag on the tags page: its name, its page and how many topics carry it.
#[derive(Debug, Serialize)]
pub struct TagEntry<'a> {
    pub label: &'a str,
    pub url: String,
    /// From `content/tags.yaml`, plain text; empty without.
    pub description: &'a str,
    pub count: usize,
}

/// The page of one tag: the topics that carry it, in reading order.
#[derive(Debug, Serialize)]
pub struct TagView<'a> {
    pub url: String,
    pub label: &'a str,
    /// From `content/tags.yaml`, plain text; empty without.
    pub description: &'a str,
    /// The tag's Atom feed: its topics' dated tier pages; empty without one.
    pub feed_url: Option<String>,
    pub topics: Vec<TopicCard<'a>>,
}

/// A tier's reading path.
#[derive(Debug, Serialize)]
pub struct TierIndexView<'a> {
    pub url: String,
    pub tier: TierView<'a>,
    pub entries: Vec<PathEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PathEntry<'a> {
    pub title: &'a str,
    pub topic: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub minutes: usize,
    pub grade: f64,
}

/// The glossary page.
#[derive(Debug, Serialize)]
pub struct GlossaryView {
    pub url: String,
    pub letters: Vec<String>,
    /// Each a [`GlossaryEntryView`], already turned into a template value (in
    /// parallel: this page waits for every other, so nothing else runs beside it).
    pub entries: Vec<tera::Value>,
}

#[derive(Debug, Serialize)]
pub struct GlossaryEntryView<'a> {
    pub id: &'a str,
    pub term: &'a str,
    pub aliases: &'a [String],
    pub letter: String,
    pub letter_start: bool,
    pub definition: String,
    pub tier_definitions: Vec<TierDefinition<'a>>,
    pub see_also: Vec<SeeAlso<'a>>,
    pub used_in: Vec<UsageGroup<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TierDefinition<'a> {
    pub label: &'a str,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct SeeAlso<'a> {
    pub id: &'a str,
    pub term: &'a str,
}

/// Uses of a term at one tier (or on untiered pages), capped.
#[derive(Debug, Serialize)]
pub struct UsageGroup<'a> {
    pub label: &'a str,
    pub uses: Vec<LinkView>,
    /// How many uses beyond the cap were left out.
    pub more: usize,
}

/// `html` as a Tera value marked safe: templates print it as it is, with or without
/// `| safe`. The context then holds the page's body once; as a plain string it was
/// copied once into the context and twice more by the `safe` filter.
pub fn safe_html(html: &str) -> tera::Value {
    tera::Value::safe_string(html)
}
