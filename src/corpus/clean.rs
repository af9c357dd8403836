//! Web boilerplate removal: navigation, share prompts, bylines, copyright notices and lines a
//! site repeats on every page never reach the analysis or a report.
//!
//! The rules are general, not tuned to particular articles:
//! * repetition — a line found in several distinct documents is page furniture (short lines
//!   after two documents, any line after three), and a line repeated inside one document keeps
//!   only its first occurrence;
//! * shape — lines without letters, decorative runs (`*****`), bare URLs, one- or two-word
//!   fragments, bylines (`di Mario Rossi`, `By Staff 3 May 2021`);
//! * phrases — a small list per language of what sites print around articles
//!   (`Riproduzione riservata`, `Iscriviti`, `Loading…`, `Subscribe`);
//! * end markers — a copyright or "related articles" line in the second half of a document ends
//!   the article: everything after it is dropped.
//!
//! Lines are kept or dropped whole, so every sentence that survives is verbatim in the file.

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;
use std::sync::LazyLock;

use super::Document;

/// What cleaning removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CleanReport {
    pub(crate) lines_removed: usize,
    pub(crate) documents_emptied: usize,
}

/// Phrases sites print around articles, matched on short lines (lower-case, word-bounded).
const PHRASES: &[&[&str]] = &[
    // Italian
    &[
        "riproduzione riservata",
        "tutti i diritti riservati",
        "iscriviti",
        "newsletter",
        "caricamento",
        "leggi anche",
        "leggi tutto",
        "condividi",
        "seguici",
        "clicca",
        "cliccando",
        "visita il sito",
        "di lettura",
        "pubblicità",
        "articolo pubblicato",
        "ultimo aggiornamento",
        "argomenti",
        "abbonati",
        "accedi",
        "registrati",
        "brand connect",
        "ti potrebbe interessare",
    ],
    // English
    &[
        "all rights reserved",
        "subscribe",
        "sign up",
        "loading",
        "share this",
        "share on",
        "follow us",
        "read more",
        "click here",
        "advertisement",
        "min read",
        "related articles",
        "cookie",
        "cookies",
        "sponsored",
        "copyright",
        "most read",
        "you may also like",
    ],
    // French, German, Spanish, Portuguese
    &[
        "tous droits réservés",
        "abonnez-vous",
        "lire aussi",
        "partager",
        "publicité",
        "chargement",
        "alle rechte vorbehalten",
        "abonnieren",
        "weiterlesen",
        "anzeige",
        "werbung",
        "todos los derechos reservados",
        "suscríbete",
        "leer más",
        "compartir",
        "publicidad",
        "cargando",
        "leia mais",
        "assine",
        "carregando",
    ],
];

/// Lines after which an article is over (when they come in its second half).
const END_MARKERS: &[&str] = &[
    "riproduzione riservata",
    "tutti i diritti riservati",
    "all rights reserved",
    "argomenti",
    "tags",
    "tag",
    "leggi anche",
    "articoli correlati",
    "related articles",
    "related stories",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
];

/// Words that introduce a byline.
const BYLINE_STARTS: &[&str] = &[
    "di",
    "by",
    "a cura di",
    "von",
    "par",
    "por",
    "door",
    "av",
    "af",
];

/// Cleans every document in place. Documents left with no text keep an empty string; the
/// caller decides whether to skip them.
pub fn clean(documents: &mut [Document]) -> CleanReport {
    let repeated = repeated_lines(documents);
    // Each document is cleaned on its own: in parallel, with the same result in any order.
    let removed: Vec<usize> = documents
        .par_iter_mut()
        .map_init(
            || (Normaliser::default(), FxHashSet::default()),
            |(normaliser, seen), doc| {
                let (text, removed) = clean_one(&doc.text, &repeated, normaliser, seen);
                if text != doc.text {
                    doc.text = text;
                }
                removed
            },
        )
        .collect();
    CleanReport {
        lines_removed: removed.iter().sum(),
        documents_emptied: documents.iter().filter(|d| d.text.is_empty()).count(),
    }
}

/// A normalised line, as a 64-bit hash: the corpus's lines are compared and counted as these,
/// not held as millions of strings (a 2 KB book chunk has 30 lines). Two different lines
/// sharing a hash would need about 4·10⁹ distinct lines to be likely.
type LineKey = u64;

fn line_key(norm: &str) -> LineKey {
    let mut h = FxHasher::default();
    h.write(norm.as_bytes());
    h.finish()
}

/// A document's distinct normalised lines, as (key, words), sorted by key.
type LineSet = Vec<(LineKey, u32)>;

