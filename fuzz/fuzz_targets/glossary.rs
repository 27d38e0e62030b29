//! The glossary loader and the term matcher built from it: never panic; diagnostics
//! point inside the file and render; a loaded glossary links terms in a sample page
//! without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tiers = strata::config::Config::parse("title: T\n", Path::new("site.yaml"))
        .unwrap()
        .tiers;
    match strata::load::parse_glossary(text, Path::new("content/glossary.yaml"), &tiers) {
        Ok(_) => {
            // Link the glossary's own text as a page: every term appears in it.
            if let Some(site) = strata_fuzz::page_site(
                "title: T\nglossary:\n  link: all\n",
                text,
                "fundamentals",
                text,
                strata_fuzz::TABLE,
            ) {
                let _ = strata_fuzz::render_first(&site);
            }
        }
        Err(diags) => strata_fuzz::check_diagnostics(text, &diags),
    }
});
