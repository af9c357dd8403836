//! Sentence splitting, by behaviour: punctuation, abbreviations, headings, glued headings,
//! and the invariants every split keeps.

use super::*;
use proptest::prelude::*;
use std::time::{Duration, Instant};
use Language::{English, German, Italian};
use SpanKind::{Heading, Sentence};

const LANGUAGES: [Language; 18] = Language::ALL;

fn sentences(text: &str, language: Language) -> Vec<&str> {
    split(text, language)
        .iter()
        .map(|span| &text[span.start..span.end])
        .collect()
}

fn kinds(text: &str, language: Language) -> Vec<(SpanKind, &str)> {
    split(text, language)
        .iter()
        .map(|span| (span.kind, &text[span.start..span.end]))
        .collect()
}

/// Spans are ordered, disjoint, non-empty, trimmed, on char boundaries, and cover every
/// non-whitespace char.
fn check_invariants(text: &str, spans: &[Span]) -> Result<(), String> {
    let mut covered_to = 0;
    for span in spans {
        if span.start < covered_to || span.start >= span.end || span.end > text.len() {
            return Err(format!("bad range {span:?} after {covered_to}"));
        }
        let (Some(gap), Some(body)) = (
            text.get(covered_to..span.start),
            text.get(span.start..span.end),
        ) else {
            return Err(format!("not on a char boundary: {span:?}"));
        };
        if !gap.chars().all(char::is_whitespace) {
            return Err(format!("uncovered text {gap:?} before {span:?}"));
        }
        if body.trim() != body {
            return Err(format!("untrimmed span {body:?}"));
        }
        covered_to = span.end;
    }
    if !text[covered_to..].chars().all(char::is_whitespace) {
        return Err(format!("uncovered tail {:?}", &text[covered_to..]));
    }
    Ok(())
}

#[test]
fn blank_line_ends_a_sentence_and_numbers_paragraphs() {
    let text = "La trasferta negli Stati Uniti è promossa da Confindustria Lombardia e dal Digital \
                Innovation Hub Lombardia con il sostegno di molte imprese del territorio\n\n  \n\
                Tutti gli aspetti organizzativi saranno curati dal UNIVA. La partenza è fissata a ottobre.";
    let spans = split(text, Italian);
    assert_eq!(spans.len(), 3);
    assert_eq!(
        spans.iter().map(|span| span.paragraph).collect::<Vec<_>>(),
        [0, 1, 1]
    );
    assert!(spans.iter().all(|span| span.kind == Sentence));
    assert!(text[spans[0].start..spans[0].end].ends_with("del territorio"));
    let windows = "Titolo\r\n\r\nPrima frase. Seconda frase.\r\n";
    assert_eq!(
        kinds(windows, Italian),
        [
            (Heading, "Titolo"),
            (Sentence, "Prima frase."),
            (Sentence, "Seconda frase.")
        ]
    );
}

#[test]
fn newline_after_terminal_punctuation_ends_a_sentence() {
    let text = "L’obiettivo è favorire lo sviluppo di dinamiche di prossimità tra imprese.\n\
                Il progetto, finanziato con 1,2 milioni, punta a obiettivi comuni.";
    assert_eq!(
        sentences(text, Italian),
        [
            "L’obiettivo è favorire lo sviluppo di dinamiche di prossimità tra imprese.",
            "Il progetto, finanziato con 1,2 milioni, punta a obiettivi comuni."
        ]
    );
}

#[test]
fn hard_wrapped_lines_are_joined() {
    let text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn\n\
                (£600m) for the three months to December, from $639m year-earlier.\n\
                The firm said fourth quarter sales rose 2% to $11.1bn from $10.9bn.";
    let found = sentences(text, English);
    assert_eq!(found.len(), 2);
    assert!(found[0].contains("$1.13bn\n(£600m)"));
}

#[test]
fn wrapped_line_before_a_capital_is_not_a_heading() {
    let text = "    Time Warner said on Friday that it now owns eight pct of search\n\
                engine Google. But its own internet business, AOL, had mixed luck as\n\
                Yahoo took its share of the advertising market in the fourth quarter.\n\
                \x20   The company said it lost 464,000 subscribers in the quarter and\n\
                would try to sign up more customers for its broadband service, the\n\
                analysts said.\n\
                Reuter\n";
    assert_eq!(
        kinds(text, English),
        [
            (
                Sentence,
                "Time Warner said on Friday that it now owns eight pct of search\nengine Google."
            ),
            (
                Sentence,
                "But its own internet business, AOL, had mixed luck as\n\
                 Yahoo took its share of the advertising market in the fourth quarter."
            ),
            (
                Sentence,
                "The company said it lost 464,000 subscribers in the quarter and\n\
                 would try to sign up more customers for its broadband service, the\n\
                 analysts said."
            ),
            (Heading, "Reuter"),
        ]
    );
}

