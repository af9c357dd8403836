//! A document's title: given by the input, or found at the top of its text.
//!
//! News articles scraped or exported as text start with their headline on a line of its own.
//! The headline is what the article is called, not something it says: it is shown as the
//! title and is never quoted as a key sentence (reference summaries never contain it).

use std::borrow::Cow;

use super::{dateline, AnalysedDocument, SpanKind};

/// A headline has at most this many words; a longer first line is the article's lede.
pub(crate) const MAX_HEADLINE_WORDS: usize = 20;

/// A document's title and the index of the sentence (or heading) it came from, if it came
/// from the text:
/// 1. a title given by the input, matched to the first span when that says the same;
/// 2. else the longest heading before the first sentence (a kicker like "Ricadute sulla
///    filiera" often precedes the real headline);
/// 3. else a first paragraph that is one short span without a final full stop — a headline
///    that ends in `?` or `!` (`Could Yukos be a blessing in disguise?`);
/// 4. else the first sentence, shortened, which stays a candidate; else the id.
///
/// A dateline (`CARPI.`, `LONDON (Reuters) -`) is never the title nor its start: a first line
/// that is only a dateline is skipped, and one that opens the title is cut off.
///
/// The title is borrowed from its source unless it had to be shortened: finding only the
/// headline (every document, when a corpus is prepared) allocates nothing.
pub fn title_of<'a>(
    given: Option<&'a str>,
    text: &'a str,
    doc: &AnalysedDocument,
    id: &'a str,
) -> (Cow<'a, str>, Option<usize>) {
    let span_text = |j: usize| &text[doc.sentences[j].start..doc.sentences[j].end];
    if let Some(t) = given {
        let t = t.trim();
        let first = (!doc.sentences.is_empty())
            .then_some(0)
            .filter(|&j| span_text(j).trim().eq_ignore_ascii_case(t));
        return (t.into(), first);
    }
    // A dateline alone on the first line or as the first "sentence" (`MIRANDOLA.`) is skipped.
    let first = usize::from(
        doc.sentences
            .first()
            .is_some_and(|s| dateline::is_whole(&text[s.start..s.end])),
    );
    let leading_headings = doc
        .sentences
        .iter()
        .enumerate()
        .skip(first)
        .take_while(|(_, s)| s.kind == SpanKind::Heading);
    if let Some((j, s)) =
        leading_headings.max_by_key(|(j, s)| (s.end - s.start, std::cmp::Reverse(*j)))
    {
        return (dateline::strip(&text[s.start..s.end]).into(), Some(j));
    }
    if let Some(lead) = doc.sentences.get(first) {
        let alone = doc
            .sentences
            .get(first + 1)
            .is_none_or(|next| next.paragraph != lead.paragraph);
        let words = dateline::strip(span_text(first).trim());
        if alone
            && doc.sentences.len() > first + 1
            && lead.n_words as usize <= MAX_HEADLINE_WORDS
            && !words.ends_with('.')
            && !words.contains('\n')
        {
            return (words.into(), Some(first));
        }
        return (shorten(words, 90), None);
    }
    (id.into(), None)
}

fn shorten(s: &str, max_chars: usize) -> Cow<'_, str> {
    if s.chars().count() <= max_chars {
        return s.into();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    use crate::text::analysed_for_tests;

    fn title(text: &str) -> (String, Option<usize>) {
        let doc = analysed_for_tests(text, Language::English);
        let (title, headline) = title_of(None, text, &doc, "id");
        (title.into_owned(), headline)
    }

    #[test]
    fn a_headline_line_is_the_title() {
        let (t, j) = title("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%. The firm is big.\n");
        assert_eq!(t, "Ad sales boost Time Warner profit");
        assert_eq!(j, Some(0));
    }

    #[test]
    fn a_question_headline_is_the_title() {
        let (t, j) = title("Could Yukos be a blessing in disguise?\n\nRussia's oil giant faces a tax bill. Investors worry about it.\n");
        assert_eq!(t, "Could Yukos be a blessing in disguise?");
        assert_eq!(j, Some(0));
    }

    #[test]
    fn a_lede_sentence_is_not_a_title() {
        let (t, j) =
            title("The dollar rose on Monday.\n\nTraders said the euro fell. Markets were calm.\n");
        assert_eq!(t, "The dollar rose on Monday.");
        assert_eq!(j, None);
    }

    #[test]
    fn a_dateline_is_not_a_title() {
        let (t, j) = title(
            "CARPI. Ieri sera i carabinieri hanno denunciato nove persone. Sei erano in casa.\n",
        );
        assert_eq!(t, "Ieri sera i carabinieri hanno denunciato nove persone.");
        assert_eq!(j, None);
        let (t, _) = title("MIRANDOLA.\n\nUn uomo è stato arrestato ieri. Era ricercato.\n");
        assert_eq!(t, "Un uomo è stato arrestato ieri.");
        let (t, _) = title(
            "LONDON (Reuters) - Shares in the group rose sharply on Monday. Traders were calm.\n",
        );
        assert_eq!(t, "Shares in the group rose sharply on Monday.");
        let (t, _) =
            title("ROMA, 12 marzo – Il governo approva il decreto. Le opposizioni protestano.\n");
        assert_eq!(t, "Il governo approva il decreto.");
    }

    #[test]
    fn a_given_title_excludes_the_same_first_line() {
        let text = "Budget day\n\nThe chancellor spoke. MPs listened.\n";
        let doc = analysed_for_tests(text, Language::English);
        assert_eq!(
            title_of(Some("Budget day"), text, &doc, "x"),
            ("Budget day".into(), Some(0))
        );
        assert_eq!(
            title_of(Some("Other"), text, &doc, "x"),
            ("Other".into(), None)
        );
    }
}
