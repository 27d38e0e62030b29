//! The commands and whole-site behaviour: `init`, `check`, template overrides,
//! configurable tiers, and the bundled guide at the repository root.

mod common;

use std::path::Path;

use common::{build_site, fixtures, read, strata, write_files};
use scraper::{Html, Selector};

fn count(html: &str, css: &str) -> usize {
    Html::parse_document(html)
        .select(&Selector::parse(css).unwrap())
        .count()
}

#[test]
fn new_adds_a_topic_of_draft_pages_that_drafts_builds_show() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_files(
        &site,
        &[
            (
                "site.yaml",
                "title: New\ntiers:\n  - { id: basics, label: Basics }\n  - { id: depth, label: In depth }\n",
            ),
            ("content/one/_topic.yaml", "title: One\n"),
            ("content/one/basics.md", "The first topic.\n"),
        ],
    );
    let made = strata(&site, &["new", "heart-rate", "--title", "Heart \"rate\""]);
    let stdout = String::from_utf8_lossy(&made.stdout);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        stdout.lines().take(3).collect::<Vec<_>>(),
        [
            "Created content/heart-rate/_topic.yaml",
            "Created content/heart-rate/basics.md",
            "Created content/heart-rate/depth.md",
        ]
    );
    assert!(read(&site.join("content/heart-rate/depth.md")).contains("draft: true"));
    // Drafts are not published...
    let (_a, out) = build_site(&site, &[]);
    assert!(!out.join("heart-rate").exists());
    // ...but a build with drafts has the topic, titled as asked, at every tier.
    let (_b, out) = build_site(&site, &["--drafts"]);
    let page = read(&out.join("heart-rate/depth/index.html"));
    assert_eq!(count(&page, "h1"), 1);
    assert!(page.contains("<h1>Heart &quot;rate&quot;</h1>"), "{page}");
    assert!(out.join("heart-rate/basics/index.html").is_file());
    // One tier only.
    let one = strata(&site, &["new", "pulse", "--tier", "depth"]);
    assert!(one.status.success());
    assert!(site.join("content/pulse/depth.md").is_file());
    assert!(!site.join("content/pulse/basics.md").exists());
    assert!(read(&site.join("content/pulse/_topic.yaml")).starts_with("title: \"Pulse\"\n"));
}

#[test]
fn new_reports_every_problem_and_then_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_files(
        &site,
        &[
            (
                "site.yaml",
                "title: New\ntiers:\n  - { id: fundamentals, label: Fundamentals }\n  - { id: intermediate, label: Intermediate }\n  - { id: academic, label: Academic, aliases: [advanced] }\n",
            ),
            ("content/one/_topic.yaml", "title: One\n"),
            ("content/one/fundamentals.md", "Text.\n"),
        ],
    );
    let refused = |args: &[&str]| {
        let out = strata(&site, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        refused(&["new", "one", "--tier", "fundamentalz", "--tier", "basics"]),
        "\
error: `content/one` exists already
  = help: choose another name, or add the missing tier files to that folder by hand

error: `fundamentalz` is not a tier of this site
  = help: did you mean `fundamentals`?

error: `basics` is not a tier of this site
  = help: the site's tiers are: fundamentals, intermediate, academic

error: nothing was created (3 errors)
"
    );
    assert_eq!(
        refused(&["new", "Heart Rate"]),
        "\
error: `Heart Rate` cannot be the name of a topic, which is its URL segment
  = help: use lower-case letters (a to z), digits and `-`, e.g. `heart-rate`

error: nothing was created (1 error)
"
    );
    // No example that is itself refused: a name in another script, a name that
    // makes no slug, a slug that is taken.
    let rule =
        "use lower-case letters (a to z), digits and `-`; the topic's title can be in any script";
    for name in ["睡眠", "..", "One"] {
        assert_eq!(
            refused(&["new", name]),
            format!(
                "error: `{name}` cannot be the name of a topic, which is its URL segment\n  \
                 = help: {rule}: `strata new NAME --title \"{name}\"`\n\n\
                 error: nothing was created (1 error)\n"
            ),
        );
    }
    assert!(
        refused(&["new", "intermediate"])
            .starts_with("error: `intermediate` is the URL of a page Strata writes itself\n")
    );
    assert!(refused(&["new", "search"]).starts_with("error: `search` is the URL"));
    assert!(refused(&["new", "advanced"]).starts_with(
        "error: `advanced` is an earlier id of tier `academic`, whose old URLs redirect\n"
    ));
    let entries: Vec<_> = std::fs::read_dir(site.join("content")).unwrap().collect();
    assert_eq!(entries.len(), 1, "only the first topic is there");
    // Outside a site: the build's own error.
    let outside = strata(tmp.path(), &["new", "x"]);
    assert_eq!(outside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outside.stderr).starts_with("error: no site.yaml in"));
}

