//! Slugs: lower-case, `-`-separated identifiers made from titles and headings.
//!
//! Letters are lower-cased and common Latin accents folded to ASCII; every run of other
//! characters becomes one `-`. Letters of other scripts are kept, since they are valid
//! in HTML ids and URL fragments. Text outside ASCII is first put in Unicode's composed
//! form (NFC), so an accent typed as a separate combining mark (as some editors and
//! macOS file names store it) gives the same slug as the accented letter, and is
//! lower-cased as a whole, so a Greek capital Σ at the end of a word becomes `ς`, as
//! in the word written in lower case. A combining mark that stays after composition
//! (a Devanagari virama) belongs to its letter.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn slugify(text: &str) -> String {
    if text.is_ascii() {
        slug_of(text)
    } else {
        slug_of(&composed_lower(text))
    }
}

/// `text` in composed form (NFC), lower-cased.
fn composed_lower(text: &str) -> String {
    text.nfc().collect::<String>().to_lowercase()
}

/// What [`slugify`] does once the text is composed.
fn slug_of(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    let push = |slug: &mut String, dash: &mut bool, c: char| {
        if *dash && !slug.is_empty() {
            slug.push('-');
        }
        *dash = false;
        if c.is_ascii() {
            slug.push(c.to_ascii_lowercase());
        } else {
            slug.extend(c.to_lowercase());
        }
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            push(&mut slug, &mut dash, c);
        } else if let Some(folded) = fold(c) {
            for f in folded.chars() {
                push(&mut slug, &mut dash, f);
            }
        } else if c.is_alphanumeric() || (is_combining_mark(c) && !slug.is_empty() && !dash) {
            push(&mut slug, &mut dash, c);
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    slug
}

/// A key that sorts names as a reader expects: composed, lower-cased, with common
/// Latin accents folded (`Éclair` between `Eagle` and `Egg`, not after `Zebra`), and
/// numbers by their value (`Grade 9` before `Grade 10`); other characters are kept.
pub fn sort_key(text: &str) -> String {
    /// Digits a number is padded to: more than any count an author writes.
    const WIDTH: usize = 20;
    let lower = composed_lower(text);
    let mut key = String::with_capacity(lower.len() + WIDTH);
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut number = String::from(c);
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                number.push(d);
                chars.next();
            }
            let digits = number.trim_start_matches('0');
            key.extend(std::iter::repeat_n('0', WIDTH.saturating_sub(digits.len())));
            key.push_str(digits);
        } else {
            match fold(c) {
                Some(folded) => key.push_str(folded),
                None => key.push(c),
            }
        }
    }
    key
}

/// Common Latin letters with accents, as ASCII letters.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'œ' | 'Œ' => "oe",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("What is insulin resistance?"),
            "what-is-insulin-resistance"
        );
        assert_eq!(slugify("  DAG–PKC & IRS  "), "dag-pkc-irs");
        assert_eq!(slugify("Café au lait"), "cafe-au-lait");
        assert_eq!(slugify("The body's fuel"), "the-bodys-fuel");
        assert_eq!(slugify("Ελληνικά"), "ελληνικά");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("Ærø Straße, 2nd"), "aero-strasse-2nd");
    }

    #[test]
    fn one_text_in_any_unicode_form_or_case_gives_one_slug() {
        // "Résumé" with the accents as combining marks (NFD).
        assert_eq!(slugify("Re\u{301}sume\u{301}"), slugify("Résumé"));
        assert_eq!(slugify("Re\u{301}sume\u{301}"), "resume");
        // A capital sigma ends a word as ς, as the word in lower case has it.
        assert_eq!(slugify("ΎΠΝΟΣ"), slugify("Ύπνος"));
        assert_eq!(slugify("Ύπνος"), "ύπνος");
        // A virama joins its consonants instead of cutting the word.
        assert_eq!(slugify("शिक्षा नीति"), "शिक्षा-नीति");
    }

    #[test]
    fn sort_keys_fold_accents_and_case() {
        let mut names = ["Zebra", "Éclair", "apple", "Banana", "Ärger"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["apple", "Ärger", "Banana", "Éclair", "Zebra"]);
        let mut grades = ["Grade 10", "Grade 9", "Grade 1", "Grade 10b", "Grade"];
        grades.sort_by_key(|n| sort_key(n));
        assert_eq!(
            grades,
            ["Grade", "Grade 1", "Grade 9", "Grade 10", "Grade 10b"]
        );
    }
}
