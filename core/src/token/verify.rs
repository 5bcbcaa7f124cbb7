//! [`Verifier`]: checks a token against the request it claims to sign, stage by stage: structure,
//! pubkey, timestamp, path, window, body, signature encoding, audience and signer binding (brc77),
//! and the signature itself. [`Verifier::trace`](super::Trace) runs the same stage functions.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use super::{
    Body, DEFAULT_MAX_AGE, DEFAULT_MAX_SKEW, OwnedRequest, Policy, Scheme, TokenParts, parse,
};
use crate::bsm::{self, CompactSignature};
use crate::ec::{Active, Backend};
use crate::encoding::{
    base64_decode, base64_decode_lenient, hex_decode_array, hex_decode_lenient, is_lower_hex,
};
use crate::error::{Error, Reason, VerifyError};
use crate::hash::sha256_parts;
use crate::keys::PublicKey;
use crate::signed_message::{self, Envelope, Head, Verifier as EnvelopeVerifier};
use crate::time::Timestamp;

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
///
/// The replay id is computed on first use of [`replay_id`](Self::replay_id) (a replay store, a
/// binding that reports it), not in every verification: most callers never ask for it.
pub struct Verified {
    /// The signer's public key (equal to the token's pubkey field).
    pub pubkey: PublicKey,
    /// The scheme.
    pub scheme: Scheme,
    /// The signed timestamp.
    pub timestamp: Timestamp,
    /// The signed message `M` = `path | timestamp | bodyHash`, as the token spells it.
    message: Box<[u8]>,
    /// The replay id, once computed.
    replay_id: spin::Once<[u8; 32]>,
}

impl Verified {
    fn new(pubkey: PublicKey, scheme: Scheme, timestamp: Timestamp, message: &[&[u8]; 5]) -> Self {
        Verified {
            pubkey,
            scheme,
            timestamp,
            message: message.concat().into_boxed_slice(),
            replay_id: spin::Once::new(),
        }
    }

    /// `SHA-256("sigma-auth/replay/v1" || 0x00 || sec(signer) || M)`, where `sec(signer)` is the
    /// 33-byte compressed key and `M` the signed message `path | timestamp | bodyHash`: the same
    /// 32 bytes for every spelling of one signed request, so a replay cache cannot be evaded by
    /// re-encoding. Computed on the first call, then kept.
    pub fn replay_id(&self) -> &[u8; 32] {
        self.replay_id.call_once(|| {
            sha256_parts([
                &b"sigma-auth/replay/v1\0"[..],
                &self.pubkey.to_compressed(),
                &self.message,
            ])
        })
    }
}

impl Clone for Verified {
    fn clone(&self) -> Self {
        Verified {
            pubkey: self.pubkey,
            scheme: self.scheme,
            timestamp: self.timestamp,
            message: self.message.clone(),
            replay_id: match self.replay_id.get() {
                Some(id) => spin::Once::initialized(*id),
                None => spin::Once::new(),
            },
        }
    }
}

/// Equal when signer, scheme, timestamp and signed message are (so the replay ids are too).
impl PartialEq for Verified {
    fn eq(&self, other: &Self) -> bool {
        self.pubkey == other.pubkey
            && self.scheme == other.scheme
            && self.timestamp == other.timestamp
            && self.message == other.message
    }
}

impl Eq for Verified {}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("pubkey", &self.pubkey)
            .field("scheme", &self.scheme)
            .field("timestamp", &self.timestamp)
            .field("replay_id", self.replay_id())
            .finish()
    }
}

/// Checks tokens against requests: a two-sided time window around an injected `now`, the
/// request path and body, and the signature, under a [`Policy`]. Configure once, share freely
/// (`Copy`, no interior state).
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

