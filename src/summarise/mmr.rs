//! Maximal marginal relevance (Carbonell & Goldstein 1998): pick the candidate that is
//! relevant and unlike what was already picked, one at a time:
//!
//! `next = argmax_i [ λ · relevance_i − (1 − λ) · max_{j picked} cos(i, j) ]`
//!
//! With `λ = 1` this is simply the `n` most relevant candidates. Whatever `λ`, a candidate
//! that repeats a picked one (cosine ≥ [`DUPLICATE_SIMILARITY`]) is never picked: scraped
//! pages and agency copy often carry the same sentence twice.

use super::sparse::{dot, SparseVec};
use super::Choice;

/// Cosine similarity from which two sentences count as the same sentence.
pub(crate) const DUPLICATE_SIMILARITY: f64 = 0.95;

/// Chooses up to `n` candidates in the order they were picked. `vectors` are unit length;
/// candidates with no relevance (≤ 0) and repeats of picked ones are never chosen. Ties go to
/// the lower index.
pub fn choose(vectors: &[SparseVec], relevance: &[f64], n: usize, lambda: f64) -> Vec<Choice> {
    choose_spread(vectors, relevance, None, n, lambda)
}

/// As [`choose`], with each candidate belonging to a group (its document, when a topic pools
/// the sentences of several documents): no group gives more than `⌈n / groups⌉` of the picks
/// while candidates of other groups remain, so a topic's key sentences are not all quoted from
/// its longest article. The cap is lifted once only capped groups have candidates left.
pub(crate) fn choose_spread(
    vectors: &[SparseVec],
    relevance: &[f64],
    groups: Option<&[usize]>,
    n: usize,
    lambda: f64,
) -> Vec<Choice> {
    // `n` may be any number a user typed; never more picks than candidates.
    let mut chosen: Vec<Choice> = Vec::with_capacity(n.min(vectors.len()));
    let mut taken = vec![false; vectors.len()];
    let mut max_sim = vec![0.0f64; vectors.len()];
    let (cap, mut per_group) = match groups {
        Some(g) => {
            let n_groups = g.iter().max().map_or(0, |&m| m + 1);
            let distinct = {
                let mut seen = vec![false; n_groups];
                g.iter().for_each(|&x| seen[x] = true);
                seen.iter().filter(|&&b| b).count().max(1)
            };
            (n.div_ceil(distinct).max(1), vec![0usize; n_groups])
        }
        None => (usize::MAX, Vec::new()),
    };
    while chosen.len() < n {
        let pick = |capped: bool| {
            let mut best: Option<(usize, f64)> = None;
            for i in 0..vectors.len() {
                if taken[i] || relevance[i] <= 0.0 || max_sim[i] >= DUPLICATE_SIMILARITY {
                    continue;
                }
                if capped && groups.is_some_and(|g| per_group[g[i]] >= cap) {
                    continue;
                }
                let value = lambda * relevance[i] - (1.0 - lambda) * max_sim[i];
                if best.is_none_or(|(_, b)| value > b) {
                    best = Some((i, value));
                }
            }
            best
        };
        let Some((i, _)) = pick(true).or_else(|| pick(false)) else {
            break;
        };
        taken[i] = true;
        if let Some(g) = groups {
            per_group[g[i]] += 1;
        }
        chosen.push(Choice {
            index: i,
            score: relevance[i],
        });
        for (j, v) in vectors.iter().enumerate() {
            if !taken[j] {
                max_sim[j] = max_sim[j].max(dot(v, &vectors[i]));
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates picked, in the order they were picked.
    fn indices(chosen: Vec<Choice>) -> Vec<usize> {
        chosen.iter().map(|c| c.index).collect()
    }

    #[test]
    fn relevance_alone_takes_the_top_n() {
        let v: Vec<Vec<(usize, f64)>> = (0..4).map(|i| vec![(i, 1.0)]).collect();
        let picked = indices(choose(&v, &[0.2, 0.9, 0.5, 0.9], 3, 1.0));
        assert_eq!(picked, [1, 3, 2]);
    }

    #[test]
    fn skips_a_near_duplicate() {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let v = vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![(0, s), (1, s)]];
        // Relevance 1.0, 0.95, 0.8: the duplicate of the first loses to the third at λ = 0.5:
        // 0.5·0.95 − 0.5·1 = −0.025 < 0.5·0.8 − 0.5·0.707 = 0.046.
        let picked = indices(choose(&v, &[1.0, 0.95, 0.8], 2, 0.5));
        assert_eq!(picked, [0, 2]);
    }

    #[test]
    fn never_picks_a_repeat_even_on_relevance_alone() {
        let v = vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![(1, 1.0)]];
        let picked = indices(choose(&v, &[1.0, 1.0, 0.1], 2, 1.0));
        assert_eq!(picked, [0, 2]);
    }

    #[test]
    fn spreads_picks_over_groups_while_it_can() {
        let v: Vec<Vec<(usize, f64)>> = (0..5).map(|i| vec![(i, 1.0)]).collect();
        let relevance = [0.9, 0.8, 0.7, 0.2, 0.1];
        let groups = [0, 0, 0, 1, 2];
        let picked = indices(choose_spread(&v, &relevance, Some(&groups), 3, 1.0));
        assert_eq!(
            picked,
            [0, 3, 4],
            "one per group when there are three groups"
        );
        let picked = indices(choose_spread(
            &v,
            &relevance,
            Some(&[0, 0, 0, 1, 1]),
            4,
            1.0,
        ));
        assert_eq!(picked, [0, 1, 3, 4], "at most two of four from one group");
        let picked = choose_spread(&v, &relevance, Some(&[0, 0, 0, 0, 0]), 5, 1.0);
        assert_eq!(
            picked.len(),
            5,
            "the cap is lifted when one group is all there is"
        );
    }

    #[test]
    fn never_picks_irrelevant_candidates() {
        let v = vec![vec![(0, 1.0)], vec![(1, 1.0)]];
        assert_eq!(choose(&v, &[0.5, 0.0], 2, 1.0).len(), 1);
    }
}
