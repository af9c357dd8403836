//! A worker's cache from lower-cased word to its token, looked up once per word of the text:
//! the hottest loop of the vectoriser.
//!
//! Words of up to 16 bytes (nearly all) are stored inline in the table, zero-padded into
//! two `u64`, so a lookup hashes and compares two machine words and touches one 32-byte slot:
//! no pointer to follow to a heap-allocated key, no `memcmp`. Open addressing with linear
//! probing, grown at 3/4 full. Longer words go to an ordinary hash map. Words never contain
//! a NUL byte (they are runs of letters, digits and marks), so zero padding is unambiguous
//! and an all-zero key marks an empty slot.

use rustc_hash::FxHashMap;

use crate::tokens::ascii_bytes_in_range;

/// Longest word (in bytes) stored inline in the table.
const INLINE: usize = 16;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    entry: WordEntry,
}

/// What the cache knows about a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordEntry {
    /// The word's token (term id or hash), or [`WordEntry::DROPPED`].
    pub token: u64,
    /// Occurrences (saturating).
    pub count: u32,
    /// Occurrences written with a capital first letter (saturating).
    pub(crate) capitalised: u32,
}

impl WordEntry {
    /// The token of a word that is not indexed (stop word, number, single letter).
    pub(crate) const DROPPED: u64 = u64::MAX;
}

#[derive(Debug)]
pub(crate) struct WordCache {
    slots: Vec<Slot>,
    bits: u32,
    len: usize,
    long: FxHashMap<Box<str>, WordEntry>,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache::with_bits(10)
    }
}

/// The word zero-padded into two little-endian `u64`, built with a few overlapping loads
/// (copying into a byte buffer and reading it back as words stalls on store forwarding).
#[inline]
fn pack(word: &[u8]) -> [u64; 2] {
    match word.len() {
        0..=8 => [load(word), 0],
        _ => [load(&word[..8]), load(&word[8..])],
    }
}

/// Up to 8 bytes as a little-endian `u64`, zero-padded.
#[inline]
fn load(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    match n {
        8 => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        4..=7 => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
        1..=3 => {
            u64::from(b[0])
                | (u64::from(b[n / 2]) << (8 * (n / 2)))
                | (u64::from(b[n - 1]) << (8 * (n - 1)))
        }
        _ => 0,
    }
}

/// The key of an ASCII word of 1 to [`INLINE`] bytes, lower-cased, and whether its first
/// letter was a capital; `None` for any other word. Lower-casing is done on the packed words
/// eight bytes at a time, so the common word costs no pass of its own.
#[inline]
pub(crate) fn pack_ascii_lower(word: &[u8]) -> Option<([u64; 2], bool)> {
    if word.is_empty() || word.len() > INLINE {
        return None;
    }
    lower_ascii_key(pack(word))
}

/// [`pack_ascii_lower`] for the word at `text[start..start + len]`, reading the [`INLINE`] bytes from
/// `start` and masking off those past the word: no branch on the word's length, which varies
/// from one word to the next too much to be predicted. Words near the end of the text go
/// through [`pack_ascii_lower`].
#[inline]
pub(crate) fn pack_ascii_lower_in(
    text: &[u8],
    start: usize,
    len: usize,
) -> Option<([u64; 2], bool)> {
    if len == 0 || len > INLINE {
        return None;
    }
    let Some(block) = text.get(start..start + INLINE) else {
        return pack_ascii_lower(&text[start..start + len]);
    };
    let (lo, hi) = block.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().expect("8 bytes"));
    let hi = u64::from_le_bytes(hi.try_into().expect("8 bytes"));
    // Bytes kept of each half: len, then len − 8, each at most 8 and at least 0.
    let mask = |n: usize| u64::MAX.checked_shr(8 * (8 - n.min(8)) as u32).unwrap_or(0);
    let (m0, m1) = (mask(len), mask(len.saturating_sub(8)));
    lower_ascii_key([lo & m0, hi & m1])
}

#[inline]
fn lower_ascii_key([a, b]: [u64; 2]) -> Option<([u64; 2], bool)> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if (a | b) & HIGH != 0 {
        return None;
    }
    let upper = |x: u64| ascii_bytes_in_range(x, b'A', b'Z');
    let (ua, ub) = (upper(a), upper(b));
    Some(([a | (ua >> 2), b | (ub >> 2)], ua & 0x80 != 0))
}

