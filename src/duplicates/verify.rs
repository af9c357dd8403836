//! From candidate pairs to groups: each candidate is kept when the containment of the two
//! shingle sets reaches the threshold; kept pairs join their documents into groups (connected
//! components: a truncated copy and an edited one of the same story are one group through
//! the story, even where they share too little with each other).

use super::lsh;
use super::minhash::{self, Signature};
use super::shingles::Figures;

/// What is kept of a document: its signature (stored apart, see [`Signed`]) and these.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// Distinct shingles (0: no word at all; never grouped).
    pub(crate) n_shingles: u32,
    /// Words: the longest copy of a group is the one kept.
    pub(crate) n_words: u32,
    /// Equal for texts that are the same apart from case, punctuation and spacing.
    pub fingerprint: u64,
    /// The figures the text gives.
    pub figures: Figures,
}

/// Least share of the figures of one text (the one with fewer) that the other must give for
/// the two to be duplicates: last week's wire filled in with this week's numbers is
/// another story, however many words it shares.
pub(crate) const FIGURES_SHARED: f64 = 0.5;

/// Documents reduced to what grouping needs, in input order.
#[derive(Debug, Default)]
pub(crate) struct Signed {
    pub summaries: Vec<Summary>,
    pub signatures: Vec<Signature>,
}

/// A group of near-duplicates, as indices into the documents (input order).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The copy to keep: the longest (most words), the earliest among equals.
    pub kept: usize,
    /// Every member, the kept one included, in input order.
    pub members: Vec<usize>,
    /// `(i, j, containment)` for pairs of members, `i < j`: every pair in a group of up to
    /// [`ALL_PAIRS`] members, else each member with the kept one (a story copied 1,000 times
    /// would otherwise print half a million pairs).
    pub similarities: Vec<(usize, usize, f64)>,
}

/// Largest group whose every pair is listed in [`Group::similarities`].
pub(crate) const ALL_PAIRS: usize = 50;

impl Signed {
    /// The estimated containment of documents `i` and `j`: 1 for texts with equal
    /// fingerprints.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.summaries[i], &self.summaries[j]);
        if a.n_shingles == 0 || b.n_shingles == 0 {
            return 0.0;
        }
        if a.fingerprint == b.fingerprint && a.n_words == b.n_words {
            return 1.0;
        }
        let j_est = minhash::jaccard(&self.signatures[i], &self.signatures[j]);
        minhash::containment(j_est, a.n_shingles, b.n_shingles)
    }

    /// Whether documents `i` and `j` are duplicates: their similarity reaches `threshold`
    /// and they do not give different figures.
    pub(crate) fn is_duplicate(&self, i: usize, j: usize, threshold: f64) -> bool {
        let (a, b) = (&self.summaries[i].figures, &self.summaries[j].figures);
        self.similarity(i, j) >= threshold
            && a.containment(b)
                .is_none_or(|shared| shared >= FIGURES_SHARED)
    }

    /// Groups of documents that are duplicates ([`Signed::is_duplicate`]), directly or through other
    /// members; ordered by their first member. The same on any number of threads.
    pub fn groups(&self, threshold: f64) -> Vec<Group> {
        let n = self.summaries.len();
        let mut sets = DisjointSets::new(n);
        // Identical texts first: one of them stands for all in the banding, so a story
        // copied a thousand times costs one document there.
        let mut by_print: Vec<u32> = (0..n as u32)
            .filter(|&i| self.summaries[i as usize].n_shingles > 0)
            .collect();
        by_print.sort_unstable_by_key(|&i| {
            let s = &self.summaries[i as usize];
            (s.fingerprint, s.n_words, i)
        });
        let mut representatives = Vec::new();
        for run in by_print.chunk_by(|&a, &b| {
            let (a, b) = (&self.summaries[a as usize], &self.summaries[b as usize]);
            (a.fingerprint, a.n_words) == (b.fingerprint, b.n_words)
        }) {
            representatives.push(run[0]);
            for &i in &run[1..] {
                sets.union(run[0] as usize, i as usize);
            }
        }
        representatives.sort_unstable();
        let pairs = lsh::similar_pairs(&self.signatures, &representatives, |i, j| {
            self.is_duplicate(i as usize, j as usize, threshold)
        });
        for (i, j) in pairs {
            sets.union(i as usize, j as usize);
        }
        self.assemble(&mut sets)
    }

    fn assemble(&self, sets: &mut DisjointSets) -> Vec<Group> {
        let n = self.summaries.len();
        let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            let root = sets.find(i);
            members_of[root].push(i);
        }
        let mut groups: Vec<Group> = members_of
            .into_iter()
            .filter(|m| m.len() > 1)
            .map(|members| {
                let kept = *members
                    .iter()
                    .max_by_key(|&&i| (self.summaries[i].n_words, std::cmp::Reverse(i)))
                    .unwrap_or(&members[0]);
                let similarities = self.pairs_of(&members, kept);
                Group {
                    kept,
                    members,
                    similarities,
                }
            })
            .collect();
        groups.sort_unstable_by_key(|g| g.members[0]);
        groups
    }

    fn pairs_of(&self, members: &[usize], kept: usize) -> Vec<(usize, usize, f64)> {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        if members.len() <= ALL_PAIRS {
            members
                .iter()
                .enumerate()
                .flat_map(|(k, &i)| {
                    members[k + 1..]
                        .iter()
                        .map(move |&j| (i, j, round(self.similarity(i, j))))
                })
                .collect()
        } else {
            members
                .iter()
                .filter(|&&i| i != kept)
                .map(|&i| (i.min(kept), i.max(kept), round(self.similarity(i, kept))))
                .collect()
        }
    }
}

