//! ROUGE-1/2/L exactly as Google's `rouge-score` 0.1.2 computes them with
//! `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)`.
//!
//! Owns the rouge-score tokeniser, a faithful port of NLTK 3.10.4's
//! `PorterStemmer()` (NLTK_EXTENSIONS mode — not Porter2/Snowball, whose
//! stems differ), and the n-gram / LCS scoring. Scores are checked against
//! rouge-score itself to 1e-9 and the stemmer against NLTK word for word.
//!
//! References: Lin (2004) "ROUGE: A Package for Automatic Evaluation of
//! Summaries"; Porter (1980) "An algorithm for suffix stripping";
//! `rouge_score/rouge_scorer.py`, `rouge_score/tokenize.py`,
//! `nltk/stem/porter.py`.

use rustc_hash::FxHashMap;

/// Precision, recall and F1 of one ROUGE variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Rouge {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Rouge {
    /// rouge-score's `scoring.fmeasure`: harmonic mean, 0 when `p + r == 0`.
    fn new(p: f64, r: f64) -> Self {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Self { p, r, f1 }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct RougeScores {
    pub rouge1: Rouge,
    pub rouge2: Rouge,
    #[serde(rename = "rougeL")]
    pub rouge_l: Rouge,
}

/// Marks a cached word whose stem is not a valid token (dropped, as
/// rouge-score's final `^[a-z0-9]+$` filter does).
const DROPPED: u32 = u32::MAX;

/// Scores summaries against references; keeps caches between calls.
///
/// The caches (raw word → interned stem id) make repeated scoring over one
/// corpus cheap: stemming dominates otherwise. They only grow with the
/// vocabulary, so one scorer per corpus (or per thread — it is `Clone`) is
/// the intended use.
#[derive(Debug, Clone, Default)]
pub struct RougeScorer {
    stemmer: PorterStemmer,
    /// Lower-cased raw word → stem id (or `DROPPED`).
    word_ids: FxHashMap<Vec<u8>, u32>,
    stem_ids: FxHashMap<String, u32>,
    /// Stem id → stem.
    stems: Vec<String>,
    /// Per-stem-id count scratch for unigram overlap, all zero between calls.
    unigram_counts: Vec<u32>,
    bigram_counts: FxHashMap<u64, u32>,
    lcs: BitLcs,
}

impl RougeScorer {
    pub fn new() -> Self {
        Self::default()
    }

    /// rouge-score's default tokeniser with `use_stemmer=True`: lower-case,
    /// every run of characters outside `[a-z0-9]` splits, tokens longer than
    /// 3 characters are Porter-stemmed, invalid (empty) tokens dropped.
    pub fn tokenise(&mut self, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        self.token_ids(text, &mut ids);
        ids.into_iter()
            .filter_map(|id| self.stems.get(id as usize).cloned())
            .collect()
    }

    /// ROUGE-1, ROUGE-2 and ROUGE-L of `candidate` against `reference`
    /// (rouge-score's `score(target, prediction)`).
    ///
    /// ROUGE-N: clipped n-gram overlap over `max(count, 1)`, so an empty side
    /// scores 0 rather than NaN. ROUGE-L: LCS length over token counts, 0 if
    /// either side has no tokens.
    pub fn score(&mut self, reference: &str, candidate: &str) -> RougeScores {
        let mut target = Vec::new();
        let mut prediction = Vec::new();
        self.token_ids(reference, &mut target);
        self.token_ids(candidate, &mut prediction);

        let rouge1 = self.unigram_rouge(&target, &prediction);
        let rouge2 = self.bigram_rouge(&target, &prediction);

        let rouge_l = if target.is_empty() || prediction.is_empty() {
            Rouge::default()
        } else {
            let lcs = self.lcs.length(&target, &prediction, self.stems.len()) as f64;
            Rouge::new(lcs / prediction.len() as f64, lcs / target.len() as f64)
        };
        RougeScores {
            rouge1,
            rouge2,
            rouge_l,
        }
    }

    /// Appends the interned stem ids of `text`'s tokens to `out`.
    fn token_ids(&mut self, text: &str, out: &mut Vec<u32>) {
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

    /// ROUGE-1 with a dense per-id counter: O(n + m), no sorting or hashing.
    fn unigram_rouge(&mut self, target: &[u32], prediction: &[u32]) -> Rouge {
        if self.unigram_counts.len() < self.stems.len() {
            self.unigram_counts.resize(self.stems.len(), 0);
        }
        for &t in target {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                *c = c.saturating_add(1);
            }
        }
        let mut overlap = 0usize;
        for &t in prediction {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                if *c > 0 {
                    *c -= 1;
                    overlap += 1;
                }
            }
        }
        for &t in target {
            if let Some(c) = self.unigram_counts.get_mut(t as usize) {
                *c = 0;
            }
        }
        overlap_rouge(overlap, target.len(), prediction.len())
    }

    fn bigram_rouge(&mut self, target: &[u32], prediction: &[u32]) -> Rouge {
        let key = |w: &[u32]| (u64::from(w[0]) << 32) | u64::from(w[1]);
        self.bigram_counts.clear();
        for w in target.windows(2) {
            let c = self.bigram_counts.entry(key(w)).or_insert(0);
            *c = c.saturating_add(1);
        }
        let mut overlap = 0usize;
        for w in prediction.windows(2) {
            if let Some(c) = self.bigram_counts.get_mut(&key(w)) {
                if *c > 0 {
                    *c -= 1;
                    overlap += 1;
                }
            }
        }
        let n_bigrams = |ids: &[u32]| ids.len().saturating_sub(1);
        overlap_rouge(overlap, n_bigrams(target), n_bigrams(prediction))
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

/// rouge-score's `_score_ngrams`: the clipped overlap Σ min(count_ref,
/// count_cand) over `max(count, 1)` n-grams on each side.
fn overlap_rouge(overlap: usize, n_target: usize, n_prediction: usize) -> Rouge {
    let overlap = overlap as f64;
    Rouge::new(
        overlap / n_prediction.max(1) as f64,
        overlap / n_target.max(1) as f64,
    )
}

/// Bit-parallel LCS length (Allison & Dix 1986; Hyyrö 2004): O(n·⌈m/64⌉)
/// instead of the O(n·m) DP table rouge-score fills, same integer result.
/// Holds its buffers so scoring a corpus does not reallocate per pair.
#[derive(Debug, Clone, Default)]
struct BitLcs {
    /// Token id → row in `masks`, `u32::MAX` when absent from `a`.
    slot: Vec<u32>,
    masks: Vec<u64>,
    v: Vec<u64>,
}

impl BitLcs {
    /// LCS length of `a` and `b`, whose ids are all `< vocab_size`.
    fn length(&mut self, a: &[u32], b: &[u32], vocab_size: usize) -> usize {
        // Bit vectors run over the shorter sequence: fewer words per step.
        let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let n_words = a.len().div_ceil(64);
        if self.slot.len() < vocab_size {
            self.slot.resize(vocab_size, u32::MAX);
        }
        self.masks.clear();
        let mut n_slots = 0u32;
        for (pos, &tok) in a.iter().enumerate() {
            let Some(entry) = self.slot.get_mut(tok as usize) else {
                continue;
            };
            if *entry == u32::MAX {
                *entry = n_slots;
                n_slots += 1;
                self.masks.resize(self.masks.len() + n_words, 0);
            }
            self.masks[*entry as usize * n_words + pos / 64] |= 1u64 << (pos % 64);
        }

        self.v.clear();
        self.v.resize(n_words, u64::MAX);
        for &tok in b {
            let Some(&s) = self.slot.get(tok as usize) else {
                continue;
            };
            if s == u32::MAX {
                continue; // no match anywhere in `a`: V is unchanged
            }
            let mask = &self.masks[s as usize * n_words..(s as usize + 1) * n_words];
            let mut carry = 0u64;
            for (v, &m) in self.v.iter_mut().zip(mask) {
                // V' = (V + (V & M)) | (V & !M), with the sum carried across words.
                let u = *v & m;
                let (sum, c1) = v.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 | c2);
                *v = sum | (*v & !m);
            }
        }

        for &tok in a {
            if let Some(entry) = self.slot.get_mut(tok as usize) {
                *entry = u32::MAX;
            }
        }
        // LCS = number of zero bits among the first |a| positions.
        let ones: usize = self
            .v
            .iter()
            .enumerate()
            .map(|(k, &w)| {
                let valid = a.len() - k * 64;
                let w = if valid < 64 {
                    w & ((1u64 << valid) - 1)
                } else {
                    w
                };
                w.count_ones() as usize
            })
            .sum();
        a.len() - ones
    }
}

/// NLTK's `PorterStemmer()` in its default NLTK_EXTENSIONS mode.
///
/// Ported rule by rule from `nltk/stem/porter.py` (nltk 3.10.4), including
/// NLTK's departures from Porter (1980): the irregular-forms table, `ies`/`ied`
/// on 4-letter words, `y → i` only after a consonant, `alli`/`fulli`/`logi`
/// in step 2, and the 2-letter `*o` rule. Words are handled as Unicode code
/// points (like Python `str`), so non-ASCII input is stemmed as NLTK would.
#[derive(Debug, Clone, Copy, Default)]
pub struct PorterStemmer {
    _private: (),
}

type Condition = Option<fn(&[char]) -> bool>;

impl PorterStemmer {
    pub fn new() -> Self {
        Self::default()
    }

    /// NLTK's `stem(word)` with `to_lowercase=True`.
    pub fn stem(&self, word: &str) -> String {
        let lowered = word.to_lowercase();
        if let Some(irregular) = irregular_form(&lowered) {
            return irregular.to_owned();
        }
        // NLTK tests the length of the word as given, before lower-casing.
        if word.chars().count() <= 2 {
            return lowered;
        }
        let w: Vec<char> = lowered.chars().collect();
        let w = step1a(&w);
        let w = step1b(&w);
        let w = step1c(&w);
        let w = step2(&w);
        let w = step3(&w);
        let w = step4(&w);
        let w = step5a(&w);
        let w = step5b(&w);
        w.into_iter().collect()
    }
}

/// NLTK's table of irregular forms ("errors actually drawn to Martin
/// Porter's attention over a 20 year period").
fn irregular_form(word: &str) -> Option<&'static str> {
    Some(match word {
        "sky" | "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" | "inning" => "inning",
        "outings" | "outing" => "outing",
        "cannings" | "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Porter's consonant: not a vowel, and `y` only when preceded by a vowel
/// (or first) — resolved through runs of `y` as NLTK's iterative version.
fn is_consonant(word: &[char], i: usize) -> bool {
    let Some(&c) = word.get(i) else {
        return false;
    };
    if is_vowel(c) {
        return false;
    }
    if c == 'y' {
        let (mut i, mut negate) = (i, false);
        while i > 0 && word[i] == 'y' {
            negate = !negate;
            i -= 1;
        }
        // consonant(word[i]) XOR negate, with word[i] now not a `y`.
        return is_vowel(word[i]) == negate;
    }
    true
}

/// Consonant flags left to right (a `y` is a consonant iff the previous
/// letter is not, or it is first), as NLTK's `_consonant_flags`.
fn consonant_flags(word: &[char]) -> impl Iterator<Item = bool> + '_ {
    word.iter().scan(None, |prev: &mut Option<bool>, &c| {
        let cons = if is_vowel(c) {
            false
        } else if c == 'y' {
            prev.is_none_or(|p| !p)
        } else {
            true
        };
        *prev = Some(cons);
        Some(cons)
    })
}

/// Porter's m in `[C](VC)^m[V]`: the number of vowel→consonant transitions.
fn measure(stem: &[char]) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for cons in consonant_flags(stem) {
        if prev_vowel && cons {
            m += 1;
        }
        prev_vowel = !cons;
    }
    m
}

/// `measure(stem + "l")` without building the string: the rules for
/// `logi` and `ll` test the stem with its `l` put back.
fn measure_with_l(stem: &[char]) -> usize {
    let ends_in_vowel = consonant_flags(stem).last().is_some_and(|cons| !cons);
    measure(stem) + usize::from(ends_in_vowel)
}

fn contains_vowel(stem: &[char]) -> bool {
    consonant_flags(stem).any(|cons| !cons)
}

/// Condition *d: ends with a double consonant.
fn ends_double_consonant(word: &[char]) -> bool {
    let n = word.len();
    n >= 2 && word[n - 1] == word[n - 2] && is_consonant(word, n - 1)
}

/// Condition *o: ends consonant-vowel-consonant, the last not w/x/y; NLTK
/// also accepts a 2-letter vowel-consonant word.
fn ends_cvc(word: &[char]) -> bool {
    let n = word.len();
    (n >= 3
        && is_consonant(word, n - 3)
        && !is_consonant(word, n - 2)
        && is_consonant(word, n - 1)
        && !matches!(word[n - 1], 'w' | 'x' | 'y'))
        || (n == 2 && !is_consonant(word, 0) && is_consonant(word, 1))
}

fn ends_with(word: &[char], suffix: &str) -> bool {
    let n = suffix.chars().count();
    word.len() >= n && word[word.len() - n..].iter().copied().eq(suffix.chars())
}

/// `word` with its last `n_chars` replaced by `replacement`.
fn replace_tail(word: &[char], n_chars: usize, replacement: &str) -> Vec<char> {
    let keep = word.len().saturating_sub(n_chars);
    word[..keep]
        .iter()
        .copied()
        .chain(replacement.chars())
        .collect()
}

/// NLTK's `_apply_rule_list`: the first rule whose suffix matches decides —
/// if its condition fails the word is returned unchanged, later rules are
/// not tried.
fn apply_rules(word: &[char], rules: &[(&str, &str, Condition)]) -> Vec<char> {
    for &(suffix, replacement, condition) in rules {
        if ends_with(word, suffix) {
            let stem = &word[..word.len() - suffix.chars().count()];
            return if condition.is_none_or(|ok| ok(stem)) {
                replace_tail(word, suffix.chars().count(), replacement)
            } else {
                word.to_vec()
            };
        }
    }
    word.to_vec()
}

fn positive_measure(stem: &[char]) -> bool {
    measure(stem) > 0
}

fn measure_gt_1(stem: &[char]) -> bool {
    measure(stem) > 1
}

/// Step 1a: plurals (`sses → ss`, `ies → i`, `s → `); NLTK keeps `ies → ie`
/// on 4-letter words so 'dies' → 'die' but 'flies' → 'fli'.
fn step1a(word: &[char]) -> Vec<char> {
    if ends_with(word, "ies") && word.len() == 4 {
        return replace_tail(word, 3, "ie");
    }
    apply_rules(
        word,
        &[
            ("sses", "ss", None),
            ("ies", "i", None),
            ("ss", "ss", None),
            ("s", "", None),
        ],
    )
}

/// Step 1b: `eed`, `ed`, `ing`, then tidy-up of the exposed stem.
fn step1b(word: &[char]) -> Vec<char> {
    if ends_with(word, "ied") {
        return replace_tail(word, 3, if word.len() == 4 { "ie" } else { "i" });
    }
    if ends_with(word, "eed") {
        let stem = &word[..word.len() - 3];
        return if measure(stem) > 0 {
            replace_tail(word, 3, "ee")
        } else {
            word.to_vec()
        };
    }
    let mut intermediate = None;
    for suffix in ["ed", "ing"] {
        if ends_with(word, suffix) {
            let stem = &word[..word.len() - suffix.len()];
            if contains_vowel(stem) {
                intermediate = Some(stem);
                break;
            }
        }
    }
    let Some(stem) = intermediate else {
        return word.to_vec();
    };
    let n = stem.len();
    if ends_with(stem, "at") {
        replace_tail(stem, 2, "ate")
    } else if ends_with(stem, "bl") {
        replace_tail(stem, 2, "ble")
    } else if ends_with(stem, "iz") {
        replace_tail(stem, 2, "ize")
    } else if ends_double_consonant(stem) {
        // (*d and not (*L or *S or *Z)) -> single letter
        if matches!(stem[n - 1], 'l' | 's' | 'z') {
            stem.to_vec()
        } else {
            stem[..n - 1].to_vec()
        }
    } else if measure(stem) == 1 && ends_cvc(stem) {
        replace_tail(stem, 0, "e")
    } else {
        stem.to_vec()
    }
}

/// Step 1c: `y → i` after a consonant that is not the whole stem (NLTK).
fn step1c(word: &[char]) -> Vec<char> {
    apply_rules(
        word,
        &[(
            "y",
            "i",
            Some(|stem: &[char]| stem.len() > 1 && is_consonant(stem, stem.len() - 1)),
        )],
    )
}

/// Step 2: double suffixes to single ones, for m > 0.
fn step2(word: &[char]) -> Vec<char> {
    // NLTK applies `alli → al` first and, if it fires, runs step 2 again.
    if ends_with(word, "alli") && positive_measure(&word[..word.len() - 4]) {
        return step2(&replace_tail(word, 4, "al"));
    }
    let pm: Condition = Some(positive_measure);
    apply_rules(
        word,
        &[
            ("ational", "ate", pm),
            ("tional", "tion", pm),
            ("enci", "ence", pm),
            ("anci", "ance", pm),
            ("izer", "ize", pm),
            ("bli", "ble", pm),
            ("alli", "al", pm),
            ("entli", "ent", pm),
            ("eli", "e", pm),
            ("ousli", "ous", pm),
            ("ization", "ize", pm),
            ("ation", "ate", pm),
            ("ator", "ate", pm),
            ("alism", "al", pm),
            ("iveness", "ive", pm),
            ("fulness", "ful", pm),
            ("ousness", "ous", pm),
            ("aliti", "al", pm),
            ("iviti", "ive", pm),
            ("biliti", "ble", pm),
            ("fulli", "ful", pm),
            // The `l` stays with the stem, so 'geo'/'theo' work like 'philo'.
            (
                "logi",
                "log",
                Some(|stem: &[char]| measure_with_l(stem) > 0),
            ),
        ],
    )
}

/// Step 3: `-ic-`, `-full`, `-ness` etc., for m > 0.
fn step3(word: &[char]) -> Vec<char> {
    let pm: Condition = Some(positive_measure);
    apply_rules(
        word,
        &[
            ("icate", "ic", pm),
            ("ative", "", pm),
            ("alize", "al", pm),
            ("iciti", "ic", pm),
            ("ical", "ic", pm),
            ("ful", "", pm),
            ("ness", "", pm),
        ],
    )
}

/// Step 4: strip the remaining suffixes when m > 1.
fn step4(word: &[char]) -> Vec<char> {
    let m1: Condition = Some(measure_gt_1);
    apply_rules(
        word,
        &[
            ("al", "", m1),
            ("ance", "", m1),
            ("ence", "", m1),
            ("er", "", m1),
            ("ic", "", m1),
            ("able", "", m1),
            ("ible", "", m1),
            ("ant", "", m1),
            ("ement", "", m1),
            ("ment", "", m1),
            ("ent", "", m1),
            (
                "ion",
                "",
                Some(|stem: &[char]| measure(stem) > 1 && matches!(stem.last(), Some('s' | 't'))),
            ),
            ("ou", "", m1),
            ("ism", "", m1),
            ("ate", "", m1),
            ("iti", "", m1),
            ("ous", "", m1),
            ("ive", "", m1),
            ("ize", "", m1),
        ],
    )
}

/// Step 5a: drop a final `e` if m > 1, or m = 1 and not *o. Both conditions
/// are tried (unlike `apply_rules`), as NLTK does.
fn step5a(word: &[char]) -> Vec<char> {
    if let Some((&'e', stem)) = word.split_last() {
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            return stem.to_vec();
        }
    }
    word.to_vec()
}

