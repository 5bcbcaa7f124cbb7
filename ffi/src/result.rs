//! `sigma_result`: the one status type of the C ABI. Its numbers, stable snake_case codes and
//! messages are the core's [`Reason`] list (one declaration in the core); this module only
//! mirrors the numbers as a C enum (cbindgen needs literal variants) and maps each reason to
//! its variant with one `match`.

use core::ffi::{CStr, c_char};
use std::ffi::CString;
use std::sync::OnceLock;

use sigma_auth_core::{Error, Reason, VerifyError};

/// The status of every fallible call. `SIGMA_OK` is 0.
///
/// Every other value is a reason of the core (`Reason`, same number): 1 to 99 token
/// verification reasons, 100 to 199 input errors, 200 to 299 the language boundaries, 300 and
/// up the identity layer (script, AIP, BAP, Sigma).
/// `sigma_result_code()` gives its stable snake_case name (the core's `Reason::code()`, also
/// Node's `err.code` and Python's `.code`), `sigma_result_message()` a sentence for people,
/// and `sigma_result_all()` every value the library knows.
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
    /// The request carries no X-Auth-Token header.
    SIGMA_MISSING_TOKEN = 15,
    /// The replay store is full of live tokens; the token is refused rather than a live one forgotten.
    SIGMA_REPLAY_STORE_FULL = 16,
    /// The replay store did not answer (unreachable, failing or past its timeout); the token is refused rather than risk a replay.
    SIGMA_REPLAY_STORE_UNAVAILABLE = 17,
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
    /// An internal fault of sigma-auth, e.g. a panic caught at the boundary (a bug; please
    /// report it), not a problem with the input. Formerly `SIGMA_PANIC` (same number; the old
    /// name remains as a macro).
    SIGMA_INTERNAL_ERROR = 202,
    /// A script is truncated (a push runs past its end), or holds an opcode where a data push is required.
    SIGMA_MALFORMED_SCRIPT = 300,
    /// The pushes carry no AIP signature: no `|` followed by the AIP prefix.
    SIGMA_AIP_MISSING = 301,
    /// The AIP part is not exactly `|`, prefix, algorithm, address, signature (for example trailing or index pushes).
    SIGMA_AIP_LAYOUT = 302,
    /// The AIP algorithm is not `BITCOIN_ECDSA` or `BitcoinSignedMessage`.
    SIGMA_AIP_UNSUPPORTED_ALGORITHM = 303,
    /// The AIP signature is not 65 raw bytes or 88 base64 characters with header 31..34, r and s in range and low S.
    SIGMA_AIP_BAD_SIGNATURE_ENCODING = 304,
    /// The AIP signature does not recover the AIP address, over the data with or without the pipe.
    SIGMA_AIP_INVALID_SIGNATURE = 305,
    /// The script has no Sigma instance with this index.
    SIGMA_SIGMA_MISSING = 306,
    /// A Sigma instance is not separator, `SIGMA`, algorithm, address, signature, vin.
    SIGMA_SIGMA_LAYOUT = 307,
    /// The Sigma algorithm is not `BSM` or `BRC77`.
    SIGMA_SIGMA_UNSUPPORTED_ALGORITHM = 308,
    /// The Sigma signature is not a 65-byte compact signature (header 31..34, low S) or a well-formed BRC-77 envelope.
    SIGMA_SIGMA_BAD_SIGNATURE_ENCODING = 309,
    /// A BRC77 Sigma envelope was signed by a key whose address is not the instance's address.
    SIGMA_SIGMA_SIGNER_MISMATCH = 310,
    /// The Sigma signature does not verify for this script and input.
    SIGMA_SIGMA_INVALID_SIGNATURE = 311,
    /// The pushes are not a BAP attestation (prefix, type, hash, sequence, `|`, optional DATA part, exactly the AIP fields).
    SIGMA_BAP_LAYOUT = 315,
    /// The BAP type is not ATTEST or REVOKE.
    SIGMA_BAP_UNSUPPORTED_TYPE = 316,
    /// The attestation hash push is not 64 lower-case hex characters.
    SIGMA_BAP_BAD_HASH = 317,
    /// The attestation sequence is not a canonical decimal number.
    SIGMA_BAP_BAD_SEQUENCE = 318,
    /// The DATA part names another attestation hash than the ATTEST part.
    SIGMA_BAP_DATA_MISMATCH = 319,
    /// The attestation hash is not the one computed from the given attribute, value, nonce and identity key.
    SIGMA_BAP_HASH_MISMATCH = 320,
    /// The signing-key history says the address was not the identity's signing key at that time.
    SIGMA_BAP_SIGNER_NOT_CURRENT = 321,
    /// The signing-key history (an indexer) could not answer.
    SIGMA_BAP_LOOKUP_FAILED = 322,
    /// An address is not a mainnet P2PKH address.
    SIGMA_INVALID_ADDRESS = 323,
    /// An extended private key failed base58check, length, version or key checks.
    SIGMA_INVALID_XPRV = 324,
    /// A derivation path is malformed, or a BAP path cannot be rotated.
    SIGMA_INVALID_DERIVATION_PATH = 325,
    /// The local signer got no bearer token, or an unknown or expired one.
    SIGMA_UNAUTHORIZED = 400,
    /// The local signer refused a Host that is not localhost, 127.0.0.1 or [::1].
    SIGMA_FORBIDDEN_HOST = 401,
    /// The local signer refused a browser Origin not allowed with --allow-origin.
    SIGMA_FORBIDDEN_ORIGIN = 402,
    /// The bearer token's scopes do not cover this endpoint.
    SIGMA_FORBIDDEN_SCOPE = 403,
    /// The local signer runs without its passphrase, so its wallet is locked.
    SIGMA_WALLET_LOCKED = 404,
    /// The request body is over the local signer's limit (1 MiB).
    SIGMA_BODY_TOO_LARGE = 405,
    /// The request body is not JSON, or a field fails its check.
    SIGMA_BAD_REQUEST = 406,
    /// The wallet file does not open with this passphrase (or was altered).
    SIGMA_WALLET_BAD_PASSPHRASE = 407,
    /// The wallet file is truncated or corrupted, or its parameters are out of range.
    SIGMA_WALLET_CORRUPT = 408,
    /// The wallet file was written by a newer format version.
    SIGMA_WALLET_NEWER_VERSION = 409,
    /// The local signer has no such endpoint.
    SIGMA_UNKNOWN_ENDPOINT = 410,
    /// The local signer could not save its wallet file.
    SIGMA_WALLET_SAVE_FAILED = 411,
}

