//! The templates' `t` function: `{{ t(key="on_this_page") }}` writes a text of the
//! site's language; `count=` chooses a counted text's plural form and fills in
//! `{count}`; every other argument fills in the placeholder of its name
//! (`t(key="read_depth", depth=tier.label)`). Where the template escapes (HTML and
//! XML), the text and the arguments are escaped, and the result is not escaped again.

use tera::{Error, Kwargs, State, TeraResult, Value};

use super::{Strings, fill_with, placeholders};

/// The `t` function of `strings`, for `Tera::register_function`.
pub fn template_function(strings: Strings) -> Translate {
    Translate(strings)
}

/// See the module documentation.
pub struct Translate(Strings);

impl tera::Function<TeraResult<String>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        let key: &str = kwargs.must_get("key")?;
        let strings = &self.0;
        if !strings.has(key) {
            let near =
                crate::suggest::closest(key, super::locales::english().iter().map(|(k, _)| *k));
            return Err(Error::message(match near {
                Some(near) => format!("`t` has no text `{key}`; did you mean `{near}`?"),
                None => format!("`t` has no text `{key}`; docs/content-format.md lists the keys"),
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
                    "`t(key=\"{key}\")` takes a whole number as `count`, not {article} {name}"
                ))
            })?),
        };
        let text = match count {
            Some(n) => strings.counted(key, n.unsigned_abs()),
            None => strings.text(key),
        };
        let mut args: Vec<(String, String)> = Vec::new();
        if let Some(n) = count {
            args.push(("count".to_string(), n.to_string()));
        }
        for name in placeholders(text) {
            if name == "count" && count.is_some() {
                continue;
            }
            let Some(value) = kwargs.get::<&Value>(name)? else {
                return Err(Error::message(format!(
                    "`t(key=\"{key}\")` needs `{name}=…`: its text fills in `{{{name}}}`"
                )));
            };
            args.push((name.to_string(), state.escape_if_needed(value)?));
        }
        Ok(fill_with(text, state.autoescaping_enabled(), |name| {
            args.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
