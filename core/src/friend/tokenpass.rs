//! The TokenPass signer's friend encryption (`/api/encrypt`, `/api/decrypt`,
//! `/api/friend-pubkey`), from the signer's master key.
//!
//! * **Friend key** (published by `/api/friend-pubkey`):
//!   `T42(master, master·G, "sigma-friend-" + friendBapId)`.
//! * **Note to self** (no `theirPublicKey`): ECIES-Electrum with a random key to
//!   `T42(master, master·G, "sigma-encrypt-" + friendBapId)`, opened with that key. As the
//!   server does it, byte for byte.
//! * **Peer mode** (`theirPublicKey` given). The server encrypts with a random key to the
//!   peer's public key, but its decrypt derives `T42(master, senderPub, "sigma-encrypt-" +
//!   friendBapId)`, which is not the key behind the friend key the peer published, so no
//!   peer message can ever be opened (spec identity.md §4.2, §5 item 7). Here both sides use
//!   **one derivation**: the sender encrypts to the recipient's published friend key for the
//!   sender ([`encrypt_to_peer`], the same bytes the server writes), and the recipient opens
//!   it with the private key behind that friend key, `T42(master, ·, "sigma-friend-" +
//!   senderBapId)` ([`decrypt_from_peer`]). The friend BAP ID thus selects the key on the
//!   receiving side, which binds the message to that friendship.
//!
//! Peer messages prove nothing about their sender (anyone can encrypt to a published key).
//! Prefer BRC-78 ([`crate::encrypted_message`]) with a random key ID for new data: it is
//! authenticated by both identities.

use alloc::vec::Vec;

use super::{FriendScheme, check_friend_id, self_derive};
use crate::ec::Active;
use crate::ecies::{self, KeyMode, SenderKey};
use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};

/// The invoice prefix of the friend key (`/api/friend-pubkey`).
pub const FRIEND_INVOICE_PREFIX: &str = "sigma-friend-";
/// The invoice prefix of the note-to-self key.
pub const SELF_INVOICE_PREFIX: &str = "sigma-encrypt-";

/// The note-to-self key `T42(master, master·G, "sigma-encrypt-" + friendBapId)`. A secret.
pub fn self_key(master: &PrivateKey, friend_bap_id: &str) -> Result<PrivateKey, Error> {
    check_friend_id(friend_bap_id)?;
    let mut invoice = alloc::string::String::from(SELF_INVOICE_PREFIX);
    invoice.push_str(friend_bap_id);
    self_derive::<Active>(master, &invoice)
}

/// The friend public key the signer publishes for `friend_bap_id` (`/api/friend-pubkey`).
pub fn friend_public_key(master: &PrivateKey, friend_bap_id: &str) -> Result<PublicKey, Error> {
    super::friend_public_key(FriendScheme::TokenPass, master, friend_bap_id)
}

/// A note to self about `friend_bap_id`, from the caller's `ephemeral` key (fresh and random
/// for every message; see [`encrypt_self_random`]).
pub fn encrypt_self(
    message: &[u8],
    master: &PrivateKey,
    friend_bap_id: &str,
    ephemeral: &PrivateKey,
) -> Result<Vec<u8>, Error> {
    let key = self_key(master, friend_bap_id)?;
    ecies::encrypt(message, key.public_key(), ephemeral, KeyMode::Embedded)
}

/// [`encrypt_self`] with a fresh random key, as the server does.
#[cfg(feature = "std")]
pub fn encrypt_self_random(
    message: &[u8],
    master: &PrivateKey,
    friend_bap_id: &str,
) -> Result<Vec<u8>, Error> {
    encrypt_self(message, master, friend_bap_id, &PrivateKey::generate()?)
}

/// Opens a note to self about `friend_bap_id`.
pub fn decrypt_self(
    data: &[u8],
    master: &PrivateKey,
    friend_bap_id: &str,
) -> Result<Vec<u8>, Error> {
    let key = self_key(master, friend_bap_id)?;
    ecies::decrypt(data, &key, SenderKey::Embedded)
}

/// A message to a peer: ECIES from the caller's `ephemeral` key (fresh and random for every
/// message) to `peer_friend_key`, the friend key the peer published for the sender.
pub fn encrypt_to_peer(
    message: &[u8],
    peer_friend_key: &PublicKey,
    ephemeral: &PrivateKey,
) -> Result<Vec<u8>, Error> {
    ecies::encrypt(message, peer_friend_key, ephemeral, KeyMode::Embedded)
}

/// [`encrypt_to_peer`] with a fresh random key, as the server does.
#[cfg(feature = "std")]
pub fn encrypt_to_peer_random(
    message: &[u8],
    peer_friend_key: &PublicKey,
) -> Result<Vec<u8>, Error> {
    encrypt_to_peer(message, peer_friend_key, &PrivateKey::generate()?)
}

/// Opens a message from the friend `sender_bap_id`, with the private key behind the friend
/// key this signer published for that friend (the consistent peer mode in the module docs).
pub fn decrypt_from_peer(
    data: &[u8],
    master: &PrivateKey,
    sender_bap_id: &str,
) -> Result<Vec<u8>, Error> {
    let key = super::friend_key(FriendScheme::TokenPass, master, sender_bap_id)?;
    ecies::decrypt(data, &key, SenderKey::Embedded)
}
