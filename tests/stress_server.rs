//! The dev server's HTTP side over a real socket: path traversal in every spelling never
//! returns a file from outside the built site, sources next to the site are never
//! served, odd requests do not take the server down, and it binds loopback unless told
//! otherwise (with a warning then).
//!
//! Run: `cargo test --test stress_server`.

mod stress_support;

use stress_support::{Server, get_raw, head_raw};

/// Requests that try to leave the site, as raw request targets (sent as is).
const TRAVERSALS: &[&str] = &[
    "/guide/../etc/passwd",
    "/../../../../etc/passwd",
    "/guide/../../../../../../etc/passwd",
    "/guide/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/guide/%2E%2E/%2E%2E/etc/passwd",
    "/guide/.%2e/.%2e/etc/passwd",
    "/guide/%2e./%2e./etc/passwd",
    "/guide/..%2f..%2f..%2fetc%2fpasswd",
    "/guide/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/guide/..%5c..%5c..%5cetc%5cpasswd",
    "/guide/%5c..%5c..%5cetc%5cpasswd",
    "/guide/..\\..\\..\\etc\\passwd",
    "/guide/alpha/../../../etc/passwd",
    "/guide/alpha/figure.svg/../../../../etc/passwd",
    "//etc/passwd",
    "///etc/passwd",
    "/guide//etc/passwd",
    "/guide///etc/passwd",
    "/etc/passwd",
    "/guide/etc/passwd",
    "/guide/%2fetc%2fpasswd",
    "/guide/%2F%2Fetc%2Fpasswd",
    "/guide/%00../../etc/passwd",
    "/guide/..%00/etc/passwd",
    "/guide/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/guide/%252e%252e/%252e%252e/etc/passwd",
    "/guide/%e0%80%ae%e0%80%ae/etc/passwd",
    "/guide/..;/..;/etc/passwd",
    "/guide/~root/.bashrc",
    "/proc/self/environ",
    "/guide/../../../../proc/self/environ",
    "/guide/%2e%2e/%2e%2e/%2e%2e/%2e%2e/proc/self/cmdline",
];

/// Sources of the site being served: never part of the output.
const SOURCES: &[&str] = &[
    "/guide/site.yaml",
    "/site.yaml",
    "/guide/../site.yaml",
    "/guide/%2e%2e/site.yaml",
    "/guide/content/alpha/fundamentals.md",
    "/guide/content/glossary.yaml",
    "/guide/data/results.yaml",
    "/guide/alpha/fundamentals.md",
    "/guide/alpha/_topic.yaml",
    "/guide/static/img/note.txt",
];

fn leaks(body: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(body);
    [
        "root:x:",
        "root:",
        "/bin/bash",
        "/bin/sh",
        "PATH=",
        "title: Fixture Guide",
        "- id: insulin",
        "columns:",
        "strata\0serve",
    ]
    .into_iter()
    .find(|needle| text.contains(needle))
}

