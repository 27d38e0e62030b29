//! `content/references.yaml`: the bibliography, keyed by id.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{Reference, References};
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    id: Spanned<String>,
    author: String,
    title: Spanned<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<Spanned<String>>,
}

/// Parses and validates the references text of `file`.
pub fn parse(text: &str, file: &Path) -> Result<References, Vec<Diagnostic>> {
    let raw: Vec<RawReference> = yaml::parse(text, file).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let lines = LineIndex::new(text);
    for r in &raw {
        let id = r.id.value.as_str();
        let at = |msg: String, node: &Spanned<String>, hint: &str| {
            yaml::point(Diagnostic::error(msg).in_file(file), text, node)
                .width(node.value.chars().count())
                .hint(hint.to_string())
        };
        if id.is_empty()
            || id.contains(|c: char| c.is_whitespace() || c == ';' || c == ']' || c == '@')
        {
            errors.push(at(
                format!("invalid reference id `{id}`"),
                &r.id,
                "use letters, digits, `-`, `_`, `.` or `:` (it is cited as `[@id]`)",
            ));
        }
        if let Some(line) = seen.insert(id, yaml::place(&lines, &r.id).0) {
            errors.push(at(
                format!("reference id `{id}` is used twice (first on line {line})"),
                &r.id,
                "give each reference its own id",
            ));
        }
        if r.title.value.trim().is_empty() {
            errors.push(at(
                format!("reference `{id}` has an empty title"),
                &r.title,
                "add the title",
            ));
        }
        if let Some(url) = &r.url
            && !(url.value.starts_with("https://")
                || url.value.starts_with("http://")
                || url.value.starts_with("doi:"))
        {
            errors.push(at(
                format!(
                    "reference `{id}` has a URL that is not http(s): `{}`",
                    url.value
                ),
                url,
                "use an `https://` address",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(References::new(
        raw.into_iter()
            .map(|r| Reference {
                id: r.id.value,
                author: r.author,
                title: r.title.value,
                publisher: r.publisher,
                date: r.date,
                url: r.url.map(|u| u.value),
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_urls_are_refused() {
        let errors = parse(
            "- id: x\n  author: A\n  title: T\n  url: \"javascript:alert(1)\"\n",
            Path::new("r.yaml"),
        )
        .unwrap_err();
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.contains("not http(s)"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let errors = parse(
            "- {id: x, author: A, title: T}\n- {id: x, author: B, title: U}\n",
            Path::new("r.yaml"),
        )
        .unwrap_err();
        assert_eq!(
            errors[0].message,
            "reference id `x` is used twice (first on line 1)"
        );
    }
}
