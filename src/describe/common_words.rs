//! Words too common in news to name a topic unless a topic owns them.
//!
//! The index keeps every content word (the Snowball/NLTK stop lists are short, which is what
//! clustering wants), so words such as `said`, `year`, `would` or `stato`, `due`, `dopo` reach
//! the topic-word ranking. They are frequent in every topic, and class-based TF-IDF alone
//! still ranks them near the top of the largest ones. The longer Stopwords ISO lists name them,
//! but also list words that can say a lot (`interest`, `microsoft`, `oil`): a listed word is
//! therefore only *suspect*, and shown for a topic only when that topic uses it clearly more
//! than the corpus does.

use rustc_hash::FxHashSet;

use crate::language::Language;

/// The common-word list of a language (lower case), empty where none is shipped.
pub fn list(language: Language) -> &'static str {
    match language {
        Language::Arabic => include_str!("common_words/ar.txt"),
        Language::Danish => include_str!("common_words/da.txt"),
        Language::Dutch => include_str!("common_words/nl.txt"),
        Language::English => include_str!("common_words/en.txt"),
        Language::Finnish => include_str!("common_words/fi.txt"),
        Language::French => include_str!("common_words/fr.txt"),
        Language::German => include_str!("common_words/de.txt"),
        Language::Greek => include_str!("common_words/el.txt"),
        Language::Hungarian => include_str!("common_words/hu.txt"),
        Language::Italian => include_str!("common_words/it.txt"),
        Language::Norwegian => include_str!("common_words/no.txt"),
        Language::Portuguese => include_str!("common_words/pt.txt"),
        Language::Romanian => include_str!("common_words/ro.txt"),
        Language::Russian => include_str!("common_words/ru.txt"),
        Language::Spanish => include_str!("common_words/es.txt"),
        Language::Swedish => include_str!("common_words/sv.txt"),
        Language::Tamil => "",
        Language::Turkish => include_str!("common_words/tr.txt"),
    }
}

/// The union of the lists of `languages` (each language once however often it is given: a
/// corpus passes one per document).
pub fn set(languages: impl IntoIterator<Item = Language>) -> FxHashSet<&'static str> {
    let mut distinct: Vec<Language> = languages.into_iter().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut words = FxHashSet::default();
    for language in distinct {
        words.extend(list(language).lines().filter(|w| !w.is_empty()));
        // The index's own stop words are common by definition (they only reach a topic when
        // stop words are kept, `--no-stop-words`).
        words.extend(language.stop_words());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_with_a_list_has_news_function_words() {
        let en = set([Language::English]);
        assert!(["said", "would", "year", "also"]
            .iter()
            .all(|w| en.contains(w)));
        let it = set([Language::Italian]);
        assert!(["stato", "due", "anni", "dopo"]
            .iter()
            .all(|w| it.contains(w)));
        for l in Language::ALL {
            if l != Language::Tamil {
                assert!(list(l).lines().count() > 100, "{l:?}");
            }
        }
    }
}
