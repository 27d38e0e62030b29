//! Follows the links of the built pages: every internal URL of every page (written by
//! Markdown or by a template) must lead to a generated file, and a `#fragment` to an id
//! on that page. The URLs are those of `href`, `src`, `poster`, `<object data>` and
//! each candidate of a `srcset`. External links are collected, never fetched.
//!
//! It scans attributes rather than parsing full HTML: generated pages escape `<` and
//! `>` in text (not `"`: code that shows `src="x.png"` keeps it), so a ` href="…"` is
//! an attribute when the nearest `<` or `>` before it is a `<`
//! ([`crate::markdown::html::Attributes`]). What it finds names the built page;
//! [`super::origin`] finds where each broken link was written.

use std::collections::BTreeSet;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::html::Attributes;
use crate::render::{FileContent, OutputFile};
use crate::urls::BaseUrl;

/// What the link check found.
#[derive(Debug, Clone)]
pub struct LinkReport {
    pub checked: usize,
    pub external: BTreeSet<String>,
    /// Every broken link, by page and URL.
    pub broken: Vec<BrokenLink>,
    /// Every file of the built site, sorted: what a broken link might have meant.
    pub files: Vec<Box<str>>,
    /// What the site was built for.
    pub base: BaseUrl,
}

/// A link of a built page that leads nowhere, or (a warning) to a redirect.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page that holds it, as a path of the output folder.
    pub page: String,
    /// The URL as the page's HTML has it, its character references read (`&amp;` as
    /// `&`, `&#x27;` as `'`).
    pub url: String,
    pub problem: Problem,
}

/// Why a link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// No file of the built site is at `target` (a decoded path of the output folder).
    NoFile { target: String },
    /// A root-relative URL that does not start with the base path.
    OutsideBase,
    /// A relative URL with more `../` than the page has folders above it.
    AboveRoot,
    /// The page `file` (a path of the output folder) has no element with id `id`;
    /// `redirected` when the link reaches it through a redirect.
    NoId {
        file: String,
        id: String,
        redirected: bool,
    },
    /// The URL is an alias, whose page redirects to `target` (a URL path under the
    /// base): it works, but costs the reader a hop. Only a warning.
    Redirected { target: String },
}

impl Problem {
    /// The end of a sentence that starts "… links to `url`".
    pub fn why(&self, base: &BaseUrl) -> String {
        match self {
            Problem::NoFile { .. } => "which is not a file of the built site".into(),
            Problem::OutsideBase => {
                format!("which is outside the site's base path `{}`", base.path())
            }
            Problem::AboveRoot => "which climbs above the site root".into(),
            Problem::NoId {
                file,
                id,
                redirected: false,
            } => format!("but `{file}` has no element with id `{id}`"),
            Problem::NoId { file, id, .. } => {
                format!("which redirects to `{file}`, and that page has no element with id `{id}`")
            }
            Problem::Redirected { target } => {
                format!("an old address that redirects to `{}`", base.url(target))
            }
        }
    }

    /// An error about a link with this problem, or a warning for a redirect.
    pub fn diagnostic(&self, message: String) -> Diagnostic {
        match self {
            Problem::Redirected { .. } => Diagnostic::warning(message),
            _ => Diagnostic::error(message),
        }
    }
}

impl LinkReport {
    /// Each broken link as an error that names its page, not where it was written
    /// (see [`super::origin`] for that).
    pub fn diagnostics(&self) -> Diagnostics {
        self.broken
            .iter()
            .map(|b| {
                (b.problem)
                    .diagnostic(format!(
                        "`{}` links to `{}`, {}",
                        b.page,
                        b.url,
                        b.problem.why(&self.base)
                    ))
                    .hint("fix the link in the page's Markdown or in the template that writes it")
            })
            .collect()
    }
}

/// Values of attribute `name` (`href`, `src`, `id`) in `html`.
pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    crate::markdown::html::attribute_spans(html, name)
        .map(|span| &html[span])
        .collect()
}

/// Checks every page of `files` built for `base`.
pub fn check(files: &[OutputFile], base: &BaseUrl) -> LinkReport {
    let collector = LinkCollector::default();
    files.par_iter().for_each(|file| collector.add(file));
    collector.finish(base, &Redirects::default())
}

/// The redirect pages of the site's aliases: each one's output file → the output file
/// of the page it leads to.
pub type Redirects = FxHashMap<String, String>;

/// A [`Sink`](crate::render::Sink) that keeps what the link check needs of each file
/// and drops its bytes, so `strata check` holds no rendered page: the output paths,
/// a 64-bit hash of every `id` of every page, and each distinct link with the pages
/// that hold it. Links are resolved in [`Self::finish`], once every file is known.
#[derive(Debug, Default)]
pub struct LinkCollector(Mutex<Collected>);