#[test]
fn terminal_punctuation_combinations() {
    let text =
        "Davvero?! Non ci credo... Eppure è successo! Il sindaco ha parlato… Poi se n’è andato?";
    assert_eq!(
        sentences(text, Italian),
        [
            "Davvero?!",
            "Non ci credo...",
            "Eppure è successo!",
            "Il sindaco ha parlato…",
            "Poi se n’è andato?"
        ]
    );
}

#[test]
fn closing_quotes_and_brackets_belong_to_the_sentence_that_ends() {
    let text = "Il ministro ha detto: «Andremo avanti.» Poi ha lasciato la sala. \
                (La seduta è stata sospesa.) I lavori riprenderanno “domani.” Nessuno ha obiettato.";
    assert_eq!(
        sentences(text, Italian),
        [
            "Il ministro ha detto: «Andremo avanti.»",
            "Poi ha lasciato la sala.",
            "(La seduta è stata sospesa.)",
            "I lavori riprenderanno “domani.”",
            "Nessuno ha obiettato."
        ]
    );
}

#[test]
fn sentence_ending_inside_an_italian_quote_ends_after_the_closing_mark() {
    let text = "Per Bocciolone la partnership è «un vero e proprio investimento per il futuro». \
                La collaborazione con PoliHub segna un nuovo approccio.";
    assert_eq!(
        sentences(text, Italian),
        [
            "Per Bocciolone la partnership è «un vero e proprio investimento per il futuro».",
            "La collaborazione con PoliHub segna un nuovo approccio."
        ]
    );
}

#[test]
fn quote_followed_by_comma_or_lowercase_is_one_sentence() {
    let italian = "«Questa partnership sancisce un altro importante passo verso la realizzazione \
                   dell’acceleratore di imprenditorialità Mill», ha dichiarato Grassi.";
    assert_eq!(sentences(italian, Italian), [italian]);
    let asked = "«Ho contribuito a farne prendere tanti!» continua l'anziana, con piglio fiero.";
    assert_eq!(sentences(asked, Italian), [asked]);
    let english = "\"Are you sure?\" he asked. \"We are pleased,\" he said.";
    assert_eq!(
        sentences(english, English),
        [
            "\"Are you sure?\" he asked.",
            "\"We are pleased,\" he said."
        ]
    );
}

#[test]
fn french_spaced_quotes_close_the_sentence() {
    let text =
        "Le ministre a dit : « Nous allons continuer. » Selon M. Dupont, l’accord est proche.";
    assert_eq!(
        sentences(text, Language::French),
        [
            "Le ministre a dit : « Nous allons continuer. »",
            "Selon M. Dupont, l’accord est proche."
        ]
    );
}

#[test]
fn italian_elisions_do_not_split() {
    let text = "È un passo importante per lo sviluppo dell’economia lombarda e per l'innovazione. \
                C’è ancora un po’ di strada da fare, con una crescita all'1.5% nel trimestre. \
                L’accordo è stato firmato un po'. Dell’intesa si parlerà domani.";
    assert_eq!(
        sentences(text, Italian),
        [
            "È un passo importante per lo sviluppo dell’economia lombarda e per l'innovazione.",
            "C’è ancora un po’ di strada da fare, con una crescita all'1.5% nel trimestre.",
            "L’accordo è stato firmato un po'.",
            "Dell’intesa si parlerà domani."
        ]
    );
}

