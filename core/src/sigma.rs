//! Sigma transaction signatures (sigma-protocol 0.1.9; spec/identity.md §3).
//!
//! A Sigma instance is appended to an output's locking script:
//! `<sep> "SIGMA" <algorithm> <address> <signature> <vin>`, where `sep` is a `|` push when the
//! script already holds an `OP_RETURN` opcode and the `OP_RETURN` opcode otherwise. The signed
//! message is `SHA-256(inputHash || dataHash)`:
//!
//! - `inputHash = SHA-256(txid || le32(vout))` of the referenced input's outpoint, the txid in
//!   **display order** (as explorers print it), or `SHA-256(32 zero bytes)` without one;
//! - `dataHash = SHA-256(script bytes before the separator of this instance)`, over the raw
//!   bytes (the reference re-serializes its chunks, which is the same for minimal pushes, and
//!   fails on its own signatures after a binary round trip, §3.3).
//!
//! `BSM` signs the 32-byte message hash as a Bitcoin Signed Message (65 raw bytes); `BRC77`
//! puts a BRC-77 envelope over it. Verification is strict: header 31..34, low S, recovery from
//! the header, and for BRC77 the envelope's signer must own the instance's address.
//!
//! ```
//! use sigma_auth_core::{script, sigma, PrivateKey};
//! let key = PrivateKey::from_wif("KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH")?;
//! let unsigned = script::op_return(&[&b"hello"[..]])?;
//! let input = sigma::Outpoint::from_hex(&"ab".repeat(32), 1)?;
//! let signed = sigma::sign_bsm(&unsigned, Some(&input), 0, &key)?;
//! assert!(signed.starts_with(&unsigned));
//! let v = sigma::verify(&signed, Some(&input), 0)?;
//! assert_eq!(v.address, key.public_key().address(Default::default()));
//! assert_eq!(v.algorithm, sigma::Algorithm::Bsm);
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::bsm::{self, CompactSignature};
use crate::ec::Active;
use crate::encoding::hex_decode_array;
use crate::error::{Error, Reason};
use crate::hash::{sha256, sha256_parts};
use crate::keys::{Network, PrivateKey, PublicKey};
use crate::policy::Policy;
use crate::script::{self, Chunk, OP_RETURN};
use crate::signed_message;

/// The protocol push `SIGMA`.
pub const PREFIX: &[u8] = b"SIGMA";
/// The separator push `|` used when the script already holds an `OP_RETURN`.
pub const PIPE: &[u8] = b"|";

/// The signature algorithm of an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Bitcoin Signed Message over the message hash: 65 raw compact bytes.
    Bsm,
    /// A BRC-77 signed-message envelope over the message hash.
    Brc77,
}

impl Algorithm {
    /// `"BSM"` or `"BRC77"`, as pushed.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Bsm => "BSM",
            Algorithm::Brc77 => "BRC77",
        }
    }

    fn from_push(push: &[u8]) -> Option<Algorithm> {
        match push {
            b"BSM" => Some(Algorithm::Bsm),
            b"BRC77" => Some(Algorithm::Brc77),
            _ => None,
        }
    }
}

/// The outpoint an input spends: the previous transaction's id and output index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Outpoint {
    /// The txid in display order (the byte order of its usual hex, not the wire order).
    pub txid: [u8; 32],
    /// The output index.
    pub vout: u32,
}

impl Outpoint {
    /// The outpoint from a txid in its usual (display-order) hex, 64 digits.
    pub fn from_hex(txid: &str, vout: u32) -> Result<Outpoint, Error> {
        if txid.len() != 64 {
            return Err(Error::InvalidHex {
                field: "sigma.input_txid",
                why: "not 64 hex digits",
            });
        }
        Ok(Outpoint {
            txid: hex_decode_array("sigma.input_txid", txid)?,
            vout,
        })
    }
}

/// A verified Sigma instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The algorithm of the instance.
    pub algorithm: Algorithm,
    /// The signer's address, as pushed (the compressed key's mainnet P2PKH address).
    pub address: String,
    /// The signer's public key (recovered for BSM, the envelope's signer for BRC77).
    pub public_key: PublicKey,
    /// The input index the instance names.
    pub vin: u32,
}

fn refused(reason: Reason, field: &'static str, why: &'static str) -> Error {
    Error::Refused { reason, field, why }
}