impl Verifier {
    /// Strict policy, [`DEFAULT_MAX_AGE`] and [`DEFAULT_MAX_SKEW`] (five minutes each).
    pub const fn new() -> Verifier {
        Verifier {
            max_age: DEFAULT_MAX_AGE,
            max_skew: DEFAULT_MAX_SKEW,
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
    pub const fn max_age(&self) -> Duration {
        self.max_age
    }

    /// The maximum skew.
    pub const fn max_skew(&self) -> Duration {
        self.max_skew
    }

    /// The policy.
    pub const fn policy(&self) -> Policy {
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

    /// [`verify`](Self::verify) of an owned token and request.
    pub fn verify_owned(
        &self,
        item: &OwnedRequest,
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        self.verify(&item.token, &item.request(), now)
    }

    /// [`verify`](Self::verify) on the backend `B` (see [`hazmat`](crate)).
    pub(crate) fn verify_with<B: Backend>(
        &self,
        token: &str,
        request: &Request<'_>,
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        let parts = parse(token)?;
        let claimed = self.read_pubkey::<B>(parts.pubkey)?;
        let ts = self.read_timestamp(parts.timestamp)?;
        check_path(&parts, request)?;
        self.check_window(ts, now)?;
        let hash_hex = self.body_hash_hex(request)?;
        let message = message_parts(&parts, &hash_hex);
        let raw = self.decode_signature(parts.signature)?;
        let signer = match parts.scheme {
            Scheme::Bsm => {
                let sig = self.read_bsm(&raw)?;
                check_bsm::<B>(&sig, &claimed, &message, self.policy)?
            }
            Scheme::Brc77 => {
                let (head, der) = self.read_envelope_head::<B>(&raw, claimed.key())?;
                check_audience(&head)?;
                let env = self.read_envelope_signature(head, der)?;
                check_signer_binding::<B>(&claimed, &env)?;
                check_brc77::<B>(&env, &message)?;
                env.signer
            }
        };
        Ok(verified(signer, &parts, ts, &message))
    }

    /// Stage "pubkey": the token's claimed key, as far as it is checked before the signature.
    pub(super) fn read_pubkey<B: Backend>(&self, text: &str) -> Result<Claimed, VerifyError> {
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
                // A SEC1 key is at most 65 bytes: refuse longer text before decoding it.
                if text.len() > 130 {
                    return Err(bad("pubkey is longer than any public key encoding"));
                }
                let bytes = hex_decode_lenient("token.pubkey", text)
                    .map_err(|_| bad("pubkey is not hex"))?;
                PublicKey::parse_sec1_lenient::<B>("token.pubkey", &bytes)
                    .map(Claimed::Key)
                    .map_err(|_| bad("pubkey is not a point on the curve"))
            }
        }
    }

    /// Stage "timestamp".
    pub(super) fn read_timestamp(&self, text: &str) -> Result<Timestamp, VerifyError> {
        match self.policy {
            Policy::Strict => Timestamp::parse_iso(text).map_err(|_| {
                VerifyError::new(
                    Reason::BadTimestamp,
                    "timestamp is not of the form YYYY-MM-DDTHH:mm:ss.sssZ",
                )
            }),
            Policy::Compat => Timestamp::parse_lenient(text).map_err(|_| {
                VerifyError::new(
                    Reason::BadTimestamp,
                    "timestamp is not an ISO-8601 date-time with a zone",
                )
            }),
        }
    }

    /// Stage "window": `now - max_age <= ts <= now + max_skew`.
    pub(super) fn check_window(&self, ts: Timestamp, now: Timestamp) -> Result<(), VerifyError> {
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

    /// Stage "body": the hex SHA-256 of the body as signed (empty for no body).
    pub(super) fn body_hash_hex(&self, request: &Request<'_>) -> Result<HashHex, VerifyError> {
        let hash = match &request.body {
            Some(body) => body.hash(self.policy).map_err(|_| {
                VerifyError::new(Reason::BadBody, "the body is not valid for its encoding")
            })?,
            None => None,
        };
        Ok(HashHex::new(hash.as_ref()))
    }

    /// Stage "signature encoding", first half: the base64 of the signature field.
    pub(super) fn decode_signature(&self, text: &str) -> Result<Vec<u8>, VerifyError> {
        // The longest honest signature is a BRC-77 envelope for a specific verifier with a
        // 73-byte DER signature: 4 + 33 + 33 + 32 + 73 = 175 bytes, 236 base64 characters.
        // Refuse anything longer before decoding it (a generous bound for Compat's spellings).
        if text.len() > 1024 {
            return Err(VerifyError::new(
                Reason::BadSignatureEncoding,
                "signature is longer than any signature encoding",
            ));
        }
        match self.policy {
            Policy::Strict => base64_decode("token.signature", text),
            Policy::Compat => base64_decode_lenient("token.signature", text),
        }
        .map_err(|_| VerifyError::new(Reason::BadSignatureEncoding, "signature is not base64"))
    }

    /// Stage "signature encoding" for bsm: a 65-byte compact signature.
    pub(super) fn read_bsm(&self, raw: &[u8]) -> Result<CompactSignature, VerifyError> {
        CompactSignature::parse(raw, self.policy).map_err(|e| {
            VerifyError::new(
                Reason::BadSignatureEncoding,
                match e {
                    Error::InvalidLength { .. } => "bsm signature is not 65 bytes",
                    Error::InvalidSignatureEncoding { why, .. } => why,
                    _ => "bsm signature is malformed",
                },
            )
        })
    }

    /// Stage "signature encoding" for brc77, first half: version, signer, verifier, key ID.
    /// `known` is the token's pubkey when it was already parsed (Compat), so the signer field
    /// is not decompressed twice.
    pub(super) fn read_envelope_head<'r, B: Backend>(
        &self,
        raw: &'r [u8],
        known: Option<&PublicKey>,
    ) -> Result<(Head, &'r [u8]), VerifyError> {
        signed_message::parse_head::<B>(raw, self.policy, known).map_err(envelope_error)
    }

    /// Stage "signature encoding" for brc77, second half: the DER signature.
    pub(super) fn read_envelope_signature(
        &self,
        head: Head,
        der: &[u8],
    ) -> Result<Envelope, VerifyError> {
        head.with_signature(der, self.policy)
            .map_err(envelope_error)
    }
}

/// The body hash as the signed message spells it: 64 lower-case hex digits, or nothing for no
/// body. Held on the stack.
pub(super) struct HashHex {
    digits: [u8; 64],
    len: usize,
}

impl HashHex {
    fn new(hash: Option<&[u8; 32]>) -> HashHex {
        let mut digits = [0u8; 64];
        let len = match hash {
            Some(h) => base16ct::lower::encode(h, &mut digits).map_or(0, |d| d.len()),
            None => 0,
        };
        HashHex { digits, len }
    }
}

impl core::ops::Deref for HashHex {
    type Target = str;

