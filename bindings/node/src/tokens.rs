//! Tokens: creating and splitting an X-Auth-Token (verification is in `verifier`).

use napi::Result;
use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use sigma_auth_core::token::{self, NewToken, Scheme};
use sigma_auth_core::{Policy, PrivateKey as CorePrivateKey, Timestamp};

use crate::conversions::{JsBytes, millis_to_timestamp, own_body};
use crate::errors::{Fault, OrThrow, boundary, guarded};
use crate::keys::PrivateKey;
use crate::wif_keys::compressed_wif_key;

/// Creates an X-Auth-Token. `timestamp`: strict ISO text (`YYYY-MM-DDTHH:mm:ss.sssZ`) or Unix
/// milliseconds; the system clock if absent. `body`: text decoded with `bodyEncoding`
/// (`utf8`/`hex`/`base64`, strict) or raw bytes.
#[napi(catch_unwind)]
pub fn create_token(
    env: Env,
    key: &PrivateKey,
    request_path: String,
    scheme: String,
    timestamp: Option<Either<String, f64>>,
    body: Option<Either<String, Buffer>>,
    body_encoding: Option<String>,
) -> Result<String> {
    boundary(&env, || {
        let spec = TokenSpec {
            request_path,
            scheme,
            timestamp,
            body,
            body_encoding,
        };
        spec.create(&key.inner).or_throw(&env)
    })
}

/// [`create_token`] for a compressed WIF, as `getAuthToken` takes it (the WIF copy is wiped;
/// the decoded key is kept in a small cache, see [`crate::wif_keys`]).
#[napi(catch_unwind)]
pub fn create_token_wif(
    env: Env,
    wif: String,
    request_path: String,
    scheme: String,
    timestamp: Option<Either<String, f64>>,
    body: Option<Either<String, Buffer>>,
    body_encoding: Option<String>,
) -> Result<String> {
    boundary(&env, || {
        let key = compressed_wif_key(wif).or_throw(&env)?;
        let spec = TokenSpec {
            request_path,
            scheme,
            timestamp,
            body,
            body_encoding,
        };
        spec.create(&key).or_throw(&env)
    })
}

/// The arguments of a token to create, as JavaScript gives them.
struct TokenSpec {
    request_path: String,
    scheme: String,
    timestamp: Option<Either<String, f64>>,
    body: Option<JsBytes>,
    body_encoding: Option<String>,
}

impl TokenSpec {
    fn create(self, key: &CorePrivateKey) -> core::result::Result<String, Fault> {
        let scheme = Scheme::from_name(&self.scheme).ok_or_else(|| {
            Fault::input(
                "invalid_input",
                "scheme: must be exactly \"bsm\" or \"brc77\"",
            )
        })?;
        let ts = match self.timestamp {
            None => Timestamp::now(),
            Some(Either::A(text)) => Timestamp::parse_iso(&text)?,
            Some(Either::B(ms)) => millis_to_timestamp(ms)?,
        };
        let body = own_body(self.body, self.body_encoding.as_deref(), Policy::Strict)
            .map_err(|e| Fault::input("invalid_input", format!("bodyEncoding: {}", e.detail())))?;
        let mut spec = NewToken::new(&self.request_path, scheme, ts);
        if let Some(b) = &body {
            spec = spec.with_body(b.as_body());
        }
        Ok(token::create_random(key, &spec)?)
    }
}

/// The five fields of a token, as `parseAuthToken` returns them.
#[napi(object)]
pub struct TokenFields {
    /// The pubkey field (text, unchecked).
    pub pubkey: String,
    /// `"bsm"` or `"brc77"`.
    pub scheme: String,
    /// The timestamp field (text, unchecked).
    pub timestamp: String,
    /// The request path field.
    pub request_path: String,
    /// The signature field (text, unchecked).
    pub signature: String,
}

/// Splits a token exactly as `parseAuthToken` does; `null` if it is not five fields with a
/// known scheme.
#[napi(catch_unwind)]
pub fn parse_token(token: String) -> Option<TokenFields> {
    guarded(
        || {
            let parts = token::parse(&token).ok()?;
            Some(TokenFields {
                pubkey: parts.pubkey.to_owned(),
                scheme: parts.scheme.as_str().to_owned(),
                timestamp: parts.timestamp.to_owned(),
                request_path: parts.request_path.to_owned(),
                signature: parts.signature.to_owned(),
            })
        },
        || None,
    )
}
