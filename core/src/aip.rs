//! AIP (Author Identity Protocol) signatures over OP_RETURN pushes (spec/identity.md §1).
//!
//! The pushes are those after the `OP_RETURN` opcode. A signed payload is
//! `P1 .. Pk | 15PciHG22SNLQJXMoSUaWVi7WSqc7hCfva BITCOIN_ECDSA <address> <signature>`, and the
//! signature is a Bitcoin Signed Message over `0x6a || P1 || .. || Pk`, with or without a
//! trailing `|` ([`Convention`]): bsv-bap signs ID transactions without the pipe and
//! attestations (and go-aip) with it.
//!
//! Verification is strict: exactly those five AIP pushes at the end, algorithm `BITCOIN_ECDSA`
//! (or go-aip's `BitcoinSignedMessage`), a 65-byte raw (or 88-character base64) signature with
//! header 31..34 and low S, the key recovered with the header's recovery id, and its compressed
//! mainnet address equal to the address push. Empty pushes add nothing to the signed bytes, so
//! `["a", "", "b"]` and `["a", "b"]` carry the same signature (§5 item 5): never rely on AIP
//! alone to bind a field structure.
//!
//! ```
//! use sigma_auth_core::{aip, PrivateKey};
//! let key = PrivateKey::from_wif("KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH")?;
//! let data: [&[u8]; 2] = [b"19HxigV4QyBv3tHpQVcUEQyq1pzZVdoAut", b"hello"];
//! let signed = aip::sign_payload(&data, &key, aip::Convention::WithPipe)?;
//! let verified = aip::verify(&signed)?;
//! assert_eq!(verified.address, key.public_key().address(Default::default()));
//! assert_eq!(verified.convention, aip::Convention::WithPipe);
//! assert_eq!(verified.data_pushes, 2);
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::bsm::{self, CompactSignature};
use crate::error::{Error, Reason};
use crate::keys::{Network, PrivateKey, PublicKey};
use crate::policy::Policy;

/// The AIP protocol prefix, pushed as its 34 ASCII bytes.
pub const PREFIX: &[u8] = b"15PciHG22SNLQJXMoSUaWVi7WSqc7hCfva";
/// The algorithm name every signer writes.
pub const ALGORITHM: &[u8] = b"BITCOIN_ECDSA";
/// The other algorithm name go-aip accepts for the same signature.
pub const ALGORITHM_BSM: &[u8] = b"BitcoinSignedMessage";
/// The one-byte separator push `|`.
pub const PIPE: &[u8] = b"|";
/// How many pushes the AIP part has: `|`, prefix, algorithm, address, signature.
pub const AIP_PUSHES: usize = 5;

/// Whether the signed bytes end with the `|` separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Convention {
    /// `0x6a || P1..Pk || "|"`: bsv-bap attestations, go-aip, go-bap.
    WithPipe,
    /// `0x6a || P1..Pk`: bsv-bap `signOpReturnWithAIP` (ID transactions, generic AIP).
    WithoutPipe,
}

impl Convention {
    /// `"with_pipe"` or `"without_pipe"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::WithPipe => "with_pipe",
            Convention::WithoutPipe => "without_pipe",
        }
    }
}

/// A verified AIP signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The signer's (compressed-key, mainnet) address, as pushed.
    pub address: String,
    /// The signer's public key, recovered from the signature.
    pub public_key: PublicKey,
    /// Which signed bytes matched.
    pub convention: Convention,
    /// How many data pushes precede the AIP part (they are `pushes[..data_pushes]`).
    pub data_pushes: usize,
}

fn refused(reason: Reason, field: &'static str, why: &'static str) -> Error {
    Error::Refused { reason, field, why }
}

/// The bytes AIP signs: `0x6a || P1 || .. || Pk`, then `|` for [`Convention::WithPipe`].
pub fn message<P: AsRef<[u8]>>(data: &[P], convention: Convention) -> Vec<u8> {
    let len: usize = data.iter().map(|p| p.as_ref().len()).sum();
    let mut out = Vec::with_capacity(len + 2);
    out.push(crate::script::OP_RETURN);
    for p in data {
        out.extend_from_slice(p.as_ref());
    }
    if convention == Convention::WithPipe {
        out.extend_from_slice(PIPE);
    }
    out
}

fn magic_hash<P: AsRef<[u8]>>(data: &[P], convention: Convention) -> [u8; 32] {
    let mut parts: Vec<&[u8]> = Vec::with_capacity(data.len() + 2);
    parts.push(&[crate::script::OP_RETURN]);
    parts.extend(data.iter().map(|p| p.as_ref()));
    if convention == Convention::WithPipe {
        parts.push(PIPE);
    }
    bsm::magic_hash_parts(&parts)
}

/// Signs `data` and returns the four AIP pushes that follow the `|`: prefix, `BITCOIN_ECDSA`,
/// the key's compressed mainnet address, and the 65 raw signature bytes (RFC 6979, low S,
/// header 31..34).
pub fn sign<P: AsRef<[u8]>>(
    data: &[P],
    key: &PrivateKey,
    convention: Convention,
) -> Result<Vec<Vec<u8>>, Error> {
    let sig = bsm::sign(&message(data, convention), key)?;
    Ok(Vec::from([
        PREFIX.to_vec(),
        ALGORITHM.to_vec(),
        key.public_key().address(Network::Mainnet).into_bytes(),
        sig.to_vec(),
    ]))
}

