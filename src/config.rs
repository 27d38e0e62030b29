//! `site.yaml`: the raw file shape and the validated [`Config`] the rest of Strata reads.
//!
//! Raw structs mirror the file with `deny_unknown_fields`, so a misspelt key is an
//! error naming it and the allowed keys; [`Config::from_raw`] checks what serde cannot
//! (tier ids, the base URL) and fills defaults. Nothing here reads other files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::urls::BaseUrl;
use crate::yaml::{self, Spanned};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    base_url: Option<Spanned<String>>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    languages: Option<crate::languages::RawLanguages>,
    /// `None` also for a `strings:` with nothing under it (every entry commented out).
    #[serde(default)]
    strings: Option<crate::i18n::RawStrings>,
    #[serde(default)]
    theme: Option<Spanned<String>>,
    #[serde(default)]
    tiers: Option<Vec<RawTier>>,
    #[serde(default)]
    glossary: Option<RawGlossaryOptions>,
    #[serde(default)]
    math: Option<RawMathOptions>,
    #[serde(default)]
    edit_url: Option<Spanned<String>>,
    #[serde(default)]
    extra: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossaryOptions {
    #[serde(default)]
    link: Option<LinkMode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMathOptions {
    /// LaTeX macros: name (without its backslash) → definition.
    #[serde(default)]
    macros: BTreeMap<String, Spanned<String>>,
}

/// Which occurrences of a glossary term are linked on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkMode {
    /// The first occurrence on each page.
    #[default]
    First,
    /// The first occurrence in each `##` section.
    Section,
    /// Every occurrence.
    All,
    /// None (explicit `glossary:` links still work).
    None,
}

/// One reading depth, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tier {
    pub id: String,
    pub label: String,
    pub summary: String,
    /// The tier's earlier ids: each of its URLs under one of them (`/basics/`,
    /// `/topic/basics/`) redirects to the same page under its id.
    #[serde(skip)]
    pub aliases: Vec<crate::model::Alias>,
}

/// The validated site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    pub base_url: BaseUrl,
    pub language: String,
    pub theme: String,
    pub tiers: Vec<Tier>,
    pub glossary_link: LinkMode,
    /// LaTeX macros for formulas, `(name, definition)`, the name without a backslash;
    /// checked when the file is read.
    pub math_macros: Vec<(String, String)>,
    /// Where a page's source can be edited: a URL that the source's path (relative
    /// to the site root) completes, or that holds `{path}` where the path goes.
    pub edit_url: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The words of the theme and of Strata's own HTML in the site's language, with
    /// the site's `strings:` in place of the built-in ones.
    #[serde(skip)]
    pub strings: crate::i18n::Strings,
    /// What site.yaml holds that works but is likely a mistake.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// Every language of a multilingual site, the default first; empty for a site
    /// in one language.
    #[serde(skip)]
    pub languages: Vec<crate::languages::Language>,
    /// The folder this build reads its pages from: `content`, or `content/<code>`
    /// for a language other than the default.
    #[serde(skip)]
    pub content_dir: String,
    /// Where the files every language shares are published (`static/`, the theme's
    /// assets): the default language's `base_url`.
    #[serde(skip)]
    pub root_url: BaseUrl,
}

