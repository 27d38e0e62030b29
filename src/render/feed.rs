//! `atom.xml`: the site's tier pages as an Atom feed, newest first by `updated`.
//!
//! Only pages with an `updated` date are in the feed (a feed entry needs one), at most
//! [`MAX_ENTRIES`]. The feed's own date is the newest entry's, so the same input always
//! gives the same bytes. Atom ids and links must be absolute URLs, so a site whose
//! `base_url` names no host has no feed, and neither has a site with no dated page.

use crate::markdown::html::escape;
use crate::model::{DocId, Site};

pub const MAX_ENTRIES: usize = 50;

/// Whether the site gets a feed: its base URL is absolute and a tier page is dated.
pub fn has_feed(site: &Site) -> bool {
    !site.config.base_url.origin().is_empty()
        && site.topics.iter().any(|topic| {
            topic
                .present_tiers()
                .any(|(_, doc)| doc.front.updated.is_some())
        })
}

/// The feed, when the site has one (see [`has_feed`]).
pub fn atom(site: &Site) -> Option<String> {
    has_feed(site).then(|| feed_xml(site))
}

fn feed_xml(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut entries: Vec<(&str, DocId, String)> = Vec::new();
    for (t, topic) in site.topics.iter().enumerate() {
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
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape(&site.config.title)
    ));
    if !site.config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&site.config.description)
        ));
    }
    xml.push_str(&format!("  <id>{}</id>\n", escape(&base.absolute(""))));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&base.absolute(""))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&base.absolute("atom.xml"))
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
