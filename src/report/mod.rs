//! The report: one [`Report`] value, rendered by separate small writers (JSON, Markdown, HTML,
//! SVG charts), so the outputs can never disagree. Its JSON Schema is generated from these
//! types ([`schema`]). Files are written to a temporary name in the output folder
//! and renamed into place, so a failed or interrupted run leaves the previous reports intact.

pub mod charts;
mod html;
mod json;
mod markdown;
mod output;
pub mod printable;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;

use crate::cluster::{KScore, ReductionReport};
use crate::corpus::{InputFormat, RenamedIds, Skipped};
use crate::describe::TermWeight;
use crate::error::{Error, Result};

pub use charts::{charts, Chart};
pub use html::to_html;
pub use json::to_json;
pub use markdown::{to_markdown, to_markdown_with_links, Links};
pub use output::{interrupt, recover, write_all, Interrupted, Transaction, LOCK_FILE};
pub use schema::{schema, schema_json};

/// Version of the JSON layout; bumped on any incompatible change (see README, "Report schema").
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a run found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    pub schema_version: u32,
    pub generator: Generator,
    pub corpus: CorpusStats,
    pub parameters: Parameters,
    pub documents: Vec<DocumentReport>,
    pub clusters: Vec<ClusterReport>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CorpusStats {
    /// The input as given on the command line.
    pub input: String,
    pub documents: usize,
    pub sentences: usize,
    /// Index tokens: words kept after stop words, numbers and one-letter words are dropped.
    pub tokens: usize,
    /// Distinct index terms (stems) in the vocabulary used for clustering.
    pub terms: usize,
    /// Documents per language (ISO 639-1 code; `und` when undetermined).
    pub languages: BTreeMap<String, usize>,
    /// Lines of web boilerplate removed.
    pub boilerplate_lines_removed: usize,
    /// Files read as Windows-1252 because they were not valid UTF-8.
    pub recoded: Vec<String>,
    /// Files and records left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// Ids that several records gave: the later records were renamed `id#2`, `id#3`… (absent
    /// when every id was distinct).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_ids: Vec<RenamedIds>,
}

/// The parameters the run used, defaults included, so a report can be reproduced.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Parameters {
    /// The configuration file the run read (`sintesi.toml` or `--config`), if any; options
    /// given on the command line override it, and the values below are the ones in effect.
    pub config: Option<String>,
    pub input: InputParameters,
    pub k: usize,
    pub k_chosen_automatically: bool,
    /// Why `k`, or the range it was chosen from, is not what was asked: fewer documents that
    /// differ than topics requested, or more candidates than are tried (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k_note: Option<String>,
    /// Largest k tried when k was chosen automatically.
    pub max_k: usize,
    pub k_scores: Vec<KScore>,
    pub seed: u64,
    pub restarts: usize,
    /// Times a headline's words counted in the clustered matrix.
    pub headline_weight: u32,
    /// Nearest neighbours each document was moved towards before k-means (0: none).
    pub neighbours: usize,
    pub language: Option<String>,
    pub stem: bool,
    pub stop_words: bool,
    /// TF-IDF of summaries, keywords and topic terms.
    pub tfidf: crate::vectorize::TfidfParams,
    /// TF-IDF of the matrix that was clustered.
    pub cluster_tfidf: crate::vectorize::TfidfParams,
    /// What k-means ran on.
    pub reduction: ReductionReport,
    pub summary: crate::summarize::SummaryParams,
    /// Terms listed per topic.
    pub topic_terms: usize,
    /// Keywords listed per document.
    pub document_keywords: usize,
    /// Key phrases listed per topic.
    pub topic_phrases: usize,
    /// Key phrases listed per document.
    pub document_phrases: usize,
    /// How the documents' 2-D map coordinates (`documents[].x`, `y`) were computed.
    pub map: String,
}

