//! The second round of hostile inputs (issue 20), as cases of the odd-input table
//! (`odd_inputs.rs` runs them with its checks: no panic, one-line errors with exit code 2, no
//! temporary file, no raw control character on the terminal or in a report, no link that
//! leads nowhere). Each case is a kind of input, not one file: reports read back as input,
//! links and markup smuggled through titles and file names, control characters, copies and
//! repeated ids, bombs and deep nesting, symbolic links out of the input, pipes, extreme
//! option values.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::odd_inputs::{
    article, check, documents, folder_with_articles, ids, skipped, skipped_one, write, Case, Expect,
};

/// A JSON Lines file of `records` in `d`.
fn jsonl(d: &Path, name: &str, records: &[Value]) -> PathBuf {
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    write(&d.join(name), text);
    d.join(name)
}

/// Three ordinary records, then `extra`.
fn news_with(d: &Path, extra: Value) -> PathBuf {
    let mut records: Vec<Value> = ["Genova", "Milano", "Torino"]
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"id": s, "text": article(s, i)}))
        .collect();
    records.push(extra);
    jsonl(d, "news.jsonl", &records)
}

fn read(out: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(out.join(name)).map_err(|e| format!("{name}: {e}"))
}

fn title_of(r: &Value, id: &str) -> String {
    r["documents"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["id"] == id))
        .and_then(|d| d["title"].as_str())
        .unwrap_or_default()
        .to_string()
}

fn k(r: &Value) -> u64 {
    r["parameters"]["k"].as_u64().unwrap_or(0)
}

