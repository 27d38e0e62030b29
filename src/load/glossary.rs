//! `content/glossary.yaml`: the term registry, parsed and checked as a whole.
//!
//! Checks every entry before returning, so one run reports every duplicate id, alias
//! claimed twice, `see_also` to an unknown id, unknown tier and empty definition, each
//! at its line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::config::Tier;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{DefinitionPlace, Glossary, GlossaryEntry};
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    term: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    definition: Spanned<String>,
    #[serde(default)]
    tiers: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    link: bool,
}

fn yes() -> bool {
    true
}

/// Parses and validates the glossary text of `file`: every problem found, and the
/// entries that can still be read (`None` when the file cannot be read at all), so the
/// pages' `glossary:` links can be checked against the ids the file does have.
pub fn parse(text: &str, file: &Path, tiers: &[Tier]) -> (Option<Glossary>, Vec<Diagnostic>) {
    let raw: Vec<RawEntry> = match yaml::parse(text, file) {
        Ok(raw) => raw,
        Err(d) => return (salvage(text, tiers), vec![d]),
    };
    let mut errors = Vec::new();
    let err = |msg: String, node: &Spanned<String>, hint: &str| {
        yaml::point(Diagnostic::error(msg).in_file(file), text, node)
            .width(node.value.chars().count())
            .hint(hint.to_string())
    };
    let lines = LineIndex::new(text);
    let mut ids: HashMap<&str, &Spanned<String>> = HashMap::new();
    let mut names: HashMap<String, &str> = HashMap::new();
    for entry in &raw {
        let id = entry.id.value.as_str();
        if !crate::config::is_valid_id(id) {
            errors.push(err(
                format!("invalid glossary id `{id}`"),
                &entry.id,
                "ids become URL fragments: use lower-case letters, digits and `-`",
            ));
        }
        if crate::urls::LAYOUT_IDS.contains(&id) || id.starts_with("letter-") {
            errors.push(err(
                format!("glossary id `{id}` is used by the page layout"),
                &entry.id,
                "choose another id (it becomes the entry's anchor on the glossary page)",
            ));
        }
        if let Some(first) = ids.insert(id, &entry.id) {
            let (line, _) = yaml::place(&lines, first);
            errors.push(err(
                format!("glossary id `{id}` is used twice (first on line {line})"),
                &entry.id,
                "give each entry its own id",
            ));
        }
        if entry.term.value.trim().is_empty() {
            errors.push(err(
                "empty glossary term".into(),
                &entry.term,
                "write the term as readers see it",
            ));
        }
        if entry.definition.value.trim().is_empty() {
            errors.push(err(
                format!("glossary entry `{id}` has an empty definition"),
                &entry.definition,
                "write a one- or two-sentence definition",
            ));
        }
        for (tier, definition) in &entry.tiers {
            if !tiers.iter().any(|t| &t.id == tier) {
                let declared: Vec<_> = tiers.iter().map(|t| t.id.as_str()).collect();
                errors.push(err(
                    format!("glossary entry `{id}` has a definition for unknown tier `{tier}`"),
                    definition,
                    &format!("the site's tiers are: {}", declared.join(", ")),
                ));
            } else if definition.value.trim().is_empty() {
                errors.push(err(
                    format!("glossary entry `{id}` has an empty `{tier}` definition"),
                    definition,
                    "write the definition or remove the tier",
                ));
            }
        }
        for name in std::iter::once(&entry.term).chain(&entry.aliases) {
            let key = name.value.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            match names.get(&key) {
                Some(owner) if *owner != id => errors.push(err(
                    format!(
                        "`{}` is claimed by glossary entries `{owner}` and `{id}`",
                        name.value
                    ),
                    name,
                    "a term or alias may belong to one entry only; use `see_also` to connect them",
                )),
                _ => {
                    names.insert(key, id);
                }
            }
        }
    }
    for entry in &raw {
        for target in &entry.see_also {
            if !ids.contains_key(target.value.as_str()) {
                let hint = match crate::suggest::closest(&target.value, ids.keys().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name the id of an existing glossary entry".into(),
                };
                errors.push(err(
                    format!("`see_also` names unknown glossary id `{}`", target.value),
                    target,
                    &hint,
                ));
            }
        }
    }
    for entry in &raw {
        warn_raw_html(entry, text, file, &mut errors);
    }
    let entries = raw
        .into_iter()
        .map(|e| GlossaryEntry {
            line: yaml::place(&lines, &e.id).0,
            places: std::iter::once((None, &e.definition))
                .chain(e.tiers.iter().map(|(t, d)| (Some(t.clone()), d)))
                .map(|(tier, node)| definition_place(&lines, tier, node))
                .collect(),
            id: e.id.value,
            term: e.term.value.trim().to_string(),
            aliases: e
                .aliases
                .into_iter()
                .map(|a| a.value.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            definition: e.definition.value.trim().to_string(),
            tiers: e
                .tiers
                .into_iter()
                .map(|(k, v)| (k, v.value.trim().to_string()))
                .collect(),
            see_also: e.see_also.into_iter().map(|s| s.value).collect(),
            link: e.link,
        })
        .collect();
    (Some(consistent(entries, tiers)), errors)
}

/// A warning for each of `entry`'s definitions that holds raw HTML (shown as text),
/// at the first tag in glossary.yaml (`text`, the file `file`).
fn warn_raw_html(entry: &RawEntry, text: &str, file: &Path, errors: &mut Vec<Diagnostic>) {
    let definitions = std::iter::once((None, &entry.definition))
        .chain(entry.tiers.iter().map(|(t, d)| (Some(t), d)));
    for (tier, definition) in definitions {
        let Some(html) = first_raw_html(&definition.value) else {
            continue;
        };
        let which = tier.map_or(String::new(), |t| format!("`{t}` "));
        let warning = Diagnostic::warning(format!(
            "the {which}definition of glossary entry `{}` holds raw HTML, which is shown as text",
            entry.id.value
        ))
        .in_file(file);
        let written = yaml::written_range(text, definition);
        let at = text[written.clone()]
            .find(&html)
            .map(|at| written.start + at);
        let warning = match at {
            Some(offset) => warning.at_offset(text, offset).width(html.chars().count()),
            None => {
                yaml::point(warning, text, definition).width(first_line_width(&definition.value))
            }
        };
        errors.push(warning.hint("a definition is Markdown text (its tooltip holds no links or markup): write `*emphasis*`, `` `code` `` or `[a link](@/topic/page.md)`, or `&lt;` for a `<` meant as text"));
    }
}

/// True when the Markdown `definition` holds raw HTML (a tag or a comment), which a
/// definition shows as text.
fn first_raw_html(definition: &str) -> Option<String> {
    use pulldown_cmark::Event;
    if !definition.contains('<') {
        return None;
    }
    crate::markdown::events::parse(definition)
        .into_iter()
        .find_map(|(e, _)| match e {
            Event::Html(html) | Event::InlineHtml(html) => Some(html.trim_end().to_string()),
            _ => None,
        })
}

/// The width of a definition's first line, for a caret under it.
fn first_line_width(definition: &str) -> usize {
    definition.lines().next().map_or(1, |l| l.chars().count())
}

/// Where `node`, a definition, starts: inside its quotes when it is quoted, as
/// [`yaml::point`] points.
fn definition_place(
    lines: &LineIndex<'_>,
    tier: Option<String>,
    node: &Spanned<String>,
) -> DefinitionPlace {
    let (line, mut column) = yaml::place(lines, node);
    let first = lines
        .line(line)
        .and_then(|l| l.chars().nth(column.saturating_sub(1) as usize));
    if matches!(first, Some('"' | '\'')) {
        column += 1;
    }
    DefinitionPlace {
        tier,
        line,
        column,
        width: first_line_width(&node.value) as u32,
        written: yaml::written_range(lines.text(), node),
    }
}

/// The entries of a glossary file that the strict reading refused (a key of the wrong
/// type, an unknown key): every entry with an id, with what can be read of the rest.
fn salvage(text: &str, tiers: &[Tier]) -> Option<Glossary> {
    let values = yaml::parse_loose(text)?;
    let lines = LineIndex::new(text);
    let entries = values
        .iter()
        .filter_map(|node| {
            let get = |key: &str| node.value.get(key);
            let tiers = match get("tiers").map(|t| &t.value) {
                Some(serde_json::Value::Object(map)) => map
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.trim().to_string())))
                    .collect(),
                _ => BTreeMap::new(),
            };
            let line = yaml::place(&lines, node).0;
            Some(GlossaryEntry {
                line,
                places: vec![DefinitionPlace {
                    tier: None,
                    line,
                    column: 1,
                    width: 1,
                    written: 0..0,
                }],
                id: yaml::loose_text(text, get("id"))?,
                term: yaml::loose_text(text, get("term")).unwrap_or_default(),
                aliases: yaml::loose_list(get("aliases")),
                definition: yaml::loose_text(text, get("definition")).unwrap_or_default(),
                tiers,
                see_also: yaml::loose_list(get("see_also")),
                link: get("link").and_then(|l| l.value.as_bool()) != Some(false),
            })
        })
        .collect();
    Some(consistent(entries, tiers))
}

