//! Hostile text in every place an author can write it — site, topic and page titles,
//! summaries, tier labels, glossary terms, aliases and definitions, table titles,
//! captions, labels and cells, citation fields, headings — must come out escaped in
//! every context it reaches: HTML text, attributes (`title`, `aria-*`, `data-*`,
//! `content`, `href`), the search index JSON, the Atom feed and the sitemap.
//! `javascript:` URLs are refused at build time or never reach an `href`/`src`.
//!
//! One site (tests build it once in memory with `strata::build::build`) carries the
//! payload everywhere; each test looks at one context of the output.
//!
//! Run: `cargo test --test escaping`.

mod prop_support;

use std::path::Path;
use std::sync::OnceLock;

use prop_support::{Rules, problems};

/// The payload: a script tag, both quotes, an ampersand and a would-be entity.
const EVIL: &str = r#"<script>alert(1)</script>"'&amp;"#;
/// The payload as a YAML double-quoted scalar.
fn y(prefix: &str) -> String {
    format!("{:?}", format!("{prefix} {EVIL}"))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn evil_site(dir: &Path) {
    write(
        dir,
        "site.yaml",
        &format!(
            "title: {}\ndescription: {}\nauthor: {}\nbase_url: https://example.org/guide/\ntiers:\n  - {{ id: fundamentals, label: {}, summary: {} }}\n  - {{ id: academic, label: {}, summary: {} }}\nextra:\n  note: {}\n",
            y("Site"),
            y("Description"),
            y("Author"),
            y("Basics"),
            y("Tier summary"),
            y("Deep"),
            y("Deep summary"),
            y("Extra")
        ),
    );
    write(
        dir,
        "content/glossary.yaml",
        &format!(
            "- id: insulin\n  term: {}\n  aliases: [{}, insulin, \"IR\\\"><b>\", \"it's & co\"]\n  definition: {}\n  tiers:\n    academic: {}\n- id: cell\n  term: cell\n  definition: \"A unit. {}\"\n  see_also: [insulin]\n",
            y("Insulin"),
            y("Alias"),
            y("Definition *md*"),
            y("Academic definition"),
            EVIL.replace('"', "\\\"")
        ),
    );
    write(
        dir,
        "content/references.yaml",
        &format!(
            "- id: smith-2020\n  author: {}\n  title: {}\n  publisher: {}\n  date: {}\n  url: \"https://example.org/a?b=1&c=2\\\" onmouseover=\\\"alert(1)\"\n- id: q\"'&x\n  author: Quote\n  title: Id with quotes\n",
            y("Author"),
            y("Title"),
            y("Publisher"),
            y("2020")
        ),
    );
    write(
        dir,
        "content/t/_topic.yaml",
        &format!(
            "title: {}\nsummary: {}\nreferences: [smith-2020]\n",
            y("Topic"),
            y("Topic summary")
        ),
    );
    write(
        dir,
        "content/t/fundamentals.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\nupdated: 2026-01-02\n---\n\n## Heading with `{EVIL}` and \"quotes\" & more {{#h}}\n\nA cell needs insulin and it's & co [@smith-2020] [@q\"'&x].\n\nCode: `{EVIL}` and an escaped \\<script>alert(1)\\</script> in text.\n\n{{{{ table(name=\"evil\") }}}}\n\n[A \"titled\" link](https://example.org/ \"{}\")\n\n![An {EVIL2} image](figure.svg \"{}\")\n",
            y("Page"),
            y("Page summary"),
            EVIL.replace('"', "&quot;"),
            EVIL.replace('"', "&quot;"),
            EVIL2 = "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
    );
    write(
        dir,
        "content/t/academic.md",
        &format!(
            "---\ntitle: {}\nupdated: 2026-01-03\n---\n\n## Deep {{#h}}\n\nInsulin, academically.\n",
            y("Deep page")
        ),
    );
    write(
        dir,
        "content/t/figure.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        dir,
        "content/about.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\n---\n\nAbout.\n",
            y("About"),
            y("About summary")
        ),
    );
    write(
        dir,
        "data/evil.yaml",
        &format!(
            "title: {}\ncaption: {}\ncolumns:\n  - {{ key: a, label: {}, header: true }}\n  - {{ key: b, label: {} }}\nrows:\n  - {{ a: {}, b: {} }}\n  - {{ a: \"x\", b: 3 }}\n",
            y("Table"),
            y("Caption"),
            y("Label A"),
            y("Label B"),
            y("Cell A"),
            y("Cell B with insulin")
        ),
    );
}

