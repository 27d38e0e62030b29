//! The words a reader sees that come from Strata and its default theme rather than
//! from the site's own content: "On this page", "See also:", a footnote's back-link,
//! the search box's messages. Each has a key (`on_this_page`). Its text is the site's
//! own, from `strings:` in site.yaml; else the built-in one of the site's `language`
//! ([`locales`]); else English. A text may hold `{name}` placeholders, filled in where
//! it is used; a counted text has a form per plural category of the language (the
//! CLDR rules of `intl_pluralrules`), chosen by its `{count}`.
//!
//! Templates read the texts through the `t` filter ([`template_filter`]); the
//! Markdown stage, the pager and the redirect pages through [`Strings::html`]; the
//! theme's script through [`Strings::script_overrides`], a JSON object that pages carry
//! only for the texts that differ from the English the script has built in.
//!
//! Site texts are checked when site.yaml is read ([`overrides`]): an unknown key, a
//! placeholder the key does not fill in, or a plural form the language cannot use is
//! an error at its line and column.

mod locales;
mod overrides;
mod template;

use std::sync::Arc;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

pub use overrides::{RawStrings, check as check_site_strings};
pub use template::template_filter;

/// The plural categories of CLDR, as texts name them.
pub const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// One text: a single one, or one per plural category (`other` always present).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Counted(Vec<(&'static str, String)>),
}

impl Text {
    /// The text used when no count chooses: the single one, or `other`.
    fn default_form(&self) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Counted(forms) => choose(forms, "other").map_or("", String::as_str),
        }
    }

    /// Every form, for checks.
    fn forms(&self) -> Vec<&str> {
        match self {
            Text::Plain(text) => vec![text.as_str()],
            Text::Counted(forms) => forms.iter().map(|(_, t)| t.as_str()).collect(),
        }
    }
}

/// The form of `forms` for plural `category`, else the `other` one.
fn choose<'a, T>(forms: &'a [(&'static str, T)], category: &str) -> Option<&'a T> {
    let find = |wanted: &str| forms.iter().find(|(c, _)| *c == wanted);
    find(category)
        .or_else(|| find("other"))
        .map(|(_, form)| form)
}

/// The texts of one site, in its language. Cheap to clone.
#[derive(Clone)]
pub struct Strings {
    inner: Arc<Inner>,
}

struct Inner {
    language: String,
    rules: Option<PluralRules>,
    /// Whether the language is written right to left.
    right_to_left: bool,
    texts: FxHashMap<&'static str, Text>,
    /// Every form of every text as HTML pieces, escaped and split once.
    compiled: FxHashMap<&'static str, Vec<(&'static str, Vec<Piece>)>>,
    /// Keys the site set itself, which a theme's labels do not replace.
    from_site: Vec<&'static str>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("language", &self.inner.language)
            .field("texts", &self.inner.texts.len())
            .finish()
    }
}

impl Default for Strings {
    fn default() -> Self {
        Self::for_language("en")
    }
}

impl Strings {
    /// The built-in texts for `language` (a BCP 47 tag; `de-CH` takes `de`'s), English
    /// where the language has none.
    pub fn for_language(language: &str) -> Self {
        let mut texts: FxHashMap<&'static str, Text> = locales::english()
            .iter()
            .map(|(key, text)| (*key, text.clone()))
            .collect();
        if let Some(own) = locales::builtin(&primary_subtag(language)) {
            for (key, text) in own {
                texts.insert(key, text.clone());
            }
        }
        Inner {
            language: language.to_string(),
            rules: plural_rules(language),
            right_to_left: is_right_to_left(language),
            texts,
            compiled: FxHashMap::default(),
            from_site: Vec::new(),
        }
        .finish()
    }

