//! Slugs: lower-case, `-`-separated identifiers made from titles and headings.
//!
//! Letters are lower-cased and common Latin accents folded to ASCII; every run of other
//! characters becomes one `-`. Letters of other scripts are kept, since they are valid
//! in HTML ids and URL fragments.

pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let folded = fold(c);
        let mut pushed = false;
        for f in folded.chars() {
            if f.is_alphanumeric() {
                if dash && !slug.is_empty() {
                    slug.push('-');
                }
                dash = false;
                slug.extend(f.to_lowercase());
                pushed = true;
            }
        }
        if !pushed && c != '\'' && c != '’' {
            dash = true;
        }
    }
    slug
}

fn fold(c: char) -> String {
    let s = match c {
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
        _ => return c.to_string(),
    };
    s.to_string()
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
    }
}
