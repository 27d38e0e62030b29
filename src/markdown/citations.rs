//! Citations: `[@key]` and `[@a; @b]` become numbered links to the page's reference
//! list, each with a preview of the reference in an accessible tooltip; a locator
//! after a comma (`[@key, p. 4]`) is shown after the number: "[1, p. 4]".
//!
//! Numbers follow the order of first citation on the page. An unknown key is an error
//! with a "did you mean" hint.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::{CITE_PREFIX, Ev};
use super::html::escape;
use super::{MarkdownContext, PageState};
use crate::model::Reference;

/// Replaces citation links by numbered citations.
pub fn number<'a>(
    events: Vec<Ev<'a>>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
) -> Vec<Ev<'a>> {
    let cites = |e: &Ev<'_>| matches!(&e.0, Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE_PREFIX));
    if !events.iter().any(cites) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let keys = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                dest_url.strip_prefix(CITE_PREFIX).map(str::to_string)
            }
            _ => None,
        };
        let Some(keys) = keys else {
            out.push((event, range));
            continue;
        };
        for (e, _) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Link)) {
                break;
            }
        }
        let mut html = String::from("<span class=\"cite\">[");
        let mut first = true;
        let cited: Vec<(&str, Option<&str>)> = keys
            .split(';')
            .map(|k| with_locator(k.trim().trim_start_matches('@').trim(), ctx))
            .collect();
        // With a locator in the group, `;` keeps "[1, p. 4; 2]" readable.
        let separator = if cited.iter().any(|(_, l)| l.is_some()) {
            "; "
        } else {
            ", "
        };
        for (key, locator) in cited {
            let Some(&index) = ctx.site.references.by_id.get(key) else {
                if ctx.targets.failed_to_load(&ctx.targets.references_file)
                    || super::shortcodes::from_table(&range)
                {
                    continue;
                }
                if let Some(fixed) = comma_separated(key, ctx) {
                    state.error_at(
                        "citation keys are separated by `;`, not `,`",
                        format!("write `[{fixed}]`"),
                        &range,
                    );
                    continue;
                }
                let ids = ctx.site.references.entries.iter().map(|r| r.id.as_str());
                let hint = match crate::suggest::closest(key, ids) {
                    Some(near) => format!("did you mean `@{near}`?"),
                    None => "add the entry to content/references.yaml".to_string(),
                };
                state.error_at(format!("unknown citation key `@{key}`"), hint, &range);
                continue;
            };
            let number = match state.out.citations.iter().position(|&c| c == index) {
                Some(n) => n + 1,
                None => {
                    state.out.citations.push(index);
                    state.out.citations.len()
                }
            };
            if !first {
                html.push_str(separator);
            }
            first = false;
            let reference = &ctx.site.references.entries[index];
            let tip_id = format!("cite-tip-{}", state.next_id());
            html.push_str(&format!(
                "<span class=\"tip-wrap\"><a class=\"cite-link\" href=\"#ref-{key}\" aria-describedby=\"{tip}\">{number}</a><span class=\"tooltip\" role=\"tooltip\" id=\"{tip}\">{preview}</span></span>",
                key = escape(key),
                tip = escape(&tip_id),
                preview = preview(reference),
            ));
            if let Some(locator) = locator {
                html.push_str(", ");
                html.push_str(&escape(locator));
            }
        }
        html.push_str("]</span>");
        out.push((Event::Html(CowStr::from(html)), range));
    }
    out
}

/// A cited key and its locator: `smith-2020, p. 4` is the key `smith-2020` at "p. 4",
/// unless what follows the comma is another key (`@b`, or a known id), which is the
/// comma written for a `;` (see [`comma_separated`]).
fn with_locator<'k>(cited: &'k str, ctx: &MarkdownContext<'_>) -> (&'k str, Option<&'k str>) {
    if let Some((key, rest)) = cited.split_once(',') {
        let (key, locator) = (key.trim(), rest.trim());
        let another_key =
            locator.starts_with('@') || ctx.site.references.by_id.contains_key(locator);
        if !locator.is_empty() && !another_key && !key.contains(char::is_whitespace) {
            return (key, Some(locator));
        }
    }
    (cited, None)
}

