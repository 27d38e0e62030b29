//! Partial rebuilds of a site in several languages: a change inside one language's
//! tree (`content/fr/…`, or `content/…` outside every other tree for the default
//! language) touches that language's pages only, so that language's build is
//! updated as a site in one language is, its files moved under its folder, and the
//! other languages' builds are kept as they were.
//!
//! Changes in several languages at once, or outside `content/`, return `None`: the
//! caller builds the whole site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Update, update_one};
use crate::build::{Build, BuildCache};
use crate::diagnostic::Diagnostics;
use crate::load::CONTENT_DIR;

/// [`super::try_update`] for `prev`, a build with other languages.
pub(super) fn try_update(
    prev: &Build,
    root: &Path,
    changed: &BTreeSet<PathBuf>,
    cache: &BuildCache,
) -> Option<Update> {
    let index = language_of(prev, changed)?;
    let target = if index == 0 {
        prev
    } else {
        &prev.languages[index - 1]
    };
    let mut update = update_one(target, root, changed, cache)?;
    let prefix = target.site.output_prefix().to_string();
    for file in &mut update.build.files {
        file.path.insert_str(0, &prefix);
    }
    for path in &mut update.removed {
        path.insert_str(0, &prefix);
    }
    let mut changed_build = std::mem::replace(&mut update.build, empty_like(prev));
    let (mut main, mut others) = if index == 0 {
        (
            changed_build,
            prev.languages.iter().map(empty_like).collect(),
        )
    } else {
        let mut others: Vec<Build> = prev.languages.iter().map(empty_like).collect();
        changed_build.warnings = changed_build.state.warnings(&changed_build.site);
        let files = std::mem::take(&mut changed_build.files);
        others[index - 1] = changed_build;
        let mut main = empty_like(prev);
        main.files = files;
        (main, others)
    };
    // The warnings of every language, as a full build reports them.
    let mut warnings = Diagnostics::new();
    warnings.extend(main.state.warnings(&main.site));
    for other in &others {
        warnings.extend(other.warnings.iter().cloned());
    }
    warnings.sort();
    main.warnings = warnings;
    main.pages = main
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    main.file_count = main.files.len();
    main.languages = std::mem::take(&mut others);
    update.build = main;
    Some(update)
}

/// The index in the site's languages of the one tree every changed path is in.
fn language_of(prev: &Build, changed: &BTreeSet<PathBuf>) -> Option<usize> {
    let trees: Vec<PathBuf> = std::iter::once(&prev.site)
        .chain(prev.languages.iter().map(|b| &b.site))
        .map(|site| PathBuf::from(&site.config.content_dir))
        .collect();
    let mut found = None;
    for path in changed {
        if !path.starts_with(CONTENT_DIR) {
            return None;
        }
        // The deepest tree holding the path: `content/fr/…` is French, not English.
        let index = (0..trees.len())
            .filter(|&i| path.starts_with(&trees[i]))
            .max_by_key(|&i| trees[i].components().count())?;
        if found.is_some_and(|f| f != index) {
            return None;
        }
        found = Some(index);
    }
    found
}

/// `build` without its files: what is kept of a language the change did not touch.
fn empty_like(build: &Build) -> Build {
    Build {
        site: build.site.clone(),
        files: Vec::new(),
        warnings: build.warnings.clone(),
        pages: build.pages,
        file_count: build.file_count,
        elapsed: build.elapsed,
        state: build.state.clone(),
        languages: Vec::new(),
    }
}
