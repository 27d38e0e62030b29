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
    /// Compiles `theme`'s templates with `site` templates taking precedence. Besides
    /// [`REQUIRED`], the site needs the templates `also_needed` names (those of tag
    /// pages, when topics have tags).
    pub fn new(
        theme: &Theme,
        site: &[TemplateSource],
        strings: &crate::i18n::Strings,
        also_needed: &[&str],
    ) -> Result<Self, Diagnostics> {
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
        tera.register_filter("t", crate::i18n::template_filter(strings.clone()));
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
            .map_err(|e| {
                let mut errors = build_errors(&e, &sources);
                // A theme template is known under two names (`tier.html` and
                // `theme/tier.html`): its problems are reported once.
                errors.sort();
                errors
            })?;
        for required in REQUIRED.iter().chain(also_needed) {
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

    /// The path shown for template `name` and its text.
    pub fn source(&self, name: &str) -> Option<(&str, &str)> {
        self.sources
            .get(name)
            .map(|(shown, text)| (shown.as_str(), text.as_str()))
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

impl crate::markdown::shortcodes::RenderShortcode for Templates {
    fn render_shortcode(&self, name: &str, args: &[(&str, &str)]) -> Result<String, String> {
        let mut context = Context::new();
        for (key, value) in args {
            context.insert(key.to_string(), value);
        }
        let template = format!(
            "{}{name}.html",
            crate::markdown::shortcodes::SHORTCODE_FOLDER
        );
        let mut out = Vec::with_capacity(512);
        self.tera
            .render_to(&template, &context, &mut out)
            .map_err(|e| {
                let d = to_diagnostic(&e, &self.sources);
                match d.file {
                    Some(_) => format!("{} (at {})", d.message, d.location()),
                    None => d.message,
                }
            })?;
        String::from_utf8(out).map_err(|_| "its output is not UTF-8".to_string())
    }
}

/// Tera's autoescaping, with the same five escapes as its default (`&`, `<`, `>`, `"`,
/// `'`), but writing the runs between special bytes whole and finding those bytes 16 at
/// a time: the default writes byte by byte through a `dyn Write`, which was 5 % of a
/// large build.
fn escape_runs(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), input)
}

/// The errors Tera finds when it puts the templates together: a circular `extends`,
/// or the unknown filters, tests, functions and included templates of every template,
/// which it reports as one text of several reports; each becomes its own diagnostic at
/// its file.
fn build_errors(err: &tera::Error, sources: &HashMap<String, (String, String)>) -> Diagnostics {
    match err.kind() {
        ErrorKind::Msg(text) if text.contains("-->") => {
            let found: Diagnostics = split_reports(text)
                .into_iter()
                .map(|report| report.diagnostic(sources))
                .collect();
            if found.is_empty() {
                Diagnostics::from_iter([to_diagnostic(err, sources)])
            } else {
                found
            }
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            // The chain holds each template of the circle once; the first closes it.
            let mut chain: Vec<&str> = inheritance_chain.iter().map(String::as_str).collect();
            chain.extend(chain.first().copied());
            let shown = |name: &str| {
                sources
                    .get(name)
                    .map_or(name.to_string(), |(shown, _)| shown.clone())
            };
            let mut d = Diagnostic::error(format!(
                "templates extend each other in a circle: {}",
                chain
                    .iter()
                    .map(|n| format!("`{}`", shown(n)))
                    .collect::<Vec<_>>()
                    .join(" extends ")
            ));
            if let Some((file, text)) = sources.get(tpl.as_str()) {
                d = d.in_file(Path::new(file));
                if let Some(at) = text.find("extends") {
                    let start = text[..at].rfind("{%").unwrap_or(at);
                    let end = text[at..].find("%}").map_or(at + 7, |e| at + e + 2);
                    d = d
                        .at_offset(text, start)
                        .width(text[start..end].chars().count());
                }
            }
            Diagnostics::from_iter([d.hint(
                "one of them must extend a template that does not lead back to it, such as \"base.html\"",
            )])
        }
        _ => Diagnostics::from_iter([to_diagnostic(err, sources)]),
    }
}

/// One report of Tera's text: its message and where it points.
#[derive(Debug, PartialEq)]
struct Report {
    message: String,
    template: String,
    line: u32,
    column: u32,
    width: usize,
}

/// The reports in a text of Tera's (`error: …`, ` --> name:line:col`, the source line
/// and its carets).
fn split_reports(text: &str) -> Vec<Report> {
    let mut reports: Vec<Report> = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(m) = trimmed.strip_prefix("error: ") {
            message = Some(m);
        } else if let Some(place) = trimmed.strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let (Some(column), Some(line), Some(template)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let (Some(m), Ok(line), Ok(column)) = (message.take(), line.parse(), column.parse())
            {
                reports.push(Report {
                    message: m.to_string(),
                    template: template.to_string(),
                    line,
                    column,
                    width: 1,
                });
            }
        } else if trimmed.contains('^')
            && trimmed
                .trim_start_matches('|')
                .trim()
                .chars()
                .all(|c| c == '^')
            && let Some(last) = reports.last_mut()
        {
            last.width = trimmed.matches('^').count();
        }
    }
    reports
}

