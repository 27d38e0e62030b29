//! Image sizes on `tests/fixtures/images/sizes`: a Markdown image of one of the site's
//! own files gets the file's `width` and `height` (PNG, a JPEG turned by its EXIF
//! orientation, an SVG's viewBox, a GIF of `static/`), keeping its `alt` and `title`
//! as pulldown-cmark writes them; an image whose size cannot be known is left as it
//! was; a titled image alone in its paragraph becomes a figure with the title as its
//! caption. The browser side (nothing moves while images arrive) is in
//! `tests/browser/images.test.mjs`.

mod common;

use common::{build_site, fixtures, read};
use scraper::{Html, Selector};

#[test]
fn images_of_the_sites_own_files_have_their_width_and_height() {
    let (_tmp, out) = build_site(&fixtures().join("images/sizes"), &[]);
    let html = read(&out.join("cells/fundamentals/index.html"));
    let doc = Html::parse_document(&html);
    let images: Vec<[String; 5]> = doc
        .select(&Selector::parse(".prose img").unwrap())
        .map(|img| {
            let attr = |name| img.value().attr(name).unwrap_or("-").to_string();
            [
                attr("src"),
                attr("alt"),
                attr("title"),
                attr("width"),
                attr("height"),
            ]
        })
        .collect();
    let expected: Vec<[&str; 5]> = vec![
        // A figure: its title is the caption, not an attribute.
        [
            "/guide/cells/cell.png",
            "A cell, its membrane drawn thick",
            "-",
            "640",
            "360",
        ],
        // Stored 400 × 300 with EXIF orientation 6: shown a quarter turn round.
        [
            "/guide/cells/photo.jpg",
            "A plant cell, photographed sideways",
            "-",
            "300",
            "400",
        ],
        [
            "/guide/cells/cycle.svg",
            "The cell cycle",
            "-",
            "800",
            "450",
        ],
        [
            "/guide/img/division.gif",
            "Division, frame by frame",
            "-",
            "120",
            "80",
        ],
        // An SVG 100 % wide has no size of its own; another host's image is not read.
        [
            "/guide/cells/plain.svg",
            "A diagram without a size",
            "-",
            "-",
            "-",
        ],
        [
            "https://example.org/far.png",
            "An image from elsewhere",
            "-",
            "-",
            "-",
        ],
        // Titles of images that are not alone in their paragraph stay titles.
        [
            "/guide/cells/cycle.svg",
            "the cycle",
            "A title in the text",
            "800",
            "450",
        ],
        [
            "/guide/cells/cycle.svg",
            "the cycle",
            "A linked title",
            "800",
            "450",
        ],
    ];
    assert_eq!(images, expected);
    // Written as pulldown-cmark writes an image, with the two attributes added.
    assert!(
        html.contains(r#"<img src="/guide/cells/cycle.svg" alt="the cycle" title="A title in the text" width="800" height="450" />"#),
        "{html}"
    );
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_with_its_title_as_caption() {
    let (_tmp, out) = build_site(&fixtures().join("images/sizes"), &[]);
    let html = read(&out.join("cells/fundamentals/index.html"));
    let doc = Html::parse_document(&html);
    let figures: Vec<(String, String)> = doc
        .select(&Selector::parse(".prose figure").unwrap())
        .map(|figure| {
            let img = figure
                .select(&Selector::parse("img").unwrap())
                .next()
                .unwrap();
            let caption = figure
                .select(&Selector::parse("figcaption").unwrap())
                .next()
                .unwrap();
            (
                img.value().attr("src").unwrap().to_string(),
                caption.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (
                "/guide/cells/cell.png".to_string(),
                "Figure 1. A cell & its membrane, drawn from above.".to_string()
            ),
            (
                "https://example.org/far.png".to_string(),
                "A caption for another host's image".to_string()
            ),
        ]
    );
    // The figure replaces the paragraph rather than sitting in it.
    assert!(
        html.contains("<figure>\n<img src=\"/guide/cells/cell.png\" alt=\"A cell, its membrane drawn thick\" width=\"640\" height=\"360\" />\n<figcaption>Figure 1. A cell &amp; its membrane, drawn from above.</figcaption>\n</figure>"),
        "{html}"
    );
    assert_eq!(
        doc.select(&Selector::parse("p > figure, p figure").unwrap())
            .count(),
        0
    );
}
