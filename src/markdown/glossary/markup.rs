//! The HTML of a term link: the link to the glossary entry, described by a tooltip
//! that holds the entry's definition for the page's tier (WAI-ARIA tooltip pattern;
//! CSS shows it on hover and focus, so it works without JavaScript).
//!
//! Everything about an entry's markup except the tooltip number and the linked text
//! is the same on every page, so it is written once per build, per entry and tier,
//! and a use only copies it.

use super::super::html::{escape, escape_into};
use crate::model::{GlossaryEntry, Site};

/// The fixed parts of one entry's term link; a use writes `open` + tip number + `">` +
/// the linked text + [`TIP_CLOSE`] + tip number + `">` + (`header` when the text is
/// not the term itself) + `tooltips[tier]` + [`TOOLTIP_END`].
///
/// The tooltip names the term only when the link's text does not (a plural, an alias,
/// the words of an explicit link): a screen reader reads the link's text and then its
/// description, so repeating the term would read it twice.
struct EntryMarkup {
    /// `<span class="tip-wrap"><a class="term" href="…#id" aria-describedby="term-tip-`
    open: String,
    /// The term itself, to compare with a link's text.
    term: String,
    /// `<span class="tooltip-term">Term</span> `
    header: String,
    /// `<a href="…#id">`, for a link without a tooltip.
    plain_open: String,
    /// The tooltip's inner HTML per tier; the last slot is for pages without a tier.
    tooltips: Vec<String>,
}

const TIP_CLOSE: &str = "</a><span class=\"tooltip\" role=\"tooltip\" id=\"term-tip-";
const TOOLTIP_END: &str = "</span></span>";

/// Every entry's link markup, built once per build.
pub struct Markup {
    entries: Vec<EntryMarkup>,
}

impl Markup {
    pub fn new(site: &Site) -> Self {
        let glossary = &site.glossary;
        let tiers: Vec<Option<&str>> = site
            .config
            .tiers
            .iter()
            .map(|t| Some(t.id.as_str()))
            .chain(std::iter::once(None))
            .collect();
        let url = escape(&site.config.base_url.url(site.glossary_path().as_str()));
        let entries = glossary
            .entries
            .iter()
            .map(|e| {
                let id = escape(&e.id);
                EntryMarkup {
                    open: format!(
                        "<span class=\"tip-wrap\"><a class=\"term\" href=\"{url}#{id}\" aria-describedby=\"term-tip-"
                    ),
                    term: e.term.clone(),
                    header: format!("<span class=\"tooltip-term\">{}</span> ", escape(&e.term)),
                    plain_open: format!("<a href=\"{url}#{id}\">"),
                    tooltips: tiers
                        .iter()
                        .map(|tier| tooltip_html(e, site, *tier))
                        .collect(),
                }
            })
            .collect();
        Self { entries }
    }

    /// Writes a whole term link around `text` (escaped here) with tooltip number `tip`.
    pub fn write_link(&self, out: &mut String, link: TermLink, text: &str) {
        self.write_open(out, link.entry, link.tip);
        escape_into(out, text);
        let named = text.eq_ignore_ascii_case(&self.entries[link.entry].term);
        self.write_close(out, link, !named);
    }

    /// The opening markup of a term link whose text the page writes itself.
    pub fn open(&self, entry: usize, tip: usize) -> String {
        let mut out = String::with_capacity(self.entries[entry].open.len() + 32);
        self.write_open(&mut out, entry, tip);
        out
    }

    /// The start of a plain link to the entry, closed by `</a>`.
    pub fn plain_open(&self, entry: usize) -> String {
        self.entries[entry].plain_open.clone()
    }

    /// The end of a term link opened with [`Self::open`], with its tooltip, which names
    /// the term unless `text`, the link's own text, already is the term.
    pub fn close(&self, link: TermLink, text: &str) -> String {
        let named = text
            .trim()
            .eq_ignore_ascii_case(&self.entries[link.entry].term);
        let mut out = String::new();
        self.write_close(&mut out, link, !named);
        out
    }

    /// The length of a term link's markup around its text, to size buffers.
    pub fn size_hint(&self, entry: usize, tier: Option<usize>) -> usize {
        let e = &self.entries[entry];
        e.open.len() + e.header.len() + TIP_CLOSE.len() + 40 + tooltip(e, tier).len()
    }

    fn write_open(&self, out: &mut String, entry: usize, tip: usize) {
        let markup = &self.entries[entry];
        out.push_str(&markup.open);
        push_number(out, tip);
        out.push_str("\">");
    }

    fn write_close(&self, out: &mut String, link: TermLink, with_header: bool) {
        let markup = &self.entries[link.entry];
        out.push_str(TIP_CLOSE);
        push_number(out, link.tip);
        out.push_str("\">");
        if with_header {
            out.push_str(&markup.header);
        }
        out.push_str(tooltip(markup, link.tier));
        out.push_str(TOOLTIP_END);
    }
}

/// One use of a term link: the entry, the page's tier (`None` off the tiers) and the
/// tooltip's number on the page.
#[derive(Debug, Clone, Copy)]
pub struct TermLink {
    pub entry: usize,
    pub tier: Option<usize>,
    pub tip: usize,
}

fn tooltip(markup: &EntryMarkup, tier: Option<usize>) -> &str {
    &markup.tooltips[tier.unwrap_or(markup.tooltips.len() - 1)]
}

/// Writes `n` in decimal (`write!` goes through the formatting machinery, and this
/// runs twice per term link).
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // A tooltip number has a few digits: pushing them one by one beats a copy call.
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// The tooltip's inner HTML after the optional term: the definition (links flattened,
/// so nothing in it takes focus) and a "See also" line.
fn tooltip_html(entry: &GlossaryEntry, site: &Site, tier: Option<&str>) -> String {
    let glossary = &site.glossary;
    let definition = super::super::inline_html_with(
        entry.definition_for(tier),
        &super::super::only_web_links(false),
        Some(site),
    );
    let mut html = format!("<span class=\"tooltip-def\">{definition}</span>");
    let see: Vec<String> = entry
        .see_also
        .iter()
        .filter_map(|id| glossary.get(id))
        .map(|e| escape(&e.term))
        .collect();
    if !see.is_empty() {
        html.push_str(&format!(
            " <span class=\"tooltip-see\">{} {}.</span>",
            site.config.strings.html("see_also", None, &[]),
            see.join(", ")
        ));
    }
    html
}
