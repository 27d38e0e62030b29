//! Helpers shared by the integration tests: run the `strata` binary on a fixture site
//! and read what it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `strata ARGS` in `dir` without colours.
pub fn strata(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("strata")
        .expect("strata binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("STRATA_LOG")
        .args(args)
        .output()
        .expect("run strata")
}

/// Builds the site at `root` into a fresh temporary folder and returns it.
pub fn build_site(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = strata(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert!(
        result.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    (tmp, out)
}

/// Writes each `(path, text)` under `root`, creating folders as needed: a small site
/// spelled out in the test itself.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file path")).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Lines a child process writes, collected as they come.
pub fn capture(
    stream: impl std::io::Read + Send + 'static,
) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use std::io::BufRead;
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

/// The port a `strata serve --port 0` announced ("Serving at http://HOST:PORT/ …"),
/// waiting up to 30 s. With port 0 the system picks the port as the server binds it,
/// so servers started by tests running at once never race for one (a port found free
/// and released before the server binds it can be taken in between).
pub fn announced_port(stdout: &std::sync::Mutex<Vec<String>>) -> u16 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let port = stdout.lock().unwrap().iter().find_map(|line| {
            let rest = line.split_once("Serving at http://")?.1;
            rest.split('/').next()?.rsplit(':').next()?.parse().ok()
        });
        if let Some(port) = port {
            return port;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never said where it serves: {:?}",
            stdout.lock().unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// The built page `rel` of the output folder `out`, parsed.
pub fn page(out: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(&out.join(rel)))
}

/// The trimmed text of every element of `html` that `selector` matches.
pub fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The value of `attr` on every element of `html` that `selector` matches (and that
/// has it).
pub fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}
