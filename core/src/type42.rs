//! BRC-42 key derivation ("Type42") and BRC-43 protocol IDs and invoice numbers.
//!
//! Owner `a` (public `A`) and counterparty `b` (public `B`) share `S = a·B = b·A`. For an invoice
//! number `inv`, `t = HMAC-SHA256(key = sec(S), msg = inv)`; the owner's child private key is
//! `a + t`, and anyone who knows `B` and `S` computes the matching public key `B + t·G`.
//!
//! ```
//! use sigma_auth_core::{PrivateKey, type42::{Counterparty, KeyDeriver, Protocol}};
//! let alice = PrivateKey::from_hex("d38d7363cfe1041372e05c251ae38b3582cdd01b0603198f8ddaeeb7d700839d")?;
//! let deriver = KeyDeriver::new(alice);
//! let proto = Protocol::new(0, "hello world")?;
//! let child = deriver.derive_private_key(&proto, "1", &Counterparty::Anyone)?;
//! assert_eq!(&*child.to_hex(), "f90e45c301d482c06a729cea2744af97b4af67862b12d5502c94a988c947b660");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use core::fmt;

use zeroize::Zeroizing;

use crate::ec::{self, Active, Backend, Secret};
use crate::error::Error;
use crate::hash::hmac_sha256;
use crate::keys::{PrivateKey, PublicKey};

/// The ECDH point `a·B` in compressed SEC1 form (33 bytes, leading zeros of `x` kept): the
/// HMAC key of BRC-42. Zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct SharedSecret(Zeroizing<[u8; 33]>);

impl SharedSecret {
    /// The 33 bytes.
    pub fn as_bytes(&self) -> &[u8; 33] {
        &self.0
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(<redacted>)")
    }
}

/// `sec(a·B)`: the shared secret between `key` (a) and `other` (B).
pub fn shared_secret(key: &PrivateKey, other: &PublicKey) -> Result<SharedSecret, Error> {
    shared_secret_with::<Active>(key, other)
}

pub(crate) fn shared_secret_with<B: Backend>(
    key: &PrivateKey,
    other: &PublicKey,
) -> Result<SharedSecret, Error> {
    let point = B::mul(other.point(), key.secret()).ok_or(Error::DerivationFailed {
        why: "the curve backend refused the ECDH inputs",
    })?;
    Ok(SharedSecret(Zeroizing::new(point.compressed())))
}

/// `t = HMAC-SHA256(sec(S), invoice) mod n`, the BRC-42 tweak.
pub(crate) fn tweak(shared: &[u8; 33], invoice: &str) -> Zeroizing<[u8; 32]> {
    let h = Zeroizing::new(hmac_sha256(shared, invoice.as_bytes()));
    Zeroizing::new(ec::reduce_mod_order(&h))
}

