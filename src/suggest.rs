//! "Did you mean …?": the closest candidate to a misspelt name.
//!
//! Uses the Levenshtein distance and only suggests names within a third of the
//! input's length, so unrelated names are never offered.

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
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "ab"), 2);
    }
}
