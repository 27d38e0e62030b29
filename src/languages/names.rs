//! Languages' names in their own words, for the language switcher: a reader looks
//! for "Deutsch", not "German" or "de".

/// The name of the language `code` (a canonical tag) in that language, when Strata
/// knows it: first for the whole tag (`pt-BR`), then for its primary language.
pub fn native_name(code: &str) -> Option<&'static str> {
    let find = |code: &str| {
        NAMES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(_, name)| *name)
    };
    // `sr-Latn-RS`: the language in its script (`sr-Latn`), then the language.
    let mut parts = code.split(['-', '_']);
    let language = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()));
    find(code)
        .or_else(|| script.and_then(|s| find(&format!("{language}-{s}"))))
        .or_else(|| find(language))
}

const NAMES: &[(&str, &str)] = &[
    ("pt-BR", "Português (Brasil)"),
    ("sr-Latn", "Srpski"),
    ("sr-Cyrl", "Српски"),
    ("zh-Hans-CN", "简体中文"),
    ("zh-Hant-TW", "繁體中文"),
    ("zh-Hant-HK", "繁體中文（香港）"),
    ("pt-PT", "Português (Portugal)"),
    ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"),
    ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"),
    ("en-GB", "English (UK)"),
    ("en-US", "English (US)"),
    ("ar", "العربية"),
    ("bg", "Български"),
    ("bn", "বাংলা"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("cy", "Cymraeg"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("eo", "Esperanto"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("eu", "Euskara"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("ga", "Gaeilge"),
    ("gl", "Galego"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hr", "Hrvatski"),
    ("hu", "Magyar"),
    ("hy", "Հայերեն"),
    ("id", "Bahasa Indonesia"),
    ("is", "Íslenska"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ka", "ქართული"),
    ("kk", "Қазақ тілі"),
    ("ko", "한국어"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("mk", "Македонски"),
    ("ms", "Bahasa Melayu"),
    ("mt", "Malti"),
    ("nb", "Norsk bokmål"),
    ("nl", "Nederlands"),
    ("nn", "Norsk nynorsk"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("sv", "Svenska"),
    ("sw", "Kiswahili"),
    ("ta", "தமிழ்"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

#[cfg(test)]
mod tests {
    use super::native_name;

    #[test]
    fn a_region_falls_back_to_its_language() {
        assert_eq!(native_name("fr"), Some("Français"));
        assert_eq!(native_name("pt-BR"), Some("Português (Brasil)"));
        assert_eq!(native_name("de-AT"), Some("Deutsch"));
        assert_eq!(native_name("tlh"), None);
        assert_eq!(native_name("sr-Latn-RS"), Some("Srpski"));
        assert_eq!(native_name("sr-RS"), Some("Српски"));
        assert_eq!(native_name("zh-Hant-MO"), Some("繁體中文"));
    }
}
