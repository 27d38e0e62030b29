//! Links and raw HTML in glossary definitions: on the glossary page a definition's
//! links are real links, resolved like a page's and under the base path; in a term's
//! tooltip (which must hold nothing focusable) they are their text; raw HTML shows as
//! text and is a warning.

mod common;

use common::{read, strata, write_files};
use scraper::{Html, Selector};

const GLOSSARY: &str = "\
- id: photosynthesis
  term: Photosynthesis
  definition: \"How plants make [glucose](glossary:glucose) from light; see [the basics](@/plants/fundamentals.md#intro), [the topic](plants/), [a chart](plants/chart.svg), [the home page](/) and [a paper](https://example.org/p).\"
  tiers:
    academic: \"Carbon fixation, as in [the deep page](@/plants/academic.md).\"
- id: glucose
  term: Glucose
  definition: A sugar.
";

fn site(root: &std::path::Path, glossary: &str) {
    write_files(
        root,
        &[
            ("site.yaml", "title: T\n"),
            ("content/glossary.yaml", glossary),
            ("content/plants/_topic.yaml", "title: Plants\n"),
            (
                "content/plants/fundamentals.md",
                "---\ntitle: Basics\n---\n\n## Intro\n\nPhotosynthesis makes glucose.\n",
            ),
            (
                "content/plants/academic.md",
                "---\ntitle: Deep\n---\n\nPhotosynthesis makes glucose.\n",
            ),
            (
                "content/plants/chart.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ),
        ],
    );
}

fn hrefs(el: scraper::ElementRef<'_>) -> Vec<String> {
    el.select(&Selector::parse("a").unwrap())
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect()
}

#[test]
fn definition_links_are_links_on_the_glossary_page_and_text_in_tooltips() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path(), GLOSSARY);
    let out = strata(tmp.path(), &["build", "--base-url", "/guide/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");

    let page = Html::parse_document(&read(&tmp.path().join("public/glossary/index.html")));
    let entry = page
        .select(&Selector::parse("#photosynthesis").unwrap())
        .next()
        .expect("the entry");
    // The entry's definitions (the default and the academic one) sit in its parent.
    let parent = scraper::ElementRef::wrap(entry.parent().unwrap()).unwrap();
    let links = hrefs(parent);
    for href in [
        "/guide/glossary/#glucose",
        "/guide/plants/fundamentals/#intro",
        "/guide/plants/",
        "/guide/plants/chart.svg",
        "/guide/",
        "https://example.org/p",
        "/guide/plants/academic/",
    ] {
        assert!(links.iter().any(|l| l == href), "{href} not in {links:?}");
    }

    // In the tooltips, the link's text only: no link, nothing focusable.
    let basics = read(&tmp.path().join("public/plants/fundamentals/index.html"));
    let basics = Html::parse_document(&basics);
    let tips: Vec<_> = basics
        .select(&Selector::parse(".tooltip-def").unwrap())
        .collect();
    let tip = tips
        .iter()
        .find(|t| t.text().collect::<String>().starts_with("How plants make"))
        .expect("the tooltip of photosynthesis");
    assert!(hrefs(*tip).is_empty(), "{}", tip.html());
    assert_eq!(
        tip.text().collect::<String>(),
        "How plants make glucose from light; see the basics, the topic, a chart, the home page and a paper."
    );
}

#[test]
fn raw_html_in_a_definition_is_text_and_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let glossary = GLOSSARY.replace("definition: A sugar.", "definition: \"A <b>sugar</b>.\"");
    site(tmp.path(), &glossary);
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: the definition of glossary entry `glucose` holds raw HTML, which is shown as text\n --> content/glossary.yaml:8:18\n  |\n8 |   definition: \"A <b>sugar</b>.\"\n  |                  ^^^\n"
        ),
        "{stderr}"
    );
    let page = read(&tmp.path().join("public/glossary/index.html"));
    assert!(page.contains("A &lt;b&gt;sugar&lt;/b&gt;."), "{page}");
}

#[test]
fn a_citation_in_a_definition_reads_as_author_and_year_and_an_unknown_key_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let references = "- id: smith-2020\n  author: Smith\n  title: Leaves\n  date: \"2020-05-01\"\n- id: lee\n  author: Lee\n  title: Light\n";
    let cited = "definition: \"A sugar [@smith-2020, p. 4; @lee].\"";
    site(tmp.path(), &GLOSSARY.replace("definition: A sugar.", cited));
    write_files(tmp.path(), &[("content/references.yaml", references)]);
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let glossary = Html::parse_document(&read(&tmp.path().join("public/glossary/index.html")));
    let text: String = glossary.root_element().text().collect();
    assert!(text.contains("A sugar (Smith, 2020, p. 4; Lee)."), "{text}");
    // The tooltip of glucose on a page that uses the term.
    let basics = read(&tmp.path().join("public/plants/fundamentals/index.html"));
    assert!(
        basics.contains(">A sugar (Smith, 2020, p. 4; Lee).<"),
        "{basics}"
    );

    let misspelt = "definition: \"A sugar [@lee; @smith-2002].\"";
    site(
        tmp.path(),
        &GLOSSARY.replace("definition: A sugar.", misspelt),
    );
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "error: unknown citation key `@smith-2002` in the definition of glossary entry `glucose`\n --> content/glossary.yaml:8:32\n  |\n8 |   definition: \"A sugar [@lee; @smith-2002].\"\n  |                                ^^^^^^^^^^\n  |\n  = help: did you mean `@smith-2020`?\n"
        ),
        "{stderr}"
    );
}

#[test]
fn citation_keys_in_a_definition_separated_by_a_comma_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let references = "- id: smith-2020\n  author: Smith\n  title: Leaves\n- id: lee\n  author: Lee\n  title: Light\n";
    site(
        tmp.path(),
        &GLOSSARY.replace(
            "definition: A sugar.",
            "definition: \"A sugar [@smith-2020, @lee].\"",
        ),
    );
    write_files(tmp.path(), &[("content/references.yaml", references)]);
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("error: citation keys are separated by `;`, not `,` in the definition of glossary entry `glucose`\n --> content/glossary.yaml:8:26\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write `[@smith-2020; @lee]`"),
        "{stderr}"
    );
    // A locator after an unknown key: the key is what is unknown.
    site(
        tmp.path(),
        &GLOSSARY.replace(
            "definition: A sugar.",
            "definition: \"A sugar [@smith-2002, p. 4].\"",
        ),
    );
    let out = strata(tmp.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: unknown citation key `@smith-2002` in the definition"),
        "{stderr}"
    );
}