use sigma_result::*;

impl From<Reason> for sigma_result {
    /// The C value of a core reason: the same number (checked by the tests below and, against
    /// the header, by the C suite).
    fn from(reason: Reason) -> Self {
        match reason {
            Reason::MalformedToken => SIGMA_MALFORMED_TOKEN,
            Reason::UnsupportedScheme => SIGMA_UNSUPPORTED_SCHEME,
            Reason::BadPubkey => SIGMA_BAD_PUBKEY,
            Reason::BadSignatureEncoding => SIGMA_BAD_SIGNATURE_ENCODING,
            Reason::SignerMismatch => SIGMA_SIGNER_MISMATCH,
            Reason::PathMismatch => SIGMA_PATH_MISMATCH,
            Reason::Expired => SIGMA_EXPIRED,
            Reason::NotYetValid => SIGMA_NOT_YET_VALID,
            Reason::BadTimestamp => SIGMA_BAD_TIMESTAMP,
            Reason::InvalidSignature => SIGMA_INVALID_SIGNATURE,
            Reason::Replayed => SIGMA_REPLAYED,
            Reason::BadBody => SIGMA_BAD_BODY,
            Reason::UnsupportedBodyEncoding => SIGMA_UNSUPPORTED_BODY_ENCODING,
            Reason::RecipientRequired => SIGMA_RECIPIENT_REQUIRED,
            Reason::MissingToken => SIGMA_MISSING_TOKEN,
            Reason::ReplayStoreFull => SIGMA_REPLAY_STORE_FULL,
            Reason::ReplayStoreUnavailable => SIGMA_REPLAY_STORE_UNAVAILABLE,
            Reason::InvalidHex => SIGMA_INVALID_HEX,
            Reason::InvalidBase64 => SIGMA_INVALID_BASE64,
            Reason::InvalidLength => SIGMA_INVALID_LENGTH,
            Reason::InvalidPrivateKey => SIGMA_INVALID_PRIVATE_KEY,
            Reason::InvalidPublicKey => SIGMA_INVALID_PUBLIC_KEY,
            Reason::InvalidWif => SIGMA_INVALID_WIF,
            Reason::InvalidSignatureEncoding => SIGMA_INVALID_SIGNATURE_ENCODING,
            Reason::SignatureMismatch => SIGMA_SIGNATURE_MISMATCH,
            Reason::InvalidTimestamp => SIGMA_INVALID_TIMESTAMP,
            Reason::InvalidProtocol => SIGMA_INVALID_PROTOCOL,
            Reason::DerivationFailed => SIGMA_DERIVATION_FAILED,
            Reason::VersionMismatch => SIGMA_VERSION_MISMATCH,
            Reason::WrongRecipient => SIGMA_WRONG_RECIPIENT,
            Reason::InvalidInput => SIGMA_INVALID_INPUT,
            Reason::RandomnessUnavailable => SIGMA_RANDOMNESS_UNAVAILABLE,
            Reason::DecryptionFailed => SIGMA_DECRYPTION_FAILED,
            Reason::NullParameter => SIGMA_NULL_PARAMETER,
            Reason::BufferTooSmall => SIGMA_BUFFER_TOO_SMALL,
            Reason::InternalError => SIGMA_INTERNAL_ERROR,
            Reason::MalformedScript => SIGMA_MALFORMED_SCRIPT,
            Reason::AipMissing => SIGMA_AIP_MISSING,
            Reason::AipLayout => SIGMA_AIP_LAYOUT,
            Reason::AipUnsupportedAlgorithm => SIGMA_AIP_UNSUPPORTED_ALGORITHM,
            Reason::AipBadSignatureEncoding => SIGMA_AIP_BAD_SIGNATURE_ENCODING,
            Reason::AipInvalidSignature => SIGMA_AIP_INVALID_SIGNATURE,
            Reason::SigmaMissing => SIGMA_SIGMA_MISSING,
            Reason::SigmaLayout => SIGMA_SIGMA_LAYOUT,
            Reason::SigmaUnsupportedAlgorithm => SIGMA_SIGMA_UNSUPPORTED_ALGORITHM,
            Reason::SigmaBadSignatureEncoding => SIGMA_SIGMA_BAD_SIGNATURE_ENCODING,
            Reason::SigmaSignerMismatch => SIGMA_SIGMA_SIGNER_MISMATCH,
            Reason::SigmaInvalidSignature => SIGMA_SIGMA_INVALID_SIGNATURE,
            Reason::BapLayout => SIGMA_BAP_LAYOUT,
            Reason::BapUnsupportedType => SIGMA_BAP_UNSUPPORTED_TYPE,
            Reason::BapBadHash => SIGMA_BAP_BAD_HASH,
            Reason::BapBadSequence => SIGMA_BAP_BAD_SEQUENCE,
            Reason::BapDataMismatch => SIGMA_BAP_DATA_MISMATCH,
            Reason::BapHashMismatch => SIGMA_BAP_HASH_MISMATCH,
            Reason::BapSignerNotCurrent => SIGMA_BAP_SIGNER_NOT_CURRENT,
            Reason::BapLookupFailed => SIGMA_BAP_LOOKUP_FAILED,
            Reason::InvalidAddress => SIGMA_INVALID_ADDRESS,
            Reason::InvalidXprv => SIGMA_INVALID_XPRV,
            Reason::InvalidDerivationPath => SIGMA_INVALID_DERIVATION_PATH,
            Reason::Unauthorized => SIGMA_UNAUTHORIZED,
            Reason::ForbiddenHost => SIGMA_FORBIDDEN_HOST,
            Reason::ForbiddenOrigin => SIGMA_FORBIDDEN_ORIGIN,
            Reason::ForbiddenScope => SIGMA_FORBIDDEN_SCOPE,
            Reason::WalletLocked => SIGMA_WALLET_LOCKED,
            Reason::BodyTooLarge => SIGMA_BODY_TOO_LARGE,
            Reason::BadRequest => SIGMA_BAD_REQUEST,
            Reason::WalletBadPassphrase => SIGMA_WALLET_BAD_PASSPHRASE,
            Reason::WalletCorrupt => SIGMA_WALLET_CORRUPT,
            Reason::WalletNewerVersion => SIGMA_WALLET_NEWER_VERSION,
            Reason::UnknownEndpoint => SIGMA_UNKNOWN_ENDPOINT,
            Reason::WalletSaveFailed => SIGMA_WALLET_SAVE_FAILED,
            // No wildcard: `Reason` is exhaustive, so a code added to the core's list fails to
            // build here until it has its variant (and the header, regenerated, has it too).
        }
    }
}

