//! Key phrases: runs of two to four words that a corpus uses again and again
//! (`Politecnico di Milano`, `interest rates`, `Industria 4.0`).
//!
//! A phrase starts and ends with a content word; the words inside may be stop words
//! (`Regione Lombardia`, `Ministero dell’Economia`, `Bank of England`), it never crosses
//! punctuation or a sentence, and it may end with a version number (`4.0`). Candidates are
//! counted by document frequency in one parallel pass over hashes of their lower-cased words,
//! and only those in enough documents are kept and counted per document in a second pass,
//! so memory grows with the phrases that matter, not with every n-gram of the corpus. How a
//! phrase ranks for a topic is [`crate::describe`]'s business; this module only finds them.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::AnalysedDocument;
use crate::language::Language;
use crate::tokens::{is_indexable, lowercase, words};

/// The longest phrase, in words.
pub(crate) const MAX_WORDS: usize = 4;

/// The phrases of a corpus and how often each document uses them.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    /// Each phrase as most documents write it.
    pub texts: Vec<String>,
    /// Each phrase lower-cased, words separated by single spaces.
    pub keys: Vec<String>,
    /// Per document, (phrase id, occurrences), sorted by id.
    pub documents: Vec<Vec<(u32, u32)>>,
    /// Phrases only ever written in capitals: headline fragments (`RAISES CRUDE`) and
    /// notices (`RIPRODUZIONE RISERVATA`) rather than what articles talk about.
    pub(crate) capitals_only: Vec<bool>,
}

/// A phrase must occur in at least this many documents, and in one per this many documents
/// of a large corpus: a phrase rarer than that cannot name a topic.
const MIN_DOCUMENTS: usize = 2;
const DOCUMENTS_PER_OCCURRENCE: usize = 2_000;
/// Or, where the corpus is small enough for `MIN_DOCUMENTS` to apply, this many occurrences.
const MIN_OCCURRENCES: usize = 3;

/// On a corpus of more documents than this, the phrases worth keeping are found on this many
/// documents spread evenly over it (and then counted in every document): which phrases a
/// corpus repeats shows in a sample, and counting every n-gram of a million documents in
/// hash maps costs more than the rest of the analysis.
pub const CANDIDATE_SAMPLE: usize = 20_000;

