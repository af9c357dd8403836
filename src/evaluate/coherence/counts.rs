//! How often topic words occur, alone and in pairs, in the reference documents: the
//! probability-estimation stage of Röder et al. (2015), counted as gensim 4.4.0 counts it.
//!
//! Only the topic words are looked up, and only the pairs of words that share a topic are
//! counted, so one pass over the reference costs little more than tokenising it. Three counts
//! are made in that pass: boolean documents (UMass) and boolean sliding windows of
//! [`NPMI_WINDOW`] and [`CV_WINDOW`] tokens (NPMI, C_V). Documents are counted in parallel and
//! the integer counts summed, so the result does not depend on the number of threads.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::tokens::letter_runs;

/// gensim's sliding window for `c_npmi` (and `c_uci`).
pub(crate) const NPMI_WINDOW: usize = 10;
/// gensim's sliding window for `c_v` (Röder et al. found 110 best on large corpora).
pub(crate) const CV_WINDOW: usize = 110;

/// The distinct topic words, numbered in sorted order, and the pairs of them that share a topic.
#[derive(Debug)]
pub(super) struct WordPairs {
    index: FxHashMap<String, u32>,
    /// For word `a`, the words `b > a` it shares a topic with and the pair's slot, by `b`.
    partners: Vec<Vec<(u32, u32)>>,
    n_pairs: usize,
}

impl WordPairs {
    /// The words and within-topic pairs of `topics` (already lower-cased).
    pub(super) fn new(topics: &[Vec<String>]) -> WordPairs {
        let mut words: Vec<&str> = topics.iter().flatten().map(String::as_str).collect();
        words.sort_unstable();
        words.dedup();
        let index: FxHashMap<String, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), i as u32))
            .collect();
        let mut partners: Vec<Vec<(u32, u32)>> = vec![Vec::new(); words.len()];
        for topic in topics {
            for a in topic {
                for b in topic {
                    let (a, b) = (index[a.as_str()], index[b.as_str()]);
                    if a < b {
                        partners[a as usize].push((b, 0));
                    }
                }
            }
        }
        let mut n_pairs = 0;
        for list in &mut partners {
            list.sort_unstable();
            list.dedup();
            for (_, slot) in list.iter_mut() {
                *slot = n_pairs as u32;
                n_pairs += 1;
            }
        }
        WordPairs {
            index,
            partners,
            n_pairs,
        }
    }

    pub(super) fn id(&self, word: &str) -> Option<u32> {
        self.index.get(word).copied()
    }

    fn n_words(&self) -> usize {
        self.partners.len()
    }

    fn slot(&self, a: u32, b: u32) -> usize {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let list = &self.partners[a as usize];
        let at = list
            .binary_search_by_key(&b, |&(b, _)| b)
            .expect("pairs are counted only for words that share a topic");
        list[at].1 as usize
    }
}

/// Occurrences of words and of pairs in the (virtual) documents of one estimator.
#[derive(Debug, Clone)]
pub(super) struct Counts {
    /// Documents, or windows for a sliding window.
    pub n_docs: u64,
    occurrences: Vec<u64>,
    co_occurrences: Vec<u64>,
}

impl Counts {
    fn new(pairs: &WordPairs) -> Counts {
        Counts {
            n_docs: 0,
            occurrences: vec![0; pairs.n_words()],
            co_occurrences: vec![0; pairs.n_pairs],
        }
    }

    pub(super) fn occurrences(&self, word: u32) -> u64 {
        self.occurrences[word as usize]
    }

    /// Documents holding both words; a word with itself is the word's own count, as in gensim.
    pub(super) fn co_occurrences(&self, pairs: &WordPairs, a: u32, b: u32) -> u64 {
        if a == b {
            self.occurrences(a)
        } else {
            self.co_occurrences[pairs.slot(a, b)]
        }
    }

    fn add(&mut self, other: &Counts) {
        self.n_docs += other.n_docs;
        for (x, y) in self.occurrences.iter_mut().zip(&other.occurrences) {
            *x += y;
        }
        for (x, y) in self.co_occurrences.iter_mut().zip(&other.co_occurrences) {
            *x += y;
        }
    }
}

