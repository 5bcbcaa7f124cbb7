//! `MemberID` of `bsv-bap` 0.1.24: one exported identity, keyed by its member key (the root
//! path key of the master), with a rotation counter (spec §2.2).
//!
//! * current key: `T42(member, member·G, "bap:<counter>")`;
//! * signing key: `T42(current, current·G, "1-sigma-identity")`;
//! * root address and BAP ID: from the member key itself.
//!
//! Note: a `MasterID` signs with `T42(pathKey, "1-sigma-identity")` directly, so it and the
//! `MemberID` exported from it sign with **different** addresses (observed in the vectors).

use alloc::format;
use alloc::string::String;

use super::id::bap_id_from_public_key;
use super::{self_derive, signing_key};
use crate::error::Error;
use crate::keys::{Network, PrivateKey, PublicKey};

/// A member identity: the member key and its rotation counter. The key is zeroized on drop.
#[derive(Clone, Debug)]
pub struct MemberId {
    key: PrivateKey,
    counter: u32,
}

impl MemberId {
    /// `new MemberID(key, {}, counter)`.
    pub fn new(key: PrivateKey, counter: u32) -> MemberId {
        MemberId { key, counter }
    }

    /// The rotation counter.
    pub fn counter(&self) -> u32 {
        self.counter
    }

    /// `rotate()`: the next counter.
    pub fn rotate(&mut self) -> Result<(), Error> {
        self.counter = self.counter.checked_add(1).ok_or(Error::DerivationFailed {
            why: "the member rotation counter is at its maximum",
        })?;
        Ok(())
    }

    /// The member key.
    pub fn member_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// The current key: `T42(member, ·, "bap:<counter>")`.
    pub fn current_key(&self) -> Result<PrivateKey, Error> {
        self_derive(&self.key, &format!("bap:{}", self.counter))
    }

    /// The signing key: `T42(current, ·, "1-sigma-identity")`.
    pub fn signing_key(&self) -> Result<PrivateKey, Error> {
        signing_key(&self.current_key()?)
    }

    /// The address of the signing key.
    pub fn signing_address(&self) -> Result<String, Error> {
        Ok(self.signing_key()?.public_key().address(Network::Mainnet))
    }

    /// The address of the member key (the identity's root address).
    pub fn root_address(&self) -> String {
        self.key.public_key().address(Network::Mainnet)
    }

    /// The BAP ID.
    pub fn identity_key(&self) -> String {
        bap_id_from_public_key(self.key.public_key())
    }
}
