//! Tokens: create and parse the bitcoin-auth `X-Auth-Token` (verification is in `verifier`).

use core::ffi::c_char;

use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Scheme};
use sigma_auth_core::{Policy, Timestamp};

use crate::boundary::{BufOut, arg, arg_array, arg_bytes, arg_str, opt_arg_str, out, text_out};
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

/// The part shared by `sigma_token_create` and `sigma_token_create_random`.
#[allow(clippy::too_many_arguments)]
fn create(
    key: *const sigma_private_key,
    request_path: *const c_char,
    scheme_value: u32,
    timestamp_unix_millis: i64,
    body_ptr: *const u8,
    body_len: usize,
    body_encoding: *const c_char,
    key_id: Option<[u8; 32]>,
    out: BufOut,
) -> Result<(), sigma_result> {
    let key = &arg(key)?.inner;
    let path = arg_str(request_path)?;
    let scheme = scheme(scheme_value)?;
    let body_bytes = arg_bytes(body_ptr, body_len)?;
    let body = body(
        body_bytes,
        opt_arg_str(body_encoding)?,
        Policy::Strict,
        SIGMA_INVALID_INPUT,
    )?;
    let timestamp = Timestamp::from_unix_millis(timestamp_unix_millis)?;
    let spec = NewToken::new(path, scheme, timestamp).with_body(body);
    let token = match key_id {
        Some(id) => token::create(key, &spec, id)?,
        None => token::create_random(key, &spec)?,
    };
    out.text(&token)
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
        let key_id = arg_array::<32>(key_id)?;
        let out = text_out(buf, cap, written)?;
        create(key, request_path, scheme, timestamp_unix_millis, body, body_len, body_encoding, Some(key_id), out)
    }
}

/// `sigma_token_create` with a BRC-77 key ID from the operating system's random source (for
/// bsm the token is the same as with any key ID). Same ownership and buffer rules.
/// Thread-safe.
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
        create(key, request_path, scheme, timestamp_unix_millis, body, body_len, body_encoding, None, out)
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
    ffi_boundary! {
        let (token, out) = (arg_str(token)?, self::out(out)?);
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
}
