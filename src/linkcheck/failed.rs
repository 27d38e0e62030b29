//! Which broken links a source that failed to load already explains.
//!
//! A Markdown file, topic folder or co-located file that could not be read is missing
//! from the built site, and its own error says why; a link into it is not reported
//! again (the project's rule: a mistake in one file is not reported a second time
//! through the files that depend on it). Once the source loads, a link that is still
//! broken is reported.

use std::collections::HashSet;

use super::collect::{BrokenLink, Problem};

/// Whether `broken` leads into a part of the site that is missing because one of the
/// `failed` sources (site-relative paths) did not load: a page or file that was not
/// built, or an id of such a page; or any id at all while a YAML file (glossary,
/// references, a table, a topic) that gives pages their ids could not be read.
pub fn explained_by(broken: &BrokenLink, failed: &HashSet<String>) -> bool {
    let missing = |target: &str| failed.iter().any(|source| built_from(target, source));
    match &broken.problem {
        Problem::NoFile { target } => missing(target),
        Problem::NoId { file, .. } => {
            missing(file.trim_end_matches("index.html"))
                || failed.iter().any(|f| f.ends_with(".yaml"))
        }
        Problem::OutsideBase | Problem::AboveRoot | Problem::Redirected { .. } => false,
    }
}

/// Whether `target` (a path of the output folder, a page's folder with or without its
/// trailing `/`) would have been built from `source`: `content/a/b.md` makes `a/b/`,
/// `content/a/index.md` makes `a/`, `content/_index.md` the home page, and a folder
/// or a file below `content/` makes its own path.
fn built_from(target: &str, source: &str) -> bool {
    let Some(rel) = source.strip_prefix("content/") else {
        return false;
    };
    if rel == "_index.md" {
        return target.is_empty() || target == "index.html";
    }
    let rel = match rel.strip_suffix(".md") {
        Some(stem) => stem.strip_suffix("/index").unwrap_or(stem),
        None => rel,
    };
    target == rel || format!("{target}/").starts_with(&format!("{rel}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_file(target: &str) -> BrokenLink {
        BrokenLink {
            page: "a/index.html".into(),
            url: String::new(),
            problem: Problem::NoFile {
                target: target.into(),
            },
        }
    }

    fn no_id(file: &str) -> BrokenLink {
        BrokenLink {
            page: "a/index.html".into(),
            url: String::new(),
            problem: Problem::NoId {
                file: file.into(),
                id: "x".into(),
                redirected: false,
            },
        }
    }

    fn failed(sources: &[&str]) -> HashSet<String> {
        sources.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sources_map_to_what_they_would_have_built() {
        assert!(built_from(
            "plants/fundamentals/",
            "content/plants/fundamentals.md"
        ));
        assert!(built_from(
            "plants/fundamentals",
            "content/plants/fundamentals.md"
        ));
        assert!(!built_from(
            "plants/fundamentals-2/",
            "content/plants/fundamentals.md"
        ));
        assert!(!built_from("plants/", "content/plants/fundamentals.md"));
        assert!(built_from("plants/academic/", "content/plants"));
        assert!(built_from("help/", "content/help/index.md"));
        assert!(built_from(
            "plants/diagram.svg",
            "content/plants/diagram.svg"
        ));
        assert!(built_from("", "content/_index.md"));
        assert!(!built_from("x/", "content/_index.md"));
        assert!(!built_from("glossary/", "content/glossary.yaml"));
        assert!(!built_from("x/", "data/x.yaml"));
    }

    #[test]
    fn links_into_what_failed_to_load_are_left_to_its_own_error() {
        let page = failed(&["content/plants/fundamentals.md"]);
        assert!(explained_by(&no_file("plants/fundamentals/"), &page));
        assert!(explained_by(
            &no_id("plants/fundamentals/index.html"),
            &page
        ));
        assert!(!explained_by(&no_file("animals/"), &page));
        assert!(!explained_by(&no_id("animals/index.html"), &page));
        // Ids come from YAML too: while one cannot be read, missing ids are not reported.
        let glossary = failed(&["content/glossary.yaml"]);
        assert!(explained_by(&no_id("glossary/index.html"), &glossary));
        assert!(!explained_by(&no_file("glossary/"), &glossary));
    }
}
