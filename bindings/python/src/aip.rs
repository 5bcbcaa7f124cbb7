//! AIP signatures over OP_RETURN pushes.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

use sigma_auth_core::aip::{self, Convention};

use crate::conversions::{type_error, want_bytes};
use crate::errors::{OrInput, detach, refusal};
use crate::keys::PyPrivateKey;

/// A list (or tuple) of bytes-like pushes.
pub(crate) fn want_pushes(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyString>() {
        return Err(type_error(what, "a list of bytes", obj));
    }
    let items = obj
        .try_iter()
        .map_err(|_| type_error(what, "a list of bytes", obj))?;
    items
        .map(|item| want_bytes(what, &item?))
        .collect::<PyResult<Vec<_>>>()
}

/// Signs `pushes` (those after OP_RETURN); returns them followed by `|`, the AIP prefix,
/// `BITCOIN_ECDSA`, the address and the 65-byte signature. `with_pipe` signs the pushes and
/// `|` (attestations, go-aip); the default signs the pushes alone (bsv-bap ID transactions).
#[pyfunction]
#[pyo3(signature = (pushes, private_key, *, with_pipe = false))]
pub(crate) fn aip_sign<'py>(
    py: Python<'py>,
    pushes: &Bound<'py, PyAny>,
    private_key: PyRef<'py, PyPrivateKey>,
    with_pipe: bool,
) -> PyResult<Bound<'py, PyList>> {
    let data = want_pushes("pushes", pushes)?;
    let key = &private_key.inner;
    let convention = if with_pipe {
        Convention::WithPipe
    } else {
        Convention::WithoutPipe
    };
    let signed = detach(py, || aip::sign_payload(&data, key, convention)).or_input(py)?;
    PyList::new(py, signed.iter().map(|p| PyBytes::new(py, p)))
}

/// Verifies the AIP signature that ends `pushes`: `(address, convention)` with convention
/// `"with_pipe"` or `"without_pipe"`; raises `AuthError` with an `aip_*` code otherwise.
#[pyfunction]
pub(crate) fn aip_verify(
    py: Python<'_>,
    pushes: &Bound<'_, PyAny>,
) -> PyResult<(String, &'static str)> {
    let pushes = want_pushes("pushes", pushes)?;
    match detach(py, || aip::verify(&pushes))? {
        Ok(v) => Ok((v.address, v.convention.as_str())),
        Err(e) => Err(refusal(py, e)),
    }
}
