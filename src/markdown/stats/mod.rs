//! Reading statistics of a page: word count, reading time and the Flesch–Kincaid grade.
//!
//! Only prose counts: text in paragraphs, lists, quotes and table cells, not headings or
//! code. The grade uses the standard formula
//! `0.39 × words/sentences + 11.8 × syllables/words − 15.59` with a vowel-group syllable
//! estimate, which is what readability tools commonly do.

mod ascii;

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

use super::events::Ev;

/// Words read per minute for the reading-time estimate.
pub const WORDS_PER_MINUTE: usize = 220;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ReadingStats {
    pub words: usize,
    pub minutes: usize,
    /// Flesch–Kincaid grade level, one decimal.
    pub grade: f64,
}

/// Measures the prose of a page's events in one streaming pass. It counts exactly what
/// [`stats_of`] counts for the page's prose joined with spaces, where the end of a
/// paragraph, list item, table cell or definition term that lacks a full stop gets one.
pub fn measure(events: &[Ev<'_>]) -> ReadingStats {
    let mut counter = Counter::default();
    let mut skip = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if skip == 0 => counter.text(t),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::DefinitionListTitle,
            ) => counter.end_of_thought(),
            _ => {}
        }
    }
    counter.stats()
}

/// Running counts, and what the end of a block needs to know of the last token.
#[derive(Default)]
struct Counter {
    words: usize,
    syllables: usize,
    sentences: usize,
    /// The last token so far: its last character, whether it is a word, and whether
    /// it already ends a sentence.
    last: Option<(char, bool, bool)>,
}

impl Counter {
    fn text(&mut self, text: &str) {
        if text.is_ascii() {
            return ascii::tokens(text, |t| {
                self.token(char::from(t.last), t.syllables, t.ends);
            });
        }
        for token in text.split_whitespace() {
            let last_char = token.chars().next_back().unwrap_or(' ');
            self.token(last_char, count_syllables(token), sentence_end(token));
        }
    }

    /// Counts one token: a word when it has syllables (letters or digits).
    fn token(&mut self, last_char: char, syllables: Option<usize>, ends: bool) {
        match syllables {
            Some(count) => {
                self.words += 1;
                self.syllables += count;
                self.sentences += usize::from(ends);
                self.last = Some((last_char, true, ends));
            }
            None => self.last = Some((last_char, false, false)),
        }
    }

    /// Headings, list items and cells end a thought even without a full stop: the
    /// last token then ends a sentence.
    fn end_of_thought(&mut self) {
        if let Some((last_char, word, ends)) = &mut self.last
            && !matches!(last_char, '.' | '!' | '?' | ':')
        {
            if *word && !*ends {
                self.sentences += 1;
                *ends = true;
            }
            *last_char = '.';
        }
    }

    fn stats(&self) -> ReadingStats {
        finish(self.words, self.syllables, self.sentences)
    }
}

fn sentence_end(token: &str) -> bool {
    token
        .trim_end_matches([')', '"', '\u{201d}', '\u{2019}', '\''])
        .ends_with(['.', '!', '?'])
}

/// Statistics of plain prose.
pub fn stats_of(prose: &str) -> ReadingStats {
    let mut counter = Counter::default();
    counter.text(prose);
    counter.stats()
}

fn finish(words: usize, syllables: usize, sentences: usize) -> ReadingStats {
    if words == 0 {
        return ReadingStats::default();
    }
    let sentences = sentences.max(1);
    let grade =
        0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59;
    ReadingStats {
        words,
        minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
        grade: (grade.max(0.0) * 10.0).round() / 10.0,
    }
}

