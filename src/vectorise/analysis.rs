//! The text stage of `analyse`, `summarise` and `evaluate`, run on the counting engine of
//! `vectorise` ([`super::counting`]): documents are split into sentences and their words
//! counted in parallel, each rayon thread with its own [`Worker`] (word cache, analysers),
//! terms interned in one [`SharedVocabulary`].
//!
//! Owns: per-sentence and per-document term counts, the terms' index forms (stems) and their
//! surface forms. Does not own: weighting ([`super::TfidfModel`]), sentence boundaries
//! ([`crate::text::sentences`]), titles or phrases.
//!
//! Workers intern terms in whatever order the threads reach them; the ids are then renumbered
//! to the order in which the documents, read one after another, first use each term, so the
//! result is the same on any number of threads (and the same as reading the documents one by
//! one).

use std::sync::Mutex;

use rayon::prelude::*;

use super::counting::{Terms, Worker};
use super::vocabulary::{SharedVocabulary, TermName};
use super::word_cache::{WordCache, WordEntry};
use crate::error::Result;
use crate::language::{Detected, Language};
use crate::progress::Progress;
use crate::text::{self, sentences, AnalysedDocument, AnalyserParams, Sentence};

/// Documents handed to a worker at a time (the progress bar moves by as many).
const BATCH_DOCUMENTS: usize = 32;

/// Documents after the text stage, with the terms they share.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// One per document, in input order; term ids index [`Analysis::terms`].
    pub documents: Vec<AnalysedDocument>,
    /// Every term's index form (its stem), by id; ids in the order the documents first use
    /// them.
    pub terms: Vec<Box<str>>,
    /// Every term's surface form: the word form seen most often, capitalised when mostly
    /// written so ([`text::surface_forms`]).
    pub surface_forms: Vec<String>,
}

impl Analysis {
    /// Distinct terms seen in the corpus, before any document-frequency pruning.
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// The index form (stem) of a term.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }
}

/// Splits, tokenises and stems every document of `texts`, in the language detected for it
/// (`languages`, one per text), counting terms per sentence and per document. `progress`
/// advances by one per document.
///
/// # Errors
/// [`crate::Error::InvalidParameter`] past 4 billion distinct terms.
pub fn analyse_documents(
    texts: &[&str],
    languages: &[Detected],
    params: AnalyserParams,
    progress: &dyn Progress,
) -> Result<Analysis> {
    assert_eq!(texts.len(), languages.len(), "one language per text");
    let vocabulary = SharedVocabulary::new();
    let terms = Terms::Vocabulary(&vocabulary);
    let n_threads = rayon::current_num_threads().max(1);
    let workers: Vec<Mutex<Worker>> = (0..n_threads).map(|_| Mutex::new(Worker::new())).collect();
    let positions: Vec<Mutex<Vec<u32>>> = (0..n_threads).map(|_| Mutex::default()).collect();
    let batches: Vec<Result<Vec<Counted>>> = texts
        .par_chunks(BATCH_DOCUMENTS)
        .zip(languages.par_chunks(BATCH_DOCUMENTS))
        .map(|(texts, languages)| {
            let slot = rayon::current_thread_index().unwrap_or(0) % n_threads;
            let mut worker = workers[slot].lock().unwrap_or_else(|e| e.into_inner());
            let mut positions = positions[slot].lock().unwrap_or_else(|e| e.into_inner());
            let counted = texts
                .iter()
                .zip(languages)
                .map(|(text, &language)| {
                    let document = DocumentCounts::new(&mut positions);
                    analyse_one(&mut worker, document, text, language, params, terms)
                })
                .collect();
            progress.advance(texts.len() as u64);
            counted
        })
        .collect();
    let mut counted = Vec::with_capacity(texts.len());
    for batch in batches {
        counted.extend(batch?);
    }
    let names = vocabulary.into_names();
    let renumbered = first_seen_order(&counted, names.len());
    let mut terms: Vec<Box<str>> = vec![Box::from(""); names.len()];
    for (id, name) in names.into_iter().enumerate() {
        if let TermName::Word(word) = name {
            terms[renumbered[id] as usize] = word;
        }
    }
    let documents: Vec<AnalysedDocument> = counted
        .into_par_iter()
        .map(|doc| doc.renumbered(&renumbered))
        .collect();
    let mut workers: Vec<Worker> = workers
        .into_iter()
        .map(|w| w.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    let surface_forms = workers_surface_forms(
        &mut workers,
        terms.len(),
        |token| renumbered[token as usize],
        |t| &terms[t as usize],
    );
    Ok(Analysis {
        documents,
        terms,
        surface_forms,
    })
}

/// Each term's surface form ([`text::surface_forms`]) from the words the workers saw, their
/// caches summed first; `term_of` maps a cache's token to its term and `spelling` names a term
/// no word maps to. `analyse` and `vectorise` both show these forms, so one rule picks them.
pub(super) fn workers_surface_forms<'t>(
    workers: &mut [Worker],
    n_terms: usize,
    term_of: impl Fn(u64) -> u32,
    spelling: impl Fn(u32) -> &'t str,
) -> Vec<String> {
    let caches = merged_word_caches(workers);
    text::surface_forms(
        n_terms,
        caches.iter().flat_map(|cache| {
            cache.iter().filter_map(|(word, e)| {
                (e.token != WordEntry::DROPPED).then(|| {
                    (
                        word,
                        term_of(e.token),
                        u64::from(e.count),
                        u64::from(e.capitalised),
                    )
                })
            })
        }),
        spelling,
    )
}

