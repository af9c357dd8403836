//! Naming topics: the words (and phrases) that set a cluster apart, shown as people write them.
//!
//! A topic's words should be ones its documents use together and the others do not; the field
//! measures exactly that, by the NPMI coherence and the diversity of each topic's top ten
//! words (Röder et al. 2015; Grootendorst 2022). Three steps get there:
//!
//! 1. **Distinctive candidates** — class-based TF-IDF over the cluster's documents
//!    (Grootendorst 2022), with the square root of the class count as BERTopic's
//!    `reduce_frequent_words` does: `w(t, c) = sqrt(tf(t, c)) · ln(1 + A / f(t))`, where
//!    `tf(t, c)` is the term's count in the cluster, `f(t)` its count in the corpus and `A` the
//!    mean number of tokens per cluster. The square root keeps a topic's most frequent words
//!    from crowding out the specific ones (README, "Topic words", has the measurements).
//! 2. **Not words that are everywhere** — a word of the language's common-word list
//!    ([`common_words`]) is kept for a topic only if the topic's documents use it clearly more
//!    often than the corpus does: its *lift*, the share of the topic's documents that contain
//!    it over the share of all documents, at least 3 (or all its documents in the topic, for a
//!    topic too large to reach 3). Any other word in more than 5 % of the documents needs a
//!    lift of 2 (or halfway to what a topic of that size can reach).
//! 3. **Words that go together** — from the 30 best candidates, the ten are chosen greedily:
//!    the best candidate first, then each time the one with the highest
//!    `w / w_best + 2 · mean NPMI(with the words chosen)`, NPMI over the documents that contain
//!    both words (Bouma 2009). A topic's words then read as one subject, not a list of its
//!    frequent terms.
//!
//! Phrases (`Regione Lombardia`, `interest rates`) found by [`crate::text::phrases`] are ranked
//! by the same weights and filters; the label uses the best phrase when it contains a top word.

mod common_words;

pub use common_words::set as common_word_set;

use rayon::prelude::*;
use serde::Serialize;

use crate::vectorise::TfidfModel;

/// A topic term (or phrase) as shown to people.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TermWeight {
    /// The most frequent surface form of the term (`innovazione`, not `innov`).
    pub term: String,
    /// Class-based TF-IDF of the term in the topic: comparable within a topic, not across.
    pub weight: f64,
}

/// What describes one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDescription {
    /// The topic's words, best first.
    pub terms: Vec<TermWeight>,
    /// Key phrases of two to four words, best first.
    pub phrases: Vec<TermWeight>,
    /// A short, readable name: the best phrase when it holds one of the top words, then the
    /// top words it does not hold, three parts at most.
    pub label: String,
}

/// Candidates per topic among which the coherent ten are chosen: wide enough to leave the
/// coherence step a choice, narrow enough that every candidate is still distinctive.
const CANDIDATES: usize = 30;
/// How much coherence counts against distinctiveness when choosing words (weights are scaled
/// so the best candidate has 1, NPMI is in [-1, 1]).
const COHERENCE_WEIGHT: f64 = 2.0;
/// The lift a frequent word needs to be shown for a topic.
const MIN_LIFT: f64 = 2.0;
/// The lift a word of the common-word list needs: a topic must clearly own it.
const COMMON_LIFT: f64 = 3.0;
/// Words in more than this share of the documents are held to [`MIN_LIFT`] too.
const FREQUENT_SHARE: f64 = 0.05;
/// Co-occurrence for coherence is counted on at most this many documents (every n-th one
/// beyond): plenty for the NPMI of words frequent enough to be candidates.
const COHERENCE_SAMPLE: usize = 32_768;

/// Counts of one kind of item (words or phrases) per document, and which may be shown.
pub struct Items<'a> {
    /// Per document, (item id, count) pairs.
    pub documents: &'a [&'a [(u32, u32)]],
    /// Distinct items (ids are below this).
    pub(crate) n_items: usize,
    /// Whether an item may be shown at all.
    pub(crate) eligible: &'a (dyn Fn(u32) -> bool + Sync),
    /// Whether an item is on a common-word list (see [`common_words`]).
    pub common: &'a (dyn Fn(u32) -> bool + Sync),
}

