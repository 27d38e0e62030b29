//! The built-in search index: titles, section headings, summaries and glossary terms of
//! every page, with their tier, split into small JSON files so that a query downloads a
//! small, bounded amount: the postings of its words, then the display records of the
//! results it shows, and nothing else. It must not read pages' HTML or hold the whole
//! index as JSON at once; while it builds, it holds the postings and 8 bytes per entry,
//! not the entries' display records: those a bucket carries are made again from the
//! site and the outlines when the bucket is written (`SiteEntries`).
//!
//! Layout under `search/` (version 2):
//! - `meta.json`: `{version, tiers, buckets, slots}`: tier labels, the token buckets
//!   that exist, and the number of ids per record file;
//! - `t/<key>.json`, a **token bucket**: the tokens whose longest listed bucket key is
//!   a prefix of them. Keys are the first two characters of a token (`_` when those
//!   are not `[a-z0-9]`); a bucket larger than [`BUCKET_BUDGET`] bytes is split by the
//!   next character (`pr` → `pre`, `pro`, …), so a very common word ends up in a file
//!   of its own and a query never downloads other words' postings wholesale. Each
//!   token maps to `[postings, top]`:
//!   - `postings`: every entry the token occurs in, as groups separated by `;`, each
//!     `score:tier+1:ids`, groups by falling score then tier, `ids` a comma-separated
//!     list of base-36 gaps (the first one absolute) in increasing order. This is all
//!     that ranking and the tier filter need, at about 3 bytes per posting;
//!   - `top`: the display records `[id, title, url, tier, kind, context]` of the
//!     token's best [`TOP`] entries (score, then id), so a one-word query needs no
//!     other file;
//! - `e/<n>.json`, a **record file**: display records `[title, url, tier, kind,
//!   context]` of ids `n × slots …`. Entries are numbered in a fixed order (topics,
//!   then each document's page and its sections, then glossary terms), and a record
//!   file holds one page with its sections (or a few small pages), about
//!   [`RECORD_FILE_TARGET`] bytes: ids skip the slots a file leaves empty, so the file
//!   of an id is `id / slots` with no table.
//!
//! A query fetches `meta.json`, the bucket of each word (the last word, a prefix
//! while it is typed, also the buckets whose key extends it), intersects and sums the
//! scores (AND), keeps the tier filter's tier, and then fetches only the record files
//! of the shown results that no bucket carried: for a two-word query about 20 small
//! files at most, whatever the size of the site. Ranking is by summed score, then id.
//! Everything is plain JSON escaped by serde, so titles and definitions cannot inject
//! markup.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Outlines, OutputFile};
use crate::markdown::{Heading, Outline, inline_text};
use crate::model::{DocId, Document, Site};

/// Ids per record file (`id / SLOTS` is the file). With [`RECORD_FILE_TARGET`] a record
/// file is about 1 KB. 64 ids and 4 KB would write a third as many files (2,222 instead
/// of 6,584 at 10,000 pages, about 5 % less build CPU), but a two-word query there would
/// download 1.4–2.3 times as much (29–150 KB instead of 21–65 KB): its record files are
/// 4 times larger.
pub const SLOTS: u32 = 16;
/// A record file that has reached this many bytes ends before the next page.
pub const RECORD_FILE_TARGET: usize = 1024;
/// A bucket above this many bytes is split by the next character of its tokens.
pub const BUCKET_BUDGET: usize = 12 * 1024;
/// Records carried by each token in its bucket: as many as the box shows.
pub const TOP: usize = 20;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "its",
    "of", "on", "or", "the", "this", "to", "was", "what", "when", "which", "why", "with",
];

#[derive(Debug, Serialize)]
struct Meta<'a> {
    version: u32,
    tiers: Vec<&'a str>,
    buckets: Vec<String>,
    slots: u32,
}

/// One searchable thing, borrowed from the site where it can be.
#[derive(Debug, Clone)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    tier: i32,
    kind: &'static str,
    /// The page a section belongs to, or a term's definition.
    context: Cow<'a, str>,
}

impl Entry<'_> {
    /// Its display record `[title, url, tier, kind, context]` as JSON, the context
    /// cut to 160 characters.
    fn record(&self) -> String {
        let context = truncate(&self.context, 160);
        let record = (self.title, &self.url, self.tier, self.kind, &*context);
        // Serializing strings and integers cannot fail.
        serde_json::to_string(&record).unwrap_or_default()
    }
}

