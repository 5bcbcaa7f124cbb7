//! Where a wallet passphrase comes from: the `SIGMA_AUTH_PASSPHRASE` environment variable, else
//! `--passphrase-file FILE` (its first line), else a prompt on the terminal. The passphrase is
//! NFKD-normalized (as BIP39 does), so every spelling of the same text opens the wallet.

use std::io::{IsTerminal, Read};
use std::path::Path;

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::failure::Failure;

/// The environment variable holding the passphrase.
pub const ENV: &str = "SIGMA_AUTH_PASSPHRASE";
/// The longest passphrase accepted, in bytes.
const MAX_LEN: usize = 4096;

/// The passphrase, or `None` when there is none to be had (no variable, no file, no terminal).
/// `confirm` asks twice at a prompt (for a new wallet). An empty passphrase is refused.
pub fn read(
    file: Option<&Path>,
    prompt: &str,
    confirm: bool,
) -> Result<Option<Zeroizing<String>>, Failure> {
    let text = if let Ok(v) = std::env::var(ENV) {
        Zeroizing::new(v)
    } else if let Some(path) = file {
        let mut bytes = Zeroizing::new(Vec::new());
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_LEN as u64 + 2).read_to_end(&mut bytes))
            .map_err(|e| Failure::Io(format!("--passphrase-file {}: {e}", path.display())))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| Failure::usage("--passphrase-file: not UTF-8 text"))?;
        Zeroizing::new(text.lines().next().unwrap_or("").to_string())
    } else if std::io::stdin().is_terminal() || std::io::stderr().is_terminal() {
        let first = Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| Failure::Io(format!("reading the passphrase: {e}")))?,
        );
        if confirm {
            let again = Zeroizing::new(
                rpassword::prompt_password("Repeat the passphrase: ")
                    .map_err(|e| Failure::Io(format!("reading the passphrase: {e}")))?,
            );
            if *again != *first {
                return Err(Failure::usage("the two passphrases differ"));
            }
        }
        first
    } else {
        return Ok(None);
    };
    if text.is_empty() {
        return Err(Failure::usage(
            "the passphrase is empty; an empty passphrase is refused",
        ));
    }
    if text.len() > MAX_LEN {
        return Err(Failure::usage("the passphrase is longer than 4096 bytes"));
    }
    Ok(Some(Zeroizing::new(text.nfkd().collect())))
}

/// [`read`], failing when no passphrase can be had.
pub fn require(
    file: Option<&Path>,
    prompt: &str,
    confirm: bool,
) -> Result<Zeroizing<String>, Failure> {
    read(file, prompt, confirm)?.ok_or_else(|| {
        Failure::usage(format!(
            "no passphrase: set {ENV}, give --passphrase-file FILE, or run on a terminal"
        ))
    })
}
