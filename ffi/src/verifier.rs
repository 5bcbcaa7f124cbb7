//! `sigma_verifier`: checks tokens against the requests a server received.

use core::ffi::c_char;
use core::time::Duration;

use sigma_auth_core::token::Request;
use sigma_auth_core::{Policy, Timestamp, Verified, Verifier};

use crate::boundary::{
    Out, arg, arg_bytes, arg_str, arg_str_n, free_handle, opt_arg_str, opt_arg_str_n, out,
};
use crate::result::sigma_result::{self, *};
use crate::token::{body, sigma_scheme};

/// How strictly encodings are read.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_policy {
    /// One spelling per value: accepts exactly what the reference generators produce (default).
    Strict = 0,
    /// Also the other spellings the JavaScript reference tolerates; the signer binding and the
    /// two-sided time window stay.
    Compat = 1,
}

/// Reads a `sigma_policy` passed as an integer; anything else is `SIGMA_INVALID_INPUT`.
pub(crate) fn policy(value: u32) -> Result<Policy, sigma_result> {
    match value {
        v if v == sigma_policy::Strict as u32 => Ok(Policy::Strict),
        v if v == sigma_policy::Compat as u32 => Ok(Policy::Compat),
        _ => Err(SIGMA_INVALID_INPUT),
    }
}

/// A token verifier (opaque): time window and policy. Immutable: one verifier may serve all
/// threads of a server concurrently.
pub struct sigma_verifier {
    pub(crate) inner: Verifier,
}

/// Creates a verifier that accepts a token dated in `[now - max_age_secs, now + max_skew_secs]`,
/// reading encodings under `policy` (a `sigma_policy`).
///
/// On `SIGMA_OK`, `*out` owns a new verifier: free it with `sigma_verifier_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_new(
    max_age_secs: u64,
    max_skew_secs: u64,
    policy: u32,
    out: *mut *mut sigma_verifier,
) -> sigma_result {
    ffi_boundary! {
        let (policy, out) = (self::policy(policy)?, self::out(out)?);
        out.set_handle(sigma_verifier {
            inner: Verifier::new()
                .with_max_age(Duration::from_secs(max_age_secs))
                .with_max_skew(Duration::from_secs(max_skew_secs))
                .with_policy(policy),
        });
        Ok(())
    }
}

/// Frees a verifier. NULL is a no-op. Do not use it afterwards, do not free it twice, and do
/// not free it while another thread is verifying with it.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_free(verifier: *mut sigma_verifier) {
    ffi_boundary! { free_handle(verifier); Ok(()) }
}

/// The outcome of a verification, written by value into caller memory (nothing to free).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigma_verification {
    /// True if and only if the token is valid for the request (`result == SIGMA_OK`).
    pub valid: bool,
    /// `SIGMA_OK`, or why the token was refused (the same value the call returns).
    pub result: sigma_result,
    /// The scheme (meaningful only when valid).
    pub scheme: sigma_scheme,
    /// The signed timestamp in Unix milliseconds (only when valid).
    pub timestamp_unix_millis: i64,
    /// The signer's compressed public key (only when valid; zeros otherwise).
    pub pubkey: [u8; 33],
    /// The same key as 66 lower-case hex digits and a NUL (empty string when not valid).
    pub pubkey_hex: [c_char; 67],
    /// A canonical 32-byte id of (signer, signed message): the same for every spelling of one
    /// signed request. Key a replay cache with it for the window (only when valid).
    pub replay_id: [u8; 32],
}

impl sigma_verification {
    fn refused(result: sigma_result) -> Self {
        sigma_verification {
            valid: false,
            result,
            scheme: sigma_scheme::Bsm,
            timestamp_unix_millis: 0,
            pubkey: [0; 33],
            pubkey_hex: [0; 67],
            replay_id: [0; 32],
        }
    }

    fn accepted(v: &Verified) -> Self {
        let mut hex = [0 as c_char; 67];
        for (dst, src) in hex.iter_mut().zip(v.pubkey.to_hex().bytes()) {
            *dst = src as c_char;
        }
        sigma_verification {
            valid: true,
            result: SIGMA_OK,
            scheme: v.scheme.into(),
            timestamp_unix_millis: v.timestamp.unix_millis(),
            pubkey: v.pubkey.to_compressed(),
            pubkey_hex: hex,
            replay_id: *v.replay_id(),
        }
    }
}

/// The request a token is checked against, read from C arguments by the four
/// `sigma_verifier_verify*` forms.
struct Check<'a> {
    verifier: &'a Verifier,
    token: &'a str,
    path: &'a str,
    body: &'a [u8],
    body_encoding: Option<&'a str>,
}

