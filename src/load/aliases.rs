//! Earlier URLs of pages and topics (`aliases:` in front matter and `_topic.yaml`):
//! what an author wrote, read into the URL path where a redirect page will stand, and
//! refused with the reason when no static host could serve a redirect there.
//!
//! An alias is a path relative to the site's base URL, as the old page's address had
//! it: `old-name/` (a folder, served as `old-name/index.html`; the trailing `/` may be
//! left out) or `notes/intro.html` (a file, for sites that come from a tool without
//! pretty URLs, such as mdBook). Whether two sources want the same output file is
//! checked once the whole site is loaded, with every other output path
//! (`check_unique_paths`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::model::{Alias, Site};
use crate::yaml::{self, Spanned};

/// Folders of the output that Strata fills itself, so no alias may stand in them.
const OWN_FOLDERS: [&str; 2] = ["assets", "search"];

/// Reads `nodes`, the `aliases` of `file` written in `yaml_text`: the aliases that are
/// usable, and an error for each one that is not. Lines are counted in `yaml_text`;
/// the caller moves them to the file's when the YAML starts further down.
pub fn read(
    nodes: Vec<Spanned<String>>,
    yaml_text: &str,
    file: &Path,
) -> (Vec<Alias>, Vec<Diagnostic>) {
    let lines = LineIndex::new(yaml_text);
    let shown = crate::diagnostic::display_path(file);
    let mut aliases = Vec::with_capacity(nodes.len());
    let mut errors = Vec::new();
    for node in nodes {
        let written = node.value.clone();
        match url_path(&written) {
            Ok(path) => {
                let (line, column, line_text) = yaml::value_place(&lines, &node);
                aliases.push(Alias {
                    written,
                    path,
                    file: shown.clone(),
                    line,
                    column,
                    line_text,
                });
            }
            Err(problem) => errors.push(
                yaml::point(Diagnostic::error(problem.message), yaml_text, &node)
                    .in_file(file)
                    .width(written.chars().count())
                    .hint(problem.hint),
            ),
        }
    }
    (aliases, errors)
}

/// A warning for each alias that starts with the site's base path (`/guide/old/` on a
/// site at `https://example.org/guide/`): aliases follow the base, so that one stands
/// for `/guide/guide/old/`, which is seldom what was meant.
pub fn check_base(site: &Site, diags: &mut Diagnostics) {
    let base = site.config.base_url.path();
    if base == "/" {
        return;
    }
    let topics = site.topics.iter().flat_map(|t| &t.aliases);
    let pages = site
        .documents()
        .into_iter()
        .flat_map(|(_, d)| &d.front.aliases);
    for alias in topics.chain(pages) {
        let Some(rest) = alias.written.trim().strip_prefix(base) else {
            continue;
        };
        let warning = Diagnostic::warning(format!(
            "the alias `{}` stands for `{}`: aliases are paths after the base URL `{base}`",
            alias.written,
            site.config.base_url.url(&alias.path),
        ));
        diags.push(at(alias, warning).hint(format!("write `{rest}` for the URL `{base}{rest}`")));
    }
}

/// `diagnostic` placed at `alias`, where its file has it.
pub fn at(alias: &Alias, diagnostic: Diagnostic) -> Diagnostic {
    diagnostic
        .in_file(Path::new(&alias.file))
        .at_line(Some(&alias.line_text), alias.line, alias.column)
        .width(alias.written.chars().count())
}

/// Aliases refused after loading, by [`key`].
pub type Refused = HashSet<(String, u32, u32)>;

/// What tells an alias from every other: its file, line and column.
pub fn key(alias: &Alias) -> (String, u32, u32) {
    (alias.file.clone(), alias.line, alias.column)
}

/// Takes the `refused` aliases out of `site` (their errors are reported), so that the
/// rest of the run, `strata check` among it, neither writes nor follows their redirects.
pub fn drop_refused(site: &mut Site, refused: &Refused) {
    if refused.is_empty() {
        return;
    }
    let keep = |aliases: &mut Vec<Alias>| aliases.retain(|a| !refused.contains(&key(a)));
    let docs = (site.home.iter_mut())
        .chain(
            site.topics
                .iter_mut()
                .flat_map(|t| t.tiers.iter_mut().flatten()),
        )
        .chain(site.pages.iter_mut().map(|p| &mut p.doc));
    for doc in docs {
        if doc.front.aliases.iter().any(|a| refused.contains(&key(a))) {
            keep(&mut Arc::make_mut(doc).front.aliases);
        }
    }
    for topic in &mut site.topics {
        keep(&mut topic.aliases);
    }
    for tier in &mut site.config.tiers {
        keep(&mut tier.aliases);
    }
}

