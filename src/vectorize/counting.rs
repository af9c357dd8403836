//! Counting the terms of documents, one worker at a time.
//!
//! A [`Worker`] owns everything its thread writes to: a cache from lower-cased word to term
//! (or to "dropped" for stop words, numbers and one-letter words), so each distinct word is
//! checked and stemmed once per worker; dense per-term counters for the document at hand;
//! and its share of the document frequencies. Tokens are exactly those of `analyse`:
//! [`crate::text::tokens::words`], lower-cased, kept when indexable and not a stop word,
//! Snowball-stemmed ([`crate::text::Analyzer`]). A document's row leaves as `(term, count)`
//! pairs packed in a `u64` (term in the high half), unsorted.

use super::hashing;
use super::vocabulary::SharedVocabulary;
use super::word_cache::{pack_ascii_lower_in, WordCache, WordEntry};
use crate::error::Result;
use crate::language::Language;
use crate::text::tokens::{is_indexable, lowercase, words};
use crate::text::{AnalyzerCache, AnalyzerParams};

const DROPPED: u64 = WordEntry::DROPPED;

/// In hashing mode word caches are cleared past this many words, so memory stays bounded
/// however large the vocabulary.
const HASHING_CACHE_LIMIT: usize = 1 << 20;

/// Where term ids come from.
#[derive(Clone, Copy)]
pub(crate) enum Terms<'v> {
    /// Ids from the shared vocabulary; n-grams interned as pairs.
    Vocabulary(&'v SharedVocabulary),
    /// Bucket = stable 64-bit hash of the term modulo the number of buckets.
    Hashing(u32),
}

impl Terms<'_> {
    /// The token of a new kept word (a stem): a term id, or the word's hash.
    fn word(&self, stem: &str) -> Result<u64> {
        match self {
            Terms::Vocabulary(v) => v.word(stem).map(u64::from),
            Terms::Hashing(_) => Ok(hashing::hash_term(stem)),
        }
    }

    /// The token of the n-gram `prefix` + `last`.
    #[inline]
    fn pair(&self, prefix: u64, last: u64) -> Result<u64> {
        match self {
            Terms::Vocabulary(v) => v.pair(prefix as u32, last as u32).map(u64::from),
            Terms::Hashing(_) => Ok(hashing::hash_pair(prefix, last)),
        }
    }

    /// The row index (term id or bucket) of a token.
    #[inline]
    fn index(&self, token: u64) -> u32 {
        match self {
            Terms::Vocabulary(_) => token as u32,
            Terms::Hashing(n) => (token % u64::from(*n)) as u32,
        }
    }
}

/// What a worker is told about the documents it counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CountParams {
    pub analyzer: AnalyzerParams,
    /// Smallest and largest n of the n-grams counted (1, 1 for words only).
    pub ngram_range: (usize, usize),
}

/// One thread's counting state.
#[derive(Default)]
pub(crate) struct Worker {
    /// Per language slot (0: none, then [`Language`] + 1): lower-case word → entry.
    pub caches: Vec<WordCache>,
    analyzers: AnalyzerCache,
    buf: String,
    tokens: Vec<u64>,
    row: RowCounts,
    /// Documents containing each term (or bucket) among those this worker counted.
    pub df: Vec<u32>,
    /// Occurrences of each term over those documents.
    pub total: Vec<u64>,
    /// Index tokens (after stop words) counted.
    pub n_tokens: u64,
}

impl Worker {
    pub fn new() -> Worker {
        Worker {
            caches: (0..=Language::ALL.len())
                .map(|_| WordCache::default())
                .collect(),
            ..Worker::default()
        }
    }

