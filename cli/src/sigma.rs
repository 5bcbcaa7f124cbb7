//! `sigma-auth sigma sign` and `sigma verify`: Sigma signatures in a locking script.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use sigma_auth_core::sigma::{self, Algorithm, Outpoint};

use crate::failure::Failure;
use crate::key_input::KeyArgs;
use crate::output::Out;
use crate::token::{EXIT_INVALID, hex};

/// The longest script accepted as hex on the command line (in hex digits).
const MAX_SCRIPT_HEX: usize = 32 << 20;

/// The `sigma` commands.
#[derive(Subcommand)]
pub enum SigmaCommand {
    /// Sign a locking script for an input; prints the signed script as hex (the unsigned
    /// script, a separator, then SIGMA, the algorithm, the address, the signature and the vin).
    Sign(SignArgs),
    /// Verify a Sigma instance of a locking script. Exit 0 valid, 1 invalid, 2 usage error.
    ///
    /// With --json: {"valid":true,"algorithm":"BSM"|"BRC77","address":…} (exit 0) or
    /// {"valid":false,"code":REASON,"message":…} (exit 1).
    Verify(VerifyArgs),
}

/// The signature algorithm.
#[derive(Clone, Copy, ValueEnum)]
pub enum AlgorithmArg {
    /// Bitcoin Signed Message (65 raw bytes).
    Bsm,
    /// A BRC-77 signed-message envelope for anyone (random key ID).
    Brc77,
}

/// The input the signature refers to.
#[derive(Args)]
pub struct InputArgs {
    /// The txid of the outpoint the referenced input spends, in display order (64 hex digits,
    /// as explorers print it).
    #[arg(long)]
    input_txid: String,
    /// The output index of that outpoint.
    #[arg(long)]
    input_vout: u32,
}

impl InputArgs {
    fn outpoint(&self) -> Result<Outpoint, Failure> {
        Outpoint::from_hex(&self.input_txid, self.input_vout)
            .map_err(|_| Failure::usage("--input-txid is not 64 hex digits"))
    }
}

/// `sigma sign`.
#[derive(Args)]
pub struct SignArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The locking script to sign, in hex.
    #[arg(long)]
    script: String,
    #[command(flatten)]
    input: InputArgs,
    /// The signature algorithm.
    #[arg(long, value_enum, default_value = "bsm")]
    algorithm: AlgorithmArg,
    /// The input index written into the instance (ASCII decimal).
    #[arg(long, default_value_t = 0)]
    vin: u32,
}

/// `sigma verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The signed locking script, in hex.
    #[arg(long)]
    script: String,
    #[command(flatten)]
    input: InputArgs,
    /// Which instance to verify (0 for the first).
    #[arg(long, default_value_t = 0)]
    instance: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs a `sigma` command.
pub fn run(cmd: SigmaCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    match cmd {
        SigmaCommand::Sign(a) => sign(a, out),
        SigmaCommand::Verify(a) => verify(a, out),
    }
}

fn script_bytes(text: &str) -> Result<Vec<u8>, Failure> {
    let text = text.trim();
    if text.len() > MAX_SCRIPT_HEX {
        return Err(Failure::usage("--script is longer than 16 MiB"));
    }
    if !text.len().is_multiple_of(2) {
        return Err(Failure::usage("--script has an odd number of hex digits"));
    }
    base16ct::mixed::decode_vec(text)
        .map_err(|_| Failure::usage("--script has a character that is not a hex digit"))
}

fn sign(a: SignArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let script = script_bytes(&a.script)?;
    let input = a.input.outpoint()?;
    let key = a.key.load()?;
    key.warn_if_uncompressed();
    let algorithm = match a.algorithm {
        AlgorithmArg::Bsm => Algorithm::Bsm,
        AlgorithmArg::Brc77 => Algorithm::Brc77,
    };
    let signed = sigma::sign(&script, Some(&input), a.vin, &key.key, algorithm)?;
    writeln!(out, "{}", hex(&signed))?;
    Ok(ExitCode::SUCCESS)
}

fn verify(a: VerifyArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let script = script_bytes(&a.script)?;
    let input = a.input.outpoint()?;
    let verdict = sigma::verify(&script, Some(&input), a.instance);
    match (&verdict, a.json) {
        (Ok(v), true) => writeln!(
            out,
            "{}",
            json!({"valid": true, "algorithm": v.algorithm.as_str(), "address": v.address})
        )?,
        (Ok(v), false) => writeln!(
            out,
            "valid: signed by {} ({}, vin {})",
            v.address,
            v.algorithm.as_str(),
            v.vin
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
