//! The built-in search index: titles, section headings, summaries and glossary terms of
//! every page, with their tier, split into small JSON files so a reader's browser loads
//! only what a query needs.
//!
//! Layout under `search/`:
//! - `meta.json`: tier labels, the token shards that exist, entries per entry file;
//! - `t/<xx>.json`: the postings of every token starting with `xx` (its first two
//!   characters): `{"token": [[entry, score], …]}`;
//! - `e/<n>.json`: entries `n × ENTRIES_PER_FILE …`: `[title, url, tier, kind, context]`
//!   where `tier` is an index into `meta.tiers` or -1.
//!
//! A query fetches the token shard of each word, intersects, then fetches the entry
//! files of the best results. Everything is plain JSON escaped by serde, so titles
//! and definitions cannot inject markup.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Outlines, OutputFile};
use crate::markdown::inline_text;
use crate::model::{DocId, Site};

pub const ENTRIES_PER_FILE: usize = 400;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "its",
    "of", "on", "or", "the", "this", "to", "was", "what", "when", "which", "why", "with",
];

#[derive(Debug, Serialize)]
struct Meta<'a> {
    version: u32,
    tiers: Vec<&'a str>,
    shards: Vec<String>,
    entries_per_file: usize,
    entries: usize,
}

/// One searchable thing.
struct Entry {
    title: String,
    url: String,
    tier: i32,
    kind: &'static str,
    /// The page a section belongs to, or a term's definition.
    context: String,
}

/// Calls `found` with each lower-case, ASCII-folded word of `text` that is not a stop
/// word, from one reused buffer (an index sees millions of words).
pub fn each_token(text: &str, mut found: impl FnMut(&str)) {
    let mut folded = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if word.is_ascii() {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
        } else {
            folded = crate::slug::slugify(word).replace('-', "");
        }
        if folded.chars().nth(1).is_some() && !STOPWORDS.contains(&folded.as_str()) {
            found(&folded);
        }
    }
}

/// The shard a token lives in: its first two characters, when they are URL-safe.
pub fn shard_of(token: &str) -> String {
    let key: String = token.chars().take(2).collect();
    if key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        key
    } else {
        "_".to_string()
    }
}

/// The index as it grows: entry files go out as soon as they fill, and each token's
/// postings are a list in entry order (entries are added in increasing id).
struct Builder<'o> {
    out: &'o mut dyn FnMut(OutputFile),
    pending: Vec<Entry>,
    count: u32,
    postings: rustc_hash::FxHashMap<String, Vec<[u32; 2]>>,
}

impl Builder<'_> {
    fn add(&mut self, mut entry: Entry, weighted: &[(&str, u32)]) {
        let id = self.count;
        self.count += 1;
        for &(text, weight) in weighted {
            each_token(text, |token| {
                let list = match self.postings.get_mut(token) {
                    Some(list) => list,
                    None => self.postings.entry(token.to_string()).or_default(),
                };
                match list.last_mut() {
                    Some(last) if last[0] == id => last[1] += weight,
                    _ => list.push([id, weight]),
                }
            });
        }
        entry.context = truncate(&entry.context, 160);
        self.pending.push(entry);
        if self.pending.len() == ENTRIES_PER_FILE {
            self.flush();
        }
    }

    /// Writes the pending entries as the next entry file.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let n = (self.count as usize - 1) / ENTRIES_PER_FILE;
        let rows: Vec<(&str, &str, i32, &str, &str)> = self
            .pending
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.url.as_str(),
                    e.tier,
                    e.kind,
                    e.context.as_str(),
                )
            })
            .collect();
        let bytes = serde_json::to_vec(&rows).unwrap_or_default();
        (self.out)(OutputFile::bytes(format!("search/e/{n}.json"), bytes));
        self.pending.clear();
    }
}

/// Builds every file of the search index, handing each to `out` as soon as it is
/// written (the whole index of a large site is tens of megabytes).
pub fn index(site: &Site, docs: &Outlines, out: &mut dyn FnMut(OutputFile)) {
    let base = &site.config.base_url;
    let mut builder = Builder {
        out,
        pending: Vec::new(),
        count: 0,
        postings: Default::default(),
    };
    for (t, topic) in site.topics.iter().enumerate() {
        let url = base.url(site.topic_path(t).as_str());
        builder.add(
            Entry {
                title: topic.title.clone(),
                url,
                tier: -1,
                kind: "topic",
                context: topic.summary.clone(),
            },
            &[(&topic.title, 3), (&topic.summary, 1)],
        );
    }
    for (id, doc) in site.documents() {
        let Some(rendered) = docs.get(id) else {
            continue;
        };
        let tier = match id {
            DocId::Tier { tier, .. } => tier as i32,
            _ => -1,
        };
        let page_url = base.url(site.doc_path(id).as_str());
        let title = match id {
            DocId::Tier { topic, .. } if doc.front.title.is_empty() => {
                site.topics[topic].title.clone()
            }
            DocId::Home if doc.front.title.is_empty() => site.config.title.clone(),
            _ => doc.front.title.clone(),
        };
        builder.add(
            Entry {
                title: title.clone(),
                url: page_url.clone(),
                tier,
                kind: "page",
                context: doc.front.summary.clone(),
            },
            &[(&title, 3), (&doc.front.summary, 1)],
        );
        for heading in rendered.headings.iter().filter(|h| h.level <= 3) {
            builder.add(
                Entry {
                    title: heading.text.clone(),
                    url: format!("{page_url}#{}", heading.id),
                    tier,
                    kind: "section",
                    context: title.clone(),
                },
                &[(&heading.text, 2)],
            );
        }
    }
    let glossary_url = base.url(site.glossary_path().as_str());
    for entry in &site.glossary.entries {
        let definition = inline_text(&entry.definition);
        let names: Vec<(&str, u32)> = std::iter::once(&entry.term)
            .chain(&entry.aliases)
            .map(|n| (n.as_str(), 4))
            .collect();
        builder.add(
            Entry {
                title: entry.term.clone(),
                url: format!("{glossary_url}#{}", entry.id),
                tier: -1,
                kind: "term",
                context: definition,
            },
            &names,
        );
    }

    builder.flush();
    let Builder {
        out,
        count,
        mut postings,
        ..
    } = builder;
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<[u32; 2]>>> = BTreeMap::new();
    for (token, mut list) in postings.drain() {
        list.sort_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
        shards
            .entry(shard_of(&token))
            .or_default()
            .insert(token, list);
    }
    let meta = Meta {
        version: 1,
        tiers: site.config.tiers.iter().map(|t| t.label.as_str()).collect(),
        shards: shards.keys().cloned().collect(),
        entries_per_file: ENTRIES_PER_FILE,
        entries: count as usize,
    };
    out(OutputFile::bytes(
        "search/meta.json",
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    for (key, tokens) in shards {
        out(OutputFile::bytes(
            format!("search/t/{key}.json"),
            serde_json::to_vec(&tokens).unwrap_or_default(),
        ));
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`, as [`each_token`] finds them.
    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_token(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn tokens_fold_and_drop_stop_words() {
        let t = tokens("What is Insulin-Resistance? The café, x, é, Æb");
        assert_eq!(t, ["insulin", "resistance", "cafe", "aeb"]);
    }

    #[test]
    fn shards_by_two_safe_characters() {
        assert_eq!(shard_of("insulin"), "in");
        assert_eq!(shard_of("ελληνικά"), "_");
    }
}
