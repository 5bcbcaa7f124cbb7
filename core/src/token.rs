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
//! ```
//! use core::time::Duration;
//! use sigma_auth_core::{token, PrivateKey, Timestamp};
//! use sigma_auth_core::token::{Body, NewToken, Request, Scheme, Verifier};
//!
//! let key = PrivateKey::from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH")?;
//! let now = Timestamp::parse_iso("now", "2025-01-15T12:00:00.000Z")?;
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
use alloc::vec::Vec;
use core::time::Duration;

use crate::bsm::{self, CompactSignature};
use crate::ec::{Active, Backend};
use crate::encoding::{
    Timestamp, base64_decode, base64_decode_lenient, base64_encode, hex_decode, hex_decode_array,
    hex_decode_lenient, hex_encode, is_lower_hex,
};
use crate::error::{Error, Reason, VerifyError};
use crate::hash::{sha256, sha256_parts};
use crate::keys::{PrivateKey, PublicKey};
pub use crate::policy::Policy;
use crate::signed_message::{self, Verifier as EnvelopeVerifier};

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

#[doc(hidden)]
pub fn create_with<B: Backend>(
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

/// The request a token is checked against: the path (with query) and the body, as the server
/// received them.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The request path including the query, compared byte for byte with the token's.
    pub path: &'a str,
    /// The body, if any.
    pub body: Option<Body<'a>>,
}

impl<'a> Request<'a> {
    /// A request for `path` with no body.
    pub fn new(path: &'a str) -> Request<'a> {
        Request { path, body: None }
    }

    /// The same request with a body.
    pub fn with_body(mut self, body: Body<'a>) -> Request<'a> {
        self.body = Some(body);
        self
    }
}

/// A token that passed verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The signer's public key (equal to the token's pubkey field).
    pub pubkey: PublicKey,
    /// The scheme.
    pub scheme: Scheme,
    /// The signed timestamp.
    pub timestamp: Timestamp,
    /// `SHA-256("sigma-auth/replay/v1" || 0x00 || sec(signer) || M)`: the same 32 bytes for
    /// every spelling of one signed request, so a replay cache cannot be evaded by re-encoding.
    pub replay_id: [u8; 32],
}

impl Verified {
    /// The replay id (see the field).
    pub fn replay_id(&self) -> &[u8; 32] {
        &self.replay_id
    }
}

/// Checks tokens against requests: a two-sided time window around an injected `now`, the
/// request path and body, and the signature, under a [`Policy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verifier {
    max_age: Duration,
    max_skew: Duration,
    policy: Policy,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier::new()
    }
}

const FIVE_MINUTES: Duration = Duration::from_secs(300);

impl Verifier {
    /// Strict policy, `max_age` and `max_skew` of five minutes.
    pub const fn new() -> Verifier {
        Verifier {
            max_age: FIVE_MINUTES,
            max_skew: FIVE_MINUTES,
            policy: Policy::Strict,
        }
    }

    /// How old a token may be: it is refused when `timestamp < now - max_age`.
    pub const fn with_max_age(mut self, max_age: Duration) -> Verifier {
        self.max_age = max_age;
        self
    }

    /// How far in the future a token may be dated: refused when `timestamp > now + max_skew`.
    pub const fn with_max_skew(mut self, max_skew: Duration) -> Verifier {
        self.max_skew = max_skew;
        self
    }

    /// The encoding policy.
    pub const fn with_policy(mut self, policy: Policy) -> Verifier {
        self.policy = policy;
        self
    }