/// The three estimators' counts over one reference corpus.
#[derive(Debug, Clone)]
pub(super) struct ReferenceCounts {
    /// Boolean document (UMass): a document counts once for each word it holds.
    pub documents: Counts,
    /// Boolean sliding window of [`NPMI_WINDOW`] tokens.
    pub(crate) npmi_windows: Counts,
    /// Boolean sliding window of [`CV_WINDOW`] tokens.
    pub(crate) cv_windows: Counts,
}

impl ReferenceCounts {
    fn new(pairs: &WordPairs) -> ReferenceCounts {
        ReferenceCounts {
            documents: Counts::new(pairs),
            npmi_windows: Counts::new(pairs),
            cv_windows: Counts::new(pairs),
        }
    }

    fn add(mut self, other: ReferenceCounts) -> ReferenceCounts {
        self.documents.add(&other.documents);
        self.npmi_windows.add(&other.npmi_windows);
        self.cv_windows.add(&other.cv_windows);
        self
    }
}

/// Counts the topic words and their within-topic pairs in `documents` (raw texts, tokenised
/// here as [`super::reference_words`]).
pub(super) fn count<S: AsRef<str> + Sync>(documents: &[S], pairs: &WordPairs) -> ReferenceCounts {
    documents
        .par_iter()
        .fold(
            || (ReferenceCounts::new(pairs), Scratch::new(pairs)),
            |(mut counts, mut scratch), text| {
                scratch.count_document(text.as_ref(), pairs, &mut counts);
                (counts, scratch)
            },
        )
        .map(|(counts, _)| counts)
        .reduce(|| ReferenceCounts::new(pairs), ReferenceCounts::add)
}

/// One worker's buffers, reused from document to document.
struct Scratch {
    /// (word, token position) of every topic word in the document.
    hits: Vec<(u32, u32)>,
    /// The document's distinct topic words with the range of their positions in `hits`.
    present: Vec<(u32, std::ops::Range<usize>)>,
    /// For each word, its place in `present`, or `u32::MAX` when absent from the document.
    place: Vec<u32>,
    /// Windows (start, end) in which each present word counts, concatenated.
    intervals: Vec<(u32, u32)>,
    /// Range of each present word's intervals in `intervals`.
    interval_ranges: Vec<std::ops::Range<usize>>,
}

impl Scratch {
    fn new(pairs: &WordPairs) -> Scratch {
        Scratch {
            hits: Vec::new(),
            present: Vec::new(),
            place: vec![u32::MAX; pairs.n_words()],
            intervals: Vec::new(),
            interval_ranges: Vec::new(),
        }
    }

    fn count_document(&mut self, text: &str, pairs: &WordPairs, counts: &mut ReferenceCounts) {
        let n_tokens = self.read(text, pairs);
        counts.documents.n_docs += 1;
        for &(word, _) in &self.present {
            counts.documents.occurrences[word as usize] += 1;
        }
        self.for_each_pair(pairs, |_, _, slot| {
            counts.documents.co_occurrences[slot] += 1;
        });
        self.count_windows(n_tokens, NPMI_WINDOW, pairs, &mut counts.npmi_windows);
        self.count_windows(n_tokens, CV_WINDOW, pairs, &mut counts.cv_windows);
        self.forget();
    }

    /// Finds the topic words of one document and where they are; returns its token count.
    fn read(&mut self, text: &str, pairs: &WordPairs) -> usize {
        let lower = text.to_lowercase();
        self.hits.clear();
        let mut n_tokens = 0usize;
        for (position, word) in letter_runs(&lower).enumerate() {
            if let Some(id) = pairs.id(word) {
                self.hits.push((id, position as u32));
            }
            n_tokens = position + 1;
        }
        self.hits.sort_unstable();
        self.present.clear();
        let mut start = 0;
        while start < self.hits.len() {
            let word = self.hits[start].0;
            let end = start + self.hits[start..].partition_point(|&(w, _)| w == word);
            self.place[word as usize] = self.present.len() as u32;
            self.present.push((word, start..end));
            start = end;
        }
        n_tokens
    }

    /// Clears what [`Scratch::read`] marked, ready for the next document.
    fn forget(&mut self) {
        for &(word, _) in &self.present {
            self.place[word as usize] = u32::MAX;
        }
    }

