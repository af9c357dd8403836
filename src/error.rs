//! The library's one error type. Every variant that concerns a file carries its path, so the
//! binary can print a single line that tells the user what to fix.

use std::path::PathBuf;

/// Everything that can stop a run. Files that are merely unusable (binary, empty) are not
/// errors: they are skipped and listed in the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: no such file or directory")]
    InputNotFound { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no readable document (.txt, .md or .html files, JSON Lines or CSV) found")]
    NoDocuments { path: PathBuf },
    #[error("{path}: no usable document ({skipped} skipped; first {first})")]
    NothingUsable {
        path: PathBuf,
        skipped: usize,
        first: String,
    },
    #[error("{path}: the corpus holds more than {limit} bytes of text (reached after {documents} documents); raise --max-memory or analyse part of it")]
    CorpusTooLarge {
        path: PathBuf,
        limit: u64,
        documents: usize,
    },
    #[error("memory budget exceeded: {0}")]
    MemoryBudget(String),
    #[error("{path}:{line}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: unsupported input (expected a folder, a .txt/.md/.html file, .jsonl or .csv/.tsv [.gz|.zst], or - for standard input; or set --input-format)")]
    UnsupportedInput { path: PathBuf },
    /// A file whose layout is wrong as a whole (a CSV without the text column, standard input
    /// over the size limit).
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    #[error("no terms left after tokenising, stop words and document-frequency limits (check --min-df/--max-df)")]
    EmptyVocabulary,
    #[error("{path}: output path exists and is not a folder")]
    OutputNotDirectory { path: PathBuf },
    #[error(
        "{path}: exists and was not written by sintesi; refusing to overwrite it (use --force)"
    )]
    WouldOverwrite { path: PathBuf },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("clustering failed: {0}")]
    Clustering(String),
    #[error("cannot draw a chart: {0}")]
    Render(String),
    /// An interrupt (SIGINT, SIGTERM) stopped a commit of output files, which was undone.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
