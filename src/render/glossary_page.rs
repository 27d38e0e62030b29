//! The glossary page: every entry in alphabetical order under its letter, with its
//! definitions per tier, its "see also" entries and the pages that use it (from
//! [`TermUses`]). It renders last, once every page has reported its terms.

use rayon::prelude::*;
use tera::Context;

use super::crossref::{TermUses, UsageSlot};
use super::pages::doc_link;
use super::views::*;
use super::{Outlines, OutputFile, Templates};
use crate::diagnostic::Diagnostic;
use crate::markdown::inline_html_with;
use crate::markdown::links::{LinkTargets, definition_href};
use crate::model::Site;
use crate::urls::PagePath;

/// The template of the glossary page.
pub const TEMPLATE: &str = "glossary.html";

fn glossary_view(
    site: &Site,
    outlines: &Outlines,
    uses: &TermUses,
    path: &PagePath,
) -> GlossaryView {
    let glossary = &site.glossary;
    let mut order: Vec<usize> = (0..glossary.entries.len()).collect();
    order.sort_by_key(|&i| {
        (
            glossary.entries[i].term.to_lowercase(),
            glossary.entries[i].id.clone(),
        )
    });
    // Letters first, in order (an entry opens a group when its letter differs from
    // the one before); then the entries, in parallel.
    let mut letters: Vec<String> = Vec::new();
    let heads: Vec<(usize, String, bool)> = order
        .into_iter()
        .map(|i| {
            let letter = index_letter(&glossary.entries[i].term);
            let letter_start = letters.last() != Some(&letter);
            if letter_start {
                letters.push(letter.clone());
            }
            (i, letter, letter_start)
        })
        .collect();
    // What the definitions' links may lead to, indexed only when some definition
    // has a link.
    let targets = std::sync::OnceLock::new();
    let href = |url: &str| {
        let targets = targets.get_or_init(|| LinkTargets::new(site));
        definition_href(site, targets, url).ok().flatten()
    };
    let entries = heads
        .into_par_iter()
        .map(|(i, letter, letter_start)| {
            let view = glossary_entry_view(site, outlines, uses, &href, i, letter, letter_start);
            tera::Value::from_serializable(&view)
        })
        .collect();
    GlossaryView {
        url: site.config.base_url.url(path.as_str()),
        letters: letters.into_iter().filter(|l| l != "#").collect(),
        entries,
    }
}

/// The letter a term is listed under: its first letter in capitals, `#` for a digit or
/// a sign.
fn index_letter(term: &str) -> String {
    let letter = term
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    if letter.chars().all(char::is_alphabetic) {
        letter
    } else {
        "#".to_string()
    }
}

fn glossary_entry_view<'a>(
    site: &'a Site,
    outlines: &Outlines,
    uses: &TermUses,
    href: &(dyn Fn(&str) -> Option<String> + Sync),
    i: usize,
    letter: String,
    letter_start: bool,
) -> GlossaryEntryView<'a> {
    let glossary = &site.glossary;
    let e = &glossary.entries[i];
    GlossaryEntryView {
        id: &e.id,
        term: &e.term,
        aliases: &e.aliases,
        letter,
        letter_start,
        definition: inline_html_with(&e.definition, href, Some(site)),
        tier_definitions: site
            .config
            .tiers
            .iter()
            .filter_map(|t| {
                e.tiers.get(&t.id).map(|d| TierDefinition {
                    label: &t.label,
                    html: inline_html_with(d, href, Some(site)),
                })
            })
            .collect(),
        see_also: e
            .see_also
            .iter()
            .filter_map(|id| glossary.get(id))
            .map(|s| SeeAlso {
                id: &s.id,
                term: &s.term,
            })
            .collect(),
        used_in: usage_groups(site, outlines, uses.of(i)),
    }
}

/// Uses grouped by tier (then untiered pages), one link per page to its first use.
fn usage_groups<'a>(
    site: &'a Site,
    outlines: &Outlines,
    slots: &[UsageSlot],
) -> Vec<UsageGroup<'a>> {
    let tiers = &site.config.tiers;
    slots
        .iter()
        .enumerate()
        .filter(|(_, slot)| !slot.shown.is_empty())
        .map(|(i, slot)| UsageGroup {
            label: tiers
                .get(i)
                .map_or(site.config.strings.text("other_pages"), |t| {
                    t.label.as_str()
                }),
            uses: slot
                .shown
                .iter()
                .map(|&(id, section)| {
                    let mut link = doc_link(site, id);
                    let heading = section.and_then(|i| outlines.get(id)?.headings.get(i as usize));
                    if let Some(heading) = heading {
                        link.url = format!("{}#{}", link.url, heading.id);
                    }
                    link
                })
                .collect(),
            more: slot.more,
        })
        .collect()
}

/// Renders the glossary page, once every page has reported the terms it uses.
pub fn render_glossary(
    site: &Site,
    outlines: &Outlines,
    uses: &TermUses,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let base = &site.config.base_url;
    let path = site.glossary_path();
    let mut ctx = Context::new();
    ctx.insert("page", &glossary_view(site, outlines, uses, &path));
    ctx.insert("current_url", &base.url(path.as_str()));
    ctx.insert(
        "translations",
        &super::pages::translation_links(site, &path),
    );
    ctx.insert("has_code", &false);
    ctx.insert("description", super::pages::description(site, ""));
    let canonical = if base.origin().is_empty() {
        String::new()
    } else {
        base.absolute(path.as_str())
    };
    ctx.insert("canonical", &canonical);
    let html = templates.render(TEMPLATE, &ctx, 256 * 1024)?;
    Ok(OutputFile::bytes(path.output_file(), html))
}
