//! The `summarise` pipeline: the prepared corpus ([`super::prepare`]) → term weights → each
//! document's key sentences.
//!
//! Documents are loaded, cleaned, split, tokenised and titled by the same steps as `analyse`,
//! and their sentences scored by the same [`crate::summarise`] machinery; term weights (IDF)
//! come from the whole collection. [`Prepared`] is also what `evaluate summaries` scores, so
//! the figures it reports are those of this command.

use std::path::Path;

use serde::Serialize;

use super::prepare::{self, PreparedCorpus, TextToAnalyse, Title};
use crate::corpus::{LoadParams, Skipped};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::progress::NoProgress;
use crate::report::SummarySentence;
use crate::summarise::{self, Sentences, SummaryParams};
use crate::text::{AnalysedDocument, AnalyserParams};
use crate::vectorise::{Analysis, TfidfModel, TfidfParams};

/// How long each summary is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Length {
    /// This many sentences (fewer when the document has fewer candidates).
    Sentences(usize),
    /// This share of the document's candidate sentences, rounded, at least one.
    Ratio(f64),
}

impl Length {
    /// The number of sentences for a document with `n_candidates`.
    pub(crate) fn for_candidates(self, n_candidates: usize) -> usize {
        let n = match self {
            Length::Sentences(n) => n,
            Length::Ratio(r) => ((r * n_candidates as f64).round() as usize).max(1),
        };
        n.min(n_candidates)
    }

    fn validate(self) -> Result<()> {
        match self {
            Length::Sentences(0) => Err(Error::invalid("sentences", "must be at least 1")),
            Length::Ratio(r) if !(r > 0.0 && r <= 1.0) => Err(Error::invalid(
                "ratio",
                format!("must be in (0, 1], got {r}"),
            )),
            _ => Ok(()),
        }
    }
}

/// Everything `summarise` can be told.
#[derive(Debug, Clone)]
pub struct SummariseParams {
    /// How to read the input.
    pub load: LoadParams,
    /// Force one language for every document instead of detecting it.
    pub language: Option<Language>,
    /// Stemming and stop words.
    pub analyser: AnalyserParams,
    /// Method, weighting, position prior and MMR of the sentence choice.
    pub summary: SummaryParams,
    /// How long each summary is: a number of sentences or a share of the document's.
    pub length: Length,
}

impl Default for SummariseParams {
    fn default() -> Self {
        SummariseParams {
            load: LoadParams::default(),
            language: None,
            analyser: AnalyserParams::default(),
            summary: SummaryParams::default(),
            length: Length::Sentences(3),
        }
    }
}

/// One document's summary.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    /// JSON `id`: the document's id (file path, or JSON Lines id).
    pub id: String,
    /// JSON `title`: the document's title, from the input or found in the text.
    pub title: String,
    /// Candidate sentences the summary was chosen from.
    pub candidates: usize,
    /// The chosen sentences in reading order, verbatim.
    pub sentences: Vec<SummarySentence>,
}

/// What `summarise` produced.
#[derive(Debug, Clone, Serialize)]
pub struct Summaries {
    /// JSON `method`: the method that chose the sentences.
    pub method: summarise::Method,
    /// JSON `documents`: one summary per document, in input order.
    pub documents: Vec<DocumentSummary>,
    /// JSON `skipped`: files and records left out, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Summarises every document under `input` (a folder, a text file or JSON Lines).
///
/// # Errors
/// Input errors (missing path, nothing readable, nothing left after cleaning) and invalid
/// parameters.
pub fn summarise(input: &Path, params: &SummariseParams) -> Result<Summaries> {
    params.summary.validate()?;
    params.length.validate()?;
    let corpus = prepare::prepare(
        input,
        &params.load,
        params.language,
        params.analyser,
        &NoProgress,
    )?;
    let titles = (0..corpus.len())
        .map(|i| Title {
            text: corpus.title(i),
            headline: corpus.headlines[i],
        })
        .collect();
    let PreparedCorpus {
        documents,
        analysis,
        skipped,
        ..
    } = corpus;
    let texts = documents.iter().map(|d| d.text.as_str()).collect();
    let prepared = Prepared::from_analysis(texts, analysis, titles)?;
    let summaries = documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let candidates = prepared.candidates(i, &params.summary);
            let n = params.length.for_candidates(candidates.len());
            DocumentSummary {
                id: doc.id.clone(),
                title: prepared.title(i).to_string(),
                candidates: candidates.len(),
                sentences: prepared
                    .summary(i, &candidates, n, &params.summary)
                    .into_iter()
                    .map(|(sentence, score)| SummarySentence {
                        text: prepared.sentence_text(i, sentence).to_string(),
                        sentence,
                        score: crate::describe::round6(score),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Summaries {
        method: params.summary.method,
        documents: summaries,
        skipped,
    })
}

/// Documents split, tokenised and titled, with term weights learnt from all of them.
#[derive(Debug)]
pub(crate) struct Prepared<'t> {
    texts: Vec<&'t str>,
    analysed: Vec<AnalysedDocument>,
    titles: Vec<Title>,
    model: Option<TfidfModel>,
}

impl<'t> Prepared<'t> {
    /// Prepares `(text, given title)` pairs as [`prepare::analyse_texts`] does (a document
    /// without a title is called `#i`); `language` forces one language, else each document's
    /// is detected.
    ///
    /// # Errors
    /// As [`Prepared::from_analysis`].
    pub fn new(
        documents: impl IntoIterator<Item = (&'t str, Option<&'t str>)>,
        language: Option<Language>,
        analyser: AnalyserParams,
    ) -> Result<Prepared<'t>> {
        let documents: Vec<(&'t str, Option<&'t str>)> = documents.into_iter().collect();
        let ids: Vec<String> = (0..documents.len()).map(|i| format!("#{i}")).collect();
        let to_analyse: Vec<TextToAnalyse<'_>> = documents
            .iter()
            .zip(&ids)
            .map(|(&(text, title), id)| TextToAnalyse { text, title, id })
            .collect();
        let analysis = prepare::analyse_texts(&to_analyse, language, analyser, &NoProgress)?;
        let titles = prepare::titles(&to_analyse, &analysis).collect();
        let texts = documents.iter().map(|&(text, _)| text).collect();
        Prepared::from_analysis(texts, analysis, titles)
    }

    /// The documents `texts` as [`prepare`] analysed and titled them, with IDF fitted on all.
    ///
    /// # Errors
    /// None at present beyond what fitting IDF can report; a collection without a single
    /// index term is allowed (its documents simply have no candidates).
    pub(crate) fn from_analysis(
        texts: Vec<&'t str>,
        analysis: Analysis,
        titles: Vec<Title>,
    ) -> Result<Prepared<'t>> {
        let model = match TfidfModel::fit(
            analysis.documents.iter().map(|a| a.terms.as_slice()),
            analysis.n_terms(),
            |t| analysis.term(t),
            &TfidfParams::default(),
        ) {
            Ok(model) => Some(model),
            Err(Error::EmptyVocabulary) => None,
            Err(e) => return Err(e),
        };
        Ok(Prepared {
            texts,
            analysed: analysis.documents,
            titles,
            model,
        })
    }

