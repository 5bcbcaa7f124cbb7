//! `sigma-auth`: create, verify and inspect bitcoin-auth `X-Auth-Token`s, manage keys, derive
//! BRC-42 child keys, encrypt and decrypt (BRC-78, ECIES-Electrum, friend encryption), BAP
//! identities, sign and verify AIP and Sigma signatures, and run a demonstration of the whole flow.
//!
//! Exit status: 0 valid (or done), 1 invalid token or a ciphertext that does not open, 2 usage,
//! input or output error. Nothing
//! panics on a failed write: a closed pipe ends the output quietly, any other write error is
//! reported on standard error with status 2.

mod aip;
mod bap;
mod demo;
mod derive;
mod encryption;
mod failure;
mod input;
mod inspect;
mod key;
mod key_input;
mod output;
mod pushes;
mod serve;
mod sigma;
mod token;
mod usage;
mod wallet;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::failure::Failure;
use crate::output::Out;

/// Bitcoin-key sign-in from the command line: bitcoin-auth tokens, keys, BRC-42 derivation, AIP
/// and Sigma signatures.
///
/// Private keys (WIF or 64 hex digits) are read from --wif-file FILE, the SIGMA_AUTH_WIF
/// environment variable, or standard input with `--wif -`; a key written on the command line
/// works but is visible to other users in the process list.
#[derive(Parser)]
#[command(name = "sigma-auth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create, verify or inspect an X-Auth-Token.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Make or show a key.
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Derive a BRC-42 child key for a counterparty, protocol and key ID.
    Derive(derive::DeriveArgs),
    /// Encrypt a message: BRC-78 (default), --ecies (ECIES-Electrum) or --friend (friend
    /// encryption). Prints the ciphertext as hex or base64.
    Encrypt(encryption::EncryptArgs),
    /// Decrypt a ciphertext; writes the plaintext raw. Exit 0 opened, 1 not opened (the reason
    /// code on standard error, nothing on standard output), 2 usage error.
    Decrypt(encryption::DecryptArgs),
    /// Print the friend public key (compressed, hex) to publish to a friend BAP ID.
    FriendPubkey(encryption::FriendPubkeyArgs),
    /// BAP identities: BAP IDs, identity keys, attestations.
    #[command(subcommand)]
    Bap(bap::BapCommand),
    /// Sign or verify AIP signatures over OP_RETURN pushes.
    #[command(subcommand)]
    Aip(aip::AipCommand),
    /// Sign or verify Sigma signatures in a locking script.
    #[command(subcommand)]
    Sigma(sigma::SigmaCommand),
    /// The local signer's keystore: create, import, show, export-bap.
    #[command(subcommand)]
    Wallet(wallet::WalletCommand),
    /// Run the TokenPass-compatible local signer for the Sigma plugin (127.0.0.1:21000).
    Serve(serve::ServeArgs),
    /// Walk through the whole flow: sign, verify, and refuse a forgery, a replay and an old token.
    Demo,
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = wants_json(&args);
    let mut out = Out::stdout();
    let result = match Cli::try_parse_from(args) {
        Ok(cli) => run(cli.command, &mut out),
        Err(e) => usage::from_clap(e, &mut out),
    };
    failure::finish(result, json, &mut out)
}

fn run(command: Command, out: &mut Out) -> Result<ExitCode, Failure> {
    match command {
        Command::Token(t) => token::run(t, out),
        Command::Key(k) => key::run(k, out),
        Command::Derive(a) => derive::run(a, out),
        Command::Encrypt(a) => encryption::run_encrypt(a, out),
        Command::Decrypt(a) => encryption::run_decrypt(a, out),
        Command::FriendPubkey(a) => encryption::run_friend_pubkey(a, out),
        Command::Bap(b) => bap::run(b, out),
        Command::Aip(a) => aip::run(a, out),
        Command::Sigma(a) => sigma::run(a, out),
        Command::Wallet(w) => wallet::run(w, out),
        Command::Serve(a) => serve::run(a, out),
        Command::Demo => demo::run(out),
    }
}

/// Whether `--json` appears among the options (before a `--`), so that even an argument the
/// parser refuses is reported as JSON.
fn wants_json(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}
