//! Links written in glossary definitions: resolved once per build, as a page's links
//! are but from `content/` (where glossary.yaml is), with `glossary:id` and `#id`
//! leading into the glossary page. The build reports what leads nowhere at the
//! definition; the glossary page writes the resolved links; tooltips keep the text.

use super::events::CITE_PREFIX;
use super::html::is_safe_url;
use super::links::{GLOSSARY_PREFIX, LinkTargets, Named, name_path, split_url};
use crate::model::Site;

#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    pub message: String,
    pub hint: String,
}

/// Where a link in a glossary definition leads, resolved as a page's link is (a
/// relative path from `content/`, where glossary.yaml is; `glossary:id` to the entry on
/// the glossary page; `#id` on the glossary page itself): the URL under the base path,
/// `None` when its target failed to load (reported where it is), or why it leads
/// nowhere. A `#fragment` of another page is not checked here: `strata check` checks
/// the glossary page's links.
pub fn definition_href(
    site: &Site,
    targets: &LinkTargets,
    url: &str,
) -> Result<Option<String>, Unresolved> {
    if let Some(id) = url.strip_prefix(GLOSSARY_PREFIX) {
        return glossary_link(site, targets, id, url);
    }
    if url.starts_with(CITE_PREFIX) {
        return Ok(None);
    }
    if !is_safe_url(url) {
        return unresolved(
            format!("link to `{url}` is not allowed"),
            "only http(s), mailto, tel and site links may be used".into(),
        );
    }
    if url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("//")
    {
        return Ok(Some(url.to_string()));
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return glossary_anchor(site, targets, anchor, url);
    }
    if let Some(site_path) = url.strip_prefix('/') {
        return Ok(Some(site.config.base_url.url(site_path)));
    }
    content_link(site, targets, url)
}

fn unresolved<T>(message: String, hint: String) -> Result<T, Unresolved> {
    Err(Unresolved { message, hint })
}

/// `glossary:id` in a definition: the entry on the glossary page.
fn glossary_link(
    site: &Site,
    targets: &LinkTargets,
    id: &str,
    url: &str,
) -> Result<Option<String>, Unresolved> {
    let glossary = &site.glossary;
    let glossary_url = site.config.base_url.url(site.glossary_path().as_str());
    if glossary.get(id).is_some() {
        return Ok(Some(format!("{glossary_url}#{id}")));
    }
    if targets.failed_to_load(&targets.glossary_file()) {
        return Ok(None);
    }
    let base = id.split('#').next().unwrap_or("");
    if glossary.get(base).is_some() {
        return unresolved(
            format!("glossary links take no `#fragment`: `{url}`"),
            format!("write `glossary:{base}`"),
        );
    }
    let hint = match crate::suggest::closest_id(id, glossary.named_ids()) {
        Some(near) => format!("did you mean `glossary:{near}`?"),
        None => format!("link to the id of an entry of {}", targets.glossary_file()),
    };
    unresolved(format!("unknown glossary id `{id}`"), hint)
}

/// `#id` in a definition: an id of the glossary page itself.
fn glossary_anchor(
    site: &Site,
    targets: &LinkTargets,
    anchor: &str,
    url: &str,
) -> Result<Option<String>, Unresolved> {
    let glossary = &site.glossary;
    let known = glossary.get(anchor).is_some()
        || crate::urls::LAYOUT_IDS.contains(&anchor)
        || targets.layout_ids.contains(anchor)
        || anchor.starts_with("letter-");
    if known {
        return Ok(Some(url.to_string()));
    }
    let hint = match crate::suggest::closest_id(anchor, glossary.named_ids()) {
        Some(near) => format!("did you mean `glossary:{near}`?"),
        None => "link to an entry with `glossary:id`, or to a page with `@/topic/tier.md`".into(),
    };
    unresolved(format!("`#{anchor}` is not an entry of the glossary"), hint)
}

/// A path in a definition, relative to `content/` or `@/…`: a page, a topic or a
/// file of `content/`.
fn content_link(
    site: &Site,
    targets: &LinkTargets,
    url: &str,
) -> Result<Option<String>, Unresolved> {
    let base = &site.config.base_url;
    let (path, query, fragment) = split_url(url);
    let suffix = format!(
        "{query}{}",
        fragment.map(|f| format!("#{f}")).unwrap_or_default()
    );
    let target = match name_path(path, &targets.glossary_file(), targets) {
        Named::Outside => {
            return unresolved(
                format!("link `{url}` leads outside the content folder"),
                "link to pages with `@/topic/tier.md` or to files in `content/`".into(),
            );
        }
        Named::Doc(doc) => {
            return Ok(Some(format!(
                "{}{suffix}",
                base.url(site.doc_path(doc).as_str())
            )));
        }
        Named::Topic(topic) => {
            return Ok(Some(format!(
                "{}{suffix}",
                base.url(site.topic_path(topic).as_str())
            )));
        }
        Named::Failed => return Ok(None),
        Named::Other(target) => target,
    };
    let asset = targets.in_content(&target).unwrap_or(&target);
    if targets.assets.contains(asset) {
        return Ok(Some(format!("{}{suffix}", base.url(asset))));
    }
    let file_name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if target.ends_with(".md") || path.ends_with('/') || !file_name.contains('.') {
        // A page or a topic: suggest the nearest of them, as `@/…`.
        let topics: Vec<String> = targets
            .topics
            .keys()
            .map(|t| format!("{}/{t}/", targets.content_dir))
            .collect();
        let wanted = if target.ends_with(".md") {
            target.clone()
        } else {
            format!("{}/", target.trim_end_matches('/'))
        };
        let candidates =
            (targets.documents.keys().map(String::as_str)).chain(topics.iter().map(String::as_str));
        let hint = match crate::suggest::closest_path(&wanted, candidates) {
            Some(near) => format!("did you mean `@/{}`?", targets.in_content(near).unwrap_or(near)),
            None => "link to an existing page with `@/topic/tier.md`, or to a topic with `@/topic/`; drafts are only built with --drafts".into(),
        };
        return unresolved(format!("link to missing page `{path}`"), hint);
    }
    unresolved(
        format!("link to missing file `{path}`"),
        "put the file in `content/` and link to it with `@/path/to/file`, or in `static/` and link to it with `/name`".into(),
    )
}
