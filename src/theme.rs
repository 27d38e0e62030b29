//! Themes: templates, static files and labels, from `themes/<name>/` on disk or, for
//! the default theme, from the copy embedded in the binary.
//!
//! A site without a `themes/` folder still builds with the default theme, and
//! `strata init` writes no theme at all. A theme folder holds `theme.yaml`,
//! `templates/*.html` and `static/*`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::{read_text, walk_error, walk_sources};
use crate::yaml;

/// One template: its name for Tera, its text, and the path shown in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub shown: String,
}

/// A theme ready to use.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The `name` of its `theme.yaml`, or the folder's name.
    pub name: String,
    /// Where it was loaded from, as diagnostics show it (`themes/custom`); the
    /// default theme built into the binary is `themes/default`.
    pub folder: String,
    pub description: String,
    pub templates: Vec<TemplateSource>,
    /// Static files: path relative to the theme's `static/`, and bytes.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Labels of alert kinds (`tip: Key takeaway`).
    pub alert_labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeConfig {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    alerts: BTreeMap<String, String>,
}

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme, compiled into the binary.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "theme.yaml",
    "templates/base.html",
    "templates/home.html",
    "templates/topic.html",
    "templates/tier.html",
    "templates/tier_index.html",
    "templates/page.html",
    "templates/glossary.html",
    "templates/404.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/partials/switcher.html",
    "templates/partials/references.html",
    "templates/partials/toc.html",
    "templates/partials/tags.html",
    "static/favicon.svg",
    "static/strata.css",
    "static/strata.js",
];

/// Loads theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        return load_dir(root, &dir, name);
    }
    if name == "default" {
        return from_embedded();
    }
    Err(Diagnostics::from_iter([not_found(root, name)]))
}

