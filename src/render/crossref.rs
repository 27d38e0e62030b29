//! What pages say about each other, gathered once per build so that no page scans the
//! whole site: [`LinkIndex`] (which pages link to each page, for "Referenced by") and
//! [`TermUses`] (where each glossary entry is used, for the glossary page). Both are
//! built from the pages' outlines, and both stay bounded by what a page lists, not by
//! the size of the site.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::Outlines;
use crate::markdown::links::{LinkTarget, LinkTargets, guess_targets};
use crate::model::{DocId, Document, Site};

/// Most uses of one term listed per tier on the glossary page.
pub const USES_PER_TIER: usize = 12;

/// Cross-page facts, computed once from the outlines.
#[derive(Debug, Default, PartialEq)]
pub struct LinkIndex {
    /// Page → the pages linking to it.
    pub backlinks: rustc_hash::FxHashMap<DocId, BTreeSet<DocId>>,
}

impl LinkIndex {
    pub fn new(site: &Site, outlines: &Outlines) -> Self {
        Self::from_links(site.documents().into_iter().filter_map(|(id, _)| {
            let outline = outlines.get(id)?;
            Some((
                id,
                outline.links.iter().filter_map(|link| match link.target {
                    LinkTarget::Doc(target) => Some(target),
                    LinkTarget::Topic(_) => None,
                }),
            ))
        }))
    }

    /// The index as the pages' Markdown suggests it before any page is parsed (see
    /// [`guess_targets`]): `documents` are every document with its Markdown.
    pub fn guess(documents: Vec<(DocId, &Document, &str)>, targets: &LinkTargets) -> Self {
        let guessed: Vec<(DocId, Vec<DocId>)> = documents
            .into_par_iter()
            .map(|(id, doc, body)| (id, guess_targets((doc, body), targets)))
            .collect();
        Self::from_links(guessed.into_iter().map(|(id, t)| (id, t.into_iter())))
    }

    fn from_links<T: Iterator<Item = DocId>>(links: impl Iterator<Item = (DocId, T)>) -> Self {
        let mut backlinks: rustc_hash::FxHashMap<DocId, BTreeSet<DocId>> = Default::default();
        for (source, targets) in links {
            for target in targets.filter(|&t| t != source) {
                backlinks.entry(target).or_default().insert(source);
            }
        }
        Self { backlinks }
    }

    /// The pages whose "Referenced by" differs between `self` and `other`.
    pub fn differences(&self, other: &LinkIndex) -> BTreeSet<DocId> {
        let empty = BTreeSet::new();
        self.backlinks
            .keys()
            .chain(other.backlinks.keys())
            .filter(|id| {
                self.backlinks.get(id).unwrap_or(&empty)
                    != other.backlinks.get(id).unwrap_or(&empty)
            })
            .copied()
            .collect()
    }
}

/// Where each glossary entry is used, as the glossary page shows it: per entry and
/// tier (then untiered pages), the first [`USES_PER_TIER`] pages in document order with
/// the section of the page's first use, and how many pages more. Bounded by the
/// glossary's size, not the site's: the pages' term lists stream through it.
#[derive(Debug, Clone)]
pub struct TermUses {
    /// Tier slots per entry: the site's tiers, then one for pages without a tier.
    slots: usize,
    groups: Vec<UsageSlot>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct UsageSlot {
    pub(super) shown: Vec<(DocId, Option<u32>)>,
    pub(super) more: usize,
    /// The page recorded last, so a page's later uses of the term are skipped.
    last: Option<DocId>,
}

impl TermUses {
    pub fn new(site: &Site) -> Self {
        let slots = site.config.tiers.len() + 1;
        Self {
            slots,
            groups: vec![UsageSlot::default(); site.glossary.entries.len() * slots],
        }
    }

    /// Records that `page` uses `entry` in `section`. Pages come in document order,
    /// each with all its uses before the next page's.
    pub fn record(&mut self, page: DocId, entry: usize, section: Option<u32>) {
        let slot = match page {
            DocId::Tier { tier, .. } => tier.min(self.slots - 1),
            _ => self.slots - 1,
        };
        let Some(group) = self.groups.get_mut(entry * self.slots + slot) else {
            return;
        };
        if group.last == Some(page) {
            return;
        }
        group.last = Some(page);
        if group.shown.len() < USES_PER_TIER {
            group.shown.push((page, section));
        } else {
            group.more += 1;
        }
    }

    pub(super) fn of(&self, entry: usize) -> &[UsageSlot] {
        let start = entry * self.slots;
        self.groups.get(start..start + self.slots).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support;

    fn uses_of(uses: &TermUses, entry: usize) -> Vec<(usize, Vec<DocId>, usize)> {
        uses.of(entry)
            .iter()
            .enumerate()
            .map(|(slot, s)| (slot, s.shown.iter().map(|u| u.0).collect(), s.more))
            .collect()
    }

    #[test]
    fn term_uses_keep_the_first_pages_per_tier_and_count_the_rest() {
        let site = test_support::site("title: T\n", "fundamentals", "Insulin.\n");
        let mut uses = TermUses::new(&site);
        let tier = |topic, tier| DocId::Tier { topic, tier };
        for topic in 0..USES_PER_TIER + 3 {
            // Several uses on one page count once, at the first.
            uses.record(tier(topic, 0), 1, Some(2));
            uses.record(tier(topic, 0), 1, Some(5));
        }
        uses.record(tier(0, 2), 1, None);
        uses.record(DocId::Page(0), 1, None);
        let slots = uses_of(&uses, 1);
        assert_eq!(slots.len(), site.config.tiers.len() + 1);
        assert_eq!(slots[0].1.len(), USES_PER_TIER);
        assert_eq!(slots[0].1[0], tier(0, 0));
        assert_eq!(slots[0].2, 3, "pages beyond the first {USES_PER_TIER}");
        assert_eq!(
            uses.of(1)[0].shown[0].1,
            Some(2),
            "the section of the first use"
        );
        assert!(slots[1].1.is_empty());
        assert_eq!(slots[2].1, [tier(0, 2)]);
        assert_eq!(slots[3].1, [DocId::Page(0)]);
        assert!(uses_of(&uses, 0).iter().all(|s| s.1.is_empty() && s.2 == 0));
    }
}
