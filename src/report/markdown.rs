//! The Markdown writer: a report a person reads top to bottom — overview, topics at a glance
//! with the charts, each topic's key sentences quoted with a link to their article, then every
//! document with its keywords and summary. The charts are SVG files written beside it
//! ([`super::charts`]); GitHub and most viewers show them inline.

use std::fmt::Write;
use std::path::{Component, Path};

use super::charts::{DOCUMENT_MAP, TOPIC_SIZES, TOPIC_TERMS, TOPIC_TREE};
use super::printable::one_line;
use super::{generated_mark, ClusterReport, DocumentReport, Report};

/// Renders the report, linking relative document paths as they are (as from the working
/// directory) and absolute ones not at all.
pub fn to_markdown(report: &Report) -> String {
    to_markdown_with_links(report, &Links::default())
}

/// As [`to_markdown`], with document links built by `links` (see [`Links::from_folder`]).
pub fn to_markdown_with_links(report: &Report, links: &Links) -> String {
    let mut out = String::new();
    let c = &report.corpus;
    let p = &report.parameters;
    let _ = writeln!(
        out,
        "{}",
        generated_mark(&escape_inline(&report.generator.version))
    );
    let _ = writeln!(out, "# What {} is about\n", code_span(&c.input));
    let _ = writeln!(
        out,
        "**{}** ({}) · **{}** · {} sentences · {} index tokens · {} distinct terms\n",
        plural(c.documents, "document"),
        languages(report),
        plural(report.clusters.len(), "topic"),
        thousands(c.sentences),
        thousands(c.tokens),
        thousands(c.terms),
    );
    let _ = writeln!(out, "{}\n", escape_inline(&method_sentence(report)));

    out.push_str("## Topics at a glance\n\n| # | Topic | Documents | Share | Top terms |\n|---:|---|---:|---:|---|\n");
    for cl in &report.clusters {
        let terms: Vec<&str> = cl.terms.iter().take(6).map(|t| t.term.as_str()).collect();
        let _ = writeln!(
            out,
            "| {} | [{}](#topic-{}) | {} | {} | {} |",
            cl.id + 1,
            escape_cell(&cl.label),
            cl.id + 1,
            cl.size,
            share(cl.size, report.duplicates.counted),
            escape_cell(&terms.join(", "))
        );
    }
    let _ = writeln!(
        out,
        "\n![Documents per topic]({TOPIC_SIZES})\n\n![Map of the documents, coloured by topic]({DOCUMENT_MAP})\n"
    );
    let _ = writeln!(
        out,
        "*The map places documents that use similar words close together: {}.*\n",
        escape_inline(&p.map)
    );
    let _ = writeln!(
        out,
        "![Top terms per topic, with their weights]({TOPIC_TERMS})\n"
    );
    if !report.subtopics.is_empty() {
        let _ = writeln!(
            out,
            "![Topics and their sub-topics, each as tall as its share of the documents]({TOPIC_TREE})\n"
        );
    }

    let by_id = report.documents_by_id();
    let title_of = |id: &str| by_id.get(id).copied();
    let in_file = report.documents_file.is_some();
    for cl in &report.clusters {
        let _ = writeln!(
            out,
            "<a id=\"topic-{}\"></a>\n## Topic {}: {}\n",
            cl.id + 1,
            cl.id + 1,
            escape_inline(&cl.label)
        );
        let terms: Vec<String> = cl
            .terms
            .iter()
            .map(|t| format!("{} ({:.3})", t.term, t.weight))
            .collect();
        let _ = writeln!(out, "**Terms:** {}\n", escape_inline(&terms.join(", ")));
        if !cl.phrases.is_empty() {
            let phrases: Vec<&str> = cl.phrases.iter().map(|p| p.term.as_str()).collect();
            let _ = writeln!(
                out,
                "**Key phrases:** {}\n",
                escape_inline(&phrases.join(", "))
            );
        }
        let docs: Vec<String> = cl
            .documents
            .iter()
            .filter_map(|id| title_of(id))
            .map(|d| linked(&escape_inline(&d.title), links, &d.path))
            .collect();
        let _ = writeln!(
            out,
            "**{}:** {}\n",
            if in_file {
                "Most central documents"
            } else if docs.len() == 1 {
                "Document"
            } else {
                "Documents"
            },
            docs.join(" · ")
        );
        if !cl.key_sentences.is_empty() {
            out.push_str("**Key sentences**\n\n");
            for ks in &cl.key_sentences {
                let source = match title_of(&ks.document) {
                    Some(d) => linked(&format!("*{}*", escape_inline(&d.title)), links, &d.path),
                    None => format!("*{}*", escape_inline(&ks.document)),
                };
                let _ = writeln!(
                    out,
                    "> {}\n>\n> — {source}, sentence {}\n",
                    escape_inline(&ks.text),
                    ks.sentence + 1
                );
            }
        }
        subtopics(report, cl, &mut out);
    }

    duplicates(report, links, &mut out);

    if let Some(file) = &report.documents_file {
        let _ = writeln!(
            out,
            "## Documents\n\nThe {} documents' records (title, topic, keywords, key phrases, summary, \
             place on the map) are in [{}]({}), one JSON object per line.\n",
            thousands(report.corpus.documents),
            code_span(file),
            file.replace(' ', "%20")
        );
        notes(report, &mut out);
        return out;
    }
    out.push_str("## Documents\n\n| Document | Language | Topic | Tokens | Keywords | Key phrases |\n|---|---|---:|---:|---|---|\n");
    for d in &report.documents {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            linked(&escape_cell(&d.title), links, &d.path),
            escape_cell(&d.language),
            d.cluster + 1,
            thousands(d.tokens),
            escape_cell(&d.keywords.join(", ")),
            escape_cell(&d.phrases.join(", "))
        );
    }
    out.push_str("\n### Summaries\n\n");
    for d in &report.documents {
        let text =
            summary_paragraph(d).map_or_else(|| format!("*{NO_SUMMARY}*"), |s| escape_inline(&s));
        let title = linked(&escape_inline(&d.title), links, &d.path);
        let _ = writeln!(out, "**{title}** — {text}\n");
    }
    notes(report, &mut out);
    out
}

