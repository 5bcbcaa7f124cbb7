//! Why a command stopped early, and how each case ends the process (always exit status 2).

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::json;

use crate::output::Out;

/// Exit status of a usage, input or output error.
pub const EXIT_USAGE: u8 = 2;

/// A command that could not run to its verdict. Every case exits with status 2.
pub enum Failure {
    /// A bad argument or input value (a bad key, a bad timestamp, a missing option).
    Usage {
        /// What is wrong, in one line, never echoing a secret.
        message: String,
        /// The command's usage line, when the argument parser knows it.
        usage: Option<String>,
    },
    /// An input could not be read (a file, standard input).
    Io(String),
    /// Standard output could not be written (other than a closed pipe).
    Output(io::Error),
}

impl Failure {
    /// A usage error with `message`.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage {
            message: message.into(),
            usage: None,
        }
    }
}

impl From<sigma_auth_core::Error> for Failure {
    fn from(e: sigma_auth_core::Error) -> Self {
        Failure::usage(e.to_string())
    }
}

/// Ends a command: flushes the output and turns a failure into its report and exit status.
///
/// With `json`, a usage or input error is printed on standard output as
/// `{"valid":false,"code":"usage"|"io","message":…}`; otherwise as one line on standard error.
/// An output failure is reported on standard error only.
pub fn finish(result: Result<ExitCode, Failure>, json: bool, out: &mut Out) -> ExitCode {
    let failure = match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => return code,
        Err(f) => f,
    };
    let (code, message, usage) = match failure {
        Failure::Usage { message, usage } => ("usage", message, usage),
        Failure::Io(message) => ("io", message, None),
        Failure::Output(e) => {
            report(format_args!("cannot write the output: {e}"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if json {
        let line = json!({"valid": false, "code": code, "message": message});
        if let Err(Failure::Output(e)) = writeln!(out, "{line}").and_then(|()| out.flush()) {
            report(format_args!("cannot write the output: {e}"));
        }
    } else {
        match usage {
            Some(usage) => report(format_args!(
                "{message}\n\n{}\n\nFor more information, try '--help'.",
                usage.trim_end()
            )),
            None => report(format_args!("{message}")),
        }
    }
    ExitCode::from(EXIT_USAGE)
}

/// Writes an error line to standard error, ignoring a failure (there is nowhere left to report it).
fn report(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "sigma-auth: {message}");
}
