//! Counting the terms of documents, one worker at a time.
//!
//! A [`Worker`] owns everything its thread writes to: a cache from lower-cased word to term
//! (or to "dropped" for stop words, numbers and one-letter words), so each distinct word is
//! checked and stemmed once per worker; dense per-term counters for the document at hand;
//! and its share of the document frequencies. Every command counts its words here:
//! [`crate::tokens::words`], lower-cased, kept when indexable and not a stop word,
//! Snowball-stemmed ([`crate::text::Analyser`]). A document's row leaves as `(term, count)`
//! pairs packed in a `u64` (term in the high half), unsorted; a sentence analysed for
//! [`super::analysis`] leaves as `(term, count)` in the order first seen.

use super::hashing;
use super::vocabulary::SharedVocabulary;
use super::word_cache::{pack_ascii_lower_in, WordCache, WordEntry};
use crate::error::Result;
use crate::language::Language;
use crate::text::{AnalyserCache, AnalyserParams};
use crate::tokens::{is_indexable, lowercase, words};

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
    pub analyser: AnalyserParams,
    /// Smallest and largest n of the n-grams counted (1, 1 for words only).
    pub ngram_range: (usize, usize),
}

/// One thread's counting state.
#[derive(Default)]
pub(crate) struct Worker {
    /// Per language slot (0: none, then [`Language`] + 1): lower-case word → entry.
    pub caches: Vec<WordCache>,
    analysers: AnalyserCache,
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
    pub(crate) fn count_text(
        &mut self,
        text: &str,
        language: Option<Language>,
        params: &CountParams,
        terms: Terms<'_>,
        out: &mut RowEntries,
    ) -> Result<u32> {
        let words_only = params.ngram_range == (1, 1);
        self.tokens.clear();
        self.count_words(text, language, params.analyser, terms, words_only)?;
        if !words_only {
            self.count_ngrams(params.ngram_range, terms)?;
        }
        Ok(self.finish_row(out))
    }

    /// Counts the terms of one sentence (words only) and hands them to `f` as `(term, count)`
    /// in the order first seen; returns the number of words of the sentence, stop words
    /// included. The worker's document frequencies are left alone: this is
    /// [`super::analysis`]'s per-sentence counting, not a row of the matrix.
    pub(crate) fn count_sentence(
        &mut self,
        text: &str,
        language: Option<Language>,
        analyser: AnalyserParams,
        terms: Terms<'_>,
        f: impl FnMut(u32, u32),
    ) -> Result<usize> {
        let n_words = self.count_words(text, language, analyser, terms, true)?;
        self.row.drain(f);
        Ok(n_words)
    }

