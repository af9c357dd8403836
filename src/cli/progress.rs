//! Progress bars on stderr for long runs: only on a terminal, never with `--quiet`, and only
//! when the corpus is large enough for the wait to be noticed (a bar that flashes for a
//! tenth of a second is noise).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Corpora with at least this many documents get progress bars.
const LONG_RUN_DOCUMENTS: u64 = 200;

/// Draws the library's [`sintesi::progress::Progress`] reports with indicatif.
pub struct Bars {
    allowed: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Decided at the first stage, from its size.
    long_run: Option<bool>,
    bar: Option<ProgressBar>,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            allowed: !quiet && std::io::stderr().is_terminal(),
            state: Mutex::new(State::default()),
        }
    }
}

impl sintesi::progress::Progress for Bars {
    fn start(&self, name: &str, total: u64) {
        if !self.allowed {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let long_run = *state.long_run.get_or_insert(total >= LONG_RUN_DOCUMENTS);
        if let Some(bar) = state.bar.take() {
            bar.finish_and_clear();
        }
        if !long_run {
            return;
        }
        let colour = super::output::colour_on_stderr();
        let bar = if total > 0 {
            let template = if colour {
                "{msg:>28} [{bar:30.cyan/blue}] {pos}/{len} ({eta} left)"
            } else {
                "{msg:>28} [{bar:30}] {pos}/{len} ({eta} left)"
            };
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(style)
        } else {
            let template = if colour {
                "{msg:>28} {spinner:.cyan} {elapsed}"
            } else {
                "{msg:>28} {spinner} {elapsed}"
            };
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let bar =
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        };
        bar.set_message(name.to_string());
        state.bar = Some(bar);
    }

    fn advance(&self, n: u64) {
        if let Ok(state) = self.state.lock() {
            if let Some(bar) = &state.bar {
                bar.inc(n);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut state) = self.state.lock() {
            if let Some(bar) = state.bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// A spinner with the bytes of text done and the rate, for `vectorise`, whose input size is
/// not known in advance (compressed or streamed). Drawn only on an interactive stderr, never
/// with `--quiet`, and only once a run has lasted a second: small inputs finish before that.
pub struct ByteBar {
    allowed: bool,
    started: std::time::Instant,
    state: Mutex<(u64, Option<ProgressBar>)>,
}

impl ByteBar {
    pub fn new(quiet: bool) -> ByteBar {
        ByteBar {
            allowed: !quiet && std::io::stderr().is_terminal(),
            started: std::time::Instant::now(),
            state: Mutex::new((0, None)),
        }
    }
}

impl sintesi::progress::Progress for ByteBar {
    fn advance(&self, n: u64) {
        if !self.allowed {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.0 += n;
        if state.1.is_none() && self.started.elapsed() >= Duration::from_secs(1) {
            let style = ProgressStyle::with_template(
                "{msg:>12} {spinner} {bytes} of text ({bytes_per_sec}), {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let bar =
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(style);
            bar.set_message("vectorising");
            bar.enable_steady_tick(Duration::from_millis(120));
            state.1 = Some(bar);
        }
        let done = state.0;
        if let Some(bar) = &state.1 {
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Ok(mut state) = self.state.lock() {
            if let Some(bar) = state.1.take() {
                bar.finish_and_clear();
            }
        }
    }
}
