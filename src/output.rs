//! Writing the finished site: atomically, so a reader or a failed build never sees a
//! half-written output.
//!
//! Files go into a fresh sibling directory first; only when every file is written is
//! the old output moved aside and the new one renamed into its place. If anything
//! fails, the previous output stays exactly as it was. The output directory must not
//! contain the site's sources nor sit inside a folder Strata reads sources from, must
//! not be an existing file, and an existing non-empty directory that does not look
//! like a Strata output is never replaced. All of that is checked before anything is
//! written.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::render::{FileContent, OutputFile};

/// The folders of a site that Strata reads sources from.
const SOURCE_FOLDERS: &[&str] = &["content", "data", "static", "templates", "themes"];

/// Marker file written into every output, so Strata recognises what it may replace.
pub const MARKER: &str = ".nojekyll";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the output directory `{0}` would contain or replace the site's sources")]
    WouldClobberSources(PathBuf),
    #[error("`{0}` exists, is not empty and was not written by Strata; refusing to replace it")]
    ForeignDirectory(PathBuf),
    #[error(
        "`{0}` is a file, not a folder; give --output a folder to write the site into (such as `public`)"
    )]
    NotAFolder(PathBuf),
    #[error(
        "the output folder `{path}` is inside `{sources}/`, which Strata reads as sources, so every build would read the last one back in; choose a folder outside it (such as `public`)"
    )]
    InsideSources { path: PathBuf, sources: String },
    #[error("cannot write `{path}`: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A fresh folder beside the output that files are written into as they are made;
/// [`Staging::commit`] swaps it in place of the output. Dropped without a commit, it
/// removes itself and the previous output stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// Folders (relative to `dir`) already made. Many files share one (the search
    /// index writes thousands into two), and asking the kernel again costs a failed
    /// `mkdir` and a `stat` for each, on the search index's thread, which is the
    /// build's last.
    made: Mutex<FxHashSet<String>>,
}

