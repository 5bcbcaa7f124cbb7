//! Making tokens: [`NewToken`] says what to sign, [`create`] signs it.

use alloc::string::String;

use super::{Body, Policy, Scheme, signed_message_text};
use crate::bsm;
use crate::ec::{Active, Backend};
use crate::encoding::base64_encode;
use crate::error::Error;
use crate::keys::PrivateKey;
use crate::signed_message;
use crate::time::Timestamp;

/// What to put in a new token.
#[derive(Clone, Copy, Debug)]
pub struct NewToken<'a> {
    /// The request path, including the query, exactly as the server will see it.
    pub request_path: &'a str,
    /// The body, if any.
    pub body: Option<Body<'a>>,
    /// The scheme.
    pub scheme: Scheme,
    /// When the token is made (written as `YYYY-MM-DDTHH:mm:ss.sssZ`).
    pub timestamp: Timestamp,
}

impl<'a> NewToken<'a> {
    /// A token for `request_path` with no body.
    pub fn new(request_path: &'a str, scheme: Scheme, timestamp: Timestamp) -> NewToken<'a> {
        NewToken {
            request_path,
            body: None,
            scheme,
            timestamp,
        }
    }

    /// The same token with a body.
    pub fn with_body(mut self, body: Body<'a>) -> NewToken<'a> {
        self.body = Some(body);
        self
    }
}

/// Creates a token. `key_id` is the BRC-77 key ID (used by `brc77` only; it must be fresh and
/// random for every token). Byte-identical to `getAuthToken` of `bitcoin-auth` for the same
/// inputs and key ID.
///
/// Refuses a path containing `|` (such a token could never be parsed) and a body that is not
/// valid for its encoding.
pub fn create(key: &PrivateKey, spec: &NewToken<'_>, key_id: [u8; 32]) -> Result<String, Error> {
    create_with::<Active>(key, spec, key_id)
}

/// [`create`] with a random BRC-77 key ID.
#[cfg(feature = "std")]
pub fn create_random(key: &PrivateKey, spec: &NewToken<'_>) -> Result<String, Error> {
    create(key, spec, signed_message::random_key_id()?)
}

pub(crate) fn create_with<B: Backend>(
    key: &PrivateKey,
    spec: &NewToken<'_>,
    key_id: [u8; 32],
) -> Result<String, Error> {
    if spec.request_path.contains('|') {
        return Err(Error::InvalidInput {
            field: "request_path",
            why: "contains '|', which would make the token unparseable",
        });
    }
    let body_hash = match &spec.body {
        Some(body) => body.hash(Policy::Strict)?,
        None => None,
    };
    let ts = spec.timestamp.to_iso();
    let message = signed_message_text(spec.request_path, &ts, body_hash.as_ref());
    let signature = match spec.scheme {
        Scheme::Bsm => base64_encode(&bsm::sign_with::<B>(message.as_bytes(), key)?),
        Scheme::Brc77 => base64_encode(&signed_message::sign_with::<B>(
            message.as_bytes(),
            key,
            None,
            key_id,
        )?),
    };
    let pubkey = key.public_key().to_hex();
    let mut token = String::with_capacity(
        pubkey.len() + ts.len() + spec.request_path.len() + signature.len() + 10,
    );
    for (i, part) in [
        pubkey.as_str(),
        spec.scheme.as_str(),
        &ts,
        spec.request_path,
        &signature,
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            token.push('|');
        }
        token.push_str(part);
    }
    Ok(token)
}
