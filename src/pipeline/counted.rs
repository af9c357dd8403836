//! Near-duplicates counted once: which documents of the cleaned corpus stand for a story.
//!
//! `analyse` and `evaluate clusters` group the near-duplicates of the cleaned texts
//! ([`crate::duplicates::group_texts`]: the same shingles, MinHash and containment as
//! `sintesi duplicates`) and count each group once: only the kept member of a group (its
//! longest copy) is clustered, weighs in topic sizes and topic words and may supply key
//! sentences; the other members are still documents of the report, given the kept member's
//! topic. Owns the choice of what counts and the mapping back to every document; does not own
//! the detection (see [`crate::duplicates`]) nor what a step does with the documents it is
//! given.

use crate::cluster::ClusterParams;
use crate::duplicates::{self, DuplicateGroup, DuplicateParams};
use crate::error::Result;

/// Whether near-duplicates count once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DuplicatePolicy {
    /// Each group of near-duplicates counts once: documents whose shingle sets have a
    /// containment of at least `threshold` ([`duplicates::DEFAULT_THRESHOLD`] by default).
    CountOnce {
        /// Least containment of two documents' shingle sets for them to be copies.
        threshold: f64,
    },
    /// Every document counts, copies included (`--keep-duplicates`); nothing is detected.
    Keep,
}

impl Default for DuplicatePolicy {
    fn default() -> Self {
        DuplicatePolicy::CountOnce {
            threshold: duplicates::DEFAULT_THRESHOLD,
        }
    }
}

impl DuplicatePolicy {
    /// The containment threshold, `None` when duplicates are kept.
    pub fn threshold(&self) -> Option<f64> {
        match *self {
            DuplicatePolicy::CountOnce { threshold } => Some(threshold),
            DuplicatePolicy::Keep => None,
        }
    }
}

/// Which documents count, and for which each document counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountedOnce {
    /// Groups of near-duplicates (members index the documents), by first member; empty when
    /// duplicates are kept.
    pub groups: Vec<DuplicateGroup>,
    /// For every document, the document it counts as: itself, or its group's kept member.
    counts_as: Vec<usize>,
    /// The documents that count (`counts_as[i] == i`), ascending.
    counted: Vec<usize>,
}

impl CountedOnce {
    /// Every one of `n_docs` documents counts.
    pub fn all(n_docs: usize) -> CountedOnce {
        CountedOnce::from_groups(n_docs, Vec::new())
    }

    /// Groups the near-duplicates among `texts` as `policy` says.
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] for a threshold outside (0, 1].
    pub fn find(texts: &[&str], policy: DuplicatePolicy) -> Result<CountedOnce> {
        let Some(threshold) = policy.threshold() else {
            return Ok(CountedOnce::all(texts.len()));
        };
        let params = DuplicateParams {
            threshold,
            ..DuplicateParams::default()
        };
        let groups = duplicates::group_texts(texts, &params)?;
        Ok(CountedOnce::from_groups(texts.len(), groups))
    }

    /// As [`CountedOnce::find`], from groups already found (members index `0..n_docs`).
    pub fn from_groups(n_docs: usize, groups: Vec<DuplicateGroup>) -> CountedOnce {
        let mut counts_as: Vec<usize> = (0..n_docs).collect();
        for g in &groups {
            for &m in &g.members {
                counts_as[m] = g.kept;
            }
        }
        let counted = (0..n_docs).filter(|&i| counts_as[i] == i).collect();
        CountedOnce {
            groups,
            counts_as,
            counted,
        }
    }

    /// The documents that count, ascending: every document outside a group, and each
    /// group's kept member.
    pub fn counted(&self) -> &[usize] {
        &self.counted
    }

    /// Documents counted: those in no group, and one per group.
    pub fn n_counted(&self) -> usize {
        self.counted.len()
    }

    /// Whether document `i` counts (it is in no group, or kept for its group).
    pub fn counts(&self, i: usize) -> bool {
        self.counts_as[i] == i
    }

    /// The document that document `i` counts as.
    pub fn counts_as(&self, i: usize) -> usize {
        self.counts_as[i]
    }

    /// `params` with k (or the largest k tried) lowered to what the documents that count
    /// allow, as for exact copies ([`crate::cluster`]), and the note that says so: a corpus
    /// of copies has fewer stories than documents.
    pub fn within_counted(&self, params: &ClusterParams) -> (ClusterParams, Option<String>) {
        crate::cluster::within_corpus(params, self.counts_as.len(), self.n_counted())
    }

    /// Labels of the counted documents (`labels[r]` for `counted()[r]`) given to every
    /// document: a copy takes its kept member's.
    pub fn spread<T: Copy>(&self, labels: &[T]) -> Vec<T> {
        assert_eq!(
            labels.len(),
            self.counted.len(),
            "one label per counted document"
        );
        self.counts_as
            .iter()
            .map(|&k| labels[self.counted.binary_search(&k).unwrap_or_default()])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(kept: usize, members: &[usize]) -> DuplicateGroup {
        DuplicateGroup {
            kept,
            members: members.to_vec(),
            similarities: Vec::new(),
        }
    }

    #[test]
    fn copies_take_their_kept_members_label() {
        let c = CountedOnce::from_groups(6, vec![group(3, &[0, 3]), group(4, &[2, 4, 5])]);
        assert_eq!(c.counted(), [1, 3, 4]);
        assert!(c.counts(3) && !c.counts(0) && !c.counts(5));
        assert_eq!(c.counts_as(5), 4);
        assert_eq!(c.spread(&['a', 'b', 'c']), ['b', 'a', 'c', 'b', 'c', 'c']);
    }

    #[test]
    fn keeping_duplicates_counts_every_document() {
        let story = "The council approved the harbour budget after a long debate, and the \
            mayor said the money would go to dredging the canal before the summer.";
        let texts = [
            story,
            story,
            "Something else entirely happened in Milan today.",
        ];
        let kept = CountedOnce::find(&texts, DuplicatePolicy::Keep).unwrap();
        assert_eq!(kept, CountedOnce::all(3));
        assert_eq!(kept.counted(), [0, 1, 2]);
        let once = CountedOnce::find(&texts, DuplicatePolicy::default()).unwrap();
        assert_eq!(once.counted(), [0, 2]);
        assert_eq!(once.groups.len(), 1);
    }
}
