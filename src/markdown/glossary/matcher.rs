//! Finding glossary terms in runs of prose: the site's names, aliases and their
//! plurals, matched on whole words, ASCII case-insensitively (exactly for acronyms),
//! the longest name winning where several start at the same place. Names with other
//! cased letters (`État`) come in several forms from [`super::TermMatcher`], so they
//! too match in any usual case.
//!
//! Every name goes into one Aho–Corasick DFA with leftmost-longest semantics, which
//! this module drives itself, a byte per step: prose here holds a term every few
//! words, and the library's search API costs a restart per match (the hand-driven walk
//! is about 15 % faster on the benchmark's prose). The names go in in lower case and
//! each byte of text is folded as it is walked, rather than asking the library for
//! case-insensitive matching: that doubles the byte classes and so the transition
//! table (630 → 325 KB for the benchmark's 600 names), and a step waits on a load from
//! that table (4.8 → 4.4 ns per byte). Where the longest name at a place
//! does not end a word (or has the wrong case), a shorter one starting there may, so a
//! second automaton that reports every match is asked about that place.
//!
//! Measured and dropped (on the benchmark's pages, where every other word is a term):
//! a hand-driven "standard" DFA that never restarts (6.1 ns per byte against 4.7 for
//! the library's leftmost-longest search), a trie of words with a hash probe per word
//! (8.3 ns: branch mispredictions at every word boundary), walking four texts at
//! once, interleaved, to overlap the table loads (no gain on paragraph-sized texts),
//! and words found from 64-byte bit masks, each looked up by its first 16 bytes in
//! an open-addressing table, then a trie of words (5.8–7.1 ns against 5.3–5.6 on the
//! 1k corpus: its runs of prose average 78 bytes, so most blocks are partial and
//! finding the words alone costs 1.4 ns).
//!
//! This module knows nothing of HTML or links: it yields `(start, end, entry)` per text.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, MatchKind};

/// One name to match: the entry it names, and whether case must match exactly.
#[derive(Debug, Clone)]
struct Pattern {
    entry: u32,
    text: String,
    exact: bool,
}

/// Every name of the glossary, compiled for matching.
#[derive(Debug, Default)]
pub struct Patterns {
    patterns: Vec<Pattern>,
    /// Leftmost-longest matching: the common path.
    fast: Option<DFA>,
    /// Every match, for the rare place where the longest match is not a whole word.
    all: Option<AhoCorasick>,
    /// Longest name in bytes.
    max_len: usize,
}

/// A match: its byte range in the text, and the entry it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: u32,
    pub end: u32,
    pub entry: u32,
}

impl Patterns {
    /// Adds `text` as a name of `entry`. Of two names of the same length matching at
    /// the same place, the one added first wins.
    pub fn push(&mut self, text: String, entry: usize, exact: bool) {
        if !text.is_empty() {
            self.patterns.push(Pattern {
                entry: entry as u32,
                text,
                exact,
            });
        }
    }

    /// Compiles the names once every one is in.
    pub fn index(mut self) -> Self {
        if self.patterns.is_empty() {
            return self;
        }
        let names = || self.patterns.iter().map(|p| p.text.to_ascii_lowercase());
        self.fast = Some(
            DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .build(names())
                .expect("glossary automaton"),
        );
        self.all = Some(
            AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(names())
                .expect("glossary automaton"),
        );
        self.max_len = self
            .patterns
            .iter()
            .map(|p| p.text.len())
            .max()
            .unwrap_or(0);
        self
    }

    /// Appends the non-overlapping whole-word matches in `text` to `found`, in order.
    ///
    /// Never inlined: inlined into its caller (which an unrelated change elsewhere in
    /// the crate can bring about) the walk was 20 % slower, its state spilled to the
    /// stack among the caller's variables.
    #[inline(never)]
    pub fn find_in(&self, text: &str, found: &mut Vec<Found>) {
        let Some(dfa) = &self.fast else {
            return;
        };
        let Ok(start) = dfa.start_state(Anchored::No) else {
            return;
        };
        let hay = text.as_bytes();
        let mut sid = start;
        let mut at = 0;
        // The longest match of the current search: its pattern and end.
        let mut last: Option<(usize, usize)> = None;
        loop {
            if at < hay.len() {
                sid = dfa.next_state(Anchored::No, sid, hay[at].to_ascii_lowercase());
                at += 1;
                if !dfa.is_special(sid) {
                    continue;
                }
                if dfa.is_match(sid) {
                    last = Some((dfa.match_pattern(sid, 0).as_usize(), at));
                    continue;
                }
            }
            // The end of the text or a dead state: the longest match is complete.
            let Some((pattern, end)) = last.take() else {
                break;
            };
            let begin = end - self.patterns[pattern].text.len();
            at = match self.resolve(text, begin, end, pattern) {
                Some((s, e, entry)) => {
                    found.push(Found {
                        start: s as u32,
                        end: e as u32,
                        entry: entry as u32,
                    });
                    e
                }
                None => begin + text[begin..].chars().next().map_or(1, char::len_utf8),
            };
            sid = start;
        }
    }

