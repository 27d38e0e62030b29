//! Lists the files of a source folder (content, data, static, a theme): in name
//! order, skipping editor droppings, following symbolic links and stopping at a link
//! that leads back into a folder being walked.
//!
//! Design note: walkdir did this before, but with links followed it opens every
//! ancestor folder of every folder it enters to look for loops (and resolves the
//! walk's root through each of its ancestors), about forty system calls per topic
//! folder on a 3,400-topic site. Here a folder costs one `read_dir`; only a symbolic
//! link to a folder pays for the loop check, which compares the link's target with
//! the folders on the way down and with the real ancestors of the walk's root.

use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

use super::content::is_ignored_name;

/// A file or folder found by [`walk_sources`]; for a link, what it points to. (Anything else,
/// a socket say, is neither.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub is_dir: bool,
    pub is_file: bool,
}

/// Why part of a walk could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{error}")]
    Io { path: PathBuf, error: io::Error },
    /// `path` is a link to `ancestor`, a folder that contains it.
    #[error("symbolic link loop")]
    Loop { path: PathBuf, ancestor: PathBuf },
    /// `path` is a link to `target`, which does not exist.
    #[error("broken symbolic link")]
    BrokenLink { path: PathBuf, target: PathBuf },
}

impl WalkError {
    pub fn path(&self) -> &Path {
        match self {
            WalkError::Io { path, .. }
            | WalkError::Loop { path, .. }
            | WalkError::BrokenLink { path, .. } => path,
        }
    }
}

/// Everything below `dir` (not `dir` itself) down to `max_depth` levels (1: its own
/// entries), each folder's entries in name order and each folder before what it holds.
/// Ignored names are skipped, folders too; a link is followed unless it loops.
pub fn walk_sources(dir: &Path, max_depth: usize) -> Vec<Result<Entry, WalkError>> {
    let mut walker = Walker {
        root: dir,
        stack: vec![dir.to_path_buf()],
        out: Vec::new(),
        max_depth,
    };
    walker.folder(dir, 1);
    walker.out
}

struct Walker<'a> {
    root: &'a Path,
    /// The folders being walked, the root first.
    stack: Vec<PathBuf>,
    out: Vec<Result<Entry, WalkError>>,
    max_depth: usize,
}

impl Walker<'_> {
    fn folder(&mut self, dir: &Path, depth: usize) {
        let mut entries: Vec<(std::ffi::OsString, FileType)> = Vec::new();
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(error) => {
                self.out.push(Err(io_error(dir, error)));
                return;
            }
        };
        for entry in listing {
            match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
                Ok(named) => entries.push(named),
                Err(error) => self.out.push(Err(io_error(dir, error))),
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (name, kind) in entries {
            if is_ignored_name(&name.to_string_lossy()) {
                continue;
            }
            let path = dir.join(&name);
            let linked = kind.is_symlink();
            let kind = if linked {
                match fs::metadata(&path) {
                    Ok(target) => target.file_type(),
                    Err(error) => {
                        self.out.push(Err(match fs::read_link(&path) {
                            Ok(target) if error.kind() == io::ErrorKind::NotFound => {
                                WalkError::BrokenLink { path, target }
                            }
                            _ => io_error(&path, error),
                        }));
                        continue;
                    }
                }
            } else {
                kind
            };
            let is_dir = kind.is_dir();
            if let Some(ancestor) = (is_dir && linked)
                .then(|| self.loop_ancestor(&path))
                .flatten()
            {
                self.out.push(Err(WalkError::Loop { path, ancestor }));
                continue;
            }
            self.out.push(Ok(Entry {
                path: path.clone(),
                is_dir,
                is_file: kind.is_file(),
            }));
            if is_dir && depth < self.max_depth {
                self.stack.push(path.clone());
                self.folder(&path, depth + 1);
                self.stack.pop();
            }
        }
    }

    /// The folder containing `link` that `link` points to, if any: one on the way
    /// down from the root, or one of the root's own ancestors.
    fn loop_ancestor(&self, link: &Path) -> Option<PathBuf> {
        let target = same_file::Handle::from_path(link).ok()?;
        let is_target =
            |p: &Path| same_file::Handle::from_path(p).is_ok_and(|handle| handle == target);
        if let Some(found) = self.stack.iter().rev().find(|p| is_target(p)) {
            return Some(found.clone());
        }
        let canonical = self.root.canonicalize().ok()?;
        canonical
            .ancestors()
            .skip(1)
            .find(|p| is_target(p))
            .map(Path::to_path_buf)
    }
}

fn io_error(path: &Path, error: io::Error) -> WalkError {
    WalkError::Io {
        path: path.to_path_buf(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(dir: &Path, max_depth: usize) -> Vec<String> {
        walk_sources(dir, max_depth)
            .into_iter()
            .map(|r| match r {
                Ok(e) => {
                    let rel = e.path.strip_prefix(dir).unwrap().to_string_lossy();
                    format!("{rel}{}", if e.is_dir { "/" } else { "" })
                }
                Err(WalkError::Loop { path, ancestor }) => format!(
                    "loop {} -> {}",
                    path.strip_prefix(dir).unwrap().display(),
                    ancestor.file_name().unwrap().to_string_lossy()
                ),
                Err(e) => format!("error {}: {e}", e.path().display()),
            })
            .collect()
    }

    #[test]
    fn lists_in_name_order_folders_first_and_skips_droppings() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        fs::create_dir_all(d.join("b/inner")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "a.md",
            "b/z.md",
            "b/inner/x.md",
            "c.md~",
            ".git/config",
            "b/.x.swp",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        assert_eq!(
            listed(d, usize::MAX),
            ["a.md", "b/", "b/inner/", "b/inner/x.md", "b/z.md"]
        );
        assert_eq!(listed(d, 1), ["a.md", "b/"]);
    }

    #[cfg(unix)]
    #[test]
    fn follows_links_and_stops_at_loops() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        let d = tmp.path().join("site");
        fs::create_dir_all(d.join("t")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("o.md"), "x").unwrap();
        symlink(&outside, d.join("t/shared")).unwrap();
        symlink("..", d.join("t/up")).unwrap();
        symlink(tmp.path(), d.join("t/top")).unwrap();
        symlink("missing.md", d.join("t/broken.md")).unwrap();
        let got = listed(&d, usize::MAX);
        assert_eq!(got[0], "t/");
        assert!(
            got[1].starts_with("error ") && got[1].contains("t/broken.md"),
            "{got:?}"
        );
        let top = tmp.path().file_name().unwrap().to_string_lossy();
        let expected = [
            "t/shared/".to_string(),
            "t/shared/o.md".to_string(),
            format!("loop t/top -> {top}"),
            "loop t/up -> site".to_string(),
        ];
        assert_eq!(&got[2..], expected);
    }
}
