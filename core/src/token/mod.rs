//! The bitcoin-auth `X-Auth-Token`: create, parse and verify.
//!
//! ```text
//! token = pubkey "|" scheme "|" timestamp "|" requestPath "|" signature
//! signed message M = requestPath "|" timestamp "|" hex(SHA-256(body))   (empty hash if no body)
//! ```
//! `bsm` signs `M` with Bitcoin Signed Message; `brc77` signs it with an anyone-verifiable
//! BRC-77 envelope. Verification here is stricter than `bitcoin-auth` where the reference is
//! insecure: the brc77 signer must be the token's pubkey, the timestamp must lie in a two-sided
//! window around an injected `now`, and (under [`Policy::Strict`]) every field has one spelling.
//!
//! Modules: the format here ([`parse`], [`Body`], [`OwnedRequest`]); [`create`] makes tokens;
//! [`Verifier`] checks them (and [`Verifier::trace`] explains each stage); [`ReplayGuard`] refuses
//! a second use in one process, and [`ReplayVerifier`] checks any [`ReplayStore`] (a fleet's
//! shared one) after the signature.
//!
//! ```
//! use core::time::Duration;
//! use sigma_auth_core::{token, PrivateKey, Timestamp};
//! use sigma_auth_core::token::{Body, NewToken, Request, Scheme, Verifier};
//!
//! let key = PrivateKey::from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH")?;
//! let now = Timestamp::parse_iso("2025-01-15T12:00:00.000Z")?;
//! let spec = NewToken::new("/api/items?page=2", Scheme::Brc77, now).with_body(Body::utf8("{\"a\":1}"));
//! let tok = token::create(&key, &spec, [9u8; 32])?;
//!
//! let verifier = Verifier::new().with_max_age(Duration::from_secs(60));
//! let request = Request::new("/api/items?page=2").with_body(Body::utf8("{\"a\":1}"));
//! let ok = verifier.verify(&tok, &request, now).expect("valid");
//! assert_eq!(&ok.pubkey, key.public_key());
//!
//! let later = Timestamp::from_unix_millis(now.unix_millis() + 120_000)?;
//! let err = verifier.verify(&tok, &request, later).unwrap_err();
//! assert_eq!(err.code(), "expired");
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use core::time::Duration;

use crate::encoding::{
    base64_decode, base64_decode_lenient, hex_decode, hex_decode_lenient, hex_encode,
};
use crate::error::{Error, Reason, VerifyError};
use crate::hash::sha256;
pub use crate::policy::Policy;

#[cfg(feature = "std")]
mod batch;
mod create;
#[cfg(feature = "std")]
mod feed;
mod owned;
#[cfg(feature = "std")]
pub(crate) mod placement;
#[cfg(feature = "std")]
mod replay;
#[cfg(feature = "std")]
mod store;
mod trace;
mod verify;

#[cfg(feature = "std")]
pub use create::create_random;
#[cfg(feature = "hazmat")]
pub(crate) use create::create_with;
pub use create::{NewToken, create};
#[cfg(feature = "std")]
pub use feed::BatchFeed;
pub use owned::{OwnedBody, OwnedRequest};
#[cfg(feature = "std")]
pub use replay::{DEFAULT_REPLAY_CAPACITY, ReplayGuard};
#[cfg(feature = "std")]
pub use store::{FailOpenLog, ReplayEntry, ReplayStore, ReplayStoreError, ReplayVerifier};
pub use trace::{SignatureDetail, Stage, Step, Trace};
pub use verify::{Request, Verified, Verifier};

/// How old a token may be by default (five minutes), for [`Verifier::new`].
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(300);

/// How far ahead of the verifier's clock a token may be dated by default (five minutes).
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(300);

/// The signature scheme of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Bitcoin Signed Message, 65-byte compact signature.
    Bsm,
    /// BRC-77 anyone-verifiable signed message.
    Brc77,
}

impl Scheme {
    /// `"bsm"` or `"brc77"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Bsm => "bsm",
            Scheme::Brc77 => "brc77",
        }
    }

    /// The scheme named exactly `name` (case-sensitive, as the reference).
    pub fn from_name(name: &str) -> Option<Scheme> {
        match name {
            "bsm" => Some(Scheme::Bsm),
            "brc77" => Some(Scheme::Brc77),
            _ => None,
        }
    }
}

/// How a text body is turned into the bytes that are hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BodyEncoding {
    /// UTF-8 bytes of the text.
    #[default]
    Utf8,
    /// Hex digits.
    Hex,
    /// Base64.
    Base64,
}

