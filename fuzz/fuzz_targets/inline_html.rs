//! Inline Markdown (definitions, captions, cells): never panics; the author's raw HTML is
//! escaped, so no tag of theirs survives: no `<script>`, no `<iframe>`, and no tag in
//! the output carries an event-handler attribute (`on…=`).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The attribute names of every tag in `html`.
fn attribute_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        // Skip the tag name, then read `name="value"` pairs.
        let mut t = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
        loop {
            t = t.trim_start();
            let name: String = t
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '=' && *c != '>')
                .collect();
            if name.is_empty() {
                break;
            }
            names.push(name.to_ascii_lowercase());
            t = &t[name.len()..];
            if let Some(v) = t.strip_prefix("=\"") {
                t = v.find('"').map_or("", |q| &v[q + 1..]);
            }
        }
        rest = &rest[end..];
    }
    names
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for keep in [false, true] {
        let html = strata::markdown::inline_html(text, keep);
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("<script"),
            "raw <script> from {text:?}: {html}"
        );
        assert!(
            !lower.contains("<iframe"),
            "raw <iframe> from {text:?}: {html}"
        );
        for name in attribute_names(&html) {
            assert!(
                !name.starts_with("on"),
                "handler attribute {name} from {text:?}: {html}"
            );
        }
    }
    let _ = strata::markdown::inline_text(text);
});
