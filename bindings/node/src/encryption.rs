//! Encryption: BRC-78 encrypted messages and the AES-256-GCM `SymmetricKey` of `@bsv/sdk`.

use napi::Result;
use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use sigma_auth_core::{encrypted_message, symmetric};

use crate::conversions::{bytes32, message_bytes};
use crate::errors::{Fault, OrThrow, boundary};
use crate::keys::{PrivateKey, PublicKey};

/// BRC-78: encrypts `message` from `sender` to `recipient`. With `key_id` and `iv` (32 bytes
/// each, both or neither) the output is deterministic; without them both are random.
#[napi(catch_unwind)]
pub fn brc78_encrypt(
    env: Env,
    message: Either<String, Buffer>,
    sender: &PrivateKey,
    recipient: &PublicKey,
    key_id: Option<Buffer>,
    iv: Option<Buffer>,
) -> Result<Buffer> {
    boundary(&env, || {
        let message = message_bytes(&message);
        let sealed = match (key_id, iv) {
            (None, None) => {
                encrypted_message::encrypt_random(message, &sender.inner, &recipient.inner)
            }
            (Some(key_id), Some(iv)) => encrypted_message::encrypt(
                message,
                &sender.inner,
                &recipient.inner,
                bytes32(&key_id, "key_id").or_throw(&env)?,
                bytes32(&iv, "iv").or_throw(&env)?,
            ),
            _ => {
                return Err(
                    Fault::input("invalid_input", "keyId and iv: give both or neither").throw(&env),
                );
            }
        };
        sealed.map(Buffer::from).or_throw(&env)
    })
}

/// The result of [`brc78_decrypt`].
#[napi(object)]
pub struct Brc78Decrypted {
    /// The plaintext.
    pub plaintext: Buffer,
    /// Who encrypted it: the 33-byte compressed sender key, which the AES-GCM tag proves.
    pub sender: Buffer,
}

/// BRC-78: opens `data` addressed to `recipient`. The plaintext is handed to JavaScript
/// without an intermediate copy.
#[napi(catch_unwind)]
pub fn brc78_decrypt(env: Env, data: Buffer, recipient: &PrivateKey) -> Result<Brc78Decrypted> {
    boundary(&env, || {
        let (plain, sender) = encrypted_message::decrypt(&data, &recipient.inner).or_throw(&env)?;
        Ok(Brc78Decrypted {
            plaintext: Buffer::from(plain),
            sender: Buffer::from(sender.to_compressed().to_vec()),
        })
    })
}

/// An AES-256-GCM key with a 32-byte IV, as `SymmetricKey` of `@bsv/sdk` (zeroized when
/// garbage-collected).
#[napi]
pub struct SymmetricKey {
    /// Boxed for the reason given on `PrivateKey`'s `inner`: napi-rs frees its own allocation
    /// unwiped, the box is zeroized where it lies.
    inner: Box<symmetric::SymmetricKey>,
}

#[napi]
impl SymmetricKey {
    /// A key from 1 to 32 big-endian bytes, left-padded with zeros to 32.
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(env: Env, bytes: Buffer) -> Result<SymmetricKey> {
        boundary(&env, || {
            symmetric::SymmetricKey::from_slice(&bytes)
                .map(|inner| SymmetricKey {
                    inner: Box::new(inner),
                })
                .or_throw(&env)
        })
    }

    /// `IV || ciphertext || tag`; with the caller's 32-byte `iv`, or a random one if absent.
    #[napi(catch_unwind)]
    pub fn encrypt(
        &self,
        env: Env,
        plaintext: Either<String, Buffer>,
        iv: Option<Buffer>,
    ) -> Result<Buffer> {
        boundary(&env, || {
            let plaintext = message_bytes(&plaintext);
            match iv {
                Some(iv) => {
                    let iv = bytes32(&iv, "iv").or_throw(&env)?;
                    Ok(Buffer::from(self.inner.encrypt(plaintext, iv)))
                }
                None => self
                    .inner
                    .encrypt_random(plaintext)
                    .map(Buffer::from)
                    .or_throw(&env),
            }
        })
    }

    /// Opens `IV || ciphertext || tag`.
    #[napi(catch_unwind)]
    pub fn decrypt(&self, env: Env, sealed: Buffer) -> Result<Buffer> {
        boundary(&env, || {
            self.inner.decrypt(&sealed).map(Buffer::from).or_throw(&env)
        })
    }
}
