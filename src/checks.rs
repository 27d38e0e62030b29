//! Checks that need every page rendered: anchors of cross-links, and the glossary's
//! health (terms never used, terms used before the first tier introduces them,
//! definitions too long for a tooltip).
//!
//! They read the site and the Markdown stage's output and add diagnostics; they change
//! nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::markdown::citations::unknown_keys;
use crate::markdown::events::CITE_PREFIX;
use crate::markdown::links::{LinkTarget, LinkTargets, Unresolved, definition_href};
use crate::markdown::{Outline, TermUse};
use crate::model::{DefinitionPlace, DocId, Site};
use crate::render::Outlines;

/// Longest definition that still reads well in a tooltip (about 80 words).
pub const MAX_TOOLTIP_CHARS: usize = 525;

/// Every `#anchor` of a cross-link must exist on the target page.
pub fn check_anchors(site: &Site, docs: &Outlines, targets: &LinkTargets, diags: &mut Diagnostics) {
    // The ids of each linked page, and the hint for each broken anchor, worked out once.
    let mut ids_of: HashMap<DocId, HashSet<&str>> = HashMap::new();
    let mut hints: HashMap<(DocId, &str), String> = HashMap::new();
    for (id, source) in site.documents() {
        let Some(doc) = docs.get(id) else { continue };
        let mut broken = Vec::new();
        for link in &doc.links {
            let (Some(anchor), LinkTarget::Doc(target)) = (&link.anchor, link.target) else {
                continue;
            };
            let Some(target_doc) = docs.get(target) else {
                continue;
            };
            let known = ids_of.entry(target).or_insert_with(|| {
                target_doc
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .chain(target_doc.anchors.iter().map(String::as_str))
                    .chain(crate::urls::LAYOUT_IDS.iter().copied())
                    .chain(targets.layout_ids.iter().map(String::as_str))
                    .collect()
            });
            if known.contains(anchor.as_str()) {
                continue;
            }
            let page = site.document(target).map_or("", |d| d.source.as_str());
            let hint = hints
                .entry((target, anchor.as_str()))
                .or_insert_with(|| anchor_hint(target_doc, anchor));
            let d = Diagnostic::error(format!("`#{anchor}` is not a section of `{page}`"))
                .hint(hint.clone());
            broken.push((d, &link.range));
        }
        if broken.is_empty() {
            continue;
        }
        // A one-shot build has let go of the text: it is read again for the places.
        match source.body.text(&site.root, &source.path) {
            Ok(body) => {
                let lines = LineIndex::new(&body);
                for (d, range) in broken {
                    diags.push(crate::markdown::locate(source, &body, &lines, d, range));
                }
            }
            Err(changed) => diags.push(changed),
        }
    }
}

/// No glossary id may be an id the templates write (a custom theme's `sidebar`): on
/// the glossary page, the entry's anchor and the template's element would share it.
pub fn check_glossary_ids(site: &Site, targets: &LinkTargets, diags: &mut Diagnostics) {
    if targets.layout_ids.is_empty() {
        return;
    }
    let file = site.content_file("glossary.yaml");
    let file = Path::new(&file);
    let mut text: Option<String> = None;
    for entry in &site.glossary.entries {
        if !targets.layout_ids.contains(&entry.id) {
            continue;
        }
        let text = text.get_or_insert_with(|| {
            std::fs::read_to_string(site.root.join(file)).unwrap_or_default()
        });
        let column = text
            .lines()
            .nth(entry.line.saturating_sub(1) as usize)
            .and_then(|line| line.find(entry.id.as_str()))
            .map_or(1, |at| at as u32 + 1);
        diags.push(
            Diagnostic::error(format!(
                "glossary id `{}` is also an id the templates write",
                entry.id
            ))
            .in_file(file)
            .at(text, entry.line, column)
            .width(entry.id.chars().count())
            .hint("choose another id (it becomes the entry's anchor on the glossary page), or another id in the template"),
        );
    }
}

