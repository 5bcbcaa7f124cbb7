//! `sigma_result`: the one status type of the C ABI, with static messages and the stable
//! snake_case codes shared with the Rust core, Node and Python.

use core::ffi::{CStr, c_char};

use sigma_auth_core::{Error, Reason, VerifyError};

/// The status of every fallible call. `SIGMA_OK` is 0.
///
/// Codes 1 to 14 are the token verification reasons of the core (`Reason`, same numbers);
/// codes 100 and up are the core's input errors (`Error::code()`); 200 and up belong to the C
/// boundary itself. `sigma_result_code()` gives the stable snake_case name of each (the same
/// string as the core's `code()`), `sigma_result_message()` a sentence for people.
/// cbindgen:prefix-with-name=false
/// cbindgen:rename-all=None
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum sigma_result {
    /// Success (for verification: the token is valid).
    SIGMA_OK = 0,
    /// The token is not five `|`-separated fields.
    SIGMA_MALFORMED_TOKEN = 1,
    /// The scheme field is not exactly `bsm` or `brc77`.
    SIGMA_UNSUPPORTED_SCHEME = 2,
    /// The token's pubkey field is not an accepted public key encoding.
    SIGMA_BAD_PUBKEY = 3,
    /// The token's signature field is not an accepted encoding.
    SIGMA_BAD_SIGNATURE_ENCODING = 4,
    /// The brc77 envelope was signed by a key other than the token's pubkey.
    SIGMA_SIGNER_MISMATCH = 5,
    /// The token was signed for a different request path.
    SIGMA_PATH_MISMATCH = 6,
    /// The token is older than the verifier's maximum age.
    SIGMA_EXPIRED = 7,
    /// The token is dated further ahead than the verifier's maximum skew.
    SIGMA_NOT_YET_VALID = 8,
    /// The token's timestamp field is not an accepted timestamp.
    SIGMA_BAD_TIMESTAMP = 9,
    /// The signature does not verify for this request.
    SIGMA_INVALID_SIGNATURE = 10,
    /// The token was already used inside its window.
    SIGMA_REPLAYED = 11,
    /// The request body is not valid for its declared encoding.
    SIGMA_BAD_BODY = 12,
    /// The body encoding name is not `utf8`, `hex` or `base64`.
    SIGMA_UNSUPPORTED_BODY_ENCODING = 13,
    /// A BRC-77 signature is addressed to a specific verifier and no (or no matching) recipient was given.
    SIGMA_RECIPIENT_REQUIRED = 14,
    /// Text that should be hexadecimal is not.
    SIGMA_INVALID_HEX = 100,
    /// Text that should be base64 is not.
    SIGMA_INVALID_BASE64 = 101,
    /// A byte string has the wrong length.
    SIGMA_INVALID_LENGTH = 102,
    /// A private key is zero, out of range or badly encoded.
    SIGMA_INVALID_PRIVATE_KEY = 103,
    /// A public key is not a valid SEC1 encoding of a curve point.
    SIGMA_INVALID_PUBLIC_KEY = 104,
    /// A WIF string failed base58check, length, version or compression checks.
    SIGMA_INVALID_WIF = 105,
    /// A signature is not a valid encoding.
    SIGMA_INVALID_SIGNATURE_ENCODING = 106,
    /// A signature is well formed but does not verify.
    SIGMA_SIGNATURE_MISMATCH = 107,
    /// A timestamp is out of range.
    SIGMA_INVALID_TIMESTAMP = 108,
    /// A BRC-43 protocol, key ID or security level breaks a rule.
    SIGMA_INVALID_PROTOCOL = 109,
    /// A derived key would be zero or the point at infinity.
    SIGMA_DERIVATION_FAILED = 110,
    /// A BRC-77 message has the wrong version bytes.
    SIGMA_VERSION_MISMATCH = 111,
    /// A BRC-77 signature is addressed to someone other than the given recipient.
    SIGMA_WRONG_RECIPIENT = 112,
    /// An input breaks a rule of its format (also: text that is not UTF-8, an unknown enum value).
    SIGMA_INVALID_INPUT = 113,
    /// No randomness could be obtained from the operating system.
    SIGMA_RANDOMNESS_UNAVAILABLE = 114,
    /// An encrypted message (BRC-78 or AES-GCM) is tampered, truncated, forged or for another key.
    SIGMA_DECRYPTION_FAILED = 115,
    /// A required pointer argument was NULL.
    SIGMA_NULL_PARAMETER = 200,
    /// The output buffer is too small; `*written` holds the size needed.
    SIGMA_BUFFER_TOO_SMALL = 201,
    /// An internal panic was caught at the boundary (a bug; please report it).
    SIGMA_PANIC = 202,
}

