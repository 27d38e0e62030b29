//! `strata new TOPIC`: adds a topic to an existing site — its folder, `_topic.yaml`
//! and one Markdown file per tier — as drafts, so that nothing half-written is
//! published until the author says so (`strata serve --drafts` shows them meanwhile).
//!
//! The topic's name is checked as the build would check it (a URL segment that no
//! page Strata generates has), before anything is written.

use std::path::{Path, PathBuf};

use crate::config::{Config, RESERVED_PATHS, is_valid_id};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::CONTENT_DIR;

/// What to create.
#[derive(Debug, Clone)]
pub struct NewTopic {
    /// The folder name, which is also the topic's URL segment.
    pub slug: String,
    /// The title; `None` makes one from the slug (`insulin-resistance` → "Insulin resistance").
    pub title: Option<String>,
    /// Tier ids to write a page for; empty means every tier of the site.
    pub tiers: Vec<String>,
    /// The language to write the topic in, of a multilingual site; `None` for the
    /// default language.
    pub language: Option<String>,
}

/// Creates the topic in the site at `root`, whose configuration is `config`: the
/// files written, relative to `root`. Every problem with the request is reported, and
/// then nothing is written.
pub fn create_topic(
    root: &Path,
    config: &Config,
    request: &NewTopic,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let config = &match language_of(config, request.language.as_deref()) {
        Ok(index) => config.in_language(index),
        Err(error) => return Err(Diagnostics::from_iter([error])),
    };
    let slug = request.slug.as_str();
    let folder = Path::new(&config.content_dir).join(slug);
    if !is_valid_id(slug) {
        errors.push(
            Diagnostic::error(format!(
                "`{slug}` cannot be the name of a topic, which is its URL segment"
            ))
            .hint(suggest_name(root, slug)),
        );
    } else if RESERVED_PATHS.contains(&slug)
        || config.tier_index(slug).is_some()
        || config.languages.iter().any(|l| l.code == slug)
    {
        errors.push(
            Diagnostic::error(format!(
                "`{slug}` is the URL of a page Strata writes itself"
            ))
            .hint("choose another name for the topic"),
        );
    } else if let Some(tier) = (config.tiers.iter()).find(|t| {
        t.aliases
            .iter()
            .any(|a| a.path.trim_end_matches('/') == slug)
    }) {
        errors.push(
            Diagnostic::error(format!(
                "`{slug}` is an earlier id of tier `{}`, whose old URLs redirect",
                tier.id
            ))
            .hint("choose another name for the topic"),
        );
    } else if root.join(&folder).exists() {
        errors.push(
            Diagnostic::error(format!("`{}` exists already", folder.display()))
                .hint("choose another name, or add the missing tier files to that folder by hand"),
        );
    }
    for tier in &request.tiers {
        if config.tier_index(tier).is_none() {
            let ids = config.tiers.iter().map(|t| t.id.as_str());
            let hint = match crate::suggest::closest(tier, ids) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the site's tiers are: {}",
                    config
                        .tiers
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors
                .push(Diagnostic::error(format!("`{tier}` is not a tier of this site")).hint(hint));
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let title = request.title.clone().unwrap_or_else(|| title_from(slug));
    let mut files = vec![(folder.join(crate::load::TOPIC_FILE), topic_file(&title))];
    for tier in &config.tiers {
        if request.tiers.is_empty() || request.tiers.contains(&tier.id) {
            files.push((
                folder.join(format!("{}.md", tier.id)),
                tier_file(&tier.label),
            ));
        }
    }
    for (path, text) in &files {
        let full = root.join(path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&full, text));
        if let Err(err) = written {
            return Err(Diagnostics::from_iter([Diagnostic::error(format!(
                "cannot write `{}`: {err}",
                path.display()
            ))]));
        }
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The index in `config.languages` of the language `code` (0, the default, for
/// none), or an error naming the site's languages.
fn language_of(config: &Config, code: Option<&str>) -> Result<usize, Diagnostic> {
    let Some(code) = code else {
        return Ok(0);
    };
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    if let Some(index) = codes.iter().position(|c| c.eq_ignore_ascii_case(code)) {
        return Ok(index);
    }
    if codes.is_empty() && crate::i18n::canonical_language(code).is_ok_and(|c| c == config.language)
    {
        return Ok(0);
    }
    let hint = if codes.is_empty() {
        "the site is in one language; list the others under `languages:` in site.yaml".to_string()
    } else {
        format!("the site's languages are: {}", codes.join(", "))
    };
    Err(Diagnostic::error(format!("`{code}` is not a language of this site")).hint(hint))
}

/// `insulin-resistance` → "Insulin resistance".
fn title_from(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The advice for a name that cannot be a URL segment: its slug as an example, when
/// that is a valid name no topic has yet (`Heart rate` → `heart-rate`); otherwise
/// (`睡眠`, whose slug is no valid name either, `..`, which has none, or a slug that is
/// taken) the rule, and that the title can be in any script.
fn suggest_name(root: &Path, name: &str) -> String {
    let rule = "use lower-case letters (a to z), digits and `-`";
    let slug = crate::slug::slugify(name);
    let free = is_valid_id(&slug)
        && !RESERVED_PATHS.contains(&slug.as_str())
        && !root.join(CONTENT_DIR).join(&slug).exists();
    if free {
        format!("{rule}, e.g. `{slug}`")
    } else {
        format!(
            "{rule}; the topic's title can be in any script: `strata new NAME --title \"{name}\"`"
        )
    }
}

fn topic_file(title: &str) -> String {
    format!(
        "title: {}\n# summary: One sentence, shown in lists and search results.\n# weight: 1\n# references: [an-id-of-references-yaml]\n# tags: [a-subject, another-subject]\n",
        super::yaml_string(title)
    )
}

fn tier_file(label: &str) -> String {
    format!(
        "---\n# The {label} page. Remove `draft: true` to publish it; until then\n# `strata serve --drafts` shows it.\ndraft: true\n---\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_made_from_the_slug() {
        assert_eq!(title_from("insulin-resistance"), "Insulin resistance");
        assert_eq!(title_from("dna_repair"), "Dna repair");
        assert_eq!(title_from("x"), "X");
    }

    #[test]
    fn a_title_with_quotes_stays_one_yaml_string() {
        let text = topic_file("The \"good\" fat: a \\ story");
        let value: serde_json::Value = crate::yaml::parse(&text, Path::new("t.yaml")).unwrap();
        assert_eq!(value["title"], "The \"good\" fat: a \\ story");
    }
}
