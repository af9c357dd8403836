//! A document as a set of hashed word shingles: the unit that near-duplicates share.
//!
//! Words are the crate's tokens ([`crate::tokens::words`]), lower-cased, numbers and
//! one-letter words kept, stop words kept: a syndicated copy differs from its source in
//! punctuation, case, quotes and line breaks, none of which survives this. A shingle is `n`
//! consecutive words; its 64-bit hash is all that is kept. Nothing here stems or detects a
//! language, so the same text gives the same shingles in any corpus.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::tokens;

/// What one text yields: its distinct shingle hashes (sorted) and two figures.
#[derive(Debug, Default)]
pub struct Shingled {
    /// Distinct shingle hashes, ascending.
    pub hashes: Vec<u64>,
    /// Words in the text (the length by which the kept copy of a group is chosen).
    pub(crate) n_words: u32,
    /// A hash of the whole word sequence: equal for texts that differ only in case,
    /// punctuation and spacing.
    pub fingerprint: u64,
    /// The figures of the text (see [`Figures`]).
    pub figures: Figures,
}

/// The figures a text gives (`1.5`, `6-3/16`, `2021`, `31enne`: whitespace-separated tokens
/// with a digit, outer punctuation trimmed; the text's last token, which may be cut short,
/// left out), as a bottom-[`FIGURES_KEPT`] sketch: the least
/// hashes of the distinct figures, and how many there are. A wire template filled in with
/// this week's numbers shares nearly all its words with last week's, but not its figures;
/// a copy cut short or edited keeps the figures it has from its source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Distinct figures (saturating).
    pub count: u16,
    /// The least hashes (top 32 bits), ascending; `min(count, FIGURES_KEPT)` of them.
    pub least: [u32; FIGURES_KEPT],
}

/// Figure hashes kept per document.
pub(crate) const FIGURES_KEPT: usize = 8;

impl Figures {
    fn of(text: &str, scratch: &mut Vec<u32>) -> Figures {
        scratch.clear();
        // The tokens `split_whitespace` would give that hold a digit, found from their digits:
        // most of a text has none, and scanning bytes for one is cheaper than cutting it all.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(k) = first_digit(&bytes[from..]) {
            let digit = from + k;
            let start = text[..digit]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = text[digit..]
                .char_indices()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(text.len(), |(i, _)| digit + i);
            from = end;
            if end == text.len() {
                // The token that ends the text: a copy cut at a character limit ends inside
                // a word ('9.8' → '9'), a figure its source does not give.
                break;
            }
            let token = text[start..end].trim_matches(|c: char| !c.is_alphanumeric());
            let mut h = FxHasher::default();
            h.write(token.as_bytes());
            scratch.push((mix(h.finish()) >> 32) as u32);
        }
        scratch.sort_unstable();
        scratch.dedup();
        let mut least = [0u32; FIGURES_KEPT];
        let kept = scratch.len().min(FIGURES_KEPT);
        least[..kept].copy_from_slice(&scratch[..kept]);
        Figures {
            count: u16::try_from(scratch.len()).unwrap_or(u16::MAX),
            least,
        }
    }

    fn sample(&self) -> &[u32] {
        &self.least[..usize::from(self.count).min(FIGURES_KEPT)]
    }

    /// The estimated share of the figures of the text with fewer figures that the other
    /// text gives too; `None` when either gives none, or the sketches cannot tell.
    ///
    /// Both sketches are complete below τ, the smaller of their largest kept hashes (when
    /// full), so the figures of the smaller set below τ are a uniform sample of it, and
    /// whether each is in the other set is known exactly.
    pub fn containment(&self, other: &Figures) -> Option<f64> {
        if self.count == 0 || other.count == 0 {
            return None;
        }
        let limit = |f: &Figures| {
            if usize::from(f.count) > FIGURES_KEPT {
                f.least[FIGURES_KEPT - 1]
            } else {
                u32::MAX
            }
        };
        let tau = limit(self).min(limit(other));
        let (small, large) = if self.count <= other.count {
            (self, other)
        } else {
            (other, self)
        };
        let sample: Vec<u32> = small
            .sample()
            .iter()
            .copied()
            .filter(|&h| h <= tau)
            .collect();
        if sample.is_empty() {
            return None;
        }
        let found = sample
            .iter()
            .filter(|h| large.sample().binary_search(h).is_ok())
            .count();
        Some(found as f64 / sample.len() as f64)
    }
}

/// Where the first ASCII digit of `bytes` is: eight bytes at a time with word arithmetic
/// ([`tokens::ascii_bytes_in_range`]), the last few one by one.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = bytes[i..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk);
        let digits = tokens::ascii_bytes_in_range(x & !HIGH_BITS, b'0', b'9') & !(x & HIGH_BITS);
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| i + k)
}

/// The murmur3 64-bit finaliser: spreads every input bit over the output, so that
/// neighbouring inputs (consecutive word hashes combined linearly) give unrelated hashes.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// An odd multiplier for combining word hashes in order (a shingle is a sequence, not a set).
const STEP: u64 = 0x9e37_79b9_7f4a_7c15;

