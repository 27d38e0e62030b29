//! `content/references.yaml`: the bibliography, keyed by id.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::frontmatter::{calendar_problem, parse_date};
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
    date: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
}

/// Parses and validates the references text of `file`: every problem found, and the
/// entries that can still be read (`None` when the file cannot be read at all), so
/// citations and topics' `references` can be checked against the ids the file has.
pub fn parse(text: &str, file: &Path) -> (Option<References>, Vec<Diagnostic>) {
    let raw: Vec<RawReference> = match yaml::parse(text, file) {
        Ok(raw) => raw,
        Err(d) => return (salvage(text), vec![d]),
    };
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
        if let Some(date) = &r.date
            && let Some(why) = date_problem(&date.value)
        {
            errors.push(at(
                format!("reference `{id}` has the date `{}`, {why}", date.value),
                date,
                "write the date as YYYY, YYYY-MM or YYYY-MM-DD (other text, such as `n.d.`, is shown as it is)",
            ));
        }
        if let Some(url) = &r.url
            && !is_web_address(&url.value)
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
    let entries = raw
        .into_iter()
        .map(|r| Reference {
            id: r.id.value,
            author: r.author,
            title: r.title.value,
            publisher: r.publisher,
            date: r.date.map(|d| d.value),
            url: r.url.map(|u| u.value),
        })
        .collect();
    (Some(consistent(entries)), errors)
}

/// What is wrong with a reference's date written in numbers and dashes (`2024-13-45`,
/// `2024-1-5`): it must be `YYYY-MM` or `YYYY-MM-DD` and a day that exists. Any other
/// text (`2024`, `n.d.`, `Spring 2024`) is the author's to write.
fn date_problem(date: &str) -> Option<String> {
    if !date.contains('-') || !date.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let full = if date.len() == 7 {
        format!("{date}-01")
    } else {
        date.to_string()
    };
    match parse_date(&full) {
        None => Some("which is not a date like 2024-03-15".to_string()),
        Some((year, month, day)) => {
            calendar_problem(year, month, day).map(|why| format!("which is not a real date: {why}"))
        }
    }
}

/// An address a reference may link to.
fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://") || url.starts_with("doi:")
}

/// The entries of a references file that the strict reading refused (a key of the
/// wrong type, an unknown key): every entry with an id, with what can be read of the
/// rest.
fn salvage(text: &str) -> Option<References> {
    let values = yaml::parse_loose(text)?;
    let entries = values
        .iter()
        .filter_map(|node| {
            let get = |key: &str| yaml::loose_text(text, node.value.get(key));
            Some(Reference {
                id: get("id")?,
                author: get("author").unwrap_or_default(),
                title: get("title").unwrap_or_default(),
                publisher: get("publisher"),
                date: get("date"),
                url: get("url"),
            })
        })
        .collect();
    Some(consistent(entries))
}

/// `entries` made safe to use although the file has errors (each already reported):
/// the first entry of an id wins, and a URL that may not be linked is left out.
fn consistent(entries: Vec<Reference>) -> References {
    let mut ids = std::collections::HashSet::new();
    References::new(
        entries
            .into_iter()
            .filter(|r| ids.insert(r.id.clone()))
            .map(|mut r| {
                r.url = r.url.filter(|u| is_web_address(u));
                r
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_dates_must_exist_and_other_text_is_free() {
        for (date, why) in [
            ("2024-13-45", "there is no month 13"),
            ("2023-02-29", "February 2023 has 28 days"),
            ("2024-00", "there is no month 0"),
            ("2024-1-5", "not a date like 2024-03-15"),
        ] {
            let text = format!("- id: x\n  author: A\n  title: T\n  date: {date}\n");
            let (_, errors) = parse(&text, Path::new("r.yaml"));
            assert_eq!(errors.len(), 1, "{date}");
            assert!(
                errors[0].message.contains(why),
                "{date}: {}",
                errors[0].message
            );
            assert_eq!((errors[0].line, errors[0].column), (4, 9));
        }
        for date in [
            "2024",
            "2024-02",
            "2024-02-29",
            "n.d.",
            "Spring 2024",
            "'2024'",
        ] {
            let text = format!("- id: x\n  author: A\n  title: T\n  date: {date}\n");
            assert_eq!(parse(&text, Path::new("r.yaml")).1, [], "{date}");
        }
    }

    #[test]
    fn javascript_urls_are_refused() {
        let (_, errors) = parse(
            "- id: x\n  author: A\n  title: T\n  url: \"javascript:alert(1)\"\n",
            Path::new("r.yaml"),
        );
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.contains("not http(s)"));
    }

    #[test]
    fn entries_of_a_refused_file_are_still_known_by_id() {
        let text = "- id: x\n  author: Null\n  title: T\n- id: y\n  author: B\n  title: U\n  url: \"www.e.org\"\n";
        let (salvaged, errors) = parse(text, Path::new("r.yaml"));
        assert_eq!(errors.len(), 1);
        let salvaged = salvaged.unwrap();
        assert!(salvaged.get("x").is_some() && salvaged.get("y").is_some());
        assert_eq!(salvaged.get("y").unwrap().url, None);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let (_, errors) = parse(
            "- {id: x, author: A, title: T}\n- {id: x, author: B, title: U}\n",
            Path::new("r.yaml"),
        );
        assert_eq!(
            errors[0].message,
            "reference id `x` is used twice (first on line 1)"
        );
    }
}
