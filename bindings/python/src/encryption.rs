//! Encryption: BRC-78 encrypted messages and `SymmetricKey` (AES-256-GCM with a 32-byte IV).
//!
//! Plaintexts read from Python and decrypted plaintexts are held in wiped buffers until they
//! become Python `bytes`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use zeroize::Zeroizing;

use sigma_auth_core::{encrypted_message, symmetric};

use crate::conversions::{want_bytes, want_bytes32, want_message, want_secret_bytes};
use crate::errors::{OrInput, detach, input_error_code};
use crate::keys::{PyPrivateKey, PyPublicKey};

/// BRC-78: encrypts a non-empty `message` from `sender` to `recipient`. `key_id` and `iv`
/// (32 bytes each, both or neither) make the output deterministic; by default both are random.
/// Raises `InputError` (code `invalid_input` for an empty message, which the reference SDK
/// cannot decrypt; `invalid_length` for a wrong-length key ID or IV).
#[pyfunction]
#[pyo3(signature = (message, sender, recipient, *, key_id = None, iv = None))]
pub(crate) fn brc78_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    sender: PyRef<'_, PyPrivateKey>,
    recipient: PyRef<'_, PyPublicKey>,
    key_id: Option<&Bound<'_, PyAny>>,
    iv: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let key_id = want_bytes32("key_id", key_id)?;
    let iv = want_bytes32("iv", iv)?;
    let (sender, recipient) = (&sender.inner, &recipient.inner);
    let out = match (key_id, iv) {
        (None, None) => detach(py, || {
            encrypted_message::encrypt_random(&message, sender, recipient)
        }),
        (Some(key_id), Some(iv)) => detach(py, || {
            encrypted_message::encrypt(&message, sender, recipient, key_id, iv)
        }),
        _ => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "key_id and iv: give both or neither".into(),
            ));
        }
    }
    .or_input(py)?;
    Ok(PyBytes::new(py, &out))
}

/// BRC-78: opens `data` addressed to `recipient`; returns `(plaintext, sender)`. Raises
/// `InputError` with code `wrong_recipient`, `decryption_failed`, `version_mismatch` or
/// `invalid_length`.
#[pyfunction]
pub(crate) fn brc78_decrypt<'py>(
    py: Python<'py>,
    data: &Bound<'_, PyAny>,
    recipient: PyRef<'_, PyPrivateKey>,
) -> PyResult<(Bound<'py, PyBytes>, PyPublicKey)> {
    let data = want_bytes("data", data)?;
    let recipient = &recipient.inner;
    let (plain, sender) =
        detach(py, || encrypted_message::decrypt(&data, recipient)).or_input(py)?;
    let plain = Zeroizing::new(plain);
    Ok((PyBytes::new(py, &plain), PyPublicKey { inner: sender }))
}

/// AES-256-GCM with a 32-byte IV, as `SymmetricKey` of `@bsv/sdk`: `IV || ciphertext || tag`.
/// The key is zeroized when the object is freed and never shown by `repr`.
#[pyclass(name = "SymmetricKey", module = "sigma_auth", frozen)]
pub struct PySymmetricKey {
    inner: symmetric::SymmetricKey,
}

#[pymethods]
impl PySymmetricKey {
    /// A key from 1 to 32 big-endian bytes, left-padded with zeros to 32.
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        let key = want_secret_bytes("key", key)?;
        let inner = symmetric::SymmetricKey::from_slice(&key).or_input(py)?;
        Ok(PySymmetricKey { inner })
    }

    /// Encrypts `plaintext` with the 32-byte `iv` (random if `None`; never repeat one).
    #[pyo3(signature = (plaintext, *, iv = None))]
    fn encrypt<'py>(
        &self,
        py: Python<'py>,
        plaintext: &Bound<'_, PyAny>,
        iv: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let plaintext = want_message("plaintext", plaintext)?;
        let out = match want_bytes32("iv", iv)? {
            Some(iv) => detach(py, || self.inner.encrypt(&plaintext, iv))?,
            None => detach(py, || self.inner.encrypt_random(&plaintext)).or_input(py)?,
        };
        Ok(PyBytes::new(py, &out))
    }

    /// Opens `IV || ciphertext || tag`; `InputError` `decryption_failed` or `invalid_length`.
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        sealed: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let sealed = want_bytes("sealed", sealed)?;
        let plain = Zeroizing::new(detach(py, || self.inner.decrypt(&sealed)).or_input(py)?);
        Ok(PyBytes::new(py, &plain))
    }

    fn __repr__(&self) -> &'static str {
        "SymmetricKey(<secret>)"
    }
}
