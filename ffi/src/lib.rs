#![warn(missing_docs)]
// C names (sigma_result, sigma_private_key, ...) are the Rust names, as in rustls-ffi.
#![allow(non_camel_case_types)]
//! # sigma-auth-ffi
//!
//! The C ABI of sigma-auth: `libsigma_auth.so` / `libsigma_auth.a` and the generated header
//! `include/sigma_auth.h`. It converts types and maps errors; all cryptography is in
//! `sigma-auth-core`.
//!
//! Conventions (rustls-ffi style): every symbol starts with `sigma_`; opaque handles with
//! `_new`/`_free` pairs (`_free(NULL)` is a no-op); every fallible call returns a
//! [`sigma_result`](result::sigma_result) and writes outputs through out-parameters; caller
//! buffers report the length needed. Every entry point wraps its body in one macro
//! (`ffi_boundary!`) that checks for panics, and NULL checks are one helper call each.
//! Every function taking text has a NUL-terminated form and a `_n` form taking each text as
//! `(pointer, length)`; both read their arguments and call one shared Rust function.
//!
//! A server verifies a request like this (C):
//!
//! ```c
//! sigma_verifier *v = NULL;
//! sigma_verifier_new(300, 300, SIGMA_POLICY_STRICT, &v);        // once, shared by all threads
//! sigma_verification out;
//! sigma_result rc = sigma_verifier_verify(v, token, path, body, body_len, "utf8", now_ms, &out);
//! if (rc != SIGMA_OK) reply_401(sigma_result_code(rc));          // e.g. "signer_mismatch"
//! ```

#[macro_use]
mod boundary;
pub mod crypto;
pub mod ecdh;
pub mod ecdsa;
pub mod ecies;
pub mod encryption;
pub mod keys;
pub mod result;
pub mod token;
pub mod verifier;

use core::ffi::{CStr, c_char};

/// The library version, NUL-terminated (the crate version, e.g. `"0.1.0"`).
const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("version string"),
    };

/// The library version as a static NUL-terminated string (e.g. `"0.1.0"`). Never NULL; never
/// free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_version() -> *const c_char {
    ffi_boundary! { Ok(VERSION.as_ptr()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header promises that handles may be shared between threads.
    #[test]
    fn handles_are_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<keys::sigma_private_key>();
        shared::<keys::sigma_public_key>();
        shared::<verifier::sigma_verifier>();
    }

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: sigma_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(sigma_version()) };
        assert_eq!(v.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    }
}
