//! The redirect pages of aliases: one small HTML file at each earlier URL of a page,
//! which sends the reader on to the page's current URL.
//!
//! A static host has no redirect rules Strata could write for every host, so each
//! redirect is a page of its own, as Zola and Hugo write them: a script that replaces
//! the location and keeps the old URL's `#fragment` (so a link to a section still lands
//! on it), a `<meta http-equiv="refresh">` for readers without JavaScript, a canonical
//! link and `noindex` so that search engines move their entry to the new URL, and a
//! plain link for a browser that follows neither. Redirect pages are not themed, not
//! in the sitemap and not in the search index.

use crate::markdown::html::escape;
use crate::model::{Redirect, Site};

use super::OutputFile;

/// A redirect page for every alias of the site.
pub fn redirect_files(site: &Site) -> Vec<OutputFile> {
    site.redirects()
        .iter()
        .map(|redirect| OutputFile::bytes(redirect.output.clone(), page(site, redirect)))
        .collect()
}

/// The HTML of one redirect page.
fn page(site: &Site, redirect: &Redirect<'_>) -> String {
    let base = &site.config.base_url;
    let url = base.url(redirect.target.as_str());
    let canonical = if base.origin().is_empty() {
        url.clone()
    } else {
        base.absolute(redirect.target.as_str())
    };
    // A JSON string is a JavaScript string; `<` is escaped so that no `</script>` can
    // end the script early.
    let script_url = serde_json::to_string(&url)
        .unwrap_or_else(|_| "\"/\"".to_string())
        .replace('<', "\\u003c");
    let title = match redirect.tier {
        Some(tier) => escape(&format!("{} ({})", redirect.title, tier.label)),
        None => escape(redirect.title),
    };
    let url = escape(&url);
    let strings = &site.config.strings;
    let moved_title = strings.html("moved_title", None, &[("title", &title)]);
    let link = format!("<a href=\"{url}\">{title}</a>");
    let moved_text = strings.html("moved_text", None, &[("link", &link)]);
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"{lang}\"{dir}>\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>{moved_title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <script>location.replace({script_url} + location.hash)</script>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         </head>\n\
         <body>\n\
         <p>{moved_text}</p>\n\
         </body>\n\
         </html>\n",
        lang = escape(&site.config.language),
        dir = if site.config.strings.right_to_left() {
            " dir=\"rtl\""
        } else {
            ""
        },
        canonical = escape(&canonical),
    )
}
