//! BRC-42/43 key derivation from a root key: `KeyDeriver`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString, PyTuple};

use sigma_auth_core::type42;

use crate::conversions::{type_error, want_str};
use crate::errors::{OrInput, detach, input_error_code};
use crate::keys::{PyPrivateKey, PyPublicKey};

/// A BRC-43 protocol from a `(security_level, name)` tuple.
fn want_protocol(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<type42::Protocol> {
    const EXPECTED: &str = "a (security_level, name) tuple";
    let tuple = obj
        .cast::<PyTuple>()
        .map_err(|_| type_error("protocol", EXPECTED, obj))?;
    if tuple.len() != 2 {
        return Err(type_error("protocol", EXPECTED, obj));
    }
    let level_obj = tuple.get_item(0)?;
    if level_obj.is_instance_of::<PyBool>() || !level_obj.is_instance_of::<PyInt>() {
        return Err(type_error("protocol[0]", "int", &level_obj));
    }
    let level: i64 = level_obj.extract().unwrap_or(i64::MAX);
    let name = want_str("protocol[1]", &tuple.get_item(1)?)?;
    type42::Protocol::new(level, &name).or_input(py)
}

/// `"self"`, `"anyone"` or a `PublicKey`. Another string is refused without being repeated
/// (it may be a key given in the wrong place).
fn want_counterparty(obj: &Bound<'_, PyAny>) -> PyResult<type42::Counterparty> {
    const EXPECTED: &str = "\"self\", \"anyone\" or a PublicKey";
    if let Ok(k) = obj.cast::<PyPublicKey>() {
        return Ok(type42::Counterparty::Other(k.get().inner));
    }
    if obj.is_instance_of::<PyString>() {
        return match want_str("counterparty", obj)?.as_str() {
            "self" => Ok(type42::Counterparty::Myself),
            "anyone" => Ok(type42::Counterparty::Anyone),
            _ => Err(input_error_code(
                obj.py(),
                "invalid_input",
                format!("counterparty must be {EXPECTED}"),
            )),
        };
    }
    Err(type_error("counterparty", EXPECTED, obj))
}

/// BRC-42/43 key derivation from a root key, like `KeyDeriver` of `@bsv/sdk`.
/// `protocol` is a `(security_level, name)` tuple; `counterparty` is `"self"`, `"anyone"` or a
/// `PublicKey`.
#[pyclass(name = "KeyDeriver", module = "sigma_auth", frozen)]
pub struct PyKeyDeriver {
    inner: type42::KeyDeriver,
}

/// The three arguments every derivation takes, converted.
struct Derivation {
    protocol: type42::Protocol,
    key_id: String,
    counterparty: type42::Counterparty,
}

impl Derivation {
    fn read(
        py: Python<'_>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        counterparty: &Bound<'_, PyAny>,
    ) -> PyResult<Derivation> {
        Ok(Derivation {
            protocol: want_protocol(py, protocol)?,
            key_id: want_str("key_id", key_id)?,
            counterparty: want_counterparty(counterparty)?,
        })
    }
}

#[pymethods]
impl PyKeyDeriver {
    #[new]
    fn new(root: PyRef<'_, PyPrivateKey>) -> Self {
        PyKeyDeriver {
            inner: type42::KeyDeriver::new(root.inner.clone()),
        }
    }

    /// The root public key.
    #[getter]
    fn identity_key(&self) -> PyPublicKey {
        PyPublicKey {
            inner: *self.inner.identity_key(),
        }
    }

    /// The BRC-43 invoice number `"<level>-<name>-<key_id>"` after normalization.
    #[staticmethod]
    fn invoice_number(
        py: Python<'_>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let protocol = want_protocol(py, protocol)?;
        let key_id = want_str("key_id", key_id)?;
        protocol.invoice_number(&key_id).or_input(py)
    }

    /// Our child private key for `(protocol, key_id, counterparty)`.
    fn derive_private_key(
        &self,
        py: Python<'_>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        counterparty: &Bound<'_, PyAny>,
    ) -> PyResult<PyPrivateKey> {
        let d = Derivation::read(py, protocol, key_id, counterparty)?;
        let inner = detach(py, || {
            self.inner
                .derive_private_key(&d.protocol, &d.key_id, &d.counterparty)
        })
        .or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// The counterparty's child public key, or ours with `for_self=True`.
    #[pyo3(signature = (protocol, key_id, counterparty, *, for_self = false))]
    fn derive_public_key(
        &self,
        py: Python<'_>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        counterparty: &Bound<'_, PyAny>,
        for_self: bool,
    ) -> PyResult<PyPublicKey> {
        let d = Derivation::read(py, protocol, key_id, counterparty)?;
        let inner = detach(py, || {
            self.inner
                .derive_public_key(&d.protocol, &d.key_id, &d.counterparty, for_self)
        })
        .or_input(py)?;
        Ok(PyPublicKey { inner })
    }

    /// The 32-byte symmetric key shared with the counterparty.
    fn derive_symmetric_key<'py>(
        &self,
        py: Python<'py>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        counterparty: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let d = Derivation::read(py, protocol, key_id, counterparty)?;
        let key = detach(py, || {
            self.inner
                .derive_symmetric_key(&d.protocol, &d.key_id, &d.counterparty)
        })
        .or_input(py)?;
        Ok(PyBytes::new(py, &key[..]))
    }

    /// HMAC-SHA256(shared secret, invoice number): the specific linkage secret.
    fn reveal_specific_secret<'py>(
        &self,
        py: Python<'py>,
        protocol: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        counterparty: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let d = Derivation::read(py, protocol, key_id, counterparty)?;
        let secret = detach(py, || {
            self.inner
                .reveal_specific_secret(&d.protocol, &d.key_id, &d.counterparty)
        })
        .or_input(py)?;
        Ok(PyBytes::new(py, &secret[..]))
    }

    fn __repr__(&self) -> String {
        format!("KeyDeriver(identity_key={})", self.inner.identity_key())
    }
}
