//! `sigma-auth derive`: a BRC-42 child key for a counterparty, protocol and key ID.

use std::process::ExitCode;

use clap::Args;
use serde_json::json;
use sigma_auth_core::PublicKey;
use sigma_auth_core::type42::{Counterparty, KeyDeriver, Protocol};

use crate::failure::Failure;
use crate::key_input::KeyArgs;
use crate::output::Out;

/// `derive`.
#[derive(Args)]
pub struct DeriveArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// `self`, `anyone`, or the counterparty's public key (hex).
    #[arg(long)]
    counterparty: String,
    /// BRC-43 security level (0, 1 or 2).
    #[arg(long, default_value_t = 2)]
    level: i64,
    /// BRC-43 protocol name.
    #[arg(long)]
    protocol: String,
    /// BRC-43 key ID.
    #[arg(long)]
    key_id: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `derive`.
pub fn run(a: DeriveArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let counterparty = match a.counterparty.as_str() {
        "self" => Counterparty::Myself,
        "anyone" => Counterparty::Anyone,
        hex => Counterparty::Other(PublicKey::from_hex(hex).map_err(|e| {
            Failure::usage(format!(
                "--counterparty: not self, anyone or a public key in hex ({e})"
            ))
        })?),
    };
    let protocol = Protocol::new(a.level, &a.protocol)?;
    let invoice = protocol.invoice_number(&a.key_id)?;
    let owner = a.key.load()?;
    owner.warn_if_uncompressed();
    let deriver = KeyDeriver::new(owner.key);
    let child = deriver.derive_private_key(&protocol, &a.key_id, &counterparty)?;
    let theirs = deriver.derive_public_key(&protocol, &a.key_id, &counterparty, false)?;
    if a.json {
        writeln!(
            out,
            "{}",
            json!({"invoice_number": invoice, "child_private_key": &*child.to_hex(),
                   "child_public_key": child.public_key().to_hex(),
                   "counterparty_child_public_key": theirs.to_hex()})
        )?;
    } else {
        writeln!(out, "invoice number:                {invoice}")?;
        writeln!(out, "child private key (yours):     {}", &*child.to_hex())?;
        writeln!(out, "child public key (yours):      {}", child.public_key())?;
        writeln!(out, "counterparty's child public:   {theirs}")?;
    }
    Ok(ExitCode::SUCCESS)
}
