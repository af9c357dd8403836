//! `sintesi summarise`: each document's key sentences, as text or JSON on stdout.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use sintesi::pipeline::summarise::{self, Length, Summaries, SummariseParams};
use sintesi::text::AnalyserParams;

use super::SummaryArgs;

#[derive(Debug, Args)]
pub struct SummariseArgs {
    /// An article (.txt/.md), a folder of them (read recursively), or JSON Lines (.jsonl, .gz, .zst).
    pub input: PathBuf,
    /// Sentences per summary [default: 3].
    #[arg(long, conflicts_with = "ratio")]
    pub sentences: Option<usize>,
    /// Summary length as a share of each document's sentences, e.g. 0.3.
    #[arg(long)]
    pub ratio: Option<f64>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub summary: SummaryArgs,
}

impl SummariseArgs {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let length = match (self.sentences, self.ratio) {
            (_, Some(r)) => Length::Ratio(r),
            (Some(n), None) => Length::Sentences(n),
            (None, None) => Length::Sentences(3),
        };
        let params = SummariseParams {
            load: self.summary.load(),
            language: self.summary.language,
            analyser: AnalyserParams::default(),
            summary: self.summary.scoring.to_params(),
            length,
        };
        let result = summarise::summarise(&self.input, &params)?;
        if !quiet {
            for s in &result.skipped {
                super::output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
        }
        super::output::json_or_text(self.json, &result, || to_text(&result))
    }
}

/// One block per document: `# id — title`, then the sentences, one per line. A single
/// document prints its sentences only.
fn to_text(result: &Summaries) -> String {
    let mut out = String::new();
    let single = result.documents.len() == 1;
    for (i, doc) in result.documents.iter().enumerate() {
        if !single {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!(
                "# {} — {}\n",
                super::output::one_line_of(&doc.id),
                super::output::one_line_of(&doc.title)
            ));
        }
        for s in &doc.sentences {
            out.push_str(&s.text.split_whitespace().collect::<Vec<_>>().join(" "));
            out.push('\n');
        }
    }
    out
}

/// Writes to stdout, control characters from the input escaped (JSON is escaped before, by
/// `json_safe`, and passes unchanged); a closed pipe (`sintesi … | head`) is not an error.
pub fn print_quietly(text: &str) -> Result<(), sintesi::Error> {
    let text = super::output::safe(text);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(sintesi::Error::Write {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}
