//! Word tables behind the sentence splitter, one set per language.
//!
//! Abbreviations are written without their final period and matched as written or with the
//! case of their first letter changed (`prof`, `Art`); one-letter entries only as written. Lists
//! are short on purpose: an unknown abbreviation falls back to "split when a capitalised
//! word follows", which is right for most of them at the end of a sentence.

use crate::language::Language;

/// What a period after an abbreviation means for the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbreviation {
    /// A title or an inner abbreviation ("Dott.", "e.g.", "z.B."): the sentence goes on.
    Never,
    /// "n. 5", "pag. 12": goes on before a number, otherwise behaves like a word.
    BeforeNumber,
    /// "U.S.", "Inc.", "ecc.": ends the sentence only when a sentence starter follows.
    Ambiguous,
}

pub(super) struct Abbreviations {
    pub never: &'static [&'static str],
    pub(crate) before_number: &'static [&'static str],
    pub(crate) ambiguous: &'static [&'static str],
}

/// Languages where a capitalised article in mid-sentence is rare, so one that follows a
/// plain word marks a heading glued to the next sentence by web scraping.
pub(super) struct Glued {
    /// One-letter starters that may open a glued sentence ("I", "È"); other one-letter
    /// starters ("A", "E", "O") are too often letters ("vitamina A", "Serie A").
    pub(crate) single_letters: &'static [&'static str],
    /// Starters that also end names, so they open nothing after a capitalised word:
    /// `Umberto I`, `Formula Uno`, `Fórmula Um`.
    pub(crate) name_parts: &'static [&'static str],
    /// Elided heads, written without the apostrophe: "L" for "L’industria".
    pub(crate) elided: &'static [&'static str],
    /// Words that cannot end a heading or sentence, so the capitalised word after them
    /// is a name or a title ("secondo Il Sole", "il film La grande bellezza").
    pub(crate) not_after: &'static [&'static str],
}

pub(super) struct Tables {
    pub abbreviations: Abbreviations,
    /// Capitalised words that commonly open a sentence: they confirm an ambiguous boundary.
    pub(crate) starters: &'static [&'static str],
    /// Lower-case words a heading cannot end with (articles, prepositions, conjunctions):
    /// a line ending in one was wrapped.
    pub dangling: &'static [&'static str],
    pub glued: Option<Glued>,
    /// "3. Oktober", "2004. március": a period after a number is usually an ordinal.
    pub(crate) ordinal_numbers: bool,
    /// Greek writes the question mark as ';'.
    pub(crate) semicolon_question: bool,
}

impl Tables {
    const fn with_dangling(self, dangling: &'static [&'static str]) -> Tables {
        Tables { dangling, ..self }
    }

    pub(crate) fn abbreviation(&self, token: &str) -> Option<Abbreviation> {
        [&self.abbreviations, &SHARED]
            .into_iter()
            .find_map(|list| list.lookup(token))
    }

    pub(crate) fn is_starter(&self, word: &str) -> bool {
        if self.starters.contains(&word) {
            return true;
        }
        let Some(glued) = &self.glued else {
            return false;
        };
        match split_elision(word) {
            Some((head, rest)) => {
                glued.elided.contains(&head) && rest.chars().next().is_some_and(char::is_lowercase)
            }
            None => false,
        }
    }
}

impl Abbreviations {
    fn lookup(&self, token: &str) -> Option<Abbreviation> {
        let matches = |entry: &&str| *entry == token || same_but_first_case(entry, token);
        if self.never.iter().any(matches) {
            Some(Abbreviation::Never)
        } else if self.before_number.iter().any(matches) {
            Some(Abbreviation::BeforeNumber)
        } else if self.ambiguous.iter().any(matches) {
            Some(Abbreviation::Ambiguous)
        } else {
            None
        }
    }
}

/// `prof` for `Prof`, `Art` for `art` (opening a sentence), but not `MS` for `Ms` or a
/// letter for another letter: an initial is not the one-letter abbreviation.
fn same_but_first_case(entry: &str, token: &str) -> bool {
    let (mut entry, mut token) = (entry.chars(), token.chars());
    let (Some(a), Some(b)) = (entry.next(), token.next()) else {
        return false;
    };
    let rest = entry.as_str();
    rest == token.as_str() && !rest.is_empty() && a != b && a.to_lowercase().eq(b.to_lowercase())
}

