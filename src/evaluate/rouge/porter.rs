//! NLTK's Porter stemmer (NLTK_EXTENSIONS mode), ported rule by rule.

/// NLTK's `PorterStemmer()` in its default NLTK_EXTENSIONS mode.
///
/// Ported rule by rule from `nltk/stem/porter.py` (nltk 3.10.4), including
/// NLTK's departures from Porter (1980): the irregular-forms table, `ies`/`ied`
/// on 4-letter words, `y → i` only after a consonant, `alli`/`fulli`/`logi`
/// in step 2, and the 2-letter `*o` rule. Words are handled as Unicode code
/// points (like Python `str`), so non-ASCII input is stemmed as NLTK would.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PorterStemmer {
    _private: (),
}

type Condition = Option<fn(&[char]) -> bool>;

impl PorterStemmer {
    #[cfg(test)]
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
