//! Shared by the property, escaping and stress tests: a strict little HTML checker and
//! an in-memory one-page site for the Markdown stage.
//!
//! The checker tokenises HTML the way a browser would start to (tags, quoted attributes,
//! comments, raw-text elements) and reports what makes a browser build a different tree
//! than the markup says: a stray `<`, an unquoted or broken attribute, an end tag that
//! closes nothing or the wrong element, an element left open, a block element opened
//! inside a `<p>` or inside phrasing content, an `<a>` inside an `<a>`, and a glossary
//! term link inside code, `<pre>`, a heading, another link or the author's raw HTML.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use strata::config::Config;
use strata::diagnostic::Diagnostic;
use strata::markdown::{LinkTargets, MarkdownContext, RenderedDoc, TermMatcher, render_document};
use strata::model::{Document, FrontMatter, Glossary, References, Site, Table, Topic};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Start tags that close an open `<p>` (HTML's "close a p element" rule).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "plaintext",
    "table",
    "hr",
    "xmp",
];

/// Elements whose content model is phrasing only.
const PHRASING_ONLY: &[&str] = &[
    "span",
    "em",
    "strong",
    "code",
    "kbd",
    "b",
    "i",
    "small",
    "sup",
    "sub",
    "abbr",
    "cite",
    "del",
    "s",
    "mark",
    "q",
    "var",
    "samp",
    "time",
    "label",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "caption",
    "dt",
    "figcaption",
    "summary",
];

/// Elements that are not phrasing content.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "ul",
    "caption",
];

/// One opened element.
#[derive(Debug, Clone)]
pub struct Open {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Open {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// What the checker should enforce.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// A block element inside phrasing content (`<span><ul>`) is an error.
    pub phrasing: bool,
    /// Raw HTML the generator wrote carries `class="raw"`; no term may be linked inside.
    pub raw_class: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            phrasing: true,
            raw_class: true,
        }
    }
}

