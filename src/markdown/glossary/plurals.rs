//! The regular plurals of a glossary name in the site's language, matched like the
//! name itself so that "cells" links "cell" and « cellules graisseuses » links
//! « cellule graisseuse ». Rules, by the language tag's first part:
//!
//! - **English** (and any language without rules of its own): the last word takes
//!   -s, -es or consonant + y → -ies.
//! - **French, Spanish, Portuguese, Italian**: every word before the first linking
//!   word (a preposition or article: « résistance *à* l'insuline », « tejido
//!   adiposo ») takes its plural, since adjectives agree with their noun (the words
//!   after the first also stay as they are, for a noun used as a modifier:
//!   « cellules bêta »); words after the linking word stay as they are. French adds -s (-x after -eau, -au, -eu; -al → -aux); Spanish
//!   -s after a vowel, -es after a consonant (-z → -ces, and -ión → -iones loses its
//!   accent); Portuguese -s, -ão → -ões, -m → -ns, -r/-z → -es, -l → -is; Italian -o
//!   → -i, -a → -e, -e → -i (-ca → -che, -co → -chi and -ci, -io → -i).
//! - **German**: the last word, of four letters or more, takes each of the usual
//!   endings that fit its end (-n after -e, -el, -er; -nen after -in; -s and -en
//!   after another vowel; -e, -en, -er and -s after a consonant), since which one a
//!   noun takes is not written in the word.
//!
//! A name in capitals (an acronym) takes -s in every language. Forms these rules get
//! wrong, or irregular plurals, are the author's aliases; a generated form never wins
//! over a name an entry gives (see [`super::TermMatcher`]).

/// At most this many forms of a name of several words (each word may have two).
const MAX_FORMS: usize = 4;

/// The regular plurals of `name` in `language` (a BCP 47 tag).
pub fn plurals(name: &str, language: &str) -> Vec<String> {
    if super::is_acronym(name) {
        return vec![format!("{name}s")];
    }
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => agreeing(name, french, FRENCH_LINKS),
        "es" => agreeing(name, spanish, SPANISH_LINKS),
        "pt" => agreeing(name, portuguese, PORTUGUESE_LINKS),
        "it" => agreeing(name, italian, ITALIAN_LINKS),
        "de" => last_word(name, german),
        _ => last_word(name, |w| vec![english(w)]),
    }
}

/// `name` with its last word replaced by each of its plurals.
fn last_word(name: &str, plural: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let (head, word) = match name.rfind(' ') {
        Some(at) => name.split_at(at + 1),
        None => ("", name),
    };
    plural(word)
        .into_iter()
        .filter(|p| p != word)
        .map(|p| format!("{head}{p}"))
        .collect()
}

/// `name` with every word before its first linking word in the plural (each
/// combination of the words' plurals, up to [`MAX_FORMS`]).
fn agreeing(name: &str, plural: fn(&str) -> Vec<String>, links: &[&str]) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let agree = words
        .iter()
        .position(|w| is_link(w, links))
        .unwrap_or(words.len());
    let mut forms: Vec<String> = vec![String::new()];
    for (i, word) in words.iter().enumerate() {
        let mut options = vec![(*word).to_string()];
        if i < agree && !word.is_empty() {
            // The first word is the noun; a word after it may agree with it, or be a
            // noun used as a modifier, which does not (« cellules bêta »).
            let plurals = plural(word).into_iter().filter(|p| p != word);
            if i == 0 {
                options = plurals.collect();
            } else {
                options.splice(0..0, plurals);
            }
            if options.is_empty() {
                options.push((*word).to_string());
            }
        }
        let mut next = Vec::new();
        for form in &forms {
            for option in &options {
                if next.len() < MAX_FORMS {
                    let space = if i == 0 { "" } else { " " };
                    next.push(format!("{form}{space}{option}"));
                }
            }
        }
        forms = next;
    }
    forms.retain(|f| f != name);
    forms
}

/// A preposition, article or elided word (`l'`, `d’`), which ends the words that agree.
fn is_link(word: &str, links: &[&str]) -> bool {
    let lower = word.to_lowercase();
    links.contains(&lower.as_str()) || lower.contains(['\'', '’'])
}

