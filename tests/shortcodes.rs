//! The site's own shortcodes, on `tests/fixtures/shortcodes/basic`: a template under
//! `templates/shortcodes/` called from Markdown, its arguments escaped, the values
//! every shortcode gets, the built-in `table` beside them, a theme's shortcodes,
//! and `strata check` tracing a broken link a shortcode writes to its call. The
//! errors are pinned in `tests/fixtures/invalid/shortcodes-every-mistake`.

mod common;

use common::{build_site, copy_dir, fixtures, read, strata, write_files};
use scraper::{Html, Selector};

fn site() -> std::path::PathBuf {
    fixtures().join("shortcodes/basic")
}

/// `strata check` on the fixture with `files` written over it: whether it passed,
/// and what it printed.
fn check_with(files: &[(&str, &str)]) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    write_files(tmp.path(), files);
    let check = strata(tmp.path(), &["check"]);
    (
        check.status.success(),
        String::from_utf8_lossy(&check.stderr).into_owned(),
    )
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

#[test]
fn a_shortcode_renders_its_template_with_the_calls_arguments() {
    let (_tmp, out) = build_site(&site(), &[]);
    let html = Html::parse_document(&read(&out.join("sleep/fundamentals/index.html")));
    let video = select(&html, ".prose figure.video video");
    assert_eq!(video.len(), 1);
    // `root_path` leads to static/ under the base path.
    assert_eq!(
        video[0].value().attr("src"),
        Some("/guide/media/night.webm")
    );
    assert_eq!(
        video[0].value().attr("poster"),
        None,
        "an argument not given is undefined"
    );
    // Arguments are text: escaped like any value in a template.
    let caption = select(&html, ".prose figure.video figcaption");
    assert_eq!(
        caption[0].inner_html(),
        "One night of recorded sleep &lt;in the lab&gt;"
    );
    let quote = select(&html, ".prose blockquote.pull-quote");
    assert_eq!(quote[0].value().attr("lang"), Some("en"));
    assert_eq!(
        quote[0].text().collect::<String>(),
        "Sleep is the single most effective thing we can do.— M. Walker"
    );
    // The shortcode stands where it was called, between the paragraphs around it,
    // and the built-in table still works beside the site's own.
    let order: Vec<&str> = select(&html, ".prose > *")
        .iter()
        .map(|e| e.value().name())
        .collect();
    assert_eq!(
        order,
        ["h2", "figure", "p", "blockquote", "figure", "aside", "p"]
    );
    assert_eq!(select(&html, ".prose figure.data-table").len(), 1);
    // A call inside a sentence, between quotes.
    assert_eq!(
        select(&html, ".prose > p")[0].inner_html(),
        "Between two paragraphs, a “<abbr title=\"a quotation set apart\">pull quote</abbr>”:"
    );
}

#[test]
fn a_theme_can_bring_shortcodes_and_the_site_can_replace_them() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    write_files(
        tmp.path(),
        &[
            (
                "themes/plain/templates/shortcodes/note.html",
                "<aside class=\"theme-note\">{{ text }}</aside>\n",
            ),
            (
                "themes/plain/templates/shortcodes/quote.html",
                "<p class=\"theme-quote\">{{ text }}</p>\n",
            ),
        ],
    );
    // The theme starts from the default theme's templates.
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &tmp.path().join("themes/plain"),
    );
    let site_yaml = tmp.path().join("site.yaml");
    std::fs::write(&site_yaml, read(&site_yaml) + "theme: plain\n").unwrap();
    let page = tmp.path().join("content/sleep/fundamentals.md");
    std::fs::write(
        &page,
        read(&page) + "\n{{ note(text=\"From the theme.\") }}\n",
    )
    .unwrap();
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = Html::parse_document(&read(&out.join("sleep/fundamentals/index.html")));
    assert_eq!(select(&html, "aside.theme-note").len(), 1);
    // The site's `shortcodes/quote.html` wins over the theme's.
    assert_eq!(select(&html, "blockquote.pull-quote").len(), 1);
    assert!(select(&html, ".theme-quote").is_empty());
}

