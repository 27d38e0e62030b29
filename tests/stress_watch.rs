//! `strata serve` under the ways editors and tools change files: 100 rapid edits of one
//! page, atomic-rename saves, a `git checkout` writing 20 files at once, a directory
//! rename with its links fixed, and a delete. At the end the served site must equal a
//! fresh `strata build` of the same sources, file for file (HTML compared without the
//! live-reload tag), and the number of rebuilds must stay small.
//!
//! Run: `cargo test --test stress_watch -- --nocapture` (prints the rebuild counts).

mod stress_support;

use std::path::Path;
use std::time::{Duration, Instant};

use stress_support::{LIVE_TAG, Server, atomic_write, fresh_build, tree};

const PAGE: &str = "/guide/alpha/fundamentals/";
const QUIET: Duration = Duration::from_millis(250);

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Rebuilds (and failed builds) during `phase`.
fn phase(server: &Server, name: &str, f: impl FnOnce()) -> (usize, usize) {
    let (r0, f0) = (server.rebuilds(), server.failed_builds());
    let started = Instant::now();
    f();
    server.settle(QUIET);
    let counts = (server.rebuilds() - r0, server.failed_builds() - f0);
    eprintln!(
        "{name}: {} rebuild(s), {} failed build(s), {} ms",
        counts.0,
        counts.1,
        started.elapsed().as_millis()
    );
    counts
}

#[test]
fn the_served_site_equals_a_fresh_build_after_a_storm_of_changes() {
    storm(&[]);
}

/// The same storm with `--poll` (the fallback when inotify watches run out). Slower, so
/// ignored by default: `cargo test --test stress_watch -- --ignored`.
#[test]
#[ignore = "slow: the storm again with --poll"]
fn the_storm_with_polling() {
    storm(&["--poll"]);
}