    /// Counts the terms of one document and appends its row to `out`; returns the row length.
    pub fn count_text(
        &mut self,
        text: &str,
        language: Option<Language>,
        params: &CountParams,
        terms: Terms<'_>,
        out: &mut Vec<u64>,
    ) -> Result<u32> {
        let slot = language.map_or(0, |l| l as usize + 1);
        let analyzer = self.analyzers.get(language, params.analyzer);
        let cache = &mut self.caches[slot];
        if matches!(terms, Terms::Hashing(_)) && cache.len() > HASHING_CACHE_LIMIT {
            cache.clear();
        }
        let words_only = params.ngram_range == (1, 1);
        self.tokens.clear();
        let miss = |lower: &str| {
            let analyse = |lower: &str| {
                Ok((is_indexable(lower) && !analyzer.is_stop_word(lower))
                    .then(|| Box::from(analyzer.stem(lower).as_ref())))
            };
            match terms {
                Terms::Vocabulary(v) => Ok(v
                    .analysed_word(slot as u8, lower, analyse)?
                    .map_or(DROPPED, u64::from)),
                Terms::Hashing(_) => match analyse(lower)? {
                    Some(stem) => terms.word(&stem),
                    None => Ok(DROPPED),
                },
            }
        };
        for word in words(text) {
            // Nearly every word: short ASCII, lower-cased inside its cache key.
            let token = match pack_ascii_lower_in(text.as_bytes(), word.start, word.text.len()) {
                Some((key, capitalised)) => cache.count_packed(key, capitalised, miss)?,
                None => {
                    let lower = lowercase(word.text, &mut self.buf);
                    cache.count(lower, is_capitalised(word.text), miss)?
                }
            };
            // No branch on whether the word was dropped: about every other word of running
            // text is a stop word, in no order a predictor could learn.
            let kept = token != DROPPED;
            self.n_tokens += u64::from(kept);
            if words_only {
                self.row.add_if(terms.index(token), kept);
            } else if kept {
                self.tokens.push(token);
            }
        }
        if !words_only {
            self.count_ngrams(params.ngram_range, terms)?;
        }
        Ok(self.finish_row(out))
    }

    /// Counts a document given as its tokens (already analysed): for parity tests with
    /// scikit-learn on fixed token lists, and for callers with their own tokeniser.
    pub fn count_tokens<'t>(
        &mut self,
        tokens: impl IntoIterator<Item = &'t str>,
        params: &CountParams,
        terms: Terms<'_>,
        out: &mut Vec<u64>,
    ) -> Result<u32> {
        self.tokens.clear();
        for t in tokens {
            self.tokens.push(terms.word(t)?);
            self.n_tokens += 1;
        }
        self.count_ngrams(params.ngram_range, terms)?;
        Ok(self.finish_row(out))
    }

    fn count_ngrams(&mut self, (min_n, max_n): (usize, usize), terms: Terms<'_>) -> Result<()> {
        let tokens = &self.tokens;
        for i in 0..tokens.len() {
            let mut token = tokens[i];
            if min_n <= 1 {
                self.row.add_if(terms.index(token), true);
            }
            for n in 2..=max_n {
                let Some(&last) = tokens.get(i + n - 1) else {
                    break;
                };
                token = terms.pair(token, last)?;
                if n >= min_n {
                    self.row.add_if(terms.index(token), true);
                }
            }
        }
        Ok(())
    }

    /// Moves the counts of the document just counted into `out` and into df and totals.
    fn finish_row(&mut self, out: &mut Vec<u64>) -> u32 {
        if let Some(max) = self.row.max_term() {
            if max as usize >= self.df.len() {
                let len = (max as usize + 1).max(self.df.len() * 2);
                self.df.resize(len, 0);
                self.total.resize(len, 0);
            }
        }
        out.reserve(self.row.len);
        let (df, total) = (&mut self.df, &mut self.total);
        self.row.drain(|t, c| {
            out.push((u64::from(t) << 32) | u64::from(c));
            df[t as usize] += 1;
            total[t as usize] += u64::from(c);
        })
    }
}

/// Per-term counters of the document being counted: slot `t + 1` counts term `t`, slot 0 is
/// a sink for words that are not counted, and `touched[..len]` lists the slots in use.
/// `touched` is as long as `counts`, so a slot is recorded by a store and a length step
/// rather than a branch on whether the term is new to the document (a third of the words
/// of a short document are, unpredictably).
#[derive(Default)]
struct RowCounts {
    counts: Vec<u32>,
    touched: Vec<u32>,
    len: usize,
}

