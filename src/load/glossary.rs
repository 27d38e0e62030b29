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
use crate::model::{Glossary, GlossaryEntry};
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

/// Parses and validates the glossary text of `file`.
pub fn parse(text: &str, file: &Path, tiers: &[Tier]) -> Result<Glossary, Vec<Diagnostic>> {
    let raw: Vec<RawEntry> = yaml::parse(text, file).map_err(|d| vec![d])?;
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
    if !errors.is_empty() {
        return Err(errors);
    }
    let entries = raw
        .into_iter()
        .map(|e| GlossaryEntry {
            line: yaml::place(&lines, &e.id).0,
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
    Ok(Glossary::new(entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_tiers;

    fn run(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
        parse(text, Path::new("content/glossary.yaml"), &default_tiers())
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
