//! `sintesi evaluate …`: quality measured against gold standards (or, for topics, against the
//! corpus itself), one subcommand per kind.

use clap::Subcommand;

use super::evaluate_clusters::EvaluateClustersArgs;
use super::evaluate_summaries::EvaluateSummariesArgs;
use super::evaluate_topics::EvaluateTopicsArgs;

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
    /// Topic coherence (NPMI, C_V, UMass, as gensim) and diversity, with the corpus itself as
    /// the reference: sintesi's topics, or any tool's given with --topics.
    #[command(
        after_help = "Examples:\n  sintesi evaluate topics ../shared/data/octis-bbc-news/data.jsonl --k 20 --seed 0\n  sintesi evaluate topics articles/ --json\n  sintesi evaluate topics articles/ --topics other-tool.json\n\nEach topic's first 10 words, lower-cased, are counted in the documents lower-cased and cut\ninto runs of letters: NPMI in sliding windows of 10 tokens, C_V of 110, UMass per document.\nWords absent from the corpus are not scored; a topic with fewer than two scored words is left\nout of the means. Topic diversity: distinct words / all words of all topics.\n\n--topics FILE: a sintesi report.json, or {\"topics\": [[word, ...], ...]}.\nExit codes: 0 success, 1 internal failure, 2 usage or input error."
    )]
    Topics(EvaluateTopicsArgs),
}

impl EvaluateCommand {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        match self {
            EvaluateCommand::Summaries(args) => args.run(quiet),
            EvaluateCommand::Clusters(args) => args.run(quiet),
            EvaluateCommand::Topics(args) => args.run(quiet),
        }
    }
}
