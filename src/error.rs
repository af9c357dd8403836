//! The library's one error type. Every variant that concerns a file carries its path, so the
//! binary can print a single line that tells the user what to fix.
//!
//! Messages name a parameter by its field name in backticks (`min_df`, `max_memory`), never by
//! a command-line option: the library has callers other than the binary. The binary shows
//! each such name as its option (`--min-df`).

use std::path::PathBuf;

/// Everything that can stop a run. Files that are merely unusable (binary, empty) are not
/// errors: they are skipped and listed in the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input path does not exist.
    #[error("{path}: no such file or directory")]
    InputNotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The input holds no file of a kind sintesi reads.
    #[error("{path}: no readable document (.txt, .md or .html files, JSON Lines or CSV) found")]
    NoDocuments {
        /// The input.
        path: PathBuf,
    },
    #[error("{path}: no usable document ({skipped} skipped; first {first})")]
    /// Every document of the input was skipped (empty, binary, boilerplate only…).
    NothingUsable {
        /// The input.
        path: PathBuf,
        /// Documents skipped.
        skipped: usize,
        /// The first one and why, to show the user.
        first: String,
    },
    #[error("{path}: the corpus holds more than {limit} bytes of text (reached after {documents} documents); raise `max_memory` or analyse part of it")]
    /// The text read so far exceeds what the memory budget allows.
    CorpusTooLarge {
        /// The input.
        path: PathBuf,
        /// Bytes of text allowed.
        limit: u64,
        /// Documents read when the limit was reached.
        documents: usize,
    },
    /// A stage would need more memory than the budget; says which and how much.
    #[error("memory budget exceeded: {0}")]
    MemoryBudget(String),
    #[error("{path}:{line}: {message}")]
    /// A JSON Lines record that cannot be read.
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the record.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// An input that is neither a folder nor a file of a known format.
    #[error("{path}: unsupported input (expected a folder, a .txt/.md/.html file, .jsonl or .csv/.tsv [.gz|.zst], or - for standard input; or set `input_format`)")]
    UnsupportedInput {
        /// The input.
        path: PathBuf,
    },
    /// A file whose layout is wrong as a whole (a CSV without the text column, standard input
    /// over the size limit).
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A parameter out of its range, or parameters that contradict each other.
    #[error("invalid parameter: `{name}` {problem}")]
    InvalidParameter {
        /// The parameter's field name (`k`, `min_df`).
        name: &'static str,
        /// What is wrong, to follow the name: "must be at least 1".
        problem: String,
    },
    /// Tokenising, stop words and the document-frequency limits left no term to weigh.
    #[error("no terms left after tokenising, stop words and document-frequency limits (check `min_df`/`max_df`)")]
    EmptyVocabulary,
    /// The output path names something other than a folder.
    #[error("{path}: output path exists and is not a folder")]
    OutputNotDirectory {
        /// The output path.
        path: PathBuf,
    },
    /// An output file exists and was not written by sintesi.
    #[error(
        "{path}: exists and was not written by sintesi; refusing to overwrite it (use `force`)"
    )]
    WouldOverwrite {
        /// The file that would be replaced.
        path: PathBuf,
    },
    /// An output file or folder could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// What was being written.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// LSA refused the matrix it was given (degenerate numbers: a bug, not the user's input).
    #[error("clustering failed: {0}")]
    Lsa(#[from] crate::reduce::LsaError),
    /// linfa's k-means failed (a bug or degenerate numbers, not the user's input).
    #[error("clustering failed: {0}")]
    KMeans(#[from] linfa_clustering::KMeansError),
    /// A silhouette could not be computed (points and labels disagree, or a point is not
    /// finite).
    #[error("clustering failed: {0}")]
    Silhouette(#[from] crate::cluster::silhouette::SilhouetteError),
    /// Two labellings compared do not describe the same documents.
    #[error("cannot score the clusters: {0}")]
    Agreement(#[from] crate::kernels::partitions::MetricError),
    /// Arguments that name nothing the program has (an unknown subcommand).
    #[error("{0}")]
    Usage(String),
    /// Something that should not happen did (a worker thread died, JSON could not be
    /// encoded): a bug to report, not the user's input.
    #[error("internal error: {0}")]
    Internal(String),
    /// A chart could not be drawn.
    #[error("cannot draw the chart \"{chart}\": {source}")]
    Render {
        /// The chart's title.
        chart: String,
        /// What plotters said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An interrupt (SIGINT, SIGTERM) stopped a commit of output files, which was undone.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    /// [`Error::InvalidParameter`] for parameter `name`.
    pub(crate) fn invalid(name: &'static str, problem: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name,
            problem: problem.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
