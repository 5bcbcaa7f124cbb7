//! `PrivateKey` and `PublicKey`, and the BRC-42 child-key functions.
//!
//! Secret text and bytes cross the boundary in wiped buffers: the WIF or hex read from Python,
//! and the WIF, hex and bytes handed back (the Python `str`/`bytes` made from them is Python's
//! and cannot be wiped).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use sigma_auth_core::{PrivateKey, PublicKey, type42};

use crate::conversions::{
    network, type_error, want_bytes, want_secret_bytes, want_secret_str, want_str,
};
use crate::errors::{OrInput, detach};

/// A secp256k1 private key. Its secret is zeroized when the object is freed and never shown by
/// `repr`.
#[pyclass(name = "PrivateKey", module = "sigma_auth", frozen)]
#[derive(Clone)]
pub struct PyPrivateKey {
    pub(crate) inner: PrivateKey,
}

#[pymethods]
impl PyPrivateKey {
    /// Reads a WIF (mainnet or testnet, compressed or not).
    #[staticmethod]
    fn from_wif(py: Python<'_>, wif: &Bound<'_, PyAny>) -> PyResult<Self> {
        let wif = want_secret_str("wif", wif)?;
        let inner = detach(py, || PrivateKey::from_wif(&wif)).or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// Reads 64 hex digits.
    #[staticmethod]
    fn from_hex(py: Python<'_>, hex: &Bound<'_, PyAny>) -> PyResult<Self> {
        let hex = want_secret_str("hex", hex)?;
        let inner = detach(py, || PrivateKey::from_hex(&hex)).or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// Reads 32 big-endian bytes.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let data = want_secret_bytes("data", data)?;
        let inner = detach(py, || PrivateKey::from_slice(&data)).or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// A fresh random key from the operating system's random source.
    #[staticmethod]
    fn generate(py: Python<'_>) -> PyResult<Self> {
        let inner = detach(py, PrivateKey::generate).or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// The public key.
    #[getter]
    fn public_key(&self) -> PyPublicKey {
        PyPublicKey {
            inner: *self.inner.public_key(),
        }
    }

    /// The compressed WIF (mainnet unless `testnet`).
    #[pyo3(signature = (*, testnet = false))]
    fn to_wif<'py>(&self, py: Python<'py>, testnet: bool) -> Bound<'py, PyString> {
        PyString::new(py, &self.inner.to_wif(network(testnet)))
    }

    /// 64 lower-case hex digits.
    fn to_hex<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::new(py, &self.inner.to_hex())
    }

    /// 32 big-endian bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes()[..])
    }

    /// The P2PKH address of the compressed public key.
    #[pyo3(signature = (*, testnet = false))]
    fn address(&self, testnet: bool) -> String {
        self.inner.public_key().address(network(testnet))
    }

    /// BRC-42: this key's child for `counterparty` and `invoice_number`
    /// (as `PrivateKey.deriveChild` of `@bsv/sdk`).
    fn derive_child(
        &self,
        py: Python<'_>,
        counterparty: PyRef<'_, PyPublicKey>,
        invoice_number: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let invoice = want_str("invoice_number", invoice_number)?;
        let other = counterparty.inner;
        let inner = detach(py, || {
            type42::derive_child_private_key(&self.inner, &other, &invoice)
        })
        .or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPrivateKey>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        // Hash of the public key: equal keys hash equal and the secret is not exposed.
        hash_bytes(&self.inner.public_key().to_compressed())
    }

    fn __repr__(&self) -> String {
        format!(
            "PrivateKey(<secret>, public_key={})",
            self.inner.public_key()
        )
    }
}

/// FNV-1a: only for `__hash__`, not security relevant.
fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A secp256k1 public key (a point on the curve).
#[pyclass(name = "PublicKey", module = "sigma_auth", frozen)]
#[derive(Clone)]
pub struct PyPublicKey {
    pub(crate) inner: PublicKey,
}

