//! The reference tokens coherence is counted on: a document lower-cased and cut into maximal
//! runs of letters, as `../shared/peers/topic_eval.py` does with Python's
//! `re.findall(r"[^\W\d_]+", text.lower())`. Nothing is stemmed or dropped: coherence is
//! measured on the words people read, so any tool's topics can be scored the same way.
//!
//! Python's `\w` on `str` is `str.isalnum()` plus `_`: the letters (general categories Lu, Ll,
//! Lt, Lm, Lo) and the numbers (Nd, Nl, No). Taking away `\d` (Nd) and `_` leaves letters,
//! letter numbers (`Ⅻ`) and other numbers (`²`, `½`); combining marks (Mn, Mc) are not in it,
//! so a decomposed `é` splits a word and `İ`, which lower-cases to `i` + U+0307, does too.
//! Checked against Python 3.11 on every code point: the two agree on all characters of its
//! Unicode 14; characters assigned since (Unicode 15–18, known to Rust's tables but not to
//! that Python) count as letters here and not there.
//!
//! Lower-casing is Rust's `str::to_lowercase`, which like Python's `str.lower` applies the
//! full (multi-character) mappings and the final-sigma rule (`ΟΔΟΣ` → `οδος`); per character
//! the two agree on every character of Unicode 14.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// The reference words of `text`: Python's `re.findall(r"[^\W\d_]+", text.lower())`.
///
/// `dell'economia` gives `dell`, `economia`; `covid19` gives `covid`; `snake_case` gives
/// `snake`, `case`.
#[cfg(test)]
pub fn reference_words(text: &str) -> Vec<String> {
    letter_runs(&text.to_lowercase())
        .map(str::to_string)
        .collect()
}

/// The maximal runs of letters of an already lower-cased text.
pub(super) fn letter_runs(lower: &str) -> impl Iterator<Item = &str> {
    lower
        .split(|c: char| !is_letter(c))
        .filter(|run| !run.is_empty())
}

/// A character of Python's `[^\W\d_]`: a letter, a letter number or another number.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.general_category_group() == GeneralCategoryGroup::Letter
        || matches!(
            c.general_category(),
            GeneralCategory::LetterNumber | GeneralCategory::OtherNumber
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_elisions_digits_and_underscores() {
        assert_eq!(
            reference_words("Dell'economia l’innovazione covid19 snake_case 2024"),
            [
                "dell",
                "economia",
                "l",
                "innovazione",
                "covid",
                "snake",
                "case"
            ]
        );
    }

    #[test]
    fn keeps_accented_letters_and_other_numbers() {
        assert_eq!(
            reference_words("Perché la CITTÀ? m² ½ Ⅻ"),
            ["perché", "la", "città", "m²", "½", "ⅻ"]
        );
    }

    #[test]
    fn splits_at_combining_marks_as_python_does() {
        // A decomposed accent (U+0301) is not a letter; `İ` lower-cases to `i` + U+0307.
        assert_eq!(
            reference_words("cafe\u{301} İstanbul"),
            ["cafe", "i", "stanbul"]
        );
    }

    #[test]
    fn lower_cases_a_final_sigma() {
        assert_eq!(reference_words("ΟΔΟΣ ΣΟΦΟΣ."), ["οδος", "σοφος"]);
        assert_eq!(reference_words("ΟΔΟΣ")[0].chars().last(), Some('ς'));
    }

    #[test]
    fn finds_no_words_in_numbers_and_punctuation() {
        assert!(reference_words("1234 __ ٣٤ -- …").is_empty());
        assert!(reference_words("").is_empty());
    }
}
