//! Reading statistics of a page: word count, reading time and the Flesch–Kincaid grade.
//!
//! Only prose counts: text in paragraphs, lists, quotes and table cells, not headings or
//! code. The grade uses the standard formula
//! `0.39 × words/sentences + 11.8 × syllables/words − 15.59` with a vowel-group syllable
//! estimate, which is what readability tools commonly do.

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

/// Measures the prose of a page's events.
pub fn measure(events: &[Ev<'_>]) -> ReadingStats {
    let mut prose = String::new();
    let mut skip = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::Text(t) if skip == 0 => {
                prose.push_str(t);
                prose.push(' ');
            }
            Event::Code(t) if skip == 0 => {
                prose.push_str(t);
                prose.push(' ');
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::DefinitionListTitle,
            ) => {
                // Headings, list items and cells end a thought even without a full stop.
                let trimmed = prose.trim_end();
                if !trimmed.is_empty() && !trimmed.ends_with(['.', '!', '?', ':']) {
                    prose.truncate(trimmed.len());
                    prose.push_str(". ");
                }
            }
            _ => {}
        }
    }
    stats_of(&prose)
}

/// Statistics of plain prose.
pub fn stats_of(prose: &str) -> ReadingStats {
    let mut words = 0usize;
    let mut syllables = 0usize;
    let mut sentences = 0usize;
    for token in prose.split_whitespace() {
        let Some(count) = count_syllables(token) else {
            continue;
        };
        words += 1;
        syllables += count;
        let end = token.trim_end_matches([')', '"', '\u{201d}', '\u{2019}', '\'']);
        if end.ends_with(['.', '!', '?']) {
            sentences += 1;
        }
    }
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
/// `None` when the token has no letters or digits (punctuation is not a word).
pub fn count_syllables(token: &str) -> Option<usize> {
    if token.is_ascii() {
        // The common case, byte by byte: the same rule as below.
        let mut shape = Shape::default();
        for b in token.bytes().filter(u8::is_ascii_alphanumeric) {
            shape.push(char::from(b.to_ascii_lowercase()));
        }
        return shape.syllables();
    }
    let mut shape = Shape::default();
    for c in token.chars().filter(|c| c.is_alphanumeric()) {
        shape.push(c.to_ascii_lowercase());
    }
    shape.syllables()
}

/// What the syllable estimate needs to know of a word, letter by letter.
#[derive(Default)]
struct Shape {
    letters: usize,
    non_digit: bool,
    groups: usize,
    prev_vowel: bool,
    last: char,
    before_last: char,
}

impl Shape {
    fn push(&mut self, c: char) {
        self.letters += 1;
        self.non_digit |= !c.is_ascii_digit();
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if vowel && !self.prev_vowel {
            self.groups += 1;
        }
        self.prev_vowel = vowel;
        self.before_last = self.last;
        self.last = c;
    }

    fn syllables(&self) -> Option<usize> {
        if self.letters == 0 {
            return None;
        }
        if !self.non_digit {
            return Some(1);
        }
        let mut count = self.groups;
        if self.last == 'e' && self.before_last != 'l' && count > 1 {
            count -= 1;
        }
        Some(count.max(1))
    }
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