/// `L’industria` → (`L`, `industria`); either apostrophe.
pub(super) fn split_elision(word: &str) -> Option<(&str, &str)> {
    let at = word.find(['\'', '’', 'ʼ'])?;
    let apostrophe = word[at..].chars().next()?;
    Some((&word[..at], &word[at + apostrophe.len_utf8()..]))
}

pub(super) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Names that open with a capitalised article and continue in lower case, which the glued
/// heading rule would otherwise cut before; names whose second word is capitalised ("Il Sole
/// 24 Ore") are already safe, and are listed so that the intent is visible.
pub(super) const NAMES_WITH_ARTICLE: &[&str] = &[
    "Il Sole 24 Ore",
    "La Repubblica",
    "Il Corriere",
    "La Stampa",
    "Il Messaggero",
    "Il Fatto Quotidiano",
    "Il Giornale",
    "La Gazzetta",
    "La Nazione",
    "Il Resto del Carlino",
    "La Spezia",
    "La vita è bella",
    "La dolce vita",
    "La grande bellezza",
    "La casa di carta",
    "Il nome della rosa",
    "Il trono di spade",
    "I promessi sposi",
    "Il commissario Montalbano",
    "Il manifesto",
];

/// International abbreviations seen in news in every language.
#[rustfmt::skip]
const SHARED: Abbreviations = Abbreviations {
    never: &[
        "Dr", "Prof", "Mr", "Mrs", "Ms", "e.g", "i.e", "vs", "ca", "approx", "cf",
    ],
    before_number: &[],
    ambiguous: &["Jr", "Sr", "Inc", "Ltd", "Corp", "Bros", "Plc", "etc"],
};

pub(super) fn tables(language: Language) -> &'static Tables {
    match language {
        Language::Arabic => &ARABIC,
        Language::Danish => &DANISH,
        Language::Dutch => &DUTCH,
        Language::English => &ENGLISH,
        Language::Finnish => &FINNISH,
        Language::French => &FRENCH,
        Language::German => &GERMAN,
        Language::Greek => &GREEK,
        Language::Hungarian => &HUNGARIAN,
        Language::Italian => &ITALIAN,
        Language::Norwegian => &NORWEGIAN,
        Language::Portuguese => &PORTUGUESE,
        Language::Romanian => &ROMANIAN,
        Language::Russian => &RUSSIAN,
        Language::Spanish => &SPANISH,
        Language::Swedish => &SWEDISH,
        Language::Tamil => &TAMIL,
        Language::Turkish => &TURKISH,
    }
}

const fn plain(abbreviations: Abbreviations, starters: &'static [&'static str]) -> Tables {
    Tables {
        abbreviations,
        starters,
        dangling: &[],
        glued: None,
        ordinal_numbers: false,
        semicolon_question: false,
    }
}

const fn ordinal(abbreviations: Abbreviations, starters: &'static [&'static str]) -> Tables {
    Tables {
        ordinal_numbers: true,
        ..plain(abbreviations, starters)
    }
}

const fn romance(
    abbreviations: Abbreviations,
    starters: &'static [&'static str],
    glued: Glued,
) -> Tables {
    Tables {
        glued: Some(glued),
        ..plain(abbreviations, starters)
    }
}

