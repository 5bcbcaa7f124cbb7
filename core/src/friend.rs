//! Friend keys and friend encryption: what BAP identities and the TokenPass signer use to
//! write to each other, byte-compatible with `bsv-bap` 0.1.24 and the TokenPass server.
//!
//! Each side derives, for each friend, a *friend key* by Type42 self-derivation
//! (`T42(k, k·G, invoice)`) from its own key and the friend's BAP ID, and publishes the public
//! half ([`friend_public_key`]). The schemes differ in the key and invoice:
//!
//! | [`FriendScheme`] | key | invoice |
//! |---|---|---|
//! | `BapMember` (bsv-bap `MemberID`) | the member key | `"2-friend-" + hex(SHA-256(friendBapId))` |
//! | `BapMasterType42` (bsv-bap `MasterID`, Type42 mode) | the key at the identity's root path | `hex(SHA-256(friendBapId))` |
//! | `TokenPass` (`/api/friend-pubkey`) | the signer's master key | `"sigma-friend-" + friendBapId` |
//!
//! The three do not interoperate with each other.
//!
//! **bsv-bap messages** ([`encrypt`], [`decrypt`]) are ECIES-Electrum ([`crate::ecies`]) from
//! the sender's friend key to the recipient's friend public key, with the sender's friend
//! public key embedded. They are **deterministic**: the same message between the same friends
//! always gives the same bytes, so an observer learns when two messages are equal. Use them
//! only to talk to bsv-bap. For new data use BRC-78 ([`crate::encrypted_message`]) with a
//! random key ID: a fresh key per message, so equal messages look unrelated, and
//! authenticated by both identities.
//!
//! **TokenPass** ([`tokenpass`]) has a note-to-self mode and a peer mode; its peer mode is
//! broken in the server (the two sides derive different keys) and is replaced here by one
//! consistent derivation, documented there.
//!
//! ```
//! use sigma_auth_core::{friend::{self, FriendScheme}, PrivateKey};
//! let (alice, bob) = (PrivateKey::from_bytes([1u8; 32])?, PrivateKey::from_bytes([2u8; 32])?);
//! let (alice_id, bob_id) = ("4Q59vsgaNvBsoVx1rR8TVVmcn9RP", "4VQCRkX1kyxekUAq4j5Z8Ccyr7fp");
//! let scheme = FriendScheme::BapMember;
//! // Each publishes its friend key for the other.
//! let alice_pub = friend::friend_public_key(scheme, &alice, bob_id)?;
//! let bob_pub = friend::friend_public_key(scheme, &bob, alice_id)?;
//! let sealed = friend::encrypt(scheme, b"hi", &alice, bob_id, Some(&bob_pub))?;
//! assert_eq!(friend::decrypt(scheme, &sealed, &bob, alice_id, Some(&alice_pub))?, b"hi");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

pub mod tokenpass;

use alloc::string::String;
use alloc::vec::Vec;

use crate::ec::{Active, Backend};
use crate::ecies::{self, KeyMode, SenderKey};
use crate::encoding::hex_encode;
use crate::error::Error;
use crate::hash::sha256;
use crate::keys::{PrivateKey, PublicKey};
use crate::type42;

/// The longest friend BAP ID accepted, in bytes (a BAP ID is 27–28 characters).
pub const MAX_FRIEND_ID_LEN: usize = 256;

/// The invoice prefix of bsv-bap `MemberID` friend keys.
pub const MEMBER_INVOICE_PREFIX: &str = "2-friend-";

/// Which friend-key derivation to use (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FriendScheme {
    /// bsv-bap `MemberID`: `T42(member, ·, "2-friend-" + hex(SHA-256(friendBapId)))`.
    BapMember,
    /// bsv-bap `MasterID` in Type42 mode: `T42(rootPathKey, ·, hex(SHA-256(friendBapId)))`,
    /// where the key given is the identity's key at its root path.
    BapMasterType42,
    /// TokenPass `/api/friend-pubkey`: `T42(master, ·, "sigma-friend-" + friendBapId)`.
    TokenPass,
}

/// Refuses an empty or overlong friend BAP ID (before any hashing).
pub fn check_friend_id(friend_bap_id: &str) -> Result<(), Error> {
    if friend_bap_id.is_empty() {
        return Err(Error::InvalidInput {
            field: "friend_bap_id",
            why: "empty",
        });
    }
    if friend_bap_id.len() > MAX_FRIEND_ID_LEN {
        return Err(Error::InvalidLength {
            field: "friend_bap_id",
            expected: MAX_FRIEND_ID_LEN,
            actual: friend_bap_id.len(),
        });
    }
    Ok(())
}

