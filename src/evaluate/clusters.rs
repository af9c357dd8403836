//! Topic clustering measured against gold labels (`sintesi evaluate clusters`).
//!
//! Runs the clustering half of `analyse` — the prepared corpus ([`crate::pipeline::prepare`]:
//! read, clean, detect languages, tokenise and stem), the clustered matrix
//! ([`crate::pipeline::cluster_matrix`]), LSA, k-means, choosing k — on a labelled corpus and scores the clusters against the
//! labels with scikit-learn's metrics ([`crate::kernels::partitions`]). It writes no report and
//! summarises nothing, so it is as fast as the clustering itself.
//!
//! As in `analyse`, each group of near-duplicates counts once ([`CountedOnce`]): only its kept
//! member is clustered, and its copies take the kept member's cluster. The scores are given
//! twice: over every labelled document (copies scored with their kept member's cluster, against
//! their own labels), and with each group counted once (the clustered documents alone).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::cluster::silhouette::{silhouette, SilhouetteParams};
use crate::cluster::{self, ClusterParams, KScore, ReductionReport};
use crate::corpus::{self, LoadParams};
use crate::error::{Error, Result};
use crate::kernels::partitions::{cluster_scores, contingency};
use crate::language::Language;
use crate::pipeline::{cluster_matrix, prepare, CountedOnce, DuplicatePolicy};
use crate::progress::NoProgress;
use crate::text::AnalyserParams;
use crate::vectorise::TfidfParams;

/// Documents the silhouette is computed on (a seeded sample), as scikit-learn's
/// `silhouette_score(…, sample_size=2000)` in the peer scripts.
pub(crate) const SILHOUETTE_SAMPLE: usize = 2000;

/// What to evaluate.
#[derive(Debug, Clone, Default)]
pub struct ClusterEvalParams {
    /// How to read the labelled corpus.
    pub load: LoadParams,
    /// Force one language for every document instead of detecting it.
    pub language: Option<Language>,
    /// Stemming and stop words, as for `analyse`.
    pub analyser: AnalyserParams,
    /// TF-IDF of the clustered matrix; `None` for [`cluster_matrix::clustering_tfidf`].
    pub tfidf: Option<TfidfParams>,
    /// k, restarts, seed and reduction, as for `analyse`.
    pub cluster: ClusterParams,
    /// Whether each group of near-duplicates counts once (the default) or every copy counts.
    pub duplicates: DuplicatePolicy,
}

/// Agreement of clusters with gold labels, over some documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AgreementScores {
    /// Documents scored.
    pub documents: usize,
    /// Each cluster holds documents of one gold label only (1 at best).
    pub homogeneity: f64,
    /// All documents of a gold label are in one cluster (1 at best).
    pub completeness: f64,
    /// Harmonic mean of homogeneity and completeness.
    pub v_measure: f64,
    /// Normalised mutual information (arithmetic mean of the entropies, scikit-learn's default).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
}

/// Gold labels × clusters: `counts[i][j]` documents of label `labels[i]` are in cluster `j`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContingencyTable {
    /// Gold labels, sorted.
    pub labels: Vec<String>,
    /// JSON `counts`: `counts[i][j]` documents of gold label `labels[i]` are in cluster `j`.
    pub counts: Vec<Vec<u64>>,
}

/// Scores of one level of the topic tree against the gold labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelScores {
    /// Topics at this level.
    pub k: usize,
    /// Normalised mutual information of this level's topics with the gold labels.
    pub nmi: f64,
    /// Adjusted Rand index of this level's topics with the gold labels.
    pub ari: f64,
}

/// Scores of one clustering against the gold labels.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterEvaluation {
    /// Labelled documents clustered.
    pub documents: usize,
    /// Documents left out because they had no gold label.
    pub unlabelled: usize,
    /// Files and records left out before clustering (binary, empty, unreadable, nothing left
    /// after removing boilerplate), with the reason, as `analyse` lists them.
    pub skipped: Vec<corpus::Skipped>,
    /// Distinct gold labels.
    pub gold_labels: usize,
    /// Clusters found: the fine level of the topic tree when there is one.
    pub k: usize,
    /// JSON `k_chosen_automatically`: true when k was chosen by silhouette, not given.
    pub k_chosen_automatically: bool,
    /// Cosine silhouette of every k tried when k was chosen.
    pub k_scores: Vec<KScore>,
    /// JSON `homogeneity`: in `[0, 1]`, 1 when every cluster holds a single gold label.
    pub homogeneity: f64,
    /// JSON `completeness`: in `[0, 1]`, 1 when every gold label sits in a single cluster.
    pub completeness: f64,
    /// JSON `v_measure`: harmonic mean of homogeneity and completeness (scikit-learn, β = 1).
    pub v_measure: f64,
    /// Normalised mutual information (arithmetic mean of the entropies, scikit-learn's default).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Each level of the topic tree, top level (the one `analyse` leads with) first, the fine
    /// level last; empty without a tree (`--k`, or a corpus too small for one).
    pub levels: Vec<LevelScores>,
    /// Groups of near-duplicates found (0 with `--keep-duplicates`).
    pub duplicate_groups: usize,
    /// The scores with each group of near-duplicates counted once (the documents that were
    /// clustered); `null` with `--keep-duplicates`. The scores above count every document.
    pub counted_once: Option<AgreementScores>,
    /// Mean silhouette of the clusters, Euclidean on the unit rows that were clustered (each
    /// group of near-duplicates once), on a seeded sample of [`SILHOUETTE_SAMPLE`] documents
    /// (as the scikit-learn peer computes it).
    pub silhouette: f64,
    /// JSON `contingency`: gold labels × clusters.
    pub contingency: ContingencyTable,
    /// JSON `reduction`: what k-means ran on (`lsa` with its dimensions, or `none`).
    pub reduction: ReductionReport,
    /// JSON `seed`: the seed the clustering used; the same seed gives the same scores.
    pub seed: u64,
}