/// Finds the phrases of `documents` (`texts[i]` analysed as `documents[i]`).
pub fn extract(texts: &[&str], documents: &[AnalysedDocument]) -> Phrases {
    let stop_lists: Vec<FxHashSet<&'static str>> =
        Language::ALL.iter().map(|l| l.stop_words()).collect();
    let stops = |doc: &AnalysedDocument| -> Option<&FxHashSet<&'static str>> {
        let language = doc.language.language()?;
        Language::ALL
            .iter()
            .position(|&l| l == language)
            .map(|i| &stop_lists[i])
    };
    let n = texts.len();
    let sampled: Vec<usize> = if n > CANDIDATE_SAMPLE {
        (0..CANDIDATE_SAMPLE)
            .map(|j| j * n / CANDIDATE_SAMPLE)
            .collect()
    } else {
        (0..n).collect()
    };
    let min_df = MIN_DOCUMENTS.max(sampled.len() / DOCUMENTS_PER_OCCURRENCE);
    let started = std::time::Instant::now();

    // Pass 1: in how many documents (of the sample) each candidate occurs.
    let df: FxHashMap<u64, (u32, u32)> = sampled
        .par_iter()
        .map(|&i| (&texts[i], &documents[i]))
        .fold(
            FxHashMap::default,
            |mut df: FxHashMap<u64, (u32, u32)>, (text, doc)| {
                let mut keys: Vec<u64> = Vec::new();
                for_each_phrase(text, doc, stops(doc), |key, _, _| keys.push(key));
                keys.sort_unstable();
                for (i, &key) in keys.iter().enumerate() {
                    let entry = df.entry(key).or_insert((0, 0));
                    entry.1 += 1;
                    if i == 0 || keys[i - 1] != key {
                        entry.0 += 1;
                    }
                }
                df
            },
        )
        .reduce(FxHashMap::default, |a, b| {
            let (mut a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
            for (k, (d, n)) in b {
                let entry = a.entry(k).or_insert((0, 0));
                entry.0 += d;
                entry.1 += n;
            }
            a
        });
    // On a small corpus a phrase one article repeats (`Competence Center`) counts too.
    let frequent_enough = |&(documents, occurrences): &(u32, u32)| {
        documents as usize >= min_df
            || (min_df == MIN_DOCUMENTS && occurrences as usize >= MIN_OCCURRENCES)
    };
    let candidates = df.len();
    // Only the kept phrases are looked up in the second pass: a set that fits in cache, not
    // the millions of candidates of the first.
    let kept: FxHashSet<u64> = df
        .into_iter()
        .filter(|(_, counts)| frequent_enough(counts))
        .map(|(key, _)| key)
        .collect();

    tracing::debug!(candidates, elapsed = ?started.elapsed(), "phrases: candidates counted");
    // Pass 2: the kept phrases of each document, with how each is written there.
    type Found = Vec<(u64, u32, String, String)>;
    let found: Vec<Found> = texts
        .par_iter()
        .zip(documents)
        .map(|(text, doc)| {
            let mut here: FxHashMap<u64, (u32, String, String)> = FxHashMap::default();
            for_each_phrase(text, doc, stops(doc), |key, written, lower| {
                if kept.contains(&key) {
                    here.entry(key)
                        .or_insert_with(|| (0, written.to_string(), lower.to_string()))
                        .0 += 1;
                }
            });
            let mut list: Found = here
                .into_iter()
                .map(|(key, (count, written, lower))| (key, count, written, lower))
                .collect();
            list.sort_unstable_by_key(|f| f.0);
            list
        })
        .collect();

    tracing::debug!(elapsed = ?started.elapsed(), "phrases: documents' phrases found");
    let mut id_of: FxHashMap<u64, u32> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut forms: Vec<Vec<(String, u32)>> = Vec::new();
    let mut per_document = Vec::with_capacity(found.len());
    for list in found {
        let mut row: Vec<(u32, u32)> = Vec::with_capacity(list.len());
        for (key, count, written, lower) in list {
            let id = *id_of.entry(key).or_insert_with(|| {
                keys.push(lower);
                forms.push(Vec::new());
                (keys.len() - 1) as u32
            });
            let seen = &mut forms[id as usize];
            match seen.iter_mut().find(|(w, _)| *w == written) {
                Some((_, n)) => *n += 1,
                None => seen.push((written, 1)),
            }
            row.push((id, count));
        }
        row.sort_unstable();
        per_document.push(row);
    }
    let shouted = |w: &str| !w.chars().any(char::is_lowercase);
    let capitals_only = forms
        .iter()
        .map(|seen| seen.iter().all(|(w, _)| shouted(w)))
        .collect();
    let texts = forms
        .into_iter()
        .map(|seen| {
            // The form most documents use, written in capitals only if nothing else is;
            // ties to the first seen.
            let rank = |(w, n): &(String, u32)| (!shouted(w), *n);
            let mut best = 0;
            for (i, form) in seen.iter().enumerate() {
                if rank(form) > rank(&seen[best]) {
                    best = i;
                }
            }
            seen[best].0.clone()
        })
        .collect();
    Phrases {
        texts,
        keys,
        documents: per_document,
        capitals_only,
    }
}

/// What a word can be in a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Can start, end or sit inside a phrase.
    Content,
    /// Can only sit inside (`di`, `of`, `dell`).
    Connector,
    /// A version number (`4.0`): can only end a phrase.
    Version,
    /// Breaks phrases (other numbers, one-letter words).
    Break,
}

struct Token<'t> {
    start: usize,
    end: usize,
    /// Whether the text between the previous token and this one keeps a phrase together.
    joined: bool,
    role: Role,
    lower: std::borrow::Cow<'t, str>,
}

/// Calls `f(hash, as written, lower-cased)` for every phrase occurrence of a document.
fn for_each_phrase(
    text: &str,
    doc: &AnalysedDocument,
    stop_words: Option<&FxHashSet<&'static str>>,
    mut f: impl FnMut(u64, &str, &str),
) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut key = String::new();
    for sentence in &doc.sentences {
        let span = &text[sentence.start..sentence.end];
        tokenise(span, stop_words, &mut tokens);
        for i in 0..tokens.len() {
            if tokens[i].role != Role::Content {
                continue;
            }
            key.clear();
            key.push_str(&tokens[i].lower);
            for j in i + 1..tokens.len().min(i + MAX_WORDS) {
                let t = &tokens[j];
                if !t.joined || t.role == Role::Break {
                    break;
                }
                key.push(' ');
                key.push_str(&t.lower);
                if matches!(t.role, Role::Content | Role::Version) {
                    let mut h = FxHasher::default();
                    key.hash(&mut h);
                    f(h.finish(), &span[tokens[i].start..t.end], &key);
                }
                if t.role == Role::Version {
                    break;
                }
            }
        }
    }
}