/// `SHA-256(txid || le32(vout))`, or `SHA-256(32 zero bytes)` when there is no input.
pub fn input_hash(input: Option<&Outpoint>) -> [u8; 32] {
    match input {
        Some(o) => sha256_parts([&o.txid[..], &o.vout.to_le_bytes()]),
        None => sha256(&[0u8; 32]),
    }
}

/// `SHA-256(inputHash || dataHash)`: the 32 bytes that are signed.
pub fn message_hash(input_hash: &[u8; 32], data_hash: &[u8; 32]) -> [u8; 32] {
    sha256_parts([&input_hash[..], &data_hash[..]])
}

/// Signs `script` with BSM for the input `input` (`None`: no input, the dummy hash) and returns
/// the signed script: `script`, the separator, then the instance, with `vin` pushed as ASCII
/// decimal. Earlier instances stay covered: the data hash is over all of `script`.
pub fn sign_bsm(
    script: &[u8],
    input: Option<&Outpoint>,
    vin: u32,
    key: &PrivateKey,
) -> Result<Vec<u8>, Error> {
    let (msg, sep) = prepare(script, input)?;
    let sig = bsm::sign(&msg, key)?;
    append(script, sep, Algorithm::Bsm, key, &sig, vin)
}

/// Signs `script` with a BRC-77 envelope for anyone, with the caller's fresh random `key_id`
/// (see [`signed_message::sign`]); otherwise as [`sign_bsm`].
pub fn sign_brc77(
    script: &[u8],
    input: Option<&Outpoint>,
    vin: u32,
    key: &PrivateKey,
    key_id: [u8; 32],
) -> Result<Vec<u8>, Error> {
    let (msg, sep) = prepare(script, input)?;
    let sig = signed_message::sign(&msg, key, None, key_id)?;
    append(script, sep, Algorithm::Brc77, key, &sig, vin)
}

/// Signs `script` with `algorithm` ([`sign_bsm`], or [`sign_brc77`] with a key ID from the
/// operating system's random source).
#[cfg(feature = "std")]
pub fn sign(
    script: &[u8],
    input: Option<&Outpoint>,
    vin: u32,
    key: &PrivateKey,
    algorithm: Algorithm,
) -> Result<Vec<u8>, Error> {
    match algorithm {
        Algorithm::Bsm => sign_bsm(script, input, vin, key),
        Algorithm::Brc77 => sign_brc77(script, input, vin, key, signed_message::random_key_id()?),
    }
}

/// The message hash of a new instance over all of `script`, and its separator.
fn prepare(script: &[u8], input: Option<&Outpoint>) -> Result<([u8; 32], Separator), Error> {
    let chunks = script::parse(script)?;
    let sep = if script::has_op_return(&chunks) {
        Separator::Pipe
    } else {
        Separator::OpReturn
    };
    Ok((message_hash(&input_hash(input), &sha256(script)), sep))
}

#[derive(Clone, Copy)]
enum Separator {
    Pipe,
    OpReturn,
}

fn append(
    script: &[u8],
    sep: Separator,
    algorithm: Algorithm,
    key: &PrivateKey,
    sig: &[u8],
    vin: u32,
) -> Result<Vec<u8>, Error> {
    let address = key.public_key().address(Network::Mainnet);
    let vin = vin.to_string();
    let mut out = Vec::with_capacity(script.len() + 2 + 6 + 6 + 35 + sig.len() + 3 + 12);
    out.extend_from_slice(script);
    match sep {
        Separator::Pipe => script::push_data(&mut out, PIPE)?,
        Separator::OpReturn => out.push(OP_RETURN),
    }
    for push in [
        PREFIX,
        algorithm.as_str().as_bytes(),
        address.as_bytes(),
        sig,
        vin.as_bytes(),
    ] {
        script::push_data(&mut out, push)?;
    }
    Ok(out)
}

/// The parts of instance `k` of a script, its layout checked.
struct Instance<'a> {
    data_end: usize,
    algorithm: Algorithm,
    address: &'a [u8],
    signature: &'a [u8],
    vin: u32,
}