impl Config {
    /// Parses and validates the text of `site.yaml`.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
        let raw: RawConfig = yaml::parse(text, file).map_err(|d| Diagnostics::from_iter([d]))?;
        Self::from_raw(raw, text, file)
    }

    fn from_raw(raw: RawConfig, text: &str, file: &Path) -> Result<Config, Diagnostics> {
        let mut errors = Diagnostics::new();
        let tiers_written = raw.tiers.is_some();
        let tiers = raw
            .tiers
            .map(|list| validate_tiers(list, text, file, &mut errors));
        let base_url = match &raw.base_url {
            None => BaseUrl::root(),
            Some(node) => match BaseUrl::parse(&node.value) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(
                        yaml::point(Diagnostic::error(format!("invalid base_url: {why}")).in_file(file), text, node)
                            .hint("use an absolute URL such as `https://example.org/guide/` or a path such as `/guide/`"),
                    );
                    BaseUrl::root()
                }
            },
        };
        if raw.title.trim().is_empty() {
            errors.push(
                Diagnostic::error("the site title is empty")
                    .in_file(file)
                    .hint("give `title` a value"),
            );
        }
        let theme = raw.theme.map_or_else(|| "default".to_string(), |t| t.value);
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            errors.push(
                Diagnostic::error(format!("invalid theme name `{theme}`"))
                    .in_file(file)
                    .hint("name a folder of `themes/`, or `default`"),
            );
        }
        let math_macros = validate_macros(raw.math, text, file, &mut errors);
        let edit_url = raw.edit_url.and_then(|node| match edit_url_problem(&node.value) {
            None => Some(node.value.trim().to_string()),
            Some(why) => {
                errors.push(
                    yaml::point(Diagnostic::error(format!("invalid edit_url: {why}")).in_file(file), text, &node)
                        .width(node.value.chars().count())
                        .hint("give the address where the site's folder can be edited, such as `https://github.com/you/repo/edit/main/`; each page adds its file's path (`content/topic/tier.md`), or puts it where `{path}` stands"),
                );
                None
            }
        });
        let language = match raw.language {
            None => "en".to_string(),
            Some(node) => match crate::i18n::canonical_language(&node.value) {
                Ok(tag) => tag,
                Err(hint) => {
                    errors.push(
                        yaml::point(
                            Diagnostic::error(format!("`{}` is not a language tag", node.value))
                                .in_file(file),
                            text,
                            &node,
                        )
                        .width(node.value.chars().count())
                        .hint(hint),
                    );
                    "en".to_string()
                }
            },
        };
        let builtin = crate::i18n::Strings::for_language(&language);
        let own = crate::i18n::check_site_strings(
            raw.strings.unwrap_or_default(),
            &builtin,
            text,
            file,
            &mut errors,
        );
        let strings = builtin.with_site(own);
        // Without `tiers:`, the default three, named in the site's language.
        let tiers = tiers.unwrap_or_else(|| default_tiers_in(&strings));
        let languages = crate::languages::validate(
            raw.languages.unwrap_or_default(),
            &crate::languages::SiteDefaults {
                language: &language,
                tiers: &tiers,
                tiers_written,
                reserved: RESERVED_PATHS,
            },
            text,
            file,
            &mut errors,
        );
        if errors.has_errors() {
            return Err(errors);
        }
        let warnings = errors.into_iter().collect();
        Ok(Config {
            title: raw.title,
            description: raw.description.unwrap_or_default(),
            author: raw.author,
            base_url: base_url.clone(),
            language,
            theme,
            tiers,
            glossary_link: raw.glossary.and_then(|g| g.link).unwrap_or_default(),
            math_macros,
            edit_url,
            extra: raw.extra.unwrap_or_default(),
            strings,
            warnings,
            languages,
            content_dir: crate::load::CONTENT_DIR.to_string(),
            root_url: base_url,
        })
    }

    /// The configuration of the build of `self.languages[index]`: its language, words
    /// and tiers, its content folder and its base URL under the site's. The default
    /// language's (index 0) is `self` as it is.
    pub fn in_language(&self, index: usize) -> Config {
        let mut config = self.clone();
        let Some(words) = self.languages.get(index).and_then(|l| l.words.as_ref()) else {
            return config;
        };
        let code = &self.languages[index].code;
        config.language = code.clone();
        if let Some(title) = &words.title {
            config.title = title.clone();
        }
        if let Some(description) = &words.description {
            config.description = description.clone();
        }
        config.tiers = words.tiers.clone();
        config.strings = words.strings.clone();
        config.content_dir = format!("{}/{code}", crate::load::CONTENT_DIR);
        config.base_url = self.root_url.join(code);
        config.warnings = Vec::new();
        config
    }

    /// Where the source `source` (a site-relative path, `content/a/b.md`) can be
    /// edited, when the site says.
    pub fn edit_link(&self, source: &str) -> Option<String> {
        let url = self.edit_url.as_deref()?;
        Some(if url.contains("{path}") {
            url.replace("{path}", source)
        } else if url.ends_with('/') {
            format!("{url}{source}")
        } else {
            format!("{url}/{source}")
        })
    }

    /// Whether the site's `language` is English (`en`, `en-GB`, …), for which the
    /// reading grade's formula was made.
    pub fn is_english(&self) -> bool {
        crate::i18n::primary_subtag(&self.language) == "en"
    }

    /// The language this configuration builds, when it is not the site's default
    /// (the default's pages are `content/`, another's `content/<code>/`).
    pub fn other_language(&self) -> Option<&str> {
        (self.content_dir != crate::load::CONTENT_DIR).then_some(self.language.as_str())
    }

    /// The index of tier `id`, if the site declares it.
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
}

/// What is wrong with `url` as an `edit_url`, if anything.
fn edit_url_problem(url: &str) -> Option<&'static str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        None => Some("it must be an absolute `https://` or `http://` URL"),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Some("it names no host"),
        Some(_) if url.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>')) => {
            Some("it contains a space, a quote or an angle bracket")
        }
        Some(_) => None,
    }
}

