//! Tags: the `tags:` of each `_topic.yaml`, checked where they are written, and the
//! site's tag index made from them once every topic is loaded.
//!
//! A tag's page is `tags/<slug>/`, its slug made from its name the way heading ids
//! are. Two names with one slug would share a page: one tag spelt two ways (`Type 2
//! diabetes`, `type 2 Diabetes`) or two tags whose names differ only in what a URL
//! drops (`C`, `C++`). Strata cannot tell which, so either is an error at the later
//! one, naming the first, with advice for both. A tag written twice alike in one topic
//! is a warning and is kept once. A slug too long for a folder name is an error. The
//! index lists tags alphabetically (accents and case folded), each with its topics in
//! reading order; it is made once per build, and pages only borrow from it.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, display_path};
use crate::model::{Tag, Topic, TopicTag};
use crate::slug::{slugify, sort_key};
use crate::yaml::{self, Spanned};

mod descriptions;

pub use descriptions::{describe, parse_descriptions};

/// The longest slug a tag may have, in bytes: its page is a folder of that name, and
/// file systems allow 255 bytes per name.
pub const MAX_SLUG_BYTES: usize = 200;

/// The tags of one topic file, and the problems of each as written.
pub fn read(
    nodes: Vec<Spanned<String>>,
    yaml_text: &str,
    file: &Path,
) -> (Vec<TopicTag>, Vec<Diagnostic>) {
    let lines = LineIndex::new(yaml_text);
    let shown = display_path(file);
    let mut tags: Vec<TopicTag> = Vec::with_capacity(nodes.len());
    let mut problems = Vec::new();
    for node in nodes {
        // Composed (NFC), so a name typed with combining accents is the same tag as
        // the name typed with accented letters.
        let label: String = node.value.trim().nfc().collect();
        let at = |d: Diagnostic| {
            yaml::point(d, yaml_text, &node)
                .in_file(file)
                .width(node.value.chars().count().max(1))
        };
        if label.is_empty() {
            problems.push(at(Diagnostic::error("a tag cannot be empty")
                .hint("write the tag's name, or remove the empty entry")));
            continue;
        }
        let slug = slugify(&label);
        if slug.is_empty() {
            problems.push(at(Diagnostic::error(format!(
                "tag `{label}` has no letter or digit to make its URL from"
            ))
            .hint("name the tag with at least one letter or digit")));
            continue;
        }
        if slug.len() > MAX_SLUG_BYTES {
            let shown: String = label.chars().take(40).collect();
            problems.push(at(Diagnostic::error(format!(
                "tag `{shown}…` is too long to name its page: its folder under `tags/` would have {} bytes, more than the {MAX_SLUG_BYTES} Strata allows",
                slug.len()
            ))
            .hint("shorten the tag: a tag names a subject in a few words")));
            continue;
        }
        let (line, column, line_text) = yaml::value_place(&lines, &node);
        let tag = TopicTag {
            label,
            slug,
            file: shown.clone(),
            line,
            column,
            line_text,
        };
        if let Some(first) = tags.iter().find(|t| t.slug == tag.slug) {
            problems.push(if first.label == tag.label {
                at(
                    Diagnostic::warning(format!("tag `{}` is listed twice", tag.label))
                        .hint("remove one of them"),
                )
            } else {
                same_page(&tag, first)
            });
            continue;
        }
        tags.push(tag);
    }
    (tags, problems)
}

