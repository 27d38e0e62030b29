//! The theme's static files, published under `assets/`. Stylesheets and scripts are
//! fingerprinted: each CSS and JS file is written as `assets/<name>.<hash>.<ext>` and
//! referenced with a Subresource Integrity value, so hosts can cache them forever and
//! a tampered copy is refused. Other theme files keep their names. Templates find
//! every file by its name under the theme's `static/` (`site.assets.files`).

use base64::Engine;
use sha2::{Digest, Sha384};

use super::OutputFile;
use super::views::{AssetFile, AssetUrls};
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

/// The theme's static files as output files, and the URLs templates use for them:
/// every file is in `files` by its path under `static/`; `strata.css` and `strata.js`,
/// the default theme's names, are also `css` and `js`.
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
            let path = format!("assets/{name}");
            urls.files.insert(
                name.clone(),
                AssetFile {
                    url: base.url(&path),
                    integrity: String::new(),
                },
            );
            files.push(OutputFile::bytes(path, bytes.clone()));
            continue;
        }
        let f = fingerprint(name, bytes, base);
        match name.as_str() {
            "strata.css" => {
                (urls.css, urls.css_integrity) = (Some(f.url.clone()), Some(f.integrity.clone()))
            }
            "strata.js" => {
                (urls.js, urls.js_integrity) = (Some(f.url.clone()), Some(f.integrity.clone()))
            }
            _ => {}
        }
        urls.files.insert(
            name.clone(),
            AssetFile {
                url: f.url,
                integrity: f.integrity,
            },
        );
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

#[cfg(test)]
mod binding_tests {
    use super::*;

    #[test]
    fn every_static_file_is_bound_by_name_and_only_code_is_hashed() {
        let base = BaseUrl::parse("/guide/").unwrap();
        let files = vec![
            ("main.css".to_string(), b"body{}".to_vec()),
            ("js/app.js".to_string(), b"1".to_vec()),
            ("icon.svg".to_string(), b"<svg/>".to_vec()),
        ];
        let (out, urls) = theme_assets(&files, None, &base);
        let css = &urls.files["main.css"];
        assert!(css.url.starts_with("/guide/assets/main.") && css.url.ends_with(".css"));
        assert!(css.integrity.starts_with("sha384-"));
        assert!(
            urls.files["js/app.js"]
                .url
                .starts_with("/guide/assets/js/app.")
        );
        assert_eq!(urls.files["icon.svg"].url, "/guide/assets/icon.svg");
        assert_eq!(urls.files["icon.svg"].integrity, "");
        assert_eq!(out.len(), 3);
        // No strata.css: the default theme's names are left unset, not set to "".
        assert_eq!((urls.css, urls.js), (None, None));
    }
}
