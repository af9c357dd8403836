//! An input cut into batches of raw, undecoded units, so that one thread can read (and
//! decompress) while others decode and analyse: a batch holds whole JSON Lines lines as
//! bytes, or the paths of files still to be read. Turning a unit into a document
//! ([`RawBatch::for_each_item`]) goes through the same functions as [`Source::items`], so a
//! streamed corpus has exactly the documents and skipped entries a loaded one has.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use super::jsonl::line_item;
use super::source::Walked;
use super::{InputKind, Skipped, Source, SourceItem};
use std::sync::mpsc::{sync_channel, Receiver};

use crate::error::{Error, Result};

/// JSON Lines bytes per batch. Every streaming reader of the corpus uses these sizes, so a
/// batch number and a rank in it name the same document in each (near-duplicates found by
/// `duplicates` are found again by `vectorise`).
pub(crate) const BATCH_BYTES: usize = 1 << 20;
/// Files per batch of a folder input (as [`BATCH_BYTES`]).
pub(crate) const BATCH_FILES: usize = 256;

/// Units of input, in input order.
#[derive(Debug, Default)]
pub(crate) struct RawBatch {
    /// Position of the batch in the input (0, 1, 2…).
    pub index: usize,
    /// Bytes of JSON Lines read for this batch (0 for other inputs).
    pub(crate) bytes_read: u64,
    data: Vec<u8>,
    units: Vec<Unit>,
}

#[derive(Debug)]
enum Unit {
    /// A JSON Lines line: `data[start..end]`, without its line end.
    Line {
        line_no: usize,
        start: usize,
        end: usize,
    },
    /// A file of a folder, read when the unit is decoded.
    File {
        path: PathBuf,
        label: Option<String>,
    },
    /// Something already read (a single file, CSV rows, standard input) or skipped.
    Item(SourceItem),
}

impl RawBatch {
    /// Number of units (documents or skipped entries, blank lines aside).
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Decodes every unit in order (reading files, parsing JSON) and hands each document or
    /// skipped entry to `f`; blank lines give nothing.
    pub(crate) fn for_each_item(self, source: &Source, mut f: impl FnMut(SourceItem)) {
        let RawBatch { data, units, .. } = self;
        for unit in units {
            match unit {
                Unit::Item(item) => f(item),
                unit => decode_unit(&unit, &data, source)
                    .into_iter()
                    .for_each(&mut f),
            }
        }
    }

    /// As [`RawBatch::for_each_item`], leaving the batch as it is (files are read and lines
    /// parsed again when it is consumed): to look at the first batch before counting starts.
    pub(crate) fn peek_items(&self, source: &Source, mut f: impl FnMut(SourceItem)) {
        for unit in &self.units {
            match unit {
                Unit::Item(item) => f(item.clone()),
                unit => decode_unit(unit, &self.data, source)
                    .into_iter()
                    .for_each(&mut f),
            }
        }
    }
}

/// The document or skipped entry of a line or file unit (`None` for a blank line or an
/// item, which needs no decoding).
fn decode_unit(unit: &Unit, data: &[u8], source: &Source) -> Option<SourceItem> {
    match unit {
        Unit::Line {
            line_no,
            start,
            end,
        } => line_item(
            source.shared_root(),
            *line_no,
            &data[*start..*end],
            source.params(),
        ),
        Unit::File { path, label } => Some(source.read_file(path, label.clone())),
        Unit::Item(_) => None,
    }
}

impl Source {
    /// Runs `work` on the batches while a thread of its own reads them, at most `ahead`
    /// batches ahead (reading and decompressing overlap the analysis without holding the
    /// input). A reading error wins over `work`'s result; `work` may stop early by dropping
    /// the receiver.
    pub(crate) fn read_ahead<R>(
        &self,
        target_bytes: usize,
        target_files: usize,
        ahead: usize,
        work: impl FnOnce(Receiver<RawBatch>) -> R,
    ) -> Result<R> {
        let (tx, rx) = sync_channel::<RawBatch>(ahead);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || -> Result<()> {
                for batch in self.batches(target_bytes, target_files) {
                    if tx.send(batch?).is_err() {
                        break;
                    }
                }
                Ok(())
            });
            let out = work(rx);
            reader
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("the reader thread failed".into())))?;
            Ok(out)
        })
    }

    /// The input in batches of about `target_bytes` of JSON Lines, or `target_files` files
    /// of a folder; other inputs come as batches of items already read.
    pub fn batches(
        &self,
        target_bytes: usize,
        target_files: usize,
    ) -> Box<dyn Iterator<Item = Result<RawBatch>> + Send + '_> {
        match self.kind() {
            InputKind::JsonLines => match self.reader() {
                Ok(reader) => Box::new(LineBatches {
                    reader: BufReader::with_capacity(1 << 20, reader),
                    root: self.root().to_path_buf(),
                    max_line: usize::try_from(self.params().max_file_size).unwrap_or(usize::MAX),
                    target_bytes,
                    line_no: 0,
                    index: 0,
                    done: false,
                }),
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
            InputKind::Folder => Box::new(unit_batches(
                self.walk().map(|entry| {
                    Ok(match entry {
                        Walked::File { path, label } => Unit::File { path, label },
                        Walked::Skipped(s) => Unit::Item(SourceItem::Skipped(s)),
                    })
                }),
                target_files,
            )),
            _ => Box::new(unit_batches(
                self.items().map(|item| item.map(Unit::Item)),
                target_files,
            )),
        }
    }
}

