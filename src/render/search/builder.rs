//! The index's files as they are written: record files as soon as they fill, then
//! the token buckets (postings and each token's top records) a few shards at a time,
//! split under a size budget, and `meta.json`; and the reader of the postings format.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use super::entries::Entry;
use super::tokens::{each_token, key_char, shard_of};
use super::{BUCKET_BUDGET, RECORD_FILE_TARGET, SLOTS, TOP};
use crate::render::OutputFile;

#[derive(Debug, Serialize)]
struct Meta<'a> {
    version: u32,
    /// Whether the tokens leave out English stop words: written only when they do
    /// not (a site in another language), for the script to keep them in queries too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    keeps_stopwords: bool,
    tiers: Vec<&'a str>,
    buckets: Vec<String>,
    slots: u32,
}

/// The index as it grows. Record files go out as soon as they fill; what stays until
/// the end is each entry's id and tier (8 bytes) and each token's postings, a list in
/// entry order (entries are added in increasing id). No display record is kept: the
/// few a bucket carries are made again when it is written, from the `recall` given to
/// [`Builder::finish`] (holding all of them, about 10 MB at 10,000 pages, raised a
/// large build's peak memory by as much).
pub(super) struct Builder<'o> {
    /// Whether English stop words are left out.
    stop_words: bool,
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
    /// The tokens of the text being added, one after the other, and their ranges
    /// (reused from text to text).
    words: String,
    spans: Vec<(usize, usize)>,
}

/// What a weight is multiplied by in a score, so that the bonus of a short text
/// (see [`text_score`]) stays an integer with some resolution.
const SCALE: u32 = 8;

/// The score a token gets from one text of weight `weight` that has `tokens` tokens:
/// the weight, plus half as much again shared among the text's tokens, so that of two
/// titles holding a word, the shorter one (the word is more of what it is about)
/// ranks first: "Insulin" before "Insulin resistance". The bonus stays below the gap
/// between two weights, so a title outranks a heading, and a title holding two words
/// of a query outranks a title holding one and a summary the other. `None` for a text
/// with no tokens.
///
/// An entry's score for a token is the best of its texts', not their sum: a term
/// whose three aliases repeat a word, or a title that repeats it, does not outrank
/// the entry named by that word alone.
fn text_score(weight: u32, tokens: usize) -> Option<u32> {
    let tokens = u32::try_from(tokens).ok().filter(|&n| n > 0)?;
    Some(weight * SCALE + weight * SCALE / (2 * tokens))
}

/// The index's format: 3 since tokens lost Greek accents and scores their sum, 4
/// since English tokens are stemmed.
pub const INDEX_VERSION: u32 = 4;

/// Makes the entry of a row again (from any thread).
pub(super) type Recall<'f, 'r> = dyn Fn(u32) -> Entry<'r> + Sync + 'f;

/// Shards whose buckets are made at the same time: enough to keep every core busy,
/// few enough that their JSON stays small.
const SHARDS_AT_ONCE: usize = 8;

/// A token's postings as the builder keeps them: `[row, score]`, rows increasing.
type Postings = Vec<[u32; 2]>;

impl<'o> Builder<'o> {
    /// A builder for `entries` entries (more may come, at the cost of a reallocation).
    pub(super) fn new(
        out: &'o mut dyn FnMut(OutputFile),
        entries: usize,
        stop_words: bool,
    ) -> Self {
        Builder {
            stop_words,
            out,
            rows: Vec::with_capacity(entries),
            file: 0,
            file_start: 0,
            file_json: String::new(),
            file_bytes: 0,
            postings: Default::default(),
            words: String::new(),
            spans: Vec::new(),
        }
    }

