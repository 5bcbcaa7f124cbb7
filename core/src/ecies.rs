//! ECIES-Electrum ("BIE1"), byte-compatible with `@bsv/sdk` `ECIES.electrumEncrypt` and
//! `electrumDecrypt`, and with the Electrum wallet.
//!
//! ```text
//! S        = sec_compressed(senderPriv · recipientPub)        (33 bytes)
//! h        = SHA-512(S);  iv = h[0..16], kE = h[16..32], kM = h[32..64]
//! ct       = AES-128-CBC(kE, iv, PKCS#7(plaintext))
//! out      = "BIE1" || [sec_compressed(senderPub)] || ct || HMAC-SHA256(kM, everything before)
//! ```
//!
//! The sender key is embedded ([`KeyMode::Embedded`], the usual form) or left out
//! ([`KeyMode::Omitted`], the reference's `noKey`, when the recipient already knows it). The
//! reference guesses which form it was handed from the first byte after the magic, so a
//! no-key ciphertext whose first AES byte happens to be 02, 03 or 04 is misread. Here the
//! caller says which form it expects ([`SenderKey`]); nothing is guessed.
//!
//! Decryption checks the lengths first, then the MAC in constant time, and only then runs
//! AES. Every failure after the magic is [`Error::DecryptionFailed`] (wrong key, tampered or
//! truncated input, a sender other than the expected one) or [`Error::InvalidLength`] (too
//! short to hold a MAC and one AES block).
//!
//! ECIES with a fixed sender key is deterministic: the same message to the same recipient
//! gives the same bytes, which shows who sent equal messages. For new data prefer BRC-78
//! ([`crate::encrypted_message`]) with a random key ID, which is also authenticated.
//!
//! ```
//! use sigma_auth_core::{ecies::{self, KeyMode, SenderKey}, PrivateKey};
//! let alice = PrivateKey::from_bytes([1u8; 32])?;
//! let bob = PrivateKey::from_bytes([2u8; 32])?;
//! let sealed = ecies::encrypt(b"hi bob", bob.public_key(), &alice, KeyMode::Embedded)?;
//! assert_eq!(ecies::decrypt(&sealed, &bob, SenderKey::Embedded)?, b"hi bob");
//! let bare = ecies::encrypt(b"hi bob", bob.public_key(), &alice, KeyMode::Omitted)?;
//! assert_eq!(ecies::decrypt(&bare, &bob, SenderKey::Given(alice.public_key()))?, b"hi bob");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::vec::Vec;

use aes::Aes128;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256, Sha512};
use zeroize::{Zeroize, Zeroizing};

use crate::ec::{Active, Backend};
use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};
use crate::type42;

/// The magic bytes `"BIE1"`.
pub const MAGIC: [u8; 4] = *b"BIE1";
/// Length of the HMAC-SHA256 tag at the end.
pub const MAC_LEN: usize = 32;
/// AES block length: the ciphertext is a positive multiple of it.
pub const BLOCK_LEN: usize = 16;
/// Length of a compressed public key, as written by [`KeyMode::Embedded`].
pub const KEY_LEN: usize = 33;

/// Whether [`encrypt`] writes the sender's public key into the ciphertext.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// `BIE1 || sec(senderPub) || ct || mac`: the recipient needs only its private key.
    Embedded,
    /// `BIE1 || ct || mac` (the reference's `noKey`): the recipient must know the sender's key.
    Omitted,
}

/// Where [`decrypt`] takes the sender's public key from. Says the ciphertext's form too, so
/// nothing is guessed from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SenderKey<'a> {
    /// The ciphertext embeds the key (33-byte compressed or 65-byte uncompressed).
    Embedded,
    /// The ciphertext embeds the key, and it must be this one. The reference instead lets a
    /// given key override the embedded one; here a different embedded key is refused.
    EmbeddedExpected(&'a PublicKey),
    /// The ciphertext has no key (the reference's `noKey`); this is the sender's.
    Given(&'a PublicKey),
}

/// `iv || kE || kM` from SHA-512 of the shared point. Zeroized on drop.
pub(crate) struct Keys(pub(crate) Zeroizing<[u8; 64]>);

impl Keys {
    pub(crate) fn derive<B: Backend>(own: &PrivateKey, their: &PublicKey) -> Result<Keys, Error> {
        let shared = type42::shared_secret_with::<B>(own, their)?;
        let mut hasher = Sha512::new();
        hasher.update(shared.as_bytes());
        let mut digest = hasher.finalize();
        let mut out = Zeroizing::new([0u8; 64]);
        out.copy_from_slice(&digest);
        digest.as_mut_slice().zeroize();
        Ok(Keys(out))
    }
    fn iv(&self) -> &[u8; 16] {
        self.0[..16].try_into().unwrap_or(&[0; 16])
    }
    fn enc(&self) -> &[u8; 16] {
        self.0[16..32].try_into().unwrap_or(&[0; 16])
    }
    fn mac(&self) -> Result<Hmac<Sha256>, Error> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0[32..])
            .map_err(|_| Error::DecryptionFailed)
    }
}

/// Encrypts `message` to `recipient` from `sender` (the reference's `fromPrivateKey`, used as
/// the ephemeral key). Deterministic for a fixed sender; see [`encrypt_random`].
pub fn encrypt(
    message: &[u8],
    recipient: &PublicKey,
    sender: &PrivateKey,
    mode: KeyMode,
) -> Result<Vec<u8>, Error> {
    encrypt_with::<Active>(message, recipient, sender, mode)
}

