//! A fast path for the commonest YAML Strata reads: a flat mapping of simple scalars,
//! such as a page's front matter (`title: "…"`, `weight: 3`, `draft: true`) or a
//! topic file. A site of 10,000 pages has 13,000 of them, and the general parser spends
//! more time setting up than reading four lines.
//!
//! Only text whose meaning is beyond doubt takes this path: one `key: value` per line,
//! no indentation, comments, blank lines or repeated keys, and values that are a
//! double- or single-quoted string without escapes, an integer without leading zeros,
//! `true`/`false`, a plain string of letters, digits and common punctuation that
//! starts with a letter and is none of YAML's special words, or a one-line flow
//! sequence of such strings (`references: [yale-2024, "Kandola 2023"]`). Anything else, and any
//! value the target type does not accept, returns `None`, and the caller runs the
//! general parser, which also produces the diagnostics. A property test checks that
//! the two agree wherever this path answers.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};

/// One value of the mapping.
#[derive(Debug, Clone, PartialEq)]
enum Scalar<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
    /// A flow sequence of strings.
    Seq(Vec<Scalar<'a>>),
}

/// `text` as `T`, when it is a flat mapping this path reads; `None` otherwise.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut entries: Vec<(&str, Scalar<'_>)> = Vec::with_capacity(8);
    for line in text.lines() {
        let (key, value) = line.split_once(": ")?;
        if !is_key(key) || entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        entries.push((key, scalar(value)?));
    }
    if entries.is_empty() {
        return None;
    }
    T::deserialize(MapDeserializer::<_, Error>::new(entries.into_iter())).ok()
}

fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn scalar(value: &str) -> Option<Scalar<'_>> {
    let bytes = value.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    if bytes.len() >= 2 && first == b'"' && last == b'"' {
        let inner = &value[1..value.len() - 1];
        return (!inner.contains(['"', '\\']) && !inner.chars().any(char::is_control))
            .then_some(Scalar::Str(inner));
    }
    if bytes.len() >= 2 && first == b'\'' && last == b'\'' {
        let inner = &value[1..value.len() - 1];
        return (!inner.contains('\'') && !inner.chars().any(char::is_control))
            .then_some(Scalar::Str(inner));
    }
    if first == b'[' && last == b']' {
        return sequence(&value[1..value.len() - 1]);
    }
    match value {
        "true" => return Some(Scalar::Bool(true)),
        "false" => return Some(Scalar::Bool(false)),
        _ => {}
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let leading_zero = digits.len() > 1 && digits.starts_with('0');
        return (!leading_zero && digits.len() <= 18)
            .then(|| value.parse().ok().map(Scalar::Int))
            .flatten();
    }
    plain(value).then_some(Scalar::Str(value))
}

/// The items of a one-line flow sequence (between its brackets): strings only, none
/// holding a comma, a bracket or a brace.
fn sequence(inner: &str) -> Option<Scalar<'_>> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Scalar::Seq(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            if item.contains(['[', ']', '{', '}']) {
                return None;
            }
            match scalar(item)? {
                Scalar::Str(s) => Some(Scalar::Str(s)),
                _ => None,
            }
        })
        .collect::<Option<Vec<_>>>()
        .map(Scalar::Seq)
}

/// A plain scalar that can only be a string.
fn plain(value: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan", "infinity",
    ];
    value.as_bytes()[0].is_ascii_alphabetic()
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b',' | b'.' | b'(' | b')' | b'-' | b'\'' | b'?' | b'!' | b';' | b'/'
                )
        })
        && !SPECIAL.contains(&value.to_ascii_lowercase().as_str())
}

