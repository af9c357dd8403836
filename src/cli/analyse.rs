//! `sintesi analyse`: the whole pipeline, reports written to a folder.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{FormatArg, PipelineArgs};

#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// A folder of .txt/.md articles (read recursively), one such file, or JSON Lines (.jsonl, .gz, .zst).
    pub input: PathBuf,
    /// Folder for report.json and report.md.
    #[arg(short, long, default_value = "reports")]
    pub output: PathBuf,
    /// Which reports to write.
    #[arg(long, value_enum, default_value_t = FormatArg::All)]
    pub format: FormatArg,
    /// Replace report files even if they were not written by sintesi.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

impl AnalyseArgs {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        let params = self.pipeline.to_params();
        let report = sintesi::analyse(&self.input, &params)?;
        let written =
            sintesi::report::write(&report, &self.output, self.format.into(), self.force)?;
        tracing::info!(elapsed = ?started.elapsed(), "analysis done");
        if !quiet {
            for s in &report.corpus.skipped {
                eprintln!("sintesi: warning: skipped {}: {}", s.path, s.reason);
            }
            for r in &report.corpus.recoded {
                eprintln!("sintesi: warning: {r}: not UTF-8, read as Windows-1252");
            }
            let paths: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            println!(
                "{} documents, {} topics → {}",
                report.corpus.documents,
                report.clusters.len(),
                paths.join(", ")
            );
        }
        Ok(())
    }
}
