//! The URLs and ids of the author's raw HTML, found without parsing a document.
//!
//! A small tag reader ([`Scanner`]) is fed the pieces of raw HTML of a page body in
//! order; an HTML block arrives a line at a time, so one tag may be spread over
//! several pieces, and the reader carries its place from one to the next. It reports
//! where each value of `href`, `src`, `srcset` (every candidate URL of it), `poster`,
//! `data` on `<object>` and `id` (and `name` on `<a>`) lies in its piece, in single,
//! double or no quotes, and which `<img>` tags have no `alt`. Comments and the text
//! of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped. It decides
//! nothing about the URLs and never reads a whole page: [`super::links`] resolves
//! what it finds, and [`super::written`] lists it for the link check.

use std::borrow::Cow;
use std::ops::Range;

use super::html::{SrcsetAt, srcset_part};

/// An attribute of raw HTML whose value Strata reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrKind {
    Href,
    Src,
    /// One candidate URL of a `srcset`.
    Srcset,
    Poster,
    /// `data` of `<object>`.
    Data,
    /// `id`, or `name` on `<a>`: a place a `#fragment` may lead to.
    Id,
    /// Not a value: an `<img>` tag that ended without an `alt` attribute. Its span is
    /// the tag, from its `<` when that is in the same piece, else from the piece's
    /// start.
    ImgWithoutAlt,
}

impl AttrKind {
    /// The kind of attribute `name` on element `tag` (both lower case), if Strata reads it.
    fn of(tag: &[u8], name: &[u8]) -> Option<Self> {
        Some(match name {
            // `xlink:href` of SVG (`<use>`, `<image>`): a link as `href` is.
            b"href" | b"xlink:href" => Self::Href,
            b"src" => Self::Src,
            // `imagesrcset` of `<link rel="preload">` lists candidates as `srcset`.
            b"srcset" | b"imagesrcset" => Self::Srcset,
            b"poster" => Self::Poster,
            b"data" if tag == b"object" => Self::Data,
            b"id" => Self::Id,
            b"name" if tag == b"a" => Self::Id,
            _ => return None,
        })
    }
}

/// One value found in a piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: AttrKind,
    /// Where the value (for a `srcset`, one candidate URL) is in the piece, as written
    /// (character references not decoded).
    pub span: Range<usize>,
    /// The value is in no quotes: a rewritten value must be put in some.
    pub unquoted: bool,
    /// The URL names an image: `src` or `srcset` of `<img>`, `srcset` of `<source>`
    /// (only `<picture>` gives it one), or a `poster`.
    pub image: bool,
}

/// Whether `byte` goes on an attribute's name (anything but a space, `=`, `/`, `>`).
fn is_name_byte(byte: u8) -> bool {
    !(byte.is_ascii_whitespace() || matches!(byte, b'=' | b'/' | b'>'))
}

/// Longest tag or attribute name the reader tells apart; longer ones are none it reads.
const NAME_MAX: usize = 11;

/// A short tag or attribute name, lower-cased.
#[derive(Debug, Default, Clone, Copy)]
struct Name {
    bytes: [u8; NAME_MAX],
    len: usize,
}

impl Name {
    fn start(byte: u8) -> Self {
        let mut name = Self::default();
        name.push(byte);
        name
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte.to_ascii_lowercase();
        }
        self.len += 1;
    }

    /// The name, or nothing when it is too long to be one the reader knows.
    fn get(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(b"")
    }
}

/// Where the reader is in the HTML.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tags.
    #[default]
    Text,
    /// Just after `<`.
    TagOpen,
    TagName,
    /// In an end tag, a declaration or a processing instruction: up to `>`.
    Skip,
    /// In `<!-- … -->`.
    Comment,
    /// In a start tag, between attributes.
    BeforeAttr,
    AttrName,
    AfterAttrName,
    /// After `=`.
    BeforeValue,
    /// In a value quoted with this byte, or 0 for an unquoted one.
    Value(u8),
    /// In the text of `<script>`, `<style>`, `<textarea>` or `<title>`, up to its end
    /// tag: what looks like a tag there is text.
    RawText,
}