/// The word caches of every worker summed, per language slot, into the first worker's.
fn merged_word_caches(workers: &mut [Worker]) -> Vec<WordCache> {
    let Some((first, rest)) = workers.split_first_mut() else {
        return Vec::new();
    };
    let mut merged = std::mem::take(&mut first.caches);
    for w in rest {
        let theirs = std::mem::take(&mut w.caches);
        for (mine, theirs) in merged.iter_mut().zip(&theirs) {
            mine.absorb(theirs);
        }
    }
    merged
}

/// A document counted by a worker: term ids of the shared vocabulary, in the order first
/// seen within each sentence and within the document.
struct Counted {
    language: Detected,
    sentences: Vec<Sentence>,
    /// The sentences' `(term, count)` pairs, one after another.
    sentence_term_lists: Vec<(u32, u32)>,
    /// `(term, count)` over the document, in the order first seen.
    terms: Vec<(u32, u32)>,
}

impl Counted {
    /// The document with its ids renumbered (`new_id[old]`) and its lists sorted by them.
    fn renumbered(mut self, new_id: &[u32]) -> AnalysedDocument {
        let renumber = |terms: &mut [(u32, u32)]| {
            for (t, _) in terms.iter_mut() {
                *t = new_id[*t as usize];
            }
            terms.sort_unstable();
        };
        for s in &self.sentences {
            renumber(&mut self.sentence_term_lists[s.terms.start as usize..s.terms.end as usize]);
        }
        renumber(&mut self.terms);
        let n_tokens = self.terms.iter().map(|&(_, c)| c as usize).sum();
        AnalysedDocument {
            language: self.language,
            sentences: self.sentences,
            terms: self.terms,
            n_tokens,
            sentence_term_lists: self.sentence_term_lists,
        }
    }
}

/// For every shared id, its number in the order the documents (in order) first use it.
fn first_seen_order(documents: &[Counted], n_terms: usize) -> Vec<u32> {
    let mut new_id = vec![u32::MAX; n_terms];
    let mut next = 0u32;
    for doc in documents {
        for &(t, _) in &doc.terms {
            let id = &mut new_id[t as usize];
            if *id == u32::MAX {
                *id = next;
                next += 1;
            }
        }
    }
    new_id
}

/// One document: its sentences (split in its language, English when it has none) and their
/// terms, and the document's terms summed from theirs.
fn analyse_one(
    worker: &mut Worker,
    mut document: DocumentCounts<'_>,
    text: &str,
    language: Detected,
    params: AnalyserParams,
    terms: Terms<'_>,
) -> Result<Counted> {
    let lang = language.language();
    let spans = sentences::split(text, lang.unwrap_or(Language::English));
    let mut sentences = Vec::with_capacity(spans.len());
    let mut sentence_term_lists = Vec::new();
    for span in spans {
        let at = sentence_term_lists.len();
        let n_words =
            worker.count_sentence(&text[span.start..span.end], lang, params, terms, |t, c| {
                sentence_term_lists.push((t, c))
            })?;
        for &(t, c) in &sentence_term_lists[at..] {
            document.add(t, c);
        }
        sentences.push(Sentence {
            start: span.start,
            end: span.end,
            kind: span.kind,
            paragraph: text::narrow(span.paragraph),
            terms: text::narrow(at)..text::narrow(sentence_term_lists.len()),
            n_words: text::narrow(n_words),
        });
    }
    // Held for the whole run: no spare capacity.
    sentence_term_lists.shrink_to_fit();
    let mut terms = document.finish();
    terms.shrink_to_fit();
    Ok(Counted {
        language,
        sentences,
        sentence_term_lists,
        terms,
    })
}