/// Calls `found` with each lower-case, ASCII-folded word of `text` that is not a stop
/// word, from one reused buffer (an index sees millions of words).
pub fn each_token(text: &str, mut found: impl FnMut(&str)) {
    let mut folded = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if word.is_ascii() {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
        } else {
            folded = crate::slug::slugify(word).replace('-', "");
        }
        if folded.chars().nth(1).is_some() && !STOPWORDS.contains(&folded.as_str()) {
            found(&folded);
        }
    }
}

/// A character a bucket key may hold (keys are file names).
fn key_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// The two-character key a token starts from: its first two characters, when they
/// are URL-safe, or `_`.
pub fn shard_of(token: &str) -> String {
    let key: String = token.chars().take(2).collect();
    if key.chars().all(key_char) {
        key
    } else {
        "_".to_string()
    }
}

/// The bucket a token lives in, among the keys for which `exists` is true: the
/// longest key that is a prefix of it (as `bucketOf` in strata.js finds it).
pub fn bucket_of(token: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let shard = shard_of(token);
    if shard == "_" {
        return exists("_").then_some(shard);
    }
    let safe: String = token.chars().take_while(|&c| key_char(c)).collect();
    (2..=safe.len())
        .rev()
        .map(|n| &safe[..n])
        .find(|key| exists(key))
        .map(str::to_string)
}

/// The index as it grows. Record files go out as soon as they fill; what stays until
/// the end is each entry's id and tier (8 bytes) and each token's postings, a list in
/// entry order (entries are added in increasing id). No display record is kept: the
/// few a bucket carries are made again when it is written, from the `recall` given to
/// [`Builder::finish`] (holding all of them, about 10 MB at 10,000 pages, raised a
/// large build's peak memory by as much).
struct Builder<'o> {
    out: &'o mut dyn FnMut(OutputFile),
    /// Each entry's id and tier, by row: the order entries were added in.
    rows: Vec<(u32, i32)>,
    /// The record file being filled: its number, its first row, its records so far
    /// (a JSON array without its closing bracket) and their bytes.
    file: u32,
    file_start: usize,
    file_json: String,
    file_bytes: usize,
    postings: rustc_hash::FxHashMap<String, Postings>,
}

/// A token's postings as the builder keeps them: `[row, score]`, rows increasing.
type Postings = Vec<[u32; 2]>;

impl<'o> Builder<'o> {
    /// A builder for `entries` entries (more may come, at the cost of a reallocation).
    fn new(out: &'o mut dyn FnMut(OutputFile), entries: usize) -> Self {
        Builder {
            out,
            rows: Vec::with_capacity(entries),
            file: 0,
            file_start: 0,
            file_json: String::new(),
            file_bytes: 0,
            postings: Default::default(),
        }
    }

    /// Adds an entry found by the `weighted` texts; `starts_page` when it begins a
    /// page (or stands alone), where a record file that is full enough ends.
    fn add(&mut self, entry: &Entry, weighted: &[(&str, u32)], starts_page: bool) {
        let in_file = self.rows.len() - self.file_start;
        if in_file == SLOTS as usize
            || (in_file > 0 && starts_page && self.file_bytes >= RECORD_FILE_TARGET)
        {
            self.flush();
        }
        let row = self.rows.len() as u32;
        for &(text, weight) in weighted {
            each_token(text, |token| {
                let list = match self.postings.get_mut(token) {
                    Some(list) => list,
                    None => self.postings.entry(token.to_string()).or_default(),
                };
                match list.last_mut() {
                    Some(last) if last[0] == row => last[1] += weight,
                    _ => list.push([row, weight]),
                }
            });
        }
        let record = entry.record();
        self.file_bytes += record.len();
        self.file_json
            .push(if self.file_json.is_empty() { '[' } else { ',' });
        self.file_json.push_str(&record);
        let id = self.file * SLOTS + (self.rows.len() - self.file_start) as u32;
        self.rows.push((id, entry.tier));
    }

    /// Writes the pending records as the next record file.
    fn flush(&mut self) {
        if self.file_json.is_empty() {
            return;
        }
        let mut json = std::mem::take(&mut self.file_json);
        json.push(']');
        (self.out)(OutputFile::bytes(
            format!("search/e/{}.json", self.file),
            json,
        ));
        self.file += 1;
        self.file_start = self.rows.len();
        self.file_bytes = 0;
    }

