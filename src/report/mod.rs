//! The report: one [`Report`] value, rendered by separate small writers (JSON, Markdown, HTML,
//! SVG charts), so the outputs can never disagree. Its JSON Schema is generated from these
//! types ([`schema`]). Files are written to a temporary name in the output folder
//! and renamed into place, so a failed or interrupted run leaves the previous reports intact.

pub mod charts;
mod html;
mod json;
mod markdown;
mod output;
mod schema;

/// Text made safe to show ([`crate::printable`]), where the writers and the binary find it.
pub use crate::printable;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;

use crate::cluster::{KScore, ReductionReport};
use crate::corpus::{InputFormat, RenamedIds, Skipped, GENERATED_MARK};
use crate::describe::TermWeight;
use crate::duplicates::GroupReport;
use crate::error::{Error, Result};

pub use charts::charts;
pub use charts::Chart;
pub(crate) use html::to_html;
pub use json::{to_json, DocumentsEncoder, EncodedDocuments};
pub use markdown::{to_markdown, to_markdown_with_links, Links};
pub use output::{interrupt, recover, write_all, Interrupted, Transaction};
pub use schema::{schema, schema_json};

/// Version of the JSON layout; bumped on any incompatible change (see README, "Report schema").
pub const SCHEMA_VERSION: u32 = 3;

/// Above this many documents the per-document records go to [`DOCUMENTS_FILE`] beside
/// `report.json` instead of into it, and topics list their most central documents only: a
/// report of a million documents stays a file one can open.
pub const DOCUMENTS_INLINE_MAX: usize = 10_000;
/// The sidecar of the per-document records of a large corpus: one JSON object per line (as
/// `documents[]` of a small report), in input order, compressed with Zstandard.
pub const DOCUMENTS_FILE: &str = "documents.jsonl.zst";
/// Near-duplicate groups `report.json` lists when the records are in [`DOCUMENTS_FILE`]: the
/// largest (a million short documents hold tens of thousands of groups).
pub const DUPLICATE_GROUPS_LISTED: usize = 1_000;
/// Other copies of a near-duplicate group that report.md and report.html name (the rest are
/// counted).
pub const COPIES_SHOWN: usize = 5;
/// Documents a topic lists when the records are in [`DOCUMENTS_FILE`].
pub const CENTRAL_DOCUMENTS_LISTED: usize = 20;

/// Everything a run found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// Version of this layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The program that wrote the report.
    pub generator: Generator,
    /// What was read.
    pub corpus: CorpusStats,
    /// The options in effect.
    pub parameters: Parameters,
    /// Every document analysed, in input order; empty when they are in `documents_file`.
    pub documents: Vec<DocumentReport>,
    /// The file beside `report.json` that holds the per-document records instead of
    /// `documents`, for corpora of more than 10,000 documents: `documents.jsonl.zst`, one
    /// record per line in input order, Zstandard-compressed (absent for smaller corpora).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_file: Option<String>,
    /// The records written to `documents_file`, encoded (not serialised into `report.json`).
    #[serde(skip)]
    #[schemars(skip)]
    pub documents_in_file: Option<DocumentsInFile>,
    /// The topics, largest first: the top level of the topic tree when there is one.
    pub clusters: Vec<ClusterReport>,
    /// The topic tree's fine topics (level 1), each under one topic of `clusters` (its
    /// `parent`), largest first; empty without a tree (`--k`, or a corpus too small for one).
    pub subtopics: Vec<ClusterReport>,
    /// How the fine topics merge up to one: the whole tree, for cutting it into any number of
    /// topics (`--reduce-topics`); absent without a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_tree: Option<TopicTreeReport>,
    /// Near-duplicate documents found, each group counted once in the topics.
    pub duplicates: DuplicatesReport,
}

