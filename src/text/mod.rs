//! The text stage: sentences, words, stop words, stems and the surface forms behind them.
//!
//! A document becomes a list of sentence spans (byte ranges into its cleaned text, so key
//! sentences are quoted verbatim) with the index terms of each ([`AnalysedDocument`]); every
//! stem is shown as the word form seen most often for it ([`surface_forms`]), so reports can
//! say `innovazione` where the index says `innov`. This module defines the chain of one
//! language ([`Analyser`]: words → lower case → stop words → stem); the counting itself, in
//! parallel for every command, is [`crate::vectorise::analysis`]'s.

mod analyser;
pub mod dateline;
pub mod phrases;
pub mod sentences;
mod title;

pub(crate) use analyser::AnalyserCache;
pub use analyser::AnalyserParams;
pub use sentences::{Span, SpanKind};
pub use title::title_of;

use crate::language::Detected;

/// For every term, the word form seen most often (ties: the shorter, then alphabetical),
/// capitalised when it was mostly written so; a term no word maps to is shown as itself.
///
/// `words` yields (lower-case word, its term, occurrences, occurrences written capitalised);
/// a word is kept only while it is the best so far, so owned words cost little memory.
pub fn surface_forms<'t, W: AsRef<str>>(
    n_terms: usize,
    words: impl IntoIterator<Item = (W, u32, u64, u64)>,
    term: impl Fn(u32) -> &'t str,
) -> Vec<String> {
    let mut best: Vec<Option<(W, u64, u64)>> = (0..n_terms).map(|_| None).collect();
    for (word, t, count, capitalised) in words {
        let slot = &mut best[t as usize];
        let better = match slot {
            None => true,
            Some((w, c, _)) => {
                let (word, w) = (word.as_ref(), w.as_ref());
                (
                    count,
                    std::cmp::Reverse(word.len()),
                    std::cmp::Reverse(word),
                ) > (*c, std::cmp::Reverse(w.len()), std::cmp::Reverse(w))
            }
        };
        if better {
            *slot = Some((word, count, capitalised));
        }
    }
    best.into_iter()
        .enumerate()
        .map(|(t, b)| match b {
            Some((w, count, capitalised)) if capitalised * 2 > count => capitalise(w.as_ref()),
            Some((w, _, _)) => w.as_ref().to_string(),
            None => term(t as u32).to_string(),
        })
        .collect()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `n` as a sentence's 32-bit field: only a document of over four billion words (16 GB of
/// text, past any reader's limit) could saturate one.
pub(crate) fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A sentence (or heading) of a document with its index terms.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte offset of the first character in the document text.
    pub start: usize,
    /// Byte offset just past the last character; `&text[start..end]` is the sentence verbatim.
    pub end: usize,
    /// Sentence or heading: headings are never key sentences.
    pub kind: SpanKind,
    /// Paragraph (block between blank lines), from 0: the position prior counts in it.
    pub paragraph: u32,
    /// Where its `(term id, count)` pairs lie among the document's
    /// ([`AnalysedDocument::sentence_terms`]): one list per document rather than one per
    /// sentence, since a million documents hold millions of sentences.
    /// (32-bit, as `paragraph` and `n_words`: a sentence is 40 bytes instead of 64, and a
    /// million documents hold millions of sentences.)
    pub(crate) terms: std::ops::Range<u32>,
    /// Words in the sentence, stop words included.
    pub(crate) n_words: u32,
}

/// A document after the text stage.
#[derive(Debug, Clone)]
pub struct AnalysedDocument {
    /// The detected (or forced) language, with how sure the detection was.
    pub language: Detected,
    /// Sentences and headings in reading order.
    pub sentences: Vec<Sentence>,
    /// (term id, count) over the whole document, sorted by term id.
    pub terms: Vec<(u32, u32)>,
    /// Index tokens (after stop words), the figure reports call "tokens".
    pub n_tokens: usize,
    /// Every sentence's `(term id, count)` pairs, sentence after sentence, each sorted by term
    /// id.
    pub(crate) sentence_term_lists: Vec<(u32, u32)>,
}

impl AnalysedDocument {
    /// Sentence `j`'s `(term id, count)` pairs, sorted by term id.
    pub fn sentence_terms(&self, j: usize) -> &[(u32, u32)] {
        let terms = &self.sentences[j].terms;
        &self.sentence_term_lists[terms.start as usize..terms.end as usize]
    }
}

/// A document analysed the simple way, one word at a time with terms numbered as first seen:
/// for the tests of this stage, which must not depend on the counting engine downstream
/// ([`crate::vectorise::analysis`], whose own tests check it gives the same).
#[cfg(test)]
pub(crate) fn analysed_for_tests(
    text: &str,
    language: crate::language::Language,
) -> AnalysedDocument {
    let analyser = analyser::Analyser::new(Some(language), AnalyserParams::default());
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut doc_terms: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    let mut sentences = Vec::new();
    let mut sentence_term_lists = Vec::new();
    for span in sentences::split(text, language) {
        let sentence = &text[span.start..span.end];
        let mut terms: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        analyser.for_each_word(sentence, |_, _, word| {
            let next = ids.len() as u32;
            let id = *ids.entry(analyser.stem(word).into_owned()).or_insert(next);
            *terms.entry(id).or_insert(0) += 1;
            *doc_terms.entry(id).or_insert(0) += 1;
        });
        let at = sentence_term_lists.len();
        sentence_term_lists.extend(terms);
        sentences.push(Sentence {
            start: span.start,
            end: span.end,
            kind: span.kind,
            paragraph: narrow(span.paragraph),
            terms: narrow(at)..narrow(sentence_term_lists.len()),
            n_words: narrow(crate::tokens::words(sentence).count()),
        });
    }
    let terms: Vec<(u32, u32)> = doc_terms.into_iter().collect();
    AnalysedDocument {
        language: Detected::Known(language),
        sentences,
        n_tokens: terms.iter().map(|&(_, c)| c as usize).sum(),
        terms,
        sentence_term_lists,
    }
}
