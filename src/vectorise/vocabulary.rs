//! The vocabulary the streaming vectoriser builds as documents go by, shared by its workers.
//!
//! Workers keep their own word → term caches and come here only for a word they have not
//! seen, so the lock on words is rarely taken. An n-gram is interned as a pair (the term of
//! its first n − 1 tokens, the term of its last token), which covers any n with one table;
//! pairs are looked up for every occurrence, so their table is split into shards, each
//! behind its own lock. Names of n-grams are only spelt out at the end.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

use crate::error::{Error, Result};

const PAIR_SHARDS: usize = 64;

/// Terms (words and n-grams) with dense ids, assigned in the order first seen.
pub(crate) struct SharedVocabulary {
    words: Mutex<FxHashMap<Box<str>, u32>>,
    pairs: Vec<Mutex<FxHashMap<u64, u32>>>,
    next_id: AtomicU32,
}

/// How a term is spelt: a word, or an n-gram as (prefix term, last word's term).
#[derive(Debug, Clone)]
pub(crate) enum TermName {
    Word(Box<str>),
    Pair(u32, u32),
    /// An id handed out but never recorded (cannot happen; kept total for safety).
    Missing,
}

impl SharedVocabulary {
    pub fn new() -> SharedVocabulary {
        SharedVocabulary {
            words: Mutex::new(FxHashMap::default()),
            pairs: (0..PAIR_SHARDS)
                .map(|_| Mutex::new(FxHashMap::default()))
                .collect(),
            next_id: AtomicU32::new(0),
        }
    }

    fn fresh_id(&self) -> Result<u32> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if id == u32::MAX {
            return Err(Error::invalid(
                "hashing",
                "is needed: more than 4 billion distinct terms",
            ));
        }
        Ok(id)
    }

    /// The id of a word (a stem), interning it if new.
    pub fn word(&self, word: &str) -> Result<u32> {
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = words.get(word) {
            return Ok(id);
        }
        let id = self.fresh_id()?;
        words.insert(word.into(), id);
        Ok(id)
    }

    /// The id of the n-gram made of term `prefix` followed by term `last`.
    #[inline]
    pub fn pair(&self, prefix: u32, last: u32) -> Result<u32> {
        let key = (u64::from(prefix) << 32) | u64::from(last);
        let mut h = FxHasher::default();
        key.hash(&mut h);
        let shard = (h.finish() >> 58) as usize % PAIR_SHARDS;
        let mut pairs = self.pairs[shard].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = pairs.get(&key) {
            return Ok(id);
        }
        let id = self.fresh_id()?;
        pairs.insert(key, id);
        Ok(id)
    }

    pub fn n_terms(&self) -> usize {
        self.next_id.load(Ordering::Relaxed) as usize
    }

    /// Every term's spelling, indexed by id.
    pub(crate) fn into_names(self) -> Vec<TermName> {
        let mut names = vec![TermName::Missing; self.n_terms()];
        let words = self.words.into_inner().unwrap_or_else(|e| e.into_inner());
        for (word, id) in words {
            names[id as usize] = TermName::Word(word);
        }
        for shard in self.pairs {
            let shard = shard.into_inner().unwrap_or_else(|e| e.into_inner());
            for (key, id) in shard {
                names[id as usize] = TermName::Pair((key >> 32) as u32, key as u32);
            }
        }
        names
    }
}

/// Spells out every term: n-grams as their words joined by one space, as scikit-learn does.
pub(crate) fn spell(names: &[TermName]) -> Vec<Box<str>> {
    let mut out: Vec<Option<Box<str>>> = vec![None; names.len()];
    for id in 0..names.len() {
        spell_one(names, &mut out, id as u32);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

fn spell_one(names: &[TermName], out: &mut [Option<Box<str>>], id: u32) {
    // Iterative: walk down the prefix chain, then build back up.
    let mut chain = Vec::new();
    let mut cur = id;
    while out[cur as usize].is_none() {
        chain.push(cur);
        match &names[cur as usize] {
            TermName::Pair(prefix, _) => cur = *prefix,
            _ => break,
        }
    }
    while let Some(t) = chain.pop() {
        let spelt: Box<str> = match &names[t as usize] {
            TermName::Word(w) => w.clone(),
            TermName::Pair(prefix, last) => {
                if out[*last as usize].is_none() {
                    spell_one(names, out, *last);
                }
                let p = out[*prefix as usize].as_deref().unwrap_or_default();
                let l = out[*last as usize].as_deref().unwrap_or_default();
                format!("{p} {l}").into()
            }
            TermName::Missing => Box::from(""),
        };
        out[t as usize] = Some(spelt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_words_and_ngrams_and_spells_them() {
        let v = SharedVocabulary::new();
        let a = v.word("impresa").unwrap();
        let b = v.word("digitale").unwrap();
        assert_eq!(v.word("impresa").unwrap(), a);
        let ab = v.pair(a, b).unwrap();
        let abb = v.pair(ab, b).unwrap();
        assert_eq!(v.pair(a, b).unwrap(), ab);
        let names = spell(&v.into_names());
        assert_eq!(&*names[ab as usize], "impresa digitale");
        assert_eq!(&*names[abb as usize], "impresa digitale digitale");
    }
}