fn storm(extra: &[&str]) {
    let server = Server::start("core/full", 50, extra);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(QUIET);
    let root = server.root.clone();
    let fundamentals = root.join("content/alpha/fundamentals.md");
    let original = std::fs::read_to_string(&fundamentals).unwrap();

    // 1. A hundred edits of one page, as fast as the disk takes them.
    let (edits, _) = phase(&server, "100 rapid edits", || {
        for i in 0..100 {
            std::fs::write(
                &fundamentals,
                original.replace("Small steps add up.", &format!("Edit {i} landed.")),
            )
            .unwrap();
        }
        server.wait_for(PAGE, |_, b| b.contains("Edit 99 landed."));
    });
    assert!(
        (1..=10).contains(&edits),
        "100 rapid edits caused {edits} rebuilds"
    );

    // 2. Atomic saves (write a temporary file, rename it over the page) and a vim-style
    //    save (move the page away, write a new one, delete the backup).
    let (saves, _) = phase(&server, "atomic saves", || {
        for i in 0..10 {
            atomic_write(
                &fundamentals,
                &original.replace("Small steps add up.", &format!("Atomic {i} landed.")),
            );
        }
        let backup = fundamentals.with_file_name("fundamentals.md~");
        std::fs::rename(&fundamentals, &backup).unwrap();
        std::fs::write(
            &fundamentals,
            original.replace("Small steps add up.", "Vim save landed."),
        )
        .unwrap();
        std::fs::remove_file(&backup).unwrap();
        server.wait_for(PAGE, |_, b| b.contains("Vim save landed."));
    });
    assert!(saves <= 8, "11 saves caused {saves} rebuilds");

    // 3. A checkout: 20 files replaced or created at once (some removed and re-created).
    let (checkout, _) = phase(&server, "checkout of 20 files", || {
        write(
            &root,
            "content/gamma/_topic.yaml",
            "title: Gamma topic\nsummary: Arrived with a checkout.\nweight: 3\n",
        );
        for tier in ["fundamentals", "intermediate", "academic"] {
            write(
                &root,
                &format!("content/gamma/{tier}.md"),
                &format!(
                    "---\ntitle: Gamma {tier}\n---\n\n## Start {{#start}}\n\nGamma at the {tier} depth mentions insulin.\n"
                ),
            );
        }
        for n in 0..10 {
            write(
                &root,
                &format!("content/note-{n}.md"),
                &format!("---\ntitle: Note {n}\n---\n\nNote number {n}.\n"),
            );
        }
        for rel in ["content/about.md", "content/_index.md"] {
            std::fs::remove_file(root.join(rel)).unwrap();
        }
        write(
            &root,
            "content/about.md",
            "---\ntitle: About\nsummary: Who wrote this.\n---\n\n## Who {#who}\n\nRead the [basics](@/alpha/fundamentals.md#start) and [beta](@/beta/fundamentals.md#intro).\n",
        );
        write(
            &root,
            "content/_index.md",
            "---\ntitle: Welcome after checkout\n---\n\nThe home page after a checkout.\n",
        );
        write(
            &root,
            "content/beta/fundamentals.md",
            "---\ntitle: Beta basics\n---\n\n## Intro {#intro}\n\nBeta after checkout.\n",
        );
        let inter = std::fs::read_to_string(root.join("content/alpha/intermediate.md")).unwrap();
        write(
            &root,
            "content/alpha/intermediate.md",
            &inter.replace("Practical steps", "Checked-out steps"),
        );
        let glossary = std::fs::read_to_string(root.join("content/glossary.yaml")).unwrap();
        write(
            &root,
            "content/glossary.yaml",
            &format!(
                "{glossary}- id: gamma-ray\n  term: gamma ray\n  definition: \"A photon of high energy.\"\n"
            ),
        );
        let data = std::fs::read_to_string(root.join("data/results.yaml")).unwrap();
        write(
            &root,
            "data/results.yaml",
            &format!("{data}  - {{ group: \"Checkout\", change: \"new row\" }}\n"),
        );
        server.wait_for("/guide/note-9/", |s, _| s == 200);
        server.wait_for("/guide/gamma/academic/", |s, _| s == 200);
        server.wait_for("/guide/alpha/intermediate/", |_, b| {
            b.contains("Checked-out steps") && b.contains("new row")
        });
        server.wait_for("/guide/", |_, b| b.contains("after a checkout"));
    });
    assert!(
        checkout <= 6,
        "a checkout of 20 files caused {checkout} rebuilds"
    );

    // 4. Rename a topic folder, then fix the link that pointed into it.
    let (rename, _) = phase(&server, "directory rename", || {
        std::fs::rename(root.join("content/beta"), root.join("content/beta-renamed")).unwrap();
        let about = std::fs::read_to_string(root.join("content/about.md")).unwrap();
        atomic_write(
            &root.join("content/about.md"),
            &about.replace("@/beta/", "@/beta-renamed/"),
        );
        server.wait_for("/guide/beta-renamed/fundamentals/", |s, _| s == 200);
        server.wait_for("/guide/beta/fundamentals/", |s, _| s == 404);
        server.wait_for("/guide/about/", |_, b| {
            b.contains("/guide/beta-renamed/fundamentals/#intro")
        });
    });
    assert!(rename <= 4, "a directory rename caused {rename} rebuilds");
    // The renamed folder is still watched.
    phase(&server, "edit inside the renamed folder", || {
        write(
            &root,
            "content/beta-renamed/fundamentals.md",
            "---\ntitle: Beta basics\n---\n\n## Intro {#intro}\n\nEdited after the rename.\n",
        );
        server.wait_for("/guide/beta-renamed/fundamentals/", |_, b| {
            b.contains("Edited after the rename.")
        });
    });

    // 5. Delete a page and the link to it.
    phase(&server, "delete", || {
        std::fs::remove_file(root.join("content/alpha/academic.md")).unwrap();
        let text = std::fs::read_to_string(&fundamentals).unwrap();
        std::fs::write(
            &fundamentals,
            text.replace(
                "[the mechanism](@/alpha/academic.md#mechanism)",
                "the mechanism",
            ),
        )
        .unwrap();
        server.wait_for("/guide/alpha/academic/", |s, _| s == 404);
    });

    let total = server.rebuilds();
    eprintln!(
        "total: {total} rebuilds, {} failed builds",
        server.failed_builds()
    );
    eprintln!("serve stdout:\n  {}", server.stdout_lines().join("\n  "));
    let errors: Vec<String> = server
        .stderr_lines()
        .into_iter()
        .filter(|l| l.starts_with("error") || l.starts_with("  -->"))
        .collect();
    eprintln!("serve errors:\n  {}", errors.join("\n  "));
    assert!(total <= 30, "{total} rebuilds in all");

    // The served site equals a fresh build of the final sources.
    let (_keep, out) = fresh_build(&root);
    let files = tree(&out);
    assert!(files.len() > 30, "{files:?}");
    let mut differences = Vec::new();
    for file in &files {
        let built = std::fs::read(out.join(file)).unwrap();
        let (status, served) = server.get(&format!("/guide/{file}")).unwrap();
        if status != 200 {
            differences.push(format!("{file}: status {status}"));
            continue;
        }
        let served = if file.ends_with(".html") {
            String::from_utf8_lossy(&served)
                .replacen(LIVE_TAG, "", 1)
                .into_bytes()
        } else {
            served
        };
        if served != built {
            differences.push(format!(
                "{file}: served {} bytes, built {} bytes{}",
                served.len(),
                built.len(),
                first_difference(&served, &built)
            ));
        }
    }
    for gone in [
        "beta/fundamentals/index.html",
        "alpha/academic/index.html",
        "beta/index.html",
    ] {
        let (status, _) = server.get(&format!("/guide/{gone}")).unwrap();
        if status != 404 {
            differences.push(format!("{gone}: still served ({status})"));
        }
    }
    assert!(
        differences.is_empty(),
        "served ≠ fresh build:\n  {}",
        differences.join("\n  ")
    );
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |s: &[u8]| {
        String::from_utf8_lossy(&s[i.saturating_sub(60)..(i + 60).min(s.len())]).into_owned()
    };
    format!("\n    served: …{}…\n    built:  …{}…", show(a), show(b))
}