#[derive(Debug, Default)]
struct Collected {
    paths: FxHashSet<Box<str>>,
    /// Each page's index into `pages` and its ids (hashed), sorted: a page holds a
    /// hundred or more (a tooltip each), and a sorted list takes half the room of a
    /// set. A page emitted again (see [`crate::render::Sink`]) replaces the first
    /// version, whose links no longer count.
    ids: FxHashMap<Box<str>, (u32, Box<[u64]>)>,
    pages: Vec<Box<str>>,
    /// A link as written, with the page it is relative to (empty for links that start
    /// with `/` or a scheme) → the pages (indices into `pages`) that hold it.
    links: FxHashMap<(Box<str>, Box<str>), Vec<u32>>,
    /// Pages (indices into `pages`) replaced by a later version.
    replaced: FxHashSet<u32>,
}

impl crate::render::Sink for LinkCollector {
    fn emit(&self, file: OutputFile) -> std::io::Result<()> {
        self.add(&file);
        Ok(())
    }
}

impl LinkCollector {
    /// Records one output file.
    pub fn add(&self, file: &OutputFile) {
        let html = match &file.content {
            FileContent::Bytes(b) if file.path.ends_with(".html") => std::str::from_utf8(b).ok(),
            _ => None,
        };
        let Some(html) = html else {
            self.lock().paths.insert(file.path.as_str().into());
            return;
        };
        // The page's own share of the work happens outside the lock.
        // `<a name>` is a fragment's target too (so is a `<meta name>`, harmlessly).
        let tags = Attributes::new(html);
        let mut ids: Vec<u64> = tags
            .spans("id")
            .chain(tags.spans("name"))
            .map(|span| id_hash(&html[span]))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let ids = ids.into_boxed_slice();
        let links: Vec<(Box<str>, bool)> = (tags.url_spans().into_iter())
            .map(|span| &html[span])
            // Web links are listed; other schemes (`mailto:`, `data:`) name no file.
            .filter(|url| url.contains("://") || !crate::urls::has_scheme(url))
            .map(|url| {
                let url = crate::markdown::raw_html::decode_references(url).into_owned();
                let anchored = url.starts_with('/') || url.contains("://");
                (url.into_boxed_str(), anchored)
            })
            .collect();
        let mut all = self.lock();
        let page = all.pages.len() as u32;
        if let Some((earlier, _)) = all.ids.insert(file.path.as_str().into(), (page, ids)) {
            all.replaced.insert(earlier);
        }
        all.pages.push(file.path.as_str().into());
        all.paths.insert(file.path.as_str().into());
        for (url, anchored) in links {
            let context: Box<str> = if anchored {
                "".into()
            } else {
                file.path.as_str().into()
            };
            all.links.entry((url, context)).or_default().push(page);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Collected> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Resolves every link recorded, for a site built for `base` whose aliases are
    /// `redirects`: a link to one is followed to its page.
    pub fn finish(self, base: &BaseUrl, redirects: &Redirects) -> LinkReport {
        let all = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut report = LinkReport {
            checked: 0,
            external: BTreeSet::new(),
            broken: Vec::new(),
            files: Vec::new(),
            base: base.clone(),
        };
        let files = Files {
            paths: &all.paths,
            ids: &all.ids,
            redirects,
        };
        for ((raw, context), pages) in &all.links {
            let current: Vec<u32>;
            let pages = if all.replaced.is_empty() {
                pages
            } else {
                current = pages
                    .iter()
                    .copied()
                    .filter(|p| !all.replaced.contains(p))
                    .collect();
                if current.is_empty() {
                    continue;
                }
                &current
            };
            // Absolute URLs of this site (canonical links, feeds) are internal.
            let url: &str = own_path(raw, base).unwrap_or(raw);
            if url.contains("://") || url.starts_with("//") {
                report.external.insert(raw.to_string());
                continue;
            }
            report.checked += pages.len();
            let from = |page: u32| -> &str {
                if context.is_empty() {
                    &all.pages[page as usize]
                } else {
                    context
                }
            };
            let first = from(pages[0]);
            if let Err(problem) = resolve(first, url, base, &files) {
                for &page in pages {
                    report.broken.push(BrokenLink {
                        page: from(page).to_string(),
                        url: raw.to_string(),
                        problem: problem.clone(),
                    });
                }
            }
        }
        report.broken.sort();
        report.broken.dedup();
        report.files = all.paths.into_iter().collect();
        report.files.sort_unstable();
        report
    }
}

/// The hash an id is kept as: a collision (odds of about one in 2^64 per pair) could
/// only hide a broken `#fragment`, never report a good one.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// What a link is resolved against.
struct Files<'a> {
    paths: &'a FxHashSet<Box<str>>,
    ids: &'a FxHashMap<Box<str>, (u32, Box<[u64]>)>,
    redirects: &'a Redirects,
}

fn resolve(page: &str, url: &str, base: &BaseUrl, files: &Files<'_>) -> Result<(), Problem> {
    let all = files.paths;
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    // Links name files and ids by their decoded names (`my%20file.pdf`).
    let path = crate::urls::percent_decode(path.split('?').next().unwrap_or(""));
    let fragment = fragment.map(crate::urls::percent_decode);
    let path = path.as_ref();
    let target = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        let Some(rel) = format!("/{abs}")
            .strip_prefix(base.path())
            .map(str::to_string)
        else {
            return Err(Problem::OutsideBase);
        };
        rel
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        crate::markdown::links::normalize(dir, path).ok_or(Problem::AboveRoot)?
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
        return Err(Problem::NoFile { target });
    };
    // A redirect keeps the fragment, so the page it leads to must have the id.
    let redirected = files.redirects.get(&file);
    let file = redirected.cloned().unwrap_or(file);
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        let known = files
            .ids
            .get(file.as_str())
            .is_some_and(|(_, sorted)| sorted.binary_search(&id_hash(&fragment)).is_ok());
        if !known && file.ends_with(".html") {
            return Err(Problem::NoId {
                file,
                id: fragment.into_owned(),
                redirected: redirected.is_some(),
            });
        }
    }
    match redirected {
        Some(to) => Err(Problem::Redirected {
            target: to.strip_suffix("index.html").unwrap_or(to).to_string(),
        }),
        None => Ok(()),
    }
}