impl<'de> IntoDeserializer<'de, Error> for Scalar<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Scalar<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Scalar::Str(s) => visitor.visit_borrowed_str(s),
            Scalar::Int(n) => visitor.visit_i64(n),
            Scalar::Bool(b) => visitor.visit_bool(b),
            Scalar::Seq(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Probe {
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        draft: Option<bool>,
        #[serde(default)]
        references: Option<Vec<String>>,
    }

    #[test]
    fn reads_the_common_front_matter() {
        let p: Probe = parse("title: \"A: b # c\"\nweight: -3\ndraft: true").unwrap();
        assert_eq!(
            p,
            Probe {
                title: Some("A: b # c".into()),
                weight: Some(-3),
                draft: Some(true),
                references: None,
            }
        );
        let p: Probe = parse("title: Plain words, here.").unwrap();
        assert_eq!(p.title.as_deref(), Some("Plain words, here."));
    }

    #[test]
    fn leaves_anything_unusual_to_the_general_parser() {
        for text in [
            "title: \"esc\\\"aped\"",
            "title: yes",
            "title: 2024",
            "weight: 007",
            "weight: 1.5",
            "draft: True",
            "title: a\ntitle: b",
            "title: a # comment",
            "  title: a",
            "title: a\n\nweight: 1",
            "unknown: x",
            "title:",
            "title: &anchor a",
            "title: [a]",
            "references: [a, [b]]",
            "references: [\"a, b\"]",
            "references: [a, , b]",
            "references: [a, 1]",
            "references: [a,\n  b]",
            "",
        ] {
            assert_eq!(parse::<Probe>(text), None, "{text:?}");
        }
    }

    #[test]
    fn reads_one_line_flow_sequences_of_strings() {
        let p: Probe = parse("references: [yale-2024, \"Kandola 2023\", 'ucla']").unwrap();
        assert_eq!(p.references.unwrap(), ["yale-2024", "Kandola 2023", "ucla"]);
        let p: Probe = parse("references: [ ]").unwrap();
        assert_eq!(p.references.unwrap(), Vec::<String>::new());
    }

    #[test]
    fn spanned_values_need_the_general_parser() {
        // A `Spanned` value carries its place, which only the general parser knows.
        #[derive(Debug, Deserialize)]
        struct WithPlace {
            #[allow(dead_code)]
            updated: Option<crate::yaml::Spanned<String>>,
        }
        assert!(parse::<WithPlace>("updated: \"Tuesday\"").is_none());
    }

    proptest::proptest! {
        /// Wherever the fast path answers, serde-saphyr gives the same value.
        #[test]
        fn agrees_with_the_general_parser(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["title", "weight", "draft", "references", "other"]),
                    proptest::string::string_regex(
                        "\"[a-z :#'\\\\]{0,6}\"|'[a-z :#\"]{0,6}'|-?[0-9]{1,4}|true|false|True|[A-Za-z][a-zA-Z0-9 ,.:#'()?-]{0,8}|yes|null|~|\\[[a-z]{1,3}(, [a-z]{1,3}){0,2}\\]"
                    ).unwrap(),
                ),
                1..4,
            )
        ) {
            let text: Vec<String> = lines.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let text = text.join("\n");
            if let Some(fast) = parse::<Probe>(&text) {
                let general: Probe = serde_saphyr::from_str(&text)
                    .unwrap_or_else(|e| panic!("{text:?}: the general parser refused it: {e}"));
                proptest::prop_assert_eq!(fast, general, "{:?}", text);
            }
        }

        /// The same for one-line flow sequences, valid items and odd ones mixed.
        #[test]
        fn agrees_on_flow_sequences(
            value in proptest::string::string_regex(
                "\\[ ?(([a-zA-Z][a-z0-9 .:#'-]{0,4}|\"[a-z ,:]{0,3}\"|'[a-z ,]{0,3}'|[0-9]|yes|\\[a\\]|)( ?, ?([a-z][a-z0-9 -]{0,4}|\"[a-z ,]{0,3}\"|'[a-z]{0,2}'|true|)){0,3})? ?\\]"
            ).unwrap()
        ) {
            let text = format!("references: {value}");
            if let Some(fast) = parse::<Probe>(&text) {
                let general: Probe = serde_saphyr::from_str(&text)
                    .unwrap_or_else(|e| panic!("{text:?}: the general parser refused it: {e}"));
                proptest::prop_assert_eq!(fast, general, "{:?}", text);
            }
        }
    }
}
