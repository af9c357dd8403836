//! The confirmation measures of one topic, from the counts of its words: segmentation,
//! confirmation and aggregation of Röder et al. (2015), with gensim 4.4.0's formulas, order
//! of summation and `EPSILON` so that the values agree to rounding.
//!
//! A topic here is the list of its scored words' ids, in the topic's order, with repeats
//! kept: gensim keeps them too (a repeated word is paired with itself).

use super::counts::{Counts, WordPairs};

/// gensim's smoothing of joint probabilities (`direct_confirmation_measure.EPSILON`), which
/// keeps the logarithm finite for words never seen together.
pub(crate) const EPSILON: f64 = 1e-12;

/// Normalised PMI of two words (Bouma 2009), as gensim's `log_ratio_measure(normalize=True)`:
/// `ln((P(a,b) + ε) / (P(a) P(b))) / -ln(P(a,b) + ε)`, probabilities as shares of the
/// (virtual) documents. From −1 (never together) through 0 (independent) to 1 (always
/// together); normalising makes pairs of rare and of frequent words comparable, which PMI
/// alone does not.
pub(super) fn npmi(counts: &Counts, pairs: &WordPairs, a: u32, b: u32) -> f64 {
    let n = counts.n_docs as f64;
    let joint = counts.co_occurrences(pairs, a, b) as f64 / n;
    let p_a = counts.occurrences(a) as f64 / n;
    let p_b = counts.occurrences(b) as f64 / n;
    ((joint + EPSILON) / (p_a * p_b)).ln() / -(joint + EPSILON).ln()
}

/// NPMI over gensim's `s_one_one` segmentation: the mean over every ordered pair of
/// different places in the topic (`c_npmi`, with counts from 10-token windows).
pub(super) fn npmi_topic(topic: &[u32], counts: &Counts, pairs: &WordPairs) -> f64 {
    let mut values = Vec::with_capacity(topic.len() * topic.len());
    for (i, &a) in topic.iter().enumerate() {
        for (j, &b) in topic.iter().enumerate() {
            if i != j {
                values.push(npmi(counts, pairs, a, b));
            }
        }
    }
    mean(&values)
}

/// UMass (Mimno et al. 2011) over gensim's `s_one_pre` segmentation: the mean over each word
/// and every word before it of `ln((P(w_i, w_j) + ε) / P(w_j))`, with document counts. It
/// asks how often a later (less probable) word comes with an earlier one in the same
/// document; 0 is the best value and it has no lower bound.
pub(super) fn umass_topic(topic: &[u32], counts: &Counts, pairs: &WordPairs) -> f64 {
    let n = counts.n_docs as f64;
    let mut values = Vec::new();
    for (i, &later) in topic.iter().enumerate().skip(1) {
        for &earlier in &topic[..i] {
            let joint = counts.co_occurrences(pairs, later, earlier) as f64 / n;
            let p_earlier = counts.occurrences(earlier) as f64 / n;
            values.push(((joint + EPSILON) / p_earlier).ln());
        }
    }
    mean(&values)
}

/// C_V (Röder et al. 2015), gensim's `c_v`: `s_one_set` segmentation, each word against the
/// whole topic, confirmed indirectly. Every word gets a context vector of its NPMI (110-token
/// windows, γ = 1) with each word of the topic, the topic the sum of its words' vectors; the
/// topic's C_V is the mean cosine between each word's vector and the topic's. Indirect
/// confirmation rewards words that go with the same other words even when they seldom meet
/// (two brands of car, each with "road" and "speed"), which direct NPMI would miss.
///
/// Vector entries are per distinct word (a repeated word adds to the same entry), summed in
/// gensim's order; a zero vector gives NaN, as in gensim.
pub(super) fn cv_topic(topic: &[u32], counts: &Counts, pairs: &WordPairs) -> f64 {
    let mut distinct: Vec<u32> = Vec::new();
    let entry: Vec<usize> = topic
        .iter()
        .map(|w| match distinct.iter().position(|d| d == w) {
            Some(e) => e,
            None => {
                distinct.push(*w);
                distinct.len() - 1
            }
        })
        .collect();
    let sim: Vec<Vec<f64>> = topic
        .iter()
        .map(|&a| topic.iter().map(|&b| npmi(counts, pairs, a, b)).collect())
        .collect();
    let word_vector = |i: usize| {
        let mut v = vec![0.0; distinct.len()];
        for j in 0..topic.len() {
            v[entry[j]] += sim[i][j];
        }
        v
    };
    let mut topic_vector = vec![0.0; distinct.len()];
    for j in 0..topic.len() {
        for row in &sim {
            topic_vector[entry[j]] += row[j];
        }
    }
    let topic_norm = norm(&topic_vector);
    let cosines: Vec<f64> = (0..topic.len())
        .map(|i| {
            let v = word_vector(i);
            let dot: f64 = v.iter().zip(&topic_vector).map(|(x, y)| x * y).sum();
            dot / (norm(&v) * topic_norm)
        })
        .collect();
    mean(&cosines)
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The arithmetic mean (gensim's aggregation); NaN for no values, as `np.mean([])`.
pub(super) fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}
