//! The Markdown writer: a report a person reads top to bottom — overview, topics at a glance,
//! each topic's key sentences quoted with their source, then every document.

use std::fmt::Write;

use super::{Report, MARKDOWN_MARK};

/// Renders the report. `link_base` is prepended to document paths in links (the way from the
/// report's folder back to the input, e.g. `../`).
pub fn to_markdown(report: &Report) -> String {
    to_markdown_with_links(report, "")
}

/// As [`to_markdown`], with links relative to the report's folder.
pub fn to_markdown_with_links(report: &Report, link_base: &str) -> String {
    let mut out = String::new();
    let c = &report.corpus;
    let p = &report.parameters;
    let _ = writeln!(
        out,
        "{MARKDOWN_MARK} {}; edit the options, not this file -->",
        escape_inline(&report.generator.version)
    );
    let _ = writeln!(out, "# What {} is about\n", code_span(&c.input));
    let languages: Vec<String> = c
        .languages
        .iter()
        .map(|(l, n)| format!("{} {n}", escape_inline(&language_name(l))))
        .collect();
    let _ = writeln!(
        out,
        "**{}** in {} · **{} topic{}** · {} sentences · {} index tokens · {} distinct terms\n",
        plural(c.documents, "document"),
        languages.join(", "),
        report.clusters.len(),
        if report.clusters.len() == 1 { "" } else { "s" },
        thousands(c.sentences),
        thousands(c.tokens),
        thousands(c.terms),
    );
    let how_k = if p.k_chosen_automatically {
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
    let _ = writeln!(
        out,
        "Topics found with k-means on TF-IDF ({how_k}; seed {}, {} restarts, {}).\n",
        p.seed,
        p.restarts,
        escape_inline(&p.reduction)
    );

    out.push_str("## Topics at a glance\n\n| # | Topic | Documents | Share | Top terms |\n|---:|---|---:|---:|---|\n");
    for cl in &report.clusters {
        let terms: Vec<&str> = cl.terms.iter().take(6).map(|t| t.term.as_str()).collect();
        let _ = writeln!(
            out,
            "| {} | [{}](#topic-{}) | {} | {:.0}% | {} |",
            cl.id + 1,
            escape_cell(&cl.label),
            cl.id + 1,
            cl.size,
            100.0 * cl.size as f64 / c.documents.max(1) as f64,
            escape_cell(&terms.join(", "))
        );
    }
    out.push('\n');

    let title_of = |id: &str| report.documents.iter().find(|d| d.id == id);
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
        let docs: Vec<String> = cl
            .documents
            .iter()
            .filter_map(|id| title_of(id))
            .map(|d| {
                format!(
                    "[{}]({})",
                    link_text(&escape_inline(&d.title)),
                    link(link_base, &d.path)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "**{}:** {}\n",
            if docs.len() == 1 {
                "Document"
            } else {
                "Documents"
            },
            docs.join(" · ")
        );
        if !cl.key_sentences.is_empty() {
            out.push_str("**Key sentences**\n\n");
            for ks in &cl.key_sentences {
                let source =
                    title_of(&ks.document).map_or(ks.document.clone(), |d| d.title.clone());
                let _ = writeln!(
                    out,
                    "> {}\n>\n> — *{}*, sentence {}\n",
                    escape_inline(&ks.text),
                    escape_inline(&source),
                    ks.sentence + 1
                );
            }
        }
    }

    out.push_str("## Documents\n\n| Document | Language | Topic | Tokens | Keywords |\n|---|---|---:|---:|---|\n");
    for d in &report.documents {
        let _ = writeln!(
            out,
            "| [{}]({}) | {} | {} | {} | {} |",
            link_text(&escape_cell(&d.title)),
            link(link_base, &d.path),
            escape_cell(&d.language),
            d.cluster + 1,
            thousands(d.tokens),
            escape_cell(&d.keywords.join(", "))
        );
    }
    out.push_str("\n### Summaries\n\n");
    for d in &report.documents {
        let summary: Vec<&str> = d.summary.iter().map(|s| s.text.as_str()).collect();
        let text = if summary.is_empty() {
            "*(no complete sentence to quote)*".to_string()
        } else {
            escape_inline(&summary.join(" "))
        };
        let _ = writeln!(out, "**{}** — {}\n", escape_inline(&d.title), text);
    }

    if !c.skipped.is_empty() || !c.recoded.is_empty() {
        out.push_str("## Notes on the input\n\n");
        for s in &c.skipped {
            let _ = writeln!(
                out,
                "- skipped {}: {}",
                code_span(&s.path),
                escape_inline(&s.reason)
            );
        }
        for r in &c.recoded {
            let _ = writeln!(
                out,
                "- read {} as Windows-1252 (it was not valid UTF-8)",
                code_span(r)
            );
        }
        out.push('\n');
    }
    if c.boilerplate_lines_removed > 0 {
        let _ = writeln!(out, "*{} lines of web boilerplate (bylines, share prompts, copyright notices) were left out.*", c.boilerplate_lines_removed);
    }
    out
}

/// A link destination: `base` + `path`, percent-encoding what would end the link, break the
/// table row or read as markup (spaces, brackets, pipes, `<`, control characters, `%`).
/// Letters of any script are kept as they are, so links stay readable.
fn link(base: &str, path: &str) -> String {
    let mut out = String::with_capacity(base.len() + path.len());
    for c in base.chars().chain(path.chars()) {
        let keep = !c.is_ascii() && !c.is_control() && !c.is_whitespace()
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

/// Text between `[` and `]` of a link: brackets escaped so they cannot end it early.
fn link_text(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

/// Inline code that holds any text: a fence longer than any run of backticks inside it.
fn code_span(s: &str) -> String {
    let text = escape_inline(s);
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

fn language_name(code: &str) -> String {
    crate::language::Language::ALL
        .iter()
        .find(|l| l.code() == code)
        .map(|l| {
            let n = l.name();
            n[..1].to_uppercase() + &n[1..]
        })
        .unwrap_or_else(|| code.to_string())
}

fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Text inside a paragraph: no line breaks, no accidental markup at line start.
fn escape_inline(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text inside a table cell: as inline, and pipes escaped.
fn escape_cell(s: &str) -> String {
    escape_inline(s).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
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
