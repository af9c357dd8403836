//! Layout: which lines are headings (short, standalone, unpunctuated) and which start a list
//! item; both start a region of prose of their own.

use std::ops::Range;

use super::abbreviations::Tables;
use super::chars::{ends_with_terminal, is_all_caps, starts_lowercase};
use super::{Document, HEADING_MAX_CHARS, HEADING_MAX_WORDS};

/// A heading is short, has no final punctuation (unless it is all capitals) and stands
/// alone: the line before it ended and the line after it does not continue in lower case.
/// It becomes a heading span unless a sentence boundary falls inside it (`CARPI. Ieri …`).
/// In hard-wrapped text a line wider than three fifths of the wrap width is a wrapped line,
/// however it ends, which keeps `… shares in\nMicrosoft …` together.
pub(super) fn heading_lines(document: &Document, lines: &[Range<usize>]) -> Vec<bool> {
    let Document {
        text,
        tables,
        wrap_width,
    } = *document;
    let mut headings = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let line = &text[line.clone()];
        let previous_ended =
            i == 0 || headings[i - 1] || ends_with_terminal(&text[lines[i - 1].clone()], tables);
        let next_is_new = lines
            .get(i + 1)
            .is_none_or(|next| !starts_lowercase(&text[next.clone()]));
        let width = line.chars().take(HEADING_MAX_CHARS + 1).count();
        let wrapped = wrap_width.is_some_and(|wrap| width * 5 > wrap * 3);
        headings[i] = previous_ended
            && next_is_new
            && !wrapped
            && width <= HEADING_MAX_CHARS
            && looks_like_heading(line, tables);
    }
    headings
}

/// Short, not continued by its last character or word, and without final punctuation unless
/// it is in capitals.
pub(super) fn looks_like_heading(line: &str, tables: &Tables) -> bool {
    let short = line.split_whitespace().nth(HEADING_MAX_WORDS).is_none();
    let continues = line.ends_with([
        ',', ';', ':', '(', '[', '«', '“', '-', '–', '—', '/', '&', '+',
    ]) || line
        .split_whitespace()
        .next_back()
        .is_some_and(|word| tables.dangling.contains(&word));
    short
        && !continues
        && (is_all_caps(line) || !is_list_item(line) && !ends_with_terminal(line, tables))
}

/// `- item`, `• item`, `1. item`, `2) item`.
pub(super) fn is_list_item(line: &str) -> bool {
    let marker_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let marker = &line[..marker_end];
    let numbered = marker.strip_suffix(['.', ')']).is_some_and(|number| {
        (1..=2).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit())
    });
    marker_end < line.len()
        && (numbered
            || matches!(
                marker,
                "-" | "–" | "—" | "•" | "*" | "·" | "▪" | "►" | "‣" | "◦"
            ))
}
