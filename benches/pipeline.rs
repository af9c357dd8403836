//! Benchmarks of the text → TF-IDF stages and the whole `analyse` pipeline on corpora of
//! growing size (1×, 4×, 16×), generated deterministically so runs compare across machines.
//!
//! `cargo bench --bench pipeline`. Setup (text generation, files) happens outside the timed
//! loop; every iteration asserts the shape of its output so a benchmark cannot silently
//! measure nothing.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sintesi::language::{Detected, Language};
use sintesi::progress::NoProgress;
use sintesi::text::AnalyserParams;
use sintesi::vectorise::{analyse_documents, TfidfModel, TfidfParams};

const WORDS: [&str; 24] = [
    "innovazione",
    "imprese",
    "tecnologia",
    "Lombardia",
    "industria",
    "digitale",
    "accordo",
    "progetto",
    "startup",
    "territorio",
    "sviluppo",
    "ricerca",
    "competenze",
    "mercato",
    "formazione",
    "sostenibile",
    "filiera",
    "robotica",
    "università",
    "regione",
    "crescita",
    "investimenti",
    "lavoro",
    "futuro",
];

/// `n` documents of about 120 words, in 8 themes, from a fixed linear congruential sequence.
fn corpus(n: usize) -> Vec<String> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..n)
        .map(|d| {
            let theme = d % 8;
            let mut text = String::new();
            for s in 0..8 {
                text.push_str(if s == 0 { "Il " } else { " La " });
                for _ in 0..14 {
                    let w = if next() % 3 == 0 {
                        WORDS[theme * 3 + next() % 3]
                    } else {
                        WORDS[next() % WORDS.len()]
                    };
                    text.push_str(w);
                    text.push(' ');
                }
                text.push_str("nell’anno.");
            }
            text
        })
        .collect()
}

fn tokenise_and_weight(docs: &[String]) -> usize {
    let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
    let languages = vec![Detected::Known(Language::Italian); texts.len()];
    let analysis = analyse_documents(&texts, &languages, AnalyserParams::default(), &NoProgress)
        .expect("analysed");
    let terms: Vec<&[(u32, u32)]> = analysis
        .documents
        .iter()
        .map(|a| a.terms.as_slice())
        .collect();
    let model = TfidfModel::fit(
        terms.iter().copied(),
        analysis.n_terms(),
        |t| analysis.term(t),
        &TfidfParams::default(),
    )
    .expect("vocabulary");
    let matrix = model.transform(terms.iter().copied());
    assert_eq!(matrix.rows(), docs.len());
    matrix.nnz()
}

fn vectorise(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenise+tfidf");
    group.sample_size(10);
    for scale in [1usize, 4, 16] {
        let docs = corpus(250 * scale);
        let bytes: usize = docs.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{scale}x")),
            &docs,
            |b, docs| {
                b.iter(|| {
                    let nnz = tokenise_and_weight(black_box(docs));
                    assert!(nnz > docs.len());
                })
            },
        );
    }
    group.finish();
}

fn analyse(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyse");
    group.sample_size(10);
    for scale in [1usize, 4, 16] {
        let dir = tempfile::tempdir().expect("temp dir");
        for (i, text) in corpus(25 * scale).iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i:05}.txt")), text).expect("write");
        }
        let params = sintesi::AnalyseParams::new();
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{scale}x")),
            &dir,
            |b, dir| {
                b.iter(|| {
                    let report = sintesi::analyse(black_box(dir.path()), &params).expect("report");
                    assert_eq!(report.documents.len(), 25 * scale);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, vectorise, analyse);
criterion_main!(benches);
