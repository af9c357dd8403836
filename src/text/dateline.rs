//! Datelines: the place (and sometimes agency and date) that opens a news story —
//! `CARPI.`, `MODENA –`, `LONDON (Reuters) -`, `ROMA, 12 marzo –`, `Roma, 12 marzo –`.
//!
//! A dateline says where a story was filed, not what it is about, so it is never a title
//! and a title is never allowed to start with one. Recognised: a place in capitals (one to
//! four words, `SAN FELICE`, `L’AQUILA`, `S. GIOVANNI`) or in title case when a date or an
//! agency follows it, then optionally an agency in brackets and a date after a comma, then
//! a full stop, colon or dash. A place in capitals may also stand alone on its line
//! (`FORMIGINE`) or run straight into the story (`BRESCIA «Siamo…`).

/// The most words a place name in a dateline has.
const MAX_PLACE_WORDS: usize = 4;
/// The longest agency or date part, in characters.
const MAX_PART_CHARS: usize = 40;

/// The length in bytes of the dateline that opens `text`, separator and following spaces
/// included, when what follows it is the story (it has lower-case letters).
pub(crate) fn prefix_len(text: &str) -> Option<usize> {
    let (len, _) = scan(text)?;
    let rest = &text[len..];
    rest.chars().any(char::is_lowercase).then_some(len)
}

/// Whether `text` is nothing but a dateline (`MIRANDOLA.`, `FORMIGINE`).
pub fn is_whole(text: &str) -> bool {
    let text = text.trim();
    match scan(text) {
        Some((len, _)) => text[len..].trim().is_empty(),
        None => false,
    }
}

/// `text` without the dateline that opens it, if any.
pub fn strip(text: &str) -> &str {
    match prefix_len(text) {
        Some(len) => &text[len..],
        None => text,
    }
}

/// (bytes of the dateline, whether the place is in capitals).
fn scan(text: &str) -> Option<(usize, bool)> {
    let lead = text.len() - text.trim_start().len();
    let (place_end, capitals, words) = place(&text[lead..])?;
    let mut i = lead + place_end;
    let mut qualified = false;
    // An agency in brackets: `(Reuters)`, `(ANSA)`.
    if let Some(rest) = text[i..].strip_prefix(" (") {
        let close = rest.find(')')?;
        if close == 0 || rest[..close].chars().count() > MAX_PART_CHARS {
            return None;
        }
        i += 2 + close + 1;
        qualified = true;
    }
    // A date after a comma: `, 12 marzo`, `, March 3`.
    if let Some(rest) = text[i..].strip_prefix(", ") {
        let end = rest
            .find([' ', '.', ':', '-', '–', '—'])
            .map(|first_space| {
                // The date runs to the separator: at most a few words.
                rest[first_space..]
                    .find(['–', '—', ':'])
                    .or_else(|| rest[first_space..].find(" - "))
                    .map_or(rest.len(), |e| first_space + e)
            })
            .unwrap_or(rest.len());
        let date = rest[..end].trim_end();
        if !date.is_empty()
            && date.chars().count() <= MAX_PART_CHARS
            && date.chars().any(|c| c.is_ascii_digit())
        {
            i += 2 + date.len();
            qualified = true;
        } else if !capitals {
            return None;
        }
    }
    if !capitals && !qualified {
        return None;
    }
    let rest = &text[i..];
    let after_space = rest.trim_start_matches([' ', '\u{a0}']);
    // The separator: a full stop or colon right after the place, or a dash between spaces.
    for sep in ['.', ':'] {
        if let Some(after) = rest.strip_prefix(sep) {
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                let skip = after.len() - after.trim_start().len();
                return Some((text.len() - after.len() + skip, capitals));
            }
        }
    }
    for dash in ['-', '–', '—'] {
        if let Some(after) = after_space.strip_prefix(dash) {
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                let skip = after.len() - after.trim_start().len();
                return Some((text.len() - after.len() + skip, capitals));
            }
        }
    }
    if capitals && !qualified && words <= 2 {
        // `FORMIGINE` alone, or `BRESCIA «Siamo…`: no separator, the story starts at once.
        if after_space.is_empty() {
            return Some((text.len(), true));
        }
        let first = after_space.chars().next()?;
        if after_space.len() < rest.len()
            && (first.is_uppercase() || "«“\"'‘".contains(first))
            && !after_space
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().all(|c| !c.is_lowercase()) && w.len() > 1)
        {
            return Some((text.len() - after_space.len(), true));
        }
    }
    None
}

