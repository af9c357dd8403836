//! `sintesi evaluate topics`: coherence (NPMI, C_V, UMass) and diversity of sintesi's topics,
//! or of topics given in a file, with the corpus itself as the reference.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use sintesi::cluster::ClusterParams;
use sintesi::corpus::LoadParams;
use sintesi::evaluate::topics::{evaluate_topics, TopicEvalParams, TopicEvaluation, TopicSource};
use sintesi::text::AnalyserParams;
use sintesi::vectorise::{DfLimit, TfidfParams};
use sintesi::{AnalyseParams, Language};

use super::summarise::print_quietly;
use super::{parse_language, reduction, InputFormatArg};

#[derive(Debug, Args)]
pub struct EvaluateTopicsArgs {
    /// The corpus: its topics are found as `analyse` finds them, and its documents are the
    /// reference the topic words are counted in.
    pub input: PathBuf,
    /// Score the topics in FILE instead of finding them: a sintesi report.json, or
    /// {"topics": [[word, …], …]} from any other tool. The options that find topics (--k,
    /// --seed, --dims, …) are then unused.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// Number of topics (default: chosen by silhouette over 2..=--max-k).
    #[arg(short, long)]
    pub k: Option<usize>,
    /// Largest number of topics tried when choosing k.
    #[arg(long, default_value_t = 10)]
    pub max_k: usize,
    /// Seed for every random choice.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// k-means restarts, run in parallel; the partition they agree on wins.
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_RESTARTS)]
    pub restarts: usize,
    /// LSA dimensions (at most half the documents).
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_DIMS, value_name = "N")]
    pub dims: usize,
    /// k-means on the unit TF-IDF rows, without LSA.
    #[arg(long, conflicts_with = "dims")]
    pub no_lsa: bool,
    /// Times a headline's words count in the clustered matrix (1: like any other words).
    #[arg(long, default_value_t = sintesi::cluster::DEFAULT_HEADLINE_WEIGHT, value_name = "N")]
    pub headline_weight: u32,
    /// Move each document towards its N nearest neighbours before k-means (0: off).
    #[arg(long, default_value_t = sintesi::neighbours::DEFAULT_NEIGHBOURS, value_name = "N", conflicts_with = "no_lsa")]
    pub neighbours: usize,
    /// Language of every document (name or ISO code), instead of detecting each one.
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
    /// Ignore terms in fewer documents than this (count or fraction), as for `analyse`.
    #[arg(long)]
    pub min_df: Option<DfLimit>,
    /// Ignore terms in more documents than this (count or fraction), as for `analyse`.
    #[arg(long)]
    pub max_df: Option<DfLimit>,
    /// Use 1 + ln(tf) in the weights that rank topic words.
    #[arg(long)]
    pub sublinear_tf: bool,
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// Keep stop words.
    #[arg(long)]
    pub no_stop_words: bool,
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
        let defaults = TfidfParams::default();
        let tfidf = TfidfParams {
            sublinear_tf: self.sublinear_tf,
            min_df: self.min_df.unwrap_or(defaults.min_df),
            max_df: self.max_df.unwrap_or(defaults.max_df),
            ..defaults
        };
        let user_limits = self.min_df.is_some() || self.max_df.is_some();
        AnalyseParams {
            load: self.load(),
            language: self.language,
            analyser: AnalyserParams {
                stem: !self.no_stem,
                stop_words: !self.no_stop_words,
            },
            tfidf,
            cluster_tfidf: user_limits.then_some(tfidf),
            cluster: ClusterParams {
                k: self.k,
                max_k: self.max_k,
                restarts: self.restarts,
                seed: self.seed,
                reduction: reduction(self.dims, self.no_lsa),
                headline_weight: self.headline_weight,
                neighbours: self.neighbours,
                reduce_topics: None,
                tree: false,
            },
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
        let out = if self.json {
            let mut s = serde_json::to_string_pretty(&eval)
                .map_err(|e| sintesi::Error::Internal(format!("cannot encode JSON: {e}")))?;
            s.push('\n');
            s
        } else {
            to_table(&eval)
        };
        print_quietly(&out)
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
