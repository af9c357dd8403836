//! ROUGE-1/2/L exactly as Google's `rouge-score` 0.1.2 computes them with
//! `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)`.
//!
//! Owns the rouge-score tokeniser, a faithful port of NLTK 3.10.4's
//! `PorterStemmer()` (NLTK_EXTENSIONS mode — not Porter2/Snowball, whose
//! stems differ), and the n-gram / LCS scoring. Scores are checked against
//! rouge-score itself to 1e-9 and the stemmer against NLTK word for word.
//!
//! References: Lin (2004) "ROUGE: A Package for Automatic Evaluation of
//! Summaries"; Porter (1980) "An algorithm for suffix stripping";
//! `rouge_score/rouge_scorer.py`, `rouge_score/tokenize.py`,
//! `nltk/stem/porter.py`.

use rustc_hash::FxHashMap;

mod porter;
mod scores;
mod tokenise;

pub(crate) use porter::PorterStemmer;
use scores::BitLcs;

/// Precision, recall and F1 of one ROUGE variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Rouge {
    /// JSON `p`: precision, the share of the candidate's n-grams (or LCS) found in the reference.
    pub p: f64,
    /// JSON `r`: recall, the share of the reference's n-grams (or LCS) found in the candidate.
    pub r: f64,
    /// JSON `f1`: harmonic mean of `p` and `r`; 0 when both are 0.
    pub f1: f64,
}

impl Rouge {
    /// rouge-score's `scoring.fmeasure`: harmonic mean, 0 when `p + r == 0`.
    fn new(p: f64, r: f64) -> Self {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Self { p, r, f1 }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate, with rouge-score's JSON names.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct RougeScores {
    /// JSON `rouge1`: unigram overlap.
    pub rouge1: Rouge,
    /// JSON `rouge2`: bigram overlap.
    pub rouge2: Rouge,
    /// JSON `rougeL`: longest common subsequence of the token sequences.
    #[serde(rename = "rougeL")]
    pub rouge_l: Rouge,
}

/// Marks a cached word whose stem is not a valid token (dropped, as
/// rouge-score's final `^[a-z0-9]+$` filter does).
const DROPPED: u32 = u32::MAX;

/// Scores summaries against references; keeps caches between calls.
///
/// The caches (raw word → interned stem id) make repeated scoring over one
/// corpus cheap: stemming dominates otherwise. They only grow with the
/// vocabulary, so one scorer per corpus (or per thread — it is `Clone`) is
/// the intended use.
#[derive(Debug, Clone, Default)]
pub(crate) struct RougeScorer {
    stemmer: PorterStemmer,
    /// Lower-cased raw word → stem id (or `DROPPED`).
    word_ids: FxHashMap<Vec<u8>, u32>,
    stem_ids: FxHashMap<String, u32>,
    /// Stem id → stem.
    stems: Vec<String>,
    /// Per-stem-id count scratch for unigram overlap, all zero between calls.
    unigram_counts: Vec<u32>,
    bigram_counts: FxHashMap<u64, u32>,
    lcs: BitLcs,
}

impl RougeScorer {
    pub fn new() -> Self {
        Self::default()
    }

    /// ROUGE-1, ROUGE-2 and ROUGE-L of `candidate` against `reference`
    /// (rouge-score's `score(target, prediction)`).
    ///
    /// ROUGE-N: clipped n-gram overlap over `max(count, 1)`, so an empty side
    /// scores 0 rather than NaN. ROUGE-L: LCS length over token counts, 0 if
    /// either side has no tokens.
    pub fn score(&mut self, reference: &str, candidate: &str) -> RougeScores {
        let mut target = Vec::new();
        let mut prediction = Vec::new();
        self.token_ids(reference, &mut target);
        self.token_ids(candidate, &mut prediction);

        let rouge1 = self.unigram_rouge(&target, &prediction);
        let rouge2 = self.bigram_rouge(&target, &prediction);

        let rouge_l = if target.is_empty() || prediction.is_empty() {
            Rouge::default()
        } else {
            let lcs = self.lcs.length(&target, &prediction, self.stems.len()) as f64;
            Rouge::new(lcs / prediction.len() as f64, lcs / target.len() as f64)
        };
        RougeScores {
            rouge1,
            rouge2,
            rouge_l,
        }
    }
}

#[cfg(test)]
mod tests;
