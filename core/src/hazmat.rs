//! Backend-generic entry points and internals, for fuzzing, benchmarks and the tests that
//! compare the two curve backends. Feature `hazmat`; not part of the stable API.
//!
//! Everything here is also reachable, on the active backend, through the ordinary modules.
//! Use those: these functions skip nothing, but they expose the seam that the crate is free to
//! change.

use alloc::string::String;
use alloc::vec::Vec;

use crate::bsm::CompactSignature;
use crate::error::{Error, VerifyError};
use crate::keys::{PrivateKey, PublicKey};
use crate::policy::Policy;
use crate::signed_message::Envelope;
use crate::time::Timestamp;
use crate::token::{NewToken, Request, Verified, Verifier};

/// The curve seam: the `Backend` trait, its two implementations and scalar helpers.
pub mod ec {
    pub use crate::ec::*;
}

/// DER signatures (strict and reference-lenient decoding).
pub mod der {
    pub use crate::der::*;
}

/// Strict and reference-lenient hex and base64, Bitcoin varints.
pub mod encoding {
    pub use crate::encoding::*;
}

/// SHA-256, RIPEMD-160, HMAC-SHA256 from RustCrypto.
pub mod hash {
    pub use crate::hash::*;
}

/// Where a batch's worker threads start, for the benchmark that rebuilds the batch drivers.
#[cfg(feature = "std")]
pub mod placement {
    pub use crate::token::placement::Placement;
}

use crate::ec::Backend;

/// [`crate::bsm::sign`] on backend `B`.
pub fn bsm_sign<B: Backend>(message: &[u8], key: &PrivateKey) -> Result<[u8; 65], Error> {
    crate::bsm::sign_with::<B>(message, key)
}

/// [`crate::bsm::verify`] on backend `B`.
pub fn bsm_verify<B: Backend>(
    message: &[u8],
    sig: &CompactSignature,
    key: &PublicKey,
    policy: Policy,
) -> Result<(), Error> {
    crate::bsm::verify_with::<B>(message, sig, key, policy)
}

/// [`crate::signed_message::sign`] on backend `B`.
pub fn brc77_sign<B: Backend>(
    message: &[u8],
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
    key_id: [u8; 32],
) -> Result<Vec<u8>, Error> {
    crate::signed_message::sign_with::<B>(message, signer, verifier, key_id)
}

/// [`crate::signed_message::parse`] on backend `B`.
pub fn brc77_parse<B: Backend>(bytes: &[u8], policy: Policy) -> Result<Envelope, Error> {
    crate::signed_message::parse_with::<B>(bytes, policy)
}

/// [`crate::signed_message::verify`] on backend `B`.
pub fn brc77_verify<B: Backend>(
    message: &[u8],
    sig: &[u8],
    recipient: Option<&PrivateKey>,
    policy: Policy,
) -> Result<PublicKey, Error> {
    crate::signed_message::verify_with::<B>(message, sig, recipient, policy)
}

/// [`crate::type42::derive_child_private_key`] on backend `B`.
pub fn derive_child_private_key<B: Backend>(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PrivateKey, Error> {
    crate::type42::derive_child_private_key_with::<B>(key, counterparty, invoice)
}

/// [`crate::type42::derive_child_public_key`] on backend `B`.
pub fn derive_child_public_key<B: Backend>(
    key: &PrivateKey,
    counterparty: &PublicKey,
    invoice: &str,
) -> Result<PublicKey, Error> {
    crate::type42::derive_child_public_key_with::<B>(key, counterparty, invoice)
}

/// [`crate::token::create`] on backend `B`.
pub fn token_create<B: Backend>(
    key: &PrivateKey,
    spec: &NewToken<'_>,
    key_id: [u8; 32],
) -> Result<String, Error> {
    crate::token::create_with::<B>(key, spec, key_id)
}

/// [`Verifier::verify`] on backend `B`.
pub fn token_verify<B: Backend>(
    verifier: &Verifier,
    token: &str,
    request: &Request<'_>,
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    verifier.verify_with::<B>(token, request, now)
}

/// [`crate::ecies::encrypt`] on backend `B`.
pub fn ecies_encrypt<B: Backend>(
    message: &[u8],
    recipient: &PublicKey,
    sender: &PrivateKey,
    mode: crate::ecies::KeyMode,
) -> Result<Vec<u8>, Error> {
    crate::ecies::encrypt_with::<B>(message, recipient, sender, mode)
}

/// [`crate::ecies::decrypt`] on backend `B`.
pub fn ecies_decrypt<B: Backend>(
    data: &[u8],
    recipient: &PrivateKey,
    sender: crate::ecies::SenderKey<'_>,
) -> Result<Vec<u8>, Error> {
    crate::ecies::decrypt_with::<B>(data, recipient, sender)
}

/// The ECIES-Electrum key material `iv (16) || kE (16) || kM (32)` = SHA-512 of the shared
/// point, on backend `B`.
pub fn ecies_keys<B: Backend>(
    own: &PrivateKey,
    their: &PublicKey,
) -> Result<zeroize::Zeroizing<[u8; 64]>, Error> {
    Ok(crate::ecies::Keys::derive::<B>(own, their)?.0)
}

/// [`crate::friend::friend_key`] on backend `B`.
pub fn friend_key<B: Backend>(
    scheme: crate::friend::FriendScheme,
    key: &PrivateKey,
    friend_bap_id: &str,
) -> Result<PrivateKey, Error> {
    crate::friend::friend_key_with::<B>(scheme, key, friend_bap_id)
}
