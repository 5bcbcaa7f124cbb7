//! Tokens: creating an X-Auth-Token and splitting one into its fields (verification is in
//! `verifier`).

use js_sys::{Object, Reflect};
use sigma_auth_core::token::{self, NewToken, Scheme};
use sigma_auth_core::{Policy, Timestamp};
use wasm_bindgen::prelude::*;

use crate::conversions::{absent, body, get, millis_to_timestamp, object, opt_string, string};
use crate::errors::Fault;
use crate::keys::PrivateKey;
use crate::random;

/// Creates an X-Auth-Token signed by `key`. `options`: `{ requestPath, body?, bodyEncoding?
/// ('utf8' | 'hex' | 'base64', for string bodies), scheme? ('brc77' default | 'bsm'),
/// timestamp? (Date, Unix milliseconds or 'YYYY-MM-DDTHH:mm:ss.sssZ'; now by default) }`.
/// A BRC-77 key ID comes from the platform's Web Crypto.
#[wasm_bindgen(js_name = createToken)]
pub fn create_token(
    key: &PrivateKey,
    #[wasm_bindgen(unchecked_param_type = "CreateTokenOptions")] options: JsValue,
) -> Result<String, Fault> {
    let o = object(options, "options")?;
    if absent(&o) {
        return Err(Fault::wrong_type("options", "an object"));
    }
    let request_path = string(&get(&o, "requestPath"), "options.requestPath")?;
    let scheme_name = opt_string(&get(&o, "scheme"), "options.scheme")?;
    let scheme = match scheme_name.as_deref() {
        None => Scheme::Brc77,
        Some(name) => Scheme::from_name(name).ok_or_else(|| {
            Fault::input(
                "invalid_input",
                "scheme: must be exactly \"bsm\" or \"brc77\"",
            )
        })?,
    };
    let encoding = opt_string(&get(&o, "bodyEncoding"), "options.bodyEncoding")?;
    let body = body(
        &get(&o, "body"),
        encoding.as_deref(),
        Policy::Strict,
        "options.body",
    )?
    .map_err(|e| Fault::input("invalid_input", format!("bodyEncoding: {}", e.detail())))?;
    let timestamp = token_timestamp(&get(&o, "timestamp"), "options.timestamp")?;
    let mut spec = NewToken::new(&request_path, scheme, timestamp);
    if let Some(b) = &body {
        spec = spec.with_body(b.as_body());
    }
    Ok(token::create(&key.inner, &spec, random::bytes32()?)?)
}

/// A token's timestamp: strict ISO text, a `Date`, Unix milliseconds, or now.
fn token_timestamp(v: &JsValue, field: &str) -> Result<Timestamp, Fault> {
    if absent(v) {
        return millis_to_timestamp(js_sys::Date::now(), field);
    }
    if let Some(text) = v.as_string() {
        return Ok(Timestamp::parse_iso(&text)?);
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        return millis_to_timestamp(d.get_time(), field);
    }
    if let Some(ms) = v.as_f64() {
        return millis_to_timestamp(ms, field);
    }
    Err(Fault::wrong_type(field, "a string, Date or number"))
}

/// bitcoin-auth `parseAuthToken`: the five fields `{ pubkey, scheme, timestamp, requestPath,
/// signature }` as text, or `null` if `token` is not five fields with a known scheme.
#[wasm_bindgen(js_name = parseAuthToken, unchecked_return_type = "ParsedAuthToken | null")]
pub fn parse_auth_token(token: &JsValue) -> JsValue {
    let Some(text) = token.as_string() else {
        return JsValue::NULL;
    };
    let Ok(parts) = token::parse(&text) else {
        return JsValue::NULL;
    };
    let out = Object::new();
    for (name, value) in [
        ("pubkey", parts.pubkey),
        ("scheme", parts.scheme.as_str()),
        ("timestamp", parts.timestamp),
        ("requestPath", parts.request_path),
        ("signature", parts.signature),
    ] {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &name.into(), &value.into());
    }
    out.into()
}
