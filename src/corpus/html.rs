//! HTML pages to plain text: the article's words with its paragraph breaks, without markup,
//! scripts, styles or the page's navigation.
//!
//! What is kept: when the page has `<article>` elements, their text (the article itself, not
//! the site around it); else the `<main>` element; else the whole `<body>`. What is dropped
//! everywhere: `script`, `style`, `noscript`, `template`, `svg`, forms and buttons, `nav`,
//! `aside`, anything marked `hidden` or `aria-hidden="true"` or with a navigation/banner/
//! footer role, and `header`/`footer` elements of the page (those inside an article, which
//! usually hold its headline, are kept). Block elements (`p`, `div`, headings, list items,
//! table rows…) end a paragraph; `<br>` ends a line; whitespace inside a paragraph collapses to
//! one space except in `<pre>`. The page's title is the first `<h1>` of the kept part, else
//! `<title>`.
//!
//! The tree is walked with an explicit traversal, never recursion, so deeply nested pages
//! cannot overflow the stack; and elements nested deeper than [`MAX_DEPTH`] are flattened
//! before parsing ([`limit_nesting`]), because the HTML parser checks the stack of open
//! elements for every tag, which makes a page of 150,000 unclosed `<div>`s quadratic (a
//! minute for 750 KB). Browsers cap nesting the same way (Blink at 512). Boilerplate inside
//! the article (share prompts, bylines) is left to [`super::clean`].

use std::borrow::Cow;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// A page's text and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The first `<h1>` of the kept part, else the page's `<title>`; `None` without either.
    pub title: Option<String>,
    /// The article's words, a blank line between paragraphs (block elements end one).
    pub text: String,
}

/// Elements whose whole subtree never holds article text.
const DROPPED: [&str; 16] = [
    "script", "style", "noscript", "template", "svg", "math", "form", "button", "select",
    "textarea", "nav", "aside", "iframe", "object", "canvas", "head",
];

/// Roles of navigation and page furniture (ARIA landmarks).
const DROPPED_ROLES: [&str; 5] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
];

/// Elements that end a paragraph.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
    "center",
];

/// Extracts the text and title of an HTML page (any HTML, however broken: the parser
/// recovers as browsers do).
pub fn to_text(html: &str) -> Page {
    let doc = Html::parse_document(&limit_nesting(html, MAX_DEPTH));
    let roots = content_roots(&doc);
    let mut out = Writer::default();
    for root in &roots {
        walk(*root, &mut out);
        out.paragraph();
    }
    let title = roots
        .iter()
        .find_map(|r| first_heading(*r))
        .or_else(|| page_title(&doc));
    // Character references can spell control characters (`&#27;`): text is cleaned as a
    // text file's is.
    Page {
        title: title.map(super::decode::strip_controls),
        text: super::decode::strip_controls(out.finish()),
    }
}

/// Elements are flattened below this depth (see the module documentation).
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements that never hold others (void elements) or whose end tag may be left out and is
/// implied by the next one (`<p>`, `<li>`, `<td>`…): they add no depth, so an old page of
/// unclosed paragraphs is never flattened.
const NOT_NESTING: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "caption",
];

/// Elements whose content is raw text: a `<` inside is not a tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with the start and end tags of elements nested deeper than `max_depth` removed
/// (their text is kept); `html` itself when nothing is that deep. A light scan of the tags
/// (comments, doctype and raw-text elements skipped, quoted attributes respected), not a
/// parse: it only needs to bound the depth the parser sees.
pub fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // html[..copied] is in `out` (once there is one)
    let mut depth = 0usize;
    let mut dropped = 0usize; // start tags dropped and not yet closed
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + lt;
        let rest = &bytes[at..];
        let (end, name, closing) = if rest.starts_with(b"<!--") {
            let close =
                memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |j| at + 4 + j + 3);
            (close, "", false)
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            (tag_end(bytes, at), "", false)
        } else {
            let closing = rest.get(1) == Some(&b'/');
            let start = at + 1 + usize::from(closing);
            let len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if len == 0 || !bytes[start].is_ascii_alphabetic() {
                i = at + 1; // a `<` in text
                continue;
            }
            (tag_end(bytes, at), &html[start..start + len], closing)
        };
        let lower = name.to_ascii_lowercase();
        let raw_text = RAW_TEXT.contains(&lower.as_str());
        let nesting = !name.is_empty() && !raw_text && !NOT_NESTING.contains(&lower.as_str());
        let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
        let mut drop_tag = false;
        if nesting && closing {
            if dropped > 0 {
                dropped -= 1;
                drop_tag = true;
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if nesting && !self_closing {
            if depth >= max_depth {
                dropped += 1;
                drop_tag = true;
            } else {
                depth += 1;
            }
        }
        // The content of a raw-text element is not markup: go on at its end tag.
        let next = if raw_text && !closing {
            find_end_tag(bytes, end, lower.as_bytes())
        } else {
            end
        };
        if drop_tag {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..at]);
            copied = end;
        }
        i = next.max(at + 1).min(bytes.len());
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// Where the end tag `</name` (any case) starts at or after `from`, or the end of the text.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(j) = memchr::memmem::find(&bytes[i..], b"</") {
        let at = i + j;
        let candidate = &bytes[at + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
            return at;
        }
        i = at + 2;
    }
    bytes.len()
}

