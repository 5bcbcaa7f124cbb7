//! BRC-78 encrypted messages.
//!
//! ```text
//! 42 42 10 33 | sec(sender) 33 | sec(recipient) 33 | key ID 32 | IV 32 | ciphertext | tag 16
//! ```
//! With `t = HMAC(sec(a·B), "2-message encryption-" + b64(keyID))`, the sender computes
//! `P = (a + t)·(B + t·G)` and the recipient `P = (b + t)·(A + t·G)`; the AES-256-GCM key is
//! `x(P)` (32 bytes, leading zeros kept).
//!
//! ```
//! use sigma_auth_core::{encrypted_message, PrivateKey};
//! let alice = PrivateKey::from_bytes([1u8; 32])?;
//! let bob = PrivateKey::from_bytes([2u8; 32])?;
//! let sealed = encrypted_message::encrypt(b"hi bob", &alice, bob.public_key(), [3u8; 32], [4u8; 32])?;
//! let (plain, sender) = encrypted_message::decrypt(&sealed, &bob)?;
//! assert_eq!((plain.as_slice(), &sender), (&b"hi bob"[..], alice.public_key()));
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use subtle::ConstantTimeEq;

use crate::ec::{Active, Backend};
use crate::encoding::base64_encode;
use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};
use crate::symmetric::{IV_LEN, SymmetricKey, TAG_LEN};
use crate::type42;

/// The version bytes `42 42 10 33`.
pub const VERSION: [u8; 4] = [0x42, 0x42, 0x10, 0x33];

const HEADER_LEN: usize = 4 + 33 + 33 + 32;

/// The BRC-43 invoice number for `key_id`: `"2-message encryption-" + base64(key_id)`.
pub fn invoice_number(key_id: &[u8; 32]) -> String {
    let mut inv = String::with_capacity(65);
    inv.push_str("2-message encryption-");
    inv.push_str(&base64_encode(key_id));
    inv
}

/// The AES key both sides compute: `x((own + t)·(their + t·G))`.
fn message_key<B: Backend>(
    own: &PrivateKey,
    their: &PublicKey,
    key_id: &[u8; 32],
) -> Result<SymmetricKey, Error> {
    let invoice = invoice_number(key_id);
    let own_child = type42::derive_child_private_key_with::<B>(own, their, &invoice)?;
    let their_child = type42::derive_child_public_key_with::<B>(own, their, &invoice)?;
    let point = B::mul(their_child.point(), own_child.secret()).ok_or(Error::DerivationFailed {
        why: "the curve backend refused the ECDH inputs",
    })?;
    SymmetricKey::from_slice(&point.x())
}

/// Encrypts `message` from `sender` to `recipient` with the caller's fresh random `key_id`
/// and `iv`. Refuses an empty message, which the JavaScript reference could never open.
pub fn encrypt(
    message: &[u8],
    sender: &PrivateKey,
    recipient: &PublicKey,
    key_id: [u8; 32],
    iv: [u8; IV_LEN],
) -> Result<Vec<u8>, Error> {
    if message.is_empty() {
        return Err(Error::InvalidInput {
            field: "message",
            why: "empty: the reference SDK cannot decrypt an empty BRC-78 message",
        });
    }
    let key = message_key::<Active>(sender, recipient, &key_id)?;
    let sealed = key.encrypt(message, iv);
    let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
    out.extend_from_slice(&VERSION);
    out.extend_from_slice(&sender.public_key().to_compressed());
    out.extend_from_slice(&recipient.to_compressed());
    out.extend_from_slice(&key_id);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// [`encrypt`] with a random key ID and IV.
#[cfg(feature = "std")]
pub fn encrypt_random(
    message: &[u8],
    sender: &PrivateKey,
    recipient: &PublicKey,
) -> Result<Vec<u8>, Error> {
    let mut random = [0u8; 64];
    getrandom::fill(&mut random).map_err(|_| Error::RandomnessUnavailable)?;
    let (key_id, iv) = random.split_at(32);
    let key_id: [u8; 32] = key_id
        .try_into()
        .map_err(|_| Error::RandomnessUnavailable)?;
    let iv: [u8; 32] = iv.try_into().map_err(|_| Error::RandomnessUnavailable)?;
    encrypt(message, sender, recipient, key_id, iv)
}

/// Opens a BRC-78 message addressed to `recipient`; returns the plaintext and the sender.
///
/// A message for another key is refused with [`Error::WrongRecipient`] before any
/// cryptography; a tampered or truncated one with [`Error::DecryptionFailed`]. An empty
/// ciphertext opens to an empty plaintext.
pub fn decrypt(data: &[u8], recipient: &PrivateKey) -> Result<(Vec<u8>, PublicKey), Error> {
    if data.get(..4) != Some(&VERSION[..]) {
        return Err(Error::VersionMismatch {
            field: "brc78.version",
        });
    }
    if data.len() < HEADER_LEN + IV_LEN + TAG_LEN {
        return Err(Error::InvalidLength {
            field: "brc78",
            expected: HEADER_LEN + IV_LEN + TAG_LEN,
            actual: data.len(),
        });
    }
    let sender = PublicKey::from_sec1(&data[4..37]).map_err(|_| Error::DecryptionFailed)?;
    let addressed = &data[37..70];
    if !bool::from(addressed.ct_eq(&recipient.public_key().to_compressed()[..])) {
        return Err(Error::WrongRecipient);
    }
    let mut key_id = [0u8; 32];
    key_id.copy_from_slice(&data[70..102]);
    let key = message_key::<Active>(recipient, &sender, &key_id)?;
    Ok((key.decrypt(&data[HEADER_LEN..])?, sender))
}