/// The Flesch–Kincaid grade is for English: a site in another language shows reading
/// time alone, on every page that would show the grade.
#[test]
fn the_reading_grade_is_shown_for_english_sites_only() {
    for (language, shown) in [
        ("en-GB", true),
        ("EN", true),
        ("de", false),
        ("fr-CA", false),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let config = format!("title: Grades\nlanguage: {language}\n");
        write_files(
            &site,
            &[
                ("site.yaml", config.as_str()),
                ("content/t/_topic.yaml", "title: T\n"),
                (
                    "content/t/fundamentals.md",
                    "Eine kurze Seite. Sie hat zwei Sätze.\n",
                ),
            ],
        );
        let (_out_tmp, out) = build_site(&site, &[]);
        for page in [
            "t/fundamentals/index.html",
            "index.html",
            "t/index.html",
            "fundamentals/index.html",
        ] {
            let html = read(&out.join(page));
            assert!(html.contains("min"), "{language} {page}: reading time");
            assert_eq!(html.contains("grade"), shown, "{language} {page}");
        }
    }
}

#[test]
fn init_creates_a_site_that_builds_without_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let made = strata(
        tmp.path(),
        &["init", "new-site", "--title", "Plants \"explained\""],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let site = tmp.path().join("new-site");
    assert!(
        !site.join("themes").exists(),
        "the theme comes from the binary"
    );
    let built = strata(&site, &["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(stdout.starts_with("Built "), "{stdout}");
    let page = read(&site.join("public/plants/intermediate/index.html"));
    assert_eq!(count(&page, "figure.data-table tbody tr"), 3);
    assert!(read(&site.join("public/index.html")).contains("Plants &quot;explained&quot;"));
    let again = strata(tmp.path(), &["init", "new-site"]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a non-empty folder"
    );
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixtures().join("invalid/many-errors-at-once/site");
    let out = strata(&site, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 4);
    let first = &report["diagnostics"][0];
    assert_eq!(first["file"], "content/t/academic.md");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 9);
    assert!(!site.join("public").exists(), "check never writes");
    drop(tmp);
}

#[test]
fn site_templates_override_and_extend_the_theme() {
    let (_tmp, out) = build_site(&fixtures().join("templates/override"), &[]);
    let page = read(&out.join("t/fundamentals/index.html"));
    assert!(page.contains("<title>Custom · Page</title>"), "{page}");
    assert_eq!(
        count(&page, "nav.tier-switcher"),
        1,
        "the rest of the theme's template is kept"
    );
    let people = read(&out.join("people/index.html"));
    assert!(
        people.contains(r#"<meta name="description" content="People: Ada, Grace">"#),
        "tables reach templates as data.<name>"
    );
}

#[test]
fn page_content_prints_as_html_with_or_without_the_safe_filter() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("site.yaml"), "title: Safe\n").unwrap();
    std::fs::write(
        site.join("content/about.md"),
        "---\ntitle: About\n---\n\nA *b* and c & d.\n",
    )
    .unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "<main>{{ page.content }}</main><aside>{{ page.content | safe }}</aside>{% if page.content %}<p>{{ page.content | upper }}</p>{% endif %}",
    )
    .unwrap();
    let (_out_tmp, out) = build_site(site, &[]);
    let page = read(&out.join("about/index.html"));
    let body = "<p>A <em>b</em> and c &amp; d.</p>";
    assert!(page.contains(&format!("<main>{body}\n</main>")), "{page}");
    assert!(page.contains(&format!("<aside>{body}\n</aside>")), "{page}");
    // Filters see it as the string it is.
    assert!(
        page.contains("<p><P>A <EM>B</EM> AND C &AMP; D.</P>\n</p>"),
        "{page}"
    );
}