impl Report {
    fn diagnostic(&self, sources: &HashMap<String, (String, String)>) -> Diagnostic {
        let (message, hint) = if let Some(name) = quoted(&self.message, "Unknown filter") {
            (
                format!("unknown filter `{name}`"),
                "check the filter's name against Tera's built-in filters (such as upper, lower, length, join, default, safe) and the ones docs/templates.md lists".to_string(),
            )
        } else if let Some(name) = quoted(&self.message, "Unknown template") {
            (
                format!("template `{name}` does not exist"),
                format!("create templates/{name} in the site or the theme, or correct the name"),
            )
        } else if let Some(name) = quoted(&self.message, "Unknown function") {
            (
                format!("unknown function `{name}`"),
                "check the function's name against docs/templates.md".to_string(),
            )
        } else if let Some(name) = quoted(&self.message, "Unknown test") {
            (
                format!("unknown test `{name}`"),
                "check the test's name against Tera's built-in tests (such as defined, odd, starting_with)".to_string(),
            )
        } else {
            (
                self.message.clone(),
                "check the template against docs/templates.md".to_string(),
            )
        };
        let mut d = Diagnostic::error(message);
        if let Some((shown, text)) = sources.get(&self.template) {
            d = d
                .in_file(Path::new(shown))
                .at(text, self.line, self.column)
                .width(self.width);
        }
        d.hint(hint)
    }
}

/// `x` of a message `<prefix> \`x\``.
fn quoted<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message
        .strip_prefix(prefix)?
        .trim()
        .strip_prefix('`')?
        .strip_suffix('`')
}

/// The block tags of Tera and the tags that close them.
const BLOCK_TAGS: &[(&str, &str)] = &[
    ("if", "endif"),
    ("for", "endfor"),
    ("block", "endblock"),
    ("macro", "endmacro"),
    ("filter", "endfilter"),
    ("raw", "endraw"),
    ("component", "endcomponent"),
];

/// Every tag name Tera knows, for "did you mean".
const TAG_NAMES: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "block",
    "endblock",
    "extends",
    "include",
    "import",
    "macro",
    "endmacro",
    "set",
    "set_global",
    "filter",
    "endfilter",
    "raw",
    "endraw",
    "break",
    "continue",
    "component",
    "endcomponent",
];

