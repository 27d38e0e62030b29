//! Slugs: lower-case, `-`-separated identifiers made from titles and headings.
//!
//! Letters are lower-cased and common Latin accents folded to ASCII; every run of other
//! characters becomes one `-`. Letters of other scripts are kept, since they are valid
//! in HTML ids and URL fragments.

pub fn slugify(text: &str) -> String {
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
        } else if c.is_alphanumeric() {
            push(&mut slug, &mut dash, c);
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    slug
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
}
