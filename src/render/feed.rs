//! `atom.xml`: the site's tier pages as an Atom feed, newest first by `updated`; and
//! `tags/<tag>/atom.xml`, the same for the topics of one tag.
//!
//! Only pages with an `updated` date are in the feed (a feed entry needs one), at most
//! [`MAX_ENTRIES`]. The feed's own date is the newest entry's, so the same input always
//! gives the same bytes. Atom ids and links must be absolute URLs, so a site whose
//! `base_url` names no host has no feed, and neither has a site with no dated page.

use crate::markdown::html::escape;
use crate::model::{DocId, Site};

pub const MAX_ENTRIES: usize = 50;

/// What a feed covers: the whole site, or one tag's topics.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Site,
    Tag(usize),
}

impl Scope {
    fn topics(self, site: &Site) -> Box<dyn Iterator<Item = usize> + '_> {
        match self {
            Scope::Site => Box::new(0..site.topics.len()),
            Scope::Tag(i) => Box::new(site.tags[i].topics.iter().copied()),
        }
    }

    /// The feed's path and the page it stands for, relative to the base URL.
    fn paths(self, site: &Site) -> (String, String) {
        match self {
            Scope::Site => ("atom.xml".into(), String::new()),
            Scope::Tag(i) => {
                let page = site.tag_path(&site.tags[i].slug).as_str().to_string();
                (format!("{page}atom.xml"), page)
            }
        }
    }
}

/// Whether the site gets a feed: its base URL is absolute and a tier page is dated.
pub fn has_feed(site: &Site) -> bool {
    has(site, Scope::Site)
}

/// Whether tag `i` (of `Site::tags`) gets a feed: as [`has_feed`], for its topics.
pub fn tag_has_feed(site: &Site, i: usize) -> bool {
    has(site, Scope::Tag(i))
}

fn has(site: &Site, scope: Scope) -> bool {
    !site.config.base_url.origin().is_empty()
        && scope.topics(site).any(|t| {
            site.topics[t]
                .present_tiers()
                .any(|(_, doc)| doc.front.updated.is_some())
        })
}

/// The feed, when the site has one (see [`has_feed`]).
pub fn atom(site: &Site) -> Option<String> {
    has_feed(site).then(|| feed_xml(site, Scope::Site))
}

/// The feed of tag `i`, when it has one (see [`tag_has_feed`]).
pub fn tag_atom(site: &Site, i: usize) -> Option<String> {
    tag_has_feed(site, i).then(|| feed_xml(site, Scope::Tag(i)))
}

/// The title of tag `i`'s feed: the tag's name, then the site's.
pub fn tag_feed_title(site: &Site, i: usize) -> String {
    format!("{} · {}", site.tags[i].label, site.config.title)
}

/// The path of tag `i`'s feed, relative to the base URL.
pub fn tag_feed_path(site: &Site, i: usize) -> String {
    Scope::Tag(i).paths(site).0
}

fn feed_xml(site: &Site, scope: Scope) -> String {
    let base = &site.config.base_url;
    let mut entries: Vec<(&str, DocId, String)> = Vec::new();
    for t in scope.topics(site) {
        let topic = &site.topics[t];
        for (tier, doc) in topic.present_tiers() {
            if let Some(updated) = doc.front.updated.as_deref() {
                let id = DocId::Tier { topic: t, tier };
                let title = site.title_of(id, doc);
                entries.push((
                    updated,
                    id,
                    format!("{title} ({})", site.config.tiers[tier].label),
                ));
            }
        }
    }
    entries.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.2.cmp(&b.2)));
    entries.truncate(MAX_ENTRIES);
    let updated = entries.first().map_or("", |e| e.0);
    // The feed's language, so a reader shows it in the right words and direction.
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&site.config.language)
    );
    let title = match scope {
        Scope::Site => site.config.title.clone(),
        Scope::Tag(i) => tag_feed_title(site, i),
    };
    xml.push_str(&format!("  <title>{}</title>\n", escape(&title)));
    if !site.config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&site.config.description)
        ));
    }
    let (feed, page) = scope.paths(site);
    xml.push_str(&format!("  <id>{}</id>\n", escape(&base.absolute(&page))));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&base.absolute(&page))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&base.absolute(&feed))
    ));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    if let Some(author) = &site.config.author {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(author)
        ));
    } else {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&site.config.title)
        ));
    }
    for (date, id, title) in entries {
        let url = base.absolute(site.doc_path(id).as_str());
        let summary = site.document(id).map_or("", |d| d.front.summary.as_str());
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&url)
        ));
        xml.push_str(&format!("    <updated>{date}T00:00:00Z</updated>\n"));
        if !summary.is_empty() {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(summary)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
