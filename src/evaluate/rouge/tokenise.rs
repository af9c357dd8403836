//! rouge-score's tokeniser with `use_stemmer=True`, interning each stem once so that scoring
//! compares integers.

use super::{RougeScorer, DROPPED};

impl RougeScorer {
    /// rouge-score's default tokeniser with `use_stemmer=True`: lower-case,
    /// every run of characters outside `[a-z0-9]` splits, tokens longer than
    /// 3 characters are Porter-stemmed, invalid (empty) tokens dropped.
    #[cfg(test)]
    pub fn tokenise(&mut self, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        self.token_ids(text, &mut ids);
        ids.into_iter()
            .filter_map(|id| self.stems.get(id as usize).cloned())
            .collect()
    }

    /// Appends the interned stem ids of `text`'s tokens to `out`.
    pub(super) fn token_ids(&mut self, text: &str, out: &mut Vec<u32>) {
        let bytes = text.as_bytes();
        let mut word: Vec<u8> = Vec::with_capacity(32);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                let b = b.to_ascii_lowercase();
                if b.is_ascii_lowercase() || b.is_ascii_digit() {
                    word.push(b);
                } else {
                    self.flush_word(&mut word, out);
                }
                i += 1;
                continue;
            }
            // `i` is always a char boundary: ASCII steps by 1, others by
            // their UTF-8 length.
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            // Python's str.lower() maps a few non-ASCII letters to ASCII
            // ('K' KELVIN SIGN → 'k', 'İ' → 'i' + U+0307), so lower first.
            for lc in c.to_lowercase() {
                if lc.is_ascii_lowercase() || lc.is_ascii_digit() {
                    word.push(lc as u8);
                } else {
                    self.flush_word(&mut word, out);
                }
            }
        }
        self.flush_word(&mut word, out);
    }

    fn flush_word(&mut self, word: &mut Vec<u8>, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        let id = match self.word_ids.get(word.as_slice()) {
            Some(&id) => id,
            None => {
                // Only [a-z0-9] bytes were pushed, so this is valid UTF-8.
                let id = match std::str::from_utf8(word) {
                    Ok(raw) if raw.len() > 3 => self.intern(self.stemmer.stem(raw)),
                    Ok(raw) => self.intern(raw.to_owned()),
                    Err(_) => DROPPED,
                };
                self.word_ids.insert(word.clone(), id);
                id
            }
        };
        if id != DROPPED {
            out.push(id);
        }
        word.clear();
    }

    fn intern(&mut self, stem: String) -> u32 {
        let valid = !stem.is_empty()
            && stem
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !valid {
            return DROPPED;
        }
        if let Some(&id) = self.stem_ids.get(&stem) {
            return id;
        }
        // Ids stay below DROPPED: a vocabulary of 2³² − 1 stems is not a
        // realistic input, but saturating keeps this panic-free regardless.
        let id = u32::try_from(self.stems.len())
            .unwrap_or(DROPPED - 1)
            .min(DROPPED - 1);
        self.stems.push(stem.clone());
        self.stem_ids.insert(stem, id);
        id
    }
}
