//! Exceptions: `AuthError` and one subclass per token-verification reason, `InputError` for a
//! malformed argument, `InternalError` for a fault of ours, and the maps from the core's errors.
//!
//! Every exception carries `.code`, the core's stable code. No message built here repeats an
//! argument's value: an argument may be a secret given in the wrong place.

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

use sigma_auth_core::{Error as CoreError, Reason, VerifyError};

pyo3::create_exception!(
    sigma_auth,
    AuthError,
    PyException,
    "Base of every sigma_auth error. `.code` is the stable code (the same string in Rust, C, Node and Python); each token-verification reason has its own subclass, a malformed argument raises `InputError`."
);

pyo3::create_exception!(
    sigma_auth,
    InternalError,
    AuthError,
    "A fault inside sigma_auth, not in the request or the arguments (code `internal_error`)."
);

/// One exception class per token-verification reason, named as the core's `Reason` variant.
macro_rules! reason_exceptions {
    ($($name:ident, $doc:literal;)*) => {
        $(pyo3::create_exception!(sigma_auth, $name, AuthError, $doc);)*

        /// The exception class for a reason: its own class for a token reason, `InputError` for
        /// an input error (C numbers 100-199), `InternalError` for a fault of ours, `AuthError`
        /// for a boundary code.
        fn reason_class(py: Python<'_>, reason: Reason) -> PyResult<Bound<'_, PyType>> {
            Ok(match reason {
                $(Reason::$name => py.get_type::<$name>(),)*
                Reason::InternalError => py.get_type::<InternalError>(),
                r if (100..200).contains(&r.number()) => input_error_type(py)?.clone(),
                _ => py.get_type::<AuthError>(),
            })
        }

        /// Every token-reason exception class with its code.
        pub(crate) fn reason_classes(py: Python<'_>) -> Vec<(&'static str, Bound<'_, PyType>)> {
            vec![$((Reason::$name.code(), py.get_type::<$name>()),)*]
        }
    };
}

reason_exceptions! {
    MalformedToken, "The token is not five `|`-separated fields (code `malformed_token`).";
    UnsupportedScheme, "The scheme is not exactly `bsm` or `brc77` (code `unsupported_scheme`).";
    BadPubkey, "The pubkey field is not an accepted public key (code `bad_pubkey`).";
    BadSignatureEncoding, "The signature field is not an accepted encoding (code `bad_signature_encoding`).";
    SignerMismatch, "The brc77 envelope was signed by another key than the token's pubkey (code `signer_mismatch`).";
    PathMismatch, "The token was signed for another request path (code `path_mismatch`).";
    Expired, "The token is older than max_age (code `expired`).";
    NotYetValid, "The token is dated further ahead than max_skew (code `not_yet_valid`).";
    BadTimestamp, "The timestamp field is not an accepted timestamp (code `bad_timestamp`).";
    InvalidSignature, "The signature does not verify for this request (code `invalid_signature`).";
    Replayed, "The token was already used inside its window (code `replayed`).";
    BadBody, "The body is not valid for its encoding (code `bad_body`).";
    UnsupportedBodyEncoding, "The body encoding is not utf8, hex or base64 (code `unsupported_body_encoding`).";
    RecipientRequired, "The brc77 envelope is addressed to a specific verifier (code `recipient_required`).";
    MissingToken, "The request carries no X-Auth-Token header (code `missing_token`).";
    ReplayStoreFull, "The replay guard is full of live tokens (code `replay_store_full`).";
    ReplayStoreUnavailable, "The replay store did not answer in time (code `replay_store_unavailable`).";
}

/// `InputError(AuthError, ValueError)`, made once: a `create_exception!` class has one base.
static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `InputError` class.
pub(crate) fn input_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INPUT_ERROR
        .get_or_try_init(py, || {
            let bases = PyTuple::new(
                py,
                [py.get_type::<AuthError>(), py.get_type::<PyValueError>()],
            )?;
            let dict = PyDict::new(py);
            dict.set_item("__module__", "sigma_auth")?;
            dict.set_item(
                "__doc__",
                "A malformed argument (bad WIF, hex, key, signature encoding, timestamp, text that \
                 is not valid Unicode ...). Both an `AuthError` and a `ValueError`; `.code` is the \
                 core's stable error code, e.g. `invalid_wif`.",
            )?;
            dict.set_item("code", "invalid_input")?;
            let class = py
                .get_type::<PyType>()
                .call1(("InputError", bases, dict))?
                .cast_into::<PyType>()?;
            Ok(class.unbind())
        })
        .map(|t| t.bind(py))
}

