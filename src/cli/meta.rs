//! Subcommands about the tool itself: `schema`, `completions`, `man`.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{output, Cli};

/// `sintesi schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {}

impl SchemaArgs {
    pub fn run(&self) -> Result<(), sintesi::Error> {
        output::stdout(&sintesi::report::schema_json())
    }
}

/// `sintesi completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl CompletionsArgs {
    pub fn run(&self) -> Result<(), sintesi::Error> {
        let mut cmd = Cli::command();
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut cmd, "sintesi", &mut script);
        output::stdout(&String::from_utf8_lossy(&script))
    }
}

/// `sintesi man [SUBCOMMAND]`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Print the page of this subcommand (e.g. `analyse`) instead of the main page.
    pub subcommand: Option<String>,
}

impl ManArgs {
    pub fn run(&self) -> Result<(), sintesi::Error> {
        let mut cmd = Cli::command();
        cmd.build();
        let page = match &self.subcommand {
            None => cmd,
            Some(name) => {
                let names: Vec<String> = cmd
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                let sub = cmd.find_subcommand(name).cloned().ok_or_else(|| {
                    sintesi::Error::Usage(format!(
                        "no subcommand `{name}` (one of: {})",
                        names.join(", ")
                    ))
                })?;
                // The page is named `sintesi-analyse`, as git and cargo name theirs.
                let full = format!("sintesi-{}", sub.get_name());
                sub.name(full.clone()).bin_name(full)
            }
        };
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut roff)
            .map_err(|source| sintesi::Error::Io {
                path: "<stdout>".into(),
                source,
            })?;
        output::stdout(&String::from_utf8_lossy(&roff))
    }
}