fn k_note(r: &Value) -> String {
    r["parameters"]["k_note"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Five copies of one article.
fn five_copies(d: &Path) -> PathBuf {
    let root = d.join("in");
    for i in 0..5 {
        write(&root.join(format!("{i}.txt")), article("Genova", 0));
    }
    root
}

/// A gzip file of `text`, its last `cut` bytes cut off.
fn truncated_gzip(text: &str, cut: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    let mut bytes = gz.finish().unwrap();
    bytes.truncate(bytes.len() - cut);
    bytes
}

/// Three CSV rows of articles, with a header.
fn csv_rows() -> String {
    let mut text = String::from("id,text\n");
    for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
        text.push_str(&format!("{s},\"{}\"\n", article(s, i).replace('"', "\"\"")));
    }
    text
}

pub(super) fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "a trillion key and summary sentences asked for",
            input: folder_with_articles,
            args: &[
                "--key-sentences",
                "1000000000000",
                "--summary-sentences",
                "1000000000000",
            ],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                let quoted = r["clusters"].as_array().map_or(0, |c| {
                    c.iter()
                        .map(|t| t["key_sentences"].as_array().map_or(0, Vec::len))
                        .sum::<usize>()
                });
                check(quoted > 0, || "no key sentence".into())
            }),
        },
        Case {
            name: "copies of one article explain no variance",
            input: five_copies,
            args: &[],
            expect: Expect::Report(|r| {
                let v = r["parameters"]["reduction"]["explained_variance"]
                    .as_f64()
                    .unwrap_or(0.0);
                check((0.0..=1.0).contains(&v), || {
                    format!("explained variance {v}")
                })
            }),
        },
        Case {
            name: "reports of an earlier run inside the input folder",
            input: |d| {
                let root = folder_with_articles(d);
                // The first run writes d/reports; the case then analyses d itself.
                let first = super::sintesi()
                    .arg("analyse")
                    .arg(d)
                    .arg("--output")
                    .arg(d.join("reports"))
                    .output()
                    .unwrap();
                assert!(first.status.success());
                let _ = root;
                d.to_path_buf()
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || {
                    format!("{} documents: {:?}", documents(r), ids(r))
                })?;
                skipped_one(r, "reports/report.md", "a report written by sintesi")?;
                skipped_one(r, "reports/report.html", "a report written by sintesi")
            }),
        },
        Case {
            name: "Markdown link in a title",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "phish", "title": "[Click here](https://evil.example/phish) or www.evil.example", "text": article("Napoli", 4)}),
                )
            },
            args: &[],
            expect: Expect::Files(|_, out| {
                let md = read(out, "report.md")?;
                let html = read(out, "report.html")?;
                let links = super::odd_inputs::markdown_links(&md);
                check(!links.iter().any(|l| l.contains("evil")), || {
                    format!("a live link from the title: {links:?}")
                })?;
                check(!md.contains("www.evil"), || {
                    "a bare URL left to autolink".into()
                })?;
                check(!html.contains("href=\"https://evil"), || {
                    "a live link in the HTML".into()
                })
            }),
        },
        Case {
            name: "javascript: link in a title",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "js", "title": "\\[x\\](javascript:alert(1)) [y](javascript:alert(2))", "text": article("Napoli", 4)}),
                )
            },
            args: &[],
            expect: Expect::Files(|_, out| {
                let md = read(out, "report.md")?;
                let links = super::odd_inputs::markdown_links(&md);
                check(!links.iter().any(|l| l.contains("javascript")), || {
                    format!("a live javascript: link: {links:?}")
                })?;
                check(
                    !read(out, "report.html")?.contains("href=\"javascript"),
                    || "a javascript: href".into(),
                )
            }),
        },
        Case {
            name: "raw HTML in a title",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "img", "title": "<img src=x onerror=alert(1)><script>alert(2)</script>", "text": article("Napoli", 4)}),
                )
            },
            args: &[],
            expect: Expect::Files(|_, out| {
                let html = read(out, "report.html")?;
                check(!html.contains("<img") && !html.contains("<script"), || {
                    "markup from a title in the HTML".into()
                })?;
                check(!read(out, "report.md")?.contains("<img"), || {
                    "markup in the Markdown".into()
                })
            }),
        },
        Case {
            name: "terminal escape sequences in titles and text",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "esc", "title": "\u{1b}]0;PWNED\u{7}\u{1b}[2JNapoli\u{0}", "text": format!("\u{1b}[31m{}\u{7}\u{0}", article("Napoli", 4))}),
                )
            },
            args: &[],
            expect: Expect::Report(|r| {
                let title = title_of(r, "esc");
                check(title.starts_with("]0;PWNED[2JNapoli"), || {
                    format!("title {title:?}")
                })
            }),
        },
        Case {
            name: "bidirectional override in a title",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "rlo", "title": "Fattura\u{202e}fdp.exe", "text": article("Napoli", 4)}),
                )
            },
            args: &[],
            expect: Expect::Report(|r| {
                let title = title_of(r, "rlo");
                check(title == "Fatturafdp.exe", || format!("title {title:?}"))
            }),
        },
        Case {
            name: "control characters in CSV fields",
            input: |d| {
                let mut text = csv_rows();
                text.push_str(&format!(
                    "esc,\"\u{1b}]0;PWNED\u{7}{}\u{202e}\"\n",
                    article("Bari", 5)
                ));
                write(&d.join("news.csv"), text);
                d.join("news.csv")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))
            }),
        },
        Case {
            name: "HTML character references that spell control characters",
            input: |d| {
                let root = folder_with_articles(d);
                write(
                    &root.join("page.html"),
                    format!(
                        "<title>Pagina&#27;]0;PWNED&#7;</title><p>{}&#x202E;&#27;[2J</p>",
                        article("Bari", 5)
                    ),
                );
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))
            }),
        },
        Case {
            name: "CSV header with a terminal escape sequence",
            input: |d| {
                write(
                    &d.join("table.csv"),
                    "\u{1b}]0;PWNED\u{7}\u{1b}[2J,b\n1,2\n",
                );
                d.join("table.csv")
            },
            args: &[],
            expect: Expect::Fails("no `text` column (columns: ]0;PWNED[2J, b)"),
        },
        Case {
            name: "missing input whose path holds line breaks",
            input: |d| d.join("a\nb\r\nc/missing.txt"),
            args: &[],
            expect: Expect::Fails("a\\nb\\r\\nc/missing.txt: no such file or directory"),
        },
        Case {
            name: "repeated JSON Lines ids",
            input: |d| {
                let records: Vec<Value> = ["Genova", "Milano", "Torino"]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| json!({"id": "x", "text": article(s, i)}))
                    .collect();
                jsonl(d, "news.jsonl", &records)
            },
            args: &[],
            expect: Expect::Files(|r, out| {
                check(ids(r) == ["x", "x#2", "x#3"], || format!("{:?}", ids(r)))?;
                check(
                    r["corpus"]["renamed_ids"] == json!([{"id": "x", "renamed": ["x#2", "x#3"]}]),
                    || format!("{}", r["corpus"]["renamed_ids"]),
                )?;
                let md = read(out, "report.md")?;
                check(md.contains("3 records have the id x"), || {
                    "no note in the report".into()
                })
            }),
        },
        Case {
            name: "repeated CSV ids",
            input: |d| {
                let mut text = String::from("id,text\n");
                for (i, s) in ["Genova", "Milano", "Torino"].iter().enumerate() {
                    text.push_str(&format!("7,\"{}\"\n", article(s, i)));
                }
                write(&d.join("news.csv"), text);
                d.join("news.csv")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(ids(r) == ["7", "7#2", "7#3"], || format!("{:?}", ids(r)))
            }),
        },
        Case {
            name: "five copies of one article",
            input: five_copies,
            args: &[],
            expect: Expect::Files(|r, out| {
                check(k(r) == 1, || format!("k = {}", k(r)))?;
                check(
                    k_note(r).contains("only 1 of the 5 documents differs in its terms"),
                    || k_note(r),
                )?;
                let md = read(out, "report.md")?;
                check(
                    md.contains("k = 1: only 1 of the 5 documents differs in its terms"),
                    || "the Markdown does not say why, once".into(),
                )
            }),
        },
        Case {
            name: "five copies with --k 4",
            input: five_copies,
            args: &["--k", "4"],
            expect: Expect::Report(|r| {
                check(k(r) == 1, || format!("k = {}", k(r)))?;
                check(k_note(r).starts_with("4 topics requested"), || k_note(r))
            }),
        },
        Case {
            name: "five copies with --k 4 --no-lsa",
            input: five_copies,
            args: &["--k", "4", "--no-lsa"],
            expect: Expect::Files(|r, out| {
                check(k(r) == 1, || format!("k = {}", k(r)))?;
                check(k_note(r).starts_with("4 topics requested"), || k_note(r))?;
                let md = read(out, "report.md")?;
                check(!md.contains("as requested"), || {
                    "\"k = 1 as requested\"".into()
                })
            }),
        },
        Case {
            name: "two texts among copies with --k 3",
            input: |d| {
                let root = five_copies(d);
                write(&root.join("other.txt"), article("Torino", 3));
                root
            },
            // The generator's articles share their sentence templates: counted once, the
            // Torino one joins the Genova copies. What is tested is k lowered for copies.
            args: &["--k", "3", "--keep-duplicates"],
            expect: Expect::Report(|r| {
                check(k(r) == 2, || format!("k = {}", k(r)))?;
                let labels: Vec<&str> = r["clusters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["label"].as_str().unwrap_or_default())
                    .collect();
                check(labels[0] != labels[1], || format!("labels {labels:?}"))
            }),
        },
        Case {
            name: "truncated gzip CSV",
            input: |d| {
                write(&d.join("news.csv.gz"), truncated_gzip(&csv_rows(), 6));
                d.join("news.csv.gz")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "news.csv.gz:", "unreadable from this line on")
            }),
        },
        Case {
            name: "gzip CSV cut in the middle of a row",
            input: |d| {
                // A last row of words that do not compress, cut halfway through.
                let mut state: u64 = 1;
                let words: Vec<String> = (0..3000)
                    .map(|_| {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                        format!("w{:x}", state >> 40)
                    })
                    .collect();
                let mut text = csv_rows();
                text.push_str(&format!("Bari,\"{}\"\n", words.join(" ")));
                write(&d.join("news.csv.gz"), truncated_gzip(&text, 8000));
                d.join("news.csv.gz")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) >= 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "news.csv.gz:", "unreadable from this line on")
            }),
        },
        Case {
            name: "CSV row over --max-file-size",
            input: |d| {
                let mut text = csv_rows();
                text.push_str(&format!("huge,\"{}\"\n", "parola ".repeat(5000)));
                write(&d.join("news.csv"), text);
                d.join("news.csv")
            },
            args: &["--max-file-size", "20000"],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "news.csv:23", "row longer than the 20000 byte limit")
            }),
        },
        Case {
            name: "zstd CSV bomb: one field of 64 MiB",
            input: |d| {
                let mut text = csv_rows().into_bytes();
                text.extend_from_slice(b"bomb,\"");
                text.extend(std::iter::repeat_n(b'a', 64 << 20));
                text.extend_from_slice(b"\"\n");
                let bomb = zstd::encode_all(&text[..], 19).unwrap();
                assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
                write(&d.join("bomb.csv.zst"), bomb);
                d.join("bomb.csv.zst")
            },
            args: &["--max-file-size", "1000000"],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(
                    r,
                    "bomb.csv.zst:23",
                    "row longer than the 1000000 byte limit",
                )
            }),
        },
        Case {
            name: "CSV of endless commas",
            input: |d| {
                let mut text = csv_rows();
                text.push_str(&",".repeat(3_000_000));
                text.push('\n');
                write(&d.join("commas.csv"), text);
                d.join("commas.csv")
            },
            args: &["--max-file-size", "100000"],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{} documents", documents(r)))?;
                skipped_one(r, "commas.csv:23", "row longer than")
            }),
        },
        Case {
            name: "150,000 nested <div>s",
            input: |d| {
                let root = folder_with_articles(d);
                let mut page = "<div>".repeat(150_000);
                page.push_str(&format!("<p>{}</p>", article("Bari", 5)));
                write(&root.join("deep.html"), page);
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))
            }),
        },
        Case {
            name: "100,000 unclosed inline elements",
            input: |d| {
                let root = folder_with_articles(d);
                let mut page = String::from("<html><body>");
                for i in 0..100_000 {
                    page.push_str(if i % 2 == 0 { "<b>" } else { "<span class=x>" });
                }
                page.push_str(&article("Bari", 5));
                write(&root.join("inline.html"), page);
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))
            }),
        },
        Case {
            name: "--max-k 100000 on 150 documents",
            input: |d| {
                // Distinct documents: made-up words, five topics.
                let root = d.join("in");
                let mut state: u64 = 11;
                for i in 0..150 {
                    let mut text = String::new();
                    for _ in 0..6 {
                        let words: Vec<String> = (0..8)
                            .map(|_| {
                                state = state
                                    .wrapping_mul(6364136223846793005)
                                    .wrapping_add(1442695040888963407);
                                format!("parola{}x{}", i % 5, (state >> 33) % 300)
                            })
                            .collect();
                        text.push_str(&format!("Notizia {}.\n", words.join(" ")));
                    }
                    write(&root.join(format!("{i:03}.txt")), text);
                }
                root
            },
            args: &["--max-k", "100000"],
            expect: Expect::Report(|r| {
                let tried = r["parameters"]["k_scores"].as_array().map_or(0, Vec::len);
                check(tried == 99, || format!("{tried} values of k tried"))?;
                check(k_note(r).contains("2..=100"), || k_note(r))
            }),
        },
        Case {
            name: "--headline-weight at the top of its type",
            input: folder_with_articles,
            args: &["--headline-weight", "4294967295"],
            expect: Expect::Fails("--headline-weight 4294967295 is out of range (1 to 100)"),
        },
        Case {
            name: "ten million restarts",
            input: folder_with_articles,
            args: &["--restarts", "10000000"],
            expect: Expect::Fails("--restarts 10000000 is more than 1000"),
        },
        Case {
            name: "JSON Lines id beyond 64 bits",
            input: |d| {
                let text: String = ["Genova", "Milano", "Torino"]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        format!(
                            "{{\"id\": 1844674407370955161{}, \"text\": {}}}\n",
                            i + 6,
                            json!(article(s, i))
                        )
                    })
                    .collect();
                write(&d.join("news.jsonl"), text);
                d.join("news.jsonl")
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(
                    ids(r)
                        == [
                            "18446744073709551616",
                            "18446744073709551617",
                            "18446744073709551618",
                        ],
                    || format!("{:?}", ids(r)),
                )
            }),
        },
        Case {
            name: "JSON Lines with empty id, title and label",
            input: |d| {
                news_with(
                    d,
                    json!({"id": "", "title": "  ", "label": "", "text": article("Bari", 5)}),
                )
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(ids(r).contains(&"line-4".to_string()), || {
                    format!("{:?}", ids(r))
                })?;
                check(title_of(r, "line-4").starts_with("Bari"), || {
                    title_of(r, "line-4")
                })
            }),
        },
        Case {
            name: "languages without a Snowball stemmer",
            input: |d| {
                let root = folder_with_articles(d);
                write(&root.join("hi.txt"), "सरकार ने आज घोषणा की कि वह बच्चों की शिक्षा में अधिक निवेश करेगी, लेकिन यूनियनों का कहना है कि यह देश के स्कूलों के लिए पर्याप्त नहीं है। मंत्री ने कहा कि योजना अगले साल शुरू होगी।\n");
                write(&root.join("he.txt"), "הממשלה הודיעה היום כי תשקיע יותר בחינוך הילדים, אך האיגודים אומרים שזה לא מספיק לבתי הספר במדינה. השר אמר שהתוכנית תתחיל בשנה הבאה.\n");
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                let langs: Vec<String> = r["corpus"]["languages"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect();
                check(
                    langs.iter().all(|l| l.len() == 2 || l == "und") && langs.len() >= 2,
                    || format!("{langs:?}"),
                )?;
                let codes: Vec<&str> = r["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["language"].as_str().unwrap_or_default())
                    .collect();
                check(codes.iter().all(|c| c.len() == 2 || *c == "und"), || {
                    format!("{codes:?}")
                })
            }),
        },
        Case {
            name: "forty one-line English stories",
            input: |d| {
                const LINES: [&str; 8] = [
                    "Shares in bank fell sharply",
                    "Rain due on coast tonight",
                    "Minister asked to quit",
                    "Wales beat Italy at home",
                    "Prices rose in spring",
                    "New film by famous director",
                    "Oil output up again",
                    "Talks end in Rome",
                ];
                let root = d.join("in");
                for i in 0..40 {
                    write(
                        &root.join(format!("{i:02}.txt")),
                        format!(
                            "{} {}.\n",
                            LINES[i % 8],
                            ["today", "now", "again", "later", "soon"][i % 5]
                        ),
                    );
                }
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(r["corpus"]["languages"] == json!({"en": 40}), || {
                    format!("{}", r["corpus"]["languages"])
                })
            }),
        },
        Case {
            name: "wire headlines with one stray stop word of another language",
            input: |d| {
                // `du` is French, `ad` Italian, `die` German: one such word in a headline
                // is noise, not a language (Reuters titles were 3.6 % "foreign" for it).
                const LINES: [&str; 6] = [
                    "Du pont co launches improved aramid fibers",
                    "Ad sales boost Time Warner profit",
                    "Die maker posts record quarter",
                    "Talks on the new trade pact end in Rome",
                    "Bank to cut its prime rate by a quarter point",
                    "Shares of the group rose after the deal",
                ];
                let root = d.join("in");
                for i in 0..36 {
                    write(
                        &root.join(format!("{i:02}.txt")),
                        format!("{}\n", LINES[i % 6]),
                    );
                }
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(r["corpus"]["languages"] == json!({"en": 36}), || {
                    format!("{}", r["corpus"]["languages"])
                })
            }),
        },
    ];
    #[cfg(unix)]
    cases.extend(unix_cases());
    cases
}