use sigma_result::*;

/// Every result, in code order.
pub(crate) const ALL_RESULTS: [sigma_result; 34] = [
    SIGMA_OK,
    SIGMA_MALFORMED_TOKEN,
    SIGMA_UNSUPPORTED_SCHEME,
    SIGMA_BAD_PUBKEY,
    SIGMA_BAD_SIGNATURE_ENCODING,
    SIGMA_SIGNER_MISMATCH,
    SIGMA_PATH_MISMATCH,
    SIGMA_EXPIRED,
    SIGMA_NOT_YET_VALID,
    SIGMA_BAD_TIMESTAMP,
    SIGMA_INVALID_SIGNATURE,
    SIGMA_REPLAYED,
    SIGMA_BAD_BODY,
    SIGMA_UNSUPPORTED_BODY_ENCODING,
    SIGMA_RECIPIENT_REQUIRED,
    SIGMA_INVALID_HEX,
    SIGMA_INVALID_BASE64,
    SIGMA_INVALID_LENGTH,
    SIGMA_INVALID_PRIVATE_KEY,
    SIGMA_INVALID_PUBLIC_KEY,
    SIGMA_INVALID_WIF,
    SIGMA_INVALID_SIGNATURE_ENCODING,
    SIGMA_SIGNATURE_MISMATCH,
    SIGMA_INVALID_TIMESTAMP,
    SIGMA_INVALID_PROTOCOL,
    SIGMA_DERIVATION_FAILED,
    SIGMA_VERSION_MISMATCH,
    SIGMA_WRONG_RECIPIENT,
    SIGMA_INVALID_INPUT,
    SIGMA_RANDOMNESS_UNAVAILABLE,
    SIGMA_DECRYPTION_FAILED,
    SIGMA_NULL_PARAMETER,
    SIGMA_BUFFER_TOO_SMALL,
    SIGMA_PANIC,
];

