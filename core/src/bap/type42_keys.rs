//! The Type42 BAP hierarchy: `new BAP({rootPk}).newId()` of `bsv-bap` 0.1.24 (spec §2.2).
//!
//! * path key: `T42(master, master·G, path)` with the path string as the invoice (`"bap:0"`);
//! * root address: the path key's address at the root path; BAP ID from it; member key: its
//!   public key;
//! * signing key: [`signing_key`] of the path key at the current path;
//! * rotation: `bap:0 → bap:0:1 → bap:0:2` ([`next_path`]);
//! * idSeed: `master' = T42(master, master·G, hex(SHA256(utf8(idSeed))))`.

use alloc::format;
use alloc::string::String;

use super::id::bap_id_from_public_key;
use super::path::next_path;
use super::{IdentitySummary, self_derive, signing_key};
use crate::encoding::hex_encode;
use crate::error::Error;
use crate::hash::sha256;
use crate::keys::{Network, PrivateKey, PublicKey};

/// The root path a `MasterID` built directly (not through `BAP.newId`) starts from.
const MASTER_ID_ROOT_PATH: &str = "m/424150'/0'/0'/0/0/0";
/// Its first current path.
const MASTER_ID_CURRENT_PATH: &str = "m/424150'/0'/0'/0/0/1";

/// One identity of a Type42 BAP master key. The master key is zeroized on drop.
#[derive(Clone, Debug)]
pub struct Type42Identity {
    master: PrivateKey,
    root_path: String,
    previous_path: String,
    current_path: String,
    member_key: PublicKey,
    root_address: String,
    identity_key: String,
}

impl Type42Identity {
    /// The identity that the `n`-th call of `new BAP({rootPk}).newId()` creates (`n` from 0):
    /// root, previous and current path `bap:<n>`. `id_seed` as `newId(…, idSeed)` applies it
    /// (an empty seed is no seed, as in JavaScript).
    pub fn new(root: &PrivateKey, n: u32, id_seed: Option<&str>) -> Result<Type42Identity, Error> {
        let path = format!("bap:{n}");
        Self::with_paths(root, id_seed, &path, &path, &path)
    }

    /// A `MasterID` constructed directly with `{rootPk}` (`new MasterID({rootPk}, {}, idSeed)`):
    /// root path `m/424150'/0'/0'/0/0/0` used as a Type42 invoice, current path `…/0/0/1`.
    pub fn master_id(root: &PrivateKey, id_seed: Option<&str>) -> Result<Type42Identity, Error> {
        Self::with_paths(
            root,
            id_seed,
            MASTER_ID_ROOT_PATH,
            MASTER_ID_ROOT_PATH,
            MASTER_ID_CURRENT_PATH,
        )
    }

    fn with_paths(
        root: &PrivateKey,
        id_seed: Option<&str>,
        root_path: &str,
        previous_path: &str,
        current_path: &str,
    ) -> Result<Type42Identity, Error> {
        let master = match id_seed.filter(|s| !s.is_empty()) {
            Some(seed) => self_derive(root, &hex_encode(&sha256(seed.as_bytes())))?,
            None => root.clone(),
        };
        let member_key = *self_derive(&master, root_path)?.public_key();
        Ok(Type42Identity {
            master,
            root_path: String::from(root_path),
            previous_path: String::from(previous_path),
            current_path: String::from(current_path),
            root_address: member_key.address(Network::Mainnet),
            identity_key: bap_id_from_public_key(&member_key),
            member_key,
        })
    }

    /// `incrementPath()`: the previous path becomes the current one, the current path moves on
    /// (`bap:0 → bap:0:1`).
    pub fn rotate(&mut self) -> Result<(), Error> {
        let next = next_path(&self.current_path)?;
        self.previous_path = core::mem::replace(&mut self.current_path, next);
        Ok(())
    }

    /// The path key at `path`: `T42(master, master·G, path)`.
    pub fn path_key(&self, path: &str) -> Result<PrivateKey, Error> {
        self_derive(&self.master, path)
    }

    /// The signing key at `path`: `T42(pathKey, ·, "1-sigma-identity")`.
    pub fn signing_key_at(&self, path: &str) -> Result<PrivateKey, Error> {
        signing_key(&self.path_key(path)?)
    }

    identity_accessors!();
}