    /// These texts with the site's own replacing the built-in ones.
    pub fn with_site(&self, own: Vec<(&'static str, Text)>) -> Self {
        if own.is_empty() {
            return self.clone();
        }
        let mut inner = self.inner.as_ref().clone_inner();
        for (key, text) in own {
            inner.from_site.push(key);
            inner.texts.insert(key, text);
        }
        inner.finish()
    }

    /// These texts with a theme's alert labels (`tip: Key takeaway`, from its
    /// `theme.yaml`), except where the site set the label itself.
    pub fn with_theme_alerts(&self, labels: &std::collections::BTreeMap<String, String>) -> Self {
        if labels.is_empty() {
            return self.clone();
        }
        let mut inner = self.inner.as_ref().clone_inner();
        for (kind, label) in labels {
            let Some(key) = locales::alert_key(&kind.to_lowercase()) else {
                continue;
            };
            if !inner.from_site.contains(&key) {
                inner.texts.insert(key, Text::Plain(label.clone()));
            }
        }
        inner.finish()
    }

    /// The text of `key` without a count (a counted text's `other` form). An unknown
    /// key gives the key itself, so a missing text is visible rather than blank.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.inner.texts.get(key).map_or(key, Text::default_form)
    }

    /// The form of `key` for `count`, by the language's plural rules.
    pub fn counted<'a>(&'a self, key: &'a str, count: u64) -> &'a str {
        match self.inner.texts.get(key) {
            None => key,
            Some(Text::Plain(text)) => text,
            Some(Text::Counted(forms)) => {
                choose(forms, self.category(count)).map_or("", String::as_str)
            }
        }
    }

    /// Every text without placeholders or forms, escaped for HTML: what a template
    /// can be handed ready.
    pub fn plain_html(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        self.inner
            .texts
            .iter()
            .filter_map(|(key, text)| match text {
                Text::Plain(text) if next_placeholder(text).is_none() => {
                    Some((*key, crate::markdown::html::escape(text)))
                }
                _ => None,
            })
    }

    /// Whether the site's language is written right to left.
    /// The language tag these texts are for.
    pub fn language(&self) -> &str {
        &self.inner.language
    }

    pub fn right_to_left(&self) -> bool {
        self.inner.right_to_left
    }

    /// Whether `key` names a text.
    pub fn has(&self, key: &str) -> bool {
        self.inner.texts.contains_key(key)
    }

    /// The CLDR plural category of `count` in the site's language (`other` when the
    /// language has no rules).
    pub fn category(&self, count: u64) -> &'static str {
        let Some(rules) = &self.inner.rules else {
            return "other";
        };
        match rules.select(count) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }

    /// `key`'s text (the form for `count`, if given) as HTML: its own words escaped,
    /// each `{name}` replaced by the matching `args` value, which is HTML already
    /// (the caller escaped it), and `{count}` by the count.
    pub fn html(&self, key: &str, count: Option<u64>, args: &[(&str, &str)]) -> String {
        let Some(pieces) = self.pieces(key, count) else {
            return crate::markdown::html::escape(key);
        };
        let written = write_pieces(pieces, count, |name, out| {
            let value = args.iter().find(|(n, _)| *n == name);
            value.inspect(|(_, v)| out.push_str(v));
            Ok::<bool, std::convert::Infallible>(value.is_some())
        });
        written.unwrap_or_else(|never| match never {})
    }

    /// The HTML pieces of `key`'s form for `count` (its `other` form without one).
    pub fn pieces(&self, key: &str, count: Option<u64>) -> Option<&[Piece]> {
        let forms = self.inner.compiled.get(key)?;
        let category = count.map_or("other", |n| self.category(n));
        choose(forms, category)
            .or(forms.first().map(|(_, pieces)| pieces))
            .map(Vec::as_slice)
    }

    /// The date `iso` (`2026-03-01`, as front matter's `updated` is written) in the
    /// site's words: the `date` text with `{day}`, `{month}` (`month_1` …
    /// `month_12`) and `{year}` filled in, "1 March 2026" in English. Plain text, for
    /// a template to escape.
    pub fn date(&self, iso: &str) -> Option<String> {
        const MONTHS: [&str; 12] = [
            "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
            "month_9", "month_10", "month_11", "month_12",
        ];
        let (year, month, day) = crate::load::frontmatter::parse_date(iso)?;
        let month = self.text(MONTHS.get(usize::try_from(month).ok()?.checked_sub(1)?)?);
        // The first of a month is an ordinal in some languages ("1er mars", "1º de março").
        let day = if day == 1 {
            self.text("first_day").to_string()
        } else {
            day.to_string()
        };
        let year = year.to_string();
        Some(fill(self.text("date"), |name| match name {
            "day" => Some(day.as_str()),
            "month" => Some(month),
            "year" => Some(year.as_str()),
            _ => None,
        }))
    }

    /// `text` after its label, as the language writes a label before a colon
    /// (`label_colon`: "Reading path: Fundamentals", "Parcours de lecture : …"); not
    /// escaped.
    pub fn labelled(&self, label: &str, text: &str) -> String {
        let mut out = fill(self.text("label_colon"), |name| {
            (name == "label").then_some(label)
        });
        out.push(' ');
        out.push_str(text);
        out
    }

    /// The script's texts that differ from its built-in English, as a JSON object
    /// (`{"search": "Suche", "search_count": {"one": …, "other": …}}`) safe to put in
    /// a `<script>` element; empty when none differs.
    pub fn script_overrides(&self) -> String {
        let english = locales::english();
        let mut object = serde_json::Map::new();
        for key in locales::SCRIPT_KEYS {
            let Some(text) = self.inner.texts.get(key) else {
                continue;
            };
            if english.iter().any(|(k, t)| k == key && t == text) {
                continue;
            }
            let value = match text {
                Text::Plain(text) => serde_json::Value::String(text.clone()),
                Text::Counted(forms) => serde_json::Value::Object(
                    forms
                        .iter()
                        .map(|(c, t)| (c.to_string(), serde_json::Value::String(t.clone())))
                        .collect(),
                ),
            };
            object.insert(key.to_string(), value);
        }
        if object.is_empty() {
            return String::new();
        }
        serde_json::Value::Object(object)
            .to_string()
            .replace('<', "\\u003c")
    }
}