#[test]
fn check_warns_about_unused_terms_long_definitions_and_terms_met_before_they_are_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    let long = "word ".repeat(120);
    let glossary = format!(
        "- id: unused\n  term: Zebra\n  definition: Never met.\n- id: long\n  term: Lengthy\n  definition: \"{long}\"\n- id: early\n  term: Enzyme\n  definition: A catalyst.\n"
    );
    write_files(
        site,
        &[
            ("site.yaml", "title: Warnings\n"),
            ("content/glossary.yaml", &glossary),
            ("content/a/_topic.yaml", "title: A\nweight: 1\n"),
            (
                "content/a/fundamentals.md",
                "---\ntitle: A\nglossary: false\n---\n\nAn enzyme and a lengthy word.\n",
            ),
            ("content/b/_topic.yaml", "title: B\nweight: 2\n"),
            (
                "content/b/fundamentals.md",
                "---\ntitle: B\n---\n\nThe enzyme again.\n",
            ),
        ],
    );
    let out = strata(site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "warnings do not fail the check: {stderr}"
    );
    assert!(
        stderr.contains("warning: glossary term `Zebra` is never used"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: the definition of `Lengthy` is 599 characters; tooltips read best under 525"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("warning: `Enzyme` is used on this Fundamentals page before any Fundamentals page explains it"), "{stderr}");
    assert!(stderr.contains("--> content/a/fundamentals.md"), "{stderr}");
}

#[test]
fn a_site_that_links_no_term_is_not_told_to_link_them() {
    // With `glossary.link: none` no page explains a term by linking it, so the
    // reading-path warning (and its hint to let the term be linked) would fire for
    // every term on the first tier's pages.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    write_files(
        site,
        &[
            ("site.yaml", "title: Unlinked\nglossary:\n  link: none\n"),
            (
                "content/glossary.yaml",
                "- id: enzyme\n  term: Enzyme\n  definition: A catalyst.\n- id: zebra\n  term: Zebra\n  definition: Never met.\n",
            ),
            ("content/a/_topic.yaml", "title: A\n"),
            (
                "content/a/fundamentals.md",
                "---\ntitle: A\n---\n\nAn enzyme at work.\n",
            ),
        ],
    );
    let out = strata(site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("explains it"), "{stderr}");
    // The other glossary checks still run.
    assert!(
        stderr.contains("warning: glossary term `Zebra` is never used"),
        "{stderr}"
    );
}

