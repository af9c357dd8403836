//! The text stage: sentences, words, stop words, stems and the surface forms behind them.
//!
//! A document becomes a list of sentence spans (byte ranges into its cleaned text, so key
//! sentences are quoted verbatim) with the index terms of each. Terms are interned in a
//! [`Lexicon`] that stems each distinct word once and remembers which word form was seen most
//! often for each stem, so reports can say `innovazione` where the index says `innov`.

mod analyzer;
pub mod dateline;
pub mod phrases;
pub mod sentences;
mod title;
pub mod tokens;

pub use analyzer::{Analyzer, AnalyzerParams};
pub use sentences::{Span, SpanKind};
pub use title::title_of;

use rustc_hash::FxHashMap;

use crate::language::{Detected, Language};

/// Interned index terms, with the word forms seen for each.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Per analysis language (index by [`language_slot`]): lower-case word → entry.
    words: Vec<FxHashMap<Box<str>, WordEntry>>,
    term_ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
}

#[derive(Debug, Clone, Copy)]
struct WordEntry {
    term: u32,
    count: u64,
    /// Occurrences written with a capital: a word capitalised most of the time is a name
    /// (`Lombardia`, `Varese`) and is shown capitalised.
    capitalised: u64,
}

fn language_slot(language: Option<Language>) -> usize {
    language.map_or(0, |l| l as usize + 1)
}

impl Lexicon {
    pub fn new() -> Lexicon {
        Lexicon {
            words: (0..=Language::ALL.len())
                .map(|_| FxHashMap::default())
                .collect(),
            ..Default::default()
        }
    }

    /// The term id of a kept, lower-cased word, stemming it only the first time it is seen.
    pub fn term_of(
        &mut self,
        language: Option<Language>,
        analyzer: &Analyzer,
        word: &str,
        capitalised: bool,
    ) -> u32 {
        let cache = &mut self.words[language_slot(language)];
        if let Some(entry) = cache.get_mut(word) {
            entry.count += 1;
            entry.capitalised += u64::from(capitalised);
            return entry.term;
        }
        let stem = analyzer.stem(word);
        let term = match self.term_ids.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(stem.as_ref().into());
                self.term_ids.insert(stem.as_ref().into(), id);
                id
            }
        };
        cache.insert(
            word.into(),
            WordEntry {
                term,
                count: 1,
                capitalised: u64::from(capitalised),
            },
        );
        term
    }

    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// The index form (stem) of a term.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// For every term, the word form seen most often (ties: the shorter, then alphabetical),
    /// capitalised when it was mostly written so.
    pub fn surface_forms(&self) -> Vec<String> {
        surface_forms(
            self.terms.len(),
            self.words.iter().flat_map(|cache| {
                cache
                    .iter()
                    .map(|(w, e)| (w.as_ref(), e.term, e.count, e.capitalised))
            }),
            |t| &self.terms[t as usize],
        )
    }
}

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

/// A sentence (or heading) of a document with its index terms.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
    pub paragraph: usize,
    /// (term id, count), sorted by term id.
    pub terms: Vec<(u32, u32)>,
    /// Words in the sentence, stop words included.
    pub n_words: usize,
}

/// A document after the text stage.
#[derive(Debug, Clone)]
pub struct AnalyzedDocument {
    pub language: Detected,
    pub sentences: Vec<Sentence>,
    /// (term id, count) over the whole document, sorted by term id.
    pub terms: Vec<(u32, u32)>,
    /// Index tokens (after stop words), the figure reports call "tokens".
    pub n_tokens: usize,
}

/// Splits, tokenises and stems one document, interning its terms in `lexicon`.
pub fn analyze_document(
    text: &str,
    language: Detected,
    params: AnalyzerParams,
    analyzers: &mut AnalyzerCache,
    lexicon: &mut Lexicon,
) -> AnalyzedDocument {
    let lang = language.language();
    let analyzer = analyzers.get(lang, params);
    let spans = sentences::split(text, lang.unwrap_or(Language::English));
    let mut doc_counts: FxHashMap<u32, u32> = FxHashMap::default();
    let mut n_tokens = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let sentence_text = &text[span.start..span.end];
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        analyzer.for_each_word(sentence_text, |_, written, word| {
            let capitalised = written.chars().next().is_some_and(char::is_uppercase);
            let term = lexicon.term_of(lang, analyzer, word, capitalised);
            *counts.entry(term).or_insert(0) += 1;
        });
        let n_words = tokens::words(sentence_text).count();
        let mut terms: Vec<(u32, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        for &(t, c) in &terms {
            *doc_counts.entry(t).or_insert(0) += c;
            n_tokens += c as usize;
        }
        out.push(Sentence {
            start: span.start,
            end: span.end,
            kind: span.kind,
            paragraph: span.paragraph,
            terms,
            n_words,
        });
    }
    let mut terms: Vec<(u32, u32)> = doc_counts.into_iter().collect();
    terms.sort_unstable();
    AnalyzedDocument {
        language,
        sentences: out,
        terms,
        n_tokens,
    }
}

/// One analyser per language, built on first use (building one loads its stop-word list).
#[derive(Default)]
pub struct AnalyzerCache {
    analyzers: FxHashMap<(usize, bool, bool), Analyzer>,
}

impl AnalyzerCache {
    pub fn get(&mut self, language: Option<Language>, params: AnalyzerParams) -> &Analyzer {
        self.analyzers
            .entry((language_slot(language), params.stem, params.stop_words))
            .or_insert_with(|| Analyzer::new(language, params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surface_form_is_the_most_frequent_word() {
        let mut lexicon = Lexicon::new();
        let mut cache = AnalyzerCache::default();
        let text = "L’innovazione è tutto. Innovazione e innovazioni. Innovare!";
        let doc = analyze_document(
            text,
            Detected::Known(Language::Italian),
            AnalyzerParams::default(),
            &mut cache,
            &mut lexicon,
        );
        let forms = lexicon.surface_forms();
        let innov = doc
            .terms
            .iter()
            .map(|&(t, _)| t)
            .find(|&t| lexicon.term(t) == "innov")
            .expect("innov term");
        assert_eq!(forms[innov as usize], "innovazione");
        assert_eq!(doc.n_tokens, 4);
    }
}