#[cfg(unix)]
fn unix_cases() -> Vec<Case> {
    use std::os::unix::fs::symlink;
    vec![
        Case {
            name: "symbolic link to a folder above the input",
            input: |d| {
                let root = folder_with_articles(d);
                // Above the input: d holds more articles that must not be read.
                write(&d.join("outside/secret.txt"), article("Segreto", 8));
                std::fs::create_dir_all(root.join("sub")).unwrap();
                symlink("../..", root.join("sub/up")).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{:?}", ids(r)))?;
                skipped_one(r, "sub/up", "symbolic link loop")
            }),
        },
        Case {
            name: "symbolic link to a folder beside the input",
            input: |d| {
                let root = folder_with_articles(d);
                write(&d.join("outside/secret.txt"), article("Segreto", 8));
                symlink("../outside", root.join("elsewhere")).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 3, || format!("{:?}", ids(r)))?;
                skipped_one(
                    r,
                    "elsewhere",
                    "symbolic link to a folder outside the input",
                )
            }),
        },
        Case {
            name: "symbolic link to a folder inside the input",
            input: |d| {
                let root = folder_with_articles(d);
                write(&root.join("sub/a.txt"), article("Bari", 5));
                symlink("sub", root.join("alias")).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{:?}", ids(r)))?;
                skipped_one(r, "alias", "symbolic link to a folder of the input")
            }),
        },
        Case {
            name: "symbolic link to a file outside the input",
            input: |d| {
                let root = folder_with_articles(d);
                write(&d.join("elsewhere/bari.txt"), article("Bari", 5));
                symlink(d.join("elsewhere/bari.txt"), root.join("bari.txt")).unwrap();
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(ids(r).contains(&"bari.txt".to_string()), || {
                    format!("{:?}", ids(r))
                })
            }),
        },
        Case {
            name: "file name with a terminal escape sequence",
            input: |d| {
                let root = folder_with_articles(d);
                write(&root.join("\u{1b}]0;PWNED\u{7}\u{1b}[2J.txt"), "");
                write(&root.join("\u{1b}[31mred\u{202e}.txt"), article("Bari", 5));
                root
            },
            args: &[],
            expect: Expect::Report(|r| {
                check(documents(r) == 4, || format!("{} documents", documents(r)))?;
                check(skipped(r).len() == 1, || format!("{:?}", skipped(r)))
            }),
        },
        Case {
            name: "named pipe as the input",
            input: |d| {
                let fifo = d.join("pipe");
                let made = std::process::Command::new("mkfifo").arg(&fifo).status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo");
                let writer = fifo.clone();
                std::thread::spawn(move || {
                    if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(writer) {
                        let _ = f.write_all(article("Genova", 0).as_bytes());
                    }
                });
                fifo
            },
            args: &["--input-format", "text"],
            expect: Expect::Report(|r| {
                check(documents(r) == 1, || format!("{} documents", documents(r)))
            }),
        },
    ]
}
