//! Authors' own shortcodes: `templates/shortcodes/<name>.html`, rendered by the
//! site's templates (which Markdown reaches only through [`RenderShortcode`]) with
//! the call's arguments and the values every shortcode gets.

use pulldown_cmark::{CowStr, Event};

use super::super::events::Ev;
use super::super::{MarkdownContext, PageState};
use super::{Call, PROVIDED};

/// Renders an author's shortcode template with its arguments: the site's templates
/// do it (see [`crate::render::Templates`]); Markdown only asks.
pub trait RenderShortcode: Sync {
    /// The HTML of `shortcodes/<name>.html` for `args`, or what went wrong.
    fn render_shortcode(&self, name: &str, args: &[(&str, &str)]) -> Result<String, String>;
}

/// The shortcodes the site's templates define, and what renders them.
#[derive(Clone, Copy, Default)]
pub struct Authored<'a> {
    /// Every `shortcodes/<name>.html` of the theme and the site, by name.
    pub names: &'a [String],
    /// `None` when the templates could not be compiled (their errors are reported
    /// where they are): calls of a known shortcode are then left out silently.
    pub renderer: Option<&'a dyn RenderShortcode>,
}

impl std::fmt::Debug for Authored<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authored")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

/// The folder of templates that are shortcodes.
pub const SHORTCODE_FOLDER: &str = "shortcodes/";

/// An author's shortcode: its template's HTML for `call` (with `body` standing for
/// its body, when it has one), or `None` once an error is reported at the call.
pub(super) fn render(
    call: &Call<'_>,
    body: Option<&str>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
) -> Option<String> {
    let authored = ctx.shortcodes;
    if !authored.names.iter().any(|n| n == call.name) {
        let names = std::iter::once("table").chain(authored.names.iter().map(String::as_str));
        let known = names.clone().collect::<Vec<_>>().join(", ");
        let hint = match crate::suggest::closest(call.name, names) {
            Some(near) => format!("did you mean `{near}`? The shortcodes are: {known}"),
            None => format!(
                "the shortcodes are: {known}; a template `templates/shortcodes/{}.html` makes a new one",
                call.name
            ),
        };
        state.error_at(format!("unknown shortcode `{}`", call.name), hint, range);
        return None;
    }
    if let Some((key, _)) = call.args.iter().find(|(k, _)| PROVIDED.contains(k)) {
        state.error_at(
            format!("`{key}` is given to every shortcode; a call cannot set it"),
            format!("rename the argument; the template already has `{key}`"),
            range,
        );
        return None;
    }
    // Known, but the templates did not compile: their errors are reported.
    let renderer = authored.renderer?;
    let config = &ctx.site.config;
    let mut args = vec![
        ("root_path", config.root_url.path()),
        ("language", config.language.as_str()),
    ];
    args.extend(call.args.iter().copied());
    args.extend(body.map(|b| ("body", b)));
    match renderer.render_shortcode(call.name, &args) {
        Ok(html) => Some(html),
        Err(why) => {
            state.error_at(
            format!("the shortcode `{}` failed: {why}", call.name),
            format!(
                "its template, `shortcodes/{}.html`, gets the call's arguments by name ({}), `root_path` and `language`",
                call.name,
                if call.args.is_empty() {
                    "none here".to_string()
                } else {
                    call.args.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                }
            ),
            range,
            );
            None
        }
    }
}

/// An author's shortcode without a body: its HTML where the call was.
pub(super) fn expand_into<'a>(
    call: &Call<'_>,
    ctx: &MarkdownContext<'_>,
    state: &mut PageState<'_>,
    range: &std::ops::Range<usize>,
    out: &mut Vec<Ev<'a>>,
) {
    if let Some(html) = render(call, None, ctx, state, range) {
        out.push((Event::Html(CowStr::from(html)), range.clone()));
    }
}
