//! BRC-77 signed messages.
//!
//! ```text
//! 42 42 33 01 | sec(signer) 33 | 00 (anyone) or sec(verifier) 33 | key ID 32 | DER(r, s)
//! ```
//! The signing key is the signer's BRC-42 child for invoice `"2-message signing-" + b64(keyID)`
//! with the verifier (or "anyone") as counterparty; the digest is SHA-256 of the message.
//!
//! ```
//! use sigma_auth_core::{signed_message, Policy, PrivateKey};
//! let alice = PrivateKey::from_hex("d38d7363cfe1041372e05c251ae38b3582cdd01b0603198f8ddaeeb7d700839d")?;
//! let sig = signed_message::sign(b"hello world", &alice, None, [7u8; 32])?;
//! let signer = signed_message::verify(b"hello world", &sig, None, Policy::Strict)?;
//! assert_eq!(&signer, alice.public_key());
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::ec::{Active, Backend, Compact};
use crate::encoding::base64_encode;
use crate::error::Error;
use crate::hash::sha256;
use crate::keys::{PrivateKey, PublicKey};
use crate::policy::Policy;
use crate::{der, type42};

/// The version bytes `42 42 33 01`.
pub const VERSION: [u8; 4] = [0x42, 0x42, 0x33, 0x01];

const FIELD: &str = "brc77";

/// Who may verify a BRC-77 signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verifier {
    /// Anyone (`00`): the counterparty is the key `1·G`.
    Anyone,
    /// Only the holder of this public key's private key.
    Key(PublicKey),
    /// A 33-byte verifier field that is not a valid point (read only under `Compat`, where the
    /// reference compares it as bytes).
    Unparsed([u8; 33]),
}

/// A parsed BRC-77 envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The signer's identity key.
    pub signer: PublicKey,
    /// Who may verify.
    pub verifier: Verifier,
    /// The 32-byte key ID.
    pub key_id: [u8; 32],
    /// `r || s`.
    pub signature: Compact,
}

/// The BRC-43 invoice number for `key_id`: `"2-message signing-" + base64(key_id)`.
pub fn invoice_number(key_id: &[u8; 32]) -> String {
    let mut inv = String::with_capacity(62);
    inv.push_str("2-message signing-");
    inv.push_str(&base64_encode(key_id));
    inv
}

/// Signs `message` for `verifier` (`None`: anyone) with the caller's 32-byte `key_id`, which
/// must be fresh and random for every signature.
pub fn sign(
    message: &[u8],
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
    key_id: [u8; 32],
) -> Result<Vec<u8>, Error> {
    sign_with::<Active>(message, signer, verifier, key_id)
}

/// [`sign`] with a key ID from the operating system's random source.
#[cfg(feature = "std")]
pub fn sign_random(
    message: &[u8],
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
) -> Result<Vec<u8>, Error> {
    sign(message, signer, verifier, random_key_id()?)
}

#[cfg(feature = "std")]
pub(crate) fn random_key_id() -> Result<[u8; 32], Error> {
    let mut key_id = [0u8; 32];
    getrandom::fill(&mut key_id).map_err(|_| Error::RandomnessUnavailable)?;
    Ok(key_id)
}

pub(crate) fn sign_with<B: Backend>(
    message: &[u8],
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
    key_id: [u8; 32],
) -> Result<Vec<u8>, Error> {
    let invoice = invoice_number(&key_id);
    // Only the child scalar is needed to sign; its public key is never computed.
    let child = match verifier {
        // a·G = A: the HMAC key is the signer's own public key; no multiplication needed.
        None => type42::child_secret_from_shared::<B>(
            signer,
            &signer.public_key().to_compressed(),
            &invoice,
        )?,
        Some(v) => {
            let shared = type42::shared_secret_with::<B>(signer, v)?;
            type42::child_secret_from_shared::<B>(signer, shared.as_bytes(), &invoice)?
        }
    };
    let (rs, _) = B::sign(&child, &sha256(message)).ok_or(Error::InvalidPrivateKey {
        field: "private_key",
        why: "the curve backend refused the scalar",
    })?;
    let der = der::encode(&rs);
    let mut out = Vec::with_capacity(4 + 33 + 33 + 32 + der.len());
    out.extend_from_slice(&VERSION);
    out.extend_from_slice(&signer.public_key().to_compressed());
    match verifier {
        None => out.push(0),
        Some(v) => out.extend_from_slice(&v.to_compressed()),
    }
    out.extend_from_slice(&key_id);
    out.extend_from_slice(&der);
    Ok(out)
}

/// Parses an envelope under `policy` (key and DER strictness, as [`ecdsa::Signature::from_der`](crate::ecdsa::Signature::from_der)).
pub fn parse(bytes: &[u8], policy: Policy) -> Result<Envelope, Error> {
    parse_with::<Active>(bytes, policy)
}

pub(crate) fn parse_with<B: Backend>(bytes: &[u8], policy: Policy) -> Result<Envelope, Error> {
    let (head, der_bytes) = parse_head::<B>(bytes, policy, None)?;
    head.with_signature(der_bytes, policy)
}

/// An envelope whose DER signature is not decoded yet.
pub(crate) struct Head {
    signer: PublicKey,
    verifier: Verifier,
    key_id: [u8; 32],
}

impl Head {
    pub(crate) fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    pub(crate) fn with_signature(
        self,
        der_bytes: &[u8],
        policy: Policy,
    ) -> Result<Envelope, Error> {
        Ok(Envelope {
            signer: self.signer,
            verifier: self.verifier,
            key_id: self.key_id,
            signature: der::decode(der_bytes, policy)?,
        })
    }
}

