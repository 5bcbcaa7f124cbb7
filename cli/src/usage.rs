//! Argument-parser errors, described without echoing what the user typed.
//!
//! clap's own messages quote the offending argument (`unexpected argument 'L4Jw…' found`), which
//! prints a private key given in the wrong position. These descriptions name only the options
//! and values that the program itself defines.

use std::error::Error as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::failure::Failure;
use crate::output::Out;

/// Help and version go to standard output (exit 0); every other parser error is a usage failure.
pub fn from_clap(err: clap::Error, out: &mut Out) -> Result<ExitCode, Failure> {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            write!(out, "{}", err.render())?;
            Ok(ExitCode::SUCCESS)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Err(Failure::Usage {
            message: "a command is required".into(),
            usage: Some(err.render().to_string()),
        }),
        _ => Err(Failure::Usage {
            message: describe(&err),
            usage: string(&err, ContextKind::Usage),
        }),
    }
}

/// One line saying what is wrong, built only from names the program defines.
pub fn describe(err: &clap::Error) -> String {
    let arg = string(err, ContextKind::InvalidArg);
    let arg = arg.as_deref().unwrap_or("an argument");
    let mut text = match err.kind() {
        ErrorKind::UnknownArgument => match option_name(arg) {
            Some(name) => format!("unknown option '{name}'"),
            None => "unexpected argument (not shown, as it may be a key)".to_string(),
        },
        ErrorKind::InvalidSubcommand => {
            "unknown command (not shown, as it may be a key)".to_string()
        }
        ErrorKind::InvalidValue => {
            let empty = matches!(
                err.get(ContextKind::InvalidValue),
                Some(ContextValue::String(v)) if v.is_empty()
            );
            if empty {
                format!("a value is required for '{arg}'")
            } else {
                format!("invalid value for '{arg}'")
            }
        }
        ErrorKind::ValueValidation => match err.source() {
            Some(why) => format!("invalid value for '{arg}': {why}"),
            None => format!("invalid value for '{arg}'"),
        },
        ErrorKind::MissingRequiredArgument => match err.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(names)) => format!("missing {}", names.join(", ")),
            _ => "a required argument is missing".to_string(),
        },
        ErrorKind::ArgumentConflict => match string(err, ContextKind::PriorArg) {
            Some(prior) if prior != arg => format!("'{arg}' cannot be used with '{prior}'"),
            _ => format!("'{arg}' cannot be given more than once"),
        },
        ErrorKind::TooManyValues => format!("too many values for '{arg}'"),
        ErrorKind::MissingSubcommand => "a command is required".to_string(),
        kind => kind
            .as_str()
            .unwrap_or("invalid command-line arguments")
            .to_string(),
    };
    if let Some(valid) = strings(err, ContextKind::ValidValue) {
        text.push_str(&format!(" (possible values: {})", valid.join(", ")));
    }
    let suggested = strings(err, ContextKind::SuggestedArg)
        .or_else(|| strings(err, ContextKind::SuggestedSubcommand));
    if let Some(suggested) = suggested {
        text.push_str(&format!("; did you mean '{}'?", suggested.join("' or '")));
    }
    text
}

/// The option name of an unknown `--option` or `--option=value`, if it looks like one.
fn option_name(arg: &str) -> Option<&str> {
    let name = arg.split('=').next()?;
    let ok = name.starts_with('-')
        && name.len() <= 32
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(name)
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Option<Vec<String>> {
    match err.get(kind)? {
        ContextValue::Strings(v) if !v.is_empty() => Some(v.clone()),
        ContextValue::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}
