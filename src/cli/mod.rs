//! The command line: clap types and their conversion into library parameters. No analysis
//! happens here. Each subcommand has its own file with its arguments and its `run`; `config`
//! reads `sintesi.toml`, `output` owns stdout, stderr and colour, `progress` draws bars.

mod analyse;
mod config;
mod duplicates;
mod evaluate;
mod evaluate_clusters;
mod evaluate_summaries;
mod evaluate_topics;
mod meta;
pub mod output;
mod progress;
mod summarise;
mod vectorise;

pub use analyse::AnalyseArgs;
pub use duplicates::DuplicatesArgs;
pub use evaluate::EvaluateCommand;
pub use meta::{CompletionsArgs, ManArgs, SchemaArgs};
pub use summarise::SummariseArgs;
pub use vectorise::VectoriseArgs;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Arg, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use output::ColourArg;
use sintesi::cluster::{ClusterParams, Reduction};
use sintesi::corpus::{InputFormat, LoadParams};
use sintesi::pipeline::DuplicatePolicy;
use sintesi::report::Format;
use sintesi::summarise::{Method, SummaryParams, Weighting};
use sintesi::text::AnalyserParams;
use sintesi::vectorise::{DfLimit, TfidfParams};
use sintesi::{AnalyseParams, Language};

const EXAMPLES: &str = "\
Examples:
  sintesi analyse corpus/                     reports in reports/: JSON, Markdown + charts, HTML
  sintesi analyse news.csv --text-field body  one document per CSV row
  curl -s URL | sintesi analyse - -o out/     an HTML page (or text, or JSON Lines) on stdin
  sintesi schema > report.schema.json         the JSON Schema of report.json
  sintesi completions bash > ~/.local/share/bash-completion/completions/sintesi
  sintesi man | man -l -                      this help as a man page

Options can also be set in ./sintesi.toml (or --config FILE): `k = 4`, `min-df = 2`, …;
the command line wins.

Exit codes: 0 success, 1 internal failure, 2 usage or input error (one line on stderr).";

/// Summarisation and topic-modelling analytics for article collections.
///
/// sintesi reads a collection of articles, finds its topics, names them with real words and
/// quotes the sentences that say the most, in reports for tools (JSON) and people (Markdown
/// with SVG charts, HTML).
#[derive(Debug, Parser)]
#[command(name = "sintesi", version, about, long_about, propagate_version = true)]
#[command(after_help = EXAMPLES)]
pub struct Cli {
    /// Print timings and progress to stderr (-vv for more).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// When to colour messages: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColourArg,
    /// Read default option values from this TOML file instead of ./sintesi.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read ./sintesi.toml.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
    /// The configuration file that was applied (set by [`parse`], not an option).
    #[arg(skip)]
    pub config_used: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the topics of a collection, name them, extract key sentences, write reports.
    #[command(after_help = "\
Examples:
  sintesi analyse corpus/
  sintesi analyse news/ --k 4 --output out/ --format md,html
  sintesi analyse data.jsonl.gz --language english --min-df 2
  sintesi analyse articles.csv --text-field body --id-field url --title-field headline
  sintesi analyse page.html
  cat notes.txt | sintesi analyse - --output notes-report/

Inputs: a folder (read recursively: .txt, .md, .html), one such file, JSON Lines (.jsonl,
one document per line), CSV/TSV (.csv, .tsv; one document per row), each of the last two
optionally .gz or .zst; or - for standard input (JSON Lines if its first line is a JSON
object, HTML if it starts with a tag, else one text; --input-format to say which).

Exit codes: 0 success, 1 internal failure, 2 usage or input error.")]
    Analyse(AnalyseArgs),
    /// Summarise each document: its key sentences, in reading order.
    #[command(
        visible_alias = "summarize",
        after_help = "Examples:\n  sintesi summarise article.txt\n  sintesi summarise news/ --ratio 0.3 --json\n  sintesi summarise data.jsonl --sentences 2 --method textrank"
    )]
    Summarise(SummariseArgs),
    /// Turn a corpus into a sparse TF-IDF matrix, streamed and in parallel.
    #[command(after_help = "\
