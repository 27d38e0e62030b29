//! Which rebuild a batch of changed paths needs. Pure: paths in, a [`ChangeSet`] out,
//! tested without a watcher.
//!
//! Editor droppings (swap, backup and temporary files), version-control folders, the
//! output and `target/` folders are ignored. A change of `site.yaml`, a template or a
//! theme's templates needs every page rendered again; a change that touches only
//! stylesheets can be applied in the open page without a reload.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::load::is_ignored_name;

/// What a batch of file-system changes means for the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Site-relative paths that matter, sorted.
    pub paths: BTreeSet<PathBuf>,
    /// Configuration, templates or theme templates changed: re-render everything.
    pub full: bool,
    /// Every relevant path is a stylesheet: the browser can swap CSS without a reload.
    pub css_only: bool,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// Folders (relative to the site root) whose changes matter.
pub const WATCHED: &[&str] = &["content", "data", "templates", "themes", "static"];

/// Classifies changed `paths` (absolute or root-relative) of the site at `root`;
/// `output` is the folder `build` writes to, ignored.
pub fn classify(
    root: &Path,
    output: Option<&Path>,
    paths: impl IntoIterator<Item = PathBuf>,
) -> ChangeSet {
    let mut set = ChangeSet::default();
    for path in paths {
        let rel = path
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or(path);
        if rel.is_absolute() || !is_relevant(&rel, output) {
            continue;
        }
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_theme_templates = first == "themes"
            && rel
                .components()
                .nth(2)
                .is_some_and(|c| c.as_os_str() != "static");
        if rel == Path::new(crate::config::CONFIG_FILE)
            || first == "templates"
            || in_theme_templates
        {
            set.full = true;
        }
        set.paths.insert(rel);
    }
    set.css_only = !set.paths.is_empty()
        && !set.full
        && set
            .paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
    set
}

fn is_relevant(rel: &Path, output: Option<&Path>) -> bool {
    if output.is_some_and(|o| rel.starts_with(o)) {
        return false;
    }
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    let Some(first) = rel.components().next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    rel == Path::new(crate::config::CONFIG_FILE) || WATCHED.contains(&first.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> ChangeSet {
        classify(
            Path::new("/site"),
            Some(Path::new("public")),
            paths.iter().map(|p| PathBuf::from(format!("/site/{p}"))),
        )
    }

    #[test]
    fn content_changes_are_partial() {
        let set = run(&["content/t/fundamentals.md"]);
        assert_eq!(set.paths.len(), 1);
        assert!(!set.full && !set.css_only);
    }

    #[test]
    fn config_templates_and_theme_templates_are_full() {
        assert!(run(&["site.yaml"]).full);
        assert!(run(&["templates/tier.html"]).full);
        assert!(run(&["themes/default/templates/base.html"]).full);
        assert!(!run(&["themes/default/static/strata.css"]).full);
    }

    #[test]
    fn stylesheet_only_changes_swap_css() {
        assert!(run(&["themes/default/static/strata.css", "static/extra.css"]).css_only);
        assert!(!run(&["static/extra.css", "content/a.md"]).css_only);
    }

    #[test]
    fn editor_droppings_output_and_unwatched_paths_are_ignored() {
        let set = run(&[
            "content/t/.fundamentals.md.swp",
            "content/t/fundamentals.md~",
            "content/t/4913",
            "content/t/#fundamentals.md#",
            "content/t/fundamentals.md___jb_tmp___",
            "content/.DS_Store",
            "public/index.html",
            "target/debug/strata",
            ".git/index",
            "README.md",
        ]);
        assert!(set.is_empty(), "{set:?}");
    }
}
