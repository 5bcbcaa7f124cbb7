//! Private keys from a file, the environment or standard input; on the command line only with a
//! warning. A key is WIF or 64 hex digits wherever one is taken, and no message echoes it.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use sigma_auth_core::{Error, Network, PrivateKey, Wif};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::input::shown;
use crate::output::warn;

/// The environment variable read when no key option is given.
pub const KEY_ENV: &str = "SIGMA_AUTH_WIF";

/// The most bytes read from a key file or standard input (a key is at most 64 characters).
const MAX_KEY_INPUT: u64 = 4096;

/// The key options of a signing command.
#[derive(Args)]
pub struct KeyArgs {
    /// The private key (WIF or 64 hex digits), or `-` to read it from standard input. A key
    /// written here is visible to every user of the machine in the process list: prefer
    /// `--wif -`, --wif-file or the SIGMA_AUTH_WIF environment variable.
    #[arg(long, value_name = "KEY", conflicts_with = "wif_file")]
    wif: Option<String>,
    /// Read the private key (WIF or 64 hex digits) from FILE.
    #[arg(long, value_name = "FILE")]
    wif_file: Option<PathBuf>,
}

impl KeyArgs {
    /// Whether the key is to be read from standard input (`--wif -`).
    pub fn reads_stdin(&self) -> bool {
        self.wif.as_deref() == Some("-")
    }

    /// Reads the key from `--wif`, `--wif-file` or SIGMA_AUTH_WIF, in that order.
    pub fn load(self) -> Result<LoadedKey, Failure> {
        load(
            self.wif.map(Zeroizing::new),
            self.wif_file.as_deref(),
            "--wif -",
        )
    }
}

/// How the key was written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyForm {
    /// A WIF marked for the compressed public key.
    CompressedWif,
    /// A WIF marked for the uncompressed public key.
    UncompressedWif,
    /// 64 hex digits.
    Hex,
}

/// A private key with what its spelling said about it.
pub struct LoadedKey {
    /// The key.
    pub key: PrivateKey,
    /// The network of the WIF (mainnet for hex).
    pub network: Network,
    /// How the key was written.
    pub form: KeyForm,
}

impl LoadedKey {
    /// Warns that a signing command uses the compressed public key of an uncompressed WIF.
    pub fn warn_if_uncompressed(&self) {
        if self.form == KeyForm::UncompressedWif {
            warn(format_args!(
                "the WIF is marked uncompressed; sigma-auth signs for the compressed public key {} (address {})",
                self.key.public_key(),
                self.key.public_key().address(self.network)
            ));
        }
    }
}

/// Reads a key: `arg` (`-` is standard input), else `file`, else SIGMA_AUTH_WIF.
/// `stdin_form` is how the command asks for standard input (`--wif -`), named in messages.
pub fn load(
    arg: Option<Zeroizing<String>>,
    file: Option<&Path>,
    stdin_form: &str,
) -> Result<LoadedKey, Failure> {
    let (text, source) = match (arg, file) {
        (Some(a), _) if a.as_str() == "-" => (
            read_limited(std::io::stdin().lock(), "standard input")?,
            "the key on standard input".to_string(),
        ),
        (Some(a), _) => {
            warn(format_args!(
                "a key on the command line is visible to other users in the process list; \
                 use --wif-file FILE, {KEY_ENV}, or `{stdin_form}` and standard input"
            ));
            (a, "the key on the command line".to_string())
        }
        (None, Some(path)) => {
            let f = std::fs::File::open(path)
                .map_err(|e| Failure::Io(format!("--wif-file {}: {e}", shown(path))))?;
            (
                read_limited(f, "--wif-file")?,
                format!("the key in {}", shown(path)),
            )
        }
        (None, None) => match std::env::var(KEY_ENV) {
            Ok(v) if !v.is_empty() => (Zeroizing::new(v), format!("the key in {KEY_ENV}")),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Failure::usage(format!("{KEY_ENV} is not UTF-8 text")));
            }
            _ => {
                return Err(Failure::usage(format!(
                    "no private key: give --wif-file FILE, set {KEY_ENV}, or pass `{stdin_form}` \
                     and write the key to standard input"
                )));
            }
        },
    };
    parse(text.trim()).map_err(|why| Failure::usage(format!("{source}: {why}")))
}

/// Reads at most [`MAX_KEY_INPUT`] bytes of UTF-8 text into a buffer wiped on drop.
fn read_limited(reader: impl Read, what: &str) -> Result<Zeroizing<String>, Failure> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(128));
    reader
        .take(MAX_KEY_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("reading the key from {what}: {e}")))?;
    if bytes.len() as u64 > MAX_KEY_INPUT {
        return Err(Failure::usage(format!(
            "{what} holds more than {MAX_KEY_INPUT} bytes, far more than a key"
        )));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_string())),
        Err(_) => Err(Failure::usage(format!("{what} is not UTF-8 text"))),
    }
}

/// Parses a WIF or 64 hex digits. The error says what is wrong without quoting the key.
pub fn parse(text: &str) -> Result<LoadedKey, String> {
    if text.is_empty() {
        return Err("empty: expected a WIF or 64 hex digits".into());
    }
    // Bound the length before base58 decoding, whose work grows with the square of it.
    if text.len() > 64 {
        return Err(format!(
            "{} characters, too long for a private key (a WIF has 51 or 52, hex 64)",
            text.len()
        ));
    }
    let all_hex = text.bytes().all(|b| b.is_ascii_hexdigit());
    if all_hex && text.len() == 64 {
        return PrivateKey::from_hex(text)
            .map(|key| LoadedKey {
                key,
                network: Network::Mainnet,
                form: KeyForm::Hex,
            })
            .map_err(|e| match e {
                Error::InvalidPrivateKey { why, .. } => {
                    format!("64 hex digits, but the key is {why}")
                }
                other => other.to_string(),
            });
    }
    let base58 = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'));
    if !base58 {
        return Err(if all_hex {
            format!(
                "{} hex digits; a hex private key has 64 (or write it as WIF)",
                text.len()
            )
        } else {
            "neither a WIF (it has characters outside base58) nor 64 hex digits".to_string()
        });
    }
    match Wif::decode(text) {
        Ok(w) => Ok(LoadedKey {
            form: if w.compressed {
                KeyForm::CompressedWif
            } else {
                KeyForm::UncompressedWif
            },
            key: w.key,
            network: w.network,
        }),
        Err(Error::InvalidWif { why }) => Err(format!("not a valid WIF: {why}")),
        Err(other) => Err(other.to_string()),
    }
}
