//! The sentence splitter on arbitrary text in every language.
//!
//! Checks the span contract the rest of the pipeline relies on: spans are non-empty, in
//! order, non-overlapping, on character boundaries, trimmed, and together cover every
//! non-whitespace character of the text.
use sintesi::text::sentences::split;
use sintesi::Language;

/// Runs the stage on `data` and checks its contract; panics on a violation.
pub fn check(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let language = Language::ALL[usize::from(choice) % Language::ALL.len()];
    let text = String::from_utf8_lossy(rest);
    let spans = split(&text, language);
    let mut covered = 0;
    for span in &spans {
        assert!(span.start < span.end, "empty span {span:?}");
        assert!(span.start >= covered, "spans overlap or go back: {spans:?}");
        assert!(span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        let gap = &text[covered..span.start];
        assert!(gap.trim().is_empty(), "text {gap:?} left out of every span");
        let s = &text[span.start..span.end];
        assert_eq!(s, s.trim(), "span not trimmed");
        covered = span.end;
    }
    assert!(
        text[covered..].trim().is_empty(),
        "tail left out of every span"
    );
}
