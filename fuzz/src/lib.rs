//! Helpers shared by the fuzz targets: split one input into several files, build a
//! one-page site in memory, and check diagnostics.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use strata::config::Config;
use strata::diagnostic::Diagnostic;
use strata::markdown::{
    AlertLabels, LinkTargets, MarkdownContext, RenderedDoc, TermMatcher, render_document,
};
use strata::model::{Document, FrontMatter, Glossary, References, Site, Topic};

/// Splits `text` at the first `n - 1` occurrences of the byte 0x1e (record separator)
/// into exactly `n` parts (missing parts are empty).
pub fn parts(text: &str, n: usize) -> Vec<&str> {
    let mut out: Vec<&str> = text.splitn(n, '\u{1e}').collect();
    while out.len() < n {
        out.push("");
    }
    out
}

/// Every diagnostic points inside `text` (or just past its end) and renders.
pub fn check_diagnostics(text: &str, diags: &[Diagnostic]) {
    let lines = text.split('\n').count() as u32;
    for d in diags {
        assert!(d.line <= lines, "line {} of {lines}: {}", d.line, d.message);
        let _ = d.render(false);
        let _ = d.render(true);
    }
}

pub const REFERENCES: &str = "\
- { id: smith-2020, author: J. Smith, title: A study, date: '2020', url: 'https://example.org/s?a=1&b=2' }
- { id: lee-2022, author: K. Lee, title: Another, publisher: Press & Co }
";

pub const GLOSSARY: &str = "\
- id: insulin
  term: Insulin
  definition: A *hormone* & more.
  tiers:
    academic: A peptide hormone.
- id: insulin-resistance
  term: Insulin resistance
  aliases: [IR]
  definition: Cells respond weakly to insulin.
  see_also: [insulin]
- id: glut4
  term: GLUT4
  definition: A glucose transporter.
- id: body
  term: body
  aliases: [organism]
  definition: The whole organism.
";

pub const TABLE: &str = "title: Results\ncaption: \"insulin *cap*\"\ncolumns:\n  - { key: group, label: Group, header: true }\n  - { key: change, label: Change }\nrows:\n  - { group: insulin, change: \"**lower** GLUT4 [@smith-2020]\" }\n";

/// A site whose first page is `content/t/<tier>.md` holding `body`.
pub fn page_site(
    site_yaml: &str,
    glossary_yaml: &str,
    tier: &str,
    body: &str,
    table_yaml: &str,
) -> Option<Site> {
    let config = Config::parse(site_yaml, Path::new("site.yaml")).ok()?;
    let glossary = match strata::load::parse_glossary(
        glossary_yaml,
        Path::new("content/glossary.yaml"),
        &config.tiers,
    ) {
        Ok(g) => g,
        Err(d) => {
            check_diagnostics(glossary_yaml, &d);
            Glossary::new(vec![])
        }
    };
    let references =
        strata::load::parse_references(REFERENCES, Path::new("content/references.yaml")).ok()?;
    let tier_index = config.tier_index(tier)?;
    let doc = |source: String, body: String| Document {
        source,
        front: FrontMatter {
            title: "Page".into(),
            glossary: true,
            ..FrontMatter::default()
        },
        body,
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
        "## Intro\n\nOther.\n".into(),
    )));
    let mut tables = BTreeMap::new();
    match strata::load::parse_table("results", table_yaml, Path::new("data/results.yaml")) {
        Ok(t) => {
            tables.insert("results".to_string(), t);
        }
        Err(d) => check_diagnostics(table_yaml, &d),
    }
    Some(Site {
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
                tiers,
            },
            Topic {
                slug: "u".into(),
                title: "U".into(),
                summary: String::new(),
                weight: 1,
                references: vec![],
                tiers: other,
            },
        ],
        pages: vec![],
        glossary,
        references: References::new(references.entries),
        tables,
        assets: vec![],
    })
}

/// Renders the first document of `site`.
pub fn render_first(site: &Site) -> (RenderedDoc, Vec<Diagnostic>) {
    let targets = LinkTargets::new(site);
    let terms = TermMatcher::new(site);
    let labels = AlertLabels::default();
    let highlights = strata::markdown::highlight::HighlightCache::default();
    let ctx = MarkdownContext {
        site,
        targets: &targets,
        terms: &terms,
        labels: &labels,
        highlights: &highlights,
    };
    let (id, doc) = site.documents().into_iter().next().expect("a page");
    render_document(id, doc, &ctx)
}
