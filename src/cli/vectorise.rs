//! `sintesi vectorise`: a corpus to a sparse TF-IDF matrix, streamed and in parallel; prints
//! what it did, and writes the matrix (Matrix Market) and the vocabulary (JSON) when asked.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use serde::Serialize;

use sintesi::corpus::LoadParams;
use sintesi::duplicates::{self, DuplicateParams};
use sintesi::vectorise::{self, DfLimit, NgramRange, Norm, TfidfParams, VectoriseParams};
use sintesi::Language;

use super::progress::ByteBar;
use super::{output, parse_language, AnalyserArgs, InputFormatArg};

#[derive(Debug, Args)]
pub struct VectoriseArgs {
    /// A folder of .txt/.md/.html files (read recursively), one such file, JSON Lines
    /// (.jsonl, .gz, .zst), CSV/TSV, or - for standard input.
    pub input: PathBuf,
    /// Write the matrix here in Matrix Market format (documents × terms, 1-based).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the vocabulary here as JSON: term, column, surface form, document frequency, idf.
    #[arg(long, value_name = "FILE")]
    pub vocabulary: Option<PathBuf>,
    /// Print the figures as one JSON object (also with --quiet).
    #[arg(long)]
    pub json: bool,
    /// Replace --output and --vocabulary files even if they were not written by sintesi.
    #[arg(long)]
    pub force: bool,
    /// N-gram lengths counted, MIN..MAX (n-grams of kept tokens joined by a space).
    #[arg(long, default_value = "1..1", value_name = "MIN..MAX")]
    pub ngram_range: NgramRange,
    /// Ignore terms in fewer documents than this (count, or fraction of documents).
    #[arg(long, default_value = "1")]
    pub min_df: DfLimit,
    /// Ignore terms in more documents than this (count, or fraction such as 0.9).
    #[arg(long, default_value = "1.0")]
    pub max_df: DfLimit,
    /// Keep only the N terms most frequent over the corpus.
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Use 1 + ln(tf) instead of raw counts.
    #[arg(long)]
    pub sublinear_tf: bool,
    /// Row normalisation.
    #[arg(long, value_enum, default_value_t = NormArg::L2)]
    pub norm: NormArg,
    /// Do not weight by inverse document frequency.
    #[arg(long)]
    pub no_idf: bool,
    /// idf = ln(n / df) + 1 instead of ln((1 + n) / (1 + df)) + 1.
    #[arg(long)]
    pub no_smooth_idf: bool,
    #[command(flatten)]
    pub analyser: AnalyserArgs,
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    /// Hash terms into N columns instead of building a vocabulary (column = hash mod N).
    #[arg(long, value_name = "N")]
    pub hashing: Option<u32>,
    /// JSON Lines field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// How to read a single file or standard input.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// Skip files (and JSON Lines records) larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Keep one document of each group of near-duplicates (as `sintesi duplicates` finds
    /// them, default threshold): costs a first pass over the input, about as long as
    /// reading it, and 300 bytes of memory per document.
    #[arg(long)]
    pub dedup: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NormArg {
    L2,
    L1,
    None,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Figures {
    documents: usize,
    bytes: u64,
    terms: usize,
    nnz: usize,
    /// Reading, tokenising and weighting (not writing the files).
    seconds: f64,
    mb_per_s: f64,
    tokens: u64,
    skipped: usize,
    /// Near-duplicates left out (with `--dedup` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicates_dropped: Option<usize>,
    threads: usize,
    hashing: Option<u32>,
    languages: std::collections::BTreeMap<String, usize>,
}

/// The vocabulary file.
#[derive(Debug, Serialize)]
struct VocabularyFile<'a> {
    documents: usize,
    terms: &'a [vectorise::VocabularyEntry],
}

impl VectoriseArgs {
    fn to_params(&self) -> VectoriseParams {
        VectoriseParams {
            load: LoadParams {
                max_file_size: self.max_file_size,
                text_field: self.text_field.clone(),
                format: self.input_format.into(),
                ..LoadParams::default()
            },
            language: self.language,
            analyser: self.analyser.to_params(),
            ngram_range: self.ngram_range,
            tfidf: TfidfParams {
                sublinear_tf: self.sublinear_tf,
                use_idf: !self.no_idf,
                smooth_idf: !self.no_smooth_idf,
                norm: match self.norm {
                    NormArg::L2 => Norm::L2,
                    NormArg::L1 => Norm::L1,
                    NormArg::None => Norm::None,
                },
                min_df: self.min_df,
                max_df: self.max_df,
                max_features: self.max_features,
            },
            hashing: self.hashing,
            without_vocabulary: self.vocabulary.is_none(),
            drop_documents: Default::default(),
        }
    }

    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        if self.hashing.is_some() && self.vocabulary.is_some() {
            return Err(sintesi::Error::InvalidParameter {
                name: "vocabulary",
                problem: "needs a vocabulary, which `hashing` does not build".into(),
            });
        }
        self.check_outputs()?;
        let started = Instant::now();
        let mut params = self.to_params();
        let mut dropped = 0;
        if self.dedup {
            let dedup = DuplicateParams {
                load: params.load.clone(),
                ..DuplicateParams::default()
            };
            let found = duplicates::find_duplicates(&self.input, &dedup, &ByteBar::new(quiet))?;
            params.drop_documents = found.dropped();
            dropped = params.drop_documents.len();
        }
        let bar = ByteBar::new(quiet);
        let v = vectorise::vectorise(&self.input, &params, &bar)?;
        let seconds = started.elapsed().as_secs_f64();
        self.write_files(&v)?;
        tracing::info!(elapsed = ?started.elapsed(), "vectorise done");
        if !quiet {
            for s in &v.skipped {
                output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
            for r in &v.recoded {
                output::warning(&format_args!("{r}: not UTF-8, read as Windows-1252"));
            }
        }
        let figures = Figures {
            documents: v.n_docs,
            bytes: v.bytes,
            terms: v.n_columns(),
            nnz: v.nnz(),
            seconds: (seconds * 1e4).round() / 1e4,
            mb_per_s: ((v.bytes as f64 / 1e6 / seconds.max(1e-9)) * 100.0).round() / 100.0,
            tokens: v.n_tokens,
            skipped: v.skipped.len(),
            duplicates_dropped: self.dedup.then_some(dropped),
            threads: rayon::current_num_threads(),
            hashing: self.hashing,
            languages: v.languages.clone(),
        };
        if self.json {
            output::stdout_json(&figures)
        } else if quiet {
            Ok(())
        } else {
            let dropped = match figures.duplicates_dropped {
                Some(n) => format!(" ({n} near-duplicates left out)"),
                None => String::new(),
            };
            output::stdout(&format!(
                "{} documents{dropped}, {:.1} MB, {} terms, {} non-zeros in {:.2} s ({:.1} MB/s)\n",
                figures.documents,
                figures.bytes as f64 / 1e6,
                figures.terms,
                figures.nnz,
                figures.seconds,
                figures.mb_per_s
            ))
        }
    }
}

impl VectoriseArgs {
    /// Refuses, before any work, an output that is the input or the other output: writing
    /// it would destroy the input, or one output would replace the other.
    fn check_outputs(&self) -> Result<(), sintesi::Error> {
        let input = (self.input != Path::new(sintesi::corpus::STDIN)).then_some(&self.input);
        let clash = |path: &Path, message: &str| sintesi::Error::Format {
            path: path.to_path_buf(),
            message: message.to_string(),
        };
        for (path, option) in [
            (&self.output, "--output"),
            (&self.vocabulary, "--vocabulary"),
        ] {
            if let (Some(path), Some(input)) = (path, input) {
                if same_file(path, input) {
                    return Err(clash(
                        path,
                        &format!("{option} names the input; writing it would destroy the input"),
                    ));
                }
            }
        }
        if let (Some(matrix), Some(vocabulary)) = (&self.output, &self.vocabulary) {
            if same_file(matrix, vocabulary) {
                return Err(clash(
                    matrix,
                    "--output and --vocabulary name the same file; give each its own",
                ));
            }
        }
        Ok(())
    }