#[rustfmt::skip]
static ITALIAN: Tables = romance(
    Abbreviations {
        never: &[
            "Dott", "Dott.ssa", "Sig", "Sig.ra", "Sig.na", "Sigg", "Prof.ssa", "on", "ing", "avv",
            "arch", "geom", "rag", "mons", "gen", "col", "magg", "cav", "sen", "p.es", "es", "cfr",
            "cit", "c.d", "d.lgs", "d.l", "v", "Egr", "Gent", "Spett", "Ill", "ecc.mo", "s.r",
        ],
        before_number: &[
            "n", "nn", "nr", "num", "pag", "pagg", "p", "pp", "art", "artt", "par", "cap", "fig",
            "vol", "tab", "tel", "fax", "cod", "lett", "co", "c", "mod", "km",
        ],
        ambiguous: &[
            "ecc", "S.p.A", "S.r.l", "S.a.s", "S.n.c", "a.C", "d.C", "u.s", "p.v", "c.a",
        ],
    },
    &[
        "Il", "Lo", "La", "I", "Gli", "Le", "Un", "Uno", "Una", "Nel", "Nello", "Nella", "Nei",
        "Negli", "Nelle", "Del", "Dello", "Della", "Dei", "Degli", "Delle", "Al", "Allo", "Alla",
        "Ai", "Agli", "Alle", "Dal", "Dallo", "Dalla", "Dai", "Dagli", "Dalle", "Sul", "Sulla",
        "Sui", "Sugli", "Sulle", "Per", "Con", "Tra", "Fra", "In", "Da", "Di", "Su", "A", "E", "È",
        "Ma", "Questo", "Questa", "Questi", "Queste", "Quello", "Quella", "Si", "Non", "Come",
        "Infine", "Inoltre", "Intanto", "Tuttavia", "Però", "Anche", "Ecco", "Oggi", "Ieri",
        "Domani", "Dopo", "Prima", "Secondo", "Mentre", "Quando", "Se", "Perché", "Poi", "Già",
        "Ora", "Così", "Qui", "Dunque", "Quindi", "Invece", "Insomma", "Sono", "Ci", "Ha", "Hanno",
        "Nessuno", "Tutti", "Tutto", "Ogni", "Alcuni", "Molti", "Durante", "Grazie", "Proprio",
        "Sempre", "Ancora", "Anzi", "Oltre",
    ],
    Glued {
        single_letters: &["I", "È"],
        name_parts: &["I", "Uno"],
        elided: &[
            "L", "Un", "Dell", "Nell", "All", "Dall", "Sull", "Quest", "Quell", "C", "D", "Anch",
            "Dov", "Com", "Cos", "Nient",
        ],
        not_after: &[
            "a", "e", "ed", "o", "od", "che", "cui", "quale", "quali", "verso", "presso", "contro",
            "senza", "sopra", "sotto", "tramite", "mediante", "circa", "chiamato", "chiamata",
            "detto", "detta", "denominato", "denominata", "cosiddetto", "cosiddetta", "titolo",
            "intitolato", "intitolata", "film", "libro", "romanzo", "canzone", "album", "programma",
            "trasmissione", "quotidiano", "giornale", "settimanale", "mensile", "rivista",
            "testata", "serie", "opera", "spettacolo", "brano", "disco", "saggio", "mostra",
            "festival", "rubrica", "ristorante", "pizzeria", "locale", "hotel", "albergo",
            "associazione", "fondazione", "club", "circolo", "via", "viale", "piazza", "piazzale",
            "corso", "largo", "vicolo", "strada", "quartiere",
        ],
    },
)
.with_dangling(&[
    "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "a", "da", "in", "con", "su",
    "per", "tra", "fra", "e", "ed", "o", "che", "del", "dello", "della", "dei", "degli", "delle",
    "al", "allo", "alla", "ai", "agli", "alle", "dal", "dallo", "dalla", "dai", "dagli", "dalle",
    "nel", "nello", "nella", "nei", "negli", "nelle", "sul", "sullo", "sulla", "sui", "sugli",
    "sulle", "è", "ha", "hanno", "sono", "ma", "come", "non", "cui", "suo", "sua",
]);

