//! Progress of a long run, reported by the library and drawn (or not) by the caller.
//!
//! The library never writes to the terminal: stages call a [`Progress`] that the binary turns
//! into progress bars on an interactive stderr; tests and library users pass [`NoProgress`].

/// Receives the stages of a run and how far each has got. Every method has a do-nothing
/// default, so an implementation only overrides what it shows.
pub trait Progress: Sync {
    /// A stage begins: `name` in a few words, `total` steps (0 when unknown).
    fn start(&self, _name: &str, _total: u64) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The current stage is over.
    fn finish(&self) {}
}

/// Shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