    /// Adds an entry found by the `weighted` texts; `starts_page` when it begins a
    /// page (or stands alone), where a record file that is full enough ends.
    pub(super) fn add(&mut self, entry: &Entry, weighted: &[(&str, u32)], starts_page: bool) {
        let in_file = self.rows.len() - self.file_start;
        if in_file == SLOTS as usize
            || (in_file > 0 && starts_page && self.file_bytes >= RECORD_FILE_TARGET)
        {
            self.flush();
        }
        let row = self.rows.len() as u32;
        let Builder {
            words,
            spans,
            postings,
            stop_words,
            ..
        } = self;
        for &(text, weight) in weighted {
            words.clear();
            spans.clear();
            each_token(text, *stop_words, |token| {
                let start = words.len();
                words.push_str(token);
                spans.push((start, words.len()));
            });
            let Some(score) = text_score(weight, spans.len()) else {
                continue;
            };
            for &(start, end) in spans.iter() {
                let token = &words[start..end];
                let list = match postings.get_mut(token) {
                    Some(list) => list,
                    None => postings.entry(token.to_string()).or_default(),
                };
                match list.last_mut() {
                    Some(last) if last[0] == row => last[1] = last[1].max(score),
                    _ => list.push([row, score]),
                }
            }
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

    /// Writes the last record file, the token buckets and `meta.json`; `recall` makes
    /// the entry of a row again. Buckets are made a few two-character shards at a
    /// time, on every core (the rest of the build is done by now), each token's
    /// postings dropped as its JSON is made, so the whole index's JSON is never held
    /// at once.
    pub(super) fn finish<'r>(mut self, tiers: Vec<&str>, recall: &Recall<'_, 'r>) {
        self.flush();
        // Moved, not copied, into their shards.
        let mut shards: BTreeMap<String, Vec<(String, Postings)>> = BTreeMap::new();
        for (token, list) in std::mem::take(&mut self.postings) {
            shards
                .entry(shard_of(&token))
                .or_default()
                .push((token, list));
        }
        let rows = &self.rows;
        let mut shards = shards.into_iter();
        let mut keys = Vec::new();
        loop {
            let chunk: Vec<_> = shards.by_ref().take(SHARDS_AT_ONCE).collect();
            if chunk.is_empty() {
                break;
            }
            let made: Vec<Vec<(String, String)>> = chunk
                .into_par_iter()
                .map(|(key, tokens)| bucket_files(key, tokens, rows, recall))
                .collect();
            for (key, json) in made.into_iter().flatten() {
                (self.out)(OutputFile::bytes(format!("search/t/{key}.json"), json));
                keys.push(key);
            }
        }
        let meta = Meta {
            version: INDEX_VERSION,
            keeps_stopwords: !self.stop_words,
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

/// The bucket files of one two-character shard: `(key, JSON)` of each bucket it is
/// split into.
fn bucket_files<'r>(
    key: String,
    mut tokens: Vec<(String, Postings)>,
    rows: &[(u32, i32)],
    recall: &Recall<'_, 'r>,
) -> Vec<(String, String)> {
    tokens.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let tokens: Vec<(String, String)> = tokens
        .into_iter()
        .map(|(token, mut list)| {
            let json = token_json(rows, &token, &mut list, recall);
            (token, json)
        })
        .collect();
    let mut buckets = Vec::new();
    split_bucket(key, tokens, &mut buckets);
    buckets
        .into_iter()
        .map(|(key, tokens)| {
            let mut json = String::from("{");
            for (n, (_, value)) in tokens.iter().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                json.push_str(value);
            }
            json.push('}');
            (key, json)
        })
        .collect()
}

/// A token's value in its bucket: `[postings, top]` (see the module's notes),
/// the top records made again by `recall` from their rows.
fn token_json<'r>(
    rows: &[(u32, i32)],
    token: &str,
    list: &mut [[u32; 2]],
    recall: &Recall<'_, 'r>,
) -> String {
    let mut json = serde_json::to_string(token).unwrap_or_default();
    json.push_str(":[\"");
    list.sort_unstable_by_key(|&[row, score]| {
        (std::cmp::Reverse(score), rows[row as usize].1, row)
    });
    let mut group = None;
    let mut previous = 0;
    for &[row, score] in list.iter() {
        let (id, tier) = rows[row as usize];
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
        let _ = write!(json, "[{},{}", rows[row as usize].0, &record[1..]);
    }
    json.push_str("]]");
    json
}

/// Appends `n` in base 36.
pub(super) fn push_base36(out: &mut String, mut n: u32) {
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