/// Every output file of the evil site: path → text.
fn built() -> &'static Vec<(String, String)> {
    static BUILT: OnceLock<Vec<(String, String)>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        evil_site(tmp.path());
        let build = match strata::build::build(tmp.path(), &strata::load::LoadOptions::default()) {
            Ok(b) => b,
            Err(diags) => panic!(
                "the evil site must build (only its payload is hostile):\n{}",
                diags
                    .iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        build
            .files
            .iter()
            .filter_map(|f| match &f.content {
                strata::render::FileContent::Bytes(b) => {
                    Some((f.path.clone(), String::from_utf8_lossy(b).into_owned()))
                }
                #[allow(unreachable_patterns)]
                _ => None,
            })
            .collect()
    })
}

fn files_ending(ext: &str) -> Vec<&'static (String, String)> {
    built().iter().filter(|(p, _)| p.ends_with(ext)).collect()
}

fn page(path: &str) -> &'static str {
    &built()
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| {
            panic!(
                "no {path} in {:?}",
                built().iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
        .1
}

fn assert_no_raw_script(path: &str, text: &str) {
    let lower = text.to_ascii_lowercase();
    for bad in [
        "<script>alert",
        "<b>\"",
        "\"><b>",
        "onmouseover=\"alert",
        "\" onmouseover",
    ] {
        if let Some(i) = lower.find(bad) {
            let start = i.saturating_sub(120);
            panic!(
                "{path}: raw `{bad}` in the output:\n…{}…",
                &text[floor(text, start)..floor(text, (i + 80).min(text.len()))]
            );
        }
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every attribute value of every tag in `html` as (tag, name, raw value).
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut t = &tag[name.len()..];
        while let Some(eq) = t.find("=\"") {
            let attr = t[..eq]
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_string();
            let Some(close) = t[eq + 2..].find('"') else {
                break;
            };
            out.push((name.clone(), attr, t[eq + 2..eq + 2 + close].to_string()));
            t = &t[eq + 2 + close + 1..];
        }
    }
    out
}

#[test]
fn text_content_is_escaped_in_every_html_page() {
    let pages = files_ending(".html");
    assert!(
        pages.len() >= 6,
        "pages: {:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for (path, html) in pages {
        assert_no_raw_script(path, html);
        // The payload shows as text: escaped once, never twice.
        assert!(
            !html.contains("&amp;lt;script"),
            "{path}: double-escaped payload"
        );
    }
    // The payload is visible as text where it was written.
    let tier = page("t/fundamentals/index.html");
    assert!(
        tier.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "payload shown as text"
    );
    assert!(
        tier.contains("Page &lt;script&gt;"),
        "page title escaped: {}",
        &tier[..tier.len().min(2000)]
    );
}

#[test]
fn every_html_page_is_well_formed() {
    for (path, html) in files_ending(".html") {
        let found = problems(
            html,
            Rules {
                phrasing: true,
                raw_class: false,
            },
        );
        assert!(found.is_empty(), "{path}:\n  {}", found.join("\n  "));
    }
}

#[test]
fn attributes_are_never_broken() {
    for (path, html) in files_ending(".html") {
        for (tag, name, value) in attributes(html) {
            assert!(
                !value.contains('<') && !value.contains('>'),
                "{path}: <{tag} {name}=\"{value}\"> holds a raw `<` or `>`"
            );
            assert!(
                !value.contains("\"'&amp;") || value.contains("&quot;"),
                "{path}: <{tag} {name}> holds the payload without its quote escaped: {value}"
            );
        }
        // The places an attribute carries author text.
        for needle in [
            "title=\"",
            "aria-label=\"",
            "content=\"",
            "data-label=\"",
            "alt=\"",
        ] {
            for (i, _) in html.match_indices(needle) {
                let rest = &html[i + needle.len()..];
                let value = &rest[..rest.find('"').unwrap_or(rest.len())];
                assert!(!value.contains('<'), "{path}: {needle}{value}");
                let after = rest[value.len()..].chars().nth(1);
                assert!(
                    matches!(after, Some(' ' | '>' | '/' | '\n')) || after.is_none(),
                    "{path}: attribute {needle}{value}\" is followed by {after:?}: it was cut short"
                );
            }
        }
    }
}

#[test]
fn the_meta_description_and_title_attributes_carry_the_escaped_payload() {
    let tier = page("t/fundamentals/index.html");
    let description = tier
        .split("<meta name=\"description\" content=\"")
        .nth(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .expect("a meta description");
    assert!(
        description.contains("&lt;script&gt;") && description.contains("&quot;"),
        "{description}"
    );
    let title = tier
        .split("<title>")
        .nth(1)
        .map(|r| &r[..r.find("</title>").unwrap()])
        .unwrap();
    assert!(title.contains("&lt;script&gt;"), "<title>{title}</title>");
}

#[test]
fn glossary_terms_aliases_and_definitions_are_escaped() {
    let glossary = page("glossary/index.html");
    assert_no_raw_script("glossary/index.html", glossary);
    assert!(
        glossary.contains("Insulin &lt;script&gt;"),
        "term escaped on the glossary page"
    );
    assert!(
        glossary.contains("Definition <em>md</em> &lt;script&gt;"),
        "definition escaped, Markdown kept"
    );
    // The tooltip on the page where the alias is used.
    let tier = page("t/fundamentals/index.html");
    assert!(
        tier.contains("class=\"tooltip-def\">Definition <em>md</em> &lt;script&gt;"),
        "tooltip escaped"
    );
}

#[test]
fn table_titles_labels_and_cells_are_escaped() {
    let tier = page("t/fundamentals/index.html");
    for text in [
        "Table &lt;script&gt;",
        "Caption &lt;script&gt;",
        "Label A &lt;script&gt;",
        "Cell A &lt;script&gt;",
        "Cell B with",
    ] {
        assert!(tier.contains(text), "{text} in the table");
    }
    assert!(
        tier.contains("data-label=\"Label A &lt;script&gt;alert(1)&lt;/script&gt;&quot;"),
        "data-label escaped"
    );
}

#[test]
fn citation_previews_and_reference_lists_are_escaped() {
    let tier = page("t/fundamentals/index.html");
    assert!(
        tier.contains("Author &lt;script&gt;"),
        "author in the preview"
    );
    assert!(
        tier.contains("<cite>Title &lt;script&gt;"),
        "title in the preview"
    );
    assert!(tier.contains("Publisher &lt;script&gt;"), "publisher");
    assert!(tier.contains("2020 &lt;script&gt;"), "date");
    // A reference id with quotes lands in href="#ref-…" and id="ref-…" escaped.
    assert!(
        !tier.contains("#ref-q\"'"),
        "reference id escaped in the citation link"
    );
    assert!(
        !tier.contains("id=\"ref-q\"'"),
        "reference id escaped in the list"
    );
    // The reference URL with a quote stays inside its href.
    assert!(
        !tier.contains("\" onmouseover=\"alert(1)"),
        "reference URL escaped"
    );
}

#[test]
fn search_index_json_is_valid_and_round_trips_the_payload() {
    let json_files = built()
        .iter()
        .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".json"))
        .collect::<Vec<_>>();
    assert!(!json_files.is_empty(), "a search index is written");
    let mut all_strings = Vec::new();
    for (path, text) in &json_files {
        let value: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("{path} is not JSON: {e}\n{text}"));
        collect_strings(&value, &mut all_strings);
    }
    // Titles and definitions are stored as plain text: the payload survives as text,
    // and no string holds markup Strata made (an escaped entity would be shown as is).
    assert!(
        all_strings
            .iter()
            .any(|s| s.contains("Page <script>alert(1)</script>")),
        "the page title is in the index as plain text"
    );
    for s in &all_strings {
        assert!(
            !s.contains("&lt;"),
            "an HTML-escaped string in the search index: {s:?}"
        );
        assert!(!s.contains("<em>"), "HTML in the search index: {s:?}");
    }
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            collect_strings(x, out)
        }),
        _ => {}
    }
}

