//! Languages the analysis understands: the eighteen Snowball languages.
//!
//! This module owns language detection (whatlang, on the whole document, since short
//! headlines mislead every detector) and the per-language resources: the Snowball stemmer
//! and the stop-word list. Text outside these languages is still analysed, without stemming
//! or stop words, so a stray document never derails a run.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// A language with a Snowball stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Language {
    /// Every supported language, in alphabetical order.
    pub const ALL: [Language; 18] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
    ];

    /// ISO 639-1 code, as used in reports and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Danish => "da",
            Language::Dutch => "nl",
            Language::English => "en",
            Language::Finnish => "fi",
            Language::French => "fr",
            Language::German => "de",
            Language::Greek => "el",
            Language::Hungarian => "hu",
            Language::Italian => "it",
            Language::Norwegian => "no",
            Language::Portuguese => "pt",
            Language::Romanian => "ro",
            Language::Russian => "ru",
            Language::Spanish => "es",
            Language::Swedish => "sv",
            Language::Tamil => "ta",
            Language::Turkish => "tr",
        }
    }

    /// English name, lower-case (`italian`), as accepted by `--language`.
    pub fn name(self) -> &'static str {
        match self {
            Language::Arabic => "arabic",
            Language::Danish => "danish",
            Language::Dutch => "dutch",
            Language::English => "english",
            Language::Finnish => "finnish",
            Language::French => "french",
            Language::German => "german",
            Language::Greek => "greek",
            Language::Hungarian => "hungarian",
            Language::Italian => "italian",
            Language::Norwegian => "norwegian",
            Language::Portuguese => "portuguese",
            Language::Romanian => "romanian",
            Language::Russian => "russian",
            Language::Spanish => "spanish",
            Language::Swedish => "swedish",
            Language::Tamil => "tamil",
            Language::Turkish => "turkish",
        }
    }

    /// The Snowball algorithm of this language.
    pub fn stemmer_algorithm(self) -> Algorithm {
        match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        }
    }

    /// Stop words, lower-case: the stop-words crate's list plus the fragments that
    /// splitting elisions and contractions leaves behind (`dell’` → `dell`, `don't` → `don`),
    /// which would otherwise top every topic (and a short list for Tamil, which the crate lacks).
    pub fn stop_words(self) -> FxHashSet<&'static str> {
        let mut words: FxHashSet<&'static str> = stop_words::lookup(self.code())
            .unwrap_or_default()
            .iter()
            .copied()
            .collect();
        words.extend(elision_fragments(self));
        words
    }

    fn from_whatlang(lang: whatlang::Lang) -> Option<Language> {
        use whatlang::Lang as W;
        Some(match lang {
            W::Ara => Language::Arabic,
            W::Dan => Language::Danish,
            W::Nld => Language::Dutch,
            W::Eng => Language::English,
            W::Fin => Language::Finnish,
            W::Fra => Language::French,
            W::Deu => Language::German,
            W::Ell => Language::Greek,
            W::Hun => Language::Hungarian,
            W::Ita => Language::Italian,
            W::Nob => Language::Norwegian,
            W::Por => Language::Portuguese,
            W::Ron => Language::Romanian,
            W::Rus => Language::Russian,
            W::Spa => Language::Spanish,
            W::Swe => Language::Swedish,
            W::Tam => Language::Tamil,
            W::Tur => Language::Turkish,
            _ => return None,
        })
    }
}

fn elision_fragments(language: Language) -> &'static [&'static str] {
    match language {
        Language::Italian => &[
            "dell", "dall", "nell", "sull", "all", "coll", "quell", "quest", "un", "po", "anch",
            "com", "dov", "cos", "tutt", "nessun", "qual", "buon", "bell", "sant", "senz", "mezz",
            "dev", "ch", "pel", "gl",
        ],
        Language::English => &[
            "don", "doesn", "didn", "isn", "wasn", "aren", "weren", "won", "wouldn", "couldn",
            "shouldn", "hasn", "haven", "hadn", "mustn", "needn", "ve", "ll", "re", "mr", "mrs",
            "ms", "said", "says", "also",
        ],
        Language::French => &[
            "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "aujourd",
        ],
        // The stop-words crate has no Tamil list: the commonest function words.
        Language::Tamil => &[
            "ஒரு",
            "மற்றும்",
            "இந்த",
            "அந்த",
            "என்று",
            "இது",
            "அது",
            "உள்ள",
            "போன்ற",
            "என",
            "ஆனால்",
            "மேலும்",
            "இருந்து",
            "வேண்டும்",
            "அவர்",
            "அவர்கள்",
            "நான்",
            "நாம்",
            "இல்லை",
            "தான்",
            "என்ற",
            "பற்றி",
            "மூலம்",
            "போது",
            "கொண்டு",
            "இருக்கும்",
            "உள்ளது",
        ],
        _ => &[],
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = String;

    /// Accepts the English name (`italian`) or the ISO 639-1 code (`it`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        Language::ALL
            .into_iter()
            .find(|l| l.name() == wanted || l.code() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Language::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "unknown language `{s}` (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// The language of a document as far as analysis is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detected {
    /// A Snowball language: stemmed, stop words removed.
    Known(Language),
    /// Another language whatlang recognised (ISO 639-3 code): tokens kept as they are.
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

    /// Code for reports: ISO 639-1 for Snowball languages, ISO 639-3 for others, `und` if unknown.
    pub fn code(self) -> &'static str {
        match self {
            Detected::Known(l) => l.code(),
            Detected::Other(code) => code,
            Detected::Undetermined => "und",
        }
    }
}

/// Detects the language of a whole document.
///
/// whatlang reads trigrams; on long texts the first few kilobytes decide as well as the whole,
/// so only a prefix is read, which keeps detection cheap on book-sized documents.
pub fn detect(text: &str) -> Detected {
    const PREFIX_BYTES: usize = 8 * 1024;
    let mut end = text.len().min(PREFIX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match whatlang::detect(&text[..end]) {
        Some(info) => match Language::from_whatlang(info.lang()) {
            Some(l) => Detected::Known(l),
            None => Detected::Other(info.lang().code()),
        },
        None => Detected::Undetermined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_stop_words() {
        for l in Language::ALL {
            let words = l.stop_words();
            assert!(!words.is_empty(), "{l} has no stop words");
        }
    }

    #[test]
    fn parses_names_and_codes() {
        assert_eq!("Italian".parse::<Language>(), Ok(Language::Italian));
        assert_eq!("it".parse::<Language>(), Ok(Language::Italian));
        assert!("klingon".parse::<Language>().is_err());
    }

    #[test]
    fn detects_italian_and_english_documents() {
        let it = "L’iniziativa nasce all’interno del programma di eventi collaterali del World \
                  Manufacturing Forum di Cernobbio. La trasferta negli Stati Uniti è promossa \
                  da Confindustria Lombardia.";
        let en = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the \
                  three months to December, from $639m year-earlier.";
        assert_eq!(detect(it), Detected::Known(Language::Italian));
        assert_eq!(detect(en), Detected::Known(Language::English));
        assert_eq!(detect(""), Detected::Undetermined);
    }
}
