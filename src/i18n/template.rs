//! The templates' `t` filter: `{{ "on_this_page" | t }}` writes a text of the site's
//! language; `count=` chooses a counted text's plural form and fills in `{count}`;
//! every other argument fills in the placeholder of its name
//! (`{{ "read_depth" | t(depth=tier.label) }}`). Where the template escapes (HTML and
//! XML), the text and the arguments are escaped, and the result is not escaped again.
//!
//! A filter rather than a function: a filter with no arguments costs Tera no map of
//! arguments, and a page asks for a dozen plain texts (a function call cost about
//! 3,500 instructions each, 4 % of a build).

use rustc_hash::FxHashMap;
use tera::{Error, Kwargs, State, TeraResult, Value};

use super::{Strings, fill, placeholders, write_pieces};

/// The `t` filter of `strings`, for `Tera::register_filter`.
pub fn template_filter(strings: Strings) -> Translate {
    let ready = strings
        .plain_html()
        .map(|(key, html)| (key, Value::safe_string(&html)))
        .collect();
    Translate(strings, ready)
}

/// See the module documentation. The texts without placeholders are kept as Tera
/// values, ready to hand out.
pub struct Translate(Strings, FxHashMap<&'static str, Value>);

impl<'a> tera::Filter<&'a str, TeraResult<Value>> for Translate {
    fn call(&self, key: &'a str, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let strings = &self.0;
        // The common call: a text with nothing to fill in, given nothing.
        if let Some(ready) = self.1.get(key)
            && state.autoescaping_enabled()
            && kwargs.iter().next().is_none()
        {
            return Ok(ready.clone());
        }
        if !strings.has(key) {
            let keys = super::locales::english().iter().map(|(k, _)| *k);
            return Err(Error::message(match crate::suggest::closest(key, keys) {
                Some(near) => format!("`t` has no text `{key}`; did you mean `{near}`?"),
                None => format!("`t` has no text `{key}`"),
            }));
        }
        let count = match kwargs.get::<&Value>("count")? {
            None => None,
            Some(value) => match value.as_i64() {
                Some(n) if n >= 0 => Some(n),
                Some(n) => {
                    return Err(Error::message(format!(
                        "`\"{key}\" | t` counts things: `count` cannot be negative ({n})"
                    )));
                }
                None => {
                    return Err(Error::message(format!(
                        "`\"{key}\" | t` takes a whole number as `count`, not {}",
                        kind_of(value.name())
                    )));
                }
            },
        };
        if !state.autoescaping_enabled() {
            return self.plain(key, count, &kwargs, state).map(Value::from);
        }
        let pieces = strings
            .pieces(key, count.map(i64::unsigned_abs))
            .unwrap_or_default();
        let html = write_pieces(pieces, count.map(i64::unsigned_abs), |name, out| {
            out.push_str(&argument(key, name, &kwargs, state)?);
            Ok::<bool, Error>(true)
        })?;
        Ok(Value::from(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Translate {
    /// The text as it is, its arguments unescaped, for a template that does not
    /// escape (neither HTML nor XML).
    fn plain(
        &self,
        key: &str,
        count: Option<i64>,
        kwargs: &Kwargs,
        state: &State,
    ) -> TeraResult<String> {
        let text = match count {
            Some(n) => self.0.counted(key, n.unsigned_abs()),
            None => self.0.text(key),
        };
        let mut args: Vec<(&str, String)> = Vec::new();
        if let Some(n) = count {
            args.push(("count", n.to_string()));
        }
        for name in placeholders(text) {
            if name != "count" || count.is_none() {
                args.push((name, argument(key, name, kwargs, state)?));
            }
        }
        Ok(fill(text, |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        }))
    }
}

/// The value given for placeholder `name` of text `key`, escaped where the template
/// escapes.
fn argument(key: &str, name: &str, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    match kwargs.get::<&Value>(name)? {
        Some(value) => state.escape_if_needed(value),
        None => Err(Error::message(format!(
            "`\"{key}\" | t` needs `{name}=…`: its text fills in `{{{name}}}`"
        ))),
    }
}

/// What a value of Tera's type `name` is, in an author's words.
fn kind_of(name: &str) -> &'static str {
    match name {
        "f64" => "a number with a fraction",
        "u64" | "u128" | "i128" => "a number too large",
        "undefined" => "a value that is not defined (a misspelt name?)",
        "none" => "an empty value",
        "bool" => "true or false",
        "string" => "text",
        "array" => "a list",
        "map/struct" => "a map of values",
        _ => "a value of another kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `source` with the `t` filter of `language`, or the error's message.
    fn render(language: &str, source: &str) -> Result<String, String> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("t", template_filter(Strings::for_language(language)));
        tera.add_raw_template("t.html", source).unwrap();
        tera.render("t.html", &tera::Context::new()).map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                message = inner.to_string();
                source = inner.source();
            }
            message
        })
    }

    #[test]
    fn counts_choose_forms_and_bad_counts_are_named_in_an_authors_words() {
        assert_eq!(
            render(
                "de",
                r#"{{ "words" | t(count=1) }}, {{ "words" | t(count=5) }}"#
            )
            .unwrap(),
            "1 Wort, 5 Wörter"
        );
        for (count, said) in [
            ("2.5", "not a number with a fraction"),
            ("pgae", "not a value that is not defined (a misspelt name?)"),
            ("\"five\"", "not text"),
            ("[1]", "not a list"),
            ("true", "not true or false"),
        ] {
            let error =
                render("en", &format!("{{{{ \"words\" | t(count={count}) }}}}")).unwrap_err();
            assert!(
                error.lines().next().unwrap().ends_with(said),
                "count={count}: {error}"
            );
        }
        let negative = render("en", r#"{{ "words" | t(count=-2) }}"#).unwrap_err();
        assert!(
            negative
                .lines()
                .next()
                .unwrap()
                .ends_with("`count` cannot be negative (-2)"),
            "{negative}"
        );
    }
}
