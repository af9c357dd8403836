//! Bad and odd inputs, one table: what each gets. Bad input ends with exit code 2 and one line
//! naming the file and the problem; odd but valid input gets a report that says what was
//! skipped and why. No case may panic, hang or leave a temporary file behind, put a raw
//! control character on the terminal or in a report, or write a link that leads nowhere.
//! The second round of hostile cases is in `hostile_inputs.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::sintesi;

/// What a case expects.
pub(super) enum Expect {
    /// Exit code 2, one line on stderr containing this text, no report.
    Fails(&'static str),
    /// A report, on which this check passes (it returns what is wrong, if anything).
    Report(fn(&Value) -> Result<(), String>),
    /// A report, checked with the folder of report files.
    Files(fn(&Value, &Path) -> Result<(), String>),
}

pub(super) struct Case {
    pub name: &'static str,
    /// Builds the input inside the given folder and returns the path to analyse.
    pub input: fn(&Path) -> PathBuf,
    pub args: &'static [&'static str],
    pub expect: Expect,
}

/// Enough distinct sentences for a document to be worth a report.
pub(super) fn article(subject: &str, seed: usize) -> String {
    const VERBS: [&str; 6] = [
        "racconta", "descrive", "mostra", "spiega", "ricorda", "annuncia",
    ];
    const OBJECTS: [&str; 6] = [
        "nuovi investimenti nel porto",
        "treni regionali più veloci",
        "una fabbrica di batterie",
        "la crescita delle esportazioni",
        "un laboratorio di ricerca",
        "corsi di formazione per tecnici",
    ];
    let mut text = format!("{subject}: notizie della settimana\n\n");
    for i in 0..8 {
        let _ = write!(
            text,
            "Il rapporto su {subject} {} {} nella provincia numero {}. ",
            VERBS[(seed + i) % 6],
            OBJECTS[(seed * 3 + i) % 6],
            seed + i
        );
        if i % 3 == 2 {
            text.push_str("\n\n");
        }
    }
    text
}

pub(super) fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, contents).unwrap();
}

/// A folder with three ordinary articles, for cases that add one odd file.
pub(super) fn folder_with_articles(dir: &Path) -> PathBuf {
    let root = dir.join("in");
    for (i, subject) in ["Genova", "Milano", "Torino"].iter().enumerate() {
        write(&root.join(format!("{i}.txt")), article(subject, i));
    }
    root
}

