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

use unicode_segmentation::UnicodeSegmentation;

use crate::language::Language;

mod abbreviations;

use abbreviations::{Abbreviation, Glued, Tables};

/// Headings are kept apart so that summaries can leave out titles, bylines, datelines and
/// credits, which are not sentences a reader can be shown as a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
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
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
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

/// A heading is short, has no final punctuation (unless it is all capitals) and stands
/// alone: the line before it ended and the line after it does not continue in lower case.
/// It becomes a heading span unless a sentence boundary falls inside it (`CARPI. Ieri …`).
/// In hard-wrapped text a line wider than three fifths of the wrap width is a wrapped line,
/// however it ends, which keeps `… shares in\nMicrosoft …` together.
fn heading_lines(document: &Document, lines: &[Range<usize>]) -> Vec<bool> {
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
fn looks_like_heading(line: &str, tables: &Tables) -> bool {
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
fn is_list_item(line: &str) -> bool {
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

/// Proposes a boundary after every run of terminal punctuation and closing marks, and keeps
/// it when [`ends_sentence`] agrees. `text` ends where the prose region ends.
fn punctuation_cuts(
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
struct Run {
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
enum Before {
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
enum Case {
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
struct Next<'t> {
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

/// Cuts before a capitalised sentence starter that follows a plain word: `… innovazioni ing
/// Le fasi dell’accordo Il progetto si articola …`. The word after the starter must be lower
/// case (`Il progetto`, not `Il Sole`), the word before must not be an article or preposition
/// (`secondo La Repubblica`), and nothing is cut inside quotes or brackets.
fn glued_cuts(text: &str, region_start: usize, tables: &Tables, glued: &Glued) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut nesting = Nesting::default();
    let mut previous: [&str; 2] = ["", ""];
    let mut tokens = text[region_start..].split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        // Tokens are subslices of `text`, so their offset is the pointer difference.
        let at = token.as_ptr() as usize - text.as_ptr() as usize;
        let next = tokens.peek().copied();
        if nesting.is_closed()
            && starts_glued_sentence(previous, token, next, tables, glued)
            && !abbreviations::NAMES_WITH_ARTICLE
                .iter()
                .any(|name| starts_with_name(&text[at..], name))
        {
            cuts.push(Cut { at, glued: true });
        }
        nesting.update(token);
        previous = [previous[1], token];
    }
    cuts
}

/// `previous` holds the two words before `token`, `next` the one after it.
fn starts_glued_sentence(
    previous: [&str; 2],
    token: &str,
    next: Option<&str>,
    tables: &Tables,
    glued: &Glued,
) -> bool {
    let [before_previous, previous] = previous;
    if !token.starts_with(char::is_uppercase) || !previous.ends_with(char::is_alphabetic) {
        return false;
    }
    // A word in capitals ends a shouted heading (`RISTORANTI E BAR Dal 26 aprile …`).
    let is_previous = |entry: &&str| abbreviations::eq_ignore_case(entry, previous);
    if !is_all_caps(previous)
        && (glued.not_after.iter().any(is_previous) || tables.starters.iter().any(is_previous))
    {
        return false;
    }
    let (word, comma) = match token.strip_suffix(',') {
        Some(word) => (word, true),
        None => (token, false),
    };
    if let Some((head, rest)) = abbreviations::split_elision(word) {
        return glued.elided.contains(&head) && rest.starts_with(char::is_lowercase);
    }
    // A single capitalised word may be a name that goes on: `ospedale Umberto I`, `la Formula
    // Uno`, `Battista Durante, segretario`; after a full name (a byline) a sentence starts.
    let capitalised =
        |word: &str| word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase);
    let after_name = capitalised(previous) && !capitalised(before_previous);
    let starter = tables.starters.contains(&word)
        && (word.chars().nth(1).is_some() || glued.single_letters.contains(&word))
        && !(after_name && glued.name_parts.contains(&word));
    let lower_case_follows = next.is_some_and(|next| {
        let letters = next
            .chars()
            .take_while(|c| c.is_alphabetic())
            .take(2)
            .count();
        next.starts_with(char::is_lowercase) && letters == 2 || next.starts_with(char::is_numeric)
    });
    starter && (comma && !after_name || lower_case_follows)
}

fn starts_with_name(text: &str, name: &str) -> bool {
    text.strip_prefix(name)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Open quotes and brackets, so that titles and quoted speech are left alone.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
    straight_quote_open: bool,
}

impl Nesting {
    fn is_closed(&self) -> bool {
        self.depth == 0 && !self.straight_quote_open
    }

    fn update(&mut self, token: &str) {
        for c in token.chars() {
            match c {
                '«' | '“' | '(' | '[' => self.depth = self.depth.saturating_add(1),
                '»' | '”' | ')' | ']' => self.depth = self.depth.saturating_sub(1),
                '"' => self.straight_quote_open = !self.straight_quote_open,
                _ => {}
            }
        }
    }
}

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

fn is_terminal(c: char, tables: &Tables) -> bool {
    TERMINALS.contains(&c) || tables.semicolon_question && matches!(c, ';' | '\u{37E}')
}

fn is_closer(c: char) -> bool {
    CLOSERS.contains(&c)
}

fn is_opener(c: char) -> bool {
    OPENERS.contains(&c)
}

fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn case_of(c: char) -> Case {
    if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        Case::Lower
    } else {
        Case::None
    }
}

fn ends_with_terminal(line: &str, tables: &Tables) -> bool {
    line.trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(|c| is_terminal(c, tables))
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start_matches(|c| is_opener(c) || is_dash(c))
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

fn is_all_caps(text: &str) -> bool {
    !text.chars().any(char::is_lowercase)
        && text.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
}

fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, Instant};
    use Language::{English, German, Italian};
    use SpanKind::{Heading, Sentence};

    const LANGUAGES: [Language; 18] = Language::ALL;

    fn sentences(text: &str, language: Language) -> Vec<&str> {
        split(text, language)
            .iter()
            .map(|span| &text[span.start..span.end])
            .collect()
    }

    fn kinds(text: &str, language: Language) -> Vec<(SpanKind, &str)> {
        split(text, language)
            .iter()
            .map(|span| (span.kind, &text[span.start..span.end]))
            .collect()
    }

    /// Spans are ordered, disjoint, non-empty, trimmed, on char boundaries, and cover every
    /// non-whitespace char.
    fn check_invariants(text: &str, spans: &[Span]) -> Result<(), String> {
        let mut covered_to = 0;
        for span in spans {
            if span.start < covered_to || span.start >= span.end || span.end > text.len() {
                return Err(format!("bad range {span:?} after {covered_to}"));
            }
            let (Some(gap), Some(body)) = (
                text.get(covered_to..span.start),
                text.get(span.start..span.end),
            ) else {
                return Err(format!("not on a char boundary: {span:?}"));
            };
            if !gap.chars().all(char::is_whitespace) {
                return Err(format!("uncovered text {gap:?} before {span:?}"));
            }
            if body.trim() != body {
                return Err(format!("untrimmed span {body:?}"));
            }
            covered_to = span.end;
        }
        if !text[covered_to..].chars().all(char::is_whitespace) {
            return Err(format!("uncovered tail {:?}", &text[covered_to..]));
        }
        Ok(())
    }

    #[test]
    fn blank_line_ends_a_sentence_and_numbers_paragraphs() {
        let text = "La trasferta negli Stati Uniti è promossa da Confindustria Lombardia e dal Digital \
                    Innovation Hub Lombardia con il sostegno di molte imprese del territorio\n\n  \n\
                    Tutti gli aspetti organizzativi saranno curati dal UNIVA. La partenza è fissata a ottobre.";
        let spans = split(text, Italian);
        assert_eq!(spans.len(), 3);
        assert_eq!(
            spans.iter().map(|span| span.paragraph).collect::<Vec<_>>(),
            [0, 1, 1]
        );
        assert!(spans.iter().all(|span| span.kind == Sentence));
        assert!(text[spans[0].start..spans[0].end].ends_with("del territorio"));
        let windows = "Titolo\r\n\r\nPrima frase. Seconda frase.\r\n";
        assert_eq!(
            kinds(windows, Italian),
            [
                (Heading, "Titolo"),
                (Sentence, "Prima frase."),
                (Sentence, "Seconda frase.")
            ]
        );
    }

    #[test]
    fn newline_after_terminal_punctuation_ends_a_sentence() {
        let text = "L’obiettivo è favorire lo sviluppo di dinamiche di prossimità tra imprese.\n\
                    Il progetto, finanziato con 1,2 milioni, punta a obiettivi comuni.";
        assert_eq!(
            sentences(text, Italian),
            [
                "L’obiettivo è favorire lo sviluppo di dinamiche di prossimità tra imprese.",
                "Il progetto, finanziato con 1,2 milioni, punta a obiettivi comuni."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn\n\
                    (£600m) for the three months to December, from $639m year-earlier.\n\
                    The firm said fourth quarter sales rose 2% to $11.1bn from $10.9bn.";
        let found = sentences(text, English);
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("$1.13bn\n(£600m)"));
    }

    #[test]
    fn wrapped_line_before_a_capital_is_not_a_heading() {
        let text = "    Time Warner said on Friday that it now owns eight pct of search\n\
                    engine Google. But its own internet business, AOL, had mixed luck as\n\
                    Yahoo took its share of the advertising market in the fourth quarter.\n\
                    \x20   The company said it lost 464,000 subscribers in the quarter and\n\
                    would try to sign up more customers for its broadband service, the\n\
                    analysts said.\n\
                    Reuter\n";
        assert_eq!(
            kinds(text, English),
            [
                (Sentence, "Time Warner said on Friday that it now owns eight pct of search\nengine Google."),
                (
                    Sentence,
                    "But its own internet business, AOL, had mixed luck as\n\
                     Yahoo took its share of the advertising market in the fourth quarter."
                ),
                (
                    Sentence,
                    "The company said it lost 464,000 subscribers in the quarter and\n\
                     would try to sign up more customers for its broadband service, the\n\
                     analysts said."
                ),
                (Heading, "Reuter"),
            ]
        );
    }

    #[test]
    fn terminal_punctuation_combinations() {
        let text = "Davvero?! Non ci credo... Eppure è successo! Il sindaco ha parlato… Poi se n’è andato?";
        assert_eq!(
            sentences(text, Italian),
            [
                "Davvero?!",
                "Non ci credo...",
                "Eppure è successo!",
                "Il sindaco ha parlato…",
                "Poi se n’è andato?"
            ]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence_that_ends() {
        let text = "Il ministro ha detto: «Andremo avanti.» Poi ha lasciato la sala. \
                    (La seduta è stata sospesa.) I lavori riprenderanno “domani.” Nessuno ha obiettato.";
        assert_eq!(
            sentences(text, Italian),
            [
                "Il ministro ha detto: «Andremo avanti.»",
                "Poi ha lasciato la sala.",
                "(La seduta è stata sospesa.)",
                "I lavori riprenderanno “domani.”",
                "Nessuno ha obiettato."
            ]
        );
    }

    #[test]
    fn sentence_ending_inside_an_italian_quote_ends_after_the_closing_mark() {
        let text =
            "Per Bocciolone la partnership è «un vero e proprio investimento per il futuro». \
                    La collaborazione con PoliHub segna un nuovo approccio.";
        assert_eq!(
            sentences(text, Italian),
            [
                "Per Bocciolone la partnership è «un vero e proprio investimento per il futuro».",
                "La collaborazione con PoliHub segna un nuovo approccio."
            ]
        );
    }

    #[test]
    fn quote_followed_by_comma_or_lowercase_is_one_sentence() {
        let italian =
            "«Questa partnership sancisce un altro importante passo verso la realizzazione \
                       dell’acceleratore di imprenditorialità Mill», ha dichiarato Grassi.";
        assert_eq!(sentences(italian, Italian), [italian]);
        let asked =
            "«Ho contribuito a farne prendere tanti!» continua l'anziana, con piglio fiero.";
        assert_eq!(sentences(asked, Italian), [asked]);
        let english = "\"Are you sure?\" he asked. \"We are pleased,\" he said.";
        assert_eq!(
            sentences(english, English),
            [
                "\"Are you sure?\" he asked.",
                "\"We are pleased,\" he said."
            ]
        );
    }

    #[test]
    fn french_spaced_quotes_close_the_sentence() {
        let text =
            "Le ministre a dit : « Nous allons continuer. » Selon M. Dupont, l’accord est proche.";
        assert_eq!(
            sentences(text, Language::French),
            [
                "Le ministre a dit : « Nous allons continuer. »",
                "Selon M. Dupont, l’accord est proche."
            ]
        );
    }

    #[test]
    fn italian_elisions_do_not_split() {
        let text =
            "È un passo importante per lo sviluppo dell’economia lombarda e per l'innovazione. \
                    C’è ancora un po’ di strada da fare, con una crescita all'1.5% nel trimestre. \
                    L’accordo è stato firmato un po'. Dell’intesa si parlerà domani.";
        assert_eq!(
            sentences(text, Italian),
            [
                "È un passo importante per lo sviluppo dell’economia lombarda e per l'innovazione.",
                "C’è ancora un po’ di strada da fare, con una crescita all'1.5% nel trimestre.",
                "L’accordo è stato firmato un po'.",
                "Dell’intesa si parlerà domani."
            ]
        );
    }

    #[test]
    fn italian_abbreviations_do_not_end_sentences() {
        let text = "Il Dott. Rossi e il Prof. Bianchi hanno incontrato la Sig.ra Verdi, il Sig. Neri e l'on. \
                    Gentiloni. Il dott. Gialli, l'ing. Neri e l'avv. Russo, il Dr. Conti, ecc. Il sindaco era assente. \
                    Lo prevede l'art. 5 del decreto a pag. 12, comma n. 3, come spiega il tel. 0536 21011. \
                    La Mario Rossi S.p.A. ha chiuso in utile, p.es. in Lombardia, con ca. 200 dipendenti. \
                    Anche la Bianchi S.r.l. Il bilancio è positivo.";
        assert_eq!(
            sentences(text, Italian),
            [
                "Il Dott. Rossi e il Prof. Bianchi hanno incontrato la Sig.ra Verdi, il Sig. Neri e l'on. Gentiloni.",
                "Il dott. Gialli, l'ing. Neri e l'avv. Russo, il Dr. Conti, ecc.",
                "Il sindaco era assente.",
                "Lo prevede l'art. 5 del decreto a pag. 12, comma n. 3, come spiega il tel. 0536 21011.",
                "La Mario Rossi S.p.A. ha chiuso in utile, p.es. in Lombardia, con ca. 200 dipendenti.",
                "Anche la Bianchi S.r.l.",
                "Il bilancio è positivo."
            ]
        );
    }

    #[test]
    fn english_abbreviations_do_not_end_sentences() {
        let text = "Mr. Smith met Mrs. Jones, Ms. Lee and Dr. Brown at St. Paul's. Prof. White of Acme Inc. \
                    said the deal was done at 10 a.m. on Jan. 5. The U.S. and U.K. governments, e.g. the \
                    Treasury, i.e. the finance ministry, agreed. No. 10 said Smith Jr. would attend, vs. \
                    last year, with Acme Ltd. and Beta Co. as partners, etc. They rose in the U.S. \
                    The firm said U.S. President Bush was pleased.";
        assert_eq!(
            sentences(text, English),
            [
                "Mr. Smith met Mrs. Jones, Ms. Lee and Dr. Brown at St. Paul's.",
                "Prof. White of Acme Inc. said the deal was done at 10 a.m. on Jan. 5.",
                "The U.S. and U.K. governments, e.g. the Treasury, i.e. the finance ministry, agreed.",
                "No. 10 said Smith Jr. would attend, vs. last year, with Acme Ltd. and Beta Co. as partners, etc.",
                "They rose in the U.S.",
                "The firm said U.S. President Bush was pleased."
            ]
        );
    }

    #[test]
    fn initials_do_not_end_sentences() {
        let italian = "Il libro di J. R. R. Tolkien è stato tradotto da V. Alliata. La Traviata di G. Verdi torna alla Scala.";
        assert_eq!(
            sentences(italian, Italian),
            [
                "Il libro di J. R. R. Tolkien è stato tradotto da V. Alliata.",
                "La Traviata di G. Verdi torna alla Scala."
            ]
        );
        let english =
            "George W. Bush met John F. Kennedy's nephew. He played in Serie A. The team won.";
        assert_eq!(
            sentences(english, English),
            [
                "George W. Bush met John F. Kennedy's nephew.",
                "He played in Serie A.",
                "The team won."
            ]
        );
    }

    #[test]
    fn numbers_decimals_and_versions_do_not_split() {
        let text = "Il Pil è cresciuto del 3.5% e il fatturato di 1.2 milioni con Industria 4.0 e un indice \
                    di 1,2 punti, versione v2.3.1 del software. È accaduto ieri alle 17. 30 in via Ferretti. \
                    I punti sono: 1. investimenti e 2. formazione.";
        assert_eq!(
            sentences(text, Italian),
            [
                "Il Pil è cresciuto del 3.5% e il fatturato di 1.2 milioni con Industria 4.0 e un indice di 1,2 punti, versione v2.3.1 del software.",
                "È accaduto ieri alle 17. 30 in via Ferretti.",
                "I punti sono: 1. investimenti e 2. formazione."
            ]
        );
        let english = "Sales rose to $11.1bn in 2004. The firm expects 3.5% growth.";
        assert_eq!(
            sentences(english, English),
            [
                "Sales rose to $11.1bn in 2004.",
                "The firm expects 3.5% growth."
            ]
        );
    }

    #[test]
    fn urls_and_email_addresses_do_not_split() {
        let text =
            "Informazioni su www.example.com e a info@example.it entro lunedì. Il bando è su \
                    https://www.regione.lombardia.it/bandi. Le domande vanno inviate entro giugno.";
        assert_eq!(
            sentences(text, Italian),
            [
                "Informazioni su www.example.com e a info@example.it entro lunedì.",
                "Il bando è su https://www.regione.lombardia.it/bandi.",
                "Le domande vanno inviate entro giugno."
            ]
        );
    }

    #[test]
    fn ellipsis_before_lowercase_does_not_split() {
        let text = "Spacciano a Fiorano, Formigine... e stavolta la polizia li ha seguiti. Chissà cosa faranno…";
        assert_eq!(
            sentences(text, Italian),
            [
                "Spacciano a Fiorano, Formigine... e stavolta la polizia li ha seguiti.",
                "Chissà cosa faranno…"
            ]
        );
    }

    #[test]
    fn missing_space_after_full_stop_splits_between_words() {
        let text = "Profits rose 76% in 2004.The firm said sales were up.Analysts were surprised.\"We are pleased.\"The end.";
        assert_eq!(
            sentences(text, English),
            [
                "Profits rose 76% in 2004.",
                "The firm said sales were up.",
                "Analysts were surprised.",
                "\"We are pleased.\"",
                "The end."
            ]
        );
        for text in [
            "The U.S.Treasury agreed.",
            "Use a language, e.g.Python, for the job.",
            "Il piano Industria 4.0 è partito.",
            "La Rossi S.p.A.Milano ha chiuso.",
            "Visit www.example.com or www.Example.com today.",
            "The site runs on Node.js and Vue.Js code.",
        ] {
            assert_eq!(sentences(text, English), [text]);
        }
    }

    #[test]
    fn glued_headings_are_split_in_italian() {
        let text = "Un focus sulle startup deep-tech, che sviluppano tecnologie basate su scoperte scientifiche \
                    o innovazioni ing Le fasi dell’accordo Il progetto si articola in diverse fasi. Confindustria \
                    ha programmato due workshop, aperti a tutte le aziende La seconda fase prevede l’individuazione \
                    delle imprese Champions e delle strategie future Infine, nella terza fase si procederà con lo \
                    scouting. Il fine ultimo è chiaro. L’accordo e gli obiettivi Il presidente ha parlato.";
        assert_eq!(
            kinds(text, Italian),
            [
                (
                    Sentence,
                    "Un focus sulle startup deep-tech, che sviluppano tecnologie basate su scoperte scientifiche o innovazioni ing"
                ),
                (Heading, "Le fasi dell’accordo"),
                (Sentence, "Il progetto si articola in diverse fasi."),
                (Sentence, "Confindustria ha programmato due workshop, aperti a tutte le aziende"),
                (
                    Sentence,
                    "La seconda fase prevede l’individuazione delle imprese Champions e delle strategie future"
                ),
                (Sentence, "Infine, nella terza fase si procederà con lo scouting."),
                (Sentence, "Il fine ultimo è chiaro."),
                (Heading, "L’accordo e gli obiettivi"),
                (Sentence, "Il presidente ha parlato."),
            ]
        );
    }

    #[test]
    fn glued_rule_keeps_names_titles_and_quotes_together() {
        for text in [
            "Lo ha riferito ieri Il Sole 24 Ore citando fonti del ministero.",
            "La stima è stata pubblicata secondo Il Sole 24 Ore nei giorni scorsi.",
            "Ha rivisto La vita è bella con la famiglia.",
            "È stato ricoverato all'ospedale Umberto I di Roma.",
            "Ha abbandonato la Formula Uno per dedicarsi alla ricerca.",
            "La notizia è stata ripresa da La Repubblica e da Il Corriere della Sera nelle edizioni online.",
            "Il fatto è stato riportato oggi Il Sole 24 Ore e commentato in serata.",
            "Il film La grande bellezza ha vinto l'Oscar nel 2014.",
            "Il titolo è «Il giorno della civetta» e parla di mafia.",
            "Lo scontro è avvenuto a La Spezia durante la notte.",
            "Ha vinto la vitamina A e la vitamina C in una sola dose.",
            "Lo ha detto Carlo Del Grande, presidente del gruppo.",
        ] {
            assert_eq!(sentences(text, Italian), [text]);
        }
    }

    #[test]
    fn glued_rule_is_off_where_capitals_are_common() {
        let english = "Shares in the firm rose sharply The company said profits were up.";
        assert_eq!(sentences(english, English), [english]);
        let german = "Die Firma meldete hohe Gewinne Der Vorstand ist sehr zufrieden.";
        assert_eq!(sentences(german, German), [german]);
    }

    #[test]
    fn short_standalone_lines_are_headings() {
        let text =
            "Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0\n\n\
                    Piantoni (Confindustria): occasione unica per le imprese\n\n\
                    «Ci sono le grandi imprese ma anche le Pmi», spiega Paolo Piantoni.\n\
                    Tecnologie, formazione e cybersecurity\n\
                    L’intesa prevede lo scambio di buone pratiche.\n\n\
                    Argomenti:\nFederdat";
        assert_eq!(
            kinds(text, Italian),
            [
                (Heading, "Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0"),
                (Heading, "Piantoni (Confindustria): occasione unica per le imprese"),
                (Sentence, "«Ci sono le grandi imprese ma anche le Pmi», spiega Paolo Piantoni."),
                (Heading, "Tecnologie, formazione e cybersecurity"),
                (Sentence, "L’intesa prevede lo scambio di buone pratiche."),
                (Heading, "Argomenti:\nFederdat"),
            ]
        );
        let bbc = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.";
        assert_eq!(
            kinds(bbc, English)[0],
            (Heading, "Ad sales boost Time Warner profit")
        );
    }

    #[test]
    fn capitals_are_headings() {
        let text = "ULTIME NOTIZIE\nCARPI. Ieri sera la Compagnia dei carabinieri ha denunciato nove persone. \
                    — © RIPRODUZIONE RISERVATA";
        assert_eq!(
            kinds(text, Italian),
            [
                (Heading, "ULTIME NOTIZIE"),
                (Heading, "CARPI."),
                (
                    Sentence,
                    "Ieri sera la Compagnia dei carabinieri ha denunciato nove persone."
                ),
                (Heading, "— © RIPRODUZIONE RISERVATA"),
            ]
        );
    }

    #[test]
    fn long_last_line_without_punctuation_is_a_sentence() {
        let text = "C’è una didattica nuova nell’esperienza di Joiint Lab.\n\nE le imprese che hanno scelto \
                    di aderire al progetto lo hanno compreso subito e ne parlano con entusiasmo ai colleghi";
        let found = kinds(text, Italian);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].0, Sentence);
    }

    #[test]
    fn list_items_are_sentences_of_their_own() {
        let text = "The government had claimed tobacco firms:\n - manipulated nicotine levels\n \
                    - targeted teenagers with advertising\n1. lied about the dangers of smoking";
        assert_eq!(
            kinds(text, English),
            [
                (Sentence, "The government had claimed tobacco firms:"),
                (Sentence, "- manipulated nicotine levels"),
                (Sentence, "- targeted teenagers with advertising"),
                (Sentence, "1. lied about the dangers of smoking"),
            ]
        );
    }

    #[test]
    fn bbc_news_sentences() {
        let text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three \
                    months to December, from $639m year-earlier. \"We are pleased,\" he said. \
                    He said: \"It is done.\" Then he left.";
        assert_eq!(
            sentences(text, English),
            [
                "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.",
                "\"We are pleased,\" he said.",
                "He said: \"It is done.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn other_languages_use_their_own_tables() {
        let cases: [(Language, &str, &[&str]); 14] = [
            (
                German,
                "Am 3. Oktober 2020 traf Herr Dr. Müller z. B. die Vertreter, bzw. die Firma. Die Sitzung dauerte ca. drei Stunden.",
                &["Am 3. Oktober 2020 traf Herr Dr. Müller z. B. die Vertreter, bzw. die Firma.", "Die Sitzung dauerte ca. drei Stunden."],
            ),
            (
                Language::Spanish,
                "El Sr. García llegó a las 10. La reunión con la Dra. López terminó tarde. ¿Qué pasará ahora? Nadie lo sabe.",
                &["El Sr. García llegó a las 10.", "La reunión con la Dra. López terminó tarde.", "¿Qué pasará ahora?", "Nadie lo sabe."],
            ),
            (
                Language::Portuguese,
                "O Sr. Silva chegou ao escritório da Profa. Costa. A reunião terminou.",
                &["O Sr. Silva chegou ao escritório da Profa. Costa.", "A reunião terminou."],
            ),
            (
                Language::French,
                "M. Dupont et Mme Martin sont arrivés. Le débat commence : que faire ? Personne ne sait.",
                &["M. Dupont et Mme Martin sont arrivés.", "Le débat commence : que faire ?", "Personne ne sait."],
            ),
            (
                Language::Greek,
                "Τι θα γίνει τώρα; Κανείς δεν ξέρει. Ο κ. Παπαδόπουλος μίλησε.",
                &["Τι θα γίνει τώρα;", "Κανείς δεν ξέρει.", "Ο κ. Παπαδόπουλος μίλησε."],
            ),
            (
                Language::Russian,
                "Компания основана в 2004 г. Он уехал в Москву. А. С. Пушкин родился в Москве, т.е. в столице.",
                &["Компания основана в 2004 г.", "Он уехал в Москву.", "А. С. Пушкин родился в Москве, т.е. в столице."],
            ),
            (
                Language::Arabic,
                "قال د. أحمد إن الاقتصاد ينمو. هل سيستمر النمو؟ نعم.",
                &["قال د. أحمد إن الاقتصاد ينمو.", "هل سيستمر النمو؟", "نعم."],
            ),
            (
                Language::Tamil,
                "திரு. ராமன் சென்னைக்கு வந்தார். மு. கருணாநிதி பேசினார்.",
                &["திரு. ராமன் சென்னைக்கு வந்தார்.", "மு. கருணாநிதி பேசினார்."],
            ),
            (
                Language::Hungarian,
                "A cég 2004. március 5-én jelentette be, dr. Kovács szerint. A részvények emelkedtek.",
                &["A cég 2004. március 5-én jelentette be, dr. Kovács szerint.", "A részvények emelkedtek."],
            ),
            (
                Language::Turkish,
                "Prof. Dr. Ahmet Yılmaz 19. yüzyıl tarihini anlattı. Bu çok ilginçti.",
                &["Prof. Dr. Ahmet Yılmaz 19. yüzyıl tarihini anlattı.", "Bu çok ilginçti."],
            ),
            (
                Language::Danish,
                "Mødet sluttede kl. 14. Det var godt, f.eks. for hr. Jensen.",
                &["Mødet sluttede kl. 14.", "Det var godt, f.eks. for hr. Jensen."],
            ),
            (
                Language::Finnish,
                "Kokous alkoi klo 14. Se kesti esim. kaksi tuntia.",
                &["Kokous alkoi klo 14.", "Se kesti esim. kaksi tuntia."],
            ),
            (
                Language::Dutch,
                "Dhr. Jansen sprak o.a. over de begroting. De raad stemde in.",
                &["Dhr. Jansen sprak o.a. over de begroting.", "De raad stemde in."],
            ),
            (
                Language::Romanian,
                "Dl. Popescu a vorbit ieri. În ședință s-a decis bugetul.",
                &["Dl. Popescu a vorbit ieri.", "În ședință s-a decis bugetul."],
            ),
        ];
        for (language, text, expected) in cases {
            assert_eq!(sentences(text, language), expected, "{language:?}");
        }
    }

    /// Splits within a generous time limit: quadratic work on these inputs would take hours.
    fn split_in_time(text: &str, language: Language) -> Vec<Span> {
        let started = Instant::now();
        let spans = split(text, language);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} bytes took {:?}",
            text.len(),
            started.elapsed()
        );
        assert_eq!(check_invariants(text, &spans), Ok(()));
        spans
    }

    #[test]
    fn five_megabyte_line_without_punctuation_is_one_sentence() {
        let text = "parola ".repeat(750_000) + "fine";
        for language in [Italian, English] {
            assert_eq!(split_in_time(&text, language).len(), 1);
        }
    }

    #[test]
    fn hundred_thousand_dots_are_one_span() {
        let text = format!("Fine{}", ".".repeat(100_000));
        assert_eq!(split_in_time(&text, Italian).len(), 1);
        assert_eq!(split_in_time(&".".repeat(100_000), English).len(), 1);
    }

    #[test]
    fn adversarial_inputs_stay_linear() {
        let inputs = [
            "a . ".repeat(50_000),
            "A. ".repeat(50_000),
            "ab.Cd".repeat(50_000),
            "x".repeat(1_000_000) + ". Y" + &".Z".repeat(50_000),
            "(« Il ".repeat(50_000),
            "Titolo\n".repeat(20_000),
            "\n\n".repeat(100_000),
        ];
        for text in inputs {
            split_in_time(&text, Italian);
        }
    }

    #[test]
    fn every_language_keeps_the_invariants() {
        let text =
            "Titolo\n\nIl Dr. Rossi (U.S.A.) ha detto: «Sì… forse?!» Poi: 3.5% e 1. Το; «È». \
                    قال د. أحمد. திரு. ராமன். Am 3. Oktober.\n\n\n  — © RISERVATA  \n";
        for language in LANGUAGES {
            assert_eq!(
                check_invariants(text, &split(text, language)),
                Ok(()),
                "{language:?}"
            );
        }
    }

    fn language() -> impl Strategy<Value = Language> {
        proptest::sample::select(LANGUAGES.to_vec())
    }

    proptest! {
        #[test]
        fn spans_cover_arbitrary_text(text in any::<String>(), language in language()) {
            prop_assert_eq!(check_invariants(&text, &split(&text, language)), Ok(()));
        }

        #[test]
        fn spans_cover_punctuation_heavy_text(
            text in "[aBèÈLlI’'. !?…«»“”\"()\\-:;,0-9\n\u{a0}\t]{0,300}",
            language in language(),
        ) {
            prop_assert_eq!(check_invariants(&text, &split(&text, language)), Ok(()));
        }
    }

    /// Prints every span of the seed articles for reading by eye.
    #[test]
    #[ignore = "reads ../shared/seeds; prints spans"]
    fn print_seed_spans() {
        let Ok(entries) =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"))
        else {
            println!("skipped: /work/shared/seeds not found");
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            println!("===== {}", path.display());
            for span in split(&text, Italian) {
                println!(
                    "{:?} {} | {}",
                    span.kind,
                    span.paragraph,
                    &text[span.start..span.end]
                );
            }
        }
    }

    /// Prints the spans of 20 pseudo-random Italian crime-news articles.
    #[test]
    #[ignore = "reads ../shared/data; prints spans"]
    fn print_italian_news_spans() {
        use std::io::Read;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/dice-italian-crime-news/texts.jsonl.gz"
        );
        let Ok(file) = std::fs::File::open(path) else {
            println!("skipped: {path} not found");
            return;
        };
        let mut data = String::new();
        if flate2::read::GzDecoder::new(file)
            .read_to_string(&mut data)
            .is_err()
        {
            println!("skipped: {path} is not gzip text");
            return;
        }
        let lines: Vec<&str> = data.lines().collect();
        let mut state: u64 = 42;
        for _ in 0..20 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let Some(line) = lines.get((state >> 33) as usize % lines.len().max(1)) else {
                continue;
            };
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(text) = record["text"].as_str() else {
                continue;
            };
            println!("===== {}", record["id"]);
            for span in split(text, Italian) {
                println!(
                    "{:?} {} | {}",
                    span.kind,
                    span.paragraph,
                    &text[span.start..span.end]
                );
            }
        }
    }

    /// Mean share of each BBC reference summary covered by article sentences found in it
    /// verbatim, and the articles below 0.9. Run with `cargo test -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads ../shared/data; prints a measurement"]
    fn bbc_summary_coverage() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/bbc-news-summary/data.jsonl"
        );
        let Ok(data) = std::fs::read_to_string(path) else {
            println!("skipped: {path} not found");
            return;
        };
        let mut coverages = Vec::new();
        for line in data.lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(id), Some(text), Some(summary)) = (
                record["id"].as_str(),
                record["text"].as_str(),
                record["summary"].as_str(),
            ) else {
                continue;
            };
            let mut covered = vec![false; summary.len()];
            for span in split(text, English) {
                let sentence = &text[span.start..span.end];
                if span.kind == Sentence {
                    if let Some(at) = summary.find(sentence) {
                        covered[at..at + sentence.len()].fill(true);
                    }
                }
            }
            let share = covered.iter().filter(|&&c| c).count() as f64 / summary.len().max(1) as f64;
            coverages.push((share, id.to_string()));
        }
        let mean =
            coverages.iter().map(|(share, _)| share).sum::<f64>() / coverages.len().max(1) as f64;
        coverages.sort_by(|a, b| a.0.total_cmp(&b.0));
        let below = coverages.iter().filter(|(share, _)| *share < 0.9).count();
        println!(
            "articles {} mean coverage {mean:.4} below 0.9: {below}",
            coverages.len()
        );
        for (share, id) in coverages.iter().take(15) {
            println!("  {share:.3} {id}");
        }
        assert!(mean >= 0.97, "mean coverage {mean:.4}");
    }
}
