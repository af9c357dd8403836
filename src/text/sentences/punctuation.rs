//! Punctuation: every run of terminal marks proposes a boundary, which the abbreviation,
//! initial and number filters confirm or reject.

use unicode_segmentation::UnicodeSegmentation;

use super::abbreviations::{self, Abbreviation, Tables};
use super::chars::{case_of, is_apostrophe, is_closer, is_dash, is_opener, is_terminal};
use super::{Cut, MAX_TOKEN_CHARS};

/// Proposes a boundary after every run of terminal punctuation and closing marks, and keeps
/// it when [`ends_sentence`] agrees. `text` ends where the prose region ends.
pub(super) fn punctuation_cuts(
    text: &str,
    region_start: usize,
    line_breaks_end: bool,
    tables: &Tables,
) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut last_cut = region_start;
    let mut letters_since_cut = false;
    let mut quote_open = false;
    let mut at = region_start;
    while let Some(c) = text[at..].chars().next() {
        if !is_terminal(c, tables) {
            letters_since_cut |= c.is_alphabetic();
            quote_open ^= c == '"';
            at += c.len_utf8();
            continue;
        }
        let (run, end) = Run::scan(text, at, tables, &mut quote_open);
        if letters_since_cut && end < text.len() {
            let before = Before::read(text, last_cut, at, tables);
            if ends_sentence(
                &before,
                run,
                &Next::read(text, end, line_breaks_end),
                tables,
            ) {
                cuts.push(Cut {
                    at: end,
                    glued: false,
                });
                last_cut = end;
                letters_since_cut = false;
            }
        }
        at = end;
    }
    cuts
}

/// The terminal marks of one run: `.`, `...`, `?!`, `.»`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Run {
    periods: usize,
    ellipsis: bool,
    strong: bool,
}

