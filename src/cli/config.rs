//! `sintesi.toml`: default values for command-line options, read from the working directory
//! (or the file given with `--config`; `--no-config` reads none).
//!
//! A key is the long name of an option (`max-k = 8`; `max_k` works too) and its value what
//! the option takes: a number, a string, `true` for a flag, an array for an option that is
//! repeated. `stem = false` stands for `no-stem = true` (any `no-X` flag). Keys at the top
//! apply to every subcommand that has the option; a `[analyse]` (or any subcommand's) table
//! applies to that subcommand only and wins over the top. An option given on the command line
//! wins over both. Keys that no subcommand knows, and values an option would refuse, are
//! errors naming the file and the key.
//!
//! The settings are handed to clap as extra arguments, so they are checked by the same parsers
//! as the command line and every option, including ones added later, can be set here without
//! code for each; an error in that second parse is reported against the file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};

/// The file read when no `--config` is given, in the working directory.
pub const DEFAULT_FILE: &str = "sintesi.toml";

/// The configuration file that applies: `--config FILE`, else `./sintesi.toml` when it exists;
/// none with `--no-config`.
pub fn locate(explicit: Option<&Path>, disabled: bool) -> Option<PathBuf> {
    if disabled {
        return None;
    }
    match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.is_file()),
    }
}

/// Arguments to append to the command line for the settings of `file` that the command line
/// did not give. `cmd` is the whole command, `matches` the first parse of the command line.
///
/// # Errors
/// [`sintesi::Error::Io`] when the file cannot be read, [`sintesi::Error::Format`] for invalid
/// TOML, an unknown key, or a value the option refuses.
pub fn extra_args(
    file: &Path,
    cmd: &Command,
    matches: &ArgMatches,
) -> Result<Vec<OsString>, sintesi::Error> {
    let text = std::fs::read_to_string(file).map_err(|source| sintesi::Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| fail(file, e.message()))?;

    // The subcommand being run (the deepest one) and its matches.
    let mut leaf_cmd = cmd;
    let mut leaf_matches = matches;
    while let Some((name, sub)) = leaf_matches.subcommand() {
        match leaf_cmd.find_subcommand(name) {
            Some(c) => {
                leaf_cmd = c;
                leaf_matches = sub;
            }
            None => break,
        }
    }

    // Top-level keys first, then the subcommand's own table, which overrides them.
    let mut settings: Vec<(String, toml::Value)> = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::Table(section) => {
                let Some(sub) = cmd.find_subcommand(key) else {
                    return Err(fail(
                        file,
                        &format!("[{key}]: no such subcommand (tables name subcommands)"),
                    ));
                };
                // Every key of every table is checked, whichever subcommand runs: a typo under
                // [summarise] is an error when analysing too.
                check_table(file, key, sub, section)?;
                for (k, v) in section {
                    // `[evaluate.clusters]`: a table of a subcommand's subcommand.
                    if let (toml::Value::Table(nested), Some(_)) = (v, sub.find_subcommand(k)) {
                        if k == leaf_cmd.get_name() {
                            for (k, v) in nested {
                                settings
                                    .retain(|(existing, _)| normalise(existing) != normalise(k));
                                settings.push((k.clone(), v.clone()));
                            }
                        }
                    }
                }
                if key == leaf_cmd.get_name() {
                    for (k, v) in section {
                        settings.retain(|(existing, _)| normalise(existing) != normalise(k));
                        settings.push((k.clone(), v.clone()));
                    }
                }
            }
            _ => {
                if !settings.iter().any(|(k, _)| normalise(k) == normalise(key)) {
                    settings.push((key.clone(), value.clone()));
                }
            }
        }
    }

    let mut args = Vec::new();
    for (key, value) in settings {
        let (arg, value) = match find(leaf_cmd, &key, &value) {
            Some(found) => found,
            None if known_anywhere(cmd, &key) => continue, // another subcommand's option
            None => {
                return Err(fail(
                    file,
                    &format!(
                        "unknown option `{key}` (keys are long option names, as in `sintesi {} --help`)",
                        leaf_cmd.get_name()
                    ),
                ))
            }
        };
        if leaf_matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine) {
            continue; // the command line wins
        }
        args.extend(to_args(file, &key, arg, &value)?);
    }
    Ok(args)
}

/// The option `key` names, with the value to give it (`stem = false` → `no-stem = true`).
fn find<'a>(cmd: &'a Command, key: &str, value: &toml::Value) -> Option<(&'a Arg, toml::Value)> {
    let key = normalise(key);
    let by_long = |name: &str| cmd.get_arguments().find(|a| a.get_long() == Some(name));
    let settable = |a: &&Arg| {
        !matches!(a.get_long(), Some("config" | "no-config"))
            && !matches!(
                a.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            )
    };
    if let Some(arg) = by_long(&key).filter(settable) {
        return Some((arg, value.clone()));
    }
    let negated = by_long(&format!("no-{key}")).filter(settable)?;
    let flag = value.as_bool()?;
    Some((negated, toml::Value::Boolean(!flag)))
}

