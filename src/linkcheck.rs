//! Checks the generated site as a reader meets it: every internal `href` and `src` in
//! every page — written by Markdown or by a template — must lead to a generated file,
//! and a `#fragment` to an id on that page. External links are collected, never
//! fetched.
//!
//! It scans attributes rather than parsing full HTML: generated pages escape `"` in
//! text, so ` href="…"` only occurs inside tags.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{FileContent, OutputFile};
use crate::urls::BaseUrl;

/// What the link check found.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub checked: usize,
    pub external: BTreeSet<String>,
    pub diagnostics: Diagnostics,
}

/// Values of attribute `name` (`href`, `src`, `id`) in `html`.
pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let start = i + needle.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push(&rest[start..start + len]);
        rest = &rest[start + len..];
    }
    out
}

/// Checks every page of `files` built for `base`.
pub fn check(files: &[OutputFile], base: &BaseUrl) -> LinkReport {
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.content {
            FileContent::Bytes(b) => std::str::from_utf8(b).ok().map(|t| (f.path.as_str(), t)),
            FileContent::Copy(_) => None,
        })
        .collect();
    let ids: HashMap<&str, HashSet<&str>> = pages
        .par_iter()
        .map(|(p, html)| (*p, attribute_values(html, "id").into_iter().collect()))
        .collect();
    let all: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let results: Vec<(usize, Vec<String>, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|(page, html)| {
            let mut checked = 0;
            let mut external = Vec::new();
            let mut errors = Vec::new();
            for url in attribute_values(html, "href")
                .into_iter()
                .chain(attribute_values(html, "src"))
            {
                let mut url = url.replace("&amp;", "&");
                // Absolute URLs of this site (canonical links, feeds) are internal.
                if !base.origin().is_empty() && url.starts_with(&base.absolute("")) {
                    url = url[base.origin().len()..].to_string();
                }
                if url.contains("://") || url.starts_with("//") {
                    external.push(url);
                    continue;
                }
                if url.starts_with("mailto:") || url.starts_with("tel:") {
                    continue;
                }
                checked += 1;
                if let Err(why) = resolve(page, &url, base, &all, &ids) {
                    errors.push(
                        Diagnostic::error(format!("`{page}` links to `{url}`, {why}")).hint(
                            "fix the link in the page's Markdown or in the template that writes it",
                        ),
                    );
                }
            }
            (checked, external, errors)
        })
        .collect();
    let mut report = LinkReport::default();
    for (checked, external, errors) in results {
        report.checked += checked;
        report.external.extend(external);
        report.diagnostics.extend(errors);
    }
    report.diagnostics.sort();
    report
}

fn resolve(
    page: &str,
    url: &str,
    base: &BaseUrl,
    all: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Result<(), String> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        let Some(rel) = format!("/{abs}")
            .strip_prefix(base.path())
            .map(str::to_string)
        else {
            return Err(format!(
                "which is outside the site's base path `{}`",
                base.path()
            ));
        };
        rel
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        crate::markdown::links::normalize(dir, path).ok_or("which climbs above the site root")?
    };
    let file = if target.is_empty() || target.ends_with('/') {
        format!("{target}index.html")
    } else {
        target.clone()
    };
    let file = if all.contains(file.as_str()) {
        file
    } else if all.contains(format!("{target}/index.html").as_str()) {
        format!("{target}/index.html")
    } else {
        return Err("which is not a file of the built site".into());
    };
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        let known = ids
            .get(file.as_str())
            .is_some_and(|set| set.contains(fragment));
        if !known && file.ends_with(".html") {
            return Err(format!("but `{file}` has no element with id `{fragment}`"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> Vec<OutputFile> {
        pages
            .iter()
            .map(|(p, h)| OutputFile::bytes(*p, h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn finds_broken_links_and_fragments_and_lists_external_ones() {
        let files = site(&[
            (
                "index.html",
                r##"<a href="/g/a/">ok</a><a href="/g/a/#sec">ok</a><a href="/g/a/#nope">x</a><a href="/g/missing/">x</a><a href="https://e.org/">ext</a><img src="/g/i.png">"##,
            ),
            (
                "a/index.html",
                r##"<h2 id="sec">S</h2><a href="../">up</a><a href="#sec">self</a><a href="/elsewhere/">x</a>"##,
            ),
            ("i.png", ""),
        ]);
        let report = check(&files, &BaseUrl::parse("/g/").unwrap());
        let messages: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "`a/index.html` links to `/elsewhere/`, which is outside the site's base path `/g/`",
                "`index.html` links to `/g/a/#nope`, but `a/index.html` has no element with id `nope`",
                "`index.html` links to `/g/missing/`, which is not a file of the built site",
            ]
        );
        assert_eq!(
            report.external.iter().collect::<Vec<_>>(),
            ["https://e.org/"]
        );
        assert_eq!(report.checked, 8);
    }
}
