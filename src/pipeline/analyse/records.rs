//! Steps 10 and 11 of `analyse`: each document's record (title, topic, keywords, phrases,
//! summary, place on the map), held or streamed to the sidecar file, and the one report value
//! every writer renders.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use super::topics::{candidate_sentences, sentence_text, Described, TopicReports};
use super::{AnalyseParams, Weighted};
use crate::cluster::{self, Clustering};
use crate::describe::round6;
use crate::error::Result;
use crate::pipeline::counted::{CountedOnce, DuplicatePolicy};
use crate::pipeline::prepare::PreparedCorpus;
use crate::progress::Progress;
use crate::projection;
use crate::report::{
    self, charts, CorpusStats, DocumentReport, DocumentsEncoder, DocumentsInFile, DuplicatesReport,
    Generator, InputParameters, Parameters, Report, SummarySentence, TopicTreeReport,
    SCHEMA_VERSION,
};
use crate::summarise::{self, Sentences};
use crate::vectorise::TfidfParams;

/// Step 10 (after the map): each document's report: title, language, topic, keywords,
/// phrases, summary and place on the map. Each depends on that document alone, so they are
/// built in parallel, a range at a time.
pub(super) struct DocumentRecords<'a> {
    pub(super) corpus: &'a PreparedCorpus,
    pub(super) weighted: &'a Weighted,
    pub(super) clustering: &'a Clustering,
    pub(super) described: &'a Described,
    pub(super) map: &'a [[f64; 2]],
    pub(super) params: &'a AnalyseParams,
}

impl DocumentRecords<'_> {
    /// The records of the documents in `range`, in input order, built in parallel.
    pub(super) fn build(&self, range: std::ops::Range<usize>) -> Vec<DocumentReport> {
        let weight = summarise::term_weights(&self.weighted.model, self.params.summary.weighting);
        range
            .into_par_iter()
            .map(|i| self.record(i, &weight))
            .collect()
    }

    /// Document `i`'s record, its sentences weighted by `weight`.
    fn record(&self, i: usize, weight: &impl Fn(u32) -> f64) -> DocumentReport {
        let (corpus, weighted, params) = (self.corpus, self.weighted, self.params);
        let surface = &corpus.analysis.surface_forms;
        let (doc, a) = (&corpus.documents[i], &corpus.analysis.documents[i]);
        let candidates = &candidate_sentences(corpus, i, &params.summary);
        let sentences = Sentences::new(
            candidates
                .iter()
                .enumerate()
                .map(|(position, &j)| (position, a.sentence_terms(j))),
            weight,
        );
        let picks: Vec<(usize, f64)> = summarise::summarise(
            &sentences,
            params.summary.document_sentences,
            &params.summary,
        )
        .iter()
        .map(|c| (candidates[c.index], c.score))
        .collect();
        // The heaviest few, heaviest first (ties by column): picked, then only they sorted.
        let mut keywords: Vec<(usize, f64)> = weighted.row(corpus, i);
        let heavier = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if params.document_keywords < keywords.len() {
            keywords.select_nth_unstable_by(params.document_keywords, heavier);
            keywords.truncate(params.document_keywords);
        }
        keywords.sort_by(heavier);
        DocumentReport {
            id: doc.id.clone(),
            path: doc.path.to_string_lossy().replace('\\', "/"),
            title: corpus.title(i),
            language: a.language.code().to_string(),
            tokens: a.n_tokens,
            sentences: a.sentences.len(),
            cluster: self.clustering.labels[i],
            subtopic: self.clustering.tree.as_ref().map(|t| t.fine_labels[i]),
            keywords: keywords
                .iter()
                .take(params.document_keywords)
                .map(|&(c, _)| surface[weighted.model.term(c) as usize].clone())
                .collect(),
            phrases: self.described.document_phrases[i]
                .iter()
                .map(|&p| self.described.phrases[p as usize].clone())
                .collect(),
            summary: picks
                .iter()
                .map(|&(sentence, score)| SummarySentence {
                    text: sentence_text(corpus, i, sentence),
                    sentence,
                    score: round6(score),
                })
                .collect(),
            x: round6(self.map[i][0]),
            y: round6(self.map[i][1]),
        }
    }

    /// Every record encoded for [`crate::report::DOCUMENTS_FILE`], a round at a time, so that
    /// only one round of records is held; kept aside are the records the readable reports
    /// quote (`quoted`, by id) and those the map draws. Blocks of records are built and
    /// serialised in parallel, and each round is compressed while the next is built.
    pub(super) fn encode(
        &self,
        quoted: &HashSet<&str>,
        progress: &dyn Progress,
    ) -> Result<DocumentsInFile> {
        let n = self.corpus.len();
        let mut on_map = vec![false; n];
        for i in charts::map_positions(n) {
            on_map[i] = true;
        }
        let build_round = |start: usize| -> Vec<(String, Vec<(usize, DocumentReport)>)> {
            let end = (start + DocumentsEncoder::ROUND).min(n);
            (start..end)
                .step_by(DocumentsEncoder::BLOCK)
                .collect::<Vec<usize>>()
                .into_par_iter()
                .map(|block| {
                    let range = block..(block + DocumentsEncoder::BLOCK).min(end);
                    let weight = summarise::term_weights(
                        &self.weighted.model,
                        self.params.summary.weighting,
                    );
                    // Each record is serialised as soon as it is made, and dropped unless
                    // a report quotes it or the map draws it.
                    let mut lines = Vec::with_capacity(range.len() * 512);
                    let mut kept = Vec::new();
                    for i in range {
                        let record = self.record(i, &weight);
                        DocumentsEncoder::append_line(&mut lines, &record);
                        if on_map[i] || quoted.contains(record.id.as_str()) {
                            kept.push((i, record));
                        }
                    }
                    (DocumentsEncoder::finish_lines(lines), kept)
                })
                .collect()
        };
        let mut encoder = DocumentsEncoder::new()?;
        let mut in_file = DocumentsInFile::default();
        progress.start("summarising documents", n as u64);
        let mut round = build_round(0);
        let mut start = 0;
        while start < n {
            let next = start + DocumentsEncoder::ROUND;
            let blocks: Vec<String> = round
                .iter_mut()
                .map(|(lines, _)| std::mem::take(lines))
                .collect();
            let records = (n - start).min(DocumentsEncoder::ROUND);
            let (pushed, next_round) = rayon::join(
                || encoder.push_lines(&blocks, records),
                || {
                    if next < n {
                        build_round(next)
                    } else {
                        Vec::new()
                    }
                },
            );
            pushed?;
            for (i, record) in round.into_iter().flat_map(|(_, kept)| kept) {
                if on_map[i] {
                    in_file.map_points.push(record.clone());
                }
                if quoted.contains(record.id.as_str()) {
                    in_file.quoted.push(record);
                }
            }
            progress.advance(records as u64);
            round = next_round;
            start = next;
        }
        progress.finish();
        in_file.encoded = encoder.finish()?;
        Ok(in_file)
    }
}

