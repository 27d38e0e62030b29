//! A document's Markdown text, and how a one-shot build lets go of it.
//!
//! The bodies are the largest part of a loaded site (70 MB of the 10,000-page
//! benchmark's peak of about 195 MiB), and each is read by the render once, for its own
//! page. `serve` keeps every body (a rebuild renders pages again), so a [`Body`] is
//! held by default. `build` and `check`, which render the site once and exit, take the
//! bodies out of the site before they render ([`super::Site::take_bodies`]):
//! each page's job then owns its text and drops it once the page is written, and the
//! site keeps a [`Body::Released`] mark with the text's length and hash.
//!
//! Three things read a released body again from its file ([`Body::text`]): a page
//! rendered a second time because the "Referenced by" list guessed for it from the raw
//! Markdown was wrong (rare: a link inside code, or one a shortcode writes), the place
//! of a broken anchor's error, and `check` tracing a broken link to the line that wrote
//! it. If the file changed since it was loaded, that is an error: the build would
//! otherwise show two versions of one page.

use std::hash::Hasher;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// The Markdown after a document's front matter.
#[derive(Debug, Clone)]
pub enum Body {
    /// The text, shared: cloning a body clones a handle, not the text.
    Held(Arc<str>),
    /// Taken out by a one-shot build; the file still holds it.
    Released { len: usize, hash: u64 },
}

impl Body {
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        Body::Held(text.into())
    }

    /// The text, for a site that holds it (`serve`, and loading itself). A one-shot
    /// build reads a released body through [`Body::text`]; here it would read as empty,
    /// which debug builds (the tests) refuse.
    pub fn as_str(&self) -> &str {
        match self {
            Body::Held(text) => text,
            Body::Released { .. } => {
                debug_assert!(false, "a released body is read with `Body::text`");
                ""
            }
        }
    }

    /// The text, shared, when the site holds it.
    pub fn shared(&self) -> Option<Arc<str>> {
        match self {
            Body::Held(text) => Some(Arc::clone(text)),
            Body::Released { .. } => None,
        }
    }

    /// The text, read again from `file` (relative to `root`, as loading read it) if it
    /// was released; an error if the file no longer holds the same body.
    pub fn text(&self, root: &Path, file: &Path) -> Result<Arc<str>, Diagnostic> {
        let (len, hash) = match *self {
            Body::Held(ref text) => return Ok(Arc::clone(text)),
            Body::Released { len, hash } => (len, hash),
        };
        let text = crate::load::read_text(&root.join(file), file)?;
        // Split as loading split it; the front matter's problems were reported then.
        let ((_, body, _), _) = crate::load::frontmatter::read(&text, file);
        if body.len() == len && hash_of(body) == hash {
            Ok(Arc::from(body))
        } else {
            Err(
                Diagnostic::error("this file changed while the site was being built")
                    .in_file(file)
                    .hint(
                        "build again: the build read this page twice, and the two readings differ",
                    ),
            )
        }
    }

    /// Takes the text out and leaves the mark in its place; `None` when it was taken
    /// already.
    pub(super) fn release(&mut self) -> Option<Arc<str>> {
        let Body::Held(text) = self else { return None };
        let text = Arc::clone(text);
        *self = Body::Released {
            len: text.len(),
            hash: hash_of(&text),
        };
        Some(text)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Body::Held(a), Body::Held(b)) => a == b,
            (Body::Released { len, hash }, Body::Released { len: l, hash: h }) => {
                len == l && hash == h
            }
            _ => false,
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::new("")
    }
}

/// A fast hash of the text: enough to tell a changed file from the one loaded.
fn hash_of(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.write_usize(text.len());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, &'static Path) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.md"), text).unwrap();
        (dir, Path::new("page.md"))
    }

    #[test]
    fn a_held_body_is_shared_not_copied() {
        let body = Body::new("# Text\n");
        let (a, b) = (
            body.shared().unwrap(),
            body.text(Path::new("/nowhere"), Path::new("x.md")).unwrap(),
        );
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(body.as_str(), "# Text\n");
    }

    #[test]
    fn a_released_body_is_read_again_from_its_file() {
        let (dir, name) = file("---\ntitle: T\n---\n# Text\n\nProse.\n");
        let mut body = Body::new("# Text\n\nProse.\n");
        let taken = body.release().unwrap();
        assert_eq!(&*taken, "# Text\n\nProse.\n");
        assert!(body.shared().is_none());
        assert_eq!(&*body.text(dir.path(), name).unwrap(), "# Text\n\nProse.\n");
        // Only the body counts: a changed front matter does not.
        std::fs::write(
            dir.path().join(name),
            "---\ntitle: Other\n---\n# Text\n\nProse.\n",
        )
        .unwrap();
        assert_eq!(&*body.text(dir.path(), name).unwrap(), "# Text\n\nProse.\n");
    }

    #[test]
    fn a_body_changed_since_loading_is_an_error_not_a_second_version() {
        let (dir, name) = file("# Text\n");
        let mut body = Body::new("# Text\n");
        body.release();
        for changed in ["# Test\n", "# Text\nMore.\n"] {
            std::fs::write(dir.path().join(name), changed).unwrap();
            let error = body.text(dir.path(), name).unwrap_err();
            assert_eq!(
                error.message,
                "this file changed while the site was being built"
            );
            assert_eq!(error.file.as_deref(), Some("page.md"));
        }
        std::fs::remove_file(dir.path().join(name)).unwrap();
        assert!(
            body.text(dir.path(), name).is_err(),
            "a removed file is an error"
        );
    }

    #[test]
    fn releasing_twice_gives_nothing_the_second_time() {
        let mut body = Body::new("x");
        assert!(body.release().is_some());
        let mark = body.clone();
        assert!(body.release().is_none());
        assert_eq!(body, mark);
    }
}