    pub fn analysed(&self, doc: usize) -> &AnalysedDocument {
        &self.analysed[doc]
    }

    pub fn title(&self, doc: usize) -> &str {
        &self.titles[doc].text
    }

    /// The index of the sentence that is the document's title, if the title came from it.
    pub(crate) fn title_sentence(&self, doc: usize) -> Option<usize> {
        self.titles[doc].headline
    }

    pub(crate) fn sentence_text(&self, doc: usize, sentence: usize) -> &'t str {
        let s = &self.analysed[doc].sentences[sentence];
        &self.texts[doc][s.start..s.end]
    }

    /// The sentences of `doc` that may be quoted (see [`summarise::candidates`]).
    pub fn candidates(&self, doc: usize, params: &SummaryParams) -> Vec<usize> {
        match self.model {
            Some(_) => summarise::candidates(
                self.texts[doc],
                &self.analysed[doc],
                self.titles[doc].headline,
                params,
            ),
            None => Vec::new(),
        }
    }

    /// `candidates` as the scoring methods see them, weighted as `params` says.
    pub fn sentences(&self, doc: usize, candidates: &[usize], params: &SummaryParams) -> Sentences {
        let Some(model) = &self.model else {
            return Sentences::default();
        };
        let a = &self.analysed[doc];
        Sentences::new(
            candidates
                .iter()
                .enumerate()
                .map(|(position, &j)| (position, a.sentence_terms(j))),
            summarise::term_weights(model, params.weighting),
        )
    }

    /// Up to `n` of `candidates` as `(sentence index, score)`, in reading order.
    pub fn summary(
        &self,
        doc: usize,
        candidates: &[usize],
        n: usize,
        params: &SummaryParams,
    ) -> Vec<(usize, f64)> {
        let sentences = self.sentences(doc, candidates, params);
        summarise::summarise(&sentences, n, params)
            .into_iter()
            .map(|c| (candidates[c.index], c.score))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_by_ratio_rounds_and_keeps_one() {
        assert_eq!(Length::Ratio(0.4).for_candidates(10), 4);
        assert_eq!(Length::Ratio(0.01).for_candidates(10), 1);
        assert_eq!(Length::Sentences(5).for_candidates(3), 3);
        assert!(Length::Ratio(0.0).validate().is_err());
        assert!(Length::Sentences(0).validate().is_err());
    }

    #[test]
    fn summaries_never_quote_the_headline() {
        let text = "Dollar gains on Greenspan speech\n\n\
            The dollar has hit its highest level against the euro in almost three months. \
            The dollar rose after the Federal Reserve head said the deficit will stabilise. \
            Traders said the dollar could rise further against the euro next week.\n";
        let prepared = Prepared::new(
            [(text, None)],
            Some(Language::English),
            AnalyserParams::default(),
        )
        .unwrap();
        let params = SummaryParams::default();
        let candidates = prepared.candidates(0, &params);
        assert_eq!(prepared.title(0), "Dollar gains on Greenspan speech");
        assert_eq!(candidates.len(), 3);
        let summary = prepared.summary(0, &candidates, 2, &params);
        assert_eq!(summary.len(), 2);
        assert!(summary.iter().all(|&(j, _)| j != 0));
        assert!(summary[0].0 < summary[1].0);
    }
}