/// Every problem found in `html`, with a little context.
pub fn problems(html: &str, rules: Rules) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let ctx = |at: usize| -> String {
        let start = floor(html, at.saturating_sub(60));
        let end = floor(html, (at + 60).min(html.len()));
        html[start..end].to_string()
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => i += end + 3,
                None => {
                    out.push(format!("unclosed comment at {}: {:?}", i, ctx(i)));
                    break;
                }
            }
            continue;
        }
        if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<!doctype") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if rest.starts_with("<?xml") {
            i += rest.find("?>").map_or(rest.len(), |e| e + 2);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i += rest.find("]]>").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            out.push(format!("stray `<` at {}: {:?}", i, ctx(i)));
            i += 1;
            continue;
        }
        let lname = name.to_ascii_lowercase();
        // Attributes.
        let mut j = i + name_start + name.len();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        let mut ok = false;
        while j < bytes.len() {
            let c = bytes[j];
            if c.is_ascii_whitespace() {
                j += 1;
            } else if c == b'>' {
                j += 1;
                ok = true;
                break;
            } else if c == b'/' && bytes.get(j + 1) == Some(&b'>') {
                self_closing = true;
                j += 2;
                ok = true;
                break;
            } else {
                let an_start = j;
                while j < bytes.len()
                    && !bytes[j].is_ascii_whitespace()
                    && !matches!(bytes[j], b'=' | b'>' | b'"' | b'\'' | b'<' | b'/')
                {
                    j += 1;
                }
                if j == an_start {
                    out.push(format!(
                        "broken attribute in <{name}> at {}: {:?}",
                        j,
                        ctx(j)
                    ));
                    j += 1;
                    continue;
                }
                let an = html[an_start..j].to_ascii_lowercase();
                let mut value = String::new();
                if bytes.get(j) == Some(&b'=') {
                    j += 1;
                    match bytes.get(j) {
                        Some(&q @ (b'"' | b'\'')) => match html[j + 1..].find(q as char) {
                            Some(end) => {
                                value = html[j + 1..j + 1 + end].to_string();
                                if value.contains('<') || value.contains('>') {
                                    out.push(format!(
                                        "unescaped `<`/`>` in attribute {an} of <{name}>: {:?}",
                                        ctx(j)
                                    ));
                                }
                                j += end + 2;
                            }
                            None => {
                                out.push(format!("unterminated attribute {an}: {:?}", ctx(j)));
                                j = bytes.len();
                            }
                        },
                        _ => {
                            out.push(format!("unquoted attribute {an} of <{name}>: {:?}", ctx(j)));
                            while j < bytes.len()
                                && !bytes[j].is_ascii_whitespace()
                                && bytes[j] != b'>'
                            {
                                j += 1;
                            }
                        }
                    }
                }
                if attrs.iter().any(|(n, _): &(String, String)| *n == an) {
                    out.push(format!(
                        "duplicate attribute {an} in <{name}>: {:?}",
                        ctx(i)
                    ));
                }
                attrs.push((an, value));
            }
        }
        if !ok {
            out.push(format!("unterminated tag <{name} at {}: {:?}", i, ctx(i)));
            break;
        }
        if closing {
            if VOID.contains(&lname.as_str()) {
                out.push(format!("end tag of void element </{name}>: {:?}", ctx(i)));
            } else {
                match stack.last() {
                    Some(top) if top.name == lname => {
                        stack.pop();
                    }
                    Some(top) => {
                        out.push(format!(
                            "</{name}> closes <{}> (open: {}) at {}: {:?}",
                            top.name,
                            path(&stack),
                            i,
                            ctx(i)
                        ));
                        // Recover the way a browser would, to report later problems once.
                        if let Some(pos) = stack.iter().rposition(|o| o.name == lname) {
                            stack.truncate(pos);
                        }
                    }
                    None => out.push(format!("</{name}> closes nothing at {}: {:?}", i, ctx(i))),
                }
            }
            i = j;
            continue;
        }
        let open = Open {
            name: lname.clone(),
            attrs,
        };
        // Content rules.
        if CLOSES_P.contains(&lname.as_str()) && p_in_button_scope(&stack) {
            out.push(format!(
                "<{name}> inside an open <p> ({}): {:?}",
                path(&stack),
                ctx(i)
            ));
        }
        if rules.phrasing
            && BLOCK.contains(&lname.as_str())
            && let Some(parent) = stack
                .iter()
                .rev()
                .find(|o| PHRASING_ONLY.contains(&o.name.as_str()))
        {
            {
                // <p> is already reported above.
                if !(parent.name == "p" && CLOSES_P.contains(&lname.as_str())) {
                    out.push(format!(
                        "block <{name}> inside phrasing <{}> ({}): {:?}",
                        parent.name,
                        path(&stack),
                        ctx(i)
                    ));
                }
            }
        }
        if lname == "a" && stack.iter().any(|o| o.name == "a") {
            out.push(format!("<a> inside <a> ({}): {:?}", path(&stack), ctx(i)));
        }
        if lname == "a" && open.has_class("term") {
            for o in &stack {
                let bad = matches!(
                    o.name.as_str(),
                    "code"
                        | "pre"
                        | "a"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "kbd"
                        | "script"
                        | "style"
                ) || (rules.raw_class && o.has_class("raw"));
                if bad {
                    out.push(format!(
                        "term linked inside <{}> ({}): {:?}",
                        o.name,
                        path(&stack),
                        ctx(i)
                    ));
                }
            }
        }
        i = j;
        if VOID.contains(&lname.as_str()) || self_closing {
            if self_closing && !VOID.contains(&lname.as_str()) && !is_foreign(&stack, &lname) {
                out.push(format!("self-closing non-void <{name}/>: {:?}", ctx(i)));
            }
            continue;
        }
        if lname == "script" || lname == "style" || lname == "textarea" || lname == "title" {
            let end_tag = format!("</{lname}");
            let lower_rest = html[i..].to_ascii_lowercase();
            match lower_rest.find(&end_tag) {
                Some(end) => {
                    i += end;
                }
                None => {
                    out.push(format!("unclosed <{name}>: {:?}", ctx(i)));
                    break;
                }
            }
        }
        stack.push(open);
    }
    if !stack.is_empty() {
        out.push(format!("left open at the end: {}", path(&stack)));
    }
    out
}

fn is_foreign(stack: &[Open], name: &str) -> bool {
    name == "svg" || name == "math" || stack.iter().any(|o| o.name == "svg" || o.name == "math")
}

fn p_in_button_scope(stack: &[Open]) -> bool {
    for o in stack.iter().rev() {
        if o.name == "p" {
            return true;
        }
        if matches!(
            o.name.as_str(),
            "button"
                | "html"
                | "table"
                | "td"
                | "th"
                | "caption"
                | "marquee"
                | "object"
                | "applet"
                | "template"
                | "svg"
                | "math"
        ) {
            return false;
        }
    }
    false
}