/// Near-duplicates: the same story syndicated, edited or cut short. Each group counts once
/// (unless `--keep-duplicates`): only its kept member is clustered, weighs in topic sizes and
/// topic words and may supply key sentences; the other members are still listed in
/// `documents`, with the kept member's topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DuplicatesReport {
    /// Whether each group counted once; `false` with `--keep-duplicates`, when none were
    /// looked for and `groups` is empty.
    pub counted_once: bool,
    /// Least containment |A∩B| / min(|A|, |B|) of two documents' word 3-gram sets for them
    /// to be duplicates (as `sintesi duplicates --threshold`); `null` when none were looked
    /// for.
    pub threshold: Option<f64>,
    /// Documents counted in the topics: every document in no group, and one per group (the
    /// sum of the topic sizes).
    pub counted: usize,
    /// The groups, by first member; as `sintesi duplicates --json` lists them. When the
    /// records are in `documents_file`, only the 1,000 largest groups.
    pub groups: Vec<DuplicateGroupReport>,
    /// Groups found, when `groups` lists only the largest (absent when it lists all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_found: Option<usize>,
}

impl Report {
    /// Every document by id, for the writers that look documents up by id.
    pub fn documents_by_id(&self) -> std::collections::HashMap<&str, &DocumentReport> {
        self.quotable_documents()
            .iter()
            .map(|d| (d.id.as_str(), d))
            .collect()
    }

    /// The near-duplicate groups as the rows of the reports' table: the kept copy, its other
    /// copies joined by ` · `, and the least similarity. `title` writes one document from its
    /// id and its record (`None` when the report does not hold it).
    pub(crate) fn duplicate_rows(
        &self,
        title: impl Fn(&str, Option<&DocumentReport>) -> String,
    ) -> Vec<(String, String, f64)> {
        let by_id = self.documents_by_id();
        let name = |id: &str| title(id, by_id.get(id).copied());
        self.duplicates
            .groups
            .iter()
            .map(|g| {
                let mut others: Vec<String> = g.shown_copies().map(|m| name(m)).collect();
                let more = g.members.len() - 1 - others.len();
                if more > 0 {
                    others.push(format!("and {more} more"));
                }
                (name(&g.kept), others.join(" · "), g.least_similarity())
            })
            .collect()
    }
}

impl DuplicateGroupReport {
    /// The other copies the readable reports name, at most [`COPIES_SHOWN`]: a wire story
    /// syndicated to two hundred sites would otherwise fill pages (`report.json` lists all).
    pub fn shown_copies(&self) -> impl Iterator<Item = &String> {
        self.members
            .iter()
            .filter(|&m| *m != self.kept)
            .take(COPIES_SHOWN)
    }

    /// The least similarity listed for the group (1 when none is).
    pub fn least_similarity(&self) -> f64 {
        self.similarities.iter().map(|s| s.2).fold(1.0, f64::min)
    }
}

/// One group of near-duplicates, by document id.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DuplicateGroupReport {
    /// The member that counts for the group: the longest (most words), the earliest of equals.
    pub kept: String,
    /// Every member, the kept one included, in input order.
    pub members: Vec<String>,
    /// `[id, id, containment]` for pairs of members (every pair in a group of up to 50
    /// members, else each member with the kept one; only the latter when the records are in
    /// `documents_file`), containment rounded to 3 decimals.
    pub similarities: Vec<(String, String, f64)>,
}

/// The records of a report whose documents are in [`DOCUMENTS_FILE`]: the file's bytes, and
/// the few records the Markdown and HTML reports quote.
#[derive(Debug, Clone, Default)]
pub struct DocumentsInFile {
    /// `documents.jsonl.zst`, encoded as the records were built.
    pub encoded: EncodedDocuments,
    /// The records the readable reports name, in input order: each topic's central
    /// documents and those its key sentences come from, and the copies of the near-duplicate
    /// groups listed that the tables name ([`DuplicateGroupReport::shown_copies`]).
    pub quoted: Vec<DocumentReport>,
    /// The records the map draws ([`charts::map_positions`]), in input order.
    pub map_points: Vec<DocumentReport>,
}

impl From<GroupReport<String>> for DuplicateGroupReport {
    fn from(g: GroupReport<String>) -> Self {
        DuplicateGroupReport {
            kept: g.kept,
            members: g.members,
            similarities: g.similarities,
        }
    }
}

