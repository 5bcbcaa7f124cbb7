//! `sigma-auth aip sign` and `aip verify`: AIP signatures over OP_RETURN pushes.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use sigma_auth_core::aip::{self, Convention};

use crate::failure::Failure;
use crate::key_input::KeyArgs;
use crate::output::Out;
use crate::pushes;
use crate::token::EXIT_INVALID;

/// The `aip` commands.
#[derive(Subcommand)]
pub enum AipCommand {
    /// Sign pushes; prints a JSON array: the pushes, `7c`, then the AIP prefix, `BITCOIN_ECDSA`,
    /// the signer's address and the 65-byte signature, all hex.
    Sign(SignArgs),
    /// Verify the AIP signature at the end of PUSHES. Exit 0 valid, 1 invalid, 2 usage error.
    ///
    /// With --json: {"valid":true,"address":…,"convention":"with_pipe"|"without_pipe"} (exit 0)
    /// or {"valid":false,"code":REASON,"message":…} (exit 1).
    Verify(VerifyArgs),
}

/// `aip sign`.
#[derive(Args)]
pub struct SignArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// Sign the pushes followed by `|` (attestations, go-aip); without it, the pushes alone
    /// (bsv-bap ID transactions and signOpReturnWithAIP).
    #[arg(long)]
    with_pipe: bool,
    /// A JSON array of hex strings: the pushes after OP_RETURN, or - for standard input.
    pushes: String,
}

/// `aip verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// A JSON array of hex strings: the pushes after OP_RETURN, or - for standard input.
    pushes: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs an `aip` command.
pub fn run(cmd: AipCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    match cmd {
        AipCommand::Sign(a) => sign(a, out),
        AipCommand::Verify(a) => verify(a, out),
    }
}

fn sign(a: SignArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    if a.pushes == "-" && a.key.reads_stdin() {
        return Err(Failure::usage(
            "PUSHES and the key cannot both come from standard input",
        ));
    }
    let data = pushes::read(&a.pushes)?;
    let key = a.key.load()?;
    key.warn_if_uncompressed();
    let convention = if a.with_pipe {
        Convention::WithPipe
    } else {
        Convention::WithoutPipe
    };
    let signed = aip::sign_payload(&data, &key.key, convention)?;
    writeln!(out, "{}", pushes::to_json(&signed))?;
    Ok(ExitCode::SUCCESS)
}

fn verify(a: VerifyArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let pushes = pushes::read(&a.pushes)?;
    let verdict = aip::verify(&pushes);
    match (&verdict, a.json) {
        (Ok(v), true) => writeln!(
            out,
            "{}",
            json!({"valid": true, "address": v.address, "convention": v.convention.as_str()})
        )?,
        (Ok(v), false) => writeln!(
            out,
            "valid: signed by {} ({})",
            v.address,
            v.convention.as_str()
        )?,
        (Err(e), true) => writeln!(
            out,
            "{}",
            json!({"valid": false, "code": e.code(), "message": e.to_string()})
        )?,
        (Err(e), false) => writeln!(out, "invalid: {} — {e}", e.code())?,
    }
    Ok(match verdict {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(EXIT_INVALID),
    })
}