impl From<Error> for sigma_result {
    fn from(e: Error) -> Self {
        e.reason().into()
    }
}

impl From<VerifyError> for sigma_result {
    fn from(e: VerifyError) -> Self {
        e.reason().into()
    }
}

/// One known value with NUL-terminated copies of its code and message.
struct Name {
    number: u32,
    code: CString,
    message: CString,
}

/// `SIGMA_OK` and every core reason, made once: the core's strings are not NUL-terminated, so
/// they are copied into C strings that live as long as the process.
fn names() -> &'static [Name] {
    static NAMES: OnceLock<Vec<Name>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let ok = Name {
            number: SIGMA_OK as u32,
            code: c"ok".into(),
            message: c"success".into(),
        };
        let reasons = Reason::ALL.iter().map(|r| Name {
            number: r.number(),
            code: CString::new(r.code()).unwrap_or_default(),
            message: CString::new(r.message()).unwrap_or_default(),
        });
        core::iter::once(ok).chain(reasons).collect()
    })
}

fn lookup(number: u32, text: fn(&'static Name) -> &'static CStr) -> *const c_char {
    match names().iter().find(|n| n.number == number) {
        Some(name) => text(name).as_ptr(),
        None => c"unknown".as_ptr(),
    }
}

/// Writes every `sigma_result` value this library knows (`SIGMA_OK` first, then the core's
/// reasons in number order) into `buf` (room for `cap` values); `*written` = how many, or the
/// room needed with `SIGMA_BUFFER_TOO_SMALL` (pass NULL/0 to ask). For checking at run time
/// that a header and a library agree. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_all(buf: *mut u32, cap: usize, written: *mut usize) -> sigma_result {
    ffi_boundary! {
        let numbers: Vec<u32> = names().iter().map(|n| n.number).collect();
        crate::boundary::values_out(buf, cap, written, &numbers)
    }
}