#[test]
fn tiers_are_configurable() {
    let (_tmp, out) = build_site(&fixtures().join("tiers/custom"), &[]);
    let page = read(&out.join("t/intro/index.html"));
    let doc = Html::parse_document(&page);
    let labels: Vec<String> = doc
        .select(&Selector::parse(".tier-switcher .tier-option").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(labels, ["Introduction", "Deep dive"]);
    assert!(out.join("deep-dive/index.html").is_file());
    assert!(!out.join("fundamentals").exists());
}

#[test]
fn help_documents_every_command_and_flag() {
    let out = strata(Path::new("."), &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["build", "check", "init", "--root"] {
        assert!(help.contains(word), "{help}");
    }
    let out = strata(Path::new("."), &["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["--output", "--base-url", "--drafts"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn bundled_guide_checks_clean_and_renders_both_tables_in_full() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = strata(root, &["check"]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the bundled guide must build without warnings:\n{stderr}"
    );
    let (_tmp, out) = build_site(root, &[]);
    let intermediate = read(&out.join("insulin-resistance/intermediate/index.html"));
    assert_eq!(
        count(&intermediate, "#table-exercise-modalities tbody tr"),
        3
    );
    let academic = read(&out.join("insulin-resistance/academic/index.html"));
    assert_eq!(count(&academic, "#table-factors tbody tr"), 4);
    for tier in ["fundamentals", "intermediate", "academic"] {
        let page = read(&out.join(format!("insulin-resistance/{tier}/index.html")));
        assert!(count(&page, ".cite-link") > 0, "{tier} cites its sources");
        assert!(count(&page, ".alert-tip") > 0, "{tier} has key takeaways");
    }
}

#[test]
fn check_follows_links_written_by_templates() {
    let site = fixtures().join("templates/broken-link");
    let out = strata(&site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `t/fundamentals/index.html` links to `/nowhere/`, which is not a file of the built site\n --> templates/tier.html:3:33"),
        "the error names the template and the line that writes the link: {stderr}"
    );
    let json = strata(&site, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(report["links_checked"].as_u64().unwrap() > 10);
}

#[test]
fn check_lists_external_links_without_fetching_them() {
    let json = strata(
        &fixtures().join("core/full"),
        &["check", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    let external: Vec<&str> = report["external_links"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        external,
        ["https://example.org", "https://example.org/smith"]
    );
}

#[test]
fn build_verify_builds_twice_and_compares() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = strata(
        &fixtures().join("core/full"),
        &["build", "--verify", "--output", out.to_str().unwrap()],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// A site of one topic `t` whose pages (and other files) are `files`, in a temp folder.
fn one_topic_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        tmp.path(),
        &[
            ("site.yaml", "title: Site\n"),
            ("content/t/_topic.yaml", "title: T\n"),
        ],
    );
    write_files(tmp.path(), files);
    tmp
}

/// Runs `command` on `site` and fails the test, with what it printed, unless it passes.
fn assert_passes(site: &Path, command: &str, why: &str) {
    let out = strata(site, &[command]);
    assert!(
        out.status.success(),
        "{command}: {why}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn files_with_spaces_in_their_names_link_escaped_or_in_angle_brackets() {
    let tmp = one_topic_site(&[
        (
            "content/t/fundamentals.md",
            "---\ntitle: F\n---\n\nThe [escaped](my%20notes.pdf) and the [bracketed](<my notes.pdf>) link.\n",
        ),
        ("content/t/my notes.pdf", "%PDF"),
    ]);
    assert_passes(tmp.path(), "check", "both links lead to the file");
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = read(&out.join("t/fundamentals/index.html"));
    assert_eq!(
        html.matches("href=\"/t/my%20notes.pdf\"").count(),
        2,
        "{html}"
    );
    assert_eq!(read(&out.join("t/my notes.pdf")), "%PDF");
}

#[test]
fn check_ignores_html_shown_as_text_and_code() {
    let tmp = one_topic_site(&[(
        "content/t/fundamentals.md",
        "---\ntitle: F\n---\n\nWrite `<img src=\"photo.png\" alt=\"\">` or say src=\"there\".\n\n    <a href=\"/nowhere/\">indented</a>\n\n```html\n<img src=\"y.png\" alt=\"\">\n```\n",
    )]);
    assert_passes(
        tmp.path(),
        "check",
        "a URL inside code or prose is not a link",
    );
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = read(&out.join("t/fundamentals/index.html"));
    assert!(html.contains("&lt;img src=\"photo.png\""), "{html}");
}

#[test]
fn check_reads_character_references_in_built_urls() {
    let tmp = one_topic_site(&[
        (
            "content/t/fundamentals.md",
            "---\ntitle: F\n---\n\nSee [the notes](it's%26that.pdf).\n",
        ),
        ("content/t/it's&that.pdf", "%PDF"),
    ]);
    assert_passes(tmp.path(), "check", "the page links an existing file");
    let (_out_tmp, out) = build_site(tmp.path(), &[]);
    let html = read(&out.join("t/fundamentals/index.html"));
    assert!(
        html.contains("href=\"/t/it&#x27;s&amp;that.pdf\""),
        "{html}"
    );
}

#[test]
fn check_follows_raw_html_as_browsers_read_it() {
    let tmp = one_topic_site(&[(
        "content/t/fundamentals.md",
        "---\ntitle: F\n---\n\n<span id='single'></span> <span id=bare></span> <a name=\"named\"></a>\n\n\
         [a](#single) [b](#bare) [c](#named)\n\n\
         <!-- <a href=\"/in-a-comment/\">x</a> -->\n\n\
         <script>var s = '<a href=\"/in-a-script/\">';</script>\n\n\
         <a href='/single-quoted-missing/'>broken</a>\n",
    )]);
    let checked = strata(tmp.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("link to `/single-quoted-missing/`, which is not a file of the built site\n  --> content/t/fundamentals.md:13:10"),
        "a single-quoted link is followed: {stderr}"
    );
    assert_eq!(
        stderr.matches("error:").count(),
        2,
        "ids in any quotes and <a name> are targets; comments and scripts hold no links: {stderr}"
    );
}

#[test]
fn a_percent_encoded_fragment_leads_to_its_decoded_id() {
    let tmp = one_topic_site(&[
        (
            "content/t/fundamentals.md",
            "---\ntitle: F\n---\n\n## Café {#café}\n\nBack to [it](#caf%C3%A9).\n",
        ),
        (
            "content/t/intermediate.md",
            "---\ntitle: I\n---\n\nSee [the café](fundamentals.md#caf%C3%A9) and [raw](fundamentals.md#café).\n",
        ),
    ]);
    for command in ["build", "check"] {
        assert_passes(
            tmp.path(),
            command,
            "both forms of the fragment lead to the heading",
        );
    }
}
