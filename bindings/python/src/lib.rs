#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! Python binding of `sigma-auth-core` (module `sigma_auth._sigma_auth`, re-exported by the
//! `sigma_auth` package).
//!
//! This crate only converts types and maps errors: every piece of cryptography is the core's.
//! The GIL is released (`py.detach`) around every operation that touches the curve, so Python
//! threads verify tokens in parallel. Every error is an `AuthError` whose `.code` is the core's
//! stable code: one subclass per token-verification reason, `InputError` (also a `ValueError`)
//! for a malformed argument, `InternalError` for a fault of ours.
//!
//! One module per domain; this file only registers them.

mod aip;
mod bap;
mod conversions;
mod derivation;
mod ecies;
mod encryption;
mod errors;
mod keys;
mod replay;
mod sigma;
mod signatures;
mod tokens;
mod verifier;

/// The native module.
#[pyo3::pymodule]
mod _sigma_auth {
    #[pymodule_export]
    use super::aip::{aip_sign, aip_verify};
    #[pymodule_export]
    use super::bap::{
        bap_attestation_hash, bap_check_attestation, bap_id_from_address, bap_id_from_public_key,
        bap_identity, bap_sign_attestation,
    };
    #[pymodule_export]
    use super::derivation::PyKeyDeriver;
    #[pymodule_export]
    use super::ecies::{
        ecies_decrypt, ecies_encrypt, friend_decrypt, friend_encrypt, friend_public_key,
    };
    #[pymodule_export]
    use super::encryption::{PySymmetricKey, brc78_decrypt, brc78_encrypt};
    #[pymodule_export]
    use super::errors::{
        AuthError, BadBody, BadPubkey, BadSignatureEncoding, BadTimestamp, Expired, InternalError,
        InvalidSignature, MalformedToken, MissingToken, NotYetValid, PathMismatch,
        RecipientRequired, ReplayStoreFull, ReplayStoreUnavailable, Replayed, SignerMismatch,
        UnsupportedBodyEncoding, UnsupportedScheme,
    };
    #[pymodule_export]
    use super::keys::{
        PyPrivateKey, PyPublicKey, derive_child_private_key, derive_child_public_key,
    };
    #[pymodule_export]
    use super::replay::PyReplayGuard;
    #[pymodule_export]
    use super::sigma::{sigma_sign, sigma_verify};
    #[pymodule_export]
    use super::signatures::{brc77_sign, brc77_verify, bsm_recover, bsm_sign, bsm_verify};
    #[pymodule_export]
    use super::tokens::{PyParsedToken, PyVerified, create_token, parse_token};
    #[pymodule_export]
    use super::verifier::{PyVerifier, verify_many, verify_token};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        super::errors::register(m)
    }
}