/// How the input was read.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InputParameters {
    pub format: InputFormat,
    /// JSON Lines field or CSV column holding the text, id and title.
    pub text_field: String,
    pub id_field: String,
    pub title_field: String,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocumentReport {
    pub id: String,
    pub path: String,
    pub title: String,
    pub language: String,
    pub tokens: usize,
    pub sentences: usize,
    pub cluster: usize,
    pub keywords: Vec<String>,
    /// The document's most telling phrases (two to four words), best first; possibly empty.
    pub phrases: Vec<String>,
    pub summary: Vec<SummarySentence>,
    /// Position on the 2-D document map (see `parameters.map`): documents that use the same
    /// words lie close together. Units are those of the TF-IDF space; only distances matter.
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SummarySentence {
    pub text: String,
    /// Index of the sentence in the document (0-based, headings included).
    pub sentence: usize,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClusterReport {
    pub id: usize,
    pub label: String,
    pub size: usize,
    /// The topic's most distinctive words that its documents use together, best first.
    pub terms: Vec<TermWeight>,
    /// Key phrases of two to four words found in the corpus (`Politecnico di Milano`,
    /// `interest rates`), best first; possibly empty.
    pub phrases: Vec<TermWeight>,
    /// Document ids, in input order.
    pub documents: Vec<String>,
    pub key_sentences: Vec<KeySentence>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KeySentence {
    pub text: String,
    /// Id of the document the sentence comes from.
    pub document: String,
    /// Index of the sentence in that document (0-based, headings included).
    pub sentence: usize,
    pub score: f64,
}

/// Which files to write. Markdown comes with its SVG charts beside it; HTML holds them inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
    /// JSON, Markdown with its charts, and HTML.
    All,
}

/// Marks files written by sintesi, so a rerun may replace them but never a user's own file,
/// and a report is never read back as an article.
pub(crate) const GENERATED_MARK: &str = "<!-- generated by sintesi";

/// Marks the generated files other than JSON, near their start.
fn generated_mark(version: &str) -> String {
    format!("{GENERATED_MARK} {version}; edit the options, not this file -->")
}

/// The report files a run may write, for finding those of an earlier run.
const REPORT_FILES: [&str; 6] = [
    "report.json",
    "report.md",
    "report.html",
    charts::TOPIC_SIZES,
    charts::TOPIC_TERMS,
    charts::DOCUMENT_MAP,
];

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Report files of an earlier run that this run did not write (another `--format`),
    /// removed so the folder never holds reports of two runs.
    pub removed: Vec<PathBuf>,
    /// A run killed while writing into the folder had left a mixed set; its previous set
    /// was put back before this run wrote.
    pub recovered: bool,
}

/// Writes the report files into `dir` (created if missing). Either every file is replaced
/// (and the report files of an earlier run that this one does not write are removed) or
/// nothing changes (see [`Transaction`]); runs into one folder take turns.
///
/// # Errors
/// [`Error::OutputNotDirectory`] if `dir` is a file, [`Error::WouldOverwrite`] if a target
/// exists and was not written by sintesi (unless `force`), [`Error::Write`] on I/O failure.
pub fn write(report: &Report, dir: &Path, formats: &[Format], force: bool) -> Result<Written> {
    let wants = |f: Format| formats.contains(&f) || formats.contains(&Format::All);
    if dir.exists() && !dir.is_dir() {
        return Err(Error::OutputNotDirectory {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let links = Links::from_folder(dir);
    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    if wants(Format::Json) {
        outputs.push((dir.join("report.json"), to_json(report)));
    }
    if wants(Format::Markdown) {
        outputs.push((
            dir.join("report.md"),
            to_markdown_with_links(report, &links),
        ));
        for chart in charts(report)? {
            outputs.push((dir.join(chart.file), chart.svg));
        }
    }
    if wants(Format::Html) {
        outputs.push((dir.join("report.html"), to_html(report, &links)?));
    }
    let targets: Vec<&Path> = outputs.iter().map(|(p, _)| p.as_path()).collect();
    let mut tx = Transaction::begin(&targets)?;
    if !force {
        for (path, _) in &outputs {
            if path.exists() && !written_by_sintesi(path) {
                return Err(Error::WouldOverwrite { path: path.clone() });
            }
        }
    }
    let mut written = Written {
        recovered: tx.recovered(),
        ..Written::default()
    };
    for name in REPORT_FILES {
        let path = dir.join(name);
        if path.is_file() && !outputs.iter().any(|(p, _)| p == &path) && written_by_sintesi(&path) {
            tx.remove(&path);
            written.removed.push(path);
        }
    }
    for (path, contents) in &outputs {
        tx.stage(path, contents.as_bytes())?;
        written.files.push(path.clone());
    }
    tx.commit()?;
    Ok(written)
}

fn written_by_sintesi(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| {
                v.get("generator")?
                    .get("name")?
                    .as_str()
                    .map(|n| n == "sintesi")
            })
            .unwrap_or(false),
        _ => {
            let head = &text.as_bytes()[..text.len().min(512)];
            head.windows(GENERATED_MARK.len())
                .any(|w| w == GENERATED_MARK.as_bytes())
        }
    }
}

/// Writes to a temporary file beside `path`, syncs it, then renames it over `path`.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    write_all(&[(path.to_path_buf(), contents.to_vec())])
}
