//! The built-in search index: titles, section headings, summaries and glossary terms of
//! every page, with their tier, split into small JSON files so that a query downloads a
//! small, bounded amount: the postings of its words, then the display records of the
//! results it shows, and nothing else. It must not read pages' HTML or hold the whole
//! index as JSON at once; while it builds, it holds the postings and 8 bytes per entry,
//! not the entries' display records: those a bucket carries are made again from the
//! site and the outlines when the bucket is written (`SiteEntries`).
//!
//! Layout under `search/` (version 4; [`builder::INDEX_VERSION`]):
//! - `meta.json`: `{version, tiers, buckets, slots}`: tier labels, the token buckets
//!   that exist, and the number of ids per record file; and `keeps_stopwords: true`
//!   on a site not in English, whose tokens include the words English drops;
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
//! An entry's score for a token is the best of the entry's texts that hold it, each
//! scored by its kind (a term's names 4, a title 3, a heading 2, a summary or tag 1)
//! and favouring short texts, so the entry named by a word comes before those that
//! merely mention it (`builder::text_score`).
//! Everything is plain JSON escaped by serde, so titles and definitions cannot inject
//! markup.

mod builder;
mod entries;
mod tokens;

use super::{Outlines, OutputFile};
use crate::model::Site;
use builder::Builder;
use entries::SiteEntries;

pub use builder::decode_postings;
pub use tokens::{bucket_of, each_token, shard_of};

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

/// Builds every file of the search index, handing each to `out` as soon as it is
/// written (the whole index of a large site is tens of megabytes).
pub fn index(site: &Site, docs: &Outlines, out: &mut dyn FnMut(OutputFile)) {
    let entries = SiteEntries::new(site, docs);
    let mut builder = Builder::new(out, entries.len(), site.config.is_english());
    entries.each(|entry, weighted, starts_page| builder.add(entry, weighted, starts_page));
    let tiers = site.config.tiers.iter().map(|t| t.label.as_str()).collect();
    builder.finish(tiers, &|row| entries.entry(row));
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use super::builder::push_base36;
    use super::entries::Entry;
    use super::*;
    use crate::render::FileContent;

    /// The tokens of `text`, as [`each_token`] finds them.
    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_token(text, true, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn tokens_fold_and_drop_stop_words() {
        let t = tokens("What is Insulin-Resistance? The café, x, é, Æb");
        assert_eq!(t, ["insulin", "resistance", "cafe", "aeb"]);
        // On an English site, a plural is its singular; -y after a consonant is -i.
        assert_eq!(
            tokens("Fat cells, bodies and body, masses, status, analysis, days, gas"),
            [
                "fat", "cell", "bodi", "bodi", "mass", "status", "analysis", "day", "gas"
            ]
        );
        assert_eq!(
            tokens("series energy hormones"),
            ["seri", "energi", "hormone"]
        );
        // Another language's words are all kept: "was" is German for "what".
        let mut kept = Vec::new();
        each_token("Was ist das", false, |t| kept.push(t.to_string()));
        assert_eq!(kept, ["was", "ist", "das"]);
        // An accent stored as a combining mark (NFD) is the same word.
        assert_eq!(
            tokens("Re\u{301}sume\u{301} of the cafe\u{301}"),
            ["resume", "cafe"]
        );
        // Greek without its accents, in capitals or not, and with either sigma.
        assert_eq!(tokens("ΣΟΦΟΣ λόγος"), ["σοφοσ", "λογοσ"]);
        assert_eq!(tokens("ύπνος ΥΠΝΟΣ υπνοσ"), ["υπνοσ"; 3]);
        assert_eq!(tokens("Ϊ προϊόν ΐ"), ["προιον"]);
        // Polytonic Greek, a capital with diaeresis and accent (no composed form),
        // a Turkish capital İ and the micro sign.
        assert_eq!(
            tokens("ὕπνος ᾠδή Ϋ\u{301}ΛΗ İstanbul 5 µg"),
            ["υπνοσ", "ωδη", "υλη", "istanbul", "μg"]
        );
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
        let mut builder = Builder::new(&mut out, 0, true);
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
            (
                "Term",
                -1,
                true,
                &[("alpha gamma delta beta", 3), ("alpha beta", 3)],
            ),
        ]);
        let meta = json(&files, "search/meta.json");
        assert_eq!(meta["version"], 4);
        assert_eq!(meta["slots"], SLOTS);
        assert_eq!(meta["buckets"], serde_json::json!(["al", "be", "de", "ga"]));
        let bucket = json(&files, "search/t/al.json");
        let postings = decode_postings(bucket["alpha"][0].as_str().unwrap());
        // Ids: two entries of the first page, then ~620 bytes, so Beta still joins
        // the first file; by falling score, then tier. Scores: weight × 8, plus
        // weight × 4 shared among the text's words; of an entry's texts, the best
        // (so "Alpha again" has 24, not 48, and Term the 30 of its shorter text).
        assert_eq!(postings, [(3, 30, -1), (0, 30, 0), (1, 24, 0), (2, 12, 1)]);
        let top: Vec<(u64, &str)> = bucket["alpha"][1]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_u64().unwrap(), r[1].as_str().unwrap()))
            .collect();
        assert_eq!(
            top,
            [(0, "Alpha"), (3, "Term"), (1, "Alpha again"), (2, "Beta")],
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
