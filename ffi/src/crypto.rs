//! Signatures and derivation: Bitcoin Signed Message, BRC-42 and BRC-77.

use core::ffi::c_char;

use sigma_auth_core::{bsm, signed_message, type42};

use crate::boundary::{
    Out, arg, arg_array, arg_bytes, arg_str, arg_str_n, buf_out, opt_arg, out, text_out,
};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result;
use crate::verifier::policy;

/// Signs `message` (`len` bytes) with Bitcoin Signed Message (RFC 6979, low S, compressed
/// header) and writes the 65-byte signature as base64 (88 characters + NUL) into `buf`.
/// Byte-identical to `BSM.sign` of `@bsv/sdk`. `*written` as for every text output.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bsm_sign(
    key: *const sigma_private_key,
    message: *const u8,
    len: usize,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, message, out) = (arg(key)?, arg_bytes(message, len)?, text_out(buf, cap, written)?);
        out.text(&bsm::sign_base64(message, &key.inner)?)
    }
}

/// Verifies a base64 BSM `signature` over `message` for `key` under `policy` (a
/// `sigma_policy`). Returns `SIGMA_OK` if it verifies, `SIGMA_SIGNATURE_MISMATCH` if not,
/// or an encoding error (`SIGMA_INVALID_BASE64`, `SIGMA_INVALID_LENGTH`,
/// `SIGMA_INVALID_SIGNATURE_ENCODING`). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bsm_verify(
    key: *const sigma_public_key,
    message: *const u8,
    len: usize,
    signature: *const c_char,
    policy: u32,
) -> sigma_result {
    ffi_boundary! { bsm_verify(arg(key)?, arg_bytes(message, len)?, arg_str(signature)?, policy) }
}

/// `sigma_bsm_verify` with the base64 signature as `signature_len` bytes at `signature` (not
/// NUL-terminated). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bsm_verify_n(
    key: *const sigma_public_key,
    message: *const u8,
    len: usize,
    signature: *const c_char,
    signature_len: usize,
    policy: u32,
) -> sigma_result {
    ffi_boundary! {
        bsm_verify(arg(key)?, arg_bytes(message, len)?, arg_str_n(signature, signature_len)?, policy)
    }
}

fn bsm_verify(
    key: &sigma_public_key,
    message: &[u8],
    signature: &str,
    policy: u32,
) -> Result<(), sigma_result> {
    Ok(bsm::verify_base64(
        message,
        signature,
        &key.inner,
        self::policy(policy)?,
    )?)
}

/// BRC-42: the owner's child private key `key + HMAC(sec(key·counterparty), invoice)` for the
/// NUL-terminated `invoice` number (e.g. from BRC-43 `"2-protocol-keyid"`).
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_private_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc42_derive_private_key(
    key: *const sigma_private_key,
    counterparty: *const sigma_public_key,
    invoice: *const c_char,
    out: *mut *mut sigma_private_key,
) -> sigma_result {
    ffi_boundary! { derive_private(arg(key)?, arg(counterparty)?, arg_str(invoice)?, self::out(out)?) }
}

/// `sigma_brc42_derive_private_key` with the invoice number as `invoice_len` bytes at
/// `invoice` (not NUL-terminated). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc42_derive_private_key_n(
    key: *const sigma_private_key,
    counterparty: *const sigma_public_key,
    invoice: *const c_char,
    invoice_len: usize,
    out: *mut *mut sigma_private_key,
) -> sigma_result {
    ffi_boundary! {
        derive_private(arg(key)?, arg(counterparty)?, arg_str_n(invoice, invoice_len)?, self::out(out)?)
    }
}

fn derive_private(
    key: &sigma_private_key,
    counterparty: &sigma_public_key,
    invoice: &str,
    out: Out<*mut sigma_private_key>,
) -> Result<(), sigma_result> {
    let child = type42::derive_child_private_key(&key.inner, &counterparty.inner, invoice)?;
    out.set_handle(sigma_private_key { inner: child });
    Ok(())
}

/// BRC-42: the counterparty's child public key `counterparty + HMAC(sec(key·counterparty),
/// invoice)·G`, computed by the owner of `key`.
///
/// On `SIGMA_OK`, `*out` owns a new key: free it with `sigma_public_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc42_derive_public_key(
    key: *const sigma_private_key,
    counterparty: *const sigma_public_key,
    invoice: *const c_char,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! { derive_public(arg(key)?, arg(counterparty)?, arg_str(invoice)?, self::out(out)?) }
}

