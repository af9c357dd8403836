//! Evaluation against gold standards: clustering metrics against human labels, ROUGE against
//! reference summaries, and topic coherence against the corpus itself. Each follows its
//! reference implementation (scikit-learn, Google's rouge-score, gensim) to the last digit,
//! checked against fixtures those packages produced.

pub mod clusters;
pub mod coherence;
pub mod rouge;
pub mod summaries;
pub mod topics;
