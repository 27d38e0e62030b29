//! 1,000 rebuilds of the bundled site (the repository root) in one process, the way
//! `serve` rebuilds: resident memory must not grow by more than 10 % after warm-up.
//!
//! Long, so ignored by default. Run:
//! `cargo test --release --test stress_rebuild -- --ignored --nocapture`
//! (`STRATA_REBUILDS=N` changes the number of cycles.)

use std::path::Path;
use std::time::Instant;

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