/// A small XML well-formedness check: tags balance, attributes are quoted, every `&`
/// starts an entity, and no `<` appears in text or attribute values.
fn xml_problems(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    if let Some(r) = rest.strip_prefix("<?xml") {
        rest = &r[r.find("?>").map_or(r.len(), |i| i + 2)..];
    }
    while !rest.is_empty() {
        match rest.find(['<', '&']) {
            None => break,
            Some(i) => {
                rest = &rest[i..];
                if rest.starts_with('&') {
                    let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                        .iter()
                        .any(|e| rest.starts_with(e));
                    if !ok {
                        out.push(format!("bare & at {:?}", &rest[..rest.len().min(40)]));
                    }
                    rest = &rest[1..];
                    continue;
                }
                let Some(end) = rest.find('>') else {
                    out.push("unterminated tag".into());
                    break;
                };
                let tag = &rest[1..end];
                if tag.contains('<') {
                    out.push(format!("`<` inside a tag: {tag:?}"));
                }
                if !tag.matches('"').count().is_multiple_of(2) {
                    out.push(format!("odd quotes in a tag: {tag:?}"));
                }
                if let Some(name) = tag.strip_prefix('/') {
                    if stack.pop().as_deref() != Some(name.trim()) {
                        out.push(format!("</{name}> closes the wrong element"));
                    }
                } else if !tag.ends_with('/') && !tag.starts_with('!') {
                    stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
                }
                for v in tag.split('"').skip(1).step_by(2) {
                    if v.contains('&')
                        && !v.split('&').skip(1).all(|p| {
                            ["amp;", "lt;", "gt;", "quot;", "apos;", "#"]
                                .iter()
                                .any(|e| p.starts_with(e))
                        })
                    {
                        out.push(format!("bare & in attribute {v:?}"));
                    }
                }
                rest = &rest[end + 1..];
            }
        }
    }
    if !stack.is_empty() {
        out.push(format!("left open: {stack:?}"));
    }
    out
}