/// The name of the tag whose `{%` is at or just before byte `at` of `text`.
fn tag_name_at(text: &str, at: usize) -> Option<&str> {
    let start = text[..(at + 2).min(text.len())].rfind("{%")?;
    let rest = text[start + 2..].trim_start_matches(['-', ' ', '\t', '\n']);
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The first block tag of `text` that is never closed: its name and byte offset.
fn unclosed_tag(text: &str) -> Option<(&'static str, &'static str, usize)> {
    let mut open: Vec<(&'static str, &'static str, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let at = from + i;
        from = at + 2;
        let Some(name) = tag_name_at(text, at) else {
            continue;
        };
        if let Some(&(tag, end)) = BLOCK_TAGS.iter().find(|(t, _)| *t == name) {
            // `{% set x %}…{% endset %}` does not exist in Tera; blocks only.
            open.push((tag, end, at));
        } else if let Some(pos) = open.iter().rposition(|(_, end, _)| *end == name) {
            open.truncate(pos);
        }
    }
    open.first().copied()
}

/// A syntax error's message and hint in the author's terms, when Tera's own words
/// ("Unexpected end of input", "Unknown tag") do not say which tag is meant.
fn explain_syntax(
    message: &str,
    text: &str,
    offset: usize,
) -> Option<(String, String, usize, usize)> {
    if message == "Unknown tag" {
        let name = tag_name_at(text, offset)?;
        let hint = match crate::suggest::closest(name, TAG_NAMES.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "Tera's tags are if, for, block, extends, include, import, macro, set, filter, raw and their `end…` tags".to_string(),
        };
        return Some((
            format!("unknown tag `{name}`"),
            hint,
            offset,
            name.chars().count(),
        ));
    }
    if message == "Unexpected end of input" {
        let (tag, end, at) = unclosed_tag(text)?;
        let width = text[at..]
            .find("%}")
            .map_or(2, |e| text[at..at + e + 2].chars().count());
        return Some((
            format!("`{{% {tag} %}}` is never closed"),
            format!("add `{{% {end} %}}` where the {tag} ends"),
            at,
            width,
        ));
    }
    None
}
/// What to do when a template asks for a theme asset that is not there.
const ASSETS_HINT: &str = "a theme's static files are site.assets.files[\"<path under static/>\"] \
     (`.url`, `.integrity`); site.assets.css and site.assets.js exist only for \
     static/strata.css and static/strata.js (docs/templates.md)";

/// The hint for a call of the `t` function that went wrong.
const TEXTS_HINT: &str = "docs/content-format.md lists the texts of the `t` filter with the placeholders each one fills in (\"The theme's words in the site's language\")";

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
            if let Some((shown, text)) = sources.get(report.filename()) {
                let offset = crate::yaml::yaml_offset(
                    text,
                    span.start_line as u32,
                    span.start_col as u32 + 1,
                );
                if let Some((message, hint, at, width)) =
                    explain_syntax(report.message(), text, offset)
                {
                    return Diagnostic::error(format!("{kind}: {message}"))
                        .in_file(Path::new(shown))
                        .at_offset(text, at)
                        .width(width)
                        .hint(hint);
                }
            }
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
                _ if report.message().starts_with("`t`") || report.message().contains(" | t`") => TEXTS_HINT,
                _ => "check the variable names against the documented template context (docs/templates.md)",
            })
        }
        ErrorKind::MissingParent { current, parent } => {
            let mut d = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ));
            if let Some((shown, text)) = sources.get(current) {
                d = d.in_file(Path::new(shown));
                if let Some(at) = extended_name(text, parent) {
                    d = d.at_offset(text, at).width(parent.chars().count() + 2);
                }
            }
            d.hint("extend one of the theme's templates, e.g. \"base.html\" or \"theme/tier.html\"")
        }
        other => Diagnostic::error(format!("template error: {other}")),
    }
}

/// Where `text`, a template, names `parent` in its `{% extends %}` tag: the byte offset
/// of the quoted name.
fn extended_name(text: &str, parent: &str) -> Option<usize> {
    let tag = text.find("extends")?;
    let rest = &text[tag..];
    ['"', '\'', '`'].iter().find_map(|q| {
        let quoted = format!("{q}{parent}{q}");
        let at = rest.find(&quoted)?;
        // The name belongs to the tag when nothing but spaces lies between them.
        rest[..at]["extends".len()..]
            .trim()
            .is_empty()
            .then_some(tag + at)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_parent_is_found_in_the_extends_tag() {
        let text = "{# layout #}\n{%- extends  'layout.html' -%}\n";
        let at = super::extended_name(text, "layout.html").unwrap();
        assert_eq!(&text[at..at + 13], "'layout.html'");
        assert_eq!(
            super::extended_name("{% extends \"a.html\" %}", "b.html"),
            None
        );
    }

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
