//! The built-in texts: English, which names every key, and the languages Strata
//! ships translations for, each a YAML file of `locales/` compiled into the binary and
//! read once per process.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{CATEGORIES, Text};

/// The files, by primary language subtag.
pub(super) const FILES: &[(&str, &str)] = &[
    ("en", include_str!("locales/en.yaml")),
    ("de", include_str!("locales/de.yaml")),
    ("es", include_str!("locales/es.yaml")),
    ("fr", include_str!("locales/fr.yaml")),
    ("it", include_str!("locales/it.yaml")),
    ("nl", include_str!("locales/nl.yaml")),
    ("pt", include_str!("locales/pt.yaml")),
];

/// The languages with built-in texts.
#[cfg(test)]
pub fn languages() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(language, _)| *language)
}

/// The keys the theme's script uses; its English texts are built into the script.
pub const SCRIPT_KEYS: &[&str] = &[
    "read_more_glossary",
    "site_nav",
    "glossary",
    "depth",
    "browse_glossary",
    "search",
    "search_label",
    "search_results",
    "search_all_depths",
    "search_other",
    "search_in",
    "search_too_short",
    "search_none",
    "search_none_at_depth",
    "search_none_short",
    "search_none_short_at_depth",
    "search_count",
    "search_count_best",
    "search_at_depth",
    "search_unavailable",
];

/// The key of an alert kind's label (`tip` → `alert_tip`).
pub fn alert_key(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "note" => "alert_note",
        "tip" => "alert_tip",
        "important" => "alert_important",
        "warning" => "alert_warning",
        "caution" => "alert_caution",
        _ => return None,
    })
}

type Table = Vec<(&'static str, Text)>;

/// Every key with its English text.
pub fn english() -> &'static Table {
    &tables()[0].1
}

/// The texts of `language` (a primary subtag, `de`), if Strata has them.
pub fn builtin(language: &str) -> Option<&'static Table> {
    tables()
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, table)| table)
}

fn tables() -> &'static [(&'static str, Table)] {
    static TABLES: OnceLock<Vec<(&'static str, Table)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let english = parse(FILES[0].1, None);
        let mut tables = Vec::with_capacity(FILES.len());
        for (language, text) in &FILES[1..] {
            tables.push((*language, parse(text, Some(&english))));
        }
        tables.insert(0, ("en", english));
        tables
    })
}

/// The texts of one built-in file. English's keys are made `'static` once; another
/// language's keys are looked up among English's, and a key English lacks is left out
/// (the unit tests check that there is none).
fn parse(text: &'static str, english: Option<&Table>) -> Table {
    let raw: BTreeMap<String, serde_json::Value> =
        crate::yaml::parse(text, std::path::Path::new("locales")).unwrap_or_default();
    raw.into_iter()
        .filter_map(|(key, value)| {
            let key: &'static str = match english {
                None => Box::leak(key.into_boxed_str()),
                Some(english) => english.iter().find(|(k, _)| *k == key)?.0,
            };
            Some((key, text_of(&value)?))
        })
        .collect()
}

/// A built-in text from its YAML value: a string, or a mapping of plural forms.
fn text_of(value: &serde_json::Value) -> Option<Text> {
    match value {
        serde_json::Value::String(text) => Some(Text::Plain(text.clone())),
        serde_json::Value::Object(forms) => Some(Text::Counted(
            CATEGORIES
                .iter()
                .filter_map(|c| Some((*c, forms.get(*c)?.as_str()?.to_string())))
                .collect(),
        )),
        _ => None,
    }
}
