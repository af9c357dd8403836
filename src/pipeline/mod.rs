//! The harness on top of the stages: the one place that knows their order.
//!
//! Every command starts from the same prepared corpus ([`prepare`]: load → clean → drop
//! emptied documents → detect languages → analyse words → titles) and goes on with its own
//! steps; `analyse` and `evaluate clusters` count each group of near-duplicates once
//! ([`counted`]):
//!
//! * `analyse` ([`analyse`]): TF-IDF → the clustered matrix ([`cluster_matrix`]) → clusters →
//!   topic words → key sentences → map → one [`crate::report::Report`];
//! * `summarise` and `evaluate summaries` ([`summarise`]): term weights → each document's key
//!   sentences;
//! * `evaluate clusters` ([`crate::evaluate::clusters`]): the clustered matrix → clusters →
//!   scores against gold labels; `evaluate topics` runs `analyse`.
//!
//! `sintesi vectorise` streams corpora too large to hold, so it reads and counts in one pass
//! of its own ([`crate::vectorise::streaming`]) with the same counting engine; it does not
//! clean boilerplate, which needs the whole corpus at once.
//!
//! Data flows one way: corpus → language → text → vectorise → reduce → cluster → describe →
//! summarise → projection → report; nothing here reads or writes files itself.

pub mod analyse;
pub mod cluster_matrix;
pub mod counted;
pub mod prepare;
pub mod summarise;

pub use analyse::{analyse, analyse_with_progress, AnalyseParams, DEFAULT_MAX_MEMORY};
pub use counted::{CountedOnce, DuplicatePolicy};
pub use prepare::prepare;
pub use prepare::LoadedCorpus;
pub use prepare::PreparedCorpus;
pub use prepare::Title;