    fn deref(&self) -> &str {
        // Only ASCII hex digits are ever written.
        core::str::from_utf8(&self.digits[..self.len]).unwrap_or_default()
    }
}

/// The signed message `path | timestamp | bodyHash`, as the token spells path and timestamp.
pub(super) fn message_parts<'a>(parts: &TokenParts<'a>, hash_hex: &'a str) -> [&'a [u8]; 5] {
    [
        parts.request_path.as_bytes(),
        b"|",
        parts.timestamp.as_bytes(),
        b"|",
        hash_hex.as_bytes(),
    ]
}

/// Stage "path": the token's path equals the request's, byte for byte.
pub(super) fn check_path(parts: &TokenParts<'_>, request: &Request<'_>) -> Result<(), VerifyError> {
    if parts.request_path == request.path {
        Ok(())
    } else {
        Err(VerifyError::new(
            Reason::PathMismatch,
            "the token was signed for a different request path",
        ))
    }
}

/// Stage "signature" for bsm: the signature recovers (Strict) or verifies for (Compat) the
/// claimed key.
pub(super) fn check_bsm<B: Backend>(
    sig: &CompactSignature,
    claimed: &Claimed,
    message: &[&[u8]; 5],
    policy: Policy,
) -> Result<PublicKey, VerifyError> {
    let digest = bsm::magic_hash_parts(message);
    let invalid = VerifyError::new(
        Reason::InvalidSignature,
        "the bsm signature does not match the token's pubkey and request",
    );
    match claimed {
        // Strict: the header's recovery id must recover exactly the claimed key.
        Claimed::Unchecked(_) => match bsm::recover_digest_with::<B>(&digest, sig) {
            Some(key) if claimed.is(&key) => Ok(key),
            _ => Err(claimed.refusal::<B>(invalid)),
        },
        // Compat: plain ECDSA against the claimed key, header ignored, as the reference.
        Claimed::Key(key) => bsm::verify_digest_with::<B>(&digest, sig, key, policy)
            .map(|()| *key)
            .map_err(|_| invalid),
    }
}

