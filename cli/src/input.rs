//! Inputs shared by the token commands: the token argument, the request body, request paths and
//! timestamps (one grammar for every timestamp option).

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use sigma_auth_core::token::{BodyEncoding, OwnedBody};
use sigma_auth_core::{Error, Timestamp};

use crate::failure::Failure;

/// The largest token read from standard input (far above any token the verifier accepts).
const MAX_TOKEN_INPUT: u64 = 1 << 20;

/// A token given as an argument, or `-` to read it from standard input (trailing newline removed).
pub fn read_token(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_TOKEN_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("reading the token from standard input: {e}")))?;
    if bytes.len() as u64 > MAX_TOKEN_INPUT {
        return Err(Failure::usage(
            "the token on standard input is longer than 1 MiB",
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::usage("the token on standard input is not UTF-8 text"))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

/// Parses the value of a timestamp option (`--now`, `--timestamp`): ISO-8601 with a zone, as
/// JavaScript's `Date` reads it: `2025-01-15T12:00:00.000Z`, `2025-01-15T12:00Z`,
/// `2025-01-15T13:00:00+01:00`, or a bare date `2025-01-15` (midnight UTC).
pub fn timestamp(option: &str, text: &str) -> Result<Timestamp, Failure> {
    Timestamp::parse_lenient(text).map_err(|e| {
        let why = match e {
            Error::InvalidTimestamp { why, .. } => why.to_string(),
            other => other.to_string(),
        };
        Failure::usage(format!(
            "{option}: {why} (for example 2025-01-15T12:00:00.000Z or 2025-01-15T13:00+01:00)"
        ))
    })
}

/// The value of a timestamp option, or the system clock when it is absent.
pub fn timestamp_or_now(option: &str, text: Option<&str>) -> Result<Timestamp, Failure> {
    match text {
        Some(t) => timestamp(option, t),
        None => Ok(Timestamp::now()),
    }
}

/// Refuses a request path that cannot travel in an HTTP header: a token carries the path inside
/// the `X-Auth-Token` header, where CR and LF would end the header (and NUL is not allowed).
pub fn check_path(path: &str) -> Result<(), Failure> {
    if path.contains(['\r', '\n', '\0']) {
        return Err(Failure::usage(
            "--path contains a CR, LF or NUL character, which cannot travel in the X-Auth-Token header",
        ));
    }
    Ok(())
}

/// A file name for a message, unless the name is itself a private key (given in the wrong place).
pub fn shown(path: &Path) -> String {
    let name = path.to_string_lossy();
    if crate::key_input::parse(name.trim()).is_ok() {
        "(name not shown, as it is a private key)".to_string()
    } else {
        name.into_owned()
    }
}

/// How body text turns into bytes.
#[derive(Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    /// The text's UTF-8 bytes.
    Utf8,
    /// Hexadecimal digits.
    Hex,
    /// Standard base64.
    Base64,
}

impl From<EncodingArg> for BodyEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => BodyEncoding::Utf8,
            EncodingArg::Hex => BodyEncoding::Hex,
            EncodingArg::Base64 => BodyEncoding::Base64,
        }
    }
}

/// The request body options.
#[derive(Args)]
pub struct BodyArgs {
    /// The request body as text.
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the request body from a file.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// How the body text turns into bytes.
    #[arg(long, value_enum, default_value = "utf8")]
    pub body_encoding: EncodingArg,
}

impl BodyArgs {
    /// Whether a body was given.
    pub fn given(&self) -> bool {
        self.body.is_some() || self.body_file.is_some()
    }

    /// Reads the body (a missing or unreadable `--body-file` is an error).
    pub fn load(&self) -> Result<Option<OwnedBody>, Failure> {
        let enc = BodyEncoding::from(self.body_encoding);
        match (&self.body, &self.body_file) {
            (Some(text), _) => Ok(Some(OwnedBody::Text(text.clone(), enc))),
            (None, Some(path)) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| Failure::Io(format!("--body-file {}: {e}", shown(path))))?;
                match enc {
                    BodyEncoding::Utf8 => Ok(Some(OwnedBody::Bytes(bytes))),
                    _ => String::from_utf8(bytes)
                        .map(|t| Some(OwnedBody::Text(t.trim_end().to_string(), enc)))
                        .map_err(|_| {
                            Failure::usage(
                                "--body-file is not text, but the encoding is hex or base64",
                            )
                        }),
                }
            }
            (None, None) => Ok(None),
        }
    }
}
