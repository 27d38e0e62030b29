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
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "ab"), 2);
    }
}
