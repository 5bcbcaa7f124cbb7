//! Token verification: the `Verifier` class (window and policy set once) with `verify`,
//! `verifyAsync`, `verifyBatch` and `verifyBatchAsync`, the shape of the Node binding's; the
//! free functions `verify` and `verifyAsync` are thin wrappers over it. There are no threads
//! here: the async forms settle a Promise with the same answer.

use js_sys::{Array, Date, Object, Promise, Reflect};
use sigma_auth_core::token::OwnedRequest;
use sigma_auth_core::{Timestamp, Verified, Verifier as CoreVerifier, VerifyError};
use wasm_bindgen::prelude::*;

use crate::conversions::{
    absent, body, compat_of, get, instant, object, opt_string, policy, seconds, string,
};
use crate::errors::Fault;

/// Verifies X-Auth-Tokens with one window and policy, set once.
#[wasm_bindgen]
pub struct Verifier {
    inner: CoreVerifier,
}

#[wasm_bindgen]
impl Verifier {
    /// `options`: `{ maxAgeSeconds?, maxSkewSeconds?, compat? }`; absent windows take the
    /// core's default (300 s). A negative or non-finite window throws `RangeError`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "VerifierOptions")] options: Option<JsValue>,
    ) -> Result<Verifier, Fault> {
        let o = object(options.unwrap_or_default(), "options")?;
        let mut inner = CoreVerifier::new().with_policy(policy(compat_of(&o, "options.compat")?));
        if let Some(d) = seconds(&get(&o, "maxAgeSeconds"), "options.maxAgeSeconds")? {
            inner = inner.with_max_age(d);
        }
        if let Some(d) = seconds(&get(&o, "maxSkewSeconds"), "options.maxSkewSeconds")? {
            inner = inner.with_max_skew(d);
        }
        Ok(Verifier { inner })
    }

    /// The maximum age, in seconds.
    #[wasm_bindgen(getter, js_name = maxAgeSeconds)]
    pub fn max_age_seconds(&self) -> f64 {
        self.inner.max_age().as_secs_f64()
    }

    /// The maximum skew, in seconds.
    #[wasm_bindgen(getter, js_name = maxSkewSeconds)]
    pub fn max_skew_seconds(&self) -> f64 {
        self.inner.max_skew().as_secs_f64()
    }

    /// Whether every encoding the reference tolerates is accepted.
    #[wasm_bindgen(getter)]
    pub fn compat(&self) -> bool {
        self.inner.policy() == sigma_auth_core::Policy::Compat
    }

    /// Verifies `token` for `request` (`{ requestPath, body?, bodyEncoding? }`) at `now` (a
    /// Date, Unix milliseconds or a date string; `Date.now()` if absent). Returns `{ pubkey,
    /// scheme, timestamp, replayId }`; throws an `AuthTokenError` (with `code`) if it fails.
    #[wasm_bindgen(unchecked_return_type = "VerifiedToken")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "TokenRequest")] request: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Date | number | string")] now: Option<JsValue>,
    ) -> Result<JsValue, Fault> {
        let item = self.own(token, request, "request")?;
        let now = instant(&now.unwrap_or_default(), "now")?;
        Ok(verified(verify_one(&self.inner, &item, now)?))
    }

    /// [`Verifier::verify`] as a Promise (it settles at once: there are no threads here).
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<VerifiedToken>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "TokenRequest")] request: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Date | number | string")] now: Option<JsValue>,
    ) -> Promise {
        settle(self.verify(token, request, now))
    }

    /// Verifies many tokens (`[{ token, requestPath, body?, bodyEncoding? }]`): per item, in
    /// order, the verified token or the `AuthTokenError` (returned, not thrown).
    #[wasm_bindgen(js_name = verifyBatch, unchecked_return_type = "Array<VerifiedToken | Error>")]
    pub fn verify_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchItem[]")] items: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Date | number | string")] now: Option<JsValue>,
    ) -> Result<Array, Fault> {
        let list = items
            .dyn_ref::<Array>()
            .ok_or_else(|| Fault::wrong_type("items", "an array"))?;
        let now = instant(&now.unwrap_or_default(), "now")?;
        let out = Array::new();
        for (i, it) in list.iter().enumerate() {
            let name = format!("items[{i}]");
            let item = self.own(&get(&it, "token"), &it, &name)?;
            out.push(&match verify_one(&self.inner, &item, now) {
                Ok(v) => verified(v),
                Err(e) => Fault::from(e).to_js(),
            });
        }
        Ok(out)
    }

    /// [`Verifier::verify_batch`] as a Promise.
    #[wasm_bindgen(
        js_name = verifyBatchAsync,
        unchecked_return_type = "Promise<Array<VerifiedToken | Error>>"
    )]
    pub fn verify_batch_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchItem[]")] items: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Date | number | string")] now: Option<JsValue>,
    ) -> Promise {
        settle(self.verify_batch(items, now).map(JsValue::from))
    }

    /// The token and request as owned core values; a body-encoding refusal is kept as the
    /// item's verification error.
    fn own(
        &self,
        token: &JsValue,
        request: &JsValue,
        name: &str,
    ) -> Result<Result<OwnedRequest, VerifyError>, Fault> {
        let token = string(token, "token")?;
        if absent(request) || !request.is_object() {
            return Err(Fault::wrong_type(name, "an object"));
        }
        let path = string(&get(request, "requestPath"), &format!("{name}.requestPath"))?;
        let encoding = opt_string(
            &get(request, "bodyEncoding"),
            &format!("{name}.bodyEncoding"),
        )?;
        let body = body(
            &get(request, "body"),
            encoding.as_deref(),
            self.inner.policy(),
            &format!("{name}.body"),
        )?;
        Ok(body.map(|body| OwnedRequest { token, path, body }))
    }
}

