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

/// Records serialised per parallel task.
const BLOCK: usize = 1024;
/// Zstandard's fast levels compress JSON several times at hundreds of MB/s.
const LEVEL: i32 = 3;

/// The per-document records of a large corpus ([`super::DOCUMENTS_FILE`]: JSON Lines
/// compressed with Zstandard), encoded as the pipeline builds them, so that a million records
/// never stand in memory at once, only their compressed lines (about a tenth of their size).
///
/// Blocks of [`BLOCK`] records are serialised in parallel and fed to the encoder in order;
/// pushing rounds of [`DocumentsEncoder::ROUND`] records gives the same bytes whatever the
/// number of threads.
pub struct DocumentsEncoder {
    encoder: zstd::Encoder<'static, Vec<u8>>,
    count: usize,
}

impl std::fmt::Debug for DocumentsEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentsEncoder")
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl DocumentsEncoder {
    /// Records a caller should build and push at a time: enough blocks to keep every thread
    /// busy, few enough that a round of records is small beside the corpus.
    pub const ROUND: usize = BLOCK * 64;

    /// An empty sidecar.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when Zstandard cannot set up its compressor.
    pub fn new() -> crate::Result<DocumentsEncoder> {
        let encoder = zstd::Encoder::new(Vec::new(), LEVEL).map_err(compressing)?;
        Ok(DocumentsEncoder { encoder, count: 0 })
    }

    /// Appends `records`, in order.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the compressor fails (it writes to memory only).
    pub fn push(&mut self, records: &[super::DocumentReport]) -> crate::Result<()> {
        use rayon::prelude::*;
        use std::io::Write;
        let lines: Vec<String> = records
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
            self.encoder
                .write_all(lines.as_bytes())
                .map_err(compressing)?;
        }
        self.count += records.len();
        Ok(())
    }

    /// The compressed file, complete.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the compressor fails.
    pub fn finish(self) -> crate::Result<EncodedDocuments> {
        Ok(EncodedDocuments {
            count: self.count,
            bytes: self.encoder.finish().map_err(compressing)?,
        })
    }
}

fn compressing(e: std::io::Error) -> crate::Error {
    crate::Error::Internal(format!("compressing the document records: {e}"))
}

/// The sidecar's bytes, ready to write, and how many records they hold.
#[derive(Debug, Clone, Default)]
pub struct EncodedDocuments {
    /// Records encoded.
    pub count: usize,
    /// `documents.jsonl.zst` as it is written.
    pub bytes: Vec<u8>,
}

impl EncodedDocuments {
    /// Every record, decoded again (for tests and library users; the writers never need it).
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the bytes are not what [`DocumentsEncoder`] wrote.
    pub fn records(&self) -> crate::Result<Vec<serde_json::Value>> {
        let text = zstd::decode_all(self.bytes.as_slice()).map_err(compressing)?;
        let text = String::from_utf8(text)
            .map_err(|e| crate::Error::Internal(format!("document records: {e}")))?;
        text.lines()
            .map(|line| {
                serde_json::from_str(line)
                    .map_err(|e| crate::Error::Internal(format!("document records: {e}")))
            })
            .collect()
    }
}