/// The tokens of one sentence, with their roles and whether each is joined to the previous.
fn tokenise<'t>(
    span: &'t str,
    stop_words: Option<&FxHashSet<&'static str>>,
    out: &mut Vec<Token<'t>>,
) {
    out.clear();
    let mut buf = String::new();
    let mut previous_end = 0;
    for word in words(span) {
        let start = word.start;
        let end = start + word.text.len();
        let gap = &span[previous_end..start];
        let joined_gap = |previous: Option<&Token>| match previous {
            None => false,
            // Spaces within a line, or an apostrophe after an elided article (`dell’`).
            Some(p) => {
                (!gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}'))
                    || (p.role == Role::Connector && (gap == "’" || gap == "'"))
            }
        };
        // `4.0`: digits, a dot, digits; the previous token becomes a version number.
        if let Some(last) = out.last_mut() {
            if gap == "."
                && last.end == previous_end
                && word.text.bytes().all(|b| b.is_ascii_digit())
                && span[last.start..last.end]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && last.role == Role::Break
            {
                last.end = end;
                last.role = Role::Version;
                last.lower = std::borrow::Cow::Borrowed(&span[last.start..end]);
                previous_end = end;
                continue;
            }
        }
        let lower = lowercase(word.text, &mut buf);
        // One-letter stop words (`e`, `a`) join phrases like the others.
        let role = if stop_words.is_some_and(|s| s.contains(lower)) {
            Role::Connector
        } else if !is_indexable(lower) {
            Role::Break
        } else {
            Role::Content
        };
        let lower = if lower.len() == word.text.len() && lower == word.text {
            std::borrow::Cow::Borrowed(word.text)
        } else {
            std::borrow::Cow::Owned(lower.to_string())
        };
        let joined = joined_gap(out.last());
        out.push(Token {
            start,
            end,
            joined,
            role,
            lower,
        });
        previous_end = end;
    }
    // A version number standing alone is a number like any other.
    for token in out.iter_mut() {
        // The first token is never joined.
        if token.role == Role::Version && !token.joined {
            token.role = Role::Break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analysed_for_tests;

    fn phrases(texts: &[&str]) -> Phrases {
        let docs: Vec<AnalysedDocument> = texts
            .iter()
            .map(|t| analysed_for_tests(t, Language::Italian))
            .collect();
        extract(texts, &docs)
    }

    #[test]
    fn finds_phrases_with_inner_stop_words_elisions_and_versions() {
        let p = phrases(&[
            "Il Politecnico di Milano guida l’Industria 4.0 con il Ministero dell’Economia.",
            "Al Politecnico di Milano si parla di Industria 4.0 e del Ministero dell’Economia.",
        ]);
        for want in [
            "politecnico di milano",
            "industria 4.0",
            "ministero dell economia",
        ] {
            assert!(p.keys.iter().any(|k| k == want), "{want}: {:?}", p.keys);
        }
        let shown = &p.texts[p
            .keys
            .iter()
            .position(|k| k == "ministero dell economia")
            .unwrap()];
        assert_eq!(shown, "Ministero dell’Economia");
        // Never a phrase that starts or ends with a stop word.
        assert!(p
            .keys
            .iter()
            .all(|k| !k.starts_with("di ") && !k.ends_with(" di") && !k.starts_with("il ")));
    }

    #[test]
    fn a_phrase_never_crosses_punctuation_and_needs_two_documents() {
        let p = phrases(&[
            "Milano, Torino e Genova. Roma capitale.",
            "Milano, Torino e Genova. Roma capitale.",
            "Napoli lontana una volta sola.",
        ]);
        assert!(!p.keys.iter().any(|k| k.contains("milano torino")));
        assert!(
            p.keys.iter().any(|k| k == "torino e genova"),
            "{:?}",
            p.keys
        );
        assert!(!p.keys.iter().any(|k| k.contains("napoli")));
        assert_eq!(p.documents.len(), 3);
        assert!(p.documents[2].is_empty());
    }
}
