//! The prepared corpus every command starts from: load → clean → drop emptied documents →
//! detect languages → analyse words → titles.
//!
//! Each step is a function, in that order; [`prepare`] runs them all. `analyse` runs the two
//! halves itself ([`load`], then [`analyse_text`]) to check its memory budget and parameters
//! between them, and `evaluate clusters` to leave out unlabelled documents before analysing.
//! What is kept and what is skipped is decided here once, so every command lists the same
//! skipped files for the same reasons and fails alike when nothing is left.

use std::path::Path;

use crate::corpus::{self, Document, LoadParams, RenamedIds, Skipped};
use crate::error::Result;
use crate::language::{self, Language};
use crate::progress::Progress;
use crate::text::{self, AnalyserParams};
use crate::vectorise::{self, Analysis};

/// Why a document that was read is left out after cleaning.
pub(crate) const EMPTIED: &str = "nothing left after removing boilerplate";

/// Documents read and cleaned, not analysed yet.
#[derive(Debug, Default)]
pub struct LoadedCorpus {
    /// Documents with text left after cleaning, in input order.
    pub documents: Vec<Document>,
    /// Files and records left out, with the reason: unreadable ones, then emptied ones.
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    /// Ids the input repeated, and what the repeats were renamed to.
    pub renamed_ids: Vec<RenamedIds>,
    /// Boilerplate lines the cleaner removed.
    pub boilerplate_lines_removed: usize,
}

/// A document's title, and the sentence it came from when it came from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The title, verbatim.
    pub text: String,
    /// The sentence (or heading) the title is, never quoted as a key sentence.
    pub headline: Option<usize>,
}

/// Documents after the text stage: what every command works on.
#[derive(Debug, Default)]
pub struct PreparedCorpus {
    /// Documents with text left after cleaning, in input order; index `i` is row `i` of every
    /// later matrix.
    pub documents: Vec<Document>,
    /// Sentences and term counts of each document, with the shared terms.
    pub analysis: Analysis,
    /// One per document: the sentence (or heading) its title is, when the title came from
    /// its text; never quoted as a key sentence. The titles themselves are
    /// [`PreparedCorpus::title`], found again when asked: a million held would weigh over
    /// 100 MB, and most are a slice of their text.
    pub headlines: Vec<Option<usize>>,
    /// Files and records left out, with the reason: unreadable ones, then emptied ones.
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    /// Ids the input repeated, and what the repeats were renamed to.
    pub renamed_ids: Vec<RenamedIds>,
    /// Boilerplate lines the cleaner removed.
    pub boilerplate_lines_removed: usize,
}

impl PreparedCorpus {
    /// Documents prepared.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether no document is left: every command stops with an error then.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Document `i`'s title ([`text::title_of`]): the input's, else found at the top of its
    /// text, else its id.
    pub fn title(&self, i: usize) -> String {
        let doc = &self.documents[i];
        text::title_of(
            doc.title.as_deref(),
            &doc.text,
            &self.analysis.documents[i],
            &doc.id,
        )
        .0
        .into_owned()
    }

    /// The documents' texts, in order.
    pub fn texts(&self) -> Vec<&str> {
        self.documents.iter().map(|d| d.text.as_str()).collect()
    }
}

/// Loads, cleans and analyses `input`: [`load`] then [`analyse_text`].
///
/// # Errors
/// As [`load`] and [`analyse_text`].
pub fn prepare(
    input: &Path,
    load_params: &LoadParams,
    language: Option<Language>,
    analyser: AnalyserParams,
    progress: &dyn Progress,
) -> Result<PreparedCorpus> {
    let loaded = load(input, load_params)?;
    analyse_text(loaded, language, analyser, progress)
}