/// The site's tags, alphabetically, each with its topics in reading order (`topics`
/// is in reading order). A tag spelt differently from its first use is reported there
/// and counted under its first spelling.
pub fn index(topics: &[Topic], diags: &mut Diagnostics) -> Vec<Tag> {
    let mut by_slug: HashMap<&str, usize> = HashMap::new();
    let mut tags: Vec<(Tag, &TopicTag)> = Vec::new();
    for (t, topic) in topics.iter().enumerate() {
        for tag in &topic.tags {
            match by_slug.get(tag.slug.as_str()) {
                Some(&i) => {
                    let (entry, first) = &mut tags[i];
                    if first.label != tag.label {
                        diags.push(same_page(tag, first));
                    }
                    entry.topics.push(t);
                }
                None => {
                    by_slug.insert(&tag.slug, tags.len());
                    let entry = Tag {
                        label: tag.label.clone(),
                        slug: tag.slug.clone(),
                        description: String::new(),
                        topics: vec![t],
                    };
                    tags.push((entry, tag));
                }
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_iter().map(|(tag, _)| tag).collect();
    tags.sort_by_cached_key(|t| (sort_key(&t.label), t.slug.clone()));
    tags
}

/// `diagnostic` at the place `tag` is written.
fn at_tag(diagnostic: Diagnostic, tag: &TopicTag) -> Diagnostic {
    diagnostic
        .in_file(Path::new(&tag.file))
        .at_line(Some(&tag.line_text), tag.line, tag.column)
        .width(tag.label.chars().count())
}

/// The error for `tag`, whose page `first` (another name) already has.
fn same_page(tag: &TopicTag, first: &TopicTag) -> Diagnostic {
    at_tag(
        Diagnostic::error(format!(
            "tags `{}` and `{}` ({}:{}) would both be the page `tags/{}/`",
            tag.label, first.label, first.file, first.line, tag.slug
        )),
        tag,
    )
    .hint(format!(
        "if they are one tag, write it `{}` here too; if they are two, rename one so that each has a page of its own",
        first.label
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Raw {
        tags: Vec<Spanned<String>>,
    }

    fn read_yaml(text: &str, file: &str) -> (Vec<TopicTag>, Vec<Diagnostic>) {
        let raw: Raw = yaml::parse(text, Path::new(file)).expect("parses");
        read(raw.tags, text, Path::new(file))
    }

    fn topic(slug: &str, tags: Vec<TopicTag>) -> Topic {
        Topic {
            slug: slug.into(),
            title: slug.into(),
            summary: String::new(),
            weight: 0,
            references: Vec::new(),
            aliases: Vec::new(),
            tags,
            tiers: Vec::new(),
        }
    }

    #[test]
    fn names_become_slugs_and_keep_their_places() {
        let (tags, problems) = read_yaml(
            "title: A\ntags: [Nutrition, \"Type 2 diabetes\"]\n",
            "content/a/_topic.yaml",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let found: Vec<_> = tags
            .iter()
            .map(|t| (t.label.as_str(), t.slug.as_str(), t.line, t.column))
            .collect();
        assert_eq!(
            found,
            [
                ("Nutrition", "nutrition", 2, 8),
                ("Type 2 diabetes", "type-2-diabetes", 2, 20),
            ]
        );
        assert_eq!(tags[0].file, "content/a/_topic.yaml");
    }

    #[test]
    fn empty_unsluggable_and_repeated_tags_are_reported_at_their_place() {
        let text = "title: A\ntags:\n  - Sleep\n  - \"\"\n  - \"???\"\n  - sleep\n  - Sleep\n  - C\n  - C++\n";
        let (tags, problems) = read_yaml(text, "content/a/_topic.yaml");
        assert_eq!(tags.len(), 2);
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.is_error(), d.message.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                (true, "a tag cannot be empty", 4, 5),
                (
                    true,
                    "tag `???` has no letter or digit to make its URL from",
                    5,
                    6
                ),
                (
                    true,
                    "tags `sleep` and `Sleep` (content/a/_topic.yaml:3) would both be the page `tags/sleep/`",
                    6,
                    5
                ),
                (false, "tag `Sleep` is listed twice", 7, 5),
                (
                    true,
                    "tags `C++` and `C` (content/a/_topic.yaml:8) would both be the page `tags/c/`",
                    9,
                    5
                ),
            ]
        );
    }

    #[test]
    fn a_tag_too_long_for_a_folder_name_is_an_error() {
        let long = "word ".repeat(45);
        let text = format!("tags: [Sleep, \"{long}\"]\n");
        let (tags, problems) = read_yaml(&text, "content/a/_topic.yaml");
        assert_eq!(tags.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_error());
        assert!(
            problems[0].message.ends_with(
                "too long to name its page: its folder under `tags/` would have 224 bytes, \
                 more than the 200 Strata allows"
            ),
            "{}",
            problems[0].message
        );
        assert_eq!((problems[0].line, problems[0].column), (1, 16));
    }

    #[test]
    fn a_name_with_combining_accents_is_the_same_tag() {
        let tags = |text: &str, file: &str| read_yaml(text, file).0;
        let topics = vec![
            topic("a", tags("tags: [Résumé]\n", "content/a/_topic.yaml")),
            topic(
                "b",
                tags(
                    "tags: [\"Re\u{301}sume\u{301}\"]\n",
                    "content/b/_topic.yaml",
                ),
            ),
        ];
        let mut diags = Diagnostics::new();
        let index = index(&topics, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(index.len(), 1);
        assert_eq!(
            (index[0].label.as_str(), index[0].topics.len()),
            ("Résumé", 2)
        );
    }

    #[test]
    fn the_index_is_alphabetical_with_topics_in_reading_order() {
        let tags = |text: &str, file: &str| read_yaml(text, file).0;
        let topics = vec![
            topic(
                "b",
                tags("tags: [sleep, Exercise, Ärger]\n", "content/b/_topic.yaml"),
            ),
            topic("a", tags("tags: [Exercise]\n", "content/a/_topic.yaml")),
            topic("c", Vec::new()),
        ];
        let mut diags = Diagnostics::new();
        let index = index(&topics, &mut diags);
        assert!(diags.is_empty());
        let found: Vec<_> = index
            .iter()
            .map(|t| (t.label.as_str(), t.slug.as_str(), t.topics.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("Ärger", "arger", vec![0]),
                ("Exercise", "exercise", vec![0, 1]),
                ("sleep", "sleep", vec![0])
            ]
        );
    }

    #[test]
    fn one_tag_spelt_two_ways_is_an_error_naming_the_first() {
        let tags = |text: &str, file: &str| read_yaml(text, file).0;
        let topics = vec![
            topic(
                "a",
                tags("tags: [Type 2 diabetes]\n", "content/a/_topic.yaml"),
            ),
            topic(
                "b",
                tags("tags: [type 2 Diabetes]\n", "content/b/_topic.yaml"),
            ),
        ];
        let mut diags = Diagnostics::new();
        let index = index(&topics, &mut diags);
        assert_eq!(index.len(), 1);
        assert_eq!(index[0].topics, [0, 1]);
        let error = diags.iter().next().expect("an error");
        assert_eq!(
            error.message,
            "tags `type 2 Diabetes` and `Type 2 diabetes` (content/a/_topic.yaml:1) would both \
             be the page `tags/type-2-diabetes/`"
        );
        assert_eq!((error.line, error.column), (1, 8));
        assert_eq!(error.file.as_deref(), Some("content/b/_topic.yaml"));
    }
}
