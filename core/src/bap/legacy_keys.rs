//! The legacy BIP32 BAP hierarchy: `new BAP(xprv).newId()` of `bsv-bap` 0.1.24 (spec §2.2).
//! For reading and continuing existing identities only; new identities should use
//! [`Type42Identity`](super::type42_keys::Type42Identity).
//!
//! * the `n`-th identity: root path `m/424150'/0'/0'/0'/<n>'/0'`, current path `…/1'`;
//! * path key: the BIP32 key at the path; root address and BAP ID from the root path key
//!   (**no** signing derivation);
//! * signing key: [`signing_key`] of the path key at the current path (the
//!   pre-0.1 signing address, without that step, is [`LegacyIdentity::legacy_address`]);
//! * rotation: the last component plus one (`…/1'` → `…/2'`);
//! * idSeed: the HD key is first derived along
//!   [`signing_path_from_hex`]`(hex(SHA256(idSeed)))`, off-by-one included.

use alloc::string::String;

use super::bip32::{ExtendedPrivateKey, signing_path_from_hex};
use super::id::bap_id_from_public_key;
use super::path::{legacy_identity_paths, next_path};
use super::{IdentitySummary, signing_key};
use crate::encoding::hex_encode;
use crate::error::Error;
use crate::hash::sha256;
use crate::keys::{Network, PrivateKey, PublicKey};

/// The root path a `MasterID` built directly (not through `BAP.newId`) starts from.
const MASTER_ID_ROOT_PATH: &str = "m/424150'/0'/0'/0/0/0";
/// Its first current path.
const MASTER_ID_CURRENT_PATH: &str = "m/424150'/0'/0'/0/0/1";

/// One identity of a BIP32 BAP master key. Keys are zeroized on drop.
#[derive(Clone, Debug)]
pub struct LegacyIdentity {
    hd: ExtendedPrivateKey,
    root_path: String,
    previous_path: String,
    current_path: String,
    member_key: PublicKey,
    root_address: String,
    identity_key: String,
}

impl LegacyIdentity {
    /// The identity that the `n`-th call of `new BAP(xprv).newId()` creates (`n` from 0).
    /// `id_seed` as `newId(…, idSeed)` applies it (an empty seed is no seed).
    pub fn new(
        master: &ExtendedPrivateKey,
        n: u32,
        id_seed: Option<&str>,
    ) -> Result<LegacyIdentity, Error> {
        let (root, current) = legacy_identity_paths(n);
        Self::with_paths(master, id_seed, &root, &root, &current)
    }

    /// A `MasterID` constructed directly from the HD key (`new MasterID(hd, {}, idSeed)`): root
    /// path `m/424150'/0'/0'/0/0/0`, current path `…/0/0/1`.
    pub fn master_id(
        master: &ExtendedPrivateKey,
        id_seed: Option<&str>,
    ) -> Result<LegacyIdentity, Error> {
        Self::with_paths(
            master,
            id_seed,
            MASTER_ID_ROOT_PATH,
            MASTER_ID_ROOT_PATH,
            MASTER_ID_CURRENT_PATH,
        )
    }

    fn with_paths(
        master: &ExtendedPrivateKey,
        id_seed: Option<&str>,
        root_path: &str,
        previous_path: &str,
        current_path: &str,
    ) -> Result<LegacyIdentity, Error> {
        let hd = match id_seed.filter(|s| !s.is_empty()) {
            Some(seed) => master.derive_path(&signing_path_from_hex(&hex_encode(&sha256(
                seed.as_bytes(),
            )))?)?,
            None => master.clone(),
        };
        let member_key = *hd.derive_path(root_path)?.public_key();
        Ok(LegacyIdentity {
            hd,
            root_path: String::from(root_path),
            previous_path: String::from(previous_path),
            current_path: String::from(current_path),
            root_address: member_key.address(Network::Mainnet),
            identity_key: bap_id_from_public_key(&member_key),
            member_key,
        })
    }

    /// `incrementPath()`: the previous path becomes the current one, the current path's last
    /// component moves on (`…/1'` → `…/2'`).
    pub fn rotate(&mut self) -> Result<(), Error> {
        let next = next_path(&self.current_path)?;
        // The new path must still be one the HD key can derive.
        self.hd.derive_path(&next)?;
        self.previous_path = core::mem::replace(&mut self.current_path, next);
        Ok(())
    }

    /// The path key at `path`: the BIP32 key there.
    pub fn path_key(&self, path: &str) -> Result<PrivateKey, Error> {
        Ok(self.hd.derive_path(path)?.private_key().clone())
    }

    /// The signing key at `path`: `T42(pathKey, ·, "1-sigma-identity")`.
    pub fn signing_key_at(&self, path: &str) -> Result<PrivateKey, Error> {
        signing_key(&self.path_key(path)?)
    }

    /// The pre-0.1 signing address at the current path: the path key's own address, without
    /// the `1-sigma-identity` step (`getLegacyAddress`).
    pub fn legacy_address(&self) -> Result<String, Error> {
        Ok(self
            .path_key(&self.current_path)?
            .public_key()
            .address(Network::Mainnet))
    }

    identity_accessors!();
}