/// The fine topics of the topic tree under `cl`: one row each, with the sentence that says
/// most of what it is about; a topic with many of them shows them in groups (nodes of the
/// tree), each group's row first.
fn subtopics(report: &Report, cl: &ClusterReport, out: &mut String) {
    if cl.children.len() < 2 {
        return;
    }
    let rows = subtopic_rows(report, cl);
    let _ = writeln!(
        out,
        "**{}**\n\n| Sub-topic | Documents | Top terms | Key sentence |\n|---|---:|---|---|",
        subtopics_heading(cl, &rows)
    );
    for row in rows {
        let (label, size) = if row.group {
            (
                format!("**{} {}**", row.number, escape_cell(row.label)),
                format!("**{}**", row.size),
            )
        } else {
            (
                format!("{} {}", row.number, escape_cell(row.label)),
                row.size.to_string(),
            )
        };
        let _ = writeln!(
            out,
            "| {label} | {size} | {} | {} |",
            escape_cell(&row.terms),
            escape_cell(row.key_sentence)
        );
    }
    out.push('\n');
}

/// `13 sub-topics, in 4 groups`: how many fine topics `rows` show, and in how many groups
/// when they are grouped.
pub(super) fn subtopics_heading(cl: &ClusterReport, rows: &[SubtopicRow<'_>]) -> String {
    let n = cl.children.len();
    if rows.iter().any(|r| r.group) {
        let groups = rows.iter().filter(|r| r.group || !r.in_group).count();
        format!("{n} sub-topics, in {groups} groups")
    } else {
        format!("{n} sub-topics")
    }
}

/// What the readable reports show of one fine topic or group of them, unescaped.
pub(super) struct SubtopicRow<'a> {
    /// `2.3`: the third largest fine topic of topic 2; `2.B`: its second largest group.
    pub number: String,
    /// Whether the row is a group of the fine topics listed after it.
    pub group: bool,
    /// Whether the row is a fine topic listed under a group.
    pub in_group: bool,
    pub label: &'a str,
    pub size: usize,
    /// The top six words, comma-separated.
    pub terms: String,
    /// The best key sentence, or nothing.
    pub key_sentence: &'a str,
}

/// A topic with more fine topics than this shows them in groups.
const GROUPED_ABOVE: usize = 12;