impl RowCounts {
    /// Counts term `t` when `keep` (else the sink).
    #[inline]
    fn add_if(&mut self, t: u32, keep: bool) {
        let slot = if keep { t as usize + 1 } else { 0 };
        if slot >= self.counts.len() {
            self.grow(slot);
        }
        let c = self.counts[slot];
        self.counts[slot] = c + 1;
        self.touched[self.len] = slot as u32;
        self.len += usize::from((c == 0) & keep);
    }

    /// The largest term counted since the last [`RowCounts::drain`].
    fn max_term(&self) -> Option<u32> {
        self.touched[..self.len].iter().max().map(|slot| slot - 1)
    }

    /// Hands every term counted since the last call to `f` with its count, in the order
    /// first seen, and leaves every counter at zero; returns how many terms there were.
    fn drain(&mut self, mut f: impl FnMut(u32, u32)) -> u32 {
        for &slot in &self.touched[..self.len] {
            f(slot - 1, std::mem::take(&mut self.counts[slot as usize]));
        }
        if let Some(sink) = self.counts.first_mut() {
            *sink = 0;
        }
        std::mem::take(&mut self.len) as u32
    }

    #[cold]
    fn grow(&mut self, slot: usize) {
        let len = (slot + 1).max(self.counts.len() * 2).max(1024);
        self.counts.resize(len, 0);
        self.touched.resize(len, 0);
    }
}

/// As `analyse` decides it: the first character is upper-case.
#[inline]
fn is_capitalised(written: &str) -> bool {
    match written.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => written.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Unpacks a row entry into (term, count).
#[inline]
pub(crate) fn unpack(entry: u64) -> (u32, u32) {
    ((entry >> 32) as u32, entry as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, params: &CountParams) -> Vec<(String, u32)> {
        let vocab = SharedVocabulary::new();
        let mut worker = Worker::new();
        let mut out = Vec::new();
        worker
            .count_text(
                text,
                Some(Language::Italian),
                params,
                Terms::Vocabulary(&vocab),
                &mut out,
            )
            .unwrap();
        let names = super::super::vocabulary::spell(&vocab.into_names());
        let mut got: Vec<(String, u32)> = out
            .iter()
            .map(|&e| {
                let (t, c) = unpack(e);
                (names[t as usize].to_string(), c)
            })
            .collect();
        got.sort();
        got
    }

    #[test]
    fn counts_stems_after_stop_words_like_analyse() {
        let params = CountParams {
            analyzer: AnalyzerParams::default(),
            ngram_range: (1, 1),
        };
        let got = rows(
            "L’innovazione e le innovazioni: 2024, innovazione!",
            &params,
        );
        assert_eq!(got, [("innov".to_string(), 3)]);
    }

    #[test]
    fn bigrams_join_kept_tokens_with_a_space() {
        let params = CountParams {
            analyzer: AnalyzerParams::default(),
            ngram_range: (1, 2),
        };
        let got = rows("robot nella fabbrica robot fabbrica", &params);
        assert_eq!(
            got,
            [
                ("fabbric".to_string(), 2),
                ("fabbric robot".to_string(), 1),
                ("robot".to_string(), 2),
                ("robot fabbric".to_string(), 2),
            ]
        );
    }

    #[test]
    fn hashing_puts_the_same_term_in_the_same_bucket() {
        let params = CountParams {
            analyzer: AnalyzerParams::default(),
            ngram_range: (1, 1),
        };
        let mut worker = Worker::new();
        let mut out = Vec::new();
        worker
            .count_text(
                "robot Robot robots",
                Some(Language::English),
                &params,
                Terms::Hashing(16),
                &mut out,
            )
            .unwrap();
        assert_eq!(out.len(), 1);
        let (bucket, count) = unpack(out[0]);
        assert!(bucket < 16);
        assert_eq!(count, 3);
        assert_eq!(
            bucket as u64,
            hashing::hash_term("robot") % 16,
            "bucket = hash(stem) mod N"
        );
    }
}