pub(super) fn skipped(report: &Value) -> Vec<(String, String)> {
    report["corpus"]["skipped"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["path"].as_str().unwrap_or_default().to_string(),
                        s["reason"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn documents(report: &Value) -> usize {
    report["corpus"]["documents"].as_u64().unwrap_or(0) as usize
}

pub(super) fn ids(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

pub(super) fn skipped_one(report: &Value, path: &str, reason: &str) -> Result<(), String> {
    let s = skipped(report);
    check(
        s.iter()
            .any(|(p, r)| p.contains(path) && r.contains(reason)),
        || format!("no skipped entry {path:?} with {reason:?} in {s:?}"),
    )
}

/// Permission bits do not stop root: the unreadable-file case is then not observable.
#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "missing path",
            input: |d| d.join("nowhere"),
            args: &[],
            expect: Expect::Fails("nowhere: no such file or directory"),
        },
        Case {
            name: "unsupported file type",
            input: |d| {
                write(&d.join("slides.pptx"), "PK\u{3}\u{4}");
                d.join("slides.pptx")
            },
            args: &[],
            expect: Expect::Fails("slides.pptx: unsupported input"),
        },
        Case {
            name: "CSV without the text column",
            input: |d| {
                write(&d.join("table.csv"), "a,b\n1,2\n");
                d.join("table.csv")
            },
            args: &[],
            expect: Expect::Fails("table.csv: no `text` column (columns: a, b)"),
        },
        Case {
            name: "empty text file",
            input: |d| {
                write(&d.join("empty.txt"), "");
                d.join("empty.txt")
            },
            args: &[],
            expect: Expect::Fails("empty.txt: empty file"),
        },
        Case {
            name: "white space only",
            input: |d| {
                write(&d.join("blank.txt"), " \r\n\t\n\u{feff}");
                d.join("blank.txt")
            },
            args: &[],
            expect: Expect::Fails("blank.txt: empty file"),
        },
        Case {
            name: "binary file named .txt",
            input: |d| {
                write(&d.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
                d.join("photo.txt")
            },
            args: &[],
            expect: Expect::Fails("photo.txt: binary file"),
        },
        Case {
            name: "folder of unusable files",
            input: |d| {
                write(&d.join("in/a.txt"), b"\0\0\0");
                write(&d.join("in/b.md"), "");
                write(&d.join("in/c.pdf"), "%PDF-1.4");
                d.join("in")
            },
            args: &[],
            expect: Expect::Fails("no usable document (2 skipped; first a.txt: binary file)"),
        },
        Case {
            name: "JSON Lines with no valid record",
            input: |d| {
                write(&d.join("bad.jsonl"), "{\"text\": 1}\nnot json\n[]\n");
                d.join("bad.jsonl")
            },
            args: &[],
            expect: Expect::Fails("no usable document (3 skipped; first"),
        },
        Case {
            name: "gzip that is not gzip",
            input: |d| {
                write(
                    &d.join("fake.jsonl.gz"),
                    "{\"text\": \"plain text, not compressed\"}\n",
                );
                d.join("fake.jsonl.gz")
            },
            args: &[],
            expect: Expect::Fails("unreadable from this line on"),
        },
        Case {
            name: "single file over --max-file-size",
            input: |d| {
                write(&d.join("big.txt"), article("Genova", 1));
                d.join("big.txt")
            },
            args: &["--max-file-size", "100"],
            expect: Expect::Fails("larger than the 100 byte limit"),
        },
        Case {
            name: "corpus text over the memory budget",
            input: folder_with_articles,
            args: &["--max-memory", "12600000"],
            expect: Expect::Fails("more than 1068 bytes of text (reached after"),
        },
        Case {
            name: "document × term matrix over the memory budget",
            input: |d| {
                // 400 short documents, pairs of them sharing 30 made-up words: little text,
                // 6,000 terms each in two documents (kept by the clustering limits).
                let word = |mut n: usize| {
                    let mut w = String::from("k");
                    for _ in 0..4 {
                        w.push(char::from(b'a' + (n % 26) as u8));
                        n /= 26;
                    }
                    w
                };
                for doc in 0..400 {
                    let words: Vec<String> = (0..30).map(|i| word((doc / 2) * 30 + i)).collect();
                    write(
                        &d.join(format!("in/{doc:03}.txt")),
                        format!("{}.\n", words.join(" ")),
                    );
                }
                d.join("in")
            },
            // Only k-means without LSA needs the dense matrix; the rest fits in 20 MB.
            // Each pair is one text: counted once, its terms would be in one document only.
            args: &["--max-memory", "20000000", "--no-lsa", "--keep-duplicates"],
            expect: Expect::Fails(
                "400 documents × 5995 terms need about 0.1 GiB to cluster, more than --max-memory",
            ),
        },
        Case {
            name: "a budget smaller than what the corpus needs",
            input: folder_with_articles,
            args: &["--max-memory", "10000000"],
            expect: Expect::Fails("the analysis needs about 12.6 MB (the program itself)"),
        },
        Case {
            name: "only numbers and stop words",
            input: |d| {
                write(&d.join("n.txt"), "1 2 3 4.\n\n5 e 6 e 7 il 8.\n");
                d.join("n.txt")
            },
            args: &["--language", "it"],
            expect: Expect::Fails("no terms left"),
        },
        Case {
            name: "unknown language",
            input: folder_with_articles,
            args: &["--language", "klingon"],
            expect: Expect::Fails("unknown language `klingon`"),
        },
        Case {
            name: "document frequency out of range",
            input: folder_with_articles,
            args: &["--max-df", "1.5"],
            expect: Expect::Fails("neither a document count nor a fraction"),
        },
        Case {
            name: "one document",
            input: |d| {
                write(&d.join("solo.txt"), article("Genova", 0));
                d.join("solo.txt")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 1 && r["parameters"]["k"] == 1, || {
                    format!("{}", r["parameters"])
                })
            }),
        },
        Case {
            name: "duplicate documents",
            input: |d| {
                let root = folder_with_articles(d);
                for i in 0..3 {
                    write(&root.join(format!("copy{i}.txt")), article("Genova", 0));
                }
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 6, || format!("{} documents", documents(r)))?;
                let copies = r["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["id"].as_str().unwrap().starts_with("copy"));
                check(
                    copies.clone().all(|d| d["tokens"].as_u64() > Some(20)),
                    || "a copy lost its text to boilerplate removal".into(),
                )
            }),
        },
        Case {
            name: "several languages",
            input: |d| {
                let root = d.join("in");
                write(&root.join("it.txt"), article("Genova", 0));
                write(&root.join("en.txt"), "The harbour of Genoa is growing again this year. Ships bring containers and goods into the port every day. The city council expects new jobs for young engineers and technicians.\n");
                write(&root.join("de.txt"), "Der Hafen von Genua wächst in diesem Jahr wieder. Schiffe bringen jeden Tag Container und Waren in den Hafen. Der Stadtrat erwartet neue Arbeitsplätze für junge Ingenieure.\n");
                write(&root.join("ru.txt"), "Порт Генуи снова растёт в этом году. Корабли каждый день привозят в порт контейнеры и товары. Городской совет ожидает новых рабочих мест для молодых инженеров.\n");
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                let langs = r["corpus"]["languages"].as_object().unwrap();
                check(langs.len() >= 3 && documents(r) == 4, || {
                    format!("languages {langs:?}")
                })
            }),
        },
        Case {
            name: "one enormous line without punctuation",
            input: |d| {
                let root = folder_with_articles(d);
                let words = ["porto", "nave", "merci", "container", "banchina", "gru"];
                let line: Vec<&str> = (0..300_000).map(|i| words[(i * 7 + i / 5) % 6]).collect();
                write(&root.join("huge.txt"), line.join(" "));
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))?;
                let huge = r["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["id"] == "huge.txt")
                    .unwrap();
                check(
                    huge["title"].as_str().unwrap().chars().count() <= 91,
                    || "title not shortened".into(),
                )
            }),
        },
        Case {
            name: "deep nesting",
            input: |d| {
                let mut deep = folder_with_articles(d);
                for i in 0..60 {
                    deep = deep.join(format!("d{i}"));
                }
                write(&deep.join("deep.txt"), article("Bari", 5));
                d.join("in")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(
                    ids(r)
                        .iter()
                        .any(|i| i.ends_with("/d59/deep.txt") && i.starts_with("d0/d1/")),
                    || format!("{:?}", ids(r)),
                )
            }),
        },
        Case {
            name: "file names with spaces and non-ASCII",
            input: |d| {
                let root = d.join("in");
                write(&root.join("città del porto.txt"), article("Genova", 0));
                write(
                    &root.join("Straße München/Ärger & «Ähnliches».md"),
                    article("Monaco", 1),
                );
                write(&root.join("日本語 ファイル.txt"), article("Tokyo", 2));
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                let ids = ids(r);
                check(
                    ids.contains(&"città del porto.txt".to_string())
                        && ids.contains(&"Straße München/Ärger & «Ähnliches».md".to_string())
                        && ids.contains(&"日本語 ファイル.txt".to_string()),
                    || format!("{ids:?}"),
                )
            }),
        },
        Case {
            name: "CRLF line ends and byte-order marks",
            input: |d| {
                let root = d.join("in");
                for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
                    let text = format!("\u{feff}{}", article(s, i).replace('\n', "\r\n"));
                    write(&root.join(format!("{i}.txt")), text);
                }
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                let text = r.to_string();
                check(!text.contains("\\r") && !text.contains('\u{feff}'), || {
                    "CR or BOM in the report".into()
                })?;
                check(
                    r["documents"][0]["title"]
                        .as_str()
                        .unwrap()
                        .starts_with("Genova"),
                    || format!("{}", r["documents"][0]["title"]),
                )
            }),
        },
        Case {
            name: "Latin-1 text",
            input: |d| {
                let root = folder_with_articles(d);
                let latin1: Vec<u8> = article("Città", 4)
                    .chars()
                    .map(|c| c as u32 as u8)
                    .collect();
                write(&root.join("latin1.txt"), latin1);
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(
                    r["corpus"]["recoded"] == serde_json::json!(["latin1.txt"]),
                    || format!("{}", r["corpus"]["recoded"]),
                )?;
                let doc = r["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["id"] == "latin1.txt")
                    .unwrap();
                check(doc["title"].as_str().unwrap().starts_with("Città"), || {
                    format!("{}", doc["title"])
                })
            }),
        },
        Case {
            name: "UTF-16 with a byte-order mark (Windows \"Unicode\")",
            input: |d| {
                let root = folder_with_articles(d);
                let utf16: Vec<u8> = [0xFF, 0xFE]
                    .into_iter()
                    .chain(
                        article("Città", 4)
                            .replace('\n', "\r\n")
                            .encode_utf16()
                            .flat_map(u16::to_le_bytes),
                    )
                    .collect();
                write(&root.join("utf16.txt"), utf16);
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                let doc = r["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["id"] == "utf16.txt");
                check(
                    doc.is_some_and(|d| d["title"].as_str().unwrap().starts_with("Città")),
                    || format!("{:?}", ids(r)),
                )?;
                check(
                    r["corpus"]["recoded"].as_array().unwrap().is_empty(),
                    || "UTF-16 is not a guess".into(),
                )
            }),
        },
        Case {
            name: "JSON Lines record over --max-file-size",
            input: |d| {
                let mut text = String::new();
                for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
                    text.push_str(&format!(
                        "{}\n",
                        serde_json::json!({"id": s, "text": article(s, i)})
                    ));
                }
                text.push_str(&format!(
                    "{}\n",
                    serde_json::json!({"id": "huge", "text": "parola ".repeat(5000)})
                ));
                write(&d.join("news.jsonl"), text);
                d.join("news.jsonl")
            },
            args: &["--max-file-size", "20000"],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "news.jsonl:4", "line longer than the 20000 byte limit")
            }),
        },
        Case {
            name: "unusable files among good ones",
            input: |d| {
                let root = folder_with_articles(d);
                write(&root.join("empty.txt"), "");
                write(&root.join("image.txt"), b"GIF89a\x01\0\x01\0\0\0\0");
                write(&root.join("big.txt"), "parola ".repeat(2000));
                write(
                    &root.join("furniture.txt"),
                    "Iscriviti alla newsletter\n\n© Riproduzione riservata\n",
                );
                write(&root.join(".git/HEAD.txt"), "hidden, never read");
                root
            },
            args: &["--max-file-size", "5000"],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "empty.txt", "empty file")?;
                skipped_one(r, "image.txt", "binary file")?;
                skipped_one(
                    r,
                    "big.txt",
                    "larger than the 5000 byte limit (14000 bytes)",
                )?;
                skipped_one(
                    r,
                    "furniture.txt",
                    "nothing left after removing boilerplate",
                )?;
                check(skipped(r).len() == 4, || format!("{:?}", skipped(r)))
            }),
        },
        Case {
            name: "JSON Lines with bad records, BOM and CRLF",
            input: |d| {
                let mut text = String::from("\u{feff}");
                for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
                    let record =
                        serde_json::json!({"id": s, "text": article(s, i).replace('\n', "\r\n")});
                    text.push_str(&format!("{record}\r\n"));
                }
                text.push_str("{\"id\": \"x\", \"text\": \n\n{\"id\": 5}\n{\"id\": \"t\", \"text\": \"   \"}\n");
                write(&d.join("news.jsonl"), text);
                d.join("news.jsonl")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(ids(r) == ["Genova", "Milano", "Torino"], || {
                    format!("{:?}", ids(r))
                })?;
                skipped_one(r, "news.jsonl:4", "invalid JSON")?;
                skipped_one(r, "news.jsonl:6", "no `text` field")?;
                skipped_one(r, "news.jsonl:7", "empty text")?;
                check(!r.to_string().contains("\\r"), || "CR in the report".into())
            }),
        },
        Case {
            name: "truncated gzip JSON Lines",
            input: |d| {
                let mut gz =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
                    let record = serde_json::json!({"id": s, "text": article(s, i)});
                    std::io::Write::write_all(&mut gz, format!("{record}\n").as_bytes()).unwrap();
                }
                let mut bytes = gz.finish().unwrap();
                bytes.truncate(bytes.len() - 4);
                write(&d.join("news.jsonl.gz"), bytes);
                d.join("news.jsonl.gz")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "news.jsonl.gz:4", "unreadable from this line on")
            }),
        },
    ];
    #[cfg(unix)]
    cases.extend(unix_cases());
    cases.extend(super::hostile_inputs::cases());
    cases
}

