//! Topics given in a file (`evaluate topics --topics FILE`), so that any tool's topics can be
//! scored: `{"topics": [[word, …], …]}`, or a sintesi `report.json` (each cluster's
//! `terms[].term`), the two shapes `../shared/peers/topic_eval.py score` reads.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// Reads the topics of `path`: each a list of words, in the file's order.
///
/// # Errors
/// [`Error::InputNotFound`], [`Error::Io`], and [`Error::Format`] naming the file when it is
/// not JSON of one of the two shapes or holds no topic.
pub(crate) fn load_topics(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::InputNotFound {
            path: path.to_path_buf(),
        },
        _ => Error::io(path, e),
    })?;
    parse_topics(&bytes).map_err(|message| Error::Format {
        path: path.to_path_buf(),
        message,
    })
}

/// The topics of a topics file's contents, or what is wrong with them (one line).
pub(crate) fn parse_topics(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    const SHAPES: &str = "expected {\"topics\": [[word, …], …]} or a sintesi report.json";
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON ({e}); {SHAPES}"))?;
    let topics = if let Some(topics) = value.get("topics") {
        topics
            .as_array()
            .and_then(|topics| topics.iter().map(words).collect::<Option<Vec<_>>>())
            .ok_or_else(|| format!("`topics` is not a list of lists of words; {SHAPES}"))?
    } else if let Some(clusters) = value.get("clusters") {
        clusters
            .as_array()
            .and_then(|clusters| {
                clusters
                    .iter()
                    .map(cluster_terms)
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| {
                format!(
                    "`clusters` is not a list of {{\"terms\": [{{\"term\": word}}, …]}}; {SHAPES}"
                )
            })?
    } else {
        return Err(format!("no `topics` or `clusters`; {SHAPES}"));
    };
    if topics.is_empty() {
        return Err("no topics in the file".to_string());
    }
    Ok(topics)
}

fn words(topic: &Value) -> Option<Vec<String>> {
    topic
        .as_array()?
        .iter()
        .map(|w| w.as_str().map(str::to_string))
        .collect()
}

fn cluster_terms(cluster: &Value) -> Option<Vec<String>> {
    cluster
        .get("terms")?
        .as_array()?
        .iter()
        .map(|t| t.get("term")?.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_shapes() {
        let topics = parse_topics(br#"{"topics": [["porto", "navi"], ["treni"]]}"#).unwrap();
        assert_eq!(topics, [vec!["porto", "navi"], vec!["treni"]]);
        let report = br#"{"clusters": [{"id": 0, "terms": [{"term": "Porto", "weight": 0.5}]}]}"#;
        assert_eq!(parse_topics(report).unwrap(), [vec!["Porto"]]);
    }

    #[test]
    fn says_what_is_wrong_in_one_line() {
        for bad in [
            &b"not json"[..],
            br#"{"topics": "porto"}"#,
            br#"{"topics": [["porto", 3]]}"#,
            br#"{"clusters": [{"terms": ["porto"]}]}"#,
            br#"{"words": []}"#,
            br#"{"topics": []}"#,
        ] {
            let message = parse_topics(bad).unwrap_err();
            assert!(!message.contains('\n'), "{message}");
        }
    }
}
