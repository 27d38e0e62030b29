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
//!   « cellules bêta »); words after the linking word stay as they are. Each
//!   language's usual endings, below.
//! - **German**: the last word takes the endings that fit its end, and the form is
//!   matched only with its first letter a capital, as German writes nouns: `Zellen`
//!   links `Zelle`, but the verb `arbeiten` does not link `Arbeit`. Endings that
//!   make other nouns (`Arbeit` + `er`) are not tried.
//!
//! Rules that would give a common other word are narrowed (French -au → -aux only
//! after four letters, so `tau` does not give `taux`; Italian -a → -i only for -ma,
//! so `offerta` does not give the participle `offerti`), and a form that is one of a
//! language's function words (`vers`, `nós`, `stati`) is never generated. Audited on
//! realistic glossaries and prose in each language: a generated form that is wrong
//! puts a wrong definition in a reader's tooltip, so the rules prefer missing a form
//! (the author adds it as an alias) to linking the wrong word.
//!
//! A name in capitals (an acronym) takes -s in every language. A generated form never
//! wins over a name an entry gives (see [`super::TermMatcher`]).

/// At most this many forms of a name of several words.
const MAX_FORMS: usize = 6;

/// The regular plurals of `name` in `language` (a BCP 47 tag).
pub fn plurals(name: &str, language: &str) -> Vec<String> {
    if super::is_acronym(name) {
        return vec![format!("{name}s")];
    }
    let primary = crate::i18n::primary_subtag(language);
    let forms = match primary.as_str() {
        "fr" => agreeing(name, french, FRENCH_LINKS),
        "es" => agreeing(name, spanish, SPANISH_LINKS),
        "pt" => agreeing(name, portuguese, PORTUGUESE_LINKS),
        "it" => agreeing(name, italian, ITALIAN_LINKS),
        "de" => last_word(name, german),
        _ => last_word(name, |w| vec![english(w)]),
    };
    let never = function_words(&primary);
    forms
        .into_iter()
        .filter(|form| !never.contains(&form.to_lowercase().as_str()))
        .collect()
}

/// Whether the plurals of `language` are matched in their case as generated (German,
/// whose nouns start with a capital), not in any case.
pub fn case_sensitive(language: &str) -> bool {
    crate::i18n::primary_subtag(language) == "de"
}