#[cfg(unix)]
fn unix_cases() -> Vec<Case> {
    use std::os::unix::fs::symlink;
    vec![
        Case {
            name: "symbolic link loop and broken link",
            input: |d| {
                let root = folder_with_articles(d);
                std::fs::create_dir_all(root.join("sub")).unwrap();
                symlink("..", root.join("sub/loop")).unwrap();
                symlink("missing.txt", root.join("dangling.txt")).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "sub/loop", "symbolic link loop")?;
                skipped_one(r, "dangling.txt", "broken symbolic link")
            }),
        },
        Case {
            name: "FIFO named like an article",
            input: |d| {
                let root = folder_with_articles(d);
                let fifo = root.join("pipe.txt");
                let made = std::process::Command::new("mkfifo").arg(&fifo).status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo");
                root
            },
            args: &[],
            expect: Expect::Report(|r| skipped_one(r, "pipe.txt", "not a regular file")),
        },
        Case {
            name: "file name with a newline and markup",
            input: |d| {
                let root = folder_with_articles(d);
                write(&root.join("a\n## b <i>|c.txt"), article("Napoli", 7));
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))
            }),
        },
        Case {
            name: "unreadable file",
            input: |d| {
                use std::os::unix::fs::PermissionsExt;
                let root = folder_with_articles(d);
                let locked = root.join("locked.txt");
                write(&locked, article("Roma", 9));
                std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                if is_root() {
                    eprintln!("notice: running as root, permissions do not apply; only checking the run succeeds");
                    return Ok(());
                }
                skipped_one(r, "locked.txt", "cannot read: permission denied")
            }),
        },
    ]
}

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = (case.input)(dir.path());
    let out = dir.path().join("reports");
    let output = sintesi()
        .arg("analyse")
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .args(case.args)
        .timeout(Duration::from_secs(300))
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    check(!stderr.contains("panicked"), || format!("panic: {stderr}"))?;
    check(!has_raw_control(&stderr), || {
        format!("raw control characters on the terminal: {stderr:?}")
    })?;
    if out.exists() {
        let names: Vec<String> = std::fs::read_dir(&out)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        check(names.iter().all(|n| !n.starts_with(".sintesi")), || {
            format!("temporary files left: {names:?}")
        })?;
    }
    match &case.expect {
        Expect::Fails(needle) => {
            check(output.status.code() == Some(2), || {
                format!("exit {:?}, stderr {stderr}", output.status.code())
            })?;
            check(stderr.trim_end().lines().count() == 1, || {
                format!("not one line: {stderr}")
            })?;
            check(stderr.contains(needle), || {
                format!("{needle:?} not in {stderr:?}")
            })?;
            check(!out.join("report.json").exists(), || {
                "a report was written".into()
            })
        }
        Expect::Report(_) | Expect::Files(_) => {
            check(output.status.success(), || {
                format!("exit {:?}, stderr {stderr}", output.status.code())
            })?;
            let text =
                std::fs::read_to_string(out.join("report.json")).map_err(|e| e.to_string())?;
            let report: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let md = std::fs::read_to_string(out.join("report.md")).map_err(|e| e.to_string())?;
            let headings = md.lines().filter(|l| l.starts_with("## ")).count();
            let topics = report["clusters"].as_array().map_or(0, Vec::len);
            let notes = usize::from(md.contains("\n## Notes on the input\n"));
            let duplicates = usize::from(md.contains("\n## Near-duplicates\n"));
            check(
                md.lines().filter(|l| l.starts_with("# ")).count() == 1
                    && headings == 2 + topics + notes + duplicates,
                || format!("Markdown structure broken:\n{md}"),
            )?;
            let n_skipped = skipped(&report).len();
            let warnings = stderr
                .lines()
                .filter(|l| l.contains("warning: skipped"))
                .count();
            check(warnings == n_skipped, || {
                format!("{n_skipped} skipped but {warnings} warnings: {stderr}")
            })?;
            for entry in std::fs::read_dir(&out)
                .map_err(|e| e.to_string())?
                .flatten()
            {
                let text = String::from_utf8_lossy(
                    &std::fs::read(entry.path()).map_err(|e| e.to_string())?,
                )
                .into_owned();
                check(!has_raw_control(&text), || {
                    format!("raw control characters in {}", entry.path().display())
                })?;
            }
            check_links(&md, &out)?;
            match &case.expect {
                Expect::Report(verify) => verify(&report),
                Expect::Files(verify) => verify(&report, &out),
                Expect::Fails(_) => unreachable!(),
            }
        }
    }
}

