//! The memory budget of `analyse` (`--max-memory`): what a run will need at its peak, estimated
//! from the corpus before the stages that need it, so that a corpus too large for the budget
//! stops with an error saying what it needs instead of running over it.
//!
//! The peak is the analysed text (sentences, tokens, term lists, TF-IDF rows: a few hundred
//! bytes per index token), plus the dense working set of LSA (`(terms + documents) × 2·dims`
//! values: the kept directions and as many oversampled ones), plus the similarity graph of a
//! topic's candidate key sentences (the sentences of its 100 most central documents, at most
//! [`crate::summarise::MAX_GRAPH_SENTENCES`]), taken at its worst, every pair of sentences
//! linked: how dense it is shows only once it is built. The constants are fitted on measured
//! peak resident sets (2 cores, default options): 10 MB for five articles, 42 MB for 500 BBC
//! News articles, 98 MB for all 2,225, 123 MB for Reuters R8, 266 MB for the 10,369 DICE crime
//! stories, 293 MB for Reuters-21578 and 70 MB for 600 documents of made-up words whose
//! sentences all share a word (the graph at its densest). Corpora of long documents are
//! estimated at up to three times their measure: the graph is rarely that dense.

use crate::error::{Error, Result};

/// Caps glibc malloc's arenas at one per core, for a program whose threads are a pool of one
/// per core (rayon's). Left alone, glibc opens up to eight arenas per core as threads contend,
/// and memory freed in one arena serves only the threads using it: the texts the cleaner
/// replaces and the analysis' temporaries stayed held as free space no later stage could
/// reuse (136 MB of 322 on the 81,833 Gutenberg chunks just after cleaning, by `mallinfo2`).
/// Capped, `analyse`'s peak there fell from 1,113 to 980–986 MB at the same speed (23.6–23.9
/// s against 24.4–24.9 s, same run, load 1.4–1.6); one arena for all was 4–7 s slower.
///
/// Call it first thing in `main`, before any thread starts (`mallopt` is not thread-safe);
/// it does nothing on other allocators.
pub fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        let arenas = libc::c_int::try_from(cores.max(2)).unwrap_or(libc::c_int::MAX);
        // SAFETY: `mallopt` only sets a tunable of glibc's allocator; it is called before the
        // program starts any thread, as its documentation requires. A refusal (0) leaves
        // glibc's default, which is still correct, only hungrier.
        #[allow(unsafe_code)]
        let _accepted = unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) };
    }
}

/// What any run holds: the program, its libraries, its threads.
pub(crate) const BASE: u64 = 12 << 20;
/// Bytes held per byte of document text once it is analysed (before the tokens are counted,
/// the text is all there is to go by).
const PER_TEXT_BYTE: u64 = 16;
/// Bytes held per index token: its span, its sentence's term list, the document's term
/// counts and TF-IDF rows, summaries.
const PER_TOKEN: u64 = 160;

/// A budget in bytes, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MemoryBudget(pub Option<u64>);

impl MemoryBudget {
    /// Refuses a stage that would need `needed` bytes at the peak; `what` says what the
    /// corpus holds, for the message.
    ///
    /// # Errors
    /// [`Error::MemoryBudget`] naming the need, the budget and what to change.
    pub fn check(self, needed: u64, what: impl FnOnce() -> String) -> Result<()> {
        match self.0 {
            Some(limit) if needed > limit => Err(Error::MemoryBudget(format!(
                "the analysis needs about {} ({}), more than `max_memory` ({}); raise \
                 `max_memory` or analyse part of the corpus",
                megabytes(needed),
                what(),
                megabytes(limit)
            ))),
            _ => Ok(()),
        }
    }
}

/// The most text (bytes) a corpus may hold for its analysis to fit in `budget`: loading stops
/// past it (see [`crate::corpus::LoadParams::max_corpus_size`]), before memory runs over.
pub fn text_limit(budget: u64) -> u64 {
    budget.saturating_sub(BASE) / PER_TEXT_BYTE
}

/// The peak of a corpus of `text_bytes` of text, before it is tokenised.
pub(crate) fn for_text(text_bytes: u64) -> u64 {
    BASE.saturating_add(PER_TEXT_BYTE.saturating_mul(text_bytes))
}

/// The largest pool of key-sentence candidates the summariser ranks together: at most
/// `documents` documents and `sentences` sentences. The caller passes the summariser's limits,
/// so this module depends on no stage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SentencePool {
    /// Documents pooled at most.
    pub documents: u64,
    /// Sentences in one graph at most.
    pub sentences: u64,
}

/// The peak of the analysis of `n_tokens` index tokens in `n_sentences` sentences of `n_docs`
/// documents with `n_terms` distinct terms, reduced to `dims` LSA dimensions (0 without LSA,
/// whose dense matrix is checked on its own), with sentence pools up to `pool`.
pub(crate) fn for_analysis(
    n_tokens: u64,
    n_terms: u64,
    n_docs: u64,
    n_sentences: u64,
    dims: u64,
    pool: SentencePool,
) -> u64 {
    let lsa = n_terms
        .saturating_add(n_docs)
        .saturating_mul(2 * dims)
        .saturating_mul(8)
        .saturating_mul(6)
        / 5;
    // The largest pool of key-sentence candidates, and its graph with every edge: a
    // (neighbour, weight) pair of 16 bytes in vectors that grow by doubling.
    let per_doc = n_sentences.div_ceil(n_docs.max(1));
    let pool = (n_docs.min(pool.documents))
        .saturating_mul(per_doc)
        .min(pool.sentences);
    let graph = pool.saturating_mul(pool).saturating_mul(28);
    BASE.saturating_add(PER_TOKEN.saturating_mul(n_tokens))
        .saturating_add(lsa)
        .saturating_add(graph)
}

/// `12.3 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_cover_the_measured_peaks() {
        // (tokens, terms, documents, sentences, measured peak resident set in KB)
        let measured = [
            (1_150, 566, 5, 68, 10_412),
            (99_777, 9_556, 500, 9_124, 41_684),
            (473_167, 19_682, 2_226, 43_874, 98_484),
            (477_230, 17_915, 7_668, 47_012, 123_040),
            (1_719_091, 29_154, 10_369, 140_743, 265_968),
            (1_428_069, 29_804, 19_485, 120_727, 292_808),
            (100_800, 11_974, 600, 7_200, 69_972),
        ];
        for (tokens, terms, docs, sentences, kb) in measured {
            let dims = if docs > 200 { 100 } else { 2 };
            let pool = SentencePool {
                documents: crate::summarise::TOPIC_POOL_DOCUMENTS as u64,
                sentences: crate::summarise::MAX_GRAPH_SENTENCES as u64,
            };
            let estimate = for_analysis(tokens, terms, docs, sentences, dims, pool);
            let peak = kb * 1024;
            assert!(estimate >= peak, "{docs} documents: {estimate} < {peak}");
            assert!(
                estimate < peak * 7 / 2,
                "{docs} documents: {estimate} ≫ {peak}"
            );
        }
    }

    #[test]
    fn says_what_is_needed() {
        let err = MemoryBudget(Some(21_000_000))
            .check(98_000_000, || "473,167 tokens".into())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("needs about 98.0 MB (473,167 tokens), more than `max_memory` (21.0 MB)"),
            "{err}"
        );
        assert!(MemoryBudget(None).check(u64::MAX, String::new).is_ok());
    }
}