#[rustfmt::skip]
static ENGLISH: Tables = plain(
    Abbreviations {
        never: &[
            "Messrs", "St", "Rev", "Hon", "Gov", "Sen", "Rep", "Gen", "Col", "Lt", "Capt", "Cmdr",
            "Sgt", "Maj", "Adm", "Mt", "Ft", "Pres", "Supt", "Det", "Insp", "viz", "v",
        ],
        before_number: &[
            "No", "Nos", "p", "pp", "vol", "fig", "ch", "sec", "art", "para", "tel", "ext",
        ],
        ambiguous: &[
            "Co", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
            "Dec", "Ave", "Blvd", "Rd", "est", "al",
        ],
    },
    &[
        "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We",
        "I", "You", "His", "Her", "Their", "Our", "But", "And", "Or", "So", "Yet", "However", "In",
        "On", "At", "For", "From", "With", "As", "After", "Before", "When", "While", "If",
        "Although", "Though", "Since", "Because", "There", "Here", "What", "Who", "Why", "How",
        "Where", "Which", "Meanwhile", "Also", "Some", "Many", "Most", "All", "Other", "Another",
        "One", "Last", "Next", "Earlier", "Later", "Now", "Then", "Still", "Even", "Only", "Such",
        "Both", "Each", "Every", "No", "Not", "Nor", "Despite", "During", "Under", "Over", "By",
        "To",
    ],
)
.with_dangling(&[
    "the", "a", "an", "and", "or", "but", "nor", "of", "to", "for", "by", "with", "from", "at",
    "as", "into", "than", "that", "which", "whose", "its", "his", "her", "their", "our", "my",
    "your", "this", "these", "those", "is", "are", "was", "were", "be", "been", "has", "have",
    "had", "will", "would", "could", "should", "said", "after", "before", "about", "between",
    "against", "during", "without", "including",
]);

#[rustfmt::skip]
static FRENCH: Tables = romance(
    Abbreviations {
        never: &[
            "M", "MM", "Mme", "Mmes", "Mlle", "Pr", "Me", "Mgr", "St", "Ste", "p.ex", "ex", "env",
            "bd",
        ],
        before_number: &["p", "pp", "vol", "chap", "art", "n", "no", "tél"],
        ambiguous: &[
            "av", "apr", "J.-C", "Cie", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc",
        ],
    },
    &[
        "Le", "La", "Les", "Un", "Une", "Des", "Du", "De", "Dans", "Pour", "Par", "Avec", "Selon",
        "Sur", "Sous", "Ce", "Cet", "Cette", "Ces", "Il", "Elle", "Ils", "Elles", "On", "Nous",
        "Vous", "Je", "Mais", "Et", "Ou", "Donc", "Or", "En", "Au", "Aux", "Après", "Avant",
        "Depuis", "Pendant", "Lors", "Ainsi", "Alors", "Cependant", "Toutefois", "Enfin", "Aussi",
        "Puis", "Si", "Quand", "Comme", "Aujourd’hui", "Aujourd'hui", "Hier", "Cela", "Ceci",
        "Parmi", "Malgré", "Entre", "Outre", "Non", "Plus", "Tout", "Tous", "Chaque", "Certains",
        "Plusieurs", "A", "Y",
    ],
    Glued {
        single_letters: &[],
        name_parts: &[],
        elided: &["L", "D", "C", "Qu", "J", "S", "N"],
        not_after: &[
            "à", "et", "ou", "que", "qui", "dont", "vers", "chez", "contre", "sans", "selon",
            "film", "livre", "roman", "journal", "quotidien", "magazine", "émission", "série",
            "album",
        ],
    },
)
.with_dangling(&[
    "le", "la", "les", "un", "une", "des", "du", "de", "à", "au", "aux", "et", "ou", "mais", "que",
    "qui", "dont", "pour", "par", "avec", "dans", "sur", "sous", "ce", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs", "est", "sont", "ont",
]);

