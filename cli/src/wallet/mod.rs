//! `sigma-auth wallet create|import|show|export-bap`: the local signer's keystore (see
//! [`keystore`] for the file, [`keys`] for the key derivations).

pub mod keys;
pub mod keystore;
pub mod passphrase;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use sigma_auth_core::Network;
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::output::Out;
use keystore::{KdfParams, KeystoreError, Sealer, Secrets};

/// The wallet commands.
#[derive(Subcommand)]
pub enum WalletCommand {
    /// Create a wallet with a new random BIP39 mnemonic (the mnemonic is not printed; see
    /// export-bap for a backup).
    Create {
        #[command(flatten)]
        file: WalletFile,
        /// Number of mnemonic words: 12, 15, 18, 21 or 24.
        #[arg(long, default_value_t = 24)]
        words: usize,
        /// Replace an existing wallet file.
        #[arg(long)]
        force: bool,
    },
    /// Create a wallet from a BIP39 mnemonic read on standard input (a TokenPass mnemonic gives
    /// the same keys when the same passphrase is used).
    Import {
        #[command(flatten)]
        file: WalletFile,
        /// Replace an existing wallet file.
        #[arg(long)]
        force: bool,
    },
    /// Show the wallet's public keys and hosts (no secret).
    Show {
        #[command(flatten)]
        file: WalletFile,
    },
    /// Write a bsv-bap backup (`{"xprv","mnemonic"}`, secret!) to --out with mode 0600.
    ExportBap {
        #[command(flatten)]
        file: WalletFile,
        /// Where to write the backup.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace an existing backup file.
        #[arg(long)]
        force: bool,
    },
}

/// The wallet file and where its passphrase comes from.
#[derive(Args)]
pub struct WalletFile {
    /// The wallet file.
    #[arg(long, value_name = "FILE")]
    pub wallet: PathBuf,
    /// Read the passphrase from this file's first line (when SIGMA_AUTH_PASSPHRASE is unset).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

/// Runs a wallet command.
pub fn run(command: WalletCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    match command {
        WalletCommand::Create { file, words, force } => {
            refuse_existing(&file.wallet, force)?;
            let mnemonic = keys::generate_mnemonic(words).map_err(Failure::usage)?;
            let phrase = Zeroizing::new(mnemonic.to_string());
            save_new(&file, &phrase, force, out)
        }
        WalletCommand::Import { file, force } => {
            refuse_existing(&file.wallet, force)?;
            let mut text = Zeroizing::new(String::new());
            std::io::stdin()
                .lock()
                .take(4096)
                .read_to_string(&mut text)
                .map_err(|e| {
                    Failure::Io(format!("reading the mnemonic from standard input: {e}"))
                })?;
            let mnemonic = keys::parse_mnemonic(&text).map_err(Failure::usage)?;
            let phrase = Zeroizing::new(mnemonic.to_string());
            save_new(&file, &phrase, force, out)
        }
        WalletCommand::Show { file } => {
            let (secrets, _) = open(&file)?;
            let keys = unlock_keys(&secrets)?;
            let mut hosts = Vec::new();
            for (i, host) in secrets.hosts.iter().enumerate() {
                let key = keys.host_key(i as u32).map_err(Failure::usage)?;
                hosts.push(json!({
                    "host": host, "account": i, "path": keys::host_path(i as u32),
                    "publicKey": key.public_key().to_hex(),
                    "address": key.public_key().address(Network::Mainnet),
                }));
            }
            let master = keys.master.public_key();
            let shown = json!({
                "wallet": file.wallet.display().to_string(),
                "formatVersion": keystore::FORMAT_VERSION,
                "masterPublicKey": master.to_hex(),
                "masterAddress": master.address(Network::Mainnet),
                "hosts": hosts,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&shown).unwrap_or_default()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        WalletCommand::ExportBap {
            file,
            out: path,
            force,
        } => {
            let (secrets, _) = open(&file)?;
            let keys = unlock_keys(&secrets)?;
            let backup = Zeroizing::new(
                json!({"xprv": keys.root.to_xprv().as_str(), "mnemonic": secrets.mnemonic})
                    .to_string(),
            );
            if path.exists() && !force {
                return Err(Failure::usage(format!(
                    "{} exists; it is not overwritten without --force",
                    path.display()
                )));
            }
            write_private(&path, backup.as_bytes())?;
            writeln!(
                out,
                "wrote a bsv-bap backup (secret; mode 0600) to {}",
                path.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the wallet with its passphrase (from the usual sources).
pub fn open(file: &WalletFile) -> Result<(Secrets, Sealer), Failure> {
    let phrase = passphrase::require(
        file.passphrase_file.as_deref(),
        "Wallet passphrase: ",
        false,
    )?;
    keystore::open(&file.wallet, &phrase).map_err(keystore_failure)
}

/// The keys of an opened wallet.
pub fn unlock_keys(secrets: &Secrets) -> Result<keys::WalletKeys, Failure> {
    keys::WalletKeys::from_mnemonic(&secrets.mnemonic, &secrets.bip39_passphrase)
        .map_err(Failure::usage)
}

/// A keystore error as a command failure (its reason code in front).
pub fn keystore_failure(e: KeystoreError) -> Failure {
    match e.reason {
        Some(r) => Failure::usage(format!("{}: {}", r.code(), e.message)),
        None => Failure::Io(e.message),
    }
}

fn refuse_existing(path: &Path, force: bool) -> Result<(), Failure> {
    if path.exists() && !force {
        return Err(Failure::usage(format!(
            "{} exists; it is not overwritten without --force",
            path.display()
        )));
    }
    Ok(())
}

fn save_new(
    file: &WalletFile,
    mnemonic: &str,
    force: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let phrase = passphrase::require(
        file.passphrase_file.as_deref(),
        "New wallet passphrase: ",
        true,
    )?;
    let secrets = Secrets {
        mnemonic: mnemonic.to_string(),
        bip39_passphrase: phrase.to_string(),
        hosts: Vec::new(),
    };
    let keys = unlock_keys(&secrets)?;
    let sealer = Sealer::new(&file.wallet, &phrase, KdfParams::for_new_wallet())
        .map_err(keystore_failure)?;
    sealer.save(&secrets, force).map_err(keystore_failure)?;
    writeln!(
        out,
        "wallet written to {} (master public key {})",
        file.wallet.display(),
        keys.master.public_key().to_hex()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a secret file with mode 0600 (created fresh; replaced when it exists).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))
}