/// `[@a, @b]` written for `[@a; @b]`: the keys joined by `; ` when `key` is keys
/// separated by commas (each marked `@` or each known).
fn comma_separated(key: &str, ctx: &MarkdownContext<'_>) -> Option<String> {
    let parts: Vec<&str> = key.split(',').map(str::trim).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let known = |p: &&str| {
        ctx.site
            .references
            .by_id
            .contains_key(p.trim_start_matches('@').trim())
    };
    let marked = parts[1..].iter().all(|p| p.starts_with('@'));
    (marked || parts.iter().all(known)).then(|| {
        parts
            .iter()
            .map(|p| format!("@{}", p.trim_start_matches('@').trim()))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// How a citation in a glossary definition reads (`keys` as in `[@a; @b, p. 4]`,
/// without the prefix): author and year of each reference, with its locator —
/// "(Cleveland Clinic, 2022; Smith, 2020, p. 4)". A definition is shown in tooltips
/// and on the glossary page, where there is no numbered reference list to point
/// into. `None` when a key is unknown (the build reports it).
pub fn author_year(references: &crate::model::References, keys: &str) -> Option<String> {
    let cited = cited_keys(references, keys)
        .map(|(key, locator)| {
            let r = &references.entries[*references.by_id.get(key)?];
            let mut label = r.author.trim_end_matches('.').to_string();
            if let Some(year) = r.date.as_deref().and_then(|d| d.get(..4)) {
                label.push_str(", ");
                label.push_str(year);
            }
            if let Some(locator) = locator.filter(|l| !l.is_empty()) {
                label.push_str(", ");
                label.push_str(locator);
            }
            Some(label)
        })
        .collect::<Option<Vec<String>>>()?;
    Some(format!("({})", cited.join("; ")))
}

/// Each citation of `keys` (`@a; @b, p. 4`, without the prefix) of a definition: its
/// key and its locator. What follows a known key's comma is
/// its locator unless it is a second key (`@b`); otherwise the whole is the key, so an
/// unknown key or `[@a, @b]` is reported as written.
fn cited_keys<'k>(
    references: &crate::model::References,
    keys: &'k str,
) -> impl Iterator<Item = (&'k str, Option<&'k str>)> {
    keys.split(';').map(move |cited| {
        let cited = cited.trim().trim_start_matches('@').trim();
        match cited.split_once(',') {
            Some((key, locator))
                if references.by_id.contains_key(key.trim())
                    && !locator.trim_start().starts_with('@') =>
            {
                (key.trim(), Some(locator.trim()))
            }
            _ => (cited, None),
        }
    })
}

/// Each key cited by `keys` (as in [`author_year`]) that names no reference.
pub fn unknown_keys<'k>(references: &crate::model::References, keys: &'k str) -> Vec<&'k str> {
    cited_keys(references, keys)
        .map(|(key, _)| key)
        .filter(|key| !references.by_id.contains_key(*key))
        .collect()
}

/// The one-line description of a reference shown in its tooltip and in reference lists.
pub fn preview(r: &Reference) -> String {
    let mut s = format!(
        "{}. <cite>{}</cite>",
        escape(r.author.trim_end_matches('.')),
        escape(&r.title)
    );
    if let Some(p) = &r.publisher {
        s.push_str(&format!(". {}", escape(p)));
    }
    if let Some(d) = &r.date {
        s.push_str(&format!(", {}", escape(d)));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use crate::model::{Reference, References};

    fn references() -> References {
        let r = |id: &str, author: &str, date: Option<&str>| Reference {
            id: id.into(),
            author: author.into(),
            title: "T".into(),
            publisher: None,
            date: date.map(Into::into),
            url: None,
        };
        References::new(vec![
            r("a-2020", "Ann A.", Some("2020-01-02")),
            r("b", "Bo", None),
        ])
    }

    #[test]
    fn a_definition_cites_by_author_and_year() {
        let refs = references();
        let label = |keys| super::author_year(&refs, keys);
        assert_eq!(label("@a-2020").as_deref(), Some("(Ann A, 2020)"));
        assert_eq!(
            label("@a-2020, p. 4; @b").as_deref(),
            Some("(Ann A, 2020, p. 4; Bo)")
        );
        assert_eq!(label("@b; @c"), None);
        assert_eq!(
            super::unknown_keys(&refs, "@b; @c, p. 2; @a-2020, x"),
            ["c, p. 2"]
        );
    }

    use crate::markdown::test_support::{render, site};

    fn cite(body: &str) -> (String, Vec<String>) {
        let (doc, diags) = render(&site("title: T\n", "fundamentals", body));
        let html = doc
            .html
            .find("<span class=\"cite\">")
            .map_or(String::new(), |start| {
                let end = start + doc.html[start..].find("]</span>").unwrap_or(0) + 8;
                doc.html[start..end].to_string()
            });
        (html, diags.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn a_locator_after_a_comma_follows_the_number() {
        let (html, messages) = cite("As shown [@smith-2020, p. 4; @lee-2022].\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert!(html.contains(">1</a>"), "{html}");
        assert!(
            html.contains("</span></span>, p. 4; <span class=\"tip-wrap\">"),
            "{html}"
        );
        assert!(html.ends_with(">2</a><span class=\"tooltip\" role=\"tooltip\" id=\"cite-tip-2\">K. Lee. <cite>Another</cite>.</span></span>]</span>"), "{html}");
        let (html, _) = cite("Two [@smith-2020; @lee-2022].\n");
        assert!(
            html.contains("</span></span>, <span class=\"tip-wrap\">"),
            "{html}"
        );
    }

    #[test]
    fn commas_between_keys_are_still_an_error() {
        let (_, messages) = cite("See [@smith-2020, @lee-2022] and [@nobody, p. 2].\n");
        assert_eq!(
            messages,
            [
                "citation keys are separated by `;`, not `,`",
                "unknown citation key `@nobody`"
            ]
        );
    }
}
