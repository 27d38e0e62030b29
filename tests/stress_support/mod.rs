//! Shared by the stress tests: run `strata serve` on a copy of a fixture, capture what
//! it prints, and talk to it over plain HTTP/1.1.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const LIVE_TAG: &str = "<script src=\"/__strata/live.js\" defer></script>\n";

#[path = "../common/mod.rs"]
mod common;
pub use common::{announced_port, capture, copy_dir, fixtures};

/// A running `strata serve` and every line it printed.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub root: PathBuf,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves a copy of `tests/fixtures/<fixture>` with `--debounce debounce_ms`.
    pub fn start(fixture: &str, debounce_ms: u32, extra: &[&str]) -> Server {
        Self::start_prepared(fixture, debounce_ms, extra, |_| {})
    }

    /// Like [`Server::start`], with `prepare` run on the copied sources first.
    pub fn start_prepared(
        fixture: &str,
        debounce_ms: u32,
        extra: &[&str],
        prepare: impl FnOnce(&Path),
    ) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join(fixture), &root);
        prepare(&root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args([
                "serve",
                "--root",
                root.to_str().unwrap(),
                "--port",
                "0",
                "--debounce",
                &debounce_ms.to_string(),
            ])
            .args(extra)
            .env("NO_COLOR", "1")
            .env_remove("STRATA_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = capture(child.stdout.take().unwrap());
        let stderr = capture(child.stderr.take().unwrap());
        let port = announced_port(&stdout);
        let server = Server {
            child,
            port,
            root,
            stdout,
            stderr,
            _tmp: tmp,
        };
        server.wait_for("/", |s, _| s > 0);
        server
    }

    pub fn get(&self, path: &str) -> Option<(u16, Vec<u8>)> {
        get_raw(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
    }

    pub fn get_text(&self, path: &str) -> Option<(u16, String)> {
        self.get(path)
            .map(|(s, b)| (s, String::from_utf8_lossy(&b).into_owned()))
    }

    /// Polls `path` until `ok(status, body)`; panics after `secs` seconds.
    pub fn wait_for_within(
        &self,
        path: &str,
        secs: u64,
        ok: impl Fn(u16, &str) -> bool,
    ) -> (u16, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut last = None;
        loop {
            if let Some((status, body)) = self.get_text(path) {
                if ok(status, &body) {
                    return (status, body);
                }
                last = Some((status, body));
            }
            if Instant::now() > deadline {
                let (status, body) = last.unwrap_or_default();
                panic!(
                    "timed out waiting for {path}: last status {status}, body {}…\nstdout: {:?}\nstderr: {:?}",
                    &body[..body.len().min(400)],
                    self.stdout_lines(),
                    self.stderr_lines()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        self.wait_for_within(path, 30, ok)
    }

    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Lines of stdout that report a rebuild ("Rebuilt N pages … after K changes").
    pub fn rebuilds(&self) -> usize {
        self.stdout_lines()
            .iter()
            .filter(|l| l.starts_with("Rebuilt"))
            .count()
    }

    /// Builds that failed (serve says so on stderr).
    pub fn failed_builds(&self) -> usize {
        self.stderr_lines()
            .iter()
            .filter(|l| l.contains("the build failed"))
            .count()
    }

    /// Waits until serve has printed nothing new for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = (self.stdout_lines().len(), self.stderr_lines().len());
        let mut since = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            let now = (self.stdout_lines().len(), self.stderr_lines().len());
            if now != seen {
                seen = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
        panic!("serve never went quiet");
    }
}

/// Sends `request` as is and returns the status and the response head.
pub fn head_raw(port: u16, request: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, head))
}

/// Sends `request` as is and returns the status and body (chunked bodies decoded).
pub fn get_raw(port: u16, request: &str) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Some((status, body))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// Builds `root` with the binary into a fresh folder; returns (tempdir, output dir).
pub fn fresh_build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .env_remove("STRATA_LOG")
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "fresh build failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (tmp, out)
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Writes `text` to `path` the way most editors save: a temporary file, then a rename.
pub fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp{}",
        path.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}
