//! Tera templates: the theme's, overridden by name by the site's own.
//!
//! Theme templates are also registered under `theme/<name>`, so a site template can
//! `{% extends "theme/tier.html" %}` and change one block. Syntax and runtime errors of
//! Tera become [`Diagnostic`]s at the template's own file, line and column.

use std::collections::HashMap;
use std::path::Path;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::theme::{TemplateSource, Theme};

/// The compiled templates and where each came from.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// Template name → (path shown to the user, source text).
    sources: HashMap<String, (String, String)>,
}

/// The pages every theme must provide.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "topic.html",
    "tier.html",
    "tier_index.html",
    "page.html",
    "glossary.html",
    "404.html",
];

impl Templates {
    /// Compiles `theme`'s templates with `site` templates taking precedence.
    pub fn new(theme: &Theme, site: &[TemplateSource]) -> Result<Self, Diagnostics> {
        let mut sources: HashMap<String, (String, String)> = HashMap::new();
        let mut all: Vec<(String, &TemplateSource)> = Vec::new();
        for t in &theme.templates {
            all.push((format!("theme/{}", t.name), t));
            if !site.iter().any(|s| s.name == t.name) {
                all.push((t.name.clone(), t));
            }
        }
        for t in site {
            all.push((t.name.clone(), t));
        }
        for (name, t) in &all {
            sources.insert(name.clone(), (t.shown.clone(), t.text.clone()));
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_runs);
        // Add one by one first, so every syntax error is reported, not only the first.
        let mut errors = Diagnostics::new();
        for (name, t) in &all {
            let mut probe = Tera::new();
            if let Err(err) = probe.add_raw_template(name, &t.text)
                && matches!(err.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(to_diagnostic(&err, &sources));
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.text.as_str())))
            .map_err(|e| Diagnostics::from_iter([to_diagnostic(&e, &sources)]))?;
        for required in REQUIRED {
            if !tera.contains_template(required) {
                errors.push(
                    Diagnostic::error(format!(
                        "the theme in `{}/` has no template `{required}`",
                        theme.folder
                    ))
                    .hint(format!(
                        "add {}/templates/{required}, or templates/{required} to the site",
                        theme.folder
                    )),
                );
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(Self { tera, sources })
    }

    /// Sets values every template sees (`site`, `data`).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    /// Renders `name` with `context` into a buffer of `capacity` bytes to start with
    /// (a page's size is known in advance: its body plus the layout).
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| to_diagnostic(&e, &self.sources))?;
        Ok(out)
    }
}

/// Tera's autoescaping, with the same five escapes as its default (`&`, `<`, `>`, `"`,
/// `'`), but writing the runs between special bytes whole and finding those bytes 16 at
/// a time: the default writes byte by byte through a `dyn Write`, which was 5 % of a
/// large build.
fn escape_runs(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), input)
}

/// What to do when a template asks for a theme asset that is not there.
const ASSETS_HINT: &str = "a theme's static files are site.assets.files[\"<path under static/>\"] \
     (`.url`, `.integrity`); site.assets.css and site.assets.js exist only for \
     static/strata.css and static/strata.js (docs/templates.md)";

/// A Tera error as a diagnostic at the template's file, line and column.
fn to_diagnostic(err: &tera::Error, sources: &HashMap<String, (String, String)>) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let span = report.span();
            let mut d = Diagnostic::error(format!("{kind}: {}", report.message()));
            let mut about_assets = false;
            if let Some((shown, text)) = sources.get(report.filename()) {
                about_assets = text
                    .lines()
                    .nth(span.start_line.saturating_sub(1))
                    .is_some_and(|line| line.contains("site.assets"));
                let width = if span.start_line == span.end_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                };
                d = d
                    .in_file(Path::new(shown))
                    .at(text, span.start_line as u32, span.start_col as u32 + 1)
                    .width(width);
            }
            d.hint(match err.kind() {
                ErrorKind::SyntaxError(_) => "fix the template syntax (Tera 2: {{ expr }}, {% tag %})",
                _ if about_assets => ASSETS_HINT,
                _ => "check the variable names against the documented template context (docs/templates.md)",
            })
        }
        ErrorKind::MissingParent { current, parent } => {
            let mut d = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ));
            if let Some((shown, _)) = sources.get(current) {
                d = d.in_file(Path::new(shown));
            }
            d.hint("extend one of the theme's templates, e.g. \"base.html\" or \"theme/tier.html\"")
        }
        other => Diagnostic::error(format!("template error: {other}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_matches_teras_default() {
        for text in ["", "plain", "a & b <c> \"d\" 'e'", "<<&&>>", "é & ü'"] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_runs(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
        }
    }
}
