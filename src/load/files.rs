//! Reading source files as text, with a diagnostic for every way that can go wrong.
//!
//! A source must be a regular file of valid UTF-8 without NUL bytes; a directory where a
//! file is expected, invalid UTF-8 (with the line and column of the first bad byte) and
//! binary content each get their own message. A leading byte-order mark is dropped.

use std::path::Path;

use crate::diagnostic::{Diagnostic, line_col};

/// Reads `path` (absolute) and names it `shown` (site-relative) in diagnostics.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    // No `stat` first: reading a directory fails, and the failure says so.
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::IsADirectory || path.is_dir() {
            Diagnostic::error(format!(
                "`{}` is a directory, but a file was expected",
                crate::diagnostic::display_path(shown)
            ))
            .in_file(shown)
            .hint("rename or remove the directory")
        } else {
            io_error(shown, &e)
        }
    })?;
    decode(bytes, shown)
}

/// Checks that `bytes` are text and turns them into a `String`.
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let (line, column) = line_col(&String::from_utf8_lossy(&bytes[..nul]), nul);
        return Err(Diagnostic::error("this file looks binary (it contains a NUL byte)")
            .in_file(shown)
            .at("", line, column)
            .hint("source files must be UTF-8 text; move binary files to `static/` or next to the page"));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, column) = line_col(prefix, prefix.len());
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            Err(
                Diagnostic::error(format!("invalid UTF-8 (byte 0x{:02x})", bytes[valid]))
                    .in_file(shown)
                    .at(&lossy, line, column)
                    .hint("save the file as UTF-8"),
            )
        }
    }
}

pub fn io_error(shown: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot read `{}`: {err}",
        crate::diagnostic::display_path(shown)
    ))
    .in_file(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode(b"ok\nab\xffcd\n".to_vec(), Path::new("x.md")).unwrap_err();
        assert_eq!(err.message, "invalid UTF-8 (byte 0xff)");
        assert_eq!((err.line, err.column), (2, 3));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"\x89PNG\0\0".to_vec(), Path::new("x.md")).unwrap_err();
        assert!(err.message.contains("binary"));
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(
            decode("\u{feff}title: x".as_bytes().to_vec(), Path::new("a")).unwrap(),
            "title: x"
        );
    }
}
