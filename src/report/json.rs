//! The JSON writer: the report as it is, pretty-printed, keys in declaration order.

use super::Report;

/// The report as pretty JSON with a final newline; control and bidi characters that JSON
/// writers leave raw are `\uXXXX` escapes ([`super::printable::json_safe`]).
pub fn to_json(report: &Report) -> String {
    // Serialising plain structs of strings and numbers cannot fail; NaN never reaches here
    // because every score is finite by construction.
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    super::printable::json_safe(s)
}

/// Writes `documents` as JSON Lines compressed with Zstandard (the [`super::DOCUMENTS_FILE`]
/// sidecar), serialising blocks of records in parallel and compressing them in order, so the
/// bytes are the same whatever the number of threads.
pub fn write_documents(
    documents: &[super::DocumentReport],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    use std::io::Write;
    /// Records serialised per parallel task, and tasks per round (fixed, so the stream the
    /// encoder sees does not depend on the thread count).
    const BLOCK: usize = 1024;
    const ROUND: usize = 64;
    /// Zstandard's fast levels compress JSON several times at hundreds of MB/s.
    const LEVEL: i32 = 3;
    let mut encoder = zstd::Encoder::new(out, LEVEL)?;
    for block in documents.chunks(BLOCK * ROUND) {
        let lines: Vec<String> = block
            .par_chunks(BLOCK)
            .map(|records| {
                let mut s = String::new();
                for record in records {
                    let line = serde_json::to_string(record)
                        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
                    s.push_str(&super::printable::json_safe(line));
                    s.push('\n');
                }
                s
            })
            .collect();
        for lines in lines {
            encoder.write_all(lines.as_bytes())?;
        }
    }
    encoder.finish()?;
    Ok(())
}
