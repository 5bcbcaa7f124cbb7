//! X-Auth-Token values: `Verified`, `ParsedToken`, `parse_token` and `create_token`.
//! Verification itself is in `verifier.rs`.

use core::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use sigma_auth_core::token::{self, NewToken, Scheme};

use crate::conversions::{want_body, want_encoding, want_instant, want_str};
use crate::errors::{OrAuth, OrInput, detach, input_error_code};
use crate::keys::{PyPublicKey, want_key};

/// A token that passed verification.
#[pyclass(name = "Verified", module = "sigma_auth", frozen)]
pub struct PyVerified {
    pub(crate) inner: token::Verified,
    /// The `max_age` of the verifier that accepted it: a replay guard must remember the token
    /// at least that long.
    pub(crate) max_age: Duration,
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
        PyBytes::new(py, self.inner.replay_id())
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
pub(crate) fn parse_token(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<PyParsedToken> {
    let text = want_str("token", token)?;
    let parts = token::parse(&text).or_auth(py)?;
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
#[pyo3(
    signature = (wif, path, body = None, *, body_encoding = None, scheme = None, timestamp = None),
    text_signature = "(wif, path, body=None, *, body_encoding='utf8', scheme='brc77', timestamp=None)"
)]
pub(crate) fn create_token(
    py: Python<'_>,
    wif: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    body_encoding: Option<&Bound<'_, PyAny>>,
    scheme: Option<&Bound<'_, PyAny>>,
    timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let key = want_key(py, wif)?;
    let path = want_str("path", path)?;
    let encoding = match body_encoding {
        Some(e) => want_encoding(e)?,
        None => token::BodyEncoding::Utf8,
    };
    let body = want_body(body, encoding)?;
    let scheme = match scheme {
        Some(s) => Scheme::from_name(&want_str("scheme", s)?).ok_or_else(|| {
            input_error_code(
                py,
                "invalid_input",
                "scheme: must be \"bsm\" or \"brc77\"".into(),
            )
        })?,
        None => Scheme::Brc77,
    };
    let ts = want_instant("timestamp", timestamp)?;
    detach(py, || {
        let mut spec = NewToken::new(&path, scheme, ts);
        if let Some(b) = &body {
            spec = spec.with_body(b.as_body());
        }
        token::create_random(&key, &spec)
    })
    .or_input(py)
}
