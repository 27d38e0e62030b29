//! Ids written by the author on a heading (`## Setup {#setup}`): the `{…}` block read
//! back from the source and judged on its own.
//!
//! pulldown-cmark splits the block at spaces and ignores a lone `#`, so `{#my id}`
//! gives the id `my` and a stray attribute `id=""`, and `{#}` gives nothing at all:
//! only the source still shows what the author meant. This module says what is wrong
//! with a written id and which id was probably meant; which id a heading finally gets,
//! and whether something else on the page has it already, is for [`super::headings`].

use crate::slug::slugify;

/// What is wrong with the id in a heading's `{…}` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// `{#my id}`: the id runs on past a space. `written` is that part of the block
    /// (`#my id`); `words` is what follows the `#` (`my id`).
    Space { written: String, words: String },
    /// `{#50%}`: the id holds a character that a link to it cannot hold as it is.
    Character { id: String, character: char },
    /// `{#}`: nothing after the `#`.
    Empty,
    /// `{#a #b}`: more than one id; the parser keeps the last.
    Several { ids: Vec<String> },
}

impl IdProblem {
    /// Whether the problem breaks the page (a stray attribute, a fragment no link can
    /// name as written) rather than leaving part of the block unused.
    pub fn is_error(&self) -> bool {
        matches!(self, Self::Space { .. } | Self::Character { .. })
    }

    /// The id the author most likely meant, before it is made unique on the page;
    /// `None` when the block says nothing about it.
    pub fn meant(&self) -> Option<String> {
        let slug = match self {
            Self::Space { words, .. } => slugify(words),
            Self::Character { id, .. } => slugify(id),
            Self::Several { ids } => return ids.last().cloned(),
            Self::Empty => return None,
        };
        (!slug.is_empty()).then_some(slug)
    }
}

/// The inside of the `{…}` block that ends a heading, found as pulldown-cmark finds it:
/// `#setup .note` for `## Setup {#setup .note}`. `heading` is the heading's source; a
/// setext heading's underline is passed over.
pub fn attribute_block(heading: &str) -> Option<&str> {
    let mut lines = heading.lines().rev();
    let last = lines.next()?;
    let line = lines.next().unwrap_or(last).trim_end();
    let inner = line.strip_suffix('}')?;
    let open = inner.rfind(['{', '}', '<', '>', '\\'])?;
    inner[open..].strip_prefix('{')
}

/// What is wrong with the ids of the attribute block `block` (the inside of `{…}`).
pub fn check(block: &str) -> Option<IdProblem> {
    let words = words_at(block);
    if let Some(problem) = run_on_id(block, &words) {
        return Some(problem);
    }
    let ids: Vec<&str> = words
        .iter()
        .filter_map(|(_, w)| w.strip_prefix('#'))
        .filter(|id| !id.is_empty())
        .collect();
    let Some(&last) = ids.last() else {
        return words
            .iter()
            .any(|(_, w)| *w == "#")
            .then_some(IdProblem::Empty);
    };
    if let Some(character) = unlinkable_char(last) {
        return Some(IdProblem::Character {
            id: last.to_string(),
            character,
        });
    }
    (ids.len() > 1).then(|| IdProblem::Several {
        ids: ids.iter().map(|id| id.to_string()).collect(),
    })
}

/// The words of `block` split as the parser splits them, each with its byte offset.
fn words_at(block: &str) -> Vec<(usize, &str)> {
    block
        .split_ascii_whitespace()
        .map(|w| (w.as_ptr() as usize - block.as_ptr() as usize, w))
        .collect()
}

/// `{#my id}` or `{# setup}`: an id (or a lone `#`) followed by plain words, which the
/// parser would turn into attributes or drop.
fn run_on_id(block: &str, words: &[(usize, &str)]) -> Option<IdProblem> {
    for (at, (start, first)) in words.iter().enumerate() {
        if !first.starts_with('#') {
            continue;
        }
        let plain = words[at + 1..]
            .iter()
            .take_while(|(_, w)| is_plain_word(w))
            .count();
        let Some((last_start, last)) = words.get(at + plain).filter(|_| plain > 0) else {
            continue;
        };
        let written = &block[*start..last_start + last.len()];
        let meant: Vec<&str> = words[at..=at + plain].iter().map(|(_, w)| *w).collect();
        return Some(IdProblem::Space {
            written: written.to_string(),
            words: meant.join(" ")[1..].trim_start().to_string(),
        });
    }
    None
}

