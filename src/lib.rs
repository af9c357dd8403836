//! # sintesi
//!
//! Summarisation and topic-modelling analytics for collections of articles.
//!
//! The pipeline, one module per stage in data-flow order:
//!
//! 1. [`corpus`] finds, reads, decodes and cleans documents (the only stage that reads files);
//! 2. [`language`] detects each document's language;
//! 3. [`text`] splits sentences, tokenises, drops stop words and Snowball-stems, remembering the
//!    surface form of every stem;
//! 4. [`vectorize`] weights terms into a sparse TF-IDF matrix (scikit-learn's definitions);
//! 5. [`reduce`] projects TF-IDF rows onto latent dimensions (LSA, randomised SVD);
//! 6. [`cluster`] groups the LSA-reduced documents with k-means (linfa-clustering, parallel
//!    seeded restarts), after [`neighbours`] has moved each towards its nearest neighbours if
//!    asked, and chooses k; [`evaluate::clusters`] scores that against gold labels
//!    for `evaluate clusters`;
//! 7. [`describe`] names each topic by its most distinctive words; [`evaluate::topics`] scores
//!    such words for coherence and diversity against the corpus for `evaluate topics`;
//! 8. [`summarize`] picks key sentences per topic and per document (centroid, LexRank,
//!    TextRank or Lead, a position prior, MMR); [`summaries`] runs it per document for
//!    `summarise` and `evaluate summaries`;
//! 9. [`projection`] places the documents on a 2-D map for the report's chart;
//! 10. [`report`] renders one [`report::Report`] as JSON, Markdown with SVG charts, and HTML.
//!
//! [`analyse()`] runs them all:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("porto.txt"), "Il porto di Genova cresce. Le navi portano container e merci nel porto.")?;
//! std::fs::write(dir.path().join("treni.txt"), "I treni regionali sono in ritardo. La rete ferroviaria ha bisogno di treni nuovi.")?;
//! std::fs::write(dir.path().join("navi.txt"), "Nuove navi nel porto di Trieste. Il traffico di container nel porto aumenta.")?;
//! let report = sintesi::analyse(dir.path(), &sintesi::AnalyseParams::new())?;
//! assert_eq!(report.corpus.documents, 3);
//! assert!(report.clusters.iter().all(|c| !c.terms.is_empty()));
//! # Ok(()) }
//! ```

// `deny`, not `forbid`: ndarray's `s!` macro expands to `#[allow(unsafe_code)]`, which `forbid`
// rejects. Nothing of ours allows it.
#![deny(unsafe_code)]

pub mod analyse;
pub mod budget;
pub mod cluster;
pub mod corpus;
pub mod describe;
pub mod duplicates;
pub mod error;
pub mod evaluate;
pub mod language;
pub mod neighbours;
pub mod progress;
pub mod projection;
pub mod reduce;
pub mod report;
pub mod summaries;
pub mod summarize;
pub mod text;
pub mod vectorize;

pub use analyse::{analyse, analyse_with_progress, AnalyseParams};
pub use error::{Error, Result};
pub use language::Language;