/// Every link in a glossary definition must lead somewhere: an error at the
/// definition in glossary.yaml for each that does not. The definitions are read once
/// per build, here and on the glossary page, never per page.
pub fn check_glossary_links(site: &Site, targets: &LinkTargets, diags: &mut Diagnostics) {
    use pulldown_cmark::{Event, Tag};
    let file = site.content_file("glossary.yaml");
    let file = Path::new(&file);
    // The file's text, for the snippets, read only when there is an error to show.
    let mut text: Option<String> = None;
    for entry in &site.glossary.entries {
        for place in &entry.places {
            let definition = entry.definition_for(place.tier.as_deref());
            if !definition.contains(['[', '<']) {
                continue;
            }
            // The URLs met so far, to find the right one of several written alike.
            let mut seen: Vec<String> = Vec::new();
            for (event, _) in crate::markdown::events::parse(definition) {
                let Event::Start(Tag::Link { dest_url, .. }) = event else {
                    continue;
                };
                let nth = seen.iter().filter(|u| **u == *dest_url).count();
                seen.push(dest_url.to_string());
                // What is wrong, and what to point at: a link's URL after its `(`
                // or `<`, a citation's first unknown key after its `@`.
                let (why, dest_url, after): (_, String, &[u8]) =
                    match dest_url.strip_prefix(CITE_PREFIX) {
                        Some(keys) => match unknown_citation(site, targets, keys) {
                            Some((why, key)) => (why, key, b"@"),
                            None => continue,
                        },
                        None => match definition_href(site, targets, &dest_url) {
                            Err(why) => (why, dest_url.to_string(), b"(<"),
                            Ok(_) => continue,
                        },
                    };
                let text = text.get_or_insert_with(|| {
                    std::fs::read_to_string(site.root.join(file)).unwrap_or_default()
                });
                let d = definition_error(&why.message, &entry.id, place, file);
                let d = match written_url(text, place, (&dest_url, after), nth) {
                    Some(offset) => d.at_offset(text, offset).width(dest_url.chars().count()),
                    None => d
                        .at(text, place.line, place.column)
                        .width(place.width as usize),
                };
                diags.push(d.hint(why.hint));
            }
        }
    }
}

/// A shortcode written in a glossary definition is shown as it is written (shortcodes
/// are expanded in pages only): a warning at the definition.
pub fn check_glossary_shortcodes(site: &Site, diags: &mut Diagnostics) {
    let file = site.content_file("glossary.yaml");
    let file = Path::new(&file);
    let mut text: Option<String> = None;
    for entry in &site.glossary.entries {
        for place in &entry.places {
            if !crate::markdown::shortcodes::has_call(entry.definition_for(place.tier.as_deref())) {
                continue;
            }
            let text = text.get_or_insert_with(|| {
                std::fs::read_to_string(site.root.join(file)).unwrap_or_default()
            });
            let which = place
                .tier
                .as_ref()
                .map_or(String::new(), |t| format!("`{t}` "));
            diags.push(
                Diagnostic::warning(format!(
                    "the {which}definition of glossary entry `{}` holds a shortcode, which is shown as written",
                    entry.id
                ))
                .in_file(file)
                .at(text, place.line, place.column)
                .width(place.width as usize)
                .hint("shortcodes are expanded in pages only; write the definition in words and Markdown"),
            );
        }
    }
}

/// A shortcode written in a cell of a `data/` table is shown as it is written: a
/// warning at each line of the table's file that holds one.
pub fn check_table_shortcodes(site: &Site, diags: &mut Diagnostics) {
    use crate::markdown::shortcodes::{first_call, has_call};
    for table in site.tables.values() {
        if !table.rows.iter().flatten().any(|cell| has_call(cell)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(site.root.join(&table.source)) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let Some(at) = first_call(line) else {
                continue;
            };
            let column = line[..at].chars().count() + 1;
            let width = line[at..]
                .find("}}")
                .map_or(2, |end| line[at..at + end + 2].chars().count());
            diags.push(
                Diagnostic::warning(format!(
                    "a shortcode in a cell of the table `{}` is shown as written",
                    table.name
                ))
                .in_file(Path::new(&table.source))
                .at(&text, n as u32 + 1, column as u32)
                .width(width)
                .hint("shortcodes are expanded in pages only; write the cell in words and Markdown, or build the table in the page"),
            );
        }
    }
}