impl Report {
    /// The documents' records the readable reports can quote: every one for a small corpus,
    /// the quoted ones when the records are in [`DOCUMENTS_FILE`].
    fn quotable_documents(&self) -> &[DocumentReport] {
        match &self.documents_in_file {
            Some(in_file) => &in_file.quoted,
            None => &self.documents,
        }
    }
}

impl DuplicatesReport {
    /// The groups a report whose records are in [`DOCUMENTS_FILE`] lists: the
    /// [`DUPLICATE_GROUPS_LISTED`] largest (`groups_found` then says how many there were),
    /// each copy with its similarity to the kept one only.
    pub fn shorten(&mut self) {
        // Every pair of a group of thirty copies is 435 lines of JSON: each copy's similarity
        // to the kept one says enough (`sintesi duplicates --json` lists every pair).
        let groups = &mut self.groups;
        if groups.len() > DUPLICATE_GROUPS_LISTED {
            let mut largest: Vec<usize> = (0..groups.len()).collect();
            largest.sort_by(|&a, &b| {
                groups[b]
                    .members
                    .len()
                    .cmp(&groups[a].members.len())
                    .then(a.cmp(&b))
            });
            largest.truncate(DUPLICATE_GROUPS_LISTED);
            largest.sort_unstable();
            self.groups_found = Some(groups.len());
            let mut all: Vec<Option<DuplicateGroupReport>> =
                std::mem::take(groups).into_iter().map(Some).collect();
            *groups = largest.iter().filter_map(|&i| all[i].take()).collect();
        }
        for group in &mut self.groups {
            let kept = &group.kept;
            group
                .similarities
                .retain(|(a, b, _)| a == kept || b == kept);
        }
    }
}

/// The program and version that wrote a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Generator {
    /// Always `sintesi`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// What was read, and what was left out and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CorpusStats {
    /// The input as given on the command line.
    pub input: String,
    /// Documents analysed (skipped ones aside).
    pub documents: usize,
    /// Sentences over all documents, headings included.
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
    /// How the input was read.
    pub input: InputParameters,
    /// Topics found.
    pub k: usize,
    /// Whether k was chosen by the silhouette (no `k` given).
    pub k_chosen_automatically: bool,
    /// Why `k`, or the range it was chosen from, is not what was asked: fewer documents that
    /// differ than topics requested, or more candidates than are tried (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k_note: Option<String>,
    /// Largest k tried when k was chosen automatically.
    pub max_k: usize,
    /// Mean silhouette of every k tried, when k was chosen automatically.
    pub k_scores: Vec<KScore>,
    /// Seed of every random choice: the same input and seed give the same report.
    pub seed: u64,
    /// k-means restarts; the lowest inertia wins.
    pub restarts: usize,
    /// Times a headline's words counted in the clustered matrix.
    pub headline_weight: u32,
    /// Nearest neighbours each document was moved towards before k-means (0: none).
    pub neighbours: usize,
    /// The language every document was read as, when one was imposed; else detected.
    pub language: Option<String>,
    /// Whether words were reduced to their Snowball stems.
    pub stem: bool,
    /// Whether stop words were dropped.
    pub stop_words: bool,
    /// TF-IDF of summaries, keywords and topic terms.
    pub tfidf: crate::vectorise::TfidfParams,
    /// TF-IDF of the matrix that was clustered.
    pub cluster_tfidf: crate::vectorise::TfidfParams,
    /// What k-means ran on.
    pub reduction: ReductionReport,
    /// How key sentences and summaries were chosen.
    pub summary: crate::summarise::SummaryParams,
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
    /// The input's format, as given or recognised from its name.
    pub format: InputFormat,
    /// JSON Lines field or CSV column holding the text.
    pub text_field: String,
    /// JSON Lines field or CSV column holding the id.
    pub id_field: String,
    /// JSON Lines field or CSV column holding the title.
    pub title_field: String,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
}

