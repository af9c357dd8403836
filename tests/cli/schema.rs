//! `sintesi schema` and the reports it describes.

use super::{analyse, read_json, root, sintesi};

fn schema() -> serde_json::Value {
    let run = sintesi().arg("schema").output().unwrap();
    assert!(run.status.success());
    serde_json::from_slice(&run.stdout).expect("the schema is JSON")
}

fn errors(validator: &jsonschema::Validator, report: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sample_reports_match_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("a valid JSON Schema");
    // The committed sample and a fresh run, with input notes (a skipped file) in it.
    let committed = read_json(&root().join("reports/report.json"));
    assert_eq!(errors(&validator, &committed), Vec::<String>::new());

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), input.join(entry.file_name())).unwrap();
    }
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let out = dir.path().join("out");
    assert!(analyse(&input, &out, &[]).status.success());
    let fresh = read_json(&out.join("report.json"));
    assert!(!fresh["corpus"]["skipped"].as_array().unwrap().is_empty());
    assert_eq!(errors(&validator, &fresh), Vec::<String>::new());
}

#[test]
fn schema_rejects_a_report_that_breaks_it() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut report = read_json(&root().join("reports/report.json"));
    report["documents"][0]["x"] = serde_json::json!("left");
    report["clusters"][0]["size"] = serde_json::json!(-1);
    report.as_object_mut().unwrap().remove("corpus");
    let errors = errors(&validator, &report);
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn schema_documents_the_fields() {
    let schema = schema();
    let text = schema.to_string();
    // Doc comments of the Rust types become descriptions.
    assert!(text.contains("Position on the 2-D document map"));
    assert!(schema["$schema"].as_str().unwrap().contains("2020-12"));
}