/// Stage "audience" for brc77: the envelope is for anyone, as bitcoin-auth tokens are.
pub(super) fn check_audience(head: &Head) -> Result<(), VerifyError> {
    if *head.verifier() == EnvelopeVerifier::Anyone {
        Ok(())
    } else {
        Err(VerifyError::new(
            Reason::RecipientRequired,
            "the BRC-77 envelope is addressed to a specific verifier, not anyone",
        ))
    }
}

/// Stage "signer binding" for brc77: the envelope's signer is the token's pubkey.
pub(super) fn check_signer_binding<B: Backend>(
    claimed: &Claimed,
    env: &Envelope,
) -> Result<(), VerifyError> {
    if claimed.is(&env.signer) {
        Ok(())
    } else {
        Err(claimed.refusal::<B>(VerifyError::new(
            Reason::SignerMismatch,
            "the BRC-77 envelope was signed by a key other than the token's pubkey",
        )))
    }
}

/// Stage "signature" for brc77: the envelope's signature over the message.
pub(super) fn check_brc77<B: Backend>(
    env: &Envelope,
    message: &[&[u8]; 5],
) -> Result<(), VerifyError> {
    let digest = sha256_parts(message);
    signed_message::verify_envelope_with::<B>(&digest, env, None).map_err(|_| {
        VerifyError::new(
            Reason::InvalidSignature,
            "the BRC-77 signature does not match the request",
        )
    })
}

fn envelope_error(e: Error) -> VerifyError {
    VerifyError::new(
        Reason::BadSignatureEncoding,
        match e {
            Error::VersionMismatch { .. } => "the BRC-77 version bytes are wrong",
            Error::InvalidPublicKey { .. } => "the BRC-77 signer or verifier key is invalid",
            Error::InvalidSignatureEncoding { why, .. } => why,
            _ => "the BRC-77 envelope is truncated or malformed",
        },
    )
}

/// The verified result (its replay id is computed when asked for).
fn verified(
    signer: PublicKey,
    parts: &TokenParts<'_>,
    ts: Timestamp,
    message: &[&[u8]; 5],
) -> Verified {
    Verified::new(signer, parts.scheme, ts, message)
}

/// The token's pubkey field as read before the signature is checked.
///
/// Under `Strict` only its shape is checked up front (66 lower-case hex digits, `02`/`03`): its
/// bytes are then compared with the key the signature proves (the key BSM recovers, or the
/// BRC-77 envelope's signer, both valid points), so an honest token costs no extra point
/// decompression. Whether the field is a point at all is settled only when the comparison fails.
pub(super) enum Claimed {
    /// Strict: the 33 bytes, not yet checked to be a point.
    Unchecked([u8; 33]),
    /// Compat: the key, parsed leniently.
    Key(PublicKey),
}

impl Claimed {
    /// Whether the field names `key`.
    pub(super) fn is(&self, key: &PublicKey) -> bool {
        match self {
            Claimed::Unchecked(bytes) => key.to_compressed() == *bytes,
            Claimed::Key(k) => k == key,
        }
    }

    /// The key itself, decompressing the Strict bytes if needed (for traces).
    pub(super) fn to_key<B: Backend>(&self) -> Result<PublicKey, VerifyError> {
        match self {
            Claimed::Unchecked(bytes) => {
                PublicKey::parse_sec1::<B>("token.pubkey", bytes).map_err(|_| {
                    VerifyError::new(Reason::BadPubkey, "pubkey is not a point on the curve")
                })
            }
            Claimed::Key(k) => Ok(*k),
        }
    }

    /// The parsed key, when there is one.
    pub(super) fn key(&self) -> Option<&PublicKey> {
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
