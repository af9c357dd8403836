//! Naming topics: the terms that set a cluster apart, shown as words people read.
//!
//! Weights are class-based TF-IDF (Grootendorst 2022, BERTopic's c-TF-IDF) computed over every
//! document of the cluster, not over a centroid in a reduced space:
//!
//! `w(t, c) = tf(t, c) · ln(1 + A / f(t)) · sqrt(df(t, c) / |c|)`
//!
//! where `tf(t, c)` is the mean over the cluster's documents of the term's share of each
//! document's tokens (so a long article does not speak for the whole cluster), `f(t)` the same
//! share summed over all documents, `A` the mean number of documents per cluster, and the last
//! factor favours terms that many of the cluster's documents share over one article's pet word.

use serde::Serialize;

use crate::vectorize::TfidfModel;

/// A topic term as shown to people.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TermWeight {
    /// The most frequent surface form of the term (`innovazione`, not `innov`).
    pub term: String,
    pub weight: f64,
}

/// What describes one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDescription {
    pub terms: Vec<TermWeight>,
    /// The top three terms, joined: a short, readable name.
    pub label: String,
}

/// Describes each of `k` clusters by its `n_terms` most distinctive terms.
///
/// `documents[i]` are the (term id, count) pairs of document `i`, `labels[i]` its cluster,
/// `surface_forms[term id]` the word shown for a term. Only terms kept by `model` are candidates,
/// so `--min-df`/`--max-df` apply to topic terms too.
pub fn describe(
    documents: &[&[(u32, u32)]],
    labels: &[usize],
    k: usize,
    model: &TfidfModel,
    surface_forms: &[String],
    n_terms: usize,
) -> Vec<TopicDescription> {
    let n_cols = model.n_columns();
    let mut share = vec![vec![0.0f64; n_cols]; k];
    let mut cluster_df = vec![vec![0u32; n_cols]; k];
    let mut sizes = vec![0usize; k];
    let mut total_share = vec![0.0f64; n_cols];
    for (doc, &label) in documents.iter().zip(labels) {
        sizes[label] += 1;
        let len: u32 = doc
            .iter()
            .filter(|&&(t, _)| model.column(t).is_some())
            .map(|&(_, c)| c)
            .sum();
        if len == 0 {
            continue;
        }
        for &(t, c) in doc.iter() {
            if let Some(col) = model.column(t) {
                let s = f64::from(c) / f64::from(len);
                share[label][col] += s;
                total_share[col] += s;
                cluster_df[label][col] += 1;
            }
        }
    }
    let mean_cluster_size = documents.len() as f64 / k.max(1) as f64;
    (0..k)
        .map(|c| {
            let size = sizes[c].max(1) as f64;
            let mut weighted: Vec<(usize, f64)> = (0..n_cols)
                .filter(|&col| cluster_df[c][col] > 0)
                .map(|col| {
                    let tf = share[c][col] / size;
                    let idf = (1.0 + mean_cluster_size / total_share[col]).ln();
                    let coverage = (f64::from(cluster_df[c][col]) / size).sqrt();
                    (col, tf * idf * coverage)
                })
                .collect();
            // Highest weight first; ties by the shown word so output never depends on ids.
            weighted.sort_by(|a, b| {
                b.1.total_cmp(&a.1).then_with(|| {
                    surface_forms[model.term(a.0) as usize]
                        .cmp(&surface_forms[model.term(b.0) as usize])
                })
            });
            let mut terms: Vec<TermWeight> = Vec::with_capacity(n_terms);
            for (col, w) in weighted {
                let word = &surface_forms[model.term(col) as usize];
                // Two stems can share a surface form across languages; show it once.
                if terms.iter().any(|t| t.term.eq_ignore_ascii_case(word)) {
                    continue;
                }
                terms.push(TermWeight {
                    term: word.clone(),
                    weight: round6(w),
                });
                if terms.len() == n_terms {
                    break;
                }
            }
            let label = terms
                .iter()
                .take(3)
                .map(|t| t.term.as_str())
                .collect::<Vec<_>>()
                .join(" · ");
            TopicDescription { terms, label }
        })
        .collect()
}

/// Rounds to six decimals so reports do not show floating-point noise.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectorize::{TfidfModel, TfidfParams};

    #[test]
    fn distinctive_terms_lead_each_topic() {
        // terms: 0 porto, 1 nave, 2 treno, 3 binario, 4 città (everywhere)
        let names = ["porto", "nave", "treno", "binario", "città"];
        let docs: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 3), (1, 2), (4, 1)],
            vec![(0, 3), (1, 2), (4, 1)],
            vec![(2, 3), (3, 2), (4, 1)],
            vec![(2, 2), (3, 2), (4, 1)],
        ];
        let slices: Vec<&[(u32, u32)]> = docs.iter().map(Vec::as_slice).collect();
        let model = TfidfModel::fit(
            slices.iter().copied(),
            5,
            |t| names[t as usize],
            &TfidfParams::default(),
        )
        .unwrap();
        let surface: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let topics = describe(&slices, &[0, 0, 1, 1], 2, &model, &surface, 3);
        assert_eq!(topics[0].terms[0].term, "porto");
        assert_eq!(topics[1].terms[0].term, "treno");
        assert_eq!(topics[0].terms.last().unwrap().term, "città");
        assert_eq!(topics[0].label, "porto · nave · città");
    }
}
