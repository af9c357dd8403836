//! `sintesi vectorise`: a corpus to a sparse TF-IDF matrix, streamed and in parallel; prints
//! what it did, and writes the matrix (Matrix Market) and the vocabulary (JSON) when asked.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use serde::Serialize;

use sintesi::corpus::LoadParams;
use sintesi::text::AnalyzerParams;
use sintesi::vectorize::{self, DfLimit, NgramRange, Norm, TfidfParams, VectoriseParams};
use sintesi::Language;

use super::progress::ByteBar;
use super::{output, parse_language, InputFormatArg};

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
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
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
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// Keep stop words.
    #[arg(long)]
    pub no_stop_words: bool,
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
    threads: usize,
    hashing: Option<u32>,
    languages: std::collections::BTreeMap<String, usize>,
}

/// The vocabulary file.
#[derive(Debug, Serialize)]
struct VocabularyFile<'a> {
    documents: usize,
    terms: &'a [vectorize::VocabularyEntry],
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
            analyzer: AnalyzerParams {
                stem: !self.no_stem,
                stop_words: !self.no_stop_words,
            },
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
        }
    }

    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        if self.hashing.is_some() && self.vocabulary.is_some() {
            return Err(sintesi::Error::InvalidParameter(
                "--vocabulary needs a vocabulary, which --hashing does not build".into(),
            ));
        }
        let started = Instant::now();
        let params = self.to_params();
        let bar = ByteBar::new(quiet);
        let v = vectorize::vectorise(&self.input, &params, &bar)?;
        let seconds = started.elapsed().as_secs_f64();
        if let Some(path) = &self.output {
            write_atomically(path, |w| v.write_matrix_market(w))?;
        }
        if let (Some(path), Some(vocab)) = (&self.vocabulary, &v.vocabulary) {
            let file = VocabularyFile {
                documents: v.n_docs,
                terms: vocab,
            };
            write_atomically(path, |w| {
                serde_json::to_writer(&mut *w, &file).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            })?;
        }
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
            threads: rayon::current_num_threads(),
            hashing: self.hashing,
            languages: v.languages.clone(),
        };
        if self.json {
            let text = serde_json::to_string(&figures).unwrap_or_default();
            output::stdout(&format!("{text}\n"))
        } else {
            output::stdout(&format!(
                "{} documents, {:.1} MB, {} terms, {} non-zeros in {:.2} s ({:.1} MB/s)\n",
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

/// Writes a file in full beside its target, then renames it into place: a failed run leaves
/// no half-written matrix.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> Result<(), sintesi::Error> {
    let fail = |source: std::io::Error| sintesi::Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".sintesi-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    {
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
        write(&mut w).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    // A temporary file is private (0600); the result is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
