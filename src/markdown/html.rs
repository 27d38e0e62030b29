//! Small HTML helpers shared by the Markdown passes and the link check: escaping
//! text, and reading the attribute values of tags (ids, URLs, the candidates of a
//! `srcset`) without parsing a document.

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

/// The text a reader sees of a piece of HTML: its tags left out and the entities an
/// escaper writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`) read back. Enough for
/// the HTML a shortcode writes inside a heading, whose words belong to the
/// heading's id and outline entry; the author's own inline HTML comes one tag at a
/// time, which leaves no text.
pub fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    if !text.contains('&') {
        return text;
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
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

/// Where the values of attribute `name` (`href`, `src`, `id`) lie in `html`; see
/// [`Attributes`]. For one attribute of a text; to read several, make the
/// [`Attributes`] once.
pub fn attribute_spans(html: &str, name: &str) -> impl Iterator<Item = std::ops::Range<usize>> {
    let spans: Vec<_> = Attributes::new(html).spans(name).collect();
    spans.into_iter()
}

/// The attributes of the tags of a page or template, as a reader's browser sees
/// them: every ` name=` inside a tag, its value double-, single- or unquoted, outside
/// comments and the text of `<script>`, `<style>`, `<textarea>` and `<title>`. Text keeps its `"` when escaped
/// (`<code>&lt;img src="x.png"&gt;</code>`) but never a raw `<` or `>`, so a match is
/// in a tag when the nearest `<` or `>` before it is a `<`. The link check reads built
/// pages and templates with it, so that both find the same links.
pub struct Attributes<'h> {
    html: &'h str,
    /// Comments and the text of `<script>`, `<style>`, `<textarea>` and `<title>`, in
    /// order.
    hidden: Vec<std::ops::Range<usize>>,
}

impl<'h> Attributes<'h> {
    pub fn new(html: &'h str) -> Self {
        let bytes = html.as_bytes();
        let comments = Self::regions(bytes, "<!--", "-->", &[]);
        let mut hidden = comments.clone();
        let texts = [
            ("<script", "</script"),
            ("<style", "</style"),
            ("<textarea", "</textarea"),
            ("<title", "</title"),
        ];
        for (open, close) in texts {
            hidden.extend(Self::regions(bytes, open, close, &comments));
        }
        hidden.sort_unstable_by_key(|r| r.start);
        Attributes { html, hidden }
    }

    /// From each `open` to the next `close`, not counting an `open` inside one of
    /// `outside`; an element's region starts after its start tag, whose attributes
    /// count.
    fn regions(
        bytes: &[u8],
        open: &str,
        close: &str,
        outside: &[std::ops::Range<usize>],
    ) -> Vec<std::ops::Range<usize>> {
        let opens = memchr::memmem::Finder::new(open);
        let closes = memchr::memmem::Finder::new(close);
        let mut regions = Vec::new();
        let mut at = 0;
        while let Some(i) = opens.find(&bytes[at..]) {
            let found = at + i;
            if let Some(skipped) = outside.iter().find(|r| r.contains(&found)) {
                at = skipped.end;
                continue;
            }
            let mut start = found + open.len();
            if open != "<!--" {
                start =
                    memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |j| start + j + 1);
            }
            let end = closes
                .find(&bytes[start..])
                .map_or(bytes.len(), |j| start + j);
            regions.push(start..end);
            at = end;
        }
        regions
    }

    /// Where the values of attribute `name` lie, in order.
    pub fn spans(&self, name: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let finder = memchr::memmem::Finder::new(format!(" {name}=").as_bytes()).into_owned();
        let mut at = 0;
        std::iter::from_fn(move || self.next_value(&finder, &mut at))
    }

    /// The next value at or after `*at` of the attribute `finder` looks for.
    fn next_value(
        &self,
        finder: &memchr::memmem::Finder<'_>,
        at: &mut usize,
    ) -> Option<std::ops::Range<usize>> {
        let bytes = self.html.as_bytes();
        let skip = finder.needle().len();
        loop {
            let found = *at + finder.find(&bytes[*at..])?;
            let (start, end) = match bytes.get(found + skip) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = found + skip + 1;
                    (start, start + memchr::memchr(quote, &bytes[start..])?)
                }
                _ => {
                    let start = found + skip;
                    let len = bytes[start..]
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || *b == b'>')
                        .unwrap_or(bytes.len() - start);
                    (start, start + len)
                }
            };
            *at = end.max(found + 1);
            let in_tag =
                memchr::memrchr2(b'<', b'>', &bytes[..found]).is_some_and(|i| bytes[i] == b'<');
            if in_tag && end > start && !self.is_hidden(found) {
                // Both ends sit next to ASCII bytes, so they are character boundaries.
                return Some(start..end);
            }
        }
    }

    fn is_hidden(&self, at: usize) -> bool {
        let i = self.hidden.partition_point(|r| r.start <= at);
        i > 0 && self.hidden[i - 1].contains(&at)
    }

    /// Where the values of the attributes that hold URLs lie: every `href`, `src`,
    /// `poster` and `xlink:href` (SVG), `data` of `<object>`, and `srcset` and
    /// `imagesrcset` (of `<link rel="preload">`) ([`UrlValue::Srcset`], a list of
    /// candidates, see [`srcset_urls`]). Grouped by attribute, each group in order.
    pub fn url_values(&self) -> impl Iterator<Item = UrlValue> + '_ {
        let single = ["href", "src", "poster", "xlink:href"]
            .into_iter()
            .flat_map(|name| self.spans(name))
            .map(UrlValue::One);
        let data = (self.spans("data"))
            .filter(|span| self.tag_name(span.start).eq_ignore_ascii_case("object"))
            .map(UrlValue::One);
        let candidates = ["srcset", "imagesrcset"]
            .into_iter()
            .flat_map(|name| self.spans(name))
            .map(UrlValue::Srcset);
        single.chain(data).chain(candidates)
    }

    /// Where each URL of the tags lies ([`Self::url_values`]), a `srcset`'s candidates
    /// one by one.
    pub fn url_spans(&self) -> Vec<std::ops::Range<usize>> {
        let mut spans = Vec::new();
        for value in self.url_values() {
            match value {
                UrlValue::One(span) => spans.push(span),
                UrlValue::Srcset(span) => spans.extend(
                    srcset_urls(&self.html[span.clone()])
                        .into_iter()
                        .map(|url| span.start + url.start..span.start + url.end),
                ),
            }
        }
        spans
    }

    /// The name of the element whose start tag holds byte `at`, as written.
    fn tag_name(&self, at: usize) -> &'h str {
        let bytes = self.html.as_bytes();
        let start = memchr::memrchr(b'<', &bytes[..at]).map_or(at, |i| i + 1);
        let len = bytes[start..at]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(at - start);
        &self.html[start..start + len]
    }
}