/// Step 11: the one report value every writer renders.
#[allow(clippy::too_many_arguments)]
pub(super) fn report(
    input: &Path,
    params: &AnalyseParams,
    corpus: PreparedCorpus,
    weighted: &Weighted,
    clustering: Clustering,
    cluster_tfidf: TfidfParams,
    TopicReports {
        clusters,
        subtopics,
        nodes,
    }: TopicReports,
    duplicates: DuplicatesReport,
    documents: Vec<DocumentReport>,
    documents_in_file: Option<DocumentsInFile>,
) -> Report {
    let analysed = &corpus.analysis.documents;
    let mut languages = BTreeMap::new();
    for a in analysed {
        *languages.entry(a.language.code().to_string()).or_insert(0) += 1;
    }
    Report {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: "sintesi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        corpus: CorpusStats {
            input: input.to_string_lossy().into_owned(),
            documents: corpus.len(),
            sentences: analysed.iter().map(|a| a.sentences.len()).sum(),
            tokens: analysed.iter().map(|a| a.n_tokens).sum(),
            terms: weighted.model.n_columns(),
            languages,
            boilerplate_lines_removed: corpus.boilerplate_lines_removed,
            recoded: corpus.recoded,
            skipped: corpus.skipped,
            renamed_ids: corpus.renamed_ids,
        },
        parameters: Parameters {
            config: None,
            input: InputParameters {
                format: params.load.format,
                text_field: params.load.text_field.clone(),
                id_field: params.load.id_field.clone(),
                title_field: params.load.title_field.clone(),
                max_file_size: params.load.max_file_size,
            },
            k: clustering.k,
            k_chosen_automatically: params.cluster.k.is_none(),
            k_note: clustering.note.clone(),
            max_k: params.cluster.max_k,
            k_scores: clustering
                .k_scores
                .iter()
                .map(|s| cluster::KScore {
                    k: s.k,
                    silhouette: round6(s.silhouette),
                })
                .collect(),
            seed: params.cluster.seed,
            restarts: params.cluster.restarts,
            headline_weight: params.cluster.headline_weight,
            neighbours: params.cluster.neighbours,
            language: params.language.map(|l| l.name().to_string()),
            stem: params.analyser.stem,
            stop_words: params.analyser.stop_words,
            tfidf: params.tfidf,
            cluster_tfidf,
            reduction: clustering.reduction,
            summary: params.summary,
            topic_terms: params.topic_terms,
            document_keywords: params.document_keywords,
            topic_phrases: params.topic_phrases,
            document_phrases: params.document_phrases,
            map: if clustering.map.is_some() {
                projection::SAMPLED_METHOD.into()
            } else {
                projection::METHOD.into()
            },
        },
        documents,
        documents_file: documents_in_file
            .is_some()
            .then(|| report::DOCUMENTS_FILE.to_string()),
        documents_in_file,
        topic_tree: clustering.tree.as_ref().map(|tree| TopicTreeReport {
            top_k: clustering.k,
            fine_k: tree.fine_k,
            merges: tree
                .merges
                .iter()
                .map(|m| (m.a, m.b, round6(m.cost)))
                .collect(),
            nodes,
        }),
        clusters,
        subtopics,
        duplicates,
    }
}

/// The groups of near-duplicates with document ids, as `sintesi duplicates --json` lists them.
pub(super) fn duplicates_report(
    corpus: &PreparedCorpus,
    counted: &CountedOnce,
    policy: DuplicatePolicy,
) -> DuplicatesReport {
    let id = |i: usize| corpus.documents[i].id.clone();
    DuplicatesReport {
        counted_once: policy.threshold().is_some(),
        threshold: policy.threshold(),
        counted: counted.n_counted(),
        groups: counted
            .groups
            .iter()
            .map(|g| g.with_ids(id).into())
            .collect(),
        groups_found: None,
    }
}