#[test]
fn the_atom_feed_is_well_formed_and_escaped() {
    let feed = page("atom.xml");
    assert_no_raw_script("atom.xml", feed);
    let found = xml_problems(feed);
    assert!(
        found.is_empty(),
        "atom.xml:\n  {}\n{feed}",
        found.join("\n  ")
    );
    assert!(
        feed.contains("Site &lt;script&gt;"),
        "site title escaped in the feed:\n{feed}"
    );
    assert!(
        feed.contains("Page &lt;script&gt;"),
        "entry title escaped in the feed:\n{feed}"
    );
}

#[test]
fn the_sitemap_is_well_formed() {
    let sitemap = page("sitemap.xml");
    assert_no_raw_script("sitemap.xml", sitemap);
    let found = xml_problems(sitemap);
    assert!(
        found.is_empty(),
        "sitemap.xml:\n  {}\n{sitemap}",
        found.join("\n  ")
    );
    for (path, xml) in files_ending(".xml") {
        let found = xml_problems(xml);
        assert!(found.is_empty(), "{path}:\n  {}", found.join("\n  "));
    }
}

// ---------------------------------------------------------------------------------------
// `javascript:` URLs: refused, or never in an href/src.

/// Builds a one-page site whose glossary and references are `glossary` and
/// `references`, with `body` on the page; returns the diagnostics or the files.
fn build_with(
    body: &str,
    glossary: &str,
    references: &str,
) -> Result<Vec<(String, String)>, Vec<String>> {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "site.yaml", "title: JS\n");
    write(d, "content/glossary.yaml", glossary);
    write(d, "content/references.yaml", references);
    write(d, "content/t/_topic.yaml", "title: T\n");
    write(d, "content/t/fundamentals.md", body);
    match strata::build::build(d, &strata::load::LoadOptions::default()) {
        Ok(b) => Ok(b
            .files
            .iter()
            .filter_map(|f| match &f.content {
                strata::render::FileContent::Bytes(b) => {
                    Some((f.path.clone(), String::from_utf8_lossy(b).into_owned()))
                }
                #[allow(unreachable_patterns)]
                _ => None,
            })
            .collect()),
        Err(diags) => Err(diags.iter().map(|d| d.render(false)).collect()),
    }
}

const GLOSSARY: &str = "- id: cell\n  term: cell\n  definition: A unit.\n";
const REFERENCES: &str = "- id: r\n  author: A\n  title: T\n";

