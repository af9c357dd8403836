//! The scikit-learn clustering fixtures (`tests/fixtures/clustering*.json`) as the tests read
//! them. The silhouette tests here and the label-metric tests in `evaluate` check the same
//! files, so they share one reader and one tolerance.

/// scikit-learn's values are exact to the last digits; ours differ in summation order only.
const TOL: f64 = 1e-9;

pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

pub(crate) fn labels_of(v: &serde_json::Value) -> Vec<usize> {
    v.as_array()
        .expect("label array")
        .iter()
        .map(|x| x.as_u64().expect("label") as usize)
        .collect()
}

/// The fixture `tests/fixtures/{name}`, or `None` with a note when it is missing: a source
/// tree without the fixtures still builds and tests.
pub(crate) fn read(name: &str) -> Option<serde_json::Value> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("fixture {path} not found; skipping");
        return None;
    };
    Some(serde_json::from_str(&text).expect("valid JSON"))
}
