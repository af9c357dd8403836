//! Steps 7 and 9 of `analyse`: what each topic is about, and its report. Topics are named by
//! their most telling words and phrases; each topic (and sub-topic) quotes its most central
//! documents and the key sentences pooled from them.

use rayon::prelude::*;

use super::{AnalyseParams, Weighted};
use crate::cluster::tree::TopicTree;
use crate::cluster::Clustering;
use crate::describe::{self, round6, TopicDescription};
use crate::pipeline::counted::CountedOnce;
use crate::pipeline::prepare::PreparedCorpus;
use crate::report::{ClusterReport, KeySentence, TreeNodeReport, CENTRAL_DOCUMENTS_LISTED};
use crate::summarise::{
    self, sparse, Sentences, SummaryParams, SUBTOPIC_POOL_DOCUMENTS, TOPIC_POOL_DOCUMENTS,
};
use crate::text;

/// What [`describe_topics`] found: each topic's words and phrases, and each document's
/// phrases.
pub(super) struct Described {
    pub(super) topics: Vec<TopicDescription>,
    /// The fine topics of the topic tree, when there is one (else empty).
    pub(super) subtopics: Vec<TopicDescription>,
    /// The tree's nodes above its fine topics, one per merge, in merge order (else empty).
    pub(super) nodes: Vec<TopicDescription>,
    /// Phrase texts, by phrase id.
    pub(super) phrases: Vec<String>,
    /// Per document, its phrase ids, best first.
    pub(super) document_phrases: Vec<Vec<u32>>,
}

/// Step 7: each topic named by its most distinctive words and key phrases, among the
/// documents that count; each document's key phrases. Words of the documents' languages'
/// common-word lists must earn their place.
pub(super) fn describe_topics(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    clustering: &Clustering,
    counted: &CountedOnce,
    params: &AnalyseParams,
) -> Described {
    let analysed = &corpus.analysis.documents;
    let common = describe::common_word_set(analysed.iter().filter_map(|a| a.language.language()));
    let is_common = |word: &str| common.contains(word.to_lowercase().as_str());
    let common_terms: Vec<bool> = corpus
        .analysis
        .surface_forms
        .iter()
        .map(|w| is_common(w))
        .collect();
    let texts = corpus.texts();
    // Finding phrases is a pass over the whole text: skipped when none is to be listed.
    let phrases = if params.topic_phrases + params.document_phrases > 0 {
        text::phrases::extract(&texts, analysed)
    } else {
        text::phrases::Phrases {
            documents: vec![Vec::new(); texts.len()],
            ..Default::default()
        }
    };
    let common_phrases: Vec<bool> = phrases
        .keys
        .iter()
        .zip(&phrases.capitals_only)
        .map(|(k, &capitals)| {
            let mut words = k.split(' ');
            capitals
                || words.next().is_some_and(is_common)
                || words.next_back().is_some_and(is_common)
        })
        .collect();
    let phrase_rows: Vec<&[(u32, u32)]> = phrases.documents.iter().map(Vec::as_slice).collect();
    let counted_phrase_rows: Vec<&[(u32, u32)]> =
        counted.counted().iter().map(|&i| phrase_rows[i]).collect();
    let any_phrase = |p: u32| !phrases.capitals_only[p as usize];
    let common_phrase = |p: u32| common_phrases[p as usize];
    let phrase_items = describe::Items {
        documents: &counted_phrase_rows,
        n_items: phrases.texts.len(),
        eligible: &any_phrase,
        common: &common_phrase,
    };
    tracing::debug!(phrases = phrases.texts.len(), "phrases found");
    let doc_terms: Vec<&[(u32, u32)]> = counted
        .counted()
        .iter()
        .map(|&i| analysed[i].terms.as_slice())
        .collect();
    let describe_level = |labels: &[usize], k: usize, merges: &[(usize, usize)]| {
        let labels: Vec<usize> = counted.counted().iter().map(|&i| labels[i]).collect();
        describe::describe_tree(
            &doc_terms,
            &labels,
            k,
            merges,
            &weighted.model,
            &corpus.analysis.surface_forms,
            &common_terms,
            Some((&phrase_items, phrases.texts.as_slice())),
            params.topic_terms,
            params.topic_phrases,
        )
    };
    let topics = describe_level(&clustering.labels, clustering.k, &[]);
    let (subtopics, nodes) = match &clustering.tree {
        Some(tree) => {
            let merges: Vec<(usize, usize)> = tree.merges.iter().map(|m| (m.a, m.b)).collect();
            let mut subtopics = describe_level(&tree.fine_labels, tree.fine_k, &merges);
            let nodes = subtopics.split_off(tree.fine_k);
            (subtopics, nodes)
        }
        None => (Vec::new(), Vec::new()),
    };
    let document_phrases = describe::document_phrases(
        &phrase_rows,
        phrases.texts.len(),
        &common_phrases,
        params.document_phrases,
    );
    Described {
        topics,
        subtopics,
        nodes,
        phrases: phrases.texts,
        document_phrases,
    }
}