impl Inner {
    fn clone_inner(&self) -> Inner {
        Inner {
            language: self.language.clone(),
            rules: self.rules.clone(),
            right_to_left: self.right_to_left,
            texts: self.texts.clone(),
            compiled: FxHashMap::default(),
            from_site: self.from_site.clone(),
        }
    }

    /// The finished texts, every form split into HTML pieces.
    fn finish(mut self) -> Strings {
        self.compiled = self
            .texts
            .iter()
            .map(|(key, text)| {
                let forms = match text {
                    Text::Plain(text) => vec![("other", compile(text))],
                    Text::Counted(forms) => forms.iter().map(|(c, t)| (*c, compile(t))).collect(),
                };
                (*key, forms)
            })
            .collect();
        Strings {
            inner: Arc::new(self),
        }
    }
}

/// The first subtag of a language tag, lower-cased: `de` of `de-CH`.
pub fn primary_subtag(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether `language` is written right to left: a tag whose script subtag is one
/// of the right-to-left scripts (`az-Arab`), or, without one, a language usually
/// written in such a script (Arabic, Hebrew, Persian, Urdu …).
pub fn is_right_to_left(language: &str) -> bool {
    const SCRIPTS: &[&str] = &[
        "Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi",
    ];
    const LANGUAGES: &[&str] = &[
        "ar", "arc", "bal", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mid", "mzn", "nqo", "pnb",
        "ps", "rhg", "sd", "syr", "ug", "ur", "yi",
    ];
    let Some(tag) = tag(language) else {
        return false;
    };
    match tag.script {
        Some(script) => SCRIPTS.contains(&script.as_str()),
        None => LANGUAGES.contains(&tag.language.as_str()),
    }
}

/// `language` as the tag pages carry in `lang` (`de_at` → `de-AT`), or why it is
/// none: not a BCP 47 tag, or a language's English name (`german`), which the tag
/// syntax would take for an unregistered language of five to eight letters. The
/// error is a hint for the author.
pub fn canonical_language(language: &str) -> Result<String, String> {
    const CODES: &[(&str, &str)] = &[
        ("english", "en"),
        ("german", "de"),
        ("deutsch", "de"),
        ("french", "fr"),
        ("francais", "fr"),
        ("spanish", "es"),
        ("espanol", "es"),
        ("italian", "it"),
        ("italiano", "it"),
        ("dutch", "nl"),
        ("portuguese", "pt"),
        ("arabic", "ar"),
        ("hebrew", "he"),
        ("persian", "fa"),
        ("farsi", "fa"),
        ("urdu", "ur"),
        ("polish", "pl"),
        ("russian", "ru"),
        ("ukrainian", "uk"),
        ("chinese", "zh"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("turkish", "tr"),
        ("greek", "el"),
        ("swedish", "sv"),
        ("danish", "da"),
        ("norwegian", "nb"),
        ("finnish", "fi"),
        ("czech", "cs"),
        ("hindi", "hi"),
    ];
    let usual = "write a BCP 47 tag, such as `en`, `en-GB`, `de` or `pt-BR`";
    let Some(tag) = tag(language) else {
        return Err(usual.to_string());
    };
    if tag.language.as_str().len() > 3 {
        let name = tag.language.as_str().to_ascii_lowercase();
        return Err(match CODES.iter().find(|(n, _)| *n == name) {
            Some((_, code)) => format!(
                "a tag names a language by its code: `{code}` (the tag's form: `en`, `en-GB`, `de` or `pt-BR`)"
            ),
            None => format!("a tag names a language by its code of two or three letters; {usual}"),
        });
    }
    Ok(tag.to_string())
}

/// `language` parsed as a language tag (`_` is taken for `-`).
fn tag(language: &str) -> Option<LanguageIdentifier> {
    language.parse().ok()
}

/// The cardinal plural rules of `language`, or of its primary language.
fn plural_rules(language: &str) -> Option<PluralRules> {
    let tag = tag(language)?;
    PluralRules::create(tag.clone(), PluralRuleType::CARDINAL)
        .or_else(|_| {
            let primary: LanguageIdentifier = tag.language.as_str().parse().map_err(|_| "")?;
            PluralRules::create(primary, PluralRuleType::CARDINAL)
        })
        .ok()
}

/// A piece of a text as HTML: its own words, escaped, or a placeholder's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Slot(String),
}

/// `text` split at its placeholders, its words escaped.
fn compile(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some((before, name, after)) = next_placeholder(rest) {
        if !before.is_empty() {
            pieces.push(Piece::Text(crate::markdown::html::escape(before)));
        }
        pieces.push(Piece::Slot(name.to_string()));
        rest = after;
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(crate::markdown::html::escape(rest)));
    }
    pieces
}

