//! The file watcher: notify's debouncer over the site's sources, sending each batch of
//! changed paths down a channel. Falls back to polling when the system runs out of
//! inotify watches, or when asked to.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use super::classify::WATCHED;

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

impl Watcher {
    /// Whether the polling fallback is in use.
    pub fn is_polling(&self) -> bool {
        matches!(self, Watcher::Poll(_))
    }
}

/// Watches the sources of the site at `root`, sending changed paths to `tx`.
pub fn start(
    root: &Path,
    debounce: Duration,
    poll: bool,
    tx: Sender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    if !poll {
        match native(root, debounce, tx.clone()) {
            Ok(w) => return Ok(w),
            Err(err) if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => {
                tracing::warn!("inotify watch limit reached; falling back to polling");
            }
            Err(err) => return Err(err),
        }
    }
    polling(root, debounce, tx)
}

fn handler(tx: Sender<Vec<PathBuf>>) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    }
}

fn native(root: &Path, debounce: Duration, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
    let mut debouncer = new_debouncer(debounce, None, handler(tx))?;
    for dir in targets(root) {
        let mode = if dir == root {
            RecursiveMode::NonRecursive
        } else {
            RecursiveMode::Recursive
        };
        debouncer.watch(&dir, mode)?;
    }
    Ok(Watcher::Native(debouncer))
}

fn polling(root: &Path, debounce: Duration, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
    let config =
        notify::Config::default().with_poll_interval(debounce.max(Duration::from_millis(100)));
    let mut debouncer = new_debouncer_opt::<_, PollWatcher, _>(
        debounce,
        None,
        handler(tx),
        FileIdMap::new(),
        config,
    )?;
    for dir in targets(root) {
        let mode = if dir == root {
            RecursiveMode::NonRecursive
        } else {
            RecursiveMode::Recursive
        };
        debouncer.watch(&dir, mode)?;
    }
    Ok(Watcher::Poll(debouncer))
}

/// The root itself (for site.yaml and new top-level folders) and each watched folder.
fn targets(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    dirs.extend(WATCHED.iter().map(|d| root.join(d)).filter(|d| d.is_dir()));
    dirs
}