/// An item with its class-based TF-IDF weight in one topic.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    item: u32,
    weight: f64,
}

/// Describes each of `k` clusters by its `n_terms` most distinctive, coherent words and its
/// `n_phrases` key phrases.
///
/// `words` counts terms per document (term ids); `surface_forms[term id]` is the word shown for
/// a term, `common_terms[term id]` whether it is a common word. Only terms kept by `model` are
/// candidates, so `--min-df`/`--max-df` apply to topic terms too. `phrases`, when given, counts
/// phrases per document, with their shown texts.
#[allow(clippy::too_many_arguments)]
pub fn describe(
    documents: &[&[(u32, u32)]],
    labels: &[usize],
    k: usize,
    model: &TfidfModel,
    surface_forms: &[String],
    common_terms: &[bool],
    phrases: Option<(&Items, &[String])>,
    n_terms: usize,
    n_phrases: usize,
) -> Vec<TopicDescription> {
    describe_tree(
        documents,
        labels,
        k,
        &[],
        model,
        surface_forms,
        common_terms,
        phrases,
        n_terms,
        n_phrases,
    )
}

/// As [`describe`], then each node of a tree over the `k` clusters: `merges[i]` joins two
/// earlier classes (a cluster below `k`, else node `k + i′`) into node `k + i`. Returns the
/// `k` clusters' descriptions, then the nodes'. A node is described from its clusters' counts
/// added up, as the cluster it would be in the cut it first appears in (`k − i − 1` topics),
/// so describing every node of the tree costs about as much as describing its leaves.
#[allow(clippy::too_many_arguments)]
pub fn describe_tree(
    documents: &[&[(u32, u32)]],
    labels: &[usize],
    k: usize,
    merges: &[(usize, usize)],
    model: &TfidfModel,
    surface_forms: &[String],
    common_terms: &[bool],
    phrases: Option<(&Items, &[String])>,
    n_terms: usize,
    n_phrases: usize,
) -> Vec<TopicDescription> {
    let eligible = |t: u32| model.column(t).is_some();
    let common = |t: u32| common_terms.get(t as usize).copied().unwrap_or(false);
    let words = Items {
        documents,
        n_items: surface_forms.len(),
        eligible: &eligible,
        common: &common,
    };
    let classes = k + merges.len();
    // Twice the candidates, since words with one surface form collapse below.
    let ranked = rank(&words, labels, k, merges, 2 * CANDIDATES);
    let candidates: Vec<Vec<Ranked>> = ranked
        .into_iter()
        .map(|list| {
            let mut seen: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for r in list {
                // Two stems can share a surface form across languages; show it once.
                let shown = surface_forms[r.item as usize].to_lowercase();
                if !seen.contains(&shown) {
                    seen.push(shown);
                    out.push(r);
                }
                if out.len() == CANDIDATES {
                    break;
                }
            }
            out
        })
        .collect();
    let co = CoOccurrence::new(documents, candidates.iter().flatten().map(|r| r.item));
    let phrase_lists: Vec<Vec<TermWeight>> = match phrases {
        Some((items, texts)) => rank(items, labels, k, merges, 4 * n_phrases.max(1))
            .into_iter()
            .map(|list| distinct_phrases(&list, texts, n_phrases))
            .collect(),
        None => vec![Vec::new(); classes],
    };
    candidates
        .iter()
        .zip(phrase_lists)
        .map(|(list, phrases)| {
            let terms: Vec<TermWeight> = choose_coherent(list, &co, n_terms)
                .into_iter()
                .map(|r| TermWeight {
                    term: surface_forms[r.item as usize].clone(),
                    weight: round6(r.weight),
                })
                .collect();
            let label = label(&terms, &phrases);
            TopicDescription {
                terms,
                phrases,
                label,
            }
        })
        .collect()
}

/// An item's counts in one class: (item, occurrences, documents holding it).
type ClassCount = (u32, f64, u32);

