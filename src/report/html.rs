//! The HTML writer: the Markdown report's content as one self-contained page — CSS and the SVG
//! charts inline, no script, nothing fetched from the network — that reads on a phone (fluid
//! layout, tables that scroll sideways) and prints cleanly (`@media print`: no shadows, no
//! page breaks inside a quote or a chart, links shown as plain text).

use std::fmt::Write;

use super::charts::{charts, topic_colour_hex, topic_terms_panel, Chart};
use super::markdown::{
    boilerplate_note, input_notes, languages, method_sentence, plural, share, summary_paragraph,
    thousands, Links, NO_SUMMARY,
};
use super::printable::visible;
use super::{generated_mark, ClusterReport, DocumentReport, Report};
use crate::error::Result;

const STYLE: &str = r#"
:root { --ink: #222; --muted: #5f6368; --line: #e0e0e0; --paper: #fff; --tint: #f6f7f9; --accent: #0072b2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--tint); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
section, header.report { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 1.25rem 1.5rem; margin: 0 0 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .6rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 0 0 .8rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
code { font: .92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--tint);
  padding: .05em .3em; border-radius: 4px; }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
.figures { display: flex; flex-wrap: wrap; gap: .5rem; margin: .8rem 0; padding: 0; list-style: none; }
.figures li { background: var(--tint); border-radius: 8px; padding: .45rem .75rem; }
.figures b { font-size: 1.15rem; }
.muted { color: var(--muted); font-size: .92rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .4em;
  vertical-align: baseline; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar { height: .5rem; border-radius: 3px; min-width: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; height: auto; }
figure.map svg, figure.sizes svg, figure.tree svg { max-width: 46rem; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .88rem; margin-top: .3rem; }
.charts { display: grid; grid-template-columns: 1fr; gap: 1.5rem; }
.topic h2 { display: flex; align-items: baseline; flex-wrap: wrap; gap: .2rem .5rem; }
.topic h2 .count { font-size: .9rem; font-weight: normal; color: var(--muted); }
.topic-body { display: grid; grid-template-columns: 1fr; gap: 0 1.5rem; }
.topic-body figure { margin: 0 0 .5rem; max-width: 30rem; }
@media (min-width: 900px) {
  .topic-body { grid-template-columns: minmax(0, 1fr) 24rem; }
  .topic-body figure { grid-column: 2; grid-row: 1; }
}
blockquote { margin: .8rem 0; padding: .6rem 1rem; border-left: 4px solid var(--topic, var(--accent));
  background: var(--tint); border-radius: 0 8px 8px 0; }
blockquote p { margin: 0 0 .35rem; }
blockquote footer { color: var(--muted); font-size: .88rem; }
.documents-of-topic { margin: 0 0 .6rem; padding-left: 1.2rem; }
.summary { border-top: 1px solid var(--line); padding: .8rem 0 .2rem; }
.summary:first-of-type { border-top: none; }
.summary h3 { margin: 0 0 .3rem; }
.summary p { margin: 0 0 .4rem; }
details.subtopics { margin: .8rem 0 .2rem; }
details.subtopics > summary { cursor: pointer; font-weight: 600; }
tr.group td { font-weight: 600; border-top: 2px solid #ccc; }
.keywords { color: var(--muted); font-size: .9rem; }
footer.report { color: var(--muted); font-size: .85rem; text-align: center; }
@media (max-width: 640px) {
  body { font-size: 15px; }
  main { padding: .6rem .5rem 2rem; }
  section, header.report { padding: 1rem .9rem; border-radius: 8px; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; }
  th, td { padding: .4rem .4rem; }
  .hide-narrow { display: none; }
  /* The topics table above shows the same sizes, with bars, at a legible size. */
  figure.sizes { display: none; }
}
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section, header.report { border: none; padding: 0; margin: 0 0 1.2rem; }
  a { color: inherit; text-decoration: none; }
  blockquote, figure, tr, .summary { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .topic { break-before: auto; }
  .table-wrap { overflow: visible; }
  figure svg { max-height: 16cm; }
}
"#;

/// Renders the report as one HTML page, with document links built by `links` as for Markdown.
///
/// # Errors
/// [`crate::Error::Render`] if a chart cannot be drawn.
pub(crate) fn to_html(report: &Report, links: &Links) -> Result<String> {
    let charts = charts(report)?;
    let chart = |file: &str| charts.iter().find(|c| c.file == file);
    let c = &report.corpus;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n{}\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"sintesi {}\">\n<title>What {} is about · sintesi</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>",
        generated_mark(&report.generator.version),
        esc(&report.generator.version),
        esc(&c.input)
    );

    let _ =
        writeln!(
        out,
        "<header class=\"report\">\n<h1>What <code>{}</code> is about</h1>\n<ul class=\"figures\">\
         <li><b>{}</b> {}</li><li><b>{}</b> {}</li><li><b>{}</b> sentences</li>\
         <li><b>{}</b> index tokens</li><li><b>{}</b> distinct terms</li><li>{}</li></ul>\n\
         <p class=\"muted\">{}</p>\n</header>",
        esc(&c.input),
        thousands(c.documents),
        if c.documents == 1 { "document" } else { "documents" },
        report.clusters.len(),
        if report.clusters.len() == 1 {
            "topic"
        } else {
            "topics"
        },
        thousands(c.sentences),
        thousands(c.tokens),
        thousands(c.terms),
        esc(&languages(report)),
        esc(&method_sentence(report)),
    );

    topics_table(report, &mut out);
    // The terms chart is drawn per topic, in each topic's section, where it reflows.
    out.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n");
    for (file, class) in [
        (super::charts::TOPIC_SIZES, "sizes"),
        (super::charts::DOCUMENT_MAP, "map"),
        (super::charts::TOPIC_TREE, "tree"),
    ] {
        if let Some(chart) = chart(file) {
            figure(chart, class, report, &mut out);
        }
    }
    out.push_str("</div>\n</section>\n");

    let by_id = report.documents_by_id();
    for (i, cl) in report.clusters.iter().enumerate() {
        let colour = topic_colour_hex(cl.id);
        let _ = writeln!(
            out,
            "<section class=\"topic\" id=\"topic-{n}\" style=\"--topic: {colour}\">\n\
             <h2><span><span class=\"swatch\" style=\"background: {colour}\"></span>Topic {n}: {}</span>\
             <span class=\"count\">{} · {} of the documents</span></h2>",
            esc(&cl.label),
            plural(cl.size, "document"),
            share(cl.size, report.duplicates.counted),
            n = cl.id + 1,
        );
        let panel = topic_terms_panel(report, i)?;
        let _ = writeln!(
            out,
            "<div class=\"topic-body\"><figure class=\"terms\">\n{}</figure>\n<div>\n<h3>{}</h3>\n<ul class=\"documents-of-topic\">",
            without_mark(&panel),
            if report.documents_file.is_some() {
                "Most central documents"
            } else if cl.size == 1 {
                "Document"
            } else {
                "Documents"
            }
        );
        for d in cl
            .documents
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
        {
            let _ = writeln!(out, "<li>{}</li>", linked_title(d, links));
        }
        out.push_str("</ul>\n</div>\n</div>\n");
        if !cl.phrases.is_empty() {
            let phrases: Vec<&str> = cl.phrases.iter().map(|p| p.term.as_str()).collect();
            let _ = writeln!(
                out,
                "<p class=\"phrases\"><b>Key phrases:</b> {}</p>",
                esc(&phrases.join(", "))
            );
        }
        if !cl.key_sentences.is_empty() {
            out.push_str("<h3>Key sentences</h3>\n");
        }
        for ks in &cl.key_sentences {
            let source = by_id
                .get(ks.document.as_str())
                .copied()
                .map_or_else(|| esc(&ks.document), |d| linked_title(d, links));
            let _ = writeln!(
                out,
                "<blockquote><p>{}</p><footer>— {source}, sentence {}</footer></blockquote>",
                esc(&ks.text),
                ks.sentence + 1
            );
        }
        subtopics(report, cl, &mut out);
        out.push_str("</section>\n");
    }

    duplicates(report, links, &mut out);
    documents(report, links, &mut out);
    notes(report, &mut out);
    let _ = writeln!(
        out,
        "<footer class=\"report\">Written by sintesi {} · seed {} · \
         the JSON report holds every figure on this page.</footer>\n</main>\n</body>\n</html>",
        esc(&report.generator.version),
        report.parameters.seed
    );
    Ok(out)
}

/// The fine topics of the topic tree under `cl`, folded: a reader opens them to go down a level.
fn subtopics(report: &Report, cl: &ClusterReport, out: &mut String) {
    if cl.children.len() < 2 {
        return;
    }
    let rows = super::markdown::subtopic_rows(report, cl);
    let _ = writeln!(
        out,
        "<details class=\"subtopics\"><summary>{}</summary>\n<div class=\"table-wrap\"><table>\n\
         <thead><tr><th>Sub-topic</th><th class=\"num\">Documents</th><th class=\"hide-narrow\">Top terms</th>\
         <th>Key sentence</th></tr></thead>\n<tbody>",
        esc(&super::markdown::subtopics_heading(cl, &rows))
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<tr{}><td>{} {}</td><td class=\"num\">{}</td><td class=\"hide-narrow\">{}</td><td>{}</td></tr>",
            if row.group { " class=\"group\"" } else { "" },
            row.number,
            esc(row.label),
            row.size,
            esc(&row.terms),
            esc(row.key_sentence)
        );
    }
    out.push_str("</tbody></table></div>\n</details>\n");
}

fn topics_table(report: &Report, out: &mut String) {
    let max = report
        .clusters
        .iter()
        .map(|c| c.size)
        .max()
        .unwrap_or(1)
        .max(1);
    out.push_str(
        "<section id=\"topics\">\n<h2>Topics at a glance</h2>\n<div class=\"table-wrap\"><table>\n\
         <thead><tr><th class=\"num\">#</th><th>Topic</th><th class=\"num\">Documents</th>\
         <th class=\"num\">Share</th><th class=\"hide-narrow\">Top terms</th></tr></thead>\n<tbody>\n",
    );
    for cl in &report.clusters {
        let colour = topic_colour_hex(cl.id);
        let terms: Vec<&str> = cl.terms.iter().take(6).map(|t| t.term.as_str()).collect();
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{n}</td><td><span class=\"swatch\" style=\"background: {colour}\"></span>\
             <a href=\"#topic-{n}\">{}</a><div class=\"bar\" style=\"background: {colour}; width: {:.1}%\"></div></td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"hide-narrow\">{}</td></tr>",
            esc(&cl.label),
            100.0 * cl.size as f64 / max as f64,
            cl.size,
            share(cl.size, report.duplicates.counted),
            esc(&terms.join(", ")),
            n = cl.id + 1,
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn figure(chart: &Chart, class: &str, report: &Report, out: &mut String) {
    let caption = match chart.file {
        super::charts::DOCUMENT_MAP => format!(
            "Documents that use similar words lie close together: {}.",
            report.parameters.map
        ),
        _ => chart.alt.clone(),
    };
    let _ = writeln!(
        out,
        "<figure class=\"{class}\">\n{}<figcaption>{}</figcaption>\n</figure>",
        without_mark(&chart.svg),
        esc(&caption)
    );
}

/// An SVG without its first line, the generator mark (the page has its own).
fn without_mark(svg: &str) -> &str {
    svg.split_once('\n').map_or(svg, |(_, rest)| rest)
}

fn documents(report: &Report, links: &Links, out: &mut String) {
    if let Some(file) = &report.documents_file {
        let _ = writeln!(
            out,
            "<section id=\"documents\">\n<h2>Documents</h2>\n<p>The {} documents' records (title, \
             topic, keywords, key phrases, summary, place on the map) are in <a href=\"{}\"><code>{}</code></a>, \
             one JSON object per line.</p>\n</section>",
            thousands(report.corpus.documents),
            esc(file),
            esc(file)
        );
        return;
    }
    out.push_str(
        "<section id=\"documents\">\n<h2>Documents</h2>\n<div class=\"table-wrap\"><table>\n\
         <thead><tr><th>Document</th><th class=\"hide-narrow\">Language</th><th class=\"num\">Topic</th>\
         <th class=\"num hide-narrow\">Tokens</th></tr></thead>\n<tbody>\n",
    );
    for d in &report.documents {
        let colour = topic_colour_hex(d.cluster);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"hide-narrow\">{}</td><td class=\"num\">\
             <span class=\"swatch\" style=\"background: {colour}\"></span>{}</td>\
             <td class=\"num hide-narrow\">{}</td></tr>",
            linked_title(d, links),
            esc(&d.language),
            d.cluster + 1,
            thousands(d.tokens),
        );
    }
    out.push_str("</tbody></table></div>\n<h2>Summaries and keywords</h2>\n");
    for d in &report.documents {
        let text =
            summary_paragraph(d).map_or_else(|| format!("<em>{NO_SUMMARY}</em>"), |s| esc(&s));
        let _ = writeln!(
            out,
            "<article class=\"summary\"><h3>{}</h3><p>{text}</p>\
             <p class=\"keywords\">Topic {} · keywords: {}{}</p></article>",
            linked_title(d, links),
            d.cluster + 1,
            esc(&d.keywords.join(", ")),
            if d.phrases.is_empty() {
                String::new()
            } else {
                format!(" · phrases: {}", esc(&d.phrases.join(", ")))
            },
        );
    }
    out.push_str("</section>\n");
}

fn notes(report: &Report, out: &mut String) {
    let c = &report.corpus;
    if c.skipped.is_empty()
        && c.recoded.is_empty()
        && c.renamed_ids.is_empty()
        && c.boilerplate_lines_removed == 0
    {
        return;
    }
    out.push_str("<section id=\"notes\">\n<h2>Notes on the input</h2>\n<ul>\n");
    let code = |s: &str| format!("<code>{}</code>", esc(s));
    for note in input_notes(c, code, esc) {
        let _ = writeln!(out, "<li>{note}</li>");
    }
    if c.boilerplate_lines_removed > 0 {
        let _ = writeln!(
            out,
            "<li>{}</li>",
            esc(&boilerplate_note(c.boilerplate_lines_removed))
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// The groups of near-duplicates, when there are any: each kept copy with its other copies.
fn duplicates(report: &Report, links: &Links, out: &mut String) {
    if report.duplicates.groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"duplicates\">\n<h2>Near-duplicates</h2>\n<p>{}</p>\n\
         <div class=\"table-wrap\"><table>\n<thead><tr><th>Kept copy</th><th>Other copies</th>\
         <th class=\"num\">Least similarity</th></tr></thead>\n<tbody>",
        esc(&super::markdown::duplicates_sentence(report))
    );
    let rows = report.duplicate_rows(|id, doc| match doc {
        Some(doc) => linked_title(doc, links),
        None => esc(id),
    });
    for (kept, others, least_similarity) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{kept}</td><td>{others}</td><td class=\"num\">{least_similarity:.2}</td></tr>"
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn linked_title(d: &DocumentReport, links: &Links) -> String {
    match links.url(&d.path) {
        Some(url) => format!("<a href=\"{}\">{}</a>", esc(&url), esc(&d.title)),
        None => esc(&d.title),
    }
}

/// Text for HTML element content and attribute values; control characters written as
/// visible escapes ([`visible`]).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in visible(s).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
