//! The JSON Schema of `report.json`, generated from the report's Rust types so it cannot drift
//! from what the JSON writer emits. `sintesi schema` prints it.

use schemars::Schema;

use super::{Report, SCHEMA_VERSION};

/// The schema (JSON Schema 2020-12) of [`Report`] as serialised by [`super::to_json`].
pub fn schema() -> Schema {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "description".into(),
        format!(
            "report.json written by `sintesi analyse` (schema_version {SCHEMA_VERSION}): the \
             corpus, the parameters in effect, every document, every topic and the groups of \
             near-duplicates counted once."
        )
        .into(),
    );
    schema
}

/// The schema as pretty JSON with a final newline.
pub fn schema_json() -> String {
    // A schema is a tree of JSON values: serialising it cannot fail.
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_every_top_level_key() {
        let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for key in [
            "schema_version",
            "generator",
            "corpus",
            "parameters",
            "documents",
            "clusters",
            "duplicates",
        ] {
            assert!(properties.contains_key(key), "{key} missing");
        }
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}
