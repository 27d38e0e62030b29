//! 1,000 rebuilds of the bundled site (the repository root) in one process, the way
//! `serve` rebuilds: resident memory must not grow by more than 10 % after warm-up.
//!
//! Long, so ignored by default. Run:
//! `cargo test --release --test stress_rebuild -- --ignored --nocapture`
//! (`STRATA_REBUILDS=N` changes the number of cycles; run the tests one at a time with
//! `--test-threads=1`, since they measure the memory of their process.)

mod stress_support;

use std::path::Path;
use std::time::{Duration, Instant};

const WARM_UP: usize = 50;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

fn cycles() -> usize {
    std::env::var("STRATA_REBUILDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn run(name: &str, mut build: impl FnMut() -> usize) {
    let n = cycles();
    let started = Instant::now();
    let mut after_warm_up = 0;
    let mut peak = 0;
    let mut samples = Vec::new();
    for i in 1..=n {
        let files = build();
        assert!(files > 10, "build {i} produced {files} files");
        let rss = rss_kib();
        peak = peak.max(rss);
        if i == WARM_UP {
            after_warm_up = rss;
        }
        if i % 100 == 0 || i == n {
            samples.push((i, rss));
        }
    }
    let end = rss_kib();
    let growth = (end as f64 - after_warm_up as f64) / after_warm_up as f64 * 100.0;
    eprintln!(
        "{name}: {n} builds in {:.1} s ({:.1} ms each); RSS after {WARM_UP}: {after_warm_up} KiB, at the end: {end} KiB ({growth:+.1} %), peak {peak} KiB",
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
    eprintln!("{name}: RSS every 100 builds (KiB): {samples:?}");
    assert!(
        growth < 10.0,
        "{name}: RSS grew {growth:.1} % after warm-up ({after_warm_up} → {end} KiB)"
    );
}

#[test]
#[ignore = "long: 1000 rebuilds; run with --ignored"]
fn a_thousand_builds_do_not_grow_memory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = strata::load::LoadOptions::default();
    run("build", || {
        let built = strata::build::build(root, &options).unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        built.files.len()
    });
}

#[test]
#[ignore = "long: 1000 rebuilds; run with --ignored"]
fn a_thousand_serve_style_rebuilds_with_a_shared_cache_do_not_grow_memory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = strata::load::LoadOptions::default();
    let cache = strata::build::BuildCache::default();
    run("build_with(shared cache)", || {
        let built = strata::build::build_with(root, &options, &cache).unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        built.files.len()
    });
}

fn rss_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// The real thing: `strata serve` on a copy of the bundled site, a page edited 1,000
/// times, each edit waited for until serve has rebuilt (incremental updates included);
/// the serve process's resident memory must not grow by more than 10 % after warm-up.
#[test]
#[ignore = "long: 1000 edits under serve; run with --ignored"]
fn a_thousand_edits_under_serve_do_not_grow_its_memory() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let server = stress_support::Server::start_prepared("core/full", 10, &[], |root| {
        // Replace the fixture by the bundled site.
        std::fs::remove_dir_all(root).unwrap();
        for part in ["site.yaml", "content", "data", "templates", "static"] {
            let from = repo.join(part);
            if from.is_dir() {
                stress_support::copy_dir(&from, &root.join(part));
            } else if from.is_file() {
                std::fs::create_dir_all(root).unwrap();
                std::fs::copy(&from, root.join(part)).unwrap();
            }
        }
    });
    server.settle(Duration::from_millis(300));
    let page = walkdir::WalkDir::new(server.root.join("content"))
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a tier page");
    let original = std::fs::read_to_string(&page).unwrap();
    let pid = server.child.id();
    let n = cycles();
    let started = Instant::now();
    let (mut after_warm_up, mut peak, mut samples) = (0, 0, Vec::new());
    for i in 1..=n {
        let before = server.rebuilds();
        stress_support::atomic_write(&page, &format!("{original}\n\nEdit number {i}.\n"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.rebuilds() == before {
            assert!(Instant::now() < deadline, "edit {i} was not rebuilt");
            std::thread::sleep(Duration::from_millis(2));
        }
        let rss = rss_of(pid);
        peak = peak.max(rss);
        if i == WARM_UP {
            after_warm_up = rss;
        }
        if i % 100 == 0 || i == n {
            samples.push((i, rss));
        }
    }
    let end = rss_of(pid);
    let growth = (end as f64 - after_warm_up as f64) / after_warm_up as f64 * 100.0;
    eprintln!(
        "serve: {n} edits rebuilt in {:.1} s; RSS after {WARM_UP}: {after_warm_up} KiB, at the end: {end} KiB ({growth:+.1} %), peak {peak} KiB, {} failed builds",
        started.elapsed().as_secs_f64(),
        server.failed_builds()
    );
    eprintln!("serve: RSS every 100 edits (KiB): {samples:?}");
    assert!(
        growth < 10.0,
        "serve's RSS grew {growth:.1} % after warm-up ({after_warm_up} → {end} KiB)"
    );
}