#[test]
fn path_traversal_never_leaves_the_site() {
    let server = Server::start("core/full", 30, &[]);
    let mut failures = Vec::new();
    let mut answered = 0;
    let mut statuses = std::collections::BTreeMap::new();
    for target in TRAVERSALS.iter().chain(SOURCES) {
        for request in [
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
            format!(
                "GET http://localhost{target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            ),
            format!("HEAD {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
            format!("GET {target} HTTP/1.0\r\n\r\n"),
        ] {
            match get_raw(server.port, &request) {
                // The server may close the connection on a request it cannot parse.
                None => {}
                Some((status, body)) => {
                    answered += 1;
                    *statuses.entry(status).or_insert(0) += 1;
                    if let Some(needle) = leaks(&body) {
                        failures.push(format!("{request:?}: {status} with {needle:?} in the body"));
                    } else if !matches!(status, 400 | 404) {
                        failures.push(format!("{request:?}: status {status}, expected 400 or 404"));
                    }
                }
            }
        }
    }
    eprintln!("{answered} answered requests by status: {statuses:?}");
    assert!(
        answered >= TRAVERSALS.len() + SOURCES.len(),
        "most requests get an answer ({answered})"
    );
    // Still up and serving.
    let (status, body) = server.get_text("/guide/alpha/fundamentals/").unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn odd_requests_do_not_take_the_server_down() {
    let server = Server::start("core/full", 30, &[]);
    let long = format!(
        "GET /guide/{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a/".repeat(20_000)
    );
    let many_headers = format!(
        "GET /guide/ HTTP/1.1\r\n{}Connection: close\r\n\r\n",
        (0..500)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    for request in [
        "GARBAGE\r\n\r\n".to_string(),
        "GET\r\n\r\n".to_string(),
        "GET / HTTP/9.9\r\n\r\n".to_string(),
        "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "POST /guide/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
            .to_string(),
        "DELETE /guide/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "GET /guide/ HTTP/1.1\r\nHost: x\r\nRange: bytes=0-10\r\nConnection: close\r\n\r\n"
            .to_string(),
        "GET /__strata/ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "GET /guide/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "GET /guide/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "GET /guide/%f0%9f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        long,
        many_headers,
    ] {
        if let Some((status, body)) = get_raw(server.port, &request) {
            assert!(leaks(&body).is_none(), "{request:.80}: leaked");
            assert!(status >= 200, "{request:.80}: {status}");
        }
        // Half-open connection: send part of a request and hang up.
        let _ = std::net::TcpStream::connect(("127.0.0.1", server.port)).map(|mut s| {
            use std::io::Write;
            let _ = s.write_all(b"GET /gui");
        });
    }
    let (status, _) = server.get_text("/guide/alpha/fundamentals/").unwrap();
    assert_eq!(status, 200);
}

#[test]
fn serve_binds_loopback_by_default_and_warns_otherwise() {
    let server = Server::start("core/full", 30, &[]);
    server.wait_for("/guide/", |s, _| s == 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut out = server.stdout_lines().join("\n");
    while !out.contains("Serving at") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        out = server.stdout_lines().join("\n");
    }
    assert!(out.contains("Serving at http://127.0.0.1:"), "{out}");
    assert!(
        !server
            .stderr_lines()
            .iter()
            .any(|l| l.contains("other machines"))
    );
    drop(server);

    let wide = Server::start("core/full", 30, &["--interface", "0.0.0.0"]);
    wide.wait_for("/guide/", |s, _| s == 200);
    // Output is read by a background thread: give it a moment to catch up.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut err = wide.stderr_lines().join("\n");
    while !err.contains("0.0.0.0") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        err = wide.stderr_lines().join("\n");
    }
    assert!(
        err.contains("warning:") && err.contains("0.0.0.0"),
        "a warning names the interface: {err}"
    );
}

/// A site hosted at `/` with a folder `alpha`: `GET //alpha` is answered with
/// `308 Location: //alpha/`, which a browser reads as the host `alpha` — an open
/// redirect off the dev server (also `///alpha` and `/%2falpha`). src/serve/server.rs
/// `resolve` builds the redirect from the decoded path as is; it should collapse the
/// leading slashes (or answer 404).
#[test]
fn redirects_never_leave_the_site() {
    let server = Server::start("core/full", 30, &[]);
    let config = server.root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("https://example.org/guide/", "/")).unwrap();
    server.wait_for("/alpha/fundamentals/", |s, _| s == 200);
    let mut failures = Vec::new();
    for target in [
        "//alpha",
        "///alpha",
        "/%2falpha",
        "/%2F%2Falpha",
        "//alpha/fundamentals",
        "/\\alpha",
    ] {
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        if let Some((status, head)) = head_raw(server.port, &request) {
            let location = head.lines().find_map(|l| {
                l.to_ascii_lowercase()
                    .starts_with("location:")
                    .then(|| l[9..].trim().to_string())
            });
            if let Some(to) = location {
                let to = to.replace('\\', "/");
                if to.starts_with("//") || to.contains("://") {
                    failures.push(format!("{target} → {status} Location: {to}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "redirects to another host:\n  {}",
        failures.join("\n  ")
    );
}

/// A site whose first build fails (here an unknown key in site.yaml): there is no last
/// good build to serve. `GET /` answered `308` with an empty `Location` (a permanent
/// redirect to nowhere, which browsers cache), and every page a plain-text "Not found"
/// without the live-reload script, so the browser shows no diagnostics and never
/// reloads once the author fixes the file. src/serve/server.rs `resolve` with the
/// default snapshot (`base_path` empty) and `serve_file`'s 404 fallback.
#[test]
fn a_site_broken_at_start_shows_its_errors_and_recovers() {
    let server = Server::start_prepared("core/full", 30, &[], |root| {
        let config = root.join("site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}colour: red\n")).unwrap();
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut problems = Vec::new();
    for target in ["/", "/guide/", "/guide/alpha/fundamentals/"] {
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let (status, head) = head_raw(server.port, &request).expect("an answer");
        if (300..400).contains(&status) {
            let location = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .starts_with("location:")
                        .then(|| l[9..].trim().to_string())
                })
                .unwrap_or_default();
            if location.is_empty() {
                problems.push(format!("{target}: {status} with an empty Location"));
            }
            continue;
        }
        let (_, body) = server.get_text(target).unwrap();
        if !body.contains("/__strata/live.js") {
            problems.push(format!(
                "{target}: {status} {:?} has no live-reload script, so no overlay and no reload",
                &body[..body.len().min(60)]
            ));
        }
    }
    // Fixing the file brings the site up.
    let config = server.root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("colour: red\n", "")).unwrap();
    server.wait_for("/guide/alpha/fundamentals/", |s, _| s == 200);
    assert!(
        problems.is_empty(),
        "while the first build is broken:\n  {}",
        problems.join("\n  ")
    );
}

/// Found by `cargo fuzz run serve_resolve` (input `//a`) before f4fe45a: for a site at
/// `/`, `resolve` answered a redirect to `//a/`, another host.
#[test]
fn resolve_never_redirects_to_another_host() {
    use strata::render::OutputFile;
    use strata::serve::server::{Resolution, resolve};
    use strata::serve::snapshot::Snapshot;
    for base in ["/", "/guide/"] {
        let files = ["index.html", "a/index.html", "guide/index.html"]
            .into_iter()
            .map(|p| OutputFile::bytes(p, b"x".to_vec()))
            .collect();
        let snapshot = Snapshot::from_files(files, base, 1).unwrap();
        for path in [
            "//a",
            "///a",
            "/%2fa",
            "/%2F%2Fa",
            "//a/",
            "/\\a",
            "/guide//a",
            "//guide",
        ] {
            if let Resolution::Redirect(to) = resolve(&snapshot, path) {
                assert!(
                    to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\\"),
                    "{base}: {path:?} redirects to {to:?}"
                );
            }
        }
    }
}

/// A redirect of `serve` (a folder asked for without its slash, the site's root to its
/// base path) is temporary and not stored, so a browser does not keep it after this
/// server stops; it keeps the query string.
#[test]
fn redirects_are_temporary_uncached_and_keep_the_query() {
    let server = Server::start("core/full", 30, &[]);
    server.wait_for("/guide/alpha/fundamentals/", |s, _| s == 200);
    for (target, to) in [("/guide/alpha?x=1", "/guide/alpha/?x=1"), ("/", "/guide/")] {
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let (status, head) = head_raw(server.port, &request).expect("an answer");
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (key, value) = l.split_once(':')?;
                key.eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_string())
            })
        };
        assert_eq!(status, 307, "{target}: {head}");
        assert_eq!(header("location").as_deref(), Some(to), "{target}");
        assert_eq!(
            header("cache-control").as_deref(),
            Some("no-store"),
            "{target}"
        );
    }
}