#[rustfmt::skip]
static SPANISH: Tables = romance(
    Abbreviations {
        never: &[
            "Sr", "Sra", "Srta", "Sres", "Dra", "Ud", "Uds", "Vd", "Vds", "Dña", "Profa", "Lic",
            "Ing", "Arq", "Gral", "Excmo", "Excma", "Ilmo", "Ilma", "Mons", "Sto", "Sta", "p.ej",
            "aprox", "cfr", "Av", "Avda",
        ],
        before_number: &["pág", "págs", "núm", "art", "tel", "p"],
        ambiguous: &["Cía", "EE.UU", "ene", "abr", "ago", "sept", "dic"],
    },
    &[
        "El", "La", "Los", "Las", "Lo", "Un", "Una", "Unos", "Unas", "En", "Por", "Para", "Con",
        "Sin", "Según", "Sobre", "Tras", "Desde", "Hasta", "Entre", "Durante", "Este", "Esta",
        "Estos", "Estas", "Ese", "Esa", "Eso", "Esto", "Al", "Del", "Pero", "También", "Además",
        "No", "Se", "Le", "Les", "Ya", "Hoy", "Ayer", "Así", "Cuando", "Como", "Si", "Aunque",
        "Mientras", "Ahora", "Luego", "Después", "Antes", "Ante", "Allí", "Aquí", "Todo", "Todos",
        "Cada", "Otro", "Otra", "Ella", "Él", "Ellos", "Su", "Sus", "Hay", "A", "Y", "O",
    ],
    Glued {
        single_letters: &[],
        name_parts: &[],
        elided: &[],
        not_after: &[
            "a", "de", "y", "e", "o", "u", "que", "cual", "cuales", "cuyo", "hacia", "contra",
            "bajo", "mediante", "película", "libro", "novela", "diario", "periódico", "revista",
            "programa", "serie", "álbum", "canción",
        ],
    },
)
.with_dangling(&[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "en", "con",
    "por", "para", "y", "e", "o", "u", "que", "su", "sus", "es", "son", "ha", "han", "pero", "sin",
    "sobre", "entre",
]);

#[rustfmt::skip]
static PORTUGUESE: Tables = romance(
    Abbreviations {
        never: &[
            "Sr", "Sra", "Srta", "Dra", "Profa", "Exmo", "Exma", "V.Exa", "p.ex", "Av", "Eng",
        ],
        before_number: &["pág", "p", "pp", "art", "n", "nº", "tel"],
        ambiguous: &[
            "Lda", "Cia", "S.A", "jan", "fev", "abr", "mai", "jun", "jul", "ago", "set", "out",
            "dez",
        ],
    },
    &[
        "O", "A", "Os", "As", "Um", "Uma", "No", "Na", "Nos", "Nas", "Do", "Da", "Dos", "Das", "Em",
        "Para", "Por", "Com", "Segundo", "Este", "Esta", "Esse", "Essa", "Isso", "Isto", "Mas",
        "Também", "Ainda", "Hoje", "Ontem", "Depois", "Quando", "Se", "Não", "Ele", "Ela", "Eles",
        "Elas", "Ao", "Aos", "Pelo", "Pela", "Sobre", "Entre", "Durante", "Após", "Além", "E",
    ],
    Glued {
        single_letters: &[],
        name_parts: &["Um"],
        elided: &[],
        not_after: &[
            "de", "e", "ou", "que", "qual", "quais", "cujo", "contra", "sem", "sob", "até", "filme",
            "livro", "romance", "jornal", "revista", "programa", "série", "álbum", "canção",
        ],
    },
)
.with_dangling(&[
    "o", "a", "os", "as", "um", "uma", "de", "do", "da", "dos", "das", "em", "no", "na", "nos",
    "nas", "ao", "aos", "com", "por", "para", "pelo", "pela", "e", "ou", "que", "seu", "sua", "é",
    "são", "mas",
]);

#[rustfmt::skip]
static ROMANIAN: Tables = romance(
    Abbreviations {
        never: &["dl", "dna", "dr", "prof", "ing", "str", "bd"],
        before_number: &["nr", "pag", "art", "alin", "lit", "p"],
        ambiguous: &["S.A", "S.R.L", "ș.a", "ş.a", "ș.a.m.d", "ş.a.m.d"],
    },
    &[
        "În", "La", "Pe", "Cu", "De", "Din", "Un", "O", "Acest", "Această", "Aceasta", "Acesta",
        "Dar", "Iar", "El", "Ea", "Ei", "Ele", "Nu", "Se", "Potrivit", "Astfel", "Totodată",
        "Pentru", "Prin", "După", "Până", "Deși", "Dacă", "Când", "Atunci", "Acum", "Ieri",
        "Astăzi", "Însă", "Mai", "Și",
    ],
    Glued {
        single_letters: &[],
        name_parts: &[],
        elided: &[],
        not_after: &[
            "și", "şi", "sau", "ca", "că", "care", "spre", "contra", "fără", "filmul", "cartea",
            "ziarul",
        ],
    },
)
.with_dangling(&[
    "un", "o", "unei", "unui", "de", "la", "în", "pe", "cu", "din", "și", "şi", "sau", "că", "care",
    "al", "ai", "ale", "este", "sunt", "pentru", "prin",
]);