/// Step 5b: `ll → l` when m(word minus one `l`) > 1.
fn step5b(word: &[char]) -> Vec<char> {
    apply_rules(
        word,
        &[("ll", "l", Some(|stem: &[char]| measure_with_l(stem) > 1))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    fn check_rouge(path: &str, got: RougeScores, case: &serde_json::Value, k: usize) {
        for (name, rouge) in [
            ("rouge1", got.rouge1),
            ("rouge2", got.rouge2),
            ("rougeL", got.rouge_l),
        ] {
            for (field, value) in [("p", rouge.p), ("r", rouge.r), ("f1", rouge.f1)] {
                let want = case[name][field].as_f64().expect("number");
                assert!(
                    (value - want).abs() <= TOL,
                    "{path} case {k} {name}.{field}: got {value}, want {want}"
                );
            }
        }
    }

    /// Scores every case of a rouge fixture; returns the number of cases.
    fn check_rouge_fixture(path: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("fixture {path} not found; skipping");
            return 0;
        };
        let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let cases = doc["cases"].as_array().expect("cases");
        let mut scorer = RougeScorer::new();
        for (k, case) in cases.iter().enumerate() {
            let reference = case["reference"].as_str().expect("reference");
            let candidate = case["candidate"].as_str().expect("candidate");
            check_rouge(path, scorer.score(reference, candidate), case, k);
        }
        // A fresh scorer (cold caches) must agree with a warm one.
        let mut cold = RougeScorer::new();
        for (k, case) in cases.iter().enumerate().rev() {
            let reference = case["reference"].as_str().expect("reference");
            let candidate = case["candidate"].as_str().expect("candidate");
            check_rouge(path, cold.score(reference, candidate), case, k);
        }
        cases.len()
    }

    #[test]
    fn shared_rouge_fixture() {
        let n = check_rouge_fixture(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/rouge.json"
        ));
        eprintln!("rouge.json: {n} cases checked");
    }

    #[test]
    fn porter_matches_nltk() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/porter.json");
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("fixture {path} not found; skipping");
            return;
        };
        let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let stemmer = PorterStemmer::new();
        let mut mismatches = Vec::new();
        let cases = doc["cases"].as_array().expect("cases");
        for case in cases {
            let word = case[0].as_str().expect("word");
            let want = case[1].as_str().expect("stem");
            let got = stemmer.stem(word);
            if got != want {
                mismatches.push(format!("{word}: got {got}, want {want}"));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        eprintln!("porter.json: {} words checked", cases.len());
    }

    #[test]
    fn porter_paper_examples() {
        let stemmer = PorterStemmer::new();
        for (word, want) in [
            ("generously", "gener"),
            ("dying", "die"),
            ("skies", "sky"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("agreed", "agre"),
            ("feed", "feed"),
            ("falling", "fall"),
            ("hopping", "hop"),
            ("controll", "control"),
            ("", ""),
            ("a", "a"),
        ] {
            assert_eq!(stemmer.stem(word), want, "{word}");
        }
    }

    #[test]
    fn tokeniser_follows_rouge_score() {
        let mut scorer = RougeScorer::new();
        assert_eq!(
            scorer.tokenise("Don't stop-believing: it's 2005!"),
            ["don", "t", "stop", "believ", "it", "s", "2005"]
        );
        assert_eq!(scorer.tokenise("  \n\t "), Vec::<String>::new());
        assert_eq!(scorer.tokenise(""), Vec::<String>::new());
        // Non-ASCII splits words; KELVIN SIGN lower-cases to ASCII 'k'.
        assert_eq!(scorer.tokenise("Caf\u{e9} \u{212a}ilo"), ["caf", "kilo"]);
        // Expected values below are rouge-score's own output.
        assert_eq!(
            scorer.tokenise("\u{130}stanbul \u{3a3}\u{39f}\u{3a6}\u{39f}\u{3a3} na\u{ef}vely"),
            ["i", "stanbul", "na", "veli"]
        );
        assert_eq!(
            scorer.tokenise("the 1990s\u{2019} \u{a3}600m"),
            ["the", "1990", "600m"]
        );
        // Only tokens longer than 3 characters are stemmed.
        assert_eq!(scorer.tokenise("was runs RUNNING"), ["was", "run", "run"]);
    }

    #[test]
    fn empty_inputs_score_zero() {
        let mut scorer = RougeScorer::new();
        for (reference, candidate) in [
            ("", ""),
            ("", "text here"),
            ("text here", ""),
            ("!!!", "..."),
        ] {
            assert_eq!(scorer.score(reference, candidate), RougeScores::default());
        }
        // One token: no bigrams on either side, rouge2 is 0 not NaN.
        let s = scorer.score("word", "word");
        assert_eq!(
            s.rouge1,
            Rouge {
                p: 1.0,
                r: 1.0,
                f1: 1.0
            }
        );
        assert_eq!(s.rouge2, Rouge::default());
        assert_eq!(
            s.rouge_l,
            Rouge {
                p: 1.0,
                r: 1.0,
                f1: 1.0
            }
        );
    }

    #[test]
    fn serializes_with_rouge_score_names() {
        let json = serde_json::to_string(&RougeScores::default()).expect("serialize");
        assert_eq!(
            json,
            r#"{"rouge1":{"p":0.0,"r":0.0,"f1":0.0},"rouge2":{"p":0.0,"r":0.0,"f1":0.0},"rougeL":{"p":0.0,"r":0.0,"f1":0.0}}"#
        );
    }

    /// rouge-score's O(n·m) table, two rows at a time: the oracle for BitLcs.
    fn lcs_dp(a: &[u32], b: &[u32]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        let mut cur = vec![0usize; b.len() + 1];
        for &x in a {
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    #[test]
    fn bit_parallel_lcs_matches_dp() {
        let mut state = 0x1234_5678_u64;
        let mut next = move |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound) as u32
        };
        let mut lcs = BitLcs::default();
        for round in 0..400 {
            let alphabet = [2, 4, 10, 50][round % 4];
            let len_a = next(200) as usize;
            let len_b = next(200) as usize;
            let a: Vec<u32> = (0..len_a).map(|_| next(alphabet)).collect();
            let b: Vec<u32> = (0..len_b).map(|_| next(alphabet)).collect();
            assert_eq!(
                lcs.length(&a, &b, alphabet as usize),
                lcs_dp(&a, &b),
                "round {round}"
            );
        }
        for (a, b) in [
            (vec![], vec![1]),
            (vec![0; 64], vec![0; 64]),
            (vec![0; 65], vec![0; 130]),
            (vec![1; 128], vec![1; 3]),
        ] {
            assert_eq!(lcs.length(&a, &b, 2), lcs_dp(&a, &b));
        }
    }

    /// Timing smoke test on the BBC corpus; meaningful only in release:
    /// `cargo test --release -- --ignored scoring_a_corpus --nocapture`.
    #[test]
    #[ignore = "timing smoke test; run in release"]
    fn scoring_a_corpus_is_fast() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/bbc-news-summary/data.jsonl"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("{path} not found; skipping");
            return;
        };
        let docs: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|d| {
                (
                    d["text"].as_str().unwrap_or("").to_owned(),
                    d["summary"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        let mut scorer = RougeScorer::new();
        let start = std::time::Instant::now();
        let mut total = 0.0;
        // 7 "methods": the summary scored against 7 different candidates.
        for method in 0..7 {
            for (i, (article, summary)) in docs.iter().enumerate() {
                let candidate = if method == 0 {
                    article
                } else {
                    &docs[(i + method) % docs.len()].1
                };
                total += scorer.score(summary, candidate).rouge_l.f1;
            }
        }
        eprintln!(
            "{} pairs scored in {:?} (sum F1 {total:.3})",
            7 * docs.len(),
            start.elapsed()
        );
    }
}
