//! The theme's stylesheets and scripts, fingerprinted: each CSS and JS file is written
//! as `assets/<name>.<hash>.<ext>` and referenced with a Subresource Integrity value, so
//! hosts can cache them forever and a tampered copy is refused. Other theme files keep
//! their names.

use base64::Engine;
use sha2::{Digest, Sha384};

use super::OutputFile;
use super::views::AssetUrls;
use crate::urls::BaseUrl;

/// A fingerprinted file: where it is written, its URL and its integrity value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprinted {
    pub path: String,
    pub url: String,
    pub integrity: String,
}

/// Names `assets/<stem>.<hash>.<ext>` after the content of `bytes`.
pub fn fingerprint(name: &str, bytes: &[u8], base: &BaseUrl) -> Fingerprinted {
    let digest = Sha384::digest(bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let path = format!("assets/{stem}.{hex}.{ext}");
    Fingerprinted {
        url: base.url(&path),
        integrity: format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ),
        path,
    }
}

/// The theme's static files as output files, and the URLs templates use for them.
pub fn theme_assets(
    static_files: &[(String, Vec<u8>)],
    highlight_css: Option<String>,
    base: &BaseUrl,
) -> (Vec<OutputFile>, AssetUrls) {
    let mut files = Vec::new();
    let mut urls = AssetUrls::default();
    for (name, bytes) in static_files {
        let is_code = name.ends_with(".css") || name.ends_with(".js");
        if !is_code {
            files.push(OutputFile::bytes(format!("assets/{name}"), bytes.clone()));
            continue;
        }
        let f = fingerprint(name, bytes, base);
        match name.as_str() {
            "strata.css" => (urls.css, urls.css_integrity) = (f.url.clone(), f.integrity.clone()),
            "strata.js" => (urls.js, urls.js_integrity) = (f.url.clone(), f.integrity.clone()),
            _ => {}
        }
        files.push(OutputFile::bytes(f.path, bytes.clone()));
    }
    if let Some(css) = highlight_css {
        let f = fingerprint("highlight.css", css.as_bytes(), base);
        (urls.highlight, urls.highlight_integrity) = (f.url, f.integrity);
        files.push(OutputFile::bytes(f.path, css));
    }
    (files, urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content_and_carry_integrity() {
        let base = BaseUrl::parse("/guide/").unwrap();
        let a = fingerprint("strata.css", b"body{}", &base);
        let b = fingerprint("strata.css", b"body{color:red}", &base);
        assert_ne!(a.path, b.path);
        assert!(a.path.starts_with("assets/strata.") && a.path.ends_with(".css"));
        assert!(a.url.starts_with("/guide/assets/strata."));
        assert!(a.integrity.starts_with("sha384-"));
        assert_eq!(
            a,
            fingerprint("strata.css", b"body{}", &base),
            "deterministic"
        );
    }
}