/// The names of the shortcodes among `templates` (`shortcodes/video.html` is
/// `video`), sorted, each once; and where a template named `table` is, which the
/// built-in table shortcode shadows (it is not among the names).
pub fn shortcode_names<'t>(
    templates: impl IntoIterator<Item = &'t TemplateSource>,
) -> (Vec<String>, Option<String>) {
    let mut shadowed = None;
    let mut names: Vec<String> = templates
        .into_iter()
        .filter_map(|t| {
            let rest = t
                .name
                .strip_prefix(crate::markdown::shortcodes::SHORTCODE_FOLDER)?;
            let name = rest.strip_suffix(".html")?;
            if name == "table" {
                shadowed = Some(t.shown.clone());
                return None;
            }
            (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    (names, shadowed)
}

/// The ids that `templates` write as they are (`id="sidebar"`, not `id="{{ x }}"`),
/// outside comments and scripts, that the default layout's list
/// ([`crate::urls::LAYOUT_IDS`]) does not hold already.
pub fn layout_ids<'t>(
    templates: impl IntoIterator<Item = &'t TemplateSource>,
) -> rustc_hash::FxHashSet<String> {
    let mut ids = rustc_hash::FxHashSet::default();
    for template in templates {
        let text = &template.text;
        for span in crate::markdown::html::Attributes::new(text).spans("id") {
            let id = &text[span];
            if !id.is_empty()
                && !id.contains(['{', '}', ' '])
                && !crate::urls::LAYOUT_IDS.contains(&id)
            {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// The error for a `theme:` that names no folder of `themes/`: at the name in
/// site.yaml, offering the folder spelt most like it.
fn not_found(root: &Path, name: &str) -> Diagnostic {
    let file = crate::config::CONFIG_FILE;
    let mut d = Diagnostic::error(format!("theme `{name}` not found")).in_file(Path::new(file));
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    if let Some(at) = theme_value(&text, name) {
        d = d.at_offset(&text, at).width(name.chars().count());
    }
    let folders: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let near = crate::suggest::closest(name, folders.iter().map(String::as_str).chain(["default"]));
    d.hint(match near {
        Some(near) => format!("did you mean `theme: {near}`?"),
        None => format!("create `themes/{name}/` or use `theme: default`"),
    })
}

/// Where site.yaml's top-level `theme:` key writes `name`: the value's byte offset.
fn theme_value(text: &str, name: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(value) = line.strip_prefix("theme:") {
            let at = value.find(name)?;
            return Some(start + "theme:".len() + at);
        }
        start += line.len();
    }
    None
}

fn from_embedded() -> Result<Theme, Diagnostics> {
    let files = DEFAULT_THEME
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()));
    assemble("default", files.collect(), "themes/default")
}

fn load_dir(root: &Path, dir: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut files = Vec::new();
    let mut errors = Diagnostics::new();
    for entry in walk_sources(dir, usize::MAX) {
        match entry {
            Ok(e) if e.is_file => {
                let rel = display_path(e.path.strip_prefix(dir).unwrap_or(&e.path));
                match std::fs::read(&e.path) {
                    Ok(bytes) => files.push((rel, bytes)),
                    Err(err) => {
                        errors.push(crate::load::read_error(&relative(root, &e.path), &err))
                    }
                }
            }
            Ok(_) => {}
            Err(err) => errors.push(walk_error(root, &err)),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let shown_root = display_path(&relative(root, dir));
    assemble(name, files, &shown_root)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn assemble(
    name: &str,
    files: Vec<(String, Vec<u8>)>,
    shown_root: &str,
) -> Result<Theme, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut theme = Theme {
        name: name.to_string(),
        folder: shown_root.to_string(),
        description: String::new(),
        templates: Vec::new(),
        static_files: Vec::new(),
        alert_labels: BTreeMap::new(),
    };
    for (rel, bytes) in files {
        let shown = format!("{shown_root}/{rel}");
        if rel == "theme.yaml" {
            match crate::load::decode(bytes, Path::new(&shown))
                .and_then(|t| yaml::parse::<ThemeConfig>(&t, Path::new(&shown)))
            {
                Ok(config) => {
                    theme.description = config.description.unwrap_or_default();
                    if let Some(name) = config.name {
                        theme.name = name;
                    }
                    theme.alert_labels = config.alerts;
                }
                Err(d) => errors.push(d),
            }
        } else if let Some(tpl) = rel.strip_prefix("templates/") {
            match crate::load::decode(bytes, Path::new(&shown)) {
                Ok(text) => theme.templates.push(TemplateSource {
                    name: tpl.to_string(),
                    text,
                    shown,
                }),
                Err(d) => errors.push(d),
            }
        } else if let Some(file) = rel.strip_prefix("static/") {
            theme.static_files.push((file.to_string(), bytes));
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(theme)
}

/// The site's own templates (`templates/**/*.html`), which override the theme's by name.
pub fn site_templates(root: &Path) -> Result<Vec<TemplateSource>, Diagnostics> {
    let dir = root.join("templates");
    let mut out = Vec::new();
    let mut errors = Diagnostics::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walk_sources(&dir, usize::MAX) {
        match entry {
            Ok(e) if e.is_file => {
                let name = display_path(e.path.strip_prefix(&dir).unwrap_or(&e.path));
                let shown = relative(root, &e.path);
                match read_text(&e.path, &shown) {
                    Ok(text) => out.push(TemplateSource {
                        name,
                        text,
                        shown: display_path(&shown),
                    }),
                    Err(d) => errors.push(d),
                }
            }
            Ok(_) => {}
            Err(err) => errors.push(walk_error(root, &err)),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ids_a_theme_writes_are_found_beyond_the_default_layouts() {
        let template = |text: &str| super::TemplateSource {
            name: "t.html".into(),
            text: text.into(),
            shown: "templates/t.html".into(),
        };
        let custom = [template(
            "<aside id=\"sidebar\"><div id='main'></div><p id={{ page.id }}></p>\
             <!-- <b id=\"old\"> --><nav id=crumbs></nav></aside>",
        )];
        let mut ids: Vec<String> = super::layout_ids(&custom).into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["crumbs", "sidebar"]);
        // Every id the default theme writes is in the default layout's list.
        let default = super::from_embedded().expect("the default theme");
        assert_eq!(
            super::layout_ids(&default.templates),
            rustc_hash::FxHashSet::default()
        );
    }

    #[test]
    fn the_theme_name_is_found_in_site_yaml() {
        let text = "title: x\n# theme: old\ntheme: \"fancy\"\n";
        let at = super::theme_value(text, "fancy").unwrap();
        assert_eq!(&text[at..at + 5], "fancy");
        assert_eq!(super::theme_value("themes: fancy\n", "fancy"), None);
    }

    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| display_path(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "update DEFAULT_THEME in src/theme.rs");
    }

    #[test]
    fn embedded_theme_loads_and_leaves_alert_labels_to_the_sites_language() {
        let theme = from_embedded().unwrap();
        // Its labels are the built-in texts of each language, "Key takeaway" in English.
        assert!(theme.alert_labels.is_empty(), "{:?}", theme.alert_labels);
        assert_eq!(
            crate::i18n::Strings::default()
                .with_theme_alerts(&theme.alert_labels)
                .text("alert_tip"),
            "Key takeaway"
        );
        assert!(theme.templates.iter().any(|t| t.name == "tier.html"));
    }
}
