//! The front-matter splitter and parser: never panic; the parts put back together give
//! the input; diagnostics point inside the file and render.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use strata::load::frontmatter::{parse, split};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match split(text) {
        Ok(parts) => {
            assert!(text.ends_with(parts.body));
            if let Some(yaml) = parts.yaml {
                let open = if text.starts_with("---\r\n") { 5 } else { 4 };
                assert!(text[open..].starts_with(yaml));
                let fence = &text[open + yaml.len()..text.len() - parts.body.len()];
                let fence = fence.trim_end_matches(['\n', '\r']);
                assert!(fence == "---" || fence == "...", "closing fence {fence:?}");
            } else {
                assert_eq!(parts.body, text);
            }
        }
        Err(_) => assert!(text.starts_with("---\n") || text.starts_with("---\r\n")),
    }
    match parse(text, Path::new("content/t/fundamentals.md")) {
        Ok((_, body, line)) => {
            assert!(text.ends_with(body));
            assert!(line as usize <= text.split('\n').count() + 1);
        }
        Err(diags) => strata_fuzz::check_diagnostics(text, &diags),
    }
});
