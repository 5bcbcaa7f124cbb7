//! Argument conversion: Python objects into owned Rust values, so the GIL can be released
//! while the core works on them.
//!
//! A wrong type is a `TypeError` naming the argument and the accepted types; a value that cannot
//! be converted (text with a lone surrogate, an out-of-range number, a naive datetime) is an
//! `InputError` with a code. No message repeats the argument's value. Secret inputs are read
//! into buffers that are wiped when dropped ([`Zeroizing`]).

use core::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBool, PyByteArray, PyBytes, PyFloat, PyInt, PyString};
use zeroize::Zeroizing;

use sigma_auth_core::token::{BodyEncoding, OwnedBody};
use sigma_auth_core::{Error as CoreError, Network, Policy, Timestamp};

use crate::errors::{OrInput, input_error, input_error_code};

/// The name of `obj`'s type, for messages (never its value).
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// `TypeError: {what} must be {expected}, not {type}`.
pub(crate) fn type_error(what: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!("{what} must be {expected}, not {}", type_name(obj)))
}

/// The UTF-8 text of a `str`; a lone surrogate is `InputError` `invalid_input`.
fn text(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    obj.extract::<String>().map_err(|_| {
        input_error_code(
            obj.py(),
            "invalid_input",
            format!("{what}: not valid Unicode text (it contains a lone surrogate)"),
        )
    })
}

/// A `str` argument (bytes and everything else are a `TypeError`).
pub(crate) fn want_str(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyString>() {
        text(what, obj)
    } else {
        Err(type_error(what, "str", obj))
    }
}

/// A `str` argument that holds a secret (WIF, private-key hex): wiped when dropped.
pub(crate) fn want_secret_str(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Zeroizing<String>> {
    want_str(what, obj).map(Zeroizing::new)
}

fn is_bytes_like(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>()
}

/// The content of a `bytes` or `bytearray`, copied once (no intermediate copy that would outlive
/// a wiped buffer).
fn bytes_of(obj: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        Some(b.as_bytes().to_vec())
    } else {
        // Copied while the GIL is held, so no Python code can resize it meanwhile.
        obj.cast::<PyByteArray>().ok().map(|b| b.to_vec())
    }
}

/// A `bytes`/`bytearray` argument.
pub(crate) fn want_bytes(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    bytes_of(obj).ok_or_else(|| type_error(what, "bytes or bytearray", obj))
}

/// A `bytes`/`bytearray` argument that holds a secret: wiped when dropped.
pub(crate) fn want_secret_bytes(
    what: &str,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Zeroizing<Vec<u8>>> {
    want_bytes(what, obj).map(Zeroizing::new)
}

/// A message: `str` (UTF-8) or `bytes`/`bytearray`. Wiped when dropped (it may be a plaintext).
pub(crate) fn want_message(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Zeroizing<Vec<u8>>> {
    if obj.is_instance_of::<PyString>() {
        Ok(Zeroizing::new(text(what, obj)?.into_bytes()))
    } else if is_bytes_like(obj) {
        want_secret_bytes(what, obj)
    } else {
        Err(type_error(what, "str, bytes or bytearray", obj))
    }
}

/// An optional 32-byte argument (`None` = absent); another length is `InputError`
/// `invalid_length`.
pub(crate) fn want_bytes32(
    field: &'static str,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<[u8; 32]>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let raw = want_bytes(field, obj)?;
    raw.as_slice().try_into().map(Some).map_err(|_| {
        input_error(
            obj.py(),
            CoreError::InvalidLength {
                field,
                expected: 32,
                actual: raw.len(),
            },
        )
    })
}

/// Reads `body` (None, str, bytes, bytearray); `encoding` only changes how a `str` is decoded.
pub(crate) fn want_body(
    body: Option<&Bound<'_, PyAny>>,
    encoding: BodyEncoding,
) -> PyResult<Option<OwnedBody>> {
    match body {
        None => Ok(None),
        Some(b) if b.is_none() => Ok(None),
        Some(b) if b.is_instance_of::<PyString>() => {
            Ok(Some(OwnedBody::Text(text("body", b)?, encoding)))
        }
        Some(b) => bytes_of(b)
            .map(|v| Some(OwnedBody::Bytes(v)))
            .ok_or_else(|| type_error("body", "str, bytes, bytearray or None", b)),
    }
}

const INSTANT_TYPES: &str =
    "a timezone-aware datetime, an int of Unix milliseconds, an ISO-8601 str or None";

/// An instant: an aware `datetime`, an `int` of Unix milliseconds, or an ISO-8601 string.
/// `None` means the system clock.
pub(crate) fn want_instant(
    what: &'static str,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Timestamp> {
    let obj = match obj {
        Some(o) if !o.is_none() => o,
        _ => return Ok(Timestamp::now()),
    };
    let py = obj.py();
    let bad_millis = || {
        input_error_code(
            py,
            "invalid_timestamp",
            format!("{what}: Unix milliseconds out of range"),
        )
    };
    if obj.is_instance_of::<PyBool>() {
        return Err(type_error(what, INSTANT_TYPES, obj));
    }
    if obj.is_instance_of::<PyInt>() {
        let millis: i64 = obj.extract().map_err(|_| bad_millis())?;
        return Timestamp::from_unix_millis(millis).or_input(py);
    }
    if obj.is_instance_of::<PyString>() {
        return Timestamp::parse_lenient(&text(what, obj)?)
            .map_err(|e| input_error_code(py, e.code(), format!("{what}: {e}")));
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
        let millis: i64 = obj
            .sub(&epoch)?
            .floor_div(&one_ms)?
            .extract()
            .map_err(|_| bad_millis())?;
        return Timestamp::from_unix_millis(millis).or_input(py);
    }
    Err(type_error(what, INSTANT_TYPES, obj))
}

const DURATION_TYPES: &str = "int or float seconds, or a timedelta";

/// A window length: non-negative `int` or `float` seconds, or a `timedelta`.
pub(crate) fn want_duration(what: &'static str, obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let py = obj.py();
    let invalid = |why: &str| input_error_code(py, "invalid_input", format!("{what}: {why}"));
    let secs: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(what, DURATION_TYPES, obj));
    } else if obj.is_instance_of::<PyInt>() {
        let s: i64 = obj.extract().map_err(|_| invalid("out of range"))?;
        return u64::try_from(s)
            .map(Duration::from_secs)
            .map_err(|_| invalid("must not be negative"));
    } else if obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else if obj.is_instance(&py.import("datetime")?.getattr("timedelta")?)? {
        obj.call_method0("total_seconds")?.extract()?
    } else {
        return Err(type_error(what, DURATION_TYPES, obj));
    };
    Duration::try_from_secs_f64(secs)
        .map_err(|_| invalid("must be a finite, non-negative number of seconds"))
}

/// A body-encoding name for token creation (an unknown name is `InputError` `invalid_input`).
pub(crate) fn want_encoding(obj: &Bound<'_, PyAny>) -> PyResult<BodyEncoding> {
    let name = want_str("body_encoding", obj)?;
    BodyEncoding::from_name(&name, Policy::Strict).map_err(|_| {
        input_error_code(
            obj.py(),
            "invalid_input",
            "body_encoding: must be \"utf8\", \"hex\" or \"base64\"".into(),
        )
    })
}

/// The policy named by a `compat` flag.
pub(crate) fn policy(compat: bool) -> Policy {
    if compat {
        Policy::Compat
    } else {
        Policy::Strict
    }
}

/// The network named by a `testnet` flag.
pub(crate) fn network(testnet: bool) -> Network {
    if testnet {
        Network::Testnet
    } else {
        Network::Mainnet
    }
}