/// Words a generated form must never be: the language's prepositions, pronouns and
/// auxiliaries that a regular ending can make of a noun (`ver` + s, `nó` + s).
fn function_words(primary: &str) -> &'static [&'static str] {
    match primary {
        "fr" => &[
            "vers", "sous", "sans", "dans", "mais", "plus", "tous", "lors", "hors", "nous", "vous",
            "leurs", "ses", "des", "les", "mes", "tes", "ces", "pas", "fois", "dont", "puis",
        ],
        "es" => &[
            "les", "los", "las", "unos", "unas", "sus", "tus", "mis", "nos", "vos", "más", "pues",
        ],
        "pt" => &[
            "nós", "vós", "mais", "nas", "nos", "das", "dos", "pois", "seus", "suas", "meus",
            "teus", "aos", "às",
        ],
        "it" => &[
            "stati", "state", "nei", "dei", "sei", "miei", "tuoi", "suoi", "noi", "voi", "lei",
            "loro", "tutti", "tutte", "sono",
        ],
        _ => &[],
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
    "com", "sem", "por", "pela", "pelo", "para", "o", "os", "as", "e", "ou", "entre", "sobre",
    "contra",
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
    let long = lower.chars().count() >= 4;
    if lower.ends_with(['s', 'x', 'z']) {
        vec![word.to_string()]
    } else if lower.ends_with("eau") || lower.ends_with("eu") || (long && lower.ends_with("au")) {
        // niveau, jeu, noyau; not tau, whose -x would be « taux ».
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
    // An accented last syllable in -n or -s loses its accent: función → funciones,
    // compás → compases.
    for (accented, plain) in [
        ("ión", "iones"),
        ("án", "anes"),
        ("én", "enes"),
        ("ín", "ines"),
        ("ón", "ones"),
        ("ún", "unes"),
        ("ás", "ases"),
        ("és", "eses"),
        ("ís", "ises"),
        ("ós", "oses"),
        ("ús", "uses"),
    ] {
        if lower.ends_with(accented) {
            return vec![replace_end(word, accented.chars().count(), plain)];
        }
    }
    if lower.ends_with("en") && !lower.contains(ACCENTED) {
        // Stressed on the syllable before -en, which gains the accent in the plural:
        // examen → exámenes, imagen → imágenes, volumen → volúmenes.
        if let Some(accented) = accent_before_last_syllable(word) {
            return vec![format!("{accented}es"), format!("{word}es")];
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

/// The vowels with an accent that marks stress in Spanish and Portuguese.
const ACCENTED: [char; 12] = ['á', 'é', 'í', 'ó', 'ú', 'â', 'ê', 'ô', 'Á', 'É', 'Í', 'Ó'];

/// `word` (ending in a vowel and a consonant) with an acute accent on the vowel of
/// the syllable before its last: `examen` → `exámen`. `None` for a word of one
/// syllable.
fn accent_before_last_syllable(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let is_vowel = |c: char| "aeiouAEIOU".contains(c);
    // The last syllable's vowel, then the consonants before it, then the vowel wanted.
    let last_vowel = chars.iter().rposition(|&c| is_vowel(c))?;
    let before = chars[..last_vowel].iter().rposition(|&c| !is_vowel(c))?;
    let vowel = chars[..before].iter().rposition(|&c| is_vowel(c))?;
    let accented = match chars[vowel] {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        _ => return None,
    };
    let mut out = chars.clone();
    out[vowel] = accented;
    Some(out.into_iter().collect())
}

fn portuguese(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let last = lower.chars().next_back().unwrap_or(' ');
    let stressed_elsewhere = lower.contains(ACCENTED);
    for (accented, plain) in [
        ("ás", "ases"),
        ("ês", "eses"),
        ("és", "eses"),
        ("ós", "oses"),
    ] {
        if lower.ends_with(accented) {
            // gás → gases, mês → meses.
            return vec![replace_end(word, accented.chars().count(), plain)];
        }
    }
    if lower.ends_with("ão") {
        vec![
            replace_end(word, 2, "ões"),
            format!("{word}s"),
            replace_end(word, 2, "ães"),
        ]
    } else if lower.ends_with("il") {
        vec![replace_end(word, 1, "s"), replace_end(word, 2, "eis")]
    } else if lower.ends_with("el") && !stressed_elsewhere {
        // papel → papéis, anel → anéis; nível → níveis.
        vec![replace_end(word, 2, "éis")]
    } else if lower.ends_with("ol") && !stressed_elsewhere {
        vec![replace_end(word, 2, "óis")]
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
    // The letter before the last two: a vowel or not.
    let third_last = lower.chars().rev().nth(2);
    let after_vowel = third_last.is_some_and(|c| "aeiouàèéìòù".contains(c));
    if ends("ca") || ends("ga") {
        vec![replace_end(word, 1, "he")]
    } else if ends("cia") || ends("gia") {
        // goccia → gocce, liscia → lisce; camicia → camicie.
        let stem_vowel = lower
            .chars()
            .rev()
            .nth(3)
            .is_some_and(|c| "aeiou".contains(c));
        vec![replace_end(word, if stem_vowel { 1 } else { 2 }, "e")]
    } else if ends("co") || ends("go") {
        // medico → medici, farmaco → farmaci; bianco → bianchi, lungo → lunghi.
        if after_vowel {
            vec![replace_end(word, 1, "i")]
        } else {
            vec![replace_end(word, 1, "hi")]
        }
    } else if ends("io") {
        vec![replace_end(word, 1, "")]
    } else if ends("o") || ends("e") {
        vec![replace_end(word, 1, "i")]
    } else if ends("ma") {
        // sistema → sistemi, problema → problemi; forma → forme.
        vec![replace_end(word, 1, "i"), replace_end(word, 1, "e")]
    } else if ends("a") {
        // Feminine: offerta → offerte (not the participle « offerti »).
        vec![replace_end(word, 1, "e")]
    } else {
        // A stressed vowel, a consonant: the same in the plural (città, bar).
        vec![word.to_string()]
    }
}

/// Words shorter than this take no German ending (`Ei` + `n` would be `Ein`).
const MIN_GERMAN: usize = 3;

/// German: the endings that fit the word's end, the form with a capital (German
/// nouns have one; the forms are matched in that case). No -er, which makes other
/// nouns (`Arbeiter`, `Gewinner`, `Fischer`).
fn german(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    if lower.chars().count() < MIN_GERMAN {
        return Vec::new();
    }
    let endings: &[&str] = if lower.ends_with('e') || lower.ends_with("el") {
        // Zelle → Zellen, Muskel → Muskeln.
        &["n"]
    } else if lower.ends_with("er") {
        // Faser → Fasern, Tier → Tiere.
        &["n", "e"]
    } else if lower.ends_with("nis") {
        &["se"]
    } else if lower.ends_with("in") {
        // Ärztin → Ärztinnen; Protein → Proteine.
        &["nen", "e"]
    } else if lower.ends_with(['a', 'i', 'o', 'u', 'y']) {
        &["s", "en"]
    } else {
        // Preis → Preise, Staat → Staaten, and the genitive (des Preises, Gewinns).
        &["e", "en", "s", "es"]
    };
    let mut chars = word.chars();
    let capital: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return Vec::new(),
    };
    endings.iter().map(|e| format!("{capital}{e}")).collect()
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
        assert_eq!(plurals("tau", "fr"), ["taus"], "not « taux »");
        assert_eq!(
            plurals("ver", "fr"),
            Vec::<String>::new(),
            "« vers » is a preposition"
        );
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
        assert_eq!(plurals("hormona", "es"), ["hormonas"]);
        assert_eq!(plurals("examen", "es")[0], "exámenes");
        assert_eq!(plurals("volumen", "es")[0], "volúmenes");
        assert_eq!(plurals("compás", "es"), ["compases"]);
        assert_eq!(plurals("sal", "es"), ["sales"]);
        assert_eq!(plurals("proteína", "pt-BR"), ["proteínas"]);
        assert_eq!(plurals("inflamação", "pt")[0], "inflamações");
        assert!(plurals("cão", "pt").contains(&"cães".into()));
        assert_eq!(plurals("tecido adiposo", "pt")[0], "tecidos adiposos");
        assert_eq!(plurals("nível", "pt"), ["níveis"]);
        assert_eq!(plurals("papel", "pt"), ["papéis"]);
        assert_eq!(plurals("gás", "pt"), ["gases"]);
        assert_eq!(
            plurals("nó", "pt"),
            Vec::<String>::new(),
            "« nós » is a pronoun"
        );
        assert_eq!(
            plurals("imposto sobre valor agregado", "pt")[0],
            "impostos sobre valor agregado"
        );
        assert_eq!(plurals("cellula", "it"), ["cellule"]);
        assert_eq!(plurals("sistema nervoso", "it")[0], "sistemi nervosi");
        assert_eq!(plurals("tessuto adiposo", "it")[0], "tessuti adiposi");
        assert_eq!(
            plurals("resistenza all'insulina", "it"),
            ["resistenze all'insulina"]
        );
        assert_eq!(plurals("indice glicemico", "it")[0], "indici glicemici");
        assert_eq!(plurals("farmaco generico", "it")[0], "farmaci generici");
        assert_eq!(plurals("globulo bianco", "it")[0], "globuli bianchi");
        assert_eq!(plurals("goccia", "it"), ["gocce"]);
        assert_eq!(plurals("camicia", "it"), ["camicie"]);
        // Not the participles « offerti », « stati ».
        assert_eq!(plurals("offerta", "it"), ["offerte"]);
        assert_eq!(plurals("Stato", "it"), Vec::<String>::new());
    }

    #[test]
    fn german_takes_the_endings_that_fit_with_a_capital() {
        assert_eq!(plurals("Zelle", "de"), ["Zellen"]);
        assert_eq!(plurals("Muskel", "de"), ["Muskeln"]);
        assert_eq!(plurals("Tier", "de"), ["Tiern", "Tiere"]);
        assert_eq!(
            plurals("Hormon", "de"),
            ["Hormone", "Hormonen", "Hormons", "Hormones"]
        );
        assert_eq!(plurals("Ärztin", "de-AT"), ["Ärztinnen", "Ärztine"]);
        assert_eq!(plurals("Protein", "de")[1], "Proteine");
        assert_eq!(plurals("Ergebnis", "de"), ["Ergebnisse"]);
        assert_eq!(plurals("Gen", "de")[0], "Gene");
        // No -er, which makes other nouns: Arbeit is not Arbeiter.
        assert!(!plurals("Arbeit", "de").contains(&"Arbeiter".into()));
        assert!(plurals("Ei", "de").is_empty());
        assert!(case_sensitive("de-CH") && !case_sensitive("fr"));
    }
}
