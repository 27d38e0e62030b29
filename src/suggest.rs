//! "Did you mean …?": the closest candidate to a misspelt name.
//!
//! Uses the Levenshtein distance and only suggests names within a third of the
//! input's length, so unrelated names are never offered. An id (a section's, a
//! glossary entry's) is also matched by its slug, the form the site makes ids in, so
//! that `#Bad-Id`, `#bad_id` and `#Bad` find `bad-id` ([`closest_id`]).

use crate::slug::slugify;

/// The candidate closest to `input`, if any is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = input.chars().count();
    let limit = (length / 3).max(2);
    candidates
        .into_iter()
        // The distance is at least the difference in length: most names are ruled
        // out without computing it.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (distance(input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// The id of `candidates` that a reference to `input` (a `#fragment`, a glossary id)
/// most likely meant. Each candidate is an id and the names it goes by (a heading's
/// text; a term and its aliases). In order, the first that holds:
///
/// 1. the slug of `input` is the id, or the slug of the id (`#Bad-Id`, `#bad_id`);
/// 2. it is the slug of one of the id's names (`#Setup` for `## Setup {#install}`);
/// 3. the id is the closest by spelling to `input`, or to its slug;
/// 4. the id is the only one that starts with the slug's words (`#Bad` for `bad-id`).
pub fn closest_id<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
) -> Option<&'a str> {
    let candidates: Vec<(&str, Vec<&str>)> = candidates.into_iter().collect();
    let ids = || candidates.iter().map(|(id, _)| *id);
    let slug = slugify(input);
    if slug.is_empty() {
        return closest(input, ids());
    }
    if let Some(id) = ids().find(|id| *id == slug || slugify(id) == slug) {
        return Some(id);
    }
    let named = candidates
        .iter()
        .find(|(_, names)| names.iter().any(|name| slugify(name) == slug));
    if let Some((id, _)) = named {
        return Some(id);
    }
    if let Some(id) = closest(input, ids()).or_else(|| closest(&slug, ids())) {
        return Some(id);
    }
    let prefix = format!("{slug}-");
    let mut starting = ids().filter(|id| id.starts_with(&prefix));
    match (starting.next(), starting.next()) {
        (Some(id), None) => Some(id),
        _ => None,
    }
}

/// The path of `candidates` that `input` (a path, `/`-separated) most likely meant.
///
/// Paths share most of their text (`content/`, `/fundamentals.md`), which would make
/// [`closest`]'s allowance a third of the whole path and offer `content/_index.md`
/// for `content/missing.md`. So a candidate must differ from `input` in one segment
/// only, and that segment must be close by [`closest`]'s rule (a misspelt folder or
/// file name); failing any such, a folder one level up is offered for a folder path
/// one segment too deep (`t/` for `t/old/`).
pub fn closest_path<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted: Vec<&str> = input.split('/').collect();
    candidates
        .into_iter()
        .filter_map(|c| path_slip(&wanted, c).map(|slip| (slip, c)))
        .min()
        .map(|(_, c)| c)
}

/// How far `candidate` is from the path `wanted` (its segments), when near enough to
/// offer: `(0, distance)` for one misspelt segment, `(1, 0)` for the folder above.
fn path_slip(wanted: &[&str], candidate: &str) -> Option<(u8, usize)> {
    let have: Vec<&str> = candidate.split('/').collect();
    if have.len() == wanted.len() {
        let mut differing = wanted.iter().zip(&have).filter(|(a, b)| a != b);
        let (a, b) = differing.next()?;
        if differing.next().is_some() || a.is_empty() || b.is_empty() {
            return None;
        }
        let d = distance(a, b);
        return (d <= (a.chars().count() / 3).max(2)).then_some((0, d));
    }
    // `a/b/` for `a/b/c/`: both folders (an empty last segment), one level apart.
    let up = have.len() + 1 == wanted.len()
        && have.len() > 1
        && wanted.last() == Some(&"")
        && have.last() == Some(&"")
        && wanted[..have.len() - 1] == have[..have.len() - 1];
    up.then_some((1, 0))
}

/// Levenshtein distance in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            closest("ectopic-fatt", ["ectopic-fat", "insulin"]),
            Some("ectopic-fat")
        );
        assert_eq!(closest("xyz", ["ectopic-fat", "insulin"]), None);
    }

    #[test]
    fn an_id_is_found_by_its_slug() {
        let sections = || {
            [
                ("bad-id", vec!["Bad id"]),
                ("install", vec!["Setup"]),
                ("insulin-resistance", vec!["Insulin resistance"]),
                ("insulin-signalling", vec!["Insulin signalling"]),
            ]
        };
        for (input, id) in [
            ("Bad-Id", "bad-id"),
            ("bad_id", "bad-id"),
            ("BAD ID", "bad-id"),
            ("Bad", "bad-id"),
            ("Setup", "install"),
            ("Insulin_Resistence", "insulin-resistance"),
        ] {
            assert_eq!(closest_id(input, sections()), Some(id), "{input}");
        }
        // Two ids start with `insulin-`: neither is offered.
        assert_eq!(closest_id("Insulin", sections()), None);
        assert_eq!(closest_id("nothing-like-it", sections()), None);
        assert_eq!(closest_id("!!", sections()), None);
    }

    #[test]
    fn a_path_is_matched_on_the_segments_that_differ() {
        let pages = [
            "content/_index.md",
            "content/t/fundamentals.md",
            "content/algebra/fundamentals.md",
            "content/t/",
        ];
        for (input, near) in [
            (
                "content/t/fundamental.md",
                Some("content/t/fundamentals.md"),
            ),
            (
                "content/algbra/fundamentals.md",
                Some("content/algebra/fundamentals.md"),
            ),
            ("content/tt/", Some("content/t/")),
            // Shared text around an unrelated name is no reason to offer a page.
            ("content/missing.md", None),
            ("content/xyz/fundamentals.md", None),
            ("content/t/other.md", None),
        ] {
            assert_eq!(closest_path(input, pages), near, "{input}");
        }
        // One folder too deep: the folder above.
        assert_eq!(
            closest_path("t/fundamentals/old/", ["t/fundamentals/", "fundamentals/"]),
            Some("t/fundamentals/")
        );
        // The site's root is not offered for any one-segment path.
        assert_eq!(closest_path("old/", [""]), None);
        assert_eq!(closest_path("t/", ["", "/"]), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "ab"), 2);
    }
}
