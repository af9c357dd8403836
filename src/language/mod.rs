//! Languages the analysis understands: the eighteen Snowball languages.
//!
//! This module owns language detection (a stop-word vote, then whatlang, on the whole document,
//! since short headlines mislead every detector) and the per-language resources: the Snowball
//! stemmer and the stop-word list. Text outside these languages is still analysed, without stemming
//! or stop words, so a stray document never derails a run.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

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
const DOMINANT_SHARE: f64 = 2.0 / 3.0;

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
const SETTLE_MARGIN: u16 = 2;

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
const VOTE_WORDS: usize = 100;
/// The winner's stop words must make up at least this share of the words read…
const VOTE_MIN_SHARE: f64 = 0.2;
/// …and be at least this many times the runner-up's…
const VOTE_MIN_RATIO: f64 = 2.0;
/// …and at least this many.
const VOTE_MIN_WORDS: u16 = 3;

/// Stop words of each language among the first [`VOTE_WORDS`] words, and the number of
/// words read (numbers aside).
fn stop_word_votes(text: &str) -> ([u16; Language::ALL.len()], u32) {
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
fn clear_winner<V: Copy + Into<f64> + Ord + Default>(
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
fn stop_word_index() -> &'static FxHashMap<&'static str, u32> {
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
    fn wire_stories_in_capitals_and_figures_are_english() {
        // Reuters: whatlang alone calls stories like this one French.
        let story = "CHAMPION PRODUCTS <CH> APPROVES STOCK SPLIT Champion Products Inc said its \
                     board of directors approved a two-for-one stock split of its common shares \
                     for shareholders of record as of April 1, 1987. The company also said its \
                     board voted to recommend to shareholders at the annual meeting April 23 an \
                     increase in the authorized capital stock from five mln to 25 mln shares.";
        assert_eq!(detect(story), Detected::Known(Language::English));
    }

    #[test]
    fn close_languages_are_told_apart() {
        let cases = [
            (Language::Portuguese, "O governo anunciou hoje que vai investir mais na educação \
              das crianças, mas os sindicatos dizem que não é suficiente para as escolas do país."),
            (Language::Spanish, "El gobierno anunció hoy que va a invertir más en la educación \
              de los niños, pero los sindicatos dicen que no es suficiente para las escuelas."),
            (Language::German, "Die Regierung hat heute angekündigt, dass sie mehr in die \
              Bildung der Kinder investieren wird, aber die Gewerkschaften sagen, das sei nicht genug."),
            (Language::Russian, "Правительство сегодня объявило, что будет больше \
              инвестировать в образование детей, но профсоюзы говорят, что этого недостаточно."),
            (Language::Swedish, "Regeringen meddelade i dag att den kommer att investera mer i \
              barnens utbildning, men facket säger att det inte är tillräckligt för skolorna."),
        ];
        for (want, text) in cases {
            assert_eq!(detect(text), Detected::Known(want), "{text}");
        }
    }

    #[test]
    fn a_language_without_a_stemmer_is_not_taken_for_a_close_one() {
        let catalan = "El govern ha anunciat avui que invertirà més en l’educació dels infants, \
                       però els sindicats diuen que no és prou per a les escoles del país i que \
                       caldrà més mestres a totes les comarques.";
        assert!(!detect_one(catalan).clear);
        assert_eq!(detect(catalan), Detected::Other("ca"));
    }

    #[test]
    fn weak_documents_take_the_language_of_the_corpus_unless_something_speaks_against_it() {
        let stories = [
            "The company said its board of directors approved a two-for-one stock split of \
             its common shares for shareholders of record as of April 1.",
            "The bank said it would raise its prime rate to 7.5 pct from 7.25 pct, effective \
             tomorrow, and that the move was in line with the rest of the market.",
            "Shares of the group rose after it said that it had agreed to buy the unit for \
             an undisclosed sum, and that it expected the deal to close by the end of the year.",
        ];
        let table = "COBANCO INC <CBCO> YEAR NET Shr 34 cts vs 1.19 dlrs Net 807,000 vs \
                     2,858,000 Assets 510.2 mln vs 479.7 mln Loans 299.2 mln vs 327.2 mln";
        let chinese = "工业四点零正在改变伦巴第的制造业，企业投资机器人和数据分析。";
        let catalan = "El govern ha anunciat avui que invertirà més en l’educació dels infants, \
                       però els sindicats diuen que no és prou per a les escoles del país.";
        let mut texts: Vec<&str> = stories.to_vec();
        texts.extend([table, chinese, catalan]);
        let detected = detect_corpus(texts.iter().copied(), None);
        assert!(detected[..3]
            .iter()
            .all(|d| *d == Detected::Known(Language::English)));
        assert_eq!(detected[3], Detected::Known(Language::English), "the table");
        assert_eq!(detected[4], detect(chinese), "another script keeps its own");
        assert_eq!(
            detected[5],
            Detected::Other("ca"),
            "other stop words keep their own"
        );
        // No dominant language when the clear-cut documents disagree.
        let italian = "L’iniziativa nasce all’interno del programma di eventi collaterali del \
                       World Manufacturing Forum, e la trasferta è promossa da Confindustria.";
        let detections: Vec<Detection> = [stories[0], italian]
            .iter()
            .map(|t| detect_one(t))
            .collect();
        assert_eq!(dominant_language(&detections), None);
    }

    #[test]
    fn every_code_has_two_letters() {
        for lang in whatlang::Lang::all() {
            let code = iso_639_1(*lang);
            assert!(
                code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()),
                "{lang:?}"
            );
        }
    }

    #[test]
    fn a_corpus_of_one_line_stories_keeps_one_language() {
        // None is clear-cut on its own; together they are plainly English.
        let stories = [
            "Shares in bank fell.",
            "Rain due on coast.",
            "Minister asked to go.",
            "Wales beat Italy at home.",
            "Prices rose in spring.",
            "New film by director.",
            "Oil output up again.",
            "Talks end in Rome.",
        ];
        let detections: Vec<Detection> = stories.iter().map(|t| detect_one(t)).collect();
        assert!(detections.iter().all(|d| !d.clear));
        assert_eq!(dominant_language(&detections), Some(Language::English));
        let detected = detect_corpus(stories.iter().copied(), None);
        assert!(
            detected
                .iter()
                .all(|d| *d == Detected::Known(Language::English)),
            "{detected:?}"
        );
        // One stray stop word of another language is noise, not a language.
        for odd in [
            "Du pont co launches improved aramid fibers",
            "Ad sales boost Time Warner profit",
        ] {
            let detection = detect_one(odd);
            assert_ne!(
                detection.detected,
                Detected::Known(Language::English),
                "{odd}"
            );
            assert_eq!(
                detection.settle(odd, Some(Language::English)),
                Detected::Known(Language::English),
                "{odd}"
            );
        }
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
