//! Sentence splitting (interim version; to be replaced by the full rule-based splitter).

use crate::language::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Sentence,
    Heading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
    pub paragraph: usize,
}

pub fn split(text: &str, _language: Language) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut paragraph = 0;
    let mut offset = 0;
    for (i, para) in text.split("\n\n").enumerate() {
        let base = offset;
        offset += para.len() + 2;
        paragraph = i;
        for line in split_keep(para) {
            let (ls, le) = line;
            let l = &para[ls..le];
            let trimmed = l.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = l.len() - l.trim_start().len();
            let s = base + ls + lead;
            let ends = trimmed.ends_with(['.', '!', '?', '»', '”', '"']);
            let kind = if !ends && trimmed.split_whitespace().count() <= 15 {
                SpanKind::Heading
            } else {
                SpanKind::Sentence
            };
            if kind == SpanKind::Heading {
                spans.push(Span {
                    start: s,
                    end: s + trimmed.len(),
                    kind,
                    paragraph,
                });
                continue;
            }
            let bytes = trimmed.as_bytes();
            let mut st = 0;
            let mut j = 0;
            while j < bytes.len() {
                if matches!(bytes[j], b'.' | b'!' | b'?')
                    && j + 2 < bytes.len()
                    && bytes[j + 1] == b' '
                    && (bytes[j + 2] as char).is_ascii_uppercase()
                {
                    spans.push(Span {
                        start: s + st,
                        end: s + j + 1,
                        kind: SpanKind::Sentence,
                        paragraph,
                    });
                    st = j + 2;
                }
                j += 1;
            }
            spans.push(Span {
                start: s + st,
                end: s + trimmed.len(),
                kind: SpanKind::Sentence,
                paragraph,
            });
        }
    }
    let _ = paragraph;
    spans
}

fn split_keep(para: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in para.char_indices() {
        if c == '\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, para.len()));
    out
}
