//! Errors: [`Reason`] is the one list of stable codes; [`Error`] says which field failed which
//! check; [`VerifyError`] carries the reason of a failed token verification.

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
    /// A rule of the identity layer (script, AIP, BAP, Sigma; codes 300 and up) refused the
    /// input: `reason` is the code, `field` the input and `why` the check.
    Refused {
        /// The reason code.
        reason: Reason,
        /// The input that failed.
        field: &'static str,
        /// The check that failed.
        why: &'static str,
    },
}

impl Error {
    /// The reason code of this error.
    pub const fn reason(&self) -> Reason {
        match self {
            Error::InvalidHex { .. } => Reason::InvalidHex,
            Error::InvalidBase64 { .. } => Reason::InvalidBase64,
            Error::InvalidLength { .. } => Reason::InvalidLength,
            Error::InvalidPrivateKey { .. } => Reason::InvalidPrivateKey,
            Error::InvalidPublicKey { .. } => Reason::InvalidPublicKey,
            Error::InvalidWif { .. } => Reason::InvalidWif,
            Error::InvalidSignatureEncoding { .. } => Reason::InvalidSignatureEncoding,
            Error::SignatureMismatch { .. } => Reason::SignatureMismatch,
            Error::InvalidTimestamp { .. } => Reason::InvalidTimestamp,
            Error::InvalidProtocol { .. } => Reason::InvalidProtocol,
            Error::DerivationFailed { .. } => Reason::DerivationFailed,
            Error::VersionMismatch { .. } => Reason::VersionMismatch,
            Error::RecipientRequired => Reason::RecipientRequired,
            Error::WrongRecipient => Reason::WrongRecipient,
            Error::InvalidInput { .. } => Reason::InvalidInput,
            Error::RandomnessUnavailable => Reason::RandomnessUnavailable,
            Error::DecryptionFailed => Reason::DecryptionFailed,
            Error::Refused { reason, .. } => *reason,
        }
    }

    /// The stable snake_case code, e.g. `"invalid_hex"` (the same in C, Node, Python and Go).
    pub const fn code(&self) -> &'static str {
        self.reason().code()
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
            Error::Refused { field, why, .. } => write!(f, "{field}: {why}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Declares [`Reason`] from one list: variant, C number, stable code, default message.
///
/// This is the only place where a code is written. The C ABI maps it with an exhaustive `match`,
/// and the C, Node, Python and Go suites compare their declared lists with [`Reason::ALL`].
macro_rules! reasons {
    ($( $variant:ident = $number:literal, $code:literal, $message:literal; )*) => {
        /// Every stable reason code of sigma-auth: why a token was refused, which input was
        /// malformed, or what went wrong at a language boundary.
        ///
        /// Each reason has a snake_case [`code`](Reason::code) that the C `sigma_result`, the
        /// JavaScript `err.code`, the Python exception's `.code` and the Go `Error.Code` carry
        /// unchanged, a C [`number`](Reason::number), and a default [`message`](Reason::message).
        /// Numbers 1–99 are token verification reasons, 100–199 input errors, 200–299 belong
        /// to language boundaries, 300 and up to the identity layer (300–314 script, AIP and
        /// Sigma; 315–329 BAP; 330–349 ECIES and friend encryption; 400–419 the local signer).
        ///
        /// Not `#[non_exhaustive]` on purpose: the C ABI and every binding map it with an
        /// exhaustive `match`, so a code added here fails to build until each surface follows.
        /// Adding a code is a minor-version change (see the README's API stability section).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        pub enum Reason {
            $( #[doc = $message] $variant = $number, )*
        }

        impl Reason {
            /// Every reason, in number order.
            pub const ALL: &'static [Reason] = &[ $( Reason::$variant, )* ];

            /// The stable snake_case code, e.g. `"signer_mismatch"`.
            pub const fn code(self) -> &'static str {
                match self { $( Reason::$variant => $code, )* }
            }

            /// A sentence for people (not stable; for logs and error messages).
            pub const fn message(self) -> &'static str {
                match self { $( Reason::$variant => $message, )* }
            }

            /// The reason with this C number, if any.
            pub const fn from_number(number: u32) -> Option<Reason> {
                match number { $( $number => Some(Reason::$variant), )* _ => None }
            }
        }
    };
}