    /// Calls `f(i, j, slot)` for every within-topic pair of present words, `i` and `j` their
    /// places in `present`.
    fn for_each_pair(&self, pairs: &WordPairs, mut f: impl FnMut(usize, usize, usize)) {
        for (i, &(a, _)) in self.present.iter().enumerate() {
            for &(b, slot) in &pairs.partners[a as usize] {
                let j = self.place[b as usize];
                if j != u32::MAX {
                    f(i, j as usize, slot as usize);
                }
            }
        }
    }

    fn count_windows(
        &mut self,
        n_tokens: usize,
        window: usize,
        pairs: &WordPairs,
        counts: &mut Counts,
    ) {
        let n_windows = n_tokens.saturating_sub(window) + 1;
        counts.n_docs += n_windows as u64;
        self.intervals.clear();
        self.interval_ranges.clear();
        for (word, range) in &self.present {
            let start = self.intervals.len();
            let positions = self.hits[range.clone()].iter().map(|&(_, p)| p as usize);
            active_windows(positions, n_tokens, window, &mut self.intervals);
            let total: u64 = self.intervals[start..]
                .iter()
                .map(|&(s, e)| u64::from(e - s))
                .sum();
            counts.occurrences[*word as usize] += total;
            self.interval_ranges.push(start..self.intervals.len());
        }
        let (intervals, ranges) = (&self.intervals, &self.interval_ranges);
        let co_occurrences = &mut counts.co_occurrences;
        self.for_each_pair(pairs, |i, j, slot| {
            co_occurrences[slot] +=
                overlap(&intervals[ranges[i].clone()], &intervals[ranges[j].clone()]);
        });
    }
}

/// The windows in which gensim counts a word found at `positions` (sorted) of a document of
/// `n_tokens` tokens, as half-open ranges of window indices appended to `out`.
///
/// gensim (`WordOccurrenceAccumulator`) slides a window over the document one token at a
/// time and keeps a flag per word: set for the words of the first window, then at each step
/// cleared for the token that leaves and set for the token that enters, in that order. A word
/// whose first copy leaves the window is therefore not counted in the following windows even
/// when another copy is still inside, until a copy enters again. A document shorter than the
/// window is one window. Each word's flag depends on its own positions alone, so the words
/// are followed one at a time and two words co-occur in the windows where both ranges
/// overlap.
fn active_windows(
    positions: impl Iterator<Item = usize> + Clone,
    n_tokens: usize,
    window: usize,
    out: &mut Vec<(u32, u32)>,
) {
    if n_tokens <= window {
        out.push((0, 1));
        return;
    }
    let n_windows = n_tokens - window + 1;
    // Window s holds tokens s..s + window: the token at p leaves at step p + 1 and, when not
    // in the first window, enters at step p + 1 - window.
    let mut leaves = positions
        .clone()
        .map(|p| p + 1)
        .filter(|&s| s < n_windows)
        .peekable();
    let mut enters = positions
        .clone()
        .filter(|&p| p >= window)
        .map(|p| p + 1 - window)
        .peekable();
    let mut on = positions.clone().next().is_some_and(|p| p < window);
    let mut since = 0;
    loop {
        let step = match (leaves.peek(), enters.peek()) {
            (None, None) => break,
            (Some(&l), Some(&e)) => l.min(e),
            (Some(&l), None) => l,
            (None, Some(&e)) => e,
        };
        let left = leaves.next_if_eq(&step).is_some();
        let entered = enters.next_if_eq(&step).is_some();
        // Cleared, then set: a copy entering as another leaves keeps the word counted.
        if entered {
            if !on {
                since = step;
                on = true;
            }
        } else if left && on {
            out.push((since as u32, step as u32));
            on = false;
        }
    }
    if on {
        out.push((since as u32, n_windows as u32));
    }
}