/// A word that is neither an id, a class nor `key=value`, and names no attribute a
/// heading may carry bare: the parser would make it an attribute with an empty value
/// (or drop it, when it is one character long).
fn is_plain_word(word: &str) -> bool {
    const BARE_ATTRIBUTES: &[&str] = &["hidden", "inert", "autofocus", "itemscope"];
    !word.starts_with(['#', '.'])
        && !word.contains('=')
        && !word.starts_with("data-")
        && !word.starts_with("aria-")
        && !BARE_ATTRIBUTES.contains(&word)
}

/// The first character of `id` that a URL fragment cannot hold as it is: white space,
/// a control character, or one of `"#%<>[\]^`{|}` (RFC 3986). Letters of any script
/// are fine.
pub fn unlinkable_char(id: &str) -> Option<char> {
    id.chars()
        .find(|&c| c.is_whitespace() || c.is_control() || "\"#%<>[\\]^`{|}".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(heading: &str) -> Option<IdProblem> {
        attribute_block(heading).and_then(check)
    }

    #[test]
    fn the_block_is_found_where_the_parser_finds_it() {
        assert_eq!(
            attribute_block("## Setup {#setup .note}\n"),
            Some("#setup .note")
        );
        assert_eq!(attribute_block("## Setup {#setup}  ## \n"), None);
        assert_eq!(attribute_block("Setup {#setup}\n=====\n"), Some("#setup"));
        assert_eq!(attribute_block("Two\nlines {#x}\n---\n"), Some("#x"));
        assert_eq!(attribute_block("## Set {up} {#x}"), Some("#x"));
        assert_eq!(attribute_block("## a<b {#x>}"), None);
        assert_eq!(attribute_block("## Setup"), None);
        assert_eq!(attribute_block("## {}"), Some(""));
    }

    #[test]
    fn a_space_in_an_id_is_an_error_that_suggests_the_slug() {
        let p = problem("## Setup {#Bad Id}").unwrap();
        assert_eq!(
            p,
            IdProblem::Space {
                written: "#Bad Id".into(),
                words: "Bad Id".into()
            }
        );
        assert!(p.is_error());
        assert_eq!(p.meant().as_deref(), Some("bad-id"));
        let p = problem("## Setup {.note #my id .wide}").unwrap();
        assert_eq!(p.meant().as_deref(), Some("my-id"));
        let p = problem("## Setup {# setup}").unwrap();
        assert!(matches!(&p, IdProblem::Space { written, .. } if written == "# setup"));
        assert_eq!(p.meant().as_deref(), Some("setup"));
        let p = problem("## Part {#part a .x}").unwrap();
        assert!(matches!(&p, IdProblem::Space { written, .. } if written == "#part a"));
    }

    #[test]
    fn attributes_after_an_id_are_not_part_of_it() {
        for heading in [
            "## A {#a .note}",
            "## A {#a lang=fr}",
            "## A {#a data-x}",
            "## A {#a hidden}",
            "## A {.note}",
            "## A {#a .b}",
        ] {
            assert_eq!(problem(heading), None, "{heading}");
        }
    }

    #[test]
    fn characters_a_fragment_cannot_hold_are_errors() {
        for (heading, character, meant) in [
            ("## A {#50%}", '%', Some("50")),
            ("## A {#say\"hi\"}", '"', Some("say-hi")),
            ("## A {#c#}", '#', Some("c")),
            ("## A {#a|b}", '|', Some("a-b")),
            ("## A {#my\u{a0}id}", '\u{a0}', Some("my-id")),
            ("## A {#%%}", '%', None),
            ("## A {#a #b%}", '%', Some("b")),
        ] {
            let p = problem(heading).unwrap();
            assert!(
                matches!(&p, IdProblem::Character { character: c, .. } if *c == character),
                "{heading}: {p:?}"
            );
            assert!(p.is_error());
            assert_eq!(p.meant().as_deref(), meant, "{heading}");
        }
        for ok in ["1intro", "Setup", "v1.2", "fig:one", "q&a", "café", "a_b-c"] {
            assert_eq!(unlinkable_char(ok), None, "{ok}");
        }
    }

    #[test]
    fn an_empty_id_or_two_ids_are_warnings() {
        let p = problem("## Setup {#}").unwrap();
        assert_eq!(p, IdProblem::Empty);
        assert!(!p.is_error());
        assert_eq!(p.meant(), None);
        let p = problem("## Setup {#a .note #b}").unwrap();
        assert_eq!(
            p,
            IdProblem::Several {
                ids: vec!["a".into(), "b".into()]
            }
        );
        assert!(!p.is_error());
        assert_eq!(p.meant().as_deref(), Some("b"));
    }
}