#[test]
fn check_traces_a_broken_link_a_shortcode_writes_to_its_call() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    let page = tmp.path().join("content/sleep/fundamentals.md");
    std::fs::write(&page, read(&page).replace("night.webm", "nowhere.webm")).unwrap();
    let check = strata(tmp.path(), &["check"]);
    assert!(!check.status.success());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(
            "error: link to `/guide/media/nowhere.webm`, which is not a file of the built site\n --> content/sleep/fundamentals.md:3:1"
        ),
        "{stderr}"
    );
}

#[test]
fn a_call_over_several_lines_of_a_quote_keeps_all_its_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    let page = tmp.path().join("content/sleep/fundamentals.md");
    let text = read(&page)
        + "\n> {{ quote(text=\"in a quote\",\n> by=\"two lines\") }}\n\n- item\n\n  {{ quote(text=\"in a loose list\",\n  by=\"indented\") }}\n";
    std::fs::write(&page, text).unwrap();
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = Html::parse_document(&read(&out.join("sleep/fundamentals/index.html")));
    let footers: Vec<String> = select(&html, "blockquote.pull-quote footer")
        .iter()
        .map(|f| f.text().collect())
        .collect();
    assert_eq!(footers, ["— M. Walker", "— two lines", "— indented"]);
}

#[test]
fn a_shortcodes_own_ids_do_not_touch_pages_that_do_not_call_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    write_files(
        tmp.path(),
        &[
            (
                "templates/shortcodes/boxed.html",
                "<aside id=\"note-box\">{{ text }}</aside>\n",
            ),
            (
                "content/sleep/academic.md",
                "## Note box\n\nA link [to it](#note-box).\n",
            ),
        ],
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = read(&out.join("sleep/academic/index.html"));
    assert!(html.contains("<h2 id=\"note-box\">"), "{html}");
}

#[test]
fn a_shortcode_with_a_body_wraps_markdown_that_every_pass_still_reads() {
    let (_tmp, out) = build_site(&site(), &[]);
    let html = Html::parse_document(&read(&out.join("sleep/fundamentals/index.html")));
    let aside = select(&html, ".prose > aside.aside-tip");
    assert_eq!(aside.len(), 1);
    assert_eq!(
        select(&html, "aside.aside-tip > .aside-title")[0]
            .text()
            .collect::<String>(),
        "Why it matters"
    );
    // The body is the page's Markdown: bold, and a glossary term with its tooltip.
    let term = select(&html, "aside.aside-tip p strong a.term");
    assert_eq!(term.len(), 1, "{}", aside[0].html());
    assert_eq!(
        term[0].value().attr("href"),
        Some("/guide/glossary/#insulin")
    );
    // The page goes on after `{% end %}`, outside the aside.
    let after: Vec<String> = select(&html, ".prose > p")
        .iter()
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(after.last().map(String::as_str), Some("After the aside."));
    // The term the body uses is on the glossary page's "Used in" list.
    let glossary = Html::parse_document(&read(&out.join("glossary/index.html")));
    let used_in: Vec<&str> = select(&glossary, ".used-in a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(used_in, ["/guide/sleep/fundamentals/#a-night-in-the-lab"]);
}

#[test]
fn a_shortcode_in_a_glossary_definition_is_a_warning_at_the_definition() {
    let (ok, stderr) = check_with(&[(
        "content/glossary.yaml",
        "- id: insulin\n  term: insulin\n  definition: 'A hormone. {{ quote(text=\"x\") }}'\n",
    )]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: the definition of glossary entry `insulin` holds a shortcode, which is shown as written\n --> content/glossary.yaml:3:"
        ),
        "{stderr}"
    );
}

