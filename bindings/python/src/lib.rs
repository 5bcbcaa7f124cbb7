#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! Python binding of `sigma-auth-core` (module `sigma_auth._sigma_auth`, re-exported by the
//! `sigma_auth` package).
//!
//! This crate only converts types and maps errors: every piece of cryptography is the core's.
//! The GIL is released (`py.detach`) around every operation that touches the curve, so Python
//! threads verify tokens in parallel. Verification failures raise a subclass of
//! `sigma_auth.AuthError` whose `.code` is the core's stable reason code; malformed inputs raise
//! `sigma_auth.InputError` (a `ValueError`) whose `.code` is the core's `Error::code()`.

use core::time::Duration;

use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple};

use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Request, Scheme};
use sigma_auth_core::{
    Error as CoreError, Network, Policy, Reason, Timestamp, VerifyError, bsm, encrypted_message,
    signed_message, symmetric, type42,
};

// ---------------------------------------------------------------------------------------------
// Exceptions
// ---------------------------------------------------------------------------------------------

pyo3::create_exception!(
    sigma_auth,
    AuthError,
    PyException,
    "A token failed verification. `.code` is the stable reason code (the same string in Rust, C, Node and Python); each code has its own subclass."
);
pyo3::create_exception!(
    sigma_auth,
    InputError,
    PyValueError,
    "An input was malformed (bad WIF, hex, key, signature encoding, timestamp ...). `.code` is the core's stable error name."
);

macro_rules! reason_exceptions {
    ($($name:ident => $reason:ident, $doc:literal;)*) => {
        $(pyo3::create_exception!(sigma_auth, $name, AuthError, $doc);)*

        /// The exception class for a reason code.
        fn reason_class(py: Python<'_>, reason: Reason) -> Bound<'_, pyo3::types::PyType> {
            match reason {
                $(Reason::$reason => py.get_type::<$name>(),)*
                _ => py.get_type::<AuthError>(),
            }
        }

        /// Every reason exception class with its code.
        fn reason_classes(py: Python<'_>) -> Vec<(&'static str, Bound<'_, pyo3::types::PyType>)> {
            vec![$((Reason::$reason.code(), py.get_type::<$name>()),)*]
        }
    };
}

reason_exceptions! {
    MalformedToken => MalformedToken, "The token is not five `|`-separated fields (code `malformed_token`).";
    UnsupportedScheme => UnsupportedScheme, "The scheme is not exactly `bsm` or `brc77` (code `unsupported_scheme`).";
    BadPubkey => BadPubkey, "The pubkey field is not an accepted public key (code `bad_pubkey`).";
    BadSignatureEncoding => BadSignatureEncoding, "The signature field is not an accepted encoding (code `bad_signature_encoding`).";
    SignerMismatch => SignerMismatch, "The brc77 envelope was signed by another key than the token's pubkey (code `signer_mismatch`).";
    PathMismatch => PathMismatch, "The token was signed for another request path (code `path_mismatch`).";
    Expired => Expired, "The token is older than max_age (code `expired`).";
    NotYetValid => NotYetValid, "The token is dated further ahead than max_skew (code `not_yet_valid`).";
    BadTimestamp => BadTimestamp, "The timestamp field is not an accepted timestamp (code `bad_timestamp`).";
    InvalidSignature => InvalidSignature, "The signature does not verify for this request (code `invalid_signature`).";
    Replayed => Replayed, "The token was already used inside its window (code `replayed`).";
    BadBody => BadBody, "The body is not valid for its encoding (code `bad_body`).";
    UnsupportedBodyEncoding => UnsupportedBodyEncoding, "The body encoding is not utf8, hex or base64 (code `unsupported_body_encoding`).";
    RecipientRequired => RecipientRequired, "The brc77 envelope is addressed to a specific verifier (code `recipient_required`).";
}

/// The Python exception for a failed verification (not raised: callers raise or return it).
fn auth_error(py: Python<'_>, e: VerifyError) -> PyErr {
    let class = reason_class(py, e.reason());
    let err = PyErr::from_type(class, e.to_string());
    // Setting an attribute on a fresh exception instance cannot fail in practice; if it did,
    // the class attribute `code` still answers.
    let _ = err.value(py).setattr("code", e.code());
    let _ = err.value(py).setattr("detail", e.detail());
    err
}

/// The Python exception for a malformed input.
fn input_error(py: Python<'_>, e: CoreError) -> PyErr {
    input_error_code(py, e.code(), e.to_string())
}

fn input_error_code(py: Python<'_>, code: &str, message: String) -> PyErr {
    let err = InputError::new_err(message);
    let _ = err.value(py).setattr("code", code);
    err
}

/// Maps a core `Result<_, Error>` into a Python result.
trait OrInput<T> {
    fn or_input(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrInput<T> for Result<T, CoreError> {
    fn or_input(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| input_error(py, e))
    }
}

// ---------------------------------------------------------------------------------------------
// Argument conversion
// ---------------------------------------------------------------------------------------------

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn type_error(what: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!("{what} must be {expected}, not {}", type_name(obj)))
}

/// A `str` argument (bytes and everything else are a `TypeError`).
fn want_str(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyString>() {
        obj.extract::<String>()
    } else {
        Err(type_error(what, "str", obj))
    }
}

/// A `bytes`/`bytearray` argument.
fn want_bytes(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        Ok(obj.extract::<PyBackedBytes>()?.to_vec())
    } else {
        Err(type_error(what, "bytes or bytearray", obj))
    }
}