/// The site-root-relative path of `url` when it is an absolute URL of the site at
/// `base`: scheme and host in any letter case (as browsers read them), the path as
/// written, the base path with or without its last `/`.
fn own_path<'u>(url: &'u str, base: &'u BaseUrl) -> Option<&'u str> {
    let origin = base.origin();
    let head = url.get(..origin.len())?;
    if origin.is_empty() || !head.eq_ignore_ascii_case(origin) {
        return None;
    }
    let rest = &url[origin.len()..];
    if rest.starts_with(base.path()) {
        Some(rest)
    } else if rest == base.path().trim_end_matches('/') {
        Some(base.path())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report's messages, in order.
    fn messages(report: &LinkReport) -> Vec<String> {
        report
            .diagnostics()
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    fn site(pages: &[(&str, &str)]) -> Vec<OutputFile> {
        pages
            .iter()
            .map(|(p, h)| OutputFile::bytes(*p, h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_page_emitted_again_replaces_its_first_version() {
        let collector = LinkCollector::default();
        let base = BaseUrl::parse("/").unwrap();
        for (path, html) in [
            (
                "a/index.html",
                r##"<a href="/gone/">x</a><a href="/b/">b</a>"##,
            ),
            ("b/index.html", r##"<a href="/a/">a</a>"##),
            (
                "a/index.html",
                r##"<a href="/b/">b</a><a href="/b/#top">b</a>"##,
            ),
        ] {
            collector.add(&OutputFile::bytes(path, html.as_bytes().to_vec()));
        }
        let report = collector.finish(&base, &Redirects::default());
        let messages = messages(&report);
        // The first version's broken link is gone; the second version's is reported.
        assert_eq!(
            messages,
            ["`a/index.html` links to `/b/#top`, but `b/index.html` has no element with id `top`"]
        );
        assert_eq!(report.checked, 3);
    }

    #[test]
    fn a_link_to_a_redirect_is_a_warning_and_its_fragment_is_looked_for_on_the_page_it_leads_to() {
        let collector = LinkCollector::default();
        let base = BaseUrl::parse("https://example.org/guide/").unwrap();
        for (path, html) in [
            ("new/index.html", r##"<h2 id="part">Part</h2>"##),
            ("old/index.html", r##"<a href="/guide/new/">moved</a>"##),
            (
                "a/index.html",
                r##"<a href="/guide/old/#part">1</a><a href="../old/#gone">2</a><a href="/guide/new/#part">3</a>"##,
            ),
        ] {
            collector.add(&OutputFile::bytes(path, html.as_bytes().to_vec()));
        }
        let redirects: Redirects = [("old/index.html".to_string(), "new/index.html".to_string())]
            .into_iter()
            .collect();
        let report = collector.finish(&base, &redirects);
        let found: Vec<(bool, String)> = (report.diagnostics().iter())
            .map(|d| (d.is_error(), d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    true,
                    "`a/index.html` links to `../old/#gone`, which redirects to `new/index.html`, and that page has no element with id `gone`".to_string()
                ),
                (
                    false,
                    "`a/index.html` links to `/guide/old/#part`, an old address that redirects to `/guide/new/`".to_string()
                ),
            ]
        );
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
        let messages = messages(&report);
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

    #[test]
    fn the_same_relative_link_is_resolved_from_each_page() {
        let files = site(&[
            (
                "a/index.html",
                r#"<img src="x.png"><a href="/g/b/#top">b</a>"#,
            ),
            ("b/index.html", r#"<img src="x.png"><p id="top"></p>"#),
            (
                "c/index.html",
                r#"<a href="/g/b/#top">b</a><a href="/g/b/#gone">b</a>"#,
            ),
            ("a/x.png", ""),
        ]);
        let report = check(&files, &BaseUrl::parse("/g/").unwrap());
        let messages = messages(&report);
        assert_eq!(
            messages,
            [
                "`b/index.html` links to `x.png`, which is not a file of the built site",
                "`c/index.html` links to `/g/b/#gone`, but `b/index.html` has no element with id `gone`",
            ]
        );
        assert_eq!(report.checked, 5);
    }

    #[test]
    fn the_sites_own_absolute_urls_are_followed_whatever_the_hosts_letter_case() {
        let files = site(&[(
            "index.html",
            r#"<a href="https://EX.org/g/missing/">m</a><a href="https://ex.org/g">root</a><a href="https://ex.org/other/">o</a><a href="https://ex.organic.com/g/">x</a>"#,
        )]);
        let report = check(&files, &BaseUrl::parse("https://ex.org/g/").unwrap());
        assert_eq!(
            messages(&report),
            [
                "`index.html` links to `https://EX.org/g/missing/`, which is not a file of the built site"
            ]
        );
        assert_eq!(
            report.external.iter().collect::<Vec<_>>(),
            ["https://ex.org/other/", "https://ex.organic.com/g/"]
        );
    }

    #[test]
    fn every_url_of_a_srcset_a_poster_and_object_data_is_followed() {
        let files = site(&[
            (
                "a/index.html",
                r#"<picture><source srcset="/g/a.webp 1x,/g/a@2x.webp 2x"><img src="/g/a.png" srcset="a-300.png 300w, /g/a-600.pgn 600w,/g/a,wide.png"></picture>
<video src="/g/clip.mp4" poster="/g/poster.jpg"></video><video poster="/g/missing.jpg"></video>
<object data="/g/chart.svg"></object><object data="/g/chart.svgz"></object><div data="/g/nothing/"></div>"#,
            ),
            ("a.webp", ""),
            ("a@2x.webp", ""),
            ("a.png", ""),
            ("a/a-300.png", ""),
            ("a,wide.png", ""),
            ("clip.mp4", ""),
            ("poster.jpg", ""),
            ("chart.svg", ""),
        ]);
        let report = check(&files, &BaseUrl::parse("/g/").unwrap());
        assert_eq!(
            messages(&report),
            [
                "`a/index.html` links to `/g/a-600.pgn`, which is not a file of the built site",
                "`a/index.html` links to `/g/chart.svgz`, which is not a file of the built site",
                "`a/index.html` links to `/g/missing.jpg`, which is not a file of the built site",
            ]
        );
        assert_eq!(report.checked, 11);
    }

    #[test]
    fn urls_with_a_scheme_other_than_the_webs_are_not_followed() {
        let files = site(&[(
            "index.html",
            r#"<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="doi:10.1000/1">d</a><a href="tel:+1">t</a><a href="ftp://e.org/f">f</a>"#,
        )]);
        let report = check(&files, &BaseUrl::parse("/g/").unwrap());
        assert!(messages(&report).is_empty(), "{:?}", messages(&report));
        assert_eq!(
            report.external.iter().collect::<Vec<_>>(),
            ["ftp://e.org/f"]
        );
    }

    #[test]
    fn escaped_names_are_looked_up_decoded() {
        let files = site(&[
            (
                "index.html",
                r#"<a href="/g/my%20file.pdf">f</a><a href="/g/#caf%C3%A9">c</a><p id="café"></p>"#,
            ),
            ("my file.pdf", ""),
        ]);
        let report = check(&files, &BaseUrl::parse("/g/").unwrap());
        assert!(messages(&report).is_empty(), "{:?}", messages(&report));
    }
}
