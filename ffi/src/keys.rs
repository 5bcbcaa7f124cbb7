//! Keys: `sigma_private_key` and `sigma_public_key` handles.

use core::ffi::c_char;

use sigma_auth_core::{Network, PrivateKey, PublicKey};

use crate::boundary::{
    Out, arg, arg_bytes, arg_str, arg_str_n, buf_out, free_handle, out, text_out,
};
use crate::result::sigma_result::{self, *};

/// A secp256k1 private key (opaque). The scalar is zeroized when the handle is freed.
/// Immutable: safe to share between threads.
pub struct sigma_private_key {
    pub(crate) inner: PrivateKey,
}

/// A secp256k1 public key (opaque). Immutable: safe to share between threads.
pub struct sigma_public_key {
    pub(crate) inner: PublicKey,
}

/// Which Bitcoin network a WIF or address is for.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_network {
    /// Mainnet (WIF version 0x80, P2PKH version 0x00).
    Mainnet = 0,
    /// Testnet (WIF version 0xef, P2PKH version 0x6f).
    Testnet = 1,
}

/// Reads a `sigma_network` passed as an integer; anything else is `SIGMA_INVALID_INPUT`.
pub(crate) fn network(value: u32) -> Result<Network, sigma_result> {
    match value {
        v if v == sigma_network::Mainnet as u32 => Ok(Network::Mainnet),
        v if v == sigma_network::Testnet as u32 => Ok(Network::Testnet),
        _ => Err(SIGMA_INVALID_INPUT),
    }
}

