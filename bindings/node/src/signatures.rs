//! Signed messages: Bitcoin Signed Message (BSM) and BRC-77.

use napi::Result;
use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use sigma_auth_core::{Error as CoreError, bsm, signed_message};

use crate::conversions::{message_bytes, policy};
use crate::errors::{OrThrow, boundary};
use crate::keys::{PrivateKey, PublicKey};

/// Bitcoin Signed Message: the 65-byte compact signature as base64.
#[napi(catch_unwind)]
pub fn bsm_sign(env: Env, message: Either<String, Buffer>, key: &PrivateKey) -> Result<String> {
    boundary(&env, || {
        bsm::sign_base64(message_bytes(&message), &key.inner).or_throw(&env)
    })
}

/// Bitcoin Signed Message verification against `key`: throws for a malformed signature,
/// returns false for a well-formed one that does not verify.
#[napi(catch_unwind)]
pub fn bsm_verify(
    env: Env,
    message: Either<String, Buffer>,
    signature: String,
    key: &PublicKey,
    compat: Option<bool>,
) -> Result<bool> {
    boundary(&env, || {
        let policy = policy(compat);
        let sig = bsm::CompactSignature::parse_base64(&signature, policy).or_throw(&env)?;
        match bsm::verify(message_bytes(&message), &sig, &key.inner, policy) {
            Ok(()) => Ok(true),
            Err(CoreError::SignatureMismatch { .. }) => Ok(false),
            Err(e) => Err(e).or_throw(&env),
        }
    })
}

/// Bitcoin Signed Message: the key recovered from the signature's header.
#[napi(catch_unwind)]
pub fn bsm_recover(
    env: Env,
    message: Either<String, Buffer>,
    signature: String,
    compat: Option<bool>,
) -> Result<PublicKey> {
    boundary(&env, || {
        let sig = bsm::CompactSignature::parse_base64(&signature, policy(compat)).or_throw(&env)?;
        bsm::recover(message_bytes(&message), &sig)
            .map(|(inner, _)| PublicKey { inner })
            .or_throw(&env)
    })
}

/// BRC-77: signs `message` for `verifier` (anyone if absent) with a random key ID.
#[napi(catch_unwind)]
pub fn brc77_sign(
    env: Env,
    message: Either<String, Buffer>,
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
) -> Result<Buffer> {
    boundary(&env, || {
        signed_message::sign_random(
            message_bytes(&message),
            &signer.inner,
            verifier.map(|v| &v.inner),
        )
        .map(Buffer::from)
        .or_throw(&env)
    })
}

/// BRC-77: verifies `signature` over `message` and returns the signer; `recipient` is needed
/// for an envelope addressed to a specific verifier. Throws on any failure.
#[napi(catch_unwind)]
pub fn brc77_verify(
    env: Env,
    message: Either<String, Buffer>,
    signature: Buffer,
    recipient: Option<&PrivateKey>,
    compat: Option<bool>,
) -> Result<PublicKey> {
    boundary(&env, || {
        signed_message::verify(
            message_bytes(&message),
            &signature,
            recipient.map(|r| &*r.inner),
            policy(compat),
        )
        .map(|inner| PublicKey { inner })
        .or_throw(&env)
    })
}