/// Why an alias cannot be used, and what to write instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The URL path, relative to the base, that `written` stands for: `old/` for a folder,
/// `old/page.html` for a file, `%XX` escapes decoded (the path names a file of the
/// output).
pub fn url_path(written: &str) -> Result<String, Problem> {
    let text = written.trim();
    if text.is_empty() {
        return Err(problem(
            "an alias cannot be empty",
            "write the URL the page had before, like `old-name/`, or remove the entry",
        ));
    }
    if crate::urls::has_scheme(text) || text.starts_with("//") {
        let after_host = text
            .split_once("//")
            .map_or(text, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
        let path = after_host.trim_start_matches('/');
        return Err(problem(
            format!("`{text}` is a full URL, but an alias is a path of this site"),
            if path.is_empty() {
                "write the path the page had on this site, like `old-name/`".to_string()
            } else {
                format!(
                    "write the path that follows the site's `base_url`: `{path}` for a site at the root of its host"
                )
            },
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| matches!(c, '?' | '#' | '\\') || c.is_control())
    {
        let hint = match c {
            '?' | '#' => {
                "a redirect page answers for a path alone: leave out the query and the fragment (a fragment of the old URL is kept on the way)"
            }
            '\\' => "separate folders with `/`",
            _ => "remove the control character",
        };
        let shown = if c.is_control() {
            format!("{:?}", c)
        } else {
            format!("`{c}`")
        };
        return Err(problem(format!("an alias cannot contain {shown}"), hint));
    }
    let decoded = crate::urls::decode_escapes(text).ok_or_else(|| {
        problem(
            format!("`{text}` has a `%` that is not an escape of UTF-8"),
            "write `%` as `%25`, or the character itself",
        )
    })?;
    if let Some(c) = decoded.chars().find(|&c| c == '\\' || c.is_control()) {
        return Err(problem(
            format!("`{text}` has an escape that stands for {c:?}"),
            "write the path as the old address had it, without that escape",
        ));
    }
    let relative = decoded.trim_start_matches('/');
    if relative.is_empty() {
        return Err(problem(
            "`/` is the home page, not an earlier URL",
            "an alias names a URL the site no longer has, like `old-name/`",
        ));
    }
    let folder = relative.ends_with('/');
    let segments: Vec<&str> = relative.trim_end_matches('/').split('/').collect();
    if let Some(bad) = segments
        .iter()
        .find(|s| s.is_empty() || **s == "." || **s == "..")
    {
        let what = if bad.is_empty() {
            "an empty segment (`//`)".to_string()
        } else {
            format!("a `{bad}` segment")
        };
        return Err(problem(
            format!("`{text}` has {what}"),
            "write the path from the site's root, like `guides/old-page/`",
        ));
    }
    if OWN_FOLDERS.contains(&segments[0]) {
        return Err(problem(
            format!(
                "`{text}` is in `{}/`, a folder Strata fills itself",
                segments[0]
            ),
            "a redirect cannot stand there; if a page had that URL, let your host redirect it",
        ));
    }
    let last = segments[segments.len() - 1];
    let mut path = segments.join("/");
    match extension(last) {
        _ if folder => path.push('/'),
        Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => {}
        Some(ext) if ext.eq_ignore_ascii_case("md") => {
            let stem = &path[..path.len() - ext.len() - 1];
            return Err(problem(
                format!("`{text}` is a Markdown file's name, not a URL"),
                format!("write the URL the page had, like `{stem}/`"),
            ));
        }
        Some(ext) => {
            return Err(problem(
                format!("`{text}` names a `.{ext}` file, and a redirect is an HTML page"),
                "an alias is a folder URL (`old/`) or an `.html` file; let your host redirect other files",
            ));
        }
        None => path.push('/'),
    }
    Ok(path)
}

/// The extension of a file name, when it looks like one: a letter, then up to four
/// letters or digits (`v1.2` is a folder, `page.php` a file).
fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let looks = !stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.starts_with(|c: char| c.is_ascii_alphabetic())
        && ext.chars().all(|c| c.is_ascii_alphanumeric());
    looks.then_some(ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        url_path(text).unwrap_or_else(|p| panic!("{text}: {}", p.message))
    }

    fn refused(text: &str) -> String {
        url_path(text).expect_err(text).message
    }

    #[test]
    fn folders_and_html_files_are_paths_of_the_output() {
        assert_eq!(ok("old-name"), "old-name/");
        assert_eq!(ok("/old-name/"), "old-name/");
        assert_eq!(ok("guides/old page/"), "guides/old page/");
        assert_eq!(ok("guides/old%20page"), "guides/old page/");
        assert_eq!(ok("/chapter_1.html"), "chapter_1.html");
        assert_eq!(ok("notes/Intro.HTM"), "notes/Intro.HTM");
        assert_eq!(ok("releases/v1.2"), "releases/v1.2/");
        assert_eq!(ok("page.php/"), "page.php/");
    }

    #[test]
    fn what_no_static_host_can_serve_as_a_redirect_is_refused() {
        assert_eq!(refused("  "), "an alias cannot be empty");
        assert_eq!(
            refused("https://example.org/old/"),
            "`https://example.org/old/` is a full URL, but an alias is a path of this site"
        );
        assert_eq!(
            url_path("https://example.org/old/").unwrap_err().hint,
            "write the path that follows the site's `base_url`: `old/` for a site at the root of its host"
        );
        assert_eq!(
            refused("//example.org"),
            "`//example.org` is a full URL, but an alias is a path of this site"
        );
        assert_eq!(refused("old/?page=2"), "an alias cannot contain `?`");
        assert_eq!(refused("old/#part"), "an alias cannot contain `#`");
        assert_eq!(refused("old\\page"), "an alias cannot contain `\\`");
        assert_eq!(refused("a\tb"), "an alias cannot contain '\\t'");
        assert_eq!(refused("/"), "`/` is the home page, not an earlier URL");
        assert_eq!(refused("a//b/"), "`a//b/` has an empty segment (`//`)");
        assert_eq!(refused("../up/"), "`../up/` has a `..` segment");
        assert_eq!(refused("a/./b"), "`a/./b` has a `.` segment");
        assert_eq!(
            refused("assets/old.css/"),
            "`assets/old.css/` is in `assets/`, a folder Strata fills itself"
        );
        assert_eq!(
            refused("search/"),
            "`search/` is in `search/`, a folder Strata fills itself"
        );
        assert_eq!(
            refused("page.php"),
            "`page.php` names a `.php` file, and a redirect is an HTML page"
        );
        assert_eq!(
            refused("a%00b/"),
            "`a%00b/` has an escape that stands for '\\0'"
        );
        assert_eq!(refused("%2E%2E/up/"), "`%2E%2E/up/` has a `..` segment");
        assert_eq!(
            refused("%E9"),
            "`%E9` has a `%` that is not an escape of UTF-8"
        );
    }

    proptest::proptest! {
        /// Whatever is written, an accepted alias is a path inside the output, of a
        /// folder or an HTML file, and a refused one says why without panicking.
        #[test]
        fn an_accepted_alias_stays_inside_the_output(
            written in proptest::string::string_regex(
                "(/|//|\\.|\\.\\.|[a-z]{1,6}|é|%20|%E9|%00|%5C|%2F|%2E|%|\\?|#|\\\\|:|https?://|\\.html|\\.md|\\.php| |\t){0,12}"
            ).unwrap()
        ) {
            match url_path(&written) {
                Ok(path) => {
                    proptest::prop_assert!(!path.is_empty() && !path.starts_with('/'), "{path:?}");
                    proptest::prop_assert!(
                        path.split('/').all(|s| s != "." && s != ".."),
                        "{path:?}"
                    );
                    proptest::prop_assert!(!path.contains("//") && !path.contains(['\\']));
                    proptest::prop_assert!(!path.contains(char::is_control), "{path:?}");
                    let lower = path.to_ascii_lowercase();
                    proptest::prop_assert!(
                        path.ends_with('/') || lower.ends_with(".html") || lower.ends_with(".htm"),
                        "{path:?}"
                    );
                }
                Err(problem) => proptest::prop_assert!(!problem.message.is_empty() && !problem.hint.is_empty()),
            }
        }
    }

    #[test]
    fn a_markdown_file_name_is_answered_with_its_url() {
        let p = url_path("guides/intro.md").unwrap_err();
        assert_eq!(
            p.message,
            "`guides/intro.md` is a Markdown file's name, not a URL"
        );
        assert_eq!(p.hint, "write the URL the page had, like `guides/intro/`");
    }
}
