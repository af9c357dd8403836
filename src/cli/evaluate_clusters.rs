//! `sintesi evaluate clusters`: the topic clustering of a labelled corpus against its labels.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use sintesi::corpus::LoadParams;
use sintesi::evaluate::clusters::{evaluate_clusters, ClusterEvalParams, ClusterEvaluation};
use sintesi::vectorise::{DfLimit, TfidfParams};
use sintesi::Language;

use super::{evaluate_help, parse_language, AnalyserArgs, ClusteringArgs};

#[derive(Debug, Args)]
#[command(
    mut_args(evaluate_help),
    mut_arg("k", |a| a.help("Number of clusters (default: chosen by silhouette over 2..=--max-k)")),
    mut_arg("max_k", |a| a.help("Largest number of clusters tried when choosing k"))
)]
pub struct EvaluateClustersArgs {
    /// A folder with one sub-folder of articles per gold label, or JSON Lines (CSV) with a
    /// `label` field (column).
    pub input: PathBuf,
    #[command(flatten)]
    pub clustering: ClusteringArgs,
    /// Ignore terms in fewer documents than this (count or fraction) [default: 2 on corpora
    /// of 50 documents or more, else 1].
    #[arg(long)]
    pub min_df: Option<DfLimit>,
    /// Ignore terms in more documents than this (count or fraction) [default: 0.5 on corpora
    /// of 50 documents or more, else 1.0].
    #[arg(long)]
    pub max_df: Option<DfLimit>,
    #[command(flatten)]
    pub analyser: AnalyserArgs,
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    /// Count every near-duplicate as a document of its own (by default each group of copies
    /// counts once, as in `analyse`, and the scores are given both ways).
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// JSON Lines field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
}

impl EvaluateClustersArgs {
    /// The clustering TF-IDF: sublinear tf, with the limits given (others at the defaults of
    /// `pipeline::cluster_matrix::clustering_tfidf`); `None` when neither limit is given.
    fn tfidf(&self) -> Option<TfidfParams> {
        if self.min_df.is_none() && self.max_df.is_none() {
            return None;
        }
        let defaults = TfidfParams {
            sublinear_tf: true,
            ..TfidfParams::default()
        };
        Some(TfidfParams {
            min_df: self.min_df.unwrap_or(defaults.min_df),
            max_df: self.max_df.unwrap_or(defaults.max_df),
            ..defaults
        })
    }

    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        let params = ClusterEvalParams {
            load: LoadParams {
                text_field: self.text_field.clone(),
                ..LoadParams::default()
            },
            language: self.language,
            analyser: self.analyser.to_params(),
            tfidf: self.tfidf(),
            // Without --k the fine level and every level of the topic tree are scored.
            cluster: sintesi::cluster::ClusterParams {
                ..self.clustering.to_params()
            },
            duplicates: super::duplicate_policy(self.keep_duplicates),
        };
        let eval = evaluate_clusters(&self.input, &params)?;
        tracing::info!(elapsed = ?started.elapsed(), documents = eval.documents, "evaluated");
        if !quiet {
            for s in &eval.skipped {
                super::output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
        }
        if !quiet && eval.unlabelled > 0 {
            super::output::warning(&format_args!(
                "left out {} documents without a gold label",
                eval.unlabelled
            ));
        }
        super::output::json_or_text(self.json, &eval, || to_table(&eval))
    }
}

fn to_table(eval: &ClusterEvaluation) -> String {
    let how_k = if eval.k_chosen_automatically {
        "chosen by silhouette"
    } else {
        "as requested"
    };
    let space = match eval.reduction.explained_variance {
        Some(v) => format!(
            "LSA {} dims, {:.1}% of the variance",
            eval.reduction.dims,
            100.0 * v
        ),
        None => format!("{} TF-IDF terms, no LSA", eval.reduction.dims),
    };
    let mut out = format!(
        "{} documents, {} gold labels, k = {} ({how_k}; {space}; seed {})\n\n",
        eval.documents, eval.gold_labels, eval.k, eval.seed
    );
    let rows = [
        ("homogeneity", eval.homogeneity),
        ("completeness", eval.completeness),
        ("V-measure", eval.v_measure),
        ("NMI", eval.nmi),
        ("ARI", eval.ari),
    ];
    if let Some(once) = &eval.counted_once {
        out.push_str(&format!(
            "{} near-duplicate groups: scores over all {} documents, and with each group \
             counted once ({} documents)\n\n",
            eval.duplicate_groups, eval.documents, once.documents
        ));
        out.push_str("| metric | all documents | each group once |\n|---|---|---|\n");
        let once = [
            once.homogeneity,
            once.completeness,
            once.v_measure,
            once.nmi,
            once.ari,
        ];
        for ((name, v), w) in rows.iter().zip(once) {
            out.push_str(&format!("| {name} | {v:.4} | {w:.4} |\n"));
        }
        out.push_str(&format!("| silhouette | | {:.4} |\n", eval.silhouette));
    } else {
        out.push_str("| metric | value |\n|---|---|\n");
        for (name, v) in rows.iter().chain(&[("silhouette", eval.silhouette)]) {
            out.push_str(&format!("| {name} | {v:.4} |\n"));
        }
    }
    if !eval.k_scores.is_empty() {
        out.push_str("\n| k | silhouette (cosine) |\n|---|---|\n");
        for s in &eval.k_scores {
            let mark = if s.k == eval.k { " (chosen)" } else { "" };
            out.push_str(&format!("| {}{mark} | {:.4} |\n", s.k, s.silhouette));
        }
    }
    out.push_str("\nGold labels × clusters:\n\n| label |");
    for j in 0..eval.k {
        out.push_str(&format!(" {j} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(eval.k));
    out.push('\n');
    for (label, row) in eval.contingency.labels.iter().zip(&eval.contingency.counts) {
        out.push_str(&format!("| {} |", label.replace('|', "\\|")));
        for c in row {
            out.push_str(&format!(" {c} |"));
        }
        out.push('\n');
    }
    out
}