/// `units` in batches of `target_files`, the last one shorter; a reading error ends the batch
/// it falls in and is passed on in its place.
fn unit_batches(
    mut units: impl Iterator<Item = Result<Unit>> + Send,
    target_files: usize,
) -> impl Iterator<Item = Result<RawBatch>> + Send {
    let mut index = 0;
    std::iter::from_fn(move || {
        let mut batch = RawBatch {
            index,
            ..RawBatch::default()
        };
        for unit in units.by_ref() {
            match unit {
                Ok(unit) => batch.units.push(unit),
                Err(e) => return Some(Err(e)),
            }
            if batch.units.len() >= target_files {
                break;
            }
        }
        index += 1;
        (!batch.units.is_empty()).then_some(Ok(batch))
    })
}

/// JSON Lines cut into batches of whole lines, each line capped at `max_line` bytes as
/// [`super::json_lines`] does.
struct LineBatches<R> {
    reader: R,
    root: PathBuf,
    max_line: usize,
    target_bytes: usize,
    line_no: usize,
    index: usize,
    done: bool,
}

impl<R: BufRead> Iterator for LineBatches<R> {
    type Item = Result<RawBatch>;

    fn next(&mut self) -> Option<Result<RawBatch>> {
        if self.done {
            return None;
        }
        let mut batch = RawBatch {
            index: self.index,
            data: Vec::with_capacity(self.target_bytes + (self.target_bytes >> 3)),
            ..RawBatch::default()
        };
        self.index += 1;
        while batch.data.len() < self.target_bytes {
            self.line_no += 1;
            let line_no = self.line_no;
            let start = batch.data.len();
            let cap = self.max_line as u64;
            let read = (&mut self.reader)
                .take(cap.saturating_add(2))
                .read_until(b'\n', &mut batch.data);
            let n = match read {
                Ok(n) => n,
                Err(e) => {
                    // The stream is broken (truncated or corrupt compression): keep what was
                    // read and say where it stopped.
                    batch.data.truncate(start);
                    batch.units.push(Unit::Item(SourceItem::Skipped(Skipped {
                        path: format!("{}:{line_no}", self.root.display()),
                        reason: format!("unreadable from this line on: {e}"),
                    })));
                    self.done = true;
                    break;
                }
            };
            if n == 0 {
                self.done = true;
                break;
            }
            batch.bytes_read += n as u64;
            let newline = batch.data.last() == Some(&b'\n');
            let mut end = batch.data.len() - usize::from(newline);
            if (end - start) as u64 > cap {
                // Too long: drop what was kept and the rest of the line.
                let mut total = (end - start) as u64;
                batch.data.truncate(start);
                if !newline {
                    total += skip_line(&mut self.reader);
                }
                batch.units.push(Unit::Item(SourceItem::Skipped(Skipped {
                    path: format!("{}:{line_no}", self.root.display()),
                    reason: format!(
                        "line longer than the {} byte limit ({total} bytes)",
                        self.max_line
                    ),
                })));
                continue;
            }
            if end > start && batch.data[end - 1] == b'\r' {
                end -= 1;
            }
            batch.units.push(Unit::Line {
                line_no,
                start,
                end,
            });
        }
        (!batch.units.is_empty()).then_some(Ok(batch))
    }
}

/// Consumes the input up to and including the next `\n`; returns the bytes before it.
fn skip_line<R: BufRead>(reader: &mut R) -> u64 {
    let mut total = 0u64;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) if !c.is_empty() => c,
            _ => return total,
        };
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return total + i as u64;
            }
            None => {
                let n = chunk.len();
                total += n as u64;
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LoadParams;

    fn ids_and_reasons(source: &Source, target: usize) -> Vec<String> {
        let mut out = Vec::new();
        for batch in source.batches(target, 2) {
            batch.unwrap().for_each_item(source, |item| {
                out.push(match item {
                    SourceItem::Document { document, .. } => document.id,
                    SourceItem::Skipped(s) => format!("{}: {}", s.path, s.reason),
                })
            });
        }
        out
    }

    #[test]
    fn batches_give_the_items_a_plain_read_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        let long = "a".repeat(300);
        let text = format!(
            "{{\"id\": 1, \"text\": \"Uno.\"}}\r\n\n{{bad\n{{\"text\": \"{long}\"}}\n{{\"id\": 5, \"text\": \"Cinque.\"}}"
        );
        std::fs::write(&path, text).unwrap();
        let params = LoadParams {
            max_file_size: 100,
            ..LoadParams::default()
        };
        let source = Source::open(&path, &params).unwrap();
        let plain: Vec<String> = source
            .items()
            .map(|i| match i.unwrap() {
                SourceItem::Document { document, .. } => document.id,
                SourceItem::Skipped(s) => format!("{}: {}", s.path, s.reason),
            })
            .collect();
        assert_eq!(plain.len(), 4, "{plain:?}");
        for target in [1, 10, 1 << 20] {
            assert_eq!(ids_and_reasons(&source, target), plain, "target {target}");
        }
    }

    #[test]
    fn folder_batches_read_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("b.txt", "Bee."),
            ("a.txt", "Ay."),
            ("c.md", ""),
            ("d.txt", "D."),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let source = Source::open(dir.path(), &LoadParams::default()).unwrap();
        assert_eq!(
            ids_and_reasons(&source, 1),
            ["a.txt", "b.txt", "c.md: empty file", "d.txt"]
        );
    }
}
