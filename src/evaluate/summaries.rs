//! How close our summaries come to the ones people wrote: ROUGE of every method and of
//! Lead-N against reference summaries, each summary as long as its reference.
//!
//! The protocol is that of the Python peer `peers/summary_eval.py`, so figures sit side by
//! side with sumy's: articles are summarised as `summarise` does it (title never a
//! candidate); each summary has as many sentences as the reference, counted as the article
//! sentences found verbatim in it (BBC references glue sentences without a space, so splitting
//! the reference would miscount), or — when those cover less than half of the reference —
//! by splitting the reference after separating glued sentences; chosen sentences are joined
//! with newlines and scored by [`RougeScorer`] (rouge-score's ROUGE-1/2/L, Porter stemming),
//! averaged over documents.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::rouge::{Rouge, RougeScorer, RougeScores};
use crate::corpus::SummaryPair;
use crate::error::{Error, Result};
use crate::language::Language;
use crate::pipeline::summarise::{Length, Prepared};
use crate::summarise::{Method, SummaryParams};
use crate::text::{sentences, AnalyserParams, SpanKind};

/// ROUGE of every method on a set of article/summary pairs.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryEvaluation {
    /// The method `summarise` and `analyse` use unless told otherwise.
    pub default_method: Method,
    /// Mean ROUGE per method, by name (`lead` is Lead-N).
    pub methods: BTreeMap<&'static str, RougeScores>,
    /// Pairs scored.
    pub documents: usize,
    /// Pairs left out because the article has no candidate sentence.
    pub(crate) documents_without_candidates: usize,
    /// Mean sentences per summary (= per reference, capped by the candidates).
    pub mean_summary_sentences: f64,
    /// Mean candidate sentences per article.
    pub mean_candidates: f64,
    /// How many references were counted by matching article sentences, and how many by
    /// splitting the reference.
    pub(crate) references_counted_by_matching: usize,
    pub(crate) references_counted_by_splitting: usize,
}

/// Scores every [`Method`] on `pairs` under `params` (method aside), with `params.method`
/// reported as the default.
///
/// # Errors
/// [`Error::InvalidParameter`] for invalid `params`, or for `pairs` when no pair has a
/// candidate sentence.
pub fn evaluate_summaries(
    pairs: &[SummaryPair],
    language: Option<Language>,
    analyser: AnalyserParams,
    params: &SummaryParams,
) -> Result<SummaryEvaluation> {
    params.validate()?;
    let prepared = Prepared::new(
        pairs.iter().map(|p| (p.text.as_str(), None)),
        language,
        analyser,
    )?;
    // One document's outcome: its summary length, candidates, how its reference was counted
    // and each method's scores (in `Method::ALL` order); `None` without candidates.
    type Outcome = Option<(usize, usize, bool, Vec<RougeScores>)>;
    let outcomes: Vec<Outcome> = pairs
        .par_iter()
        .enumerate()
        .map_init(RougeScorer::new, |scorer, (i, pair)| {
            score_document(&prepared, i, &pair.summary, params, scorer)
        })
        .collect();
    let mut eval = SummaryEvaluation {
        default_method: params.method,
        methods: BTreeMap::new(),
        documents: 0,
        documents_without_candidates: 0,
        mean_summary_sentences: 0.0,
        mean_candidates: 0.0,
        references_counted_by_matching: 0,
        references_counted_by_splitting: 0,
    };
    // Summed in document order, so the result does not depend on the thread count.
    let mut sums = [[Rouge::default(); 3]; Method::ALL.len()];
    let (mut total_sentences, mut total_candidates) = (0usize, 0usize);
    for outcome in outcomes {
        let Some((n, n_candidates, matched, scores)) = outcome else {
            eval.documents_without_candidates += 1;
            continue;
        };
        eval.documents += 1;
        total_sentences += n;
        total_candidates += n_candidates;
        if matched {
            eval.references_counted_by_matching += 1;
        } else {
            eval.references_counted_by_splitting += 1;
        }
        for (sum, s) in sums.iter_mut().zip(scores) {
            for (acc, r) in sum.iter_mut().zip([s.rouge1, s.rouge2, s.rouge_l]) {
                acc.p += r.p;
                acc.r += r.r;
                acc.f1 += r.f1;
            }
        }
    }
    if eval.documents == 0 {
        return Err(Error::invalid(
            "pairs",
            "hold no article with a sentence that could be quoted",
        ));
    }
    let n = eval.documents as f64;
    let mean = |r: Rouge| Rouge {
        p: r.p / n,
        r: r.r / n,
        f1: r.f1 / n,
    };
    eval.methods = Method::ALL
        .into_iter()
        .zip(sums)
        .map(|(m, [r1, r2, rl])| {
            (
                m.name(),
                RougeScores {
                    rouge1: mean(r1),
                    rouge2: mean(r2),
                    rouge_l: mean(rl),
                },
            )
        })
        .collect();
    eval.mean_summary_sentences = total_sentences as f64 / n;
    eval.mean_candidates = total_candidates as f64 / n;
    Ok(eval)
}

