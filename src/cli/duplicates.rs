//! `sintesi duplicates`: groups of near-duplicate documents, as text or `--json` on stdout.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use sintesi::corpus::LoadParams;
use sintesi::duplicates::{self, DuplicateParams, Duplicates};

use super::progress::ByteBar;
use super::{output, InputFormatArg};

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// A folder of .txt/.md/.html files (read recursively), one such file, JSON Lines
    /// (.jsonl, .gz, .zst), CSV/TSV, or - for standard input.
    pub input: PathBuf,
    /// Least containment |A∩B| / min(|A|,|B|) of two documents' word 3-gram sets for them to
    /// be duplicates (0 < T ≤ 1): 1 finds exact and cut copies only.
    #[arg(long, default_value_t = duplicates::DEFAULT_THRESHOLD, value_name = "T")]
    pub threshold: f64,
    /// Words per shingle: fewer find copies edited more heavily, and more false ones.
    #[arg(long, default_value_t = duplicates::DEFAULT_SHINGLE_WORDS, value_name = "N")]
    pub shingle_words: usize,
    /// Print one JSON object: documents, seconds, groups [{kept, members, similarities}].
    #[arg(long)]
    pub json: bool,
    /// JSON Lines field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// JSON Lines field or CSV column that holds the document id (else the line/row number).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// How to read a single file or standard input.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// Skip files (and JSON Lines records) larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
}

impl DuplicatesArgs {
    fn to_params(&self) -> DuplicateParams {
        DuplicateParams {
            load: LoadParams {
                max_file_size: self.max_file_size,
                text_field: self.text_field.clone(),
                id_field: self.id_field.clone(),
                format: self.input_format.into(),
                ..LoadParams::default()
            },
            threshold: self.threshold,
            shingle_words: self.shingle_words,
        }
    }

    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        let bar = ByteBar::new(quiet || self.json);
        let found = duplicates::find_duplicates(&self.input, &self.to_params(), &bar)?;
        let seconds = (started.elapsed().as_secs_f64() * 1e4).round() / 1e4;
        if !quiet {
            for s in &found.skipped {
                output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
            for r in &found.recoded {
                output::warning(&format_args!("{r}: not UTF-8, read as Windows-1252"));
            }
        }
        if self.json {
            output::stdout_json(&found.report(seconds))
        } else if quiet {
            Ok(())
        } else {
            output::stdout(&human(&found, seconds))
        }
    }
}

/// The summary line, then each group: the kept document first, the others with their
/// similarity to it.
fn human(found: &Duplicates, seconds: f64) -> String {
    let copies: usize = found.groups.iter().map(|g| g.members.len() - 1).sum();
    let mut out = format!(
        "{} documents, {} groups of near-duplicates, {} copies to drop ({:.2} s)\n",
        found.n_docs(),
        found.groups.len(),
        copies,
        seconds
    );
    let report = found.report(seconds);
    for (n, g) in report.groups.iter().enumerate() {
        let _ = write!(out, "\n{}. keep {}\n", n + 1, output::safe(g.kept));
        for m in g.members.iter().filter(|&&m| m != g.kept) {
            let similarity = g
                .similarities
                .iter()
                .find(|(a, b, _)| (*a == g.kept && b == m) || (a == m && *b == g.kept))
                .map_or(String::new(), |(_, _, s)| format!("  {s:.2}"));
            let _ = writeln!(out, "   {}{similarity}", output::safe(m));
        }
    }
    out
}
