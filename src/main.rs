//! The `sintesi` binary: parse arguments (with `sintesi.toml` under them), call the library,
//! print one error line on failure.
//!
//! Exit codes: 0 success (also when the reader of stdout goes away, as with `| head`),
//! 1 internal failure, 2 usage or input error, 130 interrupted (no output file changed).

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use cli::{output, Cli, Command};

fn main() -> ExitCode {
    sintesi::budget::limit_allocator_arenas();
    on_interrupt_remove_temporary_files();
    let result = cli::parse(std::env::args_os().collect()).and_then(|cli| {
        init_logging(&cli);
        run(&cli)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(sintesi::Error::Interrupted) => {
            // The interrupt handler exits too, with the same status.
            let _stopped = sintesi::report::interrupt();
            eprintln!("sintesi: interrupted");
            ExitCode::from(130)
        }
        Err(err) => {
            output::error(&err);
            ExitCode::from(exit_code(&err))
        }
    }
}

fn run(cli: &Cli) -> Result<(), sintesi::Error> {
    let ctx = cli.context();
    match &cli.command {
        Command::Analyse(args) => args.run(&ctx),
        Command::Summarise(args) => args.run(ctx.quiet),
        Command::Vectorise(args) => args.run(ctx.quiet),
        Command::Duplicates(args) => args.run(ctx.quiet),
        Command::Evaluate { what } => what.run(ctx.quiet),
        Command::Schema(args) => args.run(),
        Command::Completions(args) => args.run(),
        Command::Man(args) => args.run(),
    }
}

/// On Ctrl-C (or SIGTERM, SIGHUP), undoes a commit of output files in progress, removes the
/// files being staged and exits with 130: the previous files are in place. An interrupt that
/// comes after this run's files were committed exits with 0: they are in place, the run did
/// what it was asked.
fn on_interrupt_remove_temporary_files() {
    let handler = || {
        let stopped = sintesi::report::interrupt();
        if stopped.committed {
            eprintln!("sintesi: interrupted after the output files were written");
            std::process::exit(0);
        }
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
        sintesi::Error::Lsa(_)
        | sintesi::Error::KMeans(_)
        | sintesi::Error::Silhouette(_)
        | sintesi::Error::Agreement(_)
        | sintesi::Error::Render { .. }
        | sintesi::Error::Internal(_) => 1,
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
        .with_ansi(output::colour_on_stderr())
        .with_target(false)
        .init();
}
