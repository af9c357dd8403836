//! Checked against rouge-score and NLTK fixtures, and the bit-parallel LCS against the DP table.

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
