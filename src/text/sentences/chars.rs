//! Character classes (terminals, closers, openers, dashes) and the small tests on lines and
//! ranges that every pass uses.

use std::ops::Range;

use super::abbreviations::Tables;
use super::punctuation::Case;

const TERMINALS: &[char] = &[
    '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '؟', '۔', '。', '！', '？',
];
/// Closing quotes and brackets belong to the sentence that ends before them.
const CLOSERS: &[char] = &[
    '»', '”', '"', '’', '\'', ')', ']', '}', '›', '」', '』', '）',
];
const OPENERS: &[char] = &[
    '«', '“', '"', '‘', '\'', '(', '[', '{', '‹', '„', '‚', '¿', '¡', '「', '『', '（',
];
/// Dashes and bullets that may stand before the first word of a sentence.
const DASHES: &[char] = &['-', '–', '—', '•', '*', '·'];

pub(super) fn is_terminal(c: char, tables: &Tables) -> bool {
    TERMINALS.contains(&c) || tables.semicolon_question && matches!(c, ';' | '\u{37E}')
}

pub(super) fn is_closer(c: char) -> bool {
    CLOSERS.contains(&c)
}

pub(super) fn is_opener(c: char) -> bool {
    OPENERS.contains(&c)
}

pub(super) fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

pub(super) fn case_of(c: char) -> Case {
    if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        Case::Lower
    } else {
        Case::None
    }
}

pub(super) fn ends_with_terminal(line: &str, tables: &Tables) -> bool {
    line.trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(|c| is_terminal(c, tables))
}

pub(super) fn starts_lowercase(line: &str) -> bool {
    line.trim_start_matches(|c| is_opener(c) || is_dash(c))
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

pub(super) fn is_all_caps(text: &str) -> bool {
    !text.chars().any(char::is_lowercase)
        && text.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
}

pub(super) fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (start < end).then_some(start..end)
}