impl sigma_result {
    /// The stable snake_case code: the core's `Reason::code()` / `Error::code()` string, or
    /// `ok`, `null_parameter`, `buffer_too_small`, `panic`.
    pub fn code(self) -> &'static CStr {
        match self {
            SIGMA_OK => c"ok",
            SIGMA_MALFORMED_TOKEN => c"malformed_token",
            SIGMA_UNSUPPORTED_SCHEME => c"unsupported_scheme",
            SIGMA_BAD_PUBKEY => c"bad_pubkey",
            SIGMA_BAD_SIGNATURE_ENCODING => c"bad_signature_encoding",
            SIGMA_SIGNER_MISMATCH => c"signer_mismatch",
            SIGMA_PATH_MISMATCH => c"path_mismatch",
            SIGMA_EXPIRED => c"expired",
            SIGMA_NOT_YET_VALID => c"not_yet_valid",
            SIGMA_BAD_TIMESTAMP => c"bad_timestamp",
            SIGMA_INVALID_SIGNATURE => c"invalid_signature",
            SIGMA_REPLAYED => c"replayed",
            SIGMA_BAD_BODY => c"bad_body",
            SIGMA_UNSUPPORTED_BODY_ENCODING => c"unsupported_body_encoding",
            SIGMA_RECIPIENT_REQUIRED => c"recipient_required",
            SIGMA_INVALID_HEX => c"invalid_hex",
            SIGMA_INVALID_BASE64 => c"invalid_base64",
            SIGMA_INVALID_LENGTH => c"invalid_length",
            SIGMA_INVALID_PRIVATE_KEY => c"invalid_private_key",
            SIGMA_INVALID_PUBLIC_KEY => c"invalid_public_key",
            SIGMA_INVALID_WIF => c"invalid_wif",
            SIGMA_INVALID_SIGNATURE_ENCODING => c"invalid_signature_encoding",
            SIGMA_SIGNATURE_MISMATCH => c"signature_mismatch",
            SIGMA_INVALID_TIMESTAMP => c"invalid_timestamp",
            SIGMA_INVALID_PROTOCOL => c"invalid_protocol",
            SIGMA_DERIVATION_FAILED => c"derivation_failed",
            SIGMA_VERSION_MISMATCH => c"version_mismatch",
            SIGMA_WRONG_RECIPIENT => c"wrong_recipient",
            SIGMA_INVALID_INPUT => c"invalid_input",
            SIGMA_RANDOMNESS_UNAVAILABLE => c"randomness_unavailable",
            SIGMA_DECRYPTION_FAILED => c"decryption_failed",
            SIGMA_NULL_PARAMETER => c"null_parameter",
            SIGMA_BUFFER_TOO_SMALL => c"buffer_too_small",
            SIGMA_PANIC => c"panic",
        }
    }

    /// A short sentence describing the result (for logs and people; not stable).
    pub fn message(self) -> &'static CStr {
        match self {
            SIGMA_OK => c"success",
            SIGMA_MALFORMED_TOKEN => c"the token is not five '|'-separated fields",
            SIGMA_UNSUPPORTED_SCHEME => c"the token scheme is not exactly \"bsm\" or \"brc77\"",
            SIGMA_BAD_PUBKEY => c"the token pubkey is not an accepted public key encoding",
            SIGMA_BAD_SIGNATURE_ENCODING => c"the token signature is not an accepted encoding",
            SIGMA_SIGNER_MISMATCH => {
                c"the brc77 envelope was signed by a key other than the token's pubkey"
            }
            SIGMA_PATH_MISMATCH => c"the token was signed for a different request path",
            SIGMA_EXPIRED => c"the token is older than the maximum age",
            SIGMA_NOT_YET_VALID => c"the token is dated further ahead than the maximum skew",
            SIGMA_BAD_TIMESTAMP => c"the token timestamp is not an accepted timestamp",
            SIGMA_INVALID_SIGNATURE => c"the signature does not verify for this request",
            SIGMA_REPLAYED => c"the token was already used inside its window",
            SIGMA_BAD_BODY => c"the request body is not valid for its declared encoding",
            SIGMA_UNSUPPORTED_BODY_ENCODING => c"the body encoding is not utf8, hex or base64",
            SIGMA_RECIPIENT_REQUIRED => {
                c"the BRC-77 signature is addressed to a specific verifier; its private key is required"
            }
            SIGMA_INVALID_HEX => c"invalid hex",
            SIGMA_INVALID_BASE64 => c"invalid base64",
            SIGMA_INVALID_LENGTH => c"wrong length",
            SIGMA_INVALID_PRIVATE_KEY => c"invalid private key",
            SIGMA_INVALID_PUBLIC_KEY => c"invalid public key",
            SIGMA_INVALID_WIF => c"invalid WIF",
            SIGMA_INVALID_SIGNATURE_ENCODING => c"invalid signature encoding",
            SIGMA_SIGNATURE_MISMATCH => c"the signature does not verify",
            SIGMA_INVALID_TIMESTAMP => c"invalid or out-of-range timestamp",
            SIGMA_INVALID_PROTOCOL => c"invalid BRC-43 protocol, key ID or security level",
            SIGMA_DERIVATION_FAILED => c"key derivation failed",
            SIGMA_VERSION_MISMATCH => c"wrong BRC-77 version bytes",
            SIGMA_WRONG_RECIPIENT => c"the BRC-77 signature is addressed to a different recipient",
            SIGMA_INVALID_INPUT => c"invalid input",
            SIGMA_RANDOMNESS_UNAVAILABLE => c"the system random source failed",
            SIGMA_DECRYPTION_FAILED => {
                c"decryption failed: the message is tampered, truncated or for another key"
            }
            SIGMA_NULL_PARAMETER => c"a required pointer argument was NULL",
            SIGMA_BUFFER_TOO_SMALL => c"the output buffer is too small",
            SIGMA_PANIC => c"internal panic caught at the C boundary",
        }
    }

    /// The result whose numeric value is `value`, if any.
    pub fn from_u32(value: u32) -> Option<sigma_result> {
        ALL_RESULTS.into_iter().find(|r| *r as u32 == value)
    }

    /// The result whose stable code is `code`, if any.
    pub fn from_code(code: &str) -> Option<sigma_result> {
        ALL_RESULTS
            .into_iter()
            .find(|r| r.code().to_bytes() == code.as_bytes())
    }
}