    /// The maximum age.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// The maximum skew.
    pub fn max_skew(&self) -> Duration {
        self.max_skew
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Verifies `token` for `request` at instant `now`.
    pub fn verify(
        &self,
        token: &str,
        request: &Request<'_>,
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        self.verify_with::<Active>(token, request, now)
    }

    /// [`verify`](Self::verify) at the system clock's current time.
    #[cfg(feature = "std")]
    pub fn verify_now(&self, token: &str, request: &Request<'_>) -> Result<Verified, VerifyError> {
        self.verify(token, request, Timestamp::now())
    }

    /// Verifies many tokens on all cores; results come back in input order.
    #[cfg(feature = "std")]
    pub fn verify_batch(
        &self,
        items: &[(&str, Request<'_>)],
        now: Timestamp,
    ) -> Vec<Result<Verified, VerifyError>> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(items.len().max(1));
        if threads <= 1 {
            return items.iter().map(|(t, r)| self.verify(t, r, now)).collect();
        }
        let chunk = items.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(chunk)
                .map(|part| {
                    let handle = scope.spawn(move || {
                        part.iter()
                            .map(|(t, r)| self.verify(t, r, now))
                            .collect::<Vec<_>>()
                    });
                    (part.len(), handle)
                })
                .collect();
            let mut out = Vec::with_capacity(items.len());
            for (len, handle) in handles {
                match handle.join() {
                    Ok(results) => out.extend(results),
                    // verify does not panic; should a thread die anyway, its items still get an
                    // answer each, so results stay aligned with the input.
                    Err(_) => out.extend((0..len).map(|_| {
                        Err(VerifyError::new(
                            Reason::MalformedToken,
                            "internal error while verifying this token",
                        ))
                    })),
                }
            }
            out
        })
    }

    #[doc(hidden)]
    pub fn verify_with<B: Backend>(
        &self,
        token: &str,
        request: &Request<'_>,
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        let strict = self.policy == Policy::Strict;
        let parts = parse(token)?;

        let claimed = self.read_pubkey::<B>(parts.pubkey)?;

        let ts = if strict {
            Timestamp::parse_iso("token.timestamp", parts.timestamp)
        } else {
            Timestamp::parse_lenient("token.timestamp", parts.timestamp)
        }
        .map_err(|_| {
            VerifyError::new(
                Reason::BadTimestamp,
                if strict {
                    "timestamp is not of the form YYYY-MM-DDTHH:mm:ss.sssZ"
                } else {
                    "timestamp is not an ISO-8601 date-time with a zone"
                },
            )
        })?;

        if parts.request_path != request.path {
            return Err(VerifyError::new(
                Reason::PathMismatch,
                "the token was signed for a different request path",
            ));
        }

        self.check_window(ts, now)?;

        let body_hash = match &request.body {
            Some(body) => body.hash(self.policy).map_err(|_| {
                VerifyError::new(Reason::BadBody, "the body is not valid for its encoding")
            })?,
            None => None,
        };
        let hash_hex = body_hash.map(|h| hex_encode(&h)).unwrap_or_default();
        let message_parts: [&[u8]; 5] = [
            parts.request_path.as_bytes(),
            b"|",
            parts.timestamp.as_bytes(),
            b"|",
            hash_hex.as_bytes(),
        ];

        let signer = match parts.scheme {
            Scheme::Bsm => self.check_bsm::<B>(&parts, &claimed, &message_parts)?,
            Scheme::Brc77 => self.check_brc77::<B>(&parts, &claimed, &message_parts)?,
        };

        let signer_bytes = signer.to_compressed();
        let [path, bar1, stamp, bar2, hash] = message_parts;
        let replay_input: [&[u8]; 7] = [
            b"sigma-auth/replay/v1\0",
            &signer_bytes,
            path,
            bar1,
            stamp,
            bar2,
            hash,
        ];
        Ok(Verified {
            pubkey: signer,
            scheme: parts.scheme,
            timestamp: ts,
            replay_id: sha256_parts(replay_input),
        })
    }