/// HTML `pieces` written out: `{count}` is `count` when there is one, and every other
/// placeholder what `value` writes for it; one `value` does not know (it returns
/// `Ok(false)`) stays as written.
fn write_pieces<E>(
    pieces: &[Piece],
    count: Option<u64>,
    mut value: impl FnMut(&str, &mut String) -> Result<bool, E>,
) -> Result<String, E> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(name) => match count {
                Some(n) if name == "count" => out.push_str(&n.to_string()),
                _ => {
                    if !value(name, &mut out)? {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
            },
        }
    }
    Ok(out)
}

/// `text`, not escaped, with its placeholders replaced by what `lookup` gives for
/// them; a placeholder `lookup` does not know stays as written.
fn fill<'a>(text: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some((before, name, after)) = next_placeholder(rest) {
        out.push_str(before);
        match lookup(name) {
            Some(value) => out.push_str(value),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The first `{name}` of `text` (a name of lower-case letters, digits and `_`): the
/// text before it, the name, and the text after it.
pub fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let after = &text[open + 1..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        if len > 0 && after.as_bytes().get(len) == Some(&b'}') {
            return Some((&text[..open], &after[..len], &after[len + 1..]));
        }
        from = open + 1;
    }
    None
}

/// The placeholder names of `text`, in order, without repeats.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some((_, name, after)) = next_placeholder(rest) {
        if !names.contains(&name) {
            names.push(name);
        }
        rest = after;
    }
    names
}

#[cfg(test)]
mod tests;