/// The part shared by the `sigma_verifier_verify*` forms. `args` reads the C arguments, so
/// that a refused argument is reported in `*out` like any refused token.
fn verify<'a>(
    out: Out<sigma_verification>,
    now: Option<i64>,
    args: impl FnOnce() -> Result<Check<'a>, sigma_result>,
) -> Result<(), sigma_result> {
    // Written first so that every return (and a caught panic) leaves a refusal in `*out`.
    out.set(sigma_verification::refused(SIGMA_INTERNAL_ERROR));
    let checked = (|| -> Result<Verified, sigma_result> {
        let check = args()?;
        let verifier = check.verifier;
        let body = body(
            check.body,
            check.body_encoding,
            verifier.policy(),
            SIGMA_BAD_BODY,
        )?;
        let now = match now {
            Some(ms) => Timestamp::from_unix_millis(ms)?,
            None => Timestamp::now(),
        };
        let request = Request::new(check.path).with_body(body);
        Ok(verifier.verify(check.token, &request, now)?)
    })();
    match checked {
        Ok(verified) => {
            out.set(sigma_verification::accepted(&verified));
            Ok(())
        }
        Err(result) => {
            out.set(sigma_verification::refused(result));
            Err(result)
        }
    }
}

/// Verifies `token` (the `X-Auth-Token` header value) for the request the server received:
/// `request_path` (path and query, exactly as received), the body (`body_len` bytes; NULL/0
/// for none; an empty body equals no body), read with `body_encoding` (`"utf8"`, `"hex"`,
/// `"base64"`; NULL means `"utf8"`), at `now_unix_millis` (the server's clock).
///
/// Returns `SIGMA_OK` if the token is valid, else the reason (`SIGMA_EXPIRED`,
/// `SIGMA_SIGNER_MISMATCH`, ... whose `sigma_result_code` is the stable code), or
/// `SIGMA_NULL_PARAMETER` / `SIGMA_INVALID_INPUT` for bad arguments. `out` is required (NULL
/// gives `SIGMA_NULL_PARAMETER`, even for a valid token) and receives the outcome: `valid`,
/// `result`, and for a valid token the signer, scheme, timestamp and replay id. Nothing to free. Thread-safe: one verifier may be used by many
/// threads at once.
///
/// A server whose request path may contain a NUL byte (or whose strings are counted) must
/// use `sigma_verifier_verify_n`: here the path ends at its first NUL.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_verify(
    verifier: *const sigma_verifier,
    token: *const c_char,
    request_path: *const c_char,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    now_unix_millis: i64,
    out: *mut sigma_verification,
) -> sigma_result {
    ffi_boundary! {
        verify(self::out(out)?, Some(now_unix_millis), || {
            Ok(Check {
                verifier: &arg(verifier)?.inner,
                token: arg_str(token)?,
                path: arg_str(request_path)?,
                body: arg_bytes(body, body_len)?,
                body_encoding: opt_arg_str(body_encoding)?,
            })
        })
    }
}

/// `sigma_verifier_verify` with counted texts: the token as `token_len` bytes at `token`, the
/// request path as `request_path_len` bytes at `request_path` (a NUL byte inside is part of
/// the path, so a token signed for `/api/a` is refused for `/api/a\0/../admin`), and the body
/// encoding as `body_encoding_len` bytes at `body_encoding` (NULL/0: `"utf8"`). None of them
/// needs a terminating NUL. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_verify_n(
    verifier: *const sigma_verifier,
    token: *const c_char,
    token_len: usize,
    request_path: *const c_char,
    request_path_len: usize,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    body_encoding_len: usize,
    now_unix_millis: i64,
    out: *mut sigma_verification,
) -> sigma_result {
    ffi_boundary! {
        verify(self::out(out)?, Some(now_unix_millis), || {
            Ok(Check {
                verifier: &arg(verifier)?.inner,
                token: arg_str_n(token, token_len)?,
                path: arg_str_n(request_path, request_path_len)?,
                body: arg_bytes(body, body_len)?,
                body_encoding: opt_arg_str_n(body_encoding, body_encoding_len)?,
            })
        })
    }
}

/// `sigma_verifier_verify` at the system clock's current time. Same rules. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_verify_now(
    verifier: *const sigma_verifier,
    token: *const c_char,
    request_path: *const c_char,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    out: *mut sigma_verification,
) -> sigma_result {
    ffi_boundary! {
        verify(self::out(out)?, None, || {
            Ok(Check {
                verifier: &arg(verifier)?.inner,
                token: arg_str(token)?,
                path: arg_str(request_path)?,
                body: arg_bytes(body, body_len)?,
                body_encoding: opt_arg_str(body_encoding)?,
            })
        })
    }
}

/// `sigma_verifier_verify_n` at the system clock's current time. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_verifier_verify_now_n(
    verifier: *const sigma_verifier,
    token: *const c_char,
    token_len: usize,
    request_path: *const c_char,
    request_path_len: usize,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    body_encoding_len: usize,
    out: *mut sigma_verification,
) -> sigma_result {
    ffi_boundary! {
        verify(self::out(out)?, None, || {
            Ok(Check {
                verifier: &arg(verifier)?.inner,
                token: arg_str_n(token, token_len)?,
                path: arg_str_n(request_path, request_path_len)?,
                body: arg_bytes(body, body_len)?,
                body_encoding: opt_arg_str_n(body_encoding, body_encoding_len)?,
            })
        })
    }
}
