//! The immutable picture of the site that `serve` answers from: every output file in
//! memory, plus the diagnostics of the last failed build (if the newest build failed,
//! the files are still those of the last good one).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::render::{FileContent, OutputFile};

/// Output path → bytes; cloning it copies pointers, not pages.
pub type FileMap = HashMap<Arc<str>, Arc<[u8]>>;

/// One generation of the served site.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: FileMap,
    /// The base path the site was built for (`/` or `/guide/`).
    pub base_path: String,
    pub generation: u64,
    /// Problems of the newest build when it failed; empty when it succeeded.
    pub errors: Vec<DiagnosticView>,
}

/// A diagnostic as the browser overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticView {
    pub severity: &'static str,
    pub location: String,
    pub message: String,
    /// The full text as the terminal shows it, with the snippet.
    pub rendered: String,
}

impl From<&Diagnostic> for DiagnosticView {
    fn from(d: &Diagnostic) -> Self {
        Self {
            severity: if d.is_error() { "error" } else { "warning" },
            location: d.location(),
            message: d.message.clone(),
            rendered: d.render(false),
        }
    }
}

impl Snapshot {
    /// A snapshot of freshly built `files`; copied assets are read into memory.
    pub fn from_files(
        files: Vec<OutputFile>,
        base_path: &str,
        generation: u64,
    ) -> std::io::Result<Self> {
        let mut map = HashMap::with_capacity(files.len());
        for file in files {
            let bytes: Arc<[u8]> = match file.content {
                FileContent::Bytes(b) => b.into(),
                FileContent::Copy(path) => std::fs::read(&path)?.into(),
            };
            map.insert(Arc::from(file.path), bytes);
        }
        Ok(Self {
            files: map,
            base_path: base_path.to_string(),
            generation,
            errors: Vec::new(),
        })
    }

    /// The same files with the errors of a failed build.
    pub fn with_errors(&self, errors: Vec<DiagnosticView>, generation: u64) -> Self {
        Self {
            files: self.files.clone(),
            base_path: self.base_path.clone(),
            generation,
            errors,
        }
    }
}
