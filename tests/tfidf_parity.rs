//! Parity with scikit-learn: on fixed token lists, `vectorise_tokens` (the counting, n-grams,
//! pruning and weighting of `sintesi vectorise`) gives the vocabulary, idf and every value of
//! scikit-learn's `TfidfVectorizer` to 1e-6, for every option combination in
//! `tests/fixtures/tfidf_parity/tfidf.json` (made by `make_fixtures.py` beside it).

use serde_json::Value;
use sintesi::vectorise::{
    vectorise_tokens, DfLimit, NgramRange, Norm, TfidfParams, VectoriseParams,
};

fn df_limit(v: Option<&Value>, default: DfLimit) -> DfLimit {
    match v {
        None => default,
        Some(Value::Number(n)) if n.is_u64() => DfLimit::Count(n.as_u64().unwrap() as usize),
        Some(Value::Number(n)) => DfLimit::Fraction(n.as_f64().unwrap()),
        Some(other) => panic!("bad df limit {other}"),
    }
}

fn params(options: &Value) -> VectoriseParams {
    let get = |k: &str| options.get(k);
    let flag = |k: &str, default: bool| get(k).and_then(Value::as_bool).unwrap_or(default);
    let ngram_range = match get("ngram_range") {
        Some(Value::Array(a)) => NgramRange {
            min: a[0].as_u64().unwrap() as usize,
            max: a[1].as_u64().unwrap() as usize,
        },
        _ => NgramRange::default(),
    };
    let norm = match get("norm") {
        None => Norm::L2,
        Some(Value::Null) => Norm::None,
        Some(Value::String(s)) if s == "l1" => Norm::L1,
        Some(Value::String(s)) if s == "l2" => Norm::L2,
        Some(other) => panic!("bad norm {other}"),
    };
    VectoriseParams {
        ngram_range,
        tfidf: TfidfParams {
            sublinear_tf: flag("sublinear_tf", false),
            use_idf: flag("use_idf", true),
            smooth_idf: flag("smooth_idf", true),
            norm,
            min_df: df_limit(get("min_df"), DfLimit::Count(1)),
            max_df: df_limit(get("max_df"), DfLimit::Fraction(1.0)),
            max_features: get("max_features")
                .and_then(Value::as_u64)
                .map(|n| n as usize),
        },
        ..VectoriseParams::default()
    }
}

#[test]
fn values_equal_scikit_learn_for_every_option_combination() {
    let text = include_str!("fixtures/tfidf_parity/tfidf.json");
    let fixture: Value = serde_json::from_str(text).expect("fixture JSON");
    let docs: Vec<Vec<&str>> = fixture["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d.as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect()
        })
        .collect();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 50, "fixture has {} cases", cases.len());
    for case in cases {
        let options = &case["options"];
        let v = vectorise_tokens(docs.iter().map(Vec::as_slice), &params(options))
            .unwrap_or_else(|e| panic!("{options}: {e}"));
        let vocab: Vec<&str> = v
            .vocabulary
            .as_ref()
            .unwrap()
            .iter()
            .map(|e| e.term.as_str())
            .collect();
        let expected: Vec<&str> = case["vocabulary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(vocab, expected, "vocabulary, {options}");
        if let Some(idf) = case["idf"].as_array() {
            for (col, x) in idf.iter().enumerate() {
                let got = v.model.idf()[col];
                assert!(
                    (got - x.as_f64().unwrap()).abs() < 1e-6,
                    "idf[{col}] {got} vs {x}, {options}"
                );
            }
        }
        let rows: Vec<Vec<(usize, f64)>> = v.rows().collect();
        let expected_rows = case["rows"].as_array().unwrap();
        assert_eq!(rows.len(), expected_rows.len(), "rows, {options}");
        for (i, (got, want)) in rows.iter().zip(expected_rows).enumerate() {
            let want: Vec<(usize, f64)> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e[0].as_u64().unwrap() as usize, e[1].as_f64().unwrap()))
                .filter(|&(_, x)| x != 0.0)
                .collect();
            let got: Vec<(usize, f64)> = got.iter().copied().filter(|&(_, x)| x != 0.0).collect();
            assert_eq!(
                got.iter().map(|e| e.0).collect::<Vec<_>>(),
                want.iter().map(|e| e.0).collect::<Vec<_>>(),
                "columns of row {i}, {options}"
            );
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g.1 - w.1).abs() < 1e-6,
                    "row {i} col {}: {} vs {}, {options}",
                    g.0,
                    g.1,
                    w.1
                );
            }
        }
    }
}

#[test]
fn hashing_mode_weights_buckets_like_terms_when_nothing_collides() {
    // With far more buckets than terms nothing collides: the same values, columns permuted.
    let docs: Vec<Vec<&str>> = vec![vec!["a", "b", "b"], vec!["b", "c"], vec!["c"]];
    let plain =
        vectorise_tokens(docs.iter().map(Vec::as_slice), &VectoriseParams::default()).unwrap();
    let hashed = vectorise_tokens(
        docs.iter().map(Vec::as_slice),
        &VectoriseParams {
            hashing: Some(1 << 20),
            ..VectoriseParams::default()
        },
    )
    .unwrap();
    assert_eq!(hashed.n_columns(), 1 << 20);
    assert_eq!(plain.nnz(), hashed.nnz());
    for (p, h) in plain.rows().zip(hashed.rows()) {
        let mut pv: Vec<f64> = p.iter().map(|e| e.1).collect();
        let mut hv: Vec<f64> = h.iter().map(|e| e.1).collect();
        pv.sort_by(f64::total_cmp);
        hv.sort_by(f64::total_cmp);
        for (a, b) in pv.iter().zip(&hv) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