/// Syllables of one token: vowel groups, less a silent final `e`, at least one;
/// `None` when the token has no letters or digits (punctuation is not a word). ASCII
/// prose is counted by [`ascii`] with the same rule, a block at a time; this serves
/// other text and the rare token longer than a block.
pub fn count_syllables(token: &str) -> Option<usize> {
    let (mut letters, mut non_digit, mut groups) = (0usize, false, 0usize);
    let (mut prev_vowel, mut last, mut before_last) = (false, '\0', '\0');
    // Only letters and digits count; a vowel group is a run of vowels among them.
    for c in token
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
    {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        letters += 1;
        non_digit |= !c.is_ascii_digit();
        groups += usize::from(vowel && !prev_vowel);
        prev_vowel = vowel;
        before_last = last;
        last = c;
    }
    if letters == 0 {
        return None;
    }
    if !non_digit {
        return Some(1);
    }
    let silent_e = last == 'e' && before_last != 'l' && groups > 1;
    Some((groups - usize::from(silent_e)).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        assert_eq!(count_syllables("cat"), Some(1));
        assert_eq!(count_syllables("insulin,"), Some(3));
        assert_eq!(count_syllables("make"), Some(1));
        assert_eq!(count_syllables("table"), Some(2));
        assert_eq!(count_syllables("—"), None);
    }

    /// The former two-step measure: join the prose, mark unfinished blocks, count.
    fn reference(events: &[Ev<'_>]) -> ReadingStats {
        let mut prose = String::new();
        let mut skip = 0usize;
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => skip += 1,
                Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
                Event::Text(t) | Event::Code(t) if skip == 0 => {
                    prose.push_str(t);
                    prose.push(' ');
                }
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::DefinitionListTitle,
                ) => {
                    let trimmed = prose.trim_end();
                    if !trimmed.is_empty() && !trimmed.ends_with(['.', '!', '?', ':']) {
                        prose.truncate(trimmed.len());
                        prose.push_str(". ");
                    }
                }
                _ => {}
            }
        }
        let (mut words, mut syllables, mut sentences) = (0, 0, 0);
        for token in prose.split_whitespace() {
            let Some(count) = count_syllables(token) else {
                continue;
            };
            words += 1;
            syllables += count;
            let end = token.trim_end_matches([')', '"', '\u{201d}', '\u{2019}', '\'']);
            sentences += usize::from(end.ends_with(['.', '!', '?']));
        }
        finish(words, syllables, sentences)
    }

    #[test]
    fn streaming_measure_counts_what_joined_prose_counts() {
        let pages = [
            "One two three\n\n- item one\n- item two.\n- (see above.)\n\n| a | b |\n|---|---|\n| cell | x |\n",
            "A paragraph that ends with a colon:\n\n```\ncode here\n```\n\n— \n\nLast \"quoted\"",
            "## Heading words\n\nText `code span` and *emphasis*\n\n1. one\n2. two!\n\n> quote without stop",
            "Numbers 1984 and 3.14 end here?\n\nTerm\n: definition text\n",
            "",
            "...\n\n!!\n\nword",
        ];
        for page in pages {
            let events = crate::markdown::events::parse(page);
            assert_eq!(measure(&events), reference(&events), "{page:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn streaming_measure_matches_on_arbitrary_pages(
            page in proptest::string::string_regex(
                "([a-zA-Z]{1,9}|[ .!?:)\"'—-]|\t|\u{b}|\n\n|\n- |\n## |`|\\*|\n```\n|1984|é){0,60}"
            ).unwrap()
        ) {
            let events = crate::markdown::events::parse(&page);
            proptest::prop_assert_eq!(measure(&events), reference(&events));
        }
    }

    #[test]
    fn simple_text_reads_at_a_lower_grade_than_dense_text() {
        let easy = stats_of("The cat sat. The dog ran. We ate.");
        let hard = stats_of(
            "Hyperinsulinemia precipitates compensatory pancreatic hypersecretion, ultimately exhausting beta-cell functionality.",
        );
        assert!(easy.grade < 2.0, "{easy:?}");
        assert!(hard.grade > 15.0, "{hard:?}");
        assert_eq!(easy.words, 8);
        assert_eq!(easy.minutes, 1);
    }
}