/// Union–find with path halving; the root of a set is its smallest member, so the result
/// does not depend on the order of the unions.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = (ra.min(rb), ra.max(rb));
            self.parent[high] = low;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::shingles::{shingle, Shingled};

    fn signed(texts: &[&str]) -> Signed {
        let mut out = Signed::default();
        let (mut sh, mut words) = (Shingled::default(), Vec::new());
        for t in texts {
            shingle(t, 3, &mut sh, &mut words);
            out.summaries.push(Summary {
                n_shingles: sh.hashes.len() as u32,
                n_words: sh.n_words,
                fingerprint: sh.fingerprint,
                figures: sh.figures,
            });
            out.signatures.push(minhash::signature(&sh.hashes));
        }
        out
    }

    const STORY: &str = "The council approved the new budget for the harbour on Tuesday after a \
        long debate. The mayor said the money would go to dredging the channel and repairing \
        the old quay, which has been closed to ships since the winter storms damaged it. \
        Opposition members asked for an independent review of the costs before any contract \
        is signed, and the council agreed to publish the tender documents next month.";

    #[test]
    fn groups_copies_and_keeps_the_longest() {
        let cut = &STORY[..STORY.len() * 7 / 10];
        let other = "Rain is expected across the north of the country this weekend, with \
            strong winds on the coast and snow on the higher ground of the mountains.";
        let wire =
            format!("Harbour budget passes\nShare this article\n\n{STORY}\n\nAll rights reserved");
        let s = signed(&[other, cut, STORY, &wire, &STORY.to_uppercase()]);
        let groups = s.groups(0.5);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, [1, 2, 3, 4]);
        assert_eq!(groups[0].kept, 3);
        assert_eq!(groups[0].similarities.len(), 6);
        assert!(groups[0].similarities.contains(&(2, 4, 1.0)));
    }

    #[test]
    fn empty_texts_are_never_grouped() {
        let s = signed(&["…", "—", STORY]);
        assert!(s.groups(0.5).is_empty());
    }

    #[test]
    fn union_find_roots_at_the_smallest_member() {
        let mut sets = DisjointSets::new(5);
        sets.union(4, 3);
        sets.union(3, 1);
        assert_eq!(sets.find(4), 1);
        assert_eq!(sets.find(0), 0);
    }
}
