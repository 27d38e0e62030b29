//! Builds a one-page site in memory so the Markdown passes can be tested alone.

use std::collections::BTreeMap;
use std::path::Path;

use super::{LinkTargets, MarkdownContext, RenderedDoc, TermMatcher, render_document};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{DocId, Document, FrontMatter, Glossary, References, Site, Topic};

pub const GLOSSARY: &str = "\
- id: insulin
  term: Insulin
  definition: A hormone.
  tiers:
    academic: A peptide hormone.
- id: insulin-resistance
  term: Insulin resistance
  definition: Cells respond weakly to insulin.
  see_also: [insulin]
- id: glut4
  term: GLUT4
  definition: A glucose transporter.
- id: body
  term: body
  aliases: [organism]
  definition: The whole organism.
- id: hills-law
  term: \"Hill's law\"
  definition: A law with an apostrophe in its name.
- id: hidden
  term: Hidden
  definition: Never linked automatically.
  link: false
";

/// A site whose only page is `t/<tier>` with `body`, using `site_yaml` as site.yaml.
pub fn site(site_yaml: &str, tier: &str, body: &str) -> Site {
    let config = Config::parse(site_yaml, Path::new("site.yaml")).expect("config");
    let glossary: Glossary =
        crate::load::parse_glossary(GLOSSARY, Path::new("content/glossary.yaml"), &config.tiers)
            .expect("glossary");
    let references = crate::load::parse_references(
        "- { id: smith-2020, author: J. Smith, title: A study, date: '2020' }\n- { id: lee-2022, author: K. Lee, title: Another }\n",
        Path::new("content/references.yaml"),
    )
    .expect("references");
    let tier_index = config.tier_index(tier).expect("tier");
    let mut tiers = vec![None; config.tiers.len()];
    tiers[tier_index] = Some(std::sync::Arc::new(Document {
        source: format!("content/t/{tier}.md"),
        path: format!("content/t/{tier}.md").into(),
        front: FrontMatter {
            title: "Page".into(),
            glossary: true,
            ..FrontMatter::default()
        },
        body: crate::model::Body::new(body),
        body_line: 1,
    }));
    Site {
        root: ".".into(),
        config,
        home: None,
        topics: vec![Topic {
            slug: "t".into(),
            title: "T".into(),
            summary: String::new(),
            weight: 0,
            references: vec![],
            aliases: vec![],
            tags: vec![],
            tiers,
        }],
        pages: vec![],
        glossary,
        references: References::new(references.entries),
        tables: BTreeMap::new(),
        assets: vec![],
        tags: vec![],
        references_file: "content/references.yaml".into(),
        translations: None,
        shared_assets: vec![],
    }
}

/// Renders the site's only page.
pub fn render(site: &Site) -> (RenderedDoc, Vec<Diagnostic>) {
    with_context(site, |ctx| {
        let (id, doc) = site.documents().into_iter().next().expect("one page");
        assert!(matches!(id, DocId::Tier { .. }));
        render_document(id, (doc, doc.body.as_str()), ctx)
    })
}

/// Calls `f` with a Markdown context for `site`.
pub fn with_context<R>(site: &Site, f: impl FnOnce(&MarkdownContext<'_>) -> R) -> R {
    let targets = LinkTargets::new(site);
    let terms = TermMatcher::new(site);
    let highlights = super::highlight::HighlightCache::default();
    let math = crate::math::Math::for_site(Some(&site.config.math_macros));
    let ctx = MarkdownContext {
        site,
        targets: &targets,
        terms: &terms,
        strings: &site.config.strings,
        highlights: &highlights,
        math: &math,
        shortcodes: super::shortcodes::Authored::default(),
    };
    f(&ctx)
}

/// Renders `body` on a fundamentals page with link mode `mode` and returns the HTML.
pub fn html(mode: &str, body: &str) -> String {
    let site = site(
        &format!("title: T\nglossary:\n  link: {mode}\n"),
        "fundamentals",
        body,
    );
    let (doc, diags) = render(&site);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    doc.html
}

/// The matched text of every linked term, in order.
pub fn linked_terms(html: &str) -> Vec<String> {
    html.split("<a class=\"term\"")
        .skip(1)
        .map(|rest| {
            let start = rest.find('>').unwrap() + 1;
            let end = rest.find("</a>").unwrap();
            rest[start..end].to_string()
        })
        .collect()
}