/// A static, NUL-terminated sentence describing `result` (a `sigma_result` value): the core's
/// `Reason::message()`. `"unknown"` for a value that is not one. Never NULL; never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_message(result: u32) -> *const c_char {
    ffi_boundary! { Ok(lookup(result, |n| n.message.as_c_str())) }
}

/// The stable snake_case code of `result` (a `sigma_result` value), e.g. `"signer_mismatch"`:
/// the core's `Reason::code()`, the same string as Node's `err.code` and Python's `.code`.
/// `"ok"` for `SIGMA_OK`, `"unknown"` for a value that is not a `sigma_result`. Static: never
/// NULL, never free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_result_code(result: u32) -> *const c_char {
    ffi_boundary! { Ok(lookup(result, |n| n.code.as_c_str())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_its_own_variant_with_its_number() {
        for &reason in Reason::ALL {
            let r = sigma_result::from(reason);
            assert_eq!(
                r as u32,
                reason.number(),
                "{reason:?} has no sigma_result variant of its own"
            );
        }
    }

    #[test]
    fn codes_and_messages_are_the_cores() {
        for &reason in Reason::ALL {
            // SAFETY: static NUL-terminated strings.
            let code = unsafe { CStr::from_ptr(sigma_result_code(reason.number())) };
            let message = unsafe { CStr::from_ptr(sigma_result_message(reason.number())) };
            assert_eq!(code.to_str().ok(), Some(reason.code()));
            assert_eq!(message.to_str().ok(), Some(reason.message()));
        }
        // SAFETY: as above.
        let ok = unsafe { CStr::from_ptr(sigma_result_code(0)) };
        assert_eq!(ok, c"ok");
        let unknown = unsafe { CStr::from_ptr(sigma_result_code(9999)) };
        assert_eq!(unknown, c"unknown");
    }

    #[test]
    fn errors_map_by_their_reason() {
        let e = Error::InvalidWif { why: "w" };
        assert_eq!(sigma_result::from(e), SIGMA_INVALID_WIF);
        assert_eq!(
            sigma_result::from(Error::DecryptionFailed),
            SIGMA_DECRYPTION_FAILED
        );
        let v = VerifyError::new(Reason::SignerMismatch, "d");
        assert_eq!(sigma_result::from(v), SIGMA_SIGNER_MISMATCH);
    }

    #[test]
    fn the_list_starts_with_ok_and_has_no_duplicates() {
        let numbers: Vec<u32> = names().iter().map(|n| n.number).collect();
        assert_eq!(numbers[0], 0);
        let mut sorted = numbers.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), numbers.len());
    }
}
