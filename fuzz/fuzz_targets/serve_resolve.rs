//! The dev server's request-path resolution, for a site under `/guide/` and one at `/`:
//! never panics, only ever names a file of the built site (never one with `..` or a
//! backslash in it), and never redirects off the site (`//host/…` is another host).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use strata::render::OutputFile;
use strata::serve::server::{Resolution, resolve};
use strata::serve::snapshot::Snapshot;

fn snapshot(base: &str) -> Snapshot {
    let files = [
        "index.html",
        "a/index.html",
        "a/b/index.html",
        "glossary/index.html",
        "assets/x.css",
        "404.html",
    ]
    .into_iter()
    .map(|p| OutputFile::bytes(p, b"x".to_vec()))
    .collect();
    Snapshot::from_files(files, base, 1).unwrap()
}

static SUB: LazyLock<Snapshot> = LazyLock::new(|| snapshot("/guide/"));
static ROOT: LazyLock<Snapshot> = LazyLock::new(|| snapshot("/"));

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    for snap in [&*SUB, &*ROOT] {
        match resolve(snap, path) {
            Resolution::File(f) => {
                assert!(
                    snap.files.contains_key(f.as_str()),
                    "{path:?} → {f:?} not in the site"
                );
                assert!(!f.contains("..") && !f.contains('\\'), "{path:?} → {f:?}");
            }
            Resolution::Redirect(to) => {
                assert!(to.starts_with('/'), "redirect off-site: {path:?} → {to:?}");
                assert!(
                    !to.starts_with("//"),
                    "protocol-relative redirect (another host): {path:?} → {to:?}"
                );
            }
            Resolution::BadRequest | Resolution::NotFound => {}
        }
    }
});
