//! The BAP ID ("identity key") of an identity: `base58(RIPEMD160(SHA256(utf8(rootAddress))))`.
//!
//! The address **text** is hashed, not its decoded hash160, and the result is plain base58 of 20
//! bytes (no version byte, no checksum), usually 27 or 28 characters (`bsv-bap`
//! `bapIdFromAddress`, spec §2.1).

use alloc::string::String;

use subtle::ConstantTimeEq;

use super::refused;
use crate::error::{Error, Reason};
use crate::hash::{ripemd160, sha256, sha256d};
use crate::keys::{Network, PublicKey};

/// The longest base58 spelling of 25 bytes.
const MAX_ADDRESS_CHARS: usize = 35;

/// The BAP ID of a mainnet P2PKH `address`. The address must be valid (base58check, version
/// `0x00`, 20 bytes): the reference hashes any text, but an ID made from a mistyped address
/// belongs to nobody.
pub fn bap_id_from_address(address: &str) -> Result<String, Error> {
    check_address("address", address)?;
    Ok(bap_id_of_text(address))
}

/// The BAP ID of a public key: the BAP ID of its **compressed** address, whatever SEC1 spelling
/// the key was read from (`bapIdFromPubkey`).
pub fn bap_id_from_public_key(key: &PublicKey) -> String {
    bap_id_of_text(&key.address(Network::Mainnet))
}

fn bap_id_of_text(address: &str) -> String {
    bs58::encode(ripemd160(&sha256(address.as_bytes()))).into_string()
}

/// Checks that `text` is a mainnet P2PKH address and returns its hash160.
pub fn check_address(field: &'static str, text: &str) -> Result<[u8; 20], Error> {
    let bad = |why| refused(Reason::InvalidAddress, field, why);
    // Base58 decoding is quadratic: refuse what cannot be an address before decoding it.
    if text.len() > MAX_ADDRESS_CHARS {
        return Err(bad("longer than any P2PKH address (35 characters)"));
    }
    let raw = bs58::decode(text)
        .into_vec()
        .map_err(|_| bad("not base58"))?;
    if raw.len() != 25 {
        return Err(bad("not 25 bytes once decoded"));
    }
    let (payload, check) = raw.split_at(21);
    if !bool::from(sha256d(payload)[..4].ct_eq(check)) {
        return Err(bad("checksum mismatch"));
    }
    if payload[0] != 0x00 {
        return Err(bad("version byte is not 0x00 (mainnet P2PKH)"));
    }
    let mut hash = [0u8; 20];
    hash.copy_from_slice(&payload[1..]);
    Ok(hash)
}