#[test]
fn italian_abbreviations_do_not_end_sentences() {
    let text = "Il Dott. Rossi e il Prof. Bianchi hanno incontrato la Sig.ra Verdi, il Sig. Neri e l'on. \
                Gentiloni. Il dott. Gialli, l'ing. Neri e l'avv. Russo, il Dr. Conti, ecc. Il sindaco era assente. \
                Lo prevede l'art. 5 del decreto a pag. 12, comma n. 3, come spiega il tel. 0536 21011. \
                La Mario Rossi S.p.A. ha chiuso in utile, p.es. in Lombardia, con ca. 200 dipendenti. \
                Anche la Bianchi S.r.l. Il bilancio è positivo.";
    assert_eq!(
        sentences(text, Italian),
        [
            "Il Dott. Rossi e il Prof. Bianchi hanno incontrato la Sig.ra Verdi, il Sig. Neri e l'on. Gentiloni.",
            "Il dott. Gialli, l'ing. Neri e l'avv. Russo, il Dr. Conti, ecc.",
            "Il sindaco era assente.",
            "Lo prevede l'art. 5 del decreto a pag. 12, comma n. 3, come spiega il tel. 0536 21011.",
            "La Mario Rossi S.p.A. ha chiuso in utile, p.es. in Lombardia, con ca. 200 dipendenti.",
            "Anche la Bianchi S.r.l.",
            "Il bilancio è positivo."
        ]
    );
}

#[test]
fn english_abbreviations_do_not_end_sentences() {
    let text = "Mr. Smith met Mrs. Jones, Ms. Lee and Dr. Brown at St. Paul's. Prof. White of Acme Inc. \
                said the deal was done at 10 a.m. on Jan. 5. The U.S. and U.K. governments, e.g. the \
                Treasury, i.e. the finance ministry, agreed. No. 10 said Smith Jr. would attend, vs. \
                last year, with Acme Ltd. and Beta Co. as partners, etc. They rose in the U.S. \
                The firm said U.S. President Bush was pleased.";
    assert_eq!(
        sentences(text, English),
        [
            "Mr. Smith met Mrs. Jones, Ms. Lee and Dr. Brown at St. Paul's.",
            "Prof. White of Acme Inc. said the deal was done at 10 a.m. on Jan. 5.",
            "The U.S. and U.K. governments, e.g. the Treasury, i.e. the finance ministry, agreed.",
            "No. 10 said Smith Jr. would attend, vs. last year, with Acme Ltd. and Beta Co. as partners, etc.",
            "They rose in the U.S.",
            "The firm said U.S. President Bush was pleased."
        ]
    );
}

#[test]
fn initials_do_not_end_sentences() {
    let italian = "Il libro di J. R. R. Tolkien è stato tradotto da V. Alliata. La Traviata di G. Verdi torna alla Scala.";
    assert_eq!(
        sentences(italian, Italian),
        [
            "Il libro di J. R. R. Tolkien è stato tradotto da V. Alliata.",
            "La Traviata di G. Verdi torna alla Scala."
        ]
    );
    let english =
        "George W. Bush met John F. Kennedy's nephew. He played in Serie A. The team won.";
    assert_eq!(
        sentences(english, English),
        [
            "George W. Bush met John F. Kennedy's nephew.",
            "He played in Serie A.",
            "The team won."
        ]
    );
}

#[test]
fn numbers_decimals_and_versions_do_not_split() {
    let text = "Il Pil è cresciuto del 3.5% e il fatturato di 1.2 milioni con Industria 4.0 e un indice \
                di 1,2 punti, versione v2.3.1 del software. È accaduto ieri alle 17. 30 in via Ferretti. \
                I punti sono: 1. investimenti e 2. formazione.";
    assert_eq!(
        sentences(text, Italian),
        [
            "Il Pil è cresciuto del 3.5% e il fatturato di 1.2 milioni con Industria 4.0 e un indice di 1,2 punti, versione v2.3.1 del software.",
            "È accaduto ieri alle 17. 30 in via Ferretti.",
            "I punti sono: 1. investimenti e 2. formazione."
        ]
    );
    let english = "Sales rose to $11.1bn in 2004. The firm expects 3.5% growth.";
    assert_eq!(
        sentences(english, English),
        [
            "Sales rose to $11.1bn in 2004.",
            "The firm expects 3.5% growth."
        ]
    );
}

#[test]
fn urls_and_email_addresses_do_not_split() {
    let text = "Informazioni su www.example.com e a info@example.it entro lunedì. Il bando è su \
                https://www.regione.lombardia.it/bandi. Le domande vanno inviate entro giugno.";
    assert_eq!(
        sentences(text, Italian),
        [
            "Informazioni su www.example.com e a info@example.it entro lunedì.",
            "Il bando è su https://www.regione.lombardia.it/bandi.",
            "Le domande vanno inviate entro giugno."
        ]
    );
}

