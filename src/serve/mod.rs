//! `strata serve`: build in memory, serve it, watch the sources, rebuild, swap, and tell
//! the browser.
//!
//! Policy over pure parts: [`classify`] decides what a batch of changes means,
//! [`snapshot::Snapshot`] is the immutable site being served, [`server`] answers HTTP
//! from it. The rebuild loop merges every change that arrives while a build runs into
//! one follow-up build, swaps the new snapshot in only when the build is complete, and
//! only then tells browsers to reload. A failed build keeps the last good files and
//! shows its diagnostics in an overlay. Progress is reported through a callback, so
//! this module prints nothing itself.

pub mod classify;
pub mod server;
pub mod snapshot;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::build::{Build, BuildCache, build_with};
use crate::diagnostic::Diagnostics;
use crate::load::LoadOptions;
use classify::{ChangeSet, classify};
use server::Shared;
use snapshot::{DiagnosticView, Snapshot};
use watch::WatchEvent;

pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    /// `None`: the default port, or the next free one.
    pub port: Option<u16>,
    pub debounce: Duration,
    pub poll: bool,
    pub load: LoadOptions,
}

/// What happened, for the terminal.
#[derive(Debug)]
pub enum ServeEvent {
    Listening {
        url: String,
        polling: bool,
        note: Option<String>,
    },
    Built {
        /// Pages rendered: all of them, or only those a change affected (`partial`).
        pages: usize,
        files: usize,
        elapsed: Duration,
        changed: usize,
        partial: bool,
        warnings: Diagnostics,
    },
    Failed(Diagnostics),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {0} is already in use; choose another with --port")]
    PortBusy(u16),
    #[error("no free port between {0} and {1}; choose one with --port")]
    NoFreePort(u16, u16),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot watch the site: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// Runs until the process is interrupted.
pub fn run(
    options: ServeOptions,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    // The watcher reports absolute paths, which are matched against the root: a
    // relative root (`.`, the default) is made absolute first.
    let options = ServeOptions {
        root: absolute(&options.root),
        ..options
    };
    let listener = bind(options.interface, options.port)?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;
    let report = Arc::new(report);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            base_path: "/".into(),
            ..Snapshot::default()
        })),
        events,
    });
    let mut rebuilder = Rebuilder {
        options: options.clone(),
        cache: BuildCache::default(),
        shared: Arc::clone(&shared),
        generation: 0,
        previous: None,
    };
    let base_path = rebuilder.rebuild(&ChangeSet::default(), &*report);

    let (tx, rx) = channel();
    let watcher = watch::start(&options.root, options.debounce, options.poll, tx)?;
    let note = (!options.interface.is_loopback())
        .then(|| format!("listening on {}, which other machines can reach; use --interface 127.0.0.1 to keep it local", options.interface));
    let shown_host = if options.interface.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = format!(
        "http://{shown_host}:{}{}",
        addr.port(),
        base_path.unwrap_or_else(|| "/".into())
    );
    report(ServeEvent::Listening {
        url,
        polling: watcher.is_polling(),
        note,
    });

    let loop_report = Arc::clone(&report);
    std::thread::spawn(move || {
        rebuilder.run(rx, watcher, &*loop_report);
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(ServeError::Runtime)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
        axum::serve(listener, server::router(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServeError::Runtime)
    })
}

fn bind(interface: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    match port {
        Some(p) => TcpListener::bind((interface, p)).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortBusy(p),
            _ => ServeError::Bind(SocketAddr::new(interface, p), e),
        }),
        None => {
            let last = DEFAULT_PORT + 50;
            (DEFAULT_PORT..=last)
                .find_map(|p| TcpListener::bind((interface, p)).ok())
                .ok_or(ServeError::NoFreePort(DEFAULT_PORT, last))
        }
    }
}

/// Owns what survives between rebuilds: the options, the build cache, the generation.
struct Rebuilder {
    options: ServeOptions,
    cache: BuildCache,
    shared: Arc<Shared>,
    generation: u64,
    /// The last successful build (without its files), for incremental updates.
    previous: Option<Build>,
}

