//! Bitcoin Signed Message: the magic hash, 65-byte compact signatures, verification against a
//! public key, and public-key recovery.
//!
//! ```
//! use sigma_auth_core::{bsm, Policy, PrivateKey};
//! let key = PrivateKey::from_wif("L211enC224G1kV8pyyq7bjVd9SxZebnRYEzzM3i7ZHCc1c5E7dQu")?;
//! let sig = bsm::sign_base64(b"hello world", &key)?;
//! assert_eq!(sig, "H4T8Asr0WkC6wYfBESR6pCAfECtdsPM4fwiSQ2qndFi8dVtv/mrOFaySx9xQE7j24ugoJ4iGnsRwAC8QwaoHOXk=");
//! bsm::verify_base64(b"hello world", &sig, key.public_key(), Policy::Strict)?;
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;

use crate::der::split;
use crate::ec::{self, Active, Backend};
use crate::encoding::{base64_decode, base64_decode_lenient, base64_encode, varint};
use crate::error::Error;
use crate::hash::{sha256, sha256_parts};
use crate::keys::{PrivateKey, PublicKey};
use crate::policy::Policy;

const MAGIC: &[u8] = b"Bitcoin Signed Message:\n";
const FIELD: &str = "bsm.signature";

/// `SHA-256(SHA-256(varint(24) || "Bitcoin Signed Message:\n" || varint(len) || message))`.
pub fn magic_hash(message: &[u8]) -> [u8; 32] {
    magic_hash_parts(&[message])
}

/// [`magic_hash`] of the concatenation of `parts`, hashed in place without joining them.
pub fn magic_hash_parts(parts: &[&[u8]]) -> [u8; 32] {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let (magic_len, magic_len_used) = varint(MAGIC.len() as u64);
    let (message_len, message_len_used) = varint(len as u64);
    let prefix = [
        &magic_len[..magic_len_used],
        MAGIC,
        &message_len[..message_len_used],
    ];
    sha256(&sha256_parts(
        prefix.into_iter().chain(parts.iter().copied()),
    ))
}

/// A parsed 65-byte compact signature: header byte, then `r || s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompactSignature {
    header: u8,
    rs: ec::Compact,
}

impl CompactSignature {
    /// Parses 65 bytes under `policy`. Strict: header 31..=34 (compressed key), `r` and `s` in
    /// `[1, n-1]`, low S. Compat: header 27..=34, `r` and `s` in `[1, n-1]`.
    pub fn parse(bytes: &[u8], policy: Policy) -> Result<CompactSignature, Error> {
        let bytes: &[u8; 65] = bytes.try_into().map_err(|_| Error::InvalidLength {
            field: FIELD,
            expected: 65,
            actual: bytes.len(),
        })?;
        let bad = |why| Error::InvalidSignatureEncoding { field: FIELD, why };
        let header = bytes[0];
        match (policy, header) {
            (Policy::Strict, 31..=34) | (Policy::Compat, 27..=34) => {}
            (Policy::Strict, 27..=30) => return Err(bad("header claims an uncompressed key")),
            _ => return Err(bad("header byte outside 27..=34")),
        }
        let mut rs = [0u8; 64];
        rs.copy_from_slice(&bytes[1..]);
        let (r, s) = split(&rs);
        if !ec::in_scalar_range(&r) || !ec::in_scalar_range(&s) {
            return Err(bad("r or s is not in [1, n-1]"));
        }
        if policy == Policy::Strict && ec::is_high_s(&s) {
            return Err(bad("s is above n/2 (high S)"));
        }
        Ok(CompactSignature { header, rs })
    }

    /// Parses the base64 text of 65 bytes: canonical padded base64 under `Strict`, the
    /// reference's lenient base64 under `Compat`.
    pub fn parse_base64(text: &str, policy: Policy) -> Result<CompactSignature, Error> {
        // 65 bytes are 88 base64 characters; leave room for Compat's spellings, refuse the rest
        // before decoding.
        if text.len() > 256 {
            return Err(Error::InvalidLength {
                field: FIELD,
                expected: 65,
                actual: text.len() / 4 * 3,
            });
        }
        let bytes = match policy {
            Policy::Strict => base64_decode(FIELD, text)?,
            Policy::Compat => base64_decode_lenient(FIELD, text)?,
        };
        Self::parse(&bytes, policy)
    }

