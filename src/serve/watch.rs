//! The file watcher: notify's debouncer over the site's sources, sending each batch of
//! changed paths down a channel. Falls back to polling when the system runs out of
//! inotify watches, or when asked to.
//!
//! When the kernel's event queue overflows, or the watcher reports an error, it sends
//! [`WatchEvent::Rescan`]: some changes were lost, so only a full build is safe. Folders
//! such as `templates/` that appear after start are added by [`Watcher::watch_new_folders`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use super::classify::WATCHED;

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// These paths changed.
    Paths(Vec<PathBuf>),
    /// Events were lost (queue overflow or a watcher error): rebuild everything.
    Rescan,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watcher {
    /// Whether the polling fallback is in use.
    pub fn is_polling(&self) -> bool {
        matches!(self.inner, Inner::Poll(_))
    }

    /// Starts watching the site's folders that exist now but did not before; true when
    /// one was added (its files may already be there: rebuild everything).
    pub fn watch_new_folders(&mut self) -> bool {
        let mut added = false;
        let dirs: Vec<PathBuf> = WATCHED.iter().map(|d| self.root.join(d)).collect();
        for dir in dirs {
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
                added = true;
            }
        }
        added
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}

/// Watches the sources of the site at `root`, sending what changed to `tx`.
pub fn start(
    root: &Path,
    debounce: Duration,
    poll: bool,
    tx: Sender<WatchEvent>,
) -> notify::Result<Watcher> {
    if !poll {
        match new_debouncer(debounce, None, handler(tx.clone())) {
            Ok(debouncer) => match with_folders(Inner::Native(debouncer), root) {
                Ok(w) => return Ok(w),
                Err(err) if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => {
                    tracing::warn!("inotify watch limit reached; falling back to polling");
                }
                Err(err) => return Err(err),
            },
            Err(err) => return Err(err),
        }
    }
    let config =
        notify::Config::default().with_poll_interval(debounce.max(Duration::from_millis(100)));
    let debouncer = new_debouncer_opt::<_, PollWatcher, _>(
        debounce,
        None,
        handler(tx),
        FileIdMap::new(),
        config,
    )?;
    with_folders(Inner::Poll(debouncer), root)
}

fn with_folders(inner: Inner, root: &Path) -> notify::Result<Watcher> {
    let mut watcher = Watcher {
        inner,
        root: root.to_path_buf(),
        watched: HashSet::new(),
    };
    // The root itself, for site.yaml and folders created later.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED.iter().map(|d| root.join(d)).filter(|d| d.is_dir()) {
        watcher.watch(&dir, RecursiveMode::Recursive)?;
        watcher.watched.insert(dir);
    }
    Ok(watcher)
}

fn handler(tx: Sender<WatchEvent>) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result: DebounceEventResult| {
        let message = match result {
            Ok(events) if events.iter().any(|e| e.need_rescan()) => WatchEvent::Rescan,
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if paths.is_empty() {
                    return;
                }
                WatchEvent::Paths(paths)
            }
            Err(_) => WatchEvent::Rescan,
        };
        let _ = tx.send(message);
    }
}