/// Reads a WIF (compressed or uncompressed, mainnet or testnet) into a new private key. The
/// key always signs with its compressed public key.
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_private_key_free`. On error
/// `*out` is untouched. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_from_wif(
    wif: *const c_char,
    out: *mut *mut sigma_private_key,
) -> sigma_result {
    ffi_boundary! { from_wif(arg_str(wif)?, self::out(out)?) }
}

/// `sigma_private_key_from_wif` with the WIF as `wif_len` bytes at `wif` (not NUL-terminated;
/// a NUL byte inside is refused as part of the text). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_from_wif_n(
    wif: *const c_char,
    wif_len: usize,
    out: *mut *mut sigma_private_key,
) -> sigma_result {
    ffi_boundary! { from_wif(arg_str_n(wif, wif_len)?, self::out(out)?) }
}

fn from_wif(wif: &str, out: Out<*mut sigma_private_key>) -> Result<(), sigma_result> {
    out.set_handle(sigma_private_key {
        inner: PrivateKey::from_wif(wif)?,
    });
    Ok(())
}

/// Reads a 32-byte big-endian scalar (`len` must be 32, the scalar in `[1, n-1]`) into a new
/// private key. The caller keeps (and should wipe) its copy of the bytes.
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_private_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_from_bytes(
    bytes: *const u8,
    len: usize,
    out: *mut *mut sigma_private_key,
) -> sigma_result {
    ffi_boundary! {
        let (bytes, out) = (arg_bytes(bytes, len)?, self::out(out)?);
        out.set_handle(sigma_private_key { inner: PrivateKey::from_slice(bytes)? });
        Ok(())
    }
}

/// Generates a new random private key from the operating system's random source.
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_private_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_generate(out: *mut *mut sigma_private_key) -> sigma_result {
    ffi_boundary! {
        let out = self::out(out)?;
        out.set_handle(sigma_private_key { inner: PrivateKey::generate()? });
        Ok(())
    }
}

/// Frees a private key (zeroizing the scalar). NULL is a no-op. Do not use `key` afterwards
/// and do not free it twice; must not race with other calls using `key`.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_free(key: *mut sigma_private_key) {
    ffi_boundary! { free_handle(key); Ok(()) }
}

/// The public key of `key`, as a new handle.
///
/// On `SIGMA_OK`, `*out` owns a new public key: free it with `sigma_public_key_free` (it is
/// independent of `key`). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_public_key(
    key: *const sigma_private_key,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! {
        let (key, out) = (arg(key)?, self::out(out)?);
        out.set_handle(sigma_public_key { inner: *key.inner.public_key() });
        Ok(())
    }
}

/// Writes `key` as a compressed WIF for `network` (a `sigma_network`) into `buf` (52
/// characters + NUL). `*written` gets the text length, or the capacity needed with
/// `SIGMA_BUFFER_TOO_SMALL`. The buffer then holds a secret: wipe it after use. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_to_wif(
    key: *const sigma_private_key,
    network: u32,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, network, out) = (arg(key)?, self::network(network)?, text_out(buf, cap, written)?);
        out.text(&key.inner.to_wif(network))
    }
}

/// Writes the 32-byte scalar of `key` into `buf` (`cap` >= 32); `*written` = 32, or 32 with
/// `SIGMA_BUFFER_TOO_SMALL`. The buffer then holds a secret: wipe it after use. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_to_bytes(
    key: *const sigma_private_key,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, out) = (arg(key)?, buf_out(buf, cap, written)?);
        out.bytes(&key.inner.to_bytes()[..])
    }
}

/// Writes the P2PKH address of `key`'s compressed public key for `network` (a
/// `sigma_network`) into `buf`, NUL-terminated (at most 34 characters). `*written` as for
/// every text output. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_private_key_address(
    key: *const sigma_private_key,
    network: u32,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, network, out) = (arg(key)?, self::network(network)?, text_out(buf, cap, written)?);
        out.text(&key.inner.public_key().address(network))
    }
}

/// Reads a public key from hex text (66 digits compressed, or 130 uncompressed; strict SEC1).
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_public_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_from_hex(
    hex: *const c_char,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! { from_hex(arg_str(hex)?, self::out(out)?) }
}

/// `sigma_public_key_from_hex` with the hex text as `hex_len` bytes at `hex` (not
/// NUL-terminated). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_from_hex_n(
    hex: *const c_char,
    hex_len: usize,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! { from_hex(arg_str_n(hex, hex_len)?, self::out(out)?) }
}

fn from_hex(hex: &str, out: Out<*mut sigma_public_key>) -> Result<(), sigma_result> {
    out.set_handle(sigma_public_key {
        inner: PublicKey::from_hex(hex)?,
    });
    Ok(())
}

/// Reads a public key from SEC1 bytes (33 compressed or 65 uncompressed).
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_public_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_from_sec1(
    bytes: *const u8,
    len: usize,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! {
        let (bytes, out) = (arg_bytes(bytes, len)?, self::out(out)?);
        out.set_handle(sigma_public_key { inner: PublicKey::from_sec1(bytes)? });
        Ok(())
    }
}

/// Frees a public key. NULL is a no-op. Do not use `key` afterwards and do not free it twice;
/// must not race with other calls using `key`.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_free(key: *mut sigma_public_key) {
    ffi_boundary! { free_handle(key); Ok(()) }
}

/// Writes the 33-byte compressed SEC1 form of `key` into `buf`; `*written` = 33 (also the
/// size needed with `SIGMA_BUFFER_TOO_SMALL`). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_to_compressed(
    key: *const sigma_public_key,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, out) = (arg(key)?, buf_out(buf, cap, written)?);
        out.bytes(&key.inner.to_compressed())
    }
}

/// Writes the compressed public key as 66 lower-case hex digits + NUL into `buf`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_to_hex(
    key: *const sigma_public_key,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, out) = (arg(key)?, text_out(buf, cap, written)?);
        out.text(&key.inner.to_hex())
    }
}

/// Writes the P2PKH address of the compressed key for `network` (a `sigma_network`) into
/// `buf`, NUL-terminated. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_address(
    key: *const sigma_public_key,
    network: u32,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, network, out) = (arg(key)?, self::network(network)?, text_out(buf, cap, written)?);
        out.text(&key.inner.address(network))
    }
}

/// Sets `*equal` to whether `a` and `b` are the same point. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_public_key_equal(
    a: *const sigma_public_key,
    b: *const sigma_public_key,
    equal: *mut bool,
) -> sigma_result {
    ffi_boundary! {
        let (a, b, equal) = (arg(a)?, arg(b)?, out(equal)?);
        equal.set(a.inner == b.inner);
        Ok(())
    }
}
