//! `strata serve` end to end: start it over a copy of a fixture on a port the system
//! picks, change files the way editors do, and check what it serves.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{announced_port, capture, copy_dir, fixtures};

struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(fixture: &str) -> Server {
    start_in(fixture, Root::Flag)
}

/// How the server is told where the site is.
enum Root {
    /// `--root` with the site's absolute path.
    Flag,
    /// No `--root`: run from the site's folder, as the README's quick start does.
    CurrentFolder,
}

fn start_in(fixture: &str, how: Root) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join(fixture), &root);
    let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
    match how {
        Root::Flag => command.args(["--root", root.to_str().unwrap()]),
        Root::CurrentFolder => command.current_dir(&root),
    };
    let mut child = command
        .args(["serve", "--port", "0", "--debounce", "30"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let port = announced_port(&capture(child.stdout.take().unwrap()));
    let server = Server {
        child,
        port,
        root,
        _tmp: tmp,
    };
    wait_for(&server, "/guide/", |status, _| status == 200);
    server
}

/// A minimal HTTP/1.1 GET: status and body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

fn wait_for(server: &Server, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some((status, body)) = get(server.port, path)
            && ok(status, &body)
        {
            return (status, body);
        }
        assert!(Instant::now() < deadline, "timed out waiting for {path}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

const PAGE: &str = "/guide/alpha/fundamentals/";

#[test]
fn serves_from_memory_with_the_live_script_and_no_caching() {
    let server = start("core/full");
    let (_, body) = wait_for(&server, PAGE, |s, _| s == 200);
    assert!(
        body.contains("/__strata/live.js"),
        "live reload script injected"
    );
    assert!(
        !server.root.join("public").exists(),
        "serve writes nothing to disk"
    );
    let (status, _) = get(server.port, "/guide/no-such-page/").unwrap();
    assert_eq!(status, 404);
    for bad in [
        "/guide/../etc/passwd",
        "/guide/%2e%2e/%2e%2e/etc/passwd",
        "/guide/a%5c..%5cb",
    ] {
        assert_eq!(get(server.port, bad).unwrap().0, 400, "{bad}");
    }
    let (status, script) = get(server.port, "/__strata/live.js").unwrap();
    assert_eq!(status, 200);
    assert!(script.contains("WebSocket"));
}

#[test]
fn edits_atomic_saves_and_deletes_end_in_the_right_state() {
    let server = start("core/full");
    let file = server.root.join("content/alpha/fundamentals.md");
    let original = std::fs::read_to_string(&file).unwrap();

    // A plain in-place write.
    std::fs::write(
        &file,
        original.replace("Small steps add up.", "First edit landed."),
    )
    .unwrap();
    wait_for(&server, PAGE, |_, b| b.contains("First edit landed."));

    // Write-then-rename, as vim and most IDEs save.
    let tmp = server.root.join("content/alpha/.fundamentals.md.tmp");
    std::fs::write(
        &tmp,
        original.replace("Small steps add up.", "Atomic save landed."),
    )
    .unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    wait_for(&server, PAGE, |_, b| b.contains("Atomic save landed."));

    // A deleted page disappears.
    std::fs::remove_file(server.root.join("content/alpha/academic.md")).unwrap();
    std::fs::write(
        &file,
        original.replace(
            "[the mechanism](@/alpha/academic.md#mechanism)",
            "the mechanism",
        ),
    )
    .unwrap();
    wait_for(&server, "/guide/alpha/academic/", |s, _| s == 404);
}

#[test]
fn a_site_served_from_its_own_folder_rebuilds_on_save() {
    let server = start_in("core/full", Root::CurrentFolder);
    let file = server.root.join("content/alpha/fundamentals.md");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("Small steps add up.", "Saved from the site folder."),
    )
    .unwrap();
    wait_for(&server, PAGE, |_, b| {
        b.contains("Saved from the site folder.")
    });
}

#[test]
fn a_broken_build_keeps_serving_the_last_good_one_until_fixed() {
    let server = start("core/full");
    let config = server.root.join("site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}colour: red\n")).unwrap();
    // Give the watcher time to see it; the old site must still be served.
    std::thread::sleep(Duration::from_millis(400));
    let (status, body) = get(server.port, PAGE).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Fixture Guide"));
    std::fs::write(&config, good.replace("Fixture Guide", "Fixed Guide")).unwrap();
    wait_for(&server, PAGE, |_, b| b.contains("Fixed Guide"));
}

#[test]
fn an_explicitly_requested_busy_port_is_an_error() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "serve",
            "--root",
            fixtures().join("core/full").to_str().unwrap(),
            "--port",
            &port,
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("port {port} is already in use"))
    );
}

/// The terminal says what is served after a failed build: the last good build, or,
/// when the site has never built, nothing but the errors.
#[test]
fn a_failed_build_says_whether_a_good_one_is_still_served() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("core/full"), &root);
    let config = root.join("site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}colour: red\n")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "--root",
            root.to_str().unwrap(),
            "serve",
            "--port",
            "0",
            "--debounce",
            "30",
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = capture(child.stderr.take().unwrap());
    let _port = announced_port(&capture(child.stdout.take().unwrap()));
    let said = |needle: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if stderr.lock().unwrap().iter().any(|l| l.contains(needle)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    };
    let first = said("the pages show the errors until a build succeeds");
    // Fixed, then broken again: now there is a good build to keep serving.
    std::fs::write(&config, &good).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    std::fs::write(&config, format!("{good}colour: blue\n")).unwrap();
    let second = said("still serving the last good build");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "{:?}", stderr.lock().unwrap());
    assert!(second, "{:?}", stderr.lock().unwrap());
}