reasons! {
    MalformedToken = 1, "malformed_token", "The token is not five '|'-separated fields.";
    UnsupportedScheme = 2, "unsupported_scheme", "The scheme field is not exactly `bsm` or `brc77`.";
    BadPubkey = 3, "bad_pubkey", "The token's pubkey field is not an accepted public key encoding.";
    BadSignatureEncoding = 4, "bad_signature_encoding", "The token's signature field is not an accepted encoding (base64, compact header, envelope, DER, high S).";
    SignerMismatch = 5, "signer_mismatch", "The brc77 envelope was signed by a key other than the token's pubkey.";
    PathMismatch = 6, "path_mismatch", "The token was signed for a different request path.";
    Expired = 7, "expired", "The token is older than the verifier's maximum age.";
    NotYetValid = 8, "not_yet_valid", "The token is dated further ahead than the verifier's maximum skew.";
    BadTimestamp = 9, "bad_timestamp", "The token's timestamp field is not an accepted timestamp.";
    InvalidSignature = 10, "invalid_signature", "The signature does not verify for this request.";
    Replayed = 11, "replayed", "The token was already used inside its window.";
    BadBody = 12, "bad_body", "The request body is not valid for its declared encoding.";
    UnsupportedBodyEncoding = 13, "unsupported_body_encoding", "The body encoding name is not `utf8`, `hex` or `base64`.";
    RecipientRequired = 14, "recipient_required", "A BRC-77 signature is addressed to a specific verifier and no (or no matching) recipient was given.";
    MissingToken = 15, "missing_token", "The request carries no X-Auth-Token header.";
    ReplayStoreFull = 16, "replay_store_full", "The replay store is full of live tokens; the token is refused rather than a live one forgotten.";
    ReplayStoreUnavailable = 17, "replay_store_unavailable", "The replay store did not answer (unreachable, failing or past its timeout); the token is refused rather than risk a replay.";
    InvalidHex = 100, "invalid_hex", "Text that should be hexadecimal is not.";
    InvalidBase64 = 101, "invalid_base64", "Text that should be base64 is not.";
    InvalidLength = 102, "invalid_length", "A byte string has the wrong length.";
    InvalidPrivateKey = 103, "invalid_private_key", "A private key is zero, out of range or badly encoded.";
    InvalidPublicKey = 104, "invalid_public_key", "A public key is not a valid SEC1 encoding of a curve point.";
    InvalidWif = 105, "invalid_wif", "A WIF string failed base58check, length, version or compression checks.";
    InvalidSignatureEncoding = 106, "invalid_signature_encoding", "A signature is not a valid encoding.";
    SignatureMismatch = 107, "signature_mismatch", "A signature is well formed but does not verify.";
    InvalidTimestamp = 108, "invalid_timestamp", "A timestamp is not in the accepted form or out of range.";
    InvalidProtocol = 109, "invalid_protocol", "A BRC-43 protocol, key ID or security level breaks a rule.";
    DerivationFailed = 110, "derivation_failed", "A derived key would be zero or the point at infinity.";
    VersionMismatch = 111, "version_mismatch", "A BRC-77 or BRC-78 message has the wrong version bytes.";
    WrongRecipient = 112, "wrong_recipient", "A BRC-77 signature is addressed to someone other than the given recipient.";
    InvalidInput = 113, "invalid_input", "An input breaks a rule of its format (also: text that is not UTF-8, an unknown option).";
    RandomnessUnavailable = 114, "randomness_unavailable", "No randomness could be obtained from the operating system.";
    DecryptionFailed = 115, "decryption_failed", "An encrypted message is tampered, truncated, forged or for another key.";
    NullParameter = 200, "null_parameter", "A required pointer argument was NULL.";
    BufferTooSmall = 201, "buffer_too_small", "The output buffer is too small.";
    InternalError = 202, "internal_error", "An internal fault of sigma-auth (a bug; please report it), not a problem with the input.";
    MalformedScript = 300, "malformed_script", "A script is truncated (a push runs past its end), or holds an opcode where a data push is required.";
    AipMissing = 301, "aip_missing", "The pushes carry no AIP signature: no `|` followed by the AIP prefix.";
    AipLayout = 302, "aip_layout", "The AIP part is not exactly `|`, prefix, algorithm, address, signature (for example trailing or index pushes).";
    AipUnsupportedAlgorithm = 303, "aip_unsupported_algorithm", "The AIP algorithm is not `BITCOIN_ECDSA` or `BitcoinSignedMessage`.";
    AipBadSignatureEncoding = 304, "aip_bad_signature_encoding", "The AIP signature is not 65 raw bytes or 88 base64 characters with header 31..34, r and s in range and low S.";
    AipInvalidSignature = 305, "aip_invalid_signature", "The AIP signature does not recover the AIP address, over the data with or without the pipe.";
    SigmaMissing = 306, "sigma_missing", "The script has no Sigma instance with this index.";
    SigmaLayout = 307, "sigma_layout", "A Sigma instance is not separator, `SIGMA`, algorithm, address, signature, vin.";
    SigmaUnsupportedAlgorithm = 308, "sigma_unsupported_algorithm", "The Sigma algorithm is not `BSM` or `BRC77`.";
    SigmaBadSignatureEncoding = 309, "sigma_bad_signature_encoding", "The Sigma signature is not a 65-byte compact signature (header 31..34, low S) or a well-formed BRC-77 envelope.";
    SigmaSignerMismatch = 310, "sigma_signer_mismatch", "A BRC77 Sigma envelope was signed by a key whose address is not the instance's address.";
    SigmaInvalidSignature = 311, "sigma_invalid_signature", "The Sigma signature does not verify for this script and input.";
    BapLayout = 315, "bap_layout", "The pushes are not a BAP attestation: BAP prefix, ATTEST or REVOKE, hash, sequence, `|`, an optional DATA part (BAP prefix, DATA, hash, data, `|`), then exactly the four AIP fields (9 pushes after OP_RETURN, 14 with DATA).";
    BapUnsupportedType = 316, "bap_unsupported_type", "The BAP type is not ATTEST or REVOKE.";
    BapBadHash = 317, "bap_bad_hash", "The attestation hash push is not 64 lower-case hex characters.";
    BapBadSequence = 318, "bap_bad_sequence", "The attestation sequence is not a canonical decimal number (ASCII digits, no leading zero, below 2^64).";
    BapDataMismatch = 319, "bap_data_mismatch", "The DATA part names another attestation hash than the ATTEST part.";
    BapHashMismatch = 320, "bap_hash_mismatch", "The attestation hash is not the one computed from the given attribute, value, nonce and identity key.";
    BapSignerNotCurrent = 321, "bap_signer_not_current", "The signing-key history says the address was not the identity's signing key at that time.";
    BapLookupFailed = 322, "bap_lookup_failed", "The signing-key history (an indexer) could not answer.";
    InvalidAddress = 323, "invalid_address", "An address is not a mainnet P2PKH address (base58check of version 0x00 and 20 bytes).";
    InvalidXprv = 324, "invalid_xprv", "An extended private key failed base58check, length, version or key checks.";
    InvalidDerivationPath = 325, "invalid_derivation_path", "A derivation path is not `m` then `/`-separated decimal indexes (`'` for hardened), or a BAP path cannot be rotated.";
    Unauthorized = 400, "unauthorized", "The local signer got no bearer token, or an unknown or expired one.";
    ForbiddenHost = 401, "forbidden_host", "The local signer refused a request whose Host is not localhost, 127.0.0.1 or `[::1]`.";
    ForbiddenOrigin = 402, "forbidden_origin", "The local signer refused a browser Origin that was not allowed with --allow-origin.";
    ForbiddenScope = 403, "forbidden_scope", "The bearer token's scopes do not cover this endpoint.";
    WalletLocked = 404, "wallet_locked", "The local signer runs without its passphrase, so its wallet is locked.";
    BodyTooLarge = 405, "body_too_large", "The request body is over the local signer's limit (1 MiB).";
    BadRequest = 406, "bad_request", "The request body is not JSON, or a field fails its check.";
    WalletBadPassphrase = 407, "wallet_bad_passphrase", "The wallet file does not open with this passphrase (or its ciphertext was altered).";
    WalletCorrupt = 408, "wallet_corrupt", "The wallet file is truncated or corrupted, or its parameters are out of range.";
    WalletNewerVersion = 409, "wallet_newer_version", "The wallet file was written by a newer format version.";
    UnknownEndpoint = 410, "unknown_endpoint", "The local signer has no such endpoint.";
    WalletSaveFailed = 411, "wallet_save_failed", "The local signer could not save its wallet file (a new host's account).";
}

impl Reason {
    /// The C number (`sigma_result` value) of this reason.
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// The reason with this code, if any.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.code() == code)
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