#[rustfmt::skip]
static GERMAN: Tables = ordinal(
    Abbreviations {
        never: &[
            "Hr", "Hrn", "Fr", "z.B", "bzw", "bzgl", "d.h", "u.a", "u.U", "vgl", "sog", "evtl",
            "ggf", "inkl", "zzgl", "Mio", "Mrd", "Tsd", "St", "geb", "gest", "Dipl", "Ing", "Mag",
            "Univ", "Doz", "o.ä", "o.g", "i.d.R",
        ],
        before_number: &["Nr", "Abs", "Art", "Tel", "Bd", "S", "Kap"],
        ambiguous: &[
            "usw", "Str", "Jh", "Jan", "Feb", "Febr", "Aug", "Sept", "Okt", "Nov", "Dez", "e.V",
            "a.D", "Hrsg", "u.v.m",
        ],
    },
    &[
        "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Er", "Sie", "Es", "Wir",
        "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Damit", "Dabei", "Dazu", "Doch",
        "Aber", "Und", "Auch", "Auf", "Aus", "Bei", "Mit", "Nach", "Von", "Vor", "Im", "In", "Am",
        "An", "Zu", "Zum", "Zur", "Für", "Über", "Unter", "Seit", "So", "Wie", "Was", "Wer", "Wenn",
        "Als", "Nun", "Jetzt", "Heute", "Dann", "Denn", "Noch", "Nur", "Zudem", "Außerdem",
        "Allerdings", "Trotzdem", "Deshalb", "Daher", "Laut",
    ],
)
.with_dangling(&[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "oder", "von", "zu", "zum", "zur", "mit", "für", "im", "bei", "nach", "über", "unter",
    "dass", "ist", "sind", "hat", "haben", "wird", "werden",
]);

#[rustfmt::skip]
static DUTCH: Tables = plain(
    Abbreviations {
        never: &[
            "dhr", "mevr", "mr", "drs", "ir", "ing", "bijv", "d.w.z", "o.a", "m.b.t", "t.o.v",
            "i.p.v",
        ],
        before_number: &["nr", "blz", "art", "p"],
        ambiguous: &["enz", "jl", "mln", "mld"],
    },
    &[
        "De", "Het", "Een", "Dat", "Dit", "Deze", "Die", "Hij", "Zij", "Ze", "Wij", "We", "Ik",
        "Er", "In", "Op", "Met", "Voor", "Na", "Bij", "Volgens", "Maar", "En", "Ook", "Toen", "Nu",
        "Dan", "Daarnaast", "Bovendien", "Zo", "Als", "Wat", "Wie", "Om", "Tot", "Uit", "Door",
        "Tijdens",
    ],
)
.with_dangling(&[
    "de", "het", "een", "en", "of", "van", "voor", "met", "bij", "naar", "dat", "die", "is", "zijn",
    "heeft", "hebben", "wordt", "worden",
]);

#[rustfmt::skip]
static DANISH: Tables = ordinal(
    Abbreviations {
        never: &[
            "hr", "fr", "f.eks", "fx", "bl.a", "dvs", "jf", "evt", "pga", "mht", "ift", "ang",
            "inkl", "ekskl", "mio", "mia", "mdr",
        ],
        before_number: &["nr", "s", "stk", "kl"],
        ambiguous: &["osv", "mv", "m.m", "kr"],
    },
    &[
        "Det", "Den", "De", "En", "Et", "Han", "Hun", "Vi", "Jeg", "Der", "I", "På", "Med", "For",
        "Til", "Efter", "Men", "Og", "Som", "Da", "Nu", "Her", "Også", "Ifølge", "Hvis", "Når",
    ],
)
.with_dangling(&[
    "en", "et", "den", "det", "de", "og", "eller", "af", "for", "med", "fra", "at", "som", "er",
    "har",
]);