/// Clusters the labelled documents of `input` and scores the clusters against the labels.
///
/// Gold labels are the first sub-folder of a folder, or the `label` field (column) of JSON
/// Lines (CSV); documents without one are left out and counted in `unlabelled`.
///
/// # Errors
/// Input errors as [`prepare::load`] (nothing left after cleaning is
/// [`Error::NothingUsable`], as in `analyse`); [`Error::Format`] naming the input when no
/// document has a label; invalid parameters and an empty vocabulary as `analyse`.
pub fn evaluate_clusters(input: &Path, params: &ClusterEvalParams) -> Result<ClusterEvaluation> {
    if let Some(t) = &params.tfidf {
        t.validate()?;
    }
    let started = std::time::Instant::now();
    let mut loaded = prepare::load(input, &params.load)?;
    tracing::debug!(elapsed = ?started.elapsed(), "loaded and cleaned");
    let labelled = loaded.documents.len();
    loaded.documents.retain(|d| d.label.is_some());
    let unlabelled = labelled - loaded.documents.len();
    if loaded.documents.is_empty() {
        return Err(Error::Format {
            path: input.to_path_buf(),
            message: "no document has a gold label (a `label` field in JSON Lines, a `label` \
                      column in CSV, or one sub-folder per label)"
                .into(),
        });
    }
    params.cluster.validate(loaded.documents.len())?;
    let texts: Vec<&str> = loaded.documents.iter().map(|d| d.text.as_str()).collect();
    let counted = CountedOnce::find(&texts, params.duplicates)?;
    drop(texts);
    tracing::debug!(elapsed = ?started.elapsed(), groups = counted.groups.len(), "near-duplicates found");

    let corpus = prepare::analyse_text(loaded, params.language, params.analyser, &NoProgress)?;
    tracing::debug!(elapsed = ?started.elapsed(), "languages detected, analysed");
    let built = cluster_matrix::build(
        &corpus,
        counted.counted(),
        params.cluster.headline_weight,
        params.tfidf,
    )?;
    tracing::debug!(elapsed = ?started.elapsed(), terms = built.model.n_columns(), "vectorised");
    let (cluster_params, _) = counted.within_counted(&params.cluster);
    let (clustering, points) = cluster::cluster_tfidf(&built.matrix, &cluster_params)?;
    tracing::debug!(elapsed = ?started.elapsed(), "clustered");
    let documents = corpus.documents;

    let names: Vec<String> = {
        let mut names: Vec<String> = documents.iter().filter_map(|d| d.label.clone()).collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let gold: Vec<usize> = documents
        .iter()
        .map(|d| index[d.label.as_deref().unwrap_or_default()])
        .collect();
    let mut levels = Vec::new();
    // Labels of the clustered documents (each group of near-duplicates once): the tree's fine
    // level when there is one; every level is scored over all documents.
    let clustered_labels: &[usize] = match &clustering.tree {
        Some(tree) => {
            for (k, level) in [
                (clustering.k, &clustering.labels),
                (tree.fine_k, &tree.fine_labels),
            ] {
                let s = cluster_scores(&gold, &counted.spread(level))?;
                levels.push(LevelScores {
                    k,
                    nmi: s.nmi,
                    ari: s.ari,
                });
            }
            &tree.fine_labels
        }
        None => &clustering.labels,
    };
    let k = clustering.tree.as_ref().map_or(clustering.k, |t| t.fine_k);
    let labels = counted.spread(clustered_labels);
    let scores = cluster_scores(&gold, &labels)?;
    let counted_once = match params.duplicates {
        DuplicatePolicy::Keep => None,
        DuplicatePolicy::CountOnce { .. } => {
            let gold: Vec<usize> = counted.counted().iter().map(|&i| gold[i]).collect();
            let s = cluster_scores(&gold, clustered_labels)?;
            Some(AgreementScores {
                documents: gold.len(),
                homogeneity: s.homogeneity,
                completeness: s.completeness,
                v_measure: s.v_measure,
                nmi: s.nmi,
                ari: s.ari,
            })
        }
    };
    let table = contingency(&gold, &labels)?;
    let dense = table.counts();
    // Columns of the table are the clusters present, which are all of 0..k.
    let counts = dense.outer_iter().map(|row| row.to_vec()).collect();
    let silhouette_params =
        SilhouetteParams::euclidean().sampled(SILHOUETTE_SAMPLE, params.cluster.seed);
    // On a large corpus the points are those of the clustering's fit sample.
    let point_labels: Vec<usize> = match &clustering.sample {
        Some(rows) => rows.iter().map(|&i| clustered_labels[i]).collect(),
        None => clustered_labels.to_vec(),
    };
    let silhouette = silhouette(points.view(), &point_labels, &silhouette_params)?;
    tracing::debug!(elapsed = ?started.elapsed(), "scored");

    Ok(ClusterEvaluation {
        documents: documents.len(),
        unlabelled,
        skipped: corpus.skipped,
        gold_labels: names.len(),
        k,
        k_chosen_automatically: params.cluster.k.is_none(),
        k_scores: clustering.k_scores,
        homogeneity: scores.homogeneity,
        completeness: scores.completeness,
        v_measure: scores.v_measure,
        nmi: scores.nmi,
        ari: scores.ari,
        levels,
        duplicate_groups: counted.groups.len(),
        counted_once,
        silhouette,
        contingency: ContingencyTable {
            labels: names,
            counts,
        },
        reduction: clustering.reduction,
        seed: params.cluster.seed,
    })
}