/// A plural that the rules make of two entries' names (Italian `tassa` and `tasso`
/// both give `tassi`) links to the entry listed first: a warning at the other, since
/// the author may mean either. A form that is an entry's own name is not counted (a
/// name always wins over a generated form).
pub fn check_plural_collisions(site: &Site, diags: &mut Diagnostics) {
    use crate::markdown::glossary::plurals::{case_sensitive, plurals};
    let language = &site.config.language;
    let exact = case_sensitive(language);
    let key = |form: &str| {
        if exact || crate::markdown::glossary::is_acronym(form) {
            form.to_string()
        } else {
            form.to_lowercase()
        }
    };
    let entries = &site.glossary.entries;
    fn names(entry: &crate::model::GlossaryEntry) -> impl Iterator<Item = &String> {
        std::iter::once(&entry.term).chain(&entry.aliases)
    }
    let named: std::collections::HashSet<String> =
        entries.iter().flat_map(names).map(|n| key(n)).collect();
    let mut owner: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let file = site.content_file("glossary.yaml");
    for (i, entry) in entries.iter().enumerate() {
        for form in names(entry).flat_map(|name| plurals(name, language)) {
            let form_key = key(&form);
            if named.contains(&form_key) {
                continue;
            }
            let first = *owner.entry(form_key).or_insert(i);
            if first == i {
                continue;
            }
            let mut warning = Diagnostic::warning(format!(
                "`{form}` is the plural of glossary term `{}` and of `{}`, listed first, which it links to",
                entry.term, entries[first].term
            ))
            .in_file(Path::new(&file))
            .hint(format!(
                "add `{form}` to the `aliases` of the entry it should link to: an entry's own name wins over a plural"
            ));
            if entry.line > 0 {
                warning = warning.at("", entry.line, 1);
            }
            diags.push(warning);
        }
    }
}

/// An error about glossary entry `id`'s definition at `place` (the tier's own one, or
/// the general one), in glossary.yaml: `message` and which definition it is in.
fn definition_error(message: &str, id: &str, place: &DefinitionPlace, file: &Path) -> Diagnostic {
    let which = place
        .tier
        .as_ref()
        .map_or(String::new(), |t| format!("`{t}` "));
    Diagnostic::error(format!(
        "{message} in the {which}definition of glossary entry `{id}`"
    ))
    .in_file(file)
}

/// Every formula in a glossary definition must typeset: an error at the offending
/// part of the formula in glossary.yaml for each that does not (the tooltip and the
/// glossary page show its LaTeX as code meanwhile).
pub fn check_glossary_math(site: &Site, math: &crate::math::Math, diags: &mut Diagnostics) {
    use pulldown_cmark::Event;
    let file = site.content_file("glossary.yaml");
    let file = Path::new(&file);
    let mut text: Option<String> = None;
    for entry in &site.glossary.entries {
        for place in &entry.places {
            let definition = entry.definition_for(place.tier.as_deref());
            if !definition.contains('$') {
                continue;
            }
            let mut seen: Vec<String> = Vec::new();
            for (event, _) in crate::markdown::events::parse(definition) {
                let (Event::InlineMath(latex) | Event::DisplayMath(latex)) = event else {
                    continue;
                };
                let nth = seen.iter().filter(|l| **l == *latex).count();
                seen.push(latex.to_string());
                let Some(error) = math.yaml_formula_error(&latex) else {
                    continue;
                };
                let text = text.get_or_insert_with(|| {
                    std::fs::read_to_string(site.root.join(file)).unwrap_or_default()
                });
                let d = definition_error(&error.message(), &entry.id, place, file);
                // The offending part: the escape as written, or the place in the
                // formula the converter names.
                let at = match &error.written {
                    Some(written) => text
                        .get(place.written.clone())
                        .and_then(|w| w.find(written.as_str()))
                        .map(|at| (place.written.start + at, written.chars().count())),
                    None => written_url(text, place, (&latex, b"$"), nth)
                        .map(|at| (at + error.range.start, error.range.len().max(1))),
                };
                let d = match at {
                    Some((offset, width)) => d.at_offset(text, offset).width(width),
                    None => d
                        .at(text, place.line, place.column)
                        .width(place.width as usize),
                };
                diags.push(d.hint(error.hint));
            }
        }
    }
}