fn assert_no_script_url(files: &[(String, String)]) {
    for (path, text) in files {
        let lower = text.to_ascii_lowercase().replace(['\t', '\n', ' '], "");
        for attr in [
            "href=\"javascript:",
            "src=\"javascript:",
            "href=\"data:text",
            "href='javascript:",
        ] {
            assert!(!lower.contains(attr), "{path}: {attr} in the output");
        }
    }
}

#[test]
fn javascript_urls_in_markdown_links_are_refused() {
    for body in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
    ] {
        match build_with(body, GLOSSARY, REFERENCES) {
            Err(diags) => assert!(
                diags
                    .iter()
                    .any(|d| d.contains("content/t/fundamentals.md")),
                "{body:?}: refused, but not at the page: {diags:?}"
            ),
            Ok(files) => assert_no_script_url(&files),
        }
    }
}

#[test]
fn javascript_urls_in_references_are_refused() {
    for url in [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
    ] {
        let refs = format!("- id: r\n  author: A\n  title: T\n  url: {url:?}\n");
        match build_with("[@r]", GLOSSARY, &refs) {
            Err(diags) => assert!(
                diags
                    .iter()
                    .any(|d| d.contains("content/references.yaml") && d.contains("not http(s)")),
                "{url}: {diags:?}"
            ),
            Ok(files) => panic!(
                "{url}: a reference URL that is not http(s) was accepted ({} files)",
                files.len()
            ),
        }
    }
}

/// Definitions are inline Markdown shown on the glossary page (with their links) and in
/// tooltips (links flattened). A `javascript:` link in one must be refused or dropped.
#[test]
fn javascript_urls_in_glossary_definitions_are_refused_or_dropped() {
    for definition in [
        "[click](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]( JavaScript:alert(1))",
    ] {
        let glossary = format!(
            "- id: cell\n  term: cell\n  definition: {definition:?}\n  tiers:\n    academic: {definition:?}\n"
        );
        match build_with("A cell.", &glossary, REFERENCES) {
            Err(diags) => assert!(
                diags.iter().any(|d| d.contains("content/glossary.yaml")),
                "{definition}: refused, but not at the glossary: {diags:?}"
            ),
            Ok(files) => assert_no_script_url(&files),
        }
    }
}

/// Table cells are inline Markdown too.
#[test]
fn javascript_urls_in_table_cells_are_refused_or_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "site.yaml", "title: JS\n");
    write(d, "content/t/_topic.yaml", "title: T\n");
    write(d, "content/t/fundamentals.md", "{{ table(name=\"x\") }}\n");
    write(
        d,
        "data/x.yaml",
        "title: \"[t](javascript:alert(1))\"\ncaption: \"<javascript:alert(2)>\"\ncolumns:\n  - { key: a, label: A }\nrows:\n  - { a: \"[c](javascript:alert(3))\" }\n",
    );
    match strata::build::build(d, &strata::load::LoadOptions::default()) {
        Err(diags) => assert!(
            diags.iter().any(|d| d.render(false).contains("javascript")),
            "{diags:?}"
        ),
        Ok(b) => {
            let files: Vec<(String, String)> = b
                .files
                .iter()
                .filter_map(|f| match &f.content {
                    strata::render::FileContent::Bytes(b) => {
                        Some((f.path.clone(), String::from_utf8_lossy(b).into_owned()))
                    }
                    #[allow(unreachable_patterns)]
                    _ => None,
                })
                .collect();
            assert_no_script_url(&files);
        }
    }
}

/// `strata check --format json` stays valid JSON when the messages carry the author's
/// hostile text (an unknown key with quotes, a backslash, a control character and a
/// script tag; an unknown citation key with quotes).
#[test]
fn check_json_stays_valid_with_hostile_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "site.yaml",
        "title: T\n\"we\\\"ird\\\\key\\u0001<script>\": 1\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["check", "--format", "json", "--root", d.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    let all = value.to_string();
    assert!(all.contains("ird"), "the key is reported: {all}");

    write(d, "site.yaml", "title: T\n");
    write(d, "content/t/_topic.yaml", "title: T\n");
    write(d, "content/t/fundamentals.md", "Cited [@a\"b<script>].\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["check", "--format", "json", "--root", d.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
}