#[test]
fn ellipsis_before_lowercase_does_not_split() {
    let text = "Spacciano a Fiorano, Formigine... e stavolta la polizia li ha seguiti. Chissà cosa faranno…";
    assert_eq!(
        sentences(text, Italian),
        [
            "Spacciano a Fiorano, Formigine... e stavolta la polizia li ha seguiti.",
            "Chissà cosa faranno…"
        ]
    );
}

#[test]
fn missing_space_after_full_stop_splits_between_words() {
    let text = "Profits rose 76% in 2004.The firm said sales were up.Analysts were surprised.\"We are pleased.\"The end.";
    assert_eq!(
        sentences(text, English),
        [
            "Profits rose 76% in 2004.",
            "The firm said sales were up.",
            "Analysts were surprised.",
            "\"We are pleased.\"",
            "The end."
        ]
    );
    for text in [
        "The U.S.Treasury agreed.",
        "Use a language, e.g.Python, for the job.",
        "Il piano Industria 4.0 è partito.",
        "La Rossi S.p.A.Milano ha chiuso.",
        "Visit www.example.com or www.Example.com today.",
        "The site runs on Node.js and Vue.Js code.",
    ] {
        assert_eq!(sentences(text, English), [text]);
    }
}

#[test]
fn glued_headings_are_split_in_italian() {
    let text = "Un focus sulle startup deep-tech, che sviluppano tecnologie basate su scoperte scientifiche \
                o innovazioni ing Le fasi dell’accordo Il progetto si articola in diverse fasi. Confindustria \
                ha programmato due workshop, aperti a tutte le aziende La seconda fase prevede l’individuazione \
                delle imprese Champions e delle strategie future Infine, nella terza fase si procederà con lo \
                scouting. Il fine ultimo è chiaro. L’accordo e gli obiettivi Il presidente ha parlato.";
    assert_eq!(
        kinds(text, Italian),
        [
            (
                Sentence,
                "Un focus sulle startup deep-tech, che sviluppano tecnologie basate su scoperte scientifiche o innovazioni ing"
            ),
            (Heading, "Le fasi dell’accordo"),
            (Sentence, "Il progetto si articola in diverse fasi."),
            (Sentence, "Confindustria ha programmato due workshop, aperti a tutte le aziende"),
            (
                Sentence,
                "La seconda fase prevede l’individuazione delle imprese Champions e delle strategie future"
            ),
            (Sentence, "Infine, nella terza fase si procederà con lo scouting."),
            (Sentence, "Il fine ultimo è chiaro."),
            (Heading, "L’accordo e gli obiettivi"),
            (Sentence, "Il presidente ha parlato."),
        ]
    );
}

#[test]
fn glued_rule_keeps_names_titles_and_quotes_together() {
    for text in [
        "Lo ha riferito ieri Il Sole 24 Ore citando fonti del ministero.",
        "La stima è stata pubblicata secondo Il Sole 24 Ore nei giorni scorsi.",
        "Ha rivisto La vita è bella con la famiglia.",
        "È stato ricoverato all'ospedale Umberto I di Roma.",
        "Ha abbandonato la Formula Uno per dedicarsi alla ricerca.",
        "La notizia è stata ripresa da La Repubblica e da Il Corriere della Sera nelle edizioni online.",
        "Il fatto è stato riportato oggi Il Sole 24 Ore e commentato in serata.",
        "Il film La grande bellezza ha vinto l'Oscar nel 2014.",
        "Il titolo è «Il giorno della civetta» e parla di mafia.",
        "Lo scontro è avvenuto a La Spezia durante la notte.",
        "Ha vinto la vitamina A e la vitamina C in una sola dose.",
        "Lo ha detto Carlo Del Grande, presidente del gruppo.",
    ] {
        assert_eq!(sentences(text, Italian), [text]);
    }
}

#[test]
fn glued_rule_is_off_where_capitals_are_common() {
    let english = "Shares in the firm rose sharply The company said profits were up.";
    assert_eq!(sentences(english, English), [english]);
    let german = "Die Firma meldete hohe Gewinne Der Vorstand ist sehr zufrieden.";
    assert_eq!(sentences(german, German), [german]);
}