/// Step 8 (within the next two): a document's candidate sentences for summaries: whole
/// sentences of reasonable length, never the title. Found when needed, not held for every
/// document.
pub(super) fn candidate_sentences(
    corpus: &PreparedCorpus,
    i: usize,
    params: &SummaryParams,
) -> Vec<usize> {
    summarise::candidates(
        &corpus.documents[i].text,
        &corpus.analysis.documents[i],
        corpus.headlines[i],
        params,
    )
}

/// The text of sentence `sentence` of document `doc`, verbatim.
pub(super) fn sentence_text(corpus: &PreparedCorpus, doc: usize, sentence: usize) -> String {
    let s = &corpus.analysis.documents[doc].sentences[sentence];
    corpus.documents[doc].text[s.start..s.end].to_string()
}

/// The reports of the topics: the top level, and under a topic tree its fine topics and the
/// nodes between them (else both empty).
pub(super) struct TopicReports {
    pub(super) clusters: Vec<ClusterReport>,
    pub(super) subtopics: Vec<ClusterReport>,
    pub(super) nodes: Vec<TreeNodeReport>,
}

/// Step 9: the report of each topic and, under a topic tree, of each sub-topic, wired to
/// its parent, and of each node of the tree. `list_every_member`: a topic lists all its
/// documents, else (a large corpus) its [`CENTRAL_DOCUMENTS_LISTED`] most central ones, the
/// list being built only once chosen.
pub(super) fn topic_reports(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    clustering: &Clustering,
    counted: &CountedOnce,
    described: &Described,
    params: &SummaryParams,
    list_every_member: bool,
) -> TopicReports {
    let (ranked, fine_ranked) = rankings(corpus, weighted, counted, clustering);
    let level = |labels: &[usize],
                 topics: &[TopicDescription],
                 ranked: Vec<Ranked>,
                 pool_documents: usize| {
        level_reports(
            corpus,
            weighted,
            Level {
                labels,
                topics,
                ranked,
                pool_documents,
            },
            params,
            list_every_member,
        )
    };
    let (mut clusters, _) = level(
        &clustering.labels,
        &described.topics,
        ranked,
        TOPIC_POOL_DOCUMENTS,
    );
    let Some(tree) = &clustering.tree else {
        return TopicReports {
            clusters,
            subtopics: Vec::new(),
            nodes: Vec::new(),
        };
    };
    let (mut subtopics, picks) = level(
        &tree.fine_labels,
        &described.subtopics,
        fine_ranked,
        SUBTOPIC_POOL_DOCUMENTS,
    );
    for (sub, &parent) in subtopics.iter_mut().zip(&tree.parents) {
        sub.level = 1;
        sub.parent = Some(parent);
        clusters[parent].children.push(sub.id);
    }
    let nodes = node_reports(
        corpus,
        weighted,
        tree,
        Levels {
            clusters: &clusters,
            subtopics: &subtopics,
            picks: &picks,
        },
        &described.nodes,
        params,
    );
    TopicReports {
        clusters,
        subtopics,
        nodes,
    }
}

/// What the nodes of a topic tree are made of: the two levels already reported, and each
/// fine topic's key sentences as (document, sentence, rank among its document's candidates).
struct Levels<'a> {
    clusters: &'a [ClusterReport],
    subtopics: &'a [ClusterReport],
    picks: &'a [Vec<Origin>],
}