/// The index just past the `>` that ends the tag starting at `at` (quoted attribute values
/// may hold `>`), or the end of the text.
fn tag_end(bytes: &[u8], at: usize) -> usize {
    let mut quote = None;
    for (j, &b) in bytes[at + 1..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return at + 1 + j + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The parts of the page that hold the article: every outermost `<article>`, else `<main>`,
/// else the root element.
fn content_roots(doc: &Html) -> Vec<ElementRef<'_>> {
    let named = |name: &str| -> Vec<ElementRef<'_>> {
        doc.root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == name && !is_dropped(*e))
            .filter(|e| {
                !e.ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| a.value().name() == name)
            })
            .collect()
    };
    let articles = named("article");
    if !articles.is_empty() {
        return articles;
    }
    let main = named("main");
    if !main.is_empty() {
        return main;
    }
    vec![doc.root_element()]
}

fn is_dropped(e: ElementRef<'_>) -> bool {
    let el = e.value();
    let name = el.name();
    if DROPPED.contains(&name)
        || el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el
            .attr("role")
            .is_some_and(|r| DROPPED_ROLES.contains(&r.trim()))
    {
        return true;
    }
    (name == "header" || name == "footer")
        && !e.ancestors().filter_map(ElementRef::wrap).any(|a| {
            let n = a.value().name();
            n == "article" || n == "main"
        })
}

/// Appends the text under `root` to `out`, skipping dropped subtrees.
fn walk(root: ElementRef<'_>, out: &mut Writer) {
    let mut skipping = 0usize; // depth inside a dropped subtree
    let mut preformatted = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(e) = ElementRef::wrap(node) {
                    if skipping > 0 || is_dropped(e) {
                        skipping += 1;
                        continue;
                    }
                    let name = e.value().name();
                    if name == "br" {
                        out.line();
                    } else if BLOCKS.contains(&name) {
                        out.paragraph();
                    }
                    if name == "pre" {
                        preformatted += 1;
                    }
                } else if let Node::Text(text) = node.value() {
                    if skipping == 0 {
                        out.text(&text[..], preformatted > 0);
                    }
                }
            }
            Edge::Close(node) => {
                if let Some(e) = ElementRef::wrap(node) {
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    let name = e.value().name();
                    if BLOCKS.contains(&name) {
                        out.paragraph();
                    } else if matches!(name, "td" | "th") {
                        out.text(" ", false);
                    }
                    if name == "pre" {
                        preformatted = preformatted.saturating_sub(1);
                    }
                }
            }
        }
    }
}