#[test]
fn short_standalone_lines_are_headings() {
    let text =
        "Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0\n\n\
                Piantoni (Confindustria): occasione unica per le imprese\n\n\
                «Ci sono le grandi imprese ma anche le Pmi», spiega Paolo Piantoni.\n\
                Tecnologie, formazione e cybersecurity\n\
                L’intesa prevede lo scambio di buone pratiche.\n\n\
                Argomenti:\nFederdat";
    assert_eq!(
        kinds(text, Italian),
        [
            (
                Heading,
                "Kilometro Rosso, per le Pmi ecco la via sostenibile per accedere a industria 4.0"
            ),
            (
                Heading,
                "Piantoni (Confindustria): occasione unica per le imprese"
            ),
            (
                Sentence,
                "«Ci sono le grandi imprese ma anche le Pmi», spiega Paolo Piantoni."
            ),
            (Heading, "Tecnologie, formazione e cybersecurity"),
            (Sentence, "L’intesa prevede lo scambio di buone pratiche."),
            (Heading, "Argomenti:\nFederdat"),
        ]
    );
    let bbc = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.";
    assert_eq!(
        kinds(bbc, English)[0],
        (Heading, "Ad sales boost Time Warner profit")
    );
}

#[test]
fn capitals_are_headings() {
    let text = "ULTIME NOTIZIE\nCARPI. Ieri sera la Compagnia dei carabinieri ha denunciato nove persone. \
                — © RIPRODUZIONE RISERVATA";
    assert_eq!(
        kinds(text, Italian),
        [
            (Heading, "ULTIME NOTIZIE"),
            (Heading, "CARPI."),
            (
                Sentence,
                "Ieri sera la Compagnia dei carabinieri ha denunciato nove persone."
            ),
            (Heading, "— © RIPRODUZIONE RISERVATA"),
        ]
    );
}

#[test]
fn long_last_line_without_punctuation_is_a_sentence() {
    let text = "C’è una didattica nuova nell’esperienza di Joiint Lab.\n\nE le imprese che hanno scelto \
                di aderire al progetto lo hanno compreso subito e ne parlano con entusiasmo ai colleghi";
    let found = kinds(text, Italian);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].0, Sentence);
}

#[test]
fn list_items_are_sentences_of_their_own() {
    let text = "The government had claimed tobacco firms:\n - manipulated nicotine levels\n \
                - targeted teenagers with advertising\n1. lied about the dangers of smoking";
    assert_eq!(
        kinds(text, English),
        [
            (Sentence, "The government had claimed tobacco firms:"),
            (Sentence, "- manipulated nicotine levels"),
            (Sentence, "- targeted teenagers with advertising"),
            (Sentence, "1. lied about the dangers of smoking"),
        ]
    );
}

#[test]
fn bbc_news_sentences() {
    let text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three \
                months to December, from $639m year-earlier. \"We are pleased,\" he said. \
                He said: \"It is done.\" Then he left.";
    assert_eq!(
        sentences(text, English),
        [
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.",
            "\"We are pleased,\" he said.",
            "He said: \"It is done.\"",
            "Then he left."
        ]
    );
}

