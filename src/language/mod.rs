//! Languages the analysis understands: the eighteen Snowball languages.
//!
//! This module owns language detection (a stop-word vote, then whatlang, on the whole document,
//! since short headlines mislead every detector) and the per-language resources: the Snowball
//! stemmer and the stop-word list. Text outside these languages is still analysed, without stemming
//! or stop words, so a stray document never derails a run.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

mod detection;
#[cfg(test)]
mod tests;

pub use detection::{detect, Detected};
pub(crate) use detection::{detect_corpus, detect_one, dominant_language};

/// A language with a Snowball stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// ISO 639-1 `ar`.
    Arabic,
    /// ISO 639-1 `da`.
    Danish,
    /// ISO 639-1 `nl`.
    Dutch,
    /// ISO 639-1 `en`.
    English,
    /// ISO 639-1 `fi`.
    Finnish,
    /// ISO 639-1 `fr`.
    French,
    /// ISO 639-1 `de`.
    German,
    /// ISO 639-1 `el`.
    Greek,
    /// ISO 639-1 `hu`.
    Hungarian,
    /// ISO 639-1 `it`.
    Italian,
    /// ISO 639-1 `no`.
    Norwegian,
    /// ISO 639-1 `pt`.
    Portuguese,
    /// ISO 639-1 `ro`.
    Romanian,
    /// ISO 639-1 `ru`.
    Russian,
    /// ISO 639-1 `es`.
    Spanish,
    /// ISO 639-1 `sv`.
    Swedish,
    /// ISO 639-1 `ta`.
    Tamil,
    /// ISO 639-1 `tr`.
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
    pub(crate) fn stemmer_algorithm(self) -> Algorithm {
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

    /// The script the language is written in.
    pub fn script(self) -> whatlang::Script {
        use whatlang::Script as S;
        match self {
            Language::Arabic => S::Arabic,
            Language::Greek => S::Greek,
            Language::Russian => S::Cyrillic,
            Language::Tamil => S::Tamil,
            _ => S::Latin,
        }
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

/// The ISO 639-1 code of a language whatlang knows (all of them have one).
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang as W;
    match lang {
        W::Epo => "eo",
        W::Eng => "en",
        W::Rus => "ru",
        W::Cmn => "zh",
        W::Spa => "es",
        W::Por => "pt",
        W::Ita => "it",
        W::Ben => "bn",
        W::Fra => "fr",
        W::Deu => "de",
        W::Ukr => "uk",
        W::Kat => "ka",
        W::Ara => "ar",
        W::Hin => "hi",
        W::Jpn => "ja",
        W::Heb => "he",
        W::Yid => "yi",
        W::Pol => "pl",
        W::Amh => "am",
        W::Jav => "jv",
        W::Kor => "ko",
        W::Nob => "nb",
        W::Dan => "da",
        W::Swe => "sv",
        W::Fin => "fi",
        W::Tur => "tr",
        W::Nld => "nl",
        W::Hun => "hu",
        W::Ces => "cs",
        W::Ell => "el",
        W::Bul => "bg",
        W::Bel => "be",
        W::Mar => "mr",
        W::Kan => "kn",
        W::Ron => "ro",
        W::Slv => "sl",
        W::Hrv => "hr",
        W::Srp => "sr",
        W::Mkd => "mk",
        W::Lit => "lt",
        W::Lav => "lv",
        W::Est => "et",
        W::Tam => "ta",
        W::Vie => "vi",
        W::Urd => "ur",
        W::Tha => "th",
        W::Guj => "gu",
        W::Uzb => "uz",
        W::Pan => "pa",
        W::Aze => "az",
        W::Ind => "id",
        W::Tel => "te",
        W::Pes => "fa",
        W::Mal => "ml",
        W::Ori => "or",
        W::Mya => "my",
        W::Nep => "ne",
        W::Sin => "si",
        W::Khm => "km",
        W::Tuk => "tk",
        W::Aka => "ak",
        W::Zul => "zu",
        W::Sna => "sn",
        W::Afr => "af",
        W::Lat => "la",
        W::Slk => "sk",
        W::Cat => "ca",
        W::Tgl => "tl",
        W::Hye => "hy",
        W::Cym => "cy",
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