/// The nodes of `tree` above its fine topics, in merge order, described by `described`.
/// A node's key sentences are picked among its fine topics' ones: a handful each, so every
/// node of a tree of a hundred fine topics costs next to nothing, and a node says what its
/// parts say together.
fn node_reports(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    tree: &TopicTree,
    levels: Levels<'_>,
    described: &[TopicDescription],
    params: &SummaryParams,
) -> Vec<TreeNodeReport> {
    let weight = summarise::term_weights(&weighted.model, params.weighting);
    let fine_k = tree.fine_k;
    let mut leaves: Vec<Vec<usize>> = (0..fine_k).map(|f| vec![f]).collect();
    let mut within: Vec<Option<usize>> = tree.parents.iter().copied().map(Some).collect();
    let mut nodes = Vec::with_capacity(tree.merges.len());
    for ((i, merge), topic) in tree.merges.iter().enumerate().zip(described) {
        let mut under: Vec<usize> = leaves[merge.a]
            .iter()
            .chain(&leaves[merge.b])
            .copied()
            .collect();
        under.sort_unstable();
        let lies_in = (within[merge.a] == within[merge.b])
            .then_some(within[merge.a])
            .flatten();
        let whole = lies_in.filter(|&t| levels.clusters[t].children.len() == under.len());
        let size = under.iter().map(|&f| levels.subtopics[f].size).sum();
        let mut node = TreeNodeReport {
            id: fine_k + i,
            children: [merge.a, merge.b],
            subtopics: under.clone(),
            topic: lies_in,
            is_topic: whole.is_some(),
            label: topic.label.clone(),
            size,
            terms: topic.terms.clone(),
            phrases: topic.phrases.clone(),
            key_sentences: Vec::new(),
        };
        if let Some(t) = whole {
            let cl = &levels.clusters[t];
            node.label.clone_from(&cl.label);
            node.terms.clone_from(&cl.terms);
            node.phrases.clone_from(&cl.phrases);
            node.key_sentences.clone_from(&cl.key_sentences);
        } else {
            let origin: Vec<Origin> = under
                .iter()
                .flat_map(|&f| levels.picks[f].iter().copied())
                .collect();
            node.key_sentences = key_sentences(corpus, &weight, &origin, params)
                .into_iter()
                .map(|(at, score)| key_sentence(corpus, at, score))
                .collect();
        }
        nodes.push(node);
        leaves.push(under);
        within.push(lies_in);
    }
    nodes
}

/// A candidate sentence: (document, sentence, rank among its document's candidates).
type Origin = (usize, usize, usize);

/// The key sentences among the candidates `origin` (pooled from several documents, so the
/// picks spread over them), best first, with their scores.
fn key_sentences<W: Fn(u32) -> f64>(
    corpus: &PreparedCorpus,
    weight: &W,
    origin: &[Origin],
    params: &SummaryParams,
) -> Vec<(Origin, f64)> {
    let analysed = &corpus.analysis.documents;
    let pool = Sentences::new(
        origin
            .iter()
            .map(|&(d, j, position)| (position, analysed[d].sentence_terms(j))),
        weight,
    );
    let documents: Vec<usize> = origin.iter().map(|&(d, _, _)| d).collect();
    summarise::topic_key_sentences(
        &pool,
        &documents,
        params.topic_sentences,
        params,
        params.topic_mmr_lambda,
    )
    .into_iter()
    .map(|p| (origin[p.index], p.score))
    .collect()
}

/// Sentence `sentence` of document `doc` quoted as a key sentence with `score`.
fn key_sentence(corpus: &PreparedCorpus, (doc, sentence, _): Origin, score: f64) -> KeySentence {
    KeySentence {
        text: sentence_text(corpus, doc, sentence),
        document: corpus.documents[doc].id.clone(),
        sentence,
        score: round6(score),
    }
}

/// One level of topics: each document's topic, the topics' words, each topic's counted
/// members most central first ([`rankings`]), and how many of each topic's most central
/// documents its key sentences are picked from.
struct Level<'a> {
    labels: &'a [usize],
    topics: &'a [TopicDescription],
    ranked: Vec<Ranked>,
    pool_documents: usize,
}