    /// The hot loop: every word of `text` looked up in the language's word cache (checked and
    /// stemmed on a miss), its term counted in the row (`words_only`) or pushed as a token
    /// for n-grams. Returns the number of words, kept or not.
    fn count_words(
        &mut self,
        text: &str,
        language: Option<Language>,
        analyser: AnalyserParams,
        terms: Terms<'_>,
        words_only: bool,
    ) -> Result<usize> {
        let slot = language.map_or(0, |l| l as usize + 1);
        let analyser = self.analysers.get(language, analyser);
        let cache = &mut self.caches[slot];
        if matches!(terms, Terms::Hashing(_)) && cache.len() > HASHING_CACHE_LIMIT {
            cache.clear();
        }
        // A word this worker has not seen: checked and stemmed here (another worker may have
        // stemmed it too: cheaper than a second shared table of every word), then interned.
        let miss = |lower: &str| {
            if is_indexable(lower) && !analyser.is_stop_word(lower) {
                terms.word(analyser.stem(lower).as_ref())
            } else {
                Ok(DROPPED)
            }
        };
        let mut n_words = 0;
        for word in words(text) {
            n_words += 1;
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
        Ok(n_words)
    }

    /// Counts a document given as its tokens (already analysed): for parity tests with
    /// scikit-learn on fixed token lists, and for callers with their own tokeniser.
    pub(crate) fn count_tokens<'t>(
        &mut self,
        tokens: impl IntoIterator<Item = &'t str>,
        params: &CountParams,
        terms: Terms<'_>,
        out: &mut RowEntries,
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
    fn finish_row(&mut self, out: &mut RowEntries) -> u32 {
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
            out.push(t, c);
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

/// Counted rows, one after another: `(term, count)` in 5 bytes rather than 8, as the matrix
/// is kept in this form until it is written and is the largest thing the vectoriser holds.
/// Counts of 255 and more (rare in a document) are kept aside, by position.
#[derive(Debug, Default)]
pub(crate) struct RowEntries {
    terms: Vec<u32>,
    counts: Vec<u8>,
    /// `(position, count)` of every count of [`RowEntries::LARGE`] or more, by position.
    large: Vec<(usize, u32)>,
}

impl RowEntries {
    const LARGE: u8 = u8::MAX;

    pub fn with_capacity(n: usize) -> RowEntries {
        RowEntries {
            terms: Vec::with_capacity(n),
            counts: Vec::with_capacity(n),
            large: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.terms.reserve(n);
        self.counts.reserve(n);
    }

    #[inline]
    pub fn push(&mut self, term: u32, count: u32) {
        let c = self.narrow(self.terms.len(), count);
        self.terms.push(term);
        self.counts.push(c);
    }

    /// The stored byte of a count at `position`, keeping a large count aside.
    #[inline]
    fn narrow(&mut self, position: usize, count: u32) -> u8 {
        if count >= u32::from(Self::LARGE) {
            self.large.push((position, count));
        }
        count.min(u32::from(Self::LARGE)) as u8
    }

    /// The count a stored byte stands for; `large` yields the kept-aside counts in order.
    #[inline]
    fn widen(c: u8, large: &mut std::slice::Iter<'_, (usize, u32)>) -> u32 {
        if c == Self::LARGE {
            large.next().map_or(u32::from(c), |&(_, n)| n)
        } else {
            u32::from(c)
        }
    }

    /// `(term, count)` of every entry from position `start` on.
    pub(crate) fn iter_from(&self, start: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut large = self.large[self.large.partition_point(|&(p, _)| p < start)..].iter();
        (start..self.len()).map(move |i| (self.terms[i], Self::widen(self.counts[i], &mut large)))
    }

    /// Rewrites the entries row by row (`row_len` entries each) as `f` maps each row, in
    /// place: `f` gets a row as `term << 32 | count` (so that sorting it is one integer sort)
    /// and leaves it shortened or reordered, never longer.
    pub(crate) fn rewrite_rows(&mut self, row_len: &mut [u32], mut f: impl FnMut(&mut Vec<u64>)) {
        let old_large = std::mem::take(&mut self.large);
        let mut large = old_large.iter();
        let mut row = Vec::new();
        let (mut read, mut write) = (0usize, 0usize);
        for len in row_len.iter_mut() {
            row.clear();
            for i in read..read + *len as usize {
                let count = Self::widen(self.counts[i], &mut large);
                row.push((u64::from(self.terms[i]) << 32) | u64::from(count));
            }
            read += *len as usize;
            f(&mut row);
            debug_assert!(row.len() <= *len as usize);
            *len = row.len() as u32;
            for &e in &row {
                let c = self.narrow(write, e as u32);
                self.terms[write] = (e >> 32) as u32;
                self.counts[write] = c;
                write += 1;
            }
        }
        self.terms.truncate(write);
        self.counts.truncate(write);
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.terms.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.large.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, params: &CountParams) -> Vec<(String, u32)> {
        let vocab = SharedVocabulary::new();
        let mut worker = Worker::new();
        let mut out = RowEntries::default();
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
            .iter_from(0)
            .map(|(t, c)| (names[t as usize].to_string(), c))
            .collect();
        got.sort();
        got
    }

    #[test]
    fn counts_stems_after_stop_words_like_analyse() {
        let params = CountParams {
            analyser: AnalyserParams::default(),
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
            analyser: AnalyserParams::default(),
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
    fn row_entries_keep_large_counts_through_rewrites() {
        let mut e = RowEntries::default();
        let rows = [
            vec![(7, 1), (3, 300), (5, 255)],
            vec![(2, 254), (9, 70_000)],
        ];
        let mut row_len = Vec::new();
        for row in &rows {
            for &(t, c) in row {
                e.push(t, c);
            }
            row_len.push(row.len() as u32);
        }
        let all: Vec<(u32, u32)> = rows.concat();
        assert_eq!(e.iter_from(0).collect::<Vec<_>>(), all);
        assert_eq!(e.iter_from(2).collect::<Vec<_>>(), all[2..]);
        // Drop term 7, sort each row by term.
        e.rewrite_rows(&mut row_len, |row| {
            row.retain(|&e| e >> 32 != 7);
            row.sort_unstable();
        });
        assert_eq!(row_len, [2, 2]);
        let want = [(3, 300), (5, 255), (2, 254), (9, 70_000)];
        assert_eq!(e.iter_from(0).collect::<Vec<_>>(), want);
        assert_eq!(e.iter_from(1).collect::<Vec<_>>(), want[1..]);
    }

    #[test]
    fn hashing_puts_the_same_term_in_the_same_bucket() {
        let params = CountParams {
            analyser: AnalyserParams::default(),
            ngram_range: (1, 1),
        };
        let mut worker = Worker::new();
        let mut out = RowEntries::default();
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
        let (bucket, count) = out.iter_from(0).next().unwrap();
        assert!(bucket < 16);
        assert_eq!(count, 3);
        assert_eq!(
            bucket as u64,
            hashing::hash_term("robot") % 16,
            "bucket = hash(stem) mod N"
        );
    }
}