/// The Type42 invoice of `scheme` for `friend_bap_id`.
pub fn invoice(scheme: FriendScheme, friend_bap_id: &str) -> Result<String, Error> {
    check_friend_id(friend_bap_id)?;
    let digest_hex = || hex_encode(&sha256(friend_bap_id.as_bytes()));
    Ok(match scheme {
        FriendScheme::BapMember => {
            let mut s = String::from(MEMBER_INVOICE_PREFIX);
            s.push_str(&digest_hex());
            s
        }
        FriendScheme::BapMasterType42 => digest_hex(),
        FriendScheme::TokenPass => {
            let mut s = String::from(tokenpass::FRIEND_INVOICE_PREFIX);
            s.push_str(friend_bap_id);
            s
        }
    })
}

/// `T42(key, key·G, invoice)`: a self-derived child key.
pub(crate) fn self_derive<B: Backend>(
    key: &PrivateKey,
    invoice: &str,
) -> Result<PrivateKey, Error> {
    type42::derive_child_private_key_with::<B>(key, key.public_key(), invoice)
}

/// The private friend key `key` holds for the friend `friend_bap_id`. A secret.
pub fn friend_key(
    scheme: FriendScheme,
    key: &PrivateKey,
    friend_bap_id: &str,
) -> Result<PrivateKey, Error> {
    friend_key_with::<Active>(scheme, key, friend_bap_id)
}

pub(crate) fn friend_key_with<B: Backend>(
    scheme: FriendScheme,
    key: &PrivateKey,
    friend_bap_id: &str,
) -> Result<PrivateKey, Error> {
    self_derive::<B>(key, &invoice(scheme, friend_bap_id)?)
}

/// The friend public key to publish to `friend_bap_id` (bsv-bap
/// `getEncryptionPublicKeyWithSeed`, TokenPass `/api/friend-pubkey`).
pub fn friend_public_key(
    scheme: FriendScheme,
    key: &PrivateKey,
    friend_bap_id: &str,
) -> Result<PublicKey, Error> {
    Ok(*friend_key(scheme, key, friend_bap_id)?.public_key())
}

/// Refuses [`FriendScheme::TokenPass`] where only the bsv-bap message format applies.
fn bap_only(scheme: FriendScheme) -> Result<(), Error> {
    if scheme == FriendScheme::TokenPass {
        return Err(Error::InvalidInput {
            field: "scheme",
            why: "TokenPass messages are made by friend::tokenpass, not by the bsv-bap format",
        });
    }
    Ok(())
}

/// bsv-bap `encryptWithSeed`: ECIES from our friend key for `friend_bap_id` to `to` (the
/// friend's published friend key), or to our own friend key when `to` is `None` (a note to
/// self). Deterministic (see the [module docs](self)); bsv-bap base64-encodes the result.
pub fn encrypt(
    scheme: FriendScheme,
    message: &[u8],
    key: &PrivateKey,
    friend_bap_id: &str,
    to: Option<&PublicKey>,
) -> Result<Vec<u8>, Error> {
    bap_only(scheme)?;
    let own = friend_key(scheme, key, friend_bap_id)?;
    let to = to.unwrap_or(own.public_key());
    ecies::encrypt(message, to, &own, KeyMode::Embedded)
}

/// bsv-bap `decryptWithSeed`: opens a message from `friend_bap_id` with our friend key for it.
/// `from` is the friend's published friend key; when given, the key embedded in the message
/// must be that one (bsv-bap would let it override the embedded key instead). Without it the
/// embedded key is used.
pub fn decrypt(
    scheme: FriendScheme,
    data: &[u8],
    key: &PrivateKey,
    friend_bap_id: &str,
    from: Option<&PublicKey>,
) -> Result<Vec<u8>, Error> {
    bap_only(scheme)?;
    let own = friend_key(scheme, key, friend_bap_id)?;
    let sender = match from {
        Some(from) => SenderKey::EmbeddedExpected(from),
        None => SenderKey::Embedded,
    };
    ecies::decrypt(data, &own, sender)
}

