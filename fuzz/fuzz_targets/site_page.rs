//! A whole site through `strata::build::build` (load, Markdown, templates, search
//! index, feed, sitemap) with a fuzzed page, front matter, glossary and table written to
//! a temporary folder: never panics; a failed build reports diagnostics that render.
//! Input: page.md \x1e glossary.yaml \x1e data/results.yaml \x1e _topic.yaml.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata_fuzz::{GLOSSARY, REFERENCES, TABLE, parts};

fuzz_target!(|data: &[u8]| {
    let p = {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        parts(text, 4)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let dir = tempfile::Builder::new()
        .prefix("strata-fuzz")
        .tempdir_in(shm())
        .unwrap();
    let root = dir.path();
    let w = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    w("site.yaml", "title: Fuzz\nbase_url: /sub/\n");
    w(
        "content/glossary.yaml",
        if p[1].is_empty() { GLOSSARY } else { &p[1] },
    );
    w("content/references.yaml", REFERENCES);
    w(
        "content/t/_topic.yaml",
        if p[3].is_empty() { "title: T\n" } else { &p[3] },
    );
    w("content/t/fundamentals.md", &p[0]);
    w("content/u/_topic.yaml", "title: U\n");
    w("content/u/fundamentals.md", "## Intro\n\nOther.\n");
    w(
        "data/results.yaml",
        if p[2].is_empty() { TABLE } else { &p[2] },
    );
    match strata::build::build(root, &strata::load::LoadOptions::default()) {
        Ok(built) => assert!(!built.files.is_empty()),
        Err(diags) => {
            assert!(diags.has_errors());
            for d in diags.iter() {
                let _ = d.render(false);
            }
        }
    }
});

fn shm() -> &'static std::path::Path {
    let p = std::path::Path::new("/dev/shm");
    if p.is_dir() {
        p
    } else {
        std::path::Path::new("/tmp")
    }
}
