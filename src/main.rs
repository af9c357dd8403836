//! The `sintesi` binary: parse arguments, call the library, print one error line on failure.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
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