impl Run {
    /// Reads terminal marks from `start` with the closing quotes and brackets that belong to
    /// them, also across one space (French `continuer. »`, `Kiss... ).`). A straight quote
    /// glued to the next word closes only an open quote: `surprised."We are` opens one.
    fn scan(text: &str, start: usize, tables: &Tables, quote_open: &mut bool) -> (Run, usize) {
        let mut run = Run::default();
        let mut end = start;
        loop {
            let mut chars = text[end..].chars();
            match chars.next() {
                Some(c) if is_terminal(c, tables) => {
                    run.add(c);
                    end += c.len_utf8();
                }
                Some('"') if !*quote_open && chars.next().is_some_and(|c| !c.is_whitespace()) => {
                    break
                }
                Some(c) if is_closer(c) => {
                    *quote_open &= c != '"';
                    end += c.len_utf8();
                }
                Some(c) if matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}') => {
                    match chars.next() {
                        Some(d) if matches!(d, '»' | '”' | ')' | ']' | '›') => {
                            end += c.len_utf8() + d.len_utf8()
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        (run, end)
    }

    fn add(&mut self, c: char) {
        match c {
            '.' => self.periods += 1,
            '…' => self.ellipsis = true,
            _ => self.strong = true,
        }
    }
}

/// What stands before a period, as far as the sentence boundary is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Before {
    /// Nothing, or a token too long to be an abbreviation.
    Nothing,
    Word {
        /// A lower-case word or a number, the only tokens after which a boundary is
        /// believed without a space (`in 2004.The firm`): not `U.S.`, `Node.js`, `Mr.`.
        plain: bool,
    },
    Abbreviation(Abbreviation),
    /// One letter: an initial when upper case, a list letter or `z. B.` when lower case,
    /// an abbreviation in scripts without case (Arabic, Tamil).
    Letter(Case),
    /// `U.S`, `S.p.A`, `a.m`: letters of at most three between periods.
    Acronym,
    Number,
    /// `1.` opening a list item.
    ListMarker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    Upper,
    Lower,
    None,
}

impl Before {
    /// Reads the token that ends at `period`, looking no further back than `floor`.
    fn read(text: &str, floor: usize, period: usize, tables: &Tables) -> Before {
        let head = &text[floor..period];
        let mut token_start = floor;
        for (n, (i, c)) in head.char_indices().rev().enumerate() {
            if c.is_whitespace() {
                token_start = floor + i + c.len_utf8();
                break;
            }
            if n == MAX_TOKEN_CHARS {
                return Before::Nothing;
            }
        }
        let token = text[token_start..period]
            .trim_start_matches(is_opener)
            .trim_end_matches(is_closer);
        // `l'on.`, `dell’art.`: the abbreviation is what follows the elided article.
        let token = abbreviations::split_elision(token).map_or(token, |(_, rest)| rest);
        // `Japan-U.S.`, `Canada/U.S.`: the last part is what the period belongs to.
        let last_part = token.rsplit(['-', '/']).next().unwrap_or(token);
        let Some(first) = last_part.chars().next() else {
            return Before::Nothing;
        };
        if let Some(abbreviation) = tables.abbreviation(last_part) {
            return Before::Abbreviation(abbreviation);
        }
        if last_part.graphemes(true).nth(1).is_none() && first.is_alphabetic() {
            return Before::Letter(case_of(first));
        }
        if last_part.contains('.') {
            let acronym = last_part.split('.').all(|part| {
                !part.is_empty()
                    && part.chars().count() <= 3
                    && part.chars().all(char::is_alphabetic)
            });
            return if acronym {
                Before::Acronym
            } else {
                Before::Word { plain: false }
            };
        }
        if token.chars().all(char::is_numeric) {
            let opens_item = text[floor..token_start].trim_end().is_empty()
                || text[floor..token_start].trim_end().ends_with(':');
            return if opens_item && token.len() <= 3 {
                Before::ListMarker
            } else {
                Before::Number
            };
        }
        let tail_start = token
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let tail = &token[tail_start..];
        let plain = !token.contains(['@', '/', ':'])
            && tail.chars().nth(1).is_some()
            && !tail.chars().any(char::is_uppercase);
        Before::Word { plain }
    }
}

/// What follows a run of terminal punctuation, after spaces and opening quotes or dashes.
#[derive(Debug)]
pub(super) struct Next<'t> {
    class: NextClass,
    /// The leading word, for the sentence-starter tables.
    word: &'t str,
    spaced: bool,
    /// A line break that may end a sentence (see [`split_prose`]).
    line_break: bool,
    /// `J. R. R.`, `z. B.`: the next word is itself one letter with a period.
    initial: bool,
    /// `www.Example.com`: the word goes on as a host name or a path.
    domain_like: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NextClass {
    End,
    Lower,
    /// Upper case, or a letter from a script without case.
    Upper,
    Digit,
    /// `Kiss... ).`: punctuation that cannot open a sentence.
    Continuation,
    /// A symbol that can open one: `$5bn`, `#TechMission`.
    Other,
}

impl<'t> Next<'t> {
    fn read(text: &'t str, at: usize, line_breaks_end: bool) -> Next<'t> {
        let rest = &text[at..];
        let body = rest.trim_start();
        let space = &rest[..rest.len() - body.len()];
        let body = body.trim_start_matches(|c| is_opener(c) || is_dash(c));
        let word_end = body
            .char_indices()
            .take(MAX_TOKEN_CHARS)
            .take_while(|&(_, c)| c.is_alphanumeric() || is_apostrophe(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let (word, after_word) = body.split_at(word_end);
        let class = match body.chars().next() {
            None => NextClass::End,
            Some(c) if c.is_lowercase() => {
                // iPhone, eBay start sentences like capitalised words.
                let camel = word.chars().nth(1).is_some_and(char::is_uppercase);
                if camel {
                    NextClass::Upper
                } else {
                    NextClass::Lower
                }
            }
            Some(c) if c.is_numeric() => NextClass::Digit,
            Some(c) if c.is_alphabetic() => NextClass::Upper,
            Some(c) if is_closer(c) || matches!(c, ',' | ';' | ':') => NextClass::Continuation,
            Some(_) => NextClass::Other,
        };
        Next {
            class,
            word,
            spaced: !space.is_empty(),
            line_break: line_breaks_end && space.contains('\n'),
            initial: word.chars().count() == 1 && after_word.starts_with('.'),
            domain_like: after_word.starts_with(['.', '/', '@'])
                && after_word[1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric),
        }
    }
}

/// The boundary decision for one run of terminal punctuation.
fn ends_sentence(before: &Before, run: Run, next: &Next, tables: &Tables) -> bool {
    if !next.spaced {
        // Scraped text drops the space (`in 2004.The firm`); trust it only between a plain
        // word and a capitalised word, which excludes `U.S.`, `4.0`, `www.example.com`.
        let word_like =
            next.word.chars().nth(1).is_some() && next.word.chars().any(char::is_lowercase);
        let plain = matches!(before, Before::Word { plain: true } | Before::Number);
        return next.class == NextClass::Upper && word_like && plain && !next.domain_like;
    }
    match next.class {
        NextClass::End => return true,
        NextClass::Lower | NextClass::Continuation => return false,
        NextClass::Upper | NextClass::Digit | NextClass::Other => {}
    }
    if run.strong || run.ellipsis || run.periods > 1 {
        return true;
    }
    // A word that usually opens sentences confirms an ambiguous period; so does a line
    // break before a capital, since text with one sentence per line is common.
    let confirmed = !next.initial
        && (tables.is_starter(next.word) || next.line_break && next.class == NextClass::Upper);
    match before {
        Before::Nothing | Before::Word { .. } => true,
        // `alle 17. 30`: a time or a decimal with a stray space.
        Before::Number if next.class == NextClass::Digit => false,
        Before::Number if tables.ordinal_numbers => confirmed,
        Before::Number => true,
        Before::ListMarker => false,
        Before::Abbreviation(Abbreviation::Never) => false,
        Before::Abbreviation(Abbreviation::BeforeNumber) => next.class != NextClass::Digit,
        Before::Abbreviation(Abbreviation::Ambiguous) | Before::Acronym => confirmed,
        Before::Letter(Case::Upper) => confirmed,
        Before::Letter(Case::Lower) => !next.initial,
        Before::Letter(Case::None) => false,
    }
}
