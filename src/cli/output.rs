//! What the binary writes and how: results on stdout (a closed pipe, as in `sintesi … | head`,
//! ends the run quietly), messages on stderr with colour only when stderr is a terminal, never
//! with `NO_COLOR` set (unless `--color always`), and per `--color`.
//!
//! Every write to stdout goes through [`stdout`]: `println!` would panic on a closed pipe.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use sintesi::report::printable::{json_safe, one_line, visible};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColourArg {
    #[default]
    Auto,
    Always,
    Never,
}

/// Applies `--color` to everything written through anstream (ours and clap's).
pub fn set_colour(choice: ColourArg) {
    anstream::ColorChoice::write_global(match choice {
        ColourArg::Auto => anstream::ColorChoice::Auto,
        ColourArg::Always => anstream::ColorChoice::Always,
        ColourArg::Never => anstream::ColorChoice::Never,
    });
}

/// Whether messages on stderr are coloured.
pub fn colour_on_stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Writes `text` to stdout. A closed pipe comes back as an I/O error that [`is_broken_pipe`]
/// recognises, so the caller can stop quietly.
pub fn stdout(text: &str) -> Result<(), sintesi::Error> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| sintesi::Error::Io {
            path: "<stdout>".into(),
            source,
        })
}

/// The reader of our stdout went away (`| head`): not a failure worth a message.
pub fn is_broken_pipe(err: &sintesi::Error) -> bool {
    matches!(err, sintesi::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Parameters as the command line names them: the library's messages name them by field
/// (`` `min_df` ``), the user typed an option (`--min-df`). Only the names below are
/// replaced, and only in backticks, so text from the input is left as it is.
fn as_options(message: &str) -> String {
    const PARAMETERS: &[&str] = &[
        "dims",
        "force",
        "hashing",
        "headline_weight",
        "input_format",
        "k",
        "max_df",
        "max_features",
        "max_file_size",
        "max_k",
        "max_memory",
        "min_df",
        "mmr_lambda",
        "ngram_range",
        "position_prior",
        "ratio",
        "restarts",
        "sentences",
        "shingle_words",
        "text_field",
        "threshold",
        "topics",
        "vocabulary",
    ];
    let mut out = message.to_string();
    for name in PARAMETERS {
        let quoted = format!("`{name}`");
        if out.contains(&quoted) {
            out = out.replace(&quoted, &format!("--{}", name.replace('_', "-")));
        }
    }
    out
}

/// `sintesi: error: …` on stderr, in bold red where colour is on; always one line, control
/// characters from file names and data escaped, parameters named as options.
pub fn error(err: &sintesi::Error) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let message = as_options(&err.to_string());
    let _ = writeln!(
        anstream::stderr(),
        "{style}sintesi: error:{style:#} {}",
        one_line(&message)
    );
}

/// `sintesi: warning: …` on stderr, in yellow where colour is on; one line, as [`error`].
pub fn warning(message: &dyn std::fmt::Display) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let message = message.to_string();
    let _ = writeln!(
        anstream::stderr(),
        "{style}sintesi: warning:{style:#} {}",
        one_line(&message)
    );
}

/// Text from the input (file names, ids, titles, labels) made safe for a terminal: line
/// breaks and tabs kept, other control characters and bidi overrides escaped.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    visible(text)
}

/// One JSON value on stdout, with the characters JSON writers leave raw escaped.
pub fn stdout_json(value: &impl serde::Serialize) -> Result<(), sintesi::Error> {
    let text = serde_json::to_string(value).unwrap_or_default();
    stdout(&format!("{}\n", json_safe(text)))
}

/// The `--json` switch of the commands that print a result: `value` as pretty JSON (with the
/// characters JSON writers leave raw escaped), else the text `text` renders; a reader that
/// goes away early is not an error.
pub fn json_or_text(
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> Result<(), sintesi::Error> {
    let out = if json {
        let mut s = serde_json::to_string_pretty(value)
            .map_err(|e| sintesi::Error::Internal(format!("cannot encode JSON: {e}")))?;
        s.push('\n');
        json_safe(s)
    } else {
        text()
    };
    super::summarise::print_quietly(&out)
}

/// `text` on one line with control characters escaped, for messages built outside [`error`].
pub fn one_line_of(text: &str) -> std::borrow::Cow<'_, str> {
    one_line(text)
}
