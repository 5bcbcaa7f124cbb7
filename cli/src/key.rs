//! `sigma-auth key new` and `key show`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use sigma_auth_core::{Network, PrivateKey};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::key_input::{self, KeyForm, LoadedKey};
use crate::output::Out;

/// The `key` commands.
#[derive(Subcommand)]
pub enum KeyCommand {
    /// A new random key.
    New {
        /// Write the WIF for testnet.
        #[arg(long)]
        testnet: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the public key and address of a private key (WIF or 64 hex digits).
    ///
    /// With --json: {"wif","public_key","address","network","compressed"}, and for a WIF marked
    /// uncompressed also "public_key_uncompressed" and "address_uncompressed".
    Show(ShowArgs),
}

/// `key show`.
#[derive(Args)]
pub struct ShowArgs {
    /// The key (WIF or 64 hex digits), or `-` to read it from standard input; without it,
    /// --wif-file or SIGMA_AUTH_WIF. A key written here is visible in the process list.
    #[arg(value_name = "KEY", conflicts_with = "wif_file")]
    key: Option<String>,
    /// Read the key from FILE.
    #[arg(long, value_name = "FILE")]
    wif_file: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs a `key` command.
pub fn run(cmd: KeyCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    let (loaded, json_out) = match cmd {
        KeyCommand::New { testnet, json } => {
            let network = if testnet {
                Network::Testnet
            } else {
                Network::Mainnet
            };
            let key = LoadedKey {
                key: PrivateKey::generate()?,
                network,
                form: KeyForm::CompressedWif,
            };
            (key, json)
        }
        KeyCommand::Show(a) => {
            let key = key_input::load(
                a.key.map(Zeroizing::new),
                a.wif_file.as_deref(),
                "key show -",
            )?;
            (key, a.json)
        }
    };
    show(&loaded, json_out, out)?;
    Ok(ExitCode::SUCCESS)
}

fn show(k: &LoadedKey, json_out: bool, out: &mut Out) -> Result<(), Failure> {
    let network = k.network;
    let public = k.key.public_key();
    let wif = k.key.to_wif(network);
    let net_name = match network {
        Network::Mainnet => "mainnet",
        Network::Testnet => "testnet",
    };
    let uncompressed = k.form == KeyForm::UncompressedWif;
    if json_out {
        let mut j = json!({"wif": &*wif, "public_key": public.to_hex(),
                           "address": public.address(network), "network": net_name,
                           "compressed": !uncompressed});
        if uncompressed {
            j["public_key_uncompressed"] =
                base16ct::lower::encode_string(&public.to_uncompressed()).into();
            j["address_uncompressed"] = public.address_uncompressed(network).into();
        }
        let text = Zeroizing::new(j.to_string());
        writeln!(out, "{}", &*text)?;
        if let Some(serde_json::Value::String(w)) = j.get_mut("wif") {
            zeroize::Zeroize::zeroize(w);
        }
        return Ok(());
    }
    if uncompressed {
        writeln!(
            out,
            "note:       this WIF is marked uncompressed; sigma-auth signs for the compressed key below"
        )?;
        writeln!(out, "wif:        {} (the same key, compressed)", &*wif)?;
    } else {
        writeln!(out, "wif:        {}", &*wif)?;
    }
    writeln!(out, "public key: {public}")?;
    writeln!(out, "address:    {}", public.address(network))?;
    if uncompressed {
        writeln!(
            out,
            "uncompressed public key: {}",
            base16ct::lower::encode_string(&public.to_uncompressed())
        )?;
        writeln!(
            out,
            "uncompressed address:    {}",
            public.address_uncompressed(network)
        )?;
    }
    Ok(())
}