#[test]
fn other_languages_use_their_own_tables() {
    let cases: [(Language, &str, &[&str]); 14] = [
        (
            German,
            "Am 3. Oktober 2020 traf Herr Dr. Müller z. B. die Vertreter, bzw. die Firma. Die Sitzung dauerte ca. drei Stunden.",
            &["Am 3. Oktober 2020 traf Herr Dr. Müller z. B. die Vertreter, bzw. die Firma.", "Die Sitzung dauerte ca. drei Stunden."],
        ),
        (
            Language::Spanish,
            "El Sr. García llegó a las 10. La reunión con la Dra. López terminó tarde. ¿Qué pasará ahora? Nadie lo sabe.",
            &["El Sr. García llegó a las 10.", "La reunión con la Dra. López terminó tarde.", "¿Qué pasará ahora?", "Nadie lo sabe."],
        ),
        (
            Language::Portuguese,
            "O Sr. Silva chegou ao escritório da Profa. Costa. A reunião terminou.",
            &["O Sr. Silva chegou ao escritório da Profa. Costa.", "A reunião terminou."],
        ),
        (
            Language::French,
            "M. Dupont et Mme Martin sont arrivés. Le débat commence : que faire ? Personne ne sait.",
            &["M. Dupont et Mme Martin sont arrivés.", "Le débat commence : que faire ?", "Personne ne sait."],
        ),
        (
            Language::Greek,
            "Τι θα γίνει τώρα; Κανείς δεν ξέρει. Ο κ. Παπαδόπουλος μίλησε.",
            &["Τι θα γίνει τώρα;", "Κανείς δεν ξέρει.", "Ο κ. Παπαδόπουλος μίλησε."],
        ),
        (
            Language::Russian,
            "Компания основана в 2004 г. Он уехал в Москву. А. С. Пушкин родился в Москве, т.е. в столице.",
            &["Компания основана в 2004 г.", "Он уехал в Москву.", "А. С. Пушкин родился в Москве, т.е. в столице."],
        ),
        (
            Language::Arabic,
            "قال د. أحمد إن الاقتصاد ينمو. هل سيستمر النمو؟ نعم.",
            &["قال د. أحمد إن الاقتصاد ينمو.", "هل سيستمر النمو؟", "نعم."],
        ),
        (
            Language::Tamil,
            "திரு. ராமன் சென்னைக்கு வந்தார். மு. கருணாநிதி பேசினார்.",
            &["திரு. ராமன் சென்னைக்கு வந்தார்.", "மு. கருணாநிதி பேசினார்."],
        ),
        (
            Language::Hungarian,
            "A cég 2004. március 5-én jelentette be, dr. Kovács szerint. A részvények emelkedtek.",
            &["A cég 2004. március 5-én jelentette be, dr. Kovács szerint.", "A részvények emelkedtek."],
        ),
        (
            Language::Turkish,
            "Prof. Dr. Ahmet Yılmaz 19. yüzyıl tarihini anlattı. Bu çok ilginçti.",
            &["Prof. Dr. Ahmet Yılmaz 19. yüzyıl tarihini anlattı.", "Bu çok ilginçti."],
        ),
        (
            Language::Danish,
            "Mødet sluttede kl. 14. Det var godt, f.eks. for hr. Jensen.",
            &["Mødet sluttede kl. 14.", "Det var godt, f.eks. for hr. Jensen."],
        ),
        (
            Language::Finnish,
            "Kokous alkoi klo 14. Se kesti esim. kaksi tuntia.",
            &["Kokous alkoi klo 14.", "Se kesti esim. kaksi tuntia."],
        ),
        (
            Language::Dutch,
            "Dhr. Jansen sprak o.a. over de begroting. De raad stemde in.",
            &["Dhr. Jansen sprak o.a. over de begroting.", "De raad stemde in."],
        ),
        (
            Language::Romanian,
            "Dl. Popescu a vorbit ieri. În ședință s-a decis bugetul.",
            &["Dl. Popescu a vorbit ieri.", "În ședință s-a decis bugetul."],
        ),
    ];
    for (language, text, expected) in cases {
        assert_eq!(sentences(text, language), expected, "{language:?}");
    }
}

/// Splits within a generous time limit: quadratic work on these inputs would take hours.
fn split_in_time(text: &str, language: Language) -> Vec<Span> {
    let started = Instant::now();
    let spans = split(text, language);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{} bytes took {:?}",
        text.len(),
        started.elapsed()
    );
    assert_eq!(check_invariants(text, &spans), Ok(()));
    spans
}

#[test]
fn five_megabyte_line_without_punctuation_is_one_sentence() {
    let text = "parola ".repeat(750_000) + "fine";
    for language in [Italian, English] {
        assert_eq!(split_in_time(&text, language).len(), 1);
    }
}

#[test]
fn hundred_thousand_dots_are_one_span() {
    let text = format!("Fine{}", ".".repeat(100_000));
    assert_eq!(split_in_time(&text, Italian).len(), 1);
    assert_eq!(split_in_time(&".".repeat(100_000), English).len(), 1);
}

#[test]
fn adversarial_inputs_stay_linear() {
    let inputs = [
        "a . ".repeat(50_000),
        "A. ".repeat(50_000),
        "ab.Cd".repeat(50_000),
        "x".repeat(1_000_000) + ". Y" + &".Z".repeat(50_000),
        "(« Il ".repeat(50_000),
        "Titolo\n".repeat(20_000),
        "\n\n".repeat(100_000),
    ];
    for text in inputs {
        split_in_time(&text, Italian);
    }
}