Examples:
  sintesi vectorise articles/                            figures only
  sintesi vectorise big.jsonl.zst --json                 one JSON object of figures
  sintesi vectorise news.jsonl.gz -o m.mtx --vocabulary vocab.json --min-df 2
  sintesi vectorise huge.jsonl.zst --hashing 1048576 --ngram-range 1..2

Tokens are analyse's (stop words dropped, Snowball stems); weights are scikit-learn's
TfidfVectorizer. The matrix is written in Matrix Market format (scipy.io.mmread).

Exit codes: 0 success, 1 internal failure, 2 usage or input error.")]
    Vectorise(VectoriseArgs),
    /// Find groups of near-duplicate documents: copies syndicated, edited or cut short.
    #[command(after_help = "\
Examples:
  sintesi duplicates news/                       groups, the copy kept first
  sintesi duplicates archive.jsonl.zst --json    one JSON object: documents, seconds, groups
  sintesi duplicates data.csv --threshold 0.8    only closer copies

Each document becomes its set of lower-cased word 3-grams, summarised by a MinHash signature
(256 bytes: memory grows with the number of documents, not their length); banded LSH proposes
pairs, and a pair is a duplicate when one set lies in the other to the --threshold share
(containment), so a copy cut short or framed by other boilerplate is found whole. Groups keep
their longest member (the earliest among equals). Ids are report.json's.

Exit codes: 0 success, 1 internal failure, 2 usage or input error.")]
    Duplicates(DuplicatesArgs),
    /// Measure quality against gold standards.
    Evaluate {
        #[command(subcommand)]
        what: EvaluateCommand,
    },
    /// Print the JSON Schema of report.json (generated from the report's types).
    #[command(after_help = "Example:\n  sintesi schema > report.schema.json")]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  sintesi completions bash > ~/.local/share/bash-completion/completions/sintesi
  sintesi completions zsh > ~/.zfunc/_sintesi      # with fpath+=~/.zfunc in ~/.zshrc
  sintesi completions fish > ~/.config/fish/completions/sintesi.fish")]
    Completions(CompletionsArgs),
    /// Print the man page (roff) of sintesi or of one subcommand.
    #[command(after_help = "\
Examples:
  sintesi man | man -l -
  sintesi man analyse > sintesi-analyse.1")]
    Man(ManArgs),
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

/// How `summarise` and `evaluate summaries` read their input and summarise it: one set of
/// options, so that the evaluation scores exactly the summaries `summarise` prints.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// JSON Lines field that holds the article text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
}

impl SummaryArgs {
    /// The reading parameters these options set, the rest at their defaults.
    pub fn load(&self) -> LoadParams {
        LoadParams {
            text_field: self.text_field.clone(),
            ..LoadParams::default()
        }
    }
}

/// What every subcommand may need besides its own arguments.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub quiet: bool,
    /// The configuration file that was applied, echoed in reports.
    pub config: Option<PathBuf>,
}

