//! Every URL Strata writes is made here, from the site's `base_url`.
//!
//! A [`BaseUrl`] is an optional origin (`https://example.org`) plus a path prefix that
//! always starts and ends with `/` (`/guide/`). Pages link to each other with
//! root-relative URLs under that prefix, so a site built for `/guide/` works when served
//! under `/guide/` on any host; feeds and the sitemap use the absolute form. Output
//! paths (`topic/tier/index.html`) and URLs come from the same [`PagePath`].

use std::borrow::Cow;

use serde::Serialize;

/// Element ids the page layout uses itself; headings and glossary entries may not take them.
pub const LAYOUT_IDS: &[&str] = &[
    "main",
    "content",
    "top",
    "references",
    "referenced-by",
    "references-heading",
    "referenced-by-heading",
    "toc",
    "toc-heading",
    "tier-switcher",
    "search",
    "tiers-heading",
    "topics-heading",
    "footnotes-heading",
    "strata-strings",
];

/// Where the site will be hosted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// A site served at the root of its host, origin unknown.
    pub fn root() -> Self {
        Self {
            origin: String::new(),
            path: "/".into(),
        }
    }

    /// Accepts `https://host/sub/path/`, `http://host:port`, `/sub/path` or `/`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::root());
        }
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        {
            let scheme_len = text.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            let host = &rest[..host_end];
            if host.is_empty() {
                return Err(format!("`{text}` has no host"));
            }
            if host.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
                return Err(format!("`{text}` has an invalid host"));
            }
            (text[..scheme_len + host_end].to_string(), &rest[host_end..])
        } else if text.starts_with('/') {
            (String::new(), text)
        } else {
            return Err(format!(
                "`{text}` is neither an http(s) URL nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "`{text}` may not contain a query, fragment or spaces"
            ));
        }
        if path.split('/').any(|seg| seg == "..") {
            return Err(format!("`{text}` may not contain `..`"));
        }
        let mut path = path.trim_end_matches('/').to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Self { origin, path })
    }

    /// The path prefix, starting and ending with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The base of the folder `segment` under this one: `/guide/` → `/guide/fr/`.
    pub fn join(&self, segment: &str) -> Self {
        Self {
            origin: self.origin.clone(),
            path: format!("{}{}/", self.path, segment.trim_matches('/')),
        }
    }

    /// `https://host` or empty when only a path was configured.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The site-root-relative URL of `path` (which has no leading `/`): `/guide/a/b/`.
    pub fn url(&self, path: &str) -> String {
        let mut url = String::with_capacity(self.path.len() + path.len());
        url.push_str(&self.path);
        url.push_str(path.trim_start_matches('/'));
        url
    }

    /// The absolute URL of `path`, for feeds and the sitemap.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.url(path))
    }
}

/// The place of one generated page: its URL path (relative to the base, with a
/// trailing slash, empty for the home page) and therefore its output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PagePath(String);

impl PagePath {
    pub fn home() -> Self {
        Self(String::new())
    }

    /// A directory-style page from its segments: `["topic", "tier"]` → `topic/tier/`.
    pub fn from_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> Self {
        let mut path = String::with_capacity(48);
        for seg in segments {
            path.push_str(seg);
            path.push('/');
        }
        Self(path)
    }

    /// A file page that is not a directory index, like `404.html`.
    pub fn file(name: &str) -> Self {
        Self(name.to_string())
    }

    /// The path relative to the base, as written in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this page is written to, relative to the output directory.
    pub fn output_file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }
}

/// `path` with every byte a URL path cannot hold as it is percent-encoded (`%`, `#`,
/// `?`, spaces, controls, anything outside ASCII); `/` and the other characters a path
/// may hold are kept.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b);
    if path.bytes().all(keep) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() * 3);
    for b in path.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// `text` with `%XX` escapes decoded, as a path in a link names a file: `my%20file.pdf`
/// is `my file.pdf`. Left as it is where an escape is malformed or decodes to
/// something that is not UTF-8 (see [`decode_escapes`]).
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    decode_escapes(text).unwrap_or(Cow::Borrowed(text))
}

/// `text` with its `%XX` escapes decoded; `None` when an escape is malformed or the
/// result is not UTF-8 (a request path that `serve` answers with 400).
pub fn decode_escapes(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('%') {
        return Some(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digit = |at: usize| Some((*bytes.get(at)? as char).to_digit(16)? as u8);
            out.push(digit(i + 1)? * 16 + digit(i + 2)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `data:`): a letter, then
/// letters, digits, `+`, `-` and `.`, then `:`. `a/b:c` and `@/t/a.md` have none.
pub fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// True for URLs that may appear in an `href` of generated HTML.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_sep = lower.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if first_sep.is_none_or(|s| i < s) => {
            matches!(
                &lower[..i],
                "http" | "https" | "mailto" | "tel" | "ftp" | "doi"
            )
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subpath_base_url_prefixes_every_url() {
        let base = BaseUrl::parse("https://example.org/guide").unwrap();
        assert_eq!(base.path(), "/guide/");
        assert_eq!(base.url("topic/tier/"), "/guide/topic/tier/");
        assert_eq!(base.url(""), "/guide/");
        assert_eq!(base.absolute("a/"), "https://example.org/guide/a/");
    }

    #[test]
    fn path_only_base_url_is_accepted() {
        let base = BaseUrl::parse("/docs/").unwrap();
        assert_eq!(base.url("x/"), "/docs/x/");
        assert_eq!(base.absolute("x/"), "/docs/x/");
    }

    #[test]
    fn percent_escapes_decode_to_the_names_they_stand_for() {
        assert_eq!(percent_decode("my%20file.pdf"), "my file.pdf");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("plain.pdf"), "plain.pdf");
        assert_eq!(percent_decode("100%"), "100%", "a lone % stays");
        assert_eq!(percent_decode("%zz%2"), "%zz%2", "malformed escapes stay");
        assert_eq!(percent_decode("%FF"), "%FF", "not UTF-8: left as written");
    }

    #[test]
    fn a_scheme_is_letters_before_a_colon_that_comes_first() {
        for url in [
            "https://e.org",
            "mailto:a@e.org",
            "data:image/png;base64,x",
            "svn+ssh:x",
        ] {
            assert!(has_scheme(url), "{url}");
        }
        for url in [
            "a.png",
            "a/b:c.png",
            "@/t/a.md",
            "./x:y",
            "1a:b",
            ":x",
            "#a:b",
        ] {
            assert!(!has_scheme(url), "{url}");
        }
    }

    #[test]
    fn bad_base_urls_are_refused() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("/a/../b").is_err());
        assert!(BaseUrl::parse("/a?x=1").is_err());
    }

    #[test]
    fn page_paths_map_to_index_files() {
        assert_eq!(PagePath::home().output_file(), "index.html");
        assert_eq!(
            PagePath::from_segments(["t", "fundamentals"]).output_file(),
            "t/fundamentals/index.html"
        );
        assert_eq!(PagePath::file("404.html").output_file(), "404.html");
    }
}