impl From<Error> for sigma_result {
    /// Maps a core error by its stable code, so the C code always carries the core's string.
    fn from(e: Error) -> Self {
        sigma_result::from_code(e.code()).unwrap_or(SIGMA_INVALID_INPUT)
    }
}

impl From<Reason> for sigma_result {
    fn from(r: Reason) -> Self {
        sigma_result::from_code(r.code()).unwrap_or(SIGMA_MALFORMED_TOKEN)
    }
}

impl From<VerifyError> for sigma_result {
    fn from(e: VerifyError) -> Self {
        e.reason().into()
    }
}

fn lookup(code: u32, f: fn(sigma_result) -> &'static CStr) -> *const c_char {
    match sigma_result::from_u32(code) {
        Some(r) => f(r).as_ptr(),
        None => c"unknown".as_ptr(),
    }
}

/// Writes every `sigma_result` value this library knows (`SIGMA_OK` first, then in number
/// order) into `buf` (room for `cap` values); `*written` = how many, or the room needed with
/// `SIGMA_BUFFER_TOO_SMALL` (pass NULL/0 to ask). For checking at run time that a header and a
/// library agree. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_all(buf: *mut u32, cap: usize, written: *mut usize) -> sigma_result {
    ffi_boundary! {
        let numbers: Vec<u32> = ALL_RESULTS.iter().map(|r| *r as u32).collect();
        crate::boundary::values_out(buf, cap, written, &numbers)
    }
}

/// A static, NUL-terminated sentence describing `result` (a `sigma_result` value); `"unknown"`
/// for a value that is not one. Never NULL; never free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_message(result: u32) -> *const c_char {
    ffi_boundary! { Ok(lookup(result, sigma_result::message)) }
}

/// The stable snake_case code of `result` (a `sigma_result` value), e.g. `"signer_mismatch"`:
/// the same string as the Rust core's `code()`, Node's `err.code` and Python's `.code`.
/// `"unknown"` for a value that is not a `sigma_result`. Static: never NULL, never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_code(result: u32) -> *const c_char {
    ffi_boundary! { Ok(lookup(result, sigma_result::code)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_its_number_and_code() {
        for reason in Reason::ALL {
            let r = sigma_result::from(reason);
            assert_eq!(r as u32, reason as u32, "{reason:?}");
            assert_eq!(r.code().to_str().unwrap(), reason.code());
        }
    }

    #[test]
    fn every_core_error_kind_maps_to_its_own_code() {
        let errors = [
            Error::InvalidHex {
                field: "f",
                why: "w",
            },
            Error::InvalidBase64 {
                field: "f",
                why: "w",
            },
            Error::InvalidLength {
                field: "f",
                expected: 1,
                actual: 2,
            },
            Error::InvalidPrivateKey {
                field: "f",
                why: "w",
            },
            Error::InvalidPublicKey {
                field: "f",
                why: "w",
            },
            Error::InvalidWif { why: "w" },
            Error::InvalidSignatureEncoding {
                field: "f",
                why: "w",
            },
            Error::SignatureMismatch { field: "f" },
            Error::InvalidTimestamp {
                field: "f",
                why: "w",
            },
            Error::InvalidProtocol {
                field: "f",
                why: "w",
            },
            Error::DerivationFailed { why: "w" },
            Error::VersionMismatch { field: "f" },
            Error::RecipientRequired,
            Error::WrongRecipient,
            Error::InvalidInput {
                field: "f",
                why: "w",
            },
            Error::RandomnessUnavailable,
            Error::DecryptionFailed,
        ];
        for e in errors {
            let r = sigma_result::from(e);
            assert_eq!(r.code().to_str().unwrap(), e.code(), "{e:?}");
        }
    }

    #[test]
    fn numbers_and_codes_are_unique() {
        for (i, a) in ALL_RESULTS.iter().enumerate() {
            for b in &ALL_RESULTS[i + 1..] {
                assert_ne!(*a as u32, *b as u32);
                assert_ne!(a.code(), b.code());
            }
            assert_eq!(sigma_result::from_u32(*a as u32), Some(*a));
        }
        assert_eq!(sigma_result::from_u32(9999), None);
    }
}
