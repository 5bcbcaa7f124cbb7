//! ECDSA over secp256k1 on a 32-byte digest (the core's `ecdsa` module): sign (RFC 6979,
//! low S), verify under a policy, and DER / compact signatures.

use sigma_auth_core::ecdsa::{self, Signature};
use sigma_auth_core::{Error, Policy};

use crate::boundary::{Out, arg, arg_bytes, buf_out, out};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result;
use crate::verifier::policy;

/// An ECDSA signature as 64 bytes `r || s` (big-endian), by value: nothing to free. Make one
/// with `sigma_ecdsa_sign` or parse one with `sigma_ecdsa_signature_from_der` /
/// `sigma_ecdsa_signature_from_compact`; every function reading one checks it again (r and s
/// in `[1, n-1]`), so one filled in by hand is safe to pass.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct sigma_ecdsa_signature {
    /// `r || s`, 32 bytes each, big-endian.
    pub compact: [u8; 64],
}

impl From<&Signature> for sigma_ecdsa_signature {
    fn from(sig: &Signature) -> Self {
        sigma_ecdsa_signature {
            compact: sig.to_compact(),
        }
    }
}

impl sigma_ecdsa_signature {
    /// The core signature, range-checked; high S is allowed here (the policy decides later).
    fn read(&self) -> Result<Signature, sigma_result> {
        Ok(Signature::from_compact(&self.compact, Policy::Compat)?)
    }
}

/// A `(pointer, length)` digest that must be exactly 32 bytes (else `SIGMA_INVALID_LENGTH`).
fn digest(ptr: *const u8, len: usize) -> Result<[u8; 32], sigma_result> {
    let bytes = arg_bytes(ptr, len)?;
    bytes.try_into().map_err(|_| {
        sigma_result::from(Error::InvalidLength {
            field: "digest",
            expected: 32,
            actual: bytes.len(),
        })
    })
}

/// Signs the 32-byte `digest` (`digest_len` must be 32, else `SIGMA_INVALID_LENGTH`; hash your
/// message first) with `key`: RFC 6979 nonce, low S, the same signature every time. On
/// `SIGMA_OK` `*out` holds it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdsa_sign(
    key: *const sigma_private_key,
    digest: *const u8,
    digest_len: usize,
    out: *mut sigma_ecdsa_signature,
) -> sigma_result {
    ffi_boundary! {
        let (key, digest, out) = (arg(key)?, self::digest(digest, digest_len)?, self::out(out)?);
        out.set((&ecdsa::sign(&digest, &key.inner)?).into());
        Ok(())
    }
}

/// Verifies `signature` over the 32-byte `digest` for `key` under `policy` (a
/// `sigma_policy`): `SIGMA_OK` if it verifies, `SIGMA_SIGNATURE_MISMATCH` if not,
/// `SIGMA_INVALID_SIGNATURE_ENCODING` if r or s is out of range or (Strict) s is high,
/// `SIGMA_INVALID_LENGTH` for a digest that is not 32 bytes. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdsa_verify(
    key: *const sigma_public_key,
    digest: *const u8,
    digest_len: usize,
    signature: *const sigma_ecdsa_signature,
    policy: u32,
) -> sigma_result {
    ffi_boundary! {
        let (key, digest, signature, policy) =
            (arg(key)?, self::digest(digest, digest_len)?, arg(signature)?, self::policy(policy)?);
        Ok(ecdsa::verify(&digest, &signature.read()?, &key.inner, policy)?)
    }
}

/// Reads a DER signature (`len` bytes) under `policy`: Strict accepts only canonical DER with
/// low S; Compat what the reference DER reader accepts, high S included. On `SIGMA_OK`
/// `*out` holds it; errors: `SIGMA_INVALID_SIGNATURE_ENCODING`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdsa_signature_from_der(
    der: *const u8,
    len: usize,
    policy: u32,
    out: *mut sigma_ecdsa_signature,
) -> sigma_result {
    ffi_boundary! {
        let (der, policy, out) = (arg_bytes(der, len)?, self::policy(policy)?, self::out(out)?);
        parsed(Signature::from_der(der, policy)?, out)
    }
}

/// Reads 64 bytes `r || s` (`len` must be 64, else `SIGMA_INVALID_LENGTH`) under `policy`:
/// r and s in `[1, n-1]`, and Strict refuses high S (`SIGMA_INVALID_SIGNATURE_ENCODING`).
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdsa_signature_from_compact(
    bytes: *const u8,
    len: usize,
    policy: u32,
    out: *mut sigma_ecdsa_signature,
) -> sigma_result {
    ffi_boundary! {
        let (bytes, policy, out) = (arg_bytes(bytes, len)?, self::policy(policy)?, self::out(out)?);
        parsed(Signature::from_compact(bytes, policy)?, out)
    }
}

fn parsed(sig: Signature, out: Out<sigma_ecdsa_signature>) -> Result<(), sigma_result> {
    out.set((&sig).into());
    Ok(())
}

/// Writes `signature` as canonical DER (at most 72 bytes) into `buf`; `*written` = its
/// length, or the size needed with `SIGMA_BUFFER_TOO_SMALL`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdsa_signature_to_der(
    signature: *const sigma_ecdsa_signature,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (signature, out) = (arg(signature)?, buf_out(buf, cap, written)?);
        out.bytes(&signature.read()?.to_der())
    }
}