/// The bytes of a key and their length (zero padding removed).
fn unpack(key: &[u64; 2]) -> ([u8; INLINE], usize) {
    let mut bytes = [0u8; INLINE];
    bytes[..8].copy_from_slice(&key[0].to_le_bytes());
    bytes[8..].copy_from_slice(&key[1].to_le_bytes());
    let len = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    (bytes, len)
}

#[inline]
fn hash(key: &[u64; 2]) -> u64 {
    let h = key[0].wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let h = (h ^ key[1]).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
}

impl WordCache {
    fn with_bits(bits: u32) -> WordCache {
        WordCache {
            slots: vec![Slot::default(); 1 << bits],
            bits,
            len: 0,
            long: FxHashMap::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.len + self.long.len()
    }

    pub fn clear(&mut self) {
        *self = WordCache::default();
    }

    /// Counts one occurrence of `word` and returns its token; a word not yet cached gets
    /// the token `miss` computes.
    #[inline]
    pub fn count<E>(
        &mut self,
        word: &str,
        capitalised: bool,
        miss: impl FnOnce(&str) -> Result<u64, E>,
    ) -> Result<u64, E> {
        let bytes = word.as_bytes();
        if bytes.len() > INLINE || bytes.is_empty() {
            return self.count_long(word, capitalised, miss);
        }
        self.count_packed(pack(bytes), capitalised, miss)
    }

    /// [`WordCache::count`] for a word already packed (by [`pack`] or [`pack_ascii_lower`]):
    /// the word's text is rebuilt from the key only when `miss` needs it.
    #[inline]
    pub(crate) fn count_packed<E>(
        &mut self,
        key: [u64; 2],
        capitalised: bool,
        miss: impl FnOnce(&str) -> Result<u64, E>,
    ) -> Result<u64, E> {
        let mask = (1usize << self.bits) - 1;
        let mut i = (hash(&key) >> (64 - self.bits)) as usize;
        loop {
            let slot = &mut self.slots[i];
            if slot.key == key {
                slot.entry.count = slot.entry.count.saturating_add(1);
                slot.entry.capitalised = slot
                    .entry
                    .capitalised
                    .saturating_add(u32::from(capitalised));
                return Ok(slot.entry.token);
            }
            if slot.key[0] == 0 {
                return self.insert_missed(i, key, capitalised, miss);
            }
            i = (i + 1) & mask;
        }
    }

    /// A word seen for the first time, to go in empty slot `i`: out of the hot loop, which
    /// then stays small (each worker misses once per distinct word, against millions of hits).
    #[cold]
    #[inline(never)]
    fn insert_missed<E>(
        &mut self,
        i: usize,
        key: [u64; 2],
        capitalised: bool,
        miss: impl FnOnce(&str) -> Result<u64, E>,
    ) -> Result<u64, E> {
        let bytes = unpack(&key);
        let word = std::str::from_utf8(&bytes.0[..bytes.1])
            .expect("keys are packed from whole UTF-8 words");
        let token = miss(word)?;
        let slot = &mut self.slots[i];
        slot.key = key;
        slot.entry = WordEntry {
            token,
            count: 1,
            capitalised: u32::from(capitalised),
        };
        self.len += 1;
        if self.len * 4 >= self.slots.len() * 3 {
            self.grow();
        }
        Ok(token)
    }

    #[cold]
    fn count_long<E>(
        &mut self,
        word: &str,
        capitalised: bool,
        miss: impl FnOnce(&str) -> Result<u64, E>,
    ) -> Result<u64, E> {
        if let Some(e) = self.long.get_mut(word) {
            e.count = e.count.saturating_add(1);
            e.capitalised = e.capitalised.saturating_add(u32::from(capitalised));
            return Ok(e.token);
        }
        let token = miss(word)?;
        self.long.insert(
            word.into(),
            WordEntry {
                token,
                count: 1,
                capitalised: u32::from(capitalised),
            },
        );
        Ok(token)
    }

    #[cold]
    fn grow(&mut self) {
        let bits = self.bits + 1;
        let mut slots = vec![Slot::default(); 1 << bits];
        let mask = (1usize << bits) - 1;
        for slot in self.slots.iter().filter(|s| s.key[0] != 0) {
            let mut i = (hash(&slot.key) >> (64 - bits)) as usize;
            while slots[i].key[0] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *slot;
        }
        self.slots = slots;
        self.bits = bits;
    }

    /// Adds the counts of `other` (a cache of the same language with the same tokens).
    pub(crate) fn absorb(&mut self, other: &WordCache) {
        for (word, e) in other.iter() {
            let mut fresh = false;
            let _ = self.count(&word, false, |_| {
                fresh = true;
                Ok::<u64, ()>(e.token)
            });
            let mine = self.entry_mut(&word);
            let (count, capitalised) = if fresh {
                (0, 0)
            } else {
                (mine.count - 1, mine.capitalised)
            };
            mine.count = count.saturating_add(e.count);
            mine.capitalised = capitalised.saturating_add(e.capitalised);
        }
    }

    fn entry_mut(&mut self, word: &str) -> &mut WordEntry {
        let bytes = word.as_bytes();
        if bytes.len() > INLINE || bytes.is_empty() {
            return self.long.entry(word.into()).or_default();
        }
        let key = pack(bytes);
        let mask = (1usize << self.bits) - 1;
        let mut i = (hash(&key) >> (64 - self.bits)) as usize;
        while self.slots[i].key != key {
            i = (i + 1) & mask;
        }
        &mut self.slots[i].entry
    }

    /// Every cached word with its entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (String, WordEntry)> + '_ {
        let inline = self.slots.iter().filter(|s| s.key[0] != 0).map(|s| {
            let (bytes, len) = unpack(&s.key);
            (String::from_utf8_lossy(&bytes[..len]).into_owned(), s.entry)
        });
        inline.chain(self.long.iter().map(|(w, e)| (w.to_string(), *e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_every_length_like_zero_padding() {
        let word: Vec<u8> = (1..=16).collect();
        for n in 0..=16 {
            let mut buf = [0u8; 16];
            buf[..n].copy_from_slice(&word[..n]);
            let want = [0, 8].map(|i| u64::from_le_bytes(buf[i..i + 8].try_into().unwrap()));
            assert_eq!(pack(&word[..n]), want, "length {n}");
        }
    }

    #[test]
    fn ascii_keys_are_the_keys_of_the_lower_cased_word() {
        // Every ASCII byte in every position, next to the letters' case boundaries.
        for b in 1u8..0x80 {
            for n in 1..=INLINE {
                for at in [0, n / 2, n - 1] {
                    let mut word = vec![b'Q'; n];
                    word[at] = b;
                    let lower = word.to_ascii_lowercase();
                    let (key, capitalised) = pack_ascii_lower(&word).unwrap();
                    assert_eq!(key, pack(&lower), "{word:?}");
                    assert_eq!(capitalised, word[0].is_ascii_uppercase(), "{word:?}");
                    assert_eq!(unpack(&key).0[..n], lower[..]);
                }
            }
        }
        assert_eq!(pack_ascii_lower("città".as_bytes()), None);
    }

    #[test]
    fn keys_read_in_place_are_the_keys_of_the_word_alone() {
        // Every length at every offset of a text, so some words end near the text's end and
        // some blocks reach past the word into letters, spaces and bytes outside ASCII.
        let text =
            "Wordy Text, with ÀCCENTS and MIXED case: aBcDeFgHiJkLmNoPqRsTuVwXyZ 0123456789 è";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for len in 0..=(bytes.len() - start).min(INLINE + 2) {
                let want = if len == 0 {
                    None
                } else {
                    pack_ascii_lower(&bytes[start..start + len])
                };
                assert_eq!(
                    pack_ascii_lower_in(bytes, start, len),
                    want,
                    "{start} {len}"
                );
            }
        }
    }

    #[test]
    fn counts_words_short_and_long_through_growth() {
        let mut cache = WordCache::default();
        let long = "a".repeat(40);
        let mut words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        words.push(long.clone());
        words.push("città".into());
        for round in 0..3 {
            for (i, w) in words.iter().enumerate() {
                let t = cache
                    .count(w, round == 0, |_| Ok::<u64, ()>(i as u64))
                    .unwrap();
                assert_eq!(t, i as u64);
            }
        }
        assert_eq!(cache.len(), words.len());
        let mut all: Vec<(String, WordEntry)> = cache.iter().collect();
        all.sort_by_key(|(_, e)| e.token);
        assert_eq!(all.len(), words.len());
        for ((w, e), expected) in all.iter().zip(&words) {
            assert_eq!(w, expected);
            assert_eq!((e.count, e.capitalised), (3, 1));
        }
    }
}
