//! BAP path rotation: `Utils.getNextPath` of `bsv-bap` 0.1.24.
//!
//! * Type42 paths: `bap:<n>` → `bap:<n>:1` → `bap:<n>:2` …
//! * legacy bare numbers (old Type42 backups): `1` → `2`.
//! * BIP32 paths: the last component plus one, keeping its `'` (`…/0'/1'` → `…/0'/2'`).

use alloc::format;
use alloc::string::String;

use super::refused;
use crate::error::{Error, Reason};

/// The longest path accepted (far above anything BAP writes).
const MAX_PATH_CHARS: usize = 4096;

/// The path after `path`, as `getNextPath` computes it.
pub fn next_path(path: &str) -> Result<String, Error> {
    let bad = |why| refused(Reason::InvalidDerivationPath, "path", why);
    if path.len() > MAX_PATH_CHARS {
        return Err(bad("longer than 4096 characters"));
    }
    if let Some(rest) = path.strip_prefix("bap:") {
        let (identity, rotation) = match rest.split_once(':') {
            Some((i, r)) => (i, Some(r)),
            None => (rest, None),
        };
        if is_digits(identity) && rotation.is_none_or(is_digits) {
            return Ok(match rotation {
                None => format!("bap:{identity}:1"),
                Some(r) => format!("bap:{identity}:{}", increment(r)?),
            });
        }
    }
    if is_digits(path) {
        return increment(path);
    }
    let Some((head, last)) = path.rsplit_once('/') else {
        return Err(bad("neither `bap:<n>[:<k>]`, a number, nor a `/` path"));
    };
    let hardened = last.contains('\'');
    let digits: String = last.chars().filter(char::is_ascii_digit).collect();
    let next = if digits.is_empty() {
        String::from("1")
    } else {
        increment(&digits)?
    };
    Ok(format!("{head}/{next}{}", if hardened { "'" } else { "" }))
}

/// The root and first current path of the `n`-th identity of a BIP32 `BAP` instance
/// (`getNextValidPath`, `getNextIdentityPath`): `m/424150'/0'/0'/0'/<n>'/0'` and `…/1'`.
pub fn legacy_identity_paths(n: u32) -> (String, String) {
    let base = format!("{}/0'/{}'", super::SIGNING_PATH_PREFIX, n & 0x7fff_ffff);
    (format!("{base}/0'"), format!("{base}/1'"))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Decimal `text` plus one (JavaScript `Number(text) + 1` for values below 2^53).
fn increment(text: &str) -> Result<String, Error> {
    let value: u64 = text.parse().map_err(|_| {
        refused(
            Reason::InvalidDerivationPath,
            "path",
            "a path index is not a number below 2^53",
        )
    })?;
    if value >= (1 << 53) - 1 {
        return Err(refused(
            Reason::InvalidDerivationPath,
            "path",
            "a path index is not a number below 2^53",
        ));
    }
    Ok(format!("{}", value + 1))
}
