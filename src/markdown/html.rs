//! Small HTML-writing helpers shared by the Markdown passes.

/// Escapes text for an HTML text node or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

pub fn escape_into(out: &mut String, text: &str) {
    escape_with(out, text, entity);
}

/// The entity for a byte that text nodes and double- or single-quoted attributes
/// must not hold as it is (`&`, `<`, `>`, `"`, `'`); the same five Tera escapes.
pub fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes text for an HTML text node exactly as pulldown-cmark's writer does (`&`,
/// `<`, `>`), for passes that turn text into HTML themselves.
pub fn escape_text_into(out: &mut String, text: &str) {
    escape_with(out, text, |byte| match byte {
        b'"' | b'\'' => None,
        other => entity(other),
    });
}

/// Copies `text` to `out`, replacing each byte `entity` names. The special bytes are
/// ASCII, so the runs between them are whole slices, copied at once.
fn escape_with(out: &mut String, text: &str, entity: impl Fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        if let Some(entity) = entity(byte) {
            out.push_str(&text[last..i]);
            out.push_str(entity);
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
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
    fn script_urls_are_unsafe() {
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../a.md#x"));
        assert!(is_safe_url("a/b:c"));
    }
}