/// The reports of one level's topics: words, phrases, documents and key sentences, picked
/// from the candidates of its most central documents ([`central_documents`]). Its size and
/// key sentences count the documents that count; its documents list the copies too. Also
/// returns each topic's key sentences as [`Origin`]s, for the nodes of a tree above them.
fn level_reports(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    Level {
        labels,
        topics,
        ranked,
        pool_documents,
    }: Level<'_>,
    params: &SummaryParams,
    list_every_member: bool,
) -> (Vec<ClusterReport>, Vec<Vec<Origin>>) {
    let weight = summarise::term_weights(&weighted.model, params.weighting);
    let id = |i: usize| corpus.documents[i].id.clone();
    let mut members_of = vec![Vec::new(); topics.len()];
    for (i, &c) in labels.iter().enumerate() {
        members_of[c].push(i);
    }
    let topics: Vec<LevelTopic> = topics
        .iter()
        .enumerate()
        .zip(members_of)
        .zip(ranked)
        .map(|(((c, topic), members), ranked)| (c, topic, members, ranked))
        .collect();
    let report = |(c, topic, members, ranked): LevelTopic| {
        // The candidates of the topic's most central documents pooled, each remembering its
        // document and sentence.
        let documents = if list_every_member {
            members.iter().map(|&i| id(i)).collect()
        } else {
            ranked
                .iter()
                .take(CENTRAL_DOCUMENTS_LISTED)
                .map(|&i| id(i))
                .collect()
        };
        let origin: Vec<Origin> = central_documents(&ranked, pool_documents)
            .iter()
            .flat_map(|&i| {
                candidate_sentences(corpus, i, params)
                    .into_iter()
                    .enumerate()
                    .map(move |(position, j)| (i, j, position))
            })
            .collect();
        let picks = key_sentences(corpus, &weight, &origin, params);
        let report = ClusterReport {
            id: c,
            level: 0,
            parent: None,
            children: Vec::new(),
            label: topic.label.clone(),
            size: ranked.len(),
            terms: topic.terms.clone(),
            phrases: topic.phrases.clone(),
            documents,
            key_sentences: picks
                .iter()
                .map(|&(at, score)| key_sentence(corpus, at, score))
                .collect(),
        };
        (
            report,
            picks.into_iter().map(|(at, _)| at).collect::<Vec<Origin>>(),
        )
    };
    // Small pools (the fine topics') are ranked in parallel, a hundred of them one after
    // another having left a core idle. The top level's pools are ranked one at a time: each
    // holds a graph of up to [`summarise::MAX_GRAPH_SENTENCES`] sentences, which
    // `--max-memory` counts once (two at once put a 600-document run 5 % over its budget).
    if pool_documents <= SUBTOPIC_POOL_DOCUMENTS {
        topics.into_par_iter().map(report).unzip()
    } else {
        topics.into_iter().map(report).unzip()
    }
}

/// A topic of a level: its id, words, members (copies included) and counted members ranked.
type LevelTopic<'a> = (usize, &'a TopicDescription, Vec<usize>, Ranked);

/// The `pool` members closest (cosine) to the topic's centroid, in document
/// order; all of them in a smaller topic. A key sentence should say what the topic is about,
/// which its most typical documents do; and ranking the sentences of thousands of documents
/// together costs more than the rest of the analysis while changing little.
fn central_documents(ranked: &[usize], pool: usize) -> Vec<usize> {
    let mut central = ranked[..ranked.len().min(pool)].to_vec();
    central.sort_unstable();
    central
}

/// A topic's counted members, most central first.
type Ranked = Vec<usize>;

