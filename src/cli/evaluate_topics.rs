//! `sintesi evaluate topics`: coherence (NPMI, C_V, UMass) and diversity of sintesi's topics,
//! or of topics given in a file, with the corpus itself as the reference.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use sintesi::corpus::LoadParams;
use sintesi::evaluate::topics::{evaluate_topics, TopicEvalParams, TopicEvaluation, TopicSource};
use sintesi::AnalyseParams;

use super::{evaluate_help, ClusteringArgs, InputFormatArg, TermArgs};

#[derive(Debug, Args)]
#[command(
    mut_args(evaluate_help),
    mut_arg("min_df", |a| a.help("Ignore terms in fewer documents than this (count or fraction), as for `analyse`")),
    mut_arg("max_df", |a| a.help("Ignore terms in more documents than this (count or fraction), as for `analyse`")),
    mut_arg("sublinear_tf", |a| a.help("Use 1 + ln(tf) in the weights that rank topic words")),
    mut_arg("neighbours", |a| a.help("Move each document towards its N nearest neighbours before k-means (0: off)"))
)]
pub struct EvaluateTopicsArgs {
    /// The corpus: its topics are found as `analyse` finds them, and its documents are the
    /// reference the topic words are counted in.
    pub input: PathBuf,
    /// Score the topics in FILE instead of finding them: a sintesi report.json, or
    /// {"topics": [[word, …], …]} from any other tool. The options that find topics (--k,
    /// --seed, --dims, …) are then unused.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    #[command(flatten)]
    pub clustering: ClusteringArgs,
    #[command(flatten)]
    pub terms: TermArgs,
    /// JSON Lines field or CSV column that holds the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// How to read a single file (auto: by its name).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl EvaluateTopicsArgs {
    fn load(&self) -> LoadParams {
        LoadParams {
            text_field: self.text_field.clone(),
            format: self.input_format.into(),
            ..LoadParams::default()
        }
    }

    /// The analysis `analyse` would run with the same options, so the topics scored are the
    /// ones its report shows.
    fn analyse_params(&self) -> AnalyseParams {
        AnalyseParams {
            load: self.load(),
            language: self.terms.language,
            analyser: self.terms.analyser.to_params(),
            tfidf: self.terms.tfidf(),
            cluster_tfidf: self.terms.cluster_tfidf(),
            cluster: self.clustering.to_params(),
            ..AnalyseParams::new()
        }
    }

    pub fn run(&self, quiet: bool) -> Result<(), sintesi::Error> {
        let started = Instant::now();
        let params = TopicEvalParams {
            load: self.load(),
            source: match &self.topics {
                Some(file) => TopicSource::File(file.clone()),
                None => TopicSource::Analyse(Box::new(self.analyse_params())),
            },
        };
        let eval = evaluate_topics(&self.input, &params)?;
        tracing::info!(elapsed = ?started.elapsed(), "evaluated");
        if !quiet {
            for s in &eval.skipped {
                super::output::warning(&format_args!("skipped {}: {}", s.path, s.reason));
            }
            if eval.scores.scored_topics < eval.k {
                super::output::warning(&format_args!(
                    "{} of {} topics have fewer than two words in the reference and are not scored",
                    eval.k - eval.scores.scored_topics,
                    eval.k
                ));
            }
        }
        super::output::json_or_text(self.json, &eval, || to_table(&eval))
    }
}

fn to_table(eval: &TopicEvaluation) -> String {
    let scores = &eval.scores;
    let seed = eval.seed.map(|s| format!(", seed {s}")).unwrap_or_default();
    let mut out = format!(
        "{} topics from {}{seed}, scored against {} reference documents\n\n",
        eval.k, eval.topics_from, eval.documents
    );
    out.push_str("| # | top words | NPMI | C_V | UMass |\n|---:|---|---:|---:|---:|\n");
    let value = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.4}"));
    for (i, t) in scores.topics.iter().enumerate() {
        let words: Vec<String> = t
            .words
            .iter()
            .map(|w| {
                let w = w.replace('|', "\\|");
                if t.unscored.iter().any(|u| u.replace('|', "\\|") == w) {
                    format!("{w}*")
                } else {
                    w
                }
            })
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i + 1,
            words.join(", "),
            value(t.npmi),
            value(t.c_v),
            value(t.umass)
        ));
    }
    out.push_str(&format!(
        "| | **mean** ({} scored topics) | **{}** | **{}** | **{}** |\n\n",
        scores.scored_topics,
        value(scores.npmi),
        value(scores.c_v),
        value(scores.umass)
    ));
    out.push_str(&format!("topic diversity {:.4}", scores.diversity));
    if scores.unscored_words > 0 {
        out.push_str(&format!(
            "; {} words (marked *) never occur in the reference and are not scored",
            scores.unscored_words
        ));
    }
    out.push('\n');
    out
}
