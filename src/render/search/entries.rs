//! What the index holds: one entry per topic (found by its title, summary and tags),
//! page, section (headings down to level 3) and glossary term, numbered in a fixed
//! order, each with its display record and the texts it is found by. Any entry can be
//! made again from its number.

use std::borrow::Cow;

use crate::markdown::{Heading, Outline, inline_text};
use crate::model::{DocId, Document, Site};
use crate::render::Outlines;

/// One searchable thing, borrowed from the site where it can be.
#[derive(Debug, Clone)]
pub(super) struct Entry<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) tier: i32,
    pub(super) kind: &'static str,
    /// The page a section belongs to, or a term's definition.
    pub(super) context: Cow<'a, str>,
}

impl Entry<'_> {
    /// Its display record `[title, url, tier, kind, context]` as JSON, the context
    /// cut to 160 characters.
    pub(super) fn record(&self) -> String {
        let context = truncate(&self.context, 160);
        let record = (self.title, &self.url, self.tier, self.kind, &*context);
        // Serializing strings and integers cannot fail.
        serde_json::to_string(&record).unwrap_or_default()
    }
}

/// The entries of a site, numbered in a fixed order: topics, then each document's
/// page and its sections, then glossary terms. Any of them can be made again from its
/// number alone, so the builder holds no display record until the end.
pub(super) struct SiteEntries<'a> {
    site: &'a Site,
    /// The documents that have an outline, with it and the number of their page's
    /// entry (their sections' follow).
    documents: Vec<(DocId, &'a Document, &'a Outline, u32)>,
    /// The number of the first glossary term.
    terms: u32,
    glossary_url: String,
}

impl<'a> SiteEntries<'a> {
    pub(super) fn new(site: &'a Site, docs: &'a Outlines) -> Self {
        let mut next = site.topics.len() as u32;
        let documents = site
            .documents()
            .into_iter()
            .filter_map(|(id, doc)| {
                let outline = docs.get(id)?;
                let first = next;
                next += 1 + sections(outline).count() as u32;
                Some((id, doc, outline, first))
            })
            .collect();
        SiteEntries {
            site,
            documents,
            terms: next,
            glossary_url: site.config.base_url.url(site.glossary_path().as_str()),
        }
    }

    /// How many entries there are.
    pub(super) fn len(&self) -> usize {
        self.terms as usize + self.site.glossary.entries.len()
    }

    /// Calls `add` with every entry in order, the texts it is found by with their
    /// weights, and whether it starts a page (or stands alone).
    pub(super) fn each(&self, mut add: impl FnMut(&Entry, &[(&str, u32)], bool)) {
        let mut weighted: Vec<(&str, u32)> = Vec::new();
        for (t, topic) in self.site.topics.iter().enumerate() {
            weighted.clear();
            weighted.extend([(topic.title.as_str(), 3), (topic.summary.as_str(), 1)]);
            // A topic is found by its tags as by its summary.
            weighted.extend(topic.tags.iter().map(|tag| (tag.label.as_str(), 1)));
            add(&self.topic(t), &weighted, true);
        }
        for (d, &(_, doc, outline, _)) in self.documents.iter().enumerate() {
            let page = self.page(d);
            add(&page, &[(page.title, 3), (&doc.front.summary, 1)], true);
            for heading in sections(outline) {
                add(&section(heading, &page), &[(&heading.text, 2)], false);
            }
        }
        for (i, term) in self.site.glossary.entries.iter().enumerate() {
            let names: Vec<(&str, u32)> = std::iter::once(&term.term)
                .chain(&term.aliases)
                .map(|n| (n.as_str(), 4))
                .collect();
            add(&self.term(i), &names, true);
        }
    }

    /// The entry numbered `row`, made again.
    pub(super) fn entry(&self, row: u32) -> Entry<'a> {
        if row < self.site.topics.len() as u32 {
            return self.topic(row as usize);
        }
        if row >= self.terms {
            return self.term((row - self.terms) as usize);
        }
        let d = self
            .documents
            .partition_point(|&(.., first)| first <= row)
            .saturating_sub(1);
        let (_, _, outline, first) = self.documents[d];
        let page = self.page(d);
        match (row - first).checked_sub(1) {
            Some(n) => match sections(outline).nth(n as usize) {
                Some(heading) => section(heading, &page),
                None => page,
            },
            None => page,
        }
    }

    fn topic(&self, t: usize) -> Entry<'a> {
        let topic = &self.site.topics[t];
        Entry {
            title: &topic.title,
            url: self
                .site
                .config
                .base_url
                .url(self.site.topic_path(t).as_str()),
            tier: -1,
            kind: "topic",
            context: Cow::Borrowed(&topic.summary),
        }
    }

    /// The entry of the page of the `d`th document.
    fn page(&self, d: usize) -> Entry<'a> {
        let site = self.site;
        let (id, doc, ..) = self.documents[d];
        let title = match id {
            DocId::Tier { topic, .. } if doc.front.title.is_empty() => &site.topics[topic].title,
            DocId::Home if doc.front.title.is_empty() => &site.config.title,
            _ => &doc.front.title,
        };
        Entry {
            title,
            url: site.config.base_url.url(site.doc_path(id).as_str()),
            tier: match id {
                DocId::Tier { tier, .. } => tier as i32,
                _ => -1,
            },
            kind: "page",
            context: Cow::Borrowed(&doc.front.summary),
        }
    }

    fn term(&self, i: usize) -> Entry<'a> {
        let term = &self.site.glossary.entries[i];
        Entry {
            title: &term.term,
            url: format!("{}#{}", self.glossary_url, term.id),
            tier: -1,
            kind: "term",
            context: Cow::Owned(inline_text(&term.definition)),
        }
    }
}

/// The headings of a document that are entries of their own.
pub(super) fn sections(outline: &Outline) -> impl Iterator<Item = &Heading> {
    outline.headings.iter().filter(|h| h.level <= 3)
}

/// The entry of a section of `page`.
pub(super) fn section<'a>(heading: &'a Heading, page: &Entry<'a>) -> Entry<'a> {
    Entry {
        title: &heading.text,
        url: format!("{}#{}", page.url, heading.id),
        tier: page.tier,
        kind: "section",
        context: Cow::Borrowed(page.title),
    }
}

fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().nth(max).is_none() {
        return Cow::Borrowed(text);
    }
    let cut: String = text.chars().take(max).collect();
    Cow::Owned(format!(
        "{}…",
        cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a)
    ))
}
