use super::detection::Detection;
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
        (
            Language::Portuguese,
            "O governo anunciou hoje que vai investir mais na educação \
          das crianças, mas os sindicatos dizem que não é suficiente para as escolas do país.",
        ),
        (
            Language::Spanish,
            "El gobierno anunció hoy que va a invertir más en la educación \
          de los niños, pero los sindicatos dicen que no es suficiente para las escuelas.",
        ),
        (
            Language::German,
            "Die Regierung hat heute angekündigt, dass sie mehr in die \
          Bildung der Kinder investieren wird, aber die Gewerkschaften sagen, das sei nicht genug.",
        ),
        (
            Language::Russian,
            "Правительство сегодня объявило, что будет больше \
          инвестировать в образование детей, но профсоюзы говорят, что этого недостаточно.",
        ),
        (
            Language::Swedish,
            "Regeringen meddelade i dag att den kommer att investera mer i \
          barnens utbildning, men facket säger att det inte är tillräckligt för skolorna.",
        ),
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