/// The fine topics under `cl`, largest first; past [`GROUPED_ABOVE`] of them, in about
/// √(fine topics) groups (at most 8), largest first, each group's row before its fine topics'.
/// The groups are a cut of the tree under the topic: its last merges undone.
pub(super) fn subtopic_rows<'a>(report: &'a Report, cl: &ClusterReport) -> Vec<SubtopicRow<'a>> {
    let number: std::collections::HashMap<usize, usize> = cl
        .children
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i + 1))
        .collect();
    let fine_row = |id: usize| {
        report.subtopics.get(id).map(|sub| SubtopicRow {
            number: format!("{}.{}", cl.id + 1, number.get(&id).copied().unwrap_or(0)),
            group: false,
            in_group: false,
            label: &sub.label,
            size: sub.size,
            terms: top_terms(&sub.terms),
            key_sentence: sub.key_sentences.first().map_or("", |k| k.text.as_str()),
        })
    };
    let groups = groups_under(report, cl);
    if groups.is_empty() {
        return cl.children.iter().filter_map(|&id| fine_row(id)).collect();
    }
    let mut rows = Vec::new();
    let mut letter = 0u8;
    for node in groups {
        match node {
            Group::Fine(id) => rows.extend(fine_row(id)),
            Group::Node(node) => {
                rows.push(SubtopicRow {
                    number: format!("{}.{}", cl.id + 1, char::from(b'A' + letter)),
                    group: true,
                    in_group: false,
                    label: &node.label,
                    size: node.size,
                    terms: top_terms(&node.terms),
                    key_sentence: node.key_sentences.first().map_or("", |k| k.text.as_str()),
                });
                letter += 1;
                let mut under = node.subtopics.clone();
                under.sort_by_key(|id| number.get(id).copied().unwrap_or(usize::MAX));
                rows.extend(
                    under
                        .into_iter()
                        .filter_map(fine_row)
                        .map(|row| SubtopicRow {
                            in_group: true,
                            ..row
                        }),
                );
            }
        }
    }
    rows
}

/// A group of fine topics shown under a topic: a node of the tree, or one fine topic alone.
enum Group<'a> {
    Node(&'a crate::report::TreeNodeReport),
    Fine(usize),
}

/// The groups `cl`'s fine topics are shown in (none for a topic with few of them), largest
/// first: the tree under the topic with its last merges undone.
fn groups_under<'a>(report: &'a Report, cl: &ClusterReport) -> Vec<Group<'a>> {
    let n = cl.children.len();
    let Some(tree) = &report.topic_tree else {
        return Vec::new();
    };
    let Some(root) = tree
        .nodes
        .iter()
        .find(|d| d.is_topic && d.topic == Some(cl.id))
    else {
        return Vec::new();
    };
    if n <= GROUPED_ABOVE {
        return Vec::new();
    }
    let wanted = ((n as f64).sqrt().round() as usize).clamp(2, 8);
    let node = |id: usize| id.checked_sub(tree.fine_k).and_then(|i| tree.nodes.get(i));
    let size = |id: usize| {
        node(id).map_or_else(
            || report.subtopics.get(id).map_or(0, |s| s.size),
            |d| d.size,
        )
    };
    let mut cut = cut_below(root.id, wanted, |id| node(id).map(|d| d.children));
    cut.sort_by_key(|&id| (std::cmp::Reverse(size(id)), id));
    cut.into_iter()
        .map(|id| node(id).map_or(Group::Fine(id), Group::Node))
        .collect()
}

/// The tree under `root` cut into `wanted` parts (fewer when it has fewer leaves): its last
/// merges undone, one at a time. A node's id grows with its merge, so the highest id in the
/// cut is the last merge still done. `children(id)` is `None` for a leaf.
fn cut_below(
    root: usize,
    wanted: usize,
    children: impl Fn(usize) -> Option<[usize; 2]>,
) -> Vec<usize> {
    let mut cut = vec![root];
    while cut.len() < wanted {
        let split = cut
            .iter()
            .enumerate()
            .filter_map(|(at, &id)| children(id).map(|c| (at, id, c)))
            .max_by_key(|&(_, id, _)| id);
        let Some((at, _, pair)) = split else { break };
        cut.splice(at..=at, pair);
    }
    cut
}

