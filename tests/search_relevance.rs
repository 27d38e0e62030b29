//! Search relevance: queries against `tests/fixtures/search/relevance` and the
//! results a reader should see first. The index is read as `strata.js` reads it
//! (the bucket of each word, its postings, AND across words with scores summed,
//! ties by id); the browser suite checks that the script itself agrees on a few.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_site, fixtures, read};
use strata::render::search::{bucket_of, decode_postings, each_token};

fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| build_site(&fixtures().join("search/relevance"), &[]))
        .1
}

fn json(path: &str) -> serde_json::Value {
    serde_json::from_str(&read(&built().join("search").join(path)))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `kind: title` of every result of `query`, best first, as the script ranks them
/// (complete words only: the last word's prefix matching is the browser suite's).
fn ranked(query: &str) -> Vec<String> {
    let meta = json("meta.json");
    let keys: Vec<&str> = meta["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    let slots = meta["slots"].as_u64().unwrap() as u32;
    let mut words = Vec::new();
    each_token(query, true, |t| words.push(t.to_string()));
    assert!(!words.is_empty(), "{query:?} has no words");
    let mut total: Option<BTreeMap<u32, u32>> = None;
    for word in &words {
        let hits: BTreeMap<u32, u32> = bucket_of(word, |k| keys.contains(&k))
            .map(|key| json(&format!("t/{key}.json")))
            .and_then(|bucket| bucket.get(word.as_str()).cloned())
            .map(|value| {
                decode_postings(value[0].as_str().unwrap())
                    .into_iter()
                    .map(|(id, score, _)| (id, score))
                    .collect()
            })
            .unwrap_or_default();
        total = Some(match total {
            None => hits,
            Some(total) => total
                .into_iter()
                .filter_map(|(id, score)| Some((id, score + hits.get(&id)?)))
                .collect(),
        });
    }
    let mut ranked: Vec<(u32, u32)> = total.unwrap_or_default().into_iter().collect();
    ranked.sort_by_key(|&(id, score)| (std::cmp::Reverse(score), id));
    ranked
        .into_iter()
        .map(|(id, _)| {
            let record = &json(&format!("e/{}.json", id / slots))[(id % slots) as usize];
            format!(
                "{}: {}",
                record[3].as_str().unwrap(),
                record[0].as_str().unwrap()
            )
        })
        .collect()
}

/// The first `n` results of `query`.
fn first(query: &str, n: usize) -> Vec<String> {
    let mut all = ranked(query);
    all.truncate(n);
    all
}

#[test]
fn the_entry_named_by_a_word_comes_before_entries_that_repeat_it() {
    // "Insulin resistance" holds the word in three of its names, and "Blood glucose"
    // four times in its summary: neither outranks the term named "Insulin", and the
    // summary not the titles that hold it once. A glossary name weighs more than a
    // title (the results show terms in a group of their own).
    assert_eq!(
        first("insulin", 4),
        [
            "term: Insulin",
            "term: Insulin resistance",
            "term: Insulin sensitivity",
            "topic: Insulin resistance",
        ]
    );
    let all = ranked("insulin");
    let position = |entry: &str| all.iter().position(|e| e == entry).unwrap();
    assert!(
        position("page: Insulin resistance in skeletal muscle") < position("topic: Blood glucose"),
        "a title before a summary, however often the summary repeats the word: {all:#?}"
    );
}

#[test]
fn a_shorter_title_holding_the_word_ranks_first() {
    // "Why we sleep" is two words once "why" is dropped; the long title five. A
    // glossary name weighs more than a title (terms are shown in a group of their
    // own, so this order decides only which make the first results).
    assert_eq!(
        first("sleep", 4),
        [
            "term: Sleep debt",
            "topic: Sleep",
            "page: Why we sleep",
            "topic: How sleep shapes appetite and the hunger hormones",
        ]
    );
    assert_eq!(
        first("glucose", 3),
        [
            "term: Glucose",
            "topic: Blood glucose",
            "section: Glucose transport"
        ]
    );
}

#[test]
fn every_word_of_the_query_must_match_and_the_best_match_of_all_comes_first() {
    assert_eq!(
        first("insulin resistance", 3),
        [
            "term: Insulin resistance",
            "topic: Insulin resistance",
            "page: Insulin resistance in skeletal muscle",
        ]
    );
    assert!(
        ranked("insulin resistance")
            .iter()
            .all(|e| !e.contains("sensitivity") && e != "term: Insulin"),
        "an entry must hold both words"
    );
    assert_eq!(first("sleep debt", 1), ["term: Sleep debt"]);
}

#[test]
fn a_title_holding_every_word_of_the_query_outranks_a_shorter_one_holding_one() {
    // "Sleep" has the second word in its summary only.
    let all = ranked("sleep debt");
    let position = |entry: &str| all.iter().position(|e| e == entry).unwrap();
    assert!(
        position("page: Sleep debt in teenagers, young adults and shift workers")
            < position("topic: Sleep"),
        "{all:#?}"
    );
    // And a title outranks a heading that is the word alone.
    let all = ranked("melatonin");
    assert_eq!(
        all[..2],
        [
            "page: Melatonin and light exposure at night",
            "section: Melatonin"
        ]
    );
}

#[test]
fn a_word_finds_its_plural_and_its_plural_the_word() {
    assert!(
        ranked("hormone")
            .contains(&"topic: How sleep shapes appetite and the hunger hormones".to_string())
    );
    // And the other way round: the plural typed finds the singular.
    assert!(
        ranked("worker")
            .contains(&"page: Sleep debt in teenagers, young adults and shift workers".to_string())
    );
    assert_eq!(first("sleep debts", 1), ["term: Sleep debt"]);
}

#[test]
fn greek_is_found_without_its_accents_and_in_capitals() {
    for query in ["ύπνος", "υπνος", "ΥΠΝΟΣ", "Ύπνος", "ὕπνος"] {
        assert_eq!(first(query, 1), ["term: Hypnos"], "{query}");
    }
}