const FRENCH_LINKS: &[&str] = &[
    "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "par", "pour", "sans",
    "sur", "avec", "chez", "contre", "entre", "sous", "vers", "ou",
];
const SPANISH_LINKS: &[&str] = &[
    "a", "al", "de", "del", "en", "con", "sin", "por", "para", "la", "el", "las", "los", "y", "o",
    "sobre", "entre", "contra",
];
const PORTUGUESE_LINKS: &[&str] = &[
    "a", "à", "ao", "aos", "às", "de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas",
    "com", "sem", "por", "pela", "pelo", "para", "o", "os", "as", "e", "ou", "entre",
];
const ITALIAN_LINKS: &[&str] = &[
    "a", "al", "alla", "ai", "agli", "alle", "di", "del", "della", "dei", "degli", "delle", "da",
    "dal", "dalla", "in", "nel", "nella", "con", "per", "su", "sul", "sulla", "tra", "fra", "e",
    "o", "il", "lo", "la", "i", "gli", "le",
];

/// `word` without its last `n` characters, and `ending` after it.
fn replace_end(word: &str, n: usize, ending: &str) -> String {
    let cut = word
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    format!("{}{ending}", &word[..if n == 0 { word.len() } else { cut }])
}

/// English: -s, -es after a sibilant, consonant + y → -ies.
fn english(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        format!("{word}es")
    } else if lower.ends_with('y') && !["ay", "ey", "oy", "uy"].iter().any(|e| lower.ends_with(e)) {
        replace_end(word, 1, "ies")
    } else {
        format!("{word}s")
    }
}

fn french(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    if lower.ends_with(['s', 'x', 'z']) {
        vec![word.to_string()]
    } else if lower.ends_with("eau") || lower.ends_with("au") || lower.ends_with("eu") {
        vec![format!("{word}x"), format!("{word}s")]
    } else if lower.ends_with("al") {
        vec![replace_end(word, 2, "aux"), format!("{word}s")]
    } else {
        vec![format!("{word}s")]
    }
}

fn spanish(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let last = lower.chars().next_back().unwrap_or(' ');
    // An accented last syllable in -n or -s loses its accent: función → funciones.
    for (accented, plain) in [
        ("ión", "iones"),
        ("án", "anes"),
        ("én", "enes"),
        ("ín", "ines"),
        ("ón", "ones"),
        ("ún", "unes"),
        ("és", "eses"),
    ] {
        if lower.ends_with(accented) {
            return vec![replace_end(word, accented.chars().count(), plain)];
        }
    }
    if "aeiouáéó".contains(last) {
        vec![format!("{word}s")]
    } else if "íú".contains(last) {
        vec![format!("{word}es"), format!("{word}s")]
    } else if last == 'z' {
        vec![replace_end(word, 1, "ces")]
    } else if last == 's' || last == 'x' {
        // análisis, tórax: the same in the plural; mes → meses.
        vec![word.to_string(), format!("{word}es")]
    } else {
        vec![format!("{word}es")]
    }
}

fn portuguese(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let last = lower.chars().next_back().unwrap_or(' ');
    if lower.ends_with("ão") {
        vec![replace_end(word, 2, "ões"), format!("{word}s")]
    } else if lower.ends_with("il") {
        vec![replace_end(word, 1, "s"), replace_end(word, 2, "eis")]
    } else if last == 'l' {
        vec![replace_end(word, 1, "is")]
    } else if last == 'm' {
        vec![replace_end(word, 1, "ns")]
    } else if last == 'r' || last == 'z' {
        vec![format!("{word}es")]
    } else if last == 's' || last == 'x' {
        vec![word.to_string(), format!("{word}es")]
    } else {
        vec![format!("{word}s")]
    }
}

fn italian(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    if ends("ca") || ends("ga") {
        vec![replace_end(word, 1, "he")]
    } else if ends("co") || ends("go") {
        vec![replace_end(word, 1, "hi"), replace_end(word, 1, "i")]
    } else if ends("io") {
        vec![replace_end(word, 1, "")]
    } else if ends("o") || ends("e") {
        vec![replace_end(word, 1, "i")]
    } else if ends("a") {
        // Most nouns in -a are feminine (-e); some are masculine (sistema → sistemi).
        vec![replace_end(word, 1, "e"), replace_end(word, 1, "i")]
    } else {
        // A stressed vowel, a consonant: the same in the plural (città, bar).
        vec![word.to_string()]
    }
}

/// Words shorter than this take no German ending: with every ending tried,
/// a short word would become a common one (`Ei` + `n` is `Ein`).
const MIN_GERMAN: usize = 4;

