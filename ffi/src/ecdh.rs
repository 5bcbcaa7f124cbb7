//! Elliptic-curve Diffie–Hellman: the shared point of a private and a public key (the core's
//! `ecdh` module), as BRC-42 and ECIES use it.

use sigma_auth_core::ecdh;

use crate::boundary::{arg, buf_out};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result;

/// Writes the 33-byte compressed shared point `key·other` into `buf`; `*written` = 33 (also
/// the size needed with `SIGMA_BUFFER_TOO_SMALL`). The bytes are a secret: wipe them after
/// use (the library wipes its own copy). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecdh_shared_point(
    key: *const sigma_private_key,
    other: *const sigma_public_key,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, other, out) = (arg(key)?, arg(other)?, buf_out(buf, cap, written)?);
        let shared = ecdh::shared_point(&key.inner, &other.inner)?;
        out.bytes(shared.as_bytes())
    }
}
