//! [`SymmetricKey`]: AES-256-GCM with a 32-byte IV, as `@bsv/sdk` `SymmetricKey` uses it.
//!
//! Output layout: `IV (32) || ciphertext || tag (16)`, no associated data. With a 32-byte IV the
//! GCM counter block is derived by GHASH (NIST SP 800-38D), which is plain standard AES-GCM.
//!
//! ```
//! use sigma_auth_core::symmetric::SymmetricKey;
//! let key = SymmetricKey::from_slice(&[7u8; 32])?;
//! let sealed = key.encrypt(b"hello", [1u8; 32]);
//! assert_eq!(key.decrypt(&sealed)?, b"hello");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

use aes_gcm::aead::consts::U32;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::aes::Aes256;
use aes_gcm::{AesGcm, Nonce};
use zeroize::Zeroizing;

use crate::error::Error;

type Aes256Gcm32 = AesGcm<Aes256, U32>;

/// IV length in bytes.
pub const IV_LEN: usize = 32;
/// Tag length in bytes.
pub const TAG_LEN: usize = 16;

/// A 256-bit AES key. Zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct SymmetricKey(Zeroizing<[u8; 32]>);

impl SymmetricKey {
    /// A key from up to 32 big-endian bytes, left-padded with zeros to 32 (the reference stores
    /// the key as a number, so a 31-byte key means `00 || key`).
    pub fn from_slice(bytes: &[u8]) -> Result<SymmetricKey, Error> {
        if bytes.len() > 32 || bytes.is_empty() {
            return Err(Error::InvalidLength {
                field: "symmetric_key",
                expected: 32,
                actual: bytes.len(),
            });
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key[32 - bytes.len()..].copy_from_slice(bytes);
        Ok(SymmetricKey(key))
    }

    /// The 32 key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn cipher(&self) -> Aes256Gcm32 {
        Aes256Gcm32::new(&(*self.0).into())
    }

    /// Encrypts `plaintext` with the caller's 32-byte `iv`, which must never repeat for a key.
    /// Returns `IV || ciphertext || tag`.
    pub fn encrypt(&self, plaintext: &[u8], iv: [u8; IV_LEN]) -> Vec<u8> {
        let nonce = Nonce::<U32>::from(iv);
        // Encryption fails only for inputs beyond GCM's 2^36-byte limit.
        let sealed = self
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: b"",
                },
            )
            .unwrap_or_default();
        let mut out = Vec::with_capacity(IV_LEN + sealed.len());
        out.extend_from_slice(&iv);
        out.extend_from_slice(&sealed);
        out
    }

    /// [`encrypt`](Self::encrypt) with a random IV.
    #[cfg(feature = "std")]
    pub fn encrypt_random(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        let mut iv = [0u8; IV_LEN];
        getrandom::fill(&mut iv).map_err(|_| Error::RandomnessUnavailable)?;
        Ok(self.encrypt(plaintext, iv))
    }

    /// Opens `IV || ciphertext || tag`. Unlike the reference, an empty ciphertext (48 bytes in
    /// all) opens to an empty plaintext, as standard GCM allows.
    pub fn decrypt(&self, sealed: &[u8]) -> Result<Vec<u8>, Error> {
        if sealed.len() < IV_LEN + TAG_LEN {
            return Err(Error::InvalidLength {
                field: "ciphertext",
                expected: IV_LEN + TAG_LEN,
                actual: sealed.len(),
            });
        }
        let (iv, rest) = sealed.split_at(IV_LEN);
        let nonce = Nonce::<U32>::try_from(iv).map_err(|_| Error::DecryptionFailed)?;
        self.cipher()
            .decrypt(
                &nonce,
                Payload {
                    msg: rest,
                    aad: b"",
                },
            )
            .map_err(|_| Error::DecryptionFailed)
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}
