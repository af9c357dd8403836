//! `sintesi evaluate …`: quality measured against gold standards, one subcommand per kind.

use clap::Subcommand;

use super::evaluate_clusters::EvaluateClustersArgs;
use super::evaluate_summaries::EvaluateSummariesArgs;

#[derive(Debug, Subcommand)]
pub enum EvaluateCommand {
    /// ROUGE of every summarisation method (and Lead-N) against reference summaries.
    #[command(
        after_help = "Examples:\n  sintesi evaluate summaries ../shared/data/bbc-news-summary/data.jsonl\n  sintesi evaluate summaries articles/ summaries/ --json"
    )]
    Summaries(EvaluateSummariesArgs),
    /// Topic clusters against gold labels: homogeneity, completeness, V-measure, NMI, ARI,
    /// silhouette and the labels × clusters table.
    #[command(
        after_help = "Examples:\n  sintesi evaluate clusters ../shared/data/bbc-news --k 5\n  sintesi evaluate clusters labelled.jsonl.gz --seed 3 --json\n\nINPUT: a folder with one sub-folder per gold label, or JSON Lines with a `label` field.\nExit codes: 0 success, 1 internal failure, 2 usage or input error."
    )]
    Clusters(EvaluateClustersArgs),
}

impl EvaluateCommand {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        match self {
            EvaluateCommand::Summaries(args) => args.run(quiet),
            EvaluateCommand::Clusters(args) => args.run(quiet),
        }
    }
}
