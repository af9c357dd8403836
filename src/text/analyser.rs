//! The analysis chain of one language: words → lower case → indexable → not a stop word →
//! Snowball stem. Fixed rather than pluggable, like tantivy's default analyser.

use std::borrow::Cow;

use rust_stemmers::Stemmer;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::language::Language;
#[cfg(test)]
use crate::tokens::{is_indexable, lowercase, words};

/// Which steps of the chain run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyserParams {
    /// Snowball-stem words (default true); off, terms are lower-cased words.
    pub stem: bool,
    /// Drop the language's stop words (default true).
    pub stop_words: bool,
}

impl Default for AnalyserParams {
    fn default() -> Self {
        AnalyserParams {
            stem: true,
            stop_words: true,
        }
    }
}

/// Turns text into index terms for one language (or for none: no stemming, no stop words).
pub(crate) struct Analyser {
    stemmer: Option<Stemmer>,
    stop_words: FxHashSet<&'static str>,
}

impl Analyser {
    pub fn new(language: Option<Language>, params: AnalyserParams) -> Analyser {
        let stemmer = language
            .filter(|_| params.stem)
            .map(|l| Stemmer::create(l.stemmer_algorithm()));
        let stop_words = match language {
            Some(l) if params.stop_words => l.stop_words(),
            _ => FxHashSet::default(),
        };
        Analyser {
            stemmer,
            stop_words,
        }
    }

    /// The index term of a kept, lower-cased word.
    pub fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => Cow::Borrowed(word),
        }
    }

    pub(crate) fn is_stop_word(&self, lower_word: &str) -> bool {
        self.stop_words.contains(lower_word)
    }
    /// Calls `f` with every kept word of `text`: its byte offset, the word as written, and
    /// the word lower-cased.
    #[cfg(test)]
    pub fn for_each_word(&self, text: &str, mut f: impl FnMut(usize, &str, &str)) {
        let mut buf = String::new();
        for word in words(text) {
            let lower = lowercase(word.text, &mut buf);
            if is_indexable(lower) && !self.stop_words.contains(lower) {
                f(word.start, word.text, lower);
            }
        }
    }
}

/// One analyser per language, built on first use (building one loads its stop-word list).
#[derive(Default)]
pub(crate) struct AnalyserCache {
    analysers: FxHashMap<(usize, bool, bool), Analyser>,
}

impl AnalyserCache {
    pub fn get(&mut self, language: Option<Language>, params: AnalyserParams) -> &Analyser {
        let slot = language.map_or(0, |l| l as usize + 1);
        self.analysers
            .entry((slot, params.stem, params.stop_words))
            .or_insert_with(|| Analyser::new(language, params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Language, text: &str) -> Vec<String> {
        let a = Analyser::new(Some(lang), AnalyserParams::default());
        let mut out = Vec::new();
        a.for_each_word(text, |_, _, w| out.push(a.stem(w).into_owned()));
        out
    }

    #[test]
    fn drops_elided_articles_and_stems_italian() {
        assert_eq!(
            terms(Language::Italian, "dell’innovazione nell’industria"),
            ["innov", "industr"]
        );
    }

    #[test]
    fn drops_stop_words_numbers_and_letters() {
        assert_eq!(
            terms(Language::Italian, "Sono 34 gli imprenditori e i manager"),
            ["imprenditor", "manager"]
        );
    }

    #[test]
    fn stems_english_contractions_away() {
        assert_eq!(
            terms(Language::English, "Profits didn't jump"),
            ["profit", "jump"]
        );
    }

    #[test]
    fn no_language_keeps_words_as_they_are() {
        let a = Analyser::new(None, AnalyserParams::default());
        let mut out = Vec::new();
        a.for_each_word("Zhōngwén Wörter", |_, _, w| {
            out.push(a.stem(w).into_owned())
        });
        assert_eq!(out, ["zhōngwén", "wörter"]);
    }
}
