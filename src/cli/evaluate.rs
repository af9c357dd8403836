//! `sintesi evaluate …`: quality measured against gold standards, one subcommand per kind.

use clap::Subcommand;

use super::evaluate_summaries::EvaluateSummariesArgs;

#[derive(Debug, Subcommand)]
pub enum EvaluateCommand {
    /// ROUGE of every summarisation method (and Lead-N) against reference summaries.
    #[command(
        after_help = "Examples:\n  sintesi evaluate summaries ../shared/data/bbc-news-summary/data.jsonl\n  sintesi evaluate summaries articles/ summaries/ --json"
    )]
    Summaries(EvaluateSummariesArgs),
}

impl EvaluateCommand {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        match self {
            EvaluateCommand::Summaries(args) => args.run(quiet),
        }
    }
}