/// Summarises document `i` with every method, each as long as `reference`, and scores the
/// summaries: `(length, candidates, counted by matching, scores per method)`.
fn score_document(
    prepared: &Prepared,
    i: usize,
    reference: &str,
    params: &SummaryParams,
    scorer: &mut RougeScorer,
) -> Option<(usize, usize, bool, Vec<RougeScores>)> {
    let candidates = prepared.candidates(i, params);
    if candidates.is_empty() {
        return None;
    }
    let doc = prepared.analysed(i);
    let title = prepared.title_sentence(i);
    let article_sentences = doc
        .sentences
        .iter()
        .enumerate()
        .filter(|&(j, s)| s.kind == SpanKind::Sentence && Some(j) != title)
        .map(|(j, _)| prepared.sentence_text(i, j));
    let language = doc.language.language().unwrap_or(Language::English);
    let (n, matched) = reference_sentence_count(reference, article_sentences, language);
    let n = Length::Sentences(n).for_candidates(candidates.len());
    let sentences = prepared.sentences(i, &candidates, params);
    let scores = Method::ALL
        .iter()
        .map(|&method| {
            let method_params = SummaryParams { method, ..*params };
            let summary: Vec<&str> = crate::summarise::summarise(&sentences, n, &method_params)
                .iter()
                .map(|c| prepared.sentence_text(i, candidates[c.index]))
                .collect();
            scorer.score(reference, &summary.join("\n"))
        })
        .collect();
    Some((n, candidates.len(), matched, scores))
}

/// The number of sentences in `reference`, and whether it was found by matching: the article
/// sentences that occur verbatim in it (whitespace collapsed), when together they cover at
/// least half of it; else the sentences of the reference itself, split after a space is put
/// back where sentences were glued (`…$10.9bn.For the full-year…`). At least 1.
pub(crate) fn reference_sentence_count<'a>(
    reference: &str,
    article_sentences: impl IntoIterator<Item = &'a str>,
    language: Language,
) -> (usize, bool) {
    let reference_norm = collapse_whitespace(reference);
    let mut matched: Vec<String> = article_sentences
        .into_iter()
        .map(collapse_whitespace)
        .filter(|s| !s.is_empty() && reference_norm.contains(s.as_str()))
        .collect();
    let count = matched.len();
    matched.sort_unstable();
    matched.dedup();
    let covered: usize = matched.iter().map(|s| s.chars().count()).sum();
    if count > 0 && 2 * covered >= reference_norm.chars().count() {
        return (count, true);
    }
    let unglued = unglue(reference);
    let split_count: usize = paragraphs(&unglued)
        .map(|p| sentences::split(&collapse_whitespace(p), language).len())
        .sum();
    (split_count.max(1), false)
}

/// Runs of whitespace to one space, trimmed (Python's `re.sub(r"\s+", " ", s).strip()`).
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A space after sentence-final punctuation (and one closing quote or bracket) that is
/// directly followed by a capital or an opening quote — `summary_eval.py`'s
/// `re.sub(r"([.!?][\"'”’)]?)(?=[A-Z\"“])", r"\1 ", text)`, backtracking included.
fn unglue(text: &str) -> String {
    let starts = |c: Option<&char>| {
        c.is_some_and(|&c| c.is_ascii_uppercase() || c == '"' || c == '\u{201c}')
    };
    let closes = |c: Option<&char>| {
        c.is_some_and(|&c| matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')'))
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if matches!(chars[i], '.' | '!' | '?') {
            if closes(chars.get(i + 1)) && starts(chars.get(i + 2)) {
                out.push(chars[i + 1]);
                out.push(' ');
                i += 2;
                continue;
            }
            if starts(chars.get(i + 1)) {
                out.push(' ');
            }
        }
        i += 1;
    }
    out
}

/// Blocks separated by blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut lines_since_text = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if lines_since_text == 0 && offset > start {
                blocks.push(&text[start..offset]);
            }
            lines_since_text += 1;
            start = offset + line.len();
        } else {
            lines_since_text = 0;
        }
        offset += line.len();
    }
    if start < text.len() {
        blocks.push(&text[start..]);
    }
    blocks.into_iter().filter(|b| !b.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_glued_reference_sentences_by_matching() {
        let article = [
            "TimeWarner said sales rose 2% to $11.1bn.",
            "Its profits were buoyed by one-off gains.",
            "The firm is big.",
        ];
        let reference =
            "Its profits were buoyed by one-off gains.TimeWarner said sales rose 2% to $11.1bn.";
        assert_eq!(
            reference_sentence_count(reference, article, Language::English),
            (2, true)
        );
    }

    #[test]
    fn splits_the_reference_when_few_sentences_match() {
        let article = ["Nothing in common here."];
        let reference = "The minister resigned.He said he was sorry. Nobody believed him.";
        assert_eq!(
            reference_sentence_count(reference, article, Language::English),
            (3, false)
        );
    }

    #[test]
    fn unglues_sentences_and_quotes() {
        // Expected strings made with summary_eval.py's regex.
        assert_eq!(unglue("one.Two.\"Three\""), "one. Two.\" Three\"");
        assert_eq!(unglue("said.\"No.\"Then"), "said.\" No.\" Then");
        assert_eq!(unglue("end.\"quiet"), "end. \"quiet");
        assert_eq!(unglue("3.5bn and U.S.A. trade"), "3.5bn and U. S. A. trade");
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let blocks: Vec<&str> = paragraphs("a\nb\n\n  \nc\n").collect();
        assert_eq!(blocks, ["a\nb\n", "c\n"]);
    }

    #[test]
    fn scores_every_method_and_lead() {
        let pairs = vec![SummaryPair {
            id: "1".into(),
            text:
                "Budget boost for schools\n\nThe chancellor promised more money for schools today. \
                   Teachers welcomed the budget money for schools and pupils. \
                   Pupils and teachers in London had a grey and cold day.\n"
                    .into(),
            summary: "Teachers welcomed the budget money for schools and pupils.".into(),
        }];
        let eval = evaluate_summaries(
            &pairs,
            Some(Language::English),
            AnalyserParams::default(),
            &SummaryParams::default(),
        )
        .unwrap();
        assert_eq!(eval.documents, 1);
        assert_eq!(eval.methods.len(), Method::ALL.len());
        assert!(eval.methods["lead"].rouge1.f1 < 1.0);
        assert!((eval.methods["lexrank"].rouge1.f1 - 1.0).abs() < 1e-12);
    }
}
