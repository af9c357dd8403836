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

/// Zstandard's fast levels compress JSON several times at hundreds of MB/s.
const LEVEL: i32 = 3;

/// The per-document records of a large corpus ([`super::DOCUMENTS_FILE`]: JSON Lines
/// compressed with Zstandard), encoded as the pipeline builds them, so that a million records
/// never stand in memory at once, only their compressed lines (about a tenth of their size).
///
/// Blocks of [`DocumentsEncoder::BLOCK`] records are serialised (in parallel, by the caller)
/// and fed to the encoder in order, so the bytes are the same whatever the number of threads.
pub struct DocumentsEncoder {
    encoder: zstd::Encoder<'static, Chunks>,
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
    /// Records serialised per parallel task, and so per block of lines.
    pub const BLOCK: usize = 1024;
    /// Records a caller should build and push at a time: enough blocks to keep every thread
    /// busy, few enough that a round of records is small beside the corpus.
    pub const ROUND: usize = Self::BLOCK * 64;

    /// An empty sidecar.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when Zstandard cannot set up its compressor.
    pub fn new() -> crate::Result<DocumentsEncoder> {
        let encoder = zstd::Encoder::new(Chunks::default(), LEVEL).map_err(compressing)?;
        Ok(DocumentsEncoder { encoder, count: 0 })
    }

    /// Appends `record`'s line to a block of records ([`DocumentsEncoder::BLOCK`] of them,
    /// the last block of a sidecar fewer) being built, so that a caller can serialise each
    /// record as soon as it is made and drop it (a block of records held until serialised
    /// cost a million documents a second of allocator time). Blocks can be built in parallel.
    pub fn append_line(lines: &mut Vec<u8>, record: &super::DocumentReport) {
        let at = lines.len();
        if let Err(e) = serde_json::to_writer(&mut *lines, record) {
            lines.truncate(at);
            lines.extend_from_slice(format!("{{\"error\": \"{e}\"}}").as_bytes());
        }
        lines.push(b'\n');
    }

    /// The block built by [`DocumentsEncoder::append_line`], made safe once (the escapes never
    /// span lines) and ready for [`DocumentsEncoder::push_lines`].
    pub fn finish_lines(lines: Vec<u8>) -> String {
        let lines = String::from_utf8(lines)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        super::printable::json_safe(lines)
    }

    /// Appends blocks made by [`DocumentsEncoder::finish_lines`], in input order, holding `records`
    /// records in all.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the compressor fails (it writes to memory only).
    pub fn push_lines(&mut self, blocks: &[String], records: usize) -> crate::Result<()> {
        use std::io::Write;
        for lines in blocks {
            self.encoder
                .write_all(lines.as_bytes())
                .map_err(compressing)?;
        }
        self.count += records;
        Ok(())
    }

    /// The compressed file, complete.
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the compressor fails.
    pub fn finish(self) -> crate::Result<EncodedDocuments> {
        Ok(EncodedDocuments {
            count: self.count,
            chunks: self.encoder.finish().map_err(compressing)?.0,
        })
    }
}

fn compressing(e: std::io::Error) -> crate::Error {
    crate::Error::Internal(format!("compressing the document records: {e}"))
}

/// Compressed bytes kept in chunks of [`Chunks::SIZE`]: a growing buffer of a hundred MB
/// would be copied at every doubling, and hold up to twice its size.
#[derive(Debug, Default)]
struct Chunks(Vec<Vec<u8>>);

impl Chunks {
    const SIZE: usize = 4 << 20;
}

impl std::io::Write for Chunks {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len();
        while !buf.is_empty() {
            if self.0.last().is_none_or(|c| c.len() == Self::SIZE) {
                self.0.push(Vec::with_capacity(Self::SIZE));
            }
            let chunk = self.0.last_mut().expect("a chunk was just pushed");
            let take = buf.len().min(Self::SIZE - chunk.len());
            chunk.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The sidecar's bytes, ready to write, and how many records they hold.
#[derive(Debug, Clone, Default)]
pub struct EncodedDocuments {
    /// Records encoded.
    pub count: usize,
    /// `documents.jsonl.zst` as it is written, in pieces to be written one after another.
    pub chunks: Vec<Vec<u8>>,
}

impl EncodedDocuments {
    /// Every record, decoded again (for tests and library users; the writers never need it).
    ///
    /// # Errors
    /// [`crate::Error::Internal`] when the bytes are not what [`DocumentsEncoder`] wrote.
    pub fn records(&self) -> crate::Result<Vec<serde_json::Value>> {
        let text = zstd::decode_all(self.chunks.concat().as_slice()).map_err(compressing)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{DocumentReport, SummarySentence};
    use std::io::Write;

    fn record(i: usize) -> DocumentReport {
        DocumentReport {
            id: format!("doc-{i}"),
            path: "in.jsonl".into(),
            title: format!("Title {i}\u{202e}"),
            language: "en".into(),
            tokens: i,
            sentences: 1,
            cluster: i % 3,
            subtopic: None,
            keywords: vec!["word".into()],
            phrases: Vec::new(),
            summary: vec![SummarySentence {
                text: "A sentence.".into(),
                sentence: 0,
                score: 0.5,
            }],
            x: 0.25,
            y: -0.5,
        }
    }

    #[test]
    fn records_encoded_block_by_block_decode_to_the_same_lines() {
        let records: Vec<DocumentReport> = (0..2500).map(record).collect();
        let mut encoder = DocumentsEncoder::new().unwrap();
        let blocks: Vec<String> = records
            .chunks(DocumentsEncoder::BLOCK)
            .map(|block| {
                let mut lines = Vec::new();
                for record in block {
                    DocumentsEncoder::append_line(&mut lines, record);
                }
                DocumentsEncoder::finish_lines(lines)
            })
            .collect();
        encoder.push_lines(&blocks, records.len()).unwrap();
        let encoded = encoder.finish().unwrap();
        assert_eq!(encoded.count, 2500);
        let decoded = encoded.records().unwrap();
        assert_eq!(decoded.len(), 2500);
        assert_eq!(decoded[2499]["id"], "doc-2499");
        assert_eq!(decoded[7]["cluster"], 1);
        // Bidi controls are escaped, as in report.json.
        assert!(
            blocks[0].contains("Title 0\\u202e"),
            "{}",
            &blocks[0][..200]
        );
        assert_eq!(blocks.concat().lines().count(), 2500);
    }

    #[test]
    fn chunks_hold_every_byte_in_order_without_growing_past_their_size() {
        let mut chunks = Chunks::default();
        let data: Vec<u8> = (0..(Chunks::SIZE * 2 + 100))
            .map(|i| (i % 251) as u8)
            .collect();
        chunks.write_all(&data[..10]).unwrap();
        chunks.write_all(&data[10..]).unwrap();
        assert_eq!(chunks.0.len(), 3);
        assert!(chunks.0.iter().all(|c| c.capacity() == Chunks::SIZE));
        assert_eq!(chunks.0.concat(), data);
    }
}