/// A message: `str` (UTF-8) or `bytes`/`bytearray`.
fn want_message(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if obj.is_instance_of::<PyString>() {
        Ok(obj.extract::<String>()?.into_bytes())
    } else if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        Ok(obj.extract::<PyBackedBytes>()?.to_vec())
    } else {
        Err(type_error(what, "str, bytes or bytearray", obj))
    }
}

/// A request body as given from Python, owned so the GIL can be released while it is hashed.
enum OwnedBody {
    Text(String, BodyEncoding),
    Bytes(Vec<u8>),
}

impl OwnedBody {
    fn as_body(&self) -> Body<'_> {
        match self {
            OwnedBody::Text(t, enc) => Body::Text(t, *enc),
            OwnedBody::Bytes(b) => Body::Bytes(b),
        }
    }
}

/// Reads `body` (None, str, bytes, bytearray). The encoding name is checked first, so a bad
/// name is reported even for a bytes body; it only changes how a `str` body is decoded.
fn want_body(
    body: Option<&Bound<'_, PyAny>>,
    encoding: BodyEncoding,
) -> PyResult<Option<OwnedBody>> {
    match body {
        None => Ok(None),
        Some(b) if b.is_none() => Ok(None),
        Some(b) if b.is_instance_of::<PyString>() => {
            Ok(Some(OwnedBody::Text(b.extract::<String>()?, encoding)))
        }
        Some(b) if b.is_instance_of::<PyBytes>() || b.is_instance_of::<PyByteArray>() => Ok(Some(
            OwnedBody::Bytes(b.extract::<PyBackedBytes>()?.to_vec()),
        )),
        Some(b) => Err(type_error("body", "str, bytes, bytearray or None", b)),
    }
}

/// An instant: an aware `datetime`, an `int` of Unix milliseconds, or an ISO-8601 string.
/// `None` means the system clock.
fn want_instant(
    py: Python<'_>,
    what: &'static str,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Timestamp> {
    let obj = match obj {
        None => return Ok(Timestamp::now()),
        Some(o) if o.is_none() => return Ok(Timestamp::now()),
        Some(o) => o,
    };
    if obj.is_instance_of::<PyBool>() {
        return Err(type_error(
            what,
            "a timezone-aware datetime, an int of Unix milliseconds or an ISO-8601 str",
            obj,
        ));
    }
    if obj.is_instance_of::<PyInt>() {
        let millis: i64 = obj.extract().map_err(|_| {
            input_error_code(
                py,
                "invalid_timestamp",
                format!("{what}: Unix milliseconds out of range"),
            )
        })?;
        return Timestamp::from_unix_millis(millis).or_input(py);
    }
    if obj.is_instance_of::<PyString>() {
        let text: String = obj.extract()?;
        return Timestamp::parse_lenient(what, &text).or_input(py);
    }
    let datetime = py.import("datetime")?;
    if obj.is_instance(&datetime.getattr("datetime")?)? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(input_error_code(
                py,
                "invalid_timestamp",
                format!(
                    "{what}: a naive datetime has no time zone; attach one (e.g. timezone.utc)"
                ),
            ));
        }
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        let epoch = datetime
            .getattr("datetime")?
            .call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
        let one_ms = datetime
            .getattr("timedelta")?
            .call((), Some(&[("milliseconds", 1)].into_py_dict(py)?))?;
        let millis: i64 = obj.sub(&epoch)?.floor_div(&one_ms)?.extract()?;
        return Timestamp::from_unix_millis(millis).or_input(py);
    }
    Err(type_error(
        what,
        "a timezone-aware datetime, an int of Unix milliseconds, an ISO-8601 str or None",
        obj,
    ))
}

use pyo3::types::IntoPyDict;

