//! Mistakes that leave a site that still builds: each is a warning on stderr, with
//! its place and a hint, and the build exits 0.

mod common;

use common::{strata, write_files};

/// Runs `strata check` on the site spelled out by `files` and returns its exit
/// status and stderr.
fn check(files: &[(&str, &str)]) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let out = strata(tmp.path(), &["check"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn tier_pages_in_a_folder_without_a_topic_file_are_a_warning() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        (
            "content/plants/academic.md",
            "---\ntitle: Deep\n---\n\nText.\n",
        ),
        (
            "content/plants/fundamentals.md",
            "---\ntitle: Basics\n---\n\nText.\n",
        ),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: `content/plants/` holds tier pages (fundamentals.md, academic.md) but no `_topic.yaml`, so it is not a topic and they are published as plain pages\n --> content/plants/fundamentals.md\n  = help: add `content/plants/_topic.yaml` with a `title` to make the folder a topic"
        ),
        "{stderr}"
    );
}

#[test]
fn a_plain_page_with_a_markdown_extension_other_than_md_is_a_warning() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        ("content/about.markdown", "# About\n"),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: `about.markdown` is copied as a file, not made a page: Strata reads Markdown only from files ending in `.md`\n --> content/about.markdown\n  = help: rename it to `about.md` to make it a page"
        ),
        "{stderr}"
    );
}

#[test]
fn a_table_inside_a_sentence_is_an_error_and_a_call_printed_as_text_a_warning() {
    let page = "---\ntitle: A\n---\n\nSee {{ table(name=\"inputs\") }} below.\n\n- {{ table(name=\"inputs\") }}\n\n{{ table(name=\"inputs\")\n\n{% table(name=\"inputs\") %}\n\n`{{ table(name=\"in-code\") }}` is how it is written.\n\n```\n{{ table(name=\"in-a-block\") }}\n```\n\n{{ table(name=\"inputs\") }}\n";
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        (
            "data/inputs.yaml",
            "columns:\n  - { key: a, label: A }\nrows:\n  - { a: x }\n",
        ),
        ("content/about.md", page),
    ]);
    assert!(!ok, "{stderr}");
    // A shortcode may stand inside a sentence, but a table is a block of its own.
    assert!(
        stderr.contains(
            "error: a data table cannot stand inside a sentence or a list item\n --> content/about.md:5:5\n  |\n5 | See {{ table(name=\"inputs\") }} below.\n  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^\n  |\n  = help: move `{{ table(name=\"inputs\") }}` to a paragraph of its own, with a blank line before and after"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/about.md:7:3"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: this shortcode is never closed with `}}` on its line, so it is printed as text\n --> content/about.md:9:1"
        ),
        "{stderr}"
    );
    // Tera's block form alone in its paragraph opens a shortcode with a body, which
    // the table has not: an error, not text.
    assert!(
        stderr.contains("error: the table shortcode has no body\n  --> content/about.md:11:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: inside a sentence, a call is written on one line from `{{` to `}}`; alone in its paragraph, it may run over several lines"),
        "{stderr}"
    );
    // Code is left alone, and the call on a line of its own is a table.
    assert!(
        !stderr.contains("in-code") && !stderr.contains("in-a-block"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 4, "{stderr}");
}

#[test]
fn a_term_never_linked_automatically_is_used_when_a_page_names_it() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        (
            "content/glossary.yaml",
            "- id: zebra\n  term: Zebra\n  definition: Striped.\n  link: false\n- id: okapi\n  term: Okapi\n  definition: Shy.\n  link: false\n",
        ),
        (
            "content/about.md",
            "# About\n\nTwo zebras and no other animal.\n",
        ),
    ]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("`Zebra`"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: glossary term `Okapi` is never used\n --> content/glossary.yaml:5:1\n  = help: no page names it or links it, and `link: false` keeps it from being linked automatically: link it where a page explains it, with `[text](glossary:okapi)`, or remove the entry"
        ),
        "{stderr}"
    );
}

#[test]
fn a_folder_without_pages_is_not_taken_for_a_misnamed_topic() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        ("content/files/topic.yaml", "a: b\n"),
        ("content/files/figure.svg", "<svg/>"),
    ]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("topic"), "{stderr}");
}

#[test]
fn an_empty_tier_page_is_a_warning() {
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        ("content/plants/_topic.yaml", "title: Plants\n"),
        (
            "content/plants/fundamentals.md",
            "---\ntitle: Basics\n---\n\n   \n",
        ),
        (
            "content/plants/academic.md",
            "---\ntitle: Deep\n---\n\nText.\n",
        ),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: `content/plants/fundamentals.md` has no text, so readers of the Fundamentals tier get an empty page\n --> content/plants/fundamentals.md\n  = help: write the page, or remove the file: the tier switcher then shows this tier as not written yet"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("academic.md` has no text"), "{stderr}");
}

#[test]
fn unused_parts_of_a_heading_id_are_warnings_and_links_to_written_ids_work() {
    let page = "---\ntitle: Basics\n---\n\n## Setup {#}\n\n## Two names {#first #second}\n\n## Notes\n\n## Summary {#notes}\n\n## Part one {#1intro}\n";
    let (ok, stderr) = check(&[
        ("site.yaml", "title: T\n"),
        ("content/t/_topic.yaml", "title: T\n"),
        ("content/t/fundamentals.md", page),
        (
            "content/t/academic.md",
            "---\ntitle: Deep\n---\n\nSee [setup](@/t/fundamentals.md#setup), [names](@/t/fundamentals.md#second), [summary](@/t/fundamentals.md#notes), [notes](@/t/fundamentals.md#notes-1) and [part one](fundamentals.md#1intro).\n",
        ),
    ]);
    assert!(ok, "{stderr}");
    for warning in [
        "warning: heading attribute `{#}` has no id after the `#`\n --> content/t/fundamentals.md:5:10\n  |\n5 | ## Setup {#}\n  |          ^^^\n  |\n  = help: the heading keeps the id made from its text, `setup`; write the id after `#` (`{#setup}`), or remove `{#}`",
        "warning: heading has 2 ids (`#first`, `#second`); only the last one is used\n --> content/t/fundamentals.md:7:14\n  |\n7 | ## Two names {#first #second}\n  |              ^^^^^^^^^^^^^^^^\n  |\n  = help: an element has one id: keep `{#second}`, and link to `#second`",
        "warning: heading id `notes` is also the id the heading “Notes” (line 9) gets from its text\n  --> content/t/fundamentals.md:11:12\n   |\n11 | ## Summary {#notes}\n   |            ^^^^^^^^\n   |\n   = help: that heading's id is numbered instead, and links to `#notes` lead here; to keep `#notes` for it, choose another id here, such as `{#summary}`",
    ] {
        assert!(stderr.contains(warning), "{warning}\n---\n{stderr}");
    }
    assert_eq!(stderr.matches("warning:").count(), 3, "{stderr}");
}