/// Normalised lines that are page furniture because several distinct documents share them.
fn repeated_lines(documents: &[Document]) -> FxHashSet<LineKey> {
    let mut seen_texts = FxHashSet::default();
    // Exact duplicate documents would make every one of their lines look repeated.
    let distinct: Vec<&Document> = documents
        .iter()
        .filter(|doc| seen_texts.insert(doc.text.trim()))
        .collect();
    let line_sets: Vec<LineSet> = distinct
        .par_iter()
        .map_init(Normaliser::default, |normaliser, doc| {
            let mut set: LineSet = Vec::new();
            for line in doc.text.lines() {
                let norm = normaliser.normalise(line);
                if !norm.is_empty() {
                    set.push((line_key(norm), words_in(norm) as u32));
                }
            }
            set.sort_unstable_by_key(|&(key, _)| key);
            set.dedup_by_key(|&mut (key, _)| key);
            set
        })
        .collect();
    // (line, words, document) for every line of every document, sorted: each run of one line
    // lists the documents holding it, in order. One sorted array, not a map of vectors.
    let mut held: Vec<(LineKey, u32, u32)> = line_sets
        .iter()
        .enumerate()
        .flat_map(|(d, set)| set.iter().map(move |&(key, words)| (key, words, d as u32)))
        .collect();
    held.par_sort_unstable();
    let holders: Vec<&[(LineKey, u32, u32)]> = held.chunk_by(|a, b| a.0 == b.0).collect();
    let sizes: Vec<usize> = line_sets.iter().map(Vec::len).collect();
    drop(line_sets);
    let group = near_duplicate_groups(&sizes, &holders);
    holders
        .iter()
        .filter_map(|docs| {
            // Most lines are in one document: no need to count groups.
            if docs.len() < 2 {
                return None;
            }
            let mut groups: Vec<u32> = docs.iter().map(|&(_, _, d)| group[d as usize]).collect();
            groups.sort_unstable();
            groups.dedup();
            let n = groups.len();
            let (key, words, _) = docs[0];
            (n >= 3 || (n >= 2 && words <= 12)).then_some(key)
        })
        .collect()
}

/// Lines shared by this many documents at most are looked at for near duplicates; a line in
/// more is furniture whatever else the documents share.
const NEAR_DUPLICATE_MAX_HOLDERS: usize = 8;

/// Lines two documents must share, at the least, to be near duplicates.
const NEAR_DUPLICATE_MIN_SHARED: u32 = 3;