/// Per class (each of `k` clusters, then each node `merges` makes), up to `depth` items by
/// class-based TF-IDF, after the lift filters; a class that the filters would leave without
/// any keeps its unfiltered ranking. Items that two or more of the class's documents use come
/// before those of a single document.
///
/// Counts are kept per class as sparse rows, one cluster at a time: a dense row per class
/// would weigh classes × vocabulary (97 fine topics × 142,446 terms: 165 MB on the Gutenberg
/// chunks), and a node's row is the sum of its two children's.
fn rank(
    items: &Items,
    labels: &[usize],
    k: usize,
    merges: &[(usize, usize)],
    depth: usize,
) -> Vec<Vec<Ranked>> {
    let n = items.n_items;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (d, &label) in labels.iter().enumerate().take(items.documents.len()) {
        members[label].push(d);
    }
    // Each cluster's row counted on its own thread, with scratch counts as long as the
    // vocabulary; the corpus totals are then sums of whole numbers, exact in any order.
    let mut rows: Vec<Option<Vec<ClassCount>>> = members
        .par_iter()
        .map_init(
            || (vec![0.0f64; n], vec![0u32; n]),
            |(count, class_df), docs| {
                let mut touched: Vec<u32> = Vec::new();
                for &d in docs {
                    for &(t, c) in items.documents[d].iter() {
                        if !(items.eligible)(t) {
                            continue;
                        }
                        let i = t as usize;
                        if class_df[i] == 0 {
                            touched.push(t);
                        }
                        count[i] += f64::from(c);
                        class_df[i] += 1;
                    }
                }
                touched.sort_unstable();
                let row = touched
                    .iter()
                    .map(|&t| {
                        let i = t as usize;
                        let entry = (t, count[i], class_df[i]);
                        (count[i], class_df[i]) = (0.0, 0);
                        entry
                    })
                    .collect();
                Some(row)
            },
        )
        .collect();
    rows.reserve(merges.len());
    let mut sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    sizes.reserve(merges.len());
    let mut total = vec![0.0f64; n];
    let mut df = vec![0u32; n];
    for row in rows.iter().flatten() {
        for &(t, count, docs) in row {
            total[t as usize] += count;
            df[t as usize] += docs;
        }
    }
    let n_docs = items.documents.len().max(1) as f64;
    let tokens = total.iter().sum::<f64>();
    let rank_class = |row: &[ClassCount], size: usize, topics: usize| {
        let mean_tokens = tokens / topics.max(1) as f64;
        let size_f = size.max(1) as f64;
        // A topic of a third of the corpus cannot reach a lift above 3. A common word
        // needs the usual bar or, in so large a topic, to occur in no other; a merely
        // frequent word needs half the way from 1 to that ceiling.
        let ceiling = n_docs / size_f;
        let (common_lift, frequent_lift) = (
            COMMON_LIFT.min(ceiling),
            MIN_LIFT.min(0.5 * (1.0 + ceiling)),
        );
        let all: Vec<(Ranked, bool, bool)> = row
            .iter()
            .map(|&(t, class_count, class_docs)| {
                let i = t as usize;
                let weight = class_count.sqrt() * (1.0 + mean_tokens / total[i]).ln();
                let lift = (f64::from(class_docs) / size_f) / (f64::from(df[i]) / n_docs);
                // An item one document of a larger topic uses says little about the topic.
                let shared = class_docs >= 2 || size == 1;
                let shown = if (items.common)(t) {
                    shared && lift >= common_lift - 1e-9
                } else if f64::from(df[i]) > FREQUENT_SHARE * n_docs {
                    lift >= frequent_lift
                } else {
                    true
                };
                (Ranked { item: t, weight }, shown, shared)
            })
            .collect();
        let shown: Vec<(Ranked, bool, bool)> = all.iter().copied().filter(|a| a.1).collect();
        let top = if shown.is_empty() { all } else { shown };
        first_by(top, depth, |a, b| {
            b.2.cmp(&a.2)
                .then(b.0.weight.total_cmp(&a.0.weight))
                .then(a.0.item.cmp(&b.0.item))
        })
        .into_iter()
        .map(|a| a.0)
        .collect()
    };
    let mut ranked: Vec<Vec<Ranked>> = rows
        .par_iter()
        .zip(&sizes)
        .map(|(row, &size)| rank_class(row.as_deref().unwrap_or_default(), size, k))
        .collect();
    for (i, &(a, b)) in merges.iter().enumerate() {
        // A child's row is needed by its parent only: taken, so at most one cut's rows live.
        let (row_a, row_b) = (
            rows[a].take().unwrap_or_default(),
            rows[b].take().unwrap_or_default(),
        );
        let row = add_rows(&row_a, &row_b);
        let size = sizes[a] + sizes[b];
        ranked.push(rank_class(&row, size, k - i - 1));
        rows.push(Some(row));
        sizes.push(size);
    }
    ranked
}