fn german(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    if lower.chars().count() < MIN_GERMAN {
        return Vec::new();
    }
    let endings: &[&str] = if lower.ends_with('e') || lower.ends_with("el") || lower.ends_with("er")
    {
        // Zelle → Zellen, Muskel → Muskeln, Faser → Fasern.
        &["n"]
    } else if lower.ends_with("in") {
        &["nen"]
    } else if lower.ends_with(['a', 'i', 'o', 'u', 'y']) {
        &["s", "en"]
    } else {
        &["e", "en", "er", "s"]
    };
    endings.iter().map(|e| format!("{word}{e}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_plurals_of_the_last_word() {
        assert_eq!(plurals("ketone", "en"), ["ketones"]);
        assert_eq!(plurals("body", "en-GB"), ["bodies"]);
        assert_eq!(plurals("day", "en"), ["days"]);
        assert_eq!(plurals("glucose uptake", "en"), ["glucose uptakes"]);
        assert_eq!(plurals("PKC", "en"), ["PKCs"]);
        assert_eq!(plurals("mass", "en"), ["masses"]);
        // A language without rules of its own gets these.
        assert_eq!(plurals("cell", "sv"), ["cells"]);
    }

    #[test]
    fn french_words_agree_up_to_the_first_linking_word() {
        assert_eq!(
            plurals("cellule graisseuse", "fr"),
            ["cellules graisseuses", "cellules graisseuse"]
        );
        assert!(plurals("cellule bêta", "fr").contains(&"cellules bêta".into()));
        assert_eq!(
            plurals("résistance à l'insuline", "fr"),
            ["résistances à l'insuline"]
        );
        assert_eq!(plurals("tissu adipeux", "fr"), ["tissus adipeux"]);
        assert_eq!(plurals("acide gras", "fr"), ["acides gras"]);
        assert_eq!(plurals("signal", "fr-CA"), ["signaux", "signals"]);
        assert_eq!(plurals("niveau", "fr"), ["niveaux", "niveaus"]);
        assert!(plurals("indice glycémique", "fr").contains(&"indices glycémiques".into()));
        assert!(plurals("glucose", "fr") == ["glucoses"]);
        assert_eq!(plurals("ARN", "fr"), ["ARNs"]);
    }

    #[test]
    fn spanish_portuguese_and_italian() {
        assert_eq!(
            plurals("resistencia a la insulina", "es"),
            ["resistencias a la insulina"]
        );
        assert_eq!(
            plurals("tejido adiposo", "es"),
            ["tejidos adiposos", "tejidos adiposo"]
        );
        assert_eq!(plurals("función", "es"), ["funciones"]);
        assert_eq!(
            plurals("célula beta", "es"),
            ["células betas", "células beta"]
        );
        assert_eq!(plurals("luz", "es"), ["luces"]);
        assert!(plurals("hormona", "es") == ["hormonas"]);
        assert_eq!(plurals("proteína", "pt-BR"), ["proteínas"]);
        assert_eq!(plurals("inflamação", "pt"), ["inflamações", "inflamaçãos"]);
        assert_eq!(plurals("tecido adiposo", "pt")[0], "tecidos adiposos");
        assert_eq!(plurals("nível", "pt"), ["níveis"]);
        assert_eq!(plurals("cellula", "it"), ["cellule", "celluli"]);
        assert_eq!(plurals("tessuto adiposo", "it")[0], "tessuti adiposi");
        assert_eq!(
            plurals("resistenza all'insulina", "it"),
            ["resistenze all'insulina", "resistenzi all'insulina"]
        );
        assert!(plurals("indice glicemico", "it").contains(&"indici glicemici".into()));
    }

    #[test]
    fn german_takes_each_usual_ending_that_fits() {
        assert_eq!(plurals("Zelle", "de"), ["Zellen"]);
        assert_eq!(plurals("Muskel", "de"), ["Muskeln"]);
        assert_eq!(
            plurals("Hormon", "de"),
            ["Hormone", "Hormonen", "Hormoner", "Hormons"]
        );
        assert_eq!(plurals("Ärztin", "de-AT"), ["Ärztinnen"]);
        assert_eq!(plurals("braunes Fettgewebe", "de"), ["braunes Fettgeweben"]);
        // A short word would become a common one: Ei + n is "Ein".
        assert!(plurals("Ei", "de").is_empty());
    }
}