/// The value of an attribute that holds URLs, in bytes of the text read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlValue {
    /// One URL (`href`, `src`, `poster`, `data`).
    One(std::ops::Range<usize>),
    /// A `srcset`: candidates, each a URL and its descriptors.
    Srcset(std::ops::Range<usize>),
}

/// Where the URL of each candidate of the `srcset` value `value` lies in it, as the
/// HTML standard reads one: candidates are separated by commas, a URL runs up to a
/// space and loses its trailing commas (a comma inside it, `a,b.png`, is its own),
/// and its descriptors (`2x`, `300w`) run up to the next comma outside parentheses.
pub fn srcset_urls(value: &str) -> Vec<std::ops::Range<usize>> {
    srcset_part(value.as_bytes(), SrcsetAt::BeforeUrl).0
}

/// Where a reading of a `srcset` stands at the end of a part of its value (the
/// author's raw HTML comes a line at a time): before a candidate's URL, or in its
/// descriptors (`true`: inside parentheses).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum SrcsetAt {
    #[default]
    BeforeUrl,
    Descriptors(bool),
}

/// [`srcset_urls`] for `bytes`, a part of a value that the reading reached standing
/// at `from`: the URLs in it (a URL ends where the part does: a line break is a space)
/// and where the reading stands at its end.
pub fn srcset_part(bytes: &[u8], from: SrcsetAt) -> (Vec<std::ops::Range<usize>>, SrcsetAt) {
    let mut urls = Vec::new();
    let mut at = 0;
    if let SrcsetAt::Descriptors(in_parens) = from {
        match after_descriptors(bytes, at, in_parens) {
            Ok(next) => at = next,
            Err(in_parens) => return (urls, SrcsetAt::Descriptors(in_parens)),
        }
    }
    loop {
        at += bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || **b == b',')
            .count();
        if at == bytes.len() {
            return (urls, SrcsetAt::BeforeUrl);
        }
        let start = at;
        at += bytes[at..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace())
            .count();
        let commas = bytes[start..at].iter().rev().take_while(|b| **b == b',');
        let end = at - commas.count();
        urls.push(start..end);
        if end == at {
            match after_descriptors(bytes, at, false) {
                Ok(next) => at = next,
                Err(in_parens) => return (urls, SrcsetAt::Descriptors(in_parens)),
            }
        }
    }
}

