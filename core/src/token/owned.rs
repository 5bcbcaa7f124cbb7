//! Owned requests: what a binding builds from foreign values before it leaves the caller's thread
//! (an async call, a batch on all cores), so every binding shares one shape.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Body, BodyEncoding, Request};

/// A request body that owns its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedBody {
    /// Text in the given encoding (`utf8`, `hex` or `base64`).
    Text(String, BodyEncoding),
    /// Raw bytes.
    Bytes(Vec<u8>),
}

impl OwnedBody {
    /// The borrowed form that [`Verifier`](super::Verifier) reads.
    pub fn as_body(&self) -> Body<'_> {
        match self {
            OwnedBody::Text(text, encoding) => Body::Text(text, *encoding),
            OwnedBody::Bytes(bytes) => Body::Bytes(bytes),
        }
    }
}

/// A token and the request it claims to sign, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedRequest {
    /// The `X-Auth-Token` header value.
    pub token: String,
    /// The request path including the query, as the server received it.
    pub path: String,
    /// The body, if any.
    pub body: Option<OwnedBody>,
}

impl OwnedRequest {
    /// A request for `path` carrying `token`, with no body.
    pub fn new(token: impl Into<String>, path: impl Into<String>) -> OwnedRequest {
        OwnedRequest {
            token: token.into(),
            path: path.into(),
            body: None,
        }
    }

    /// The same request with a body.
    pub fn with_body(mut self, body: OwnedBody) -> OwnedRequest {
        self.body = Some(body);
        self
    }

    /// The borrowed request that [`Verifier::verify`](super::Verifier::verify) takes.
    pub fn request(&self) -> Request<'_> {
        Request {
            path: &self.path,
            body: self.body.as_ref().map(OwnedBody::as_body),
        }
    }
}
