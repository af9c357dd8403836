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
//! cannot overflow the stack. Boilerplate inside the article (share prompts, bylines) is left
//! to [`super::clean`].

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// A page's text and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
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
    let doc = Html::parse_document(html);
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
        assert_eq!(to_text("<p>aperto <b>mai chiuso").text, "aperto mai chiuso");
        assert_eq!(to_text("").text, "");
    }
}