/// Reads version, signer, verifier and key ID; returns them and the DER bytes that follow.
/// `known` is a key the caller already parsed: a signer field equal to its compressed
/// encoding is taken as that key without decompressing it again.
pub(crate) fn parse_head<'a, B: Backend>(
    bytes: &'a [u8],
    policy: Policy,
    known: Option<&PublicKey>,
) -> Result<(Head, &'a [u8]), Error> {
    let short = |expected| Error::InvalidLength {
        field: FIELD,
        expected,
        actual: bytes.len(),
    };
    if bytes.get(..4) != Some(&VERSION[..]) {
        return Err(Error::VersionMismatch {
            field: "brc77.version",
        });
    }
    let signer_bytes = bytes.get(4..37).ok_or(short(37))?;
    let signer = match (known, policy) {
        (Some(k), _) if k.to_compressed()[..] == *signer_bytes => *k,
        (_, Policy::Strict) => PublicKey::parse_sec1::<B>("brc77.signer", signer_bytes)?,
        (_, Policy::Compat) => PublicKey::parse_sec1_lenient::<B>("brc77.signer", signer_bytes)?,
    };
    let (verifier, rest) = match bytes.get(37) {
        None => return Err(short(38)),
        Some(0) => (Verifier::Anyone, &bytes[38..]),
        Some(_) => {
            let field = bytes.get(37..70).ok_or(short(70))?;
            let verifier = match (policy, PublicKey::parse_sec1::<B>("brc77.verifier", field)) {
                (_, Ok(key)) => Verifier::Key(key),
                (Policy::Strict, Err(e)) => return Err(e),
                (Policy::Compat, Err(_)) => {
                    let mut raw = [0u8; 33];
                    raw.copy_from_slice(field);
                    Verifier::Unparsed(raw)
                }
            };
            (verifier, &bytes[70..])
        }
    };
    let key_id: [u8; 32] = rest
        .get(..32)
        .and_then(|k| k.try_into().ok())
        .ok_or(short(bytes.len() - rest.len() + 32))?;
    Ok((
        Head {
            signer,
            verifier,
            key_id,
        },
        &rest[32..],
    ))
}

/// Verifies `sig` over `message` and returns the signer's identity key.
///
/// An envelope for anyone verifies with any `recipient` (or none). An envelope for a specific
/// verifier needs that verifier's private key as `recipient`: without one the error is
/// [`Error::RecipientRequired`], with another key [`Error::WrongRecipient`].
pub fn verify(
    message: &[u8],
    sig: &[u8],
    recipient: Option<&PrivateKey>,
    policy: Policy,
) -> Result<PublicKey, Error> {
    verify_with::<Active>(message, sig, recipient, policy)
}

pub(crate) fn verify_with<B: Backend>(
    message: &[u8],
    sig: &[u8],
    recipient: Option<&PrivateKey>,
    policy: Policy,
) -> Result<PublicKey, Error> {
    // As in the reference, an envelope addressed to someone else is refused before its DER
    // signature is read.
    let (head, der_bytes) = parse_head::<B>(sig, policy, None)?;
    if head.verifier != Verifier::Anyone && recipient.is_none() {
        return Err(Error::RecipientRequired);
    }
    let env = head.with_signature(der_bytes, policy)?;
    verify_envelope_with::<B>(&sha256(message), &env, recipient)?;
    Ok(env.signer)
}

pub(crate) fn verify_envelope_with<B: Backend>(
    digest: &[u8; 32],
    env: &Envelope,
    recipient: Option<&PrivateKey>,
) -> Result<(), Error> {
    let invoice = invoice_number(&env.key_id);
    // The BRC-42 counterparty's view: S = 1·A ("anyone") or S = b·A (the recipient's key b).
    let shared: Zeroizing<[u8; 33]> = match (&env.verifier, recipient) {
        (Verifier::Anyone, _) => Zeroizing::new(env.signer.to_compressed()),
        (_, None) => return Err(Error::RecipientRequired),
        (verifier, Some(me)) => {
            let mine = me.public_key().to_compressed();
            let addressed = match verifier {
                Verifier::Key(k) => k.to_compressed(),
                Verifier::Unparsed(raw) => *raw,
                Verifier::Anyone => mine,
            };
            if !bool::from(addressed.ct_eq(&mine)) {
                return Err(Error::WrongRecipient);
            }
            Zeroizing::new(*type42::shared_secret_with::<B>(me, &env.signer)?.as_bytes())
        }
    };
    let t = type42::tweak(&shared, &invoice);
    // The signature is checked against the child key A' = A + t·G without computing A'.
    // ECDSA accepts (r, s) for digest e and key Q iff x(u1·G + u2·Q) ≡ r (mod n) with
    // u1 = e/s, u2 = r/s. For Q = A + t·G:
    //     (e/s)·G + (r/s)·(A + t·G) = ((e + r·t)/s)·G + (r/s)·A,
    // which is exactly the point computed when verifying (r, s) for digest e' = e + r·t (mod n)
    // and key A. Both checks compute the same point, so they accept the same signatures.
    // The one case the naive path handles differently is A + t·G = ∞ (t ≡ −a), where deriving
    // A' fails. An attacker cannot reach it: t is HMAC-SHA256 keyed by sec(S) over an invoice
    // that embeds the key ID, so hitting the single value −a (mod n) for their own key a means
    // finding an HMAC output equal to a chosen 256-bit value, about 2^256 attempts.
    if B::verify_tweaked(env.signer.point(), digest, &t, &env.signature) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch { field: FIELD })
    }
}
