//! The streaming vectoriser (`sintesi vectorise`) on corpora of growing size (1×, 4×, 16×):
//! JSON Lines written once, outside the timed loop, from a fixed pseudo-random sequence of
//! English words with a Zipf-like spread, so runs compare across machines.
//!
//! `cargo bench --bench vectorise`. Each iteration reads the file, tokenises, stems, counts
//! and weights; it asserts the shape of the result so a benchmark cannot measure nothing.
//! Whole-process comparisons with scikit-learn: `benches/compare_sklearn.sh`.

use std::hint::black_box;
use std::io::Write;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sintesi::progress::NoProgress;
use sintesi::vectorise::{vectorise, VectoriseParams};
use sintesi::Language;

/// Syllables combined into a vocabulary of ~20,000 distinct words.
const SYLLABLES: [&str; 28] = [
    "ar", "be", "con", "de", "el", "for", "gra", "hu", "in", "ju", "ka", "lo", "man", "ne", "or",
    "pre", "qui", "ro", "sta", "ti", "ul", "ver", "wa", "xen", "yo", "zu", "ing", "tion",
];
const FUNCTION_WORDS: [&str; 12] = [
    "the", "of", "and", "to", "in", "a", "is", "that", "it", "was", "for", "on",
];

/// `n` documents of about 2 KB each.
fn documents(n: usize) -> Vec<String> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let mut text = String::with_capacity(2200);
            while text.len() < 2000 {
                let r = next();
                if r % 3 == 0 {
                    text.push_str(FUNCTION_WORDS[r / 3 % FUNCTION_WORDS.len()]);
                } else {
                    // Zipf-like: small ranks far more often.
                    let rank = (r % 20_000) * (next() % 20_000) / 20_000;
                    let (a, b, c) = (rank % 28, rank / 28 % 28, rank / 784 % 28);
                    text.push_str(SYLLABLES[a]);
                    text.push_str(SYLLABLES[b]);
                    if c > 0 {
                        text.push_str(SYLLABLES[c]);
                    }
                }
                text.push_str(if next() % 12 == 0 { ". " } else { " " });
            }
            text
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("vectorise");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temp dir");
    let params = VectoriseParams {
        language: Some(Language::English),
        ..VectoriseParams::default()
    };
    for scale in [1usize, 4, 16] {
        let docs = documents(1000 * scale);
        let path = dir.path().join(format!("{scale}x.jsonl"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        for d in &docs {
            serde_json::to_writer(&mut file, &serde_json::json!({ "text": d })).expect("write");
            file.write_all(b"\n").expect("write");
        }
        file.flush().expect("flush");
        drop(file);
        let bytes: usize = docs.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{scale}x")),
            &path,
            |b, path| {
                b.iter(|| {
                    let v = vectorise(black_box(path), &params, &NoProgress).expect("vectorised");
                    assert_eq!(v.n_docs, docs.len());
                    assert!(v.nnz() > docs.len() * 50);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