/// The top six words, comma-separated.
fn top_terms(terms: &[crate::describe::TermWeight]) -> String {
    terms
        .iter()
        .take(6)
        .map(|t| t.term.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The groups of near-duplicates, when there are any: each kept copy with its other copies.
fn duplicates(report: &Report, links: &Links, out: &mut String) {
    if report.duplicates.groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Near-duplicates\n\n{}\n",
        duplicates_sentence(report)
    );
    out.push_str("| Kept copy | Other copies | Least similarity |\n|---|---|---:|\n");
    let rows = report.duplicate_rows(|id, doc| match doc {
        Some(doc) => linked(&escape_cell(&doc.title), links, &doc.path),
        None => escape_cell(id),
    });
    for (kept, others, least_similarity) in rows {
        let _ = writeln!(out, "| {kept} | {others} | {least_similarity:.2} |");
    }
    out.push('\n');
}

/// `3 groups of near-duplicates … hold 7 documents; …`
pub(super) fn duplicates_sentence(report: &Report) -> String {
    let d = &report.duplicates;
    let members: usize = d.groups.iter().map(|g| g.members.len()).sum();
    let sentence = format!(
        "{} of near-duplicates (the same story syndicated, edited or cut short) hold {}: each \
         group counts once in the topics, as its kept copy (the longest), and the other \
         copies are listed in the kept copy's topic.",
        plural(d.groups.len(), "group"),
        plural(members, "document"),
    );
    match d.groups_found {
        Some(found) => format!(
            "{} groups were found; the {} largest are listed (`sintesi duplicates` lists \
             all). Of those, {}",
            thousands(found),
            thousands(d.groups.len()),
            sentence.replacen(&plural(d.groups.len(), "group"), "the groups", 1)
        ),
        None => sentence,
    }
}

/// The input notes: skipped and recoded files, renamed ids, boilerplate removed.
fn notes(report: &Report, out: &mut String) {
    let c = &report.corpus;
    let notes = input_notes(c, code_span, escape_inline);
    if !notes.is_empty() {
        out.push_str("## Notes on the input\n\n");
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
        out.push('\n');
    }
    if c.boilerplate_lines_removed > 0 {
        let _ = writeln!(out, "*{}*", boilerplate_note(c.boilerplate_lines_removed));
    }
}

/// What both reports say for a document none of whose sentences was complete enough to quote.
pub(super) const NO_SUMMARY: &str = "(no complete sentence to quote)";

/// A document's summary sentences as one paragraph, `None` when there are none: the Markdown
/// and the HTML report show the same text, escaped each their own way.
pub(super) fn summary_paragraph(d: &DocumentReport) -> Option<String> {
    let sentences: Vec<&str> = d.summary.iter().map(|s| s.text.as_str()).collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// One note per skipped file, recoded file and renamed id, in that order: the words of both
/// the Markdown and the HTML report, which differ only in how `code` marks up a path and how
/// `text` escapes the rest.
pub(super) fn input_notes(
    c: &super::CorpusStats,
    code: impl Fn(&str) -> String,
    text: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut notes = Vec::new();
    for s in &c.skipped {
        notes.push(format!("skipped {}: {}", code(&s.path), text(&s.reason)));
    }
    for r in &c.recoded {
        notes.push(format!(
            "read {} as Windows-1252 (it was not valid UTF-8)",
            code(r)
        ));
    }
    for r in &c.renamed_ids {
        notes.push(text(&renamed_note(r)));
    }
    notes
}

/// `3 records have the id x: the later ones are called x#2, x#3.`
fn renamed_note(r: &crate::corpus::RenamedIds) -> String {
    format!(
        "{} records have the id {}: the later ones are called {}.",
        r.renamed.len() + 1,
        r.id,
        r.renamed.join(", ")
    )
}

pub(super) fn boilerplate_note(lines: usize) -> String {
    format!(
        "{} of web boilerplate (bylines, share prompts, copyright notices) were left out.",
        plural(lines, "line")
    )
}

/// `Italian` or `Italian 3, English 2`.
pub(super) fn languages(report: &Report) -> String {
    let c = &report.corpus;
    if c.languages.len() == 1 {
        return c
            .languages
            .keys()
            .map(|l| escape_inline(&language_name(l)))
            .collect();
    }
    let languages: Vec<String> = c
        .languages
        .iter()
        .map(|(l, n)| format!("{} {n}", escape_inline(&language_name(l))))
        .collect();
    languages.join(", ")
}

/// `80%`.
pub(super) fn share(part: usize, whole: usize) -> String {
    format!("{:.0}%", 100.0 * part as f64 / whole.max(1) as f64)
}

/// How the topics were found, in one sentence.
pub(super) fn method_sentence(report: &Report) -> String {
    let p = &report.parameters;
    let how_k = if let (Some(tree), true) = (&report.topic_tree, p.k_chosen_automatically) {
        let cut = match p.k_scores.iter().find(|s| s.k == p.k) {
            Some(s) => format!(
                "where the silhouettes of its cuts level off (silhouette {:.3})",
                s.silhouette
            ),
            None => "as asked".to_string(),
        };
        format!(
            "a topic tree: {} fine topics merged bottom-up by Ward's criterion, cut into {} {cut}{}",
            tree.fine_k,
            p.k,
            p.k_note.as_ref().map(|n| format!("; {n}")).unwrap_or_default()
        )
    } else if let Some(note) = &p.k_note {
        format!("k = {}: {note}", p.k)
    } else if p.k_chosen_automatically {
        let best = p
            .k_scores
            .iter()
            .find(|s| s.k == p.k)
            .map(|s| format!(", silhouette {:.3}", s.silhouette));
        format!(
            "k = {} chosen automatically{}",
            p.k,
            best.unwrap_or_default()
        )
    } else {
        format!("k = {} as requested", p.k)
    };
    let space = match p.reduction.explained_variance {
        Some(v) => format!(
            "LSA, {} dimensions keeping {:.0}% of the variance",
            p.reduction.dims,
            100.0 * v
        ),
        None => "unit TF-IDF rows, no LSA".to_string(),
    };
    format!(
        "Topics found with k-means on TF-IDF ({how_k}; seed {}, {} restarts, {space}).",
        p.seed, p.restarts
    )
}

/// `text` (already escaped) as a link to the document at `path`, or plain `text` when the
/// document has no file of its own to open (standard input) or no way to it is known.
fn linked(text: &str, links: &Links, path: &str) -> String {
    match links.url(path) {
        Some(url) => format!("[{text}]({url})"),
        None => text.to_string(),
    }
}

/// How the reports link to the documents' files: always a relative path built here, from
/// the report's folder to the file, never a URL or a scheme taken from the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// From the report's folder to the working directory (`../`), for relative paths.
    to_working_dir: String,
    /// From the report's folder to the root of the file system (`../../`), for absolute
    /// paths; `None` when unknown (absolute paths are then not linked).
    to_root: Option<String>,
}

impl Links {
    /// Relative document paths get `base` in front (`../` for a report in `reports/`);
    /// absolute ones are not linked.
    pub fn relative(base: &str) -> Links {
        Links {
            to_working_dir: base.to_string(),
            to_root: None,
        }
    }

    /// The links of reports written into `dir`, from where `dir` and the working directory
    /// are (symbolic links resolved). No links to absolute paths when either is unknown.
    pub(crate) fn from_folder(dir: &Path) -> Links {
        let (Ok(dir), Ok(cwd)) = (
            std::fs::canonicalize(dir),
            std::env::current_dir().and_then(std::fs::canonicalize),
        ) else {
            return Links::default();
        };
        let down = |c: &Component<'_>| matches!(c, Component::Normal(_));
        let dir: Vec<Component<'_>> = dir.components().collect();
        let cwd: Vec<Component<'_>> = cwd.components().collect();
        let common = dir.iter().zip(&cwd).take_while(|(a, b)| a == b).count();
        let mut to_working_dir = "../".repeat(dir[common..].iter().filter(|c| down(c)).count());
        for c in &cwd[common..] {
            to_working_dir.push_str(&c.as_os_str().to_string_lossy());
            to_working_dir.push('/');
        }
        Links {
            to_working_dir,
            to_root: Some("../".repeat(dir.iter().filter(|c| down(c)).count())),
        }
    }

    /// The URL of the document at `path` (as the report records it), percent-encoded by
    /// [`link`]; `None` for standard input and for an absolute path without a way to the root.
    pub(super) fn url(&self, path: &str) -> Option<String> {
        if path.is_empty() || path == crate::corpus::STDIN {
            return None;
        }
        let url = if Path::new(path).is_absolute() {
            link(self.to_root.as_deref()?, path.trim_start_matches('/'))
        } else {
            link(&self.to_working_dir, path)
        };
        // `javascript:x.jsonl` is a file name here, never a scheme.
        let first = url.split('/').next().unwrap_or_default();
        Some(if first.contains(':') {
            format!("./{url}")
        } else {
            url
        })
    }
}

/// A link destination: `base` + `path`, percent-encoding what would end the link, break the
/// table row or read as markup (spaces, brackets, pipes, `<`, control characters, `%`).
/// Letters of any script are kept as they are, so links stay readable.
fn link(base: &str, path: &str) -> String {
    let mut out = String::with_capacity(base.len() + path.len());
    for c in base.chars().chain(path.chars()) {
        let keep = !c.is_ascii() && !super::printable::is_unsafe(c) && !c.is_whitespace()
            || c.is_ascii_alphanumeric()
            || "-._~/!$&'*+,;=:@".contains(c);
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Inline code that holds any text: one line, and a fence longer than any run of backticks
/// inside it (nothing else is markup in a code span; `<` is an entity all the same, for
/// viewers that sanitise raw HTML before parsing).
fn code_span(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let text = one_line(&words.join(" "))
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

pub(super) fn language_name(code: &str) -> String {
    crate::language::Language::ALL
        .iter()
        .find(|l| l.code() == code)
        .map(|l| {
            let n = l.name();
            n[..1].to_uppercase() + &n[1..]
        })
        .unwrap_or_else(|| code.to_string())
}

pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `12345` → `12,345`.
pub(super) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Text inside a paragraph: one line, control characters escaped, no markup: backslashes
/// doubled first (so none can undo the escapes that follow), brackets escaped (no link can
/// form), `<` as an entity (no HTML, no `<https://…>` autolink), and `://`, `www.` broken up
/// so no viewer turns a URL from the input into a live link.
fn escape_inline(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    one_line(&words.join(" "))
        .replace('\\', "\\\\")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace("://", ":\\/\\/")
        .replace("www.", "www\\.")
}

/// Text inside a table cell: as inline, and pipes escaped.
fn escape_cell(s: &str) -> String {
    escape_inline(s).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_cut_by_undoing_its_last_merges() {
        // Leaves 0..5; node 5 = (0, 1), 6 = (2, 3), 7 = (5, 4), 8 = (7, 6).
        let merges = [[0, 1], [2, 3], [5, 4], [7, 6]];
        let children = |id: usize| id.checked_sub(5).map(|i| merges[i]);
        assert_eq!(cut_below(8, 1, children), vec![8]);
        assert_eq!(cut_below(8, 2, children), vec![7, 6]);
        assert_eq!(cut_below(8, 3, children), vec![5, 4, 6]);
        assert_eq!(cut_below(8, 4, children), vec![5, 4, 2, 3]);
        assert_eq!(cut_below(8, 5, children), vec![0, 1, 4, 2, 3]);
        // No more parts than leaves.
        assert_eq!(cut_below(8, 9, children), vec![0, 1, 4, 2, 3]);
        assert_eq!(cut_below(3, 4, children), vec![3]);
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn titles_cannot_make_links() {
        let title = "[Click here](https://evil.example/phish) www.evil.example";
        let md = linked(&escape_inline(title), &Links::relative("../"), "a.txt");
        assert_eq!(
            md,
            "[\\[Click here\\](https:\\/\\/evil.example/phish) www\\.evil.example](../a.txt)"
        );
        // A backslash of the input cannot undo an escape.
        assert_eq!(escape_inline("\\[x\\](y)"), "\\\\\\[x\\\\\\](y)");
    }

    #[test]
    fn links_are_relative_paths_never_schemes() {
        let links = Links::relative("");
        assert_eq!(
            links.url("javascript:alert(1).jsonl").as_deref(),
            Some("./javascript:alert%281%29.jsonl")
        );
        assert_eq!(links.url("/abs/a.txt"), None, "no way to the root");
        let links = Links {
            to_working_dir: "../".into(),
            to_root: Some("../../".into()),
        };
        assert_eq!(links.url("/abs/a.txt").as_deref(), Some("../../abs/a.txt"));
        assert_eq!(
            links.url("corpus/a.txt").as_deref(),
            Some("../corpus/a.txt")
        );
        assert_eq!(links.url("-"), None);
    }

    #[test]
    fn links_survive_any_file_name() {
        assert_eq!(link("../", "a b/(c)|d.txt"), "../a%20b/%28c%29%7Cd.txt");
        assert_eq!(link("", "x\n## y<z>%.md"), "x%0A%23%23%20y%3Cz%3E%25.md");
        assert_eq!(link("", "città/日本.txt"), "città/日本.txt");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("a.txt"), "`a.txt`");
        assert_eq!(code_span("a`b``.txt"), "``` a`b``.txt ```");
    }

    #[test]
    fn escapes_table_cells() {
        assert_eq!(escape_cell("a | b\nc"), "a \\| b c");
    }
}