/// A document's `(term, count)` in the order first seen, summed from its sentences.
struct DocumentCounts<'p> {
    terms: Vec<(u32, u32)>,
    /// By term id (ids are dense: the vocabulary's), 1 + the term's position in `terms`, or 0.
    /// The worker's, and zero again after each document: a hash map per document cost an
    /// allocation and its growth for every document.
    position: &'p mut Vec<u32>,
}

impl<'p> DocumentCounts<'p> {
    fn new(position: &'p mut Vec<u32>) -> Self {
        DocumentCounts {
            terms: Vec::new(),
            position,
        }
    }

    fn add(&mut self, term: u32, count: u32) {
        let t = term as usize;
        if t >= self.position.len() {
            self.position.resize(t + 1, 0);
        }
        match self.position[t] {
            0 => {
                self.terms.push((term, count));
                self.position[t] = text::narrow(self.terms.len());
            }
            at => self.terms[at as usize - 1].1 += count,
        }
    }

    /// The counts; the positions are made zero again for the next document (by `drop`, so
    /// also when the document fails).
    fn finish(mut self) -> Vec<(u32, u32)> {
        let terms = std::mem::take(&mut self.terms);
        for &(term, _) in &terms {
            self.position[term as usize] = 0;
        }
        terms
    }
}

impl Drop for DocumentCounts<'_> {
    fn drop(&mut self) {
        for &(term, _) in &self.terms {
            self.position[term as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn document_counts_sum_in_first_seen_order_and_leave_the_positions_clean() {
        let mut positions = Vec::new();
        let mut first = DocumentCounts::new(&mut positions);
        for (t, c) in [(7, 1), (2, 2), (7, 3), (40, 1)] {
            first.add(t, c);
        }
        assert_eq!(first.finish(), [(7, 4), (2, 2), (40, 1)]);
        assert!(positions.iter().all(|&p| p == 0));
        // A document dropped halfway (an error) leaves them clean too.
        let mut failed = DocumentCounts::new(&mut positions);
        failed.add(2, 1);
        drop(failed);
        let mut second = DocumentCounts::new(&mut positions);
        second.add(2, 5);
        second.add(3, 1);
        assert_eq!(second.finish(), [(2, 5), (3, 1)]);
        assert!(positions.iter().all(|&p| p == 0));
    }

    fn analyse(texts: &[&str], language: Language) -> Analysis {
        let languages = vec![Detected::Known(language); texts.len()];
        analyse_documents(texts, &languages, AnalyserParams::default(), &NoProgress).unwrap()
    }

    #[test]
    fn surface_form_is_the_most_frequent_word() {
        let text = "L’innovazione è tutto. Innovazione e innovazioni. Innovare!";
        let a = analyse(&[text], Language::Italian);
        let doc = &a.documents[0];
        let innov = doc
            .terms
            .iter()
            .map(|&(t, _)| t)
            .find(|&t| a.term(t) == "innov")
            .expect("innov term");
        assert_eq!(a.surface_forms[innov as usize], "innovazione");
        assert_eq!(doc.n_tokens, 4);
    }

    #[test]
    fn term_ids_follow_first_use_whatever_the_threads() {
        let texts: Vec<String> = (0..200)
            .map(|i| format!("Robots number{i} build cars. The factory {i} makes robots."))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| analyse(&texts, Language::English));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| analyse(&texts, Language::English));
        assert_eq!(one.terms, four.terms);
        assert_eq!(one.surface_forms, four.surface_forms);
        assert_eq!(&*one.terms[0], "robot");
        // Written "Robots" once and "robots" once a document: not mostly capitalised.
        assert_eq!(one.surface_forms[0], "robots");
        for (a, b) in one.documents.iter().zip(&four.documents) {
            assert_eq!(a.terms, b.terms);
            assert_eq!(a.n_tokens, b.n_tokens);
            let sentences = |d: &AnalysedDocument| {
                (0..d.sentences.len())
                    .map(|j| {
                        let s = &d.sentences[j];
                        (s.start, s.end, s.n_words, d.sentence_terms(j).to_vec())
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(sentences(a), sentences(b));
        }
        // Sentence and document counts agree, sorted by term.
        let doc = &one.documents[0];
        assert_eq!(doc.sentences[0].n_words, 4);
        assert!(doc.terms.windows(2).all(|w| w[0].0 < w[1].0));
        let summed: u32 = doc.sentence_term_lists.iter().map(|&(_, c)| c).sum();
        assert_eq!(summed as usize, doc.n_tokens);
    }
}
