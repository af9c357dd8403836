//! The command line: clap types and their conversion into library parameters. No analysis
//! happens here. Each subcommand has its own file with its arguments and its `run`.

mod analyse;
mod evaluate;
mod evaluate_summaries;
mod summarise;

pub use analyse::AnalyseArgs;
pub use evaluate::EvaluateCommand;
pub use summarise::SummariseArgs;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sintesi::cluster::ClusterParams;
use sintesi::corpus::LoadParams;
use sintesi::report::Format;
use sintesi::summarize::{Method, SummaryParams, Weighting};
use sintesi::text::AnalyzerParams;
use sintesi::vectorize::{DfLimit, TfidfParams};
use sintesi::{AnalyseParams, Language};

/// Summarisation and topic-modelling analytics for article collections.
#[derive(Debug, Parser)]
#[command(name = "sintesi", version, about, propagate_version = true)]
#[command(after_help = "Exit codes: 0 success, 1 internal failure, 2 usage or input error.")]
pub struct Cli {
    /// Print timings and progress to stderr (-vv for more).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the topics of a collection, name them, extract key sentences, write reports.
    #[command(
        after_help = "Examples:\n  sintesi analyse corpus/\n  sintesi analyse news/ --k 4 --output out/ --format md\n  sintesi analyse data.jsonl.gz --language english --min-df 2"
    )]
    Analyse(AnalyseArgs),
    /// Summarise each document: its key sentences, in reading order.
    #[command(
        visible_alias = "summarize",
        after_help = "Examples:\n  sintesi summarise article.txt\n  sintesi summarise news/ --ratio 0.3 --json\n  sintesi summarise data.jsonl --sentences 2 --method textrank"
    )]
    Summarise(SummariseArgs),
    /// Measure quality against gold standards.
    Evaluate {
        #[command(subcommand)]
        what: EvaluateCommand,
    },
}

/// How key sentences are scored and chosen (shared by `analyse`, `summarise`, `evaluate`).
#[derive(Debug, Args)]
pub struct ScoringArgs {
    /// Sentence scoring: lead, centroid, lexrank or textrank.
    #[arg(long, default_value_t = SummaryParams::default().method, value_parser = parse_method)]
    pub method: Method,
    /// Term weights in sentence vectors: raw counts (tf) or tf-idf over the collection.
    #[arg(long, value_enum, default_value_t = WeightingArg::Tf)]
    pub weighting: WeightingArg,
    /// Weight of the news position prior (early sentences first): 0 = off, 1 = Lead.
    #[arg(long, default_value_t = SummaryParams::default().position_prior)]
    pub position_prior: f64,
    /// MMR trade-off: 1 = relevance only; lower values skip sentences like those already picked.
    #[arg(long, default_value_t = SummaryParams::default().mmr_lambda)]
    pub mmr_lambda: f64,
}

impl ScoringArgs {
    /// The summary parameters these options set, the rest at their defaults.
    pub fn to_params(&self) -> SummaryParams {
        SummaryParams {
            method: self.method,
            weighting: self.weighting.into(),
            position_prior: self.position_prior,
            mmr_lambda: self.mmr_lambda,
            ..SummaryParams::default()
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WeightingArg {
    Tf,
    Tfidf,
}

impl From<WeightingArg> for Weighting {
    fn from(w: WeightingArg) -> Weighting {
        match w {
            WeightingArg::Tf => Weighting::Tf,
            WeightingArg::Tfidf => Weighting::TfIdf,
        }
    }
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

/// Options shared by every command that runs the analysis pipeline.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// Number of topics (default: chosen by silhouette over 2..=--max-k).
    #[arg(short, long)]
    pub k: Option<usize>,
    /// Largest number of topics tried when choosing k.
    #[arg(long, default_value_t = 10)]
    pub max_k: usize,
    /// Seed for every random choice; the same input and seed give identical reports.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// k-means restarts; the best fit wins.
    #[arg(long, default_value_t = 10)]
    pub restarts: usize,
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    /// Ignore terms in fewer documents than this (count, or fraction of documents).
    #[arg(long, default_value = "1")]
    pub min_df: DfLimit,
    /// Ignore terms in more documents than this (count, or fraction such as 0.9).
    #[arg(long, default_value = "1.0")]
    pub max_df: DfLimit,
    /// Use 1 + ln(tf) instead of raw counts.
    #[arg(long)]
    pub sublinear_tf: bool,
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// Keep stop words.
    #[arg(long)]
    pub no_stop_words: bool,
    /// Key sentences per topic.
    #[arg(long, default_value_t = 5)]
    pub key_sentences: usize,
    /// Summary sentences per document (1 to 3 reads best).
    #[arg(long, default_value_t = 3)]
    pub summary_sentences: usize,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Skip files (and JSON Lines records) larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Memory the run may use (bytes); a corpus that would need more stops with an error
    /// instead of running out of memory.
    #[arg(long, default_value_t = sintesi::analyse::DEFAULT_MAX_MEMORY)]
    pub max_memory: u64,
    /// JSON Lines field that holds the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Json,
    Md,
    All,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
            FormatArg::All => Format::All,
        }
    }
}

pub fn parse_language(s: &str) -> Result<Language, String> {
    s.parse()
}

impl PipelineArgs {
    pub fn to_params(&self) -> AnalyseParams {
        AnalyseParams {
            load: LoadParams {
                max_file_size: self.max_file_size,
                text_field: self.text_field.clone(),
                max_corpus_size: self.max_memory / 4,
            },
            language: self.language,
            max_memory: Some(self.max_memory),
            analyzer: AnalyzerParams {
                stem: !self.no_stem,
                stop_words: !self.no_stop_words,
            },
            tfidf: TfidfParams {
                sublinear_tf: self.sublinear_tf,
                min_df: self.min_df,
                max_df: self.max_df,
                ..TfidfParams::default()
            },
            cluster: ClusterParams {
                k: self.k,
                max_k: self.max_k,
                restarts: self.restarts,
                seed: self.seed,
            },
            summary: SummaryParams {
                topic_sentences: self.key_sentences,
                document_sentences: self.summary_sentences,
                ..self.scoring.to_params()
            },
            ..AnalyseParams::new()
        }
    }
}
