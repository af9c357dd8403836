//! Property tests: the tokeniser, the sentence splitter and TF-IDF on generated input.
//!
//! Text is drawn from words of several scripts, abbreviations, numbers, quotes, punctuation
//! and every kind of white space, plus arbitrary Unicode strings, so the cases a hand-written
//! test forgets (a lone combining mark, `\u{2028}`, `?!` after a quote) come up by themselves.

use proptest::prelude::*;
use sintesi::progress::NoProgress;
use sintesi::text::sentences::split;
use sintesi::text::AnalyserParams;
use sintesi::tokens::words;
use sintesi::vectorise::analyse_documents;
use sintesi::vectorise::{DfLimit, Norm, TfidfModel, TfidfParams};
use sintesi::{language::Detected, Error, Language};

const PIECES: &[&str] = &[
    "Il",
    "porto",
    "di",
    "Genova",
    "cresce",
    "dell’economia",
    "l'innovazione",
    "c’è",
    "perché",
    "città",
    "Dott.",
    "sig.",
    "U.S.A.",
    "e.g.",
    "3.5",
    "2021",
    "1.000",
    "all'1,5%",
    "Москва",
    "Ελλάδα",
    "தமிழ்",
    "العربية",
    "中文",
    "cafe\u{301}",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "'",
    "(",
    ")",
    ".",
    "..",
    "...",
    "…",
    "!",
    "?",
    "?!",
    ";",
    ":",
    ",",
    "-",
    "—",
    "#",
    "*",
    "|",
    "<",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\n\n\n",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{200b}",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|p| p.concat()),
        1 => any::<String>(),
        1 => prop::collection::vec(prop::sample::select(PIECES), 0..60)
            .prop_map(|p| p.join(" ")),
    ]
}

fn language() -> impl Strategy<Value = Language> {
    prop::sample::select(Language::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn words_are_slices_of_the_text_in_order(text in text()) {
        let mut end = 0;
        for w in words(&text) {
            prop_assert!(!w.text.is_empty());
            prop_assert!(w.start >= end, "words overlap");
            prop_assert!(text.is_char_boundary(w.start));
            prop_assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
            end = w.start + w.text.len();
        }
    }

    #[test]
    fn sentence_spans_round_trip(text in text(), language in language()) {
        let spans = split(&text, language);
        let mut covered = 0;
        for span in &spans {
            prop_assert!(span.start < span.end, "empty span {:?}", span);
            prop_assert!(span.start >= covered, "spans overlap or go back: {:?}", spans);
            prop_assert!(span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            prop_assert!(
                text[covered..span.start].trim().is_empty(),
                "text left out of every span: {:?}",
                &text[covered..span.start]
            );
            let s = &text[span.start..span.end];
            prop_assert_eq!(s, s.trim());
            covered = span.end;
        }
        prop_assert!(text[covered..].trim().is_empty(), "tail left out: {:?}", &text[covered..]);
    }

    #[test]
    fn analysed_sentences_stay_inside_the_text(text in text(), language in language(), stem in any::<bool>()) {
        let params = AnalyserParams { stem, stop_words: true };
        let analysis = analyse_documents(&[&text], &[Detected::Known(language)], params, &NoProgress).unwrap();
        let doc = &analysis.documents[0];
        let mut tokens = 0;
        for (j, s) in doc.sentences.iter().enumerate() {
            prop_assert!(s.start < s.end && s.end <= text.len());
            let terms = doc.sentence_terms(j);
            prop_assert!(terms.windows(2).all(|w| w[0].0 < w[1].0), "terms sorted and unique");
            tokens += terms.iter().map(|&(_, c)| c as usize).sum::<usize>();
        }
        prop_assert_eq!(tokens, doc.n_tokens);
        prop_assert_eq!(analysis.surface_forms.len(), analysis.n_terms());
    }
}

/// Documents as sorted `(term, count)` lists over `n_terms` terms.
fn documents(n_terms: u32) -> impl Strategy<Value = Vec<Vec<(u32, u32)>>> {
    let doc = prop::collection::btree_map(0..n_terms, 1u32..50, 0..12)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>());
    prop::collection::vec(doc, 1..40)
}

fn tfidf_params() -> impl Strategy<Value = TfidfParams> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1usize..3,
        0.5f64..=1.0,
    )
        .prop_map(
            |(sublinear_tf, use_idf, smooth_idf, min_df, max_df)| TfidfParams {
                sublinear_tf,
                use_idf,
                smooth_idf,
                norm: Norm::L2,
                min_df: DfLimit::Count(min_df),
                max_df: DfLimit::Fraction(max_df),
                max_features: None,
            },
        )
}

const TERM_NAMES: [&str; 30] = [
    "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b0", "b1", "b2", "b3", "b4", "b5",
    "b6", "b7", "b8", "b9", "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9",
];

fn fit(docs: &[Vec<(u32, u32)>], params: &TfidfParams) -> sintesi::Result<TfidfModel> {
    TfidfModel::fit(
        docs.iter().map(Vec::as_slice),
        TERM_NAMES.len(),
        |t| TERM_NAMES[t as usize],
        params,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tfidf_rows_are_unit_non_negative_and_deterministic(
        docs in documents(TERM_NAMES.len() as u32),
        params in tfidf_params(),
    ) {
        let model = match fit(&docs, &params) {
            Ok(m) => m,
            Err(Error::EmptyVocabulary | Error::InvalidParameter { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
        };
        let matrix = model.transform(docs.iter().map(Vec::as_slice));
        prop_assert_eq!(matrix.rows(), docs.len());
        for (i, row) in matrix.outer_iterator().enumerate() {
            let norm: f64 = row.data().iter().map(|w| w * w).sum::<f64>().sqrt();
            let kept = docs[i].iter().any(|&(t, _)| model.column(t).is_some());
            if kept {
                prop_assert!((norm - 1.0).abs() < 1e-9, "row {} has norm {}", i, norm);
            } else {
                prop_assert_eq!(row.nnz(), 0);
            }
            prop_assert!(row.data().iter().all(|&w| w.is_finite() && w >= 0.0));
        }
        let again = fit(&docs, &params).expect("same input fits again");
        let matrix_again = again.transform(docs.iter().map(Vec::as_slice));
        let (indptr, indptr_again) = (matrix.indptr(), matrix_again.indptr());
        prop_assert_eq!(indptr.to_proper(), indptr_again.to_proper());
        prop_assert_eq!(matrix.indices(), matrix_again.indices());
        let bits = |m: &sprs::CsMat<f64>| m.data().iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&matrix), bits(&matrix_again));
    }
}
