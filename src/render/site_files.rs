//! Files that are not pages: copied assets, `sitemap.xml`, `robots.txt`, `atom.xml`,
//! the redirect pages of aliases and `.nojekyll` (which stops GitHub Pages from hiding
//! `_`-prefixed files).
//!
//! Sitemaps and feeds must give absolute URLs, so they are written only when
//! `base_url` names a host; `robots.txt` only counts at a host's root, so it is written
//! only for a site served there. A file of `static/` with one of these names replaces
//! the generated one.

use crate::markdown::html::escape;
use crate::model::Site;

use super::{FileContent, OutputFile};

pub fn site_files(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for asset in &site.assets {
        files.push(OutputFile {
            path: asset.output.clone(),
            content: FileContent::Copy(asset.source.clone()),
        });
    }
    let base = &site.config.base_url;
    let absolute = !base.origin().is_empty();
    if absolute && !site.overridden("sitemap.xml") {
        files.push(OutputFile::bytes("sitemap.xml", sitemap(site)));
    }
    if base.path() == "/" && !site.overridden("robots.txt") {
        let mut robots = String::from("User-agent: *\nAllow: /\n");
        if absolute {
            match &site.translations {
                Some(languages) => {
                    for (_, base) in languages.bases() {
                        robots.push_str(&format!("Sitemap: {}\n", base.absolute("sitemap.xml")));
                    }
                }
                None => robots.push_str(&format!("Sitemap: {}\n", base.absolute("sitemap.xml"))),
            }
        }
        files.push(OutputFile::bytes("robots.txt", robots));
    }
    if let Some(feed) = super::feed::atom(site).filter(|_| !site.overridden("atom.xml")) {
        files.push(OutputFile::bytes("atom.xml", feed));
    }
    for i in 0..site.tags.len() {
        let path = super::feed::tag_feed_path(site, i);
        if let Some(feed) = super::feed::tag_atom(site, i).filter(|_| !site.overridden(&path)) {
            files.push(OutputFile::bytes(path, feed));
        }
    }
    files.extend(super::redirects::redirect_files(site));
    files.push(OutputFile::bytes(".nojekyll", ""));
    files
}

/// Every public page, in a stable order, with `lastmod` where the page has `updated`.
fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut entries: Vec<(String, Option<&str>)> = vec![(String::new(), None)];
    for (t, topic) in site.topics.iter().enumerate() {
        entries.push((site.topic_path(t).as_str().to_string(), None));
        for (tier, doc) in topic.present_tiers() {
            let id = crate::model::DocId::Tier { topic: t, tier };
            entries.push((
                site.doc_path(id).as_str().to_string(),
                doc.front.updated.as_deref(),
            ));
        }
    }
    for i in 0..site.config.tiers.len() {
        entries.push((site.tier_index_path(i).as_str().to_string(), None));
    }
    entries.push((site.glossary_path().as_str().to_string(), None));
    if !site.tags.is_empty() {
        entries.push((site.tags_path().as_str().to_string(), None));
        for tag in &site.tags {
            entries.push((site.tag_path(&tag.slug).as_str().to_string(), None));
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        entries.push((
            site.doc_path(crate::model::DocId::Page(i))
                .as_str()
                .to_string(),
            page.doc.front.updated.as_deref(),
        ));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, updated) in entries {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&base.absolute(&crate::urls::encode_path(&path)))
        ));
        if let Some(date) = updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(date)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
