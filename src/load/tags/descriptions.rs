//! `content/tags.yaml`: what each tag is about. A list of `{tag, description}`, read
//! loosely so that every problem of the file is reported in one run, then matched to
//! the site's tags by slug (so case and accents may differ from the topics').

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::at_tag;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, display_path};
use crate::model::{Tag, TopicTag};
use crate::slug::slugify;
use crate::yaml::{self, Spanned};

/// The keys of an entry of `content/tags.yaml`.
const DESCRIPTION_KEYS: &[&str] = &["tag", "description"];

/// A description of `content/tags.yaml`: the tag it is for, with the place of its
/// name there, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub tag: TopicTag,
    pub description: String,
}

/// Reads `content/tags.yaml`, a list of `{tag, description}` (plain text), reporting
/// every problem in one run: an unknown key, a missing or empty `tag`, a value that
/// is not text, a tag described twice. `None` when the file is not such a list.
pub fn parse_descriptions(text: &str, file: &Path) -> (Option<Vec<Described>>, Vec<Diagnostic>) {
    let Some(entries) = yaml::parse_loose(text) else {
        // Not a list of mappings: the strict reading says why, at the place.
        let error = yaml::parse::<Vec<yaml::LooseEntry>>(text, file).err();
        return (None, error.into_iter().collect());
    };
    let lines = LineIndex::new(text);
    let shown = display_path(file);
    let mut problems = Vec::new();
    let mut described: Vec<Described> = Vec::with_capacity(entries.len());
    for entry in &entries {
        for (key, node) in &entry.value {
            if !DESCRIPTION_KEYS.contains(&key.as_str()) {
                let near = crate::suggest::closest(key, DESCRIPTION_KEYS.iter().copied());
                let hint = match near {
                    Some(near) => {
                        format!("did you mean `{near}`? (the keys here are: tag, description)")
                    }
                    None => "the keys here are: tag, description".to_string(),
                };
                problems.push(
                    yaml::point_key(
                        Diagnostic::error(format!("unknown key `{key}`")),
                        text,
                        key,
                        node,
                    )
                    .in_file(file)
                    .hint(hint),
                );
            }
        }
        let text_of = |key: &str| -> Result<Option<&Spanned<serde_json::Value>>, Diagnostic> {
            match entry.value.get(key) {
                Some(node) if !node.value.is_string() => Err(yaml::point(
                    Diagnostic::error(format!("`{key}` must be text")),
                    text,
                    node,
                )
                .in_file(file)
                .hint("write it on one line after the colon, in quotes if it holds `: ` or `#`")),
                found => Ok(found),
            }
        };
        let (tag_node, description) = match (text_of("tag"), text_of("description")) {
            (Ok(Some(tag)), Ok(description)) => (tag, description),
            (Ok(None), _) => {
                problems.push(
                    yaml::point(Diagnostic::error("an entry has no `tag`"), text, entry)
                        .in_file(file)
                        .hint("name the tag it describes: `- tag: Sleep`"),
                );
                continue;
            }
            (tag, description) => {
                problems.extend(tag.err());
                problems.extend(description.err());
                continue;
            }
        };
        let label: String = tag_node
            .value
            .as_str()
            .unwrap_or_default()
            .trim()
            .nfc()
            .collect();
        let (line, column, line_text) = yaml::value_place(
            &lines,
            &Spanned::new(label.clone(), tag_node.referenced, tag_node.defined),
        );
        let tag = TopicTag {
            slug: slugify(&label),
            label,
            file: shown.clone(),
            line,
            column,
            line_text,
        };
        if tag.slug.is_empty() {
            problems.push(
                yaml::point(Diagnostic::error("`tag` names no tag"), text, tag_node)
                    .in_file(file)
                    .hint("write the tag's name as the topics write it"),
            );
            continue;
        }
        if let Some(first) = described.iter().find(|d| d.tag.slug == tag.slug) {
            problems.push(
                at_tag(
                    Diagnostic::error(format!(
                        "tag `{}` is described twice (first at line {})",
                        tag.label, first.tag.line
                    )),
                    &tag,
                )
                .hint("keep one description and remove the other"),
            );
            continue;
        }
        let description = description
            .and_then(|d| d.value.as_str())
            .unwrap_or_default()
            .trim()
            .to_string();
        described.push(Described { tag, description });
    }
    (Some(described), problems)
}

/// Gives each tag of `tags` its description. A description for a tag no topic has is a
/// warning, with the nearest tag there is (a topic that carries it may be a draft).
pub fn describe(tags: &mut [Tag], described: Vec<Described>, diags: &mut Diagnostics) {
    for d in described {
        match tags.iter_mut().find(|t| t.slug == d.tag.slug) {
            Some(tag) => tag.description = d.description,
            None => {
                let near =
                    crate::suggest::closest(&d.tag.label, tags.iter().map(|t| t.label.as_str()));
                let hint = match near {
                    Some(near) => format!(
                        "did you mean `{near}`? Otherwise remove the entry, or tag a topic with it"
                    ),
                    None => {
                        "tag a topic with it in its _topic.yaml, or remove the entry".to_string()
                    }
                };
                diags.push(
                    at_tag(
                        Diagnostic::warning(format!("no topic has the tag `{}`", d.tag.label)),
                        &d.tag,
                    )
                    .hint(hint),
                );
            }
        }
    }
}
