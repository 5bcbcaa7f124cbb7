//! BAP: BAP IDs, attestation hashes, signing and checking ATTEST outputs (the core's `bap`).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use sigma_auth_core::bap::attestation::{self, Kind, Subject};
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use sigma_auth_core::bap::id;
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::type42_keys::Type42Identity;

use crate::conversions::{want_bytes, want_message, want_secret_str, want_str};
use crate::errors::{OrInput, detach, input_error_code};
use crate::keys::{PyPrivateKey, PyPublicKey};

/// The BAP ID of a mainnet P2PKH address (`InputError` code `invalid_address` otherwise).
#[pyfunction]
pub(crate) fn bap_id_from_address(py: Python<'_>, address: &Bound<'_, PyAny>) -> PyResult<String> {
    let address = want_str("address", address)?;
    id::bap_id_from_address(&address).or_input(py)
}

/// The BAP ID of a public key (of its compressed address).
#[pyfunction]
pub(crate) fn bap_id_from_public_key(public_key: PyRef<'_, PyPublicKey>) -> String {
    id::bap_id_from_public_key(&public_key.inner)
}

/// The most rotations a key derivation applies (each BIP32 rotation derives a path); more is
/// refused with `invalid_input` before any work (the C ABI's `SIGMA_BAP_MAX_ROTATIONS`).
const MAX_ROTATIONS: u32 = 10_000;

/// The public keys of the first identity of a BAP master key, as bsv-bap derives them: `key`
/// (a `PrivateKey`, Type42, `new BAP({rootPk}).newId()`) or `xprv` (BIP32, `new BAP(xprv)
/// .newId()`), exactly one; `id_seed` as newId applies it; `rotations` incrementPath calls
/// (0..10000). Returns a dict `{"root_address", "identity_key", "member_public_key",
/// "signing_address"}`; raises `InputError` (`invalid_xprv`, `invalid_input`, ...).
#[pyfunction]
#[pyo3(signature = (*, key = None, xprv = None, id_seed = None, rotations = 0))]
pub(crate) fn bap_identity<'py>(
    py: Python<'py>,
    key: Option<PyRef<'_, PyPrivateKey>>,
    xprv: Option<&Bound<'py, PyAny>>,
    id_seed: Option<&Bound<'py, PyAny>>,
    rotations: u32,
) -> PyResult<Bound<'py, PyDict>> {
    if rotations > MAX_ROTATIONS {
        return Err(input_error_code(
            py,
            "invalid_input",
            "rotations: more than 10000".to_string(),
        ));
    }
    let seed = id_seed.map(|s| want_str("id_seed", s)).transpose()?;
    let seed = seed.as_deref();
    let summary = match (key, xprv) {
        (Some(key), None) => {
            let key = &key.inner;
            detach(py, || {
                let mut ident = Type42Identity::new(key, 0, seed)?;
                for _ in 0..rotations {
                    ident.rotate()?;
                }
                ident.summary()
            })
        }
        (None, Some(xprv)) => {
            let xprv = want_secret_str("xprv", xprv)?;
            detach(py, || {
                let master = ExtendedPrivateKey::from_xprv(&xprv)?;
                let mut ident = LegacyIdentity::new(&master, 0, seed)?;
                for _ in 0..rotations {
                    ident.rotate()?;
                }
                ident.summary()
            })
        }
        _ => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "give exactly one of key and xprv".to_string(),
            ));
        }
    }
    .or_input(py)?;
    let out = PyDict::new(py);
    out.set_item("root_address", &summary.root_address)?;
    out.set_item("identity_key", &summary.identity_key)?;
    out.set_item("member_public_key", summary.member_key.to_hex())?;
    out.set_item("signing_address", &summary.signing_address)?;
    Ok(out)
}

/// The attestation hash (bsv-bap form, 64 hex digits) of an identity attribute.
#[pyfunction]
pub(crate) fn bap_attestation_hash(
    attribute: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    nonce: &Bound<'_, PyAny>,
    identity_key: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let (a, v) = (want_str("attribute", attribute)?, want_str("value", value)?);
    let (n, i) = (
        want_str("nonce", nonce)?,
        want_str("identity_key", identity_key)?,
    );
    Ok(Subject::new(&a, &v, &n, &i).hash())
}

/// An ATTEST output signed by `private_key` with AIP (pipe included, as bsv-bap signs it): the
/// pushes after OP_RETURN, as a list of bytes.
#[pyfunction]
#[pyo3(signature = (private_key, hash, *, sequence = 0, data = None))]
pub(crate) fn bap_sign_attestation<'py>(
    py: Python<'py>,
    private_key: PyRef<'_, PyPrivateKey>,
    hash: &Bound<'py, PyAny>,
    sequence: u64,
    data: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let hash = want_str("hash", hash)?;
    let hash = hash.as_str();
    let data = data.map(|d| want_message("data", d)).transpose()?;
    let key = &private_key.inner;
    let pushes = detach(py, || {
        attestation::sign(
            key,
            Kind::Attest,
            hash,
            sequence,
            data.as_deref().map(|d| &d[..]),
        )
    })
    .or_input(py)?;
    PyList::new(py, pushes.iter().map(|p| PyBytes::new(py, p)))
}

/// Checks an ATTEST or REVOKE output given as its pushes after OP_RETURN (bytes); with all of
/// `attribute`, `value`, `nonce` and `identity_key`, the hash is recomputed. Returns a dict
/// `{"type", "hash", "sequence", "address", "data"}`; raises `InputError` with the refusal's code.
#[pyfunction]
#[pyo3(signature = (pushes, *, attribute = None, value = None, nonce = None, identity_key = None))]
pub(crate) fn bap_check_attestation<'py>(
    py: Python<'py>,
    pushes: Vec<Bound<'py, PyAny>>,
    attribute: Option<Bound<'py, PyAny>>,
    value: Option<Bound<'py, PyAny>>,
    nonce: Option<Bound<'py, PyAny>>,
    identity_key: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let text = |what: &str, v: &Option<Bound<'py, PyAny>>| -> PyResult<Option<String>> {
        v.as_ref().map(|v| want_str(what, v)).transpose()
    };
    let attribute = text("attribute", &attribute)?;
    let value = text("value", &value)?;
    let nonce = text("nonce", &nonce)?;
    let identity_key = text("identity_key", &identity_key)?;
    let items = pushes
        .iter()
        .enumerate()
        .map(|(i, p)| want_bytes(&format!("pushes[{i}]"), p))
        .collect::<PyResult<Vec<Vec<u8>>>>()?;
    let subject = match (&attribute, &value, &nonce, &identity_key) {
        (Some(a), Some(v), Some(n), Some(i)) => Some(Subject::new(a, v, n, i)),
        (None, None, None, None) => None,
        _ => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "give attribute, value, nonce and identity_key, or none of them".to_string(),
            ));
        }
    };
    let checked = detach(py, || attestation::check(&items, subject.as_ref())).or_input(py)?;
    let out = PyDict::new(py);
    out.set_item("type", checked.kind.as_str())?;
    out.set_item("hash", &checked.hash)?;
    out.set_item("sequence", checked.sequence)?;
    out.set_item("address", &checked.address)?;
    out.set_item("data", checked.data.as_ref().map(|d| PyBytes::new(py, d)))?;
    Ok(out)
}
