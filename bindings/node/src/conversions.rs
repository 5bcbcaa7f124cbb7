//! JavaScript values to core values: policies, instants, durations, networks, messages and
//! bodies. Every failure is a [`Fault`] naming the argument, never its value.

use core::time::Duration;

use napi::bindgen_prelude::{Buffer, Either};
use sigma_auth_core::keys::Network;
use sigma_auth_core::token::{BodyEncoding, OwnedBody};
use sigma_auth_core::{Error as CoreError, Policy, Timestamp, VerifyError};

use crate::errors::Fault;

/// A message or body as JavaScript passes it: text (UTF-8) or bytes.
pub type JsBytes = Either<String, Buffer>;

/// `compat: true` is [`Policy::Compat`]; anything else is [`Policy::Strict`].
pub fn policy(compat: Option<bool>) -> Policy {
    if compat.unwrap_or(false) {
        Policy::Compat
    } else {
        Policy::Strict
    }
}

/// Unix milliseconds (truncated) to a timestamp.
pub fn millis_to_timestamp(ms: f64) -> Result<Timestamp, Fault> {
    if !ms.is_finite() {
        return Err(Fault::input(
            "invalid_timestamp",
            "time: not a finite number",
        ));
    }
    Timestamp::from_unix_millis(ms.trunc() as i64).map_err(Fault::from)
}

/// A non-negative finite number of milliseconds to a duration (capped at about 31,700 years).
pub fn millis_to_duration(ms: f64, field: &str) -> Result<Duration, Fault> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(Fault::input(
            "invalid_input",
            format!("{field}: must be a finite number >= 0"),
        ));
    }
    Ok(Duration::from_millis(ms.min(1e15) as u64))
}

/// A non-negative finite number of seconds to a duration (millisecond resolution).
pub fn seconds_to_duration(seconds: f64, field: &str) -> Result<Duration, Fault> {
    millis_to_duration(seconds * 1000.0, field)
}

/// `"mainnet"` (default) or `"testnet"`.
pub fn network(name: Option<&str>) -> Result<Network, Fault> {
    match name {
        None | Some("mainnet") => Ok(Network::Mainnet),
        Some("testnet") => Ok(Network::Testnet),
        Some(_) => Err(Fault::input(
            "invalid_input",
            "network: must be \"mainnet\" or \"testnet\"",
        )),
    }
}

/// The bytes of a message: UTF-8 of a string, or the buffer.
pub fn message_bytes(message: &JsBytes) -> &[u8] {
    match message {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    }
}

/// Exactly 32 bytes for `field`.
pub fn bytes32(bytes: &[u8], field: &'static str) -> Result<[u8; 32], Fault> {
    bytes.try_into().map_err(|_| {
        Fault::from(CoreError::InvalidLength {
            field,
            expected: 32,
            actual: bytes.len(),
        })
    })
}

/// Owns a body; a text body's encoding name is resolved under `policy` (strict refuses an
/// unknown name with `unsupported_body_encoding`).
pub fn own_body(
    body: Option<JsBytes>,
    encoding: Option<&str>,
    policy: Policy,
) -> Result<Option<OwnedBody>, VerifyError> {
    Ok(match body {
        None => None,
        Some(Either::A(text)) => {
            let encoding = BodyEncoding::from_name(encoding.unwrap_or("utf8"), policy)?;
            Some(OwnedBody::Text(text, encoding))
        }
        Some(Either::B(bytes)) => Some(OwnedBody::Bytes(bytes.to_vec())),
    })
}