impl Cli {
    pub fn context(&self) -> Context {
        Context {
            quiet: self.quiet,
            config: self.config_used.clone(),
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

/// Parses the command line with the configuration file's settings under it: clap parses once
/// to learn the subcommand and what the user typed, the file's settings for options not
/// typed are appended, and clap parses again. Usage errors, `--help` and `--version` exit
/// here as clap does (status 2 or 0).
///
/// # Errors
/// A configuration file that cannot be read or holds an invalid setting.
pub fn parse(args: Vec<OsString>) -> Result<Cli, sintesi::Error> {
    let mut cmd = Cli::command();
    cmd.build();
    let matches = cmd
        .clone()
        .try_get_matches_from(&args)
        .unwrap_or_else(|e| exit_usage(e));
    let first = Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit_usage(e));
    output::set_colour(first.color);
    let Some(file) = config::locate(first.config.as_deref(), first.no_config) else {
        return Ok(first);
    };
    let extra = config::extra_args(&file, &cmd, &matches)?;
    let mut args = args;
    let at = args.iter().position(|a| a == "--").unwrap_or(args.len());
    args.splice(at..at, extra);
    // The command line alone parsed, so an error now comes from the file's settings.
    let from_file = |e: clap::Error| sintesi::Error::Format {
        path: file.clone(),
        message: e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    let matches = cmd.try_get_matches_from(&args).map_err(from_file)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(from_file)?;
    cli.config_used = Some(file);
    Ok(cli)
}

/// Prints a usage error as one line (clap's message without its usage block) and exits with
/// status 2; `--help` and `--version` print as clap does and exit 0.
fn exit_usage(e: clap::Error) -> ! {
    if !e.use_stderr() {
        e.exit();
    }
    let message = e.to_string();
    let line = message
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("sintesi: {}", output::one_line_of(&line));
    std::process::exit(2);
}

/// Options shared by every command that runs the analysis pipeline.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    #[command(flatten)]
    pub clustering: ClusteringArgs,
    #[command(flatten)]
    pub terms: TermArgs,
    /// Count every near-duplicate as a document of its own. By default each group of copies
    /// of one story (syndicated, edited or cut short; see `sintesi duplicates`) counts once in
    /// the topics, as its longest copy, and the report lists the groups.
    #[arg(long)]
    pub keep_duplicates: bool,
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
    #[arg(long, default_value_t = sintesi::pipeline::DEFAULT_MAX_MEMORY)]
    pub max_memory: u64,
    /// JSON Lines field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// JSON Lines field or CSV column that holds the document id (else the line/row number).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// JSON Lines field or CSV column that holds the title (else it is found in the text).
    #[arg(long, default_value = "title", value_name = "NAME")]
    pub title_field: String,
    /// How to read a single file or standard input (auto: by the file name; on stdin by its
    /// first line).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
}

/// Which words are counted: options shared by every command that analyses words.
#[derive(Debug, Args)]
pub struct AnalyserArgs {
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// Keep stop words.
    #[arg(long)]
    pub no_stop_words: bool,
}

impl AnalyserArgs {
    /// The analyser these options ask for.
    pub fn to_params(&self) -> AnalyserParams {
        AnalyserParams {
            stem: !self.no_stem,
            stop_words: !self.no_stop_words,
        }
    }
}

/// Which terms are counted and how they are weighted: options shared by `analyse` and
/// `evaluate topics`.
#[derive(Debug, Args)]
pub struct TermArgs {
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    /// Ignore terms in fewer documents than this (count, or fraction of documents) [default:
    /// 1; for clustering 2 on corpora of 50 documents or more, with sublinear tf].
    #[arg(long)]
    pub min_df: Option<DfLimit>,
    /// Ignore terms in more documents than this (count, or fraction such as 0.9) [default:
    /// 1.0; for clustering 0.5 on corpora of 50 documents or more].
    #[arg(long)]
    pub max_df: Option<DfLimit>,
    /// Use 1 + ln(tf) instead of raw counts (always on for clustering unless --min-df or
    /// --max-df is given).
    #[arg(long)]
    pub sublinear_tf: bool,
    #[command(flatten)]
    pub analyser: AnalyserArgs,
}

impl TermArgs {
    /// The TF-IDF of the topic words and summaries.
    pub fn tfidf(&self) -> TfidfParams {
        let defaults = TfidfParams::default();
        TfidfParams {
            sublinear_tf: self.sublinear_tf,
            min_df: self.min_df.unwrap_or(defaults.min_df),
            max_df: self.max_df.unwrap_or(defaults.max_df),
            ..defaults
        }
    }

    /// The TF-IDF of the clustered matrix: vocabulary limits set by the user apply to it too;
    /// `None` leaves it the clustering defaults for the corpus size.
    pub fn cluster_tfidf(&self) -> Option<TfidfParams> {
        let user_limits = self.min_df.is_some() || self.max_df.is_some();
        user_limits.then(|| self.tfidf())
    }
}

/// How the documents are clustered: options shared by `analyse`, `evaluate topics` and
/// `evaluate clusters`, with `analyse`'s help; the evaluate commands word some of it shorter
/// ([`evaluate_help`]).
#[derive(Debug, Args)]
pub struct ClusteringArgs {
    /// Number of topics (default: chosen by silhouette over 2..=--max-k).
    #[arg(short, long)]
    pub k: Option<usize>,
    /// Largest number of topics tried when choosing k.
    #[arg(long, default_value_t = 10)]
    pub max_k: usize,
    /// Seed for every random choice; the same input and seed give identical reports.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// k-means restarts, run in parallel; the partition they agree on wins.
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_RESTARTS)]
    pub restarts: usize,
    /// LSA dimensions the TF-IDF matrix is reduced to before k-means (at most half the
    /// documents).
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_DIMS, value_name = "N")]
    pub dims: usize,
    /// Run k-means on the unit TF-IDF rows themselves, without LSA (dense: slow, memory-hungry).
    #[arg(long, conflicts_with = "dims")]
    pub no_lsa: bool,
    /// Times a headline's words count in the matrix that is clustered (1: like any other
    /// words); a headline names the topic.
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_HEADLINE_WEIGHT, value_name = "N")]
    pub headline_weight: u32,
    /// Move each document towards its N nearest neighbours before k-means, weighted by
    /// closeness (0: off; 15 is a good start; with LSA only).
    #[arg(long, default_value_t = sintesi::neighbours::DEFAULT_NEIGHBOURS, value_name = "N", conflicts_with = "no_lsa")]
    pub neighbours: usize,
    /// Cut the topic tree into N topics, merging fine topics without refitting (not with --k).
    #[arg(long, value_name = "N", conflicts_with = "k")]
    pub reduce_topics: Option<usize>,
}

