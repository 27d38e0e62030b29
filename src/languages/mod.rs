//! Sites in several languages: `languages:` in site.yaml, and what each language's
//! build needs to know of the others.
//!
//! A multilingual site is one site per language, built from the same folder. The
//! default language (`language:`) keeps `content/` and the root URL; every other
//! language has its own content tree, `content/<code>/`, laid out like `content/`,
//! and is published under `/<code>/`. Each language is built by the ordinary
//! single-language pipeline with a configuration derived here
//! ([`crate::config::Config::in_language`]); the files every language shares
//! (`static/`, the theme's assets) are written once, by the default language.
//! [`Translations`] then tells each page which other languages have the same page,
//! for the language switcher and the `hreflang` links.

mod names;
mod translations;

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::config::Tier;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml::{self, Spanned};

pub use names::native_name;
pub use translations::{TranslationLink, Translations};

/// One language's block under `languages:`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguage {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    tiers: Option<IndexMap<String, Spanned<RawTierWords>>>,
    #[serde(default)]
    strings: Option<crate::i18n::RawStrings>,
}

/// A tier's words in one language: its label and summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTierWords {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

pub(crate) type RawLanguages = IndexMap<String, Spanned<RawLanguage>>;

/// One language of a multilingual site.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// The language tag, in canonical form (`fr`, `pt-BR`); also its URL segment.
    pub code: String,
    /// Its name in its own words (`Français`), as the switcher shows it.
    pub name: String,
    /// What differs from the default language; `None` for the default itself.
    #[serde(skip)]
    pub words: Option<LanguageWords>,
    /// An error at the language's key in site.yaml, for problems found later
    /// (its content folder is missing); its message is set where it is used.
    #[serde(skip)]
    pub key: Diagnostic,
}

impl Language {
    /// An error with `message` and `hint` at the language's key in site.yaml.
    pub fn error_at_key(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        let mut d = self.key.clone().hint(hint);
        d.message = message.into();
        d
    }
}

/// What a language other than the default replaces in the site's configuration.
#[derive(Debug, Clone)]
pub struct LanguageWords {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The site's tiers with this language's labels and summaries.
    pub tiers: Vec<Tier>,
    /// The built-in texts of the language, with the block's `strings:`.
    pub strings: crate::i18n::Strings,
}

/// What site.yaml says outside `languages:` that a language's block builds on.
pub(crate) struct SiteDefaults<'a> {
    /// The default language's canonical tag.
    pub language: &'a str,
    pub tiers: &'a [Tier],
    /// Whether `tiers:` was written (else each language names the default tiers in
    /// its own words).
    pub tiers_written: bool,
    pub reserved: &'a [&'a str],
}

/// Checks `languages:` and resolves each block. The default language comes first;
/// the others follow in the order written. Empty when the site has one language.
pub(crate) fn validate(
    raw: RawLanguages,
    site: &SiteDefaults<'_>,
    text: &str,
    file: &Path,
    errors: &mut Diagnostics,
) -> Vec<Language> {
    if raw.is_empty() {
        return Vec::new();
    }
    let mut default_name = None;
    let mut others: Vec<Language> = Vec::new();
    for (key, node) in raw {
        let Spanned {
            value: block,
            referenced,
            defined,
        } = node;
        let place = Spanned::new((), referenced, defined);
        let at_key = |d: Diagnostic| yaml::point_key(d.in_file(file), text, &key, &place);
        let code = match crate::i18n::canonical_language(&key) {
            Ok(code) => code,
            Err(hint) => {
                errors.push(at_key(
                    Diagnostic::error(format!("`{key}` is not a language tag")).hint(hint),
                ));
                continue;
            }
        };
        if code.eq_ignore_ascii_case(site.language) {
            let extra = [
                ("title", block.title.is_some()),
                ("description", block.description.is_some()),
                ("tiers", block.tiers.is_some()),
                ("strings", block.strings.is_some()),
            ];
            if let Some((what, _)) = extra.iter().find(|(_, set)| *set) {
                errors.push(at_key(
                    Diagnostic::error(format!(
                        "`{key}` is the site's own language, whose `{what}` is set at the top of site.yaml"
                    ))
                    .hint(format!(
                        "move `{what}` out of `languages: {key}:` to the top level; the default language's block takes only `name`"
                    )),
                ));
            }
            default_name = Some(name_of(
                &code,
                block.name.as_ref(),
                &key,
                text,
                file,
                errors,
            ));
            continue;
        }
        if let Some(other) = others.iter().find(|l| l.code.eq_ignore_ascii_case(&code)) {
            errors.push(at_key(
                Diagnostic::error(format!(
                    "`{key}` names the same language as `{}`",
                    other.code
                ))
                .hint("list each language once"),
            ));
            continue;
        }
        let segment = code.to_ascii_lowercase();
        if site.reserved.contains(&segment.as_str())
            || site.tiers.iter().any(|t| t.id.eq_ignore_ascii_case(&code))
        {
            errors.push(at_key(
                Diagnostic::error(format!(
                    "the language `{code}` would be published under `/{code}/`, a path the site already uses"
                ))
                .hint("rename the tier whose id is the language's code"),
            ));
            continue;
        }
        let name = name_of(&code, block.name.as_ref(), &key, text, file, errors);
        let builtin = crate::i18n::Strings::for_language(&code);
        let own = crate::i18n::check_site_strings(
            block.strings.unwrap_or_default(),
            &builtin,
            text,
            file,
            errors,
        );
        let strings = builtin.with_site(own);
        let tiers = tier_words(block.tiers, site, &strings, (text, file), errors);
        if let Some(title) = &block.title
            && title.value.trim().is_empty()
        {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!("the title of `{key}` is empty")).in_file(file),
                    text,
                    title,
                )
                .hint("give the title in this language, or remove `title` to keep the site's"),
            );
        }
        others.push(Language {
            key: at_key(Diagnostic::error("")),
            code,
            name,
            words: Some(LanguageWords {
                title: block.title.map(|t| t.value),
                description: block.description,
                tiers,
                strings,
            }),
        });
    }
    // Only the default language listed (to name it): a site in one language.
    if others.is_empty() {
        return Vec::new();
    }
    let default = Language {
        key: Diagnostic::error("").in_file(file),
        code: site.language.to_string(),
        name: default_name.unwrap_or_else(|| {
            native_name(site.language)
                .unwrap_or(site.language)
                .to_string()
        }),
        words: None,
    };
    std::iter::once(default).chain(others).collect()
}

