//! One page through the whole Markdown stage (shortcodes, headings, links, citations,
//! glossary terms, alerts, highlighting) with a fuzzed body, glossary and table:
//! never panics, diagnostics point inside the body and render, no term is linked
//! inside code or another link.
//! Input: body \x1e glossary.yaml \x1e data/results.yaml \x1e link-mode byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata_fuzz::{GLOSSARY, TABLE, check_diagnostics, page_site, parts, render_first};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = parts(text, 4);
    let (body, glossary, table) = (p[0], p[1], p[2]);
    let glossary = if glossary.is_empty() {
        GLOSSARY
    } else {
        glossary
    };
    let table = if table.is_empty() { TABLE } else { table };
    let mode = ["first", "all", "section", "none"][p[3].len() % 4];
    let tier = ["fundamentals", "academic"][p[3].len() / 4 % 2];
    let site_yaml = format!("title: F\nglossary:\n  link: {mode}\n");
    let Some(site) = page_site(&site_yaml, glossary, tier, body, table) else {
        return;
    };
    let (doc, diags) = render_first(&site);
    check_diagnostics(body, &diags);
    // Pages with errors are never published; the author's own raw HTML (any `<`) may
    // hold anchors and code of its own, which this simple count cannot tell apart.
    if diags.iter().any(|d| d.is_error()) || body.contains('<') {
        return;
    }
    // No term link inside <code>, <pre> or another <a>.
    let html = &doc.html;
    let mut depth_code = 0i32;
    let mut depth_a = 0i32;
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<code") || rest.starts_with("<pre") {
            depth_code += 1;
        } else if rest.starts_with("</code>") || rest.starts_with("</pre>") {
            depth_code -= 1;
        } else if rest.starts_with("<a class=\"term\"") {
            assert!(
                depth_code <= 0 && depth_a <= 0,
                "term linked inside code or a link:\n{body}\n---\n{html}"
            );
            depth_a += 1;
        } else if rest.starts_with("<a ") || rest.starts_with("<a>") {
            depth_a += 1;
        } else if rest.starts_with("</a>") {
            depth_a -= 1;
        }
        rest = &rest[1..];
    }
});