/// A window length: non-negative `int` or `float` seconds, or a `timedelta`.
fn want_duration(py: Python<'_>, what: &'static str, obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let secs: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(
            what,
            "int or float seconds, or a timedelta",
            obj,
        ));
    } else if obj.is_instance_of::<PyInt>() {
        let s: i64 = obj
            .extract()
            .map_err(|_| input_error_code(py, "invalid_input", format!("{what}: out of range")))?;
        if s < 0 {
            return Err(input_error_code(
                py,
                "invalid_input",
                format!("{what}: must not be negative"),
            ));
        }
        return Ok(Duration::from_secs(s as u64));
    } else if obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else if obj.is_instance(&py.import("datetime")?.getattr("timedelta")?)? {
        obj.call_method0("total_seconds")?.extract()?
    } else {
        return Err(type_error(
            what,
            "int or float seconds, or a timedelta",
            obj,
        ));
    };
    Duration::try_from_secs_f64(secs).map_err(|_| {
        input_error_code(
            py,
            "invalid_input",
            format!("{what}: must be a finite, non-negative number of seconds"),
        )
    })
}

fn want_encoding(py: Python<'_>, name: &str) -> PyResult<BodyEncoding> {
    BodyEncoding::from_name(name, Policy::Strict).map_err(|_| {
        input_error_code(
            py,
            "invalid_input",
            format!("body_encoding: {name:?} is not \"utf8\", \"hex\" or \"base64\""),
        )
    })
}