pub(crate) fn encrypt_with<B: Backend>(
    message: &[u8],
    recipient: &PublicKey,
    sender: &PrivateKey,
    mode: KeyMode,
) -> Result<Vec<u8>, Error> {
    let keys = Keys::derive::<B>(sender, recipient)?;
    let padded = (message.len() / BLOCK_LEN + 1) * BLOCK_LEN;
    let mut out = Vec::with_capacity(MAGIC.len() + KEY_LEN + padded + MAC_LEN);
    out.extend_from_slice(&MAGIC);
    if mode == KeyMode::Embedded {
        out.extend_from_slice(&sender.public_key().to_compressed());
    }
    let start = out.len();
    out.extend_from_slice(message);
    out.resize(start + padded, 0);
    let sealed = cbc::Encryptor::<Aes128>::new(keys.enc().into(), keys.iv().into())
        .encrypt_padded::<Pkcs7>(&mut out[start..], message.len())
        .map_err(|_| Error::InvalidInput {
            field: "message",
            why: "AES-CBC padding failed",
        })?
        .len();
    out.truncate(start + sealed);
    let mut mac = keys.mac()?;
    mac.update(&out);
    out.extend_from_slice(&mac.finalize().into_bytes());
    Ok(out)
}

/// [`encrypt`] from a fresh random key, embedded (the reference's default when no sender key
/// is given). The recipient learns nothing about who sent it.
#[cfg(feature = "std")]
pub fn encrypt_random(message: &[u8], recipient: &PublicKey) -> Result<Vec<u8>, Error> {
    let ephemeral = PrivateKey::generate()?;
    encrypt(message, recipient, &ephemeral, KeyMode::Embedded)
}

/// Opens a BIE1 ciphertext for `recipient`, taking the sender's key as `sender` says.
///
/// Checks, in order: the magic ([`Error::VersionMismatch`]), the length
/// ([`Error::InvalidLength`]), the embedded key and that the AES part is whole blocks, then the
/// MAC in constant time, and only then decrypts ([`Error::DecryptionFailed`] for each of those).
pub fn decrypt(
    data: &[u8],
    recipient: &PrivateKey,
    sender: SenderKey<'_>,
) -> Result<Vec<u8>, Error> {
    decrypt_with::<Active>(data, recipient, sender)
}

/// The parts of a ciphertext: the sender key and the AES-CBC bytes. Public-only parsing, no
/// cryptography; the MAC still has to be checked.
fn parse<'d, B: Backend>(
    data: &'d [u8],
    sender: SenderKey<'_>,
) -> Result<(PublicKey, &'d [u8], &'d [u8]), Error> {
    if data.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(Error::VersionMismatch {
            field: "ecies.magic",
        });
    }
    let key_len = match sender {
        SenderKey::Given(_) => 0,
        SenderKey::Embedded | SenderKey::EmbeddedExpected(_) => match data.get(MAGIC.len()) {
            Some(0x02 | 0x03) => KEY_LEN,
            Some(0x04) => 65,
            // Too short for any key: the length check below reports it.
            None => KEY_LEN,
            Some(_) => return Err(Error::DecryptionFailed),
        },
    };
    let min = MAGIC.len() + key_len + BLOCK_LEN + MAC_LEN;
    if data.len() < min {
        return Err(Error::InvalidLength {
            field: "ecies",
            expected: min,
            actual: data.len(),
        });
    }
    let body = &data[MAGIC.len() + key_len..data.len() - MAC_LEN];
    if !body.len().is_multiple_of(BLOCK_LEN) {
        return Err(Error::DecryptionFailed);
    }
    let key = match sender {
        SenderKey::Given(key) => *key,
        SenderKey::Embedded | SenderKey::EmbeddedExpected(_) => {
            let raw = &data[MAGIC.len()..MAGIC.len() + key_len];
            let key = PublicKey::parse_sec1::<B>("ecies.sender_key", raw)
                .map_err(|_| Error::DecryptionFailed)?;
            if let SenderKey::EmbeddedExpected(expected) = sender
                && &key != expected
            {
                return Err(Error::DecryptionFailed);
            }
            key
        }
    };
    Ok((key, body, &data[data.len() - MAC_LEN..]))
}

pub(crate) fn decrypt_with<B: Backend>(
    data: &[u8],
    recipient: &PrivateKey,
    sender: SenderKey<'_>,
) -> Result<Vec<u8>, Error> {
    let (key, body, tag) = parse::<B>(data, sender)?;
    let keys = Keys::derive::<B>(recipient, &key)?;
    let mut mac = keys.mac()?;
    mac.update(&data[..data.len() - MAC_LEN]);
    // `verify_slice` compares in constant time.
    mac.verify_slice(tag).map_err(|_| Error::DecryptionFailed)?;
    let mut buf = body.to_vec();
    let len = match cbc::Decryptor::<Aes128>::new(keys.enc().into(), keys.iv().into())
        .decrypt_padded::<Pkcs7>(&mut buf)
    {
        Ok(plain) => plain.len(),
        Err(_) => {
            buf.zeroize();
            return Err(Error::DecryptionFailed);
        }
    };
    buf.truncate(len);
    Ok(buf)
}