impl BodyEncoding {
    /// Reads an encoding name. `utf8`, `hex` and `base64` always; under `Compat` any other name
    /// means UTF-8, as in the reference.
    pub fn from_name(name: &str, policy: Policy) -> Result<BodyEncoding, VerifyError> {
        match (name, policy) {
            ("utf8", _) => Ok(BodyEncoding::Utf8),
            ("hex", _) => Ok(BodyEncoding::Hex),
            ("base64", _) => Ok(BodyEncoding::Base64),
            (_, Policy::Compat) => Ok(BodyEncoding::Utf8),
            (_, Policy::Strict) => Err(VerifyError::new(
                Reason::UnsupportedBodyEncoding,
                "body encoding is not utf8, hex or base64",
            )),
        }
    }

    /// `"utf8"`, `"hex"` or `"base64"`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyEncoding::Utf8 => "utf8",
            BodyEncoding::Hex => "hex",
            BodyEncoding::Base64 => "base64",
        }
    }
}

/// A request body as the signer and the verifier see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// Text, decoded to bytes with an encoding before hashing.
    Text(&'a str, BodyEncoding),
    /// Raw bytes, hashed as they are.
    Bytes(&'a [u8]),
}

impl<'a> Body<'a> {
    /// A UTF-8 text body.
    pub fn utf8(text: &'a str) -> Body<'a> {
        Body::Text(text, BodyEncoding::Utf8)
    }

    /// A body given as hex.
    pub fn hex(text: &'a str) -> Body<'a> {
        Body::Text(text, BodyEncoding::Hex)
    }

    /// A body given as base64.
    pub fn base64(text: &'a str) -> Body<'a> {
        Body::Text(text, BodyEncoding::Base64)
    }

    /// A raw byte body.
    pub fn bytes(bytes: &'a [u8]) -> Body<'a> {
        Body::Bytes(bytes)
    }

    /// SHA-256 of the body's bytes, or `None` for an empty body (which the reference treats as
    /// no body). Strict decoding under `Strict`, the reference's lenient decoding under `Compat`.
    pub fn hash(&self, policy: Policy) -> Result<Option<[u8; 32]>, Error> {
        const FIELD: &str = "body";
        let digest = match (*self, policy) {
            (Body::Bytes([]), _) | (Body::Text("", _), _) => return Ok(None),
            (Body::Bytes(b), _) => sha256(b),
            (Body::Text(t, BodyEncoding::Utf8), _) => sha256(t.as_bytes()),
            (Body::Text(t, BodyEncoding::Hex), Policy::Strict) => sha256(&hex_decode(FIELD, t)?),
            (Body::Text(t, BodyEncoding::Hex), Policy::Compat) => {
                sha256(&hex_decode_lenient(FIELD, t)?)
            }
            (Body::Text(t, BodyEncoding::Base64), Policy::Strict) => {
                sha256(&base64_decode(FIELD, t)?)
            }
            (Body::Text(t, BodyEncoding::Base64), Policy::Compat) => {
                sha256(&base64_decode_lenient(FIELD, t)?)
            }
        };
        Ok(Some(digest))
    }
}

/// The signed message `path|timestamp|bodyHash` as text.
pub fn signed_message_text(path: &str, timestamp: &str, body_hash: Option<&[u8; 32]>) -> String {
    let hash = body_hash.map(|h| hex_encode(h)).unwrap_or_default();
    let mut m = String::with_capacity(path.len() + timestamp.len() + hash.len() + 2);
    m.push_str(path);
    m.push('|');
    m.push_str(timestamp);
    m.push('|');
    m.push_str(&hash);
    m
}

/// The five fields of a token, as text, split exactly as `parseAuthToken` splits them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenParts<'a> {
    /// The claimed public key (hex).
    pub pubkey: &'a str,
    /// The scheme.
    pub scheme: Scheme,
    /// The timestamp text.
    pub timestamp: &'a str,
    /// The request path.
    pub request_path: &'a str,
    /// The signature (base64).
    pub signature: &'a str,
}

/// Splits a token into its five fields: exactly five `|`-separated parts and a scheme of exactly
/// `bsm` or `brc77`. Nothing else is checked here.
pub fn parse(token: &str) -> Result<TokenParts<'_>, VerifyError> {
    let mut it = token.split('|');
    let mut next = || {
        it.next().ok_or(VerifyError::new(
            Reason::MalformedToken,
            "fewer than five '|'-separated fields",
        ))
    };
    let (pubkey, scheme, timestamp, request_path, signature) =
        (next()?, next()?, next()?, next()?, next()?);
    if it.next().is_some() {
        return Err(VerifyError::new(
            Reason::MalformedToken,
            "more than five '|'-separated fields",
        ));
    }
    let scheme = Scheme::from_name(scheme).ok_or(VerifyError::new(
        Reason::UnsupportedScheme,
        "scheme is not exactly \"bsm\" or \"brc77\"",
    ))?;
    Ok(TokenParts {
        pubkey,
        scheme,
        timestamp,
        request_path,
        signature,
    })
}