/// Control characters but line breaks, and bidi overrides: what must never be printed raw.
pub(super) fn has_raw_control(text: &str) -> bool {
    text.chars().any(|c| {
        c != '\n'
            && (c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    })
}

/// The destinations of the live links of a Markdown text (`](` not escaped, outside code).
pub(super) fn markdown_links(md: &str) -> Vec<String> {
    let bytes = md.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = "`".repeat(n);
                let after = i + n;
                i = md[after..].find(&fence).map_or(after, |j| after + j + n);
            }
            b']' if bytes[i + 1] == b'(' => {
                let rest = &md[i + 2..];
                links.push(rest[..rest.find(')').unwrap_or(rest.len())].to_string());
                i += 2;
            }
            _ => i += 1,
        }
    }
    links
}

/// Every link of `md` is a relative path, without a scheme, to a file that exists (from the
/// report's folder), or a topic anchor.
pub(super) fn check_links(md: &str, out: &Path) -> Result<(), String> {
    for url in markdown_links(md) {
        if url.starts_with("#topic-") {
            continue;
        }
        check(
            !url.split('/').next().unwrap_or_default().contains(':'),
            || format!("a scheme in the link {url:?}"),
        )?;
        check(!url.starts_with('/'), || {
            format!("an absolute link {url:?}")
        })?;
        let target = out.join(percent_decode(&url));
        check(target.exists(), || {
            format!("the link {url:?} leads nowhere ({})", target.display())
        })?;
    }
    Ok(())
}

fn percent_decode(url: &str) -> PathBuf {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = url
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(out))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

#[test]
fn every_odd_input_gets_a_clear_answer() {
    let cases = cases();
    assert!(cases.len() >= 62, "{} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run(c).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