/// One document: where it came from, its topic, its words and its summary.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocumentReport {
    /// Unique id: the file's path relative to the input, or the record's id.
    pub id: String,
    /// The file the document came from (for JSON Lines and CSV, the file holding the record).
    pub path: String,
    /// The headline, or the first sentence without its dateline.
    pub title: String,
    /// ISO 639-1 code (`und` when undetermined).
    pub language: String,
    /// Index tokens (words kept after stop words).
    pub tokens: usize,
    /// Sentences, headings included.
    pub sentences: usize,
    /// Id of the document's topic.
    pub cluster: usize,
    /// Id of the document's fine topic in `subtopics` (absent without a topic tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtopic: Option<usize>,
    /// The document's most telling words, best first.
    pub keywords: Vec<String>,
    /// The document's most telling phrases (two to four words), best first; possibly empty.
    pub phrases: Vec<String>,
    /// The document's key sentences, in document order.
    pub summary: Vec<SummarySentence>,
    /// Position on the 2-D document map (see `parameters.map`): documents that use the same
    /// words lie close together. Units are those of the TF-IDF space; only distances matter.
    pub x: f64,
    /// The other coordinate of that position.
    pub y: f64,
}

/// A sentence of a document's summary.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SummarySentence {
    /// The sentence as written.
    pub text: String,
    /// Index of the sentence in the document (0-based, headings included).
    pub sentence: usize,
    /// How central the sentence is to its document (higher is more).
    pub score: f64,
}

/// The topic tree: fine topics merged bottom-up (Ward's criterion), those under one top-level
/// topic before any two top-level topics.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TopicTreeReport {
    /// Topics of the top level (`clusters`).
    pub top_k: usize,
    /// Fine topics (`subtopics`).
    pub fine_k: usize,
    /// `fine_k − 1` merges `[a, b, cost]`, in the order they happen: nodes below `fine_k` are
    /// fine topics, node `fine_k + i` is the one merge `i` makes; cost is the rise of the
    /// within-topic sum of squares (in the clustered space). Undoing the last `n − 1` merges
    /// cuts the tree into `n` topics; the last `top_k − 1` join top-level topics.
    pub merges: Vec<(usize, usize, f64)>,
    /// The node each merge makes, in the order of `merges`: every level between the fine
    /// topics and the whole corpus described as a topic is.
    pub nodes: Vec<TreeNodeReport>,
}

/// A node of the topic tree above its fine topics: the fine topics one merge gathers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TreeNodeReport {
    /// `fine_k + i` for the node merge `i` makes.
    pub id: usize,
    /// The two nodes merged: a fine topic (its id in `subtopics`) below `fine_k`, else a node.
    pub children: [usize; 2],
    /// The fine topics under the node (ids in `subtopics`), ascending.
    pub subtopics: Vec<usize>,
    /// The top-level topic (id in `clusters`) the node lies in, or is; null for a node that
    /// joins top-level topics.
    pub topic: Option<usize>,
    /// Whether the node is that topic (it gathers all of its fine topics): it then carries
    /// the topic's own name, words and key sentences.
    pub is_topic: bool,
    /// A short name: the best phrase and top words.
    pub label: String,
    /// Documents under the node, each group of near-duplicates counted once.
    pub size: usize,
    /// Its most distinctive words that its documents use together, best first: class-based
    /// TF-IDF over its fine topics' counts added up, as if it were a topic of the cut it first
    /// appears in.
    pub terms: Vec<TermWeight>,
    /// Its key phrases, best first; possibly empty.
    pub phrases: Vec<TermWeight>,
    /// Picked among its fine topics' key sentences, the way a topic's are picked among its
    /// documents' sentences.
    pub key_sentences: Vec<KeySentence>,
}