    /// A token's value in its bucket: `[postings, top]` (see the module's notes),
    /// the top records made again by `recall` from their rows.
    fn token_json<'r>(
        &self,
        token: &str,
        list: &mut [[u32; 2]],
        recall: &dyn Fn(u32) -> Entry<'r>,
    ) -> String {
        let mut json = serde_json::to_string(token).unwrap_or_default();
        json.push_str(":[\"");
        list.sort_unstable_by_key(|&[row, score]| {
            (std::cmp::Reverse(score), self.rows[row as usize].1, row)
        });
        let mut group = None;
        let mut previous = 0;
        for &[row, score] in list.iter() {
            let (id, tier) = self.rows[row as usize];
            if group != Some((score, tier)) {
                if group.is_some() {
                    json.push(';');
                }
                let _ = write!(json, "{score}:{}:", tier + 1);
                group = Some((score, tier));
                previous = 0;
            } else {
                json.push(',');
            }
            push_base36(&mut json, id - previous);
            previous = id;
        }
        json.push_str("\",[");
        list.sort_unstable_by_key(|&[row, score]| (std::cmp::Reverse(score), row));
        for (n, &[row, _]) in list.iter().take(TOP).enumerate() {
            if n > 0 {
                json.push(',');
            }
            let record = recall(row).record();
            let _ = write!(json, "[{},{}", self.rows[row as usize].0, &record[1..]);
        }
        json.push_str("]]");
        json
    }

    /// Writes the last record file, the token buckets and `meta.json`; `recall` makes
    /// the entry of a row again. Buckets are made and written one two-character shard
    /// at a time, each token's postings dropped as its JSON is made, so the whole
    /// index's JSON is never held at once.
    fn finish<'r>(mut self, tiers: Vec<&str>, recall: &dyn Fn(u32) -> Entry<'r>) {
        self.flush();
        // Moved, not copied, into their shards.
        let mut shards: BTreeMap<String, Vec<(String, Postings)>> = BTreeMap::new();
        for (token, list) in std::mem::take(&mut self.postings) {
            shards
                .entry(shard_of(&token))
                .or_default()
                .push((token, list));
        }
        let mut keys = Vec::new();
        for (key, mut tokens) in shards {
            tokens.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let tokens: Vec<(String, String)> = tokens
                .into_iter()
                .map(|(token, mut list)| {
                    let json = self.token_json(&token, &mut list, recall);
                    (token, json)
                })
                .collect();
            let mut buckets = Vec::new();
            split_bucket(key, tokens, &mut buckets);
            for (key, tokens) in buckets {
                let mut json = String::from("{");
                for (n, (_, value)) in tokens.iter().enumerate() {
                    if n > 0 {
                        json.push(',');
                    }
                    json.push_str(value);
                }
                json.push('}');
                (self.out)(OutputFile::bytes(format!("search/t/{key}.json"), json));
                keys.push(key);
            }
        }
        let meta = Meta {
            version: 2,
            tiers,
            buckets: keys,
            slots: SLOTS,
        };
        (self.out)(OutputFile::bytes(
            "search/meta.json",
            serde_json::to_vec(&meta).unwrap_or_default(),
        ));
    }
}

/// Appends `n` in base 36.
fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"));
}

/// Splits the tokens of `key` (sorted, with their JSON) into buckets of at most
/// [`BUCKET_BUDGET`] bytes by their next character, until a bucket is small enough
/// or holds one token; a token whose next character cannot be part of a key (or that
/// has none) stays in `key`.
fn split_bucket(
    key: String,
    tokens: Vec<(String, String)>,
    buckets: &mut Vec<(String, Vec<(String, String)>)>,
) {
    let size: usize = tokens.iter().map(|(_, json)| json.len() + 1).sum();
    if size <= BUCKET_BUDGET || tokens.len() == 1 || key == "_" {
        buckets.push((key, tokens));
        return;
    }
    let depth = key.len();
    let mut stay = Vec::new();
    let mut children: BTreeMap<char, Vec<(String, String)>> = BTreeMap::new();
    for (token, json) in tokens {
        match token.chars().nth(depth) {
            Some(c) if key_char(c) => children.entry(c).or_default().push((token, json)),
            _ => stay.push((token, json)),
        }
    }
    if !stay.is_empty() {
        buckets.push((key.clone(), stay));
    }
    for (c, tokens) in children {
        split_bucket(format!("{key}{c}"), tokens, buckets);
    }
}