    fn read_pubkey<B: Backend>(&self, text: &str) -> Result<Claimed, VerifyError> {
        let bad = |detail| VerifyError::new(Reason::BadPubkey, detail);
        match self.policy {
            Policy::Strict => {
                if text.len() != 66 || !is_lower_hex(text) || !matches!(&text[..2], "02" | "03") {
                    return Err(bad(
                        "pubkey is not 66 lower-case hex digits starting 02 or 03",
                    ));
                }
                let bytes = hex_decode_array::<33>("token.pubkey", text)
                    .map_err(|_| bad("pubkey is not hex"))?;
                Ok(Claimed::Unchecked(bytes))
            }
            Policy::Compat => {
                let bytes = hex_decode_lenient("token.pubkey", text)
                    .map_err(|_| bad("pubkey is not hex"))?;
                PublicKey::parse_sec1_lenient::<B>("token.pubkey", &bytes)
                    .map(Claimed::Key)
                    .map_err(|_| bad("pubkey is not a point on the curve"))
            }
        }
    }

    fn check_window(&self, ts: Timestamp, now: Timestamp) -> Result<(), VerifyError> {
        let age = i128::from(now.unix_millis()) - i128::from(ts.unix_millis());
        if age > self.max_age.as_millis() as i128 {
            return Err(VerifyError::new(
                Reason::Expired,
                "the token is older than the maximum age",
            ));
        }
        if -age > self.max_skew.as_millis() as i128 {
            return Err(VerifyError::new(
                Reason::NotYetValid,
                "the token is dated further ahead than the maximum skew",
            ));
        }
        Ok(())
    }

    fn decode_signature(&self, text: &str) -> Result<Vec<u8>, VerifyError> {
        match self.policy {
            Policy::Strict => base64_decode("token.signature", text),
            Policy::Compat => base64_decode_lenient("token.signature", text),
        }
        .map_err(|_| VerifyError::new(Reason::BadSignatureEncoding, "signature is not base64"))
    }

    fn check_bsm<B: Backend>(
        &self,
        parts: &TokenParts<'_>,
        claimed: &Claimed,
        message: &[&[u8]; 5],
    ) -> Result<PublicKey, VerifyError> {
        let raw = self.decode_signature(parts.signature)?;
        let sig = CompactSignature::parse(&raw, self.policy).map_err(|e| {
            VerifyError::new(
                Reason::BadSignatureEncoding,
                match e {
                    Error::InvalidLength { .. } => "bsm signature is not 65 bytes",
                    Error::InvalidSignatureEncoding { why, .. } => why,
                    _ => "bsm signature is malformed",
                },
            )
        })?;
        let digest = bsm::magic_hash_parts(message);
        let invalid = VerifyError::new(
            Reason::InvalidSignature,
            "the bsm signature does not match the token's pubkey and request",
        );
        match claimed {
            // Strict: the header's recovery id must recover exactly the claimed key.
            Claimed::Unchecked(_) => match bsm::recover_digest_with::<B>(&digest, &sig) {
                Some(key) if claimed.is(&key) => Ok(key),
                _ => Err(claimed.refusal::<B>(invalid)),
            },
            // Compat: plain ECDSA against the claimed key, header ignored, as the reference.
            Claimed::Key(key) => bsm::verify_digest_with::<B>(&digest, &sig, key, self.policy)
                .map(|()| *key)
                .map_err(|_| invalid),
        }
    }

