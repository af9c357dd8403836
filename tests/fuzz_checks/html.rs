//! HTML pages to text: the nesting limit, then html5ever and the walk over the tree.
//!
//! Checks beyond "no panic": the text and the title hold no control character (character
//! references included) and the title is one line; the nesting limit leaves a page no deeper
//! than the limit as it is, and flattening only removes.
use sintesi::corpus::{html_to_text, limit_nesting};

/// Runs the stage on `data` (taken as UTF-8, lossily) and checks its contract.
pub fn check(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let page = html_to_text(&html);
    let unsafe_char = |c: char| c != '\n' && c != '\t' && sintesi::report::printable::is_unsafe(c);
    assert!(!page.text.chars().any(unsafe_char), "{:?}", page.text);
    if let Some(title) = &page.title {
        assert!(
            !title.contains('\n') && !title.chars().any(unsafe_char),
            "{title:?}"
        );
    }
    // A limit above the input's length can never flatten anything.
    let unlimited = limit_nesting(&html, html.len() + 1);
    assert_eq!(unlimited, html);
    // Flattening only removes tags: the text between them stays, in order.
    let flat = limit_nesting(&html, 2);
    assert!(flat.len() <= html.len());
}
