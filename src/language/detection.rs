//! Which language a document is in: a vote of stop words, then whatlang, on the whole
//! document, and for a corpus the dominant language as a prior for the documents too short to
//! tell.

use rustc_hash::FxHashMap;

use super::{iso_639_1, Language};

/// The language of a document as far as analysis is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detected {
    /// A Snowball language: stemmed, stop words removed.
    Known(Language),
    /// Another language whatlang recognised (ISO 639-1 code): tokens kept as they are.
    Other(&'static str),
    /// Too little text to tell.
    Undetermined,
}

impl Detected {
    /// The Snowball language, if any.
    pub fn language(self) -> Option<Language> {
        match self {
            Detected::Known(l) => Some(l),
            _ => None,
        }
    }

    /// Code for reports: ISO 639-1 (`en`, `af`, `tl`), `und` if unknown.
    pub fn code(self) -> &'static str {
        match self {
            Detected::Known(l) => l.code(),
            Detected::Other(code) => code,
            Detected::Undetermined => "und",
        }
    }
}

/// Detects the language of a whole document, on its own evidence ([`detect_corpus`] also
/// weighs the rest of the corpus).
pub fn detect(text: &str) -> Detected {
    detect_one(text).detected
}

/// What detection found in one document, before the rest of the corpus has its say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Detection {
    pub detected: Detected,
    /// The stop-word vote was clear-cut (see [`detect_one`]).
    pub clear: bool,
    /// Stop words of each language (`Language::ALL` order) among the words read.
    votes: [u16; Language::ALL.len()],
    /// Words read for the vote.
    n_words: u32,
}

/// Detects the language of one document.
///
/// First by its stop words: running text in any language is a third to a half function
/// words, so a hundred words tell the Snowball languages apart reliably even where
/// trigram statistics are thrown off (wire stories full of names, figures and capitals), and
/// at a fraction of the cost. When that vote is not clear-cut (too little text, two close
/// languages such as Danish and Norwegian, or a language without a Snowball stemmer whose
/// words look like one's, as Catalan's look Spanish) whatlang's trigrams decide, on a prefix:
/// on long texts the first few kilobytes decide as well as the whole.
pub(crate) fn detect_one(text: &str) -> Detection {
    let (votes, n_words) = stop_word_votes(text);
    if let Some(language) = clear_winner(&votes, n_words) {
        return Detection {
            detected: Detected::Known(language),
            clear: true,
            votes,
            n_words,
        };
    }
    const PREFIX_BYTES: usize = 8 * 1024;
    let mut end = text.len().min(PREFIX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detected = match whatlang::detect(&text[..end]) {
        Some(info) => match Language::from_whatlang(info.lang()) {
            Some(l) => Detected::Known(l),
            None => Detected::Other(iso_639_1(info.lang())),
        },
        None => Detected::Undetermined,
    };
    Detection {
        detected,
        clear: false,
        votes,
        n_words,
    }
}

/// Share of a corpus's clear-cut documents that must agree for their language to be the
/// corpus's.
pub(super) const DOMINANT_SHARE: f64 = 2.0 / 3.0;

/// The language of a corpus: the one at least [`DOMINANT_SHARE`] of its clear-cut documents
/// share; failing that, the one whose stop words clearly win the vote of all its documents
/// pooled (a corpus of one-line stories has no clear-cut document, yet thousands of them
/// together speak one language plainly); else none.
pub(crate) fn dominant_language<'a>(
    detections: impl IntoIterator<Item = &'a Detection>,
) -> Option<Language> {
    let mut counts = [0usize; Language::ALL.len()];
    let mut n_clear = 0usize;
    let mut pooled = [0u32; Language::ALL.len()];
    let mut pooled_words = 0u32;
    for d in detections {
        if let (true, Detected::Known(l)) = (d.clear, d.detected) {
            counts[l as usize] += 1;
            n_clear += 1;
        }
        for (p, &v) in pooled.iter_mut().zip(&d.votes) {
            *p = p.saturating_add(u32::from(v));
        }
        pooled_words = pooled_words.saturating_add(d.n_words);
    }
    let (best, &n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))?;
    if n > 0 && n as f64 >= DOMINANT_SHARE * n_clear as f64 {
        return Some(Language::ALL[best]);
    }
    if n_clear > 0 {
        return None; // clear-cut documents that disagree: a corpus of several languages
    }
    clear_winner(&pooled, pooled_words)
}

