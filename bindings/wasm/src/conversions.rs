//! JavaScript values to core values: option fields, messages, bodies, instants, windows,
//! networks. Every failure names the argument, never its value.

use core::time::Duration;

use js_sys::{Date, Reflect, Uint8Array};
use sigma_auth_core::keys::Network;
use sigma_auth_core::token::{BodyEncoding, OwnedBody};
use sigma_auth_core::{Policy, Timestamp, VerifyError};
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::Fault;

/// `compat: true` is [`Policy::Compat`]; anything else is [`Policy::Strict`].
pub fn policy(compat: bool) -> Policy {
    if compat {
        Policy::Compat
    } else {
        Policy::Strict
    }
}

/// True for `undefined` and `null`.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// `options` as an object (`undefined`/`null` read as an empty object).
pub fn object(v: JsValue, field: &str) -> Result<JsValue, Fault> {
    if absent(&v) {
        Ok(JsValue::UNDEFINED)
    } else if v.is_object() {
        Ok(v)
    } else {
        Err(Fault::wrong_type(field, "an object"))
    }
}

/// The property `name` of `obj` (`undefined` if `obj` is absent).
pub fn get(obj: &JsValue, name: &str) -> JsValue {
    if absent(obj) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A required string.
pub fn string(v: &JsValue, field: &str) -> Result<String, Fault> {
    v.as_string()
        .ok_or_else(|| Fault::wrong_type(field, "a string"))
}

/// An optional string.
pub fn opt_string(v: &JsValue, field: &str) -> Result<Option<String>, Fault> {
    if absent(v) {
        Ok(None)
    } else {
        string(v, field).map(Some)
    }
}

/// An optional boolean, `dflt` if absent.
pub fn opt_bool(v: &JsValue, field: &str, dflt: bool) -> Result<bool, Fault> {
    if v.is_undefined() {
        Ok(dflt)
    } else {
        v.as_bool()
            .ok_or_else(|| Fault::wrong_type(field, "a boolean"))
    }
}

/// The `compat` flag of an options object.
pub fn compat_of(options: &JsValue, field: &str) -> Result<bool, Fault> {
    opt_bool(&get(options, "compat"), field, false)
}

/// Bytes from a `Uint8Array` (a Node `Buffer` is one).
pub fn bytes(v: &JsValue, field: &str) -> Result<Vec<u8>, Fault> {
    v.dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| Fault::wrong_type(field, "a Uint8Array"))
}

/// A message: a string (its UTF-8) or a `Uint8Array`.
pub fn message(v: &JsValue, field: &str) -> Result<Vec<u8>, Fault> {
    if let Some(s) = v.as_string() {
        Ok(s.into_bytes())
    } else if let Some(b) = v.dyn_ref::<Uint8Array>() {
        Ok(b.to_vec())
    } else {
        Err(Fault::wrong_type(field, "a string or a Uint8Array"))
    }
}

/// A body as the request carries it: absent, text (decoded with `encoding` under `policy`;
/// strict refuses an unknown name with `unsupported_body_encoding`) or bytes.
pub fn body(
    v: &JsValue,
    encoding: Option<&str>,
    policy: Policy,
    field: &str,
) -> Result<Result<Option<OwnedBody>, VerifyError>, Fault> {
    if absent(v) {
        Ok(Ok(None))
    } else if let Some(text) = v.as_string() {
        Ok(BodyEncoding::from_name(encoding.unwrap_or("utf8"), policy)
            .map(|e| Some(OwnedBody::Text(text, e))))
    } else if let Some(b) = v.dyn_ref::<Uint8Array>() {
        Ok(Ok(Some(OwnedBody::Bytes(b.to_vec()))))
    } else {
        Err(Fault::wrong_type(field, "a string or a Uint8Array"))
    }
}

/// An instant: a `Date`, Unix milliseconds or a date string; the clock (`Date.now()`) if absent.
pub fn instant(v: &JsValue, field: &str) -> Result<Timestamp, Fault> {
    let ms = if absent(v) {
        Date::now()
    } else if let Some(d) = v.dyn_ref::<Date>() {
        d.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        Date::parse(&s)
    } else {
        return Err(Fault::wrong_type(
            field,
            "a Date, a number of milliseconds or a date string",
        ));
    };
    millis_to_timestamp(ms, field)
}

/// Unix milliseconds (truncated) to a timestamp.
pub fn millis_to_timestamp(ms: f64, field: &str) -> Result<Timestamp, Fault> {
    if !ms.is_finite() {
        return Err(Fault::range(field, "is not a valid instant"));
    }
    Timestamp::from_unix_millis(ms.trunc() as i64).map_err(Fault::from)
}

/// A window in seconds (`None` if absent): a finite number >= 0, millisecond resolution.
pub fn seconds(v: &JsValue, field: &str) -> Result<Option<Duration>, Fault> {
    if v.is_undefined() {
        return Ok(None);
    }
    let s = v
        .as_f64()
        .ok_or_else(|| Fault::wrong_type(field, "a number"))?;
    if !s.is_finite() || s < 0.0 {
        return Err(Fault::range(field, "must be a finite number >= 0"));
    }
    Ok(Some(Duration::from_millis((s * 1000.0).min(1e15) as u64)))
}

/// `"mainnet"` (default) or `"testnet"`.
pub fn network(name: Option<String>) -> Result<Network, Fault> {
    match name.as_deref() {
        None | Some("mainnet") => Ok(Network::Mainnet),
        Some("testnet") => Ok(Network::Testnet),
        Some(_) => Err(Fault::input(
            "invalid_input",
            "network: must be \"mainnet\" or \"testnet\"",
        )),
    }
}

/// A list of byte strings: an array of `Uint8Array`s (script pushes).
pub fn byte_list(v: &JsValue, field: &str) -> Result<Vec<Vec<u8>>, Fault> {
    let list = v
        .dyn_ref::<js_sys::Array>()
        .ok_or_else(|| Fault::wrong_type(field, "an array of Uint8Array"))?;
    list.iter().map(|item| bytes(&item, field)).collect()
}

/// An array of `Uint8Array`s from byte strings.
pub fn to_byte_array(list: Vec<Vec<u8>>) -> js_sys::Array {
    list.iter()
        .map(|b| JsValue::from(Uint8Array::from(&b[..])))
        .collect()
}

/// An optional whole number in `0..=max`, `dflt` if absent.
pub fn opt_index(v: &JsValue, field: &str, dflt: u64, max: u64) -> Result<u64, Fault> {
    if absent(v) {
        return Ok(dflt);
    }
    let n = v
        .as_f64()
        .ok_or_else(|| Fault::wrong_type(field, "a number"))?;
    if n.fract() != 0.0 || n < 0.0 || n > max as f64 {
        return Err(Fault::range(
            field,
            &format!("must be a whole number from 0 to {max}"),
        ));
    }
    Ok(n as u64)
}