fn network(testnet: bool) -> Network {
    if testnet {
        Network::Testnet
    } else {
        Network::Mainnet
    }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/// A secp256k1 private key. Its secret is zeroized when the object is freed and never shown by
/// `repr`.
#[pyclass(name = "PrivateKey", module = "sigma_auth", frozen)]
#[derive(Clone)]
pub struct PyPrivateKey {
    inner: sigma_auth_core::PrivateKey,
}

#[pymethods]
impl PyPrivateKey {
    /// Reads a WIF (mainnet or testnet, compressed or not).
    #[staticmethod]
    fn from_wif(py: Python<'_>, wif: &Bound<'_, PyAny>) -> PyResult<Self> {
        let wif = want_str("wif", wif)?;
        let inner = py
            .detach(|| sigma_auth_core::PrivateKey::from_wif(&wif))
            .or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// Reads 64 hex digits.
    #[staticmethod]
    fn from_hex(py: Python<'_>, hex: &Bound<'_, PyAny>) -> PyResult<Self> {
        let hex = want_str("hex", hex)?;
        let inner = py
            .detach(|| sigma_auth_core::PrivateKey::from_hex(&hex))
            .or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// Reads 32 big-endian bytes.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let data = want_bytes("data", data)?;
        let inner = py
            .detach(|| sigma_auth_core::PrivateKey::from_slice(&data))
            .or_input(py)?;
        Ok(PyPrivateKey { inner })
    }

    /// A fresh random key from the operating system's random source.
    #[staticmethod]
    fn generate(py: Python<'_>) -> PyResult<Self> {
        let inner = py
            .detach(sigma_auth_core::PrivateKey::generate)
            .or_input(py)?;
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
    fn to_wif(&self, testnet: bool) -> String {
        self.inner.to_wif(network(testnet)).to_string()
    }

    /// 64 lower-case hex digits.
    fn to_hex(&self) -> String {
        self.inner.to_hex().to_string()
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
        let inner = py
            .detach(|| type42::derive_child_private_key(&self.inner, &other, &invoice))
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

fn hash_bytes(bytes: &[u8]) -> u64 {
    // FNV-1a: only for __hash__, not security relevant.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A secp256k1 public key (a point on the curve).
#[pyclass(name = "PublicKey", module = "sigma_auth", frozen)]
#[derive(Clone)]
pub struct PyPublicKey {
    inner: sigma_auth_core::PublicKey,
}

#[pymethods]
impl PyPublicKey {
    /// Reads SEC1 hex (`02`/`03` compressed or `04` uncompressed). `compat=True` also accepts
    /// the spellings the JavaScript reference tolerates (hybrid `06`/`07`, odd length, `x+p`).
    #[staticmethod]
    #[pyo3(signature = (hex, *, compat = false))]
    fn from_hex(py: Python<'_>, hex: &Bound<'_, PyAny>, compat: bool) -> PyResult<Self> {
        let hex = want_str("hex", hex)?;
        let inner = py
            .detach(|| {
                if compat {
                    sigma_auth_core::PublicKey::from_hex_lenient(&hex)
                } else {
                    sigma_auth_core::PublicKey::from_hex(&hex)
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
        let inner = py
            .detach(|| {
                if compat {
                    sigma_auth_core::PublicKey::from_sec1_lenient(&data)
                } else {
                    sigma_auth_core::PublicKey::from_sec1(&data)
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
        let inner = py
            .detach(|| type42::derive_child_public_key(me, &other, &invoice))
            .or_input(py)?;
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
fn want_key(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<sigma_auth_core::PrivateKey> {
    if let Ok(k) = obj.cast::<PyPrivateKey>() {
        return Ok(k.get().inner.clone());
    }
    if obj.is_instance_of::<PyString>() {
        let wif: String = obj.extract()?;
        return py
            .detach(|| sigma_auth_core::PrivateKey::from_wif(&wif))
            .or_input(py);
    }
    Err(type_error("wif", "a WIF str or a PrivateKey", obj))
}

// ---------------------------------------------------------------------------------------------
// BRC-42 / BRC-43 KeyDeriver
// ---------------------------------------------------------------------------------------------

fn want_protocol(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<type42::Protocol> {
    let tuple = obj
        .cast::<PyTuple>()
        .map_err(|_| type_error("protocol", "a (security_level, name) tuple", obj))?;
    if tuple.len() != 2 {
        return Err(type_error(
            "protocol",
            "a (security_level, name) tuple",
            obj,
        ));
    }
    let level_obj = tuple.get_item(0)?;
    if level_obj.is_instance_of::<PyBool>() || !level_obj.is_instance_of::<PyInt>() {
        return Err(type_error("protocol[0]", "int", &level_obj));
    }
    let level: i64 = level_obj.extract().unwrap_or(i64::MAX);
    let name = want_str("protocol[1]", &tuple.get_item(1)?)?;
    type42::Protocol::new(level, &name).or_input(py)
}

fn want_counterparty(obj: &Bound<'_, PyAny>) -> PyResult<type42::Counterparty> {
    if let Ok(k) = obj.cast::<PyPublicKey>() {
        return Ok(type42::Counterparty::Other(k.get().inner));
    }
    if obj.is_instance_of::<PyString>() {
        let s: String = obj.extract()?;
        return match s.as_str() {
            "self" => Ok(type42::Counterparty::Myself),
            "anyone" => Ok(type42::Counterparty::Anyone),
            _ => Err(PyValueError::new_err(format!(
                "counterparty must be \"self\", \"anyone\" or a PublicKey, not {s:?}"
            ))),
        };
    }
    Err(type_error(
        "counterparty",
        "\"self\", \"anyone\" or a PublicKey",
        obj,
    ))
}

/// BRC-42/43 key derivation from a root key, like `KeyDeriver` of `@bsv/sdk`.
/// `protocol` is a `(security_level, name)` tuple; `counterparty` is `"self"`, `"anyone"` or a
/// `PublicKey`.
#[pyclass(name = "KeyDeriver", module = "sigma_auth", frozen)]
pub struct PyKeyDeriver {
    inner: type42::KeyDeriver,
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
        let protocol = want_protocol(py, protocol)?;
        let key_id = want_str("key_id", key_id)?;
        let cp = want_counterparty(counterparty)?;
        let inner = py
            .detach(|| self.inner.derive_private_key(&protocol, &key_id, &cp))
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
        let protocol = want_protocol(py, protocol)?;
        let key_id = want_str("key_id", key_id)?;
        let cp = want_counterparty(counterparty)?;
        let inner = py
            .detach(|| {
                self.inner
                    .derive_public_key(&protocol, &key_id, &cp, for_self)
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
        let protocol = want_protocol(py, protocol)?;
        let key_id = want_str("key_id", key_id)?;
        let cp = want_counterparty(counterparty)?;
        let key = py
            .detach(|| self.inner.derive_symmetric_key(&protocol, &key_id, &cp))
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
        let protocol = want_protocol(py, protocol)?;
        let key_id = want_str("key_id", key_id)?;
        let cp = want_counterparty(counterparty)?;
        let secret = py
            .detach(|| self.inner.reveal_specific_secret(&protocol, &key_id, &cp))
            .or_input(py)?;
        Ok(PyBytes::new(py, &secret[..]))
    }

    fn __repr__(&self) -> String {
        format!("KeyDeriver(identity_key={})", self.inner.identity_key())
    }
}

/// BRC-42: our child private key for `counterparty` and `invoice_number`.
#[pyfunction]
fn derive_child_private_key(
    py: Python<'_>,
    private_key: PyRef<'_, PyPrivateKey>,
    counterparty: PyRef<'_, PyPublicKey>,
    invoice_number: &Bound<'_, PyAny>,
) -> PyResult<PyPrivateKey> {
    private_key.derive_child(py, counterparty, invoice_number)
}

/// BRC-42: the counterparty's child public key, computed with our `private_key`.
#[pyfunction]
fn derive_child_public_key(
    py: Python<'_>,
    private_key: PyRef<'_, PyPrivateKey>,
    counterparty: PyRef<'_, PyPublicKey>,
    invoice_number: &Bound<'_, PyAny>,
) -> PyResult<PyPublicKey> {
    counterparty.derive_child(py, private_key, invoice_number)
}

// ---------------------------------------------------------------------------------------------
// BSM and BRC-77
// ---------------------------------------------------------------------------------------------

/// Bitcoin Signed Message: the base64 of the 65-byte compact signature (compressed header).
#[pyfunction]
fn bsm_sign(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    private_key: PyRef<'_, PyPrivateKey>,
) -> PyResult<String> {
    let message = want_message("message", message)?;
    let key = &private_key.inner;
    py.detach(|| bsm::sign_base64(&message, key)).or_input(py)
}

fn want_compact(
    py: Python<'_>,
    signature: &Bound<'_, PyAny>,
    policy: Policy,
) -> PyResult<bsm::CompactSignature> {
    if signature.is_instance_of::<PyString>() {
        let text: String = signature.extract()?;
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
fn bsm_verify(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    public_key: PyRef<'_, PyPublicKey>,
    compat: bool,
) -> PyResult<bool> {
    let message = want_message("message", message)?;
    let policy = if compat {
        Policy::Compat
    } else {
        Policy::Strict
    };
    let sig = want_compact(py, signature, policy)?;
    let key = public_key.inner;
    match py.detach(|| bsm::verify(&message, &sig, &key, policy)) {
        Ok(()) => Ok(true),
        Err(CoreError::SignatureMismatch { .. }) => Ok(false),
        Err(e) => Err(input_error(py, e)),
    }
}

/// Recovers the signer's public key from a BSM signature.
#[pyfunction]
#[pyo3(signature = (message, signature, *, compat = false))]
fn bsm_recover(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    compat: bool,
) -> PyResult<PyPublicKey> {
    let message = want_message("message", message)?;
    let policy = if compat {
        Policy::Compat
    } else {
        Policy::Strict
    };
    let sig = want_compact(py, signature, policy)?;
    let (inner, _) = py.detach(|| bsm::recover(&message, &sig)).or_input(py)?;
    Ok(PyPublicKey { inner })
}

/// BRC-77: signs `message` for `verifier` (or for anyone when `None`), with a random key ID
/// unless `key_id` (32 bytes) is given. Returns the envelope bytes.
#[pyfunction]
#[pyo3(signature = (message, signer, verifier = None, *, key_id = None))]
fn brc77_sign<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    signer: PyRef<'_, PyPrivateKey>,
    verifier: Option<PyRef<'_, PyPublicKey>>,
    key_id: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let key_id: Option<[u8; 32]> = match key_id {
        None => None,
        Some(k) if k.is_none() => None,
        Some(k) => {
            let raw = want_bytes("key_id", k)?;
            Some(raw.as_slice().try_into().map_err(|_| {
                input_error(
                    py,
                    CoreError::InvalidLength {
                        field: "key_id",
                        expected: 32,
                        actual: raw.len(),
                    },
                )
            })?)
        }
    };
    let key = &signer.inner;
    let verifier = verifier.map(|v| v.inner);
    let out = py
        .detach(|| match key_id {
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
fn brc77_verify(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    recipient: Option<PyRef<'_, PyPrivateKey>>,
    compat: bool,
) -> PyResult<PyPublicKey> {
    let message = want_message("message", message)?;
    let sig = want_bytes("signature", signature)?;
    let policy = if compat {
        Policy::Compat
    } else {
        Policy::Strict
    };
    let recipient = recipient.as_ref().map(|r| &r.inner);
    let inner = py
        .detach(|| signed_message::verify(&message, &sig, recipient, policy))
        .or_input(py)?;
    Ok(PyPublicKey { inner })
}

// ---------------------------------------------------------------------------------------------
// BRC-78 and SymmetricKey
// ---------------------------------------------------------------------------------------------

/// An optional 32-byte keyword argument (`None` = absent); another length is `InputError`
/// `invalid_length`.
fn want_bytes32(
    py: Python<'_>,
    field: &'static str,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<[u8; 32]>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let raw = want_bytes(field, obj)?;
    raw.as_slice().try_into().map(Some).map_err(|_| {
        input_error(
            py,
            CoreError::InvalidLength {
                field,
                expected: 32,
                actual: raw.len(),
            },
        )
    })
}

/// BRC-78: encrypts a non-empty `message` from `sender` to `recipient`. `key_id` and `iv`
/// (32 bytes each, both or neither) make the output deterministic; by default both are random.
/// Raises `InputError` (code `invalid_input` for an empty message, which the reference SDK
/// cannot decrypt; `invalid_length` for a wrong-length key ID or IV).
#[pyfunction]
#[pyo3(signature = (message, sender, recipient, *, key_id = None, iv = None))]
fn brc78_encrypt<'py>(
    py: Python<'py>,
    message: &Bound<'_, PyAny>,
    sender: PyRef<'_, PyPrivateKey>,
    recipient: PyRef<'_, PyPublicKey>,
    key_id: Option<&Bound<'_, PyAny>>,
    iv: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let message = want_message("message", message)?;
    let key_id = want_bytes32(py, "key_id", key_id)?;
    let iv = want_bytes32(py, "iv", iv)?;
    let (sender, recipient) = (&sender.inner, &recipient.inner);
    let out = match (key_id, iv) {
        (None, None) => {
            py.detach(|| encrypted_message::encrypt_random(&message, sender, recipient))
        }
        (Some(key_id), Some(iv)) => {
            py.detach(|| encrypted_message::encrypt(&message, sender, recipient, key_id, iv))
        }
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
fn brc78_decrypt<'py>(
    py: Python<'py>,
    data: &Bound<'_, PyAny>,
    recipient: PyRef<'_, PyPrivateKey>,
) -> PyResult<(Bound<'py, PyBytes>, PyPublicKey)> {
    let data = want_bytes("data", data)?;
    let recipient = &recipient.inner;
    let (plain, sender) = py
        .detach(|| encrypted_message::decrypt(&data, recipient))
        .or_input(py)?;
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
        let key = want_bytes("key", key)?;
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
        let out = match want_bytes32(py, "iv", iv)? {
            Some(iv) => py.detach(|| self.inner.encrypt(&plaintext, iv)),
            None => py
                .detach(|| self.inner.encrypt_random(&plaintext))
                .or_input(py)?,
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
        let out = py.detach(|| self.inner.decrypt(&sealed)).or_input(py)?;
        Ok(PyBytes::new(py, &out))
    }

    fn __repr__(&self) -> &'static str {
        "SymmetricKey(<secret>)"
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// A token that passed verification.
#[pyclass(name = "Verified", module = "sigma_auth", frozen)]
pub struct PyVerified {
    inner: token::Verified,
}

#[pymethods]
impl PyVerified {
    /// The signer's compressed public key, 66 lower-case hex digits.
    #[getter]
    fn pubkey(&self) -> String {
        self.inner.pubkey.to_hex()
    }

    /// The signer's public key as a `PublicKey`.
    #[getter]
    fn public_key(&self) -> PyPublicKey {
        PyPublicKey {
            inner: self.inner.pubkey,
        }
    }

    /// `"bsm"` or `"brc77"`.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme.as_str()
    }

    /// The signed timestamp, `YYYY-MM-DDTHH:mm:ss.sssZ`.
    #[getter]
    fn timestamp(&self) -> String {
        self.inner.timestamp.to_iso()
    }

    /// The signed timestamp in Unix milliseconds.
    #[getter]
    fn timestamp_millis(&self) -> i64 {
        self.inner.timestamp.unix_millis()
    }

    /// 32 bytes, the same for every spelling of one signed request: key a replay cache by it.
    #[getter]
    fn replay_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.replay_id)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyVerified>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!(
            "Verified(pubkey='{}', scheme='{}', timestamp='{}')",
            self.inner.pubkey,
            self.inner.scheme.as_str(),
            self.inner.timestamp
        )
    }
}

/// The five fields of a token, unchecked except for the field count and the scheme.
#[pyclass(name = "ParsedToken", module = "sigma_auth", frozen, get_all)]
pub struct PyParsedToken {
    /// The claimed public key (text as in the token).
    pubkey: String,
    /// `"bsm"` or `"brc77"`.
    scheme: &'static str,
    /// The timestamp text.
    timestamp: String,
    /// The request path.
    request_path: String,
    /// The signature (base64 text).
    signature: String,
}

#[pymethods]
impl PyParsedToken {
    fn __repr__(&self) -> String {
        format!(
            "ParsedToken(pubkey={:?}, scheme={:?}, timestamp={:?}, request_path={:?}, signature={:?})",
            self.pubkey, self.scheme, self.timestamp, self.request_path, self.signature
        )
    }
}

/// Splits an `X-Auth-Token` into its fields. Raises `MalformedToken` or `UnsupportedScheme`.
#[pyfunction]
fn parse_token(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<PyParsedToken> {
    let text = want_str("token", token)?;
    let parts = token::parse(&text).map_err(|e| auth_error(py, e))?;
    Ok(PyParsedToken {
        pubkey: parts.pubkey.into(),
        scheme: parts.scheme.as_str(),
        timestamp: parts.timestamp.into(),
        request_path: parts.request_path.into(),
        signature: parts.signature.into(),
    })
}

/// Creates an `X-Auth-Token` for `path` (with its query) and `body`.
#[pyfunction]
#[pyo3(signature = (wif, path, body = None, *, body_encoding = "utf8", scheme = "brc77", timestamp = None))]
fn create_token(
    py: Python<'_>,
    wif: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    body_encoding: &str,
    scheme: &str,
    timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let key = want_key(py, wif)?;
    let path = want_str("path", path)?;
    let encoding = want_encoding(py, body_encoding)?;
    let body = want_body(body, encoding)?;
    let scheme = Scheme::from_name(scheme).ok_or_else(|| {
        input_error_code(
            py,
            "invalid_input",
            format!("scheme: {scheme:?} is not \"bsm\" or \"brc77\""),
        )
    })?;
    let ts = want_instant(py, "timestamp", timestamp)?;
    py.detach(|| {
        let mut spec = NewToken::new(&path, scheme, ts);
        if let Some(b) = &body {
            spec = spec.with_body(b.as_body());
        }
        token::create_random(&key, &spec)
    })
    .or_input(py)
}

/// Verifier settings read from keyword arguments.
struct Settings {
    verifier: token::Verifier,
    now: Timestamp,
    policy: Policy,
}

fn settings(
    py: Python<'_>,
    now: Option<&Bound<'_, PyAny>>,
    max_age: &Bound<'_, PyAny>,
    max_skew: &Bound<'_, PyAny>,
    compat: bool,
) -> PyResult<Settings> {
    let policy = if compat {
        Policy::Compat
    } else {
        Policy::Strict
    };
    let verifier = token::Verifier::new()
        .with_max_age(want_duration(py, "max_age", max_age)?)
        .with_max_skew(want_duration(py, "max_skew", max_skew)?)
        .with_policy(policy);
    let now = want_instant(py, "now", now)?;
    Ok(Settings {
        verifier,
        now,
        policy,
    })
}

/// Reads a body-encoding name for verification: an unknown name is a verification failure
/// (`UnsupportedBodyEncoding`) under the strict policy, UTF-8 under `compat`.
fn verify_encoding(name: &str, policy: Policy) -> Result<BodyEncoding, VerifyError> {
    BodyEncoding::from_name(name, policy)
}

/// Verifies an `X-Auth-Token` for the request the server received (`path` with its query,
/// `body`). Returns `Verified` or raises an `AuthError` subclass.
#[pyfunction]
#[pyo3(
    signature = (token, path, body = None, *, body_encoding = "utf8", now = None, max_age = None, max_skew = None, compat = false),
    text_signature = "(token, path, body=None, *, body_encoding='utf8', now=None, max_age=300, max_skew=300, compat=False)"
)]
#[allow(clippy::too_many_arguments)]
fn verify_token(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    body_encoding: &str,
    now: Option<&Bound<'_, PyAny>>,
    max_age: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
    compat: bool,
) -> PyResult<PyVerified> {
    let token = want_str("token", token)?;
    let path = want_str("path", path)?;
    let default = PyInt::new(py, 300).into_any();
    let s = settings(
        py,
        now,
        max_age.unwrap_or(&default),
        max_skew.unwrap_or(&default),
        compat,
    )?;
    let encoding = verify_encoding(body_encoding, s.policy).map_err(|e| auth_error(py, e))?;
    let body = want_body(body, encoding)?;
    let result = py.detach(|| {
        let mut request = Request::new(&path);
        if let Some(b) = &body {
            request = request.with_body(b.as_body());
        }
        s.verifier.verify(&token, &request, s.now)
    });
    match result {
        Ok(inner) => Ok(PyVerified { inner }),
        Err(e) => Err(auth_error(py, e)),
    }
}

/// One item of `verify_many`, owned so the GIL can be released.
struct Item {
    token: String,
    path: String,
    body: Option<OwnedBody>,
}

/// Verifies many tokens on all cores with the GIL released. `items` is an iterable of
/// `(token, path)`, `(token, path, body)` or `(token, path, body, body_encoding)` tuples.
/// Returns, in order, a `Verified` or an `AuthError` instance (not raised) for each item.
#[pyfunction]
#[pyo3(
    signature = (items, *, body_encoding = "utf8", now = None, max_age = None, max_skew = None, compat = false),
    text_signature = "(items, *, body_encoding='utf8', now=None, max_age=300, max_skew=300, compat=False)"
)]
fn verify_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    body_encoding: &str,
    now: Option<&Bound<'_, PyAny>>,
    max_age: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
    compat: bool,
) -> PyResult<Vec<Py<PyAny>>> {
    let default = PyInt::new(py, 300).into_any();
    let s = settings(
        py,
        now,
        max_age.unwrap_or(&default),
        max_skew.unwrap_or(&default),
        compat,
    )?;
    let shared_encoding = verify_encoding(body_encoding, s.policy);
    // Each input is either ready to verify or already failed (a bad body-encoding name).
    let mut prepared: Vec<Result<Item, VerifyError>> = Vec::new();
    for obj in items.try_iter()? {
        let obj = obj?;
        let tuple = obj.cast::<PyTuple>().map_err(|_| {
            type_error(
                "each item",
                "a (token, path[, body[, body_encoding]]) tuple",
                &obj,
            )
        })?;
        if !(2..=4).contains(&tuple.len()) {
            return Err(type_error(
                "each item",
                "a (token, path[, body[, body_encoding]]) tuple",
                &obj,
            ));
        }
        let token = want_str("token", &tuple.get_item(0)?)?;
        let path = want_str("path", &tuple.get_item(1)?)?;
        let encoding = if tuple.len() == 4 {
            let name = want_str("body_encoding", &tuple.get_item(3)?)?;
            verify_encoding(&name, s.policy)
        } else {
            shared_encoding
        };
        let body_obj = if tuple.len() >= 3 {
            Some(tuple.get_item(2)?)
        } else {
            None
        };
        prepared.push(match encoding {
            Ok(enc) => Ok(Item {
                token,
                path,
                body: want_body(body_obj.as_ref(), enc)?,
            }),
            Err(e) => Err(e),
        });
    }
    let results = py.detach(|| {
        let batch: Vec<(&str, Request<'_>)> = prepared
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .map(|it| {
                let mut request = Request::new(&it.path);
                if let Some(b) = &it.body {
                    request = request.with_body(b.as_body());
                }
                (it.token.as_str(), request)
            })
            .collect();
        let mut verified = s.verifier.verify_batch(&batch, s.now).into_iter();
        prepared
            .iter()
            .map(|p| match p {
                Ok(_) => verified.next().unwrap_or(Err(VerifyError::new(
                    Reason::MalformedToken,
                    "internal error: the batch returned too few results",
                ))),
                Err(e) => Err(*e),
            })
            .collect::<Vec<_>>()
    });
    results
        .into_iter()
        .map(|r| match r {
            Ok(inner) => Ok(Py::new(py, PyVerified { inner })?.into_any()),
            Err(e) => Ok(auth_error(py, e).into_value(py).into_any()),
        })
        .collect()
}

/// Remembers the replay ids of verified tokens while they are inside the window and refuses a
/// second use (`Replayed`). For one process; a fleet shares a store keyed by `replay_id`.
#[pyclass(name = "ReplayGuard", module = "sigma_auth", frozen)]
pub struct PyReplayGuard {
    inner: token::ReplayGuard,
}

#[pymethods]
impl PyReplayGuard {
    #[new]
    #[pyo3(signature = (*, max_age = None), text_signature = "(*, max_age=300)")]
    fn new(py: Python<'_>, max_age: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let max_age = match max_age {
            Some(m) => want_duration(py, "max_age", m)?,
            None => Duration::from_secs(300),
        };
        Ok(PyReplayGuard {
            inner: token::ReplayGuard::new(&token::Verifier::new().with_max_age(max_age)),
        })
    }

    /// Records `verified`; raises `Replayed` if it was seen before inside its window.
    #[pyo3(signature = (verified, *, now = None))]
    fn check(
        &self,
        py: Python<'_>,
        verified: PyRef<'_, PyVerified>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let now = want_instant(py, "now", now)?;
        let v = &verified.inner;
        py.detach(|| self.inner.check(v, now))
            .map_err(|e| auth_error(py, e))
    }
}

/// Module init: class attribute `code` on every reason class and the `AUTH_ERRORS` table.
fn init_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let table = PyDict::new(py);
    for (code, class) in reason_classes(py) {
        class.setattr("code", code)?;
        table.set_item(code, class)?;
    }
    py.get_type::<AuthError>().setattr("code", "auth_error")?;
    py.get_type::<InputError>()
        .setattr("code", "invalid_input")?;
    m.add("AUTH_ERRORS", table)?;
    m.add(
        "REASON_CODES",
        Reason::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(),
    )?;
    Ok(())
}

/// The native module.
#[pymodule]
mod _sigma_auth {
    #[pymodule_export]
    use super::{
        AuthError, BadBody, BadPubkey, BadSignatureEncoding, BadTimestamp, Expired, InputError,
        InvalidSignature, MalformedToken, NotYetValid, PathMismatch, PyKeyDeriver, PyParsedToken,
        PyPrivateKey, PyPublicKey, PyReplayGuard, PySymmetricKey, PyVerified, RecipientRequired,
        Replayed, SignerMismatch, UnsupportedBodyEncoding, UnsupportedScheme, brc77_sign,
        brc77_verify, brc78_decrypt, brc78_encrypt, bsm_recover, bsm_sign, bsm_verify,
        create_token, derive_child_private_key, derive_child_public_key, parse_token, verify_many,
        verify_token,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        super::init_module(m)
    }

    use pyo3::prelude::*;
}
