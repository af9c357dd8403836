//! `sintesi analyse`: the whole pipeline, reports written to a folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::progress::Bars;
use super::{formats, output, Context, FormatArg, PipelineArgs};

#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// A folder of .txt/.md/.html articles (read recursively), one such file, JSON Lines
    /// (.jsonl), CSV/TSV (.csv, .tsv; also .gz, .zst), or - for standard input.
    pub input: PathBuf,
    /// Folder for the reports (created if missing).
    #[arg(short, long, default_value = "reports", value_name = "DIR")]
    pub output: PathBuf,
    /// Which reports to write, comma-separated: json, md (with SVG charts), html, all.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "all",
        value_name = "LIST"
    )]
    pub format: Vec<FormatArg>,
    /// Replace report files even if they were not written by sintesi.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

impl AnalyseArgs {
    pub fn run(&self, ctx: &Context) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        // A run killed while writing here left a mixed set: put the previous one back first,
        // whatever becomes of this run.
        if sintesi::report::recover(&self.output)? && !ctx.quiet {
            output::warning(&format_args!(
                "{}: put back the reports of an earlier run that was killed while writing them",
                self.output.display()
            ));
        }
        let params = self.pipeline.to_params();
        let bars = Bars::new(ctx.quiet);
        let mut report = sintesi::analyse_with_progress(&self.input, &params, &bars)?;
        report.parameters.config = ctx
            .config
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned());
        let written =
            sintesi::report::write(&report, &self.output, &formats(&self.format), self.force)?;
        tracing::info!(elapsed = ?started.elapsed(), "analysis done");
        if ctx.quiet {
            return Ok(());
        }
        for s in &report.corpus.skipped {
            output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
        }
        for r in &report.corpus.recoded {
            output::warning(&format_args!("{r}: not UTF-8, read as Windows-1252"));
        }
        if !written.removed.is_empty() {
            let names: Vec<String> = written
                .removed
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            output::warning(&format_args!(
                "removed {} of an earlier run, so the folder holds the reports of one run",
                names.join(", ")
            ));
        }
        let is_chart = |p: &Path| p.extension().is_some_and(|e| e == "svg");
        let mut shown: Vec<String> = written
            .files
            .iter()
            .filter(|p| !is_chart(p))
            .map(|p| p.display().to_string())
            .collect();
        let charts = written.files.iter().filter(|p| is_chart(p)).count();
        if charts > 0 {
            shown.push(format!("{charts} charts"));
        }
        let printed = output::stdout(&format!(
            "{} documents, {} topics → {}\n",
            report.corpus.documents,
            report.clusters.len(),
            output::one_line_of(&shown.join(", "))
        ));
        match printed {
            // The reports are in place: a full or closed stdout does not undo that.
            Err(e) if !output::is_broken_pipe(&e) => {
                output::warning(&format_args!("the reports were written; {e}"));
                Ok(())
            }
            other => other,
        }
    }
}