/// Reads a token's `postings` back: `(id, score, tier)` in the order written. The
/// format's reference reader (strata.js has the one readers use).
pub fn decode_postings(postings: &str) -> Vec<(u32, u32, i32)> {
    let mut out = Vec::new();
    for group in postings.split(';').filter(|g| !g.is_empty()) {
        let mut parts = group.splitn(3, ':');
        let score = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let tier = parts
            .next()
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
            - 1;
        let mut id = 0;
        for gap in parts.next().unwrap_or("").split(',') {
            id += u32::from_str_radix(gap, 36).unwrap_or(0);
            out.push((id, score, tier));
        }
    }
    out
}

/// Builds every file of the search index, handing each to `out` as soon as it is
/// written (the whole index of a large site is tens of megabytes).
pub fn index(site: &Site, docs: &Outlines, out: &mut dyn FnMut(OutputFile)) {
    let entries = SiteEntries::new(site, docs);
    let mut builder = Builder::new(out, entries.len());
    entries.each(|entry, weighted, starts_page| builder.add(entry, weighted, starts_page));
    let tiers = site.config.tiers.iter().map(|t| t.label.as_str()).collect();
    builder.finish(tiers, &|row| entries.entry(row));
}

/// The entries of a site, numbered in a fixed order: topics, then each document's
/// page and its sections, then glossary terms. Any of them can be made again from its
/// number alone, so the builder holds no display record until the end.
struct SiteEntries<'a> {
    site: &'a Site,
    /// The documents that have an outline, with it and the number of their page's
    /// entry (their sections' follow).
    documents: Vec<(DocId, &'a Document, &'a Outline, u32)>,
    /// The number of the first glossary term.
    terms: u32,
    glossary_url: String,
}

impl<'a> SiteEntries<'a> {
    fn new(site: &'a Site, docs: &'a Outlines) -> Self {
        let mut next = site.topics.len() as u32;
        let documents = site
            .documents()
            .into_iter()
            .filter_map(|(id, doc)| {
                let outline = docs.get(id)?;
                let first = next;
                next += 1 + sections(outline).count() as u32;
                Some((id, doc, outline, first))
            })
            .collect();
        SiteEntries {
            site,
            documents,
            terms: next,
            glossary_url: site.config.base_url.url(site.glossary_path().as_str()),
        }
    }

    /// How many entries there are.
    fn len(&self) -> usize {
        self.terms as usize + self.site.glossary.entries.len()
    }

    /// Calls `add` with every entry in order, the texts it is found by with their
    /// weights, and whether it starts a page (or stands alone).
    fn each(&self, mut add: impl FnMut(&Entry, &[(&str, u32)], bool)) {
        for (t, topic) in self.site.topics.iter().enumerate() {
            let weighted = [(topic.title.as_str(), 3), (topic.summary.as_str(), 1)];
            add(&self.topic(t), &weighted, true);
        }
        for (d, &(_, doc, outline, _)) in self.documents.iter().enumerate() {
            let page = self.page(d);
            add(&page, &[(page.title, 3), (&doc.front.summary, 1)], true);
            for heading in sections(outline) {
                add(&section(heading, &page), &[(&heading.text, 2)], false);
            }
        }
        for (i, term) in self.site.glossary.entries.iter().enumerate() {
            let names: Vec<(&str, u32)> = std::iter::once(&term.term)
                .chain(&term.aliases)
                .map(|n| (n.as_str(), 4))
                .collect();
            add(&self.term(i), &names, true);
        }
    }

    /// The entry numbered `row`, made again.
    fn entry(&self, row: u32) -> Entry<'a> {
        if row < self.site.topics.len() as u32 {
            return self.topic(row as usize);
        }
        if row >= self.terms {
            return self.term((row - self.terms) as usize);
        }
        let d = self
            .documents
            .partition_point(|&(.., first)| first <= row)
            .saturating_sub(1);
        let (_, _, outline, first) = self.documents[d];
        let page = self.page(d);
        match (row - first).checked_sub(1) {
            Some(n) => match sections(outline).nth(n as usize) {
                Some(heading) => section(heading, &page),
                None => page,
            },
            None => page,
        }
    }

    fn topic(&self, t: usize) -> Entry<'a> {
        let topic = &self.site.topics[t];
        Entry {
            title: &topic.title,
            url: self
                .site
                .config
                .base_url
                .url(self.site.topic_path(t).as_str()),
            tier: -1,
            kind: "topic",
            context: Cow::Borrowed(&topic.summary),
        }
    }

    /// The entry of the page of the `d`th document.
    fn page(&self, d: usize) -> Entry<'a> {
        let site = self.site;
        let (id, doc, ..) = self.documents[d];
        let title = match id {
            DocId::Tier { topic, .. } if doc.front.title.is_empty() => &site.topics[topic].title,
            DocId::Home if doc.front.title.is_empty() => &site.config.title,
            _ => &doc.front.title,
        };
        Entry {
            title,
            url: site.config.base_url.url(site.doc_path(id).as_str()),
            tier: match id {
                DocId::Tier { tier, .. } => tier as i32,
                _ => -1,
            },
            kind: "page",
            context: Cow::Borrowed(&doc.front.summary),
        }
    }

    fn term(&self, i: usize) -> Entry<'a> {
        let term = &self.site.glossary.entries[i];
        Entry {
            title: &term.term,
            url: format!("{}#{}", self.glossary_url, term.id),
            tier: -1,
            kind: "term",
            context: Cow::Owned(inline_text(&term.definition)),
        }
    }
}

