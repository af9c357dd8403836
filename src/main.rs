//! The `sintesi` binary: parse arguments, call the library, print one error line on failure.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            eprintln!("sintesi: {}", one_line(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    init_logging(&cli);
    on_interrupt_remove_temporary_files();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sintesi: error: {err}");
            ExitCode::from(exit_code(&err))
        }
    }
}

fn run(cli: Cli) -> Result<(), sintesi::Error> {
    match &cli.command {
        Command::Analyse(args) => args.run(cli.quiet),
        Command::Summarise(args) => args.run(cli.quiet),
        Command::Evaluate { what } => what.run(cli.quiet),
    }
}

/// A clap message on one line: its lines up to the usage, joined.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// On Ctrl-C (or SIGTERM, SIGHUP), removes the report files being staged and exits with 130.
/// A commit of the reports in progress is finished first, so the previous reports, or the
/// new ones, stay a complete set.
fn on_interrupt_remove_temporary_files() {
    let handler = || {
        let _guard = sintesi::report::discard_staged();
        eprintln!("sintesi: interrupted");
        std::process::exit(130);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        tracing::warn!("cannot handle interrupts: {e}");
    }
}

/// 2 for anything the user can fix (input, parameters, output path), 1 for the rest.
fn exit_code(err: &sintesi::Error) -> u8 {
    match err {
        sintesi::Error::Clustering(_) => 1,
        _ => 2,
    }
}

fn init_logging(cli: &Cli) {
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SINTESI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("sintesi={level}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