/// The owner's child private key `a + HMAC(sec(a·B), invoice)` for counterparty `B`.
pub fn derive_child_private_key(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PrivateKey, Error> {
    derive_child_private_key_with::<Active>(key, counterparty, invoice)
}

pub(crate) fn derive_child_private_key_with<B: Backend>(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PrivateKey, Error> {
    let shared = shared_secret_with::<B>(key, counterparty)?;
    child_private_from_shared::<B>(key, shared.as_bytes(), invoice)
}

pub(crate) fn child_private_from_shared<B: Backend>(
    key: &PrivateKey,
    shared: &[u8; 33],
    invoice: &str,
) -> Result<PrivateKey, Error> {
    PrivateKey::from_secret(child_secret_from_shared::<B>(key, shared, invoice)?)
}

/// The child scalar `a + t` alone, for signing: no public key is computed.
pub(crate) fn child_secret_from_shared<B: Backend>(
    key: &PrivateKey,
    shared: &[u8; 33],
    invoice: &str,
) -> Result<Secret, Error> {
    let t = tweak(shared, invoice);
    B::scalar_add(key.secret(), &t).ok_or(Error::DerivationFailed {
        why: "the child private key is zero",
    })
}

/// The counterparty's child public key `B + HMAC(sec(a·B), invoice)·G`, computed by the owner `a`.
pub fn derive_child_public_key(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PublicKey, Error> {
    derive_child_public_key_with::<Active>(key, counterparty, invoice)
}

pub(crate) fn derive_child_public_key_with<B: Backend>(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PublicKey, Error> {
    let shared = shared_secret_with::<B>(key, counterparty)?;
    child_public_from_shared::<B>(counterparty, shared.as_bytes(), invoice)
}

/// `P + HMAC(shared, invoice)·G`.
pub(crate) fn child_public_from_shared<B: Backend>(
    base: &PublicKey,
    shared: &[u8; 33],
    invoice: &str,
) -> Result<PublicKey, Error> {
    let t = tweak(shared, invoice);
    B::add_mul_base(base.point(), &t)
        .map(PublicKey::from_point)
        .ok_or(Error::DerivationFailed {
            why: "the child public key is the point at infinity",
        })
}

/// The child public key that anyone can compute for `owner` with counterparty "anyone"
/// (`b = 1`, so `S = A`): `A + HMAC(sec(A), invoice)·G`.
pub fn derive_anyone_child_public_key(
    owner: &PublicKey,
    invoice: &str,
) -> Result<PublicKey, Error> {
    child_public_from_shared::<Active>(owner, &owner.to_compressed(), invoice)
}

/// Who the other side of a derivation is (BRC-43 `counterparty`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counterparty {
    /// The key owner itself (`B = A`).
    Myself,
    /// Anyone: private key 1, public key `G`.
    Anyone,
    /// A specific public key.
    Other(PublicKey),
}

/// A BRC-43 security level: 0, 1 or 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecurityLevel(u8);

impl SecurityLevel {
    /// Level 0, 1 or 2.
    pub fn new(level: i64) -> Result<SecurityLevel, Error> {
        match level {
            0..=2 => Ok(SecurityLevel(level as u8)),
            _ => Err(Error::InvalidProtocol {
                field: "protocol.security_level",
                why: "Protocol security level must be 0, 1, or 2",
            }),
        }
    }

    /// The level as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A validated BRC-43 protocol ID: a security level and a normalized protocol name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Protocol {
    level: SecurityLevel,
    name: String,
}

const LINKAGE_PREFIX: &str = "specific linkage revelation ";

impl Protocol {
    /// Validates and normalizes as `@bsv/sdk` `KeyDeriver` does: the name is lower-cased and
    /// trimmed, then must be 5 to 400 UTF-16 units (430 for `specific linkage revelation …`),
    /// hold only `a-z`, `0-9` and single spaces, and not end in `" protocol"`.
    pub fn new(security_level: i64, name: &str) -> Result<Protocol, Error> {
        let level = SecurityLevel::new(security_level)?;
        let bad = |why| Error::InvalidProtocol {
            field: "protocol.name",
            why,
        };
        // No valid name is longer than 430 units once trimmed; refuse input that could only
        // pass with more than 60 KiB of surrounding whitespace before lower-casing it (stricter
        // than the reference only for such padding).
        if name.len() > 64 * 1024 {
            return Err(bad("Protocol names must be 400 characters or less"));
        }
        // JavaScript's toLowerCase() then trim(); Rust's Unicode mappings agree on everything
        // that can pass the ASCII-only rule below.
        let name = name.to_lowercase();
        let name = name.trim_matches(is_js_whitespace);
        let units = name.encode_utf16().count();
        if name.starts_with(LINKAGE_PREFIX) {
            if units > 430 {
                return Err(bad(
                    "Specific linkage revelation protocol names must be 430 characters or less",
                ));
            }
        } else if units > 400 {
            return Err(bad("Protocol names must be 400 characters or less"));
        }
        if units < 5 {
            return Err(bad("Protocol names must be 5 characters or more"));
        }
        if name.contains("  ") {
            return Err(bad(
                "Protocol names cannot contain multiple consecutive spaces (\"  \")",
            ));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        {
            return Err(bad(
                "Protocol names can only contain letters, numbers and spaces",
            ));
        }
        if name.ends_with(" protocol") {
            return Err(bad("No need to end your protocol name with \" protocol\""));
        }
        Ok(Protocol {
            level,
            name: String::from(name),
        })
    }

    /// The security level.
    pub fn security_level(&self) -> SecurityLevel {
        self.level
    }

    /// The normalized name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The BRC-43 invoice number `"<level>-<name>-<key_id>"`. The key ID is used verbatim and
    /// must be 1 to 800 UTF-16 units.
    pub fn invoice_number(&self, key_id: &str) -> Result<String, Error> {
        // A UTF-16 unit takes at most 3 UTF-8 bytes, so more than 2,400 bytes is more than 800
        // units: refuse without counting.
        let units = if key_id.len() > 2400 {
            801
        } else {
            key_id.encode_utf16().count()
        };
        if units > 800 {
            return Err(Error::InvalidProtocol {
                field: "key_id",
                why: "Key IDs must be 800 characters or less",
            });
        }
        if units < 1 {
            return Err(Error::InvalidProtocol {
                field: "key_id",
                why: "Key IDs must be 1 character or more",
            });
        }
        Ok(alloc::format!("{}-{}-{}", self.level.0, self.name, key_id))
    }
}

/// JavaScript's `String#trim` set: WhiteSpace and LineTerminator code points.
fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{0020}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// Derives BRC-43 keys from one root key, as `@bsv/sdk` `KeyDeriver` does.
#[derive(Clone, Debug)]
pub struct KeyDeriver {
    root: PrivateKey,
}

impl KeyDeriver {
    /// A deriver for `root`.
    pub fn new(root: PrivateKey) -> KeyDeriver {
        KeyDeriver { root }
    }

    /// The root key's public key (the identity key).
    pub fn identity_key(&self) -> &PublicKey {
        self.root.public_key()
    }

    fn counterparty_key(&self, counterparty: &Counterparty) -> Result<PublicKey, Error> {
        match counterparty {
            Counterparty::Myself => Ok(*self.root.public_key()),
            Counterparty::Anyone => Ok(*anyone_key()?.public_key()),
            Counterparty::Other(key) => Ok(*key),
        }
    }

    fn shared(&self, other: &PublicKey) -> Result<SharedSecret, Error> {
        shared_secret(&self.root, other)
    }

    /// The root's child private key for this protocol, key ID and counterparty.
    pub fn derive_private_key(
        &self,
        protocol: &Protocol,
        key_id: &str,
        counterparty: &Counterparty,
    ) -> Result<PrivateKey, Error> {
        let invoice = protocol.invoice_number(key_id)?;
        let other = self.counterparty_key(counterparty)?;
        child_private_from_shared::<Active>(&self.root, self.shared(&other)?.as_bytes(), &invoice)
    }

    /// The child public key: the counterparty's (`for_self = false`) or the root's own
    /// (`for_self = true`).
    pub fn derive_public_key(
        &self,
        protocol: &Protocol,
        key_id: &str,
        counterparty: &Counterparty,
        for_self: bool,
    ) -> Result<PublicKey, Error> {
        if for_self {
            return Ok(*self
                .derive_private_key(protocol, key_id, counterparty)?
                .public_key());
        }
        let invoice = protocol.invoice_number(key_id)?;
        let other = self.counterparty_key(counterparty)?;
        child_public_from_shared::<Active>(&other, self.shared(&other)?.as_bytes(), &invoice)
    }

    /// The 32-byte symmetric key `x(a'·B')`: the x coordinate of the own child private key
    /// times the counterparty's child public key, left-padded to 32 bytes.
    pub fn derive_symmetric_key(
        &self,
        protocol: &Protocol,
        key_id: &str,
        counterparty: &Counterparty,
    ) -> Result<Zeroizing<[u8; 32]>, Error> {
        let own = self.derive_private_key(protocol, key_id, counterparty)?;
        let theirs = self.derive_public_key(protocol, key_id, counterparty, false)?;
        let point = Active::mul(theirs.point(), own.secret()).ok_or(Error::DerivationFailed {
            why: "the curve backend refused the ECDH inputs",
        })?;
        Ok(Zeroizing::new(point.x()))
    }

    /// `HMAC(sec(a·B), invoice)`: the specific secret a BRC-69 linkage revelation discloses.
    pub fn reveal_specific_secret(
        &self,
        protocol: &Protocol,
        key_id: &str,
        counterparty: &Counterparty,
    ) -> Result<Zeroizing<[u8; 32]>, Error> {
        let invoice = protocol.invoice_number(key_id)?;
        let other = self.counterparty_key(counterparty)?;
        Ok(Zeroizing::new(hmac_sha256(
            self.shared(&other)?.as_bytes(),
            invoice.as_bytes(),
        )))
    }
}

/// The BRC-43 "anyone" key: private key 1, public key `G`.
pub fn anyone_key() -> Result<PrivateKey, Error> {
    let mut one = [0u8; 32];
    one[31] = 1;
    PrivateKey::from_bytes(one)
}