/// A friend-encryption message format chosen at run time (the command line, the C ABI and the
/// bindings pass one): the key scheme and, for TokenPass, the mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FriendMode {
    /// bsv-bap `MemberID` friend messages ([`encrypt`], [`decrypt`]). Deterministic.
    BapMember,
    /// bsv-bap `MasterID` (Type42) friend messages. Deterministic.
    BapMasterType42,
    /// A TokenPass note to self ([`tokenpass::encrypt_self`]); random ephemeral key.
    TokenPassSelf,
    /// TokenPass between friends, the one consistent derivation
    /// ([`tokenpass::encrypt_to_peer`], [`tokenpass::decrypt_from_peer`]); random ephemeral key.
    TokenPassPeer,
}

impl FriendMode {
    /// Every mode, in the order of their names' list.
    pub const ALL: [FriendMode; 4] = [
        FriendMode::BapMember,
        FriendMode::BapMasterType42,
        FriendMode::TokenPassSelf,
        FriendMode::TokenPassPeer,
    ];

    /// The stable name used by the command line and the bindings: `bap-member`, `bap-master`,
    /// `tokenpass-self`, `tokenpass-peer`.
    pub const fn name(self) -> &'static str {
        match self {
            FriendMode::BapMember => "bap-member",
            FriendMode::BapMasterType42 => "bap-master",
            FriendMode::TokenPassSelf => "tokenpass-self",
            FriendMode::TokenPassPeer => "tokenpass-peer",
        }
    }

    /// The mode with this [`name`](Self::name).
    pub fn from_name(name: &str) -> Result<FriendMode, Error> {
        FriendMode::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or(Error::InvalidInput {
                field: "mode",
                why: "not one of bap-member, bap-master, tokenpass-self, tokenpass-peer",
            })
    }

    /// The friend-key scheme of this mode (the key [`friend_public_key`] publishes).
    pub fn key_scheme(self) -> FriendScheme {
        match self {
            FriendMode::BapMember => FriendScheme::BapMember,
            FriendMode::BapMasterType42 => FriendScheme::BapMasterType42,
            FriendMode::TokenPassSelf | FriendMode::TokenPassPeer => FriendScheme::TokenPass,
        }
    }
}

/// Encrypts `message` in `mode` for `friend_bap_id`. `to` is the friend's published friend key:
/// optional for the bsv-bap modes (none: a note to self), required for
/// [`FriendMode::TokenPassPeer`], refused for [`FriendMode::TokenPassSelf`].
#[cfg(feature = "std")]
pub fn encrypt_as(
    mode: FriendMode,
    message: &[u8],
    key: &PrivateKey,
    friend_bap_id: &str,
    to: Option<&PublicKey>,
) -> Result<Vec<u8>, Error> {
    match (mode, to) {
        (FriendMode::TokenPassSelf, None) => {
            tokenpass::encrypt_self_random(message, key, friend_bap_id)
        }
        (FriendMode::TokenPassSelf, Some(_)) => Err(Error::InvalidInput {
            field: "to",
            why: "a TokenPass note to self is encrypted to our own key; no recipient key applies",
        }),
        (FriendMode::TokenPassPeer, Some(to)) => {
            check_friend_id(friend_bap_id)?;
            tokenpass::encrypt_to_peer_random(message, to)
        }
        (FriendMode::TokenPassPeer, None) => Err(Error::InvalidInput {
            field: "to",
            why: "TokenPass peer mode needs the friend key the friend published for us",
        }),
        (m, to) => encrypt(m.key_scheme(), message, key, friend_bap_id, to),
    }
}

/// Opens a message in `mode` from `friend_bap_id`. `from` is the sender's published friend key,
/// checked against the embedded one in the bsv-bap modes (optional), refused in the TokenPass
/// modes (their messages carry a random key).
pub fn decrypt_as(
    mode: FriendMode,
    data: &[u8],
    key: &PrivateKey,
    friend_bap_id: &str,
    from: Option<&PublicKey>,
) -> Result<Vec<u8>, Error> {
    match (mode, from) {
        (FriendMode::TokenPassSelf | FriendMode::TokenPassPeer, Some(_)) => {
            Err(Error::InvalidInput {
                field: "from",
                why: "TokenPass messages carry a random key; no sender key applies",
            })
        }
        (FriendMode::TokenPassSelf, None) => tokenpass::decrypt_self(data, key, friend_bap_id),
        (FriendMode::TokenPassPeer, None) => tokenpass::decrypt_from_peer(data, key, friend_bap_id),
        (m, from) => decrypt(m.key_scheme(), data, key, friend_bap_id, from),
    }
}
