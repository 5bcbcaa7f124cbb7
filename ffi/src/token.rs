//! Tokens: create and parse the bitcoin-auth `X-Auth-Token` (verification is in `verifier`).

use core::ffi::c_char;

use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Scheme};
use sigma_auth_core::{Policy, Timestamp};

use crate::boundary::{
    BufOut, Out, arg, arg_array, arg_bytes, arg_str, arg_str_n, opt_arg_str, opt_arg_str_n, out,
    text_out,
};
use crate::crypto::brc77_max_len;
use crate::keys::sigma_private_key;
use crate::result::sigma_result::{self, *};

/// The signature scheme of a token.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_scheme {
    /// Bitcoin Signed Message (65-byte compact signature).
    Bsm = 0,
    /// BRC-77 anyone-verifiable signed message.
    Brc77 = 1,
}

impl From<Scheme> for sigma_scheme {
    fn from(s: Scheme) -> Self {
        match s {
            Scheme::Bsm => sigma_scheme::Bsm,
            Scheme::Brc77 => sigma_scheme::Brc77,
        }
    }
}

/// Reads a `sigma_scheme` passed as an integer; anything else is `SIGMA_INVALID_INPUT`.
fn scheme(value: u32) -> Result<Scheme, sigma_result> {
    match value {
        v if v == sigma_scheme::Bsm as u32 => Ok(Scheme::Bsm),
        v if v == sigma_scheme::Brc77 as u32 => Ok(Scheme::Brc77),
        _ => Err(SIGMA_INVALID_INPUT),
    }
}

/// Reads a body and its encoding name (NULL = `"utf8"`) under `policy`. A utf8 body is hashed
/// as the raw bytes given; hex and base64 bodies must be ASCII text (else `invalid`).
pub(crate) fn body<'a>(
    bytes: &'a [u8],
    encoding: Option<&str>,
    policy: Policy,
    invalid: sigma_result,
) -> Result<Body<'a>, sigma_result> {
    let encoding = BodyEncoding::from_name(encoding.unwrap_or("utf8"), policy)?;
    Ok(match encoding {
        BodyEncoding::Utf8 => Body::bytes(bytes),
        other => Body::Text(core::str::from_utf8(bytes).map_err(|_| invalid)?, other),
    })
}

/// The inputs of a new token, read from C arguments by the four `sigma_token_create*` forms.
struct Spec<'a> {
    key: &'a sigma_private_key,
    path: &'a str,
    scheme: u32,
    timestamp_unix_millis: i64,
    body: &'a [u8],
    body_encoding: Option<&'a str>,
}

/// The part shared by the `sigma_token_create*` forms: `key_id` None draws a random one.
fn create(spec: Spec<'_>, key_id: Option<[u8; 32]>, out: BufOut) -> Result<(), sigma_result> {
    let scheme = scheme(spec.scheme)?;
    let body = body(
        spec.body,
        spec.body_encoding,
        Policy::Strict,
        SIGMA_INVALID_INPUT,
    )?;
    let timestamp = Timestamp::from_unix_millis(spec.timestamp_unix_millis)?;
    let new = NewToken::new(spec.path, scheme, timestamp).with_body(body);
    let key = &spec.key.inner;
    match key_id {
        Some(id) => out.text(&token::create(key, &new, id)?),
        None => {
            let token = token::create_random(key, &new)?;
            out.text_at_most(&token, max_len(&token, scheme))
        }
    }
}

/// The longest token that differs from `token` only in its random BRC-77 key ID: the DER
/// signature inside the envelope may be shorter than its 72-byte maximum, and base64 of the
/// longest envelope is what a caller must make room for.
fn max_len(token: &str, scheme: Scheme) -> usize {
    match (scheme, token::parse(token)) {
        (Scheme::Brc77, Ok(parts)) => {
            let longest = brc77_max_len(false).div_ceil(3) * 4;
            token.len() - parts.signature.len() + longest.max(parts.signature.len())
        }
        _ => token.len(),
    }
}

/// Creates an `X-Auth-Token` for `request_path` (path and query, exactly as the server will
/// see it; no `|`) signed by `key` with `scheme` (a `sigma_scheme`), dated
/// `timestamp_unix_millis` (written as `YYYY-MM-DDTHH:mm:ss.sssZ`), over the body
/// (`body_len` bytes, NULL/0 for none) read with `body_encoding` (`"utf8"`, `"hex"`,
/// `"base64"`; NULL means `"utf8"`). `key_id` points to the 32-byte BRC-77 key ID (read for
/// brc77 only, but required): byte-identical to `getAuthToken` of `bitcoin-auth` for the same
/// key ID. Use a fresh random key ID per token (or `sigma_token_create_random`).
///
/// The token is written NUL-terminated into `buf`; `*written` gets its length, or the
/// capacity needed with `SIGMA_BUFFER_TOO_SMALL`. The caller owns `buf`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_create(
    key: *const sigma_private_key,
    request_path: *const c_char,
    scheme: u32,
    timestamp_unix_millis: i64,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    key_id: *const u8,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key_id, out) = (arg_array::<32>(key_id)?, text_out(buf, cap, written)?);
        let spec = Spec {
            key: arg(key)?,
            path: arg_str(request_path)?,
            scheme,
            timestamp_unix_millis,
            body: arg_bytes(body, body_len)?,
            body_encoding: opt_arg_str(body_encoding)?,
        };
        create(spec, Some(key_id), out)
    }
}