/// Reads `input` ([`corpus::load`]), removes boilerplate ([`corpus::clean`]) and leaves out
/// the documents that cleaning emptied, listing each as skipped ([`EMPTIED`]).
///
/// # Errors
/// Input errors of [`corpus::load`]; [`crate::Error::NothingUsable`] when cleaning left
/// nothing (naming the first skipped file and why).
pub fn load(input: &Path, params: &LoadParams) -> Result<LoadedCorpus> {
    let started = std::time::Instant::now();
    let corpus = corpus::load(input, params)?;
    tracing::debug!(documents = corpus.documents.len(), elapsed = ?started.elapsed(), "read");
    let mut documents = corpus.documents;
    let cleaned = corpus::clean(&mut documents);
    tracing::debug!(elapsed = ?started.elapsed(), "boilerplate removed");
    let mut loaded = LoadedCorpus {
        documents: Vec::with_capacity(documents.len()),
        skipped: corpus.skipped,
        recoded: corpus.recoded,
        renamed_ids: corpus.renamed_ids,
        boilerplate_lines_removed: cleaned.lines_removed,
    };
    for doc in documents {
        if doc.text.trim().is_empty() {
            loaded.skipped.push(Skipped {
                path: doc.id,
                reason: EMPTIED.into(),
            });
        } else {
            loaded.documents.push(doc);
        }
    }
    if loaded.documents.is_empty() {
        return Err(corpus::nothing_usable(input, &loaded.skipped));
    }
    Ok(loaded)
}

/// Detects each document's language (`language` forces one), analyses its words
/// ([`vectorise::analyse_documents`], in parallel) and finds its title. `progress` sees the
/// analysis, one step per document.
///
/// # Errors
/// As [`vectorise::analyse_documents`].
pub(crate) fn analyse_text(
    loaded: LoadedCorpus,
    language: Option<Language>,
    analyser: AnalyserParams,
    progress: &dyn Progress,
) -> Result<PreparedCorpus> {
    let texts: Vec<TextToAnalyse> = loaded
        .documents
        .iter()
        .map(|d| TextToAnalyse {
            text: &d.text,
            title: d.title.as_deref(),
            id: &d.id,
        })
        .collect();
    let analysis = analyse_texts(&texts, language, analyser, progress)?;
    let headlines = texts
        .iter()
        .zip(&analysis.documents)
        .map(|(d, a)| text::title_of(d.title, d.text, a, d.id).1)
        .collect();
    Ok(PreparedCorpus {
        documents: loaded.documents,
        analysis,
        headlines,
        skipped: loaded.skipped,
        recoded: loaded.recoded,
        renamed_ids: loaded.renamed_ids,
        boilerplate_lines_removed: loaded.boilerplate_lines_removed,
    })
}

/// A text to analyse, with what its title may come from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextToAnalyse<'t> {
    pub text: &'t str,
    /// A title given by the input.
    pub title: Option<&'t str>,
    /// The title of last resort.
    pub id: &'t str,
}

/// The steps of [`analyse_text`] on texts that did not come from [`load`] (the articles of
/// `evaluate summaries`): languages, words; their [`titles`] follow from these.
///
/// # Errors
/// As [`vectorise::analyse_documents`].
pub(crate) fn analyse_texts(
    documents: &[TextToAnalyse<'_>],
    language: Option<Language>,
    analyser: AnalyserParams,
    progress: &dyn Progress,
) -> Result<Analysis> {
    let started = std::time::Instant::now();
    let texts: Vec<&str> = documents.iter().map(|d| d.text).collect();
    let detected = language::detect_corpus(texts.iter().copied(), language);
    tracing::debug!(elapsed = ?started.elapsed(), "languages detected");
    progress.start("analysing text", texts.len() as u64);
    let analysis = vectorise::analyse_documents(&texts, &detected, analyser, progress);
    progress.finish();
    let analysis = analysis?;
    tracing::debug!(terms = analysis.n_terms(), elapsed = ?started.elapsed(), "tokenised");
    Ok(analysis)
}

/// Every document's title, in order: the input's, else found at the top of its text, else
/// its id.
pub(crate) fn titles<'a>(
    documents: &'a [TextToAnalyse<'_>],
    analysis: &'a Analysis,
) -> impl Iterator<Item = Title> + 'a {
    documents.iter().zip(&analysis.documents).map(|(d, a)| {
        let (text, headline) = text::title_of(d.title, d.text, a, d.id);
        Title {
            text: text.into_owned(),
            headline,
        }
    })
}
