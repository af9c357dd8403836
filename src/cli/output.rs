//! What the binary writes and how: results on stdout (a closed pipe, as in `sintesi … | head`,
//! ends the run quietly), messages on stderr with colour only when stderr is a terminal, never
//! with `NO_COLOR` set (unless `--color always`), and per `--color`.
//!
//! Every write to stdout goes through [`stdout`]: `println!` would panic on a closed pipe.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;

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

/// `sintesi: error: …` on stderr, in bold red where colour is on.
pub fn error(message: &dyn std::fmt::Display) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let _ = writeln!(
        anstream::stderr(),
        "{style}sintesi: error:{style:#} {message}"
    );
}

/// `sintesi: warning: …` on stderr, in yellow where colour is on.
pub fn warning(message: &dyn std::fmt::Display) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let _ = writeln!(
        anstream::stderr(),
        "{style}sintesi: warning:{style:#} {message}"
    );
}
