//! The references loader: never panics; only http(s)/doi URLs are accepted;
//! diagnostics point inside the file and render.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match strata::load::parse_references(text, Path::new("content/references.yaml")) {
        Ok(refs) => {
            for r in &refs.entries {
                if let Some(url) = &r.url {
                    assert!(
                        url.starts_with("https://")
                            || url.starts_with("http://")
                            || url.starts_with("doi:"),
                        "{url}"
                    );
                }
                let _ = strata::markdown::citations::preview(r);
            }
        }
        Err(diags) => strata_fuzz::check_diagnostics(text, &diags),
    }
});