/// `sigma_token_create` with the request path as `request_path_len` bytes at `request_path`
/// and the body encoding as `body_encoding_len` bytes at `body_encoding` (NULL/0: `"utf8"`),
/// neither NUL-terminated. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_create_n(
    key: *const sigma_private_key,
    request_path: *const c_char,
    request_path_len: usize,
    scheme: u32,
    timestamp_unix_millis: i64,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    body_encoding_len: usize,
    key_id: *const u8,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key_id, out) = (arg_array::<32>(key_id)?, text_out(buf, cap, written)?);
        let spec = Spec {
            key: arg(key)?,
            path: arg_str_n(request_path, request_path_len)?,
            scheme,
            timestamp_unix_millis,
            body: arg_bytes(body, body_len)?,
            body_encoding: opt_arg_str_n(body_encoding, body_encoding_len)?,
        };
        create(spec, Some(key_id), out)
    }
}

/// `sigma_token_create` with a BRC-77 key ID from the operating system's random source (for
/// bsm the token is the same as with any key ID). Same ownership and buffer rules, except
/// that a too-small buffer (or a size query with NULL/0) gets in `*written` the capacity the
/// longest token for these inputs needs, whatever key ID is drawn: asking for the size and
/// calling again with that capacity never fails (`*written` then holds the actual length,
/// which may be up to 4 characters less). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_create_random(
    key: *const sigma_private_key,
    request_path: *const c_char,
    scheme: u32,
    timestamp_unix_millis: i64,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let out = text_out(buf, cap, written)?;
        let spec = Spec {
            key: arg(key)?,
            path: arg_str(request_path)?,
            scheme,
            timestamp_unix_millis,
            body: arg_bytes(body, body_len)?,
            body_encoding: opt_arg_str(body_encoding)?,
        };
        create(spec, None, out)
    }
}

/// `sigma_token_create_random` with counted texts, as in `sigma_token_create_n`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_create_random_n(
    key: *const sigma_private_key,
    request_path: *const c_char,
    request_path_len: usize,
    scheme: u32,
    timestamp_unix_millis: i64,
    body: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    body_encoding_len: usize,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let out = text_out(buf, cap, written)?;
        let spec = Spec {
            key: arg(key)?,
            path: arg_str_n(request_path, request_path_len)?,
            scheme,
            timestamp_unix_millis,
            body: arg_bytes(body, body_len)?,
            body_encoding: opt_arg_str_n(body_encoding, body_encoding_len)?,
        };
        create(spec, None, out)
    }
}

/// A borrowed piece of a caller's string: `len` bytes at `ptr`, NOT NUL-terminated.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigma_str {
    /// First byte.
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

impl sigma_str {
    fn of(s: &str) -> sigma_str {
        sigma_str {
            ptr: s.as_ptr().cast(),
            len: s.len(),
        }
    }
}

/// The five fields of a token, each borrowing from the token string that was parsed: valid
/// only while that string is alive and unchanged. Nothing to free.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sigma_token_fields {
    /// The claimed public key (hex, unchecked).
    pub pubkey: sigma_str,
    /// The scheme.
    pub scheme: sigma_scheme,
    /// The timestamp text (unchecked).
    pub timestamp: sigma_str,
    /// The request path.
    pub request_path: sigma_str,
    /// The signature (base64, unchecked).
    pub signature: sigma_str,
}

/// Splits `token` into its five fields as `parseAuthToken` does: exactly five `|`-separated
/// parts (else `SIGMA_MALFORMED_TOKEN`) and a scheme of exactly `bsm` or `brc77` (else
/// `SIGMA_UNSUPPORTED_SCHEME`). Nothing else is checked: use `sigma_verifier_verify` to
/// decide whether to trust a token.
///
/// On `SIGMA_OK`, `*out` holds pointers INTO `token` (no copies, nothing to free). On error
/// `*out` is untouched. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_parse(
    token: *const c_char,
    out: *mut sigma_token_fields,
) -> sigma_result {
    ffi_boundary! { parse(arg_str(token)?, self::out(out)?) }
}

/// `sigma_token_parse` of the `token_len` bytes at `token` (not NUL-terminated); the fields
/// point into that buffer. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_token_parse_n(
    token: *const c_char,
    token_len: usize,
    out: *mut sigma_token_fields,
) -> sigma_result {
    ffi_boundary! { parse(arg_str_n(token, token_len)?, self::out(out)?) }
}

fn parse(token: &str, out: Out<sigma_token_fields>) -> Result<(), sigma_result> {
    let parts = token::parse(token)?;
    out.set(sigma_token_fields {
        pubkey: sigma_str::of(parts.pubkey),
        scheme: parts.scheme.into(),
        timestamp: sigma_str::of(parts.timestamp),
        request_path: sigma_str::of(parts.request_path),
        signature: sigma_str::of(parts.signature),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::brc77_max_len;

    #[test]
    fn the_longest_brc77_token_has_the_longest_signature_field() {
        // A 142-byte envelope is 192 base64 characters; the real one here is shorter.
        let token = "02aa|brc77|2025-01-15T12:00:00.000Z|/p|QkIzAQ==";
        assert_eq!(brc77_max_len(false), 142);
        assert_eq!(max_len(token, Scheme::Brc77), token.len() - 8 + 192);
        assert_eq!(max_len(token, Scheme::Bsm), token.len());
    }
}