/// Where the descriptors of a `srcset` candidate that go on at `at` end: past the
/// next comma outside parentheses; or, when `bytes` ends first, whether it ends
/// inside parentheses.
fn after_descriptors(bytes: &[u8], mut at: usize, mut in_parens: bool) -> Result<usize, bool> {
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'(' => in_parens = true,
            b')' => in_parens = false,
            b',' if !in_parens => return Ok(at),
            _ => {}
        }
    }
    Err(in_parens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_leaves_tags_out_and_reads_entities_back() {
        assert_eq!(
            visible_text("<abbr title=\"a &amp; b\">R&amp;D &lt;3</abbr>"),
            "R&D <3"
        );
        assert_eq!(visible_text("<em>"), "");
        assert_eq!(visible_text("plain &amp;lt;"), "plain &lt;");
        assert_eq!(visible_text("cut <b"), "cut ");
    }

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
    fn attributes_take_any_quotes_and_skip_comments_and_scripts() {
        let html = "<a id='one' href=/two/>x</a><span id=three></span>\
            <!-- <a href=\"/comment/\"> --><script src=\"/s.js\">var a = '<a href=\"/js/\">';</script>\
            <style>.x { background: url('<img src=\"/css/\">') }</style><img src=\"/after.png\">\
            <!-- an old <script> tag --><img src=\"/last.png\">\
            <textarea name=t><a href=\"/typed/\"></textarea><title>a <img src=\"/t.png\"></title>";
        let of = |name| -> Vec<&str> { attribute_spans(html, name).map(|r| &html[r]).collect() };
        assert_eq!(of("id"), ["one", "three"]);
        assert_eq!(of("href"), ["/two/"]);
        assert_eq!(of("src"), ["/s.js", "/after.png", "/last.png"]);
    }

    #[test]
    fn a_srcset_read_in_parts_goes_on_where_the_last_part_ended() {
        let parts = [
            "a.png 1x,\n",
            "  b.png (max-width:\n",
            "1px, x) 2x, c.png\n",
            " 3x, d.png",
        ];
        let mut at = SrcsetAt::BeforeUrl;
        let mut urls = Vec::new();
        for part in parts {
            let (found, next) = srcset_part(part.as_bytes(), at);
            urls.extend(found.into_iter().map(|r| &part[r]));
            at = next;
        }
        assert_eq!(urls, ["a.png", "b.png", "c.png", "d.png"]);
        // A URL ends with its part; what follows on the next line is its descriptor.
        assert_eq!(
            srcset_part(b"e.png", SrcsetAt::BeforeUrl).1,
            SrcsetAt::Descriptors(false)
        );
        assert_eq!(
            srcset_part(b"e.png,", SrcsetAt::BeforeUrl).1,
            SrcsetAt::BeforeUrl
        );
        assert_eq!(
            srcset_part(b"e.png (a", SrcsetAt::BeforeUrl).1,
            SrcsetAt::Descriptors(true)
        );
    }

    #[test]
    fn every_candidate_url_of_a_srcset_is_found() {
        let urls = |value: &str| -> Vec<String> {
            srcset_urls(value)
                .into_iter()
                .map(|r| value[r].to_string())
                .collect()
        };
        assert_eq!(
            urls("a.webp 1x, a@2x.webp 2x,b.webp"),
            ["a.webp", "a@2x.webp", "b.webp"]
        );
        assert_eq!(urls(" a.png 300w,\n  b.png 600w "), ["a.png", "b.png"]);
        assert_eq!(
            urls("a.png, b.png 2x, c.png (max-width: 1px, x) 3x,d.png"),
            ["a.png", "b.png", "c.png", "d.png"]
        );
        // A comma ends a URL only at its end, as the HTML standard reads `srcset`.
        assert_eq!(urls("a.png,b.png 2x,, c.png,"), ["a.png,b.png", "c.png"]);
        assert_eq!(urls(" , "), [""; 0]);
    }

    #[test]
    fn url_values_are_hrefs_srcs_posters_object_data_and_srcsets() {
        let html = r#"<a href="/a/">a</a><img src="b.png" srcset="c.png 2x"><video poster=d.jpg></video>
<object data="e.svg"></object><div data="not-a-url"></div><OBJECT type="x" data='f.pdf'></OBJECT>
<svg><use xlink:href="/icons.svg#leaf"></use></svg><link rel=preload as=image imagesrcset="g.png 1x, g2.png 2x">"#;
        let found: Vec<(bool, &str)> = Attributes::new(html)
            .url_values()
            .map(|value| match value {
                UrlValue::One(r) => (false, &html[r]),
                UrlValue::Srcset(r) => (true, &html[r]),
            })
            .collect();
        assert_eq!(
            found,
            [
                (false, "/a/"),
                (false, "b.png"),
                (false, "d.jpg"),
                (false, "/icons.svg#leaf"),
                (false, "e.svg"),
                (false, "f.pdf"),
                (true, "c.png 2x"),
                (true, "g.png 1x, g2.png 2x"),
            ]
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
    fn attribute_spans_find_whole_attribute_names_and_closed_values() {
        let html = r#"<a href="/a/">a</a><img src="b.png" alt=""><a data-href="x" href='y'><a href="unclosed"#;
        let values: Vec<&str> = attribute_spans(html, "href").map(|r| &html[r]).collect();
        assert_eq!(values, ["/a/", "y"]);
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