fn find<'a>(chunks: &[Chunk<'a>], k: usize) -> Result<Instance<'a>, Error> {
    let at = chunks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.data == Some(PREFIX))
        .nth(k)
        .map(|(i, _)| i)
        .ok_or(refused(
            Reason::SigmaMissing,
            "sigma.instance",
            "the script has fewer SIGMA pushes than this index",
        ))?;
    let layout = |why| refused(Reason::SigmaLayout, "sigma", why);
    let sep = at
        .checked_sub(1)
        .map(|i| &chunks[i])
        .filter(|c| c.data == Some(PIPE) || c.opcode == OP_RETURN)
        .ok_or(layout(
            "the SIGMA push does not follow a `|` push or OP_RETURN",
        ))?;
    let field = |i: usize| {
        chunks.get(at + i).and_then(|c| c.data).ok_or(layout(
            "the instance is not SIGMA, algorithm, address, signature, vin (all data pushes)",
        ))
    };
    let (algorithm, address, signature, vin) = (field(1)?, field(2)?, field(3)?, field(4)?);
    let algorithm = Algorithm::from_push(algorithm).ok_or(refused(
        Reason::SigmaUnsupportedAlgorithm,
        "sigma.algorithm",
        "not BSM or BRC77",
    ))?;
    Ok(Instance {
        data_end: sep.start,
        algorithm,
        address,
        signature,
        vin: parse_vin(vin).ok_or(layout(
            "the vin push is not a decimal number (digits, no leading zero, below 2^32)",
        ))?,
    })
}

fn parse_vin(push: &[u8]) -> Option<u32> {
    if push.is_empty() || push.len() > 10 || (push.len() > 1 && push[0] == b'0') {
        return None;
    }
    if !push.iter().all(u8::is_ascii_digit) {
        return None;
    }
    core::str::from_utf8(push).ok()?.parse().ok()
}

/// The data hash of instance `k` (0 for the first): SHA-256 of the script bytes before its
/// separator.
pub fn data_hash(script: &[u8], k: usize) -> Result<[u8; 32], Error> {
    let chunks = script::parse(script)?;
    let inst = find(&chunks, k)?;
    Ok(sha256(&script[..inst.data_end]))
}

/// Verifies instance `k` (0 for the first) of `script` for the input `input`. A BRC77 envelope
/// addressed to a specific verifier is refused with [`Reason::RecipientRequired`]; use
/// [`verify_for`] with the recipient's key.
pub fn verify(script: &[u8], input: Option<&Outpoint>, k: usize) -> Result<Verified, Error> {
    verify_for(script, input, k, None)
}

/// [`verify`], with the recipient's private key for a BRC77 envelope addressed to it.
pub fn verify_for(
    script: &[u8],
    input: Option<&Outpoint>,
    k: usize,
    recipient: Option<&PrivateKey>,
) -> Result<Verified, Error> {
    let chunks = script::parse(script)?;
    let inst = find(&chunks, k)?;
    let msg = message_hash(&input_hash(input), &sha256(&script[..inst.data_end]));
    let invalid = refused(
        Reason::SigmaInvalidSignature,
        "sigma.signature",
        "does not verify for this script and input",
    );
    let bad = |why| refused(Reason::SigmaBadSignatureEncoding, "sigma.signature", why);
    let public_key = match inst.algorithm {
        Algorithm::Bsm => {
            let sig =
                CompactSignature::parse(inst.signature, Policy::Strict).map_err(|e| match e {
                    Error::InvalidSignatureEncoding { why, .. } => bad(why),
                    _ => bad("not 65 bytes"),
                })?;
            bsm::recover_digest(&bsm::magic_hash(&msg), &sig).ok_or(invalid)?
        }
        Algorithm::Brc77 => {
            let env =
                signed_message::parse(inst.signature, Policy::Strict).map_err(|e| match e {
                    Error::InvalidSignatureEncoding { why, .. } => bad(why),
                    Error::InvalidPublicKey { why, .. } => bad(why),
                    Error::VersionMismatch { .. } => {
                        bad("the envelope's version bytes are not 42423301")
                    }
                    _ => bad("the BRC-77 envelope is truncated"),
                })?;
            if env.signer.address(Network::Mainnet).as_bytes() != inst.address {
                return Err(refused(
                    Reason::SigmaSignerMismatch,
                    "sigma.address",
                    "the BRC77 envelope's signer does not own the instance's address",
                ));
            }
            // The envelope is parsed once; its signature is checked over SHA-256(message).
            signed_message::verify_envelope_with::<Active>(&sha256(&msg), &env, recipient)
                .map_err(|e| match e {
                    Error::RecipientRequired | Error::WrongRecipient => e,
                    _ => invalid,
                })?;
            env.signer
        }
    };
    let address = public_key.address(Network::Mainnet);
    if address.as_bytes() != inst.address {
        return Err(invalid);
    }
    Ok(Verified {
        algorithm: inst.algorithm,
        address,
        public_key,
        vin: inst.vin,
    })
}
