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
            Some(value) => Some(value.as_i64().ok_or_else(|| {
                let name = value.name();
                let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                Error::message(format!(
                    "`\"{key}\" | t` takes a whole number as `count`, not {article} {name}"
                ))
            })?),
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