fn path(stack: &[Open]) -> String {
    stack
        .iter()
        .map(|o| o.name.as_str())
        .collect::<Vec<_>>()
        .join(">")
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Panics with every problem of `html`.
pub fn assert_well_formed(html: &str, what: &str, rules: Rules) {
    let found = problems(html, rules);
    assert!(
        found.is_empty(),
        "{what}: malformed HTML:\n  {}\n--- HTML ---\n{html}",
        found.join("\n  ")
    );
}

/// Text of `html` with the tags removed and `&lt;`-style references left as they are.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// A one-page site in memory.

pub const REFERENCES: &str = "\
- { id: smith-2020, author: J. Smith, title: A study, date: '2020', url: 'https://example.org/s?a=1&b=2' }
- { id: lee-2022, author: K. Lee, title: Another, publisher: Press & Co }
";

pub struct PageSite {
    pub site: Site,
}

/// A site with a page `content/t/<tier>.md` holding `body`, a second topic `u` with a
/// fundamentals page that has a `## Intro` heading, the given glossary, and a table
/// `results`.
pub fn page_site(
    site_yaml: &str,
    glossary_yaml: &str,
    references_yaml: &str,
    tier: &str,
    body: &str,
    table: Option<Table>,
) -> Result<Site, String> {
    let config =
        Config::parse(site_yaml, Path::new("site.yaml")).map_err(|d| format!("config: {d:?}"))?;
    let glossary: Glossary = if glossary_yaml.trim().is_empty() {
        Glossary::new(vec![])
    } else {
        strata::load::parse_glossary(
            glossary_yaml,
            Path::new("content/glossary.yaml"),
            &config.tiers,
        )
        .map_err(|d| format!("glossary: {d:?}"))?
    };
    let references =
        strata::load::parse_references(references_yaml, Path::new("content/references.yaml"))
            .map_err(|d| format!("references: {d:?}"))?;
    let tier_index = config.tier_index(tier).ok_or("no such tier")?;
    let doc = |source: String, body: String| Document {
        path: source.clone().into(),
        source,
        front: FrontMatter {
            title: "Page".into(),
            glossary: true,
            ..FrontMatter::default()
        },
        body: strata::model::Body::new(body),
        body_line: 1,
    };
    let mut tiers = vec![None; config.tiers.len()];
    tiers[tier_index] = Some(Arc::new(doc(
        format!("content/t/{tier}.md"),
        body.to_string(),
    )));
    let mut other = vec![None; config.tiers.len()];
    other[0] = Some(Arc::new(doc(
        format!("content/u/{}.md", config.tiers[0].id),
        "## Intro\n\nOther page.\n".to_string(),
    )));
    let mut tables = BTreeMap::new();
    if let Some(t) = table {
        tables.insert(t.name.clone(), t);
    }
    Ok(Site {
        root: ".".into(),
        config,
        home: None,
        topics: vec![
            Topic {
                slug: "t".into(),
                title: "T".into(),
                summary: String::new(),
                weight: 0,
                references: vec![],
                aliases: vec![],
                tags: vec![],
                tiers,
            },
            Topic {
                slug: "u".into(),
                title: "U".into(),
                summary: String::new(),
                weight: 1,
                references: vec![],
                aliases: vec![],
                tags: vec![],
                tiers: other,
            },
        ],
        pages: vec![],
        glossary,
        references: References::new(references.entries),
        tables,
        assets: vec![],
        tags: vec![],
        references_file: "content/references.yaml".into(),
        translations: None,
        shared_assets: vec![],
    })
}

/// Renders the first document of `site` (the page of topic `t`).
pub fn render_first(site: &Site) -> (RenderedDoc, Vec<Diagnostic>) {
    let targets = LinkTargets::new(site);
    let terms = TermMatcher::new(site);
    let highlights = strata::markdown::highlight::HighlightCache::default();
    let math = strata::math::Math::for_site(Some(&site.config.math_macros));
    let ctx = MarkdownContext {
        site,
        targets: &targets,
        terms: &terms,
        strings: &site.config.strings,
        highlights: &highlights,
        math: &math,
        shortcodes: strata::markdown::shortcodes::Authored::default(),
    };
    let (id, doc) = site.documents().into_iter().next().expect("a page");
    render_document(id, (doc, doc.body.as_str()), &ctx)
}

#[test]
fn checker_accepts_good_and_refuses_bad_html() {
    let good = "<p>a <em>b</em> <a href=\"x\" class=\"term\">t</a><br><img src=\"x\" alt=\"y\"></p>\n<ul><li>x</li></ul><!-- c --><pre><code>&lt;</code></pre><svg><rect/></svg>";
    assert_eq!(problems(good, Rules::default()), Vec::<String>::new());
    for bad in [
        "<p>a <em>b</p>",
        "<p>a</em>",
        "<p><ul><li>x</li></ul></p>",
        "<span><div>x</div></span>",
        "<a href=x>y</a>",
        "<a href=\"x>y</a>",
        "<a><a>x</a></a>",
        "<code><a class=\"term\">x</a></code>",
        "<span class=\"raw\"><a class=\"term\">x</a></span>",
        "a < b",
        "<p>open",
        "<p title=\"<script>\">x</p>",
    ] {
        assert!(
            !problems(bad, Rules::default()).is_empty(),
            "{bad} should be refused"
        );
    }
}
