//! `sintesi evaluate summaries`: ROUGE of every method and Lead-N against reference summaries.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use sintesi::corpus;
use sintesi::evaluate::rouge::Rouge;
use sintesi::evaluate::summaries::{evaluate_summaries, SummaryEvaluation};
use sintesi::text::AnalyserParams;

use super::SummaryArgs;

#[derive(Debug, Args)]
pub struct EvaluateSummariesArgs {
    /// JSON Lines with `text` and `summary` fields, or a folder of articles.
    pub input: PathBuf,
    /// With a folder INPUT: the folder of reference summaries, paired by relative path.
    pub summaries: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub summary: SummaryArgs,
}

impl EvaluateSummariesArgs {
    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        let pairs =
            corpus::load_pairs(&self.input, self.summaries.as_deref(), &self.summary.load())?;
        if !quiet {
            for s in &pairs.skipped {
                super::output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
        }
        let loaded = started.elapsed();
        let eval = evaluate_summaries(
            &pairs.pairs,
            self.summary.language,
            AnalyserParams::default(),
            &self.summary.scoring.to_params(),
        )?;
        tracing::info!(?loaded, total = ?started.elapsed(), documents = eval.documents, "evaluated");
        super::output::json_or_text(self.json, &eval, || to_table(&eval))
    }
}

fn to_table(eval: &SummaryEvaluation) -> String {
    let mut out = format!(
        "{} articles, summaries as long as their references: {:.2} sentences of {:.2} candidates\n\n",
        eval.documents, eval.mean_summary_sentences, eval.mean_candidates
    );
    out.push_str("| method | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | ROUGE-1 P / R | ROUGE-2 P / R | ROUGE-L P / R |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    let pr = |r: &Rouge| format!("{:.3} / {:.3}", r.p, r.r);
    for (name, s) in &eval.methods {
        let marker = if *name == eval.default_method.name() {
            " (default)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| {name}{marker} | {:.4} | {:.4} | {:.4} | {} | {} | {} |\n",
            s.rouge1.f1,
            s.rouge2.f1,
            s.rouge_l.f1,
            pr(&s.rouge1),
            pr(&s.rouge2),
            pr(&s.rouge_l)
        ));
    }
    out
}
