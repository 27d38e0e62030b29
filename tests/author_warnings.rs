//! Mistakes that leave a site that still builds: each is a warning on stderr, with
//! its place and a hint, and the build exits 0.

mod common;

use common::{strata, write_files};

/// Runs `strata check` on the site spelled out by `files` and returns its exit
/// status and stderr.
fn check(files: &[(&str, &str)]) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let out = strata(tmp.path(), &["check"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn tier_pages_in_a_folder_without_a_topic_file_are_a_warning() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        (
            "content/plants/academic.md",
            "---\ntitle: Deep\n---\n\nText.\n",
        ),
        (
            "content/plants/fundamentals.md",
            "---\ntitle: Basics\n---\n\nText.\n",
        ),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: `content/plants/` holds tier pages (fundamentals.md, academic.md) but no `_topic.yaml`, so it is not a topic and they are published as plain pages\n --> content/plants/fundamentals.md\n  = help: add `content/plants/_topic.yaml` with a `title` to make the folder a topic"
        ),
        "{stderr}"
    );
}
