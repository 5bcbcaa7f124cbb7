//! ECIES-Electrum ("BIE1") and friend encryption (bsv-bap MemberID / MasterID, TokenPass).

use napi::Result;
use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::friend::{self, FriendMode};

use crate::conversions::message_bytes;
use crate::errors::{Fault, OrThrow, boundary};
use crate::keys::{PrivateKey, PublicKey};

/// ECIES-Electrum: encrypts `message` to `recipient` from `sender` (deterministic; a fresh
/// random key when `sender` is absent). `no_key` leaves the sender key out.
#[napi(catch_unwind)]
pub fn ecies_encrypt(
    env: Env,
    message: Either<String, Buffer>,
    recipient: &PublicKey,
    sender: Option<&PrivateKey>,
    no_key: bool,
) -> Result<Buffer> {
    boundary(&env, || {
        let message = message_bytes(&message);
        let mode = if no_key {
            KeyMode::Omitted
        } else {
            KeyMode::Embedded
        };
        let sealed = match sender {
            Some(sender) => ecies::encrypt(message, &recipient.inner, &sender.inner, mode),
            None if no_key => {
                return Err(Fault::input(
                    "invalid_input",
                    "noKey needs a sender key: the recipient must know it",
                )
                .throw(&env));
            }
            None => ecies::encrypt_random(message, &recipient.inner),
        };
        sealed.map(Buffer::from).or_throw(&env)
    })
}

/// ECIES-Electrum: opens `data` for `recipient`. With `no_key` the ciphertext has no embedded
/// key and `sender` is required; otherwise an embedded key must equal `sender` when given.
#[napi(catch_unwind)]
pub fn ecies_decrypt(
    env: Env,
    data: Buffer,
    recipient: &PrivateKey,
    sender: Option<&PublicKey>,
    no_key: bool,
) -> Result<Buffer> {
    boundary(&env, || {
        let sender = match (sender, no_key) {
            (Some(k), true) => SenderKey::Given(&k.inner),
            (None, true) => {
                return Err(Fault::input(
                    "invalid_input",
                    "noKey: the ciphertext has no embedded key, so the sender key is required",
                )
                .throw(&env));
            }
            (Some(k), false) => SenderKey::EmbeddedExpected(&k.inner),
            (None, false) => SenderKey::Embedded,
        };
        ecies::decrypt(&data, &recipient.inner, sender)
            .map(Buffer::from)
            .or_throw(&env)
    })
}

fn mode(name: &str) -> std::result::Result<FriendMode, Fault> {
    FriendMode::from_name(name).map_err(Fault::from)
}

/// The 33-byte friend public key `key` publishes to `friend_bap_id` in `mode`.
#[napi(catch_unwind)]
pub fn friend_public_key(
    env: Env,
    key: &PrivateKey,
    friend_bap_id: String,
    mode_name: String,
) -> Result<Buffer> {
    boundary(&env, || {
        let mode = mode(&mode_name).or_throw(&env)?;
        friend::friend_public_key(mode.key_scheme(), &key.inner, &friend_bap_id)
            .map(|k| Buffer::from(k.to_compressed().to_vec()))
            .or_throw(&env)
    })
}

/// Friend encryption in `mode` from `key` for `friend_bap_id`, to `to` (the friend's
/// published friend key; see `friend::encrypt_as`).
#[napi(catch_unwind)]
pub fn friend_encrypt(
    env: Env,
    message: Either<String, Buffer>,
    key: &PrivateKey,
    friend_bap_id: String,
    mode_name: String,
    to: Option<&PublicKey>,
) -> Result<Buffer> {
    boundary(&env, || {
        let mode = mode(&mode_name).or_throw(&env)?;
        friend::encrypt_as(
            mode,
            message_bytes(&message),
            &key.inner,
            &friend_bap_id,
            to.map(|k| &k.inner),
        )
        .map(Buffer::from)
        .or_throw(&env)
    })
}

/// Opens a friend message in `mode` from `friend_bap_id` with `key`; `from` is the sender's
/// published friend key (see `friend::decrypt_as`).
#[napi(catch_unwind)]
pub fn friend_decrypt(
    env: Env,
    data: Buffer,
    key: &PrivateKey,
    friend_bap_id: String,
    mode_name: String,
    from: Option<&PublicKey>,
) -> Result<Buffer> {
    boundary(&env, || {
        let mode = mode(&mode_name).or_throw(&env)?;
        friend::decrypt_as(
            mode,
            &data,
            &key.inner,
            &friend_bap_id,
            from.map(|k| &k.inner),
        )
        .map(Buffer::from)
        .or_throw(&env)
    })
}