/// The place name at the start of `text`: (bytes, in capitals, words).
fn place(text: &str) -> Option<(usize, bool, usize)> {
    let mut words = 0;
    let mut letters = 0;
    let mut capitals = true;
    let mut end = 0;
    let mut rest = text;
    loop {
        let (len, word_letters, upper) = place_word(rest)?;
        if words > 0 && upper != capitals {
            break;
        }
        capitals = upper;
        words += 1;
        letters += word_letters;
        end += len;
        rest = &rest[len..];
        if words == MAX_PLACE_WORDS {
            break;
        }
        // Words of a place are joined by one space or a hyphen (`SAN FELICE`, `CASTELNUOVO-RANGONE`).
        let joiner = if rest.starts_with(' ') || rest.starts_with('-') {
            1
        } else {
            break;
        };
        match place_word(&rest[joiner..]) {
            Some((_, _, upper)) if upper == capitals => {
                end += joiner;
                rest = &rest[joiner..];
            }
            _ => break,
        }
    }
    (letters >= 3).then_some((end, capitals, words))
}

/// One word of a place: `MODENA`, `L’AQUILA`, `S.` (an initial), or `Roma` in title case.
/// Returns (bytes, letters, in capitals).
fn place_word(text: &str) -> Option<(usize, usize, bool)> {
    let mut chars = text.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut letters = 1;
    let mut lower = 0;
    let mut end = first.len_utf8();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_alphabetic() {
            letters += 1;
            lower += usize::from(c.is_lowercase());
        } else if (c == '\'' || c == '’')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            // `L’AQUILA`, `SANT'AGATA`
        } else {
            break;
        }
        end = i + c.len_utf8();
        chars.next();
    }
    if letters == 1 {
        // An initial: `S. GIOVANNI`.
        return text[end..].starts_with(". ").then_some((end + 1, 1, true));
    }
    match lower {
        0 => Some((end, letters, true)),
        // Title case: only the first letter is a capital.
        n if n == letters - 1 => Some((end, letters, false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_datelines_of_every_shape() {
        for (text, rest) in [
            ("CARPI. Ieri sera i carabinieri", "Ieri sera i carabinieri"),
            ("MODENA – Un uomo è stato", "Un uomo è stato"),
            ("LONDON (Reuters) - Shares rose", "Shares rose"),
            ("ROMA, 12 marzo – Il governo ha", "Il governo ha"),
            ("Roma, 12 marzo – Il governo ha", "Il governo ha"),
            ("SAN FELICE. Due giovani", "Due giovani"),
            ("L’AQUILA - La scossa", "La scossa"),
            ("BRESCIA «Siamo davanti ad una", "«Siamo davanti ad una"),
            ("NEW YORK, March 3 - Stocks fell", "Stocks fell"),
        ] {
            assert_eq!(strip(text), rest, "{text}");
        }
    }

    #[test]
    fn leaves_headlines_and_ordinary_sentences_alone() {
        for text in [
            "CHAMPION PRODUCTS <CH> APPROVES STOCK SPLIT",
            "Roma ha vinto il derby.",
            "Milano - Inter finisce due a uno",
            "US economy grows faster than expected",
            "UK house prices fall",
            "I ladri sono entrati di notte.",
            "Ad sales boost Time Warner profit",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }

    #[test]
    fn knows_a_line_that_is_only_a_dateline() {
        for text in ["MIRANDOLA.", "FORMIGINE", "SAN FELICE.", " MODENA. "] {
            assert!(is_whole(text), "{text}");
        }
        for text in ["Ieri sera.", "APPROVES STOCK SPLIT NOW", "Roma"] {
            assert!(!is_whole(text), "{text}");
        }
    }
}