/// The macros of `math:`, checked by the converter: a name that is not a command name,
/// or a definition that cannot be typeset, is an error at its definition.
fn validate_macros(
    raw: Option<RawMathOptions>,
    text: &str,
    file: &Path,
    errors: &mut Diagnostics,
) -> Vec<(String, String)> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut macros = Vec::with_capacity(raw.macros.len());
    let mut nodes = Vec::with_capacity(raw.macros.len());
    for (name, definition) in &raw.macros {
        // `\R` and `R` both name the command `\R`.
        let name = name.strip_prefix('\\').unwrap_or(name);
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!("invalid macro name `{name}`")).in_file(file),
                    text,
                    definition,
                )
                .hint("a macro is named by letters only, as LaTeX commands are: `R` defines `\\R`"),
            );
            continue;
        }
        macros.push((name.to_string(), definition.value.clone()));
        nodes.push(definition);
    }
    for problem in crate::math::Math::check_macros(&macros) {
        let (name, definition) = &macros[problem.index];
        errors.push(
            yaml::point(
                Diagnostic::error(format!(
                    "the macro `\\{name}` cannot be typeset: {}",
                    problem.message
                ))
                .in_file(file),
                text,
                nodes[problem.index],
            )
            .width(definition.chars().count().max(1))
            .hint("write the definition in LaTeX, with `#1`, `#2`… for its arguments"),
        );
    }
    macros
}

fn validate_tiers(
    list: Vec<RawTier>,
    text: &str,
    file: &Path,
    errors: &mut Diagnostics,
) -> Vec<Tier> {
    if list.is_empty() {
        errors.push(
            Diagnostic::error("`tiers` is empty")
                .in_file(file)
                .hint("declare at least one tier, or remove `tiers` to use Fundamentals / Intermediate / Academic"),
        );
    }
    let mut tiers: Vec<Tier> = Vec::with_capacity(list.len());
    let mut alias_nodes = Vec::new();
    for raw in list {
        let id = raw.id.value.clone();
        if !is_valid_id(&id) {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!("invalid tier id `{id}`")).in_file(file),
                    text,
                    &raw.id,
                )
                .width(id.chars().count())
                .hint("tier ids name files and URLs: use lower-case letters, digits and `-`"),
            );
        } else if tiers.iter().any(|t| t.id == id) {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!("tier `{id}` is declared twice")).in_file(file),
                    text,
                    &raw.id,
                )
                .width(id.chars().count())
                .hint("give each tier its own id"),
            );
        } else if RESERVED_PATHS.contains(&id.as_str()) {
            errors.push(
                yaml::point(
                    Diagnostic::error(format!(
                        "tier id `{id}` clashes with a page Strata generates"
                    ))
                    .in_file(file),
                    text,
                    &raw.id,
                )
                .width(id.chars().count())
                .hint(format!(
                    "choose another id; these are taken: {}",
                    RESERVED_PATHS.join(", ")
                )),
            );
        }
        alias_nodes.extend(raw.aliases.into_iter().map(|node| (tiers.len(), node)));
        tiers.push(Tier {
            id,
            label: raw.label,
            summary: raw.summary.unwrap_or_default(),
            aliases: Vec::new(),
        });
    }
    if alias_nodes.is_empty() {
        return tiers;
    }
    let lines = crate::diagnostic::LineIndex::new(text);
    for (index, node) in alias_nodes {
        let old = node.value.trim().trim_matches('/').to_string();
        let problem = if !is_valid_id(&old) {
            Some((
                format!("`{}` cannot be an earlier id of tier `{}`", node.value, tiers[index].id),
                "a tier alias is the tier's earlier id, a URL segment: lower-case letters, digits and `-`".to_string(),
            ))
        } else if let Some(other) = tiers.iter().find(|t| t.id == old) {
            Some((
                format!(
                    "`{old}` is the id of tier `{}`, so it cannot be an alias",
                    other.id
                ),
                "an alias names an id the site no longer uses".to_string(),
            ))
        } else if RESERVED_PATHS.contains(&old.as_str()) {
            Some((
                format!("tier alias `{old}` clashes with a page Strata generates"),
                format!("these are taken: {}", RESERVED_PATHS.join(", ")),
            ))
        } else if tiers
            .iter()
            .flat_map(|t| &t.aliases)
            .any(|a| a.path == format!("{old}/"))
        {
            Some((
                format!("`{old}` is already an alias of a tier"),
                "an earlier id can lead to one tier only".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, hint)) = problem {
            errors.push(
                yaml::point(Diagnostic::error(message).in_file(file), text, &node)
                    .width(node.value.chars().count())
                    .hint(hint),
            );
            continue;
        }
        let (line, column, line_text) = yaml::value_place(&lines, &node);
        tiers[index].aliases.push(crate::model::Alias {
            written: node.value.clone(),
            path: format!("{old}/"),
            file: crate::diagnostic::display_path(file),
            line,
            column,
            line_text,
        });
    }
    tiers
}

