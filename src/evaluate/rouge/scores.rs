//! The scores themselves: clipped n-gram overlap (ROUGE-1, ROUGE-2) and the longest common
//! subsequence (ROUGE-L), on interned token ids.

use super::{Rouge, RougeScorer};

impl RougeScorer {
    /// ROUGE-1 with a dense per-id counter: O(n + m), no sorting or hashing.
    pub(super) fn unigram_rouge(&mut self, target: &[u32], prediction: &[u32]) -> Rouge {
        if self.unigram_counts.len() < self.stems.len() {
            self.unigram_counts.resize(self.stems.len(), 0);
        }
        for &t in target {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                *c = c.saturating_add(1);
            }
        }
        let mut overlap = 0usize;
        for &t in prediction {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                if *c > 0 {
                    *c -= 1;
                    overlap += 1;
                }
            }
        }
        for &t in target {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                *c = 0;
            }
        }
        overlap_rouge(overlap, target.len(), prediction.len())
    }

    pub(super) fn bigram_rouge(&mut self, target: &[u32], prediction: &[u32]) -> Rouge {
        let key = |w: &[u32]| (u64::from(w[0]) << 32) | u64::from(w[1]);
        self.bigram_counts.clear();
        for w in target.windows(2) {
            let c = self.bigram_counts.entry(key(w)).or_insert(0);
            *c = c.saturating_add(1);
        }
        let mut overlap = 0usize;
        for w in prediction.windows(2) {
            if let Some(c) = self.bigram_counts.get_mut(&key(w)) {
                if *c > 0 {
                    *c -= 1;
                    overlap += 1;
                }
            }
        }
        let n_bigrams = |ids: &[u32]| ids.len().saturating_sub(1);
        overlap_rouge(overlap, n_bigrams(target), n_bigrams(prediction))
    }
}

/// rouge-score's `_score_ngrams`: the clipped overlap Σ min(count_ref,
/// count_cand) over `max(count, 1)` n-grams on each side.
fn overlap_rouge(overlap: usize, n_target: usize, n_prediction: usize) -> Rouge {
    let overlap = overlap as f64;
    Rouge::new(
        overlap / n_prediction.max(1) as f64,
        overlap / n_target.max(1) as f64,
    )
}

/// Bit-parallel LCS length (Allison & Dix 1986; Hyyrö 2004): O(n·⌈m/64⌉)
/// instead of the O(n·m) DP table rouge-score fills, same integer result.
/// Holds its buffers so scoring a corpus does not reallocate per pair.
#[derive(Debug, Clone, Default)]
pub(super) struct BitLcs {
    /// Token id → row in `masks`, `u32::MAX` when absent from `a`.
    slot: Vec<u32>,
    masks: Vec<u64>,
    v: Vec<u64>,
}

impl BitLcs {
    /// LCS length of `a` and `b`, whose ids are all `< vocab_size`.
    pub(super) fn length(&mut self, a: &[u32], b: &[u32], vocab_size: usize) -> usize {
        // Bit vectors run over the shorter sequence: fewer words per step.
        let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let n_words = a.len().div_ceil(64);
        if self.slot.len() < vocab_size {
            self.slot.resize(vocab_size, u32::MAX);
        }
        self.masks.clear();
        let mut n_slots = 0u32;
        for (pos, &tok) in a.iter().enumerate() {
            let Some(entry) = self.slot.get_mut(tok as usize) else {
                continue;
            };
            if *entry == u32::MAX {
                *entry = n_slots;
                n_slots += 1;
                self.masks.resize(self.masks.len() + n_words, 0);
            }
            self.masks[*entry as usize * n_words + pos / 64] |= 1u64 << (pos % 64);
        }

        self.v.clear();
        self.v.resize(n_words, u64::MAX);
        for &tok in b {
            let Some(&s) = self.slot.get(tok as usize) else {
                continue;
            };
            if s == u32::MAX {
                continue; // no match anywhere in `a`: V is unchanged
            }
            let mask = &self.masks[s as usize * n_words..(s as usize + 1) * n_words];
            let mut carry = 0u64;
            for (v, &m) in self.v.iter_mut().zip(mask) {
                // V' = (V + (V & M)) | (V & !M), with the sum carried across words.
                let u = *v & m;
                let (sum, c1) = v.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 | c2);
                *v = sum | (*v & !m);
            }
        }

        for &tok in a {
            if let Some(entry) = self.slot.get_mut(tok as usize) {
                *entry = u32::MAX;
            }
        }
        // LCS = number of zero bits among the first |a| positions.
        let ones: usize = self
            .v
            .iter()
            .enumerate()
            .map(|(k, &w)| {
                let valid = a.len() - k * 64;
                let w = if valid < 64 {
                    w & ((1u64 << valid) - 1)
                } else {
                    w
                };
                w.count_ones() as usize
            })
            .sum();
        a.len() - ones
    }
}
