//! # sintesi
//!
//! Summarisation and topic-modelling analytics for collections of articles.
//!
//! The pipeline, one module per stage in data-flow order:
//!
//! 1. [`corpus`] finds, reads, decodes and cleans documents (the only stage that reads files);
//! 2. [`language`] detects each document's language;
//! 3. [`text`] splits sentences and words ([`tokens`]), drops stop words and Snowball-stems,
//!    remembering the surface form of every stem;
//! 4. [`vectorise`] counts terms in parallel (one engine for every command) and weights them
//!    into a sparse TF-IDF matrix (scikit-learn's definitions);
//! 5. [`reduce`] projects TF-IDF rows onto latent dimensions (LSA, randomised SVD);
//! 6. [`cluster`] groups the LSA-reduced documents with k-means (linfa-clustering, parallel
//!    seeded restarts), after [`neighbours`] has moved each towards its nearest neighbours if
//!    asked, and chooses k; [`evaluate::clusters`] scores that against gold labels
//!    for `evaluate clusters`;
//! 7. [`describe`] names each topic by its most distinctive words; [`evaluate::topics`] scores
//!    such words for coherence and diversity against the corpus for `evaluate topics`;
//! 8. [`summarise`] picks key sentences per topic and per document (centroid, LexRank,
//!    TextRank or Lead, a position prior, MMR); [`pipeline::summarise`] runs it per document
//!    for `summarise` and `evaluate summaries`;
//! 9. [`projection`] places the documents on a 2-D map for the report's chart;
//! 10. [`report`] renders one [`report::Report`] as JSON, Markdown with SVG charts, and HTML.
//!
//! The numerical kernels the stages share — sparse and dense products, distances,
//! orthonormalisation, a small symmetric eigensolver, seeded sampling — live once, in the
//! crate-private `kernels` module.
//!
//! [`pipeline`] knows their order: every command starts from one prepared corpus
//! ([`pipeline::prepare`]: load, clean, detect languages, analyse words, titles), and
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
// rejects. Ours allows it only to call a function compiled for a processor feature once that
// feature is detected: the MinHash signatures (`duplicates::minhash`) and the dense kernels'
// AVX builds (`kernels::with_avx!`); and to cap glibc's malloc arenas before any thread starts
// (`budget::limit_allocator_arenas`).
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod budget;
pub mod cluster;
pub mod corpus;
pub mod describe;
pub mod duplicates;
pub mod error;
pub mod evaluate;
mod kernels;
pub mod language;
pub mod neighbours;
pub mod pipeline;
pub mod printable;
pub mod progress;
pub mod projection;
pub mod reduce;
pub mod report;
pub mod summarise;
pub mod text;
pub mod tokens;
pub mod vectorise;

pub use error::{Error, Result};
pub use language::Language;
pub use pipeline::{analyse, analyse_with_progress, AnalyseParams};