/// For every document, the representative of its group of near duplicates: documents that
/// share at least half the lines of the longer one (and [`NEAR_DUPLICATE_MIN_SHARED`]). Two copies of one story (edited,
/// re-published) share their headline and many sentences, which is not page furniture; their
/// lines count once when repetition across documents is judged. `sizes` are the documents'
/// distinct lines; `holders` the documents holding each line, in order.
///
/// Not [`crate::duplicates`], which `analyse` runs on the cleaned texts to count each story
/// once: this rule must run before cleaning, on the raw lines (a copy's boilerplate is still
/// there, and whole lines are what the cleaner keeps or drops), and it is nearly free here,
/// from the line counts the cleaner builds anyway. The two agree on what a copy is (most of
/// one text is in the other); a copy whose lines this rule protects is then grouped there.
fn near_duplicate_groups(sizes: &[usize], holders: &[&[(LineKey, u32, u32)]]) -> Vec<u32> {
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for docs in holders {
        if docs.len() < 2 || docs.len() > NEAR_DUPLICATE_MAX_HOLDERS {
            continue;
        }
        for (i, &(_, _, a)) in docs.iter().enumerate() {
            for &(_, _, b) in &docs[i + 1..] {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut parent: Vec<u32> = (0..sizes.len() as u32).collect();
    fn root(parent: &mut [u32], mut d: u32) -> u32 {
        while parent[d as usize] != d {
            parent[d as usize] = parent[parent[d as usize] as usize];
            d = parent[d as usize];
        }
        d
    }
    let mut pairs: Vec<((u32, u32), u32)> = shared.into_iter().collect();
    pairs.sort_unstable();
    for ((a, b), n) in pairs {
        let longer = sizes[a as usize].max(sizes[b as usize]);
        if n >= NEAR_DUPLICATE_MIN_SHARED && 2 * n as usize >= longer {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    (0..sizes.len() as u32)
        .map(|d| root(&mut parent, d))
        .collect()
}

/// One document's text cleaned, and the lines removed. `normaliser` and `seen` are scratch a
/// thread reuses from document to document.
fn clean_one(
    text: &str,
    repeated: &FxHashSet<LineKey>,
    normaliser: &mut Normaliser,
    seen: &mut FxHashSet<LineKey>,
) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let total_chars = text.len().max(1);
    let first_content = lines.iter().position(|l| !l.trim().is_empty());
    seen.clear();
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    let mut removed = 0;
    let mut offset = 0;
    for (i, line) in lines.iter().enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            kept.push("");
            continue;
        }
        let norm = normaliser.normalise(trimmed);
        if line_start * 2 >= total_chars && is_end_marker(norm) {
            removed += lines[i..].iter().filter(|l| !l.trim().is_empty()).count();
            break;
        }
        let key = line_key(norm);
        let drop = !seen.insert(key)
            || repeated.contains(&key)
            || is_boilerplate_line(trimmed, norm, Some(i) == first_content);
        if drop {
            removed += 1;
            kept.push(""); // a dropped line still separates what was around it
        } else {
            kept.push(line.trim_end());
        }
    }
    (join_paragraphs(&kept), removed)
}

/// Joins lines back, collapsing runs of blank lines into one paragraph break.
fn join_paragraphs(lines: &[&str]) -> String {
    // Sized once: grown by doubling, a corpus's texts would hold a third more than they use.
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
    let mut pending_break = false;
    for line in lines {
        if line.trim().is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if pending_break {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        pending_break = false;
        out.push_str(line);
    }
    out
}

/// Lower-case, whitespace collapsed, surrounding punctuation and symbols stripped.
#[cfg(test)]
fn normalise(line: &str) -> String {
    Normaliser::default().normalise(line).to_string()
}

/// ASCII bytes lower-cased, and ASCII's Unicode white space (tab, line feed, vertical tab, form
/// feed, carriage return, space) made a space.
const ASCII_FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => b' ',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// Normalises lines into one reused buffer. Every line of the corpus goes through here twice,
/// so ASCII lines (nearly all of an English corpus) take a branch-free byte loop: the
/// `to_lowercase`, `split_whitespace`, `join` version allocated twice a line and decoded every
/// character, and cleaning the Gutenberg chunks took 3.4 s in `analyse` against 1.3–1.8 s now.
#[derive(Default)]
struct Normaliser {
    buf: Vec<u8>,
}

impl Normaliser {
    /// `line` lower-cased, white space collapsed to single spaces, and anything but letters
    /// and digits stripped from both ends.
    fn normalise(&mut self, line: &str) -> &str {
        self.buf.clear();
        if line.is_ascii() {
            // Every byte is written, mapped by `ASCII_FOLD`; the cursor steps past it unless
            // it is a space after a space (or at the start), so a run of white space leaves
            // one space. A table and no branch: word boundaries come every few bytes.
            self.buf.resize(line.len(), 0);
            let mut len = 0;
            let mut after_space = true;
            for &b in line.as_bytes() {
                let folded = ASCII_FOLD[usize::from(b)];
                let space = folded == b' ';
                self.buf[len] = folded;
                len += usize::from(!(space && after_space));
                after_space = space;
            }
            self.buf.truncate(len);
        } else {
            for word in line.to_lowercase().split_whitespace() {
                if !self.buf.is_empty() {
                    self.buf.push(b' ');
                }
                self.buf.extend_from_slice(word.as_bytes());
            }
        }
        std::str::from_utf8(&self.buf)
            .expect("built from whole characters of a str")
            .trim_matches(|c: char| !c.is_alphanumeric())
    }
}

/// `line.split_whitespace().count()`, a byte at a time for ASCII lines (the count decoded
/// every character and was a fifth of cleaning).
fn count_words(line: &str) -> usize {
    if !line.is_ascii() {
        return line.split_whitespace().count();
    }
    let mut words = 0;
    let mut after_space = true;
    for &b in line.as_bytes() {
        let space = ASCII_FOLD[usize::from(b)] == b' ';
        words += usize::from(after_space && !space);
        after_space = space;
    }
    words
}

/// Words of a normalised line (one space between two).
fn words_in(norm: &str) -> usize {
    norm.bytes().filter(|&b| b == b' ').count() + 1
}

fn is_end_marker(norm: &str) -> bool {
    static MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(END_MARKERS.iter()));
    words_in(norm) <= 8 && (norm.contains('©') || contains_any(&MARKERS, norm))
}

/// One automaton for a list of phrases: a line is checked against all of them in one pass
/// (the phrase-by-phrase search was a sixth of `analyse` on 2 KB documents).
fn automaton<'a>(phrases: impl Iterator<Item = &'a &'a str>) -> AhoCorasick {
    AhoCorasick::new(phrases.copied()).expect("the built-in phrase lists are small")
}

fn is_boilerplate_line(line: &str, norm: &str, is_first_line: bool) -> bool {
    if !line.chars().any(char::is_alphabetic) {
        return true;
    }
    let n_words = count_words(line);
    if is_decorated(line) || is_bare_link(line) || (line.contains('©') && n_words <= 12) {
        return true;
    }
    let ends_sentence = line
        .trim_end_matches(['»', '”', '"', '’', '\'', ')'])
        .ends_with(['.', '!', '?'])
        && !line.ends_with("...")
        && !line.ends_with('…');
    if n_words <= 12 && !ends_sentence && contains_any(&BOILERPLATE_PHRASES, norm) {
        return true;
    }
    if n_words <= 2 && !ends_sentence && !is_first_line {
        return true;
    }
    is_byline(line, n_words)
}

/// `*****`, `=====`, `-----` frame notices and separators.
fn is_decorated(line: &str) -> bool {
    let run = |s: &mut dyn Iterator<Item = char>| {
        let mut chars = s.peekable();
        let first = match chars.peek() {
            Some(&c) if "*=#~_-+".contains(c) => c,
            _ => return false,
        };
        chars.take_while(|&c| c == first).count() >= 3
    };
    run(&mut line.chars()) || run(&mut line.chars().rev())
}

fn is_bare_link(line: &str) -> bool {
    let l = line.trim();
    !l.contains(' ')
        && (l.starts_with("http://")
            || l.starts_with("https://")
            || l.starts_with("www.")
            || l.contains('@'))
}

/// `di Mario Rossi`, `By Staff Reporter May 3, 2017 08:50 Updated`: a short line that starts
/// with a byline word followed by a capitalised name.
fn is_byline(line: &str, n_words: usize) -> bool {
    if n_words > 9 || line.ends_with(['.', '!', '?', ':', ';', ',']) {
        return false;
    }
    let lower = line.to_lowercase();
    BYLINE_STARTS.iter().any(|start| {
        lower.starts_with(start)
            && line[start.len()..].starts_with(' ')
            && line[start.len()..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    })
}

/// Every phrase of [`PHRASES`], in one automaton.
static BOILERPLATE_PHRASES: LazyLock<AhoCorasick> =
    LazyLock::new(|| automaton(PHRASES.iter().flat_map(|l| l.iter())));

/// Whether `haystack` contains one of the automaton's phrases as whole words, so `loading`
/// does not match `unloading`: every occurrence of every phrase is tried, overlapping ones
/// included.
fn contains_any(phrases: &AhoCorasick, haystack: &str) -> bool {
    phrases
        .find_overlapping_iter(haystack)
        .any(|m| whole_words(haystack, m.start(), m.end()))
}

fn whole_words(haystack: &str, start: usize, end: usize) -> bool {
    let before = haystack[..start].chars().next_back();
    let after = haystack[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whole-word containment of one phrase.
#[cfg(test)]
fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    contains_any(&automaton([phrase].iter()), haystack)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc(text: &str) -> Document {
        Document {
            id: "d".into(),
            path: Path::new("d").into(),
            title: None,
            label: None,
            text: text.into(),
        }
    }

    fn cleaned(texts: &[&str]) -> Vec<String> {
        let mut docs: Vec<Document> = texts.iter().map(|t| doc(t)).collect();
        clean(&mut docs);
        docs.into_iter().map(|d| d.text).collect()
    }

    #[test]
    fn normalising_lowercases_collapses_spaces_and_strips_edge_punctuation() {
        // The obvious four-step version, as a reference.
        let reference = |line: &str| {
            let lower = line.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            words
                .join(" ")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        };
        for line in [
            "  Leggi   anche:  ",
            "«ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ»",
            "— Share this article —",
            "***",
            "",
            "Dell’economia\tlombarda. ",
            "ÉTÉ  2024!!",
        ] {
            assert_eq!(normalise(line), reference(line), "{line:?}");
        }
        assert_eq!(normalise("  Leggi   anche:  "), "leggi anche");
    }

    proptest::proptest! {
        /// The ASCII path and the Unicode one agree with the obvious version on any line:
        /// every kind of white space (the vertical tab included), punctuation at the edges.
        #[test]
        fn normalising_any_line_matches_the_obvious_version(
            line in "[ \\t\\x0b\\x0c\\r\\n.,;:!?*«»’'a-zA-Z0-9ÉéΣς\\u{a0}\\u{2003}]{0,40}"
        ) {
            let lower = line.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            let expected = words.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            let mut normaliser = Normaliser::default();
            normaliser.normalise("Left over from an earlier, longer line");
            let out = normaliser.normalise(&line);
            proptest::prop_assert_eq!(out, &expected);
            proptest::prop_assert_eq!(words_in(out), out.split(' ').count());
            proptest::prop_assert_eq!(count_words(&line), line.split_whitespace().count());
        }
    }

    #[test]
    fn drops_loading_and_subscribe_prompts() {
        let out = cleaned(&[
            "Prima frase dell’articolo.\n\nLoading...\n\nSeconda frase importante.\n\nIscriviti",
        ]);
        assert_eq!(
            out[0],
            "Prima frase dell’articolo.\n\nSeconda frase importante."
        );
    }

    #[test]
    fn drops_bylines_and_reading_time() {
        let out = cleaned(&["Titolo dell’articolo sul lavoro\n\ndi Maria Bianchi\n\n2' di lettura\n\nIl testo comincia qui."]);
        assert_eq!(
            out[0],
            "Titolo dell’articolo sul lavoro\n\nIl testo comincia qui."
        );
    }

    #[test]
    fn copyright_in_second_half_ends_the_article() {
        let body = "Una frase lunga abbastanza per occupare spazio nel documento. ".repeat(5);
        let text = format!(
            "{body}\n\n© Riproduzione riservata\n\nNotizie e approfondimenti economici.\n\nAltro"
        );
        assert_eq!(cleaned(&[&text])[0], body.trim_end());
    }

    #[test]
    fn lines_repeated_across_documents_are_furniture() {
        let out = cleaned(&[
            "Segui la redazione su tutti i canali\nPrimo articolo sul porto.",
            "Segui la redazione su tutti i canali\nSecondo articolo sul treno.",
            "Terzo articolo sulla fabbrica.",
        ]);
        assert_eq!(out[0], "Primo articolo sul porto.");
        assert_eq!(out[1], "Secondo articolo sul treno.");
    }

    #[test]
    fn duplicate_documents_are_not_emptied() {
        let text =
            "Un articolo pubblicato due volte dallo stesso sito.\nCon due righe di testo vero.";
        let out = cleaned(&[text, text]);
        assert_eq!(out[0], text);
        assert_eq!(out[1], text);
    }

    #[test]
    fn near_duplicate_stories_keep_their_shared_lines() {
        let story = "Apple laptop is 'greatest gadget'\nThe Apple Powerbook 100 has been chosen \
                     as the greatest gadget of all time.\nThe laptop beat the Sony Walkman.\n\
                     Readers voted online.";
        let a = format!("{story}\nThe vote closed on Friday.");
        let b = format!("{story}\nThe vote closed on Friday, organisers said.");
        let (a, b) = (a.as_str(), b.as_str());
        let out = cleaned(&[a, b]);
        assert_eq!(out[0], a);
        assert_eq!(out[1], b);
        // Furniture is still furniture when unrelated articles share it.
        let c = "Share this article\nThe council met on Monday to discuss the new budget.";
        let d = "Share this article\nThe match ended in a draw after a late goal.";
        let out = cleaned(&[c, d]);
        assert!(!out[0].contains("Share this"), "{out:?}");
    }

    #[test]
    fn repeated_line_inside_a_document_keeps_the_first() {
        let out = cleaned(&["Fondazione e Regione insieme per l’innovazione\n\nUn accordo per rilanciare.\n\nFondazione e Regione insieme per l’innovazione"]);
        assert_eq!(
            out[0],
            "Fondazione e Regione insieme per l’innovazione\n\nUn accordo per rilanciare."
        );
    }

    #[test]
    fn decorated_notices_and_links_go() {
        let out = cleaned(&[
            "Testo vero dell’articolo.\n***** avviso del sito *****\nhttps://example.com/x",
        ]);
        assert_eq!(out[0], "Testo vero dell’articolo.");
    }

    #[test]
    fn keeps_headings_and_quotes() {
        let text = "Tecnologie, formazione e cybersecurity\n«Abbiamo un obiettivo chiaro», ha detto il direttore.";
        assert_eq!(cleaned(&[text])[0], text);
    }

    #[test]
    fn phrase_match_is_word_bounded() {
        assert!(contains_phrase("loading", "loading"));
        assert!(!contains_phrase("unloading bay", "loading"));
    }
}