    /// The match that counts where the longest name `pattern` matched `start..end`:
    /// that one when it is a whole word, else the longest shorter one that is.
    fn resolve(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Option<(usize, usize, usize)> {
        self.accept(text, start, end, pattern).or_else(|| {
            // Only word starts count.
            (!word_char_before(text, start))
                .then(|| self.longest_at(text, start))
                .flatten()
        })
    }

    /// `(start, end, entry)` when `pattern` matched at `start..end` is a valid use.
    fn accept(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Option<(usize, usize, usize)> {
        let pattern = &self.patterns[pattern];
        let valid = (!pattern.exact || pattern.text == text[start..end])
            && !word_char_before(text, start)
            && !word_char_at(text, end);
        valid.then_some((start, end, pattern.entry as usize))
    }

    /// The longest valid match that starts exactly at `start`.
    fn longest_at(&self, text: &str, start: usize) -> Option<(usize, usize, usize)> {
        let all = self.all.as_ref()?;
        let mut end = (start + self.max_len + 1).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        all.find_overlapping_iter(&text[start..end].to_ascii_lowercase())
            .filter(|m| m.start() == 0)
            .filter_map(|m| self.accept(text, start, start + m.end(), m.pattern().as_usize()))
            // The longest; of equal ones, the name added first.
            .min_by_key(|&(_, end, _)| std::cmp::Reverse(end))
    }
}

/// A character of a term or a word: alphanumeric, `-` or `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Whether the character at byte `i` (a character boundary) is a word character.
fn word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => is_word_byte(b),
        Some(_) => text[i..].chars().next().is_some_and(is_word_char),
    }
}

/// Whether the character just before byte `i` (a character boundary) is a word character.
fn word_char_before(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|j| text.as_bytes()[j]) {
        None => false,
        Some(b) if b < 0x80 => is_word_byte(b),
        Some(_) => text[..i].chars().next_back().is_some_and(is_word_char),
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(names: &[(&str, bool)]) -> Patterns {
        let mut p = Patterns::default();
        for (i, (name, exact)) in names.iter().enumerate() {
            p.push((*name).to_string(), i, *exact);
        }
        p.index()
    }

    impl Patterns {
        /// Non-overlapping whole-word matches in `text`: `(start, end, entry)`.
        fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
            let mut found = Vec::new();
            self.find_in(text, &mut found);
            found
                .into_iter()
                .map(|f| (f.start as usize, f.end as usize, f.entry as usize))
                .collect()
        }
    }

    fn found<'t>(p: &Patterns, text: &'t str) -> Vec<&'t str> {
        p.find(text)
            .into_iter()
            .map(|(s, e, _)| &text[s..e])
            .collect()
    }

    #[test]
    fn longest_name_at_a_word_wins_and_matches_do_not_overlap() {
        let p = patterns(&[
            ("insulin", false),
            ("insulin resistance", false),
            ("resistance", false),
        ]);
        assert_eq!(
            found(&p, "Insulin resistance, then insulin; resistance."),
            ["Insulin resistance", "insulin", "resistance"]
        );
    }

    #[test]
    fn only_whole_words() {
        let p = patterns(&[("cell", false), ("beta", false)]);
        assert!(found(&p, "cells cellular beta-cell alphabeta beta_x xbeta").is_empty());
        assert_eq!(found(&p, "(cell) beta."), ["cell", "beta"]);
    }

    #[test]
    fn a_shorter_name_matches_where_the_longer_one_runs_into_a_word() {
        let p = patterns(&[("insulin", false), ("insulin res", false)]);
        assert_eq!(found(&p, "insulin resistance"), ["insulin"]);
    }

    #[test]
    fn exact_names_match_only_in_their_case() {
        let p = patterns(&[("GLUT4", true)]);
        assert_eq!(found(&p, "glut4 Glut4 GLUT4"), ["GLUT4"]);
    }

    #[test]
    fn non_ascii_letters_are_word_characters_and_are_not_folded() {
        let p = patterns(&[("café", false), ("über", false), ("naïve set", false)]);
        assert_eq!(
            found(&p, "CAFé über Über cafés naïve set"),
            ["CAFé", "über", "naïve set"]
        );
    }

    #[test]
    fn names_starting_with_punctuation() {
        let p = patterns(&[(".NET", true), ("(R)-form", false)]);
        assert_eq!(
            found(&p, "ASP.NET and .NET; the (r)-form."),
            [".NET", "(r)-form"]
        );
    }

    #[test]
    fn long_words_are_looked_up_whole() {
        let long = "a".repeat(64 + 10);
        let p = patterns(&[(&long, false), ("b", false)]);
        let text = format!("{long} b {}", "a".repeat(64 + 11));
        assert_eq!(found(&p, &text), [long.as_str(), "b"]);
    }

    /// The reference semantics, written the slow and obvious way: at each word start,
    /// the longest valid name; the walk goes on after it.
    fn naive(names: &[(&str, bool)], text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let starts_word = !word_char_before(text, i);
            let best = names
                .iter()
                .filter(|(n, _)| starts_word && !n.is_empty())
                .filter_map(|(n, exact)| {
                    let slice = text.as_bytes().get(i..i + n.len())?;
                    let same = if *exact {
                        slice == n.as_bytes()
                    } else {
                        slice.eq_ignore_ascii_case(n.as_bytes())
                    };
                    let end = i + n.len();
                    (same && text.is_char_boundary(end) && !word_char_at(text, end)).then_some(end)
                })
                .max();
            match best {
                Some(end) => {
                    out.push((i, end));
                    i = end;
                }
                None => i += text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    #[test]
    fn agrees_with_the_obvious_algorithm_on_generated_text() {
        let names: &[(&str, bool)] = &[
            ("a", false),
            ("ab", false),
            ("a b", false),
            ("a-b", false),
            ("b c", false),
            ("AB", true),
            ("é", false),
            ("(a", false),
            ("c.", false),
        ];
        let p = patterns(names);
        let alphabet = ["a", "A", "b", "B", "c", " ", "-", "(", ".", "é", "x", "_"];
        // Every text of up to five symbols from the alphabet, enumerated in base 12.
        for len in 0..=5u32 {
            for mut n in 0..alphabet.len().pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                let got: Vec<(usize, usize)> =
                    p.find(&text).into_iter().map(|(s, e, _)| (s, e)).collect();
                assert_eq!(got, naive(names, &text), "text {text:?}");
            }
        }
    }
}
