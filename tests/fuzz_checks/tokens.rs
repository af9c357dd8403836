//! The tokeniser and the analysis chain (lower-casing, stop words, Snowball stemming, the
//! lexicon of surface forms) on arbitrary text in every language, and language detection.
//!
//! Checks: words are non-empty, in order, inside the text, on character boundaries, made of
//! word characters only, and separated by non-word characters.
use sintesi::language::{detect, Detected};
use sintesi::progress::NoProgress;
use sintesi::text::AnalyserParams;
use sintesi::tokens::{is_indexable, lowercase, words};
use sintesi::vectorise::analyse_documents;
use sintesi::Language;

/// Runs the stage on `data` and checks its contract; panics on a violation.
pub fn check(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut end = 0;
    let mut buf = String::new();
    for w in words(&text) {
        assert!(!w.text.is_empty());
        assert!(w.start >= end, "words overlap");
        assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
        assert!(
            text[end..w.start].chars().all(|c| !c.is_alphanumeric()),
            "a letter or digit between words: {:?}",
            &text[end..w.start]
        );
        end = w.start + w.text.len();
        let lower = lowercase(w.text, &mut buf);
        let _ = is_indexable(lower);
    }
    assert!(text[end..].chars().all(|c| !c.is_alphanumeric()));

    let language = match usize::from(choice) % (Language::ALL.len() + 2) {
        i if i < Language::ALL.len() => Detected::Known(Language::ALL[i]),
        i if i == Language::ALL.len() => Detected::Undetermined,
        _ => detect(&text),
    };
    let params = AnalyserParams {
        stem: choice & 0x40 == 0,
        stop_words: choice & 0x80 == 0,
    };
    let analysis = analyse_documents(&[&text], &[language], params, &NoProgress).expect("analysed");
    assert_eq!(analysis.surface_forms.len(), analysis.n_terms());
    let doc = &analysis.documents[0];
    let n: usize = doc.terms.iter().map(|&(_, c)| c as usize).sum();
    assert_eq!(n, doc.n_tokens);
    for s in &doc.sentences {
        assert!(s.start <= s.end && s.end <= text.len());
    }
}
