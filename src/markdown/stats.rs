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
        let word: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
        if word.is_empty() {
            continue;
        }
        words += 1;
        syllables += count_syllables(&word);
        if token.ends_with(['.', '!', '?'])
            || token.ends_with(".)")
            || token.ends_with(".”")
            || token.ends_with(".\"")
        {
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

/// Vowel groups, less a silent final `e`, at least one.
pub fn count_syllables(word: &str) -> usize {
    let w = word.to_lowercase();
    if w.chars().all(|c| c.is_ascii_digit()) {
        return 1;
    }
    let chars: Vec<char> = w.chars().collect();
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut prev = false;
    for &c in &chars {
        let v = is_vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    if w.ends_with('e') && !w.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        assert_eq!(count_syllables("cat"), 1);
        assert_eq!(count_syllables("insulin"), 3);
        assert_eq!(count_syllables("make"), 1);
        assert_eq!(count_syllables("table"), 2);
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