    /// Writes the matrix and the vocabulary asked for, both or neither (one transaction).
    fn write_files(&self, v: &vectorise::Vectorised) -> Result<(), sintesi::Error> {
        let targets: Vec<&Path> = [&self.output, &self.vocabulary]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect();
        if targets.is_empty() {
            return Ok(());
        }
        let mut tx = sintesi::report::Transaction::begin(&targets)?;
        if !self.force {
            for path in &targets {
                if path.exists() && !written_by_vectorise(path) {
                    return Err(sintesi::Error::WouldOverwrite {
                        path: path.to_path_buf(),
                    });
                }
            }
        }
        if let Some(path) = &self.output {
            tx.stage_with(path, |mut w| v.write_matrix_market(&mut w))?;
        }
        if let (Some(path), Some(vocab)) = (&self.vocabulary, &v.vocabulary) {
            let file = VocabularyFile {
                documents: v.n_docs,
                terms: vocab,
            };
            tx.stage_with(path, |w| {
                serde_json::to_writer(&mut *w, &file).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            })?;
        }
        tx.commit()
    }
}

/// Whether `a` and `b` name one file (existing or not), symbolic links and `..` resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    fn resolve(p: &Path) -> Option<PathBuf> {
        if let Ok(c) = std::fs::canonicalize(p) {
            return Some(c);
        }
        let name = p.file_name()?;
        Some(std::fs::canonicalize(folder_of(p)).ok()?.join(name))
    }
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A matrix or vocabulary file this command wrote: its first bytes say so.
fn written_by_vectorise(path: &Path) -> bool {
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    let is_matrix =
        head.starts_with(b"%%MatrixMarket") && head.windows(18).any(|w| w == b"% sintesi vectoris");
    is_matrix || head.starts_with(b"{\"documents\":")
}
