//! The built-in search index: titles, section headings, summaries and glossary terms of
//! every page, with their tier, split into small JSON files so that a query downloads a
//! small, bounded amount: the postings of its words, then the display records of the
//! results it shows, and nothing else. It must not read pages' HTML or hold the whole
//! index as JSON at once.
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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Outlines, OutputFile};
use crate::markdown::inline_text;
use crate::model::{DocId, Site};

/// Ids per record file (`id / SLOTS` is the file).
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

/// One searchable thing.
struct Entry {
    title: String,
    url: String,
    tier: i32,
    kind: &'static str,
    /// The page a section belongs to, or a term's definition.
    context: String,
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

/// One entry as the builder keeps it until the end.
struct Row {
    id: u32,
    tier: i32,
    /// Its display record, as JSON. One allocation per record rather than one
    /// growing buffer: a buffer of the whole index's records (about 10 MB at 10,000
    /// pages) doubles as it grows, and old and new copies coexist while it moves,
    /// which made a build's peak memory 20 MB higher.
    record: Box<str>,
}

/// The index as it grows: record files go out as soon as they fill; each token's
/// postings are a list in entry order (entries are added in increasing id), and
/// every display record is kept as JSON, for the tokens' `top`.
struct Builder<'o> {
    out: &'o mut dyn FnMut(OutputFile),
    rows: Vec<Row>,
    /// Bytes of the records of the file being filled.
    file_bytes: usize,
    /// The record file being filled, and its first row.
    file: u32,
    file_start: usize,
    /// token → [row, score], rows increasing.
    postings: rustc_hash::FxHashMap<String, Vec<[u32; 2]>>,
}

impl<'o> Builder<'o> {
    fn new(out: &'o mut dyn FnMut(OutputFile)) -> Self {
        Builder {
            out,
            rows: Vec::new(),
            file_bytes: 0,
            file: 0,
            file_start: 0,
            postings: Default::default(),
        }
    }

    /// Adds an entry; `starts_page` when it begins a page (or stands alone), where a
    /// record file that is full enough ends.
    fn add(&mut self, mut entry: Entry, weighted: &[(&str, u32)], starts_page: bool) {
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
        entry.context = truncate(&entry.context, 160);
        let record = (
            &entry.title,
            &entry.url,
            entry.tier,
            entry.kind,
            &entry.context,
        );
        // Serializing strings and integers cannot fail.
        let record = serde_json::to_string(&record).unwrap_or_default();
        self.file_bytes += record.len();
        self.rows.push(Row {
            id: self.file * SLOTS + (self.rows.len() - self.file_start) as u32,
            tier: entry.tier,
            record: record.into_boxed_str(),
        });
    }

    /// The display record of a row, as JSON.
    fn record(&self, row: usize) -> &str {
        &self.rows[row].record
    }

    /// Writes the pending rows as the next record file.
    fn flush(&mut self) {
        if self.file_start == self.rows.len() {
            return;
        }
        let mut json = String::from("[");
        for row in self.file_start..self.rows.len() {
            if row > self.file_start {
                json.push(',');
            }
            json.push_str(self.record(row));
        }
        json.push(']');
        (self.out)(OutputFile::bytes(
            format!("search/e/{}.json", self.file),
            json,
        ));
        self.file += 1;
        self.file_start = self.rows.len();
        self.file_bytes = 0;
    }

    /// A token's value in its bucket: `[postings, top]` (see the module's notes).
    fn token_json(&self, token: &str, list: &mut [[u32; 2]]) -> String {
        let mut json = serde_json::to_string(token).unwrap_or_default();
        json.push_str(":[\"");
        list.sort_unstable_by_key(|&[row, score]| {
            (std::cmp::Reverse(score), self.rows[row as usize].tier, row)
        });
        let mut group = None;
        let mut previous = 0;
        for &[row, score] in list.iter() {
            let Row { id, tier, .. } = self.rows[row as usize];
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
            let record = self.record(row as usize);
            let _ = write!(json, "[{},{}", self.rows[row as usize].id, &record[1..]);
        }
        json.push_str("]]");
        json
    }

    /// Writes the last record file, the token buckets and `meta.json`. Buckets are
    /// made and written one two-character shard at a time, each token's postings
    /// dropped as its JSON is made, so the whole index's JSON is never held at once.
    fn finish(mut self, tiers: Vec<&str>) {
        self.flush();
        let mut postings = std::mem::take(&mut self.postings);
        let mut shards: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for token in postings.keys() {
            shards
                .entry(shard_of(token))
                .or_default()
                .push(token.clone());
        }
        let mut keys = Vec::new();
        for (key, mut names) in shards {
            names.sort_unstable();
            let tokens: Vec<(String, String)> = names
                .into_iter()
                .map(|token| {
                    let mut list = postings.remove(&token).unwrap_or_default();
                    let json = self.token_json(&token, &mut list);
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
    let base = &site.config.base_url;
    let mut builder = Builder::new(out);
    for (t, topic) in site.topics.iter().enumerate() {
        let url = base.url(site.topic_path(t).as_str());
        builder.add(
            Entry {
                title: topic.title.clone(),
                url,
                tier: -1,
                kind: "topic",
                context: topic.summary.clone(),
            },
            &[(&topic.title, 3), (&topic.summary, 1)],
            true,
        );
    }
    for (id, doc) in site.documents() {
        let Some(rendered) = docs.get(id) else {
            continue;
        };
        let tier = match id {
            DocId::Tier { tier, .. } => tier as i32,
            _ => -1,
        };
        let page_url = base.url(site.doc_path(id).as_str());
        let title = match id {
            DocId::Tier { topic, .. } if doc.front.title.is_empty() => {
                site.topics[topic].title.clone()
            }
            DocId::Home if doc.front.title.is_empty() => site.config.title.clone(),
            _ => doc.front.title.clone(),
        };
        builder.add(
            Entry {
                title: title.clone(),
                url: page_url.clone(),
                tier,
                kind: "page",
                context: doc.front.summary.clone(),
            },
            &[(&title, 3), (&doc.front.summary, 1)],
            true,
        );
        for heading in rendered.headings.iter().filter(|h| h.level <= 3) {
            builder.add(
                Entry {
                    title: heading.text.clone(),
                    url: format!("{page_url}#{}", heading.id),
                    tier,
                    kind: "section",
                    context: title.clone(),
                },
                &[(&heading.text, 2)],
                false,
            );
        }
    }
    let glossary_url = base.url(site.glossary_path().as_str());
    for entry in &site.glossary.entries {
        let definition = inline_text(&entry.definition);
        let names: Vec<(&str, u32)> = std::iter::once(&entry.term)
            .chain(&entry.aliases)
            .map(|n| (n.as_str(), 4))
            .collect();
        builder.add(
            Entry {
                title: entry.term.clone(),
                url: format!("{glossary_url}#{}", entry.id),
                tier: -1,
                kind: "term",
                context: definition,
            },
            &names,
            true,
        );
    }
    builder.finish(site.config.tiers.iter().map(|t| t.label.as_str()).collect());
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a))
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
        let mut builder = Builder::new(&mut out);
        for &(title, tier, starts_page, weighted) in entries {
            let entry = Entry {
                title: title.to_string(),
                url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
                tier,
                kind: if starts_page { "page" } else { "section" },
                context: "x".repeat(300),
            };
            builder.add(entry, weighted, starts_page);
        }
        builder.finish(vec!["One", "Two"]);
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