/// The first `n` of `items` in the order `by`, in that order: a tree node's row holds tens of
/// thousands of items and only a few dozen are kept, so they are selected before being sorted.
fn first_by<T>(mut items: Vec<T>, n: usize, by: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    if n == 0 {
        return Vec::new();
    }
    if items.len() > n {
        items.select_nth_unstable_by(n - 1, &by);
        items.truncate(n);
    }
    items.sort_by(by);
    items
}

/// Two classes' counts added up, by item.
fn add_rows(a: &[ClassCount], b: &[ClassCount]) -> Vec<ClassCount> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1, a[i].2 + b[j].2));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Which documents (of a sample) contain each candidate word, as bit sets.
struct CoOccurrence {
    row_of: rustc_hash::FxHashMap<u32, usize>,
    bits: Vec<Vec<u64>>,
    n_docs: usize,
}

impl CoOccurrence {
    fn new(documents: &[&[(u32, u32)]], items: impl Iterator<Item = u32>) -> CoOccurrence {
        let mut row_of = rustc_hash::FxHashMap::default();
        for item in items {
            let next = row_of.len();
            row_of.entry(item).or_insert(next);
        }
        let step = documents.len().div_ceil(COHERENCE_SAMPLE).max(1);
        let n_docs = documents.len().div_ceil(step);
        let words = n_docs.div_ceil(64);
        let mut bits = vec![vec![0u64; words]; row_of.len()];
        for (d, doc) in documents.iter().step_by(step).enumerate() {
            for &(t, _) in doc.iter() {
                if let Some(&row) = row_of.get(&t) {
                    bits[row][d / 64] |= 1 << (d % 64);
                }
            }
        }
        CoOccurrence {
            row_of,
            bits,
            n_docs,
        }
    }

    /// NPMI of two items over the sampled documents, with gensim's ε for pairs never seen
    /// together (so they score near −1 rather than −∞).
    fn npmi(&self, a: u32, b: u32) -> f64 {
        const EPSILON: f64 = 1e-12;
        let (Some(&ra), Some(&rb)) = (self.row_of.get(&a), self.row_of.get(&b)) else {
            return 0.0;
        };
        let count = |row: &[u64]| row.iter().map(|w| w.count_ones()).sum::<u32>();
        let both: u32 = self.bits[ra]
            .iter()
            .zip(&self.bits[rb])
            .map(|(x, y)| (x & y).count_ones())
            .sum();
        let n = self.n_docs.max(1) as f64;
        let (pa, pb) = (
            f64::from(count(&self.bits[ra])) / n,
            f64::from(count(&self.bits[rb])) / n,
        );
        if pa == 0.0 || pb == 0.0 {
            return 0.0;
        }
        let pab = f64::from(both) / n + EPSILON;
        (pab / (pa * pb)).ln() / -pab.ln()
    }
}