/// Reads the pieces of raw HTML of one stretch of a page (an HTML block, or one inline
/// tag) in order. A new stretch needs a new reader.
#[derive(Debug, Default)]
pub struct Scanner {
    state: State,
    tag: Name,
    attr: Name,
    /// Where the current value began in this piece; `None` when it began in an earlier
    /// one (a URL is not split over lines, so such a value is not reported).
    value_start: Option<usize>,
    /// Where the reading of the current `srcset` value stands.
    srcset: SrcsetAt,
    /// Where the current start tag's `<` is in this piece; `None` when it is in an
    /// earlier one.
    tag_start: Option<usize>,
    /// The current start tag has an `alt` attribute.
    has_alt: bool,
}

impl Scanner {
    /// Reads the next piece, `text`, and adds what it holds to `found`.
    pub fn feed(&mut self, text: &str, found: &mut Vec<Found>) {
        let bytes = text.as_bytes();
        if matches!(self.state, State::Value(_)) {
            self.value_start = None;
        }
        self.tag_start = None;
        let mut at = 0;
        while at < bytes.len() {
            at = self.step(bytes, at, found);
        }
    }

    /// Reads from byte `at` of `bytes`; returns where to go on.
    fn step(&mut self, bytes: &[u8], at: usize, found: &mut Vec<Found>) -> usize {
        let byte = bytes[at];
        let next = at + 1;
        match self.state {
            State::Text => {
                return match memchr::memchr(b'<', &bytes[at..]) {
                    Some(i) => {
                        self.state = State::TagOpen;
                        at + i + 1
                    }
                    None => bytes.len(),
                };
            }
            State::TagOpen => return self.open_tag(bytes, at),
            State::Skip => {
                return match memchr::memchr(b'>', &bytes[at..]) {
                    Some(i) => {
                        self.state = State::Text;
                        at + i + 1
                    }
                    None => bytes.len(),
                };
            }
            State::Comment => {
                return match memchr::memmem::find(&bytes[at..], b"-->") {
                    Some(i) => {
                        self.state = State::Text;
                        at + i + 3
                    }
                    None => bytes.len(),
                };
            }
            State::RawText => return self.raw_text(bytes, at),
            State::TagName => match byte {
                b'>' => self.end_start_tag(at, found),
                b'/' => self.state = State::BeforeAttr,
                b if b.is_ascii_whitespace() => self.state = State::BeforeAttr,
                b => self.tag.push(b),
            },
            State::BeforeAttr => match byte {
                b'>' => self.end_start_tag(at, found),
                b'/' => {}
                b if b.is_ascii_whitespace() => {}
                b => self.start_attr(b),
            },
            State::AttrName => {
                if !is_name_byte(byte) {
                    self.has_alt |= self.attr.get() == b"alt";
                }
                match byte {
                    b'>' => self.end_start_tag(at, found),
                    b'=' => self.state = State::BeforeValue,
                    b'/' => self.state = State::BeforeAttr,
                    b if b.is_ascii_whitespace() => self.state = State::AfterAttrName,
                    b => self.attr.push(b),
                }
            }
            State::AfterAttrName => match byte {
                b'>' => self.end_start_tag(at, found),
                b'=' => self.state = State::BeforeValue,
                b'/' => self.state = State::BeforeAttr,
                b if b.is_ascii_whitespace() => {}
                b => self.start_attr(b),
            },
            State::BeforeValue => match byte {
                b'>' => self.end_start_tag(at, found),
                b'"' | b'\'' => self.start_value(byte, next),
                b if b.is_ascii_whitespace() => {}
                _ => {
                    self.start_value(0, at);
                    return at;
                }
            },
            State::Value(quote) => return self.value(bytes, at, quote, found),
        }
        next
    }

