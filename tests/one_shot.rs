//! The one-shot mode of `build` and `check`: the documents' text is taken out of the site
//! before rendering and freed page by page (the largest part of a large build's
//! memory). Its output must be the output of a build that keeps the text, byte for
//! byte, including the pages rendered a second time (their text is read again from
//! the file) and the places of errors reported after rendering.

mod common;

use std::path::{Path, PathBuf};

use common::{fixtures, strata};
use strata::build::{Build, BuildCache, build_into};
use strata::diagnostic::Diagnostics;
use strata::load::LoadOptions;
use strata::model::Body;
use strata::render::{MemorySink, OutputFile};

type Outcome = Result<(Build, Vec<OutputFile>), Diagnostics>;

fn built(root: &Path, one_shot: bool) -> Outcome {
    let sink = MemorySink::default();
    let options = LoadOptions {
        one_shot,
        ..LoadOptions::default()
    };
    build_into(root, &options, &BuildCache::default(), &sink).map(|b| (b, sink.into_files()))
}

/// The bundled site and every fixture site but the invalid ones.
fn sites() -> Vec<PathBuf> {
    let mut sites = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR"))];
    for feature in std::fs::read_dir(fixtures()).unwrap() {
        let feature = feature.unwrap().path();
        if feature.ends_with("invalid") || !feature.is_dir() {
            continue;
        }
        for case in std::fs::read_dir(&feature).unwrap() {
            let case = case.unwrap().path();
            if case.join("site.yaml").is_file() {
                sites.push(case);
            }
        }
    }
    sites.sort();
    sites
}

/// Every body of `build` (and of its other languages) is in `state`.
fn bodies_are(build: &Build, held: bool) {
    for b in std::iter::once(build).chain(&build.languages) {
        let documents = b.site.documents();
        assert!(!documents.is_empty());
        for (_, doc) in documents {
            let is_held = matches!(doc.body, Body::Held(_));
            assert_eq!(is_held, held, "{}: {:?}", doc.source, doc.body);
        }
    }
}

#[test]
fn a_one_shot_build_writes_the_same_files_and_lets_go_of_the_text() {
    let sites = sites();
    assert!(sites.len() > 15, "{sites:?}");
    for site in sites {
        let name = site.display();
        match (built(&site, false), built(&site, true)) {
            (Ok((kept, kept_files)), Ok((once, once_files))) => {
                assert_eq!(kept_files.len(), once_files.len(), "{name}");
                for (a, b) in kept_files.iter().zip(&once_files) {
                    assert!(a == b, "{name}: {} differs", a.path);
                }
                assert_eq!(kept.warnings, once.warnings, "{name}");
                bodies_are(&kept, true);
                bodies_are(&once, false);
            }
            (Err(kept), Err(once)) => assert_eq!(kept, once, "{name}"),
            (kept, once) => panic!("{name}: {:?} against {:?}", kept.err(), once.err()),
        }
    }
}

#[test]
fn a_broken_anchor_is_placed_from_the_file_read_again() {
    // Both commands let go of the text, and read it again to place the error.
    let case = fixtures().join("invalid/fragment-case-or-slug-mismatch/site");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let build = strata(&case, &["build", "--output", out.to_str().unwrap()]);
    let check = strata(&case, &["check"]);
    let build_err = String::from_utf8_lossy(&build.stderr);
    let check_err = String::from_utf8_lossy(&check.stderr);
    let placed = "--> content/t/intermediate.md:5:5";
    assert!(build_err.contains(placed), "{build_err}");
    assert!(check_err.contains(placed), "{check_err}");
    assert!(build_err.contains("`#BAD-ID` is not a section of `content/t/fundamentals.md`"));
}

/// A site whose page `name` (under `content/`) holds `text`, with a topic whose page
/// links to it from inside code, so that its "Referenced by" is guessed wrong and the
/// page is rendered a second time.
fn site_with_page(name: &std::ffi::OsStr, text: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content/t")).unwrap();
    std::fs::write(root.join("site.yaml"), "title: Test site\n").unwrap();
    std::fs::write(root.join("content/t/_topic.yaml"), "title: Topic\n").unwrap();
    std::fs::write(
        root.join("content/t/fundamentals.md"),
        "---\ntitle: Basics\n---\n\nWrite `[x](@/a/b.md)` to link.\n",
    )
    .unwrap();
    std::fs::write(root.join("content").join(name), text).unwrap();
    tmp
}

#[cfg(unix)]
#[test]
fn a_page_is_read_again_from_its_own_file_whatever_its_name() {
    use std::os::unix::ffi::OsStrExt;
    // `a\b.md` shows as `content/a/b.md`, and a name that is not UTF-8 with `�`:
    // neither names the file, which is read again by the path loading used.
    let names = [
        std::ffi::OsStr::new("a\\b.md"),
        std::ffi::OsStr::from_bytes(b"caf\xe9.md"),
    ];
    for name in names {
        let site = site_with_page(name, "---\ntitle: Back\n---\n\nText.\n");
        let (kept, kept_files) = built(site.path(), false).expect("builds");
        let (once, once_files) = built(site.path(), true).expect("builds one-shot");
        assert_eq!(kept_files, once_files, "{name:?}");
        assert_eq!(kept.warnings, once.warnings);
    }
    // A broken anchor in such a file is placed in it.
    let site = site_with_page(
        std::ffi::OsStr::from_bytes(b"caf\xe9.md"),
        "---\ntitle: Back\n---\n\nSee [x](@/t/fundamentals.md#intr).\n",
    );
    let out = site.path().join("public");
    let build = strata(site.path(), &["build", "--output", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("--> content/caf\u{fffd}.md:5:5"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot read"), "{stderr}");
}
