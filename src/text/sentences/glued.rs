//! Glued headings (Romance languages): a capitalised article after a plain word marks a
//! heading or sentence whose newline and period were lost when the page was scraped.

use super::abbreviations::{self, Glued, Tables};
use super::chars::is_all_caps;
use super::Cut;

/// Cuts before a capitalised sentence starter that follows a plain word: `… innovazioni ing
/// Le fasi dell’accordo Il progetto si articola …`. The word after the starter must be lower
/// case (`Il progetto`, not `Il Sole`), the word before must not be an article or preposition
/// (`secondo La Repubblica`), and nothing is cut inside quotes or brackets.
pub(super) fn glued_cuts(
    text: &str,
    region_start: usize,
    tables: &Tables,
    glued: &Glued,
) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut nesting = Nesting::default();
    let mut previous: [&str; 2] = ["", ""];
    let mut tokens = text[region_start..].split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        // Tokens are subslices of `text`, so their offset is the pointer difference.
        let at = token.as_ptr() as usize - text.as_ptr() as usize;
        let next = tokens.peek().copied();
        if nesting.is_closed()
            && starts_glued_sentence(previous, token, next, tables, glued)
            && !abbreviations::NAMES_WITH_ARTICLE
                .iter()
                .any(|name| starts_with_name(&text[at..], name))
        {
            cuts.push(Cut { at, glued: true });
        }
        nesting.update(token);
        previous = [previous[1], token];
    }
    cuts
}

/// `previous` holds the two words before `token`, `next` the one after it.
fn starts_glued_sentence(
    previous: [&str; 2],
    token: &str,
    next: Option<&str>,
    tables: &Tables,
    glued: &Glued,
) -> bool {
    let [before_previous, previous] = previous;
    if !token.starts_with(char::is_uppercase) || !previous.ends_with(char::is_alphabetic) {
        return false;
    }
    // A word in capitals ends a shouted heading (`RISTORANTI E BAR Dal 26 aprile …`).
    let is_previous = |entry: &&str| abbreviations::eq_ignore_case(entry, previous);
    if !is_all_caps(previous)
        && (glued.not_after.iter().any(is_previous) || tables.starters.iter().any(is_previous))
    {
        return false;
    }
    let (word, comma) = match token.strip_suffix(',') {
        Some(word) => (word, true),
        None => (token, false),
    };
    if let Some((head, rest)) = abbreviations::split_elision(word) {
        return glued.elided.contains(&head) && rest.starts_with(char::is_lowercase);
    }
    // A single capitalised word may be a name that goes on: `ospedale Umberto I`, `la Formula
    // Uno`, `Battista Durante, segretario`; after a full name (a byline) a sentence starts.
    let capitalised =
        |word: &str| word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase);
    let after_name = capitalised(previous) && !capitalised(before_previous);
    let starter = tables.starters.contains(&word)
        && (word.chars().nth(1).is_some() || glued.single_letters.contains(&word))
        && !(after_name && glued.name_parts.contains(&word));
    let lower_case_follows = next.is_some_and(|next| {
        let letters = next
            .chars()
            .take_while(|c| c.is_alphabetic())
            .take(2)
            .count();
        next.starts_with(char::is_lowercase) && letters == 2 || next.starts_with(char::is_numeric)
    });
    starter && (comma && !after_name || lower_case_follows)
}

fn starts_with_name(text: &str, name: &str) -> bool {
    text.strip_prefix(name)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Open quotes and brackets, so that titles and quoted speech are left alone.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
    straight_quote_open: bool,
}

impl Nesting {
    fn is_closed(&self) -> bool {
        self.depth == 0 && !self.straight_quote_open
    }

    fn update(&mut self, token: &str) {
        for c in token.chars() {
            match c {
                '«' | '“' | '(' | '[' => self.depth = self.depth.saturating_add(1),
                '»' | '”' | ')' | ']' => self.depth = self.depth.saturating_sub(1),
                '"' => self.straight_quote_open = !self.straight_quote_open,
                _ => {}
            }
        }
    }
}