impl Detection {
    /// The document's language in a corpus whose language is `dominant`.
    ///
    /// A document whose stop-word vote was not clear-cut takes the corpus's language when
    /// nothing speaks against it: no language has [`SETTLE_MARGIN`] stop words of the
    /// document more than that language, and (when the document has none at all, as a table of figures) the
    /// document is in the same script. Short stories, tables and lists in a corpus of one
    /// language are then analysed like the rest of it, instead of with whatever language
    /// trigrams guess from a few names; a document in another script, or whose stop words
    /// point to another language, keeps its own detection.
    pub(crate) fn settle(&self, text: &str, dominant: Option<Language>) -> Detected {
        let Some(language) = dominant.filter(|_| !self.clear) else {
            return self.detected;
        };
        let top = self.votes.iter().copied().max().unwrap_or(0);
        let agrees = if top > 0 {
            self.votes[language as usize] + SETTLE_MARGIN > top
        } else {
            whatlang::detect_script(text).is_none_or(|s| s == language.script())
        };
        if agrees {
            Detected::Known(language)
        } else {
            self.detected
        }
    }
}

/// Stop words another language must have beyond the corpus's before a weak document keeps
/// its own detection. One is noise in a headline: `Du pont co launches improved aramid
/// fibers` has a French stop word and no English one, `Ad sales boost Time Warner profit` an
/// Italian one; two or more (a Catalan paragraph in an English corpus) are a different language.
pub(super) const SETTLE_MARGIN: u16 = 2;

/// The language of every document: `fixed` for all when given, else detected in parallel,
/// each in the light of the corpus (see [`Detection::settle`]).
pub(crate) fn detect_corpus<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    fixed: Option<Language>,
) -> Vec<Detected> {
    use rayon::prelude::*;
    let texts: Vec<&str> = texts.into_iter().collect();
    if let Some(language) = fixed {
        return vec![Detected::Known(language); texts.len()];
    }
    let detections: Vec<Detection> = texts.par_iter().map(|t| detect_one(t)).collect();
    let dominant = dominant_language(&detections);
    texts
        .par_iter()
        .zip(&detections)
        .map(|(t, d)| d.settle(t, dominant))
        .collect()
}

/// Words read for the stop-word vote.
pub(super) const VOTE_WORDS: usize = 100;
/// The winner's stop words must make up at least this share of the words read…
pub(super) const VOTE_MIN_SHARE: f64 = 0.2;
/// …and be at least this many times the runner-up's…
pub(super) const VOTE_MIN_RATIO: f64 = 2.0;
/// …and at least this many.
pub(super) const VOTE_MIN_WORDS: u16 = 3;

/// Stop words of each language among the first [`VOTE_WORDS`] words, and the number of
/// words read (numbers aside).
pub(super) fn stop_word_votes(text: &str) -> ([u16; Language::ALL.len()], u32) {
    let index = stop_word_index();
    let mut votes = [0u16; Language::ALL.len()];
    let mut n_words = 0u32;
    let mut buf = String::new();
    for word in crate::tokens::words(text).take(VOTE_WORDS) {
        let lower = crate::tokens::lowercase(word.text, &mut buf);
        if !lower.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        n_words += 1;
        if let Some(&languages) = index.get(lower) {
            for (i, v) in votes.iter_mut().enumerate() {
                *v += ((languages >> i) & 1) as u16;
            }
        }
    }
    (votes, n_words)
}

/// The language whose stop words clearly dominate, if one does.
pub(super) fn clear_winner<V: Copy + Into<f64> + Ord + Default>(
    votes: &[V; Language::ALL.len()],
    n_words: impl Into<f64>,
) -> Option<Language> {
    let n_words: f64 = n_words.into();
    let (best, &top) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(i, v)| (v, std::cmp::Reverse(i)))?;
    let runner_up = votes
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &v)| v)
        .max()
        .unwrap_or_default();
    let (top, runner_up): (f64, f64) = (top.into(), runner_up.into());
    let clear = top >= f64::from(VOTE_MIN_WORDS)
        && top >= VOTE_MIN_SHARE * n_words
        && top >= VOTE_MIN_RATIO * runner_up;
    clear.then_some(Language::ALL[best])
}

/// Lower-case stop word → the languages (bit `i` for `Language::ALL[i]`) that list it.
pub(super) fn stop_word_index() -> &'static FxHashMap<&'static str, u32> {
    static INDEX: std::sync::OnceLock<FxHashMap<&'static str, u32>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<&'static str, u32> = FxHashMap::default();
        for (i, language) in Language::ALL.into_iter().enumerate() {
            for word in language.stop_words() {
                *index.entry(word).or_insert(0) |= 1 << i;
            }
        }
        index
    })
}