impl Rebuilder {
    /// Waits for changes; merges everything that arrives during a build into one rebuild.
    /// Lost events, and folders that appear after start, need a full build.
    fn run(
        mut self,
        rx: Receiver<WatchEvent>,
        mut watcher: watch::Watcher,
        report: &dyn Fn(ServeEvent),
    ) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            // Gather whatever else is already queued.
            loop {
                match rx.recv_timeout(Duration::from_millis(1)) {
                    Ok(more) => batch.push(more),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let mut rescan = watcher.watch_new_folders();
            let mut paths = Vec::new();
            for event in batch {
                match event {
                    WatchEvent::Paths(p) => paths.extend(p),
                    WatchEvent::Rescan => rescan = true,
                }
            }
            let mut changes = classify(&self.options.root, None, paths);
            if rescan {
                changes.full = true;
                changes.css_only = false;
                changes.paths.insert(PathBuf::from("."));
            }
            if !changes.is_empty() {
                self.rebuild(&changes, report);
            }
        }
    }

    /// Builds (only the affected pages when it can), swaps the snapshot in, and tells
    /// browsers. Returns the base path on success.
    fn rebuild(&mut self, changes: &ChangeSet, report: &dyn Fn(ServeEvent)) -> Option<String> {
        let started = Instant::now();
        self.generation += 1;
        if let Some(base) = self.try_incremental(changes, started, report) {
            return Some(base);
        }
        let mut done = match build_with(&self.options.root, &self.options.load, &self.cache) {
            Ok(done) => done,
            Err(diags) => {
                self.previous = None;
                self.fail(diags, report);
                return None;
            }
        };
        let base = done.site.config.base_url.path().to_string();
        let (pages, files) = (done.pages, done.files.len());
        let snapshot =
            match Snapshot::from_files(std::mem::take(&mut done.files), &base, self.generation) {
                Ok(snapshot) => snapshot,
                Err(err) => {
                    let d = crate::diagnostic::Diagnostic::error(format!(
                        "cannot read a static file: {err}"
                    ));
                    self.previous = None;
                    self.fail(Diagnostics::from_iter([d]), report);
                    return None;
                }
            };
        let warnings = done.warnings.clone();
        self.previous = Some(done);
        self.publish(snapshot, changes);
        report(ServeEvent::Built {
            pages,
            files,
            elapsed: started.elapsed(),
            changed: changes.paths.len(),
            partial: false,
            warnings,
        });
        Some(base)
    }

    /// Re-renders only what the change affects, when the previous build allows it.
    fn try_incremental(
        &mut self,
        changes: &ChangeSet,
        started: Instant,
        report: &dyn Fn(ServeEvent),
    ) -> Option<String> {
        let previous = self
            .previous
            .as_ref()
            .filter(|_| !changes.full && !changes.paths.is_empty())?;
        let update = crate::incremental::try_update(
            previous,
            &self.options.root,
            &changes.paths,
            &self.cache,
        )?;
        let current = self.shared.current();
        let mut files = current.files.clone();
        crate::incremental::apply(&mut files, &update).ok()?;
        let base = current.base_path.clone();
        let snapshot = Snapshot {
            files,
            base_path: base.clone(),
            generation: self.generation,
            errors: Vec::new(),
        };
        let (pages, count, warnings) = (
            update.build.pages,
            snapshot.files.len(),
            update.build.warnings.clone(),
        );
        let mut build = update.build;
        build.files.clear();
        self.previous = Some(build);
        self.publish(snapshot, changes);
        report(ServeEvent::Built {
            pages,
            files: count,
            elapsed: started.elapsed(),
            changed: changes.paths.len(),
            partial: true,
            warnings,
        });
        Some(base)
    }

    /// Swaps `snapshot` in, then tells the browsers.
    fn publish(&self, snapshot: Snapshot, changes: &ChangeSet) {
        let had_errors = !self.shared.current().errors.is_empty();
        self.shared.swap(snapshot);
        let message = if changes.css_only && !had_errors {
            r#"{"type":"css"}"#
        } else {
            r#"{"type":"reload"}"#
        };
        let _ = self.shared.events.send(message.to_string());
    }

    fn fail(&self, diags: Diagnostics, report: &dyn Fn(ServeEvent)) {
        let views: Vec<DiagnosticView> = diags.iter().map(DiagnosticView::from).collect();
        let next = self
            .shared
            .current()
            .with_errors(views.clone(), self.generation);
        self.shared.swap(next);
        let _ = self.shared.events.send(errors_message(&views));
        report(ServeEvent::Failed(diags));
    }
}

/// The websocket message announcing a failed build.
pub fn errors_message(views: &[DiagnosticView]) -> String {
    serde_json::json!({ "type": "errors", "diagnostics": views }).to_string()
}

/// `root` as an absolute path without `.` or `..` (symbolic links resolved when it
/// exists, so that it names the folder the way the watcher's events will).
fn absolute(root: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}
