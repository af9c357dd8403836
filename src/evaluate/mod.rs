//! Evaluation against gold standards: clustering metrics against human labels, ROUGE against
//! reference summaries. Both follow their reference implementations (scikit-learn, Google's
//! rouge-score) to the last digit, checked against fixtures those packages produced.

pub mod clustering_metrics;
pub mod clusters;
pub mod coherence;
pub mod rouge;
pub mod summaries;
