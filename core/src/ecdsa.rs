//! ECDSA over secp256k1 on a 32-byte digest: what users of a curve library expect, on the
//! active backend. Signing is deterministic (RFC 6979) and always low-S; verification under
//! [`Policy::Strict`] refuses high-S twins, under [`Policy::Compat`] accepts them (as the
//! JavaScript references do).
//!
//! ```
//! use sigma_auth_core::{ecdsa, Policy, PrivateKey};
//!
//! let key = PrivateKey::from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH")?;
//! let digest = [7u8; 32];
//! let sig = ecdsa::sign(&digest, &key)?;
//! let der = sig.to_der();
//! let parsed = ecdsa::Signature::from_der(&der, Policy::Strict)?;
//! ecdsa::verify(&digest, &parsed, key.public_key(), Policy::Strict)?;
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::vec::Vec;

use crate::der;
use crate::ec::{self, Active, Backend, Compact};
use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};
use crate::policy::Policy;

const FIELD: &str = "signature";

/// An ECDSA signature `(r, s)` with both scalars in `[1, n-1]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    rs: Compact,
}

impl Signature {
    /// Parses a DER signature. Strict: canonical DER (minimal integers, no padding, nothing
    /// after) and low S. Compat: what the references' DER reader accepts, high S allowed.
    pub fn from_der(bytes: &[u8], policy: Policy) -> Result<Signature, Error> {
        // The longest DER signature is 72 bytes (73 with a Compat zero pad); refuse longer input
        // before reading it.
        if bytes.len() > 80 {
            return Err(Error::InvalidSignatureEncoding {
                field: FIELD,
                why: "longer than any DER signature",
            });
        }
        der::decode(bytes, policy).map(|rs| Signature { rs })
    }

    /// Parses 64 bytes `r || s` (big-endian). Both scalars must be in `[1, n-1]`; Strict also
    /// refuses high S.
    pub fn from_compact(bytes: &[u8], policy: Policy) -> Result<Signature, Error> {
        let rs: Compact = bytes.try_into().map_err(|_| Error::InvalidLength {
            field: FIELD,
            expected: 64,
            actual: bytes.len(),
        })?;
        let (r, s) = der::split(&rs);
        if !ec::in_scalar_range(&r) || !ec::in_scalar_range(&s) {
            return Err(Error::InvalidSignatureEncoding {
                field: FIELD,
                why: "r or s is not in [1, n-1]",
            });
        }
        if policy == Policy::Strict && ec::is_high_s(&s) {
            return Err(Error::InvalidSignatureEncoding {
                field: FIELD,
                why: "s is above n/2 (high S)",
            });
        }
        Ok(Signature { rs })
    }

    /// Canonical DER.
    pub fn to_der(&self) -> Vec<u8> {
        der::encode(&self.rs)
    }

    /// 64 bytes `r || s`.
    pub fn to_compact(&self) -> [u8; 64] {
        self.rs
    }

    /// Whether `s` is above `n/2` (a malleated twin of a low-S signature).
    pub fn is_high_s(&self) -> bool {
        ec::is_high_s(&der::split(&self.rs).1)
    }

    /// The low-S form of this signature (itself if already low).
    pub fn normalized(&self) -> Signature {
        let (r, s) = der::split(&self.rs);
        if !ec::is_high_s(&s) {
            return *self;
        }
        let mut rs = [0u8; 64];
        rs[..32].copy_from_slice(&r);
        rs[32..].copy_from_slice(&ec::negate_s(&s));
        Signature { rs }
    }
}

/// Signs a 32-byte digest: RFC 6979 nonce, low S.
pub fn sign(digest: &[u8; 32], key: &PrivateKey) -> Result<Signature, Error> {
    Active::sign(key.secret(), digest)
        .map(|(rs, _)| Signature { rs })
        .ok_or(Error::InvalidPrivateKey {
            field: "private_key",
            why: "the curve backend refused the scalar",
        })
}

/// Verifies `sig` over a 32-byte digest for `key`. Strict refuses a high-S signature even when
/// its low-S twin is valid; Compat accepts both.
pub fn verify(
    digest: &[u8; 32],
    sig: &Signature,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    if policy == Policy::Strict && sig.is_high_s() {
        return Err(Error::InvalidSignatureEncoding {
            field: FIELD,
            why: "s is above n/2 (high S)",
        });
    }
    if Active::verify(key.point(), digest, &sig.rs) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch { field: FIELD })
    }
}