/// Each topic's counted members, most central first, for the top level and, under a topic
/// tree, the fine level (else empty). A document's unit TF-IDF row is computed again from its
/// terms (a million held would weigh more than the texts), once for both levels: every fine
/// topic lies within one top-level topic, so its centroid is summed from the rows of that
/// topic already at hand.
fn rankings(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    counted: &CountedOnce,
    clustering: &Clustering,
) -> (Vec<Ranked>, Vec<Ranked>) {
    let n_columns = weighted.model.n_columns();
    let mut members_of = vec![Vec::new(); clustering.k];
    for (i, &c) in clustering.labels.iter().enumerate() {
        if counted.counts(i) {
            members_of[c].push(i);
        }
    }
    let fine_labels = clustering.tree.as_ref().map(|t| &t.fine_labels);
    let ranked: Vec<(Ranked, Vec<(usize, Ranked)>)> = members_of
        .par_iter()
        .map(|members| {
            let unit: Vec<sparse::SparseVec> = members
                .par_iter()
                .map(|&i| {
                    let mut v = weighted.row(corpus, i);
                    sparse::normalise(&mut v);
                    v
                })
                .collect();
            let top = ranked_by_centrality(&unit.iter().collect::<Vec<_>>(), members, n_columns);
            let Some(fine_labels) = fine_labels else {
                return (top, Vec::new());
            };
            // The topic's members by fine topic, in document order.
            let mut by_fine: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
            for (at, &i) in members.iter().enumerate() {
                by_fine.entry(fine_labels[i]).or_default().push(at);
            }
            let by_fine: Vec<(usize, Vec<usize>)> = by_fine.into_iter().collect();
            let fine = by_fine
                .par_iter()
                .map(|(f, at)| {
                    let rows: Vec<&sparse::SparseVec> = at.iter().map(|&a| &unit[a]).collect();
                    let of: Vec<usize> = at.iter().map(|&a| members[a]).collect();
                    (*f, ranked_by_centrality(&rows, &of, n_columns))
                })
                .collect();
            (top, fine)
        })
        .collect();
    let fine_k = clustering.tree.as_ref().map_or(0, |t| t.fine_k);
    let mut fine_ranked = vec![Vec::new(); fine_k];
    let top_ranked = ranked
        .into_iter()
        .map(|(top, fine)| {
            for (f, members) in fine {
                debug_assert!(fine_ranked[f].is_empty(), "fine topic {f} in two topics");
                fine_ranked[f] = members;
            }
            top
        })
        .collect();
    (top_ranked, fine_ranked)
}

/// A topic's `members`, most central first: by cosine of their unit rows `unit` to the
/// topic's centroid, ties by position.
fn ranked_by_centrality(
    unit: &[&sparse::SparseVec],
    members: &[usize],
    n_columns: usize,
) -> Vec<usize> {
    let centroid = sparse::centroid(unit.iter().copied(), n_columns);
    let mut scored: Vec<(f64, usize)> = unit
        .par_iter()
        .zip(members)
        .map(|(v, &i)| (sparse::dot_dense(v, &centroid), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_topic_quotes_its_most_central_documents() {
        // 150 members: the first 40 are off-topic (term 1 only), the rest share term 0.
        let vectors: Vec<Vec<(usize, f64)>> = (0..150)
            .map(|i| {
                if i < 40 {
                    vec![(1, 1.0)]
                } else {
                    vec![(0, 0.8), (2 + i % 3, 0.6)]
                }
            })
            .collect();
        let members: Vec<usize> = (0..150).collect();
        let unit: Vec<sparse::SparseVec> = vectors
            .into_iter()
            .map(|mut v| {
                sparse::normalise(&mut v);
                v
            })
            .collect();
        let rank = |members: &[usize]| {
            let rows: Vec<&sparse::SparseVec> = members.iter().map(|&i| &unit[i]).collect();
            ranked_by_centrality(&rows, members, 5)
        };
        let central = central_documents(&rank(&members), TOPIC_POOL_DOCUMENTS);
        assert_eq!(central.len(), TOPIC_POOL_DOCUMENTS);
        assert!(central.iter().all(|&i| i >= 40), "{central:?}");
        assert!(central.windows(2).all(|w| w[0] < w[1]));
        // A small topic keeps every member.
        let small = rank(&members[..7]);
        assert_eq!(
            central_documents(&small, TOPIC_POOL_DOCUMENTS),
            members[..7]
        );
        // Ranked: the on-topic members first, most central first, ties by position.
        let ranked = rank(&members);
        assert!(ranked[..110].iter().all(|&i| i >= 40), "{ranked:?}");
        assert_eq!(ranked.len(), 150);
    }
}