/// The name a language's switcher entry shows: its `name:`, or the language's own
/// name for its code; an error when neither is known.
fn name_of(
    code: &str,
    written: Option<&Spanned<String>>,
    key: &str,
    text: &str,
    file: &Path,
    errors: &mut Diagnostics,
) -> String {
    if let Some(node) = written {
        if !node.value.trim().is_empty() {
            return node.value.trim().to_string();
        }
        errors.push(
            yaml::point(
                Diagnostic::error(format!("the name of `{key}` is empty")).in_file(file),
                text,
                node,
            )
            .hint("give the language's name in its own words, such as `Français`"),
        );
        return code.to_string();
    }
    match native_name(code) {
        Some(name) => name.to_string(),
        None => code.to_string(),
    }
}

/// The site's tiers with a language's labels and summaries: those the block gives,
/// else the default tiers' in the language's words (when the site keeps the default
/// tiers), else the site's own.
fn tier_words(
    raw: Option<IndexMap<String, Spanned<RawTierWords>>>,
    site: &SiteDefaults<'_>,
    strings: &crate::i18n::Strings,
    (text, file): (&str, &Path),
    errors: &mut Diagnostics,
) -> Vec<Tier> {
    let mut tiers: Vec<Tier> = if site.tiers_written {
        site.tiers.to_vec()
    } else {
        let words = crate::config::default_tiers_in(strings);
        site.tiers
            .iter()
            .zip(words)
            .map(|(tier, own)| Tier {
                label: own.label,
                summary: own.summary,
                ..tier.clone()
            })
            .collect()
    };
    for (id, node) in raw.unwrap_or_default() {
        let Some(tier) = tiers.iter_mut().find(|t| t.id == id) else {
            let ids = site.tiers.iter().map(|t| t.id.as_str());
            let hint = match crate::suggest::closest(&id, ids.clone()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the site's tiers are {}",
                    ids.map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            errors.push(
                yaml::point_key(
                    Diagnostic::error(format!("the site has no tier `{id}`")).in_file(file),
                    text,
                    &id,
                    &node,
                )
                .hint(hint),
            );
            continue;
        };
        if let Some(label) = node.value.label {
            tier.label = label;
        }
        if let Some(summary) = node.value.summary {
            tier.summary = summary;
        }
    }
    tiers
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    fn parse(yaml: &str) -> Result<Config, Vec<String>> {
        Config::parse(yaml, Path::new("site.yaml")).map_err(|d| {
            d.iter()
                .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
                .collect()
        })
    }

    #[test]
    fn languages_come_default_first_then_in_written_order() {
        let config = parse("title: T\nlanguage: de\nlanguages:\n  fr: {}\n  pt_br: {}\n  de: { name: Deutsch (DE) }\n").unwrap();
        let codes: Vec<(&str, &str)> = (config.languages.iter())
            .map(|l| (l.code.as_str(), l.name.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("de", "Deutsch (DE)"),
                ("fr", "Français"),
                ("pt-BR", "Português (Brasil)")
            ]
        );
    }

    #[test]
    fn a_language_gets_its_own_words_folder_and_base() {
        let config = parse("title: Health\nbase_url: https://e.org/g/\nlanguages:\n  fr:\n    title: Santé\n    strings: { on_this_page: Dans cette page }\n").unwrap();
        let fr = config.in_language(1);
        assert_eq!(fr.language, "fr");
        assert_eq!(fr.title, "Santé");
        assert_eq!(fr.content_dir, "content/fr");
        assert_eq!(fr.base_url.url("a/"), "/g/fr/a/");
        assert_eq!(fr.root_url.url("a/"), "/g/a/");
        assert_eq!(fr.tiers[0].label, "Fondamentaux");
        assert_eq!(fr.strings.text("on_this_page"), "Dans cette page");
        // The default language's configuration is the site's.
        let en = config.in_language(0);
        assert_eq!(
            (en.title.as_str(), en.content_dir.as_str()),
            ("Health", "content")
        );
        assert_eq!(en.strings.text("on_this_page"), "On this page");
    }

    #[test]
    fn listing_only_the_default_language_keeps_one_language() {
        let config = parse("title: T\nlanguages:\n  en: { name: English }\n").unwrap();
        assert!(config.languages.is_empty());
    }

    #[test]
    fn a_misspelt_key_in_a_block_names_the_allowed_ones() {
        let errors = parse("title: T\nlanguages:\n  fr:\n    titel: Santé\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("4:5 unknown key `titel`"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_strings_mistake_in_a_block_is_reported_at_its_key() {
        let errors =
            parse("title: T\nlanguages:\n  fr:\n    strings: { on_this_pag: x }\n").unwrap_err();
        assert_eq!(errors, ["4:16 `strings` has no text `on_this_pag`"]);
    }
}