/// An exception of `class` with `message` and `.code` set on the instance.
fn with_code(py: Python<'_>, class: &Bound<'_, PyType>, code: &str, message: String) -> PyErr {
    let err = PyErr::from_type(class.clone(), message);
    // Setting an attribute on a fresh exception instance cannot fail in practice; if it did,
    // the class attribute `code` still answers.
    let _ = err.value(py).setattr("code", code);
    err
}

/// The Python exception for a failed verification (not raised: callers raise or return it).
pub(crate) fn auth_error(py: Python<'_>, e: VerifyError) -> PyErr {
    let class = match reason_class(py, e.reason()) {
        Ok(c) => c,
        Err(err) => return err,
    };
    let err = with_code(py, &class, e.code(), e.to_string());
    let _ = err.value(py).setattr("detail", e.detail());
    err
}

/// The Python exception for a malformed input reported by the core.
pub(crate) fn input_error(py: Python<'_>, e: CoreError) -> PyErr {
    input_error_code(py, e.code(), e.to_string())
}

/// The exception for a refusal of the identity layer (codes 300 and up): an `AuthError` with
/// the core's code; any other core error is an `InputError`.
pub(crate) fn refusal(py: Python<'_>, e: CoreError) -> PyErr {
    if e.reason().number() < 300 {
        return input_error(py, e);
    }
    with_code(py, &py.get_type::<AuthError>(), e.code(), e.to_string())
}

/// An `InputError` with `code` and `message` (which must not contain the argument's value).
pub(crate) fn input_error_code(py: Python<'_>, code: &str, message: String) -> PyErr {
    match input_error_type(py) {
        Ok(class) => with_code(py, class, code, message),
        Err(err) => err,
    }
}

/// An `InternalError` (code `internal_error`): a fault of ours, never the caller's.
pub(crate) fn internal_error(py: Python<'_>, message: &str) -> PyErr {
    with_code(
        py,
        &py.get_type::<InternalError>(),
        "internal_error",
        message.to_owned(),
    )
}

/// Runs `f` with the GIL released. A panic inside (a fault of ours, never the caller's) is caught
/// here and becomes `InternalError`, code `internal_error`.
pub(crate) fn detach<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)))
        .map_err(|_| internal_error(py, "internal error: a panic inside sigma_auth"))
}

/// Maps a core `Result<_, Error>` into a Python result.
pub(crate) trait OrInput<T> {
    /// `Err` becomes an `InputError` with the core's code.
    fn or_input(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrInput<T> for Result<T, CoreError> {
    fn or_input(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| input_error(py, e))
    }
}

impl<T> OrInput<T> for PyResult<Result<T, CoreError>> {
    fn or_input(self, py: Python<'_>) -> PyResult<T> {
        self?.map_err(|e| input_error(py, e))
    }
}

/// Maps a core `Result<_, VerifyError>` into a Python result.
pub(crate) trait OrAuth<T> {
    /// `Err` becomes the `AuthError` subclass of its reason.
    fn or_auth(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrAuth<T> for Result<T, VerifyError> {
    fn or_auth(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| auth_error(py, e))
    }
}

impl<T> OrAuth<T> for PyResult<Result<T, VerifyError>> {
    fn or_auth(self, py: Python<'_>) -> PyResult<T> {
        self?.map_err(|e| auth_error(py, e))
    }
}

/// Module init: `code` on every class, the `AUTH_ERRORS` table, `InputError`, `REASON_CODES`
/// and `CODES`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let table = PyDict::new(py);
    for (code, class) in reason_classes(py) {
        class.setattr("code", code)?;
        table.set_item(code, class)?;
    }
    py.get_type::<AuthError>().setattr("code", "auth_error")?;
    py.get_type::<InternalError>()
        .setattr("code", "internal_error")?;
    m.add("InputError", input_error_type(py)?)?;
    m.add("AUTH_ERRORS", table)?;
    // The token-verification reasons of the core's list (C numbers 1-99); a test checks that
    // each has its class in AUTH_ERRORS.
    let reasons: Vec<&str> = Reason::ALL
        .iter()
        .filter(|r| r.number() < 100)
        .map(|r| r.code())
        .collect();
    m.add("REASON_CODES", reasons)?;
    m.add("CODES", PyTuple::new(py, all_codes())?)?;
    Ok(())
}

/// Every code of the project, in the core's order.
fn all_codes() -> Vec<&'static str> {
    Reason::ALL.iter().map(|r| r.code()).collect()
}
