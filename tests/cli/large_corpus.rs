//! A corpus past the size where per-document records leave `report.json` for the
//! `documents.jsonl.zst` sidecar: the sidecar holds every record, the reports point to it,
//! topics list their most central documents, reruns are byte-identical and a user's file of
//! that name is never overwritten.

use std::io::{BufRead, Write};
use std::path::Path;

use super::{analyse, read_json};

/// Records past the threshold (10,000): three themes with words of their own, each document
/// a seeded mix of eleven of its theme's words and one shared word.
fn write_corpus(path: &Path, n: usize) {
    let themes = [
        [
            "robot",
            "fabbrica",
            "sensore",
            "automazione",
            "linea",
            "macchina",
            "impianto",
            "produzione",
        ],
        [
            "banca",
            "credito",
            "tasso",
            "prestito",
            "mutuo",
            "risparmio",
            "interesse",
            "deposito",
        ],
        [
            "squadra",
            "partita",
            "campionato",
            "allenatore",
            "gol",
            "stadio",
            "tifosi",
            "classifica",
        ],
    ];
    let shared = ["anno", "oggi", "mese", "giorno"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let words = &themes[i % 3];
        let mut text: Vec<&str> = (0..11).map(|_| words[next(words.len())]).collect();
        text.push(shared[next(shared.len())]);
        writeln!(
            out,
            "{{\"id\": \"d{i}\", \"text\": \"{} {i}.\"}}",
            text.join(" ")
        )
        .unwrap();
    }
}

fn sidecar_lines(path: &Path) -> Vec<serde_json::Value> {
    let file = std::fs::File::open(path).unwrap();
    let reader = std::io::BufReader::new(zstd::Decoder::new(file).unwrap());
    reader
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).expect("one JSON object per line"))
        .collect()
}

#[test]
fn records_of_a_large_corpus_go_to_the_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    write_corpus(&input, 10_050);
    let out = dir.path().join("reports");
    let args = ["--k", "3", "--format", "json,md"];
    let run = analyse(&input, &out, &args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let json = read_json(&out.join("report.json"));
    let n = json["corpus"]["documents"].as_u64().unwrap() as usize;
    assert_eq!(n, 10_050);
    assert_eq!(json["documents"].as_array().unwrap().len(), 0);
    assert_eq!(json["documents_file"], "documents.jsonl.zst");
    let records = sidecar_lines(&out.join("documents.jsonl.zst"));
    assert_eq!(records.len(), n);
    assert_eq!(records[0]["id"], "d0");
    assert_eq!(records[n - 1]["id"], format!("d{}", n - 1));
    for cluster in json["clusters"].as_array().unwrap() {
        let listed = cluster["documents"].as_array().unwrap();
        assert!(!listed.is_empty() && listed.len() <= 20, "{listed:?}");
        let id = cluster["id"].as_u64().unwrap();
        let index: usize = listed[0].as_str().unwrap()[1..].parse().unwrap();
        assert_eq!(records[index]["cluster"].as_u64(), Some(id));
    }
    // The three themes are the three topics.
    let topic_of = |i: usize| records[i]["cluster"].as_u64().unwrap();
    for i in 0..n {
        assert_eq!(topic_of(i), topic_of(i % 3), "document d{i}");
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("(documents.jsonl.zst)"),
        "report.md does not point to the sidecar"
    );
    assert!(md.contains("Most central documents"));

    // Byte-identical rerun.
    let first = std::fs::read(out.join("documents.jsonl.zst")).unwrap();
    let first_json = std::fs::read(out.join("report.json")).unwrap();
    let run = analyse(&input, &out, &args);
    assert!(run.status.success());
    assert_eq!(
        std::fs::read(out.join("documents.jsonl.zst")).unwrap(),
        first
    );
    assert_eq!(std::fs::read(out.join("report.json")).unwrap(), first_json);
}

#[test]
fn a_users_file_named_like_the_sidecar_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    write_corpus(&input, 10_050);
    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("documents.jsonl.zst"), b"mine").unwrap();
    let run = analyse(&input, &out, &["--k", "3", "--format", "json"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("documents.jsonl.zst"), "{stderr}");
    assert_eq!(
        std::fs::read(out.join("documents.jsonl.zst")).unwrap(),
        b"mine"
    );
    assert!(!out.join("report.json").exists());
}