/// The best candidate, then greedily the one that adds most distinctiveness and coherence with
/// those already chosen; shown in the order chosen.
fn choose_coherent(candidates: &[Ranked], co: &CoOccurrence, n: usize) -> Vec<Ranked> {
    let Some(best) = candidates.first() else {
        return Vec::new();
    };
    let top = best.weight.max(f64::MIN_POSITIVE);
    let mut chosen = vec![0usize];
    // Sum of NPMI with the chosen words, per candidate.
    let mut affinity: Vec<f64> = candidates
        .iter()
        .map(|c| co.npmi(c.item, best.item))
        .collect();
    while chosen.len() < n.min(candidates.len()) {
        let mut pick: Option<(usize, f64)> = None;
        for (i, c) in candidates.iter().enumerate() {
            if chosen.contains(&i) {
                continue;
            }
            let score = c.weight / top + COHERENCE_WEIGHT * affinity[i] / chosen.len() as f64;
            if pick.is_none_or(|(_, s)| score > s) {
                pick = Some((i, score));
            }
        }
        let Some((i, _)) = pick else { break };
        chosen.push(i);
        for (j, c) in candidates.iter().enumerate() {
            affinity[j] += co.npmi(c.item, candidates[i].item);
        }
    }
    chosen.into_iter().map(|i| candidates[i]).collect()
}

/// The best phrases, skipping one that holds or is held by a phrase already chosen
/// (`Politecnico di Milano` after `Politecnico`).
fn distinct_phrases(ranked: &[Ranked], texts: &[String], n: usize) -> Vec<TermWeight> {
    let mut out: Vec<TermWeight> = Vec::with_capacity(n.min(ranked.len()));
    for r in ranked {
        if out.len() == n {
            break;
        }
        let text = &texts[r.item as usize];
        let lower = text.to_lowercase();
        let overlaps = out.iter().any(|p| {
            let p = p.term.to_lowercase();
            contains_words(&p, &lower) || contains_words(&lower, &p)
        });
        if !overlaps {
            out.push(TermWeight {
                term: text.clone(),
                weight: round6(r.weight),
            });
        }
    }
    out
}

/// Whether `haystack` holds `needle` as whole words (both lower case, words split by spaces).
fn contains_words(haystack: &str, needle: &str) -> bool {
    let h: Vec<&str> = haystack.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    n.len() <= h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}

/// The best phrase if it holds one of the top three words, then the top words it does not
/// hold; three parts at most.
fn label(terms: &[TermWeight], phrases: &[TermWeight]) -> String {
    let top: Vec<&str> = terms.iter().take(3).map(|t| t.term.as_str()).collect();
    let mut parts: Vec<&str> = Vec::with_capacity(3);
    if let Some(phrase) = phrases.first() {
        let lower = phrase.term.to_lowercase();
        let holds = |w: &str| contains_words(&lower, &w.to_lowercase());
        if top.iter().any(|w| holds(w)) {
            parts.push(phrase.term.as_str());
            parts.extend(top.iter().filter(|w| !holds(w)).take(2));
            return parts.join(" · ");
        }
    }
    top.join(" · ")
}

/// Per document, its `n` most telling phrases: occurrences × idf (`ln((1 + N) / (1 + df)) + 1`,
/// scikit-learn's smooth idf), phrases bounded by a common word only when nothing else is left.
pub fn document_phrases(
    documents: &[&[(u32, u32)]],
    n_phrases: usize,
    common: &[bool],
    n: usize,
) -> Vec<Vec<u32>> {
    let mut df = vec![0u32; n_phrases];
    for doc in documents {
        for &(p, _) in doc.iter() {
            df[p as usize] += 1;
        }
    }
    let n_docs = documents.len() as f64;
    documents
        .iter()
        .map(|doc| {
            let mut scored: Vec<(bool, f64, u32)> = doc
                .iter()
                .map(|&(p, c)| {
                    let idf = ((1.0 + n_docs) / (1.0 + f64::from(df[p as usize]))).ln() + 1.0;
                    (common[p as usize], f64::from(c) * idf, p)
                })
                .collect();
            scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
            scored.into_iter().take(n).map(|(_, _, p)| p).collect()
        })
        .collect()
}