/// `entries` made safe to use although the file has errors (each already reported):
/// the first entry of an id wins, a name belongs to the first entry that claims it,
/// and `see_also` and tier definitions name only what exists.
fn consistent(entries: Vec<GlossaryEntry>, tiers: &[Tier]) -> Glossary {
    let mut ids = std::collections::HashSet::new();
    let mut entries: Vec<GlossaryEntry> = entries
        .into_iter()
        .filter(|e| ids.insert(e.id.clone()))
        .collect();
    let mut names = std::collections::HashSet::new();
    for entry in &mut entries {
        entry.aliases.retain(|a| !a.is_empty());
        if entry.term.is_empty() {
            entry.term = entry.id.clone();
            entry.link = false;
        } else if !names.insert(entry.term.to_lowercase()) {
            entry.link = false;
        }
        entry.aliases.retain(|a| names.insert(a.to_lowercase()));
        entry.see_also.retain(|s| ids.contains(s));
        entry
            .tiers
            .retain(|t, d| !d.is_empty() && tiers.iter().any(|x| &x.id == t));
    }
    Glossary::new(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_tiers;

    fn run(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
        match parse(text, Path::new("content/glossary.yaml"), &default_tiers()) {
            (Some(glossary), errors) if errors.is_empty() => Ok(glossary),
            (_, errors) => Err(errors),
        }
    }

    #[test]
    fn valid_glossary_loads_with_tier_definitions() {
        let g = run("- id: insulin\n  term: Insulin\n  definition: A hormone.\n  tiers:\n    academic: A peptide hormone.\n").unwrap();
        let e = g.get("insulin").unwrap();
        assert_eq!(e.definition_for(Some("academic")), "A peptide hormone.");
        assert_eq!(e.definition_for(Some("fundamentals")), "A hormone.");
    }

    #[test]
    fn every_problem_is_reported_in_one_run() {
        let text = "\
- id: a
  term: Alpha
  definition: ''
- id: a
  term: Beta
  aliases: [alpha]
  definition: B.
  see_also: [zeta]
";
        let errors = run(text).unwrap_err();
        let messages: Vec<_> = errors
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (3, "glossary entry `a` has an empty definition"),
                (4, "glossary id `a` is used twice (first on line 1)"),
                (8, "`see_also` names unknown glossary id `zeta`"),
            ]
        );
    }

    #[test]
    fn alias_claimed_twice_is_an_error() {
        let text = "- id: a\n  term: A\n  aliases: [shared]\n  definition: x\n- id: b\n  term: B\n  aliases: [Shared]\n  definition: y\n";
        let errors = run(text).unwrap_err();
        assert_eq!(
            errors[0].message,
            "`Shared` is claimed by glossary entries `a` and `b`"
        );
        assert_eq!((errors[0].line, errors[0].column), (7, 13));
    }
}
