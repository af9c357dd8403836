//! Sentence and heading boundaries for news articles, in every Snowball language.
//!
//! Owns: cutting a document into verbatim spans (sentences and headings) and numbering the
//! paragraphs they belong to. Does not own: tokens, elisions, stop words, language detection
//! or boilerplate removal; spans are byte ranges and callers decide what to keep.
//!
//! Three passes, in order:
//! 1. layout: blank lines make paragraphs; a short standalone line is a heading; the other
//!    lines of a paragraph are one stretch of prose where a newline is a space.
//! 2. punctuation: `.` `!` `?` `…` (with closing quotes and brackets) propose boundaries that
//!    abbreviation, initial and number filters confirm or reject.
//! 3. glued headings (Romance languages): a capitalised article after a plain word marks a
//!    heading or sentence whose newline and period were lost when the page was scraped.

use std::ops::Range;

use crate::language::Language;

mod abbreviations;

mod chars;
mod glued;
mod headings;
mod punctuation;
#[cfg(test)]
mod tests;

use chars::{is_all_caps, trimmed};
use glued::glued_cuts;
use headings::{heading_lines, is_list_item, looks_like_heading};
use punctuation::punctuation_cuts;

use abbreviations::Tables;

/// Headings are kept apart so that summaries can leave out titles, bylines, datelines and
/// credits, which are not sentences a reader can be shown as a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// Prose ending at a sentence boundary (or at the end of its paragraph).
    Sentence,
    /// A short line without final punctuation, a line or dateline in capitals, or a short
    /// heading glued to the next sentence.
    Heading,
}

/// A sentence or heading: byte range `[start, end)` into the text, trimmed of surrounding
/// whitespace, so `&text[start..end]` is the sentence verbatim. `paragraph` numbers the
/// blocks separated by blank lines, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Sentence or heading.
    pub kind: SpanKind,
    /// Block between blank lines, from 0.
    pub paragraph: usize,
}

/// A line longer than this is prose even without final punctuation.
const HEADING_MAX_WORDS: usize = 15;
const HEADING_MAX_CHARS: usize = 120;
/// A piece cut off by the glued-heading rule is a heading up to this length; a longer one
/// is a sentence that lost its period.
const GLUED_HEADING_MAX_WORDS: usize = 8;
/// How far the filters look around a period, which keeps a megabyte-long token linear.
const MAX_TOKEN_CHARS: usize = 40;

/// Splits `text` into sentence and heading spans, in order, together covering every
/// non-whitespace character exactly once. Never fails: text without punctuation is one
/// sentence per paragraph.
pub fn split(text: &str, language: Language) -> Vec<Span> {
    let tables = abbreviations::tables(language);
    // Trimmed lines; a blank line is an empty range.
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset = range.end;
        lines.push(trimmed(text, range).unwrap_or(offset..offset));
    }
    let document = Document {
        text,
        tables,
        wrap_width: wrap_width(text, &lines),
    };
    let mut spans = Vec::new();
    let paragraphs = lines
        .split(|line| line.is_empty())
        .filter(|lines| !lines.is_empty());
    for (paragraph, lines) in paragraphs.enumerate() {
        split_paragraph(&document, lines, paragraph, &mut spans);
    }
    spans
}

/// What every pass needs to know about the text being split.
struct Document<'t> {
    text: &'t str,
    tables: &'static Tables,
    /// The width the text was hard-wrapped at, if it was.
    wrap_width: Option<usize>,
}

/// The width of hard-wrapped text (Reuters, Gutenberg): nine lines in ten are no wider than
/// it, and it is at most 100 characters. Text with a paragraph per line has none.
fn wrap_width(text: &str, lines: &[Range<usize>]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| text[line.clone()].chars().count())
        .collect();
    if widths.len() < 3 {
        return None;
    }
    let ninth_decile = widths.len() * 9 / 10;
    let (_, width, _) = widths.select_nth_unstable(ninth_decile);
    (50..=100).contains(width).then_some(*width)
}

#[derive(Debug, Clone, Copy)]
struct Cut {
    at: usize,
    glued: bool,
}

/// Joins the lines of a paragraph into regions of prose, where a newline is only a space
/// (hard-wrapped text). A heading line is a region of its own, and a list item starts one.
fn split_paragraph(
    document: &Document,
    lines: &[Range<usize>],
    paragraph: usize,
    spans: &mut Vec<Span>,
) {
    let text = document.text;
    let headings = heading_lines(document, lines);
    let mut region: Option<Range<usize>> = None;
    for (i, line) in lines.iter().enumerate() {
        let starts_region =
            headings[i] || i > 0 && headings[i - 1] || is_list_item(&text[line.clone()]);
        if starts_region {
            if let Some(region) = region.take() {
                split_prose(document, region, paragraph, spans);
            }
        }
        let start = region.map_or(line.start, |region| region.start);
        region = Some(start..line.end);
    }
    if let Some(region) = region {
        split_prose(document, region, paragraph, spans);
    }
}

/// Cuts a region into sentences. Nothing after the region is looked at: it belongs to a
/// heading or another paragraph.
fn split_prose(document: &Document, region: Range<usize>, paragraph: usize, spans: &mut Vec<Span>) {
    let tables = document.tables;
    let text = &document.text[..region.end];
    // In text that is not hard-wrapped, a capital after a line break is evidence of a new
    // sentence after an ambiguous period (`U.S.\nThe`).
    let line_breaks_end = document.wrap_width.is_none();
    let mut cuts = punctuation_cuts(text, region.start, line_breaks_end, tables);
    if let Some(glued) = &tables.glued {
        cuts.extend(glued_cuts(text, region.start, tables, glued));
        cuts.sort_by_key(|cut| cut.at);
    }
    cuts.push(Cut {
        at: region.end,
        glued: false,
    });
    let region_shouts = is_all_caps(&text[region.clone()]);
    let first_span = spans.len();
    let mut start = region.start;
    for cut in cuts {
        let Some(piece) = trimmed(text, start..cut.at) else {
            continue;
        };
        start = cut.at;
        let sentence = &text[piece.clone()];
        // A trailing "1." or "***" is not shown on its own.
        if !sentence.chars().any(char::is_alphabetic) && spans.len() > first_span {
            if let Some(last) = spans.last_mut() {
                last.end = piece.end;
            }
            continue;
        }
        let whole_region = piece.start == region.start && cut.at == region.end;
        let kind = piece_kind(sentence, cut.glued, whole_region, region_shouts, tables);
        spans.push(Span {
            start: piece.start,
            end: piece.end,
            kind,
            paragraph,
        });
    }
}

/// Some prose pieces are headings after all: a short piece cut off by the glued rule, a
/// dateline or credit in capitals inside mixed-case text (`CARPI.`, `— © RIPRODUZIONE
/// RISERVATA`), and a short stretch of lines that is all of its region (`Argomenti:\nFederdat`).
fn piece_kind(
    piece: &str,
    glued: bool,
    whole_region: bool,
    region_shouts: bool,
    tables: &Tables,
) -> SpanKind {
    let at_most = |words: usize| piece.split_whitespace().nth(words).is_none();
    let heading = glued && at_most(GLUED_HEADING_MAX_WORDS)
        || !region_shouts && is_all_caps(piece) && at_most(HEADING_MAX_WORDS)
        || whole_region
            && piece.chars().nth(HEADING_MAX_CHARS).is_none()
            && looks_like_heading(piece, tables);
    if heading {
        SpanKind::Heading
    } else {
        SpanKind::Sentence
    }
}
