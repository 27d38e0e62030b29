//! The output works unchanged on a plain static host under a subpath: build the core
//! fixture for `https://example.org/guide/`, serve the parent folder with Python's
//! `http.server` (as GitHub Pages serves a project site), and crawl from the home page
//! following every internal link: every one answers 200 and every fragment exists.

mod common;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixtures, strata};

struct Host(Child);

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, raw[split + 4..].to_vec()))
}

#[test]
fn a_subpath_build_crawls_clean_on_a_plain_static_server() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("guide");
    let built = strata(
        &fixtures().join("core/full"),
        &["build", "--output", out.to_str().unwrap()],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _host = Host(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
                tmp.path().to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is needed for this test"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(port, "/guide/").is_none() {
        assert!(Instant::now() < deadline, "static server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut queue: VecDeque<String> = VecDeque::from(["/guide/".to_string()]);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut failures = Vec::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let Some((status, body)) = get(port, &url) else {
            failures.push(format!("{url}: no answer"));
            continue;
        };
        if status != 200 {
            failures.push(format!("{url}: {status}"));
            continue;
        }
        if !(url.ends_with('/') || url.ends_with(".html")) {
            continue;
        }
        let html = String::from_utf8_lossy(&body).into_owned();
        ids.insert(
            url.clone(),
            strata::linkcheck::attribute_values(&html, "id")
                .into_iter()
                .map(String::from)
                .collect(),
        );
        for link in strata::linkcheck::attribute_values(&html, "href")
            .into_iter()
            .chain(strata::linkcheck::attribute_values(&html, "src"))
        {
            let link = link.replace("&amp;", "&");
            let link = link
                .strip_prefix("https://example.org/guide/")
                .map(|rest| format!("/guide/{rest}"))
                .unwrap_or(link);
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            assert!(
                link.starts_with("/guide/") || link.starts_with('#'),
                "{url} links outside the subpath: {link}"
            );
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (
                    if p.is_empty() {
                        url.clone()
                    } else {
                        p.to_string()
                    },
                    Some(f.to_string()),
                ),
                None => (link.clone(), None),
            };
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                fragments.push((url.clone(), path.clone(), f));
            }
            queue.push_back(path);
        }
    }
    for (from, page, fragment) in fragments {
        if ids.get(&page).is_some_and(|set| !set.contains(&fragment)) {
            failures.push(format!("{from} → {page}#{fragment}: no such id"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(seen.len() >= 15, "the crawl reached {} URLs", seen.len());
    assert!(seen.contains("/guide/glossary/") && seen.contains("/guide/alpha/academic/"));
}
