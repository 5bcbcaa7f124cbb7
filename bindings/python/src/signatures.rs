//! Message signatures: Bitcoin Signed Message (BSM) and BRC-77 signed messages.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use sigma_auth_core::{Error as CoreError, Policy, bsm, signed_message};

use crate::conversions::{policy, type_error, want_bytes, want_bytes32, want_message, want_str};
use crate::errors::{OrInput, detach, input_error};
use crate::keys::{PyPrivateKey, PyPublicKey};

/// Bitcoin Signed Message: the base64 of the 65-byte compact signature (compressed header).
#[pyfunction]
pub(crate) fn bsm_sign(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    private_key: PyRef<'_, PyPrivateKey>,
) -> PyResult<String> {
    let message = want_message("message", message)?;
    let key = &private_key.inner;
    detach(py, || bsm::sign_base64(&message, key)).or_input(py)
}

/// A compact signature given as base64 text or 65 bytes.
fn want_compact(signature: &Bound<'_, PyAny>, policy: Policy) -> PyResult<bsm::CompactSignature> {
    let py = signature.py();
    if signature.is_instance_of::<PyString>() {
        let text = want_str("signature", signature)?;
        bsm::CompactSignature::parse_base64(&text, policy).or_input(py)
    } else {
        let raw = want_bytes("signature", signature)
            .map_err(|_| type_error("signature", "a base64 str or 65 bytes", signature))?;
        bsm::CompactSignature::parse(&raw, policy).or_input(py)
    }
}

/// Verifies a BSM signature (base64 str or 65 bytes) against `public_key`. Returns `False` when
/// it does not verify; raises `InputError` when it is not a valid encoding.
#[pyfunction]
#[pyo3(signature = (message, signature, public_key, *, compat = false))]
pub(crate) fn bsm_verify(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    public_key: PyRef<'_, PyPublicKey>,
    compat: bool,
) -> PyResult<bool> {
    let message = want_message("message", message)?;
    let policy = policy(compat);
    let sig = want_compact(signature, policy)?;
    let key = public_key.inner;
    match detach(py, || bsm::verify(&message, &sig, &key, policy))? {
        Ok(()) => Ok(true),
        Err(CoreError::SignatureMismatch { .. }) => Ok(false),
        Err(e) => Err(input_error(py, e)),
    }
}

/// Recovers the signer's public key from a BSM signature.
#[pyfunction]
#[pyo3(signature = (message, signature, *, compat = false))]
pub(crate) fn bsm_recover(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    compat: bool,
) -> PyResult<PyPublicKey> {
    let message = want_message("message", message)?;
    let sig = want_compact(signature, policy(compat))?;
    let (inner, _) = detach(py, || bsm::recover(&message, &sig)).or_input(py)?;
    Ok(PyPublicKey { inner })
}

/// BRC-77: signs `message` for `verifier` (or for anyone when `None`), with a random key ID
/// unless `key_id` (32 bytes) is given. Returns the envelope bytes.
#[pyfunction]
#[pyo3(signature = (message, signer, verifier = None, *, key_id = None))]
pub(crate) fn brc77_sign<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    signer: PyRef<'_, PyPrivateKey>,
    verifier: Option<PyRef<'_, PyPublicKey>>,
    key_id: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let key_id = want_bytes32("key_id", key_id)?;
    let key = &signer.inner;
    let verifier = verifier.map(|v| v.inner);
    let out = detach(py, || match key_id {
        Some(id) => signed_message::sign(&message, key, verifier.as_ref(), id),
        None => signed_message::sign_random(&message, key, verifier.as_ref()),
    })
    .or_input(py)?;
    Ok(PyBytes::new(py, &out))
}

/// BRC-77: verifies an envelope and returns the signer's public key. `recipient` is needed for
/// envelopes addressed to a specific verifier. Raises `InputError` (codes
/// `signature_mismatch`, `recipient_required`, `wrong_recipient`, `version_mismatch`, ...).
#[pyfunction]
#[pyo3(signature = (message, signature, recipient = None, *, compat = false))]
pub(crate) fn brc77_verify(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    recipient: Option<PyRef<'_, PyPrivateKey>>,
    compat: bool,
) -> PyResult<PyPublicKey> {
    let message = want_message("message", message)?;
    let sig = want_bytes("signature", signature)?;
    let recipient = recipient.as_ref().map(|r| &r.inner);
    let inner = detach(py, || {
        signed_message::verify(&message, &sig, recipient, policy(compat))
    })
    .or_input(py)?;
    Ok(PyPublicKey { inner })
}
