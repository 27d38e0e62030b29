//! Which pages exist in which language, so a page can link to itself in the others.
//!
//! A page's translation is the page at the same path in another language's tree:
//! `content/fr/sleep/fundamentals.md` translates `content/sleep/fundamentals.md`, and
//! both are `sleep/fundamentals/` under their language's root. Built once, after
//! every language has loaded and before any renders; each page then asks for its
//! links with [`Translations::links`].

use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::urls::{BaseUrl, PagePath};

/// The pages of every language of a site.
#[derive(Debug, Default)]
pub struct Translations {
    languages: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    code: String,
    name: String,
    base: BaseUrl,
    pages: FxHashSet<String>,
}

/// A link from a page to one language's version of it, for templates.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TranslationLink {
    pub code: String,
    /// The language's name in its own words.
    pub name: String,
    /// The same page in that language, or the language's home page when the page is
    /// not translated.
    pub url: String,
    /// `url` with the site's origin, when `base_url` names one (for `hreflang`).
    pub absolute: String,
    /// This is the page's own language.
    pub current: bool,
    /// `url` is the same page, not the language's home page.
    pub translated: bool,
}

impl Translations {
    /// Adds a language: its code, name, base URL and the paths of its pages.
    pub fn add(
        &mut self,
        (code, name): (&str, &str),
        base: &BaseUrl,
        pages: impl IntoIterator<Item = PagePath>,
    ) {
        self.languages.push(Entry {
            code: code.to_string(),
            name: name.to_string(),
            base: base.clone(),
            pages: pages.into_iter().map(|p| p.as_str().to_string()).collect(),
        });
    }

    /// The languages' codes and base URLs, the default first.
    pub fn bases(&self) -> impl Iterator<Item = (&str, &BaseUrl)> {
        self.languages.iter().map(|l| (l.code.as_str(), &l.base))
    }

    /// Links to the page at `path` in every language, the page's own (`current`)
    /// included, in the site's order of languages.
    pub fn links(&self, current: &str, path: &PagePath) -> Vec<TranslationLink> {
        self.languages
            .iter()
            .map(|l| {
                let translated = l.pages.contains(path.as_str());
                let target = if translated { path.as_str() } else { "" };
                let absolute = if l.base.origin().is_empty() {
                    String::new()
                } else {
                    l.base.absolute(target)
                };
                TranslationLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    url: l.base.url(target),
                    absolute,
                    current: l.code == current,
                    translated,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Translations {
        let mut t = Translations::default();
        let root = BaseUrl::parse("https://example.org/guide/").unwrap();
        let fr = BaseUrl::parse("https://example.org/guide/fr/").unwrap();
        t.add(
            ("en", "English"),
            &root,
            [
                PagePath::home(),
                PagePath::from_segments(["sleep", "fundamentals"]),
            ],
        );
        t.add(("fr", "Français"), &fr, [PagePath::home()]);
        t
    }

    #[test]
    fn an_untranslated_page_links_to_the_languages_home() {
        let links = site().links("en", &PagePath::from_segments(["sleep", "fundamentals"]));
        assert_eq!(links[0].url, "/guide/sleep/fundamentals/");
        assert!(links[0].current && links[0].translated);
        assert_eq!(links[1].url, "/guide/fr/");
        assert_eq!(links[1].absolute, "https://example.org/guide/fr/");
        assert!(!links[1].current && !links[1].translated);
    }

    #[test]
    fn a_translated_page_links_to_itself_in_each_language() {
        let links = site().links("fr", &PagePath::home());
        let urls: Vec<_> = links.iter().map(|l| (l.url.as_str(), l.current)).collect();
        assert_eq!(urls, [("/guide/", false), ("/guide/fr/", true)]);
    }
}
