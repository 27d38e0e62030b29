//! The words of the search index: how a text is cut into tokens (lower case, the
//! common Latin accents folded, Greek without its accents and breathings, one-letter
//! words left out, and on an English site English stop words, and plurals made one
//! with their singular) and which bucket file a token lives in. `strata.js` cuts a query the same way, so both must change
//! together; the index's `meta.json` says `"keeps_stopwords": true` where stop words
//! are kept.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "its",
    "of", "on", "or", "the", "this", "to", "was", "what", "when", "which", "why", "with",
];

/// Calls `found` with each lower-case, ASCII-folded word of `text` that is not an
/// English stop word (when `stop_words` is set), from one reused buffer (an index sees
/// millions of words).
pub fn each_token(text: &str, stop_words: bool, mut found: impl FnMut(&str)) {
    let prepared: String;
    let text = if text.is_ascii() {
        text
    } else {
        prepared = prepare(text);
        &prepared
    };
    let mut folded = String::new();
    // A combining mark left after composing (on a capital that has no composed form
    // with it) belongs to its word.
    for word in text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c))) {
        if word.is_empty() {
            continue;
        }
        if word.is_ascii() {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
        } else {
            folded = crate::slug::slugify(word)
                .chars()
                .filter(|&c| c != '-')
                .map(fold_greek)
                .collect();
        }
        if folded.chars().nth(1).is_none() || (stop_words && STOPWORDS.contains(&folded.as_str())) {
            continue;
        }
        if stop_words {
            stem_english(&mut folded);
        }
        found(&folded);
    }
}

/// An English word's plural and final -y made one form, so that `cell` finds "cells"
/// and `bodies` finds "body" (the first step of Porter's stemmer, and its -y → -i):
/// -sses → -ss, -ies → -i, -s → nothing (but not -ss, -us, -is: `mass`, `status`,
/// `analysis`), then a -y after a consonant → -i. Both sides do it, so `bodi` is
/// never seen. Words of three letters or fewer are left alone (`gas`, `bus`).
/// `strata.js` (`stem`) does the same.
pub fn stem_english(token: &mut String) {
    if token.len() <= 3 || !token.is_ascii() {
        return;
    }
    if token.ends_with("sses") || (token.ends_with("ies") && token.len() >= 5) {
        token.truncate(token.len() - 2);
    } else if token.ends_with('s')
        && !(token.ends_with("ss") || token.ends_with("us") || token.ends_with("is"))
    {
        token.pop();
    }
    let bytes = token.as_bytes();
    if let [.., before, b'y'] = bytes
        && bytes.len() >= 3
        && !b"aeiouy".contains(before)
    {
        token.pop();
        token.push('i');
    }
}

/// `text` composed (NFC), as the script prepares a query: Greek letters without
/// their accents, breathings and diaeresis (`ύπνος`, `ὕπνος` and `ΫΠΝΟΣ` read as
/// `υπνος`: Greek is often typed without them, and capitals drop them), the dot that
/// a Turkish `İ` keeps when lower-cased left out, and the micro sign read as `μ`.
fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut base = '\0';
    for c in text.nfd() {
        if is_combining_mark(c) {
            let greek = matches!(base, '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}');
            let turkish_dot = c == '\u{307}' && matches!(base, 'i' | 'I');
            if (greek && ('\u{300}'..='\u{36f}').contains(&c)) || turkish_dot {
                continue;
            }
        } else {
            base = c;
        }
        out.push(if c == '\u{b5}' { 'μ' } else { c });
    }
    out.nfc().collect()
}

/// Final sigma as `σ`, so a word typed with either matches.
fn fold_greek(c: char) -> char {
    if c == 'ς' { 'σ' } else { c }
}

/// A character a bucket key may hold (keys are file names).
pub(super) fn key_char(c: char) -> bool {
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
