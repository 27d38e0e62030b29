//! Small HTML-writing helpers shared by the Markdown passes.

/// Escapes text for an HTML text node or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Escapes the five bytes that text nodes and double- or single-quoted attributes must
/// not hold as they are (`&`, `<`, `>`, `"`, `'`), the same five Tera escapes.
/// pulldown-cmark's escaper does exactly this, finding the bytes 16 at a time.
pub fn escape_into(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// Escapes text for an HTML text node exactly as pulldown-cmark's writer does (`&`,
/// `<`, `>`), for passes that turn text into HTML themselves.
pub fn escape_text_into(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html_body_text(out, text);
}

/// The author's raw HTML with every `<` that starts no tag, comment or declaration
/// written as `&lt;`, or `None` when there is none. A browser reads such a `<` as
/// text anyway (after a parse error); escaping it keeps the page conforming and
/// shows the same thing.
pub fn escape_stray_lt(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let stray = |i: usize| match bytes.get(i + 1) {
        Some(b) => !(b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')),
        None => true,
    };
    let first = memchr::memchr_iter(b'<', bytes).find(|&i| stray(i))?;
    let mut out = String::with_capacity(raw.len() + 8);
    let mut last = 0;
    for i in memchr::memchr_iter(b'<', &bytes[first..]).map(|i| i + first) {
        if stray(i) {
            out.push_str(&raw[last..i]);
            out.push_str("&lt;");
            last = i + 1;
        }
    }
    out.push_str(&raw[last..]);
    Some(out)
}

pub use crate::urls::is_safe_url;

/// Where the values of attribute `name` (`href`, `src`, `id`) lie in `html`: every
/// ` name="…"`, double-quoted and after a space (the form both pulldown-cmark and Tera
/// write), inside a tag. Text keeps its `"` when escaped (`<code>&lt;img
/// src="x.png"&gt;</code>`) but never a raw `<` or `>`, so a match is in a tag when
/// the nearest `<` or `>` before it is a `<`. The link check reads pages with it, and
/// the author's raw HTML is read with it too, so that both find the same links.
pub fn attribute_spans<'h>(
    html: &'h str,
    name: &str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'h {
    let needle = format!(" {name}=\"");
    let skip = needle.len();
    let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let found = at + finder.find(&bytes[at..])?;
            let start = found + skip;
            let len = memchr::memchr(b'"', &bytes[start..])?;
            at = start + len;
            let in_tag =
                memchr::memrchr2(b'<', b'>', &bytes[..found]).is_some_and(|i| bytes[i] == b'<');
            if in_tag {
                // Both ends sit next to ASCII quotes, so they are character boundaries.
                return Some(start..start + len);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        // Long enough for the vector path, with specials on both sides of a block edge.
        let long = "plain words, then <b> & \"quotes\" and 'apostrophes' > end";
        let mut text = String::new();
        escape_text_into(&mut text, long);
        assert_eq!(
            text,
            "plain words, then &lt;b&gt; &amp; \"quotes\" and 'apostrophes' &gt; end"
        );
        assert_eq!(
            escape(long),
            "plain words, then &lt;b&gt; &amp; &quot;quotes&quot; and &#39;apostrophes&#39; &gt; end"
        );
    }

    #[test]
    fn attributes_are_found_in_tags_only() {
        let html = r#"<p>Use <code>&lt;img src="x.png"&gt;</code>, src="y" or <img alt="" src="z.png"></p><a
 href="/a/">a</a> href="/text/""#;
        let found: Vec<&str> = attribute_spans(html, "src").map(|r| &html[r]).collect();
        assert_eq!(found, ["z.png"]);
        let found: Vec<&str> = attribute_spans(html, "href").map(|r| &html[r]).collect();
        assert_eq!(found, ["/a/"]);
    }

    #[test]
    fn a_lt_that_starts_no_tag_is_escaped_in_raw_html() {
        assert_eq!(escape_stray_lt("<div>a</div>"), None);
        assert_eq!(escape_stray_lt("<!-- c --> <?pi?> </p>"), None);
        assert_eq!(
            escape_stray_lt("<!-- insulin --> <").as_deref(),
            Some("<!-- insulin --> &lt;")
        );
        assert_eq!(
            escape_stray_lt("<p>1 < 2 <3</p>").as_deref(),
            Some("<p>1 &lt; 2 &lt;3</p>")
        );
    }

    #[test]
    fn attribute_spans_find_double_quoted_values_after_a_space() {
        let html = r#"<a href="/a/">a</a><img src="b.png" alt=""><a data-href="x" href='y'><a href="unclosed"#;
        let values: Vec<&str> = attribute_spans(html, "href").map(|r| &html[r]).collect();
        assert_eq!(values, ["/a/"]);
        let values: Vec<&str> = attribute_spans(html, "src").map(|r| &html[r]).collect();
        assert_eq!(values, ["b.png"]);
    }

    #[test]
    fn script_urls_are_unsafe() {
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../a.md#x"));
        assert!(is_safe_url("a/b:c"));
    }
}