/// Why a citation of `keys` in a definition cites nothing, and the key it is about:
/// its first unknown key, with the nearest known one. `None` when every key is known,
/// or when references.yaml failed to load (reported where it is).
fn unknown_citation(
    site: &Site,
    targets: &LinkTargets,
    keys: &str,
) -> Option<(Unresolved, String)> {
    if targets.failed_to_load(&targets.references_file) {
        return None;
    }
    let cited = *unknown_keys(&site.references, keys).first()?;
    // A locator or the keys after a comma are not part of the key.
    let key = cited.split(',').next().unwrap_or(cited).trim();
    // `[@a, @b]`: keys written with a comma, as in a page.
    if let Some((_, rest)) = cited.split_once(',')
        && rest.trim_start().starts_with('@')
    {
        let keys: Vec<&str> = (cited.split(','))
            .map(|k| k.trim().trim_start_matches('@'))
            .collect();
        let why = Unresolved {
            message: "citation keys are separated by `;`, not `,`".into(),
            hint: format!("write `[@{}]`", keys.join("; @")),
        };
        return Some((why, key.to_string()));
    }
    let ids = site.references.entries.iter().map(|r| r.id.as_str());
    let why = Unresolved {
        message: format!("unknown citation key `@{key}`"),
        hint: match crate::suggest::closest(key, ids) {
            Some(near) => format!("did you mean `@{near}`?"),
            None => format!("add the entry to {}", site.references_file),
        },
    };
    Some((why, key.to_string()))
}

/// Where the `nth` (from 0) link to `url` of a definition is written in glossary.yaml
/// (`text`): the byte offset of the URL right after one of the bytes `after` (a
/// link's `(` or `<`, a citation key's `@`), found in the value's written range.
/// `None` when it is not written as parsed (an escape in it, a reference-style link),
/// so the error falls back to the start of the definition.
fn written_url(
    text: &str,
    place: &DefinitionPlace,
    (url, after): (&str, &[u8]),
    nth: usize,
) -> Option<usize> {
    let written = text.get(place.written.clone())?;
    if url.is_empty() {
        return None;
    }
    let (at, _) = written
        .match_indices(url)
        .filter(|&(at, _)| at > 0 && after.contains(&written.as_bytes()[at - 1]))
        .nth(nth)?;
    Some(place.written.start + at)
}

