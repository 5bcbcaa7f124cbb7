//! ECIES-Electrum ("BIE1") and friend encryption (bsv-bap MemberID / MasterID, TokenPass).
//!
//! Plaintexts read from Python and decrypted plaintexts are held in wiped buffers until they
//! become Python `bytes`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use zeroize::Zeroizing;

use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::friend::{self, FriendMode};

use crate::conversions::{want_bytes, want_message, want_str};
use crate::errors::{OrInput, detach, input_error_code};
use crate::keys::{PyPrivateKey, PyPublicKey};

/// ECIES-Electrum (`ECIES.electrumEncrypt` of @bsv/sdk): encrypts `message` to `recipient`.
/// With `sender` the output is deterministic (it is the ephemeral key); without it a fresh
/// random key is used. `no_key` leaves the sender key out (needs `sender`).
#[pyfunction]
#[pyo3(signature = (message, recipient, *, sender = None, no_key = false))]
pub(crate) fn ecies_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    recipient: PyRef<'_, PyPublicKey>,
    sender: Option<PyRef<'_, PyPrivateKey>>,
    no_key: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let recipient = &recipient.inner;
    let mode = if no_key {
        KeyMode::Omitted
    } else {
        KeyMode::Embedded
    };
    let out = match sender.as_ref().map(|s| &s.inner) {
        Some(sender) => detach(py, || ecies::encrypt(&message, recipient, sender, mode)),
        None if no_key => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "no_key needs a sender key: the recipient must know it".into(),
            ));
        }
        None => detach(py, || ecies::encrypt_random(&message, recipient)),
    }
    .or_input(py)?;
    Ok(PyBytes::new(py, &out))
}

/// ECIES-Electrum: opens `data` for `recipient`. The form is said, never guessed: with
/// `no_key` the ciphertext has no embedded key and `sender` is required; otherwise the
/// embedded key must be `sender` when given. Raises `InputError` with code
/// `decryption_failed`, `version_mismatch` or `invalid_length`.
#[pyfunction]
#[pyo3(signature = (data, recipient, *, sender = None, no_key = false))]
pub(crate) fn ecies_decrypt<'py>(
    py: Python<'py>,
    data: &Bound<'_, PyAny>,
    recipient: PyRef<'_, PyPrivateKey>,
    sender: Option<PyRef<'_, PyPublicKey>>,
    no_key: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = want_bytes("data", data)?;
    let recipient = &recipient.inner;
    let sender = match (sender.as_ref().map(|s| &s.inner), no_key) {
        (Some(k), true) => SenderKey::Given(k),
        (None, true) => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "no_key: the ciphertext has no embedded key, so the sender key is required".into(),
            ));
        }
        (Some(k), false) => SenderKey::EmbeddedExpected(k),
        (None, false) => SenderKey::Embedded,
    };
    let plain =
        Zeroizing::new(detach(py, || ecies::decrypt(&data, recipient, sender)).or_input(py)?);
    Ok(PyBytes::new(py, &plain))
}

/// The friend mode named by `mode` (`None`: `bap-member`), read without echoing the text.
fn friend_mode(py: Python<'_>, mode: Option<&Bound<'_, PyAny>>) -> PyResult<FriendMode> {
    match mode {
        None => Ok(FriendMode::BapMember),
        Some(m) => FriendMode::from_name(&want_str("mode", m)?).or_input(py),
    }
}

/// The friend public key `key` publishes to `friend_bap_id`. `mode`: `bap-member` (bsv-bap
/// MemberID), `bap-master` (MasterID Type42, from the root-path key), `tokenpass-self` or
/// `tokenpass-peer` (TokenPass `/api/friend-pubkey`).
#[pyfunction]
#[pyo3(signature = (key, friend_bap_id, *, mode = None))]
pub(crate) fn friend_public_key(
    py: Python<'_>,
    key: PyRef<'_, PyPrivateKey>,
    friend_bap_id: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPublicKey> {
    let (friend_bap_id, mode) = (
        want_str("friend_bap_id", friend_bap_id)?,
        friend_mode(py, mode)?,
    );
    let friend_bap_id = friend_bap_id.as_str();
    let key = &key.inner;
    let inner = detach(py, || {
        friend::friend_public_key(mode.key_scheme(), key, friend_bap_id)
    })
    .or_input(py)?;
    Ok(PyPublicKey { inner })
}

/// Friend encryption from `key` for `friend_bap_id`, to `to` (the friend key the friend
/// published for you; omit for a bsv-bap note to self; required for `tokenpass-peer`). The
/// bsv-bap modes are deterministic, byte-identical to bsv-bap `encryptWithSeed` (which
/// base64-encodes).
#[pyfunction]
#[pyo3(signature = (message, key, friend_bap_id, *, to = None, mode = None))]
pub(crate) fn friend_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    key: PyRef<'_, PyPrivateKey>,
    friend_bap_id: &Bound<'_, PyAny>,
    to: Option<PyRef<'_, PyPublicKey>>,
    mode: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let (friend_bap_id, mode) = (
        want_str("friend_bap_id", friend_bap_id)?,
        friend_mode(py, mode)?,
    );
    let friend_bap_id = friend_bap_id.as_str();
    let (key, to) = (&key.inner, to.as_ref().map(|k| &k.inner));
    let out = detach(py, || {
        friend::encrypt_as(mode, &message, key, friend_bap_id, to)
    })
    .or_input(py)?;
    Ok(PyBytes::new(py, &out))
}

/// Opens a friend message from `friend_bap_id` with `key`. `sender` is the sender's published
/// friend key, checked against the embedded one (bsv-bap modes only).
#[pyfunction]
#[pyo3(signature = (data, key, friend_bap_id, *, sender = None, mode = None))]
pub(crate) fn friend_decrypt<'py>(
    py: Python<'py>,
    data: &Bound<'_, PyAny>,
    key: PyRef<'_, PyPrivateKey>,
    friend_bap_id: &Bound<'_, PyAny>,
    sender: Option<PyRef<'_, PyPublicKey>>,
    mode: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = want_bytes("data", data)?;
    let (friend_bap_id, mode) = (
        want_str("friend_bap_id", friend_bap_id)?,
        friend_mode(py, mode)?,
    );
    let friend_bap_id = friend_bap_id.as_str();
    let (key, sender) = (&key.inner, sender.as_ref().map(|k| &k.inner));
    let plain = Zeroizing::new(
        detach(py, || {
            friend::decrypt_as(mode, &data, key, friend_bap_id, sender)
        })
        .or_input(py)?,
    );
    Ok(PyBytes::new(py, &plain))
}