/// The headings of a document that are entries of their own.
fn sections(outline: &Outline) -> impl Iterator<Item = &Heading> {
    outline.headings.iter().filter(|h| h.level <= 3)
}

/// The entry of a section of `page`.
fn section<'a>(heading: &'a Heading, page: &Entry<'a>) -> Entry<'a> {
    Entry {
        title: &heading.text,
        url: format!("{}#{}", page.url, heading.id),
        tier: page.tier,
        kind: "section",
        context: Cow::Borrowed(page.title),
    }
}

fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().nth(max).is_none() {
        return Cow::Borrowed(text);
    }
    let cut: String = text.chars().take(max).collect();
    Cow::Owned(format!(
        "{}…",
        cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::FileContent;

    /// The tokens of `text`, as [`each_token`] finds them.
    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_token(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn tokens_fold_and_drop_stop_words() {
        let t = tokens("What is Insulin-Resistance? The café, x, é, Æb");
        assert_eq!(t, ["insulin", "resistance", "cafe", "aeb"]);
    }

    /// A test entry: title, tier, whether it starts a page, weighted texts.
    type TestEntry<'a> = (&'a str, i32, bool, &'a [(&'a str, u32)]);

    /// Runs a builder over `entries` and returns the files it writes, by path.
    fn build(entries: &[TestEntry]) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        let mut out = |f: OutputFile| {
            let FileContent::Bytes(bytes) = f.content else {
                panic!("{} is not bytes", f.path)
            };
            files.insert(f.path, String::from_utf8(bytes).unwrap());
        };
        let made: Vec<Entry> = entries
            .iter()
            .map(|&(title, tier, starts_page, _)| Entry {
                title,
                url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
                tier,
                kind: if starts_page { "page" } else { "section" },
                context: Cow::Owned("x".repeat(300)),
            })
            .collect();
        let mut builder = Builder::new(&mut out, 0);
        for (entry, &(_, _, starts_page, weighted)) in made.iter().zip(entries) {
            builder.add(entry, weighted, starts_page);
        }
        builder.finish(vec!["One", "Two"], &|row| made[row as usize].clone());
        files
    }

    fn json(files: &BTreeMap<String, String>, path: &str) -> serde_json::Value {
        serde_json::from_str(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn record_files_hold_whole_pages_and_ids_name_their_file() {
        // Pages of one entry and three sections, each record ~200 bytes: a file ends
        // at the first page that starts once it holds RECORD_FILE_TARGET bytes.
        let mut entries = Vec::new();
        let titles: Vec<String> = (0..24).map(|n| format!("Entry {n}")).collect();
        for (n, title) in titles.iter().enumerate() {
            entries.push((title.as_str(), 0, n % 4 == 0, &[][..]));
        }
        let files = build(&entries);
        let first = json(&files, "search/e/0.json");
        let second = json(&files, "search/e/1.json");
        assert_eq!(
            first.as_array().unwrap().len(),
            8,
            "two pages of four entries"
        );
        assert_eq!(second[0][0], "Entry 8", "the next file starts with a page");
        assert_eq!(
            second[0][4].as_str().unwrap().chars().count(),
            160 + 1,
            "context cut"
        );
        assert!(!files.contains_key("search/e/3.json"));
        // A page longer than SLOTS entries goes on in the next file.
        let long: Vec<TestEntry> = titles
            .iter()
            .chain(&titles)
            .enumerate()
            .map(|(n, t)| (t.as_str(), 0, n == 0, &[][..]))
            .collect();
        let files = build(&long);
        assert_eq!(
            json(&files, "search/e/0.json").as_array().unwrap().len(),
            SLOTS as usize
        );
        assert_eq!(
            json(&files, "search/e/2.json").as_array().unwrap().len(),
            48 - 2 * SLOTS as usize
        );
    }

    #[test]
    fn postings_carry_score_tier_and_id_and_buckets_the_best_records() {
        let files = build(&[
            ("Alpha", 0, true, &[("alpha beta", 3)]),
            ("Alpha again", 0, false, &[("alpha", 2), ("alpha", 2)]),
            ("Beta", 1, true, &[("beta", 3), ("alpha", 1)]),
            ("Term", -1, true, &[("alpha", 4)]),
        ]);
        let meta = json(&files, "search/meta.json");
        assert_eq!(meta["version"], 2);
        assert_eq!(meta["slots"], SLOTS);
        assert_eq!(meta["buckets"], serde_json::json!(["al", "be"]));
        let bucket = json(&files, "search/t/al.json");
        let postings = decode_postings(bucket["alpha"][0].as_str().unwrap());
        // Ids: two entries of the first page, then ~620 bytes, so Beta still joins
        // the first file; by falling score, then tier.
        assert_eq!(postings, [(3, 4, -1), (1, 4, 0), (0, 3, 0), (2, 1, 1)]);
        let top: Vec<(u64, &str)> = bucket["alpha"][1]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_u64().unwrap(), r[1].as_str().unwrap()))
            .collect();
        assert_eq!(
            top,
            [(1, "Alpha again"), (3, "Term"), (0, "Alpha"), (2, "Beta")],
            "ties by id"
        );
        assert_eq!(
            bucket["alpha"][1][1][3], -1,
            "the record as in the record file"
        );
        assert_eq!(bucket["alpha"][1][1][2], "/term/");
    }

    #[test]
    fn a_token_carries_at_most_top_records() {
        let titles: Vec<String> = (0..TOP + 5).map(|n| format!("Common {n}")).collect();
        let weighted: &[(&str, u32)] = &[("common", 1)];
        let entries: Vec<_> = titles
            .iter()
            .map(|t| (t.as_str(), 0, true, weighted))
            .collect();
        let files = build(&entries);
        let bucket = json(&files, "search/t/co.json");
        assert_eq!(bucket["common"][1].as_array().unwrap().len(), TOP);
        assert_eq!(
            decode_postings(bucket["common"][0].as_str().unwrap()).len(),
            TOP + 5
        );
        assert_eq!(bucket["common"][1][0][1], "Common 0", "ties by id");
    }

    #[test]
    fn a_large_bucket_is_split_by_the_next_character() {
        // Many entries under "pr": the bucket outgrows the budget and is split by
        // the third character; "pr" itself (a token) stays in "pr".
        let titles: Vec<String> = (0..6000).map(|n| format!("Entry {n}")).collect();
        let entries: Vec<TestEntry> = titles
            .iter()
            .enumerate()
            .map(|(n, t)| {
                let weighted: &[(&str, u32)] = match n % 3 {
                    0 => &[("pressure", 1)],
                    1 => &[("process", 2)],
                    _ => &[("pr prism", 1)],
                };
                (t.as_str(), 0, true, weighted)
            })
            .collect();
        let files = build(&entries);
        let meta = json(&files, "search/meta.json");
        let keys: Vec<&str> = meta["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["pr", "pre", "pri", "pro"]);
        let exists = |k: &str| keys.contains(&k);
        for (token, key) in [
            ("pr", "pr"),
            ("prism", "pri"),
            ("pressure", "pre"),
            ("process", "pro"),
        ] {
            assert_eq!(bucket_of(token, exists).as_deref(), Some(key), "{token}");
            assert!(
                json(&files, &format!("search/t/{key}.json"))
                    .get(token)
                    .is_some(),
                "{token} in {key}"
            );
        }
        assert_eq!(bucket_of("zebra", exists), None);
        assert_eq!(bucket_of("ελληνικά", exists), None);
    }

    #[test]
    fn base36_gaps() {
        let mut s = String::new();
        for n in [0, 35, 36, u32::MAX] {
            push_base36(&mut s, n);
            s.push(',');
        }
        assert_eq!(s, "0,z,10,1z141z3,");
    }

    #[test]
    fn shards_by_two_safe_characters() {
        assert_eq!(shard_of("insulin"), "in");
        assert_eq!(shard_of("ελληνικά"), "_");
    }
}