/// The shingles of `text`, `n` words each (`n` ≥ 1), into `out` (reused between calls to
/// save allocations). A text of fewer than `n` words is one shingle of all its words; a text
/// with no word has none.
pub fn shingle(text: &str, n: usize, out: &mut Shingled, words: &mut Vec<u64>) {
    let n = n.max(1);
    let mut scratch = Vec::new();
    out.figures = Figures::of(text, &mut scratch);
    words.clear();
    let mut lower = String::new();
    for w in tokens::words(text) {
        let word = tokens::lowercase(w.text, &mut lower);
        let mut h = FxHasher::default();
        h.write(word.as_bytes());
        words.push(mix(h.finish()));
    }
    out.hashes.clear();
    out.n_words = u32::try_from(words.len()).unwrap_or(u32::MAX);
    out.fingerprint = mix(words
        .iter()
        .fold(words.len() as u64, |acc, &w| acc.wrapping_mul(STEP) ^ w));
    if words.is_empty() {
        return;
    }
    let n = n.min(words.len());
    out.hashes.extend(words.windows(n).map(|window| {
        mix(window
            .iter()
            .fold(0u64, |acc, &w| acc.wrapping_mul(STEP).wrapping_add(w)))
    }));
    out.hashes.sort_unstable();
    out.hashes.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(text: &str, n: usize) -> Shingled {
        let mut out = Shingled::default();
        shingle(text, n, &mut out, &mut Vec::new());
        out
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_count() {
        let a = shingles("«Il porto di Genova» cresce, dice il sindaco.", 3);
        let b = shingles("il PORTO di genova\n\ncresce  --  dice il Sindaco", 3);
        assert_eq!(a.hashes, b.hashes);
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(a.n_words, 8);
        assert_eq!(a.hashes.len(), 6);
    }

    #[test]
    fn figures_tell_a_template_from_a_copy() {
        let last_week = shingles(
            "The Fed added 1.5 billion dlrs at 6-3/16 pct, in 2 steps.",
            3,
        );
        let this_week = shingles(
            "The Fed added two billion dlrs at 6-5/16 pct, in 3 steps.",
            3,
        );
        let cut = shingles("The Fed added 1.5 billion dlrs", 3);
        let (a, b) = (&last_week.figures, &this_week.figures);
        assert_eq!(a.count, 3);
        assert_eq!(a.containment(b), Some(0.0));
        assert_eq!(a.containment(&cut.figures), Some(1.0));
        assert_eq!(a.containment(&shingles("no figures", 3).figures), None);
    }

    #[test]
    fn figure_sketches_are_exact_below_their_limit() {
        let many: String = (0..100).map(|i| format!("{i} ")).collect();
        let half: String = (0..50).map(|i| format!("{i} ")).collect();
        let (a, b) = (shingles(&many, 3).figures, shingles(&half, 3).figures);
        assert_eq!(a.count, 100);
        assert_eq!(b.containment(&a), Some(1.0));
        let other: String = (200..250).map(|i| format!("{i} ")).collect();
        assert!(matches!(
            shingles(&other, 3).figures.containment(&a),
            None | Some(0.0)
        ));
    }

    #[test]
    fn figures_are_the_tokens_with_a_digit() {
        let text = "On 3 May\u{a0}2021 prices (up 1.5%) hit 6-3/16;no spaces 7x7\n\t42 «2,5» now";
        let by_split: Vec<&str> = text
            .split_whitespace()
            .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        assert_eq!(by_split.len(), 7);
        assert_eq!(shingles(text, 3).figures.count, 7);
    }

    #[test]
    fn a_figure_cut_short_at_the_end_does_not_count() {
        let full = shingles("Profit rose to 9.8 mln dlrs from 7.5 mln", 3);
        let cut = shingles("Profit rose to 9", 3);
        assert_eq!(full.figures.count, 2);
        assert_eq!(cut.figures.count, 0);
        assert_eq!(cut.figures.containment(&full.figures), None);
    }

    #[test]
    fn finds_the_first_digit() {
        for text in [
            "",
            "abc",
            "abcdefgh",
            "abcdefghi7",
            "7",
            "é9",
            "ÿ/:0",
            "abcdefg\u{660}5",
        ] {
            let expected = text.bytes().position(|b| b.is_ascii_digit());
            assert_eq!(first_digit(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn word_order_counts() {
        let a = shingles("one two three four", 3);
        let b = shingles("four three two one", 3);
        assert!(a.hashes.iter().all(|h| !b.hashes.contains(h)));
        assert_ne!(a.fingerprint, b.fingerprint);
    }

    #[test]
    fn repeated_shingles_count_once() {
        let a = shingles("a b c a b c a b c", 3);
        assert_eq!(a.hashes.len(), 3);
        assert_eq!(a.n_words, 9);
    }

    #[test]
    fn short_texts_are_one_shingle_and_empty_ones_none() {
        assert_eq!(shingles("due parole", 3).hashes.len(), 1);
        assert!(shingles(" … — ", 3).hashes.is_empty());
    }

    #[test]
    fn a_truncated_text_keeps_a_subset_of_its_shingles() {
        let full = "the quick brown fox jumps over the lazy dog while the cat sleeps on the mat";
        let cut = &full[..full.find("while").unwrap()];
        let (a, b) = (shingles(full, 3), shingles(cut, 3));
        assert!(b.hashes.iter().all(|h| a.hashes.contains(h)));
        assert!(b.hashes.len() < a.hashes.len());
    }
}
