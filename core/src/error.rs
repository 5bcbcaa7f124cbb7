//! Errors: [`Error`] says which field failed which check; [`VerifyError`] carries the stable reason
//! code of a failed token verification.

use core::fmt;

/// What was malformed, and where. Returned by every function that takes outside input.
///
/// `field` names the input (for example `"token.pubkey"` or `"wif"`); `why` names the check that
/// failed. Both are static strings, so the error is `Copy` and never allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Text that should be hexadecimal is not (bad character, odd length, wrong length).
    InvalidHex {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// Text that should be base64 is not (bad character, padding, non-canonical trailing bits).
    InvalidBase64 {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// A byte string has the wrong length.
    InvalidLength {
        /// The input that failed.
        field: &'static str,
        /// The length the format requires.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// A private key is zero, not below the curve order, or badly encoded.
    InvalidPrivateKey {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// A public key is not a valid SEC1 encoding of a curve point.
    InvalidPublicKey {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// A WIF string failed base58check, length, version or compression checks.
    InvalidWif {
        /// The check that failed.
        why: &'static str,
    },
    /// A signature is not a valid encoding (compact header, DER, scalar range, high S).
    InvalidSignatureEncoding {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// A signature is well formed but does not verify.
    SignatureMismatch {
        /// The input that failed.
        field: &'static str,
    },
    /// A timestamp is not in the accepted ISO-8601 form or out of range.
    InvalidTimestamp {
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
    /// A BRC-43 protocol, key ID or security level breaks a rule.
    InvalidProtocol {
        /// The input that failed.
        field: &'static str,
        /// The rule that was broken, worded as the reference words it.
        why: &'static str,
    },
    /// A derived key would be zero or the point at infinity (probability about 2^-256).
    DerivationFailed {
        /// Which derivation step failed.
        why: &'static str,
    },
    /// A BRC-77 message or envelope has the wrong version bytes.
    VersionMismatch {
        /// The input that failed.
        field: &'static str,
    },
    /// A BRC-77 signature is addressed to a specific verifier and no recipient key was given.
    RecipientRequired,
    /// A BRC-77 signature is addressed to someone other than the given recipient.
    WrongRecipient,
    /// An input breaks a rule of the format (for example a request path containing `|`).
    InvalidInput {
        /// The input that failed.
        field: &'static str,
        /// The rule that was broken.
        why: &'static str,
    },
    /// No randomness could be obtained from the operating system.
    RandomnessUnavailable,
    /// Authenticated decryption failed: wrong key, or the message was altered or truncated.
    DecryptionFailed,
}

impl Error {
    /// A stable snake_case name for the kind of error (the same in C, Node and Python).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidHex { .. } => "invalid_hex",
            Error::InvalidBase64 { .. } => "invalid_base64",
            Error::InvalidLength { .. } => "invalid_length",
            Error::InvalidPrivateKey { .. } => "invalid_private_key",
            Error::InvalidPublicKey { .. } => "invalid_public_key",
            Error::InvalidWif { .. } => "invalid_wif",
            Error::InvalidSignatureEncoding { .. } => "invalid_signature_encoding",
            Error::SignatureMismatch { .. } => "signature_mismatch",
            Error::InvalidTimestamp { .. } => "invalid_timestamp",
            Error::InvalidProtocol { .. } => "invalid_protocol",
            Error::DerivationFailed { .. } => "derivation_failed",
            Error::VersionMismatch { .. } => "version_mismatch",
            Error::RecipientRequired => "recipient_required",
            Error::WrongRecipient => "wrong_recipient",
            Error::InvalidInput { .. } => "invalid_input",
            Error::RandomnessUnavailable => "randomness_unavailable",
            Error::DecryptionFailed => "decryption_failed",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidHex { field, why } => write!(f, "{field}: invalid hex: {why}"),
            Error::InvalidBase64 { field, why } => write!(f, "{field}: invalid base64: {why}"),
            Error::InvalidLength {
                field,
                expected,
                actual,
            } => write!(f, "{field}: expected {expected} bytes, got {actual}"),
            Error::InvalidPrivateKey { field, why } => {
                write!(f, "{field}: invalid private key: {why}")
            }
            Error::InvalidPublicKey { field, why } => {
                write!(f, "{field}: invalid public key: {why}")
            }
            Error::InvalidWif { why } => write!(f, "wif: {why}"),
            Error::InvalidSignatureEncoding { field, why } => {
                write!(f, "{field}: invalid signature encoding: {why}")
            }
            Error::SignatureMismatch { field } => write!(f, "{field}: signature does not verify"),
            Error::InvalidTimestamp { field, why } => {
                write!(f, "{field}: invalid timestamp: {why}")
            }
            Error::InvalidProtocol { field, why } => write!(f, "{field}: {why}"),
            Error::DerivationFailed { why } => write!(f, "key derivation failed: {why}"),
            Error::VersionMismatch { field } => write!(f, "{field}: version bytes do not match"),
            Error::RecipientRequired => f.write_str(
                "this signature can only be verified with the private key of its intended recipient",
            ),
            Error::WrongRecipient => {
                f.write_str("this signature is addressed to a different recipient")
            }
            Error::InvalidInput { field, why } => write!(f, "{field}: {why}"),
            Error::RandomnessUnavailable => f.write_str("the system random source failed"),
            Error::DecryptionFailed => f.write_str("decryption failed"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Why a token failed verification. Each reason has a stable [`code`](Reason::code) that the C
/// enum, the JavaScript `err.code` and the Python exception's `.code` carry unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u32)]
pub enum Reason {
    /// The token is not five `|`-separated fields.
    MalformedToken = 1,
    /// The scheme field is not exactly `bsm` or `brc77`.
    UnsupportedScheme = 2,
    /// The pubkey field is not an accepted public key encoding.
    BadPubkey = 3,
    /// The signature field is not an accepted encoding (base64, compact header, envelope, DER, high S).
    BadSignatureEncoding = 4,
    /// The brc77 envelope was signed by a key other than the token's pubkey.
    SignerMismatch = 5,
    /// The token's request path differs from the request's.
    PathMismatch = 6,
    /// The token is older than the verifier's maximum age.
    Expired = 7,
    /// The token is dated further in the future than the verifier's maximum skew.
    NotYetValid = 8,
    /// The timestamp field is not an accepted timestamp.
    BadTimestamp = 9,
    /// The signature does not verify for this request.
    InvalidSignature = 10,
    /// The token was already used inside its window.
    Replayed = 11,
    /// The request body is not valid for its declared encoding.
    BadBody = 12,
    /// The body encoding name is not one of `utf8`, `hex`, `base64`.
    UnsupportedBodyEncoding = 13,
    /// The brc77 envelope is addressed to a specific verifier instead of "anyone".
    RecipientRequired = 14,
}

impl Reason {
    /// Every reason, in code order.
    pub const ALL: [Reason; 14] = [
        Reason::MalformedToken,
        Reason::UnsupportedScheme,
        Reason::BadPubkey,
        Reason::BadSignatureEncoding,
        Reason::SignerMismatch,
        Reason::PathMismatch,
        Reason::Expired,
        Reason::NotYetValid,
        Reason::BadTimestamp,
        Reason::InvalidSignature,
        Reason::Replayed,
        Reason::BadBody,
        Reason::UnsupportedBodyEncoding,
        Reason::RecipientRequired,
    ];

    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::MalformedToken => "malformed_token",
            Reason::UnsupportedScheme => "unsupported_scheme",
            Reason::BadPubkey => "bad_pubkey",
            Reason::BadSignatureEncoding => "bad_signature_encoding",
            Reason::SignerMismatch => "signer_mismatch",
            Reason::PathMismatch => "path_mismatch",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::BadTimestamp => "bad_timestamp",
            Reason::InvalidSignature => "invalid_signature",
            Reason::Replayed => "replayed",
            Reason::BadBody => "bad_body",
            Reason::UnsupportedBodyEncoding => "unsupported_body_encoding",
            Reason::RecipientRequired => "recipient_required",
        }
    }

    /// The reason with this code, if any.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A failed token verification: a stable [`Reason`] and a human-readable detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyError {
    reason: Reason,
    detail: &'static str,
}

impl VerifyError {
    /// A verification failure for `reason`, explained by `detail`.
    pub const fn new(reason: Reason, detail: &'static str) -> Self {
        VerifyError { reason, detail }
    }

    /// The reason.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// The stable snake_case code, e.g. `"signer_mismatch"`.
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }

    /// What exactly failed, in words (not stable; for logs and people).
    pub fn detail(&self) -> &'static str {
        self.detail
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason.code(), self.detail)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VerifyError {}