/// A watched folder that did not exist when serve started (`templates/`, `data/`) is
/// watched once it is created: later edits inside it are seen.
#[test]
fn folders_created_after_start_are_watched() {
    let server = Server::start("core/full", 30, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    let root = server.root.clone();
    assert!(!root.join("templates").exists());
    // Create templates/ with an override of the 404 page, then edit it.
    std::fs::create_dir(root.join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let base404 = "{% extends \"base.html\" %}{% block main %}<p>MARKER-ONE</p>{% endblock main %}";
    std::fs::write(root.join("templates/404.html"), base404).unwrap();
    // The template itself is fine: a fresh build uses it.
    let (_keep, out) = fresh_build(&root);
    assert!(
        std::fs::read_to_string(out.join("404.html"))
            .unwrap()
            .contains("MARKER-ONE")
    );
    server.wait_for_within("/guide/404.html", 3, |_, b| b.contains("MARKER-ONE"));
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(
        root.join("templates/404.html"),
        base404.replace("MARKER-ONE", "MARKER-TWO"),
    )
    .unwrap();
    server.wait_for_within("/guide/404.html", 3, |_, b| b.contains("MARKER-TWO"));
}

/// Serves `root` and compares every file of a fresh build with what is served.
fn differences(server: &Server) -> Vec<String> {
    // In process, which is quicker than the binary and runs the same code.
    let built = strata::build::build(&server.root, &strata::load::LoadOptions::default())
        .unwrap_or_else(|d| panic!("fresh build failed: {d:?}"));
    let mut diffs = Vec::new();
    for file in &built.files {
        let built = match &file.content {
            strata::render::FileContent::Bytes(b) => b.clone(),
            strata::render::FileContent::Copy(path) => std::fs::read(path).unwrap(),
        };
        let file = &file.path;
        let Some((status, served)) = server.get(&format!("/guide/{file}")) else {
            diffs.push(format!("{file}: no answer"));
            continue;
        };
        let served = if file.ends_with(".html") {
            String::from_utf8_lossy(&served)
                .replacen(LIVE_TAG, "", 1)
                .into_bytes()
        } else {
            served
        };
        if status != 200 || served != built {
            diffs.push(format!(
                "{file}: status {status}{}",
                first_difference(&served, &built)
            ));
        }
    }
    diffs
}

/// Edits of one kind at a time — a title, a summary, a date, a first use of a term, the
/// last use of a term, a citation, a heading, a definition, a table row — each followed
/// by a comparison of the whole served site with a fresh build, so an update that
/// re-renders too few pages shows up.
#[test]
fn each_kind_of_edit_serves_what_a_full_build_gives() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(Duration::from_millis(300));
    let root = server.root.clone();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        atomic_write(&path, &text.replacen(from, to, 1));
    };
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "page title",
            Box::new(|| {
                edit(
                    "content/alpha/fundamentals.md",
                    "title: Alpha basics",
                    "title: Alpha first steps",
                )
            }),
        ),
        (
            "page summary",
            Box::new(|| {
                edit(
                    "content/alpha/intermediate.md",
                    "summary: The practical version.",
                    "summary: The hands-on version.",
                )
            }),
        ),
        (
            "updated date",
            Box::new(|| {
                edit(
                    "content/alpha/academic.md",
                    "updated: 2026-01-04",
                    "updated: 2026-02-01",
                )
            }),
        ),
        (
            "first use of a term",
            Box::new(|| {
                edit(
                    "content/beta/fundamentals.md",
                    "Beta has only one depth so far.",
                    "Beta has only one depth so far. GLUT4 appears here.",
                )
            }),
        ),
        (
            "last use of a term removed",
            Box::new(|| {
                edit(
                    "content/alpha/fundamentals.md",
                    "Both bodies and cells matter.",
                    "Cells matter.",
                )
            }),
        ),
        (
            "a new citation",
            Box::new(|| {
                edit(
                    "content/beta/fundamentals.md",
                    "GLUT4 appears here.",
                    "GLUT4 appears here [@lee-2022].",
                )
            }),
        ),
        (
            "a new heading",
            Box::new(|| {
                edit(
                    "content/alpha/academic.md",
                    "## The mechanism {#mechanism}",
                    "## An aside {#aside}\n\nMore.\n\n## The mechanism {#mechanism}",
                )
            }),
        ),
        (
            "topic title",
            Box::new(|| {
                edit(
                    "content/alpha/_topic.yaml",
                    "title: Alpha topic",
                    "title: Alpha subject",
                )
            }),
        ),
        (
            "glossary definition",
            Box::new(|| {
                edit(
                    "content/glossary.yaml",
                    "The insulin-regulated glucose transporter.",
                    "The glucose transporter that insulin moves.",
                )
            }),
        ),
        (
            "table row",
            Box::new(|| edit("data/results.yaml", "change: 12 }", "change: 13 }")),
        ),
        (
            "co-located asset",
            Box::new(|| {
                edit(
                    "content/alpha/figure.svg",
                    "<rect width=",
                    "<rect fill=\"red\" width=",
                )
            }),
        ),
        (
            "static file",
            Box::new(|| {
                edit(
                    "static/img/note.txt",
                    "User-agent: test",
                    "User-agent: changed",
                )
            }),
        ),
        (
            "new static file",
            Box::new(|| std::fs::write(root.join("static/img/new.txt"), "new").unwrap()),
        ),
        (
            "new glossary alias",
            Box::new(|| {
                edit(
                    "content/glossary.yaml",
                    "  term: body\n",
                    "  term: body\n  aliases: [matter]\n",
                )
            }),
        ),
        (
            "a much longer page (reading time)",
            Box::new(|| {
                let more = "Insulin moves sugar into cells, and cells answer it. ".repeat(400);
                edit(
                    "content/alpha/academic.md",
                    "## The mechanism {#mechanism}",
                    &format!("{more}\n\n## The mechanism {{#mechanism}}"),
                )
            }),
        ),
        (
            "heading text of a linking section",
            Box::new(|| edit("content/about.md", "## Who {#who}", "## The authors {#who}")),
        ),
        (
            "home page text with a term",
            Box::new(|| {
                edit(
                    "content/_index.md",
                    "It mentions insulin once.",
                    "It mentions insulin and GLUT4, with a [link](@/beta/fundamentals.md).",
                )
            }),
        ),
        (
            "plain page text with a term and a heading",
            Box::new(|| {
                edit(
                    "content/about.md",
                    "The fixture was written for tests.",
                    "The fixture was written for tests about GLUT4.\n\n## More {#more}\n\nInsulin again.",
                )
            }),
        ),
        (
            "citation removed",
            Box::new(|| edit("content/alpha/fundamentals.md", " [@smith-2020]", "")),
        ),
        (
            "draft published",
            Box::new(|| edit("content/secret.md", "draft: true", "draft: false")),
        ),
        (
            "new tier page",
            Box::new(|| {
                std::fs::write(
                    root.join("content/beta/academic.md"),
                    "---\ntitle: Beta in depth\nupdated: 2026-03-01\n---\n\n## Intro\n\nBeta, deeper, with insulin.\n",
                )
                .unwrap()
            }),
        ),
        (
            "tier page deleted",
            Box::new(|| {
                edit(
                    "content/alpha/fundamentals.md",
                    "[the practical page](intermediate.md)",
                    "the practical page",
                );
                std::fs::remove_file(root.join("content/alpha/intermediate.md")).unwrap()
            }),
        ),
        (
            "removed static file",
            Box::new(|| std::fs::remove_file(root.join("static/img/new.txt")).unwrap()),
        ),
        (
            "removed co-located asset",
            Box::new(|| {
                edit(
                    "content/alpha/fundamentals.md",
                    "![A figure](figure.svg)",
                    "No figure.",
                );
                std::fs::remove_file(root.join("content/alpha/figure.svg")).unwrap()
            }),
        ),
        (
            "site title",
            Box::new(|| {
                edit(
                    "site.yaml",
                    "title: Fixture Guide",
                    "title: Fixture Handbook",
                )
            }),
        ),
    ];
    let mut failures = Vec::new();
    for (what, step) in steps {
        let before = server.rebuilds();
        step();
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.rebuilds() == before && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        server.settle(Duration::from_millis(80));
        let diffs = differences(&server);
        if !diffs.is_empty() {
            failures.push(format!(
                "after the {what} edit:\n    {}",
                diffs.join("\n    ")
            ));
        }
    }
    for gone in [
        "/guide/img/new.txt",
        "/guide/alpha/figure.svg",
        "/guide/alpha/intermediate/",
    ] {
        let (status, _) = server.get(gone).unwrap();
        if status != 404 {
            failures.push(format!(
                "{gone} is still served ({status}) after its source was removed"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "served ≠ fresh build:\n  {}",
        failures.join("\n  ")
    );
}

/// Renaming a heading id that another page links to breaks that link: serve must fail
/// the build (as `strata build` does), keep serving the last good site, and recover
/// when the link is fixed.
#[test]
fn an_edit_that_breaks_a_link_on_another_page_fails_the_build() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(Duration::from_millis(300));
    let academic = server.root.join("content/alpha/academic.md");
    let text = std::fs::read_to_string(&academic).unwrap();
    let failed = server.failed_builds();
    atomic_write(&academic, &text.replace("{#mechanism}", "{#pathway}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.failed_builds() == failed && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        server.failed_builds() > failed,
        "the broken link from alpha/fundamentals.md to #mechanism went unnoticed:\n{:?}",
        server.stdout_lines()
    );
    let (_, body) = server.get_text("/guide/alpha/academic/").unwrap();
    assert!(
        body.contains("id=\"mechanism\""),
        "the last good page is still served"
    );
    let fundamentals = server.root.join("content/alpha/fundamentals.md");
    let f = std::fs::read_to_string(&fundamentals).unwrap();
    atomic_write(&fundamentals, &f.replace("#mechanism", "#pathway"));
    server.wait_for("/guide/alpha/academic/", |_, b| {
        b.contains("id=\"pathway\"")
    });
    server.settle(Duration::from_millis(150));
    let diffs = differences(&server);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// More changes at once than the kernel queues (inotify's `max_queued_events`, 16384 by
/// default), as when a large branch is checked out or an archive unpacked: the watcher
/// reports an overflow ("rescan") without paths, and serve must rebuild anyway — the
/// change made right after the burst must be served.
#[test]
#[ignore = "writes 30,000 files; run with --ignored"]
fn a_burst_larger_than_the_event_queue_still_rebuilds() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(Duration::from_millis(200));
    let bulk = server.root.join("static/bulk");
    std::fs::create_dir_all(&bulk).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // Stop serve while the burst lands, so the kernel queue overflows for certain.
    let pid = server.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );
    for i in 0..30_000 {
        std::fs::write(bulk.join(format!("f{i}.txt")), "x").unwrap();
    }
    let fundamentals = server.root.join("content/alpha/fundamentals.md");
    let text = std::fs::read_to_string(&fundamentals).unwrap();
    std::fs::write(
        &fundamentals,
        text.replace("Small steps add up.", "After the burst."),
    )
    .unwrap();
    assert!(
        std::process::Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut served = false;
    while Instant::now() < deadline && !served {
        served = server
            .get_text(PAGE)
            .is_some_and(|(_, b)| b.contains("After the burst."));
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("serve stdout: {:?}", server.stdout_lines());
    assert!(
        served,
        "the edit made during an event-queue overflow was never served"
    );
    server.wait_for_within("/guide/bulk/f29999.txt", 30, |s, _| s == 200);
}

/// An overflow of the kernel's event queue during page edits (serve is stopped with
/// SIGSTOP while 8,000 writes land, so the queue of 16,384 events overflows for certain):
/// serve must not update just the pages whose events made it through — the page whose
/// event was dropped must be served fresh too. src/serve/watch.rs `handler` drops the
/// watcher's rescan event (it has no paths) and ignores `Err` results, so the rebuild
/// loop updates only the listed pages incrementally.
#[test]
fn an_overflow_of_page_edits_does_not_lose_the_dropped_ones() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    let (a, b) = (
        server.root.join("content/note-a.md"),
        server.root.join("content/note-b.md"),
    );
    std::fs::write(&a, "Note a.\n").unwrap();
    std::fs::write(&b, "Note b.\n").unwrap();
    server.wait_for("/guide/note-b/", |s, _| s == 200);
    server.settle(Duration::from_millis(200));
    let pid = server.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );
    for i in 0..4_000 {
        std::fs::write(&a, format!("Note a, edit {i}.\n")).unwrap();
        std::fs::write(&b, format!("Note b, edit {i}.\n")).unwrap();
    }
    let fundamentals = server.root.join("content/alpha/fundamentals.md");
    let text = std::fs::read_to_string(&fundamentals).unwrap();
    std::fs::write(
        &fundamentals,
        text.replace("Small steps add up.", "After the overflow."),
    )
    .unwrap();
    assert!(
        std::process::Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    server.wait_for("/guide/note-a/", |_, b| b.contains("edit 3999"));
    server.settle(Duration::from_millis(300));
    let (_, body) = server.get_text(PAGE).unwrap();
    eprintln!("serve stdout: {:?}", server.stdout_lines());
    assert!(
        body.contains("After the overflow."),
        "the page edited during the overflow is stale"
    );
}

/// A term used under a heading is listed on the glossary page with a link to that
/// section ("Used in … /alpha/academic/#start"). Renaming the heading's id in the page
/// must update that link. Found by this suite: serve kept the glossary page with
/// `#start`, an anchor that no longer existed, because the incremental update
/// re-rendered the glossary page only when the terms used changed, not the headings.
#[test]
fn a_renamed_heading_updates_the_used_in_links_of_the_glossary() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(Duration::from_millis(300));
    let academic = server.root.join("content/alpha/academic.md");
    let text = std::fs::read_to_string(&academic).unwrap();
    atomic_write(&academic, &text.replace("{#start}", "{#begin}"));
    server.wait_for("/guide/alpha/academic/", |_, b| b.contains("id=\"begin\""));
    server.settle(Duration::from_millis(200));
    let (_, glossary) = server.get_text("/guide/glossary/").unwrap();
    assert!(
        !glossary.contains("/guide/alpha/academic/#start"),
        "the glossary still links the old section id"
    );
    let diffs = differences(&server);
    assert!(
        diffs.is_empty(),
        "served ≠ fresh build:\n  {}",
        diffs.join("\n  ")
    );
}

/// A new cross-link from beta to alpha/academic adds beta to alpha/academic's
/// "Referenced by" list. A later edit of alpha/academic itself must keep it. Found by
/// this suite: src/incremental.rs rebuilt the link index for the first update but did
/// not keep it in the state the next update starts from, so the backlink disappeared.
#[test]
fn backlinks_survive_a_later_edit_of_the_linked_page() {
    let server = Server::start("core/full", 20, &[]);
    server.wait_for(PAGE, |s, _| s == 200);
    server.settle(Duration::from_millis(300));
    let beta = server.root.join("content/beta/fundamentals.md");
    let text = std::fs::read_to_string(&beta).unwrap();
    atomic_write(
        &beta,
        &text.replace(
            "Beta has only one depth so far.",
            "Beta has only one depth so far; see [the mechanism](@/alpha/academic.md#mechanism).",
        ),
    );
    let backlink = "href=\"/guide/beta/fundamentals/\"";
    server.wait_for("/guide/alpha/academic/", |_, b| b.contains(backlink));
    server.settle(Duration::from_millis(200));
    let academic = server.root.join("content/alpha/academic.md");
    let text = std::fs::read_to_string(&academic).unwrap();
    atomic_write(
        &academic,
        &text.replace(
            "## The mechanism {#mechanism}",
            "## How it works {#mechanism}",
        ),
    );
    server.wait_for("/guide/alpha/academic/", |_, b| b.contains("How it works"));
    server.settle(Duration::from_millis(200));
    let (_, page) = server.get_text("/guide/alpha/academic/").unwrap();
    assert!(
        page.contains(backlink),
        "the backlink from beta was lost by the second edit"
    );
    let diffs = differences(&server);
    assert!(
        diffs.is_empty(),
        "served ≠ fresh build:\n  {}",
        diffs.join("\n  ")
    );
}