/// What to suggest for `anchor`, which is not a section of the page `target`.
pub fn anchor_hint(target: &Outline, anchor: &str) -> String {
    let ids = target.headings.iter().map(|h| h.id.as_str());
    let named = (target.headings.iter()).map(|h| (h.id.as_str(), vec![h.text.as_str()]));
    // The page's other ids (tables, equation labels) are places too.
    let others = target.anchors.iter().map(|a| (a.as_str(), Vec::new()));
    if let Some(near) = crate::suggest::closest_id(anchor, named.chain(others)) {
        return format!("did you mean `#{near}`?");
    }
    let first: Vec<&str> = ids.take(8).collect();
    match (first.is_empty(), target.anchors.is_empty()) {
        (false, _) => format!("its sections are: {}", first.join(", ")),
        (true, true) => "the page has no headings".into(),
        (true, false) => format!(
            "the page has no headings; its other ids are: {}",
            target
                .anchors
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Warnings about the glossary: unused terms, terms met on the first tier's reading
/// path before any page of it explains them, and definitions too long for a tooltip.
/// When some source could not be loaded (`incomplete`), the terms its pages use are
/// unknown, so no term is said to be unused.
pub fn check_glossary(
    site: &Site,
    terms: &FxHashMap<DocId, &[TermUse]>,
    incomplete: bool,
    diags: &mut Diagnostics,
) {
    let file = site.content_file("glossary.yaml");
    let file = Path::new(&file);
    let mut used = vec![false; site.glossary.entries.len()];
    for list in terms.values() {
        for term in list.iter() {
            used[term.entry()] = true;
        }
    }
    for (i, entry) in site.glossary.entries.iter().enumerate() {
        let at = |d: Diagnostic| {
            if entry.line > 0 {
                d.in_file(file).at("", entry.line, 1)
            } else {
                d.in_file(file)
            }
        };
        if !used[i] && !incomplete {
            let hint = if entry.link {
                "use the term in a page, add the alias readers meet, or remove the entry"
                    .to_string()
            } else {
                format!(
                    "no page names it or links it, and `link: false` keeps it from being linked automatically: link it where a page explains it, with `[text](glossary:{})`, or remove the entry",
                    entry.id
                )
            };
            diags.push(at(Diagnostic::warning(format!(
                "glossary term `{}` is never used",
                entry.term
            ))
            .hint(hint)));
        }
        let longest = std::iter::once(&entry.definition)
            .chain(entry.tiers.values())
            .map(|d| d.chars().count())
            .max()
            .unwrap_or(0);
        if longest > MAX_TOOLTIP_CHARS {
            diags.push(at(Diagnostic::warning(format!(
                "the definition of `{}` is {longest} characters; tooltips read best under {MAX_TOOLTIP_CHARS}",
                entry.term
            ))
            .hint("shorten it; the glossary page can hold a longer tier-specific definition")));
        }
    }
    // Along the first tier's reading path, a term should be explained (linked) on or
    // before the first page that uses it. A site that links no term (`glossary.link:
    // none`) explains its terms on the glossary page alone: nothing to warn about.
    if site.config.glossary_link == crate::config::LinkMode::None {
        return;
    }
    let Some(first_tier) = site.config.tiers.first() else {
        return;
    };
    let mut introduced = vec![false; site.glossary.entries.len()];
    for (t, topic) in site.topics.iter().enumerate() {
        let id = DocId::Tier { topic: t, tier: 0 };
        let (Some(list), Some(source)) = (terms.get(&id), topic.tiers[0].as_ref()) else {
            continue;
        };
        for term in list.iter() {
            // An entry the author keeps from automatic linking (`link: false`) is
            // theirs to link where they explain it.
            if !site.glossary.entries[term.entry()].link {
                continue;
            }
            if term.linked() {
                introduced[term.entry()] = true;
            } else if !introduced[term.entry()] {
                let entry = &site.glossary.entries[term.entry()];
                diags.push(
                    Diagnostic::warning(format!(
                        "`{}` is used on this {} page before any {} page explains it",
                        entry.term, first_tier.label, first_tier.label
                    ))
                    .in_file(Path::new(&source.source))
                    .hint("let the term be linked here (front matter `glossary: true`), or introduce it on an earlier page"),
                );
                introduced[term.entry()] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, value: &str) -> DefinitionPlace {
        let start = text.find(value).unwrap();
        DefinitionPlace {
            tier: None,
            line: 1,
            column: 1,
            width: 1,
            written: start..start + value.len(),
        }
    }

    #[test]
    fn a_definition_link_is_found_where_its_url_is_written() {
        let text = "- id: a\n  definition: see @/x/ in [one](@/x/) and [two](<@/x/>)\n";
        let at = place(text, "see @/x/ in [one](@/x/) and [two](<@/x/>)");
        // The mention in prose is not a link; the first link's URL is after `(`.
        let first = written_url(text, &at, ("@/x/", b"(<"), 0).unwrap();
        assert_eq!(&text[first - 1..first + 4], "(@/x/");
        let second = written_url(text, &at, ("@/x/", b"(<"), 1).unwrap();
        assert_eq!(&text[second - 1..second + 4], "<@/x/");
        assert_eq!(written_url(text, &at, ("@/x/", b"(<"), 2), None);
        // Written otherwise than parsed (or range unknown): no place.
        assert_eq!(written_url(text, &at, ("@/y/", b"(<"), 0), None);
        let unknown = DefinitionPlace {
            written: 0..0,
            ..at
        };
        assert_eq!(written_url(text, &unknown, ("@/x/", b"(<"), 0), None);
    }
}