#[rustfmt::skip]
static NORWEGIAN: Tables = ordinal(
    Abbreviations {
        never: &[
            "hr", "fr", "f.eks", "bl.a", "dvs", "jf", "evt", "pga", "mht", "ifm", "iht", "inkl",
            "mill", "mrd",
        ],
        before_number: &["nr", "s", "kl"],
        ambiguous: &["osv", "mv", "m.m", "kr"],
    },
    &[
        "Det", "Den", "De", "En", "Et", "Ei", "Han", "Hun", "Vi", "Jeg", "Der", "I", "På", "Med",
        "For", "Til", "Etter", "Men", "Og", "Som", "Da", "Nå", "Her", "Også", "Ifølge", "Hvis",
        "Når",
    ],
)
.with_dangling(&[
    "en", "ei", "et", "den", "det", "de", "og", "eller", "av", "for", "med", "fra", "at", "som",
    "er", "har",
]);

#[rustfmt::skip]
static SWEDISH: Tables = plain(
    Abbreviations {
        never: &[
            "t.ex", "bl.a", "dvs", "jfr", "s.k", "resp", "f.d", "fr.o.m", "t.o.m", "p.g.a", "o.d",
            "hr", "fr", "milj", "mdr",
        ],
        before_number: &["nr", "s", "kl"],
        ambiguous: &["osv", "m.m", "kr", "st"],
    },
    &[
        "Det", "Den", "De", "En", "Ett", "Han", "Hon", "Vi", "Jag", "Där", "Enligt", "I", "På",
        "Med", "För", "Till", "Efter", "Men", "Och", "Som", "Då", "Nu", "Här", "Även", "Om", "När",
        "Sedan",
    ],
)
.with_dangling(&[
    "en", "ett", "den", "det", "de", "och", "eller", "av", "för", "med", "från", "att", "som", "är",
    "har",
]);

#[rustfmt::skip]
static FINNISH: Tables = ordinal(
    Abbreviations {
        never: &[
            "esim", "ns", "ts", "tri", "toim", "ks", "vrt", "milj", "mrd",
        ],
        before_number: &["n", "klo", "v", "s", "nro"],
        ambiguous: &["jne", "yms", "ym", "tms", "mm"],
    },
    &[
        "Se", "Ne", "Hän", "He", "Me", "Minä", "Tämä", "Tämän", "Nämä", "Myös", "Mutta", "Ja",
        "Kun", "Jos", "Nyt", "Sitten", "Lisäksi", "Vuonna", "Sen", "Hänen", "Siksi", "Tänään",
        "Eilen",
    ],
)
.with_dangling(&["ja", "tai", "että", "sekä", "on", "ovat"]);

#[rustfmt::skip]
static HUNGARIAN: Tables = ordinal(
    Abbreviations {
        never: &[
            "dr", "pl", "kb", "ill", "vö", "ún", "id", "ifj", "özv", "ld", "évf", "ford",
        ],
        before_number: &["u", "sz"],
        ambiguous: &[
            "stb", "Kft", "Zrt", "Bt", "Nyrt", "Rt", "szerk", "jan", "febr", "márc", "ápr", "jún",
            "júl", "aug", "szept", "okt", "nov", "dec",
        ],
    },
    &[
        "A", "Az", "Egy", "Ez", "Ezt", "Ezzel", "Ő", "Ők", "Mi", "De", "És", "Azonban", "Ekkor",
        "Most", "Ma", "Tegnap", "Ha", "Amikor", "Mint", "Hogy", "Nem", "Ezért", "Emellett",
        "Továbbá", "Viszont",
    ],
)
.with_dangling(&["a", "az", "egy", "és", "vagy", "hogy"]);