    /// After `<` at `at - 1`: a start tag, an end tag, a comment or just a `<`.
    /// Returns where to go on.
    fn open_tag(&mut self, bytes: &[u8], at: usize) -> usize {
        let byte = bytes[at];
        if bytes[at..].starts_with(b"!--") {
            self.state = State::Comment;
            return at + 3;
        }
        if matches!(byte, b'/' | b'!' | b'?') {
            self.state = State::Skip;
        } else if byte.is_ascii_alphabetic() {
            self.tag = Name::start(byte);
            self.state = State::TagName;
            self.tag_start = Some(at - 1);
            self.has_alt = false;
        } else {
            // Text: the byte is read again (it may be another `<`).
            self.state = State::Text;
            return at;
        }
        at + 1
    }

    fn start_attr(&mut self, byte: u8) {
        self.attr = Name::start(byte);
        self.state = State::AttrName;
    }

    fn start_value(&mut self, quote: u8, start: usize) {
        self.state = State::Value(quote);
        self.value_start = Some(start);
        self.srcset = SrcsetAt::BeforeUrl;
    }

    /// At the `>` (byte `at`) of a start tag: reports an `<img>` without `alt`;
    /// `<script>`, `<style>`, `<textarea>` and `<title>` hold text, not tags.
    fn end_start_tag(&mut self, at: usize, found: &mut Vec<Found>) {
        if self.tag.get() == b"img" && !self.has_alt {
            found.push(Found {
                kind: AttrKind::ImgWithoutAlt,
                span: self.tag_start.unwrap_or(0)..at + 1,
                unquoted: false,
                image: true,
            });
        }
        self.state = match self.tag.get() {
            b"script" | b"style" | b"textarea" | b"title" => State::RawText,
            _ => State::Text,
        };
    }

    /// In raw text (a `<script>`, …): on after its end tag, if this piece has it.
    fn raw_text(&mut self, bytes: &[u8], at: usize) -> usize {
        let name = self.tag.get();
        let mut from = at;
        while let Some(i) = memchr::memmem::find(&bytes[from..], b"</") {
            let after = from + i + 2;
            let closes = bytes
                .get(after..after + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name));
            if closes {
                self.state = State::Skip;
                return after;
            }
            from = after;
        }
        bytes.len()
    }

    /// In a value quoted with `quote` (0: unquoted), from byte `at`.
    fn value(&mut self, bytes: &[u8], at: usize, quote: u8, found: &mut Vec<Found>) -> usize {
        let end = if quote == 0 {
            bytes[at..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
        } else {
            memchr::memchr(quote, &bytes[at..])
        }
        .map(|i| at + i);
        let kind = AttrKind::of(self.tag.get(), self.attr.get());
        if kind == Some(AttrKind::Srcset) {
            let (urls, next) = srcset_part(&bytes[at..end.unwrap_or(bytes.len())], self.srcset);
            self.srcset = next;
            for url in urls {
                found.push(self.found(AttrKind::Srcset, at + url.start..at + url.end));
            }
        }
        let Some(end) = end else {
            return bytes.len();
        };
        if let (Some(kind), Some(start)) = (kind, self.value_start)
            && kind != AttrKind::Srcset
        {
            found.push(self.found(kind, start..end));
        }
        self.state = State::BeforeAttr;
        // The closing quote is passed; what ends an unquoted value is read again.
        if quote == 0 { end } else { end + 1 }
    }

    fn found(&self, kind: AttrKind, span: Range<usize>) -> Found {
        let tag = self.tag.get();
        Found {
            kind,
            span,
            unquoted: self.state == State::Value(0),
            image: kind == AttrKind::Poster
                || (tag == b"img" && matches!(kind, AttrKind::Src | AttrKind::Srcset))
                || (tag == b"source" && kind == AttrKind::Srcset),
        }
    }
}

/// Hands out a reader for each piece of raw HTML of one page, in order: the same one
/// while the pieces are events one after another (the lines of an HTML block), a new
/// one for a new stretch.
#[derive(Debug, Default)]
pub struct Stretches {
    scanner: Scanner,
    last: Option<usize>,
}

impl Stretches {
    /// The reader for the piece of raw HTML that is event `index` of the page.
    pub fn reader(&mut self, index: usize) -> &mut Scanner {
        if self.last.is_none_or(|last| last + 1 != index) {
            self.scanner = Scanner::default();
        }
        self.last = Some(index);
        &mut self.scanner
    }
}

