//! Words of a text: maximal runs of letters, digits and combining marks.
//!
//! Everything else separates words, apostrophes included, which is what splits Italian and
//! French elisions (`dell’economia` → `dell`, `economia`; `l'on` → `l`, `on`) and English
//! contractions the way scikit-learn's default tokeniser does. Combining marks are word
//! characters so Tamil, Arabic and decomposed accents stay whole. An ASCII fast path keeps this
//! the cheapest step of the pipeline.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// A word and where it starts in the text (byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// The word as written, case kept: `&text[start..start + text.len()]`.
    pub text: &'a str,
}

/// Bytes that end a run of separators: ASCII letters and digits, and any byte of a non-ASCII
/// character (decoded and checked one by one).
static ENDS_SEPARATORS: [bool; 256] = byte_table(true);
/// Bytes that end a run of ASCII word characters: ASCII separators and non-ASCII bytes.
static ENDS_ASCII_WORD: [bool; 256] = byte_table(false);

const fn byte_table(word_ends: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let alnum = (b as u8).is_ascii_alphanumeric();
        t[b] = b >= 0x80 || (alnum == word_ends);
        b += 1;
    }
    t
}

/// Offset from `from` of the first byte that ends a run: of separators (`to_word`: an ASCII
/// letter or digit, or a non-ASCII byte) or of ASCII word characters (otherwise: an ASCII
/// separator or a non-ASCII byte). Eight bytes are classified at a time with word arithmetic,
/// so a run costs no branch per byte; the last few bytes go through the tables.
#[inline]
fn scan(bytes: &[u8], from: usize, to_word: bool) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes[i..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk);
        let non_ascii = x & HIGH_BITS;
        let alnum = ascii_alphanumeric(x) & !non_ascii;
        let stops = if to_word {
            alnum | non_ascii
        } else {
            !alnum & HIGH_BITS
        };
        if stops != 0 {
            return Some(i - from + (stops.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let table = if to_word {
        &ENDS_SEPARATORS
    } else {
        &ENDS_ASCII_WORD
    };
    bytes[i..]
        .iter()
        .position(|&b| table[b as usize])
        .map(|k| i - from + k)
}

/// The high bit of every byte of `x` that is an ASCII letter or digit, read as seven bits
/// (the caller masks out bytes outside ASCII).
#[inline]
fn ascii_alphanumeric(x: u64) -> u64 {
    let y = x & !HIGH_BITS;
    ascii_bytes_in_range(y | (LOW_BITS * 0x20), b'a', b'z') | ascii_bytes_in_range(y, b'0', b'9')
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of `x` with `lo <= byte <= hi`, for `x` whose bytes are all
/// below 0x80: each per-byte sum stays below 0x100, so no byte carries into the next.
#[inline]
pub(crate) fn ascii_bytes_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    (x + LOW_BITS * u64::from(0x80 - lo)) & !(x + LOW_BITS * u64::from(0x7F - hi)) & HIGH_BITS
}

/// Iterator over the words of a text.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        // General Punctuation (curly quotes, dashes, ellipsis): the commonest characters
        // outside ASCII in English text, and none of them is a letter, digit or mark.
        false
    } else {
        c.is_alphanumeric() || c.general_category_group() == GeneralCategoryGroup::Mark
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        // ASCII runs are scanned byte by byte with a table lookup; only a byte outside
        // ASCII stops the scan and is decoded as a character.
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        // skip separators
        loop {
            match scan(bytes, i, true) {
                Some(k) => i += k,
                None => {
                    self.pos = bytes.len();
                    return None;
                }
            }
            if bytes[i] < 0x80 {
                break;
            }
            let c = self.text[i..].chars().next()?;
            if is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        loop {
            match scan(bytes, i, false) {
                Some(k) => i += k,
                None => {
                    i = bytes.len();
                    break;
                }
            }
            if bytes[i] < 0x80 {
                break;
            }
            let c = self.text[i..].chars().next()?;
            if !is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        self.pos = i;
        Some(Word {
            start,
            text: &self.text[start..i],
        })
    }
}

/// Lower-cases `word` into `buf` unless it is already lower-case ASCII, in which case the word
/// itself is returned: most words of running text take that path and allocate nothing.
#[inline]
pub fn lowercase<'w>(word: &'w str, buf: &'w mut String) -> &'w str {
    let bytes = word.as_bytes();
    if bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return word;
    }
    buf.clear();
    if word.is_ascii() {
        buf.extend(bytes.iter().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
    buf
}

/// Whether a lower-cased word is worth indexing: at least two characters and at least one
/// letter (numbers like `2018` or `4` say nothing about a topic).
#[inline]
pub fn is_indexable(word: &str) -> bool {
    let mut chars = word.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return false,
    };
    if chars.next().is_none() {
        return false;
    }
    first.is_alphabetic() || word.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        words(text).map(|w| w.text).collect()
    }

    #[test]
    fn scanning_eight_bytes_at_a_time_stops_where_the_tables_do() {
        for b in 0u8..=255 {
            for len in 1..20 {
                for at in [0, len / 2, len - 1] {
                    for fill in [b'x', b' '] {
                        let mut bytes = vec![fill; len];
                        bytes[at] = b;
                        for to_word in [true, false] {
                            let table = if to_word {
                                &ENDS_SEPARATORS
                            } else {
                                &ENDS_ASCII_WORD
                            };
                            let want = bytes.iter().position(|&c| table[c as usize]);
                            assert_eq!(scan(&bytes, 0, to_word), want, "{bytes:?} {to_word}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn splits_italian_elisions() {
        assert_eq!(
            all("dell’economia l'innovazione c’è"),
            ["dell", "economia", "l", "innovazione", "c", "è"]
        );
    }

    #[test]
    fn splits_on_punctuation_and_quotes() {
        assert_eq!(
            all("«Questa partnership», ha detto: deep-tech!"),
            ["Questa", "partnership", "ha", "detto", "deep", "tech"]
        );
    }

    #[test]
    fn keeps_accents_and_combining_marks() {
        assert_eq!(all("perché città"), ["perché", "città"]);
        assert_eq!(all("cafe\u{301} தமிழ்"), ["cafe\u{301}", "தமிழ்"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Sono 34 gli imprenditori";
        for w in words(text) {
            assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
        }
    }

    #[test]
    fn lowercases_without_allocating_when_possible() {
        let mut buf = String::new();
        assert_eq!(lowercase("Innovazione", &mut buf), "innovazione");
        assert_eq!(lowercase("ÈCOLE", &mut buf), "ècole");
        assert_eq!(lowercase("già", &mut buf), "già");
    }

    #[test]
    fn drops_numbers_and_single_letters() {
        assert!(!is_indexable("2018"));
        assert!(!is_indexable("l"));
        assert!(!is_indexable(""));
        assert!(is_indexable("3d"));
        assert!(is_indexable("pmi"));
    }
}
