//! Signed messages: Bitcoin Signed Message (BSM) and BRC-77.
//!
//! wasm-bindgen cannot take an optional borrowed key (`Option<&PublicKey>`), so the BRC-77
//! calls that the Node binding overloads on an optional key are two functions here:
//! `brc77Sign` (for a verifier) and `brc77SignForAnyone`; `brc77Verify` (an envelope for
//! anyone) and `brc77VerifyAs` (as the recipient).

use js_sys::Uint8Array;
use sigma_auth_core::{Error as CoreError, bsm, signed_message};
use wasm_bindgen::prelude::*;

use crate::conversions::{bytes, compat_of, message, object, policy, string};
use crate::errors::Fault;
use crate::keys::{PrivateKey, PublicKey};
use crate::random;

/// Bitcoin Signed Message: the 65-byte compact signature (RFC 6979, low S) as base64.
#[wasm_bindgen(js_name = bsmSign)]
pub fn bsm_sign(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    key: &PrivateKey,
) -> Result<String, Fault> {
    Ok(bsm::sign_base64(&message(msg, "message")?, &key.inner)?)
}

/// Bitcoin Signed Message verification against `publicKey`. Strict by default (the header
/// must recover exactly this key, low S, canonical base64); `{ compat: true }` is plain ECDSA
/// like `BSM.verify` of `@bsv/sdk`. False if it does not verify; throws `SigmaAuthError` if
/// the signature is malformed.
#[wasm_bindgen(js_name = bsmVerify)]
pub fn bsm_verify(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: &JsValue,
    #[wasm_bindgen(js_name = publicKey)] public_key: &PublicKey,
    #[wasm_bindgen(unchecked_param_type = "{ compat?: boolean }")] options: Option<JsValue>,
) -> Result<bool, Fault> {
    let msg = message(msg, "message")?;
    let policy = policy(compat_of(
        &object(options.unwrap_or_default(), "options")?,
        "options.compat",
    )?);
    let sig = bsm::CompactSignature::parse_base64(&string(signature, "signature")?, policy)?;
    match bsm::verify(&msg, &sig, &public_key.inner, policy) {
        Ok(()) => Ok(true),
        Err(CoreError::SignatureMismatch { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Bitcoin Signed Message: the public key recovered from the signature's header.
#[wasm_bindgen(js_name = bsmRecover)]
pub fn bsm_recover(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ compat?: boolean }")] options: Option<JsValue>,
) -> Result<PublicKey, Fault> {
    let msg = message(msg, "message")?;
    let policy = policy(compat_of(
        &object(options.unwrap_or_default(), "options")?,
        "options.compat",
    )?);
    let sig = bsm::CompactSignature::parse_base64(&string(signature, "signature")?, policy)?;
    let (inner, _) = bsm::recover(&msg, &sig)?;
    Ok(PublicKey { inner })
}

/// BRC-77: a signed-message envelope from `signer` for `verifier` (random key ID).
#[wasm_bindgen(js_name = brc77Sign)]
pub fn brc77_sign(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    signer: &PrivateKey,
    verifier: &PublicKey,
) -> Result<Uint8Array, Fault> {
    let msg = message(msg, "message")?;
    let out = signed_message::sign(
        &msg,
        &signer.inner,
        Some(&verifier.inner),
        random::bytes32()?,
    )?;
    Ok(Uint8Array::from(&out[..]))
}

/// BRC-77: a signed-message envelope from `signer` that anyone can verify (random key ID).
#[wasm_bindgen(js_name = brc77SignForAnyone)]
pub fn brc77_sign_for_anyone(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    signer: &PrivateKey,
) -> Result<Uint8Array, Fault> {
    let msg = message(msg, "message")?;
    let out = signed_message::sign(&msg, &signer.inner, None, random::bytes32()?)?;
    Ok(Uint8Array::from(&out[..]))
}

/// BRC-77: verifies an envelope for anyone and returns the signer. An envelope addressed to a
/// specific verifier throws `recipient_required` (use `brc77VerifyAs`); other failures throw
/// `SigmaAuthError` (`signature_mismatch`, `version_mismatch`, ...).
#[wasm_bindgen(js_name = brc77Verify)]
pub fn brc77_verify(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] signature: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ compat?: boolean }")] options: Option<JsValue>,
) -> Result<PublicKey, Fault> {
    verify_envelope(msg, signature, None, options.unwrap_or_default())
}

/// BRC-77: verifies an envelope as `recipient` (or one for anyone) and returns the signer;
/// another recipient's envelope throws `wrong_recipient`.
#[wasm_bindgen(js_name = brc77VerifyAs)]
pub fn brc77_verify_as(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] signature: &JsValue,
    recipient: &PrivateKey,
    #[wasm_bindgen(unchecked_param_type = "{ compat?: boolean }")] options: Option<JsValue>,
) -> Result<PublicKey, Fault> {
    verify_envelope(msg, signature, Some(recipient), options.unwrap_or_default())
}

fn verify_envelope(
    msg: &JsValue,
    signature: &JsValue,
    recipient: Option<&PrivateKey>,
    options: JsValue,
) -> Result<PublicKey, Fault> {
    let msg = message(msg, "message")?;
    let sig = bytes(signature, "signature")?;
    let policy = policy(compat_of(&object(options, "options")?, "options.compat")?);
    let inner = signed_message::verify(&msg, &sig, recipient.map(|r| &r.inner), policy)?;
    Ok(PublicKey { inner })
}