fn verify_one(
    verifier: &CoreVerifier,
    item: &Result<OwnedRequest, VerifyError>,
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    verifier.verify_owned(item.as_ref().map_err(|e| *e)?, now)
}

/// `{ pubkey, scheme, timestamp: Date, replayId }`.
fn verified(v: Verified) -> JsValue {
    let out = Object::new();
    let fields: [(&str, JsValue); 4] = [
        ("pubkey", v.pubkey.to_hex().into()),
        ("scheme", v.scheme.as_str().into()),
        (
            "timestamp",
            Date::new(&JsValue::from_f64(v.timestamp.unix_millis() as f64)).into(),
        ),
        (
            "replayId",
            base16ct::lower::encode_string(v.replay_id()).into(),
        ),
    ];
    for (name, value) in fields {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &name.into(), &value);
    }
    out.into()
}

fn settle(r: Result<JsValue, Fault>) -> Promise {
    match r {
        Ok(v) => Promise::resolve(&v),
        Err(f) => Promise::reject(&f.to_js()),
    }
}

/// Verifies an X-Auth-Token against the request the server received. `options`: `{
/// requestPath, body?, bodyEncoding?, now?, maxAgeSeconds?, maxSkewSeconds?, compat? }`.
/// Returns `{ pubkey, scheme, timestamp, replayId }`; throws `AuthTokenError` (with `code`).
#[wasm_bindgen(js_name = verify, unchecked_return_type = "VerifiedToken")]
pub fn verify_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, Fault> {
    let o = object(options, "options")?;
    if absent(&o) {
        return Err(Fault::wrong_type("options", "an object"));
    }
    let verifier = Verifier::new(Some(o.clone()))?;
    verifier.verify(token, &o, Some(get(&o, "now")))
}

/// [`verify_token`] as a Promise.
#[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<VerifiedToken>")]
pub fn verify_token_async(
    #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Promise {
    settle(verify_token(token, options))
}