/// The number of windows in both of two sorted lists of disjoint ranges.
fn overlap(a: &[(u32, u32)], b: &[(u32, u32)]) -> u64 {
    let (mut i, mut j, mut total) = (0, 0, 0u64);
    while i < a.len() && j < b.len() {
        let start = a[i].0.max(b[j].0);
        let end = a[i].1.min(b[j].1);
        if start < end {
            total += u64::from(end - start);
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// gensim's `WordOccurrenceAccumulator` literally: one flag per word, cleared for the
    /// token leaving and set for the token entering, counted per window.
    fn gensim_windows(
        tokens: &[u32],
        n_words: usize,
        window: usize,
    ) -> (u64, Vec<u64>, Vec<Vec<u64>>) {
        let mut occurrences = vec![0; n_words];
        let mut co = vec![vec![0; n_words]; n_words];
        let windows: Vec<&[u32]> = if tokens.len() <= window {
            vec![tokens]
        } else {
            tokens.windows(window).collect()
        };
        let mut flags = vec![false; n_words + 1];
        for (s, w) in windows.iter().enumerate() {
            if s == 0 {
                for &t in *w {
                    flags[t as usize] = true;
                }
            } else {
                flags[windows[s - 1][0] as usize] = false;
                flags[w[w.len() - 1] as usize] = true;
            }
            for a in 0..n_words {
                if flags[a] {
                    occurrences[a] += 1;
                    for b in 0..n_words {
                        if flags[b] {
                            co[a][b] += 1;
                        }
                    }
                }
            }
        }
        (windows.len() as u64, occurrences, co)
    }

    #[test]
    fn counts_windows_as_gensim_does() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let names = ["a", "b", "c", "d"];
        let topics = vec![names.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        let pairs = WordPairs::new(&topics);
        for _ in 0..300 {
            let len = rng.gen_range(0..40);
            // Index 4 stands for any other word.
            let tokens: Vec<u32> = (0..len).map(|_| rng.gen_range(0..6).min(4)).collect();
            let text: Vec<&str> = tokens
                .iter()
                .map(|&t| names.get(t as usize).copied().unwrap_or("x"))
                .collect();
            let counts = count(&[text.join(" ")], &pairs);
            for (window, ours) in [
                (3, None),
                (NPMI_WINDOW, Some(&counts.npmi_windows)),
                (7, None),
            ] {
                let ours = match ours {
                    Some(c) => c.clone(),
                    None => {
                        let mut c = Counts::new(&pairs);
                        let mut scratch = Scratch::new(&pairs);
                        let n_tokens = scratch.read(&text.join(" "), &pairs);
                        scratch.count_windows(n_tokens, window, &pairs, &mut c);
                        scratch.forget();
                        c
                    }
                };
                let (n, occurrences, co) = gensim_windows(&tokens, 4, window);
                assert_eq!(ours.n_docs, n, "{tokens:?} window {window}");
                for a in 0..4u32 {
                    assert_eq!(
                        ours.occurrences(a),
                        occurrences[a as usize],
                        "{tokens:?} window {window}"
                    );
                    for b in 0..4u32 {
                        assert_eq!(
                            ours.co_occurrences(&pairs, a, b),
                            co[a as usize][b as usize],
                            "{tokens:?} window {window} {a} {b}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn forgets_a_word_whose_first_copy_leaves_the_window() {
        // Windows of 3 over `a a x x`: [a a x] counts a, [a x x] does not (gensim's flag was
        // cleared when the first `a` left), so a is counted once, not twice.
        let pairs = WordPairs::new(&[vec!["a".to_string(), "b".to_string()]]);
        let mut out = Vec::new();
        active_windows([0usize, 1].into_iter(), 4, 3, &mut out);
        assert_eq!(out, [(0, 1)]);
        let counts = count(&["a a x x"], &pairs);
        assert_eq!(counts.documents.occurrences(0), 1);
    }

    #[test]
    fn counts_only_pairs_within_a_topic() {
        let topics = vec![
            vec!["a".to_string(), "b".to_string()],
            vec!["c".to_string(), "b".to_string()],
        ];
        let pairs = WordPairs::new(&topics);
        assert_eq!(pairs.n_pairs, 2);
        let counts = count(&["a b c", "b c", "a"], &pairs);
        let id = |w: &str| pairs.id(w).unwrap();
        assert_eq!(counts.documents.co_occurrences(&pairs, id("a"), id("b")), 1);
        assert_eq!(counts.documents.co_occurrences(&pairs, id("c"), id("b")), 2);
        assert_eq!(counts.documents.occurrences(id("a")), 2);
        assert_eq!(counts.documents.n_docs, 3);
    }
}