/// Rounds to six decimals so reports do not show floating-point noise.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectorise::{TfidfModel, TfidfParams};

    #[test]
    fn the_first_items_are_those_a_full_sort_puts_first() {
        let items: Vec<u32> = (0..200).map(|i| (i * 7919) % 211).collect();
        for n in [0, 1, 5, 199, 200, 300] {
            let mut sorted = items.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            sorted.truncate(n);
            assert_eq!(
                first_by(items.clone(), n, |a, b| b.cmp(a)),
                sorted,
                "n = {n}"
            );
        }
    }

    /// The TF-IDF model (default settings) of `docs`, terms named by `names`.
    fn model_of(names: &[&str], docs: &[&[(u32, u32)]]) -> TfidfModel {
        TfidfModel::fit(
            docs.iter().copied(),
            names.len(),
            |t| names[t as usize],
            &TfidfParams::default(),
        )
        .unwrap()
    }

    /// Terms named by `names`; returns the topics of `docs` under `labels`.
    fn topics(
        names: &[&str],
        common: &[&str],
        docs: &[Vec<(u32, u32)>],
        labels: &[usize],
        n: usize,
    ) -> Vec<TopicDescription> {
        let slices: Vec<&[(u32, u32)]> = docs.iter().map(Vec::as_slice).collect();
        let model = model_of(names, &slices);
        let surface: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let common: Vec<bool> = names.iter().map(|n| common.contains(n)).collect();
        let k = labels.iter().max().map_or(0, |m| m + 1);
        describe(&slices, labels, k, &model, &surface, &common, None, n, 0)
    }

    #[test]
    fn distinctive_terms_lead_each_topic() {
        let names = ["porto", "nave", "treno", "binario", "città"];
        let docs = vec![
            vec![(0, 6), (1, 1), (4, 1)],
            vec![(0, 6), (1, 1), (4, 1)],
            vec![(2, 6), (3, 1), (4, 1)],
            vec![(2, 5), (3, 1), (4, 1)],
        ];
        let t = topics(&names, &[], &docs, &[0, 0, 1, 1], 3);
        let words =
            |i: usize| -> Vec<&str> { t[i].terms.iter().map(|w| w.term.as_str()).collect() };
        let mut first = words(0);
        first.sort_unstable();
        assert_eq!(first, ["nave", "porto"]);
        let mut second = words(1);
        second.sort_unstable();
        assert_eq!(second, ["binario", "treno"]);
        // "città" is in every document: never a topic word.
        assert_eq!(
            t[0].label,
            t[0].terms
                .iter()
                .map(|w| w.term.as_str())
                .collect::<Vec<_>>()
                .join(" · ")
        );
    }

    #[test]
    fn a_tree_node_is_described_as_the_topic_its_merge_makes() {
        // Three sports topics and one on finance; nodes 4 = (0, 1), 5 = (4, 2), 6 = (5, 3).
        let names = [
            "goal", "match", "racket", "serve", "lap", "track", "bank", "rates", "team",
        ];
        let mut docs = Vec::new();
        let mut labels = Vec::new();
        for i in 0..40 {
            let label = i % 4;
            let (a, b) = [(0, 1), (2, 3), (4, 5), (6, 7)][label];
            let mut doc = vec![(a, 2 + (i % 3) as u32), (b, 1)];
            if label < 3 {
                doc.push((8, 1 + (i % 2) as u32));
            }
            docs.push(doc);
            labels.push(label);
        }
        let slices: Vec<&[(u32, u32)]> = docs.iter().map(Vec::as_slice).collect();
        let model = model_of(&names, &slices);
        let surface: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let common = vec![false; names.len()];
        let merges = [(0, 1), (4, 2), (5, 3)];
        let tree = describe_tree(
            &slices, &labels, 4, &merges, &model, &surface, &common, None, 4, 0,
        );
        assert_eq!(tree.len(), 4 + merges.len());
        // The leaves are described as without a tree.
        let flat = describe(&slices, &labels, 4, &model, &surface, &common, None, 4, 0);
        assert_eq!(tree[..4], flat[..]);
        // Node 5 (topics 0, 1 and 2) is topic 0 of the cut into two: sport against finance.
        let two: Vec<usize> = labels.iter().map(|&l| usize::from(l == 3)).collect();
        let cut = describe(&slices, &two, 2, &model, &surface, &common, None, 4, 0);
        assert_eq!(tree[5], cut[0]);
        assert!(
            tree[5].terms.iter().any(|t| t.term == "team"),
            "{:?}",
            tree[5]
        );
        // Node 4 (topics 0 and 1) is topic 0 of the cut into three.
        let three: Vec<usize> = labels.iter().map(|&l| l.saturating_sub(1)).collect();
        let cut = describe(&slices, &three, 3, &model, &surface, &common, None, 4, 0);
        assert_eq!(tree[4], cut[0]);
    }

    #[test]
    fn a_common_word_every_topic_uses_is_never_shown() {
        // "said" (2) is in every document, more often than anything else.
        let names = ["oil", "opec", "said", "film", "actor"];
        let mut docs = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20 {
            let (a, b) = if i % 2 == 0 { (0, 1) } else { (3, 4) };
            docs.push(vec![(a, 2), (b, 1), (2, 6)]);
            labels.push(i % 2);
        }
        for topic in topics(&names, &["said"], &docs, &labels, 3) {
            assert!(topic.terms.iter().all(|t| t.term != "said"), "{topic:?}");
        }
        // Without the list it is a frequent word, and held to the same lift.
        for topic in topics(&names, &[], &docs, &labels, 3) {
            assert!(topic.terms.iter().all(|t| t.term != "said"), "{topic:?}");
        }
    }

    #[test]
    fn words_that_occur_together_beat_a_slightly_heavier_loner() {
        // Topic 0: "bank" and "rates" always together; "grain" (heavier) in other documents.
        let names = ["bank", "rates", "grain", "wheat", "goal"];
        let mut docs = Vec::new();
        let mut labels = Vec::new();
        for i in 0..12 {
            if i % 3 == 0 {
                docs.push(vec![(0, 2), (1, 2)]);
                labels.push(0);
            } else if i % 3 == 1 {
                docs.push(vec![(2, 3), (3, 1)]);
                labels.push(0);
            } else {
                docs.push(vec![(4, 3), (3, 1)]);
                labels.push(1);
            }
        }
        let t = topics(&names, &[], &docs, &labels, 2);
        assert_eq!(t[0].terms.len(), 2);
        let first = &t[0].terms[0].term;
        let second = &t[0].terms[1].term;
        // Whichever leads, the second word is the one seen with it.
        let partner = |w: &str| match w {
            "bank" => "rates",
            "rates" => "bank",
            "grain" => "wheat",
            _ => "",
        };
        assert_eq!(second, partner(first), "{:?}", t[0].terms);
    }

    #[test]
    fn a_label_leads_with_a_phrase_holding_a_top_word() {
        let w = |t: &str| TermWeight {
            term: t.into(),
            weight: 1.0,
        };
        let terms = [w("Lombardia"), w("innovazione"), w("imprese"), w("ricerca")];
        assert_eq!(
            label(&terms, &[w("Regione Lombardia")]),
            "Regione Lombardia · innovazione · imprese"
        );
        assert_eq!(
            label(&terms, &[w("Made in Italy")]),
            "Lombardia · innovazione · imprese"
        );
        assert_eq!(label(&terms, &[]), "Lombardia · innovazione · imprese");
    }

    #[test]
    fn overlapping_phrases_are_shown_once() {
        let texts: Vec<String> = [
            "Politecnico di Milano",
            "Politecnico",
            "di Milano x",
            "Milano",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ranked: Vec<Ranked> = (0..4)
            .map(|i| Ranked {
                item: i,
                weight: 4.0 - f64::from(i),
            })
            .collect();
        let shown: Vec<String> = distinct_phrases(&ranked, &texts, 3)
            .into_iter()
            .map(|p| p.term)
            .collect();
        assert_eq!(shown, ["Politecnico di Milano", "di Milano x"]);
    }
}
