//! Sigma signatures in output scripts.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use sigma_auth_core::sigma::{self, Algorithm, Outpoint};

use crate::conversions::{want_bytes, want_str};
use crate::errors::{OrInput, detach, input_error_code, refusal};
use crate::keys::PyPrivateKey;

/// Signs the output `script` for the input spending `input_vout` of `input_txid` (hex, display
/// order); returns the signed script. `algorithm`: `"bsm"` (default, also for `None`) or
/// `"brc77"`; `vin`: the input index written (default 0).
#[pyfunction]
#[pyo3(signature = (script, private_key, input_txid, input_vout, *, algorithm = None, vin = 0))]
pub(crate) fn sigma_sign<'py>(
    py: Python<'py>,
    script: &Bound<'py, PyAny>,
    private_key: PyRef<'py, PyPrivateKey>,
    input_txid: &Bound<'py, PyAny>,
    input_vout: u32,
    algorithm: Option<&Bound<'py, PyAny>>,
    vin: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let script = want_bytes("script", script)?;
    let input_txid = want_str("input_txid", input_txid)?;
    let algorithm = match algorithm {
        Some(a) => want_str("algorithm", a)?,
        None => "bsm".to_string(),
    };
    let algorithm = match algorithm.as_str() {
        "bsm" => Algorithm::Bsm,
        "brc77" => Algorithm::Brc77,
        _ => {
            return Err(input_error_code(
                py,
                "invalid_input",
                "algorithm: not \"bsm\" or \"brc77\"".into(),
            ));
        }
    };
    let input = Outpoint::from_hex(&input_txid, input_vout).or_input(py)?;
    let key = &private_key.inner;
    let signed = detach(py, || {
        sigma::sign(&script, Some(&input), vin, key, algorithm)
    })
    .or_input(py)?;
    Ok(PyBytes::new(py, &signed))
}

/// Verifies Sigma instance `instance` (default 0) of `script` for the input spending
/// `input_vout` of `input_txid`: `(algorithm, address, vin)` with algorithm `"BSM"` or
/// `"BRC77"`; raises `AuthError` with a `sigma_*` code otherwise.
#[pyfunction]
#[pyo3(signature = (script, input_txid, input_vout, *, instance = 0))]
pub(crate) fn sigma_verify(
    py: Python<'_>,
    script: &Bound<'_, PyAny>,
    input_txid: &Bound<'_, PyAny>,
    input_vout: u32,
    instance: usize,
) -> PyResult<(&'static str, String, u32)> {
    let script = want_bytes("script", script)?;
    let input_txid = want_str("input_txid", input_txid)?;
    let input = Outpoint::from_hex(&input_txid, input_vout).or_input(py)?;
    match detach(py, || sigma::verify(&script, Some(&input), instance))? {
        Ok(v) => Ok((v.algorithm.as_str(), v.address, v.vin)),
        Err(e) => Err(refusal(py, e)),
    }
}