#[pymethods]
impl PyPublicKey {
    /// Reads SEC1 hex (`02`/`03` compressed or `04` uncompressed). `compat=True` also accepts
    /// the spellings the JavaScript reference tolerates (hybrid `06`/`07`, odd length, `x+p`).
    #[staticmethod]
    #[pyo3(signature = (hex, *, compat = false))]
    fn from_hex(py: Python<'_>, hex: &Bound<'_, PyAny>, compat: bool) -> PyResult<Self> {
        let hex = want_str("hex", hex)?;
        let inner = detach(py, || {
            if compat {
                PublicKey::from_hex_lenient(&hex)
            } else {
                PublicKey::from_hex(&hex)
            }
        })
        .or_input(py)?;
        Ok(PyPublicKey { inner })
    }

    /// Reads SEC1 bytes (33 compressed or 65 uncompressed).
    #[staticmethod]
    #[pyo3(signature = (data, *, compat = false))]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>, compat: bool) -> PyResult<Self> {
        let data = want_bytes("data", data)?;
        let inner = detach(py, || {
            if compat {
                PublicKey::from_sec1_lenient(&data)
            } else {
                PublicKey::from_sec1(&data)
            }
        })
        .or_input(py)?;
        Ok(PyPublicKey { inner })
    }

    /// Compressed SEC1 as 66 lower-case hex digits.
    fn to_hex(&self) -> String {
        self.inner.to_hex()
    }

    /// SEC1 bytes: 33 compressed (default) or 65 uncompressed.
    #[pyo3(signature = (*, compressed = true))]
    fn to_bytes<'py>(&self, py: Python<'py>, compressed: bool) -> Bound<'py, PyBytes> {
        if compressed {
            PyBytes::new(py, &self.inner.to_compressed())
        } else {
            PyBytes::new(py, &self.inner.to_uncompressed())
        }
    }

    /// The P2PKH address (of the compressed key unless `compressed=False`).
    #[pyo3(signature = (*, testnet = false, compressed = true))]
    fn address(&self, testnet: bool, compressed: bool) -> String {
        if compressed {
            self.inner.address(network(testnet))
        } else {
            self.inner.address_uncompressed(network(testnet))
        }
    }

    /// BRC-42: the counterparty's child public key, computed with our `private_key`
    /// (as `PublicKey.deriveChild` of `@bsv/sdk`).
    fn derive_child(
        &self,
        py: Python<'_>,
        private_key: PyRef<'_, PyPrivateKey>,
        invoice_number: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let invoice = want_str("invoice_number", invoice_number)?;
        let me = &private_key.inner;
        let other = self.inner;
        let inner =
            detach(py, || type42::derive_child_public_key(me, &other, &invoice)).or_input(py)?;
        Ok(PyPublicKey { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPublicKey>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        hash_bytes(&self.inner.to_compressed())
    }

    fn __str__(&self) -> String {
        self.inner.to_hex()
    }

    fn __repr__(&self) -> String {
        format!("PublicKey('{}')", self.inner.to_hex())
    }
}

/// Accepts a `PrivateKey` or a WIF string.
pub(crate) fn want_key(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<PrivateKey> {
    if let Ok(k) = obj.cast::<PyPrivateKey>() {
        return Ok(k.get().inner.clone());
    }
    if obj.is_instance_of::<PyString>() {
        let wif = want_secret_str("wif", obj)?;
        return detach(py, || PrivateKey::from_wif(&wif)).or_input(py);
    }
    Err(type_error("wif", "a WIF str or a PrivateKey", obj))
}

/// BRC-42: our child private key for `counterparty` and `invoice_number`.
#[pyfunction]
pub(crate) fn derive_child_private_key(
    py: Python<'_>,
    private_key: PyRef<'_, PyPrivateKey>,
    counterparty: PyRef<'_, PyPublicKey>,
    invoice_number: &Bound<'_, PyAny>,
) -> PyResult<PyPrivateKey> {
    private_key.derive_child(py, counterparty, invoice_number)
}

/// BRC-42: the counterparty's child public key, computed with our `private_key`.
#[pyfunction]
pub(crate) fn derive_child_public_key(
    py: Python<'_>,
    private_key: PyRef<'_, PyPrivateKey>,
    counterparty: PyRef<'_, PyPublicKey>,
    invoice_number: &Bound<'_, PyAny>,
) -> PyResult<PyPublicKey> {
    counterparty.derive_child(py, private_key, invoice_number)
}