/// Whether an HTML event at `range` is the author's: raw HTML the passes write
/// themselves has an empty range (see [`super::events::generated_at`]), and a table
/// cell's was turned into text.
pub fn is_authors(range: &Range<usize>) -> bool {
    range.start < range.end && !super::shortcodes::from_table(range)
}

/// Where `span` of `text`, the event at `range` of `body`, is in the body. Usually
/// the event holds exactly the body's bytes there; where it does not (a tag over two
/// lines of a block quote lacks the `> `, an escaped `<`), the same value is looked for
/// in the body's bytes, and failing that the whole event is the place.
pub fn place_in_body(
    body: &str,
    range: &Range<usize>,
    text: &str,
    span: &Range<usize>,
) -> Range<usize> {
    let Some(source) = body.get(range.clone()) else {
        return range.clone();
    };
    if source == text {
        return range.start + span.start..range.start + span.end;
    }
    let value = &text[span.clone()];
    if value.is_empty() {
        return range.clone();
    }
    let before = text[..span.start].matches(value).count();
    match source.match_indices(value).nth(before) {
        Some((at, _)) => range.start + at..range.start + at + value.len(),
        None => range.clone(),
    }
}

/// An attribute value with its character references read: `a.md?x=1&amp;y=2` is
/// `a.md?x=1&y=2`. Named references other than the five of XML are kept as written
/// (a URL has no use for them).
pub fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character that the reference at the start of `text` (`&amp;`, `&#39;`,
/// `&#x2F;`) stands for, and the reference's length.
fn reference(text: &str) -> Option<(char, usize)> {
    let end = text.get(..12).unwrap_or(text).find(';')?;
    let c = match &text[1..end] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        name => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a new reader finds in `pieces`: (kind, value, unquoted, image).
    fn scan(pieces: &[&str]) -> Vec<(AttrKind, String, bool, bool)> {
        let mut scanner = Scanner::default();
        let mut out = Vec::new();
        for piece in pieces {
            let mut found = Vec::new();
            scanner.feed(piece, &mut found);
            out.extend(
                found
                    .into_iter()
                    .map(|f| (f.kind, piece[f.span].to_string(), f.unquoted, f.image)),
            );
        }
        out
    }

    /// The attribute values found (not the `<img>` tags without `alt`).
    fn values(pieces: &[&str]) -> Vec<String> {
        scan(pieces)
            .into_iter()
            .filter(|(kind, ..)| *kind != AttrKind::ImgWithoutAlt)
            .map(|(_, v, _, _)| v)
            .collect()
    }

    #[test]
    fn svg_links_and_preloaded_image_candidates_are_urls() {
        use AttrKind::*;
        let found = scan(&[
            "<svg><use XLINK:HREF='icons.svg#leaf'/></svg><link rel=preload imagesrcset=\"a.png 1x, b.png 2x\">",
        ]);
        let kinds: Vec<(AttrKind, &str)> =
            found.iter().map(|(k, v, ..)| (*k, v.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Href, "icons.svg#leaf"),
                (Srcset, "a.png"),
                (Srcset, "b.png")
            ]
        );
    }

    #[test]
    fn a_textarea_or_title_holds_text_not_tags() {
        assert_eq!(
            values(&["<textarea><a href=\"x.md\"></textarea><title><img src=y></title><a href=z>"]),
            ["z"]
        );
    }

    #[test]
    fn an_img_without_alt_is_found_whole_or_from_its_last_line() {
        let found = |pieces: &[&str]| -> Vec<String> {
            scan(pieces)
                .into_iter()
                .filter(|(kind, ..)| *kind == AttrKind::ImgWithoutAlt)
                .map(|(_, tag, ..)| tag)
                .collect()
        };
        assert_eq!(found(&["a <img src=x> b <img ALT src=y>"]), ["<img src=x>"]);
        assert_eq!(found(&["<img\n", "  src=x>\n"]), ["  src=x>"]);
        assert_eq!(found(&["<img src=x\n", "  alt=''>\n"]), [""; 0]);
        assert_eq!(found(&["<img data-alt=1 src=x alt-text=2>"]).len(), 1);
    }

    #[test]
    fn finds_urls_in_any_quotes() {
        use AttrKind::*;
        assert_eq!(
            scan(&[
                r#"<img src="a.png" width=300 alt='x'><a HREF='b.md#x' id=top>b</a><video poster=c.jpg src=d.mp4>"#
            ]),
            [
                (Src, "a.png".into(), false, true),
                (Href, "b.md#x".into(), false, false),
                (Id, "top".into(), true, false),
                (Poster, "c.jpg".into(), true, true),
                (Src, "d.mp4".into(), true, false),
            ]
        );
    }

    #[test]
    fn reads_the_data_of_an_object_only() {
        use AttrKind::*;
        assert_eq!(
            scan(&[r#"<object data="chart.svg" type="image/svg+xml"></object><div data="x">"#]),
            [(Data, "chart.svg".into(), false, false)]
        );
    }

    #[test]
    fn reads_only_the_attributes_it_knows() {
        assert_eq!(
            values(&[
                r#"<a data-href="x" hrefx="y" title="href=z" name="n"><span name="m"><img alt="src=w" src="v">"#
            ]),
            ["n", "v"]
        );
        assert_eq!(values(&["<a href>x</a><a href=\"\">"]), [""]);
    }

    #[test]
    fn reads_every_candidate_of_a_srcset() {
        assert_eq!(
            values(&[r#"<source srcset="a.webp 1x, a@2x.webp 2x,b.webp">"#]),
            ["a.webp", "a@2x.webp", "b.webp"]
        );
        assert_eq!(
            values(&["<img srcset=\"a.png, b.png 2x, c.png (max-width: 1px, x) 3x,d.png\">"]),
            ["a.png", "b.png", "c.png", "d.png"]
        );
        // A comma ends a URL only at its end, as the HTML standard reads `srcset`.
        assert_eq!(
            values(&["<img srcset=\"a.png,b.png 2x,, c.png\">"]),
            ["a.png,b.png", "c.png"]
        );
        assert!(scan(&["<source srcset=\"a.webp\">"])[0].3);
        assert!(!scan(&["<source src=\"a.mp4\">"])[0].3);
    }

    #[test]
    fn follows_a_tag_over_lines() {
        assert_eq!(
            values(&[
                "<figure>\n",
                "<img\n",
                "  src=\"./img/a.png\"\n",
                "  srcset=\"a.png 1x,\n",
                "          b.png 2x\"\n",
                "  alt=\"A\">\n",
                "</figure>\n"
            ]),
            ["./img/a.png", "a.png", "b.png"]
        );
        // A value split over lines is not a URL.
        assert_eq!(values(&["<a href=\"a\n", "b\" id=\"c\">\n"]), ["c"]);
    }

    #[test]
    fn skips_comments_scripts_end_tags_and_text() {
        assert_eq!(
            values(&[
                "<!-- <img src=\"a.png\"> -->src=\"b\" 1 < 2 <p>href=\"c\"</p>",
                "<script>let s = '<img src=\"d.png\">';</script><style>a{}</style><img src=\"e.png\">"
            ]),
            ["e.png"]
        );
        assert_eq!(values(&["<!--\n", "<a href=\"x\">\n", "-->\n"]), [""; 0]);
    }

    #[test]
    fn places_a_value_in_the_body() {
        let body = "> quote <img\n> src=\"b.png\"> x";
        let text = "<img\nsrc=\"b.png\">";
        let span = 10..15;
        assert_eq!(&text[span.clone()], "b.png");
        let place = place_in_body(body, &(8..27), text, &span);
        assert_eq!(&body[place], "b.png");
        assert_eq!(
            place_in_body("<a href=\"x\">", &(0..12), "<a href=\"x\">", &(9..10)),
            9..10
        );
    }

    #[test]
    fn reads_character_references() {
        assert_eq!(decode_references("a.md?x=1&amp;y=2"), "a.md?x=1&y=2");
        assert_eq!(decode_references("my&#32;file&#x2E;png"), "my file.png");
        assert_eq!(decode_references("a&b&nbsp;&#xZZ;"), "a&b&nbsp;&#xZZ;");
    }
}