/// URL segments Strata writes itself, which no tier or topic may take.
pub const RESERVED_PATHS: &[&str] = &["glossary", "static", "assets", "search", "tags"];

/// Ids that become file names and URL segments: `a-z`, `0-9`, `-`, `_`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The default tiers with their labels and summaries in the words of `strings`
/// (`tier_fundamentals`, `tier_fundamentals_summary`, …); their ids, the URL
/// segments, stay as in English.
pub fn default_tiers_in(strings: &crate::i18n::Strings) -> Vec<Tier> {
    default_tiers()
        .into_iter()
        .map(|tier| Tier {
            label: strings.text(&format!("tier_{}", tier.id)).to_string(),
            summary: strings
                .text(&format!("tier_{}_summary", tier.id))
                .to_string(),
            ..tier
        })
        .collect()
}

/// Fundamentals, Intermediate, Academic.
pub fn default_tiers() -> Vec<Tier> {
    [
        (
            "fundamentals",
            "Fundamentals",
            "The essentials in plain words, for every reader.",
        ),
        (
            "intermediate",
            "Intermediate",
            "The practical detail, for readers ready to act on it.",
        ),
        (
            "academic",
            "Academic",
            "The mechanisms and the evidence, for students and professionals.",
        ),
    ]
    .into_iter()
    .map(|(id, label, summary)| Tier {
        aliases: Vec::new(),
        id: id.into(),
        label: label.into(),
        summary: summary.into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn minimal_config_gets_the_three_default_tiers() {
        let config = parse("title: Guide\n").unwrap();
        let ids: Vec<_> = config.tiers.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["fundamentals", "intermediate", "academic"]);
        assert_eq!(config.glossary_link, LinkMode::First);
        assert_eq!(config.base_url.path(), "/");
    }

    #[test]
    fn custom_tiers_keep_their_order() {
        let config =
            parse("title: G\ntiers:\n  - {id: intro, label: Intro}\n  - {id: deep, label: Deep}\n")
                .unwrap();
        assert_eq!(config.tier_index("deep"), Some(1));
    }

    #[test]
    fn duplicate_and_invalid_tier_ids_are_both_reported() {
        let errors = parse("title: G\ntiers:\n  - {id: a, label: A}\n  - {id: a, label: B}\n  - {id: 'B c', label: C}\n")
            .unwrap_err();
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["tier `a` is declared twice", "invalid tier id `B c`"]
        );
    }

    #[test]
    fn glossary_link_mode_parses() {
        let config = parse("title: G\nglossary:\n  link: all\n").unwrap();
        assert_eq!(config.glossary_link, LinkMode::All);
    }
    #[test]
    fn an_edit_url_is_completed_by_the_source_path_or_takes_it_at_its_placeholder() {
        let link = |url: &str| {
            parse(&format!("title: G\nedit_url: '{url}'\n"))
                .unwrap()
                .edit_link("content/a/b.md")
        };
        let expected = Some("https://h.org/e/content/a/b.md".to_string());
        assert_eq!(link("https://h.org/e/"), expected);
        assert_eq!(link("https://h.org/e"), expected);
        assert_eq!(
            link("http://h.org/e?f={path}&x=1").as_deref(),
            Some("http://h.org/e?f=content/a/b.md&x=1")
        );
        assert_eq!(
            parse("title: G\n").unwrap().edit_link("content/a/b.md"),
            None
        );
    }

    #[test]
    fn an_edit_url_that_is_no_web_address_is_refused() {
        for (url, why) in [
            (
                "github.com/a/b",
                "it must be an absolute `https://` or `http://` URL",
            ),
            (
                "javascript:alert(1)",
                "it must be an absolute `https://` or `http://` URL",
            ),
            ("https:///edit", "it names no host"),
            (
                "https://h.org/my repo/",
                "it contains a space, a quote or an angle bracket",
            ),
        ] {
            let errors = parse(&format!("title: G\nedit_url: '{url}'\n")).unwrap_err();
            let messages: Vec<_> = errors.iter().map(|d| d.message.clone()).collect();
            assert_eq!(messages, [format!("invalid edit_url: {why}")], "{url}");
        }
    }
}
