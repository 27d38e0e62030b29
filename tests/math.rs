//! Mathematics on `tests/fixtures/math/formulas`: what a reader's page holds for
//! `$…$`, `$$…$$`, a formula in a heading, a table cell and a glossary definition,
//! and that dollar signs meant as money stay text.

mod common;

use std::path::Path;

use common::{build_site, fixtures, read};
use scraper::{ElementRef, Html, Selector};

fn built() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    &OUT.get_or_init(|| build_site(&fixtures().join("math/formulas"), &[]))
        .1
}

fn page() -> Html {
    Html::parse_document(&read(&built().join("energy/fundamentals/index.html")))
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Each element `css` selects: its attribute `name` and its text.
fn attribute_and_text(doc: &Html, css: &str, name: &str) -> Vec<(String, String)> {
    select(doc, css)
        .iter()
        .map(|e| {
            let value = e.value().attr(name).unwrap_or_default().to_string();
            (value, e.text().collect())
        })
        .collect()
}

/// The TeX source a formula keeps in its annotation.
fn source(math: &ElementRef<'_>) -> String {
    let annotation = Selector::parse("annotation").unwrap();
    math.select(&annotation)
        .next()
        .map(|a| a.text().collect())
        .unwrap_or_default()
}

#[test]
fn inline_formulas_are_mathml_in_the_text_with_their_tex_source() {
    let doc = page();
    let prose = select(&doc, ".prose > p")[0];
    // The paragraph's own formulas (a tooltip in it has some too).
    let formulas: Vec<ElementRef<'_>> = prose
        .select(&Selector::parse(":scope > math").unwrap())
        .collect();
    let sources: Vec<String> = formulas.iter().map(source).collect();
    assert_eq!(sources, ["m", "v", r"v \in \R", r"\abs{v}"]);
    // Typeset, not shown as TeX: an identifier, the site's macros expanded.
    assert_eq!(
        formulas[0].select(&Selector::parse("mi").unwrap()).count(),
        1
    );
    let real = formulas[2].inner_html();
    assert!(real.contains("<mi>ℝ</mi>"), "{real}");
    assert!(
        !doc.root_element()
            .text()
            .collect::<String>()
            .contains("$m$")
    );
}

#[test]
fn a_display_formula_is_a_block_that_scrolls_and_takes_focus() {
    let doc = page();
    let blocks = select(&doc, ".prose span.math-display");
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].value().attr("tabindex"), Some("0"));
    let math = select(&doc, ".prose span.math-display > math[display=block]");
    assert_eq!(math.len(), 1);
    assert_eq!(source(&math[0]).trim(), r"E_k = \frac{1}{2} m v^2");
    assert_eq!(
        math[0].select(&Selector::parse("mfrac").unwrap()).count(),
        1
    );
}

#[test]
fn a_heading_with_a_formula_gets_an_id_and_a_plain_outline_entry() {
    let doc = page();
    let heading = select(&doc, ".prose h2")[0];
    assert_eq!(heading.value().attr("id"), Some("why-v-2"));
    assert_eq!(
        heading
            .select(&Selector::parse("math msup").unwrap())
            .count(),
        1
    );
    let toc: Vec<String> = select(&doc, "nav.toc a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(toc.contains(&"Why v^2?".to_string()), "{toc:?}");
}

#[test]
fn dollar_signs_meant_as_money_stay_text() {
    let doc = page();
    let text: String = select(&doc, ".prose p")
        .iter()
        .map(|p| p.text().collect::<String>())
        .collect();
    assert!(text.contains("A ticket costs $5 and a\nmeal $10"), "{text}");
    assert!(text.contains("escaped, $20 stays a price too."), "{text}");
}

#[test]
fn formulas_in_lists_quotes_and_table_cells_are_typeset() {
    let doc = page();
    let list = select(&doc, ".prose li math");
    assert_eq!(list.iter().map(source).collect::<Vec<_>>(), [r"\sqrt{2}"]);
    let quote = select(&doc, ".prose blockquote math");
    assert_eq!(
        quote.iter().map(source).collect::<Vec<_>>(),
        [r"\alpha + \beta"]
    );
    let cells = select(&doc, "figure.data-table td math");
    assert_eq!(
        cells.iter().map(source).collect::<Vec<_>>(),
        [r"\tfrac{1}{2} m", "2m"]
    );
}

#[test]
fn no_glossary_term_is_linked_inside_a_formula() {
    let doc = page();
    let last = select(&doc, ".prose > p")
        .into_iter()
        .find(|p| p.text().collect::<String>().starts_with("Inside a formula"))
        .unwrap();
    assert_eq!(last.select(&Selector::parse("a.term").unwrap()).count(), 0);
    // The same word outside a formula is linked (first use on the page).
    let first = select(&doc, ".prose a.term[href='/glossary/#mass']");
    assert_eq!(first.len(), 1);
}

#[test]
fn a_definition_with_a_formula_shows_it_in_the_tooltip_and_on_the_glossary_page() {
    let doc = page();
    let tip = select(&doc, "[role=tooltip]")
        .into_iter()
        .find(|t| {
            t.text()
                .collect::<String>()
                .starts_with("The energy of motion")
        })
        .expect("the kinetic energy tooltip");
    // Typeset, and without the TeX annotation: a screen reader reads a tooltip's
    // hidden text whole as the term's description, annotation included.
    let formulas: Vec<String> = tip
        .select(&Selector::parse("math").unwrap())
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(formulas, ["Ek=12mv2", "m", "v"]);
    assert_eq!(
        tip.select(&Selector::parse("annotation").unwrap()).count(),
        0
    );
    let description: String = tip.text().collect();
    assert_eq!(
        description,
        "The energy of motion, Ek=12mv2 for a mass m at speed v."
    );
    // Nothing in a tooltip takes focus.
    assert_eq!(
        tip.select(&Selector::parse("[tabindex]").unwrap()).count(),
        0
    );
    let glossary = Html::parse_document(&read(&built().join("glossary/index.html")));
    let entry_html = select(&glossary, "#kinetic-energy")[0].html();
    assert!(
        entry_html.contains("<mfrac displaystyle=\"false\">"),
        "{entry_html}"
    );
}

#[test]
fn formulas_page_snapshot() {
    let html = read(&built().join("energy/fundamentals/index.html"));
    let prose = html
        .split("<div class=\"prose\">")
        .nth(1)
        .unwrap()
        .split("</div>\n  <nav class=\"tier-pager\"")
        .next()
        .unwrap();
    insta::assert_snapshot!("math_formulas_prose", prose);
}

#[test]
fn numbered_equations_count_through_the_page_and_eqref_links_to_them() {
    let doc = Html::parse_document(&read(&built().join("energy/academic/index.html")));
    // Each labelled equation's number cell carries the label as its id.
    let numbers = attribute_and_text(&doc, "mtd[id]", "id");
    assert_eq!(
        numbers,
        [
            ("eq:work".to_string(), "(1)".to_string()),
            ("eq:kinetic".to_string(), "(2)".to_string())
        ]
    );
    // `\eqref` before and after its equation reads its number and links to it, from
    // outside the MathML (a link inside the `math` role is a nested control).
    let refs = attribute_and_text(&doc, ".prose a.eqref", "href");
    assert_eq!(
        refs,
        [
            ("#eq:work".to_string(), "(1)".to_string()),
            ("#eq:kinetic".to_string(), "(2)".to_string())
        ]
    );
    // A Markdown link to a label is a link to a place on the page.
    assert_eq!(
        select(&doc, ".prose > p > a:not(.eqref)[href='#eq:work']").len(),
        1
    );
}
