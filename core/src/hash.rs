//! Hash functions, thin over RustCrypto: SHA-256, double SHA-256, RIPEMD-160, HASH160 and
//! HMAC-SHA256.

use hmac::{Hmac, KeyInit, Mac};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// SHA-256 of the concatenation of `parts`, without copying them together.
pub fn sha256_parts<P: AsRef<[u8]>>(parts: impl IntoIterator<Item = P>) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_ref());
    }
    h.finalize().into()
}

/// SHA-256(SHA-256(`data`)), Bitcoin's double hash.
pub fn sha256d(data: &[u8]) -> [u8; 32] {
    sha256(&sha256(data))
}

/// RIPEMD-160 of `data`.
pub fn ripemd160(data: &[u8]) -> [u8; 20] {
    Ripemd160::digest(data).into()
}

/// RIPEMD-160(SHA-256(`data`)), the hash inside a P2PKH address.
pub fn hash160(data: &[u8]) -> [u8; 20] {
    ripemd160(&sha256(data))
}

/// HMAC-SHA256 with `key` over `message`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so construction cannot fail.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 32],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA512 with `key` over `message` (BIP32 child derivation).
pub fn hmac_sha512(key: &[u8], message: &[u8]) -> [u8; 64] {
    // HMAC accepts keys of any length, so construction cannot fail.
    let mut mac = match <Hmac<sha2::Sha512> as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 64],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}