/// One topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClusterReport {
    /// 0 for the largest topic, then by size (in `subtopics`: the fine topic's id).
    pub id: usize,
    /// 0 for a topic of `clusters`, 1 for a fine topic of `subtopics`.
    pub level: usize,
    /// For a fine topic, the id of the topic (in `clusters`) it lies in; null at the top.
    pub parent: Option<usize>,
    /// For a top-level topic, the ids of its fine topics (in `subtopics`), largest first;
    /// empty without a topic tree.
    pub children: Vec<usize>,
    /// A short name: the best phrase and top words.
    pub label: String,
    /// Documents in the topic, each group of near-duplicates counted once (see
    /// [`Report::duplicates`]); `documents` lists the copies too.
    pub size: usize,
    /// The topic's most distinctive words that its documents use together, best first.
    pub terms: Vec<TermWeight>,
    /// Key phrases of two to four words found in the corpus (`Politecnico di Milano`,
    /// `interest rates`), best first; possibly empty.
    pub phrases: Vec<TermWeight>,
    /// Document ids, in input order, near-duplicate copies included; when the records are in
    /// `documents_file`, only the topic's 20 most central documents, most central first (every
    /// document's topic is in its record).
    pub documents: Vec<String>,
    /// The sentences that say most of what the topic's documents say, best first.
    pub key_sentences: Vec<KeySentence>,
}

/// A key sentence of a topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KeySentence {
    /// The sentence as written.
    pub text: String,
    /// Id of the document the sentence comes from.
    pub document: String,
    /// Index of the sentence in that document (0-based, headings included).
    pub sentence: usize,
    /// How central the sentence is to its topic (higher is more).
    pub score: f64,
}

/// Which files to write. Markdown comes with its SVG charts beside it; HTML holds them inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `report.json` only.
    Json,
    /// `report.md` and its SVG charts.
    Markdown,
    /// `report.html` only.
    Html,
    /// JSON, Markdown with its charts, and HTML.
    All,
}

/// Marks the generated files other than JSON, near their start.
fn generated_mark(version: &str) -> String {
    format!("{GENERATED_MARK} {version}; edit the options, not this file -->")
}

/// The report files a run may write, for finding those of an earlier run.
const REPORT_FILES: [&str; 8] = [
    "report.json",
    DOCUMENTS_FILE,
    "report.md",
    "report.html",
    charts::TOPIC_SIZES,
    charts::TOPIC_TERMS,
    charts::DOCUMENT_MAP,
    charts::TOPIC_TREE,
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
    pub(crate) recovered: bool,
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
    // Every format points to the records' file when there is one, so it is always written.
    let sidecar = report.documents_file.as_ref().map(|name| dir.join(name));
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
    let mut targets: Vec<&Path> = outputs.iter().map(|(p, _)| p.as_path()).collect();
    targets.extend(sidecar.as_deref());
    let mut tx = Transaction::begin(&targets)?;
    if !force {
        for path in &targets {
            if path.exists() && !written_by_sintesi(path) {
                return Err(Error::WouldOverwrite {
                    path: path.to_path_buf(),
                });
            }
        }
    }
    let mut written = Written {
        recovered: tx.recovered(),
        ..Written::default()
    };
    for name in REPORT_FILES {
        let path = dir.join(name);
        if path.is_file() && !targets.contains(&path.as_path()) && written_by_sintesi(&path) {
            tx.remove(&path);
            written.removed.push(path);
        }
    }
    for (path, contents) in &outputs {
        tx.stage(path, contents.as_bytes())?;
        written.files.push(path.clone());
    }
    if let Some(path) = &sidecar {
        let chunks = report
            .documents_in_file
            .as_ref()
            .map_or(&[][..], |d| d.encoded.chunks.as_slice());
        tx.stage_with(path, |w| chunks.iter().try_for_each(|c| w.write_all(c)))?;
        written.files.push(path.clone());
    }
    tx.commit()?;
    Ok(written)
}

fn written_by_sintesi(path: &Path) -> bool {
    if path.file_name().is_some_and(|n| n == DOCUMENTS_FILE) {
        // Ours when the report.json beside it is ours and names it.
        let report = path.with_file_name("report.json");
        return written_by_sintesi(&report)
            && std::fs::read(&report).is_ok_and(|bytes| {
                bytes
                    .windows(DOCUMENTS_FILE.len() + 2)
                    .any(|w| w == format!("\"{DOCUMENTS_FILE}\"").as_bytes())
            });
    }
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
