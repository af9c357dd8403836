//! Topic coherence and diversity: how well a topic's top words go together in a reference
//! corpus, and how little topics repeat each other's words. The measures of the topic-model
//! literature — NPMI (Bouma 2009; Lau et al. 2014), C_V (Röder et al. 2015), UMass (Mimno et
//! al. 2011) and topic diversity (Dieng et al. 2020) — computed as gensim 4.4.0's
//! `CoherenceModel` computes `c_npmi`, `c_v` and `u_mass`, with the topics prepared and the
//! reference tokenised as `../shared/peers/topic_eval.py` does, so that values agree with it to
//! 1e-6 (`tests/fixtures/coherence.json`, made by `tests/fixtures/make_coherence_fixture.py`).
//!
//! Pure functions of the reference texts and the topics' words: reading files and finding
//! topics is [`super::topics`]'s job.

mod counts;
mod measures;
mod tokens;

use serde::Serialize;

/// Words of each topic that are scored (the usual "top 10").
pub(crate) const TOP_WORDS: usize = 10;

/// One topic's scores.
#[derive(Debug, Clone, Serialize)]
pub struct TopicCoherence {
    /// The topic's first [`TOP_WORDS`] words, lower-cased.
    pub words: Vec<String>,
    /// Those of `words` that never occur in the reference, left out of the scores.
    pub unscored: Vec<String>,
    /// NPMI (`c_npmi`); `None` when fewer than two words could be scored.
    pub npmi: Option<f64>,
    /// C_V (`c_v`); `None` as `npmi`.
    pub c_v: Option<f64>,
    /// UMass (`u_mass`); `None` as `npmi`.
    pub umass: Option<f64>,
}

/// The scores of a set of topics against one reference corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CoherenceScores {
    /// Mean NPMI over the scored topics (`None` when no topic could be scored).
    pub npmi: Option<f64>,
    /// Mean C_V over the scored topics.
    pub c_v: Option<f64>,
    /// Mean UMass over the scored topics.
    pub umass: Option<f64>,
    /// Distinct words among all topics' words over the number of words (Dieng et al. 2020):
    /// 1 when no two topics share a word.
    pub diversity: f64,
    /// Topic words (counted per topic) that never occur in the reference.
    pub unscored_words: usize,
    /// Topics with at least two words in the reference, the only ones scored.
    pub scored_topics: usize,
    /// JSON `topics`: the scores of each topic, in topic order.
    pub topics: Vec<TopicCoherence>,
}

/// Scores `topics` against the reference `documents` (raw texts).
///
/// As `topic_eval.py`: each topic is cut to its first [`TOP_WORDS`] words, lower-cased
/// (Python's `str.lower`); the reference is each document's [`reference_words`]; a word that
/// never occurs there cannot be scored and is dropped (counted in `unscored_words`); a topic
/// left with fewer than two words is not scored. NPMI counts boolean sliding windows of
/// [`NPMI_WINDOW`] tokens, C_V of [`CV_WINDOW`], UMass boolean documents, as gensim does (see
/// `counts.rs` for how its windows are formed). Diversity counts every given word, scored or
/// not, over the number of words given (the peer's definition; `10 × topics` when every topic
/// has ten words).
///
/// Deterministic: the counts are integers summed over documents counted in parallel.
pub(crate) fn score_topics<S: AsRef<str> + Sync>(
    documents: &[S],
    topics: &[Vec<String>],
) -> CoherenceScores {
    let topics: Vec<Vec<String>> = topics
        .iter()
        .map(|t| t.iter().take(TOP_WORDS).map(|w| w.to_lowercase()).collect())
        .collect();
    let pairs = counts::WordPairs::new(&topics);
    let counts = counts::count(documents, &pairs);

    let mut scores = Vec::with_capacity(topics.len());
    for words in &topics {
        let (scored, unscored): (Vec<&String>, Vec<&String>) = words.iter().partition(|w| {
            pairs
                .id(w)
                .is_some_and(|id| counts.documents.occurrences(id) > 0)
        });
        let ids: Vec<u32> = scored.iter().filter_map(|w| pairs.id(w)).collect();
        let score = |measure: fn(&[u32], &counts::Counts, &counts::WordPairs) -> f64,
                     counts: &counts::Counts| {
            (ids.len() >= 2).then(|| measure(&ids, counts, &pairs))
        };
        scores.push(TopicCoherence {
            words: words.clone(),
            unscored: unscored.into_iter().cloned().collect(),
            npmi: score(measures::npmi_topic, &counts.npmi_windows),
            c_v: score(measures::cv_topic, &counts.cv_windows),
            umass: score(measures::umass_topic, &counts.documents),
        });
    }

    let mean_of = |value: fn(&TopicCoherence) -> Option<f64>| {
        let values: Vec<f64> = scores.iter().filter_map(value).collect();
        (!values.is_empty()).then(|| measures::mean(&values))
    };
    let all_words: Vec<&String> = topics.iter().flatten().collect();
    let mut distinct = all_words.clone();
    distinct.sort_unstable();
    distinct.dedup();
    CoherenceScores {
        npmi: mean_of(|t| t.npmi),
        c_v: mean_of(|t| t.c_v),
        umass: mean_of(|t| t.umass),
        diversity: distinct.len() as f64 / all_words.len().max(1) as f64,
        unscored_words: scores.iter().map(|t| t.unscored.len()).sum(),
        scored_topics: scores.iter().filter(|t| t.npmi.is_some()).count(),
        topics: scores,
    }
}