fn first_heading(root: ElementRef<'_>) -> Option<String> {
    root.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "h1")
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn page_title(doc: &Html) -> Option<String> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
        .map(|e| collapse(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accumulates text with at most one pending break between runs of words.
#[derive(Default)]
struct Writer {
    out: String,
    /// 0: none, 1: line break, 2: paragraph break, owed before the next word.
    pending: u8,
    /// The last character written was whitespace (or nothing has been written on the line).
    after_space: bool,
}

impl Writer {
    fn paragraph(&mut self) {
        self.pending = 2;
    }

    fn line(&mut self) {
        self.pending = self.pending.max(1);
    }

    fn text(&mut self, text: &str, preformatted: bool) {
        if preformatted {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.line();
                }
                self.words(line);
            }
        } else {
            self.words(text);
        }
    }

    fn words(&mut self, text: &str) {
        let starts_with_space = text.starts_with(char::is_whitespace);
        let ends_with_space = text.ends_with(char::is_whitespace);
        let mut first = true;
        for word in text.split_whitespace() {
            if self.pending > 0 && !self.out.is_empty() {
                self.out
                    .push_str(if self.pending == 2 { "\n\n" } else { "\n" });
                self.after_space = true;
            } else if !self.after_space && (!first || starts_with_space) {
                self.out.push(' ');
            }
            self.pending = 0;
            self.out.push_str(word);
            self.after_space = false;
            first = false;
        }
        if first && starts_with_space || ends_with_space && !first {
            // Whitespace between inline elements separates words (`<b>a</b> <i>b</i>`).
            if self.pending == 0 && !self.out.is_empty() && !self.after_space {
                self.out.push(' ');
                self.after_space = true;
            }
        }
    }

    fn finish(self) -> String {
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        let mut text = lines.join("\n");
        text.truncate(text.trim_end().len());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_the_page_around_it() {
        let page = to_text(
            r#"<!doctype html><html><head><title>Porto | Il Giornale</title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><header><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav></header>
            <article><header><h1>Il porto di Genova cresce</h1><p>di Mario Rossi</p></header>
            <p>Le navi portano <b>container</b> e <i>merci</i>.</p>
            <p>Il traffico aumenta<br>ogni anno.</p>
            <aside>Leggi anche: altro</aside></article>
            <footer>© 2024 Il Giornale</footer></body></html>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Il porto di Genova cresce"));
        assert_eq!(
            page.text,
            "Il porto di Genova cresce\n\ndi Mario Rossi\n\nLe navi portano container e merci.\n\nIl traffico aumenta\nogni anno."
        );
    }

    #[test]
    fn without_article_reads_the_body_less_navigation() {
        let page = to_text(
            "<html><head><title> Notizie </title></head><body>\
             <div role=\"navigation\">Menu</div><div>Primo paragrafo.</div>\
             <div hidden>nascosto</div><ul><li>uno</li><li>due</li></ul>\
             <footer>Contatti</footer></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Notizie"));
        assert_eq!(page.text, "Primo paragrafo.\n\nuno\n\ndue");
    }

    #[test]
    fn flattens_only_what_is_too_deep() {
        let html = "<div><div><p>a<div>b</div></div></div>";
        assert!(matches!(limit_nesting(html, 3), Cow::Borrowed(_)));
        assert_eq!(limit_nesting(html, 2), "<div><div><p>ab</div></div>");
        let script =
            "<div><script>if (a <b) {}</script><!-- <div> --><div title=\"a>b\">x</div></div>";
        assert_eq!(
            limit_nesting(script, 1),
            "<div><script>if (a <b) {}</script><!-- <div> -->x</div>"
        );
        let paragraphs = "<p>uno".repeat(1000);
        assert!(matches!(limit_nesting(&paragraphs, 10), Cow::Borrowed(_)));
    }

    #[test]
    fn character_references_cannot_spell_control_characters() {
        let page = to_text("<title>T&#27;]0;x&#7;</title><p>a&#x202E;b&#27;[2J</p>");
        assert_eq!(page.title.as_deref(), Some("T]0;x"));
        assert_eq!(page.text, "ab[2J");
    }

    #[test]
    fn keeps_preformatted_lines_and_entities() {
        let page = to_text("<main><pre>a  b\nc</pre><p>caff&egrave; &amp; t&#232;</p></main>");
        assert_eq!(page.text, "a b\nc\n\ncaffè & tè");
        assert_eq!(page.title, None);
    }

    #[test]
    fn survives_deep_nesting_and_broken_markup() {
        let deep = "<div>".repeat(50_000) + "fondo" + &"</div>".repeat(10);
        assert_eq!(to_text(&deep).text, "fondo");
        // Quadratic in the parser without the depth limit: a minute for 150,000.
        let started = std::time::Instant::now();
        let deeper = "<span>".repeat(150_000) + "<p>Il porto cresce.</p>";
        assert_eq!(to_text(&deeper).text, "Il porto cresce.");
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        assert_eq!(to_text("<p>aperto <b>mai chiuso").text, "aperto mai chiuso");
        assert_eq!(to_text("").text, "");
    }
}