    fn check_brc77<B: Backend>(
        &self,
        parts: &TokenParts<'_>,
        claimed: &Claimed,
        message: &[&[u8]; 5],
    ) -> Result<PublicKey, VerifyError> {
        let raw = self.decode_signature(parts.signature)?;
        let encoding_error = |e: Error| {
            VerifyError::new(
                Reason::BadSignatureEncoding,
                match e {
                    Error::VersionMismatch { .. } => "the BRC-77 version bytes are wrong",
                    Error::InvalidPublicKey { .. } => {
                        "the BRC-77 signer or verifier key is invalid"
                    }
                    Error::InvalidSignatureEncoding { why, .. } => why,
                    _ => "the BRC-77 envelope is truncated or malformed",
                },
            )
        };
        let (head, der_bytes) = signed_message::parse_head::<B>(&raw, self.policy, claimed.key())
            .map_err(encoding_error)?;
        if *head.verifier() != EnvelopeVerifier::Anyone {
            return Err(VerifyError::new(
                Reason::RecipientRequired,
                "the BRC-77 envelope is addressed to a specific verifier, not anyone",
            ));
        }
        let env = head
            .with_signature(der_bytes, self.policy)
            .map_err(encoding_error)?;
        if !claimed.is(&env.signer) {
            return Err(claimed.refusal::<B>(VerifyError::new(
                Reason::SignerMismatch,
                "the BRC-77 envelope was signed by a key other than the token's pubkey",
            )));
        }
        let digest = sha256_parts(message);
        signed_message::verify_envelope_with::<B>(&digest, &env, None).map_err(|_| {
            VerifyError::new(
                Reason::InvalidSignature,
                "the BRC-77 signature does not match the request",
            )
        })?;
        Ok(env.signer)
    }
}

/// The token's pubkey field as read before the signature is checked.
///
/// Under `Strict` only its shape is checked up front (66 lower-case hex digits, `02`/`03`): its
/// bytes are then compared with the key the signature proves (the key BSM recovers, or the
/// BRC-77 envelope's signer, both valid points), so an honest token costs no extra point
/// decompression. Whether the field is a point at all is settled only when the comparison fails.
enum Claimed {
    /// Strict: the 33 bytes, not yet checked to be a point.
    Unchecked([u8; 33]),
    /// Compat: the key, parsed leniently.
    Key(PublicKey),
}

impl Claimed {
    /// Whether the field names `key`.
    fn is(&self, key: &PublicKey) -> bool {
        match self {
            Claimed::Unchecked(bytes) => key.to_compressed() == *bytes,
            Claimed::Key(k) => k == key,
        }
    }

    /// The parsed key, when there is one.
    fn key(&self) -> Option<&PublicKey> {
        match self {
            Claimed::Unchecked(_) => None,
            Claimed::Key(k) => Some(k),
        }
    }

    /// The refusal after a failed comparison: `bad_pubkey` if the field is no point, else `why`.
    fn refusal<B: Backend>(&self, why: VerifyError) -> VerifyError {
        match self {
            Claimed::Unchecked(bytes)
                if PublicKey::parse_sec1::<B>("token.pubkey", bytes).is_err() =>
            {
                VerifyError::new(Reason::BadPubkey, "pubkey is not a point on the curve")
            }
            _ => why,
        }
    }
}

/// Remembers the replay ids of verified tokens for as long as they stay inside the window, and
/// refuses a second use. For one process; a fleet shares one store (e.g. Redis
/// `SET id NX PX window`) keyed by [`Verified::replay_id`].
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct ReplayGuard {
    max_age_ms: i64,
    seen: std::sync::Mutex<std::collections::HashMap<[u8; 32], i64>>,
}

#[cfg(feature = "std")]
impl ReplayGuard {
    /// A guard for tokens accepted by `verifier` (each id is kept until its token expires).
    pub fn new(verifier: &Verifier) -> ReplayGuard {
        ReplayGuard {
            max_age_ms: i64::try_from(verifier.max_age().as_millis()).unwrap_or(i64::MAX),
            seen: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Records `verified` at `now`; refuses it with [`Reason::Replayed`] if its replay id was
    /// seen before and has not expired.
    pub fn check(&self, verified: &Verified, now: Timestamp) -> Result<(), VerifyError> {
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now_ms = now.unix_millis();
        seen.retain(|_, expires| *expires >= now_ms);
        let expires = verified
            .timestamp
            .unix_millis()
            .saturating_add(self.max_age_ms);
        if seen.insert(verified.replay_id, expires).is_some() {
            return Err(VerifyError::new(
                Reason::Replayed,
                "this signed request was already accepted inside its window",
            ));
        }
        Ok(())
    }
}
