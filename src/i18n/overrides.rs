//! The site's own texts, `strings:` in site.yaml, checked against the built-in
//! English: the key must exist, a placeholder must be one the key fills in, and a
//! counted text's forms must be plural categories with `other` among them. Each
//! problem is a diagnostic at the key or value it concerns; a form for a category the
//! language never uses is a warning, since it can never show.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{CATEGORIES, Strings, Text, locales, placeholders};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml::{self, Spanned};

/// `strings:` as written: key → a string or a mapping of plural forms.
pub type RawStrings = BTreeMap<String, Spanned<Value>>;

/// Where the keys are documented, for hints.
const DOCS: &str = "docs/content-format.md lists every key with its English text";

/// The texts of `raw` that are valid for `strings` (the built-in ones of the site's
/// language); each problem goes to `diagnostics`, and its text is left out.
pub fn check(
    raw: RawStrings,
    strings: &Strings,
    source: &str,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(&'static str, Text)> {
    if raw.is_empty() {
        return Vec::new();
    }
    let english = locales::english();
    let used = categories_used(strings);
    let mut own = Vec::new();
    for (key, node) in raw {
        let Some((key, reference)) = english.iter().find(|(k, _)| *k == key) else {
            let mut d = Diagnostic::error(format!("`strings` has no text `{key}`"));
            d = match crate::suggest::closest(&key, english.iter().map(|(k, _)| *k)) {
                Some(near) => d.hint(format!("did you mean `{near}`? {DOCS}")),
                None => d.hint(DOCS),
            };
            diagnostics.push(yaml::point_key(d.in_file(file), source, &key, &node));
            continue;
        };
        let at = |d: Diagnostic| yaml::point(d.in_file(file), source, &node);
        // At one form of a counted text: its key inside the mapping.
        let at_form = |d: Diagnostic, category: &str| {
            yaml::point_inner_key(d.in_file(file), source, category, &node)
        };
        let text = match &node.value {
            Value::String(text) => Text::Plain(text.clone()),
            Value::Object(forms) if matches!(reference, Text::Counted(_)) => {
                match counted(key, forms, &used, strings.language()) {
                    Ok((text, warnings)) => {
                        diagnostics.extend(warnings.into_iter().map(|(d, c)| at_form(d, c)));
                        text
                    }
                    Err(error) => {
                        diagnostics.push(match *error {
                            (d, Some(category)) => at_form(d, &category),
                            (d, None) => at(d),
                        });
                        continue;
                    }
                }
            }
            Value::Object(_) => {
                diagnostics.push(at(Diagnostic::error(format!(
                    "`{key}` is not counted, so it has no plural forms"
                ))
                .hint(format!("give it one text, such as `{key}: \"…\"`"))));
                continue;
            }
            other => {
                diagnostics.push(at(Diagnostic::error(format!(
                    "the text of `{key}` is {}, not a string",
                    describe(other)
                ))
                .hint(match reference {
                    Text::Counted(_) => format!(
                        "write a string, or a form per plural category: `{key}: {{ one: \"…\", other: \"…\" }}`"
                    ),
                    Text::Plain(_) => format!("write a string, such as `{key}: \"…\"`"),
                })));
                continue;
            }
        };
        // Each placeholder once, in the order the forms first use them.
        let mut allowed: Vec<&str> = Vec::new();
        for name in reference.forms().into_iter().flat_map(placeholders) {
            if !allowed.contains(&name) {
                allowed.push(name);
            }
        }
        let unknown: Vec<&str> = text
            .forms()
            .into_iter()
            .flat_map(placeholders)
            .filter(|name| !allowed.contains(name))
            .collect();
        if let Some(name) = unknown.first() {
            let filled = if allowed.is_empty() {
                format!("`{key}` fills in no placeholder")
            } else {
                let names: Vec<String> = allowed.iter().map(|n| format!("`{{{n}}}`")).collect();
                format!("`{key}` fills in {}", names.join(", "))
            };
            let error = Diagnostic::error(format!(
                "`{{{name}}}` in the text of `{key}` is not a placeholder it fills in"
            ))
            .hint(filled);
            // In a counted text, at the form that holds it.
            let form = match &text {
                Text::Counted(forms) => forms
                    .iter()
                    .find(|(_, f)| placeholders(f).contains(name))
                    .map(|(c, _)| *c),
                Text::Plain(_) => None,
            };
            diagnostics.push(match form {
                Some(category) => at_form(error, category),
                None => at(error),
            });
            continue;
        }
        own.push((*key, text));
    }
    own
}

/// An error in a counted text's forms, and the form it is about when it is one.
type FormError = Box<(Diagnostic, Option<String>)>;

/// A warning about one form of a counted text, and that form.
type FormWarning = (Diagnostic, &'static str);

/// A counted text from its forms, or the error in them; with a warning per form the
/// language never uses, and its form.
fn counted(
    key: &str,
    forms: &serde_json::Map<String, Value>,
    used: &[&'static str],
    language: &str,
) -> Result<(Text, Vec<FormWarning>), FormError> {
    let mut text = Vec::new();
    let mut warnings = Vec::new();
    for (category, form) in forms {
        let Some(category) = CATEGORIES.iter().find(|c| **c == category.as_str()) else {
            return Err(Box::new((
                Diagnostic::error(format!(
                    "`{key}` has a form `{category}`, which is not a plural category"
                ))
                .hint("the categories are `zero`, `one`, `two`, `few`, `many` and `other`"),
                Some(category.clone()),
            )));
        };
        let Value::String(form) = form else {
            return Err(Box::new((
                Diagnostic::error(format!(
                    "the `{category}` form of `{key}` is {}, not a string",
                    describe(form)
                )),
                Some(category.to_string()),
            )));
        };
        // `other` is required, and in some languages (Polish, Russian) it holds only
        // fractions, which no count here has: it is never reported as unused.
        if !used.contains(category) && *category != "other" {
            warnings.push((
                Diagnostic::warning(format!(
                    "the `{category}` form of `{key}` is never used: the language `{language}` has no such plural category"
                ))
                .hint(format!(
                    "the language's categories are {}",
                    used.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                *category,
            ));
        }
        text.push((*category, form.clone()));
    }
    if !text.iter().any(|(c, _)| *c == "other") {
        return Err(Box::new((
            Diagnostic::error(format!("`{key}` has no `other` form"))
                .hint("add `other:`, the form used for every count the other forms do not cover"),
            None,
        )));
    }
    Ok((Text::Counted(text), warnings))
}

/// The plural categories `strings`' language gives some count: those of 0 to 200
/// and of a million cover every integer rule of CLDR.
fn categories_used(strings: &Strings) -> Vec<&'static str> {
    let mut used: Vec<&'static str> = (0..=200)
        .chain([1_000_000])
        .map(|n| strings.category(n))
        .collect();
    used.sort_by_key(|c| CATEGORIES.iter().position(|k| k == c));
    used.dedup();
    used
}

/// How a YAML value that is not a string reads in a message.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
        Value::String(_) => "a string",
    }
}
