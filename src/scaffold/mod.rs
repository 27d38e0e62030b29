//! `strata init`: writes a small, complete site that builds without edits.
//!
//! The files live beside this module and are compiled in; the default theme is not
//! copied, because a site without `themes/` uses the one embedded in the binary.

mod topic;

use std::path::Path;

pub use topic::{NewTopic, create_topic};

const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("site.yaml")),
    ("content/_index.md", include_str!("_index.md")),
    ("content/glossary.yaml", include_str!("glossary.yaml")),
    ("content/references.yaml", include_str!("references.yaml")),
    ("content/plants/_topic.yaml", include_str!("_topic.yaml")),
    (
        "content/plants/fundamentals.md",
        include_str!("fundamentals.md"),
    ),
    (
        "content/plants/intermediate.md",
        include_str!("intermediate.md"),
    ),
    ("content/plants/academic.md", include_str!("academic.md")),
    ("data/inputs.yaml", include_str!("inputs.yaml")),
    ("static/.gitkeep", ""),
    (".gitignore", "/public/\n"),
];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("`{0}` exists and is not empty; choose a new folder")]
    NotEmpty(String),
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// `text` as one YAML double-quoted string (a JSON string is one), whatever quotes,
/// backslashes or line breaks it holds.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Creates the site in `dir`; returns the number of files written.
pub fn create(dir: &Path, title: &str) -> Result<usize, InitError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(InitError::NotEmpty(dir.display().to_string()));
    }
    let title = yaml_string(title);
    for (rel, text) in FILES {
        let path = dir.join(rel);
        let io = |source| InitError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text.replace("{{TITLE}}", &title)).map_err(io)?;
    }
    Ok(FILES.len())
}