impl Staging {
    /// Prepares to replace `out_dir`, refusing folders that hold sources or foreign files.
    pub fn new(out_dir: &Path, site_root: &Path) -> Result<Self, OutputError> {
        let out_abs = absolute(out_dir);
        let root_abs = absolute(site_root);
        if root_abs.starts_with(&out_abs) {
            return Err(OutputError::WouldClobberSources(out_dir.to_path_buf()));
        }
        if let Some(sources) = SOURCE_FOLDERS
            .iter()
            .find(|folder| out_abs.starts_with(root_abs.join(folder)))
        {
            return Err(OutputError::InsideSources {
                path: out_dir.to_path_buf(),
                sources: (*sources).to_string(),
            });
        }
        if out_abs.exists() && !out_abs.is_dir() {
            return Err(OutputError::NotAFolder(out_dir.to_path_buf()));
        }
        if out_abs.is_dir() && !is_replaceable(&out_abs) {
            return Err(OutputError::ForeignDirectory(out_dir.to_path_buf()));
        }
        let parent = out_abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.strata-new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Self {
            dir,
            out: out_abs,
            parent,
            name,
            committed: false,
            made: Mutex::default(),
        })
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, file: &OutputFile) -> std::io::Result<()> {
        let target = self.dir.join(&file.path);
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            self.make_folder(folder)?;
        }
        match &file.content {
            FileContent::Bytes(bytes) => std::fs::write(&target, bytes),
            FileContent::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
        }
    }

    /// Makes `folder` (relative to the staging folder) unless an earlier file did.
    fn make_folder(&self, folder: &str) -> std::io::Result<()> {
        if self.made.lock().expect("folder set").contains(folder) {
            return Ok(());
        }
        make_dir(&self.dir.join(folder))?;
        self.made
            .lock()
            .expect("folder set")
            .insert(folder.to_string());
        Ok(())
    }

    /// Replaces the output with the staging folder.
    pub fn commit(mut self) -> Result<(), OutputError> {
        swap_in(&self.dir, &self.out, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl crate::render::Sink for Staging {
    fn emit(&self, file: OutputFile) -> std::io::Result<()> {
        self.write(&file)
    }
}

/// Writes `files` to `out_dir`, replacing its previous contents only on success.
pub fn write_site(
    files: &[OutputFile],
    out_dir: &Path,
    site_root: &Path,
) -> Result<(), OutputError> {
    let staging = Staging::new(out_dir, site_root)?;
    write_tree(files, &staging.dir)?;
    staging.commit()
}

/// Makes `dir` and any missing parents. The common case (a page's own folder, whose
/// parent exists) costs one `mkdir`; `create_dir_all` would first `stat` the folder.
fn make_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

fn write_tree(files: &[OutputFile], dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for d in &dirs {
        let full = dir.join(d);
        std::fs::create_dir_all(&full).map_err(io_err(&full))?;
    }
    files.par_iter().try_for_each(|file| {
        let target = dir.join(&file.path);
        match &file.content {
            FileContent::Bytes(bytes) => std::fs::write(&target, bytes).map_err(io_err(&target)),
            FileContent::Copy(source) => std::fs::copy(source, &target)
                .map(|_| ())
                .map_err(io_err(&target)),
        }
    })
}

fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(io_err(out));
    }
    let old = parent.join(format!(".{name}.strata-old-{}", std::process::id()));
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    std::fs::rename(out, &old).map_err(io_err(out))?;
    if let Err(source) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(OutputError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    remove_tree(&old).map_err(io_err(&old))
}

/// `remove_dir_all` with the folder's entries removed in parallel: the old output of a
/// large site is tens of thousands of files, and unlinking them is the last, otherwise
/// serial, step of a rebuild.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Empty, or written by Strata before.
fn is_replaceable(dir: &Path) -> bool {
    if dir.join(MARKER).exists() {
        return true;
    }
    std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false)
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve `.` and `..` lexically; canonicalize the longest existing prefix.
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    std::fs::canonicalize(&out).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_previous_output_and_refuses_foreign_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = tmp.path().join("public");
        let files = vec![
            OutputFile::bytes("a/index.html", "one"),
            OutputFile::bytes(MARKER, ""),
        ];
        write_site(&files, &out, &root).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one"
        );
        let files = vec![
            OutputFile::bytes("b.html", "two"),
            OutputFile::bytes(MARKER, ""),
        ];
        write_site(&files, &out, &root).unwrap();
        assert!(!out.join("a").exists(), "stale files are gone");
        let mut beside: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            ["public", "site"],
            "the old output and staging are removed"
        );
        let foreign = tmp.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(matches!(
            write_site(&files, &foreign, &root),
            Err(OutputError::ForeignDirectory(_))
        ));
        assert!(matches!(
            write_site(&files, &root, &root),
            Err(OutputError::WouldClobberSources(_))
        ));
        assert!(matches!(
            write_site(&files, tmp.path(), &root),
            Err(OutputError::WouldClobberSources(_))
        ));
    }

    #[test]
    fn refuses_a_file_and_folders_inside_the_sources_before_writing_anything() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let notes = root.join("NOTES.md");
        std::fs::write(&notes, "my notes").unwrap();
        let files = vec![OutputFile::bytes("index.html", "x")];
        assert!(matches!(
            write_site(&files, &notes, &root),
            Err(OutputError::NotAFolder(_))
        ));
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
        let inside = root.join("content/public");
        match write_site(&files, &inside, &root) {
            Err(OutputError::InsideSources { sources, .. }) => assert_eq!(sources, "content"),
            other => panic!("{other:?}"),
        }
        assert!(!inside.exists());
        let listing = |dir: &Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(listing(&root), ["NOTES.md", "content"], "nothing staged");
        assert_eq!(listing(&root.join("content")), Vec::<String>::new());
        // A folder whose name only starts like a source folder is fine.
        write_site(&files, &root.join("content-site"), &root).unwrap();
    }
}