impl ClusteringArgs {
    /// The clustering these options ask for.
    pub fn to_params(&self) -> ClusterParams {
        ClusterParams {
            k: self.k,
            max_k: self.max_k,
            restarts: self.restarts,
            seed: self.seed,
            reduction: reduction(self.dims, self.no_lsa),
            headline_weight: self.headline_weight,
            neighbours: self.neighbours,
            reduce_topics: self.reduce_topics,
        }
    }
}

/// The shorter help `evaluate topics` and `evaluate clusters` give the clustering options
/// (`#[command(mut_args(evaluate_help))]`).
pub fn evaluate_help(arg: Arg) -> Arg {
    let help = match arg.get_id().as_str() {
        "seed" => "Seed for every random choice",
        "dims" => "LSA dimensions (at most half the documents)",
        "no_lsa" => "k-means on the unit TF-IDF rows, without LSA",
        "headline_weight" => {
            "Times a headline's words count in the clustered matrix (1: like any other words)"
        }
        _ => return arg,
    };
    arg.help(help)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Jsonl,
    Csv,
    Html,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::JsonLines,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Html => InputFormat::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// report.json
    Json,
    /// report.md with its SVG charts beside it
    Md,
    /// report.html, self-contained (charts inline)
    Html,
    /// all of the above
    All,
}

/// The reports asked for by a `--format` list, as the writer's [`Format`] values.
pub fn formats(list: &[FormatArg]) -> Vec<Format> {
    let mut out: Vec<Format> = Vec::new();
    for f in list {
        let f = match f {
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::All => Format::All,
        };
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// LSA with `dims` dimensions, or none.
pub fn reduction(dims: usize, no_lsa: bool) -> Reduction {
    if no_lsa {
        Reduction::None
    } else {
        Reduction::Lsa { dims }
    }
}

/// Each group of near-duplicates counted once, or every copy with `--keep-duplicates`.
pub fn duplicate_policy(keep_duplicates: bool) -> DuplicatePolicy {
    if keep_duplicates {
        DuplicatePolicy::Keep
    } else {
        DuplicatePolicy::default()
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
                id_field: self.id_field.clone(),
                title_field: self.title_field.clone(),
                format: self.input_format.into(),
                max_corpus_size: sintesi::budget::text_limit(self.max_memory),
            },
            language: self.terms.language,
            max_memory: Some(self.max_memory),
            analyser: self.terms.analyser.to_params(),
            tfidf: self.terms.tfidf(),
            cluster_tfidf: self.terms.cluster_tfidf(),
            cluster: self.clustering.to_params(),
            summary: SummaryParams {
                topic_sentences: self.key_sentences,
                document_sentences: self.summary_sentences,
                ..self.scoring.to_params()
            },
            duplicates: duplicate_policy(self.keep_duplicates),
            ..AnalyseParams::new()
        }
    }
}