#[test]
fn every_language_keeps_the_invariants() {
    let text = "Titolo\n\nIl Dr. Rossi (U.S.A.) ha detto: «Sì… forse?!» Poi: 3.5% e 1. Το; «È». \
                قال د. أحمد. திரு. ராமன். Am 3. Oktober.\n\n\n  — © RISERVATA  \n";
    for language in LANGUAGES {
        assert_eq!(
            check_invariants(text, &split(text, language)),
            Ok(()),
            "{language:?}"
        );
    }
}

fn language() -> impl Strategy<Value = Language> {
    proptest::sample::select(LANGUAGES.to_vec())
}

proptest! {
    #[test]
    fn spans_cover_arbitrary_text(text in any::<String>(), language in language()) {
        prop_assert_eq!(check_invariants(&text, &split(&text, language)), Ok(()));
    }

    #[test]
    fn spans_cover_punctuation_heavy_text(
        text in "[aBèÈLlI’'. !?…«»“”\"()\\-:;,0-9\n\u{a0}\t]{0,300}",
        language in language(),
    ) {
        prop_assert_eq!(check_invariants(&text, &split(&text, language)), Ok(()));
    }
}

/// Prints every span of the seed articles for reading by eye.
#[test]
#[ignore = "reads ../shared/seeds; prints spans"]
fn print_seed_spans() {
    let Ok(entries) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"))
    else {
        println!("skipped: /work/shared/seeds not found");
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        print_spans(&path.display(), &text);
    }
}

/// One line per span of the Italian `text` (kind, paragraph, text) under a heading, for
/// reading the splitter's decisions by eye.
fn print_spans(heading: &dyn std::fmt::Display, text: &str) {
    println!("===== {heading}");
    for span in split(text, Italian) {
        println!(
            "{:?} {} | {}",
            span.kind,
            span.paragraph,
            &text[span.start..span.end]
        );
    }
}

/// Prints the spans of 20 pseudo-random Italian crime-news articles.
#[test]
#[ignore = "reads ../shared/data; prints spans"]
fn print_italian_news_spans() {
    use std::io::Read;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/dice-italian-crime-news/texts.jsonl.gz"
    );
    let Ok(file) = std::fs::File::open(path) else {
        println!("skipped: {path} not found");
        return;
    };
    let mut data = String::new();
    if flate2::read::GzDecoder::new(file)
        .read_to_string(&mut data)
        .is_err()
    {
        println!("skipped: {path} is not gzip text");
        return;
    }
    let lines: Vec<&str> = data.lines().collect();
    let mut state: u64 = 42;
    for _ in 0..20 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let Some(line) = lines.get((state >> 33) as usize % lines.len().max(1)) else {
            continue;
        };
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(text) = record["text"].as_str() else {
            continue;
        };
        print_spans(&record["id"], text);
    }
}

/// Mean share of each BBC reference summary covered by article sentences found in it
/// verbatim, and the articles below 0.9. Run with `cargo test -- --ignored --nocapture`.
#[test]
#[ignore = "reads ../shared/data; prints a measurement"]
fn bbc_summary_coverage() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/bbc-news-summary/data.jsonl"
    );
    let Ok(data) = std::fs::read_to_string(path) else {
        println!("skipped: {path} not found");
        return;
    };
    let mut coverages = Vec::new();
    for line in data.lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(text), Some(summary)) = (
            record["id"].as_str(),
            record["text"].as_str(),
            record["summary"].as_str(),
        ) else {
            continue;
        };
        let mut covered = vec![false; summary.len()];
        for span in split(text, English) {
            let sentence = &text[span.start..span.end];
            if span.kind == Sentence {
                if let Some(at) = summary.find(sentence) {
                    covered[at..at + sentence.len()].fill(true);
                }
            }
        }
        let share = covered.iter().filter(|&&c| c).count() as f64 / summary.len().max(1) as f64;
        coverages.push((share, id.to_string()));
    }
    let mean =
        coverages.iter().map(|(share, _)| share).sum::<f64>() / coverages.len().max(1) as f64;
    coverages.sort_by(|a, b| a.0.total_cmp(&b.0));
    let below = coverages.iter().filter(|(share, _)| *share < 0.9).count();
    println!(
        "articles {} mean coverage {mean:.4} below 0.9: {below}",
        coverages.len()
    );
    for (share, id) in coverages.iter().take(15) {
        println!("  {share:.3} {id}");
    }
    assert!(mean >= 0.97, "mean coverage {mean:.4}");
}