#[rustfmt::skip]
static TURKISH: Tables = ordinal(
    Abbreviations {
        never: &["Doç", "Av", "Yrd", "Öğr", "Gör", "Sn", "örn", "bkz", "yy"],
        before_number: &["No", "s"],
        ambiguous: &["vs", "vb", "Şti", "A.Ş", "Cad", "Sok", "Mah"],
    },
    &[
        "Bu", "Bir", "Şu", "O", "Ancak", "Ama", "Fakat", "Ve", "Bunun", "Buna", "Ayrıca", "Daha",
        "Öte", "Son", "İlk", "Şimdi", "Bugün", "Dün", "Eğer", "Çünkü", "Böylece", "Hem", "Her",
    ],
)
.with_dangling(&["ve", "veya", "ile", "bir"]);

#[rustfmt::skip]
static RUSSIAN: Tables = plain(
    Abbreviations {
        never: &[
            "т.е", "т.к", "т.н", "т.ч", "и.о", "им", "ул", "проф", "акад", "доц", "гр", "ок", "см",
        ],
        before_number: &["д", "рис", "стр", "с"],
        ambiguous: &[
            "г", "гг", "т.д", "т.п", "др", "н.э", "пр", "тыс", "млн", "млрд", "трлн", "руб", "долл",
            "коп",
        ],
    },
    &[
        "В", "На", "По", "С", "Но", "И", "А", "Он", "Она", "Они", "Это", "Этот", "Эта", "Как",
        "Также", "Однако", "При", "Для", "Из", "К", "О", "Об", "Поэтому", "Тогда", "Сейчас",
        "Теперь", "Кроме", "После", "До", "Если", "Когда", "Так", "Там", "Здесь", "Мы", "Я", "Вы",
        "Его", "Ее", "Её", "Их", "Все", "Всё", "Уже", "Еще", "Ещё", "Не", "Ни",
    ],
)
.with_dangling(&[
    "и", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "из", "за", "для", "что",
    "или", "но", "а", "не",
]);

#[rustfmt::skip]
static GREEK: Tables = Tables {
    semicolon_question: true,
    ..plain(
        Abbreviations {
            never: &["κ", "κα", "π.χ", "δηλ", "βλ", "Δρ", "Καθ", "οδ"],
            before_number: &["αρ", "σελ", "ν"],
            ambiguous: &[
                "εκατ", "δισ", "χιλ", "κ.λπ", "κ.ά", "κ.α", "π.Χ", "μ.Χ", "τ.μ",
            ],
        },
        &[
            "Ο", "Η", "Το", "Οι", "Τα", "Τον", "Την", "Του", "Της", "Των", "Στο", "Στη", "Στην",
            "Στον", "Στα", "Σε", "Με", "Για", "Από", "Και", "Αλλά", "Όμως", "Αυτό", "Αυτή", "Αυτός",
            "Αυτά", "Αυτές", "Ένα", "Μια", "Μία", "Ένας", "Όπως", "Όταν", "Αν", "Επίσης", "Σύμφωνα",
            "Κατά", "Μετά", "Πριν", "Ενώ", "Δεν", "Θα", "Είναι", "Έτσι",
        ],
    )
}
.with_dangling(&[
    "ο", "η", "το", "οι", "τα", "του", "της", "των", "τον", "την", "και", "σε", "στο", "στη",
    "στην", "με", "για", "από", "ή", "να", "θα", "που",
]);

/// Arabic and Tamil have no letter case: single letters with a period are initials, and
/// every other period before a word ends the sentence unless listed here.
#[rustfmt::skip]
static ARABIC: Tables = plain(
    Abbreviations {
        never: &["د", "أ", "م", "ص", "ج", "ه"],
        before_number: &[],
        ambiguous: &[],
    },
    &[],
)
.with_dangling(&[
    "في", "من", "على", "إلى", "عن", "و", "أو", "أن", "التي", "الذي",
]);

#[rustfmt::skip]
static TAMIL: Tables = plain(
    Abbreviations {
        never: &["திரு", "திருமதி", "செல்வி", "டாக்டர்", "பேரா", "முனைவர்"],
        before_number: &[],
        ambiguous: &[],
    },
    &[],
)
.with_dangling(&[]);