/// Signs `data` and returns the whole payload after `OP_RETURN`: the data pushes, `|`, and the
/// four AIP pushes of [`sign`].
pub fn sign_payload<P: AsRef<[u8]>>(
    data: &[P],
    key: &PrivateKey,
    convention: Convention,
) -> Result<Vec<Vec<u8>>, Error> {
    let aip = sign(data, key, convention)?;
    let mut out = Vec::with_capacity(data.len() + AIP_PUSHES);
    out.extend(data.iter().map(|p| p.as_ref().to_vec()));
    out.push(PIPE.to_vec());
    out.extend(aip);
    Ok(out)
}

/// The AIP part of a payload, its layout checked, its signature not yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The data pushes before the `|`.
    pub data: &'a [&'a [u8]],
    /// The algorithm push (`BITCOIN_ECDSA` or `BitcoinSignedMessage`).
    pub algorithm: &'a [u8],
    /// The address push.
    pub address: &'a [u8],
    /// The signature, decoded and checked (header 31..34, low S).
    pub signature: CompactSignature,
}

/// Splits `pushes` into data and the AIP part, checking the layout and the signature encoding:
/// the last five pushes must be `|`, the prefix, a known algorithm, an address and a signature
/// (65 raw bytes, or 88 characters of base64).
pub fn parse<'a>(pushes: &'a [&'a [u8]]) -> Result<Parts<'a>, Error> {
    let Some(prefix_at) = pushes.iter().rposition(|p| *p == PREFIX) else {
        return Err(refused(
            Reason::AipMissing,
            "aip.prefix",
            "no push is the AIP prefix 15PciHG22SNLQJXMoSUaWVi7WSqc7hCfva",
        ));
    };
    if prefix_at == 0 || pushes[prefix_at - 1] != PIPE {
        return Err(refused(
            Reason::AipLayout,
            "aip.separator",
            "the AIP prefix does not follow a `|` push",
        ));
    }
    if pushes.len() != prefix_at + AIP_PUSHES - 1 {
        return Err(refused(
            Reason::AipLayout,
            "aip",
            "the AIP part is not exactly prefix, algorithm, address, signature after the `|` \
             (missing fields, or trailing or index pushes)",
        ));
    }
    let algorithm = pushes[prefix_at + 1];
    if algorithm != ALGORITHM && algorithm != ALGORITHM_BSM {
        return Err(refused(
            Reason::AipUnsupportedAlgorithm,
            "aip.algorithm",
            "not BITCOIN_ECDSA or BitcoinSignedMessage",
        ));
    }
    let signature = parse_signature(pushes[prefix_at + 3])?;
    Ok(Parts {
        data: &pushes[..prefix_at - 1],
        algorithm,
        address: pushes[prefix_at + 2],
        signature,
    })
}

fn parse_signature(push: &[u8]) -> Result<CompactSignature, Error> {
    let bad = |why| refused(Reason::AipBadSignatureEncoding, "aip.signature", why);
    let parsed = match push.len() {
        65 => CompactSignature::parse(push, Policy::Strict),
        88 => {
            let text =
                core::str::from_utf8(push).map_err(|_| bad("88 bytes that are not base64 text"))?;
            CompactSignature::parse_base64(text, Policy::Strict)
        }
        _ => return Err(bad("not 65 raw bytes or 88 characters of base64")),
    };
    parsed.map_err(|e| match e {
        Error::InvalidSignatureEncoding { why, .. } => bad(why),
        Error::InvalidBase64 { .. } => bad("88 bytes that are not canonical base64"),
        _ => bad("not a 65-byte compact signature"),
    })
}

/// Verifies the AIP signature at the end of `pushes` (the pushes after `OP_RETURN`): the
/// layout of [`parse`], then the signature over the data with the pipe, then without it.
pub fn verify<P: AsRef<[u8]>>(pushes: &[P]) -> Result<Verified, Error> {
    let pushes: Vec<&[u8]> = pushes.iter().map(|p| p.as_ref()).collect();
    let parts = parse(&pushes)?;
    for convention in [Convention::WithPipe, Convention::WithoutPipe] {
        if let Some(verified) = check(&parts, convention) {
            return Ok(verified);
        }
    }
    Err(refused(
        Reason::AipInvalidSignature,
        "aip.signature",
        "does not recover the AIP address over the data, with or without the pipe",
    ))
}

/// [`verify`] for one convention only (for protocols that fix it, such as BAP attestations).
pub fn verify_as<P: AsRef<[u8]>>(pushes: &[P], convention: Convention) -> Result<Verified, Error> {
    let pushes: Vec<&[u8]> = pushes.iter().map(|p| p.as_ref()).collect();
    let parts = parse(&pushes)?;
    check(&parts, convention).ok_or(refused(
        Reason::AipInvalidSignature,
        "aip.signature",
        "does not recover the AIP address over the data",
    ))
}

fn check(parts: &Parts<'_>, convention: Convention) -> Option<Verified> {
    let digest = magic_hash(parts.data, convention);
    let key = bsm::recover_digest(&digest, &parts.signature)?;
    let address = key.address(Network::Mainnet);
    if address.as_bytes() != parts.address {
        return None;
    }
    Some(Verified {
        address,
        public_key: key,
        convention,
        data_pushes: parts.data.len(),
    })
}