#[test]
fn a_shortcode_inside_a_sentence_stands_where_it_was_called() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    write_files(
        tmp.path(),
        &[
            (
                // A template file ends with a line break, which must not show as a
                // space after the call.
                "templates/shortcodes/abbr.html",
                "<abbr title=\"{{ title }}\">{{ text }}</abbr>\n",
            ),
            ("templates/shortcodes/kbd.html", "<kbd>{{ k }}</kbd>\n"),
            (
                "content/sleep/academic.md",
                concat!(
                    "## Sleep and {{ abbr(text=\"HbA1c\", title=\"glycated haemoglobin\") }}\n\n",
                    "Adults need \"{{ abbr(text=\"7–9 h\", title=\"seven to nine hours\") }}\" of sleep; ",
                    "short nights raise insulin and {{ abbr(text=\"HbA1c\", title=\"glycated haemoglobin\") }}.\n\n",
                    "- a tight item: {{ abbr(text=\"REM\", title=\"rapid eye movement\") }}\n\n",
                    "| Stage | Share |\n|---|---|\n| {{ abbr(text=\"N3\", title=\"deep sleep\") }} | 20 % |\n\n",
                    "Written as `{{ abbr(text=\"x\", title=\"y\") }}` or \\{{ abbr(text=\"x\", title=\"y\") }}, it stays text.\n\n",
                    "{{ kbd(k=\"Ctrl\") }} + {{ kbd(k=\"C\") }}\n\n",
                    "A _word_{{ kbd(k=\"u\") }}, \"quoted\"{{ kbd(k=\"x\") }} and {{ kbd(k=\"1\") }}{{ kbd(k=\"2\") }}.\n\n",
                    "Markdown in values: {{ abbr(text=\"a*b\", title=\"`c` $x$ [a](u)\") }}.\n\n",
                    "| Cell |\n|---|\n| {{ abbr(text=\"N2\", title=\"a \\| b\") }} |\n\n",
                    "An escaped backslash: \\\\{{ kbd(k=\"yes\") }}.\n\n",
                    "![A {{ kbd(k=\"key\") }} pressed](/media/night.webm)\n",
                ),
            ),
        ],
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = Html::parse_document(&read(&out.join("sleep/academic/index.html")));
    let in_ = |selector: &str| -> Vec<(String, String)> {
        select(&html, selector)
            .iter()
            .map(|a| {
                (
                    a.text().collect(),
                    a.value().attr("title").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    // In a sentence, between smart quotes, with the text and the term around it kept.
    let paragraph = &select(&html, ".prose > p")[0];
    assert_eq!(
        // Less the tooltip of the term "insulin".
        paragraph
            .text()
            .collect::<String>()
            .replace("A hormone.", ""),
        "Adults need “7–9 h” of sleep; short nights raise insulin and HbA1c."
    );
    assert_eq!(
        in_(".prose > p:first-of-type abbr"),
        [
            ("7–9 h".into(), "seven to nine hours".into()),
            ("HbA1c".into(), "glycated haemoglobin".into())
        ]
    );
    assert_eq!(
        select(&html, ".prose > p a.term").len(),
        1,
        "insulin is linked"
    );
    // In a heading, a tight list item and a table cell.
    assert_eq!(in_(".prose h2 abbr").len(), 1);
    // The heading's id and outline take the shortcode's words too.
    assert_eq!(select(&html, ".prose h2#sleep-and-hba1c").len(), 1);
    assert_eq!(
        in_(".prose li abbr"),
        [("REM".into(), "rapid eye movement".into())]
    );
    assert_eq!(in_(".prose td abbr")[0], ("N3".into(), "deep sleep".into()));
    // In code, or escaped, a call is text.
    let paragraphs: Vec<String> = select(&html, ".prose > p")
        .iter()
        .map(|p| p.inner_html())
        .collect();
    assert_eq!(
        paragraphs[1],
        "Written as <code>{{ abbr(text=\"x\", title=\"y\") }}</code> or {{ abbr(text=“x”, title=“y”) }}, it stays text."
    );
    // A paragraph that starts and ends with a call; emphasis, quotes and calls side
    // by side, as around an inline tag; no space after a call.
    assert_eq!(paragraphs[2], "<kbd>Ctrl</kbd> + <kbd>C</kbd>");
    assert_eq!(
        paragraphs[3],
        "A <em>word</em><kbd>u</kbd>, “quoted”<kbd>x</kbd> and <kbd>1</kbd><kbd>2</kbd>."
    );
    // Markdown never reads the values.
    assert_eq!(
        paragraphs[4],
        "Markdown in values: <abbr title=\"`c` $x$ [a](u)\">a*b</abbr>."
    );
    // `\|` is how a table cell writes `|`.
    assert_eq!(in_(".prose td abbr")[1], ("N2".into(), "a | b".into()));
    // A backslash escaped is no escape of the call.
    assert_eq!(paragraphs[5], "An escaped backslash: \\<kbd>yes</kbd>.");
    // In an image's text, the words of the HTML.
    let img = select(&html, ".prose img");
    assert_eq!(img[0].value().attr("alt"), Some("A key pressed"));
}

#[test]
fn what_cannot_stand_inside_a_sentence_is_a_warning_at_the_call() {
    let (ok, stderr) = check_with(&[(
        "content/sleep/academic.md",
        concat!(
            "Watch {{ video(file=\"night.webm\", caption=\"c\") }} now.\n\n",
            "A body {% aside(kind=\"tip\", title=\"t\") %} here.\n\n",
            "<div>In a div {{ quote(text=\"z\") }}</div>\n\n",
            "Split {{ quote(text=\"a\",\nby=\"b\") }} here.\n",
        ),
    )]);
    assert!(ok, "{stderr}");
    for expected in [
        "warning: the shortcode `video` writes a `<figure>`, which HTML does not allow inside a sentence: browsers move it out of the paragraph\n --> content/sleep/academic.md:1:7",
        "warning: `{% … %}` opens a shortcode with a body only alone in its paragraph; this one is printed as text\n --> content/sleep/academic.md:3:8",
        "warning: a shortcode inside an HTML block is printed as text\n --> content/sleep/academic.md:5:1",
        "warning: this shortcode is never closed with `}}` on its line, so it is printed as text\n --> content/sleep/academic.md:7:7",
        "= help: inside a sentence, a call is written on one line from `{{` to `}}`; alone in its paragraph, it may run over several lines",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
}

#[test]
fn a_mistaken_call_inside_a_sentence_is_an_error_at_its_place() {
    let (ok, stderr) = check_with(&[(
        "content/sleep/academic.md",
        "Before {{ qoute(text=\"a\") }} and {{ quote(text=\"a\" by=\"b\") }} after.\n",
    )]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains(
            "error: unknown shortcode `qoute`\n --> content/sleep/academic.md:1:8\n  |\n1 | Before {{ qoute(text=\"a\") }} and {{ quote(text=\"a\" by=\"b\") }} after.\n  |        ^^^^^^^^^^^^^^^^^^^^^\n  |\n  = help: did you mean `quote`?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: malformed shortcode: expected `,` before `by=\"b\"`\n --> content/sleep/academic.md:1:34"
        ),
        "{stderr}"
    );
}

#[test]
fn a_shortcode_in_a_data_table_cell_is_a_warning_at_its_line() {
    let (ok, stderr) = check_with(&[(
        "data/hours.yaml",
        "columns:\n  - { key: age, label: Age }\n  - { key: hours, label: Hours }\nrows:\n  - { age: Adults, hours: '7–9 {{ quote(text=\"h\") }}' }\n",
    )]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: a shortcode in a cell of the table `hours` is shown as written\n --> data/hours.yaml:5:32\n  |\n5 |   - { age: Adults, hours: '7–9 {{ quote(text=\"h\") }}' }\n  |                                ^^^^^^^^^^^^^^^^^^^^^\n  |\n  = help: shortcodes are expanded in pages only; write the cell in words and Markdown, or build the table in the page"
        ),
        "{stderr}"
    );
}

#[test]
fn a_shortcodes_html_is_left_as_written_and_the_authors_html_block_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&site(), tmp.path());
    write_files(
        tmp.path(),
        &[
            (
                "templates/shortcodes/calc.html",
                "<div class=\"calc\"><script>if (1 < 2) { run(); }</script></div>\n",
            ),
            (
                "content/sleep/academic.md",
                "{{ calc() }}\n\n<div>a < b</div>\n",
            ),
        ],
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = read(&out.join("sleep/academic/index.html"));
    // The template's script keeps its `<`; a stray `<` in the page's own HTML block
    // is escaped, as on a page without shortcodes.
    assert!(
        html.contains("<script>if (1 < 2) { run(); }</script>"),
        "{html}"
    );
    assert!(html.contains("<div>a &lt; b</div>"), "{html}");
}