/// Checks every key of the table `[name]` of subcommand `sub` (and of its own subcommands'
/// tables), whichever subcommand runs: a typo under `[summarise]` is an error when analysing
/// too.
fn check_table(
    file: &Path,
    name: &str,
    sub: &Command,
    table: &toml::Table,
) -> Result<(), sintesi::Error> {
    for (k, v) in table {
        if let (toml::Value::Table(nested), Some(subsub)) = (v, sub.find_subcommand(k)) {
            check_table(file, &format!("{name}.{k}"), subsub, nested)?;
            continue;
        }
        if find(sub, k, v).is_none() && !known_anywhere(sub, k) {
            return Err(fail(
                file,
                &format!(
                    "[{name}]: unknown option `{k}` (keys are long option names, as in `sintesi {} --help`)",
                    name.replace('.', " ")
                ),
            ));
        }
    }
    Ok(())
}

fn known_anywhere(cmd: &Command, key: &str) -> bool {
    let key = normalise(key);
    let bare = key.strip_prefix("no-").unwrap_or(&key).to_string();
    cmd.get_subcommands().any(|sub| {
        sub.get_arguments().any(|a| {
            a.get_long()
                .is_some_and(|l| l == key || l == format!("no-{bare}") || l == bare)
        }) || known_anywhere(sub, &key)
    })
}

/// `max_k` and `max-k` are the same key.
fn normalise(key: &str) -> String {
    key.trim().replace('_', "-")
}

/// The command-line words for one setting. The values are checked when clap parses them.
fn to_args(
    file: &Path,
    key: &str,
    arg: &Arg,
    value: &toml::Value,
) -> Result<Vec<OsString>, sintesi::Error> {
    let long = format!("--{}", arg.get_long().unwrap_or_default());
    if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        return match value.as_bool() {
            Some(true) => Ok(vec![long.into()]),
            Some(false) => Ok(Vec::new()),
            None => Err(fail(file, &format!("`{key}` is a flag: use true or false"))),
        };
    }
    if matches!(arg.get_action(), ArgAction::Count) {
        let n = value
            .as_integer()
            .filter(|n| (0..=10).contains(n))
            .ok_or_else(|| fail(file, &format!("`{key}` takes a small count, such as 1")))?;
        return Ok((0..n).map(|_| long.clone().into()).collect());
    }
    let values: Vec<&toml::Value> = match value {
        toml::Value::Array(items) => items.iter().collect(),
        v => vec![v],
    };
    let mut args = Vec::new();
    for v in values {
        let text = scalar(v).ok_or_else(|| {
            fail(
                file,
                &format!("`{key}` takes a number, a string or true/false"),
            )
        })?;
        args.push(OsString::from(&long));
        args.push(OsString::from(text));
    }
    Ok(args)
}

/// A TOML scalar as the command line would spell it; floats keep their point (`1.0` is a
/// fraction for `--max-df`, `1` a count).
fn scalar(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(format!("{f:?}")),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn fail(file: &Path, message: &str) -> sintesi::Error {
    sintesi::Error::Format {
        path: file.to_path_buf(),
        message: message.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    fn extra(toml: &str, argv: &[&str]) -> Result<Vec<String>, String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sintesi.toml");
        std::fs::write(&file, toml).unwrap();
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let matches = cmd.clone().try_get_matches_from(argv).unwrap();
        extra_args(&file, &cmd, &matches)
            .map(|a| a.iter().map(|s| s.to_string_lossy().into_owned()).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn turns_settings_into_arguments_the_command_line_did_not_give() {
        let args = extra(
            "seed = 7\nmax_df = 1.0\nstem = false\nsublinear-tf = true\n[analyse]\nseed = 9\n",
            &["sintesi", "analyse", "corpus", "--max-df", "0.5"],
        )
        .unwrap();
        assert_eq!(args, ["--seed", "9", "--no-stem", "--sublinear-tf"]);
        let parsed = crate::cli::Cli::try_parse_from(
            ["sintesi", "analyse", "corpus"]
                .into_iter()
                .map(String::from)
                .chain(args),
        );
        assert!(parsed.is_ok());
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values_naming_them() {
        let err = extra("colour = 3\n", &["sintesi", "analyse", "x"]).unwrap_err();
        assert!(
            err.contains("sintesi.toml") && err.contains("unknown option `colour`"),
            "{err}"
        );
        let err = extra("sublinear-tf = 1\n", &["sintesi", "analyse", "x"]).unwrap_err();
        assert!(err.contains("flag"), "{err}");
        let err = extra("[nothing]\nk = 2\n", &["sintesi", "analyse", "x"]).unwrap_err();
        assert!(err.contains("[nothing]"), "{err}");
        // A table of another subcommand is checked too.
        let err = extra("[summarise]\nsentencez = 2\n", &["sintesi", "analyse", "x"]).unwrap_err();
        assert!(
            err.contains("[summarise]: unknown option `sentencez`"),
            "{err}"
        );
        let err = extra("[summarise]\nk = 2\n", &["sintesi", "summarise", "x"]).unwrap_err();
        assert!(err.contains("[summarise]: unknown option `k`"), "{err}");
        assert!(extra("[summarise]\nsentences = 2\n", &["sintesi", "analyse", "x"]).is_ok());
        let err = extra("k = = 2\n", &["sintesi", "analyse", "x"]).unwrap_err();
        assert!(err.contains("sintesi.toml"), "{err}");
    }
}
