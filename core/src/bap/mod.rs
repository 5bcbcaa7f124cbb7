//! BAP, the Bitcoin Attestation Protocol, as `bsv-bap` 0.1.24 writes it (spec/identity.md §2).
//!
//! * [`id`]: the BAP ID (identity key) of an address or public key.
//! * [`type42_keys`]: the Type42 hierarchy of `new BAP({rootPk}).newId()` (paths `bap:<n>`,
//!   rotation `bap:0 → bap:0:1`, idSeed).
//! * [`legacy_keys`] over [`bip32`]: the legacy BIP32 hierarchy of `new BAP(xprv).newId()`,
//!   for compatibility with existing identities only.
//! * [`member`]: the exported single identity (`MemberID`) with its rotation counter.
//! * [`attestation`]: the attestation hash, ID/ATTEST/REVOKE pushes and the local check of an
//!   attestation, plus the [`attestation::SigningKeyHistory`] trait for the indexer lookup the
//!   full check needs.
//!
//! Every signing key of the hierarchy is [`signing_key`]: a Type42 self-derivation of the path
//! key with the invoice `1-sigma-identity`.
//!
//! ```
//! use sigma_auth_core::bap::{id, type42_keys::Type42Identity};
//! use sigma_auth_core::PrivateKey;
//! let master = PrivateKey::from_hex(&"01".repeat(32))?;
//! let ident = Type42Identity::new(&master, 0, None)?;
//! assert_eq!(ident.identity_key(), "3ZoMXZCt53iFRjbRGAacsT31b2k8");
//! assert_eq!(ident.signing_address()?, "16MfLJMpbChxRt6hc7NYgaE1EAkvQdjPMP");
//! assert_eq!(id::bap_id_from_address("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD")?, "4Q59vsgaNvBsoVx1rR8TVVmcn9RP");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

/// The accessors both BAP identity key hierarchies share (Type42 and legacy BIP32): they hold
/// the same fields (`root_path`, `previous_path`, `current_path`, `root_address`,
/// `identity_key`, `member_key`) and a `signing_key_at(path)`.
macro_rules! identity_accessors {
    () => {
        /// The current signing key.
        pub fn signing_key(&self) -> Result<PrivateKey, Error> {
            self.signing_key_at(&self.current_path)
        }

        /// The signing key of the previous path, which signs the ID transaction of a rotation.
        pub fn previous_signing_key(&self) -> Result<PrivateKey, Error> {
            self.signing_key_at(&self.previous_path)
        }

        /// The address of the current signing key (`getCurrentAddress`).
        pub fn signing_address(&self) -> Result<String, Error> {
            Ok(self.signing_key()?.public_key().address(Network::Mainnet))
        }

        /// The root path.
        pub fn root_path(&self) -> &str {
            &self.root_path
        }

        /// The previous path.
        pub fn previous_path(&self) -> &str {
            &self.previous_path
        }

        /// The current path.
        pub fn current_path(&self) -> &str {
            &self.current_path
        }

        /// The address of the root path key.
        pub fn root_address(&self) -> &str {
            &self.root_address
        }

        /// The BAP ID.
        pub fn identity_key(&self) -> &str {
            &self.identity_key
        }

        /// The member key: the public key of the root path key (`getMemberKey`).
        pub fn member_key(&self) -> &PublicKey {
            &self.member_key
        }

        /// Root address, BAP ID, member key and current signing address.
        pub fn summary(&self) -> Result<IdentitySummary, Error> {
            Ok(IdentitySummary {
                root_address: self.root_address.clone(),
                identity_key: self.identity_key.clone(),
                member_key: self.member_key,
                signing_address: self.signing_address()?,
            })
        }
    };
}

pub mod attestation;
pub mod bip32;
pub mod id;
pub mod legacy_keys;
pub mod member;
pub mod path;
pub mod type42_keys;

use alloc::string::String;

use crate::error::Error;
use crate::keys::PrivateKey;
use crate::type42::derive_child_private_key;

/// The BAP protocol prefix, pushed as its 34 ASCII bytes.
pub const BAP_PREFIX: &str = "1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT";

/// The Type42 invoice of an identity's signing key (`BAP_INVOICE_NUMBER`).
pub const SIGNING_INVOICE: &str = "1-sigma-identity";

/// The prefix of every legacy BIP32 signing path (`SIGNING_PATH_PREFIX`, "BAP" in hex).
pub const SIGNING_PATH_PREFIX: &str = "m/424150'/0'/0'";

/// `T42(key, key·G, invoice)`: the Type42 self-derivation every BAP key uses.
pub fn self_derive(key: &PrivateKey, invoice: &str) -> Result<PrivateKey, Error> {
    derive_child_private_key(key, key.public_key(), invoice)
}

/// The signing key of a path key: `T42(pathKey, pathKey·G, "1-sigma-identity")`.
pub fn signing_key(path_key: &PrivateKey) -> Result<PrivateKey, Error> {
    self_derive(path_key, SIGNING_INVOICE)
}

/// The public summary of one identity, as `bap keys` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentitySummary {
    /// The address of the path key at the root path (the address the BAP ID is made from).
    pub root_address: String,
    /// The BAP ID: [`id::bap_id_from_address`] of the root address.
    pub identity_key: String,
    /// The compressed public key of the path key at the root path (the member key).
    pub member_key: crate::keys::PublicKey,
    /// The address of the signing key at the current path.
    pub signing_address: String,
}

/// A refusal of the BAP layer with `reason`, naming `field` and the check `why`.
pub(crate) const fn refused(
    reason: crate::error::Reason,
    field: &'static str,
    why: &'static str,
) -> Error {
    Error::Refused { reason, field, why }
}