#[cfg(test)]
mod tests {
    use super::tokens::reference_words;
    use super::*;

    fn fixture() -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/coherence.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
    }

    fn strings(v: &serde_json::Value) -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|s| s.as_str().expect("string").to_string())
            .collect()
    }

    fn close(ours: Option<f64>, gensim: f64, what: &str) {
        let ours = ours.unwrap_or_else(|| panic!("{what}: not scored"));
        assert!(
            (ours - gensim).abs() <= 1e-6,
            "{what}: ours {ours}, gensim {gensim}"
        );
    }

    #[test]
    fn tokenises_the_reference_as_the_peer() {
        let f = fixture();
        for (doc, expected) in f["documents"]
            .as_array()
            .unwrap()
            .iter()
            .zip(f["reference"].as_array().unwrap())
        {
            let doc = doc.as_str().unwrap();
            assert_eq!(reference_words(doc), strings(expected), "{doc:?}");
        }
    }

    #[test]
    fn coherence_matches_gensim_on_the_fixture() {
        let f = fixture();
        let documents = strings(&f["documents"]);
        let topics: Vec<Vec<String>> = f["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(strings)
            .collect();
        let scores = score_topics(&documents, &topics);

        let kept: Vec<usize> = f["kept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        let scored: Vec<usize> = (0..topics.len())
            .filter(|&i| scores.topics[i].npmi.is_some())
            .collect();
        assert_eq!(scored, kept);
        assert_eq!(scores.scored_topics, kept.len());
        assert_eq!(
            scores.unscored_words as u64,
            f["unscored_words"].as_u64().unwrap()
        );
        assert!((scores.diversity - f["diversity"].as_f64().unwrap()).abs() < 1e-12);
        let mut checked = 0;
        for (n, &i) in kept.iter().enumerate() {
            let topic = &scores.topics[i];
            let expected_words = strings(&f["scored_words"][n]);
            let words: Vec<&String> = topic
                .words
                .iter()
                .filter(|w| !topic.unscored.contains(w))
                .collect();
            assert_eq!(words, expected_words.iter().collect::<Vec<_>>());
            for (name, ours) in [
                ("npmi", topic.npmi),
                ("c_v", topic.c_v),
                ("umass", topic.umass),
            ] {
                let gensim = f["per_topic"][name][n].as_f64().unwrap();
                close(ours, gensim, &format!("topic {i} {name}"));
                checked += 1;
            }
        }
        for (name, ours) in [
            ("npmi", scores.npmi),
            ("c_v", scores.c_v),
            ("umass", scores.umass),
        ] {
            close(
                ours,
                f["mean"][name].as_f64().unwrap(),
                &format!("mean {name}"),
            );
            checked += 1;
        }
        eprintln!("coherence.json: {checked} values within 1e-6 of gensim");
    }

    #[test]
    fn scores_nothing_without_two_scorable_words() {
        let scores = score_topics(&["alpha beta"], &[vec!["alpha".into(), "gamma".into()]]);
        assert_eq!(scores.scored_topics, 0);
        assert_eq!(scores.npmi, None);
        assert_eq!(scores.topics[0].unscored, ["gamma"]);
        assert_eq!(scores.diversity, 1.0);
    }
}