    /// The header byte (27 + recovery id, + 4 when the key is compressed).
    pub fn header(&self) -> u8 {
        self.header
    }

    /// The recovery id, `(header - 27) & 3`.
    pub fn recovery_id(&self) -> u8 {
        (self.header - 27) & 3
    }

    /// Whether the header claims a compressed key.
    pub fn compressed(&self) -> bool {
        self.header >= 31
    }

    /// `r || s`.
    pub fn rs(&self) -> &ec::Compact {
        &self.rs
    }

    /// The 65 bytes.
    pub fn to_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out[0] = self.header;
        out[1..].copy_from_slice(&self.rs);
        out
    }
}

/// Signs `message`: RFC 6979, low S, header `31 + recid` (compressed key). Byte-identical to
/// `BSM.sign` of `@bsv/sdk`.
pub fn sign(message: &[u8], key: &PrivateKey) -> Result<[u8; 65], Error> {
    sign_with::<Active>(message, key)
}

/// [`sign`], then standard base64 (88 characters).
pub fn sign_base64(message: &[u8], key: &PrivateKey) -> Result<String, Error> {
    Ok(base64_encode(&sign(message, key)?))
}

pub(crate) fn sign_with<B: Backend>(message: &[u8], key: &PrivateKey) -> Result<[u8; 65], Error> {
    let (rs, recid) =
        B::sign(key.secret(), &magic_hash(message)).ok_or(Error::InvalidPrivateKey {
            field: "private_key",
            why: "the curve backend refused the scalar",
        })?;
    let mut out = [0u8; 65];
    out[0] = 31 + recid;
    out[1..].copy_from_slice(&rs);
    Ok(out)
}

/// Verifies `sig` over `message` for `key`.
///
/// Strict: the header's recovery id must recover exactly `key` (what every reference signer
/// produces). Compat: plain ECDSA against `key` with the header ignored and high S allowed, as
/// `BSM.verify` of `@bsv/sdk` does.
pub fn verify(
    message: &[u8],
    sig: &CompactSignature,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    verify_with::<Active>(message, sig, key, policy)
}

/// [`verify`] of a base64 signature (parsed under the same `policy`).
pub fn verify_base64(
    message: &[u8],
    sig: &str,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    verify(
        message,
        &CompactSignature::parse_base64(sig, policy)?,
        key,
        policy,
    )
}

pub(crate) fn verify_with<B: Backend>(
    message: &[u8],
    sig: &CompactSignature,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    verify_digest_with::<B>(&magic_hash(message), sig, key, policy)
}

pub(crate) fn verify_digest_with<B: Backend>(
    digest: &[u8; 32],
    sig: &CompactSignature,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    let ok = match policy {
        // One recovery settles both the signature and the key: a point recovered from (r, s)
        // and e is exactly a key for which (r, s) verifies over e.
        Policy::Strict => {
            B::recover(digest, &sig.rs, sig.recovery_id()).is_some_and(|q| &q == key.point())
        }
        Policy::Compat => B::verify(key.point(), digest, &sig.rs),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::SignatureMismatch { field: FIELD })
    }
}

/// The key the header's recovery id recovers from `digest`. One recovery settles both the
/// signature and the key: a point recovered from `(r, s)` and `e` is exactly a key for which
/// `(r, s)` verifies over `e`.
pub(crate) fn recover_digest_with<B: Backend>(
    digest: &[u8; 32],
    sig: &CompactSignature,
) -> Option<PublicKey> {
    B::recover(digest, &sig.rs, sig.recovery_id()).map(PublicKey::from_point)
}

/// [`recover_digest_with`] on the active backend.
pub(crate) fn recover_digest(digest: &[u8; 32], sig: &CompactSignature) -> Option<PublicKey> {
    recover_digest_with::<Active>(digest, sig)
}

/// Recovers the signing key from the header's recovery id, and whether the header claims a
/// compressed key. With a high `s` (Compat only) the result is the key the reference recovers,
/// which is not the signer's unless the header parity was flipped.
pub fn recover(message: &[u8], sig: &CompactSignature) -> Result<(PublicKey, bool), Error> {
    Active::recover(&magic_hash(message), &sig.rs, sig.recovery_id())
        .map(|q| (PublicKey::from_point(q), sig.compressed()))
        .ok_or(Error::SignatureMismatch { field: FIELD })
}