/// `sigma_brc42_derive_public_key` with the invoice number as `invoice_len` bytes at
/// `invoice` (not NUL-terminated). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc42_derive_public_key_n(
    key: *const sigma_private_key,
    counterparty: *const sigma_public_key,
    invoice: *const c_char,
    invoice_len: usize,
    out: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! {
        derive_public(arg(key)?, arg(counterparty)?, arg_str_n(invoice, invoice_len)?, self::out(out)?)
    }
}

fn derive_public(
    key: &sigma_private_key,
    counterparty: &sigma_public_key,
    invoice: &str,
    out: Out<*mut sigma_public_key>,
) -> Result<(), sigma_result> {
    let child = type42::derive_child_public_key(&key.inner, &counterparty.inner, invoice)?;
    out.set_handle(sigma_public_key { inner: child });
    Ok(())
}

/// Signs `message` as a BRC-77 signed message for `verifier` (NULL: anyone may verify) with
/// the 32-byte `key_id` (fresh and random for every signature; see
/// `sigma_brc77_sign_random`). Writes the binary envelope into `buf`; `*written` = its length,
/// or the size needed with `SIGMA_BUFFER_TOO_SMALL` (at most 4+33+33+32+72 = 174 bytes).
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc77_sign(
    signer: *const sigma_private_key,
    message: *const u8,
    len: usize,
    verifier: *const sigma_public_key,
    key_id: *const u8,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (signer, message, key_id, out) =
            (arg(signer)?, arg_bytes(message, len)?, arg_array::<32>(key_id)?, buf_out(buf, cap, written)?);
        let verifier = opt_arg(verifier).map(|v| &v.inner);
        out.bytes(&signed_message::sign(message, &signer.inner, verifier, key_id)?)
    }
}

/// `sigma_brc77_sign` with a key ID from the operating system's random source. The DER
/// signature's length varies with the key ID, so a too-small buffer (or a size query) gets in
/// `*written` the largest length any key ID can give (142 bytes for anyone, 174 for a
/// verifier): asking for the size and calling again with that capacity never fails.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc77_sign_random(
    signer: *const sigma_private_key,
    message: *const u8,
    len: usize,
    verifier: *const sigma_public_key,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (signer, message, out) = (arg(signer)?, arg_bytes(message, len)?, buf_out(buf, cap, written)?);
        let verifier = opt_arg(verifier).map(|v| &v.inner);
        let most = brc77_max_len(verifier.is_some());
        out.bytes_at_most(&signed_message::sign_random(message, &signer.inner, verifier)?, most)
    }
}

/// The longest BRC-77 envelope: version, signer, verifier (33 bytes, or 1 for anyone), key ID
/// and a DER signature of at most 72 bytes.
pub(crate) const fn brc77_max_len(addressed: bool) -> usize {
    4 + 33 + if addressed { 33 } else { 1 } + 32 + 72
}

/// Verifies a BRC-77 envelope `signature` (`sig_len` bytes) over `message` under `policy` (a
/// `sigma_policy`). `recipient` is the verifier's private key for an envelope addressed to a
/// specific key (NULL for anyone-envelopes; an addressed envelope then fails with
/// `SIGMA_RECIPIENT_REQUIRED`, a wrong key with `SIGMA_WRONG_RECIPIENT`). Returns `SIGMA_OK`
/// if it verifies, else `SIGMA_SIGNATURE_MISMATCH` or an encoding error.
///
/// On `SIGMA_OK`, `*signer` owns a new public key (the signer's identity): free it with
/// `sigma_public_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc77_verify(
    message: *const u8,
    len: usize,
    signature: *const u8,
    sig_len: usize,
    recipient: *const sigma_private_key,
    policy: u32,
    signer: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! {
        let (message, signature, policy, signer) =
            (arg_bytes(message, len)?, arg_bytes(signature, sig_len)?, self::policy(policy)?, out(signer)?);
        let recipient = opt_arg(recipient).map(|r| &r.inner);
        let key = signed_message::verify(message, signature, recipient, policy)?;
        signer.set_handle(sigma_public_key { inner: key });
        Ok(())
    }
}
